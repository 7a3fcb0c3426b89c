"""Widget builders: controls exist, callbacks call the plain functions, data is escaped."""

from __future__ import annotations

import html
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import ipywidgets as w
import pytest

from hopelib.widgets import Workshop, catalogue_browser

from .conftest import GOOD
from .factories import EVIL, catalogue_folder, evil_practice


def walk(widget: Any) -> Iterator[Any]:
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


def find(root: Any, css: str) -> list[Any]:
    return [x for x in walk(root) if css in getattr(x, "_dom_classes", ())]


@pytest.fixture
def workshop(tmp_path: Path) -> Any:
    ws = Workshop("demo-x", data_dir=str(GOOD), store=str(tmp_path / "store.sqlite"))
    yield ws
    ws.store.close()


def test_rating_panel_saves_and_refuses(workshop: Any) -> None:
    panel = workshop.rating_panel()
    results = workshop.results_panel()
    boxes = find(panel, "hope-score")
    assert len(boxes) == 2  # one control per criterion of the session
    workshop.participant.value, workshop.partner.value = "AK", "south"
    boxes[0].value, boxes[1].value = "4", "7"  # 7 is outside cost-effectiveness 0–3
    find(panel, "hope-save-rating")[0].click()
    assert "outside the scale" in find(panel, "hope-error-cost_effectiveness")[0].value
    assert "Nothing was saved" in find(panel, "hope-rating-message")[0].value
    assert workshop.store.ratings("demo-x").empty
    boxes[1].value = "3"
    redrawn: list[bool] = []
    redraw = workshop.refresh
    workshop.refresh = lambda: (redrawn.append(True), redraw())
    find(panel, "hope-save-rating")[0].click()
    assert redrawn == [True]  # the results follow each save
    message = find(panel, "hope-rating-message")[0].value
    assert "Saved for AK (South)" in message and "Relevance 4" in message
    assert find(panel, "hope-error-cost_effectiveness")[0].value == ""
    ratings = workshop.store.ratings("demo-x")
    assert sorted(zip(ratings["criterion"], ratings["score"], strict=True)) == [
        ("cost_effectiveness", 3),
        ("relevance", 4),
    ]
    assert boxes[0].value == ""  # ready for the next practice
    assert "Updated" in find(results, "hope-results-stamp")[0].value
    heatmap = workshop.figures()["scores"].data[0]
    assert list(heatmap.y) == ["job-path"] and heatmap.text[0][0] == "4.0"
    assert heatmap.z[0][0] == 0.75  # coloured by its share of the 1–5 scale


def test_grid_panel_previews_then_confirms(workshop: Any) -> None:
    panel = workshop.grid_panel()
    find(panel, "hope-grid-paste")[
        0
    ].value = "participant,partner,practice,relevance\nAK,north,job-path,4\nBO,north,job-path,12\n"
    find(panel, "hope-grid-preview")[0].click()
    report = find(panel, "hope-grid-report")[0].value
    assert "1 row ready, 1 row rejected: 1 problem." in report and "line 3: Score" in report
    assert workshop.store.ratings("demo-x").empty  # nothing saved before Confirm
    confirm, valid_only = (
        find(panel, "hope-grid-confirm")[0],
        find(panel, "hope-grid-valid-only")[0],
    )
    assert confirm.disabled  # a row is rejected: nothing saved unless asked for
    valid_only.value = True
    assert not confirm.disabled
    confirm.click()
    assert len(workshop.store.ratings("demo-x")) == 1 and confirm.disabled
    assert (
        "1 row saved. 1 rejected row stays in the box" in find(panel, "hope-grid-report")[0].value
    )
    assert (
        find(panel, "hope-grid-paste")[0].value
        == "participant,partner,practice,relevance\nBO,north,job-path,12\n"
    )


