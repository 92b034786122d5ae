"""The refresh engine: fetch -> parse -> store, for the CLI and the TUI alike.

UI-free: progress goes out through a callback, which the CLI turns into a
Rich progress bar and the TUI into messages. Fetches run concurrently on the
event loop; parsing runs in an executor; all writes go through one thread
that owns its own cache connection, one transaction per feed.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import BrokenExecutor, Executor, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from newsroom_tui.config import Config
from newsroom_tui.feeds.errors import FeedError, ParseError
from newsroom_tui.feeds.fetch import Fetcher, FetchResponse, wait_until
from newsroom_tui.feeds.parse import parse_feed
from newsroom_tui.models import FetchResult
from newsroom_tui.prefetch import ArticleProgressCallback, prefetch_articles
from newsroom_tui.store.cache import Cache
from newsroom_tui.store.failures import CacheError, is_disk_full
from newsroom_tui.store.fetches import FeedUpdate
from newsroom_tui.store.images import forget_unused
from newsroom_tui.store.merge import StoreOutcome
from newsroom_tui.store.rows import ItemRow, reviewed_link, reviewed_rows, reviewed_title
from newsroom_tui.store.subscriptions import FetchTarget
from newsroom_tui.text import clean_line


@dataclass(slots=True)
class Progress:
    done: int
    total: int
    result: FetchResult | None = None


ProgressCallback = Callable[[Progress], None]


@dataclass(slots=True)
class PreparedFeed:
    """A parsed feed turned into rows; built in a worker, so it must pickle."""

    title: str = ""
    site_url: str | None = None
    rows: list[ItemRow] = field(default_factory=list)
    warning: str | None = None
    error: str | None = None

    def __reduce__(self) -> tuple[object, ...]:
        # Rows cross as plain tuples: pickling 20,000 named tuples costs their
        # __getnewargs__ and __new__ in Python on each side, ~0.7 s of a cold fetch.
        rows = [tuple(row) for row in self.rows]
        return (_prepared_feed, (self.title, self.site_url, rows, self.warning, self.error))


def _prepared_feed(
    title: str, site_url: str | None, rows: list[tuple], warning: str | None, error: str | None
) -> PreparedFeed:
    return PreparedFeed(title, site_url, [ItemRow._make(row) for row in rows], warning, error)


def prepare_feed(body: bytes, headers: dict[str, str], url: str) -> PreparedFeed:
    """Parse and convert one document; never raises."""
    try:
        parsed = parse_feed(body, headers, url)
        rows, adjusted = reviewed_rows(parsed)
        return PreparedFeed(
            title=reviewed_title(parsed.title),
            site_url=reviewed_link(parsed.site_url),
            rows=rows,
            warning="; ".join(w for w in (parsed.warning, adjusted) if w) or None,
        )
    except ParseError as exc:
        return PreparedFeed(title=reviewed_title(exc.title), error=str(exc))
    except FeedError as exc:
        return PreparedFeed(error=str(exc))
    except RecursionError:
        return PreparedFeed(error="document nested too deeply to parse")
    except MemoryError:
        return PreparedFeed(error="document too large to parse")
    except Exception as exc:  # a parser bug must cost one feed, not the whole fetch
        return PreparedFeed(error=clean_line(f"parser failed: {type(exc).__name__}: {exc}")[:200])


async def refresh(
    database: Path,
    config: Config,
    feed_ids: Sequence[int] | None = None,
    on_progress: ProgressCallback | None = None,
    parse_executor: Executor | None = None,
    *,
    articles: bool = True,
    on_articles: ArticleProgressCallback | None = None,
) -> list[FetchResult]:
    """Fetch the named feeds (or all due ones) into the cache at `database`.

    Parsing runs in `parse_executor` (see `parser_processes`), else in threads,
    which keeps the event loop free. Then, unless `articles` is False, the
    article pages the new items need are fetched (see `prefetch`); the feeds'
    items are stored and readable before that starts. Each result's
    `articles` says how many were stored for its feed.
    """
    loop = asyncio.get_running_loop()
    writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newsroom-writer")
    parser = parse_executor or ThreadPoolExecutor(
        max_workers=2, thread_name_prefix="newsroom-parse"
    )
    cache = await loop.run_in_executor(writer, _open_for_writing, database)
    try:
        before = await loop.run_in_executor(writer, cache.last_item_id)  # later ids are new
        targets = await loop.run_in_executor(writer, cache.fetch_targets, feed_ids)
        progress = Progress(done=0, total=len(targets))
        if on_progress:
            on_progress(progress)

        batcher = _BatchWriter(cache, writer)
        batcher.expect(len(targets))
        backlog = _Backlog(config.fetch.concurrency + BACKLOG_EXTRA)

        async def run(target: FetchTarget) -> FetchResult:
            result = await _refresh_one(target, fetcher, batcher, backlog, loop, parser)
            progress.done += 1
            if on_progress:
                on_progress(Progress(progress.done, progress.total, result))
            return result

        async with Fetcher(config.fetch) as fetcher:
            async with batcher:
                results = list(await asyncio.gather(*(run(t) for t in targets)))
            if articles and targets:
                report = await prefetch_articles(
                    cache,
                    writer,
                    fetcher,
                    config.articles,
                    [t.feed_id for t in targets],
                    on_articles,
                    max_total=config.retention.images_max_bytes,
                )
                for result in results:
                    result.articles = report.stored_by_feed.get(result.feed_id, 0)
                    result.images = report.images_by_feed.get(result.feed_id, 0)
        retention = config.retention
        if retention.max_age_days or retention.max_items_per_feed:
            try:
                pruned = await loop.run_in_executor(
                    writer,
                    cache.prune_report,
                    retention.max_age_days,
                    retention.max_items_per_feed,
                    before,
                )
                if pruned.removed:
                    # Their article text went with them (ON DELETE CASCADE); their images too.
                    await loop.run_in_executor(writer, forget_unused, cache)
                for result in results:
                    # What retention took at once was never there to read: not new.
                    fresh = pruned.fresh_by_feed.get(result.feed_id, 0)
                    result.new_items = max(0, result.new_items - fresh)
            except (CacheError, sqlite3.Error):
                pass  # pruning is housekeeping: a full disk must not cost the results
        return results
    finally:
        await loop.run_in_executor(writer, cache.close)
        writer.shutdown(wait=False)
        if parser is not parse_executor:
            parser.shutdown(wait=False)


# The page cache of the fetch's own connection. It appends rows and index
# segments, which it seldom reads again, so the 32 MB a reader wants (store/db.py)
# only held written pages: a sixth of a 20,000-item cold fetch's peak memory
# (123 -> 105 MB by hand on a loaded machine); with 8 MB its CPU is the same.
WRITER_PAGE_CACHE_KB = 8_000


def _open_for_writing(database: Path) -> Cache:
    cache = Cache.open(database)
    with cache.connection() as conn:
        conn.execute(f"PRAGMA cache_size = -{WRITER_PAGE_CACHE_KB}")
    return cache


# Below this many feeds, starting worker processes costs more than it saves.
PROCESS_POOL_MIN_FEEDS = 24


def parser_processes(feeds: int) -> ProcessPoolExecutor | None:
    """Worker processes to parse a large fetch on every core, or None.

    Call it while the process still has a single thread (the CLI does, before
    its event loop starts): the workers are forked at once, inheriting the
    already-imported parser, and no thread's locks are copied into them.
    """
    cores = os.cpu_count() or 1
    if cores < 2 or feeds < PROCESS_POOL_MIN_FEEDS:
        return None
    if "fork" not in multiprocessing.get_all_start_methods():
        return None
    pool = ProcessPoolExecutor(
        max_workers=cores,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_start_worker,
        initargs=(os.getpid(),),
    )
    # With "fork", submit() starts every worker before it returns (and before
    # its manager thread); not waiting lets them warm up while fetches start.
    pool.submit(int)
    return pool


# Parsing is throughput work; the event loop and the cache writer, which
# every parsed row waits for, are the pipeline's critical path. On a machine
# with as many workers as cores, parsers at equal priority starve the writer:
# at niceness 10 a 500-feed cold fetch on 2 cores ends ~5-10% sooner.
WORKER_NICENESS = 10


def _start_worker(parent: int) -> None:
    with contextlib.suppress(OSError):
        os.nice(WORKER_NICENESS)
    # A worker whose fetch was killed (kill -9, a crash) must not linger forever
    # waiting for work: it would be orphaned, holding memory.

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, daemon=True, name="newsroom-parent-watch").start()
    # Imported here, not at the first feed: parse_feed and item_row import these lazily.
    import newsroom_tui.feeds.walker
    import newsroom_tui.htmltext  # noqa: F401


# Feeds between the start of their fetch and the end of their parse, beyond
# the fetch concurrency. Fetching outruns parsing on a cold fetch; without a
# bound every body and its parsed rows would pile up in memory.
BACKLOG_EXTRA = 8


class _Backlog:
    """Places for feeds from fetch to parsed rows; a fetch waits for a place.

    A fetch still running after the fetcher's slow-lane delay gives its place
    back and queues for one again when its body arrives, so hanging servers
    never hold back the others (as with the fetcher's own slots)."""

    def __init__(self, limit: int) -> None:
        self._places = asyncio.Semaphore(limit)

    async def fetch(
        self, fetcher: Fetcher, url: str, etag: str | None, last_modified: str | None
    ) -> FetchResponse:
        """Fetch holding a place; the caller must `release` it after storing."""
        await self._places.acquire()
        task = asyncio.ensure_future(fetcher.fetch(url, etag, last_modified))
        try:
            done, _ = await asyncio.wait({task}, timeout=fetcher.slow_after)
        except BaseException:
            task.cancel()
            self._places.release()
            raise
        if done:
            return task.result()
        self._places.release()
        try:
            response = await task
        finally:
            if not task.done():
                task.cancel()
        await self._places.acquire()
        return response

    def release(self) -> None:
        self._places.release()


# A commit of fewer rows costs the search index more: FTS5 writes a segment
# per commit and merges them again, about 2.6 s of CPU for 20,000 items
# committed 200 at a time against 1.6 s 2,000 at a time (bench/profile_fetch).
BATCH_ROWS = 2_000
# ...but no feed waits longer than this for a commit, so the reader sees
# what arrived while a slow fetch goes on.
BATCH_WAIT_S = 1.0
# Rows waiting for the writer before parsed feeds wait to join them: the
# memory bound once a feed has given its backlog place back.
PENDING_ROWS_MAX = 2 * BATCH_ROWS


class _BatchWriter:
    """Feeds' results go to the cache in batches, one savepoint per feed.

    A batch is committed once it holds BATCH_ROWS rows, once its first feed
    has waited BATCH_WAIT_S, or once no feed is left to join it (`expect`
    tells how many will come), whichever is first.
    """

    def __init__(self, cache: Cache, executor: Executor) -> None:
        self._cache = cache
        self._executor = executor
        self._pending: list[tuple[FeedUpdate, asyncio.Future[StoreOutcome | Exception]]] = []
        self._pending_rows = 0
        self._first_pending_at = 0.0
        self._expected = 0
        self._wakeup = asyncio.Event()
        self._room = asyncio.Condition()
        self._task: asyncio.Task[None] | None = None

    async def __aenter__(self) -> _BatchWriter:
        self._task = asyncio.create_task(self._drain())
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    def expect(self, feeds: int) -> None:
        """`feeds` more feeds will be stored or `skip`ped."""
        self._expected += feeds

    def skip(self) -> None:
        """An expected feed will not be stored after all."""
        self._expected -= 1
        self._wakeup.set()

    async def queue(self, update: FeedUpdate) -> asyncio.Future[StoreOutcome | Exception]:
        """Queue one feed's update; the future resolves once it is committed."""
        async with self._room:
            await self._room.wait_for(lambda: self._pending_rows < PENDING_ROWS_MAX)
        loop = asyncio.get_running_loop()
        future: asyncio.Future[StoreOutcome | Exception] = loop.create_future()
        if not self._pending:
            self._first_pending_at = loop.time()
        self._pending.append((update, future))
        self._pending_rows += len(update.rows)
        self._expected -= 1
        self._wakeup.set()
        return future

    def _batch_ready(self, now: float) -> bool:
        return (
            self._pending_rows >= BATCH_ROWS
            or self._expected <= 0
            or now - self._first_pending_at >= BATCH_WAIT_S
        )

    async def _drain(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            await self._wakeup.wait()
            self._wakeup.clear()
            if not self._pending:
                continue
            if not self._batch_ready(loop.time()):
                # Wait for more feeds, but not past the first one's deadline.
                deadline = self._first_pending_at + BATCH_WAIT_S - loop.time()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wakeup.wait(), timeout=max(0.0, deadline))
                self._wakeup.set()  # look again, whatever woke us
                continue
            batch, self._pending, self._pending_rows = self._pending, [], 0
            async with self._room:
                self._room.notify_all()
            updates = [update for update, _ in batch]
            try:
                outcomes = await loop.run_in_executor(
                    self._executor, self._cache.store_updates, updates
                )
            except Exception as exc:  # the commit itself failed (disk full, I/O error)
                outcomes = [exc] * len(batch)
            for (_, future), outcome in zip(batch, outcomes, strict=True):
                if not future.done():
                    future.set_result(outcome)
            if self._pending:
                self._wakeup.set()


async def _refresh_one(
    target: FetchTarget,
    fetcher: Fetcher,
    batcher: _BatchWriter,
    backlog: _Backlog,
    loop: asyncio.AbstractEventLoop,
    parser: Executor,
) -> FetchResult:
    started = time.monotonic()
    if target.retry_after and target.retry_after > time.time():
        batcher.skip()
        return FetchResult(
            target.feed_id,
            target.url,
            "error",
            error=f"not fetched: the server asked to wait until {wait_until(target.retry_after)}",
            title=target.title,
        )
    try:
        response = await backlog.fetch(fetcher, target.url, target.etag, target.last_modified)
    except BaseException:
        batcher.skip()
        raise
    try:
        if target.kind != "feed":
            update = await _portal_update(target, response, fetcher, started)
        else:
            update = await _prepare_update(target, response, loop, parser, started)
        committed = await batcher.queue(update)
    except BaseException:
        batcher.skip()
        raise
    finally:
        # Parsed: the body is no longer needed, and the writer bounds its own rows.
        backlog.release()
    del response
    return _result(target, update, await committed)


async def _prepare_update(
    target: FetchTarget,
    response: FetchResponse,
    loop: asyncio.AbstractEventLoop,
    parser: Executor,
    started: float,
) -> FeedUpdate:
    update = _base_update(target, response)
    if response.status == "ok":
        try:
            prepared = await loop.run_in_executor(
                parser, prepare_feed, response.body, response.headers, response.url
            )
        except BrokenExecutor:  # a worker process died (killed, out of memory)
            prepared = await asyncio.to_thread(
                prepare_feed, response.body, response.headers, response.url
            )
        _apply(update, prepared, response)
    update.duration_ms = int((time.monotonic() - started) * 1000)
    return update


def _base_update(target: FetchTarget, response: FetchResponse) -> FeedUpdate:
    return FeedUpdate(
        feed_id=target.feed_id,
        status=response.status,
        etag=response.etag,
        last_modified=response.last_modified,
        new_url=response.permanent_url if response.permanent_url != target.url else None,
        error=response.error,
        http_status=response.http_status,
        gone=response.gone,
        retry_after=response.retry_after,
    )


async def _portal_update(
    target: FetchTarget, response: FetchResponse, fetcher: Fetcher, started: float
) -> FeedUpdate:
    """A portal source's fetch: its list pages (page 1 asked conditionally, as a
    feed is), read by its mapping or auto-detected; a layout change is an error
    that keeps every cached item."""
    from newsroom_tui.sources.portal import portal_update

    update = _base_update(target, response)
    if response.status == "ok":
        await portal_update(update, target, response, fetcher)
    update.duration_ms = int((time.monotonic() - started) * 1000)
    return update


def _result(
    target: FetchTarget, update: FeedUpdate, outcome: StoreOutcome | Exception
) -> FetchResult:
    if isinstance(outcome, Exception):  # e.g. the disk is full; that feed rolled back
        return FetchResult(
            target.feed_id,
            target.url,
            "error",
            error=clean_line(f"could not store: {outcome}")[:200],
            title=target.title,
            unstored_bytes=_row_bytes(update.rows) if is_disk_full(outcome) else None,
        )
    return FetchResult(
        feed_id=target.feed_id,
        url=update.new_url or target.url,
        status=update.status,
        new_items=outcome.new_items,
        updated_items=outcome.updated_items,
        error=update.error,
        title=update.title or target.title,
    )


def _row_bytes(rows: Sequence[ItemRow]) -> int:
    """Roughly what the rows take on disk, before the search index and the WAL."""
    return sum(
        len(r.content_zhtml) + len(r.index_body) + len(r.summary) * 2 + len(r.title) * 2 + 200
        for r in rows
    )


def _apply(update: FeedUpdate, prepared: PreparedFeed, response: FetchResponse) -> None:
    if prepared.error is not None:
        update.status = "error"
        update.error = prepared.error
        update.title = prepared.title or None  # what an ill-formed document's channel said
        # Keep the old validators so the next fetch does not get a 304 for a broken body.
        update.etag = update.last_modified = None
        return
    update.rows = prepared.rows
    update.title = prepared.title or None
    update.site_url = prepared.site_url
    update.error = prepared.warning
