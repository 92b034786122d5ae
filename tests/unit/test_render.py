"""The renderer: what a reader sees for feed HTML, and that hostile HTML stays inert."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import unicodedata
from collections.abc import Iterator
from datetime import UTC, datetime
from io import StringIO

import pytest
from rich.cells import cell_len
from rich.console import Console, RenderableType
from rich.segment import Segment

from newsroom_tui.models import Item
from newsroom_tui.render.article import (
    RenderedArticle,
    render_article,
    render_body,
    render_plain,
)
from newsroom_tui.render.html import html_to_search_text, html_to_text, sanitize_html

# --- helpers ------------------------------------------------------------------


def make_item(**overrides: object) -> Item:
    fields: dict[str, object] = {
        "id": 1,
        "feed_id": 1,
        "feed_title": "Example Feed",
        "title": "An example article",
        "url": "https://example.com/posts/1",
        "published": datetime(2024, 5, 21, 8, 30, tzinfo=UTC),
        "first_seen": datetime(2024, 5, 21, 9, 0, tzinfo=UTC),
        "views": 739,
        "read": False,
        "bookmarked": False,
        "summary": "",
    }
    fields.update(overrides)
    return Item(**fields)  # type: ignore[arg-type]


def console(width: int = 80) -> Console:
    return Console(record=True, width=width, file=StringIO(), color_system="truecolor")


Shown = RenderableType | RenderedArticle


def _unwrap(shown: Shown) -> RenderableType:
    return shown.renderable if isinstance(shown, RenderedArticle) else shown


def shown(renderable: Shown, width: int = 80) -> str:
    """What a reader sees, without styles."""
    out = console(width)
    out.print(_unwrap(renderable))
    return out.export_text(styles=False)


def lines_of(renderable: Shown, width: int = 80) -> list[str]:
    return [line.rstrip() for line in shown(renderable, width).splitlines()]


def segments(renderable: Shown, width: int = 80) -> list[Segment]:
    out = console(width)
    return list(out.render(_unwrap(renderable), out.options.update_width(width)))


def styled(renderable: Shown, text: str) -> list[Segment]:
    """Segments whose text contains `text`."""
    return [segment for segment in segments(renderable) if text in segment.text]


def body(html: str, base_url: str | None = None, width: int = 80) -> str:
    return shown(render_body(html, base_url).renderable, width)


@pytest.fixture
def vietnam_time(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A fixed local zone (UTC+7, no DST) for date formatting."""
    if not hasattr(time, "tzset"):
        pytest.skip("needs time.tzset")
    monkeypatch.setenv("TZ", "Asia/Ho_Chi_Minh")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


# --- body structure -------------------------------------------------------------


def test_headings_and_paragraphs_are_separated_by_blank_lines() -> None:
    lines = lines_of(render_body("<h1>Big news</h1><p>First para.</p><h2>Sub</h2><p>Second.</p>"))
    assert lines[:7] == ["Big news", "", "First para.", "", "Sub", "", "Second."]


def test_headings_are_bold_and_h1_h2_stand_out() -> None:
    rendered = render_body("<h1>One</h1><h2>Two</h2><h3>Three</h3>").renderable
    for text in ("One", "Two", "Three"):
        assert all(s.style and s.style.bold for s in styled(rendered, text))
    (one,) = styled(rendered, "One")
    (two,) = styled(rendered, "Two")
    assert one.style and (one.style.underline or one.style.color)
    assert two.style and (two.style.underline or two.style.color)


def test_inline_styles() -> None:
    rendered = render_body(
        "<p><strong>B</strong> <em>I</em> <u>U</u> <s>S</s> <code>C</code></p>"
    ).renderable
    style = {text: styled(rendered, text)[0].style for text in "BIUSC"}
    assert style["B"] and style["B"].bold
    assert style["I"] and style["I"].italic
    assert style["U"] and style["U"].underline
    assert style["S"] and style["S"].strike
    assert style["C"] and style["C"].color is not None
    assert "B I U S C" in body("<p><b>B</b> <i>I</i> <u>U</u> <s>S</s> <code>C</code></p>")


def test_br_breaks_lines_and_whitespace_collapses() -> None:
    assert lines_of(render_body("<p>one   two\n  three<br>four<br/>   five</p>"))[:3] == [
        "one two three",
        "four",
        "five",
    ]


