"""Our reader for RSS 0.9x/1.0/2.0 and Atom 0.3/1.0, walking lxml's tree.

libxml2 builds the tree in C at well over 100 MB/s; this module then visits
each item's children once and keeps the fields a ParsedFeed needs: title,
link, guid, author, dates, summary, content and media:statistics views.
Extensions read: content:encoded, dc:* (title, creator, date, description),
dcterms dates, itunes (summary, author), media:* (title, description,
statistics, also inside media:group/media:community), xhtml:body, and
xml:base for links. An item's pictures beside its text (media:content,
media:thumbnail, image enclosures) follow feeds/media.py's rules.

`walk_feed` returns None for anything it does not recognise or cannot parse
(ill-formed XML, another root element, an encoding the HTTP headers
contradict); `parse.parse_feed` then asks feedparser's public `parse()`.

Item identity is stored (store/rows.py: guid, else link, else a hash of the
text), so the rules that decide guid and link follow what feedparser 6
returns for the same document; tests/unit/test_dedup_compat.py holds the
keys existing caches have. The rules, in document order within an item:
- guid: the last <guid>/<id> child (a permalink one joined with xml:base);
  RSS 1.0's rdf:about before it.
- link: the last <link> text, or <link href> with rel "alternate" (the
  default) and an HTML type (the default); else a permalink <guid>
  (isPermaLink absent or "true") or an Atom <id>. Relative links are
  joined with the xml:base in force, then with the URL the document was
  fetched from (after redirects), never the channel's <link>.
- a second summary-like element (description, itunes:summary, ...) before
  any content element is the item's content, as feedparser files it.
Where feedparser is wrong and identity is not at stake we differ on
purpose; tests/unit/test_walker.py lists each difference.

Hostile input: no DTD is loaded, no entity is expanded (parse.parse_feed
refuses documents that declare any before we get here), nothing is fetched
from the network, and libxml2's default limits stay on (huge_tree=False:
no text node over 10 MB, no nesting deeper than 256); a document beyond
them is not ours, and feedparser's reading of it is bounded by the fetch's
body cap.
"""

from __future__ import annotations

import html
import html.entities
import re
import threading
from collections.abc import Mapping
from datetime import datetime
from urllib.parse import urljoin
from xml.sax.saxutils import escape as xml_escape

from lxml import etree

from newsroom_tui.dates import parse_date
from newsroom_tui.feeds.entry_text import body_html
from newsroom_tui.feeds.media import Pictures, caption, is_picture, picture_url
from newsroom_tui.feeds.titles import title_text
from newsroom_tui.feeds.urls import safe_link
from newsroom_tui.models import ParsedFeed, ParsedItem
from newsroom_tui.text import clean_line

__all__ = ["read_as_utf8", "walk_feed"]

ATOM10 = "http://www.w3.org/2005/Atom"
ATOM03 = "http://purl.org/atom/ns#"
RSS10 = "http://purl.org/rss/1.0/"
RSS090 = "http://my.netscape.com/rdf/simple/0.9/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XML_NS = "http://www.w3.org/XML/1998/namespace"
XHTML = "application/xhtml+xml"

# Namespaces whose elements are the format's own (no prefix in our keys).
_CORE = {
    "",
    ATOM10.lower(),
    ATOM03,
    RSS10,
    RSS090,
    "http://backend.userland.com/rss2",
    "http://blogs.law.harvard.edu/tech/rss",
}
_PREFIXES = {
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://purl.org/dc/terms/": "dcterms",
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://search.yahoo.com/mrss/": "media",
    "http://search.yahoo.com/mrss": "media",
    "http://www.itunes.com/dtds/podcast-1.0.dtd": "itunes",
    "http://www.itunes.com/dtds/podcast-1.0.dtd/": "itunes",
    "http://www.w3.org/1999/xhtml": "xhtml",
    RDF: "rdf",
}

