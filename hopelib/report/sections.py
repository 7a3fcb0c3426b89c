"""The HTML sections of a partner's report, laid out from :class:`ReportData` (no I/O here).

Each function takes the data :func:`~hopelib.report.gather_report` read, computes what the
section shows with :mod:`hopelib.compare` and :mod:`hopelib.followup`, and renders a template
of ``hopelib/html/templates/report/`` in the report's language.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go

from .. import charts, compare, followup
from ..html import STYLESHEET, Markup, render, trusted
from ..i18n import _, format_date, format_number, format_value, language
from ..indicators import unit_indicator_figures
from ..workshop import session_banner_html
from . import figures
from .data import ReportData

__all__ = [
    "SECTIONS",
    "actions_frame",
    "agenda",
    "contacts",
    "figure",
    "first_screen",
    "heading",
    "indicators",
    "notes_and_actions",
    "setup",
    "similar",
    "since_last_workshop",
    "stylesheet",
    "transfer_plans",
]

#: The sections a report notebook may head (:func:`heading`).
SECTIONS = (
    "agenda",
    "scores",
    "ranking",
    "transfer",
    "similar",
    "contacts",
    "map",
    "follow_up",
    "plans",
    "indicators",
)


def stylesheet() -> Markup:
    """Return the workbook's stylesheet as a ``<style>`` element.

    Returns
    -------
    markupsafe.Markup
        A ``<style>`` element.
    """
    return render("report/styles.html.j2", stylesheet=STYLESHEET)


def setup() -> Markup:
    """Return the styles, plotly.js and the map's outlines, inlined once for a report.

    Returns
    -------
    markupsafe.Markup
        A ``<style>`` element and two ``<script>`` elements.
    """
    from plotly.offline import get_plotlyjs

    return render(
        "report/setup.html.j2",
        stylesheet=STYLESHEET,
        javascript=trusted(get_plotlyjs()),
        geo=charts.geo_assets_script(),
    )


def figure(fig: go.Figure) -> Markup:
    """Return a figure as an offline HTML fragment (no CDN, no MathJax, safe config).

    Parameters
    ----------
    fig : plotly.graph_objects.Figure

    Returns
    -------
    markupsafe.Markup
        The figure's ``<div>`` and the script that draws it (plotly.js comes from :func:`setup`).
    """
    return charts.figure_html(fig)


def heading(data: ReportData, section: str) -> Markup:
    """Return a section heading in the report's language (one of :data:`SECTIONS`).

    Parameters
    ----------
    data : ReportData
        What the partner may see (:func:`~hopelib.report.gather_report`).
    section : str
        One of :data:`SECTIONS`.

    Returns
    -------
    markupsafe.Markup
    """
    if section not in SECTIONS:
        raise ValueError(f"section: {section!r} is none of {', '.join(SECTIONS)}")
    with language(data.lang):
        return render("report/heading.html.j2", section=section)


def actions_frame(data: ReportData, *, open_only: bool = False) -> pd.DataFrame:
    """Return this partner's actions (with owners) as a display frame.

    Parameters
    ----------
    data : ReportData
        What the partner may see (:func:`~hopelib.report.gather_report`).
    open_only : bool
        Only the actions still open or being done.

    Returns
    -------
    pandas.DataFrame
        Action, practice, owner, due date and status, headed in the report's language.
    """
    mine = data.actions
    if mine.empty:
        return pd.DataFrame()
    if open_only:
        mine = mine[mine["status"].isin(followup.OPEN_STATUSES)]
    with language(data.lang):
        return pd.DataFrame(
            {
                _("Action"): mine["text"],
                _("Practice"): mine["practice"].map(
                    lambda p: data.title(p) if isinstance(p, str) and p else "–"
                ),
                _("Owner"): mine["owner"].replace("", "–"),
                _("Due"): mine["due"].map(
                    lambda d: format_date(d, data.locale) if isinstance(d, dt.date) else "–"
                ),
                _("Status"): mine["status"].map(followup.status_label),
            }
        )


def first_screen(data: ReportData) -> Markup:
    """Return the session at a glance, and what matters most for this partner.

    Parameters
    ----------
    data : ReportData
        What the partner may see (:func:`~hopelib.report.gather_report`).

    Returns
    -------
    markupsafe.Markup
    """
    session = data.session
    with language(data.lang):
        top = compare.ranking(data.ratings, data.withdrawals, partner=data.partner, lang=data.lang)
        top_rated = pd.DataFrame(
            [
                (
                    data.title(p),
                    format_number(row["mean"], data.locale, "0.0"),
                    int(row["n_raters"]),
                )
                for p, row in top.head(3).iterrows()
            ],
            columns=[_("Practice"), _("Mean"), _("Raters")],
        )
        earlier = data.follow_up
        mine = earlier[earlier["partner"] == data.partner] if not earlier.empty else earlier
        return render(
            "report/first_screen.html.j2",
            partner=data.name(data.partner),
            banner=session_banner_html(
                session, data.lang, data.name(session.host), locale=data.locale
            ),
            participants=[(data.name(p), n) for p, n in session.participants.items()],
            partners=[data.name(p) for p in session.partners],
            agenda=[data.title(p) for p in session.practices],
            changed=[data.title(p) for p in data.changed],
            top_rated=top_rated,
            wanted=_wanted(data),
            open_actions=actions_frame(data, open_only=True),
            follows=bool(data.earlier),
            done=int((mine["status"] == "done").sum()) if not mine.empty else 0,
            total=len(mine),
            late=int(mine["overdue"].sum()) if not mine.empty else 0,
        )


def _wanted(data: ReportData) -> pd.DataFrame:
    """Return the practices this partner's participants would adopt or adapt, as a display frame."""
    matrix = compare.transfer_matrix(data.interests, data.withdrawals, levels=data.levels)
    rows = []
    if not matrix.empty and data.partner in matrix.index.get_level_values("partner"):
        for practice, row in matrix.xs(data.partner, level="partner").iterrows():
            if row["level"] in data.levels[:2]:
                label = data.taxonomy.label("transfer_levels", str(row["level"]), data.lang)
                share = f"{int(row['n_level'])}/{int(row['n_participants'])}"
                rows.append((data.title(practice), label, share))
    return pd.DataFrame(rows, columns=[_("Practice"), _("Level"), _("Participants")])


