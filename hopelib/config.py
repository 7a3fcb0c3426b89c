"""Paths and defaults in one place; each can be overridden by an environment variable.

=============== ====================== ==========================================
setting         environment variable   default
=============== ====================== ==========================================
data folder     ``HOPE_DATA``          ``<project>/data``
exports folder  ``HOPE_EXPORTS``       ``<project>/exports``
session store   ``HOPE_STORE``         SQLite file ``<project>/var/hope.sqlite``
cache folder    ``HOPE_CACHE``         ``<project>/.cache``
cache size      ``HOPE_CACHE_MAX_MB``  500 (megabytes; least recently used go)
=============== ====================== ==========================================
"""

from __future__ import annotations

import contextlib
import math
import os
import warnings
from pathlib import Path

__all__ = [
    "DEFAULT_CACHE_MAX_MB",
    "DEFAULT_LANG",
    "DEFAULT_SERVE_POOL",
    "DEFAULT_SESSION",
    "PROJECT_ROOT",
    "SERVE_REFILL_DELAY",
    "cache_dir",
    "cache_max_bytes",
    "data_dir",
    "exports_dir",
    "note_page_ready",
    "session_id",
    "shared_results_dir",
    "store_url",
    "var_dir",
]

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SESSION = "demo-1"
DEFAULT_LANG = "en"
#: Participant pages ``hope serve`` prepares ahead of time (``--pool``), about 210 MB each.
DEFAULT_SERVE_POOL = 8
#: Seconds Voilà waits after a prepared page is taken before preparing the next one (its own
#: default is 1 s): the burst of joins at a workshop's start (a minute or two when 24 join at
#: once on two cores) is not slowed by as many kernels starting. ``--pool`` covers the burst.
SERVE_REFILL_DELAY = 120.0
#: The cache folder's size limit, in megabytes, unless ``HOPE_CACHE_MAX_MB`` says otherwise.
DEFAULT_CACHE_MAX_MB = 500


def _from_env(explicit: str | os.PathLike[str] | None, variable: str, default: Path) -> Path:
    if explicit is not None:
        return Path(explicit)
    value = os.environ.get(variable)
    return Path(value) if value else default


def data_dir(path: str | os.PathLike[str] | None = None) -> Path:
    """Return the data folder: *path*, else ``HOPE_DATA``, else the project's ``data/``."""
    return _from_env(path, "HOPE_DATA", PROJECT_ROOT / "data")


def exports_dir(path: str | os.PathLike[str] | None = None) -> Path:
    """Return the exports folder: *path*, else ``HOPE_EXPORTS``, else ``exports/``."""
    return _from_env(path, "HOPE_EXPORTS", PROJECT_ROOT / "exports")


def session_id(session: str | None = None) -> str:
    """Return the session to show: *session*, else ``HOPE_SESSION``, else the demo session."""
    return session or os.environ.get("HOPE_SESSION") or DEFAULT_SESSION


def note_page_ready(kind: str) -> None:
    """Tell ``hope serve`` that one more page of *kind* is built (a preheated kernel is ready).

    ``hope serve`` names a folder in ``HOPE_SERVE_READY``; each page built in one of its
    kernels leaves an empty file ``<kind>-<process id>`` there, and ``hope serve`` prints
    the links once its pool of pages is ready. Outside ``hope serve``: nothing happens.
    """
    folder = os.environ.get("HOPE_SERVE_READY")
    if folder:
        with contextlib.suppress(OSError):  # a missing folder: hope serve stopped meanwhile
            (Path(folder) / f"{kind}-{os.getpid()}").touch()


def shared_results_dir() -> Path | None:
    """Return the folder where ``hope serve``'s pages share their drawn results, if any.

    ``hope serve`` names it in ``HOPE_SHARED_RESULTS``; elsewhere each page draws its own.
    """
    folder = os.environ.get("HOPE_SHARED_RESULTS")
    return Path(folder) if folder else None


def var_dir() -> Path:
    """Return the git-ignored folder of the embedded store."""
    return PROJECT_ROOT / "var"


def cache_dir(path: str | os.PathLike[str] | None = None) -> Path:
    """Return the git-ignored cache folder: *path*, else ``HOPE_CACHE``, else ``.cache/``."""
    return _from_env(path, "HOPE_CACHE", PROJECT_ROOT / ".cache")


def cache_max_bytes(megabytes: float | None = None) -> int:
    """Return the cache folder's size limit in bytes.

    *megabytes*, else ``HOPE_CACHE_MAX_MB``, else :data:`DEFAULT_CACHE_MAX_MB` (a megabyte
    is 1,000,000 bytes). The entries of the data folders loaded least recently are removed to
    stay under it; 0 turns the cache off. A value that is not a number, or is below 0, is
    ignored with a warning.
    """
    if megabytes is None:
        value = os.environ.get("HOPE_CACHE_MAX_MB", "").strip()
        if not value:
            megabytes = DEFAULT_CACHE_MAX_MB
        else:
            try:
                megabytes = float(value)
            except ValueError:
                megabytes = -1
            if not (megabytes >= 0 and math.isfinite(megabytes)):
                warnings.warn(
                    f"HOPE_CACHE_MAX_MB={value!r} is not a size in megabytes (such as 500): "
                    f"using {DEFAULT_CACHE_MAX_MB}",
                    stacklevel=2,
                )
                megabytes = DEFAULT_CACHE_MAX_MB
    return int(megabytes * 1_000_000)


def store_url(url: str | os.PathLike[str] | None = None) -> str:
    """Return the session store's SQLAlchemy URL.

    *url*, else ``HOPE_STORE``, else an SQLite file under ``var/``. A value without
    ``://`` is a file path and means SQLite.
    """
    value = (
        os.fspath(url) if url else os.environ.get("HOPE_STORE") or str(var_dir() / "hope.sqlite")
    )
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"
