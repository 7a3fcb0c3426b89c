"""``hope serve``: the participant view and the results wall as web pages, served by Voilà.

Voilà runs the two notebooks (``06-participant.ipynb``, ``07-results-wall.ipynb``) as web
apps: people see the widgets, never the code, and cannot run any (Voilà's defaults). Each
visitor gets a kernel of their own, started ahead of time (Voilà's preheated kernels) so that
the form appears quickly. Access needs the random token in the printed links. The page loads
nothing from outside the server (our ``hope`` Voilà template drops the two style sheets
Voilà's page would fetch from a CDN).

Several machines: run one ``hope serve`` per machine against one PostgreSQL store
(``--store postgresql+psycopg://…``); README says how.
"""

from __future__ import annotations

import functools
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jupyter_server.auth.identity import PasswordIdentityProvider, User
from tornado import web

from . import config
from .catalogue import load_session
from .errors import HopeError
from .i18n import _
from .store import open_store

__all__ = [
    "NOTEBOOKS",
    "PLOTLY_EXTENSION",
    "TEMPLATES",
    "UNUSED_EXTENSIONS",
    "LinkTokenIdentity",
    "ServeError",
    "ServePlan",
    "participant_page_config",
    "plan_serve",
    "running_links",
    "serve",
    "wait_listening",
    "wait_ready",
]

#: The notebooks ``hope serve`` serves, participant page first.
NOTEBOOKS = ("06-participant.ipynb", "07-results-wall.ipynb")
#: The folder (inside the served one) where built pages leave a note (config.note_page_ready).
READY = ".ready"
#: The folder (inside the served one) where participant pages share their drawn results.
SHARED = ".results"
#: How long the links wait for the pages: a base, and more per page (two cores build one in
#: about 3 s).
READY_S, READY_PER_PAGE_S = 60.0, 10.0
#: JupyterLab extensions installed for the workbook's notebooks that the served pages never
#: use (diffs, other widget kinds, code highlighting): a phone does not load them.
UNUSED_EXTENSIONS = ("nbdime-jupyterlab", "anywidget", "jupyterlab_pygments")
#: The plotly renderer's extension (4.8 MB): the participant page draws its charts in plain
#: HTML (charts.plain_chart), so a phone never loads it; the results wall does.
PLOTLY_EXTENSION = "jupyterlab-plotly"
#: Voilà's Python configuration in the served folder: what JSON cannot say (a hook).
PAGE_HOOK = (
    "from hopelib.serve import participant_page_config\n"
    "c.VoilaConfiguration.page_config_hook = participant_page_config\n"
)
#: The folder holding our Voilà template (``voila/templates/hope``), put on ``JUPYTER_PATH``.
TEMPLATES = Path(__file__).resolve().parent / "html" / "jupyter"


def participant_page_config(
    page_config: dict[str, Any], *, notebook_path: str = "", **_settings: Any
) -> dict[str, Any]:
    """Voilà's page-config hook: the participant page leaves out the plotly renderer.

    Parameters
    ----------
    page_config : dict
        The page's configuration as Voilà built it (``federated_extensions`` …).
    notebook_path : str
        The page's notebook; only the participant page (the first of :data:`NOTEBOOKS`)
        changes.

    Returns
    -------
    dict
        *page_config*, without :data:`PLOTLY_EXTENSION` for the participant page.
    """
    if Path(notebook_path).name == NOTEBOOKS[0]:
        page_config["federated_extensions"] = [
            extension
            for extension in page_config.get("federated_extensions", [])
            if extension.get("name") != PLOTLY_EXTENSION
        ]
    return page_config


class ServeError(HopeError):
    """The server could not start (a busy port, Voilà stopped at once)."""


class LinkTokenIdentity(PasswordIdentityProvider):
    """Let in only who has the link's token: any other request gets 403, not a login page.

    Participants never type a password: the printed link carries the token, and the browser
    keeps the session cookie for the page's own requests.
    """

    async def get_user(self, handler: web.RequestHandler) -> User | None:
        """Return the user the token or cookie names; refuse everyone else with 403."""
        user = super().get_user(handler)
        if not isinstance(user, User) and user is not None:
            user = await user
        if user is None and not getattr(handler, "hope_token_refused", False):
            handler.hope_token_refused = True  # type: ignore[attr-defined]  # its error page asks again
            raise web.HTTPError(403, "open the page with the link that carries its token")
        return user


@dataclass(frozen=True)
class ServePlan:
    """Everything ``hope serve`` starts: the command, its environment and the two links."""

    command: list[str]
    env: dict[str, str]
    root: Path
    participant_url: str
    wall_url: str
    pool: int = 1  # participant pages prepared ahead of time (the wall has one)

    def pages_ready(self, kind: str) -> int:
        """Return how many pages of *kind* (``participant``, ``wall``) are built so far."""
        folder = Path(self.env.get("HOPE_SERVE_READY", self.root / READY))
        try:
            return sum(1 for entry in folder.iterdir() if entry.name.startswith(f"{kind}-"))
        except OSError:
            return 0


