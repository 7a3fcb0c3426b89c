"""Many participants at once on ``hope serve`` (Voilà): join, rate every practice, the wall follows.

Usage: ``python benchmarks/bench_participants.py [--participants 12 24] [--smoke]``. Starts
Voilà as ``hope serve --pool N`` plans it, with an empty SQLite store, waits (as ``hope serve``
does before printing its links) until the N participant pages are prepared, and opens the
results wall; then N browser contexts of Debian's Chromium (Playwright, one event loop) join
the demo session at the same time and each rates every practice of the agenda, while every
page's results follow the saves. Printed per N:

- join → form shown: from opening the link to the practice forms on screen (median, p95;
  target p95 ≤ 10 s with preheated kernels);
- save → visible on the results wall: from a save's confirmation to the wall's chart
  changing (median, p95; target ≤ 3 s);
- memory per participant kernel (median resident size of the kernels' processes);
- rows stored against rows expected (must be equal), and failures (pages that timed out);
- CPU seconds of the browsers, the kernels and Voilà, in all and per participant: all run on
  this machine here, while in a workshop each browser runs on its participant's own device.
  ``--niced`` runs each count again (marked ``n``) with the participants' browsers at
  ``nice 19``, so that the server and the wall come first, as they would with the browsers
  elsewhere.

The baseline of the same run is a single participant doing the same alone.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
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
            if b"-m\x00hopelib.voila_app" in cmdline
            else "browsers"
            if b"chromium" in cmdline or b"chrome" in cmdline
            else None
        )
        if kind:
            used[kind] += (int(fields[11]) + int(fields[12])) / tick  # utime + stime
    return used


@contextlib.contextmanager
def niced_chromium(niced: bool) -> Iterator[str]:
    """Yield Debian's Chromium, or with *niced* a script that runs it under ``nice -n 19``."""
    if not niced:
        yield CHROMIUM
        return
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "chromium-niced"
        script.write_text(f'#!/bin/sh\nexec nice -n 19 {CHROMIUM} "$@"\n', encoding="utf-8")
        script.chmod(0o755)
        yield str(script)


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
    contexts: list[Any],
    browser: Any,
    url: str,
    label: str,
    name: str,
    practices: list[str],
    saves: list[float],
    loads: list[float],
) -> float:
    """Join as *name* for *label* and rate every practice (the page's results follow every
    save meanwhile); return join → form seconds."""
    context = await browser.new_context(viewport={"width": 390, "height": 844})
    contexts.append(context)  # closed after the round's CPU is read
    page = await context.new_page()
    start = time.perf_counter()
    await page.goto(url, wait_until="domcontentloaded", timeout=TIMEOUT_MS)
    await page.locator(".hope-join-partner select").wait_for(timeout=TIMEOUT_MS)
    loads.append(time.perf_counter() - start)  # the page itself, before joining
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


async def watch_wall(page: Any, changes: list[float], stop: asyncio.Event) -> None:
    """Note the time of every change of the wall's chart data until *stop*."""
    last = await page.evaluate(RESULTS_JS)
    while not stop.is_set():
        now = await page.evaluate(RESULTS_JS)
        if now != last:
            changes.append(time.perf_counter())
            last = now
        await asyncio.sleep(0.1)


async def round_of(
    server: VoilaServer, count: int, offset: int, niced: bool = False
) -> dict[str, Any]:
    """Run *count* participants at once; return the figures of the round.

    With *niced*, the participants' browser runs at the lowest CPU priority (``nice 19``),
    as if on the participants' own devices: the server and the wall come first.
    """
    args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
    with niced_chromium(niced) as executable:
        return await _round(server, count, offset, executable, args)


