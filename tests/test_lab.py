"""The workbook's notebooks in a real JupyterLab, driven through Debian's Chromium."""

from __future__ import annotations

import datetime as dt
import json
import time
from typing import Any

import pytest

from .jupyterlab import RESULTS_JS, Lab, LabProject

pytestmark = pytest.mark.browser

DATA_CHECK = "notebooks/00-data-check.ipynb"


def test_data_check_runs_in_jupyterlab(
    jupyter_lab: Lab, lab_page: Any, lab_project: LabProject
) -> None:
    notebook = json.loads((lab_project.root / DATA_CHECK).read_text(encoding="utf-8"))
    code_cells = sum(cell["cell_type"] == "code" for cell in notebook["cells"])

    jupyter_lab.open_notebook(lab_page, DATA_CHECK)
    assert [env.get("HOPE_DATA") for env in jupyter_lab.kernel_environments()] == [
        lab_project.env["HOPE_DATA"]
    ]
    jupyter_lab.run_all(lab_page)
    shot = jupyter_lab.screenshot(lab_page, "lab-00-data-check")
    print(f"JupyterLab timings: {jupyter_lab.timings}; screenshot {shot}")

    assert jupyter_lab.execution_counts(lab_page) == list(range(1, code_cells + 1))
    assert jupyter_lab.error_outputs(lab_page) == []
    outputs = jupyter_lab.output_text(lab_page)
    assert "All files are valid." in outputs
    assert "First exchange workshop" in outputs  # the sessions table, by title
    for raw in ("NaN", "nan", "False", "()"):  # words for people, empty cells for unknowns
        assert f"\t{raw}\t" not in outputs and f"\t{raw}\n" not in outputs
    assert jupyter_lab.kernel_status(lab_page) == "idle"


COMPARISON = "notebooks/02-comparison-session.ipynb"


def _ratings(lab_project: LabProject) -> Any:
    from hopelib.store import open_store

    with open_store(lab_project.env["HOPE_STORE"], lab_project.env["HOPE_DATA"]) as store:
        return store.ratings("demo-1")


