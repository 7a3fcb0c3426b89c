"""Bad input: every kind of mistake gets a message naming the file, the line and the field."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

import pytest
from pydantic import Field, TypeAdapter, ValidationError

from hopelib import CatalogueError, load_catalogue, load_session, validate
from hopelib.catalogue import problems as problem_helpers
from hopelib.errors import Problem

from .factories import INDICATOR_HEADER, hope, indicator_folder


def line_of(path: Path, needle: str) -> int:
    """1-based number of the first line of *path* containing *needle*."""
    text = path.read_bytes().decode("utf-8", errors="replace")
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def pydantic_says(annotation: Any, value: object) -> str:
    """Pydantic's own words for *value* refused by *annotation* (a release may reword them)."""
    try:
        TypeAdapter(annotation).validate_python(value)
    except ValidationError as error:
        return str(error.errors()[0]["msg"])
    raise AssertionError(f"{value!r} is accepted")


@dataclass
class Case:
    """A mistake: how to make it, and what the one problem it causes must say."""

    file: str
    change: Callable[[Path], None]
    field: str
    message: str
    line_needle: str | None  # text on the line the problem must point at; None = no line
    count: int = 1  # problems the mistake causes in that file


def _sub(file: str, old: str, new: str) -> Callable[[Path], None]:
    return lambda root: edit(root / file, old, new)


JOB = "practices/job-path.yaml"
COOP = "practices/coop-kitchen.yaml"
CAFE = "practices/reference-cafe.yaml"
SESSION = "sessions/demo-x/session.yaml"

