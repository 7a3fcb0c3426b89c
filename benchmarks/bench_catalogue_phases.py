"""Where a cold catalogue load's time goes, step by step, beside libyaml's events (the floor).

Usage: ``python benchmarks/bench_catalogue_phases.py [--n 2000] [--repeat 5] [--smoke]``.
For each generator of ``bench_catalogue.py``, the steps a cold load takes for *n* practice
files are timed one after the other in this one process, as processor time (the best of
``--repeat``; the garbage collector paused, as the loader pauses it): reading the files,
libyaml's events (the floor's work), building the data (``yaml_loader.load``), validating
the models, the checks against the taxonomy (what ``Reader.read_practice`` takes beyond the
three before), the frame's columns, pickling them, building the frame and writing the cache.
Each step is shown in ms and as a multiple of the events' time.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_catalogue import GENERATORS

from hopelib.catalogue import cache, yaml_loader
from hopelib.catalogue.frames import catalogue_table, table_frame
from hopelib.catalogue.reader import open_reader
from hopelib.models import Practice


def best(call: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """Return the least processor seconds of *call* over *repeat* runs, and its result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.process_time()
        result = call()
        times.append(time.process_time() - start)
    return min(times), result


def phases(data: Path, repeat: int, scratch: Path) -> list[tuple[str, float]]:
    """Time each step of a cold load of the practices of *data*; return (step, seconds)."""
    reader = open_reader(data)
    reader.read_taxonomy()
    reader.read_partners()
    taxonomy = reader.taxonomy
    assert taxonomy is not None
    paths = reader.practice_files()
    steps: list[tuple[str, float]] = []

    def step(name: str, call: Callable[[], Any]) -> Any:
        seconds, result = best(call, repeat)
        steps.append((name, seconds))
        return result

    texts = step("read the files", lambda: [p.read_bytes().decode("utf-8") for p in paths])
    step(
        "libyaml events (floor)",
        lambda: [sum(1 for _ in yaml.parse(t, Loader=yaml.CSafeLoader)) for t in texts],
    )
    data_ = step("build the data", lambda: [yaml_loader.load(t) for t in texts])
    step("validate the models", lambda: [Practice.model_validate(d) for d in data_])
    whole, models = best(lambda: [reader.read_practice(p) for p in paths], repeat)
    parts = sum(seconds for name, seconds in steps if not name.startswith("libyaml"))
    steps.append(("checks (read_practice − above)", max(whole - parts, 0.0)))
    table = step("the frame's columns", lambda: catalogue_table(models, taxonomy, "en"))
    packed = step("pickle the columns", lambda: cache.pack(table))
    step("unpickle them", lambda: cache.unpack(packed))
    ids = [m.id for m in models]
    step("build the frame", lambda: table_frame(ids, table, taxonomy))
    where = scratch / "catalogue-0123456789abcdef-en.pickle"
    step("write the cache", lambda: cache.save(where, "key", [packed]))
    return steps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--smoke", action="store_true", help="a seconds-long run (tests)")
    args = parser.parse_args()
    n, repeat = (50, 1) if args.smoke else (args.n, args.repeat)
    gc.disable()
    print(f"{'practices':>9} {'generator':<10} {'step':<32} {'cpu ms':>8} {'× events':>9}")
    with tempfile.TemporaryDirectory() as scratch:
        os.environ["HOPE_CACHE"] = scratch
        for name, generate in GENERATORS.items():
            data = generate(n, Path(scratch) / name)
            steps = phases(data, repeat, Path(scratch))
            events = dict(steps)["libyaml events (floor)"]
            for step, seconds in steps:
                print(
                    f"{n:>9} {name:<10} {step:<32} {seconds * 1e3:>8.1f} {seconds / events:>9.2f}"
                )


if __name__ == "__main__":
    main()
