"""The catalogue frame's rows by practice file: parsed over a process pool, cached in parts.

A cold :func:`~hopelib.catalogue.load_catalogue` splits the practice files into chunks, and
worker processes read, check and turn each chunk into its rows, column by column, pickled
once where they were made (:func:`hopelib.catalogue.cache.pack`). The main process only
joins the chunks into the frame, and saves the pickled chunks as they are: the cache entry
of the catalogue in one language. A later load takes every row whose file is unchanged (same
name, size and modification time) from that entry, and reads only the files that changed.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from itertools import chain, pairwise
from multiprocessing import get_all_start_methods, get_context
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import Problem
from ..models import Partner, Taxonomy
from . import cache, practices
from .frames import catalogue_table, table_frame
from .reader import Reader

__all__ = ["Chunk", "catalogue_from_files"]

#: Rows of the catalogue: each row's file signature, the practice ids, and the columns
#: (name → one value per row). A racy file's signature is ``(name, -1, -1)``: never reused.
Chunk = tuple[list[cache.FileSignature], list[str], dict[str, list[Any]]]

#: Chunks per worker process: the faster ones take more when the machine is busy.
CHUNKS_PER_WORKER = 4


def catalogue_from_files(
    reader: Reader, paths: list[Path], lang: str, where: Path | None
) -> pd.DataFrame | None:
    """Return the catalogue frame in *lang*, reusing the cached rows of unchanged files.

    Parameters
    ----------
    reader : Reader
        The folder's reader, with the taxonomy and partners read; problems are added to it.
    paths : list of Path
        The practice files.
    lang : str
        The language of the texts shown.
    where : Path or None
        The cache entry (``None``: no cache).

    Returns
    -------
    pandas.DataFrame or None
        Sorted by id; ``None`` when a file had a problem (the problems are in *reader*).
    """
    assert reader.taxonomy is not None
    key = (practices.context_key(reader), lang)
    stored = cache.load_parts(where, key) if where is not None else None
    chunks: list[Chunk] = stored if stored is not None and _well_formed(stored) else []
    kept: Chunk = ([], [], {})
    todo = paths
    if chunks:  # without them, each file's signature is taken where it is read
        current = {sig[0]: sig for sig in cache.signature(paths)}
        unchanged = _unchanged(chunks, current)
        if unchanged is None:  # every cached row is still good, and there is no other
            return _frame(chunks, reader.taxonomy)
        kept = unchanged
        reused = set(kept[1])
        todo = [path for path in paths if path.stem not in reused]
    parsed = _parse(reader, todo, lang)
    if reader.problems:
        return None
    frame = _frame([kept, *(chunk for _, chunk in parsed)], reader.taxonomy)
    if where is not None:
        packed = [part for part, _ in parsed]
        cache.save(where, key, [cache.pack(kept), *packed] if kept[1] else packed)
    return frame


def _well_formed(parts: list[Any]) -> bool:
    """Tell whether cached parts are chunks (anything else is rebuilt)."""
    return all(
        isinstance(part, tuple) and len(part) == 3 and isinstance(part[2], dict) for part in parts
    )


def _unchanged(chunks: list[Chunk], current: dict[str, cache.FileSignature]) -> Chunk | None:
    """Return the cached rows whose file is unchanged, as one chunk.

    ``None`` when the chunks are exactly the current files, all unchanged: nothing to read
    and nothing to save.
    """
    total = sum(len(chunk[1]) for chunk in chunks)
    if total == len(current) and all(
        current.get(sig[0]) == sig for chunk in chunks for sig in chunk[0]
    ):
        return None
    keep: Chunk = ([], [], {})
    for sigs, ids, columns in chunks:
        rows = [i for i, sig in enumerate(sigs) if current.get(sig[0]) == sig]
        if not rows:
            continue
        keep[0].extend(sigs[i] for i in rows)
        keep[1].extend(ids[i] for i in rows)
        for name, values in columns.items():
            keep[2].setdefault(name, []).extend(values[i] for i in rows)
    return keep


def _frame(chunks: Sequence[Chunk], taxonomy: Taxonomy) -> pd.DataFrame:
    """Join chunks into the catalogue frame, sorted by id."""
    chunks = [chunk for chunk in chunks if chunk[1]]
    ids = list(chain.from_iterable(chunk[1] for chunk in chunks))
    names = chunks[0][2] if chunks else {}
    table = {name: list(chain.from_iterable(chunk[2][name] for chunk in chunks)) for name in names}
    frame = table_frame(ids, table, taxonomy)
    if any(a > b for a, b in pairwise(ids)):
        frame = frame.take(sorted(range(len(ids)), key=ids.__getitem__))
    return frame


def _parse(reader: Reader, paths: list[Path], lang: str) -> list[tuple[bytes, Chunk]]:
    """Read *paths* into chunks, packed and unpacked, over several processes when many.

    The main process unpacks each chunk as it comes, while the workers read the next.
    """
    if not paths:
        return []
    context = (reader.root, reader.taxonomy, reader.partners)
    now = time.time_ns()
    workers = practices.pool_size()
    if len(paths) < practices.PARALLEL_MIN or workers < 2 or "fork" not in get_all_start_methods():
        shares = [paths]
    else:
        size = -(-len(paths) // (workers * CHUNKS_PER_WORKER))
        shares = [paths[i : i + size] for i in range(0, len(paths), size)]
    if len(shares) == 1:
        results = iter([_parse_chunk(context, paths, lang, now)])
        return _collect(reader, results)
    with ProcessPoolExecutor(workers, mp_context=get_context("fork")) as pool:
        futures = [pool.submit(_parse_chunk, context, share, lang, now) for share in shares]
        return _collect(reader, (future.result() for future in futures))


def _collect(
    reader: Reader, results: Iterator[tuple[bytes, list[Problem]]]
) -> list[tuple[bytes, Chunk]]:
    """Unpack each chunk as it comes; add the problems to *reader*."""
    chunks = []
    for part, problems in results:
        reader.problems += problems
        if not reader.problems:
            chunks.append((part, cache.unpack(part)))
    return chunks


def _parse_chunk(
    context: tuple[Path, Taxonomy | None, dict[str, Partner] | None],
    paths: list[Path],
    lang: str,
    now_ns: int,
) -> tuple[bytes, list[Problem]]:
    """Read and check practice files; return their rows as a packed chunk, and problems.

    Each file's signature is taken before it is read: a file changed meanwhile is read
    again next time.
    """
    reader = Reader(context[0])
    reader.taxonomy, reader.partners = context[1], context[2]
    assert reader.taxonomy is not None
    sigs, read = [], []
    for path in paths:
        sig = cache.signature([path]) or ((path.name, -1, -1),)
        practice = reader.read_practice(path)
        if practice is None:
            continue
        sigs.append(sig[0] if cache.settled(sig, now_ns) else (path.name, -1, -1))
        read.append(practice)
    if reader.problems:
        return b"", reader.problems
    table = catalogue_table(read, reader.taxonomy, lang)
    chunk: Chunk = (sigs, [p.id for p in read], table)
    return cache.pack(chunk), []
