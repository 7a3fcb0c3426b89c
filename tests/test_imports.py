"""Importing many participants' scores: reading files, checking every row, reporting."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from hopelib import load_catalogue, load_partners, load_taxonomy
from hopelib.errors import StoreError
from hopelib.imports import check_scores, read_table
from hopelib.store import open_store

from .conftest import GOOD

SESSION = "demo-x"


@pytest.fixture
def store(tmp_path: Path) -> Any:
    with open_store(str(tmp_path / "store.sqlite"), GOOD) as opened:
        yield opened


def check(store: Any, text: str, filename: str = "pasted.csv") -> Any:
    return check_scores(
        read_table(text, filename),
        store,
        SESSION,
        taxonomy=load_taxonomy(GOOD),
        titles=load_catalogue(GOOD)["title"],
        partner_names=load_partners(GOOD),
    )


def test_wide_grid_with_names_titles_and_labels(store: Any) -> None:
    result = check(
        store,
        "Participant;City;Practice;Relevance;Cost-effectiveness\n"
        "AK;North;Job path;4;2\n"
        "BO;south;job-path;5;\n",  # an empty cell: not scored
    )
    assert result.ok
    rows = result.rows
    assert list(rows["criterion"]) == ["relevance", "cost_effectiveness", "relevance"]
    assert list(rows["partner"]) == ["north", "north", "south"]
    assert set(rows["practice"]) == {"job-path"}
    assert list(rows["line"]) == [2, 2, 3]
    assert list(rows["score"]) == [4, 2, 5]


def test_long_layout_and_rejected_rows_named_by_line(store: Any) -> None:
    result = check(
        store,
        "participant\tpartner\tpractice\tcriterion\tscore\n"
        "AK\tnorth\tjob-path\trelevance\t4\n"
        "AK\tnorth\tjob-path\trelevance\t9\n"
        "BO\twest\tjob-path\trelevance\t3\n"
        "CE\tnorth\tnope\trelevance\t3\n"
        "DU\tnorth\tjob-path\tbeauty\t3\n"
        "EV\tnorth\tjob-path\trelevance\tfour\n"
        "AK\tsouth\tjob-path\trelevance\t2\n",
    )
    assert len(result.rows) == 1
    rejected = result.rejected.set_index("line")
    assert rejected.loc[3, "field"] == "score" and "outside the scale" in rejected.loc[3, "message"]
    assert rejected.loc[4, "field"] == "partner"
    assert rejected.loc[5, "field"] == "practice"
    assert rejected.loc[6, "field"] == "criterion"
    assert rejected.loc[7, "field"] == "score"
    assert rejected.loc[8, "field"] == "participant"  # AK already speaks for north
    report = result.report()
    assert report.startswith("1 row ready, 6 rows rejected: 6 problems.")
    assert "line 3: Score: 9 is outside the scale" in report
    assert sum(len(store.ratings(SESSION)) for _ in [0]) == 0  # checking writes nothing


def test_the_good_rows_are_saved_on_confirm(store: Any) -> None:
    result = check(
        store, "participant,partner,practice,relevance\nAK,north,job-path,4\nBO,north,job-path,7\n"
    )
    saved = store.add_rating_rows(SESSION, result.rows.drop(columns=["line"]).to_dict("records"))
    assert len(saved) == 1 and len(store.ratings(SESSION)) == 1


def test_xlsx_upload(store: Any) -> None:
    buffer = io.BytesIO()
    pd.DataFrame(
        {
            "participant": ["AK", "BO"],
            "partner": ["north", "south"],
            "practice": ["job-path"] * 2,
            "relevance": [3, 8],
        }
    ).to_excel(buffer, index=False)
    result = check_scores(
        read_table(buffer.getvalue(), "scores.xlsx"), store, SESSION, taxonomy=load_taxonomy(GOOD)
    )
    assert list(result.rows["score"]) == [3]
    assert list(result.rejected["line"]) == [3]


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        ("", "pasted.csv", "empty"),
        ("x", "scores.pdf", "not a CSV, TSV or XLSX"),
        (b"not a spreadsheet", "scores.xlsx", "cannot be read"),
    ],
)
def test_unreadable_files(content: Any, filename: str, message: str) -> None:
    with pytest.raises(StoreError, match=message) as caught:
        read_table(content, filename)
    assert caught.value.field == "file"
    assert filename in str(caught.value)


def test_missing_columns_are_named(store: Any) -> None:
    with pytest.raises(StoreError, match="no column for partner") as caught:
        check(store, "participant,practice,relevance\nAK,job-path,3\n")
    assert caught.value.field == "columns"


def test_windows_encoded_csv(store: Any) -> None:
    text = "participant,partner,practice,relevance,comment\nJöns,north,job-path,4,Hyvä\n"
    result = check_scores(
        read_table(text.encode("cp1252"), "scores.csv"),
        store,
        SESSION,
        taxonomy=load_taxonomy(GOOD),
    )
    assert result.ok and result.rows.iloc[0]["participant"] == "Jöns"


@pytest.mark.parametrize(
    ("cells", "arguments"),
    [
        ("AK,north,job-path,relevance,4,a\x07b,shared", {"comment": "a\x07b"}),
        ("AK,north,job-path,relevance,4,,public", {"visibility": "public"}),
        ("AK,north,job-path,relevance,9,,shared", {"score": 9}),
        ("AK,north,job-path,relevance,2.5,,shared", {"score": 2.5}),
        ("AK,west,job-path,relevance,4,,shared", {"partner": "west"}),
        ("AK,north,reference-cafe,relevance,4,,shared", {"practice": "reference-cafe"}),
        ("AK,north,job-path,beauty,4,,shared", {"criterion": "beauty"}),
        (f"{'x' * 101},north,job-path,relevance,4,,shared", {"participant": "x" * 101}),
    ],
)
def test_grid_imports_refuse_what_add_rating_refuses(
    store: Any, cells: str, arguments: dict[str, Any]
) -> None:
    given = {
        "session": SESSION,
        "partner": "north",
        "participant": "AK",
        "practice": "job-path",
        "criterion": "relevance",
        "score": 4,
    } | arguments
    with pytest.raises(StoreError) as refused:
        store.add_rating(**given)
    result = check(
        store, "participant,partner,practice,criterion,score,comment,visibility\n" + cells + "\n"
    )
    assert result.rows.empty and len(result.rejected) == 1
    row = result.rejected.iloc[0]
    assert row["field"] == refused.value.field
    assert f"{row['field']}: {row['message']}" == str(refused.value)  # the same rule, word for word
    assert store.ratings(SESSION).empty


def test_a_pseudonym_of_another_partner_is_refused_in_the_store_s_words(store: Any) -> None:
    store.add_rating(SESSION, "north", "AK", "job-path", "relevance", 4)
    with pytest.raises(StoreError) as refused:
        store.add_rating(SESSION, "south", "AK", "job-path", "relevance", 2)
    header = "participant,partner,practice,criterion,score\n"
    # against the store, and between two rows of the grid itself (BO is not stored yet)
    result = check(
        store,
        header + "ak,south,job-path,relevance,2\nBO,south,job-path,relevance,3\n"
        "bo,north,job-path,relevance,3\n",
    )
    rejected = result.rejected.set_index("line")
    assert list(rejected.index) == [2, 4] and len(result.rows) == 1
    assert f"participant: {rejected.loc[2, 'message']}" == str(refused.value).replace(
        "'AK'", "'ak'"
    )
    assert "'bo' already speaks for south" in rejected.loc[4, "message"]
