"""Find practices: a lemma index of every text (Finnish, Slovenian, English) and filters."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import partial
from itertools import chain

import numpy as np
import pandas as pd

from .lemmas import MIN_PREFIX, matches, query_forms, token_forms, words
from .text import fold, text_columns

__all__ = [
    "NAME_COLUMNS",
    "filter_practices",
    "highlight_words",
    "query_words",
    "search_index",
]

#: The catalogue's names searched beside the texts: who runs a practice, and where.
NAME_COLUMNS = ("organisation", "region", "location_place")
#: The fields whose hits rank a practice first (title before summary).
_RANKED_FIELDS = ("title", "summary")


def _as_set(value: str | Iterable[str] | None) -> set[str] | None:
    """Turn one id or several into a set; ``None`` or nothing chosen means no filter."""
    if value is None:
        return None
    chosen = {value} if isinstance(value, str) else set(value)
    return chosen if chosen or isinstance(value, str) else None


def query_words(text: str | None) -> list[str]:
    """Split a search into its words (letters and digits), as the index splits texts.

    Examples
    --------
    >>> query_words("Y-Zone  nuoret")
    ['Y', 'Zone', 'nuoret']
    """
    return [match.group() for match in words(text)] if text else []


def _name_rows(catalogue: pd.DataFrame) -> pd.DataFrame:
    """Return the catalogue's names (organisation, region, place) as rows of ``load_texts``."""
    present = [c for c in NAME_COLUMNS if c in catalogue.columns]
    if not present or catalogue.empty:
        return pd.DataFrame(columns=["practice", "field", "lang", "text"])
    langs = (
        catalogue["lang"].fillna("en").astype(str)
        if "lang" in catalogue.columns
        else pd.Series("en", index=catalogue.index)
    )
    frame = catalogue[present].rename_axis("practice").reset_index()
    frame["lang"] = langs.to_numpy()
    long = frame.melt(["practice", "lang"], present, var_name="field", value_name="text")
    long = long[long["text"].map(lambda v: isinstance(v, str) and bool(v))]
    return long[["practice", "field", "lang", "text"]]


def _catalogue_texts(catalogue: pd.DataFrame) -> pd.DataFrame:
    """Return the catalogue's own texts (each in its shown language) as rows of ``load_texts``."""
    parts = [
        pd.DataFrame(
            {
                "practice": catalogue.index,
                "field": column,
                "lang": catalogue[f"{column}_lang"].fillna("").astype(str).to_numpy(),
                "text": catalogue[column].to_numpy(),
            }
        )
        for column in text_columns(catalogue)
    ]
    rows = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    if rows.empty:
        return pd.DataFrame(columns=["practice", "field", "lang", "text"])
    return rows[rows["text"].map(lambda v: isinstance(v, str) and bool(v))]


def _joined(forms: set[str]) -> str:
    """Return a practice's forms as one searchable string: ``" form form … "``."""
    return f" {' '.join(forms)} " if forms else ""


def search_index(texts: pd.DataFrame, catalogue: pd.DataFrame | None = None) -> pd.DataFrame:
    """Build the search index of :func:`filter_practices`: every word and its lemma.

    Each word of a practice's texts is kept case- and accent-folded, beside its lemma in the
    text's language (Finnish, Slovenian or English, by simplemma), so that a search for
    *nuoret* finds *nuorten* and *nuorille*. Build it once per catalogue.

    Parameters
    ----------
    texts : pandas.DataFrame
        The frame of :func:`~hopelib.catalogue.load_texts` (``practice``, ``field``,
        ``lang``, ``text``).
    catalogue : pandas.DataFrame, optional
        The frame of :func:`~hopelib.catalogue.load_catalogue`: its organisation, region and
        place names (:data:`NAME_COLUMNS`) are searched too.

    Returns
    -------
    pandas.DataFrame
        Indexed by practice id: a column per language and ``all`` (every language), and
        ``field:title`` and ``field:summary`` (for the ranking), each holding the folded
        words and lemmas of those texts as ``" word lemma … "``.

    Examples
    --------
    >>> index = search_index(load_texts(), load_catalogue())
    >>> filter_practices(catalogue, text="nuoret", texts=index)
    """
    if catalogue is not None:
        texts = pd.concat([texts, _name_rows(catalogue)], ignore_index=True)
    if texts.empty:
        return pd.DataFrame({"all": pd.Series(dtype=object)}, index=pd.Index([], name="id"))
    by_lang: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    by_field: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for practice, field, lang, text in zip(
        texts["practice"].astype(str).tolist(),
        texts["field"].tolist(),
        texts["lang"].fillna("").astype(str).tolist(),
        texts["text"].tolist(),
        strict=True,
    ):
        if not isinstance(text, str) or not text:
            continue
        tokens = text.split()
        by_lang[lang][practice].update(tokens)
        if field in _RANKED_FIELDS:
            by_field[(field, lang)][practice].update(tokens)
    tables = {
        lang: token_forms(set().union(*practices.values()), lang)
        for lang, practices in by_lang.items()
    }
    columns: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for lang, practices in by_lang.items():
        lookup = tables[lang].__getitem__
        for practice, seen in practices.items():
            forms = set(chain.from_iterable(map(lookup, seen)))
            columns["all"][practice] |= forms
            if lang:
                columns[lang][practice] = forms
    for (field, lang), practices in by_field.items():
        lookup = tables[lang].__getitem__
        for practice, seen in practices.items():
            columns[f"field:{field}"][practice].update(chain.from_iterable(map(lookup, seen)))
    ids = pd.Index(list(columns["all"]), name="id")
    return pd.DataFrame(
        {
            name: [_joined(by_practice.get(i, set())) for i in ids]
            for name, by_practice in columns.items()
        },
        index=ids,
    )


