"""Participants in their own browsers: a real ``hope serve`` (Voilà) and Debian's Chromium.

Three participants (one on a phone-sized screen) join the same session at once, each rates
two practices; the store holds exactly their rows, every page's results follow the others'
saves without a reload, and so does the results wall. A request without the link's token is
refused; a page never shows another partner's private comment; after a reload a participant
cannot withdraw what the earlier visit entered; the pages ask nothing of any other server.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hopelib import compare, load_partners
from hopelib.serve import PLOTLY_EXTENSION, UNUSED_EXTENSIONS, running_links
from hopelib.store import open_store

from .conftest import CHROMIUM, PROJECT, require
from .voila import (
    OVERFLOW_JS,
    RESULTS_JS,
    SHOW_S,
    VoilaServer,
    join,
    open_page,
    rate,
    shown,
    wait_for_results,
)

DATA = PROJECT / "data"
SESSION = "demo-1"
ARTIFACTS = PROJECT / "test-artifacts" / "voila"


@pytest.fixture(scope="module")
def voila(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VoilaServer]:
    folder = tmp_path_factory.mktemp("voila")
    server = VoilaServer.start(SESSION, str(folder / "store.sqlite"), DATA, folder)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def names() -> dict[str, str]:
    return compare.partner_names(load_partners(DATA))


def _agenda() -> list[str]:
    from hopelib import load_session

    return list(load_session(SESSION, DATA).practices)


def _numbers(value: Any) -> list[float]:
    if isinstance(value, list):
        return [n for item in value for n in _numbers(item)]
    return [float(value)] if isinstance(value, int | float) else []


def wait_for_scores(page: Any, wanted: list[float]) -> None:
    """Wait until the page's score heatmap shows every value of *wanted* (no reload)."""
    deadline = time.monotonic() + SHOW_S
    shown: list[float] = []
    while time.monotonic() < deadline:
        text = page.evaluate(RESULTS_JS)
        shown = _numbers(json.loads(text)) if text else []
        if all(any(abs(v - w) < 0.01 for v in shown) for w in wanted):
            return
        page.wait_for_timeout(500)
    raise AssertionError(f"the results never showed {wanted}; they show {shown}")


def test_a_request_without_the_token_is_refused(voila: VoilaServer) -> None:
    bare = voila.plan.participant_url.split("?")[0]
    assert voila.status(bare) in (401, 403)
    assert voila.status(voila.plan.wall_url.split("?")[0]) in (401, 403)
    assert voila.status(f"{voila.origin}/voila/tree") in (401, 403)
    assert voila.status(voila.plan.participant_url) == 200


def test_three_participants_at_once(
    chromium: Any, voila: VoilaServer, names: dict[str, str]
) -> None:
    require(CHROMIUM.exists(), "Debian's Chromium")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    first, second = _agenda()[:2]
    people = [
        ("seinajoki", "Aino", {"width": 1280, "height": 900}, (4, 2)),
        ("maribor", "Boris", {"width": 390, "height": 844}, (5, 3)),
        ("derry-strabane", "Ciara", {"width": 1024, "height": 768}, (3, 1)),
    ]
    contexts = [chromium.new_context(viewport=size) for _p, _n, size, _s in people]
    wall_context = chromium.new_context(viewport={"width": 1500, "height": 1000})
    try:
        pages = [open_page(c, voila.plan.participant_url, voila.origin) for c in contexts]
        wall = open_page(wall_context, voila.plan.wall_url, voila.origin)
        for page, (partner, pseudonym, _size, _scores) in zip(pages, people, strict=True):
            join(page, names[partner], pseudonym)
            wait_for_results(page)  # shown from the start
        for page, (partner, _who, _size, (a, b)) in zip(pages, people, strict=True):
            rate(page, first, a, comment=f"private of {partner}", private=True)
            rate(page, second, b)
        pages[1].screenshot(path=str(ARTIFACTS / "participant-phone.png"), full_page=True)

        with open_store(voila.plan.env["HOPE_STORE"], DATA) as store:
            ratings = store.ratings(SESSION)
        assert len(ratings) == 6  # exactly what the three saved
        assert sorted(ratings["score"]) == sorted(s for *_r, pair in people for s in pair)
        means = ratings.groupby("practice")["score"].mean().round(2).to_dict()

        for page in [*pages, wall]:  # every page follows every save, without a reload
            wait_for_scores(page, [means[first], means[second]])
        # At 390 px the tables and bars fit the page (a wide table scrolls in its own box).
        assert pages[1].evaluate(OVERFLOW_JS) == []
        assert pages[1].locator(".hope-chart-scores .hope-plain-table").count() == 1
        assert pages[1].locator(".hope-chart-ranking .hope-plain-bar").count() == 2  # two rated
        wall.screenshot(path=str(ARTIFACTS / "results-wall.png"), full_page=True)

        for page, (partner, *_rest) in zip(pages, people, strict=True):
            text = page.content()
            others = [p for p, *_r in people if p != partner]
            assert all(f"private of {other}" not in text for other in others)
        assert all(page.outside == [] for page in [*pages, wall]), "requests left the server"
        unused = [u for u in pages[1].requested if any(x in u for x in UNUSED_EXTENSIONS)]
        assert unused == [], "a phone loads only the extensions the page uses"
        plotly = [u for u in pages[1].requested if PLOTLY_EXTENSION in u]
        assert plotly == [], "the participant page draws its charts without plotly.js"
        assert wall.locator(".hope-results .js-plotly-plot").count() == 3  # the wall does
        # A phone on mobile data gets Voilà's 5 MB of scripts and styles packed (gzip, about a
        # third of it), and the widgets' messages too (permessage-deflate).
        assert len(pages[1].script_encodings) > 20
        assert set(pages[1].script_encodings) == {"gzip"}
        assert pages[1].socket_extensions
        assert all("permessage-deflate" in e for e in pages[1].socket_extensions)
    finally:
        for context in [*contexts, wall_context]:
            context.close()


