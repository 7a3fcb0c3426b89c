"""The project's own data folder: reference data, the catalogue and the sessions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from hopelib import (
    completeness,
    load_catalogue,
    load_data,
    load_partners,
    load_session,
    load_taxonomy,
    validate,
)

from .conftest import PROJECT

DATA = PROJECT / "data"

#: Seed 000's table (category, region) and seed 001's list: the partnership's 11 practices.
PARTNERSHIP = {
    "house-of-actions": ("seinajoki", "collaboration", "South Ostrobothnia"),
    "students-path-to-entrepreneurship": (
        "seinajoki",
        "social-entrepreneurship",
        "South Ostrobothnia",
    ),
    "inclusive-growth-strategy": ("derry-strabane", "collaboration", "Derry & Strabane"),
    "foyle-community-work-programme": ("derry-strabane", "collaboration", "Derry & Strabane"),
    "work-try-out-workshop": ("seinajoki", "other", "South Ostrobothnia"),
    "cooperative-ladies": ("maribor", "social-entrepreneurship", "Slovenia"),
    "healthy-kids-model": ("seinajoki", "collaboration", "South Ostrobothnia"),
    "healthy-kids-development-platform": ("seinajoki", "collaboration", "South Ostrobothnia"),
    "sociolab": ("maribor", "social-entrepreneurship", "Slovenia"),
    "case-management-employment-services": ("seinajoki", "other", "South Ostrobothnia"),
    "multi-professional-collaboration-seinajoki": ("seinajoki", None, None),
}
REFERENCE = {"pitstoppi", "hankekahvit-kainuu", "common-steps-kouvola"}


def test_data_folder_is_valid() -> None:
    report = validate(DATA)
    assert report.problems == []
    assert report.counts["practices"] == 14


def test_partners() -> None:
    partners = load_partners(DATA)
    assert list(partners.index) == ["seinajoki", "maribor", "derry-strabane", "ernact"]
    assert partners.loc["seinajoki", "role"] == "lead"
    assert partners.loc["ernact", "role"] == "network"
    assert partners["language"].to_dict() == {
        "seinajoki": "fi",
        "maribor": "sl",
        "derry-strabane": "en",
        "ernact": "en",
    }
    assert partners.loc["derry-strabane", "country"] == "GB"
    assert partners["colour"].is_unique


def test_taxonomy_defaults() -> None:
    taxonomy = load_taxonomy(DATA)
    assert taxonomy.ids("categories") == ["collaboration", "social-entrepreneurship", "other"]
    assert taxonomy.ids("perspectives") == ["client", "service", "society"]
    assert taxonomy.ids("criteria") == [
        "relevance",
        "evidence",
        "transferability",
        "sustainability",
        "cost_effectiveness",
        "participation",
    ]
    for criterion in taxonomy.criteria:
        assert (criterion.scale.min, criterion.scale.max) == (1, 5)
        assert criterion.question
    assert taxonomy.ids("transfer_levels") == ["adopt", "adapt", "inspire", "not_now"]
    assert taxonomy.ids("languages") == ["en", "fi", "sl"]


def test_the_fourteen_practices() -> None:
    catalogue = load_catalogue(DATA)
    assert set(catalogue.index) == set(PARTNERSHIP) | REFERENCE
    for practice_id, (partner, category, region) in PARTNERSHIP.items():
        row = catalogue.loc[practice_id]
        assert row["partner"] == partner, practice_id
        if category is not None:
            assert row["category"] == category, practice_id
        if region is not None:
            assert row["region"] == region, practice_id
    assert catalogue.loc[sorted(REFERENCE), "reference"].all()
    assert (catalogue["n_sources"] >= 1).all()


def test_pitstoppi_hard_figures() -> None:
    row = load_catalogue(DATA).loc["pitstoppi"]
    assert row["resources_cost_eur"] == 330
    assert row["resources_cost_unit"] == "session"
    assert row["resources_participants_max"] == 8
    assert row["resources_staff"] == 2
    assert all(isinstance(row[f"{p}_need"], str) for p in ("client", "service", "society"))


def test_kainuu_funding() -> None:
    row = load_catalogue(DATA).loc["hankekahvit-kainuu"]
    assert row["funding_project_code"] == "S20193"
    assert isinstance(row["transferability"], str)


def test_completeness_reports_the_gaps() -> None:
    table = completeness(DATA)
    assert len(table) == 14
    assert (table["filled"] <= table["total"]).all()
    assert "summary" in table.loc["case-management-employment-services", "missing"]


REAL = {
    "2021-05-seinajoki": ("seinajoki", [dt.date(2021, 5, 10), dt.date(2021, 5, 11)], "virtual"),
    "2021-10-maribor": ("maribor", [dt.date(2021, 10, 4), dt.date(2021, 10, 5)], "virtual"),
    "2021-12-derry-strabane": (
        "derry-strabane",
        [dt.date(2021, 12, 8), dt.date(2021, 12, 9)],
        "virtual",
    ),
}


@pytest.mark.parametrize("session_id", list(REAL))
def test_real_workshops(session_id: str) -> None:
    session = load_session(session_id, DATA)
    host, dates, mode = REAL[session_id]
    assert (session.host, session.dates, session.mode) == (host, dates, mode)
    assert not session.demo
    assert session.sources, "a real workshop cites where its facts come from"
    assert session.criteria == [], "never rated in the workbook: no criteria"
    assert session.location is None  # all three were online workshops
    if session_id != "2021-05-seinajoki":  # the news items report attendance as a figure
        assert session.attendance and session.attendance.startswith("over ")
    assert all(s.url and s.url.startswith("https://") for s in session.sources)
    # no invented records: no archived records folder for a real workshop
    assert not (DATA / "sessions" / session_id / "records").exists()


def test_first_workshop_identified_the_eleven_practices() -> None:
    assert set(load_session("2021-05-seinajoki", DATA).practices) == set(PARTNERSHIP)


def test_demo_series() -> None:
    data = load_data(DATA)
    demos = {sid: s for sid, s in data.sessions.items() if s.demo}
    assert sorted(demos) == ["demo-1", "demo-2", "demo-3"]
    assert [demos[s].host for s in sorted(demos)] == ["seinajoki", "maribor", "derry-strabane"]
    assert demos["demo-2"].follows == ["demo-1"]
    assert demos["demo-3"].follows == ["demo-2"]
    for session in demos.values():
        assert "illustrative" in str(session.title)
        assert 2 <= len(session.practices) <= 4
        partners = {data.practices[p].partner for p in session.practices}
        assert len(partners - {None}) >= 2, "a comparison needs practices of several partners"
        # Written in the file when the series was made: today's taxonomy, all of it.
        assert session.criteria == data.taxonomy.ids("criteria")


@pytest.mark.parametrize("session_id", ["demo-1", "demo-2", "demo-3"])
def test_demo_records_are_complete_valid_and_illustrative(session_id: str, tmp_path: Path) -> None:
    from hopelib.store import load_records, open_store

    data = load_data(DATA)
    session = data.sessions[session_id]
    with open_store(str(tmp_path / "demo.sqlite"), DATA) as store:
        load_records(store, DATA / "sessions" / session_id / "records")  # the door's checks
        ratings = store.ratings(session_id)
        people = store.participants(session_id)
        notes = store.notes(session_id)
        actions = store.actions(session_id)
        events = store.action_events(session_id)
        interests = store.interests(session_id)
        assert store.snapshot(session_id)["agenda"] == session.practices
    # As many pseudonymous participants per partner as session.yaml counts; labels, not names.
    assert people.groupby("partner").size().to_dict() == {
        p: n for p, n in session.participants.items() if n
    }
    assert all(any(ch.isdigit() for ch in name) for name in people["pseudonym"])
    # Every participant rated every agenda practice on every criterion.
    expected = len(people) * len(session.practices) * len(session.criteria)
    assert ratings.drop_duplicates(["participant", "practice", "criterion"]).shape[0] == expected
    assert len(ratings) > expected  # with a correction
    assert interests.drop_duplicates(["participant", "practice"]).shape[0] == len(people) * len(
        session.practices
    )
    assert set(notes["visibility"]) == {"shared", "private"}
    assert (events.groupby("action").size() > 1).any()  # status changes
    assert set(actions["status"]) > {"open"}
    texts = [*notes["text"], *actions["text"], *ratings["comment"], *interests["rationale"]]
    assert all(text.startswith("Illustrative") for text in texts if text)


def test_real_sessions_have_no_invented_records() -> None:
    for session_id in ("2021-05-seinajoki", "2021-10-maribor", "2021-12-derry-strabane"):
        assert not (DATA / "sessions" / session_id / "records").exists()


def test_every_practice_has_a_location_and_sociolab_is_approximate() -> None:
    from hopelib import charts, load_partners

    catalogue = load_catalogue(DATA)
    assert catalogue["location_lat"].notna().all(), "every practice is on the map"
    assert bool(catalogue.loc["sociolab", "location_approximate"]) is True
    approximate = {"sociolab", "cooperative-ladies", "hankekahvit-kainuu"}  # region-level sources
    assert not catalogue.drop(index=list(approximate))["location_approximate"].astype(bool).any()
    fig = charts.map_chart(catalogue, partners=load_partners(DATA), lang="en")
    points = sum(len(trace.lat) for trace in fig.data if trace.type == "scattergeo")
    assert points == len(catalogue) == 14
    places = [
        row[4] for trace in fig.data if trace.customdata is not None for row in trace.customdata
    ]
    assert "Maribor (Podravje region) (approximate)" in places
