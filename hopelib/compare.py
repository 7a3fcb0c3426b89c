"""Compare practices and partners: search, side by side, coverage, similarity and scores.

Pure functions on DataFrames: the catalogue frames of :mod:`hopelib.catalogue`
(:func:`~hopelib.catalogue.load_catalogue`, :func:`~hopelib.catalogue.load_texts`) and
frames shaped like the session store's records (DATA_MODEL.md, "The session store"). Nothing
here opens a file or a database, so the workshop notebooks, the partner reports and analysts
all compute the same figures from the same frames.

Empty input gives an empty frame with the documented columns, never an error or a zero that
looks like a measurement.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .html import Markup, render
from .i18n import _, format_money, format_number, language, locale_for
from .models import PERSPECTIVE_PARTS, Taxonomy

if TYPE_CHECKING:
    from scipy.sparse import csr_matrix
    from sklearn.feature_extraction.text import TfidfVectorizer

__all__ = [
    "INTEREST_COLUMNS",
    "RATING_COLUMNS",
    "TRANSFER_LEVELS",
    "UNIT_FIGURE_COLUMNS",
    "SimilarityIndex",
    "build_similarity_index",
    "coverage",
    "coverage_gaps",
    "criterion_scales",
    "current_records",
    "filter_practices",
    "fold",
    "partner_names",
    "ranking",
    "region_counts",
    "score_summary",
    "search_index",
    "side_by_side",
    "side_by_side_html",
    "similar_practices",
    "similarity_matrix",
    "term_labels",
    "transfer_matrix",
    "unit_figures",
]

#: Columns of a ratings frame (the store's ``ratings`` records).
RATING_COLUMNS = [
    "id",
    "seq",
    "created_at",
    "session",
    "partner",
    "participant",
    "practice",
    "criterion",
    "score",
    "comment",
    "visibility",
]
#: Columns of an interests frame (the store's ``interests`` records).
INTEREST_COLUMNS = [
    "id",
    "seq",
    "created_at",
    "session",
    "partner",
    "participant",
    "practice",
    "level",
    "rationale",
    "visibility",
]
#: Transfer levels from the most to the least ambitious (the taxonomy's order).
TRANSFER_LEVELS = ("adopt", "adapt", "inspire", "not_now")

_TEXT_FIELDS_AFTER_GRID = ("implementation", "resources", "evidence", "difficulties")
_TEXT_FIELDS_LAST = ("transferability", "continuity")
_GRID_COLUMN = re.compile(rf"^(.+)_({'|'.join(PERSPECTIVE_PARTS)})$")


# ------------------------------------------------------------------ labels and text


def fold(text: str) -> str:
    """Fold case and accents so that ``Seinäjoki`` matches ``seinajoki``.

    Examples
    --------
    >>> fold("Seinäjoki ŽIVLJENJE")
    'seinajoki zivljenje'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def partner_names(partners: pd.DataFrame | None) -> dict[str, str]:
    """Return ``{partner id: short name}`` from :func:`~hopelib.catalogue.load_partners`."""
    if partners is None or partners.empty:
        return {}
    shown = partners["short_name"].fillna(partners["name"])
    return {str(k): str(v) for k, v in shown.items()}


def term_labels(taxonomy: Taxonomy, vocabulary: str, lang: str = "en") -> dict[str, str]:
    """Return ``{id: label}`` of one taxonomy vocabulary in *lang* (file order).

    Examples
    --------
    >>> term_labels(load_taxonomy(), "criteria")["relevance"]
    'Relevance'
    """
    return {
        term_id: taxonomy.label(vocabulary, term_id, lang) for term_id in taxonomy.ids(vocabulary)
    }


def _as_set(value: str | Iterable[str] | None) -> set[str] | None:
    """Turn one id or several into a set; ``None`` or nothing chosen means no filter."""
    if value is None:
        return None
    chosen = {value} if isinstance(value, str) else set(value)
    return chosen if chosen or isinstance(value, str) else None


def _grid(catalogue: pd.DataFrame) -> list[tuple[str, str]]:
    """Return the ``(perspective, part)`` pairs of the catalogue's grid columns, in order."""
    pairs = []
    for column in catalogue.columns:
        match = _GRID_COLUMN.match(str(column))
        if match and f"{column}_lang" in catalogue.columns:
            pairs.append((match.group(1), match.group(2)))
    return pairs


def _join_rows(frame: pd.DataFrame) -> pd.Series:
    """Join each row's strings with new lines (an empty Series for an empty frame)."""
    return pd.Series(["\n".join(row) for row in frame.to_numpy()], index=frame.index, dtype=object)


def _text_columns(catalogue: pd.DataFrame) -> list[str]:
    """Return the catalogue's text columns (those with a ``<column>_lang`` companion)."""
    return [str(c) for c in catalogue.columns if f"{c}_lang" in catalogue.columns]


# ------------------------------------------------------------------ filter and search


