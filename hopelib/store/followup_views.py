"""Reading follow-up: actions with their latest status, and transfer plans, along a session chain.

A session sees its own actions and plans and those of the sessions it ``follows`` (directly
or not); changes made in sessions that came later do not count, so a report stays what it
was. Within a session ``seq`` is the order of truth; across sessions the order of the
workshops is.
"""

from __future__ import annotations

import json

import pandas as pd

from ..compare import transfer_matrix
from .engine import read_rows
from .rules import check_partner
from .schema import (
    action_events_table,
    actions_table,
    interests_table,
    transfer_plans_table,
    withdrawals_table,
)
from .stored_rules import plan_levels
from .views import RecordViews, blank_others_actions

__all__ = ["FollowUpViews"]


def _in_chain_order(frame: pd.DataFrame, chain: list[str]) -> pd.DataFrame:
    """Sort rows of several sessions: by the session's place in *chain*, then ``seq``.

    Archives may have been loaded in any order, so ``seq`` alone does not order workshops.
    """
    rank = frame["session"].map({s: i for i, s in enumerate(chain)})
    order = pd.DataFrame({"rank": rank, "seq": frame["seq"]}).sort_values(
        ["rank", "seq"], kind="stable"
    )
    return frame.loc[order.index].reset_index(drop=True)


class FollowUpViews(RecordViews):
    """The readers of actions, their status history and transfer plans."""

    def _actions_as_of(
        self, sessions: list[str], chain: list[str], partner: str | None
    ) -> pd.DataFrame:
        """Actions of *sessions* with their latest status among the changes made in *chain*."""
        frame = read_rows(self.engine, actions_table, sessions)
        withdrawn = read_rows(self.engine, withdrawals_table, sessions)["record"]
        frame = frame[~frame["id"].isin(withdrawn)].reset_index(drop=True)
        events = _in_chain_order(read_rows(self.engine, action_events_table, chain), chain)
        events = events[events["action"].isin(frame["id"])]
        counts = events.groupby("action").size()
        latest = events.drop_duplicates("action", keep="last").set_index("action")
        for column, name in (
            ("status", "status"),
            ("by", "status_by"),
            ("at", "status_at"),
            ("note", "status_note"),
            ("session", "status_session"),
        ):
            frame[name] = frame["id"].map(latest[column]) if len(latest) else None
        frame["changes"] = frame["id"].map(counts).fillna(0).astype(int)
        frame = blank_others_actions(frame, partner)
        return _in_chain_order(frame, chain) if len(sessions) > 1 else frame

    def actions(self, session: str, partner: str | None = None) -> pd.DataFrame:
        """Return the actions of a session with their latest status.

        Parameters
        ----------
        partner : str, optional
            Read as this partner may see: other partners' action owners and status notes are
            blanked.

        Returns
        -------
        pandas.DataFrame
            The action columns plus ``status``, ``status_by``, ``status_at``,
            ``status_note`` and ``status_session`` (the latest status change made in the
            session, by ``seq``) and ``changes`` (how many status rows it has, the opening
            included).
        """
        return self._actions_as_of([session], [session], partner)

    def followed_actions(self, session: str, partner: str | None = None) -> pd.DataFrame:
        """Return the actions of the sessions a session follows ("since last workshop").

        Parameters
        ----------
        session : str
            The later session; its ``follows`` (and theirs, and so on) give the earlier ones.
        partner : str, optional
            Read as this partner may see: other partners' action owners and status notes are
            blanked.

        Returns
        -------
        pandas.DataFrame
            The columns of :meth:`actions`, oldest session first. The status is the latest
            change made in the earlier sessions or in *session* itself (not in sessions that
            came later, so a report stays what it was).
        """
        chain = self.session_chain(session)
        return self._actions_as_of(chain[:-1], chain, partner)

    def action_history(self, session: str) -> pd.DataFrame:
        """Return every status change of the actions a session sees (its own and earlier).

        Returns
        -------
        pandas.DataFrame
            The columns of :meth:`action_events` (``session`` is where the change was made),
            in the order of the sessions, then ``seq``.
        """
        chain = self.session_chain(session)
        known = read_rows(self.engine, actions_table, chain)["id"]
        events = _in_chain_order(read_rows(self.engine, action_events_table, chain), chain)
        return events[events["action"].isin(known)].reset_index(drop=True)

    def _plans(self, session: str) -> pd.DataFrame:
        """Every version of every transfer plan in a session's chain, oldest first."""
        chain = self.session_chain(session)
        frame = _in_chain_order(read_rows(self.engine, transfer_plans_table, chain), chain)
        frame["milestones"] = [json.loads(m or "[]") for m in frame["milestones"]]
        frame["version"] = frame.groupby(["partner", "practice"]).cumcount() + 1
        return frame

    def transfer_plans(self, session: str, partner: str | None = None) -> pd.DataFrame:
        """Return the latest version of each transfer plan a session sees.

        Plans written in the session or in the sessions it follows count (a plan carries
        on from one workshop to the next); versions written later do not.

        Parameters
        ----------
        partner : str, optional
            Only this partner's plans (a plan is shown to its own partner only).

        Returns
        -------
        pandas.DataFrame
            One row per (``partner``, ``practice``) with the :data:`PLAN_FIELDS`
            (``milestones`` a list of ``{"due", "text"}``), ``version`` (1 for the first),
            ``session`` (where this version was written), ``participant`` and
            ``created_at``.
        """
        frame = self._plans(session)
        if partner is not None:
            frame = frame[frame["partner"] == partner]
        latest = frame.drop_duplicates(["partner", "practice"], keep="last")
        return latest.sort_values(["partner", "practice"], kind="stable").reset_index(drop=True)

    def transfer_plan_history(self, session: str, partner: str, practice: str) -> pd.DataFrame:
        """Return every version of one partner's plan for a practice, oldest first."""
        frame = self._plans(session)
        mine = frame[(frame["partner"] == partner) & (frame["practice"] == practice)]
        return mine.reset_index(drop=True)

    def plan_practices(self, session: str, partner: str) -> dict[str, str]:
        """Return the practices *partner* may plan to transfer, with its level for each.

        A partner's level for a practice is the most common among its participants (ties to
        the more ambitious), in the latest session of the chain (the session and those it
        follows) where it gave one. Plans are for the two most ambitious levels (adopt and
        adapt); a practice that already has a plan stays plannable.

        Returns
        -------
        dict
            Practice id → transfer level id, in the order the practices were first marked.

        Raises
        ------
        StoreError
            For an unknown session, or a partner not in it.
        """
        found = self.session(session)
        partner = check_partner(found, partner)
        levels = list(self.taxonomy().ids("transfer_levels"))
        latest: dict[str, str] = {}
        for earlier in self.session_chain(found.id):
            interests = read_rows(self.engine, interests_table, earlier)
            interests = interests[interests["partner"] == partner]
            if interests.empty:
                continue
            matrix = transfer_matrix(interests, self.withdrawals(earlier), levels=levels)
            for practice, level in zip(
                matrix.index.get_level_values("practice"), matrix["level"], strict=True
            ):
                latest[str(practice)] = str(level)
        wanted = plan_levels(self.taxonomy())
        plannable = {p: level for p, level in latest.items() if level in wanted}
        for practice in self.transfer_plans(session, partner=partner)["practice"]:
            plannable.setdefault(practice, latest.get(practice, ""))
        return plannable
