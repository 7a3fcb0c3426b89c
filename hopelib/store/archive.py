"""Archiving a session's records as CSV files, and loading them back (all or nothing).

An archive is one CSV file per record kind (UTF-8, ISO timestamps in UTC, rows in ``seq``
order, no ``seq``), committed with the data. Partners open these files in Excel or
LibreOffice, so text that a spreadsheet would run as a formula is written behind a ``'``
(:func:`hopelib.spreadsheet.neutralise_cell`; loading takes it off again). Loading checks
every row with the writers' own rules (:func:`hopelib.store.rules.check_archived`) before
anything is written, and skips rows already in the store, so loading twice adds nothing.
A records folder holds the records of one session.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
from collections import Counter
from pathlib import Path
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ..catalogue.text import read_text
from ..errors import Problem, StoreError
from ..spreadsheet import neutralise_cell, restore_cell
from .engine import read_rows, run_write
from .rules import check_archived, check_due
from .schema import RECORD_KINDS, TABLES, participants_table
from .store import Store
from .stored_rules import Levels, check_loaded

__all__ = ["archive_session", "load_records"]


def _csv_value(value: Any) -> str:
    """Write one value as archive text: ISO times in UTC, empty for missing."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return ""
    if isinstance(value, pd.Timestamp | dt.datetime):
        stamp = pd.Timestamp(value)
        stamp = stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")
        return stamp.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return str(neutralise_cell(value))  # typed text a spreadsheet would run as a formula
    return str(value)


def archive_session(
    store: Store, session: str, folder: str | os.PathLike[str] | None = None
) -> list[Path]:
    """Write a session's records as CSV files (one per kind) to commit with the data.

    Parameters
    ----------
    store : Store
    session : str
    folder : path, optional
        Default ``<data>/sessions/<session>/records/``.

    Returns
    -------
    list of Path
        The files written (UTF-8, ISO timestamps in UTC, rows in ``seq`` order, no ``seq``;
        text beginning with ``=``, ``+``, ``-``, ``@``, a tab or a line break behind a ``'``,
        see :mod:`hopelib.spreadsheet`). Each file is written whole or not at all.

    Raises
    ------
    StoreError
        For an unknown session (nothing is written).
    """
    store.session(session)  # an unknown session is refused before anything is written
    target = Path(folder) if folder else store.reference.data_dir / "sessions" / session / "records"
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in RECORD_KINDS:
        table = TABLES[kind]
        frame = read_rows(store.engine, table, session)
        columns = [c.name for c in table.columns if c.name != "seq"]
        path = target / f"{kind}.csv"
        temporary = path.with_suffix(".csv.tmp")
        with temporary.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(columns)
            for row in frame[columns].itertuples(index=False) if not frame.empty else []:
                writer.writerow([_csv_value(v) for v in row])
        temporary.replace(path)
        written.append(path)
    return written


def _parse(kind: str, column: sa.Column[Any], text: str) -> Any:
    """Turn one archive cell back into a typed value (the rules check it next)."""
    text = str(restore_cell(text))  # the text as typed, without the spreadsheet guard
    if text == "" and column.nullable:
        return None
    if isinstance(column.type, sa.Date):
        return check_due(text)
    try:
        if isinstance(column.type, sa.DateTime):
            return _utc(text)
        if isinstance(column.type, sa.Integer):
            return int(text)
    except (ValueError, TypeError, OverflowError):  # OverflowError: a time out of range
        raise StoreError(
            f"{column.name}: {text!r} is not a valid {kind} value", field=column.name
        ) from None
    return text


def _utc(text: str) -> dt.datetime:
    """Read an archived time (ISO 8601 with its offset, as archives write it) in UTC."""
    try:
        stamp = dt.datetime.fromisoformat(text)  # fast: an archive holds thousands
    except ValueError:
        parsed = pd.Timestamp(text)  # other spellings of a time with an offset
        if pd.isna(parsed):
            raise
        stamp = parsed.to_pydatetime()
    if stamp.tzinfo is None:
        raise ValueError(text)
    return stamp.astimezone(dt.UTC)