def _found(haystack: pd.Series, word: str) -> pd.Series:
    """Tell which index strings match a query *word* (the rule of :func:`.lemmas.matches`)."""
    folded, lemmas = query_forms(word)
    inside = folded if len(folded) >= MIN_PREFIX else f" {folded} "
    hit = haystack.str.contains(inside, regex=False)
    for form in lemmas:
        hit |= haystack.str.contains(f" {form} ", regex=False)
    return hit


def _search(
    catalogue: pd.DataFrame, index: pd.DataFrame, terms: list[str], lang: str | None
) -> pd.Series:
    """Return the rank of each practice of *catalogue* that has every word (NaN: not found)."""
    column = lang if lang else "all"
    if column not in index.columns:
        return pd.Series(np.nan, index=catalogue.index)
    haystack = index[column].reindex(catalogue.index).fillna("")
    haystack = haystack[haystack != ""]
    for word in terms:
        if haystack.empty:
            break
        haystack = haystack[_found(haystack, word)]
    rank = pd.Series(0.0, index=haystack.index)
    for weight, field in zip((2.0, 1.0), _RANKED_FIELDS, strict=True):
        name = f"field:{field}"
        if name in index.columns and not rank.empty:
            shown = index[name].reindex(rank.index).fillna("")
            for word in terms:
                rank += weight * _found(shown, word).astype(float)
    return rank.reindex(catalogue.index)


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
    """Return the practices that match every filter given; with *text*, the best first.

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
        Words that must all occur in the practice's texts, names of its organisation,
        region and place included. Case and accents do not matter; a word finds its
        inflected forms in Finnish, Slovenian and English (*nuoret* finds *nuorten*,
        *mladi* finds *mladih*: the same lemma), and a word of five letters or more is also
        found inside longer words (*nuoriso* finds *nuorisotyö*, *polku* finds *työpolku*).
    lang : str, optional
        Search only texts in this language (default: every language).
    texts : pandas.DataFrame, optional
        :func:`search_index` (fast: build it once) or the frame of ``load_texts``: searches
        every language a practice has. Without it, the catalogue's own texts are searched.

    Returns
    -------
    pandas.DataFrame
        The matching rows of *catalogue* (possibly none): in the catalogue's order, or with
        *text* ranked: practices with the words in their title first, then in their
        summary, then the rest (the catalogue's order among equals).

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
    terms = query_words(text)
    if not terms or not mask.any():
        return catalogue[mask]
    candidates = catalogue[mask]
    if texts is None:
        index = search_index(_catalogue_texts(candidates), candidates)
    elif "all" in texts.columns:
        index = texts
    else:
        index = search_index(texts, candidates)
    rank = _search(candidates, index, terms, lang)
    found = np.flatnonzero(rank.notna().to_numpy())
    order = found[np.argsort(-rank.to_numpy()[found], kind="stable")]
    return candidates.iloc[order]


def highlight_words(
    text: str, query: str | None, lang: str | None = None
) -> list[tuple[str, bool]]:
    """Split *text* into pieces, marking the words a search for *query* matched.

    Parameters
    ----------
    text : str
        A text shown with the results (a title).
    query : str or None
        The search, as given to :func:`filter_practices`.
    lang : str, optional
        The text's language (default: try Finnish, Slovenian and English).

    Returns
    -------
    list of (str, bool)
        The pieces of *text* in order, joined they give *text* back; ``True`` marks a
        matched word. Plain text: escape it when it becomes HTML (a template does).

    Examples
    --------
    >>> highlight_words("Nuorten työpaja", "nuoret")
    [('Nuorten', True), (' työpaja', False)]
    """
    terms = query_words(query)
    if not terms or not text:
        return [(text, False)] if text else []
    pieces: list[tuple[str, bool]] = []
    start = 0
    for match in words(text):
        word = match.group()
        if any(matches(term, word, lang) for term in terms):
            if match.start() > start:
                pieces.append((text[start : match.start()], False))
            pieces.append((word, True))
            start = match.end()
    if start < len(text):
        pieces.append((text[start:], False))
    return pieces
