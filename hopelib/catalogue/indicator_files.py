"""Indicator value files (``data/indicators/*.csv``): read, checked, one problem per mistake.

Each row is checked against the taxonomy's indicators (id, unit), the practices, and the
other rows (one row per practice, indicator and period; one period format per practice's
indicator). Files are read as every data file is (:func:`hopelib.catalogue.text.read_text`),
and unknown ids get the same did-you-mean hints as the YAML files.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..errors import Problem
from ..models import Practice, Taxonomy
from .periods import FORMATS, KIND_NAMES, Period, parse_period
from .problems import closest, file_problem, unknown
from .text import TextFile, csv_records, read_text

__all__ = [
    "COLUMNS",
    "OPTIONAL_COLUMNS",
    "IndicatorChecker",
    "IndicatorValue",
    "check_indicator_files",
    "illustrative_flag",
]

#: The columns every indicator file has, in this order in the documentation.
COLUMNS = ("practice", "indicator", "unit", "period", "value", "source", "note")
#: Columns a file may add: ``illustrative`` (``true``/``false``; empty means ``false``).
OPTIONAL_COLUMNS = ("illustrative",)

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_HEADER = ",".join(COLUMNS)
_SAVE_AS = "as CSV with UTF-8 encoding (in Excel: Save as → CSV UTF-8)"
_OTHER_FORMATS = {".xlsx", ".xls", ".ods", ".tsv"}


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


def illustrative_flag(text: str) -> bool | None:
    """Read an ``illustrative`` cell: ``None`` when it is neither true nor false.

    Examples
    --------
    >>> illustrative_flag(""), illustrative_flag("TRUE"), illustrative_flag("yes")
    (False, True, None)
    """
    lowered = text.lower()
    if lowered in {"", "false"}:
        return False
    if lowered == "true":
        return True
    return None


def _normal(text: str) -> str:
    return " ".join(text.split())


_ProblemAt = Callable[[str, str], None]  # adds a problem at (field, message) of one row


class IndicatorChecker:
    """Checks indicator files against the taxonomy, the practices and each other.

    Parameters
    ----------
    taxonomy : Taxonomy
        For the indicator ids and units.
    practices : mapping of str to Practice
        The loaded practices.
    known : set of str
        Every practice id that exists (also those whose file has a problem of its own).

    Attributes
    ----------
    values : list of IndicatorValue
        The good rows, in file order.
    problems : list of Problem
        Every problem found.
    """

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
        """Read and check one CSV file, adding its good rows and its problems."""
        text = read_text(path, self.problems, _SAVE_AS, missing=None)
        if text is None:
            return
        file = TextFile(path, text)
        rows = csv_records(file, self.problems)
        if rows is None:
            return
        if not rows:
            self.problems.append(file.problem(None, "-", self._empty_message()))
            return
        header_line, header = rows[0]
        names = self._header(header, file, header_line)
        if names is None:
            return
        for line, cells in rows[1:]:
            self._row(names, cells, file, line)

    @staticmethod
    def _empty_message() -> str:
        return (
            f"the file is empty: write the header line `{_HEADER}` and one row per value, "
            "or remove the file"
        )

    def _header(self, header: list[str], file: TextFile, line: int) -> list[str] | None:
        """Check the header line; return the column names, or ``None`` after a problem."""
        allowed = (*COLUMNS, *OPTIONAL_COLUMNS)
        before = len(self.problems)
        while header and not header[-1]:  # trailing empty cells, as spreadsheets write them
            header = header[:-1]

        def problem(field: str, message: str) -> None:
            self.problems.append(file.problem(line, field, message))

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
            close = closest(column, allowed)
            hint = f"did you mean {close!r}?" if close else f"the columns are {_HEADER}"
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

    def _row(self, names: list[str], cells: list[str], file: TextFile, line: int) -> None:
        if len(cells) > len(names) and not any(cells[len(names) :]):
            cells = cells[: len(names)]  # trailing empty cells, as spreadsheets write them
        if len(cells) != len(names):
            self.problems.append(
                file.problem(
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
            self.problems.append(file.problem(line, field, message))

        practice, indicator_id = row["practice"], row["indicator"]
        if not practice:
            problem("practice", "practice is empty: write the practice's id")
        elif practice not in self.known:
            problem("practice", unknown("practice", practice, self.known, "practices/"))
        indicator = self.indicators.get(indicator_id)
        if not indicator_id:
            problem("indicator", "indicator is empty: write an indicator id")
        elif indicator is None:
            where = "taxonomy.yaml, indicators"
            problem("indicator", unknown("indicator", indicator_id, self.indicators, where))
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
            problem("period", str(error) if row["period"] else f"period is empty: write {FORMATS}")
        value_problem = _value_problem(row["value"])
        if value_problem:
            problem("value", value_problem)
        elif indicator is not None and not indicator.negative and float(row["value"]) < 0:
            problem(
                "value",
                f"{row['value']!r} is below 0, but {indicator.id!r} ({indicator.unit}) cannot "
                "be negative: write the value without the minus sign, or, if it may be "
                "negative (a change, a balance), add `negative: true` to the indicator in "
                "taxonomy.yaml",
            )
        illustrative = illustrative_flag(row.get("illustrative", ""))
        if illustrative is None:
            problem(
                "illustrative",
                f"{row['illustrative']!r} is neither true nor false: write true for a made-up "
                "(illustrative) figure, false or nothing for a real one",
            )
        self._check_source(row, illustrative is not False, problem)  # unknown: no 2nd error
        if period is not None and practice and indicator is not None:
            self._check_against_others(practice, indicator.id, period, file.name, line, problem)
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
                    file.name,
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
                f"period {period.text!r} is {KIND_NAMES[period.kind][0]}, but {file}:{at} "
                f"gives {indicator!r} of {practice} by {KIND_NAMES[kind][1]}: use one period "
                "format for a practice's indicator, so that its periods compare",
            )


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
    checker = IndicatorChecker(taxonomy, practices, known)
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
            checker.problems.append(file_problem(path, message))
    return checker.values, checker.problems
