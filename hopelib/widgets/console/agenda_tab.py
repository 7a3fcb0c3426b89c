"""The Agenda tab: the session's practices side by side, one collapsible row per field."""

from __future__ import annotations

import ipywidgets as w

from ...i18n import _, language
from ...workshop import agenda_html
from .._kit import MAX_SIDE_BY_SIDE, message_html, rebuilt, styled
from .base import ConsoleBase

__all__ = ["AgendaTab"]


class AgendaTab(ConsoleBase):
    """Read 2–4 agenda practices side by side; rows no practice fills are left out."""

    @rebuilt
    def side_by_side_panel(self) -> w.VBox:
        """Pick 2–4 agenda practices and read their templates side by side."""
        with language(self.lang):
            picker = styled(
                w.SelectMultiple(
                    description=_("Practices"),
                    rows=4,
                    layout=w.Layout(width="46em"),
                    style={"description_width": "initial"},
                ),
                "hope-side-by-side-picker",
            )
            table = styled(w.HTML(), "hope-side-by-side-table")

        def show(*_args: object) -> None:
            chosen = list(picker.value)[:MAX_SIDE_BY_SIDE]
            shown = agenda_html(
                self.catalogue, chosen, self.lang, taxonomy=self.taxonomy, partner_names=self.names
            )
            if len(picker.value) > MAX_SIDE_BY_SIDE:
                with language(self.lang):
                    note = _("Showing the first {n}: more do not fit side by side.")
                shown = message_html(note.format(n=MAX_SIDE_BY_SIDE)) + shown  # both Markup
            table.value = shown

        def follow() -> None:
            picker.options = self.agenda_options()
            picker.value = tuple(self.session.practices[:MAX_SIDE_BY_SIDE])
            show()

        picker.observe(show, "value")
        self.on_session(follow)
        return styled(w.VBox([picker, table]), "hope-side-by-side-panel")
