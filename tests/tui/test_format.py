"""Headline rows are laid out in terminal cells (no app needed)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from rich.cells import cell_len
from rich.style import Style

from newsroom_tui.query.lists import HeadlineRow
from newsroom_tui.tui.format import (
    Columns,
    RowStyles,
    compact_views,
    fit_cells,
    headline_segments,
    safe_line,
)

STYLES = RowStyles(*[Style()] * 7)


@pytest.mark.parametrize(
    ("views", "text"),
    [
        (None, ""),
        (0, "0"),
        (987, "987"),
        (9876, "9,876"),
        (12345, "12.3k"),
        (987654, "987k"),
        (1234567, "1.2M"),
        (123456789, "123M"),
    ],
)
def test_view_counts_fit_six_cells(views: int | None, text: str) -> None:
    assert compact_views(views) == text
    assert cell_len(text) <= 6


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["15,780", "15,780 views", "9,876", "15.8k", "1.2M", "2.4 MB", "113 MB"]),
        ("vi", ["15.780", "15.780 lượt xem", "9.876", "15,8k", "1,2M", "2,4 MB", "113 MB"]),
    ],
)
def test_one_number_rule_per_language(language: str, expected: list[str]) -> None:
    from newsroom_tui.display import count_text, format_size, format_views
    from newsroom_tui.i18n import set_language

    set_language(language)
    try:
        shown = [
            count_text(15780),
            format_views(15780),
            compact_views(9876),
            compact_views(15780),
            compact_views(1_234_567),
            format_size(2_440_000),
            format_size(113_400_000),
        ]
    finally:
        set_language("en")
    assert shown == expected


@pytest.mark.parametrize(
    "title",
    [
        "東京で会議 wide characters 日本語の見出し",
        "Ủy ban nhân dân quận Ba Đình họp phiên thường kỳ",
        "Ba Đi\u0300nh with a combining grave, e\u0301 too",  # not NFC
        "short",
        "",
    ],
)
@pytest.mark.parametrize("width", [1, 2, 5, 9, 20, 80])
def test_fit_cells_is_exactly_the_width_and_never_splits_a_character(
    title: str, width: int
) -> None:
    fitted = fit_cells(title, width)
    assert cell_len(fitted) == width
    if cell_len(title) > width:
        assert fitted.endswith("…")
        kept = fitted[:-1].rstrip()
        assert title.startswith(kept)


def test_rows_are_the_same_width_whatever_the_script() -> None:
    when = datetime(2024, 6, 1, 8, tzinfo=UTC)
    rows = [
        HeadlineRow(1, 1, "東京新聞", "東京で会議 " * 8, None, when, 0, 12, False, True),
        HeadlineRow(
            2, 1, "Cổng thông tin", "Ủy ban nhân dân " * 6, None, when, 0, None, True, False
        ),
        HeadlineRow(3, 1, "Plain", "Plain title", None, None, 1717228800, 7, True, False),
    ]
    for width in (40, 60, 100, 160):
        for show_feed in (True, False):
            lines = [
                "".join(
                    s.text
                    for s in headline_segments(
                        row, width, date_fmt="%d/%m/%Y", show_feed=show_feed, styles=STYLES
                    )
                )
                for row in rows
            ]
            assert {cell_len(line) for line in lines} == {width}
            cols = Columns.fit(width, "%d/%m/%Y", show_feed)
            title_at = 2 + cols.date + 1 + 6 + 1
            for line, row in zip(lines, rows, strict=True):
                # The title starts in the same cell on every row.
                prefix = ""
                for character in line:
                    if cell_len(prefix) >= title_at:
                        break
                    prefix += character
                assert line[len(prefix) :].startswith(safe_line(row.title)[:3])


def test_safe_line_strips_terminal_controls() -> None:
    assert safe_line("a \x1b[2J b") == "a [2J b"
    assert safe_line("line\nbreak\ttab") == "line break tab"
    assert safe_line("[bold]kept as text[/bold]") == "[bold]kept as text[/bold]"
