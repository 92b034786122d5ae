"""A damaged search index costs nothing but its own rebuild.

The index (an FTS5 table) is built from the stored items, so when SQLite says
it is damaged (SQLITE_CORRUPT_VTAB) the cache is not refused: the index is
rebuilt from the items, the user is told in one line, every item stays.
Damaged here on a real SQLite file: the index's segments overwritten."""

from __future__ import annotations

import json
import random
import sqlite3
from pathlib import Path

import pytest
from tests.unit.test_prefetch import _run

FEED = Path(__file__).parents[1] / "data" / "corpus" / "real" / "guardian-rss2.xml"


def _damage_the_index(database: Path) -> None:
    """Overwrite the index's segments (not its config rows) with noise of their size."""
    noise = random.Random(7)
    conn = sqlite3.connect(database)
    with conn:
        blocks = conn.execute("SELECT id, length(block) FROM items_fts_data WHERE id > 10")
        for block_id, size in blocks.fetchall():
            conn.execute(
                "UPDATE items_fts_data SET block = ? WHERE id = ?",
                (noise.randbytes(size), block_id),
            )
    conn.close()


def test_a_damaged_index_is_rebuilt_from_the_stored_items(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = str(tmp_path / "home")
    assert _run(capsys, "--home", home, "add", str(FEED))[0] == 0
    code, _, err = _run(capsys, "--home", home, "fetch", "--no-articles")
    assert code == 0, err
    items_before = json.loads(_run(capsys, "--home", home, "items", "--json")[1])
    word = items_before[0]["title"].split()[0]
    found_before = json.loads(_run(capsys, "--home", home, "search", word, "--json")[1])
    assert found_before
    database = next(Path(home).rglob("newsroom.sqlite3"))
    _damage_the_index(database)
    conn = sqlite3.connect(database)
    with pytest.raises(sqlite3.DatabaseError, match="malformed"):
        conn.execute("SELECT rowid FROM items_fts WHERE items_fts MATCH ?", (word,)).fetchall()
    conn.close()

    code, out, err = _run(capsys, "--home", home, "search", word, "--json")
    assert code == 0, err
    assert err.splitlines() == [
        f"the search index was damaged: rebuilt it from the {len(items_before)} stored items "
        "(every item kept)"
    ]
    assert json.loads(out) == found_before
    assert not database.with_name(database.name + ".damaged").exists()
    code, out, err = _run(capsys, "--home", home, "items", "--json")
    assert code == 0, err
    assert json.loads(out) == items_before
    # Rebuilt once: the next search says nothing more.
    code, out, err = _run(capsys, "--home", home, "search", word, "--json")
    assert (code, err) == (0, "")
    assert json.loads(out) == found_before
