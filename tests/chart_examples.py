"""The shared examples table of the charts: one entry per chart in ``charts.__all__``.

Each entry builds its chart's input from a :class:`ChartData` the way a caller would (a
:mod:`hopelib.compare` or :mod:`hopelib.indicators` function, then the chart), with the
shared keywords. ``tests/test_charts.py`` runs every entry on four data sets: the good
fixture (:func:`good_data`), data full of HTML (:func:`evil_data`), no data
(:func:`empty_data`) and scores on a 0–10 criterion (:func:`wide_data`).

To add a chart: add its entry to :data:`EXAMPLES` (and, if it needs a frame no data set
has yet, a field to :class:`ChartData` filled by each builder).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from hopelib import charts, compare, followup, load_catalogue, load_partners, load_texts
from hopelib.indicators import (
    INDICATOR_COLUMNS,
    compare_indicator,
    load_indicators,
    partner_overview,
)

from .conftest import GOOD
from .factories import (
    EVIL,
    INDICATOR_HEADER,
    catalogue_of,
    evil_practice,
    indicator_folder,
    interest,
    rating,
)

#: Indicator values of the good fixture's practices (real and illustrative).
TREND = (
    "job-path,participants,people,2021,10,Fixture source,,\n"
    "job-path,participants,people,2022,12,Fixture source,,\n"
    "job-path,participants,people,2023,15,Illustrative,made up,true\n"
    "job-path,participants,people,2024,14,Illustrative,made up,true\n"
    "job-path,project_value,eur,2018/2021,5000,Fixture source,,\n"
    "coop-kitchen,participants,people,2023,20,Fixture source,,\n"
    "coop-kitchen,cost,eur,2022,900,Illustrative,made up,true\n"
    "coop-kitchen,cost,eur,2023,700,Illustrative,made up,true\n"
    "reference-cafe,participants,people,2022,5,Fixture source,,\n"
    "reference-cafe,participants,people,2023,5,Fixture source,,\n"
)


@dataclass(frozen=True)
class ChartData:
    """Everything the examples draw from: frames as the loaders and the store give them."""

    catalogue: pd.DataFrame
    partners: pd.DataFrame | None
    ratings: pd.DataFrame
    interests: pd.DataFrame
    indicators: pd.DataFrame
    actions: pd.DataFrame
    texts: pd.DataFrame | None = None
    labels: dict[str, str] = field(default_factory=dict)
    scales: dict[str, tuple[float, float]] = field(default_factory=dict)
    criteria: list[str] = field(default_factory=list)
    practice: str = "job-path"
    indicator: str = "participants"
    partner: str = "north"

    @property
    def titles(self) -> pd.Series | None:
        """Practice id → title (none without a catalogue)."""
        return self.catalogue["title"] if "title" in self.catalogue.columns else None

    @property
    def owners(self) -> pd.Series | None:
        """Practice id → partner id."""
        return self.catalogue["partner"] if "partner" in self.catalogue.columns else None


def indicator_rows(root: Path, text: str, practices: list[dict] | None = None) -> pd.DataFrame:  # type: ignore[type-arg]
    """Load indicator values written as CSV rows (after the header) in a fixture folder."""
    return load_indicators(
        indicator_folder(root, {"values.csv": INDICATOR_HEADER + text}, practices)
    )


def good_data(root: Path) -> ChartData:
    """The good fixture: two partners, a reference practice, scores on 1–5."""
    catalogue = load_catalogue(GOOD).assign(
        location_lat=[46.5, 62.8, float("nan")], location_lon=[15.6, 22.8, float("nan")]
    )
    ratings = pd.DataFrame(
        [
            rating(partner, f"{partner}-{k}", practice, criterion, score)
            for partner, k, score in (("north", 0, 4), ("north", 1, 3), ("south", 0, 2))
            for practice in catalogue.index
            for criterion in ("relevance", "cost_effectiveness")
        ]
    )
    interests = pd.DataFrame(
        [
            interest("north", "n1", "job-path", "adopt"),
            interest("south", "s1", "job-path", "inspire"),
            interest("south", "s1", "coop-kitchen", "adapt"),
        ]
    )
    return ChartData(
        catalogue=catalogue,
        partners=load_partners(GOOD),
        ratings=ratings,
        interests=interests,
        indicators=indicator_rows(root, TREND),
        actions=pd.DataFrame({"done": [2, 0], "overdue": [1, 1]}, index=["north", "south"]),
        texts=load_texts(GOOD),
        labels={"relevance": "Relevance", "adopt": "Adopt", "employment": "Employment"},
        scales={"relevance": (1, 5), "cost_effectiveness": (1, 5)},
        criteria=["relevance", "cost_effectiveness"],
    )


def evil_data(root: Path) -> ChartData:
    """HTML and plotly template syntax in every name, title, label and free text."""
    practices = [evil_practice("evil"), evil_practice("twin", "south")]
    practices[0]["location"] = {"lat": 60.0, "lon": 25.0, "place": EVIL}
    catalogue, texts = catalogue_of(root / "catalogue", practices)
    partners = load_partners(GOOD).assign(short_name=EVIL)
    ratings = pd.DataFrame([rating("north", "a", "evil", "relevance", 3)])
    interests = pd.DataFrame([interest("north", "a", "evil", "adopt")])
    quoted = '"' + EVIL.replace('"', '""') + '"'  # a CSV cell holding EVIL
    values = (
        f"evil,participants,people,2021,3,Test source,{quoted},\n"
        f"evil,participants,people,2022,4,Illustrative,{quoted},true\n"
    )
    indicators = indicator_rows(root / "indicators", values, practices).assign(label=EVIL)
    return ChartData(
        catalogue=catalogue,
        partners=partners,
        ratings=ratings,
        interests=interests,
        indicators=indicators,
        actions=pd.DataFrame({"done": [1]}, index=["north"]),
        texts=texts,
        labels={key: EVIL for key in ("relevance", "adopt", "employment", "done", "collaboration")},
        criteria=["relevance"],
        practice="evil",
    )


def empty_data() -> ChartData:
    """Nothing yet: no practices, ratings, interests, indicator values or actions."""
    return ChartData(
        catalogue=pd.DataFrame(
            columns=[
                "title",
                "partner",
                "region",
                "category",
                "themes",
                "location_lat",
                "location_lon",
            ]
        ),
        partners=None,
        ratings=pd.DataFrame(columns=compare.RATING_COLUMNS),
        interests=pd.DataFrame(columns=compare.INTEREST_COLUMNS),
        indicators=pd.DataFrame(columns=INDICATOR_COLUMNS),
        actions=pd.DataFrame(),
        practice="x",
        indicator="cost",
    )


def wide_data(root: Path) -> ChartData:
    """The good fixture with one criterion scored 0–10: a 9 must show as a 9."""
    good = good_data(root)
    ratings = pd.DataFrame(
        [
            rating("north", "n1", "job-path", "impact", 9),
            rating("south", "s1", "job-path", "impact", 9),
            rating("south", "s1", "coop-kitchen", "impact", 7),
        ]
    )
    return replace(good, ratings=ratings, scales={"impact": (0, 10)}, criteria=["impact"])


Example = Callable[[ChartData, "str | None"], go.Figure]


def _coverage(d: ChartData, lang: str | None) -> go.Figure:
    return charts.coverage_chart(
        compare.coverage(d.catalogue, "themes"),
        partner=d.partner,
        partners=d.partners,
        labels=d.labels,
        lang=lang,
    )


def _scores(d: ChartData, lang: str | None) -> go.Figure:
    return charts.score_heatmap(
        compare.score_summary(d.ratings),
        partner=d.partner,
        owners=d.owners,
        titles=d.titles,
        labels=d.labels,
        criteria=d.criteria,
        scales=d.scales,
        lang=lang,
    )


def _profile(d: ChartData, lang: str | None) -> go.Figure:
    return charts.criterion_profile(
        compare.score_summary(d.ratings, by_partner=True),
        d.practice,
        partner=d.partner,
        partners=d.partners,
        titles=d.titles,
        labels=d.labels,
        criteria=d.criteria,
        scales=d.scales,
        lang=lang,
    )


def _transfer(d: ChartData, lang: str | None) -> go.Figure:
    return charts.transfer_chart(
        compare.transfer_matrix(d.interests),
        partner=d.partner,
        partners=d.partners,
        titles=d.titles,
        labels=d.labels,
        lang=lang,
    )


def _ranking(d: ChartData, lang: str | None) -> go.Figure:
    return charts.ranking_chart(
        compare.ranking(d.ratings, lang=lang),
        partner=d.partner,
        owners=d.owners,
        titles=d.titles,
        scales=d.scales,
        lang=lang,
    )


def _similarity(d: ChartData, lang: str | None) -> go.Figure:
    matrix = (
        compare.similarity_matrix(d.catalogue, texts=d.texts)
        if len(d.catalogue)
        else pd.DataFrame()
    )
    return charts.similarity_chart(
        matrix, partner=d.partner, owners=d.owners, titles=d.titles, lang=lang
    )


def _region(d: ChartData, lang: str | None) -> go.Figure:
    return charts.region_chart(
        compare.region_counts(d.catalogue), partner=d.partner, partners=d.partners, lang=lang
    )


def _map(d: ChartData, lang: str | None) -> go.Figure:
    return charts.map_chart(
        d.catalogue, partner=d.partner, partners=d.partners, labels=d.labels, lang=lang
    )


def _trend(d: ChartData, lang: str | None) -> go.Figure:
    return charts.indicator_trend_chart(
        d.indicators, d.practice, partners=d.partners, titles=d.titles, lang=lang
    )


def _comparison(d: ChartData, lang: str | None) -> go.Figure:
    return charts.indicator_comparison_chart(
        compare_indicator(d.indicators, d.indicator),
        indicator=d.indicator,
        partner=d.partner,
        partners=d.partners,
        titles=d.titles,
        lang=lang,
    )


def _overview(d: ChartData, lang: str | None) -> go.Figure:
    return charts.partner_indicator_overview_chart(
        partner_overview(d.indicators, d.partner),
        partner=d.partner,
        partners=d.partners,
        titles=d.titles,
        lang=lang,
    )


def _actions(d: ChartData, lang: str | None) -> go.Figure:
    from hopelib.i18n import language

    with language(lang):
        labels = {**followup.status_labels(), **{k: v for k, v in d.labels.items() if k == "done"}}
    return charts.action_status_chart(
        d.actions, partner=d.partner, partners=d.partners, labels=labels, lang=lang
    )


#: Chart function name → how to draw it from a :class:`ChartData`.
EXAMPLES: dict[str, Example] = {
    "coverage_chart": _coverage,
    "score_heatmap": _scores,
    "criterion_profile": _profile,
    "transfer_chart": _transfer,
    "ranking_chart": _ranking,
    "similarity_chart": _similarity,
    "region_chart": _region,
    "map_chart": _map,
    "indicator_trend_chart": _trend,
    "indicator_comparison_chart": _comparison,
    "partner_indicator_overview_chart": _overview,
    "action_status_chart": _actions,
}

#: The charts that draw scores: on :func:`wide_data` they must show the 9 of a 0–10 scale.
SCORED = {"score_heatmap", "criterion_profile", "ranking_chart"}