_TITLES = frozenset({"title", "dc:title"})
_SUMMARIES = frozenset(
    {"description", "dc:description", "summary", "itunes:summary", "abstract", "tagline"}
)
# A summary's type when the element does not say: RSS descriptions carry HTML.
_SUMMARY_DEFAULT = {"description": "text/html", "dc:description": "text/html"}
_CONTENTS = {
    "content:encoded": "text/html",
    "content": "text/plain",
    "xhtml:body": XHTML,
    "body": XHTML,
    "fullitem": "text/html",
}
_AUTHORS = frozenset(
    {"author", "dc:creator", "dc:author", "itunes:author", "managingeditor", "creator"}
)
_PUBLISHED_KEYS = frozenset({"pubdate", "published", "issued", "dcterms:issued"})
# A bare <date> (RSS 0.92 feeds write it) is "updated" to feedparser too.
_UPDATED_KEYS = frozenset(
    {"updated", "modified", "lastbuilddate", "dc:date", "dcterms:modified", "date"}
)
_CREATED_KEYS = frozenset({"created", "dcterms:created"})
# Containers whose children are read as the item's, one level deeper.
_GROUPS = frozenset({"media:group", "media:community", "media:content"})

# What an item's child is to the walker; 0: nothing it reads.
(
    _TITLE,
    _LINK,
    _GUID,
    _SUMMARY,
    _CONTENT,
    _AUTHOR,
    _PUBLISHED,
    _UPDATED,
    _CREATED,
    _VIEWS,
    _GROUP,
    _MEDIA_TITLE,
    _PICTURE,
) = range(1, 14)
_ROLES: dict[str, int] = {
    **dict.fromkeys(_TITLES, _TITLE),
    "link": _LINK,
    "guid": _GUID,
    "id": _GUID,
    **dict.fromkeys(_SUMMARIES, _SUMMARY),
    **dict.fromkeys(_CONTENTS, _CONTENT),
    **dict.fromkeys(_AUTHORS, _AUTHOR),
    **dict.fromkeys(_PUBLISHED_KEYS, _PUBLISHED),
    **dict.fromkeys(_UPDATED_KEYS, _UPDATED),
    **dict.fromkeys(_CREATED_KEYS, _CREATED),
    "media:statistics": _VIEWS,
    **dict.fromkeys(_GROUPS, _GROUP),
    "media:title": _MEDIA_TITLE,
    "media:thumbnail": _PICTURE,
    "enclosure": _PICTURE,
}
# What a media element's picture is called, inside it: (title, description, credit).
_CAPTION_PARTS = {"media:title": 0, "media:description": 1, "media:credit": 2}
_PICTURE_HOLDERS = frozenset({"media:content", "media:group", "media:thumbnail"})
_ROLES_BY_TAG: dict[object, int] = {}

