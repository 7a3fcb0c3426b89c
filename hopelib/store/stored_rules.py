"""The record rules that read rows already stored: who speaks for whom, whose record it is.

:mod:`.rules` checks a record's own values; these check it against the store, inside the
transaction that writes it, so that nothing changes between the check and the write. The
writers call them before they insert; :func:`~hopelib.store.load_records` calls
:func:`check_loaded` after inserting an archive's rows (the same transaction, so a refusal
loads nothing), which lets an archive's rows refer to each other in any order. Sessions'
archives may be loaded in any order too: a row that refers to an earlier session's records
is checked as soon as those are in the store (loading them checks it from the other side).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ..errors import StoreError
from ..models import Taxonomy
from .rules import check_speaker, refuse
from .schema import (
    action_events_table,
    actions_table,
    interests_table,
    notes_table,
    participants_table,
    ratings_table,
    snapshots_table,
    withdrawals_table,
)

__all__ = [
    "Levels",
    "check_action_events",
    "check_action_owner",
    "check_loaded",
    "check_plannable",
    "check_withdrawable",
    "plan_levels",
    "sessions_present",
    "speaker_of",
    "unplannable",
]

#: The kinds of record a withdrawal may take back.
WITHDRAWABLE = (ratings_table, interests_table, notes_table, actions_table)


def plan_levels(taxonomy: Taxonomy) -> list[str]:
    """Return the levels a plan is made for: the two most ambitious (adopt, adapt)."""
    return list(taxonomy.ids("transfer_levels")[:2])


@dataclass(frozen=True)
class Levels:
    """The transfer levels a plan is made for: their ids, and their names for a message."""

    ids: list[str]
    named: str

    @classmethod
    def of(cls, taxonomy: Taxonomy) -> Levels:
        """Return the plan levels of *taxonomy* (:func:`plan_levels`), named in English."""
        ids = plan_levels(taxonomy)
        named = " or ".join(taxonomy.label("transfer_levels", level, "en") for level in ids)
        return cls(ids, named)


def speaker_of(connection: Connection, session: str, participant: str) -> tuple[str, str] | None:
    """Return the partner a participant key speaks for in *session*, and its pseudonym.

    ``None`` when the key is not registered in the session.
    """
    table = participants_table
    row = connection.execute(
        sa.select(table.c.partner, table.c.pseudonym).where(
            table.c.session == session, table.c.participant == participant
        )
    ).first()
    return None if row is None else (str(row.partner), str(row.pseudonym))


def check_withdrawable(
    connection: Connection, session: str, record: str, partner: str, *, withdrawals: int = 0
) -> None:
    """Refuse to withdraw an unknown record, another partner's, or one already withdrawn.

    Parameters
    ----------
    connection : Connection
        The writing transaction.
    session, record, partner : str
        The session, the rating, interest, note or action, and the partner withdrawing it.
    withdrawals : int
        How many withdrawals of *record* the store may already hold (0 before writing one,
        1 once it is written, as :func:`check_loaded` checks).

    Raises
    ------
    StoreError
        ``field`` ``"record"``.
    """
    for table in WITHDRAWABLE:
        hit = connection.execute(
            sa.select(table.c.partner).where(table.c.id == record, table.c.session == session)
        ).first()
        if hit is not None:
            break
    else:
        raise refuse(
            "record", f"no rating, interest, note or action {record!r} in session {session}"
        )
    if hit.partner != partner:
        raise refuse(
            "record", f"this entry is {hit.partner}'s; only its own partner can withdraw it"
        )
    table = withdrawals_table
    done = connection.execute(
        sa.select(sa.func.count()).select_from(table).where(table.c.record == record)
    ).scalar_one()
    if done > withdrawals:
        raise refuse("record", f"{record!r} is already withdrawn")


def check_action_owner(
    connection: Connection, chain: Sequence[str], action: str, partner: str
) -> None:
    """Refuse a status change of an action outside *chain*, or of another partner's action.

    Parameters
    ----------
    chain : sequence of str
        The session of the change and the sessions it follows, oldest first, it last.

    Raises
    ------
    StoreError
        ``field`` ``"action"``.
    """
    table = actions_table
    owner = connection.execute(
        sa.select(table.c.partner).where(table.c.id == action, table.c.session.in_(chain))
    ).first()
    if owner is None:
        raise refuse(
            "action",
            f"no action {action!r} in session {chain[-1]} or the sessions it follows "
            f"({', '.join(chain[:-1]) or 'none'})",
        )
    if owner.partner != partner:
        raise refuse(
            "action",
            f"this action is {owner.partner}'s; only its own partner changes its status",
        )


def sessions_present(connection: Connection, sessions: Sequence[str]) -> bool:
    """Tell whether the store holds records of every one of *sessions* (its snapshot)."""
    table = snapshots_table
    found = connection.execute(
        sa.select(sa.func.count(sa.distinct(table.c.session))).where(table.c.session.in_(sessions))
    ).scalar_one()
    return bool(found == len(set(sessions)))


def check_action_events(connection: Connection, action: str, partner: str) -> None:
    """Refuse an action whose stored status changes were made by another partner.

    Archives may be loaded in any order: an action can arrive after its status changes.

    Raises
    ------
    StoreError
        ``field`` ``"action"``.
    """
    table = action_events_table
    other = connection.execute(
        sa.select(table.c.partner).where(table.c.action == action, table.c.partner != partner)
    ).first()
    if other is not None:
        raise refuse(
            "action",
            f"{other.partner} changed the status of this action, which is {partner}'s; "
            "only its own partner changes its status",
        )


def unplannable(partner: str, practice: str, wanted: str, session: str) -> StoreError:
    """Return the refusal of a plan for a practice *partner* has not marked *wanted*."""
    return refuse(
        "practice",
        f"{partner} has not marked {practice!r} {wanted} in session {session} or the "
        "sessions it follows; a transfer plan is for such a practice (record the interest "
        "first)",
    )


def check_plannable(
    connection: Connection, chain: Sequence[str], partner: str, practice: str, levels: Levels
) -> None:
    """Refuse a stored plan for a practice its partner never marked at one of *levels*.

    The writer checks the partner's current level (:meth:`~hopelib.store.Store.plan_practices`);
    an archived plan was written when such a mark existed, and marks are never deleted, so a
    plan with no such mark anywhere in *chain* was not written by a writer.

    Parameters
    ----------
    levels : Levels
        The level ids a plan is made for, and how a message names them (``Adopt or Adapt``).

    Raises
    ------
    StoreError
        ``field`` ``"practice"``.
    """
    table = interests_table
    marked = connection.execute(
        sa.select(table.c.seq).where(
            table.c.session.in_(chain),
            table.c.partner == partner,
            table.c.practice == practice,
            table.c.level.in_(levels.ids),
        )
    ).first()
    if marked is None:
        raise unplannable(partner, practice, levels.named, chain[-1])


def check_loaded(
    connection: Connection,
    kind: str,
    rows: Sequence[Mapping[str, Any]],
    chain_of: Callable[[str], list[str]],
    levels: Levels,
) -> list[tuple[int, str]]:
    """Check archived rows, once inserted, against the store as the writers would have.

    Parameters
    ----------
    connection : Connection
        The loading transaction, holding the archive's rows already.
    kind : str
        The record kind of *rows* (participants and snapshots need nothing here).
    rows : sequence of mapping
        The rows inserted, as :func:`~hopelib.store.rules.check_archived` returned them.
    chain_of : callable
        Returns a session's chain (:meth:`~hopelib.store.Store.session_chain`).
    levels : Levels
        The transfer levels a plan is made for (:meth:`Levels.of`).

    Returns
    -------
    list of (int, str)
        The index of each refused row in *rows* and the message (``field: …``).
    """
    if kind in ("participants", "snapshots"):
        return []
    speakers = _speakers(connection, {str(row["session"]) for row in rows})
    problems = []
    for index, row in enumerate(rows):
        session, partner = str(row["session"]), str(row["partner"])
        try:
            speaker = speakers.get((session, str(row["participant"])))
            if speaker is None:
                raise refuse(
                    "participant",
                    f"{row['participant']!r} is not in participants.csv for session "
                    f"{session}; archive the session again (hope session archive)",
                )
            owner, pseudonym = speaker
            check_speaker(pseudonym, partner, owner, session)
            if kind == "withdrawals":
                check_withdrawable(connection, session, str(row["record"]), partner, withdrawals=1)
            elif kind == "actions":
                check_action_events(connection, str(row["id"]), partner)
            elif kind == "action_events":
                # Archives load in any order: an action of an earlier session not loaded yet
                # is checked when that session's records come (check_action_events).
                chain = chain_of(session)
                action = str(row["action"])
                if _action_stored(connection, chain, action) or sessions_present(
                    connection, chain[:-1]
                ):
                    check_action_owner(connection, chain, action, partner)
            elif kind == "transfer_plans":
                chain = chain_of(session)
                if sessions_present(connection, chain[:-1]):  # else the marks may come later
                    check_plannable(connection, chain, partner, str(row["practice"]), levels)
        except StoreError as error:
            problems.append((index, str(error)))
    return problems


def _speakers(connection: Connection, sessions: set[str]) -> dict[tuple[str, str], tuple[str, str]]:
    """Every participant of *sessions*: (session, key) → (partner, pseudonym), in one query."""
    table = participants_table
    query = sa.select(table.c.session, table.c.participant, table.c.partner, table.c.pseudonym)
    rows = connection.execute(query.where(table.c.session.in_(sorted(sessions))))
    return {(r.session, r.participant): (r.partner, r.pseudonym) for r in rows}


def _action_stored(connection: Connection, chain: Sequence[str], action: str) -> bool:
    """Tell whether *action* is stored in one of the sessions of *chain*."""
    table = actions_table
    query = sa.select(table.c.seq).where(table.c.id == action, table.c.session.in_(chain))
    return connection.execute(query).first() is not None
