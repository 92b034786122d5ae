"""Subscribing: feeds, files and sources that are not feeds (portal pages, JSON APIs)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from newsroom_tui.models import Feed
from newsroom_tui.service.base import NotFound
from newsroom_tui.service.syncing import Syncing

if TYPE_CHECKING:
    from newsroom_tui.sources.preview import SourcePreview


# How long `add URL` looks at a page to tell a feed from a news list.
ADD_LOOK_SECONDS = 20.0


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


class Subscriptions(Syncing):
    """Subscribing and unsubscribing; with sync on, the server hears of a new source at once."""

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

    def feeds(self) -> list[Feed]:
        return self.cache.feeds()

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


def _web_url(url: str) -> str:
    """`url` as an http(s) URL to store; ValueError otherwise."""
    text = url.strip()
    if not text.lower().startswith(("http://", "https://")):
        raise ValueError(f"not an http(s) URL: {text[:200]!r}")
    from newsroom_tui.feeds.fetch import normalise_source

    return normalise_source(text)
