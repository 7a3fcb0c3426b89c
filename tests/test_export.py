"""`hope export`: one offline, self-contained report per partner, opened in Chromium."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from hopelib.cli import main
from hopelib.errors import ExportError, StoreError
from hopelib.export import export_session, render_report
from hopelib.store import open_store

from .conftest import PROJECT
from .text import plain

SESSION = "demo-x"
ARTIFACTS = PROJECT / "test-artifacts"


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Export the fixture session once (two partners) with records in the store."""
    import shutil

    from .conftest import GOOD
    from .factories import evil_practice

    root = tmp_path_factory.mktemp("export")
    data = root / "data"
    shutil.copytree(GOOD, data)
    # Script payloads in every text field of an agenda practice, and a contact e-mail.
    evil = evil_practice("job-path")
    evil["contacts"] = [{"role": "Coordinator", "email": "contact@example.org"}]
    evil["location"] = {"lat": 62.79, "lon": 22.84, "place": "<b>Town</b>"}
    evil["summary"] = {"en": "<img src=x onerror=alert(1)> and <script>alert(2)</script>"}
    (data / "practices" / "job-path.yaml").write_text(
        yaml.safe_dump({"lang": "en", "country": "FI", "sources": [{"title": "S"}], **evil}),
        encoding="utf-8",
    )
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
        opened.add_action(SESSION, "south", "B1", "Visit North", "SOUTH-OWNER-MARK")
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
        assert re.search(r'"showSendToCloud":\s*false', page)
        assert re.search(r'"displaylogo":\s*false', page)
    north = (exported["root"] / "out" / SESSION / "north.html").read_text(encoding="utf-8")
    south = (exported["root"] / "out" / SESSION / "south.html").read_text(encoding="utf-8")
    assert "SOUTH-PRIVATE" not in north and "SOUTH-PRIVATE" in south
    assert "SOUTH-OWNER-MARK" not in north and "SOUTH-OWNER-MARK" in south
    assert "contact@example.org" not in north + south  # no personal data by default
    assert "<img src=x" not in south and "&lt;img src=x" in south
    assert "<script>alert" not in north + south


def test_reports_open_offline_in_chromium(exported: dict[str, Any], offline_page: Any) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    for name in ("north.html", "south.html"):
        offline_page.goto((exported["root"] / "out" / SESSION / name).as_uri())
        offline_page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
        plots = offline_page.locator(".js-plotly-plot")
        assert plots.count() == 6
        painted = offline_page.evaluate(
            "() => [...document.querySelectorAll('.js-plotly-plot')]"
            ".map(p => (p.data || []).length)"
        )
        assert sum(painted) >= 5  # the charts with data drew their traces
        offline_page.screenshot(path=str(ARTIFACTS / f"report-{name}.png"), full_page=True)
    assert offline_page.requests == []
    assert offline_page.console_errors == []


def test_payloads_show_as_text_and_hover_works(exported: dict[str, Any], offline_page: Any) -> None:
    dialogs: list[str] = []
    offline_page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    offline_page.goto((exported["root"] / "out" / SESSION / "south.html").as_uri())
    offline_page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
    text = offline_page.inner_text("body")
    assert "<img src=x onerror=alert(1)> and <script>alert(2)</script>" in text  # literally
    assert "SOUTH-PRIVATE" in text
    # South's report is in Slovenian (its partners.yaml language): no English interface text.
    from babel.messages.pofile import read_po

    from hopelib.i18n import LOCALES_DIR

    with open(LOCALES_DIR / "sl" / "LC_MESSAGES" / "hopelib.po", "rb") as handle:
        catalog = read_po(handle)
    english = [
        m.id
        for m in catalog
        if isinstance(m.id, str) and " " in m.id and "{" not in m.id and m.string != m.id
    ]
    assert [m for m in english if m in text] == []
    import datetime as dt

    from hopelib.i18n import format_date_range

    when = format_date_range(dt.date(2025, 3, 11), dt.date(2025, 3, 12), "sl_SI")
    assert plain(when) == "11.–12. mar. 2025" and when in text  # the session's days, in Slovenian
    # Hover the first heatmap cell: plotly shows its hover label.
    plot = offline_page.locator(".js-plotly-plot").first
    plot.scroll_into_view_if_needed()
    box = plot.locator(".nsewdrag").first.bounding_box()
    assert box is not None
    offline_page.mouse.move(box["x"] + box["width"] * 0.25, box["y"] + box["height"] * 0.5)
    offline_page.wait_for_selector(".hoverlayer .hovertext", timeout=10_000)
    assert dialogs == []
    assert offline_page.requests == []


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
    with pytest.raises(StoreError) as caught:  # said before any kernel starts
        export_session(
            SESSION,
            ["north"],
            data_dir=exported["data"],
            store="nosuchdialect://x",
            out=out,
            progress=False,
        )
    assert caught.value.field == "store" and "nosuchdialect" in str(caught.value)
    assert (out / SESSION / "north.html").read_bytes() == before
    broken = exported["root"] / "broken"
    broken.write_text("partners' notes", encoding="utf-8")  # not a store: left as it was
    with pytest.raises(StoreError, match="not a session store"):
        export_session(SESSION, data_dir=exported["data"], store=str(broken), out=out,
                       progress=False)  # fmt: skip
    assert broken.read_text(encoding="utf-8") == "partners' notes"
    assert (out / SESSION / "north.html").read_bytes() == before
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no staging left