def agenda(data: ReportData) -> Markup:
    """Return the agenda's practices, their whole template side by side.

    Parameters
    ----------
    data : ReportData
        What the partner may see (:func:`~hopelib.report.gather_report`).

    Returns
    -------
    markupsafe.Markup
    """
    return compare.side_by_side_html(
        data.catalogue,
        list(data.session.practices),
        data.lang,
        taxonomy=data.taxonomy,
        partner_names=data.names,
    )


def notes_and_actions(data: ReportData) -> Markup:
    """Return the notes and comments this partner may read, and its actions with owners.

    Parameters
    ----------
    data : ReportData
        What the partner may see (:func:`~hopelib.report.gather_report`).

    Returns
    -------
    markupsafe.Markup
    """
    with language(data.lang):
        notes = data.notes
        note_rows = pd.DataFrame()
        if not notes.empty:
            note_rows = pd.DataFrame(
                {
                    _("From"): notes["partner"].map(data.name),
                    _("About"): notes["practice"].map(
                        lambda p: data.title(p) if isinstance(p, str) and p else "–"
                    ),
                    _("Note"): notes["text"],
                    _("Visibility"): notes["visibility"].map(
                        lambda v: _("private to you") if v == "private" else _("shared")
                    ),
                }
            )
        current = compare.current_records(
            data.ratings, ["session", "participant", "practice", "criterion"], data.withdrawals
        )
        comments = pd.DataFrame()
        if not current.empty:
            said = current[current["comment"].fillna("") != ""]
            said = said.drop_duplicates(["participant", "practice", "comment"])
            comments = pd.DataFrame(
                {
                    _("From"): said["partner"].map(data.name),
                    _("Practice"): said["practice"].map(data.title),
                    _("Comment"): said["comment"],
                }
            )
        return render(
            "report/notes_and_actions.html.j2",
            notes=note_rows,
            comments=comments,
            actions=actions_frame(data),
        )


def since_last_workshop(data: ReportData) -> Markup:
    """Return the actions of the earlier workshops this session follows, with their status.

    Every partner's actions are listed with their latest status and its history (who
    changed it is named by partner, never by pseudonym); owners only for this partner's
    own actions; overdue ones are flagged.

    Parameters
    ----------
    data : ReportData
        What the partner may see (:func:`~hopelib.report.gather_report`).

    Returns
    -------
    markupsafe.Markup
    """
    with language(data.lang):
        if not data.earlier:
            return render("report/since_last_workshop.html.j2", follows=False)
        frame = data.follow_up
        table = followup.since_last_workshop_html(
            frame,
            data.action_events,
            session_titles=data.session_titles,
            partner_names=data.names,
            practice_titles={str(k): str(v) for k, v in data.titles.items()},
            locale=data.locale,
            as_of=data.as_of,
            partner=data.partner,
        )
        return render(
            "report/since_last_workshop.html.j2",
            follows=True,
            sessions="; ".join(data.session_titles[s] for s in data.earlier),
            date=format_date(data.as_of, data.locale),
            chart=figure(figures.follow_up_chart(data)) if not frame.empty else "",
            table=table,
        )


