"""What the store checks against: the data folder's taxonomy, sessions and practices.

Loaded lazily and kept for the life of a store, so a write costs no file reads after the
first. The session chain (:meth:`Reference.chain`) and the practice file hashes of a
session's snapshot are read here too.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..catalogue import load_catalogue, load_session, load_sessions, load_taxonomy
from ..errors import StoreError
from ..models import Session, Taxonomy
from ..sessions import session_chain

__all__ = ["Reference"]


class Reference:
    """The data folder's ids, loaded lazily and kept for the life of a store.

    Parameters
    ----------
    data_dir : Path
        The data folder (``taxonomy.yaml``, ``sessions/``, ``practices/``).
    """

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self._taxonomy: Taxonomy | None = None
        self._sessions: dict[str, Session] = {}
        self._practices: set[str] | None = None

    def __repr__(self) -> str:
        return f"Reference({str(self.data_dir)!r})"

    def taxonomy(self) -> Taxonomy:
        """Return the taxonomy (criteria and their scales, transfer levels)."""
        if self._taxonomy is None:
            self._taxonomy = load_taxonomy(self.data_dir)
        return self._taxonomy

    def session(self, session_id: object) -> Session:
        """Return a session of the data folder.

        Raises
        ------
        StoreError
            ``field`` ``"session"``: not an id, or no such session (the known ones listed).
        """
        if not isinstance(session_id, str) or not session_id:
            raise StoreError("session: give the id of a session (e.g. demo-1)", field="session")
        if session_id not in self._sessions:
            folder = self.data_dir / "sessions" / session_id / "session.yaml"
            if not folder.is_file():
                known = ", ".join(load_sessions(self.data_dir).index) or "none yet"
                raise StoreError(
                    f"session: unknown session {session_id!r} (known: {known}); create it "
                    "first (`hope session new`) or check the id",
                    field="session",
                )
            self._sessions[session_id] = load_session(session_id, self.data_dir)
        return self._sessions[session_id]

    def chain(self, session_id: str) -> list[str]:
        """Return the sessions *session_id* follows (directly or not), oldest first, then it."""
        return [s.id for s in session_chain(self.session(session_id), self.session)]

    def practice_ids(self) -> set[str]:
        """Return the ids of the catalogue's practices."""
        if self._practices is None:
            self._practices = set(load_catalogue(self.data_dir).index)
        return self._practices

    def practice_hashes(self, ids: list[str]) -> tuple[dict[str, str], str]:
        """Return the SHA-256 of each listed practice's file and of the whole catalogue."""
        folder = self.data_dir / "practices"
        whole = hashlib.sha256()
        hashes = {}
        for path in sorted(folder.glob("*.yaml")):
            content = path.read_bytes()
            whole.update(path.name.encode() + b"\0" + content + b"\0")
            if path.stem in ids:
                hashes[path.stem] = hashlib.sha256(content).hexdigest()
        return hashes, whole.hexdigest()
