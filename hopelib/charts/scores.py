"""What the participants scored: the score heatmap, one practice's profile, the ranking.

Score ranges come from ``scales=`` (criterion → (min, max), see
:func:`hopelib.compare.criterion_scales`) or, without it, from the data: nothing is clipped.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from ..i18n import _, language, ngettext
from .base import (
    HIGHLIGHT_LINE,
    Labels,
    escape,
    grid_figure,
    height_for,
    label_of,
    layout,
    level_values,
    message_figure,
    number,
    partner_label,
    partner_palette,
    score_range,
    shorten,
    ticks,
)

__all__ = ["criterion_profile", "ranking_chart", "score_heatmap"]

Scales = Mapping[str, tuple[float, float]]


def _owned(owners: Labels | None, partner: str | None, ids: Sequence[str]) -> set[str]:
    """Return the practices of *partner* among *ids* (those to highlight)."""
    if not partner or owners is None:
        return set()
    return {p for p in ids if owners.get(p) == partner}


def score_heatmap(
    df: pd.DataFrame,
    *,
    partner: str | None = None,
    owners: Labels | None = None,
    titles: Labels | None = None,
    labels: Labels | None = None,
    criteria: Sequence[str] | None = None,
    scales: Scales | None = None,
    lang: str | None = None,
    title: str | None = None,
) -> go.Figure:
    """Heatmap of mean scores, practice × criterion, with the number of ratings.

    Parameters
    ----------
    df : pandas.DataFrame
        :func:`hopelib.compare.score_summary` (overall, indexed by practice and criterion).
    partner : str, optional
        The partner to highlight: its practices (given *owners*) are named in bold.
    owners : mapping, optional
        Practice id → partner id (e.g. the catalogue's ``partner`` column).
    titles : mapping, optional
        Practice id → title.
    labels : mapping, optional
        Criterion id → label.
    criteria : list of str, optional
        The columns, in order; a criterion nobody scored stays blank ("no ratings yet").
    scales : mapping, optional
        Criterion → (min, max) (:func:`hopelib.compare.criterion_scales`). When the
        criteria share one scale, colours run over it; when they differ, each cell is
        coloured by its share of its own criterion's scale (the text stays the mean).
        Without scales, colours run over what the data spans.
    lang, title : str, optional

    Returns
    -------
    plotly.graph_objects.Figure
    """
    with language(lang):
        if df.empty:
            return message_figure(_("No ratings yet for this session."), title=title, lang=lang)
        means = df["mean"].unstack("criterion")
        counts = df["n"].unstack("criterion")
        columns = [str(c) for c in (criteria if criteria is not None else means.columns)]
        means = means.reindex(columns=columns)
        counts = counts.reindex(columns=columns)
        order = means.mean(axis=1).sort_values(ascending=False, kind="stable").index
        means, counts = means.loc[order], counts.loc[order]
        rows = [str(p) for p in means.index]
        row_names = [label_of(titles, p) for p in rows]
        mean_values = means.to_numpy(dtype=float)
        own = {c: scales[c] for c in columns if scales and c in scales}
        shares = len(set(own.values())) > 1  # criteria on different scales
        colour = mean_values
        if shares:
            assert scales is not None
            spans = [scales.get(c, (math.nan, math.nan)) for c in columns]
            low = np.array([s[0] for s in spans], dtype=float)
            high = np.array([s[1] for s in spans], dtype=float)
            colour = (mean_values - low) / np.where(high > low, high - low, np.nan)
            zmin, zmax = 0.0, 1.0
        else:
            zmin, zmax = score_range(
                columns, scales, float(df["mean"].min()), float(df["mean"].max())
            )
        count_values = counts.fillna(0).to_numpy(dtype=int)
        no_ratings = _("no ratings yet")
        text, custom = [], []
        for r, practice in enumerate(rows):
            text_row, custom_row = [], []
            for c, criterion in enumerate(columns):
                value, n = float(mean_values[r, c]), int(count_values[r, c])
                scored = not math.isnan(value)
                text_row.append(number(value, lang) if scored else "")
                detail = (
                    ngettext("{n} rating", "{n} ratings", n).format(n=n) if scored else no_ratings
                )
                custom_row.append(
                    [
                        escape(row_names[r]),
                        escape(label_of(labels, criterion)),
                        escape(detail),
                        practice,
                    ]
                )
            text.append(text_row)
            custom.append(custom_row)
        fig = grid_figure(
            colour,
            columns,
            rows,
            text=text,
            customdata=custom,
            hovertemplate="%{customdata[0]}<br>%{customdata[1]}: %{text} "
            "(%{customdata[2]})<extra></extra>",
            colorscale="RdYlGn",
            zmin=zmin,
            zmax=zmax,
            colorbar_title=_("Share of the scale") if shares else _("Mean score"),
        )
        if shares:
            fig.update_coloraxes(colorbar_tickformat=".0%")
        bold = _owned(owners, partner, rows)
        fig.update_yaxes(**ticks(rows, row_names, bold=bold))
        fig.update_xaxes(side="top", **ticks(columns, [label_of(labels, c) for c in columns]))
        return layout(
            fig, title or _("Scores by practice and criterion"), height_for(len(rows)), lang
        )


def criterion_profile(
    df: pd.DataFrame,
    practice: str,
    *,
    partner: str | None = None,
    partners: pd.DataFrame | None = None,
    titles: Labels | None = None,
    labels: Labels | None = None,
    criteria: Sequence[str] | None = None,
    scales: Scales | None = None,
    lang: str | None = None,
    title: str | None = None,
) -> go.Figure:
    """One practice's mean score per criterion, one bar per partner (in its colour).

    Parameters
    ----------
    df : pandas.DataFrame
        :func:`hopelib.compare.score_summary` with ``by_partner=True``.
    practice : str
        The practice to profile.
    partner : str, optional
        The partner to highlight (put first and outlined).
    partners : pandas.DataFrame, optional
        For partner names, order and colours.
    criteria : list of str, optional
        The criteria in order (those nobody scored show no bar).
    scales : mapping, optional
        Criterion → (min, max): the score axis spans them (default: what the data spans).
    titles, labels, lang, title
        As everywhere.

    Returns
    -------
    plotly.graph_objects.Figure
    """
    with language(lang):
        name = label_of(titles, practice)
        here = practice in level_values(df, "practice")
        rows = df.xs(practice, level="practice") if here else None
        if rows is None or rows.empty:
            message = _("No ratings yet for {practice}.").format(practice=shorten(name, 60))
            return message_figure(message, title=title, lang=lang)
        ids, colours = partner_palette(level_values(rows, "partner"), partners, first=partner)
        columns = [
            str(c) for c in (criteria if criteria is not None else level_values(rows, "criterion"))
        ]
        records = []
        for partner_id in ids:
            scores = rows.xs(partner_id, level="partner").reindex(columns)
            for criterion, (mean, n) in zip(
                columns, zip(scores["mean"], scores["n"].fillna(0), strict=True), strict=True
            ):
                records.append(
                    {
                        "partner": partner_id,
                        "criterion": criterion,
                        "mean": float(mean),
                        "label": escape(label_of(labels, criterion)),
                        "count": ngettext("{n} rating", "{n} ratings", int(n)).format(n=int(n)),
                    }
                )
        fig = px.bar(
            pd.DataFrame(records),
            x="criterion",
            y="mean",
            color="partner",
            barmode="group",
            custom_data=["label", "count"],
            color_discrete_map=colours,
            category_orders={"partner": ids, "criterion": columns},
        )
        fig.for_each_trace(
            lambda trace: trace.update(
                name=escape(partner_label(partners, trace.legendgroup, trace.legendgroup)),
                marker_line={
                    "width": 2 if trace.legendgroup == partner else 0,
                    "color": HIGHLIGHT_LINE,
                },
                hovertemplate="%{fullData.name} · %{customdata[0]}: %{y:.1f} "
                "(%{customdata[1]})<extra></extra>",
            )
        )
        fig.update_xaxes(title_text=None, **ticks(columns, [label_of(labels, c) for c in columns]))
        low, high = score_range(
            columns, scales, float(rows["mean"].min()), float(rows["mean"].max())
        )
        fig.update_yaxes(range=[min(0.0, low), high], title_text=escape(_("Mean score")))
        fig.update_layout(legend_title_text=escape(_("Partner")))
        return layout(fig, title or shorten(name, 80), 380, lang)


def ranking_chart(
    df: pd.DataFrame,
    *,
    partner: str | None = None,
    owners: Labels | None = None,
    titles: Labels | None = None,
    scales: Scales | None = None,
    lang: str | None = None,
    title: str | None = None,
) -> go.Figure:
    """Horizontal bars of the ranking, best on top, with ranks, ties and rater counts.

    Parameters
    ----------
    df : pandas.DataFrame
        :func:`hopelib.compare.ranking` (with ``scales=`` there, bars are shares 0–100 %).
    partner : str, optional
        The partner to highlight: its practices (given *owners*) named in bold, outlined.
    owners : mapping, optional
        Practice id → partner id.
    scales : mapping, optional
        Criterion → (min, max): the mean-score axis spans the widest (default: the data).
    titles, lang, title
        As everywhere.

    Returns
    -------
    plotly.graph_objects.Figure
    """
    with language(lang):
        if df.empty:
            return message_figure(_("No ratings yet for this session."), title=title, lang=lang)
        ids = [str(p) for p in df.index]
        names = [label_of(titles, p) for p in ids]
        shares = "share" in df.columns  # criteria on different scales, put on 0–100 %
        labels, text = [], []
        for (_id, row), name in zip(df.iterrows(), names, strict=True):
            labels.append(f"{'=' if row['tied'] else ''}{row['rank']}. {shorten(name)}")
            raters = ngettext("{n} participant", "{n} participants", int(row["n_raters"]))
            value = (
                f"{number(100 * row['share'], lang, '0')} %"
                if shares
                else number(row["mean"], lang)
            )
            part = f"{value} · {raters.format(n=int(row['n_raters']))}"
            text.append(f"{part} · {row['note']}" if row["note"] else part)
        bold = _owned(owners, partner, ids)
        values = (100 * df["share"] if shares else df["mean"]).astype(float)
        fig = go.Figure(
            go.Bar(
                x=values,
                y=ids,
                orientation="h",
                text=[escape(t) for t in text],
                textposition="auto",
                customdata=[[escape(n)] for n in names],
                marker={
                    "color": "#1f5fa8",
                    "line": {
                        "width": [2 if p in bold else 0 for p in ids],
                        "color": HIGHLIGHT_LINE,
                    },
                },
                hovertemplate="%{customdata[0]}<br>%{text}<extra></extra>",
            )
        )
        fig.update_yaxes(
            autorange="reversed",
            tickmode="array",
            tickvals=ids,
            ticktext=[
                f"<b>{escape(t)}</b>" if p in bold else escape(t)
                for p, t in zip(ids, labels, strict=True)
            ],
        )
        if shares:
            fig.update_xaxes(range=[0, 100], title_text=escape(_("Share of the scale (%)")))
        else:
            criteria = list(scales) if scales else []
            low, high = score_range(criteria, scales, float(values.min()), float(values.max()))
            fig.update_xaxes(range=[min(0.0, low), high], title_text=escape(_("Mean score")))
        return layout(fig, title or _("Ranking"), height_for(len(ids)), lang)
