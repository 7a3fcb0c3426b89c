"""Writing checked records: one short transaction per write, retried while the database is busy.

The first write of a participant registers the pseudonym for its partner; the first write
of a session stores its snapshot (criteria and scales, agenda, practice file hashes). The
clock and the id factory are public hooks, so reproducible records (the demo sessions) need
no patching.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from ..models import Session
from .engine import run_write
from .reference import Reference
from .rules import check_speaker
from .schema import participants_table, snapshots_table
from .stored_rules import speaker_of

__all__ = ["Check", "Clock", "Follow", "IdFactory", "Item", "Recorder", "new_uuid", "utc_now"]

#: Returns the time a record is written (UTC).
Clock = Callable[[], dt.datetime]
#: Returns a new record id.
IdFactory = Callable[[], str]
#: Runs in the write transaction before the rows are inserted; raises to refuse.
Check = Callable[[Connection], None]
#: Runs in the write transaction after each row is inserted, with the record as written.
Follow = Callable[[Connection, dict[str, Any]], None]
#: One record to write: ``(partner, (pseudonym key, display), values)``.
Item = tuple[str, tuple[str, str], Mapping[str, Any]]


def utc_now() -> dt.datetime:
    """Return the current UTC time (the writer's clock; ``seq`` is the order of truth)."""
    return dt.datetime.now(dt.UTC)


def new_uuid() -> str:
    """Return a new random UUID as text."""
    return str(uuid.uuid4())


class Recorder:
    """Writes checked records into the store's tables.

    Parameters
    ----------
    engine : Engine
    reference : Reference
        For the session snapshot (taxonomy, practice file hashes).
    clock : callable, optional
        Returns the time of each record (default :func:`utc_now`).
    new_id : callable, optional
        Returns each record's id (default :func:`new_uuid`).
    """

    def __init__(
        self,
        engine: Engine,
        reference: Reference,
        *,
        clock: Clock | None = None,
        new_id: IdFactory | None = None,
    ) -> None:
        self.engine = engine
        self.reference = reference
        self.clock: Clock = clock or utc_now
        self.new_id: IdFactory = new_id or new_uuid
        self._snapshotted: set[str] = set()

    def add(
        self,
        table: sa.Table,
        session: Session,
        partner: str,
        pseudonym: tuple[str, str],
        values: Mapping[str, Any],
        check: Check | None = None,
        then: Follow | None = None,
    ) -> dict[str, Any]:
        """Write one checked record (:meth:`record` with one item) and return it as written."""
        return self.record(table, session, [(partner, pseudonym, values)], check, then)[0]

    def record(
        self,
        table: sa.Table,
        session: Session,
        items: Sequence[Item],
        check: Check | None = None,
        then: Follow | None = None,
    ) -> list[dict[str, Any]]:
        """Write checked records in one transaction (registering, snapshotting on first use).

        Returns
        -------
        list of dict
            Each record as written, with its ``id`` and ``seq``.

        Raises
        ------
        StoreError
            When *check* refuses, or a pseudonym already speaks for another partner; nothing
            is written then.
        """

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
                    "id": self.new_id(),
                    "created_at": self.clock(),
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

        records = run_write(self.engine, work)
        self._snapshotted.add(session.id)  # only once the snapshot is surely committed
        return records

    def _register(
        self, connection: Connection, session: Session, partner: str, pseudonym: tuple[str, str]
    ) -> str:
        """Register a pseudonym for *partner* on first use; refuse it for another partner."""
        key, display = pseudonym
        speaker = speaker_of(connection, session.id, key)
        if speaker is None:
            connection.execute(
                participants_table.insert().values(
                    id=self.new_id(),
                    created_at=self.clock(),
                    session=session.id,
                    partner=partner,
                    participant=key,
                    pseudonym=display,
                )
            )
        else:
            check_speaker(display, partner, speaker[0], session.id)
        return key

    def _snapshot(self, connection: Connection, session: Session, partner: str, key: str) -> None:
        """Store what the session rates, on its first write."""
        if session.id in self._snapshotted:
            return
        table = snapshots_table
        exists = connection.execute(
            sa.select(table.c.seq).where(table.c.session == session.id)
        ).first()
        if exists is not None:
            return
        taxonomy = self.reference.taxonomy()
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
        hashes, whole = self.reference.practice_hashes(list(session.practices))
        connection.execute(
            table.insert().values(
                id=self.new_id(),
                created_at=self.clock(),
                session=session.id,
                partner=partner,
                participant=key,
                criteria=json.dumps(criteria, ensure_ascii=False, sort_keys=True),
                agenda=json.dumps(list(session.practices)),
                practice_hashes=json.dumps(hashes, sort_keys=True),
                catalogue_hash=whole,
            )
        )
