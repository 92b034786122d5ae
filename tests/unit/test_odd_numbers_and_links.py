"""Numbers that str.isdigit() accepts but int() refuses ("²", 5,000 digits) cost
neither a feed nor a fetch: the count is null, the rest is stored. Links written
with unencoded spaces are kept, percent-encoded as a browser sends them. Over
real HTTP, through the command line."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from newsroom_tui.cli import main
from support.feedserver import FeedServer

DATA = Path(__file__).parents[1] / "data" / "correctness"


def _json(capsys: pytest.CaptureFixture[str], *args: str) -> object:
    main([*args, "--json"])
    out, _ = capsys.readouterr()
    return json.loads(out)


def _fetched(capsys: pytest.CaptureFixture[str], url: str) -> list[dict[str, object]]:
    assert main(["add", url]) == 0
    capsys.readouterr()
    [result] = _json(capsys, "fetch", "--no-articles")  # type: ignore[misc]
    assert result["status"] == "ok", result
    items = _json(capsys, "items")
    assert isinstance(items, list)
    return items


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("views-odd-digits.rss", "application/rss+xml"),
        # Ill-formed, so feedparser reads it: the same rule holds there.
        ("views-odd-digits-illformed.rss", "application/rss+xml"),
        ("views-odd-digits.json", "application/feed+json"),
    ],
)
def test_a_view_count_int_cannot_read_is_null_and_the_feed_is_stored(
    capsys: pytest.CaptureFixture[str], feed_server: FeedServer, name: str, content_type: str
) -> None:
    url = feed_server.add(f"/{name}", (DATA / name).read_bytes(), content_type=content_type)
    items = _fetched(capsys, url)
    views = {str(i["url"]).rsplit("/", 1)[1]: i["views"] for i in items}
    if name.endswith(".json"):
        # "²", a 5,000-digit string and a 5,000-digit number: no count; "1234" is one.
        assert views == {"1": None, "2": None, "3": None, "4": 1234}
    else:
        # "²" and 5,000 digits: no count; Arabic-Indic digits are digits.
        assert views == {"1": None, "2": 739, "3": None, "4": 739}


@pytest.mark.parametrize(
    ("status", "retry_after", "shown"),
    [
        (429, "²", "HTTP 429 Too Many Requests"),
        (503, "9" * 5000, "HTTP 503 Service Unavailable; the server asked to wait until "),
    ],
    ids=["superscript", "5000-digits"],
)
def test_a_retry_after_int_cannot_read_gives_the_servers_answer(
    capsys: pytest.CaptureFixture[str],
    feed_server: FeedServer,
    status: int,
    retry_after: str,
    shown: str,
) -> None:
    url = feed_server.add("/busy", b"", status=status, headers={"Retry-After": retry_after})
    assert main(["add", url]) == 0
    capsys.readouterr()
    assert main(["fetch", "--no-articles"]) == 1
    capsys.readouterr()
    [feed] = _json(capsys, "feeds")  # type: ignore[misc]
    assert feed["last_status"] == "error"
    assert feed["last_error"].startswith(shown), feed["last_error"]
    assert "\n" not in feed["last_error"]
    if status == 503:  # a delay past a week is a week (shown in local time)
        until = datetime.strptime(feed["last_error"].removeprefix(shown), "%d/%m/%Y %H:%M")
        assert abs(until - (datetime.now() + timedelta(days=7))) < timedelta(hours=15)


def test_feed_links_with_spaces_are_kept_percent_encoded(
    capsys: pytest.CaptureFixture[str], feed_server: FeedServer
) -> None:
    body = (DATA / "links-with-spaces.rss").read_bytes()
    url = feed_server.add("/feed.rss", body, content_type="application/rss+xml")
    items = _fetched(capsys, url)
    links = {i["title"]: i["url"] for i in items}
    assert links == {
        # Written with spaces: kept, as a browser requests it.
        "Bài có khoảng trắng trong liên kết": (
            "http://example.org/tin%20t%E1%BB%A9c/b%C3%A0i%20vi%E1%BA%BFt%201.html"
        ),
        # A path from the root: resolved against the URL the feed came from.
        "Bài có đường dẫn từ gốc": feed_server.url(
            "/tin%20t%E1%BB%A9c/b%C3%A0i%20vi%E1%BA%BFt%202.html"
        ),
        # Accepted before as written: kept as it was (it is the item's identity).
        "Bài có chữ Việt, không khoảng trắng": "http://example.org/tin/bài-viết-3.html",
        # Prose where a link belongs is no link; the item is still stored.
        "Bài có liên kết là lời văn": None,
    }


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "people-and-dates.atom",
            {
                # feedparser's author: "name (email)", else the name, else the email.
                "a1": ("Nguyễn Văn An (an@example.vn)", "2024-05-21T01:30:00+00:00"),
                "a2": ("Trần Thị Bình", "2003-12-31T10:14:55+00:00"),  # the last <updated>
                "a3": ("ban-bien-tap@example.vn", "2003-12-31T10:14:55+00:00"),
            },
        ),
        (
            "people-and-dates.rss",
            {
                "r1": ("Ban biên tập", "2004-01-01T19:48:21+00:00"),
                "r2": ("Lê Văn Cường", "2003-12-31T10:14:55+00:00"),  # dc:date
                "r3": ("Phạm Dũng", "2003-12-31T10:14:55+00:00"),  # dcterms:created
                "r4": ("Mark Pilgrim", "2003-12-31T10:14:55+00:00"),  # dcterms:issued
                "r5": (None, "2003-12-31T10:14:55+00:00"),  # dcterms:modified
            },
        ),
        ("people-and-dates.cdf", {"c1": (None, "2004-04-07T04:05:43+00:00")}),  # LASTMOD
    ],
)
def test_authors_and_dates_as_feedparser_maps_them(
    capsys: pytest.CaptureFixture[str],
    feed_server: FeedServer,
    name: str,
    expected: dict[str, tuple[str | None, str]],
) -> None:
    url = feed_server.add(f"/{name}", (DATA / name).read_bytes(), content_type="application/xml")
    items = _fetched(capsys, url)
    shown = {i["title"]: (i["author"], i["published"]) for i in items}
    assert shown == expected


def test_a_json_feed_number_where_text_belongs_is_shown_as_written(
    capsys: pytest.CaptureFixture[str], feed_server: FeedServer
) -> None:
    body = (DATA / "numbers-as-text.json").read_bytes()
    url = feed_server.add("/n.json", body, content_type="application/feed+json")
    items = _fetched(capsys, url)
    shown = {str(i["url"]).rsplit("/", 1)[1]: (i["title"], i["summary"]) for i in items}
    assert shown == {
        "1": ("12345", ""),  # a number title, no text: the row is not blank
        "2": ("Tiêu đề lấy từ nội dung", "Tiêu đề lấy từ nội dung"),  # true is no title
        "3": ("Tóm tắt là số", "12.5"),
    }
