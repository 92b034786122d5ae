"""How the command line prints: stdout and stderr, JSON documents, the progress bar.

What each command prints is in cli/formats.py; this is the one way it reaches
the terminal.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable
from typing import Any


def say(message: str) -> None:
    print(message, file=sys.stderr)


def print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=1) + "\n")


def print_json_array(values: Iterable[Any]) -> None:
    """A JSON array, one element per line, printed only once it is whole.

    Elements are encoded as they are read (json's C encoder, no indent=) into
    a spooled temporary file, which stays in memory up to 16 MiB and goes to
    disk beyond: memory stays flat at any cache size, and a read failing
    half-way (a damaged page) leaves nothing on stdout, never half a document.
    """
    import shutil
    import tempfile

    with tempfile.SpooledTemporaryFile(
        max_size=16 * 1024 * 1024, mode="w+", encoding="utf-8"
    ) as buf:
        opening = "[\n"
        for value in values:
            buf.write(opening + json.dumps(value, ensure_ascii=False))
            opening = ",\n"
        buf.write("[]\n" if opening == "[\n" else "\n]\n")
        buf.seek(0)
        shutil.copyfileobj(buf, sys.stdout, 1024 * 1024)


def print_lines(lines: Iterable[str]) -> None:
    for line in lines:
        print(line)


class ProgressBar:
    """A transient bar on stderr (only drawn on a terminal: callers check)."""

    def __init__(self, label: str = "fetching") -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        self._progress = Progress(
            TextColumn(label),
            BarColumn(),
            MofNCompleteColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self._task = self._progress.add_task("fetch", total=None)
        self._progress.start()

    def update(self, progress: Any) -> None:
        self.advance(progress.done, progress.total)

    def advance(self, done: int, total: int) -> None:
        self._progress.update(self._task, completed=done, total=total)

    def stop(self) -> None:
        self._progress.stop()


def progress_bar(label: str, *, as_json: bool) -> ProgressBar | None:
    """A bar when a person watches stderr and no JSON is asked for, else None."""
    return ProgressBar(label) if not as_json and sys.stderr.isatty() else None


def safe_streams() -> None:
    # A legacy terminal encoding must not turn a Vietnamese title into a traceback.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="replace")
            except (ValueError, OSError):
                pass


def silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
