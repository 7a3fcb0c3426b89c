"""The :class:`Workshop`: every tab of the console, and the console itself (one ``Tab``)."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

from ...html import render
from ...i18n import _, language
from .._kit import styled
from .actions_tab import ActionsTab
from .agenda_tab import AgendaTab
from .entries_tab import EntriesTab
from .export_tab import ExportTab
from .follow_up import FollowUpPanels
from .grid_tab import GridTab
from .notes_tab import NotesTab
from .rate_tab import RateTab
from .results_tab import ResultsTab
from .session_tab import SessionTab

__all__ = ["Workshop"]


class Workshop(
    SessionTab,
    AgendaTab,
    RateTab,
    GridTab,
    NotesTab,
    ActionsTab,
    EntriesTab,
    ResultsTab,
    ExportTab,
    FollowUpPanels,
):
    """The comparison workshop: one session, its store, and the tabs that work on them.

    Parameters
    ----------
    session : str
        The session id (default ``demo-1``).
    data_dir : path, optional
        The data folder.
    store : Store or str, optional
        An open store, or its URL / SQLite path (default: ``HOPE_STORE`` or ``var/``).
    lang : str
        The language of labels and texts.

    Examples
    --------
    >>> ws = Workshop("demo-1")
    >>> ws.console()  # the whole workshop, one tab per task
    """

    def tabs(self) -> list[tuple[Callable[[], str], Callable[[], w.Widget]]]:
        """Return the comparison console's tabs: (title in the current language, panel builder)."""

        def interest_and_notes() -> w.Widget:
            rule = w.Box(layout=w.Layout(border_top="1px solid #d0d7de", margin="8px 0"))
            return w.VBox([self.interest_panel(), rule, self.notes_panel()])

        def actions() -> w.Widget:
            with language(self.lang):
                earlier = w.Accordion(
                    children=[self.since_last_panel()],
                    titles=(_("Since the last workshop"),),
                    selected_index=None,
                )
            return w.VBox([self.actions_panel(), earlier])

        return [
            (lambda: _("Session"), self.session_panel),
            (lambda: _("Agenda"), self.side_by_side_panel),
            (lambda: _("Rate"), self.rating_panel),
            (lambda: _("Grid import"), self.grid_panel),
            (lambda: _("Interest & notes"), interest_and_notes),
            (lambda: _("Actions"), actions),
            (lambda: _("My entries"), self.entries_panel),
            (lambda: _("Results"), self.results_panel),
            (lambda: _("Export"), self.export_panel),
        ]

    def follow_up_tabs(self) -> list[tuple[Callable[[], str], Callable[[], w.Widget]]]:
        """Return the follow-up console's tabs (notebook 05)."""
        return [
            (lambda: _("Session"), self.session_panel),
            (lambda: _("Since the last workshop"), self.since_last_panel),
            (lambda: _("Transfer plans"), self.plan_panel),
            (lambda: _("Export"), self.export_panel),
        ]

    def console(self, *, follow_up: bool = False) -> w.VBox:
        """Build the whole workshop on one screen: the language switch and one tab per task.

        Parameters
        ----------
        follow_up : bool
            The follow-up tabs (Session · Since the last workshop · Transfer plans · Export)
            instead of the comparison workshop's.
        """
        tabs = self.follow_up_tabs() if follow_up else self.tabs()
        with language(self.lang):
            tab = styled(w.Tab(children=[build() for _title, build in tabs]), "hope-tabs")

        def relabel() -> None:
            with language(self.lang):
                tab.titles = tuple(title() for title, _build in tabs)

        relabel()
        self.on_language(relabel)
        style = w.HTML(render("widgets/console.html.j2"))
        return styled(w.VBox([style, self.language_panel(), tab]), "hope-console")
