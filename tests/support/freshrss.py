"""A real FreshRSS server for the sync tests, started from the shared script.

The script lives beside the clone (`../shared/servers/freshrss.sh` from the
repository root), as it does in CI. Where PHP is absent the tests that need
the server skip with the reason, except when NEWSROOM_REQUIRE_FRESHRSS is set
(CI sets it): there a missing server is a failure.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO.parent / "shared" / "servers" / "freshrss.sh"
REQUIRE_ENV = "NEWSROOM_REQUIRE_FRESHRSS"


def configure_sync(home: Path, api: str, user: str = "reader") -> None:
    """A config whose [sync] names `api`, the password in $NEWSROOM_SYNC_PASSWORD."""
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text(
        f'[sync]\nkind = "greader"\nurl = "{api}"\nuser = "{user}"\n'
        'password_env = "NEWSROOM_SYNC_PASSWORD"\n',
        encoding="utf-8",
    )


def require_server() -> None:
    """Skip (or fail, when required) a test that needs the server and cannot have it."""
    required = os.environ.get(REQUIRE_ENV, "") not in ("", "0")
    if shutil.which("php") is None:
        reason = (
            "FreshRSS needs PHP: apt-get install -y php-cli php-sqlite3 php-xml "
            "php-mbstring php-curl php-intl"
        )
        if required:
            pytest.fail(f"{REQUIRE_ENV} is set but {reason}")
        pytest.skip(reason)
    if not SCRIPT.is_file():
        pytest.fail(f"no FreshRSS script at {SCRIPT} (shared/ must sit beside the clone)")


@dataclass
class FreshRSS:
    """One running server; `api` is its Google Reader API endpoint."""

    directory: Path
    url: str
    api: str
    user: str
    api_password: str
    pid: int

    @classmethod
    def start(cls, directory: Path) -> FreshRSS:
        require_server()
        for _attempt in range(3):
            done = subprocess.run(
                [str(SCRIPT), "start", str(directory)],
                capture_output=True,
                text=True,
                timeout=120,
                stdin=subprocess.DEVNULL,
            )
            # The script's module check (`php -m`) has come back short on a
            # loaded machine while php had every module: try it again.
            if done.returncode == 0 or "php lacks" not in done.stderr:
                break
        if done.returncode != 0:
            pytest.fail(f"FreshRSS did not start: {done.stderr.strip()}")
        values = dict(line.split("=", 1) for line in done.stdout.splitlines() if "=" in line)
        return cls(
            directory=directory,
            url=values["url"],
            api=values["api"],
            user=values["user"],
            api_password=values["api_password"],
            pid=int(values["pid"]),
        )

    def stop(self) -> None:
        subprocess.run(
            [str(SCRIPT), "stop", str(self.directory)],
            capture_output=True,
            timeout=30,
            stdin=subprocess.DEVNULL,
        )

    def refresh(self) -> None:
        """Make the server fetch its feeds now."""
        subprocess.run(
            [str(SCRIPT), "refresh", str(self.directory)],
            capture_output=True,
            timeout=120,
            stdin=subprocess.DEVNULL,
        )

    def client(self) -> ServerClient:
        """The API as another device sees it (to make changes on the server)."""
        return ServerClient(self)


class ServerClient:
    """Changes made on the server by another reader, through its own API."""

    def __init__(self, server: FreshRSS) -> None:
        self.api = server.api
        self.http = httpx.Client(timeout=30)
        answer = self.http.post(
            f"{self.api}/accounts/ClientLogin",
            data={"Email": server.user, "Passwd": server.api_password},
        )
        answer.raise_for_status()
        auth = next(line[5:] for line in answer.text.splitlines() if line.startswith("Auth="))
        self.http.headers["Authorization"] = f"GoogleLogin auth={auth}"
        self.token = self.http.get(f"{self.api}/reader/api/0/token").text.strip()

    def post(self, path: str, data: list[tuple[str, str]]) -> str:
        form: dict[str, list[str]] = {}
        for key, value in [*data, ("T", self.token)]:
            form.setdefault(key, []).append(value)
        answer = self.http.post(f"{self.api}/reader/api/0/{path}", data=form)
        answer.raise_for_status()
        return answer.text

    def get(self, path: str, **params: str | int) -> dict:
        answer = self.http.get(
            f"{self.api}/reader/api/0/{path}", params={"output": "json", **params}
        )
        answer.raise_for_status()
        return answer.json()

    def subscribe(self, feed_url: str, folder: str | None = None) -> None:
        data = [("ac", "subscribe"), ("s", f"feed/{feed_url}")]
        if folder:
            data.append(("a", f"user/-/label/{folder}"))
        self.post("subscription/edit", data)

    def item_ids(self, stream: str, exclude: str | None = None) -> list[int]:
        params: dict[str, str | int] = {"s": stream, "n": 100000}
        if exclude:
            params["xt"] = exclude
        return [int(ref["id"]) for ref in self.get("stream/items/ids", **params)["itemRefs"]]

    def read_ids(self) -> set[int]:
        """The items read on the server: the reading list less its unread items.

        (FreshRSS answers a stream of `state/com.google/read` with every item.)"""
        everything = "user/-/state/com.google/reading-list"
        unread = self.item_ids(everything, exclude="user/-/state/com.google/read")
        return set(self.item_ids(everything)) - set(unread)

    def close(self) -> None:
        self.http.close()
