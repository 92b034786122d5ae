"""The lxml fast path must give exactly what the feedparser path gives.

Every comparison here is exact: fastparse replays feedparser's own whitespace
stripping, so no tolerance (such as folding whitespace) is needed anywhere.
"""

from __future__ import annotations

import csv
import random
import re
import sys
import unicodedata
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path

import pytest
from feedparser.urls import _urljoin

from newsroom_tui.dates import parse_date
from newsroom_tui.feeds import fastparse
from newsroom_tui.feeds.fastparse import parse_fast
from newsroom_tui.feeds.parse import _parse_xml
from newsroom_tui.feeds.urls import safe_link
from newsroom_tui.models import ParsedFeed
from newsroom_tui.text import clean_line, clean_text

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus" / "real"
URL = "https://example.test/feed"
NS = (
    'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:media="http://search.yahoo.com/mrss/" '
    'xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" '
    'xmlns:atom="http://www.w3.org/2005/Atom"'
)


def reference(data: bytes, url: str = URL, headers: Mapping[str, str] | None = None) -> ParsedFeed:
    """The feedparser path, fed the bytes the way parse_feed feeds it."""
    if data[:1].isspace():
        data = data.lstrip()
    return _parse_xml(data, {k.lower(): v for k, v in (headers or {}).items()}, url)


def fast_and_same(data: bytes, url: str = URL) -> ParsedFeed:
    """parse_fast's result, after checking it is taken and equals feedparser's."""
    fast = parse_fast(data, url)
    assert fast is not None, "the fast path refused a document it should read"
    assert_same(fast, reference(data, url))
    return fast


def assert_same(fast: ParsedFeed, ref: ParsedFeed, name: str = "") -> None:
    # Field by field first, so a failure names the field, then everything at once.
    assert fast.title == ref.title, name
    assert fast.site_url == ref.site_url, name
    assert fast.format == ref.format, name
    assert len(fast.items) == len(ref.items), name
    for index, (mine, theirs) in enumerate(zip(fast.items, ref.items, strict=True)):
        for field in (
            "guid",
            "url",
            "title",
            "author",
            "published",
            "updated",
            "views",
            "summary_html",
            "content_html",
        ):
            assert getattr(mine, field) == getattr(theirs, field), f"{name} item {index} {field}"
    assert fast == ref, name


def rss(
    items: str, channel: str = "<title>Feed</title><link>https://site.example/</link>"
) -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0" {NS}>'
        f"<channel>{channel}{items}</channel></rss>"
    ).encode()


def atom(entries: str, head: str = "<title>Feed</title>", attrs: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" '
        f'xmlns:media="http://search.yahoo.com/mrss/"{attrs}>{head}{entries}</feed>'
    ).encode()


# --- the real-world corpus ---------------------------------------------------


def manifest() -> list[dict[str, str]]:
    path = CORPUS / "MANIFEST.tsv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


@pytest.mark.parametrize("row", manifest(), ids=lambda row: row["file"])
def test_corpus_file_matches_feedparser_when_taken(row: dict[str, str]) -> None:
    data = (CORPUS / row["file"]).read_bytes()
    try:
        # The internal entry point: anything but a deliberate refusal surfaces.
        fast = fastparse._parse(data, URL, None)
    except fastparse._Unsupported:
        return
    assert_same(fast, reference(data), row["file"])


def test_fast_path_reads_most_modern_corpus_feeds() -> None:
    rows = [r for r in manifest() if "BROKEN" not in r["notes"]]
    if not rows:
        pytest.fail("tests/data/corpus is missing from the checkout")
    for version in ("rss20", "atom10"):
        files = [r["file"] for r in rows if r["feedparser_version"] == version]
        taken = [f for f in files if parse_fast((CORPUS / f).read_bytes(), URL) is not None]
        # Guards against a fast path that silently always says "use feedparser".
        assert len(taken) * 2 > len(files), f"{version}: only {taken} of {files}"


