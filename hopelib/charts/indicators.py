"""Impact indicators over time and across practices."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..i18n import _, language
from .base import (
    HIGHLIGHT_LINE,
    Labels,
    add_notes,
    escape,
    format_indicator,
    frame_titles,
    height_for,
    indicator_labels,
    label_of,
    layout,
    message_figure,
    partner_label,
    partner_palette,
    shorten,
    ticks,
    unit_label,
)

__all__ = ["indicator_comparison_chart", "indicator_trend_chart"]


def _trend_points(rows: pd.DataFrame, by_year: bool) -> tuple[list[Any], list[Any], list[int]]:
    """Return x, y and row positions of a series: a point per period, a segment per span.

    With *by_year* (only years and spans of years) x is the year itself, a span running
    from its first to its last year; otherwise x is the period's first day (a span's last).
    """
    xs: list[Any] = []
    ys: list[Any] = []
    where: list[int] = []
    for position, (_index, row) in enumerate(rows.iterrows()):
        start, end = pd.Timestamp(row["period_start"]), pd.Timestamp(row["period_end"])
        first: Any = start.year if by_year else start.to_pydatetime()
        if row["period_kind"] == "range":
            last: Any = end.year if by_year else end.to_pydatetime()
            xs += [first, last, None]
            ys += [row["value"], row["value"], None]
            where += [position, position, position]
        else:
            xs.append(first)
            ys.append(row["value"])
            where.append(position)
    return xs, ys, where


def indicator_trend_chart(
    df: pd.DataFrame,
    practice: str,
    *,
    indicators: Sequence[str] | None = None,
    partners: pd.DataFrame | None = None,
    titles: Labels | None = None,
    labels: Labels | None = None,
    lang: str | None = None,
    title: str | None = None,
) -> go.Figure:
    """One practice's indicators over time: one panel per indicator, periods on x.

    Parameters
    ----------
    df : pandas.DataFrame
        :func:`hopelib.indicators.load_indicators`.
    practice : str
        The practice.
    indicators : list of str, optional
        The indicators to draw, in order (default: every indicator the practice has).
    partners : pandas.DataFrame, optional
        For the practice's partner colour (reference practices are grey).
    titles, labels : mapping, optional
        Practice id → title, indicator id → label (default: the frame's ``title`` and
        ``label`` columns).

    Returns
    -------
    plotly.graph_objects.Figure
        One panel per indicator with its values over the periods (a span of years is a
        horizontal segment). Real values are solid lines with filled markers; illustrative
        values are dashed with open markers, named "(illustrative)" in the legend and the
        hover, and a note under the title says so.
    """
    with language(lang):
        titles = frame_titles(df, titles)
        name = label_of(titles, practice)
        rows = df[df["practice"] == practice] if "practice" in df.columns else df.iloc[0:0]
        if indicators is not None:
            rows = rows[rows["indicator"].isin(list(indicators))]
        if rows.empty:
            message = _("No indicator values yet for {practice}.").format(
                practice=shorten(name, 60)
            )
            return message_figure(message, title=title, lang=lang)
        present = list(dict.fromkeys(map(str, rows["indicator"])))  # the frame's order
        rows = rows.sort_values("period_start", kind="stable")
        ids = [i for i in indicators if i in present] if indicators is not None else present
        names = indicator_labels(rows, labels)
        owner = rows["partner"].iloc[0] if "partner" in rows.columns else None
        owner = owner if isinstance(owner, str) and owner else None
        colour = partner_palette([owner or ""], partners)[1][owner or ""]
        fig = make_subplots(
            rows=len(ids),
            cols=1,
            shared_xaxes=True,
            vertical_spacing=min(0.12, 0.3 / len(ids)),
            subplot_titles=[
                escape(unit_label(names[i], str(rows[rows["indicator"] == i]["unit"].iloc[0])))
                for i in ids
            ],
        )
        made_up, real = _("illustrative"), _("measured or stated by the source")
        by_year = set(rows["period_kind"]) <= {"year", "range"}
        any_illustrative = False
        for number, indicator in enumerate(ids, start=1):
            series = rows[rows["indicator"] == indicator]
            for illustrative in (False, True):
                part = series[series["illustrative"].astype(bool) == illustrative]
                if part.empty:
                    continue
                any_illustrative |= illustrative
                xs, ys, where = _trend_points(part, by_year)
                records = [
                    [
                        escape(row["period"]),
                        escape(format_indicator(float(row["value"]), str(row["unit"]), lang)),
                        escape(made_up if illustrative else real),
                        escape(shorten(str(row.get("source") or ""), 90)),
                        escape(shorten(str(row.get("note") or ""), 160)),
                    ]
                    for _index, row in part.iterrows()
                ]
                label = names[indicator]
                if illustrative:
                    label = f"{label} ({made_up})"
                fig.add_trace(
                    go.Scatter(
                        x=xs,
                        y=ys,
                        mode="lines+markers",
                        name=escape(label),
                        legendgroup=indicator,
                        line={"color": colour, "dash": "dash" if illustrative else "solid"},
                        marker={
                            "color": colour,
                            "size": 9,
                            "symbol": "circle-open" if illustrative else "circle",
                            "line": {"width": 2, "color": colour},
                        },
                        customdata=[records[i] for i in where],
                        hovertemplate="<b>%{customdata[0]}</b>: %{customdata[1]}"
                        "<br>%{customdata[2]}<br>%{customdata[3]}<br>%{customdata[4]}"
                        "<extra>%{fullData.name}</extra>",
                    ),
                    row=number,
                    col=1,
                )
        if by_year:
            fig.update_xaxes(type="linear", tickformat="d", dtick=1)
        else:
            fig.update_xaxes(type="date")
        fig.update_yaxes(rangemode="tozero")
        notes = (
            [_("Dashed lines and open markers are illustrative figures, not measurements.")]
            if any_illustrative
            else []
        )
        fig = layout(
            fig,
            title or _("Indicators: {practice}").format(practice=shorten(name, 60)),
            max(320, 120 + 190 * len(ids)),
            lang,
        )
        add_notes(fig, notes, shift=30)
        fig.update_layout(legend={"orientation": "h", "y": -0.08}, margin={"t": 110})
        return fig


def indicator_comparison_chart(
    df: pd.DataFrame,
    *,
    indicator: str | None = None,
    partner: str | None = None,
    partners: pd.DataFrame | None = None,
    titles: Labels | None = None,
    labels: Labels | None = None,
    lang: str | None = None,
    title: str | None = None,
) -> go.Figure:
    """One indicator across practices: a bar per practice in its partner's colour, best on top.

    Parameters
    ----------
    df : pandas.DataFrame
        :func:`hopelib.indicators.compare_indicator` (one indicator, one row per practice,
        best first; a period chosen there, or each practice's latest).
    indicator : str, optional
        The indicator's id, for the message when *df* is empty (default: the frame's).
    partner : str, optional
        The partner to highlight (its bars outlined).
    partners : pandas.DataFrame, optional
        For partner names and colours.
    titles, labels : mapping, optional
        Practice id → title, indicator id → label (default: the frame's ``title`` and
        ``label`` columns).
    lang, title : str, optional

    Returns
    -------
    plotly.graph_objects.Figure
        One bar trace per partner (reference practices grey), in the frame's order;
        illustrative bars are hatched and paler, and say so.
    """
    with language(lang):
        table = df
        if indicator is None and "indicator" in table.columns and len(table):
            indicator = str(table["indicator"].iloc[0])
        indicator = indicator or ""
        names_of = indicator_labels(table, labels) if "indicator" in table.columns else {}
        label = names_of.get(indicator, label_of(labels, indicator))
        if table.empty:
            message = _("No values yet for {indicator}.").format(indicator=label)
            return message_figure(message, title=title, lang=lang)
        titles = frame_titles(table, titles)
        unit = str(table["unit"].iloc[0])
        direction = table["direction"].iloc[0]
        owners = table["partner"].fillna("").astype(str)
        ids, colours = partner_palette(list(owners), partners)
        order = [str(p) for p in table["practice"]]
        made_up = _("illustrative")
        fig = go.Figure()
        for owner in ids:
            part = table[owners == owner]
            illustrative = part["illustrative"].astype(bool).tolist()
            text = []
            for (_index, row), flag in zip(part.iterrows(), illustrative, strict=True):
                shown = f"{format_indicator(float(row['value']), unit, lang)} · {row['period']}"
                text.append(escape(f"{shown} · {made_up}" if flag else shown))
            fig.add_bar(
                name=escape(partner_label(partners, owner, _("Reference practices"))),
                x=part["value"].astype(float),
                y=[str(p) for p in part["practice"]],
                orientation="h",
                text=text,
                textposition="outside",
                cliponaxis=False,
                marker={
                    "color": colours[owner],
                    "opacity": [0.55 if flag else 1.0 for flag in illustrative],
                    "pattern": {"shape": ["/" if flag else "" for flag in illustrative]},
                    "line": {
                        "width": 2 if owner and owner == partner else 0,
                        "color": HIGHLIGHT_LINE,
                    },
                },
                customdata=[
                    [
                        escape(label_of(titles, str(row["practice"]))),
                        escape(shorten(str(row.get("source") or ""), 90)),
                        escape(shorten(str(row.get("note") or ""), 160)),
                    ]
                    for _index, row in part.iterrows()
                ],
                hovertemplate="<b>%{customdata[0]}</b><br>%{text}<br>%{customdata[1]}"
                "<br>%{customdata[2]}<extra>%{fullData.name}</extra>",
            )
        better = {"higher": _("higher is better"), "lower": _("lower is better")}.get(
            str(direction), ""
        )
        axis = unit_label(label, unit) + (f" · {better}" if better else "")
        fig.update_yaxes(
            autorange="reversed",
            categoryorder="array",
            categoryarray=order,
            **ticks(order, [label_of(titles, p) for p in order]),
        )
        values = table["value"].astype(float)
        low, high = min(0.0, float(values.min())), max(0.0, float(values.max()))
        span = (high - low) or 1.0
        fig.update_xaxes(  # room for the text beside the longest bar
            title_text=escape(axis),
            range=[low - (0.45 * span if low < 0 else 0), high + 0.45 * span],
        )
        fig.update_layout(barmode="overlay", legend_title_text=escape(_("Partner")))
        notes = []
        if table["illustrative"].astype(bool).any():
            notes.append(_("Hatched, paler bars are illustrative figures, not measurements."))
        if table["period"].nunique() > 1:
            notes.append(_("Each practice's latest period; the periods differ."))
        fig = layout(fig, title or label, height_for(len(order)), lang)
        add_notes(fig, notes)
        fig.update_layout(margin={"t": 60 + 18 * len(notes) + 20})
        return fig
