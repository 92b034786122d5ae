"""A real HTTP server on 127.0.0.1 that serves feed files and misbehaves on request.

Used by the tests and by bench/. Each route says how to answer: a body with
validators (ETag / Last-Modified, answered with 304 when they match), a
status, a redirect, gzip, a delay, a trickle, a hang, an endless body.
"""

from __future__ import annotations

import gzip
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "application/xml"
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None
    last_modified: str | None = None
    redirect_to: str | None = None
    delay: float = 0.0
    gzip: bool = False
    raw_gzip: bytes | None = None  # pre-compressed body (a gzip bomb)
    trickle: float | None = None  # seconds between single bytes
    hang: bool = False  # accept, then never answer
    endless: bool = False  # a body that never ends


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 512  # read by listen(); a short backlog drops SYNs under load

    def handle_error(self, request: object, client_address: object) -> None:
        # A client closing a kept-alive connection is normal; socketserver would
        # print a traceback to stderr, which tests reading stderr would see.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)  # type: ignore[arg-type]


@dataclass
class Request:
    path: str
    headers: dict[str, str]
    at: float = field(default_factory=time.monotonic)  # when it arrived


class FeedServer:
    def __init__(self, latency: float = 0.0) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()
        self.requests: list[Request] = []
        self.latency = latency
        self.in_flight = 0
        self.clients: set[tuple[str, int]] = set()  # one per TCP connection
        self.max_in_flight = 0
        self._stop = threading.Event()
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                server._handle(self)

        self._httpd = _Server(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def add(self, path: str, body: bytes = b"", **kwargs: object) -> str:
        self.routes[path] = Route(body=body, **kwargs)  # type: ignore[arg-type]
        return self.url(path)

    def start(self) -> FeedServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> FeedServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- answering --------------------------------------------------------

    def _handle(self, h: BaseHTTPRequestHandler) -> None:
        path = h.path.split("?", 1)[0]
        with self._lock:
            self.hits[path] += 1
            self.requests.append(Request(path, {k.lower(): v for k, v in h.headers.items()}))
            self.clients.add(h.client_address)
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            self._answer(h, path)
        finally:
            with self._lock:
                self.in_flight -= 1

    def _answer(self, h: BaseHTTPRequestHandler, path: str) -> None:
        route = self.routes.get(path)
        if self.latency:
            time.sleep(self.latency)
        if route is None:
            self._send(h, 404, b"not found", "text/plain")
            return
        if route.delay:
            self._stop.wait(route.delay)
        if route.hang:
            self._stop.wait(600)
            return
        if route.redirect_to is not None:
            h.send_response(route.status)
            h.send_header("Location", route.redirect_to)
            h.send_header("Content-Length", "0")
            h.end_headers()
            return
        if self._not_modified(h, route):
            h.send_response(304)
            if route.etag:
                h.send_header("ETag", route.etag)
            h.end_headers()
            return
        if route.endless:
            self._endless(h, route)
            return
        if route.trickle is not None:
            self._trickle(h, route)
            return
        body, extra = route.body, dict(route.headers)
        if route.raw_gzip is not None:
            body, extra["Content-Encoding"] = route.raw_gzip, "gzip"
        elif route.gzip:
            body, extra["Content-Encoding"] = gzip.compress(route.body), "gzip"
        if route.etag:
            extra["ETag"] = route.etag
        if route.last_modified:
            extra["Last-Modified"] = route.last_modified
        self._send(h, route.status, body, route.content_type, extra)

    @staticmethod
    def _not_modified(h: BaseHTTPRequestHandler, route: Route) -> bool:
        if route.status != 200:
            return False
        inm = h.headers.get("If-None-Match")
        ims = h.headers.get("If-Modified-Since")
        if route.etag and inm:
            return inm == route.etag
        return bool(route.last_modified and ims and ims == route.last_modified)

    @staticmethod
    def _send(
        h: BaseHTTPRequestHandler,
        status: int,
        body: bytes,
        content_type: str,
        headers: dict[str, str] | None = None,
    ) -> None:
        try:
            h.send_response(status)
            h.send_header("Content-Type", content_type)
            h.send_header("Content-Length", str(len(body)))
            for key, value in (headers or {}).items():
                h.send_header(key, value)
            h.end_headers()
            h.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _trickle(self, h: BaseHTTPRequestHandler, route: Route) -> None:
        try:
            h.send_response(200)
            h.send_header("Content-Type", route.content_type)
            h.send_header("Content-Length", str(len(route.body)))
            h.end_headers()
            for i in range(len(route.body)):
                if self._stop.wait(route.trickle or 1.0):
                    return
                h.wfile.write(route.body[i : i + 1])
                h.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _endless(self, h: BaseHTTPRequestHandler, route: Route) -> None:
        chunk = b"<item><title>again</title></item>" * 2000
        try:
            h.send_response(200)
            h.send_header("Content-Type", route.content_type)
            h.end_headers()  # no length: the body runs until the connection closes
            h.wfile.write(b'<?xml version="1.0"?><rss><channel>')
            deadline = time.monotonic() + 120
            while not self._stop.is_set() and time.monotonic() < deadline:
                h.wfile.write(chunk)
        except (BrokenPipeError, ConnectionResetError, OSError):
            pass
