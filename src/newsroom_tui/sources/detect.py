"""Finding the news list on a page nobody wrote a mapping for.

The list is the largest block of sibling elements of one tag that each hold
a link with headline-like text; a date and a view count near the link, and a
longer text after it, make a block more likely news. Blocks inside
navigation, headers, footers, sidebars, breadcrumbs and pagers count for
little: those are the links every page repeats. Entries are titled by their
link's text, dated by the first date in them, and summarised by their
longest other text.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from newsroom_tui.dates import find_date
from newsroom_tui.dates.zones import DEFAULT_TIMEZONE
from newsroom_tui.feeds.urls import safe_link
from newsroom_tui.sources.entries import MAX_ENTRIES_PER_PAGE, ListPage, portal_item
from newsroom_tui.sources.links import normalise_link
from newsroom_tui.sources.page import parse_document, spaced_text
from newsroom_tui.sources.pager import next_page_link
from newsroom_tui.sources.values import collapse, views_in_text

if TYPE_CHECKING:
    from lxml.html import HtmlElement

MIN_ENTRIES = 3
MIN_TITLE_CHARS = 15
MIN_TITLE_WORDS = 3
MIN_SUMMARY_CHARS = 20
# Members scored per block: enough to judge it, few enough for 100,000 links.
SCORE_SAMPLE = 40
_CHROME_TAGS = frozenset({"nav", "header", "footer", "aside", "form", "menu"})
_CHROME_WORDS = re.compile(
    r"(^|[-_\s])(nav|navbar|menu|footer|header|sidebar|side-bar|breadcrumbs?|pag(e|er|ing|ination)|"
    r"phan-trang|chan-trang|dau-trang|cot-phu|widget|social|share|tags?|most-read|doc-nhieu|banner|ads?)"
    r"($|[-_\s\d])",
    re.IGNORECASE,
)
_DATE_OR_VIEWS = re.compile(
    r"\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}|\d{1,2}:\d{2}|[\d.,]+\s*(lượt\s+xem|views?)|lượt\s+xem\s*:?\s*[\d.,]+|"
    r"thứ\s+(hai|ba|tư|năm|sáu|bảy)|chủ\s+nhật|[|,\-–]",
    re.IGNORECASE,
)


class NoListFound(ValueError):
    """The page has no block that looks like a news list; the message says what it has."""


@dataclass(slots=True)
class _Candidate:
    parent: HtmlElement
    members: list[HtmlElement]
    rank: tuple[int, float]  # (evidence tier, score): see _score


def detect_list(
    text: str,
    url: str,
    timezone: str = DEFAULT_TIMEZONE,
    *,
    first: bool = True,
    shape: str | None = None,
) -> ListPage:
    """The news list of a page, read without a mapping, and the next list page's
    URL when the page has a pager; NoListFound when there is no list. `first`:
    this is the first list page read (see pager.next_page_link). `shape`: the
    block found on the first page (its ListPage.shape): a later page is read
    from the same block only, however few entries it has, so a short last page
    never falls back to a menu."""
    root, base = parse_document(text, url)
    page_url = normalise_link(url)
    best: _Candidate | None = None
    links_seen = 0
    for parent in root.iter():
        if not isinstance(parent.tag, str):
            continue
        by_tag: dict[str, list[HtmlElement]] = defaultdict(list)
        for child in parent:
            if isinstance(child.tag, str):
                by_tag[child.tag].append(child)
        for tag, members in by_tag.items():
            if tag in ("script", "style", "option", "br", "img"):
                continue
            if shape is not None:
                if _shape(parent, tag) == shape and (
                    best is None or len(members) > len(best.members)
                ):
                    best = _Candidate(parent, members, (2, float(len(members))))
                continue
            if len(members) < MIN_ENTRIES:
                continue
            rank = _score(parent, members, base, page_url, timezone)
            if rank[1] and (best is None or rank > best.rank):
                best = _Candidate(parent, members, rank)
    if best is None and shape is not None:
        raise NoListFound(f"the news list of the first page ({shape}) is not on this page")
    if best is None:
        links_seen = len(root.xpath("//a[@href]"))
        raise NoListFound(
            "no list found: the page has no repeated block of headline links"
            + (
                f" ({links_seen} links, none in a list of {MIN_ENTRIES} or more)"
                if links_seen
                else " (it has no links; its content may be drawn by scripts)"
            )
        )
    page = _read(best, base, page_url, timezone, root)
    page.next_url = next_page_link(root, base, page_url, first=first)
    page.shape = _shape(best.parent, best.members[0].tag)
    return page


def _shape(parent: HtmlElement, member_tag: str) -> str:
    """Where a block stands, as a CSS-like path: its ancestors' tags, the
    parent's id and classes, the members' tag ("body > main > div.cards > div")."""
    names = []
    node: HtmlElement | None = parent
    while node is not None and node.tag not in ("html", "body"):
        names.append(str(node.tag))
        node = node.getparent()
    names.reverse()
    own = "".join(f".{name}" for name in sorted((parent.get("class") or "").split()))
    if parent.get("id"):
        own = f"#{parent.get('id')}{own}"
    if names:
        names[-1] += own
    return " > ".join([*names, member_tag])


def _score(
    parent: HtmlElement, members: list[HtmlElement], base: str, page_url: str | None, timezone: str
) -> tuple[int, float]:
    """(tier, score) of a block: a bigger score is more, and longer, headlines
    with dates, counts and summaries. The tier comes first: a block whose
    entries mostly carry a date or a view count (2), else a summary (1), beats
    any block without (0) however long, since a site's menus and link lists
    (rarely marked as such) are long lists of headline-like links with
    neither. A block inside page chrome is tier 0."""
    links: set[str] = set()
    score = 0.0
    dated = summarised = 0
    for member in members[:SCORE_SAMPLE]:
        found = _title_link(member, base, page_url)
        if found is None:
            continue
        link, _anchor, title = found
        if link in links:
            continue
        links.add(link)
        points = 1.0 + min(len(title.split()), 12) / 12
        text = spaced_text(member)
        has_date = find_date(text, tz=timezone) is not None or bool(member.xpath(".//time"))
        has_views = views_in_text(text) is not None
        if has_date:
            points += 1.0
        if has_views:
            points += 0.5
        if len(text) - len(title) >= 60:
            points += 0.5
            summarised += 1
        dated += has_date or has_views
        score += points
    if len(links) < MIN_ENTRIES:
        return (0, 0.0)
    if _in_chrome(parent):
        return (0, score * 0.1)
    half = len(links) / 2
    tier = 2 if dated >= half else 1 if summarised >= half else 0
    return (tier, score)


def _in_chrome(element: HtmlElement) -> bool:
    node: HtmlElement | None = element
    while node is not None:
        if node.tag in _CHROME_TAGS:
            return True
        names = f"{node.get('class', '')} {node.get('id', '')} {node.get('role', '')}"
        if names.strip() and _CHROME_WORDS.search(names):
            return True
        node = node.getparent()
    return False


def _title_link(
    member: HtmlElement, base: str, page_url: str | None
) -> tuple[str, HtmlElement, str] | None:
    """The member's headline link: its link with the longest text."""
    best: tuple[str, HtmlElement, str] | None = None
    anchors = [member] if member.tag == "a" else member.iter("a")
    for anchor in anchors:
        href = anchor.get("href")
        if not href:
            continue
        title = collapse(anchor.text_content())
        if len(title) < MIN_TITLE_CHARS or len(title.split()) < MIN_TITLE_WORDS:
            continue
        link = normalise_link(href, base)
        if link is None or link == page_url:
            continue
        if best is None or len(title) > len(best[2]):
            best = (link, anchor, title)
    return best


