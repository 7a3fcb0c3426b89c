"""What earlier imports wrote: ``practices/.imported.yaml``, and writing files all at once.

``hope catalogue import`` records beside the practice files (never inside them) each file
it created and a fingerprint (SHA-256) of the text it wrote. ``--update`` changes only the
files recorded there, and only while a file's text still has its fingerprint: a file
edited by hand since is named and left alone. :func:`write_files` writes several files so
that either all of them change or none does.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

__all__ = ["MANIFEST", "Imported", "fingerprint", "manifest_text", "read_manifest", "write_files"]

#: The manifest's file name in ``practices/``; the catalogue's readers skip it.
MANIFEST = ".imported.yaml"

_HEADER = (
    "# Written by `hope catalogue import`: the practice files an import created, with the\n"
    "# SHA-256 of the text it wrote; `--update` changes only these, and only while unchanged.\n"
)


@dataclass(frozen=True)
class Imported:
    """One practice file an import created: its text's fingerprint, and where it came from."""

    sha256: str
    source: str
    row: int


def fingerprint(text: str) -> str:
    """Return the SHA-256 of *text* (UTF-8), in hex."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_manifest(folder: Path) -> dict[str, Imported]:
    """Read ``.imported.yaml`` of a practices folder (empty when there is none).

    A manifest that cannot be read counts as empty: nothing is then taken for imported,
    so ``--update`` changes nothing it cannot vouch for.
    """
    path = folder / MANIFEST
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    entries = data.get("practices") if isinstance(data, dict) else None
    imported = {}
    for practice_id, entry in (entries or {}).items():
        if isinstance(entry, dict) and isinstance(entry.get("sha256"), str):
            imported[str(practice_id)] = Imported(
                entry["sha256"], str(entry.get("source", "")), int(entry.get("row") or 0)
            )
    return imported


def manifest_text(entries: Mapping[str, Imported]) -> str:
    """Write the manifest's text, the practices by id."""
    body = {
        practice_id: {"sha256": entry.sha256, "source": entry.source, "row": entry.row}
        for practice_id, entry in sorted(entries.items())
    }
    dumped = yaml.safe_dump(
        {"practices": body}, allow_unicode=True, sort_keys=False, default_flow_style=False
    )
    return _HEADER + dumped


def write_files(texts: Mapping[Path, str]) -> None:
    """Write every file, or none: each to a hidden temporary file first, then all replaced.

    Parameters
    ----------
    texts : mapping of Path to str
        The files and their new texts (UTF-8, Unix line ends).

    Raises
    ------
    OSError
        When a file cannot be written; the files already replaced get their old text back
        and new ones are removed.
    """
    staged: list[tuple[Path, Path]] = []
    try:
        for path, text in texts.items():
            handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
                out.write(text)
            staged.append((Path(name), path))
        old = {path: path.read_bytes() if path.exists() else None for _tmp, path in staged}
        done: list[Path] = []
        try:
            for temporary, path in staged:
                os.replace(temporary, path)
                done.append(path)
        except OSError:
            for path in done:
                before = old[path]
                with contextlib.suppress(OSError):
                    if before is None:
                        path.unlink()
                    else:
                        path.write_bytes(before)
            raise
    finally:
        for temporary, _path in staged:
            with contextlib.suppress(OSError):
                temporary.unlink()
