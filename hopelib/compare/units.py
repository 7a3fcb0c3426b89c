"""Unit figures of the catalogue: cost per participant and per place, as sources state."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    pass

__all__ = [
    "UNIT_FIGURE_COLUMNS",
    "unit_figures",
]

UNIT_FIGURE_COLUMNS = [
    "cost_per_session",
    "cost_per_place_per_session",
    "cost_per_year",
    "places_per_year",
    "cost_per_place_per_year",
    "cost_per_participant",
    "cost_per_participant_reached",
]


def unit_figures(catalogue: pd.DataFrame) -> pd.DataFrame:
    """Derive unit figures from ``resources`` and ``reach``, only where the inputs exist.

    Capacity is not attendance: *places* come from ``participants_max`` (how many a group
    can take), *participants reached* from ``reach`` (people actually reached).

    Returns
    -------
    pandas.DataFrame
        Indexed by practice id, only practices with at least one figure, columns (euros,
        NaN where an input is missing):

        - ``cost_per_session``: the stated cost of one session;
        - ``cost_per_place_per_session``: that cost over ``participants_max``;
        - ``cost_per_year``: a yearly cost as stated, or the session cost ×
          ``sessions_per_year``;
        - ``places_per_year``: ``participants_max`` × ``sessions_per_year`` (capacity);
        - ``cost_per_place_per_year``: ``cost_per_year`` over ``places_per_year``;
        - ``cost_per_participant``: a cost stated per participant;
        - ``cost_per_participant_reached``: ``cost_per_year`` over
          ``reach_participants_per_year``.
    """

    def column(name: str) -> pd.Series:
        if name not in catalogue.columns:
            return pd.Series(np.nan, index=catalogue.index)
        return pd.to_numeric(catalogue[name], errors="coerce").astype(float)

    unit = (
        catalogue["resources_cost_unit"]
        if "resources_cost_unit" in catalogue.columns
        else pd.Series(None, index=catalogue.index, dtype=object)
    )
    cost = column("resources_cost_eur")
    places = column("resources_participants_max").where(lambda s: s > 0)
    sessions = column("resources_sessions_per_year").where(lambda s: s > 0)
    reached = column("reach_participants_per_year").where(lambda s: s > 0)
    per_session = cost.where(unit == "session")
    per_year = cost.where(unit == "year").fillna(per_session * sessions)
    places_per_year = places * sessions
    figures = pd.DataFrame(
        {
            "cost_per_session": per_session,
            "cost_per_place_per_session": per_session / places,
            "cost_per_year": per_year,
            "places_per_year": places_per_year,
            "cost_per_place_per_year": per_year / places_per_year,
            "cost_per_participant": cost.where(unit == "participant"),
            "cost_per_participant_reached": per_year / reached,
        },
        index=catalogue.index,
    )
    return figures[figures.notna().any(axis=1)]
