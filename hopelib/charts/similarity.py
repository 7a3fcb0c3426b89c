"""Which practices are alike: the similarity heatmap."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ..i18n import _, language
from .base import (
    Labels,
    escape,
    grid_figure,
    height_for,
    label_of,
    layout,
    message_figure,
    ticks,
)

__all__ = ["similarity_chart"]


def similarity_chart(
    df: pd.DataFrame,
    *,
    partner: str | None = None,
    owners: Labels | None = None,
    titles: Labels | None = None,
    lang: str | None = None,
    title: str | None = None,
) -> go.Figure:
    """Heatmap of how similar practices are to each other (cosine of their texts, 0–1).

    Parameters
    ----------
    df : pandas.DataFrame
        :func:`hopelib.compare.similarity_matrix`.
    partner : str, optional
        The partner to highlight: its practices (given *owners*) named in bold.
    owners : mapping, optional
        Practice id → partner id (e.g. the catalogue's ``partner`` column).
    titles, lang, title
        As everywhere.

    Returns
    -------
    plotly.graph_objects.Figure
        One heatmap; the diagonal (a practice and itself) is blank.
    """
    with language(lang):
        if df.empty:
            return message_figure(_("No practices to compare."), title=title, lang=lang)
        ids = [str(p) for p in df.index]
        names = [label_of(titles, p) for p in ids]
        values = df.to_numpy(dtype=float).copy()
        np.fill_diagonal(values, np.nan)  # a practice is like itself: no news, and no colour
        finite = values[~np.isnan(values)]
        fig = grid_figure(
            values,
            ids,
            ids,
            customdata=[[[escape(a), escape(b)] for b in names] for a in names],
            hovertemplate="%{customdata[0]}<br>%{customdata[1]}: %{z:.2f}<extra></extra>",
            colorscale="Purples",
            zmin=0,
            zmax=max(float(finite.max()) if finite.size else 0.0, 0.05),
            colorbar_title=_("Similarity"),
        )
        bold = (
            {p for p in ids if owners.get(p) == partner} if partner and owners is not None else ()
        )
        fig.update_yaxes(**ticks(ids, names, bold=bold))
        fig.update_xaxes(tickangle=-45, **ticks(ids, names, bold=bold))
        size = height_for(len(ids), minimum=420)
        return layout(fig, title or _("Similar practices"), size, lang)
