"""What a participant does from their own browser, as plain functions (no widgets).

A participant joins a session for one partner under a pseudonym, rates the agenda's
practices one at a time (scores, transfer interest, a comment), sees what they entered
during this visit and may withdraw it. The :class:`Visit` remembers what this page saved,
so a participant withdraws only their own entries of this visit; older ones are the
facilitator's to withdraw from the console. A closed session (``hope session close``)
takes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from sqlalchemy.exc import SQLAlchemyError

from . import charts, compare
from .errors import StoreError
from .i18n import _, format_number, language, locale_for
from .models import Session, Taxonomy
from .store import Store, normalise_pseudonym
from .store.plain_text import TEXT_LIMIT, has_control_characters
from .store.rules import check_pseudonym
from .workshop import SaveResult, rate, results

__all__ = [
    "Entry",
    "Visit",
    "join",
    "result_figures",
    "save_practice",
    "visit_entries",
    "withdraw_entry",
]


@dataclass
class Entry:
    """What one Save of one practice wrote: its records, withdrawn together."""

    practice: str
    records: list[str]
    scores: dict[str, int] = field(default_factory=dict)
    interest: str | None = None
    comment: str = ""
    withdrawn: bool = False


@dataclass
class Visit:
    """One participant's visit: who they are and what this page saved.

    Attributes
    ----------
    store : Store
    session, partner, pseudonym : str
    entries : list of Entry
        What this visit saved, oldest first (withdrawn ones are marked, not dropped).
    """

    store: Store
    session: str
    partner: str
    pseudonym: str
    entries: list[Entry] = field(default_factory=list)


def join(store: Store, session: str, partner: str, pseudonym: str) -> Visit:
    """Start a visit, or say why not.

    Raises
    ------
    StoreError
        ``field`` ``"session"`` when the session is closed, ``"partner"`` for a partner not in
        the session, ``"participant"`` for an empty pseudonym or one that already speaks for
        another partner in this session.
    """
    found = store.session(session)
    if store.is_closed(found.id):
        raise StoreError(_("This session is closed: it takes no more entries."), "session")
    if partner not in found.partners:
        raise StoreError(_("Choose the partner you speak for."), "partner")
    key = normalise_pseudonym(pseudonym or "")
    if not key:
        raise StoreError(_("Give a pseudonym (initials are enough)."), "participant")
    try:
        check_pseudonym(pseudonym)
    except StoreError:
        raise StoreError(
            _("Choose a shorter pseudonym (initials are enough)."), "participant"
        ) from None
    speakers = store.participants(found.id)
    taken = speakers[(speakers["participant"] == key) & (speakers["partner"] != partner)]
    if len(taken):
        raise StoreError(
            _(
                "The pseudonym {name} is already used for another partner in this session: "
                "choose another one."
            ).format(name=pseudonym.strip()),
            "participant",
        )
    return Visit(store, found.id, partner, pseudonym.strip())


def save_practice(
    visit: Visit,
    practice: str,
    scores: Mapping[str, object],
    interest: str | None = None,
    comment: str = "",
    visibility: str = "shared",
) -> SaveResult:
    """Save one practice's scores, transfer interest and comment, or say what is wrong.

    Scores carry the comment; a comment without scores is saved as a note on the practice.
    Nothing is written when anything is wrong, or when the session has been closed.

    Returns
    -------
    SaveResult
        ``records`` when saved (also added to the visit's entries); otherwise ``errors``
        keyed by criterion id or by field (``scores``, ``interest``, ``session`` …).
    """
    store = visit.store
    if store.is_closed(visit.session):
        return SaveResult(errors={"session": _("This session is closed: nothing was saved.")})
    given = {c: s for c, s in scores.items() if s is not None and s != ""}
    levels = store.taxonomy().ids("transfer_levels")
    if interest is not None and interest not in levels:
        return SaveResult(errors={"interest": _("Choose a transfer interest from the list.")})
    comment = (comment or "").strip()
    if has_control_characters(comment):  # e.g. a page break pasted from a PDF
        return SaveResult(
            errors={
                "comment": _(
                    "The comment holds a character that is not plain text (such as a page "
                    "break from a copied document): retype that part; nothing was saved."
                )
            }
        )
    if len(comment) > TEXT_LIMIT:
        return SaveResult(
            errors={
                "comment": _(
                    "The comment is longer than {limit} characters: shorten it; nothing was saved."
                ).format(limit=format_number(TEXT_LIMIT, locale_for(), "#,##0"))
            }
        )
    if not given and interest is None and not comment:
        return SaveResult(
            errors={"scores": _("Give at least one score, a transfer interest or a comment.")}
        )
    records: list[dict[str, object]] = []
    if given:
        rated = rate(
            store,
            visit.session,
            visit.partner,
            visit.pseudonym,
            practice,
            given,
            comment,
            visibility,
        )
        if not rated.ok:
            return rated
        records += rated.records
    try:
        if comment and not given:
            records.append(
                store.add_note(
                    visit.session, visit.partner, visit.pseudonym, comment, practice, visibility
                )
            )
        if interest is not None:
            records.append(
                store.add_interest(
                    visit.session,
                    visit.partner,
                    visit.pseudonym,
                    practice,
                    interest,
                    visibility=visibility,
                )
            )
    except StoreError as error:
        _undo(visit, [str(r["id"]) for r in records])
        return SaveResult(errors={error.field or "-": str(error).removeprefix(f"{error.field}: ")})
    except SQLAlchemyError:  # a store too busy even after its retries: nothing half-saved
        _undo(visit, [str(r["id"]) for r in records])
        return SaveResult(errors={"-": _("The store is busy: nothing was saved; try again.")})
    visit.entries.append(
        Entry(
            practice,
            [str(record["id"]) for record in records],
            {c: int(s) for c, s in given.items()},  # type: ignore[call-overload]
            interest,
            comment,
        )
    )
    return SaveResult(records=records)


def _undo(visit: Visit, records: list[str]) -> None:
    """Withdraw what a half-done save wrote, so that the save counts as not made."""
    if records:
        visit.store.withdraw(
            visit.session, records, visit.partner, visit.pseudonym, "save not completed"
        )


def visit_entries(
    visit: Visit,
    titles: Mapping[str, str] | None = None,
    criteria: Mapping[str, str] | None = None,
    levels: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """List what this visit saved and did not withdraw, one line per Save, newest first.

    Parameters
    ----------
    titles, criteria, levels : mapping, optional
        Practice, criterion and transfer-level labels to show instead of ids.

    Returns
    -------
    pandas.DataFrame
        Columns ``entry`` (its position in the visit), ``practice`` (title) and ``what``.
    """
    titles, criteria, levels = titles or {}, criteria or {}, levels or {}
    rows = []
    for number, entry in enumerate(visit.entries):
        if entry.withdrawn:
            continue
        parts = [f"{criteria.get(c, c)} {s}" for c, s in entry.scores.items()]
        if entry.interest is not None:
            parts.append(levels.get(entry.interest, entry.interest))
        if entry.comment:
            parts.append(f"“{entry.comment}”")
        rows.append((number, titles.get(entry.practice, entry.practice), " · ".join(parts)))
    frame = pd.DataFrame(rows, columns=["entry", "practice", "what"])
    return frame.iloc[::-1].reset_index(drop=True)


def withdraw_entry(visit: Visit, entry: int) -> Entry:
    """Withdraw one Save of this visit (all its records), or refuse another page's entry.

    Raises
    ------
    StoreError
        ``field`` ``"entry"`` when this visit did not save it or it is already withdrawn.
    """
    if not 0 <= entry < len(visit.entries) or visit.entries[entry].withdrawn:
        raise StoreError(_("Only what you entered on this page can be withdrawn here."), "entry")
    if visit.store.is_closed(visit.session):
        raise StoreError(_("This session is closed: nothing was changed."), "session")
    found = visit.entries[entry]
    try:  # all of one Save, or none (e.g. when the facilitator withdrew a part already)
        visit.store.withdraw(visit.session, found.records, visit.partner, visit.pseudonym)
    except StoreError:
        raise StoreError(
            _("This entry was already withdrawn, in part or whole, from the console."), "entry"
        ) from None
    found.withdrawn = True
    return found


def result_figures(
    store: Store,
    session: Session,
    *,
    catalogue: pd.DataFrame,
    taxonomy: Taxonomy,
    partners: pd.DataFrame,
    lang: str = "en",
) -> dict[str, Any]:
    """Build a session's live result charts: score heatmap, ranking and transfer matrix.

    Parameters
    ----------
    session : Session
        Its criteria are the heatmap's columns.
    catalogue, partners : pandas.DataFrame
        For practice titles (in *lang*) and partner names and colours.

    Returns
    -------
    dict
        ``scores``, ``ranking`` and ``transfer``: plotly figures with no private text.
    """
    computed = results(store, session.id, taxonomy, lang=lang)
    titles = catalogue["title"]
    criteria = {c: taxonomy.label("criteria", c, lang) for c in session.criteria}
    levels = compare.term_labels(taxonomy, "transfer_levels", lang)
    with language(lang):  # every chart titled, also while it only says "nothing yet"
        headings = {
            "scores": _("Scores by practice and criterion"),
            "ranking": _("Ranking"),
            "transfer": _("Transfer interest by partner"),
        }
    return {
        "scores": charts.score_heatmap(
            computed["summary"],
            titles=titles,
            labels=criteria,
            criteria=session.criteria,
            scales=compare.criterion_scales(taxonomy),
            lang=lang,
            title=headings["scores"],
        ),
        "ranking": charts.ranking_chart(
            computed["ranking"], titles=titles, lang=lang, title=headings["ranking"]
        ),
        "transfer": charts.transfer_chart(
            computed["transfer"],
            partners=partners,
            titles=titles,
            labels=levels,
            lang=lang,
            title=headings["transfer"],
        ),
    }