def search_index(texts: pd.DataFrame) -> pd.DataFrame:
    """Build the free-text search index of :func:`filter_practices` from ``load_texts``.

    Parameters
    ----------
    texts : pandas.DataFrame
        The frame of :func:`~hopelib.catalogue.load_texts` (``practice``, ``field``,
        ``lang``, ``text``).

    Returns
    -------
    pandas.DataFrame
        Indexed by practice id: one column per language and ``all``, each holding the
        practice's texts in that language, case- and accent-folded.
    """
    if texts.empty:
        return pd.DataFrame({"all": pd.Series(dtype=object)}, index=pd.Index([], name="id"))
    joined = texts.groupby(["practice", "lang"], sort=False)["text"].agg("\n".join)
    wide = joined.unstack("lang").fillna("")
    index = pd.DataFrame(
        {str(lang): wide[lang].map(fold) for lang in wide.columns}, index=wide.index
    )
    index["all"] = _join_rows(index)
    index.index.name = "id"
    return index


def _haystack(catalogue: pd.DataFrame, texts: pd.DataFrame | None, lang: str | None) -> pd.Series:
    """Return the folded text searched for each practice of *catalogue*."""
    if texts is not None:
        index = texts if "all" in texts.columns else search_index(texts)
        column = lang if lang else "all"
        if column not in index.columns:
            return pd.Series("", index=catalogue.index)
        return index[column].reindex(catalogue.index).fillna("")
    columns = _text_columns(catalogue)
    if not columns:
        return pd.Series("", index=catalogue.index)
    shown = catalogue[columns].fillna("").astype(str)
    if lang:
        languages = catalogue[[f"{c}_lang" for c in columns]].to_numpy()
        shown = shown.where(languages == lang, "")
    return _join_rows(shown).map(fold)


def _shares_any(wanted: set[str], terms: object) -> bool:
    """Tell whether *terms* (a tuple of ids; anything else counts as none) holds one of *wanted*."""
    return isinstance(terms, tuple | list | set) and not wanted.isdisjoint(terms)


def filter_practices(
    catalogue: pd.DataFrame,
    partner: str | Iterable[str] | None = None,
    category: str | Iterable[str] | None = None,
    region: str | Iterable[str] | None = None,
    themes: str | Iterable[str] | None = None,
    text: str | None = None,
    lang: str | None = None,
    *,
    texts: pd.DataFrame | None = None,
    target_groups: str | Iterable[str] | None = None,
) -> pd.DataFrame:
    """Return the practices that match every filter given, in the catalogue's order.

    Parameters
    ----------
    catalogue : pandas.DataFrame
        The frame of :func:`~hopelib.catalogue.load_catalogue`.
    partner, category, region : str or list of str, optional
        Keep practices of these partners (``""`` for reference practices), categories or
        regions (regions compared without case and accents).
    themes, target_groups : str or list of str, optional
        Keep practices with at least one of these themes / target groups.
    text : str, optional
        Words that must all occur (case and accents folded) in the practice's texts.
    lang : str, optional
        Search only texts in this language (default: every language).
    texts : pandas.DataFrame, optional
        :func:`search_index` (fast, build it once) or the frame of ``load_texts``: searches
        every language a practice has. Without it, the catalogue's own texts are searched.

    Returns
    -------
    pandas.DataFrame
        The matching rows of *catalogue* (possibly none).

    Examples
    --------
    >>> filter_practices(cat, partner="maribor", text="seinajoki")
    """
    mask = pd.Series(True, index=catalogue.index)
    wanted_partners = _as_set(partner)
    if wanted_partners is not None and "partner" in catalogue.columns:
        mask &= catalogue["partner"].fillna("").isin(wanted_partners)
    wanted_categories = _as_set(category)
    if wanted_categories is not None and "category" in catalogue.columns:
        mask &= catalogue["category"].isin(wanted_categories)
    wanted_regions = _as_set(region)
    if wanted_regions is not None and "region" in catalogue.columns:
        folded = {fold(r) for r in wanted_regions}
        mask &= catalogue["region"].fillna("").map(fold).isin(folded)
    for column, value in (("themes", themes), ("target_groups", target_groups)):
        wanted = _as_set(value)
        if wanted is not None and column in catalogue.columns:
            mask &= catalogue[column].map(partial(_shares_any, wanted))
    words = fold(text).split() if text else []
    if words and mask.any():
        candidates = catalogue[mask]
        haystack = _haystack(candidates, texts, lang)
        found = pd.Series(True, index=candidates.index)
        for word in words:
            found &= haystack.str.contains(word, regex=False)
        mask &= found.reindex(catalogue.index, fill_value=False)
    return catalogue[mask]


# ------------------------------------------------------------------ side by side


