"""The plain functions behind the workshop widgets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from hopelib import load_catalogue, load_session, load_taxonomy
from hopelib.store import open_store
from hopelib.workshop import entries_of, practice_card_html, rate, results, session_banner_html

from .conftest import GOOD
from .factories import EVIL, catalogue_folder, evil_practice
from .text import plain

SESSION = "demo-x"


@pytest.fixture
def store(tmp_path: Path) -> Any:
    with open_store(str(tmp_path / "store.sqlite"), GOOD) as opened:
        yield opened


def test_rate_saves_all_scores_or_none(store: Any) -> None:
    result = rate(
        store, SESSION, "north", "AK", "job-path", {"relevance": 4, "cost_effectiveness": 9}
    )
    assert not result.ok and result.records == []
    assert set(result.errors) == {"cost_effectiveness"}
    assert "0–3" in result.errors["cost_effectiveness"]
    assert store.ratings(SESSION).empty
    result = rate(
        store, SESSION, "north", "AK", "job-path", {"relevance": 4, "cost_effectiveness": ""}
    )
    assert result.ok and [r["criterion"] for r in result.records] == ["relevance"]
    assert len(store.ratings(SESSION)) == 1


@pytest.mark.parametrize(
    ("arguments", "key"),
    [
        ({"participant": ""}, "participant"),
        ({"partner": None}, "partner"),
        ({"practice": None}, "practice"),
        ({"scores": {}}, "scores"),
        ({"scores": {"relevance": "x"}}, "relevance"),
        ({"visibility": "loud"}, "visibility"),
    ],
)
def test_rate_names_the_control_at_fault(store: Any, arguments: dict, key: str) -> None:  # type: ignore[type-arg]
    given = {"partner": "north", "participant": "AK", "practice": "job-path",
             "scores": {"relevance": 3}, "visibility": "shared"} | arguments  # fmt: skip
    result = rate(store, SESSION, **given)
    assert key in result.errors and not result.ok
    assert store.ratings(SESSION).empty


def test_pseudonym_of_another_partner_is_refused(store: Any) -> None:
    assert rate(store, SESSION, "north", "AK", "job-path", {"relevance": 3}).ok
    result = rate(store, SESSION, "south", "ak", "job-path", {"relevance": 3})
    assert (
        "participant" in result.errors
        and "already speaks for north" in result.errors["participant"]
    )


def test_entries_of_a_participant(store: Any) -> None:
    rate(store, SESSION, "north", "AK", "job-path", {"relevance": 2})
    rate(store, SESSION, "north", "AK", "job-path", {"relevance": 5})  # a correction
    store.add_interest(SESSION, "north", "AK", "coop-kitchen", "adapt")
    note = store.add_note(SESSION, "north", "AK", "Remember the budget")
    store.add_note(SESSION, "south", "BO", "Not mine")
    entries = entries_of(store, SESSION, "ak")
    assert sorted(entries["kind"]) == ["interest", "note", "rating"]
    assert entries.set_index("kind").loc["rating", "what"] == "relevance: 5"
    store.withdraw(SESSION, note["id"], "north", "AK")
    assert "note" not in set(entries_of(store, SESSION, "AK")["kind"])
    assert entries_of(store, SESSION, "").empty


def test_results_follow_the_store(store: Any) -> None:
    assert results(store, SESSION)["summary"].empty
    rate(store, SESSION, "north", "AK", "job-path", {"relevance": 4})
    rate(store, SESSION, "south", "BO", "job-path", {"relevance": 2})
    store.add_interest(SESSION, "south", "BO", "job-path", "adopt")
    computed = results(store, SESSION)
    assert computed["summary"].loc[("job-path", "relevance"), "mean"] == 3
    assert computed["ranking"].loc["job-path", "n_raters"] == 2
    assert computed["transfer"].loc[("south", "job-path"), "level"] == "adopt"


def test_session_banner_marks_demo_sessions() -> None:
    session = load_session(SESSION, GOOD)
    banner = session_banner_html(session, "en", "North")
    assert "Fixture workshop" in banner and "11–12 Mar 2025" in plain(banner)
    assert "hope-demo-banner" in banner and "illustrative" in banner
    real = session.model_copy(update={"demo": False, "title": {"en": EVIL}})
    banner = session_banner_html(real, "en")
    assert "hope-demo-banner" not in banner and "<script>" not in banner


def test_practice_card_shows_the_template_escaped(tmp_path: Path) -> None:
    folder = catalogue_folder(tmp_path, [evil_practice()])
    card = practice_card_html(load_catalogue(folder), "evil", load_taxonomy(folder))
    assert "<script>" not in card and "&lt;script&gt;" in card
    for label in ("Summary", "Client · need", "Society · results", "Resources", "Continuity"):
        assert label in card
    good = practice_card_html(load_catalogue(GOOD), "reference-cafe", load_taxonomy(GOOD))
    assert "reference practice" in good and "[fi] Verkostotapaamiset" in good
    assert "not described yet" in good
    assert "Unknown practice" in practice_card_html(
        load_catalogue(GOOD), "nope", load_taxonomy(GOOD)
    )
