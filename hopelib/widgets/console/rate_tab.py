"""The Rate tab: one participant rates one agenda practice on every criterion of the session."""

from __future__ import annotations

import ipywidgets as w

from ...html import render
from ...i18n import _, language
from ...workshop import rate
from .._kit import message_html, rebuilt, set_options, styled, text_in, typed_score
from .base import ConsoleBase

__all__ = ["RateTab", "visibility_switch"]


def visibility_switch(lang: str) -> w.ToggleButtons:
    """Build the shared/private switch of a record that has a visibility, in *lang*."""
    with language(lang):
        return styled(
            w.ToggleButtons(
                options=[(_("shared"), "shared"), (_("private to my partner"), "private")],
                description=_("Visible"),
                style={"button_width": "auto", "description_width": "initial"},
            ),
            "hope-visibility",
        )


class RateTab(ConsoleBase):
    """Rate one agenda practice on every criterion of the session, then Save."""

    @rebuilt
    def rating_panel(self) -> w.VBox:
        """Rate one agenda practice on every criterion of the session, then Save."""
        with language(self.lang):
            practice = styled(
                w.Dropdown(
                    description=_("Practice"),
                    layout=w.Layout(width="46em"),
                    style={"description_width": "initial"},
                ),
                "hope-rating-practice",
            )
            rows = w.VBox()
            comment = w.Textarea(
                description=_("Comment"),
                placeholder=_("optional"),
                rows=2,
                layout=w.Layout(width="46em"),
                style={"description_width": "initial"},
            )
            visibility = visibility_switch(self.lang)
            save = styled(
                w.Button(description=_("Save"), button_style="primary"), "hope-save-rating"
            )
            message = styled(w.HTML(), "hope-rating-message")
        controls: dict[str, w.Text] = {}
        errors: dict[str, w.HTML] = {}

        def follow() -> None:
            set_options(practice, self.agenda_options())
            controls.clear()
            errors.clear()
            lines = []
            for criterion_id in self.session.criteria:
                criterion = self.taxonomy.criterion(criterion_id)
                scale = criterion.scale
                hint = ", ".join(
                    f"{k} = {text_in(v, self.lang)}"
                    for k, v in sorted((scale.labels or {}).items())
                )
                box = styled(
                    w.Text(
                        description=self.criterion_label(criterion_id),
                        placeholder=f"{scale.min}–{scale.max}",
                        layout=w.Layout(width="24em"),
                        style={"description_width": "14em"},
                    ),
                    "hope-score",
                    f"hope-score-{criterion_id}",
                )
                error = styled(w.HTML(), "hope-field-error", f"hope-error-{criterion_id}")
                question = text_in(criterion.question, self.lang) if criterion.question else ""
                help_text = w.HTML(
                    render("widgets/hint.html.j2", text=hint or question, question=question)
                )
                controls[criterion_id], errors[criterion_id] = box, error
                lines.append(w.HBox([box, help_text, error]))
            if not self.session.criteria:  # a session never rated in the workbook
                with language(self.lang):
                    none = _(
                        "This session has no criteria, so it takes no ratings: "
                        "it was not rated in the workbook."
                    )
                lines.append(styled(w.HTML(message_html(none)), "hope-no-criteria"))
            save.disabled = not self.session.criteria
            rows.children = lines

        def on_save(_button: object) -> None:
            scores = {c: typed_score(box.value) for c, box in controls.items()}
            result = rate(
                self.store,
                self.session.id,
                self.partner.value,
                self.participant.value,
                practice.value,
                scores,
                comment.value,
                visibility.value,
            )
            for criterion_id, error in errors.items():
                text = result.errors.get(criterion_id, "")
                error.value = message_html(text, "error") if text else ""
            with language(self.lang):
                if not result.ok:
                    general = {k: v for k, v in result.errors.items() if k not in controls}
                    message.value = self.problems_html(general)
                    return
                saved = ", ".join(
                    f"{self.criterion_label(r['criterion'])} {r['score']}" for r in result.records
                )
                message.value = message_html(
                    _("Saved for {who} ({partner}) on {practice}: {scores}.").format(
                        who=self.participant.value.strip(),
                        partner=self.names.get(self.partner.value, self.partner.value),
                        practice=self.title(practice.value),
                        scores=saved,
                    ),
                    "ok",
                )
            for box in controls.values():
                box.value = ""
            comment.value = ""
            self.refresh()

        save.on_click(on_save)
        self.on_session(follow)
        return styled(
            w.VBox([self.who(), practice, rows, comment, visibility, save, message]),
            "hope-rating-panel",
        )
