"""What every widget module shares: escaped messages and tables, CSS classes, small readers."""

from __future__ import annotations

import functools
from collections.abc import Callable
from html import escape
from typing import Any, TypeVar

import ipywidgets as w
import pandas as pd

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


def message_html(text: str, kind: str = "info") -> str:
    """Return an escaped message line (``kind``: ``info``, ``ok`` or ``error``)."""
    colour = {"ok": "#1a7f37", "error": "#cf222e"}.get(kind, "#57606a")
    return f'<div class="hope-message hope-{kind}" style="color:{colour}">{escape(text)}</div>'


def frame_html(frame: pd.DataFrame, empty: str) -> str:
    """Render a small frame as an escaped HTML table (``to_html`` escapes cells and labels)."""
    if frame.empty:
        return message_html(empty)
    return str(frame.to_html(index=False, escape=True, border=0, classes="hope-table"))


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
