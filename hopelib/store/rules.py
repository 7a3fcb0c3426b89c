"""The record rules: one check per field and one per record kind, for every way in.

Every writer of :class:`~hopelib.store.Store`, :func:`~hopelib.store.load_records` (through
:func:`check_archived`) and the grid imports (:func:`hopelib.imports.check_scores`, through
:meth:`~hopelib.store.Store.check_rating`) apply these functions, so a value one of them
refuses, all refuse. Each check raises :class:`~hopelib.errors.StoreError` whose message
starts with the field (``score: 9 is outside the scale …; give 1 to 5``) and whose
``field`` names it, and returns the value as it is stored (text stripped, a score as an
``int``, a date as a date).

Checks that need the store's own rows (a pseudonym already speaking for another partner,
the action whose status changes, the record withdrawn, the practices a partner may plan)
are in :mod:`.stored_rules`, run in the transaction of the writer or of the load.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import numbers
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from ..compare import fold
from ..errors import StoreError
from ..models import Session
from .plain_text import TEXT_LIMIT, has_control_characters
from .reference import Reference
from .schema import ACTION_STATUSES, VISIBILITIES
from .snapshot_rules import snapshot_values

__all__ = [
    "ID_LIMIT",
    "MILESTONE_LIMIT",
    "NAME_LIMIT",
    "TEXT_LIMIT",
    "action_values",
    "check_archived",
    "check_due",
    "check_level",
    "check_milestones",
    "check_on_agenda",
    "check_participant_key",
    "check_partner",
    "check_practice",
    "check_pseudonym",
    "check_record_id",
    "check_score",
    "check_speaker",
    "check_status",
    "check_text",
    "check_visibility",
    "interest_values",
    "normalise_pseudonym",
    "note_values",
    "participant_values",
    "plan_values",
    "rating_values",
    "refuse",
    "status_values",
    "withdrawal_values",
]

#: The longest name (an owner).
NAME_LIMIT = 200
#: The longest milestone text.
MILESTONE_LIMIT = 500
#: The longest record id (a UUID).
ID_LIMIT = 36
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_EXAMPLE = "6f1c2a55-4b0e-4c51-9a34-2f9d1e7c0a11"


def refuse(field: str, message: str) -> StoreError:
    """Build the error for one field: ``field: message``, with ``field`` set."""
    return StoreError(f"{field}: {message}", field=field)


# ------------------------------------------------------------------ who


@functools.lru_cache(maxsize=4096)  # archives repeat a few dozen pseudonyms thousands of times
def normalise_pseudonym(pseudonym: str) -> str:
    """Fold case, accents and spacing so that ``"Äk "`` and ``"ak"`` are one participant.

    Examples
    --------
    >>> normalise_pseudonym("  Jöns  K ")
    'jons k'
    """
    return " ".join(fold(pseudonym).split())


def check_pseudonym(participant: object) -> tuple[str, str]:
    """Check a pseudonym as typed; return its key (folded) and its display form."""
    if not isinstance(participant, str) or not normalise_pseudonym(participant):
        raise refuse("participant", "give a pseudonym (initials or a nickname)")
    display = " ".join(participant.split())
    key = normalise_pseudonym(display)
    if len(display) > 100 or len(key) > 200:
        raise refuse("participant", "is longer than 100 characters; shorten it")
    if any(ord(c) < 32 for c in display):
        raise refuse("participant", "contains control characters; retype it")
    return key, display


def check_participant_key(value: object) -> str:
    """Check a stored participant key: a pseudonym as :func:`normalise_pseudonym` folds it."""
    if not isinstance(value, str) or not value:
        raise refuse("participant", "give the participant's folded pseudonym")
    if len(value) > 200 or any(ord(c) < 32 for c in value):
        raise refuse("participant", f"{value[:40]!r} is not a pseudonym the store writes")
    if normalise_pseudonym(value) != value:
        raise refuse(
            "participant",
            f"{value!r} is not folded; the store writes it as {normalise_pseudonym(value)!r}",
        )
    return value


def check_partner(session: Session, partner: object) -> str:
    """Check that *partner* takes part in *session*."""
    if not isinstance(partner, str) or partner not in session.partners:
        raise refuse(
            "partner",
            f"{partner!r} is not a partner of session {session.id} "
            f"({', '.join(session.partners)}); choose one of them",
        )
    return partner


def check_speaker(display: str, partner: str, owner: str, session: str) -> None:
    """Refuse a pseudonym registered for *owner* when it now speaks for *partner*."""
    if owner != partner:
        raise refuse(
            "participant",
            f"{display!r} already speaks for {owner} in session {session}; "
            "choose another pseudonym (add an initial)",
        )


# ------------------------------------------------------------------ fields


def check_record_id(field: str, value: object, *, generated: bool = False) -> str:
    """Check a record id (at most :data:`ID_LIMIT` characters; *generated*: a UUID)."""
    if not isinstance(value, str) or not value.strip() or len(value) > ID_LIMIT:
        raise refuse(field, f"{value!r} is not a record id; give the id of a record")
    if generated and not _UUID.fullmatch(value):
        raise refuse(field, f"{value!r} is not a record id; the store writes UUIDs ({_EXAMPLE})")
    return value


def check_practice(reference: Reference, practice: object, *, required: bool = True) -> str | None:
    """Check a practice id against the catalogue (``None`` when optional and not given)."""
    if practice is None or practice == "":
        if required:
            raise refuse("practice", "choose the practice this is about")
        return None
    if not isinstance(practice, str) or practice not in reference.practice_ids():
        raise refuse("practice", f"unknown practice {practice!r}; choose one from the catalogue")
    return practice


def check_on_agenda(reference: Reference, session: Session, practice: object) -> str:
    """Check that a rated practice is on the session's agenda (when it has one)."""
    checked = check_practice(reference, practice)
    assert checked is not None
    if session.practices and checked not in session.practices:
        raise refuse(
            "practice",
            f"{checked!r} is not on the agenda of session {session.id} "
            f"({', '.join(session.practices)}); rate one of those",
        )
    return checked


