"""A separate process that writes ratings and prints each acknowledged record id.

Usage: ``python -m tests.store_writer URL DATA_DIR NAME COUNT`` (COUNT 0: until killed).
The store tests run several at once, and kill one with SIGKILL mid-run.
"""

from __future__ import annotations

import itertools
import sys

from hopelib.store import open_store


def main() -> None:
    """Write COUNT ratings as participants NAME-0 … NAME-4 of one partner."""
    url, data, name, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    store = open_store(url, data)
    partner = "north" if sum(map(ord, name)) % 2 else "south"
    steps = range(count) if count else itertools.count()
    for i in steps:
        record = store.add_rating(
            "demo-x", partner, f"{name}-{i % 5}", "job-path", "relevance", 1 + i % 5
        )
        print(record["id"], flush=True)


if __name__ == "__main__":
    main()
