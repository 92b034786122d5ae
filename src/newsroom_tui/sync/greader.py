"""A client of the Google Reader API (FreshRSS, Miniflux, Inoreader, The Old Reader).

Every failure becomes SyncError with a one-line reason naming the server's
host, never the password or the token. Counts its requests (for bench/).
"""

from __future__ import annotations

import ssl
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import httpx

READING_LIST = "user/-/state/com.google/reading-list"
READ = "user/-/state/com.google/read"
STARRED = "user/-/state/com.google/starred"
LABEL = "user/-/label/"
# Ids per edit-tag request: many per request, yet a short enough POST body.
EDIT_BATCH = 250
# Items per stream/items/contents request: a batch is parsed and stored before
# the next is asked for, so memory does not grow with the account. Under 1000:
# PHP servers count each id as an input variable (max_input_vars = 1000).
CONTENTS_BATCH = 500


class SyncError(Exception):
    """The sync could not go on; the message is one line for the user."""


class LoginRefused(SyncError):
    pass


@dataclass(slots=True)
class Subscription:
    stream_id: str
    title: str
    url: str
    site_url: str | None
    folders: list[str] = field(default_factory=list)


@dataclass(slots=True)
class RemoteItem:
    remote_id: int
    stream_id: str
    title: str
    url: str | None
    published: int | None
    author: str
    html: str
    read: bool = False
    starred: bool = False


def parse_item_id(text: str) -> int:
    """Short (decimal) or long ('tag:google.com,2005:reader/item/<hex>') form."""
    if text.startswith("tag:"):
        return int(text.rsplit("/", 1)[1], 16)
    return int(text)


