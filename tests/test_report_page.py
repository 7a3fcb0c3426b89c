"""The exported report as a page (#26): light, offline, valid, printable, readable on a phone.

One export of ``demo-1`` (every partner, with PDFs) is opened in Debian's Chromium with the
network blocked: on screen, at phone width, in print emulation, and as PDF through poppler's
``pdftotext``; the W3C Nu HTML checker reads one report.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from hopelib.catalogue import load_partners, load_session
from hopelib.cli import main
from hopelib.compare import partner_names
from hopelib.errors import ExportError
from hopelib.export import export_session
from hopelib.i18n import _, language
from hopelib.store import load_records, open_store

from .conftest import CHROMIUM, PROJECT, require

pytestmark = pytest.mark.browser

SESSION = "demo-1"
DATA = PROJECT / "data"
ARTIFACTS = PROJECT / "test-artifacts"
NODE_MODULES = PROJECT / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
MAX_BYTES = 2_000_000
#: A4 less report.css's margins (18 + 14 mm high, 14 + 14 mm wide), in CSS px.
PAGE_WIDTH, PAGE_HEIGHT = 688, 1001

#: Every SVG text of every chart whose box leaves its chart's box: [chart, text, box].
CLIPPED_TEXT = """() => [...document.querySelectorAll('.js-plotly-plot')].flatMap((gd, i) => {
  const box = gd.getBoundingClientRect();
  return [...gd.querySelectorAll('svg text')]
    .filter(t => t.textContent.trim())
    .map(t => [t.textContent, t.getBoundingClientRect()])
    .filter(([_, r]) => r.width > 0 && (r.left < box.left - 1 || r.right > box.right + 1
                                       || r.top < box.top - 1 || r.bottom > box.bottom + 1))
    .map(([text, r]) => [i, text, [r.left, r.top, r.right, r.bottom].map(Math.round)]);
})"""


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Export every partner's report of demo-1, with PDFs, from its archived records."""
    require(CHROMIUM.exists(), "Debian's Chromium (/usr/bin/chromium)")
    root = tmp_path_factory.mktemp("demo")
    store = str(root / "store.sqlite")
    with open_store(store, DATA) as opened:
        load_records(opened, DATA / "sessions" / SESSION / "records")
    paths = export_session(SESSION, data_dir=DATA, store=store, out=root / "out", progress=False,
                           pdf=True)  # fmt: skip
    partners = load_partners(DATA)
    return {
        "root": root,
        "paths": paths,
        "html": {p.stem: p for p in paths if p.suffix == ".html" and p.stem != "index"},
        "pdf": {p.stem: p for p in paths if p.suffix == ".pdf"},
        "lang": {p: str(partners.loc[p, "language"]) for p in load_session(SESSION, DATA).partners},
        "names": partner_names(partners),
    }


def _open(page: Any, path: Path) -> None:
    page.goto(path.as_uri())
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
    page.wait_for_selector("html[data-charts-fitted=yes]", timeout=60_000)


def test_each_report_is_light_with_its_language_and_a_human_title(demo: dict[str, Any]) -> None:
    assert sorted(demo["html"]) == sorted(demo["lang"])
    for partner, path in demo["html"].items():
        page = path.read_text(encoding="utf-8")
        assert path.stat().st_size <= MAX_BYTES, f"{path.name}: {path.stat().st_size} bytes"
        lang = demo["lang"][partner]
        assert f'<html lang="{lang}">' in page
        found = re.search(r"<title>(.*?)</title>", page)
        assert found is not None
        title = html.unescape(found.group(1))
        assert title.startswith(f"HOPE · {demo['names'][partner]} · ")
        assert "(illustrative)" in title and SESSION not in title
        assert page.count("plotly.js v") == 1
        assert "--jp-" not in page  # no JupyterLab stylesheet
        assert page.count("<style") == page.split("</head>")[0].count("<style")  # all in head


