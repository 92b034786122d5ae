"""Write corpus-keys.tsv: every corpus item's dedup key as the cache stores it.

    .venv/bin/python tests/data/dedup/make_keys.py

The file is the identity contract: a cache filled before a parser change
must get no duplicates after it, so the keys were written once, by the
parser that filled existing caches (commit ee1379d, feeds/fastparse.py with
feedparser 6.0.x as fallback), and tests/unit/test_dedup_compat.py checks
every later parser against them. Regenerate only for a deliberate change of
identity, and say so in the commit.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

TESTS = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(TESTS))

from support.corpus_keys import serve_corpus, stored_keys, subscribe_and_fetch, write_keys_file  # noqa: E402
from support.feedserver import FeedServer  # noqa: E402


def main() -> int:
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=TESTS
    ).stdout.strip()
    import feedparser

    with tempfile.TemporaryDirectory() as home, FeedServer() as server:
        subscribe_and_fetch(Path(home), serve_corpus(server))
        keys = stored_keys(Path(home), server.base_url)
    header = (
        "Dedup keys of the corpus (tests/data/corpus/real) fetched over HTTP, one per item:\n"
        "file<TAB>key; {server} stands for the test server's address.\n"
        f"Written by tests/data/dedup/make_keys.py at commit {commit}"
        f" with feedparser {feedparser.__version__}."
    )
    write_keys_file(keys, header)
    print(f"{sum(map(len, keys.values()))} keys of {len(keys)} feeds")
    return 0


if __name__ == "__main__":
    sys.exit(main())