#: One archive row as read: its line in the file and its cells (column → text).
_Raw = tuple[int, dict[str, str]]


def _read_archive(path: Path, kind: str) -> tuple[list[_Raw], list[str]]:
    """Read one archive file: its rows with their lines, or its problems."""
    table = TABLES[kind]
    expected = [c.name for c in table.columns if c.name != "seq"]
    # Columns added by a later schema, with a default, may be missing from older archives.
    defaults = {
        c.name: str(c.server_default.arg)
        for c in table.columns
        if isinstance(c.server_default, sa.DefaultClause)
    }
    unreadable: list[Problem] = []
    text = read_text(path, unreadable, "as UTF-8 CSV, or archive the session again")
    if text is None:
        return [], [str(problem) for problem in unreadable]
    rows = []
    with io.StringIO(text, newline="") as handle:
        reader = csv.DictReader(handle)
        older = [c for c in expected if c in (reader.fieldnames or []) or c not in defaults]
        if reader.fieldnames not in (expected, older):
            found = ",".join(reader.fieldnames or [])
            return [], [f"{path}:1: columns: expected {','.join(expected)}, found {found}"]
        line = reader.line_num + 1  # the line a row starts on (a note may span lines)
        try:
            for raw in reader:
                if None in raw or None in raw.values():  # more, or fewer, cells than columns
                    return [], [
                        f"{path}:{line}: columns: this row's cells do not match the header "
                        "row; archive the session again"
                    ]
                cells = {name: raw.get(name, defaults.get(name, "")) for name in expected}
                rows.append((line, cells))
                line = reader.line_num + 1
        except csv.Error as error:
            return [], [f"{path}:{reader.line_num}: file: {error}; archive the session again"]
    return rows, []


def _check_rows(
    store: Store, path: Path, kind: str, rows: list[_Raw], session: str
) -> tuple[list[tuple[int, dict[str, Any]]], list[str]]:
    """Check archived rows with the writers' rules; a row of another session is refused."""
    table = TABLES[kind]
    checked, problems = [], []
    for line, raw in rows:
        if raw.get("session") != session:
            try:
                store.reference.session(raw.get("session", ""))  # an unknown one, in its words
            except StoreError as error:
                problems.append(f"{path}:{line}: {error}")
                continue
            problems.append(
                f"{path}:{line}: session: {raw.get('session')!r} is another session; this "
                f"records folder holds the records of session {session}, so move the row to "
                "that session's own records folder (or archive that session again)"
            )
            continue
        try:
            row = {name: _parse(kind, table.c[name], text) for name, text in raw.items()}
            checked.append((line, check_archived(store.reference, kind, row)))
        except StoreError as error:
            problems.append(f"{path}:{line}: {error}")
    return checked, problems + _repeated(path, kind, checked)


#: What is unique in a kind's table besides its id (a pseudonym per session, one snapshot).
_UNIQUE = {"participants": "participant", "snapshots": "session"}


def _repeated(path: Path, kind: str, rows: list[tuple[int, dict[str, Any]]]) -> list[str]:
    """Name every row that repeats a record of an earlier line of the same file."""
    problems = []
    for column in ["id", *([_UNIQUE[kind]] if kind in _UNIQUE else [])]:
        first: dict[Any, int] = {}
        for line, row in rows:
            if row[column] in first:
                problems.append(
                    f"{path}:{line}: {column}: {row[column]!r} is already on line "
                    f"{first[row[column]]}; a record is archived once, so remove one of them"
                )
            first.setdefault(row[column], line)
    return problems


def _folder_session(source: Path, raw: dict[str, list[_Raw]]) -> str:
    """Name the session of a records folder: ``sessions/<id>/records``, else its rows'."""
    where = source.resolve()  # "hope session load ." from inside the folder names it too
    if where.name == "records" and where.parent.parent.name == "sessions":
        return where.parent.name
    counts = Counter(cells.get("session", "") for rows in raw.values() for _, cells in rows)
    return counts.most_common(1)[0][0] if counts else ""


