"""Impact indicators: what practices achieve over time (``data/indicators/*.csv``).

The indicator *definitions* (id, label in each language, unit, and whether a higher or a
lower value is better) live in ``taxonomy.yaml`` under ``indicators:``. The *values* live in
CSV files under ``data/indicators/``, one row per practice, indicator and period, in a long
format (docs/catalogue.md, "Indicators")::

    practice,indicator,unit,period,value,source,note,illustrative
    pitstoppi,cost_per_session,eur,2019,330,"Hyvät käytänteet hankkeessa – …",…,false

Periods are a year (``2021``), a half-year (``2021-H1``), a quarter (``2021-Q3``), a month
(``2021-05``) or a span of years (``2015/2018``); one indicator uses one of these formats
everywhere, so that its periods compare. ``illustrative`` (optional column, default
``false``) marks figures made up for demonstrations; every view of them says so.

Reading and checking the files is :mod:`hopelib.catalogue`'s, as for every data file
(:func:`load_indicators`, :func:`validate_indicators`, :func:`check_indicator_files`,
:func:`indicator_frame`, :func:`parse_period`, re-exported here). Loading is all-or-nothing:
any problem raises :class:`~hopelib.errors.CatalogueError` listing every problem as
``path:line: field: message``, and nothing is loaded. ``hope validate`` checks these files
with the rest.

The helpers (:func:`indicator_changes`, :func:`unit_indicator_figures`,
:func:`compare_indicator`, :func:`partner_overview`) are pure functions of the frame of
:func:`load_indicators`: they never read a file. Empty input gives an empty frame with the
documented columns.
"""

from __future__ import annotations

from ..catalogue.indicator_files import (
    COLUMNS,
    OPTIONAL_COLUMNS,
    IndicatorValue,
    check_indicator_files,
)
from ..catalogue.indicator_loaders import (
    INDICATOR_COLUMNS,
    indicator_frame,
    load_indicators,
    validate_indicators,
)
from ..catalogue.periods import PERIOD_KINDS, Period, parse_period
from .figures import FIGURE_COLUMNS, unit_indicator_figures
from .trends import (
    CHANGE_COLUMNS,
    COMPARISON_COLUMNS,
    OVERVIEW_COLUMNS,
    compare_indicator,
    indicator_changes,
    partner_overview,
)

__all__ = [
    "CHANGE_COLUMNS",
    "COLUMNS",
    "COMPARISON_COLUMNS",
    "FIGURE_COLUMNS",
    "INDICATOR_COLUMNS",
    "OPTIONAL_COLUMNS",
    "OVERVIEW_COLUMNS",
    "PERIOD_KINDS",
    "IndicatorValue",
    "Period",
    "check_indicator_files",
    "compare_indicator",
    "indicator_changes",
    "indicator_frame",
    "load_indicators",
    "parse_period",
    "partner_overview",
    "unit_indicator_figures",
    "validate_indicators",
]