def _resources_text(row: pd.Series, lang: str) -> str:
    """Describe a practice's resources in one short paragraph, figures as the source gives."""
    locale = locale_for(lang)
    parts = []
    cost = row.get("resources_cost_eur")
    if pd.notna(cost):
        unit = row.get("resources_cost_unit")
        money = format_money(float(cost), locale)
        parts.append(
            _("{money} per {unit}").format(money=money, unit=unit) if pd.notna(unit) else money
        )
    for column, template in (
        ("resources_participants_max", _("up to {n} participants")),
        ("resources_sessions_per_year", _("{n} sessions a year")),
        ("resources_staff", _("{n} staff")),
    ):
        value = row.get(column)
        if pd.notna(value):
            parts.append(template.format(n=format_number(float(value), locale)))
    notes = row.get("resources_notes")
    text = "; ".join(parts)
    if isinstance(notes, str) and notes:
        text = f"{text}. {notes}" if text else notes
    return text


def _marked(row: pd.Series, column: str, lang: str) -> str:
    """Return a text cell, marked with its language when that is not the asked one."""
    value = row.get(column)
    if not isinstance(value, str) or not value.strip():
        return ""
    shown = row.get(f"{column}_lang")
    if isinstance(shown, str) and shown and shown != lang:
        return f"[{shown}] {value}"
    return value


