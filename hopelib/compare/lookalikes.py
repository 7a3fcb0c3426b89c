"""Look-alike practices as people read them: why they look alike, and how much."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from ..i18n import _, language
from ..models import Taxonomy
from .lemmas import words
from .text import fold, text_columns

__all__ = [
    "SIMILARITY_LEVELS",
    "closeness",
    "similar_view",
    "similarity_reason",
]

#: Lowest score of each word for a similarity (cosine, 0–1), closest first.
SIMILARITY_LEVELS = ((0.15, "close"), (0.08, "some"), (0.0, "slight"))
#: Shared words named in a reason, at most.
_WORDS = 3


def closeness(score: float, lang: str | None = None) -> str:
    """Say a similarity score (0–1) as a word: "close", "some" or "slight".

    Examples
    --------
    >>> closeness(0.2), closeness(0.1), closeness(0.02)
    ('close', 'some', 'slight')
    """
    with language(lang):
        words_of = {"close": _("close"), "some": _("some"), "slight": _("slight")}
        level = next((level for lowest, level in SIMILARITY_LEVELS if score >= lowest), "slight")
        return words_of[level]


def _in_sentence(label: str) -> str:
    """Lower a label's first letter for the middle of a sentence (not an acronym's)."""
    if len(label) > 1 and label[0].isupper() and label[1].islower():
        return label[0].lower() + label[1:]
    return label


def _tags(catalogue: pd.DataFrame, practice: str, column: str) -> list[str]:
    """Return a practice's themes or target groups (none when unknown)."""
    if column not in catalogue.columns or practice not in catalogue.index:
        return []
    value = catalogue.at[practice, column]
    return list(value) if isinstance(value, tuple | list) else []


def _surface_words(catalogue: pd.DataFrame, practice: str, lang: str) -> dict[str, str]:
    """Return ``{folded word: word as written}`` of a practice's texts in *lang*."""
    found: dict[str, str] = {}
    if practice not in catalogue.index:
        return found
    row = catalogue.loc[practice]
    for column in text_columns(catalogue):
        text = row[column]
        if isinstance(text, str) and row[f"{column}_lang"] == lang:
            for match in words(text):
                found.setdefault(fold(match.group()), match.group().lower())
    return found


def similarity_reason(
    catalogue: pd.DataFrame,
    practice: str,
    other: str,
    shared_terms: Iterable[str],
    taxonomy: Taxonomy,
    lang: str = "en",
) -> str:
    """Say in plain words why two practices look alike, in the reader's language.

    Parameters
    ----------
    catalogue : pandas.DataFrame
        :func:`~hopelib.catalogue.load_catalogue` in *lang* (its texts give the words).
    practice, other : str
        The two practices' ids.
    shared_terms : iterable of str
        ``shared_terms`` of :func:`~hopelib.compare.similar_practices` for the pair.
    taxonomy : Taxonomy
        For the labels of target groups and themes.
    lang : str
        The reader's language.

    Returns
    -------
    str
        E.g. "Both work with young people; both are about employment; both mention
        coaching, mentoring"; "Similar words in their texts" when the words they share are
        in other languages only.
    """
    with language(lang):
        parts = []
        theirs_groups = _tags(catalogue, other, "target_groups")
        groups = [g for g in _tags(catalogue, practice, "target_groups") if g in theirs_groups]
        if groups:
            labels = [_in_sentence(taxonomy.label("target_groups", g, lang)) for g in groups]
            parts.append(_("both work with {groups}").format(groups=", ".join(labels)))
        theirs_themes = _tags(catalogue, other, "themes")
        themes = [t for t in _tags(catalogue, practice, "themes") if t in theirs_themes]
        if themes:
            labels = [_in_sentence(taxonomy.label("themes", t, lang)) for t in themes]
            parts.append(_("both are about {themes}").format(themes=", ".join(labels)))
        mine = _surface_words(catalogue, practice, lang)
        theirs = _surface_words(catalogue, other, lang)
        shared = [
            mine[term]
            for term in shared_terms
            if ":" not in term and len(term) > 3 and term in mine and term in theirs
        ][:_WORDS]
        if shared:
            parts.append(_("both mention {words}").format(words=", ".join(shared)))
        sentence = "; ".join(parts) or _("similar words in their texts")
        return sentence[:1].upper() + sentence[1:]


def similar_view(
    catalogue: pd.DataFrame,
    practice: str,
    similar: pd.DataFrame,
    taxonomy: Taxonomy,
    lang: str = "en",
    *,
    partner_names: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Return look-alikes as a person reads them: titles, partners, why, how similar.

    Parameters
    ----------
    catalogue : pandas.DataFrame
        :func:`~hopelib.catalogue.load_catalogue` in *lang*.
    practice : str
        The practice the look-alikes are like.
    similar : pandas.DataFrame
        :func:`~hopelib.compare.similar_practices` of *practice*.
    taxonomy : Taxonomy
    lang : str
        The reader's language: column headers, reasons and words.
    partner_names : mapping, optional
        Partner id → name (:func:`~hopelib.compare.partner_names`).

    Returns
    -------
    pandas.DataFrame
        Columns "Practice", "Partner" ("reference practice" for practices from outside the
        partnership), "Why they look alike" and "How similar" ("close", "some",
        "slight"), headed in *lang*; best first.
    """
    names = dict(partner_names or {})
    with language(lang):
        columns = [_("Practice"), _("Partner"), _("Why they look alike"), _("How similar")]
        rows = [
            [
                str(row["title"]),
                names.get(str(row["partner"]), str(row["partner"]))
                if row["partner"]
                else _("reference practice"),
                similarity_reason(
                    catalogue, practice, str(other), row["shared_terms"], taxonomy, lang
                ),
                closeness(float(row["score"]), lang),
            ]
            for other, row in similar.iterrows()
        ]
        return pd.DataFrame(rows, columns=columns)
