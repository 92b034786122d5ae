"""Measuring and editing an lxml tree: text lengths, link density, class words, removal."""

from __future__ import annotations

import re
import unicodedata

import lxml.etree


def words(element: lxml.etree._Element) -> list[str]:
    """The words of an element's class and id ("leftCol box-title": left, col, box, title)."""
    raw = f"{element.get('class', '')} {element.get('id', '')}"
    raw = re.sub(r"([a-z])([A-Z])", r"\1 \2", raw).lower()  # leftCol, boxTitle
    return [w for w in re.split(r"[\s_\-]+", raw) if w]


def text_len(element: lxml.etree._Element) -> int:
    return len(" ".join("".join(element.itertext()).split()))


def link_text_len(element: lxml.etree._Element) -> int:
    return sum(text_len(a) for a in element.iter("a"))


def link_density(element: lxml.etree._Element) -> float:
    total = text_len(element)
    return link_text_len(element) / total if total else 0.0


def norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).lower().split()).strip(" :.-–")


def drop(element: lxml.etree._Element) -> None:
    """Remove `element` and what is inside it, keeping the text that follows it."""
    parent = element.getparent()
    if parent is None:
        return
    # Keep the text that follows the element in its parent.
    if element.tail and element.tail.strip():
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)
