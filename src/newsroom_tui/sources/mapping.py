"""A portal mapping: the TOML file that says where a list page keeps its entries.

Loaded and validated once (`load_mapping`); every later use trusts it. The
stored form (`feeds.mapping`) is the TOML's table as parsed, as JSON, so the
user's file can go away.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from newsroom_tui.dates.formats import DEFAULT_DATE_FORMAT, format_pattern
from newsroom_tui.dates.zones import DEFAULT_TIMEZONE, zone

MappingKind = Literal["html", "json"]

TOP_KEYS = frozenset({"kind", "title", "items", "fields", "pages", "article"})
FIELD_KEYS = frozenset(
    {
        "title",
        "link",
        "date",
        "date_format",
        "timezone",
        "views",
        "summary",
        "image",
        "content",
        "author",
    }
)
SELECTOR_FIELDS = ("title", "link", "date", "views", "summary", "image", "content", "author")
PAGE_KEYS = frozenset({"next", "max_pages"})
ARTICLE_KEYS = frozenset({"content"})
MAX_PAGES_LIMIT = 50
_DOT_PATH = re.compile(r"^[^.\s]+(\.[^.\s]+)*$")
_PSEUDO = re.compile(r"::(?:text|attr\(\s*([A-Za-z_:][-\w:.]*)\s*\))\s*$")


class MappingError(ValueError):
    """A mapping that cannot be used; the message names the key (exit 2)."""


@dataclass(frozen=True, slots=True)
class Selector:
    """One CSS selector with parsel's `::text` / `::attr(NAME)` ending, or
    (kind = "json") a dot path. Without an ending a CSS selector means the
    whole text of its first match, whitespace collapsed."""

    source: str
    css: str
    xpath: str
    take: Literal["text", "own_text", "attr", "path"]
    attr: str = ""

    @property
    def path(self) -> list[str]:
        return self.source.split(".")


def css_selector(source: str, key: str) -> Selector:
    """`source` compiled, or MappingError naming `key`."""
    from cssselect import HTMLTranslator, SelectorError

    text = source.strip()
    take: Literal["text", "own_text", "attr"] = "text"
    attr = ""
    match = _PSEUDO.search(text)
    if match:
        take = "attr" if match.group(1) else "own_text"
        attr = match.group(1) or ""
        text = text[: match.start()].strip()
    elif "::" in text:
        raise MappingError(
            f"{key}: {source!r} does not parse: only ::text and ::attr(NAME) are supported"
        )
    if not text:
        raise MappingError(f"{key}: {source!r} has no selector before its ::{take}")
    try:
        xpath = HTMLTranslator().css_to_xpath(text, prefix="descendant-or-self::")
    except SelectorError as exc:
        raise MappingError(f"{key}: {source!r} does not parse as CSS ({exc})") from None
    return Selector(source, text, xpath, take, attr)


def dot_path(source: str, key: str) -> Selector:
    text = source.strip()
    if not _DOT_PATH.match(text):
        raise MappingError(f"{key}: {source!r} is not a dot path such as data.items")
    return Selector(text, "", "", "path")


@dataclass(frozen=True, slots=True)
class PortalMapping:
    kind: MappingKind
    title: str
    items: Selector
    fields: dict[str, Selector]
    date_format: str
    timezone: str
    next_page: Selector | None
    max_pages: int
    article_content: Selector | None
    raw: dict[str, Any]

    def to_json(self) -> str:
        """The stored form: the TOML's table as parsed."""
        return json.dumps(self.raw, ensure_ascii=False, sort_keys=True)

    @property
    def content_inline(self) -> bool:
        """The list itself carries each article's HTML (no article page to fetch)."""
        return "content" in self.fields


