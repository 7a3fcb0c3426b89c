"""The participant page and the results wall, clicked in Python (the browser test is test_voila)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import ipywidgets as w
import pytest

from hopelib.i18n import LANGUAGES, language
from hopelib.widgets import ParticipantView, ResultsWall
from hopelib.widgets.live import PLOTLY_MIME

from .conftest import PROJECT
from .factories import EVIL
from .test_widgets import find

DATA = PROJECT / "data"
SESSION = "demo-1"


@pytest.fixture
def view(tmp_path: Path) -> Iterator[ParticipantView]:
    page = ParticipantView(SESSION, data_dir=str(DATA), store=str(tmp_path / "s.sqlite"))
    page.show()
    yield page
    page.live.stop()
    page.store.close()


def _one(root: Any, css: str) -> Any:
    found = find(root, css)
    assert len(found) == 1, f"{css}: {len(found)}"
    return found[0]


def _join(view: ParticipantView, partner: str, pseudonym: str) -> None:
    _one(view.widget, "hope-join-partner").value = partner
    _one(view.widget, "hope-join-pseudonym").value = pseudonym
    _one(view.widget, "hope-join").click()


def test_join_then_rate_every_agenda_practice_in_the_partners_language(
    view: ParticipantView,
) -> None:
    # A drop-down with nothing chosen says so ("choose…", "–"), never an empty box.
    assert _one(view.widget, "hope-join-partner").label == "choose…"
    _one(view.widget, "hope-join").click()  # nothing chosen: a message, no form
    assert "partner" in _one(view.widget, "hope-join-message").value
    _join(view, "maribor", "Ana")
    assert view.lang == "sl"  # Maribor's language, switchable
    forms = find(view.widget, "hope-practice")
    assert len(forms) == len(view.session.practices)
    first = forms[0]
    choices = [c for c in first.children if isinstance(c, w.Dropdown)]
    assert len(choices) == len(view.session.criteria) + 2  # scores, interest, visibility
    assert all(c.label for c in choices)  # "–": no score, no opinion recorded by default
    find(first, "hope-score-relevance")[0].value = 4
    find(first, "hope-comment")[0].value = EVIL
    find(first, "hope-save")[0].click()
    assert "hope-ok" in find(first, "hope-save-message")[0].value
    assert len(view.store.ratings(SESSION)) == 1
    assert view.store.interests(SESSION).empty  # "–" is no interest, not an odd one
    assert find(first, "hope-score-relevance")[0].label == "–"  # ready for the next save
    entries = _one(view.widget, "hope-entries").value
    assert EVIL not in entries and "&lt;" in entries  # escaped


def test_withdraw_asks_first_and_says_why_when_nothing_is_chosen(view: ParticipantView) -> None:
    _join(view, "seinajoki", "Bo")
    _one(view.widget, "hope-withdraw").click()
    assert "hope-error" in _one(view.widget, "hope-entries-message").value
    form = find(view.widget, "hope-practice")[0]
    find(form, "hope-score-relevance")[0].value = 2
    find(form, "hope-save")[0].click()
    choice = _one(view.widget, "hope-entry-choice")
    assert choice.value is None and len(choice.options) == 1  # never pre-selected
    choice.value = choice.options[0][1]
    _one(view.widget, "hope-withdraw").click()
    confirm = _one(view.widget, "hope-confirm")
    assert confirm.layout.display is None and view.store.withdrawals(SESSION).empty
    confirm.click()
    assert len(view.store.withdrawals(SESSION)) == 1
    assert len(_one(view.widget, "hope-entry-choice").options) == 0


def test_bad_scores_are_shown_beside_the_form_and_nothing_is_saved(view: ParticipantView) -> None:
    _join(view, "derry-strabane", "Cy")
    form = find(view.widget, "hope-practice")[0]
    find(form, "hope-save")[0].click()
    assert "hope-error" in find(form, "hope-save-message")[0].value
    assert view.store.ratings(SESSION).empty


def test_the_page_follows_a_close_from_elsewhere(view: ParticipantView) -> None:
    _join(view, "maribor", "Di")
    view.store.close_session(SESSION)
    assert view.live.check()  # what the page's poll does every few seconds
    assert find(view.widget, "hope-closed") and not find(view.widget, "hope-practice")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_label_in_each_language(tmp_path: Path, lang: str) -> None:
    page = ParticipantView(SESSION, data_dir=str(DATA), store=str(tmp_path / "s.sqlite"))
    page.show()
    try:
        page.set_language(lang)
        with language(lang):
            from hopelib.i18n import _

            expected = _("Join")
        assert _one(page.widget, "hope-join").description == expected
    finally:
        page.live.stop()
        page.store.close()


def test_results_wall_draws_the_three_charts(tmp_path: Path) -> None:
    wall = ResultsWall(SESSION, data_dir=str(DATA), store=str(tmp_path / "s.sqlite"), lang="fi")
    root = wall.show()
    try:
        assert "hope-wall" in root._dom_classes
        assert set(wall.figures()) == {"scores", "ranking", "transfer"}
        assert "hope-message" in wall.live.stamp.value  # "Updated …" in Finnish
        assert wall.live.check() is False  # nothing changed: no redraw
        wall.store.add_rating(SESSION, "maribor", "X", wall.session.practices[0], "relevance", 3)
        assert wall.live.check() is True
    finally:
        wall.live.stop()
        wall.store.close()


def test_the_results_can_be_hidden_and_are_followed_only_while_shown(
    view: ParticipantView,
) -> None:
    assert len(view.live.output.children) == 3  # shown from the start, updating by themselves
    toggle = _one(view.widget, "hope-results-toggle")
    assert toggle.value is True and toggle.description == "Hide the results"
    toggle.value = False
    assert view.live.output.children == () and view.live.stamp.value == ""
    assert toggle.description == "Show the results"
    practice = view.session.practices[0]
    view.store.add_rating(SESSION, "seinajoki", "Else", practice, "relevance", 5)
    assert view.live.check() is True  # still followed (a close would show), nothing drawn
    assert view.live.output.children == ()
    _join(view, "maribor", "Ana")  # rebuilt in Slovenian: the choice stays
    toggle = _one(view.widget, "hope-results-toggle")
    assert toggle.value is False and toggle.description != "Show the results"
    toggle.value = True
    assert len(view.live.output.children) == 3
    assert 'data-value="5.0"' in view.live.output.children[0].value  # the latest save


def _chart(output: Any) -> dict[str, Any]:
    """The plotly figure an Output of the live results shows."""
    return next(o["data"][PLOTLY_MIME] for o in output.outputs if PLOTLY_MIME in o["data"])


def test_a_redraw_sends_only_the_charts_that_changed(tmp_path: Path) -> None:
    wall = ResultsWall(SESSION, data_dir=str(DATA), store=str(tmp_path / "s.sqlite"))
    wall.show()
    try:
        before = dict(zip(wall.figures(), wall.live.output.children, strict=True))
        sent = {key: output.outputs for key, output in before.items()}
        practice = wall.session.practices[0]
        wall.store.add_rating(SESSION, "maribor", "X", practice, "relevance", 3)
        assert wall.live.check() is True
        after = dict(zip(wall.figures(), wall.live.output.children, strict=True))
        assert all(after[key] is before[key] for key in before)  # the same widgets, updated
        assert after["transfer"].outputs is sent["transfer"]  # a score leaves it untouched
        assert after["scores"].outputs is not sent["scores"]
        assert _chart(after["scores"])["data"][0]["z"] is not None
        heading = after["scores"].outputs[0]["data"]["text/html"]
        assert "hope-chart-title" in heading  # the title above the chart, not inside it
        assert not _chart(after["scores"])["layout"].get("title", {}).get("text")
    finally:
        wall.live.stop()
        wall.store.close()


def test_the_participant_page_draws_its_charts_in_plain_html(view: ParticipantView) -> None:
    practice = view.session.practices[0]
    view.store.add_rating(SESSION, "seinajoki", "Else", practice, "relevance", 4)
    assert view.live.check() is True
    scores, ranking, transfer = view.live.output.children
    assert all(isinstance(chart, w.HTML) for chart in (scores, ranking, transfer))  # no plotly.js
    assert scores.value.startswith('<h5 class="hope-chart-title">')  # the title as a heading
    assert "<table" in scores.value and 'scope="row"' in scores.value
    assert 'class="hope-plain-bar"' in ranking.value
    sent = transfer.value
    view.store.add_rating(SESSION, "maribor", "Other", practice, "relevance", 2)
    assert view.live.check() is True
    assert 'data-value="3.0"' in scores.value  # (4 + 2) / 2, redrawn in place
    assert transfer.value is sent  # a score leaves the transfer matrix as it was


def test_a_save_landing_while_the_charts_are_drawn_is_drawn_next(tmp_path: Path) -> None:
    wall = ResultsWall(SESSION, data_dir=str(DATA), store=str(tmp_path / "s.sqlite"))
    wall.show()
    practice = wall.session.practices[0]
    drawn: list[int] = []
    build = wall.live.figures

    def figures_then_a_save() -> dict[str, Any]:
        charts = build()  # what the charts show: the rows stored so far
        drawn.append(len(wall.store.ratings(SESSION)))
        if len(drawn) == 1:  # someone saves while the charts are being drawn
            wall.store.add_rating(SESSION, "maribor", "Late", practice, "relevance", 5)
        return charts

    wall.live.figures = figures_then_a_save
    try:
        wall.store.add_rating(SESSION, "maribor", "First", practice, "relevance", 2)
        assert wall.live.check() is True
        assert wall.live.check() is True  # the late save changed the fingerprint again
        assert drawn[-1] == 2  # and the last drawing holds it
        assert wall.live.check() is False
    finally:
        wall.live.stop()
        wall.store.close()


def test_the_confirm_hides_when_the_entries_or_the_choice_change(view: ParticipantView) -> None:
    _join(view, "seinajoki", "Gus")
    forms = find(view.widget, "hope-practice")
    for form in forms[:2]:
        find(form, "hope-score-relevance")[0].value = 3
        find(form, "hope-save")[0].click()
    choice = _one(view.widget, "hope-entry-choice")
    choice.value = choice.options[0][1]
    _one(view.widget, "hope-withdraw").click()
    confirm = _one(view.widget, "hope-confirm")
    assert confirm.layout.display is None
    choice.value = choice.options[1][1]  # another entry chosen: ask again
    assert confirm.layout.display == "none"
    _one(view.widget, "hope-withdraw").click()
    find(forms[2], "hope-score-relevance")[0].value = 4
    find(forms[2], "hope-save")[0].click()  # the list changes: ask again
    assert confirm.layout.display == "none"
    confirm.click()  # a stale click withdraws nothing
    assert view.store.withdrawals(SESSION).empty


def test_pages_of_one_server_draw_each_version_once_per_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = tmp_path / "shared"
    monkeypatch.setenv("HOPE_SHARED_RESULTS", str(shared))
    store = str(tmp_path / "s.sqlite")
    pages = [ParticipantView(SESSION, data_dir=str(DATA), store=store) for _ in range(3)]
    drawn: list[int] = []
    for number, page in enumerate(pages):
        build = page.figures

        def counted(build: Any = build, number: int = number) -> dict[str, Any]:
            drawn.append(number)
            return build()

        page.live.figures = counted
    try:
        for page in pages:
            page.show()
        assert drawn == [0]  # the first page drew the empty session; the others read it
        practice = pages[0].session.practices[0]
        pages[0].store.add_rating(SESSION, "maribor", "Ana", practice, "relevance", 4)
        drawn.clear()
        assert all(page.live.check() for page in pages)
        assert drawn == [0]  # one drawing for the new version
        values = {page.live.output.children[0].value for page in pages}
        assert len(values) == 1 and 'data-value="4.0"' in values.pop()
        pages[2].set_language("fi")  # another language: drawn for it
        assert drawn == [0, 2]
        assert "Pisteet" in pages[2].live.output.children[0].value
        assert "Pisteet" not in pages[1].live.output.children[0].value
        for broken in shared.glob("*.json"):
            broken.write_text("{not json", encoding="utf-8")  # e.g. a disk that filled up
        pages[2].set_language("en")
        assert drawn == [0, 2, 2]  # drawn again, not shown broken
        assert 'data-value="4.0"' in pages[2].live.output.children[0].value
    finally:
        for page in pages:
            page.live.stop()
            page.store.close()


def test_the_practice_forms_share_their_layout_and_styles(view: ParticipantView) -> None:
    """A phone builds a widget model per layout and per style: the forms make few of them."""
    _join(view, "seinajoki", "Aino")
    forms = find(view.widget, "hope-practice")
    controls = [c for form in forms for c in form.children]
    assert len(controls) > 10 * len(view.session.practices) > 0
    assert len({id(c.layout) for c in [*forms, *controls]}) == 1  # was one per control
    assert len({id(c.style) for c in controls}) == 4  # HTML, drop-down, text box, button
