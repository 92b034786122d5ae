"""Starting the TUI from the command line, on the user's cache or the demo."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path


def run_tui(*, demo: bool) -> int:
    if not demo:
        return _run(home=None)
    from newsroom_tui.demo import seed_demo

    home = Path(tempfile.mkdtemp(prefix="newsroom-demo-"))
    try:
        seed_demo(home)
        return _run(home=home)
    finally:
        shutil.rmtree(home, ignore_errors=True)


def _run(home: Path | None) -> int:
    from newsroom_tui.service import Newsroom
    from newsroom_tui.tui.app import create_app

    newsroom = Newsroom.open(home)
    try:
        app = create_app(newsroom)
        app.run()
        return app.return_code or 0
    finally:
        newsroom.close()
