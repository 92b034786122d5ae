"""One entry point for parsing: bytes and headers in, a ParsedFeed out.

RSS 0.9x/1.0/2.0 and Atom go through our walker over lxml (feeds/walker/),
JSON Feed through our own reader; whatever the walker does not recognise or
cannot parse (ill-formed XML, CDF, contradicting charsets) goes to
feedparser's public `parse()`, which is lenient where lxml is strict.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from newsroom_tui.dates import parse_date
from newsroom_tui.feeds.decode import repair_utf8
from newsroom_tui.feeds.entry_text import body_html
from newsroom_tui.feeds.errors import ParseError
from newsroom_tui.feeds.jsonfeed import looks_like_json, parse_json_feed
from newsroom_tui.feeds.media import Pictures, caption, is_picture, picture_url
from newsroom_tui.feeds.numbers import read_int
from newsroom_tui.feeds.titles import title_text
from newsroom_tui.feeds.urls import safe_link
from newsroom_tui.models import ParsedFeed, ParsedItem
from newsroom_tui.text import clean_line

# Where an entity declaration could hide from a parser: comments, CDATA
# sections and processing instructions are skipped whole; anything else that
# declares an entity, anywhere in the document, is refused.
_ENTITY_SCAN = re.compile(rb"<!--|<!\[CDATA\[|<\?|<!(?i:ENTITY)")
_SECTION_END = {b"<!--": b"-->", b"<![CDATA[": b"]]>", b"<?": b"?>"}
# CDF (Microsoft's Channel Definition Format) has <CHANNEL> as its root;
# feedparser reads it but names no version.
_CDF_ROOT = re.compile(
    rb"(?:\xef\xbb\xbf)?(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*>)*<channel[\s>]",
    re.IGNORECASE | re.DOTALL,
)
_HTML_START = re.compile(rb"^\s*(<!doctype\s+html|<html)", re.IGNORECASE)
_ALTERNATE = re.compile(rb"<link\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(rb"""([a-z-]+)\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_FEED_TYPES = (
    b"application/rss+xml",
    b"application/atom+xml",
    b"application/feed+json",
    b"application/json",
    b"application/rdf+xml",
)


def parse_feed(data: bytes, headers: Mapping[str, str] | None = None, url: str = "") -> ParsedFeed:
    """Parse a fetched document; raises ParseError with a one-line reason."""
    parsed = _parse_any(data, headers, url)
    parsed.cleaned = True  # each parser below cleans every text it returns
    return parsed


def _parse_any(data: bytes, headers: Mapping[str, str] | None, url: str) -> ParsedFeed:
    if not data.strip():
        raise ParseError("empty document")
    content_type = _header(headers, "content-type")
    if looks_like_json(data) or "json" in content_type:
        return parse_json_feed(data, url)
    if declares_entities(data):
        # Entity declarations are how XML bombs and XXE work; no feed needs them.
        raise ParseError("document declares XML entities (refused: possible XML bomb or XXE)")
    # A blank line before "<?xml" makes expat give up early; it is noise, not content.
    if data[:1].isspace():
        data = data.lstrip()
    from newsroom_tui.feeds.walker import read_as_utf8, walk_feed

    # libxml2 refuses any invalid byte of a document it reads as UTF-8, so the
    # walker reading one is the proof that repair_utf8 has nothing to repair:
    # its own check, a decode of the whole body, was ~0.3 s of a cold fetch.
    tried_as_is = read_as_utf8(data)
    if tried_as_is:
        walked = walk_feed(data, url, headers)
        if walked is not None:
            return walked
    # One decision on the encoding for every parser below (see feeds/decode.py).
    repaired = repair_utf8(data, headers)
    if repaired is not None:
        data, headers = repaired
    if repaired is not None or not tried_as_is:
        walked = walk_feed(data, url, headers)
        if walked is not None:
            return walked
    return _parse_xml(data, headers or {}, url)


