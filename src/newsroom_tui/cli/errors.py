"""Exit codes, and the two ways a command ends early (see the contract)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Bad usage: exit 2 with the message."""


class Failure(Exception):
    """The command could not do its work: exit 1 with the message."""


def lookup(fn: Callable[[Any], Any], ref: Any) -> Any:
    """`fn(ref)`, with a feed, item or saved search that does not exist a Failure."""
    from newsroom_tui.service import NotFound

    try:
        return fn(ref)
    except NotFound as exc:
        raise Failure(str(exc)) from None
