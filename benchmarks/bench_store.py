"""Session store speed: add_rating latency and reading 50,000 ratings, SQLite and PostgreSQL.

Usage: ``python benchmarks/bench_store.py [--writes 300] [--rows 50000] [--repeat 5]
[--postgres URL] [--smoke]``. ``add_rating`` is timed one call at a time (median and p95;
each call is a full checked, committed transaction). Reading times ``Store.ratings`` of a
session holding ``--rows`` ratings beside a plain ``pandas.read_sql`` of the same table in
the same run (the ratio is the figure). PostgreSQL runs when ``--postgres`` gives a URL of an
empty database, or when Debian's PostgreSQL is installed (a throw-away cluster is started).

Targets (SQLite): add_rating median ≤ 5 ms; 50,000 rows read ≤ 0.5 s.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from hopelib.store import open_store  # noqa: E402
from hopelib.store.schema import ratings_table  # noqa: E402
from tests.postgres import postgres_bin, throwaway_cluster  # noqa: E402

DATA = PROJECT / "tests" / "data" / "good"
SESSION = "demo-x"


@contextlib.contextmanager
def throwaway_postgres() -> Iterator[str | None]:
    """Start a PostgreSQL cluster as the tests do; yield a URL, or ``None`` when not installed."""
    bindir = postgres_bin()
    if bindir is None:
        yield None
        return
    with throwaway_cluster(bindir) as url:
        yield f"{url}/postgres"


def bench(url: str, writes: int, rows: int, repeat: int) -> dict[str, float]:
    """Time add_rating and the reading of *rows* ratings on the store at *url*."""
    with open_store(url, DATA) as store:
        latencies = []
        for i in range(writes):
            start = time.perf_counter()
            store.add_rating(
                SESSION, "north", f"bench {i % 20}", "job-path", "relevance", 1 + i % 5
            )
            latencies.append(time.perf_counter() - start)
        batch = [
            {
                "id": str(uuid.uuid4()),
                "created_at": pd.Timestamp("2025-03-11T10:00:00Z").to_pydatetime(),
                "session": SESSION,
                "partner": "north",
                "participant": f"bulk {i % 40}",
                "practice": "job-path",
                "criterion": "relevance",
                "score": 1 + i % 5,
                "comment": "",
                "visibility": "shared",
            }
            for i in range(max(0, rows - writes))
        ]
        with store.engine.begin() as connection:
            for start in range(0, len(batch), 5000):
                connection.execute(ratings_table.insert(), batch[start : start + 5000])
        reads, baseline = [], []
        query = sa.select(ratings_table).where(ratings_table.c.session == SESSION)
        for _ in range(repeat):
            start = time.perf_counter()
            frame = store.ratings(SESSION)
            reads.append(time.perf_counter() - start)
            start = time.perf_counter()
            with store.engine.connect() as connection:
                plain = pd.read_sql(query, connection)
            baseline.append(time.perf_counter() - start)
        assert len(frame) == len(plain) == rows
    latencies.sort()
    return {
        "median_ms": statistics.median(latencies) * 1e3,
        "p95_ms": latencies[int(0.95 * (len(latencies) - 1))] * 1e3,
        "read_s": statistics.median(reads),
        "read_sql_s": statistics.median(baseline),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writes", type=int, default=300)
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--postgres", default=None, help="URL of an empty PostgreSQL database")
    parser.add_argument("--smoke", action="store_true", help="a seconds-long run (tests)")
    args = parser.parse_args()
    writes, rows, repeat = (20, 500, 1) if args.smoke else (args.writes, args.rows, args.repeat)
    print(
        f"{'rows':>7} {'backend':<11} {'add median ms':>13} {'add p95 ms':>10} "
        f"{'read s':>7} {'read_sql s':>10} {'ratio':>6}"
    )
    with tempfile.TemporaryDirectory() as scratch, contextlib.ExitStack() as stack:
        backends = [("sqlite", str(Path(scratch) / "bench.sqlite"))]
        postgres = args.postgres or (
            None if args.smoke else stack.enter_context(throwaway_postgres())
        )
        if postgres:
            backends.append(("postgresql", postgres))
        for name, url in backends:
            r = bench(url, writes, rows, repeat)
            ratio = r["read_s"] / r["read_sql_s"]
            print(
                f"{rows:>7} {name:<11} {r['median_ms']:>13.2f} {r['p95_ms']:>10.2f} "
                f"{r['read_s']:>7.3f} {r['read_sql_s']:>10.3f} {ratio:>6.2f}"
            )


if __name__ == "__main__":
    main()
