"""Serve a folder of feeds from 127.0.0.1, with latency and conditional GET.

    .venv/bin/python bench/serve.py FOLDER [--port 8765] [--latency-ms 50] [--gzip]

An asyncio HTTP/1.1 server (keep-alive, hundreds of concurrent clients):
each response waits `latency` without blocking the others, as a distant
server would. Every file gets a strong ETag and a Last-Modified; a request
whose If-None-Match (or, failing that, If-Modified-Since) matches gets a
bodyless 304. Files are read into memory when the server starts, so disk
reads never land inside a measurement.

`BenchServer` is the same thing as a class: it runs its event loop in a
thread of the calling process and counts what it answered, so a bench can
check that a warm re-fetch really was all 304s.
"""

from __future__ import annotations

import argparse
import asyncio
import email.utils
import gzip as gzip_module
import hashlib
import signal
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

_TYPES = {
    ".json": "application/feed+json",
    ".xml": "application/xml",
    ".rss": "application/rss+xml",
    ".atom": "application/atom+xml",
    ".opml": "text/x-opml",
    ".txt": "text/plain; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".png": "image/png",
}
_MAX_HEAD = 64 * 1024


@dataclass(slots=True)
class _File:
    body: bytes
    gzipped: bytes | None
    etag: str
    last_modified: str
    modified_at: float
    content_type: str


