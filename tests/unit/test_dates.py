"""Dates: the one date module, seen through the CLI on a real feed over HTTP."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from data.make_feeds import json_feed
from newsroom_tui.cli import main
from newsroom_tui.dates import find_date, parse_date
from support.feedserver import FeedServer

DATA = Path(__file__).resolve().parents[1] / "data"

# Each title of tests/data/correctness/dates.rss and the date a user must see.
EXPECTED = {
    "date 0": "2024-05-21T01:30:00+00:00",  # Tue, 21 May 2024 08:30:00 +0700
    "date 1": "2020-01-10T14:33:00+00:00",  # 2020/1/10 14:33:00 (feedparser: 2020-12-01)
    "date 2": "2018-09-24T22:42:40+00:00",  # Seg, 24 Set 2018 19:42:40 -0300
    "date 3": "2024-06-16T00:00:00+00:00",  # Dom, 16 Jun 2024
    "date 4": "2006-04-05T00:00:00+00:00",  # April 5, 2006
    "date 5": "2024-05-21T08:30:00+00:00",  # Thứ Ba, 21/05/2024 08:30
    "date 6": "2024-05-21T00:00:00+00:00",  # 21 tháng 5, 2024
    "date 7": "2024-05-21T08:30:00+00:00",  # 21/05/2024 - 08:30
    "date 8": "2024-05-14T08:00:00+00:00",  # mardi 14 mai 2024 10:00:00 +0200
    "date 9": "2024-05-14T08:00:00+00:00",  # Dienstag, 14. Mai 2024 10:00 MESZ
    "date 10": "1955-11-05T06:00:00+00:00",  # Sat, 05 Nov 1955 06:00:00 GMT
    "date 11": "1969-07-20T20:17:40+00:00",  # 1969-07-20T20:17:40Z
    "date 12": None,  # Sun, 01 Jan 10000 00:00:00 GMT
    "date 13": None,  # Mon, 31 Apr 2024 10:00:00 GMT
    "date 14": None,  # Mon, 16 Dec 2024 25:61:00 GMT
    "date 15": None,  # next tuesday
}


def items_by_title(capsys: pytest.CaptureFixture[str], url: str) -> dict[str, object]:
    assert main(["add", url]) == 0
    assert main(["fetch"]) == 0
    capsys.readouterr()
    assert main(["items", "--json", "--limit", "100"]) == 0
    return {item["title"]: item["published"] for item in json.loads(capsys.readouterr().out)}


def test_feed_dates_as_the_user_sees_them(
    capsys: pytest.CaptureFixture[str], feed_server: FeedServer
) -> None:
    url = feed_server.add("/dates.rss", (DATA / "correctness" / "dates.rss").read_bytes())
    assert items_by_title(capsys, url) == EXPECTED


def test_json_feed_dates_go_through_the_same_module(
    capsys: pytest.CaptureFixture[str], feed_server: FeedServer
) -> None:
    items = [
        {"id": "a", "title": "old", "date_published": "1960-03-01T10:00:00-05:00"},
        {"id": "b", "title": "far", "date_published": "10000-01-01T00:00:00Z"},
        {"id": "c", "title": "es", "date_published": "Dom, 16 Jun 2024 10:00:00 +0200"},
    ]
    url = feed_server.add("/feed.json", json_feed(items), content_type="application/feed+json")
    assert items_by_title(capsys, url) == {
        "old": "1960-03-01T15:00:00+00:00",
        "far": None,
        "es": "2024-06-16T08:00:00+00:00",
    }


ICT = timezone(timedelta(hours=7))


@pytest.mark.parametrize(
    ("text", "date_format", "expected"),
    [
        ("21/05/2024 - 739 Lượt xem", "%d/%m/%Y", datetime(2024, 5, 21, tzinfo=ICT)),
        ("Thứ Ba, 21/05/2024 08:30", "%d/%m/%Y", datetime(2024, 5, 21, 8, 30, tzinfo=ICT)),
        ("Cập nhật lúc 08:30 | 21/05/2024", "%d/%m/%Y", datetime(2024, 5, 21, 8, 30, tzinfo=ICT)),
        ("Ngày 31/02/2024 và 01/03/2024", "%d/%m/%Y", datetime(2024, 3, 1, tzinfo=ICT)),
        ("Đăng 2024-05-21 08:30", "%Y-%m-%d %H:%M", datetime(2024, 5, 21, 8, 30, tzinfo=ICT)),
        ("21 Mai 2024", "%d %b %Y", datetime(2024, 5, 21, tzinfo=ICT)),
        ("2024-05-21T08:30:00+00:00", None, datetime(2024, 5, 21, 8, 30, tzinfo=UTC)),
        ("May 21, 2024", None, datetime(2024, 5, 21, tzinfo=ICT)),
        ("1.6.2024 08:30", None, datetime(2024, 6, 1, 8, 30, tzinfo=ICT)),
        ("21/05/2024", "%Y-%m-%d", None),
        ("739 Lượt xem", "%d/%m/%Y", None),
        ("99/99/2024", "%d/%m/%Y", None),
    ],
)
def test_find_date_in_portal_text(
    text: str, date_format: str | None, expected: datetime | None
) -> None:
    assert find_date(text, date_format) == expected


def test_find_date_zone_is_configurable() -> None:
    found = find_date("21/05/2024 08:30", tz="Europe/Paris")
    assert found == datetime(2024, 5, 21, 6, 30, tzinfo=UTC)
    assert find_date("21/05/2024 08:30", tz="Mars/Olympus") is None


@pytest.mark.parametrize(
    "text",
    ["Sun, 31 Dec 9999 23:59:59 -9999", "9999-12-31T23:59:59-99:99", "05/06/07", "2013-01-27-01"],
)
def test_impossible_or_ambiguous_dates_are_null(text: str) -> None:
    assert parse_date(text) is None


def test_rfc822_shortcut_reads_what_the_token_reader_reads() -> None:
    # parse_date reads "Mon, 02 Jan 2006 15:04:05 -0700" by a shortcut; it must
    # give what the general token reader gives for every such text, bad ones too.
    from newsroom_tui.dates.tokens import read_tokens

    chooser = random.Random(16)
    zones = ["", " +0000", " -0500", " +0730", " +2400", " -0060", " GMT", " utc", " EST"]
    zones += [" Z", " pdt", " ict", " a", " at", " xyz", " +07", " j"]
    for _ in range(3000):
        text = "{}{} {} {} {}:{:02d}{}{}".format(
            chooser.choice(["", "Mon, ", "sun ", "Thu,", "Mar, "]),
            chooser.choice(["0", "1", "02", "29", "30", "31", "32", "45"]),
            chooser.choice(["Jan", "feb", "APR", "Jun", "Sep", "Dec", "Fev"]),
            chooser.choice([1969, 1900, 2024, 9999, 1]),
            chooser.randrange(0, 26),
            chooser.randrange(0, 61),
            chooser.choice(["", ":00", ":59", ":60"]),
            chooser.choice(zones),
        )
        for tz in (UTC, timezone(timedelta(hours=7))):
            try:
                expected = read_tokens(text, tz)
            except (ValueError, OverflowError):
                expected = None
            assert parse_date(text, tz) == expected, text