def test_unordered_lists_have_bullets_and_nested_lists_indent() -> None:
    lines = lines_of(
        render_body("<ul><li>apple</li><li>pear<ul><li>conference</li></ul></li></ul>")
    )
    assert lines[:3] == ["• apple", "• pear", "  ◦ conference"]


def test_ordered_lists_are_numbered_and_aligned() -> None:
    items = "".join(f"<li>item {n}</li>" for n in range(1, 11))
    lines = lines_of(render_body(f"<ol>{items}</ol>"))
    assert lines[0] == " 1. item 1"
    assert lines[8] == " 9. item 9"
    assert lines[9] == "10. item 10"


def test_long_list_items_wrap_under_their_text() -> None:
    lines = lines_of(render_body("<ul><li>" + "word " * 20 + "</li></ul>"), width=30)
    assert lines[0].startswith("• word")
    assert all(line.startswith("  word") for line in lines[1:4] if line)


def test_two_lists_in_a_row_are_separated() -> None:
    lines = lines_of(render_body("<ul><li>a</li></ul><ol><li>b</li></ol>"))
    assert lines[:3] == ["• a", "", "1. b"]


def test_blockquote_has_a_bar_on_every_line() -> None:
    lines = lines_of(
        render_body("<blockquote><p>" + "quoted " * 20 + "</p><p>again</p></blockquote>"),
        width=40,
    )
    quoted = [line for line in lines if line]
    assert len(quoted) >= 4
    assert all(line.startswith("▌") for line in quoted)
    assert "▌ again" in lines


def test_table_shows_header_and_cells() -> None:
    html = (
        "<table><thead><tr><th>City</th><th>Population</th></tr></thead>"
        "<tbody><tr><td>Hà Nội</td><td>8 million</td></tr>"
        "<tr><td>Huế</td><td>0.6 million</td></tr></tbody></table>"
    )
    lines = lines_of(render_body(html).renderable)
    header = next(line for line in lines if "City" in line)
    assert "Population" in header
    assert any("Hà Nội" in line and "8 million" in line for line in lines)
    assert any("Huế" in line and "0.6 million" in line for line in lines)
    assert lines.index(header) < next(i for i, line in enumerate(lines) if "Huế" in line)


def test_table_header_from_th_row_without_thead() -> None:
    html = "<table><tr><th>Name</th><th>Age</th></tr><tr><td>An</td><td>30</td></tr></table>"
    rendered = render_body(html).renderable
    assert all(s.style and s.style.bold for s in styled(rendered, "Name"))
    assert "An" in shown(rendered)


def test_wide_table_does_not_crash_or_overflow() -> None:
    head = "".join(f"<th>Column {n}</th>" for n in range(30))
    row = "".join(f"<td>value {n} with some words</td>" for n in range(30))
    html = f"<table><tr>{head}</tr><tr>{row}</tr><tr><td>short row</td></tr></table>"
    for width in (20, 40, 80):
        text = body(html, width=width)
        assert "value 29" in text.replace("\n", " ")
        assert all(cell_len(line) <= width for line in text.splitlines())
    # Too narrow for 30 columns: rows are stacked as "header: value".
    assert "Column 3: value 3 with some words" in body(html, width=80)


def test_cell_content_wraps_within_width() -> None:
    html = "<table><tr><td>key</td><td>" + "long cell text " * 10 + "</td></tr></table>"
    lines = lines_of(render_body(html), width=40)
    assert sum("long" in line for line in lines) > 1
    assert all(cell_len(line) <= 40 for line in lines)


def test_pre_keeps_whitespace_and_crops_long_lines() -> None:
    html = "<pre>def f(x):\n    return x  # " + "long " * 20 + "</pre><p>after</p>"
    lines = lines_of(render_body(html), width=40)
    assert lines[0] == "def f(x):"
    assert lines[1].startswith("    return x  # long")
    assert lines[1].endswith("…")
    assert cell_len(lines[1]) == 40
    assert "after" in lines


def test_images_show_alt_text_and_figures_their_caption() -> None:
    html = (
        '<figure><img src="https://example.com/a.png" alt="A chart">'
        "<figcaption>Figure 1: growth</figcaption></figure>"
        '<p>Inline <img src="x.png"> image.</p>'
    )
    rendered = render_body(html).renderable
    lines = lines_of(rendered)
    assert lines[:2] == ["[Image: A chart]", "Figure 1: growth"]
    assert "Inline [Image] image." in lines
    assert all(s.style and s.style.italic for s in styled(rendered, "Figure 1"))


