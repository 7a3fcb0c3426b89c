"""The participant's page and the facilitator's results wall, served by ``hope serve``.

The participant page is phone-first: choose the partner you speak for and a pseudonym, then
rate each practice of the agenda (scores with the scale's words, transfer interest, an
optional comment shared or private to your partner) and save it; *My entries* lists what this
page saved, with Withdraw; the results below follow every save by themselves (laid out for a
phone; **Hide the results** spares a slow phone their drawing). The results wall shows the
same charts in large type for the shared screen. Callbacks call :mod:`hopelib.participant`;
nothing here decides what is saved.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from .. import compare, config
from ..errors import HopeError, StoreError
from ..html import render
from ..i18n import LANGUAGES, _, language
from ..participant import Visit, join, save_practice
from ..store import Store
from ._kit import message_html, styled, text_in
from .live import LivePage, LiveResults
from .visit_entries import VisitEntries

__all__ = ["ParticipantView", "ResultsWall", "page_error"]

LANGUAGE_NAMES = {"en": "English", "fi": "Suomi", "sl": "Slovenščina"}
#: A drop-down's "nothing chosen" (shown as "–" or "choose…"): not ``None``, which
#: ipywidgets shows as an empty box, as if the page had not loaded.
NOT_CHOSEN = ""


class ParticipantView(VisitEntries):
    """One participant's page: join, rate the agenda, My entries, live results.

    Parameters
    ----------
    session : str, optional
        Default ``$HOPE_SESSION`` (set by ``hope serve``), else the demo session.
    data_dir, store : optional
        As everywhere (``$HOPE_DATA``, ``$HOPE_STORE``).
    interval : float
        Seconds between two looks at the store for others' saves (3: "within a few
        seconds", and a busy workshop's kernels redraw a third as often as the wall's).
    """

    def __init__(
        self,
        session: str | None = None,
        *,
        data_dir: str | None = None,
        store: Store | str | None = None,
        interval: float = 3.0,
    ) -> None:
        super().__init__(session, data_dir, store)
        self.visit: Visit | None = None
        self.closed = self.store.is_closed(self.session.id)
        self.live = LiveResults(
            self.store,
            self.session.id,
            self.figures,
            interval=interval,
            on_change=self._follow,
            compact=True,  # the page is a phone's width at most
            shared=config.shared_results_dir(),  # hope serve's pages draw each version once
        )
        self.body = w.VBox()
        # One layout, and one style per kind of control, for all the practice forms: a phone
        # builds a third as many widget models at join (they never change).
        self.layout = w.Layout()
        self.styles: dict[type[w.DOMWidget], Any] = {}
        # The results sit below the rebuilt part, never inside it: their charts are drawn
        # once per change, not again (as a still picture) whenever the page is rebuilt.
        self.results_heading = w.HTML()
        self.results_toggle = styled(w.ToggleButton(value=self.live.shown), "hope-results-toggle")
        self.results_toggle.observe(self._toggle_results, names="value")
        results = w.VBox([self.results_heading, self.results_toggle, self.live.widget])
        self.widget = styled(w.VBox([self.body, results]), "hope-live", "hope-participant-view")

    # ----------------------------------------------------------- building

    def show(self) -> w.VBox:
        """Build the page (the join form, or the closed message) and start the live results."""
        self.rebuild()
        self.live.start()
        config.note_page_ready("participant")
        return self.widget

    def _follow(self) -> None:
        """Show at once that the session was closed or reopened (from any page or the CLI)."""
        closed = self.store.is_closed(self.session.id)
        if closed != self.closed:
            self.closed = closed
            self.rebuild()

    def set_language(self, lang: str) -> None:
        """Show the page in another language, keeping who joined and what they entered."""
        self.lang = self.live.lang = lang
        self.rebuild()
        self.live.redraw()

    def rebuild(self) -> None:
        """Build every part again in the current language."""
        with language(self.lang):
            parts: list[Any] = [
                w.HTML(render("widgets/live_style.html.j2")),
                self._language_bar(),
                w.HTML(render("widgets/heading.html.j2", heading=self.title())),
            ]
            if self.closed:
                parts.append(
                    styled(
                        w.HTML(
                            message_html(_("This session is closed: it takes no more entries."))
                        ),
                        "hope-closed",
                    )
                )
            elif self.visit is None:
                parts.append(self._join_form())
            else:
                parts += [self._practice_form(p) for p in self.session.practices]
                parts.append(self.entries_panel())
            self.body.children = tuple(parts)
            self.results_heading.value = render("widgets/heading.html.j2", heading=_("Results"))
            self._label_results_toggle()

    def _language_bar(self) -> w.ToggleButtons:
        bar = styled(
            w.ToggleButtons(
                options=[(LANGUAGE_NAMES[lang], lang) for lang in LANGUAGES],
                value=self.lang,
                description=_("Language"),
            ),
            "hope-language",
        )
        bar.observe(lambda change: self.set_language(change["new"]), names="value")
        return bar

    def _label_results_toggle(self) -> None:
        shown = self.results_toggle.value
        self.results_toggle.description = _("Hide the results") if shown else _("Show the results")
        self.results_toggle.tooltip = _("The charts update by themselves after every save.")

    def _toggle_results(self, change: dict[str, Any]) -> None:
        with language(self.lang):
            self._label_results_toggle()
        self.live.show(change["new"])

    def _join_form(self) -> w.VBox:
        partner = styled(
            w.Dropdown(
                options=[(_("choose…"), NOT_CHOSEN)]
                + [(self.names.get(p, p), p) for p in self.session.partners],
                value=NOT_CHOSEN,
                description=_("I speak for"),
            ),
            "hope-join-partner",
        )
        pseudonym = styled(
            w.Text(description=_("Pseudonym"), placeholder=_("initials are enough")),
            "hope-join-pseudonym",
        )
        button = styled(w.Button(description=_("Join"), button_style="primary"), "hope-join")
        message = styled(w.HTML(), "hope-join-message")

        def on_join(_button: object) -> None:
            with language(self.lang):
                try:
                    self.visit = join(self.store, self.session.id, partner.value, pseudonym.value)
                except StoreError as error:
                    message.value = render("widgets/error.html.j2", text=str(error))
                    return
                speaks = self.partners["language"].get(self.visit.partner)
            if speaks in LANGUAGES and speaks != self.lang:
                self.set_language(str(speaks))
            else:
                self.rebuild()

        button.on_click(on_join)
        return styled(w.VBox([partner, pseudonym, button, message]), "hope-join-form")

    def _practice_form(self, practice: str) -> w.VBox:
        catalogue = self.catalogue()
        row = catalogue.loc[practice] if practice in catalogue.index else None
        owner = self.names.get(str(row["partner"]), "") if row is not None else ""
        summary = str(row["summary"]) if row is not None and isinstance(row["summary"], str) else ""
        card = w.HTML(
            render(
                "widgets/short_card.html.j2",
                title=str(row["title"]) if row is not None else practice,
                owner=owner,
                summary=summary[:280] + ("…" if len(summary) > 280 else ""),
            ),
            **self._shared(w.HTML),
        )
        scores = {}
        for criterion_id in self.session.criteria:
            criterion = self.taxonomy.criterion(criterion_id)
            labels = criterion.scale.labels or {}
            options = [("–", NOT_CHOSEN)] + [
                (
                    f"{point} · {text_in(labels[point], self.lang)}"
                    if point in labels
                    else str(point),
                    point,
                )
                for point in range(criterion.scale.min, criterion.scale.max + 1)
            ]
            scores[criterion_id] = styled(
                w.Dropdown(
                    options=options,
                    value=NOT_CHOSEN,
                    description=text_in(criterion.label, self.lang),
                    description_allow_html=False,
                    **self._shared(w.Dropdown),
                ),
                "hope-score",
                f"hope-score-{criterion_id}",
            )
        levels = compare.term_labels(self.taxonomy, "transfer_levels", self.lang)
        interest = styled(
            w.Dropdown(
                options=[("–", NOT_CHOSEN)] + [(label, level) for level, label in levels.items()],
                value=NOT_CHOSEN,
                description=_("Transfer interest"),
                **self._shared(w.Dropdown),
            ),
            "hope-interest",
        )
        comment = styled(
            w.Textarea(
                description=_("Comment"), placeholder=_("optional"), **self._shared(w.Textarea)
            ),
            "hope-comment",
        )
        visibility = styled(
            w.Dropdown(
                options=[
                    (_("shared with everyone"), "shared"),
                    (_("private to my partner"), "private"),
                ],
                value="shared",
                description=_("Comment is"),
                **self._shared(w.Dropdown),
            ),
            "hope-visibility",
        )
        button = styled(
            w.Button(description=_("Save"), button_style="primary", **self._shared(w.Button)),
            "hope-save",
        )
        message = styled(w.HTML(**self._shared(w.HTML)), "hope-save-message")

        def on_save(_button: object) -> None:
            assert self.visit is not None
            with language(self.lang):
                result = save_practice(
                    self.visit,
                    practice,
                    {c: control.value for c, control in scores.items()},
                    interest.value or None,
                    comment.value,
                    visibility.value,
                )
                if not result.ok:
                    lines = [
                        f"{text_in(self.taxonomy.criterion(k).label, self.lang)}: {v}"
                        if k in scores
                        else v
                        for k, v in result.errors.items()
                    ]
                    message.value = render("widgets/error.html.j2", text="\n".join(lines))
                    return
                for control in (*scores.values(), interest):
                    control.value = NOT_CHOSEN
                comment.value = ""
                message.value = message_html(_("Saved."), "ok")
            self.refresh_entries()
            self.live.check()

        button.on_click(on_save)
        controls = [card, *scores.values(), interest, comment, visibility, button, message]
        return styled(
            w.VBox(controls, layout=self.layout),
            "hope-practice",
            f"hope-practice-{practice}",
        )

    def _shared(self, kind: type[w.DOMWidget]) -> dict[str, Any]:
        """Return the page's one layout and its one style for controls of *kind*."""
        if kind not in self.styles:
            self.styles[kind] = kind.class_traits()["style"].klass()
        return {"layout": self.layout, "style": self.styles[kind]}


