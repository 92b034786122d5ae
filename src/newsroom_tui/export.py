"""Exporting subscriptions and bookmarks. Feed text is escaped for each format."""

from __future__ import annotations

import html
import json
import re
from datetime import UTC, datetime

from newsroom_tui.display import format_date, format_views
from newsroom_tui.models import Feed, Item
from newsroom_tui.opml import write_opml
from newsroom_tui.serialize import item_json

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+!|~])")


def opml(feeds: list[Feed]) -> str:
    return write_opml(feeds)


def bookmarks_json(items: list[Item]) -> str:
    return json.dumps([item_json(i) for i in items], ensure_ascii=False, indent=1) + "\n"


def _md(text: str) -> str:
    # Backslash-escape everything Markdown would read as syntax, and keep it on one line.
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _md_url(url: str) -> str:
    return url.replace("(", "%28").replace(")", "%29").replace(" ", "%20")


def bookmarks_markdown(items: list[Item]) -> str:
    lines = [f"# Bookmarks ({len(items)})", ""]
    for item in items:
        title = _md(item.title) or "(untitled)"
        lines.append(f"- [{title}](<{_md_url(item.url)}>)" if item.url else f"- {title}")
        details = [_md(item.feed_title)]
        if item.published:
            details.append(format_date(item.published))
        if item.views is not None:
            details.append(format_views(item.views))
        lines.append("  " + " · ".join(d for d in details if d))
        if item.note:
            lines.append(f"  > {_md(item.note)}")
    return "\n".join(lines) + "\n"


def bookmarks_html(items: list[Item]) -> str:
    esc = html.escape
    now = format_date(datetime.now(UTC), "%d/%m/%Y %H:%M")
    rows = []
    for item in items:
        title = esc(item.title or "(untitled)")
        head = (
            f'<a href="{esc(item.url)}" rel="noopener noreferrer">{title}</a>'
            if item.url
            else title
        )
        meta = " · ".join(
            esc(p)
            for p in (item.feed_title, format_date(item.published), format_views(item.views))
            if p
        )
        note = f'<p class="note">{esc(item.note)}</p>' if item.note else ""
        summary = f"<p>{esc(item.summary)}</p>" if item.summary else ""
        rows.append(f'<li><h2>{head}</h2><p class="meta">{meta}</p>{note}{summary}</li>')
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Bookmarks</title>
<style>
body {{ font: 16px/1.5 system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; }}
ul {{ list-style: none; padding: 0; }}
li {{ border-bottom: 1px solid #ddd; padding: .75rem 0; }}
h2 {{ font-size: 1.1rem; margin: 0; }}
.meta {{ color: #666; margin: .2rem 0; font-size: .9rem; }}
.note {{ border-left: 3px solid #c90; padding-left: .6rem; font-style: italic; }}
</style>
</head>
<body>
<h1>Bookmarks</h1>
<p class="meta">{len(items)} bookmarked articles, exported {esc(now)} from newsroom-tui.</p>
<ul>
{chr(10).join(rows)}
</ul>
</body>
</html>
"""
