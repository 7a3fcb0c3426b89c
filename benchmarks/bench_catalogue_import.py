"""Catalogue import at scale: ``hope catalogue import`` of an XLSX beside pandas.read_excel.

Usage: ``python benchmarks/bench_catalogue_import.py [--sizes 1000 10000] [--repeat 3]
[--smoke]``. A synthetic catalogue of each size (``synthetic.py``) is exported to one XLSX
sheet (``export_catalogue``, contacts included); then, in this process and on the same
file, the median seconds of:

- ``import``: :func:`hopelib.catalogue.import_catalogue` into an empty data folder (read,
  check every row, write every file and the manifest);
- ``dry run``: the same with ``dry_run=True`` (nothing written);
- ``read_excel``: ``pandas.read_excel`` of the file (openpyxl), which only reads the cells.

The ratio import / read_excel is the figure to watch: reading the workbook is the floor.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import generate

from hopelib.catalogue import export_catalogue, import_catalogue


def _empty(source: Path, target: Path) -> Path:
    if target.exists():
        shutil.rmtree(target)
    (target / "practices").mkdir(parents=True)
    for name in ("partners.yaml", "taxonomy.yaml"):
        shutil.copy(source / name, target / name)
    return target


def _median(call, repeat: int, before=None) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        if before is not None:
            before()
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench(n: int, repeat: int, work: Path) -> dict[str, float]:
    data = generate(n, work / f"catalogue-{n}")
    sheet = export_catalogue(data, out=work / f"catalogue-{n}.xlsx", include_contacts=True)
    target = work / f"imported-{n}"
    _empty(data, target)
    dry = _median(lambda: import_catalogue(sheet, target, dry_run=True), repeat)
    full = _median(
        lambda: import_catalogue(sheet, target), repeat, before=lambda: _empty(data, target)
    )
    files = sum(1 for p in (target / "practices").glob("*.yaml") if not p.name.startswith("."))
    assert files == n, f"{files} files imported, {n} expected"
    read_excel = _median(lambda: pd.read_excel(sheet, engine="openpyxl"), repeat)
    return {
        "n": n,
        "import_s": full,
        "dry_s": dry,
        "read_excel_s": read_excel,
        "xlsx_mb": sheet.stat().st_size / 1e6,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--smoke", action="store_true", help="a seconds-long run (tests)")
    args = parser.parse_args()
    sizes, repeat = ([100], 1) if args.smoke else (args.sizes, args.repeat)
    print(
        f"{'practices':>9} {'import s':>9} {'dry run s':>9} {'read_excel s':>12} "
        f"{'import/read_excel':>17} {'xlsx MB':>8}"
    )
    with tempfile.TemporaryDirectory() as scratch:
        for n in sizes:
            r = bench(n, repeat, Path(scratch))
            print(
                f"{r['n']:>9} {r['import_s']:>9.2f} {r['dry_s']:>9.2f} {r['read_excel_s']:>12.2f} "
                f"{r['import_s'] / r['read_excel_s']:>17.2f} {r['xlsx_mb']:>8.1f}"
            )


if __name__ == "__main__":
    main()
