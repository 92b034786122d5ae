"""The type checker and the import contracts run with the suite, so the shape
of the house (typed code, Textual only in tui/, no Rich on the fetch path)
stays true as the code grows. Their configuration is in pyproject.toml."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)


def test_the_package_type_checks() -> None:
    result = _run(sys.executable, "-m", "mypy")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success" in result.stdout


def test_the_import_contracts_are_kept() -> None:
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = _run(str(lint_imports), "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr
    assert " 0 broken" in result.stdout


def test_storing_an_item_loads_no_renderer() -> None:
    # What a fetch runs, in a fresh interpreter: parse a feed, build its rows.
    script = (
        "import json, sys\n"
        "from newsroom_tui.feeds.parse import parse_feed\n"
        "from newsroom_tui.store.rows import item_rows\n"
        "import newsroom_tui.refresh\n"
        "body = b'<rss version=\"2.0\"><channel><title>T</title><item><title>A</title>'"
        " b'<link>https://example.org/a</link><description>&lt;p&gt;Words &lt;b&gt;here'"
        " b'&lt;/b&gt;&lt;/p&gt;</description></item></channel></rss>'\n"
        "rows = item_rows(parse_feed(body, url='https://example.org/feed'))\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('newsroom_tui.render')"
        " or m.split('.')[0] == 'textual')\n"
        "print(json.dumps([rows[0].title, loaded]))\n"
    )
    result = _run(sys.executable, "-c", script)
    assert result.returncode == 0, result.stderr
    title, loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert title == "A"
    assert loaded == []