class ResultsWall(LivePage):
    """The facilitator's shared screen: the session's results, large, updating by themselves."""

    def __init__(
        self,
        session: str | None = None,
        *,
        data_dir: str | None = None,
        store: Store | str | None = None,
        lang: str | None = None,
        interval: float = 1.0,
    ) -> None:
        super().__init__(session, data_dir, store)
        host = self.partners["language"].get(self.session.host) if len(self.partners) else None
        self.lang = lang or (str(host) if host in LANGUAGES else "en")  # the host's, by default
        self.live = LiveResults(
            self.store,
            self.session.id,
            self.figures,
            interval=interval,
            lang=self.lang,
            font_size=20,
        )

    def show(self) -> w.VBox:
        """Build the wall and start following the store."""
        with language(self.lang):
            heading = w.HTML(render("widgets/heading.html.j2", heading=self.title()))
        self.live.start()
        parts = [w.HTML(render("widgets/live_style.html.j2")), heading, self.live.widget]
        config.note_page_ready("wall")
        return styled(w.VBox(parts), "hope-live", "hope-wall")


def page_error(error: HopeError) -> w.HTML:
    """Show why the page cannot start (no such session, an unusable store) in one line."""
    return styled(w.HTML(render("widgets/error.html.j2", text=str(error))), "hope-error")
