"""The session store, on SQLite and on a real PostgreSQL server started by the tests."""

from __future__ import annotations

import csv
import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import sqlalchemy as sa

from hopelib import compare
from hopelib.errors import StoreError
from hopelib.store import (
    SCHEMA_VERSION,
    Store,
    archive_session,
    load_records,
    normalise_pseudonym,
    open_store,
)
from hopelib.store.schema import metadata

from .conftest import GOOD, PROJECT

SESSION = "demo-x"


@pytest.fixture
def store(store_url: str) -> Any:
    with open_store(store_url, GOOD) as opened:
        yield opened


def count_rows(store: Store) -> dict[str, int]:
    with store.engine.connect() as connection:
        return {
            name: connection.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
            for name, table in metadata.tables.items()
        }


# ------------------------------------------------------------------ writing and reading


def test_ratings_are_written_and_read_back(store: Store) -> None:
    saved = store.add_rating(SESSION, "north", "Ána K", "job-path", "relevance", 4, "Useful")
    assert saved["score"] == 4 and saved["participant"] == "ana k"
    assert len(saved["id"]) == 36 and saved["seq"] >= 1
    frame = store.ratings(SESSION)
    assert list(frame.columns[:6]) == [
        "seq",
        "id",
        "created_at",
        "session",
        "partner",
        "participant",
    ]
    row = frame.iloc[0]
    assert (row["practice"], row["criterion"], row["score"], row["comment"]) == (
        "job-path",
        "relevance",
        4,
        "Useful",
    )
    assert str(row["created_at"].tz) == "UTC"
    assert store.ratings("other-session").empty


def test_pseudonyms_are_folded_and_kept_to_one_partner(store: Store) -> None:
    store.add_rating(SESSION, "north", "Ána K", "job-path", "relevance", 4)
    store.add_rating(SESSION, "north", "  ANA   k ", "job-path", "relevance", 5)
    participants = store.participants(SESSION)
    assert list(participants["participant"]) == ["ana k"]
    assert list(participants["pseudonym"]) == ["Ána K"]
    before = count_rows(store)
    with pytest.raises(StoreError, match="already speaks for north") as caught:
        store.add_rating(SESSION, "south", "ana k", "job-path", "relevance", 3)
    assert caught.value.field == "participant"
    assert count_rows(store) == before
    assert normalise_pseudonym("Jöns  K") == "jons k"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"session": "no-such-session"}, "session"),
        ({"partner": "west"}, "partner"),
        ({"practice": "no-such-practice"}, "practice"),
        ({"practice": ""}, "practice"),
        ({"criterion": "beauty"}, "criterion"),
        ({"score": 6}, "score"),
        ({"score": 0}, "score"),
        ({"score": 2.5}, "score"),
        ({"score": "4"}, "score"),
        ({"score": True}, "score"),
        ({"visibility": "public"}, "visibility"),
        ({"participant": "   "}, "participant"),
        ({"participant": None}, "participant"),
        ({"comment": 12}, "comment"),
    ],
)
def test_bad_ratings_are_refused_and_nothing_is_written(
    store: Store, change: dict[str, Any], field: str
) -> None:
    arguments = {
        "session": SESSION,
        "partner": "north",
        "participant": "AK",
        "practice": "job-path",
        "criterion": "relevance",
        "score": 3,
    } | change
    with pytest.raises(StoreError) as caught:
        store.add_rating(**arguments)
    assert caught.value.field == field
    assert str(caught.value).startswith(f"{field}: ")
    assert sum(count_rows(store).values()) == 0


def test_scales_come_from_the_taxonomy(store: Store) -> None:
    # cost_effectiveness runs from 0 to 3 in the fixture taxonomy.
    store.add_rating(SESSION, "north", "AK", "job-path", "cost_effectiveness", 0)
    with pytest.raises(StoreError, match=r"outside the scale of cost_effectiveness \(0–3\)"):
        store.add_rating(SESSION, "north", "AK", "job-path", "cost_effectiveness", 4)


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda s: s.add_interest(SESSION, "north", "AK", "job-path", "steal"), "level"),
        (
            lambda s: s.add_interest(SESSION, "north", "AK", "job-path", "adopt", "", "x"),
            "visibility",
        ),
        (lambda s: s.add_note(SESSION, "north", "AK", "   "), "text"),
        (lambda s: s.add_note(SESSION, "north", "AK", "Hi", practice="nope"), "practice"),
        (lambda s: s.add_action(SESSION, "north", "AK", ""), "text"),
        (lambda s: s.add_action(SESSION, "north", "AK", "Call", due="next week"), "due"),
        (lambda s: s.set_action_status(SESSION, "no-such-action", "done", "north", "AK"), "action"),
        (lambda s: s.withdraw(SESSION, "no-such-record", "north", "AK"), "record"),
    ],
)
def test_other_bad_input_is_refused(store: Store, call: Any, field: str) -> None:
    with pytest.raises(StoreError) as caught:
        call(store)
    assert caught.value.field == field
    assert sum(count_rows(store).values()) == 0


