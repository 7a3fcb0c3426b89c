"""The data-check notebook's tables, for people: their labels in the reader's language.

Each function takes what :mod:`hopelib.catalogue` read and returns what ``00-data-check``
shows: words instead of ids, an empty cell where nothing is known (never ``NaN``, ``()``
or ``False``), and no problem table when there is no problem.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pandas as pd

from ..catalogue import load_data, practice_counts
from ..errors import Problem
from ..html import Markup
from ..i18n import _, format_date_range, language, locale_for, ngettext
from ..models import Taxonomy
from ._kit import frame_html, message_html

__all__ = [
    "category_counts",
    "completeness_table",
    "field_label",
    "sessions_table",
    "validation_summary",
]


def validation_summary(problems: Iterable[Problem], lang: str = "en") -> Markup:
    """Say whether every file is valid; list the problems (file, line, field) when not.

    Parameters
    ----------
    problems : iterable of Problem
        ``validate(...).problems``.
    lang : str

    Returns
    -------
    markupsafe.Markup
        "All files are valid." alone, or a count and a table of the problems.
    """
    found = list(problems)
    with language(lang):
        if not found:
            return message_html(_("All files are valid."), "ok")
        table = pd.DataFrame(
            {
                _("File"): [str(p.path) for p in found],
                _("Line"): [str(p.line) if p.line else "" for p in found],
                _("Field"): ["" if p.field in (None, "", "-") else str(p.field) for p in found],
                _("Problem"): [str(p.message) for p in found],
            }
        )
        count = ngettext(
            "{n} problem: fix it, then run this notebook again.",
            "{n} problems: fix them, then run this notebook again.",
            len(found),
        ).format(n=len(found))
        return message_html(count, "error") + frame_html(table, "")


def field_label(field: str, taxonomy: Taxonomy, lang: str = "en") -> str:
    """Name a template field (``client_need``, ``title:fi``) in the reader's words.

    Examples
    --------
    >>> field_label("client_need", taxonomy), field_label("summary:fi", taxonomy)
    ('Client: need', 'Summary (Finnish)')
    """
    with language(lang):
        name, _sep, text_lang = field.partition(":")
        labels = {
            "title": _("Title"),
            "summary": _("Summary"),
            "category": _("Category"),
            "themes": _("Themes"),
            "target_groups": _("Target groups"),
            "implementation": _("Implementation"),
            "resources": _("Resources"),
            "resources_notes": _("Resources"),
            "reach": _("Reach"),
            "evidence": _("Evidence"),
            "difficulties": _("Difficulties"),
            "transferability": _("Transferability"),
            "continuity": _("Continuity"),
            "funding": _("Funding"),
        }
        parts = {"need": _("need"), "solution": _("solution"), "results": _("results")}
        perspective, _sep2, part = name.partition("_")
        if name in labels:
            label = labels[name]
        elif perspective in taxonomy.ids("perspectives") and part in parts:
            label = _("{perspective}: {part}").format(
                perspective=taxonomy.label("perspectives", perspective, lang), part=parts[part]
            )
        else:
            label = name
        if text_lang:
            language_name = taxonomy.label("languages", text_lang, lang)
            return _("{field} ({language})").format(field=label, language=language_name)
        return label


def category_counts(data_dir: str | None = None, lang: str = "en") -> pd.DataFrame:
    """Count the practices per category and partner, labelled in *lang*.

    Returns
    -------
    pandas.DataFrame
        :func:`~hopelib.catalogue.practice_counts` with its words in *lang*.
    """
    with language(lang):
        return practice_counts(load_data(data_dir), lang)


def _count(value: object) -> str:
    """Return a count as text ("" for none or unknown)."""
    number = pd.to_numeric(pd.Series([value]), errors="coerce").iloc[0]
    return "" if pd.isna(number) or not number else str(int(number))


def _dates(start: object, end: object, lang: str) -> str:
    """Return a session's days as the reader writes them ("" when unknown)."""
    if not isinstance(start, dt.date):
        return ""
    last = end if isinstance(end, dt.date) else start
    return format_date_range(start, last, locale_for(lang))


