"""Chart builders: assertions on ``fig.data`` and ``fig.layout``, never on images."""

from __future__ import annotations

import json
import math
import random
import re
import subprocess
import sys
from pathlib import Path
from typing import get_type_hints

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from hopelib import charts, compare, load_catalogue, load_partners, load_texts
from hopelib.i18n import _, language
from hopelib.indicators import compare_indicator, partner_overview

from .chart_examples import (
    EXAMPLES,
    SCORED,
    TREND,
    ChartData,
    empty_data,
    evil_data,
    good_data,
    indicator_rows,
    wide_data,
)
from .conftest import GOOD
from .factories import EVIL, catalogue_of, evil_practice, interest, rating


def figure_strings(fig: go.Figure) -> list[str]:
    """Every string of a figure's data and layout, as plotly.js receives it (JSON decoded)."""
    found: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(json.loads(fig.to_json()))
    return found


CRITERIA = ["relevance", "cost_effectiveness"]


@pytest.fixture(scope="module")
def good() -> pd.DataFrame:
    return load_catalogue(GOOD)


@pytest.fixture(scope="module")
def partners() -> pd.DataFrame:
    return load_partners(GOOD)


def ratings_for(practices: list[str], raters: int = 2, seed: int = 1) -> pd.DataFrame:
    """Ratings of every practice on relevance only, by north and south participants."""
    rng = random.Random(seed)
    rows = [
        rating(partner, f"{partner}-{k}", practice, "relevance", rng.randint(1, 5))
        for partner in ("north", "south")
        for k in range(raters)
        for practice in practices
    ]
    return pd.DataFrame(rows)


def all_figures(good: pd.DataFrame, partners: pd.DataFrame) -> dict[str, go.Figure]:
    ratings = ratings_for(list(good.index))
    interests = pd.DataFrame(
        [
            interest("north", "n1", "job-path", "adopt"),
            interest("south", "s1", "job-path", "inspire"),
        ]
    )
    titles = good["title"]
    return {
        "coverage": charts.coverage_chart(compare.coverage(good, "themes"), partners=partners),
        "scores": charts.score_heatmap(compare.score_summary(ratings), titles=titles),
        "profile": charts.criterion_profile(
            compare.score_summary(ratings, by_partner=True), "job-path", partners=partners
        ),
        "transfer": charts.transfer_chart(compare.transfer_matrix(interests), partner="north"),
        "ranking": charts.ranking_chart(compare.ranking(ratings), titles=titles),
        "similarity": charts.similarity_chart(
            compare.similarity_matrix(good, texts=load_texts(GOOD)), titles=titles
        ),
        "region": charts.region_chart(compare.region_counts(good), partners=partners),
        "actions": charts.action_status_chart(
            pd.DataFrame({"done": [2, 0], "overdue": [1, 1]}, index=["north", "south"]),
            partners=partners,
        ),
    }


def test_every_chart_is_a_figure_without_cloud_button(
    good: pd.DataFrame, partners: pd.DataFrame
) -> None:
    for name, fig in all_figures(good, partners).items():
        assert isinstance(fig, go.Figure), name
        assert fig.data, name
        assert "sendChartToCloud" in fig.layout.modebar.remove, name
        assert fig.layout.title.text, name