async def _round(
    server: VoilaServer, count: int, offset: int, executable: str, args: list[str]
) -> dict[str, Any]:
    from playwright.async_api import async_playwright

    session = load_session(SESSION, DATA)
    names = compare.partner_names(load_partners(DATA))
    partners = list(session.partners)
    practices = list(session.practices)
    saves: list[float] = []
    loads: list[float] = []
    changes: list[float] = []
    async with async_playwright() as playwright:
        wall_browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=args)
        browser = await playwright.chromium.launch(executable_path=executable, args=args)
        wall_context = await wall_browser.new_context(viewport={"width": 1500, "height": 1000})
        wall = await wall_context.new_page()
        await wall.goto(server.plan.wall_url, timeout=TIMEOUT_MS)
        await wall.locator(".hope-results .js-plotly-plot").first.wait_for(timeout=TIMEOUT_MS)
        stop = asyncio.Event()
        watcher = asyncio.create_task(watch_wall(wall, changes, stop))
        contexts: list[Any] = []
        before = cpu_seconds()
        started = time.perf_counter()
        results = await asyncio.gather(
            *(
                participant(
                    contexts,
                    browser,
                    server.plan.participant_url,
                    names[partners[i % len(partners)]],
                    f"P{offset + i}",
                    practices,
                    saves,
                    loads,
                )
                for i in range(count)
            ),
            return_exceptions=True,
        )
        await asyncio.sleep(6)  # the wall's last poll
        stop.set()
        await watcher
        memory = kernel_memory_mb()
        after = cpu_seconds()
        cpu = {kind: after[kind] - before.get(kind, 0.0) for kind in after}
        cpu["elapsed"] = time.perf_counter() - started
        for context in contexts:
            await context.close()
        await browser.close()
        await wall_browser.close()
    joins = [r for r in results if isinstance(r, float)]
    lags = []
    for saved in saves:
        later = [c for c in changes if c >= saved]
        if later:
            lags.append(later[0] - saved)
    return {
        "joins": joins,
        "loads": loads,
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
    parser.add_argument(
        "--niced",
        action="store_true",
        help="also run each count with the participants' browsers at nice 19 (as if on "
        "their own devices: the server and the wall keep the CPU)",
    )
    args = parser.parse_args()
    counts = [2] if args.smoke else args.participants
    print(
        f"{'participants':>12} {'join→form med s':>15} {'p95 s':>7} {'save→wall med s':>15} "
        f"{'p95 s':>7} {'MB/kernel':>9} {'rows':>11} {'failed':>6}"
    )
    offset = 0
    rounds = [(count, False) for count in [1, *counts]]  # one alone first: the baseline
    if args.niced:
        rounds += [(count, True) for count in counts]
    for count, niced in rounds:
        with tempfile.TemporaryDirectory() as scratch:
            folder = Path(scratch)
            store = str(folder / "store.sqlite")
            try:
                server = VoilaServer.start(SESSION, store, DATA, folder, pool=count)
            except RuntimeError as error:  # say it and go on with the next count
                print(f"{count:>11}{'n' if niced else ' '} could not start: {error}")
                continue
            try:
                figures = asyncio.run(round_of(server, count, offset, niced))
            finally:
                server.stop()
            with open_store(store, DATA) as opened:
                rows = len(opened.ratings(SESSION))
        offset += count
        joins, lags = figures["joins"] or [float("nan")], figures["lags"] or [float("nan")]
        memory = statistics.median(figures["memory"]) if figures["memory"] else float("nan")
        print(
            f"{count:>11}{'n' if niced else ' '} {statistics.median(joins):>15.2f} "
            f"{p95(joins):>7.2f} "
            f"{statistics.median(lags):>15.2f} {p95(lags):>7.2f} {memory:>9.0f} "
            f"{rows:>5}/{figures['expected']:<5} {len(figures['failures']):>6}"
        )
        cpu = figures["cpu"]
        if figures["loads"]:
            print(
                f"{'':>12} of which the page itself (link → join form): median "
                f"{statistics.median(figures['loads']):.2f} s, p95 {p95(figures['loads']):.2f} s"
            )
        print(
            f"{'':>12} CPU seconds over {cpu['elapsed']:.0f} s: browsers {cpu['browsers']:.0f}, "
            f"kernels {cpu['kernels']:.0f}, Voilà {cpu['voila']:.0f}; per participant: "
            f"browsers {cpu['browsers'] / count:.1f}, server "
            f"{(cpu['kernels'] + cpu['voila']) / count:.1f} (of {os.cpu_count()} cores here)"
        )
        for failure in figures["failures"][:3]:
            print(f"{'':>12} failed: {failure}")


if __name__ == "__main__":
    main()
