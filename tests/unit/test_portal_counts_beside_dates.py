"""A view count beside a date, over real HTTP: the numbers of a date (any of
the separators - . /, a time, "Ngày đăng: … Lượt xem: …") are never the count,
and "1.234" is a thousand and more, in `try` and in the cache alike."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from newsroom_tui.cli import main
from support.feedserver import FeedServer

TRYOUT = Path(__file__).parents[1] / "data" / "portals" / "tryout"
HTML = "text/html; charset=utf-8"
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")

# Site A's three list pages (an ASP.NET table: "07-12-2026" | "Lượt xem: 1.234");
# the test server routes by path, so "?trang=2" is served as "-trang-2".
TABLE_PAGES = {
    "/Tin-tuc/danh-sach.aspx": "table-dd-mm-yyyy.aspx.html",
    "/Tin-tuc/danh-sach-trang-2": "table-dd-mm-yyyy-trang-2.aspx.html",
    "/Tin-tuc/danh-sach-trang-3": "table-dd-mm-yyyy-trang-3.aspx.html",
}
TABLE_VIEWS = {
    "1000/hoi-nghi": (1234, "2026-12-07"),
    "1001/ra-quan": (2468, "2026-12-07"),
    "1002/lich-tiep": (3702, "2026-12-06"),
    "1003/tap-huan": (987654, "2026-12-06"),
    "1004/trao-qua": (6170, "2026-12-05"),
    "1005/thu-ngan-sach": (7404, "2026-12-05"),
    "1006/khai-sinh": (8638, "2026-12-04"),
    "1007/dai-hoi": (9872, "2026-12-04"),
    "1008/attp": (11106, "2026-12-03"),
    "1009/thi-dua": (12340, "2026-12-03"),
    "1010/luat-dat-dai": (13574, "2026-12-02"),
    "1011/quy-hoach": (14808, "2026-12-02"),
    "1012/lop-hoc": (16042, "2026-12-01"),
    "1013/dan-so": (17276, "2026-12-01"),
}
# One entry per way of printing a date beside a count.
MIXED_VIEWS = {
    "/tin/1-hoi-nghi.html": (739, "2026-12-07"),  # Ngày đăng: 07.12.2026 Lượt xem: 739
    "/tin/2-tiem-chung.html": (1234, "2026-12-06"),  # 06/12/2026 14:05 - 1.234 lượt xem
    "/tin/3-le-hoi.html": (56, "2026-12-05"),  # Cập nhật: 2026-12-05 08:30 | Lượt xem: 56
    "/tin/4-ho-ngheo.html": (12345, "2026-12-05"),  # 05-12-2026 Lượt xem 12.345
    "/tin/5-phong-chay.html": (120, "2026-12-04"),  # Thứ Sáu, 04.12.2026 - 09h15 | Đã xem: 120
    "/tin/6-giao-thong.html": (1002, "2026-12-03"),  # 03/12/2026 Views: 1,002
}


def _serve(server: FeedServer, pages: dict[str, str]) -> None:
    for path, name in pages.items():
        body = (TRYOUT / name).read_bytes().replace(b".aspx?trang=1", b".aspx")
        server.add(path, body.replace(b".aspx?trang=", b"-trang-"), content_type=HTML)


def _by_url(items: list[dict], server: FeedServer) -> dict[str, tuple[int | None, str | None]]:
    base = server.url("")
    return {
        item["url"].removeprefix(base): (
            item["views"],
            # The portal's calendar day, wherever the cache keeps the instant.
            datetime.fromisoformat(item["published"]).astimezone(VIETNAM).date().isoformat()
            if item["published"]
            else None,
        )
        for item in items
    }


def _table_expected() -> dict[str, tuple[int, str]]:
    return {f"/Tin-tuc/Chi-tiet/{key}.aspx": value for key, value in TABLE_VIEWS.items()}


@pytest.mark.parametrize(
    ("pages", "start", "expected"),
    [
        (TABLE_PAGES, "/Tin-tuc/danh-sach.aspx", _table_expected()),
        ({"/tin-hoat-dong.html": "dates-beside-counts.html"}, "/tin-hoat-dong.html", MIXED_VIEWS),
    ],
    ids=["table-dd-mm-yyyy", "mixed-date-styles"],
)
def test_a_count_beside_a_date_is_the_count_not_the_year(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    pages: dict[str, str],
    start: str,
    expected: dict[str, tuple[int, str]],
) -> None:
    home = tmp_path / "home"
    with FeedServer() as server:
        _serve(server, pages)
        capsys.readouterr()
        assert main(["--home", str(home), "try", server.url(start), "--json"]) == 0
        preview = json.loads(capsys.readouterr().out)
        assert _by_url(preview["items"], server) == expected

        assert main(["--home", str(home), "add", server.url(start)]) == 0
        assert main(["--home", str(home), "fetch", "--no-articles"]) == 0
        capsys.readouterr()
        assert main(["--home", str(home), "items", "--json", "--limit", "100"]) == 0
        assert _by_url(json.loads(capsys.readouterr().out), server) == expected

        assert main(["--home", str(home), "items", "--sort", "views", "--limit", "1"]) == 0
        top = capsys.readouterr().out
        top_views = max(views for views, _ in expected.values())
        assert f"{top_views:,} views" in top and "2,026" not in top