def sessions_table(
    sessions: pd.DataFrame, partners: pd.DataFrame, lang: str = "en"
) -> pd.DataFrame:
    """Return the sessions as people read them: dates, host's name, mode in words.

    Parameters
    ----------
    sessions : pandas.DataFrame
        :func:`~hopelib.catalogue.load_sessions`.
    partners : pandas.DataFrame
        :func:`~hopelib.catalogue.load_partners`, for the hosts' names.
    lang : str

    Returns
    -------
    pandas.DataFrame
        Indexed by the session's title: dates, host, mode, place, practices, partners,
        participants (empty when none were counted), the session it follows and a mark
        for demo sessions, headed in *lang*; text cells only.
    """
    names = partners["short_name"].fillna(partners["name"]).to_dict() if len(partners) else {}
    with language(lang):
        modes = {"in_person": _("in person"), "virtual": _("virtual"), "hybrid": _("hybrid")}
        titles = sessions["title"].fillna("").astype(str).to_dict()

        table = pd.DataFrame(
            {
                _("Session"): [titles[s] or str(s) for s in sessions.index],
                _("Dates"): [
                    _dates(a, b, lang)
                    for a, b in zip(sessions["start"], sessions["end"], strict=True)
                ],
                _("Host"): [
                    names.get(h, h) if isinstance(h, str) else "" for h in sessions["host"]
                ],
                _("Mode"): [modes.get(str(m), "") for m in sessions["mode"]],
                _("Place"): [p if isinstance(p, str) else "" for p in sessions["location"]],
                _("Practices"): [_count(n) for n in sessions["n_practices"]],
                _("Partners"): [_count(n) for n in sessions["n_partners"]],
                _("Participants"): [_count(n) for n in sessions["participants"]],
                _("Follows"): [
                    ", ".join(str(titles.get(f) or f) for f in follows)
                    if isinstance(follows, tuple | list)
                    else ""
                    for follows in sessions["follows"]
                ],
                _("Demo"): ["✓" if demo is True else "" for demo in sessions["demo"]],
            }
        )
        return table.set_index(_("Session"))


def completeness_table(
    completeness: pd.DataFrame,
    taxonomy: Taxonomy,
    partners: pd.DataFrame,
    lang: str = "en",
) -> pd.DataFrame:
    """Return what partners can still fill in, in the reader's words, the emptiest first.

    Parameters
    ----------
    completeness : pandas.DataFrame
        :func:`~hopelib.catalogue.completeness`.
    taxonomy : Taxonomy
    partners : pandas.DataFrame
        For the partners' names.
    lang : str

    Returns
    -------
    pandas.DataFrame
        Indexed by practice title: partner ("reference practice" for none), the share
        filled in ("40 %"), the empty fields and the missing translations named in *lang*
        (empty cells when there is nothing to do); text cells only.
    """
    names = partners["short_name"].fillna(partners["name"]).to_dict() if len(partners) else {}
    shown = completeness.sort_values("share", kind="stable")
    with language(lang):

        def labels(fields: object) -> str:
            if not isinstance(fields, tuple | list):
                return ""
            return ", ".join(field_label(str(f), taxonomy, lang) for f in fields)

        table = pd.DataFrame(
            {
                _("Practice"): shown["title"].fillna("").astype(str).to_numpy(),
                _("Partner"): [
                    names.get(p, p) if isinstance(p, str) and p else _("reference practice")
                    for p in shown["partner"]
                ],
                _("Filled in"): [
                    "" if pd.isna(s) else f"{round(100 * s)} %" for s in shown["share"]
                ],
                _("Still empty"): [labels(m) for m in shown["missing"]],
                _("Missing translations"): [labels(m) for m in shown["missing_translations"]],
            }
        )
        return table.set_index(_("Practice"))
