"""Many runs of one notebook on a few kernels (the export's way), driven from this process."""

from __future__ import annotations

import asyncio
import os
import threading
from pathlib import Path
from typing import Any

import nbformat
import pytest
from jupyter_client.channels import HBChannel

from hopelib.errors import ExportError
from hopelib.kernels import execute_many


def notebook(path: Path, *cells: str) -> Any:
    """Write a notebook of a ``parameters`` cell (``partner``) and *cells*; return it."""
    book = nbformat.v4.new_notebook()
    book.cells = [
        nbformat.v4.new_code_cell("partner = 'none'", metadata={"tags": ["parameters"]}),
        *(nbformat.v4.new_code_cell(code) for code in cells),
    ]
    book.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    nbformat.write(book, path)
    return nbformat.read(path, as_version=4)


def kernels_of_this_process() -> list[int]:
    """Process ids of the live kernels started by this process."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            command = (stat.parent / "cmdline").read_bytes()
        except (OSError, ValueError, IndexError):
            continue
        if parent == os.getpid() and b"ipykernel" in command:
            found.append(int(stat.parent.name))
    return found


def printed(book: Any) -> str:
    """The text a notebook's cells printed."""
    return "".join(
        output.get("text", "")
        for cell in book.cells
        for output in cell.get("outputs", [])
        if output.get("output_type") == "stream"
    )


def test_each_run_gets_its_parameters_and_nothing_of_the_run_before(tmp_path: Path) -> None:
    source = notebook(
        tmp_path / "report.ipynb",
        "print('left over:', 'secret' in globals())\nsecret = partner\n"
        "import os\nprint('pid', os.getpid(), 'for', partner)",
    )
    runs = {name: {"partner": name} for name in ("north", "south", "east", "west", "mid")}
    results: dict[str, Any] = {}
    threads = set()

    def done(name: str, result: Any) -> None:
        threads.add(threading.get_ident())
        results[name] = result

    execute_many(source, tmp_path / "report.ipynb", runs, kernels=2, on_done=done)
    assert sorted(results) == sorted(runs)
    assert threads == {threading.get_ident()}  # handed back in the caller's thread
    pids = set()
    for name, book in results.items():
        text = printed(book)
        assert f"for {name}" in text and "left over: False" in text
        assert book.cells[0].source == "partner = 'none'"  # no clearing cell left in
        pids.add(text.split("pid ")[1].split()[0])
    assert len(pids) == 2  # five runs on two kernels, reused
    assert kernels_of_this_process() == []  # every kernel stopped


def test_a_failing_cell_or_a_dead_kernel_fails_that_run_only(tmp_path: Path) -> None:
    path = tmp_path / "odd.ipynb"
    source = notebook(
        path,
        "if partner == 'south':\n    raise ValueError('south is broken')",
        "import os\nif partner == 'east':\n    os._exit(3)",
        "print('made for', partner)",
    )
    runs = {name: {"partner": name} for name in ("south", "east", "north", "west")}
    results: dict[str, Any] = {}
    execute_many(source, path, runs, kernels=1, on_done=results.__setitem__)
    assert isinstance(results["south"], ExportError)
    assert str(results["south"]).startswith("south: the report notebook failed in cell 2 of")
    assert "ValueError: south is broken" in str(results["south"])
    assert isinstance(results["east"], ExportError)
    assert "east: the report notebook stopped" in str(results["east"])
    # The same single kernel slot goes on, with a new kernel after the dead one.
    assert "made for north" in printed(results["north"])
    assert "made for west" in printed(results["west"])
    assert kernels_of_this_process() == []


def test_a_failure_of_the_caller_stops_every_kernel(tmp_path: Path) -> None:
    path = tmp_path / "slow.ipynb"
    source = notebook(path, "import time\nif partner != 'first':\n    time.sleep(60)")
    runs = {name: {"partner": name} for name in ("first", "second", "third")}

    def done(name: str, _result: Any) -> None:
        # No heartbeat thread, which failed when a stop closed the sockets as it started.
        assert not [t for t in threading.enumerate() if isinstance(t, HBChannel)]
        raise KeyboardInterrupt  # e.g. Ctrl-C while the first report is written

    with pytest.raises(KeyboardInterrupt):
        execute_many(source, path, runs, kernels=2, on_done=done)
    assert kernels_of_this_process() == []


def test_it_runs_where_an_event_loop_already_runs(tmp_path: Path) -> None:
    path = tmp_path / "plain.ipynb"
    source = notebook(path, "print('made for', partner)")
    results: dict[str, Any] = {}

    async def inside_a_kernel() -> None:  # as the console's export tab calls it
        execute_many(source, path, {"north": {"partner": "north"}}, kernels=2,
                     on_done=results.__setitem__)  # fmt: skip

    asyncio.run(inside_a_kernel())
    assert "made for north" in printed(results["north"])
