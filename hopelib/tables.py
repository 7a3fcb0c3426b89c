"""Reading a table a person made: CSV or TSV text as a partner's Excel saves it, or an XLSX.

:func:`decode_text` turns a text file's bytes into text: UTF-8 (with or without a byte-order
mark), UTF-16 or UTF-32 (Excel's "Unicode text"), else the Windows code page of the
partners' Excel (Windows-1250 for Slovenian, Windows-1252 for Finnish and English),
detected with charset-normalizer and the language as a hint, so that "Tanja Č" stays
"Tanja Č". :func:`read_text_grid` and :func:`read_xlsx_grid` split a table into a header and
rows, each row with the line a person sees in their editor or spreadsheet (blank lines
counted, the header is the first line that is not blank). A cell that cannot be trusted (a
formula without a stored value, cells beyond the header) is a problem of its row; a file that
cannot be read at all raises :class:`~hopelib.errors.StoreError` with ``field="file"``.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import charset_normalizer
import openpyxl
from openpyxl.utils import get_column_letter

from .errors import StoreError
from .i18n import _, get_language

__all__ = ["Grid", "RowProblem", "decode_text", "read_text_grid", "read_xlsx_grid"]

#: The Windows code page a partner's Excel saves "CSV" in, by interface language.
CODE_PAGES = {"sl": "cp1250", "hr": "cp1250", "cs": "cp1250", "pl": "cp1250"}
#: Letters of the partners' languages, to tell the code pages apart.
LETTERS = {"sl": "čćđšžČĆĐŠŽ", "fi": "äöåÄÖÅšžŠŽ", "en": ""}
_CONTROL = {chr(c) for c in range(32)} - set("\t\n\r")


@dataclass(frozen=True)
class RowProblem:
    """A problem of one row: its line, the column (or ``-``) and what to do."""

    line: int
    field: str
    message: str


@dataclass(frozen=True)
class Grid:
    """A table as read: its header's names and its rows, each with its line."""

    header: list[str]
    rows: list[tuple[int, list[str]]]
    problems: list[RowProblem] = field(default_factory=list)


def unreadable(filename: str, message: str) -> StoreError:
    """Build the error for a file that cannot be read (``field="file"``)."""
    return StoreError(f"{filename}: {message}", field="file")


def _binary(filename: str) -> StoreError:
    return unreadable(
        filename,
        _(
            "is not a text file or a spreadsheet (it holds binary data); "
            "export the sheet again as CSV or XLSX"
        ),
    )


def decode_text(content: bytes, filename: str, language: str | None = None) -> str:
    """Decode a text table's bytes, never guessing a name's letters wrong.

    Parameters
    ----------
    content : bytes
        The file's bytes.
    filename : str
        Its name, for messages.
    language : str, optional
        The language of the people who typed it (default: the interface language); picks
        Windows-1250 or Windows-1252 when the bytes alone cannot tell.

    Returns
    -------
    str
        The text, without a byte-order mark.

    Raises
    ------
    StoreError
        With ``field="file"`` for binary data or bytes no encoding reads.
    """
    for mark, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if content.startswith(mark):
            try:
                return content.decode(encoding)
            except UnicodeDecodeError:
                raise _undecodable(filename) from None
    if b"\x00" in content:
        return _utf16_without_mark(content, filename)
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        return _code_page(content, filename, language or get_language())


def _undecodable(filename: str) -> StoreError:
    return unreadable(
        filename,
        _(
            "cannot be decoded as UTF-8, UTF-16, Windows-1250 or Windows-1252; "
            "save it again as “CSV UTF-8” in Excel or LibreOffice"
        ),
    )


def _utf16_without_mark(content: bytes, filename: str) -> str:
    """Read UTF-16 saved without a byte-order mark (zeros in every other byte), else refuse."""
    even, odd = content[0::2].count(0), content[1::2].count(0)
    half = len(content) // 2
    if len(content) % 2 == 0 and half and max(even, odd) >= half * 0.3 and min(even, odd) == 0:
        try:
            return content.decode("utf-16-be" if even > odd else "utf-16-le")
        except UnicodeDecodeError:
            pass
    raise _binary(filename)


def _code_page(content: bytes, filename: str, language: str) -> str:
    """Choose Windows-1250 or Windows-1252 for a file that is not UTF-8.

    Of the code pages charset-normalizer finds plausible, the one whose letters belong to
    the partners' languages (the hint language's most), then the hint language's own.
    """
    decoded = {}
    for page in ("cp1250", "cp1252"):
        try:
            decoded[page] = content.decode(page)
        except UnicodeDecodeError:
            continue
    if len(set(decoded.values())) <= 1:
        if not decoded:
            raise _undecodable(filename)
        return next(iter(decoded.values()))
    matches = charset_normalizer.from_bytes(content, cp_isolation=list(decoded))
    chaos = {match.encoding: match.chaos for match in matches}
    calm = min(chaos.values(), default=0.0)
    plausible = [page for page in decoded if chaos.get(page, calm) <= calm + 0.05]
    own = LETTERS.get(language, "")
    partners = "".join(LETTERS.values())

    def score(page: str) -> tuple[int, int]:
        points = 0
        for char in decoded[page]:
            if ord(char) < 128:
                continue
            points += 3 if char in own else 2 if char in partners else char.isalpha()
        return points, page == CODE_PAGES.get(language, "cp1252")

    return decoded[max(plausible or list(decoded), key=score)]


