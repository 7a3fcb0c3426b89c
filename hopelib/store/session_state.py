"""Opening and closing a session's participant view, kept as dated events.

Closing stops the participant view from taking entries; the facilitator's console, the
store's writers and :func:`~hopelib.store.archive.load_records` are not affected. Each change
is a row of ``session_events``, so the store keeps when the session was closed and reopened.
Session archives (``hope session archive``) leave these events out: a loaded archive is open.
"""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ..errors import StoreError
from .base import StoreBase
from .engine import read_rows, run_write
from .schema import (
    interests_table,
    notes_table,
    ratings_table,
    session_events_table,
    withdrawals_table,
)

__all__ = ["SessionStates"]


class SessionStates(StoreBase):
    """Close and reopen a session's participant view; tell whether it is closed or changed."""

    def close_session(self, session: str, by: str = "facilitator") -> dict[str, object]:
        """Close the participant view of *session* (an event; nothing else changes).

        Returns
        -------
        dict
            The event as written (``id``, ``seq``, ``created_at``, ``event``, ``by``).

        Raises
        ------
        StoreError
            For an unknown session, or one that is already closed; nothing is written.
        """
        return self._change(session, "closed", by)

    def reopen_session(self, session: str, by: str = "facilitator") -> dict[str, object]:
        """Open the participant view of a closed *session* again.

        Raises
        ------
        StoreError
            For an unknown session, or one that is not closed; nothing is written.
        """
        return self._change(session, "reopened", by)

    def is_closed(self, session: str) -> bool:
        """Tell whether the participant view of *session* is closed (its latest event)."""
        with self.engine.connect() as connection:
            return _latest(connection, session) == "closed"

    def session_events(self, session: str) -> pd.DataFrame:
        """Every close and reopen of *session*, in ``seq`` order (columns ``event``, ``by`` …)."""
        return read_rows(self.engine, session_events_table, session)

    def results_version(self, session: str) -> tuple[int, ...]:
        """Return a cheap fingerprint of a session's entries: it changes on every save.

        The largest ``seq`` and the number of rows of the session's ratings, interests,
        notes, withdrawals and events (the count also catches a row whose ``seq`` was taken
        before a larger one's but committed after it): live results compare two readings
        to know when to redraw.
        """
        tables = (ratings_table, interests_table, notes_table, withdrawals_table)
        fingerprint: list[int] = []
        with self.engine.connect() as connection:
            for table in (*tables, session_events_table):
                largest, count = connection.execute(
                    sa.select(sa.func.coalesce(sa.func.max(table.c.seq), 0), sa.func.count()).where(
                        table.c.session == session
                    )
                ).one()
                fingerprint += [int(largest), int(count)]
        return tuple(fingerprint)

    def _change(self, session: str, event: str, by: str) -> dict[str, object]:
        found = self.session(session)  # refuses an unknown session with its own message
        who = (by or "").strip() or "facilitator"

        def work(connection: Connection) -> dict[str, object]:
            closed = _latest(connection, found.id) == "closed"
            if event == "closed" and closed:
                raise StoreError(
                    f"session {found.id} is already closed; "
                    f"`hope session reopen {found.id}` opens it again",
                    field="session",
                )
            if event == "reopened" and not closed:
                raise StoreError(
                    f"session {found.id} is open already; nothing to reopen",
                    field="session",
                )
            row = {
                "id": self.new_id(),
                "created_at": self.clock(),
                "session": found.id,
                "event": event,
                "by": who[:200],
            }
            inserted = connection.execute(session_events_table.insert().values(**row))
            key = inserted.inserted_primary_key
            assert key is not None
            return {"seq": key[0], **row}

        return run_write(self.engine, work)


def _latest(connection: Connection, session: str) -> str | None:
    """Return the latest event of *session* (``None`` when it was never closed)."""
    table = session_events_table
    row = connection.execute(
        sa.select(table.c.event)
        .where(table.c.session == session)
        .order_by(table.c.seq.desc())
        .limit(1)
    ).first()
    return None if row is None else str(row.event)
