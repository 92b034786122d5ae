"""The user's TOML config: defaults, validation, and the commented template.

A missing file is created with every default commented out, so the user
sees what can be set. Unknown keys and bad values raise ConfigError with a
message naming the key; nothing here ever guesses.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any


class ConfigError(Exception):
    """The config file cannot be used; the message names file and key."""


@dataclass(frozen=True)
class FetchConfig:
    concurrency: int = 32
    per_host: int = 16
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 45.0  # per feed, body included: a trickling server is cut off
    max_body_mb: float = 10.0
    max_redirects: int = 8
    user_agent: str = "newsroom-tui/0.1 (+https://github.com/newsroom-tui)"
    # While the reader is open; 0 = only when asked (r, R).
    auto_refresh_minutes: float = 30.0

    @property
    def max_body_bytes(self) -> int:
        return int(self.max_body_mb * 1024 * 1024)


@dataclass(frozen=True)
class DisplayConfig:
    date_format: str = "%d/%m/%Y"
    time_format: str = "%H:%M"
    theme: str = "dark"
    language: str = "auto"
    # "auto"/"halfblock": images drawn in half-block cells; "off": a one-line placeholder.
    images: str = "auto"


@dataclass(frozen=True)
class RetentionConfig:
    # 0 keeps everything. Bookmarked items are always kept.
    max_age_days: int = 0
    max_items_per_feed: int = 0
    # Stored images past this are dropped, least recently read first.
    images_max_mb: float = 200.0

    @property
    def images_max_bytes(self) -> int:
        return int(self.images_max_mb * 1024 * 1024)


@dataclass(frozen=True)
class ArticlesConfig:
    """Article pages fetched after each fetch, for offline reading."""

    full_text: str = "auto"
    per_host: int = 2
    delay: float = 0.5
    per_source: int = 20
    max_attempts: int = 3
    max_page_mb: float = 5.0
    images: bool = True
    max_image_mb: float = 5.0
    image_timeout: float = 20.0
    # 0: every image still wanted, so a first fetch leaves every item readable
    # offline with its pictures; the bytes are bounded by max_image_mb each and
    # [retention] images_max_mb in all. A number is an opt-in limit per fetch.
    images_per_fetch: int = 0

    @property
    def max_page_bytes(self) -> int:
        return int(self.max_page_mb * 1024 * 1024)

    @property
    def max_image_bytes(self) -> int:
        return int(self.max_image_mb * 1024 * 1024)


FULL_TEXT_MODES = ("auto", "always", "never")
IMAGE_MODES = ("auto", "halfblock", "off")


@dataclass(frozen=True)
class Config:
    fetch: FetchConfig = field(default_factory=FetchConfig)
    display: DisplayConfig = field(default_factory=DisplayConfig)
    retention: RetentionConfig = field(default_factory=RetentionConfig)
    articles: ArticlesConfig = field(default_factory=ArticlesConfig)
    keys: dict[str, str] = field(default_factory=dict)
    sync: SyncConfig | None = None


@dataclass(frozen=True)
class SyncConfig:
    """The office's feed server. The password itself is read only when syncing."""

    kind: str
    url: str
    user: str
    password_env: str | None = None
    password_file: str | None = None


SYNC_KINDS = ("greader",)


_SECTIONS: dict[str, type] = {
    "fetch": FetchConfig,
    "display": DisplayConfig,
    "retention": RetentionConfig,
    "articles": ArticlesConfig,
}

_HELP = {
    "fetch.concurrency": "feeds fetched at once",
    "fetch.per_host": "at most this many requests to one host at once",
    "fetch.connect_timeout": "seconds to connect",
    "fetch.read_timeout": "seconds to wait for each chunk of a response",
    "fetch.total_timeout": "seconds one feed may take in all",
    "fetch.max_body_mb": "a larger response is refused (MiB, after decompression)",
    "fetch.max_redirects": "redirects followed before giving up",
    "fetch.user_agent": "sent with every request",
    "fetch.auto_refresh_minutes": "the reader fetches every feed this often while open; 0 = off",
    "display.date_format": "strftime format for dates (dd/mm/yyyy by default)",
    "display.time_format": "strftime format for times",
    "display.theme": '"dark" or "light"',
    "display.language": '"auto" (from LANG), "en" or "vi"',
    "retention.max_age_days": "drop unbookmarked items older than this; 0 keeps all",
    "articles.full_text": '"auto" (when the feed gives only a summary), "always" or "never": '
    "the default for sources added without --full-text",
    "articles.per_host": "article pages fetched at once from one host",
    "articles.delay": "seconds between two article pages from one host",
    "articles.per_source": "at most this many new article pages per source per fetch",
    "articles.max_attempts": "a page that fails is tried again on this many fetches",
    "articles.max_page_mb": "a larger article page is not read (MiB)",
    "retention.max_items_per_feed": "keep at most this many unbookmarked items per feed; 0 = all",
    "retention.images_max_mb": "stored images past this are dropped, least recently read first "
    "(MiB; 0 = no cap)",
    "display.images": '"auto" or "halfblock" (drawn in the reader) or "off" (a line with the '
    "caption)",
    "articles.images": "download the images of the texts for offline reading",
    "articles.max_image_mb": "a larger image is not kept (MiB)",
    "articles.image_timeout": "seconds one image may take",
    "articles.images_per_fetch": "at most this many new images per fetch; 0 = every one "
    "(bounded by max_image_mb each and retention.images_max_mb in all)",
}


