"""What every part of the store shares: the engine, the data folder, the recorder, the hooks."""

from __future__ import annotations

from typing import Self

from sqlalchemy.engine import Engine

from ..models import Session, Taxonomy
from .recorder import Clock, IdFactory, Recorder
from .reference import Reference

__all__ = ["StoreBase"]


class StoreBase:
    """The store's shared state; :class:`~hopelib.store.Store` adds writers and readers.

    Parameters
    ----------
    engine : Engine
        An engine whose schema is current (:func:`~hopelib.store.engine.open_engine`).
    reference : Reference
        The data folder writes are checked against.
    clock : callable, optional
        Returns the time of each record written (default: the current UTC time).
    new_id : callable, optional
        Returns the id of each record written (default: a random UUID).

    Attributes
    ----------
    engine : Engine
    url : str
        The store's URL, without its password.
    reference : Reference
        The data folder's taxonomy, sessions and practices (loaded once).
    recorder : Recorder
        Writes the checked records (the ``add_*`` methods go through it).
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
        self.url = engine.url.render_as_string(hide_password=True)
        self.reference = reference
        self.recorder = Recorder(engine, reference, clock=clock, new_id=new_id)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.url!r})"

    @property
    def clock(self) -> Clock:
        """The writer's clock: returns the (UTC) time of each record written.

        Replace it (or give ``clock=`` to :func:`~hopelib.store.open_store`) to write
        reproducible records; ``seq`` stays the order of truth.
        """
        return self.recorder.clock

    @clock.setter
    def clock(self, clock: Clock) -> None:
        self.recorder.clock = clock

    @property
    def new_id(self) -> IdFactory:
        """The id factory: returns the id of each record written (a random UUID by default)."""
        return self.recorder.new_id

    @new_id.setter
    def new_id(self, new_id: IdFactory) -> None:
        self.recorder.new_id = new_id

    def taxonomy(self) -> Taxonomy:
        """Return the taxonomy the store checks against (criteria, scales, levels)."""
        return self.reference.taxonomy()

    def session(self, session_id: str) -> Session:
        """Return a session of the data folder the store checks against.

        Raises
        ------
        StoreError
            ``field`` ``"session"``: no such session (the known ones are listed).
        """
        return self.reference.session(session_id)

    def session_chain(self, session_id: str) -> list[str]:
        """Return the sessions a session follows (directly or not), oldest first, then it.

        Raises
        ------
        StoreError
            For an unknown session.
        CatalogueError
            When the file of a session of the chain has a problem.
        """
        return self.reference.chain(self.session(session_id).id)

    def close(self) -> None:
        """Release the store's connections."""
        self.engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
