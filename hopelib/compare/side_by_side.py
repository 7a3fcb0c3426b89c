"""Practices side by side: their whole template as one frame, and as an HTML table."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..html import Markup, render
from ..i18n import _, format_money, format_number, language, locale_for
from ..models import PERSPECTIVE_PARTS, Taxonomy

if TYPE_CHECKING:
    pass

__all__ = [
    "side_by_side",
    "side_by_side_html",
    "side_by_side_rows",
]

_TEXT_FIELDS_AFTER_GRID = ("implementation", "resources", "evidence", "difficulties")
_TEXT_FIELDS_LAST = ("transferability", "continuity")
_GRID_COLUMN = re.compile(rf"^(.+)_({'|'.join(PERSPECTIVE_PARTS)})$")


def _grid(catalogue: pd.DataFrame) -> list[tuple[str, str]]:
    """Return the ``(perspective, part)`` pairs of the catalogue's grid columns, in order."""
    pairs = []
    for column in catalogue.columns:
        match = _GRID_COLUMN.match(str(column))
        if match and f"{column}_lang" in catalogue.columns:
            pairs.append((match.group(1), match.group(2)))
    return pairs


def _resources_text(row: pd.Series, lang: str) -> str:
    """Describe a practice's resources in one short paragraph, figures as the source gives."""
    locale = locale_for(lang)
    parts = []
    cost = row.get("resources_cost_eur")
    if pd.notna(cost):
        unit = row.get("resources_cost_unit")
        money = format_money(float(cost), locale)
        parts.append(
            _("{money} per {unit}").format(money=money, unit=unit) if pd.notna(unit) else money
        )
    for column, template in (
        ("resources_participants_max", _("up to {n} participants")),
        ("resources_sessions_per_year", _("{n} sessions a year")),
        ("resources_staff", _("{n} staff")),
    ):
        value = row.get(column)
        if pd.notna(value):
            parts.append(template.format(n=format_number(float(value), locale)))
    notes = row.get("resources_notes")
    text = "; ".join(parts)
    if isinstance(notes, str) and notes:
        text = f"{text}. {notes}" if text else notes
    return text


def _marked(row: pd.Series, column: str, lang: str) -> str:
    """Return a text cell, marked with its language when that is not the asked one."""
    value = row.get(column)
    if not isinstance(value, str) or not value.strip():
        return ""
    shown = row.get(f"{column}_lang")
    if isinstance(shown, str) and shown and shown != lang:
        return f"[{shown}] {value}"
    return value


def side_by_side(
    catalogue: pd.DataFrame,
    ids: Sequence[str],
    lang: str | None = None,
    *,
    taxonomy: Taxonomy | None = None,
    partner_names: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Put practices side by side, one column per practice, one row per template field.

    Parameters
    ----------
    catalogue : pandas.DataFrame
        The frame of :func:`~hopelib.catalogue.load_catalogue` (in the language wanted).
    ids : list of str
        The practices, in the order to show them; unknown ids are left out.
    lang : str, optional
        The interface language (default: the current one). A text shown in another language
        starts with that language's code, e.g. ``[fi]``.
    taxonomy : Taxonomy, optional
        For the perspectives' labels (default: their ids).
    partner_names : mapping, optional
        Partner id → name for the partner row (default: the ids).

    Returns
    -------
    pandas.DataFrame
        Columns: the practice ids; rows: title, partner, summary, each perspective × need /
        solution / results, implementation, resources, evidence, difficulties,
        transferability, continuity — labelled in *lang*. Blanks read "not described yet".
    """
    with language(lang) as lang:
        wanted = [ids] if isinstance(ids, str) else list(ids)
        known = [i for i in dict.fromkeys(wanted) if i in catalogue.index]
        rows = catalogue.loc[known]
        labels: list[str] = [_("Practice"), _("Partner"), _("Summary")]
        fields: list[str] = ["title", "partner", "summary"]
        parts = {"need": _("need"), "solution": _("solution"), "results": _("results")}
        grid = _grid(catalogue)
        names = {p: taxonomy.label("perspectives", p, lang) if taxonomy else p for p, _ in grid}
        for perspective, part in grid:
            name = names[perspective]
            if list(names.values()).count(name) > 1:  # two perspectives, one label
                name = f"{name} ({perspective})"
            labels.append(f"{name} · {parts[part]}")
            fields.append(f"{perspective}_{part}")
        field_names = {
            "implementation": _("Implementation"),
            "resources": _("Resources"),
            "evidence": _("Evidence"),
            "difficulties": _("Difficulties"),
            "transferability": _("Transferability"),
            "continuity": _("Continuity"),
        }
        for name in (*_TEXT_FIELDS_AFTER_GRID, *_TEXT_FIELDS_LAST):
            labels.append(field_names[name])
            fields.append(name)
        blank = _("not described yet")
        reference = _("reference practice")
        data: dict[str, list[str]] = {}
        for practice_id, row in rows.iterrows():
            column = []
            for name in fields:
                if name == "partner":
                    value = row.get("partner")
                    owner = (
                        (partner_names or {}).get(value, value) if isinstance(value, str) else ""
                    )
                    cell = owner or reference
                elif name == "resources":
                    cell = _resources_text(row, lang)
                else:
                    cell = _marked(row, name, lang)
                column.append(cell or blank)
            data[str(practice_id)] = column
        frame = pd.DataFrame(data, index=pd.Index(labels), columns=known, dtype=object)
        frame.columns.name = None
        return frame


def side_by_side_html(
    catalogue: pd.DataFrame,
    ids: Sequence[str],
    lang: str | None = None,
    *,
    taxonomy: Taxonomy | None = None,
    partner_names: Mapping[str, str] | None = None,
    styles: bool = True,
) -> Markup:
    """Render :func:`side_by_side` as an HTML table, every string escaped.

    Column headers are the practices' titles (they may repeat); cells, headers and row labels
    are escaped, so text such as ``<script>`` shows as text. Blank fields are greyed.

    Parameters
    ----------
    styles : bool, default True
        Put the table's own ``<style>`` element first; False for a page whose head carries
        ``side_by_side.css`` already (the partner reports).

    Returns
    -------
    markupsafe.Markup
        The table's own styles and a ``<div class="hope-side-by-side">``, or a short message
        when none of *ids* is in the catalogue.
    """
    frame = side_by_side(catalogue, ids, lang, taxonomy=taxonomy, partner_names=partner_names)
    titles, rows = side_by_side_rows(frame, lang)
    with language(lang):
        return render("side_by_side.html.j2", titles=titles, rows=rows, styles=styles)


def side_by_side_rows(
    frame: pd.DataFrame, lang: str | None = None, *, hide_empty: bool = False
) -> tuple[list[str], list[dict[str, Any]]]:
    """Return a :func:`side_by_side` frame as the titles and rows its templates draw.

    Parameters
    ----------
    hide_empty : bool, default False
        Leave out the rows that none of the practices fills.

    Returns
    -------
    tuple
        The column titles, and per field ``{"label", "cells": [{"text", "blank"}]}``.
    """
    with language(lang):
        blank = _("not described yet")
        rows = [
            {
                "label": str(label),
                "cells": [{"text": str(cell), "blank": cell == blank} for cell in cells],
            }
            for label, cells in frame.iloc[1:].iterrows()
            if not hide_empty
            or any(cell != blank and str(cell).strip() not in ("", "–") for cell in cells)
        ]
    titles = [str(title) for title in frame.iloc[0]] if not frame.columns.empty else []
    return titles, rows
