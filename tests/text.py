"""Compare locale-formatted text by what it says, not by the spacing a CLDR release chooses."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_AROUND_DASH = re.compile(r" ?([–—]) ?")


def plain(text: str) -> str:
    """Return *text* with every Unicode space as one ASCII space and none around dashes.

    Babel's CLDR data changes spacing between releases (no-break, narrow no-break and thin
    spaces; ``10–11 May 2021`` became ``10\u2009–\u200911 May 2021`` in Babel 2.19). The day
    and month order, the month's name, the digits and the separators stay what a test checks.
    """
    spaced = "".join(" " if unicodedata.category(c) == "Zs" else c for c in text)
    return _AROUND_DASH.sub(r"\1", _SPACES.sub(" ", spaced))