def load_records(store: Store, folder: str | os.PathLike[str]) -> dict[str, int]:
    """Load archived records (:func:`archive_session`) into *store*, idempotently.

    Rows already in the store (same ``id``) are skipped, so loading twice adds nothing. Every
    row is checked with the rules the writers apply: its values first (a value ``add_note``
    refuses is refused here too), then, once inserted, against the rows stored (a pseudonym
    speaking for two partners, a withdrawal or a status change by another partner, a plan
    for a practice never marked adopt or adapt). Sessions' archives may come in any order;
    a row that refers to an earlier session is checked once that session is loaded. A
    records folder holds one session's records (``sessions/<id>/records/`` names it; else
    most of its rows do): a row of another session is refused. Any
    problem raises :class:`StoreError` naming the file, line and field, and nothing is
    loaded.

    Returns
    -------
    dict
        The number of rows added per record kind.

    Raises
    ------
    StoreError
        Listing every problem (``file:line: field: …``), or for a participant the archive
        and the store give to different partners; nothing is loaded.
    """
    source = Path(folder)
    if not source.is_dir():
        raise StoreError(f"{source}: no such folder; give a records/ folder", field="folder")
    raw: dict[str, list[_Raw]] = {}
    problems: list[str] = []
    for kind in RECORD_KINDS:
        path = source / f"{kind}.csv"
        if path.exists():
            raw[kind], found = _read_archive(path, kind)
            problems += found
    session = _folder_session(source, raw)
    pending: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for kind, rows in raw.items():
        pending[kind], found = _check_rows(store, source / f"{kind}.csv", kind, rows, session)
        problems += found
    if problems:
        raise StoreError(
            f"{len(problems)} problem(s); nothing was loaded:\n" + "\n".join(problems),
            field="folder",
        )

    levels = Levels.of(store.taxonomy())

    def work(connection: Connection) -> dict[str, int]:
        added, inserted = {}, {}
        for kind, rows in pending.items():
            table = TABLES[kind]
            ids = [row["id"] for _, row in rows]
            present: set[str] = set()
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                present |= set(
                    connection.execute(sa.select(table.c.id).where(table.c.id.in_(chunk))).scalars()
                )
            new = [(line, row) for line, row in rows if row["id"] not in present]
            if kind == "participants":
                path = source / f"{kind}.csv"
                kept = {
                    row["id"] for row in _new_participants(connection, [r for _, r in new], path)
                }
                new = [(line, row) for line, row in new if row["id"] in kept]
            elif kind == "snapshots":  # a session keeps its first snapshot
                taken = set(connection.execute(sa.select(table.c.session)).scalars())
                new = [(line, row) for line, row in new if row["session"] not in taken]
            if new:
                connection.execute(table.insert(), [row for _, row in new])
            added[kind], inserted[kind] = len(new), new
        # Rows may refer to each other (a withdrawal to a note): checked once all are in.
        problems = [
            f"{source / f'{kind}.csv'}:{new[index][0]}: {message}"
            for kind, new in inserted.items()
            for index, message in check_loaded(
                connection, kind, [row for _, row in new], store.session_chain, levels
            )
        ]
        if problems:
            raise StoreError(
                f"{len(problems)} problem(s); nothing was loaded:\n" + "\n".join(problems),
                field="folder",
            )
        return added

    return run_write(store.engine, work)


def _new_participants(
    connection: Connection, rows: list[dict[str, Any]], path: Path
) -> list[dict[str, Any]]:
    """Keep archived participants the store lacks; refuse one registered for another partner."""
    table = participants_table
    new = []
    for row in rows:
        known = connection.execute(
            sa.select(table.c.partner).where(
                table.c.session == row["session"], table.c.participant == row["participant"]
            )
        ).first()
        if known is None:
            new.append(row)
        elif known.partner != row["partner"]:
            raise StoreError(
                f"{path}: participant: {row['pseudonym']!r} speaks for {row['partner']} in the "
                f"archive but for {known.partner} in the store; rename one of them, then load "
                "again (nothing was loaded)",
                field="participant",
            )
    return new