def test_status_must_be_known(store: Store) -> None:
    action = store.add_action(SESSION, "north", "AK", "Call the city", "Ana", "2025-06-30")
    before = count_rows(store)
    with pytest.raises(StoreError) as caught:
        store.set_action_status(SESSION, action["id"], "finished", "north", "AK")
    assert caught.value.field == "status"
    assert count_rows(store) == before


def test_history_corrections_and_withdrawals(store: Store) -> None:
    first = store.add_rating(SESSION, "north", "AK", "job-path", "relevance", 2)
    second = store.add_rating(SESSION, "north", "AK", "job-path", "relevance", 5)
    store.add_rating(SESSION, "south", "BO", "job-path", "relevance", 3)
    assert second["seq"] > first["seq"]
    ratings = store.ratings(SESSION)
    assert len(ratings) == 3  # nothing overwritten
    summary = compare.score_summary(ratings, store.withdrawals(SESSION))
    assert summary.loc[("job-path", "relevance"), "mean"] == 4  # latest by seq counts
    store.withdraw(SESSION, second["id"], "north", "AK", "changed my mind")
    withdrawals = store.withdrawals(SESSION)
    assert list(withdrawals["record"]) == [second["id"]]
    summary = compare.score_summary(store.ratings(SESSION), withdrawals)
    assert summary.loc[("job-path", "relevance"), "n"] == 1
    with pytest.raises(StoreError, match="already withdrawn"):
        store.withdraw(SESSION, second["id"], "north", "AK")
    assert len(store.ratings(SESSION)) == 3


def test_interests_feed_the_transfer_matrix(store: Store) -> None:
    store.add_interest(SESSION, "north", "AK", "coop-kitchen", "adopt", "Fits our plan")
    store.add_interest(SESSION, "north", "JM", "coop-kitchen", "inspire")
    store.add_interest(SESSION, "north", "JM", "coop-kitchen", "adapt")  # a change of mind
    matrix = compare.transfer_matrix(store.interests(SESSION), store.withdrawals(SESSION))
    row = matrix.loc[("north", "coop-kitchen")]
    assert (row["level"], row["n_participants"]) == ("adopt", 2)


def test_private_text_stays_with_its_partner(store: Store) -> None:
    store.add_note(SESSION, "north", "AK", "Shared thought")
    store.add_note(SESSION, "north", "AK", "North only", visibility="private")
    store.add_note(SESSION, "south", "BO", "South only", "coop-kitchen", "private")
    withdrawn = store.add_note(SESSION, "south", "BO", "Oops")
    store.withdraw(SESSION, withdrawn["id"], "south", "BO")
    assert set(store.notes(SESSION)["text"]) == {"Shared thought", "North only", "South only"}
    assert set(store.notes(SESSION, partner="north")["text"]) == {"Shared thought", "North only"}
    assert set(store.notes(SESSION, partner="south")["text"]) == {"Shared thought", "South only"}
    store.add_rating(SESSION, "south", "BO", "job-path", "relevance", 2, "Too costly", "private")
    assert list(store.ratings(SESSION, partner="north")["comment"]) == [""]
    assert list(store.ratings(SESSION, partner="south")["comment"]) == ["Too costly"]
    store.add_interest(SESSION, "south", "BO", "job-path", "inspire", "Budget", "private")
    assert list(store.interests(SESSION, partner="north")["rationale"]) == [""]


def test_actions_and_their_status_history(store: Store) -> None:
    action = store.add_action(
        SESSION, "north", "AK", "Visit South", "Ana", "2025-06-30", "coop-kitchen"
    )
    store.add_action(SESSION, "south", "BO", "Send the toolkit", "Bor")
    store.set_action_status(SESSION, action["id"], "doing", "north", "JM")
    store.set_action_status(SESSION, action["id"], "done", "north", "AK")
    events = store.action_events(SESSION)
    mine = events[events["action"] == action["id"]]
    assert list(mine["status"]) == ["open", "doing", "done"]
    assert list(mine["by"]) == ["AK", "JM", "AK"]
    actions = store.actions(SESSION).set_index("text")
    assert actions.loc["Visit South", "status"] == "done"
    assert actions.loc["Visit South", "status_by"] == "AK"
    assert actions.loc["Visit South", "due"].isoformat() == "2025-06-30"
    assert actions.loc["Send the toolkit", "status"] == "open"
    north_view = store.actions(SESSION, partner="north").set_index("text")
    assert north_view.loc["Visit South", "owner"] == "Ana"
    assert north_view.loc["Send the toolkit", "owner"] == ""  # another partner's owner