def test_interest_notes_entries(workshop: Any) -> None:
    workshop.participant.value, workshop.partner.value = "AK", "north"
    interest, notes, entries = (
        workshop.interest_panel(),
        workshop.notes_panel(),
        workshop.entries_panel(),
    )
    assert find(interest, "hope-level")[0].value is None  # no opinion recorded by default
    find(interest, "hope-save-interest")[0].click()
    assert workshop.store.interests("demo-x").empty
    assert "Transfer: choose a level first" in find(interest, "hope-interest-message")[0].value
    find(interest, "hope-level")[0].value = "adapt"
    find(interest, "hope-save-interest")[0].click()
    assert len(workshop.store.interests("demo-x")) == 1
    find(notes, "hope-save-note")[0].click()  # an empty note: its label, not its field id
    refused = find(notes, "hope-note-message")[0].value
    assert "Text: is empty" in refused and "text:" not in refused
    find(notes, "hope-note-text")[0].value = "<b>Remember</b>"
    find(notes, "hope-save-note")[0].click()
    assert list(workshop.store.notes("demo-x")["text"]) == ["<b>Remember</b>"]
    listing = find(entries, "hope-entries")[0]
    find(entries, "hope-withdraw")[0].click()  # nothing listed yet: it says why
    assert "Nothing to withdraw" in find(entries, "hope-entries-message")[0].value
    find(entries, "hope-show-entries")[0].click()
    assert len(listing.options) == 2 and listing.value is None
    assert listing.options[0][0] == "Note · the whole session · <b>Remember</b>"
    listing.value = listing.options[0][1]
    find(entries, "hope-withdraw")[0].click()
    confirm = find(entries, "hope-withdraw-confirm")[0]
    assert confirm.layout.display == "flex" and not workshop.store.notes("demo-x").empty
    find(entries, "hope-withdraw-yes")[0].click()
    assert workshop.store.notes("demo-x").empty and confirm.layout.display == "none"
    assert len(listing.options) == 1 and listing.value is None  # the next one is not chosen


def test_a_session_without_criteria_offers_no_rating(tmp_path: Path, data_dir: Path) -> None:
    path = data_dir / "sessions" / "demo-x" / "session.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("criteria: [relevance, cost_effectiveness]", "criteria: []"), encoding="utf-8"
    )
    ws = Workshop("demo-x", data_dir=str(data_dir), store=str(tmp_path / "s.sqlite"))
    try:
        panel = ws.rating_panel()
        assert find(panel, "hope-score") == []
        assert "has no criteria" in find(panel, "hope-no-criteria")[0].value
        assert find(panel, "hope-save-rating")[0].disabled
        ws.set_language("fi")
        panel = ws.rating_panel()
        assert "has no criteria" not in find(panel, "hope-no-criteria")[0].value  # in Finnish
    finally:
        ws.store.close()


def test_session_panel_creates_a_session(tmp_path: Path, data_dir: Path) -> None:
    ws = Workshop("demo-x", data_dir=str(data_dir), store=str(tmp_path / "s.sqlite"))
    panel = ws.session_panel()
    assert "hope-demo-banner" in find(panel, "hope-banner")[0].value
    form = next(x for x in walk(panel) if isinstance(x, w.Accordion)).children[0]
    fields = {type(x).__name__ + str(i): x for i, x in enumerate(walk(form))}
    texts = [x for x in fields.values() if isinstance(x, w.Text)]
    texts[0].value = "Spring 2026"
    find(panel, "hope-create-session")[0].click()  # the whole form is checked at once
    refused = find(panel, "hope-session-message")[0].value
    assert "The session was not created:" in refused and refused.count("<li>") == 3
    assert "<li>Id: use only lower-case letters" in refused and "<li>Title: " in refused
    assert "<li>Agenda: choose at least one practice" in refused
    assert "validate" not in refused and "session.yaml" not in refused
    texts[0].value, texts[1].value = "spring", "Spring <b>workshop</b>"
    agenda = next(
        x
        for x in walk(form)
        if isinstance(x, w.SelectMultiple) and "job-path" in dict((v, k) for k, v in x.options)
    )
    agenda.value = ("job-path",)
    find(panel, "hope-create-session")[0].click()
    assert ws.session.id == "spring"
    banner = find(panel, "hope-banner")[0].value
    assert "Spring &lt;b&gt;workshop&lt;/b&gt;" in banner and "hope-demo-banner" not in banner
    ws.store.close()


def test_catalogue_browser_filters_and_escapes(tmp_path: Path) -> None:
    folder = catalogue_folder(tmp_path, [evil_practice()])
    browser = catalogue_browser(str(folder))
    chooser = next(x for x in walk(browser) if isinstance(x, w.Select))
    assert [v for _, v in chooser.options] == ["evil"]
    chooser.value = "evil"
    html_values = " ".join(x.value for x in walk(browser) if isinstance(x, w.HTML))
    assert "<script>" not in html_values and "&lt;script&gt;" in html_values
    search = next(x for x in walk(browser) if isinstance(x, w.Text))
    search.value = "nothing like this"
    assert chooser.options == ()


def test_export_button_writes_the_reports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOPE_EXPORTS", str(tmp_path / "exports"))
    ws = Workshop("demo-x", data_dir=str(GOOD), store=str(tmp_path / "store.sqlite"))
    panel = ws.export_panel()
    find(panel, "hope-export")[0].click()
    message = find(panel, "hope-export-message")[0].value
    assert "Reports written" in message and 'class="hope-message hope-ok"' in message, message
    progress = find(panel, "hope-export-progress")[0].value
    assert progress.count("hope-progress-done") == 2 and "South" in progress
    links = find(panel, "hope-export-links")[0].outputs[0]["data"]["text/html"]
    assert links.count("<a href=") == 3 and "exports/demo-x/north.html" in links
    assert sorted(p.name for p in (tmp_path / "exports" / "demo-x").iterdir()) == [
        "index.html",
        "north.html",
        "south.html",
    ]
    ws.store.close()


