"""One small hierarchy of errors; every message names the file, the field and what to do."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = [
    "ArgumentError",
    "CatalogueError",
    "ExportError",
    "HopeError",
    "Problem",
    "StoreError",
]


#: Line breaks (as ``str.splitlines`` sees them) with the white space around them.
_BREAKS = re.compile(r"\s*[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]+\s*")
#: Any other character that a terminal would not show as itself.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _visible(text: str) -> str:
    r"""Return *text* with its control characters written as escapes (``\n``, ``\x00``)."""
    return _CONTROL.sub(lambda match: repr(match.group())[1:-1], text)


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

    Every problem is one line: line breaks in the message become spaces, and control
    characters anywhere are shown as escapes.
    """

    path: str
    line: int | None
    field: str
    message: str

    def __post_init__(self) -> None:
        for name in ("path", "field", "message"):
            text = original = getattr(self, name)
            if name == "message":
                text = _BREAKS.sub(" ", text)
            text = _visible(text)
            if text != original:
                object.__setattr__(self, name, text)

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


class ArgumentError(HopeError):
    """A command's argument has a wrong value (checked before any work starts).

    Attributes
    ----------
    field : str
        The argument at fault (``--out``, ``--lang`` …).
    """

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field
