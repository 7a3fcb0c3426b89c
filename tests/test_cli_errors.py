"""``hope``: exit 2 only for what the parser refuses; every wrong value is one line and exit 1.

Arguments are checked before any work starts: an ``--out`` that is a file leaves nothing
written (issue #21).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from hopelib.cli import main

from .conftest import GOOD


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        status = main(args)
    except SystemExit as exit_:  # the parser's own refusals
        status = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return status, out, err


def wrong_values(tmp: Path, data: Path) -> dict[str, list[str]]:
    """Commands with one wrong value each, for every subcommand of ``hope``."""
    afile = tmp / "afile.txt"
    if tmp.is_dir():
        afile.write_text("keep me\n", encoding="utf-8")
    store = ["--store", str(tmp / "store.sqlite")]
    d = ["--data", str(data)]
    new = ["session", "new", "s2", "--title", "T", "--host", "north", "--practices", "job-path"]
    return {
        "validate, missing data folder": ["validate", "--data", str(tmp / "nowhere")],
        "validate, data is a file": ["validate", "--data", str(afile)],
        "summary, missing data folder": ["summary", "--data", str(tmp / "nowhere")],
        "schema, --out is a file": ["schema", *d, "--out", str(afile)],
        "schema, --out below a file": ["schema", *d, "--out", str(afile / "sub")],
        "export, --out is a file": ["export", "demo-x", *d, *store, "--out", str(afile)],
        "export, unknown session": ["export", "nosuch", *d, *store, "--out", str(tmp / "o")],
        "export, unknown partner": ["export", "demo-x", "--partner", "nobody", *d, *store],
        "export, unknown language": ["export", "demo-x", *d, *store, "--lang", "xx"],
        "export, missing data folder": ["export", "demo-x", "--data", str(tmp / "no"), *store],
        "archive, --out is a file": [
            "session",
            "archive",
            "demo-x",
            *d,
            *store,
            "--out",
            str(afile),
        ],
        "archive, unknown session": ["session", "archive", "nosuch", *d, *store],
        "archive, missing data folder": ["session", "archive", "demo-x", "--data", str(tmp / "no")],
        "load, missing folder": ["session", "load", str(tmp / "none"), *d, *store],
        "load, a file as folder": ["session", "load", str(afile), *d, *store],
        "new, bad date": [*new, "--dates", "2025-13-01", *d],
        "new, not a date": [*new, "--dates", "soon", *d],
        "new, dates backwards": [*new, "--dates", "2025-03-02", "2025-03-01", *d],
        "new, unknown host": [*new[:-1], "nobody", "--dates", "2025-03-01", *d],
        "new, unknown practice": [*new, "--dates", "2025-03-01", "--practices", "nope", *d],
        "new, existing session": [*new[:2], "demo-x", *new[3:], "--dates", "2025-03-01", *d],
        "new, missing data folder": [*new, "--dates", "2025-03-01", "--data", str(tmp / "no")],
    }


NAMES = list(wrong_values(Path("/nonexistent"), Path("/nonexistent")))


@pytest.mark.parametrize("name", NAMES)
def test_a_wrong_value_is_one_line_and_exit_1(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    args = wrong_values(tmp_path, data_dir)[name]
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if "store" not in p.name)
    status, _out, err = run(args, capsys)
    assert status == 1, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err and "Error:" not in err
    assert (tmp_path / "afile.txt").read_text(encoding="utf-8") == "keep me\n"
    if "--out" in name:
        after = sorted(
            p.relative_to(tmp_path) for p in tmp_path.rglob("*") if "store" not in p.name
        )
        assert after == before  # checked before any work: nothing written


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "--nope"],
        ["validate", "--data"],
        ["export"],
        ["export", "demo-x", "--out"],
        ["session"],
        ["session", "archive"],
        ["session", "new", "x"],
        ["session", "new", "x", "--title", "T", "--host", "h", "--dates", "d", "--mode", "odd"],
        ["nosuchcommand"],
        [],
    ],
)
def test_only_the_parser_exits_2(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    status, _out, err = run(args, capsys)
    assert status == 2
    assert "Traceback" not in err


def test_several_problems_are_one_line_each(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("job-path", "coop-kitchen"):
        path = data_dir / "practices" / f"{name}.yaml"
        path.write_text(path.read_text(encoding="utf-8") + "country: SE\n", encoding="utf-8")
    status, _out, err = run(["summary", "--data", str(data_dir)], capsys)
    lines = err.strip().splitlines()
    assert status == 1
    assert len(lines) == 3 and "2 problem(s)" in lines[-1]
    assert all("duplicate key" in line for line in lines[:2])


def test_good_data_still_validates(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(["validate", "--data", str(GOOD)], capsys)
    assert status == 0 and not err and "OK" in out