def test_hr_is_a_rule() -> None:
    lines = lines_of(render_body("<p>above</p><hr><p>below</p>"), width=30)
    assert "─" * 30 in lines


def test_tagless_text_keeps_its_paragraphs() -> None:
    lines = lines_of(render_body("First line\nstill first.\n\nSecond &amp; last."))
    assert lines[:3] == ["First line still first.", "", "Second & last."]


def test_empty_body_says_so() -> None:
    for html in ("", "   ", "<p></p>", "<script>x</script>"):
        rendered = render_body(html)
        assert rendered.links == []
        assert "no text" in shown(rendered.renderable)


# --- links ----------------------------------------------------------------------


def test_links_are_numbered_in_order_and_deduplicated() -> None:
    html = (
        '<p><a href="https://a.example/">first</a>, <a href="https://b.example/">second</a>, '
        '<a href="https://a.example/">first again</a>, <a href="mailto:me@example.com">mail</a></p>'
    )
    rendered = render_body(html)
    assert rendered.links == ["https://a.example/", "https://b.example/", "mailto:me@example.com"]
    text = shown(rendered.renderable)
    assert "first[1], second[2], first again[1], mail[3]" in text
    lines = text.splitlines()
    links_at = lines.index("Links")
    assert lines[links_at + 1 : links_at + 4] == [
        "[1] https://a.example/",
        "[2] https://b.example/",
        "[3] mailto:me@example.com",
    ]


def test_relative_links_resolve_against_the_base_url() -> None:
    html = (
        '<a href="/about">about</a> <a href="next.html">next</a> <a href="//cdn.example/x">cdn</a>'
    )
    rendered = render_body(html, base_url="https://example.com/posts/1")
    assert rendered.links == [
        "https://example.com/about",
        "https://example.com/posts/next.html",
        "https://cdn.example/x",
    ]


def test_relative_links_without_a_base_are_not_listed() -> None:
    rendered = render_body('<p><a href="/about">about us</a></p>')
    assert rendered.links == []
    text = shown(rendered.renderable)
    assert "about us" in text
    assert "[1]" not in text


def test_article_links_resolve_against_the_item_url() -> None:
    rendered = render_article(make_item(), '<a href="../img/a.png">pic</a>', date_format="%Y")
    assert rendered.links == ["https://example.com/img/a.png"]


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "&#106;avascript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "vbscript:msgbox",
        "file:///etc/passwd",
        "ftp://example.com/x",
        "about:blank",
        "http://",
    ],
)
def test_unsafe_links_are_not_listed_but_their_text_shows(href: str) -> None:
    rendered = render_body(f'<p><a href="{href}">click here</a></p>', base_url="https://e.com/")
    assert rendered.links == []
    text = shown(rendered.renderable)
    assert "click here" in text
    assert "[1]" not in text
    assert "Links" not in text


def test_empty_anchors_get_no_number() -> None:
    rendered = render_body('<p><a href="https://e.com/a"></a>text <a name="x">anchor</a></p>')
    assert rendered.links == []


def test_links_never_use_terminal_hyperlinks() -> None:
    rendered = render_article(make_item(), '<a href="https://e.com/">x</a>', date_format="%Y")
    assert all(s.style is None or s.style.link is None for s in segments(rendered.renderable))


# --- the article --------------------------------------------------------------------


def test_article_header(vietnam_time: None) -> None:
    lines = lines_of(render_article(make_item(author="Jane Doe"), "<p>Body.</p>").renderable)
    assert lines[0] == "An example article"
    assert lines[1] == "Example Feed · Jane Doe · 21/05/2024 15:30 · 739 views"
    assert lines[2] == "https://example.com/posts/1"
    assert set(lines[3]) == {"─"}
    assert "Body." in lines[4:]


def test_article_header_title_is_bold() -> None:
    rendered = render_article(make_item(), "<p>x</p>").renderable
    assert all(s.style and s.style.bold for s in styled(rendered, "An example article"))


