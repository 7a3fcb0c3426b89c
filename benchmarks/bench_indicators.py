"""Impact indicators on a large synthetic catalogue: loading, helpers and charts.

Usage: ``python benchmarks/bench_indicators.py [--practices 5000] [--years 6] [--repeat 5]
[--smoke]``. Each practice gets three indicators (people taking part, cost, share into work
or studies) for ``--years`` yearly periods, written to ``indicators/values.csv`` (5,000
practices × 3 × 6 = 90,000 values). Every step is timed ``--repeat`` times in this process
after one warm-up; the table gives the median, the median of a plain pandas baseline of the
same work where one exists (measured in the same run), their ratio, the target and whether it
was met.

Targets (90,000 values): load and validate ≤ 3 s (every row checked; the baseline is
``pandas.read_csv`` of the same file, which checks nothing), each helper ≤ 1 s, each chart
≤ 1 s.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import generate
from timing import print_table, timed

INDICATORS = (("participants", "people"), ("cost", "eur"), ("into_work_or_study", "percent"))


def write_values(folder: Path, years: int, seed: int = 11) -> int:
    """Write ``indicators/values.csv`` for every practice of *folder*; return the row count."""
    import hopelib

    rng = random.Random(seed)
    practices = hopelib.load_practices(folder)
    target = folder / "indicators"
    target.mkdir(exist_ok=True)
    rows = 0
    with (target / "values.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["practice", "indicator", "unit", "period", "value", "source", "note"])
        for practice_id, practice in practices.items():
            source = practice.sources[0].title
            base = {"participants": rng.randint(10, 900), "cost": rng.randint(20, 900) * 1000}
            share = rng.uniform(10, 60)
            for year in range(2025 - years, 2025):
                values = {
                    "participants": base["participants"] + rng.randint(-50, 80),
                    "cost": base["cost"] + rng.randint(-10, 30) * 1000,
                    "into_work_or_study": round(share + rng.uniform(-5, 5), 1),
                }
                for indicator, unit in INDICATORS:
                    value = max(0, values[indicator])
                    writer.writerow([practice_id, indicator, unit, year, value, source, ""])
                    rows += 1
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--practices", type=int, default=5_000)
    parser.add_argument("--years", type=int, default=6)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--smoke", action="store_true", help="a seconds-long run (tests)")
    args = parser.parse_args()
    n, years, repeat = (200, 3, 1) if args.smoke else (args.practices, args.years, args.repeat)

    rows: list[tuple[str, float, float | None, float]] = []
    with tempfile.TemporaryDirectory() as scratch:
        os.environ["HOPE_CACHE"] = str(Path(scratch) / "cache")
        import hopelib
        from hopelib import charts
        from hopelib.indicators import (
            compare_indicator,
            indicator_changes,
            load_indicators,
            partner_overview,
            unit_indicator_figures,
        )

        folder = generate(n, Path(scratch) / "catalogue")
        values = write_values(folder, years)
        catalogue = hopelib.load_catalogue(folder)
        partners = hopelib.load_partners(folder)
        csv_path = folder / "indicators" / "values.csv"
        rows.append(
            (
                f"load and validate ({values:,} values)",
                timed(lambda: load_indicators(folder), repeat),
                timed(lambda: pd.read_csv(csv_path), repeat),
                3_000,
            )
        )
        frame = load_indicators(folder)

    partner = str(frame["partner"].dropna().iloc[0])
    practice = str(frame["practice"].iloc[0])
    titles = catalogue["title"]
    yearly = frame.sort_values(["practice", "indicator", "period"])
    rows.append(
        (
            "indicator_changes",
            timed(lambda: indicator_changes(frame), repeat),
            timed(lambda: yearly.groupby(["practice", "indicator"])["value"].diff(), repeat),
            1_000,
        )
    )
    rows.append(
        (
            "unit_indicator_figures",
            timed(lambda: unit_indicator_figures(frame, catalogue), repeat),
            None,
            1_000,
        )
    )
    rows.append(
        (
            "compare_indicator (latest period)",
            timed(lambda: compare_indicator(frame, "participants"), repeat),
            timed(
                lambda: (
                    frame[frame["indicator"] == "participants"]
                    .sort_values("period")
                    .groupby("practice")
                    .tail(1)
                ),
                repeat,
            ),
            1_000,
        )
    )
    rows.append(
        ("partner_overview", timed(lambda: partner_overview(frame, partner), repeat), None, 1_000)
    )
    chart_calls: dict[str, Callable[[], Any]] = {
        "indicator_trend_chart": lambda: charts.indicator_trend_chart(
            frame, practice, partners=partners, titles=titles
        ),
        f"indicator_comparison_chart ({n:,} bars)": lambda: charts.indicator_comparison_chart(
            compare_indicator(frame, "participants"), partners=partners, titles=titles
        ),
        "partner_indicator_overview_chart": lambda: charts.partner_indicator_overview_chart(
            partner_overview(frame, partner), partner=partner, partners=partners, titles=titles
        ),
    }
    for name, call in chart_calls.items():
        rows.append((name, timed(call, repeat), None, 1_000))

    print_table(n, rows, width=40)


if __name__ == "__main__":
    main()
