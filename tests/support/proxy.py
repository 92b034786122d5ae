"""A small real HTTP proxy on 127.0.0.1 in front of a server, failing on request.

The sync fault tests put it between the reader and FreshRSS: every request is
forwarded as it came, except those a fault names (by path and by how many
such requests came before), which get a status of their own or no answer.
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx

HOP_HEADERS = {"connection", "keep-alive", "transfer-encoding", "content-length", "host"}


@dataclass
class Fault:
    path_end: str  # the request path ends with this ("edit-tag")
    nth: int = 1  # the nth such request (1: the first) …
    status: int | None = None  # … is answered with this status, or
    hang: bool = False  # … never answered (until the proxy stops)


class _Server(ThreadingHTTPServer):
    daemon_threads = True


class FaultyProxy:
    def __init__(self, origin: str) -> None:
        self.origin = origin.rstrip("/")  # scheme://host:port of the real server
        self.faults: list[Fault] = []
        self.seen: Counter[str] = Counter()
        self.hung = threading.Event()  # set when a request is being held
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._http = httpx.Client(timeout=60)
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                proxy._handle(self, "GET")

            def do_POST(self) -> None:
                proxy._handle(self, "POST")

        self._httpd = _Server(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def url_for(self, upstream_url: str) -> str:
        """`upstream_url` reached through the proxy."""
        assert upstream_url.startswith(self.origin)
        return self.base_url + upstream_url.removeprefix(self.origin)

    def __enter__(self) -> FaultyProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._http.close()

    def _fault(self, path: str) -> Fault | None:
        with self._lock:
            for fault in self.faults:
                if path.endswith(fault.path_end):
                    self.seen[fault.path_end] += 1
                    if self.seen[fault.path_end] == fault.nth:
                        return fault
        return None

    def _handle(self, h: BaseHTTPRequestHandler, method: str) -> None:
        path = h.path.split("?", 1)[0]
        body = h.rfile.read(int(h.headers.get("Content-Length") or 0))
        fault = self._fault(path)
        if fault is not None and fault.hang:
            self.hung.set()
            self._stop.wait()
            return
        if fault is not None and fault.status is not None:
            self._send(h, fault.status, b"failing on purpose", {"Content-Type": "text/plain"})
            return
        headers = {k: v for k, v in h.headers.items() if k.lower() not in HOP_HEADERS}
        answer = self._http.request(method, self.origin + h.path, headers=headers, content=body)
        kept = {k: v for k, v in answer.headers.items() if k.lower() not in HOP_HEADERS}
        kept.pop("content-encoding", None)  # httpx has decoded the body
        self._send(h, answer.status_code, answer.content, kept)

    @staticmethod
    def _send(h: BaseHTTPRequestHandler, status: int, body: bytes, headers: dict) -> None:
        h.send_response(status)
        for key, value in headers.items():
            if key.lower() != "content-encoding":
                h.send_header(key, value)
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)
