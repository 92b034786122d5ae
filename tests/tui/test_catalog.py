"""The message catalog: every UI string has a Vietnamese translation."""

from __future__ import annotations

import ast
import json
import re
import string
from pathlib import Path

import pytest

from newsroom_tui import i18n

PACKAGE = Path(i18n.__file__).parent
# What the reader shows: the TUI, and the article and view counts it renders.
SOURCES = [
    *(PACKAGE / "tui").rglob("*.py"),
    *(PACKAGE / "render").rglob("*.py"),
    PACKAGE / "display.py",
]
_FIELDS = re.compile(r"\{(\w*)\}")


def msgids() -> set[str]:
    """Every literal passed to _(), N_() or ngettext() in what the reader shows."""
    found: set[str] = set()
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
                continue
            if node.func.id not in ("_", "N_", "ngettext"):
                continue
            for arg in node.args[: 2 if node.func.id == "ngettext" else 1]:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found.add(arg.value)
    return found


def test_every_message_has_a_vietnamese_translation() -> None:
    catalog = i18n.load_catalog("vi")
    missing = sorted(msgids() - set(catalog))
    assert not missing, f"add these to locales/vi.json: {missing}"


def test_translations_keep_their_placeholders() -> None:
    catalog = i18n.load_catalog("vi")
    for msgid, text in catalog.items():
        wanted = {f for _, f, _, _ in string.Formatter().parse(msgid) if f}
        got = {f for _, f, _, _ in string.Formatter().parse(text) if f}
        assert wanted == got, (msgid, text)


def test_catalog_is_plain_json_data() -> None:
    data = json.loads((Path(i18n.__file__).parent / "locales" / "vi.json").read_text("utf-8"))
    assert data["language"] == "vi"
    assert all(isinstance(v, str) and v for v in data["messages"].values())


@pytest.mark.parametrize(
    ("setting", "env", "expected"),
    [
        ("auto", {"LANG": "vi_VN.UTF-8"}, "vi"),
        ("auto", {"LANGUAGE": "fr:vi", "LANG": "C"}, "vi"),
        ("auto", {"LC_ALL": "en_GB.UTF-8", "LANG": "vi_VN.UTF-8"}, "en"),
        ("auto", {"LANG": "C.UTF-8"}, "en"),
        ("auto", {}, "en"),
        ("vi", {"LANG": "en_US.UTF-8"}, "vi"),
        ("en", {"LANG": "vi_VN.UTF-8"}, "en"),
    ],
)
def test_language_comes_from_config_then_locale(
    setting: str, env: dict[str, str], expected: str
) -> None:
    assert i18n.resolve_language(setting, env) == expected


def test_set_language_translates_and_falls_back() -> None:
    try:
        assert i18n.set_language("vi") == "vi"
        assert i18n._("Unread") != "Unread"
        assert i18n._("a message nobody wrote") == "a message nobody wrote"
    finally:
        i18n.set_language("en")
    assert i18n._("Unread") == "Unread"
