"""What every chart shares: escaping, ticks, layout, partner order and colours, messages.

A chart module builds its traces and then goes through these helpers, so that every figure
escapes its data the same way (:func:`escape`, through :func:`hopelib.html.plain_text`),
keys its axes by id with shortened names (:func:`ticks`), orders and colours partners the
same way (:func:`partner_palette`), reads score ranges the same way (:func:`score_range`) and
ends with the same layout (:func:`layout`: title, height, the locale's number signs, no cloud
button). Nothing here reads a file or changes plotly's settings.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
from plotly.colors import qualitative

from ..compare import partner_names
from ..html import plain_text
from ..i18n import UNIT_SIGNS, format_number, format_value, locale_for, number_separators

__all__ = [
    "HIGHLIGHT_LINE",
    "REFERENCE_COLOUR",
    "REMOVED_BUTTONS",
    "TITLE_WIDTH",
    "Labels",
    "add_notes",
    "escape",
    "format_indicator",
    "frame_titles",
    "grid_figure",
    "height_for",
    "indicator_labels",
    "label_of",
    "layout",
    "level_values",
    "message_figure",
    "number",
    "partner_label",
    "partner_palette",
    "score_range",
    "shorten",
    "ticks",
    "unit_label",
]

#: Mode bar buttons removed from every figure (stored in the figure itself).
REMOVED_BUTTONS = ["sendChartToCloud"]
#: Characters of a practice title on an axis (the hover has it in full).
TITLE_WIDTH = 42
#: Grey of the reference practices (no partner) and of anything without a colour.
REFERENCE_COLOUR = "#8c959f"
#: Outline of a highlighted bar, cell row or marker.
HIGHLIGHT_LINE = "#24292f"
_ROW_HEIGHT = 26

Labels = Mapping[str, str] | pd.Series


def shorten(text: str, width: int = TITLE_WIDTH) -> str:
    """Shorten *text* to *width* characters with an ellipsis (``…``) where it was cut.

    Parameters
    ----------
    text : str
    width : int

    Returns
    -------
    str
        Whitespace folded; at most *width* characters.
    """
    text = " ".join(str(text).split())
    if len(text) <= width:
        return text
    return text[: width - 1].rstrip() + "…"


def escape(text: object) -> str:
    """Escape data for a plotly label, tick or hover text (:func:`hopelib.html.plain_text`)."""
    return plain_text(text)


def label_of(mapping: Labels | None, key: str) -> str:
    """Look *key* up in *mapping* (id → label), falling back to the id itself."""
    if mapping is None:
        return key
    value = mapping.get(key)
    return str(value) if isinstance(value, str) and value else key


def level_values(df: pd.DataFrame | pd.Series, name: str) -> list[str]:
    """Return the distinct values of one index level (none when the frame lacks it)."""
    if name not in (df.index.names or []):
        return []
    return [str(v) for v in dict.fromkeys(df.index.get_level_values(name))]


def partner_palette(
    present: Sequence[str],
    partners: pd.DataFrame | None = None,
    *,
    first: str | None = None,
) -> tuple[list[str], dict[str, str]]:
    """Order the partners of a chart and give each its colour (the one place that does).

    Parameters
    ----------
    present : list of str
        The partner ids the chart draws; ``""`` stands for the reference practices.
    partners : pandas.DataFrame, optional
        :func:`~hopelib.catalogue.load_partners`: its order, and its ``colour`` column.
    first : str, optional
        A partner to put first (the highlighted one, where a chart wants it first).

    Returns
    -------
    (list of str, dict)
        The ids in order (partners.yaml's order, then the others as given, the reference
        practices last) and id → colour (partners.yaml's, else a palette colour; grey for
        the reference practices).
    """
    present = list(dict.fromkeys(str(p) for p in present))
    known = [str(p) for p in partners.index] if partners is not None else []
    ids = [p for p in known if p in present] + [p for p in present if p not in known and p]
    if first in ids:
        ids.remove(first)
        ids.insert(0, first)
    own = {}
    if partners is not None and "colour" in partners.columns:
        own = {str(k): str(v) for k, v in partners["colour"].dropna().items()}
    palette = iter(qualitative.Safe * (len(ids) // len(qualitative.Safe) + 1))
    colours = {p: own.get(p) or next(palette) for p in ids}
    if "" in present:
        ids.append("")
        colours[""] = REFERENCE_COLOUR
    return ids, colours


def partner_label(partners: pd.DataFrame | None, partner: str, reference: str) -> str:
    """Return a partner's name (*reference* for ``""``, the reference practices)."""
    return partner_names(partners).get(partner, partner) if partner else reference