def test_snapshot_on_first_write_and_changed_practices(store_url: str, data_dir: Path) -> None:
    with open_store(store_url, data_dir) as store:
        assert store.snapshot(SESSION) is None
        store.add_rating(SESSION, "north", "AK", "job-path", "relevance", 4)
        store.add_rating(SESSION, "north", "AK", "job-path", "relevance", 5)
        snapshot = store.snapshot(SESSION)
        assert snapshot is not None
        assert snapshot["agenda"] == ["job-path", "coop-kitchen"]
        assert [c["id"] for c in snapshot["criteria"]] == ["relevance", "cost_effectiveness"]
        assert snapshot["criteria"][0]["max"] == 5 and snapshot["criteria"][1]["max"] == 3
        assert set(snapshot["practice_hashes"]) == {"job-path", "coop-kitchen"}
        assert len(snapshot["catalogue_hash"]) == 64
        assert store.changed_practices(SESSION) == []
        path = data_dir / "practices" / "job-path.yaml"
        path.write_text(path.read_text(encoding="utf-8") + "status: active\n", encoding="utf-8")
        assert store.changed_practices(SESSION) == ["job-path"]
        with store.engine.connect() as connection:
            count = connection.execute(sa.text("SELECT count(*) FROM snapshots")).scalar_one()
        assert count == 1


def test_changed_criteria_are_read_back_from_the_snapshot(store_url: str, data_dir: Path) -> None:
    with open_store(store_url, data_dir) as store:
        assert store.changed_criteria(SESSION) == []  # nothing rated yet
        store.add_rating(SESSION, "north", "AK", "job-path", "relevance", 4)
        assert store.changed_criteria(SESSION) == []
    taxonomy = data_dir / "taxonomy.yaml"
    text = taxonomy.read_text(encoding="utf-8")
    taxonomy.write_text(text.replace("scale: {min: 0, max: 3}", "scale: {min: 0, max: 10}"),
                        encoding="utf-8")  # fmt: skip
    session = data_dir / "sessions" / SESSION / "session.yaml"
    session.write_text(
        session.read_text(encoding="utf-8").replace(
            "criteria: [relevance, cost_effectiveness]", "criteria: [cost_effectiveness]"
        ),
        encoding="utf-8",
    )
    with open_store(store_url, data_dir) as store:
        # relevance dropped from the session, cost-effectiveness on another scale
        assert store.changed_criteria(SESSION) == ["cost_effectiveness", "relevance"]
        assert [c["id"] for c in store.snapshot(SESSION)["criteria"]] == [  # type: ignore[index]
            "relevance",
            "cost_effectiveness",
        ]


def test_empty_session_readers(store: Store) -> None:
    for reader in (store.ratings, store.interests, store.notes, store.actions, store.participants):
        assert reader(SESSION).empty
    assert store.sessions() == []


# ------------------------------------------------------------------ opening and migrating


def test_default_store_is_sqlite_under_var(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOPE_STORE", str(tmp_path / "nested" / "hope.sqlite"))
    with open_store(data_dir=GOOD) as store:
        assert store.url.startswith("sqlite:///") and store.url.endswith("nested/hope.sqlite")
        store.add_rating(SESSION, "north", "AK", "job-path", "relevance", 4)
    with sqlite3.connect(tmp_path / "nested" / "hope.sqlite") as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    monkeypatch.delenv("HOPE_STORE")
    from hopelib import config

    assert config.store_url() == f"sqlite:///{config.var_dir() / 'hope.sqlite'}"
    assert (PROJECT / ".gitignore").read_text(encoding="utf-8").count("var/") >= 1


def test_unusable_urls_give_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="cannot use"):
        open_store("nosuchdialect://x/y", GOOD)
    with pytest.raises(StoreError, match="cannot open"):
        open_store("postgresql+psycopg://nobody@127.0.0.1:1/none", GOOD)
    (tmp_path / "x.txt").write_text("not a folder", encoding="utf-8")
    with pytest.raises(StoreError, match="cannot"):
        open_store(str(tmp_path / "x.txt" / "store.sqlite"), GOOD)


