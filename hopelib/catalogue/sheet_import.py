"""Practices from a spreadsheet: each row becomes ``practices/<id>.yaml``, all or nothing.

Every row is checked as a practice (:class:`~hopelib.models.Practice`) and against the
data folder (partner, category, themes, target groups and languages exist; ids are new, or
with ``update`` were created by an earlier import and not edited since) before anything is
written; one problem anywhere and nothing is. Files are written in the catalogue's one
style (:mod:`hopelib.catalogue.yaml_writer`), all at once, and recorded in
``practices/.imported.yaml`` (:mod:`hopelib.catalogue.manifest`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import ValidationError

from ..errors import ArgumentError, CatalogueError, Problem
from ..i18n import _
from ..models import Partner, Practice, Taxonomy
from .columns import Column, row_data
from .manifest import MANIFEST, Imported, fingerprint, manifest_text, read_manifest, write_files
from .problems import display, unknown
from .reader import PathLike, open_reader
from .shapes import error_message
from .sheet_rows import Sheet, SheetRow, read_mapping, read_sheet
from .yaml_writer import practice_yaml, read_comment

__all__ = ["ImportPlan", "Planned", "import_catalogue", "slugify"]

#: The longest id made from a title.
SLUG_MAX = 60
_LETTERS = str.maketrans({"đ": "d", "ł": "l", "ø": "o", "æ": "ae", "ß": "ss", "œ": "oe", "þ": "th"})


def slugify(title: str) -> str:
    """Make an id from a title: accents folded, words joined by hyphens.

    Examples
    --------
    >>> slugify("Työpaja – Kaks'Kättä"), slugify("Čarobni vrt"), slugify("!!!")
    ('tyopaja-kaks-katta', 'carobni-vrt', 'practice')
    """
    decomposed = unicodedata.normalize("NFKD", title.casefold().translate(_LETTERS))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    slug = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")
    if len(slug) > SLUG_MAX:
        slug = slug[:SLUG_MAX].rsplit("-", 1)[0] if "-" in slug[:SLUG_MAX] else slug[:SLUG_MAX]
    return slug or "practice"


@dataclass(frozen=True)
class Planned:
    """What an import does with one row: its practice, file and action."""

    practice_id: str
    row: int
    path: Path
    action: Literal["create", "update", "unchanged"]
    text: str


@dataclass(frozen=True)
class ImportPlan:
    """What an import did (or, for a dry run, would do): one entry per row."""

    sheet: str
    planned: list[Planned]
    written: bool

    def count(self, action: str) -> int:
        """Return how many rows have *action* (``create``, ``update``, ``unchanged``)."""
        return sum(1 for item in self.planned if item.action == action)


@dataclass
class _Context:
    sheet: Sheet
    taxonomy: Taxonomy
    partners: dict[str, Partner]
    partner: str | None
    folder: Path
    existing: set[str]
    imported: dict[str, Imported]
    update: bool


def _row_lang(row: SheetRow, context: _Context) -> str | None:
    """Return the language of the row's plain texts: its ``lang``, else its partner's."""
    given = {column.path: value for column, value in row.cells}
    if ("lang",) in given:
        return given[("lang",)]
    partner = given.get(("partner",), context.partner)
    if partner in context.partners:
        return context.partners[partner].language
    return None


def _practice(row: SheetRow, context: _Context) -> tuple[dict[str, Any], list[str]]:
    """Build a row's practice data and its comment paragraphs; report mixed texts."""
    cells = [(c, v) for c, v in row.cells if c.path != ("comment",)]
    comment = [v for c, value in row.cells if c.path == ("comment",) for v in value.split("\n")]
    bare = {c.path for c, _v in cells if c.text and c.lang is None}
    mixed = bare & {c.path for c, _v in cells if c.lang is not None}
    if mixed:
        cells = _merge_plain(row, cells, mixed, _row_lang(row, context), context.sheet)
        bare -= mixed
    data = row_data(cells)
    if bare and "lang" not in data:
        lang = _row_lang(row, context)
        if lang is not None:
            data["lang"] = lang
    if "partner" not in data and context.partner is not None:
        data["partner"] = context.partner
    return data, [paragraph for paragraph in comment if paragraph.strip()]


