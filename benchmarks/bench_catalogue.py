"""Catalogue load times at scale: the floor, cold, warm (cached) and pandas.read_csv.

Usage: ``python benchmarks/bench_catalogue.py [--sizes 1000 10000] [--repeat 5] [--folders 10]
[--smoke]``. Two catalogues of each size: ``synthetic`` (:mod:`synthetic`) and ``plain``
(:mod:`synthetic_plain`, plain ``yaml.safe_dump`` of practices with every optional field
sometimes present). Each measurement runs in a new process (imports excluded):

- *floor*: libyaml's C parser producing the events of every practice file, nothing
  constructed (``yaml.parse(text, Loader=CSafeLoader)``), over as many processes as the
  loader uses;
- *cold*: ``load_catalogue`` with an empty cache; *warm*: the same again, from the cache;
- *read_csv*: ``pandas.read_csv`` of the catalogue flattened to one CSV.

A run measures the four in turn, ``--repeat`` times; the table shows medians and the ratios
that matter (the machine may be busy: the ratios compare figures of the same run), and the
ratio of the processor time cold and floor take in all their processes (``cpu ratio``: what
a busy machine blurs least). Targets: cold ≤ 2 × floor, warm ≤ 2 × read_csv.
``--folders N`` then loads N different copies of the largest synthetic catalogue into one
cache folder and prints the folder's size after each (``HOPE_CACHE_MAX_MB`` bounds it).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synthetic
import synthetic_plain

GENERATORS: dict[str, Callable[[int, Path], Path]] = {
    "synthetic": synthetic.generate,
    "plain": synthetic_plain.generate,
}

CHILD = r"""
import json, os, resource, sys, time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
import pandas as pd
import yaml
import hopelib
from hopelib.catalogue.practices import pool_size
from hopelib.catalogue.rows import CHUNKS_PER_WORKER

def events(paths):
    count = 0
    for path in paths:
        for _ in yaml.parse(Path(path).read_bytes().decode("utf-8"), Loader=yaml.CSafeLoader):
            count += 1
    return count