def test_article_header_omits_what_is_unknown(vietnam_time: None) -> None:
    item = make_item(published=None, views=None, url=None, feed_title="Feed")
    lines = lines_of(render_article(item, "<p>x</p>", date_format="%H:%M").renderable)
    assert lines[1] == "Feed · first seen 16:00"
    assert set(lines[2]) == {"─"}
    one_view = make_item(views=1)
    assert "· 1 view" in shown(render_article(one_view, "", date_format="%Y").renderable)


def test_article_reads_in_the_reader_language(vietnam_time: None) -> None:
    from newsroom_tui import i18n

    item = make_item(published=None, views=1234, feed_title="Feed", title="")
    html = '<p><img src="a.png" alt="Cầu"><img src="b.png"> <a href="/x">x</a></p>'
    before = i18n.language()
    assert i18n.set_language("vi") == "vi"
    try:
        text = shown(render_article(item, html, date_format="%H:%M").renderable)
    finally:
        i18n.set_language(before)
    assert "(không có tiêu đề)" in text
    assert "Feed · nhận lần đầu 16:00 · 1.234 lượt xem"  # Vietnamese groups with "." in text
    assert "[Ảnh: Cầu]" in text and "[Ảnh]" in text
    assert "Liên kết" in text and "[1] https://example.com/x" in text
    assert "views" not in text and "Image" not in text


def test_article_date_format_is_used(vietnam_time: None) -> None:
    text = shown(render_article(make_item(), "", date_format="%Y-%m-%d").renderable)
    assert "Example Feed · 2024-05-21 · 739 views" in text


def test_untitled_article() -> None:
    assert "(untitled)" in shown(render_article(make_item(title="  "), "").renderable)


def test_render_body_has_no_header() -> None:
    rendered = render_body("<p>only the body</p>")
    assert isinstance(rendered, RenderedArticle)
    assert lines_of(rendered.renderable)[0] == "only the body"


def test_plain_output_wraps_to_width_without_escapes() -> None:
    html = (
        "<h2>Heading</h2><p>" + "Some words to wrap around. " * 10 + "</p>"
        '<p><a href="https://example.com/' + "very-long-path/" * 8 + '">long link</a></p>'
        "<ul><li>" + "nested list item text " * 5 + "</li></ul>"
        "<blockquote>" + "quote " * 30 + "</blockquote>"
        "<pre>" + "x" * 200 + "</pre>"
        "<table><tr><th>A</th><th>B</th></tr><tr><td>"
        + "cell " * 30
        + "</td><td>b</td></tr></table>"
    )
    for width in (20, 40, 80):
        text = render_plain(make_item(), html, width=width)
        assert "\x1b" not in text
        assert "Heading" in text
        assert all(cell_len(line) <= width for line in text.splitlines()), width
        assert all(line == line.rstrip() for line in text.splitlines())


def test_vietnamese_with_combining_marks_survives_as_nfc() -> None:
    phrase = "Tiếng Việt có dấu: Hà Nội, Đà Nẵng, Huế"
    decomposed = unicodedata.normalize("NFD", phrase)
    assert decomposed != phrase
    html = f'<h2>{decomposed}</h2><p>{decomposed}</p><img alt="{decomposed}">'
    item = make_item(title=decomposed, feed_title=decomposed)
    plain = render_plain(item, html, width=80)
    assert plain.count(phrase) == 5  # title, feed, heading, paragraph, image alt
    assert unicodedata.is_normalized("NFC", plain)
    assert phrase in html_to_text(html)
    assert unicodedata.is_normalized("NFC", html_to_text(html))


# --- hostile input ---------------------------------------------------------------------

MARKUP_PAYLOADS = [
    "[bold]x[/bold]",
    "[/",
    "[0]",
    "[red]",
    "[@click=app.quit]x[/]",
    "[link=https://evil]y[/link]",
]
ESCAPE_PAYLOADS = [
    "\x1b[2J",
    "\x1b]52;c;SGVsbG8=\x07",
    "\x1b]8;;https://evil\x1b\\click\x1b]8;;\x1b\\",
]
CONTROL = {chr(c) for c in range(32) if c not in (9, 10)} | {"\x7f", "\u202e"}


