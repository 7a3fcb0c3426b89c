"""Impact indicators where people see them: the partner report and the notebook's browser."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import pytest

from hopelib.report import PartnerReport
from hopelib.store import open_store

from .factories import INDICATOR_HEADER, indicator_folder
from .test_widgets import find
from .text import plain

EVIL = "<script>alert(1)</script>"
VALUES = (
    "job-path,participants,people,2022,12,Fixture source,,\n"
    "job-path,participants,people,2023,15,Illustrative,made up,true\n"
    "job-path,cost,eur,2022,1200,Fixture source," + EVIL + ",\n"
    "job-path,cost,eur,2023,1500,Illustrative,made up,true\n"
    "coop-kitchen,participants,people,2023,20,Fixture source,,\n"
)


@pytest.fixture
def with_values(tmp_path: Path) -> Path:
    return indicator_folder(tmp_path, {"values.csv": INDICATOR_HEADER + VALUES})


def report(data: Path, partner: str, tmp_path: Path) -> PartnerReport:
    store = open_store(str(tmp_path / "store.sqlite"), data)
    return PartnerReport("demo-x", partner, lang="en", data_dir=data, store=store)


def test_the_report_shows_its_partners_indicators(with_values: Path, tmp_path: Path) -> None:
    north = report(with_values, "north", tmp_path)
    section = plain(north.indicators())
    figures = north.indicator_figures()
    # The overview, one trend (job-path), and a comparison for the indicator south reports too.
    assert [f.layout.title.text for f in figures][:2] == [
        "Impact indicators: North",
        "Indicators: Job path",
    ]
    assert len(figures) == 3
    assert section.count('class="plotly-graph-div"') == 3
    # Per participant, latest period: 1500 / 15 = 100, illustrative and said so.
    assert "cost per participant" in section and "100 € (illustrative)" in section
    # The real figures and their sources; the note's payload is escaped.
    assert "Fixture source" in section and html.escape(EVIL) in section
    assert EVIL not in section
    sources = section[section.index("Where the figures come from") :]
    assert "Fixture source" in sources and "made up" not in sources  # only real figures
    assert "illustrative are made up for the demo" in section


def test_a_partner_without_values_is_told_so(tmp_path: Path) -> None:
    data = indicator_folder(
        tmp_path, {"values.csv": INDICATOR_HEADER + "job-path,cost,eur,2022,1,Fixture source,,\n"}
    )
    south = report(data, "south", tmp_path)
    assert "No indicator values recorded for your practices yet." in south.indicators()
    assert south.indicator_figures() == []


def test_indicator_browser_follows_its_choices(with_values: Path) -> None:
    from hopelib.widgets import indicator_browser

    browser: Any = indicator_browser(str(with_values), "en")
    partner = find(browser, "hope-indicator-partner")[0]
    practice = find(browser, "hope-indicator-practice")[0]
    changes = find(browser, "hope-indicator-changes")[0]
    assert partner.value == "north" and practice.value == "job-path"
    assert "People taking part" in changes.value and "worse" in changes.value  # cost went up
    assert "✓" in changes.value  # the change reaches an illustrative value
    partner.value = "south"
    assert [value for _label, value in practice.options] == ["coop-kitchen"]
    assert "One period only" in changes.value
    outputs = [child for child in browser.children if child.__class__.__name__ == "Output"]
    assert len(outputs) == 3  # overview, trend, comparison (drawn in a kernel)


def test_indicator_browser_without_values(tmp_path: Path) -> None:
    from hopelib.widgets import indicator_browser

    data = indicator_folder(tmp_path, {})
    browser = indicator_browser(str(data), "en")
    assert "No indicator values recorded yet." in browser.children[0].value


def test_figures_come_in_time_order_and_the_report_shows_the_latest(tmp_path: Path) -> None:
    """A period the first indicator lacks (2022, cost from the catalogue) still sorts first."""
    from hopelib import load_catalogue
    from hopelib.indicators import load_indicators, unit_indicator_figures

    data = indicator_folder(
        tmp_path,
        {
            "values.csv": INDICATOR_HEADER
            + "job-path,cost,eur,2024,1000,Fixture source,,\n"
            + "job-path,participants,people,2022,10,Fixture source,,\n"
            + "job-path,participants,people,2024,20,Fixture source,,\n"
        },
    )
    practice = data / "practices" / "job-path.yaml"
    text = practice.read_text(encoding="utf-8")
    practice.write_text(
        text.replace("cost_eur: 330\n  cost_unit: session", "cost_eur: 12000\n  cost_unit: year"),
        encoding="utf-8",
    )
    figures = unit_indicator_figures(load_indicators(data), load_catalogue(data))
    per_participant = figures[figures["figure"] == "cost_per_participant"]
    assert list(per_participant["period"]) == ["2022", "2024"]
    assert list(per_participant["value"]) == [1200.0, 50.0]
    assert list(per_participant["numerator_from"]) == ["catalogue", "indicators"]
    section = plain(report(data, "north", tmp_path).indicators())
    table = section[section.index("Per participant and per euro") :]
    assert "50 €" in table and "1 200 €" not in table  # the latest period only


def test_spans_with_one_start_year_sort_by_their_end(tmp_path: Path) -> None:
    from hopelib.indicators import indicator_changes, load_indicators, partner_overview

    data = indicator_folder(
        tmp_path,
        {
            "values.csv": INDICATOR_HEADER
            + "job-path,participants,people,2015/2020,30,Fixture source,,\n"
            + "job-path,participants,people,2015/2018,10,Fixture source,,\n"
        },
    )
    frame = load_indicators(data)
    assert list(frame["period"]) == ["2015/2018", "2015/2020"]
    change = indicator_changes(frame).iloc[0]
    assert (change["period_from"], change["period_to"], change["change"]) == (
        "2015/2018",
        "2015/2020",
        20.0,
    )
    assert partner_overview(frame, "north").iloc[0]["period"] == "2015/2020"


def test_spreadsheet_leftovers_are_tolerated(tmp_path: Path) -> None:
    """Trailing empty header cells, and the lock file of a sheet open in a spreadsheet."""
    from hopelib.indicators import load_indicators, validate_indicators

    data = indicator_folder(
        tmp_path,
        {
            "values.csv": INDICATOR_HEADER.rstrip("\n")
            + ",,\n"
            + "job-path,participants,people,2022,12,Fixture source,,,,\n",
            "~$values.csv": b"\x00\x01 lock",
        },
    )
    assert validate_indicators(data) == []
    assert list(load_indicators(data)["value"]) == [12.0]


def test_a_free_text_source_is_accepted(tmp_path: Path) -> None:
    from hopelib.indicators import load_indicators

    data = indicator_folder(
        tmp_path,
        {"values.csv": INDICATOR_HEADER + "job-path,cost,eur,2023,900,City annual report,,\n"},
    )
    assert list(load_indicators(data)["source"]) == ["City annual report"]


def test_indicator_browser_shows_reference_practices(tmp_path: Path) -> None:
    from hopelib.widgets import indicator_browser

    data = indicator_folder(
        tmp_path,
        {
            "values.csv": INDICATOR_HEADER
            + "reference-cafe,participants,people,2022,5,Fixture source,,\n"
            + "reference-cafe,participants,people,2023,7,Fixture source,,\n"
        },
    )
    browser: Any = indicator_browser(str(data), "en")
    partner = find(browser, "hope-indicator-partner")[0]
    assert partner.options == (("Reference practices", ""),) and partner.value == ""
    assert find(browser, "hope-indicator-practice")[0].value == "reference-cafe"
    assert "better" in find(browser, "hope-indicator-changes")[0].value


def test_export_checks_the_indicators_first(tmp_path: Path) -> None:
    from hopelib.errors import ExportError
    from hopelib.export import export_session

    data = indicator_folder(
        tmp_path,
        {"values.csv": INDICATOR_HEADER + "job-path,cost,eur,2023,lots,Fixture source,,\n"},
    )
    out = tmp_path / "out"
    with pytest.raises(ExportError) as error:
        export_session("demo-x", data_dir=data, out=out, progress=False)
    assert "values.csv:2: value:" in str(error.value) and "nothing was exported" in str(error.value)
    assert not (out / "demo-x").exists()


def test_a_real_workshops_report_holds_no_illustrative_figure(
    with_values: Path, tmp_path: Path
) -> None:
    session = with_values / "sessions" / "demo-x" / "session.yaml"
    session.write_text(
        session.read_text(encoding="utf-8").replace("demo: true\n", ""), encoding="utf-8"
    )
    north = report(with_values, "north", tmp_path)
    assert not north.session.demo
    section = north.indicators()
    text = plain(section).casefold()
    assert "illustrative" not in text and "made up" not in text
    assert "1 200" in plain(section) or "1,200" in plain(section)  # the real cost still shows
    for figure in north.indicator_figures():
        drawn = figure.to_json().casefold()
        assert "illustrative" not in drawn and "made up" not in drawn
        assert all(
            "2023" not in str(getattr(trace, "x", "")) or trace.name != "Job path"
            for trace in figure.data
        )  # job-path's 2023 values are the illustrative ones


def test_a_demo_sessions_report_keeps_its_illustrative_figures_marked(
    with_values: Path, tmp_path: Path
) -> None:
    section = plain(report(with_values, "north", tmp_path).indicators())
    assert "Figures marked illustrative are made up for the demo workshops" in section
    assert "(illustrative)" in section
