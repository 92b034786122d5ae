"""Dates the readers met and could not read, over real HTTP: a pubDate followed
by the same date again, the Vietnamese long form, a two-digit year. Ambiguous
or contradictory text stays undated."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsroom_tui.cli import main
from newsroom_tui.dates import find_date, parse_date
from support.feedserver import FeedServer

CORPUS = Path(__file__).parents[1] / "data" / "corpus" / "real"


def _json(capsys: pytest.CaptureFixture[str], *args: str) -> object:
    code = main([*args, "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out)


def _dates_read_from_a_list(
    capsys: pytest.CaptureFixture[str], feed_server: FeedServer, dates: list[str]
) -> dict[str, str | None]:
    """Serve a news list whose n-th entry (/tin/n.html) shows dates[n-1]; what `try` read."""
    entries = "".join(
        f'<div class="item"><h3><a href="/tin/{n}.html">Thông báo số {n} của Ủy ban nhân dân '
        f'phường về công tác</a></h3><span class="date">{d}</span>'
        f"<p>Tóm tắt nội dung thông báo số {n} gửi tới người dân.</p></div>"
        for n, d in enumerate(dates, start=1)
    )
    page = f"<html><head><title>P</title></head><body><main>{entries}</main></body></html>"
    url = feed_server.add("/list.html", page.encode(), content_type="text/html")
    shown = _json(capsys, "try", url)
    assert isinstance(shown, dict)
    return {i["url"].rsplit("/", 1)[1]: i["published"] for i in shown["items"]}


def test_a_pubdate_with_the_date_repeated_after_it_reads(
    capsys: pytest.CaptureFixture[str], feed_server: FeedServer
) -> None:
    body = (CORPUS / "sinembargo-mx-spanish-dates-rss2.xml").read_bytes()
    assert main(["add", feed_server.add("/s.xml", body)]) == 0
    capsys.readouterr()
    _json(capsys, "fetch", "--no-articles")
    [item] = _json(capsys, "items")
    assert item["published"] == "2024-06-16T14:09:05+00:00"


def test_vietnamese_long_form_and_two_digit_years_in_a_list(
    capsys: pytest.CaptureFixture[str], feed_server: FeedServer
) -> None:
    dates = ["Ngày 21 tháng 5 năm 2024", "21/05/24", "Cập nhật: ngày 20 tháng 05 năm 2024, 14:30"]
    assert _dates_read_from_a_list(capsys, feed_server, dates) == {
        "1.html": "2024-05-21T00:00:00+07:00",  # Asia/Ho_Chi_Minh
        "2.html": "2024-05-21T00:00:00+07:00",
        "3.html": "2024-05-20T14:30:00+07:00",
    }


@pytest.mark.parametrize(
    "text",
    [
        "Dom, 16 Jun 2024 14:09:05 +0000 2024-06-17 14:09:05",  # two dates that disagree
        "Dom, 16 Jun 2024 14:09:05 +0000 junk 2024",
    ],
)
def test_contradictory_text_stays_undated(text: str) -> None:
    assert parse_date(text) is None


@pytest.mark.parametrize("text", ["ngày 31 tháng 2 năm 2024", "31/02/24", "số 121/05/245"])
def test_impossible_dates_stay_undated(text: str) -> None:
    assert find_date(text) is None


def test_afternoon_times_in_a_list_are_afternoon(
    capsys: pytest.CaptureFixture[str], feed_server: FeedServer
) -> None:
    # vi-VN .NET portals print "2:15 CH" (chiều) and "9:05 SA" (sáng); others AM/PM.
    dates = [
        "07/12/2026 2:15 CH",
        "06/12/2026 02:15 PM",
        "07/12/2026 9:05 SA",
        "05/12/2026 12:05 SA",
        "04/12/2026 2:15:00 CH",
    ]
    assert _dates_read_from_a_list(capsys, feed_server, dates) == {
        "1.html": "2026-12-07T14:15:00+07:00",
        "2.html": "2026-12-06T14:15:00+07:00",
        "3.html": "2026-12-07T09:05:00+07:00",
        "4.html": "2026-12-05T00:05:00+07:00",
        "5.html": "2026-12-04T14:15:00+07:00",
    }
