"""Reading a data file's text, the same way for YAML and CSV files.

A file is read as bytes and decoded as UTF-8, a byte-order mark (as Excel and Notepad write
one) dropped; a file that cannot be read or is not UTF-8 becomes one
:class:`~hopelib.errors.Problem` with the line of the first bad byte, in the same words
whatever the format (:func:`read_text`). :func:`csv_records` splits CSV text into records
with the line each starts on, for the CSV files of the data folder. (Session archives and
pasted score grids are still decoded by :mod:`hopelib.store.archive` and
:mod:`hopelib.imports`.)
"""

from __future__ import annotations

import csv
import functools
import io
import os
from dataclasses import dataclass
from pathlib import Path

from ..errors import Problem
from .problems import display, file_problem

__all__ = ["MISSING_FILE", "Record", "TextFile", "csv_records", "read_text"]

#: The message for a file a loader expects by name and does not find.
MISSING_FILE = "file not found: create it, or check --data"

#: One CSV record: the line it starts on (1-based) and its cells, stripped.
Record = tuple[int, list[str]]


@dataclass
class TextFile:
    """One data file's text, with what is needed to report problems in it.

    Attributes
    ----------
    path : Path
        The file.
    text : str
        Its text, decoded, without a byte-order mark.
    """

    path: Path
    text: str

    @functools.cached_property
    def name(self) -> str:
        """The file as shown in problems (:func:`~hopelib.catalogue.problems.display`)."""
        return display(self.path)

    def problem(self, line: int | None, field: str, message: str) -> Problem:
        """Return a problem at *line* and *field* of this file."""
        return Problem(self.name, line, field, message)


def read_text(
    path: Path, problems: list[Problem], save_as: str, missing: str | None = MISSING_FILE
) -> str | None:
    """Read a UTF-8 text file (a byte-order mark is dropped); on failure add a problem.

    Parameters
    ----------
    path : Path
        The file.
    problems : list of Problem
        Where a problem is added when the file cannot be read or is not UTF-8.
    save_as : str
        How to save the file as UTF-8, ending the not-UTF-8 message
        (``the file is not UTF-8 (byte 0xf6): save it <save_as>``).
    missing : str or None, default :data:`MISSING_FILE`
        The message for a file that does not exist; ``None`` to report it as any file that
        cannot be read (for a file just found in a folder listing).

    Returns
    -------
    str or None
        The text, or ``None`` after adding a problem.
    """
    try:
        raw = path.read_bytes()
    except OSError as error:
        if isinstance(error, FileNotFoundError) and path.is_symlink():
            message = (
                f"this link points nowhere (to {os.readlink(path)!r}, which does not exist): "
                "remove the link, or make it point at an existing file"
            )
            problems.append(file_problem(path, message))
        elif missing is not None and isinstance(error, FileNotFoundError):
            problems.append(file_problem(path, missing))
        else:
            reason = error.strerror or str(error)
            problems.append(file_problem(path, f"cannot read the file ({reason})"))
        return None
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        message = f"the file is not UTF-8 (byte 0x{raw[error.start]:02x}): save it {save_as}"
        problems.append(file_problem(path, message, line))
        return None


def csv_records(file: TextFile, problems: list[Problem]) -> list[Record] | None:
    """Return the non-blank records of a CSV file with the line each starts on.

    Cells are stripped of surrounding white space. A record that is not valid CSV (an
    unclosed quote) adds a problem at its line and gives ``None``.
    """
    reader = csv.reader(io.StringIO(file.text, newline=""))
    rows: list[Record] = []
    previous = 0
    try:
        for cells in reader:
            start, previous = previous + 1, reader.line_num
            if "".join(cells).strip():
                rows.append((start, [cell.strip() for cell in cells]))
    except csv.Error as error:
        message = f"cannot read this line as CSV ({error}): check its quotes"
        problems.append(file.problem(previous + 1, "-", message))
        return None
    return rows