_ENTITY_OR_CLOSE = re.compile(r"</\w+>|&#?\w+;")
_NAMED_ENTITY = re.compile(r"&(\w+);")
_TAG_NAME = re.compile(r"</?(\w+)")
_TEXT_ELEMENTS = frozenset(
    [
        "a",
        "abbr",
        "acronym",
        "address",
        "area",
        "article",
        "aside",
        "audio",
        "b",
        "big",
        "blockquote",
        "br",
        "button",
        "canvas",
        "caption",
        "center",
        "cite",
        "code",
        "col",
        "colgroup",
        "command",
        "datagrid",
        "datalist",
        "dd",
        "del",
        "details",
        "dfn",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "em",
        "event-source",
        "fieldset",
        "figcaption",
        "figure",
        "font",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "i",
        "img",
        "input",
        "ins",
        "kbd",
        "keygen",
        "label",
        "legend",
        "li",
        "m",
        "map",
        "menu",
        "meter",
        "multicol",
        "nav",
        "nextid",
        "noscript",
        "ol",
        "optgroup",
        "option",
        "output",
        "p",
        "pre",
        "progress",
        "q",
        "s",
        "samp",
        "section",
        "select",
        "small",
        "sound",
        "source",
        "spacer",
        "span",
        "strike",
        "strong",
        "sub",
        "sup",
        "table",
        "tbody",
        "td",
        "textarea",
        "tfoot",
        "th",
        "thead",
        "time",
        "tr",
        "tt",
        "u",
        "ul",
        "var",
        "video",
    ]
)
_AMP_ENTITY = re.compile("&([A-Za-z0-9_]+);")
_URI_SLASHES = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*://)(/*)(.*?)")
# C1 controls are windows-1252 characters mislabelled; nothing else means them.
_C1_AS_CP1252 = {c: bytes([c]).decode("cp1252", errors="ignore") or None for c in range(0x80, 0xA0)}
_C1 = re.compile("[\x80-\x9f]")
# Each starts with a literal, so re finds candidates with a fast scan.
_C1_IN_UTF8 = re.compile(rb"\xc2[\x80-\x9f]")
_C1_REFERENCE = re.compile(rb"&#(?:0*(?:12[89]|1[3-5]\d)|[xX]0*[89][0-9a-fA-F]);")
_ASCII_SAFE = frozenset(
    {"utf-8", "utf8", "us-ascii", "ascii", "iso-8859-1", "latin-1", "latin1", "windows-1252"}
)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9._:-]+)", re.IGNORECASE)

_local = threading.local()
_keys: dict[object, str] = {}


class _NotOurs(Exception):
    """The document is not one this module reads; feedparser gets it."""


def walk_feed(
    data: bytes, url: str = "", headers: Mapping[str, str] | None = None
) -> ParsedFeed | None:
    """The feed in `data`, or None when feedparser should read it instead."""
    try:
        root = _tree(data, headers)
        return _read(root, url, b"base" in data, _may_hold_c1(data))
    except (_NotOurs, etree.XMLSyntaxError, ValueError, RecursionError):
        return None


# --- bytes to tree -----------------------------------------------------------


def _tree(data: bytes, headers: Mapping[str, str] | None) -> etree._Element:
    declared = _declared_encoding(data)
    charset = _http_charset(headers)
    if (
        charset
        and charset != (declared or "utf-8")
        and not (charset in _ASCII_SAFE and (declared or "utf-8") in _ASCII_SAFE and data.isascii())
    ):
        # RFC 7303 lets the HTTP charset win; which side is right is a decoding question.
        raise _NotOurs("HTTP charset contradicts the document")
    if data.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00", b"\x00<", b"<\x00")):
        raise _NotOurs("UTF-16/32")
    root = etree.fromstring(data, _parser())
    if not isinstance(root.tag, str):
        raise _NotOurs("no root element")
    return root


def _parser() -> etree.XMLParser:
    parser = getattr(_local, "parser", None)
    if parser is None:  # an lxml parser must not be shared between threads
        parser = _local.parser = etree.XMLParser(
            recover=False,  # ill-formed documents go to feedparser's lenient reader
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
            remove_comments=True,
            remove_pis=True,
            collect_ids=False,
        )
    return parser


def _may_hold_c1(data: bytes) -> bool:
    """Whether the tree of `data` may hold a C1 character (U+0080..U+009F) anywhere.

    False only when sure: a UTF-8 (or undeclared) document without C2 80..9F
    bytes or a character reference to one. One scan of the bytes in C saves a
    regex search of every non-ASCII text.
    """
    if _declared_encoding(data) not in ("", "utf-8", "utf8"):
        return True
    if b"\xc2" in data and _C1_IN_UTF8.search(data) is not None:
        return True
    # References to 128..159 start "&#1", "&#0" (zero-padded) or "&#x"/"&#X". One
    # scan for "&#" (a search per prefix read the document four times), and the
    # regex only from the first candidate: "&#39;" and the like are common.
    position = data.find(b"&#")
    while position != -1:
        if data[position + 2 : position + 3] in (b"0", b"1", b"x", b"X"):
            return _C1_REFERENCE.search(data, position) is not None
        position = data.find(b"&#", position + 2)
    return False