def _header_delimiter(text: str) -> str:
    """Find the separator of the header (first non-blank) line: tab, semicolon or comma."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    counts = {sep: header.count(sep) for sep in ("\t", ";", ",")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def read_text_grid(text: str, filename: str, *, spreadsheet_rows: bool = False) -> Grid:
    """Split CSV or TSV text into a header and rows with the lines a person sees.

    Parameters
    ----------
    text : str
        The decoded file, or text pasted from a spreadsheet.
    filename : str
        Its name, for messages.
    spreadsheet_rows : bool, default False
        Number the rows as a spreadsheet shows the file (one row per record, however many
        lines its cells span) instead of by the line each starts on in an editor.

    Returns
    -------
    Grid
        Blank lines skipped (but counted); a row with more cells than the header has a
        problem of its own.

    Raises
    ------
    StoreError
        With ``field="file"`` for binary data, an empty table or one that cannot be split.
    """
    text = text.removeprefix("\ufeff")
    controls = sum(char in _CONTROL for char in text)  # a stray one is its row's problem
    if "\x00" in text or (controls >= 3 and controls > len(text) / 100):
        raise _binary(filename)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_header_delimiter(text))
    records = []
    start = 1
    try:
        for number, cells in enumerate(reader, start=1):
            records.append((number if spreadsheet_rows else start, [c.strip() for c in cells]))
            start = reader.line_num + 1
    except csv.Error as error:
        raise unreadable(
            filename,
            _("line {line}: {field}: {message}").format(
                line=reader.line_num,
                field="file",
                message=_("cannot be read ({error}); export it again as CSV or XLSX").format(
                    error=error
                ),
            ),
        ) from None
    return _grid(records, filename)


def _grid(records: list[tuple[int, list[str]]], filename: str) -> Grid:
    """Build a :class:`Grid` from (line, cells) records, the first non-blank the header."""
    filled = [(line, cells) for line, cells in records if any(cells)]
    if not filled:
        raise unreadable(
            filename, _("the table is empty; export the sheet with its header row and its rows")
        )
    (header_line, names), body = filled[0], filled[1:]
    while names and not names[-1]:
        names = names[:-1]
    if len([name for name in names if name]) < 2:
        raise unreadable(
            filename,
            _(
                "line {line}: the header row has no columns; give the column names in one "
                "row, separated by commas, semicolons or tabs"
            ).format(line=header_line),
        )
    header: list[str] = []
    for number, name in enumerate(names, start=1):
        if name and name.casefold() in {given.casefold() for given in names[: number - 1]}:
            raise unreadable(
                filename,
                _(
                    "line {line}: the column {column} appears twice in the header row; keep one"
                ).format(line=header_line, column=name),
            )
        if not name or name == "line" or name in header:  # unnamed, or the name read_table adds
            name = f"{name or '-'} ({number})"
            while name in header or name in names:
                name += "'"
        header.append(name)
    rows, problems = [], []
    for line, cells in body:
        extra = [cell for cell in cells[len(header) :] if cell]
        if extra:
            problems.append(
                RowProblem(
                    line,
                    "-",
                    _(
                        "this row has {cells} cells but the header row names {columns} "
                        "columns; remove the extra cells or give their column a name"
                    ).format(cells=len(header) + len(extra), columns=len(header)),
                )
            )
        rows.append((line, (cells + [""] * len(header))[: len(header)]))
    return Grid(header, rows, problems)


def _text(value: object) -> str:
    """Give a spreadsheet cell's value as the text a person sees."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value).strip()


