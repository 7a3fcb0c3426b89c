"""The frames of the catalogue, built from validated models: pure functions, no file read.

Each loader of :mod:`hopelib.catalogue.loaders` reads and checks the files, then builds its
frame here; the columns are listed in :mod:`hopelib.catalogue`'s docstring and each
loader's.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from ..models import (
    PERSPECTIVE_PARTS,
    TEMPLATE_TEXT_FIELDS,
    Partner,
    Practice,
    Session,
    Taxonomy,
    pick_text,
)
from .folder import DataFolder

__all__ = [
    "catalogue_frame",
    "catalogue_table",
    "completeness_frame",
    "partner_frame",
    "practice_counts",
    "session_frame",
    "table_frame",
    "template_fields",
    "text_columns",
    "text_frame",
]


def _grid_columns(taxonomy: Taxonomy) -> list[str]:
    return [f"{p}_{part}" for p in taxonomy.ids("perspectives") for part in PERSPECTIVE_PARTS]


def text_columns(taxonomy: Taxonomy) -> list[str]:
    """Return the text columns of the catalogue frame (each with a ``<column>_lang``)."""
    return [
        "title",
        "summary",
        *_grid_columns(taxonomy),
        *TEMPLATE_TEXT_FIELDS[1:],
        "resources_notes",
    ]


#: Fields of the practice's parts shown as ``<part>_<field>`` columns, in column order.
_PART_FIELDS = (
    ("resources", ("cost_eur", "cost_unit", "participants_max", "sessions_per_year", "staff")),
    ("reach", ("participants_per_year", "period")),
    ("funding", ("programme", "project_code", "priority_axis", "objective")),
    ("location", ("lat", "lon", "place", "approximate")),
)


def _catalogue_columns(text_columns: list[str]) -> list[str]:
    """Return the columns of :func:`load_catalogue`, in the order of :func:`_catalogue_row`."""
    return [
        *(name for column in text_columns for name in (column, f"{column}_lang")),
        "partner",
        "reference",
        "organisation",
        "region",
        "country",
        "category",
        "themes",
        "target_groups",
        "status",
        "lang",
        *(f"{part}_{name}" for part, names in _PART_FIELDS for name in names),
        "n_sources",
        "n_contacts",
    ]


_NO_TEXT = (None, None)


def _catalogue_row(practice: Practice, lang: str, text_columns: list[str]) -> list[Any]:
    """Return one practice's row of :func:`load_catalogue` (see :func:`_catalogue_columns`)."""
    texts = {column: value for _, column, value in practice.texts()}
    own = practice.lang
    row: list[Any] = []
    for column in text_columns:
        value = texts.get(column)
        if value is None:
            row += _NO_TEXT  # the usual cases without a call: thousands of rows
        elif isinstance(value, str):
            row += (value, own)
        else:
            row += pick_text(value, lang, own)
    row += [
        practice.partner,
        practice.partner is None,
        practice.organisation,
        practice.region,
        practice.country,
        practice.category,
        tuple(practice.themes),
        tuple(practice.target_groups),
        practice.status,
        practice.lang,
    ]
    for part, names in _PART_FIELDS:
        value = getattr(practice, part)
        row += [None if value is None else getattr(value, name) for name in names]
    row += [len(practice.sources), len(practice.contacts)]
    return row


def catalogue_table(
    practices: Iterable[Practice], taxonomy: Taxonomy, lang: str
) -> dict[str, list[Any]]:
    """Return the columns of :func:`~hopelib.catalogue.load_catalogue` for *practices*.

    Plain lists by column name, one value per practice in the order given: cheap to pickle
    from a worker process or into the cache; :func:`table_frame` makes the frame.
    """
    texts = text_columns(taxonomy)
    names = _catalogue_columns(texts)
    rows = [_catalogue_row(p, lang, texts) for p in practices]
    if not rows:
        return {name: [] for name in names}
    return dict(zip(names, map(list, zip(*rows, strict=True)), strict=True))


def table_frame(ids: list[str], table: Mapping[str, list[Any]], taxonomy: Taxonomy) -> pd.DataFrame:
    """Return the catalogue frame of *table* (:func:`catalogue_table`), indexed by *ids*."""
    columns = _catalogue_columns(text_columns(taxonomy))
    return pd.DataFrame(dict(table), index=pd.Index(ids, name="id"), columns=columns)


def catalogue_frame(
    practices: Mapping[str, Practice], taxonomy: Taxonomy, lang: str
) -> pd.DataFrame:
    """Return the frame of :func:`~hopelib.catalogue.load_catalogue`: one row per practice."""
    return table_frame(
        list(practices), catalogue_table(practices.values(), taxonomy, lang), taxonomy
    )


def partner_frame(partners: Mapping[str, Partner]) -> pd.DataFrame:
    """Return the frame of :func:`~hopelib.catalogue.load_partners`, indexed by partner id."""
    columns = [name for name in Partner.model_fields if name != "id"]
    return pd.DataFrame(
        [p.model_dump(exclude={"id"}) for p in partners.values()],
        index=pd.Index(list(partners), name="id"),
        columns=columns,
    )


