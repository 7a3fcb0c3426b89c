"""The page around a report's sections: styles, scripts, figures and section headings."""

from __future__ import annotations

import plotly.graph_objects as go

from .. import charts
from ..html import Markup, render, trusted
from ..i18n import language
from ..models import Session, pick_text
from .data import ReportData

__all__ = [
    "SECTIONS",
    "figure",
    "heading",
    "page_title",
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


def setup(data: ReportData | None = None) -> Markup:
    """Return the styles, plotly.js and the map's outlines, inlined once for a report.

    Parameters
    ----------
    data : ReportData, optional
        The report's data: its partner and session head every printed page.

    Returns
    -------
    markupsafe.Markup
        A ``<style>`` element (screen, phone width and print) and the ``<script>`` elements
        of plotly.js (the trace types the reports draw), the map's outlines and the fit of
        the charts to a printed page.
    """
    header = None
    if data is not None:
        header = page_title(data.session, data.name(data.partner), data.lang)
    return render(
        "report/setup.html.j2",
        javascript=trusted(charts.plotly_javascript()),
        geo=charts.geo_assets_script(),
        fit=render("report/fit.html.j2"),
        header=header,
    )


def page_title(session: Session, partner_name: str, lang: str) -> str:
    """Return a report's title: ``HOPE · Maribor · Demo workshop 1 (illustrative)``.

    Parameters
    ----------
    session : Session
    partner_name : str
        The partner's display name.
    lang : str
        The report's language (the session's title in it when it has one).

    Returns
    -------
    str
        Plain text (the page's ``<title>``, every printed page's header).
    """
    text, _shown = pick_text(session.title, lang, session.lang)
    return f"HOPE · {partner_name} · {text or session.id}"


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