def _merge_plain(
    row: SheetRow,
    cells: list[tuple[Column, str]],
    mixed: set[tuple[str | int, ...]],
    lang: str | None,
    sheet: Sheet,
) -> list[tuple[Column, str]]:
    """Give a text in a column without a language, beside others with one, the row's language."""
    given = {(c.path, c.lang) for c, _v in cells}
    merged = []
    for column, value in cells:
        if column.path in mixed and column.lang is None:
            header = row.headers[column]
            if lang is None:
                sheet.problem(
                    row.row,
                    header,
                    _(
                        "this column gives the text without its language: name it "
                        "{column}_en (or _fi, _sl), add a lang column, or give --partner"
                    ).format(column=column.name),
                )
                continue
            if (column.path, lang) in given:
                other = row.headers[Column(column.path, lang, text=True)]
                sheet.problem(
                    row.row,
                    header,
                    _("the column {other} gives this text in {lang} too: keep one").format(
                        other=other, lang=lang
                    ),
                )
                continue
            column = Column(column.path, lang, text=True)
        merged.append((column, value))
    return merged


def _column_of(loc: tuple[Any, ...], row: SheetRow) -> str:
    """Name the sheet column where a value at *loc* comes from (or the export's name)."""
    numbers: dict[str, list[int]] = {}
    for column, _value in row.cells:
        if column.path[0] in ("contacts", "sources"):
            numbers.setdefault(str(column.path[0]), []).append(int(column.path[1]))
    path = list(loc)
    if len(path) > 1 and path[0] in numbers and isinstance(path[1], int):
        ordered = sorted(set(numbers[path[0]]))
        path[1] = ordered[path[1]] if path[1] < len(ordered) else path[1]
    for column, header in row.headers.items():
        if (
            tuple(column.path[: len(path)]) == tuple(path)
            or tuple(path[: len(column.path)]) == column.path
        ):
            return header
    if tuple(path) == ("sources",):  # no source at all: the first one's title is missing
        return Column(("sources", 0, "title")).name
    return Column(tuple(path)).name if path else "-"


def _check(practice: Practice, row: SheetRow, context: _Context) -> None:
    """Check what a practice names against the taxonomy and the partners."""
    sheet, taxonomy = context.sheet, context.taxonomy
    checks: list[tuple[str, str, str, list[str]]] = [
        ("partner", "partner", "partners.yaml", [practice.partner] if practice.partner else []),
        ("category", "category", "taxonomy.yaml", [practice.category] if practice.category else []),
        ("theme", "themes", "taxonomy.yaml", practice.themes),
        ("target group", "target_groups", "taxonomy.yaml", practice.target_groups),
        ("language", "lang", "taxonomy.yaml", [practice.lang] if practice.lang else []),
    ]
    vocabularies = {"category": "categories", "themes": "themes", "target_groups": "target_groups"}
    for kind, field, where, values in checks:
        if field == "partner":
            known = set(context.partners)
        elif field == "lang":
            known = set(taxonomy.ids("languages"))
        else:
            known = set(taxonomy.ids(vocabularies[field]))
        for value in values:
            if value not in known:
                sheet.problem(
                    row.row, _column_of((field,), row), unknown(kind, value, known, where)
                )
    for loc, _name, text in practice.texts():
        if isinstance(text, str) and practice.lang is None:
            sheet.problem(
                row.row,
                _column_of(loc, row),
                _(
                    "this column gives the text without its language: name it "
                    "{column}_en (or _fi, _sl), add a lang column, or give --partner"
                ).format(column=Column(tuple(loc)).name),
            )


