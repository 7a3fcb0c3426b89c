"""The database under the store: engines, SQLite settings, busy retries, migrations, reads.

SQLite runs in WAL mode with a busy timeout and ``synchronous = FULL``; each write is one
short ``BEGIN IMMEDIATE`` transaction (:func:`run_write`), retried while another writer
holds the lock, so several kernels on one machine write at once. PostgreSQL writes run in
``READ COMMITTED``. The schema is managed by Alembic (``hopelib/migrations``): an older
store is migrated when opened (:func:`open_engine`), a newer one is refused, untouched.
"""

from __future__ import annotations

import random
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote

import pandas as pd
import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

from ..catalogue.practices import gc_paused
from ..errors import StoreError
from .schema import SCHEMA_VERSION

__all__ = [
    "BUSY_TIMEOUT_S",
    "MIGRATIONS",
    "RETRIES",
    "alembic_config",
    "is_busy",
    "make_engine",
    "migrate",
    "open_engine",
    "read_rows",
    "run_write",
    "store_failure",
    "write_transaction",
]

#: The Alembic scripts (``env.py``, ``versions/``); shipped as package data.
MIGRATIONS = Path(__file__).parent.parent / "migrations"
#: How long an SQLite writer waits for the lock before the retry loop takes over.
BUSY_TIMEOUT_S = 60
#: How many times a busy or conflicting write is tried.
RETRIES = 12
_T = TypeVar("_T")


# ------------------------------------------------------------------ engines


def _sqlite_engine(url: str) -> Engine:
    """Create an SQLite engine: WAL, busy timeout, ``BEGIN IMMEDIATE`` for writes.

    A store file marked read-only (no write permission bit) is opened read-only, for its
    owner too (even root): it is read and never changed. Database errors that retrying
    cannot cure (a read-only, damaged or foreign file) become a :class:`StoreError` naming
    the file (:func:`store_failure`).
    """
    database = sa.engine.make_url(url).database
    options: dict[str, Any] = {}
    if database and database != ":memory:" and not database.startswith("file:"):
        path = Path(database)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(
                f"store: cannot create the folder of {database} ({error.strerror}); "
                "give another path in HOPE_STORE or --store",
                field="store",
            ) from None
        if path.is_file() and not path.stat().st_mode & 0o222:
            read_only = f"file:{quote(str(path.resolve()))}?mode=ro"
            options["creator"] = lambda: sqlite3.connect(
                read_only, uri=True, timeout=BUSY_TIMEOUT_S, check_same_thread=False
            )
    engine = sa.create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_S}, **options)
    shown = database or url

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # transactions are begun below
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_S * 1000}")
        tables = {row[0] for row in cursor.execute("SELECT name FROM sqlite_master")}
        if not tables or "alembic_version" in tables:  # never another program's database
            try:
                cursor.execute("PRAGMA journal_mode = WAL")
            except sqlite3.OperationalError as error:
                if "readonly" not in str(error):
                    raise  # a read-only store is still read; its writes are refused
        cursor.execute("PRAGMA synchronous = FULL")  # a dead battery loses nothing acknowledged
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        write = connection.get_execution_options().get("hope_write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    @event.listens_for(engine, "handle_error")
    def _handle_error(context: sa.engine.ExceptionContext) -> None:
        failure = store_failure(shown, context.original_exception)
        if failure is not None:
            raise failure

    return engine


def store_failure(database: str, error: BaseException) -> StoreError | None:
    """Return the :class:`StoreError` for an SQLite error that retrying cannot cure.

    Parameters
    ----------
    database : str
        The store file, as shown in the message.
    error : BaseException
        The driver's error.

    Returns
    -------
    StoreError or None
        ``field`` ``"store"``: a read-only, damaged or foreign file, a full disk …; ``None``
        for a busy database (retried), a conflicting row or a programming error.
    """
    if not isinstance(error, sqlite3.DatabaseError) or isinstance(
        error, sqlite3.IntegrityError | sqlite3.ProgrammingError
    ):
        return None
    reason = " ".join(str(error).split())
    text = reason.lower()
    if any(word in text for word in ("database is locked", "database is busy")):
        return None
    if "readonly" in text or "read-only" in text:
        message = (
            f"store: {database} is read-only, so nothing was written: make the file and its "
            "folder writable, or give another store with --store or HOPE_STORE"
        )
    elif "not a database" in text or "encrypted" in text:
        message = (
            f"store: {database} is not a session store (not an SQLite database); it was not "
            "changed: check --store or HOPE_STORE"
        )
    elif "malformed" in text or "corrupt" in text:
        message = (
            f"store: {database} is damaged ({reason}); it was not changed: restore it from a "
            "backup, or load the sessions' archived records (hope session load) into a new store"
        )
    elif "no such table" in text or "no such column" in text:
        message = (
            f"store: {database} is not a session store of this workbook ({reason}); it was not "
            "changed: check --store or HOPE_STORE"
        )
    elif "unable to open" in text:
        message = (
            f"store: cannot open {database} ({reason}): check the path in --store or "
            "HOPE_STORE, and that its folder can be read"
        )
    else:
        message = (
            f"store: cannot use {database} ({reason}); nothing was written: check the disk "
            "(space, permissions) and the path in --store or HOPE_STORE"
        )
    return StoreError(message, field="store")


def make_engine(url: str) -> Engine:
    """Create the engine for *url* (SQLite tuned for several writers, or a server).

    Raises
    ------
    StoreError
        When the URL names no usable database driver (``field`` is ``"store"``).
    """
    try:
        if url.startswith("sqlite"):
            return _sqlite_engine(url)
        return sa.create_engine(url, pool_pre_ping=True)
    except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError, ImportError) as error:
        raise StoreError(
            f"store: cannot use {url!r} ({error}); give a path (SQLite) or a URL such as "
            "postgresql+psycopg://user@host/db",
            field="store",
        ) from None