def free_port(host: str) -> int:
    """Return a TCP port nobody listens on at *host* now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def plan_serve(
    session: str,
    *,
    host: str = "127.0.0.1",
    port: int | None = None,
    store: str | None = None,
    data_dir: str | None = None,
    token: str | None = None,
    pool: int = config.DEFAULT_SERVE_POOL,
    root: Path | None = None,
) -> ServePlan:
    """Check the session and the store, and say how Voilà will be started.

    Parameters
    ----------
    session : str
        The session participants join (it must exist in the data folder).
    host, port : optional
        Where to listen (default 127.0.0.1 and a free port).
    store, data_dir : str, optional
        As everywhere (``$HOPE_STORE``, ``$HOPE_DATA``); passed to the kernels.
    token : str, optional
        The access token (default: a new random one).
    pool : int
        Participant pages (kernels that have run the page) kept ready ahead of time; Voilà
        starts another each time one is taken. The results wall keeps one.
    root : Path, optional
        The folder Voilà serves (default: a new temporary folder with the two notebooks).

    Raises
    ------
    CatalogueError, StoreError
        For an unknown session or an unusable store, before anything starts.
    """
    data = config.data_dir(data_dir).resolve()
    found = load_session(session, data)
    url = config.store_url(store)
    with open_store(url, data) as opened:  # creates or migrates it, or says why not
        opened.session(found.id)
    port = port or free_port(host)
    token = token or secrets.token_urlsafe(24)
    root = root or Path(tempfile.mkdtemp(prefix="hope-serve-"))
    for name in NOTEBOOKS:
        shutil.copyfile(config.PROJECT_ROOT / "notebooks" / name, root / name)
    pools = {NOTEBOOKS[0]: max(pool, 1), NOTEBOOKS[1]: 1}
    settings = {  # Voilà's own configuration: a pool per notebook, only the page's extensions
        "VoilaKernelManager": {
            "kernel_pools_config": {name: {"pool_size": size} for name, size in pools.items()},
            # Refill once the burst of joins is over, not one kernel start per join.
            "fill_delay": config.SERVE_REFILL_DELAY,
        },
        "VoilaConfiguration": {"extension_denylist": list(UNUSED_EXTENSIONS)},
        # Kernels talk over local sockets, not TCP ports: many kernels starting at once
        # cannot race for the same port, and nothing listens on the network.
        "KernelManager": {"transport": "ipc"},
        # Here, not on the command line, where anyone on the machine could read it (ps).
        "Voila": {"token": token},
    }
    private = root / "voila.json"  # it holds the token: for this user only
    private.touch(mode=0o600)
    private.chmod(0o600)
    private.write_text(json.dumps(settings), encoding="utf-8")
    (root / "voila.py").write_text(PAGE_HOOK, encoding="utf-8")
    (root / READY).mkdir(exist_ok=True)
    paths = [str(TEMPLATES), *filter(None, [os.environ.get("JUPYTER_PATH")])]
    env = {
        **os.environ,
        "HOPE_SESSION": found.id,
        "HOPE_DATA": str(data),
        "HOPE_STORE": url,
        "JUPYTER_PATH": os.pathsep.join(paths),
        "HOPE_SERVE_READY": str(root / READY),
        # The participant pages draw each version of the results once per language.
        "HOPE_SHARED_RESULTS": str(root / SHARED),
        # One page per kernel: no other page to echo a page's own changes to (the charts'
        # renderer writes a picture of each chart back into its output).
        "JUPYTER_WIDGETS_ECHO": "0",
    }
    command = [
        sys.executable,
        "-m",
        "hopelib.voila_app",  # Voilà, its responses compressed
        str(root),
        "--no-browser",
        f"--port={port}",
        f"--Voila.ip={host}",
        "--template=hope",
        "--Voila.identity_provider_class=hopelib.serve.LinkTokenIdentity",
        "--theme=light",
        "--preheat_kernel=True",
        f"--Voila.config_file_paths={root}",  # voila.json above, nobody else's
        "--show_tracebacks=False",
    ]
    shown = socket.getfqdn() if host in ("0.0.0.0", "::", "") else host  # a link people can open
    base = f"http://{shown}:{port}/voila/render"
    return ServePlan(
        command,
        env,
        root,
        f"{base}/{NOTEBOOKS[0]}?token={token}",
        f"{base}/{NOTEBOOKS[1]}?token={token}",
        max(pool, 1),
    )


def found_session(plan: ServePlan) -> str:
    """Return the session a plan serves."""
    return plan.env["HOPE_SESSION"]


def _links_file(session: str) -> Path:
    return config.var_dir() / "serve" / f"{session}.json"


def running_links(session: str) -> dict[str, str] | None:
    """Return the links a running ``hope serve`` of *session* printed (for the console).

    Returns
    -------
    dict or None
        ``participant`` and ``wall`` URLs, or ``None`` when no server runs for the session.
    """
    try:
        links = json.loads(_links_file(session).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return links if isinstance(links, dict) else None


def wait_listening(host: str, port: int, process: subprocess.Popen[bytes], timeout: float) -> None:
    """Wait until *port* accepts connections, or say why the server did not start."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServeError(
                f"Voilà stopped at once (exit code {process.returncode}); is port {port} free?"
            )
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.settimeout(0.5)
            if probe.connect_ex((host, port)) == 0:
                return
        time.sleep(0.2)
    raise ServeError(f"the server did not answer on {host}:{port} within {timeout:.0f} s")


