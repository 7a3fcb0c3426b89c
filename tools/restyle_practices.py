"""Rewrite practice files in the catalogue's one written style (docs/catalogue.md).

Usage: ``.venv/bin/python tools/restyle_practices.py [--data DIR] [--check]``. Every practice
file is written again with :func:`hopelib.catalogue.yaml_writer.practice_yaml`, its comment
block at the top kept; no fact changes (the file is read and validated first). A file with a
comment below its top block is named with the comment's line and left as it is: move the
comment into the top block (``# Location: …``) and run the tool again. ``--check`` changes
nothing and exits 1 when a file is not in the style (a merge that touched practice files).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hopelib import config, load_practices, load_taxonomy  # noqa: E402
from hopelib.catalogue.yaml_writer import practice_yaml, read_comment  # noqa: E402


def _inner_comment(text: str) -> int | None:
    """Return the line of the first comment below the top block (a guess: ``#`` first)."""
    lines = text.splitlines()
    start = next((n for n, line in enumerate(lines) if not line.startswith("#")), len(lines))
    for number, line in enumerate(lines[start:], start=start + 1):
        if line.lstrip().startswith("#"):
            return number
    return None


def main() -> int:
    """Rewrite (or, with --check, check) every practice file; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=None, help="the data folder (default: data/)")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if off")
    args = parser.parse_args()
    root = config.data_dir(args.data)
    taxonomy = load_taxonomy(root)
    off = 0
    for practice_id, practice in load_practices(root).items():
        path = root / "practices" / f"{practice_id}.yaml"
        text = path.read_text(encoding="utf-8-sig")
        styled = practice_yaml(
            practice,
            read_comment(text),
            languages=taxonomy.ids("languages"),
            perspectives=taxonomy.ids("perspectives"),
        )
        if styled == text:
            continue
        off += 1
        inner = _inner_comment(text)
        if inner is not None:
            print(f"{path}:{inner}: a comment below the top block: move it into that block")
        elif args.check:
            print(f"{path}: not in the written style: run tools/restyle_practices.py")
        else:
            path.write_text(styled, encoding="utf-8")
            print(f"{path}: rewritten")
    return 1 if off and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