def read_xlsx_grid(
    content: bytes,
    filename: str,
    wanted: Callable[[list[str]], bool],
    *,
    sheet_messages: tuple[str, str] | None = None,
) -> Grid:
    """Read the sheet of an XLSX workbook that holds the table, with the values it stored.

    Parameters
    ----------
    content : bytes
        The workbook's bytes.
    filename : str
        Its name, for messages.
    wanted : callable
        Tells from a header row whether a sheet holds the table.
    sheet_messages : tuple of str, optional
        What to say when several sheets hold the table, and when several sheets hold
        something but none the table (each with ``{sheets}``); default: a score table's.

    Returns
    -------
    Grid
        Lines are the sheet's row numbers. A formula cell gives the value the spreadsheet
        stored with it; one stored without a value is a problem of its row, naming the cell.

    Raises
    ------
    StoreError
        With ``field="file"`` for a file that is not a complete workbook, or when no single
        sheet holds the table (the sheets are named).
    """
    try:
        with warnings.catch_warnings():  # "Data Validation extension is not supported" …
            warnings.simplefilter("ignore")
            sheets = _read_sheets(content)
    except Exception as error:  # whatever a damaged zip or its XML raises
        raise unreadable(
            filename,
            _(
                "cannot be read as an XLSX workbook ({error}): it is damaged, cut short or "
                "not a workbook; open it in Excel or LibreOffice and save it again, or "
                "export the sheet as CSV"
            ).format(error=str(error).splitlines()[0] if str(error) else type(error).__name__),
        ) from None
    if not sheets:
        raise unreadable(
            filename, _("the table is empty; export the sheet with its header row and its rows")
        )
    chosen = [title for title, records in sheets.items() if wanted(_first(records))]
    if len(chosen) != 1 and (chosen or len(sheets) > 1):
        names = ", ".join(f"“{title}”" for title in (chosen or sheets))
        several, none = sheet_messages or (
            _(
                "has several sheets with score columns ({sheets}); keep the scores on one "
                "sheet, or save that sheet as a file of its own"
            ),
            _(
                "has several sheets ({sheets}) and none has a header row with participant and "
                "practice columns; keep the scores on one sheet under such a header"
            ),
        )
        message = several if chosen else none
        raise unreadable(filename, message.format(sheets=names))
    title = chosen[0] if chosen else next(iter(sheets))
    header_line, header = next((line, c) for line, c in sheets[title] if any(c))
    for number, name in enumerate(header, start=1):
        if name.startswith(_UNREAD):
            cell = f"{get_column_letter(number)}{header_line}"
            message = _unread_message(name, cell)
            raise unreadable(
                filename,
                _("line {line}: {field}: {message}").format(
                    line=header_line, field="columns", message=message
                ),
            )
    grid = _grid(sheets[title], filename)
    problems = list(grid.problems)
    rows = []
    for line, cells in grid.rows:
        for number, name in enumerate(grid.header, start=1):
            if cells[number - 1].startswith(_UNREAD):
                cell = f"{get_column_letter(number)}{line}"
                problems.append(RowProblem(line, name, _unread_message(cells[number - 1], cell)))
        rows.append((line, [c if not c.startswith(_UNREAD) else "" for c in cells]))
    return Grid(grid.header, rows, problems)


#: Marks a cell whose value the workbook does not hold (kept apart from every typed text).
_UNREAD = "\x00unread:"


#: A formula element in a worksheet's XML (``<f>``, ``<f t="shared" …/>``, ``<x:f>``).
_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")


def _formula_sheets(content: bytes) -> bool:
    """Tell whether any worksheet of the workbook holds a formula (a quick look at its XML)."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return any(
            _FORMULA_TAG.search(archive.read(name))
            for name in archive.namelist()
            if name.startswith("xl/worksheets/") and name.endswith(".xml")
        )


def _read_sheets(content: bytes) -> dict[str, list[tuple[int, list[str]]]]:
    """Read every sheet that holds something: its rows' numbers and their cells as text.

    The workbook is streamed (openpyxl's read-only mode, fast on large sheets) for the values
    the spreadsheet stored, and, when it holds formulas at all, once more for where they are.
    The sheets' recorded sizes are not trusted (some programs write them wrong).
    """
    values = openpyxl.load_workbook(io.BytesIO(content), data_only=True, read_only=True)
    formulas = (
        openpyxl.load_workbook(io.BytesIO(content), data_only=False, read_only=True)
        if _formula_sheets(content)
        else None
    )
    try:
        sheets = {}
        for sheet in values.worksheets:
            sheet.reset_dimensions()
            formula_cells: set[tuple[int, int]] = set()
            if formulas is not None:
                stored = formulas[sheet.title]
                stored.reset_dimensions()
                formula_cells = {
                    (cell.row, cell.column)
                    for row in stored.iter_rows()
                    for cell in row
                    if cell.data_type == "f"
                }
            records = [
                (
                    number,
                    [
                        _stored_text(cell, (number, column) in formula_cells)
                        for column, cell in enumerate(cells, start=1)
                    ],
                )
                for number, cells in enumerate(sheet.iter_rows(), start=1)
                if cells
            ]
            if any(any(cells) for _, cells in records):
                sheets[sheet.title] = records
        return sheets
    finally:
        values.close()
        if formulas is not None:
            formulas.close()


def _stored_text(cell: Any, formula: bool) -> str:
    """Give a cell's stored value as text; mark a formula stored without a value, or an error."""
    if cell.data_type == "e":  # #N/A, #REF! …: the spreadsheet could not compute it
        return f"{_UNREAD}error:{cell.value}"
    text = _text(cell.value)
    if text == "" and formula:
        return f"{_UNREAD}formula"
    return text


def _unread_message(marker: str, cell: str) -> str:
    """Say which cell the workbook holds no value for, and what to do."""
    if marker.startswith(f"{_UNREAD}error:"):
        return _(
            "cell {cell} shows the spreadsheet error {error}; correct the formula or type the value"
        ).format(cell=cell, error=marker.removeprefix(f"{_UNREAD}error:"))
    return _(
        "cell {cell} holds a formula without a value; open and save the file in Excel or "
        "LibreOffice"
    ).format(cell=cell)


def _first(records: list[tuple[int, list[str]]]) -> list[str]:
    """Give the first row that is not blank (a sheet's header)."""
    return next((cells for _, cells in records if any(cells)), [])
