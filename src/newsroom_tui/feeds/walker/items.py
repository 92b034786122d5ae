"""The channel head and each item of one document, read into a ParsedItem."""

from __future__ import annotations

from lxml import etree

from newsroom_tui.feeds.entry_text import body_html
from newsroom_tui.feeds.media import Pictures, caption, is_picture, picture_url
from newsroom_tui.feeds.titles import title_text
from newsroom_tui.feeds.urls import safe_link
from newsroom_tui.feeds.walker.markup import markup_if_nested
from newsroom_tui.feeds.walker.names import (
    AUTHOR,
    CONTENT,
    CONTENTS,
    CREATED,
    GROUP,
    GROUPS,
    GUID,
    LINK,
    MEDIA_TITLE,
    PICTURE,
    PUBLISHED,
    RDF,
    ROLES_BY_TAG,
    SUMMARY,
    SUMMARY_DEFAULT,
    TITLE,
    TITLES,
    UPDATED,
    VIEWS,
    element_key,
    element_role,
)
from newsroom_tui.feeds.walker.values import TextReader, parse_views
from newsroom_tui.models import ParsedItem
from newsroom_tui.text import clean_line

# What a media element's picture is called, inside it: (title, description, credit).
_CAPTION_PARTS = {"media:title": 0, "media:description": 1, "media:credit": 2}
_PICTURE_HOLDERS = frozenset({"media:content", "media:group", "media:thumbnail"})


class Walker(TextReader):
    """Reads the channel head and each item of one document."""

    # --- the channel

    def channel(self, head: etree._Element) -> tuple[str, str | None]:
        title: str | None = None
        link: str | None = None
        id_link: str | None = None
        for child in head:
            key = element_key(child.tag)
            if key in TITLES and title is None:
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
            role = ROLES_BY_TAG.get(child.tag)
            if role is None:
                role = element_role(child.tag)
            if not role:
                continue
            if role == TITLE:
                if title is None or not title[0]:
                    title = self.title(child)
            elif role == LINK:
                found = self.link(child)
                if found is not None:
                    link = found
                elif (child.get("rel") or "").lower() == "enclosure":
                    pictures = self.pictures(child, pictures, base)
            elif role == GUID:
                guid = self.text(child)
                permalink = (
                    child.get("isPermaLink", "true") == "true" or element_key(child.tag) == "id"
                )
                if permalink:
                    # A permalink is a link: xml:base applies to it, in the guid too;
                    # even an empty one takes the place of a link (feedparser's rule).
                    guid = self.resolve(child, guid) if guid else guid
                    if link is None:
                        link = guid
            elif role == SUMMARY:
                key = element_key(child.tag)
                kind = markup_if_nested(
                    child, self.text_type(child, SUMMARY_DEFAULT.get(key, "text/plain"), None)
                )
                text = self.body(child, kind)
                if summary is not None and not has_content and not summary_from_content:
                    # feedparser files a second summary before any content as content.
                    contents.append((text, self.sniff(kind, text)))
                else:
                    summary, summary_from_content = (text, self.sniff(kind, text)), False
            elif role == CONTENT:
                has_content = True
                kind = markup_if_nested(
                    child, self.text_type(child, CONTENTS[element_key(child.tag)], None)
                )
                pair = (self.body(child, kind), kind)
                contents.append(pair)
                if summary is None:
                    summary, summary_from_content = pair, True
            elif role == AUTHOR:
                author = self.person(child) or author  # the last one, as feedparser
            elif role == PUBLISHED:
                published = self.date(child)
            elif role == UPDATED:
                updated = self.date(child)
            elif role == CREATED:
                created = self.date(child)
            elif role == VIEWS:
                views = parse_views(child.get("views"))
            elif role == GROUP:
                deep_title, deep_summary, found_views = self.media(child, deep_title, deep_summary)
                if found_views is not None:
                    views = found_views
                pictures = self.pictures(child, pictures, base)
            elif role == PICTURE:
                pictures = self.pictures(child, pictures, base)
            elif role == MEDIA_TITLE and (deep_title is None or not deep_title[0]):
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
            key = element_key(child.tag)
            if key == "media:title" and (title is None or not title[0]):
                title = self.title(child)
            elif key == "media:description" and summary is None:
                kind = markup_if_nested(child, self.text_type(child, "text/plain", None))
                text = self.body(child, kind)
                summary = (text, self.sniff(kind, text))
            elif key == "media:statistics":
                views = parse_views(child.get("views"))
            elif key in GROUPS:
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
        key = element_key(element.tag)
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
                if element_key(child.tag) in _PICTURE_HOLDERS:
                    self.pictures(child, found, base, inner)
        return found

    def caption(self, around: tuple[etree._Element, ...]) -> str:
        """A picture's caption from the media elements it is in (asked only once a
        picture is found: most media elements of feeds are audio and video)."""
        parts = ["", "", ""]
        for element in around:  # the outermost first: an inner one names its own
            for child in element:
                at = _CAPTION_PARTS.get(element_key(child.tag))
                if at is not None:
                    parts[at] = self.text(child)
        return caption(*parts) if any(parts) else ""

    def picture_url(self, element: etree._Element, base: str | None) -> str | None:
        url = (element.get("url") or element.get("href") or "").strip()
        return picture_url(self.resolve(element, url), base) if url else None

    # --- values
