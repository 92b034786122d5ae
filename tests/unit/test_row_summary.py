"""An item's summary is the first words of its text on one line, cut at a word
near 400 characters, whatever whitespace the feed's HTML carries."""

from __future__ import annotations

import pytest

from newsroom_tui.models import ParsedFeed, ParsedItem
from newsroom_tui.store.rows import SUMMARY_CHARS, item_rows

WORDS = [
    "Ủy",
    "ban",
    "nhân",
    "dân",
    "phường",
    "Điện",
    "Biên",
    "họp",
    "bàn",
    "về",
    "đường",
    "sá",
    "và",
    "trường",
    "học",
]


def _summary_of(html: str) -> str:
    feed = ParsedFeed(
        title="Feed",
        site_url=None,
        items=[
            ParsedItem(guid="g", url="https://example.test/a", title="Bản tin", content_html=html)
        ],
        format="rss20",
    )
    return item_rows(feed)[0].summary


def _expected(words: list[str]) -> str:
    line = " ".join(words)
    if len(line) <= SUMMARY_CHARS:
        return line
    cut = line[: SUMMARY_CHARS - 1]
    space = cut.rfind(" ")
    # At the last word that starts in the second half; else inside a long word.
    return (cut[:space] if space > SUMMARY_CHARS // 2 else cut).rstrip() + "…"


@pytest.mark.parametrize(
    "gap",
    [
        " ",  # plain prose
        "\n        ",  # indented HTML source
        " " * 40,  # mostly blank: the first 600 characters hold few words
        "\n" + " " * 400 + "\n",  # blank runs longer than a summary
    ],
)
@pytest.mark.parametrize("count", [3, 60, 400])
def test_the_summary_is_the_first_words_on_one_line(gap: str, count: int) -> None:
    words = [WORDS[i % len(WORDS)] for i in range(count)]
    html = "<p>" + gap.join(words) + "</p>"
    summary = _summary_of(html)
    assert summary == _expected(words)
    assert len(summary) <= SUMMARY_CHARS


def test_a_word_longer_than_the_summary_is_cut_inside_it() -> None:
    words = ["Tin", "nhanh", "đ" * 1500, "cuối"]
    summary = _summary_of("<p>" + "  \n ".join(words) + "</p>")
    assert summary == "Tin nhanh " + "đ" * (SUMMARY_CHARS - 11) + "…"
    assert summary == _expected(words)
