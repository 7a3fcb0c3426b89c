"""The workbook's notebooks in a real JupyterLab, driven through Debian's Chromium."""

from __future__ import annotations

import datetime as dt
import json
import re
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
#: The page a facilitator shares: the notebook after Run All, at most this tall (px).
MAX_PAGE_PX = 2000
VIEWPORT = {"width": 1500, "height": 1000}
TABS = [
    "Session",
    "Agenda",
    "Rate",
    "Grid import",
    "Interest & notes",
    "Actions",
    "My entries",
    "Results",
    "Export",
]
FOLLOW_UP_TABS = ["Session", "Since the last workshop", "Transfer plans", "Export"]

# Every label a person reads in the visible console: descriptions, buttons, toggles, tab
# titles, check boxes, dropdown and list options, and (separately) whether it is cut short.
_LABELS_JS = """
() => {
  const shown = (el) => el.offsetParent !== null;
  const picked = [...document.querySelectorAll(
    '.hope-console .widget-label, .hope-console .widget-label-basic, ' +
    '.hope-console button, .hope-console .lm-TabBar-tab, .hope-console label, ' +
    '.hope-console option'
  )].filter((el) => el.tagName === 'OPTION' || shown(el));
  return picked.map((el) => ({
    text: (el.innerText || el.textContent || '').trim(),
    cut: el.tagName !== 'OPTION' && el.scrollWidth > el.clientWidth + 1,
  })).filter((x) => x.text);
}
"""


def _ratings(lab_project: LabProject, session: str = "demo-1") -> Any:
    from hopelib.store import open_store

    with open_store(lab_project.env["HOPE_STORE"], lab_project.env["HOPE_DATA"]) as store:
        return store.ratings(session), store.withdrawals(session), store.actions(session)


class Clicks:
    """Clicks on the page, counted (the facilitator's demo path, for the closing note)."""

    def __init__(self, page: Any) -> None:
        self.page, self.count = page, 0

    def click(self, locator: Any, **options: Any) -> None:
        self.count += 1
        locator.click(**options)

    def tab(self, title: str) -> None:
        tab = self.page.locator(".hope-tabs .lm-TabBar-tab").filter(
            has=self.page.locator(
                ".lm-TabBar-tabLabel", has_text=re.compile(f"^{re.escape(title)}$")
            )
        )
        self.click(tab)
        tab.and_(self.page.locator(".lm-mod-current")).wait_for(timeout=30_000)


def english_labels(lang: str) -> dict[str, str]:
    """Interface strings whose *lang* text differs from the English: English → translation."""
    from babel.messages.pofile import read_po

    from .conftest import PROJECT

    path = PROJECT / "hopelib" / "locales" / lang / "LC_MESSAGES" / "hopelib.po"
    with path.open("rb") as handle:
        catalogue = read_po(handle)
    return {
        m.id: m.string
        for m in catalogue
        if isinstance(m.id, str) and m.id and m.string and m.string != m.id and len(m.id) > 2
    }


def untranslated(page: Any, lang: str) -> list[str]:
    """Labels in the visible console that are English interface strings (not in *lang*)."""
    english = english_labels(lang)
    return sorted({x["text"] for x in page.evaluate(_LABELS_JS) if x["text"] in english})


def cut_short(page: Any) -> list[str]:
    """Labels in the visible console that are truncated (wider than their box)."""
    return sorted({x["text"] for x in page.evaluate(_LABELS_JS) if x["cut"]})


