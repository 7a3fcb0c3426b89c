"""Comparison helpers on the fixture, the real catalogue and edge cases."""

from __future__ import annotations

import html
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from hopelib import compare, load_catalogue, load_taxonomy, load_texts
from hopelib.config import PROJECT_ROOT

from .conftest import GOOD
from .factories import EVIL, catalogue_of, evil_practice, interest, rating, withdrawals

REAL = PROJECT_ROOT / "data"


@pytest.fixture(scope="module")
def good() -> pd.DataFrame:
    return load_catalogue(GOOD)


@pytest.fixture(scope="module")
def real() -> pd.DataFrame:
    return load_catalogue(REAL)


@pytest.fixture(scope="module")
def real_index(real: pd.DataFrame) -> compare.SimilarityIndex:
    return compare.build_similarity_index(real, load_texts(REAL))


# ------------------------------------------------------------------ fold, filter, search


@pytest.mark.parametrize(
    ("text", "folded"),
    [("Seinäjoki", "seinajoki"), ("ŽIVLJENJE čšž", "zivljenje csz"), ("Straße", "strasse")],
)
def test_fold(text: str, folded: str) -> None:
    assert compare.fold(text) == folded


def test_filter_by_fields(good: pd.DataFrame) -> None:
    assert list(compare.filter_practices(good, partner="north").index) == ["job-path"]
    assert list(compare.filter_practices(good, partner=["north", "south"]).index) == [
        "coop-kitchen",
        "job-path",
    ]
    assert list(compare.filter_practices(good, partner="").index) == ["reference-cafe"]
    assert list(compare.filter_practices(good, category="other").index) == ["reference-cafe"]
    assert list(compare.filter_practices(good, region="north region").index) == ["job-path"]
    assert list(compare.filter_practices(good, themes=["wellbeing", "x"]).index) == ["coop-kitchen"]
    assert list(compare.filter_practices(good, target_groups="young-people").index) == ["job-path"]
    assert compare.filter_practices(good, partner="nobody").empty
    assert list(compare.filter_practices(good).index) == list(good.index)


def test_text_search_every_language_accent_and_case_insensitive(good: pd.DataFrame) -> None:
    texts = load_texts(GOOD)
    index = compare.search_index(texts)
    # "Työpolku" is only the Finnish title: found through the texts, folded.
    for query in ("tyopolku", "TYÖPOLKU", "Työpolku"):
        assert list(compare.filter_practices(good, text=query, texts=index).index) == ["job-path"]
        assert list(compare.filter_practices(good, text=query, texts=texts).index) == ["job-path"]
    # Without the texts only the shown (English) texts are searched.
    assert compare.filter_practices(good, text="tyopolku").empty
    assert list(compare.filter_practices(good, text="young path").index) == ["job-path"]
    # Every word must occur.
    assert compare.filter_practices(good, text="young kitchen", texts=index).empty
    # A language restriction.
    assert compare.filter_practices(good, text="polku", lang="en", texts=index).empty
    assert list(compare.filter_practices(good, text="polku", lang="fi", texts=index).index) == [
        "job-path"
    ]
    assert compare.filter_practices(good, text="polku", lang="xx", texts=index).empty
    # Combined with a field filter.
    assert compare.filter_practices(good, partner="south", text="polku", texts=index).empty


def test_search_the_real_catalogue(real: pd.DataFrame) -> None:
    index = compare.search_index(load_texts(REAL))
    found = compare.filter_practices(real, text="seinajoki", texts=index)
    assert "multi-professional-collaboration-seinajoki" in found.index
    assert set(found.index) == set(
        compare.filter_practices(real, text="SEINÄJOKI", texts=index).index
    )


def test_filter_empty_catalogue(tmp_path: Path) -> None:
    cat, texts = catalogue_of(tmp_path, [])
    assert cat.empty
    assert compare.filter_practices(cat, partner="north", text="x", texts=texts).empty
    assert compare.search_index(texts).empty


# ------------------------------------------------------------------ side by side


