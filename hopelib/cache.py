"""The on-disk cache of derived data: :mod:`hopelib.catalogue.cache`, under its old name."""

from __future__ import annotations

from .catalogue.cache import (
    CACHE_VERSION,
    FileSignature,
    cache_path,
    load,
    load_parts,
    pack,
    prune,
    save,
    settled,
    signature,
    unpack,
)

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
