"""The one style practice files are written in, so that a file reads the same every time.

:func:`practice_yaml` writes a :class:`~hopelib.models.Practice` as YAML text: the file's
comment first (its provenance: what it was written from, what was left out and why), then
the fields in the order of the data contract (:class:`~hopelib.models.Practice`), in block
style with two-space indents. A text that fits on its line stays there; a longer one with
spaces is folded (``>-``) and wrapped at :data:`WIDTH` columns; a value YAML would read as
something else (``yes``, ``1.0``, ``a: b``) is double-quoted. Lists of ids (``themes``,
``covers``) and ``location`` are written on one line in flow style. Languages and
perspectives follow the taxonomy's order. Writing a practice read from such a file gives
the same bytes back, which is what lets a catalogue go through a spreadsheet and back
unchanged (``hope catalogue export`` / ``import``).

The comment is a list of paragraphs: each is written as ``# `` lines wrapped at
:data:`WIDTH`, with a line ``#`` between paragraphs; :func:`read_comment` gives the
paragraphs back.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from typing import Any

import yaml
from yaml.resolver import Resolver

from ..models import TEMPLATE_TEXT_FIELDS, Practice

__all__ = ["WIDTH", "comment_lines", "practice_yaml", "read_comment", "scalar"]

#: The longest line the writer makes (a word longer than a line stays whole).
WIDTH = 100

#: A plain scalar's first character is none of YAML's indicators; it ends with no space.
_PLAIN = re.compile(r"""^[^\s\-?:,\[\]{}#&*!|>'"%@`](.*\S)?$""", re.DOTALL)
_FLOW_INDICATORS = re.compile(r"[,\[\]{}:]")
_RESOLVER = Resolver()
_STR = "tag:yaml.org,2002:str"
#: Fields written on one line in flow style.
_FLOW_LISTS = {"themes", "target_groups", "covers"}


def _plain_allowed(text: str, flow: bool) -> bool:
    """Tell whether *text* can be written without quotes and read back as the same string.

    A cautious subset of YAML's plain scalars: no indicator first, no ``: `` or `` #``
    inside, no ``:`` at the end, printable characters only (and, inside ``[...]`` or
    ``{...}``, none of ``,[]{}:``); and not a word YAML reads as something else (``yes``,
    ``1.0``, ``~``).
    """
    if not _PLAIN.match(text) or ": " in text or " #" in text or text.endswith(":"):
        return False
    if flow and _FLOW_INDICATORS.search(text):
        return False
    if not text.isprintable():
        return False
    tag = _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
    return bool(tag == _STR)


def _quoted(text: str) -> str:
    """Write *text* double-quoted on one line (any text reads back exactly)."""
    dumped = yaml.dump(
        text, Dumper=yaml.SafeDumper, default_style='"', allow_unicode=True, width=math.inf
    )
    return str(dumped).rstrip("\n")


def _number(value: float) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    if isinstance(value, float) and not math.isfinite(value):
        return ".nan" if math.isnan(value) else (".inf" if value > 0 else "-.inf")
    text = repr(value)
    if "e" in text and "." not in text:  # YAML 1.1 reads 1e+20 as a string
        mantissa, _, exponent = text.partition("e")
        text = f"{mantissa}.0e{exponent}"
    return text


def scalar(value: object, flow: bool = False) -> str:
    """Write one value as a YAML scalar on one line: plain when it reads back the same.

    Parameters
    ----------
    value : str, int, float or bool
        The value.
    flow : bool, default False
        True inside ``[...]`` or ``{...}``, where commas and brackets need quotes.

    Returns
    -------
    str

    Examples
    --------
    >>> scalar("Maribor"), scalar("yes"), scalar(330.0), scalar(True)
    ('Maribor', '"yes"', '330', 'true')
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return _number(value)
    text = str(value)
    return text if _plain_allowed(text, flow) else _quoted(text)


def _foldable(text: str) -> bool:
    """Tell whether a folded block gives *text* back exactly (single spaces, no breaks)."""
    return " " in text and text == text.strip() and "  " not in text and text.isprintable()


def _wrap(text: str, width: int) -> list[str]:
    """Break *text* (words between single spaces) into lines of at most *width*.

    Greedy, as :func:`textwrap.wrap` without breaking words or hyphens; a word longer than
    a line stays whole on a line of its own.
    """
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return [*lines, line] if line else lines


def _value(key: str, text: object, indent: int) -> list[str]:
    """Write ``key: value`` at *indent*, folding a long text over several lines."""
    pad = " " * indent
    line = f"{pad}{key}: {scalar(text)}"
    if not isinstance(text, str) or len(line) <= WIDTH or not _foldable(text):
        return [line]
    inner = pad + "  "
    return [f"{pad}{key}: >-", *(inner + part for part in _wrap(text, WIDTH - len(inner)))]


def _ordered(keys: Iterable[str], order: Sequence[str]) -> list[str]:
    rank = {key: number for number, key in enumerate(order)}
    return sorted(keys, key=lambda key: (rank.get(key, len(rank)), key))


def _text(
    key: str, value: str | dict[str, str], indent: int, languages: Sequence[str]
) -> list[str]:
    if isinstance(value, str):
        return _value(key, value, indent)
    lines = [f"{' ' * indent}{scalar(key)}:"]
    for lang in _ordered(value, languages):
        lines += _value(scalar(lang), value[lang], indent + 2)
    return lines


def _flow_map(data: dict[str, Any]) -> str:
    return (
        "{" + ", ".join(f"{key}: {scalar(value, flow=True)}" for key, value in data.items()) + "}"
    )


def _mapping(
    data: dict[str, Any], indent: int, languages: Sequence[str], texts: set[str]
) -> list[str]:
    """Write a mapping of plain values and texts (the keys in *texts* are texts)."""
    lines: list[str] = []
    for key, value in data.items():
        if key in texts:
            lines += _text(key, value, indent, languages)
        elif key in _FLOW_LISTS:
            items = ", ".join(scalar(item, flow=True) for item in value)
            lines.append(f"{' ' * indent}{key}: [{items}]")
        else:
            lines += _value(key, value, indent)
    return lines


def _items(key: str, items: list[dict[str, Any]], languages: Sequence[str]) -> list[str]:
    """Write a block list of mappings (``sources``, ``contacts``) under *key*."""
    lines = [f"{key}:"]
    for item in items:
        body = _mapping(item, 4, languages, set())
        lines += ["  - " + body[0][4:], *body[1:]]
    return lines


def comment_lines(paragraphs: Sequence[str]) -> list[str]:
    """Write a comment's paragraphs as ``#`` lines wrapped at :data:`WIDTH`.

    Parameters
    ----------
    paragraphs : sequence of str
        The paragraphs; white space inside each is written as single spaces.

    Returns
    -------
    list of str
        The lines, without line ends; a line ``#`` between paragraphs.
    """
    lines: list[str] = []
    for paragraph in paragraphs:
        words = " ".join(paragraph.split())
        if not words:
            continue
        if lines:
            lines.append("#")
        lines += [f"# {part}" for part in _wrap(words, WIDTH - 2)]
    return lines


def read_comment(text: str) -> list[str]:
    """Give back the paragraphs of the comment at the top of a YAML file.

    Parameters
    ----------
    text : str
        The file's text.

    Returns
    -------
    list of str
        The comment lines before the first line that is not a comment, joined into
        paragraphs (a line ``#`` or a blank line ends one).
    """
    paragraphs: list[list[str]] = [[]]
    for line in text.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            break
        words = stripped.lstrip("#").strip()
        if words:
            paragraphs[-1].append(words)
        elif paragraphs[-1]:
            paragraphs.append([])
    return [" ".join(lines) for lines in paragraphs if lines]


def practice_yaml(
    practice: Practice,
    comment: Sequence[str] = (),
    *,
    languages: Sequence[str] = ("en", "fi", "sl"),
    perspectives: Sequence[str] = ("client", "service", "society"),
) -> str:
    """Write a practice as the text of its file, in the one style of the catalogue.

    Parameters
    ----------
    practice : Practice
        The practice.
    comment : sequence of str, optional
        The paragraphs of the file's comment (:func:`read_comment`).
    languages, perspectives : sequence of str
        The taxonomy's order of languages and of perspectives (others follow by name).

    Returns
    -------
    str
        The file's text, ending with a line end.
    """
    data = practice.model_dump(mode="json", exclude_defaults=True)
    texts = {"title", *TEMPLATE_TEXT_FIELDS}
    lines = comment_lines(comment)
    for key, value in data.items():
        if key in texts:
            lines += _text(key, value, 0, languages)
        elif key == "perspectives":
            lines.append("perspectives:")
            for perspective in _ordered(value, perspectives):
                lines.append(f"  {scalar(perspective)}:")
                parts = value[perspective]
                for part, text in parts.items():
                    lines += _text(part, text, 4, languages)
        elif key in ("resources", "reach", "funding"):
            lines.append(f"{key}:")
            lines += _mapping(value, 2, languages, {"notes", "source_note"})
        elif key in ("sources", "contacts"):
            lines += _items(key, value, languages)
        elif key == "location":
            lines.append(f"location: {_flow_map(value)}")
        elif key in _FLOW_LISTS:
            lines.append(f"{key}: [{', '.join(scalar(v, flow=True) for v in value)}]")
        else:
            lines += _value(key, value, 0)
    return "\n".join(lines) + "\n"