def test_side_by_side_rows_columns_and_blanks(good: pd.DataFrame) -> None:
    taxonomy = load_taxonomy(GOOD)
    frame = compare.side_by_side(
        good, ["job-path", "nope", "reference-cafe"], "en", taxonomy=taxonomy
    )
    assert list(frame.columns) == ["job-path", "reference-cafe"]
    labels = list(frame.index)
    assert labels[:3] == ["Practice", "Partner", "Summary"]
    assert "Client · need" in labels and "Society · results" in labels
    assert labels[-6:] == [
        "Implementation",
        "Resources",
        "Evidence",
        "Difficulties",
        "Transferability",
        "Continuity",
    ]
    assert len(labels) == 3 + 2 * 3 + 6
    job = frame["job-path"]
    assert job["Practice"] == "Job path"
    assert job["Client · need"] == "No work experience."
    assert job["Client · results"] == "not described yet"
    assert job["Resources"] == "€330.00 per session; up to 8 participants"
    cafe = frame["reference-cafe"]
    assert cafe["Partner"] == "reference practice"
    # Finnish-only text, shown with its language marked.
    assert cafe["Summary"] == "[fi] Verkostotapaamiset kolmesti vuodessa."
    assert cafe["Resources"] == "not described yet"


def test_side_by_side_without_known_ids(good: pd.DataFrame) -> None:
    frame = compare.side_by_side(good, ["nope"])
    assert frame.columns.empty and len(frame.index) > 0
    assert "No practices to compare." in compare.side_by_side_html(good, [])


def test_side_by_side_html_escapes_everything(tmp_path: Path) -> None:
    cat, _ = catalogue_of(tmp_path, [evil_practice("evil"), evil_practice("evil-two", "south")])
    html = compare.side_by_side_html(cat, ["evil", "evil-two"])
    assert "<script>" not in html and "<b>" not in html
    assert html.count("&lt;script&gt;") >= 2 * 13  # every text cell, both columns
    assert "Title &lt;script&gt;" in html  # column headers
    assert 'class="hope-side-by-side"' in html
    frame = compare.side_by_side(cat, ["evil"])
    assert all(EVIL in cell for cell in frame["evil"].drop("Partner"))


def test_side_by_side_html_escapes_the_row_labels(good: pd.DataFrame) -> None:
    taxonomy = load_taxonomy(GOOD)
    evil_taxonomy = taxonomy.model_copy(
        update={
            "perspectives": [
                p.model_copy(update={"label": {"en": "<i>Client</i>"}})
                for p in taxonomy.perspectives
            ]
        }
    )
    html = compare.side_by_side_html(good, ["job-path"], taxonomy=evil_taxonomy)
    assert "<i>" not in html and "&lt;i&gt;Client&lt;/i&gt;" in html


def test_side_by_side_html_lays_out_titles_fields_and_blanks(good: pd.DataFrame) -> None:
    ids = ["job-path", "reference-cafe"]
    frame = compare.side_by_side(good, ids, "fi")
    page = compare.side_by_side_html(good, ids, "fi")
    assert page.index("<style>") < page.index('<div class="hope-side-by-side">')
    assert "td.blank-cell" in page  # the table's own styles travel with it
    head = page[page.index("<thead>") : page.index("</thead>")]
    assert re.findall(r'<th class="col_heading">(.*?)</th>', head) == list(frame.iloc[0])
    labels = re.findall(r'<th class="row_heading">(.*?)</th>', page)
    assert labels == [html.escape(label) for label in frame.index[1:]]
    blanks = int((frame.iloc[1:] == "ei vielä kuvattu").sum().sum())  # "not described yet"
    assert blanks and page.count('<td class="blank-cell">ei vielä kuvattu</td>') == blanks
    assert page.count("<td") == frame.iloc[1:].size


