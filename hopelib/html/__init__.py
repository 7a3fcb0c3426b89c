"""Every piece of HTML the workbook makes: Jinja2 templates with autoescape, and one render.

Modules turn their data into plain values (strings, numbers, lists, dicts, small frames) and
call :func:`render` with a template of ``hopelib/html/templates/``; the template lays them
out and Jinja2 escapes every value on the way, so text such as ``<script>`` in a practice
title shows as text. The templates' own words are translated in the templates (``_()`` and
``ngettext()``, in the current language of :mod:`hopelib.i18n`); words that come with the
data (a table's column headers) arrive translated.

What :func:`render` returns is :class:`markupsafe.Markup`: a ``str`` that another
:func:`render` embeds as it is, without escaping it twice. HTML made elsewhere (plotly's
figure fragments) becomes Markup only through :func:`trusted`, named so a reader sees it.
:func:`plain_text` escapes data for the one other place HTML is read: plotly's labels;
:func:`label_text` gives such a label's text back (to cut it short, or to show it elsewhere).

``nbconvert/hope`` is the nbconvert template of the exported reports (offline: no CDN).
"""

from markupsafe import Markup

from .templating import NBCONVERT_TEMPLATES, TEMPLATES, label_text, plain_text, render, trusted

__all__ = [
    "NBCONVERT_TEMPLATES",
    "TEMPLATES",
    "Markup",
    "label_text",
    "plain_text",
    "render",
    "trusted",
]
