"""One partner's impact indicators at a glance: latest values and how they moved."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from ..i18n import _, language
from .base import (
    Labels,
    add_notes,
    escape,
    format_indicator,
    frame_titles,
    grid_figure,
    indicator_labels,
    label_of,
    layout,
    message_figure,
    partner_label,
    ticks,
)

__all__ = ["partner_indicator_overview_chart"]

_OUTCOME_COLOURS = {"worse": "#cf222e", "same": "#d0d7de", "better": "#1a7f37"}


def partner_indicator_overview_chart(
    df: pd.DataFrame,
    *,
    partner: str | None = None,
    partners: pd.DataFrame | None = None,
    titles: Labels | None = None,
    labels: Labels | None = None,
    lang: str | None = None,
    title: str | None = None,
) -> go.Figure:
    """Show one partner's practices × indicators: latest values, and better or worse.

    Parameters
    ----------
    df : pandas.DataFrame
        :func:`hopelib.indicators.partner_overview` of one partner (or of the reference
        practices).
    partner : str, optional
        The partner to highlight: named in the title (default: the frame's ``partner``;
        none for the reference practices). It does not filter: *df* holds what is drawn.
    partners : pandas.DataFrame, optional
        For the partner's name.
    titles, labels : mapping, optional
        Practice id → title, indicator id → label (default: the frame's columns).
    lang, title : str, optional

    Returns
    -------
    plotly.graph_objects.Figure
        One heatmap (rows practices, columns indicators): each cell holds the latest value,
        its period and an arrow (▲ up, ▼ down, = unchanged), coloured green when that is
        better, red when worse and grey when unchanged or with one period only;
        illustrative values carry an asterisk explained under the chart.
    """
    with language(lang):
        table = df
        if partner is None and "partner" in table.columns and len(table):
            found = table["partner"].iloc[0]
            partner = str(found) if isinstance(found, str) else None
        shown = partner_label(partners, partner or "", _("Reference practices"))
        if table.empty:
            message = _("No indicator values yet for the practices of {partner}.").format(
                partner=shown
            )
            return message_figure(message, title=title, lang=lang)
        titles = frame_titles(table, titles)
        names_of = indicator_labels(table, labels)
        rows = list(dict.fromkeys(map(str, table["practice"])))
        columns = list(dict.fromkeys(map(str, table["indicator"])))
        cells = {(str(r["practice"]), str(r["indicator"])): r for _i, r in table.iterrows()}
        level = {"worse": 0, "same": 1, "better": 2}
        outcome_names = {
            "better": _("better than the period before"),
            "worse": _("worse than the period before"),
            "same": _("unchanged"),
        }
        z: list[list[float]] = []
        text: list[list[str]] = []
        custom: list[list[list[str]]] = []
        any_illustrative = False
        for practice in rows:
            z_row: list[float] = []
            text_row: list[str] = []
            custom_row: list[list[str]] = []
            for indicator in columns:
                cell = cells.get((practice, indicator))
                if cell is None:
                    z_row.append(math.nan)
                    text_row.append("")
                    blank = [
                        escape(label_of(titles, practice)),
                        escape(names_of[indicator]),
                        "",
                        "",
                        "",
                        "",
                    ]
                    custom_row.append(blank)
                    continue
                unit = str(cell["unit"])
                outcome = cell["outcome"] if isinstance(cell["outcome"], str) else None
                change = float(cell["change"]) if pd.notna(cell["change"]) else math.nan
                arrow = (
                    "" if math.isnan(change) else "▲" if change > 0 else "▼" if change < 0 else "="
                )
                star = "*" if bool(cell["illustrative"]) else ""
                any_illustrative |= bool(star)
                value = format_indicator(float(cell["value"]), unit, lang)
                z_row.append(level.get(outcome or "same", 1))
                label = f"{escape(value)}{star} {arrow}".rstrip()
                text_row.append(f"{label}<br>{escape(cell['period'])}")
                if pd.notna(cell["previous_value"]):
                    previous = _("{value} in {period}").format(
                        value=format_indicator(float(cell["previous_value"]), unit, lang),
                        period=cell["previous_period"],
                    )
                    detail = outcome_names.get(outcome or "", "")
                else:
                    previous, detail = "", _("one period only")
                custom_row.append(
                    [
                        escape(label_of(titles, practice)),
                        escape(names_of[indicator]),
                        escape(f"{value} ({cell['period']})"),
                        escape(previous),
                        escape(detail),
                        escape(_("illustrative") if star else ""),
                    ]
                )
            z.append(z_row)
            text.append(text_row)
            custom.append(custom_row)
        fig = grid_figure(
            z,
            columns,
            rows,
            text=text,
            customdata=custom,
            hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}: %{customdata[2]}"
            "<br>%{customdata[3]}<br>%{customdata[4]}<br>%{customdata[5]}<extra></extra>",
            colorscale=[
                [0.0, _OUTCOME_COLOURS["worse"]],
                [0.5, _OUTCOME_COLOURS["same"]],
                [1.0, _OUTCOME_COLOURS["better"]],
            ],
            zmin=0,
            zmax=2,
            gaps=2,
        )
        fig.update_yaxes(**ticks(rows, [label_of(titles, p) for p in rows]))
        fig.update_xaxes(
            side="top", tickangle=-30, **ticks(columns, [names_of[c] for c in columns])
        )
        notes = [
            _("Green: better than the period before; red: worse; grey: unchanged or one period.")
        ]
        if any_illustrative:
            notes.append(_("* illustrative figures, not measurements."))
        fig = layout(
            fig,
            title or _("Impact indicators: {partner}").format(partner=shown),
            max(300, 200 + 56 * len(rows)),
            lang,
        )
        add_notes(fig, notes, below=True)
        fig.update_layout(margin={"t": 120, "b": 30 + 16 * len(notes)})
        return fig
