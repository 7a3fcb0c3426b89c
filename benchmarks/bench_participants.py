"""Many participants at once on ``hope serve`` (Voilà): join, rate every practice, the wall follows.

Usage: ``python benchmarks/bench_participants.py [--participants 12 24] [--smoke]``. Starts
Voilà as ``hope serve`` plans it, with an empty SQLite store, and opens the results wall; then
N browser contexts of Debian's Chromium (Playwright, one event loop) join the demo session at
the same time and each rates every practice of the agenda. Printed per N:

- join → form shown: from opening the link to the practice forms on screen (median, p95;
  target p95 ≤ 10 s with preheated kernels);
- save → visible on the results wall: from a save's confirmation to the wall's chart
  changing (median, p95; target ≤ 3 s);
- memory per participant kernel (median resident size of the kernels' processes);
- rows stored against rows expected (must be equal), and failures (pages that timed out).

The baseline of the same run is a single participant doing the same alone.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from hopelib import compare, load_partners, load_session  # noqa: E402
from hopelib.store import open_store  # noqa: E402
from tests.voila import RESULTS_JS, VoilaServer  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
SESSION = "demo-1"
DATA = PROJECT / "data"
TIMEOUT_MS = 240_000


def p95(values: list[float]) -> float:
    """The 95th percentile (nearest rank) of *values*."""
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def cpu_seconds() -> dict[str, float]:
    """CPU seconds used so far by the browsers, the kernels and Voilà (live processes)."""
    tick = os.sysconf("SC_CLK_TCK")
    used = {"browsers": 0.0, "kernels": 0.0, "voila": 0.0}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            cmdline = (stat.parent / "cmdline").read_bytes()
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        kind = (
            "kernels"
            if b"ipykernel_launcher" in cmdline
            else "voila"
            if b"-m\x00voila" in cmdline
            else "browsers"
            if b"chromium" in cmdline or b"chrome" in cmdline
            else None
        )
        if kind:
            used[kind] += (int(fields[11]) + int(fields[12])) / tick  # utime + stime
    return used


def kernel_memory_mb() -> list[float]:
    """Resident memory of every running ipykernel process, in MB."""
    sizes = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            cmdline = (status.parent / "cmdline").read_bytes()
            if b"ipykernel_launcher" not in cmdline:
                continue
            for line in status.read_text().splitlines():
                if line.startswith("VmRSS:"):
                    sizes.append(int(line.split()[1]) / 1024)
        except OSError:
            continue
    return sizes


async def participant(
    browser: Any, url: str, label: str, name: str, practices: list[str], saves: list[float]
) -> float:
    """Join as *name* for *label*, rate every practice; return join → form seconds."""
    context = await browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = await context.new_page()
        start = time.perf_counter()
        await page.goto(url, wait_until="domcontentloaded", timeout=TIMEOUT_MS)
        await page.locator(".hope-join-partner select").wait_for(timeout=TIMEOUT_MS)
        await page.locator(".hope-join-partner select").select_option(label=label)
        await page.locator(".hope-join-pseudonym input").fill(name)
        await page.locator("button.hope-join").click()
        await page.locator(".hope-practice").first.wait_for(timeout=TIMEOUT_MS)
        shown = time.perf_counter() - start
        for number, practice in enumerate(practices):
            form = page.locator(f".hope-practice-{practice}")
            await form.locator(".hope-score-relevance select").select_option(index=1 + number % 5)
            await form.locator("button.hope-save").click()
            await form.locator(".hope-save-message .hope-ok").wait_for(timeout=TIMEOUT_MS)
            saves.append(time.perf_counter())
        return shown
    finally:
        await context.close()


async def watch_wall(page: Any, changes: list[float], stop: asyncio.Event) -> None:
    """Note the time of every change of the wall's chart data until *stop*."""
    last = await page.evaluate(RESULTS_JS)
    while not stop.is_set():
        now = await page.evaluate(RESULTS_JS)
        if now != last:
            changes.append(time.perf_counter())
            last = now
        await asyncio.sleep(0.1)


async def round_of(server: VoilaServer, count: int, offset: int) -> dict[str, Any]:
    """Run *count* participants at once; return the figures of the round."""
    from playwright.async_api import async_playwright

    session = load_session(SESSION, DATA)
    names = compare.partner_names(load_partners(DATA))
    partners = list(session.partners)
    practices = list(session.practices)
    saves: list[float] = []
    changes: list[float] = []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        wall_context = await browser.new_context(viewport={"width": 1500, "height": 1000})
        wall = await wall_context.new_page()
        await wall.goto(server.plan.wall_url, timeout=TIMEOUT_MS)
        await wall.locator(".hope-results .js-plotly-plot").first.wait_for(timeout=TIMEOUT_MS)
        stop = asyncio.Event()
        watcher = asyncio.create_task(watch_wall(wall, changes, stop))
        results = await asyncio.gather(
            *(
                participant(
                    browser,
                    server.plan.participant_url,
                    names[partners[i % len(partners)]],
                    f"P{offset + i}",
                    practices,
                    saves,
                )
                for i in range(count)
            ),
            return_exceptions=True,
        )
        await asyncio.sleep(6)  # the wall's last poll
        stop.set()
        await watcher
        memory = kernel_memory_mb()
        cpu = cpu_seconds()
        await browser.close()
    joins = [r for r in results if isinstance(r, float)]
    lags = []
    for saved in saves:
        later = [c for c in changes if c >= saved]
        if later:
            lags.append(later[0] - saved)
    return {
        "joins": joins,
        "lags": lags,
        "failures": [repr(r)[:120] for r in results if not isinstance(r, float)],
        "memory": memory,
        "expected": len(joins) * len(practices),
        "cpu": cpu,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, nargs="+", default=[12, 24])
    parser.add_argument("--smoke", action="store_true", help="two participants (tests)")
    args = parser.parse_args()
    counts = [2] if args.smoke else args.participants
    print(
        f"{'participants':>12} {'join→form med s':>15} {'p95 s':>7} {'save→wall med s':>15} "
        f"{'p95 s':>7} {'MB/kernel':>9} {'rows':>11} {'failed':>6}"
    )
    offset = 0
    for count in [1, *counts]:  # one alone first: the baseline of the same run
        with tempfile.TemporaryDirectory() as scratch:
            folder = Path(scratch)
            store = str(folder / "store.sqlite")
            server = VoilaServer.start(SESSION, store, DATA, folder, pool=min(count, 8))
            try:
                figures = asyncio.run(round_of(server, count, offset))
            finally:
                server.stop()
            with open_store(store, DATA) as opened:
                rows = len(opened.ratings(SESSION))
        offset += count
        joins, lags = figures["joins"] or [float("nan")], figures["lags"] or [float("nan")]
        memory = statistics.median(figures["memory"]) if figures["memory"] else float("nan")
        print(
            f"{count:>12} {statistics.median(joins):>15.2f} {p95(joins):>7.2f} "
            f"{statistics.median(lags):>15.2f} {p95(lags):>7.2f} {memory:>9.0f} "
            f"{rows:>5}/{figures['expected']:<5} {len(figures['failures']):>6}"
        )
        for failure in figures["failures"][:3]:
            print(f"{'':>12} failed: {failure}")


if __name__ == "__main__":
    main()
