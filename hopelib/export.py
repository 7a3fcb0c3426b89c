"""Export a session as one self-contained, offline HTML report per partner.

:func:`export_session` runs ``notebooks/03-partner-report.ipynb`` once per partner
(papermill writes the partner's parameters in a cell after the ``parameters`` cell), on as
many kernels as there are cores, started at once and each reused for the next partner
(:func:`hopelib.kernels.execute_many`); it converts each run to HTML as soon as it ends
with code hidden through the ``hope`` nbconvert template (nbconvert's lab template without
require.js, MathJax, mermaid or the widget manager, which load from CDNs), and writes
``OUT/SESSION/<partner>.html`` and an ``index.html`` linking them. Each report is written in
a temporary folder and moved into place once complete: no file is ever half-written, and a
partner whose report failed keeps its previous one.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import config, kernels
from .catalogue import load_partners, load_session
from .compare import partner_names
from .errors import CatalogueError, ExportError
from .html import NBCONVERT_TEMPLATES, render
from .i18n import LANGUAGES, language
from .indicators import validate_indicators
from .models import pick_text
from .printing import PdfPrinter
from .report import page_title
from .store import open_store

__all__ = ["REPORT_NOTEBOOK", "export_session", "render_report", "report_page"]

REPORT_NOTEBOOK = config.PROJECT_ROOT / "notebooks" / "03-partner-report.ipynb"


def render_report(
    parameters: dict[str, Any],
    notebook: str | os.PathLike[str] | None = None,
    *,
    title: str | None = None,
    lang: str = "en",
    reuse_kernel: bool = False,
) -> str:
    """Execute the report notebook with *parameters* and return its HTML (code hidden).

    Parameters
    ----------
    parameters : dict
        The notebook's parameters (``session``, ``partner``, ``lang`` …), written by
        papermill into a cell after the ``parameters`` cell.
    notebook : path, optional
        Default ``notebooks/03-partner-report.ipynb``; the kernel runs in its folder.
    title : str, optional
        The page's title (default ``SESSION · PARTNER``).
    lang : str
        The page's language (``<html lang>``).
    reuse_kernel : bool
        Run in this process's kernel for the notebook's folder, started by an earlier call
        (its variables cleared first; imported modules stay), rather than a new kernel.

    Returns
    -------
    str
        The report as one HTML page.

    Raises
    ------
    ExportError
        When a cell fails (the message names the partner, the cell and the error), when a
        cell runs over 10 minutes or when the kernel dies.
    """
    path = Path(notebook) if notebook else REPORT_NOTEBOOK
    book = kernels.execute(_read_notebook(path), path, parameters, reuse=reuse_kernel)
    title = title or f"{parameters.get('session')} · {parameters.get('partner')}"
    return report_page(book, title=title, lang=lang)


def _read_notebook(path: Path) -> Any:
    """Read a report notebook: an object, not its path (papermill reads a path as a format)."""
    import nbformat

    return nbformat.read(path, as_version=4)  # type: ignore[no-untyped-call]


def report_page(book: Any, *, title: str, lang: str) -> str:
    """Return an executed report notebook as one offline HTML page, code hidden.

    Parameters
    ----------
    book : nbformat.NotebookNode
        The executed notebook.
    title, lang : str
        The page's ``<title>`` and ``<html lang>``.

    Returns
    -------
    str
        Through the ``hope`` nbconvert template (no require.js, MathJax, mermaid or widget
        manager, which load from CDNs).
    """
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(  # type: ignore[no-untyped-call]
        template_name="hope",
        extra_template_basedirs=[str(NBCONVERT_TEMPLATES)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        language_code=lang,
    )
    body, _resources = exporter.from_notebook_node(book, resources={"metadata": {"name": title}})
    return str(body)


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
    pdf: bool = False,
    on_progress: Callable[[str, str], None] | None = None,
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
    pdf : bool
        Also print each report to ``<partner>.pdf`` beside its HTML (A4, vector charts,
        selectable text), with Debian's Chromium through Playwright (the ``pdf`` extra).
    on_progress : callable, optional
        Called as ``on_progress(partner, state)`` whenever a partner's report moves:
        ``"waiting"`` for every partner first, ``"working"`` when its report starts,
        ``"done"`` or ``"failed"`` when it ends (a console's per-partner progress).

    Returns
    -------
    list of Path
        The partners' reports (each HTML, then its PDF when asked), then ``index.html``.

    Raises
    ------
    ExportError
        For an unknown session, partner or language, or for ``pdf`` without Playwright or
        Chromium (nothing is written), or for reports that failed:
        the message names each partner and cell; the other partners' reports are written,
        and no file is ever half-written.
    StoreError
        For a store that cannot be opened or read (checked before any report starts).
    """
    from tqdm.auto import tqdm  # type: ignore[import-untyped]

    root = config.data_dir(data_dir).resolve()  # the kernels run in notebooks/
    try:
        found = load_session(session, root)
    except CatalogueError as error:
        raise ExportError("; ".join(map(str, error.problems))) from None
    if notebook is not None and not Path(notebook).is_file():
        raise ExportError(
            f"notebook: {notebook} is not a file; give the path of a report notebook "
            "(default notebooks/03-partner-report.ipynb)"
        )
    if lang is not None and lang not in LANGUAGES:
        raise ExportError(
            f"lang: {lang} is not a language of the workbook: use one of {', '.join(LANGUAGES)}"
        )
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
    pages = _page_titles(found, chosen, root, lang)
    printer = PdfPrinter() if pdf else None  # Playwright and Chromium: said before any work
    store_url = config.store_url(store)
    with open_store(store_url, root):  # a store that cannot be read is said before any work
        pass
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
    tell = on_progress or (lambda _partner, _state: None)
    for partner in chosen:
        tell(partner, "waiting")
    try:
        count = max(1, min(len(jobs), workers or os.cpu_count() or 1))
        waiting = list(chosen[count:])
        for partner in chosen[:count]:
            tell(partner, "working")
        bar = tqdm(total=len(jobs), desc=f"{session} reports", unit="report", disable=not progress)

        def finish(partner: str, result: Any) -> None:
            """Write one partner's report (and PDF) as soon as its run ended."""
            page = ""
            if not isinstance(result, Exception):
                title, shown = pages[partner]
                try:
                    page = report_page(result, title=title, lang=shown)
                except Exception as error:  # said below; the other partners go on
                    result = error
            if isinstance(result, ExportError):
                failed[partner] = str(result)
            elif isinstance(result, Exception):
                # A kernel that never started…: said with the partner's name, and the
                # other partners' reports go on.
                failed[partner] = f"{partner}: the report could not be made: {result!r}"
            else:
                files = [f"{partner}.html"]
                (staging / files[0]).write_text(page, encoding="utf-8")
                if printer is not None:
                    try:
                        printer.print(staging / files[0], staging / f"{partner}.pdf")
                    except ExportError as error:
                        failed[partner] = f"{partner}: {error}"
                    else:
                        files.append(f"{partner}.pdf")
                if partner not in failed:
                    target.mkdir(exist_ok=True)
                    for name in files:
                        os.replace(staging / name, target / name)
                    done.append(partner)
            tell(partner, "done" if partner in done else "failed")
            if waiting:
                tell(waiting.pop(0), "working")
            bar.set_postfix_str(partner)
            bar.update()

        path = Path(notebook) if notebook else REPORT_NOTEBOOK
        with bar:
            kernels.execute_many(_read_notebook(path), path, jobs, kernels=count, on_done=finish)
        if done:
            _write_index(staging, found, [p for p in chosen if p in done], root, lang)
            os.replace(staging / "index.html", target / "index.html")
    finally:
        if printer is not None:
            printer.close()
        shutil.rmtree(staging, ignore_errors=True)
    if failed:
        written = ", ".join(p for p in chosen if p in done) or "none"
        raise ExportError(
            "\n".join(failed[p] for p in chosen if p in failed)
            + f"\n(the other reports were written: {written}; nothing half-written)"
        )
    suffixes = (".html", ".pdf") if pdf else (".html",)
    return [target / f"{p}{suffix}" for p in chosen for suffix in suffixes] + [
        target / "index.html"
    ]


def _page_titles(
    session: Any, partners: list[str], data_dir: Path, lang: str | None
) -> dict[str, tuple[str, str]]:
    """Each report's title and language (``<title>``, ``<html lang>``), as its report says."""
    found = load_partners(data_dir)
    names = partner_names(found)
    pages = {}
    for partner in partners:
        shown = lang or str(found.loc[partner, "language"] or "en")
        pages[partner] = (page_title(session, names.get(partner, partner), shown), shown)
    return pages


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
        )
    (folder / "index.html").write_text(page, encoding="utf-8")
