"""The session store: ratings, transfer interest, notes and actions that are never lost.

Records follow DATA_MODEL.md ("The session store"). Every row has a UUID ``id``, a
database-assigned increasing ``seq`` (the order of truth), ``created_at`` (UTC), ``session``,
``partner`` and ``participant`` (a pseudonym folded for case and accents). Nothing is
overwritten or deleted: corrections, withdrawals and status changes are rows of their own,
and the latest row by ``seq`` counts (:func:`hopelib.compare.current_records`).

The default store is an SQLite file under ``var/`` (``HOPE_STORE`` or ``url=`` change it; a
plain path means SQLite) in WAL mode with a busy timeout, each write one short ``BEGIN
IMMEDIATE`` transaction, so several kernels on one machine write at once. A
``postgresql+psycopg://`` URL serves participants on several machines. The schema is managed
by Alembic (``hopelib/migrations``): an older store is migrated on open; a newer one is
refused, untouched.

Every write is checked at the door against the data folder (session, partner, practice,
criterion and its scale, transfer level, visibility, text): a mistake raises
:class:`~hopelib.errors.StoreError` naming the field, and nothing is written.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import numbers
import os
import random
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.schema import SchemaItem

from . import config
from .catalogue import load_catalogue, load_session, load_sessions, load_taxonomy
from .compare import fold
from .errors import StoreError
from .models import Session, Taxonomy
from .sessions import session_chain

__all__ = [
    "ACTION_STATUSES",
    "PLAN_FIELDS",
    "RECORD_KINDS",
    "SCHEMA_VERSION",
    "VISIBILITIES",
    "Store",
    "archive_session",
    "load_records",
    "normalise_pseudonym",
    "open_store",
]

VISIBILITIES = ("shared", "private")
ACTION_STATUSES = ("open", "doing", "done", "dropped")
#: The parts of a transfer plan, in the Understand → Adapt → Re-use order.
PLAN_FIELDS = ("keep", "change", "resources", "risks", "first_steps", "owner", "milestones")
#: The record kinds, in the order they are archived and loaded.
RECORD_KINDS = (
    "participants",
    "snapshots",
    "ratings",
    "interests",
    "notes",
    "actions",
    "action_events",
    "transfer_plans",
    "withdrawals",
)
#: The Alembic revision this code writes (``hopelib/migrations/versions``).
SCHEMA_VERSION = "0003"
MIGRATIONS = Path(__file__).parent / "migrations"
BUSY_TIMEOUT_S = 60
_RETRIES = 12
_T = TypeVar("_T")

# ------------------------------------------------------------------ tables

metadata = sa.MetaData()


def _table(name: str, *columns: SchemaItem, **options: Any) -> sa.Table:
    """Define a record table with the columns every record has."""
    return sa.Table(
        name,
        metadata,
        sa.Column("seq", sa.Integer, sa.Identity(), primary_key=True),
        sa.Column("id", sa.String(36), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("session", sa.String(100), nullable=False, index=True),
        sa.Column("partner", sa.String(100), nullable=False),
        sa.Column("participant", sa.String(200), nullable=False),
        *columns,
        sqlite_autoincrement=True,
        **options,
    )


participants_table = _table(
    "participants",
    sa.Column("pseudonym", sa.String(200), nullable=False),
    sa.UniqueConstraint("session", "participant", name="uq_participants_session_key"),
)
ratings_table = _table(
    "ratings",
    sa.Column("practice", sa.String(100), nullable=False),
    sa.Column("criterion", sa.String(100), nullable=False),
    sa.Column("score", sa.Integer, nullable=False),
    sa.Column("comment", sa.Text, nullable=False),
    sa.Column("visibility", sa.String(10), nullable=False),
    sa.Index("ix_ratings_session_seq", "session", "seq"),
)
interests_table = _table(
    "interests",
    sa.Column("practice", sa.String(100), nullable=False),
    sa.Column("level", sa.String(100), nullable=False),
    sa.Column("rationale", sa.Text, nullable=False),
    sa.Column("visibility", sa.String(10), nullable=False),
)
notes_table = _table(
    "notes",
    sa.Column("practice", sa.String(100), nullable=True),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("visibility", sa.String(10), nullable=False),
)
actions_table = _table(
    "actions",
    sa.Column("practice", sa.String(100), nullable=True),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("owner", sa.String(200), nullable=False),
    sa.Column("due", sa.Date, nullable=True),
)
action_events_table = _table(
    "action_events",
    sa.Column("action", sa.String(36), nullable=False, index=True),
    sa.Column("status", sa.String(10), nullable=False),
    sa.Column("by", sa.String(200), nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("note", sa.Text, nullable=False, server_default=""),
)
transfer_plans_table = _table(
    "transfer_plans",
    sa.Column("practice", sa.String(100), nullable=False),
    sa.Column("keep", sa.Text, nullable=False),
    sa.Column("change", sa.Text, nullable=False),
    sa.Column("resources", sa.Text, nullable=False),
    sa.Column("risks", sa.Text, nullable=False),
    sa.Column("first_steps", sa.Text, nullable=False),
    sa.Column("owner", sa.String(200), nullable=False),
    sa.Column("milestones", sa.Text, nullable=False),  # JSON: [{"due": ISO date, "text": …}]
    sa.Index("ix_transfer_plans_partner_practice", "partner", "practice"),
)
withdrawals_table = _table(
    "withdrawals",
    sa.Column("record", sa.String(36), nullable=False, index=True),
    sa.Column("by", sa.String(200), nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
)
snapshots_table = sa.Table(
    "snapshots",
    metadata,
    sa.Column("seq", sa.Integer, sa.Identity(), primary_key=True),
    sa.Column("id", sa.String(36), nullable=False, unique=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("session", sa.String(100), nullable=False, unique=True),
    sa.Column("partner", sa.String(100), nullable=False),
    sa.Column("participant", sa.String(200), nullable=False),
    sa.Column("criteria", sa.Text, nullable=False),
    sa.Column("agenda", sa.Text, nullable=False),
    sa.Column("practice_hashes", sa.Text, nullable=False),
    sa.Column("catalogue_hash", sa.String(64), nullable=False),
    sqlite_autoincrement=True,
)
TABLES: dict[str, sa.Table] = {name: metadata.tables[name] for name in RECORD_KINDS}


# ------------------------------------------------------------------ small helpers


def normalise_pseudonym(pseudonym: str) -> str:
    """Fold case, accents and spacing so that ``"Äk "`` and ``"ak"`` are one participant.

    Examples
    --------
    >>> normalise_pseudonym("  Jöns  K ")
    'jons k'
    """
    return " ".join(fold(pseudonym).split())


def _now() -> dt.datetime:
    """Return the current UTC time (the writer's clock; ``seq`` is the order of truth)."""
    return dt.datetime.now(dt.UTC)


def _refuse(field: str, message: str) -> StoreError:
    """Build the error for one field."""
    return StoreError(f"{field}: {message}", field=field)


def _is_busy(error: sa.exc.DBAPIError) -> bool:
    """Tell whether a database error is a lock or serialisation conflict worth retrying."""
    text = str(error.orig).lower()
    return any(
        word in text
        for word in ("database is locked", "database is busy", "could not serialize", "deadlock")
    )


# ------------------------------------------------------------------ the data folder


@dataclass
class _Reference:
    """The data folder's ids, loaded lazily and kept for the life of a store."""

    data_dir: Path
    _taxonomy: Taxonomy | None = None
    _sessions: dict[str, Session] = field(default_factory=dict)
    _practices: set[str] | None = None

    def taxonomy(self) -> Taxonomy:
        if self._taxonomy is None:
            self._taxonomy = load_taxonomy(self.data_dir)
        return self._taxonomy

    def session(self, session_id: object) -> Session:
        if not isinstance(session_id, str) or not session_id:
            raise _refuse("session", "give the id of a session (e.g. demo-1)")
        if session_id not in self._sessions:
            folder = self.data_dir / "sessions" / session_id / "session.yaml"
            if not folder.is_file():
                known = ", ".join(load_sessions(self.data_dir).index) or "none yet"
                raise _refuse(
                    "session",
                    f"unknown session {session_id!r} (known: {known}); create it first "
                    "(`hope session new`) or check the id",
                )
            self._sessions[session_id] = load_session(session_id, self.data_dir)
        return self._sessions[session_id]

    def chain(self, session_id: str) -> list[str]:
        """Return the sessions *session_id* follows (directly or not), oldest first, then it."""
        return [s.id for s in session_chain(self.session(session_id), self.session)]

    def practice_ids(self) -> set[str]:
        if self._practices is None:
            self._practices = set(load_catalogue(self.data_dir).index)
        return self._practices

    def practice_hashes(self, ids: list[str]) -> tuple[dict[str, str], str]:
        """Return the SHA-256 of each agenda practice's file and of the whole catalogue."""
        folder = self.data_dir / "practices"
        whole = hashlib.sha256()
        hashes = {}
        for path in sorted(folder.glob("*.yaml")):
            content = path.read_bytes()
            whole.update(path.name.encode() + b"\0" + content + b"\0")
            if path.stem in ids:
                hashes[path.stem] = hashlib.sha256(content).hexdigest()
        return hashes, whole.hexdigest()


# ------------------------------------------------------------------ engine


def _sqlite_engine(url: str) -> Engine:
    """Create an SQLite engine: WAL, busy timeout, ``BEGIN IMMEDIATE`` for writes."""
    database = sa.engine.make_url(url).database
    if database and database != ":memory:":
        try:
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(
                f"store: cannot create the folder of {database} ({error.strerror}); "
                "give another path in HOPE_STORE or --store",
                field="store",
            ) from None
    engine = sa.create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_S})

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # transactions are begun below
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_S * 1000}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")  # a dead battery loses nothing acknowledged
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        write = connection.get_execution_options().get("hope_write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def _create_engine(url: str) -> Engine:
    """Create the engine for *url* (SQLite tuned for several writers, or a server)."""
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


def _alembic_config(connection: Connection) -> Any:
    """Return an Alembic config that runs the migrations on *connection*."""
    from alembic.config import Config

    alembic_config = Config()
    alembic_config.set_main_option("script_location", str(MIGRATIONS))
    alembic_config.attributes["connection"] = connection
    return alembic_config


def _revision(connection: Connection) -> str | None:
    """Return the store's Alembic revision (``None`` for an empty database)."""
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


def _known_revisions() -> set[str]:
    """Return the revisions this code knows."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    alembic_config = Config()
    alembic_config.set_main_option("script_location", str(MIGRATIONS))
    return {
        script.revision for script in ScriptDirectory.from_config(alembic_config).walk_revisions()
    }


# ------------------------------------------------------------------ the store


class Store:
    """A session store; open it with :func:`open_store`.

    Writers (``add_*``, :meth:`set_action_status`, :meth:`withdraw`) check their input
    against the data folder and return the record as written (with ``id`` and ``seq``), so
    a form can confirm what was saved. Readers return DataFrames of one session.
    """

    def __init__(self, engine: Engine, reference: _Reference) -> None:
        self.engine = engine
        self.url = engine.url.render_as_string(hide_password=True)
        self._reference = reference
        self._snapshotted: set[str] = set()
        # The writer's clock and id source; replaced only to build reproducible demo records.
        self._clock: Callable[[], dt.datetime] = _now
        self._new_id: Callable[[], str] = lambda: str(uuid.uuid4())

    def __repr__(self) -> str:
        return f"Store({self.url!r})"

    def taxonomy(self) -> Taxonomy:
        """Return the taxonomy the store checks against (criteria, scales, levels)."""
        return self._reference.taxonomy()

    def close(self) -> None:
        """Release the store's connections."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # -------------------------------------------------------------- transactions

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """Open one short write transaction (``BEGIN IMMEDIATE`` on SQLite)."""
        with self.engine.connect() as connection:
            connection = connection.execution_options(hope_write=True)
            if connection.dialect.name == "postgresql":
                connection.execution_options(isolation_level="READ COMMITTED")
            with connection.begin():
                yield connection

    def _retrying(self, work: Callable[[Connection], _T]) -> _T:
        """Run *work* in a write transaction, retrying while the database is busy."""
        for attempt in range(_RETRIES):
            try:
                with self._write() as connection:
                    return work(connection)
            except sa.exc.OperationalError as error:
                if not _is_busy(error) or attempt == _RETRIES - 1:
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

    # -------------------------------------------------------------- checks

    def _session(self, session: object) -> Session:
        return self._reference.session(session)

    def _partner(self, session: Session, partner: object) -> str:
        if not isinstance(partner, str) or partner not in session.partners:
            raise _refuse(
                "partner",
                f"{partner!r} is not a partner of session {session.id} "
                f"({', '.join(session.partners)}); choose one of them",
            )
        return partner

    def _practice(self, practice: object, *, required: bool = True) -> str | None:
        if practice is None or practice == "":
            if required:
                raise _refuse("practice", "choose the practice this is about")
            return None
        if not isinstance(practice, str) or practice not in self._reference.practice_ids():
            raise _refuse(
                "practice", f"unknown practice {practice!r}; choose one from the catalogue"
            )
        return practice

    def _on_agenda(self, session: Session, practice: object) -> str:
        """Check that a rated practice is on the session's agenda (when it has one)."""
        checked = self._practice(practice)
        assert checked is not None
        if session.practices and checked not in session.practices:
            raise _refuse(
                "practice",
                f"{checked!r} is not on the agenda of session {session.id} "
                f"({', '.join(session.practices)}); rate one of those",
            )
        return checked

    def _score(self, session: Session, criterion: object, score: object) -> tuple[str, int]:
        if not isinstance(criterion, str) or criterion not in session.criteria:
            raise _refuse(
                "criterion",
                f"{criterion!r} is not a criterion of session {session.id} "
                f"({', '.join(session.criteria)})",
            )
        scale = self._reference.taxonomy().criterion(criterion).scale
        whole = isinstance(score, numbers.Integral) or (
            isinstance(score, numbers.Real) and float(score).is_integer()
        )
        if isinstance(score, bool | np.bool_) or not whole:
            raise _refuse(
                "score", f"{score!r} is not a whole number; give {scale.min} to {scale.max}"
            )
        value = int(score)  # type: ignore[call-overload]
        if not scale.min <= value <= scale.max:
            raise _refuse(
                "score",
                f"{value} is outside the scale of {criterion} ({scale.min}–{scale.max}); "
                f"give {scale.min} to {scale.max}",
            )
        return criterion, value

    @staticmethod
    def _text(name: str, value: object, *, required: bool, limit: int = 20_000) -> str:
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise _refuse(name, f"expected text, got {type(value).__name__}")
        text = value.strip()
        if required and not text:
            raise _refuse(name, "is empty; write a few words")
        if any(ord(c) < 32 and c not in "\n\r\t" for c in text):
            raise _refuse(name, "contains control characters; retype it as plain text")
        if len(text) > limit:
            raise _refuse(name, f"is longer than {limit} characters; shorten it")
        return text

    @staticmethod
    def _visibility(value: object) -> str:
        if value not in VISIBILITIES:
            raise _refuse("visibility", f"{value!r} is not one of {', '.join(VISIBILITIES)}")
        return str(value)

    def _level(self, level: object) -> str:
        levels = self._reference.taxonomy().ids("transfer_levels")
        if level not in levels:
            raise _refuse(
                "level", f"{level!r} is not a transfer level; choose one of {', '.join(levels)}"
            )
        return str(level)

    @staticmethod
    def _due(value: object) -> dt.date | None:
        if value is None or value == "":
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            raise _refuse("due", f"{value!r} is not a date; write it as 2025-06-30") from None

    @staticmethod
    def _pseudonym(participant: object) -> tuple[str, str]:
        if not isinstance(participant, str) or not normalise_pseudonym(participant):
            raise _refuse("participant", "give a pseudonym (initials or a nickname)")
        display = " ".join(participant.split())
        key = normalise_pseudonym(display)
        if len(display) > 100 or len(key) > 200:
            raise _refuse("participant", "is longer than 100 characters; shorten it")
        if any(ord(c) < 32 for c in display):
            raise _refuse("participant", "contains control characters; retype it")
        return key, display

    def _check_loaded(self, kind: str, row: Mapping[str, Any]) -> None:
        """Apply the writers' checks to one archived row."""
        session = self._session(row["session"])
        if kind == "snapshots":
            return
        self._partner(session, row["partner"])
        if kind == "ratings":
            self._on_agenda(session, row["practice"])
            self._score(session, row["criterion"], row["score"])
            self._visibility(row["visibility"])
        elif kind == "interests":
            self._on_agenda(session, row["practice"])
            self._level(row["level"])
            self._visibility(row["visibility"])
        elif kind == "notes":
            self._practice(row["practice"], required=False)
            self._visibility(row["visibility"])
        elif kind == "actions":
            self._practice(row["practice"], required=False)
        elif kind == "action_events" and row["status"] not in ACTION_STATUSES:
            raise _refuse("status", f"{row['status']!r} is not one of {', '.join(ACTION_STATUSES)}")
        elif kind == "transfer_plans":
            self._practice(row["practice"])
            try:
                milestones = json.loads(row["milestones"] or "[]")
            except ValueError:
                raise _refuse("milestones", "is not a JSON list of milestones") from None
            self._milestones(milestones)

    def _milestones(self, milestones: object) -> list[dict[str, str]]:
        """Check milestones (``{"due", "text"}`` mappings or ``(due, text)`` pairs), by date."""
        if milestones is None or milestones == "":
            return []
        if isinstance(milestones, str | bytes) or not isinstance(milestones, Iterable):
            raise _refuse("milestones", "give a list of (date, text) milestones")
        checked = []
        for number, item in enumerate(milestones, start=1):
            if isinstance(item, Mapping):
                due, text = item.get("due"), item.get("text")
            elif isinstance(item, Sequence) and not isinstance(item, str) and len(item) == 2:
                due, text = item
            else:
                raise _refuse("milestones", f"milestone {number}: give a date and a text")
            try:
                when = self._due(due)
                what = self._text("milestones", text, required=True, limit=500)
            except StoreError as error:
                detail = str(error).removeprefix(f"{error.field}: ")
                raise _refuse("milestones", f"milestone {number}: {detail}") from None
            if when is None:
                raise _refuse("milestones", f"milestone {number}: give its date (2025-06-30)")
            checked.append({"due": when.isoformat(), "text": what})
        return sorted(checked, key=lambda m: m["due"])

    def _levels_for_plans(self) -> list[str]:
        """Return the levels a plan is made for: the two most ambitious (adopt, adapt)."""
        return list(self._reference.taxonomy().ids("transfer_levels")[:2])

    # -------------------------------------------------------------- writing

    def _register(
        self, connection: Connection, session: Session, partner: str, pseudonym: tuple[str, str]
    ) -> str:
        """Register a pseudonym for *partner* on first use; refuse it for another partner."""
        key, display = pseudonym
        table = participants_table
        row = connection.execute(
            sa.select(table.c.partner).where(
                table.c.session == session.id, table.c.participant == key
            )
        ).first()
        if row is None:
            connection.execute(
                table.insert().values(
                    id=self._new_id(),
                    created_at=self._clock(),
                    session=session.id,
                    partner=partner,
                    participant=key,
                    pseudonym=display,
                )
            )
        elif row.partner != partner:
            raise _refuse(
                "participant",
                f"{display!r} already speaks for {row.partner} in session {session.id}; "
                "choose another pseudonym (add an initial)",
            )
        return key

    def _snapshot(self, connection: Connection, session: Session, partner: str, key: str) -> None:
        """Store what the session rates, on its first write."""
        if session.id in self._snapshotted:
            return
        table = snapshots_table
        exists = connection.execute(
            sa.select(table.c.seq).where(table.c.session == session.id)
        ).first()
        if exists is None:
            taxonomy = self._reference.taxonomy()
            criteria = []
            for criterion_id in session.criteria:
                criterion = taxonomy.criterion(criterion_id)
                criteria.append(
                    {
                        "id": criterion_id,
                        "label": criterion.label,
                        "min": criterion.scale.min,
                        "max": criterion.scale.max,
                        "labels": {str(k): v for k, v in (criterion.scale.labels or {}).items()},
                    }
                )
            hashes, whole = self._reference.practice_hashes(list(session.practices))
            connection.execute(
                table.insert().values(
                    id=self._new_id(),
                    created_at=self._clock(),
                    session=session.id,
                    partner=partner,
                    participant=key,
                    criteria=json.dumps(criteria, ensure_ascii=False, sort_keys=True),
                    agenda=json.dumps(list(session.practices)),
                    practice_hashes=json.dumps(hashes, sort_keys=True),
                    catalogue_hash=whole,
                )
            )

    def _add(
        self,
        table: sa.Table,
        session: Session,
        partner: str,
        participant: object,
        values: Mapping[str, Any],
        check: Callable[[Connection], None] | None = None,
        then: Callable[[Connection, dict[str, Any]], None] | None = None,
    ) -> dict[str, Any]:
        """Write one record (registering the participant, snapshotting the session).

        *check* runs first and *then* after the insert, in the same transaction.
        """
        item = (partner, self._pseudonym(participant), values)
        return self._add_rows(table, session, [item], check, then)[0]

    def _add_rows(
        self,
        table: sa.Table,
        session: Session,
        items: Sequence[tuple[str, tuple[str, str], Mapping[str, Any]]],
        check: Callable[[Connection], None] | None = None,
        then: Callable[[Connection, dict[str, Any]], None] | None = None,
    ) -> list[dict[str, Any]]:
        """Write checked ``(partner, pseudonym, values)`` records in one transaction."""

        def work(connection: Connection) -> list[dict[str, Any]]:
            if check is not None:
                check(connection)
            records = []
            registered: dict[tuple[str, str], str] = {}
            for partner, pseudonym, values in items:
                if (partner, pseudonym[0]) not in registered:
                    key = self._register(connection, session, partner, pseudonym)
                    registered[(partner, pseudonym[0])] = key
                key = registered[(partner, pseudonym[0])]
                self._snapshot(connection, session, partner, key)
                row = {
                    "id": self._new_id(),
                    "created_at": self._clock(),
                    "session": session.id,
                    "partner": partner,
                    "participant": key,
                    **values,
                }
                inserted = connection.execute(table.insert().values(**row)).inserted_primary_key
                assert inserted is not None
                record = {"seq": inserted[0], **row}
                if then is not None:
                    then(connection, record)
                records.append(record)
            return records

        records = self._retrying(work)
        self._snapshotted.add(session.id)  # only once the snapshot is surely committed
        return records

    def check_rating(
        self,
        session: str,
        partner: str,
        participant: str,
        practice: str,
        criterion: str,
        score: object,
        comment: str = "",
        visibility: str = "shared",
    ) -> dict[str, Any]:
        """Check a rating as :meth:`add_rating` does, without writing anything.

        Returns
        -------
        dict
            The checked values (``partner``, ``participant`` as given, ``practice``,
            ``criterion``, ``score`` as an int, ``comment``, ``visibility``).

        Raises
        ------
        StoreError
            Naming the field at fault.
        """
        found = self._session(session)
        _, display = self._pseudonym(participant)
        criterion, value = self._score(found, criterion, score)
        return {
            "partner": self._partner(found, partner),
            "participant": display,
            "practice": self._on_agenda(found, practice),
            "criterion": criterion,
            "score": value,
            "comment": self._text("comment", comment, required=False),
            "visibility": self._visibility(visibility),
        }

    def add_ratings(
        self,
        session: str,
        partner: str,
        participant: str,
        practice: str,
        scores: Mapping[str, object],
        comment: str = "",
        visibility: str = "shared",
    ) -> list[dict[str, Any]]:
        """Record one participant's scores of a practice on several criteria: all or none.

        Parameters
        ----------
        scores : mapping
            Criterion id → score; each checked as in :meth:`add_rating`.
        comment : str, optional
            Kept with each of these ratings.

        Raises
        ------
        StoreError
            For the first bad value (``field`` names it, e.g. ``score``); nothing is written.
        """
        rows = [
            {
                "partner": partner,
                "participant": participant,
                "practice": practice,
                "criterion": criterion,
                "score": score,
                "comment": comment,
                "visibility": visibility,
            }
            for criterion, score in scores.items()
        ]
        return self.add_rating_rows(session, rows)

    def add_rating_rows(
        self, session: str, rows: Iterable[Mapping[str, Any]]
    ) -> list[dict[str, Any]]:
        """Record many participants' ratings (a facilitator's grid) in one transaction.

        Parameters
        ----------
        rows : iterable of mapping
            Each with ``partner``, ``participant``, ``practice``, ``criterion``, ``score`` and
            optionally ``comment`` and ``visibility``.

        Raises
        ------
        StoreError
            ``row N: field: …`` for the first bad row; nothing is written.
        """
        found = self._session(session)
        items = []
        for number, row in enumerate(rows, start=1):
            try:
                checked = self.check_rating(
                    session,
                    row.get("partner"),  # type: ignore[arg-type]
                    row.get("participant"),  # type: ignore[arg-type]
                    row.get("practice"),  # type: ignore[arg-type]
                    row.get("criterion"),  # type: ignore[arg-type]
                    row.get("score"),
                    row.get("comment") or "",
                    row.get("visibility") or "shared",
                )
            except StoreError as error:
                raise StoreError(f"row {number}: {error}", field=error.field) from None
            partner, pseudonym = checked.pop("partner"), self._pseudonym(checked.pop("participant"))
            items.append((partner, pseudonym, checked))
        if not items:
            return []
        return self._add_rows(ratings_table, found, items)

    def add_rating(
        self,
        session: str,
        partner: str,
        participant: str,
        practice: str,
        criterion: str,
        score: int,
        comment: str = "",
        visibility: str = "shared",
    ) -> dict[str, Any]:
        """Record one participant's score of a practice on one criterion.

        Parameters
        ----------
        session, partner : str
            The session and the partner the participant speaks for.
        participant : str
            A pseudonym; registered for *partner* on first use.
        practice, criterion : str
            What is rated; the criterion must be one of the session's.
        score : int
            A whole number within the criterion's scale.
        comment : str, optional
        visibility : {"shared", "private"}
            Private comments appear only in the participant's own partner's report.

        Returns
        -------
        dict
            The record as written, with its ``id`` and ``seq``. A later rating of the same
            practice and criterion by the same participant replaces this one.

        Raises
        ------
        StoreError
            For any unknown id, a score outside the scale, or a bad visibility; nothing is
            written.
        """
        values = self.check_rating(
            session, partner, participant, practice, criterion, score, comment, visibility
        )
        partner = values.pop("partner")
        values.pop("participant")
        return self._add(ratings_table, self._session(session), partner, participant, values)

    def add_interest(
        self,
        session: str,
        partner: str,
        participant: str,
        practice: str,
        level: str,
        rationale: str = "",
        visibility: str = "shared",
    ) -> dict[str, Any]:
        """Record how far a participant would transfer a practice (adopt … not now).

        Returns the record as written; a later interest in the same practice replaces it.
        """
        found = self._session(session)
        partner = self._partner(found, partner)
        values = {
            "practice": self._on_agenda(found, practice),
            "level": self._level(level),
            "rationale": self._text("rationale", rationale, required=False),
            "visibility": self._visibility(visibility),
        }
        return self._add(interests_table, found, partner, participant, values)

    def add_note(
        self,
        session: str,
        partner: str,
        participant: str,
        text: str,
        practice: str | None = None,
        visibility: str = "shared",
    ) -> dict[str, Any]:
        """Record a note, about a practice or the session; private notes stay with the partner."""
        found = self._session(session)
        partner = self._partner(found, partner)
        values = {
            "practice": self._practice(practice, required=False),
            "text": self._text("text", text, required=True),
            "visibility": self._visibility(visibility),
        }
        return self._add(notes_table, found, partner, participant, values)

    def add_action(
        self,
        session: str,
        partner: str,
        participant: str,
        text: str,
        owner: str = "",
        due: dt.date | str | None = None,
        practice: str | None = None,
    ) -> dict[str, Any]:
        """Record an action point (status ``open``); its owner shows only in its own report."""
        found = self._session(session)
        partner = self._partner(found, partner)
        values = {
            "practice": self._practice(practice, required=False),
            "text": self._text("text", text, required=True),
            "owner": self._text("owner", owner, required=False, limit=200),
            "due": self._due(due),
        }

        def opened(connection: Connection, record: dict[str, Any]) -> None:
            connection.execute(
                action_events_table.insert().values(
                    id=self._new_id(),
                    created_at=record["created_at"],
                    session=found.id,
                    partner=partner,
                    participant=record["participant"],
                    action=record["id"],
                    status="open",
                    by=" ".join(participant.split()),
                    at=record["created_at"],
                )
            )

        return self._add(actions_table, found, partner, participant, values, then=opened)

    def set_action_status(
        self,
        session: str,
        action: str,
        status: str,
        partner: str,
        participant: str,
        note: str = "",
    ) -> dict[str, Any]:
        """Record a status change of an action (``open``, ``doing``, ``done``, ``dropped``).

        Parameters
        ----------
        session : str
            The session in which the change is made: the action's own, or a later session
            that follows it (directly or not); the change is recorded there.
        action : str
            The action's ``id``.
        partner, participant : str
            Who changes it: only the action's own partner may.
        note : str, optional
            What was done, or why it was dropped.

        Raises
        ------
        StoreError
            For an unknown status, an action outside the session and the sessions it follows,
            or another partner's action; nothing is written.
        """
        found = self._session(session)
        partner = self._partner(found, partner)
        if status not in ACTION_STATUSES:
            raise _refuse("status", f"{status!r} is not one of {', '.join(ACTION_STATUSES)}")
        _, by = self._pseudonym(participant)
        chain = self._reference.chain(found.id)
        text = self._text("note", note, required=False)

        def check(connection: Connection) -> None:
            table = actions_table
            owner = connection.execute(
                sa.select(table.c.partner).where(table.c.id == action, table.c.session.in_(chain))
            ).first()
            if owner is None:
                raise _refuse(
                    "action",
                    f"no action {action!r} in session {found.id} or the sessions it follows "
                    f"({', '.join(chain[:-1]) or 'none'})",
                )
            if owner.partner != partner:
                raise _refuse(
                    "action",
                    f"this action is {owner.partner}'s; only its own partner changes its status",
                )

        values = {"action": action, "status": status, "by": by, "at": self._clock(), "note": text}
        return self._add(action_events_table, found, partner, participant, values, check)

    def plan_practices(self, session: str, partner: str) -> dict[str, str]:
        """Return the practices *partner* may plan to transfer, with its level for each.

        A partner's level for a practice is the most common among its participants (ties to
        the more ambitious), in the latest session of the chain (the session and those it
        follows) where it gave one. Plans are for the two most ambitious levels (adopt and
        adapt); a practice that already has a plan stays plannable.

        Returns
        -------
        dict
            Practice id → transfer level id, in the order the practices were first marked.
        """
        from .compare import transfer_matrix

        found = self._session(session)
        partner = self._partner(found, partner)
        levels = list(self._reference.taxonomy().ids("transfer_levels"))
        latest: dict[str, str] = {}
        for earlier in self._reference.chain(found.id):
            interests = self._read(interests_table, earlier)
            interests = interests[interests["partner"] == partner]
            if interests.empty:
                continue
            matrix = transfer_matrix(interests, self.withdrawals(earlier), levels=levels)
            for practice, level in zip(
                matrix.index.get_level_values("practice"), matrix["level"], strict=True
            ):
                latest[str(practice)] = str(level)
        wanted = self._levels_for_plans()
        plannable = {p: level for p, level in latest.items() if level in wanted}
        for practice in self.transfer_plans(session, partner=partner)["practice"]:
            plannable.setdefault(practice, latest.get(practice, ""))
        return plannable

    def add_transfer_plan(
        self,
        session: str,
        partner: str,
        participant: str,
        practice: str,
        *,
        keep: str = "",
        change: str = "",
        resources: str = "",
        risks: str = "",
        first_steps: str = "",
        owner: str = "",
        milestones: Iterable[Any] = (),
    ) -> dict[str, Any]:
        """Record a partner's plan to transfer a practice (a new version of it, if one exists).

        The plan follows Understand → Adapt → Re-use: what makes the practice work and is
        kept, what changes for the local context, the resources it takes and the risks, then
        the first steps, who owns the plan and its milestones. Each save is a new version;
        the latest counts and the earlier ones stay as its history.

        Parameters
        ----------
        session, partner, participant : str
            Where and by whom the plan is written; the partner must have marked the practice
            adopt or adapt (:meth:`plan_practices`).
        practice : str
        keep, change, resources, risks, first_steps : str
            Free text; at least one of *keep*, *change* and *first_steps* must be written.
        owner : str
            Who carries the plan (shown only in its own partner's report).
        milestones : iterable
            ``(due, text)`` pairs or ``{"due", "text"}`` mappings; dates as ISO strings or
            dates. Stored in date order.

        Returns
        -------
        dict
            The record as written (``milestones`` as JSON text).

        Raises
        ------
        StoreError
            Naming the field at fault; nothing is written.
        """
        found = self._session(session)
        partner = self._partner(found, partner)
        chosen = self._practice(practice)
        assert chosen is not None
        plannable = self.plan_practices(found.id, partner)
        if chosen not in plannable:
            wanted = " or ".join(
                self._reference.taxonomy().label("transfer_levels", level, "en")
                for level in self._levels_for_plans()
            )
            raise _refuse(
                "practice",
                f"{partner} has not marked {chosen!r} {wanted} in session {found.id} or the "
                "sessions it follows; a transfer plan is for such a practice (record the "
                "interest first)",
            )
        values: dict[str, Any] = {"practice": chosen}
        for name, value in (
            ("keep", keep),
            ("change", change),
            ("resources", resources),
            ("risks", risks),
            ("first_steps", first_steps),
        ):
            values[name] = self._text(name, value, required=False)
        if not (values["keep"] or values["change"] or values["first_steps"]):
            raise _refuse(
                "keep", "the plan is empty; write what to keep, what to change or the first steps"
            )
        values["owner"] = self._text("owner", owner, required=False, limit=200)
        values["milestones"] = json.dumps(self._milestones(milestones), ensure_ascii=False)
        return self._add(transfer_plans_table, found, partner, participant, values)

    def withdraw(
        self, session: str, record: str, partner: str, participant: str, reason: str = ""
    ) -> dict[str, Any]:
        """Withdraw a rating, an interest or a note: it stops counting (and showing).

        The record stays in the store; a withdrawal is a row of its own.
        """
        found = self._session(session)
        partner = self._partner(found, partner)
        _, by = self._pseudonym(participant)

        def check(connection: Connection) -> None:
            for table in (ratings_table, interests_table, notes_table):
                hit = connection.execute(
                    sa.select(table.c.partner).where(
                        table.c.id == record, table.c.session == found.id
                    )
                ).first()
                if hit is not None:
                    break
            else:
                raise _refuse(
                    "record", f"no rating, interest or note {record!r} in session {found.id}"
                )
            if hit.partner != partner:
                raise _refuse(
                    "record",
                    f"this entry is {hit.partner}'s; only its own partner can withdraw it",
                )
            done = connection.execute(
                sa.select(withdrawals_table.c.seq).where(withdrawals_table.c.record == record)
            ).first()
            if done is not None:
                raise _refuse("record", f"{record!r} is already withdrawn")

        values = {
            "record": record,
            "by": by,
            "reason": self._text("reason", reason, required=False),
        }
        return self._add(withdrawals_table, found, partner, participant, values, check)

    # -------------------------------------------------------------- reading

    def _read(self, table: sa.Table, session: str | Sequence[str]) -> pd.DataFrame:
        """Read one session's (or several sessions') rows of *table*, in ``seq`` order."""
        times = [c.name for c in table.columns if isinstance(c.type, sa.DateTime)]
        raw_times = self.engine.dialect.name == "sqlite"  # parsed by pandas, all at once
        columns = [
            sa.type_coerce(c, sa.String).label(c.name) if raw_times and c.name in times else c
            for c in table.columns
        ]
        sessions = [session] if isinstance(session, str) else list(session)
        query = sa.select(*columns).where(table.c.session.in_(sessions)).order_by(table.c.seq)
        with self.engine.connect() as connection:
            result = connection.execute(query)
            keys, rows = list(result.keys()), result.fetchall()
        # Column by column: pandas would probe every Row object for a named-tuple shape.
        values = list(zip(*rows, strict=True)) if rows else [() for _ in keys]
        frame = pd.DataFrame(dict(zip(keys, map(list, values), strict=True)), columns=keys)
        for column in times:
            frame[column] = pd.to_datetime(frame[column], utc=True, format="ISO8601")
        return frame

    @staticmethod
    def _private_blanked(frame: pd.DataFrame, partner: str | None, column: str) -> pd.DataFrame:
        """Blank other partners' private *column* text when reading for *partner*."""
        if partner is None or frame.empty:
            return frame
        hidden = (frame["visibility"] == "private") & (frame["partner"] != partner)
        frame = frame.copy()
        frame.loc[hidden, column] = ""
        return frame

    def ratings(self, session: str, partner: str | None = None) -> pd.DataFrame:
        """Every rating of a session (history included), in ``seq`` order.

        Parameters
        ----------
        partner : str, optional
            Read as this partner may see: other partners' private comments are blanked.

        Returns
        -------
        pandas.DataFrame
            Columns ``seq``, ``id``, ``created_at``, ``session``, ``partner``,
            ``participant``, ``practice``, ``criterion``, ``score``, ``comment``,
            ``visibility``; :func:`hopelib.compare.score_summary` keeps the ones that count.
        """
        return self._private_blanked(self._read(ratings_table, session), partner, "comment")

    def interests(self, session: str, partner: str | None = None) -> pd.DataFrame:
        """Every transfer interest of a session (history included), in ``seq`` order."""
        return self._private_blanked(self._read(interests_table, session), partner, "rationale")

    def withdrawals(self, session: str) -> pd.DataFrame:
        """Every withdrawal of a session (``record`` is the withdrawn row's ``id``)."""
        return self._read(withdrawals_table, session)

    def notes(self, session: str, partner: str | None = None) -> pd.DataFrame:
        """Return the notes of a session that were not withdrawn.

        Parameters
        ----------
        partner : str, optional
            Only what this partner may see: every shared note and its own private ones.
        """
        frame = self._read(notes_table, session)
        withdrawn = set(self.withdrawals(session)["record"]) if not frame.empty else set()
        frame = frame[~frame["id"].isin(withdrawn)]
        if partner is not None:
            frame = frame[(frame["visibility"] == "shared") | (frame["partner"] == partner)]
        return frame.reset_index(drop=True)

    def action_events(self, session: str) -> pd.DataFrame:
        """Return every status change recorded in a session.

        Columns ``action``, ``status``, ``by``, ``at`` and ``note``; the action may be one of
        an earlier session that the session follows.
        """
        return self._read(action_events_table, session)

    def _in_chain_order(self, frame: pd.DataFrame, chain: list[str]) -> pd.DataFrame:
        """Sort rows of several sessions: by the session's place in *chain*, then ``seq``.

        Within a session ``seq`` is the order of truth; across sessions the order of the
        workshops is (archives may have been loaded in any order).
        """
        rank = frame["session"].map({s: i for i, s in enumerate(chain)})
        order = pd.DataFrame({"rank": rank, "seq": frame["seq"]}).sort_values(
            ["rank", "seq"], kind="stable"
        )
        return frame.loc[order.index].reset_index(drop=True)

    def _actions_as_of(
        self, sessions: list[str], chain: list[str], partner: str | None
    ) -> pd.DataFrame:
        """Actions of *sessions* with their latest status among the changes made in *chain*."""
        frame = self._read(actions_table, sessions)
        events = self._in_chain_order(self._read(action_events_table, chain), chain)
        events = events[events["action"].isin(frame["id"])]
        counts = events.groupby("action").size()
        latest = events.drop_duplicates("action", keep="last").set_index("action")
        for column, name in (
            ("status", "status"),
            ("by", "status_by"),
            ("at", "status_at"),
            ("note", "status_note"),
            ("session", "status_session"),
        ):
            frame[name] = frame["id"].map(latest[column]) if len(latest) else None
        frame["changes"] = frame["id"].map(counts).fillna(0).astype(int)
        if partner is not None and not frame.empty:
            others = frame["partner"] != partner
            frame.loc[others, "owner"] = ""
            frame.loc[others & frame["status_note"].notna(), "status_note"] = ""
        return self._in_chain_order(frame, chain) if len(sessions) > 1 else frame

    def actions(self, session: str, partner: str | None = None) -> pd.DataFrame:
        """Return the actions of a session with their latest status.

        Parameters
        ----------
        partner : str, optional
            Read as this partner may see: other partners' action owners and status notes are
            blanked.

        Returns
        -------
        pandas.DataFrame
            The action columns plus ``status``, ``status_by``, ``status_at``,
            ``status_note`` and ``status_session`` (the latest status change made in the
            session, by ``seq``) and ``changes`` (how many status rows it has, the opening
            included).
        """
        return self._actions_as_of([session], [session], partner)

    def followed_actions(self, session: str, partner: str | None = None) -> pd.DataFrame:
        """Return the actions of the sessions a session follows ("since last workshop").

        Parameters
        ----------
        session : str
            The later session; its ``follows`` (and theirs, and so on) give the earlier ones.
        partner : str, optional
            Read as this partner may see: other partners' action owners and status notes are
            blanked.

        Returns
        -------
        pandas.DataFrame
            The columns of :meth:`actions`, oldest session first. The status is the latest
            change made in the earlier sessions or in *session* itself (not in sessions that
            came later, so a report stays what it was).
        """
        chain = self._reference.chain(self._session(session).id)
        return self._actions_as_of(chain[:-1], chain, partner)

    def action_history(self, session: str) -> pd.DataFrame:
        """Return every status change of the actions a session sees (its own and earlier).

        Returns
        -------
        pandas.DataFrame
            The columns of :meth:`action_events` (``session`` is where the change was made),
            in the order of the sessions, then ``seq``.
        """
        chain = self._reference.chain(self._session(session).id)
        known = self._read(actions_table, chain)["id"]
        events = self._in_chain_order(self._read(action_events_table, chain), chain)
        return events[events["action"].isin(known)].reset_index(drop=True)

    def _plans(self, session: str) -> pd.DataFrame:
        """Every version of every transfer plan in a session's chain, oldest first."""
        chain = self._reference.chain(self._session(session).id)
        frame = self._in_chain_order(self._read(transfer_plans_table, chain), chain)
        frame["milestones"] = [json.loads(m or "[]") for m in frame["milestones"]]
        frame["version"] = frame.groupby(["partner", "practice"]).cumcount() + 1
        return frame

    def transfer_plans(self, session: str, partner: str | None = None) -> pd.DataFrame:
        """Return the latest version of each transfer plan a session sees.

        Plans written in the session or in the sessions it follows count (a plan carries
        on from one workshop to the next); versions written later do not.

        Parameters
        ----------
        partner : str, optional
            Only this partner's plans (a plan is shown to its own partner only).

        Returns
        -------
        pandas.DataFrame
            One row per (``partner``, ``practice``) with the :data:`PLAN_FIELDS`
            (``milestones`` a list of ``{"due", "text"}``), ``version`` (1 for the first),
            ``session`` (where this version was written), ``participant`` and
            ``created_at``.
        """
        frame = self._plans(session)
        if partner is not None:
            frame = frame[frame["partner"] == partner]
        latest = frame.drop_duplicates(["partner", "practice"], keep="last")
        return latest.sort_values(["partner", "practice"], kind="stable").reset_index(drop=True)

    def transfer_plan_history(self, session: str, partner: str, practice: str) -> pd.DataFrame:
        """Return every version of one partner's plan for a practice, oldest first."""
        frame = self._plans(session)
        mine = frame[(frame["partner"] == partner) & (frame["practice"] == practice)]
        return mine.reset_index(drop=True)

    def participants(self, session: str) -> pd.DataFrame:
        """Return the participants of a session (``partner``, ``participant``, ``pseudonym``)."""
        return self._read(participants_table, session)

    def snapshot(self, session: str) -> dict[str, Any] | None:
        """Return what the session rated at its first write (``None`` before any write).

        Returns
        -------
        dict or None
            ``criteria`` (id, label, min, max, labels), ``agenda``, ``practice_hashes``
            (SHA-256 per agenda practice file), ``catalogue_hash`` and ``created_at``.
        """
        frame = self._read(snapshots_table, session)
        if frame.empty:
            return None
        row = frame.iloc[0]
        return {
            "created_at": row["created_at"],
            "criteria": json.loads(row["criteria"]),
            "agenda": json.loads(row["agenda"]),
            "practice_hashes": json.loads(row["practice_hashes"]),
            "catalogue_hash": row["catalogue_hash"],
        }

    def changed_practices(self, session: str) -> list[str]:
        """Agenda practices whose files changed (or vanished) since the session's snapshot."""
        snapshot = self.snapshot(session)
        if snapshot is None:
            return []
        now, _ = self._reference.practice_hashes(list(snapshot["practice_hashes"]))
        return sorted(p for p, h in snapshot["practice_hashes"].items() if now.get(p) != h)

    def sessions(self) -> list[str]:
        """Return the sessions that have any record in this store."""
        with self.engine.connect() as connection:
            rows = connection.execute(sa.select(participants_table.c.session).distinct())
            return sorted(row[0] for row in rows)


# ------------------------------------------------------------------ opening


def _migrate(engine: Engine) -> None:
    """Bring the store to :data:`SCHEMA_VERSION`, or refuse a newer store, untouched."""
    with engine.connect() as connection:
        current = _revision(connection)
    if current == SCHEMA_VERSION:
        return
    known = _known_revisions()
    if current is not None and current not in known:
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
                command.upgrade(_alembic_config(connection), SCHEMA_VERSION)


def open_store(url: str | None = None, data_dir: str | os.PathLike[str] | None = None) -> Store:
    """Open (creating or migrating when needed) the session store.

    Parameters
    ----------
    url : str, optional
        An SQLAlchemy URL or a file path (SQLite); default ``HOPE_STORE``, else
        ``var/hope.sqlite`` in the project.
    data_dir : path, optional
        The data folder whose ids writes are checked against.

    Returns
    -------
    Store

    Raises
    ------
    StoreError
        When the URL cannot be used, the server cannot be reached, or the store was written
        by a newer hopelib (it is left untouched).

    Examples
    --------
    >>> store = open_store()
    >>> store.add_rating("demo-1", "maribor", "AK", "sociolab", "relevance", 4)
    """
    resolved = config.store_url(url)
    engine = _create_engine(resolved)
    try:
        _migrate(engine)
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
    return Store(engine, _Reference(config.data_dir(data_dir)))


# ------------------------------------------------------------------ archive


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
        The files written (UTF-8, ISO timestamps in UTC, rows in ``seq`` order, no ``seq``).
        Each file is written whole or not at all.
    """
    store._session(session)  # an unknown session is refused before anything is written
    target = (
        Path(folder) if folder else store._reference.data_dir / "sessions" / session / "records"
    )
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in RECORD_KINDS:
        table = TABLES[kind]
        frame = store._read(table, session)
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


def _parse(kind: str, column: sa.Column[Any], text: str, where: str) -> Any:
    """Turn one archive cell back into a database value."""
    if text == "" and column.nullable:
        return None
    try:
        if isinstance(column.type, sa.DateTime):
            return pd.Timestamp(text).tz_convert("UTC").to_pydatetime()
        if isinstance(column.type, sa.Date):
            return dt.date.fromisoformat(text)
        if isinstance(column.type, sa.Integer):
            return int(text)
    except (ValueError, TypeError):
        raise StoreError(f"{where}: {column.name}: {text!r} is not a valid {kind} value") from None
    return text


def load_records(store: Store, folder: str | os.PathLike[str]) -> dict[str, int]:
    """Load archived records (:func:`archive_session`) into *store*, idempotently.

    Rows already in the store (same ``id``) are skipped, so loading twice adds nothing. Every
    row is checked first (columns, values, and for ratings and interests the same checks as
    the writers); any problem raises :class:`StoreError` naming the file, line and column, and
    nothing is loaded.

    Returns
    -------
    dict
        The number of rows added per record kind.
    """
    source = Path(folder)
    if not source.is_dir():
        raise StoreError(f"{source}: no such folder; give a records/ folder", field="folder")
    pending: dict[str, list[dict[str, Any]]] = {}
    problems: list[str] = []
    for kind in RECORD_KINDS:
        path = source / f"{kind}.csv"
        if not path.exists():
            continue
        table = TABLES[kind]
        expected = [c.name for c in table.columns if c.name != "seq"]
        # Columns added by a later schema, with a default, may be missing from older archives.
        defaults = {
            c.name: str(c.server_default.arg)
            for c in table.columns
            if isinstance(c.server_default, sa.DefaultClause)
        }
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            older = [c for c in expected if c in (reader.fieldnames or []) or c not in defaults]
            if reader.fieldnames not in (expected, older):
                problems.append(
                    f"{path}:1: columns: expected {','.join(expected)}, "
                    f"found {','.join(reader.fieldnames or [])}"
                )
                continue
            rows = []
            for line, raw in enumerate(reader, start=2):
                where = f"{path}:{line}"
                try:
                    row = {
                        c: _parse(kind, table.c[c], raw.get(c, defaults.get(c, "")), where)
                        for c in expected
                    }
                    store._check_loaded(kind, row)
                except StoreError as error:
                    message = str(error)
                    problems.append(
                        message if message.startswith(str(path)) else f"{where}: {message}"
                    )
                    continue
                rows.append(row)
            pending[kind] = rows
    if problems:
        raise StoreError(
            f"{len(problems)} problem(s); nothing was loaded:\n" + "\n".join(problems),
            field="folder",
        )

    def work(connection: Connection) -> dict[str, int]:
        added = {}
        for kind, rows in pending.items():
            table = TABLES[kind]
            ids = [row["id"] for row in rows]
            present: set[str] = set()
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                present |= set(
                    connection.execute(sa.select(table.c.id).where(table.c.id.in_(chunk))).scalars()
                )
            new = [row for row in rows if row["id"] not in present]
            if kind == "participants":
                new = _new_participants(connection, new, source / f"{kind}.csv")
            elif kind == "snapshots":  # a session keeps its first snapshot
                taken = set(connection.execute(sa.select(table.c.session)).scalars())
                new = [row for row in new if row["session"] not in taken]
            if new:
                connection.execute(table.insert(), new)
            added[kind] = len(new)
        return added

    return store._retrying(work)


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
