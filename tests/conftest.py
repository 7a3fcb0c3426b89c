"""Shared fixtures: fixture data folders, and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

TESTS = Path(__file__).parent
GOOD = TESTS / "data" / "good"
PROJECT = TESTS.parent
CHROMIUM = Path("/usr/bin/chromium")
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require(condition: bool, what: str) -> None:
    """Skip when a tool is missing on a developer's machine; fail in CI (CI=true)."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"{what} is missing: `make test` installs it (CI=true makes this a failure)")
    pytest.skip(f"{what} is missing (run `make test` as root to install it)")


@pytest.fixture(autouse=True)
def _private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keep the tests' catalogue caches out of the project's .cache/."""
    monkeypatch.setenv("HOPE_CACHE", str(tmp_path_factory.getbasetemp() / "hope-cache"))


@pytest.fixture(autouse=True)
def _english_afterwards() -> Iterator[None]:
    """Put the interface language back to English after a test that switched it."""
    yield
    from hopelib.i18n import set_language

    set_language("en")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A writable copy of the small, valid fixture data folder."""
    target = tmp_path / "data"
    shutil.copytree(GOOD, target)
    return target


@pytest.fixture
def chromium() -> Iterator[Any]:
    """Debian's Chromium through Playwright (never a downloaded browser)."""
    require(CHROMIUM.exists(), "Debian's Chromium (/usr/bin/chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def offline_page(chromium: Any) -> Iterator[Any]:
    """A page whose every non-``file:`` request is blocked and recorded in ``page.requests``."""
    context = chromium.new_context()
    page = context.new_page()
    page.requests = []
    page.console_errors = []

    def block(route: Any) -> None:
        page.requests.append(route.request.url)
        route.abort()

    page.route(lambda url: not url.startswith(("file:", "data:", "about:")), block)
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    try:
        yield page
    finally:
        context.close()


# ------------------------------------------------------------------ PostgreSQL


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A throw-away PostgreSQL cluster on a loopback port; yields its base URL.

    Run as the ``postgres`` user when the tests run as root (initdb refuses root); the
    cluster lives in a temporary folder and is removed after the session.
    """
    bindir = postgres_bin()
    require(bindir is not None, "PostgreSQL server (Debian package postgresql)")
    assert bindir is not None
    with throwaway_cluster(bindir, fsync=False) as url:
        yield url


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A fresh, empty database on the throw-away server; dropped after the test."""
    import psycopg

    name = f"hope_{uuid.uuid4().hex[:12]}"
    admin = postgres_server.replace("postgresql+psycopg://", "postgresql://") + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{postgres_server}/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of an empty store: an SQLite file, then a PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "store.sqlite")
    return str(request.getfixturevalue("postgres_url"))


# ------------------------------------------------------------------ JupyterLab

from .jupyterlab import Lab, LabProject  # noqa: E402
from .postgres import postgres_bin, throwaway_cluster  # noqa: E402


@pytest.fixture(scope="module")
def lab_project(tmp_path_factory: pytest.TempPathFactory) -> LabProject:
    """A throw-away copy of ``notebooks/`` and ``data/`` with private store, cache, exports.

    Its ``env`` (``HOPE_DATA``, ``HOPE_STORE``, ``HOPE_CACHE``, ``HOPE_EXPORTS``) is given
    to the ``jupyter_lab`` server, so every kernel it starts uses the copy.
    """
    return LabProject.create(PROJECT, tmp_path_factory.mktemp("lab"))


@pytest.fixture(scope="module")
def jupyter_lab(lab_project: LabProject, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    """A real JupyterLab serving ``lab_project``, on a free loopback port, for one module.

    Stopped afterwards; stopping fails the teardown if a kernel or any other process of
    the lab is still running.
    """
    require(CHROMIUM.exists(), "Debian's Chromium (/usr/bin/chromium)")
    lab = Lab.start(lab_project.root, tmp_path_factory.mktemp("lab-server"), lab_project.env)
    try:
        yield lab
    finally:
        lab.stop()


@pytest.fixture
def lab_page(chromium: Any, jupyter_lab: Lab, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A fresh 1400×1000 Chromium page for ``jupyter_lab``; console errors in ``.console_errors``.

    When the test fails, a screenshot goes to ``test-artifacts/``. Afterwards the lab's
    kernels are shut down, so each test starts from fresh kernels.
    """
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    failed_before = request.session.testsfailed
    try:
        yield page
    finally:
        if request.session.testsfailed > failed_before:
            try:
                jupyter_lab.screenshot(page, f"failed-{request.node.name}")
            except Exception as error:  # the page may be gone; the failure matters more
                print(f"no screenshot of the failed lab page: {error}")
        context.close()
        jupyter_lab.shutdown_kernels()
