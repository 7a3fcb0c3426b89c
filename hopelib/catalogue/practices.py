"""Reading every practice of a data folder fast: from the cache, then over a process pool.

A practice whose file has not changed (same name, size and modification time; the same
taxonomy, partners and code) comes from the cache (:mod:`hopelib.catalogue.cache`); the others
are parsed and checked, over several processes when there are at least
:data:`PARALLEL_MIN`, and the cache is written anew.
"""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_all_start_methods, get_context
from pathlib import Path

from .. import __version__
from ..errors import Problem
from ..models import Partner, Practice, Taxonomy
from . import cache
from .reader import Reader

__all__ = ["PARALLEL_MIN", "Entry", "context_key", "gc_paused", "pool_size", "read_practices"]

#: Below this many files to parse, a process pool costs more than it saves.
PARALLEL_MIN = 500

#: A parsed practice and its file's signature.
Entry = tuple[cache.FileSignature, Practice]


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while many long-lived objects are made.

    Reading thousands of practices creates millions of objects that all stay alive; each
    collection would scan them all again, for nothing. Freed objects are still freed.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def pool_size() -> int:
    """Return how many processes parse at once: the cores this process may use, at most 8."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return min(cores or 1, 8)


def context_key(reader: Reader) -> tuple[object, ...]:
    """Return what every practice's validity depends on besides its own file."""
    files = [reader.root / "taxonomy.yaml", reader.root / "partners.yaml"]
    return (cache.CACHE_VERSION, __version__, cache.signature(files))


def read_practices(
    reader: Reader,
    paths: list[Path] | None = None,
    signatures: tuple[cache.FileSignature, ...] | None = None,
) -> dict[str, Practice]:
    """Read every practice, reusing the cached ones whose file has not changed.

    Parameters
    ----------
    reader : Reader
        The folder's reader, with the taxonomy and partners read (without them the
        practices are checked less and nothing is cached); problems are added to it.
    paths : list of Path, optional
        The practice files (default: :meth:`Reader.practice_files`).
    signatures : tuple, optional
        Those of *paths* (:func:`hopelib.catalogue.cache.signature`), when the caller has
        them already.

    Returns
    -------
    dict of str to Practice
        The practices without a problem, by id (sorted).
    """
    with gc_paused():
        return _read_practices(reader, paths, signatures)


def _read_practices(
    reader: Reader,
    paths: list[Path] | None,
    signatures: tuple[cache.FileSignature, ...] | None,
) -> dict[str, Practice]:
    """Read every practice (see :func:`read_practices`)."""
    paths = reader.practice_files() if paths is None else paths
    if signatures is None:
        signatures = cache.signature(paths)
    by_name = {sig[0]: sig for sig in signatures}
    cacheable = reader.taxonomy is not None and reader.partners is not None
    where = cache.cache_path("practices", reader.root)
    key = context_key(reader)
    cached: dict[str, Entry] = {}
    for part in (cache.load_parts(where, key) or []) if cacheable else []:
        cached.update(part)
    found: dict[str, Entry] = {}
    todo = []
    for path in paths:
        entry = cached.get(path.name)
        if entry is not None and entry[0] == by_name.get(path.name):
            found[path.name] = entry
        else:
            todo.append(path)
    parsed, parts = _parse_practices(reader, todo, by_name, pack=cacheable)
    found |= parsed
    if cacheable and (todo or len(found) != len(cached)):
        settled = {n: e for n, e in found.items() if cache.settled([e[0]])}
        if not (parts and len(found) == len(parsed) == len(settled)):
            parts = [cache.pack(settled)]  # the parts hold exactly what to keep
        cache.save(where, key, parts)
    return {practice.id: practice for _, practice in sorted(found.values(), key=lambda e: e[1].id)}


def _parse_practices(
    reader: Reader, paths: list[Path], signatures: dict[str, cache.FileSignature], pack: bool
) -> tuple[dict[str, Entry], list[bytes]]:
    """Parse and check *paths*, over several processes when there are many.

    Return the good practices with their file signatures, by file name, and, when parsed
    in parallel, the same entries pickled in parts, ready for the cache: each process
    pickles its own share, the workers to send it anyway, the main process (when *pack*
    is true) while the workers finish.
    """
    workers = pool_size()
    if len(paths) < PARALLEL_MIN or workers < 2 or "fork" not in get_all_start_methods():
        return _read_entries(reader, paths, signatures), []
    # The main process parses a share too: it would otherwise wait idle.
    shares = [paths[i::workers] for i in range(workers)]
    context = (reader.root, reader.taxonomy, reader.partners)
    with ProcessPoolExecutor(workers - 1, mp_context=get_context("fork")) as pool:
        futures = [pool.submit(_parse_chunk, context, share, signatures) for share in shares[1:]]
        entries = _read_entries(reader, shares[0], signatures)
        parts = [cache.pack(entries)] if pack else []
        for future in futures:
            part, problems = future.result()
            entries.update(cache.unpack(part))
            parts.append(part)
            reader.problems += problems
    return entries, parts


def _read_entries(
    reader: Reader, paths: list[Path], signatures: dict[str, cache.FileSignature]
) -> dict[str, Entry]:
    """Read and check practice files: the good ones with their signatures, by file name."""
    entries = {}
    for path in paths:
        practice = reader.read_practice(path)
        if practice is not None:
            entries[path.name] = (signatures.get(path.name, (path.name, -1, -1)), practice)
    return entries


def _parse_chunk(
    context: tuple[Path, Taxonomy | None, dict[str, Partner] | None],
    paths: list[Path],
    signatures: dict[str, cache.FileSignature],
) -> tuple[bytes, list[Problem]]:
    """Read some practice files in a worker process; return the entries pickled, and problems."""
    reader = Reader(context[0])
    reader.taxonomy, reader.partners = context[1], context[2]
    return cache.pack(_read_entries(reader, paths, signatures)), reader.problems