def check_score(
    reference: Reference, session: Session, criterion: object, score: object
) -> tuple[str, int]:
    """Check a criterion of the session and a whole score within its scale."""
    if not session.criteria:
        raise refuse(
            "criterion",
            f"session {session.id} has no criteria, so it takes no ratings: it was not rated "
            "in the workbook (its session.yaml lists no criteria). To rate it, list the "
            "criteria ids of taxonomy.yaml under criteria: in that file",
        )
    if not isinstance(criterion, str) or criterion not in session.criteria:
        raise refuse(
            "criterion",
            f"{criterion!r} is not a criterion of session {session.id} "
            f"({', '.join(session.criteria)})",
        )
    scale = reference.taxonomy().criterion(criterion).scale
    whole = isinstance(score, numbers.Integral) or (
        isinstance(score, numbers.Real) and float(score).is_integer()
    )
    if isinstance(score, bool | np.bool_) or not whole:
        raise refuse("score", f"{score!r} is not a whole number; give {scale.min} to {scale.max}")
    value = int(score)  # type: ignore[call-overload]
    if not scale.min <= value <= scale.max:
        raise refuse(
            "score",
            f"{value} is outside the scale of {criterion} ({scale.min}–{scale.max}); "
            f"give {scale.min} to {scale.max}",
        )
    return criterion, value


def check_text(name: str, value: object, *, required: bool, limit: int = TEXT_LIMIT) -> str:
    """Check free text: plain characters, within *limit*, written when *required*."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise refuse(name, f"expected text, got {type(value).__name__}")
    text = value.strip()
    if required and not text:
        raise refuse(name, "is empty; write a few words")
    if has_control_characters(text):
        raise refuse(name, "contains control characters; retype it as plain text")
    if len(text) > limit:
        raise refuse(name, f"is longer than {limit} characters; shorten it")
    return text


def check_visibility(value: object) -> str:
    """Check a visibility (:data:`~hopelib.store.VISIBILITIES`)."""
    if value not in VISIBILITIES:
        raise refuse("visibility", f"{value!r} is not one of {', '.join(VISIBILITIES)}")
    return str(value)


def check_level(reference: Reference, level: object) -> str:
    """Check a transfer level of the taxonomy."""
    levels = reference.taxonomy().ids("transfer_levels")
    if level not in levels:
        raise refuse(
            "level", f"{level!r} is not a transfer level; choose one of {', '.join(levels)}"
        )
    return str(level)


def check_due(value: object) -> dt.date | None:
    """Check a date (a date, or ISO text); ``None`` when not given."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise refuse("due", f"{value!r} is not a date; write it as 2025-06-30") from None


