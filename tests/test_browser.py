"""The browser harness that every export and JupyterLab test relies on."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser


def test_offline_page_renders_local_file_and_blocks_network(
    offline_page: Any, tmp_path: Path
) -> None:
    page_file = tmp_path / "page.html"
    page_file.write_text(
        "<!doctype html><meta charset=utf-8><title>t</title>"
        "<p id=greeting>Hyvää päivää, Seinäjoki</p>"
        "<img src='https://example.org/pixel.png'>"
        "<script>document.body.dataset.ready = 'yes'</script>",
        encoding="utf-8",
    )
    offline_page.goto(page_file.as_uri())
    offline_page.wait_for_load_state("load")
    assert offline_page.inner_text("#greeting") == "Hyvää päivää, Seinäjoki"
    assert offline_page.evaluate("document.body.dataset.ready") == "yes"
    assert offline_page.requests == ["https://example.org/pixel.png"]
