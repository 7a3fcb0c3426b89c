"""Export a session as one self-contained, offline HTML report per partner.

:func:`export_session` runs ``notebooks/03-partner-report.ipynb`` with nbclient once per
partner (its parameters injected after the ``parameters`` cell; one kernel per partner, in
parallel up to the number of cores), converts each run to HTML with code hidden through the
``hope`` nbconvert template (nbconvert's lab template without require.js, MathJax, mermaid
or the widget manager, which load from CDNs), and writes ``OUT/SESSION/<partner>.html`` and
an ``index.html`` linking them. Reports are built in a temporary folder and moved into place
only when every one succeeded: a failed export leaves the previous reports as they were.
"""

from __future__ import annotations

import copy
import html
import multiprocessing
import os
import shutil
import subprocess
import tempfile
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Any

from . import config
from .catalogue import load_partners, load_session
from .errors import CatalogueError, ExportError
from .i18n import _, language
from .indicators import validate_indicators
from .models import pick_text

__all__ = ["REPORT_NOTEBOOK", "export_session", "render_report"]

REPORT_NOTEBOOK = config.PROJECT_ROOT / "notebooks" / "03-partner-report.ipynb"
TEMPLATES = Path(__file__).parent / "templates"


def _inject(notebook: Any, parameters: dict[str, Any]) -> Any:
    """Return a copy of *notebook* with *parameters* set in a cell after ``parameters``."""
    import nbformat

    book = copy.deepcopy(notebook)
    source = "\n".join(f"{name} = {value!r}" for name, value in parameters.items())
    cell = nbformat.v4.new_code_cell(source, metadata={"tags": ["injected-parameters"]})  # type: ignore[no-untyped-call]
    cell["id"] = "injected-parameters"
    tagged = [
        i for i, c in enumerate(book.cells) if "parameters" in c.get("metadata", {}).get("tags", [])
    ]
    position = tagged[0] + 1 if tagged else 0
    book.cells.insert(position, cell)
    return book


