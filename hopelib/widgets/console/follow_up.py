"""The follow-up tabs: actions of earlier workshops, transfer plans.

:class:`FollowUpPanels` is mixed into :class:`hopelib.widgets.Workshop`, whose session,
store, partner and participant controls it uses.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ipywidgets as w
import pandas as pd

from ... import followup
from ...catalogue import load_session
from ...errors import HopeError
from ...html import Markup, render
from ...i18n import _, format_date, language, locale_for
from ...models import pick_text
from ...store import ACTION_STATUSES, Store
from .._kit import WIDE, message_html, rebuilt, set_options, styled
from .base import ConsoleBase

__all__ = ["FollowUpPanels", "plan_history_html", "session_title"]


def session_title(session_id: str, data_dir: Path, lang: str) -> str:
    """Return a session's title in *lang* (else in its own language, else its id)."""
    found = load_session(session_id, data_dir)
    text, _shown = pick_text(found.title, lang, found.lang)
    return text or session_id


class FollowUpPanels(ConsoleBase):
    """Panels that carry a partnership from one workshop to the next."""

    @rebuilt
    def since_last_panel(self) -> w.VBox:
        """Show the actions of the earlier workshops and update their status.

        The table lists every action of the sessions this one follows with its latest
        status, its history and an overdue flag; below it, the action's own partner records
        a new status (with a note on what was done).
        """
        with language(self.lang):
            # Many actions scroll inside their box: the page stays one screen tall.
            table = styled(
                w.HTML(layout=w.Layout(max_height="20em", overflow="auto")), "hope-since-last"
            )
            line = {"description_width": "initial"}
            action = styled(
                w.Dropdown(description=_("Action"), layout=w.Layout(width="90%"), style=line),
                "hope-follow-up-action",
            )
            status = styled(
                w.ToggleButtons(
                    options=[(followup.status_label(s), s) for s in ACTION_STATUSES],
                    description=_("Status"),
                    style={"button_width": "auto", **line},
                ),
                "hope-follow-up-status",
            )
            note = styled(
                w.Text(
                    description=_("Note"),
                    placeholder=_("what was done, or why not"),
                    layout=w.Layout(width="46em"),
                    style=line,
                ),
                "hope-follow-up-note",
            )
            update = styled(
                w.Button(
                    description=_("Update status"),
                    button_style="primary",
                    layout=w.Layout(width="auto"),
                ),
                "hope-update-status",
            )
            message = styled(w.HTML(), "hope-follow-up-message")

        def show() -> None:
            with language(self.lang):
                try:
                    earlier = self.store.session_chain(self.session.id)[:-1]
                except HopeError as error:  # an earlier session's file has a problem
                    table.value = render("widgets/error.html.j2", text=str(error))
                    return
                if not earlier:  # one line, and no form to fill
                    table.value = message_html(
                        _("This session does not follow an earlier workshop.")
                    )
                    set_options(action, [])
                    form.layout.display = "none"
                    return
                form.layout.display = "flex"
                frame = followup.since_last_workshop(self.store, self.session.id)
                titles = {s: session_title(s, self.data_dir, self.lang) for s in earlier}
                table.value = followup.since_last_workshop_html(
                    frame,
                    self.store.action_history(self.session.id),
                    session_titles=titles,
                    partner_names=self.names,
                    practice_titles={str(k): str(v) for k, v in self.catalogue["title"].items()},
                    locale=locale_for(self.lang),
                    who=lambda event: str(event["by"]),
                    as_of=followup.as_of_date(self.session),
                )
                set_options(  # the chosen partner's actions only: the others' are not its to move
                    action,
                    [
                        (
                            f"{titles.get(r['session'], r['session'])}: "
                            f"{r['text']} ({followup.status_label(r['status'])})",
                            str(r["id"]),
                        )
                        for r in frame.to_dict("records")
                        if r["partner"] == self.partner.value
                    ],
                )

        def on_update(_button: object) -> None:
            if not action.value:
                with language(self.lang):
                    message.value = message_html(
                        _("No action of this partner to update: choose the partner first."),
                        "error",
                    )
                return
            result = followup.update_status(
                self.store,
                self.session.id,
                action.value,
                status.value,
                self.partner.value,
                self.participant.value,
                note.value,
            )
            with language(self.lang):
                if not result.ok:
                    message.value = self.problems_html(result.errors)
                    return
                note.value = ""
                message.value = message_html(
                    _("Status recorded: {status}.").format(
                        status=followup.status_label(status.value)
                    ),
                    "ok",
                )
            show()

        form = w.VBox([self.who(), action, status, note, update, message])
        update.on_click(on_update)
        self.on_session(show)
        self.on_partner(lambda *_args: show())
        return styled(w.VBox([table, form]), "hope-since-last-panel")

    @rebuilt
    def plan_panel(self) -> w.VBox:
        """Write or revise a transfer plan (Understand → Adapt → Re-use) for a practice.

        A partner plans the practices it marked adopt or adapt; choosing one loads its latest
        version, each Save adds a new version, and the versions are listed below.
        """
        with language(self.lang):
            practice = styled(
                w.Dropdown(description=_("Practice"), layout=WIDE), "hope-plan-practice"
            )
            wide = w.Layout(width="95%")
            boxes: dict[str, Any] = {
                "keep": w.Textarea(description=_("What to keep"), layout=wide, rows=2),
                "change": w.Textarea(description=_("What to change"), layout=wide, rows=2),
                "resources": w.Textarea(description=_("Resources"), layout=wide, rows=2),
                "risks": w.Textarea(description=_("Risks"), layout=wide, rows=2),
                "first_steps": w.Textarea(description=_("First steps"), layout=wide, rows=2),
                "owner": w.Text(
                    description=_("Owner"),
                    placeholder=_("a role, e.g. employment team"),
                    layout=w.Layout(width="95%"),
                ),
                "milestones": w.Textarea(
                    description=_("Milestones"),
                    placeholder=_("one per line: 2026-03-01 first group starts"),
                    layout=wide,
                    rows=3,
                ),
            }
            for name, box in boxes.items():
                box.style.description_width = "13em"
                styled(box, f"hope-plan-{name.replace('_', '-')}")
            errors = {name: styled(w.HTML(), "hope-field-error") for name in boxes}
            save = styled(
                w.Button(description=_("Save plan"), button_style="primary"), "hope-save-plan"
            )
            message = styled(w.HTML(), "hope-plan-message")
            history = styled(
                w.HTML(layout=w.Layout(max_height="8em", overflow="auto")), "hope-plan-history"
            )
            sections = [
                (_("Understand"), ["keep"]),
                (_("Adapt"), ["change", "resources", "risks"]),
                (_("Re-use"), ["first_steps", "owner", "milestones"]),
            ]

        def load_plan(*_args: object) -> None:
            for error in errors.values():
                error.value = ""
            chosen = practice.value
            versions = (
                self.store.transfer_plan_history(self.session.id, self.partner.value, chosen)
                if chosen
                else pd.DataFrame()
            )
            latest: dict[Any, Any] = versions.iloc[-1].to_dict() if len(versions) else {}
            for name, box in boxes.items():
                if name == "milestones":
                    milestones = latest.get(name) or []
                    box.value = "\n".join(f"{m['due']} {m['text']}" for m in milestones)
                else:
                    box.value = str(latest.get(name) or "")
            with language(self.lang):
                history.value = plan_history_html(versions, self.store, self.data_dir, self.lang)

        def follow_partner(*_args: object) -> None:
            with language(self.lang):
                try:
                    plannable = self.store.plan_practices(self.session.id, self.partner.value)
                    planned = set(
                        self.store.transfer_plans(self.session.id, self.partner.value)["practice"]
                    )
                except HopeError:  # no partner chosen yet, or a broken earlier session
                    plannable, planned = {}, set()
                # Practices with a plan first, and the first chosen: the partner's plan opens.
                plannable = dict(sorted(plannable.items(), key=lambda item: item[0] not in planned))
                options = [
                    (
                        f"{self.title(p)} · "
                        f"{self.taxonomy.label('transfer_levels', level, self.lang)}"
                        if level
                        else self.title(p),
                        p,
                    )
                    for p, level in plannable.items()
                ]
                practice.options = options
                practice.value = options[0][1] if options else None
                message.value = (
                    ""
                    if plannable
                    else message_html(
                        _(
                            "No practice marked adopt or adapt by this partner yet: "
                            "record the transfer interest first."
                        )
                    )
                )
            load_plan()

        def on_save(_button: object) -> None:
            result = followup.save_plan(
                self.store,
                self.session.id,
                self.partner.value,
                self.participant.value,
                practice.value,
                {name: box.value for name, box in boxes.items()},
            )
            for name, error in errors.items():
                text = result.errors.get(name, "")
                # One line per problem (every bad milestone line, say).
                error.value = Markup("").join(message_html(t, "error") for t in text.splitlines())
            with language(self.lang):
                if result.ok:
                    load_plan()
                    message.value = message_html(
                        _("Plan saved (version {n}).").format(
                            n=len(
                                self.store.transfer_plan_history(
                                    self.session.id, self.partner.value, practice.value
                                )
                            )
                        ),
                        "ok",
                    )
                else:
                    general = {k: v for k, v in result.errors.items() if k not in boxes}
                    message.value = self.problems_html(general)

        practice.observe(load_plan, "value")
        self.on_partner(follow_partner)
        save.on_click(on_save)
        self.on_session(follow_partner)
        columns: list[list[Any]] = [[], []]  # Understand and Adapt | Re-use: one screen tall
        for number, (heading, names) in enumerate(sections):
            column = columns[min(number // 2, 1)]
            column.append(w.HTML(render("widgets/heading.html.j2", heading=heading)))
            column += [w.VBox([boxes[name], errors[name]]) for name in names]
        half = w.Layout(width="50%")
        return styled(
            w.VBox(
                [
                    self.who(),
                    practice,
                    w.HBox([w.VBox(columns[0], layout=half), w.VBox(columns[1], layout=half)]),
                    save,
                    message,
                    history,
                ]
            ),
            "hope-plan-panel",
        )


def plan_history_html(versions: pd.DataFrame, store: Store, data_dir: Path, lang: str) -> str:
    """List a plan's versions: when, by whom, and what changed (in the current language)."""
    if versions.empty:
        return message_html(_("No version saved yet."))
    labels = {
        "keep": _("What to keep"),
        "change": _("What to change"),
        "resources": _("Resources"),
        "risks": _("Risks"),
        "first_steps": _("First steps"),
        "owner": _("Owner"),
        "milestones": _("Milestones"),
    }
    locale = locale_for(lang)
    pseudonyms: dict[str, str] = {}
    for session_id in versions["session"].unique():
        people = store.participants(str(session_id))
        pseudonyms.update(zip(people["participant"], people["pseudonym"], strict=True))
    versions_shown = [
        {
            "n": row["version"],
            "date": format_date(pd.Timestamp(row["created_at"]).date(), locale),
            "session": session_title(str(row["session"]), data_dir, lang),
            "who": pseudonyms.get(row["participant"], str(row["participant"])),
            "changed": [labels.get(name, name) for name in changed],
        }
        for row, changed in zip(
            versions.to_dict("records"), followup.plan_changes(versions), strict=True
        )
    ]
    return render("widgets/history.html.j2", versions=versions_shown)