def test_parameters_override_the_notebooks_defaults_and_name_the_failing_cell(
    tmp_path: Path,
) -> None:
    import nbformat

    book = nbformat.v4.new_notebook()
    book.cells = [
        nbformat.v4.new_markdown_cell("A report"),
        nbformat.v4.new_code_cell(
            "partner = 'north'\nlevel = 1", metadata={"tags": ["parameters"]}
        ),
        nbformat.v4.new_code_cell(
            "from IPython.display import HTML\nHTML(f'<p id=\"shown\">{partner} {level + 1}</p>')"
        ),
        nbformat.v4.new_code_cell("if level > 5:\n    raise ValueError('level too high')"),
    ]
    book.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    path = tmp_path / "small {partner}.ipynb"  # braces are part of the name, nothing more
    nbformat.write(book, path)
    page = render_report({"partner": "south", "level": 2}, path)
    assert '<p id="shown">south 3</p>' in page
    assert "level = 1" not in page  # code is hidden
    with pytest.raises(ExportError) as caught:
        render_report({"partner": "east", "level": 9}, path)
    message = str(caught.value)
    # Numbered as in the notebook the author edits (the injected cell is not counted).
    assert message.startswith("east: the report notebook failed in cell 4 of small {partner}.ipynb")
    assert "if level > 5:" in message and "ValueError: level too high" in message
    assert "Traceback" not in message


def test_a_kernel_that_dies_is_a_message_naming_the_partner(tmp_path: Path) -> None:
    import nbformat

    book = nbformat.v4.new_notebook()
    book.cells = [
        nbformat.v4.new_code_cell("partner = 'north'", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("import os\nos._exit(3)"),
    ]
    book.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    path = tmp_path / "dies.ipynb"
    nbformat.write(book, path)
    with pytest.raises(ExportError, match=r"^south: the report notebook stopped: .*kernel died"):
        render_report({"partner": "south"}, path)


def test_a_missing_notebook_is_said_before_anything_runs(
    exported: dict[str, Any], tmp_path: Path
) -> None:
    with pytest.raises(ExportError, match=r"^notebook: .*nope\.ipynb is not a file"):
        export_session(SESSION, data_dir=exported["data"], store=exported["store"],
                       out=tmp_path, progress=False, notebook=tmp_path / "nope.ipynb")  # fmt: skip
    assert list(tmp_path.iterdir()) == []


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


def test_one_failing_partner_does_not_stop_the_others(
    exported: dict[str, Any], tmp_path: Path
) -> None:
    import nbformat

    book = nbformat.read(PROJECT / "notebooks" / "03-partner-report.ipynb", as_version=4)
    book.cells.append(
        nbformat.v4.new_code_cell('if partner == "south":\n    raise RuntimeError("south breaks")')
    )
    broken = tmp_path / "03-broken.ipynb"
    nbformat.write(book, broken)
    out = tmp_path / "out"
    with pytest.raises(ExportError) as caught:
        export_session(SESSION, data_dir=exported["data"], store=exported["store"], out=out,
                       progress=False, notebook=broken)  # fmt: skip
    message = str(caught.value)
    assert "south: the report notebook failed in cell" in message and "south breaks" in message
    assert "the other reports were written: north" in message
    assert sorted(p.name for p in (out / SESSION).iterdir()) == ["index.html", "north.html"]
    assert "south.html" not in (out / SESSION / "index.html").read_text(encoding="utf-8")
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def test_the_map_paints_offline_with_one_point_per_located_practice(
    exported: dict[str, Any], offline_page: Any
) -> None:
    offline_page.goto((exported["root"] / "out" / SESSION / "north.html").as_uri())
    offline_page.wait_for_selector(".js-plotly-plot .geo", timeout=30_000)
    geo = offline_page.locator(".js-plotly-plot:has(.geo)")
    assert geo.count() == 1
    outlines = geo.locator(".geo .layer path, .geo .countries path, .geo .land path")
    assert outlines.count() > 0  # Europe's outlines came from the page itself
    points = geo.locator(".scattergeo .point")
    assert points.count() == 1  # job-path is the only practice with a location
    geo.screenshot(path=str(ARTIFACTS / "report-map.png"))
    assert offline_page.requests == []
    assert offline_page.console_errors == []


@pytest.mark.notebook
@pytest.mark.parametrize("session", ["2021-05-seinajoki", "2021-12-derry-strabane"])
def test_a_real_workshops_report_mentions_no_illustrative_figure(
    tmp_path: Path, session: str
) -> None:
    """Partners quote these reports: a real workshop's holds figures from sources only."""
    parameters = {
        "session": session,
        "partner": "seinajoki",
        "lang": "en",
        "data_dir": str(PROJECT / "data"),
        "store": str(tmp_path / "store.sqlite"),
    }
    page = render_report(parameters)
    assert "What your practices achieve" in page
    assert "plotly-graph-div" in page  # the real figures are drawn
    if session == "2021-12-derry-strabane":  # attendance as the source reports it
        assert "over 40 key stakeholders" in page
    folded = page.casefold()
    for word in ("illustrative", "demo session"):  # not in a label, a note or the data
        assert word not in folded, word
