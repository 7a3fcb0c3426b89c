"""A chart drawn in plain HTML: heatmaps as coloured tables, bar charts as rows of bars.

The participant page of ``hope serve`` is opened on phones, often over a mobile network:
:func:`plain_chart` draws the same figures the results wall draws with plotly, without
plotly.js (4.8 MB less per page, nothing to lay out in the browser but a table). It reads the
figure as built by this package — its labels, cell texts, colours and notes — so the page
says exactly what the chart says; a screen reader reads it as a table, and long practice
names wrap instead of being cut.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import plotly.graph_objects as go
from markupsafe import Markup
from plotly.colors import hex_to_rgb, label_rgb, sample_colorscale, unlabel_rgb

from ..html import label_text, render

__all__ = ["plain_chart"]

#: Text on a coloured cell: whichever of the two reads better on it (WCAG contrast).
DARK, LIGHT = "#1b1b1b", "#ffffff"


def _luminance(colour: str) -> float:
    """Relative luminance (WCAG 2.1) of an ``rgb(r, g, b)`` colour."""
    channels = []
    for value in unlabel_rgb(colour):
        c = float(value) / 255
        channels.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    red, green, blue = channels
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def _text_colour(background: str) -> str:
    """Return the text colour with the larger contrast on *background*."""
    lum = _luminance(background)
    on_dark = (1.05) / (lum + 0.05)  # white text
    on_light = (lum + 0.05) / (_luminance("rgb(27, 27, 27)") + 0.05)
    return LIGHT if on_dark > on_light else DARK


def _rgb_scale(scale: Any) -> Any:
    """Return *scale* with ``rgb()`` colours (what plotly's sampler takes); names kept."""
    if isinstance(scale, str):
        return scale
    return [
        [float(at), label_rgb(hex_to_rgb(c)) if str(c).startswith("#") else str(c)]
        for at, c in scale
    ]


def _labels(axis: Any, keys: Sequence[Any]) -> list[tuple[str, bool]]:
    """Each key's label on *axis* (its tick text when it has one), plain, and whether bold."""
    shown = {}
    if axis.tickvals is not None and axis.ticktext is not None:
        shown = {str(v): str(t) for v, t in zip(axis.tickvals, axis.ticktext, strict=False)}
    labels = []
    for key in keys:
        text = shown.get(str(key), str(key))
        bold = text.startswith("<b>") and text.endswith("</b>")
        labels.append((label_text(text[3:-4] if bold else text), bold))
    return labels


def _grid(fig: go.Figure, trace: Any) -> dict[str, Any]:
    """Read a heatmap as rows of cells: label, text, value and colours."""
    axis = fig.layout.coloraxis if trace.coloraxis else None
    scale = _rgb_scale((axis.colorscale if axis else None) or trace.colorscale)
    low = axis.cmin if axis and axis.cmin is not None else trace.zmin
    high = axis.cmax if axis and axis.cmax is not None else trace.zmax
    values = [[float(v) for v in row] for row in trace.z]
    finite = [v for row in values for v in row if not math.isnan(v)]
    low = min(finite, default=0.0) if low is None else float(low)
    high = max(finite, default=1.0) if high is None else float(high)
    texts = trace.text if trace.text is not None else [[""] * len(r) for r in values]
    columns = _labels(fig.layout.xaxis, trace.x if trace.x is not None else range(len(values[0])))
    rows = _labels(fig.layout.yaxis, trace.y if trace.y is not None else range(len(values)))
    body = []
    for (label, bold), row, row_texts in zip(rows, values, texts, strict=True):
        cells: list[dict[str, Any]] = []
        for value, text in zip(row, row_texts, strict=True):
            if math.isnan(value):
                cells.append({"text": "", "value": None, "background": None, "colour": None})
                continue
            share = 0.5 if high <= low else min(max((value - low) / (high - low), 0.0), 1.0)
            background = sample_colorscale(scale, [share])[0]
            cells.append(
                {
                    "text": label_text(text),
                    "value": value,
                    "background": background,
                    "colour": _text_colour(background),
                }
            )
        body.append({"label": label, "bold": bold, "cells": cells})
    legend = None
    if axis is not None and axis.showscale is not False and axis.colorbar.title.text:
        ends = sample_colorscale(scale, [0.0, 0.5, 1.0])
        legend = {
            "title": label_text(axis.colorbar.title.text),
            "low": _number(low, axis.colorbar.tickformat, fig.layout.separators),
            "high": _number(high, axis.colorbar.tickformat, fig.layout.separators),
            "gradient": ", ".join(ends),
        }
    return {"columns": [c for c, _bold in columns], "rows": body, "legend": legend}


def _number(value: float, tickformat: str | None, separators: str | None) -> str:
    """Write a colour bar's end as its ticks show it (a share in per cent, or the score).

    A score takes the figure's decimal sign (its ``separators``, set in the chart's language).
    """
    if tickformat and tickformat.endswith("%"):
        return f"{100 * value:.0f} %"
    return f"{value:g}".replace(".", (separators or ".")[0])


def _bars(fig: go.Figure, trace: Any) -> dict[str, Any]:
    """Read a bar chart as rows: label, text and the bar's length in per cent of its axis."""
    across = trace.orientation == "h"
    values = [float(v) for v in (trace.x if across else trace.y)]
    keys = list(trace.y if across else trace.x)
    axis = fig.layout.xaxis if across else fig.layout.yaxis
    low, high = axis.range if axis.range is not None else (min(0.0, *values), max(values))
    texts = trace.text if trace.text is not None else [f"{v:g}" for v in values]
    colour = trace.marker.color if isinstance(trace.marker.color, str) else "#1f5fa8"
    rows = []
    labels = _labels(fig.layout.yaxis if across else fig.layout.xaxis, keys)
    for (label, bold), value, text in zip(labels, values, texts, strict=True):
        share = 0.0 if high <= low else min(max((value - low) / (high - low), 0.0), 1.0)
        rows.append(
            {
                "label": label,
                "bold": bold,
                "text": label_text(text),
                "value": value,
                "width": round(100 * share, 1),
            }
        )
    title = axis.title.text
    return {"rows": rows, "colour": colour, "axis": label_text(title) if title else ""}


def plain_chart(fig: go.Figure) -> Markup:
    """Draw *fig* in plain HTML, without plotly.js.

    Parameters
    ----------
    fig : plotly.graph_objects.Figure
        A chart of this package: a heatmap (e.g. :func:`~hopelib.charts.score_heatmap`,
        :func:`~hopelib.charts.transfer_chart`), a bar chart (e.g.
        :func:`~hopelib.charts.ranking_chart`) or a message (:func:`message_figure`). The
        title is not shown (the page shows it as a heading).

    Returns
    -------
    markupsafe.Markup
        A table with coloured cells (and the colour bar's title and ends below; in a box
        that scrolls sideways when wider than the page, named by the title), rows of
        bars with their labels and texts, or the message; the chart's notes below it. Each
        cell and bar carries its number in ``data-value``. Every text is escaped.

    Raises
    ------
    ValueError
        For a figure of another kind of trace (a map, lines …) or of several traces (stacked
        bars …): draw those with plotly.
    """
    notes = [label_text(n.text) for n in fig.layout.annotations if n.text]
    title = label_text(fig.layout.title.text or "")  # names the table's scrolling box
    if not fig.data:
        return render("widgets/plain_chart.html.j2", kind="message", notes=notes)
    trace = fig.data[0]
    if len(fig.data) > 1:  # stacked bars, lines over bars …: one table would not say it all
        raise ValueError(f"plain_chart draws charts of one trace, not {len(fig.data)}")
    if trace.type == "heatmap":
        return render(
            "widgets/plain_chart.html.j2",
            kind="grid",
            notes=notes,
            title=title,
            **_grid(fig, trace),
        )
    if trace.type == "bar":
        return render("widgets/plain_chart.html.j2", kind="bars", notes=notes, **_bars(fig, trace))
    raise ValueError(f"plain_chart draws heatmaps and bar charts, not a {trace.type} chart")