def check_status(value: object) -> str:
    """Check an action status (:data:`~hopelib.store.ACTION_STATUSES`)."""
    if value not in ACTION_STATUSES:
        raise refuse("status", f"{value!r} is not one of {', '.join(ACTION_STATUSES)}")
    return str(value)


def check_milestones(milestones: object) -> list[dict[str, str]]:
    """Check milestones (``{"due", "text"}`` mappings or ``(due, text)`` pairs), by date."""
    if milestones is None or milestones == "":
        return []
    if isinstance(milestones, str | bytes) or not isinstance(milestones, Iterable):
        raise refuse("milestones", "give a list of (date, text) milestones")
    checked = []
    for number, item in enumerate(milestones, start=1):
        if isinstance(item, Mapping):
            due, text = item.get("due"), item.get("text")
        elif isinstance(item, Sequence) and not isinstance(item, str) and len(item) == 2:
            due, text = item
        else:
            raise refuse("milestones", f"milestone {number}: give a date and a text")
        try:
            when = check_due(due)
            what = check_text("milestones", text, required=True, limit=MILESTONE_LIMIT)
        except StoreError as error:
            detail = str(error).removeprefix(f"{error.field}: ")
            raise refuse("milestones", f"milestone {number}: {detail}") from None
        if when is None:
            raise refuse("milestones", f"milestone {number}: give its date (2025-06-30)")
        checked.append({"due": when.isoformat(), "text": what})
    return sorted(checked, key=lambda m: m["due"])


# ------------------------------------------------------------------ records


def participant_values(
    reference: Reference, session: Session, *, participant: object, pseudonym: object
) -> dict[str, Any]:
    """Check a participant row: its display pseudonym, and the key folded from it."""
    key, display = check_pseudonym(pseudonym)
    if participant != key:
        raise refuse("participant", f"{participant!r} is not the folded form of {display!r}")
    return {"participant": key, "pseudonym": display}


def rating_values(
    reference: Reference,
    session: Session,
    *,
    practice: object,
    criterion: object,
    score: object,
    comment: object,
    visibility: object,
) -> dict[str, Any]:
    """Check a rating's values (the criterion and score first, then the practice)."""
    criterion, value = check_score(reference, session, criterion, score)
    return {
        "practice": check_on_agenda(reference, session, practice),
        "criterion": criterion,
        "score": value,
        "comment": check_text("comment", comment, required=False),
        "visibility": check_visibility(visibility),
    }


def interest_values(
    reference: Reference,
    session: Session,
    *,
    practice: object,
    level: object,
    rationale: object,
    visibility: object,
) -> dict[str, Any]:
    """Check a transfer interest's values."""
    return {
        "practice": check_on_agenda(reference, session, practice),
        "level": check_level(reference, level),
        "rationale": check_text("rationale", rationale, required=False),
        "visibility": check_visibility(visibility),
    }


def note_values(
    reference: Reference, session: Session, *, practice: object, text: object, visibility: object
) -> dict[str, Any]:
    """Check a note's values (about a practice, or the session when *practice* is empty)."""
    return {
        "practice": check_practice(reference, practice, required=False),
        "text": check_text("text", text, required=True),
        "visibility": check_visibility(visibility),
    }


def action_values(
    reference: Reference,
    session: Session,
    *,
    practice: object,
    text: object,
    owner: object,
    due: object,
) -> dict[str, Any]:
    """Check an action point's values."""
    return {
        "practice": check_practice(reference, practice, required=False),
        "text": check_text("text", text, required=True),
        "owner": check_text("owner", owner, required=False, limit=NAME_LIMIT),
        "due": check_due(due),
    }


