"""Search by lemma (#24): inflected words, names, ranking and escaped highlights."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import simplemma

from hopelib import compare, load_catalogue, load_texts
from hopelib.compare.search import NAME_COLUMNS, highlight_words
from hopelib.config import PROJECT_ROOT
from hopelib.html import render
from hopelib.i18n import _, language

from .factories import catalogue_of

REAL = PROJECT_ROOT / "data"


@pytest.fixture(scope="module")
def real() -> pd.DataFrame:
    return load_catalogue(REAL)


@pytest.fixture(scope="module")
def real_index(real: pd.DataFrame) -> pd.DataFrame:
    return compare.search_index(load_texts(REAL), real)


def test_seinajoki_finds_every_seinajoki_practice(
    real: pd.DataFrame, real_index: pd.DataFrame
) -> None:
    seinajoki = set(real.index[real["partner"] == "seinajoki"])
    assert len(seinajoki) == 7
    found = set(compare.filter_practices(real, text="seinajoki", texts=real_index).index)
    assert seinajoki <= found
    # Y-Zone says "Seinäjoki" only in its organisation's name.
    assert "students-path-to-entrepreneurship" in found
    assert "students-path-to-entrepreneurship" in set(
        compare.filter_practices(real, text="seamk", texts=real_index).index
    )


def test_nuoret_finds_every_inflected_form_of_nuori(
    real: pd.DataFrame, real_index: pd.DataFrame
) -> None:
    texts = load_texts(REAL)
    names = real[list(NAME_COLUMNS)].stack().rename("text").reset_index()
    names.columns = ["practice", "field", "text"]
    everything = pd.concat([texts[["practice", "text"]], names[["practice", "text"]]])
    # What simplemma itself says, word by word: the practices with any form of "nuori".
    truth = {
        str(practice)
        for practice, text in everything.itertuples(index=False)
        if any(
            simplemma.lemmatize(word.lower(), lang="fi") == "nuori"
            for word in re.findall(r"\w+", str(text))
        )
    }
    assert len(truth) >= 2  # "nuoret" itself is in one of them only
    found = set(compare.filter_practices(real, text="nuoret", texts=real_index).index)
    assert truth <= found
    for other in ("nuorten", "Nuorille", "NUORIA"):
        assert truth <= set(compare.filter_practices(real, text=other, texts=real_index).index)


def _practice(practice_id: str, lang: str = "en", **texts: str) -> dict[str, object]:
    """A small practice whose texts are in *lang*."""
    fields = {"title": f"Practice {practice_id}", **texts}
    practice: dict[str, object] = {"id": practice_id, "partner": "north", "lang": lang}
    practice.update({name: {lang: text} for name, text in fields.items()})
    return practice


@pytest.fixture(scope="module")
def inflected(tmp_path_factory: pytest.TempPathFactory) -> tuple[pd.DataFrame, pd.DataFrame]:
    root = tmp_path_factory.mktemp("inflected")
    practices = [
        _practice("sl-young", "sl", summary="Program za zaposlovanje mladih brezposelnih."),
        _practice("sl-other", "sl", summary="Delavnice za starejše."),
        _practice("en-workshops", "en", summary="She runs weekly workshops for carers."),
        _practice("en-other", "en", summary="A cafe."),
        _practice("fi-compound", "fi", summary="Kaupungin nuorisotyön palvelut."),
        _practice("fi-young", "fi", summary="Valmennusta nuorille ja nuorten perheille."),
    ]
    catalogue, texts = catalogue_of(root, practices)
    return catalogue, compare.search_index(texts, catalogue)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # Slovenian: the query's form is not in the text; the lemma "mlad" is.
        ("mladi", ["sl-young"]),
        ("mladim", ["sl-young"]),
        ("zaposlovanja", ["sl-young"]),
        # English: workshop(s), run(ning).
        ("workshop", ["en-workshops"]),
        ("running workshops", ["en-workshops"]),
        # Finnish: every form of "nuori"; a compound from its first part.
        ("nuoret", ["fi-young"]),
        ("nuoriso", ["fi-compound"]),
        ("nuorisotyö", ["fi-compound"]),
        # Every word must match.
        ("nuoret workshop", []),
    ],
)
def test_inflected_forms(
    inflected: tuple[pd.DataFrame, pd.DataFrame], query: str, expected: list[str]
) -> None:
    catalogue, index = inflected
    assert list(compare.filter_practices(catalogue, text=query, texts=index).index) == expected


def test_inflected_forms_without_a_prebuilt_index(
    inflected: tuple[pd.DataFrame, pd.DataFrame], tmp_path: Path
) -> None:
    catalogue, _index = inflected
    # The catalogue's own texts, lemmatised on the fly.
    assert list(compare.filter_practices(catalogue, text="mladim").index) == ["sl-young"]
    assert compare.filter_practices(catalogue, text="mladim", lang="en").empty


def test_ranking_puts_a_title_hit_first(tmp_path: Path) -> None:
    practices = [
        {"id": "a-body", "partner": "north", "title": {"en": "Café"}, "summary": {"en": "A"},
         "implementation": {"en": "Coaching into work."}},
        {"id": "b-summary", "partner": "north", "title": {"en": "Kitchen"},
         "summary": {"en": "Coaching for cooks."}},
        {"id": "c-title", "partner": "north", "title": {"en": "Coaching young people"},
         "summary": {"en": "B"}},
    ]  # fmt: skip
    catalogue, texts = catalogue_of(tmp_path, practices)
    assert list(catalogue.index) == ["a-body", "b-summary", "c-title"]
    index = compare.search_index(texts, catalogue)
    found = compare.filter_practices(catalogue, text="coaches", texts=index)
    assert list(found.index) == ["c-title", "b-summary", "a-body"]
    # Without a search the catalogue's order stays.
    assert list(compare.filter_practices(catalogue, partner="north").index) == list(catalogue.index)


def test_highlight_marks_matched_words_and_escapes(tmp_path: Path) -> None:
    pieces = highlight_words("<b>Nuorten</b> työpaja", "nuoret")
    assert pieces == [("<b>", False), ("Nuorten", True), ("</b> työpaja", False)]
    assert "".join(text for text, _ in pieces) == "<b>Nuorten</b> työpaja"
    assert highlight_words("Seinäjoen nuoret", None) == [("Seinäjoen nuoret", False)]
    assert highlight_words("", "x") == []
    shown = render("widgets/highlight.html.j2", pieces=pieces)
    assert shown == "&lt;b&gt;<mark>Nuorten</mark>&lt;/b&gt; työpaja"


# ------------------------------------------------------------------ look-alikes people read


@pytest.mark.parametrize("lang", ["en", "fi", "sl"])
def test_look_alike_view_has_human_labels_in_each_language(lang: str) -> None:
    from hopelib import load_partners, load_taxonomy

    catalogue = load_catalogue(REAL, lang)
    taxonomy = load_taxonomy(REAL)
    index = compare.build_similarity_index(catalogue, load_texts(REAL))
    names = compare.partner_names(load_partners(REAL))
    with language(lang):
        headers = [_("Practice"), _("Partner"), _("Why they look alike"), _("How similar")]
        words = {_("close"), _("some"), _("slight")}
        reference = _("reference practice")
    if lang != "en":  # translated, not the English words
        assert not set(headers) & {"Why they look alike", "How similar"}
        assert not words & {"close", "some", "slight"}
    seen_reference = False
    for practice in ("pitstoppi", "work-try-out-workshop", "foyle-community-work-programme"):
        found = compare.similar_practices(catalogue, practice, 3, index=index)
        view = compare.similar_view(catalogue, practice, found, taxonomy, lang, partner_names=names)
        assert list(view.columns) == headers
        assert not {"title", "partner", "score", "shared_terms"} & set(view.columns)
        assert list(view[headers[0]]) == [catalogue.at[i, "title"] for i in found.index]
        assert set(view[headers[3]]) <= words
        for reason in view[headers[2]]:
            assert reason and not re.search(r"\b(for|theme):\S", reason)  # no tag ids
            assert not re.search(r"\d\.\d", reason)  # no raw scores
        partners = list(view[headers[1]])
        assert "–" not in partners and "" not in partners
        seen_reference |= reference in partners
    assert seen_reference  # reference practices say so


def test_look_alike_reason_names_shared_groups_themes_and_words() -> None:
    from hopelib import load_taxonomy

    catalogue = load_catalogue(REAL, "en")
    taxonomy = load_taxonomy(REAL)
    reason = compare.similarity_reason(
        catalogue,
        "foyle-community-work-programme",
        "work-try-out-workshop",
        ["for:young-people", "theme:employment", "work", "open"],
        taxonomy,
        "en",
    )
    assert reason.startswith("Both work with young people; both are about employment")
    assert "both mention work, open" in reason
    assert compare.closeness(0.2) == "close" and compare.closeness(0.1) == "some"
    assert compare.closeness(0.0) == "slight"


def test_catalogue_browser_highlights_escaped_matches(tmp_path: Path) -> None:
    import ipywidgets as w

    from hopelib.widgets import catalogue_browser

    from .factories import catalogue_folder

    folder = catalogue_folder(
        tmp_path,
        [
            {"id": "bold", "partner": "north", "lang": "fi",
             "title": {"fi": "<b>Nuorten</b> polku"}, "summary": {"fi": "Polku työhön."}},
            {"id": "plain", "partner": "south", "lang": "fi", "title": {"fi": "Kahvila"},
             "summary": {"fi": "Kahvia ja polku työhön."}},
        ],
    )  # fmt: skip
    browser = catalogue_browser(str(folder), "fi")

    def widgets(widget: Any) -> list[Any]:
        found = [widget]
        for child in getattr(widget, "children", ()):
            found += widgets(child)
        return found

    parts = widgets(browser)
    search = next(x for x in parts if isinstance(x, w.Text))
    results = next(x for x in parts if "hope-catalogue-results" in x._dom_classes)
    search.value = "nuoret"
    assert "&lt;b&gt;<mark>Nuorten</mark>&lt;/b&gt; polku" in results.value
    assert "<b>" not in results.value
    chooser = next(x for x in parts if isinstance(x, w.Select))
    assert [v for _, v in chooser.options] == ["bold"]
    chooser.value = "bold"
    similar = " ".join(x.value for x in parts if isinstance(x, w.HTML))
    with language("fi"):
        assert f"<th>{_('Why they look alike')}</th>" in similar
        assert f"<th>{_('How similar')}</th>" in similar
    assert "shared_terms" not in similar and "score" not in similar