def load_mapping(path: str | Path) -> PortalMapping:
    """Read and validate the TOML mapping at `path`."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise MappingError(f"cannot read the mapping {file}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise MappingError(f"the mapping {file} is not UTF-8 text") from None
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise MappingError(f"the mapping {file} is not valid TOML: {exc}") from None
    return mapping_from_table(table)


def mapping_from_json(text: str) -> PortalMapping:
    """The mapping as `feeds.mapping` stores it."""
    try:
        table = json.loads(text)
    except ValueError as exc:
        raise MappingError(f"stored mapping is not JSON: {exc}") from None
    return mapping_from_table(table)


def mapping_from_table(table: dict[str, Any]) -> PortalMapping:
    """Validate a parsed mapping table; MappingError names the first bad key."""
    if not isinstance(table, dict):
        raise MappingError("a mapping is a table of keys")
    _only(table, TOP_KEYS, "")
    kind = table.get("kind", "html")
    if kind not in ("html", "json"):
        raise MappingError(f'kind: must be "html" or "json", not {kind!r}')
    compile_one = dot_path if kind == "json" else css_selector
    title = table.get("title", "")
    if not isinstance(title, str):
        raise MappingError(f"title: must be a string, not {_type(title)}")
    if "items" not in table:
        raise MappingError("items: missing (the selector of one list entry)")
    items = compile_one(_string(table["items"], "items"), "items")
    fields_table = _table(table.get("fields", {}), "fields")
    _only(fields_table, FIELD_KEYS, "fields.")
    fields: dict[str, Selector] = {}
    for name in SELECTOR_FIELDS:
        if name in fields_table:
            key = f"fields.{name}"
            fields[name] = compile_one(_string(fields_table[name], key), key)
    if "link" not in fields:
        raise MappingError("fields.link: missing (an entry's link is its identity)")
    if kind == "html" and "content" in fields:
        raise MappingError('fields.content: only for kind = "json"; use [article] content')
    date_format = _string(
        fields_table.get("date_format", DEFAULT_DATE_FORMAT), "fields.date_format"
    )
    try:
        format_pattern(date_format)
    except ValueError as exc:
        raise MappingError(f"fields.date_format: {date_format!r}: {exc}") from None
    timezone = _string(fields_table.get("timezone", DEFAULT_TIMEZONE), "fields.timezone")
    try:
        zone(timezone)
    except ValueError as exc:
        raise MappingError(f"fields.timezone: {exc}") from None
    pages = _table(table.get("pages", {}), "pages")
    _only(pages, PAGE_KEYS, "pages.")
    next_page = (
        compile_one(_string(pages["next"], "pages.next"), "pages.next") if "next" in pages else None
    )
    max_pages = pages.get("max_pages", 5 if next_page else 1)
    if isinstance(max_pages, bool) or not isinstance(max_pages, int):
        raise MappingError(f"pages.max_pages: must be a whole number, not {_type(max_pages)}")
    if not 1 <= max_pages <= MAX_PAGES_LIMIT:
        raise MappingError(
            f"pages.max_pages: must be between 1 and {MAX_PAGES_LIMIT}, not {max_pages}"
        )
    article = _table(table.get("article", {}), "article")
    _only(article, ARTICLE_KEYS, "article.")
    article_content = (
        css_selector(_string(article["content"], "article.content"), "article.content")
        if "content" in article
        else None
    )
    return PortalMapping(
        kind=kind,
        title=title.strip(),
        items=items,
        fields=fields,
        date_format=date_format,
        timezone=timezone,
        next_page=next_page,
        max_pages=max_pages,
        article_content=article_content,
        raw=table,
    )


def _only(table: dict[str, Any], allowed: frozenset[str], prefix: str) -> None:
    for key in table:
        if key not in allowed:
            known = ", ".join(sorted(allowed))
            raise MappingError(f"{prefix}{key}: unknown key (known: {known})")


def _string(value: object, key: str) -> str:
    if not isinstance(value, str):
        raise MappingError(f"{key}: must be a string, not {_type(value)}")
    if not value.strip():
        raise MappingError(f"{key}: must not be empty")
    return value


def _table(value: object, key: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise MappingError(f"{key}: must be a table ([{key}]), not {_type(value)}")
    return value


def _type(value: object) -> str:
    return {
        bool: "a boolean",
        int: "a number",
        float: "a number",
        str: "a string",
        list: "a list",
        dict: "a table",
    }.get(type(value), type(value).__name__)
