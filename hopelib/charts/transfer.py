"""Who wants to take which practice home: the transfer matrix."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from ..compare import TRANSFER_LEVELS, partner_names
from ..i18n import _, language, ngettext
from .base import (
    HIGHLIGHT_LINE,
    Labels,
    escape,
    grid_figure,
    label_of,
    layout,
    level_values,
    message_figure,
    partner_palette,
    ticks,
)

__all__ = ["transfer_chart"]

_LEVEL_COLOURS = ["#1a7f37", "#4ac26b", "#d4a72c", "#d0d7de"]


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
        The partner to highlight (its row outlined and marked ▶).
    partners : pandas.DataFrame, optional
        For partner names and order.
    titles : mapping, optional
        Practice id → title.
    labels : mapping, optional
        Transfer level id → label.
    levels : list of str
        The levels, most ambitious first (colours run from green to grey).
    lang, title : str, optional

    Returns
    -------
    plotly.graph_objects.Figure
        One heatmap, partners × practices.
    """
    with language(lang):
        if df.empty:
            return message_figure(_("No transfer interest recorded yet."), title=title, lang=lang)
        names = partner_names(partners)
        rows, _colours = partner_palette(level_values(df, "partner"), partners)
        practices = level_values(df, "practice")
        rank = {level: i for i, level in enumerate(levels)}
        cells: dict[tuple[str, str], dict[str, Any]] = {
            (str(row["partner"]), str(row["practice"])): {str(k): v for k, v in row.items()}
            for row in df.reset_index().to_dict("records")
        }
        z: list[list[float]] = []
        text: list[list[str]] = []
        custom: list[list[list[str]]] = []
        for partner_id in rows:
            z_row: list[float] = []
            text_row: list[str] = []
            custom_row: list[list[str]] = []
            for practice in practices:
                cell = cells.get((partner_id, practice))
                if cell is not None:
                    level = str(cell["level"])
                    label = label_of(labels, level)
                    count = f"{int(cell['n_level'])}/{int(cell['n_participants'])}"
                    z_row.append(len(levels) - 1 - rank.get(level, len(levels) - 1))
                    text_row.append(f"{escape(label)} ({count})")
                    detail = ngettext(
                        "{k} of {n} participant",
                        "{k} of {n} participants",
                        int(cell["n_participants"]),
                    ).format(k=int(cell["n_level"]), n=int(cell["n_participants"]))
                else:
                    z_row.append(float("nan"))
                    text_row.append("")
                    label, detail = _("no answer"), ""
                custom_row.append(
                    [
                        escape(names.get(partner_id, partner_id)),
                        escape(label_of(titles, practice)),
                        escape(label),
                        escape(detail),
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
        fig = grid_figure(
            z,
            practices,
            rows,
            text=text,
            customdata=custom,
            hovertemplate="%{customdata[0]} · %{customdata[1]}<br>%{customdata[2]} "
            "%{customdata[3]}<extra></extra>",
            colorscale=colourscale,
            zmin=0,
            zmax=max(steps - 1, 1),
            gaps=2,
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
                line={"color": HIGHLIGHT_LINE, "width": 3},
            )
        fig.update_yaxes(**ticks(rows, row_names))
        fig.update_xaxes(
            side="top",
            tickangle=-30,
            **ticks(practices, [label_of(titles, p) for p in practices]),
        )
        height = max(300, 200 + 48 * len(rows))
        return layout(fig, title or _("Transfer interest by partner"), height, lang)