CASES = {
    "unknown partner": Case(
        JOB,
        _sub(JOB, "partner: north", "partner: nort"),
        "partner",
        "unknown partner 'nort': did you mean 'north'?",
        "partner: nort",
    ),
    "unknown category": Case(
        JOB,
        _sub(JOB, "category: collaboration", "category: sport"),
        "category",
        "unknown category 'sport'",
        "category: sport",
    ),
    "unknown theme": Case(
        JOB,
        _sub(JOB, "themes: [employment]", "themes:\n  - employment\n  - housing"),
        "themes[1]",
        "unknown theme 'housing'",
        "- housing",
    ),
    "unknown target group": Case(
        JOB,
        _sub(JOB, "young-people, ", "young-peple, "),
        "target_groups[0]",
        "unknown target group 'young-peple'",
        "target_groups:",
    ),
    "unknown perspective": Case(
        JOB,
        _sub(JOB, "  society:\n", "  region:\n"),
        "perspectives.region",
        "unknown perspective 'region'",
        "  region:",
    ),
    "unknown criterion": Case(
        SESSION,
        _sub(SESSION, "criteria: [relevance, cost_effectiveness]", "criteria: [relevance, beauty]"),
        "criteria[1]",
        "unknown criterion 'beauty'",
        "criteria:",
    ),
    "unknown practice": Case(
        SESSION,
        _sub(SESSION, "coop-kitchen]", "coop-kitchn]"),
        "practices[1]",
        "unknown practice 'coop-kitchn'",
        "practices:",
    ),
    "unknown host": Case(
        SESSION,
        _sub(SESSION, "host: north", "host: east"),
        "host",
        "unknown partner 'east'",
        "host: east",
    ),
    "unknown session followed": Case(
        SESSION,
        _sub(SESSION, "demo: true", "demo: true\nfollows: [demo-0]"),
        "follows[0]",
        "unknown session 'demo-0'",
        "follows:",
    ),
    "participants of a partner not taking part": Case(
        SESSION,
        _sub(SESSION, "mode: virtual", "mode: virtual\npartners: [north]"),
        "participants.south",
        "not among the session's partners",
        "participants:",
    ),
    "id differs from file name": Case(
        JOB,
        _sub(JOB, "id: job-path", "id: job-paths"),
        "id",
        "differs from the file name 'job-path.yaml'",
        "id: job-paths",
    ),
    "session id differs from folder": Case(
        SESSION,
        _sub(SESSION, "id: demo-x", "id: demo-y"),
        "id",
        "differs from its folder name",
        "id: demo-y",
    ),
    "bad slug": Case(
        CAFE,
        _sub(CAFE, "id: reference-cafe", "id: Reference Cafe"),
        "id",
        "'Reference Cafe' is not a valid id",
        "id: Reference Cafe",
    ),
    "bad partner slug": Case(
        "partners.yaml",
        _sub("partners.yaml", "id: south", "id: South_1"),
        "[1].id",
        "is not a valid id",
        "id: South_1",
    ),
    "missing required field": Case(
        JOB, _sub(JOB, "country: FI\n", ""), "country", "required field is missing", "id: job-path"
    ),
    "missing sources": Case(
        CAFE,
        lambda root: (root / CAFE).write_text(
            (root / CAFE).read_text(encoding="utf-8").split("sources:")[0], encoding="utf-8"
        ),
        "sources",
        "required field is missing",
        "id: reference-cafe",
    ),
    "wrong type (number for text)": Case(
        JOB,
        _sub(JOB, "organisation: North employment services", "organisation: 42"),
        "organisation",
        pydantic_says(str, 42),
        "organisation: 42",
    ),
    "wrong type (text for number)": Case(
        JOB,
        _sub(JOB, "participants_max: 8", "participants_max: eight"),
        "resources.participants_max",
        "'eight' is not a whole number: write digits only, without a unit (e.g. 12)",
        "participants_max: eight",
    ),
    "wrong type (string for list)": Case(
        JOB,
        _sub(JOB, "themes: [employment]", "themes: employment"),
        "themes",
        pydantic_says(list[str], "employment"),
        "themes: employment",
    ),
    "wrong type (list for text)": Case(
        CAFE,
        _sub(CAFE, "transferability: Sopii kaikille.", "transferability: [Sopii, kaikille]"),
        "transferability",
        "expected text",
        "transferability:",
    ),
    "negative cost": Case(
        JOB,
        _sub(JOB, "cost_eur: 330", "cost_eur: -5"),
        "resources.cost_eur",
        pydantic_says(Annotated[float, Field(ge=0)], -5),
        "cost_eur: -5",
    ),
    "unknown status": Case(
        CAFE,
        _sub(CAFE, "country: FI", "country: FI\nstatus: paused"),
        "status",
        pydantic_says(Literal["active", "ended", "pilot"], "paused"),
        "status: paused",
    ),
    "bad country code": Case(
        CAFE,
        _sub(CAFE, "country: FI", "country: Finland"),
        "country",
        "not a country code",
        "country: Finland",
    ),
    "bad url": Case(
        JOB,
        _sub(JOB, "url: https://example.org/job-path", "url: example.org"),
        "sources[0].url",
        "not a web address",
        "url: example.org",
    ),
    "unknown field (typo)": Case(
        JOB,
        _sub(JOB, "summary:", "sumary:"),
        "sumary",
        "unknown field: did you mean `summary`?",
        "sumary:",
    ),
    "bad YAML": Case(
        JOB, _sub(JOB, "region: North Region", "region: [North Region"), "-", "bad YAML", None
    ),
    "bad YAML (tab indentation)": Case(
        COOP, _sub(COOP, "country: SI", "\tcountry: SI"), "-", "bad YAML", "country: SI"
    ),
    "bad date": Case(
        SESSION,
        _sub(SESSION, "2025-03-12", "2025-02-30"),
        "dates[1]",
        "'2025-02-30' is not a date: write it as YYYY-MM-DD",
        "dates:",
    ),
    "dates out of order": Case(
        SESSION,
        _sub(SESSION, "[2025-03-11, 2025-03-12]", "[2025-03-12, 2025-03-11]"),
        "dates",
        "dates must be listed in order",
        "dates:",
    ),
    "bad mode": Case(
        SESSION,
        _sub(SESSION, "mode: virtual", "mode: online"),
        "mode",
        "'virtual', 'in_person' or 'hybrid'",
        "mode: online",
    ),
    "unknown language key": Case(
        JOB,
        _sub(JOB, "fi: Polku töihin nuorille.", "de: Ein Weg in die Arbeit."),
        "summary.de",
        "unknown language 'de'",
        "de: Ein Weg",
    ),
    "bad language key": Case(
        JOB,
        _sub(JOB, "fi: Työpolku", "Finnish: Työpolku"),
        "title",
        "'Finnish' is not a language code",
        "title:",
    ),
    "unknown lang": Case(
        COOP, _sub(COOP, "lang: sl", "lang: hr"), "lang", "unknown language 'hr'", "lang: hr"
    ),
    "plain text without lang": Case(
        CAFE,
        _sub(CAFE, "lang: fi\n", ""),
        "title",
        "plain text needs the file's language",
        "title:",
        count=2,
    ),
    "empty text": Case(
        COOP,
        _sub(COOP, "title: Zadružna kuhinja", "title: '  '"),
        "title",
        "text is empty",
        "title:",
    ),
    "empty file": Case(
        COOP,
        lambda root: (root / COOP).write_text("# nothing yet\n"),
        "-",
        "the file is empty",
        None,
    ),
    "non-UTF-8 file": Case(
        COOP,
        lambda root: (root / COOP).write_bytes(
            (root / COOP).read_text(encoding="utf-8").encode("cp1250")
        ),
        "-",
        "not UTF-8",
        "title: Zadru",
    ),
    "duplicate partner ids": Case(
        "partners.yaml",
        _sub("partners.yaml", "id: south", "id: north  # again"),
        "[1].id",
        "duplicate id 'north'",
        "north  # again",
    ),
    "duplicate taxonomy ids": Case(
        "taxonomy.yaml",
        _sub("taxonomy.yaml", "id: wellbeing", "id: employment"),
        "themes[1].id",
        "duplicate id 'employment'",
        "{id: employment, label: {en: Wellbeing}}",
    ),
    "unknown locale": Case(
        "partners.yaml",
        _sub("partners.yaml", "locale: sl_SI", "locale: xx_YY"),
        "[1].locale",
        "unknown locale 'xx_YY'",
        "locale: xx_YY",
    ),
    "bad scale": Case(
        "taxonomy.yaml",
        _sub("taxonomy.yaml", "{min: 0, max: 3}", "{min: 3, max: 0}"),
        "criteria[1].scale",
        "min (3) must be below max (0)",
        "scale: {min: 3",
    ),
    "scale label outside scale": Case(
        "taxonomy.yaml",
        _sub("taxonomy.yaml", "5: {en: Fully}", "6: {en: Fully}"),
        "criteria[0].scale",
        "outside 1..5",
        "scale:",
    ),
    "yml extension": Case(
        "practices/extra.yml",
        lambda root: (root / "practices" / "extra.yml").write_text("id: x\n"),
        "-",
        "end in .yaml",
        None,
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_each_mistake_is_reported_with_file_line_and_field(data_dir: Path, name: str) -> None:
    case = CASES[name]
    case.change(data_dir)
    report = validate(data_dir)
    assert not report.ok
    assert report.data is None
    matching = [p for p in report.problems if p.path.endswith(case.file)]
    assert len(matching) == case.count, report.problems
    problem = next(p for p in matching if p.field == case.field)
    assert problem.field == case.field
    assert case.message in problem.message
    if case.line_needle is None:
        assert problem.line is None or problem.line >= 1
    else:
        assert problem.line == line_of(data_dir / case.file, case.line_needle)
    text = str(problem)
    assert text.startswith(f"{problem.path}:{problem.line}: " if problem.line else problem.path)


def test_bad_yaml_points_at_the_broken_line(data_dir: Path) -> None:
    edit(data_dir / JOB, "country: FI", "country: FI: Finland")
    (problem,) = validate(data_dir).problems
    assert problem.line == line_of(data_dir / JOB, "country: FI: Finland")
    assert problem.message.startswith("bad YAML")


def test_every_problem_of_every_file_is_listed(data_dir: Path) -> None:
    edit(data_dir / JOB, "partner: north", "partner: nobody")
    edit(data_dir / JOB, "category: collaboration", "category: nothing")
    edit(data_dir / CAFE, "country: FI", "country: fi")
    edit(data_dir / SESSION, "mode: virtual", "mode: remote")
    problems = validate(data_dir).problems
    assert [(Path(p.path).name, p.field) for p in problems] == [
        ("job-path.yaml", "partner"),
        ("job-path.yaml", "category"),
        ("reference-cafe.yaml", "country"),
        ("session.yaml", "mode"),
    ]


def test_loading_is_all_or_nothing(data_dir: Path) -> None:
    edit(data_dir / COOP, "themes: [wellbeing]", "themes: [wellbeing, nope]")
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(data_dir)
    assert [p.field for p in caught.value.problems] == ["themes[1]"]
    assert "coop-kitchen.yaml" in str(caught.value)
    assert "hope validate" in str(caught.value)


def test_a_broken_taxonomy_stops_the_catalogue(data_dir: Path) -> None:
    edit(data_dir / "taxonomy.yaml", "languages:", "language:")
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(data_dir)
    fields = {p.field for p in caught.value.problems}
    assert {"languages", "language"} <= fields


def test_unknown_session_is_a_clear_error(data_dir: Path) -> None:
    with pytest.raises(CatalogueError) as caught:
        load_session("demo-z", data_dir)
    (problem,) = caught.value.problems
    assert problem.field == "session"
    assert "unknown session 'demo-z': did you mean 'demo-x'?" in problem.message


def test_missing_data_folder(tmp_path: Path) -> None:
    report = validate(tmp_path / "nowhere")
    assert [p.message for p in report.problems] == ["no such data folder: check --data"]


def test_missing_taxonomy_file(data_dir: Path) -> None:
    (data_dir / "taxonomy.yaml").unlink()
    problems = validate(data_dir).problems
    assert (
        Problem(
            str(data_dir / "taxonomy.yaml"), None, "-", "file not found: create it, or check --data"
        )
        in problems
    )


def test_cli_lists_problems_without_traceback(data_dir: Path) -> None:
    edit(data_dir / JOB, "partner: north", "partner: nort")
    (data_dir / COOP).write_bytes(b"id: coop-kitchen\ntitle: \xff\xfe\n")
    run = hope("validate", "--data", str(data_dir))
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    lines = run.stderr.splitlines()
    assert any(
        line.endswith(
            "job-path.yaml:3: partner: unknown partner 'nort': did you mean "
            "'north'? (see partners.yaml)"
        )
        for line in lines
    ), lines
    assert any("coop-kitchen.yaml:2: -: the file is not UTF-8" in line for line in lines), lines
    assert lines[-1].startswith("2 problem(s) in 2 file(s)")


def test_cli_summary_on_bad_data_is_a_message_not_a_traceback(data_dir: Path) -> None:
    edit(data_dir / "partners.yaml", "role: lead", "role: boss")
    run = hope("summary", "--data", str(data_dir))
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    line = line_of(data_dir / "partners.yaml", "role: boss")
    assert (
        f"partners.yaml:{line}: [0].role: "
        + pydantic_says(Literal["lead", "partner", "network"], "boss")
        + " (got 'boss')"
    ) in run.stderr


# ---------------------------------------------------------------- YAML and CSV alike

CSV_ROW = "coop-kitchen,participants,people,2021,8,Fixture source,,\n"


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("coop-kitchn", "did you mean 'coop-kitchen'? (see practices/)"),
        ("zzz", "use one of coop-kitchen, job-path, reference-cafe (see practices/)"),
    ],
)
def test_an_unknown_id_gets_the_same_hint_in_yaml_and_csv(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, written: str, hint: str
) -> None:
    data = indicator_folder(
        tmp_path, {"values.csv": INDICATOR_HEADER + CSV_ROW.replace("coop-kitchen", written)}
    )
    edit(data / SESSION, "coop-kitchen]", f"{written}]")
    asked: list[object] = []
    closest = problem_helpers.closest

    def spy(value: object, candidates: Iterable[str]) -> str | None:
        asked.append(value)
        return closest(value, candidates)

    monkeypatch.setattr(problem_helpers, "closest", spy)
    problems = validate(data).problems
    in_yaml = [p for p in problems if p.path.endswith("session.yaml")]
    in_csv = [p for p in problems if p.path.endswith("values.csv")]
    assert [(p.field, p.message) for p in in_yaml] == [
        ("practices[1]", f"unknown practice {written!r}: {hint}")
    ]
    assert [(p.field, p.message) for p in in_csv] == [("practice", in_yaml[0].message)]
    assert asked.count(written) == 2  # one helper for both files


