"""Writing follow-up: action points, their status changes, and transfer plans.

A status change may be made in the action's own session or in a later session that follows
it; a transfer plan is for a practice its partner marked adopt or adapt, and each save is a
new version. Values are checked by the record rules (:mod:`hopelib.store.rules`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy.engine import Connection

from .followup_views import FollowUpViews
from .rules import (
    action_values,
    check_partner,
    check_practice,
    check_pseudonym,
    plan_values,
    status_values,
)
from .schema import action_events_table, actions_table, transfer_plans_table
from .stored_rules import Levels, check_action_owner, unplannable

__all__ = ["FollowUpWriters"]


class FollowUpWriters(FollowUpViews):
    """The writers of actions, status changes and transfer plans."""

    def add_action(
        self,
        session: str,
        partner: str,
        participant: str,
        text: str,
        owner: str = "",
        due: dt.date | str | None = None,
        practice: str | None = None,
    ) -> dict[str, Any]:
        """Record an action point (status ``open``); its owner shows only in its own report.

        Parameters
        ----------
        text : str
            What is to be done.
        owner : str, optional
            Who does it.
        due : date or str, optional
            A date or ISO text (2025-06-30).
        practice : str, optional
            The practice the action is about.

        Returns
        -------
        dict
            The record as written (its opening status is a row of its own).

        Raises
        ------
        StoreError
            Naming the field at fault; nothing is written.
        """
        found = self.session(session)
        partner = check_partner(found, partner)
        values = action_values(
            self.reference, found, practice=practice, text=text, owner=owner, due=due
        )
        pseudonym = check_pseudonym(participant)

        def opened(connection: Connection, record: dict[str, Any]) -> None:
            connection.execute(
                action_events_table.insert().values(
                    id=self.new_id(),
                    created_at=record["created_at"],
                    session=found.id,
                    partner=partner,
                    participant=record["participant"],
                    action=record["id"],
                    status="open",
                    by=pseudonym[1],
                    at=record["created_at"],
                )
            )

        return self.recorder.add(actions_table, found, partner, pseudonym, values, then=opened)

    def set_action_status(
        self,
        session: str,
        action: str,
        status: str,
        partner: str,
        participant: str,
        note: str = "",
    ) -> dict[str, Any]:
        """Record a status change of an action (``open``, ``doing``, ``done``, ``dropped``).

        Parameters
        ----------
        session : str
            The session in which the change is made: the action's own, or a later session
            that follows it (directly or not); the change is recorded there.
        action : str
            The action's ``id``.
        partner, participant : str
            Who changes it: only the action's own partner may.
        note : str, optional
            What was done, or why it was dropped.

        Raises
        ------
        StoreError
            For an unknown status, an action outside the session and the sessions it follows,
            or another partner's action; nothing is written.
        """
        found = self.session(session)
        partner = check_partner(found, partner)
        values = status_values(
            self.reference, found, action=action, status=status, by=participant, note=note
        )
        chain = self.session_chain(found.id)

        def check(connection: Connection) -> None:
            check_action_owner(connection, chain, action, partner)

        values["at"] = self.clock()
        pseudonym = check_pseudonym(participant)
        return self.recorder.add(action_events_table, found, partner, pseudonym, values, check)

    def add_transfer_plan(
        self,
        session: str,
        partner: str,
        participant: str,
        practice: str,
        *,
        keep: str = "",
        change: str = "",
        resources: str = "",
        risks: str = "",
        first_steps: str = "",
        owner: str = "",
        milestones: Iterable[Any] = (),
    ) -> dict[str, Any]:
        """Record a partner's plan to transfer a practice (a new version of it, if one exists).

        The plan follows Understand → Adapt → Re-use: what makes the practice work and is
        kept, what changes for the local context, the resources it takes and the risks, then
        the first steps, who owns the plan and its milestones. Each save is a new version;
        the latest counts and the earlier ones stay as its history.

        Parameters
        ----------
        session, partner, participant : str
            Where and by whom the plan is written; the partner must have marked the practice
            adopt or adapt (:meth:`plan_practices`).
        practice : str
        keep, change, resources, risks, first_steps : str
            Free text; at least one of *keep*, *change* and *first_steps* must be written.
        owner : str
            Who carries the plan (shown only in its own partner's report).
        milestones : iterable
            ``(due, text)`` pairs or ``{"due", "text"}`` mappings; dates as ISO strings or
            dates. Stored in date order.

        Returns
        -------
        dict
            The record as written (``milestones`` as JSON text).

        Raises
        ------
        StoreError
            Naming the field at fault; nothing is written.
        """
        found = self.session(session)
        partner = check_partner(found, partner)
        chosen = check_practice(self.reference, practice)
        if chosen not in self.plan_practices(found.id, partner):
            raise unplannable(partner, str(chosen), Levels.of(self.taxonomy()).named, found.id)
        values = plan_values(
            self.reference,
            found,
            practice=chosen,
            keep=keep,
            change=change,
            resources=resources,
            risks=risks,
            first_steps=first_steps,
            owner=owner,
            milestones=milestones,
        )
        pseudonym = check_pseudonym(participant)
        return self.recorder.add(transfer_plans_table, found, partner, pseudonym, values)
