"""Loading indicator values: all or nothing, as one frame (:func:`load_indicators`).

The taxonomy, partners and practices are read first, since the rows refer to them; then every
``indicators/*.csv`` file is checked (:mod:`hopelib.catalogue.indicator_files`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from ..errors import CatalogueError, Problem
from ..models import Practice, Taxonomy, pick_text
from .indicator_files import IndicatorValue, check_indicator_files
from .periods import parse_period
from .practices import read_practices
from .reader import PathLike, open_reader

__all__ = ["INDICATOR_COLUMNS", "indicator_frame", "load_indicators", "validate_indicators"]

#: Columns of :func:`load_indicators` (one row per value).
INDICATOR_COLUMNS = [
    "practice",
    "title",
    "partner",
    "indicator",
    "label",
    "unit",
    "direction",
    "period",
    "period_kind",
    "period_start",
    "period_end",
    "value",
    "source",
    "note",
    "illustrative",
    "file",
    "line",
]


@dataclass
class _Checked:
    """What reading a folder's indicators gave: values, problems and what they refer to."""

    values: list[IndicatorValue]
    problems: list[Problem]
    taxonomy: Taxonomy | None
    practices: dict[str, Practice]


def _checked(data_dir: PathLike | None) -> _Checked:
    """Read the files indicators depend on, then the indicator files; collect every problem."""
    reader = open_reader(data_dir)
    taxonomy = reader.read_taxonomy()
    reader.read_partners()  # practices name partners: checked with them
    paths = reader.practice_files()
    practices = read_practices(reader, paths)
    if taxonomy is None:
        return _Checked([], reader.problems, None, practices)
    known = set(practices) | {p.stem for p in paths}
    values, problems = check_indicator_files(reader.root, taxonomy, practices, known)
    return _Checked(values, [*reader.problems, *problems], taxonomy, practices)


def validate_indicators(data_dir: PathLike | None = None) -> list[Problem]:
    """Check the indicator files of a data folder and list every problem.

    The taxonomy, partners and practices are read too (the rows refer to them); their
    problems are listed as well, since indicator rows cannot be checked without them.

    Parameters
    ----------
    data_dir : path, optional
        The data folder (default: ``HOPE_DATA`` or the project's ``data/``).

    Returns
    -------
    list of Problem
        Sorted by file and line; empty when all is well.
    """
    try:
        problems = _checked(data_dir).problems
    except CatalogueError as error:  # no data folder
        return list(error.problems)
    return sorted(set(problems), key=lambda p: (p.path, p.line or 0, p.field, p.message))


def load_indicators(data_dir: PathLike | None = None, lang: str = "en") -> pd.DataFrame:
    """Load every indicator value, one row each.

    Parameters
    ----------
    data_dir : path, optional
        The data folder (default: ``HOPE_DATA`` or the project's ``data/``).
    lang : str, default "en"
        The language of the ``label`` (indicator) and ``title`` (practice) columns.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`INDICATOR_COLUMNS`: ``practice``, ``title``, ``partner`` (missing
        for reference practices), ``indicator``, ``label``, ``unit``, ``direction``
        (``higher`` or ``lower`` is better), ``period`` (as written), ``period_kind``,
        ``period_start`` and ``period_end`` (timestamps of its first and last day),
        ``value`` (float), ``source``, ``note``, ``illustrative`` (bool), ``file`` and
        ``line`` (where the row is). Sorted by practice, indicator and period.

    Raises
    ------
    CatalogueError
        When an indicator file, the taxonomy, the partners or a practice has any problem:
        nothing is loaded.

    Examples
    --------
    >>> frame = load_indicators()
    >>> frame.query("practice == 'pitstoppi' and indicator == 'cost_per_session'")["value"]
    """
    checked = _checked(data_dir)
    if checked.problems:
        raise CatalogueError(checked.problems)
    assert checked.taxonomy is not None
    return indicator_frame(checked.values, checked.taxonomy, checked.practices, lang)


def indicator_frame(
    values: Iterable[IndicatorValue],
    taxonomy: Taxonomy,
    practices: Mapping[str, Practice],
    lang: str = "en",
) -> pd.DataFrame:
    """Build the frame of :func:`load_indicators` from checked values.

    Parameters
    ----------
    values : iterable of IndicatorValue
        Checked rows (:func:`check_indicator_files`, or ``DataFolder.indicators``).
    taxonomy : Taxonomy
    practices : mapping of str to Practice
    lang : str, default "en"
        The language of labels and titles.

    Returns
    -------
    pandas.DataFrame
        See :func:`load_indicators`.
    """
    rows = []
    # Looked up once per practice, indicator and period: large files repeat them on every row.
    about: dict[str, tuple[str, str | None]] = {}
    terms: dict[str, tuple[str, str]] = {}
    spans: dict[str, tuple[str, pd.Timestamp, pd.Timestamp]] = {}
    for item in values:
        if item.practice not in about:
            practice = practices.get(item.practice)
            title = pick_text(practice.title, lang, practice.lang)[0] if practice else None
            about[item.practice] = (
                title or item.practice,
                practice.partner if practice else None,
            )
        if item.indicator not in terms:
            terms[item.indicator] = (
                taxonomy.label("indicators", item.indicator, lang),
                taxonomy.indicator(item.indicator).direction,
            )
        if item.period not in spans:
            period = parse_period(item.period)
            spans[item.period] = (period.kind, pd.Timestamp(period.start), pd.Timestamp(period.end))
        title, partner = about[item.practice]
        label, direction = terms[item.indicator]
        kind, start, end = spans[item.period]
        rows.append(
            [
                item.practice,
                title,
                partner,
                item.indicator,
                label,
                item.unit,
                direction,
                item.period,
                kind,
                start,
                end,
                item.value,
                item.source,
                item.note,
                item.illustrative,
                item.file,
                item.line,
            ]
        )
    frame = pd.DataFrame(rows, columns=INDICATOR_COLUMNS)
    frame = frame.astype(
        {
            "period_start": "datetime64[ns]",
            "period_end": "datetime64[ns]",
            "value": float,
            "illustrative": bool,
            "line": "int64",
        }
    )
    order = ["practice", "indicator", "period_start", "period_end"]
    return frame.sort_values(order, kind="stable").reset_index(drop=True)
