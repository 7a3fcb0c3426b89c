"""The Jinja2 environment of the workbook's templates, and the functions that use it."""

from __future__ import annotations

import html
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from ..i18n import _, ngettext

__all__ = ["NBCONVERT_TEMPLATES", "TEMPLATES", "plain_text", "render", "trusted"]

#: The workbook's templates (``*.html.j2``, and the shared ``styles.css``).
TEMPLATES = Path(__file__).parent / "templates"
#: The folder holding the ``hope`` nbconvert template of the exported reports.
NBCONVERT_TEMPLATES = Path(__file__).parent / "nbconvert"


@cache
def _environment() -> Environment:
    """Build the one environment: autoescape on, undefined names an error, tidy whitespace."""
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.globals.update(_=_, ngettext=ngettext)
    environment.filters["shown"] = _shown
    environment.filters["css_string"] = _css_string
    return environment


def _css_string(value: object) -> Markup:
    """Quote *value* as a CSS string, so no data ends the string, the rule or the style.

    Every character but letters, digits, spaces and a little punctuation is a CSS escape.
    """
    quoted = "".join(
        c if c.isalnum() or c in " ·.,:;()-_'" else f"\\{ord(c):x} " for c in str(value)
    )
    return Markup(f'"{quoted}"')


def _shown(value: object) -> object:
    """Show a missing value (None, NaN, NaT, ``pd.NA``) as a dash, anything else as it is."""
    missing = value is None or (pd.api.types.is_scalar(value) and bool(pd.isna(value)))  # type: ignore[call-overload]
    return "–" if missing else value


def render(template: str, /, **context: Any) -> Markup:
    """Render a template of ``hopelib/html/templates/`` with *context*, every value escaped.

    Parameters
    ----------
    template : str
        Its file name, e.g. ``"session_banner.html.j2"``.
    **context
        The values the template shows. Strings are escaped; a :class:`~markupsafe.Markup`
        value (another :func:`render`'s result, or :func:`trusted`) is embedded as it is.

    Returns
    -------
    markupsafe.Markup
        The HTML fragment (a ``str``).

    Examples
    --------
    >>> render("message.html.j2", text="<b>saved</b>", kind="ok")
    Markup('<div class="hope-message hope-ok" style="color:#1a7f37">&lt;b&gt;saved&lt;/b&gt;</div>')
    """
    return Markup(_environment().get_template(template).render(**context).strip())


def trusted(fragment: str) -> Markup:
    """Mark HTML made by a library the workbook trusts (plotly's figures) as safe to embed."""
    return Markup(fragment)


def plain_text(text: object) -> str:
    """Escape data for plotly, which reads labels, ticks and hover texts as HTML."""
    return html.escape(str(text), quote=False)


def label_text(label: object) -> str:
    """Return the text a plotly label shows: :func:`plain_text` undone (markup left as it is).

    For cutting a label to a length, or for a template that escapes it again; never put the
    result into plotly without :func:`plain_text`.
    """
    return html.unescape(str(label))
