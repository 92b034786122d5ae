"""Untrusted feed HTML as data: sanitised HTML, plain text and search words.

Pure functions, no Rich and no Textual: the fetch path (parse, store) uses
them on every item, and `render.html` builds the reader's blocks on the same
tokenizer. Feed HTML is written by strangers, so every path here must be safe
and cheap on any input:

- `sanitize_html`       -> HTML with an allow-list of tags (nh3), for storage;
- `html_to_text`        -> plain text with its layout, for summaries and snippets;
- `html_to_search_text` -> the same words without layout, for the search index.

Why not `html.parser`: on Python 3.11 it is quadratic (worse for some
inputs) on unclosed constructs; 240 KB of `<a b='` takes minutes. The
tokenizer below is one regular expression in which every alternative either
matches a bounded token or swallows the rest of the document, so a scan is
linear. nh3 (html5ever) has its own quadratic case, deep nesting, which
`_limit_nesting` bounds before large documents reach it.

The search words are versioned: the cache derives a row's indexed text from
its stored HTML again to unindex the row, so any change to what
`html_to_search_text` returns must raise SEARCH_TEXT_REVISION.
"""

from __future__ import annotations

import html as htmllib
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

import nh3

from newsroom_tui.text import clean_text, drop_invisible

# Raised whenever html_to_search_text's output changes for some input: rows
# store this revision in place of their text and derive it again when read.
SEARCH_TEXT_REVISION = 4
# Revision 1 (until 2026-12-07): <frame> and <frameset> dropped the rest of the
# document, MathML was dropped, <xmp> and <plaintext> hid their text. Rows
# indexed with it are read again with its rules (`revision=1`) to unindex them.
# Revision 2 (until 2026-12-07): <object> and <applet> hid their fallback content
# (and an unclosed one the rest of the document), and a quote anywhere in a tag
# opened a quoted value, so <a href=x">text</a> hid the rest of the document.
# Revision 3 (until 2026-12-07): an element dropped with its content that is
# not raw text (<video>, <button>, <select>, <svg>...) ended only at its own
# end tag, so an unclosed one hid the rest of the document, and <svg/> too.

# --- Tag vocabulary -------------------------------------------------------

ALLOWED_TAGS: frozenset[str] = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col",
        "colgroup", "dd", "del", "dfn", "div", "dl", "dt", "em", "figcaption",
        "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins",
        "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span",
        "strike", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th",
        "thead", "time", "tr", "tt", "u", "ul", "var",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    "*": {"title"},
    "a": {"href"},
    "img": {"src", "alt"},
}
LINK_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto"})

# Elements dropped together with everything inside them: their text is code,
# styling, widget labels, "your browser does not support..." fallbacks, or a
# formula's source (MathML annotations; the formula itself is kept). Not
# <object> and <applet>: the HTML standard shows their content in place of
# what they embed when that is not shown, and a reader never shows it.
DROPPED_WITH_CONTENT: frozenset[str] = frozenset(
    {
        "annotation", "annotation-xml", "audio", "button", "canvas", "datalist",
        "head", "iframe", "noembed", "noframes", "noscript", "script", "select",
        "style", "svg", "template", "textarea", "title", "video",
    }
)  # fmt: skip
# Elements whose content the HTML tokenizer reads as raw text (or escapable
# raw text) up to the matching end tag, and that show none of it: all of them
# are in DROPPED_WITH_CONTENT. <noscript> is read as a browser running scripts
# reads it (html5ever, behind sanitize_html, does the same).
_RAW_TEXT = (
    "iframe", "noembed", "noframes", "noscript", "script", "style", "textarea",
    "title",
)  # fmt: skip
# Raw text that is shown, literally (tags and entities in it are text):
# <xmp> up to its end tag, <plaintext> to the end of the document. Both read
# as preformatted text.
_LITERAL_TEXT = ("xmp", "plaintext")
# The HTML standard's void elements (and the obsolete ones it parses as void):
# they have no content and no end tag, so they never hide what follows.
VOID_TAGS: frozenset[str] = frozenset(
    {
        "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr",
        "img", "input", "keygen", "link", "meta", "param", "source", "track", "wbr",
    }
)  # fmt: skip
# What revisions 1 and 2 of the search text dropped, kept to read their rows again.
_DROPPED_V2 = DROPPED_WITH_CONTENT | {"applet", "object"}
_DROPPED_V1 = (_DROPPED_V2 - {"annotation", "annotation-xml"}) | {
    "embed", "frame", "frameset", "math", "plaintext", "xmp",
}  # fmt: skip
_RAW_TEXT_V1 = (*_RAW_TEXT, "plaintext", "xmp")
_VOID_V1 = VOID_TAGS - {"basefont", "bgsound", "frame"}
# End tags the HTML parser infers, so they never make a document deeper.
_OPTIONAL_END: frozenset[str] = frozenset(
    {
        "caption", "colgroup", "dd", "dt", "li", "optgroup", "option", "p", "rb",
        "rp", "rt", "rtc", "tbody", "td", "tfoot", "th", "thead", "tr",
    }
)  # fmt: skip
# Elements that start and end a paragraph of their own.
BLOCK_TAGS: frozenset[str] = frozenset(
    {
        "address", "article", "aside", "blockquote", "caption", "center",
        "details", "dd", "dialog", "div", "dl", "dt", "fieldset", "figcaption",
        "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
        "hgroup", "hr", "legend", "li", "main", "nav", "ol", "p", "pre",
        "section", "summary", "table", "tr", "ul",
    }
)  # fmt: skip
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}