def _validate(row: SheetRow, context: _Context) -> tuple[Practice, list[str]] | None:
    before = len(context.sheet.problems)
    data, comment = _practice(row, context)
    data.setdefault("id", "x")  # the id is made from the title once the row is valid
    try:
        practice = Practice.model_validate(data)
    except ValidationError as error:
        for item in error.errors(include_url=False):
            loc = tuple(p for p in item["loc"] if p != "[key]")
            context.sheet.problem(row.row, _column_of(loc, row), error_message(item, Practice))
        return None
    _check(practice, row, context)
    if len(context.sheet.problems) > before:
        return None
    return practice, comment


def _title(practice: Practice) -> str:
    title = practice.title
    if isinstance(title, str):
        return title
    return title.get("en") or next(iter(title.values()))


def _ids(valid: list[tuple[SheetRow, Practice, list[str]]], context: _Context) -> list[str]:
    """Give each row its id: the id column's, else one made from the title (numbered)."""
    sheet = context.sheet
    source = Path(sheet.name).name
    given: dict[str, int] = {}
    ids: list[str] = []
    for row, _practice_, _comment in valid:
        if not any(column.path == ("id",) for column, _value in row.cells):
            continue
        practice_id = _practice_.id
        header = row.headers[Column(("id",))]
        if practice_id in given:
            sheet.problem(
                row.row,
                header,
                _("the id {id} is also the id of row {row}: ids are unique").format(
                    id=practice_id, row=given[practice_id]
                ),
            )
        given.setdefault(practice_id, row.row)
    taken = set(given)
    for row, practice, _comment in valid:
        if any(column.path == ("id",) for column, _value in row.cells):
            ids.append(practice.id)
            continue
        base = slugify(_title(practice))
        candidate, number = base, 1
        earlier = context.imported.get(base)
        if not context.update and earlier is not None and earlier.source == source:
            sheet.problem(
                row.row,
                "id",
                _(
                    "this row's practice was imported from {file} before, as {id}: import "
                    "with --update to change it, or give the row an id of its own"
                ).format(file=source, id=base),
            )
        while candidate in taken or (
            candidate in context.existing and not (context.update and candidate in context.imported)
        ):
            number += 1
            candidate = f"{base}-{number}"
        taken.add(candidate)
        ids.append(candidate)
    return ids


def _text(practice: Practice, comment: list[str], context: _Context, row: SheetRow) -> str:
    """Write the practice's file; without a ``comment`` column, say where it came from."""
    if not comment and not any(column.path == ("comment",) for column in row.headers):
        comment = [  # the files' comments are in English, whatever the interface's language
            f"{_title(practice)} — imported from {Path(context.sheet.name).name}; absent "
            "fields are unknown, not empty."
        ]
    return practice_yaml(
        practice,
        comment,
        languages=context.taxonomy.ids("languages"),
        perspectives=context.taxonomy.ids("perspectives"),
    )


def _kept(
    row: SheetRow, practice: Practice, comment: list[str], current: str
) -> tuple[Practice, list[str]]:
    """Keep what a sheet without those columns does not carry: contacts and the comment.

    An export leaves contacts out unless asked, so an update from it must not drop them.
    """
    paths = {column.path[0] for column in row.headers}
    if "comment" not in paths:
        comment = read_comment(current)
    if "contacts" not in paths:
        try:
            contacts = Practice.model_validate(yaml.safe_load(current)).contacts
        except (yaml.YAMLError, ValidationError):
            contacts = []
        practice = practice.model_copy(update={"contacts": contacts})
    return practice, comment


def _plan(
    row: SheetRow, practice: Practice, comment: list[str], context: _Context
) -> Planned | None:
    """Decide what to do with a valid row's practice file, or report why it may not be."""
    path = context.folder / f"{practice.id}.yaml"
    column = row.headers.get(Column(("id",)), "id")
    if practice.id not in context.existing:
        return Planned(practice.id, row.row, path, "create", _text(practice, comment, context, row))
    shown = display(path)
    if not context.update:
        context.sheet.problem(
            row.row,
            column,
            _(
                "a practice {id} exists already ({path}): give this row another id, or run "
                "the import with --update to change a practice an earlier import created"
            ).format(id=practice.id, path=shown),
        )
        return None
    entry = context.imported.get(practice.id)
    if entry is None:
        context.sheet.problem(
            row.row,
            column,
            _(
                "{path} was not created by an import: --update changes only the files listed in "
                "{manifest}; edit this practice in its file, or give the row another id"
            ).format(path=shown, manifest=MANIFEST),
        )
        return None
    current = path.read_text(encoding="utf-8")
    if fingerprint(current) != entry.sha256:
        context.sheet.problem(
            row.row,
            column,
            _(
                "{path} was edited by hand since it was imported, so it is not overwritten: "
                "copy those edits into the sheet and delete the file, or leave this row out"
            ).format(path=shown),
        )
        return None
    text = _text(*_kept(row, practice, comment, current), context, row)
    return Planned(practice.id, row.row, path, "unchanged" if current == text else "update", text)