def test_comparison_workshop_in_jupyterlab(
    jupyter_lab: Lab, lab_page: Any, lab_project: LabProject, tmp_path: Any
) -> None:
    page = jupyter_lab
    jupyter_lab.open_notebook(lab_page, COMPARISON)
    run_all = jupyter_lab.run_all(lab_page)
    assert jupyter_lab.error_outputs(lab_page) == []
    assert None not in jupyter_lab.execution_counts(lab_page)
    lab_page.wait_for_selector(".hope-rating-panel .hope-score-relevance input", timeout=60_000)
    assert "illustrative" in lab_page.locator(".hope-banner").inner_text()
    before = lab_page.evaluate(RESULTS_JS)

    # A participant rates a practice through the widgets and saves.
    panel = lab_page.locator(".hope-rating-panel")
    panel.locator(".hope-participant input").fill("Lab Tester")
    panel.locator(".hope-partner select").select_option(label="Maribor")
    scores = {"relevance": "4", "evidence": "3", "transferability": "5"}
    for criterion, score in scores.items():
        panel.locator(f".hope-score-{criterion} input").fill(score)
    started = time.monotonic()
    panel.locator("button.hope-save-rating").click()
    lab_page.wait_for_function(
        f"before => {{ const now = ({RESULTS_JS})(); return now !== null && now !== before; }}",
        arg=before,
        timeout=30_000,
    )
    save_to_chart = time.monotonic() - started
    message = panel.locator(".hope-rating-message").inner_text()
    assert "Saved for Lab Tester (Maribor)" in message
    ratings = _ratings(lab_project)
    assert sorted(zip(ratings["criterion"], ratings["score"].astype(str), strict=True)) == sorted(
        scores.items()
    )
    assert set(ratings["participant"]) == {"lab tester"} and set(ratings["partner"]) == {"maribor"}
    assert set(ratings["practice"]) == {"work-try-out-workshop"}
    jupyter_lab.screenshot(lab_page, "lab-02-saved")

    # A score outside the scale: a visible message beside the control, nothing saved.
    for criterion in scores:
        panel.locator(f".hope-score-{criterion} input").fill("")
    panel.locator(".hope-score-relevance input").fill("9")
    panel.locator("button.hope-save-rating").click()
    error = panel.locator(".hope-error-relevance")
    error.locator(".hope-message").wait_for(timeout=30_000)
    assert "outside the scale" in error.inner_text()
    assert error.is_visible()
    assert "Nothing was saved" in panel.locator(".hope-rating-message").inner_text()
    assert len(_ratings(lab_project)) == len(scores)
    jupyter_lab.screenshot(lab_page, "lab-02-refused")

    # The facilitator imports a CSV with one bad row: the report names it; confirm saves.
    sheet = tmp_path / "scores.csv"
    sheet.write_text(
        "participant,partner,practice,relevance,evidence\n"
        "Room 1,seinajoki,sociolab,4,5\n"
        "Room 2,derry-strabane,sociolab,12,3\n",
        encoding="utf-8",
    )
    grid = lab_page.locator(".hope-grid-panel")
    with lab_page.expect_file_chooser() as chooser:
        grid.locator(".hope-grid-upload").first.click()
    chooser.value.set_files(str(sheet))
    grid.locator("button.hope-grid-preview").click()
    report = grid.locator(".hope-grid-report")
    report.locator(".hope-grid-summary").wait_for(timeout=30_000)
    text = report.inner_text()
    # A row is all or nothing: Room 2's evidence waits with its wrong relevance.
    assert "2 score(s) ready to save, 1 rejected." in text
    assert "line 3: score: 12 is outside the scale of relevance" in text
    assert len(_ratings(lab_project)) == len(scores)  # nothing before Confirm
    grid.locator("button.hope-grid-confirm").click()
    report.locator(".hope-ok").wait_for(timeout=30_000)
    assert len(_ratings(lab_project)) == len(scores) + 2
    jupyter_lab.screenshot(lab_page, "lab-02-imported")

    # The language switch relabels everything live, the results chart included.
    from hopelib.i18n import _, language

    with language("fi"):
        finnish = _("Scores by practice and criterion")
        save_fi = _("Save")
    assert finnish != "Scores by practice and criterion"
    lab_page.locator(".hope-language button", has_text="Suomi").click()
    lab_page.wait_for_function(
        "title => [...document.querySelectorAll('.hope-results .js-plotly-plot')]"
        ".some(p => p.layout && p.layout.title && p.layout.title.text === title)",
        arg=finnish,
        timeout=30_000,
    )
    assert lab_page.locator("button.hope-save-rating").inner_text().strip() == save_fi
    jupyter_lab.screenshot(lab_page, "lab-02-suomi")
    print(f"Run All {run_all:.1f} s; Save → updated chart {save_to_chart:.2f} s")
    assert page is jupyter_lab


def test_catalogue_map_point_opens_the_card(jupyter_lab: Lab, lab_page: Any) -> None:
    blocked: list[str] = []  # everything but the lab itself: the map must not need a CDN
    local = ("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:", "about:")
    lab_page.route(
        lambda url: not url.startswith(local),
        lambda route: (blocked.append(route.request.url), route.abort()),
    )
    jupyter_lab.open_notebook(lab_page, "notebooks/01-catalogue.ipynb")
    jupyter_lab.run_all(lab_page)
    assert jupyter_lab.error_outputs(lab_page) == []
    points = lab_page.locator(".hope-map .scattergeo .point")
    points.first.wait_for(timeout=60_000)
    assert points.count() == 14  # every practice of the catalogue has a location
    assert lab_page.locator(".hope-map .geo .countries path, .hope-map .geo .land path").count()
    target = points.last
    target.scroll_into_view_if_needed()
    target.hover(force=True)
    target.click(force=True)
    card = lab_page.locator(".hope-catalogue .hope-card h3")
    card.wait_for(timeout=30_000)
    assert card.inner_text().strip()
    jupyter_lab.screenshot(lab_page, "lab-01-map-card")
    assert [url for url in blocked if "plot.ly" in url or "topojson" in url] == []