def test_schema_matches_the_code(store: Store) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection)
        assert context.get_current_revision() == SCHEMA_VERSION
        differences = compare_metadata(context, metadata)
    assert differences == []


def test_an_older_store_is_migrated_on_open(store_url: str) -> None:
    from alembic import command

    from hopelib.store.engine import alembic_config, make_engine

    engine = make_engine(store_url if "://" in store_url else f"sqlite:///{store_url}")
    with engine.connect() as connection, connection.begin():
        command.upgrade(alembic_config(connection), "0001")
        connection.execute(
            sa.text(
                "INSERT INTO ratings (id, created_at, session, partner, participant, practice,"
                " criterion, score, comment, visibility) VALUES ('old-1', :at, 'demo-x', 'north',"
                " 'ak', 'job-path', 'relevance', 4, '', 'shared')"
            ),
            {"at": pd.Timestamp("2024-01-01T00:00:00Z").to_pydatetime()},
        )
    engine.dispose()
    with open_store(store_url, GOOD) as store:
        assert list(store.ratings(SESSION)["id"]) == ["old-1"]
        store.add_rating(SESSION, "north", "AK", "job-path", "relevance", 5)
        assert store.snapshot(SESSION) is not None  # the table 0002 added


def test_a_newer_store_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite"
    with open_store(str(path), GOOD) as store:
        store.add_rating(SESSION, "north", "AK", "job-path", "relevance", 4)
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.close()
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(StoreError, match="newer than this hopelib") as caught:
        open_store(str(path), GOOD)
    assert "not changed" in str(caught.value)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


# ------------------------------------------------------------------ several writers