def test_importing_charts_leaves_plotly_alone() -> None:
    code = (
        "import plotly.io as pio, hopelib.charts; "
        "print(bool((pio.renderers['notebook'].config or {}).get('showSendToCloud') is False))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_renderers_and_html_hide_the_cloud_button_and_logo(good: pd.DataFrame) -> None:
    charts.configure_plotly()
    for name in ("plotly_mimetype", "notebook", "notebook_connected", "jupyterlab"):
        config = pio.renderers[name].config
        assert config["displaylogo"] is False and config["showSendToCloud"] is False, name
    html = charts.figure_html(charts.region_chart(compare.region_counts(good)))
    assert re.search(r'"displaylogo":\s*false', html)
    assert re.search(r'"showSendToCloud":\s*false', html)
    assert "mathjax" not in html.lower() and "<script src" not in html


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: charts.score_heatmap(compare.score_summary(None)), "No ratings yet"),
        (lambda: charts.ranking_chart(compare.ranking(None)), "No ratings yet"),
        (
            lambda: charts.criterion_profile(compare.score_summary(None, by_partner=True), "x"),
            "No ratings yet for x",
        ),
        (lambda: charts.transfer_chart(compare.transfer_matrix(None)), "No transfer interest"),
        (lambda: charts.coverage_chart(pd.DataFrame()), "No practices"),
        (lambda: charts.similarity_chart(pd.DataFrame()), "No practices"),
        (
            lambda: charts.region_chart(
                compare.region_counts(pd.DataFrame(columns=["region", "partner"]))
            ),
            "No practices",
        ),
    ],
)
def test_no_data_gives_a_message_not_a_crash(build: object, message: str) -> None:
    fig = build()  # type: ignore[operator]
    assert not fig.data
    assert message in fig.layout.annotations[0].text


def test_score_heatmap_values_and_unscored_criterion(good: pd.DataFrame) -> None:
    rows = [
        rating("north", "a", "job-path", "relevance", 4),
        rating("south", "b", "job-path", "relevance", 2),
        rating("south", "b", "coop-kitchen", "relevance", 5),
    ]
    fig = charts.score_heatmap(
        compare.score_summary(pd.DataFrame(rows)),
        titles=good["title"],
        labels={"relevance": "Relevance"},
        criteria=CRITERIA,
        scales={"relevance": (1, 5), "cost_effectiveness": (1, 5)},
    )
    heatmap = fig.data[0]
    assert list(heatmap.x) == CRITERIA
    assert list(heatmap.y) == ["coop-kitchen", "job-path"]  # best first
    assert heatmap.z[0][0] == 5 and heatmap.z[1][0] == 3
    assert math.isnan(heatmap.z[1][1])  # nobody scored cost-effectiveness: blank, not 0
    assert heatmap.text[1][1] == ""
    assert heatmap.customdata[1][1][2] == "no ratings yet"
    assert heatmap.customdata[1][0][2] == "2 ratings"
    assert list(fig.layout.yaxis.ticktext) == ["Zadružna kuhinja", "Job path"]
    assert (fig.layout.coloraxis.cmin, fig.layout.coloraxis.cmax) == (1, 5)


def test_height_grows_and_long_titles_are_shortened() -> None:
    def figures(n: int) -> tuple[go.Figure, go.Figure]:
        ids = [f"practice-{i:03d}" for i in range(n)]
        titles = {i: f"A very long practice title number {i} that goes on and on" for i in ids}
        ratings = ratings_for(ids, raters=1)
        return (
            charts.ranking_chart(compare.ranking(ratings), titles=titles),
            charts.score_heatmap(compare.score_summary(ratings), titles=titles),
        )

    small, large = figures(15), figures(200)
    for a, b in zip(small, large, strict=True):
        assert b.layout.height > a.layout.height >= 320
        assert b.layout.height >= 200 * 20
    ranking, heatmap = large
    for tick in [*ranking.layout.yaxis.ticktext, *heatmap.layout.yaxis.ticktext]:
        assert len(tick) <= charts.shorten.__defaults__[0] + 6  # rank prefix "=12. "
        assert tick.endswith("…")
    assert any("goes on and on" in c[0] for c in ranking.data[0].customdata)  # full in hover


def test_ranking_chart_shows_ties_and_counts() -> None:
    rows = [
        rating("north", "a", "p1", "relevance", 4),
        rating("south", "b", "p1", "relevance", 4),
        rating("north", "a", "p2", "relevance", 4),
        rating("north", "a", "p3", "relevance", 2),
    ]
    fig = charts.ranking_chart(compare.ranking(pd.DataFrame(rows)))
    assert list(fig.data[0].y) == ["p1", "p2", "p3"]
    assert list(fig.layout.yaxis.ticktext) == ["=1. p1", "=1. p2", "3. p3"]
    assert fig.data[0].text[0] == "4.0 · 2 participants"
    assert fig.data[0].text[1] == "4.0 · 1 participant · one rating only"


