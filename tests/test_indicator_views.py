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
    section = north.indicators().replace("\xa0", " ")
    figures = north.indicator_figures()
    # The overview, one trend (job-path), and a comparison for the indicator south reports too.
    assert [f.layout.title.text for f in figures][:2] == [
        "Impact indicators: North",
        "Indicators: Job path",
    ]
    assert len(figures) == 3
    assert section.count('class="plotly-graph-div"') == 3
    # Per participant, latest period: 1500 / 15 = 100, illustrative and said so.
    assert "cost per participant" in section and "100,00 € (illustrative)" in section
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
