"""Element names as the walker matches them ('title', 'dc:creator', ...) and
what each is to an item (its role), cached per lxml tag."""

from __future__ import annotations

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

TITLES = frozenset({"title", "dc:title"})
_SUMMARIES = frozenset(
    {"description", "dc:description", "summary", "itunes:summary", "abstract", "tagline"}
)
# A summary's type when the element does not say: RSS descriptions carry HTML.
SUMMARY_DEFAULT = {"description": "text/html", "dc:description": "text/html"}
CONTENTS = {
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
GROUPS = frozenset({"media:group", "media:community", "media:content"})

# What an item's child is to the walker; 0: nothing it reads.
(
    TITLE,
    LINK,
    GUID,
    SUMMARY,
    CONTENT,
    AUTHOR,
    PUBLISHED,
    UPDATED,
    CREATED,
    VIEWS,
    GROUP,
    MEDIA_TITLE,
    PICTURE,
) = range(1, 14)
_ROLES: dict[str, int] = {
    **dict.fromkeys(TITLES, TITLE),
    "link": LINK,
    "guid": GUID,
    "id": GUID,
    **dict.fromkeys(_SUMMARIES, SUMMARY),
    **dict.fromkeys(CONTENTS, CONTENT),
    **dict.fromkeys(_AUTHORS, AUTHOR),
    **dict.fromkeys(_PUBLISHED_KEYS, PUBLISHED),
    **dict.fromkeys(_UPDATED_KEYS, UPDATED),
    **dict.fromkeys(_CREATED_KEYS, CREATED),
    "media:statistics": VIEWS,
    **dict.fromkeys(GROUPS, GROUP),
    "media:title": MEDIA_TITLE,
    "media:thumbnail": PICTURE,
    "enclosure": PICTURE,
}
ROLES_BY_TAG: dict[object, int] = {}
_keys: dict[object, str] = {}


def element_key(tag: object) -> str:
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


def element_role(tag: object) -> int:
    role = _ROLES.get(element_key(tag), 0)
    if len(ROLES_BY_TAG) < 4096:  # bounded: element names come from the network
        ROLES_BY_TAG[tag] = role
    return role


def namespace_of(tag: object) -> str:
    return tag[1:].split("}", 1)[0] if isinstance(tag, str) and tag[:1] == "{" else ""
