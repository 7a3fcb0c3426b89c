"""hope serve's plan and its wait for the pages, without starting Voilà."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from hopelib import config
from hopelib.serve import (
    NOTEBOOKS,
    PLOTLY_EXTENSION,
    UNUSED_EXTENSIONS,
    participant_page_config,
    plan_serve,
    wait_ready,
)

from .conftest import PROJECT

DATA = PROJECT / "data"


def test_the_plan_gives_voila_a_pool_per_notebook_local_sockets_and_no_unused_extension(
    tmp_path: Path,
) -> None:
    root = tmp_path / "served"
    root.mkdir()
    plan = plan_serve(
        "demo-1", store=str(tmp_path / "s.sqlite"), data_dir=str(DATA), root=root, pool=5
    )
    settings = json.loads((root / "voila.json").read_text(encoding="utf-8"))
    pools = settings["VoilaKernelManager"]["kernel_pools_config"]
    assert pools == {NOTEBOOKS[0]: {"pool_size": 5}, NOTEBOOKS[1]: {"pool_size": 1}}
    # A taken page is replaced after the burst of joins, not during it (Voilà's default: 1 s).
    assert settings["VoilaKernelManager"]["fill_delay"] == config.SERVE_REFILL_DELAY >= 10
    assert settings["KernelManager"]["transport"] == "ipc"
    assert set(settings["VoilaConfiguration"]["extension_denylist"]) == set(UNUSED_EXTENSIONS)
    assert f"--Voila.config_file_paths={root}" in plan.command
    # The token is in the private configuration file, not in the command others can list.
    token = plan.participant_url.split("token=")[1]
    assert settings["Voila"]["token"] == token
    assert not [part for part in plan.command if token in part]
    assert (root / "voila.json").stat().st_mode & 0o077 == 0
    assert plan.pool == 5 and plan.pages_ready("participant") == 0
    assert plan.env["JUPYTER_WIDGETS_ECHO"] == "0"  # one page per kernel: nothing to echo to
    # Voilà's Python configuration hooks the page config: no plotly renderer on a phone.
    hook = (root / "voila.py").read_text(encoding="utf-8")
    assert "c.VoilaConfiguration.page_config_hook = participant_page_config" in hook


def test_only_the_participant_page_leaves_the_plotly_renderer_out() -> None:
    def page() -> dict[str, Any]:
        return {"federated_extensions": [{"name": PLOTLY_EXTENSION}, {"name": "widgets"}]}

    participant = participant_page_config(page(), notebook_path=f"/srv/x/{NOTEBOOKS[0]}")
    assert participant["federated_extensions"] == [{"name": "widgets"}]
    wall = participant_page_config(page(), notebook_path=f"/srv/x/{NOTEBOOKS[1]}")
    assert wall == page()  # the wall draws with plotly


def test_a_page_built_under_hope_serve_leaves_its_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOPE_SERVE_READY", str(tmp_path))
    config.note_page_ready("participant")
    assert [p.name for p in tmp_path.iterdir()] == [f"participant-{os.getpid()}"]
    monkeypatch.setenv("HOPE_SERVE_READY", str(tmp_path / "gone"))
    config.note_page_ready("wall")  # hope serve stopped meanwhile: nothing, no error


def test_the_links_wait_for_every_page_and_say_how_far_it_got(tmp_path: Path) -> None:
    root = tmp_path / "served"
    root.mkdir()
    plan = plan_serve(
        "demo-1", store=str(tmp_path / "s.sqlite"), data_dir=str(DATA), root=root, pool=2
    )
    ready = Path(plan.env["HOPE_SERVE_READY"])
    # A stand-in for Voilà's kernels: three pages, built one after the other.
    script = (
        "import pathlib, sys, time\n"
        "for name in ['participant-1', 'wall-2', 'participant-3']:\n"
        "    time.sleep(0.3); (pathlib.Path(sys.argv[1]) / name).touch()\n"
        "time.sleep(30)\n"
    )
    told: list[str] = []
    with subprocess.Popen([sys.executable, "-c", script, str(ready)]) as process:
        try:
            assert wait_ready(plan, process, told.append, timeout=60) is True
        finally:
            process.kill()
    assert told[0] == "Preparing the pages: 0 of 3 ready"
    assert told[-1] == "Preparing the pages: 3 of 3 ready"
    assert told == sorted(set(told), key=told.index)  # each step said once

    with subprocess.Popen([sys.executable, "-c", "pass"]) as stopped:
        stopped.wait()
        assert wait_ready(plan, stopped, told.append, timeout=60) is False  # at once
