"""Main-text extraction of article pages: the corpus portal and boilerplate-heavy pages."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import unicodedata
from datetime import datetime
from pathlib import Path

import pytest

from newsroom_tui.sources.article import ExtractionError, extract_article
from newsroom_tui.sources.article.meta import parse_views

DATA = Path(__file__).parent.parent / "data"
PORTAL = DATA / "corpus" / "portals" / "ba-dinh"
ARTICLES = json.loads((PORTAL / "expected.json").read_text(encoding="utf-8"))["articles"]
PAGES = json.loads((DATA / "articles" / "expected.json").read_text(encoding="utf-8"))
SITE = "http://127.0.0.1:8000"


def _check(text: str, must: list[str], must_not: list[str]) -> None:
    missing = [phrase for phrase in must if phrase not in text]
    kept = [phrase for phrase in must_not if phrase in text]
    assert not missing, f"lost article text: {missing}"
    assert not kept, f"kept boilerplate: {kept}"


@pytest.mark.parametrize("selector", [None, "div.detail-content"], ids=["auto", "mapping"])
@pytest.mark.parametrize("path", sorted(ARTICLES), ids=lambda p: p.rsplit("/", 1)[-1][:40])
def test_corpus_article_keeps_body_and_captions_and_drops_chrome(
    path: str, selector: str | None
) -> None:
    expected = ARTICLES[path]
    page = (PORTAL / "site" / path.lstrip("/")).read_bytes()
    article = extract_article(page, SITE + path, content_selector=selector)
    _check(article.text, expected["content_must"], expected["content_must_not"])
    assert [(i.caption, i.url) for i in article.images] == [
        (c["text"], SITE + c["image"]) for c in expected["captions"]
    ]
    assert article.title == expected["title"]
    # Each caption sits right after its image, in the article's flow.
    for caption in expected["captions"]:
        figure = f'<img src="{SITE}{caption["image"]}"><figcaption>{caption["text"]}</figcaption>'
        assert figure.replace('"', "") in article.html.replace('"', "")
    if expected["date_on_page"]:
        day, clock = expected["date_on_page"].split()
        local = datetime.strptime(f"{day} {clock} +0700", "%d/%m/%Y %H:%M %z")
        assert article.published == local
    else:
        assert article.published is None  # never a guess from the related list's dates


@pytest.mark.parametrize("name", sorted(PAGES))
def test_boilerplate_heavy_pages_come_out_clean(name: str) -> None:
    expected = PAGES[name]
    article = extract_article((DATA / "articles" / name).read_bytes(), expected["url"])
    _check(article.text, expected["content_must"], expected["content_must_not"])
    assert [{"text": i.caption, "image": i.url} for i in article.images] == expected["captions"]
    assert article.title == expected["title"]
    assert article.published == datetime.fromisoformat(expected["published"])
    assert article.views == expected["views"]
    assert article.links == expected["links"]


def test_tables_lists_headings_and_links_survive_as_html() -> None:
    page = (DATA / "articles" / "tables.html").read_bytes()
    html = extract_article(page, PAGES["tables.html"]["url"]).html
    assert "<table><tr><th>Lĩnh vực</th><th>Số ý kiến</th></tr>" in html
    wp = extract_article((DATA / "articles" / "wordpress.html").read_bytes(), "https://p.vn/a/")
    assert "<h2>Kết quả sau một buổi sáng</h2>" in wp.html
    assert "<ul><li>4 tấn rác thải được thu gom</li>" in wp.html
    assert '<a href="https://p.vn/ban-do/ho-ngoc-khanh/">toàn bộ bờ hồ</a>' in wp.html


def test_nothing_of_the_page_markup_survives() -> None:
    page = """<html><body><article><h1>T</h1>
    <p onclick="steal()" style="color:red" class="x">Đoạn văn đầu tiên của bài viết này đủ dài để là bài.
    <a href="javascript:alert(1)">bấm</a> <a href="/ok">được</a> [red]x[/red] \x1b[2J</p>
    <img src="javascript:alert(2)"><img src="data:image/png;base64,AAAA">
    <figure><img src="/a.png" onerror="x()"><figcaption>Ảnh <b>đẹp</b></figcaption></figure>
    <script>alert(3)</script><iframe src="https://evil"></iframe></article></body></html>"""
    article = extract_article(page, "https://site.vn/tin/1.html")
    for bad in ("onclick", "style=", "javascript", "data:", "onerror", "script", "iframe", "\x1b"):
        assert bad not in article.html
    assert '<a href="https://site.vn/ok">được</a>' in article.html
    assert [i.url for i in article.images] == ["https://site.vn/a.png"]
    assert article.images[0].caption == "Ảnh đẹp"
    assert "[red]x[/red]" in article.text  # text stays text


def test_selector_that_matches_nothing_is_a_one_line_reason() -> None:
    page = PORTAL / "site" / "tin-tuc" / "phien-giao-dich-viec-lam-quan-ba-dinh-nam-2024-4.html"
    with pytest.raises(ExtractionError, match="matched nothing"):
        extract_article(page.read_bytes(), SITE + "/x", content_selector="div.nope")
    with pytest.raises(ExtractionError, match="not valid CSS"):
        extract_article(page.read_bytes(), SITE + "/x", content_selector="div[[")


@pytest.mark.parametrize(
    "page",
    [
        b"",
        b"<html><body><script>" + b"var a=1;" * 10_000 + b"</script></body></html>",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 50,
        b"<html><body><ul>"
        + b"".join(b'<li><a href="/a%d">link %d</a></li>' % (i, i) for i in range(100_000))
        + b"</ul></body></html>",
        b"<div>" * 100_000,
    ],
    ids=["empty", "script-only", "binary", "100k-links", "deep"],
)
def test_hostile_pages_fail_with_a_reason_in_bounded_time(page: bytes) -> None:
    started = time.process_time()
    with pytest.raises(ExtractionError):
        extract_article(page, "https://site.vn/x")
    assert time.process_time() - started < 15


def test_windows_1258_page_is_nfc_vietnamese() -> None:
    text = "<html><head><meta charset='windows-1258'></head><body><article><p>Quận Ba Đình tổ chức hội nghị tiếp xúc cử tri ở phường.</p></article></body></html>"
    page = _windows_1258(text)
    article = extract_article(page, "https://site.vn/x")
    assert "Quận Ba Đình tổ chức hội nghị" in article.text


_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def _windows_1258(text: str) -> bytes:
    """Vietnamese as windows-1258 writes it: tone marks as combining characters."""
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", char)
        tones = "".join(c for c in parts if c in _TONES)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
        out += (base + tones).encode("cp1258")
    return bytes(out)


@pytest.mark.parametrize(
    ("text", "views"),
    [
        ("21/05/2024 - 739 Lượt xem", 739),
        ("Lượt xem: 1.234", 1234),
        ("03/06/2024 Lượt xem: 1.234", 1234),
        ("1.234 lượt xem", 1234),
        ("Lượt đọc: 2.048", 2048),
        ("21/05/2024", None),
    ],
)
def test_views_from_text(text: str, views: int | None) -> None:
    assert parse_views(text) == views


def test_extraction_imports_no_ui() -> None:
    script = (
        "import sys; import newsroom_tui.sources.article as a\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('rich', 'textual')))"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