def test_criterion_profile_uses_partner_colours(partners: pd.DataFrame) -> None:
    rows = [
        rating("north", "a", "job-path", "relevance", 4),
        rating("south", "b", "job-path", "relevance", 2),
        rating("south", "b", "job-path", "cost_effectiveness", 1),
    ]
    summary = compare.score_summary(pd.DataFrame(rows), by_partner=True)
    fig = charts.criterion_profile(
        summary, "job-path", partner="south", partners=partners, criteria=CRITERIA
    )
    assert [trace.name for trace in fig.data] == ["South", "North"]  # highlighted first
    assert fig.data[0].marker.color == "#445566" and fig.data[1].marker.color == "#112233"
    assert fig.data[0].marker.line.width == 2 and fig.data[1].marker.line.width == 0
    assert list(fig.data[1].x) == CRITERIA
    assert fig.data[1].y[0] == 4 and math.isnan(fig.data[1].y[1])


def test_transfer_chart_highlights_the_partner(partners: pd.DataFrame, good: pd.DataFrame) -> None:
    rows = [
        interest("north", "n1", "job-path", "adopt"),
        interest("north", "n2", "job-path", "adopt"),
        interest("south", "s1", "job-path", "not_now"),
        interest("south", "s1", "coop-kitchen", "adapt"),
    ]
    fig = charts.transfer_chart(
        compare.transfer_matrix(pd.DataFrame(rows)),
        partner="south",
        partners=partners,
        titles=good["title"],
        labels={"adopt": "Adopt", "adapt": "Adapt", "not_now": "Not now"},
    )
    heatmap = fig.data[0]
    assert list(heatmap.y) == ["north", "south"]  # partners.yaml order
    assert list(fig.layout.yaxis.ticktext) == ["North", "▶ South"]
    assert len(fig.layout.shapes) == 1 and fig.layout.shapes[0].y0 == 0.5
    columns = list(heatmap.x)
    assert heatmap.text[0][columns.index("job-path")] == "Adopt (2/2)"
    assert heatmap.text[0][columns.index("coop-kitchen")] == ""  # north did not answer
    assert heatmap.text[1][columns.index("job-path")] == "Not now (1/1)"
    assert heatmap.z[0][columns.index("job-path")] > heatmap.z[1][columns.index("coop-kitchen")]
    assert heatmap.z[1][columns.index("coop-kitchen")] > heatmap.z[1][columns.index("job-path")]


def test_coverage_and_region_charts(good: pd.DataFrame, partners: pd.DataFrame) -> None:
    table = compare.coverage(
        good, "themes", partners=["north", "south"], terms=["employment", "wellbeing"]
    )
    fig = charts.coverage_chart(table, partners=partners, labels={"employment": "Employment"})
    assert fig.data[0].z.tolist() == [[1, 0], [0, 1]]
    assert list(fig.layout.xaxis.ticktext) == ["Employment", "wellbeing"]
    assert list(fig.layout.yaxis.ticktext) == ["North", "South"]
    regions = charts.region_chart(compare.region_counts(good), partners=partners)
    names = [trace.name for trace in regions.data]
    assert names == ["North", "South", "Reference practices"]
    assert [trace.marker.color for trace in regions.data][:2] == ["#112233", "#445566"]
    assert sum(sum(trace.x) for trace in regions.data) == len(good)
    north = compare.region_counts(good, partner="north")  # a filter is the caller's
    assert charts.region_chart(north).data[0].x.tolist() == [1]
    highlighted = charts.region_chart(
        compare.region_counts(good), partner="south", partners=partners
    )
    assert highlighted.data[0].name == "South"  # first, outlined
    assert [trace.marker.line.width for trace in highlighted.data] == [2, 0, 0]


