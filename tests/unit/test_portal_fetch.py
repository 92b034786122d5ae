"""Portal sources over real HTTP: `try`, `add`, `fetch` against the Ba Đình
corpus served on 127.0.0.1 (site, then site-later, then site-redesigned at
the same URLs), the JSON API, feed discovery, encodings and hostile pages."""

from __future__ import annotations

import hashlib
import json
import shutil
import time
from datetime import datetime
from pathlib import Path

import pytest

from newsroom_tui.cli import main
from support.feedserver import FeedServer

DATA = Path(__file__).parents[1] / "data"
BA_DINH = DATA / "corpus" / "portals" / "ba-dinh"
OWN = DATA / "portals"
EXPECTED = json.loads((BA_DINH / "expected.json").read_text(encoding="utf-8"))
_TYPES = {
    ".html": "text/html",
    ".xml": "application/rss+xml",
    ".json": "application/json",
    ".png": "image/png",
    ".css": "text/css",
}


def serve_site(server: FeedServer, site: str) -> str:
    """Serve every file of the corpus's `site` folder at its path, with an ETag."""
    root = BA_DINH / site
    for file in root.rglob("*"):
        if file.is_file():
            body = file.read_bytes()
            server.add(
                "/" + file.relative_to(root).as_posix(),
                body,
                content_type=_TYPES.get(file.suffix, "application/octet-stream"),
                etag='"' + hashlib.blake2b(body, digest_size=8).hexdigest() + '"',
            )
    return server.base_url


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> object:
    code, out, err = run(capsys, *args, "--json")
    assert code in (0, 1), err
    return json.loads(out)


