"""The sources pane's saved searches: save the search shown, rename, delete
(asked first), each written by a worker."""

from __future__ import annotations

from textual import work

from newsroom_tui.i18n import _
from newsroom_tui.query.lists import ViewSpec
from newsroom_tui.service import SavedSearch
from newsroom_tui.tui.format import safe_line
from newsroom_tui.tui.messages import SavedSearchesLoaded
from newsroom_tui.tui.widgets.sources_view import SourcesView


class SourcesSaved(SourcesView):
    """The pane's saved-search keys."""

    # -- saved searches --------------------------------------------------------

    def save_search(self) -> None:
        from newsroom_tui.store.search import as_typed
        from newsroom_tui.tui.screens.dialogs import TextPrompt

        reading = self.reading
        typed = reading.query.strip() if reading.searching else ""
        if not typed:
            self.notify(_("Search first (press /), then save the query."), markup=False)
            return
        query = as_typed(typed)  # what the results shown were found with

        def save(name: str | None) -> None:
            if name is not None and name.strip():
                self._save_search(name, query)

        self.app.push_screen(
            TextPrompt(
                _("Save search"),
                _("A name for “{query}”:").format(query=safe_line(query)),
                safe_line(typed),
            ),
            save,
        )

    def _selected_saved(self) -> SavedSearch | None:
        """The saved search highlighted in the list, if one is."""
        source = self.current_source
        if source is None or source.kind != "saved":
            self.notify(_("Select a saved search in the sources pane first."), markup=False)
            return None
        return self.sidebar.saved_search(source.saved_id)

    def rename_search(self) -> None:
        from newsroom_tui.tui.screens.dialogs import TextPrompt

        saved = self._selected_saved()
        if saved is None:
            return

        def rename(name: str | None) -> None:
            if name is not None and name.strip() and name != saved.name:
                self._rename_search(saved.id, name)

        self.app.push_screen(
            TextPrompt(_("Rename saved search"), _("New name:"), safe_line(saved.name)), rename
        )

    def delete_search(self) -> None:
        from newsroom_tui.tui.screens.dialogs import Confirm

        saved = self._selected_saved()
        if saved is None:
            return

        def delete(yes: bool | None) -> None:
            if yes:
                self._delete_search(saved.id, saved.name)

        self.app.push_screen(
            Confirm(
                _("Delete saved search"),
                _("Delete the saved search “{name}” ({query})? Its items stay.").format(
                    name=safe_line(saved.name), query=safe_line(saved.query)
                ),
            ),
            delete,
        )

    @work(thread=True, group="write", exit_on_error=False)
    def _save_search(self, name: str, query: str) -> None:
        from newsroom_tui.store.search import SearchSyntaxError

        newsroom = self.backend.newsroom
        try:
            newsroom.save_search(name, query)
        except (ValueError, SearchSyntaxError) as exc:
            self.post_message(SavedSearchesLoaded(newsroom.saved_searches(), error=str(exc)))
            return
        saved = newsroom.saved_searches()
        self.post_message(
            SavedSearchesLoaded(saved, notice=_("Saved search “{name}”.").format(name=name))
        )

    @work(thread=True, group="write", exit_on_error=False)
    def _rename_search(self, search_id: int, name: str) -> None:
        from newsroom_tui.service import NotFound

        newsroom = self.backend.newsroom
        try:
            newsroom.rename_search(search_id, name)
        except (ValueError, NotFound) as exc:
            self.post_message(SavedSearchesLoaded(newsroom.saved_searches(), error=str(exc)))
            return
        saved = newsroom.saved_searches()
        self.post_message(
            SavedSearchesLoaded(saved, notice=_("Renamed to “{name}”.").format(name=name))
        )

    @work(thread=True, group="write", exit_on_error=False)
    def _delete_search(self, search_id: int, name: str) -> None:
        from newsroom_tui.service import NotFound

        newsroom = self.backend.newsroom
        try:
            newsroom.delete_search(search_id)
        except NotFound:
            pass  # gone already: the list below shows that
        saved = newsroom.saved_searches()
        self.post_message(
            SavedSearchesLoaded(saved, notice=_("Deleted saved search “{name}”.").format(name=name))
        )

    def on_saved_searches_loaded(self, message: SavedSearchesLoaded) -> None:
        message.stop()
        if not self.sidebar.counts_known:
            # The counts on their way carry the saved searches as they were.
            self._changed_while_counting = True
        self._publish(saved=message.saved)
        self.sources.set_saved(message.saved)
        reading = self.reading
        spec = reading.spec
        if spec.kind == "saved" and not reading.searching:
            current = self.sidebar.saved_search(spec.saved_id)
            if current is None:
                # The list showed a search that is gone: show everything instead.
                self.sources.select_source("all")
                self.post_message(self.Selected(ViewSpec(sort=spec.sort)))
            elif current.query != spec.query:
                self.post_message(
                    self.Selected(
                        ViewSpec("saved", sort=spec.sort, saved_id=current.id, query=current.query),
                        keep_item=reading.item_id,
                    )
                )
        if message.error:
            self.notify(
                _("Cannot do that: {reason}").format(reason=message.error),
                severity="error",
                markup=False,
            )
        elif message.notice:
            self.notify(message.notice, markup=False, timeout=3)
