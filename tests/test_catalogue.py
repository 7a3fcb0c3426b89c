"""Loaders of the data contract on the small fixture folder and edge cases."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from hopelib import (
    completeness,
    load_catalogue,
    load_partners,
    load_practices,
    load_session,
    load_sessions,
    load_taxonomy,
    load_texts,
    template_fields,
)

from .conftest import GOOD


def test_catalogue_rows_and_columns() -> None:
    cat = load_catalogue(GOOD)
    assert list(cat.index) == ["coop-kitchen", "job-path", "reference-cafe"]
    assert cat.index.name == "id"
    job = cat.loc["job-path"]
    assert job["title"] == "Job path"
    assert job["partner"] == "north"
    assert not job["reference"]
    assert job["themes"] == ("employment",)
    assert job["target_groups"] == ("young-people", "long-term-unemployed")
    assert job["client_need"] == "No work experience."
    assert job["resources_cost_eur"] == 330
    assert job["resources_cost_unit"] == "session"
    assert job["n_sources"] == 1
    assert pd.isna(job["client_results"])
    assert cat.loc["reference-cafe", "reference"]


def test_text_in_asked_language_or_own_language_with_marker() -> None:
    fi = load_catalogue(GOOD, lang="fi")
    assert fi.loc["job-path", ["title", "title_lang"]].tolist() == ["Työpolku", "fi"]
    # client_need exists only in English: shown in English, and said so
    assert fi.loc["job-path", ["client_need", "client_need_lang"]].tolist() == [
        "No work experience.",
        "en",
    ]
    # a plain-string practice shows its own language whatever is asked
    en = load_catalogue(GOOD, lang="en")
    assert en.loc["coop-kitchen", ["title", "title_lang"]].tolist() == ["Zadružna kuhinja", "sl"]
    assert en.loc["reference-cafe", "summary_lang"] == "fi"
    assert pd.isna(en.loc["coop-kitchen", "implementation_lang"])


def test_grid_columns_follow_the_taxonomy_perspectives() -> None:
    cat = load_catalogue(GOOD)
    grid = [
        c for c in cat.columns if c.startswith(("client_", "society_")) and not c.endswith("_lang")
    ]
    assert grid == [
        "client_need",
        "client_solution",
        "client_results",
        "society_need",
        "society_solution",
        "society_results",
    ]


def test_empty_catalogue_keeps_its_columns(data_dir: Path) -> None:
    for path in (data_dir / "practices").glob("*.yaml"):
        path.unlink()
    empty = load_catalogue(data_dir)
    assert len(empty) == 0
    assert list(empty.columns) == list(load_catalogue(GOOD).columns)
    assert len(completeness(data_dir)) == 0


def test_hope_data_environment_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOPE_DATA", str(GOOD))
    assert len(load_catalogue()) == 3


def test_texts_long_frame_has_every_language() -> None:
    texts = load_texts(GOOD)
    assert list(texts.columns) == ["practice", "field", "lang", "text"]
    job_title = texts[(texts.practice == "job-path") & (texts.field == "title")]
    assert sorted(job_title["lang"]) == ["en", "fi"]
    coop = texts[texts.practice == "coop-kitchen"]
    assert set(coop["lang"]) == {"sl"}
    assert ("reference-cafe", "transferability", "fi", "Sopii kaikille.") in set(
        texts.itertuples(index=False, name=None)
    )


def test_partners_frame() -> None:
    partners = load_partners(GOOD)
    assert list(partners.index) == ["north", "south"]
    assert partners.loc["south", "locale"] == "sl_SI"
    assert "id" not in partners.columns
    assert partners.loc["north", "colour"] == "#112233"


def test_taxonomy_model() -> None:
    taxonomy = load_taxonomy(GOOD)
    assert taxonomy.ids("criteria") == ["relevance", "cost_effectiveness"]
    assert taxonomy.criterion("cost_effectiveness").scale.points == [0, 1, 2, 3]
    assert taxonomy.label("themes", "wellbeing") == "Wellbeing"
    assert taxonomy.label("themes", "wellbeing", "fi") == "Wellbeing"  # falls back to English
    with pytest.raises(KeyError):
        taxonomy.criterion("beauty")


def test_session_defaults_are_filled() -> None:
    session = load_session("demo-x", GOOD)
    assert session.partners == ["north", "south"]
    assert session.criteria == ["relevance", "cost_effectiveness"]
    assert session.dates == [dt.date(2025, 3, 11), dt.date(2025, 3, 12)]
    assert session.demo


def test_sessions_frame() -> None:
    sessions = load_sessions(GOOD)
    row = sessions.loc["demo-x"]
    assert row["participants"] == 5
    assert row["n_practices"] == 2
    assert row["start"] == dt.date(2025, 3, 11)
    assert bool(row["demo"])


def test_practice_models_by_id() -> None:
    practices = load_practices(GOOD)
    assert practices["job-path"].resources is not None
    assert practices["job-path"].resources.participants_max == 8


def test_completeness_counts_fields_and_translations() -> None:
    table = completeness(GOOD)
    fields = template_fields(load_taxonomy(GOOD))
    job = table.loc["job-path"]
    assert job["total"] == len(fields) == 18
    assert job["filled"] == 8
    assert "client_results" in job["missing"]
    assert "summary" not in job["missing"]
    # job-path's partner speaks Finnish: English-only grid texts lack a Finnish version
    assert job["missing_translations"] == (
        "client_need:fi",
        "client_solution:fi",
        "society_results:fi",
    )
    coop = table.loc["coop-kitchen"]
    assert coop["missing_translations"] == ("title:en", "summary:en")
    assert table.loc["reference-cafe", "missing_translations"] == (
        "title:en",
        "summary:en",
        "transferability:en",
    )
    assert 0 < job["share"] < 1


def test_practice_counts(data_dir: Path) -> None:
    from hopelib import load_data
    from hopelib.catalogue import practice_counts

    counts = practice_counts(load_data(GOOD))
    assert list(counts.columns) == ["North", "South", "reference"]
    assert list(counts.index) == ["Collaboration", "Other", "(uncategorised)", "total"]
    assert counts.loc["total"].tolist() == [1, 1, 1]
    assert counts.loc["(uncategorised)", "South"] == 1

    for path in (data_dir / "practices").glob("*.yaml"):
        path.unlink()
    (data_dir / "sessions" / "demo-x" / "session.yaml").unlink()
    (data_dir / "sessions" / "demo-x").rmdir()
    empty = practice_counts(load_data(data_dir))
    assert list(empty.index) == ["Collaboration", "Other", "total"]
    assert empty.empty or int(empty.to_numpy().sum()) == 0


@pytest.mark.parametrize(("lat", "lon"), [(95, 20), (-91, 0), (60, 181), (60, -200)])
def test_locations_out_of_range_are_named(data_dir: Path, lat: float, lon: float) -> None:
    from hopelib import validate

    path = data_dir / "practices" / "job-path.yaml"
    path.write_text(
        path.read_text(encoding="utf-8") + f"location: {{lat: {lat}, lon: {lon}, place: X}}\n",
        encoding="utf-8",
    )
    problems = validate(data_dir).problems
    assert [p.field for p in problems] == [f"location.{'lat' if abs(lat) > 90 else 'lon'}"]
    assert problems[0].line is not None


def test_locations_reach_the_catalogue(data_dir: Path) -> None:
    path = data_dir / "practices" / "job-path.yaml"
    path.write_text(
        path.read_text(encoding="utf-8") + "location: {lat: 62.79, lon: 22.84, place: Town}\n",
        encoding="utf-8",
    )
    row = load_catalogue(data_dir).loc["job-path"]
    assert (row["location_lat"], row["location_lon"], row["location_place"]) == (
        62.79,
        22.84,
        "Town",
    )
