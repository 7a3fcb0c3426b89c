"""Shared value types of the data files: ids, language codes and texts.

A text is a plain string in the file's ``lang`` or a map language code → string;
:func:`pick_text` chooses the one to show. :mod:`hopelib.models` builds on these.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import PlainValidator, StringConstraints, WithJsonSchema
from pydantic_core import PydanticCustomError

__all__ = [
    "LANG_PATTERN",
    "SLUG_PATTERN",
    "TERM_PATTERN",
    "CountryCode",
    "LangCode",
    "NonEmpty",
    "Slug",
    "TermId",
    "Text",
    "pick_text",
]

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
TERM_PATTERN = r"^[a-z0-9]+([-_][a-z0-9]+)*$"
LANG_PATTERN = r"^[a-z]{2,3}$"
_LANG_RE = re.compile(LANG_PATTERN)

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
TermId = Annotated[str, StringConstraints(pattern=TERM_PATTERN)]
LangCode = Annotated[str, StringConstraints(pattern=LANG_PATTERN)]
CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
NonEmpty = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]


def _check_text(value: Any) -> str | dict[str, str]:
    """Accept a non-empty string, or a map language code → non-empty string."""
    if isinstance(value, str):
        if not value.strip():
            raise PydanticCustomError("empty_text", "text is empty: write it, or leave it out")
        return value
    if isinstance(value, dict):
        if not value:
            raise PydanticCustomError("empty_text", "text map is empty: add e.g. `en: ...`")
        for key, item in value.items():
            if not isinstance(key, str) or not _LANG_RE.match(key):
                raise PydanticCustomError(
                    "text_language",
                    "{key} is not a language code: use two letters such as en, fi, sl",
                    {"key": repr(key)},
                )
            if not isinstance(item, str) or not item.strip():
                raise PydanticCustomError(
                    "text_value",
                    "text in language {key} must be a non-empty string",
                    {"key": repr(key)},
                )
        return dict(value)
    raise PydanticCustomError(
        "text_type",
        "expected text (a string, or a map such as `{{en: ..., fi: ...}}`), got {kind}",
        {"kind": type(value).__name__},
    )


#: A text: a plain string in the file's ``lang``, or a map language code → string.
Text = Annotated[
    str | dict[str, str],
    PlainValidator(_check_text),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "minLength": 1},
                {
                    "type": "object",
                    "propertyNames": {"pattern": LANG_PATTERN},
                    "additionalProperties": {"type": "string", "minLength": 1},
                    "minProperties": 1,
                },
            ],
            "description": "A plain string in the file's `lang`, or {en: ..., fi: ..., sl: ...}",
        }
    ),
]


def pick_text(
    value: str | dict[str, str] | None, lang: str, own_lang: str | None = None
) -> tuple[str | None, str | None]:
    """Choose the text to show in *lang*.

    Parameters
    ----------
    value : str, dict or None
        A :data:`Text` value.
    lang : str
        The language asked for.
    own_lang : str, optional
        The language of a plain-string text (the file's ``lang``), tried second.

    Returns
    -------
    tuple
        ``(text, language shown)``; ``(None, None)`` when there is no text.

    Examples
    --------
    >>> pick_text({"fi": "Hei", "en": "Hi"}, "sl", own_lang="fi")
    ('Hei', 'fi')
    """
    if value is None:
        return None, None
    if isinstance(value, str):
        return value, own_lang
    for candidate in (lang, own_lang, "en"):
        if candidate and candidate in value:
            return value[candidate], candidate
    first = next(iter(value))
    return value[first], first