def declares_entities(data: bytes) -> bool:
    """True when `data` declares an XML entity outside comments, CDATA and PIs.

    The whole document is read: a DOCTYPE may follow any amount of comments
    and processing instructions, and a lenient parser may act on one later on.
    An article quoting "<!ENTITY" in CDATA is not refused.
    """
    position = 0
    while (found := _ENTITY_SCAN.search(data, position)) is not None:
        end = _SECTION_END.get(found.group())
        if end is None:
            return True
        closed = data.find(end, found.end())
        # An unclosed section hides nothing: a lenient parser may not see it as one.
        position = found.end() if closed == -1 else closed + len(end)
    return False


def _header(headers: Mapping[str, str] | None, name: str) -> str:
    if not headers:
        return ""
    for key, value in headers.items():
        if key.lower() == name:
            return value.lower()
    return ""


def _parse_xml(data: bytes, headers: Mapping[str, str], url: str) -> ParsedFeed:
    import feedparser

    # Sanitising happens when rendering; storing the HTML as fetched is faster and lossless.
    # A stream, not bytes: feedparser opens bytes that name a file (or, in later
    # releases, a URL), so a body like "/home/user/x.xml" would read a local file.
    parsed = feedparser.parse(
        io.BytesIO(data),
        response_headers={k.lower(): v for k, v in headers.items()},
        sanitize_html=False,
        resolve_relative_uris=False,
    )
    version = parsed.get("version") or ("cdf" if _CDF_ROOT.match(data) else "")
    entries = parsed.get("entries") or []
    if not version and not entries:
        raise ParseError(_not_a_feed(data, parsed, url))
    channel = parsed.get("feed") or {}
    title = title_text(channel.get("title"), _type(channel.get("title_detail")))
    site = safe_link(channel.get("link"), url or None)
    # RFC 3986: a relative link resolves against xml:base (feedparser applies
    # it), else the URL the document came from, never the channel's <link>.
    base = url or None
    items = [i for e in entries if (i := _item(e, base)) is not None]
    warning = None
    if parsed.get("bozo"):
        reason = _short(parsed.get("bozo_exception"))
        harmless = _harmless(parsed.get("bozo_exception"))
        if not items and not harmless:
            # The channel title it could read is kept with the error.
            raise ParseError(f"malformed feed, no items recovered: {reason}", title=title)
        if not harmless:
            warning = f"malformed feed, recovered {len(items)} items: {reason}"
    return ParsedFeed(
        title=title,
        site_url=site,
        items=items,
        format=version or "unknown",
        warning=warning,
    )


def _harmless(exc: object) -> bool:
    # feedparser flags a charset it had to override; the text still decoded right.
    name = type(exc).__name__
    return name in ("CharacterEncodingOverride", "NonXMLContentType")


def _item(entry: Mapping[str, Any], base: str | None) -> ParsedItem | None:
    content_html = _content(entry)
    summary_html = body_html(entry.get("summary"), _summary_type(entry))
    guid = clean_line(entry.get("id")) or None
    link = safe_link(entry.get("link"), base)
    title = title_text(entry.get("title"), _type(entry.get("title_detail")))
    if not (guid or link or title or content_html or summary_html):
        return None
    return ParsedItem(
        guid=guid,
        url=link,
        title=title,
        author=clean_line(entry.get("author")),
        # RSS 1.0's dc:date and Atom's lone <updated> reach feedparser as "updated".
        # The raw strings go through our date module, not feedparser's reading.
        published=_date(entry, "published") or _date(entry, "created") or _date(entry, "updated"),
        updated=_date(entry, "updated"),
        views=_views(entry),
        summary_html=summary_html,
        content_html=content_html,
        images=_pictures(entry, base),
    )