def hostile_article(payload: str) -> RenderedArticle:
    """The payload in every place feed text can reach the screen."""
    item = make_item(
        title=f"Title {payload}",
        feed_title=f"Feed {payload}",
        author=f"Author {payload}",
        url=f"https://example.com/{payload}",
    )
    html = (
        f"<h2>Heading {payload}</h2><p>Body {payload}</p>"
        f'<p><a href="https://example.com/a">Link {payload}</a></p>'
        f'<img alt="Alt {payload}"><figure><figcaption>Caption {payload}</figcaption></figure>'
        f"<ul><li>Item {payload}</li></ul><blockquote>Quote {payload}</blockquote>"
        f"<table><tr><th>Head {payload}</th></tr><tr><td>Cell {payload}</td></tr></table>"
        f"<pre>Pre {payload}</pre>"
    )
    return render_article(item, html)


@pytest.mark.parametrize("payload", MARKUP_PAYLOADS)
def test_markup_in_feed_text_is_shown_literally(payload: str) -> None:
    text = shown(hostile_article(payload).renderable, width=200)
    for place in ("Title", "Feed", "Author", "Heading", "Body", "Link", "Alt", "Caption"):
        assert f"{place} {payload}" in text, place
    for place in ("Item", "Quote", "Head", "Cell", "Pre"):
        assert f"{place} {payload}" in text, place
    assert f"https://example.com/{payload}" in text


@pytest.mark.parametrize("payload", MARKUP_PAYLOADS + ESCAPE_PAYLOADS)
def test_nothing_from_the_feed_reaches_the_terminal_as_control(payload: str) -> None:
    rendered = hostile_article(payload)
    for segment in segments(rendered.renderable, width=200):
        if segment.control:
            continue
        assert not CONTROL & set(segment.text), repr(segment.text)
        assert segment.style is None or segment.style.link is None
        assert segment.style is None or not segment.style.meta  # no @click actions
    exported = shown(rendered.renderable, width=200)
    assert "\x1b" not in exported
    assert "\x07" not in exported
    plain = render_plain(make_item(title=payload), f"<p>{payload}</p>")
    assert "\x1b" not in plain
    assert "https://evil" not in rendered.links


def test_escape_payloads_leave_only_harmless_text() -> None:
    text = shown(hostile_article(ESCAPE_PAYLOADS[1]).renderable, width=200)
    assert "Body ]52;c;SGVsbG8=" in text


def test_entity_encoded_escapes_are_removed() -> None:
    html = "<p>a&#27;[2Jb &#x1b;]52;c;x&#7; &#x202e;c</p>"
    assert "\x1b" not in body(html)
    assert "\u202e" not in body(html)
    assert "\x1b" not in html_to_text(html)
    assert "\x1b" not in html_to_search_text(html)


def test_script_and_style_bodies_never_appear() -> None:
    html = (
        "<p>before</p><script>alert('SCRIPT1')</script><SCRIPT type=x>SCRIPT2</SCRIPT >"
        "<style>.x{color:red} STYLE1</style><noscript>NOSCRIPT</noscript>"
        "<iframe src='https://evil'>IFRAME</iframe><object>fallback words</object>"
        "<svg><title>SVG</title><g><text>SVGTEXT</text></g></svg>"
        "<template>TEMPLATE</template><textarea>TEXTAREA</textarea>"
        "<p>after</p><script>unclosed SCRIPT3 <p>hidden</p>"
    )
    for text in (body(html), html_to_text(html), html_to_search_text(html), sanitize_html(html)):
        assert "before" in text
        assert "after" in text
        # What an <object> embeds is never shown, so its fallback content is.
        assert "fallback words" in text
        for secret in (
            "SCRIPT",
            "STYLE1",
            "color:red",
            "NOSCRIPT",
            "IFRAME",
            "SVG",
            "TEMPLATE",
            "TEXTAREA",
            "hidden",
        ):
            assert secret not in text


