"""Reading the store: one session's records as DataFrames, with the privacy rules applied.

The privacy rules, in one place: read as a partner, other partners' *private* comments and
rationales are blanked, their private notes left out, and the owners and status notes of
their actions blanked; a transfer plan is read by its own partner only.
"""

from __future__ import annotations

import json
from typing import Any

import pandas as pd
import sqlalchemy as sa

from .base import StoreBase
from .engine import read_rows
from .schema import (
    action_events_table,
    interests_table,
    notes_table,
    participants_table,
    ratings_table,
    snapshots_table,
    withdrawals_table,
)

__all__ = ["RecordViews", "blank_others_actions", "blank_private", "visible_notes"]


# ------------------------------------------------------------------ privacy rules


def blank_private(frame: pd.DataFrame, partner: str | None, column: str) -> pd.DataFrame:
    """Blank other partners' private *column* text when reading for *partner*."""
    if partner is None or frame.empty:
        return frame
    hidden = (frame["visibility"] == "private") & (frame["partner"] != partner)
    frame = frame.copy()
    frame.loc[hidden, column] = ""
    return frame


def visible_notes(frame: pd.DataFrame, partner: str | None) -> pd.DataFrame:
    """Keep the notes *partner* may see: every shared note and its own private ones."""
    if partner is None:
        return frame
    return frame[(frame["visibility"] == "shared") | (frame["partner"] == partner)]


def blank_others_actions(frame: pd.DataFrame, partner: str | None) -> pd.DataFrame:
    """Blank other partners' action owners and status notes when reading for *partner*."""
    if partner is not None and not frame.empty:
        frame = frame.copy()
        others = frame["partner"] != partner
        frame.loc[others, "owner"] = ""
        frame.loc[others & frame["status_note"].notna(), "status_note"] = ""
    return frame


# ------------------------------------------------------------------ readers


class RecordViews(StoreBase):
    """The readers of one session's ratings, interests, notes, participants and snapshot."""

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
        return blank_private(read_rows(self.engine, ratings_table, session), partner, "comment")

    def interests(self, session: str, partner: str | None = None) -> pd.DataFrame:
        """Every transfer interest of a session (history included), in ``seq`` order.

        Parameters
        ----------
        partner : str, optional
            Read as this partner may see: other partners' private rationales are blanked.
        """
        frame = read_rows(self.engine, interests_table, session)
        return blank_private(frame, partner, "rationale")

    def withdrawals(self, session: str) -> pd.DataFrame:
        """Every withdrawal of a session (``record`` is the withdrawn row's ``id``)."""
        return read_rows(self.engine, withdrawals_table, session)

    def notes(self, session: str, partner: str | None = None) -> pd.DataFrame:
        """Return the notes of a session that were not withdrawn.

        Parameters
        ----------
        partner : str, optional
            Only what this partner may see: every shared note and its own private ones.
        """
        frame = read_rows(self.engine, notes_table, session)
        withdrawn = set(self.withdrawals(session)["record"]) if not frame.empty else set()
        frame = visible_notes(frame[~frame["id"].isin(withdrawn)], partner)
        return frame.reset_index(drop=True)

    def action_events(self, session: str) -> pd.DataFrame:
        """Return every status change recorded in a session.

        Columns ``action``, ``status``, ``by``, ``at`` and ``note``; the action may be one of
        an earlier session that the session follows.
        """
        return read_rows(self.engine, action_events_table, session)

    def participants(self, session: str) -> pd.DataFrame:
        """Return the participants of a session (``partner``, ``participant``, ``pseudonym``)."""
        return read_rows(self.engine, participants_table, session)

    def snapshot(self, session: str) -> dict[str, Any] | None:
        """Return what the session rated at its first write (``None`` before any write).

        Returns
        -------
        dict or None
            ``criteria`` (id, label, min, max, labels), ``agenda``, ``practice_hashes``
            (SHA-256 per agenda practice file), ``catalogue_hash`` and ``created_at``.
        """
        frame = read_rows(self.engine, snapshots_table, session)
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
        now, _ = self.reference.practice_hashes(list(snapshot["practice_hashes"]))
        return sorted(p for p, h in snapshot["practice_hashes"].items() if now.get(p) != h)

    def changed_criteria(self, session: str) -> list[str]:
        """Criteria added, dropped or put on another scale since the session's snapshot.

        The session file's ``criteria`` and the taxonomy's scales today, against what the
        first write stored: a report says so when scores were given on other terms.
        """
        snapshot = self.snapshot(session)
        if snapshot is None:
            return []
        taxonomy = self.reference.taxonomy()
        then = {c["id"]: (c["min"], c["max"]) for c in snapshot["criteria"]}
        now = {}
        for criterion_id in self.session(session).criteria:
            scale = taxonomy.criterion(criterion_id).scale
            now[criterion_id] = (scale.min, scale.max)
        return sorted(c for c in then.keys() | now.keys() if then.get(c) != now.get(c))

    def sessions(self) -> list[str]:
        """Return the sessions that have any record in this store."""
        with self.engine.connect() as connection:
            rows = connection.execute(sa.select(participants_table.c.session).distinct())
            return sorted(row[0] for row in rows)
