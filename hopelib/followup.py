"""From one workshop to the next: action follow-up and transfer plans, as plain functions.

A session lists the sessions it ``follows``; their actions come back at its opening ("since
last workshop") with their status history, overdue ones flagged, and each partner carries
its transfer plans (Understand → Adapt → Re-use) forward. The store keeps every status
change and every plan version (:meth:`hopelib.store.Store.followed_actions`,
:meth:`~hopelib.store.Store.transfer_plans`); these functions check input, flag what is
overdue and render escaped HTML for the notebooks and the reports. Widgets call them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd

from .errors import CatalogueError, StoreError
from .html import Markup, render
from .i18n import _, format_date
from .models import Session
from .store import PLAN_FIELDS, Store
from .workshop import SaveResult

__all__ = [
    "OPEN_STATUSES",
    "STATUS_COLUMNS",
    "action_history_text",
    "action_status_counts",
    "as_of_date",
    "parse_milestones",
    "plan_changes",
    "save_plan",
    "since_last_workshop",
    "since_last_workshop_html",
    "status_label",
    "status_labels",
    "transfer_plan_html",
    "update_status",
]

#: Statuses of an action still to be done (overdue when past its due date).
OPEN_STATUSES = ("open", "doing")
#: The columns of :func:`action_status_counts`, finished first, overdue apart.
STATUS_COLUMNS = ("done", "doing", "open", "overdue", "dropped")

#: The free-text parts of a transfer plan, as the card shows them.
_PLAN_TEXTS = ("keep", "change", "resources", "risks", "first_steps", "owner")

_MILESTONE = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})\s*(?:[-–—:|]\s*)?(.*)$")


def status_label(status: object) -> str:
    """Return an action status in the current language (``open``, ``doing`` …)."""
    labels = {
        "open": _("open"),
        "doing": _("doing"),
        "done": _("done"),
        "dropped": _("dropped"),
        "overdue": _("overdue"),
    }
    return labels.get(str(status), str(status))


def status_labels() -> dict[str, str]:
    """Return the labels of :data:`STATUS_COLUMNS` in the current language."""
    return {status: status_label(status) for status in STATUS_COLUMNS}


def action_status_counts(frame: pd.DataFrame) -> pd.DataFrame:
    """Count actions per partner and status, the overdue ones apart.

    Parameters
    ----------
    frame : pandas.DataFrame
        :func:`since_last_workshop` (``partner``, ``status``, ``overdue``).

    Returns
    -------
    pandas.DataFrame
        Indexed by partner (in order of appearance), one integer column per
        :data:`STATUS_COLUMNS`; an overdue action counts under ``overdue`` only.
    """
    if frame.empty:
        return pd.DataFrame(columns=list(STATUS_COLUMNS), dtype=int)
    late = frame["overdue"].astype(bool)
    shown = frame["status"].where(~late, "overdue")
    counts = pd.crosstab(frame["partner"], shown)
    order = list(dict.fromkeys(frame["partner"]))
    counts = counts.reindex(index=order, columns=list(STATUS_COLUMNS), fill_value=0)
    counts.columns.name = None
    return counts.astype(int)


def as_of_date(session: Session, today: dt.date | None = None) -> dt.date:
    """Return the day "since last workshop" is judged on.

    That is the session's opening day, or today while the session is still ahead; an action
    is overdue when due before that day and not finished.
    """
    today = today or dt.date.today()
    return min(today, session.dates[0])


def since_last_workshop(
    store: Store,
    session: str,
    partner: str | None = None,
    as_of: dt.date | None = None,
) -> pd.DataFrame:
    """Return the actions of the earlier sessions, with their latest status and overdue flag.

    Parameters
    ----------
    store : Store
    session : str
        The later session; the sessions it ``follows`` (and theirs) give the actions.
    partner : str, optional
        Read as this partner may see: other partners' owners are blanked.
    as_of : date, optional
        Default :func:`as_of_date` of the session.

    Returns
    -------
    pandas.DataFrame
        The columns of :meth:`Store.followed_actions` plus ``overdue`` (due before *as_of*
        and still open or doing) and ``days_overdue``; oldest session first.
    """
    found = store.session(session)
    day = as_of or as_of_date(found)
    frame = store.followed_actions(found.id, partner=partner)
    due = pd.to_datetime(frame["due"], errors="coerce")
    late = frame["status"].isin(OPEN_STATUSES) & due.notna() & (due < pd.Timestamp(day))
    frame = frame.assign(
        overdue=late.astype(bool),
        days_overdue=[
            (day - d.date()).days if flag else 0 for flag, d in zip(late, due, strict=True)
        ],
    )
    return frame.reset_index(drop=True)


def update_status(
    store: Store,
    session: str,
    action: str,
    status: str,
    partner: str,
    participant: str,
    note: str = "",
) -> SaveResult:
    """Record a status change, or say which control is wrong (nothing written then)."""
    try:
        record = store.set_action_status(session, action, status, partner, participant, note)
    except StoreError as error:
        return SaveResult(errors={error.field or "-": str(error).removeprefix(f"{error.field}: ")})
    except CatalogueError as error:  # a session of the chain has a problem in its file
        return SaveResult(errors={"session": str(error)})
    return SaveResult(records=[record])


def parse_milestones(text: str) -> list[dict[str, str]]:
    """Read milestones typed one per line as ``2025-10-01 first pilot group``.

    A dash, colon or bar may separate the date and the text; blank lines are skipped.

    Returns
    -------
    list of dict
        ``{"due": ISO date, "text": ...}`` in the order typed (the store sorts them).

    Raises
    ------
    StoreError
        ``milestones: line N: …`` for every line without a valid date or without text (one
        line of the message per bad line).
    """
    milestones, problems = [], []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        match = _MILESTONE.match(line)
        if match is None:
            problems.append(f"line {number}: start with a date, e.g. 2025-10-01 first group")
            continue
        day, what = match.groups()
        try:
            dt.date.fromisoformat(day)
        except ValueError:
            problems.append(f"line {number}: {day!r} is not a date; write it as 2025-10-01")
            continue
        if not what.strip():
            problems.append(f"line {number}: say what happens on {day}")
            continue
        milestones.append({"due": day, "text": what.strip()})
    if problems:
        raise StoreError("milestones: " + "\n".join(problems), field="milestones")
    return milestones


def save_plan(
    store: Store,
    session: str,
    partner: str,
    participant: str,
    practice: str,
    fields: Mapping[str, object],
) -> SaveResult:
    """Save a new version of a transfer plan, or say which control is wrong.

    Parameters
    ----------
    fields : mapping
        Any of :data:`hopelib.store.PLAN_FIELDS`; ``milestones`` may be typed text (one per
        line, :func:`parse_milestones`) or a list.

    Returns
    -------
    SaveResult
        ``records`` when saved, else ``errors`` keyed by field; nothing is written then.
    """
    unknown = sorted(set(fields) - set(PLAN_FIELDS))
    if unknown:
        return SaveResult(errors={"-": f"unknown plan field(s): {', '.join(unknown)}"})
    values = dict(fields)
    milestones = values.get("milestones") or ()
    try:
        if isinstance(milestones, str):
            milestones = parse_milestones(milestones)
        record = store.add_transfer_plan(
            session,
            partner,
            participant,
            practice,
            **{k: v for k, v in values.items() if k != "milestones"},  # type: ignore[arg-type]
            milestones=milestones,  # type: ignore[arg-type]
        )
    except StoreError as error:
        return SaveResult(errors={error.field or "-": str(error).removeprefix(f"{error.field}: ")})
    except CatalogueError as error:  # a session of the chain has a problem in its file
        return SaveResult(errors={"session": str(error)})
    return SaveResult(records=[record])


def plan_changes(history: pd.DataFrame) -> list[list[str]]:
    """Return, for each version of a plan, the fields that changed from the version before.

    The first version lists every field it fills.
    """
    changes: list[list[str]] = []
    previous: dict[str, Any] | None = None
    for row in history.to_dict("records"):
        now = {name: row.get(name) or ("" if name != "milestones" else []) for name in PLAN_FIELDS}
        if previous is None:
            changes.append([name for name, value in now.items() if value])
        else:
            changes.append([name for name in PLAN_FIELDS if now[name] != previous[name]])
        previous = now
    return changes


# ------------------------------------------------------------------ HTML


def action_history_text(
    events: pd.DataFrame,
    action: str,
    locale: str,
    who: Callable[[Mapping[str, Any]], str],
    partner: str | None = None,
) -> str:
    """Describe an action's status changes in order: ``open 11.3.2025 → done 10.6.2025 (…)``.

    Parameters
    ----------
    events : pandas.DataFrame
        :meth:`Store.action_history` of the session.
    who : callable
        Names who made a change from its event row (a partner name in reports, a pseudonym
        for the facilitator).
    partner : str, optional
        Read as this partner may see: the notes of other partners' changes are left out
        (like owners, they stay with their own partner).
    """
    steps = []
    for event in events[events["action"] == action].to_dict("records"):
        when = format_date(pd.Timestamp(event["at"]).date(), locale)
        changed_by = who({str(k): v for k, v in event.items()})
        step = f"{status_label(event['status'])} {when} ({changed_by})"
        if event.get("note") and partner in (None, event["partner"]):
            step += f": {event['note']}"
        steps.append(step)
    return " → ".join(steps)


def since_last_workshop_html(
    frame: pd.DataFrame,
    events: pd.DataFrame,
    *,
    session_titles: Mapping[str, str],
    partner_names: Mapping[str, str],
    practice_titles: Mapping[str, str],
    locale: str,
    who: Callable[[Mapping[str, Any]], str] | None = None,
    as_of: dt.date | None = None,
    partner: str | None = None,
) -> Markup:
    """Render the "since last workshop" actions as an escaped HTML table.

    Parameters
    ----------
    frame : pandas.DataFrame
        :func:`since_last_workshop`.
    events : pandas.DataFrame
        :meth:`Store.action_history`, for the history column.
    who : callable, optional
        Names who changed a status (default: the partner's name, never a pseudonym).
    as_of : date, optional
        Said in the summary line ("3 overdue on 16 Sept 2025").
    partner : str, optional
        Whose report this is: other partners' status notes are left out.

    Returns
    -------
    markupsafe.Markup
        A summary line and the table, or a muted line when there are no actions.
    """
    if frame.empty:
        return render("since_last_workshop.html.j2", rows=[], counts=[], late=0, as_of=None)

    def name_of_partner(row: Mapping[str, Any]) -> str:
        return partner_names.get(str(row["partner"]), str(row["partner"]))

    name = who or name_of_partner
    rows = []
    for row in frame.to_dict("records"):
        # Missing text reads back as NaN (pandas string columns), not None.
        practice = row["practice"] if isinstance(row["practice"], str) else ""
        owner = row["owner"] if isinstance(row["owner"], str) else ""
        rows.append(
            {
                "workshop": session_titles.get(row["session"], row["session"]),
                "partner": partner_names.get(row["partner"], row["partner"]),
                "action": row["text"],
                "practice": practice_titles.get(practice, practice) if practice else None,
                "owner": owner or None,
                "due": format_date(row["due"], locale) if isinstance(row["due"], dt.date) else None,
                "status": str(row["status"]),
                "status_label": status_label(row["status"]),
                "overdue": bool(row["overdue"]),
                "days_overdue": int(row["days_overdue"]),
                "history": action_history_text(events, row["id"], locale, name, partner),
            }
        )
    counts = frame["status"].value_counts()
    return render(
        "since_last_workshop.html.j2",
        rows=rows,
        counts=[
            (status_label(s), int(counts[s]))
            for s in ("open", "doing", "done", "dropped")
            if s in counts
        ],
        late=int(frame["overdue"].sum()),
        as_of=format_date(as_of, locale) if as_of is not None else None,
    )


def transfer_plan_html(
    plan: Mapping[Any, Any],
    *,
    practice_title: str,
    locale: str,
    level: str = "",
    session_title: str = "",
    show_owner: bool = True,
) -> Markup:
    """Render one transfer plan as an escaped card in the Understand → Adapt → Re-use shape.

    Parameters
    ----------
    plan : mapping
        One row of :meth:`Store.transfer_plans`.
    level : str
        The partner's transfer level label, shown beside the title.
    session_title : str
        The workshop where this version was written.
    show_owner : bool
        Owners show only in their own partner's report.

    Returns
    -------
    markupsafe.Markup
        The escaped fragment (a ``str`` another ``render`` embeds as it is).
    """
    written = plan.get("created_at")
    return render(
        "transfer_plan.html.j2",
        practice_title=practice_title,
        level=level,
        version=int(plan.get("version") or 1),
        written=format_date(pd.Timestamp(written).date(), locale) if written is not None else "",
        session_title=session_title,
        texts={
            name: str(plan.get(name) or "").strip()
            for name in _PLAN_TEXTS
            if show_owner or name != "owner"  # the owner never reaches another partner's page
        },
        show_owner=show_owner,
        milestones=[
            (format_date(dt.date.fromisoformat(m["due"]), locale), m["text"])
            for m in plan.get("milestones") or []
        ],
    )