def status_values(
    reference: Reference,
    session: Session,
    *,
    action: object,
    status: object,
    by: object,
    note: object,
) -> dict[str, Any]:
    """Check a status change's values (*by* is the pseudonym of who changes it)."""
    return {
        "action": check_record_id("action", action),
        "status": check_status(status),
        "by": check_pseudonym(by)[1],
        "note": check_text("note", note, required=False),
    }


def plan_values(
    reference: Reference,
    session: Session,
    *,
    practice: object,
    keep: object,
    change: object,
    resources: object,
    risks: object,
    first_steps: object,
    owner: object,
    milestones: object,
) -> dict[str, Any]:
    """Check a transfer plan's values; ``milestones`` comes back as JSON text, by date."""
    values: dict[str, Any] = {"practice": check_practice(reference, practice)}
    for name, value in (
        ("keep", keep),
        ("change", change),
        ("resources", resources),
        ("risks", risks),
        ("first_steps", first_steps),
    ):
        values[name] = check_text(name, value, required=False)
    if not (values["keep"] or values["change"] or values["first_steps"]):
        raise refuse(
            "keep", "the plan is empty; write what to keep, what to change or the first steps"
        )
    values["owner"] = check_text("owner", owner, required=False, limit=NAME_LIMIT)
    values["milestones"] = json.dumps(check_milestones(milestones), ensure_ascii=False)
    return values


def withdrawal_values(
    reference: Reference, session: Session, *, record: object, by: object, reason: object
) -> dict[str, Any]:
    """Check a withdrawal's values (*by* is the pseudonym of who withdraws)."""
    return {
        "record": check_record_id("record", record),
        "by": check_pseudonym(by)[1],
        "reason": check_text("reason", reason, required=False),
    }


_Rule = Callable[..., dict[str, Any]]
#: Record kind → its rule and the columns the rule is given.
_RECORD_RULES: dict[str, tuple[_Rule, tuple[str, ...]]] = {
    "participants": (participant_values, ("participant", "pseudonym")),
    "ratings": (rating_values, ("practice", "criterion", "score", "comment", "visibility")),
    "interests": (interest_values, ("practice", "level", "rationale", "visibility")),
    "notes": (note_values, ("practice", "text", "visibility")),
    "actions": (action_values, ("practice", "text", "owner", "due")),
    "action_events": (status_values, ("action", "status", "by", "note")),
    "transfer_plans": (
        plan_values,
        ("practice", "keep", "change", "resources", "risks", "first_steps", "owner", "milestones"),
    ),
    "withdrawals": (withdrawal_values, ("record", "by", "reason")),
    "snapshots": (snapshot_values, ("criteria", "agenda", "practice_hashes", "catalogue_hash")),
}


def _milestones_json(text: object) -> object:
    """Read a stored plan's milestones (JSON text) for :func:`check_milestones`."""
    try:
        return json.loads(str(text or "[]"))
    except (ValueError, RecursionError):
        raise refuse("milestones", "is not a JSON list of milestones") from None


def check_archived(reference: Reference, kind: str, row: Mapping[str, Any]) -> dict[str, Any]:
    """Apply the writers' rules to one archived row of *kind*.

    Parameters
    ----------
    reference : Reference
        The data folder the row is checked against.
    kind : str
        One of :data:`~hopelib.store.RECORD_KINDS`.
    row : mapping
        The row's columns, typed (dates, times and whole numbers parsed).

    Returns
    -------
    dict
        The row as a writer would have stored it (text stripped, milestones by date).

    Raises
    ------
    StoreError
        For the first value a writer would refuse, naming its field.
    """
    session = reference.session(row["session"])
    checked = dict(row)
    checked["id"] = check_record_id("id", row["id"], generated=True)
    checked["partner"] = check_partner(session, row["partner"])
    checked["participant"] = check_participant_key(row["participant"])
    if kind in _RECORD_RULES:
        rule, columns = _RECORD_RULES[kind]
        given = {column: row[column] for column in columns}
        if kind == "transfer_plans":
            given["milestones"] = _milestones_json(given["milestones"])
        checked |= rule(reference, session, **given)
    for field in {"action", "record"} & set(checked):  # refers to a record loaded with it
        check_record_id(field, checked[field], generated=True)
    return checked