def read_as_utf8(data: bytes) -> bool:
    """Whether libxml2 reads `data` as UTF-8 (no other encoding declared, no
    UTF-16/32 byte order), and so refuses it at its first invalid byte."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00")):
        return False
    return _declared_encoding(data) in ("", "utf-8", "utf8")


def _declared_encoding(data: bytes) -> str:
    match = _XML_ENCODING.match(data.removeprefix(b"\xef\xbb\xbf"))
    return match.group(1).decode("ascii").lower() if match else ""


def _http_charset(headers: Mapping[str, str] | None) -> str:
    for key, value in (headers or {}).items():
        if key.lower() == "content-type":
            match = _CHARSET.search(value)
            return match.group(1).lower() if match else ""
    return ""


def _key(tag: object) -> str:
    """An element's name as the walker matches it: 'title', 'dc:creator', ..."""
    known = _keys.get(tag)
    if known is not None:
        return known
    if not isinstance(tag, str):
        return "#special"
    if tag[0] == "{":
        uri, local = tag[1:].split("}", 1)
        uri = uri.lower()  # publishers vary the case (itunes.com/DTDs/Podcast-1.0.dtd)
        prefix = "" if uri in _CORE else _PREFIXES.get(uri, "?")
    else:
        prefix, local = "", tag
    key = f"{prefix}:{local.lower()}" if prefix else local.lower()
    if len(_keys) < 4096:  # bounded: element names come from the network
        _keys[tag] = key
    return key


def _role(tag: object) -> int:
    role = _ROLES.get(_key(tag), 0)
    if len(_ROLES_BY_TAG) < 4096:  # bounded: element names come from the network
        _ROLES_BY_TAG[tag] = role
    return role


# --- the walk ----------------------------------------------------------------


def _read(root: etree._Element, url: str, may_have_base: bool, may_hold_c1: bool) -> ParsedFeed:
    kind = _key(root.tag)
    ns = _namespace(root.tag)
    if kind == "rss":
        version = _rss_version(root.get("version", ""))
        channel = next((c for c in root if _key(c.tag) == "channel"), None)
        if channel is None:
            raise _NotOurs("RSS without a channel")
        heads, entries = channel, [c for c in channel if _key(c.tag) == "item"]
    elif kind == "rdf:rdf":
        channel = next((c for c in root if _key(c.tag) == "channel"), None)
        # The RSS 1.0 namespace may be declared on the channel rather than the root.
        namespaces = {_namespace(e.tag) for e in root} | set(root.nsmap.values())
        if RSS10 in namespaces:
            version = "rss10"
        elif RSS090 in namespaces:
            version = "rss090"
        else:
            raise _NotOurs("RDF that is not RSS")
        heads = channel if channel is not None else root
        entries = [c for c in root if _key(c.tag) == "item"]
        if channel is not None and not entries:
            entries = [c for c in channel if _key(c.tag) == "item"]
    elif kind == "feed" and ns in (ATOM10, ATOM03, ""):
        version = "atom10" if ns == ATOM10 else _atom_version(root.get("version", ""))
        heads, entries = root, [c for c in root if _key(c.tag) == "entry"]
    else:
        raise _NotOurs(f"root element {kind}")
    walker = _Walker(version, may_have_base, may_hold_c1)
    title, link = walker.channel(heads)
    site = safe_link(link, url or None)
    # RFC 3986: a relative link resolves against xml:base (resolve() applies
    # it), else the URL the document came from, never the channel's <link>.
    base = url or None
    items = [item for e in entries if (item := walker.item(e, base)) is not None]
    return ParsedFeed(
        title=clean_line(title), site_url=site, items=items, format=version, warning=None
    )


def _namespace(tag: object) -> str:
    return tag[1:].split("}", 1)[0] if isinstance(tag, str) and tag[:1] == "{" else ""


