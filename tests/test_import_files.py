"""Score imports (#21): a row is all or nothing, every file is read right or refused clearly."""

from __future__ import annotations

import codecs
import io
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from hopelib import load_taxonomy
from hopelib.errors import StoreError
from hopelib.imports import check_scores, read_table
from hopelib.store import open_store

from .conftest import GOOD

SESSION = "demo-x"
HEADER = "participant,partner,practice,relevance,cost_effectiveness,comment"


@pytest.fixture
def store(tmp_path: Path) -> Any:
    with open_store(str(tmp_path / "store.sqlite"), GOOD) as opened:
        yield opened


def check(store: Any, content: Any, filename: str = "scores.csv", **options: Any) -> Any:
    table = read_table(content, filename, **options)
    return check_scores(table, store, SESSION, taxonomy=load_taxonomy(GOOD))


def workbook(*sheets: tuple[str, list[list[Any]]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# ------------------------------------------------------------------ a row is all or nothing


@pytest.mark.parametrize(
    ("row", "fields"),
    [
        ("AK,north,job-path,4,9,", {"score"}),  # one good score, one outside the scale
        ("AK,north,job-path,x,2,", {"score"}),
        ("AK,west,job-path,4,2,", {"partner"}),
        ("AK,west,job-path,9,2,", {"partner", "score"}),  # every problem of the row
        ("AK,north,nope,4,2,\x07", {"practice", "comment"}),
        (",north,job-path,4,2,", {"participant"}),
    ],
)
def test_a_row_with_any_bad_value_queues_none(store: Any, row: str, fields: set[str]) -> None:
    result = check(store, f"{HEADER}\nBO,south,job-path,3,3,\n{row}\nCE,north,job-path,5,,\n")
    assert sorted(set(result.rows["line"])) == [2, 4]  # nothing of line 3
    assert set(result.rejected["line"]) == {3}
    assert set(result.rejected["field"]) == fields
    assert store.ratings(SESSION).empty


def test_a_rejected_row_does_not_claim_its_pseudonym(store: Any) -> None:
    # AK's row is rejected, so AK speaking for south on the next line is no conflict
    result = check(store, f"{HEADER}\nAK,north,job-path,4,9,\nAK,south,job-path,4,3,\n")
    assert list(result.rejected["line"]) == [2] and list(result.rows["line"]) == [3, 3]


def test_long_rows_are_one_line_each(store: Any) -> None:
    text = (
        "participant,partner,practice,criterion,score\n"
        "AK,north,job-path,relevance,4\nAK,north,job-path,relevance,7\n"
    )
    result = check(store, text)
    assert list(result.rows["line"]) == [2] and list(result.rejected["line"]) == [3]


# ------------------------------------------------------------------ line numbers


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        (f"{HEADER}\n\nAK,north,job-path,9,,\n", [3]),
        (f"\n\n{HEADER}\nAK,north,job-path,4,,\n\n\nBO,south,job-path,9,,\n", [7]),
        (f'{HEADER}\r\n\r\nAK,north,job-path,4,,"two\r\nlines"\r\nBO,south,job-path,9,,\r\n', [5]),
        (f"{HEADER}\n,,,,,\nAK,north,job-path,9,,\n", [3]),  # an empty spreadsheet row
        (f"{HEADER}\n   \nAK,north,job-path,9,,\n", [3]),
    ],
)
def test_lines_are_the_lines_a_person_sees(store: Any, text: str, lines: list[int]) -> None:
    assert list(check(store, text).rejected["line"]) == lines


def test_xlsx_lines_are_sheet_rows(store: Any) -> None:
    rows = [["participant", "partner", "practice", "relevance"], [], ["AK", "north", "job-path", 9]]
    result = check(store, workbook(("Scores", rows)), "scores.xlsx")
    assert list(result.rejected["line"]) == [3]


