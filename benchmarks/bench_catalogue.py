"""Catalogue load times at scale: cold, warm (cached) and pandas.read_csv of the same data.

Usage: ``python benchmarks/bench_catalogue.py [--sizes 1000 10000] [--repeat 3] [--smoke]``.
Each measurement runs in a new process (imports excluded from the timings); the figure that
matters is the ratio of the warm load to ``read_csv`` of the catalogue flattened to one CSV,
measured in the same run on the same machine. Medians over ``--repeat`` runs.

Targets (10,000 practices): cold ≤ 3 s, warm ≤ 0.3 s and ≤ 3 × read_csv, peak memory ≤ 500 MB.
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
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import generate

CHILD = r"""
import json, resource, sys, time
import pandas as pd
import hopelib
what, data = sys.argv[1], sys.argv[2]
start = time.perf_counter()
if what == "csv":
    frame = pd.read_csv(data, index_col="id")
else:
    frame = hopelib.load_catalogue(data)
seconds = time.perf_counter() - start
peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
           resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
print(json.dumps({"seconds": seconds, "rows": len(frame), "peak_mb": peak}))
"""


def measure(what: str, data: Path, cache: Path) -> dict[str, float]:
    env = {**os.environ, "HOPE_CACHE": str(cache)}
    run = subprocess.run(
        [sys.executable, "-c", CHILD, what, str(data)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(run.stdout)


def bench(n: int, repeat: int, work: Path) -> dict[str, float]:
    data = generate(n, work / f"catalogue-{n}")
    time.sleep(1.1)  # let the files leave the cache's racy window, as real files have
    csv = work / f"catalogue-{n}.csv"
    cold, warm, peak = [], [], []
    for attempt in range(repeat):
        cache = work / f"cache-{n}-{attempt}"
        first = measure("load", data, cache)
        cold.append(first["seconds"])
        peak.append(first["peak_mb"])
        warm.append(measure("load", data, cache)["seconds"])
        shutil.rmtree(cache)
    if not csv.exists():
        import hopelib

        with tempfile.TemporaryDirectory() as scratch:
            os.environ["HOPE_CACHE"] = scratch
            hopelib.load_catalogue(data).to_csv(csv)
    read_csv = [measure("csv", csv, work / "unused")["seconds"] for _ in range(repeat)]
    return {
        "n": n,
        "cold_s": statistics.median(cold),
        "warm_s": statistics.median(warm),
        "read_csv_s": statistics.median(read_csv),
        "peak_mb": statistics.median(peak),
        "csv_mb": csv.stat().st_size / 1e6,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--smoke", action="store_true", help="a seconds-long run (tests)")
    args = parser.parse_args()
    sizes, repeat = ([200], 1) if args.smoke else (args.sizes, args.repeat)
    print(
        f"{'practices':>9} {'cold s':>8} {'warm s':>8} {'read_csv s':>10} "
        f"{'warm/csv':>8} {'peak MB':>8} {'csv MB':>7}"
    )
    with tempfile.TemporaryDirectory() as scratch:
        for n in sizes:
            r = bench(n, repeat, Path(scratch))
            print(
                f"{r['n']:>9} {r['cold_s']:>8.2f} {r['warm_s']:>8.3f} {r['read_csv_s']:>10.3f} "
                f"{r['warm_s'] / r['read_csv_s']:>8.2f} {r['peak_mb']:>8.0f} {r['csv_mb']:>7.1f}"
            )


if __name__ == "__main__":
    main()
