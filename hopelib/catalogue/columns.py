"""The columns of a catalogue spreadsheet: one per field and language, and their other names.

A practice is one row. A text has one column per language (``title_en``, ``summary_fi``,
``perspectives.client.need_sl``), or one column without a language (``title``) for a plain
text in the row's ``lang``; a figure or a name has one column (``resources.cost_eur``,
``funding.project_code``, ``location.lat``); a list of ids is one cell, the ids separated by
commas (``themes``); contacts and sources are numbered (``sources.1.title``,
``sources.1.covers``, ``contacts.2.email``). ``comment`` holds the file's comment, one
paragraph a line.

:func:`practice_row` flattens a practice into such a row and :func:`row_data` builds the
data of a practice file from one; :func:`match_column` finds the field a column a person
named means (the export's names, common names in English, Finnish and Slovenian such as
``otsikko``, ``naslov`` or ``summary (fi)``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..models import PERSPECTIVE_PARTS, TEMPLATE_TEXT_FIELDS, Practice

__all__ = [
    "Column",
    "catalogue_columns",
    "fold_name",
    "known_columns",
    "match_column",
    "practice_row",
    "row_data",
    "split_list",
]

#: Most sources or contacts one row may number.
NUMBERED_MAX = 99

_VALUES = {
    "resources": ("cost_eur", "cost_unit", "participants_max", "sessions_per_year", "staff"),
    "reach": ("participants_per_year", "period"),
    "funding": ("programme", "project_code", "priority_axis", "objective"),
    "location": ("lat", "lon", "place", "approximate"),
}
_NESTED_TEXTS = {"resources": "notes", "reach": "source_note"}
_CONTACT = ("role", "organisation", "name", "email", "phone")
_SOURCE = ("title", "url", "note", "covers")
_LISTS = {"themes", "target_groups", "covers"}

#: Other names people give columns, in English, Finnish and Slovenian (folded, see fold_name).
ALIASES = {
    "id": ("tunniste", "oznaka", "practice id"),
    "lang": ("language", "kieli", "jezik"),
    "title": ("name", "practice", "otsikko", "nimi", "naslov", "ime", "practice title"),
    "partner": ("kumppani", "partner id"),
    "organisation": ("organization", "organisaatio", "toteuttaja", "organizacija", "izvajalec"),
    "region": ("alue", "maakunta", "regija"),
    "country": ("maa", "drzava", "country code"),
    "category": ("luokka", "kategoria", "kategorija"),
    "themes": ("theme", "teemat", "teema", "teme", "tema"),
    "target_groups": ("target group", "kohderyhmat", "kohderyhma", "ciljne skupine"),
    "summary": ("description", "tiivistelma", "kuvaus", "povzetek", "opis"),
    "implementation": ("toteutus", "izvedba"),
    "evidence": ("naytto", "dokazi"),
    "difficulties": ("haasteet", "vaikeudet", "tezave"),
    "transferability": ("siirrettavyys", "prenosljivost"),
    "continuity": ("jatkuvuus", "trajnost"),
    "status": ("tila", "stanje"),
    "comment": ("kommentti", "komentar", "provenance"),
    "resources.cost_eur": ("cost", "cost eur", "kustannus", "hinta", "strosek", "cena"),
    "location.lat": ("lat", "latitude", "leveysaste"),
    "location.lon": ("lon", "longitude", "pituusaste"),
    "location.place": ("place", "paikka", "paikkakunta", "kraj"),
    "sources.1.title": ("source", "lahde", "vir"),
    "sources.1.url": ("url", "link", "source url", "linkki", "povezava"),
}
#: Words for a language at the end of a column's name (``summary (suomi)``).
LANGUAGE_WORDS = {
    "english": "en",
    "englanti": "en",
    "englanniksi": "en",
    "anglescina": "en",
    "angleski": "en",
    "finnish": "fi",
    "suomi": "fi",
    "suomeksi": "fi",
    "finscina": "fi",
    "finski": "fi",
    "slovenian": "sl",
    "slovene": "sl",
    "sloveeni": "sl",
    "sloveniaksi": "sl",
    "slovenscina": "sl",
    "slovenski": "sl",
}


@dataclass(frozen=True)
class Column:
    """What a column holds: the place in a practice file, and a text's language.

    Attributes
    ----------
    path : tuple
        Keys and list positions (0-based) in the file, e.g. ``("sources", 0, "title")``.
    lang : str or None
        The language of a text column; ``None`` for other columns and plain texts.
    text : bool
        True for a text (a string, or one language of a map).
    listed : bool
        True for a list of ids written in one cell.
    """

    path: tuple[str | int, ...]
    lang: str | None = None
    text: bool = False
    listed: bool = False

    @property
    def name(self) -> str:
        """The column's name in an export (``sources.1.title``, ``summary_fi``)."""
        parts = [str(p + 1) if isinstance(p, int) else p for p in self.path]
        return ".".join(parts) + (f"_{self.lang}" if self.lang else "")


