"""The page around a report's sections: styles, scripts, figures and section headings."""

from __future__ import annotations

import plotly.graph_objects as go

from .. import charts
from ..html import Markup, render, trusted
from ..i18n import language
from .data import ReportData

__all__ = [
    "SECTIONS",
    "figure",
    "heading",
    "setup",
    "stylesheet",
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
    return render("report/styles.html.j2")


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
