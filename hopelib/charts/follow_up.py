"""What became of earlier workshops' actions: status per partner."""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from ..compare import partner_names
from ..i18n import _, language
from .base import (
    REFERENCE_COLOUR,
    Labels,
    escape,
    height_for,
    label_of,
    layout,
    message_figure,
    shorten,
)

__all__ = ["action_status_chart"]

_STATUS_COLOURS = {
    "done": "#1a7f37",
    "doing": "#0969da",
    "open": "#8c959f",
    "overdue": "#cf222e",
    "dropped": "#d0d7de",
}


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
        The partner to highlight (its bar named in bold).
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
            f"<b>{escape(shorten(names.get(p, p)))}</b>"
            if p == partner
            else escape(shorten(names.get(p, p)))
            for p in rows
        ]
        keys = [escape(r) for r in rows]
        statuses = [str(c) for c in df.columns if df[c].to_numpy().sum()]
        long = pd.DataFrame(
            [
                {
                    "partner": key,
                    "status": status,
                    "n": int(df.iloc[row][status]),
                    "label": escape(label_of(labels, status)),
                    "shown": shown[row],
                }
                for status in statuses
                for row, key in enumerate(keys)
            ]
        )
        fig = px.bar(
            long,
            x="n",
            y="partner",
            color="status",
            orientation="h",
            custom_data=["label", "shown"],
            color_discrete_map={s: _STATUS_COLOURS.get(s, REFERENCE_COLOUR) for s in statuses},
            category_orders={"status": statuses, "partner": keys},
        )
        fig.for_each_trace(
            lambda trace: trace.update(
                name=escape(label_of(labels, trace.legendgroup)),
                hovertemplate="%{customdata[1]} · %{customdata[0]}: %{x}<extra></extra>",
            )
        )
        fig.update_layout(
            barmode="stack", legend={"orientation": "h", "y": -0.15, "title": {"text": None}}
        )
        fig.update_yaxes(
            autorange="reversed",
            tickmode="array",
            title_text=None,
            tickvals=keys,
            ticktext=shown,
        )
        fig.update_xaxes(
            title=_("Actions"), dtick=1 if df.to_numpy().sum(axis=1).max() < 12 else None
        )
        return layout(
            fig, title or _("Actions from earlier workshops"), height_for(len(rows), 280), lang
        )
