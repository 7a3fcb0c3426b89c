"""The rule of an archived snapshot row: what a session rated, as JSON a report reads back.

A snapshot is written by the store itself (on a session's first record), so its only way in
from outside is an archive: :func:`snapshot_values` refuses any cell the store would not
have written, so a damaged archive never leaves JSON that a report cannot read.
"""

from __future__ import annotations

import json
import numbers
import re
from typing import Any

from ..errors import StoreError
from ..models import Session
from ..texts import SLUG_PATTERN, TERM_PATTERN
from .reference import Reference

__all__ = ["snapshot_values"]

_HASH = re.compile(r"^[0-9a-f]{64}$")
#: More than a taxonomy or an agenda ever holds: a guard against a flooded archive.
_MOST = 1000


def _refuse(field: str, message: str) -> StoreError:
    return StoreError(f"{field}: {message}", field=field)


def _json(field: str, text: object, kind: type) -> Any:
    """Read a cell's JSON text and check it is a *kind* (list or dict) of a sane size."""
    try:
        value = json.loads(str(text))
    except (ValueError, RecursionError):
        raise _refuse(field, "is not the JSON the store writes; restore the archive") from None
    if not isinstance(value, list | dict) or not isinstance(value, kind) or len(value) > _MOST:
        shape = "a list" if kind is list else "a mapping"
        raise _refuse(field, f"is not {shape} (JSON) as the store writes it; restore the archive")
    return value


def _criterion(item: object) -> None:
    """Check one criterion of a snapshot: its id and a numeric scale, low to high."""
    if not isinstance(item, dict):
        raise _refuse("criteria", "holds something other than a criterion")
    low, high = item.get("min"), item.get("max")
    if not isinstance(item.get("id"), str) or not re.match(TERM_PATTERN, item["id"]):
        raise _refuse("criteria", f"a criterion id {item.get('id')!r} is not an id")
    numeric = all(isinstance(v, numbers.Real) and not isinstance(v, bool) for v in (low, high))
    if not numeric or not low < high:  # type: ignore[operator]
        raise _refuse("criteria", f"{item['id']}: its scale {low!r}–{high!r} is not a scale")


def snapshot_values(
    reference: Reference,
    session: Session,
    *,
    criteria: object,
    agenda: object,
    practice_hashes: object,
    catalogue_hash: object,
) -> dict[str, Any]:
    """Check an archived snapshot's cells; return them as they were (a round trip is exact).

    Raises
    ------
    StoreError
        For the first cell the store would not have written, naming its field.
    """
    for item in _json("criteria", criteria, list):
        _criterion(item)
    if not all(
        isinstance(p, str) and re.match(SLUG_PATTERN, p) for p in _json("agenda", agenda, list)
    ):
        raise _refuse("agenda", "holds something other than practice ids")
    hashes = _json("practice_hashes", practice_hashes, dict)
    if not all(
        re.match(SLUG_PATTERN, str(p)) and isinstance(h, str) and _HASH.match(h)
        for p, h in hashes.items()
    ):
        raise _refuse("practice_hashes", "holds something other than practice ids and hashes")
    if not isinstance(catalogue_hash, str) or not _HASH.match(catalogue_hash):
        raise _refuse("catalogue_hash", "is not a SHA-256 hash as the store writes it")
    return {
        "criteria": criteria,
        "agenda": agenda,
        "practice_hashes": practice_hashes,
        "catalogue_hash": catalogue_hash,
    }