def transfer_plans(data: ReportData) -> Markup:
    """Return this partner's transfer plans (latest versions), only in its own report.

    Parameters
    ----------
    data : ReportData
        What the partner may see (:func:`~hopelib.report.gather_report`).

    Returns
    -------
    markupsafe.Markup
    """
    with language(data.lang):
        cards = [
            followup.transfer_plan_html(
                plan,
                practice_title=data.title(plan["practice"]),
                locale=data.locale,
                level=data.taxonomy.label(
                    "transfer_levels", data.plan_levels[plan["practice"]], data.lang
                )
                if data.plan_levels.get(plan["practice"])
                else "",
                session_title=data.session_titles.get(plan["session"], plan["session"]),
            )
            for plan in data.plans.to_dict("records")
        ]
        return render("report/transfer_plans.html.j2", cards=cards)


def indicators(data: ReportData) -> Markup:
    """Return what this partner's practices achieve.

    The charts of :func:`~hopelib.report.figures.indicator_figures`, figures per participant
    and per euro, and the sources of the real figures; illustrative figures are marked as
    such everywhere.

    Parameters
    ----------
    data : ReportData
        What the partner may see (:func:`~hopelib.report.gather_report`).

    Returns
    -------
    markupsafe.Markup
    """
    with language(data.lang):
        mine = data.indicators[data.indicators["partner"] == data.partner]
        if mine.empty:
            return render("report/indicators.html.j2", any_values=False)
        return render(
            "report/indicators.html.j2",
            any_values=True,
            charts=[figure(f) for f in figures.indicator_figures(data)],
            units=_unit_figures(data, mine),
            sources=_sources(data, mine),
        )


def _unit_figures(data: ReportData, mine: pd.DataFrame) -> pd.DataFrame:
    """Return the latest cost per participant and reach per euro of each practice."""
    figure_names = {
        "cost_per_participant": _("cost per participant"),
        "cost_per_place_per_session": _("cost per place per session"),
    }
    illustrative = _("illustrative")
    units = unit_indicator_figures(mine, data.catalogue)
    # The latest period of each figure (the trends are in the charts above).
    units = units.drop_duplicates(["practice", "figure"], keep="last")
    rows = []
    for row in units.to_dict("records"):
        name = figure_names.get(row["figure"])
        if name is None:  # <indicator>_per_1000_eur
            label = data.taxonomy.label("indicators", row["numerator"], data.lang)
            name = _("{indicator} per 1,000 €").format(indicator=label)
        value = format_value(row["value"], "eur" if row["unit"] == "eur" else "", data.locale)
        shown = value + (f" ({illustrative})" if row["illustrative"] else "")
        rows.append((row["title"], name, row["period"], shown))
    return pd.DataFrame(rows, columns=[_("Practice"), _("Figure"), _("Period"), _("Value")])


def _sources(data: ReportData, mine: pd.DataFrame) -> pd.DataFrame:
    """Return the real (not illustrative) figures with their sources, as a display frame."""
    real = mine[~mine["illustrative"].astype(bool)]
    return pd.DataFrame(
        {
            _("Practice"): real["title"],
            _("Indicator"): real["label"],
            _("Period"): real["period"],
            _("Value"): [
                format_value(v, u, data.locale, exact=True)
                for v, u in zip(real["value"], real["unit"], strict=True)
            ],
            _("Source"): real["source"],
            _("Note"): real["note"],
        }
    )


def similar(data: ReportData, n: int = 3) -> Markup:
    """Practices of other partners most similar to each of this partner's own.

    Parameters
    ----------
    data : ReportData
        What the partner may see (:func:`~hopelib.report.gather_report`).
    n : int
        Look-alikes per practice of the partner.

    Returns
    -------
    markupsafe.Markup
    """
    catalogue = data.catalogue
    own = catalogue[catalogue["partner"] == data.partner]
    with language(data.lang):
        if own.empty:
            return render("report/similar.html.j2", own=False)
        index = compare.build_similarity_index(catalogue)
        rows = [
            (
                data.title(practice),
                data.title(other),
                data.name(row["partner"]),
                ", ".join(row["shared_terms"]),
            )
            for practice in own.index
            for other, row in compare.similar_practices(
                catalogue, practice, n, index=index
            ).iterrows()
        ]
        frame = pd.DataFrame(
            rows,
            columns=[_("Your practice"), _("Similar practice"), _("Partner"), _("In common")],
        )
        return render("report/similar.html.j2", own=True, similar=frame)


def contacts(data: ReportData) -> Markup:
    """Contact points of the agenda's practices, only when the export asked for them.

    Parameters
    ----------
    data : ReportData
        What the partner may see (:func:`~hopelib.report.gather_report`).

    Returns
    -------
    markupsafe.Markup
    """
    with language(data.lang):
        if data.contacts is None:
            return render("report/contacts.html.j2", asked=False)
        found = data.contacts
        frame = pd.DataFrame(
            {
                _("Practice"): found["practice"].map(data.title),
                _("Role"): found["role"],
                _("Organisation"): found["organisation"],
                _("Name"): found["name"],
                _("E-mail"): found["email"],
                _("Phone"): found["phone"],
            }
        ).replace({"": "–", None: "–"})
        return render("report/contacts.html.j2", asked=True, contacts=frame)