def writer(url: str, name: str, count: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.store_writer", url, str(GOOD), name, str(count)],
        cwd=PROJECT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_eight_processes_write_at_once_and_nothing_is_lost(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    url = (
        str(tmp_path / "busy.sqlite")
        if backend == "sqlite"
        else request.getfixturevalue("postgres_url")
    )
    open_store(url, GOOD).close()  # created once; the writers then race on writes only
    processes = [writer(url, f"w{k}", 250) for k in range(8)]
    acknowledged = []
    for process in processes:
        out, err = process.communicate(timeout=600)
        assert process.returncode == 0, err
        assert "locked" not in err.lower()
        acknowledged += out.split()
    assert len(acknowledged) == 2000
    with open_store(url, GOOD) as store:
        ratings = store.ratings(SESSION)
        participants = store.participants(SESSION)
    assert len(ratings) == 2000
    assert set(ratings["id"]) == set(acknowledged)
    assert ratings["seq"].is_unique and ratings["seq"].is_monotonic_increasing
    assert len(participants) == 8 * 5


def test_a_writer_killed_mid_run_loses_no_acknowledged_write(tmp_path: Path) -> None:
    path = tmp_path / "crash.sqlite"
    open_store(str(path), GOOD).close()
    process = writer(str(path), "crash", 0)
    assert process.stdout is not None
    acknowledged = []
    deadline = time.monotonic() + 60
    while len(acknowledged) < 150 and time.monotonic() < deadline:
        acknowledged.append(process.stdout.readline().strip())
    os.kill(process.pid, signal.SIGKILL)
    rest, _ = process.communicate(timeout=30)
    acknowledged += [line for line in rest.split() if len(line) == 36]
    assert len(acknowledged) >= 150
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    connection.close()
    with open_store(str(path), GOOD) as store:
        stored = set(store.ratings(SESSION)["id"])
        assert set(acknowledged) <= stored
        store.add_rating(SESSION, "north", "after", "job-path", "relevance", 3)  # still writable


# ------------------------------------------------------------------ archive


def fill(store: Store) -> None:
    rating = store.add_rating(SESSION, "north", "Ána", "job-path", "relevance", 4, 'Fine, "quoted"')
    store.add_rating(
        SESSION, "south", "Bo", "job-path", "cost_effectiveness", 2, "Line\nbreak", "private"
    )
    store.withdraw(SESSION, rating["id"], "north", "Ána", "typo")
    store.add_interest(SESSION, "south", "Bo", "job-path", "adapt", "Needs a local partner")
    store.add_note(SESSION, "north", "Ána", "Ask about funding", "job-path", "private")
    action = store.add_action(SESSION, "north", "Ána", "Call South", "Ána", "2025-05-01")
    store.set_action_status(SESSION, action["id"], "done", "north", "Ána")


def test_archive_load_archive_gives_identical_files(store: Store, tmp_path: Path) -> None:
    fill(store)
    first = archive_session(store, SESSION, tmp_path / "first")
    assert [p.name for p in first][:3] == ["participants.csv", "snapshots.csv", "ratings.csv"]
    ratings = (tmp_path / "first" / "ratings.csv").read_text(encoding="utf-8")
    assert ratings.splitlines()[0] == (
        "id,created_at,session,partner,participant,practice,criterion,score,comment,visibility"
    )
    assert "Z," in ratings  # ISO timestamps in UTC
    with open_store(str(tmp_path / "empty.sqlite"), GOOD) as empty:
        added = load_records(empty, tmp_path / "first")
        assert added["ratings"] == 2 and added["withdrawals"] == 1 and added["action_events"] == 2
        again = load_records(empty, tmp_path / "first")
        assert sum(again.values()) == 0  # idempotent by row id
        second = archive_session(empty, SESSION, tmp_path / "second")
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_loading_a_bad_archive_names_file_line_and_field(store: Store, tmp_path: Path) -> None:
    fill(store)
    folder = tmp_path / "records"
    archive_session(store, SESSION, folder)
    path = folder / "ratings.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[1] = lines[1].replace(",relevance,4,", ",relevance,9,")
    path.write_text("".join(lines), encoding="utf-8")
    (folder / "notes.csv").write_text("id,text\nx,y\n", encoding="utf-8")
    with open_store(str(tmp_path / "fresh.sqlite"), GOOD) as fresh:
        with pytest.raises(StoreError) as caught:
            load_records(fresh, folder)
        message = str(caught.value)
        assert f"{path}:2: score: 9 is outside the scale" in message
        assert f"{folder / 'notes.csv'}:1: columns: expected" in message
        assert "nothing was loaded" in message
        assert sum(count_rows(fresh).values()) == 0


# ------------------------------------------------------------------ review: edge cases


def test_loading_into_a_store_with_live_rows(store: Store, tmp_path: Path) -> None:
    fill(store)
    archive_session(store, SESSION, tmp_path / "records")
    with open_store(str(tmp_path / "live.sqlite"), GOOD) as live:
        live.add_rating(SESSION, "north", "Ána", "job-path", "relevance", 3)  # same person, live
        added = load_records(live, tmp_path / "records")
        assert added["snapshots"] == 0  # the session keeps its first snapshot
        assert added["participants"] == 1  # Ána is there already; Bo is new
        assert added["ratings"] == 2
        before = count_rows(live)
    with open_store(str(tmp_path / "other.sqlite"), GOOD) as other:
        other.add_rating(SESSION, "south", "Ána", "job-path", "relevance", 3)
        with pytest.raises(StoreError, match="speaks for north in the archive but for south"):
            load_records(other, tmp_path / "records")
        assert count_rows(other)["ratings"] == 1
    assert before["ratings"] == 3


def test_an_interrupted_first_write_still_gets_its_snapshot(store: Store) -> None:
    calls = {"n": 0}
    original = store.new_id

    def failing_id() -> str:
        calls["n"] += 1
        if calls["n"] == 3:  # after the participant and the snapshot rows
            raise KeyboardInterrupt
        return original()

    store.new_id = failing_id
    with pytest.raises(KeyboardInterrupt):
        store.add_rating(SESSION, "north", "AK", "job-path", "relevance", 4)
    store.new_id = original
    assert store.snapshot(SESSION) is None and store.ratings(SESSION).empty
    store.add_rating(SESSION, "north", "AK", "job-path", "relevance", 4)
    assert store.snapshot(SESSION) is not None


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda s: s.add_note(SESSION, "north", "AK", "a\x00b"), "text"),
        (lambda s: s.add_action(SESSION, "north", "AK", "Call", owner="o" * 300), "owner"),
        (
            lambda s: s.add_rating(SESSION, "north", "\ufdfa" * 60, "job-path", "relevance", 3),
            "participant",
        ),
        (
            lambda s: s.add_rating(SESSION, "north", "AK", "reference-cafe", "relevance", 3),
            "practice",
        ),
        (lambda s: s.add_interest(SESSION, "north", "AK", "reference-cafe", "adopt"), "practice"),
    ],
)
def test_input_both_backends_refuse_the_same_way(store: Store, call: Any, field: str) -> None:
    with pytest.raises(StoreError) as caught:
        call(store)
    assert caught.value.field == field
    assert sum(count_rows(store).values()) == 0


