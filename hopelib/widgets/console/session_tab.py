"""The Session tab: choose a session, or create one with the whole form checked at once."""

from __future__ import annotations

import datetime as dt
from typing import Any

import ipywidgets as w

from ...catalogue import load_sessions
from ...errors import CatalogueError, HopeError
from ...html import render
from ...i18n import _, language
from ...sessions import check_new_session, new_session
from ...workshop import session_banner_html
from .._kit import message_html, rebuilt, styled
from .base import ConsoleBase

__all__ = ["SessionTab"]

_FORM = {"description_width": "12em"}
_WIDE = w.Layout(width="46em")


class SessionTab(ConsoleBase):
    """Choose or create a session; shows the session's facts and, on demos, a banner."""

    def form_labels(self) -> dict[str, str]:
        """Return the new-session form's labels by field, in the interface language."""
        with language(self.lang):
            return {
                "id": _("Id"),
                "title": _("Title"),
                "host": _("Host"),
                "dates": _("First day"),
                "practices": _("Agenda"),
            }

    @rebuilt
    def session_panel(self) -> w.VBox:
        """Choose or create a session; shows the session's facts and, on demos, a banner."""
        names = [(v, k) for k, v in self.names.items()]
        with language(self.lang):
            labels = self.form_labels()
            sessions = load_sessions(self.data_dir)
            chooser = styled(
                w.Dropdown(
                    options=list(sessions.index),
                    value=self.session.id,
                    description=_("Session"),
                    style={"description_width": "initial"},
                ),
                "hope-session-choice",
            )
            banner = styled(w.HTML(), "hope-banner")
            new_id = styled(
                w.Text(
                    description=labels["id"],
                    placeholder="2026-03-seinajoki",
                    style=_FORM,
                    layout=w.Layout(width="24em"),
                ),
                "hope-new-id",
            )
            id_rule = w.HTML(
                message_html(
                    _("lower-case letters, digits and hyphens, no spaces: 2026-03-seinajoki")
                )
            )
            title = styled(
                w.Text(description=labels["title"], style=_FORM, layout=_WIDE), "hope-new-title"
            )
            host = w.Dropdown(options=names, description=labels["host"], style=_FORM)
            guests = w.SelectMultiple(
                options=names,
                value=tuple(self.names),
                description=_("Partners"),
                rows=4,
                style=_FORM,
            )
            start = w.DatePicker(description=labels["dates"], value=dt.date.today(), style=_FORM)
            end = w.DatePicker(description=_("Last day"), value=dt.date.today(), style=_FORM)
            agenda = styled(
                w.SelectMultiple(
                    options=[(str(t), str(i)) for i, t in self.catalogue["title"].items()],
                    description=labels["practices"],
                    rows=6,
                    style=_FORM,
                    layout=_WIDE,
                ),
                "hope-new-agenda",
            )
            criteria = w.SelectMultiple(
                options=[(self.criterion_label(c), c) for c in self.taxonomy.ids("criteria")],
                value=tuple(self.taxonomy.ids("criteria")),
                description=_("Criteria"),
                rows=4,
                style=_FORM,
                layout=_WIDE,
            )
            follows = w.SelectMultiple(
                options=list(sessions.index), description=_("Follows"), rows=3, style=_FORM
            )
            mode = w.Dropdown(
                options=[
                    (_("in person"), "in_person"),
                    (_("virtual"), "virtual"),
                    (_("hybrid"), "hybrid"),
                ],
                description=_("Mode"),
                style=_FORM,
            )
            create = styled(
                w.Button(
                    description=_("Create session"),
                    button_style="primary",
                    layout=w.Layout(width="auto"),
                ),
                "hope-create-session",
            )
            message = styled(w.HTML(), "hope-session-message")

        def show_banner() -> None:
            banner.value = session_banner_html(
                self.session, self.lang, self.names.get(self.session.host)
            )

        def choose(change: dict[str, Any]) -> None:
            if change["new"] and change["new"] != self.session.id:
                self.select(change["new"])

        def on_create(_button: object) -> None:
            session_id = new_id.value.strip()
            days = sorted({d for d in (start.value, end.value or start.value) if d})
            form = {
                "title": title.value.strip(),
                "host": host.value,
                "dates": days,
                "practices": list(agenda.value),
            }
            with language(self.lang):
                problems = check_new_session(session_id, data_dir=self.data_dir, **form)
                heading = _("The session was not created:")
                if problems:
                    message.value = self.problems_html(
                        {labels[name]: text for name, text in problems}, heading
                    )
                    return
                try:
                    new_session(
                        session_id,
                        partners=list(guests.value),
                        criteria=list(criteria.value),
                        mode=mode.value,
                        lang=self.lang,
                        follows=list(follows.value),
                        data_dir=self.data_dir,
                        **form,
                    )
                except CatalogueError as error:  # a value the data rules refuse
                    message.value = self.problems_html(
                        {labels.get(p.field, p.field): p.message for p in error.problems}, heading
                    )
                    return
                except HopeError as error:
                    message.value = render("widgets/error.html.j2", text=str(error))
                    return
                chooser.options = list(load_sessions(self.data_dir).index)
                chooser.value = session_id
                message.value = message_html(_("Session created."), "ok")

        chooser.observe(choose, "value")
        create.on_click(on_create)
        self.on_session(show_banner)
        with language(self.lang):
            form = w.Accordion(
                children=[
                    w.VBox(
                        [
                            w.HBox([new_id, id_rule]),
                            title,
                            host,
                            guests,
                            w.HBox([start, end]),
                            agenda,
                            criteria,
                            follows,
                            mode,
                            create,
                            message,
                        ]
                    )
                ],
                titles=(_("New session"),),
                selected_index=None,
            )
        return styled(w.VBox([chooser, banner, form]), "hope-session-panel")
