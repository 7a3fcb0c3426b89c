"""One small hierarchy of errors; every message names the file, the field and what to do."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["CatalogueError", "ExportError", "HopeError", "Problem", "StoreError"]


@dataclass(frozen=True, order=True)
class Problem:
    """One problem found in a data file.

    Attributes
    ----------
    path : str
        The file, as given to the loader.
    line : int or None
        1-based line number where the problem is, when there is one.
    field : str
        Dotted path of the field (``perspectives.client.need``, ``themes[1]``), or ``-``.
    message : str
        What is wrong and what to do.
    """

    path: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.field}: {self.message}"


class HopeError(Exception):
    """Base of every error the workbook raises for a user's mistake."""


class CatalogueError(HopeError):
    """The data folder has problems; :attr:`problems` lists every one."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(set(problems), key=lambda p: (p.path, p.line or 0, p.field))
        count = len(self.problems)
        files = len({p.path for p in self.problems})
        lines = "\n".join(str(p) for p in self.problems)
        super().__init__(
            f"{count} problem{'s' if count != 1 else ''} in {files} file{'s' if files != 1 else ''}"
            f" (fix them and run `hope validate` again):\n{lines}"
        )


class StoreError(HopeError):
    """A session-store operation was refused; nothing was written.

    Attributes
    ----------
    field : str or None
        The argument or column at fault (``score``, ``partner`` …), so that a form can show
        the message beside the right control.
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class ExportError(HopeError):
    """A report could not be exported; nothing was half-written."""