def test_side_by_side_html_repeated_titles_and_braces(tmp_path: Path) -> None:
    cat, _ = catalogue_of(tmp_path, [evil_practice("evil"), evil_practice("evil-two", "south")])
    page = compare.side_by_side_html(cat, ["evil", "evil-two"])
    titles = re.findall(r'<th class="col_heading">(.*?)</th>', page)
    assert len(titles) == 2 and titles[0] == titles[1]  # both columns keep their title
    assert html.unescape(titles[0]) == f"Title {EVIL}"  # braces as written, quotes escaped
    assert '"x"' not in page.split("</style>")[1]
    assert compare.side_by_side_html(cat, ["nope"]) == (
        '<p class="hope-empty">No practices to compare.</p>'
    )


# ------------------------------------------------------------------ coverage


def test_coverage_counts_and_zeros(good: pd.DataFrame) -> None:
    table = compare.coverage(
        good,
        "themes",
        partners=["north", "south", "west"],
        terms=["employment", "wellbeing", "culture"],
    )
    assert table.loc["north"].tolist() == [1, 0, 0]
    assert table.loc["south"].tolist() == [0, 1, 0]
    assert table.loc["west"].tolist() == [0, 0, 0]
    assert table.index.name == "partner" and table.columns.name == "themes"
    # Reference practices are not a partner's.
    categories = compare.coverage(good)
    assert list(categories.index) == ["north"]  # south's practice has no category
    assert categories.loc["north", "collaboration"] == 1


def test_coverage_gaps_say_who_to_learn_from(real: pd.DataFrame) -> None:
    taxonomy = load_taxonomy(REAL)
    partners = ["seinajoki", "maribor", "derry-strabane"]
    gaps = compare.coverage_gaps(
        real, "category", partners=partners, terms=taxonomy.ids("categories")
    )
    maribor = gaps[gaps["partner"] == "maribor"].set_index("term")
    assert "collaboration" in maribor.index
    assert maribor.loc["collaboration", "learn_from"][0] in {"seinajoki", "derry-strabane"}
    assert (
        maribor.loc["collaboration", "others"]
        == ((real["partner"] != "maribor") & (real["category"] == "collaboration")).sum()
    )
    table = compare.coverage(real, partners=partners, terms=taxonomy.ids("categories"))
    assert len(gaps) == int((table == 0).sum().sum())


def test_coverage_of_an_empty_catalogue(tmp_path: Path) -> None:
    cat, _ = catalogue_of(tmp_path, [])
    assert compare.coverage(cat).empty
    table = compare.coverage(cat, "themes", partners=["north"], terms=["employment"])
    assert table.loc["north", "employment"] == 0
    assert list(
        compare.coverage_gaps(cat, "themes", partners=["north"], terms=["employment"])["others"]
    ) == [0]


def test_region_counts_include_reference_practices_and_unknown_regions(
    good: pd.DataFrame,
) -> None:
    table = compare.region_counts(good)
    assert (table.index.name, table.columns.name) == ("region", "partner")
    assert table.to_dict() == {
        "": {"": 1, "North Region": 0},
        "north": {"": 0, "North Region": 1},
        "south": {"": 1, "North Region": 0},
    }
    assert list(table.index) == ["", "North Region"]  # most practices first
    north = compare.region_counts(good, partner="north")
    assert north.to_dict() == {"north": {"North Region": 1}}
    assert compare.region_counts(good, partner="").columns.tolist() == [""]
    assert compare.region_counts(good.iloc[0:0]).empty
    assert compare.region_counts(pd.DataFrame()).empty


# ------------------------------------------------------------------ similarity


@pytest.mark.parametrize(
    ("practice", "expected"),
    [
        # Employment pathways of different partners find each other.
        ("foyle-community-work-programme", "work-try-out-workshop"),
        ("work-try-out-workshop", "foyle-community-work-programme"),
        # Social enterprise and student entrepreneurship.
        ("cooperative-ladies", "students-path-to-entrepreneurship"),
        # Community development through local partnerships.
        ("house-of-actions", "inclusive-growth-strategy"),
        ("inclusive-growth-strategy", "house-of-actions"),
        # Long-term unemployed: a reference practice and a partner's.
        ("pitstoppi", "work-try-out-workshop"),
    ],
)
def test_similar_practices_hand_picked_pairs(
    real: pd.DataFrame, real_index: compare.SimilarityIndex, practice: str, expected: str
) -> None:
    found = compare.similar_practices(real, practice, n=3, index=real_index)
    assert expected in found.index, found
    assert found.loc[expected, "shared_terms"]


