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

Loading is all-or-nothing, as for the catalogue: any problem raises
:class:`~hopelib.errors.CatalogueError` listing every problem as ``path:line: field:
message``, and nothing is loaded. ``hope validate`` checks these files with the rest.

The helpers (:func:`indicator_changes`, :func:`unit_indicator_figures`,
:func:`compare_indicator`, :func:`partner_overview`) are pure functions of the frame of
:func:`load_indicators`: they never read a file. Empty input gives an empty frame with the
documented columns.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import functools
import io
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from .catalogue import _display, _reader, _unknown
from .errors import CatalogueError, Problem
from .models import Practice, Taxonomy, pick_text

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

#: The columns every indicator file has, in this order in the documentation.
COLUMNS = ("practice", "indicator", "unit", "period", "value", "source", "note")
#: Columns a file may add: ``illustrative`` (``true``/``false``; empty means ``false``).
OPTIONAL_COLUMNS = ("illustrative",)
#: Period formats, finest last but one; ``range`` is a span of whole years.
PERIOD_KINDS = ("year", "half", "quarter", "month", "range")

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
#: Columns of :func:`compare_indicator`.
COMPARISON_COLUMNS = [
    "practice",
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

_KIND_NAMES = {
    "year": ("a year", "years"),
    "half": ("a half-year", "half-years"),
    "quarter": ("a quarter", "quarters"),
    "month": ("a month", "months"),
    "range": ("a span of years", "spans of years"),
}
_FORMATS = (
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
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_HEADER = ",".join(COLUMNS)


# ---------------------------------------------------------------- periods


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
            raise ValueError(f"{text!r} is not a period: there is no year 0; write {_FORMATS}")
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
    raise ValueError(f"{text!r} is not a period{hint or f': write {_FORMATS}'}")


# ---------------------------------------------------------------- reading and checking


@dataclass(frozen=True)
class IndicatorValue:
    """One checked row of an indicator file (``file`` as shown in problems, 1-based line)."""

    practice: str
    indicator: str
    unit: str
    period: str
    value: float
    source: str
    note: str
    illustrative: bool
    file: str
    line: int


def _value_problem(text: str) -> str | None:
    """Return what is wrong with a value cell, or ``None`` when it is a finite number."""
    if not text:
        return "value is empty: write the number, or leave the row out"
    if _NUMBER.match(text):
        return None if math.isfinite(float(text)) else f"{text!r} is too large to be a value"
    lowered = text.lower().lstrip("+-")
    if lowered in {"nan", "inf", "infinity", "n/a", "na", "-", "?"}:
        return (
            f"{text!r} is not a number: write the measured value, or leave the row out "
            "(an unknown figure has no row)"
        )
    if re.match(r"^[+-]?\d{1,3}([,.\s\u00a0\u202f]\d{3})+$", text):
        whole, point = re.sub(r"\D", "", text), text.replace(",", ".")
        shown = f"{whole!r} or {point!r}, whichever you mean" if "," in text else repr(whole)
        return (
            f"{text!r} is not a number: write no thousands separators and a point as the "
            f"decimal sign ({shown})"
        )
    if re.match(r"^[+-]?\d+,\d+$", text):
        return (
            f"{text!r} is not a number: use a point as the decimal sign "
            f"({text.replace(',', '.')!r}) and no thousands separators"
        )
    bare = re.sub(r"[\s\u00a0\u202f€%]|eur|EUR", "", text)
    if bare != text and _NUMBER.match(bare.replace(",", ".")):
        return (
            f"{text!r} is not a number: write the number only ({bare!r}); the unit goes in the "
            "unit column"
        )
    return f"{text!r} is not a number: write digits with a point as the decimal sign (e.g. 1.5)"


def _illustrative(text: str) -> bool | None:
    """Read the ``illustrative`` cell: ``None`` when it is neither true nor false."""
    lowered = text.lower()
    if lowered in {"", "false"}:
        return False
    if lowered == "true":
        return True
    return None


def _normal(text: str) -> str:
    return " ".join(text.split())


_ProblemAt = Callable[[str, str], None]  # adds a problem at (field, message) of one row


class _Checker:
    """Checks indicator files against the taxonomy, the practices and each other."""

    def __init__(
        self, taxonomy: Taxonomy, practices: Mapping[str, Practice], known: set[str]
    ) -> None:
        self.taxonomy = taxonomy
        self.practices = practices
        self.known = known
        self.indicators = {i.id: i for i in taxonomy.indicators}
        self.problems: list[Problem] = []
        self.values: list[IndicatorValue] = []
        self.seen: dict[tuple[str, str, str], tuple[str, int]] = {}
        # (practice, indicator) → the period kind of its first row, with its file and line
        self.kinds: dict[tuple[str, str], tuple[str, str, int]] = {}

    def read_file(self, path: Path) -> None:
        name = _display(path)
        text = self._text(path, name)
        if text is None:
            return
        rows = self._rows(text, name)
        if rows is None:
            return
        if not rows:
            self.problems.append(Problem(name, None, "-", self._empty_message()))
            return
        header_line, header = rows[0]
        names = self._header(header, name, header_line)
        if names is None:
            return
        for line, cells in rows[1:]:
            self._row(names, cells, name, line)

    @staticmethod
    def _empty_message() -> str:
        return (
            f"the file is empty: write the header line `{_HEADER}` and one row per value, "
            "or remove the file"
        )

    def _text(self, path: Path, name: str) -> str | None:
        try:
            raw = path.read_bytes()
        except OSError as error:
            reason = error.strerror or str(error)
            self.problems.append(Problem(name, None, "-", f"cannot read the file ({reason})"))
            return None
        try:
            return raw.decode("utf-8").removeprefix("\ufeff")
        except UnicodeDecodeError as error:
            line = raw[: error.start].count(b"\n") + 1
            self.problems.append(
                Problem(
                    name,
                    line,
                    "-",
                    f"the file is not UTF-8 (byte 0x{raw[error.start]:02x}): save it as "
                    "CSV with UTF-8 encoding (in Excel: Save as → CSV UTF-8)",
                )
            )
            return None

    def _rows(self, text: str, name: str) -> list[tuple[int, list[str]]] | None:
        """Return the non-blank records with the line each starts on."""
        reader = csv.reader(io.StringIO(text, newline=""))
        rows: list[tuple[int, list[str]]] = []
        previous = 0
        try:
            for cells in reader:
                start, previous = previous + 1, reader.line_num
                if "".join(cells).strip():
                    rows.append((start, [cell.strip() for cell in cells]))
        except csv.Error as error:
            self.problems.append(
                Problem(
                    name,
                    previous + 1,
                    "-",
                    f"cannot read this line as CSV ({error}): check its quotes",
                )
            )
            return None
        return rows

    def _header(self, header: list[str], name: str, line: int) -> list[str] | None:
        """Check the header line; return the column names, or ``None`` after a problem."""
        allowed = (*COLUMNS, *OPTIONAL_COLUMNS)
        before = len(self.problems)
        while header and not header[-1]:  # trailing empty cells, as spreadsheets write them
            header = header[:-1]

        def problem(field: str, message: str) -> None:
            self.problems.append(Problem(name, line, field, message))

        if len(header) == 1 and (";" in header[0] or "\t" in header[0]):
            sign = "semicolons" if ";" in header[0] else "tabs"
            problem(
                "-",
                f"the columns are separated by {sign}: save the file as CSV with commas "
                f"(the header line is `{_HEADER}`)",
            )
            return None
        counted: dict[str, int] = {}
        for column in header:
            counted[column] = counted.get(column, 0) + 1
            if column in allowed:
                continue
            if column.lower() in allowed:
                problem(column, f"write the column name in lower case: {column.lower()!r}")
                continue
            close = difflib.get_close_matches(column, allowed, n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"the columns are {_HEADER}"
            problem(
                column or "-",
                f"unknown column {column!r}: {hint} (`illustrative` is the only optional one)",
            )
        for column, count in counted.items():
            if count > 1 and column in allowed:
                problem(column, f"column {column!r} appears {count} times: keep one")
        lowered = {c.lower() for c in header}
        for column in COLUMNS:
            if column not in lowered:
                problem(
                    column,
                    f"required column {column!r} is missing: the header line is `{_HEADER}` "
                    "(and optionally `illustrative`)",
                )
        return header if len(self.problems) == before else None

    def _row(self, names: list[str], cells: list[str], name: str, line: int) -> None:
        if len(cells) > len(names) and not any(cells[len(names) :]):
            cells = cells[: len(names)]  # trailing empty cells, as spreadsheets write them
        if len(cells) != len(names):
            self.problems.append(
                Problem(
                    name,
                    line,
                    "-",
                    f"this row has {len(cells)} cells but the header names {len(names)} "
                    "columns: check the commas (a text with a comma needs double quotes)",
                )
            )
            return
        row = dict(zip(names, cells, strict=True))
        before = len(self.problems)

        def problem(field: str, message: str) -> None:
            self.problems.append(Problem(name, line, field, message))

        practice, indicator_id = row["practice"], row["indicator"]
        if not practice:
            problem("practice", "practice is empty: write the practice's id")
        elif practice not in self.known:
            problem("practice", _unknown("practice", practice, self.known, "practices/"))
        indicator = self.indicators.get(indicator_id)
        if not indicator_id:
            problem("indicator", "indicator is empty: write an indicator id")
        elif indicator is None:
            where = "taxonomy.yaml, indicators"
            problem("indicator", _unknown("indicator", indicator_id, self.indicators, where))
        if indicator is not None and row["unit"] != indicator.unit:
            shown = repr(row["unit"]) if row["unit"] else "empty"
            problem(
                "unit",
                f"unit {shown} is not the unit of {indicator.id!r}: write {indicator.unit!r} "
                "(taxonomy.yaml, indicators), giving the value in that unit",
            )
        period: Period | None = None
        try:
            period = parse_period(row["period"])
        except ValueError as error:
            problem("period", str(error) if row["period"] else f"period is empty: write {_FORMATS}")
        value_problem = _value_problem(row["value"])
        if value_problem:
            problem("value", value_problem)
        illustrative = _illustrative(row.get("illustrative", ""))
        if illustrative is None:
            problem(
                "illustrative",
                f"{row['illustrative']!r} is neither true nor false: write true for a made-up "
                "(illustrative) figure, false or nothing for a real one",
            )
        self._check_source(row, illustrative is not False, problem)  # unknown: no 2nd error
        if period is not None and practice and indicator is not None:
            self._check_against_others(practice, indicator.id, period, name, line, problem)
        if len(self.problems) == before:
            self.values.append(
                IndicatorValue(
                    practice,
                    indicator_id,
                    row["unit"],
                    row["period"],
                    float(row["value"]),
                    row["source"],
                    row["note"],
                    bool(illustrative),
                    name,
                    line,
                )
            )

    def _check_source(self, row: dict[str, str], illustrative: bool, problem: _ProblemAt) -> None:
        source = _normal(row["source"])
        if not source:
            problem(
                "source",
                "source is empty: give the title of the source, as in the practice's "
                "`sources:`, or write Illustrative for a made-up figure",
            )
            return
        if not illustrative and source.lower() == "illustrative":
            problem(
                "illustrative",
                "the source says Illustrative: mark the row illustrative=true, or name the "
                "real source",
            )

    def _check_against_others(
        self,
        practice: str,
        indicator: str,
        period: Period,
        name: str,
        line: int,
        problem: _ProblemAt,
    ) -> None:
        key = (practice, indicator, period.text)
        first = self.seen.setdefault(key, (name, line))
        if first != (name, line):
            problem(
                "period",
                f"duplicate row: {practice}, {indicator}, {period.text} is already given at "
                f"{first[0]}:{first[1]}: keep one row per practice, indicator and period",
            )
        series = (practice, indicator)
        kind, file, at = self.kinds.setdefault(series, (period.kind, name, line))
        if kind != period.kind:
            problem(
                "period",
                f"period {period.text!r} is {_KIND_NAMES[period.kind][0]}, but {file}:{at} "
                f"gives {indicator!r} of {practice} by {_KIND_NAMES[kind][1]}: use one period "
                "format for a practice's indicator, so that its periods compare",
            )


_OTHER_FORMATS = {".xlsx", ".xls", ".ods", ".tsv"}


def check_indicator_files(
    root: Path,
    taxonomy: Taxonomy,
    practices: Mapping[str, Practice],
    known_practices: Iterable[str] | None = None,
) -> tuple[list[IndicatorValue], list[Problem]]:
    """Read and check every ``indicators/*.csv`` file of a data folder.

    Parameters
    ----------
    root : Path
        The data folder; a folder without ``indicators/`` has no indicator values.
    taxonomy : Taxonomy
        For the indicator ids and units.
    practices : mapping of str to Practice
        The loaded practices, for their ids and source titles.
    known_practices : iterable of str, optional
        Every practice id that exists, also those whose file has a problem of its own (so a
        broken practice file is reported once, not again by each indicator row naming it).

    Returns
    -------
    tuple
        ``(values, problems)``: the checked rows in file order, and every problem found.
        Callers must not use the values when there is any problem.
    """
    known = set(practices) | set(known_practices or ())
    checker = _Checker(taxonomy, practices, known)
    folder = root / "indicators"
    if not folder.is_dir():
        return [], []
    for path in sorted(folder.iterdir()):
        if path.name.startswith((".", "~$")) or not path.is_file():
            continue  # hidden files and the lock files of an open spreadsheet
        if path.suffix == ".csv":
            checker.read_file(path)
        elif path.suffix.lower() in {".csv", *_OTHER_FORMATS}:
            message = (
                "indicator files are CSV files ending in .csv (lower case): save it as "
                "CSV UTF-8, or rename it"
            )
            checker.problems.append(Problem(_display(path), None, "-", message))
    return checker.values, checker.problems


@dataclass
class _Checked:
    """What reading a folder's indicators gave: values, problems and what they refer to."""

    values: list[IndicatorValue]
    problems: list[Problem]
    taxonomy: Taxonomy | None
    practices: dict[str, Practice]


def _checked(data_dir: str | Path | None) -> _Checked:
    """Read the files indicators depend on, then the indicator files; collect every problem."""
    reader = _reader(data_dir)
    taxonomy = reader.read_taxonomy()
    reader.read_partners()  # practices name partners: checked with them
    paths = reader.practice_files()
    practices = reader.read_practices(paths)
    if taxonomy is None:
        return _Checked([], reader.problems, None, practices)
    known = set(practices) | {p.stem for p in paths}
    values, problems = check_indicator_files(reader.root, taxonomy, practices, known)
    return _Checked(values, [*reader.problems, *problems], taxonomy, practices)


def validate_indicators(data_dir: str | Path | None = None) -> list[Problem]:
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


def load_indicators(data_dir: str | Path | None = None, lang: str = "en") -> pd.DataFrame:
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


# ---------------------------------------------------------------- helpers


def _empty(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})


def _prepared(frame: pd.DataFrame | None) -> pd.DataFrame:
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
        return _illustrative(value.strip()) is True
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return False
    return bool(value)


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
    data = _prepared(frame)
    if data.empty:
        return _empty(CHANGE_COLUMNS)
    grouped = data.groupby(["practice", "indicator"], sort=False)
    data = data.assign(
        period_from=grouped["period"].shift(1),
        value_from=grouped["value"].shift(1),
        illustrative_from=grouped["illustrative"].shift(1),
    )
    pairs = data[data["period_from"].notna()].copy()
    if pairs.empty:
        return _empty(CHANGE_COLUMNS)
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
    from .compare import unit_figures

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
    data = _prepared(frame)
    if data.empty:
        return _empty(FIGURE_COLUMNS)
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
        return _empty(FIGURE_COLUMNS)
    return pd.DataFrame(rows, columns=FIGURE_COLUMNS)


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
    data = _prepared(frame)
    rows = data[data["indicator"] == indicator] if not data.empty else data
    if period is not None:
        rows = rows[rows["period"] == period]
    if rows.empty:
        return _empty(COMPARISON_COLUMNS)
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
    data = _prepared(frame)
    if data.empty:
        return _empty(OVERVIEW_COLUMNS)
    owners = data["partner"].fillna("").astype(str)
    data = data[owners == (partner or "")]
    if data.empty:
        return _empty(OVERVIEW_COLUMNS)
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
