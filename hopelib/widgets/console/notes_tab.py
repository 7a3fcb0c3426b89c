"""The Interest & notes tab: how far a partner would take a practice, and notes."""

from __future__ import annotations

import ipywidgets as w

from ...errors import StoreError
from ...i18n import _, language
from .._kit import message_html, rebuilt, set_options, styled
from .base import ConsoleBase
from .rate_tab import visibility_switch

__all__ = ["NotesTab"]

_LINE = {"description_width": "initial"}


class NotesTab(ConsoleBase):
    """Transfer interest (no level chosen until someone chooses one) and notes."""

    @rebuilt
    def interest_panel(self) -> w.VBox:
        """Say how far your partner would take a practice: adopt, adapt, inspire, not now."""
        with language(self.lang):
            practice = styled(
                w.Dropdown(description=_("Practice"), layout=w.Layout(width="46em"), style=_LINE),
                "hope-interest-practice",
            )
            level = styled(
                w.ToggleButtons(
                    options=[
                        (self.level_label(t), t) for t in self.taxonomy.ids("transfer_levels")
                    ],
                    value=None,  # no opinion recorded until someone chooses one
                    description=_("Transfer"),
                    style={"button_width": "auto", **_LINE},
                ),
                "hope-level",
            )
            rationale = w.Textarea(
                description=_("Why"),
                placeholder=_("optional"),
                rows=2,
                layout=w.Layout(width="46em"),
                style=_LINE,
            )
            visibility = visibility_switch(self.lang)
            save = styled(
                w.Button(description=_("Save"), button_style="primary"), "hope-save-interest"
            )
            message = styled(w.HTML(), "hope-interest-message")

        def on_save(_button: object) -> None:
            with language(self.lang):
                if not level.value:
                    message.value = self.problems_html({"level": _("choose a level first")})
                    return
                try:
                    self.store.add_interest(
                        self.session.id,
                        self.partner.value,
                        self.participant.value,
                        practice.value,
                        level.value,
                        rationale.value,
                        visibility.value,
                    )
                except StoreError as error:
                    message.value = self.store_error_html(error)
                    return
                message.value = message_html(
                    _("Saved: {level} for {practice}.").format(
                        level=self.level_label(level.value), practice=self.title(practice.value)
                    ),
                    "ok",
                )
            rationale.value = ""
            level.value = None
            self.refresh()

        save.on_click(on_save)
        self.on_session(lambda: set_options(practice, self.agenda_options()))
        return styled(
            w.VBox([self.who(), practice, level, rationale, visibility, save, message]),
            "hope-interest-panel",
        )

    def about_options(self) -> list[tuple[str, str]]:
        """Return the session as a whole, then its practices: what a note or an action is about."""
        with language(self.lang):
            return [(_("the whole session"), ""), *self.agenda_options()]

    @rebuilt
    def notes_panel(self) -> w.VBox:
        """Write a note about the session or one of its practices, shared or private."""
        with language(self.lang):
            about = styled(
                w.Dropdown(description=_("About"), layout=w.Layout(width="46em"), style=_LINE),
                "hope-note-about",
            )
            note = styled(
                w.Textarea(
                    description=_("Note"), rows=3, layout=w.Layout(width="46em"), style=_LINE
                ),
                "hope-note-text",
            )
            visibility = visibility_switch(self.lang)
            save_note = styled(
                w.Button(description=_("Save note"), layout=w.Layout(width="auto")),
                "hope-save-note",
            )
            message = styled(w.HTML(), "hope-note-message")

        def on_note(_button: object) -> None:
            try:
                self.store.add_note(
                    self.session.id,
                    self.partner.value,
                    self.participant.value,
                    note.value,
                    about.value or None,
                    visibility.value,
                )
            except StoreError as error:
                message.value = self.store_error_html(error)
                return
            note.value = ""
            with language(self.lang):
                message.value = message_html(_("Note saved."), "ok")
            self.refresh()

        save_note.on_click(on_note)
        self.on_session(lambda: set_options(about, self.about_options()))
        return styled(w.VBox([about, note, visibility, save_note, message]), "hope-notes-panel")
