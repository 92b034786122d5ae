"""Config: defaults, the commented template, and messages that name the key."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from newsroom_tui.config import Config, ConfigError, default_config_text, load_config
from newsroom_tui.paths import app_paths


def test_template_is_valid_toml_and_all_defaults(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    assert load_config(path) == Config()
    assert path.read_text() == default_config_text()
    assert tomllib.loads(path.read_text()) == {
        "fetch": {},
        "display": {},
        "articles": {},
        "retention": {},
        "keys": {},
    }
    # Uncommenting every line gives the defaults back.
    uncommented = "\n".join(
        line[2:].split("  #")[0] if line.startswith("# ") and "  # " in line else line
        for line in default_config_text().splitlines()
    )
    path.write_text(uncommented)
    assert load_config(path) == Config()


def test_values_are_read(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        '[fetch]\nconcurrency = 4\ntotal_timeout = 5\n[display]\ndate_format = "%Y-%m-%d"\n'
        '[keys]\nbookmark = "B"\n'
    )
    config = load_config(path)
    assert config.fetch.concurrency == 4
    assert config.fetch.total_timeout == 5.0
    assert config.display.date_format == "%Y-%m-%d"
    assert config.keys == {"bookmark": "B"}


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("[fetch]\nconcurrency = 0\n", "fetch.concurrency"),
        ("[fetch]\nconcurrency = true\n", "fetch.concurrency"),
        ("[fetch]\ntimeout = 3\n", "fetch.timeout"),
        ("[fetsh]\n", "[fetsh]"),
        ('[display]\ntheme = "pink"\n', "display.theme"),
        ('[display]\ndate_format = "dd/mm"\n', "display.date_format"),
        ("[retention]\nmax_age_days = -1\n", "retention.max_age_days"),
        ("fetch = 3\n", "'fetch'"),
        ("[keys]\nquit = 5\n", "keys.quit"),
        ("not toml at all = = =\n", "not valid TOML"),
    ],
)
def test_bad_config_names_the_key(tmp_path: Path, text: str, named: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as excinfo:
        load_config(path)
    assert named in str(excinfo.value)
    assert str(path) in str(excinfo.value)


def test_home_moves_everything(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSROOM_HOME", str(tmp_path / "h"))
    paths = app_paths()
    assert paths.database.parent == tmp_path / "h"
    assert paths.config_file.parent == tmp_path / "h"
    assert app_paths(tmp_path / "other").database.parent == tmp_path / "other"
    monkeypatch.delenv("NEWSROOM_HOME")
    default = app_paths()
    assert "newsroom" in str(default.database) and str(tmp_path) in str(default.database)


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("[fetch]\nmax_body_mb = inf\n", "fetch.max_body_mb' must be a finite number"),
        ("[fetch]\nmax_body_mb = nan\n", "fetch.max_body_mb' must be a finite number"),
        ("[fetch]\nread_timeout = nan\n", "fetch.read_timeout' must be a finite number"),
        ("[fetch]\ntotal_timeout = 1e12\n", "fetch.total_timeout' must be at most"),
        ("[fetch]\nconcurrency = 9223372036854775807\n", "fetch.concurrency' must be at most"),
        ('[fetch]\nuser_agent = "a\\r\\nX-Evil: 1"\n', "fetch.user_agent"),
        ('[fetch]\nuser_agent = "Trình đọc tin"\n', "fetch.user_agent"),
        ('[fetch]\nuser_agent = ""\n', "fetch.user_agent"),
        ("[retention]\nmax_age_days = 99999999\n", "retention.max_age_days' must be at most"),
        ("[retention]\nmax_items_per_feed = 1e3\n", "retention.max_items_per_feed"),
        ("[fetch]\nauto_refresh_minutes = -5\n", "auto_refresh_minutes' must not be negative"),
        ("[fetch]\nauto_refresh_minutes = 1e9\n", "auto_refresh_minutes' must be at most"),
        ("[fetch]\nauto_refresh_minutes = nan\n", "auto_refresh_minutes' must be a finite"),
        ('[fetch]\nauto_refresh_minutes = "often"\n', "auto_refresh_minutes' must be a number"),
    ],
)
def test_absurd_config_values_refused_at_load(tmp_path: Path, text: str, named: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as excinfo:
        load_config(path)
    assert named in str(excinfo.value)


def test_bad_config_is_a_usage_error_naming_the_key(
    isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from newsroom_tui import cli

    isolated_home.mkdir(parents=True)
    (isolated_home / "config.toml").write_text("[fetch]\nmax_body_mb = inf\n")
    assert cli.main(["feeds"]) == 2
    err = capsys.readouterr().err
    assert "fetch.max_body_mb" in err and len(err.strip().splitlines()) == 1


def test_auto_refresh_is_every_30_minutes_unless_set_and_0_turns_it_off(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    assert load_config(path).fetch.auto_refresh_minutes == 30
    assert "# auto_refresh_minutes = 30.0" in path.read_text(encoding="utf-8")
    for text, minutes in (("0", 0.0), ("5", 5.0), ("2.5", 2.5)):
        path.write_text(f"[fetch]\nauto_refresh_minutes = {text}\n", encoding="utf-8")
        assert load_config(path).fetch.auto_refresh_minutes == minutes
