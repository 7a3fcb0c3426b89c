"""Writing what a workshop says: ratings, transfer interest, notes, and withdrawals.

Each writer checks its input with the record rules (:mod:`hopelib.store.rules`), then writes
through the recorder in one short transaction, and returns the record as written.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy.engine import Connection

from ..errors import StoreError
from .base import StoreBase
from .rules import (
    check_partner,
    check_pseudonym,
    interest_values,
    note_values,
    rating_values,
    withdrawal_values,
)
from .schema import interests_table, notes_table, ratings_table, withdrawals_table
from .stored_rules import check_withdrawable

__all__ = ["RecordWriters"]


class RecordWriters(StoreBase):
    """The writers of ratings, interests, notes and withdrawals."""

    def check_rating(
        self,
        session: str,
        partner: str,
        participant: str,
        practice: str,
        criterion: str,
        score: object,
        comment: str = "",
        visibility: str = "shared",
    ) -> dict[str, Any]:
        """Check a rating as :meth:`add_rating` does, without writing anything.

        Returns
        -------
        dict
            The checked values (``partner``, ``participant`` as given, ``practice``,
            ``criterion``, ``score`` as an int, ``comment``, ``visibility``).

        Raises
        ------
        StoreError
            Naming the field at fault.
        """
        found = self.session(session)
        _, display = check_pseudonym(participant)
        # the score before the partner, as forms and score imports have always reported
        values = rating_values(
            self.reference,
            found,
            practice=practice,
            criterion=criterion,
            score=score,
            comment=comment,
            visibility=visibility,
        )
        return {"partner": check_partner(found, partner), "participant": display, **values}

    def add_ratings(
        self,
        session: str,
        partner: str,
        participant: str,
        practice: str,
        scores: Mapping[str, object],
        comment: str = "",
        visibility: str = "shared",
    ) -> list[dict[str, Any]]:
        """Record one participant's scores of a practice on several criteria: all or none.

        Parameters
        ----------
        scores : mapping
            Criterion id → score; each checked as in :meth:`add_rating`.
        comment : str, optional
            Kept with each of these ratings.

        Raises
        ------
        StoreError
            For the first bad value (``field`` names it, e.g. ``score``); nothing is written.
        """
        rows = [
            {
                "partner": partner,
                "participant": participant,
                "practice": practice,
                "criterion": criterion,
                "score": score,
                "comment": comment,
                "visibility": visibility,
            }
            for criterion, score in scores.items()
        ]
        return self.add_rating_rows(session, rows)

    def add_rating_rows(
        self, session: str, rows: Iterable[Mapping[str, Any]]
    ) -> list[dict[str, Any]]:
        """Record many participants' ratings (a facilitator's grid) in one transaction.

        Parameters
        ----------
        rows : iterable of mapping
            Each with ``partner``, ``participant``, ``practice``, ``criterion``, ``score`` and
            optionally ``comment`` and ``visibility``.

        Raises
        ------
        StoreError
            ``row N: field: …`` for the first bad row; nothing is written.
        """
        found = self.session(session)
        items = []
        for number, row in enumerate(rows, start=1):
            try:
                checked = self.check_rating(
                    session,
                    row.get("partner"),  # type: ignore[arg-type]
                    row.get("participant"),  # type: ignore[arg-type]
                    row.get("practice"),  # type: ignore[arg-type]
                    row.get("criterion"),  # type: ignore[arg-type]
                    row.get("score"),
                    row.get("comment") or "",
                    row.get("visibility") or "shared",
                )
            except StoreError as error:
                raise StoreError(f"row {number}: {error}", field=error.field) from None
            partner = checked.pop("partner")
            pseudonym = check_pseudonym(checked.pop("participant"))
            items.append((partner, pseudonym, checked))
        if not items:
            return []
        return self.recorder.record(ratings_table, found, items)

    def add_rating(
        self,
        session: str,
        partner: str,
        participant: str,
        practice: str,
        criterion: str,
        score: int,
        comment: str = "",
        visibility: str = "shared",
    ) -> dict[str, Any]:
        """Record one participant's score of a practice on one criterion.

        Parameters
        ----------
        session, partner : str
            The session and the partner the participant speaks for.
        participant : str
            A pseudonym; registered for *partner* on first use.
        practice, criterion : str
            What is rated; the criterion must be one of the session's.
        score : int
            A whole number within the criterion's scale.
        comment : str, optional
        visibility : {"shared", "private"}
            Private comments appear only in the participant's own partner's report.

        Returns
        -------
        dict
            The record as written, with its ``id`` and ``seq``. A later rating of the same
            practice and criterion by the same participant replaces this one.

        Raises
        ------
        StoreError
            For any unknown id, a score outside the scale, or a bad visibility; nothing is
            written.
        """
        values = self.check_rating(
            session, partner, participant, practice, criterion, score, comment, visibility
        )
        partner = values.pop("partner")
        pseudonym = check_pseudonym(values.pop("participant"))
        return self.recorder.add(ratings_table, self.session(session), partner, pseudonym, values)

    def add_interest(
        self,
        session: str,
        partner: str,
        participant: str,
        practice: str,
        level: str,
        rationale: str = "",
        visibility: str = "shared",
    ) -> dict[str, Any]:
        """Record how far a participant would transfer a practice (adopt … not now).

        Parameters
        ----------
        level : str
            A transfer level of the taxonomy.
        rationale : str, optional
        visibility : {"shared", "private"}
            A private rationale appears only in the participant's own partner's report.

        Returns
        -------
        dict
            The record as written; a later interest in the same practice replaces it.

        Raises
        ------
        StoreError
            Naming the field at fault; nothing is written.
        """
        found = self.session(session)
        partner = check_partner(found, partner)
        values = interest_values(
            self.reference,
            found,
            practice=practice,
            level=level,
            rationale=rationale,
            visibility=visibility,
        )
        return self.recorder.add(
            interests_table, found, partner, check_pseudonym(participant), values
        )

    def add_note(
        self,
        session: str,
        partner: str,
        participant: str,
        text: str,
        practice: str | None = None,
        visibility: str = "shared",
    ) -> dict[str, Any]:
        """Record a note, about a practice or the session; private notes stay with the partner.

        Returns
        -------
        dict
            The record as written.

        Raises
        ------
        StoreError
            Naming the field at fault (e.g. ``text`` when empty); nothing is written.
        """
        found = self.session(session)
        partner = check_partner(found, partner)
        values = note_values(
            self.reference, found, practice=practice, text=text, visibility=visibility
        )
        return self.recorder.add(notes_table, found, partner, check_pseudonym(participant), values)

    def withdraw(
        self,
        session: str,
        record: str | Sequence[str],
        partner: str,
        participant: str,
        reason: str = "",
    ) -> dict[str, Any]:
        """Withdraw a rating, an interest, a note or an action: it stops counting (and showing).

        The record stays in the store; a withdrawal is a row of its own. *record* may be
        several ids (a rating of several criteria): all are withdrawn in one transaction, or
        none.

        Returns
        -------
        dict
            The (first) withdrawal as written.

        Raises
        ------
        StoreError
            ``field`` ``"record"`` for an unknown record, another partner's, or one already
            withdrawn; nothing is written.
        """
        found = self.session(session)
        partner = check_partner(found, partner)
        records = [record] if isinstance(record, str) else list(record)
        if not records:
            raise StoreError("record: nothing to withdraw", field="record")
        items = [
            (
                partner,
                check_pseudonym(participant),
                withdrawal_values(self.reference, found, record=one, by=participant, reason=reason),
            )
            for one in dict.fromkeys(records)
        ]

        def check(connection: Connection) -> None:
            for one in dict.fromkeys(records):
                check_withdrawable(connection, found.id, one, partner)

        return self.recorder.record(withdrawals_table, found, items, check)[0]
