"""The `newsroom` command line (see shared/cli-contract.md).

- `main` (cli/main.py): parse, open the newsroom, dispatch, turn every failure
  into a one-line reason and an exit code, never a traceback;
- `parser`: the arguments and their checks;
- one module per group of commands: `subscriptions` (add, try, remove, feeds,
  import, export), `fetching` (fetch, sync), `reading` (items, search, saved,
  show), `marks` (read, unread, bookmark, unbookmark), `maintenance` (compact,
  recover);
- `output` (how things are printed: stdout, stderr, JSON, the progress bar)
  and `formats` (what is printed: the plain lines and JSON of each report).

Heavy modules (rich, httpx, feedparser, textual) are imported inside the
commands that need them, so `newsroom --help` and `newsroom items` start fast.
"""

from __future__ import annotations

from newsroom_tui.cli.main import main

__all__ = ["main"]