def open_engine(url: str) -> Engine:
    """Create the engine for *url* and bring its schema to :data:`SCHEMA_VERSION`.

    Raises
    ------
    StoreError
        When the URL cannot be used, the server cannot be reached, or the store was written
        by a newer hopelib (it is left untouched).
    """
    engine = make_engine(url)
    try:
        migrate(engine)
    except sa.exc.OperationalError as error:
        engine.dispose()
        where = engine.url.render_as_string(hide_password=True)
        raise StoreError(
            f"store: cannot open {where}: {str(error.orig).strip()}; check the path or URL "
            "and that the server runs",
            field="store",
        ) from None
    except StoreError:
        engine.dispose()
        raise
    return engine


# ------------------------------------------------------------------ migrations


def alembic_config(connection: Connection) -> Any:
    """Return an Alembic config that runs the migrations on *connection*."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def _revision(connection: Connection) -> str | None:
    """Return the store's Alembic revision (``None`` for an empty database)."""
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


def _known_revisions() -> set[str]:
    """Return the revisions this code knows."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return {script.revision for script in ScriptDirectory.from_config(config).walk_revisions()}


def migrate(engine: Engine) -> None:
    """Bring the store to :data:`SCHEMA_VERSION`, or refuse a newer store, untouched.

    Raises
    ------
    StoreError
        When the store has a revision this code does not know (a newer hopelib wrote it),
        or is an SQLite database with tables but no revision (another program's).
    """
    with engine.connect() as connection:
        current = _revision(connection)
        foreign = (
            sorted(sa.inspect(connection).get_table_names())
            if current is None and connection.dialect.name == "sqlite"
            else []
        )
    if current == SCHEMA_VERSION:
        return
    if foreign:
        shown = ", ".join(foreign[:5]) + (", …" if len(foreign) > 5 else "")
        raise StoreError(
            f"store: {engine.url.render_as_string(hide_password=True)} is an SQLite database "
            f"of something else (tables {shown}), not a session store; it was not changed: "
            "give another path in --store or HOPE_STORE",
            field="store",
        )
    if current is not None and current not in _known_revisions():
        raise StoreError(
            f"store: {engine.url.render_as_string(hide_password=True)} has schema version "
            f"{current}, newer than this hopelib understands ({SCHEMA_VERSION}); update "
            "hopelib (git pull, then make export) — the store was not changed",
            field="store",
        )
    from alembic import command

    with engine.connect() as connection:
        connection = connection.execution_options(hope_write=True)
        with connection.begin():
            if connection.dialect.name == "postgresql":
                connection.exec_driver_sql("SELECT pg_advisory_xact_lock(4673)")  # 'HOPE'
            if _revision(connection) != SCHEMA_VERSION:
                command.upgrade(alembic_config(connection), SCHEMA_VERSION)


# ------------------------------------------------------------------ writing and reading


def is_busy(error: sa.exc.DBAPIError) -> bool:
    """Tell whether a database error is a lock or serialisation conflict worth retrying."""
    text = str(error.orig).lower()
    return any(
        word in text
        for word in ("database is locked", "database is busy", "could not serialize", "deadlock")
    )


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """Open one short write transaction (``BEGIN IMMEDIATE`` on SQLite)."""
    with engine.connect() as connection:
        connection = connection.execution_options(hope_write=True)
        if connection.dialect.name == "postgresql":
            connection.execution_options(isolation_level="READ COMMITTED")
        with connection.begin():
            yield connection


def run_write(engine: Engine, work: Callable[[Connection], _T]) -> _T:
    """Run *work* in a write transaction, retrying while the database is busy.

    Returns
    -------
    object
        What *work* returns, once its transaction is committed.

    Raises
    ------
    StoreError
        When a row conflicts with one already in the store after the retries (``field`` is
        ``"record"``); nothing is written then. A :class:`StoreError` raised by *work* passes
        through, its transaction rolled back.
    """
    for attempt in range(RETRIES):
        try:
            with write_transaction(engine) as connection:
                return work(connection)
        except sa.exc.OperationalError as error:
            if not is_busy(error) or attempt == RETRIES - 1:
                raise
        except sa.exc.IntegrityError as error:
            # Two writers registering one pseudonym or snapshotting one session at once:
            # the retry sees the other's row. Anything else is a conflict to report.
            if attempt >= 2:
                raise StoreError(
                    f"record: conflicts with a row already in the store ({error.orig}); "
                    "nothing was written",
                    field="record",
                ) from None
        time.sleep(min(0.05 * 2**attempt, 2.0) * (0.5 + random.random()))
    raise AssertionError("unreachable")  # pragma: no cover


def read_rows(engine: Engine, table: sa.Table, session: str | Sequence[str]) -> pd.DataFrame:
    """Read one session's (or several sessions') rows of *table*, in ``seq`` order.

    Returns
    -------
    pandas.DataFrame
        One column per table column; date-times as UTC timestamps.
    """
    times = [c.name for c in table.columns if isinstance(c.type, sa.DateTime)]
    raw_times = engine.dialect.name == "sqlite"  # parsed by pandas, all at once
    columns = [
        sa.type_coerce(c, sa.String).label(c.name) if raw_times and c.name in times else c
        for c in table.columns
    ]
    sessions = [session] if isinstance(session, str) else list(session)
    query = sa.select(*columns).where(table.c.session.in_(sessions)).order_by(table.c.seq)
    with engine.connect() as connection, gc_paused():
        result = connection.execute(query)
        keys, rows = list(result.keys()), result.fetchall()
        # Column by column: pandas would probe every Row object for a named-tuple shape.
        values = list(zip(*rows, strict=True)) if rows else [() for _ in keys]
        frame = pd.DataFrame(dict(zip(keys, map(list, values), strict=True)), columns=keys)
        del rows, values
        for column in times:
            frame[column] = pd.to_datetime(frame[column], utc=True, format="ISO8601")
    return frame
