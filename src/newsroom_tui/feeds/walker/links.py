"""Link text as feedparser reads it: entity references escaped twice, "http:///x"."""

from __future__ import annotations

import re
from urllib.parse import urljoin

_AMP_ENTITY = re.compile("&([A-Za-z0-9_]+);")
_URI_SLASHES = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*://)(/*)(.*?)")


def unescape_link(link: str) -> str:
    # A link's text with entity references escaped once more ("&amp;amp;") is
    # common; feedparser undoes it and drops the ";" of the rest, and so must we:
    # the link is the identity of items without a guid.
    if "&" not in link:
        return link
    return _AMP_ENTITY.sub(r"&\g<1>", link.replace("&amp;", "&"))


def fix_slashes(link: str) -> str:
    # "http:///x" means "http://x"; feedparser's urljoin repairs it the same way.
    return _URI_SLASHES.sub(r"\1\3", link) if ":///" in link else link


def join_url(base: str, link: str) -> str:
    try:
        return urljoin(base, fix_slashes(link))
    except ValueError:
        return ""
