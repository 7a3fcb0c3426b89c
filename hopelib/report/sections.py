"""The HTML sections of a report about the session itself (no I/O here).

Each function takes the data :func:`~hopelib.report.gather_report` read, computes what the
section shows with :mod:`hopelib.compare`, and renders a template of
``hopelib/html/templates/report/`` in the report's language.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from .. import compare, followup
from ..html import Markup, render
from ..i18n import _, format_date, format_number, language
from ..workshop import session_banner_html
from .data import ReportData

__all__ = [
    "actions_frame",
    "agenda",
    "contacts",
    "first_screen",
    "notes_and_actions",
    "similar",
]


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
            attendance=session.attendance or "",
            partners=[data.name(p) for p in session.partners],
            agenda=[data.title(p) for p in session.practices],
            changed=[data.title(p) for p in data.changed],
            changed_criteria=[
                data.taxonomy.label("criteria", c, data.lang)
                if c in data.taxonomy.ids("criteria")
                else c
                for c in data.changed_criteria
            ],
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
        parts = []
        for practice in own.index:
            found = compare.similar_practices(catalogue, practice, n, index=index)
            view = compare.similar_view(
                catalogue, practice, found, data.taxonomy, data.lang, partner_names=data.names
            )
            view.insert(0, _("Your practice"), data.title(practice))
            parts.append(view)
        frame = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
        if frame.empty:
            frame = pd.DataFrame(columns=[_("Your practice")])
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
