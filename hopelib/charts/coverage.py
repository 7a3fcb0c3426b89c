"""What the partners have: practices per partner × term, and per region."""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from ..compare import partner_names
from ..i18n import _, language
from .base import (
    HIGHLIGHT_LINE,
    Labels,
    escape,
    grid_figure,
    height_for,
    label_of,
    layout,
    message_figure,
    partner_label,
    partner_palette,
    shorten,
    ticks,
)

__all__ = ["coverage_chart", "region_chart"]


def coverage_chart(
    df: pd.DataFrame,
    *,
    partner: str | None = None,
    partners: pd.DataFrame | None = None,
    labels: Labels | None = None,
    lang: str | None = None,
    title: str | None = None,
) -> go.Figure:
    """Heatmap of practices per partner × category, theme or target group.

    Parameters
    ----------
    df : pandas.DataFrame
        :func:`hopelib.compare.coverage` (partner × term counts).
    partner : str, optional
        The partner to highlight (its row named in bold).
    partners : pandas.DataFrame, optional
        For partner names.
    labels : mapping, optional
        Term id → label.
    lang, title : str, optional

    Returns
    -------
    plotly.graph_objects.Figure
        One heatmap; zeros are shown (a real count: the partner has nothing there).
    """
    with language(lang):
        if df.empty or df.columns.empty:
            return message_figure(_("No practices to count yet."), title=title, lang=lang)
        names = partner_names(partners)
        rows = [str(p) for p in df.index]
        columns = [str(c) for c in df.columns]
        row_keys = [escape(r) for r in rows]  # keys may be free text (regions): escaped
        column_keys = [escape(c) for c in columns]
        row_names = [escape(names.get(p, p)) for p in rows]
        column_names = [escape(label_of(labels, c)) for c in columns]
        fig = grid_figure(
            df.to_numpy(dtype=float),
            column_keys,
            row_keys,
            text=df.to_numpy().tolist(),
            customdata=[[[r, c] for c in column_names] for r in row_names],
            hovertemplate="%{customdata[0]} · %{customdata[1]}: %{z}<extra></extra>",
            colorscale="Blues",
            zmin=0,
            zmax=max(float(df.to_numpy().max()), 1.0),
        )
        bold = {escape(partner)} if partner else set()
        fig.update_yaxes(**ticks(row_keys, [names.get(p, p) for p in rows], bold=bold))
        fig.update_xaxes(
            side="top", tickangle=-30, **ticks(column_keys, [label_of(labels, c) for c in columns])
        )
        return layout(fig, title or _("Practices per partner"), height_for(len(rows)), lang)


def region_chart(
    df: pd.DataFrame,
    *,
    partner: str | None = None,
    partners: pd.DataFrame | None = None,
    lang: str | None = None,
    title: str | None = None,
) -> go.Figure:
    """Practices by region, stacked by partner in the partners' colours.

    Parameters
    ----------
    df : pandas.DataFrame
        :func:`hopelib.compare.region_counts` (region × partner counts); to show one
        partner's practices only, count those (``region_counts(catalogue, partner=…)``).
    partner : str, optional
        The partner to highlight (its bars outlined, first in the legend).
    partners : pandas.DataFrame, optional
        For partner names, order and colours.
    lang, title : str, optional

    Returns
    -------
    plotly.graph_objects.Figure
        One bar trace per partner (reference practices grey), the region with most
        practices on top.
    """
    with language(lang):
        if df.empty or df.columns.empty or not df.to_numpy().sum():
            return message_figure(_("No practices to show."), title=title, lang=lang)
        unknown, reference = _("region not given"), _("Reference practices")
        ids, colours = partner_palette([str(c) for c in df.columns], partners, first=partner)
        region_names = [str(r) or unknown for r in df.index]
        region_keys = [escape(r) for r in region_names]  # free text: the escaped name is the key
        long = pd.DataFrame(
            [
                {
                    "region": key,
                    "owner": owner,
                    "name": escape(partner_label(partners, owner, reference)),
                    "n": int(df.iloc[row][owner]),
                }
                for owner in ids
                for row, key in enumerate(region_keys)
            ]
        )
        fig = px.bar(
            long,
            x="n",
            y="region",
            color="owner",
            orientation="h",
            custom_data=["region", "name"],
            color_discrete_map=colours,
            category_orders={"owner": ids, "region": region_keys[::-1]},
        )
        fig.for_each_trace(
            lambda trace: trace.update(
                name=escape(partner_label(partners, trace.legendgroup, reference)),
                marker_line={
                    "width": 2 if partner and trace.legendgroup == partner else 0,
                    "color": HIGHLIGHT_LINE,
                },
                hovertemplate="%{customdata[0]} · %{customdata[1]}: %{x}<extra></extra>",
            )
        )
        fig.update_yaxes(
            title_text=None,
            tickmode="array",
            tickvals=region_keys,
            ticktext=[escape(shorten(r)) for r in region_names],
        )
        fig.update_xaxes(
            title_text=escape(_("Practices")), dtick=1 if df.to_numpy().max() < 10 else None
        )
        fig.update_layout(barmode="stack", legend_title_text=escape(_("Partner")))
        return layout(fig, title or _("Practices by region"), height_for(len(region_keys)), lang)