def test_a_row_with_more_cells_than_the_header_is_rejected(store: Any) -> None:
    result = check(store, f"{HEADER}\nAK,north,job-path,4,3,,surprise\nBO,south,job-path,3,,\n")
    assert list(result.rejected["line"]) == [2] and list(result.rows["line"]) == [3]
    assert "header row names 6 columns" in result.report()


# ------------------------------------------------------------------ formulas


def test_formula_cells_give_the_value_the_spreadsheet_stored(store: Any, tmp_path: Path) -> None:
    content = workbook(
        (
            "Scores",
            [
                ["participant", "partner", "practice", "relevance"],
                ["AK", "north", "job-path", "=2+2"],
            ],
        )
    )
    # what Excel saves: the formula with its value (openpyxl writes none, so add it)
    path = tmp_path / "stored.xlsx"
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.endswith("sheet1.xml"):
                data = data.replace(b"<f>2+2</f><v></v>", b"<f>2+2</f><v>4</v>")
                data = data.replace(b"<f>2+2</f><v />", b"<f>2+2</f><v>4</v>")
                assert b"<v>4</v>" in data
            target.writestr(item, data)
    result = check(store, path.read_bytes(), "scores.xlsx")
    assert result.ok and list(result.rows["score"]) == [4]


def test_a_formula_without_a_stored_value_rejects_its_row(store: Any) -> None:
    content = workbook(
        (
            "Scores",
            [
                ["participant", "partner", "practice", "relevance", "cost_effectiveness"],
                ["AK", "north", "job-path", 4, "=A1*2"],
                ["BO", "south", "job-path", 3, 2],
            ],
        )
    )
    result = check(store, content, "scores.xlsx")
    assert set(result.rows["line"]) == {3}  # nothing of line 2, not even its good score
    rejected = result.rejected.iloc[0]
    assert rejected["line"] == 2 and rejected["field"] == "cost_effectiveness"
    assert "cell E2 holds a formula without a value" in rejected["message"]
    assert "open and save the file in Excel or LibreOffice" in rejected["message"]


def test_a_row_of_formulas_without_values_is_rejected_not_dropped(store: Any) -> None:
    content = workbook(
        (
            "Scores",
            [
                ["participant", "partner", "practice", "relevance", "cost_effectiveness"],
                ["AK", "north", "job-path", 4, 3],
                ['="BO"', '="south"', '="job-path"', "=4", "=3"],  # a script wrote no values
            ],
        )
    )
    result = check(store, content, "scores.xlsx")
    assert set(result.rows["line"]) == {2}
    assert set(result.rejected["line"]) == {3}  # named, not lost
    assert "cell A3 holds a formula without a value" in result.report()


def test_a_header_of_formulas_without_values_names_the_cell(store: Any) -> None:
    content = workbook(
        (
            "Scores",
            [
                ["participant", "partner", "practice", '="relevance"'],
                ["AK", "north", "job-path", 4],
            ],
        )
    )
    with pytest.raises(StoreError) as caught:
        check(store, content, "scores.xlsx")
    assert caught.value.field == "file" and "cell D1 holds a formula without a value" in str(
        caught.value
    )


@pytest.mark.parametrize("error", ["#N/A", "#REF!", "#DIV/0!", "#VALUE!"])
def test_a_spreadsheet_error_in_a_cell_rejects_its_row(store: Any, error: str) -> None:
    content = workbook(
        (
            "Scores",
            [
                ["participant", "partner", "practice", "relevance"],
                [error, "north", "job-path", 4],  # not a pseudonym
                ["BO", "south", "job-path", error],
                ["CC", "south", "job-path", 2],
            ],
        )
    )
    result = check(store, content, "scores.xlsx")
    assert set(result.rows["line"]) == {4}
    assert set(result.rejected["line"]) == {2, 3}
    assert f"shows the spreadsheet error {error}" in result.report()
    assert error not in set(result.rows["participant"])


