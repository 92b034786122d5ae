"""One element's value: its text, markup, type, link, person or date, read with
the document's settings (Atom or RSS, xml:base, C1 characters)."""

from __future__ import annotations

from datetime import datetime

from lxml import etree

from newsroom_tui.dates import parse_date
from newsroom_tui.feeds.numbers import read_int
from newsroom_tui.feeds.walker.document import NotOurs
from newsroom_tui.feeds.walker.links import fix_slashes, join_url, unescape_link
from newsroom_tui.feeds.walker.markup import inner_markup, is_base64_type, looks_like_html
from newsroom_tui.feeds.walker.names import XHTML, XML_NS, element_key
from newsroom_tui.feeds.walker.repair import repair_text


class TextReader:
    """Reads the values of one document's elements."""

    def __init__(self, version: str, may_have_base: bool, may_hold_c1: bool = True) -> None:
        self.atom = version.startswith("atom")
        # RFC 4287's wrapper <div> around XHTML; Atom 0.3's div is content.
        self.unwrap_div = version == "atom10"
        self.may_have_base = may_have_base
        self.may_hold_c1 = may_hold_c1

    def text(self, element: etree._Element) -> str:
        """An element's own text, stripped and repaired (markup inside is dropped)."""
        text = element.text or ""
        if len(element):
            text = "".join(element.itertext())
        return repair_text(text.strip(), self.may_hold_c1)

    def body(self, element: etree._Element, kind: str) -> str:
        """A text construct's value: its text, or its markup when it is XHTML."""
        if kind != XHTML or not len(element):
            if len(element) and kind != XHTML:
                # Unescaped HTML inside RSS (invalid, but published): keep the markup.
                return repair_text(inner_markup(element).strip(), self.may_hold_c1)
            return self.text(element)
        children = list(element)
        if (
            self.unwrap_div
            and len(children) == 1
            and element_key(children[0].tag) in ("div", "xhtml:div")
            and not (element.text or "").strip()
            and not (children[0].tail or "").strip()
        ):
            element = children[0]  # Atom's wrapper <div> is not content
        return repair_text(inner_markup(element).strip(), self.may_hold_c1)

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
            raise NotOurs("base64 content")
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
            elif self.unwrap_div and is_base64_type(kind):
                raise NotOurs("base64 content")  # RFC 4287 4.1.3.3; feedparser decodes it
        if text is not None:
            return self.sniff(kind, text)
        return kind

    def sniff(self, kind: str, text: str) -> str:
        # RSS has no type attribute; plain-typed text that reads as HTML is HTML.
        if kind == "text/plain" and not self.atom and looks_like_html(text):
            return "text/html"
        return kind

    def link(self, element: etree._Element) -> str | None:
        href = element.get("href") or element.get("url") or element.get("uri")
        if href is None:
            text = self.text(element)
            # An empty <link/> still replaces an earlier one, as in feedparser.
            return unescape_link(self.resolve(element, text)) if text else ""
        rel = (element.get("rel") or "alternate").lower()
        kind = element.get("type") or ("application/atom+xml" if rel == "self" else "text/html")
        if rel == "alternate" and kind.lower() in ("text/html", XHTML, "html", "xhtml"):
            return self.resolve(element, href.strip())
        return None

    def resolve(self, element: etree._Element, link: str) -> str:
        """`link` joined with the xml:base in force at `element`."""
        if not self.may_have_base:
            return fix_slashes(link)
        base = ""
        chain = [
            b for e in element.iterancestors() if (b := e.get(f"{{{XML_NS}}}base")) is not None
        ]
        own = element.get(f"{{{XML_NS}}}base")
        if own is not None:
            chain.insert(0, own)
        for part in reversed(chain):
            base = join_url(base, part) if base else fix_slashes(part)
        return join_url(base, link) if base else fix_slashes(link)

    def person(self, element: etree._Element) -> str:
        if not len(element):
            return self.text(element)
        name = email = ""
        for child in element:
            key = element_key(child.tag)
            if key == "name" and not name:
                name = self.text(child)
            elif key == "email" and not email:
                email = self.text(child)
        if name and email:
            return f"{name} ({email})"
        return name or email

    def date(self, element: etree._Element) -> datetime | None:
        return parse_date(self.text(element))


def parse_views(raw: str | None) -> int | None:
    return read_int(raw)
