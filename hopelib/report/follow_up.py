"""Follow-up sections of a report: earlier workshops' actions and transfer plans.

Laid out from :class:`ReportData` (no I/O here).
"""

from __future__ import annotations

from .. import followup
from ..html import Markup, render
from ..i18n import format_date, language
from . import figures
from .data import ReportData
from .page import figure

__all__ = [
    "since_last_workshop",
    "transfer_plans",
]


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
