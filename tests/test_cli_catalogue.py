"""``hope catalogue export|import`` (#27): what a person types and reads."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from hopelib.catalogue.manifest import MANIFEST
from hopelib.cli import main

from .conftest import GOOD, PROJECT


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((folder / "practices").iterdir())}


def sheet(rows: list[list[str]], path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def test_export_then_import_into_an_empty_catalogue(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out" / "catalogue.xlsx"
    assert main(["catalogue", "export", "--data", str(data_dir), "--out", str(out)]) == 0
    assert capsys.readouterr().out.strip() == str(out)
    header = [cell.value for cell in next(openpyxl.load_workbook(out).active.iter_rows())]
    assert header[:2] == ["id", "lang"] and "title_en" in header
    assert "contacts.1.role" not in header
    empty = tmp_path / "empty"
    shutil.copytree(data_dir, empty, ignore=shutil.ignore_patterns("sessions"))
    for path in (empty / "practices").glob("*.yaml"):
        path.unlink()
    args = ["catalogue", "import", str(out), "--data", str(empty)]
    assert main([*args, "--dry-run"]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[0] == "would create empty/practices/coop-kitchen.yaml (row 2)"
    assert printed[-1] == "dry run, nothing written: 3 created, 0 updated, 0 unchanged"
    assert not list((empty / "practices").iterdir())
    assert main(args) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "3 created, 0 updated, 0 unchanged"
    assert sorted(files(empty)) == [
        MANIFEST,
        "coop-kitchen.yaml",
        "job-path.yaml",
        "reference-cafe.yaml",
    ]
    assert main([*args, "--update"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "0 created, 0 updated, 3 unchanged"
    assert main(["validate", "--data", str(empty)]) == 0


def test_export_csv_and_format(data_dir: Path, tmp_path: Path) -> None:
    assert main(["catalogue", "export", "--data", str(data_dir), "--out", "c.csv"]) == 0
    rows = list(csv.reader((tmp_path / "c.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert len(rows) == 4 and rows[0][0] == "id"
    assert (
        main(
            [
                "catalogue",
                "export",
                "--data",
                str(data_dir),
                "--format",
                "csv",
                "--out",
                "other.txt",
            ]
        )
        == 0
    )
    assert (tmp_path / "other.txt").read_text(encoding="utf-8-sig").startswith("id,lang,")


def test_bad_rows_print_one_line_each_and_exit_1(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = sheet(
        [
            ["title_en", "country", "partner", "source"],
            ["Fine", "FI", "north", "S"],
            ["Bad country", "Suomi", "north", "S"],
            ["Bad partner", "FI", "nort", "S"],
        ],
        tmp_path / "list.csv",
    )
    before = files(data_dir)
    assert main(["catalogue", "import", str(path), "--data", str(data_dir)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        "list.csv:3: country: 'Suomi' is not a country code: use ISO 3166-1 alpha-2 in "
        "capitals (FI, SI, GB)",
        "list.csv:4: partner: unknown partner 'nort': did you mean 'north'? (see partners.yaml)",
        "2 problems: nothing was written; fix them and import again.",
    ]
    assert files(data_dir) == before


def test_unknown_partner_option_and_missing_file(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = sheet([["title_en", "country", "source"], ["A", "FI", "S"]], tmp_path / "l.csv")
    code = main(["catalogue", "import", str(path), "--data", str(data_dir), "--partner", "nrth"])
    assert code == 1
    assert "did you mean 'north'?" in capsys.readouterr().err
    assert main(["catalogue", "import", "nothing.xlsx", "--data", str(data_dir)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("nothing.xlsx: -: ") and "Traceback" not in err


def test_the_command_line_shows_no_traceback(data_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "hopelib",
            "catalogue",
            "import",
            str(path),
            "--data",
            str(data_dir),
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=PROJECT,  # the checkout under test, also when it is on PYTHONPATH as "."
    )
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert f"{path}:1: -: cannot be read as an XLSX workbook" in run.stderr


def test_help_names_the_options() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "hopelib", "catalogue", "import", "--help"],
        capture_output=True,
        text=True,
        check=True,
        cwd=PROJECT,
    )
    for option in ("--data", "--mapping", "--partner", "--dry-run", "--update"):
        assert option in run.stdout
    assert GOOD.is_dir()


def test_an_out_file_of_no_known_format_is_refused(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["catalogue", "export", "--data", str(data_dir), "--out", "c.ods"]) == 1
    assert capsys.readouterr().err.strip() == (
        "hope catalogue export: --out c.ods: name a .csv or .xlsx file, or give --format csv or "
        "xlsx"
    )
