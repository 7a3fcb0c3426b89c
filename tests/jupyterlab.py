"""A real JupyterLab for browser tests: start it, open a notebook, run it, read its outputs.

``Lab.start`` runs the venv's ``jupyter lab`` on a free loopback port with throw-away
settings, workspaces, runtime and config folders; the ``jupyter_lab`` fixture of
``conftest.py`` wraps it. The page methods drive the lab the way a person does (the menu
bar, the kernel dialog) and wait on what the page shows, never on fixed sleeps.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

PROJECT = Path(__file__).resolve().parent.parent
ARTIFACTS = PROJECT / "test-artifacts"
JUPYTER = Path(sys.executable).with_name("jupyter")

LAB_START_S = 120.0  # a cold `jupyter lab` on a shared two-core machine
#: Page script: the live results charts' data as JSON (``null`` before any chart).
RESULTS_JS = """() => {
  const plot = document.querySelector('.hope-results .js-plotly-plot');
  return plot && plot.data ? JSON.stringify(plot.data.map(t => t.z || t.x || [])) : null;
}"""

KERNEL_START_S = 120.0
RUN_ALL_S = 300.0
STOP_S = 30.0

#: Every cell rendered (JupyterLab >= 4.2 renders only the visible ones by default),
#: background tabs hidden with a class (NOTEBOOK below relies on it, whatever a release's
#: default), no news and no update checks.
SETTINGS: dict[str, dict[str, Any]] = {
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
    "@jupyterlab/application-extension:shell": {"hiddenMode": "display"},
    "@jupyterlab/apputils-extension:notification": {
        "checkForUpdates": False,
        "fetchNews": "false",
    },
}

ERROR_OUTPUTS = (
    '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"], '
    ".jp-OutputArea-output.jp-mod-error"
)
# The visible notebook (JupyterLab hides, not removes, the panels of background tabs).
NOTEBOOK = ".jp-NotebookPanel:not(.lm-mod-hidden)"

_STATE_JS = """
([notebook, dialog]) => {
  const panel = document.querySelector(notebook);
  const indicator = panel && panel.querySelector('.jp-Notebook-ExecutionIndicator');
  const prompts = panel ? [...panel.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')] : [];
  return {
    dialog: !!document.querySelector(dialog),
    kernel: indicator ? indicator.dataset.status : null,
    prompts: prompts.map((p) => p.textContent.trim()),
  };
}
"""
# Resolves once the notebook's kernel is idle, or a dialog wants an answer.
_IDLE_OR_DIALOG_JS = """
([notebook, dialog]) => {
  if (document.querySelector(dialog)) return 'dialog';
  const panel = document.querySelector(notebook);
  if (!panel) return false;
  // Before a kernel is chosen the indicator already says "idle", next to "No Kernel".
  const name = panel.querySelector('.jp-KernelName');
  const kernel = name ? name.textContent.trim() : '';
  if (kernel === '' || kernel === 'No Kernel') return false;
  const indicator = panel.querySelector('.jp-Notebook-ExecutionIndicator');
  return indicator && indicator.dataset.status === 'idle' ? 'idle' : false;
}
"""
# Records, from now on, whether any code cell is shown queued or running ("[*]:").
_WATCH_RUN_JS = """
(notebook) => {
  const panel = document.querySelector(notebook);
  window.__hopeRunSeen = false;
  const look = () => {
    for (const p of panel.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')) {
      if (p.textContent.includes('*')) { window.__hopeRunSeen = true; }
    }
  };
  if (window.__hopeRunWatcher) window.__hopeRunWatcher.disconnect();
  window.__hopeRunWatcher = new MutationObserver(look);
  window.__hopeRunWatcher.observe(panel, {subtree: true, childList: true, characterData: true});
}
"""
# Resolves when a run was seen, the kernel is idle and no cell is queued or running any
# more ("[*]:"). Run All queues every cell at once, so between two cells the kernel is
# idle but the cells still to run show "[*]:"; an error clears the rest of the queue.
_RUN_DONE_JS = """
(notebook) => {
  const panel = document.querySelector(notebook);
  if (!panel || !window.__hopeRunSeen) return false;
  const indicator = panel.querySelector('.jp-Notebook-ExecutionIndicator');
  if (!indicator || indicator.dataset.status !== 'idle') return false;
  const prompts = [...panel.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')];
  return prompts.length > 0 && !prompts.some((p) => p.textContent.includes('*'));
}
"""
DIALOG = ".jp-Dialog"
# The notebook's scrolled height: its windowed panel's (JupyterLab 4), else the notebook's.
_HEIGHT_JS = """
(notebook) => {
  const panel = document.querySelector(notebook);
  const outer = panel.querySelector('.jp-WindowedPanel-outer')
    || panel.querySelector('.jp-Notebook');
  return outer.scrollHeight;
}
"""


def free_port() -> int:
    """Return a loopback TCP port that was free a moment ago."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def write_user_settings(settings_dir: Path, settings: Mapping[str, Mapping[str, Any]]) -> None:
    """Write *settings* as JupyterLab user settings (``JUPYTERLAB_SETTINGS_DIR`` layout).

    JupyterLab reads ``overrides.json`` only from its application settings folder
    (``<app-dir>/settings``, inside the venv), so a private ``JUPYTERLAB_SETTINGS_DIR``
    with one ``<package>/<plugin>.jupyterlab-settings`` file per plugin is the way to
    give one lab its own settings without touching the venv.
    """
    for plugin_id, values in settings.items():
        package, plugin = plugin_id.split(":")
        target = settings_dir / package / f"{plugin}.jupyterlab-settings"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(values, indent=2), encoding="utf-8")


def processes_marked(marker: str) -> list[int]:
    """Return the ids of live processes whose environment holds ``HOPE_LAB_RUN=<marker>``."""
    needle = f"HOPE_LAB_RUN={marker}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes()
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z" and needle in environ.split(b"\0"):
            found.append(int(entry.name))
    return found


def _die_with_parent() -> None:
    """Ask Linux to SIGTERM this (child) process when its parent dies (``preexec_fn``).

    A pytest killed by a time-out then takes its lab with it; the kernels follow, as
    ipykernel exits when its parent, the server, is gone.
    """
    libc = ctypes.CDLL(None, use_errno=True)
    pr_set_pdeathsig = 1
    libc.prctl(pr_set_pdeathsig, signal.SIGTERM, 0, 0, 0)


def process_environment(pid: int) -> dict[str, str]:
    """Return the environment of process *pid* (Linux ``/proc``)."""
    raw = Path(f"/proc/{pid}/environ").read_bytes()
    pairs = (item.decode(errors="replace").partition("=") for item in raw.split(b"\0") if item)
    return {key: value for key, _, value in pairs}


@dataclass(frozen=True)
class LabProject:
    """A throw-away copy of the workbook for a lab: ``notebooks/`` and ``data/``.

    ``env`` points the ``HOPE_*`` variables at the copy's data and at private store, cache
    and exports folders; give it to ``Lab.start`` so every kernel sees it.
    """

    root: Path
    env: dict[str, str]

    @classmethod
    def create(cls, source: Path, base: Path) -> LabProject:
        """Copy *source*'s ``notebooks/`` and ``data/`` to ``<base>/project``."""
        root = base / "project"
        skip = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
        for folder in ("notebooks", "data"):
            shutil.copytree(source / folder, root / folder, ignore=skip)
        for folder in ("hope-store", "hope-cache"):
            (base / folder).mkdir(parents=True, exist_ok=True)
        env = {
            "HOPE_DATA": str(root / "data"),
            "HOPE_STORE": str(base / "hope-store" / "hope.sqlite"),
            "HOPE_CACHE": str(base / "hope-cache"),
            # Under the lab's root, as `make lab` serves it: the reports' links open in the lab.
            "HOPE_EXPORTS": str(root / "exports"),
        }
        return cls(root=root, env=env)


@dataclass
class Lab:
    """A running JupyterLab: its address, token and root folder, and page helpers.

    Parameters
    ----------
    url
        Base URL, ending in ``/``, e.g. ``http://127.0.0.1:8931/``.
    token
        The server's token (``--IdentityProvider.token``).
    root
        The folder the lab serves (``--ServerApp.root_dir``); notebook paths are relative to it.
    """

    url: str
    token: str
    root: Path
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)
    log_path: Path | None = None
    marker: str = ""
    timings: dict[str, float] = field(default_factory=dict)

    # ------------------------------------------------------------------ server

    @classmethod
    def start(cls, root: Path, scratch: Path, env: Mapping[str, str] | None = None) -> Lab:
        """Start ``jupyter lab`` serving *root*; private folders go under *scratch*.

        *env* is added to the server's environment and so reaches every kernel. Waits until
        ``/api/status`` answers and the settings are in force; returns the running ``Lab``.
        """
        scratch.mkdir(parents=True, exist_ok=True)
        settings_dir, workspaces = scratch / "lab-settings", scratch / "lab-workspaces"
        workspaces.mkdir(exist_ok=True)
        write_user_settings(settings_dir, SETTINGS)
        token, port, marker = secrets.token_hex(16), free_port(), uuid.uuid4().hex
        environment = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("JUPYTER", "IPYTHON", "HOPE_"))
        }
        environment.update(
            {
                "PATH": f"{JUPYTER.parent}{os.pathsep}{os.environ.get('PATH', '')}",
                "JUPYTERLAB_SETTINGS_DIR": str(settings_dir),
                "JUPYTERLAB_WORKSPACES_DIR": str(workspaces),
                "JUPYTER_CONFIG_DIR": str(scratch / "jupyter-config"),
                "JUPYTER_DATA_DIR": str(scratch / "jupyter-data"),
                "JUPYTER_RUNTIME_DIR": str(scratch / "jupyter-runtime"),
                "JUPYTER_PLATFORM_DIRS": "1",
                "IPYTHONDIR": str(scratch / "ipython"),
                "HOPE_LAB_RUN": marker,
                **(env or {}),
            }
        )
        command = [
            str(JUPYTER),
            "lab",
            "--allow-root",
            "--no-browser",
            "--ServerApp.open_browser=False",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}",
            "--ServerApp.port_retries=0",
            f"--ServerApp.root_dir={root}",
            f"--IdentityProvider.token={token}",
            f"--LabApp.workspaces_dir={workspaces}",
            f"--LabApp.user_settings_dir={settings_dir}",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        ]
        log_path = scratch / "jupyter-lab.log"
        started = time.monotonic()
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                command,
                cwd=root,
                env=environment,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=_die_with_parent if sys.platform == "linux" else None,
            )
        lab = cls(
            url=f"http://127.0.0.1:{port}/",
            token=token,
            root=root,
            process=process,
            log_path=log_path,
            marker=marker,
        )
        try:
            lab._wait_ready(started + LAB_START_S)
            lab._check_settings()
        except BaseException:
            lab.stop()
            raise
        lab.timings["lab_start_s"] = time.monotonic() - started
        return lab

    def processes(self) -> list[int]:
        """Return the ids of the live processes of this lab: the server and its kernels."""
        return processes_marked(self.marker) if self.marker else []

    def kernel_environments(self) -> list[dict[str, str]]:
        """Return the environment of each running kernel process of this lab."""
        found = []
        for pid in self.processes():
            try:
                command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
                if b"ipykernel_launcher" in command:
                    found.append(process_environment(pid))
            except OSError:
                continue
        return found

    def shutdown_kernels(self) -> None:
        """Close every session and shut down every kernel (the server keeps running)."""
        for session in self.api("api/sessions"):
            self.api(f"api/sessions/{session['id']}", method="DELETE", timeout=STOP_S)
        for kernel in self.api("api/kernels"):
            self.api(f"api/kernels/{kernel['id']}", method="DELETE", timeout=STOP_S)

    def log(self) -> str:
        """Return the server's log so far (stdout and stderr)."""
        if self.log_path is None or not self.log_path.exists():
            return ""
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def api(self, path: str, method: str = "GET", timeout: float = 10.0) -> Any:
        """Call the server's REST API (*path* like ``api/kernels``); return the decoded JSON."""
        request = urllib.request.Request(
            f"{self.url}{path}",
            method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
        return json.loads(body) if body else None

    def _wait_ready(self, deadline: float) -> None:
        assert self.process is not None
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"jupyter lab exited with {self.process.returncode}:\n{self.log()[-4000:]}"
                )
            try:
                self.api(f"api/status?token={self.token}", timeout=2.0)
                return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if time.monotonic() > deadline:
                    raise TimeoutError(
                        f"jupyter lab did not answer in {LAB_START_S:.0f} s:\n{self.log()[-4000:]}"
                    ) from None
                time.sleep(0.2)  # polling a socket: nothing to await

    def _check_settings(self) -> None:
        for plugin_id, expected in SETTINGS.items():
            user = self.api(f"lab/api/settings/{plugin_id}").get("settings") or {}
            for key, value in expected.items():
                if user.get(key) != value:
                    raise RuntimeError(
                        f"JupyterLab did not read the setting {plugin_id} {key}={value!r} "
                        f"(got {user.get(key)!r})"
                    )

    def stop(self) -> None:
        """Stop the server (API shutdown, then SIGTERM, then SIGKILL); check nothing is left.

        Raises ``AssertionError`` when a kernel or other process started by this lab is
        still running afterwards (it is killed first).
        """
        process = self.process
        if process is None:
            return
        self.process = None
        if process.poll() is None:
            with contextlib.suppress(OSError):  # URLError, ConnectionError and TimeoutError
                self.api("api/shutdown", method="POST", timeout=STOP_S)
            try:
                process.wait(timeout=STOP_S)
            except subprocess.TimeoutExpired:
                process.terminate()
                try:
                    process.wait(timeout=STOP_S)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=STOP_S)
        deadline = time.monotonic() + STOP_S
        left = self.processes()
        while left and time.monotonic() < deadline:
            time.sleep(0.2)  # kernels finish their own shutdown
            left = self.processes()
        for pid in left:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        assert not left, f"processes of the lab still ran after it stopped: {left}"

    # ------------------------------------------------------------------ pages

    def notebook_url(self, relpath: str, workspace: str | None = None) -> str:
        """Return the URL opening *relpath* in a workspace (a fresh, unique one by default)."""
        workspace = workspace or f"test-{uuid.uuid4().hex[:12]}"
        return (
            f"{self.url}lab/workspaces/{workspace}/tree/{quote(relpath)}?token={quote(self.token)}"
        )

    def open_notebook(self, page: Any, relpath: str, timeout: float = KERNEL_START_S) -> float:
        """Open *relpath* in a fresh workspace; wait for an idle kernel and every cell.

        A "Select Kernel" dialog, if one appears, is answered with its default (the
        notebook's own kernel). Returns the seconds from navigation until the kernel is
        idle and all the notebook's cells are in the page.
        """
        started = time.monotonic()
        deadline = started + timeout
        cells = len(self.api(f"api/contents/{quote(relpath)}?content=1")["content"]["cells"])
        page.goto(self.notebook_url(relpath), wait_until="domcontentloaded")
        page.wait_for_function(  # every cell rendered, not only the first screenful
            f"document.querySelectorAll('{NOTEBOOK} .jp-Notebook .jp-Cell').length === {cells}",
            timeout=self._left_ms(deadline),
            polling=100,
        )
        self.timings["notebook_rendered_s"] = time.monotonic() - started
        while True:
            handle = page.wait_for_function(
                _IDLE_OR_DIALOG_JS,
                arg=[NOTEBOOK, DIALOG],
                timeout=self._left_ms(deadline),
                polling=100,
            )
            if handle.json_value() == "dialog":
                self._accept_dialog(page, self._left_ms(deadline))
                continue
            self.wait_kernel_idle(relpath, deadline)
            # The kernel may blink busy once more (comm and kernel-info requests after start).
            if page.evaluate(_IDLE_OR_DIALOG_JS, [NOTEBOOK, DIALOG]) == "idle":
                break
        seconds = time.monotonic() - started
        self.timings["open_notebook_s"] = seconds
        return seconds

    @staticmethod
    def _left_ms(deadline: float) -> float:
        return max(1.0, deadline - time.monotonic()) * 1000

    def wait_kernel_idle(self, relpath: str, deadline: float) -> dict[str, Any]:
        """Wait until the server has a session for *relpath* with an idle kernel; return it."""
        while True:
            for session in self.api("api/sessions"):
                kernel = session.get("kernel") or {}
                if session.get("path") == relpath and kernel.get("execution_state") == "idle":
                    return dict(session)
            if time.monotonic() > deadline:
                raise TimeoutError(f"no idle kernel for {relpath}: {self.api('api/sessions')}")
            time.sleep(0.1)  # polling the REST API: nothing to await

    def _accept_dialog(self, page: Any, timeout_ms: float) -> None:
        dialog = page.locator(DIALOG)
        title = dialog.locator(".jp-Dialog-header").inner_text(timeout=timeout_ms)
        if "kernel" not in title.lower():
            raise AssertionError(f"unexpected JupyterLab dialog: {title!r}")
        dialog.locator("button.jp-mod-accept").click(timeout=timeout_ms)
        dialog.wait_for(state="detached", timeout=timeout_ms)

    def run_all(self, page: Any, timeout: float = RUN_ALL_S) -> float:
        """Run → Run All Cells; wait until the kernel is idle and no cell is left to run.

        Then every code cell has an execution count, unless an error stopped the run (the
        cells after it keep none): check ``execution_counts`` and ``error_outputs``.
        Returns the seconds from the menu click until the last cell finished.
        """
        page.evaluate(_WATCH_RUN_JS, NOTEBOOK)
        page.locator(".lm-MenuBar-item", has_text=re.compile(r"^Run$")).click()
        item = page.locator(".lm-Menu-item", has_text=re.compile(r"^Run All Cells"))
        started = time.monotonic()
        item.click()
        page.wait_for_function(_RUN_DONE_JS, arg=NOTEBOOK, timeout=timeout * 1000, polling=100)
        seconds = time.monotonic() - started
        self.timings["run_all_s"] = seconds
        return seconds

    def execution_counts(self, page: Any) -> list[int | None]:
        """Return each code cell's execution count (``None`` when not run or running)."""
        state = page.evaluate(_STATE_JS, [NOTEBOOK, DIALOG])
        counts: list[int | None] = []
        for prompt in state["prompts"]:
            found = re.fullmatch(r"\[\s*(\d+)\s*\]:?", prompt)
            counts.append(int(found.group(1)) if found else None)
        return counts

    def kernel_status(self, page: Any) -> str | None:
        """Return the notebook's kernel status as its toolbar shows it (``"idle"``, …)."""
        state = page.evaluate(_STATE_JS, [NOTEBOOK, DIALOG])
        return state["kernel"]

    def error_outputs(self, page: Any) -> list[str]:
        """Return the texts of the notebook's stderr and error (traceback) outputs."""
        return [
            text.strip()
            for text in page.locator(f"{NOTEBOOK} :is({ERROR_OUTPUTS})").all_inner_texts()
        ]

    def output_text(self, page: Any) -> str:
        """Return the text of all the notebook's outputs, in order."""
        return "\n".join(page.locator(f"{NOTEBOOK} .jp-OutputArea-output").all_inner_texts())

    def notebook_height(self, page: Any) -> int:
        """Return the height of the visible notebook's content in px (what a person scrolls)."""
        return int(page.evaluate(_HEIGHT_JS, NOTEBOOK))

    def screenshot(self, page: Any, name: str) -> Path:
        """Save a full-page PNG as ``test-artifacts/<name>.png``; return its path."""
        ARTIFACTS.mkdir(exist_ok=True)
        safe = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("_") or "screenshot"
        target = ARTIFACTS / f"{safe}.png"
        page.screenshot(path=str(target), full_page=True)
        return target
