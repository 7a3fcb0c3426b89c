"""The :class:`Store` (its writers and readers put together) and :func:`open_store`."""

from __future__ import annotations

import os

from .. import config
from .engine import open_engine
from .followup_writers import FollowUpWriters
from .recorder import Clock, IdFactory
from .reference import Reference
from .session_state import SessionStates
from .writers import RecordWriters

__all__ = ["Store", "open_store"]


class Store(RecordWriters, FollowUpWriters, SessionStates):
    """A session store; open it with :func:`open_store`.

    Writers (``add_*``, :meth:`set_action_status`, :meth:`withdraw`) check their input
    against the data folder with the record rules (:mod:`hopelib.store.rules`) and return
    the record as written (with ``id`` and ``seq``), so a form can confirm what was saved.
    :meth:`close_session` and :meth:`reopen_session` open and close the participant view.
    Readers return DataFrames of one session, read as a partner may see them when
    ``partner=`` is given. :meth:`session` and :meth:`session_chain` answer what the store
    checks against; :attr:`clock` and :attr:`new_id` may be replaced to write
    reproducible records.
    """


def open_store(
    url: str | None = None,
    data_dir: str | os.PathLike[str] | None = None,
    *,
    clock: Clock | None = None,
    new_id: IdFactory | None = None,
) -> Store:
    """Open (creating or migrating when needed) the session store.

    Parameters
    ----------
    url : str, optional
        An SQLAlchemy URL or a file path (SQLite); default ``HOPE_STORE``, else
        ``var/hope.sqlite`` in the project.
    data_dir : path, optional
        The data folder whose ids writes are checked against.
    clock : callable, optional
        Returns the (UTC) time of each record written; default the current time.
    new_id : callable, optional
        Returns the id of each record written; default a random UUID.

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
    engine = open_engine(config.store_url(url))
    return Store(engine, Reference(config.data_dir(data_dir)), clock=clock, new_id=new_id)