def test_language_switch_relabels_every_panel(workshop: Any) -> None:
    from hopelib.i18n import _, language

    rating = workshop.rating_panel()
    results = workshop.results_panel()
    switch = workshop.language_panel()
    assert find(rating, "hope-save-rating")[0].description == "Save"
    switch.value = "sl"
    with language("sl"):
        save, empty = _("Save"), _("No ratings yet for this session.")
    assert save != "Save"
    assert find(rating, "hope-save-rating")[0].description == save  # rebuilt in place
    assert workshop.figures()["scores"].layout.annotations[0].text == html.escape(empty)
    assert find(results, "hope-refresh")  # the results panel was rebuilt too
    switch.value = "en"
    assert find(rating, "hope-save-rating")[0].description == "Save"


def test_clicking_a_point_on_the_map_opens_the_practice_card() -> None:
    from plotly.callbacks import Points

    from .conftest import PROJECT

    browser = catalogue_browser(str(PROJECT / "data"))
    live = find(browser, "hope-map")[0].children[1]
    trace = next(t for t in live.data if any(p[0] == "pitstoppi" for p in t.customdata))
    index = [p[0] for p in trace.customdata].index("pitstoppi")
    trace._dispatch_on_click(Points(point_inds=[index], trace_index=0), None)
    chooser = next(x for x in walk(browser) if isinstance(x, w.Select))
    assert chooser.value == "pitstoppi"
    card = next(x for x in walk(browser) if isinstance(x, w.HTML) and "hope-card" in x.value)
    assert "Pitstoppi" in card.value


# ------------------------------------------------------------------ escaping, from templates


def test_messages_and_tables_escape_their_text() -> None:
    import pandas as pd

    from hopelib.widgets._kit import frame_html, message_html

    line = message_html(EVIL, "error")
    assert line.startswith('<div class="hope-message hope-error" style="color:#cf222e">')
    assert "<script>" not in line and html.escape(EVIL, quote=False).replace('"', "&#34;") in line
    assert frame_html(pd.DataFrame(), "<i>none</i>") == message_html("<i>none</i>")
    table = frame_html(pd.DataFrame({"<th>": [EVIL, None], "n": [1.5, float("nan")]}), "-")
    assert "<script>" not in table and "<th>&lt;th&gt;</th>" in table
    assert table.count("<td>–</td>") == 2  # missing cells read as a dash, never NaN
    # Markup + Markup keeps both as HTML; a plain str added to Markup is escaped.
    assert "<div" in message_html("a") + message_html("b")
    assert "&lt;p&gt;" in message_html("a") + "<p>"


def test_rating_hints_escape_the_question(workshop: Any) -> None:
    criteria = [
        c.model_copy(update={"question": {"en": f'{EVIL} "quoted"'}})
        for c in workshop.taxonomy.criteria
    ]
    workshop.taxonomy = workshop.taxonomy.model_copy(update={"criteria": criteria})
    panel = workshop.rating_panel()
    hints = [x.value for x in walk(panel) if isinstance(x, w.HTML) and "hope-hint" in x.value]
    assert len(hints) == 2
    for hint in hints:
        assert "<script>" not in hint and hint.count('"') == 4  # the two attributes' quotes
        assert 'title="&lt;script&gt;alert(&#34;x&#34;)' in hint and "&#34;quoted&#34;" in hint


def test_grid_preview_escapes_what_was_pasted(workshop: Any) -> None:
    panel = workshop.grid_panel()
    find(panel, "hope-grid-paste")[0].value = (
        "participant,partner,practice,relevance\n<script>x</script>,north,job-path,4\n"
        'AK,north,"<b>job</b>",4\n'
    )
    find(panel, "hope-grid-preview")[0].click()
    report = find(panel, "hope-grid-report")[0].value
    assert "<script>" not in report and "<b>" not in report
    assert "&lt;b&gt;job&lt;/b&gt;" in report
    assert report.startswith('<pre class="hope-grid-summary">')
    assert "<h4>To save</h4>" in report and "<h4>Rejected</h4>" in report


