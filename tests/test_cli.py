"""The ``hope`` command."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from hopelib.cli import build_parser, main

from .conftest import GOOD, PROJECT
from .text import plain


def test_validate_ok(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--data", str(GOOD)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "taxonomy: OK (2 criteria)",
        "partners: OK (2 partners)",
        "practices: OK (3 practices)",
        "sessions: OK (1 session)",
    ]


def test_validate_completeness(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--data", str(GOOD), "--completeness"]) == 0
    out = capsys.readouterr().out
    assert "job-path  8/18 (44%)" in out
    assert "translations missing: client_need:fi, client_solution:fi, society_results:fi" in out
    assert "3 practices; 41 empty template fields; 8 missing translations" in out


def test_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summary", "--data", str(GOOD)]) == 0
    out = capsys.readouterr().out
    assert "3 practices, 2 partners, 1 session in" in out
    lines = out.splitlines()
    header = next(line for line in lines if "North" in line and "South" in line)
    assert header.split() == ["North", "South", "reference"]
    collaboration = next(line for line in lines if line.startswith("Collaboration"))
    assert collaboration.split()[-3:] == ["1", "0", "0"]
    uncategorised = next(line for line in lines if line.startswith("(uncategorised)"))
    assert uncategorised.split()[-3:] == ["0", "1", "0"]
    total = next(line for line in lines if line.startswith("total"))
    assert total.split()[-3:] == ["1", "1", "1"]
    assert (
        "demo-x" in out and "11–12 Mar 2025" in plain(out) and "[demo: illustrative records]" in out
    )


def test_schema_writes_one_schema_per_file_kind(tmp_path: Path) -> None:
    assert main(["schema", "--out", str(tmp_path)]) == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [
        "partners.schema.json",
        "practice.schema.json",
        "session.schema.json",
        "taxonomy.schema.json",
    ]
    practice = json.loads((tmp_path / "practice.schema.json").read_text(encoding="utf-8"))
    assert set(practice["required"]) == {"id", "title", "country", "sources"}
    assert practice["additionalProperties"] is False


def test_committed_schemas_are_up_to_date(tmp_path: Path) -> None:
    main(["schema", "--out", str(tmp_path)])
    committed = PROJECT / "data" / "schemas"
    for path in tmp_path.iterdir():
        # the same schema, however a pydantic release lays the JSON out
        assert json.loads((committed / path.name).read_text(encoding="utf-8")) == json.loads(
            path.read_text(encoding="utf-8")
        ), f"run `make schema` and review the change: {path.name} is out of date"


def test_schema_checks_a_practice_file(tmp_path: Path) -> None:
    main(["schema", "--out", str(tmp_path)])
    schema = json.loads((tmp_path / "practice.schema.json").read_text(encoding="utf-8"))
    good = yaml.safe_load((GOOD / "practices" / "job-path.yaml").read_text(encoding="utf-8"))
    jsonschema.validate(good, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**good, "sumary": "typo"}, schema)


@pytest.mark.parametrize("command", ["validate", "summary", "schema"])
def test_every_subcommand_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main([command, "--help"])
    assert exited.value.code == 0
    assert "--data" in capsys.readouterr().out


def test_parser_lists_subcommands() -> None:
    assert "validate" in build_parser().format_help()


def test_python_m_hopelib_and_console_script() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "hopelib", "--help"], capture_output=True, text=True, check=True
    )
    assert "validate" in run.stdout and "summary" in run.stdout and "schema" in run.stdout
    script = Path(sys.executable).with_name("hope")
    run = subprocess.run(
        [str(script), "validate", "--data", str(GOOD)], capture_output=True, text=True, check=True
    )
    assert "practices: OK (3 practices)" in run.stdout


def test_unknown_subcommand_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["frobnicate"])
    assert exited.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_session_archive_and_load(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from hopelib.store import open_store

    first, second = tmp_path / "first.sqlite", tmp_path / "second.sqlite"
    with open_store(str(first), GOOD) as store:
        store.add_rating("demo-x", "north", "AK", "job-path", "relevance", 4)
    records = tmp_path / "records"
    assert main(["session", "archive", "demo-x", "--data", str(GOOD), "--store", str(first),
                 "--out", str(records)]) == 0  # fmt: skip
    out = capsys.readouterr().out
    assert "ratings.csv  1 row" in out and "participants.csv  1 row" in out
    arguments = ["session", "load", str(records), "--data", str(GOOD), "--store", str(second)]
    assert main(arguments) == 0
    assert capsys.readouterr().out.startswith(f"{records}: 3 new row(s) loaded")
    assert main(arguments) == 0
    assert capsys.readouterr().out.startswith(f"{records}: 0 new row(s) loaded")


def test_session_commands_refuse_mistakes_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = str(tmp_path / "store.sqlite")
    assert main(["session", "archive", "nope", "--data", str(GOOD), "--store", store]) == 1
    err = capsys.readouterr().err
    assert "unknown session 'nope'" in err and "Traceback" not in err
    assert not (GOOD / "sessions" / "nope").exists()
    assert main(["session", "load", str(tmp_path / "missing"), "--store", store]) == 1
    assert "no such folder" in capsys.readouterr().err