def test_similarity_chart_hides_the_diagonal(good: pd.DataFrame) -> None:
    matrix = compare.similarity_matrix(good, texts=load_texts(GOOD))
    fig = charts.similarity_chart(matrix, titles=good["title"])
    z = fig.data[0].z
    assert all(math.isnan(z[i][i]) for i in range(len(matrix)))
    axis = fig.layout.coloraxis
    assert axis.cmin == 0 and 0 < axis.cmax <= 1


def test_free_text_keys_and_messages_are_escaped(tmp_path: Path) -> None:
    cat, _texts = catalogue_of(tmp_path, [evil_practice("evil"), evil_practice("twin", "south")])
    for fig in (
        charts.coverage_chart(compare.coverage(cat, "region")),  # regions: free text as keys
        charts.message_figure(EVIL, title=EVIL),
    ):
        texts = figure_strings(fig)
        assert not [t for t in texts if "<script" in t.lower()], texts[:5]
        assert any("&lt;script&gt;" in t for t in texts)


def test_figure_text_follows_the_language_locale() -> None:
    rows = [rating("north", "a", "p1", "relevance", 4), rating("north", "b", "p1", "relevance", 3)]
    summary = compare.score_summary(pd.DataFrame(rows))
    fig = charts.score_heatmap(summary, lang="fi")
    assert fig.data[0].text[0][0] == "3,5"
    assert fig.layout.separators.startswith(",")
    assert charts.score_heatmap(summary, lang="en").data[0].text[0][0] == "3.5"


def test_shorten() -> None:
    assert charts.shorten("short") == "short"
    assert charts.shorten("a  b\n c") == "a b c"
    assert charts.shorten("x" * 100, 10) == "x" * 9 + "…"


def test_score_heatmap_colours_by_share_of_each_scale() -> None:
    rows = [
        rating("north", "a", "p1", "relevance", 3),
        rating("north", "a", "p1", "cost_effectiveness", 3),
    ]
    fig = charts.score_heatmap(
        compare.score_summary(pd.DataFrame(rows)),
        criteria=CRITERIA,
        scales={"relevance": (1, 5), "cost_effectiveness": (0, 3)},
    )
    heatmap = fig.data[0]
    assert heatmap.z[0][0] == pytest.approx(0.5) and heatmap.z[0][1] == pytest.approx(1.0)
    assert heatmap.text[0] == ["3.0", "3.0"]  # the text stays the mean
    assert (fig.layout.coloraxis.cmin, fig.layout.coloraxis.cmax) == (0, 1)
    ranked = compare.ranking(
        pd.DataFrame(rows), scales={"relevance": (1, 5), "cost_effectiveness": (0, 3)}
    )
    bars = charts.ranking_chart(ranked)
    assert bars.data[0].x[0] == pytest.approx(75) and bars.data[0].text[0].startswith("75 %")


