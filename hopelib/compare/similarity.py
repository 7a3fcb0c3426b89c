"""Look-alike practices: TF-IDF on the practices' texts and tags (scikit-learn)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .text import fold, join_rows, text_columns

if TYPE_CHECKING:
    from scipy.sparse import csr_matrix
    from sklearn.feature_extraction.text import TfidfVectorizer

__all__ = [
    "SimilarityIndex",
    "build_similarity_index",
    "similar_practices",
    "similarity_matrix",
]

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
    columns = text_columns(catalogue)
    if not columns:
        return pd.Series("", index=catalogue.index)
    return join_rows(catalogue[columns].fillna("").astype(str))


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