def default_config_text() -> str:
    lines = [
        "# newsroom-tui configuration. Every setting is shown with its default;",
        "# remove the leading '# ' to change one.",
    ]
    for section, cls in _SECTIONS.items():
        lines += ["", f"[{section}]"]
        for f in fields(cls):
            default = f.default
            lines.append(f"# {f.name} = {_toml_value(default)}  # {_HELP[f'{section}.{f.name}']}")
    lines += [
        "",
        "[keys]",
        "# Rebind a key by action id, e.g.:",
        '# bookmark = "B"',
        "",
    ]
    return "\n".join(lines)


def _toml_value(value: Any) -> str:
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value)


def load_config(path: Path, *, create: bool = True) -> Config:
    """Read the config at `path`, creating the commented template if absent."""
    if not path.exists():
        if create:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(default_config_text(), encoding="utf-8")
            except OSError:
                pass  # a read-only home still runs on defaults
        return Config()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    return parse_config(raw, source=str(path))


def parse_config(raw: dict[str, Any], *, source: str = "config") -> Config:
    sections: dict[str, Any] = {}
    for name, value in raw.items():
        if name == "keys":
            sections["keys"] = _parse_keys(value, source)
            continue
        if name == "sync":
            sections["sync"] = _parse_sync(value, source)
            continue
        cls = _SECTIONS.get(name)
        if cls is None:
            known = ", ".join([*_SECTIONS, "keys", "sync"])
            raise ConfigError(f"{source}: unknown section [{name}] (known: {known})")
        if not isinstance(value, dict):
            raise ConfigError(f"{source}: '{name}' must be a table, like [{name}]")
        sections[name] = _parse_section(name, cls, value, source)
    return Config(**sections)


def _parse_section(name: str, cls: type, values: dict[str, Any], source: str) -> Any:
    known = {f.name: f for f in fields(cls)}
    kwargs: dict[str, Any] = {}
    for key, value in values.items():
        if key not in known:
            raise ConfigError(f"{source}: unknown key '{name}.{key}' (known: {', '.join(known)})")
        expected = type(known[key].default)
        kwargs[key] = _check_value(f"{name}.{key}", value, expected, source)
    return cls(**kwargs)


def _check_value(key: str, value: Any, expected: type, source: str) -> Any:
    if expected is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, expected) or (isinstance(value, bool) and expected is not bool):
        raise ConfigError(f"{source}: '{key}' must be {_kind(expected)}, not {value!r}")
    if isinstance(value, int | float) and not isinstance(value, bool):
        _check_number(key, value, source)
    if isinstance(value, str):
        _check_text(key, value, source)
    return value


def _check_number(key: str, value: float, source: str) -> None:
    if isinstance(value, float) and not math.isfinite(value):
        raise ConfigError(f"{source}: '{key}' must be a finite number, not {value!r}")
    if value < 0:
        raise ConfigError(f"{source}: '{key}' must not be negative, not {value!r}")
    minimum = _MINIMUMS.get(key)
    if minimum is not None and value < minimum:
        raise ConfigError(f"{source}: '{key}' must be at least {minimum}, not {value!r}")
    maximum = _MAXIMUMS.get(key)
    if maximum is not None and value > maximum:
        raise ConfigError(f"{source}: '{key}' must be at most {maximum:,}, not {value!r}")


