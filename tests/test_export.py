"""`hope export`: one offline, self-contained report per partner, opened in Chromium."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from hopelib.cli import main
from hopelib.errors import ExportError
from hopelib.export import _inject, export_session
from hopelib.store import open_store

from .conftest import PROJECT

SESSION = "demo-x"
ARTIFACTS = PROJECT / "test-artifacts"


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Export the fixture session once (two partners) with records in the store."""
    import shutil

    from .conftest import GOOD

    root = tmp_path_factory.mktemp("export")
    data = root / "data"
    shutil.copytree(GOOD, data)
    store = str(root / "store.sqlite")
    with open_store(store, data) as opened:
        for who, partner, score in (("A1", "north", 4), ("A2", "north", 5), ("B1", "south", 2)):
            opened.add_rating(SESSION, partner, who, "job-path", "relevance", score)
            opened.add_interest(SESSION, partner, who, "coop-kitchen", "adapt")
        opened.add_note(
            SESSION,
            "south",
            "B1",
            "<img src=x onerror=alert(1)> SOUTH-PRIVATE",
            visibility="private",
        )
    paths = export_session(SESSION, data_dir=data, store=store, out=root / "out", progress=False)
    return {"root": root, "data": data, "store": store, "paths": paths}


def test_files_and_index(exported: dict[str, Any]) -> None:
    folder = exported["root"] / "out" / SESSION
    assert [p.name for p in exported["paths"]] == ["north.html", "south.html", "index.html"]
    index = (folder / "index.html").read_text(encoding="utf-8")
    assert 'href="north.html"' in index and 'href="south.html"' in index
    assert "illustrative" in index  # demo session


def test_reports_are_self_contained_and_hide_code(exported: dict[str, Any]) -> None:
    for name in ("north.html", "south.html"):
        page = (exported["root"] / "out" / SESSION / name).read_text(encoding="utf-8")
        assert not re.search(r"<script[^>]+src=", page)  # nothing loaded from anywhere
        assert not re.search(r"<link[^>]+href=\"?https?:", page)
        assert page.count("plotly.js v") == 1  # plotly.js inlined exactly once
        assert "@font-face" not in page or "url(http" not in page
        assert "from hopelib.report import" not in page  # code hidden
        assert 'showSendToCloud": false' in page and 'displaylogo": false' in page
    north = (exported["root"] / "out" / SESSION / "north.html").read_text(encoding="utf-8")
    south = (exported["root"] / "out" / SESSION / "south.html").read_text(encoding="utf-8")
    assert "SOUTH-PRIVATE" not in north and "SOUTH-PRIVATE" in south
    assert "<img src=x" not in south and "&lt;img src=x" in south


def test_reports_open_offline_in_chromium(exported: dict[str, Any], offline_page: Any) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    for name in ("north.html", "south.html"):
        offline_page.goto((exported["root"] / "out" / SESSION / name).as_uri())
        offline_page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
        plots = offline_page.locator(".js-plotly-plot")
        assert plots.count() == 5
        painted = offline_page.evaluate(
            "() => [...document.querySelectorAll('.js-plotly-plot')]"
            ".map(p => (p.data || []).length)"
        )
        assert sum(painted) >= 4  # the charts with data drew their traces
        offline_page.screenshot(path=str(ARTIFACTS / f"report-{name}.png"), full_page=True)
    assert offline_page.requests == []
    assert offline_page.console_errors == []


def test_unknown_session_or_partner_writes_nothing(
    exported: dict[str, Any], tmp_path: Path
) -> None:
    with pytest.raises(ExportError, match="west"):
        export_session(SESSION, ["west"], data_dir=exported["data"], out=tmp_path, progress=False)
    with pytest.raises(ExportError, match="session"):
        export_session("nope", data_dir=exported["data"], out=tmp_path, progress=False)
    assert list(tmp_path.iterdir()) == []


def test_a_failing_report_keeps_the_previous_export(
    exported: dict[str, Any], tmp_path: Path
) -> None:
    out = exported["root"] / "out"
    before = (out / SESSION / "north.html").read_bytes()
    with pytest.raises(ExportError, match="north: the report notebook failed"):
        export_session(
            SESSION,
            ["north"],
            data_dir=exported["data"],
            store="nosuchdialect://x",
            out=out,
            progress=False,
        )
    assert (out / SESSION / "north.html").read_bytes() == before
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no staging left


def test_parameters_are_injected_after_the_parameters_cell() -> None:
    import nbformat

    book = nbformat.read(PROJECT / "notebooks" / "03-partner-report.ipynb", as_version=4)
    injected = _inject(book, {"partner": "south", "include_contacts": True})
    tags = [c.metadata.get("tags", []) for c in injected.cells]
    position = tags.index(["parameters"])
    assert tags[position + 1] == ["injected-parameters"]
    assert injected.cells[position + 1].source == "partner = 'south'\ninclude_contacts = True"


def test_hope_export_command(
    exported: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["export", SESSION, "--partner", "south", "--data", str(exported["data"]),
                 "--store", exported["store"], "--out", str(tmp_path)])  # fmt: skip
    assert code == 0
    assert capsys.readouterr().out.split() == [
        str(tmp_path / SESSION / "south.html"),
        str(tmp_path / SESSION / "index.html"),
    ]
    assert main(["export", "nope", "--data", str(exported["data"]), "--out", str(tmp_path)]) == 1
    assert "Traceback" not in capsys.readouterr().err
