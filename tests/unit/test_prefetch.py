"""Article prefetch after a fetch: a summary-only RSS whose links lead to article pages."""

from __future__ import annotations

import json
import mimetypes
from pathlib import Path

import pytest
from tests.support.feedserver import FeedServer

from newsroom_tui.cli import main

SITE = Path(__file__).parent.parent / "data" / "corpus" / "portals" / "ba-dinh" / "site"
EXPECTED = json.loads((SITE.parent / "expected.json").read_text(encoding="utf-8"))["articles"]


def _serve_site(server: FeedServer) -> None:
    for path in SITE.rglob("*"):
        if path.is_file():
            kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            if path.suffix == ".xml":
                kind = "application/rss+xml"
            server.add(
                "/" + path.relative_to(SITE).as_posix(), path.read_bytes(), content_type=kind
            )


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def site() -> FeedServer:
    with FeedServer() as server:
        _serve_site(server)
        yield server


def test_fetch_prefetches_articles_and_show_reads_them_offline(
    site: FeedServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = str(tmp_path / "home")
    code, out, _ = _run(capsys, "--home", home, "add", site.url("/rss.xml"))
    assert code == 0
    code, out, err = _run(capsys, "--home", home, "fetch")
    assert code == 0, err
    assert "10 new items; 10 articles saved for offline reading" in out
    article_paths = [p for p in site.hits if p.startswith("/tin-tuc/")]
    assert sorted(article_paths) == sorted(EXPECTED)
    site.stop()

    code, out, _ = _run(capsys, "--home", home, "items", "--json")
    items = json.loads(out)
    assert len(items) == 10
    for item in items:
        path = "/" + item["url"].split("/", 3)[3]
        expected = EXPECTED[path]
        code, out, _ = _run(capsys, "--home", home, "show", str(item["id"]), "--json")
        shown = json.loads(out)
        assert shown["text_source"] == "article"
        for phrase in expected["content_must"]:
            assert phrase in shown["text"]
        for phrase in expected["content_must_not"]:
            assert phrase not in shown["text"]
        assert [(i["caption"], i["url"]) for i in shown["images"]] == [
            (c["text"], site.url(c["image"])) for c in expected["captions"]
        ]
        # Plain show prints the captions in place and says which text it is.
        code, out, _ = _run(capsys, "--home", home, "show", str(item["id"]))
        flowed = " ".join(out.split())  # lines wrap at the width
        for caption in expected["captions"]:
            assert caption["text"] in flowed
        assert "[full article]" in out
        code, out, _ = _run(capsys, "--home", home, "show", str(item["id"]), "--feed-text")
        assert "[feed summary" in out

    # Search finds words that only the article pages hold.
    code, out, _ = _run(capsys, "--home", home, "search", "Phát biểu chỉ đạo", "--json")
    assert any("Dân vận khéo" in hit["title"] for hit in json.loads(out))


def test_a_second_fetch_requests_no_known_article(
    site: FeedServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = str(tmp_path / "home")
    _run(capsys, "--home", home, "add", site.url("/rss.xml"))
    _run(capsys, "--home", home, "fetch")
    first = {p: n for p, n in site.hits.items() if p.startswith("/tin-tuc/")}
    code, out, _ = _run(capsys, "--home", home, "fetch")
    assert code == 0
    assert "0 articles saved" in out
    assert {p: n for p, n in site.hits.items() if p.startswith("/tin-tuc/")} == first
    assert set(first.values()) == {1}


def test_no_articles_and_never_fetch_no_page(
    site: FeedServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = str(tmp_path / "home")
    _run(capsys, "--home", home, "add", site.url("/rss.xml"))
    _code, out, _ = _run(capsys, "--home", home, "fetch", "--no-articles")
    assert "0 articles saved" in out
    assert not [p for p in site.hits if p.startswith("/tin-tuc/")]
    _code, out, _ = _run(capsys, "--home", home, "items", "--json")
    item = json.loads(out)[0]
    _code, out, _ = _run(capsys, "--home", home, "show", str(item["id"]), "--json")
    assert json.loads(out)["text_source"] == "feed"

    other = str(tmp_path / "other")
    _run(capsys, "--home", other, "add", site.url("/rss.xml"), "--full-text", "never")
    _run(capsys, "--home", other, "fetch")
    assert not [p for p in site.hits if p.startswith("/tin-tuc/")]


def test_failed_pages_keep_the_feed_text_and_are_retried_a_bounded_number_of_times(
    site: FeedServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = str(tmp_path / "home")
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / "config.toml").write_text("[articles]\nmax_attempts = 2\n")
    broken = "/tin-tuc/phien-giao-dich-viec-lam-quan-ba-dinh-nam-2024-4.html"
    site.add(broken, b"", status=500, content_type="text/html")
    _run(capsys, "--home", home, "add", site.url("/rss.xml"))
    code, out, _ = _run(capsys, "--home", home, "fetch")
    assert code == 0  # the feed fetched; one article page did not
    assert "9 articles saved" in out
    _run(capsys, "--home", home, "fetch")
    _run(capsys, "--home", home, "fetch")
    assert site.hits[broken] == 2
    code, out, _ = _run(capsys, "--home", home, "search", "Phiên giao dịch việc làm", "--json")
    item = json.loads(out)[0]
    code, out, _ = _run(capsys, "--home", home, "show", str(item["id"]), "--json")
    shown = json.loads(out)
    assert shown["text_source"] == "feed"
    assert "Phiên giao dịch việc làm" in shown["text"]


def test_a_host_that_asks_to_wait_is_left_alone(
    site: FeedServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = str(tmp_path / "home")
    for path in EXPECTED:
        site.add(path, b"slow down", status=429, headers={"Retry-After": "120"})
    _run(capsys, "--home", home, "add", site.url("/rss.xml"))
    _code, out, _ = _run(capsys, "--home", home, "fetch")
    assert "0 articles saved" in out
    # One page asked; the rest of that host's pages wait for a later fetch.
    assert sum(n for p, n in site.hits.items() if p.startswith("/tin-tuc/")) <= 2


def test_portal_source_reads_its_articles_through_the_mapping_selector(
    site: FeedServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = str(tmp_path / "home")
    mapping = str(SITE.parent / "mapping.toml")
    code, _, err = _run(
        capsys, "--home", home, "add", site.url("/tin-tuc/index.html"), "--map", mapping
    )
    assert code == 0, err
    code, out, err = _run(capsys, "--home", home, "fetch")
    assert code == 0, err
    assert "10 articles saved" in out
    site.stop()
    _code, out, _ = _run(capsys, "--home", home, "items", "--json")
    for item in json.loads(out):
        expected = EXPECTED["/" + item["url"].split("/", 3)[3]]
        _code, out, _ = _run(capsys, "--home", home, "show", str(item["id"]), "--json")
        shown = json.loads(out)
        assert shown["text_source"] == "article"
        assert all(phrase in shown["text"] for phrase in expected["content_must"])
        assert not any(phrase in shown["text"] for phrase in expected["content_must_not"])
        assert [i["caption"] for i in shown["images"]] == [c["text"] for c in expected["captions"]]
