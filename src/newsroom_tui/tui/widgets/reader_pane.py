"""The reader pane: its title, the open article, and the article's numbered links.

The pane loads the article it is asked to open (a worker reads, marks it
read and lays it out at the pane's width), shows it, and opens its links
by number (digits typed anywhere on the screen come here). It tells the
screen what happened by messages; it never reaches into another pane.
"""

from __future__ import annotations

import sqlite3

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Static
from textual.worker import get_current_worker

from newsroom_tui.i18n import _
from newsroom_tui.store.failures import CacheError
from newsroom_tui.tui.backend import Backend
from newsroom_tui.tui.format import safe_line
from newsroom_tui.tui.marks import WantedMarks
from newsroom_tui.tui.messages import (
    ArticleFailed,
    ArticleLoaded,
    ItemOpenedUnread,
    ReadRefused,
)
from newsroom_tui.tui.widgets.reader import ArticlePictures, Reader, render_lines, with_note

DIGIT_DELAY = 0.8  # seconds to wait for the next digit of a link number
WEB_SCHEMES = ("http://", "https://")


class ReaderPane(Vertical):
    """The right (or lower) pane. Posts `StateWritten`, `LinkTyping`."""

    class StateWritten(Message):
        """Opening an item marked it read in the cache: saved-search counts may change."""

    class LinkTyping(Message):
        """A link number is being typed (`number`), or no longer (None)."""

        def __init__(self, number: int | None) -> None:
            super().__init__()
            self.number = number

    def __init__(
        self,
        backend: Backend,
        *,
        marks: WantedMarks,
        date_format: str,
        time_format: str,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.backend = backend
        self.marks = marks
        self.date_format = date_format
        self.time_format = time_format
        self._digits = ""
        self._images_wanted: int | None = None  # `v` on an item still loading
        self.pictures = ArticlePictures()
        self._digit_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Static(_("Article"), id="reader-title", classes="pane-title", markup=False)
        yield Reader(id="reader")

    @property
    def reader(self) -> Reader:
        return self.query_one("#reader", Reader)

    @property
    def item_id(self) -> int | None:
        """The open article's item, if one is open."""
        return self.reader.item_id

    @property
    def links(self) -> list[str]:
        return self.reader.links

    # -- opening -----------------------------------------------------------

    def open_item(self, item_id: int, *, counted: bool) -> None:
        """Load and show `item_id`; `counted`: the list already counted it read."""
        # The width is read here: the worker lays the article out but never asks a widget.
        self._load_article(item_id, counted=counted, width=self.reader.content_width)

    def show_again(self, item_id: int) -> None:
        """Show the open article again (its note changed), if it is still `item_id`."""
        if self.item_id == item_id:
            self._load_article(item_id, counted=True, width=self.reader.content_width)

    @work(thread=True, exclusive=True, group="article", exit_on_error=False)
    def _load_article(self, item_id: int, counted: bool, width: int) -> None:
        from newsroom_tui.render.article import render_article

        worker = get_current_worker()
        try:
            newsroom = self.backend.newsroom
            refused = None
            try:
                # A later "mark unread" wins over this open, whichever thread ran first.
                article, marked_read = newsroom.open_item(
                    item_id, mark_read=lambda: self.marks.read.get(item_id, True)
                )
            except (CacheError, sqlite3.DatabaseError) as exc:
                refused = str(exc)  # not marked read; a read-only cache still reads
                article, marked_read = newsroom.article(item_id), False
            stored_images = self.pictures.for_article(newsroom, article)
        except Exception as exc:
            self.post_message(ArticleFailed(item_id, str(exc)))
            return
        if refused is not None and not article.item.read:
            self.post_message(ReadRefused(item_id, refused))
        if marked_read:
            self.post_message(self.StateWritten())
        # Counted even when a quicker key cancels the rest: the item is read now.
        if marked_read and not counted:
            self.post_message(ItemOpenedUnread(article.item.feed_id))
        if worker.is_cancelled:
            return
        # Decoded here, in the worker, never while the cache's connection is held.
        pictures = self.pictures.decoded(article, stored_images)
        rendered = render_article(
            article.item,
            article.html,
            date_format=f"{self.date_format} {self.time_format}",
            images={url: picture for url, picture, _caption in pictures},
            pictures=[(i.get("url", ""), i.get("caption", "")) for i in article.images],
        )
        renderable = with_note(rendered.renderable, article.item.note)
        if worker.is_cancelled:
            return
        # Lay the article out here too, off the UI thread, at the pane's width.
        lines = render_lines(renderable, width)
        if worker.is_cancelled:
            return
        self.post_message(
            ArticleLoaded(
                article.item,
                renderable,
                list(rendered.links),
                lines,
                width,
                [(picture, caption) for _url, picture, caption in pictures],
            )
        )

    def on_article_loaded(self, message: ArticleLoaded) -> None:
        message.stop()
        item = message.item
        self.reader.show(
            item.id,
            message.renderable,
            message.links,
            message.lines,
            message.width,
            message.pictures,
        )
        self.query_one("#reader-title", Static).update(
            Content.assemble((safe_line(item.feed_title), "bold"), " · ", _("Article"))
        )
        if self._images_wanted == item.id:
            self.view_images(item.id)

    def on_article_failed(self, message: ArticleFailed) -> None:
        message.stop()
        self._images_wanted = None
        self.notify(
            _("Could not open the item: {reason}").format(reason=message.reason),
            severity="error",
            markup=False,
        )

    def view_images(self, item_id: int) -> None:
        """`item_id`'s images full screen: now if it is the open article, else as
        soon as it is (the caller opens it)."""
        if item_id == self.item_id:
            self._images_wanted = None
            self.reader.action_view_image()
        else:
            self._images_wanted = item_id

    # -- reading on --------------------------------------------------------

    @property
    def at_end(self) -> bool:
        return self.reader.at_end

    def page_down(self) -> None:
        self.reader.scroll_page_down(animate=False)

    # -- links by number -----------------------------------------------------

    @property
    def typing_link(self) -> bool:
        return bool(self._digits)

    def type_digit(self, digit: str) -> None:
        links = self.links
        if self.item_id is None:
            self.notify(_("Open an article first; its links are numbered."), markup=False)
            return
        if not links:
            self.notify(_("This article has no links."), markup=False)
            return
        self._digits += digit
        number = int(self._digits)
        self._stop_digit_timer()
        if number == 0:
            self._digits = ""
            return
        # Wait for another digit only while one could still name a link.
        if number * 10 <= len(links):
            self.post_message(self.LinkTyping(number))
            self._digit_timer = self.set_timer(DIGIT_DELAY, self._open_typed_link)
        else:
            self._open_typed_link()

    def cancel_typing(self) -> None:
        self._digits = ""
        self._stop_digit_timer()
        self.post_message(self.LinkTyping(None))

    def _stop_digit_timer(self) -> None:
        if self._digit_timer is not None:
            self._digit_timer.stop()
            self._digit_timer = None

    def _open_typed_link(self) -> None:
        digits, self._digits = self._digits, ""
        self._digit_timer = None
        self.post_message(self.LinkTyping(None))
        if digits:
            self.open_link(int(digits))

    def open_link(self, number: int) -> None:
        links = self.links
        if not 1 <= number <= len(links):
            self.notify(
                _("No link {number}: this article has {count}.").format(
                    number=number, count=len(links)
                ),
                markup=False,
            )
            return
        url = links[number - 1]
        if url.startswith(WEB_SCHEMES):
            self.notify(
                _("Opening link {number}: {url}").format(number=number, url=url),
                markup=False,
                timeout=3,
            )
            self.open_in_browser(url)
        else:
            # mailto: and the like: a browser is the wrong tool; copy it instead.
            self.app.copy_to_clipboard(url)
            self.notify(_("Copied: {url}").format(url=url), markup=False, timeout=3)

    @work(thread=True, group="browser", exit_on_error=False)
    def open_in_browser(self, url: str) -> None:
        # webbrowser may block (it runs console browsers in the foreground), so
        # it never runs on the UI thread; and a browser that would draw in this
        # very terminal is not started at all: the link is copied instead.
        import webbrowser  # here, not at the top: it is not needed to start

        try:
            browser = webbrowser.get()
        except webbrowser.Error:
            browser = None
        in_terminal = isinstance(browser, webbrowser.GenericBrowser) and not isinstance(
            browser, webbrowser.BackgroundBrowser
        )
        opened = False
        if browser is not None and not in_terminal:
            try:
                opened = browser.open(url)
            except (webbrowser.Error, OSError):
                opened = False
        if not opened:
            self.app.call_from_thread(self.app.copy_to_clipboard, url)
            self.app.notify(
                _("No web browser to open here; the link is copied: {url}").format(url=url),
                severity="warning",
                markup=False,
            )
