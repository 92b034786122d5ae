"""Links written the way portals write them, unencoded spaces and Vietnamese
letters in the href, are followed as a browser follows them: percent-encoded,
over real HTTP. Links accepted before keep their form (and their items' identity)."""

from __future__ import annotations

import json

import pytest

from newsroom_tui.cli import main
from newsroom_tui.sources.links import normalise_link
from support.feedserver import FeedServer

TITLES = [
    "Hội nghị triển khai nhiệm vụ phát triển kinh tế xã hội năm 2024",
    "Thông báo lịch tiếp công dân định kỳ của lãnh đạo phường tháng 6",
    "Phường tổ chức ra quân tổng vệ sinh môi trường khu dân cư",
    "Kế hoạch tuyên truyền phổ biến giáo dục pháp luật năm 2024",
    "Kết quả kiểm tra công tác cải cách hành chính quý II năm 2024",
]
HREFS = ["bài viết 1.html", "tin-2.html", "tin-3.html", "tin-4.html", "tin-5.html"]
ENCODED = "/sub/b%C3%A0i%20vi%E1%BA%BFt%201.html"


def _list_page(base: str) -> bytes:
    rows = "".join(
        f'<tr><td class="ngay">{21 + n:02d}/05/2024</td><td><a href="{href}">{title}</a></td>'
        f"<td>{1234 + n} lượt xem</td></tr>"
        for n, (href, title) in enumerate(zip(HREFS, TITLES, strict=True))
    )
    return (
        f'<html><head><title>Phường</title><base href="{base}/sub/"></head><body>'
        f'<table class="ds"><tbody>{rows}</tbody></table></body></html>'
    ).encode()


def test_an_href_with_spaces_and_vietnamese_letters_is_an_entry(
    capsys: pytest.CaptureFixture[str], feed_server: FeedServer
) -> None:
    url = feed_server.add("/index.html", _list_page(feed_server.base_url), content_type="text/html")
    article = "<html><body><article><h1>Hội nghị</h1>" + "<p>Nội dung bài viết đầy đủ.</p>" * 20
    feed_server.add(
        ENCODED, (article + "</article></body></html>").encode(), content_type="text/html"
    )

    assert main(["try", url, "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert {i["title"] for i in shown["items"]} == set(TITLES)  # none dropped
    assert feed_server.url(ENCODED) in [i["url"] for i in shown["items"]]

    assert main(["add", url]) == 0
    capsys.readouterr()
    assert main(["fetch"]) == 0
    capsys.readouterr()
    assert feed_server.hits[ENCODED] == 1  # the article page, asked for as a browser asks
    assert main(["items", "--json"]) == 0
    stored = {i["url"]: i for i in json.loads(capsys.readouterr().out)}
    assert len(stored) == 5
    assert stored[feed_server.url(ENCODED)]["title"] == TITLES[0]


def test_links_accepted_before_keep_their_form() -> None:
    # These were accepted as written; their items' keys must not change.
    assert normalise_link("http://h.vn/tin/bài-viết-1.html") == "http://h.vn/tin/bài-viết-1.html"
    assert normalise_link("HTTP://H.vn:80/a%20b?x=1#top") == "http://h.vn/a%20b?x=1"
    # Refused before, followed now as a browser does (path, query, IDNA host).
    assert (
        normalise_link("http://phường.vn/a b?q=c d") == "http://xn--phng-rib8295b.vn/a%20b?q=c%20d"
    )
    assert normalise_link('http://h.vn/a"><b>') == "http://h.vn/a%22%3E%3Cb%3E"
    assert normalise_link("http://h v.vn/a b") is None
    assert normalise_link("javascript:alert(1) x") is None
