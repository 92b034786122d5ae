"""Portal sources without the network: mappings, list pages, JSON APIs,
auto-detection, link identity, encodings, dates and view counts in text."""

from __future__ import annotations

import json
import tomllib
import unicodedata
from datetime import datetime
from pathlib import Path

import pytest

from newsroom_tui.dates import find_date, first_date_in
from newsroom_tui.render.html import html_to_text
from newsroom_tui.sources.api import api_date, parse_api_page
from newsroom_tui.sources.detect import NoListFound, detect_list
from newsroom_tui.sources.discover import advertised_feed
from newsroom_tui.sources.encoding import decode_html, sniff_encoding
from newsroom_tui.sources.links import normalise_link
from newsroom_tui.sources.mapping import MappingError, load_mapping, mapping_from_table
from newsroom_tui.sources.page import parse_list_page
from newsroom_tui.sources.values import views_in_text

DATA = Path(__file__).parents[1] / "data"
BA_DINH = DATA / "corpus" / "portals" / "ba-dinh"
OWN = DATA / "portals"
EXPECTED = json.loads((BA_DINH / "expected.json").read_text(encoding="utf-8"))
ROOT = "http://portal.test"


def _page(site: str, path: str) -> str:
    return decode_html((BA_DINH / site / path.lstrip("/")).read_bytes())