def render_report(
    parameters: dict[str, Any], notebook: str | os.PathLike[str] | None = None
) -> str:
    """Execute the report notebook with *parameters* and return its HTML (code hidden).

    Raises
    ------
    ExportError
        When a cell fails; the message names the partner and the error.
    """
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError
    from nbconvert import HTMLExporter

    path = Path(notebook) if notebook else REPORT_NOTEBOOK
    book = _inject(nbformat.read(path, as_version=4), parameters)  # type: ignore[no-untyped-call]
    client = NotebookClient(
        book, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    try:
        # The kernel's own stderr only repeats a transport notice; failures show in cells.
        client.execute(stderr=subprocess.DEVNULL)
    except CellExecutionError as error:
        lines = str(error).strip().splitlines()
        reason = lines[-1] if lines else str(error)
        failing = next(
            (
                (number, cell)
                for number, cell in enumerate(book.cells, start=1)
                if any(o.get("output_type") == "error" for o in cell.get("outputs", []))
            ),
            None,
        )
        where = ""
        if failing is not None:
            first_line = failing[1].source.strip().splitlines()[0] if failing[1].source else ""
            where = f" in cell {failing[0]} ({first_line[:60]})"
        raise ExportError(
            f"{parameters.get('partner')}: the report notebook failed{where}: {reason}"
        ) from None
    exporter = HTMLExporter(  # type: ignore[no-untyped-call]
        template_name="hope",
        extra_template_basedirs=[str(TEMPLATES)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    title = parameters.get("title") or f"{parameters.get('session')} · {parameters.get('partner')}"
    body, _resources = exporter.from_notebook_node(book, resources={"metadata": {"name": title}})
    return str(body)


def _render_to(parameters: dict[str, Any], target: str, notebook: str | None = None) -> str:
    """Render one report into *target* (runs in a worker process)."""
    Path(target).write_text(render_report(parameters, notebook), encoding="utf-8")
    return target


def export_session(
    session: str,
    partners: list[str] | None = None,
    *,
    data_dir: str | os.PathLike[str] | None = None,
    store: str | None = None,
    out: str | os.PathLike[str] | None = None,
    lang: str | None = None,
    include_contacts: bool = False,
    progress: bool = True,
    workers: int | None = None,
    notebook: str | os.PathLike[str] | None = None,
) -> list[Path]:
    """Write one offline HTML report per partner of *session*, and an index.

    Parameters
    ----------
    session : str
        The session id.
    partners : list of str, optional
        Default: every partner of the session.
    data_dir, store : optional
        The data folder and the session store (URL or SQLite path).
    out : path, optional
        Default ``HOPE_EXPORTS`` or ``exports/``; files go to ``OUT/SESSION/``.
    lang : str, optional
        One language for every report (default: each partner's own).
    include_contacts : bool
        Put the practices' contact details in the reports (personal data).
    progress : bool
        Show a progress bar (one step per partner).
    workers : int, optional
        Reports built at once (default: the number of cores).
    notebook : path, optional
        Another report notebook (default ``notebooks/03-partner-report.ipynb``).

    Returns
    -------
    list of Path
        The partners' reports, then ``index.html``.

    Raises
    ------
    ExportError
        For an unknown session or partner (nothing is written), or for reports that failed:
        the message names each partner and cell; the other partners' reports are written,
        and no file is ever half-written.
    """
    from tqdm.auto import tqdm  # type: ignore[import-untyped]

    root = config.data_dir(data_dir).resolve()  # the kernels run in notebooks/
    try:
        found = load_session(session, root)
    except CatalogueError as error:
        raise ExportError(f"session: {error}") from None
    chosen = list(partners) if partners else list(found.partners)
    unknown = [p for p in chosen if p not in found.partners]
    if unknown:
        raise ExportError(
            f"partner: {', '.join(unknown)} not in session {session} "
            f"({', '.join(found.partners)}); choose from those"
        )
    problems = validate_indicators(root)  # every report shows them: check them once, first
    if problems:
        listed = "\n".join(str(p) for p in problems)
        raise ExportError(
            f"indicators: {len(problems)} problem(s) in data/indicators/; fix them (see "
            f"`hope validate`), nothing was exported:\n{listed}"
        )
    store_url = config.store_url(store)
    target = config.exports_dir(out) / session
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{session}-", dir=target.parent))
    jobs = {
        partner: {
            "session": session,
            "partner": partner,
            "lang": lang,
            "data_dir": str(root),
            "store": store_url,
            "include_contacts": include_contacts,
        }
        for partner in chosen
    }
    done: list[str] = []
    failed: dict[str, str] = {}
    try:
        count = min(len(jobs), workers or os.cpu_count() or 1)
        bar = tqdm(total=len(jobs), desc=f"{session} reports", unit="report", disable=not progress)
        # Spawned workers: forking a process that runs threads (a Jupyter kernel) is unsafe.
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=max(1, count), mp_context=context) as pool, bar:
            futures = {
                pool.submit(
                    _render_to,
                    parameters,
                    str(staging / f"{partner}.html"),
                    str(notebook) if notebook else None,
                ): partner
                for partner, parameters in jobs.items()
            }
            for future in as_completed(futures):
                partner = futures[future]
                try:
                    future.result()
                except ExportError as error:
                    failed[partner] = str(error)
                else:
                    target.mkdir(exist_ok=True)
                    os.replace(staging / f"{partner}.html", target / f"{partner}.html")
                    done.append(partner)
                bar.set_postfix_str(partner)
                bar.update()
        if done:
            _write_index(staging, found, [p for p in chosen if p in done], root, lang)
            os.replace(staging / "index.html", target / "index.html")
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    if failed:
        written = ", ".join(p for p in chosen if p in done) or "none"
        raise ExportError(
            "\n".join(failed[p] for p in chosen if p in failed)
            + f"\n(the other reports were written: {written}; nothing half-written)"
        )
    return [target / f"{p}.html" for p in chosen] + [target / "index.html"]


def _write_index(
    folder: Path, session: Any, partners: list[str], data_dir: Path, lang: str | None
) -> None:
    """Write ``index.html`` linking each partner's report."""
    names = load_partners(data_dir)
    shown = lang or "en"
    with language(shown):
        title, _lang = pick_text(session.title, shown, session.lang)
        items = "".join(
            f'<li><a href="{html.escape(p)}.html">{html.escape(str(names.loc[p, "name"]))}</a></li>'
            for p in partners
        )
        demo = (
            "<p><strong>"
            + html.escape(_("Demo session: every record shown here is illustrative, not real."))
            + "</strong></p>"
            if session.demo
            else ""
        )
        page = (
            "<!DOCTYPE html><html><head><meta charset='utf-8'>"
            f"<title>{html.escape(title or session.id)}</title>"
            "<style>body{font-family:system-ui,Arial,sans-serif;max-width:40em;margin:2em auto}"
            "</style>"
            f"</head><body><h1>{html.escape(title or session.id)}</h1>{demo}"
            "<p>"
            + html.escape(_("One report per partner:"))
            + f"</p><ul>{items}</ul></body></html>"
        )
    (folder / "index.html").write_text(page, encoding="utf-8")