# --- Tokenizer ------------------------------------------------------------

TOKEN_TEXT, TOKEN_START, TOKEN_END = 0, 1, 2
Token = tuple[int, str, str, int, int]  # kind, text or tag name, raw attributes, start, end

# Possessive quantifiers (`*+`) forbid backtracking, and an unterminated
# quote, tag, comment or raw-text element runs to the end of the input, as it
# does in browsers: together that keeps a scan linear whatever the input.
# The pieces are shared with the search-text passes further down.
# A tag's attributes as the HTML tokenizer reads them: a quote opens a quoted
# value only right after "=" (spaces allowed around it); anywhere else, as in
# href=http://example.com/" or a"b, it is a character of a name or a value.
_ATTRS = r"""(?:[^>=]++|=\s*+(?:"[^"]*+"?|'[^']*+'?)?)*+"""
# Revisions 1 and 2 took any quote for the start of a quoted value.
_ATTRS_V2 = r"""(?:[^>"']++|"[^"]*+"?|'[^']*+'?)*+"""


def _raw_element(names: tuple[str, ...]) -> str:
    return (
        r"<(?P<raw>"
        + "|".join(names)
        + r")(?=[\s/>]|\Z)[^>]*+>?.*?(?:</(?P=raw)(?=[\s/>]|\Z)[^>]*+>?|\Z)"
    )


_RAW_ELEMENT = _raw_element(_RAW_TEXT)
# The outer groups close last, so `lastgroup` names the alternative.
_LITERAL_ELEMENT = (
    r"(?P<literal><xmp(?=[\s/>]|\Z)[^>]*+>?(?P<xmp>.*?)(?:</xmp(?=[\s/>]|\Z)[^>]*+>?|\Z))"
    r"|(?P<plaintext><plaintext(?=[\s/>]|\Z)[^>]*+>?(?P<rest>.*))"
)
_COMMENT = r"<!--.*?(?:--!?>|\Z)"


def _tokenizer(raw_element: str, attrs: str = _ATTRS) -> re.Pattern[str]:
    return re.compile(
        r"""
          (?P<text>[^<]++)
        | """
        + raw_element
        + r"""
        | <(?P<start>[a-zA-Z][^\s/>]*+)(?P<attrs>"""
        + attrs
        + r""")>?
        | </(?P<end>[a-zA-Z][^\s/>]*+)[^>]*+>?
        | """
        + _COMMENT
        + r"""
        | <[!?/][^>]*+>?
        | (?P<lt><(?:<(?![a-zA-Z!?/]))*+[^<]*+)  # "<" that starts no tag is text
        """,
        re.DOTALL | re.VERBOSE | re.IGNORECASE,
    )


