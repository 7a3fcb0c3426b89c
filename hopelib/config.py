"""Paths and defaults in one place; each can be overridden by an environment variable.

=============== ====================== ==========================================
setting         environment variable   default
=============== ====================== ==========================================
data folder     ``HOPE_DATA``          ``<project>/data``
exports folder  ``HOPE_EXPORTS``       ``<project>/exports``
session store   ``HOPE_STORE``         SQLite file ``<project>/var/hope.sqlite``
cache folder    ``HOPE_CACHE``         ``<project>/.cache``
=============== ====================== ==========================================
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = [
    "DEFAULT_LANG",
    "DEFAULT_SESSION",
    "PROJECT_ROOT",
    "cache_dir",
    "data_dir",
    "exports_dir",
    "session_id",
    "store_url",
    "var_dir",
]

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SESSION = "demo-1"
DEFAULT_LANG = "en"


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


def var_dir() -> Path:
    """Return the git-ignored folder of the embedded store."""
    return PROJECT_ROOT / "var"


def cache_dir(path: str | os.PathLike[str] | None = None) -> Path:
    """Return the git-ignored cache folder: *path*, else ``HOPE_CACHE``, else ``.cache/``."""
    return _from_env(path, "HOPE_CACHE", PROJECT_ROOT / ".cache")


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
