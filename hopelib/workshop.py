"""What the workshop notebooks do, as plain functions (the widgets' callbacks call these).

Each function takes the store, the catalogue frames or the session and returns data, HTML
(escaped) or figures; none of them builds a widget, so unit tests call them directly.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from . import compare
from .errors import StoreError
from .html import Markup, render
from .i18n import _, format_date_range, language, locale_for
from .models import Session, Taxonomy, pick_text
from .store import Store, normalise_pseudonym

__all__ = [
    "SaveResult",
    "agenda_html",
    "entries_of",
    "entry_line",
    "practice_card_html",
    "rate",
    "results",
    "session_banner_html",
    "withdraw_entry",
]


@dataclass
class SaveResult:
    """What a save did: the records written, or the problems per control (nothing written)."""

    records: list[dict[str, Any]] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """Tell whether the save went through."""
        return not self.errors and bool(self.records)


def rate(
    store: Store,
    session: str,
    partner: str,
    participant: str,
    practice: str,
    scores: Mapping[str, object],
    comment: str = "",
    visibility: str = "shared",
) -> SaveResult:
    """Save one participant's scores of a practice, or say what is wrong with each control.

    Parameters
    ----------
    scores : mapping
        Criterion id → score as entered (``None`` or ``""``: not scored). Each is checked
        on its own, so every wrong control gets its message.

    Returns
    -------
    SaveResult
        ``records`` when saved; otherwise ``errors`` keyed by criterion id or by field
        (``participant``, ``partner``, ``practice``, ``visibility``, ``scores``) and nothing
        is written.
    """
    given = {c: s for c, s in scores.items() if s is not None and s != ""}
    errors: dict[str, str] = {}
    checks: dict[str, object] = dict(given)
    if not given:
        errors["scores"] = _("give at least one score")
        first = next(iter(store_criteria(store, session)), None)
        if first is not None:  # still check the other fields, with a valid probe score
            checks = {first: store.taxonomy().criterion(first).scale.min}
    for criterion, score in checks.items():
        try:
            store.check_rating(
                session, partner, participant, practice, criterion, score, comment, visibility
            )
        except StoreError as error:
            key = criterion if error.field in ("score", "criterion") else (error.field or "-")
            errors.setdefault(key, str(error).removeprefix(f"{error.field}: "))
    if errors:
        return SaveResult(errors=errors)
    try:
        records = store.add_ratings(
            session, partner, participant, practice, given, comment, visibility
        )
    except StoreError as error:  # e.g. the pseudonym speaks for another partner
        return SaveResult(errors={error.field or "-": str(error).removeprefix(f"{error.field}: ")})
    return SaveResult(records=records)


def store_criteria(store: Store, session: str) -> list[str]:
    """Return the criteria of a session (empty for an unknown one)."""
    try:
        return list(store.session(session).criteria)
    except StoreError:
        return []


def entries_of(
    store: Store,
    session: str,
    participant: str,
    *,
    titles: Mapping[str, str] | None = None,
    criteria: Mapping[str, str] | None = None,
    levels: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """List what one participant entered that still counts, one line per thing, newest first.

    A rating of several criteria is one entry (its current score on each criterion); a
    transfer interest, a note and an action point are one entry each.

    Parameters
    ----------
    titles, criteria, levels : mapping, optional
        Practice titles, criterion labels and transfer-level labels by id (default: ids).

    Returns
    -------
    pandas.DataFrame
        Columns ``kind`` (rating, interest, note, action), ``records`` (the tuple of record
        ids to withdraw it), ``partner``, ``practice``, ``what`` (the scores, the level, the
        note or the action, in words) and ``created_at``. Corrected and withdrawn entries
        are left out.
    """
    key = normalise_pseudonym(participant or "")
    columns = ["kind", "records", "partner", "practice", "what", "created_at"]
    if not key:
        return pd.DataFrame(columns=columns)
    titles, criteria, levels = titles or {}, criteria or {}, levels or {}
    withdrawals = store.withdrawals(session)
    rows: list[tuple[Any, ...]] = []
    ratings = compare.current_records(
        store.ratings(session), ["session", "participant", "practice", "criterion"], withdrawals
    )
    mine = ratings[ratings["participant"] == key] if len(ratings) else ratings
    order = list(store_criteria(store, session))
    for practice, group in mine.groupby("practice", sort=False) if len(mine) else ():
        group = group.sort_values(
            "criterion", key=lambda c: c.map(lambda x: order.index(x) if x in order else 99)
        )
        scores = ", ".join(
            f"{criteria.get(c, c)} {s}"
            for c, s in zip(group["criterion"], group["score"], strict=True)
        )
        rows.append(
            (
                "rating",
                tuple(group["id"]),
                group["partner"].iloc[0],
                practice,
                scores,
                group["created_at"].max(),
            )
        )
    interests = compare.current_records(
        store.interests(session), ["session", "participant", "practice"], withdrawals
    )
    for r in interests[interests["participant"] == key].itertuples() if len(interests) else []:
        level = levels.get(str(r.level), str(r.level))
        rows.append(("interest", (r.id,), r.partner, r.practice, level, r.created_at))
    notes = store.notes(session)
    for r in notes[notes["participant"] == key].itertuples() if len(notes) else []:
        rows.append(("note", (r.id,), r.partner, r.practice or "", r.text, r.created_at))
    actions = store.actions(session)
    for r in actions[actions["participant"] == key].itertuples() if len(actions) else []:
        rows.append(("action", (r.id,), r.partner, r.practice or "", r.text, r.created_at))
    frame = pd.DataFrame(rows, columns=columns)
    frame["practice"] = frame["practice"].fillna("")
    frame = frame.sort_values("created_at", ascending=False, kind="stable")
    return frame.reset_index(drop=True)


def entry_line(entry: Mapping[str, Any], titles: Mapping[str, str], lang: str = "en") -> str:
    """Say one entry of :func:`entries_of` in one line: what it is, about what, and its content.

    Examples
    --------
    >>> entry_line({"kind": "rating", "practice": "p", "what": "Relevance 4"}, {"p": "Pitstop"})
    'Rating · Pitstop · Relevance 4'
    """
    with language(lang):
        kinds = {
            "rating": _("Rating"),
            "interest": _("Transfer interest"),
            "note": _("Note"),
            "action": _("Action point"),
        }
        practice = str(entry.get("practice") or "")
        about = titles.get(practice, practice) if practice else _("the whole session")
        kind = str(entry["kind"])
        return f"{kinds.get(kind, kind)} · {about} · {entry['what']}"


def withdraw_entry(
    store: Store,
    session: str,
    entry: Mapping[str, Any],
    participant: str,
    reason: str = "",
) -> SaveResult:
    """Withdraw one entry of :func:`entries_of` (all its records at once), or say why not.

    Returns
    -------
    SaveResult
        ``records`` (the withdrawal) when done; otherwise ``errors`` (nothing written).
    """
    try:
        done = store.withdraw(
            session, list(entry["records"]), str(entry["partner"]), participant, reason
        )
    except StoreError as error:
        return SaveResult(errors={error.field or "-": str(error).removeprefix(f"{error.field}: ")})
    return SaveResult(records=[done])


def agenda_html(
    catalogue: pd.DataFrame,
    ids: Sequence[str],
    lang: str = "en",
    *,
    taxonomy: Taxonomy | None = None,
    partner_names: Mapping[str, str] | None = None,
    open_rows: int = 1,
) -> Markup:
    """Render the agenda's practices side by side, one collapsible row per template field.

    Rows that none of the practices fills are left out; the first *open_rows* rows start
    open, the others closed (a click on a row's label opens it).

    Returns
    -------
    markupsafe.Markup
        The escaped fragment, or a short line when none of *ids* is in the catalogue.
    """
    frame = compare.side_by_side(
        catalogue, list(ids), lang, taxonomy=taxonomy, partner_names=partner_names
    )
    titles, rows = compare.side_by_side_rows(frame, lang, hide_empty=True)
    hidden = len(frame) - 1 - len(rows) if titles else 0
    with language(lang):
        return render(
            "widgets/agenda.html.j2",
            titles=titles,
            rows=rows,
            open_rows=open_rows,
            hidden=hidden,
        )


def results(
    store: Store, session: str, taxonomy: Taxonomy | None = None, *, lang: str | None = None
) -> dict[str, pd.DataFrame]:
    """Compute the live results of a session: score summary, ranking, transfer matrix.

    Parameters
    ----------
    taxonomy : Taxonomy, optional
        Its scales put criteria on different scales on one footing in the ranking, and its
        transfer levels order the matrix (default: the store's own taxonomy).
    lang : str, optional
        The language of the ranking's notes ("one rating only"); default the current one.

    Returns
    -------
    dict
        ``summary`` (:func:`~hopelib.compare.score_summary`), ``by_partner`` (the same per
        partner), ``ranking`` and ``transfer`` (:func:`~hopelib.compare.transfer_matrix`).
    """
    taxonomy = taxonomy or store.taxonomy()
    ratings, withdrawals = store.ratings(session), store.withdrawals(session)
    return {
        "summary": compare.score_summary(ratings, withdrawals),
        "by_partner": compare.score_summary(ratings, withdrawals, by_partner=True),
        "ranking": compare.ranking(
            ratings, withdrawals, scales=compare.criterion_scales(taxonomy), lang=lang
        ),
        "transfer": compare.transfer_matrix(
            store.interests(session), withdrawals, levels=taxonomy.ids("transfer_levels")
        ),
    }


def session_banner_html(
    session: Session,
    lang: str = "en",
    host_name: str | None = None,
    *,
    locale: str | None = None,
) -> Markup:
    """Return the session's heading (title, dates, host) and, on demo sessions, the banner.

    Parameters
    ----------
    session : Session
        The session shown.
    lang : str
        The language of the title and the labels.
    host_name : str, optional
        The host partner's name (default: its id).
    locale : str, optional
        The Babel locale of the dates (default: ``locale_for(lang)``). A partner report may
        speak English yet write its dates the partner's way: ``lang="en", locale="fi_FI"``.

    Returns
    -------
    markupsafe.Markup
        The escaped fragment (a ``str`` another ``render`` embeds as it is).
    """
    with language(lang):
        title, _shown = pick_text(session.title, lang, session.lang)
        when = format_date_range(session.dates[0], session.dates[-1], locale or locale_for(lang))
        return render(
            "session_banner.html.j2",
            title=title or session.id,
            when=when,
            host=host_name or session.host,
            demo=session.demo,
        )


def practice_card_html(
    catalogue: pd.DataFrame,
    practice_id: str,
    taxonomy: Taxonomy,
    lang: str = "en",
    *,
    partner_names: Mapping[str, str] | None = None,
) -> Markup:
    """Render one practice's full template as an escaped HTML card.

    The card shows the title, who runs it and where, category, themes and target groups, the
    summary, the need → solution → results grid per perspective, implementation, resources,
    evidence, difficulties, how to reuse it (transferability) and continuity; blanks read
    "not described yet", and texts in another language are marked with its code.

    Returns
    -------
    markupsafe.Markup
        The card, or a short line for an unknown id.
    """
    with language(lang):
        if practice_id not in catalogue.index:
            return render("practice_card.html.j2", title=None, practice_id=practice_id)
        row = catalogue.loc[practice_id]
        frame = compare.side_by_side(
            catalogue, [practice_id], lang, taxonomy=taxonomy, partner_names=partner_names
        )
        cells = frame[practice_id]
        partner, category = _text(row.get("partner")), _text(row.get("category"))

        def terms(vocabulary: str) -> list[str]:
            return [taxonomy.label(vocabulary, t, lang) for t in row.get(vocabulary) or ()]

        return render(
            "practice_card.html.j2",
            title=str(cells.iloc[0]),
            partner=(partner_names or {}).get(partner, partner) if partner else None,
            organisation=_text(row.get("organisation")),
            region=_text(row.get("region")),
            category=taxonomy.label("categories", category, lang) if category else None,
            themes=terms("themes"),
            target_groups=terms("target_groups"),
            rows=[(str(label), str(text)) for label, text in cells.iloc[2:].items()],
        )


def _text(value: object) -> str | None:
    """Return a catalogue cell's text, or None when it has none (None, NaN or "": a dash)."""
    return value if isinstance(value, str) and value else None
