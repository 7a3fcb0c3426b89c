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
:class:`~hopelib.errors.StoreError` naming the field, and nothing is written. The same rules
check archived records on loading and imported score grids; the checks that look at rows
already stored (who speaks for whom, whose record is withdrawn, whose action changes) run in
the writers and in :func:`load_records` alike.

The package, one concern per module:

- :mod:`~hopelib.store.schema`: the tables and the constants naming their values;
- :mod:`~hopelib.store.engine`: engines, SQLite settings, busy retries, migrations, reads;
- :mod:`~hopelib.store.reference`: the data folder's taxonomy, sessions and practices;
- :mod:`~hopelib.store.base`: what the parts share (engine, data folder, hooks, sessions);
- :mod:`~hopelib.store.rules`: the record rules, one set for every way in
  (:mod:`~hopelib.store.plain_text`: what free text may hold);
- :mod:`~hopelib.store.stored_rules`: the rules that read the rows already stored;
- :mod:`~hopelib.store.recorder`: writing checked records (participants, snapshots);
- :mod:`~hopelib.store.writers`, :mod:`~hopelib.store.followup_writers`: the writers;
- :mod:`~hopelib.store.views`, :mod:`~hopelib.store.followup_views`: the readers, with the
  privacy rules;
- :mod:`~hopelib.store.store`: :class:`Store` and :func:`open_store`;
- :mod:`~hopelib.store.archive`: :func:`archive_session` and :func:`load_records`.
"""

from __future__ import annotations

from .archive import archive_session, load_records
from .rules import normalise_pseudonym
from .schema import ACTION_STATUSES, PLAN_FIELDS, RECORD_KINDS, SCHEMA_VERSION, VISIBILITIES
from .store import Store, open_store

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
