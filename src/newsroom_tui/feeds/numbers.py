"""Numbers from the network (view counts, HTTP header values), read without raising.

str.isdigit() is True for "²" and other digits int() refuses, and int() refuses
any string of more than 4,300 digits; either would cost a whole feed. A number
here is decimal digits (str.isdecimal: "739", "٧٣٩"; every one of them int()
reads), short enough to mean one, or nothing.
"""

from __future__ import annotations


def is_number(text: str) -> bool:
    """Whether `text` is one or more decimal digits and nothing else."""
    return text.isdecimal()


def read_int(text: object, max_digits: int = 18) -> int | None:
    """`text` (surrounding space stripped) as a non-negative integer when it is
    decimal digits, at most `max_digits` of them (18 fit SQLite's integers); else None."""
    if not isinstance(text, str):
        return None
    text = text.strip()
    if len(text) <= max_digits and text.isdecimal():
        return int(text)
    return None
