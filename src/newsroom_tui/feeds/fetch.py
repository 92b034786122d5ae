"""Fetching feed documents over HTTP(S) or from files, within firm limits.

Conditional GET (ETag / Last-Modified), redirects with permanent ones
reported, a cap on the decompressed body, per-chunk and total deadlines,
and a per-host limit beside the global one. Every failure becomes a
FetchResponse with a one-line reason; nothing here raises.
"""

from __future__ import annotations

import asyncio
import email.utils
import os
import ssl
import time
import zlib
from collections import defaultdict
from collections.abc import Coroutine
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from urllib.parse import unquote, urlsplit

import httpx

from newsroom_tui.config import FetchConfig
from newsroom_tui.feeds.numbers import is_number, read_int
from newsroom_tui.feeds.transport import PolledTransport
from newsroom_tui.text import clean_line

_PERMANENT = (301, 308)
SLOW_AFTER = 2.0  # seconds a request may hold its concurrency slots


@dataclass(slots=True)
class FetchResponse:
    status: Literal["ok", "not_modified", "error"]
    url: str
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None
    last_modified: str | None = None
    permanent_url: str | None = None
    http_status: int | None = None
    error: str | None = None
    gone: bool = False
    retry_after: int | None = None


class BodyTooLarge(Exception):
    pass


class Fetcher:
    """Fetches many feeds at once within the configured limits."""

    def __init__(self, config: FetchConfig, client: httpx.AsyncClient | None = None) -> None:
        self.config = config
        self._client = client
        self._own_client = client is None
        self.slow_after = SLOW_AFTER
        self._global = asyncio.Semaphore(config.concurrency)
        self._hosts: defaultdict[str, asyncio.Semaphore] = defaultdict(
            lambda: asyncio.Semaphore(config.per_host)
        )

    async def __aenter__(self) -> Fetcher:
        if self._client is None:
            self._client = make_client(self.config)
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._own_client and self._client is not None:
            await self._client.aclose()

    async def fetch(
        self,
        url: str,
        etag: str | None = None,
        last_modified: str | None = None,
        *,
        max_bytes: int | None = None,
    ) -> FetchResponse:
        """`max_bytes` caps this body below the configured one (article pages, images)."""
        scheme = urlsplit(url).scheme.lower()
        if scheme == "file":
            async with self._global:
                return await asyncio.to_thread(read_file, url, last_modified, self.config)
        if scheme not in ("http", "https"):
            return FetchResponse("error", url, error=f"unsupported URL scheme {scheme!r}")
        host = urlsplit(url).netloc.lower()
        return await self._within_limits(
            host, self._get_with_deadline(url, etag, last_modified, max_bytes)
        )

    async def _get_with_deadline(
        self, url: str, etag: str | None, last_modified: str | None, max_bytes: int | None = None
    ) -> FetchResponse:
        try:
            async with asyncio.timeout(self.config.total_timeout):
                return await self._get(url, etag, last_modified, max_bytes)
        except TimeoutError:
            return FetchResponse(
                "error",
                url,
                error=f"gave up after {self.config.total_timeout:g}s (total time limit)",
            )

    async def _within_limits(
        self, host: str, work: Coroutine[Any, Any, FetchResponse]
    ) -> FetchResponse:
        """Run `work` holding a global and a per-host slot, but only while it is quick.

        A request still running after SLOW_AFTER seconds gives its slots back, so
        fifty hanging servers cost about one timeout, not fifty queued ones.
        """
        slots = (self._global, self._hosts[host])
        for slot in slots:
            await slot.acquire()
        held = True

        def release() -> None:
            nonlocal held
            if held:
                held = False
                for slot in slots:
                    slot.release()

        task = asyncio.ensure_future(work)
        try:
            done, _ = await asyncio.wait({task}, timeout=self.slow_after)
            if not done:
                release()
            return await task
        finally:
            release()
            if not task.done():
                task.cancel()

    async def _get(
        self, url: str, etag: str | None, last_modified: str | None, max_bytes: int | None = None
    ) -> FetchResponse:
        cap = min(max_bytes or self.config.max_body_bytes, self.config.max_body_bytes)
        assert self._client is not None, "use Fetcher as an async context manager"
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        try:
            async with self._client.stream("GET", url, headers=headers) as response:
                permanent = _permanent_target(response)
                if response.status_code == 304:
                    # Reading the (empty) body hands the connection back to the pool.
                    await response.aread()
                    return FetchResponse(
                        "not_modified",
                        str(response.url),
                        http_status=304,
                        etag=etag,
                        last_modified=last_modified,
                        permanent_url=permanent,
                    )
                if response.status_code >= 400:
                    return _http_error(response, url)
                body = await self._read_capped(response, cap)
                return FetchResponse(
                    "ok",
                    str(response.url),
                    body=body,
                    headers=dict(response.headers),
                    etag=response.headers.get("etag"),
                    last_modified=response.headers.get("last-modified"),
                    permanent_url=permanent,
                    http_status=response.status_code,
                )
        except BodyTooLarge:
            mib = cap / (1024 * 1024)
            return FetchResponse("error", url, error=f"response larger than the {mib:g} MiB cap")
        except httpx.TooManyRedirects:
            return FetchResponse(
                "error",
                url,
                error=f"more than {self.config.max_redirects} redirects (a redirect loop?)",
            )
        except httpx.HTTPError as exc:
            return FetchResponse("error", url, error=describe_http_error(exc, self.config))
        except (ssl.SSLError, OSError, ValueError) as exc:
            return FetchResponse("error", url, error=clean_line(f"network error: {exc}")[:200])

    async def _read_capped(self, response: httpx.Response, cap: int) -> bytes:
        # A length too long to read is left to the cap on what is read.
        declared = read_int(response.headers.get("content-length", ""), max_digits=30)
        if declared is not None and declared > cap and "content-encoding" not in response.headers:
            raise BodyTooLarge
        encoding = response.headers.get("content-encoding", "").strip().lower()
        if encoding in ("gzip", "x-gzip", "deflate"):
            return await _inflate_capped(response, cap)
        chunks: list[bytes] = []
        size = 0
        # aiter_bytes decodes any other encoding httpx knows; the cap still applies.
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > cap:
                raise BodyTooLarge
            chunks.append(chunk)
        return b"".join(chunks)


