"""A store file that cannot be used is a StoreError naming it, and is left byte-identical.

Read-only, not SQLite, truncated, damaged or another program's database: opening, reading
and writing each end in one ``StoreError`` (``field`` ``"store"``), and ``hope`` prints one
line and exits 1 (issue #21).
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from hopelib import StoreError
from hopelib.cli import main
from hopelib.store import archive_session, open_store

from .conftest import GOOD

SESSION = "demo-x"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def good_store(path: Path) -> Path:
    """A store with one note in it, checkpointed into its file."""
    with open_store(str(path), GOOD) as store:
        store.add_note(SESSION, "north", "AK", "kept")
    return path


def make_read_only(path: Path) -> None:
    path.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)


def not_sqlite(path: Path) -> None:
    path.write_bytes(b"id,text\n1,this is a CSV file, not a store\n" * 50)


def truncated(path: Path) -> None:
    good_store(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


def damaged(path: Path) -> None:
    good_store(path)
    data = bytearray(path.read_bytes())
    for offset in range(4096 + 8, len(data), 4096):  # every page but the header: garbage
        data[offset : offset + 64] = b"\xa5" * 64
    path.write_bytes(bytes(data))


def header_only(path: Path) -> None:
    good_store(path)
    path.write_bytes(path.read_bytes()[:100])


def foreign(path: Path) -> None:
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE contacts (name TEXT)")
    connection.execute("INSERT INTO contacts VALUES ('Ana')")
    connection.commit()
    connection.close()


BROKEN: dict[str, Callable[[Path], None]] = {
    "not sqlite": not_sqlite,
    "truncated": truncated,
    "damaged": damaged,
    "header only": header_only,
    "another program's database": foreign,
    "random bytes": lambda path: path.write_bytes(os.urandom(8192)),
    "sqlite magic then garbage": lambda path: path.write_bytes(
        b"SQLite format 3\x00" + os.urandom(4000)
    ),
}


@pytest.mark.parametrize("name", list(BROKEN))
def test_a_broken_store_is_a_store_error_and_stays_untouched(tmp_path: Path, name: str) -> None:
    path = tmp_path / "store.sqlite"
    BROKEN[name](path)
    before = digest(path)
    # Damage may show on opening, reading or writing.
    with pytest.raises(StoreError) as caught, open_store(str(path), GOOD) as store:
        store.ratings(SESSION)
        store.notes(SESSION)
        store.add_note(SESSION, "north", "AK", "new")
    error = caught.value
    assert error.field == "store"
    assert str(path) in str(error)
    assert "\n" not in str(error)
    assert digest(path) == before


@pytest.mark.parametrize("name", list(BROKEN))
@pytest.mark.parametrize("command", ["archive", "load"])
def test_hope_says_one_line_for_a_broken_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, command: str
) -> None:
    path = tmp_path / "store.sqlite"
    records = tmp_path / "records"
    with open_store(str(tmp_path / "source.sqlite"), GOOD) as source:
        source.add_note(SESSION, "north", "AK", "to load")
        archive_session(source, SESSION, records)
    BROKEN[name](path)
    before = digest(path)
    args = [SESSION, "--out", str(tmp_path / "out")] if command == "archive" else [str(records)]
    status = main(["session", command, *args, "--data", str(GOOD), "--store", str(path)])
    err = capsys.readouterr().err
    assert status == 1
    assert len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err and str(path) in err
    assert digest(path) == before


def test_a_read_only_store_is_read_but_never_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = tmp_path / "records"
    with open_store(str(tmp_path / "source.sqlite"), GOOD) as source:
        source.add_note(SESSION, "north", "AK", "to load")
        archive_session(source, SESSION, records)
    path = tmp_path / "store.sqlite"
    with open_store(str(path), GOOD):
        pass
    make_read_only(path)
    before = digest(path)
    with open_store(str(path), GOOD) as store:
        assert store.notes(SESSION).empty  # reading works
        with pytest.raises(StoreError) as caught:
            store.add_note(SESSION, "north", "AK", "new")
    assert caught.value.field == "store" and "read-only" in str(caught.value)
    assert str(path) in str(caught.value)
    status = main(["session", "load", str(records), "--data", str(GOOD), "--store", str(path)])
    err = capsys.readouterr().err
    assert status == 1 and len(err.strip().splitlines()) == 1 and "read-only" in err
    assert digest(path) == before


def test_a_read_only_store_needing_a_migration_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite"
    with open_store(str(path), GOOD):
        pass
    connection = sqlite3.connect(path)
    connection.execute("UPDATE alembic_version SET version_num = '0001'")
    connection.commit()
    connection.close()
    make_read_only(path)
    before = digest(path)
    with pytest.raises(StoreError) as caught:
        open_store(str(path), GOOD)
    assert caught.value.field == "store" and str(path) in str(caught.value)
    assert digest(path) == before


def test_a_read_only_uri_store_refuses_writes(tmp_path: Path) -> None:
    path = good_store(tmp_path / "store.sqlite")
    before = digest(path)
    url = f"sqlite:///file:{path}?mode=ro&uri=true"
    with open_store(url, GOOD) as store:
        assert list(store.notes(SESSION)["text"]) == ["kept"]
        with pytest.raises(StoreError) as caught:
            store.add_note(SESSION, "north", "AK", "new")
    assert caught.value.field == "store" and "read-only" in str(caught.value)
    assert digest(path) == before
    assert not (Path.cwd() / "file:").exists()
