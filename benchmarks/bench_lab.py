"""The comparison notebook in a real JupyterLab: Run All, and Save → updated chart.

Usage: ``python benchmarks/bench_lab.py [--repeat 3] [--smoke]``. Starts JupyterLab on a
temporary copy of ``notebooks/`` and ``data/`` with an empty store (the tests' own helper,
``tests/jupyterlab.py``), opens ``02-comparison-session.ipynb`` in Debian's Chromium, times
*Run → Run All Cells* until the last cell finished, then a rating's Save until the results
chart shows it. Medians over ``--repeat`` fresh kernels; the notebook's first open (kernel
start) is printed as the baseline of the same run.

Targets (demo-1): Run All ≤ 10 s; Save → updated chart ≤ 1 s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from tests.jupyterlab import RESULTS_JS, Lab, LabProject  # noqa: E402

NOTEBOOK = "notebooks/02-comparison-session.ipynb"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--smoke", action="store_true", help="one round (tests)")
    args = parser.parse_args()
    repeat = 1 if args.smoke else args.repeat
    from playwright.sync_api import sync_playwright

    opens, runs, saves = [], [], []
    with tempfile.TemporaryDirectory() as scratch, sync_playwright() as playwright:
        project = LabProject.create(PROJECT, Path(scratch))
        lab = Lab.start(project.root, Path(scratch) / "lab", project.env)
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        try:
            for attempt in range(repeat):
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                opens.append(lab.open_notebook(page, NOTEBOOK))
                runs.append(lab.run_all(page))
                rate = page.locator(".hope-tabs .lm-TabBar-tab", has_text="Rate")
                rate.click()  # the console's Rate tab
                page.wait_for_selector(".hope-rating-panel .hope-score-relevance input")
                before = page.evaluate(RESULTS_JS)
                panel = page.locator(".hope-rating-panel")
                panel.locator(".hope-participant input").fill(f"Bench {attempt}")
                panel.locator(".hope-partner select").select_option(label="Maribor")
                panel.locator(".hope-score-relevance input").fill(str(1 + attempt % 5))
                started = time.monotonic()
                panel.locator("button.hope-save-rating").click()
                page.wait_for_function(
                    f"b => {{ const now = ({RESULTS_JS})(); return now !== null && now !== b; }}",
                    arg=before,
                    timeout=60_000,
                )
                saves.append(time.monotonic() - started)
                page.close()
                lab.shutdown_kernels()
        finally:
            browser.close()
            lab.stop()
    print(f"{'rounds':>6} {'step':<34} {'median s':>9} {'target s':>9} {'met':>4}")
    for step, values, target in (
        ("open notebook + kernel (baseline)", opens, None),
        ("Run All Cells (demo-1)", runs, 10.0),
        ("Save → updated chart", saves, 1.0),
    ):
        median = statistics.median(values)
        met = "–" if target is None else ("yes" if median <= target else "NO")
        shown = f"{target:>9.1f}" if target is not None else f"{'–':>9}"
        print(f"{repeat:>6} {step:<34} {median:>9.2f} {shown} {met:>4}")


if __name__ == "__main__":
    main()
