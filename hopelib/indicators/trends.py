"""How indicators change and compare: between periods, across practices, per partner.

Pure functions of the frame of :func:`hopelib.catalogue.load_indicators`: they never read a
file, and empty input gives an empty frame with the documented columns.
"""

from __future__ import annotations

import math

import pandas as pd

from .frames import empty_frame, prepared

__all__ = [
    "CHANGE_COLUMNS",
    "COMPARISON_COLUMNS",
    "OVERVIEW_COLUMNS",
    "compare_indicator",
    "indicator_changes",
    "partner_overview",
]

#: Columns of :func:`indicator_changes`.
CHANGE_COLUMNS = [
    "practice",
    "title",
    "partner",
    "indicator",
    "label",
    "unit",
    "direction",
    "period_from",
    "period_to",
    "value_from",
    "value_to",
    "change",
    "change_pct",
    "outcome",
    "illustrative",
]
#: Columns of :func:`compare_indicator`.
COMPARISON_COLUMNS = [
    "practice",
    "indicator",
    "title",
    "partner",
    "period",
    "period_kind",
    "value",
    "unit",
    "label",
    "direction",
    "rank",
    "illustrative",
    "source",
    "note",
]
#: Columns of :func:`partner_overview`.
OVERVIEW_COLUMNS = [
    "practice",
    "partner",
    "title",
    "indicator",
    "label",
    "unit",
    "direction",
    "period",
    "value",
    "previous_period",
    "previous_value",
    "change",
    "change_pct",
    "outcome",
    "n_periods",
    "illustrative",
]


def _outcome(change: float, direction: object) -> str | None:
    """Say whether a change is ``better``, ``worse`` or the ``same``, given the direction."""
    if direction not in ("higher", "lower") or math.isnan(change):
        return None
    if math.isclose(change, 0.0, abs_tol=1e-9):
        return "same"
    return "better" if (change > 0) == (direction == "higher") else "worse"


def _percent(change: float, base: float) -> float:
    return change / abs(base) * 100 if base else math.nan


def indicator_changes(frame: pd.DataFrame | None) -> pd.DataFrame:
    """Change of each practice's indicators from one period to the next.

    Parameters
    ----------
    frame : pandas.DataFrame
        :func:`load_indicators` (or a frame with at least ``practice``, ``indicator``,
        ``period`` and ``value``; ``direction`` for the outcome).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`CHANGE_COLUMNS`, one row per pair of consecutive periods of a
        practice's indicator (the periods given; a missing year is not filled in):
        ``value_from``, ``value_to``, ``change`` (to − from), ``change_pct`` (the change as
        a percentage of ``|value_from|``; NaN from zero), ``outcome`` (``better``, ``worse``
        or ``same`` given the indicator's ``direction``; missing without one) and
        ``illustrative`` (true when either value is illustrative).

    Examples
    --------
    >>> indicator_changes(load_indicators()).query("practice == 'foyle-community-work-programme'")
    """
    data = prepared(frame)
    if data.empty:
        return empty_frame(CHANGE_COLUMNS)
    grouped = data.groupby(["practice", "indicator"], sort=False)
    data = data.assign(
        period_from=grouped["period"].shift(1),
        value_from=grouped["value"].shift(1),
        illustrative_from=grouped["illustrative"].shift(1),
    )
    pairs = data[data["period_from"].notna()].copy()
    if pairs.empty:
        return empty_frame(CHANGE_COLUMNS)
    pairs["period_to"] = pairs["period"]
    pairs["value_to"] = pairs["value"]
    pairs["value_from"] = pairs["value_from"].astype(float)
    pairs["change"] = pairs["value_to"] - pairs["value_from"]
    pairs["change_pct"] = [
        _percent(c, b) for c, b in zip(pairs["change"], pairs["value_from"], strict=True)
    ]
    pairs["outcome"] = [
        _outcome(c, d) for c, d in zip(pairs["change"], pairs["direction"], strict=True)
    ]
    pairs["illustrative"] = pairs["illustrative"] | pairs["illustrative_from"].astype(bool)
    return pairs[CHANGE_COLUMNS].reset_index(drop=True)