def text_frame(practices: Mapping[str, Practice]) -> pd.DataFrame:
    """Return the frame of :func:`~hopelib.catalogue.load_texts`: one row per text."""
    rows = []
    for practice in practices.values():
        for _, column, value in practice.texts():
            items = {practice.lang or "": value} if isinstance(value, str) else value
            rows += [(practice.id, column, lang, text) for lang, text in items.items()]
    return pd.DataFrame(rows, columns=["practice", "field", "lang", "text"])


def session_frame(sessions: Mapping[str, Session]) -> pd.DataFrame:
    """Return the frame of :func:`~hopelib.catalogue.load_sessions`: one row per session."""
    rows = [
        {
            "title": pick_text(s.title, "en", s.lang)[0],
            "host": s.host,
            "start": s.dates[0],
            "end": s.dates[-1],
            "mode": s.mode,
            "location": s.location,
            "n_practices": len(s.practices),
            "n_partners": len(s.partners),
            "participants": sum(s.participants.values()),
            "follows": tuple(s.follows),
            "demo": s.demo,
        }
        for s in sessions.values()
    ]
    columns = [
        "title",
        "host",
        "start",
        "end",
        "mode",
        "location",
        "n_practices",
        "n_partners",
        "participants",
        "follows",
        "demo",
    ]
    return pd.DataFrame(rows, index=pd.Index(list(sessions), name="id"), columns=columns)


def template_fields(taxonomy: Taxonomy) -> list[str]:
    """Return the fields a complete practice description fills, in reading order."""
    return [
        "category",
        "themes",
        "target_groups",
        "summary",
        *_grid_columns(taxonomy),
        "implementation",
        "resources",
        "reach",
        "evidence",
        "difficulties",
        "transferability",
        "continuity",
        "funding",
    ]


def _filled(practice: Practice, texts: dict[str, Any]) -> set[str]:
    filled = {
        name
        for name in ("category", "resources", "reach", "funding")
        if getattr(practice, name) is not None
    }
    filled |= {name for name in ("themes", "target_groups") if getattr(practice, name)}
    return filled | set(texts)


def completeness_frame(
    practices: Mapping[str, Practice], taxonomy: Taxonomy, partners: Mapping[str, Partner]
) -> pd.DataFrame:
    """Return the frame of :func:`~hopelib.catalogue.completeness`: one row per practice."""
    fields = template_fields(taxonomy)
    translated = set(text_columns(taxonomy))
    languages = set(taxonomy.ids("languages"))
    rows = []
    for practice in practices.values():
        texts = {column: value for _, column, value in practice.texts() if column in translated}
        filled = _filled(practice, texts)
        own = {practice.lang, partners[practice.partner].language if practice.partner else None}
        expected = {lang for lang in {"en", *own} if lang in languages}
        missing_translations = tuple(
            f"{column}:{lang}"
            for column, value in texts.items()
            for lang in sorted(expected)
            if lang not in ({practice.lang} if isinstance(value, str) else set(value))
        )
        rows.append(
            {
                "title": pick_text(practice.title, "en", practice.lang)[0],
                "partner": practice.partner,
                "filled": sum(name in filled for name in fields),
                "total": len(fields),
                "share": sum(name in filled for name in fields) / len(fields),
                "missing": tuple(name for name in fields if name not in filled),
                "missing_translations": missing_translations,
                "n_missing_translations": len(missing_translations),
            }
        )
    columns = [
        "title",
        "partner",
        "filled",
        "total",
        "share",
        "missing",
        "missing_translations",
        "n_missing_translations",
    ]
    return pd.DataFrame(rows, index=pd.Index(list(practices), name="id"), columns=columns)


def practice_counts(data: DataFolder, lang: str = "en") -> pd.DataFrame:
    """Count practices per category (rows) and partner (columns), with totals.

    Parameters
    ----------
    data : DataFolder
        A loaded data folder (:func:`~hopelib.catalogue.load_data`).
    lang : str, default "en"
        The language of the category labels.

    Returns
    -------
    pandas.DataFrame
        Rows: category labels in taxonomy order, then ``(uncategorised)`` when any practice
        has no category, then ``total``. Columns: partners' short names in file order, then
        ``reference`` for practices outside the partnership; partners with no practice are
        left out.
    """
    from ..i18n import _

    taxonomy = data.taxonomy
    names = {pid: p.short_name for pid, p in data.partners.items()}
    reference, uncategorised = _("reference"), _("(uncategorised)")
    labels = [taxonomy.label("categories", c, lang) for c in taxonomy.ids("categories")]
    practices = list(data.practices.values())
    counts = pd.crosstab(
        pd.Categorical(
            [
                taxonomy.label("categories", p.category, lang) if p.category else uncategorised
                for p in practices
            ],
            categories=[*labels, uncategorised],
        ),
        pd.Categorical(
            [names.get(p.partner or "", reference) for p in practices],
            categories=[*names.values(), reference],
        ),
        dropna=False,
    )
    rows = [row for row in counts.index if row != uncategorised or counts.loc[row].sum() > 0]
    counts = counts.loc[rows, counts.sum() > 0]
    counts.loc[_("total")] = counts.sum()
    counts.index.name, counts.columns.name = _("category"), None
    return counts