def _rss_version(declared: str) -> str:
    named = {"0.91": "rss091u", "0.92": "rss092", "0.93": "rss093", "0.94": "rss094"}
    return named.get(declared) or ("rss20" if declared.startswith("2.") else "rss")


def _atom_version(declared: str) -> str:
    return {"0.1": "atom01", "0.2": "atom02", "0.3": "atom03"}.get(declared, "atom")


class _Walker:
    """Reads the channel head and each item of one document."""

    def __init__(self, version: str, may_have_base: bool, may_hold_c1: bool = True) -> None:
        self.atom = version.startswith("atom")
        # RFC 4287's wrapper <div> around XHTML; Atom 0.3's div is content.
        self.unwrap_div = version == "atom10"
        self.may_have_base = may_have_base
        self.may_hold_c1 = may_hold_c1

    # --- the channel

    def channel(self, head: etree._Element) -> tuple[str, str | None]:
        title: str | None = None
        link: str | None = None
        id_link: str | None = None
        for child in head:
            key = _key(child.tag)
            if key in _TITLES and title is None:
                text, kind = self.title(child)
                if text:
                    title = title_text(text, kind)
            elif key == "link":
                found = self.link(child)
                if found is not None:
                    link = found
            elif key == "id" and self.atom:
                # An Atom feed's id stands for its link when it has no alternate one.
                text = self.text(child)
                id_link = self.resolve(child, text) if text else None
        return title or "", link or id_link

    # --- one item

    def item(self, entry: etree._Element, base: str | None) -> ParsedItem | None:
        guid = entry.get(f"{{{RDF}}}about") or None
        link: str | None = None
        title: tuple[str, str] | None = None
        deep_title: tuple[str, str] | None = None
        summary: tuple[str, str] | None = None
        summary_from_content = False
        deep_summary: tuple[str, str] | None = None
        contents: list[tuple[str, str]] = []
        has_content = False
        author = ""
        published = updated = created = None
        views: int | None = None
        pictures: Pictures | None = None
        for child in entry:
            role = _ROLES_BY_TAG.get(child.tag)
            if role is None:
                role = _role(child.tag)
            if not role:
                continue
            if role == _TITLE:
                if title is None or not title[0]:
                    title = self.title(child)
            elif role == _LINK:
                found = self.link(child)
                if found is not None:
                    link = found
                elif (child.get("rel") or "").lower() == "enclosure":
                    pictures = self.pictures(child, pictures, base)
            elif role == _GUID:
                guid = self.text(child)
                permalink = child.get("isPermaLink", "true") == "true" or _key(child.tag) == "id"
                if permalink:
                    # A permalink is a link: xml:base applies to it, in the guid too;
                    # even an empty one takes the place of a link (feedparser's rule).
                    guid = self.resolve(child, guid) if guid else guid
                    if link is None:
                        link = guid
            elif role == _SUMMARY:
                key = _key(child.tag)
                kind = _markup_if_nested(
                    child, self.text_type(child, _SUMMARY_DEFAULT.get(key, "text/plain"), None)
                )
                text = self.body(child, kind)
                if summary is not None and not has_content and not summary_from_content:
                    # feedparser files a second summary before any content as content.
                    contents.append((text, self.sniff(kind, text)))
                else:
                    summary, summary_from_content = (text, self.sniff(kind, text)), False
            elif role == _CONTENT:
                has_content = True
                kind = _markup_if_nested(
                    child, self.text_type(child, _CONTENTS[_key(child.tag)], None)
                )
                pair = (self.body(child, kind), kind)
                contents.append(pair)
                if summary is None:
                    summary, summary_from_content = pair, True
            elif role == _AUTHOR:
                author = self.person(child) or author  # the last one, as feedparser
            elif role == _PUBLISHED:
                published = self.date(child)
            elif role == _UPDATED:
                updated = self.date(child)
            elif role == _CREATED:
                created = self.date(child)
            elif role == _VIEWS:
                views = _views(child.get("views"))
            elif role == _GROUP:
                deep_title, deep_summary, found_views = self.media(child, deep_title, deep_summary)
                if found_views is not None:
                    views = found_views
                pictures = self.pictures(child, pictures, base)
            elif role == _PICTURE:
                pictures = self.pictures(child, pictures, base)
            elif role == _MEDIA_TITLE and (deep_title is None or not deep_title[0]):
                deep_title = self.title(child)
        if not title or not title[0]:
            title = deep_title or title
        if summary is None:
            summary = deep_summary
        guid = clean_line(guid) or None
        url = safe_link(link, base) if link else None
        title_plain = title_text(*title) if title else ""  # one clean line already
        best = next((c for c in contents if "html" in c[1]), contents[0] if contents else None)
        content_html = body_html(*best) if best else ""
        # A summary taken from the content is cleaned once.
        summary_html = content_html if summary is best else body_html(*summary) if summary else ""
        if not (guid or url or title_plain or content_html or summary_html):
            return None
        return ParsedItem(
            guid=guid,
            url=url,
            title=title_plain,
            author=clean_line(author) if author else "",
            published=published or created or updated,
            updated=updated,
            views=views,
            summary_html=summary_html,
            content_html=content_html,
            images=pictures.found() if pictures is not None else [],
        )

    def media(
        self,
        group: etree._Element,
        title: tuple[str, str] | None,
        summary: tuple[str, str] | None,
    ) -> tuple[tuple[str, str] | None, tuple[str, str] | None, int | None]:
        """media:group / media:community: a title, description and views inside."""
        views: int | None = None
        for child in group:
            key = _key(child.tag)
            if key == "media:title" and (title is None or not title[0]):
                title = self.title(child)
            elif key == "media:description" and summary is None:
                kind = _markup_if_nested(child, self.text_type(child, "text/plain", None))
                text = self.body(child, kind)
                summary = (text, self.sniff(kind, text))
            elif key == "media:statistics":
                views = _views(child.get("views"))
            elif key in _GROUPS:
                title, summary, found = self.media(child, title, summary)
                if found is not None:
                    views = found
        return title, summary, views

    def pictures(
        self,
        element: etree._Element,
        found: Pictures | None,
        base: str | None,
        around: tuple[etree._Element, ...] = (),
    ) -> Pictures:
        """The pictures of a media:content, media:group, media:thumbnail or an
        enclosure (RSS <enclosure>, Atom <link rel="enclosure">), added to `found`;
        `around`: the media:group/media:content it is in, whose title, description
        and credit caption the pictures that name none."""
        found = found if found is not None else Pictures()
        key = _key(element.tag)
        if key == "media:thumbnail":
            found.add(self.picture_url(element, base), self.caption(around), thumbnail=True)
        elif key in ("enclosure", "link"):
            url = element.get("url") or element.get("href") or ""
            if is_picture(url, None, element.get("type")):
                found.add(self.picture_url(element, base), caption(element.get("title") or ""))
        elif key in ("media:content", "media:group"):  # media:community has none
            inner = (*around, element)
            url = element.get("url") or ""
            if key == "media:content" and is_picture(
                url, element.get("medium"), element.get("type")
            ):
                found.add(self.picture_url(element, base), self.caption(inner))
            for child in element:
                if _key(child.tag) in _PICTURE_HOLDERS:
                    self.pictures(child, found, base, inner)
        return found

    def caption(self, around: tuple[etree._Element, ...]) -> str:
        """A picture's caption from the media elements it is in (asked only once a
        picture is found: most media elements of feeds are audio and video)."""
        parts = ["", "", ""]
        for element in around:  # the outermost first: an inner one names its own
            for child in element:
                at = _CAPTION_PARTS.get(_key(child.tag))
                if at is not None:
                    parts[at] = self.text(child)
        return caption(*parts) if any(parts) else ""

    def picture_url(self, element: etree._Element, base: str | None) -> str | None:
        url = (element.get("url") or element.get("href") or "").strip()
        return picture_url(self.resolve(element, url), base) if url else None

    # --- values

    def text(self, element: etree._Element) -> str:
        """An element's own text, stripped and repaired (markup inside is dropped)."""
        text = element.text or ""
        if len(element):
            text = "".join(element.itertext())
        return _repair(text.strip(), self.may_hold_c1)

    def body(self, element: etree._Element, kind: str) -> str:
        """A text construct's value: its text, or its markup when it is XHTML."""
        if kind != XHTML or not len(element):
            if len(element) and kind != XHTML:
                # Unescaped HTML inside RSS (invalid, but published): keep the markup.
                return _repair(_inner_markup(element).strip(), self.may_hold_c1)
            return self.text(element)
        children = list(element)
        if (
            self.unwrap_div
            and len(children) == 1
            and _key(children[0].tag) in ("div", "xhtml:div")
            and not (element.text or "").strip()
            and not (children[0].tail or "").strip()
        ):
            element = children[0]  # Atom's wrapper <div> is not content
        return _repair(_inner_markup(element).strip(), self.may_hold_c1)

    def title(self, element: etree._Element) -> tuple[str, str]:
        """A title's text and type; an XHTML one as markup, so its script is dropped
        and its escaped "&lt;blink&gt;" stays text."""
        kind = self.text_type(element, "text/plain", None)
        if kind == XHTML and len(element):
            return self.body(element, kind), kind
        text = self.text(element)
        return text, self.sniff(kind, text)

    def text_type(self, element: etree._Element, default: str, text: str | None) -> str:
        if element.get("mode") == "base64":  # Atom 0.3; feedparser decodes it
            raise _NotOurs("base64 content")
        declared = element.get("type")
        if declared is None:
            kind = default
        else:
            kind = declared.lower()
            kind = {"text": "text/plain", "plain": "text/plain", "html": "text/html"}.get(
                kind, kind
            )
            if kind == "xhtml":
                kind = XHTML
            elif self.unwrap_div and _is_base64_type(kind):
                raise _NotOurs("base64 content")  # RFC 4287 4.1.3.3; feedparser decodes it
        if text is not None:
            return self.sniff(kind, text)
        return kind

    def sniff(self, kind: str, text: str) -> str:
        # RSS has no type attribute; plain-typed text that reads as HTML is HTML.
        if kind == "text/plain" and not self.atom and _looks_like_html(text):
            return "text/html"
        return kind

    def link(self, element: etree._Element) -> str | None:
        href = element.get("href") or element.get("url") or element.get("uri")
        if href is None:
            text = self.text(element)
            # An empty <link/> still replaces an earlier one, as in feedparser.
            return _unescape_link(self.resolve(element, text)) if text else ""
        rel = (element.get("rel") or "alternate").lower()
        kind = element.get("type") or ("application/atom+xml" if rel == "self" else "text/html")
        if rel == "alternate" and kind.lower() in ("text/html", XHTML, "html", "xhtml"):
            return self.resolve(element, href.strip())
        return None

    def resolve(self, element: etree._Element, link: str) -> str:
        """`link` joined with the xml:base in force at `element`."""
        if not self.may_have_base:
            return _fix_slashes(link)
        base = ""
        chain = [
            b for e in element.iterancestors() if (b := e.get(f"{{{XML_NS}}}base")) is not None
        ]
        own = element.get(f"{{{XML_NS}}}base")
        if own is not None:
            chain.insert(0, own)
        for part in reversed(chain):
            base = _join(base, part) if base else _fix_slashes(part)
        return _join(base, link) if base else _fix_slashes(link)

    def person(self, element: etree._Element) -> str:
        if not len(element):
            return self.text(element)
        name = email = ""
        for child in element:
            key = _key(child.tag)
            if key == "name" and not name:
                name = self.text(child)
            elif key == "email" and not email:
                email = self.text(child)
        if name and email:
            return f"{name} ({email})"
        return name or email

    def date(self, element: etree._Element) -> datetime | None:
        return parse_date(self.text(element))