def test_reports_paint_offline_without_errors_and_axe_finds_nothing(
    demo: dict[str, Any], offline_page: Any
) -> None:
    require(AXE.is_file(), "axe-core (node_modules: npm ci)")
    ARTIFACTS.mkdir(exist_ok=True)
    for partner, path in demo["html"].items():
        _open(offline_page, path)
        painted = offline_page.evaluate(
            "() => [...document.querySelectorAll('.js-plotly-plot')]"
            ".map(gd => !!gd.querySelector('.main-svg') && gd._fullLayout !== undefined)"
        )
        assert painted and all(painted), f"{partner}: {painted}"
        offline_page.add_script_tag(path=str(AXE))
        result = offline_page.evaluate(
            "() => axe.run(document, {runOnly: {type: 'tag', values: "
            "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
        )
        violations = [(v["id"], [n["target"] for n in v["nodes"]]) for v in result["violations"]]
        assert violations == [], f"{partner}: {violations}"
        offline_page.screenshot(path=str(ARTIFACTS / f"report-{partner}.png"), full_page=True)
    assert offline_page.requests == []
    assert offline_page.console_errors == []


def test_charts_look_as_with_the_full_plotly_js(demo: dict[str, Any], chromium: Any) -> None:
    from plotly.offline import get_plotlyjs

    from hopelib.charts import plotly_javascript

    ARTIFACTS.mkdir(exist_ok=True)
    light = demo["html"]["maribor"]
    page = light.read_text(encoding="utf-8")
    ours = plotly_javascript()
    assert page.count(ours) == 1
    full = demo["root"] / "maribor-full-plotly.html"
    full.write_text(page.replace(ours, get_plotlyjs()), encoding="utf-8")
    shots: dict[str, list[bytes]] = {}
    for name, path in (("before", full), ("after", light)):
        tab = chromium.new_page(viewport={"width": 1200, "height": 900})
        _open(tab, path)
        shots[name] = []
        for i, chart in enumerate(tab.query_selector_all(".js-plotly-plot")):
            chart.scroll_into_view_if_needed()
            shot = chart.screenshot(
                path=str(ARTIFACTS / f"chart-{i}-{name}.png"), animations="disabled"
            )
            shots[name].append(shot)
        tab.close()
    assert len(shots["after"]) == len(shots["before"]) >= 8
    differ = [
        i for i, (a, b) in enumerate(zip(shots["before"], shots["after"], strict=True)) if a != b
    ]
    assert differ == [], f"charts drawn differently with the reports' plotly.js: {differ}"


def test_at_phone_width_no_chart_clips_its_text(demo: dict[str, Any], chromium: Any) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    for partner, path in demo["html"].items():
        tab = chromium.new_page(viewport={"width": 390, "height": 844})
        _open(tab, path)
        assert tab.evaluate(CLIPPED_TEXT) == [], partner
        wide = tab.evaluate("() => document.documentElement.scrollWidth")
        assert wide <= 390, f"{partner}: the page scrolls sideways ({wide} px)"
        tab.screenshot(path=str(ARTIFACTS / f"phone-{partner}.png"), full_page=True)
        tab.close()


def test_printed_heatmaps_and_rankings_fit_their_page(demo: dict[str, Any], chromium: Any) -> None:
    for partner, path in demo["html"].items():
        tab = chromium.new_page(viewport={"width": PAGE_WIDTH, "height": 1000})
        _open(tab, path)
        tab.emulate_media(media="print")
        tab.evaluate("async () => { await window.hopeFitCharts(); }")
        charts = tab.evaluate(
            "() => [...document.querySelectorAll('.js-plotly-plot')].map(gd => {"
            "  const r = gd.getBoundingClientRect();"
            "  return [gd._fullData.map(t => t.type).join(','), r.left, r.right, r.height]; })"
        )
        drawn = [c for c in charts if c[0] in ("heatmap", "bar")][:4]  # scores, then ranking
        assert [c[0] for c in drawn] == ["heatmap", "heatmap", "bar", "bar"], charts
        for kind, left, right, height in drawn:
            assert left >= -1 and right <= PAGE_WIDTH + 1, (partner, kind, left, right)
            assert height <= PAGE_HEIGHT, (partner, kind, height)
        assert tab.evaluate(CLIPPED_TEXT) == [], partner
        tab.close()


def _pdf_pages(pdf: Path) -> list[str]:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    pages = int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M).group(1))  # type: ignore[union-attr]
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    parts = text.split("\f")
    return parts[:pages]


