"""A cache filled before a parser change gets no duplicates after it.

tests/data/dedup/corpus-keys.tsv holds every corpus item's dedup key as the
parser that filled existing caches stored it (see make_keys.py there). The
corpus is fetched over HTTP with today's parser: each feed must store exactly
those keys, so an old cache meets only keys it already has, and a second
fetch must add nothing.
"""

from __future__ import annotations

from pathlib import Path

from support.corpus_keys import read_keys_file, serve_corpus, stored_keys, subscribe_and_fetch
from support.feedserver import FeedServer


def test_corpus_items_keep_their_identity(tmp_path: Path) -> None:
    expected = read_keys_file()
    assert sum(map(len, expected.values())) > 2000, "the key fixture is missing or truncated"
    home = tmp_path / "cache"
    with FeedServer() as server:
        urls = serve_corpus(server)
        subscribe_and_fetch(home, urls)
        stored = stored_keys(home, server.base_url)
        for name in sorted(set(expected) | set(stored)):
            old, new = set(expected.get(name, [])), set(stored.get(name, []))
            assert new == old, (
                f"{name}: keys no longer stored {sorted(old - new)[:5]}, "
                f"new keys {sorted(new - old)[:5]}"
            )
        again = subscribe_and_fetch(home, urls)
        assert {name: n for name, n in again.items() if n} == {}
        assert stored_keys(home, server.base_url) == stored