def _pictures(entry: Mapping[str, Any], base: str | None) -> list[tuple[str, str]]:
    """The entry's media:content, media:thumbnail and image enclosures.

    feedparser keeps no caption per media element, only the entry's credits;
    they caption the picture when there is one (with several, which is whose
    cannot be told).
    """
    found = Pictures()
    for media in _dicts(entry.get("media_content")):
        url = media.get("url") or ""
        if isinstance(url, str) and is_picture(url, media.get("medium"), media.get("type")):
            found.add(picture_url(url, base))
    for link in _dicts(entry.get("links")):
        href = link.get("href") or ""
        is_enclosure = link.get("rel") == "enclosure" and isinstance(href, str)
        if is_enclosure and is_picture(href, None, link.get("type")):
            found.add(picture_url(href, base), caption(link.get("title") or ""))
    for thumbnail in _dicts(entry.get("media_thumbnail")):
        found.add(picture_url(thumbnail.get("url"), base), thumbnail=True)
    pictures = found.found()
    credits = [c.get("content") for c in _dicts(entry.get("media_credit"))]
    credit = " ".join(c for c in credits if isinstance(c, str))
    if len(pictures) == 1 and credit and not pictures[0][1]:
        pictures = [(pictures[0][0], caption(credit=credit))]
    return pictures


def _dicts(value: object) -> list[Mapping[str, Any]]:
    return [v for v in value if isinstance(v, Mapping)] if isinstance(value, list) else []


def _date(entry: Mapping[str, Any], key: str) -> datetime | None:
    # The value under `key` itself: FeedParserDict.get maps "updated" to
    # "published" when one is missing, which would hide the fallbacks.
    return parse_date(dict.get(entry, key) if isinstance(entry, dict) else entry.get(key))


def _content(entry: Mapping[str, Any]) -> str:
    contents = entry.get("content") or []
    best = None
    for content in contents:
        if not isinstance(content, Mapping):
            continue
        if "html" in (content.get("type") or "") or best is None:
            best = content
            if "html" in (content.get("type") or ""):
                break
    if best is None:
        return ""
    return body_html(best.get("value"), _type(best))


def _type(detail: object) -> str:
    return (detail.get("type") or "") if isinstance(detail, Mapping) else ""


def _summary_type(entry: Mapping[str, Any]) -> str:
    detail = entry.get("summary_detail")
    if isinstance(detail, Mapping):
        return _type(detail)
    # feedparser copies a content's value into "summary" without its type; an
    # Atom type="text" content's "<blink>" is text there too, not a tag.
    summary = entry.get("summary")
    for content in entry.get("content") or []:
        if isinstance(content, Mapping) and content.get("value") == summary:
            return _type(content)
    return ""


def _views(entry: Mapping[str, Any]) -> int | None:
    stats = entry.get("media_statistics")
    if not isinstance(stats, Mapping):
        return None
    return read_int(str(stats.get("views", "")))


def _short(exc: object) -> str:
    text = clean_line(str(exc)) if exc is not None else "unknown error"
    return text[:160]


def _not_a_feed(data: bytes, parsed: Mapping[str, Any], url: str) -> str:
    if _HTML_START.search(data[:4096]) or b"<html" in data[:4096].lower():
        links = advertised_feeds(data, url)
        if links:
            return "an HTML page, not a feed; it advertises: " + " ".join(links)
        return "an HTML page, not a feed (it advertises no feed links)"
    exc = parsed.get("bozo_exception")
    return f"not a feed: {_short(exc)}" if exc else "not a feed"


def advertised_feeds(data: bytes, base: str) -> list[str]:
    """Feed URLs an HTML page names with <link rel="alternate" type="...">."""
    found: list[str] = []
    for tag in _ALTERNATE.findall(data[:262144]):
        attrs = {
            m.group(1).lower(): (m.group(3) or m.group(4) or m.group(5) or b"")
            for m in _ATTR.finditer(tag)
        }
        rel = attrs.get(b"rel", b"").lower()
        kind = attrs.get(b"type", b"").lower()
        if b"alternate" in rel and kind in _FEED_TYPES:
            href = html.unescape(attrs.get(b"href", b"").decode("utf-8", errors="replace"))
            link = safe_link(href, base or None)
            if link and link not in found:
                found.append(link)
    return found[:5]