def test_map_chart_points_colours_sizes_and_filter(partners: pd.DataFrame) -> None:
    from hopelib import load_catalogue as load

    from .conftest import PROJECT

    real = load(PROJECT / "data")
    fig = charts.map_chart(real, partner="maribor", partners=load_partners(PROJECT / "data"))
    located = real.dropna(subset=["location_lat"])
    assert sum(len(trace.lat) for trace in fig.data) == len(located)
    ids = {point[0] for trace in fig.data for point in trace.customdata}
    assert ids == set(located.index)
    colours = {trace.legendgroup: trace.marker.color for trace in fig.data}
    assert colours["seinajoki"] == "#1f5fa8" and colours["maribor"] == "#c8102e"
    assert colours["reference"] == "#8c959f"
    house = next(t for t in fig.data for p in t.customdata if p[0] == "house-of-actions")
    other = next(t for t in fig.data for p in t.customdata if p[0] == "healthy-kids-model")
    sized = dict(zip([p[0] for p in house.customdata], house.marker.size, strict=True))
    plain = dict(zip([p[0] for p in other.customdata], other.marker.size, strict=True))
    assert sized["house-of-actions"] > plain["healthy-kids-model"]  # 100 reached a year
    assert fig.layout.geo.scope == "europe" and fig.layout.geo.resolution == 50
    buttons = fig.layout.updatemenus[0].buttons
    assert buttons[0].label == "All categories" and len(buttons) == 1 + real["category"].nunique()
    assert not fig.layout.annotations  # every practice of the catalogue has a location
    unlocated = real.copy()
    unlocated.loc["sociolab", ["location_lat", "location_lon"]] = None
    subtitle = charts.map_chart(unlocated).layout.annotations[0].text
    assert "1 practice has no location" in subtitle
    assert "sendChartToCloud" in fig.layout.modebar.remove
    assert "window.PlotlyGeoAssets.topojson['europe_50m']" in charts.geo_assets_script()


def test_map_chart_without_locations_and_escaped(tmp_path: Path) -> None:
    assert (
        "No practice has a location" in charts.map_chart(pd.DataFrame()).layout.annotations[0].text
    )
    practice = evil_practice()
    practice["location"] = {"lat": 60.0, "lon": 25.0, "place": EVIL}
    cat, _ = catalogue_of(tmp_path, [practice])
    texts = figure_strings(charts.map_chart(cat))
    assert not [t for t in texts if "<script" in t.lower()]


# ------------------------------------------------------------------ impact indicators


def test_indicator_trend_chart_marks_illustrative_values(
    tmp_path: Path, partners: pd.DataFrame
) -> None:
    frame = indicator_rows(tmp_path, TREND)
    fig = charts.indicator_trend_chart(frame, "job-path", partners=partners)
    names = [trace.name for trace in fig.data]
    assert names == [
        "People taking part",
        "People taking part (illustrative)",
        "Project value",
    ]
    real, made_up, span = fig.data
    assert real.line.dash == "solid" and made_up.line.dash == "dash"
    assert real.marker.symbol == "circle" and made_up.marker.symbol == "circle-open"
    assert {real.line.color, made_up.line.color, span.line.color} == {"#112233"}  # north
    assert list(real.x) == [2021, 2022] and list(made_up.y) == [15, 14]
    assert list(span.x) == [2018, 2021, None] and list(span.y) == [5000, 5000, None]
    assert made_up.customdata[0][2] == "illustrative"
    assert real.customdata[0][:2] == ("2021", "10") or list(real.customdata[0][:2]) == [
        "2021",
        "10",
    ]
    assert real.xaxis == "x" and span.xaxis == "x2"  # one panel per indicator
    texts = [a.text for a in fig.layout.annotations]
    assert "People taking part" in texts and "Project value (€)" in texts
    assert any("illustrative figures, not measurements" in t for t in texts)
    assert fig.layout.title.text == "Indicators: Job path"
    only_real = charts.indicator_trend_chart(frame, "reference-cafe", partners=partners)
    assert only_real.data[0].line.color == "#8c959f"  # no partner: grey
    assert not any("illustrative" in a.text for a in only_real.layout.annotations)
    quarters = frame.assign(period_kind="quarter")  # periods finer than years: dates on x
    assert charts.indicator_trend_chart(quarters, "job-path").layout.xaxis.type == "date"


