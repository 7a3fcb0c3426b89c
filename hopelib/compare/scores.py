"""Scores and transfer interest from records shaped like the session store's."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import pandas as pd

from ..i18n import _, language
from ..models import Taxonomy

if TYPE_CHECKING:
    pass

__all__ = [
    "INTEREST_COLUMNS",
    "RATING_COLUMNS",
    "TRANSFER_LEVELS",
    "criterion_scales",
    "current_records",
    "ranking",
    "score_summary",
    "transfer_matrix",
]

#: Columns of a ratings frame (the store's ``ratings`` records).
RATING_COLUMNS = [
    "id",
    "seq",
    "created_at",
    "session",
    "partner",
    "participant",
    "practice",
    "criterion",
    "score",
    "comment",
    "visibility",
]
#: Columns of an interests frame (the store's ``interests`` records).
INTEREST_COLUMNS = [
    "id",
    "seq",
    "created_at",
    "session",
    "partner",
    "participant",
    "practice",
    "level",
    "rationale",
    "visibility",
]
#: Transfer levels from the most to the least ambitious (the taxonomy's order).
TRANSFER_LEVELS = ("adopt", "adapt", "inspire", "not_now")


def _frame(records: pd.DataFrame | None, columns: Sequence[str]) -> pd.DataFrame:
    """Return *records*, or an empty frame with *columns*; name any missing column."""
    if records is None or records.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    needed = [c for c in columns if c not in ("id", "created_at", "comment", "rationale")]
    missing = [c for c in needed if c not in records.columns and c != "visibility"]
    if missing:
        raise ValueError(
            f"the records have no column {', '.join(missing)} (expected: {', '.join(columns)})"
        )
    return records


def criterion_scales(taxonomy: Taxonomy) -> dict[str, tuple[float, float]]:
    """Return each criterion's scale as ``{id: (min, max)}`` (for :func:`ranking`)."""
    return {c.id: (float(c.scale.min), float(c.scale.max)) for c in taxonomy.criteria}


def _shares(means: pd.Series, scales: Mapping[str, tuple[float, float]]) -> pd.Series:
    """Put criterion means (indexed by practice, criterion) on 0–1 of their scales."""
    criteria = means.index.get_level_values("criterion")
    low = pd.Series([scales.get(c, (0.0, 1.0))[0] for c in criteria], index=means.index)
    high = pd.Series([scales.get(c, (0.0, 1.0))[1] for c in criteria], index=means.index)
    return ((means - low) / (high - low).where(high > low)).clip(0, 1)


def current_records(
    records: pd.DataFrame | None,
    keys: Sequence[str],
    withdrawals: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Keep the records that count: the latest by ``seq`` per *keys*, not withdrawn.

    A correction is a newer row with the same keys; a withdrawal (``record`` = a row's
    ``id``) makes that row stop counting, and an earlier row it replaced does not come back.

    Parameters
    ----------
    records : pandas.DataFrame
        Store records with ``seq`` and the *keys* columns (and ``id`` for withdrawals).
    keys : list of str
        What one answer is about, e.g. ``["session", "participant", "practice",
        "criterion"]`` for ratings.
    withdrawals : pandas.DataFrame, optional
        The store's ``withdrawals`` records (column ``record``).
    """
    if records is None or records.empty:
        names = list(records.columns) if records is not None else list(keys)
        return pd.DataFrame({c: pd.Series(dtype=object) for c in names})
    latest = records.sort_values("seq", kind="stable").drop_duplicates(list(keys), keep="last")
    if withdrawals is not None and not withdrawals.empty and "id" in latest.columns:
        latest = latest[~latest["id"].isin(set(withdrawals["record"]))]
    return latest.sort_values("seq", kind="stable")


_RATING_KEYS = ["session", "participant", "practice", "criterion"]
_SUMMARY_COLUMNS = ["mean", "median", "spread", "min", "max", "n"]


def _current_ratings(
    ratings: pd.DataFrame | None, withdrawals: pd.DataFrame | None, partner: str | None
) -> pd.DataFrame:
    """Return the ratings that count, of one partner's participants when *partner* is set."""
    frame = _frame(ratings, RATING_COLUMNS)
    current = current_records(frame, _RATING_KEYS, withdrawals)
    if partner is not None and not current.empty:
        current = current[current["partner"] == partner]
    if current.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in RATING_COLUMNS})
    current = current.copy()
    current["score"] = pd.to_numeric(current["score"], errors="coerce")
    return current.dropna(subset=["score"])