def test_numpy_scores_are_whole_numbers(store: Store) -> None:
    import numpy as np

    saved = store.add_rating(SESSION, "north", "AK", "job-path", "relevance", np.int64(4))
    assert saved["score"] == 4 and isinstance(saved["score"], int)


def test_only_the_own_partner_withdraws_or_changes_status(store: Store) -> None:
    rating = store.add_rating(SESSION, "north", "AK", "job-path", "relevance", 4)
    action = store.add_action(SESSION, "north", "AK", "Call South")
    with pytest.raises(StoreError, match="only its own partner") as caught:
        store.withdraw(SESSION, rating["id"], "south", "BO")
    assert caught.value.field == "record"
    with pytest.raises(StoreError, match="only its own partner"):
        store.set_action_status(SESSION, action["id"], "dropped", "south", "BO")
    assert store.withdrawals(SESSION).empty
    assert list(store.actions(SESSION)["status"]) == ["open"]


# ------------------------------------------------------------------ one set of record rules


def fill_every_kind(store: Store) -> None:
    """One record of every kind (line 2 of each archive file is the one tampered with)."""
    fill(store)
    store.add_transfer_plan(
        SESSION, "south", "Bo", "job-path", keep="The coach", milestones=[("2025-10-01", "Pilot")]
    )