def test_similar_practices_are_of_other_partners(
    real: pd.DataFrame, real_index: compare.SimilarityIndex
) -> None:
    for practice_id, partner in real["partner"].items():
        found = compare.similar_practices(real, practice_id, n=5, index=real_index)
        assert practice_id not in found.index
        assert len(found) <= 5
        if isinstance(partner, str):
            assert partner not in set(found["partner"])
        assert list(found["score"]) == sorted(found["score"], reverse=True)
        assert ((found["score"] > 0) & (found["score"] <= 1)).all()
        assert list(found.columns) == ["score", "title", "partner", "shared_terms"]


def test_similar_practices_edge_cases(tmp_path: Path, real: pd.DataFrame) -> None:
    assert compare.similar_practices(real, "no-such-practice").empty
    cat, texts = catalogue_of(tmp_path, [{"id": "alone", "partner": "north", "title": "Alone"}])
    assert compare.similar_practices(cat, "alone", texts=texts).empty
    empty, texts = catalogue_of(tmp_path, [])
    assert compare.similar_practices(empty, "x", texts=texts).empty
    assert compare.similarity_matrix(empty, texts=texts).empty


def test_similar_practices_across_languages(good: pd.DataFrame) -> None:
    texts = load_texts(GOOD)
    index = compare.build_similarity_index(good, texts)
    matrix = compare.similarity_matrix(good, index=index)
    assert list(matrix.index) == list(good.index)
    assert np.allclose(np.diag(matrix), 1.0)
    assert np.allclose(matrix, matrix.T)


# ------------------------------------------------------------------ unit figures


def test_unit_figures(real: pd.DataFrame, tmp_path: Path) -> None:
    figures = compare.unit_figures(real)
    pitstoppi = figures.loc["pitstoppi"]
    assert pitstoppi["cost_per_session"] == 330
    assert pitstoppi["cost_per_place_per_session"] == pytest.approx(41.25)
    assert math.isnan(pitstoppi["cost_per_year"])  # sessions a year not given
    assert "foyle-community-work-programme" not in figures.index  # no inputs, no row
    cat, _ = catalogue_of(
        tmp_path,
        [
            {
                "id": "yearly",
                "title": "Yearly",
                "resources": {
                    "cost_eur": 12000,
                    "cost_unit": "year",
                    "participants_max": 10,
                    "sessions_per_year": 4,
                },
                "reach": {"participants_per_year": 30},
            },
            {
                "id": "sessions",
                "title": "Sessions",
                "resources": {
                    "cost_eur": 500,
                    "cost_unit": "session",
                    "participants_max": 10,
                    "sessions_per_year": 6,
                },
            },
            {"id": "nothing", "title": "Nothing", "resources": {"staff": 2}},
        ],
    )
    figures = compare.unit_figures(cat)
    assert list(figures.columns) == compare.UNIT_FIGURE_COLUMNS
    assert "nothing" not in figures.index
    yearly = figures.loc["yearly"]
    assert yearly["places_per_year"] == 40
    assert yearly["cost_per_place_per_year"] == 300
    assert yearly["cost_per_participant_reached"] == 400
    assert math.isnan(yearly["cost_per_session"])
    sessions = figures.loc["sessions"]
    assert sessions["cost_per_year"] == 3000
    assert sessions["cost_per_place_per_session"] == 50
    assert math.isnan(sessions["cost_per_participant_reached"])


# ------------------------------------------------------------------ scores


