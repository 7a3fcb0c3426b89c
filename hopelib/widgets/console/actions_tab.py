"""The Actions tab: action points of this session (they have no visibility), and earlier ones."""

from __future__ import annotations

import ipywidgets as w

from ...errors import StoreError
from ...i18n import _, format_date, language, locale_for
from .._kit import message_html, rebuilt, set_options, styled
from .base import ConsoleBase

__all__ = ["ActionsTab"]

_LINE = {"description_width": "initial"}


class ActionsTab(ConsoleBase):
    """Record an action point (owner, due date); list the chosen partner's actions."""

    @rebuilt
    def actions_panel(self) -> w.VBox:
        """Record an action point; the chosen partner's actions of this session are listed."""
        with language(self.lang):
            about = styled(
                w.Dropdown(description=_("About"), layout=w.Layout(width="46em"), style=_LINE),
                "hope-action-about",
            )
            action = styled(
                w.Textarea(
                    description=_("Action"), rows=2, layout=w.Layout(width="46em"), style=_LINE
                ),
                "hope-action-text",
            )
            owner = styled(
                w.Text(
                    description=_("Owner"),
                    placeholder=_("a role, e.g. employment team"),
                    layout=w.Layout(width="30em"),
                    style=_LINE,
                ),
                "hope-action-owner",
            )
            due = w.DatePicker(description=_("Due"), style=_LINE)
            save_action = styled(
                w.Button(description=_("Save action"), layout=w.Layout(width="auto")),
                "hope-save-action",
            )
            message = styled(w.HTML(), "hope-action-message")
            listing = styled(w.HTML(), "hope-action-list")

        def show(*_args: object) -> None:
            frame = self.store.actions(self.session.id, partner=self.partner.value)
            frame = frame[frame["partner"] == self.partner.value] if len(frame) else frame
            with language(self.lang):
                heading = _("Action points of {partner} in this session").format(
                    partner=self.names.get(self.partner.value, self.partner.value or "")
                )
                items = [
                    " · ".join(
                        part
                        for part in (
                            str(row["text"]),
                            str(row["owner"] or ""),
                            format_date(row["due"], locale_for(self.lang))
                            if row["due"] is not None and str(row["due"]) != "NaT"
                            else "",
                        )
                        if part
                    )
                    for row in frame.to_dict("records")
                ]
                listing.value = (
                    message_html(_("No action points yet."))
                    if not items
                    else message_html(heading) + render_list(items)
                )

        def on_action(_button: object) -> None:
            try:
                self.store.add_action(
                    self.session.id,
                    self.partner.value,
                    self.participant.value,
                    action.value,
                    owner.value,
                    due.value,
                    about.value or None,
                )
            except StoreError as error:
                message.value = self.store_error_html(error)
                return
            action.value = owner.value = ""
            show()
            with language(self.lang):
                message.value = message_html(_("Action saved (open)."), "ok")
            self.refresh()

        def follow() -> None:
            with language(self.lang):
                set_options(about, [(_("the whole session"), ""), *self.agenda_options()])
            show()

        save_action.on_click(on_action)
        self.on_session(follow)
        self.on_partner(show)
        return styled(
            w.VBox(
                [self.who(), about, action, w.HBox([owner, due]), save_action, message, listing]
            ),
            "hope-actions-panel",
        )


def render_list(items: list[str]) -> str:
    """Render *items* as an escaped bulleted list."""
    from ...html import render

    return render("widgets/items.html.j2", items=items)
