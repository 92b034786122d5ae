"""Real newsroom homes for the TUI tests: feeds on disk, fetched by the service.

Built once per session (fetching is the slow part) and copied per test.
Times are pinned after the fetch, so lists, dates and snapshots never
depend on when the tests ran.
"""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from data.make_feeds import atom, json_feed, rss
from newsroom_tui.service import Newsroom

# 2024-06-10 00:00 UTC: "first seen" for every item, and "last fetched" for every feed.
FIXED_SEEN = 1717977600

HOSTILE_TITLES = [
    "[bold]x[/bold] bold markup",
    "[@click=app.quit]x[/] click markup",
    "[/ broken markup",
    "[0] [red]red[/red] numbered",
]
HOSTILE_FEED = "[red]Evil[/red] [@click=app.quit]feed[/]"
ESCAPE_TITLE = "escape \x1b[2J clear screen"

LINKS = [f"https://example.test/ref/{n}" for n in range(1, 13)]
LONG_BODY = "".join(
    f"<p>Paragraph {n}: the council discussed item {n} at length.</p>" for n in range(1, 80)
)


def _rss_items() -> list[dict]:
    links = " ".join(f'<a href="{url}">ref {n}</a>' for n, url in enumerate(LINKS, 1))
    return [
        {
            "title": "Alpha one: council approves budget",
            "link": "https://alpha.example.test/1",
            "guid": "alpha-1",
            "date": "Sat, 01 Jun 2024 08:00:00 +0000",
            "views": 50,
            "content": f"<p>Twelve references follow.</p><p>{links}</p>",
        },
        {
            "title": "Alpha two: metro line opens",
            "link": "https://alpha.example.test/2",
            "guid": "alpha-2",
            "date": "Sun, 02 Jun 2024 08:00:00 +0000",
            "views": 900,
            "content": LONG_BODY,
        },
        {
            "title": HOSTILE_TITLES[0],
            "link": "https://alpha.example.test/3",
            "guid": "alpha-3",
            "date": "Mon, 03 Jun 2024 08:00:00 +0000",
            "views": 10,
            "content": "<p>One link: <a href='https://example.test/only'>only</a>.</p>",
        },
        {
            "title": "Ủy ban nhân dân quận Ba Đình họp phiên thường kỳ",
            "link": "https://alpha.example.test/4",
            "guid": "alpha-4",
            "date": "Tue, 04 Jun 2024 08:00:00 +0000",
            "views": 4321,
            "content": "<p>Nội dung.</p>",
        },
    ]


def _atom_entries() -> list[dict]:
    return [
        {
            "id": "urn:beta:1",
            "title": HOSTILE_TITLES[1],
            "link": "https://beta.example.test/1",
            "published": "2024-06-05T08:00:00Z",
            "updated": "2024-06-05T08:00:00Z",
            "views": 70,
            "content": "<p>Beta one.</p>",
        },
        {
            "id": "urn:beta:2",
            "title": HOSTILE_TITLES[2],
            "link": "https://beta.example.test/2",
            "published": "2024-06-06T08:00:00Z",
            "updated": "2024-06-06T08:00:00Z",
            "views": 3,
            "content": "<p>Beta two.</p>",
        },
        {
            "id": "urn:beta:3",
            "title": "東京で会議 wide characters 日本語の見出し",
            "link": "https://beta.example.test/3",
            "published": "2024-06-07T08:00:00Z",
            "updated": "2024-06-07T08:00:00Z",
            "views": 12345,
            "content": "<p>Beta three.</p>",
        },
    ]


def _json_items() -> list[dict]:
    return [
        {
            "id": "gamma-1",
            "title": HOSTILE_TITLES[3],
            "url": "mailto:desk@example.test",
            "date_published": "2024-05-30T08:00:00Z",
            "content_html": "<p>Gamma one.</p>",
        },
        {
            "id": "gamma-2",
            "title": "Gamma two: weather warning",
            "url": "https://gamma.example.test/2",
            "date_published": "2024-05-31T08:00:00Z",
            "content_html": "<p>Gamma two.</p>",
        },
    ]