def test_latest_rating_counts_and_withdrawals() -> None:
    first = rating("north", "ak", "job-path", "relevance", 2, seq=1, record_id="r1")
    correction = rating("north", "ak", "job-path", "relevance", 4, seq=5, record_id="r2")
    other = rating("south", "bo", "job-path", "relevance", 3, seq=3, record_id="r3")
    ratings = pd.DataFrame([correction, first, other])
    summary = compare.score_summary(ratings)
    assert summary.loc[("job-path", "relevance"), "mean"] == 3.5
    assert summary.loc[("job-path", "relevance"), "n"] == 2
    # Withdrawing the correction: the participant no longer counts (the old row does not return).
    summary = compare.score_summary(ratings, withdrawals("r2"))
    assert summary.loc[("job-path", "relevance"), "mean"] == 3
    assert summary.loc[("job-path", "relevance"), "n"] == 1
    # Withdrawing a superseded row changes nothing.
    assert (
        compare.score_summary(ratings, withdrawals("r1")).loc[("job-path", "relevance"), "mean"]
        == 3.5
    )
    # A newer rating after a withdrawal counts again.
    again = rating("north", "ak", "job-path", "relevance", 5, seq=9)
    summary = compare.score_summary(
        pd.DataFrame([*ratings.to_dict("records"), again]), withdrawals("r2")
    )
    assert summary.loc[("job-path", "relevance"), "mean"] == 4


def test_score_summary_statistics_per_partner() -> None:
    rows = [
        rating("north", "a", "job-path", "relevance", 1),
        rating("north", "b", "job-path", "relevance", 2),
        rating("south", "c", "job-path", "relevance", 5),
        rating("south", "c", "coop-kitchen", "relevance", 4),
    ]
    summary = compare.score_summary(pd.DataFrame(rows))
    row = summary.loc[("job-path", "relevance")]
    assert row["mean"] == pytest.approx(8 / 3)
    assert row["median"] == 2
    assert row["spread"] == pytest.approx(np.std([1, 2, 5], ddof=1))
    assert (row["min"], row["max"], row["n"]) == (1, 5, 3)
    # A single rating has no spread: NaN, not a misleading zero.
    assert math.isnan(summary.loc[("coop-kitchen", "relevance"), "spread"])
    north = compare.score_summary(pd.DataFrame(rows), partner="north")
    assert north.loc[("job-path", "relevance"), "mean"] == 1.5
    assert ("coop-kitchen", "relevance") not in north.index
    by_partner = compare.score_summary(pd.DataFrame(rows), by_partner=True)
    assert by_partner.index.names == ["partner", "practice", "criterion"]
    assert by_partner.loc[("south", "job-path", "relevance"), "mean"] == 5


def test_no_ratings_give_empty_frames() -> None:
    for ratings in (None, pd.DataFrame(), pd.DataFrame(columns=compare.RATING_COLUMNS)):
        summary = compare.score_summary(ratings)
        assert summary.empty
        assert list(summary.columns) == ["mean", "median", "spread", "min", "max", "n"]
        assert summary.index.names == ["practice", "criterion"]
        ranked = compare.ranking(ratings)
        assert ranked.empty and "rank" in ranked.columns
        assert compare.transfer_matrix(ratings).empty
    # Ratings of another partner only.
    rows = pd.DataFrame([rating("north", "a", "job-path", "relevance", 3)])
    assert compare.score_summary(rows, partner="south").empty
    assert compare.ranking(rows, partner="south").empty


def test_records_without_needed_columns_are_named() -> None:
    with pytest.raises(ValueError, match="criterion"):
        compare.score_summary(pd.DataFrame([{"seq": 1, "practice": "x", "score": 3}]))


def test_ranking_ties_and_counts() -> None:
    rows = [
        rating("north", "a", "p1", "relevance", 4),
        rating("north", "a", "p1", "evidence", 2),  # p1: criterion means 4 and 2 → 3
        rating("south", "b", "p2", "relevance", 3),
        rating("north", "a", "p2", "relevance", 3),  # p2: 3, two raters
        rating("south", "b", "p3", "relevance", 5),  # p3: 5, one rating
        rating("south", "b", "p4", "relevance", 1),
    ]
    ranked = compare.ranking(pd.DataFrame(rows))
    assert list(ranked.index) == ["p3", "p2", "p1", "p4"]
    assert list(ranked["rank"]) == [1, 2, 2, 4]
    assert list(ranked["tied"]) == [False, True, True, False]
    assert ranked.loc["p1", "mean"] == 3
    assert ranked.loc["p2", "n_raters"] == 2 and ranked.loc["p1", "n_ratings"] == 2
    assert ranked.loc["p1", "n_criteria"] == 2
    assert ranked.loc["p3", "note"] == "one rating only"
    assert ranked.loc["p1", "note"] == "one participant only"
    assert ranked.loc["p2", "note"] == ""


