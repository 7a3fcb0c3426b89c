"""00-data-check for people (#24): words in the reader's language, no NaN, no empty problems."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest

import hopelib
from hopelib.errors import Problem
from hopelib.i18n import _, language
from hopelib.widgets import data_check

from .conftest import PROJECT

REAL = PROJECT / "data"
#: What a person should never read in a table cell.
RAW = re.compile(r"<td>\s*(NaN|nan|None|False|True|\(\)|\[\]|NaT)\s*</td>")


def _cells(frame: pd.DataFrame) -> list[str]:
    return [str(v) for v in frame.to_numpy().ravel()] + [str(i) for i in frame.index]


@pytest.mark.parametrize("lang", ["en", "fi", "sl"])
def test_tables_are_words_in_the_readers_language(lang: str) -> None:
    partners = hopelib.load_partners(REAL)
    sessions = data_check.sessions_table(hopelib.load_sessions(REAL), partners, lang)
    gaps = data_check.completeness_table(
        hopelib.completeness(REAL), hopelib.load_taxonomy(REAL), partners, lang
    )
    counts = data_check.category_counts(str(REAL), lang)
    with language(lang):
        assert list(sessions.columns)[:3] == [_("Dates"), _("Host"), _("Mode")]
        assert sessions.index.name == _("Session")
        assert list(gaps.columns) == [
            _("Partner"),
            _("Filled in"),
            _("Still empty"),
            _("Missing translations"),
        ]
        assert _("reference practice") in set(gaps[_("Partner")])
        assert counts.index[-1] == _("total")
        if lang != "en":
            assert _("Still empty") != "Still empty" and _("Dates") != "Dates"
    for frame in (sessions, gaps):
        cells = _cells(frame)
        for raw in ("nan", "NaN", "None", "False", "True", "()", "NaT"):
            assert raw not in cells, (raw, frame)
        assert not any(re.search(r"\b[a-z]+_[a-z_]+\b", c) for c in cells)  # no field ids
    # Real sessions have no participant count: an empty cell, not 0.
    with language(lang):
        first = sessions.iloc[0]
        assert first[_("Participants")] == "" and first[_("Place")] == ""
        assert first[_("Demo")] == "" and sessions.iloc[-1][_("Demo")] == "✓"


def test_field_labels() -> None:
    taxonomy = hopelib.load_taxonomy(REAL)
    assert data_check.field_label("client_need", taxonomy) == "Client: need"
    assert data_check.field_label("summary:fi", taxonomy) == "Summary (Finnish)"
    assert data_check.field_label("title:sl", taxonomy, "fi") != "Title (Slovenian)"


def test_validation_summary_has_no_empty_table() -> None:
    valid = data_check.validation_summary([], "en")
    assert "All files are valid." in valid and "<table" not in valid
    problem = Problem(path="data/practices/x.yaml", line=3, field="title", message="<b>bad</b>")
    invalid = data_check.validation_summary([problem, Problem("p.yaml", None, "-", "m")], "en")
    assert "2 problems: fix them" in invalid and invalid.count("<tr>") == 3
    assert "&lt;b&gt;bad&lt;/b&gt;" in invalid and "<b>bad" not in invalid
    assert not RAW.search(invalid)


@pytest.mark.notebook
@pytest.mark.parametrize("lang", ["en", "sl"])
def test_data_check_notebook_reads_well(lang: str, tmp_path: Path) -> None:
    from nbclient import NotebookClient

    path = PROJECT / "notebooks" / "00-data-check.ipynb"
    book = nbformat.read(path, as_version=4)
    book.cells[1].source += f"\nlang = {lang!r}"
    NotebookClient(
        book, timeout=300, kernel_name="python3", resources={"metadata": {"path": path.parent}}
    ).execute()
    outputs = [output for cell in book.cells if cell.cell_type == "code" for output in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    shown = [o.get("data", {}).get("text/html", "") for o in outputs]
    with language(lang):
        valid = _("All files are valid.")
    assert valid in shown[0] and "<table" not in shown[0]  # no empty problem table
    tables = [html for html in shown[1:] if "<table" in html]
    assert len(tables) == 3
    for html in tables:
        assert not RAW.search(html), RAW.search(html)
    if lang != "en":
        assert "Missing translations" not in " ".join(tables)
