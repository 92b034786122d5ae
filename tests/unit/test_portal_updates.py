"""What a later fetch of a portal source changes in the stored items: an entry
that gains a date (or whose date is corrected) with the same text is updated,
not left undated and not duplicated."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from newsroom_tui.cli import main
from support.feedserver import FeedServer

HEADLINES = [
    ("/tin/1.html", "Hội nghị tổng kết công tác cải cách hành chính năm 2024"),
    ("/tin/2.html", "Phường tổ chức ngày hội toàn dân bảo vệ an ninh Tổ quốc"),
    ("/tin/3.html", "Thông báo lịch tiếp công dân của Chủ tịch UBND phường"),
    ("/tin/4.html", "Kế hoạch tổng vệ sinh môi trường khu dân cư tháng Sáu"),
]


def page(dates: list[str | None]) -> bytes:
    entries = "".join(
        f'<li><a href="{link}">{title}</a>{f" <span>{date}</span>" if date else ""}'
        "<p>Tóm tắt của bản tin này, đủ dài để đọc như một đoạn tóm tắt.</p></li>"
        for (link, title), date in zip(HEADLINES, dates, strict=True)
    )
    return (
        "<html><head><title>Tin tức phường</title></head><body>"
        f'<ul class="tin">{entries}</ul></body></html>'
    ).encode()


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> object:
    code = main([*args, "--json"])
    out, err = capsys.readouterr()
    assert code in (0, 1), err
    return json.loads(out)


def test_an_entry_that_gains_or_changes_its_date_is_updated(
    capsys: pytest.CaptureFixture[str], feed_server: FeedServer
) -> None:
    url = feed_server.add(
        "/tin-tuc.html", page([None, None, "20/05/2024", None]), content_type="text/html"
    )
    assert main(["add", url]) == 0
    capsys.readouterr()
    [result] = run_json(capsys, "fetch")
    assert result["status"] == "ok" and result["new_items"] == 4
    before = {i["url"]: i["published"] for i in run_json(capsys, "items")}
    assert sum(p is not None for p in before.values()) == 1

    # The same entries, word for word; two gain a date, one's date is corrected.
    feed_server.add(
        "/tin-tuc.html",
        page(["21/05/2024", None, "19/05/2024", "22/05/2024"]),
        content_type="text/html",
    )
    [result] = run_json(capsys, "fetch")
    assert result["status"] == "ok" and result["new_items"] == 0
    items = run_json(capsys, "items")
    assert len(items) == 4
    after = {
        i["url"].rsplit("/", 1)[1]: i["published"] and datetime.fromisoformat(i["published"])
        for i in items
    }
    assert after == {
        "1.html": datetime.fromisoformat("2024-05-21T00:00:00+07:00"),
        "2.html": None,
        "3.html": datetime.fromisoformat("2024-05-19T00:00:00+07:00"),
        "4.html": datetime.fromisoformat("2024-05-22T00:00:00+07:00"),
    }
    # Newest first: the dates now place the entries (the undated one by when it was seen).
    assert [i["url"].rsplit("/", 1)[1] for i in items] == ["2.html", "4.html", "1.html", "3.html"]


def test_values_the_cache_adjusts_are_one_warning_line_in_try_and_in_fetch(
    capsys: pytest.CaptureFixture[str], feed_server: FeedServer
) -> None:
    entries = [
        ("/tin/1.html", HEADLINES[0][1], "21/05/2024 - 99999999999999999999999 Lượt xem"),
        ("/tin/2.html", HEADLINES[1][1], "21/05/2099 - 12 Lượt xem"),
        ("/tin/3.html", HEADLINES[2][1], "20/05/2024 - 98765432109876543210 Lượt xem"),
        ("/tin/4.html", HEADLINES[3][1], "19/05/2024 - 7 Lượt xem"),
    ]
    body = "".join(
        f'<li><a href="{link}">{title}</a> <span>{meta}</span></li>'
        for link, title, meta in entries
    )
    url = feed_server.add(
        "/tin-tuc.html",
        f'<html><body><ul class="tin">{body}</ul></body></html>'.encode(),
        content_type="text/html",
    )
    found = run_json(capsys, "try", url)
    adjusted = [w for w in found["warnings"] if w.startswith("some values were adjusted")]
    assert adjusted == [
        "some values were adjusted: view count out of range or not a number dropped (2); "
        "published date in the future kept, listed by when it was seen"
    ]
    assert [i["views"] for i in found["items"]] == [None, 12, None, 7]

    assert main(["try", url]) == 0
    out = capsys.readouterr().out
    assert out.count("warning: some values were adjusted") == 1

    assert main(["add", url]) == 0
    capsys.readouterr()
    assert main(["fetch"]) == 0
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if "some values were adjusted" in line]
    assert len(lines) == 1 and lines[0].startswith("warning: ")
    assert "view count out of range or not a number dropped (2)" in lines[0]


BA_DINH = Path(__file__).parents[1] / "data" / "corpus" / "portals" / "ba-dinh"
EXPECTED = json.loads((BA_DINH / "expected.json").read_text(encoding="utf-8"))


def serve_corpus(server: FeedServer) -> str:
    types = {".html": "text/html", ".xml": "application/rss+xml"}
    root = BA_DINH / "site"
    for file in root.rglob("*"):
        if file.suffix in types:
            server.add(
                "/" + file.relative_to(root).as_posix(),
                file.read_bytes(),
                content_type=types[file.suffix],
            )
    return server.base_url


@pytest.mark.parametrize("feed_first", [True, False])
def test_an_item_in_the_sites_feed_and_its_list_page_is_one_item(
    capsys: pytest.CaptureFixture[str], feed_server: FeedServer, tmp_path: Path, feed_first: bool
) -> None:
    base = serve_corpus(feed_server)
    home = ["--home", str(tmp_path / "home")]
    feed, page = base + "/rss.xml", base + "/tin-tuc/index.html"
    for url in (feed, page) if feed_first else (page, feed):
        assert main([*home, "add", url]) == 0
        assert main([*home, "fetch", "--no-articles"]) == 0
    capsys.readouterr()
    items = run_json(capsys, *home, "items")
    urls = [i["url"] for i in items]
    rss_urls = {base + e["url"] for e in EXPECTED["rss"]["items"]}
    assert len(urls) == len(set(urls))  # one item per link
    assert set(urls) >= rss_urls
    # The first source keeps the item; the list page still brings its view counts.
    feeds = {f["id"]: f["kind"] for f in run_json(capsys, *home, "feeds")}
    owner = "feed" if feed_first else "html"
    by_url = {i["url"]: i for i in items}
    listed = [e for e in EXPECTED["sources"]["site"]["items"] if e["views"] is not None]
    for entry in listed:
        item = by_url[base + entry["url"]]
        assert feeds[item["feed_id"]] == owner, entry["url"]
        assert item["views"] == entry["views"], entry["url"]
    # A second fetch of both neither adds nor rewrites anything.
    results = run_json(capsys, *home, "fetch", "--no-articles")
    assert sum(r["new_items"] for r in results) == 0
    assert len(run_json(capsys, *home, "items")) == len(items)
