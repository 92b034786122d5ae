"""Search: Vietnamese folding, the query language, filters, snippets — on a real cache."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsroom_tui.models import ParsedFeed, ParsedItem
from newsroom_tui.query.lists import ViewSpec, list_items
from newsroom_tui.query.search import search_items
from newsroom_tui.store.cache import Cache
from newsroom_tui.store.fetches import FeedUpdate
from newsroom_tui.store.fold import full_fold
from newsroom_tui.store.rows import item_rows
from newsroom_tui.store.search import SearchSyntaxError, as_typed, compile_query, snippet

VOWELS = {
    "a": "a",
    "ă": "a",
    "â": "a",
    "e": "e",
    "ê": "e",
    "i": "i",
    "o": "o",
    "ô": "o",
    "ơ": "o",
    "u": "u",
    "ư": "u",
    "y": "y",
}
TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]  # ngang huyền sắc hỏi ngã nặng


def vietnamese_letters() -> list[tuple[str, str]]:
    letters = [("đ", "d"), ("Đ", "d")]
    for base, plain in VOWELS.items():
        for tone in TONES:
            for cased in (base, base.upper()):
                nfd = unicodedata.normalize("NFD", cased) + tone
                letters.append((unicodedata.normalize("NFC", nfd), plain))
    consonants = "bcdghklmnpqrstvx"
    letters += [(c, c) for c in consonants] + [(c.upper(), c) for c in consonants]
    return letters


LETTERS = vietnamese_letters()


def test_folding_table_covers_every_vietnamese_letter() -> None:
    assert len(LETTERS) == 2 + 12 * 6 * 2 + 32
    for letter, plain in LETTERS:
        assert full_fold(letter) == plain, letter
        assert full_fold(unicodedata.normalize("NFD", letter)) == plain, letter


@pytest.fixture
def cache(tmp_path: Path) -> Cache:
    c = Cache.open(tmp_path / "search.sqlite3")
    yield c
    c.close()


def add(cache: Cache, url: str, *items: ParsedItem, tags: tuple[str, ...] = ()) -> int:
    feed_id, _ = cache.add_feed(url, tags=tags)
    cache.store_update(
        FeedUpdate(
            feed_id=feed_id,
            status="ok",
            title=url.rsplit("/", 1)[-1],
            rows=item_rows(ParsedFeed("", None, list(items), "rss20")),
        )
    )
    return feed_id


def item(guid: str, title: str, body: str = "", **kw: object) -> ParsedItem:
    return ParsedItem(
        guid=guid,
        url=f"https://example.test/{guid}",
        title=title,
        content_html=f"<p>{body}</p>",
        **kw,  # type: ignore[arg-type]
    )


def titles(cache: Cache, query: str) -> list[str]:
    return sorted(i.title for i in search_items(cache.conn, compile_query(query)))


def test_every_letter_found_by_its_plain_form(cache: Cache) -> None:
    items = [item(f"l{n}", f"x{letter}z") for n, (letter, _) in enumerate(LETTERS)]
    add(cache, "https://example.test/letters", *items)
    for letter, plain in LETTERS:
        found = titles(cache, f"x{plain}z")
        assert f"x{letter}z" in found, letter


def test_letters_without_a_base_letter_found_by_their_look_alike(cache: Cache) -> None:
    add(
        cache,
        "https://example.test/other-scripts",
        item("1", "Đoàn công tác tới Łódź", "Thành phố Łódź và Gdańsk"),
        item("2", "Ørsted điện gió", "Dự án của Ørsted ở Bình Thuận"),
        item("3", "Þing", "Hafnarfjörður và Reykjavík, Þórður Ðaði"),
    )
    assert titles(cache, "lodz") == ["Đoàn công tác tới Łódź"]
    assert titles(cache, "gdansk") == ["Đoàn công tác tới Łódź"]
    assert titles(cache, "orsted dien") == ["Ørsted điện gió"]
    assert titles(cache, "binh thuan") == ["Ørsted điện gió"]
    assert titles(cache, "hafnarfjordur dadi") == ["Þing"]


def test_vietnamese_phrases_without_tone_marks(cache: Cache) -> None:
    nfd = unicodedata.normalize("NFD", "Tin tức quận Đống Đa")
    add(
        cache,
        "https://example.test/vn",
        item("1", "Ba Đình tổ chức hội nghị"),
        item("2", "Phong trào Dân vận khéo"),
        item("3", "Ủy ban nhân dân quận họp"),
        item("4", nfd),
    )
    assert titles(cache, "ba dinh") == ["Ba Đình tổ chức hội nghị"]
    assert titles(cache, "dan van kheo") == ["Phong trào Dân vận khéo"]
    assert titles(cache, "uy ban nhan dan") == ["Ủy ban nhân dân quận họp"]
    assert titles(cache, "UỶ BAN") == ["Ủy ban nhân dân quận họp"]
    assert titles(cache, "đống đa") == [unicodedata.normalize("NFC", nfd)]
    assert titles(cache, unicodedata.normalize("NFD", "Đống")) == [
        unicodedata.normalize("NFC", nfd)
    ]


def test_operators(cache: Cache) -> None:
    add(
        cache,
        "https://example.test/ops",
        item("1", "flood warning in Hanoi", "rain and wind"),
        item("2", "warning about heat", "hot flood of tourists"),
        item("3", "new bridge opened", "traffic eased"),
    )
    assert titles(cache, "flood warning") == ["flood warning in Hanoi", "warning about heat"]
    assert titles(cache, '"flood warning"') == ["flood warning in Hanoi"]
    assert titles(cache, "warning -heat") == ["flood warning in Hanoi"]
    assert titles(cache, 'warning -"flood warning"') == ["warning about heat"]
    assert titles(cache, "bridge OR heat") == ["new bridge opened", "warning about heat"]
    assert titles(cache, "brid*") == ["new bridge opened"]
    assert titles(cache, "brid") == []


def test_filters(cache: Cache) -> None:
    may = datetime(2024, 5, 10, tzinfo=UTC)
    june = datetime(2024, 6, 10, tzinfo=UTC)
    a = add(
        cache,
        "https://example.test/hanoi-portal",
        item("1", "report one", published=may, views=10),
        item("2", "report two", published=june, views=5000),
        tags=("Địa phương",),
    )
    add(cache, "https://example.test/world", item("3", "report three", published=june))
    first = next(i for i in list(list_items(cache.conn, ViewSpec())) if i.title == "report one")
    cache.set_read([first.id])
    cache.set_bookmarked(first.id, True, note="ghi chú quan trọng")
    assert titles(cache, "report feed:hanoi") == ["report one", "report two"]
    assert titles(cache, f"report feed:{a}") == ["report one", "report two"]
    # Digits that are no id ("²", past SQLite's integers) are a feed's name.
    assert titles(cache, "report feed:²") == []
    assert titles(cache, "report feed:" + "9" * 30) == []
    assert cache.find_feed("²") is None
    assert titles(cache, "report tag:dia-phuong") == []
    assert titles(cache, 'report tag:"dia phuong"') == ["report one", "report two"]
    assert titles(cache, "report is:unread") == ["report three", "report two"]
    assert titles(cache, "is:read") == ["report one"]
    assert titles(cache, "is:bookmarked") == ["report one"]
    assert titles(cache, "report after:2024-06-01") == ["report three", "report two"]
    assert titles(cache, "report before:2024-06-01") == ["report one"]
    assert titles(cache, "views:>1000") == ["report two"]
    assert titles(cache, "views:<=10") == ["report one"]
    assert titles(cache, "quan trong") == ["report one"]  # bookmark notes are searchable


def test_title_weighted_ranking(cache: Cache) -> None:
    add(
        cache,
        "https://example.test/rank",
        item("1", "something else", "budget budget budget mentioned in the body"),
        item("2", "Budget approved", "the council met"),
    )
    ranked = [i.title for i in search_items(cache.conn, compile_query("budget"))]
    assert ranked == ["Budget approved", "something else"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ('"unclosed', "quote"),
        ("OR flood", "OR"),
        ("flood OR", "OR"),
        ("a OR OR b", "OR"),
        ("is:starred", "is:starred"),
        ("after:21/05/2024", "date"),
        ("views:many", "views"),
        ("feed:", "needs a value"),
        ("   ", "nothing"),
        ("x" * 1001, "too long"),
    ],
)
def test_bad_syntax_says_what(query: str, message: str) -> None:
    with pytest.raises(SearchSyntaxError, match=message):
        compile_query(query)


def test_fts_special_characters_are_inert(cache: Cache) -> None:
    add(cache, "https://example.test/x", item("1", "C++ NEAR(a b) col:umn"))
    for query in ["C++", "NEAR(a", "col:umn", "^start", "a AND", '"', "*", "(", ")"]:
        try:
            search_items(cache.conn, compile_query(query))
        except SearchSyntaxError:
            pass


def test_snippet_highlights_original_text() -> None:
    text = "Sáng 21/5, UBND quận Ba Đình tổ chức hội nghị tổng kết công tác Dân vận khéo."
    shown, spans = snippet(text, ["ba dinh", "kheo"], width=60)
    highlighted = [shown[a:b] for a, b in spans]
    assert highlighted[:2] == ["Ba", "Đình"]
    assert shown.startswith("…") or shown.startswith("Sáng")


def test_rank_window_falls_back_when_filters_leave_too_few(
    cache: Cache, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsroom_tui.query import search

    monkeypatch.setattr(search, "RANK_WINDOW", 2)
    add(
        cache,
        "https://example.test/w",
        *(item(str(n), f"council meeting {n}", views=n) for n in range(6)),
    )
    # Only the oldest match passes the filter; it lies outside the ranked window.
    assert titles(cache, "council views:<1") == ["council meeting 0"]
    assert len(search_items(cache.conn, compile_query("council"), limit=6)) == 6
    assert len(search_items(cache.conn, compile_query("council"), limit=2)) == 2


def test_wider_window_finds_what_the_first_window_filtered_out(
    cache: Cache, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsroom_tui.query import search

    monkeypatch.setattr(search, "RANK_WINDOW", 1)
    add(
        cache,
        "https://example.test/w",
        *(item(str(n), f"council meeting {n}", views=n % 6) for n in range(12)),
    )
    # Among the two newest matches only one passes the filter, too few for two
    # results; the wider window holds the other.
    found = [i.title for i in search_items(cache.conn, compile_query("council views:>=5"), limit=2)]
    assert sorted(found) == ["council meeting 11", "council meeting 5"]


def test_prefix_needs_two_letters(cache: Cache) -> None:
    add(cache, "https://example.test/p", item("1", "transport plan"), item("2", "budget"))
    assert titles(cache, "tr*") == ["transport plan"]
    assert titles(cache, "budget t*") == ["budget"]  # the lone "t*" waits for a letter


@pytest.mark.parametrize(
    ("typed", "runs"),
    [
        ("road rep", "road rep*"),  # an unfinished word matches as a prefix
        ("road ", "road "),  # a space ends the word
        ("road re", "road re"),  # two letters stay a word: "ba", "uy" are words
        ("dân vận kh", "dân vận kh"),
        ("dân vận khé", "dân vận khé*"),
        ("tiêm*", "tiêm*"),  # already a prefix
        ('"an toàn', '"an toàn'),  # inside a phrase
        ("covid -vacc", "covid -vacc"),  # an exclusion stays as typed
        ("feed:hanoi", "feed:hanoi"),
        ("after:2024", "after:2024"),
        ("flood OR", "flood OR"),
        ("", ""),
    ],
)
def test_as_typed_makes_an_unfinished_last_word_a_prefix(typed: str, runs: str) -> None:
    assert as_typed(typed) == runs


def test_as_typed_queries_find_unfinished_words(cache: Cache) -> None:
    add(
        cache,
        "https://example.test/t",
        item("1", "Road repairs on Kim Mã street"),
        item("2", "Tiêm chủng mở rộng tại phường"),
    )
    assert titles(cache, as_typed("road rep")) == ["Road repairs on Kim Mã street"]
    assert titles(cache, as_typed("tiem chu")) == ["Tiêm chủng mở rộng tại phường"]
    assert titles(cache, as_typed("tiem chung")) == ["Tiêm chủng mở rộng tại phường"]