_TOKEN = _tokenizer(_LITERAL_ELEMENT + "|" + _RAW_ELEMENT)
_TOKEN_V2 = _tokenizer(_LITERAL_ELEMENT + "|" + _RAW_ELEMENT, _ATTRS_V2)
_TOKEN_V1 = _tokenizer(_raw_element(_RAW_TEXT_V1), _ATTRS_V2)
_ATTRIBUTE = re.compile(r"""([^\s"'>/=]++)(?:\s*=\s*(?:"([^"]*+)"?|'([^']*+)'?|([^\s>]*+)))?""")


def tokens(html: str) -> Iterator[Token]:
    """Text, start and end tags; comments, doctypes and raw-text elements
    (<script> and friends, with their bodies) are skipped. The literal text
    of <xmp> and <plaintext> comes as a <pre> whose text is escaped, so that
    unescaping it, as every text token is, gives back exactly what was written."""
    for m in _TOKEN.finditer(html):  # every position matches, so tokens are contiguous
        kind = m.lastgroup
        if kind == "text" or kind == "lt":
            yield TOKEN_TEXT, m.group(), "", m.start(), m.end()
        elif kind == "attrs":
            yield TOKEN_START, m.group("start").lower(), m.group("attrs"), m.start(), m.end()
        elif kind == "end":
            yield TOKEN_END, m.group("end").lower(), "", m.start(), m.end()
        elif kind == "literal" or kind == "plaintext":
            literal = m.group("xmp") if kind == "literal" else m.group("rest")
            yield TOKEN_START, "pre", "", m.start(), m.start()
            yield TOKEN_TEXT, htmllib.escape(literal, quote=False), "", m.start(), m.end()
            yield TOKEN_END, "pre", "", m.end(), m.end()


def attributes(raw: str) -> dict[str, str]:
    """Attribute values by lower-case name (first wins, as in browsers)."""
    found: dict[str, str] = {}
    for m in _ATTRIBUTE.finditer(raw):
        name = m.group(1).lower()
        if name not in found:
            found[name] = htmllib.unescape(m.group(2) or m.group(3) or m.group(4) or "")
    return found


def _attribute(raw: str, wanted: str) -> str | None:
    """One attribute's value, as `attributes(raw).get(wanted)` gives it."""
    for m in _ATTRIBUTE.finditer(raw):
        if m.group(1).lower() == wanted:
            return htmllib.unescape(m.group(2) or m.group(3) or m.group(4) or "")
    return None


class DroppedContent:
    """Where the content of an element of DROPPED_WITH_CONTENT ends.

    Raw-text elements (<script>, <iframe>...) end at their own end tag, which
    the tokenizer finds. The others hold markup and end as the HTML standard's
    tree builder ends them: at their own end tag, or at the end tag of an
    element they sit in, so "<p>a<video>b</p>c" drops only "b". A foreign
    <svg/> closes itself and holds nothing. Fed every tag while it drops.
    """

    __slots__ = ("open",)

    def __init__(self) -> None:
        self.open: list[str] = []  # the dropped element, then what opened inside it

    def start(self, name: str, attrs: str) -> bool:
        """True when the element this tag opens is hidden."""
        if not self.open:
            if name not in DROPPED_WITH_CONTENT:
                return False
            if name in VOID_TAGS or (name == "svg" and attrs.rstrip().endswith("/")):
                return True
        elif name in VOID_TAGS:
            return True
        self.open.append(name)
        return True

    def end(self, name: str) -> bool:
        """True when this end tag is hidden; False when the caller reads it
        (it may just have ended the dropped content, as an element around it)."""
        if not self.open:
            return name in DROPPED_WITH_CONTENT
        if name in self.open:
            while self.open.pop() != name:
                pass
            return True
        if name in VOID_TAGS:
            return True
        self.open.clear()
        return False


# --- Sanitising -----------------------------------------------------------

# html5ever is quadratic in nesting depth (20k unclosed <b title=n> take
# ~45 s), so deeply nested large documents are flattened first. Below this
# size the worst case is milliseconds, and the common path skips the scan.
_NESTING_CHECK_ABOVE = 16_384
MAX_NESTING = 100


