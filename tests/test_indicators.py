"""Impact indicators: the project's figures, every kind of bad input, and the helpers."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
import yaml

from hopelib import CatalogueError, load_data, load_practices, load_taxonomy, validate
from hopelib.errors import Problem
from hopelib.indicators import (
    CHANGE_COLUMNS,
    COMPARISON_COLUMNS,
    FIGURE_COLUMNS,
    INDICATOR_COLUMNS,
    OVERVIEW_COLUMNS,
    compare_indicator,
    indicator_changes,
    indicator_frame,
    load_indicators,
    parse_period,
    partner_overview,
    unit_indicator_figures,
    validate_indicators,
)

from .conftest import PROJECT
from .factories import INDICATOR_HEADER, hope, indicator_folder

DATA = PROJECT / "data"
SOURCES = DATA / "indicators" / "from-sources.csv"
DEMO = DATA / "indicators" / "demo-illustrative.csv"


@pytest.fixture(scope="module")
def real() -> pd.DataFrame:
    return load_indicators(DATA)


# ------------------------------------------------------------------ the project's data


def test_the_project_indicators_load(real: pd.DataFrame) -> None:
    assert list(real.columns) == INDICATOR_COLUMNS
    assert validate_indicators(DATA) == []
    assert len(real) == validate(DATA).counts["indicators"] > 0
    assert real["value"].dtype == float and real["illustrative"].dtype == bool
    assert real["period_start"].dtype.kind == "M"
    assert not real.duplicated(["practice", "indicator", "period"]).any()
    # every practice's indicator keeps one period format, so its periods compare
    assert (real.groupby(["practice", "indicator"])["period_kind"].nunique() == 1).all()


def _row(frame: pd.DataFrame, practice: str, indicator: str) -> pd.Series:
    rows = frame[(frame["practice"] == practice) & (frame["indicator"] == indicator)]
    assert len(rows) == 1, (practice, indicator, rows)
    return rows.iloc[0]


def test_pitstoppi_cost_and_group_size_as_the_source_states(real: pd.DataFrame) -> None:
    source = load_practices(DATA)["pitstoppi"].sources[0].title
    for indicator, value, unit in (
        ("cost_per_session", 330, "eur"),
        ("places_per_session", 8, "people"),
        ("session_hours", 3, "hours"),
    ):
        row = _row(real, "pitstoppi", indicator)
        assert (row["value"], row["unit"], row["period"]) == (value, unit, "2019")
        assert row["source"] == source and not row["illustrative"]
        assert pd.isna(row["partner"])  # a reference practice
    assert "2 instructors" in load_practices(DATA)["pitstoppi"].sources[0].note  # type: ignore[operator]


def test_hankekahvit_three_a_year_since_2015_is_one_row(real: pd.DataFrame) -> None:
    meetings = real[real["indicator"] == "meetings_per_year"]
    assert list(meetings["practice"]) == ["hankekahvit-kainuu"]  # no invented yearly rows
    row = meetings.iloc[0]
    assert (row["period"], row["period_kind"], row["value"]) == ("2015/2018", "range", 3)
    assert row["period_start"] == pd.Timestamp("2015-01-01")
    assert "2015" in row["note"] and "three times a year" in row["note"]
    assert not row["illustrative"]


def test_real_rows_cite_a_source_of_their_practice(real: pd.DataFrame) -> None:
    practices = load_practices(DATA)
    stated = real[~real["illustrative"]]
    assert set(stated["file"].map(lambda f: Path(f).name)) == {SOURCES.name}
    assert len(stated) >= 10
    for _, row in stated.iterrows():
        titles = [s.title for s in practices[row["practice"]].sources]
        assert row["source"] in titles, row["practice"]
        assert row["note"], f"{row['practice']} {row['indicator']}: say what the source says"


def test_illustrative_series_are_marked_and_cover_the_demo_agendas(real: pd.DataFrame) -> None:
    made_up = real[real["illustrative"]]
    assert set(made_up["file"].map(lambda f: Path(f).name)) == {DEMO.name}
    assert (made_up["source"] == "Illustrative").all()
    assert made_up["note"].str.startswith("Illustrative").all()
    on_agendas = set()
    for folder in sorted((DATA / "sessions").glob("demo-*")):
        session = yaml.safe_load((folder / "session.yaml").read_text(encoding="utf-8"))
        on_agendas |= set(session["practices"])
    assert on_agendas <= set(made_up["practice"])
    series = made_up.groupby(["practice", "indicator"]).size()
    assert (series >= 3).all()  # a series, not a point
    partners = set(real["partner"].dropna())
    assert {"seinajoki", "maribor", "derry-strabane"} <= partners


def test_indicator_terms_have_three_languages_and_a_direction() -> None:
    taxonomy = load_taxonomy(DATA)
    assert len(taxonomy.indicators) >= 10
    for indicator in taxonomy.indicators:
        assert isinstance(indicator.label, dict) and set(indicator.label) == {"en", "fi", "sl"}
        assert indicator.direction in ("higher", "lower")
    assert taxonomy.indicator("cost").direction == "lower"
    labels = {path for _loc, path, _text in taxonomy.texts()}
    assert "indicators.participants.label" in labels  # translation checks cover them


def test_labels_and_titles_in_the_language_asked() -> None:
    fi = load_indicators(DATA, lang="fi")
    assert _row(fi, "pitstoppi", "cost_per_session")["label"] == "Kustannus kertaa kohden"
    assert _row(fi, "pitstoppi", "cost_per_session")["title"].startswith("Pitstoppi – Hyvin")
    sl = load_indicators(DATA, lang="sl")
    assert _row(sl, "sociolab", "project_value")["label"] == "Vrednost projekta"


def test_data_folder_keeps_the_checked_values() -> None:
    data = load_data(DATA)
    assert len(data.indicators) == len(load_indicators(DATA))
    frame = indicator_frame(data.indicators, data.taxonomy, data.practices, "en")
    assert frame["value"].sum() == pytest.approx(load_indicators(DATA)["value"].sum())


# ------------------------------------------------------------------ periods


@pytest.mark.parametrize(
    ("text", "kind", "start", "end"),
    [
        ("2021", "year", dt.date(2021, 1, 1), dt.date(2021, 12, 31)),
        ("2021-H2", "half", dt.date(2021, 7, 1), dt.date(2021, 12, 31)),
        ("2021-Q1", "quarter", dt.date(2021, 1, 1), dt.date(2021, 3, 31)),
        ("2024-02", "month", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
        ("2021-12", "month", dt.date(2021, 12, 1), dt.date(2021, 12, 31)),
        ("2015/2018", "range", dt.date(2015, 1, 1), dt.date(2018, 12, 31)),
    ],
)
def test_periods(text: str, kind: str, start: dt.date, end: dt.date) -> None:
    period = parse_period(text)
    assert (period.kind, period.start, period.end) == (kind, start, end)


# ------------------------------------------------------------------ bad input


def row(*cells: object) -> str:
    return ",".join(str(c) for c in cells) + "\n"


GOOD_ROW = row("job-path", "participants", "people", 2021, 12, "Fixture source", "", "")
OTHER_ROW = row("coop-kitchen", "participants", "people", 2021, 8, "Fixture source", "", "")


@dataclass
class Bad:
    """A bad indicator file: the one problem it must cause."""

    files: dict[str, str | bytes]
    file: str
    line: int | None
    field: str
    message: str


def one(text: str, line: int, field: str, message: str) -> Bad:
    """A bad row in ``bad.csv`` after the header and a good row."""
    return Bad({"bad.csv": INDICATOR_HEADER + GOOD_ROW + text}, "bad.csv", line, field, message)


BAD = {
    "missing column": Bad(
        {"bad.csv": "practice,indicator,unit,period,value,note\n" + "job-path,cost,eur,2021,1,\n"},
        "bad.csv",
        1,
        "source",
        "required column 'source' is missing",
    ),
    "unknown column": Bad(
        {"bad.csv": INDICATOR_HEADER.replace("note", "note,comment")},
        "bad.csv",
        1,
        "comment",
        "unknown column 'comment'",
    ),
    "column in capitals": Bad(
        {"bad.csv": INDICATOR_HEADER.replace("practice", "Practice")},
        "bad.csv",
        1,
        "Practice",
        "write the column name in lower case: 'practice'",
    ),
    "semicolons": Bad(
        {"bad.csv": INDICATOR_HEADER.replace(",", ";") + GOOD_ROW.replace(",", ";")},
        "bad.csv",
        1,
        "-",
        "the columns are separated by semicolons",
    ),
    "unknown practice": one(
        row("job-pth", "participants", "people", 2022, 1, "Fixture source", "", ""),
        3,
        "practice",
        "unknown practice 'job-pth': did you mean 'job-path'?",
    ),
    "unknown indicator": one(
        row("job-path", "participant", "people", 2022, 1, "Fixture source", "", ""),
        3,
        "indicator",
        "unknown indicator 'participant': did you mean 'participants'?",
    ),
    "unit not the indicator's": one(
        row("job-path", "participants", "persons", 2022, 1, "Fixture source", "", ""),
        3,
        "unit",
        "unit 'persons' is not the unit of 'participants': write 'people'",
    ),
    "empty value": one(
        row("job-path", "participants", "people", 2022, "", "Fixture source", "", ""),
        3,
        "value",
        "value is empty",
    ),
    "not a number": one(
        row("job-path", "participants", "people", 2022, "many", "Fixture source", "", ""),
        3,
        "value",
        "'many' is not a number",
    ),
    "decimal comma": one(
        row("job-path", "participants", "people", 2022, '"1,5"', "Fixture source", "", ""),
        3,
        "value",
        "use a point as the decimal sign ('1.5')",
    ),
    "thousands separator": one(
        row("job-path", "participants", "people", 2022, '"1,234"', "Fixture source", "", ""),
        3,
        "value",
        "write no thousands separators and a point as the decimal sign ('1234' or '1.234', "
        "whichever you mean)",
    ),
    "thousands with spaces": one(
        row("job-path", "participants", "people", 2022, "1 234 567", "Fixture source", "", ""),
        3,
        "value",
        "write no thousands separators and a point as the decimal sign ('1234567')",
    ),
    "NaN": one(
        row("job-path", "participants", "people", 2022, "NaN", "Fixture source", "", ""),
        3,
        "value",
        "'NaN' is not a number: write the measured value, or leave the row out",
    ),
    "infinity": one(
        row("job-path", "participants", "people", 2022, "inf", "Fixture source", "", ""),
        3,
        "value",
        "'inf' is not a number",
    ),
    "too large": one(
        row("job-path", "participants", "people", 2022, "1e999", "Fixture source", "", ""),
        3,
        "value",
        "'1e999' is too large",
    ),
    "unit in the value": one(
        row("job-path", "in_work", "percent", 2022, "30%", "Fixture source", "", ""),
        3,
        "value",
        "write the number only ('30')",
    ),
    "duplicate row": one(
        row("job-path", "participants", "people", 2021, 13, "Fixture source", "", ""),
        3,
        "period",
        "duplicate row: job-path, participants, 2021 is already given at ",
    ),
    "duplicate row in another file": Bad(
        {"a.csv": INDICATOR_HEADER + GOOD_ROW, "b.csv": INDICATOR_HEADER + OTHER_ROW + GOOD_ROW},
        "b.csv",
        3,
        "period",
        "a.csv:2: keep one row per practice, indicator and period",
    ),
    "bad period": one(
        row("job-path", "participants", "people", "2021-Q5", 1, "Fixture source", "", ""),
        3,
        "period",
        "'2021-Q5' is not a period: write a year (2021)",
    ),
    "period in small letters": one(
        row("job-path", "participants", "people", "2021-q3", 1, "Fixture source", "", ""),
        3,
        "period",
        "write it in capitals, '2021-Q3'",
    ),
    "one-digit month": one(
        row("job-path", "participants", "people", "2021-5", 1, "Fixture source", "", ""),
        3,
        "period",
        "write months with two digits, '2021-05'",
    ),
    "span with a dash": one(
        row("job-path", "project_value", "eur", "2015-2018", 1, "Fixture source", "", ""),
        3,
        "period",
        "write a span of years with a slash, '2015/2018'",
    ),
    "span backwards": one(
        row("job-path", "project_value", "eur", "2018/2015", 1, "Fixture source", "", ""),
        3,
        "period",
        "the first year must come before the last",
    ),
    "empty period": one(
        row("job-path", "cost", "eur", "", 1, "Fixture source", "", ""),
        3,
        "period",
        "period is empty: write a year (2021)",
    ),
    "mixed period formats": Bad(
        {
            "a.csv": INDICATOR_HEADER + GOOD_ROW,
            "b.csv": INDICATOR_HEADER
            + row("coop-kitchen", "participants", "people", "2021-Q3", 8, "Fixture source", "", "")
            + row("job-path", "participants", "people", "2021-Q3", 8, "Fixture source", "", ""),
        },
        "b.csv",
        3,
        "period",
        "a.csv:2 gives 'participants' of job-path by years",
    ),
    "bad illustrative": one(
        row("job-path", "participants", "people", 2022, 1, "Fixture source", "", "yes"),
        3,
        "illustrative",
        "'yes' is neither true nor false",
    ),
    "empty source": one(
        row("job-path", "participants", "people", 2022, 1, "", "", ""),
        3,
        "source",
        "source is empty",
    ),
    "illustrative source, real row": one(
        row("job-path", "participants", "people", 2022, 1, "Illustrative", "made up", ""),
        3,
        "illustrative",
        "the source says Illustrative: mark the row illustrative=true",
    ),
    "digits that are not ASCII": one(
        row("job-path", "participants", "people", "２０２２", 1, "Fixture source", "", ""),
        3,
        "period",
        "",
    ),
    "cells missing": one(
        "job-path,participants,people,2022,1\n", 3, "-", "this row has 5 cells but the header"
    ),
    "not UTF-8": Bad(
        {
            "bad.csv": (INDICATOR_HEADER + GOOD_ROW).encode()
            + "job-path,cost,eur,2022,1,Työ,,\n".encode("latin-1")
        },
        "bad.csv",
        3,
        "-",
        "the file is not UTF-8 (byte 0xf6): save it as CSV with UTF-8 encoding",
    ),
    "empty file": Bad({"bad.csv": ""}, "bad.csv", None, "-", "the file is empty"),
    "blank lines only": Bad({"bad.csv": "\n \n,,\n"}, "bad.csv", None, "-", "the file is empty"),
    "a spreadsheet": Bad(
        {"bad.xlsx": b"PK\x03\x04"}, "bad.xlsx", None, "-", "save it as CSV UTF-8"
    ),
}


@pytest.mark.parametrize("name", list(BAD))
def test_bad_input_is_one_clear_problem_and_nothing_loads(tmp_path: Path, name: str) -> None:
    case = BAD[name]
    data = indicator_folder(tmp_path, case.files)
    problems = validate_indicators(data)
    assert len(problems) == 1, problems
    (problem,) = problems
    assert Path(problem.path).name == case.file
    assert Path(problem.path).parent == data / "indicators"
    assert problem.line == case.line
    assert problem.field == case.field
    assert case.message in problem.message, problem.message
    with pytest.raises(CatalogueError) as caught:
        load_indicators(data)
    assert caught.value.problems == problems
    report = validate(data)
    assert problem in report.problems and report.data is None
    assert str(problem) in str(caught.value)


def test_every_problem_of_a_row_is_listed(tmp_path: Path) -> None:
    text = INDICATOR_HEADER + row("nobody", "nothing", "x", "soon", "lots", "", "", "maybe")
    data = indicator_folder(tmp_path, {"bad.csv": text})
    fields = [p.field for p in validate_indicators(data)]
    assert sorted(fields) == ["illustrative", "indicator", "period", "practice", "source", "value"]
    assert {p.line for p in validate_indicators(data)} == {2}


def test_quoted_text_may_span_lines_and_rows_keep_their_own_line(tmp_path: Path) -> None:
    text = (
        INDICATOR_HEADER
        + row("job-path", "participants", "people", 2021, 12, "Fixture source", '"two\nlines"', "")
        + row("job-path", "participants", "people", 2022, "x", "Fixture source", "", "")
    )
    data = indicator_folder(tmp_path, {"bad.csv": text})
    (problem,) = validate_indicators(data)
    assert (problem.line, problem.field) == (4, "value")  # the header is line 1


def test_a_good_folder_loads_with_bom_crlf_and_trailing_empty_cells(tmp_path: Path) -> None:
    text = (
        "\ufeff"
        + INDICATOR_HEADER
        + GOOD_ROW
        + row("coop-kitchen", "cost", "eur", 2021, "1500.5", "Illustrative", "made up", "TRUE")
        + row("reference-cafe", "cost", "eur", 2022, 10, "Fixture source", "", "false")
        + "reference-cafe,participants,people,2022,3,Fixture source,,,,\n"
    ).replace("\n", "\r\n")
    data = indicator_folder(tmp_path, {"values.csv": text})
    assert validate_indicators(data) == []
    frame = load_indicators(data, lang="fi")
    assert len(frame) == 4
    coop = _row(frame, "coop-kitchen", "cost")
    assert coop["value"] == 1500.5 and coop["illustrative"] and coop["partner"] == "south"
    assert coop["label"] == "Kustannukset" and coop["line"] == 3
    assert pd.isna(_row(frame, "reference-cafe", "cost")["partner"])
    assert validate(data).counts["indicators"] == 4


def test_the_illustrative_column_is_optional(tmp_path: Path) -> None:
    header = "practice,indicator,unit,period,value,source,note\n"
    data = indicator_folder(tmp_path, {"values.csv": header + GOOD_ROW.removesuffix(",\n") + "\n"})
    frame = load_indicators(data)
    assert list(frame["illustrative"]) == [False]


def test_without_an_indicators_folder_there_are_none(tmp_path: Path) -> None:
    data = indicator_folder(tmp_path, {})
    (data / "indicators").rmdir()
    frame = load_indicators(data)
    assert frame.empty and list(frame.columns) == INDICATOR_COLUMNS
    report = validate(data)
    assert report.ok and report.counts["indicators"] == 0


def test_one_bad_row_among_good_ones_loads_nothing(tmp_path: Path) -> None:
    text = INDICATOR_HEADER + GOOD_ROW + OTHER_ROW.replace(",8,", ",eight,")
    data = indicator_folder(tmp_path, {"a.csv": INDICATOR_HEADER + GOOD_ROW, "b.csv": text})
    problems = validate_indicators(data)
    # the second file repeats the first's row and has a bad value: both are listed
    assert [(Path(p.path).name, p.line, p.field) for p in problems] == [
        ("b.csv", 2, "period"),
        ("b.csv", 3, "value"),
    ]
    with pytest.raises(CatalogueError):
        load_indicators(data)
    with pytest.raises(CatalogueError):
        load_data(data)


def test_a_broken_practice_is_not_reported_again_by_its_rows(tmp_path: Path) -> None:
    data = indicator_folder(tmp_path, {"a.csv": INDICATOR_HEADER + GOOD_ROW})
    path = data / "practices" / "job-path.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("country: FI", "country: Finland"))
    problems = validate_indicators(data)
    assert [Path(p.path).name for p in problems] == ["job-path.yaml"]


def test_a_broken_taxonomy_is_reported_first(tmp_path: Path) -> None:
    data = indicator_folder(tmp_path, {"a.csv": INDICATOR_HEADER + GOOD_ROW})
    path = data / "taxonomy.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("direction: lower", "direction: less", 1)
    )
    problems = validate_indicators(data)
    assert [(Path(p.path).name, p.field) for p in problems] == [
        ("taxonomy.yaml", "indicators[1].direction")
    ]
    assert validate_indicators(tmp_path / "nowhere")[0].message == (
        "no such data folder: check --data"
    )


def test_duplicate_indicator_ids_in_the_taxonomy(tmp_path: Path) -> None:
    data = indicator_folder(tmp_path, {})
    path = data / "taxonomy.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("id: in_work", "id: cost"))
    (problem,) = validate(data).problems
    assert problem.field == "indicators[2].id" and "duplicate id 'cost'" in problem.message


def test_hope_validate_names_file_line_and_field(tmp_path: Path) -> None:
    text = (
        INDICATOR_HEADER
        + GOOD_ROW
        + row("job-path", "cost", "eur", 2021, "abc", "Fixture source", "", "")
    )
    data = indicator_folder(tmp_path, {"values.csv": text})
    run = hope("validate", "--data", str(data))
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    lines = run.stderr.splitlines()
    assert any(
        line.endswith(
            "indicators/values.csv:3: value: 'abc' is not a number: write digits with a point "
            "as the decimal sign (e.g. 1.5)"
        )
        for line in lines
    ), lines
    assert lines[-1].startswith("1 problem(s) in 1 file(s)")
    good = indicator_folder(tmp_path, {"values.csv": INDICATOR_HEADER + GOOD_ROW})
    run = hope("validate", "--data", str(good))
    assert run.returncode == 0, run.stderr
    assert "indicators: OK (1 value)" in run.stdout.splitlines()


# ------------------------------------------------------------------ helpers


def frame_of(rows: list[tuple[object, ...]]) -> pd.DataFrame:
    """A frame like load_indicators: (practice, partner, indicator, direction, period, value,
    illustrative)."""
    columns = ["practice", "partner", "indicator", "direction", "period", "value", "illustrative"]
    frame = pd.DataFrame(rows, columns=columns)
    frame["unit"] = frame["indicator"].map(
        {
            "participants": "people",
            "cost": "eur",
            "in_work": "percent",
            "places_per_session": "people",
            "cost_per_session": "eur",
            "new_firms": "businesses",
        }
    )
    return frame


PEOPLE = [
    ("a", "north", "participants", "higher", "2023", 120, False),
    ("a", "north", "participants", "higher", "2021", 100, False),  # out of order on purpose
    ("a", "north", "participants", "higher", "2024", 90, True),
    ("a", "north", "cost", "lower", "2021", 1000, False),
    ("a", "north", "cost", "lower", "2023", 800, False),
    ("b", "south", "participants", "higher", "2023", 0, False),
    ("b", "south", "participants", "higher", "2024", 30, False),
    ("b", "south", "cost", "lower", "2023", 500, False),
    ("b", "south", "cost", "lower", "2024", 500, False),
]


def test_changes_between_consecutive_periods_follow_the_direction() -> None:
    changes = indicator_changes(frame_of(PEOPLE))
    assert list(changes.columns) == CHANGE_COLUMNS
    got = {
        (r.practice, r.indicator, r.period_to): (
            r.period_from,
            r.change,
            None if math.isnan(r.change_pct) else round(r.change_pct, 6),
            r.outcome,
            r.illustrative,
        )
        for r in changes.itertuples()
    }
    assert got == {
        ("a", "participants", "2023"): ("2021", 20, 20.0, "better", False),  # a gap: no 2022
        ("a", "participants", "2024"): ("2023", -30, -25.0, "worse", True),
        ("a", "cost", "2023"): ("2021", -200, -20.0, "better", False),  # lower is better
        ("b", "participants", "2024"): ("2023", 30, None, "better", False),  # from zero
        ("b", "cost", "2024"): ("2023", 0, 0.0, "same", False),
    }


def test_changes_without_a_direction_have_no_outcome() -> None:
    frame = frame_of(PEOPLE[:2]).drop(columns=["direction"])
    (outcome,) = indicator_changes(frame)["outcome"]
    assert pd.isna(outcome)


def test_changes_order_periods_by_date_not_text() -> None:
    rows = [
        ("a", "north", "participants", "higher", "2021-Q4", 4, False),
        ("a", "north", "participants", "higher", "2021-Q2", 2, False),
        ("a", "north", "participants", "higher", "2022-Q1", 5, False),
    ]
    changes = indicator_changes(frame_of(rows))
    assert list(zip(changes["period_from"], changes["period_to"], strict=True)) == [
        ("2021-Q2", "2021-Q4"),
        ("2021-Q4", "2022-Q1"),
    ]


def test_unit_figures_from_the_indicator_data() -> None:
    figures = unit_indicator_figures(frame_of(PEOPLE))
    assert list(figures.columns) == FIGURE_COLUMNS
    got = {(r.practice, r.period, r.figure): r.value for r in figures.itertuples()}
    assert got == {
        ("a", "2021", "cost_per_participant"): pytest.approx(10.0),  # 1000 / 100
        ("a", "2021", "participants_per_1000_eur"): pytest.approx(100.0),
        ("a", "2023", "cost_per_participant"): pytest.approx(800 / 120),
        ("a", "2023", "participants_per_1000_eur"): pytest.approx(150.0),
        ("b", "2023", "participants_per_1000_eur"): pytest.approx(0.0),  # 0 people: no cost each
        ("b", "2024", "cost_per_participant"): pytest.approx(500 / 30),
        ("b", "2024", "participants_per_1000_eur"): pytest.approx(60.0),
    }
    assert set(figures["numerator_from"]) == set(figures["denominator_from"]) == {"indicators"}
    assert not figures["illustrative"].any()  # a 2024's illustrative value has no cost beside it


def test_unit_figures_fall_back_on_the_catalogue_and_say_so() -> None:
    catalogue = pd.DataFrame(
        {
            "resources_cost_eur": [330.0, 1000.0],
            "resources_cost_unit": ["session", "year"],
            "resources_participants_max": [8, None],
            "resources_sessions_per_year": [40, None],
            "reach_participants_per_year": [60, 50],
        },
        index=pd.Index(["p", "q"], name="id"),
    )
    rows = [
        ("p", None, "participants", "higher", "2022", 100, True),
        ("p", None, "places_per_session", "higher", "2022", 10, False),
        ("p", None, "participants", "higher", "2023-Q1", 30, False),  # not a year: no fallback
        ("q", None, "cost", "lower", "2022", 2000, False),
        ("q", None, "in_work", "higher", "2023", 40, False),  # no cost input this year
    ]
    figures = unit_indicator_figures(frame_of(rows), catalogue)
    got = {
        (r.practice, r.period, r.figure): (
            round(r.value, 4),
            r.numerator,
            r.numerator_from,
            r.denominator,
            r.denominator_from,
            r.illustrative,
        )
        for r in figures.itertuples()
    }
    assert got == {
        ("p", "2022", "cost_per_participant"): (
            132.0,  # 330 × 40 sessions a year / 100 participants
            "cost_per_year",
            "catalogue",
            "participants",
            "indicators",
            True,
        ),
        ("p", "2022", "participants_per_1000_eur"): (
            round(100 / 13.2, 4),
            "participants",
            "indicators",
            "cost_per_year",
            "catalogue",
            True,
        ),
        ("p", "2022", "cost_per_place_per_session"): (
            33.0,  # the catalogue's session cost over the stated places
            "cost_per_session",
            "catalogue",
            "places_per_session",
            "indicators",
            False,
        ),
        ("q", "2022", "cost_per_participant"): (
            40.0,  # the catalogue's 50 people reached a year
            "cost",
            "indicators",
            "reach_participants_per_year",
            "catalogue",
            False,
        ),
    }


def test_compare_an_indicator_across_partners(real: pd.DataFrame) -> None:
    table = compare_indicator(frame_of(PEOPLE), "cost")
    assert list(table.columns) == COMPARISON_COLUMNS
    assert list(table["practice"]) == ["b", "a"]  # lower cost is better
    assert list(table["period"]) == ["2024", "2023"]  # each one's latest
    assert list(table["rank"]) == [1, 2]
    same_year = compare_indicator(frame_of(PEOPLE), "participants", period="2023")
    assert list(zip(same_year["practice"], same_year["value"], strict=True)) == [
        ("a", 120),
        ("b", 0),
    ]
    assert list(compare_indicator(frame_of(PEOPLE), "participants")["illustrative"]) == [
        True,
        False,
    ]
    ties = frame_of(
        [("x", "n", "in_work", "higher", "2021", 5, False)] * 1
        + [
            ("y", "s", "in_work", "higher", "2021", 5, False),
            ("z", "s", "in_work", "higher", "2021", 1, False),
        ]
    )
    assert list(compare_indicator(ties, "in_work")["rank"]) == [1, 1, 3]
    project = compare_indicator(real, "participants")
    assert {"seinajoki", "maribor", "derry-strabane"} <= set(project["partner"].dropna())
    assert project["rank"].is_monotonic_increasing


def test_partner_overview(real: pd.DataFrame) -> None:
    table = partner_overview(frame_of(PEOPLE), "north")
    assert list(table.columns) == OVERVIEW_COLUMNS
    got = {
        r.indicator: (
            r.period,
            r.value,
            r.previous_period,
            r.change,
            r.outcome,
            r.n_periods,
            r.illustrative,
        )
        for r in table.itertuples()
    }
    assert got == {
        "participants": ("2024", 90, "2023", -30, "worse", 3, True),
        "cost": ("2023", 800, "2021", -200, "better", 2, False),
    }
    reference = partner_overview(real, None)
    assert set(reference["practice"]) == {"pitstoppi", "hankekahvit-kainuu"}
    single = reference[reference["indicator"] == "cost_per_session"].iloc[0]
    assert pd.isna(single["outcome"]) and math.isnan(single["previous_value"])
    assert single["n_periods"] == 1
    assert partner_overview(frame_of(PEOPLE), "nobody").empty


@pytest.mark.parametrize("empty", [None, pd.DataFrame(), pd.DataFrame(columns=INDICATOR_COLUMNS)])
def test_empty_input_gives_empty_frames_with_the_columns(empty: pd.DataFrame | None) -> None:
    assert list(indicator_changes(empty).columns) == CHANGE_COLUMNS
    assert list(unit_indicator_figures(empty).columns) == FIGURE_COLUMNS
    assert list(compare_indicator(empty, "cost").columns) == COMPARISON_COLUMNS
    assert list(partner_overview(empty, "north").columns) == OVERVIEW_COLUMNS
    for table in (
        indicator_changes(empty),
        unit_indicator_figures(empty),
        compare_indicator(empty, "cost"),
        partner_overview(empty, "north"),
    ):
        assert table.empty


def test_helpers_name_missing_columns() -> None:
    with pytest.raises(ValueError, match="no column value"):
        indicator_changes(pd.DataFrame({"practice": ["a"], "indicator": ["x"], "period": ["2021"]}))


def test_problem_is_shown_as_path_line_field_message() -> None:
    assert str(Problem("data/indicators/x.csv", 3, "value", "bad")) == (
        "data/indicators/x.csv:3: value: bad"
    )


def test_hand_made_frames_and_year_zero() -> None:
    """Helpers take hand-made frames ("false" as text is false); there is no year 0."""
    frame = pd.DataFrame(
        {
            "practice": ["a", "a", "a"],
            "indicator": ["x", "x", "x"],
            "period": ["2020", "2021", "2022"],
            "value": [1, 2, 4],
            "illustrative": ["false", None, "true"],
        }
    )
    changes = indicator_changes(frame)
    assert list(changes["illustrative"]) == [False, True]
    assert list(changes["change"]) == [1.0, 2.0]
    with pytest.raises(ValueError, match="there is no year 0"):
        parse_period("0000")