def _instant(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _nfc(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _summary(item) -> str:
    return _nfc(html_to_text(item.summary_html))


def test_mapping_reads_exactly_the_expected_items_of_both_pages() -> None:
    mapping = load_mapping(BA_DINH / "mapping.toml")
    expected = EXPECTED["sources"]["site"]
    items, url = [], ROOT + expected["list_url"]
    for path in expected["pages"]:
        assert url == ROOT + path
        page = parse_list_page(_page("site", path), url, mapping)
        items += page.items
        url = page.next_url
    assert url is None  # page 2 has no next link
    assert [i.url for i in items] == [ROOT + e["url"] for e in expected["items"]]
    assert [_nfc(i.title) for i in items] == [e["title"] for e in expected["items"]]
    assert [i.published for i in items] == [_instant(e["published"]) for e in expected["items"]]
    assert [i.views for i in items] == [e["views"] for e in expected["items"]]
    assert [_summary(i) for i in items] == [e["summary"] for e in expected["items"]]
    assert [
        ROOT + e["image"] in i.summary_html for i, e in zip(items, expected["items"], strict=True)
    ] == [True] * 10


def test_json_api_mapping_reads_the_expected_items() -> None:
    mapping = load_mapping(BA_DINH / "api-mapping.toml")
    expected = EXPECTED["sources"]["api"]
    items, url = [], ROOT + expected["list_url"]
    while url:
        path = url.removeprefix(ROOT)
        page = parse_api_page((BA_DINH / "site" / path.lstrip("/")).read_bytes(), url, mapping)
        items += page.items
        url = page.next_url
    assert [i.url for i in items] == [ROOT + e["url"] for e in expected["items"]]
    assert [i.published for i in items] == [_instant(e["published"]) for e in expected["items"]]
    assert [i.views for i in items] == [e["views"] for e in expected["items"]]
    assert [_summary(i) for i in items] == [e["summary"] for e in expected["items"]]


def test_json_api_dates_in_every_form_and_inline_content_is_sanitised() -> None:
    assert api_date(1716224400, "%d/%m/%Y", "Asia/Ho_Chi_Minh") == _instant(
        "2024-05-21T00:00:00+07:00"
    )
    assert api_date(1716224400000, "%d/%m/%Y", "Asia/Ho_Chi_Minh") == _instant(
        "2024-05-21T00:00:00+07:00"
    )
    assert api_date("/Date(1716224400000)/", "%d/%m/%Y", "UTC") == _instant(
        "2024-05-21T00:00:00+07:00"
    )
    assert api_date("2024-05-21T08:30:00", "%d/%m/%Y", "Asia/Ho_Chi_Minh") == _instant(
        "2024-05-21T08:30:00+07:00"
    )
    assert api_date("2024-05-21T01:30:00Z", "%d/%m/%Y", "Asia/Ho_Chi_Minh") == _instant(
        "2024-05-21T08:30:00+07:00"
    )
    mapping = mapping_from_table(
        {
            "kind": "json",
            "items": "result.0.rows",
            "fields": {
                "title": "t",
                "link": "u",
                "date": "d",
                "views": "v",
                "content": "body.html",
            },
        }
    )
    body = json.dumps(
        {
            "result": [
                {
                    "rows": [
                        {
                            "t": "Tin",
                            "u": "/a?utm_medium=x",
                            "d": 1716224400,
                            "v": "1.234 lượt xem",
                            "body": {
                                "html": "<p>Đoạn <b>một</b></p><script>alert(1)</script><img src=x onerror=alert(2)>"
                            },
                        },
                    ]
                }
            ]
        }
    ).encode()
    [item] = parse_api_page(body, ROOT + "/api", mapping).items
    assert item.url == ROOT + "/a"
    assert item.views == 1234
    assert "Đoạn <b>một</b>" in item.content_html
    assert "script" not in item.content_html and "onerror" not in item.content_html


@pytest.mark.parametrize("site", ["site", "site-redesigned"])
def test_auto_detection_finds_the_page_one_entries_and_no_chrome(site: str) -> None:
    spec = EXPECTED["auto_detect"][site]
    page = detect_list(_page(spec["site"], spec["url"]), ROOT + spec["url"])
    found = {i.url for i in page.items}
    assert {ROOT + u for u in spec["must_find"]} <= found
    assert not found & {ROOT + u for u in spec["must_not_find"]}
    assert found <= {ROOT + u for u in spec["must_find"] + spec["may_find"]}
    by_url = {i.url: i for i in page.items}
    first = by_url[ROOT + spec["must_find"][0]]
    assert first.views == 739
    assert first.published == _instant("2024-05-21T00:00:00+07:00")
    assert _summary(first).startswith("Ngày 10/5/2024, Uỷ ban nhân dân")


def test_auto_detection_on_the_home_page_finds_news_or_nothing_but_never_the_menu() -> None:
    spec = EXPECTED["auto_detect"]["home"]
    try:
        page = detect_list(_page("site", spec["url"]), ROOT + spec["url"])
    except NoListFound:
        return
    found = {i.url for i in page.items}
    assert found <= {ROOT + u for u in spec["may_find"]}


def test_auto_detection_reads_a_table_of_notices() -> None:
    page = detect_list(
        decode_html((OWN / "table-list.html").read_bytes()), "https://phuong.example.vn/thong-bao"
    )
    assert [(i.title, i.views) for i in page.items] == [
        ("Lịch tiếp công dân định kỳ tháng 6 năm 2024", 1234),
        ("Rà soát hộ nghèo, hộ cận nghèo trên địa bàn phường", 87),
        ("Tăng cường phòng chống dịch sốt xuất huyết mùa mưa", 301),
        ("Ra quân tổng vệ sinh môi trường khu dân cư", 45),
    ]
    assert (
        page.items[0].url == "https://phuong.example.vn/thong-bao/tiep-cong-dan-thang-6.aspx?id=101"
    )
    assert page.items[3].published == _instant("2024-05-09T00:00:00+07:00")


def test_auto_detection_reads_a_plain_list_with_weekday_dates_and_loose_summaries() -> None:
    page = detect_list(
        decode_html((OWN / "plain-list.html").read_bytes()), "https://phuong.example.vn/tin"
    )
    assert [i.url for i in page.items] == [
        "https://phuong.example.vn/tin/hoi-nghi-tong-ket.html",
        "https://phuong.example.vn/tin/trao-qua-thieu-nhi.html",
        "https://phuong.example.vn/tin/tap-huan-pccc.html",
    ]
    assert [i.views for i in page.items] == [1234, 56, 9]
    assert page.items[0].published == _instant("2024-05-21T08:30:00+07:00")
    assert (
        _summary(page.items[1])
        == "Nhân dịp Tết thiếu nhi, Hội Liên hiệp phụ nữ phường trao 40 suất quà cho các cháu."
    )


def test_a_page_drawn_by_scripts_has_no_list() -> None:
    with pytest.raises(NoListFound, match="no list found"):
        detect_list(decode_html((OWN / "script-only.html").read_bytes()), "https://x.vn/")


def test_a_page_of_100000_links_is_read_quickly_and_capped() -> None:
    import time

    rows = "".join(
        f'<li><a href="/tin/{n}.html">Tin tức số {n} của phường hôm nay</a></li>'
        for n in range(100_000)
    )
    started = time.process_time()
    page = detect_list(f"<html><body><ul>{rows}</ul></body></html>", "https://x.vn/")
    assert time.process_time() - started < 10
    assert 0 < len(page.items) <= 500


def test_windows_1258_with_decomposed_tone_marks_comes_out_nfc() -> None:
    body = (OWN / "windows-1258.html").read_bytes()
    assert sniff_encoding(body) == "cp1258"
    text = decode_html(body)
    assert "Hội nghị tổng kết công tác năm 2023 của phường" in text
    assert unicodedata.is_normalized("NFC", text)
    page = detect_list(text, "https://x.vn/")
    assert page.items[0].title == "Hội nghị tổng kết công tác năm 2023 của phường"


def test_encoding_order_bom_then_http_then_meta() -> None:
    latin = '<meta charset="windows-1258"><p>Hà</p>'.encode("cp1258")
    assert sniff_encoding(b"\xef\xbb\xbf" + latin, "text/html; charset=cp1258") == "utf-8"
    assert sniff_encoding(latin, "text/html; charset=utf-8") == "utf-8"
    assert sniff_encoding(latin, "text/html") == "cp1258"
    assert sniff_encoding("<p>Hà Nội</p>".encode()) == "utf-8"


@pytest.mark.parametrize(
    ("text", "views"),
    [
        ("21/05/2024 - 739 Lượt xem", 739),
        ("Lượt xem: 739", 739),
        ("1.234 lượt xem", 1234),
        ("12 views", 12),
        ("Views: 1,234", 1234),
        ("08:30 Lượt xem: 56", 56),
        ("Xem thêm", None),
    ],
)
def test_views_from_text(text: str, views: int | None) -> None:
    assert views_in_text(text) == views


def test_dates_in_text() -> None:
    assert first_date_in("(21/05/2024)") == _instant("2024-05-21T00:00:00+07:00")
    assert first_date_in("Cập nhật 2024-05-21 08:30", "%Y-%m-%d %H:%M") == _instant(
        "2024-05-21T08:30:00+07:00"
    )
    assert first_date_in("21/05/2024", "%Y-%m-%d") is None
    assert find_date("Thứ Ba, 21/05/2024 08:30") == _instant("2024-05-21T08:30:00+07:00")
    assert find_date("1/6/2024") == _instant("2024-06-01T00:00:00+07:00")
    assert find_date("2024-05-21T08:30:00+07:00") == _instant("2024-05-21T08:30:00+07:00")
    assert find_date("31/02/2024") is None


def test_link_identity_is_one_normalised_url() -> None:
    base = "HTTPS://Ba-Dinh.Example.VN:443/tin-tuc/index.html"
    assert (
        normalise_link("a.html?utm_source=fb&id=7&fbclid=Q#binh-luan", base)
        == "https://ba-dinh.example.vn/tin-tuc/a.html?id=7"
    )
    assert normalise_link("/x?gclid=1", base) == "https://ba-dinh.example.vn/x"
    assert normalise_link("javascript:void(0)", base) is None
    assert normalise_link("mailto:a@b.vn", base) is None


def test_advertised_feed_is_found() -> None:
    assert (
        advertised_feed((BA_DINH / "site/co-rss.html").read_bytes(), ROOT + "/co-rss.html")
        == ROOT + "/rss.xml"
    )
    assert (
        advertised_feed(
            (BA_DINH / "site/tin-tuc/index.html").read_bytes(), ROOT + "/tin-tuc/index.html"
        )
        is None
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"colour": "red"}, "colour: unknown key"),
        ({"fields": {"link": "a::attr(href)", "titel": "h3"}}, "fields.titel: unknown key"),
        ({"items": "div.news-item["}, "items: 'div.news-item[' does not parse"),
        ({"fields": {"link": "a::href"}}, "fields.link: 'a::href' does not parse"),
        (
            {"pages": {"next": "a.next::attr(href)", "max_pages": "5"}},
            "pages.max_pages: must be a whole number, not a string",
        ),
        ({"fields": {"link": "a::attr(href)", "date_format": "%d/%Q"}}, "fields.date_format"),
        ({"fields": {"link": "a::attr(href)", "timezone": "Mars/Base"}}, "fields.timezone"),
        ({"kind": "xml"}, "kind: must be"),
        (
            {"fields": {"title": 3, "link": "a::attr(href)"}},
            "fields.title: must be a string, not a number",
        ),
    ],
)
def test_a_bad_mapping_names_its_key(change: dict, message: str) -> None:
    table = tomllib.loads((BA_DINH / "mapping.toml").read_text(encoding="utf-8"))
    table.update(change)
    with pytest.raises(MappingError) as caught:
        mapping_from_table(table)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_stored_mapping_is_the_table_as_parsed() -> None:
    mapping = load_mapping(BA_DINH / "mapping.toml")
    table = tomllib.loads((BA_DINH / "mapping.toml").read_text(encoding="utf-8"))
    assert json.loads(mapping.to_json()) == table