def _instant(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def test_try_with_the_mapping_yields_exactly_the_expected_items(
    capsys: pytest.CaptureFixture[str], feed_server: FeedServer
) -> None:
    base = serve_site(feed_server, "site")
    expected = EXPECTED["sources"]["site"]
    code, out, err = run(
        capsys, "try", base + expected["list_url"], "--map", str(BA_DINH / "mapping.toml"), "--json"
    )
    assert code == 0, err
    found = json.loads(out)
    assert found["source"] == {
        "url": base + expected["list_url"],
        "kind": "html",
        "title": EXPECTED["source_title"],
    }
    items = found["items"]
    assert [i["title"] for i in items] == [e["title"] for e in expected["items"]]
    assert [i["url"] for i in items] == [base + e["url"] for e in expected["items"]]
    assert [_instant(i["published"]) for i in items] == [
        _instant(e["published"]) for e in expected["items"]
    ]
    assert all(i["published"] is None or i["published"].endswith("+07:00") for i in items)
    assert [i["views"] for i in items] == [e["views"] for e in expected["items"]]
    assert [i["summary"] for i in items] == [e["summary"] for e in expected["items"]]
    # The lead has no date and no count: a person is told so, in numbers.
    assert "date: selector 'div.meta' matched 9 of 10 entries" in found["warnings"]
    assert feed_server.hits  # and nothing was stored:
    assert run_json(capsys, "feeds") == []


def test_try_says_why_fields_are_missing(
    capsys: pytest.CaptureFixture[str], feed_server: FeedServer, tmp_path: Path
) -> None:
    base = serve_site(feed_server, "site")
    text = (BA_DINH / "mapping.toml").read_text(encoding="utf-8")
    text = text.replace('views = "div.meta"', 'views = "span.luot-xem"')
    text = text.replace('date_format = "%d/%m/%Y"', 'date_format = "%Y-%m-%d"')
    mapping = tmp_path / "m.toml"
    mapping.write_text(text, encoding="utf-8")
    found = run_json(capsys, "try", base + "/tin-tuc/index.html", "--map", str(mapping))
    warnings = found["warnings"]
    assert "views: selector 'span.luot-xem' matched 0 of 10 entries" in warnings
    assert (
        "date: 9 matched, 0 parsed with %Y-%m-%d, sample text '21/05/2024 - 739 Lượt xem'"
        in warnings
    )


def test_try_with_a_bad_mapping_exits_2_naming_the_key(
    capsys: pytest.CaptureFixture[str], feed_server: FeedServer, tmp_path: Path
) -> None:
    base = serve_site(feed_server, "site")
    mapping = tmp_path / "m.toml"
    mapping.write_text(
        'items = "div.news-item"\n[fields]\nlink = "a::attr(href)"\ntitel = "h3"\n',
        encoding="utf-8",
    )
    code, _out, err = run(capsys, "try", base + "/tin-tuc/index.html", "--map", str(mapping))
    assert code == 2
    assert err.count("\n") == 1 and "fields.titel: unknown key" in err
    assert "Traceback" not in err


def test_try_auto_detects_the_list(
    capsys: pytest.CaptureFixture[str], feed_server: FeedServer
) -> None:
    base = serve_site(feed_server, "site")
    spec = EXPECTED["auto_detect"]["site"]
    found = run_json(capsys, "try", base + spec["url"])
    urls = {i["url"] for i in found["items"]}
    assert {base + u for u in spec["must_find"]} <= urls
    assert not urls & {base + u for u in spec["must_not_find"]}
    assert found["source"]["kind"] == "html"


def test_add_map_fetch_then_later_updates_views_without_duplicates_then_redesign_fails_loudly(
    capsys: pytest.CaptureFixture[str], feed_server: FeedServer, tmp_path: Path
) -> None:
    base = serve_site(feed_server, "site")
    mapping = tmp_path / "mine.toml"
    shutil.copy(BA_DINH / "mapping.toml", mapping)
    code, out, err = run(capsys, "add", base + "/tin-tuc/index.html", "--map", str(mapping))
    assert code == 0, err
    mapping.unlink()  # the mapping is stored with the source
    [feed] = run_json(capsys, "feeds")
    assert feed["kind"] == "html" and feed["title"] == EXPECTED["source_title"]
    [result] = run_json(capsys, "fetch")
    assert result["status"] == "ok" and result["new_items"] == 10

    # A second fetch of the unchanged site asks for page 1 conditionally.
    [result] = run_json(capsys, "fetch")
    assert result["status"] == "not_modified"
    assert feed_server.requests[-1].headers.get("if-none-match")

    serve_site(feed_server, "site-later")
    [result] = run_json(capsys, "fetch")
    assert result["status"] == "ok" and result["new_items"] == 0
    items = run_json(capsys, "items")
    later = EXPECTED["site_then_later"]
    assert len(items) == later["distinct_items"]
    by_url = {i["url"]: i for i in items}
    assert set(by_url) == {base + e["url"] for e in later["items"]}
    for e in later["items"]:
        assert by_url[base + e["url"]]["views"] == e["views"], e["url"]
        assert _instant(by_url[base + e["url"]]["published"]) == _instant(e["published"]), e["url"]

    serve_site(feed_server, "site-redesigned")
    code, out, err = run(capsys, "fetch", "--json")
    assert code == 1
    [result] = json.loads(out)
    assert result["status"] == "error"
    assert (
        "items selector 'main.main-content div.news-item' matched nothing; last good fetch"
        in result["error"]
    )
    assert result["error"].endswith("yielded 9")  # site-later lists 9
    [feed] = run_json(capsys, "feeds")
    assert feed["last_status"] == "error" and "matched nothing" in feed["last_error"]
    assert len(run_json(capsys, "items")) == 10


def test_json_api_and_list_page_are_one_item_per_link(
    capsys: pytest.CaptureFixture[str], feed_server: FeedServer
) -> None:
    base = serve_site(feed_server, "site")
    expected = EXPECTED["sources"]["api"]
    found = run_json(
        capsys, "try", base + expected["list_url"], "--map", str(BA_DINH / "api-mapping.toml")
    )
    assert [i["url"] for i in found["items"]] == [base + e["url"] for e in expected["items"]]
    assert [i["views"] for i in found["items"]] == [e["views"] for e in expected["items"]]
    assert found["source"]["kind"] == "json"

    assert (
        run(capsys, "add", base + "/tin-tuc/index.html", "--map", str(BA_DINH / "mapping.toml"))[0]
        == 0
    )
    assert (
        run(capsys, "add", base + expected["list_url"], "--map", str(BA_DINH / "api-mapping.toml"))[
            0
        ]
        == 0
    )
    results = run_json(capsys, "fetch")
    assert sorted(r["status"] for r in results) == ["ok", "ok"]
    items = run_json(capsys, "items")
    assert len(items) == 10  # the list's 10, the API's 9 among them
    assert len({i["url"] for i in items}) == 10


def test_a_list_page_and_the_home_page_of_one_site_fetched_together_keep_the_cache_whole(
    capsys: pytest.CaptureFixture[str], feed_server: FeedServer
) -> None:
    # The same articles through a mapped list page and the auto-detected home
    # page, in one fetch: the second source updates items the first stored a
    # moment before in the same batch, whose index rows are not written yet.
    base = serve_site(feed_server, "site")
    mapping = str(BA_DINH / "mapping.toml")
    assert run(capsys, "add", base + "/tin-tuc/index.html", "--map", mapping)[0] == 0
    assert run(capsys, "add", base + "/index.html")[0] == 0
    results = run_json(capsys, "fetch", "--no-articles")
    assert [r["status"] for r in results] == ["ok", "ok"], results
    serve_site(feed_server, "site-later")  # a day later: new view counts
    results = run_json(capsys, "fetch", "--no-articles")
    assert "error" not in [r["status"] for r in results], results
    items = run_json(capsys, "items")
    assert len({i["url"] for i in items}) == len(items) >= 10
    title = EXPECTED["sources"]["api"]["items"][0]["title"]
    found = run_json(capsys, "search", f'"{title}"')
    assert [i["title"] for i in found] == [title]
    code, _, err = run(capsys, "read", str(items[0]["id"]))
    assert code == 0, err


def test_add_on_a_page_that_advertises_a_feed_subscribes_to_the_feed(
    capsys: pytest.CaptureFixture[str], feed_server: FeedServer
) -> None:
    base = serve_site(feed_server, "site")
    code, _out, err = run(capsys, "add", base + "/co-rss.html")
    assert code == 0
    assert f"the page advertises a feed: subscribed to {base}/rss.xml" in err
    [feed] = run_json(capsys, "feeds")
    assert feed["url"] == base + "/rss.xml" and feed["kind"] == "feed"
    [result] = run_json(capsys, "fetch")
    assert result["new_items"] == len(EXPECTED["rss"]["items"])


def test_add_on_a_page_without_a_feed_reads_it_as_a_news_list(
    capsys: pytest.CaptureFixture[str], feed_server: FeedServer
) -> None:
    base = serve_site(feed_server, "site")
    code, _out, err = run(capsys, "add", base + "/tin-tuc/index.html")
    assert code == 0 and "reading the page as a news list" in err
    [feed] = run_json(capsys, "feeds")
    assert feed["kind"] == "html"
    [result] = run_json(capsys, "fetch")
    assert result["status"] == "ok" and result["new_items"] >= 5


def test_a_windows_1258_page_without_a_charset_header_reads_as_nfc(
    capsys: pytest.CaptureFixture[str], feed_server: FeedServer
) -> None:
    url = feed_server.add(
        "/tin.html", (OWN / "windows-1258.html").read_bytes(), content_type="text/html"
    )
    found = run_json(capsys, "try", url)
    assert found["items"][0]["title"] == "Hội nghị tổng kết công tác năm 2023 của phường"


def test_hostile_pages_get_a_reason(
    capsys: pytest.CaptureFixture[str], feed_server: FeedServer
) -> None:
    huge = feed_server.add(
        "/huge.html", b"<html><body>" + b"<p>x</p>" * 64, content_type="text/html", endless=True
    )
    code, _out, err = run(capsys, "try", huge)
    assert code == 1 and "MiB cap" in err

    script = feed_server.add(
        "/js.html", (OWN / "script-only.html").read_bytes(), content_type="text/html"
    )
    code, _out, err = run(capsys, "try", script)
    assert code == 1 and "no list found" in err

    rows = "".join(
        f'<li><a href="/tin/{n}.html">Tin tức số {n} của phường hôm nay</a></li>'
        for n in range(100_000)
    )
    many = feed_server.add(
        "/many.html",
        f"<html><body><ul>{rows}</ul></body></html>".encode(),
        content_type="text/html",
    )
    started = time.monotonic()
    found = run_json(capsys, "try", many)
    assert time.monotonic() - started < 20
    assert 0 < len(found["items"]) <= 500


def test_pages_stop_on_a_url_seen_twice(
    capsys: pytest.CaptureFixture[str], feed_server: FeedServer, tmp_path: Path
) -> None:
    page = (BA_DINH / "site/tin-tuc/trang-2.html").read_text(encoding="utf-8")
    looped = page.replace(
        "</main>",
        '<div class="paging"><a class="next" href="/p1.html#x">Trang sau</a></div></main>',
    )
    feed_server.add("/p1.html", looped.replace("trang-2", "p2").encode(), content_type="text/html")
    feed_server.add("/p2.html", looped.encode(), content_type="text/html")
    found = run_json(
        capsys, "try", feed_server.url("/p1.html"), "--map", str(BA_DINH / "mapping.toml")
    )
    assert any("already read" in w for w in found["warnings"])
    assert feed_server.hits["/p1.html"] == 1