def import_catalogue(
    file: PathLike,
    data_dir: PathLike | None = None,
    *,
    mapping: PathLike | None = None,
    partner: str | None = None,
    dry_run: bool = False,
    update: bool = False,
) -> ImportPlan:
    """Import practices from a sheet: each row becomes ``practices/<id>.yaml``.

    Parameters
    ----------
    file : path
        A CSV, TSV or XLSX file, one practice a row (:mod:`hopelib.catalogue.columns`).
    data_dir : path, optional
        The data folder (default: ``HOPE_DATA`` or the project's ``data/``).
    mapping : path, optional
        A YAML file mapping sheet columns to fields (:mod:`hopelib.catalogue.sheet_rows`).
    partner : str, optional
        The partner of rows that name none; its language is that of texts in columns
        without a language.
    dry_run : bool, default False
        Check everything and say what would be done, writing nothing.
    update : bool, default False
        Also change practices an earlier import created (``practices/.imported.yaml``) and
        nobody has edited since.

    Returns
    -------
    ImportPlan
        What was done (or would be), row by row.

    Raises
    ------
    CatalogueError
        Listing every problem as ``FILE:ROW: column: message``; nothing is written.
    ArgumentError
        For an unknown ``partner``.
    """
    reader = open_reader(data_dir)
    taxonomy, partners = reader.read_taxonomy(), reader.read_partners()
    reader.raise_problems()
    assert taxonomy is not None and partners is not None
    if partner is not None and partner not in partners:
        raise ArgumentError(
            "--partner: " + unknown("partner", partner, partners, "partners.yaml"),
            field="--partner",
        )
    problems: list[Problem] = []
    columns = read_mapping(Path(mapping), problems) if mapping is not None else None
    sheet = read_sheet(
        Path(file),
        taxonomy.ids("languages"),
        taxonomy.ids("perspectives"),
        columns,
        display(Path(mapping)) if mapping is not None else "--mapping",
    )
    sheet.problems += problems
    folder = reader.root / "practices"
    context = _Context(
        sheet,
        taxonomy,
        partners,
        partner,
        folder,
        {path.stem for path in folder.glob("*.yaml") if not path.name.startswith(".")},
        read_manifest(folder),
        update,
    )
    if sheet.problems:  # the file or its header: the rows cannot be read rightly
        raise CatalogueError(sheet.problems)
    valid = []
    for row in sheet.rows:
        checked = _validate(row, context)
        if checked is not None:
            valid.append((row, *checked))
    ids = _ids(valid, context)
    planned = []
    for (row, practice, comment), practice_id in zip(valid, ids, strict=True):
        item = _plan(row, practice.model_copy(update={"id": practice_id}), comment, context)
        if item is not None:
            planned.append(item)
    if sheet.problems:
        raise CatalogueError(sheet.problems)
    changed = [item for item in planned if item.action != "unchanged"]
    if not dry_run and changed:
        imported = dict(context.imported)
        for item in changed:
            imported[item.practice_id] = Imported(
                fingerprint(item.text), Path(sheet.name).name, item.row
            )
        texts = {item.path: item.text for item in changed}
        texts[folder / MANIFEST] = manifest_text(imported)
        folder.mkdir(parents=True, exist_ok=True)
        write_files(texts)
    return ImportPlan(sheet.name, planned, written=not dry_run and bool(changed))
