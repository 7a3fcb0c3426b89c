"""The frame every indicator helper starts from: :func:`prepared`, and empty results."""

from __future__ import annotations

import math

import pandas as pd

from ..catalogue.indicator_files import illustrative_flag
from ..catalogue.indicator_loaders import INDICATOR_COLUMNS
from ..catalogue.periods import parse_period

__all__ = ["empty_frame", "prepared"]


def empty_frame(columns: list[str]) -> pd.DataFrame:
    """Return an empty frame with *columns* (each of dtype object)."""
    return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})


def prepared(frame: pd.DataFrame | None) -> pd.DataFrame:
    """Return *frame* with every column the helpers use (defaults for the optional ones)."""
    if frame is None or frame.empty:
        return pd.DataFrame(columns=INDICATOR_COLUMNS)
    needed = ["practice", "indicator", "period", "value"]
    missing = [c for c in needed if c not in frame.columns]
    if missing:
        raise ValueError(
            f"the frame has no column {', '.join(missing)} (expected the frame of "
            "load_indicators, or at least practice, indicator, period and value)"
        )
    data = frame.copy()
    if not {"period_start", "period_end", "period_kind"} <= set(data.columns):
        periods = [parse_period(str(p)) for p in data["period"]]
        data["period_start"] = [pd.Timestamp(p.start) for p in periods]
        data["period_end"] = [pd.Timestamp(p.end) for p in periods]
        data["period_kind"] = [p.kind for p in periods]
    defaults: dict[str, str | bool | None] = {
        "partner": None,
        "unit": "",
        "direction": None,
        "illustrative": False,
        "source": "",
        "note": "",
    }
    for column, default in defaults.items():
        if column not in data.columns:
            data[column] = default
    if "label" not in data.columns:
        data["label"] = data["indicator"]
    if "title" not in data.columns:
        data["title"] = data["practice"]
    data["value"] = data["value"].astype(float)
    data["illustrative"] = [_flag(v) for v in data["illustrative"]]
    order = ["practice", "indicator", "period_start", "period_end"]
    return data.sort_values(order, kind="stable")


def _flag(value: object) -> bool:
    """Read an ``illustrative`` value of a hand-made frame ("false" as text is false)."""
    if isinstance(value, str):
        return illustrative_flag(value.strip()) is True
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return False
    return bool(value)
