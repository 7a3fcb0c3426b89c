"""Periods of indicator values: a year, a half-year, a quarter, a month or a span of years.

One indicator of one practice uses one of these formats everywhere, so that its periods
compare (docs/catalogue.md, "Indicators").
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

__all__ = ["FORMATS", "KIND_NAMES", "PERIOD_KINDS", "Period", "parse_period"]

#: Period formats, finest last but one; ``range`` is a span of whole years.
PERIOD_KINDS = ("year", "half", "quarter", "month", "range")

#: Each period kind named in a message: one period, several.
KIND_NAMES = {
    "year": ("a year", "years"),
    "half": ("a half-year", "half-years"),
    "quarter": ("a quarter", "quarters"),
    "month": ("a month", "months"),
    "range": ("a span of years", "spans of years"),
}
#: The formats, as messages list them.
FORMATS = (
    "a year (2021), a half-year (2021-H1), a quarter (2021-Q3), a month (2021-05) "
    "or a span of years (2015/2018)"
)
_PATTERNS = (  # ASCII digits only: "２０２１" is not 2021
    ("year", re.compile(r"^([0-9]{4})$")),
    ("half", re.compile(r"^([0-9]{4})-H([12])$")),
    ("quarter", re.compile(r"^([0-9]{4})-Q([1-4])$")),
    ("month", re.compile(r"^([0-9]{4})-(0[1-9]|1[0-2])$")),
    ("range", re.compile(r"^([0-9]{4})/([0-9]{4})$")),
)


@dataclass(frozen=True)
class Period:
    """A period as written in an indicator file, with its first and last day."""

    text: str
    kind: str
    start: dt.date
    end: dt.date


def _month_end(year: int, month: int) -> dt.date:
    """Return the last day of a month."""
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def _period_hint(text: str) -> str:
    """Say how to fix a period that is almost right."""
    upper = text.upper()
    if upper != text and any(p.match(upper) for _, p in _PATTERNS):
        return f": write it in capitals, {upper!r}"
    month = re.match(r"^(\d{4})-(\d)$", text)
    if month:
        return f": write months with two digits, '{month.group(1)}-0{month.group(2)}'"
    if re.match(r"^\d{4}\s*[-–]\s*\d{4}$", text):
        first, last = re.findall(r"\d{4}", text)
        return f": write a span of years with a slash, '{first}/{last}'"
    if re.match(r"^\d{4}-\d{2}-\d{2}$", text):
        return f": periods are not days; write the month, {text[:7]!r}"
    return ""


@functools.lru_cache(maxsize=4096)  # a file repeats a handful of periods on every row
def parse_period(text: str) -> Period:
    """Parse one period of an indicator file.

    Parameters
    ----------
    text : str
        ``2021``, ``2021-H1``, ``2021-Q3``, ``2021-05`` or ``2015/2018``.

    Returns
    -------
    Period
        Its ``kind`` (one of :data:`PERIOD_KINDS`), first and last day.

    Raises
    ------
    ValueError
        With a message saying which formats are allowed (and how to fix a near miss).

    Examples
    --------
    >>> parse_period("2021-Q3").start
    datetime.date(2021, 7, 1)
    """
    for kind, pattern in _PATTERNS:
        match = pattern.match(text)
        if not match:
            continue
        year = int(match.group(1))
        if year < 1:
            raise ValueError(f"{text!r} is not a period: there is no year 0; write {FORMATS}")
        if kind == "year":
            return Period(text, kind, dt.date(year, 1, 1), dt.date(year, 12, 31))
        if kind == "range":
            last = int(match.group(2))
            if last <= year:
                raise ValueError(
                    f"{text!r} is not a span of years: the first year must come before the "
                    f"last (for one year write {match.group(1)!r})"
                )
            return Period(text, kind, dt.date(year, 1, 1), dt.date(last, 12, 31))
        part = int(match.group(2))
        months = {"half": 6, "quarter": 3, "month": 1}[kind]
        first = (part - 1) * months + 1
        return Period(text, kind, dt.date(year, first, 1), _month_end(year, first + months - 1))
    hint = _period_hint(text)
    raise ValueError(f"{text!r} is not a period{hint or f': write {FORMATS}'}")
