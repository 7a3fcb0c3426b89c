"""Session store speed: add_rating latency, reading and loading 50,000 ratings.

Usage: ``python benchmarks/bench_store.py [--writes 300] [--rows 50000] [--repeat 5]
[--postgres URL] [--smoke]``. ``add_rating`` is timed one call at a time (median and p95;
each call is a full checked, committed transaction). Reading times ``Store.ratings`` of a
session holding ``--rows`` ratings beside a plain ``pandas.read_sql`` of the same table in
the same run (the ratio is the figure). PostgreSQL runs when ``--postgres`` gives a URL of an
empty database, or when Debian's PostgreSQL is installed (a throw-away cluster is started).
Loading (SQLite) times ``load_records`` of that session's archive into a new store, every row
checked, beside the floor: the same CSV files read with the csv module and inserted unchecked.

Targets (SQLite): add_rating median ≤ 5 ms; 50,000 rows read ≤ 0.5 s.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import math
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

from hopelib.store import Store, archive_session, load_records, open_store  # noqa: E402
from hopelib.store.schema import (  # noqa: E402
    TABLES,
    metadata,
    participants_table,
    ratings_table,
)
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
        speakers = [
            {
                "id": str(uuid.uuid4()),
                "created_at": pd.Timestamp("2025-03-11T10:00:00Z").to_pydatetime(),
                "session": SESSION,
                "partner": "north",
                "participant": f"bulk {i}",
                "pseudonym": f"Bulk {i}",
            }
            for i in range(40)
        ]
        with store.engine.begin() as connection:
            connection.execute(participants_table.insert(), speakers)
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
        loads, floors = bench_load(store, Path(url).parent if "://" not in url else None, repeat)
    latencies.sort()
    return {
        "load_s": statistics.median(loads) if loads else float("nan"),
        "load_floor_s": statistics.median(floors) if floors else float("nan"),
        "median_ms": statistics.median(latencies) * 1e3,
        "p95_ms": latencies[int(0.95 * (len(latencies) - 1))] * 1e3,
        "read_s": statistics.median(reads),
        "read_sql_s": statistics.median(baseline),
    }


def typed(table: sa.Table, row: dict[str, str]) -> dict[str, object]:
    """An archived row's text as the database driver takes it: times, dates and numbers."""
    out: dict[str, object] = {}
    for name, text in row.items():
        kind = table.c[name].type
        if not text:
            out[name] = None if not isinstance(kind, sa.String) else text
        elif isinstance(kind, sa.DateTime):
            out[name] = dt.datetime.fromisoformat(text)
        elif isinstance(kind, sa.Date):
            out[name] = dt.date.fromisoformat(text)
        elif isinstance(kind, sa.Integer):
            out[name] = int(text)
        else:
            out[name] = text
    return out


def bench_load(store: Store, scratch: Path | None, repeat: int) -> tuple[list[float], list[float]]:
    """Time loading the session's archive into new SQLite stores, and the unchecked floor."""
    if scratch is None:  # loading is timed on SQLite only
        return [], []
    folder = scratch / "records"
    files = archive_session(store, SESSION, folder)
    loads, floors = [], []
    for i in range(repeat):
        with open_store(str(scratch / f"load{i}.sqlite"), DATA) as fresh:
            start = time.perf_counter()
            load_records(fresh, folder)
            loads.append(time.perf_counter() - start)
        engine = sa.create_engine(f"sqlite:///{scratch / f'floor{i}.sqlite'}")
        metadata.create_all(engine)
        start = time.perf_counter()
        with engine.begin() as connection:
            for path in files:
                table = TABLES[path.stem]
                with path.open(encoding="utf-8", newline="") as handle:
                    rows = [typed(table, row) for row in csv.DictReader(handle)]
                if rows:
                    connection.execute(table.insert(), rows)
        floors.append(time.perf_counter() - start)
        engine.dispose()
    return loads, floors


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
        f"{'read s':>7} {'read_sql s':>10} {'ratio':>6} {'load s':>7} {'floor s':>7} {'ratio':>6}"
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
                f"{r['read_s']:>7.3f} {r['read_sql_s']:>10.3f} {ratio:>6.2f} "
                + (
                    f"{r['load_s']:>7.3f} {r['load_floor_s']:>7.3f} "
                    f"{r['load_s'] / r['load_floor_s']:>6.2f}"
                    if not math.isnan(r["load_s"])  # loading is timed on SQLite only
                    else f"{'–':>7} {'–':>7} {'–':>6}"
                )
            )


if __name__ == "__main__":
    main()