def _is_base64_type(kind: str) -> bool:
    """An Atom 1.0 type whose content is base64: a MIME type neither text nor XML."""
    return "/" in kind and not (kind.startswith("text/") or kind.endswith(("+xml", "/xml")))


def _markup_if_nested(element: etree._Element, kind: str) -> str:
    # Text typed plain (or untyped) that holds elements is markup published
    # unescaped ("Example <b>Atom</b>"); feedparser reads it as HTML too.
    return "text/html" if kind == "text/plain" and len(element) else kind


def _inner_markup(element: etree._Element) -> str:
    """The children of `element` as HTML text, namespaces dropped."""
    pieces = [xml_escape(element.text or "")]
    for child in element:
        _serialise(child, pieces)
    return "".join(pieces)


def _serialise(element: etree._Element, pieces: list[str]) -> None:
    tag = element.tag
    if not isinstance(tag, str):
        pieces.append(xml_escape(element.tail or ""))
        return
    name = tag.rsplit("}", 1)[-1]
    attrs = "".join(
        f' {key.rsplit("}", 1)[-1]}="{xml_escape(value, {chr(34): "&quot;"})}"'
        for key, value in element.items()
    )
    pieces.append(f"<{name}{attrs}>")
    if element.text:
        pieces.append(xml_escape(element.text))
    for child in element:
        _serialise(child, pieces)
    pieces.append(f"</{name}>")
    if element.tail:
        pieces.append(xml_escape(element.tail))


