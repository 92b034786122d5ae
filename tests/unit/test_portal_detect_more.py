"""Auto-detection on portals with other markup than the corpus's, and its
pages: the pager's next page is read (bounded), over real HTTP."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from newsroom_tui.cli import main
from newsroom_tui.sources.detect import detect_list
from newsroom_tui.sources.encoding import decode_html
from support.feedserver import FeedServer

DATA = Path(__file__).parents[1] / "data"
OWN = DATA / "portals"
BA_DINH = DATA / "corpus" / "portals" / "ba-dinh"
EXPECTED = json.loads((BA_DINH / "expected.json").read_text(encoding="utf-8"))

PHUC_XA_NEWS = [
    "/tin/hoi-nghi-cai-cach-hanh-chinh-2024.html",
    "/tin/ra-quan-don-ve-sinh-mua-mua.html",
    "/tin/trao-hoc-bong-hoc-sinh-ngheo.html",
    "/tin/tap-huan-chuyen-doi-so.html",
]
SITE = "https://phuong.example.vn"


@pytest.mark.parametrize(
    ("page", "url", "links", "next_url"),
    [
        # A menu of 24 headline-long links not marked as a menu (no <nav>, no
        # "menu" class) above 4 dated cards; pager "1 2 3 Tiếp » Trang cuối".
        (
            "cards-big-menu.html",
            "/tin-hoat-dong",
            PHUC_XA_NEWS,
            "/tin-hoat-dong?trang=2",
        ),
        # <article> + <time datetime>, beside a 24-link category list; the
        # pager's current page is a link marked aria-current.
        ("articles-time.html", "/tin", PHUC_XA_NEWS, "/tin?p=2"),
        # Table rows; a pager of bare numbers on the first page.
        (
            "table-list.html",
            "/thong-bao",
            [
                "/thong-bao/tiep-cong-dan-thang-6.aspx?id=101",
                "/thong-bao/ra-soat-ho-ngheo.aspx?id=99",
                "/thong-bao/phong-chong-sot-xuat-huyet.aspx?id=97",
                "/thong-bao/ve-sinh-moi-truong.aspx?id=95",
            ],
            "/thong-bao?page=2",
        ),
        # A plain ul/li list beside a sidebar with the same links; no pager.
        (
            "plain-list.html",
            "/tin",
            [
                "/tin/hoi-nghi-tong-ket.html",
                "/tin/trao-qua-thieu-nhi.html",
                "/tin/tap-huan-pccc.html",
            ],
            None,
        ),
    ],
)
def test_the_news_list_and_its_next_page_are_found_on_other_markup(
    page: str, url: str, links: list[str], next_url: str | None
) -> None:
    found = detect_list(decode_html((OWN / page).read_bytes()), SITE + url)
    assert [item.url for item in found.items] == [SITE + link for link in links]
    assert all(item.published is not None for item in found.items)
    assert found.next_url == (SITE + next_url if next_url else None)


def test_the_cards_keep_their_date_views_and_summary() -> None:
    found = detect_list(decode_html((OWN / "cards-big-menu.html").read_bytes()), SITE + "/tin")
    first = found.items[0]
    assert first.title == "Hội nghị sơ kết công tác cải cách hành chính 6 tháng đầu năm 2024"
    assert (
        first.published is not None and first.published.isoformat() == "2024-06-27T02:15:00+00:00"
    )
    assert [item.views for item in found.items] == [5, 42, 79, 116]
    assert "tổ chức hội nghị sơ kết" in first.summary_html


def serve_site(server: FeedServer, site: str) -> str:
    root = BA_DINH / site
    for file in root.rglob("*.html"):
        body = file.read_bytes()
        server.add(
            "/" + file.relative_to(root).as_posix(),
            body,
            content_type="text/html",
            etag='"' + hashlib.blake2b(body, digest_size=8).hexdigest() + '"',
        )
    return server.base_url


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> object:
    code = main([*args, "--json"])
    out, err = capsys.readouterr()
    assert code in (0, 1), err
    return json.loads(out)


def test_an_auto_detected_source_reads_the_corpus_page_2_too(
    capsys: pytest.CaptureFixture[str], feed_server: FeedServer
) -> None:
    base = serve_site(feed_server, "site")
    found = run_json(capsys, "try", base + "/tin-tuc/index.html")
    urls = [item["url"] for item in found["items"]]
    # Every dated entry of both list pages, once each, in page order.
    listed = [base + e["url"] for e in EXPECTED["sources"]["site"]["items"] if e["published"]]
    assert [u for u in urls if u in listed] == listed
    assert len(urls) == len(set(urls))
    assert any("on 2 pages" in w for w in found["warnings"])
    assert feed_server.hits["/tin-tuc/trang-2.html"] == 1

    assert main(["add", base + "/tin-tuc/index.html"]) == 0
    capsys.readouterr()
    [result] = run_json(capsys, "fetch", "--no-articles")
    assert result["status"] == "ok" and result["new_items"] == len(urls)


def _chain_page(n: int, last: int) -> bytes:
    entries = "".join(
        f'<li><a href="/tin/{n}-{k}.html">Bản tin số {k} của trang {n} về hoạt động phường</a>'
        f" <span>{20 - n}/05/2024</span></li>"
        for k in range(1, 5)
    )
    pager = f'<a href="/tin-{n + 1}.html">Trang sau</a>' if n < last else ""
    return f"<html><body><ul>{entries}</ul><div>{pager}</div></body></html>".encode()


def test_auto_detected_pages_are_bounded(
    capsys: pytest.CaptureFixture[str], feed_server: FeedServer
) -> None:
    for n in range(1, 8):
        feed_server.add(f"/tin-{n}.html", _chain_page(n, 7), content_type="text/html")
    found = run_json(capsys, "try", feed_server.url("/tin-1.html"))
    assert len(found["items"]) == 12  # 3 pages of 4
    assert "pages: read the first 3 list pages" in " ".join(found["warnings"])
    assert feed_server.hits["/tin-4.html"] == 0