def score_summary(
    ratings: pd.DataFrame | None,
    withdrawals: pd.DataFrame | None = None,
    *,
    partner: str | None = None,
    by_partner: bool = False,
) -> pd.DataFrame:
    """Summarise the ratings that count per practice × criterion.

    Parameters
    ----------
    ratings : pandas.DataFrame
        Ratings shaped like the store's records (:data:`RATING_COLUMNS`), of one session.
    withdrawals : pandas.DataFrame, optional
        The store's withdrawals.
    partner : str, optional
        Only the ratings of this partner's participants.
    by_partner : bool, default False
        One row per partner × practice × criterion instead of overall.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``practice`` and ``criterion`` (``partner`` first with *by_partner*):
        ``mean``, ``median``, ``spread`` (sample standard deviation; NaN for a single
        rating, which has no spread), ``min``, ``max`` and ``n`` (ratings counted).
        A criterion nobody scored has no row: it is not a zero.
    """
    keys = ["partner", "practice", "criterion"] if by_partner else ["practice", "criterion"]
    current = _current_ratings(ratings, withdrawals, partner)
    if current.empty:
        empty = pd.DataFrame({c: pd.Series(dtype=float) for c in _SUMMARY_COLUMNS})
        empty["n"] = empty["n"].astype("int64")
        empty.index = pd.MultiIndex.from_arrays([[] for _ in keys], names=keys)
        return empty
    grouped = current.groupby(keys, sort=True)["score"]
    summary = grouped.agg(["mean", "median", "std", "min", "max", "count"])
    summary.columns = pd.Index(_SUMMARY_COLUMNS)
    summary["n"] = summary["n"].astype("int64")
    return summary


_RANKING_COLUMNS = ["rank", "mean", "n_raters", "n_ratings", "n_criteria", "tied", "note"]


def ranking(
    ratings: pd.DataFrame | None,
    withdrawals: pd.DataFrame | None = None,
    *,
    partner: str | None = None,
    lang: str | None = None,
    scales: Mapping[str, tuple[float, float]] | None = None,
) -> pd.DataFrame:
    """Rank practices by their mean score (each criterion weighing the same).

    With *scales* (criterion → (min, max), see :func:`criterion_scales`) each criterion's
    mean is first put on 0–1 (its share of the scale), so that criteria on different scales
    weigh the same; the ranking then follows the ``share`` column.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``practice``, best first: ``rank`` (ties share the best rank: 1, 2, 2,
        4), ``mean`` (the mean of the criterion means), ``n_raters`` (participants),
        ``n_ratings``, ``n_criteria`` (criteria scored), ``tied`` and ``note`` (e.g.
        "one rating only", in *lang*).
    """
    current = _current_ratings(ratings, withdrawals, partner)
    if current.empty:
        frame = pd.DataFrame({c: pd.Series(dtype=object) for c in _RANKING_COLUMNS})
        frame.index.name = "practice"
        return frame
    means = current.groupby(["practice", "criterion"])["score"].mean()
    shares = _shares(means, scales) if scales else None
    by_practice = current.groupby("practice")
    frame = pd.DataFrame(
        {
            "mean": means.groupby(level="practice").mean(),
            "n_raters": by_practice["participant"].nunique(),
            "n_ratings": by_practice.size(),
            "n_criteria": by_practice["criterion"].nunique(),
        }
    )
    if shares is not None:
        frame["share"] = shares.groupby(level="practice").mean()
    rounded = (frame["share"] if shares is not None else frame["mean"]).round(6)
    frame.insert(0, "rank", rounded.rank(method="min", ascending=False).astype("int64"))
    frame["tied"] = rounded.duplicated(keep=False)
    with language(lang):
        frame["note"] = [
            _("one rating only") if n == 1 else _("one participant only") if raters == 1 else ""
            for n, raters in zip(frame["n_ratings"], frame["n_raters"], strict=True)
        ]
    frame.index.name = "practice"
    return frame.sort_values(["rank", "n_raters"], ascending=[True, False], kind="stable")


_INTEREST_KEYS = ["session", "participant", "practice"]


def transfer_matrix(
    interests: pd.DataFrame | None,
    withdrawals: pd.DataFrame | None = None,
    *,
    levels: Sequence[str] = TRANSFER_LEVELS,
) -> pd.DataFrame:
    """Each partner's transfer level per practice: its participants' most common level.

    Parameters
    ----------
    interests : pandas.DataFrame
        Interests shaped like the store's records (:data:`INTEREST_COLUMNS`).
    withdrawals : pandas.DataFrame, optional
        The store's withdrawals.
    levels : list of str
        Transfer levels from the most to the least ambitious (the taxonomy's order): a tie
        goes to the more ambitious level.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``partner`` and ``practice``: ``level``, ``n_level`` (participants who
        chose it), ``n_participants`` (participants who answered) and one count column per
        level (``n_adopt`` …).
    """
    count_columns = [f"n_{level}" for level in levels]
    columns = ["level", "n_level", "n_participants", *count_columns]
    current = current_records(_frame(interests, INTEREST_COLUMNS), _INTEREST_KEYS, withdrawals)
    if not current.empty:
        current = current[current["level"].isin(levels)]
    if current.empty:
        empty = pd.DataFrame({c: pd.Series(dtype="int64") for c in columns})
        empty["level"] = empty["level"].astype(object)
        empty.index = pd.MultiIndex.from_arrays([[], []], names=["partner", "practice"])
        return empty
    counts = pd.crosstab([current["partner"], current["practice"]], current["level"])
    counts = counts.reindex(columns=list(levels), fill_value=0)
    chosen = counts.idxmax(axis=1)  # first maximum: the more ambitious level wins ties
    frame = pd.DataFrame(
        {
            "level": chosen,
            "n_level": counts.max(axis=1).astype("int64"),
            "n_participants": counts.sum(axis=1).astype("int64"),
        }
    )
    for level, name in zip(levels, count_columns, strict=True):
        frame[name] = counts[level].astype("int64")
    frame.index.names = ["partner", "practice"]
    return frame