async def _inflate_capped(response: httpx.Response, cap: int) -> bytes:
    """Decompress gzip/deflate ourselves, never more than `cap` bytes at a time.

    httpx inflates each network chunk whole: one 64 KiB chunk of a gzip bomb
    becomes tens of MiB before any cap could be checked.
    """
    inflater = zlib.decompressobj(wbits=47)  # gzip or zlib header, detected
    chunks: list[bytes] = []
    size = 0
    try:
        async for raw in response.aiter_raw():
            data = raw
            while data:
                out = inflater.decompress(data, cap + 1 - size)
                size += len(out)
                if size > cap:
                    raise BodyTooLarge
                chunks.append(out)
                data = inflater.unconsumed_tail
        chunks.append(inflater.flush())
    except zlib.error:
        raise httpx.DecodingError("bad compressed data") from None
    return b"".join(chunks)


def make_client(config: FetchConfig) -> httpx.AsyncClient:
    # trust_env (the default) picks up HTTP(S)_PROXY, NO_PROXY, SSL_CERT_FILE/DIR.
    # Our own semaphores bound concurrency; the pool must not queue slow-lane requests.
    limits = httpx.Limits(max_connections=None, max_keepalive_connections=config.concurrency)
    return httpx.AsyncClient(
        follow_redirects=True,
        max_redirects=config.max_redirects,
        timeout=httpx.Timeout(
            connect=config.connect_timeout,
            read=config.read_timeout,
            write=config.read_timeout,
            pool=config.total_timeout,
        ),
        limits=limits,
        transport=_transport(limits),
        headers={
            "User-Agent": config.user_agent,
            "Accept": "application/rss+xml, application/atom+xml, application/feed+json, "
            "application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5",
        },
        http2=False,
    )


def _transport(limits: httpx.Limits) -> PolledTransport:
    # Built once for both pools: loading the CA bundle takes ~40 ms.
    return PolledTransport(httpx.create_ssl_context(trust_env=True), limits)


def _permanent_target(response: httpx.Response) -> str | None:
    history = response.history
    if history and all(r.status_code in _PERMANENT for r in history):
        return str(response.url)
    return None


def _http_error(response: httpx.Response, url: str) -> FetchResponse:
    code = response.status_code
    reason = clean_line(response.reason_phrase) or "error"
    message = f"HTTP {code} {reason}"
    gone = code == 410
    retry_after = None
    if gone:
        message += ": the feed was removed by its publisher; not fetched again until re-added"
    if code in (429, 503):
        retry_after = _retry_after(response.headers.get("retry-after"))
        if retry_after is not None:
            message += f"; the server asked to wait until {wait_until(retry_after)}"
    return FetchResponse(
        "error", url, http_status=code, error=message, gone=gone, retry_after=retry_after
    )


def _retry_after(value: str | None) -> int | None:
    if not value:
        return None
    value = value.strip()
    now = time.time()
    if is_number(value):
        seconds = read_int(value, max_digits=9)  # more digits: longer than the week below
        return int(now + (7 * 24 * 3600 if seconds is None else min(seconds, 7 * 24 * 3600)))
    try:
        when = email.utils.parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return int(min(max(when, now), now + 7 * 24 * 3600))


