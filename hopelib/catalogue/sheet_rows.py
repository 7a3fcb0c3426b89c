"""Reading a catalogue sheet (CSV, TSV or XLSX): its columns matched to fields, its rows.

The file is read with :mod:`hopelib.tables` (encodings, the sheet holding the table, formula
cells: the value the spreadsheet stored, or the row is rejected naming the cell), every
cell given back as typed with :func:`hopelib.spreadsheet.restore_cell`. Each column is
matched to a field by the export's names, by common names in English, Finnish and Slovenian
(:func:`hopelib.catalogue.columns.match_column`), or by a mapping file::

    # MAPPING.yaml: sheet column → field (the export's column names); ~ leaves a column out
    Nimi: title_fi
    Kuvaus: summary_fi
    Muistiinpanot: ~

Rows are numbered as a spreadsheet shows them (the header is row 1).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..errors import Problem, StoreError
from ..i18n import _
from ..spreadsheet import restore_cell
from ..tables import Grid, decode_text, read_text_grid, read_xlsx_grid
from .columns import Column, fold_name, known_columns, match_column
from .problems import closest, display

__all__ = ["Sheet", "SheetRow", "read_mapping", "read_sheet"]

#: The extensions read as text tables and as workbooks.
TEXT_SUFFIXES = (".csv", ".tsv", ".txt")
XLSX_SUFFIXES = (".xlsx", ".xlsm")


@dataclass(frozen=True)
class SheetRow:
    """One row of practice: its number in the spreadsheet and its filled cells."""

    row: int
    cells: list[tuple[Column, str]]
    headers: dict[Column, str]


@dataclass
class Sheet:
    """A catalogue sheet as read: its name for messages, its rows, and every problem."""

    name: str
    rows: list[SheetRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def problem(self, row: int | None, column: str, message: str) -> None:
        """Add a problem at *row* and *column* of this sheet."""
        self.problems.append(Problem(self.name, row, column, message))


def read_mapping(path: Path, problems: list[Problem]) -> dict[str, str | None]:
    """Read a mapping file: sheet column → field name (``~`` leaves the column out).

    Problems (a file that cannot be read, or is not such a mapping) are added to *problems*.
    """
    name = display(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        reason = getattr(error, "strerror", None) or str(error).splitlines()[0]
        problems.append(
            Problem(name, None, "-", _("cannot be read ({error})").format(error=reason))
        )
        return {}
    if not isinstance(data, dict) or not all(
        isinstance(value, str) or value is None for value in data.values()
    ):
        problems.append(
            Problem(
                name,
                None,
                "-",
                _(
                    "a mapping file lists one sheet column a line with the field it holds, "
                    "such as `Nimi: title_fi` (~ leaves a column out)"
                ),
            )
        )
        return {}
    return {str(key): value for key, value in data.items()}


def _grid(path: Path, sheet: Sheet, holds_titles: object) -> Grid | None:
    suffix = path.suffix.lower()
    try:
        content = path.read_bytes()
        if suffix in XLSX_SUFFIXES:
            messages = (
                _(
                    "has several sheets with a title column ({sheets}); keep the practices on "
                    "one sheet, or save that sheet as a file of its own"
                ),
                _(
                    "has several sheets ({sheets}) and none has a header row with a title "
                    "column; keep the practices on one sheet under such a header"
                ),
            )
            return read_xlsx_grid(
                content,
                sheet.name,
                holds_titles,  # type: ignore[arg-type]
                sheet_messages=messages,
            )
        if suffix in TEXT_SUFFIXES:
            text = decode_text(content, sheet.name)
            return read_text_grid(text, sheet.name, spreadsheet_rows=True)
        sheet.problem(1, "-", _("not a CSV, TSV or XLSX file; save the sheet as one of these"))
    except StoreError as error:
        sheet.problem(1, "-", str(error).removeprefix(f"{sheet.name}: "))
    except OSError as error:
        sheet.problem(None, "-", error.strerror or str(error))
    return None


def read_sheet(
    path: Path,
    languages: list[str],
    perspectives: list[str],
    mapping: Mapping[str, str | None] | None = None,
    mapping_name: str = "--mapping",
) -> Sheet:
    """Read a catalogue sheet, its columns matched to the fields of a practice.

    Parameters
    ----------
    path : Path
        The CSV, TSV or XLSX file.
    languages, perspectives : list of str
        The taxonomy's ids, for the column names.
    mapping : mapping, optional
        Sheet column → field name (the export's names), ``None`` to leave a column out.
    mapping_name : str
        The mapping file as named in messages.

    Returns
    -------
    Sheet
        The rows with their filled cells (restored, stripped), and every problem of the
        file, its header and its cells.
    """
    sheet = Sheet(display(path))
    known = known_columns(languages, perspectives)
    mapped = {fold_name(key): value for key, value in (mapping or {}).items()}

    def holds_titles(header: list[str]) -> bool:
        columns = [_column(name, known, mapped) for name in header]
        return any(isinstance(c, Column) and c.path == ("title",) for c in columns)

    grid = _grid(path, sheet, holds_titles)
    if grid is None:
        return sheet
    columns: list[Column | None] = []
    seen: dict[Column, str] = {}
    for name in grid.header:
        column = _column(name, known, mapped)
        if column == "skip" or name.startswith("- ("):
            columns.append(None)
            continue
        if column is None:
            exports = sorted({c.name for c in known.values()})
            close = closest(name, exports) or closest(fold_name(name), list(known))
            hint = _("did you mean {name}?").format(name=close) if close else ""
            sheet.problem(
                1,
                name,
                _(
                    "no field of a practice is called so. {hint} Rename the column to a name "
                    "the export uses, or map it to a field (or to ~) in a --mapping file"
                ).format(hint=hint),
            )
            columns.append(None)
            continue
        if isinstance(column, str):  # a mapping to a field that does not exist
            sheet.problem(
                1,
                name,
                _(
                    "{mapping} maps this column to {field}, which is not a field of a practice"
                ).format(mapping=mapping_name, field=column),
            )
            columns.append(None)
            continue
        assert isinstance(column, Column)
        if column in seen:
            sheet.problem(
                1,
                name,
                _("this column and the column {other} both hold {field}: keep one").format(
                    other=seen[column], field=column.name
                ),
            )
        seen[column] = name
        columns.append(column)
    if not any(column.path == ("title",) for column in seen):
        sheet.problem(
            1,
            "title",
            _(
                "no column holds the practices' titles: name one title_en, title_fi, title_sl "
                "(or title, otsikko, naslov), or map one in a --mapping file"
            ),
        )
    _unnamed_columns(grid, sheet)
    if not grid.rows:
        sheet.problem(
            2, "-", _("the sheet has a header row but no practices under it: add one row each")
        )
    for problem in grid.problems:
        sheet.problem(problem.line, problem.field, problem.message)
    headers = {column: name for column, name in seen.items()}
    for line, cells in grid.rows:
        filled = [
            (column, str(restore_cell(cell)).strip())
            for column, cell in zip(columns, cells, strict=True)
            if column is not None and cell.strip()
        ]
        sheet.rows.append(SheetRow(line, [(c, v) for c, v in filled if v], headers))
    return sheet


def _unnamed_columns(grid: Grid, sheet: Sheet) -> None:
    """Report a column without a name that holds something (an empty one is left out)."""
    for number, name in enumerate(grid.header):
        if not name.startswith("- ("):
            continue
        for line, cells in grid.rows:
            if cells[number].strip():
                sheet.problem(
                    line,
                    name,
                    _("this cell's column has no name: name it in the header row, or empty it"),
                )
                break


def _column(name: str, known: Mapping[str, Column], mapped: Mapping[str, str | None]) -> object:
    """Return the column *name* means: a Column, "skip", the unknown field it maps to, or None."""
    folded = fold_name(name)
    if folded in mapped:
        target = mapped[folded]
        if target is None or not target.strip():
            return "skip"
        return known.get(fold_name(target), target)
    return match_column(name, known)