def side_by_side(
    catalogue: pd.DataFrame,
    ids: Sequence[str],
    lang: str | None = None,
    *,
    taxonomy: Taxonomy | None = None,
    partner_names: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Put practices side by side, one column per practice, one row per template field.

    Parameters
    ----------
    catalogue : pandas.DataFrame
        The frame of :func:`~hopelib.catalogue.load_catalogue` (in the language wanted).
    ids : list of str
        The practices, in the order to show them; unknown ids are left out.
    lang : str, optional
        The interface language (default: the current one). A text shown in another language
        starts with that language's code, e.g. ``[fi]``.
    taxonomy : Taxonomy, optional
        For the perspectives' labels (default: their ids).
    partner_names : mapping, optional
        Partner id → name for the partner row (default: the ids).

    Returns
    -------
    pandas.DataFrame
        Columns: the practice ids; rows: title, partner, summary, each perspective × need /
        solution / results, implementation, resources, evidence, difficulties,
        transferability, continuity — labelled in *lang*. Blanks read "not described yet".
    """
    with language(lang) as lang:
        wanted = [ids] if isinstance(ids, str) else list(ids)
        known = [i for i in dict.fromkeys(wanted) if i in catalogue.index]
        rows = catalogue.loc[known]
        labels: list[str] = [_("Practice"), _("Partner"), _("Summary")]
        fields: list[str] = ["title", "partner", "summary"]
        parts = {"need": _("need"), "solution": _("solution"), "results": _("results")}
        grid = _grid(catalogue)
        names = {p: taxonomy.label("perspectives", p, lang) if taxonomy else p for p, _ in grid}
        for perspective, part in grid:
            name = names[perspective]
            if list(names.values()).count(name) > 1:  # two perspectives, one label
                name = f"{name} ({perspective})"
            labels.append(f"{name} · {parts[part]}")
            fields.append(f"{perspective}_{part}")
        field_names = {
            "implementation": _("Implementation"),
            "resources": _("Resources"),
            "evidence": _("Evidence"),
            "difficulties": _("Difficulties"),
            "transferability": _("Transferability"),
            "continuity": _("Continuity"),
        }
        for name in (*_TEXT_FIELDS_AFTER_GRID, *_TEXT_FIELDS_LAST):
            labels.append(field_names[name])
            fields.append(name)
        blank = _("not described yet")
        reference = _("reference practice")
        data: dict[str, list[str]] = {}
        for practice_id, row in rows.iterrows():
            column = []
            for name in fields:
                if name == "partner":
                    value = row.get("partner")
                    owner = (
                        (partner_names or {}).get(value, value) if isinstance(value, str) else ""
                    )
                    cell = owner or reference
                elif name == "resources":
                    cell = _resources_text(row, lang)
                else:
                    cell = _marked(row, name, lang)
                column.append(cell or blank)
            data[str(practice_id)] = column
        frame = pd.DataFrame(data, index=pd.Index(labels), columns=known, dtype=object)
        frame.columns.name = None
        return frame


def side_by_side_html(
    catalogue: pd.DataFrame,
    ids: Sequence[str],
    lang: str | None = None,
    *,
    taxonomy: Taxonomy | None = None,
    partner_names: Mapping[str, str] | None = None,
) -> Markup:
    """Render :func:`side_by_side` as an HTML table, every string escaped.

    Column headers are the practices' titles (they may repeat); cells, headers and row labels
    are escaped, so text such as ``<script>`` shows as text. Blank fields are greyed.

    Returns
    -------
    markupsafe.Markup
        The table's own styles and a ``<div class="hope-side-by-side">``, or a short message
        when none of *ids* is in the catalogue.
    """
    frame = side_by_side(catalogue, ids, lang, taxonomy=taxonomy, partner_names=partner_names)
    with language(lang):
        blank = _("not described yet")
        rows = [
            {
                "label": str(label),
                "cells": [{"text": str(cell), "blank": cell == blank} for cell in cells],
            }
            for label, cells in frame.iloc[1:].iterrows()
        ]
        titles = [str(title) for title in frame.iloc[0]] if not frame.columns.empty else []
        return render("side_by_side.html.j2", titles=titles, rows=rows)


# ------------------------------------------------------------------ coverage


_COVERAGE_BY = ("category", "themes", "target_groups", "region")


def _exploded(catalogue: pd.DataFrame, by: str) -> pd.DataFrame:
    """Return ``partner``/``term`` pairs of partner practices, one per term."""
    if by not in _COVERAGE_BY:
        raise ValueError(f"by: {by!r} is not one of {', '.join(_COVERAGE_BY)}")
    if by not in catalogue.columns or "partner" not in catalogue.columns:
        return pd.DataFrame({"partner": [], "term": []}, dtype=object)
    own = catalogue[catalogue["partner"].fillna("") != ""]
    pairs = own[["partner", by]].rename(columns={by: "term"})
    if by in ("themes", "target_groups"):
        pairs = pairs.explode("term")
    return pairs.dropna()


def coverage(
    catalogue: pd.DataFrame,
    by: str = "category",
    *,
    partners: Sequence[str] | None = None,
    terms: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Count practices per partner and category, theme or target group.

    Parameters
    ----------
    catalogue : pandas.DataFrame
        The frame of :func:`~hopelib.catalogue.load_catalogue`; reference practices (no
        partner) are not counted.
    by : {"category", "themes", "target_groups", "region"}
        What to count by.
    partners, terms : list of str, optional
        Rows and columns to show, in this order, zeros included (default: those that occur).
        Pass the taxonomy's ids to see the terms nobody covers.

    Returns
    -------
    pandas.DataFrame
        Partner × term counts (integers), index ``partner``, columns named after *by*.
    """
    pairs = _exploded(catalogue, by)
    table = pd.crosstab(pairs["partner"], pairs["term"]) if not pairs.empty else pd.DataFrame()
    rows = list(partners) if partners is not None else sorted(pairs["partner"].unique())
    columns = list(terms) if terms is not None else sorted(pairs["term"].unique())
    table = table.reindex(index=rows, columns=columns, fill_value=0).astype("int64")
    table.index.name = "partner"
    table.columns.name = by
    return table


def coverage_gaps(
    catalogue: pd.DataFrame,
    by: str = "category",
    *,
    partners: Sequence[str] | None = None,
    terms: Sequence[str] | None = None,
) -> pd.DataFrame:
    """List what each partner has no practice in, and who it can learn from there.

    Returns
    -------
    pandas.DataFrame
        Columns ``partner``, ``term``, ``others`` (practices the other partners have in that
        term) and ``learn_from`` (those partners' ids, most practices first); sorted by
        partner, then by ``others`` descending. A term nobody covers has ``others`` 0.
    """
    table = coverage(catalogue, by, partners=partners, terms=terms)
    rows = []
    for partner in table.index:
        for term in table.columns:
            if table.at[partner, term]:
                continue
            column = table[term].drop(partner)
            teachers = column[column > 0].sort_values(ascending=False, kind="stable")
            rows.append((partner, term, int(teachers.sum()), tuple(teachers.index)))
    gaps = pd.DataFrame(rows, columns=["partner", "term", "others", "learn_from"])
    order = {p: i for i, p in enumerate(table.index)}
    gaps = gaps.sort_values(
        ["partner", "others"], key=lambda s: s.map(order) if s.name == "partner" else -s
    )
    return gaps.reset_index(drop=True)


def region_counts(catalogue: pd.DataFrame, *, partner: str | None = None) -> pd.DataFrame:
    """Count practices per region and partner, reference practices included.

    Parameters
    ----------
    catalogue : pandas.DataFrame
        The frame of :func:`~hopelib.catalogue.load_catalogue`, possibly filtered.
    partner : str, optional
        Only this partner's practices (``""`` for the reference practices).

    Returns
    -------
    pandas.DataFrame
        Region × partner counts (integers), index ``region`` (``""`` where a practice
        gives none), columns ``partner`` (``""`` for the reference practices); the region
        with most practices first.
    """
    if catalogue.empty or not {"region", "partner"} <= set(catalogue.columns):
        table = pd.DataFrame(dtype="int64")
    else:
        frame = catalogue
        if partner is not None:
            frame = frame[frame["partner"].fillna("").astype(str) == partner]
        regions = frame["region"].fillna("").astype(str).rename("region")
        owners = frame["partner"].fillna("").astype(str).rename("partner")
        table = pd.crosstab(regions, owners) if len(frame) else pd.DataFrame(dtype="int64")
        order = table.sum(axis=1).sort_values(ascending=False, kind="stable").index
        table = table.loc[order].astype("int64")
    table.index.name = "region"
    table.columns.name = "partner"
    return table


# ------------------------------------------------------------------ similarity

_STOP_WORDS = {
    # Finnish and Slovenian function words; English comes from scikit-learn's list.
    "fi": "ja on ei se että tai sekä ovat oli myös kun joka jotka mutta niin kuin jos "
    "sen ne hän me te he tämä nämä ole olla voi voidaan mukaan kanssa jälkeen",
    "sl": "in je za na da ki so se pri tudi ali od do po kot pa bi ter smo ste bo "
    "lahko njihov njihova tega ta to te tem med",
}


@dataclass(frozen=True)
class SimilarityIndex:
    """TF-IDF vectors of every practice's texts, for :func:`similar_practices`.

    Build it once with :func:`build_similarity_index`; a query then costs one sparse
    matrix–vector product.
    """

    ids: pd.Index
    partners: pd.Series
    titles: pd.Series
    vectors: csr_matrix
    terms: np.ndarray[Any, Any]
    vectorizer: TfidfVectorizer


def _documents(catalogue: pd.DataFrame, texts: pd.DataFrame | None) -> pd.Series:
    """Return one document per practice: all its texts (every language with *texts*)."""
    if texts is not None and not texts.empty:
        joined = texts.groupby("practice", sort=False)["text"].agg("\n".join)
        return joined.reindex(catalogue.index).fillna("")
    columns = _text_columns(catalogue)
    if not columns:
        return pd.Series("", index=catalogue.index)
    return _join_rows(catalogue[columns].fillna("").astype(str))


#: How much shared themes and target groups weigh beside the words of the texts.
_TAG_WEIGHT = 0.6
_TAG_PREFIXES = {"themes": "theme", "target_groups": "for"}


def _tag_vectors(catalogue: pd.DataFrame) -> tuple[Any, list[str]]:
    """Return TF-IDF vectors of each practice's themes and target groups, and their names."""
    from scipy.sparse import csr_matrix
    from sklearn.feature_extraction.text import TfidfVectorizer

    tags: list[list[str]] = [[] for _ in range(len(catalogue))]
    for column, prefix in _TAG_PREFIXES.items():
        if column in catalogue.columns:
            for row, terms in zip(tags, catalogue[column], strict=True):
                row.extend(
                    f"{prefix}:{term}"
                    for term in (terms if isinstance(terms, tuple | list) else ())
                )
    if not any(tags):
        return csr_matrix((len(catalogue), 0), dtype=np.float32), []
    vectorizer = TfidfVectorizer(analyzer=lambda terms: terms, dtype=np.float32)
    vectors = vectorizer.fit_transform(tags)
    return vectors, list(vectorizer.get_feature_names_out())


def build_similarity_index(
    catalogue: pd.DataFrame, texts: pd.DataFrame | None = None
) -> SimilarityIndex:
    """Build the TF-IDF index over summaries and template texts (scikit-learn).

    Parameters
    ----------
    catalogue : pandas.DataFrame
        The frame of :func:`~hopelib.catalogue.load_catalogue`.
    texts : pandas.DataFrame, optional
        The frame of :func:`~hopelib.catalogue.load_texts`: every language a practice has
        (default: the catalogue's texts in its language).

    Returns
    -------
    SimilarityIndex
    """
    from scipy.sparse import csr_matrix, hstack
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
    from sklearn.preprocessing import normalize

    documents = _documents(catalogue, texts)
    stop_words = set(ENGLISH_STOP_WORDS)
    for words in _STOP_WORDS.values():
        stop_words |= {fold(w) for w in words.split()}
    vectorizer = TfidfVectorizer(
        strip_accents="unicode",
        lowercase=True,
        token_pattern=r"(?u)\b[^\W\d_]{3,}\b",
        stop_words=sorted(stop_words),
        sublinear_tf=True,
        max_df=0.5 if len(documents) > 20 else 1.0,
        dtype=np.float32,
    )
    try:
        words = vectorizer.fit_transform(documents.tolist())
        word_terms = list(vectorizer.get_feature_names_out())
    except ValueError:  # no words at all, or only stop words
        words = csr_matrix((len(documents), 0), dtype=np.float32)
        word_terms = []
    tags, tag_terms = _tag_vectors(catalogue)
    vectors = hstack([words, tags * _TAG_WEIGHT], format="csr", dtype=np.float32)
    if vectors.shape[1]:
        vectors = normalize(vectors)
    terms = np.array(word_terms + tag_terms, dtype=object)
    partner = catalogue["partner"] if "partner" in catalogue.columns else None
    title = catalogue["title"] if "title" in catalogue.columns else None
    return SimilarityIndex(
        ids=catalogue.index.copy(),
        partners=(partner if partner is not None else pd.Series("", catalogue.index))
        .fillna("")
        .astype(str),
        titles=(title if title is not None else pd.Series("", catalogue.index)).fillna(""),
        vectors=vectors,
        terms=terms,
        vectorizer=vectorizer,
    )


_SIMILAR_COLUMNS = ["score", "title", "partner", "shared_terms"]


def _empty_similar() -> pd.DataFrame:
    """Return the empty answer of :func:`similar_practices`."""
    frame = pd.DataFrame({c: pd.Series(dtype=object) for c in _SIMILAR_COLUMNS})
    frame["score"] = frame["score"].astype(float)
    frame.index.name = "id"
    return frame


def similar_practices(
    catalogue: pd.DataFrame,
    practice_id: str,
    n: int = 5,
    *,
    index: SimilarityIndex | None = None,
    texts: pd.DataFrame | None = None,
    n_terms: int = 5,
) -> pd.DataFrame:
    """Find the practices of *other* partners most similar to one practice.

    Parameters
    ----------
    catalogue : pandas.DataFrame
        The frame of :func:`~hopelib.catalogue.load_catalogue`.
    practice_id : str
        The practice to match.
    n : int, default 5
        How many to return at most.
    index : SimilarityIndex, optional
        A prebuilt index (:func:`build_similarity_index`); built here otherwise.
    texts : pandas.DataFrame, optional
        ``load_texts`` for an index built here.
    n_terms : int, default 5
        How many shared terms to name per match.

    Returns
    -------
    pandas.DataFrame
        Indexed by practice ``id``, best first: ``score`` (cosine similarity, 0–1),
        ``title``, ``partner`` (empty for reference practices) and ``shared_terms`` (the
        words that weigh most in the match). Practices of the same partner, and matches
        sharing no word, are left out; an unknown id gives an empty frame.
    """
    if index is None:
        index = build_similarity_index(catalogue, texts)
    if practice_id not in index.ids or n <= 0 or index.vectors.shape[1] == 0:
        return _empty_similar()
    row = index.ids.get_loc(practice_id)
    query = index.vectors[row]
    scores = np.asarray((index.vectors @ query.T).todense()).ravel()
    own_partner = index.partners.iloc[row]
    eligible = scores > 0
    eligible[row] = False
    if own_partner:
        eligible &= index.partners.to_numpy() != own_partner
    candidates = np.flatnonzero(eligible)
    if candidates.size == 0:
        return _empty_similar()
    order = candidates[np.lexsort((index.ids.to_numpy()[candidates], -scores[candidates]))]
    best = order[:n]
    shared = []
    for other in best:
        weights = query.multiply(index.vectors[other]).tocoo()
        top = np.argsort(-weights.data, kind="stable")[:n_terms]
        shared.append(tuple(str(index.terms[weights.col[i]]) for i in top))
    frame = pd.DataFrame(
        {
            "score": scores[best].astype(float).round(4),
            "title": index.titles.iloc[best].to_numpy(),
            "partner": index.partners.iloc[best].to_numpy(),
            "shared_terms": shared,
        },
        index=pd.Index(index.ids[best], name="id"),
    )
    return frame


def similarity_matrix(
    catalogue: pd.DataFrame,
    ids: Sequence[str] | None = None,
    *,
    index: SimilarityIndex | None = None,
    texts: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Return the cosine similarity of every pair of practices in *ids* (0–1, square).

    Unknown ids are left out; the diagonal is 1 for a practice with any words.
    """
    if index is None:
        index = build_similarity_index(catalogue, texts)
    wanted = [i for i in dict.fromkeys(ids if ids is not None else index.ids) if i in index.ids]
    rows = [index.ids.get_loc(i) for i in wanted]
    vectors = index.vectors[rows]
    values = np.asarray((vectors @ vectors.T).todense(), dtype=float).round(4)
    frame = pd.DataFrame(values, index=pd.Index(wanted, name="id"), columns=wanted)
    return frame.clip(upper=1.0)


# ------------------------------------------------------------------ unit figures

UNIT_FIGURE_COLUMNS = [
    "cost_per_session",
    "cost_per_place_per_session",
    "cost_per_year",
    "places_per_year",
    "cost_per_place_per_year",
    "cost_per_participant",
    "cost_per_participant_reached",
]


def unit_figures(catalogue: pd.DataFrame) -> pd.DataFrame:
    """Derive unit figures from ``resources`` and ``reach``, only where the inputs exist.

    Capacity is not attendance: *places* come from ``participants_max`` (how many a group
    can take), *participants reached* from ``reach`` (people actually reached).

    Returns
    -------
    pandas.DataFrame
        Indexed by practice id, only practices with at least one figure, columns (euros,
        NaN where an input is missing):

        - ``cost_per_session``: the stated cost of one session;
        - ``cost_per_place_per_session``: that cost over ``participants_max``;
        - ``cost_per_year``: a yearly cost as stated, or the session cost ×
          ``sessions_per_year``;
        - ``places_per_year``: ``participants_max`` × ``sessions_per_year`` (capacity);
        - ``cost_per_place_per_year``: ``cost_per_year`` over ``places_per_year``;
        - ``cost_per_participant``: a cost stated per participant;
        - ``cost_per_participant_reached``: ``cost_per_year`` over
          ``reach_participants_per_year``.
    """

    def column(name: str) -> pd.Series:
        if name not in catalogue.columns:
            return pd.Series(np.nan, index=catalogue.index)
        return pd.to_numeric(catalogue[name], errors="coerce").astype(float)

    unit = (
        catalogue["resources_cost_unit"]
        if "resources_cost_unit" in catalogue.columns
        else pd.Series(None, index=catalogue.index, dtype=object)
    )
    cost = column("resources_cost_eur")
    places = column("resources_participants_max").where(lambda s: s > 0)
    sessions = column("resources_sessions_per_year").where(lambda s: s > 0)
    reached = column("reach_participants_per_year").where(lambda s: s > 0)
    per_session = cost.where(unit == "session")
    per_year = cost.where(unit == "year").fillna(per_session * sessions)
    places_per_year = places * sessions
    figures = pd.DataFrame(
        {
            "cost_per_session": per_session,
            "cost_per_place_per_session": per_session / places,
            "cost_per_year": per_year,
            "places_per_year": places_per_year,
            "cost_per_place_per_year": per_year / places_per_year,
            "cost_per_participant": cost.where(unit == "participant"),
            "cost_per_participant_reached": per_year / reached,
        },
        index=catalogue.index,
    )
    return figures[figures.notna().any(axis=1)]


# ------------------------------------------------------------------ scores


def _frame(records: pd.DataFrame | None, columns: Sequence[str]) -> pd.DataFrame:
    """Return *records*, or an empty frame with *columns*; name any missing column."""
    if records is None or records.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    needed = [c for c in columns if c not in ("id", "created_at", "comment", "rationale")]
    missing = [c for c in needed if c not in records.columns and c != "visibility"]
    if missing:
        raise ValueError(
            f"the records have no column {', '.join(missing)} (expected: {', '.join(columns)})"
        )
    return records


def criterion_scales(taxonomy: Taxonomy) -> dict[str, tuple[float, float]]:
    """Return each criterion's scale as ``{id: (min, max)}`` (for :func:`ranking`)."""
    return {c.id: (float(c.scale.min), float(c.scale.max)) for c in taxonomy.criteria}


def _shares(means: pd.Series, scales: Mapping[str, tuple[float, float]]) -> pd.Series:
    """Put criterion means (indexed by practice, criterion) on 0–1 of their scales."""
    criteria = means.index.get_level_values("criterion")
    low = pd.Series([scales.get(c, (0.0, 1.0))[0] for c in criteria], index=means.index)
    high = pd.Series([scales.get(c, (0.0, 1.0))[1] for c in criteria], index=means.index)
    return ((means - low) / (high - low).where(high > low)).clip(0, 1)


def current_records(
    records: pd.DataFrame | None,
    keys: Sequence[str],
    withdrawals: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Keep the records that count: the latest by ``seq`` per *keys*, not withdrawn.

    A correction is a newer row with the same keys; a withdrawal (``record`` = a row's
    ``id``) makes that row stop counting, and an earlier row it replaced does not come back.

    Parameters
    ----------
    records : pandas.DataFrame
        Store records with ``seq`` and the *keys* columns (and ``id`` for withdrawals).
    keys : list of str
        What one answer is about, e.g. ``["session", "participant", "practice",
        "criterion"]`` for ratings.
    withdrawals : pandas.DataFrame, optional
        The store's ``withdrawals`` records (column ``record``).
    """
    if records is None or records.empty:
        names = list(records.columns) if records is not None else list(keys)
        return pd.DataFrame({c: pd.Series(dtype=object) for c in names})
    latest = records.sort_values("seq", kind="stable").drop_duplicates(list(keys), keep="last")
    if withdrawals is not None and not withdrawals.empty and "id" in latest.columns:
        latest = latest[~latest["id"].isin(set(withdrawals["record"]))]
    return latest.sort_values("seq", kind="stable")


_RATING_KEYS = ["session", "participant", "practice", "criterion"]
_SUMMARY_COLUMNS = ["mean", "median", "spread", "min", "max", "n"]


def _current_ratings(
    ratings: pd.DataFrame | None, withdrawals: pd.DataFrame | None, partner: str | None
) -> pd.DataFrame:
    """Return the ratings that count, of one partner's participants when *partner* is set."""
    frame = _frame(ratings, RATING_COLUMNS)
    current = current_records(frame, _RATING_KEYS, withdrawals)
    if partner is not None and not current.empty:
        current = current[current["partner"] == partner]
    if current.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in RATING_COLUMNS})
    current = current.copy()
    current["score"] = pd.to_numeric(current["score"], errors="coerce")
    return current.dropna(subset=["score"])


def score_summary(
    ratings: pd.DataFrame | None,
    withdrawals: pd.DataFrame | None = None,
    *,
    partner: str | None = None,
    by_partner: bool = False,
) -> pd.DataFrame:
    """Summarise the ratings that count per practice × criterion.

    Parameters
    ----------
    ratings : pandas.DataFrame
        Ratings shaped like the store's records (:data:`RATING_COLUMNS`), of one session.
    withdrawals : pandas.DataFrame, optional
        The store's withdrawals.
    partner : str, optional
        Only the ratings of this partner's participants.
    by_partner : bool, default False
        One row per partner × practice × criterion instead of overall.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``practice`` and ``criterion`` (``partner`` first with *by_partner*):
        ``mean``, ``median``, ``spread`` (sample standard deviation; NaN for a single
        rating, which has no spread), ``min``, ``max`` and ``n`` (ratings counted).
        A criterion nobody scored has no row: it is not a zero.
    """
    keys = ["partner", "practice", "criterion"] if by_partner else ["practice", "criterion"]
    current = _current_ratings(ratings, withdrawals, partner)
    if current.empty:
        empty = pd.DataFrame({c: pd.Series(dtype=float) for c in _SUMMARY_COLUMNS})
        empty["n"] = empty["n"].astype("int64")
        empty.index = pd.MultiIndex.from_arrays([[] for _ in keys], names=keys)
        return empty
    grouped = current.groupby(keys, sort=True)["score"]
    summary = grouped.agg(["mean", "median", "std", "min", "max", "count"])
    summary.columns = pd.Index(_SUMMARY_COLUMNS)
    summary["n"] = summary["n"].astype("int64")
    return summary


_RANKING_COLUMNS = ["rank", "mean", "n_raters", "n_ratings", "n_criteria", "tied", "note"]


def ranking(
    ratings: pd.DataFrame | None,
    withdrawals: pd.DataFrame | None = None,
    *,
    partner: str | None = None,
    lang: str | None = None,
    scales: Mapping[str, tuple[float, float]] | None = None,
) -> pd.DataFrame:
    """Rank practices by their mean score (each criterion weighing the same).

    With *scales* (criterion → (min, max), see :func:`criterion_scales`) each criterion's
    mean is first put on 0–1 (its share of the scale), so that criteria on different scales
    weigh the same; the ranking then follows the ``share`` column.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``practice``, best first: ``rank`` (ties share the best rank: 1, 2, 2,
        4), ``mean`` (the mean of the criterion means), ``n_raters`` (participants),
        ``n_ratings``, ``n_criteria`` (criteria scored), ``tied`` and ``note`` (e.g.
        "one rating only", in *lang*).
    """
    current = _current_ratings(ratings, withdrawals, partner)
    if current.empty:
        frame = pd.DataFrame({c: pd.Series(dtype=object) for c in _RANKING_COLUMNS})
        frame.index.name = "practice"
        return frame
    means = current.groupby(["practice", "criterion"])["score"].mean()
    shares = _shares(means, scales) if scales else None
    by_practice = current.groupby("practice")
    frame = pd.DataFrame(
        {
            "mean": means.groupby(level="practice").mean(),
            "n_raters": by_practice["participant"].nunique(),
            "n_ratings": by_practice.size(),
            "n_criteria": by_practice["criterion"].nunique(),
        }
    )
    if shares is not None:
        frame["share"] = shares.groupby(level="practice").mean()
    rounded = (frame["share"] if shares is not None else frame["mean"]).round(6)
    frame.insert(0, "rank", rounded.rank(method="min", ascending=False).astype("int64"))
    frame["tied"] = rounded.duplicated(keep=False)
    with language(lang):
        frame["note"] = [
            _("one rating only") if n == 1 else _("one participant only") if raters == 1 else ""
            for n, raters in zip(frame["n_ratings"], frame["n_raters"], strict=True)
        ]
    frame.index.name = "practice"
    return frame.sort_values(["rank", "n_raters"], ascending=[True, False], kind="stable")


_INTEREST_KEYS = ["session", "participant", "practice"]


def transfer_matrix(
    interests: pd.DataFrame | None,
    withdrawals: pd.DataFrame | None = None,
    *,
    levels: Sequence[str] = TRANSFER_LEVELS,
) -> pd.DataFrame:
    """Each partner's transfer level per practice: its participants' most common level.

    Parameters
    ----------
    interests : pandas.DataFrame
        Interests shaped like the store's records (:data:`INTEREST_COLUMNS`).
    withdrawals : pandas.DataFrame, optional
        The store's withdrawals.
    levels : list of str
        Transfer levels from the most to the least ambitious (the taxonomy's order): a tie
        goes to the more ambitious level.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``partner`` and ``practice``: ``level``, ``n_level`` (participants who
        chose it), ``n_participants`` (participants who answered) and one count column per
        level (``n_adopt`` …).
    """
    count_columns = [f"n_{level}" for level in levels]
    columns = ["level", "n_level", "n_participants", *count_columns]
    current = current_records(_frame(interests, INTEREST_COLUMNS), _INTEREST_KEYS, withdrawals)
    if not current.empty:
        current = current[current["level"].isin(levels)]
    if current.empty:
        empty = pd.DataFrame({c: pd.Series(dtype="int64") for c in columns})
        empty["level"] = empty["level"].astype(object)
        empty.index = pd.MultiIndex.from_arrays([[], []], names=["partner", "practice"])
        return empty
    counts = pd.crosstab([current["partner"], current["practice"]], current["level"])
    counts = counts.reindex(columns=list(levels), fill_value=0)
    chosen = counts.idxmax(axis=1)  # first maximum: the more ambitious level wins ties
    frame = pd.DataFrame(
        {
            "level": chosen,
            "n_level": counts.max(axis=1).astype("int64"),
            "n_participants": counts.sum(axis=1).astype("int64"),
        }
    )
    for level, name in zip(levels, count_columns, strict=True):
        frame[name] = counts[level].astype("int64")
    frame.index.names = ["partner", "practice"]
    return frame
