"""Every notebook under notebooks/ executes without error, and is committed without outputs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pytest_notebook.nb_regression import NBRegressionFixture

from .conftest import PROJECT
from .patient import patient

NOTEBOOKS = sorted((PROJECT / "notebooks").glob("*.ipynb"))


@pytest.fixture(autouse=True)
def _patient_shell_channel(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let pytest-notebook's client notice each cell's reply at once (see tests/patient.py)."""
    from pytest_notebook import execution

    class PatientClient(execution.CoverageNotebookClient):  # type: ignore[misc]
        async def async_start_new_kernel_client(self) -> Any:
            return patient(await super().async_start_new_kernel_client())

    monkeypatch.setattr(execution, "CoverageNotebookClient", PatientClient)


IGNORE = ("/cells/*/outputs", "/cells/*/execution_count", "/cells/*/metadata", "/metadata")


def test_there_are_notebooks() -> None:
    assert NOTEBOOKS, "notebooks/ holds no notebook"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_committed_without_outputs(path: Path) -> None:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [], f"{path.name}: clear the outputs before committing"
            assert cell["execution_count"] is None


@pytest.mark.notebook
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_executes(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOPE_STORE", str(tmp_path / "store.sqlite"))  # the kernel's store
    fixture = NBRegressionFixture(diff_ignore=IGNORE, exec_timeout=300, exec_cwd=str(path.parent))
    result = fixture.check(str(path), raise_errors=True)
    errors = [
        output
        for cell in result.nb_final.cells
        for output in cell.get("outputs", [])
        if output.get("output_type") == "error"
    ]
    assert errors == []
    executed = [c for c in result.nb_final.cells if c.cell_type == "code"]
    assert all(c.get("outputs") for c in executed[1:]), (
        "every cell after parameters shows something"
    )
