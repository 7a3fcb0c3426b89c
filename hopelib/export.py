"""Export a session as one self-contained, offline HTML report per partner.

:func:`export_session` runs ``notebooks/03-partner-report.ipynb`` with papermill once per
partner (papermill writes the partner's parameters in a cell after the ``parameters`` cell;
one kernel per partner, in parallel up to the number of cores), converts each run to HTML
with code hidden through the ``hope`` nbconvert template (nbconvert's lab template without
require.js, MathJax, mermaid or the widget manager, which load from CDNs), and writes
``OUT/SESSION/<partner>.html`` and an ``index.html`` linking them. Reports are built in a
temporary folder and moved into place only when every one succeeded: a failed export leaves
the previous reports as they were.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import shutil
import tempfile
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Any

from . import config
from .catalogue import load_partners, load_session
from .errors import CatalogueError, ExportError
from .html import NBCONVERT_TEMPLATES, STYLESHEET, render
from .i18n import language
from .indicators import validate_indicators
from .models import pick_text

__all__ = ["REPORT_NOTEBOOK", "export_session", "render_report"]

REPORT_NOTEBOOK = config.PROJECT_ROOT / "notebooks" / "03-partner-report.ipynb"


def _failure(error: Any, parameters: dict[str, Any], notebook: Path) -> ExportError:
    """Name the partner, the failing cell (as numbered in *notebook*) and the error."""
    import nbformat

    book = nbformat.read(notebook, as_version=4)  # type: ignore[no-untyped-call]
    # papermill's cell index counts its injected cell, which the author never sees.
    number = error.cell_index + (0 if error.cell_index > _parameters_index(book) else 1)
    first_line = next(iter(str(error.source).strip().splitlines()), "")
    reason = f"{error.ename}: {error.evalue}" if error.evalue else str(error.ename)
    return ExportError(
        f"{parameters.get('partner')}: the report notebook failed in cell {number} of "
        f"{notebook.name} ({first_line[:60]}): {reason}"
    )


def _parameters_index(book: Any) -> int:
    """Return the index of the notebook's ``parameters`` cell (-1 when it has none)."""
    tagged = [i for i, c in enumerate(book.cells) if "parameters" in c.metadata.get("tags", [])]
    return tagged[0] if tagged else -1


def render_report(
    parameters: dict[str, Any], notebook: str | os.PathLike[str] | None = None
) -> str:
    """Execute the report notebook with *parameters* and return its HTML (code hidden).

    Parameters
    ----------
    parameters : dict
        The notebook's parameters (``session``, ``partner``, ``lang`` …), written by
        papermill into a cell after the ``parameters`` cell.
    notebook : path, optional
        Default ``notebooks/03-partner-report.ipynb``; the kernel runs in its folder.

    Raises
    ------
    ExportError
        When a cell fails; the message names the partner, the cell and the error.
    """
    import papermill
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    from nbconvert import HTMLExporter

    path = Path(notebook) if notebook else REPORT_NOTEBOOK
    # papermill reports each step at INFO; the export has its own progress bar.
    logging.getLogger("papermill").setLevel(logging.WARNING)
    try:
        book = papermill.execute_notebook(
            path,
            None,  # nothing written: the executed notebook only becomes HTML
            parameters=parameters,
            kernel_name="python3",
            language="python",  # also for a notebook whose metadata does not say
            progress_bar=False,
            cwd=path.parent,
            execution_timeout=600,
            # The kernel app's own log (a notice that its local link is unencrypted, an
            # interrupt at shutdown) is not the partner's concern; a failing cell still
            # comes back as the error below.
            extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
        )
    except papermill.PapermillExecutionError as error:
        raise _failure(error, parameters, path) from None
    except (CellTimeoutError, DeadKernelError) as error:  # no cell output to name
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise ExportError(
            f"{parameters.get('partner')}: the report notebook stopped: {reason} (a cell ran "
            "over 10 minutes or the kernel died; run the notebook in JupyterLab to see where)"
        ) from None
    exporter = HTMLExporter(  # type: ignore[no-untyped-call]
        template_name="hope",
        extra_template_basedirs=[str(NBCONVERT_TEMPLATES)],
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
        page = render(
            "export_index.html.j2",
            lang=shown,
            title=title or session.id,
            demo=session.demo,
            reports=[(f"{p}.html", str(names.loc[p, "name"])) for p in partners],
            stylesheet=STYLESHEET,
        )
    (folder / "index.html").write_text(page, encoding="utf-8")