def test_pdfs_have_no_blank_page_and_text_in_the_partners_language(demo: dict[str, Any]) -> None:
    require(shutil.which("pdftotext") is not None, "poppler-utils (pdftotext)")
    counts = {}
    for partner, pdf in demo["pdf"].items():
        assert pdf.read_bytes().startswith(b"%PDF")
        pages = _pdf_pages(pdf)
        counts[partner] = len(pages)
        blank = [n + 1 for n, text in enumerate(pages) if not text.strip()]
        assert blank == [], f"{partner}: blank pages {blank}"
        lang = demo["lang"][partner]
        with language(lang):
            scores, ranking = _("Scores"), _("Ranking")
        text = "\n".join(pages)
        assert scores in text and ranking in text, partner
        assert demo["names"][partner] in pages[0]  # the header names the partner on page 1
        assert all(demo["names"][partner] in page for page in pages)  # … and every page
        if lang != "en":
            assert "Scores" not in text and "Ranking" not in text, partner
    print(f"PDF pages per partner: {counts}", file=sys.stderr)


def test_the_nu_html_checker_finds_no_error(demo: dict[str, Any]) -> None:
    require(VNU.is_file(), "the Nu HTML checker (node_modules/vnu-jar: npm ci)")
    require(shutil.which("java") is not None, "Java (the Nu HTML checker runs on it)")
    report = demo["html"]["maribor"]
    run = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", str(report)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    messages = json.loads(run.stderr or run.stdout or '{"messages": []}')["messages"]
    remaining = [
        f"{m.get('type')}: {m.get('message')} ({m.get('extract', '')[:60]!r})" for m in messages
    ]
    assert remaining == [], "\n".join(remaining)


def test_a_language_without_interface_texts_is_refused_at_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(ExportError, match=r"lang: de .*en, fi, sl"):
        export_session(SESSION, data_dir=DATA, out=tmp_path, progress=False, lang="de")
    assert list(tmp_path.iterdir()) == []
    assert main(["export", SESSION, "--lang", "de", "--out", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "--lang de" in err and "en, fi, sl" in err
    assert "\x1b[" not in err  # no raw terminal colour codes
    assert list(tmp_path.iterdir()) == []


def test_pdf_without_playwright_or_chromium_is_said_before_any_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOPE_CHROMIUM", str(tmp_path / "no-chromium"))
    with pytest.raises(ExportError, match=r"^pdf: printing to PDF needs Chromium at .*no-chromium"):
        export_session(SESSION, data_dir=DATA, out=tmp_path / "out", progress=False, pdf=True)
    monkeypatch.delenv("HOPE_CHROMIUM")
    monkeypatch.setitem(sys.modules, "playwright.sync_api", None)
    with pytest.raises(ExportError, match=r"pip install 'hopelib\[pdf\]'"):
        export_session(SESSION, data_dir=DATA, out=tmp_path / "out", progress=False, pdf=True)
    assert not (tmp_path / "out").exists()


def test_hope_export_pdf_asks_the_export_for_pdfs(monkeypatch: pytest.MonkeyPatch) -> None:
    import hopelib.export

    asked: dict[str, Any] = {}
    monkeypatch.setattr(
        hopelib.export, "export_session", lambda *args, **kwargs: asked.update(kwargs) or []
    )
    assert main(["export", SESSION, "--pdf"]) == 0
    assert asked["pdf"] is True


def test_a_kept_kernel_forgets_the_previous_partners_variables(tmp_path: Path) -> None:
    import nbformat

    from .conftest import GOOD

    book = nbformat.v4.new_notebook()
    book.cells = [
        nbformat.v4.new_code_cell(
            "session = partner = lang = data_dir = store = None\ninclude_contacts = False",
            metadata={"tags": ["parameters"]},
        ),
        nbformat.v4.new_code_cell(
            "from IPython.display import HTML\n"
            "seen = sorted(k for k in dir() if k.startswith('seen_'))\n"
            "HTML(f'<p id=\"seen\">{partner}: {seen}</p>')"
        ),
        nbformat.v4.new_code_cell("globals()[f'seen_{partner}'] = 'PRIVATE'"),
    ]
    book.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    notebook = tmp_path / "remember.ipynb"
    nbformat.write(book, notebook)
    paths = export_session("demo-x", data_dir=GOOD, store=str(tmp_path / "s.sqlite"),
                           out=tmp_path / "out", progress=False, workers=1,
                           notebook=notebook)  # fmt: skip
    shown = [p.read_text(encoding="utf-8") for p in paths if p.stem != "index"]
    assert len(shown) == 2
    for page in shown:
        assert re.search(r'<p id="seen">\w+: \[\]</p>', page), page[-2000:]
