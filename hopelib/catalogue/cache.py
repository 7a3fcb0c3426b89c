"""A small on-disk cache of derived data, keyed on file signatures.

Entries are pickles under the git-ignored cache folder (:func:`hopelib.config.cache_dir`),
written atomically; a large entry can be saved as parts pickled where they were made
(:func:`pack`, :func:`load_parts`). A missing, corrupt, unreadable or stale entry is never
trusted: the caller rebuilds what it holds and the entry is written anew. Only this workbook
writes that folder; do not point ``HOPE_CACHE`` at a folder that others can write to
(pickles execute code when loaded).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .. import config

__all__ = [
    "CACHE_VERSION",
    "FileSignature",
    "cache_path",
    "load",
    "load_parts",
    "pack",
    "save",
    "settled",
    "signature",
    "unpack",
]

#: Bump when the shape of what is cached changes (models, frame columns).
CACHE_VERSION = 6
#: Files changed this recently may change again within the clock's granularity without
#: their size or modification time showing it ("racy" entries, as git calls them).
RACY_NS = 1_000_000_000

FileSignature = tuple[str, int, int]


def signature(paths: Iterable[Path]) -> tuple[FileSignature, ...]:
    """Return ``(name, size, modification time in ns)`` of each existing file."""
    result = []
    for path in paths:
        try:
            stat = path.stat()
        except OSError:
            continue
        result.append((path.name, stat.st_size, stat.st_mtime_ns))
    return tuple(result)


def settled(signatures: Iterable[FileSignature], now_ns: int | None = None) -> bool:
    """Tell whether no file changed so recently that a same-size rewrite could go unseen."""
    limit = (now_ns if now_ns is not None else time.time_ns()) - RACY_NS
    return all(mtime < limit for _, _, mtime in signatures)


def cache_path(kind: str, data_root: Path, *parts: str) -> Path:
    """Return the cache file for *kind* of data derived from the folder *data_root*."""
    folder_key = hashlib.sha256(str(data_root.resolve()).encode()).hexdigest()[:16]
    name = "-".join([kind, folder_key, *parts]) + ".pickle"
    return config.cache_dir() / name


def load(path: Path, key: object) -> Any | None:
    """Return what was saved at *path* under *key*, or ``None`` if absent, broken or stale."""
    try:
        with path.open("rb") as stream:
            stored_key, value = pickle.load(stream)
    except Exception:  # a broken cache is rebuilt, never trusted: whatever went wrong
        return None
    return value if stored_key == key else None


def save(path: Path, key: object, value: Any) -> None:
    """Write *value* under *key* atomically; a cache that cannot be written is skipped."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as stream:
                pickle.dump((key, value), stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
    except OSError:
        return


def pack(value: Any) -> bytes:
    """Pickle *value*, e.g. in a worker process, to send it or save it as a part.

    A list of packed parts saved with :func:`save` is read back with :func:`load_parts`;
    the parts are pickled only once, wherever they were made.
    """
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def unpack(data: bytes) -> Any:
    """Return the value of a :func:`pack` result."""
    return pickle.loads(data)


def load_parts(path: Path, key: object) -> list[Any] | None:
    """Return the unpacked parts saved at *path* under *key*, or ``None`` (as :func:`load`)."""
    parts = load(path, key)
    if not isinstance(parts, list):
        return None
    try:
        return [unpack(part) for part in parts]
    except Exception:  # a broken part makes the whole entry untrusted
        return None
