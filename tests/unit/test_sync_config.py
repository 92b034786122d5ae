"""[sync] in the config: checked at load, with a message naming the key."""

from __future__ import annotations

import pytest

from newsroom_tui.config import ConfigError, SyncConfig, parse_config

GOOD = {"kind": "greader", "url": "https://rss.example.org/api/greader.php/", "user": "reader"}


def test_a_good_sync_section_loads() -> None:
    config = parse_config({"sync": {**GOOD, "password_env": "NEWSROOM_SYNC_PASSWORD"}})
    assert config.sync == SyncConfig(
        kind="greader",
        url="https://rss.example.org/api/greader.php",
        user="reader",
        password_env="NEWSROOM_SYNC_PASSWORD",
    )


@pytest.mark.parametrize(
    ("section", "named"),
    [
        ({**GOOD, "kind": "fever", "password_env": "P"}, "'sync.kind'"),
        ({**GOOD, "url": "ftp://x", "password_env": "P"}, "'sync.url'"),
        ({"kind": "greader", "url": GOOD["url"], "password_env": "P"}, "'user'"),
        (GOOD, "'sync.password_env' or 'sync.password_file'"),
        ({**GOOD, "password_env": "P", "password_file": "f"}, "'sync.password_env'"),
        ({**GOOD, "password_env": "P", "pasword": "x"}, "'sync.pasword'"),
        ({**GOOD, "password_env": 3}, "'sync.password_env'"),
    ],
)
def test_a_bad_sync_section_names_the_key(section: dict, named: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config({"sync": section})
    assert named in str(caught.value)
