"""Find practices: an accent-free index of every text, and filters on the catalogue."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING

import pandas as pd

from .text import fold, join_rows, text_columns

if TYPE_CHECKING:
    pass

__all__ = [
    "filter_practices",
    "search_index",
]


def _as_set(value: str | Iterable[str] | None) -> set[str] | None:
    """Turn one id or several into a set; ``None`` or nothing chosen means no filter."""
    if value is None:
        return None
    chosen = {value} if isinstance(value, str) else set(value)
    return chosen if chosen or isinstance(value, str) else None


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
    index["all"] = join_rows(index)
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
    columns = text_columns(catalogue)
    if not columns:
        return pd.Series("", index=catalogue.index)
    shown = catalogue[columns].fillna("").astype(str)
    if lang:
        languages = catalogue[[f"{c}_lang" for c in columns]].to_numpy()
        shown = shown.where(languages == lang, "")
    return join_rows(shown).map(fold)


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
