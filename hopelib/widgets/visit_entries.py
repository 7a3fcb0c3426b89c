"""*My entries* on the participant's page: what this visit saved, with Withdraw after a question.

One line per Save; Withdraw asks first, never pre-selects an entry and asks again whenever the
choice or the list changes. It calls :func:`hopelib.participant.withdraw_entry`, which
withdraws only what this page saved.
"""

from __future__ import annotations

import ipywidgets as w

from .. import compare
from ..errors import StoreError
from ..html import render
from ..i18n import _, language
from ..participant import Visit, visit_entries
from ..participant import withdraw_entry as withdraw_saved
from ._kit import frame_html, message_html, styled, text_in
from .live import LivePage, LiveResults

__all__ = ["VisitEntries"]


class VisitEntries(LivePage):
    """The *My entries* panel of a page with a visit (:class:`ParticipantView` builds on it)."""

    visit: Visit | None
    live: LiveResults

    def entries_panel(self) -> w.VBox:
        """Build *My entries*: what this page saved, one line per Save, with Withdraw."""
        self._entries = styled(w.HTML(), "hope-entries")
        self._choice = styled(w.Dropdown(description=_("Entry")), "hope-entry-choice")
        withdraw = styled(w.Button(description=_("Withdraw")), "hope-withdraw")
        confirm = styled(
            w.Button(description=_("Yes, withdraw it"), button_style="danger"), "hope-confirm"
        )
        confirm.layout.display = "none"
        self._entry_message = styled(w.HTML(), "hope-entries-message")

        def on_withdraw(_button: object) -> None:
            with language(self.lang):
                if self._choice.value is None:
                    confirm.layout.display = "none"
                    self._entry_message.value = message_html(
                        _("Nothing to withdraw: choose one of your entries first."), "error"
                    )
                    return
                self._entry_message.value = message_html(_("Withdraw this entry?"))
            confirm.layout.display = None

        def on_confirm(_button: object) -> None:
            confirm.layout.display = "none"
            assert self.visit is not None
            with language(self.lang):
                if self._choice.value is None:
                    self._entry_message.value = message_html(
                        _("Nothing to withdraw: choose one of your entries first."), "error"
                    )
                    return
                try:
                    withdraw_saved(self.visit, int(self._choice.value))
                except StoreError as error:
                    self._entry_message.value = render("widgets/error.html.j2", text=str(error))
                    return
                self._entry_message.value = message_html(_("Withdrawn."), "ok")
            self.refresh_entries()
            self.live.check()

        withdraw.on_click(on_withdraw)
        confirm.on_click(on_confirm)
        self._confirm = confirm
        self._choice.observe(lambda _change: self.hide_confirm(), names="value")
        self.refresh_entries()
        heading = w.HTML(render("widgets/heading.html.j2", heading=_("My entries")))
        row = w.HBox([self._choice, withdraw, confirm])
        return styled(
            w.VBox([heading, self._entries, row, self._entry_message]), "hope-entries-panel"
        )

    def hide_confirm(self) -> None:
        """Ask again before withdrawing whenever what is chosen changes."""
        confirm = getattr(self, "_confirm", None)
        if confirm is not None:
            confirm.layout.display = "none"

    def refresh_entries(self) -> None:
        """Show this visit's entries again (after a save or a withdrawal)."""
        if self.visit is None or not hasattr(self, "_entries"):
            return
        self.hide_confirm()
        with language(self.lang):
            catalogue = self.catalogue()
            criteria = {
                c: text_in(self.taxonomy.criterion(c).label, self.lang)
                for c in self.session.criteria
            }
            frame = visit_entries(
                self.visit,
                titles=catalogue["title"].to_dict(),
                criteria=criteria,
                levels=compare.term_labels(self.taxonomy, "transfer_levels", self.lang),
            )
            shown = frame.drop(columns="entry").rename(
                columns={"practice": _("Practice"), "what": _("What you entered")}
            )
            self._entries.value = frame_html(shown, _("Nothing entered on this page yet."))
            self._choice.options = [
                (f"{practice}: {what}", int(entry))
                for entry, practice, what in frame[["entry", "practice", "what"]].to_numpy()
            ]
            self._choice.value = None
