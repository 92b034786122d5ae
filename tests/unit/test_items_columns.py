"""`newsroom items` keeps its columns aligned whatever the view counts, over a
real list page: a million views reads "1.0M views", as in the TUI's list."""

from __future__ import annotations

import pytest

from newsroom_tui.cli import main
from support.feedserver import FeedServer

COUNTS = ["739", "1.234", "999.999", "1.005.000", "12.345.678"]


def test_view_counts_of_a_million_keep_the_columns(
    capsys: pytest.CaptureFixture[str], feed_server: FeedServer
) -> None:
    entries = "".join(
        f'<li class="news"><a href="tin/{n}.html">Bản tin số {n} về hoạt động của phường</a>'
        f'<span class="d">0{n}/06/2024 - {count} lượt xem</span>'
        f"<p>Tóm tắt bản tin số {n} trong tuần qua của phường.</p></li>"
        for n, count in enumerate(COUNTS, start=1)
    )
    page = f'<html><head><title>P</title></head><body><ul class="ds">{entries}</ul></body></html>'
    assert main(["add", feed_server.add("/i.html", page.encode(), content_type="text/html")]) == 0
    assert main(["fetch", "--no-articles"]) == 0
    capsys.readouterr()
    assert main(["items"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 5
    assert {line.index("Bản tin") for line in lines} == {lines[0].index("Bản tin")}
    shown = " ".join(lines)
    assert "1.0M views" in shown and "12.3M views" in shown and "999,999 views" in shown
