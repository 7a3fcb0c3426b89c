"""The impact section of a report: what the partner's practices achieve.

Laid out from :class:`ReportData` (no I/O here).
"""

from __future__ import annotations

import pandas as pd

from ..html import Markup, render
from ..i18n import _, format_value, language
from ..indicators import unit_indicator_figures
from . import figures
from .data import ReportData
from .page import figure

__all__ = [
    "indicators",
]


def indicators(data: ReportData) -> Markup:
    """Return what this partner's practices achieve.

    The charts of :func:`~hopelib.report.figures.indicator_figures`, figures per participant
    and per euro, and the sources of the real figures; illustrative figures are marked as
    such everywhere.

    Parameters
    ----------
    data : ReportData
        What the partner may see (:func:`~hopelib.report.gather_report`).

    Returns
    -------
    markupsafe.Markup
    """
    with language(data.lang):
        mine = data.indicators[data.indicators["partner"] == data.partner]
        if mine.empty:
            return render("report/indicators.html.j2", any_values=False)
        return render(
            "report/indicators.html.j2",
            any_values=True,
            demo=data.session.demo,
            charts=[figure(f) for f in figures.indicator_figures(data)],
            units=_unit_figures(data, mine),
            sources=_sources(data, mine),
        )


def _unit_figures(data: ReportData, mine: pd.DataFrame) -> pd.DataFrame:
    """Return the latest cost per participant and reach per euro of each practice."""
    figure_names = {
        "cost_per_participant": _("cost per participant"),
        "cost_per_place_per_session": _("cost per place per session"),
    }
    illustrative = _("illustrative")
    units = unit_indicator_figures(mine, data.catalogue)
    # The latest period of each figure (the trends are in the charts above).
    units = units.drop_duplicates(["practice", "figure"], keep="last")
    rows = []
    for row in units.to_dict("records"):
        name = figure_names.get(row["figure"])
        if name is None:  # <indicator>_per_1000_eur
            label = data.taxonomy.label("indicators", row["numerator"], data.lang)
            name = _("{indicator} per 1,000 €").format(indicator=label)
        value = format_value(row["value"], "eur" if row["unit"] == "eur" else "", data.locale)
        shown = value + (f" ({illustrative})" if row["illustrative"] else "")
        rows.append((row["title"], name, row["period"], shown))
    return pd.DataFrame(rows, columns=[_("Practice"), _("Figure"), _("Period"), _("Value")])


def _sources(data: ReportData, mine: pd.DataFrame) -> pd.DataFrame:
    """Return the real (not illustrative) figures with their sources, as a display frame."""
    real = mine[~mine["illustrative"].astype(bool)]
    return pd.DataFrame(
        {
            _("Practice"): real["title"],
            _("Indicator"): real["label"],
            _("Period"): real["period"],
            _("Value"): [
                format_value(v, u, data.locale, exact=True)
                for v, u in zip(real["value"], real["unit"], strict=True)
            ],
            _("Source"): real["source"],
            _("Note"): real["note"],
        }
    )