def test_indicator_comparison_chart_colours_order_and_marks(
    tmp_path: Path, partners: pd.DataFrame
) -> None:
    frame = indicator_rows(tmp_path, TREND)
    fig = charts.indicator_comparison_chart(
        compare_indicator(frame, "participants"), partner="south", partners=partners
    )
    assert [trace.name for trace in fig.data] == ["North", "South", "Reference practices"]
    north, south, reference = fig.data
    assert (north.marker.color, south.marker.color) == ("#112233", "#445566")
    assert reference.marker.color == "#8c959f"
    assert list(fig.layout.yaxis.categoryarray) == ["coop-kitchen", "job-path", "reference-cafe"]
    assert list(north.y) == ["job-path"] and list(north.x) == [14]  # its latest period
    assert list(north.marker.pattern.shape) == ["/"] and list(north.marker.opacity) == [0.55]
    assert list(south.marker.pattern.shape) == [""] and south.marker.line.width == 2
    assert north.marker.line.width == 0
    assert north.text[0] == "14 · 2024 · illustrative" and south.text[0] == "20 · 2023"
    notes = " ".join(a.text for a in fig.layout.annotations)
    assert "illustrative figures" in notes and "periods differ" in notes
    assert "higher is better" in fig.layout.xaxis.title.text
    cost = charts.indicator_comparison_chart(compare_indicator(frame, "cost"), lang="fi")
    assert cost.data[0].text[0].startswith("700") and "€" in cost.data[0].text[0]
    from hopelib.i18n import _, language

    with language("fi"):
        lower = _("lower is better")
    assert lower != "lower is better" and lower in cost.layout.xaxis.title.text
    one_year = charts.indicator_comparison_chart(compare_indicator(frame, "participants", "2022"))
    assert sorted(y for t in one_year.data for y in t.y) == ["job-path", "reference-cafe"]
    assert not any("periods differ" in a.text for a in one_year.layout.annotations)


def test_partner_indicator_overview_chart(tmp_path: Path, partners: pd.DataFrame) -> None:
    frame = indicator_rows(tmp_path, TREND)
    fig = charts.partner_indicator_overview_chart(
        partner_overview(frame, "north"), partners=partners
    )
    heatmap = fig.data[0]
    assert list(heatmap.y) == ["job-path"]
    assert list(heatmap.x) == ["participants", "project_value"]
    assert list(heatmap.z[0]) == [0, 1]  # 15 → 14: worse; a single value: grey
    assert heatmap.text[0][0] == "14* ▼<br>2024"
    assert heatmap.text[0][1] == "€5,000<br>2018/2021"
    assert fig.layout.title.text == "Impact indicators: North"
    notes = " ".join(a.text for a in fig.layout.annotations)
    assert "* illustrative figures" in notes
    south = charts.partner_indicator_overview_chart(
        partner_overview(frame, "south"), partner="south", partners=partners
    )
    cells = dict(zip(south.data[0].x, south.data[0].z[0], strict=True))
    assert cells == {"participants": 1, "cost": 2}  # one period; cost went down: better
    reference = charts.partner_indicator_overview_chart(
        partner_overview(frame, None), partners=partners
    )
    assert reference.data[0].text[0][0] == "5 =<br>2023"
    assert reference.layout.title.text == "Impact indicators: Reference practices"


def test_indicator_charts_without_data_say_so(partners: pd.DataFrame) -> None:
    from hopelib.indicators import INDICATOR_COLUMNS

    empty = pd.DataFrame(columns=INDICATOR_COLUMNS)
    for fig, message in (
        (charts.indicator_trend_chart(empty, "x"), "No indicator values yet for x."),
        (
            charts.indicator_comparison_chart(compare_indicator(empty, "cost"), indicator="cost"),
            "No values yet for cost.",
        ),
        (
            charts.partner_indicator_overview_chart(
                partner_overview(empty, "north"), partner="north", partners=partners
            ),
            "No indicator values yet for the practices of North.",
        ),
    ):
        assert not fig.data
        assert fig.layout.annotations[0].text == message


# ------------------------------------------------------------------ the shared examples table


@pytest.fixture(scope="module")
def chart_data(tmp_path_factory: pytest.TempPathFactory) -> dict[str, ChartData]:
    """The four data sets every example runs on."""
    return {
        "good": good_data(tmp_path_factory.mktemp("good")),
        "evil": evil_data(tmp_path_factory.mktemp("evil")),
        "empty": empty_data(),
        "wide": wide_data(tmp_path_factory.mktemp("wide")),
    }