def _looks_like_html(text: str) -> bool:
    """Plain-typed RSS text that is really HTML: a closing tag or an entity
    reference, only elements that carry text (a "<script>" in a title is a
    title about scripts) and only known entities. feedparser's test, so titles
    of items without guid or link (their identity) read the same."""
    if ("<" not in text and "&" not in text) or not _ENTITY_OR_CLOSE.search(text):
        return False
    if any(tag.lower() not in _TEXT_ELEMENTS for tag in _TAG_NAME.findall(text)):
        return False
    return all(name in html.entities.entitydefs for name in _NAMED_ENTITY.findall(text))


def _repair(text: str, may_hold_c1: bool = True) -> str:
    """Undo the two common mislabellings: UTF-8 read as Latin-1, cp1252 read as Latin-1."""
    if text.isascii():
        return text
    try:
        text = text.encode("iso-8859-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        pass
    # The first step makes a C1 character only from one already there (UTF-8's
    # C2 80..9F), so a document without any needs no search of each text.
    if may_hold_c1 and _C1.search(text):
        try:  # the codec in C; the table only when a character has no cp1252 byte
            text = text.encode("iso-8859-1").decode("cp1252")
        except (UnicodeEncodeError, UnicodeDecodeError):
            text = text.translate(_C1_AS_CP1252)
    return text


def _unescape_link(link: str) -> str:
    # A link's text with entity references escaped once more ("&amp;amp;") is
    # common; feedparser undoes it and drops the ";" of the rest, and so must we:
    # the link is the identity of items without a guid.
    if "&" not in link:
        return link
    return _AMP_ENTITY.sub(r"&\g<1>", link.replace("&amp;", "&"))


def _fix_slashes(link: str) -> str:
    # "http:///x" means "http://x"; feedparser's urljoin repairs it the same way.
    return _URI_SLASHES.sub(r"\1\3", link) if ":///" in link else link


def _join(base: str, link: str) -> str:
    try:
        return urljoin(base, _fix_slashes(link))
    except ValueError:
        return ""


def _views(raw: str | None) -> int | None:
    raw = (raw or "").strip()
    return int(raw) if raw.isdigit() and len(raw) < 19 else None
