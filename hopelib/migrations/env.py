"""Alembic environment of the session store: migrations run on the store's own connection.

:func:`hopelib.store.open_store` passes its open connection (inside the write lock) as
``config.attributes["connection"]``; there is no alembic.ini.
"""

from __future__ import annotations

from alembic import context

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    render_as_batch=connection.dialect.name == "sqlite",
    transaction_per_migration=False,
)
with context.begin_transaction():
    context.run_migrations()
