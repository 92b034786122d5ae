"""The Add source dialog: paste a URL, see what would be subscribed, subscribe.

What the URL leads to (the feed a page advertises, a feed, a news list found
on the page, or the page read through a mapping file) is looked at in a
thread worker, so typing never waits for the network. The preview shows the
first entries (date, views, title) and the per-field warnings `newsroom try`
prints; enter again subscribes to exactly what was shown. Everything the page
said is plain text here, never markup.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from newsroom_tui.display import count_text
from newsroom_tui.i18n import N_, _
from newsroom_tui.tui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from newsroom_tui.service import AddedSource
    from newsroom_tui.sources.preview import SourcePreview
    from newsroom_tui.tui.backend import Backend

# (url, mapping path or None) -> what is there; blocking, run in a thread.
PreviewFn = Callable[[str, str | None], "SourcePreview"]
# (url, mapping path or None, the preview shown) -> the subscription; blocking.
SubscribeFn = Callable[[str, str | None, "SourcePreview"], "AddedSource"]
# The subscription made, taken back (esc while subscribing); blocking.
UnsubscribeFn = Callable[["AddedSource"], None]

PREVIEW_ROWS = 12


@dataclass(frozen=True, slots=True)
class _Request:
    token: int
    url: str
    mapping: str | None


class PreviewReady(Message):
    """A look at a URL finished: the preview, or the one-line reason there is none."""

    def __init__(self, token: int, preview: SourcePreview | None, error: str | None) -> None:
        super().__init__()
        self.token = token
        self.preview = preview
        self.error = error


class SubscribeFailed(Message):
    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class AddSourceScreen(ModalScreen["AddedSource | None"]):
    """Dismissed with the AddedSource once subscribed, or None on escape."""

    BINDINGS = [Binding("escape", "cancel", N_("Cancel"), show=True)]

    def __init__(
        self,
        preview: PreviewFn,
        subscribe: SubscribeFn,
        url: str = "",
        *,
        unsubscribe: UnsubscribeFn | None = None,
        withdrawn: Callable[[], None] | None = None,
    ) -> None:
        super().__init__()
        self._preview_fn = preview
        self._subscribe_fn = subscribe
        self._unsubscribe_fn = unsubscribe
        self._withdrawn = withdrawn  # told, on the UI thread, once a cancelled one is undone
        self._initial_url = url
        self._token = 0
        self._looking: _Request | None = None
        self._shown: tuple[_Request, SourcePreview] | None = None
        self._subscribing = False
        # Esc while subscribing against the subscription finishing: whichever
        # comes first decides, under this lock (see `_run_subscribe`).
        self._outcome_lock = threading.Lock()
        self._cancelled = False
        self._subscribed = False

    @classmethod
    def over(cls, backend: Backend, withdrawn: Callable[[], None] | None = None) -> AddSourceScreen:
        """The dialog over the reader's newsroom: looking needs only the network
        and the fetch settings; subscribing writes through the newsroom's store.
        `withdrawn` hears when a subscription cancelled half-way is undone."""

        def preview(url: str, mapping: str | None) -> SourcePreview:
            return backend.newsroom.preview_source(url, _expand(mapping))

        def subscribe(url: str, mapping: str | None, shown: SourcePreview) -> AddedSource:
            return backend.newsroom.add_source(url, mapping_path=_expand(mapping), preview=shown)

        def unsubscribe(added: AddedSource) -> None:
            backend.newsroom.unsubscribe(str(added.feed_id))

        return cls(preview, subscribe, unsubscribe=unsubscribe, withdrawn=withdrawn)

    def compose(self) -> ComposeResult:
        with Vertical(id="add-source", classes="dialog") as box:
            box.border_title = Content(_("Add source"))
            box.border_subtitle = Content(_("enter: look, then subscribe · esc: cancel"))
            yield Static(Content(_("URL of a news page, a feed or a JSON API")))
            yield Input(
                self._initial_url, placeholder="https://…", id="add-url", classes="add-field"
            )
            yield Static(Content(_("Mapping file (optional): a TOML file for `--map`")))
            yield Input(placeholder="~/portal.toml", id="add-map", classes="add-field")
            yield Static(Content(""), id="add-status")
            with VerticalScroll(id="add-found"):
                yield Static(Content(""), id="add-preview")
                yield Static(Content(""), id="add-warnings")
        yield KeyBar()

    def on_mount(self) -> None:
        for field in self.query(Input):
            if self.app.is_headless:
                field.cursor_blink = False
        self.query_one("#add-url", Input).focus()

    # -- what the fields ask -----------------------------------------------

    def _request(self) -> _Request:
        url = self.query_one("#add-url", Input).value.strip()
        mapping = self.query_one("#add-map", Input).value.strip() or None
        return _Request(self._token, url, mapping)

    @on(Input.Submitted, ".add-field")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        request = self._request()
        if not request.url:
            self._status(_("Paste the URL of a news page, a feed or a JSON API."), "yellow")
            return
        shown = self._shown
        if shown is not None and (shown[0].url, shown[0].mapping) == (
            request.url,
            request.mapping,
        ):
            self._subscribe(shown[0], shown[1])
            return
        self._look(request)

    @on(Input.Changed, ".add-field")
    def _changed(self, event: Input.Changed) -> None:
        shown = self._shown
        request = self._request()
        if shown is not None and (shown[0].url, shown[0].mapping) != (
            request.url,
            request.mapping,
        ):
            self._status(_("Changed: enter looks again."), "yellow")

    # -- looking -----------------------------------------------------------

    def _look(self, request: _Request) -> None:
        self._token += 1
        request = _Request(self._token, request.url, request.mapping)
        self._looking = request
        self._shown = None
        self._status(_("Looking at {url}…").format(url=request.url), "dim")
        self._set_preview(Text(""), Text(""))
        self._run_preview(request)

    @work(thread=True, exclusive=True, group="add-preview", exit_on_error=False)
    def _run_preview(self, request: _Request) -> None:
        try:
            preview = self._preview_fn(request.url, request.mapping)
        except (ValueError, OSError) as exc:  # MappingError is a ValueError
            self.post_message(PreviewReady(request.token, None, str(exc)))
            return
        except Exception as exc:  # a bug must not take the dialog down: one line
            self.post_message(PreviewReady(request.token, None, f"{type(exc).__name__}: {exc}"))
            return
        self.post_message(PreviewReady(request.token, preview, None))

    def on_preview_ready(self, message: PreviewReady) -> None:
        request = self._looking
        if request is None or message.token != request.token:
            return  # an older look, overtaken by a newer one
        self._looking = None
        if message.preview is None:
            self._status(message.error or _("Nothing found."), "red")
            return
        preview = message.preview
        self._set_preview(preview_text(preview), warnings_text(preview))
        if preview.error:
            self._status(_("Nothing to subscribe to: {reason}").format(reason=preview.error), "red")
            return
        self._shown = (request, preview)
        self._status(_("Enter subscribes to this source."), "green")

    # -- subscribing -------------------------------------------------------

    def _subscribe(self, request: _Request, preview: SourcePreview) -> None:
        if self._subscribing:
            return
        self._subscribing = True
        self._status(_("Subscribing…"), "dim")
        self._run_subscribe(request, preview)

    @work(thread=True, exclusive=True, group="add-subscribe", exit_on_error=False)
    def _run_subscribe(self, request: _Request, preview: SourcePreview) -> None:
        # Runs on when esc has closed the dialog (a thread is not stopped; telling
        # a slow sync server of the source is what takes the time), so the app
        # is taken now, while the dialog still belongs to it.
        app = self.app
        try:
            added = self._subscribe_fn(request.url, request.mapping, preview)
        except Exception as exc:  # the cache may be read-only, the mapping gone
            self.post_message(SubscribeFailed(str(exc) or type(exc).__name__))
            return
        with self._outcome_lock:
            cancelled = self._cancelled
            self._subscribed = not cancelled
        if not cancelled:
            app.call_from_thread(self.dismiss, added)
        elif added.created and self._unsubscribe_fn is not None:
            # The user said no before it was done: nothing of it stays (the sync
            # server, if it heard, hears of the removal at the next sync).
            try:
                self._unsubscribe_fn(added)
            except Exception as exc:
                app.call_from_thread(
                    app.notify,
                    _("The cancelled source stays subscribed: {reason}").format(reason=exc),
                    severity="warning",
                    markup=False,
                )
                return
            if self._withdrawn is not None:
                app.call_from_thread(self._withdrawn)

    def on_subscribe_failed(self, message: SubscribeFailed) -> None:
        self._subscribing = False
        self._status(_("Not subscribed: {reason}").format(reason=message.error), "red")

    def action_cancel(self) -> None:
        with self._outcome_lock:
            if self._subscribed:
                return  # done already: the dialog closes with it this instant
            self._cancelled = self._subscribing
        if self._cancelled:
            self.notify(_("Cancelled: the source is not added."), markup=False, timeout=3)
        self.dismiss(None)

    # -- drawing -----------------------------------------------------------

    def _status(self, words: str, style: str) -> None:
        from newsroom_tui.text import clean_line

        self.query_one("#add-status", Static).update(Text(clean_line(words), style=style))

    def _set_preview(self, entries: Text, warnings: Text) -> None:
        self.query_one("#add-preview", Static).update(entries)
        self.query_one("#add-warnings", Static).update(warnings)


def preview_text(preview: SourcePreview) -> Text:
    """What was found, as plain text: the source and its first entries."""
    from newsroom_tui.sources.preview import preview_document
    from newsroom_tui.text import clean_line

    document = preview_document(preview)
    # One line per entry (the .tcss cuts it at the edge with an ellipsis).
    text = Text()
    text.append(_found_line(preview) + "\n", style="bold")
    if preview.title:
        text.append(clean_line(preview.title) + "\n")
    items = document["items"]
    assert isinstance(items, list)
    if items:
        text.append("\n")
    dates = [
        _short_date(item["published"]) if isinstance(item["published"], str) else _("undated")
        for item in items[:PREVIEW_ROWS]
    ]
    width = max((len(date) for date in dates), default=10)
    for item, date in zip(items[:PREVIEW_ROWS], dates, strict=True):
        views = item["views"]
        count = count_text(views) if isinstance(views, int) else "-"
        text.append(f"{date:<{width}} ", style="cyan")
        text.append(f"{count:>7} ", style="magenta")
        text.append(str(item["title"]) + "\n")
    if len(items) > PREVIEW_ROWS:
        text.append(_("… and {n} more").format(n=len(items) - PREVIEW_ROWS) + "\n", style="dim")
    text.rstrip()
    return text


def warnings_text(preview: SourcePreview) -> Text:
    """The warnings `newsroom try` prints, wrapped: they are sentences to act on."""
    from newsroom_tui.text import clean_line

    return Text("\n".join("! " + clean_line(w) for w in preview.warnings), style="yellow")


def _found_line(preview: SourcePreview) -> str:
    from newsroom_tui.text import clean_line

    url = clean_line(preview.url)
    n = len(preview.items)
    if preview.mapping is not None:
        return _("Mapping ({kind}): {n} entries at {url}").format(kind=preview.kind, n=n, url=url)
    if preview.kind == "feed" and preview.advertised_by:
        return _("Feed found (the page advertises it): {url}").format(url=url)
    if preview.kind == "feed":
        return _("Feed: {n} items at {url}").format(n=n, url=url)
    return _("No feed: a news list found on the page, {n} entries").format(n=n)


def _short_date(iso: str) -> str:
    """An ISO instant ("2024-05-21T08:30:00+07:00") as "21/05/2024 08:30", 00:00 left off."""
    day, _sep, rest = iso.partition("T")
    year, month, dom = [*day.split("-"), "", ""][:3]
    clock = rest[:5]
    shown = f"{dom}/{month}/{year}"
    return shown if clock in ("", "00:00") else f"{shown} {clock}"


def _expand(mapping: str | None) -> str | None:
    """A typed mapping path with ~ meaning the home directory, as a shell reads it."""
    from pathlib import Path

    return str(Path(mapping).expanduser()) if mapping else None