def _limit_nesting(html: str, max_depth: int = MAX_NESTING) -> str:
    """Drop start tags (and their end tags) nested deeper than `max_depth`.

    Also drops comments and raw-text elements such as <script>, which nh3
    would remove anyway. Text is kept, so nothing readable is lost.
    """
    kept: list[str] = []
    stack: list[str] = []
    open_count: dict[str, int] = {}
    dropped: dict[str, int] = {}
    for kind, name, _attrs, start, end in tokens(html):
        if kind != TOKEN_TEXT and (name in VOID_TAGS or name in _OPTIONAL_END):
            pass  # cannot deepen the tree
        elif kind == TOKEN_START:
            if len(stack) >= max_depth:
                dropped[name] = dropped.get(name, 0) + 1
                continue
            stack.append(name)
            open_count[name] = open_count.get(name, 0) + 1
        elif kind == TOKEN_END:
            if dropped.get(name):  # the innermost element of that name was dropped
                dropped[name] -= 1
                continue
            while open_count.get(name):  # close it and anything left open inside
                top = stack.pop()
                open_count[top] -= 1
                if top == name:
                    break
        kept.append(html[start:end])
    return "".join(kept)


def sanitize_html(html: str) -> str:
    """HTML restricted to structural and text tags, safe to store and re-parse.

    Scripts, styles, frames, objects, forms and event handlers go, with the
    text of the elements in DROPPED_WITH_CONTENT. Only href, src, alt and
    title survive, and URLs only with http, https or mailto (relative URLs
    are kept so they can be resolved against the article's address).
    """
    if not html:
        return ""
    # Lone surrogates make nh3 raise; escapes and bidi overrides have no
    # business in stored HTML either.
    html = clean_text(html)
    if len(html) > _NESTING_CHECK_ABOVE:
        html = _limit_nesting(html)
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=set(LINK_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )


# --- Plain text -----------------------------------------------------------

BLANK_LINES = re.compile(r"\n[ \t]*\n\s*")
WHITESPACE = re.compile(r"[ \t\n\r\f]+")
ASCII_WHITESPACE = " \t\n\r\f"
# Nested list items indent two spaces a level, up to this many levels.
_MAX_TEXT_INDENT = 8


def _plain_text(text: str) -> str:
    """Tagless input (many RSS descriptions): paragraphs at blank lines."""
    text = clean_text(htmllib.unescape(text))
    paragraphs = (" ".join(p.split()) for p in BLANK_LINES.split(text))
    return "\n\n".join(p for p in paragraphs if p)


# Stands for <br> among the text pieces of a block: a plain "\n" would be
# taken for source whitespace and collapsed. A NUL in feed text (garbage,
# removed by clean_text anyway) at worst becomes a line break.
_BREAK = "\x00"
# The only tags plain text cares about; others (a, b, span...) are skipped
# without a method call, which matters on the hot path of a refresh.
_TEXT_TAGS = DROPPED_WITH_CONTENT | BLOCK_TAGS | {"br", "img", "td", "th"}
_TEXT_TAGS_V1 = _DROPPED_V1 | BLOCK_TAGS | {"br", "img", "td", "th"}


