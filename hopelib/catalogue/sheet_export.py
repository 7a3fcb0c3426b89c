"""The catalogue as one sheet (CSV or XLSX) a partner can review or edit in a spreadsheet.

One row per practice, one column per field and language (:mod:`hopelib.catalogue.columns`);
every text cell goes through :func:`hopelib.spreadsheet.neutralise_cell`, so no text runs
as a formula when the file is opened. Contacts (personal data) only when asked for.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import tempfile
from pathlib import Path

import openpyxl
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils.exceptions import IllegalCharacterError

from ..errors import ArgumentError, CatalogueError, Problem
from ..i18n import _
from ..spreadsheet import neutralise_cell
from .columns import catalogue_columns, practice_row
from .practices import read_practices
from .reader import PathLike, open_reader
from .yaml_writer import read_comment, scalar

__all__ = ["FORMATS", "catalogue_rows", "export_catalogue"]

#: The formats an export is written in.
FORMATS = ("csv", "xlsx")


def catalogue_rows(
    data_dir: PathLike | None = None, include_contacts: bool = False
) -> tuple[list[str], list[dict[str, object]]]:
    """Read the catalogue as spreadsheet rows, with the comment of each file.

    Parameters
    ----------
    data_dir : path, optional
        The data folder (default: ``HOPE_DATA`` or the project's ``data/``).
    include_contacts : bool, default False
        Whether contact details (personal data) are in the rows.

    Returns
    -------
    tuple
        The columns (:func:`~hopelib.catalogue.columns.catalogue_columns`) and one row per
        practice, by id.

    Raises
    ------
    CatalogueError
        When the data folder has a problem.
    """
    reader = open_reader(data_dir)
    taxonomy = reader.read_taxonomy()
    reader.read_partners()
    reader.raise_problems()
    practices = read_practices(reader)
    reader.raise_problems()
    assert taxonomy is not None
    rows = []
    for practice_id, practice in practices.items():
        path = reader.root / "practices" / f"{practice_id}.yaml"
        comment = read_comment(path.read_text(encoding="utf-8-sig"))
        rows.append(practice_row(practice, comment, include_contacts))
    columns = catalogue_columns(
        rows, taxonomy.ids("languages"), taxonomy.ids("perspectives"), include_contacts
    )
    return columns, rows


def _format_of(out: Path | None, format: str | None) -> str:
    if format is None and out is not None and out.suffix.lower() not in (".csv", ".xlsx"):
        raise ArgumentError(
            _("--out {out}: name a .csv or .xlsx file, or give --format csv or xlsx").format(
                out=out
            ),
            field="--out",
        )
    chosen = format or (out.suffix.lstrip(".").lower() if out is not None else "xlsx")
    if chosen not in FORMATS:
        raise ArgumentError(
            _("--format {format}: write csv or xlsx").format(format=chosen), field="--format"
        )
    return chosen


def _csv_bytes(columns: list[str], rows: list[dict[str, object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        cells = [row.get(name) for name in columns]
        writer.writerow(
            [
                ""
                if cell is None
                else neutralise_cell(cell if isinstance(cell, str) else scalar(cell))
                for cell in cells
            ]
        )
    return buffer.getvalue().encode("utf-8-sig")  # Excel reads UTF-8 with its mark


def _xlsx_bytes(columns: list[str], rows: list[dict[str, object]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "practices"
    sheet.append([neutralise_cell(name) for name in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "B2"
    for row in rows:
        try:
            sheet.append([neutralise_cell(row.get(name)) for name in columns])
        except IllegalCharacterError:
            raise CatalogueError([_control_character(row, columns)]) from None
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _control_character(row: dict[str, object], columns: list[str]) -> Problem:
    """Name the cell of *row* that holds a character a workbook cannot store."""
    column = next(
        (name for name in columns if ILLEGAL_CHARACTERS_RE.search(str(row.get(name) or ""))),
        "-",
    )
    return Problem(
        f"practices/{row.get('id')}.yaml",
        None,
        column,
        _(
            "holds a control character an XLSX sheet cannot store: remove it from the file, "
            "or export as CSV"
        ),
    )


def export_catalogue(
    data_dir: PathLike | None = None,
    *,
    out: PathLike,
    format: str | None = None,
    include_contacts: bool = False,
) -> Path:
    """Write the catalogue as one sheet: one row per practice.

    Parameters
    ----------
    data_dir : path, optional
        The data folder.
    out : path
        The file to write (replaced whole, never half-written).
    format : {"csv", "xlsx"}, optional
        Default: from *out*'s extension.
    include_contacts : bool, default False
        Whether the contacts' details (personal data) are written.

    Returns
    -------
    Path
        The file written.

    Raises
    ------
    ArgumentError
        For a format other than CSV or XLSX.
    CatalogueError
        When the data folder has a problem.
    """
    target = Path(out)
    chosen = _format_of(target, format)
    columns, rows = catalogue_rows(data_dir, include_contacts)
    content = _csv_bytes(columns, rows) if chosen == "csv" else _xlsx_bytes(columns, rows)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        os.replace(name, target)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(name)
    return target
