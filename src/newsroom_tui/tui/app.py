"""Placeholder app until the reader lands: lists the newest headlines."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static

from newsroom_tui.service import Newsroom
from newsroom_tui.store.repo import ItemQuery


class NewsroomApp(App[int]):
    BINDINGS = [("q", "quit", "Quit")]

    def __init__(self, newsroom: Newsroom) -> None:
        super().__init__()
        self.newsroom = newsroom

    def compose(self) -> ComposeResult:
        yield Header()
        items = self.newsroom.items(ItemQuery(limit=30))
        text = "\n".join(f"{i.title}" for i in items) or "No items yet."
        yield Static(text, markup=False)
        yield Footer()


def create_app(newsroom: Newsroom) -> NewsroomApp:
    return NewsroomApp(newsroom)