class _TextExtractor:
    """One pass over the tokens, collecting blocks of whitespace-collapsed text."""

    __slots__ = (
        "blocks", "cells", "dropped", "dropping", "kinds", "list_depth", "parts", "pending",
        "pre", "skip", "void",
    )  # fmt: skip

    def __init__(
        self, dropped: frozenset[str], void: frozenset[str], ends_around: bool = True
    ) -> None:
        self.dropped = dropped  # the element rules of a search-text revision
        self.void = void
        # Revisions before 4 ended dropped content only at its own end tag.
        self.dropping = DroppedContent() if ends_around else None
        self.blocks: list[str] = []
        self.kinds: list[str] = []  # "p", "li" or "tr": decides blank line or newline
        self.parts: list[str] = []  # pieces of the current block; cleared in place
        self.pending = ""  # "- " waiting for the first text of a list item
        self.list_depth = 0
        self.pre = 0
        self.skip = 0  # open elements whose content is dropped
        self.cells = 0  # cells opened in the current table row

    def flush(self) -> None:
        raw = "".join(self.parts)
        self.parts.clear()
        if self.pre:
            lines = raw.replace(_BREAK, "\n").split("\n")
            text = "\n".join(line.rstrip() for line in lines).strip("\n")
        elif _BREAK in raw:
            text = "\n".join(" ".join(line.split()) for line in raw.split(_BREAK)).strip()
        else:
            text = " ".join(raw.split())
        if not text:
            return
        if self.list_depth:
            indent = "  " * (min(self.list_depth, _MAX_TEXT_INDENT) - 1)
            text = indent + (self.pending or "  ") + text
            self.pending = ""
            self.kinds.append("li")
        else:
            self.kinds.append("tr" if self.cells else "p")
        self.blocks.append(text)

    def start(self, name: str, attrs: str) -> None:
        dropping = self.dropping
        if dropping is not None:
            if dropping.start(name, attrs):
                self.skip = len(dropping.open)
                return
        elif name in self.dropped:
            if name not in self.void:
                self.skip += 1
            return
        elif self.skip:
            return
        if name == "br":
            self.parts.append(_BREAK)
        elif name == "img":
            alt = attributes(attrs).get("alt")
            if alt:
                self.parts.append(f" {alt} ")
        elif name in ("td", "th"):
            if self.cells:
                self.parts.append(" | ")
            self.cells += 1
        else:  # a block
            self.flush()
            if name in ("ul", "ol"):
                self.list_depth += 1
            elif name == "li":
                self.pending = "- "
            elif name == "pre":
                self.pre += 1
            elif name == "tr":
                self.cells = 0

    def end(self, name: str) -> None:
        dropping = self.dropping
        if dropping is not None:
            hidden = dropping.end(name)
            self.skip = len(dropping.open)
            if hidden:
                return
        elif name in self.dropped:
            if self.skip:
                self.skip -= 1
            return
        if self.skip or name not in BLOCK_TAGS:
            return
        self.flush()
        if name in ("ul", "ol") and self.list_depth:
            self.list_depth -= 1
        elif name == "pre" and self.pre:
            self.pre -= 1
        elif name in ("tr", "table"):
            self.cells = 0

    def text(self) -> str:
        self.flush()
        out: list[str] = []
        previous = ""
        for kind, block in zip(self.kinds, self.blocks, strict=True):
            if out:
                out.append("\n" if kind == previous and kind != "p" else "\n\n")
            out.append(block)
            previous = kind
        return clean_text("".join(out))


def html_to_text(html: str) -> str:
    """Plain text of feed HTML: blank lines between blocks, "- " list items.

    Images become their alt text, entities are decoded and whitespace is
    collapsed inside paragraphs. Tagless text is accepted as is, with its
    blank lines kept as paragraph breaks. One linear pass; no Rich objects.
    """
    return drop_invisible(_html_to_text(html, _RULES[SEARCH_TEXT_REVISION]))


def _html_to_text(html: str, rules: _Rules) -> str:
    if not html:
        return ""
    if "<" not in html:
        return _plain_text(html)
    extractor = _TextExtractor(rules.dropped, rules.void, rules.revision >= 4)
    parts = extractor.parts
    unescape, tags = htmllib.unescape, rules.text_tags
    # The hot loop of a refresh: matches are used directly, not via tokens.
    for m in rules.token.finditer(html):
        kind = m.lastgroup
        if kind == "text" or kind == "lt":
            if not extractor.skip:
                text = m.group()
                parts.append(unescape(text) if "&" in text else text)
        elif kind == "attrs":
            name = m.group("start").lower()
            if name in tags or extractor.skip:  # dropped content needs every tag
                extractor.start(name, m.group("attrs"))
        elif kind == "end":
            name = m.group("end").lower()
            if name in tags or extractor.skip:
                extractor.end(name)
        elif (kind == "literal" or kind == "plaintext") and not extractor.skip:
            extractor.start("pre", "")
            parts.append(m.group("xmp") if kind == "literal" else m.group("rest"))
            extractor.end("pre")
    return extractor.text()


