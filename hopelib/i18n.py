"""Interface strings and locale-aware formatting.

Every string the workbook shows passes through :func:`_` (gettext, catalogues under
``hopelib/locales/<lang>/LC_MESSAGES/hopelib.po``); dates, numbers and money are formatted
with Babel in a partner's ``locale`` (``fi_FI``, ``sl_SI``, ``en_GB``). English is the
source language, so an English interface needs no catalogue.
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

from babel import Locale, dates, numbers
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from .config import DEFAULT_LANG

__all__ = [
    "DEFAULT_LOCALES",
    "LANGUAGES",
    "LOCALES_DIR",
    "UNIT_SIGNS",
    "_",
    "format_date",
    "format_date_range",
    "format_money",
    "format_number",
    "format_value",
    "get_language",
    "language",
    "locale_for",
    "ngettext",
    "number_separators",
    "review_status",
    "set_language",
    "use_language",
]

LOCALES_DIR = Path(__file__).parent / "locales"
DOMAIN = "hopelib"
#: The one place the interface language lives. A context variable, so a ``with
#: use_language(...)`` block in one thread or task never changes another's language.
_LANGUAGE: ContextVar[str] = ContextVar("hopelib_language", default=DEFAULT_LANG)


#: The interface languages (each has ``locales/<lang>/LC_MESSAGES/hopelib.po``).
LANGUAGES = ("en", "fi", "sl")


def _po_path(lang: str) -> Path:
    return LOCALES_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def _translations(lang: str) -> gettext.NullTranslations:
    """Load a language's catalogue: its compiled .mo when current, else the .po itself.

    Drafts still marked fuzzy (not yet reviewed by a person) are used: a draft reads better
    than English to a Finnish or Slovenian partner, and the review status is reported by
    :func:`review_status`.
    """
    po = _po_path(lang)
    mo = po.with_suffix(".mo")
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        return Translations.load(str(LOCALES_DIR), [lang], DOMAIN)
    if not po.exists():
        return gettext.NullTranslations()
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=lang, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=True)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


def _translated(message: object) -> bool:
    """Tell whether a catalogue message has its translation (every plural form)."""
    text = getattr(message, "string", "")
    return all(text) if isinstance(text, tuple | list) else bool(text)


def review_status() -> list[dict[str, object]]:
    """Count each language's interface strings: translated, awaiting review (fuzzy), missing.

    Returns
    -------
    list of dict
        One per language: ``lang``, ``messages``, ``translated``, ``unreviewed``,
        ``missing``.
    """
    rows: list[dict[str, object]] = []
    for lang in LANGUAGES:
        po = _po_path(lang)
        if not po.exists():
            rows.append(
                {"lang": lang, "messages": 0, "translated": 0, "unreviewed": 0, "missing": 0}
            )
            continue
        with po.open("rb") as handle:
            catalog = read_po(handle, locale=lang, domain=DOMAIN)
        messages = [m for m in catalog if m.id]

        rows.append(
            {
                "lang": lang,
                "messages": len(messages),
                "translated": sum(_translated(m) for m in messages),
                "unreviewed": sum(m.fuzzy for m in messages),
                "missing": sum(not _translated(m) for m in messages),
            }
        )
    return rows


def set_language(lang: str) -> None:
    """Make *lang* (``en``, ``fi``, ``sl``) the language of every interface string from now on.

    The notebook's language switch calls it; inside a function, prefer :func:`use_language`.
    """
    _LANGUAGE.set(lang)


def get_language() -> str:
    """Return the current interface language."""
    return _LANGUAGE.get()


@contextmanager
def use_language(lang: str | None) -> Iterator[str]:
    """Use *lang* for interface strings inside a ``with`` block (``None``: keep the current).

    The language is restored when the block ends, also after an error; other threads and
    tasks keep theirs.

    Examples
    --------
    >>> with use_language("fi"):
    ...     title = _("Scores")
    >>> title
    'Pisteet'
    """
    token = _LANGUAGE.set(lang) if lang else None
    try:
        yield _LANGUAGE.get()
    finally:
        if token is not None:
            _LANGUAGE.reset(token)


#: The name most modules use for :func:`use_language`.
language = use_language


#: The locale used for a bare language code (dates, numbers, money).
DEFAULT_LOCALES = {"en": "en_GB", "fi": "fi_FI", "sl": "sl_SI"}


def locale_for(lang: str | None = None) -> str:
    """Return the Babel locale for a language code (``fi`` → ``fi_FI``); default: current."""
    lang = lang or _LANGUAGE.get()
    return DEFAULT_LOCALES.get(lang, lang)


def _(message: str) -> str:
    """Translate an interface string into the current language."""
    return _translations(_LANGUAGE.get()).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """Translate a string that depends on a count (``1 practice`` / ``2 practices``)."""
    return _translations(_LANGUAGE.get()).ngettext(singular, plural, count)


def format_date(value: dt.date, locale: str = "en_GB", format: str = "medium") -> str:
    """Format a date in *locale*, as partners write dates in letters and reports.

    ``medium`` is CLDR's medium date, except in Slovenian, where the numeric form people use
    (``10. 5. 2021``) replaces CLDR's ``10. maj 2021``.

    Examples
    --------
    >>> format_date(dt.date(2021, 5, 10), "fi_FI")
    '10.5.2021'
    >>> format_date(dt.date(2021, 5, 10), "sl_SI")
    '10. 5. 2021'
    >>> format_date(dt.date(2021, 5, 10), "en_GB")
    '10 May 2021'
    """
    if format == "medium" and locale.split("_")[0] in _NUMERIC_DATES:
        return str(dates.format_skeleton("yMd", value, locale=locale))
    return str(dates.format_date(value, format=format, locale=locale))


#: Languages whose everyday dates are numeric (10. 5. 2021), not CLDR's medium form.
_NUMERIC_DATES = {"sl"}


def format_date_range(start: dt.date, end: dt.date, locale: str = "en_GB") -> str:
    """Format a span of days (``10–11 May 2021``); one day when *start* equals *end*."""
    if start == end:
        return format_date(start, locale)
    return str(dates.format_interval(start, end, skeleton="yMMMd", locale=locale))


def format_number(value: float, locale: str = "en_GB", format: str | None = None) -> str:
    """Format a number with the locale's grouping and decimal signs.

    *format* is a Babel/CLDR pattern such as ``"0.0"`` (one decimal); default: the locale's.
    """
    return str(numbers.format_decimal(value, format=format, locale=locale))


def number_separators(locale: str = "en_GB") -> str:
    """Return the decimal then the grouping sign of *locale* (plotly's ``separators``)."""
    return str(numbers.get_decimal_symbol(locale)) + str(numbers.get_group_symbol(locale))


def format_money(amount: float, locale: str = "en_GB", currency: str = "EUR") -> str:
    """Format an amount of money (``1 234,50 €`` in ``fi_FI``)."""
    return str(numbers.format_currency(amount, currency, locale=locale))


#: Signs written after a value in units that need one (other units are counts).
UNIT_SIGNS = {"eur": "€", "percent": "%", "hours": "h"}


def format_value(
    value: float, unit: str = "", locale: str = "en_GB", *, exact: bool = False
) -> str:
    """Format an indicator value in its unit: euros as money, others with their sign.

    Euros keep their cents only for small amounts that have them (``12,50 €``, ``1 600 €``),
    or for every amount when *exact* (a figure quoted from its source); other values show
    at most two decimals, percentages and hours with their sign (``86 %``, ``3 h``).

    Examples
    --------
    >>> format_value(1599869.8, "eur", "en_GB")
    '€1,599,870'
    >>> format_value(1599869.8, "eur", "en_GB", exact=True)
    '€1,599,869.80'
    >>> format_value(0.2444, "", "fi_FI")
    '0,24'
    """
    if unit == "eur":
        if exact or (abs(value) < 1000 and not float(value).is_integer()):
            return format_money(value, locale)
        pattern = Locale.parse(locale).currency_formats["standard"].pattern.replace(".00", "")
        whole = numbers.format_currency(
            round(value), "EUR", locale=locale, format=pattern, currency_digits=False
        )
        return str(whole)
    text = format_number(value, locale, "#,##0.##")
    sign = UNIT_SIGNS.get(unit)
    return f"{text} {sign}" if sign else text
