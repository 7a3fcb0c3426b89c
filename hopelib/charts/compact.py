"""Charts for a phone's width: the same figure, laid out to fit about 360 px.

The participant page (``hope serve``) is phone-first, and its charts are drawn in the kernel,
which does not know the screen: :func:`for_phone` lays any chart of this package out for a
narrow column, following the rules the reports apply in the browser at phone width
(``report/fit.html.j2``): category labels cut short (the hover keeps the full title), titles
and notes wrapped, colour bars and legends below the chart, text beside a bar moved inside
it, and the chart as wide as its box.
"""

from __future__ import annotations

import re
import textwrap
from typing import Any

import plotly.graph_objects as go

from ..html import label_text
from .base import escape, shorten

__all__ = ["for_phone"]

#: Characters of a category label: down the side, and across the top or bottom.
LABEL, LABEL_ACROSS = 20, 12
#: Characters of a line of a chart's title (axis titles a little more, notes a little less).
WRAP = 36
#: Pixels of the upright labels of an axis on top (12 characters).
TOP_LABELS = 95
#: A colour bar below the chart, centred.
BELOW = {
    "orientation": "h",
    "x": 0.5,
    "xanchor": "center",
    "y": -0.04,
    "yanchor": "top",
    "thickness": 12,
}
_AXIS = re.compile(r"^[xy]axis\d*$")
_COLOUR_AXIS = re.compile(r"^coloraxis\d*$")


def _short(label: str, most: int) -> str:
    """Cut an escaped label (bold kept) to *most* characters of its plain text."""
    bold = label.startswith("<b>") and label.endswith("</b>")
    plain = label_text(label[3:-4] if bold else label)
    cut = escape(shorten(plain, most))
    return f"<b>{cut}</b>" if bold else cut


def _wrapped(text: str, most: int) -> list[str]:
    """Lines of at most *most* characters, broken between words (existing breaks kept)."""
    lines: list[str] = []
    for part in text.split("<br>"):
        lines += textwrap.wrap(part, most, break_long_words=False, break_on_hyphens=False) or [""]
    return lines


def for_phone(figure: go.Figure) -> go.Figure:
    """Return a copy of *figure* laid out for a phone's width.

    Parameters
    ----------
    figure : plotly.graph_objects.Figure
        A chart of :mod:`hopelib.charts` (any plotly figure works).

    Returns
    -------
    plotly.graph_objects.Figure
        Category labels of at most 20 characters down the side and 12 across (the hover
        keeps the full text), titles, axis titles and notes wrapped, colour bars and the
        legend below the chart, bar text inside its bar, no fixed width, and a height
        grown by what moved below.
    """
    spec = figure.to_plotly_json()
    layout: dict[str, Any] = spec.get("layout", {})
    data: list[dict[str, Any]] = spec.get("data", [])
    taller, top_labels = 0, 0
    for name, axis in list(layout.items()):
        if not _AXIS.match(name) or not isinstance(axis, dict):
            continue
        across = name.startswith("x")
        if axis.get("ticktext") is not None:
            most = LABEL_ACROSS if across else LABEL
            axis["ticktext"] = [_short(str(t), most) for t in axis["ticktext"]]
            if across and axis.get("side") == "top":  # upright, below the title
                axis.update(tickangle=-90, automargin=False)
                top_labels = TOP_LABELS
        title = axis.get("title")
        if isinstance(title, dict) and title.get("text"):
            lines = _wrapped(str(title["text"]), WRAP + 8)
            title["text"] = "<br>".join(lines)
            taller += 16 * (len(lines) - 1)
    for name, axis in layout.items():
        if _COLOUR_AXIS.match(name) and isinstance(axis, dict) and axis.get("showscale", True):
            axis["colorbar"] = {**axis.get("colorbar", {}), **BELOW}
            taller += 90
    for trace in data:
        if trace.get("showscale", trace.get("type") == "heatmap") and not trace.get("coloraxis"):
            trace["colorbar"] = {**trace.get("colorbar", {}), **BELOW}
            taller += 90
        if trace.get("type") == "bar" and trace.get("textposition") in ("outside", "auto"):
            trace.update(textposition="inside", textangle=0)  # shrunk to fit, never turned
    margin = layout.setdefault("margin", {})
    entries = [t for t in data if t.get("showlegend", True) and t.get("name")]
    if layout.get("showlegend", len(entries) > 1) and entries:
        foot = 22 * (len(entries) + 1) + 10  # one entry a line, at the foot of the chart
        layout["legend"] = {
            **layout.get("legend", {}),
            "orientation": "v",
            "xref": "container",
            "yref": "container",
            "x": 0,
            "xanchor": "left",
            "y": 0,
            "yanchor": "bottom",
        }
        margin["b"] = margin.get("b", 0) + foot
        taller += foot
    title = layout.get("title")
    lines = []
    if isinstance(title, dict) and title.get("text"):
        lines = _wrapped(str(title["text"]), WRAP)
        # At the top of the chart, and the labels on top (if any) below it.
        title.update(text="<br>".join(lines), yref="container", y=1, yanchor="top", pad={"t": 8})
    if lines or top_labels:
        top = (22 * len(lines) + 14 if lines else 10) + top_labels
        taller += max(0, top - margin.get("t", 0))
        margin["t"] = top
    for note in layout.get("annotations", []):
        if not note.get("text"):
            continue
        was = str(note["text"]).count("<br>") + 1
        lines = _wrapped(str(note["text"]), WRAP - 8)
        note["text"] = "<br>".join(lines)
        more = 16 * (len(lines) - was)
        y = note.get("y", 0.5)
        if str(note.get("yref", "paper")).startswith("paper") and (y >= 1 or y <= 0):
            side = "t" if y >= 1 else "b"
            margin[side] = margin.get(side, 0) + more
            taller += more
        if str(note.get("xref", "x")).startswith("paper") and note.get("x", 0) > 1:
            note.update(x=0, xanchor="left", align="left")  # beside the chart: above it
    layout.pop("width", None)
    layout["autosize"] = True
    if taller:
        layout["height"] = (layout.get("height") or 450) + taller
    return go.Figure(spec)