def tamper(path: Path, column: str, value: str) -> None:
    """Put *value* in *column* of the first row of an archive file."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[1][rows[0].index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def _first(store: Store, reader: str) -> str:
    return str(getattr(store, reader)(SESSION)["id"].iloc[0])


#: (archive file, column, archived value, the writer call given the same value, field).
REFUSED_BY_EVERY_WAY_IN: list[tuple[str, str, str, Any, str]] = [
    ("notes", "text", "\x07", lambda s: s.add_note(SESSION, "north", "Ána", "\x07"), "text"),
    ("notes", "text", "", lambda s: s.add_note(SESSION, "north", "Ána", ""), "text"),
    (
        "notes",
        "text",
        "x" * 20_001,
        lambda s: s.add_note(SESSION, "north", "Ána", "x" * 20_001),
        "text",
    ),
    (
        "notes",
        "visibility",
        "public",
        lambda s: s.add_note(SESSION, "north", "Ána", "Hi", visibility="public"),
        "visibility",
    ),
    (
        "notes",
        "practice",
        "nope",
        lambda s: s.add_note(SESSION, "north", "Ána", "Hi", practice="nope"),
        "practice",
    ),
    ("notes", "partner", "west", lambda s: s.add_note(SESSION, "west", "Ána", "Hi"), "partner"),
    ("notes", "session", "nope", lambda s: s.add_note("nope", "north", "Ána", "Hi"), "session"),
    (
        "ratings",
        "score",
        "9",
        lambda s: s.add_rating(SESSION, "north", "Ána", "job-path", "relevance", 9),
        "score",
    ),
    (
        "ratings",
        "criterion",
        "beauty",
        lambda s: s.add_rating(SESSION, "north", "Ána", "job-path", "beauty", 3),
        "criterion",
    ),
    (
        "ratings",
        "practice",
        "reference-cafe",
        lambda s: s.add_rating(SESSION, "north", "Ána", "reference-cafe", "relevance", 3),
        "practice",
    ),
    (
        "ratings",
        "comment",
        "a\x07b",
        lambda s: s.add_rating(SESSION, "north", "Ána", "job-path", "relevance", 3, "a\x07b"),
        "comment",
    ),
    (
        "ratings",
        "visibility",
        "public",
        lambda s: s.add_rating(SESSION, "north", "Ána", "job-path", "relevance", 3, "", "public"),
        "visibility",
    ),
    (
        "interests",
        "level",
        "steal",
        lambda s: s.add_interest(SESSION, "south", "Bo", "job-path", "steal"),
        "level",
    ),
    (
        "interests",
        "rationale",
        "\x07",
        lambda s: s.add_interest(SESSION, "south", "Bo", "job-path", "adopt", "\x07"),
        "rationale",
    ),
    (
        "actions",
        "due",
        "next week",
        lambda s: s.add_action(SESSION, "north", "Ána", "Call", due="next week"),
        "due",
    ),
    (
        "actions",
        "owner",
        "o" * 300,
        lambda s: s.add_action(SESSION, "north", "Ána", "Call", owner="o" * 300),
        "owner",
    ),
    ("actions", "text", "", lambda s: s.add_action(SESSION, "north", "Ána", ""), "text"),
    (
        "action_events",
        "status",
        "finished",
        lambda s: s.set_action_status(SESSION, _first(s, "actions"), "finished", "north", "Ána"),
        "status",
    ),
    (
        "action_events",
        "note",
        "\x07",
        lambda s: s.set_action_status(
            SESSION, _first(s, "actions"), "done", "north", "Ána", "\x07"
        ),
        "note",
    ),
    (
        "transfer_plans",
        "keep",
        "",
        lambda s: s.add_transfer_plan(SESSION, "south", "Bo", "job-path", keep=""),
        "keep",
    ),
    (
        "transfer_plans",
        "milestones",
        '[{"due": "", "text": "Pilot"}]',
        lambda s: s.add_transfer_plan(
            SESSION, "south", "Bo", "job-path", keep="x", milestones=[("", "Pilot")]
        ),
        "milestones",
    ),
    (
        "withdrawals",
        "reason",
        "\x07",
        lambda s: s.withdraw(SESSION, _first(s, "notes"), "north", "Ána", "\x07"),
        "reason",
    ),
    (
        "participants",
        "pseudonym",
        "A\x07",
        lambda s: s.add_rating(SESSION, "north", "A\x07", "job-path", "relevance", 3),
        "participant",
    ),
]


@pytest.mark.parametrize(
    ("kind", "column", "value", "write", "field"),
    REFUSED_BY_EVERY_WAY_IN,
    ids=[f"{kind}.{column}={value[:12]!r}" for kind, column, value, *_ in REFUSED_BY_EVERY_WAY_IN],
)
def test_load_refuses_what_the_writers_refuse(
    tmp_path: Path, kind: str, column: str, value: str, write: Any, field: str
) -> None:
    with open_store(str(tmp_path / "store.sqlite"), GOOD) as store:
        fill_every_kind(store)
        folder = tmp_path / "records"
        archive_session(store, SESSION, folder)
        before = count_rows(store)
        with pytest.raises(StoreError) as refused:
            write(store)
        assert refused.value.field == field
        assert count_rows(store) == before
    path = folder / f"{kind}.csv"
    tamper(path, column, value)
    with open_store(str(tmp_path / "fresh.sqlite"), GOOD) as fresh:
        with pytest.raises(StoreError) as caught:
            load_records(fresh, folder)
        message = str(caught.value)
        assert f"{path}:2: {refused.value}" in message  # file, line, field and the same words
        assert message.startswith("1 problem(s); nothing was loaded")
        assert sum(count_rows(fresh).values()) == 0  # all or nothing


def tamper_row(path: Path, values: dict[str, str]) -> None:
    """Put *values* (column → text) in the first row of an archive file."""
    for column, value in values.items():
        tamper(path, column, value)


#: (archive file, columns changed, the writer call that another row's state refuses, field):
#: the rules that read rows already stored, applied to an archive as to a writer.
REFUSED_FOR_WHAT_IS_STORED: list[tuple[str, dict[str, str], Any, str]] = [
    (  # south withdrawing north's rating
        "withdrawals",
        {"partner": "south", "participant": "bo"},
        lambda s: s.withdraw(SESSION, s.withdrawals(SESSION)["record"].iloc[0], "south", "Bo"),
        "record",
    ),
    (  # a pseudonym registered for north, speaking for south
        "ratings",
        {"partner": "south"},
        lambda s: s.add_rating(SESSION, "south", "Ána", "job-path", "relevance", 3),
        "participant",
    ),
    (  # south changing the status of north's action
        "action_events",
        {"partner": "south", "participant": "bo"},
        lambda s: s.set_action_status(SESSION, _first(s, "actions"), "done", "south", "Bo"),
        "action",
    ),
    (  # a plan for a practice its partner never marked adopt or adapt
        "transfer_plans",
        {"practice": "coop-kitchen"},
        lambda s: s.add_transfer_plan(SESSION, "south", "Bo", "coop-kitchen", keep="x"),
        "practice",
    ),
]


@pytest.mark.parametrize(
    ("kind", "values", "write", "field"),
    REFUSED_FOR_WHAT_IS_STORED,
    ids=[f"{kind}.{','.join(values)}" for kind, values, *_ in REFUSED_FOR_WHAT_IS_STORED],
)
def test_load_refuses_what_the_stored_rows_refuse(
    tmp_path: Path, kind: str, values: dict[str, str], write: Any, field: str
) -> None:
    with open_store(str(tmp_path / "store.sqlite"), GOOD) as store:
        fill_every_kind(store)
        folder = tmp_path / "records"
        archive_session(store, SESSION, folder)
        with pytest.raises(StoreError) as refused:
            write(store)
        assert refused.value.field == field
    path = folder / f"{kind}.csv"
    tamper_row(path, values)
    with open_store(str(tmp_path / "fresh.sqlite"), GOOD) as fresh:
        with pytest.raises(StoreError) as caught:
            load_records(fresh, folder)
        assert f"{path}:2: {refused.value}" in str(caught.value)  # the writer's own words
        assert sum(count_rows(fresh).values()) == 0  # all or nothing


def test_load_refuses_records_of_an_unregistered_participant(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "store.sqlite"), GOOD) as store:
        fill_every_kind(store)
        folder = archive_session(store, SESSION, tmp_path / "records")[0].parent
    tamper(folder / "notes.csv", "participant", "nobody")
    with open_store(str(tmp_path / "fresh.sqlite"), GOOD) as fresh:
        with pytest.raises(StoreError, match=r"'nobody' is not in participants\.csv") as caught:
            load_records(fresh, folder)
        assert f"{folder / 'notes.csv'}:2: participant: " in str(caught.value)
        assert sum(count_rows(fresh).values()) == 0


def test_archives_saved_with_a_byte_order_mark_or_another_encoding(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "store.sqlite"), GOOD) as store:
        fill_every_kind(store)
        folder = archive_session(store, SESSION, tmp_path / "records")[0].parent
    notes = folder / "notes.csv"
    notes.write_bytes(b"\xef\xbb\xbf" + notes.read_bytes())  # as Excel saves UTF-8
    with open_store(str(tmp_path / "bom.sqlite"), GOOD) as fresh:
        assert load_records(fresh, folder)["notes"] == 1
    notes.write_bytes(notes.read_bytes().replace(b"Ask", "Äsk".encode("latin-1")))
    with open_store(str(tmp_path / "latin.sqlite"), GOOD) as fresh:
        with pytest.raises(StoreError, match="not UTF-8") as caught:
            load_records(fresh, folder)
        assert "notes.csv:2: " in str(caught.value)  # the line of the first bad byte
        assert sum(count_rows(fresh).values()) == 0


def test_the_untampered_archive_of_every_kind_loads(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "store.sqlite"), GOOD) as store:
        fill_every_kind(store)
        first = archive_session(store, SESSION, tmp_path / "first")
    with open_store(str(tmp_path / "fresh.sqlite"), GOOD) as fresh:
        added = load_records(fresh, tmp_path / "first")
        assert all(added[kind] == 1 for kind in ("transfer_plans", "notes", "actions"))
        second = archive_session(fresh, SESSION, tmp_path / "second")
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("participant", "Ána", "is not folded"),
        ("id", "x" * 37, "is not a record id"),
        ("created_at", "yesterday", "is not a valid ratings value"),
    ],
)
def test_load_refuses_what_no_writer_writes(
    tmp_path: Path, column: str, value: str, message: str
) -> None:
    with open_store(str(tmp_path / "store.sqlite"), GOOD) as store:
        fill(store)
        archive_session(store, SESSION, tmp_path / "records")
    path = tmp_path / "records" / "ratings.csv"
    tamper(path, column, value)
    with open_store(str(tmp_path / "fresh.sqlite"), GOOD) as fresh:
        with pytest.raises(StoreError, match=message) as caught:
            load_records(fresh, tmp_path / "records")
        assert f"{path}:2: {column}: " in str(caught.value)
        assert sum(count_rows(fresh).values()) == 0


def test_store_answers_sessions_and_their_chain(store: Store) -> None:
    assert store.session(SESSION).id == SESSION
    assert store.session_chain(SESSION) == [SESSION]
    with pytest.raises(StoreError) as caught:
        store.session("no-such-session")
    assert caught.value.field == "session"


def test_clock_and_ids_are_public_hooks(tmp_path: Path) -> None:
    import datetime as dt

    moment = dt.datetime(2025, 3, 11, 9, 30, tzinfo=dt.UTC)
    ids = iter(f"id-{n}" for n in range(100))
    with open_store(
        str(tmp_path / "hooks.sqlite"), GOOD, clock=lambda: moment, new_id=lambda: next(ids)
    ) as store:
        saved = store.add_rating(SESSION, "north", "AK", "job-path", "relevance", 4)
        assert saved["id"] == "id-2" and saved["created_at"] == moment  # participant, snapshot
        store.new_id = lambda: "replaced"
        assert store.add_note(SESSION, "north", "AK", "Hi")["id"] == "replaced"