def test_a_byte_order_mark_is_dropped_in_yaml_and_csv(tmp_path: Path) -> None:
    data = indicator_folder(tmp_path, {"values.csv": "\ufeff" + INDICATOR_HEADER + CSV_ROW})
    practice = data / COOP
    practice.write_bytes(b"\xef\xbb\xbf" + practice.read_bytes())
    report = validate(data)
    assert report.problems == []
    assert report.data is not None
    assert report.data.practices["coop-kitchen"].title == "Zadružna kuhinja"
    assert [v.practice for v in report.data.indicators] == ["coop-kitchen"]


def test_invalid_utf8_is_the_same_problem_in_yaml_and_csv(tmp_path: Path) -> None:
    latin1 = "job-path,participants,people,2022,3,Työ,,\n".encode("latin-1")
    data = indicator_folder(
        tmp_path, {"values.csv": (INDICATOR_HEADER + CSV_ROW).encode() + latin1}
    )
    practice = data / COOP
    practice.write_bytes(practice.read_text(encoding="utf-8").encode("cp1250"))
    problems = validate(data).problems
    (in_yaml,) = (p for p in problems if p.path.endswith("coop-kitchen.yaml"))
    (in_csv,) = (p for p in problems if p.path.endswith("values.csv"))
    same = "the file is not UTF-8 (byte 0x{:02x}): save it "
    assert in_yaml.message.startswith(same.format(0x9E))  # ž in cp1250
    assert in_yaml.message.endswith("save it with UTF-8 encoding")
    assert in_csv.message.startswith(same.format(0xF6))  # ö in Latin-1
    assert in_csv.message.endswith(
        "save it as CSV with UTF-8 encoding (in Excel: Save as → CSV UTF-8)"
    )
    assert (in_yaml.field, in_yaml.line) == ("-", line_of(practice, "title: Zadru"))
    assert (in_csv.field, in_csv.line) == ("-", 3)