def test_fast_path_refuses_legacy_and_broken_corpus_feeds() -> None:
    expected_refusals = {
        "bold-dk-unescaped-ampersands-rss2.xml",  # not well-formed
        "reuters-mostread-truncated-rss2.xml",  # truncated
        "mozillazine-atom03.xml",  # Atom 0.3
        "zeit-de-rss091u.xml",  # RSS 0.91
        "guardian-unlimited-rss091n.xml",  # DOCTYPE
        "ibash-org-ru-windows1251-rss2.xml",  # legacy encoding
        "daring-fireball-jsonfeed.json",  # not XML at all
    }
    present = [f for f in expected_refusals if (CORPUS / f).exists()]
    if not present:
        pytest.fail("tests/data/corpus is missing from the checkout")
    for name in present:
        assert parse_fast((CORPUS / name).read_bytes(), URL) is None, name


# --- synthetic documents: what the fast path reads, and what it refuses ------


def test_views_in_rss_and_in_atom_media_group() -> None:
    feed = fast_and_same(
        rss('<item><title>a</title><guid>1</guid><media:statistics views="1234"/></item>')
    )
    assert feed.items[0].views == 1234
    youtube = atom(
        "<entry><id>yt:video:1</id><title>v</title>"
        "<media:group><media:title>v</media:title><media:description>d</media:description>"
        '<media:community><media:starRating count="3"/><media:statistics views="304321"/>'
        "</media:community></media:group></entry>"
    )
    entry = fast_and_same(youtube).items[0]
    assert entry.views == 304321
    # feedparser files the media:description as the summary of such an entry.
    assert entry.summary_html == "d"


def test_content_encoded_wins_over_description() -> None:
    doc = rss(
        "<item><title>t</title><guid>g</guid>"
        "<description>&lt;p&gt;short&lt;/p&gt;</description>"
        "<content:encoded><![CDATA[<p>full <b>body</b></p>]]></content:encoded></item>"
    )
    item = fast_and_same(doc).items[0]
    assert item.content_html == "<p>full <b>body</b></p>"
    assert item.summary_html == "<p>short</p>"


def test_description_after_itunes_summary_becomes_content() -> None:
    # One of feedparser's order-dependent rules the fast path has to replay.
    doc = rss(
        "<item><title>t</title><itunes:summary>plain &amp; simple</itunes:summary>"
        "<description>&lt;p&gt;rich&lt;/p&gt;</description></item>"
    )
    item = fast_and_same(doc).items[0]
    assert item.summary_html == "plain &amp; simple"
    # Filed as text/plain content, then sniffed as HTML (feedparser does that for RSS).
    assert item.content_html == "<p>rich</p>"


def test_atom_xhtml_content_and_html_title() -> None:
    doc = atom(
        '<entry><id>tag:x,2024:1</id><title type="html">A &lt;em&gt;b&lt;/em&gt; &amp;amp; c</title>'
        '<link href="https://example.test/a"/>'
        '<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">'
        '<p>Hi <a href="/x" title="a&quot;b">there</a> &amp; <br/></p></div></content>'
        '<summary type="text">1 &lt; 2\nand more</summary></entry>'
    )
    entry = fast_and_same(doc).items[0]
    assert entry.title == "A b & c"
    assert entry.content_html == '<p>Hi <a href="/x" title="a&quot;b">there</a> &amp; <br></br></p>'
    assert entry.summary_html == "1 &lt; 2<br>and more"


def test_item_without_a_date() -> None:
    item = fast_and_same(rss("<item><title>no date</title><guid>x</guid></item>")).items[0]
    assert item.published is None and item.updated is None


def test_dates_rfc822_w3c_and_feedparser_fallback() -> None:
    doc = rss(
        "<item><guid>1</guid><pubDate>Tue, 03 Sep 2019 18:00:00 -0700</pubDate></item>"
        "<item><guid>2</guid><dc:date>2019-09-03T18:00:00+02:00</dc:date></item>"
        "<item><guid>3</guid><pubDate>Dom, 16 Jun 2024 10:00:00 +0200</pubDate></item>"
    )
    first, second, third = fast_and_same(doc).items
    assert first.published == datetime(2019, 9, 4, 1, 0, tzinfo=UTC)
    assert second.published == datetime(2019, 9, 3, 16, 0, tzinfo=UTC)
    assert second.updated == second.published  # dc:date is feedparser's "updated"
    assert third.published == datetime(2024, 6, 16, 8, 0, tzinfo=UTC)  # Spanish "Dom"


