"""The workbook's notebooks in a real JupyterLab, driven through Debian's Chromium."""

from __future__ import annotations

import json
from typing import Any

import pytest

from .jupyterlab import Lab, LabProject

pytestmark = pytest.mark.browser

DATA_CHECK = "notebooks/00-data-check.ipynb"


def test_data_check_runs_in_jupyterlab(
    jupyter_lab: Lab, lab_page: Any, lab_project: LabProject
) -> None:
    notebook = json.loads((lab_project.root / DATA_CHECK).read_text(encoding="utf-8"))
    code_cells = sum(cell["cell_type"] == "code" for cell in notebook["cells"])

    jupyter_lab.open_notebook(lab_page, DATA_CHECK)
    assert [env.get("HOPE_DATA") for env in jupyter_lab.kernel_environments()] == [
        lab_project.env["HOPE_DATA"]
    ]
    jupyter_lab.run_all(lab_page)
    shot = jupyter_lab.screenshot(lab_page, "lab-00-data-check")
    print(f"JupyterLab timings: {jupyter_lab.timings}; screenshot {shot}")

    assert jupyter_lab.execution_counts(lab_page) == list(range(1, code_cells + 1))
    assert jupyter_lab.error_outputs(lab_page) == []
    outputs = jupyter_lab.output_text(lab_page)
    assert "All files are valid." in outputs
    assert "2021-05-seinajoki" in outputs  # the sessions table
    assert jupyter_lab.kernel_status(lab_page) == "idle"
