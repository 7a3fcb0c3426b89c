"""Interface strings and locale-aware formatting with Babel."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from hopelib import i18n

from .conftest import PROJECT
from .text import plain


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("fi_FI", "10.5.2021"),
        ("en_GB", "10 May 2021"),
        ("sl_SI", "10. 5. 2021"),
    ],
)
def test_dates(locale: str, expected: str) -> None:
    assert i18n.format_date(dt.date(2021, 5, 10), locale) == expected


def test_date_range() -> None:
    start, end = dt.date(2021, 5, 10), dt.date(2021, 5, 11)
    assert plain(i18n.format_date_range(start, end, "en_GB")) == "10–11 May 2021"
    # the month in the partner's language, days before it, across a month's end too
    assert plain(i18n.format_date_range(start, end, "fi_FI")) == "10.–11. toukokuuta 2021"
    assert plain(i18n.format_date_range(start, end, "sl_SI")) == "10.–11. maj 2021"
    across = plain(i18n.format_date_range(dt.date(2021, 5, 30), dt.date(2021, 6, 2), "en_GB"))
    assert across == "30 May–2 Jun 2021"
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


# ------------------------------------------------------------------ the catalogues


LOCALES = PROJECT / "hopelib" / "locales"
PLACEHOLDER = re.compile(r"\{[a-z_]*\}")


def _catalog(path: Any) -> Any:
    with open(path, "rb") as handle:
        return read_po(handle)


def _ids(message: Any) -> tuple[str, ...]:
    return message.id if isinstance(message.id, tuple) else (message.id,)


def test_the_template_holds_every_string_of_the_code() -> None:
    extracted = {
        message
        for _f, _l, message, _c, _ctx in extract_from_dir(
            PROJECT / "hopelib",
            method_map=[("**.py", "python"), ("**/templates/**.j2", "jinja2")],  # as babel.cfg
            keywords={"_": None, "ngettext": (1, 2)},
        )
    }
    in_code = {m if isinstance(m, str) else m[0] for m in extracted}
    template = {_ids(m)[0] for m in _catalog(LOCALES / "hopelib.pot") if m.id}
    assert in_code - template == set(), "run `make i18n`: strings missing from the template"
    assert template - in_code == set(), "run `make i18n`: the template holds stale strings"


def test_no_interface_string_hides_inside_an_f_string() -> None:
    """Babel does not look inside f-strings: ``f"{_('x')}"`` would never be translated."""
    inside = re.compile(r"""\bf("[^"]*|'[^']*)\b_\(\s*["']""")
    hidden = [
        f"{path.name}:{number}: {line.strip()}"
        for path in sorted((PROJECT / "hopelib").rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if inside.search(line)
    ]
    assert hidden == [], "take these _() calls out of the f-strings"


@pytest.mark.parametrize("lang", ["en", "fi", "sl"])
def test_every_message_is_translated_with_its_placeholders(lang: str) -> None:
    template = {_ids(m)[0] for m in _catalog(LOCALES / "hopelib.pot") if m.id}
    catalog = _catalog(LOCALES / lang / "LC_MESSAGES" / "hopelib.po")
    messages = {_ids(m)[0]: m for m in catalog if m.id}
    assert set(messages) == template
    for key, message in messages.items():
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(forms), f"{lang}: no translation for {key!r}"
        wanted = set(PLACEHOLDER.findall(" ".join(_ids(message))))
        for form in forms:
            assert set(PLACEHOLDER.findall(form)) <= wanted, f"{lang}: {key!r} → {form!r}"
            if len(forms) == 1:
                assert set(PLACEHOLDER.findall(form)) == wanted, f"{lang}: {key!r} → {form!r}"


def test_review_status_counts_unreviewed_drafts() -> None:
    rows = {row["lang"]: row for row in i18n.review_status()}
    assert set(rows) == {"en", "fi", "sl"}
    for row in rows.values():
        assert row["missing"] == 0 and row["translated"] == row["messages"] > 100
    catalog = _catalog(LOCALES / "fi" / "LC_MESSAGES" / "hopelib.po")
    assert rows["fi"]["unreviewed"] == sum(m.fuzzy for m in catalog if m.id)
    assert rows["en"]["unreviewed"] == 0


@pytest.mark.parametrize("lang", ["fi", "sl"])
def test_the_interface_speaks_the_language(lang: str) -> None:
    with i18n.language(lang):
        assert i18n._("Save") != "Save"
        assert i18n._("Scores by practice and criterion") != "Scores by practice and criterion"
        assert "{n}" not in i18n.ngettext("{n} rating", "{n} ratings", 3).format(n=3)
    assert i18n._("Save") == "Save"  # back to the current language


def test_the_language_lives_in_one_context_variable() -> None:
    """use_language is scoped and restores; set_language persists; threads and tasks keep theirs."""
    import asyncio
    import threading

    from hopelib.i18n import _, get_language, language, set_language, use_language

    assert language is use_language  # the older name still works
    before = get_language()
    with use_language("fi"):
        assert get_language() == "fi" and _("Scores") != "Scores"
        with use_language(None):  # None keeps the current language
            assert get_language() == "fi"
        with use_language("sl"):
            assert get_language() == "sl"
        assert get_language() == "fi"
    assert get_language() == before

    with pytest.raises(RuntimeError), use_language("sl"):
        raise RuntimeError("a failing block")
    assert get_language() == before  # restored after the error too

    seen: dict[str, str] = {}

    def speak(lang: str, ready: threading.Barrier) -> None:
        with use_language(lang):
            ready.wait()  # both threads are inside their block at once
            seen[lang] = _("Scores")

    ready = threading.Barrier(2)
    threads = [threading.Thread(target=speak, args=(lang, ready)) for lang in ("fi", "sl")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with use_language("fi"):
        finnish = _("Scores")
    with use_language("sl"):
        slovenian = _("Scores")
    assert seen == {"fi": finnish, "sl": slovenian}

    async def task(lang: str) -> str:
        with use_language(lang):
            await asyncio.sleep(0)
            return _("Scores")

    async def both() -> list[str]:
        return list(await asyncio.gather(task("fi"), task("sl")))

    assert asyncio.run(both()) == [finnish, slovenian]

    set_language("fi")  # what the notebook's switch does: it stays
    try:
        assert get_language() == "fi" and _("Scores") == finnish
    finally:
        set_language(before)
