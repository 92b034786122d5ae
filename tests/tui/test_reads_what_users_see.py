"""The Pilot tests read what a user sees: no pane internals, no private Textual names.

They go through driving.py (the screen's text, a pane's text, the cursor's
row, the messages posted); this keeps a new test from reaching past it.
"""

from __future__ import annotations

import re
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
PILOT_TESTS = sorted([*(TESTS / "tui").glob("*.py"), *(TESTS / "snapshots").glob("*.py")])

FORBIDDEN = {
    "a private Textual name": re.compile(r"\b(app|screen|pilot\.app|widget)\._[a-z]\w*"),
    "a private Textual module": re.compile(r"\btextual\.\w+\._\w+"),
    "a pane's attributes": re.compile(
        r"\bscreen\.(headlines|reader|sources|counts|counts_known|spec|search_query|searching"
        r"|search_input|topbar)\b"
    ),
    "the headline list's cursor or ids": re.compile(
        r"\b(headlines|list)\.(cursor|current_id|current_row|ids|total|index_of|move_cursor)\b"
    ),
    "run_test without the message recorder (use driving.drive)": re.compile(r"\.run_test\("),
}


def test_pilot_tests_read_the_screen_not_its_internals() -> None:
    found = []
    for path in PILOT_TESTS:
        if path.name in {"driving.py", Path(__file__).name}:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for what, pattern in FORBIDDEN.items():
                if pattern.search(line):
                    found.append(f"{path.relative_to(TESTS)}:{number}: {what}: {line.strip()}")
    assert not found, "\n".join(found)