def test_relative_links_resolved() -> None:
    doc = rss(
        "<item><title>a</title><link>/posts/1?a=1&amp;b=2</link></item>"
        '<item><title>b</title><guid isPermaLink="true">/posts/2</guid></item>'
        '<item><title>c</title><guid isPermaLink="false">/posts/3</guid></item>',
        channel="<title>F</title><link>https://site.example/blog/</link>",
    )
    # Against the document's own URL (RFC 3986), not the channel's <link>.
    first, second, third = fast_and_same(doc, "https://feeds.example/x/feed.xml").items
    assert first.url == "https://feeds.example/posts/1?a=1&b=2"
    assert second.url == "https://feeds.example/posts/2"  # a permalink guid is the link
    assert third.url is None and third.guid == "/posts/3"
    based = atom(
        '<entry xml:base="https://other.example/dir/"><id>tag:1</id><link href="page"/></entry>',
        head='<title>F</title><link href="https://site.example/"/>',
    )
    assert fast_and_same(based).items[0].url == "https://other.example/dir/page"


def test_rss1_rdf_about_is_the_guid() -> None:
    doc = (
        b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
        b' xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        b'<channel rdf:about="https://site.example/"><title>R</title><link>https://site.example/</link>'
        b'</channel><item rdf:about="https://site.example/1"><title>one</title>'
        b"<link>https://site.example/1</link><dc:creator>Ann</dc:creator>"
        b"<dc:date>2024-01-02T03:04:05Z</dc:date></item></rdf:RDF>"
    )
    feed = fast_and_same(doc)
    assert feed.format == "rss10"
    assert feed.items[0].guid == "https://site.example/1"
    assert feed.items[0].author == "Ann"


def test_authors_and_windows_1252_references() -> None:
    doc = atom(
        "<entry><id>1</id><author><name>Ann</name><email>ann@example.test</email></author>"
        "<title>&#147;quoted&#148; &#128;5</title></entry>"
    )
    entry = fast_and_same(doc).items[0]
    assert entry.author == "Ann (ann@example.test)"
    assert entry.title == "\u201cquoted\u201d \u20ac5"  # feedparser reads C1 as cp1252


@pytest.mark.parametrize(
    "doc",
    [
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>a & b</title></channel></rss>',
        b'<?xml version="1.0"?><rss version="2.0"><channel><item><title>x</title></channel></rss>',
        b"<rss version='2.0'><channel><title>&nbsp;</title></channel></rss>",
        b'<?xml version="1.0"?><rss version="2.0"><channel><x:y/></channel></rss>',
        b"not xml at all",
        b"",
    ],
    ids=[
        "bare-ampersand",
        "mismatched-tags",
        "undefined-entity",
        "unbound-prefix",
        "text",
        "empty",
    ],
)
def test_malformed_documents_are_refused(doc: bytes) -> None:
    assert parse_fast(doc, URL) is None


@pytest.mark.parametrize(
    "doc",
    [
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY e "boom">]>'
        b'<rss version="2.0"><channel><title>&e;</title></channel></rss>',
        b'<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"'
        b' "http://my.netscape.com/publish/formats/rss-0.91.dtd"><rss version="0.91"><channel/></rss>',
    ],
    ids=["internal-entity", "netscape-doctype"],
)
def test_doctype_and_entities_are_refused(doc: bytes) -> None:
    assert parse_fast(doc, URL) is None


