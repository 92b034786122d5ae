"""The message catalog: every string the reader shows goes through `_()`.

Messages are written in English in the code (the msgid); a translation is a
JSON data file in `locales/` mapping msgid to text, so adding a language
needs no code. Vietnamese ships with the app. The language comes from the
config (`display.language`: "auto", "en" or "vi"); "auto" reads the usual
locale variables (LANGUAGE, LC_ALL, LC_MESSAGES, LANG).

Placeholders are named (`{count}`), so a translation may reorder them.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path

LOCALES_DIR = Path(__file__).parent / "locales"
LANGUAGES = ("en", "vi")

_catalog: dict[str, str] = {}
_language = "en"


class CatalogError(Exception):
    """A translation file is missing or malformed."""


def resolve_language(setting: str = "auto", environ: Mapping[str, str] | None = None) -> str:
    """The language to use for a config value of "auto", "en" or "vi"."""
    if setting in LANGUAGES:
        return setting
    env = os.environ if environ is None else environ
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "")
        if not value:
            continue
        # LANGUAGE may list several ("vi:en"); the first we know wins.
        for part in value.split(":"):
            code = part.split(".")[0].split("_")[0].split("-")[0].lower()
            if code in LANGUAGES:
                return code
            if code in ("c", "posix"):
                return "en"
        return "en"
    return "en"


def load_catalog(language: str) -> dict[str, str]:
    """The msgid -> text map for `language` ({} for English, the source language)."""
    if language == "en":
        return {}
    path = LOCALES_DIR / f"{language}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CatalogError(f"cannot read the {language!r} catalog at {path}: {exc}") from None
    messages = data.get("messages") if isinstance(data, dict) else None
    if not isinstance(messages, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in messages.items()
    ):
        raise CatalogError(f"{path}: expected {{'messages': {{msgid: text}}}}")
    return {k: v for k, v in messages.items() if v}


def set_language(setting: str = "auto", environ: Mapping[str, str] | None = None) -> str:
    """Switch the catalog; returns the language now in use."""
    global _catalog, _language
    language = resolve_language(setting, environ)
    try:
        _catalog = load_catalog(language)
    except CatalogError:
        language, _catalog = "en", {}
    _language = language
    return language


def language() -> str:
    return _language


def _(msgid: str) -> str:
    """The text for `msgid` in the current language."""
    return _catalog.get(msgid, msgid)


def ngettext(singular: str, plural: str, count: int) -> str:
    """Singular or plural by `count`; a catalog entry is keyed by the singular.

    Vietnamese has one form, so its catalog maps the singular msgid to that
    form and the plural msgid to the same text.
    """
    msgid = singular if count == 1 else plural
    return _catalog.get(msgid, msgid)


def N_(msgid: str) -> str:
    """Mark a string for the catalog where it is defined; translate it where shown."""
    return msgid
