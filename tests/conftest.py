"""Shared fixtures: fixture data folders, and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import os
import shutil
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