def wait_ready(
    plan: ServePlan,
    process: subprocess.Popen[bytes],
    tell: Callable[[str], None],
    timeout: float,
) -> bool:
    """Wait until the pool of participant pages and the wall are built; say how far it got.

    Returns
    -------
    bool
        Whether every page was ready within *timeout* seconds (Voilà keeps preparing the
        rest; a participant who comes earlier waits for a page of their own).
    """
    wanted = plan.pool + 1
    told = -1
    deadline = time.monotonic() + timeout
    while process.poll() is None and time.monotonic() < deadline:
        ready = min(plan.pages_ready("participant"), plan.pool) + min(plan.pages_ready("wall"), 1)
        if ready != told:
            tell(
                _("Preparing the pages: {ready} of {wanted} ready").format(
                    ready=ready, wanted=wanted
                )
            )
            told = ready
        if ready >= wanted:
            return True
        time.sleep(0.5)
    return False


def serve(
    session: str,
    *,
    host: str = "127.0.0.1",
    port: int | None = None,
    store: str | None = None,
    data_dir: str | None = None,
    pool: int = config.DEFAULT_SERVE_POOL,
    echo: Callable[[str], None] = print,
    tell: Callable[[str], None] | None = None,
) -> int:
    """Serve the participant view and the results wall until Ctrl-C; print their links.

    The links are printed (by *echo*, one line each, participant page first) once *pool*
    participant pages and the wall are ready, so that the first participants wait for
    nothing; progress goes to *tell* (default: standard error).

    Returns
    -------
    int
        0 after Ctrl-C (the kernels are stopped with the server).
    """
    if tell is None:
        tell = functools.partial(print, file=sys.stderr, flush=True)
    plan = plan_serve(session, host=host, port=port, store=store, data_dir=data_dir, pool=pool)
    listen_port = int(plan.participant_url.rsplit(":", 1)[1].split("/")[0])
    handle, log_name = tempfile.mkstemp(prefix="hope-serve-", suffix=".log")
    log = Path(log_name)
    with os.fdopen(handle, "wb") as log_file:
        process = subprocess.Popen(  # its own session: Ctrl-C reaches `hope serve`, which stops it
            plan.command,
            env=plan.env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=log_file,
            start_new_session=True,
        )

    def interrupted(signum: int, _frame: object) -> None:  # a closed terminal or `kill`
        raise KeyboardInterrupt

    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, interrupted)
    try:
        try:
            wait_listening(host, listen_port, process, timeout=60)
        except ServeError as error:
            lines = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()
            raise ServeError(
                f"{error}; Voilà said: {lines[-1] if lines else '(nothing)'}"
            ) from None
        if not wait_ready(plan, process, tell, timeout=READY_S + READY_PER_PAGE_S * plan.pool):
            if process.poll() is not None:
                lines = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()
                raise ServeError(
                    f"Voilà stopped while preparing the pages (exit code {process.returncode}); "
                    f"Voilà said: {lines[-1] if lines else '(nothing)'}"
                )
            tell(_("Not every page is ready yet; Voilà goes on preparing them."))
        echo(plan.participant_url)
        echo(plan.wall_url)
        links = _links_file(found_session(plan))
        links.parent.mkdir(parents=True, exist_ok=True)
        links.touch(mode=0o600)  # the links carry the token: for this user only
        links.write_text(
            json.dumps({"participant": plan.participant_url, "wall": plan.wall_url}),
            encoding="utf-8",
        )
        process.wait()
    except KeyboardInterrupt:
        pass
    finally:
        if process.poll() is None:
            process.terminate()  # Voilà shuts its kernels down on SIGTERM
            deadline = time.monotonic() + 20
            while process.poll() is None and time.monotonic() < deadline:
                try:  # a second Ctrl-C does not leave Voilà behind
                    process.wait(timeout=max(0.1, deadline - time.monotonic()))
                except (subprocess.TimeoutExpired, KeyboardInterrupt):
                    continue
            if process.poll() is None:
                process.kill()
        shutil.rmtree(plan.root, ignore_errors=True)
        log.unlink(missing_ok=True)
        _links_file(found_session(plan)).unlink(missing_ok=True)
    return 0