@pytest.mark.parametrize(
    "doc",
    [
        b'<?xml version="1.0"?><rss version="0.91"><channel><title>t</title></channel></rss>',
        b'<?xml version="1.0"?><feed xmlns="http://purl.org/atom/ns#" version="0.3"/>',
        b'<?xml version="1.0" encoding="windows-1251"?><rss version="2.0"><channel>'
        b"<title>\xcf\xf0\xe8\xe2\xe5\xf2</title></channel></rss>",
        b'<?xml version="1.0"?><html><body>not a feed</body></html>',
        '<?xml version="1.0" encoding="utf-16"?><rss version="2.0"/>'.encode("utf-16"),
    ],
    ids=["rss091", "atom03", "windows-1251", "html", "utf-16"],
)
def test_legacy_formats_and_encodings_are_refused(doc: bytes) -> None:
    assert parse_fast(doc, URL) is None


def test_headers_that_change_feedparser_are_refused() -> None:
    # feedparser repairs a wrong charset in most text, not in Atom author names.
    doc = atom("<entry><id>/a</id><author><name>Jos\u00e9</name></author></entry>")
    undeclared = doc.split(b"?>", 1)[1]
    agreeing = [
        (doc, {"Content-Type": "application/rss+xml"}),
        (doc, {"content-type": "text/xml"}),
        (doc, {"etag": "x"}),  # the declaration still says UTF-8
        (undeclared, {"content-type": "application/xml; charset=utf-8"}),
    ]
    for data, headers in agreeing:
        fast = parse_fast(data, URL, headers)
        assert fast is not None, headers
        assert_same(fast, reference(data, URL, headers))
    changing = [
        (doc, {"content-location": "https://elsewhere.example/"}),  # becomes the base URI
        (doc, {"content-type": "application/xml; charset=iso-8859-1"}),  # decoded as Latin-1
        (undeclared, {"etag": "x"}),  # no Content-Type, no declaration: Latin-1 assumed
    ]
    for data, headers in changing:
        assert parse_fast(data, URL, headers) is None, headers
        assert reference(data, URL, headers) != reference(data, URL), headers


# --- the exact shortcuts around text.py, urls.py and feedparser's dates ------


def all_code_points() -> str:
    return "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)


def _unsafe(o: int) -> bool:
    return (
        (o < 32 and chr(o) not in "\t\n")
        or 0x7F <= o <= 0x9F  # DEL, C1
        or o in (0x200B, 0x200E, 0x200F, 0xFEFF)
        or 0x202A <= o <= 0x202E  # bidi embeddings and overrides
        or 0x2060 <= o <= 0x2064
        or 0x2066 <= o <= 0x206F  # bidi isolates and deprecated format characters
        or 0xFFF9 <= o <= 0xFFFB
        or 0xE0000 <= o <= 0xE007F  # tags
    )


