"""Build the illustrative records of the demo sessions (demo-1, demo-2, demo-3).

Usage: ``.venv/bin/python tools/demo_records.py [--data DIR]``. For each demo session it
writes, through the store's own checks, ratings by the session's pseudonymous participants
(as many per partner as ``participants:`` in session.yaml says) on every agenda practice and
criterion, a few corrections and one withdrawal, transfer interests, shared and private
notes, and actions with status changes. A session that ``follows`` earlier ones picks up
their actions (illustrative status changes, some left overdue) and the transfer plans: one
per city, written in demo-2 and revised in demo-3. Then it archives the records to
``data/sessions/<id>/records/``. Record ids and times are derived from the session, so
running it again gives the same files. Every text says it is illustrative; pseudonyms are
"Seinäjoki 1"-style labels, never names.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import random
import sys
import tempfile
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hopelib import config, load_data, load_partners  # noqa: E402
from hopelib.sessions import earlier_sessions  # noqa: E402
from hopelib.store import Store, archive_session, load_records, open_store  # noqa: E402

DEMOS = ("demo-1", "demo-2", "demo-3")
NAMESPACE = uuid.UUID("6f1c2a55-4b0e-4c51-9a34-2f9d1e7c0a11")
NOTES = (
    "Illustrative: the coaching model could fit our youth guarantee work.",
    "Illustrative: ask how the employer network was built and kept.",
    "Illustrative: check what the funding of the first year covered.",
)
PRIVATE_NOTES = (
    "Illustrative (private): our budget cycle only allows a pilot next spring.",
    "Illustrative (private): discuss with the employment services team first.",
)
ACTIONS = (
    ("Illustrative: share the practice description with our team", "Employment services team"),
    ("Illustrative: arrange a study visit", "International affairs office"),
)
#: Illustrative follow-up: (new status, note) for actions of earlier workshops.
FOLLOW_UPS = (
    ("done", "Illustrative: shared at the team meeting."),
    ("doing", "Illustrative: dates proposed to the host."),
    ("dropped", "Illustrative: no budget this year; revisit next spring."),
    (None, ""),  # left as it was (overdue if past its due date)
)
CITIES = ("seinajoki", "maribor", "derry-strabane")
PLANS = {
    "seinajoki": {
        "keep": "Illustrative: the personal coach for each participant and the employer network.",
        "change": "Illustrative: run it inside the city's employment services, not as a project.",
        "resources": "Illustrative: one coach (half-time) and a meeting room for a year.",
        "risks": "Illustrative: too few employers take part in the first round.",
        "first_steps": "Illustrative: present the model to the employment services team.",
        "owner": "Employment services team",
    },
    "maribor": {
        "keep": "Illustrative: the mix of group sessions and work placements.",
        "change": "Illustrative: add Slovenian-language material and a partner NGO as host.",
        "resources": "Illustrative: two trainers for ten weeks; placements with local firms.",
        "risks": "Illustrative: placements are hard to find in the summer months.",
        "first_steps": "Illustrative: ask the regional development agency to co-host a pilot.",
        "owner": "Social economy office",
    },
    "derry-strabane": {
        "keep": "Illustrative: one case manager who stays with the client from start to job.",
        "change": "Illustrative: link it to the council's community planning partners.",
        "resources": "Illustrative: two case managers and shared client records.",
        "risks": "Illustrative: data-sharing agreements between agencies take long.",
        "first_steps": "Illustrative: map which agencies already see the same clients.",
        "owner": "Community planning team",
    },
}
PLAN_REVISED = {
    "first_steps": "Illustrative: the team agreed; recruit the coach and two employers.",
    "risks": "Illustrative: the coach post may be filled late; start with a shared coach.",
}


def _participants(session: object, partners: list[str]) -> list[tuple[str, str]]:
    """Return ``(partner, pseudonym)`` pairs: ``participants:`` many per partner."""
    names = load_partners(config.data_dir()).get("short_name")
    people = []
    counts = getattr(session, "participants", {}) or {}
    for partner in partners:
        label = names.get(partner) if names is not None else None
        for k in range(1, int(counts.get(partner, 2)) + 1):
            people.append((partner, f"{label or partner} {k}"))
    return people


def build(session_id: str, data_dir: Path, out: Path | None) -> list[Path]:
    """Write one demo session's records into a fresh store and archive them."""
    data = load_data(data_dir)
    session = data.sessions[session_id]
    rng = random.Random(session_id)
    start = dt.datetime.combine(session.dates[0], dt.time(9, 30), dt.UTC)
    ticks = itertools.count()
    serial = itertools.count()
    levels = data.taxonomy.ids("transfer_levels")
    with (
        tempfile.TemporaryDirectory() as scratch,
        open_store(
            str(Path(scratch) / "demo.sqlite"),
            data_dir,
            clock=lambda: start + dt.timedelta(seconds=17 * next(ticks)),
            new_id=lambda: str(uuid.uuid5(NAMESPACE, f"{session_id}/{next(serial)}")),
        ) as store,
    ):
        for earlier in earlier_sessions(session_id, data_dir):
            load_records(store, data_dir / "sessions" / earlier / "records")
        people = _participants(session, list(session.partners))
        quality = {p: rng.uniform(2.6, 4.4) for p in session.practices}
        first_ratings = []
        for partner, who in people:
            taste = rng.uniform(-0.6, 0.6)
            for practice in session.practices:
                for criterion in session.criteria:
                    scale = data.taxonomy.criterion(criterion).scale
                    score = round(quality[practice] + taste + rng.gauss(0, 0.7))
                    score = max(scale.min, min(scale.max, score))
                    record = store.add_rating(session_id, partner, who, practice, criterion, score)
                    first_ratings.append(record)
                tendency = round(4.6 - quality[practice] + taste + rng.gauss(0, 0.6))
                level = levels[min(len(levels) - 1, max(0, tendency))]
                why = "Illustrative rationale." if rng.random() < 0.5 else ""
                store.add_interest(session_id, partner, who, practice, level, why)
        # A change of mind and a withdrawal, as happen in every workshop.
        changed = first_ratings[3]
        store.add_rating(
            session_id,
            changed["partner"],
            _pseudonym(people, changed),
            changed["practice"],
            changed["criterion"],
            max(1, changed["score"] - 1),
            "Illustrative: corrected after the discussion.",
        )
        withdrawn = first_ratings[10]
        reason = "Illustrative: rated the wrong practice."
        who = _pseudonym(people, withdrawn)
        store.withdraw(session_id, withdrawn["id"], withdrawn["partner"], who, reason)
        for index, (partner, who) in enumerate(people[:: max(1, len(people) // 4)]):
            practice = session.practices[index % len(session.practices)]
            store.add_note(session_id, partner, who, NOTES[index % len(NOTES)], practice)
            private = PRIVATE_NOTES[index % len(PRIVATE_NOTES)]
            store.add_note(session_id, partner, who, private, visibility="private")
        owners = {}
        for partner in session.partners:
            if partner not in {p for p, _ in people}:
                continue
            who = next(name for p, name in people if p == partner)
            for k, (text, owner) in enumerate(ACTIONS):
                due = session.dates[-1] + dt.timedelta(days=30 * (k + 1))
                action = store.add_action(
                    session_id, partner, who, text, owner, due, session.practices[k]
                )
                owners[action["id"]] = (partner, who)
        for k, (action, (partner, who)) in enumerate(owners.items()):
            if k % 2 == 0:
                store.set_action_status(session_id, action, "doing", partner, who)
            if k % 3 == 0:
                store.set_action_status(session_id, action, "done", partner, who)
        _follow_up(store, session_id, people)
        _plans(store, session_id, people, data_dir)
        return archive_session(store, session_id, out)


def _follow_up(store: Store, session_id: str, people: list[tuple[str, str]]) -> None:
    """Move some actions of the earlier workshops on, as happens between workshops."""
    earlier = store.followed_actions(session_id)
    speakers = {p: who for p, who in reversed(people)}
    pending = earlier[earlier["status"].isin(["open", "doing"])]
    for k, row in enumerate(pending.itertuples()):
        status, note = FOLLOW_UPS[k % len(FOLLOW_UPS)]
        partner = str(row.partner)
        if status is None or partner not in speakers:
            continue
        store.set_action_status(session_id, str(row.id), status, partner, speakers[partner], note)


def _plans(store: Store, session_id: str, people: list[tuple[str, str]], data_dir: Path) -> None:
    """Write one transfer plan per city in demo-2; revise each in demo-3."""
    speakers = {p: who for p, who in reversed(people)}
    for city in CITIES:
        if city not in speakers:
            continue
        plans = store.transfer_plans(session_id, partner=city)
        if session_id == "demo-2" and plans.empty:
            owners = {p: practice.partner for p, practice in load_data(data_dir).practices.items()}
            candidates = store.plan_practices(session_id, city)
            practice = next(p for p in candidates if owners.get(p) != city)  # another's practice
            due = dt.date(2025, 10, 1)
            milestones = [
                (due, "Illustrative: decision on a pilot"),
                (due.replace(year=2026, month=3), "Illustrative: first group starts"),
            ]
            store.add_transfer_plan(
                session_id, city, speakers[city], practice, **PLANS[city], milestones=milestones
            )
        elif session_id == "demo-3" and not plans.empty:
            plan = plans.iloc[0]
            fields = {name: plan[name] for name in PLANS[city]} | PLAN_REVISED
            milestones = [(m["due"], m["text"]) for m in plan["milestones"]]
            milestones.append((dt.date(2026, 9, 1), "Illustrative: review with the partners"))
            store.add_transfer_plan(
                session_id, city, speakers[city], plan["practice"], **fields, milestones=milestones
            )


def _pseudonym(people: list[tuple[str, str]], record: dict[str, object]) -> str:
    """Return the display pseudonym of a record's participant."""
    from hopelib.store import normalise_pseudonym

    return next(name for _, name in people if normalise_pseudonym(name) == record["participant"])


def main() -> None:
    """Build every demo session's records."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=None, help="the data folder (default: data/)")
    args = parser.parse_args()
    data_dir = config.data_dir(args.data)
    for session_id in DEMOS:
        for path in build(session_id, data_dir, None):
            print(
                path.relative_to(data_dir.parent) if path.is_relative_to(data_dir.parent) else path
            )


if __name__ == "__main__":
    main()