def _check_text(key: str, value: str, source: str) -> None:
    if key == "fetch.user_agent" and not _header_safe(value):
        raise ConfigError(
            f"{source}: 'fetch.user_agent' must be 1 to {_MAX_USER_AGENT} printable ASCII "
            "characters (it is sent as an HTTP header: no line breaks, no accents)"
        )
    if len(value) > _MAX_TEXT:
        raise ConfigError(f"{source}: '{key}' is longer than {_MAX_TEXT} characters")
    if key == "display.theme" and value not in ("dark", "light"):
        raise ConfigError(f'{source}: \'display.theme\' must be "dark" or "light", not {value!r}')
    if key == "display.language" and value not in ("auto", "en", "vi"):
        raise ConfigError(
            f'{source}: \'display.language\' must be "auto", "en" or "vi", not {value!r}'
        )
    if key == "display.images" and value not in IMAGE_MODES:
        raise ConfigError(
            f"{source}: 'display.images' must be one of {', '.join(IMAGE_MODES)}, not {value!r}"
        )
    if key == "articles.full_text" and value not in FULL_TEXT_MODES:
        raise ConfigError(
            f'{source}: \'articles.full_text\' must be "auto", "always" or "never", not {value!r}'
        )
    if key in ("display.date_format", "display.time_format") and "%" not in value:
        raise ConfigError(f"{source}: '{key}' must be a strftime format like \"%d/%m/%Y\"")


_MINIMUMS: dict[str, float] = {
    "fetch.concurrency": 1,
    "fetch.per_host": 1,
    "fetch.connect_timeout": 0.1,
    "fetch.read_timeout": 0.1,
    "fetch.total_timeout": 0.1,
    "fetch.max_body_mb": 0.01,
    "articles.per_host": 1,
    "articles.per_source": 1,
    "articles.max_page_mb": 0.01,
    "articles.max_image_mb": 0.01,
    "articles.image_timeout": 0.1,
}


# Beyond these a value is a typo that would break every fetch (or the disk):
# an hour-long timeout, a gigabyte feed, retention past a century.
_MAXIMUMS: dict[str, float] = {
    "fetch.concurrency": 512,
    "fetch.per_host": 128,
    "fetch.connect_timeout": 600,
    "fetch.read_timeout": 600,
    "fetch.total_timeout": 3600,
    "fetch.max_body_mb": 1024,
    "fetch.max_redirects": 30,
    "fetch.auto_refresh_minutes": 7 * 24 * 60,
    "retention.max_age_days": 36_500,
    "retention.max_items_per_feed": 10_000_000,
    "retention.images_max_mb": 1_000_000,
    "articles.max_image_mb": 1024,
    "articles.image_timeout": 600,
}
_MAX_USER_AGENT = 256
_MAX_TEXT = 256


def _header_safe(value: str) -> bool:
    return 0 < len(value) <= _MAX_USER_AGENT and all(" " <= c <= "~" for c in value)


def _kind(expected: type) -> str:
    return {int: "a whole number", float: "a number", str: "a string", bool: "true or false"}[
        expected
    ]


def _parse_keys(value: Any, source: str) -> dict[str, str]:
    if not isinstance(value, dict):
        raise ConfigError(f"{source}: 'keys' must be a table, like [keys]")
    for action, key in value.items():
        if not isinstance(key, str) or not key:
            raise ConfigError(f"{source}: 'keys.{action}' must be a key name string, like \"B\"")
    return dict(value)


def _parse_sync(value: Any, source: str) -> SyncConfig:
    if not isinstance(value, dict):
        raise ConfigError(f"{source}: 'sync' must be a table, like [sync]")
    known = ("kind", "url", "user", "password_env", "password_file")
    for key, item in value.items():
        if key not in known:
            raise ConfigError(f"{source}: unknown key 'sync.{key}' (known: {', '.join(known)})")
        if not isinstance(item, str) or not item.strip():
            raise ConfigError(f"{source}: 'sync.{key}' must be a non-empty string")
    for key in ("kind", "url", "user"):
        if key not in value:
            raise ConfigError(f"{source}: [sync] needs '{key}'")
    if value["kind"] not in SYNC_KINDS:
        raise ConfigError(f"{source}: 'sync.kind' must be \"greader\", not {value['kind']!r}")
    url = value["url"].strip()
    if not url.lower().startswith(("http://", "https://")) or any(c.isspace() for c in url):
        raise ConfigError(f"{source}: 'sync.url' must be an http(s) URL, not {url!r}")
    has_env, has_file = "password_env" in value, "password_file" in value
    if has_env == has_file:
        raise ConfigError(
            f"{source}: [sync] needs one of 'sync.password_env' or 'sync.password_file'"
        )
    return SyncConfig(
        kind=value["kind"],
        url=url.rstrip("/"),
        user=value["user"],
        password_env=value.get("password_env"),
        password_file=value.get("password_file"),
    )
