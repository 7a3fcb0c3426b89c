"""The participant's plain functions and closing a session (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from hopelib import load_catalogue, load_partners, load_session, load_taxonomy
from hopelib.cli import main
from hopelib.errors import StoreError
from hopelib.participant import (
    join,
    result_figures,
    save_practice,
    visit_entries,
    withdraw_entry,
)
from hopelib.store import Store, open_store

from .conftest import PROJECT

DATA = PROJECT / "data"
SESSION = "demo-1"


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with open_store(store_url, DATA) as opened:
        yield opened


def _agenda(store: Store) -> list[str]:
    return list(store.session(SESSION).practices)


def test_close_and_reopen_are_dated_events(store: Store) -> None:
    assert not store.is_closed(SESSION)
    before = store.results_version(SESSION)
    closed = store.close_session(SESSION, by="Facilitator")
    assert store.is_closed(SESSION) and closed["event"] == "closed"
    with pytest.raises(StoreError, match="already closed"):
        store.close_session(SESSION)
    store.reopen_session(SESSION)
    assert not store.is_closed(SESSION)
    with pytest.raises(StoreError, match="nothing to reopen"):
        store.reopen_session(SESSION)
    events = store.session_events(SESSION)
    assert list(events["event"]) == ["closed", "reopened"]
    assert events["created_at"].is_monotonic_increasing
    assert store.results_version(SESSION) != before  # the pages notice the change
    with pytest.raises(StoreError, match="unknown session"):
        store.close_session("no-such-session")


def test_a_closed_session_takes_nothing_from_participants_but_the_console_still_writes(
    store: Store,
) -> None:
    practice = _agenda(store)[0]
    visit = join(store, SESSION, "maribor", "Ana")
    store.close_session(SESSION)
    result = save_practice(visit, practice, {"relevance": 4})
    assert not result.ok and "closed" in result.errors["session"]
    assert store.ratings(SESSION).empty
    with pytest.raises(StoreError, match="closed") as refused:
        join(store, SESSION, "maribor", "Ben")
    assert refused.value.field == "session"
    store.add_rating(SESSION, "seinajoki", "FAC", practice, "relevance", 3)  # the console
    assert len(store.ratings(SESSION)) == 1


def test_join_checks_partner_and_pseudonym(store: Store) -> None:
    with pytest.raises(StoreError) as no_partner:
        join(store, SESSION, "", "Ana")
    assert no_partner.value.field == "partner"
    with pytest.raises(StoreError) as empty:
        join(store, SESSION, "maribor", "   ")
    assert empty.value.field == "participant"
    first = join(store, SESSION, "maribor", "Ana")
    save_practice(first, _agenda(store)[0], {"relevance": 4})
    with pytest.raises(StoreError, match="another partner") as taken:
        join(store, SESSION, "seinajoki", "ana")  # the same pseudonym, folded
    assert taken.value.field == "participant"
    assert join(store, SESSION, "maribor", "ANA").partner == "maribor"  # the same person again


def test_save_writes_scores_interest_and_comment_or_nothing(store: Store) -> None:
    practice = _agenda(store)[0]
    visit = join(store, SESSION, "derry-strabane", "Cat")
    nothing = save_practice(visit, practice, {})
    assert not nothing.ok and set(nothing.errors) == {"scores"}
    bad = save_practice(visit, practice, {"relevance": 99, "evidence": 3})
    assert not bad.ok and "relevance" in bad.errors
    wrong_level = save_practice(visit, practice, {"relevance": 3}, interest="maybe")
    assert not wrong_level.ok and set(wrong_level.errors) == {"interest"}
    assert store.ratings(SESSION).empty and store.interests(SESSION).empty

    saved = save_practice(
        visit, practice, {"relevance": 4, "evidence": 2}, "adapt", "Useful here", "private"
    )
    assert saved.ok and len(saved.records) == 3
    ratings = store.ratings(SESSION)
    assert sorted(ratings["score"]) == [2, 4]
    assert set(ratings["comment"]) == {"Useful here"}
    assert set(ratings["visibility"]) == {"private"}
    assert list(store.interests(SESSION)["level"]) == ["adapt"]
    note_only = save_practice(visit, _agenda(store)[1], {}, comment="Ask us about it")
    assert note_only.ok and list(store.notes(SESSION)["text"]) == ["Ask us about it"]


def test_my_entries_one_line_per_save_and_withdraw_only_this_visit(store: Store) -> None:
    first, second = _agenda(store)[:2]
    visit = join(store, SESSION, "maribor", "Dan")
    save_practice(visit, first, {"relevance": 5, "evidence": 4}, "adopt")
    save_practice(visit, second, {"relevance": 2})
    titles = {first: "First <b>practice</b>", second: "Second"}
    entries = visit_entries(visit, titles=titles, criteria={"relevance": "Relevance"})
    assert list(entries["practice"]) == ["Second", "First <b>practice</b>"]  # newest first
    assert "Relevance 5" in entries["what"].iloc[1]

    withdrawn = withdraw_entry(visit, int(entries["entry"].iloc[1]))  # the whole first save
    assert withdrawn.practice == first
    assert len(store.withdrawals(SESSION)) == 3  # two scores and the interest
    assert list(visit_entries(visit)["practice"]) == [second]
    with pytest.raises(StoreError) as again:
        withdraw_entry(visit, int(entries["entry"].iloc[1]))
    assert again.value.field == "entry"

    later = join(store, SESSION, "maribor", "Dan")  # a reload: a new visit, nothing of its own
    assert visit_entries(later).empty
    with pytest.raises(StoreError, match="on this page"):
        withdraw_entry(later, 1)


def test_results_carry_no_private_text(store: Store) -> None:
    practice = _agenda(store)[0]
    visit = join(store, SESSION, "maribor", "Eve")
    save_practice(visit, practice, {"relevance": 4}, "adopt", "SECRET-NOTE", "private")
    session = load_session(SESSION, DATA)
    figures = result_figures(
        store,
        session,
        catalogue=load_catalogue(DATA),
        taxonomy=load_taxonomy(DATA),
        partners=load_partners(DATA),
        lang="fi",
    )
    assert set(figures) == {"scores", "ranking", "transfer"}
    assert all("SECRET-NOTE" not in figure.to_json() for figure in figures.values())
    ranking = figures["ranking"].to_json()
    assert "vain yksi arvio" in ranking and "one rating only" not in ranking  # all in Finnish


def test_cli_close_and_reopen(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = str(tmp_path / "store.sqlite")
    assert main(["session", "close", SESSION, "--store", store]) == 0
    assert f"{SESSION}: closed at" in capsys.readouterr().out
    assert main(["session", "close", SESSION, "--store", store]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "already closed" in err and "Traceback" not in err
    assert main(["session", "reopen", SESSION, "--store", store]) == 0
    with open_store(store, DATA) as opened:
        assert opened.is_closed(SESSION) is False
    assert main(["session", "reopen", "nope", "--store", store]) == 1
    assert "unknown session" in capsys.readouterr().err


def test_withdraw_is_all_or_nothing_and_refused_once_closed(store: Store) -> None:
    practice = _agenda(store)[0]
    visit = join(store, SESSION, "maribor", "Fay")
    saved = save_practice(visit, practice, {"relevance": 4, "evidence": 3})
    first = str(saved.records[0]["id"])
    store.withdraw(SESSION, first, "maribor", "Fay")  # the facilitator took back one part
    with pytest.raises(StoreError, match="already withdrawn") as partial:
        withdraw_entry(visit, 0)
    assert partial.value.field == "entry" and len(store.withdrawals(SESSION)) == 1  # no half
    second = join(store, SESSION, "maribor", "Fay")
    save_practice(second, practice, {"relevance": 2})
    store.close_session(SESSION)
    with pytest.raises(StoreError, match="closed"):
        withdraw_entry(second, 0)
    assert len(store.withdrawals(SESSION)) == 1


def test_a_pseudonym_the_store_would_refuse_is_refused_at_join(store: Store) -> None:
    with pytest.raises(StoreError, match="shorter") as long_name:
        join(store, SESSION, "maribor", "x" * 150)
    assert long_name.value.field == "participant"


@pytest.mark.parametrize(
    ("lang", "pasted", "words"),
    [
        ("fi", "Hyvä\x0cidea", "sivunvaihto"),  # a page break pasted from a PDF
        ("sl", "Dobra\x0bideja", "prelom strani"),
        ("en", "x" * 20_001, "longer than 20,000 characters"),
        ("fi", "x" * 20_001, "20\N{NO-BREAK SPACE}000"),  # the number as Finns write it
    ],
)
def test_a_comment_the_store_would_refuse_is_said_in_the_pages_language(
    store: Store, lang: str, pasted: str, words: str
) -> None:
    from hopelib.i18n import language

    visit = join(store, SESSION, "maribor", "Ana")
    with language(lang):
        result = save_practice(visit, _agenda(store)[0], {"relevance": 3}, comment=pasted)
    assert set(result.errors) == {"comment"}
    assert words in result.errors["comment"]
    assert store.ratings(SESSION).empty and visit.entries == []  # nothing saved