def test_sanitize_html_keeps_structure_and_drops_the_dangerous() -> None:
    html = (
        '<div class="c" style="x" id="i" onclick="evil()"><p onmouseover="evil()">Text '
        '<a href="https://e.com/" target="_blank" onclick="evil()" title="T">link</a> '
        '<a href="javascript:evil()">js</a> <a href="/rel">rel</a> '
        '<img src="data:image/png;base64,AAA" alt="pic" onerror="evil()"></p>'
        '<form action="https://evil"><input name="q"><button>Go</button></form>'
        '<embed src="x.swf"><object data="x">fallback</object>'
        "<table><tr><th>h</th></tr><tr><td>c</td></tr></table><h2>H</h2></div>"
    )
    clean = sanitize_html(html)
    for gone in ("onclick", "onmouseover", "onerror", "evil", "style=", "class=", "id=",
                 "target=", "javascript", "data:", "<form", "<input", "<button", "<embed",
                 "<object", "Go<"):  # fmt: skip
        assert gone not in clean, gone
    # The object goes; its fallback content stays, as it would where the object is not shown.
    for kept in ('href="https://e.com/"', 'title="T"', 'href="/rel"', 'alt="pic"', "<table>",
                 "<th>h</th>", "<h2>H</h2>", "<p>", "<div>", "fallback"):  # fmt: skip
        assert kept in clean, kept
    assert sanitize_html("") == ""


# --- html_to_text -------------------------------------------------------------------------


def test_html_to_text_separates_blocks_and_decodes_entities() -> None:
    html = "<h1>Title</h1><p>Fish &amp; chips &lt;3 &eacute;t&eacute; &#8364;5&nbsp;</p><div>Next</div>"
    assert html_to_text(html) == "Title\n\nFish & chips <3 été €5\n\nNext"


def test_html_to_text_lists_images_and_breaks() -> None:
    html = (
        '<p>Look: <img src="a.png" alt="a cat"> here</p>'
        "<ul><li>one</li><li>two<ul><li>deep</li></ul></li></ul>"
        "<p>line<br>break</p>"
    )
    assert html_to_text(html) == "Look: a cat here\n\n- one\n- two\n  - deep\n\nline\nbreak"


def test_html_to_text_collapses_whitespace_within_paragraphs() -> None:
    assert html_to_text("<p>  lots \n of\t\tspace  </p>\n\n\n<p>b</p>") == "lots of space\n\nb"


def test_html_to_text_tables_and_pre() -> None:
    html = "<table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table>"
    assert html_to_text(html) == "A | B\n1 | 2"
    assert html_to_text("<pre>a\n  b</pre><p>c</p>") == "a\n  b\n\nc"


def test_search_text_has_the_words_of_the_text() -> None:
    from newsroom_tui.demo import demo_feed_path
    from newsroom_tui.feeds.parse import parse_feed

    bodies = [
        item.content_html or item.summary_html
        for name in ("ba-dinh-portal.xml", "city-briefing.json", "thanh-hoa-news.atom")
        for item in parse_feed(demo_feed_path(name).read_bytes(), {}, "https://demo.test/").items
    ]
    bodies += [
        '<p>Look: <img src="a.png" alt="a &lt;cat&gt;"> here</p><ul><li>one<li>two</ul>',
        "<p>Ủy&nbsp;ban <b>nhân</b> dân</p><!-- hidden --><script>x()</script><p>Ba Đình</p>",
        "<table><tr><th>A</th><td>1</td></tr></table><pre>a\n b</pre>plain &amp; text",
    ]
    assert len(bodies) > 20
    for html in bodies:
        words = [w for w in html_to_text(html).split() if w not in ("-", "|")]
        assert html_to_search_text(html).split() == words
        assert html_to_search_text(html, html_is_clean=True).split() == words


def test_search_text_of_clean_html_still_decodes_entities_safely() -> None:
    """Skipping the final clean pass is only for text that decoded no entity."""
    escaped = "<p>Ba &#27;[31mĐình&#x202e; &lt;b&gt;</p>"
    assert html_to_search_text(escaped, html_is_clean=True) == "Ba [31mĐình <b>"
    alt = '<p><img alt="x&#7;y" src="a?b=1&amp;c=2"></p>'
    assert html_to_search_text(alt, html_is_clean=True) == "xy"


def test_html_to_text_accepts_plain_text() -> None:
    assert html_to_text("Just text,\nwrapped.\n\nSecond para &amp; more") == (
        "Just text, wrapped.\n\nSecond para & more"
    )
    assert html_to_text("1 < 2 and 3 > 2") == "1 < 2 and 3 > 2"
    assert html_to_text("") == ""


def test_html_to_text_cleans_control_characters() -> None:
    text = html_to_text("<p>a\x1b[2Jb\u202ec\x07d</p>")
    assert text == "a[2Jbcd"


# --- robustness ---------------------------------------------------------------------------

