"""Run a parameterised notebook in a Jupyter kernel: a new one, or one kept for the next run.

:func:`execute` writes the parameters into the notebook as papermill does (a cell after the
one tagged ``parameters``) and runs it with nbclient. With ``reuse=True`` the kernel stays up
for the next run in the same folder (the export's worker processes make several reports
each): before each run its variables are cleared (IPython's ``%reset -f``), while the modules
it imported stay imported — which is most of a report's start-up time. A kernel that died or
timed out is thrown away; :func:`shutdown` stops the kept ones (and runs when the process
ends).
"""

from __future__ import annotations

import atexit
import multiprocessing.util
import os
from pathlib import Path
from typing import Any

from .errors import ExportError

__all__ = ["execute", "shutdown"]

#: Kept kernels, by the folder they run in.
_KEPT: dict[str, Any] = {}
#: The kernel app's own log (a notice that its local link is unencrypted, an interrupt at
#: shutdown) is not the partner's concern; a failing cell still comes back as an error.
_QUIET = ["--IPKernelApp.log_level=CRITICAL"]


def _failure(
    error: Any, index: int, parameters: dict[str, Any], source: Any, ran: Any, name: str
) -> str:
    """Name the partner, the failing cell (as numbered in the notebook *name*) and the error.

    *source* is the notebook as its author wrote it, *ran* the one executed (with the
    parameters cell papermill added) and *index* the failing cell's place in *ran*.
    """
    tags = [c.metadata.get("tags", []) for c in source.cells]
    replaced = any("injected-parameters" in t for t in tags)  # papermill rewrites it in place
    at = next((i for i, t in enumerate(tags) if "parameters" in t), -1) + 1  # where it injects
    if not replaced and index == at:
        where = "in the parameters it was given"
    else:
        # The index counts the cell papermill added, which the author never sees.
        added = 0 if replaced or index < at else 1
        first_line = next(iter(str(ran.cells[index].source).strip().splitlines()), "")
        where = f"in cell {index + 1 - added} of {name} ({first_line[:60]})"
    reason = f"{error.ename}: {error.evalue}" if error.evalue else str(error.ename)
    return f"{parameters.get('partner')}: the report notebook failed {where}: {reason}"


def _failed_cell(book: Any) -> int:
    """Return the index of the first cell with an error output (the one that stopped)."""
    for index, cell in enumerate(book.cells):
        if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            return index
    return -1


def _kernel(folder: str) -> tuple[Any, bool]:
    """Return the kept kernel for *folder*, and whether it ran before (new: starts on use)."""
    from jupyter_client.manager import AsyncKernelManager
    from jupyter_client.utils import run_sync  # type: ignore[attr-defined]

    manager = _KEPT.get(folder)
    if manager is not None and manager.has_kernel and run_sync(manager.is_alive)():
        return manager, True
    _stop(folder)
    manager = AsyncKernelManager(kernel_name="python3")
    _KEPT[folder] = manager
    return manager, False


def _stop(folder: str) -> None:
    from jupyter_client.utils import run_sync  # type: ignore[attr-defined]

    manager = _KEPT.pop(folder, None)
    if manager is not None and manager.has_kernel:
        run_sync(manager.shutdown_kernel)(now=True)


def shutdown() -> None:
    """Stop every kept kernel of this process."""
    for folder in list(_KEPT):
        _stop(folder)


atexit.register(shutdown)
# A worker process of multiprocessing ends without atexit: its finalizers run instead.
multiprocessing.util.Finalize(None, shutdown, exitpriority=10)


def execute(
    source: Any, path: str | os.PathLike[str], parameters: dict[str, Any], *, reuse: bool = False
) -> Any:
    """Run the notebook *source* (read from *path*) with *parameters*; return it executed.

    Parameters
    ----------
    source : nbformat.NotebookNode
        The notebook, with a cell tagged ``parameters``.
    path : path
        Where it was read from: the kernel runs in its folder, and messages name it.
    parameters : dict
        Written into a cell after the ``parameters`` cell (papermill's way).
    reuse : bool
        Run in this process's kept kernel for the folder (variables cleared first).

    Returns
    -------
    nbformat.NotebookNode
        The executed notebook.

    Raises
    ------
    ExportError
        When a cell fails (the message names the partner, the cell and the error), when a
        cell runs over 10 minutes or when the kernel dies.
    """
    import nbformat
    import papermill
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    path = Path(path)
    folder = str(path.resolve().parent)
    book = papermill.execute_notebook(
        source,
        None,
        parameters=parameters,
        prepare_only=True,  # the parameters written in; nbclient runs it below
        kernel_name="python3",
        language="python",  # also for a notebook whose metadata does not say
        progress_bar=False,
    )
    manager, used = _kernel(folder) if reuse else (None, False)
    if used:  # the last run's variables go: nothing of one partner's report reaches the next
        book.cells.insert(0, nbformat.v4.new_code_cell("%reset -f"))  # type: ignore[no-untyped-call]
    client = NotebookClient(
        book,
        km=manager,
        kernel_name="python3",
        timeout=600,
        resources={"metadata": {"path": folder}},  # the kernel starts in the notebook's folder
        extra_arguments=_QUIET,
    )
    try:
        client.execute()
    except CellExecutionError as error:
        if used:
            del book.cells[0]
        raise ExportError(
            _failure(error, _failed_cell(book), parameters, source, book, path.name)
        ) from None
    except (CellTimeoutError, DeadKernelError) as error:  # no cell output to name
        if reuse:
            _stop(folder)
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise ExportError(
            f"{parameters.get('partner')}: the report notebook stopped: {reason} (a cell ran "
            "over 10 minutes or the kernel died; run the notebook in JupyterLab to see where)"
        ) from None
    finally:
        if manager is not None and client.kc is not None:
            client.kc.stop_channels()  # the kernel stays; its channels of this run go
    if used:
        del book.cells[0]
    return book