def test_after_a_reload_earlier_entries_cannot_be_withdrawn(
    chromium: Any, voila: VoilaServer, names: dict[str, str]
) -> None:
    context = chromium.new_context(viewport={"width": 390, "height": 844})
    try:
        page = open_page(context, voila.plan.participant_url, voila.origin)
        join(page, names["maribor"], "Dora")
        rate(page, _agenda()[0], 4)
        assert page.locator(".hope-entry-choice select option").count() == 1
        page.reload(wait_until="domcontentloaded")
        join(page, names["maribor"], "Dora")
        assert page.locator(".hope-entry-choice select option").count() == 0
        page.locator("button.hope-withdraw").click()
        shown(page, ".hope-entries-message .hope-error")
    finally:
        context.close()


def test_a_closed_session_shows_a_message_and_takes_nothing(
    chromium: Any, voila: VoilaServer
) -> None:
    with open_store(voila.plan.env["HOPE_STORE"], DATA) as store:
        store.close_session(SESSION)
    context = chromium.new_context()
    try:
        page = open_page(context, voila.plan.participant_url, voila.origin)
        shown(page, ".hope-closed")
        assert page.locator(".hope-join").count() == 0
    finally:
        context.close()
        with open_store(voila.plan.env["HOPE_STORE"], DATA) as store:
            store.reopen_session(SESSION)


def test_hope_serve_prints_two_links_and_stops_its_kernels_on_ctrl_c(tmp_path: Path) -> None:
    import os
    import re
    import signal
    import subprocess
    import sys
    import urllib.request

    hope = Path(sys.executable).with_name("hope")
    command = [str(hope), "serve", SESSION, "--store", str(tmp_path / "s.sqlite"), "--pool", "2"]
    environment = {**os.environ, "PYTHONUNBUFFERED": "1"}
    progress = tmp_path / "progress.txt"
    with (
        progress.open("w") as told,
        subprocess.Popen(
            [*command, "--data", str(DATA)],
            stdout=subprocess.PIPE,
            stderr=told,
            text=True,
            env=environment,
        ) as process,
    ):
        try:
            assert process.stdout is not None
            links = [process.stdout.readline().strip() for _ in range(2)]
            said = progress.read_text().splitlines()  # the links wait for the pages
            assert said and all(line.startswith("Preparing the pages: ") for line in said), said
            assert said[-1] == "Preparing the pages: 3 of 3 ready", said
            pattern = r"^http://127\.0\.0\.1:\d+/voila/render/{}\?token=[\w-]{{20,}}$"
            assert re.match(pattern.format(r"06-participant\.ipynb"), links[0]), links
            assert re.match(pattern.format(r"07-results-wall\.ipynb"), links[1]), links
            with urllib.request.urlopen(links[0], timeout=SHOW_S) as response:
                assert response.status == 200
            kernels = [pid for pid in _descendants(process.pid) if _is_kernel(pid)]
            assert kernels, "the preheated kernels run under hope serve"
            assert running_links(SESSION) == {"participant": links[0], "wall": links[1]}
            process.send_signal(signal.SIGINT)
            assert process.wait(timeout=60) == 0
        finally:
            if process.poll() is None:
                process.kill()
    assert not [pid for pid in kernels if Path(f"/proc/{pid}").exists()], "kernels left running"
    assert running_links(SESSION) is None  # the console stops offering the links


def _descendants(pid: int) -> list[int]:
    """Every process below *pid* (from /proc)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    found, frontier = [], [pid]
    while frontier:
        current = frontier.pop()
        children = [child for child, parent in parents.items() if parent == current]
        found += children
        frontier += children
    return found


def _is_kernel(pid: int) -> bool:
    try:
        return b"ipykernel" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def test_hope_serve_refuses_an_unknown_session_at_once(tmp_path: Path) -> None:
    import subprocess
    import sys

    hope = Path(sys.executable).with_name("hope")
    run = subprocess.run(
        [str(hope), "serve", "no-such", "--store", str(tmp_path / "s.sqlite")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 1
    assert "unknown session" in run.stderr.lower() or "no-such" in run.stderr
    assert "Traceback" not in run.stderr


def test_axe_finds_no_wcag_violation_on_the_participant_view(
    chromium: Any, voila: VoilaServer, names: dict[str, str]
) -> None:
    axe = PROJECT / "node_modules" / "axe-core" / "axe.min.js"
    require(axe.is_file(), "axe-core (node_modules: npm ci)")
    context = chromium.new_context(viewport={"width": 390, "height": 844})
    try:
        page = open_page(context, voila.plan.participant_url, voila.origin)
        shown(page, ".hope-join")
        checked = {}
        for state in ("join", "rate", "results"):
            if state == "rate":
                join(page, names["derry-strabane"], "Eli")
            if state == "results":
                wait_for_results(page)
            page.add_script_tag(path=str(axe))
            result = page.evaluate(
                "() => axe.run(document, {runOnly: {type: 'tag', values: "
                "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
            )
            checked[state] = [
                (v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]
            ]
        assert checked == {"join": [], "rate": [], "results": []}
        assert page.outside == []
    finally:
        context.close()
