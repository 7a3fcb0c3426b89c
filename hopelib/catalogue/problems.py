"""What every check of a data file shares: where a problem is, and the did-you-mean hints.

A :class:`~hopelib.errors.Problem` names the file as the user gave it (:func:`display`), the
line, the field (:func:`field_name` of its location in the file) and what to do. YAML and CSV
checks alike make them with :func:`file_problem` (or the file's own ``problem`` method,
:class:`hopelib.catalogue.text.TextFile`), and every "did you mean" comes from
:func:`closest`: an unknown id (:func:`unknown`), an unknown YAML field or an unknown CSV
column.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path

from ..errors import Problem

__all__ = ["Loc", "closest", "display", "field_name", "file_problem", "unknown"]

#: Where a value is in a parsed file: keys and list indexes, outermost first.
Loc = tuple[str | int, ...]


def display(path: Path) -> str:
    """Show *path* relative to the working directory when it lies below it.

    The folders are resolved, not the file itself: a link is named as the link.
    """
    try:
        return str((path.parent.resolve() / path.name).relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def field_name(loc: Loc) -> str:
    """Return the dotted name of a location: ``perspectives.client.need``, ``themes[1]``."""
    name = ""
    for part in loc:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name or "-"


def file_problem(path: Path, message: str, line: int | None = None, field: str = "-") -> Problem:
    """Return a problem of the file at *path* (shown with :func:`display`).

    Parameters
    ----------
    path : Path
        The file.
    message : str
        What is wrong and what to do.
    line : int, optional
        The 1-based line, when the problem has one.
    field : str, default "-"
        The field or column, ``-`` for the file as a whole.

    Returns
    -------
    Problem
    """
    return Problem(display(path), line, field, message)


def closest(value: object, candidates: Iterable[str]) -> str | None:
    """Return the candidate *value* was most likely meant to be, or ``None``.

    The one did-you-mean of the workbook: unknown ids, YAML fields and CSV columns.

    Examples
    --------
    >>> closest("nort", ["north", "south"])
    'north'
    """
    close = difflib.get_close_matches(str(value), list(candidates), n=1)
    return close[0] if close else None


def unknown(kind: str, value: object, known: Iterable[str], where: str) -> str:
    """Say that *value* is not a known *kind*, with the closest known one or the list.

    Parameters
    ----------
    kind : str
        What the value should be: ``partner``, ``practice``, ``language`` …
    value : object
        The value as written.
    known : iterable of str
        The known values.
    where : str
        Where the known values are defined (``partners.yaml``, ``practices/`` …).

    Returns
    -------
    str
        ``unknown partner 'nort': did you mean 'north'? (see partners.yaml)``, or, with
        nothing close, ``unknown … : use one of …`` listing up to twelve known values.
    """
    known = sorted(known)
    close = closest(value, known)
    if close is not None:
        return f"unknown {kind} {value!r}: did you mean {close!r}? (see {where})"
    listed = ", ".join(known) if len(known) <= 12 else f"{', '.join(known[:12])}, …"
    return f"unknown {kind} {value!r}: use one of {listed or '(none defined)'} (see {where})"