class GReaderClient:
    def __init__(
        self,
        url: str,
        user: str,
        password: str,
        *,
        timeout: float = 20.0,
        user_agent: str = "newsroom-tui",
    ) -> None:
        self.api = url.rstrip("/")
        self.host = urlsplit(self.api).netloc or self.api
        self._user = user
        self._password = password
        self._auth: str | None = None
        self._token: str | None = None
        self.requests = 0
        # The server's clock as it answered the last id listing: the next since-cursor.
        self.server_time: int | None = None
        self._http = httpx.Client(
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            headers={"User-Agent": user_agent},
            follow_redirects=True,
        )

    def close(self) -> None:
        self._http.close()

    # -- transport ----------------------------------------------------------

    def _send(self, method: str, path: str, **kwargs: object) -> httpx.Response:
        self.requests += 1
        try:
            return self._http.request(method, f"{self.api}/{path}", **kwargs)  # type: ignore[arg-type]
        except httpx.TimeoutException:
            raise SyncError(f"the sync server {self.host} timed out") from None
        except httpx.ConnectError as exc:
            if isinstance(exc.__context__, ssl.SSLError) or "SSL" in str(exc):
                raise SyncError(f"TLS error talking to the sync server {self.host}") from None
            raise SyncError(f"cannot reach the sync server {self.host}") from None
        except httpx.HTTPError as exc:
            raise SyncError(
                f"the sync server {self.host} broke off ({type(exc).__name__})"
            ) from None

    def _call(
        self,
        method: str,
        path: str,
        *,
        params: dict | None = None,
        data: list | None = None,
        write: bool = True,
    ) -> httpx.Response:
        """`write=False`: a POST that only reads (many ids in a body), sent without
        the write token, which would cost a request of its own."""
        for attempt in (1, 2):
            self.login()
            body: dict[str, list[str]] | None = None
            if data is not None:
                body = {}
                token = [("T", self.token())] if write else []
                for key, value in [*data, *token]:
                    body.setdefault(key, []).append(value)
            answer = self._send(
                method,
                f"reader/api/0/{path}",
                params=params,
                data=body,
                headers={"Authorization": f"GoogleLogin auth={self._auth}"},
            )
            if answer.status_code == 401 and attempt == 1:
                # An expired session or token: log in again once.
                self._auth = self._token = None
                continue
            if answer.status_code >= 400:
                raise SyncError(
                    f"the sync server {self.host} answered {answer.status_code} to {path}"
                )
            return answer
        raise SyncError(f"the sync server {self.host} keeps refusing {path}")

    def _json(self, path: str, **params: object) -> dict:
        return self._decoded(self._call("GET", path, params={"output": "json", **params}), path)

    def _decoded(self, answer: httpx.Response, path: str) -> dict:
        try:
            value = answer.json()
        except ValueError:
            raise SyncError(f"the sync server {self.host} sent no JSON for {path}") from None
        if not isinstance(value, dict):
            raise SyncError(f"the sync server {self.host} sent unexpected JSON for {path}")
        return value

    # -- session ------------------------------------------------------------

    def login(self) -> None:
        if self._auth is not None:
            return
        answer = self._send(
            "POST",
            "accounts/ClientLogin",
            data={"Email": self._user, "Passwd": self._password},
        )
        if answer.status_code in (401, 403):
            raise LoginRefused(f"the sync server {self.host} refused the login for {self._user!r}")
        if answer.status_code >= 400:
            raise SyncError(f"the sync server {self.host} answered {answer.status_code} to login")
        for line in answer.text.splitlines():
            if line.startswith("Auth="):
                self._auth = line[5:].strip()
        if not self._auth:
            raise SyncError(f"the sync server {self.host} sent no session on login")

    def token(self) -> str:
        if self._token is None:
            self.login()
            answer = self._send(
                "GET",
                "reader/api/0/token",
                headers={"Authorization": f"GoogleLogin auth={self._auth}"},
            )
            if answer.status_code >= 400:
                raise SyncError(f"the sync server {self.host} gave no write token")
            self._token = answer.text.strip()
        return self._token

    # -- reading ------------------------------------------------------------

    def subscriptions(self) -> list[Subscription]:
        out = []
        for sub in self._json("subscription/list").get("subscriptions", []):
            if not isinstance(sub, dict) or not sub.get("id"):
                continue
            stream_id = str(sub["id"])
            url = str(sub.get("url") or stream_id.removeprefix("feed/"))
            folders = [
                str(c.get("label") or c.get("id", "").removeprefix(LABEL))
                for c in sub.get("categories", [])
                if isinstance(c, dict) and str(c.get("id", "")).startswith("user/")
            ]
            out.append(
                Subscription(
                    stream_id=stream_id,
                    title=str(sub.get("title") or ""),
                    url=url,
                    site_url=sub.get("htmlUrl") or None,
                    folders=[f for f in folders if f],
                )
            )
        return out

    def item_ids(
        self, stream: str, exclude: str | None = None, since: int | None = None
    ) -> set[int]:
        """The ids of a stream's items (less those tagged `exclude`; only those the
        server added after `since`, epoch seconds), a page of 10,000 per request.
        `server_time` is set from the first page: the server's clock as it answered."""
        ids: set[int] = set()
        continuation: str | None = None
        while True:
            params: dict[str, object] = {"s": stream, "n": 10000}
            if exclude:
                params["xt"] = exclude
            if since:
                params["ot"] = since
            if continuation:
                params["c"] = continuation
            answer = self._call("GET", "stream/items/ids", params={"output": "json", **params})
            if continuation is None:
                self.server_time = _server_clock(answer)
            value = self._decoded(answer, "stream/items/ids")
            refs = value.get("itemRefs") or []
            for ref in refs:
                try:
                    ids.add(parse_item_id(str(ref["id"])))
                except (KeyError, TypeError, ValueError):
                    continue
            continuation = value.get("continuation") or None
            if not continuation or not refs:
                return ids

    def items_by_id(
        self, remote_ids: Sequence[int], batch: int = CONTENTS_BATCH
    ) -> Iterator[list[RemoteItem]]:
        """The items with these ids, a batch per request (ids the server no longer
        has are left out). Only what is asked for moves: a later sync lists the
        ids since its cursor and fetches just the ones it lacks."""
        for start in range(0, len(remote_ids), batch):
            data = [("i", str(i)) for i in remote_ids[start : start + batch]]
            answer = self._call(
                "POST",
                "stream/items/contents",
                params={"output": "json"},
                data=data,
                write=False,
            )
            value = self._decoded(answer, "stream/items/contents")
            yield [item for raw in value.get("items", []) if (item := _item(raw))]

    # -- writing ------------------------------------------------------------

    def edit_tag(
        self, remote_ids: Sequence[int], *, add: str | None = None, remove: str | None = None
    ) -> Iterator[Sequence[int]]:
        """Tag or untag items, a batch per request; yields each batch once confirmed."""
        for start in range(0, len(remote_ids), EDIT_BATCH):
            batch = remote_ids[start : start + EDIT_BATCH]
            data: list[tuple[str, str]] = [("i", str(i)) for i in batch]
            if add:
                data.append(("a", add))
            if remove:
                data.append(("r", remove))
            self._call("POST", "edit-tag", data=data)
            yield batch

    def subscribe(
        self, feed_url: str, folder: str | None = None, title: str | None = None
    ) -> str | None:
        """Follow `feed_url` on the server: its stream id, or None when the server
        would not (it follows the feed already, or could not fetch it itself)."""
        answer = self._call("POST", "subscription/quickadd", data=[("quickadd", feed_url)])
        try:
            value = answer.json()
        except ValueError:
            raise SyncError(f"the sync server {self.host} sent no JSON for quickadd") from None
        stream_id = value.get("streamId") if isinstance(value, dict) else None
        if not isinstance(stream_id, str) or not stream_id:
            return None
        data = [("ac", "edit"), ("s", stream_id)]
        if folder:
            data.append(("a", LABEL + folder))
        if title:
            data.append(("t", title))
        if len(data) > 2:
            self._call("POST", "subscription/edit", data=data)
        return stream_id

    def unsubscribe(self, stream_id: str) -> None:
        self._call("POST", "subscription/edit", data=[("ac", "unsubscribe"), ("s", stream_id)])


def _server_clock(answer: httpx.Response) -> int | None:
    """The server's time from its Date header (epoch seconds), None without one."""
    try:
        return int(parsedate_to_datetime(answer.headers["date"]).timestamp())
    except (KeyError, TypeError, ValueError, IndexError):
        return None


def _item(raw: object) -> RemoteItem | None:
    if not isinstance(raw, dict):
        return None
    try:
        remote_id = parse_item_id(str(raw["id"]))
    except (KeyError, ValueError):
        return None
    links = raw.get("canonical") or raw.get("alternate") or []
    url = next(
        (str(link["href"]) for link in links if isinstance(link, dict) and link.get("href")), None
    )
    content = raw.get("content") or raw.get("summary") or {}
    published = raw.get("published")
    categories = {str(c) for c in raw.get("categories") or []}
    return RemoteItem(
        remote_id=remote_id,
        stream_id=str((raw.get("origin") or {}).get("streamId") or ""),
        title=str(raw.get("title") or ""),
        url=url,
        published=int(published) if isinstance(published, (int, float)) else None,
        author=str(raw.get("author") or ""),
        html=str(content.get("content") or "") if isinstance(content, dict) else "",
        read=READ in categories,
        starred=STARRED in categories,
    )