class BenchServer:
    """An HTTP server for a folder, running on its own event loop thread."""

    def __init__(
        self,
        root: Path,
        *,
        latency_ms: float = 0.0,
        host: str = "127.0.0.1",
        port: int = 0,
        gzip: bool = False,
    ) -> None:
        if not host.startswith("127.") and host not in ("localhost", "::1"):
            raise ValueError("the bench server only listens on the loopback interface")
        self.root = Path(root)
        self.latency = latency_ms / 1000.0
        self.host = host
        self.port = port
        self.gzip = gzip
        self.stats: Counter[str] = Counter()
        self.in_flight = 0
        self.max_in_flight = 0
        self._files: dict[str, _File] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: asyncio.base_events.Server | None = None
        self._thread: threading.Thread | None = None
        self._writers: set[asyncio.StreamWriter] = set()

    # -- life cycle -----------------------------------------------------------

    def load(self) -> None:
        for path in sorted(self.root.rglob("*")):
            if not path.is_file():
                continue
            body = path.read_bytes()
            mtime = int(path.stat().st_mtime)
            self._files["/" + path.relative_to(self.root).as_posix()] = _File(
                body=body,
                gzipped=gzip_module.compress(body, 6) if self.gzip else None,
                etag='"' + hashlib.blake2b(body, digest_size=10).hexdigest() + '"',
                last_modified=email.utils.formatdate(mtime, usegmt=True),
                modified_at=mtime,
                content_type=_TYPES.get(path.suffix, "application/octet-stream"),
            )

    def start(self) -> BenchServer:
        self.load()
        ready = threading.Event()
        failure: list[BaseException] = []

        def run() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            try:
                self._server = loop.run_until_complete(
                    asyncio.start_server(
                        self._serve, self.host, self.port, backlog=1024, limit=_MAX_HEAD
                    )
                )
                self.port = self._server.sockets[0].getsockname()[1]
            except BaseException as exc:
                failure.append(exc)
                ready.set()
                return
            ready.set()
            loop.run_forever()
            loop.close()

        self._thread = threading.Thread(target=run, name="bench-server", daemon=True)
        self._thread.start()
        ready.wait()
        if failure:
            raise failure[0]
        return self

    def stop(self) -> None:
        loop = self._loop
        if loop is None or self._thread is None:
            return

        async def shutdown() -> None:
            assert self._server is not None
            self._server.close()
            for writer in list(self._writers):
                writer.close()
            await self._server.wait_closed()

        asyncio.run_coroutine_threadsafe(shutdown(), loop).result(timeout=10)
        loop.call_soon_threadsafe(loop.stop)
        self._thread.join(timeout=10)
        self._loop = None

    def __enter__(self) -> BenchServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def set_latency(self, latency_ms: float) -> None:
        self.latency = latency_ms / 1000.0

    def reset_stats(self) -> Counter[str]:
        """The counts so far, and start again from zero."""
        old, self.stats = self.stats, Counter()
        self.max_in_flight = 0
        return old

    # -- answering --------------------------------------------------------------

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._writers.add(writer)
        self.stats["connections"] += 1
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
                    return
                keep_alive = await self._answer(head, reader, writer)
                if not keep_alive:
                    return
        except ConnectionError:
            return
        finally:
            self._writers.discard(writer)
            writer.close()

    async def _answer(
        self, head: bytes, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> bool:
        lines = head.decode("latin-1").split("\r\n")
        try:
            method, target, version = lines[0].split(" ", 2)
        except ValueError:
            writer.write(
                b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            )
            return False
        headers: dict[str, str] = {}
        for line in lines[1:]:
            if ":" in line:
                key, value = line.split(":", 1)
                headers[key.strip().lower()] = value.strip()
        length = headers.get("content-length", "0")
        if length.isdigit() and int(length):
            await reader.readexactly(int(length))
        connection = headers.get("connection", "").lower()
        keep_alive = "close" not in connection and (
            version != "HTTP/1.0" or "keep-alive" in connection
        )
        self.stats["requests"] += 1
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            if self.latency:
                await asyncio.sleep(self.latency)
            status, extra, body = self._response(method, target, headers)
        finally:
            self.in_flight -= 1
        self.stats[str(status)] += 1
        out = [f"HTTP/1.1 {status} {_REASONS[status]}"]
        out += [f"{k}: {v}" for k, v in extra.items()]
        if not keep_alive:
            out.append("Connection: close")
        writer.write(("\r\n".join(out) + "\r\n\r\n").encode("latin-1"))
        if body and method != "HEAD":
            writer.write(body)
            self.stats["body_bytes"] += len(body)
        await writer.drain()
        return keep_alive

    def _response(
        self, method: str, target: str, headers: dict[str, str]
    ) -> tuple[int, dict[str, str], bytes]:
        if method not in ("GET", "HEAD"):
            return 405, {"Allow": "GET, HEAD", "Content-Length": "0"}, b""
        path = target.split("?", 1)[0]
        if path.startswith("http://") or path.startswith("https://"):
            path = "/" + path.split("/", 3)[-1]
        found = self._files.get(path)
        if found is None:
            body = b"not found\n"
            return 404, {"Content-Type": "text/plain", "Content-Length": str(len(body))}, body
        validators = {"ETag": found.etag, "Last-Modified": found.last_modified}
        if _not_modified(headers, found):
            return 304, validators, b""
        body, extra = found.body, {"Content-Type": found.content_type, **validators}
        if found.gzipped is not None and "gzip" in headers.get("accept-encoding", ""):
            body = found.gzipped
            extra["Content-Encoding"] = "gzip"
            extra["Vary"] = "Accept-Encoding"
        extra["Content-Length"] = str(len(body))
        return 200, extra, body


def _not_modified(headers: dict[str, str], found: _File) -> bool:
    inm = headers.get("if-none-match")
    if inm is not None:
        tags = [t.strip().removeprefix("W/") for t in inm.split(",")]
        return "*" in tags or found.etag in tags
    ims = headers.get("if-modified-since")
    if ims:
        try:
            when = email.utils.parsedate_to_datetime(ims).timestamp()
        except (TypeError, ValueError, IndexError, OverflowError):
            return False
        return found.modified_at <= when
    return False


_REASONS = {
    200: "OK",
    304: "Not Modified",
    400: "Bad Request",
    404: "Not Found",
    405: "Method Not Allowed",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--latency-ms", type=float, default=0.0)
    parser.add_argument("--gzip", action="store_true", help="gzip bodies for clients that ask")
    args = parser.parse_args(argv)
    server = BenchServer(
        args.folder, latency_ms=args.latency_ms, host=args.host, port=args.port, gzip=args.gzip
    )
    server.start()
    # `kill PID` should stop it as cleanly as Ctrl-C does.
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    print(
        f"serving {len(server._files)} files from {args.folder} at {server.base_url} "
        f"(latency {args.latency_ms:g} ms); Ctrl-C stops",
        flush=True,
    )
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
        print(f"answered: {dict(server.stats)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
