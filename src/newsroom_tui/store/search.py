"""The search query language, compiled to SQLite FTS5 plus SQL filters.

    words            all must match (accent- and case-insensitive)
    "exact phrase"   words in this order
    -word -"phrase"  must not match
    a OR b           either
    prefix*          words starting with prefix
    feed:NAME tag:NAME is:unread is:read is:bookmarked
    after:YYYY-MM-DD before:YYYY-MM-DD views:>N (also >=, <, <=, =)

Bad syntax raises SearchSyntaxError with a short message saying what is wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from newsroom_tui.store.db import feed_title
from newsroom_tui.store.fold import full_fold, index_fold
from newsroom_tui.text import as_row_id

# The last word of a query being typed, if it can be a prefix: letters or
# digits only (not a filter, phrase, exclusion or `prefix*` already), three or more.
_TYPED_WORD = re.compile(r"(?:^|\s)[^\W_]{3,}\Z")


def as_typed(text: str) -> str:
    """The query a search field runs while `text` is being typed.

    A last word not yet ended by a space may be unfinished, so it also matches
    as a prefix ("road rep" finds "repairs"). From three letters: a shorter
    prefix matches a large part of the vocabulary, which the index can only
    answer by merging thousands of word lists; "ba" or "uy" stay whole words.
    """
    in_phrase = text.count('"') % 2 == 1
    return text + "*" if not in_phrase and _TYPED_WORD.search(text) else text


class SearchSyntaxError(ValueError):
    """The query cannot be understood; str() says why, in one line."""


@dataclass(slots=True)
class Term:
    text: str
    phrase: bool = False
    prefix: bool = False

    def fts(self) -> str:
        quoted = '"' + index_fold(self.text).replace('"', '""') + '"'
        return quoted + ("*" if self.prefix else "")


@dataclass(slots=True)
class CompiledQuery:
    """FTS5 match strings and SQL conditions over `items i`."""

    match: str | None = None
    exclude: str | None = None
    where: list[str] = field(default_factory=list)
    params: list[object] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)

    def conditions(self, *, with_match: bool) -> tuple[list[str], list[object]]:
        """SQL conditions over `items i`: the filters, the exclusions and, if asked,
        the match. Search and saved searches share them (with the one visibility
        rule, query.lists), so a saved search lists exactly what the search finds."""
        where = list(self.where)
        params = list(self.params)
        if with_match and self.match:
            where.append("i.id IN (SELECT rowid FROM items_fts WHERE items_fts MATCH ?)")
            params.append(self.match)
        if self.exclude:
            where.append("i.id NOT IN (SELECT rowid FROM items_fts WHERE items_fts MATCH ?)")
            params.append(self.exclude)
        return where, params


_TOKEN = re.compile(r'\s*(-?)(?:"([^"]*)("?)|([A-Za-z]+:"[^"]*"?|\S+))')
_FILTER = re.compile(r"^(feed|tag|is|after|before|views):(.*)$", re.IGNORECASE)
_VIEWS = re.compile(r"^(>=|<=|>|<|=)?(\d{1,15})$")
_WORDISH = re.compile(r"\w", re.UNICODE)
FILTER_NAMES = "feed, tag, is, after, before, views"
SNIPPET_SCAN = 2000


def compile_query(query: str) -> CompiledQuery:
    if len(query) > 1000:
        raise SearchSyntaxError("query too long (1000 characters at most)")
    compiled = CompiledQuery()
    groups: list[list[Term]] = []  # AND of ORs
    negatives: list[Term] = []
    pending_or = False
    for match in _TOKEN.finditer(query):
        negate, phrase, closing, bare = match.groups()
        if phrase is not None and not closing:
            raise SearchSyntaxError('a quote is not closed: add the closing "')
        if bare is not None and bare == "OR" and not negate:
            if not groups or pending_or:
                raise SearchSyntaxError("OR needs a term on each side")
            pending_or = True
            continue
        if bare is not None and not negate and (found := _FILTER.match(bare)):
            if pending_or:
                raise SearchSyntaxError("OR cannot join a filter; use it between words")
            _apply_filter(compiled, found.group(1).lower(), found.group(2))
            continue
        term = _term(phrase, bare)
        if term is None:
            if pending_or:
                raise SearchSyntaxError("OR needs a term on each side")
            continue
        if negate:
            if pending_or:
                raise SearchSyntaxError("OR cannot be followed by an excluded term")
            negatives.append(term)
        elif pending_or:
            groups[-1].append(term)
            pending_or = False
        else:
            groups.append([term])
        compiled.terms.append(term.text.rstrip("*"))
    if pending_or:
        raise SearchSyntaxError("OR needs a term on each side")
    if groups:
        compiled.match = " AND ".join(
            "(" + " OR ".join(t.fts() for t in group) + ")" for group in groups
        )
    if negatives:
        compiled.exclude = " OR ".join(t.fts() for t in negatives)
    if not groups and not negatives and not compiled.where:
        raise SearchSyntaxError("nothing to search for")
    return compiled


def _term(phrase: str | None, bare: str | None) -> Term | None:
    if phrase is not None:
        text = " ".join(phrase.split())
        return Term(text, phrase=True) if _WORDISH.search(text) else None
    assert bare is not None
    prefix = bare.endswith("*")
    text = bare.rstrip("*")
    if not _WORDISH.search(text):
        return None
    if prefix and len(text) < 2:
        # One letter would merge a large part of every word list. Two letters
        # are allowed when typed: slower without prefix indexes (~0.4 s at
        # 100,000 items), but asked for; the search field adds `*` from three.
        return None
    return Term(text, prefix=prefix)


def _apply_filter(compiled: CompiledQuery, name: str, value: str) -> None:
    if (value.startswith('"') and not value.endswith('"')) or value == '"':
        raise SearchSyntaxError('a quote is not closed: add the closing "')
    value = value.strip().strip('"')
    if not value:
        raise SearchSyntaxError(f"{name}: needs a value, e.g. {_EXAMPLES[name]}")
    if name == "feed":
        if (feed_id := as_row_id(value)) is not None:
            compiled.where.append("i.feed_id = ?")
            compiled.params.append(feed_id)
        else:
            # Folding runs once per feed in the subquery, not once per matching item.
            compiled.where.append(
                f"i.feed_id IN (SELECT id FROM feeds WHERE fold({feed_title()}) LIKE ? ESCAPE '\\')"
            )
            compiled.params.append(f"%{_like(full_fold(value))}%")
    elif name == "tag":
        compiled.where.append("i.feed_id IN (SELECT feed_id FROM feed_tags WHERE fold(tag) = ?)")
        compiled.params.append(full_fold(value))
    elif name == "is":
        condition = _IS.get(value.lower())
        if condition is None:
            raise SearchSyntaxError(
                f"is:{value} is unknown; use is:unread, is:read or is:bookmarked"
            )
        compiled.where.append(condition)
    elif name in ("after", "before"):
        try:
            day = datetime.strptime(value, "%Y-%m-%d").replace(tzinfo=UTC)
        except ValueError:
            raise SearchSyntaxError(f"{name}:{value} is not a date like 2024-05-21") from None
        epoch = int(day.timestamp())
        if name == "after":
            compiled.where.append("i.sort_time >= ?")
        else:
            compiled.where.append("i.sort_time < ?")
        compiled.params.append(epoch)
    elif name == "views":
        found = _VIEWS.match(value.replace(" ", ""))
        if not found:
            raise SearchSyntaxError(f"views:{value} is not like views:>1000")
        op = found.group(1) or "="
        compiled.where.append(f"i.views {op} ?")
        compiled.params.append(int(found.group(2)))


_IS = {
    "unread": "i.read = 0",
    "read": "i.read = 1",
    "bookmarked": "i.bookmarked = 1",
    "bookmark": "i.bookmarked = 1",
}
_EXAMPLES = {
    "feed": "feed:hanoi",
    "tag": "tag:local",
    "is": "is:unread",
    "after": "after:2024-05-01",
    "before": "before:2024-06-01",
    "views": "views:>1000",
}


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def snippet(text: str, terms: list[str], width: int = 160) -> tuple[str, list[tuple[int, int]]]:
    """A window of `text` around the first match, and the matched spans in it.

    Matching is done on the folded text, whose characters line up one to one
    with the original, so the spans highlight the original words.
    """
    # Folding is per character in Python: look for the match near the start only.
    text = " ".join(text[:SNIPPET_SCAN].split())
    folded = full_fold(text)
    needles = sorted({n for t in terms for n in full_fold(t).split() if n}, key=len, reverse=True)
    first = min((p for n in needles if (p := folded.find(n)) >= 0), default=0)
    start = max(0, first - width // 3)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < first else start
    end = min(len(text), start + width)
    window = text[start:end]
    spans: list[tuple[int, int]] = []
    folded_window = folded[start:end]
    for needle in needles:
        pos = folded_window.find(needle)
        while pos >= 0:
            if not any(a < pos + len(needle) and pos < b for a, b in spans):
                spans.append((pos, pos + len(needle)))
            pos = folded_window.find(needle, pos + len(needle))
    prefix = "…" if start else ""
    suffix = "…" if end < len(text) else ""
    spans = sorted((a + len(prefix), b + len(prefix)) for a, b in spans)
    return prefix + window + suffix, spans
