"""Labels and text shared by the comparisons: accent-free folding, partner and term names."""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

import pandas as pd

from ..models import Taxonomy

if TYPE_CHECKING:
    pass

__all__ = [
    "fold",
    "join_rows",
    "partner_names",
    "term_labels",
    "text_columns",
]


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


def join_rows(frame: pd.DataFrame) -> pd.Series:
    """Join each row's strings with new lines (an empty Series for an empty frame)."""
    return pd.Series(["\n".join(row) for row in frame.to_numpy()], index=frame.index, dtype=object)


def text_columns(catalogue: pd.DataFrame) -> list[str]:
    """Return the catalogue's text columns (those with a ``<column>_lang`` companion)."""
    return [str(c) for c in catalogue.columns if f"{c}_lang" in catalogue.columns]
