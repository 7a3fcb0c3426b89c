"""The comparison workshop: the :class:`Workshop` and its panels.

Session, side by side, rating, facilitator grid, interest, notes and actions, my entries,
results and export; the follow-up panels come from :mod:`.follow_up`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import ipywidgets as w
from IPython.display import display

from .. import charts, compare, config
from ..catalogue import load_catalogue, load_partners, load_session, load_sessions, load_taxonomy
from ..errors import HopeError, StoreError
from ..html import render
from ..i18n import LANGUAGES, _, language, set_language
from ..imports import ScoreImport, check_scores, read_table
from ..sessions import new_session
from ..store import VISIBILITIES, Store, open_store
from ..workshop import entries_of, rate, results, session_banner_html
from ._kit import (
    MAX_SIDE_BY_SIDE,
    WIDE,
    frame_html,
    message_html,
    rebuilt,
    set_options,
    styled,
    text_in,
    typed_score,
)
from .follow_up import FollowUpPanels

__all__ = ["Workshop"]


class Workshop(FollowUpPanels):
    """The comparison workshop: one session, its store, and the panels that work on them.

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
    >>> ws.rating_panel()
    """

    def __init__(
        self,
        session: str = config.DEFAULT_SESSION,
        *,
        data_dir: str | None = None,
        store: Store | str | None = None,
        lang: str = "en",
    ) -> None:
        self.data_dir = config.data_dir(data_dir)
        self.lang = lang
        self.store = store if isinstance(store, Store) else open_store(store, self.data_dir)
        self.taxonomy = load_taxonomy(self.data_dir)
        self.partners = load_partners(self.data_dir)
        self.catalogue = load_catalogue(self.data_dir, lang)
        self.names = compare.partner_names(self.partners)
        self.session = load_session(session, self.data_dir)
        self._listeners: dict[str, Callable[[], None]] = {}
        self._partner_listeners: dict[str, Callable[..., None]] = {}
        super().__init__()
        with language(lang):
            self.participant = styled(
                w.Text(description=_("You"), placeholder=_("a pseudonym, e.g. AK")),
                "hope-participant",
            )
            self.partner = styled(w.Dropdown(description=_("for")), "hope-partner")
        self._session_changed()

    # -------------------------------------------------------------- shared state

    def _on_session(self, listener: Callable[[], None]) -> None:
        """Call *listener* now and whenever another session is chosen (one per panel)."""
        self._listeners[self.building or str(len(self._listeners))] = listener
        listener()

    def _on_partner(self, listener: Callable[..., None]) -> None:
        """Call *listener* whenever another partner is chosen (one per panel, kept on rebuild)."""
        key = self.building or str(len(self._partner_listeners))
        previous = self._partner_listeners.pop(key, None)
        if previous is not None:
            self.partner.unobserve(previous, "value")
        self._partner_listeners[key] = listener
        self.partner.observe(listener, "value")

    def _session_changed(self) -> None:
        set_options(self.partner, [(self.names.get(p, p), p) for p in self.session.partners])
        for listener in list(self._listeners.values()):
            listener()

    def set_language(self, lang: str) -> None:
        """Relabel everything in *lang* (``en``, ``fi``, ``sl``): every panel is rebuilt."""
        self.lang = lang
        set_language(lang)
        self.catalogue = load_catalogue(self.data_dir, lang)
        with language(lang):
            self.participant.description = _("You")
            self.participant.placeholder = _("a pseudonym, e.g. AK")
            self.partner.description = _("for")
        self.rebuild_panels()

    def language_panel(self) -> w.ToggleButtons:
        """Switch the interface language; every panel and chart follows."""
        names = {"en": "English", "fi": "Suomi", "sl": "Slovenščina"}
        switch = styled(
            w.ToggleButtons(
                options=[(names.get(code, code), code) for code in LANGUAGES], value=self.lang
            ),
            "hope-language",
        )
        switch.observe(lambda change: self.set_language(change["new"]), "value")
        return switch

    def select(self, session: str) -> None:
        """Work on another session (every panel follows)."""
        self.session = load_session(session, self.data_dir)
        self._session_changed()

    def _title(self, practice: str) -> str:
        value = self.catalogue["title"].get(practice)
        return str(value) if isinstance(value, str) else practice

    def _agenda_options(self) -> list[tuple[str, str]]:
        return [(self._title(p), p) for p in self.session.practices]

    def _criterion_label(self, criterion: str) -> str:
        return self.taxonomy.label("criteria", criterion, self.lang)

    def _who(self) -> w.HBox:
        return w.HBox([self.participant, self.partner])

    # -------------------------------------------------------------- session

    @rebuilt
    def session_panel(self) -> w.VBox:
        """Choose or create a session; shows the session's facts and, on demos, a banner."""
        with language(self.lang):
            sessions = load_sessions(self.data_dir)
            chooser = styled(
                w.Dropdown(
                    options=list(sessions.index), value=self.session.id, description=_("Session")
                ),
                "hope-session-choice",
            )
            banner = styled(w.HTML(), "hope-banner")
            new_id = w.Text(description=_("Id"), placeholder="2026-03-seinajoki")
            title = w.Text(description=_("Title"))
            host = w.Dropdown(
                options=[(v, k) for k, v in self.names.items()], description=_("Host")
            )
            guests = w.SelectMultiple(
                options=[(v, k) for k, v in self.names.items()],
                value=tuple(self.names),
                description=_("Partners"),
            )
            start = w.DatePicker(description=_("First day"), value=dt.date.today())
            end = w.DatePicker(description=_("Last day"), value=dt.date.today())
            agenda = w.SelectMultiple(
                options=[(str(t), str(i)) for i, t in self.catalogue["title"].items()],
                description=_("Agenda"),
                rows=8,
                layout=w.Layout(width="70%"),
            )
            criteria = w.SelectMultiple(
                options=[(self._criterion_label(c), c) for c in self.taxonomy.ids("criteria")],
                value=tuple(self.taxonomy.ids("criteria")),
                description=_("Criteria"),
            )
            follows = w.SelectMultiple(
                options=list(sessions.index), description=_("Follows"), rows=4
            )
            mode = w.Dropdown(
                options=[
                    (_("in person"), "in_person"),
                    (_("virtual"), "virtual"),
                    (_("hybrid"), "hybrid"),
                ],
                description=_("Mode"),
            )
            create = styled(
                w.Button(description=_("Create session"), button_style="primary"),
                "hope-create-session",
            )
            message = w.HTML()

        def show_banner() -> None:
            banner.value = session_banner_html(
                self.session, self.lang, self.names.get(self.session.host)
            )

        def choose(change: dict[str, Any]) -> None:
            if change["new"] and change["new"] != self.session.id:
                self.select(change["new"])

        def on_create(_button: object) -> None:
            days = [d for d in (start.value, end.value or start.value) if d]
            try:
                new_session(
                    new_id.value.strip(),
                    title=title.value.strip() or new_id.value.strip(),
                    host=host.value,
                    dates=sorted(set(days)),
                    practices=list(agenda.value),
                    partners=list(guests.value),
                    criteria=list(criteria.value),
                    mode=mode.value,
                    lang=self.lang,
                    follows=list(follows.value),
                    data_dir=self.data_dir,
                )
            except HopeError as error:
                message.value = render("widgets/error.html.j2", text=str(error))
                return
            chooser.options = list(load_sessions(self.data_dir).index)
            chooser.value = new_id.value.strip()
            with language(self.lang):
                message.value = message_html(_("Session created."), "ok")

        chooser.observe(choose, "value")
        create.on_click(on_create)
        self._on_session(show_banner)
        with language(self.lang):
            form = w.Accordion(
                children=[
                    w.VBox(
                        [
                            new_id,
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

    # -------------------------------------------------------------- side by side

    @rebuilt
    def side_by_side_panel(self) -> w.VBox:
        """Pick 2–4 agenda practices and read their templates side by side."""
        with language(self.lang):
            picker = styled(
                w.SelectMultiple(description=_("Practices"), rows=6, layout=w.Layout(width="70%")),
                "hope-side-by-side-picker",
            )
            table = styled(w.HTML(), "hope-side-by-side-table")

        def show(*_args: object) -> None:
            chosen = list(picker.value)[:MAX_SIDE_BY_SIDE]
            shown = compare.side_by_side_html(
                self.catalogue, chosen, self.lang, taxonomy=self.taxonomy, partner_names=self.names
            )
            if len(picker.value) > MAX_SIDE_BY_SIDE:
                with language(self.lang):
                    note = _("Showing the first {n}: more do not fit side by side.")
                shown = message_html(note.format(n=MAX_SIDE_BY_SIDE)) + shown  # both Markup
            table.value = shown

        def follow() -> None:
            picker.options = self._agenda_options()
            picker.value = tuple(self.session.practices[:MAX_SIDE_BY_SIDE])
            show()

        picker.observe(show, "value")
        self._on_session(follow)
        return styled(w.VBox([picker, table]), "hope-side-by-side-panel")

    # -------------------------------------------------------------- rating

    @rebuilt
    def rating_panel(self) -> w.VBox:
        """Rate one agenda practice on every criterion of the session, then Save."""
        with language(self.lang):
            practice = styled(
                w.Dropdown(description=_("Practice"), layout=WIDE), "hope-rating-practice"
            )
            rows = w.VBox()
            comment = w.Textarea(description=_("Comment"), placeholder=_("optional"))
            visibility = w.ToggleButtons(
                options=[(_("shared"), "shared"), (_("private to my partner"), "private")],
                description=_("Visible"),
            )
            save = styled(
                w.Button(description=_("Save"), button_style="primary"), "hope-save-rating"
            )
            message = styled(w.HTML(), "hope-rating-message")
        controls: dict[str, w.Text] = {}
        errors: dict[str, w.HTML] = {}

        def follow() -> None:
            set_options(practice, self._agenda_options())
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
                        description=self._criterion_label(criterion_id),
                        placeholder=f"{scale.min}–{scale.max}",
                        layout=w.Layout(width="22em"),
                        style={"description_width": "12em"},
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
                if result.ok:
                    saved = ", ".join(
                        f"{self._criterion_label(r['criterion'])} {r['score']}"
                        for r in result.records
                    )
                    message.value = message_html(
                        _("Saved for {who} ({partner}) on {practice}: {scores}.").format(
                            who=self.participant.value.strip(),
                            partner=self.names.get(self.partner.value, self.partner.value),
                            practice=self._title(practice.value),
                            scores=saved,
                        ),
                        "ok",
                    )
                    for box in controls.values():
                        box.value = ""
                    comment.value = ""
                    self.refresh()
                else:
                    general = [f"{k}: {v}" for k, v in result.errors.items() if k not in controls]
                    message.value = message_html(
                        _("Nothing was saved.") + (" " + " ".join(general) if general else ""),
                        "error",
                    )

        save.on_click(on_save)
        self._on_session(follow)
        return styled(
            w.VBox([self._who(), practice, rows, comment, visibility, save, message]),
            "hope-rating-panel",
        )

    # -------------------------------------------------------------- facilitator grid

    @rebuilt
    def grid_panel(self) -> w.VBox:
        """Bring in many participants' scores: paste a grid or upload a CSV/XLSX export.

        Preview checks every row and reports the rejected ones; nothing is saved until
        Confirm.
        """
        with language(self.lang):
            upload = styled(
                w.FileUpload(accept=".csv,.tsv,.txt,.xlsx", multiple=False, description=_("File")),
                "hope-grid-upload",
            )
            pasted = styled(
                w.Textarea(
                    placeholder="participant,partner,practice,relevance,evidence\nAK,maribor,sociolab,4,5",
                    layout=w.Layout(width="80%", height="8em"),
                ),
                "hope-grid-paste",
            )
            preview = styled(w.Button(description=_("Preview")), "hope-grid-preview")
            confirm = styled(
                w.Button(description=_("Confirm and save"), button_style="primary", disabled=True),
                "hope-grid-confirm",
            )
            report = styled(w.HTML(), "hope-grid-report")
        pending: dict[str, ScoreImport] = {}

        def on_preview(_button: object) -> None:
            pending.clear()
            confirm.disabled = True
            try:
                if upload.value:
                    item = upload.value[0]
                    table = read_table(bytes(item["content"]), item["name"])
                else:
                    table = read_table(pasted.value, "pasted.csv")
                checked = check_scores(
                    table,
                    self.store,
                    self.session.id,
                    taxonomy=self.taxonomy,
                    titles=self.catalogue["title"],
                    partner_names=self.partners,
                )
            except StoreError as error:
                report.value = message_html(str(error), "error")
                return
            pending["import"] = checked
            confirm.disabled = checked.rows.empty
            with language(self.lang):
                rejected = checked.rejected.rename(columns=str)
                report.value = render(
                    "widgets/grid_report.html.j2",
                    summary=checked.report(),
                    to_save=frame_html(checked.rows.drop(columns=["comment"]), _("nothing")),
                    rejected=frame_html(rejected, _("none")),
                )

        def on_confirm(_button: object) -> None:
            checked = pending.pop("import", None)
            confirm.disabled = True
            if checked is None or checked.rows.empty:
                return
            rows = [
                {str(k): v for k, v in row.items()}
                for row in checked.rows.drop(columns=["line"]).to_dict("records")
            ]
            try:
                saved = self.store.add_rating_rows(self.session.id, rows)
            except StoreError as error:
                report.value = message_html(str(error), "error")
                return
            with language(self.lang):
                report.value = message_html(
                    _("{n} score(s) saved; {m} row(s) were not.").format(
                        n=len(saved), m=len(checked.rejected)
                    ),
                    "ok",
                )
            pasted.value = ""
            self.refresh()

        preview.on_click(on_preview)
        confirm.on_click(on_confirm)
        return styled(
            w.VBox([w.HBox([upload, preview, confirm]), pasted, report]), "hope-grid-panel"
        )

    # -------------------------------------------------------------- interest, notes, actions

    @rebuilt
    def interest_panel(self) -> w.VBox:
        """Say how far your partner would take a practice: adopt, adapt, inspire, not now."""
        with language(self.lang):
            practice = w.Dropdown(description=_("Practice"), layout=WIDE)
            level = styled(
                w.ToggleButtons(
                    options=[
                        (self.taxonomy.label("transfer_levels", t, self.lang), t)
                        for t in self.taxonomy.ids("transfer_levels")
                    ],
                    description=_("Transfer"),
                ),
                "hope-level",
            )
            rationale = w.Textarea(description=_("Why"), placeholder=_("optional"))
            visibility = w.ToggleButtons(options=list(VISIBILITIES), description=_("Visible"))
            save = styled(
                w.Button(description=_("Save"), button_style="primary"), "hope-save-interest"
            )
            message = w.HTML()

        def on_save(_button: object) -> None:
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
                message.value = message_html(str(error), "error")
                return
            with language(self.lang):
                message.value = message_html(
                    _("Saved: {level} for {practice}.").format(
                        level=self.taxonomy.label("transfer_levels", level.value, self.lang),
                        practice=self._title(practice.value),
                    ),
                    "ok",
                )
            rationale.value = ""
            self.refresh()

        save.on_click(on_save)
        self._on_session(lambda: set_options(practice, self._agenda_options()))
        return styled(
            w.VBox([self._who(), practice, level, rationale, visibility, save, message]),
            "hope-interest-panel",
        )

    @rebuilt
    def notes_panel(self) -> w.VBox:
        """Write a note (shared or private) or an action point (owner, due date)."""
        with language(self.lang):
            about = w.Dropdown(description=_("About"), layout=WIDE)
            note = w.Textarea(description=_("Note"), layout=w.Layout(width="70%"))
            visibility = w.ToggleButtons(options=list(VISIBILITIES), description=_("Visible"))
            save_note = styled(w.Button(description=_("Save note")), "hope-save-note")
            action = w.Textarea(description=_("Action"), layout=w.Layout(width="70%"))
            owner = w.Text(description=_("Owner"), placeholder=_("a role, e.g. employment team"))
            due = w.DatePicker(description=_("Due"))
            save_action = styled(w.Button(description=_("Save action")), "hope-save-action")
            message = w.HTML()

        def saved(text: str) -> None:
            message.value = message_html(text, "ok")
            self.refresh()

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
                message.value = message_html(str(error), "error")
                return
            note.value = ""
            with language(self.lang):
                saved(_("Note saved."))

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
                message.value = message_html(str(error), "error")
                return
            action.value = owner.value = ""
            with language(self.lang):
                saved(_("Action saved (open)."))

        def follow() -> None:
            with language(self.lang):
                set_options(about, [(_("the whole session"), ""), *self._agenda_options()])

        save_note.on_click(on_note)
        save_action.on_click(on_action)
        self._on_session(follow)
        return styled(
            w.VBox(
                [
                    self._who(),
                    about,
                    note,
                    visibility,
                    save_note,
                    action,
                    w.HBox([owner, due]),
                    save_action,
                    message,
                ]
            ),
            "hope-notes-panel",
        )

    # -------------------------------------------------------------- my entries

    @rebuilt
    def entries_panel(self) -> w.VBox:
        """See what you entered; withdraw an entry (a correction is a new rating above)."""
        with language(self.lang):
            show = styled(w.Button(description=_("Show my entries")), "hope-show-entries")
            entries = styled(w.Select(rows=8, layout=w.Layout(width="80%")), "hope-entries")
            reason = w.Text(description=_("Reason"), placeholder=_("optional"))
            withdraw = styled(
                w.Button(description=_("Withdraw"), button_style="warning"), "hope-withdraw"
            )
            message = w.HTML()

        def on_show(_button: object = None) -> None:
            frame = entries_of(self.store, self.session.id, self.participant.value)
            entries.options = [
                (f"{row.kind} · {self._title(str(row.practice)) or '–'} · {row.what}", row.id)
                for row in frame.itertuples()
            ]
            with language(self.lang):
                message.value = message_html(_("{n} entries count.").format(n=len(frame)))

        def on_withdraw(_button: object) -> None:
            if not entries.value:
                return
            try:
                self.store.withdraw(
                    self.session.id,
                    entries.value,
                    self.partner.value,
                    self.participant.value,
                    reason.value,
                )
            except StoreError as error:
                message.value = message_html(str(error), "error")
                return
            on_show()
            self.refresh()

        show.on_click(on_show)
        withdraw.on_click(on_withdraw)
        return styled(
            w.VBox([self._who(), show, entries, reason, withdraw, message]), "hope-entries-panel"
        )

    # -------------------------------------------------------------- results

    def figures(self) -> dict[str, Any]:
        """Build the live result charts of the session (score heatmap, ranking, transfer)."""
        computed = results(self.store, self.session.id, self.taxonomy)
        titles = self.catalogue["title"]
        criteria = {c: self._criterion_label(c) for c in self.session.criteria}
        levels = compare.term_labels(self.taxonomy, "transfer_levels", self.lang)
        return {
            "scores": charts.score_heatmap(
                computed["summary"],
                titles=titles,
                labels=criteria,
                criteria=self.session.criteria,
                scales=compare.criterion_scales(self.taxonomy),
                lang=self.lang,
            ),
            "ranking": charts.ranking_chart(computed["ranking"], titles=titles, lang=self.lang),
            "transfer": charts.transfer_chart(
                computed["transfer"],
                partners=self.partners,
                titles=titles,
                labels=levels,
                lang=self.lang,
            ),
        }

    @rebuilt
    def results_panel(self) -> w.VBox:
        """Live results: score heatmap, ranking and transfer matrix; Refresh for other machines."""
        with language(self.lang):
            button = styled(w.Button(description=_("Refresh"), icon="refresh"), "hope-refresh")
            stamp = styled(w.HTML(), "hope-results-stamp")
        self._results = styled(w.Output(), "hope-results")
        self._stamp = stamp
        button.on_click(lambda _button: self.refresh())
        self._on_session(self.refresh)
        return styled(w.VBox([button, stamp, self._results]), "hope-results-panel")

    @rebuilt
    def export_panel(self) -> w.VBox:
        """Export this session's partner reports (as ``hope export``), with a progress bar."""
        from ..export import export_session

        with language(self.lang):
            button = styled(
                w.Button(description=_("Export partner reports"), icon="file"), "hope-export"
            )
            include = w.Checkbox(description=_("include contact details (personal data)"))
            output = w.Output()
            message = styled(w.HTML(), "hope-export-message")

        def on_export(_button: object) -> None:
            button.disabled = True
            message.value = ""
            try:
                with output:
                    output.clear_output()
                    paths = export_session(
                        self.session.id,
                        data_dir=self.data_dir,
                        store=self.store.engine.url.render_as_string(hide_password=False),
                        include_contacts=include.value,
                    )
            except HopeError as error:
                message.value = render("widgets/error.html.j2", text=str(error))
                return
            finally:
                button.disabled = False
            with language(self.lang):
                message.value = render(
                    "widgets/list.html.j2",
                    text=_("Reports written:"),
                    kind="ok",
                    items=[str(path) for path in paths],
                )

        button.on_click(on_export)
        return styled(w.VBox([w.HBox([button, include]), output, message]), "hope-export-panel")

    def refresh(self) -> None:
        """Redraw the results (after each save, and on Refresh)."""
        output = getattr(self, "_results", None)
        if output is None:
            return
        figures = self.figures()
        with output:
            output.clear_output(wait=True)
            for figure in figures.values():
                display(figure)  # type: ignore[no-untyped-call]
        with language(self.lang):
            self._stamp.value = message_html(
                _("Updated {time}.").format(time=dt.datetime.now().strftime("%H:%M:%S"))
            )