def fold_name(name: str) -> str:
    """Fold a column's name for matching: accents, case, and ``_.-()[]/:`` as spaces.

    Examples
    --------
    >>> fold_name("Summary (FI)"), fold_name("resources.cost_eur"), fold_name("Tiivistelmä")
    ('summary fi', 'resources cost eur', 'tiivistelma')
    """
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[_.\-()\[\]/:,;]", " ", plain).split())


def _bases(perspectives: Sequence[str]) -> list[Column]:
    """Every column but the numbered ones, without languages, in the data contract's order."""
    columns: list[Column] = []
    for name in Practice.model_fields:
        if name in ("title", *TEMPLATE_TEXT_FIELDS):
            columns.append(Column((name,), text=True))
        elif name == "perspectives":
            columns += [
                Column(("perspectives", p, part), text=True)
                for p in perspectives
                for part in PERSPECTIVE_PARTS
            ]
        elif name in _VALUES:
            columns += [Column((name, field)) for field in _VALUES[name]]
            if name in _NESTED_TEXTS:
                columns.append(Column((name, _NESTED_TEXTS[name]), text=True))
        elif name not in ("contacts", "sources"):
            columns.append(Column((name,), listed=name in _LISTS))
    return columns


def _numbered(kind: str, number: int) -> list[Column]:
    fields = _CONTACT if kind == "contacts" else _SOURCE
    return [Column((kind, number, field), listed=field in _LISTS) for field in fields]


def known_columns(languages: Sequence[str], perspectives: Sequence[str]) -> dict[str, Column]:
    """Return every column a sheet may have, by its folded name (:func:`fold_name`).

    Parameters
    ----------
    languages, perspectives : sequence of str
        The taxonomy's language and perspective ids.

    Returns
    -------
    dict of str to Column
        The export's names, the names of :data:`ALIASES` and, for texts, each with a
        language at its end (``title fi``, ``otsikko suomi``); numbered columns up to
        :data:`NUMBERED_MAX`.
    """
    columns = [*_bases(perspectives), Column(("comment",))]
    for number in range(NUMBERED_MAX):
        columns += _numbered("contacts", number) + _numbered("sources", number)
    known: dict[str, Column] = {}
    for column in columns:
        names = [column.name, *ALIASES.get(column.name, ())]
        if column.path[0] == "perspectives":  # the frame's names: client_need
            names.append(f"{column.path[1]} {column.path[2]}")
        if column.path[0] in ("contacts", "sources") and column.path[1] == 0:
            names.append(f"{column.path[0]} {column.path[2]}")
        for name in names:
            known.setdefault(fold_name(name), column)
            if column.text:
                words = {**{lang: lang for lang in languages}, **LANGUAGE_WORDS}
                for word, lang in words.items():
                    if lang in languages:
                        known.setdefault(
                            fold_name(f"{name} {word}"),
                            Column(column.path, lang, text=True),
                        )
    return known


def match_column(name: str, known: Mapping[str, Column]) -> Column | None:
    """Return the column a header cell names, or ``None`` when no field is called so."""
    return known.get(fold_name(name))