def describe_http_error(exc: httpx.HTTPError, config: FetchConfig) -> str:
    if isinstance(exc, httpx.ConnectTimeout):
        return f"timed out connecting after {config.connect_timeout:g}s"
    if isinstance(exc, (httpx.ReadTimeout, httpx.WriteTimeout)):
        return f"the server stopped sending data for {config.read_timeout:g}s"
    if isinstance(exc, httpx.PoolTimeout):
        return "timed out waiting for a free connection"
    if isinstance(exc, httpx.ConnectError):
        return clean_line(f"cannot connect: {_root_cause(exc)}")[:200]
    if isinstance(exc, httpx.RemoteProtocolError):
        return clean_line(f"the server broke the HTTP protocol: {exc}")[:200]
    if isinstance(exc, httpx.DecodingError):
        return "the response could not be decompressed"
    if isinstance(exc, (httpx.UnsupportedProtocol, httpx.InvalidURL)):
        return clean_line(f"invalid URL: {exc}")[:200]
    return clean_line(f"{type(exc).__name__}: {exc}")[:200]


def _root_cause(exc: BaseException) -> str:
    while exc.__cause__ is not None or exc.__context__ is not None:
        exc = exc.__cause__ or exc.__context__  # type: ignore[assignment]
    text = str(exc) or type(exc).__name__
    if "Name or service not known" in text or "nodename nor servname" in text:
        return "host not found"
    if "Connection refused" in text or "Errno 111" in text:
        return "connection refused"
    return text


def file_path(url: str) -> Path:
    parts = urlsplit(url)
    return Path(unquote(parts.path))


def read_file(url: str, last_modified: str | None, config: FetchConfig) -> FetchResponse:
    """A file:// feed, with its mtime standing in for Last-Modified."""
    path = file_path(url)
    try:
        stat = path.stat()
        stamp = str(stat.st_mtime_ns)
        if last_modified == stamp:
            return FetchResponse("not_modified", url, last_modified=stamp)
        if not path.is_file():
            return FetchResponse("error", url, error=f"not a file: {path}")
        if stat.st_size > config.max_body_bytes:
            return FetchResponse(
                "error", url, error=f"file larger than the {config.max_body_mb:g} MiB cap"
            )
        with path.open("rb") as handle:
            body = handle.read(config.max_body_bytes + 1)
        if len(body) > config.max_body_bytes:
            return FetchResponse(
                "error", url, error=f"file larger than the {config.max_body_mb:g} MiB cap"
            )
    except FileNotFoundError:
        return FetchResponse("error", url, error=f"no such file: {path}")
    except PermissionError:
        return FetchResponse("error", url, error=f"permission denied: {path}")
    except OSError as exc:
        return FetchResponse("error", url, error=clean_line(f"cannot read {path}: {exc.strerror}"))
    return FetchResponse("ok", url, body=body, last_modified=stamp)


def normalise_source(source: str, cwd: str | None = None) -> str:
    """A subscription URL from what the user typed: URL, file:// URL or local path.

    Raises ValueError with a one-line reason.
    """
    text = source.strip()
    if not text:
        raise ValueError("empty feed source")
    if any(ord(c) < 32 or c == "\x7f" for c in text):
        raise ValueError("feed source contains control characters")
    scheme = urlsplit(text).scheme.lower() if "://" in text else ""
    if scheme in ("http", "https"):
        parts = urlsplit(text)
        if not parts.hostname:
            raise ValueError(f"not a valid URL (no host): {text}")
        try:
            _ = parts.port
        except ValueError:
            raise ValueError(f"not a valid URL (bad port): {text}") from None
        return text
    if scheme == "file":
        path = file_path(text)
    elif scheme:
        raise ValueError(f"unsupported URL scheme {scheme!r} (use http, https, file or a path)")
    else:
        path = Path(os.path.expanduser(text))
        if not path.is_absolute():
            path = Path(cwd or os.getcwd()) / path
    try:
        path = path.resolve()
        if not path.exists():
            raise ValueError(f"no such file: {path}")
        if not path.is_file():  # a FIFO or a device is never read as a feed
            raise ValueError(f"not a regular file: {path}")
    except (OSError, RuntimeError) as exc:  # a name too long, a symlink loop
        raise ValueError(f"not a usable path ({getattr(exc, 'strerror', None) or exc})") from None
    return path.as_uri()


def wait_until(epoch: float) -> str:
    """When a server's Retry-After ends, for a message: "11:47:57" today, with
    the date on another day ("08/12/2026 11:47"; a long wait is clamped to a day,
    so a bare time would read as one already past)."""
    moment = time.localtime(epoch)
    if moment[:3] == time.localtime()[:3]:
        return time.strftime("%H:%M:%S", moment)
    return time.strftime("%d/%m/%Y %H:%M", moment)