def test_a_misspelt_criterion_column_is_refused_and_others_are_said(store: Any) -> None:
    typo = b"participant,partner,practice,relevance,relevence\nAK,north,job-path,4,5\n"
    with pytest.raises(StoreError) as caught:
        check(store, typo)
    assert caught.value.field == "columns"
    assert "“relevence” is not a criterion; did you mean “relevance”?" in str(caught.value)
    extra = b"participant,partner,practice,relevance,Timestamp\nAK,north,job-path,4,2025-01-01\n"
    result = check(store, extra)
    assert len(result.rows) == 1 and "Columns not read: Timestamp." in result.report()
    assert result.ignored == ("Timestamp",)


@pytest.mark.parametrize("text", ["=1+1", "+A1", "-2", "@SUM(A1)"])
def test_csv_text_that_begins_like_a_formula_is_text(store: Any, text: str) -> None:
    result = check(
        store, f"participant,partner,practice,relevance,comment\nAK,north,job-path,4,{text}\n"
    )
    assert result.ok and list(result.rows["comment"]) == [text]


# ------------------------------------------------------------------ sheets


def test_the_sheet_with_score_columns_is_read(store: Any) -> None:
    content = workbook(
        ("Read me", [["How to fill in this sheet"], ["One row per person"]]),
        (
            "Scores",
            [["participant", "partner", "practice", "relevance"], ["AK", "north", "job-path", 4]],
        ),
        ("Empty", []),
    )
    result = check(store, content, "scores.xlsx")
    assert result.ok and list(result.rows["score"]) == [4]


@pytest.mark.parametrize(
    ("sheets", "named"),
    [
        (
            (
                (
                    "Day 1",
                    [
                        ["participant", "partner", "practice", "relevance"],
                        ["AK", "north", "job-path", 4],
                    ],
                ),
                (
                    "Day 2",
                    [
                        ["participant", "partner", "practice", "relevance"],
                        ["BO", "south", "job-path", 3],
                    ],
                ),
            ),
            "“Day 1”, “Day 2”",
        ),
        ((("Notes", [["a", "b"], [1, 2]]), ("Other", [["c", "d"], [3, 4]])), "“Notes”, “Other”"),
    ],
)
def test_several_candidate_sheets_are_refused_by_name(sheets: Any, named: str) -> None:
    with pytest.raises(StoreError) as caught:
        read_table(workbook(*sheets), "scores.xlsx")
    assert caught.value.field == "file" and named in str(caught.value)
    assert str(caught.value).startswith("scores.xlsx: ")


# ------------------------------------------------------------------ encodings

SCORES = "participant;partner;practice;relevance;comment\n{name};north;job-path;4;{comment}\n"


@pytest.mark.parametrize(
    ("name", "comment", "encoding", "language"),
    [
        ("Tanja Č", "Všeč mi je", "cp1250", None),
        ("Tanja Č", "", "cp1250", "sl"),
        ("Tanja Č", "", "cp1250", "fi"),  # Č is no Finnish letter, È no partner's
        ("Žiga Ćirić", "Đurđa", "cp1250", "en"),
        ("Åsa Öberg", "Hyvä", "cp1252", None),
        ("Åsa Öberg", "Hyvä", "cp1252", "fi"),
        ("Jöns", "Hyvä", "cp1252", "sl"),  # the same bytes in both code pages
        ("Tanja Č", "Åsa", "utf-8", "sl"),
        ("Tanja Č", "Åsa", "utf-8-sig", "fi"),
        ("Tanja Č", "東京", "utf-16", None),  # with its byte-order mark, as Excel saves
        ("Tanja Č", "東京", "utf-32", None),
    ],
)
def test_names_survive_every_encoding_partners_save(
    store: Any, name: str, comment: str, encoding: str, language: str | None
) -> None:
    content = SCORES.format(name=name, comment=comment).encode(encoding)
    result = check(store, content, language=language)
    assert result.ok, result.report()
    assert list(result.rows["participant"]) == [name]
    assert list(result.rows["comment"]) == [comment]