def test_follow_up_in_jupyterlab(
    jupyter_lab: Lab, lab_page: Any, lab_project: LabProject, tmp_path: Any
) -> None:
    """Between workshops: a partner moves an earlier action on and revises its plan."""
    import nbformat

    from hopelib.store import load_records, open_store

    # Its own store with the demo series, so the other tests' store stays as they expect.
    store_path = str(tmp_path / "follow-up.sqlite")
    data = lab_project.root / "data"
    with open_store(store_path, data) as store:
        for session in ("demo-1", "demo-2", "demo-3"):
            load_records(store, data / "sessions" / session / "records")
        earlier = store.followed_actions("demo-3")
    book = nbformat.read(lab_project.root / "notebooks" / "05-follow-up.ipynb", as_version=4)
    parameters = next(c for c in book.cells if "parameters" in c.metadata.get("tags", []))
    parameters.source += f"\nstore = {store_path!r}"
    relpath = "notebooks/05-follow-up-lab.ipynb"
    nbformat.write(book, lab_project.root / relpath)

    jupyter_lab.open_notebook(lab_page, relpath)
    jupyter_lab.run_all(lab_page)
    assert jupyter_lab.error_outputs(lab_page) == []
    table = lab_page.locator(".hope-since-last table")
    table.wait_for(timeout=60_000)
    assert table.locator("tbody tr").count() == len(earlier)
    assert table.locator(".hope-overdue").count() == int(
        (earlier["status"].isin(["open", "doing"]) & (earlier["due"] < dt.date(2025, 9, 16))).sum()
    )

    # Derry & Strabane closes one of its open actions with a note.
    target = earlier[(earlier["partner"] == "derry-strabane") & (earlier["status"] != "done")]
    action = target.iloc[-1]
    panel = lab_page.locator(".hope-since-last-panel")
    panel.locator(".hope-participant input").fill("Derry Lab")
    panel.locator(".hope-partner select").select_option(label="Derry & Strabane")
    label = f"{action['session']} · Derry & Strabane: {action['text']} ({action['status']})"
    panel.locator(".hope-follow-up-action select").select_option(label=label)
    panel.locator(".hope-follow-up-status button", has_text="done").click()
    panel.locator(".hope-follow-up-note input").fill("Closed in the lab")
    panel.locator("button.hope-update-status").click()
    panel.locator(".hope-follow-up-message .hope-ok").wait_for(timeout=30_000)
    lab_page.wait_for_function(
        "() => document.querySelector('.hope-since-last').innerText.includes('Closed in the lab')",
        timeout=30_000,
    )
    with open_store(store_path, data) as store:
        now = store.followed_actions("demo-3").set_index("id").loc[action["id"]]
    assert (now["status"], now["status_note"], now["status_session"]) == (
        "done",
        "Closed in the lab",
        "demo-3",
    )
    jupyter_lab.screenshot(lab_page, "lab-05-status")

    # Its transfer plan opens at its latest version; a revision is version 3.
    plans = lab_page.locator(".hope-plan-panel")
    keep = plans.locator(".hope-plan-keep textarea")
    lab_page.wait_for_function(
        "() => (document.querySelector('.hope-plan-panel .hope-plan-keep textarea') || {})"
        ".value?.startsWith('Illustrative')",
        timeout=30_000,
    )
    assert "case manager" in keep.input_value()
    plans.locator(".hope-plan-first-steps textarea").fill("Recruit two case managers")
    plans.locator("button.hope-save-plan").click()
    plans.locator(".hope-plan-message .hope-ok").wait_for(timeout=30_000)
    assert "version 3" in plans.locator(".hope-plan-message").inner_text()
    assert plans.locator(".hope-plan-history li").count() == 3
    with open_store(store_path, data) as store:
        plan = store.transfer_plans("demo-3", partner="derry-strabane").iloc[0]
    assert (plan["version"], plan["first_steps"]) == (3, "Recruit two case managers")
    jupyter_lab.screenshot(lab_page, "lab-05-plan")
