"""The plain functions behind the workshop widgets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from hopelib import load_catalogue, load_session, load_taxonomy
from hopelib.errors import StoreError
from hopelib.i18n import _, format_date_range, language
from hopelib.store import open_store
from hopelib.workshop import (
    entries_of,
    entry_line,
    practice_card_html,
    rate,
    results,
    session_banner_html,
    withdraw_entry,
)

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
    rate(store, SESSION, "north", "AK", "job-path", {"cost_effectiveness": 2})
    store.add_action(SESSION, "north", "AK", "Call the kitchen", practice="coop-kitchen")
    entries = entries_of(store, SESSION, "ak", criteria={"relevance": "Relevance"})
    assert sorted(entries["kind"]) == ["action", "interest", "note", "rating"]  # one line each
    rating = entries.set_index("kind").loc["rating"]
    assert rating["what"] == "Relevance 5, cost_effectiveness 2" and len(rating["records"]) == 2
    line = entry_line(rating.to_dict() | {"kind": "rating"}, {"job-path": "Job path"})
    assert line == "Rating · Job path · Relevance 5, cost_effectiveness 2"
    store.withdraw(SESSION, note["id"], "north", "AK")
    assert "note" not in set(entries_of(store, SESSION, "AK")["kind"])
    assert withdraw_entry(store, SESSION, rating.to_dict(), "AK").ok  # the whole rating at once
    left = entries_of(store, SESSION, "AK")
    assert "rating" not in set(left["kind"]) and results(store, SESSION)["summary"].empty
    action = left.set_index("kind").loc["action"].to_dict()
    assert withdraw_entry(store, SESSION, action, "AK").ok
    assert store.actions(SESSION).empty  # a withdrawn action is gone from every list
    again = withdraw_entry(store, SESSION, action, "AK")
    assert not again.ok and "already withdrawn" in again.errors["record"]
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


def test_session_banner_dates_follow_the_locale_labels_the_language() -> None:
    session = load_session(SESSION, GOOD)
    first, last = session.dates[0], session.dates[-1]
    finnish_dates = format_date_range(first, last, "fi_FI")
    banner = session_banner_html(session, "en", "North", locale="fi_FI")
    assert finnish_dates in banner and "maaliskuuta" in banner
    assert "Demo session: every record shown here is illustrative" in banner  # still English
    assert "Mar 2025" not in banner
    assert format_date_range(first, last, "en_GB") in session_banner_html(session, "en")
    with language("fi"):
        demo_fi = _("Demo session: every record shown here is illustrative, not real.")
    finnish = session_banner_html(session, "fi")  # the default: the language's own locale
    assert finnish_dates in finnish and demo_fi in finnish and "Demo session" not in finnish


def test_session_banner_escapes_title_and_host() -> None:
    session = load_session(SESSION, GOOD).model_copy(update={"title": {"en": EVIL}})
    banner = session_banner_html(session, "en", 'North "&" <b>Co</b>')
    assert "<script>" not in banner and "<b>" not in banner
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in banner
    assert "North &#34;&amp;&#34; &lt;b&gt;Co&lt;/b&gt;" in banner
    assert banner.startswith('<div class="hope-session"><h3>')


def test_practice_card_escapes_partner_names_and_dashes_blanks(tmp_path: Path) -> None:
    folder = catalogue_folder(tmp_path, [evil_practice()])
    card = practice_card_html(
        load_catalogue(folder), "evil", load_taxonomy(folder), partner_names={"north": EVIL}
    )
    assert "<script>" not in card and '"x"' not in card.replace('style="', "")
    assert card.count("&lt;script&gt;") >= 17  # title, partner, organisation, region, texts
    assert 'class="hope-card-template" style="white-space:pre-line"><tr>' in card
    # A practice without organisation or region shows a dash, never "nan".
    kitchen = practice_card_html(load_catalogue(GOOD), "coop-kitchen", load_taxonomy(GOOD))
    assert "<th>Organisation</th><td>–</td>" in kitchen and "nan" not in kitchen
    assert "<th>Region</th><td>–</td>" in kitchen
    unknown = practice_card_html(load_catalogue(GOOD), "<b>nope</b>", load_taxonomy(GOOD))
    assert unknown == "<p>Unknown practice &lt;b&gt;nope&lt;/b&gt;.</p>"


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


def test_withdrawing_several_records_is_all_or_nothing(store: Any) -> None:
    mine = rate(store, SESSION, "north", "AK", "job-path", {"relevance": 3}).records[0]["id"]
    other = rate(store, SESSION, "south", "BO", "job-path", {"relevance": 4}).records[0]["id"]
    with pytest.raises(StoreError, match="only its own partner can withdraw it"):
        store.withdraw(SESSION, [mine, other], "north", "AK")
    assert store.withdrawals(SESSION).empty  # not even the first one
    store.withdraw(SESSION, [mine], "north", "AK")
    assert list(store.withdrawals(SESSION)["record"]) == [mine]
