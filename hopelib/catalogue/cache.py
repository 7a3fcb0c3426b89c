"""A small on-disk cache of derived data, keyed on file signatures, of bounded size.

Entries are pickles under the git-ignored cache folder (:func:`hopelib.config.cache_dir`),
written atomically; a large entry can be saved as parts pickled where they were made
(:func:`pack`, :func:`load_parts`). A missing, corrupt, unreadable or stale entry is never
trusted: the caller rebuilds what it holds and the entry is written anew. Only this workbook
writes that folder; do not point ``HOPE_CACHE`` at a folder that others can write to
(pickles execute code when loaded).

The folder stays under :func:`hopelib.config.cache_max_bytes` (``HOPE_CACHE_MAX_MB``): each
save removes the entries of the data folders used least recently (:func:`prune`); an entry's
modification time is its last use, renewed by every :func:`load` that takes it. An entry is
never removed while it is read: a reader holds a shared lock on it, and :func:`prune` skips
an entry it cannot lock; a reader that opened an entry just before it went keeps reading it
whole (the open file outlives its name). The entry just saved is always kept; an entry larger
than the whole limit is not saved.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from .. import config

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: an open file cannot be removed there anyway
    fcntl = None  # type: ignore[assignment]

__all__ = [
    "CACHE_VERSION",
    "FileSignature",
    "cache_path",
    "load",
    "load_parts",
    "pack",
    "prune",
    "save",
    "settled",
    "signature",
    "unpack",
]

#: Bump when the shape of what is cached changes (models, frame columns).
CACHE_VERSION = 7
#: Files changed this recently may change again within the clock's granularity without
#: their size or modification time showing it ("racy" entries, as git calls them).
RACY_NS = 1_000_000_000
#: A temporary file this old is what a crashed save left behind, not a save under way.
STALE_TEMPORARY_S = 3600

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


@contextlib.contextmanager
def _reading(path: Path) -> Iterator[IO[bytes]]:
    """Open an entry for reading, under a shared lock that :func:`prune` respects."""
    with path.open("rb") as stream:
        if fcntl is not None:
            fcntl.flock(stream.fileno(), fcntl.LOCK_SH)
        yield stream


def load(path: Path, key: object) -> Any | None:
    """Return what was saved at *path* under *key*, or ``None`` if absent, broken or stale.

    An entry taken counts as just used (:func:`prune` keeps the most recently used).
    """
    try:
        with _reading(path) as stream:
            stored_key, value = pickle.load(stream)
    except Exception:  # a broken cache is rebuilt, never trusted: whatever went wrong
        return None
    if stored_key != key:
        return None
    with contextlib.suppress(OSError):
        os.utime(path)
    return value


def save(path: Path, key: object, value: Any) -> None:
    """Write *value* under *key* atomically, then :func:`prune` the folder.

    A cache that cannot be written is skipped, and so is an entry larger than the folder's
    whole limit (:func:`hopelib.config.cache_max_bytes`).
    """
    limit = config.cache_max_bytes()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as stream:
                pickle.dump((key, value), stream, protocol=pickle.HIGHEST_PROTOCOL)
                size = stream.tell()
            if size > limit:
                return
            os.replace(temporary, path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
    except OSError:
        return
    prune(path.parent, limit, keep=path)


def prune(folder: Path | None = None, limit: int | None = None, keep: Path | None = None) -> int:
    """Remove the least recently used entries until the cache folder is under *limit*.

    Entries go by data folder (the folder key in their names), the folder used least
    recently first, then the older entries of the others; *keep* is never removed, nor an
    entry being read. A temporary file is counted, and removed only when older than
    :data:`STALE_TEMPORARY_S` (a crashed save's).

    Parameters
    ----------
    folder : Path, optional
        The cache folder (default: :func:`hopelib.config.cache_dir`).
    limit : int, optional
        Bytes (default: :func:`hopelib.config.cache_max_bytes`).
    keep : Path, optional
        An entry to keep whatever its age (the one just saved).

    Returns
    -------
    int
        The folder's size in bytes afterwards (its entries and temporary files).
    """
    folder = config.cache_dir() if folder is None else folder
    limit = config.cache_max_bytes() if limit is None else limit
    entries: list[tuple[str, int, int, Path]] = []  # (folder key, mtime, size, path)
    total = 0
    now = time.time()
    try:
        listing = list(os.scandir(folder))
    except OSError:
        return 0
    for item in listing:
        try:
            stat = item.stat(follow_symlinks=False)
        except OSError:
            continue
        if item.name.endswith(".tmp") and item.is_file(follow_symlinks=False):
            if now - stat.st_mtime > STALE_TEMPORARY_S and _remove(Path(item.path)):
                continue
            total += stat.st_size
        elif item.name.endswith(".pickle") and item.is_file(follow_symlinks=False):
            total += stat.st_size
            path = Path(item.path)
            entries.append((_folder_key(path), stat.st_mtime_ns, stat.st_size, path))
    if total <= limit:
        return total
    last_use: dict[str, int] = {}
    for group, mtime, _, _ in entries:
        last_use[group] = max(last_use.get(group, 0), mtime)
    if keep is not None:
        last_use[_folder_key(keep)] = max(last_use.values(), default=0) + 1
    entries.sort(key=lambda e: (last_use[e[0]], e[1]))
    for _, _, size, path in entries:
        if total <= limit:
            break
        if path != keep and _remove(path):
            total -= size
    return total


def _folder_key(path: Path) -> str:
    """Return the data folder's key in an entry's name (``kind-key-…``; see :func:`cache_path`)."""
    parts = path.name.removesuffix(".pickle").split("-")
    return parts[1] if len(parts) > 1 else parts[0]


def _remove(path: Path) -> bool:
    """Remove a cache file unless someone is reading it; tell whether it went."""
    try:
        with path.open("rb") as stream:
            if fcntl is not None:
                try:
                    fcntl.flock(stream.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                except OSError:
                    return False  # being read
            path.unlink()
            return True
    except OSError:  # gone already, or (Windows) open elsewhere
        return False


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
