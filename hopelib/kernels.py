"""Run a parameterised notebook in Jupyter kernels: one run, or many runs on a few kernels.

:func:`execute` writes the parameters into the notebook as papermill does (a cell after the
one tagged ``parameters``) and runs it with nbclient. With ``reuse=True`` the kernel stays up
for the next run in the same folder: before each run its variables are cleared (IPython's
``%reset -f``), while the modules it imported stay imported — which is most of a report's
start-up time. A kernel that died or timed out is thrown away; :func:`shutdown` stops the
kept ones (and runs when the process ends).

:func:`execute_many` runs the notebook once per set of parameters (the export: once per
partner) on a few kernels started at once and reused the same way, all driven from this
process by nbclient's asynchronous API: no worker process to start and no second import of
nbconvert or papermill. Each run is handed back as soon as it ends, while the others go on.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import multiprocessing.util
import os
import queue
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from .errors import ExportError

__all__ = ["execute", "execute_many", "shutdown"]

#: Kept kernels, by the folder they run in.
_KEPT: dict[str, Any] = {}
#: Seconds a cell may run before the run is given up.
CELL_TIMEOUT = 600
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


def _new_manager() -> Any:
    """Return a kernel manager (its kernel starts on first use) whose clients beat no heart.

    jupyter_client's heartbeat is a thread of its own per client that opens a socket when it
    starts; a run stopped at that moment (Ctrl-C) closed the sockets under it, and the thread
    failed. It is not needed: nbclient asks the manager whether the kernel process lives.
    """
    from jupyter_client.asynchronous.client import AsyncKernelClient
    from jupyter_client.manager import AsyncKernelManager

    class WithoutHeartbeat(AsyncKernelClient):
        def start_channels(self, *args: Any, **kwargs: Any) -> None:
            kwargs["hb"] = False
            super().start_channels(*args, **kwargs)

    return AsyncKernelManager(kernel_name="python3", client_factory=WithoutHeartbeat)


def _kernel(folder: str) -> tuple[Any, bool]:
    """Return the kept kernel for *folder*, and whether it ran before (new: starts on use)."""
    from jupyter_client.utils import run_sync  # type: ignore[attr-defined]

    manager = _KEPT.get(folder)
    if manager is not None and manager.has_kernel and run_sync(manager.is_alive)():
        return manager, True
    _stop(folder)
    manager = _new_manager()
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


def _prepared(source: Any, parameters: dict[str, Any], *, reset: bool) -> Any:
    """Return a copy of *source* with *parameters* written in (papermill's way).

    With *reset*, a first cell clears the variables a kept kernel holds from its last run:
    nothing of one partner's report reaches the next.
    """
    import nbformat
    import papermill

    book = papermill.execute_notebook(
        source,
        None,
        parameters=parameters,
        prepare_only=True,  # the parameters written in; nbclient runs it
        kernel_name="python3",
        language="python",  # also for a notebook whose metadata does not say
        progress_bar=False,
    )
    if reset:
        book.cells.insert(0, nbformat.v4.new_code_cell("%reset -f"))  # type: ignore[no-untyped-call]
    return book


def _client(book: Any, folder: str, manager: Any) -> Any:
    from nbclient import NotebookClient

    return NotebookClient(
        book,
        km=manager,
        kernel_name="python3",
        timeout=CELL_TIMEOUT,
        resources={"metadata": {"path": folder}},  # the kernel starts in the notebook's folder
        extra_arguments=_QUIET,
    )


def _run_failure(
    error: Exception, book: Any, reset: bool, parameters: dict[str, Any], source: Any, path: Path
) -> ExportError | None:
    """Say what stopped a run, in the partner's words; ``None`` for an unexpected error.

    A failing cell is named as numbered in the notebook its author edits; a timeout or a
    dead kernel (no cell output to name) says where to look.
    """
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    if isinstance(error, CellExecutionError):
        if reset:
            del book.cells[0]
        return ExportError(_failure(error, _failed_cell(book), parameters, source, book, path.name))
    if isinstance(error, (CellTimeoutError, DeadKernelError)):
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        return ExportError(
            f"{parameters.get('partner')}: the report notebook stopped: {reason} (a cell ran "
            "over 10 minutes or the kernel died; run the notebook in JupyterLab to see where)"
        )
    return None


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
    from nbclient.exceptions import CellExecutionError

    path = Path(path)
    folder = str(path.resolve().parent)
    manager, used = _kernel(folder) if reuse else (None, False)
    book = _prepared(source, parameters, reset=used)
    client = _client(book, folder, manager)
    try:
        client.execute()
    except Exception as error:
        said = _run_failure(error, book, used, parameters, source, path)
        if said is None:
            raise
        if reuse and not isinstance(error, CellExecutionError):
            _stop(folder)  # timed out or died: not kept
        raise said from None
    finally:
        if manager is not None and client.kc is not None:
            client.kc.stop_channels()  # the kernel stays; its channels of this run go
    if used:
        del book.cells[0]
    return book


def execute_many(
    source: Any,
    path: str | os.PathLike[str],
    runs: Mapping[str, dict[str, Any]],
    *,
    kernels: int,
    on_done: Callable[[str, Any], None],
) -> None:
    """Run *source* once per entry of *runs* on a few kernels; hand each run back as it ends.

    Parameters
    ----------
    source : nbformat.NotebookNode
        The notebook, with a cell tagged ``parameters``.
    path : path
        Where it was read from: the kernels run in its folder, and messages name it.
    runs : mapping
        Name (e.g. a partner) → the parameters of its run; started in this order.
    kernels : int
        Kernels started at once (at most one per run); each runs one notebook after the
        other, its variables cleared between runs (modules stay imported).
    on_done : callable
        Called in this thread as ``on_done(name, result)`` whenever a run ends, while the
        others go on: *result* is the executed notebook, or the exception that ended the
        run — an :class:`ExportError` in the partner's words for a failing cell, a timeout
        or a dead kernel (replaced for the next run), any other for a kernel that could not
        start. An exception raised by *on_done* stops every run.

    Notes
    -----
    The kernels are driven by nbclient's asynchronous API in an event loop of a thread of
    their own, so this also works where an event loop already runs (a Jupyter kernel).
    Every kernel is stopped before this returns.
    """
    path = Path(path)
    folder = str(path.resolve().parent)
    finished: queue.Queue[tuple[str, Any]] = queue.Queue()
    waiting = list(runs)

    async def one_kernel() -> None:
        from nbclient.exceptions import CellExecutionError

        manager = _new_manager()
        used = False  # whether the kernel holds an earlier run's variables
        try:
            while waiting:
                name = waiting.pop(0)
                try:
                    book = _prepared(source, runs[name], reset=used)
                except Exception as error:  # parameters papermill cannot write: this run only
                    finished.put((name, error))
                    continue
                client = _client(book, folder, manager)
                try:
                    await client.async_execute()
                except Exception as error:
                    said = _run_failure(error, book, used, runs[name], source, path)
                    finished.put((name, error if said is None else said))
                    if not isinstance(error, CellExecutionError):  # a new kernel for the next run
                        if manager.has_kernel:
                            await manager.shutdown_kernel(now=True)
                        manager = _new_manager()  # and its sockets
                        used = False
                        continue
                else:
                    if used:
                        del book.cells[0]
                    finished.put((name, book))
                finally:
                    if client.kc is not None:
                        client.kc.stop_channels()
                used = True
        finally:
            if manager.has_kernel:
                await manager.shutdown_kernel(now=True)

    loop = asyncio.new_event_loop()
    count = max(1, min(kernels, len(waiting)))

    async def every_kernel() -> None:
        # Every kernel ends (and is stopped) before an unexpected error is passed on.
        ended = await asyncio.gather(*(one_kernel() for _ in range(count)), return_exceptions=True)
        for outcome in ended:
            if isinstance(outcome, BaseException):
                raise outcome

    def drive() -> None:
        try:
            loop.run_until_complete(every_kernel())
        except BaseException as error:  # handed to the caller's thread
            finished.put(("", error))
        finally:
            loop.close()
            finished.put(("", None))  # the end

    thread = threading.Thread(target=drive, name="hope-kernels", daemon=True)
    thread.start()
    try:
        while True:
            name, result = finished.get()
            if name:
                on_done(name, result)
            elif result is None:
                break
            elif not isinstance(result, asyncio.CancelledError):
                raise result
    finally:
        if thread.is_alive():  # stopped early (Ctrl-C, on_done failed): the kernels go
            with contextlib.suppress(RuntimeError):  # unless the loop just ended by itself
                loop.call_soon_threadsafe(_cancel_all, loop)
        thread.join()


def _cancel_all(loop: asyncio.AbstractEventLoop) -> None:
    for task in asyncio.all_tasks(loop):
        task.cancel()
