"""Widget builders of the workshop notebooks; each returns a widget, the notebook shows it.

Callbacks stay thin: they read the controls, call a plain, tested function
(:mod:`hopelib.workshop`, :mod:`hopelib.imports`, :mod:`hopelib.store`, :mod:`hopelib.compare`)
and show its outcome. Every piece of data placed in an ``HTML`` widget is escaped here
(ipywidgets does not). Controls carry ``hope-…`` CSS classes so that browser tests and
people's stylesheets can find them.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
from collections.abc import Callable
from typing import Any, TypeVar

import ipywidgets as w
import pandas as pd
import plotly.graph_objects as go
from IPython.display import Javascript, display

from . import charts, compare, config, followup
from .catalogue import load_catalogue, load_partners, load_session, load_sessions, load_taxonomy
from .errors import HopeError, StoreError
from .i18n import LANGUAGES, _, format_date, language, locale_for, set_language
from .imports import ScoreImport, check_scores, read_table
from .models import pick_text
from .sessions import new_session
from .store import ACTION_STATUSES, VISIBILITIES, Store, open_store
from .workshop import entries_of, practice_card_html, rate, results, session_banner_html

__all__ = ["Workshop", "catalogue_browser", "indicator_browser", "message_html"]

_e = html.escape
_MAX_SIDE_BY_SIDE = 4
_WIDE = {"width": "38em"}


def message_html(text: str, kind: str = "info") -> str:
    """Return an escaped message line (``kind``: ``info``, ``ok`` or ``error``)."""
    colour = {"ok": "#1a7f37", "error": "#cf222e"}.get(kind, "#57606a")
    return f'<div class="hope-message hope-{kind}" style="color:{colour}">{_e(text)}</div>'


def _frame_html(frame: pd.DataFrame, empty: str) -> str:
    """Render a small frame as an escaped HTML table (``to_html`` escapes cells and labels)."""
    if frame.empty:
        return message_html(empty)
    return str(frame.to_html(index=False, escape=True, border=0, classes="hope-table"))


def _styled(widget: Any, *classes: str) -> Any:
    """Add CSS classes to a widget and return it."""
    for name in classes:
        widget.add_class(name)
    return widget


# ------------------------------------------------------------------ the catalogue


def catalogue_browser(
    data_dir: str | None = None, lang: str = "en", *, catalogue: pd.DataFrame | None = None
) -> w.VBox:
    """Browse the catalogue: filters, free-text search, results, a practice card, look-alikes.

    Parameters
    ----------
    data_dir : path, optional
        The data folder.
    lang : str
        The language of texts (where a practice has it) and labels.
    """
    from .catalogue import load_texts

    catalogue = catalogue if catalogue is not None else load_catalogue(data_dir, lang)
    taxonomy = load_taxonomy(data_dir)
    partners = load_partners(data_dir)
    texts = load_texts(data_dir)
    index = compare.search_index(texts)
    similarity = compare.build_similarity_index(catalogue, texts)
    names = compare.partner_names(partners)
    with language(lang):
        any_ = _("any")
        partner = w.Dropdown(
            options=[(any_, None), *[(names[p], p) for p in partners.index], (_("reference"), "")],
            description=_("Partner"),
        )
        category = w.Dropdown(
            options=[(any_, None)]
            + [(taxonomy.label("categories", c, lang), c) for c in taxonomy.ids("categories")],
            description=_("Category"),
        )
        regions = sorted({r for r in catalogue["region"].dropna() if r})
        region = w.Dropdown(
            options=[(any_, None)] + [(r, r) for r in regions], description=_("Region")
        )
        theme = w.Dropdown(
            options=[(any_, None)]
            + [(taxonomy.label("themes", t, lang), t) for t in taxonomy.ids("themes")],
            description=_("Theme"),
        )
        text = w.Text(
            placeholder=_("search every language, e.g. seinajoki"), description=_("Search")
        )
        found = w.HTML()
        results = _styled(w.HTML(), "hope-catalogue-results")
        chooser = w.Select(description=_("Practice"), rows=8, layout=w.Layout(width="60%"))
        card = w.HTML()
        similar = w.HTML()

    def refresh(*_args: object) -> None:
        shown = compare.filter_practices(
            catalogue,
            partner=partner.value,
            category=category.value,
            region=region.value,
            themes=theme.value,
            text=text.value,
            texts=index,
        )
        with language(lang):
            found.value = message_html(
                _("{n} of {total} practices").format(n=len(shown), total=len(catalogue))
            )
        chooser.options = [(str(t), str(i)) for i, t in shown["title"].items()]
        table = shown.head(50).reset_index()
        with language(lang):
            view = pd.DataFrame(
                {
                    _("Practice"): table["title"],
                    _("Partner"): table["partner"].map(
                        lambda p: names.get(p, p) if isinstance(p, str) else _("reference")
                    ),
                    _("Category"): table["category"].map(
                        lambda c: (
                            taxonomy.label("categories", c, lang) if isinstance(c, str) else "–"
                        )
                    ),
                    _("Region"): table["region"].fillna("–"),
                }
            )
            results.value = _frame_html(view, _("No practice matches."))

    def show(change: dict[str, Any]) -> None:
        practice = change["new"]
        if not practice:
            card.value = similar.value = ""
            return
        card.value = practice_card_html(catalogue, practice, taxonomy, lang, partner_names=names)
        look = compare.similar_practices(catalogue, practice, 5, index=similarity)
        look = look.assign(partner=look["partner"].map(lambda p: names.get(p, p) or "–"))
        look["shared_terms"] = look["shared_terms"].map(", ".join)
        with language(lang):
            similar.value = (
                "<h4>"
                + _e(_("Similar practices of other partners"))
                + "</h4>"
                + _frame_html(
                    look.reset_index()[["title", "partner", "score", "shared_terms"]],
                    _("No similar practice found."),
                )
            )

    for control in (partner, category, region, theme):
        control.observe(refresh, "value")
    text.observe(refresh, "value")
    chooser.observe(show, "value")
    refresh()
    view = _map_widget(catalogue, partners, taxonomy, lang, lambda practice: open_card(practice))

    def open_card(practice: str) -> None:
        """Show a practice chosen on the map (and select it in the list when it is there)."""
        if practice in {value for _label, value in chooser.options}:
            chooser.value = practice
        else:
            show({"new": practice})

    return _styled(
        w.VBox(
            [
                w.HBox([partner, category]),
                w.HBox([region, theme]),
                text,
                found,
                results,
                view,
                chooser,
                card,
                similar,
            ]
        ),
        "hope-catalogue",
    )


def indicator_browser(
    data_dir: str | None = None,
    lang: str = "en",
    *,
    indicators: pd.DataFrame | None = None,
    catalogue: pd.DataFrame | None = None,
    partner: str | None = None,
) -> w.VBox:
    """Explore the impact indicators: a partner's overview, a practice's trend, a comparison.

    Parameters
    ----------
    data_dir : path, optional
    lang : str
    indicators : pandas.DataFrame, optional
        :func:`hopelib.indicators.load_indicators` (loaded when not given).
    catalogue : pandas.DataFrame, optional
        For the practices' titles.
    partner : str, optional
        The partner shown first (default: the first with values).
    """
    from .indicators import indicator_changes, load_indicators

    frame = indicators if indicators is not None else load_indicators(data_dir, lang)
    catalogue = catalogue if catalogue is not None else load_catalogue(data_dir, lang)
    partners = load_partners(data_dir)
    taxonomy = load_taxonomy(data_dir)
    names = compare.partner_names(partners)
    titles = catalogue["title"]
    common: dict[str, Any] = {"partners": partners, "titles": titles, "lang": lang}
    with language(lang):
        if frame.empty:
            return w.VBox([w.HTML(message_html(_("No indicator values recorded yet.")))])
        with_values = [p for p in partners.index if (frame["partner"] == p).any()]
        choices = [(names.get(p, p), p) for p in with_values]
        if (~frame["partner"].isin(with_values)).any():  # practices outside the partnership
            choices.append((_("Reference practices"), ""))
        values = [value for _label, value in choices]
        who = _styled(
            w.Dropdown(
                options=choices,
                value=partner if partner in values else values[0],
                description=_("Partner"),
            ),
            "hope-indicator-partner",
        )
        practice = _styled(
            w.Dropdown(description=_("Practice"), layout=_WIDE), "hope-indicator-practice"
        )
        measured = list(dict.fromkeys(frame["indicator"]))
        indicator = _styled(
            w.Dropdown(
                options=[(taxonomy.label("indicators", i, lang), i) for i in measured],
                description=_("Indicator"),
                layout=_WIDE,
            ),
            "hope-indicator-choice",
        )
        overview, trend, comparison = w.Output(), w.Output(), w.Output()
        changes = _styled(w.HTML(), "hope-indicator-changes")

    def draw(output: w.Output, figure: go.Figure) -> None:
        with output:
            output.clear_output(wait=True)
            display(figure)  # type: ignore[no-untyped-call]

    def show_partner(*_args: object) -> None:
        draw(overview, charts.partner_indicator_overview_chart(frame, who.value, **common))
        mine = frame["partner"] == who.value if who.value else ~frame["partner"].isin(with_values)
        practices = dict.fromkeys(frame.loc[mine, "practice"])
        options = [(str(titles.get(p, p)), str(p)) for p in practices]
        practice.options = options
        practice.value = options[0][1] if options else None

    def show_practice(*_args: object) -> None:
        if practice.value is None:
            return
        draw(trend, charts.indicator_trend_chart(frame, practice.value, **common))
        table = indicator_changes(frame[frame["practice"] == practice.value])
        with language(lang):
            shown = pd.DataFrame(
                {
                    _("Indicator"): table["label"],
                    _("Earlier period"): table["period_from"],
                    _("Later period"): table["period_to"],
                    _("Change"): table["change"].round(2),
                    _("Change %"): table["change_pct"].round(1),
                    _("Outcome"): table["outcome"].map(
                        {"better": _("better"), "worse": _("worse"), "same": _("unchanged")}
                    ),
                    _("illustrative"): table["illustrative"].map({True: "✓", False: ""}),
                }
            )
            changes.value = _frame_html(shown, _("One period only: no change to show yet."))

    def show_indicator(*_args: object) -> None:
        draw(comparison, charts.indicator_comparison_chart(frame, indicator.value, **common))

    who.observe(show_partner, "value")
    practice.observe(show_practice, "value")
    indicator.observe(show_indicator, "value")
    show_partner()
    show_practice()
    show_indicator()
    return _styled(
        w.VBox([who, overview, practice, trend, changes, indicator, comparison]),
        "hope-indicator-browser",
    )


def _map_widget(
    catalogue: pd.DataFrame,
    partners: pd.DataFrame,
    taxonomy: Any,
    lang: str,
    on_choose: Callable[[str], None],
) -> Any:
    """Return the service map as a live figure: clicking a point calls *on_choose(id)*."""
    figure = charts.map_chart(
        catalogue,
        partners=partners,
        labels=compare.term_labels(taxonomy, "categories", lang),
        lang=lang,
    )
    if not figure.data:  # nothing located: the message figure, as a plain output
        output = w.Output()
        with output:
            display(figure)  # type: ignore[no-untyped-call]
        return _styled(output, "hope-map")
    live = go.FigureWidget(figure)

    def clicked(trace: Any, points: Any, _state: Any) -> None:
        for index in points.point_inds:
            on_choose(str(trace.customdata[index][0]))
            return

    for trace in live.data:
        trace.on_click(clicked)
    outlines = w.Output()  # Europe's outlines for plotly.js, so the map needs no network
    with outlines:
        display(Javascript(charts.geo_assets_javascript()))  # type: ignore[no-untyped-call]
    return _styled(w.VBox([outlines, live]), "hope-map")


# ------------------------------------------------------------------ the workshop


_P = TypeVar("_P", bound=w.Widget)


def _rebuilt(build: Callable[[Any], _P]) -> Callable[[Any], w.VBox]:
    """Wrap a panel builder so that a language switch rebuilds the panel in place."""

    @functools.wraps(build)
    def panel(self: Any) -> w.VBox:
        def make() -> _P:
            previous, self._building = self._building, build.__name__
            try:
                return build(self)
            finally:
                self._building = previous

        box = w.VBox([make()])
        self._rebuilders.append(lambda: setattr(box, "children", (make(),)))
        return box

    return panel


class Workshop:
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
        self._rebuilders: list[Callable[[], None]] = []
        self._building = ""
        with language(lang):
            self.participant = _styled(
                w.Text(description=_("You"), placeholder=_("a pseudonym, e.g. AK")),
                "hope-participant",
            )
            self.partner = _styled(w.Dropdown(description=_("for")), "hope-partner")
        self._session_changed()

    # -------------------------------------------------------------- shared state

    def _on_session(self, listener: Callable[[], None]) -> None:
        """Call *listener* now and whenever another session is chosen (one per panel)."""
        self._listeners[self._building or str(len(self._listeners))] = listener
        listener()

    def _on_partner(self, listener: Callable[..., None]) -> None:
        """Call *listener* whenever another partner is chosen (one per panel, kept on rebuild)."""
        key = self._building or str(len(self._partner_listeners))
        previous = self._partner_listeners.pop(key, None)
        if previous is not None:
            self.partner.unobserve(previous, "value")
        self._partner_listeners[key] = listener
        self.partner.observe(listener, "value")

    def _session_changed(self) -> None:
        _set_options(self.partner, [(self.names.get(p, p), p) for p in self.session.partners])
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
        for rebuild in list(self._rebuilders):
            rebuild()

    def language_panel(self) -> w.ToggleButtons:
        """Switch the interface language; every panel and chart follows."""
        names = {"en": "English", "fi": "Suomi", "sl": "Slovenščina"}
        switch = _styled(
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

    @_rebuilt
    def session_panel(self) -> w.VBox:
        """Choose or create a session; shows the session's facts and, on demos, a banner."""
        with language(self.lang):
            sessions = load_sessions(self.data_dir)
            chooser = _styled(
                w.Dropdown(
                    options=list(sessions.index), value=self.session.id, description=_("Session")
                ),
                "hope-session-choice",
            )
            banner = _styled(w.HTML(), "hope-banner")
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
            create = _styled(
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
                message.value = f"<pre class='hope-error'>{_e(str(error))}</pre>"
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
        return _styled(w.VBox([chooser, banner, form]), "hope-session-panel")

    # -------------------------------------------------------------- side by side

    @_rebuilt
    def side_by_side_panel(self) -> w.VBox:
        """Pick 2–4 agenda practices and read their templates side by side."""
        with language(self.lang):
            picker = _styled(
                w.SelectMultiple(description=_("Practices"), rows=6, layout=w.Layout(width="70%")),
                "hope-side-by-side-picker",
            )
            table = _styled(w.HTML(), "hope-side-by-side-table")

        def render(*_args: object) -> None:
            chosen = list(picker.value)[:_MAX_SIDE_BY_SIDE]
            table.value = compare.side_by_side_html(
                self.catalogue, chosen, self.lang, taxonomy=self.taxonomy, partner_names=self.names
            )
            if len(picker.value) > _MAX_SIDE_BY_SIDE:
                with language(self.lang):
                    note = _("Showing the first {n}: more do not fit side by side.")
                table.value = message_html(note.format(n=_MAX_SIDE_BY_SIDE)) + table.value

        def follow() -> None:
            picker.options = self._agenda_options()
            picker.value = tuple(self.session.practices[:_MAX_SIDE_BY_SIDE])
            render()

        picker.observe(render, "value")
        self._on_session(follow)
        return _styled(w.VBox([picker, table]), "hope-side-by-side-panel")

    # -------------------------------------------------------------- rating

    @_rebuilt
    def rating_panel(self) -> w.VBox:
        """Rate one agenda practice on every criterion of the session, then Save."""
        with language(self.lang):
            practice = _styled(
                w.Dropdown(description=_("Practice"), layout=_WIDE), "hope-rating-practice"
            )
            rows = w.VBox()
            comment = w.Textarea(description=_("Comment"), placeholder=_("optional"))
            visibility = w.ToggleButtons(
                options=[(_("shared"), "shared"), (_("private to my partner"), "private")],
                description=_("Visible"),
            )
            save = _styled(
                w.Button(description=_("Save"), button_style="primary"), "hope-save-rating"
            )
            message = _styled(w.HTML(), "hope-rating-message")
        controls: dict[str, w.Text] = {}
        errors: dict[str, w.HTML] = {}

        def follow() -> None:
            _set_options(practice, self._agenda_options())
            controls.clear()
            errors.clear()
            lines = []
            for criterion_id in self.session.criteria:
                criterion = self.taxonomy.criterion(criterion_id)
                scale = criterion.scale
                hint = ", ".join(
                    f"{k} = {_label(v, self.lang)}" for k, v in sorted((scale.labels or {}).items())
                )
                box = _styled(
                    w.Text(
                        description=self._criterion_label(criterion_id),
                        placeholder=f"{scale.min}–{scale.max}",
                        layout=w.Layout(width="22em"),
                        style={"description_width": "12em"},
                    ),
                    "hope-score",
                    f"hope-score-{criterion_id}",
                )
                error = _styled(w.HTML(), "hope-field-error", f"hope-error-{criterion_id}")
                question = _label(criterion.question, self.lang) if criterion.question else ""
                shown = _e(hint or question)
                help_text = w.HTML(f'<span title="{_e(question)}" class="hope-hint">{shown}</span>')
                controls[criterion_id], errors[criterion_id] = box, error
                lines.append(w.HBox([box, help_text, error]))
            rows.children = lines

        def on_save(_button: object) -> None:
            scores = {c: _score(box.value) for c, box in controls.items()}
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
        return _styled(
            w.VBox([self._who(), practice, rows, comment, visibility, save, message]),
            "hope-rating-panel",
        )

    # -------------------------------------------------------------- facilitator grid

    @_rebuilt
    def grid_panel(self) -> w.VBox:
        """Bring in many participants' scores: paste a grid or upload a CSV/XLSX export.

        Preview checks every row and reports the rejected ones; nothing is saved until
        Confirm.
        """
        with language(self.lang):
            upload = _styled(
                w.FileUpload(accept=".csv,.tsv,.txt,.xlsx", multiple=False, description=_("File")),
                "hope-grid-upload",
            )
            pasted = _styled(
                w.Textarea(
                    placeholder="participant,partner,practice,relevance,evidence\nAK,maribor,sociolab,4,5",
                    layout=w.Layout(width="80%", height="8em"),
                ),
                "hope-grid-paste",
            )
            preview = _styled(w.Button(description=_("Preview")), "hope-grid-preview")
            confirm = _styled(
                w.Button(description=_("Confirm and save"), button_style="primary", disabled=True),
                "hope-grid-confirm",
            )
            report = _styled(w.HTML(), "hope-grid-report")
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
                report.value = (
                    f"<pre class='hope-grid-summary'>{_e(checked.report())}</pre>"
                    + "<h4>"
                    + _e(_("To save"))
                    + "</h4>"
                    + _frame_html(checked.rows.drop(columns=["comment"]), _("nothing"))
                    + "<h4>"
                    + _e(_("Rejected"))
                    + "</h4>"
                    + _frame_html(rejected, _("none"))
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
        return _styled(
            w.VBox([w.HBox([upload, preview, confirm]), pasted, report]), "hope-grid-panel"
        )

    # -------------------------------------------------------------- interest, notes, actions

    @_rebuilt
    def interest_panel(self) -> w.VBox:
        """Say how far your partner would take a practice: adopt, adapt, inspire, not now."""
        with language(self.lang):
            practice = w.Dropdown(description=_("Practice"), layout=_WIDE)
            level = _styled(
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
            save = _styled(
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
        self._on_session(lambda: _set_options(practice, self._agenda_options()))
        return _styled(
            w.VBox([self._who(), practice, level, rationale, visibility, save, message]),
            "hope-interest-panel",
        )

    @_rebuilt
    def notes_panel(self) -> w.VBox:
        """Write a note (shared or private) or an action point (owner, due date)."""
        with language(self.lang):
            about = w.Dropdown(description=_("About"), layout=_WIDE)
            note = w.Textarea(description=_("Note"), layout=w.Layout(width="70%"))
            visibility = w.ToggleButtons(options=list(VISIBILITIES), description=_("Visible"))
            save_note = _styled(w.Button(description=_("Save note")), "hope-save-note")
            action = w.Textarea(description=_("Action"), layout=w.Layout(width="70%"))
            owner = w.Text(description=_("Owner"), placeholder=_("a role, e.g. employment team"))
            due = w.DatePicker(description=_("Due"))
            save_action = _styled(w.Button(description=_("Save action")), "hope-save-action")
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
                _set_options(about, [(_("the whole session"), ""), *self._agenda_options()])

        save_note.on_click(on_note)
        save_action.on_click(on_action)
        self._on_session(follow)
        return _styled(
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

    # -------------------------------------------------------------- follow-up

    def _session_title(self, session_id: str) -> str:
        found = load_session(session_id, self.data_dir)
        text, _shown = pick_text(found.title, self.lang, found.lang)
        return text or session_id

    @_rebuilt
    def since_last_panel(self) -> w.VBox:
        """Show the actions of the earlier workshops and update their status.

        The table lists every action of the sessions this one follows with its latest
        status, its history and an overdue flag; below it, the action's own partner records
        a new status (with a note on what was done).
        """
        with language(self.lang):
            table = _styled(w.HTML(), "hope-since-last")
            action = _styled(
                w.Dropdown(description=_("Action"), layout=w.Layout(width="70%")),
                "hope-follow-up-action",
            )
            status = _styled(
                w.ToggleButtons(
                    options=[(followup.status_label(s), s) for s in ACTION_STATUSES],
                    description=_("Status"),
                ),
                "hope-follow-up-status",
            )
            note = _styled(
                w.Text(description=_("Note"), placeholder=_("what was done, or why not")),
                "hope-follow-up-note",
            )
            update = _styled(
                w.Button(description=_("Update status"), button_style="primary"),
                "hope-update-status",
            )
            message = _styled(w.HTML(), "hope-follow-up-message")

        def show() -> None:
            with language(self.lang):
                try:
                    earlier = self.store._reference.chain(self.session.id)[:-1]
                except HopeError as error:  # an earlier session's file has a problem
                    table.value = f"<pre class='hope-error'>{_e(str(error))}</pre>"
                    return
                if not earlier:
                    table.value = message_html(
                        _("This session does not follow an earlier workshop.")
                    )
                    _set_options(action, [])
                    return
                frame = followup.since_last_workshop(self.store, self.session.id)
                titles = {s: self._session_title(s) for s in earlier}
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
                _set_options(
                    action,
                    [
                        (
                            f"{r['session']} · {self.names.get(r['partner'], r['partner'])}: "
                            f"{r['text']} ({followup.status_label(r['status'])})",
                            str(r["id"]),
                        )
                        for r in frame.to_dict("records")
                    ],
                )

        def on_update(_button: object) -> None:
            if not action.value:
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
                    text = " ".join(f"{k}: {v}" for k, v in result.errors.items())
                    message.value = message_html(_("Nothing was saved.") + " " + text, "error")
                    return
                note.value = ""
                message.value = message_html(
                    _("Status recorded: {status}.").format(
                        status=followup.status_label(status.value)
                    ),
                    "ok",
                )
            show()

        update.on_click(on_update)
        self._on_session(show)
        return _styled(
            w.VBox([table, self._who(), action, status, note, update, message]),
            "hope-since-last-panel",
        )

    @_rebuilt
    def plan_panel(self) -> w.VBox:
        """Write or revise a transfer plan (Understand → Adapt → Re-use) for a practice.

        A partner plans the practices it marked adopt or adapt; choosing one loads its latest
        version, each Save adds a new version, and the versions are listed below.
        """
        with language(self.lang):
            practice = _styled(
                w.Dropdown(description=_("Practice"), layout=_WIDE), "hope-plan-practice"
            )
            wide = w.Layout(width="70%")
            boxes: dict[str, Any] = {
                "keep": w.Textarea(description=_("What to keep"), layout=wide),
                "change": w.Textarea(description=_("What to change"), layout=wide),
                "resources": w.Textarea(description=_("Resources"), layout=wide),
                "risks": w.Textarea(description=_("Risks"), layout=wide),
                "first_steps": w.Textarea(description=_("First steps"), layout=wide),
                "owner": w.Text(
                    description=_("Owner"),
                    placeholder=_("a role, e.g. employment team"),
                    layout=w.Layout(width="38em"),
                ),
                "milestones": w.Textarea(
                    description=_("Milestones"),
                    placeholder=_("one per line: 2026-03-01 first group starts"),
                    layout=wide,
                    rows=5,
                ),
            }
            for name, box in boxes.items():
                box.style.description_width = "10em"
                _styled(box, f"hope-plan-{name.replace('_', '-')}")
            errors = {name: _styled(w.HTML(), "hope-field-error") for name in boxes}
            save = _styled(
                w.Button(description=_("Save plan"), button_style="primary"), "hope-save-plan"
            )
            message = _styled(w.HTML(), "hope-plan-message")
            history = _styled(w.HTML(), "hope-plan-history")
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
                history.value = self._plan_history_html(versions)

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
                        f"{self._title(p)} · "
                        f"{self.taxonomy.label('transfer_levels', level, self.lang)}"
                        if level
                        else self._title(p),
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
                error.value = message_html(text, "error") if text else ""
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
                    general = [f"{k}: {v}" for k, v in result.errors.items() if k not in boxes]
                    message.value = message_html(
                        _("Nothing was saved.") + (" " + " ".join(general) if general else ""),
                        "error",
                    )

        practice.observe(load_plan, "value")
        self._on_partner(follow_partner)
        save.on_click(on_save)
        self._on_session(follow_partner)
        rows: list[Any] = [self._who(), practice]
        for heading, names in sections:
            rows.append(w.HTML(f"<h4>{_e(heading)}</h4>"))
            rows += [w.HBox([boxes[name], errors[name]]) for name in names]
        return _styled(w.VBox([*rows, save, message, history]), "hope-plan-panel")

    def _plan_history_html(self, versions: pd.DataFrame) -> str:
        """List a plan's versions: when, by whom, and what changed."""
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
        locale = locale_for(self.lang)
        pseudonyms: dict[str, str] = {}
        for session_id in versions["session"].unique():
            people = self.store.participants(str(session_id))
            pseudonyms.update(zip(people["participant"], people["pseudonym"], strict=True))
        items = []
        for row, changed in zip(
            versions.to_dict("records"), followup.plan_changes(versions), strict=True
        ):
            line = _("version {n}, written {date}").format(
                n=row["version"], date=format_date(pd.Timestamp(row["created_at"]).date(), locale)
            )
            what = ", ".join(labels.get(name, name) for name in changed) or "–"
            items.append(
                f"<li>{_e(line)} · {_e(self._session_title(str(row['session'])))}"
                f" · {_e(pseudonyms.get(row['participant'], str(row['participant'])))}"
                " · " + _e(_("changed")) + f": {_e(what)}</li>"
            )
        return "<h4>" + _e(_("History")) + f"</h4><ul>{''.join(items)}</ul>"

    # -------------------------------------------------------------- my entries

    @_rebuilt
    def entries_panel(self) -> w.VBox:
        """See what you entered; withdraw an entry (a correction is a new rating above)."""
        with language(self.lang):
            show = _styled(w.Button(description=_("Show my entries")), "hope-show-entries")
            entries = _styled(w.Select(rows=8, layout=w.Layout(width="80%")), "hope-entries")
            reason = w.Text(description=_("Reason"), placeholder=_("optional"))
            withdraw = _styled(
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
        return _styled(
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

    @_rebuilt
    def results_panel(self) -> w.VBox:
        """Live results: score heatmap, ranking and transfer matrix; Refresh for other machines."""
        with language(self.lang):
            button = _styled(w.Button(description=_("Refresh"), icon="refresh"), "hope-refresh")
            stamp = _styled(w.HTML(), "hope-results-stamp")
        self._results = _styled(w.Output(), "hope-results")
        self._stamp = stamp
        button.on_click(lambda _button: self.refresh())
        self._on_session(self.refresh)
        return _styled(w.VBox([button, stamp, self._results]), "hope-results-panel")

    @_rebuilt
    def export_panel(self) -> w.VBox:
        """Export this session's partner reports (as ``hope export``), with a progress bar."""
        from .export import export_session

        with language(self.lang):
            button = _styled(
                w.Button(description=_("Export partner reports"), icon="file"), "hope-export"
            )
            include = w.Checkbox(description=_("include contact details (personal data)"))
            output = w.Output()
            message = _styled(w.HTML(), "hope-export-message")

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
                message.value = f"<pre class='hope-error'>{_e(str(error))}</pre>"
                return
            finally:
                button.disabled = False
            items = "".join(f"<li>{_e(str(path))}</li>" for path in paths)
            with language(self.lang):
                message.value = message_html(_("Reports written:"), "ok") + f"<ul>{items}</ul>"

        button.on_click(on_export)
        return _styled(w.VBox([w.HBox([button, include]), output, message]), "hope-export-panel")

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


def _set_options(dropdown: Any, options: list[tuple[str, str]]) -> None:
    """Give a dropdown new options, keeping its value when still there, else the first."""
    previous = dropdown.value
    dropdown.options = options
    values = [value for _label, value in options]
    dropdown.value = previous if previous in values else (values[0] if values else None)


def _label(value: object, lang: str) -> str:
    """Pick a taxonomy text in *lang* (English, then any, as a fallback)."""
    from .models import pick_text

    text, _shown = pick_text(value, lang, "en")  # type: ignore[arg-type]
    return text or ""


def _score(text: str) -> object:
    """Read a typed score: a whole number when it is one, else the text (refused later)."""
    stripped = text.strip()
    if not stripped:
        return None
    try:
        return int(stripped)
    except ValueError:
        return stripped
