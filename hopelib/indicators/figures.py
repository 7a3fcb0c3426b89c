"""Per-participant and per-euro figures of indicator values (:func:`unit_indicator_figures`).

A pure function of the frames of :func:`hopelib.catalogue.load_indicators` and, for the
fallbacks, :func:`hopelib.catalogue.load_catalogue`: it never reads a file.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from ..compare import unit_figures
from .frames import empty_frame, prepared

__all__ = ["FIGURE_COLUMNS", "unit_indicator_figures"]

#: Columns of :func:`unit_indicator_figures`.
FIGURE_COLUMNS = [
    "practice",
    "title",
    "partner",
    "period",
    "period_kind",
    "figure",
    "value",
    "unit",
    "numerator",
    "numerator_value",
    "numerator_from",
    "denominator",
    "denominator_value",
    "denominator_from",
    "illustrative",
]

#: Indicators the unit figures divide (see :func:`unit_indicator_figures`).
_COSTS = ("cost", "project_value")
_PARTICIPANTS = "participants"
_SESSION_COST = "cost_per_session"
_SESSION_PLACES = "places_per_session"
#: Units that are not counts of people or things (no "per 1,000 €" figure for them).
_NOT_COUNTS = {"eur", "percent", "hours"}
#: Indicators that are already rates per session.
_PER_SESSION = {_SESSION_COST, _SESSION_PLACES, "session_hours"}

_Input = tuple[float, str, str, bool]  # value, from ("indicators"/"catalogue"), field, illustrative


def _catalogue_inputs(catalogue: pd.DataFrame | None) -> dict[str, dict[str, float]]:
    """Return per practice the catalogue figures the unit figures may fall back on."""
    if catalogue is None or catalogue.empty:
        return {}
    derived = {str(k): v for k, v in unit_figures(catalogue).to_dict("index").items()}
    inputs: dict[str, dict[str, float]] = {}
    wanted = [
        c
        for c in ("reach_participants_per_year", "resources_participants_max")
        if c in catalogue.columns
    ]
    for practice, row in catalogue[wanted].to_dict("index").items():
        found: dict[str, float] = {}
        reached = row.get("reach_participants_per_year")
        if pd.notna(reached) and float(reached) > 0:
            found["reach_participants_per_year"] = float(reached)
        places = row.get("resources_participants_max")
        if pd.notna(places) and float(places) > 0:
            found["resources_participants_max"] = float(places)
        computed = derived.get(str(practice), {})
        for name in ("cost_per_year", "cost_per_session"):
            if pd.notna(computed.get(name)):
                found[name] = float(computed[name])
        inputs[str(practice)] = found
    return inputs


def _pick(
    given: Mapping[str, _Input],
    own: Mapping[str, float],
    names: Iterable[str],
    fallbacks: Iterable[str],
) -> _Input | None:
    """Return the first of *names* in the indicator data, else the first catalogue fallback."""
    for name in names:
        if name in given:
            return given[name]
    for name in fallbacks:
        if name in own:
            return (own[name], "catalogue", name, False)
    return None


def _figure_row(
    keys: dict[str, object], figure: str, unit: str, top: _Input, bottom: _Input, scale: float
) -> dict[str, object]:
    return {
        **keys,
        "figure": figure,
        "value": top[0] / bottom[0] * scale,
        "unit": unit,
        "numerator": top[2],
        "numerator_value": top[0],
        "numerator_from": top[1],
        "denominator": bottom[2],
        "denominator_value": bottom[0],
        "denominator_from": bottom[1],
        "illustrative": top[3] or bottom[3],
    }


def unit_indicator_figures(
    frame: pd.DataFrame | None, catalogue: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Per-participant and per-euro figures of each practice and period, where inputs exist.

    Figures of one practice and period, from values of the *same* period:

    - ``cost_per_participant`` (eur): ``cost`` (or ``project_value``) over ``participants``;
    - ``cost_per_place_per_session`` (eur): ``cost_per_session`` over
      ``places_per_session`` (capacity, not attendance);
    - ``<indicator>_per_1000_eur`` (unit ``per_1000_eur``): every indicator counted in people
      or things (not ``eur``, ``percent`` or ``hours``, nor a per-session rate) per 1,000 €
      of ``cost`` (or ``project_value``).

    Where the indicator data lacks an input, the practice's catalogue entry stands in: for a
    year, ``reach_participants_per_year`` and the yearly cost of
    :func:`hopelib.compare.unit_figures`; for any period, the session cost and
    ``resources_participants_max``. The catalogue gives no year, so such a figure assumes
    the catalogue's figure held in that period: the ``*_from`` columns say which input came
    from where. A figure needs at least one input from the indicator data (purely
    catalogue figures are :func:`hopelib.compare.unit_figures`), and nothing is divided by
    zero.

    Parameters
    ----------
    frame : pandas.DataFrame
        :func:`load_indicators`.
    catalogue : pandas.DataFrame, optional
        :func:`hopelib.catalogue.load_catalogue`, for the fallbacks.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`FIGURE_COLUMNS`: the practice and period, ``figure``, ``value``,
        ``unit``, ``numerator`` and ``denominator`` (the indicator id or catalogue field
        used), their values, ``numerator_from`` and ``denominator_from`` (``indicators`` or
        ``catalogue``), and ``illustrative`` (true when an input is illustrative).
    """
    data = prepared(frame)
    if data.empty:
        return empty_frame(FIGURE_COLUMNS)
    fallback = _catalogue_inputs(catalogue)
    rows: list[dict[str, object]] = []
    # Plain records grouped in order of appearance: a pandas group per practice and period
    # would cost a millisecond each on large data.
    groups: dict[tuple[Any, Any], list[dict[Any, Any]]] = {}
    columns = [
        "practice",
        "period",
        "period_start",
        "period_end",
        "title",
        "partner",
        "period_kind",
        "indicator",
        "value",
        "unit",
        "illustrative",
    ]
    # Column by column (to_dict is slow here); times as plain numbers, for sorting only.
    lists = [data[c].to_numpy().tolist() for c in columns]
    for cells in zip(*lists, strict=True):
        record = dict(zip(columns, cells, strict=True))
        groups.setdefault((record["practice"], record["period"]), []).append(record)
    # Each practice's periods in time order (the records come indicator by indicator).
    practices = {p: k for k, p in enumerate(dict.fromkeys(p for p, _period in groups))}
    ordered = sorted(
        groups.items(),
        key=lambda item: (
            practices[item[0][0]],
            item[1][0]["period_start"],
            item[1][0]["period_end"],
        ),
    )
    for (practice, period), group in ordered:
        first = group[0]
        keys: dict[str, object] = {
            "practice": practice,
            "title": first["title"],
            "partner": first["partner"],
            "period": period,
            "period_kind": first["period_kind"],
        }
        given: dict[str, _Input] = {
            str(r["indicator"]): (
                float(r["value"]),
                "indicators",
                str(r["indicator"]),
                bool(r["illustrative"]),
            )
            for r in group
        }
        units = {str(r["indicator"]): str(r["unit"]) for r in group}
        own = fallback.get(str(practice), {})
        yearly = first["period_kind"] == "year"
        cost = _pick(given, own, _COSTS, ["cost_per_year"] if yearly else [])
        people = _pick(
            given, own, [_PARTICIPANTS], ["reach_participants_per_year"] if yearly else []
        )
        session_cost = _pick(given, own, [_SESSION_COST], ["cost_per_session"])
        places = _pick(given, own, [_SESSION_PLACES], ["resources_participants_max"])
        for figure, top, bottom in (
            ("cost_per_participant", cost, people),
            ("cost_per_place_per_session", session_cost, places),
        ):
            if top and bottom and bottom[0] > 0 and "indicators" in (top[1], bottom[1]):
                rows.append(_figure_row(keys, figure, "eur", top, bottom, 1.0))
        if cost is None or cost[0] <= 0:
            continue
        for name, item in given.items():
            if units[name] in _NOT_COUNTS or name in _PER_SESSION or name in _COSTS:
                continue
            rows.append(
                _figure_row(keys, f"{name}_per_1000_eur", "per_1000_eur", item, cost, 1000.0)
            )
    if not rows:
        return empty_frame(FIGURE_COLUMNS)
    return pd.DataFrame(rows, columns=FIGURE_COLUMNS)
