"""A portal date printed without a time ("01/06/2024") is shown as that date,
whatever the machine's time zone: in `items`, `show`, the exports and the TUI's
list (one format_date serves them all), over real HTTP, in a subprocess per TZ."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from support.feedserver import FeedServer

TITLES = [
    "Phường tổ chức hội nghị tổng kết công tác cải cách hành chính",
    "Thông báo lịch tiếp công dân định kỳ của lãnh đạo phường",
    "Ra quân tổng vệ sinh môi trường các khu dân cư trên địa bàn",
    "Kế hoạch tuyên truyền phổ biến giáo dục pháp luật năm 2024",
    "Kết quả kiểm tra công tác phòng cháy chữa cháy quý II",
]


def _list_page() -> bytes:
    entries = "".join(
        f'<li class="news"><a href="tin/{n}.html">{title}</a>'
        f'<span class="d">0{n}/06/2024 - {n}00 lượt xem</span>'
        f"<p>Tóm tắt bản tin số {n} về hoạt động của phường trong tuần.</p></li>"
        for n, title in enumerate(TITLES, start=1)
    )
    return (
        f'<html><head><title>Phường</title></head><body><ul class="ds">{entries}</ul></body></html>'
    ).encode()


def _cli(home: Path, tz: str, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "newsroom_tui", *args],
        env=dict(os.environ, NEWSROOM_HOME=str(home), TZ=tz),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture
def home(tmp_path: Path, feed_server: FeedServer) -> Path:
    home = tmp_path / "portal-home"
    url = feed_server.add("/index.html", _list_page(), content_type="text/html")
    _cli(home, "UTC", "add", url)
    _cli(home, "UTC", "fetch", "--no-articles")
    return home


@pytest.mark.parametrize("tz", ["UTC", "America/New_York", "Asia/Ho_Chi_Minh"])
def test_a_date_without_a_time_is_the_date_the_site_printed(home: Path, tz: str) -> None:
    items = json.loads(_cli(home, tz, "items", "--json"))
    first = next(i for i in items if i["title"] == TITLES[0])
    listed = _cli(home, tz, "items")
    for n in range(1, 6):
        assert f"0{n}/06/2024" in listed
    assert "31/05/2024" not in listed

    shown = _cli(home, tz, "show", str(first["id"]))
    assert "2024-06-01" in shown or "01/06/2024" in shown, shown[:300]
    assert "2024-05-31" not in shown and "31/05/2024" not in shown

    _cli(home, tz, "bookmark", str(first["id"]))
    exported = _cli(home, tz, "export", "bookmarks", "--format", "markdown")
    assert "01/06/2024" in exported and "31/05/2024" not in exported

    # The TUI's list draws dates with the same function, in this zone.
    drawn = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from datetime import datetime;"
            "from newsroom_tui.tui.format import date_text;"
            "print(date_text(datetime.fromisoformat(sys.argv[1]), '%d/%m/%Y'))",
            first["published"],
        ],
        env=dict(os.environ, TZ=tz),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert drawn.stdout.strip() == "01/06/2024", drawn.stderr
