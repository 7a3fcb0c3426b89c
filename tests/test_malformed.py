"""Data files read wrong without a word: duplicate keys, stray files, broken links, bad bytes.

Each mistake is one problem, ``path:line: field: message`` on one line, and the file is
refused like any other problem (issue #21).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from hopelib import validate
from hopelib.errors import Problem

from .factories import INDICATOR_HEADER, indicator_folder
from .test_validation import edit, line_of

JOB = "practices/job-path.yaml"
SESSION = "sessions/demo-x/session.yaml"

#: (file, old text, new text, field, text on the line of the second occurrence)
DUPLICATES = {
    "practice, top level": (
        JOB,
        "country: FI\n",
        "country: FI\nstatus: x\ncountry: SE\n",
        "country",
        "country: SE",
    ),
    "practice, flow mapping": (
        JOB,
        "title: {en: Job path, fi: Työpolku}",
        "title: {en: Job path, fi: Työpolku, en: Other}",
        "title.en",
        "title: {en: Job path",
    ),
    "practice, nested block": (
        JOB,
        "    need: {en: No work experience.}\n",
        "    need: {en: No work experience.}\n    need: {en: Again.}\n",
        "perspectives.client.need",
        "need: {en: Again.}",
    ),
    "practice, in a list": (
        JOB,
        "  - title: Fixture source\n",
        "  - title: Fixture source\n    title: Other source\n",
        "sources[0].title",
        "title: Other source",
    ),
    "practice, deep flow": (
        JOB,
        "    results: {en: Fewer young people out of work.}",
        "    results: {en: Fewer young people out of work., fi: A, fi: B}",
        "perspectives.society.results.fi",
        "fi: A, fi: B",
    ),
    "partners": (
        "partners.yaml",
        "  short_name: North\n",
        "  short_name: North\n  short_name: Nord\n",
        "[0].short_name",
        "short_name: Nord",
    ),
    "taxonomy, a vocabulary": (
        "taxonomy.yaml",
        "categories:\n",
        "categories:\n  - {id: x, label: {en: X}}\ncategories:\n",
        "categories",
        "categories:",
    ),
    "taxonomy, a label": (
        "taxonomy.yaml",
        "{id: other, label: {en: Other}}",
        "{id: other, label: {en: Other, en: Else}}",
        "categories[1].label.en",
        "en: Else",
    ),
    "taxonomy, a term": (
        "taxonomy.yaml",
        "{id: client, label: {en: Client}}",
        "{id: client, id: other, label: {en: Client}}",
        "perspectives[0].id",
        "id: client, id: other",
    ),
    "session, top level": (
        SESSION,
        "mode: virtual\n",
        "mode: virtual\nmode: hybrid\n",
        "mode",
        "mode: hybrid",
    ),
    "session, flow": (
        SESSION,
        "participants: {north: 3, south: 2}",
        "participants: {north: 3, south: 2, north: 9}",
        "participants.north",
        "participants:",
    ),
}


@pytest.mark.parametrize("name", list(DUPLICATES))
def test_a_duplicate_key_is_a_problem_at_its_second_line(data_dir: Path, name: str) -> None:
    file, old, new, field, needle = DUPLICATES[name]
    path = data_dir / file
    edit(path, old, new)
    report = validate(data_dir)
    assert report.data is None
    problems = [p for p in report.problems if p.path.endswith(file)]
    assert len(problems) == 1, report.problems
    problem = problems[0]
    key = field.rsplit(".", 1)[-1].split("]")[-1].lstrip(".")
    assert problem.field == field
    assert f"duplicate key {key!r}" in problem.message
    lines = [n for n, text in enumerate(path.read_text().splitlines(), 1) if needle in text]
    assert problem.line == lines[-1]
    assert "already on line" in problem.message
    assert "\n" not in str(problem)


def test_the_first_occurrence_is_named(data_dir: Path) -> None:
    edit(data_dir / JOB, "country: FI\n", "country: FI\nregion: A\nregion: B\n")
    problem = next(p for p in validate(data_dir).problems if p.field == "region")
    first = line_of(data_dir / JOB, "region: North Region")
    assert f"already on line {first}" in problem.message
    assert problem.line == line_of(data_dir / JOB, "region: A")


@pytest.mark.parametrize(
    "name",
    [
        "extra.YAML",
        "extra.Yaml",
        "extra.yml",
        "extra.YML",
        "README.md",
        ".hidden.yaml",
        ".job-path.YML",
        "notes",
        "x.yaml.bak",
        "x.json",
    ],
)
def test_every_file_in_practices_that_is_not_read_is_reported(data_dir: Path, name: str) -> None:
    (data_dir / "practices" / name).write_text("id: extra\n", encoding="utf-8")
    report = validate(data_dir)
    assert report.data is None
    problems = [p for p in report.problems if p.path.endswith(name)]
    assert len(problems) == 1, report.problems
    assert "not read" in problems[0].message


@pytest.mark.parametrize("name", [".DS_Store", "._job-path.yaml", ".gitkeep", ".directory"])
def test_what_an_operating_system_leaves_unseen_is_skipped(data_dir: Path, name: str) -> None:
    (data_dir / "practices" / name).write_bytes(b"\x00\x05\x16\x07 Mac metadata")
    report = validate(data_dir)
    assert report.ok and report.data is not None, report.problems
    assert len(report.data.practices) == 3


def test_a_folder_in_practices_is_reported(data_dir: Path) -> None:
    (data_dir / "practices" / "drafts").mkdir()
    problems = [p for p in validate(data_dir).problems if p.path.endswith("drafts")]
    assert len(problems) == 1 and "folder" in problems[0].message


def test_a_broken_link_is_named_as_the_link(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(data_dir.parent)
    link = data_dir / "practices" / "gone.yaml"
    os.symlink("nowhere/gone.yaml", link)
    problems = [p for p in validate(data_dir).problems if "gone" in p.path]
    assert len(problems) == 1, problems
    assert problems[0].path == os.path.join("data", "practices", "gone.yaml")
    assert "points nowhere" in problems[0].message
    assert "nowhere/gone.yaml" in problems[0].message


def test_a_broken_link_as_taxonomy_is_named_as_the_link(data_dir: Path) -> None:
    (data_dir / "taxonomy.yaml").unlink()
    os.symlink("../missing.yaml", data_dir / "taxonomy.yaml")
    problem = next(p for p in validate(data_dir).problems if "taxonomy" in p.path)
    assert problem.path.endswith("taxonomy.yaml") and "points nowhere" in problem.message


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x07", "\x1b", "\x7f", "\ufffe"])
@pytest.mark.parametrize("file", [JOB, "partners.yaml", "taxonomy.yaml", SESSION])
def test_a_control_character_is_one_line_with_its_line(
    data_dir: Path, char: str, file: str
) -> None:
    path = data_dir / file
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[2] = lines[2].rstrip("\n") + f" x{char}y\n"
    path.write_text("".join(lines), encoding="utf-8")
    problems = [p for p in validate(data_dir).problems if p.path.endswith(file)]
    assert len(problems) == 1, problems
    assert problems[0].line == 3
    assert "\n" not in str(problems[0]) and "\x00" not in str(problems[0])


def test_a_utf16_file_is_one_problem(data_dir: Path) -> None:
    path = data_dir / JOB
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16-le"))
    problems = [p for p in validate(data_dir).problems if p.path.endswith(JOB)]
    assert len(problems) == 1 and problems[0].line is not None
    assert "UTF" in problems[0].message


def test_every_problem_is_one_line() -> None:
    problem = Problem("a\nb.yaml", 3, "f\x00", "first\n  second\r\nthird\u2028fourth\x85x\ty")
    text = str(problem)
    assert len(text.splitlines()) == 1
    assert "first second third fourth x\\ty" in text
    assert problem.path == "a\\nb.yaml" and problem.field == "f\\x00"


@pytest.mark.parametrize("value", ["-40", "-0.5", "-1e3", "-1"])
def test_a_negative_count_is_refused(tmp_path: Path, value: str) -> None:
    row = f"job-path,participants,people,2023,{value},Fixture source,,\n"
    data = indicator_folder(tmp_path, {"a.csv": INDICATOR_HEADER + row})
    problems = validate(data).problems
    assert len(problems) == 1, problems
    assert (problems[0].line, problems[0].field) == (2, "value")
    assert "below 0" in problems[0].message and "negative: true" in problems[0].message


def test_an_indicator_marked_negative_takes_negative_values(tmp_path: Path) -> None:
    row = "job-path,participants,people,2023,-40,Fixture source,,\n"
    data = indicator_folder(tmp_path, {"a.csv": INDICATOR_HEADER + row})
    edit(
        data / "taxonomy.yaml",
        "unit: people, direction: higher",
        "unit: people, direction: higher, negative: true",
    )
    report = validate(data)
    assert report.ok, report.problems
    assert report.data is not None and report.data.indicators[0].value == -40
    assert report.data.taxonomy.indicator("participants").negative


def test_zero_and_minus_zero_are_fine(tmp_path: Path) -> None:
    rows = (
        "job-path,participants,people,2023,0,Fixture source,,\n"
        "job-path,cost,eur,2024,-0,Fixture source,,\n"
    )
    assert validate(indicator_folder(tmp_path, {"a.csv": INDICATOR_HEADER + rows})).ok


@pytest.mark.parametrize(
    "where",
    ["sessions/stray.yaml", "sessions/demo-x/session.YAML", "sessions/demo-x/notes.txt",
     "sessions/demo-x/session.yml"],
)  # fmt: skip
def test_every_file_in_sessions_that_is_not_read_is_reported(data_dir: Path, where: str) -> None:
    (data_dir / where).write_text("id: demo-x\n", encoding="utf-8")
    report = validate(data_dir)
    problems = [p for p in report.problems if p.path.endswith(where.split("/")[-1])]
    assert report.data is None and len(problems) == 1, report.problems
    assert "not read" in problems[0].message


def test_what_an_operating_system_leaves_in_sessions_is_skipped(data_dir: Path) -> None:
    (data_dir / "sessions" / ".DS_Store").write_bytes(b"\x00\x01")
    (data_dir / "sessions" / "demo-x" / "._session.yaml").write_bytes(b"\x00\x05\x16\x07")
    assert validate(data_dir).ok