def catalogue_columns(
    rows: Iterable[Mapping[str, object]],
    languages: Sequence[str],
    perspectives: Sequence[str],
    include_contacts: bool,
) -> list[str]:
    """Return the columns of an export: every field and language, numbered as the rows need.

    Parameters
    ----------
    rows : iterable of mapping
        The rows (:func:`practice_row`), for the plain-text columns and the numbers of
        sources and contacts they use.
    languages, perspectives : sequence of str
        The taxonomy's order.
    include_contacts : bool
        Whether contact columns are written.

    Returns
    -------
    list of str
        ``id`` first, ``comment`` last.
    """
    used = {name for row in rows for name in row}
    names: list[str] = []
    for column in _bases(perspectives):
        if column.path == ("funding", "programme"):  # contacts come before funding
            names += _numbered_names("contacts", used) if include_contacts else []
        if column.path == ("status",):
            names += _numbered_names("sources", used, minimum=1)
        if column.text:
            names += [column.name] if column.name in used else []
            names += [Column(column.path, lang, text=True).name for lang in languages]
            names += sorted(n for n in used if n.startswith(column.name + "_") and n not in names)
        else:
            names.append(column.name)
    return [*names, "comment"]


def _numbered_names(kind: str, used: set[str], minimum: int = 0) -> list[str]:
    numbers = [int(name.split(".")[1]) for name in used if name.startswith(kind + ".")]
    count = max([minimum, *numbers])
    return [c.name for number in range(count) for c in _numbered(kind, number)]


def _put(row: dict[str, object], path: tuple[str | int, ...], value: Any) -> None:
    """Flatten *value* found at *path* into *row*."""
    if isinstance(value, dict) and _is_text(path):
        for lang, text in value.items():
            row[Column(path, lang, text=True).name] = text
    elif isinstance(value, dict):
        for key, item in value.items():
            _put(row, (*path, key), item)
    elif isinstance(value, list) and path[-1] in _LISTS:
        row[Column(path).name] = ", ".join(value)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _put(row, (*path, index), item)
    else:
        row[Column(path).name] = value


def _is_text(path: tuple[str | int, ...]) -> bool:
    return (
        path[0] in ("title", *TEMPLATE_TEXT_FIELDS)
        or (path[0] == "perspectives" and len(path) == 3)
        or (len(path) == 2 and _NESTED_TEXTS.get(str(path[0])) == path[1])
    )


def practice_row(
    practice: Practice, comment: Sequence[str] = (), include_contacts: bool = False
) -> dict[str, object]:
    """Flatten a practice into a row: column name → value (text, number or true/false).

    Parameters
    ----------
    practice : Practice
        The practice.
    comment : sequence of str, optional
        The paragraphs of its file's comment.
    include_contacts : bool, default False
        Whether its contacts (personal data) are in the row.

    Returns
    -------
    dict
        Only the columns with a value.
    """
    data = practice.model_dump(mode="json", exclude_defaults=True)
    if not include_contacts:
        data.pop("contacts", None)
    row: dict[str, object] = {}
    for key, value in data.items():
        _put(row, (key,), value)
    if comment:
        row["comment"] = "\n".join(comment)
    return row


def split_list(cell: str) -> list[str]:
    """Split a cell of ids at commas, semicolons and line ends.

    Examples
    --------
    >>> split_list("employment, networking;wellbeing")
    ['employment', 'networking', 'wellbeing']
    """
    return [part.strip() for part in re.split(r"[,;\n]", cell) if part.strip()]


def row_data(cells: Iterable[tuple[Column, str]]) -> dict[str, Any]:
    """Build the data of a practice file from a row's filled cells.

    Parameters
    ----------
    cells : iterable of (Column, str)
        Each filled cell with its column (empty cells left out). A plain text and texts in
        languages of the same field: the last one given wins (check before).

    Returns
    -------
    dict
        Plain dicts, lists and strings, numbered items in their order (gaps closed), for
        :class:`~hopelib.models.Practice` to validate.
    """
    data: dict[str, Any] = {}
    numbered: dict[str, dict[int, dict[str, Any]]] = {}
    for column, value in cells:
        path = column.path
        cell: Any = split_list(value) if column.listed else value
        if path[0] in ("contacts", "sources"):
            item = numbered.setdefault(str(path[0]), {}).setdefault(int(path[1]), {})
            item[str(path[2])] = cell
            continue
        place = data
        for key in path[:-1]:
            place = place.setdefault(str(key), {})
        if column.lang is not None:
            texts = place.setdefault(str(path[-1]), {})
            if isinstance(texts, dict):
                texts[column.lang] = cell
        else:
            place[str(path[-1])] = cell
    for kind, items in numbered.items():
        data[kind] = [items[number] for number in sorted(items)]
    return data