def _chart_functions() -> set[str]:
    """Every chart of ``charts.__all__``: its public functions that return a figure.

    :func:`~hopelib.charts.message_figure` is not a chart (every chart returns it when
    there is nothing to draw; its text is the caller's), nor is
    :func:`~hopelib.charts.for_phone` (it lays out a chart made by another; tests/test_compact).
    """
    found = set()
    for name in charts.__all__:
        value = getattr(charts, name)
        if callable(value) and get_type_hints(value).get("return") is go.Figure:
            found.add(name)
    return found - {"message_figure", "for_phone"}


def _layout_strings(fig: go.Figure) -> list[str]:
    """The interface strings of a figure: title, axis and legend titles, notes, buttons."""
    layout = json.loads(fig.to_json())["layout"]
    keep = {k: v for k, v in layout.items() if k not in ("template", "separators")}
    found: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(keep)
    return found


def test_the_examples_table_covers_every_chart() -> None:
    assert set(EXAMPLES) == _chart_functions()
    assert set(EXAMPLES) >= SCORED


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_example_draws_and_escapes_data(name: str, chart_data: dict[str, ChartData]) -> None:
    fig = EXAMPLES[name](chart_data["good"], None)
    assert fig.data, name
    assert "sendChartToCloud" in fig.layout.modebar.remove
    evil = EXAMPLES[name](chart_data["evil"], None)
    assert evil.data, name
    texts = figure_strings(evil)
    assert not [t for t in texts if "<script" in t.lower()], texts[:5]
    assert any("&lt;script&gt;" in t for t in texts), name


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_example_without_data_gives_a_message(name: str, chart_data: dict[str, ChartData]) -> None:
    fig = EXAMPLES[name](chart_data["empty"], None)
    assert not fig.data
    assert fig.layout.annotations[0].text


@pytest.mark.parametrize("name", sorted(EXAMPLES))
@pytest.mark.parametrize("lang", ["fi", "sl"])
def test_example_speaks_each_language(
    name: str, lang: str, chart_data: dict[str, ChartData]
) -> None:
    english = EXAMPLES[name](chart_data["good"], "en")
    other = EXAMPLES[name](chart_data["good"], lang)
    assert set(_layout_strings(other)) - set(_layout_strings(english)), name
    title = english.layout.title.text
    with language(lang):
        expected = _(title)
    if expected != title:  # a title that is an interface string is translated
        assert other.layout.title.text == expected
    empty_en = EXAMPLES[name](chart_data["empty"], "en").layout.annotations[0].text
    empty = EXAMPLES[name](chart_data["empty"], lang).layout.annotations[0].text
    assert empty != empty_en, name


def _drawn_values(fig: go.Figure) -> tuple[list[float], float | None]:
    """The values a figure draws and the top of their axis (or colour range)."""
    values: list[float] = []
    top: float | None = None
    for trace in fig.data:
        if trace.type == "heatmap":
            values += [v for row in trace.z for v in row if v is not None and v == v]
            top = fig.layout.coloraxis.cmax
        elif trace.type == "bar":
            horizontal = trace.orientation == "h"
            values += [float(v) for v in (trace.x if horizontal else trace.y) if v == v]
            axis = fig.layout.xaxis if horizontal else fig.layout.yaxis
            top = axis.range[1] if axis.range else None
    return values, top


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_example_on_a_0_10_scale_is_not_clipped(
    name: str, chart_data: dict[str, ChartData]
) -> None:
    fig = EXAMPLES[name](chart_data["wide"], None)
    values, top = _drawn_values(fig)
    if top is not None:
        assert max(values) <= top, name
    if name in SCORED:
        assert 9 in values, name  # the 9 is drawn as a 9 …
        assert top == 10, name  # … on the criterion's own 0–10 scale
