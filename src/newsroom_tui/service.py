"""The service layer: what the CLI and the TUI ask of the newsroom.

It ties paths, config and the cache together and speaks in models, never
in widgets or terminal output. Calls are synchronous (the TUI runs them in
workers) except `refresh`, which is a coroutine.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from newsroom_tui.config import Config, load_config
from newsroom_tui.models import Article, Feed, FetchResult, Item
from newsroom_tui.paths import AppPaths, app_paths
from newsroom_tui.query.lists import HeadlineRow, SortOrder, ViewSpec
from newsroom_tui.query.sidebar import Counts, SidebarFeed
from newsroom_tui.store.cache import Cache
from newsroom_tui.text import as_row_id

if TYPE_CHECKING:
    from newsroom_tui.refresh import ProgressCallback
    from newsroom_tui.sources.preview import SourcePreview
    from newsroom_tui.store.maintenance import CompactReport, RebuildProgress
    from newsroom_tui.sync.engine import SyncReport


# How long `add URL` looks at a page to tell a feed from a news list.
ADD_LOOK_SECONDS = 20.0


class NotFound(Exception):
    """A named feed or item does not exist."""


class SyncNotConfigured(Exception):
    """`newsroom sync` without a [sync] section in the config."""


@dataclass(frozen=True)
class SavedSearch:
    id: int
    name: str
    query: str
    unread: int


@dataclass(frozen=True)
class AddedSource:
    """What `Newsroom.add_source` subscribed to, and a note for the user."""

    feed_id: int
    created: bool
    url: str
    kind: str
    note: str | None = None
    # Why the sync server could not be told at once (it hears at the next sync);
    # None when it was told, when sync is off, or when the source was there already.
    sync_error: str | None = None


@dataclass
class Newsroom:
    paths: AppPaths
    config: Config
    cache: Cache

    @classmethod
    def open(cls, home: str | Path | None = None) -> Newsroom:
        """Open the user's newsroom (or the one under `home`). Raises CacheError/ConfigError."""
        paths = app_paths(home)
        paths.ensure()
        config = load_config(paths.config_file)
        return cls(paths=paths, config=config, cache=Cache.open(paths.database))

    def close(self) -> None:
        self.cache.close()

    def data_version(self) -> int:
        """A number that changes whenever another connection (another process's
        `newsroom fetch`, say) has committed to the cache since the last call.
        One pragma, no I/O beyond the WAL index: cheap to ask every few seconds."""
        with self.cache.connection() as conn:
            return int(conn.execute("PRAGMA data_version").fetchone()[0])

    # -- subscriptions ------------------------------------------------------

    def subscribe(
        self,
        source: str,
        *,
        title: str | None = None,
        tags: Iterable[str] = (),
        from_list: bool = False,
        backup: bool = True,
        full_text: str | None = None,
    ) -> tuple[int, bool]:
        """Raises ValueError for a source that is not a URL or an existing file.

        `from_list`: the source comes from a list the user did not type (an
        OPML file, a sync server), so only an http(s) URL is taken: such a
        list must not subscribe anyone to /etc/shadow or /proc/self/mem.
        `backup=False` leaves the backup to the caller (`keep_backup`), for
        a thousand subscriptions in a row.
        `full_text` ("auto", "always", "never") says when its article pages are
        fetched for offline reading; a new source without it gets the config's default.
        """
        from newsroom_tui.feeds.fetch import normalise_source
        from newsroom_tui.store.articles import set_full_text

        if from_list and not source.strip().lower().startswith(("http://", "https://")):
            raise ValueError("not an http(s) URL (a list may name only web feeds)")
        url = normalise_source(source)
        clean_tags = [t.strip() for t in tags if t.strip()]
        feed_id, created = self.cache.add_feed(url, title=title or None, tags=clean_tags)
        mode = full_text or (self.config.articles.full_text if created else None)
        if mode is not None:
            set_full_text(self.cache, feed_id, mode)
        if backup:
            self.keep_backup()
        return feed_id, created

    def keep_backup(self) -> None:
        """Subscriptions and bookmarks, also kept outside the cache (store/backup.py).

        Best effort: a read-only or full folder must not undo the change it follows."""
        from newsroom_tui.store.backup import write_backup

        try:
            with self.cache.connection() as conn:
                write_backup(conn, self.paths.database)
        except (OSError, sqlite3.Error):
            pass

    # -- sources that are not feeds ------------------------------------------

    def preview_source(self, url: str, mapping_path: str | Path | None = None) -> SourcePreview:
        """What `add_source` would subscribe to at `url`, fetched now, stored nowhere.

        With `mapping_path` the page (or JSON API) is read through that TOML
        mapping; without, an HTML page's advertised feed is taken, else its news
        list is auto-detected, and anything else is read as a feed. The result
        has the items found and per-field warnings ("views: selector matched 0
        of 5 entries"); `error` is set, with the reason, when none were found.

        Blocking (network): the TUI calls it in a thread worker. Raises
        MappingError (its message names the bad key) for an unusable mapping,
        ValueError for a URL that is not http(s).
        """
        import asyncio

        from newsroom_tui.sources.mapping import load_mapping
        from newsroom_tui.sources.preview import preview_source

        mapping = load_mapping(mapping_path) if mapping_path else None
        return asyncio.run(preview_source(_web_url(url), mapping, self.config.fetch))

    def add_source(
        self,
        url: str,
        *,
        mapping_path: str | Path | None = None,
        title: str | None = None,
        tags: Iterable[str] = (),
        preview: SourcePreview | None = None,
        warn: Callable[[str], None] | None = None,
    ) -> AddedSource:
        """Subscribe to the source at `url`, as `newsroom add` and the Add source
        dialog do; with sync on, a new source is subscribed on the sync server at
        once (`sync_error` says why not: it then hears at the next sync).

        - With `mapping_path`: a portal source of the mapping's kind, the
          validated mapping stored with it (the file may go away); nothing is
          fetched now.
        - Otherwise an http(s) URL is looked at first (or `preview` is used,
          when the caller already has one, as the Add source dialog does): a
          page that advertises a feed subscribes to that feed; a page without
          one becomes an auto-detected news list; a feed, a local file, or a
          URL that cannot be fetched now is subscribed as a feed.
        Portal sources read every entry's article page (`full_text = always`)
        unless a JSON mapping carries the article inline (`[fields] content`).
        Raises MappingError / ValueError as `preview_source` does. `warn` hears
        what the sync settings warn about (a password file readable by everyone).
        """
        added = self._store_source(
            url, mapping_path=mapping_path, title=title, tags=tags, preview=preview
        )
        if added.created and self.config.sync is not None:
            error = self.sync_subscriptions(warn)
            if error is not None:
                added = dataclasses.replace(added, sync_error=error)
        return added

    def _store_source(
        self,
        url: str,
        *,
        mapping_path: str | Path | None,
        title: str | None,
        tags: Iterable[str],
        preview: SourcePreview | None,
    ) -> AddedSource:
        clean_tags = [t.strip() for t in tags if t.strip()]
        if mapping_path:
            from newsroom_tui.sources.mapping import load_mapping

            mapping = load_mapping(mapping_path)
            target = _web_url(url)
            feed_id, created = self.cache.add_feed(
                target,
                title=title or mapping.title or None,
                tags=clean_tags,
                kind=mapping.kind,
                mapping=mapping.to_json(),
                full_text="never" if mapping.content_inline else "always",
            )
            return AddedSource(feed_id, created, target, mapping.kind)
        if not url.strip().lower().startswith(("http://", "https://")):
            feed_id, created = self.subscribe(url, title=title, tags=clean_tags)
            return AddedSource(feed_id, created, url, "feed")
        if preview is None:
            preview = self._quick_preview(url)
        if preview.kind == "html" and preview.items:
            feed_id, created = self.cache.add_feed(
                preview.url, title=title, tags=clean_tags, kind="html", full_text="always"
            )
            entries = len(preview.items)
            reading = f"no feed advertised: reading the page as a news list ({entries} entries now)"
            return AddedSource(feed_id, created, preview.url, "html", reading)
        if preview.advertised_by and not preview.error:
            feed_id, created = self.subscribe(preview.url, title=title, tags=clean_tags)
            advertised = f"the page advertises a feed: subscribed to {preview.url}"
            return AddedSource(feed_id, created, preview.url, "feed", advertised)
        feed_id, created = self.subscribe(url, title=title, tags=clean_tags)
        note = None
        if preview.kind == "html" and preview.error:
            note = f"{preview.error}; subscribed as a feed"
        return AddedSource(feed_id, created, _web_url(url), "feed", note)

    def _quick_preview(self, url: str) -> SourcePreview:
        """`preview_source` within ADD_LOOK_SECONDS: `add` must not hang on a
        server that does not answer (it then subscribes the URL as a feed)."""
        import asyncio

        from newsroom_tui.sources.preview import preview_source

        fetch = self.config.fetch
        quick = dataclasses.replace(fetch, total_timeout=min(fetch.total_timeout, ADD_LOOK_SECONDS))
        return asyncio.run(preview_source(_web_url(url), None, quick))

    def set_full_text(self, feed_id: int, mode: str) -> None:
        """When a source's article pages are fetched: "auto", "always" or "never"."""
        from newsroom_tui.store.articles import set_full_text

        set_full_text(self.cache, feed_id, mode)

    def feed(self, ref: str) -> Feed:
        feed = self.cache.find_feed(ref)
        if feed is None and not ref.strip().isdigit():
            # A path the user subscribed to is stored as a file:// URL.
            from newsroom_tui.feeds.fetch import normalise_source

            try:
                feed = self.cache.find_feed(normalise_source(ref))
            except ValueError:
                feed = None
        if feed is None:
            raise NotFound(f"no feed {ref!r} (see `newsroom feeds`)")
        return feed

    def unsubscribe(self, ref: str) -> tuple[Feed, int]:
        feed = self.feed(ref)
        if self.config.sync is not None:
            # Unsubscribed on the server at the next sync (the server may be away now).
            with self.cache.transaction() as conn:
                conn.execute(
                    "INSERT OR IGNORE INTO sync_state (key, value) "
                    "SELECT 'unsubscribe:' || stream_id, '1' FROM sync_feeds WHERE feed_id = ?",
                    (feed.id,),
                )
        removed = self.cache.remove_feed(feed.id)
        self.keep_backup()
        return feed, removed

    # -- sync with the office's feed server --------------------------------

    def sync(
        self,
        *,
        apply_mass_read: bool = False,
        warn: Callable[[str], None] | None = None,
        on_progress: Callable[[str], None] | None = None,
    ) -> SyncReport:
        """One sync run; its failure is in the report's error, never raised.

        Raises SyncNotConfigured when the config has no [sync] section.
        """
        from newsroom_tui.sync.engine import SyncEngine, SyncReport, client_for, pending_count
        from newsroom_tui.sync.greader import SyncError

        if self.config.sync is None:
            raise SyncNotConfigured(
                "sync is not set up: add a [sync] section to "
                f"{self.paths.config_file} (kind, url, user, password_env or password_file)"
            )
        from newsroom_tui.sync.engine import read_password

        try:
            password = read_password(self.config.sync, warn)
        except SyncError as exc:
            return SyncReport(pending=pending_count(self.cache), error=str(exc))
        client = client_for(self.config.sync, password, timeout=self.config.fetch.read_timeout)
        try:
            engine = SyncEngine(
                self.cache, client, apply_mass_read=apply_mass_read, on_progress=on_progress
            )
            return engine.run()
        finally:
            client.close()

    def sync_subscriptions(self, warn: Callable[[str], None] | None = None) -> str | None:
        """Tell the sync server of sources added or removed here, now: the reason it
        could not be told (it then hears at the next sync), or None. No [sync]: None."""
        from newsroom_tui.sync.engine import SyncEngine, client_for, read_password
        from newsroom_tui.sync.greader import SyncError

        if self.config.sync is None:
            return None
        try:
            password = read_password(self.config.sync, warn)
        except SyncError as exc:
            return str(exc)
        client = client_for(self.config.sync, password, timeout=self.config.fetch.read_timeout)
        # A store of its own: a slow server never holds the reader's reads and writes.
        own = self.reader_copy()
        try:
            return SyncEngine(own.cache, client).sync_subscriptions()
        finally:
            client.close()
            own.close()

    def sync_outlook(self) -> tuple[int, float | None]:
        """(changes waiting for the server, when a sync last went through or None)."""
        from newsroom_tui.sync.engine import last_success, pending_count

        return pending_count(self.cache), last_success(self.cache)

    def feeds(self) -> list[Feed]:
        return self.cache.feeds()

    # -- fetching ---------------------------------------------------------

    async def refresh(
        self,
        feed_ids: Sequence[int] | None = None,
        on_progress: ProgressCallback | None = None,
        parse_executor: Executor | None = None,
        *,
        articles: bool = True,
    ) -> list[FetchResult]:
        from newsroom_tui.refresh import refresh

        return await refresh(
            self.paths.database,
            self.config,
            feed_ids,
            on_progress,
            parse_executor,
            articles=articles,
        )

    def compact(self, on_progress: RebuildProgress | None = None) -> CompactReport:
        """Rebuild the search index and give unused space back to the disk. Raises CacheError."""
        from newsroom_tui.store.maintenance import compact

        with self.cache.connection() as conn:
            return compact(conn, on_progress, self.config.retention.images_max_bytes)

    # -- items: every list comes from the query layer (query/) ----------

    def items(self, spec: ViewSpec | None = None, *, limit: int | None = None) -> list[Item]:
        return list(self.iter_items(spec, limit=limit))

    def iter_items(
        self, spec: ViewSpec | None = None, *, limit: int | None = None
    ) -> Iterator[Item]:
        """A view's items in the view's order (the TUI's list, as whole items), read
        as they are used: for listings of a whole cache."""
        from newsroom_tui.query.lists import list_items

        with self.cache.reading() as conn:
            yield from list_items(conn, spec or ViewSpec(), limit=limit)

    def count_items(self, spec: ViewSpec | None = None) -> int:
        from newsroom_tui.query.lists import count_items

        with self.cache.connection() as conn:
            return count_items(conn, spec or ViewSpec())

    def item(self, item_id: int) -> Item:
        from newsroom_tui.query.lists import find_item

        with self.cache.connection() as conn:
            item = find_item(conn, item_id)
        if item is None:
            raise NotFound(f"no item {item_id} (see `newsroom items`)")
        return item

    def article(self, item_id: int, *, prefer: str = "article") -> Article:
        """The item with the text to read: its fetched article page when there is
        one (unless `prefer` is "feed"), else what the feed gave."""
        from newsroom_tui.store.articles import stored_article
        from newsroom_tui.store.images import item_images

        item = self.item(item_id)
        with self.cache.connection() as conn:
            article = Article(item=item, html=self.cache.html(item_id))
            stored = stored_article(conn, item_id)
            images = item_images(conn, item_id)
        # The images it shows: its article page's, or its feed text's own.
        article.images = [{"url": i.url, "caption": i.caption, "cached": i.cached} for i in images]
        if stored is not None:
            article.images = article.images or stored.images
            article.links = stored.links
            article.has_full_text = True
            if prefer != "feed":
                article.feed_html, article.html = article.html, stored.html
                article.text_source = "article"
        return article

    def image_bytes(self, url: str) -> bytes | None:
        """The stored image at `url` (reading it keeps it longest), or None."""
        from newsroom_tui.store.images import read_image

        with self.cache.connection() as conn:
            return read_image(conn, url)

    def cache_sizes(self) -> tuple[int, int]:
        """(bytes of the whole cache file, bytes of it that are stored images)."""
        from newsroom_tui.store.images import images_size

        path = self.cache.path
        total = 0
        for extra in ("", "-wal"):
            try:
                total += Path(f"{path}{extra}").stat().st_size if path else 0
            except OSError:
                pass
        with self.cache.connection() as conn:
            return total, images_size(conn)

    def set_read(self, item_id: int, read: bool) -> None:
        self.item(item_id)
        self.cache.set_read([item_id], read)

    def write_marks(
        self, item_id: int, wanted: Callable[[], tuple[bool | None, bool | None]]
    ) -> None:
        """Write an item's read and bookmark state (None: leave it) as wanted when the
        write runs: `wanted` is asked in the store's turn, so of two quick changes
        written from two threads, the one wanted last is what stays."""
        with self.cache.connection():
            read, bookmarked = wanted()
            if read is not None:
                self.set_read(item_id, read)
            if bookmarked is not None:
                self.set_bookmarked(item_id, bookmarked)

    def write_note(self, item_id: int, note: str, *, still_wanted: Callable[[], bool]) -> None:
        """Bookmark an item with `note`, if `still_wanted()` says so in the store's
        turn (a "remove bookmark" pressed meanwhile wins, whichever thread runs first)."""
        with self.cache.connection():
            if still_wanted():
                self.set_bookmarked(item_id, True, note)

    def open_item(self, item_id: int, *, mark_read: Callable[[], bool]) -> tuple[Article, bool]:
        """The article to show, marked read (and when) if `mark_read()` says so, asked
        in the store's turn (a "mark unread" pressed meanwhile wins); and whether
        opening it made it read."""
        with self.cache.connection():
            article = self.article(item_id)
            opened = mark_read()
            if opened:
                self.mark_opened(item_id)
        return article, opened and not article.item.read

    def set_bookmarked(self, item_id: int, bookmarked: bool, note: str | None = None) -> None:
        from newsroom_tui.text import clean_line

        self.item(item_id)
        self.cache.set_bookmarked(
            item_id, bookmarked, clean_line(note) if note is not None else None
        )
        self.keep_backup()

    def search(self, query: str, limit: int = 50) -> list[Item]:
        """Items matching `query`, best first, each with a snippet (all of them are
        shown: the CLI prints them). Raises SearchSyntaxError."""
        from newsroom_tui.query.search import search_items, snippets
        from newsroom_tui.store.search import compile_query

        compiled = compile_query(query)
        with self.cache.connection() as conn, _index_errors():
            items = search_items(conn, compiled, limit)
            shown = snippets(conn, [i.id for i in items], compiled.terms)
        for item in items:
            item.snippet = shown.get(item.id)
        return items

    def search_ids(self, query: str, limit: int) -> tuple[list[int], list[str]]:
        """The ids of the items matching `query`, best first, and the words to
        highlight: a list the reader pages like any view. Raises SearchSyntaxError."""
        from newsroom_tui.query.search import search_ids
        from newsroom_tui.store.search import compile_query

        compiled = compile_query(query)
        with self.cache.connection() as conn, _index_errors():
            return search_ids(conn, compiled, limit), compiled.terms

    def snippets(self, item_ids: Sequence[int], terms: list[str]) -> dict[int, str]:
        """Snippets around the matches of `terms`, for the items shown."""
        from newsroom_tui.query.search import snippets

        with self.cache.connection() as conn:
            return snippets(conn, item_ids, terms)

    # -- saved searches: live virtual feeds --------------------------------

    def saved_searches(self, *, count_unread: bool = True) -> list[SavedSearch]:
        """Every saved search with its unread count (a broken query counts 0).

        Without `count_unread` every count is 0: each one runs the search, and
        the first screen lists the names before the counts are in.
        """
        if not count_unread:
            return [
                SavedSearch(i, name, query, 0) for i, name, query in self.cache.saved_searches()
            ]
        from newsroom_tui.query.search import count_matches
        from newsroom_tui.store.search import SearchSyntaxError, compile_query

        out = []
        for search_id, name, query in self.cache.saved_searches():
            try:
                compiled = compile_query(query)
            except SearchSyntaxError:
                unread = 0
            else:
                with self.cache.reading() as conn:
                    unread = count_matches(conn, compiled, unread=True)
            out.append(SavedSearch(search_id, name, query, unread))
        return out

    def save_search(self, name: str, query: str) -> int:
        """Raises ValueError for an empty name, SearchSyntaxError for a bad query."""
        from newsroom_tui.store.search import compile_query
        from newsroom_tui.text import clean_line

        name = clean_line(name)
        if not name:
            raise ValueError("a saved search needs a name")
        compile_query(query)
        return self.cache.save_search(name, clean_line(query))

    def saved_search(self, ref: str) -> SavedSearch:
        for saved in self.saved_searches():
            if ref == saved.name or as_row_id(ref) == saved.id:
                return saved
        raise NotFound(f"no saved search {ref!r} (see `newsroom saved`)")

    def rename_search(self, search_id: int, name: str) -> None:
        from newsroom_tui.text import clean_line

        name = clean_line(name)
        if not name:
            raise ValueError("a saved search needs a name")
        try:
            renamed = self.cache.rename_search(search_id, name)
        except sqlite3.IntegrityError:
            raise ValueError(f"a saved search is already called {name!r}") from None
        if not renamed:
            raise NotFound(f"no saved search {search_id}")

    def delete_search(self, search_id: int) -> None:
        if not self.cache.delete_search(search_id):
            raise NotFound(f"no saved search {search_id}")

    def bookmarks(self) -> list[Item]:
        return self.items(ViewSpec("bookmarks"))

    # -- for the TUI: the lists as the reader pages them ----------------------
    # Short reads share the cache's own connection; whole lists and counts read
    # on a connection beside it (Cache.reading), so a long read never
    # holds back opening an article. The store does the locking.

    def reader_copy(self) -> Newsroom:
        """The same newsroom on a store object (a connection) of its own, for long
        work beside the reader's (a sync with a slow server), which then never
        holds back the reader's reads and writes."""
        return Newsroom(paths=self.paths, config=self.config, cache=Cache.open(self.paths.database))

    def sidebar_feeds(self) -> list[SidebarFeed]:
        from newsroom_tui.query.sidebar import sidebar_feeds

        with self.cache.connection() as conn:
            return sidebar_feeds(conn)

    def view_counts(self) -> Counts:
        from newsroom_tui.query.sidebar import view_counts

        with self.cache.reading() as conn:
            return view_counts(conn)

    def view_window(self, spec: ViewSpec, limit: int, *, share: float | None = None) -> list[int]:
        from newsroom_tui.query.lists import view_window

        with self.cache.connection() as conn:
            return view_window(conn, spec, limit, share=share)

    def view_ids(self, spec: ViewSpec) -> Sequence[int]:
        from newsroom_tui.query.lists import view_ids

        with self.cache.reading() as conn:
            return view_ids(conn, spec)

    def headline_rows(self, item_ids: Sequence[int]) -> dict[int, HeadlineRow]:
        from newsroom_tui.query.lists import headline_rows

        with self.cache.connection() as conn:
            return headline_rows(conn, item_ids)

    def order_items(self, item_ids: Sequence[int], sort: SortOrder) -> list[int]:
        """These items in the lists' order by `sort` (search results sorted)."""
        from newsroom_tui.query.lists import in_view_order

        with self.cache.connection() as conn:
            return in_view_order(conn, item_ids, sort)

    def find_unread(
        self,
        item_ids: Sequence[int],
        start: int,
        step: int,
        overrides: dict[int, bool] | None = None,
    ) -> int | None:
        from newsroom_tui.query.lists import find_unread

        with self.cache.connection() as conn:
            return find_unread(conn, item_ids, start, 1 if step > 0 else -1, overrides=overrides)

    def mark_items_read(self, item_ids: Sequence[int], read: bool = True) -> int:
        return self.cache.set_read(item_ids, read)

    def mark_opened(self, item_id: int) -> None:
        """Mark an item read because the user opened it (and remember when)."""
        self.cache.mark_opened(item_id)


@contextmanager
def _index_errors() -> Iterator[None]:
    """A query the search index cannot run is bad syntax, said in one line."""
    from newsroom_tui.store.search import SearchSyntaxError

    try:
        yield
    except sqlite3.OperationalError as exc:
        raise SearchSyntaxError(f"the search index could not run this query ({exc})") from None


def _web_url(url: str) -> str:
    """`url` as an http(s) URL to store; ValueError otherwise."""
    text = url.strip()
    if not text.lower().startswith(("http://", "https://")):
        raise ValueError(f"not an http(s) URL: {text[:200]!r}")
    from newsroom_tui.feeds.fetch import normalise_source

    return normalise_source(text)
