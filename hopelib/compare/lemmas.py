"""Words and their lemmas in Finnish, Slovenian and English (simplemma), accent-folded.

The search of :mod:`~hopelib.compare.search` compares lemmas rather than word forms, so that
*nuoret* (young people) finds *nuorten* and *nuorille*, and *mladi* finds *mladih*. The
dictionaries are simplemma's, read in its low-memory mode (about 50 MB for all three instead
of about 400 MB, a few seconds to open the Finnish one); each word is looked up once per
process.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import chain

from .text import fold

__all__ = [
    "LEMMA_LANGUAGES",
    "MIN_PREFIX",
    "lemma",
    "matches",
    "query_forms",
    "token_forms",
    "word_forms",
    "words",
]

#: The languages whose words are reduced to their lemma (others are matched as written).
LEMMA_LANGUAGES = ("fi", "sl", "en")
#: A query word this long (or longer) is also found inside longer words and lemmas.
MIN_PREFIX = 5

_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> Iterator[re.Match[str]]:
    """Yield the words of *text* (letters and digits) as regex matches, in order."""
    return _WORD.finditer(text)


@lru_cache(maxsize=1 << 17)
def lemma(word: str, lang: str) -> str:
    """Return the case- and accent-folded lemma of *word* in *lang* (the word if unknown).

    Examples
    --------
    >>> lemma("Nuorille", "fi")
    'nuori'
    >>> lemma("mladih", "sl")
    'mlad'
    """
    if lang not in LEMMA_LANGUAGES:
        return fold(word)
    from simplemma import lemmatize

    return fold(lemmatize(word.lower(), lang=lang, low_memory=True))


@lru_cache(maxsize=1 << 17)
def _forms(word: str, lang: str) -> tuple[str, ...]:
    """Return the folded word and its folded lemma (once when they are the same)."""
    folded = fold(word)
    root = lemma(word, lang)
    return (folded,) if root == folded else (folded, root)


def word_forms(texts: Iterable[tuple[str, str]]) -> set[str]:
    """Return every folded word and lemma of some ``(text, language)`` pairs.

    Examples
    --------
    >>> sorted(word_forms([("Nuorten työpaja", "fi")]))
    ['nuori', 'nuorten', 'tyopaja']
    """
    found: set[str] = set()
    for text, lang in texts:
        table = token_forms(set(text.split()), lang)
        found.update(chain.from_iterable(table.values()))
    return found


def token_forms(tokens: Iterable[str], lang: str) -> dict[str, tuple[str, ...]]:
    """Return ``{token: its words' folded forms and lemmas}`` for tokens split at spaces.

    A token is a text's piece between spaces: ``"(nuorten,"`` gives ``("nuorten",
    "nuori")``. The search index splits each text at spaces (fast) and looks every distinct
    token up once here.
    """
    table: dict[str, tuple[str, ...]] = {}
    for token in tokens:
        if token.isalnum():
            table[token] = _forms(token, lang)
        else:
            table[token] = tuple(
                chain.from_iterable(_forms(word, lang) for word in _WORD.findall(token))
            )
    return table


@lru_cache(maxsize=4096)
def query_forms(word: str) -> tuple[str, tuple[str, ...]]:
    """Return a query word folded, and its other lemmas in :data:`LEMMA_LANGUAGES`.

    Examples
    --------
    >>> query_forms("Nuoret")
    ('nuoret', ('nuori',))
    """
    folded = fold(word)
    lemmas = (lemma(word, code) for code in LEMMA_LANGUAGES)
    return folded, tuple(dict.fromkeys(f for f in lemmas if f and f != folded))


def matches(query: str, word: str, lang: str | None = None) -> bool:
    """Tell whether a text's *word* (in *lang*, or any language) matches a *query* word.

    They match when they share a lemma, or when the folded query word is the word (a
    query word of :data:`MIN_PREFIX` letters or more: is inside the word or its lemma, so
    *nuoriso* finds *nuorisotyön* and *polku* finds *työpolku*).

    Examples
    --------
    >>> matches("nuoret", "nuorille", "fi"), matches("pot", "potrebe", "sl")
    (True, False)
    """
    folded, lemmas = query_forms(query)
    languages = (lang,) if lang else LEMMA_LANGUAGES
    candidates = {fold(word), *(lemma(word, code) for code in languages)}
    if len(folded) >= MIN_PREFIX:
        inside = any(folded in candidate for candidate in candidates)
    else:
        inside = folded in candidates
    return inside or not candidates.isdisjoint(lemmas)