def layout(fig: go.Figure, title: str | None, height: int, lang: str | None) -> go.Figure:
    """Apply the common layout: title, height, locale's number signs, no cloud button.

    Parameters
    ----------
    fig : plotly.graph_objects.Figure
    title : str, optional
        Escaped here.
    height : int
    lang : str, optional

    Returns
    -------
    plotly.graph_objects.Figure
        *fig*, changed.
    """
    fig.update_layout(
        title={"text": escape(title) if title else None, "x": 0, "xanchor": "left"},
        height=height,
        template="plotly_white",
        separators=number_separators(locale_for(lang)),
        modebar={"remove": REMOVED_BUTTONS},
        margin={"l": 10, "r": 10, "t": 60 if title else 30, "b": 10},
        hoverlabel={"align": "left"},
    )
    fig.update_xaxes(automargin=True)
    fig.update_yaxes(automargin=True)
    return fig


def height_for(rows: int, minimum: int = 320) -> int:
    """Grow a figure with its rows."""
    return max(minimum, 140 + _ROW_HEIGHT * rows)


def message_figure(message: str, *, title: str | None = None, lang: str | None = None) -> go.Figure:
    """Return a figure that only says *message* (used when there is nothing to draw).

    Parameters
    ----------
    message : str
        Escaped here.
    title : str, optional
    lang : str, optional

    Returns
    -------
    plotly.graph_objects.Figure
        No traces; one annotation.
    """
    fig = go.Figure()
    fig.add_annotation(
        text=escape(message),
        x=0.5,
        y=0.5,
        xref="paper",
        yref="paper",
        showarrow=False,
        font={"size": 15, "color": "#57606a"},
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return layout(fig, title, 240, lang)


def number(value: float, lang: str | None, pattern: str = "0.0") -> str:
    """Format a number in the language's locale."""
    return format_number(value, locale_for(lang), pattern)


def ticks(
    ids: Sequence[str], names: Sequence[str], *, bold: Collection[str] = ()
) -> dict[str, Any]:
    """Axis ticks keyed by id (unique), labelled with shortened, escaped names.

    Parameters
    ----------
    ids, names : list of str
        The axis keys and their names.
    bold : collection of str
        Ids whose tick is bold (the highlighted partner, or its practices).

    Returns
    -------
    dict
        Keyword arguments of ``fig.update_xaxes`` / ``update_yaxes``.
    """
    shown = [escape(shorten(n)) for n in names]
    return {
        "tickmode": "array",
        "tickvals": list(ids),
        "ticktext": [f"<b>{t}</b>" if i in bold else t for i, t in zip(ids, shown, strict=True)],
    }


def score_range(
    criteria: Sequence[str],
    scales: Mapping[str, tuple[float, float]] | None,
    low: float,
    high: float,
) -> tuple[float, float]:
    """Return the score range of a chart: the criteria's scales, else what the data spans.

    Parameters
    ----------
    criteria : list of str
        The criteria drawn.
    scales : mapping, optional
        Criterion → (min, max) (:func:`hopelib.compare.criterion_scales`).
    low, high : float
        The lowest and highest value in the data (NaN when there is none).

    Returns
    -------
    (float, float)
        The widest of the criteria's scales, widened to hold the data if a value lies
        outside it; without scales the data's whole numbers around it. Never clipped.
    """
    known = [scales[c] for c in criteria if scales and c in scales]
    bottom = min((float(s[0]) for s in known), default=math.floor(low) if low == low else 0.0)
    top = max((float(s[1]) for s in known), default=math.ceil(high) if high == high else 1.0)
    if low == low:
        bottom = min(bottom, float(low))
    if high == high:
        top = max(top, float(high))
    return (bottom, top if top > bottom else bottom + 1)


def grid_figure(
    z: Any,
    x: Sequence[str],
    y: Sequence[str],
    *,
    text: Any = None,
    customdata: Any = None,
    hovertemplate: str,
    colorscale: Any,
    zmin: float,
    zmax: float,
    colorbar_title: str | None = None,
    gaps: int = 0,
) -> go.Figure:
    """Draw a heatmap grid with :func:`plotly.express.imshow` (every grid chart uses this).

    Parameters
    ----------
    z : 2-D array
        Values (NaN: a blank cell).
    x, y : list of str
        Column and row keys (escaped ids).
    text : 2-D list of str, optional
        Cell text (escaped); default none.
    customdata : 3-D list, optional
        Hover fields (escaped).
    hovertemplate : str
    colorscale : str or list
    zmin, zmax : float
    colorbar_title : str, optional
        Show a colour bar with this title (escaped here); default no colour bar.
    gaps : int
        Pixels between cells.

    Returns
    -------
    plotly.graph_objects.Figure
        One heatmap trace; rows top down.
    """
    values = np.array(z, dtype=float).reshape(len(y), len(x))
    fig = px.imshow(
        values,
        x=list(x),
        y=list(y),
        zmin=zmin,
        zmax=zmax,
        color_continuous_scale=colorscale,
        aspect="auto",
    )
    fig.update_traces(
        customdata=customdata,
        hovertemplate=hovertemplate,
        hoverongaps=False,
        xgap=gaps,
        ygap=gaps,
    )
    if text is not None:
        fig.update_traces(text=text, texttemplate="%{text}")
    if colorbar_title is None:
        fig.update_coloraxes(showscale=False)
    else:
        fig.update_coloraxes(colorbar={"title": {"text": escape(colorbar_title)}, "thickness": 12})
    fig.update_xaxes(title_text=None)
    fig.update_yaxes(title_text=None, autorange="reversed")
    return fig


# ------------------------------------------------------------------ indicators


def format_indicator(value: float, unit: str, lang: str | None) -> str:
    """Format an indicator value in its unit, in the language's locale."""
    return format_value(value, unit, locale_for(lang))


def unit_label(label: str, unit: str) -> str:
    """Return an indicator's label with its unit's sign, e.g. ``Cost (€)``."""
    sign = UNIT_SIGNS.get(unit)
    return f"{label} ({sign})" if sign else label


def frame_titles(df: pd.DataFrame, titles: Labels | None) -> Labels | None:
    """Use *titles*, else the frame's own ``title`` column (practice id → title)."""
    if titles is not None or "title" not in df.columns or df.empty:
        return titles
    return {str(k): str(v) for k, v in zip(df["practice"], df["title"], strict=True)}


def indicator_labels(df: pd.DataFrame, labels: Labels | None) -> dict[str, str]:
    """Return indicator id → label: *labels*, else the frame's ``label`` column, else ids."""
    found = {}
    if "label" in df.columns:
        found = {str(k): str(v) for k, v in zip(df["indicator"], df["label"], strict=True)}
    return {
        i: label_of(labels, i) if labels else found.get(i, i) for i in map(str, df["indicator"])
    }


def add_notes(
    fig: go.Figure, lines: Sequence[str], *, below: bool = False, shift: int = 10
) -> None:
    """Add notes (escaped) under the title, or under the plot with *below*."""
    if not lines:
        return
    fig.add_annotation(
        text="<br>".join(escape(line) for line in lines),
        xref="paper",
        yref="paper",
        x=0,
        y=0.0 if below else 1.0,
        yshift=-shift if below else shift,
        xanchor="left",
        yanchor="top" if below else "bottom",
        align="left",
        showarrow=False,
        font={"size": 11, "color": "#57606a"},
    )
