"""The charts of a partner's report, drawn from :class:`ReportData` (no I/O here)."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go

from .. import charts, compare, followup
from ..i18n import _, language
from ..indicators import compare_indicator, partner_overview
from .data import ReportData

__all__ = [
    "follow_up_chart",
    "indicator_figures",
    "map_figure",
    "ranking",
    "score_heatmap",
    "transfer",
]


def score_heatmap(data: ReportData, *, own: bool = False) -> go.Figure:
    """Mean scores per practice and criterion: everyone's, or this partner's (``own``).

    Parameters
    ----------
    data : ReportData
        What the partner may see (:func:`~hopelib.report.gather_report`).
    own : bool
        Only this partner's participants.

    Returns
    -------
    plotly.graph_objects.Figure
    """
    summary = compare.score_summary(
        data.ratings, data.withdrawals, partner=data.partner if own else None
    )
    with language(data.lang):
        title = (
            _("Scores of {partner}'s participants").format(partner=data.name(data.partner))
            if own
            else _("Scores of all participants")
        )
    return charts.score_heatmap(
        summary,
        partner=data.partner,
        owners=data.catalogue["partner"],
        titles=data.titles,
        labels={c: data.taxonomy.label("criteria", c, data.lang) for c in data.session.criteria},
        criteria=data.session.criteria,
        scales=compare.criterion_scales(data.taxonomy),
        lang=data.lang,
        title=title,
    )


def ranking(data: ReportData, *, own: bool = False) -> go.Figure:
    """Rank the agenda: by everyone, or by this partner's participants (``own``).

    Parameters
    ----------
    data : ReportData
        What the partner may see (:func:`~hopelib.report.gather_report`).
    own : bool
        Only this partner's participants.

    Returns
    -------
    plotly.graph_objects.Figure
    """
    ranked = compare.ranking(
        data.ratings,
        data.withdrawals,
        partner=data.partner if own else None,
        lang=data.lang,
        scales=compare.criterion_scales(data.taxonomy),
    )
    with language(data.lang):
        title = (
            _("Ranking by {partner}'s participants").format(partner=data.name(data.partner))
            if own
            else _("Ranking by all participants")
        )
    return charts.ranking_chart(
        ranked,
        partner=data.partner,
        owners=data.catalogue["partner"],
        titles=data.titles,
        lang=data.lang,
        title=title,
    )


def map_figure(data: ReportData) -> go.Figure:
    """Draw where the practices run, this partner's larger (outlines travel in the page).

    Parameters
    ----------
    data : ReportData
        What the partner may see (:func:`~hopelib.report.gather_report`).

    Returns
    -------
    plotly.graph_objects.Figure
    """
    return charts.map_chart(
        data.catalogue,
        partner=data.partner,
        partners=data.partners,
        labels=compare.term_labels(data.taxonomy, "categories", data.lang),
        lang=data.lang,
    )


def transfer(data: ReportData) -> go.Figure:
    """Draw the transfer matrix, this partner's row highlighted.

    Parameters
    ----------
    data : ReportData
        What the partner may see (:func:`~hopelib.report.gather_report`).

    Returns
    -------
    plotly.graph_objects.Figure
    """
    matrix = compare.transfer_matrix(data.interests, data.withdrawals, levels=data.levels)
    return charts.transfer_chart(
        matrix,
        partner=data.partner,
        partners=data.partners,
        titles=data.titles,
        labels=compare.term_labels(data.taxonomy, "transfer_levels", data.lang),
        levels=data.levels,
        lang=data.lang,
    )


def follow_up_chart(data: ReportData) -> go.Figure:
    """Return the earlier workshops' actions per partner by status (this partner in bold).

    Parameters
    ----------
    data : ReportData
        What the partner may see (:func:`~hopelib.report.gather_report`).

    Returns
    -------
    plotly.graph_objects.Figure
    """
    with language(data.lang):
        return charts.action_status_chart(
            followup.action_status_counts(data.follow_up),
            partner=data.partner,
            partners=data.partners,
            labels=followup.status_labels(),
            lang=data.lang,
        )


def indicator_figures(data: ReportData) -> list[go.Figure]:
    """Return the impact charts of this partner's practices.

    Its overview, a trend per practice, and a comparison across partners for each
    indicator that another partner reports too.

    Parameters
    ----------
    data : ReportData
        What the partner may see (:func:`~hopelib.report.gather_report`).

    Returns
    -------
    list of plotly.graph_objects.Figure
        Empty when the partner's practices have no indicator values.
    """
    frame = data.indicators
    mine = frame[frame["partner"] == data.partner]
    if mine.empty:
        return []
    common: dict[str, Any] = {"partners": data.partners, "titles": data.titles, "lang": data.lang}
    overview = partner_overview(frame, data.partner)
    found = [charts.partner_indicator_overview_chart(overview, partner=data.partner, **common)]
    found += [
        charts.indicator_trend_chart(frame, practice, **common)
        for practice in dict.fromkeys(mine["practice"])
    ]
    reporting = frame.dropna(subset=["partner"]).groupby("indicator")["partner"].nunique()
    found += [
        charts.indicator_comparison_chart(
            compare_indicator(frame, indicator), partner=data.partner, **common
        )
        for indicator in dict.fromkeys(mine["indicator"])
        if reporting.get(indicator, 0) > 1
    ]
    return found