def test_transfer_matrix_majority_ties_and_withdrawals() -> None:
    rows = [
        interest("north", "a", "p1", "inspire"),
        interest("north", "b", "p1", "inspire"),
        interest("north", "c", "p1", "adopt"),
        interest("south", "d", "p1", "inspire", record_id="tie-1"),
        interest("south", "e", "p1", "adapt"),  # a tie goes to the more ambitious level
        interest("south", "f", "p2", "not_now", seq=100),
        interest("south", "f", "p2", "adapt", seq=101),  # a change of mind
        interest("south", "g", "p2", "somewhere", seq=102),  # not a level: ignored
    ]
    matrix = compare.transfer_matrix(pd.DataFrame(rows))
    assert matrix.index.names == ["partner", "practice"]
    north = matrix.loc[("north", "p1")]
    assert (north["level"], north["n_level"], north["n_participants"]) == ("inspire", 2, 3)
    assert (north["n_adopt"], north["n_inspire"]) == (1, 2)
    assert matrix.loc[("south", "p1"), "level"] == "adapt"
    assert matrix.loc[("south", "p2"), "level"] == "adapt"
    assert matrix.loc[("south", "p2"), "n_participants"] == 1
    after = compare.transfer_matrix(pd.DataFrame(rows), withdrawals("tie-1"))
    assert after.loc[("south", "p1"), "level"] == "adapt"
    assert after.loc[("south", "p1"), "n_participants"] == 1
    # The taxonomy's own level order decides ties.
    custom = compare.transfer_matrix(
        pd.DataFrame(rows), levels=["inspire", "adapt", "adopt", "not_now"]
    )
    assert custom.loc[("south", "p1"), "level"] == "inspire"


def test_term_labels() -> None:
    labels = compare.term_labels(load_taxonomy(GOOD), "transfer_levels")
    assert labels == {
        "adopt": "Adopt",
        "adapt": "Adapt",
        "inspire": "Inspire",
        "not_now": "Not now",
    }


def test_ranking_on_different_scales() -> None:
    rows = [
        rating("north", "a", "p1", "relevance", 5),  # 5 of 1–5: 100 %
        rating("north", "a", "p1", "cost_effectiveness", 0),  # 0 of 0–3: 0 %
        rating("north", "a", "p2", "relevance", 3),  # 50 %
        rating("north", "a", "p2", "cost_effectiveness", 3),  # 100 %
    ]
    scales = compare.criterion_scales(load_taxonomy(GOOD))
    assert scales["cost_effectiveness"] == (0, 3)
    ranked = compare.ranking(pd.DataFrame(rows), scales=scales)
    assert list(ranked.index) == ["p2", "p1"]
    assert ranked.loc["p2", "share"] == pytest.approx(0.75)
    assert ranked.loc["p1", "share"] == pytest.approx(0.5)
    assert ranked.loc["p1", "mean"] == 2.5  # the raw mean stays


def test_forgiving_and_strict_inputs(good: pd.DataFrame) -> None:
    assert len(compare.filter_practices(good, themes=[])) == len(good)  # nothing chosen
    assert list(compare.side_by_side(good, "job-path").columns) == ["job-path"]
    with pytest.raises(ValueError, match="by: 'theme' is not one of"):
        compare.coverage(good, "theme")
    broken = good.copy()
    broken.loc["job-path", "themes"] = float("nan")
    assert compare.filter_practices(broken, themes="employment").empty
