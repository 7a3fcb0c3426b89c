"""A real ``hope serve`` (Voilà) for browser tests, and the steps a participant takes in it.

:class:`VoilaServer` starts Voilà exactly as ``hope serve`` plans it (:func:`plan_serve`), on a
free loopback port, with its own store; the page helpers drive the participant view by its
``hope-…`` CSS classes and wait on what the page shows, never on fixed sleeps.
"""

from __future__ import annotations

import re
import subprocess
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hopelib.serve import ServeError, ServePlan, plan_serve, wait_listening, wait_ready

START_S = 120.0  # Voilà plus two preheated kernels per notebook on a shared two-core machine
SHOW_S = 240.0  # a page's widgets, once the server listens (a loaded two-core machine)
#: Page script: the first live results chart's values as JSON (``null`` before any chart),
#: as plotly drew them on the wall (numbers sent packed in base64 are unpacked by then), or as
#: the participant page's plain HTML chart carries them (``data-value``).
RESULTS_JS = """() => {
  const plot = document.querySelector('.hope-results .js-plotly-plot');
  const plain = v => ArrayBuffer.isView(v) ? Array.from(v) : Array.isArray(v) ? v.map(plain) : v;
  if (plot && plot._fullData) {
    return JSON.stringify(plot._fullData.map(t => plain(t.z || t.x || [])));
  }
  const chart = document.querySelector('.hope-results .hope-plain-chart');
  const values = e => Array.from(e.querySelectorAll('[data-value]'), c => Number(c.dataset.value));
  return chart ? JSON.stringify(values(chart)) : null;
}"""
#: Page script: what reaches past the page's right edge on a phone: the results' boxes, any
#: control or box wider than the page's column (cut off at its edge), or the page itself.
OVERFLOW_JS = """() => {
  const column = document.querySelector('.hope-live');
  const edge = column ? column.getBoundingClientRect().right + 0.5 : Infinity;
  const wide = Array.from(document.querySelectorAll('.hope-live .jupyter-widgets'))
    .filter(e => e.getBoundingClientRect().right > edge).map(e => e.className);
  return Array.from(document.querySelectorAll('.hope-results .hope-plain-chart'))
    .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
    .map(e => e.className)
    .concat(wide)
    .concat(document.documentElement.scrollWidth > document.documentElement.clientWidth + 1
      ? ['the page scrolls sideways'] : []);
}"""


@dataclass
class VoilaServer:
    """A running Voilà serving the participant view and the results wall."""

    plan: ServePlan
    process: subprocess.Popen[bytes]
    log: Path

    @classmethod
    def start(
        cls, session: str, store: str, data: Path, folder: Path, pool: int = 2
    ) -> VoilaServer:
        root = folder / "served"
        root.mkdir()
        plan = plan_serve(session, store=store, data_dir=str(data), root=root, pool=pool)
        log = folder / "voila.log"
        with log.open("wb") as handle:
            process = subprocess.Popen(
                plan.command, env=plan.env, stdout=subprocess.DEVNULL, stderr=handle
            )
        server = cls(plan, process, log)
        host, port = server.origin.removeprefix("http://").split(":")
        try:
            wait_listening(host, int(port), process, timeout=START_S)
        except ServeError as error:
            raise RuntimeError(f"{error}; Voilà said: {log.read_text()[-2000:]}") from None
        timeout = START_S + 10 * pool  # as hope serve waits: more pages, longer
        if not wait_ready(plan, process, lambda _line: None, timeout=timeout):
            raise RuntimeError(f"the pages were not ready within {timeout:.0f} s")
        return server

    @property
    def origin(self) -> str:
        """``http://host:port``."""
        return self.plan.participant_url.split("/voila/")[0]

    def status(self, url: str) -> int:
        """The HTTP status of a GET of *url* (no redirect followed)."""

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args: Any, **kwargs: Any) -> None:
                return None

        opener = urllib.request.build_opener(NoRedirect)
        try:
            with opener.open(url, timeout=60) as response:
                return int(response.status)
        except urllib.error.HTTPError as error:
            return int(error.code)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()


def open_page(context: Any, url: str, origin: str) -> Any:
    """Open *url* in a new page of *context*; requests outside *origin* are blocked and kept."""
    page = context.new_page()
    page.outside = []
    page.requested = []  # every URL the page asked for
    page.on("request", lambda request: page.requested.append(request.url))
    page.script_encodings = []  # how each script and style sheet came packed ("gzip" …)
    page.on("response", lambda response: _note_encoding(page, response))
    page.socket_extensions = []  # what the server agreed for each WebSocket (compression)
    devtools = context.new_cdp_session(page)
    devtools.send("Network.enable")
    devtools.on(
        "Network.webSocketHandshakeResponseReceived",
        lambda event: page.socket_extensions.append(
            {k.lower(): v for k, v in event["response"]["headers"].items()}.get(
                "sec-websocket-extensions", ""
            )
        ),
    )

    def block(route: Any) -> None:
        page.outside.append(route.request.url)
        route.abort()

    page.route(lambda u: not u.startswith((origin, "data:", "blob:", "about:")), block)
    page.goto(url, wait_until="domcontentloaded", timeout=SHOW_S * 1000)
    return page


def _note_encoding(page: Any, response: Any) -> None:
    if response.request.resource_type in ("script", "stylesheet"):
        page.script_encodings.append(response.headers.get("content-encoding", "none"))


def shown(page: Any, css: str) -> Any:
    """Wait until the first element matching *css* is visible; say what the page showed if not.

    A page that never gets there leaves its screenshot in ``test-artifacts/`` and its
    visible text in the error.
    """
    found = page.locator(css).first
    try:
        found.wait_for(timeout=SHOW_S * 1000)
    except Exception as error:
        folder = Path(__file__).resolve().parent.parent / "test-artifacts"
        folder.mkdir(exist_ok=True)
        name = re.sub(r"\W+", "-", css).strip("-")
        page.screenshot(path=str(folder / f"voila-timeout-{name}.png"), full_page=True)
        text = " ".join(page.inner_text("body").split())[:600]
        raise AssertionError(f"{css} never showed; the page said: {text!r}") from error
    return found


def join(page: Any, partner_label: str, pseudonym: str) -> None:
    """Choose the partner and a pseudonym, Join, and wait for the practice forms."""
    shown(page, ".hope-join-partner select").select_option(label=partner_label)
    page.locator(".hope-join-pseudonym input").fill(pseudonym)
    page.locator("button.hope-join").click()
    shown(page, ".hope-practice")


def rate(page: Any, practice: str, score: int, comment: str = "", private: bool = False) -> None:
    """Give *practice* a relevance score (and a comment), Save, and wait for "Saved"."""
    form = page.locator(f".hope-practice-{practice}")
    form.locator(".hope-score-relevance select").select_option(index=score)
    if comment:
        form.locator(".hope-comment textarea").fill(comment)
    if private:
        form.locator(".hope-visibility select").select_option(index=1)
    form.locator("button.hope-save").click()
    shown(page, f".hope-practice-{practice} .hope-save-message .hope-ok")


def wait_for_results(page: Any) -> None:
    """Wait until the page's results are drawn (shown from the start, following every save)."""
    shown(page, ".hope-results .js-plotly-plot, .hope-results .hope-plain-chart")