def _rank(values: pd.Series, direction: object) -> pd.Series:
    """Rank values best first (ties share the best rank); no rank without a direction."""
    if direction not in ("higher", "lower"):
        return pd.Series(pd.NA, index=values.index, dtype="Int64")
    ranks = values.rank(method="min", ascending=direction == "lower")
    return ranks.astype("Int64")


def compare_indicator(
    frame: pd.DataFrame | None, indicator: str, period: str | None = None
) -> pd.DataFrame:
    """Compare one indicator across practices (and so across partners).

    Parameters
    ----------
    frame : pandas.DataFrame
        :func:`load_indicators`.
    indicator : str
        The indicator id.
    period : str, optional
        Compare this period (as written, e.g. ``2024``). Default: each practice's latest
        period, which may differ between practices (the ``period`` column says which).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`COMPARISON_COLUMNS`, one row per practice, best first: ``rank``
        follows the indicator's ``direction`` (ties share the best rank), ``illustrative``
        marks made-up figures, ``partner`` is missing for reference practices.

    Examples
    --------
    >>> compare_indicator(load_indicators(), "participants")
    """
    data = prepared(frame)
    rows = data[data["indicator"] == indicator] if not data.empty else data
    if period is not None:
        rows = rows[rows["period"] == period]
    if rows.empty:
        return empty_frame(COMPARISON_COLUMNS)
    latest = rows.groupby("practice", sort=False).tail(1)  # sorted by period: the latest
    direction = latest["direction"].iloc[0]
    latest = latest.assign(rank=_rank(latest["value"], direction))
    latest = latest.sort_values(["rank", "practice"], kind="stable", na_position="last")
    return latest[COMPARISON_COLUMNS].reset_index(drop=True)


def partner_overview(frame: pd.DataFrame | None, partner: str | None) -> pd.DataFrame:
    """Each indicator of one partner's practices: its latest value and how it changed.

    Parameters
    ----------
    frame : pandas.DataFrame
        :func:`load_indicators`.
    partner : str or None
        The partner id; ``None`` or ``""`` for the reference practices (no partner).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`OVERVIEW_COLUMNS`, one row per practice and indicator: the latest
        ``period`` and ``value``, the ``previous_period`` and ``previous_value`` (NaN when
        there is one period only), ``change``, ``change_pct``, ``outcome`` (``better``,
        ``worse``, ``same`` given the direction; missing with one period),
        ``n_periods`` and ``illustrative`` (true when the latest or previous value is).
    """
    data = prepared(frame)
    if data.empty:
        return empty_frame(OVERVIEW_COLUMNS)
    owners = data["partner"].fillna("").astype(str)
    data = data[owners == (partner or "")]
    if data.empty:
        return empty_frame(OVERVIEW_COLUMNS)
    grouped = data.groupby(["practice", "indicator"], sort=False)
    data = data.assign(
        previous_period=grouped["period"].shift(1),
        previous_value=grouped["value"].shift(1).astype(float),
        previous_illustrative=grouped["illustrative"].shift(1),
        n_periods=grouped["period"].transform("size").astype("int64"),
    )
    latest = grouped.tail(1).index
    rows = data.loc[latest].copy()
    rows["change"] = rows["value"] - rows["previous_value"]
    rows["change_pct"] = [
        _percent(c, b) for c, b in zip(rows["change"], rows["previous_value"], strict=True)
    ]
    rows["outcome"] = [
        _outcome(c, d) for c, d in zip(rows["change"], rows["direction"], strict=True)
    ]
    previous = rows["previous_illustrative"].fillna(False).astype(bool)
    rows["illustrative"] = rows["illustrative"] | previous
    return rows[OVERVIEW_COLUMNS].reset_index(drop=True)
