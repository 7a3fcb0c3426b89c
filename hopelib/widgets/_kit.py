"""What every widget module shares: escaped messages and tables, CSS classes, small readers."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import ipywidgets as w
import pandas as pd

from ..html import Markup, render
from ..models import pick_text

__all__ = [
    "MAX_SIDE_BY_SIDE",
    "WIDE",
    "PanelHost",
    "frame_html",
    "message_html",
    "rebuilt",
    "set_options",
    "styled",
    "text_in",
    "typed_score",
]


MAX_SIDE_BY_SIDE = 4
WIDE = {"width": "38em"}


def message_html(text: str, kind: str = "info") -> Markup:
    """Return an escaped message line (``kind``: ``info``, ``ok`` or ``error``).

    The result is :class:`markupsafe.Markup`: add it only to other rendered fragments.
    """
    return render("message.html.j2", text=text, kind=kind)


def frame_html(frame: pd.DataFrame, empty: str) -> Markup:
    """Render a small frame as an escaped HTML table, or *empty* as a message line.

    Cells show as text (a missing one as "–"); the columns are the headers, the index is left
    out.
    """
    if frame.empty:
        return message_html(empty)
    return render("table.html.j2", frame=frame, empty=empty)


def styled(widget: Any, *classes: str) -> Any:
    """Add CSS classes to a widget and return it."""
    for name in classes:
        widget.add_class(name)
    return widget


_P = TypeVar("_P", bound=w.Widget)


class PanelHost:
    """Builds panels that a language switch rebuilds in place (each wrapped by :func:`rebuilt`)."""

    def __init__(self) -> None:
        self._rebuilders: list[Callable[[], None]] = []
        self._building = ""

    @property
    def building(self) -> str:
        """The name of the panel being built now (``""`` between builds): keys its listeners."""
        return self._building

    def rebuild_panels(self) -> None:
        """Build every panel again, in the language now set."""
        for rebuild in list(self._rebuilders):
            rebuild()


def rebuilt(build: Callable[[Any], _P]) -> Callable[[Any], w.VBox]:
    """Wrap a panel builder so that a language switch rebuilds the panel in place."""

    @functools.wraps(build)
    def panel(self: PanelHost) -> w.VBox:
        def make() -> _P:
            previous, self._building = self._building, build.__name__
            try:
                return build(self)
            finally:
                self._building = previous

        box = w.VBox([make()])
        self._rebuilders.append(lambda: setattr(box, "children", (make(),)))
        return box

    return panel


def set_options(dropdown: Any, options: list[tuple[str, str]]) -> None:
    """Give a dropdown new options, keeping its value when still there, else the first."""
    previous = dropdown.value
    dropdown.options = options
    values = [value for _text, value in options]
    dropdown.value = previous if previous in values else (values[0] if values else None)


def text_in(value: object, lang: str) -> str:
    """Pick a taxonomy text in *lang* (English, then any, as a fallback)."""
    text, _shown = pick_text(value, lang, "en")  # type: ignore[arg-type]
    return text or ""


def typed_score(text: str) -> object:
    """Read a typed score: a whole number when it is one, else the text (refused later)."""
    stripped = text.strip()
    if not stripped:
        return None
    try:
        return int(stripped)
    except ValueError:
        return stripped