# --- Words for the search index -----------------------------------------

# Phrasing elements: their tags join the text around them, as html_to_text does.
_INLINE_TAGS = (
    "a", "abbr", "b", "bdi", "bdo", "big", "cite", "code", "data", "del", "dfn",
    "em", "font", "i", "ins", "kbd", "label", "mark", "nobr", "q", "s", "samp",
    "small", "span", "strike", "strong", "sub", "sup", "time", "tt", "u", "var",
)  # fmt: skip
# MathML's elements are phrasing too: a formula reads as one run of text.
_MATHML_TAGS = (
    "maction", "math", "menclose", "merror", "mfenced", "mfrac", "mi", "mmultiscripts",
    "mn", "mo", "mover", "mpadded", "mphantom", "mroot", "mrow", "ms", "mspace",
    "msqrt", "mstyle", "msub", "msubsup", "msup", "mtable", "mtd", "mtext", "mtr",
    "munder", "munderover", "semantics",
)  # fmt: skip

# Elements whose content is shown in place of what they embed: phrasing, too.
_FALLBACK_TAGS = ("applet", "object")


def _needs_tokens(names: frozenset[str] | tuple[str, ...]) -> re.Pattern[str]:
    """Elements the regex passes cannot handle: dropped with their content but
    not raw text (finding their ends takes the tokenizer's stack), or literal
    text. A document with one of them takes html_to_text."""
    return re.compile(r"<(?:" + "|".join(sorted(names)) + r")(?=[\s/>]|\Z)", re.IGNORECASE)


def _img_tag(attrs: str) -> re.Pattern[str]:
    return re.compile(r"<img(?=[\s/>]|\Z)(" + attrs + ")>?", re.IGNORECASE)


# An <img> tag, its attributes in group 1.
IMG_TAG = _img_tag(_ATTRS)


def _trie(words: list[str]) -> str:
    """An alternation of `words` as a regex trie: sre tries alternatives one by
    one, so "a(?:bbr)?|b(?:dio|ig)?..." fails faster than "a|abbr|b|bdi|..."."""
    by_first: dict[str, list[str]] = {}
    for word in sorted(set(words)):
        by_first.setdefault(word[0], []).append(word[1:])
    branches = []
    for first, rests in by_first.items():
        longer = [rest for rest in rests if rest]
        if not longer:
            branches.append(re.escape(first))
            continue
        optional = "?" if "" in rests else ""
        branches.append(f"{re.escape(first)}(?:{_trie(longer)}){optional}")
    return "|".join(branches)


def _inline_tag(names: tuple[str, ...], attrs: str = _ATTRS) -> re.Pattern[str]:
    # Most tags are blocks (p, h2, li, figure...): the first-letter class turns them away at once.
    return re.compile(
        r"</?(?=["
        + "".join(sorted({tag[0] for tag in names}))
        + r"])(?:"
        + _trie(list(names))
        + r")(?=[\s/>]|\Z)"
        + attrs
        + ">?",
        re.IGNORECASE,
    )


@dataclass(frozen=True, slots=True)
class _Rules:
    """The element rules of one search-text revision, and the patterns built from them."""

    revision: int
    dropped: frozenset[str]
    void: frozenset[str]
    text_tags: frozenset[str]
    token: re.Pattern[str]
    raw_or_comment: re.Pattern[str]
    needs_tokens: re.Pattern[str]
    inline_tag: re.Pattern[str]
    img: re.Pattern[str]
    any_tag: re.Pattern[str]


def _any_tag(attrs: str) -> re.Pattern[str]:
    return re.compile(r"<[a-zA-Z/!?]" + attrs + ">?")


_ANY_TAG_V2 = _any_tag(_ATTRS_V2)
_IMG_V2 = _img_tag(_ATTRS_V2)