def test_the_interface_language_is_the_default_hint(store: Any) -> None:
    from hopelib.i18n import use_language

    content = SCORES.format(name="Tanja Č", comment="").encode("cp1250")
    with use_language("sl"):
        assert list(check(store, content).rows["participant"]) == ["Tanja Č"]


def test_utf16_without_a_byte_order_mark(store: Any) -> None:
    content = SCORES.format(name="Tanja Č", comment="ok").encode("utf-16-le")
    assert list(check(store, content).rows["participant"]) == ["Tanja Č"]


# ------------------------------------------------------------------ unreadable files


def _truncated_xlsx() -> bytes:
    content = workbook(("Scores", [["participant", "partner", "practice", "relevance"]]))
    return content[: len(content) // 2]


@pytest.mark.parametrize(
    ("content", "filename", "words"),
    [
        (b"", "scores.csv", "empty"),
        (b"\n\n  \n", "scores.csv", "empty"),
        (codecs.BOM_UTF16_LE, "scores.csv", "empty"),
        ("\n \n".encode("utf-16"), "scores.csv", "empty"),
        ("scores".encode("utf-16"), "scores.csv", "no columns"),  # UTF-16, no columns
        ("just one line of text".encode("utf-16"), "scores.txt", "no columns"),
        (_truncated_xlsx(), "scores.xlsx", "XLSX workbook"),
        (b"PK\x03\x04" + bytes(range(256)) * 4, "scores.xlsx", "XLSX workbook"),
        (bytes(range(256)) * 8, "scores.csv", "binary data"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "scores.csv", "binary data"),
        (b"\xff\xd8\xff\xe0" + b"\x10" * 40, "scores.tsv", "binary data"),
        (b"\xef\xbb\xbfparticipant,partner\n\x81\x8d\x8f", "scores.csv", "cannot be decoded"),
        (b"a,b\n\x81\x90\x9d", "scores.csv", "cannot be decoded"),
        (workbook(("Empty", [])), "scores.xlsx", "empty"),
        ("participant,participant,practice\n", "pasted.csv", "appears twice"),
        ("x", "scores.pdf", "not a CSV, TSV or XLSX"),
    ],
)
def test_every_unreadable_file_is_named_with_what_to_do(
    content: Any, filename: str, words: str
) -> None:
    with pytest.raises(StoreError) as caught:
        read_table(content, filename)
    assert caught.value.field == "file"
    message = str(caught.value)
    assert message.startswith(f"{filename}: ") and words in message
    assert "; " in message  # what to do comes after what is wrong


def test_a_workbook_with_parts_openpyxl_warns_about_is_read(store: Any, tmp_path: Path) -> None:
    content = workbook(
        (
            "Scores",
            [["participant", "partner", "practice", "relevance"], ["AK", "north", "job-path", 4]],
        )
    )
    path = tmp_path / "validated.xlsx"
    extension = (
        b'<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
        b'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
        b'<x14:dataValidations count="0"/></ext></extLst></worksheet>'
    )
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.endswith("sheet1.xml"):
                data = data.replace(b"</worksheet>", extension)
            target.writestr(item, data)
    result = check(store, path.read_bytes(), "scores.xlsx")  # warnings are errors in the tests
    assert result.ok and list(result.rows["score"]) == [4]


def test_a_sheet_of_participants_is_not_a_sheet_of_scores(store: Any) -> None:
    content = workbook(
        ("Participants", [["participant", "partner", "practice"], ["AK", "north", "job-path"]]),
        (
            "Scores",
            [["participant", "partner", "practice", "relevance"], ["AK", "north", "job-path", 4]],
        ),
    )
    result = check(store, content, "scores.xlsx")
    assert result.ok and list(result.rows["score"]) == [4]


def test_unnamed_columns_and_one_called_line_are_kept_apart() -> None:
    table = read_table("participant,,line,- (2),x\nAK,a,b,c,d\n", "pasted.csv")
    assert list(table.columns) == ["line", "participant", "- (2)'", "line (3)", "- (2)", "x"]
    assert list(table.iloc[0]) == [2, "AK", "a", "b", "c", "d"]