def reference_clean_text(text: str) -> str:
    """clean_text's contract spelled out character by character, without shortcuts."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in text)
    text = "".join(c for c in text if not _unsafe(ord(c)))
    return unicodedata.normalize("NFC", text)


def test_clean_text_shortcuts_only_skip_no_ops() -> None:
    everything = all_code_points()
    ascii_kept = "".join(c for c in everything[:128] if c.isprintable() or c in "\t\n")
    assert clean_text(ascii_kept) == ascii_kept
    # Non-ASCII text the shortcut passes through must only need NFC.
    kept = "".join(c for c in everything if c.isprintable() or c in "\t\n\xa0\u3000")
    assert clean_text(kept) == reference_clean_text(kept) == unicodedata.normalize("NFC", kept)
    assert clean_text(everything) == reference_clean_text(everything)
    samples = ["", "plain", "tab\tnew\nline", "cr\r\nlf", "del\x7f", "bell\x07", "caf\u00e9"]
    samples += ["e\u0301", "\u202ertl", "zw\u200bsp", "nb\xa0sp", "\ufeffbom", "\x85nel", "\u3000"]
    samples += ["Ủy ban\u2066x", "\ud800lone", "nb\xa0\x1b[2J", "\u3000\u202e", "\u00ad soft"]
    for text in samples:
        assert clean_text(text) == reference_clean_text(text), repr(text)
        assert clean_line(text) == " ".join(reference_clean_text(text).split()), repr(text)


def test_clean_line_shortcut_splits_on_the_same_spaces() -> None:
    everything = all_code_points()
    assert re.sub(r"\s", "", everything) == "".join(c for c in everything if not c.isspace())


@pytest.mark.parametrize(
    "link",
    [
        "https://ex.example/a/b",
        "http://ex.example",
        "https://ex.example/a?",
        "https://ex.example/a#",
        "https://ex.example/a;p",
        "https://ex.example/a/../b",
        "https://user:pw@ex.example:8080/p",
        "HTTPS://ex.example/",
        "https:///no-host",
        "https://",
        "http://[::1]/",
        "http://[::1/",
        "https://ex.example/a b",
        'https://ex.example/"q"',
        "https://ex.example/\u00fc",
        "  https://ex.example/\tpadded  ",
        "//ex.example/x",
        "/relative",
        "relative",
        "mailto:a@ex.example",
        "javascript:alert(1)",
        "",
    ],
)
@pytest.mark.parametrize("base", [None, "https://site.example/dir/", "http://site.example/"])
def test_safe_link_shortcut_matches_safe_link(link: str, base: str | None) -> None:
    assert fastparse._safe_link(link, base) == safe_link(link, base)


@pytest.mark.parametrize(
    "link",
    [
        "https://ex.example/a",
        "https://ex.example/a?",
        "https://ex.example/a#f",
        "https://ex.example/a;p",
        "http:///triple.example/x",
        "https:///",
        "relative/path",
        "/rooted",
        "http://[::1]/",
        "https://ex.example/a b",
        "HTTP://EX.EXAMPLE/",
        "https://ex.example/\u00fc",
        "",
    ],
)
@pytest.mark.parametrize("base", ["", "https://site.example/dir/", "http://x.example/", "ftp://f/"])
def test_resolve_shortcut_matches_feedparser_urljoin(link: str, base: str) -> None:
    assert fastparse._resolve(base, link) == _urljoin(base, link)


def random_date(rng: random.Random) -> str:
    if rng.random() < 0.5:
        day = rng.choice(["Mon, ", "Tue ", "Tuesday, ", "Dom, ", ""])
        month = rng.choice(["Jan", "sep", "DEC", "Sept", "Xyz"])
        year = rng.choice(["2019", "19", "1969", "9001"])
        zone = rng.choice(["+0000", "-0700", "+05:30", "GMT", "EST", "pdt", "Z", "A", "XYZ"])
        second = rng.choice(["", f":{rng.randint(0, 61):02d}"])
        return (
            f"{day}{rng.randint(0, 32)} {month} {year} {rng.randint(0, 25):02d}:05{second} {zone}"
        )
    date = (
        f"{rng.choice([1969, 1970, 2024, 9001])}-{rng.randint(0, 13):02d}-{rng.randint(0, 32):02d}"
    )
    if rng.random() < 0.2:
        return date
    zone = rng.choice(["", "Z", "z", "+00:00", "-05:30", "+0530", " UTC"])
    second = rng.choice(["", ":07", ":07.123", ":61"])
    return f"{date}{rng.choice('Tt ')}{rng.randint(0, 25):02d}:30{second}{zone}"


def test_fast_dates_match_the_date_module() -> None:
    # The RFC 822 / W3C shortcut must read every string as the date module does.
    rng = random.Random(20240521)
    for _ in range(20000):
        text = random_date(rng)
        assert fastparse._date(text) == parse_date(text), text


# --- random documents: feedparser's quirks in combination ---------------------

TEXTS = [
    "Plain",
    "Q&amp;A &lt;b&gt;bold&lt;/b&gt;",
    "caf\u00e9 \u2019quote\u2019 \u2014",
    "\u00c3\u00a9t\u00c3\u00a9 mojibake",
    "&#147;smart&#148; &#128;",
    "  spaced\n  out\t ",
    "",
    "<![CDATA[<p>cdata <b>html</b></p>]]>",
    "a &amp;amp; b",
    "x@example.test (Jo Doe)",
    "http:///triple.example/",
    "/relative?a=1&amp;b=2",
    "https://ex.example/a?",
    "tag:ex.example,2020:1",
    "zero\u200bwidth\u00a0nbsp",
]
DATES = [
    "Tue, 03 Sep 2019 18:00:00 -0000",
    "Thu, 05 Sep 2019 18:00:00 EST",
    "2019-09-03T18:00:00.123+05:30",
    "2019-09-03",
    "garbage",
    "",
]

Fragment = Callable[[random.Random], str]


def element(name: str, attrs: str = "") -> Fragment:
    return lambda rng: f"<{name}{attrs}>{rng.choice(TEXTS)}</{name}>"


def date(name: str) -> Fragment:
    return lambda rng: f"<{name}>{rng.choice(DATES)}</{name}>"


def group(*parts: Fragment, name: str) -> Fragment:
    return lambda rng: f"<{name}>" + "".join(part(rng) for part in parts) + f"</{name}>"


RSS_PARTS: list[Fragment] = [
    element("title"),
    element("title", ' type="html"'),
    element("link"),
    element("description"),
    element("content:encoded"),
    element("itunes:summary"),
    element("media:description", ' type="plain"'),
    element("media:title"),
    element("dc:creator"),
    element("author"),
    element("guid"),
    element("guid", ' isPermaLink="false"'),
    date("pubDate"),
    date("dc:date"),
    element("category"),
    lambda rng: f'<media:statistics views="{rng.randint(0, 999)}"/>',
    group(element("media:title"), element("media:description"), name="media:group"),
    group(element("title"), element("description"), element("url"), name="og"),
    group(element("url"), element("title"), element("link"), name="image"),
    group(element("name"), element("email"), name="author"),
    lambda rng: f'<atom:link href="{rng.choice(["/alt", "https://ex.example/alt"])}"/>',
    element("source", ' url="https://src.example/"'),
]


def atom_link(rng: random.Random) -> str:
    rel = rng.choice(["", ' rel="self"', ' rel="alternate"'])
    return f'<link href="{rng.choice(["/a", "https://ex.example/a"])}"{rel}/>'


ATOM_PARTS: list[Fragment] = [
    element("title"),
    element("title", ' type="html"'),
    element("summary"),
    element("content", ' type="html"'),
    element("content", ' type="text"'),
    lambda rng: (
        '<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>x</p></div></content>'
    ),
    element("id"),
    atom_link,
    date("published"),
    date("updated"),
    group(element("name"), element("email"), element("uri"), name="author"),
    group(element("title"), element("id"), date("updated"), name="source"),
    group(
        element("media:title"),
        element("media:description"),
        lambda rng: (
            f'<media:community><media:statistics views="{rng.randint(0, 9)}"/></media:community>'
        ),
        name="media:group",
    ),
]


def random_feed(rng: random.Random) -> bytes:
    if rng.random() < 0.5:
        items = "".join(
            "<item>"
            + "".join(rng.choice(RSS_PARTS)(rng) for _ in range(rng.randint(0, 8)))
            + "</item>"
            for _ in range(rng.randint(0, 3))
        )
        head = "".join(rng.choice(RSS_PARTS[:6])(rng) for _ in range(rng.randint(0, 3)))
        return rss(items, channel=head)
    entries = "".join(
        "<entry>"
        + "".join(rng.choice(ATOM_PARTS)(rng) for _ in range(rng.randint(0, 8)))
        + "</entry>"
        for _ in range(rng.randint(0, 3))
    )
    base = rng.choice(["", ' xml:base="https://base.example/b/"'])
    return atom(
        entries, head="".join(rng.choice(ATOM_PARTS[:3])(rng) for _ in range(2)), attrs=base
    )


def test_random_feeds_match_feedparser() -> None:
    rng = random.Random(7)
    taken = 0
    for _ in range(250):
        doc = random_feed(rng)
        fast = parse_fast(doc, URL)
        if fast is not None:
            taken += 1
            assert_same(fast, reference(doc), doc.decode())
    assert taken > 200