_RULES: dict[int, _Rules] = {
    1: _Rules(
        revision=1,
        dropped=_DROPPED_V1,
        void=_VOID_V1,
        text_tags=_TEXT_TAGS_V1,
        token=_TOKEN_V1,
        raw_or_comment=re.compile(
            _raw_element(_RAW_TEXT_V1) + "|" + _COMMENT, re.DOTALL | re.IGNORECASE
        ),
        needs_tokens=_needs_tokens(_DROPPED_V1 - set(_RAW_TEXT_V1) - _VOID_V1),
        inline_tag=_inline_tag(_INLINE_TAGS, _ATTRS_V2),
        img=_IMG_V2,
        any_tag=_ANY_TAG_V2,
    ),
    2: _Rules(
        revision=2,
        dropped=_DROPPED_V2,
        void=VOID_TAGS,
        text_tags=_DROPPED_V2 | _TEXT_TAGS,
        token=_TOKEN_V2,
        raw_or_comment=re.compile(_RAW_ELEMENT + "|" + _COMMENT, re.DOTALL | re.IGNORECASE),
        needs_tokens=_needs_tokens((_DROPPED_V2 - set(_RAW_TEXT) - VOID_TAGS) | set(_LITERAL_TEXT)),
        inline_tag=_inline_tag(_INLINE_TAGS + _MATHML_TAGS, _ATTRS_V2),
        img=_IMG_V2,
        any_tag=_ANY_TAG_V2,
    ),
    3: _Rules(
        revision=3,
        dropped=DROPPED_WITH_CONTENT,
        void=VOID_TAGS,
        text_tags=_TEXT_TAGS,
        token=_TOKEN,
        raw_or_comment=re.compile(_RAW_ELEMENT + "|" + _COMMENT, re.DOTALL | re.IGNORECASE),
        needs_tokens=_needs_tokens(
            (DROPPED_WITH_CONTENT - set(_RAW_TEXT) - VOID_TAGS) | set(_LITERAL_TEXT)
        ),
        inline_tag=_inline_tag(_INLINE_TAGS + _MATHML_TAGS + _FALLBACK_TAGS),
        img=IMG_TAG,
        any_tag=_any_tag(_ATTRS),
    ),
}
# Revision 4 reads as 3 but for where dropped content ends (_TextExtractor).
_RULES[4] = replace(_RULES[3], revision=4)


def html_to_search_text(
    html: str, *, html_is_clean: bool = False, revision: int = SEARCH_TEXT_REVISION
) -> str:
    """The words of feed HTML, for the search index, snippets and summaries.

    The same words as `html_to_text` (scripts, styles and comments dropped,
    images as their alt text) without its layout: blocks become spaces and
    whitespace is left as found. A few passes of C regex instead of a token
    loop in Python, ~2.5x faster, which counts on a cold fetch of thousands of
    articles. Every pattern is possessive or ends at the input's end, so a scan
    stays linear on hostile input.

    `html_is_clean` vouches that `html` came out of text.clean_text: taking
    tags out of clean text leaves it clean, so unless entities were decoded
    the final clean_text pass (a fifth of the work) is skipped. The text may
    then not be NFC where a combining mark followed a tag; the index folds it.

    The cache derives a row's indexed text from it again to unindex the row:
    a change to its output needs SEARCH_TEXT_REVISION raised. `revision`
    gives the words as that revision read them, for rows indexed with it.
    """
    # Invisible characters stay: the index drops them itself (store/fold.py), and
    # what is shown of these words (summaries, snippets) drops them when shown.
    return _search_text(html, html_is_clean, _RULES[revision])


def _search_text(html: str, html_is_clean: bool, rules: _Rules) -> str:
    if not html:
        return ""
    if "<" not in html:
        return clean_text(htmllib.unescape(html) if "&" in html else html)
    if rules.needs_tokens.search(html):
        return _html_to_text(html, rules)
    text = rules.raw_or_comment.sub("", html)
    text = rules.img.sub(_alt_text, text)
    text = rules.inline_tag.sub("", text)
    text = rules.any_tag.sub(" ", text)
    if "&" in text:
        text = clean_text(htmllib.unescape(text))  # entities can spell anything
    elif not html_is_clean:
        text = clean_text(text)
    return text.strip()


def _alt_text(match: re.Match[str]) -> str:
    alt = _attribute(match.group(1), "alt")
    # Escaped, so the later passes read it as text; the final unescape restores it.
    return f" {htmllib.escape(alt, quote=False)} " if alt else " "
