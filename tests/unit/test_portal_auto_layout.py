"""An auto-detected portal source over its pages and through a redesign, over
real HTTP: a short last page is read from the same list as page 1 (never the
site's menu), the list page itself is never an item, and a redesign that drops
the dates, counts and summaries is an error that keeps every cached value."""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest

from newsroom_tui.cli import main
from support.feedserver import FeedServer

# A ward portal: a header menu of headline-long links (one back to the list
# itself), then cards "Cập nhật: 24/05/2024 08:04 | Lượt xem: 1.234", five
# per page; page 3 holds two.
MENU = (
    '<header><nav><ul class="menu"><li><a href="/">Trang chủ</a></li>'
    '<li><a href="/gioi-thieu">Giới thiệu về phường Yên Hòa</a></li>'
    '<li><a href="/tin-tuc/">Tin tức sự kiện của phường</a></li>'
    '<li><a href="/thu-tuc">Thủ tục hành chính công</a></li>'
    '<li><a href="/lien-he">Liên hệ với ban biên tập</a></li></ul></nav></header>'
)
TITLES = [
    "Phường Yên Hòa tổ chức hội nghị tổng kết công tác năm {n}",
    "Thông báo lịch tiếp công dân tháng {n} năm 2024 của phường",
    "Phường Yên Hòa ra quân tổng vệ sinh môi trường đợt {n}",
]
ARTICLES = [
    {
        "slug": f"bai-viet-{n}.html",
        "title": TITLES[n % 3].format(n=n),
        "date": f"{25 - n:02d}/05/2024 {7 + n % 10:02d}:{n * 4 % 60:02d}",
        "views": 137 * n,
        "summary": f"Tóm tắt bản tin số {n} về hoạt động của phường trong tuần qua.",
    }
    for n in range(1, 13)
]
PAGES = ["/tin-tuc/", "/tin-tuc/trang-2.html", "/tin-tuc/trang-3.html"]


def _page(number: int, *, redesigned: bool = False) -> bytes:
    shown = ARTICLES[(number - 1) * 5 : number * 5]
    if redesigned:  # a table of bare title links: no date, count or summary
        rows = "".join(
            f'<tr><td class="t"><a href="/tin-tuc/chi-tiet/{a["slug"]}">'
            f"{html.escape(a['title'])}</a></td></tr>"
            for a in shown
        )
        body = f'<table class="ds"><tbody>{rows}</tbody></table>'
    else:
        cards = "".join(
            f'<div class="card"><h4><a href="/tin-tuc/chi-tiet/{a["slug"]}">'
            f"{html.escape(a['title'])}</a></h4>"
            f'<div class="info">Cập nhật: {a["date"]} | Lượt xem: {a["views"]:,}</div>'
            f'<div class="desc">{a["summary"]}</div></div>'.replace(",", ".")
            for a in shown
        )
        body = (
            f'<section class="tin-moi"><h2>Tin mới</h2><div class="cards">{cards}</div></section>'
        )
    pager = '<div class="phan-trang">' + "".join(
        f"<b>{p}</b>" if p == number else f'<a href="{PAGES[p - 1]}">{p}</a>' for p in (1, 2, 3)
    )
    if number < 3:
        pager += f'<a href="{PAGES[number]}">Trang sau</a>'
    return (
        '<!doctype html><html lang="vi"><head><meta charset="utf-8">'
        "<title>Cổng thông tin điện tử phường Yên Hòa</title></head><body>"
        f"{MENU}<main>{body}{pager}</div></main></body></html>"
    ).encode()


def _serve(server: FeedServer, *, redesigned: bool = False) -> None:
    for number, path in enumerate(PAGES, start=1):
        server.add(
            path, _page(number, redesigned=redesigned), content_type="text/html; charset=utf-8"
        )


def _items(home: Path, capsys: pytest.CaptureFixture[str]) -> list[dict]:
    capsys.readouterr()
    assert main(["--home", str(home), "items", "--json", "--limit", "100"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.fixture
def site(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    with FeedServer() as server:
        _serve(server)
        home = tmp_path / "home"
        assert main(["--home", str(home), "add", server.url("/tin-tuc/")]) == 0
        assert main(["--home", str(home), "fetch", "--no-articles"]) == 0
        yield server, home


def test_a_short_last_page_is_read_from_the_list_not_the_menu(
    site: tuple[FeedServer, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    server, home = site
    items = _items(home, capsys)
    expected = {server.url(f"/tin-tuc/chi-tiet/{a['slug']}") for a in ARTICLES}
    assert {item["url"] for item in items} == expected
    assert all(item["published"] and item["views"] for item in items)


def test_a_redesign_without_dates_counts_or_summaries_fails_and_keeps_them(
    site: tuple[FeedServer, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    server, home = site
    before = _items(home, capsys)
    assert all(item["summary"] for item in before)
    _serve(server, redesigned=True)
    capsys.readouterr()
    assert main(["--home", str(home), "fetch", "--no-articles"]) == 1
    err = capsys.readouterr().err
    assert "date: found on none of" in err and "any more" in err and "Traceback" not in err
    after = _items(home, capsys)
    key = ("url", "published", "views", "summary", "title")
    assert [{k: i[k] for k in key} for i in after] == [{k: i[k] for k in key} for i in before]


def test_an_entry_that_loses_its_date_and_summary_keeps_the_stored_ones(
    site: tuple[FeedServer, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    server, home = site
    before = {item["url"]: item for item in _items(home, capsys)}
    first = ARTICLES[0]
    page = _page(1).decode()
    page = page.replace(f"Cập nhật: {first['date']} | ", "").replace(first["summary"], "")
    server.add(PAGES[0], page.encode(), content_type="text/html; charset=utf-8")
    assert main(["--home", str(home), "fetch", "--no-articles"]) == 0
    after = {item["url"]: item for item in _items(home, capsys)}
    url = server.url(f"/tin-tuc/chi-tiet/{first['slug']}")
    assert after[url]["published"] == before[url]["published"] is not None
    assert after[url]["summary"] == before[url]["summary"] == first["summary"]
    assert after == before


def test_a_page_title_with_escape_sequences_is_stored_clean(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = _page(1).replace(
        "<title>Cổng thông tin điện tử phường Yên Hòa</title>".encode(),
        b"<title>Evil \x1b[1mportal\x1b]52;c;aGk=\x07 \xc2\x9b2J</title>",
    )
    with FeedServer() as server:
        server.add(PAGES[0], page, content_type="text/html; charset=utf-8")
        home = tmp_path / "home"
        assert main(["--home", str(home), "add", server.url(PAGES[0])]) == 0
        assert main(["--home", str(home), "fetch", "--no-articles"]) == 0
    capsys.readouterr()
    for command in (["feeds"], ["items"], ["export", "opml"], ["feeds", "--json"]):
        assert main(["--home", str(home), *command]) == 0
        out = capsys.readouterr().out
        assert "Evil" in out and "portal" in out
        assert not any(c in out for c in "\x1b\x07\x9b"), command