def test_comparison_console_in_jupyterlab(
    jupyter_lab: Lab, lab_page: Any, lab_project: LabProject, tmp_path: Any
) -> None:
    """The demo path of a workshop through the console's tabs, without scrolling the page."""
    page, lab = lab_page, jupyter_lab
    page.set_viewport_size(VIEWPORT)
    lab.open_notebook(page, COMPARISON)
    run_all = lab.run_all(page)
    assert lab.error_outputs(page) == []
    assert None not in lab.execution_counts(page)
    page.locator(".hope-tabs .lm-TabBar-tab").first.wait_for(timeout=60_000)
    height = lab.notebook_height(page)
    assert height <= MAX_PAGE_PX, f"the notebook is {height} px tall after Run All"
    assert "illustrative" in page.locator(".hope-banner").inner_text()
    clicks = Clicks(page)
    heights = {}

    # Rate: a participant rates a practice; the Results tab changes.
    clicks.tab("Results")
    page.locator(".hope-results .js-plotly-plot").first.wait_for(timeout=60_000)
    before = page.evaluate(RESULTS_JS)
    clicks.tab("Rate")
    panel = page.locator(".hope-rating-panel")
    clicks.click(panel.locator(".hope-participant input"))
    panel.locator(".hope-participant input").fill("Lab Tester")
    panel.locator(".hope-partner select").select_option(label="Maribor")
    clicks.count += 1
    scores = {"relevance": "4", "evidence": "3", "transferability": "5"}
    for criterion, score in scores.items():
        clicks.click(panel.locator(f".hope-score-{criterion} input"))
        panel.locator(f".hope-score-{criterion} input").fill(score)
    clicks.click(panel.locator("button.hope-save-rating"))
    panel.locator(".hope-rating-message .hope-ok").wait_for(timeout=30_000)
    assert "Saved for Lab Tester (Maribor)" in panel.locator(".hope-rating-message").inner_text()
    heights["Rate"] = lab.notebook_height(page)
    clicks.tab("Results")
    page.wait_for_function(
        f"before => {{ const now = ({RESULTS_JS})(); return now !== null && now !== before; }}",
        arg=before,
        timeout=30_000,
    )
    ratings, _withdrawn, _actions = _ratings(lab_project)
    assert sorted(zip(ratings["criterion"], ratings["score"].astype(str), strict=True)) == sorted(
        scores.items()
    )
    lab.screenshot(page, "console-en-results")

    # Grid import: a half-bad row keeps Confirm off until "valid rows only" is ticked.
    sheet = tmp_path / "scores.csv"
    sheet.write_text(
        "participant,partner,practice,relevance,evidence\n"
        "Room 1,seinajoki,sociolab,4,5\n"
        "Room 2,derry-strabane,sociolab,12,3\n",
        encoding="utf-8",
    )
    clicks.tab("Grid import")
    grid = page.locator(".hope-grid-panel")
    with page.expect_file_chooser() as chooser:
        clicks.click(grid.locator(".hope-grid-upload").first)
    chooser.value.set_files(str(sheet))
    clicks.click(grid.locator("button.hope-grid-preview"))
    report = grid.locator(".hope-grid-report")
    report.locator(".hope-grid-summary").wait_for(timeout=30_000)
    text = report.inner_text()
    assert "1 row ready, 1 row rejected: 1 problem." in text
    assert "line 3: Score: 12 is outside the scale of relevance" in text
    confirm = grid.locator("button.hope-grid-confirm")
    assert confirm.is_disabled()
    clicks.click(grid.locator(".hope-grid-valid-only input"))
    page.wait_for_function(
        "() => !document.querySelector('.hope-grid-panel button.hope-grid-confirm').disabled",
        timeout=30_000,
    )
    clicks.click(confirm)
    report.locator(".hope-ok").wait_for(timeout=30_000)
    assert (
        "Room 2,derry-strabane,sociolab,12,3"
        in grid.locator(".hope-grid-paste textarea").input_value()
    )
    assert len(_ratings(lab_project)[0]) == len(scores) + 2
    heights["Grid import"] = lab.notebook_height(page)
    lab.screenshot(page, "console-en-grid-import")

    # Interest and a note, then an action point.
    clicks.tab("Interest & notes")
    interest = page.locator(".hope-interest-panel")
    clicks.click(interest.locator(".hope-level button", has_text="adapt"))
    clicks.click(interest.locator("button.hope-save-interest"))
    interest.locator(".hope-interest-message .hope-ok").wait_for(timeout=30_000)
    notes = page.locator(".hope-notes-panel")
    clicks.click(notes.locator(".hope-note-text textarea"))
    notes.locator(".hope-note-text textarea").fill("Ask Maribor for the training plan")
    clicks.click(notes.locator("button.hope-save-note"))
    notes.locator(".hope-note-message .hope-ok").wait_for(timeout=30_000)
    heights["Interest & notes"] = lab.notebook_height(page)
    clicks.tab("Actions")
    actions = page.locator(".hope-actions-panel")
    assert actions.locator(".hope-visibility").count() == 0  # actions have no visibility
    clicks.click(actions.locator(".hope-action-text textarea"))
    actions.locator(".hope-action-text textarea").fill("Send the try-out checklist")
    clicks.click(actions.locator("button.hope-save-action"))
    actions.locator(".hope-action-message .hope-ok").wait_for(timeout=30_000)
    actions.locator(".hope-action-list li", has_text="Send the try-out checklist").wait_for(
        timeout=30_000
    )
    heights["Actions"] = lab.notebook_height(page)

    # My entries: one line per thing; a whole rating, then the action, withdrawn.
    clicks.tab("My entries")
    entries = page.locator(".hope-entries-panel")
    clicks.click(entries.locator("button.hope-show-entries"))
    listing = entries.locator(".hope-entries select")
    page.wait_for_function(
        "() => document.querySelectorAll('.hope-entries-panel .hope-entries option').length === 4"
    )
    options = [o.replace("\xa0", " ") for o in listing.locator("option").all_inner_texts()]
    rating = next(o for o in options if o.startswith("Rating"))
    assert "Relevance 4" in rating and "work-try-out" not in rating  # labels, not ids
    for label in (rating, next(o for o in options if o.startswith("Action point"))):
        now = [o.replace("\xa0", " ") for o in listing.locator("option").all_inner_texts()]
        listing.select_option(index=now.index(label))
        clicks.count += 1
        clicks.click(entries.locator("button.hope-withdraw"))
        clicks.click(entries.locator("button.hope-withdraw-yes"))
        entries.locator(".hope-entries-message .hope-ok").wait_for(timeout=30_000)
        page.wait_for_function(
            "label => ![...document.querySelectorAll('.hope-entries-panel option')]"
            ".some(o => o.textContent.replaceAll('\\u00a0', ' ') === label)",
            arg=label,
        )
    ratings, withdrawn, stored_actions = _ratings(lab_project)
    assert len(withdrawn) == len(scores) + 1 and stored_actions.empty
    heights["My entries"] = lab.notebook_height(page)
    lab.screenshot(page, "console-en-my-entries")

    # Every tab, in every language: screenshots, no English label, nothing cut short.
    problems: dict[str, list[str]] = {}
    for lang, switch in (("en", "English"), ("fi", "Suomi"), ("sl", "Slovenščina")):
        if lang != "en":
            page.locator(".hope-language button", has_text=switch).click()
            page.wait_for_function(
                "title => [...document.querySelectorAll('.hope-tabs .lm-TabBar-tabLabel')]"
                ".some(t => t.textContent === title)",
                arg=english_labels(lang)["My entries"],
                timeout=30_000,
            )
        titles = page.locator(".hope-tabs .lm-TabBar-tabLabel").all_inner_texts()
        for index, name in enumerate(TABS):
            tab = page.locator(".hope-tabs .lm-TabBar-tab").nth(index)
            tab.click()
            tab.and_(page.locator(".lm-mod-current")).wait_for(timeout=30_000)
            if lang == "en":
                heights.setdefault(name, lab.notebook_height(page))
            if name == "Session":  # the new-session form too: open it
                header = page.locator(".hope-session-panel [class*='Collapse-header']").first
                if not page.locator(".hope-create-session").is_visible():  # rebuilt closed
                    header.click()
                page.locator(".hope-create-session").wait_for(timeout=30_000)
            lab.screenshot(page, f"console-{lang}-{index + 1}-{name}")
            if lang != "en":
                problems.update(
                    {f"{lang} {titles[index]}: {t}": [] for t in untranslated(page, lang)}
                )
            problems.update(
                {f"{lang} {titles[index]}: cut short: {t}": [] for t in cut_short(page)}
            )
    assert list(problems) == []
    assert max(heights.values()) <= MAX_PAGE_PX, heights

    # Export: progress per partner from the start, then a link per report.
    page.locator(".hope-language button", has_text="English").click()
    clicks.tab("Export")
    clicks.click(page.locator("button.hope-export"))
    page.locator(".hope-export-progress .hope-progress-working").first.wait_for(timeout=30_000)
    page.locator(".hope-export-links a").first.wait_for(timeout=600_000)
    links = page.locator(".hope-export-links a")
    assert links.count() == 5 and "Maribor" in links.all_inner_texts()
    assert page.locator(".hope-export-progress .hope-progress-done").count() == 4
    assert (lab_project.root / "exports" / "demo-1" / "maribor.html").is_file()
    lab.screenshot(page, "console-en-export")
    clicks.click(links.filter(has_text="Maribor"))  # JupyterLab opens the report in a tab
    page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab", has_text="maribor.html").wait_for(
        timeout=60_000
    )
    lab.screenshot(page, "console-en-report-opened")
    print(
        f"Run All {run_all:.1f} s; page {height} px after Run All; tallest tab "
        f"{max(heights.values())} px {heights}; {clicks.count} clicks on the demo path"
    )


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

    lab_page.set_viewport_size(VIEWPORT)
    jupyter_lab.open_notebook(lab_page, relpath)
    jupyter_lab.run_all(lab_page)
    assert jupyter_lab.error_outputs(lab_page) == []
    lab_page.locator(".hope-tabs .lm-TabBar-tab").first.wait_for(timeout=60_000)
    height = jupyter_lab.notebook_height(lab_page)
    assert height <= MAX_PAGE_PX, f"05 is {height} px tall after Run All"
    clicks = Clicks(lab_page)
    clicks.tab("Since the last workshop")
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
    from hopelib.catalogue import load_session

    title = load_session(str(action["session"]), data).title["en"]
    label = f"{title}: {action['text']} ({action['status']})"
    chooser = panel.locator(".hope-follow-up-action select")
    chooser.select_option(label=label)
    texts = [o.replace("\xa0", " ") for o in chooser.locator("option").all_inner_texts()]
    titles = {s: load_session(s, data).title["en"] for s in set(earlier["session"])}
    derry = earlier[earlier["partner"] == "derry-strabane"]
    assert sorted(texts) == sorted(  # the chosen partner's actions only
        f"{titles[r['session']]}: {r['text']} ({r['status']})" for r in derry.to_dict("records")
    )
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
    clicks.tab("Transfer plans")
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
    heights = {}
    for lang, switch in (("en", "English"), ("fi", "Suomi"), ("sl", "Slovenščina")):
        if lang != "en":
            lab_page.locator(".hope-language button", has_text=switch).click()
            lab_page.wait_for_function(
                "title => [...document.querySelectorAll('.hope-tabs .lm-TabBar-tabLabel')]"
                ".some(t => t.textContent === title)",
                arg=english_labels(lang)["Transfer plans"],
                timeout=30_000,
            )
        for index, name in enumerate(FOLLOW_UP_TABS):
            tab = lab_page.locator(".hope-tabs .lm-TabBar-tab").nth(index)
            tab.click()
            tab.and_(lab_page.locator(".lm-mod-current")).wait_for(timeout=30_000)
            heights[f"{lang} {name}"] = jupyter_lab.notebook_height(lab_page)
            jupyter_lab.screenshot(lab_page, f"follow-up-{lang}-{index + 1}-{name}")
            if lang != "en":
                assert untranslated(lab_page, lang) == [], (lang, name)
            assert cut_short(lab_page) == [], (lang, name)
    print(f"05: page {height} px after Run All; per tab {heights}")
    assert max(heights.values()) <= MAX_PAGE_PX, heights
