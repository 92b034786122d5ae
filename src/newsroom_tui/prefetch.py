"""The article prefetch engine: after a fetch, each item that needs its article page gets it.

UI-free like `refresh`: progress goes out through a callback. Which items
need a page is the store's rule (`store.articles.wanted_articles`): portal
sources and "always" feeds every item, "auto" feeds the items whose feed text
is only a summary, at most `per_source` per source per fetch (the rest come
on the next fetch). Pages come through the fetch's own Fetcher (one HTTP
client), politely: `per_host` pages at once per host, `delay` seconds between
two pages from one host, a host that answers 429/503 with Retry-After left
alone for the rest of this prefetch (its pages are not counted as failures),
a page-size cap. Extraction runs in a thread; every write goes through the
cache's writer thread. An article stored once is never requested again; a
failed one keeps the feed's text and is retried on later fetches up to
`max_attempts` times.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from newsroom_tui.config import ArticlesConfig
from newsroom_tui.feeds.fetch import Fetcher, FetchResponse
from newsroom_tui.store import articles as store
from newsroom_tui.store.cache import Cache
from newsroom_tui.text import clean_line


@dataclass(slots=True)
class ArticleProgress:
    done: int
    total: int


ArticleProgressCallback = Callable[[ArticleProgress], None]


@dataclass(slots=True)
class PrefetchReport:
    stored: int = 0
    failed: int = 0
    deferred: int = 0  # left for a later fetch (a host asked us to wait)
    images: int = 0  # images stored for offline reading
    images_by_feed: dict[int, int] = field(default_factory=dict)
    image_failures: int = 0
    stored_by_feed: dict[int, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


_HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "application/xml", "text/xml")


class _HostPolicy:
    """Per-host slots, spacing between requests, and Retry-After holds."""

    def __init__(self, per_host: int, delay: float) -> None:
        self._slots: defaultdict[str, asyncio.Semaphore] = defaultdict(
            lambda: asyncio.Semaphore(per_host)
        )
        self._delay = delay
        self._next_at: dict[str, float] = {}
        self.held_until: dict[str, float] = {}

    def held(self, host: str) -> bool:
        return self.held_until.get(host, 0.0) > time.time()

    async def request(
        self, host: str, fetch: Callable[[], Awaitable[FetchResponse]]
    ) -> FetchResponse | None:
        """The response, or None when the host asked us to wait (while this one queued)."""
        async with self._slots[host]:
            if self.held(host):
                return None
            loop = asyncio.get_running_loop()
            wait = self._next_at.get(host, 0.0) - loop.time()
            self._next_at[host] = max(loop.time(), self._next_at.get(host, 0.0)) + self._delay
            if wait > 0:
                await asyncio.sleep(wait)
            return await fetch()


async def prefetch_articles(
    cache: Cache,
    writer: Executor,
    fetcher: Fetcher,
    config: ArticlesConfig,
    feed_ids: Sequence[int] | None = None,
    on_progress: ArticleProgressCallback | None = None,
    extract_executor: Executor | None = None,
    max_total: int = 0,
) -> PrefetchReport:
    """Fetch, extract and store the articles the cache's items need now, then their
    images (`max_total`: the images' total cap in bytes, 0 = none). Never raises
    for a bad page or image: each failure is counted and kept as its state."""
    loop = asyncio.get_running_loop()
    wanted = await loop.run_in_executor(
        writer, store.wanted_articles, cache, feed_ids, config.per_source, config.max_attempts
    )
    report = PrefetchReport()
    progress = ArticleProgress(0, len(wanted))
    if on_progress:
        on_progress(progress)
    policy = _HostPolicy(config.per_host, config.delay)

    async def one(item: store.WantedArticle) -> None:
        try:
            await _prefetch_one(
                item, cache, writer, fetcher, config, policy, report, extract_executor
            )
        finally:
            progress.done += 1
            if on_progress:
                on_progress(ArticleProgress(progress.done, progress.total))

    await asyncio.gather(*(one(item) for item in wanted))
    if config.images:
        await _prefetch_images(cache, writer, fetcher, config, feed_ids, policy, report, max_total)
    return report


async def _prefetch_images(
    cache: Cache,
    writer: Executor,
    fetcher: Fetcher,
    config: ArticlesConfig,
    feed_ids: Sequence[int] | None,
    policy: _HostPolicy,
    report: PrefetchReport,
    max_total: int,
) -> None:
    """The images of the stored texts, under the same host politeness as their pages.

    Each image is bounded in size (`max_image_bytes`) and in time
    (`image_timeout`: a server that hangs costs that, once per host, since an
    unreachable host's other images wait for a later fetch). Only bytes that
    sniff as an image are kept; the type the server claims is not trusted.
    """
    from newsroom_tui.store import images as image_store

    loop = asyncio.get_running_loop()
    wanted = await loop.run_in_executor(
        writer,
        image_store.wanted_images,
        cache,
        feed_ids,
        config.images_per_fetch,
        config.max_attempts,
    )

    async def bounded(url: str) -> FetchResponse:
        try:
            async with asyncio.timeout(config.image_timeout):
                return await fetcher.fetch(url, max_bytes=config.max_image_bytes)
        except TimeoutError:
            return FetchResponse("error", url, error=f"gave up after {config.image_timeout:g}s")

    async def one(image: image_store.WantedImage) -> None:
        host = (urlsplit(image.url).hostname or "").lower()
        if policy.held(host):
            return
        response = await policy.request(host, lambda: bounded(image.url))
        if response is None:
            return
        if response.http_status in (429, 503):
            policy.held_until[host] = float(response.retry_after or time.time() + 300)
            return
        refused = False
        if response.status != "ok":
            error = response.error or "unknown error"
            if response.http_status is None and "cap" not in error:
                policy.held_until[host] = time.time() + 600
            # Too large or gone for good: asking again would only cost the same.
            refused = "cap" in error or response.http_status in (404, 410)
        else:
            mime = image_store.sniff(response.body)
            if mime is not None:
                try:
                    await loop.run_in_executor(
                        writer,
                        image_store.store_image,
                        cache,
                        image.url,
                        response.body,
                        mime,
                        max_total,
                    )
                    report.images += 1
                    report.images_by_feed[image.feed_id] = (
                        report.images_by_feed.get(image.feed_id, 0) + 1
                    )
                    return
                except Exception as exc:  # the disk is full: the text stays readable
                    error = clean_line(f"could not store the image: {exc}")[:200]
            else:
                error, refused = "not an image (the bytes are no PNG, JPEG, GIF or WebP)", True
        report.image_failures += 1
        report.errors.append(f"{image.url}: {error}")
        with contextlib.suppress(Exception):
            await loop.run_in_executor(
                writer, image_store.store_image_failure, cache, image.url, error, refused
            )

    await asyncio.gather(*(one(image) for image in wanted))


async def _prefetch_one(
    item: store.WantedArticle,
    cache: Cache,
    writer: Executor,
    fetcher: Fetcher,
    config: ArticlesConfig,
    policy: _HostPolicy,
    report: PrefetchReport,
    extract_executor: Executor | None,
) -> None:
    loop = asyncio.get_running_loop()
    # The same page reached through another source: no request at all.
    known = await loop.run_in_executor(writer, store.known_article_for, cache, item.url)
    if (
        known is not None
        and known != item.item_id
        and await loop.run_in_executor(
            writer, store.copy_article, cache, known, item.item_id, item.url
        )
    ):
        _count_stored(report, item)
        return
    host = (urlsplit(item.url).hostname or "").lower()
    if policy.held(host):
        report.deferred += 1
        return
    response = await policy.request(
        host, lambda: fetcher.fetch(item.url, max_bytes=config.max_page_bytes)
    )
    if response is None:
        report.deferred += 1
        return
    if response.http_status in (429, 503):
        # The server asked us to slow down: not this page's fault, not an attempt.
        policy.held_until[host] = float(response.retry_after or time.time() + 300)
        report.deferred += 1
        return
    if response.status == "error" and response.http_status is None:
        # The host cannot be reached: its other pages wait for a later fetch
        # instead of each costing a timeout now.
        policy.held_until[host] = time.time() + 600
    error = response.error if response.status != "ok" else _not_html(response)
    extracted = None
    if error is None:
        from newsroom_tui.sources.article import (
            ExtractedArticle,
            ExtractionError,
            extract_article,
        )

        def extract() -> ExtractedArticle | str:
            try:
                return extract_article(
                    response.body,
                    response.url,
                    content_selector=item.selector,
                    headers=response.headers,
                )
            except ExtractionError as exc:
                return str(exc)
            except Exception as exc:  # an extractor bug costs one article, not the prefetch
                return clean_line(f"extraction failed: {type(exc).__name__}: {exc}")[:200]

        outcome = await loop.run_in_executor(extract_executor, extract)
        if isinstance(outcome, str):
            error = outcome
        else:
            extracted = outcome
    try:
        if extracted is not None:
            stored = await loop.run_in_executor(
                writer, store.store_article, cache, item.item_id, item.url, extracted
            )
            if stored:
                _count_stored(report, item)
            return
        await loop.run_in_executor(
            writer, store.store_failure, cache, item.item_id, item.url, error or "unknown error"
        )
    except Exception as exc:  # the disk is full, the cache is busy: the feed text stays
        error = clean_line(f"could not store the article: {exc}")[:200]
    report.failed += 1
    report.errors.append(f"{item.url}: {error}")


def _count_stored(report: PrefetchReport, item: store.WantedArticle) -> None:
    report.stored += 1
    report.stored_by_feed[item.feed_id] = report.stored_by_feed.get(item.feed_id, 0) + 1


def _not_html(response: FetchResponse) -> str | None:
    kind = next((v for k, v in response.headers.items() if k.lower() == "content-type"), "")
    kind = kind.split(";", 1)[0].strip().lower()
    if kind and not kind.startswith(_HTML_TYPES):
        return clean_line(f"not an HTML page ({kind})")[:200]
    return None
