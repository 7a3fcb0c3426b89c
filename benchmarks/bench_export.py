"""Exporting every partner report of a session, beside the naive nbconvert route.

Usage: ``python benchmarks/bench_export.py [--session demo-1] [--repeat 1] [--smoke] [--profile]``.
Loads the session's archived records into a temporary store, then times in the same run:

- ``export_session`` (papermill, one kernel per partner in parallel, offline template);
- the naive route: ``jupyter nbconvert --execute --to html --no-input`` once per partner,
  sequentially, each on a copy of the report notebook with that partner's parameters
  written into it.

Also prints each report's size and how long headless Chromium takes, with the network
blocked, until the first chart is painted. ``--profile`` first times one report's parts: the
kernel's start, the imports, ``gather_report``, the sections and charts (the similarity
index, the map …), the page's setup (plotly.js, outlines) and nbconvert's HTML.

Targets: export ≤ 0.3 × naive; each report ≤ 2 MB; first chart painted ≤ 2 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from hopelib.catalogue import load_session  # noqa: E402
from hopelib.export import REPORT_NOTEBOOK, export_session  # noqa: E402
from hopelib.store import load_records, open_store  # noqa: E402

DATA = PROJECT / "data"


def naive(session: str, partners: list[str], store: str, work: Path) -> float:
    """Run nbconvert --execute once per partner, sequentially; return the seconds."""
    import nbformat
    import papermill

    jupyter = Path(sys.executable).with_name("jupyter")
    started = time.perf_counter()
    for partner in partners:
        parameters = {"session": session, "partner": partner, "data_dir": str(DATA), "store": store}
        book = papermill.execute_notebook(REPORT_NOTEBOOK, None, parameters, prepare_only=True)
        copy = REPORT_NOTEBOOK.parent / f".bench-{partner}.ipynb"
        nbformat.write(book, copy)
        try:
            subprocess.run(
                [
                    str(jupyter),
                    "nbconvert",
                    "--execute",
                    "--to",
                    "html",
                    "--no-input",
                    "--output-dir",
                    str(work),
                    str(copy),
                ],
                check=True,
                capture_output=True,
            )
        finally:
            copy.unlink(missing_ok=True)
    return time.perf_counter() - started


def first_chart_seconds(path: Path) -> float:
    """Open a report offline in headless Chromium; return seconds until a chart is painted."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page()
        page.route(lambda url: not url.startswith(("file:", "data:")), lambda route: route.abort())
        started = time.perf_counter()
        page.goto(path.as_uri())
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
        seconds = time.perf_counter() - started
        browser.close()
    return seconds


PROFILE_SECTIONS = [
    ("gather_report", "report = PartnerReport(session, partner, data_dir=data_dir, store=store)"),
    ("setup (styles, plotly.js, outlines)", "report.setup()"),
    ("first screen", "report.first_screen()"),
    ("since the last workshop", "report.since_last_workshop()"),
    ("agenda side by side", "report.agenda()"),
    ("score heatmaps", "report.score_heatmap(); report.score_heatmap(own=True)"),
    ("rankings", "report.ranking(); report.ranking(own=True)"),
    ("transfer", "report.transfer()"),
    ("map", "report.figure(report.map())"),
    ("notes and actions", "report.notes_and_actions()"),
    ("similar practices (similarity index)", "report.similar()"),
    ("indicators", "report.indicators()"),
]


def profile(session: str, partner: str, store: str) -> None:
    """Print where one report's time goes, part by part, in a fresh kernel."""
    import nbformat
    from jupyter_client.manager import start_new_kernel
    from nbconvert import HTMLExporter

    from hopelib.html import NBCONVERT_TEMPLATES
    from hopelib.kernels import execute

    started = time.perf_counter()
    manager, client = start_new_kernel(kernel_name="python3", cwd=str(REPORT_NOTEBOOK.parent))
    rows = [("kernel start", time.perf_counter() - started)]

    def kept(code: str) -> str:
        """Assign, not show: the kernel would also render each figure for JupyterLab."""
        return f"_kept = ({code.replace('; ', ', ')})" if "=" not in code else code

    def run(code: str) -> float:
        began = time.perf_counter()
        reply = client.execute_interactive(code, store_history=False, output_hook=lambda m: None)
        if reply["content"]["status"] != "ok":
            raise SystemExit(f"profile: {code!r} failed: {reply['content'].get('evalue')}")
        return time.perf_counter() - began

    try:
        rows.append(("imports (pandas, plotly, hopelib)", run(
            "from hopelib.report import PartnerReport\nfrom hopelib.charts import configure_plotly"
        )))  # fmt: skip
        where = {"session": session, "partner": partner, "data_dir": str(DATA), "store": store}
        run("\n".join(f"{name} = {value!r}" for name, value in where.items()))
        codes = [kept(code) for _name, code in PROFILE_SECTIONS]
        rows += [
            (name, run(code)) for (name, _code), code in zip(PROFILE_SECTIONS, codes, strict=True)
        ]
        rows.append(("the same report again, in the same kernel", run("\n".join(codes))))
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    book = execute(
        nbformat.read(REPORT_NOTEBOOK, as_version=4),
        REPORT_NOTEBOOK,
        {"session": session, "partner": partner, "data_dir": str(DATA), "store": store},
    )
    began = time.perf_counter()
    HTMLExporter(template_name="hope", extra_template_basedirs=[str(NBCONVERT_TEMPLATES)],
                 exclude_input=True).from_notebook_node(book)  # fmt: skip
    rows.append(("nbconvert to HTML", time.perf_counter() - began))
    print(f"profile of {session}/{partner}:")
    for name, seconds in rows:
        print(f"  {name:<42} {seconds:6.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--session", default="demo-1")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--smoke", action="store_true", help="two partners, no naive route")
    parser.add_argument(
        "--profile", action="store_true", help="first, where one report's time goes"
    )
    args = parser.parse_args()
    partners = list(load_session(args.session, DATA).partners)
    if args.smoke:
        partners = partners[:2]
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        store = str(work / "store.sqlite")
        with open_store(store, DATA) as opened:
            records = DATA / "sessions" / args.session / "records"
            if records.is_dir():
                load_records(opened, records)
        if args.profile:
            profile(args.session, partners[0], store)
        ours, theirs = [], []
        for attempt in range(args.repeat):
            started = time.perf_counter()
            paths = export_session(
                args.session, partners, data_dir=DATA, store=store, out=work / f"ours-{attempt}",
                progress=False,
            )  # fmt: skip
            ours.append(time.perf_counter() - started)
            if not args.smoke:
                theirs.append(naive(args.session, partners, store, work / f"naive-{attempt}"))
        reports = [p for p in paths if p.name != "index.html"]
        sizes = [p.stat().st_size / 1e6 for p in reports]
        painted = first_chart_seconds(reports[0])
    print(
        f"{'partners':>8} {'export s':>9} {'naive s':>8} {'ratio':>6} {'max MB':>7} {'paint s':>8}"
    )
    ours_s = statistics.median(ours)
    theirs_s = statistics.median(theirs) if theirs else float("nan")
    print(
        f"{len(partners):>8} {ours_s:>9.1f} {theirs_s:>8.1f} {ours_s / theirs_s:>6.2f} "
        f"{max(sizes):>7.1f} {painted:>8.2f}"
    )
    print(f"targets: ratio ≤ 0.3, each report ≤ 2 MB, first chart ≤ 2 s; cores {os.cpu_count()}")


if __name__ == "__main__":
    main()