def test_side_by_side_panel_notes_the_limit_and_keeps_the_table(tmp_path: Path) -> None:
    from hopelib.sessions import new_session

    practices = [evil_practice(f"evil-{i}") for i in range(5)]
    folder = catalogue_folder(tmp_path, practices)
    new_session(
        "evil-x",
        title="Evil",
        host="north",
        dates=["2025-03-11"],
        practices=[p["id"] for p in practices],
        demo=True,
        data_dir=folder,
    )
    ws = Workshop("evil-x", data_dir=str(folder), store=str(tmp_path / "s.sqlite"))
    panel = ws.side_by_side_panel()
    picker = find(panel, "hope-side-by-side-picker")[0]
    picker.value = tuple(p["id"] for p in practices)
    shown = find(panel, "hope-side-by-side-table")[0].value
    assert shown.startswith('<div class="hope-message hope-info"')
    assert "Showing the first 4" in shown and shown.count('<th class="col_heading">') == 4
    assert '<div class="hope-side-by-side hope-agenda">' in shown and "&lt;div" not in shown
    assert "<script>" not in shown
    ws.store.close()


def test_plan_history_and_headings_escape(tmp_path: Path, data_dir: Path) -> None:
    from hopelib.sessions import new_session

    new_session(
        "evil-x",
        title=EVIL,
        host="north",
        dates=["2025-03-11"],
        practices=["job-path"],
        demo=True,
        data_dir=data_dir,
    )
    ws = Workshop("evil-x", data_dir=str(data_dir), store=str(tmp_path / "s.sqlite"))
    ws.store.add_interest("evil-x", "north", "AK", "job-path", "adapt")
    ws.participant.value, ws.partner.value = "AK", "north"
    panel = ws.plan_panel()
    headings = [x.value for x in walk(panel) if isinstance(x, w.HTML) and "<h4>" in x.value]
    assert headings[:3] == ["<h4>Understand</h4>", "<h4>Adapt</h4>", "<h4>Re-use</h4>"]
    find(panel, "hope-plan-keep")[0].value = "<b>keep</b>"
    find(panel, "hope-save-plan")[0].click()
    history = find(panel, "hope-plan-history")[0].value
    assert history.startswith("<h4>History</h4>\n<ul>") and history.count("<li>") == 1
    assert "<script>" not in history and "&lt;script&gt;" in history  # the session's title
    assert " · AK · changed: What to keep</li>" in history
    ws.store.close()


def test_a_session_following_none_says_so_in_one_line(workshop: Any) -> None:
    panel = workshop.since_last_panel()
    assert "does not follow an earlier workshop" in find(panel, "hope-since-last")[0].value
    form = find(panel, "hope-update-status")[0]
    holder = next(x for x in walk(panel) if isinstance(x, w.VBox) and form in x.children)
    assert holder.layout.display == "none"  # no empty form, no Update status button


def test_export_progress_moves_per_partner_from_the_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hopelib.export import export_session

    monkeypatch.setenv("HOPE_EXPORTS", str(tmp_path / "exports"))
    moves: list[tuple[str, str]] = []
    export_session(
        "demo-x",
        data_dir=GOOD,
        store=str(tmp_path / "store.sqlite"),
        progress=False,
        workers=1,
        on_progress=lambda partner, state: moves.append((partner, state)),
    )
    assert moves[:3] == [("north", "waiting"), ("south", "waiting"), ("north", "working")]
    assert moves[3:] == [("north", "done"), ("south", "working"), ("south", "done")]


def test_the_console_holds_every_tab_and_relabels_them(workshop: Any) -> None:
    console = workshop.console()
    tabs = find(console, "hope-tabs")[0]
    assert tabs.titles == (
        "Session",
        "Agenda",
        "Rate",
        "Grid import",
        "Interest & notes",
        "Actions",
        "My entries",
        "Results",
        "Export",
    )
    actions = find(console, "hope-actions-panel")[0]
    assert find(actions, "hope-visibility") == []  # actions have no visibility
    assert len(find(console, "hope-visibility")) == 3  # ratings, interests and notes do
    find(console, "hope-language")[0].value = "fi"
    assert tabs.titles[2] == "Arvioi" and len(tabs.children) == 9
    follow_up = workshop.console(follow_up=True)
    assert len(find(follow_up, "hope-tabs")[0].children) == 4


def test_results_tab_links_to_a_running_results_wall(
    workshop: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hopelib import config

    monkeypatch.setattr(config, "var_dir", lambda: tmp_path / "var")
    assert "hope serve demo-x" in workshop.served_html()  # no server: how to start one
    links = tmp_path / "var" / "serve" / "demo-x.json"
    links.parent.mkdir(parents=True)
    wall = "http://127.0.0.1:8123/voila/render/07-results-wall.ipynb?token=abc"
    links.write_text(
        '{"participant": "http://127.0.0.1:8123/voila/render/06-participant.ipynb?token=abc", '
        f'"wall": "{wall}"}}',
        encoding="utf-8",
    )
    shown = workshop.served_html()
    assert f'href="{html.escape(wall)}"' in shown and "06-participant" in shown
    panel = workshop.results_panel()
    assert find(panel, "hope-results-wall")
