"""Where the practices run: the service map (its outlines travel through :mod:`.offline`)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ..i18n import _, language, ngettext
from .base import (
    HIGHLIGHT_LINE,
    Labels,
    escape,
    label_of,
    layout,
    message_figure,
    partner_label,
    partner_palette,
    shorten,
)

__all__ = ["map_chart"]

#: How far apart (degrees of latitude) practices that share a place are drawn, around it.
SPREAD_DEGREES = 0.6
#: Hover cards wrap at this many characters, so they stay inside the map.
CARD_WIDTH = 46


def _spread(located: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Return each practice's drawn latitude and longitude: those sharing a place on a ring.

    Practices at the same place (to about 100 m) are set around it on a circle, evenly and
    in the catalogue's order, so each can be hovered and clicked; a lone practice stays put.
    """
    lat = located["location_lat"].astype(float)
    lon = located["location_lon"].astype(float)
    place = pd.Series(list(zip(lat.round(3), lon.round(3), strict=True)), index=located.index)
    counts = place.map(place.value_counts())
    order = place.groupby(place, sort=False).cumcount()
    angle = 2 * np.pi * order / counts + np.pi / 2
    radius = np.where(counts > 1, SPREAD_DEGREES * np.maximum(np.sqrt(counts / 4), 1.0), 0.0)
    drawn_lat = lat + radius * np.sin(angle)
    drawn_lon = lon + radius * np.cos(angle) / np.maximum(np.cos(np.radians(lat)), 0.2)
    return drawn_lat, drawn_lon


def _wrapped(text: str, width: int = CARD_WIDTH, lines: int = 3) -> str:
    """Escape *text* for a hover card, wrapped at *width* characters, at most *lines* lines."""
    import textwrap

    shown = textwrap.wrap(" ".join(text.split()), width) or [""]
    if len(shown) > lines:
        shown = [*shown[: lines - 1], shorten(" ".join(shown[lines - 1 :]), width)]
    return "<br>".join(escape(line) for line in shown)


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
        The partner to highlight: its practices drawn larger, outlined.
    partners : pandas.DataFrame, optional
        For partner names and colours.
    labels : mapping, optional
        Category id → label, for the category filter (a dropdown on the chart).

    Returns
    -------
    plotly.graph_objects.Figure
        One ``Scattergeo`` trace per partner and category (reference practices grey);
        ``customdata[0]`` of each point is the practice id. A marker's size follows
        ``reach_participants_per_year`` where the practice states it. Practices that share
        a place are drawn on a small ring around it, so that each can be hovered and
        clicked; hover cards wrap, so that they stay inside the map.
    """
    with language(lang):
        needed = {"location_lat", "location_lon"}
        if df.empty or not needed <= set(df.columns):
            return message_figure(_("No practice has a location yet."), title=title, lang=lang)
        located = df.dropna(subset=["location_lat", "location_lon"])
        if located.empty:
            return message_figure(_("No practice has a location yet."), title=title, lang=lang)
        owners = located["partner"].fillna("").astype(str)
        ids, colours = partner_palette(sorted(set(owners)), partners)
        categories = located["category"].fillna("").astype(str)
        reach = pd.to_numeric(
            located.get("reach_participants_per_year", pd.Series(index=located.index)),
            errors="coerce",
        )
        sizes = (8 + 3 * np.sqrt(reach.fillna(0).clip(lower=0)) ** 0.5).clip(upper=30)
        drawn_lat, drawn_lon = _spread(located)
        reference = _("Reference practices")
        fig = go.Figure()
        trace_categories = []
        shown_legend: set[str] = set()
        for owner in ids:
            for category in sorted(set(categories[owners == owner])):
                rows = located[(owners == owner) & (categories == category)]
                label = partner_label(partners, owner, reference)
                hover = [
                    [
                        str(practice),
                        _wrapped(shorten(str(row.get("title") or practice), 90), lines=2),
                        _wrapped(str(row.get("organisation") or "–"), lines=2),
                        _wrapped(shorten(str(row.get("summary") or ""), 160)),
                        _wrapped(
                            _("{place} (approximate)").format(place=row.get("location_place"))
                            if row.get("location_approximate") is True
                            else str(row.get("location_place") or ""),
                            lines=1,
                        ),
                    ]
                    for practice, row in rows.iterrows()
                ]
                fig.add_trace(
                    go.Scattergeo(
                        lat=drawn_lat[rows.index],
                        lon=drawn_lon[rows.index],
                        name=escape(label),
                        legendgroup=owner or "reference",
                        showlegend=owner not in shown_legend,
                        customdata=hover,
                        marker={
                            "size": (sizes[rows.index] * (1.4 if owner == partner else 1)).tolist(),
                            "color": colours[owner],
                            "line": {
                                "width": 2 if owner == partner else 1,
                                "color": HIGHLIGHT_LINE if owner == partner else "white",
                            },
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
                "label": escape(_("All categories")),
                "method": "restyle",
                "args": [{"visible": [True] * len(trace_categories)}],
            }
        ]
        for category in sorted({c for c in trace_categories if c}):
            buttons.append(
                {
                    "label": escape(label_of(labels, category)),
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
            legend_title_text=escape(_("Partner")),
            annotations=[
                {
                    "text": escape(subtitle),
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
        fig = layout(fig, title or _("Where the practices run"), 540, lang)
        fig.update_layout(margin={"t": 80})  # room for the title and the category menu
        return fig