def floor(data):
    paths = sorted(str(p) for p in Path(data, "practices").glob("*.yaml"))
    workers = pool_size()
    size = -(-len(paths) // (workers * CHUNKS_PER_WORKER))
    shares = [paths[i : i + size] for i in range(0, len(paths), size)]
    with ProcessPoolExecutor(workers, mp_context=get_context("fork")) as pool:
        return sum(pool.map(events, shares))

what, data = sys.argv[1], sys.argv[2]
cpu_before = sum(
    u.ru_utime + u.ru_stime
    for u in map(resource.getrusage, (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
)
start = time.perf_counter()
if what == "csv":
    rows = len(pd.read_csv(data, index_col="id"))
elif what == "floor":
    rows = floor(data)
else:
    rows = len(hopelib.load_catalogue(data))
seconds = time.perf_counter() - start
usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
cpu = sum(u.ru_utime + u.ru_stime for u in usage) - cpu_before
peak = max(u.ru_maxrss for u in usage) / 1024
print(json.dumps({"seconds": seconds, "cpu": cpu, "rows": rows, "peak_mb": peak}))
"""


def measure(what: str, data: Path, cache: Path) -> dict[str, float]:
    """Run one measurement in a new process with *cache* as the cache folder.

    Returns its ``seconds`` (wall clock), ``cpu`` (seconds of processor time of the process
    and its workers, less sensitive to other work on a busy machine), ``rows`` and
    ``peak_mb``.
    """
    env = {**os.environ, "HOPE_CACHE": str(cache)}
    run = subprocess.run(
        [sys.executable, "-c", CHILD, what, str(data)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(run.stdout)  # type: ignore[no-any-return]


def folder_mb(folder: Path) -> float:
    """The size of the files in *folder*, in megabytes (0 when it does not exist)."""
    if not folder.exists():
        return 0.0
    return sum(p.stat().st_size for p in folder.iterdir() if p.is_file()) / 1e6


def bench(generator: str, n: int, repeat: int, work: Path) -> dict[str, float | str]:
    """Measure floor, cold, warm and read_csv on one generated catalogue, *repeat* times."""
    data = GENERATORS[generator](n, work / f"{generator}-{n}")
    time.sleep(1.1)  # let the files leave the cache's racy window, as real files have
    csv = work / f"{generator}-{n}.csv"
    keys = ("floor", "cold", "floor_cpu", "cold_cpu", "warm", "csv", "peak", "mb")
    runs: dict[str, list[float]] = {k: [] for k in keys}
    for attempt in range(repeat):
        cache = work / f"cache-{generator}-{n}-{attempt}"
        floor = measure("floor", data, cache)
        runs["floor"].append(floor["seconds"])
        runs["floor_cpu"].append(floor["cpu"])
        first = measure("load", data, cache)
        runs["cold"].append(first["seconds"])
        runs["cold_cpu"].append(first["cpu"])
        runs["peak"].append(first["peak_mb"])
        runs["warm"].append(measure("load", data, cache)["seconds"])
        runs["mb"].append(folder_mb(cache))
        shutil.rmtree(cache)
        if not csv.exists():
            import hopelib

            with tempfile.TemporaryDirectory() as scratch:
                os.environ["HOPE_CACHE"] = scratch
                hopelib.load_catalogue(data).to_csv(csv)
        runs["csv"].append(measure("csv", csv, work / "unused")["seconds"])
    median = {key: statistics.median(values) for key, values in runs.items()}
    return {"generator": generator, "n": n, **median, "csv_mb": csv.stat().st_size / 1e6}


def many_folders(n: int, count: int, work: Path) -> None:
    """Load *count* different copies of an *n*-practice catalogue into one cache folder."""
    source = work / f"synthetic-{n}"
    if not source.exists():
        synthetic.generate(n, source)
        time.sleep(1.1)
    cache = work / "cache-many"
    limit = os.environ.get("HOPE_CACHE_MAX_MB") or "500 (default)"
    print(f"\n{'folders':>7} {'cache MB':>9}   ({n} practices each; HOPE_CACHE_MAX_MB={limit})")
    for index in range(1, count + 1):
        copy = work / f"copy-{index}"
        shutil.copytree(source, copy, copy_function=os.link)  # same files, another folder
        measure("load", copy, cache)
        print(f"{index:>7} {folder_mb(cache):>9.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--generators", nargs="+", default=list(GENERATORS), choices=GENERATORS)
    parser.add_argument("--folders", type=int, default=0, help="then load N copies (cache size)")
    parser.add_argument("--smoke", action="store_true", help="a seconds-long run (tests)")
    args = parser.parse_args()
    sizes, repeat, count = ([200], 1, 2) if args.smoke else (args.sizes, args.repeat, args.folders)
    print(
        f"{'practices':>9} {'generator':<10} {'floor s':>8} {'cold s':>7} {'cold/floor':>10} "
        f"{'cpu ratio':>9} {'warm s':>7} {'read_csv s':>10} {'warm/csv':>8} {'peak MB':>8} "
        f"{'cache MB':>8}"
    )
    with tempfile.TemporaryDirectory() as scratch:
        for n in sizes:
            for generator in args.generators:
                r = bench(generator, n, repeat, Path(scratch))
                print(
                    f"{r['n']:>9} {r['generator']:<10} {r['floor']:>8.2f} {r['cold']:>7.2f} "
                    f"{r['cold'] / r['floor']:>10.2f} {r['cold_cpu'] / r['floor_cpu']:>9.2f} "
                    f"{r['warm']:>7.3f} {r['csv']:>10.3f} "
                    f"{r['warm'] / r['csv']:>8.2f} {r['peak']:>8.0f} {r['mb']:>8.1f}",
                    flush=True,
                )
        if count:
            many_folders(max(sizes), count, Path(scratch))


if __name__ == "__main__":
    main()
