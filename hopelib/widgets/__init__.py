"""Widget builders of the workshop notebooks; each returns a widget, the notebook shows it.

Callbacks stay thin: they read the controls, call a plain, tested function
(:mod:`hopelib.workshop`, :mod:`hopelib.imports`, :mod:`hopelib.store`, :mod:`hopelib.compare`)
and show its outcome. Every piece of data placed in an ``HTML`` widget is escaped here
(ipywidgets does not). Controls carry ``hope-…`` CSS classes so that browser tests and
people's stylesheets can find them.
"""

from __future__ import annotations

from . import data_check
from ._kit import message_html
from .browsers import catalogue_browser, indicator_browser
from .console import Workshop
from .participant import ParticipantView, ResultsWall, page_error

__all__ = [
    "ParticipantView",
    "ResultsWall",
    "Workshop",
    "catalogue_browser",
    "data_check",
    "indicator_browser",
    "message_html",
    "page_error",
]
