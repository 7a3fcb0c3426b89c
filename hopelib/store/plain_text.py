"""Free text as the store takes it: plain characters, within a length.

The store's rules (:func:`hopelib.store.rules.check_text`) refuse anything else in the
store's words; the participant page checks the same two things first to say so in the
page's language.
"""

from __future__ import annotations

__all__ = ["TEXT_LIMIT", "has_control_characters"]

#: The longest free text (a comment, a note, a plan's part), in characters.
TEXT_LIMIT = 20_000


def has_control_characters(text: str) -> bool:
    """Tell whether *text* holds a control character other than a line break or a tab."""
    return any(ord(c) < 32 and c not in "\n\r\t" for c in text)
