"""Timing helpers shared by the benchmark scripts: medians, and the table they print."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence
from typing import Any

#: One measured step: its name, median seconds, baseline median seconds (or None), target ms.
Row = tuple[str, float, float | None, float]


def timed(call: Callable[[], Any], repeat: int) -> float:
    """Return the median seconds of *call* over *repeat* runs, after one warm-up."""
    call()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def once(call: Callable[[], Any]) -> tuple[float, Any]:
    """Return the seconds of one call and its result."""
    start = time.perf_counter()
    result = call()
    return time.perf_counter() - start, result


def print_table(size: int, rows: Sequence[Row], width: int = 34) -> None:
    """Print each step's median, its baseline, their ratio, the target and whether it was met.

    The first column repeats *size* (the number of practices), so every line after the
    header starts with a number.
    """
    print(
        f"{'practices':>9} {'step':<{width}} {'median ms':>10} {'baseline ms':>11} "
        f"{'ratio':>6} {'target ms':>9} {'met':>4}"
    )
    for step, seconds, baseline, target_ms in rows:
        base = f"{baseline * 1e3:>11.1f}" if baseline is not None else f"{'–':>11}"
        ratio = f"{seconds / baseline:>6.1f}" if baseline else f"{'–':>6}"
        met = "yes" if seconds * 1e3 <= target_ms else "NO"
        print(
            f"{size:>9} {step:<{width}} {seconds * 1e3:>10.1f} {base} {ratio} "
            f"{target_ms:>9.0f} {met:>4}"
        )