MALFORMED = [
    "<p>unclosed <b>bold <i>italic",
    "</p></div></ul></table></blockquote>",
    "<li>stray item<li>another",
    "<td>stray cell</td><tr><th>x",
    "<table><tr><td><table><tr><td>nested</td></tr></table></td></tr></table>",
    "<table><p>text in table</p><tr>",
    "<ul><li><ol><li><blockquote><pre>mixed",
    "<a href='https://e.com/'><p>block in link</p></a>",
    "<a href='https://e.com/'>a<a href='https://f.com/'>b</a></a>",
    "<<<<>>>>&&&&;;;<!-- unclosed comment",
    "<!DOCTYPE html><html><head><title>t</title></head><body>body</body></html>",
    "<![CDATA[ cdata ]]><?xml version='1.0'?>",
    "<a b='unterminated attribute",
    '<img alt="unterminated',
    "<p>\x00null\x00</p>",
    "\ud800 lone surrogate",
    "<p>\udfff lone surrogate in a tag</p>",
    "<pre></pre><pre>\n</pre><table></table><ul></ul><figure></figure>",
    "<h1><h2><h3>headings</h1>",
    "<caption>orphan caption</caption><thead><tbody>",
    "<ol><li>" * 50,
    "<p>" + "&#" * 100 + "&#xFFFFFFFF; &#0; &#55296;",
]


@pytest.mark.parametrize("html", MALFORMED, ids=range(len(MALFORMED)))
def test_malformed_html_never_raises(html: str) -> None:
    for width in (10, 80):
        shown(render_article(make_item(), html).renderable, width)
    render_plain(make_item(), html, width=10)
    html_to_text(html)
    html_to_search_text(html)
    sanitize_html(html)


@pytest.mark.parametrize(
    "html",
    [
        "<div>" * 10_000 + "deep" + "</div>" * 10_000,
        "<div>" * 10_000 + "deep",
        "<blockquote>" * 10_000 + "deep",
        "<ul><li>" * 10_000 + "deep",
        "<b><i>" * 10_000 + "deep",
        "<table><tr><td>" * 5_000 + "deep",
        "<span>" * 10_000 + "deep",
    ],
    ids=["div", "div-unclosed", "blockquote", "list", "inline", "table", "span"],
)
def test_deep_nesting_renders(html: str) -> None:
    assert "deep" in body(html, width=40)
    assert "deep" in html_to_text(html)
    assert "deep" in html_to_search_text(html)
    assert "deep" in sanitize_html(html)


@pytest.mark.parametrize(
    "html",
    [
        "<a b='" * 40_000,
        "<!--" * 40_000,
        "<a\n" * 40_000,
        "<" * 200_000,
        "".join(f"<b title={n}>" for n in range(20_000)) + "<p>x" * 2_000,
        "<script>" * 40_000 + "</scrip" * 40_000,
        "<img alt='" * 40_000,
        "<video><span x='" * 20_000,
    ],
    ids=[
        "unclosed-quote",
        "unclosed-comment",
        "unclosed-tag",
        "lone-lt",
        "formatting-elements",
        "unclosed-script",
        "unclosed-img",
        "nested-dropped",
    ],
)
def test_inputs_that_are_quadratic_elsewhere_finish_quickly(html: str) -> None:
    # html.parser takes minutes on the first three, html5ever on the fifth.
    started = time.perf_counter()
    html_to_text(html)
    html_to_search_text(html)
    render_body(html)
    sanitize_html(html)
    assert time.perf_counter() - started < 10


def test_huge_input_is_truncated_not_fatal() -> None:
    paragraph = "<p>Hello <b>world</b> &amp; <a href='/x'>more</a>" + " words" * 150 + ".</p>\n"
    html = paragraph * 5_500
    assert len(html) > 5_000_000
    rendered = render_body(html, base_url="https://example.com/")
    assert rendered.links == ["https://example.com/x"]
    out = console(80)
    out.print(rendered.renderable)
    assert "Article truncated" in out.export_text(styles=False)[-500:]
    assert html_to_text(html).count("Hello world & more words words") == 5_500


def test_render_package_does_not_import_textual() -> None:
    code = (
        "import sys, newsroom_tui.render, newsroom_tui.render.html, newsroom_tui.render.article\n"
        "assert 'textual' not in sys.modules, sorted(m for m in sys.modules if 'textual' in m)\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    subprocess.run([sys.executable, "-c", code], check=True, env=env)