def _read(
    best: _Candidate, base: str, page_url: str | None, timezone: str, root: HtmlElement
) -> ListPage:
    page = ListPage(entries=len(best.members))
    seen: set[str] = set()
    for member in best.members[:MAX_ENTRIES_PER_PAGE]:
        found = _title_link(member, base, page_url)
        if found is None:
            page.skipped += 1
            continue
        link, anchor, title = found
        if link in seen:
            continue
        seen.add(link)
        text = spaced_text(member)
        published = _time_element(member, timezone) or find_date(
            text.replace(title, " "), tz=timezone
        )
        views = views_in_text(text.replace(title, " "))
        summary = _summary(member, anchor, title)
        image = None
        for src in member.xpath(".//img/@src")[:1]:
            image = safe_link(str(src), base, as_href=True)
        page.stat("title").add(title, True)
        page.stat("link").add(link, True)
        page.stat("date").add(text if published else None, True)
        page.stat("views").add(text if views is not None else None, True)
        page.stat("summary").add(summary or None, True)
        page.items.append(
            portal_item(
                title=title,
                link=link,
                published=published,
                views=views,
                summary=summary,
                image=image,
            )
        )
    page.title = collapse(" ".join(root.xpath("//title//text()")))[:200]
    return page


def _time_element(member: HtmlElement, timezone: str) -> datetime | None:
    for value in member.xpath(".//time/@datetime")[:1]:
        return find_date(str(value), tz=timezone)
    return None


def _summary(member: HtmlElement, anchor: HtmlElement, title: str) -> str:
    """The member's longest text that is not its headline, its date or its count."""
    best = ""
    for node in member.iter():
        if not isinstance(node.tag, str) or node is anchor or node.tag == "a":
            continue
        if anchor in node.iterancestors() or _contains(node, anchor):
            continue
        text = collapse(node.text_content())
        if len(text) <= len(best):
            continue
        if len(_DATE_OR_VIEWS.sub("", text).strip()) < MIN_SUMMARY_CHARS:
            continue
        best = text
    # Text loose in the entry itself ("<li><a>…</a><br>Summary…</li>").
    for loose in [member.text, *(node.tail for node in member.iter() if node is not member)]:
        text = collapse(loose or "")
        if len(text) > len(best) and len(_DATE_OR_VIEWS.sub("", text).strip()) >= MIN_SUMMARY_CHARS:
            best = text
    return best


def _contains(node: HtmlElement, anchor: HtmlElement) -> bool:
    return any(ancestor is node for ancestor in anchor.iterancestors())


def describe(page: ListPage) -> str:
    return f"auto-detected a list of {len(page.items)} entries"
