"""Portal sources read numbers without raising: "²" is str.isdigit() but not
int(), and int() refuses 5,000 digits. A JSON API whose dates and view counts
are such values costs only those fields; an article page whose table says
colspan="²" keeps its text. `try` names the rule a JSON date is read by.

Over real HTTP (tests/support/feedserver.py), through the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.support.feedserver import FeedServer
from tests.unit.test_prefetch import _run

ENTRIES = [
    {
        "tieuDe": "Tin đúng",
        "lienKet": "/a/1.html",
        "ngay": "2024-05-21T08:30:00+07:00",
        "luotXem": 739,
    },
    {"tieuDe": "Ngày mũ hai", "lienKet": "/a/2.html", "ngay": "²", "luotXem": "²"},
    {
        "tieuDe": "Ngày quá xa",
        "lienKet": "/a/3.html",
        "ngay": "99999999999999999",
        "luotXem": "9" * 5000,
    },
    {"tieuDe": "Ngày chữ", "lienKet": "/a/4.html", "ngay": "21/05/2024", "luotXem": "1.234"},
]

MAPPING = """kind = "json"
title = "Phường – API"
items = "duLieu.danhSach"
[fields]
title = "tieuDe"
link = "lienKet"
date = "ngay"
views = "luotXem"
"""

ARTICLE = """<!DOCTYPE html><html><head><title>{title}</title></head><body>
<header><nav><a href="/">Trang chủ</a></nav></header>
<article><h1>{title}</h1>
<p>Sáng nay Ủy ban nhân dân phường đã tổ chức hội nghị tổng kết công tác năm, với sự tham gia
của đông đảo cán bộ và nhân dân trên địa bàn. Hội nghị đã đánh giá kết quả thực hiện nhiệm vụ.</p>
<table><tr><td colspan="²">Bảng kết quả {title}</td><td rowspan="{span}">Ô thứ hai</td></tr>
<tr><td>Chỉ tiêu một</td><td>Đạt</td></tr></table>
<p>Các đại biểu đã thảo luận và thống nhất phương hướng, nhiệm vụ cho năm tới, tập trung vào
cải cách hành chính, phát triển kinh tế và bảo đảm an sinh xã hội cho người dân.</p>
</article><footer>Bản quyền</footer></body></html>"""


def _serve(server: FeedServer) -> None:
    server.add(
        "/api/tin.json",
        json.dumps({"duLieu": {"danhSach": ENTRIES}}, ensure_ascii=False).encode(),
        content_type="application/json",
    )
    for n, entry in enumerate(ENTRIES, start=1):
        page = ARTICLE.format(title=entry["tieuDe"], span="9" * 5000 if n % 2 else "²")
        server.add(f"/a/{n}.html", page.encode(), content_type="text/html; charset=utf-8")


@pytest.fixture
def site() -> FeedServer:
    with FeedServer() as server:
        _serve(server)
        yield server


def test_try_reads_every_entry_and_names_the_json_date_rule(
    site: FeedServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mapping = tmp_path / "map.toml"
    mapping.write_text(MAPPING, encoding="utf-8")
    code, out, err = _run(
        capsys,
        "--home",
        str(tmp_path / "h"),
        "try",
        site.url("/api/tin.json"),
        "--map",
        str(mapping),
        "--json",
    )
    assert code == 0, err
    preview = json.loads(out)
    assert [(i["title"], i["published"], i["views"]) for i in preview["items"]] == [
        ("Tin đúng", "2024-05-21T08:30:00+07:00", 739),
        ("Ngày mũ hai", None, None),
        ("Ngày quá xa", None, None),
        ("Ngày chữ", "2024-05-21T00:00:00+07:00", 1234),
    ]
    # "²" is text, which date_format reads: that is the setting to name.
    assert "date: 4 matched, 2 parsed with %d/%m/%Y, sample text '²'" in preview["warnings"]


def test_a_json_number_that_is_no_date_points_at_the_json_rules(
    site: FeedServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    odd = [ENTRIES[0], ENTRIES[2], ENTRIES[3]]
    site.add(
        "/api/so.json",
        json.dumps({"duLieu": {"danhSach": odd}}, ensure_ascii=False).encode(),
        content_type="application/json",
    )
    mapping = tmp_path / "map.toml"
    mapping.write_text(MAPPING, encoding="utf-8")
    code, out, err = _run(
        capsys,
        "--home",
        str(tmp_path / "h"),
        "try",
        site.url("/api/so.json"),
        "--map",
        str(mapping),
    )
    assert code == 0, err
    assert (
        "date: 3 matched, 2 parsed as epoch seconds or milliseconds, /Date(ms)/ or ISO 8601 "
        "(date_format reads only other text), sample text '99999999999999999'"
    ) in out + err
    assert "parsed with %d/%m/%Y" not in out + err


def test_fetch_stores_every_entry_with_its_article_text(
    site: FeedServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "h"
    home.mkdir()
    (home / "config.toml").write_text("[articles]\ndelay = 0\n")
    mapping = tmp_path / "map.toml"
    mapping.write_text(MAPPING, encoding="utf-8")
    code, _, err = _run(
        capsys, "--home", str(home), "add", site.url("/api/tin.json"), "--map", str(mapping)
    )
    assert code == 0, err
    code, out, err = _run(capsys, "--home", str(home), "fetch")
    assert code == 0, err + out
    site.stop()
    code, out, err = _run(capsys, "--home", str(home), "items", "--json")
    items = {i["title"]: i for i in json.loads(out)}
    assert sorted(items) == sorted(e["tieuDe"] for e in ENTRIES)
    assert items["Ngày mũ hai"]["views"] is None and items["Ngày quá xa"]["views"] is None
    for title, item in items.items():
        code, out, err = _run(capsys, "--home", str(home), "show", str(item["id"]), "--json")
        assert code == 0, err
        shown = json.loads(out)
        assert shown["text_source"] == "article", title
        assert f"Bảng kết quả {title}" in shown["text"]
        assert "cải cách hành chính" in shown["text"]
