"""Coverage: what the partners' practices reach, by category, theme, group or region."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    pass

__all__ = [
    "coverage",
    "coverage_gaps",
    "region_counts",
]

_COVERAGE_BY = ("category", "themes", "target_groups", "region")


def _exploded(catalogue: pd.DataFrame, by: str) -> pd.DataFrame:
    """Return ``partner``/``term`` pairs of partner practices, one per term."""
    if by not in _COVERAGE_BY:
        raise ValueError(f"by: {by!r} is not one of {', '.join(_COVERAGE_BY)}")
    if by not in catalogue.columns or "partner" not in catalogue.columns:
        return pd.DataFrame({"partner": [], "term": []}, dtype=object)
    own = catalogue[catalogue["partner"].fillna("") != ""]
    pairs = own[["partner", by]].rename(columns={by: "term"})
    if by in ("themes", "target_groups"):
        pairs = pairs.explode("term")
    return pairs.dropna()


def coverage(
    catalogue: pd.DataFrame,
    by: str = "category",
    *,
    partners: Sequence[str] | None = None,
    terms: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Count practices per partner and category, theme or target group.

    Parameters
    ----------
    catalogue : pandas.DataFrame
        The frame of :func:`~hopelib.catalogue.load_catalogue`; reference practices (no
        partner) are not counted.
    by : {"category", "themes", "target_groups", "region"}
        What to count by.
    partners, terms : list of str, optional
        Rows and columns to show, in this order, zeros included (default: those that occur).
        Pass the taxonomy's ids to see the terms nobody covers.

    Returns
    -------
    pandas.DataFrame
        Partner × term counts (integers), index ``partner``, columns named after *by*.
    """
    pairs = _exploded(catalogue, by)
    table = pd.crosstab(pairs["partner"], pairs["term"]) if not pairs.empty else pd.DataFrame()
    rows = list(partners) if partners is not None else sorted(pairs["partner"].unique())
    columns = list(terms) if terms is not None else sorted(pairs["term"].unique())
    table = table.reindex(index=rows, columns=columns, fill_value=0).astype("int64")
    table.index.name = "partner"
    table.columns.name = by
    return table


def coverage_gaps(
    catalogue: pd.DataFrame,
    by: str = "category",
    *,
    partners: Sequence[str] | None = None,
    terms: Sequence[str] | None = None,
) -> pd.DataFrame:
    """List what each partner has no practice in, and who it can learn from there.

    Returns
    -------
    pandas.DataFrame
        Columns ``partner``, ``term``, ``others`` (practices the other partners have in that
        term) and ``learn_from`` (those partners' ids, most practices first); sorted by
        partner, then by ``others`` descending. A term nobody covers has ``others`` 0.
    """
    table = coverage(catalogue, by, partners=partners, terms=terms)
    rows = []
    for partner in table.index:
        for term in table.columns:
            if table.at[partner, term]:
                continue
            column = table[term].drop(partner)
            teachers = column[column > 0].sort_values(ascending=False, kind="stable")
            rows.append((partner, term, int(teachers.sum()), tuple(teachers.index)))
    gaps = pd.DataFrame(rows, columns=["partner", "term", "others", "learn_from"])
    order = {p: i for i, p in enumerate(table.index)}
    gaps = gaps.sort_values(
        ["partner", "others"], key=lambda s: s.map(order) if s.name == "partner" else -s
    )
    return gaps.reset_index(drop=True)


def region_counts(catalogue: pd.DataFrame, *, partner: str | None = None) -> pd.DataFrame:
    """Count practices per region and partner, reference practices included.

    Parameters
    ----------
    catalogue : pandas.DataFrame
        The frame of :func:`~hopelib.catalogue.load_catalogue`, possibly filtered.
    partner : str, optional
        Only this partner's practices (``""`` for the reference practices).

    Returns
    -------
    pandas.DataFrame
        Region × partner counts (integers), index ``region`` (``""`` where a practice
        gives none), columns ``partner`` (``""`` for the reference practices); the region
        with most practices first.
    """
    if catalogue.empty or not {"region", "partner"} <= set(catalogue.columns):
        table = pd.DataFrame(dtype="int64")
    else:
        frame = catalogue
        if partner is not None:
            frame = frame[frame["partner"].fillna("").astype(str) == partner]
        regions = frame["region"].fillna("").astype(str).rename("region")
        owners = frame["partner"].fillna("").astype(str).rename("partner")
        table = pd.crosstab(regions, owners) if len(frame) else pd.DataFrame(dtype="int64")
        order = table.sum(axis=1).sort_values(ascending=False, kind="stable").index
        table = table.loc[order].astype("int64")
    table.index.name = "region"
    table.columns.name = "partner"
    return table
