"""Interface strings and locale-aware formatting with Babel."""

from __future__ import annotations

import datetime as dt

import pytest

from hopelib import i18n


def plain(text: str) -> str:
    """Normalise the locale's non-breaking and narrow spaces."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("fi_FI", "10.5.2021"),
        ("en_GB", "10 May 2021"),
        ("sl_SI", "10. maj 2021"),
    ],
)
def test_dates(locale: str, expected: str) -> None:
    assert i18n.format_date(dt.date(2021, 5, 10), locale) == expected


def test_date_range() -> None:
    start, end = dt.date(2021, 5, 10), dt.date(2021, 5, 11)
    assert plain(i18n.format_date_range(start, end, "en_GB")) == "10–11 May 2021"
    assert i18n.format_date_range(start, start, "fi_FI") == "10.5.2021"


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("fi_FI", "1 234,50 €"),
        ("sl_SI", "1.234,50 €"),
        ("en_GB", "€1,234.50"),
    ],
)
def test_money(locale: str, expected: str) -> None:
    assert plain(i18n.format_money(1234.5, locale)) == expected


def test_numbers() -> None:
    assert plain(i18n.format_number(1234.5, "fi_FI")) == "1 234,5"
    assert i18n.format_number(1234.5, "en_GB") == "1,234.5"


def test_interface_strings_default_to_english() -> None:
    assert i18n.get_language() == "en"
    assert i18n._("practices") == "practices"
    assert i18n.ngettext("{n} session", "{n} sessions", 2) == "{n} sessions"
    i18n.set_language("fi")
    try:
        # no Finnish catalogue yet: English stands in, never an error
        assert i18n._("practices") == "practices"
    finally:
        i18n.set_language("en")
