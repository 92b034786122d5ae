"""The reader's layout puts each picture row in place as a line made once.

Not timed (bench/bench_images.py is): what is checked is that the rows are
the picture's own cells wherever the picture stands, and that laying the
article out again reuses those lines instead of building the cells again.
"""

from __future__ import annotations

from pathlib import Path

from rich.console import Group
from rich.text import Text

from newsroom_tui.render.article import Indented
from newsroom_tui.render.images import UPPER_HALF, HalfBlockPicture, decode
from newsroom_tui.tui.widgets.reader import render_lines

PHOTO = Path(__file__).resolve().parent.parent / "data" / "images" / "photo.jpg"


def _picture() -> HalfBlockPicture:
    decoded = decode(PHOTO.read_bytes())
    assert decoded is not None
    return HalfBlockPicture(decoded, max_rows=8)


def test_picture_rows_are_the_pictures_cells_centred_under_the_text() -> None:
    picture = _picture()
    lines = render_lines(Group(Text("Trước ảnh"), picture, Text("Sau ảnh")), 60)
    cells = picture.lines(60, 8)
    assert lines[0].text.rstrip() == "Trước ảnh"
    assert lines[-1].text.rstrip() == "Sau ảnh"
    rows = lines[1:-1]
    assert len(rows) == len(cells) == 8
    for row, expected in zip(rows, cells, strict=True):
        drawn = [s for s in row if s.text.strip()]
        assert drawn == expected  # the same cells, colours and all
        used = sum(len(s.text) for s in expected)
        assert row.text == " " * ((60 - used) // 2) + UPPER_HALF * used


def test_a_picture_in_a_quote_keeps_the_quote_bar_on_every_row() -> None:
    picture = _picture()
    bar = Text("▌ ")
    lines = render_lines(Indented(bar, bar, Group(Text("Trích"), picture)), 40)
    assert all(line.text.startswith("▌ ") for line in lines)
    assert sum(UPPER_HALF in line.text for line in lines) == 8


def test_laying_the_article_out_again_reuses_the_picture_lines() -> None:
    picture = _picture()
    article = Group(Text("Tiêu đề"), picture)
    first = render_lines(article, 50)
    again = render_lines(Group(Text("Bài khác, cùng ảnh"), picture), 50)
    assert [id(line) for line in first[1:]] == [id(line) for line in again[1:]]
    # A new width is a new layout of the same picture.
    wider = render_lines(article, 70)
    assert not {id(line) for line in wider} & {id(line) for line in first}