@dataclass
class SmallHome:
    home: Path
    feeds_dir: Path
    alpha: int
    beta: int
    gamma: int
    evil: int

    def newsroom(self) -> Newsroom:
        return Newsroom.open(self.home)

    def item_id(self, title: str) -> int:
        with sqlite3.connect(self.home / "newsroom.sqlite3") as conn:
            return conn.execute("SELECT id FROM items WHERE title = ?", (title,)).fetchone()[0]

    def state(self, item_id: int) -> tuple[bool, bool]:
        """(read, bookmarked) as stored."""
        conn = sqlite3.connect(self.home / "newsroom.sqlite3")
        try:
            read, bookmarked = conn.execute(
                "SELECT read, bookmarked FROM items WHERE id = ?", (item_id,)
            ).fetchone()
        finally:
            conn.close()
        return bool(read), bool(bookmarked)

    def write_alpha(self, extra: list[dict]) -> None:
        (self.feeds_dir / "alpha.xml").write_bytes(rss(_rss_items() + extra, title="Alpha Wire"))


def bulletins(count: int, body: str = "") -> list[dict]:
    """`count` older Alpha Wire items, "Bulletin 0" the oldest, for `write_alpha`."""
    return [
        {
            "title": f"Bulletin {n}",
            "link": f"https://alpha.example.test/b{n}",
            "guid": f"bulletin-{n}",
            "date": f"Wed, 01 May 2024 {n // 60:02d}:{n % 60:02d}:00 +0000",
            "content": f"{body}<p>Bulletin number {n}.</p>",
        }
        for n in range(count)
    ]


def pin_times(home: Path) -> None:
    """Make every time the app shows independent of when the fetch ran."""
    conn = sqlite3.connect(home / "newsroom.sqlite3")
    try:
        # Undated items sort by when they were first seen: keep them apart, in a
        # fixed order (by dedup key), so ties never fall to fetch order.
        conn.execute(
            "UPDATE items SET first_seen = ?, sort_time = COALESCE(published, ? - "
            "(SELECT COUNT(*) FROM items j WHERE j.dedup_key < items.dedup_key))",
            (FIXED_SEEN, FIXED_SEEN),
        )
        conn.execute("UPDATE feeds SET last_fetched = ?", (FIXED_SEEN,))
        conn.execute("UPDATE fetch_log SET at = ?", (FIXED_SEEN,))
        conn.commit()
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def build_small_home(root: Path) -> SmallHome:
    home = root / "home"
    feeds = root / "feeds"
    feeds.mkdir(parents=True)
    (feeds / "alpha.xml").write_bytes(rss(_rss_items(), title="Alpha Wire"))
    (feeds / "beta.atom").write_bytes(atom(_atom_entries(), title="Beta Desk"))
    (feeds / "gamma.json").write_bytes(json_feed(_json_items(), title="Gamma JSON"))
    (feeds / "evil.xml").write_bytes(b"this is not a feed at all")
    newsroom = Newsroom.open(home)
    try:
        alpha, _ = newsroom.subscribe(str(feeds / "alpha.xml"), title="Alpha Wire", tags=["News"])
        beta, _ = newsroom.subscribe(
            str(feeds / "beta.atom"), title="Beta Desk", tags=["News", "World"]
        )
        gamma, _ = newsroom.subscribe(str(feeds / "gamma.json"), title="Gamma JSON")
        evil, _ = newsroom.subscribe(str(feeds / "evil.xml"), title=HOSTILE_FEED, tags=["World"])
        asyncio.run(newsroom.refresh())
        # A title that slipped past the cleaning at the edge (an older cache, a bug):
        # the reader must still show it as text.
        newsroom.cache.conn.execute(
            "UPDATE items SET title = ? WHERE title = 'Gamma two: weather warning'",
            (ESCAPE_TITLE,),
        )
    finally:
        newsroom.close()
    pin_times(home)
    return SmallHome(home=home, feeds_dir=feeds, alpha=alpha, beta=beta, gamma=gamma, evil=evil)


def copy_home(template: SmallHome, root: Path) -> SmallHome:
    shutil.copytree(template.home, root / "home")
    shutil.copytree(template.feeds_dir, root / "feeds")
    # Subscriptions name the template's files; point them at this copy's.
    conn = sqlite3.connect(root / "home" / "newsroom.sqlite3")
    try:
        conn.execute(
            "UPDATE feeds SET url = replace(url, ?, ?)",
            (template.feeds_dir.as_uri(), (root / "feeds").as_uri()),
        )
        conn.commit()
    finally:
        conn.close()
    return SmallHome(
        home=root / "home",
        feeds_dir=root / "feeds",
        alpha=template.alpha,
        beta=template.beta,
        gamma=template.gamma,
        evil=template.evil,
    )


def build_demo_home(root: Path) -> Path:
    from newsroom_tui.demo import seed_demo

    home = root / "demo"
    seed_demo(home)
    pin_times(home)
    return home
