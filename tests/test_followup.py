"""From one workshop to the next: action follow-up and transfer plans (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import html
import re
import shutil
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import sqlalchemy as sa

from hopelib import followup
from hopelib.catalogue import validate
from hopelib.errors import StoreError
from hopelib.i18n import format_date
from hopelib.sessions import earlier_sessions, new_session
from hopelib.store import Store, archive_session, load_records, open_store
from hopelib.store.schema import metadata

from .factories import EVIL

FIRST, SECOND, THIRD = "demo-x", "demo-y", "demo-z"


@pytest.fixture
def chain_dir(data_dir: Path) -> Path:
    """The fixture folder with demo-y following demo-x and demo-z following demo-y."""
    new_session(
        SECOND,
        title="Second workshop",
        host="south",
        dates=["2025-06-10"],
        practices=["job-path", "coop-kitchen"],
        follows=[FIRST],
        demo=True,
        data_dir=data_dir,
    )
    new_session(
        THIRD,
        title="Third workshop",
        host="north",
        dates=["2025-09-16"],
        practices=["job-path"],
        follows=[SECOND],
        demo=True,
        data_dir=data_dir,
    )
    return data_dir


@pytest.fixture
def store(store_url: str, chain_dir: Path) -> Any:
    with open_store(store_url, chain_dir) as opened:
        yield opened


def count_rows(store: Store) -> dict[str, int]:
    with store.engine.connect() as connection:
        return {
            name: connection.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
            for name, table in metadata.tables.items()
        }


def two_actions(store: Store) -> tuple[str, str]:
    """One action of north and one of south, agreed at the first workshop."""
    north = store.add_action(FIRST, "north", "AK", "Visit <b>south</b>", "Team N", "2025-04-01")
    south = store.add_action(FIRST, "south", "BL", "Send the manual", "Team S", "2025-08-01")
    return north["id"], south["id"]


def mark_adapt(store: Store, session: str, partner: str, practice: str, who: str) -> None:
    store.add_interest(session, partner, who, practice, "adapt")


# ------------------------------------------------------------------ sessions follow sessions


def test_earlier_sessions_are_followed_through(chain_dir: Path) -> None:
    assert earlier_sessions(THIRD, chain_dir) == [FIRST, SECOND]
    assert earlier_sessions(SECOND, chain_dir) == [FIRST]
    assert earlier_sessions(FIRST, chain_dir) == []


def test_a_session_cannot_follow_a_later_one(chain_dir: Path) -> None:
    path = chain_dir / "sessions" / FIRST / "session.yaml"
    path.write_text(path.read_text(encoding="utf-8") + f"follows: [{THIRD}]\n", encoding="utf-8")
    report = validate(chain_dir)
    problems = [p for p in report.problems if p.field == "follows[0]"]
    assert len(problems) == 1
    assert problems[0].path.endswith("sessions/demo-x/session.yaml")
    assert problems[0].line == len(path.read_text(encoding="utf-8").splitlines())
    assert "begins on 2025-09-16" in problems[0].message and report.data is None


# ------------------------------------------------------------------ action follow-up


def test_a_later_session_updates_an_earlier_action(store: Store) -> None:
    north, _south = two_actions(store)
    store.set_action_status(SECOND, north, "doing", "north", "AK2", "Dates proposed")
    store.set_action_status(THIRD, north, "done", "north", "AK3", "Visited in August")
    in_second = store.followed_actions(SECOND).set_index("id")
    in_third = store.followed_actions(THIRD).set_index("id")
    assert in_second.loc[north, "status"] == "doing"  # as of the second workshop
    assert in_third.loc[north, "status"] == "done"
    assert in_third.loc[north, "status_note"] == "Visited in August"
    assert in_third.loc[north, "status_session"] == THIRD
    assert in_third.loc[north, "changes"] == 3  # opened, doing, done
    # The first workshop's own view stays what it was.
    assert store.actions(FIRST).set_index("id").loc[north, "status"] == "open"
    history = store.action_history(THIRD)
    mine = history[history["action"] == north]
    assert list(mine["status"]) == ["open", "doing", "done"]
    assert list(mine["session"]) == [FIRST, SECOND, THIRD]
    assert list(mine["by"]) == ["AK", "AK2", "AK3"]


def test_only_the_own_partner_and_only_followed_sessions(store: Store, chain_dir: Path) -> None:
    north, south = two_actions(store)
    new_session(
        "side",
        title="Unrelated",
        host="north",
        dates=["2025-07-01"],
        practices=["job-path"],
        data_dir=chain_dir,
    )
    before = count_rows(store)
    with pytest.raises(StoreError) as other:
        store.set_action_status(SECOND, south, "done", "north", "AK")
    assert other.value.field == "action" and "south's" in str(other.value)
    with pytest.raises(StoreError) as unrelated:
        store.set_action_status("side", north, "done", "north", "AK")
    assert unrelated.value.field == "action" and "follows" in str(unrelated.value)
    with pytest.raises(StoreError) as status:
        store.set_action_status(SECOND, north, "finished", "north", "AK")
    assert status.value.field == "status"
    with pytest.raises(StoreError) as note:
        store.set_action_status(SECOND, north, "done", "north", "AK", "bad \x07 bell")
    assert note.value.field == "note"
    assert count_rows(store) == before


def test_status_order_survives_loading_archives_in_any_order(
    store: Store, tmp_path: Path, chain_dir: Path
) -> None:
    north, _south = two_actions(store)
    store.set_action_status(FIRST, north, "doing", "north", "AK")
    store.set_action_status(SECOND, north, "dropped", "north", "AK2", "No budget")
    folders = {}
    for session in (FIRST, SECOND):
        folders[session] = tmp_path / session
        archive_session(store, session, folders[session])
    expected = store.followed_actions(SECOND)[["id", "status", "status_note"]]
    with open_store(str(tmp_path / "again.sqlite"), chain_dir) as again:
        load_records(again, folders[SECOND])  # the later workshop first
        load_records(again, folders[FIRST])
        got = again.followed_actions(SECOND)[["id", "status", "status_note"]]
        assert got.to_dict("records") == expected.to_dict("records")
        assert got.set_index("id").loc[north, "status"] == "dropped"


def test_a_status_change_by_another_partner_is_refused_whichever_archive_comes_first(
    store: Store, tmp_path: Path, chain_dir: Path
) -> None:
    north, south = two_actions(store)
    store.set_action_status(SECOND, north, "dropped", "north", "AK2", "No budget")
    store.set_action_status(SECOND, south, "doing", "south", "BL2")
    folders = {session: tmp_path / session for session in (FIRST, SECOND)}
    for session, folder in folders.items():
        archive_session(store, session, folder)
    path = folders[SECOND] / "action_events.csv"
    events = pd.read_csv(path, dtype=str, keep_default_na=False)
    # north's change, claimed by south's participant of that session
    events.loc[events["action"] == north, ["partner", "participant"]] = ["south", "bl2"]
    events.to_csv(path, index=False)
    for first, then in ((FIRST, SECOND), (SECOND, FIRST)):
        with open_store(str(tmp_path / f"{first}.sqlite"), chain_dir) as again:
            load_records(again, folders[first])  # fine on its own
            with pytest.raises(StoreError, match="only its own partner changes its status"):
                load_records(again, folders[then])
            assert again.participants(then).empty  # nothing of the refused archive is in


def test_an_archive_without_status_notes_still_loads(store: Store, tmp_path: Path) -> None:
    north, _south = two_actions(store)
    folder = tmp_path / "old"
    archive_session(store, FIRST, folder)
    events = pd.read_csv(folder / "action_events.csv", dtype=str, keep_default_na=False)
    events.drop(columns=["note"]).to_csv(folder / "action_events.csv", index=False)
    with open_store(str(tmp_path / "again.sqlite"), store.reference.data_dir) as again:
        added = load_records(again, folder)
        assert added["action_events"] == 2
        assert set(again.action_events(FIRST)["note"]) == {""}
        assert again.actions(FIRST).set_index("id").loc[north, "status"] == "open"


def test_since_last_workshop_flags_overdue_actions(store: Store) -> None:
    north, south = two_actions(store)
    store.set_action_status(SECOND, south, "done", "south", "BL2")
    frame = followup.since_last_workshop(store, SECOND, as_of=dt.date(2025, 6, 10))
    rows = frame.set_index("id")
    assert bool(rows.loc[north, "overdue"]) and rows.loc[north, "days_overdue"] == 70
    assert not rows.loc[south, "overdue"] and rows.loc[south, "days_overdue"] == 0
    # Read as south: north's owner is blanked, south's own is kept.
    as_south = followup.since_last_workshop(store, SECOND, partner="south").set_index("id")
    assert as_south.loc[north, "owner"] == "" and as_south.loc[south, "owner"] == "Team S"
    assert followup.since_last_workshop(store, FIRST).empty


def test_as_of_is_the_opening_day_or_today(store: Store) -> None:
    session = store.session(SECOND)
    assert followup.as_of_date(session, today=dt.date(2030, 1, 1)) == dt.date(2025, 6, 10)
    assert followup.as_of_date(session, today=dt.date(2025, 5, 1)) == dt.date(2025, 5, 1)


def test_update_status_names_the_field_and_writes_nothing(store: Store) -> None:
    north, _south = two_actions(store)
    before = count_rows(store)
    result = followup.update_status(store, SECOND, north, "done", "south", "BL")
    assert not result.ok and "action" in result.errors
    assert count_rows(store) == before
    ok = followup.update_status(store, SECOND, north, "done", "north", "AK", "Done")
    assert ok.ok and ok.records[0]["session"] == SECOND


def test_since_last_workshop_html_escapes_and_names_partners(store: Store) -> None:
    north, _south = two_actions(store)
    store.set_action_status(SECOND, north, "doing", "north", "AK", "<img src=x onerror=alert(1)>")
    frame = followup.since_last_workshop(store, SECOND, partner="south", as_of=dt.date(2025, 6, 10))
    page = followup.since_last_workshop_html(
        frame,
        store.action_history(SECOND),
        session_titles={FIRST: "First <workshop>"},
        partner_names={"north": "North & Co", "south": "South"},
        practice_titles={},
        locale="en_GB",
        as_of=dt.date(2025, 6, 10),
    )
    assert "<b>south</b>" not in page and "&lt;b&gt;south&lt;/b&gt;" in page
    assert "<img" not in page and "&lt;img src=x" in page
    assert "First &lt;workshop&gt;" in page and "North &amp; Co" in page
    assert "Team N" not in page  # another partner's owner
    assert "AK" not in page  # reports name partners, never pseudonyms
    assert "overdue by 70 days" in page and "1 overdue on 10 Jun 2025" in page


def test_since_last_workshop_html_escapes_every_cell(store: Store) -> None:
    action = store.add_action(FIRST, "north", "AK", EVIL, EVIL, "2025-04-01", practice="job-path")
    store.set_action_status(SECOND, action["id"], "doing", "north", "AK", EVIL)
    frame = followup.since_last_workshop(store, SECOND, partner="north", as_of=dt.date(2025, 6, 10))
    page = followup.since_last_workshop_html(
        frame,
        store.action_history(SECOND),
        session_titles={FIRST: EVIL},
        partner_names={"north": EVIL},
        practice_titles={"job-path": EVIL},
        locale="en_GB",
        as_of=dt.date(2025, 6, 10),
        partner="north",
    )
    assert "<script>" not in page and "<b>" not in page and '"x"' not in page
    escaped = "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt; &amp; %{x}"
    # workshop, partner, action, practice, owner; the history names the partner twice + note
    assert page.count(escaped) == 8
    row = re.search(r'<tr class="hope-overdue-row">.*?</tr>', page)
    assert row is not None and "\n" not in row.group(0)  # one line per row
    assert '<span class="hope-status hope-status-doing">doing</span>' in row.group(0)
    assert page.startswith("<p>doing: 1; 1 overdue on 10 Jun 2025</p>")


# ------------------------------------------------------------------ transfer plans


def test_a_plan_needs_adopt_or_adapt(store: Store) -> None:
    before = count_rows(store)
    with pytest.raises(StoreError) as refused:
        store.add_transfer_plan(FIRST, "north", "AK", "coop-kitchen", keep="The kitchen")
    assert refused.value.field == "practice" and "Adopt or Adapt" in str(refused.value)
    store.add_interest(FIRST, "north", "AK", "coop-kitchen", "inspire")
    with pytest.raises(StoreError):
        store.add_transfer_plan(FIRST, "north", "AK", "coop-kitchen", keep="The kitchen")
    assert count_rows(store)["transfer_plans"] == before["transfer_plans"]
    mark_adapt(store, FIRST, "north", "coop-kitchen", "AK")  # AK changes their mind
    assert store.plan_practices(FIRST, "north") == {"coop-kitchen": "adapt"}
    plan = store.add_transfer_plan(FIRST, "north", "AK", "coop-kitchen", keep="The kitchen")
    assert plan["practice"] == "coop-kitchen" and plan["milestones"] == "[]"


def test_plan_checks_name_the_field(store: Store) -> None:
    mark_adapt(store, FIRST, "north", "coop-kitchen", "AK")
    cases: list[tuple[dict[str, Any], str]] = [
        ({}, "keep"),
        ({"keep": "x", "risks": "bad \x00 byte"}, "risks"),
        ({"keep": "x", "owner": "o" * 201}, "owner"),
        ({"keep": "x", "milestones": [("2025-13-01", "Start")]}, "milestones"),
        ({"keep": "x", "milestones": [("2025-10-01", "")]}, "milestones"),
        ({"keep": "x", "milestones": "2025-10-01 start"}, "milestones"),
        ({"keep": "x", "milestones": [(None, "no date")]}, "milestones"),
    ]
    before = count_rows(store)
    for fields, field in cases:
        with pytest.raises(StoreError) as error:
            store.add_transfer_plan(FIRST, "north", "AK", "coop-kitchen", **fields)
        assert error.value.field == field, fields
    with pytest.raises(StoreError) as partner:
        store.add_transfer_plan(FIRST, "west", "AK", "coop-kitchen", keep="x")
    assert partner.value.field == "partner"
    assert count_rows(store) == before


def test_plans_keep_their_history_and_carry_forward(store: Store) -> None:
    mark_adapt(store, FIRST, "north", "coop-kitchen", "AK")
    store.add_transfer_plan(
        FIRST,
        "north",
        "AK",
        "coop-kitchen",
        keep="The shared kitchen",
        owner="Team N",
        milestones=[("2026-03-01", "First group"), {"due": dt.date(2025, 10, 1), "text": "Go"}],
    )
    # Revised at the second workshop (the practice is still plannable there).
    assert "coop-kitchen" in store.plan_practices(SECOND, "north")
    store.add_transfer_plan(
        SECOND, "north", "AK2", "coop-kitchen", keep="The shared kitchen", risks="Rent"
    )
    latest = store.transfer_plans(SECOND, partner="north").iloc[0]
    assert latest["version"] == 2 and latest["risks"] == "Rent" and latest["session"] == SECOND
    assert latest["milestones"] == []  # the second version left them out
    first = store.transfer_plans(FIRST).iloc[0]
    assert first["version"] == 1 and first["owner"] == "Team N"
    assert [m["due"] for m in first["milestones"]] == ["2025-10-01", "2026-03-01"]  # by date
    assert store.transfer_plans(THIRD, partner="north").iloc[0]["version"] == 2  # carried on
    assert store.transfer_plans(SECOND, partner="south").empty  # a plan is its partner's own
    history = store.transfer_plan_history(THIRD, "north", "coop-kitchen")
    assert list(history["version"]) == [1, 2]
    assert followup.plan_changes(history) == [
        ["keep", "owner", "milestones"],
        ["risks", "owner", "milestones"],
    ]


def test_plans_are_archived_and_loaded(store: Store, tmp_path: Path, chain_dir: Path) -> None:
    mark_adapt(store, FIRST, "north", "coop-kitchen", "AK")
    store.add_transfer_plan(
        FIRST,
        "north",
        "AK",
        "coop-kitchen",
        keep='Ké, "quoted"\nline',
        milestones=[("2025-10-01", "Go")],
    )
    archive_session(store, FIRST, tmp_path / "records")
    with open_store(str(tmp_path / "again.sqlite"), chain_dir) as again:
        assert load_records(again, tmp_path / "records")["transfer_plans"] == 1
        plan = again.transfer_plans(FIRST).iloc[0]
        assert plan["keep"] == 'Ké, "quoted"\nline'
        assert plan["milestones"] == [{"due": "2025-10-01", "text": "Go"}]
    broken = tmp_path / "broken"
    shutil.copytree(tmp_path / "records", broken)
    text = (broken / "transfer_plans.csv").read_text(encoding="utf-8")
    (broken / "transfer_plans.csv").write_text(
        text.replace("coop-kitchen", "no-such-practice"), encoding="utf-8"
    )
    with open_store(str(tmp_path / "third.sqlite"), chain_dir) as third:
        with pytest.raises(StoreError) as error:
            load_records(third, broken)
        assert "transfer_plans.csv:2" in str(error.value) and "practice" in str(error.value)
        assert count_rows(third)["ratings"] == 0 and count_rows(third)["interests"] == 0


def test_parse_milestones() -> None:
    typed = "2025-10-01 decision\n\n2026-03-01 – first group\n2026-09-01: review"
    assert followup.parse_milestones(typed) == [
        {"due": "2025-10-01", "text": "decision"},
        {"due": "2026-03-01", "text": "first group"},
        {"due": "2026-09-01", "text": "review"},
    ]
    for bad, where in (
        ("2025-10-01 ok\nsoon: start", "line 2"),
        ("2025-02-30 start", "line 1"),
        ("2025-10-01", "line 1"),
    ):
        with pytest.raises(StoreError) as error:
            followup.parse_milestones(bad)
        assert error.value.field == "milestones" and where in str(error.value)


def test_save_plan_reports_each_field(store: Store) -> None:
    mark_adapt(store, FIRST, "north", "coop-kitchen", "AK")
    bad = followup.save_plan(
        store, FIRST, "north", "AK", "coop-kitchen", {"keep": "x", "milestones": "tomorrow: go"}
    )
    assert not bad.ok and "line 1" in bad.errors["milestones"]
    unknown = followup.save_plan(store, FIRST, "north", "AK", "coop-kitchen", {"budget": "1"})
    assert not unknown.ok and "budget" in unknown.errors["-"]
    assert store.transfer_plans(FIRST).empty
    good = followup.save_plan(
        store, FIRST, "north", "AK", "coop-kitchen", {"keep": "x", "milestones": "2025-10-01 go"}
    )
    assert good.ok and store.transfer_plans(FIRST).iloc[0]["milestones"][0]["text"] == "go"


def test_transfer_plan_html_escapes_and_hides_the_owner() -> None:
    plan = {
        "keep": "<script>alert(1)</script>",
        "change": "",
        "owner": "Ms Owner",
        "milestones": [{"due": "2025-10-01", "text": "<b>go</b>"}],
        "version": 2,
        "created_at": pd.Timestamp("2025-06-10T10:00:00Z"),
    }
    card = followup.transfer_plan_html(
        plan, practice_title="A & B", locale="fi_FI", level="Adapt", show_owner=False
    )
    assert "<script>" not in card and html.escape("<script>alert(1)</script>") in card
    due, written = (format_date(dt.date(2025, m, d), "fi_FI") for m, d in ((10, 1), (6, 10)))
    assert "&lt;b&gt;go&lt;/b&gt;" in card and due in card
    assert "A &amp; B · Adapt" in card and f"version 2, written {written}" in card
    assert "Ms Owner" not in card
    assert "not written yet" in card  # an empty part says so
    assert "Ms Owner" in followup.transfer_plan_html(plan, practice_title="x", locale="en_GB")


def test_transfer_plan_html_escapes_every_field() -> None:
    fields = ("keep", "change", "resources", "risks", "first_steps", "owner")
    plan = {
        **dict.fromkeys(fields, EVIL),
        "milestones": [{"due": "2025-10-01", "text": EVIL}],
        "version": 3,
        "created_at": pd.Timestamp("2025-06-10T10:00:00Z"),
    }
    kwargs = {"practice_title": EVIL, "locale": "en_GB", "level": EVIL, "session_title": EVIL}
    card = followup.transfer_plan_html(plan, **kwargs)
    escaped = html.escape(EVIL, quote=False).replace('"', "&#34;")
    assert "<script>" not in card and "<b>" not in card and '"x"' not in card
    assert card.count(escaped) == 6 + 1 + 3  # the parts, the milestone, title/level/session
    assert f"<h3>{escaped} · {escaped}</h3>" in card and f"({escaped})</p>" in card
    hidden = followup.transfer_plan_html(plan, **kwargs, show_owner=False)
    assert hidden.count(escaped) == 9 and "<dt>Owner</dt>" not in hidden
    assert "<dt>Owner</dt>" in card


# ------------------------------------------------------------------ reports


def test_reports_show_the_follow_up_and_only_their_own_plans(store: Store, chain_dir: Path) -> None:
    from hopelib.report import PartnerReport

    north, _south = two_actions(store)
    store.set_action_status(SECOND, north, "done", "north", "AK2", "NORTH-DONE-NOTE")
    mark_adapt(store, FIRST, "north", "coop-kitchen", "AK")
    store.add_transfer_plan(FIRST, "north", "AK", "coop-kitchen", keep="NORTH-PLAN", owner="PO")
    north_report = PartnerReport(THIRD, "north", lang="en", data_dir=chain_dir, store=store)
    south_report = PartnerReport(THIRD, "south", lang="en", data_dir=chain_dir, store=store)
    follow_up = north_report.since_last_workshop()
    assert "Fixture workshop" in follow_up and "Second workshop" in follow_up
    assert "NORTH-DONE-NOTE" in follow_up and "Send the manual" in follow_up
    assert "Team N" in follow_up and "Team S" not in follow_up  # owners: own only
    assert "Team S" in south_report.since_last_workshop()
    assert "NORTH-PLAN" in north_report.transfer_plans() and "PO" in north_report.transfer_plans()
    assert "NORTH-PLAN" not in south_report.transfer_plans()
    assert "No transfer plan yet." in south_report.transfer_plans()
    assert "From earlier workshops: 1 of your 1 actions done, 0 overdue." in (
        north_report.first_screen()
    )
    first = PartnerReport(FIRST, "north", lang="en", data_dir=chain_dir, store=store)
    assert "does not follow an earlier workshop" in first.since_last_workshop()


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A store holding the demo series' archived records (demo-1, demo-2, demo-3)."""
    from .conftest import PROJECT

    path = str(tmp_path_factory.mktemp("demo") / "store.sqlite")
    with open_store(path, PROJECT / "data") as opened:
        for session in ("demo-1", "demo-2", "demo-3"):
            load_records(opened, PROJECT / "data" / "sessions" / session / "records")
    return path


@pytest.fixture(scope="module")
def derry_demo_3(demo_store: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Derry & Strabane's exported report of demo-3."""
    from hopelib.export import export_session

    out = tmp_path_factory.mktemp("derry")
    return export_session("demo-3", ["derry-strabane"], store=demo_store, out=out, progress=False)[
        0
    ]


def test_demo_3_report_for_derry_strabane(demo_store: str, derry_demo_3: Path) -> None:
    """The exported report shows demo-1's and demo-2's actions, latest status, and its plan."""
    import re

    from .conftest import PROJECT

    with open_store(demo_store, PROJECT / "data") as opened:
        earlier = opened.followed_actions("demo-3", partner="derry-strabane")
        plan = opened.transfer_plans("demo-3", partner="derry-strabane").iloc[0]
        others = opened.transfer_plans("demo-3")
    assert set(earlier["session"]) == {"demo-1", "demo-2"}
    page = derry_demo_3.read_text(encoding="utf-8")
    start = page.index("hope-follow-up")
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", page[start : page.index("</table>", start)])
    cells = [re.findall(r"<td>(.*?)</td>", row) for row in rows[1:]]
    assert len(cells) == len(earlier) == 16
    shown = [("demo-1" if "workshop 1" in c[0] else "demo-2", c[2], c[6]) for c in cells]
    for (session, text, status), row in zip(shown, earlier.to_dict("records"), strict=True):
        assert (session, html.unescape(text)) == (row["session"], row["text"])
        assert f">{row['status']}</span>" in status  # the latest status, as the store says
    assert "overdue by" in page
    assert plan["version"] == 2 and plan["session"] == "demo-3"
    assert html.escape(plan["keep"]) in page and html.escape(plan["first_steps"]) in page
    assert "version 2, written " + format_date(dt.date(2025, 9, 16), "en_GB") in page
    for other in others[others["partner"] != "derry-strabane"].to_dict("records"):
        assert html.escape(other["keep"]) not in page  # other cities' plans stay theirs


# ------------------------------------------------------------------ widgets


def test_widgets_update_a_status_and_save_a_plan(store: Store, chain_dir: Path) -> None:
    from hopelib.widgets import Workshop

    from .test_widgets import find

    _north, south = two_actions(store)
    mark_adapt(store, FIRST, "north", "coop-kitchen", "AK")
    ws = Workshop(THIRD, data_dir=str(chain_dir), store=store)
    since, plans = ws.since_last_panel(), ws.plan_panel()
    table = find(since, "hope-since-last")[0]
    assert "Visit &lt;b&gt;south&lt;/b&gt;" in table.value and "overdue by" in table.value
    ws.partner.value, ws.participant.value = "south", "BL"
    chooser = find(since, "hope-follow-up-action")[0]
    assert [v for _label, v in chooser.options] == [south]  # south's actions only
    chooser.value = south
    find(since, "hope-follow-up-status")[0].value = "done"
    find(since, "hope-follow-up-note")[0].value = "Sent"
    find(since, "hope-update-status")[0].click()
    assert store.followed_actions(THIRD).set_index("id").loc[south, "status"] == "done"
    assert "done" in find(since, "hope-since-last")[0].value and "Sent" in table.value
    # South marked nothing adopt or adapt: no practice to plan.
    practice = find(plans, "hope-plan-practice")[0]
    assert practice.options == () and "record the transfer interest" in (
        find(plans, "hope-plan-message")[0].value
    )
    ws.partner.value, ws.participant.value = "north", "AK3"
    assert practice.value == "coop-kitchen"
    find(plans, "hope-plan-keep")[0].value = "The kitchen"
    find(plans, "hope-plan-milestones")[0].value = "2026-03-01 start\nlater: review"
    find(plans, "hope-save-plan")[0].click()
    find(plans, "hope-plan-milestones")[0].value = "2026-03-01 start\nlater: review\nsoon"
    find(plans, "hope-save-plan")[0].click()
    errors = [e.value for e in find(plans, "hope-field-error") if e.value]
    assert len(errors) == 1 and "line 2" in errors[0] and "line 3" in errors[0]  # every line
    assert store.transfer_plans(THIRD).empty
    find(plans, "hope-plan-milestones")[0].value = "2026-03-01 start"
    find(plans, "hope-save-plan")[0].click()
    assert "version 1" in find(plans, "hope-plan-message")[0].value
    assert store.transfer_plans(THIRD).iloc[0]["keep"] == "The kitchen"
    assert "AK3" in find(plans, "hope-plan-history")[0].value
    ws.set_language("fi")  # every panel is rebuilt; the plan loads again
    assert find(plans, "hope-plan-keep")[0].value == "The kitchen"


# ------------------------------------------------------------------ the notebook


@pytest.mark.notebook
def test_follow_up_notebook_runs_on_the_demo_series(demo_store: str, tmp_path: Path) -> None:
    import shutil

    import papermill

    from .conftest import PROJECT
    from .patient import PatientNotebookClient

    store = str(tmp_path / "store.sqlite")
    shutil.copy(demo_store, store)
    path = PROJECT / "notebooks" / "05-follow-up.ipynb"
    parameters = {"session": "demo-3", "store": store}
    book = papermill.execute_notebook(path, None, parameters, prepare_only=True)
    resources = {"metadata": {"path": str(path.parent)}}
    PatientNotebookClient(book, timeout=300, resources=resources).execute()
    errors = [o for c in book.cells for o in c.get("outputs", []) if o["output_type"] == "error"]
    assert errors == []
    state = book.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    values = " ".join(str(m["state"].get("value", "")) for m in state.values())
    assert "Illustrative: arrange a study visit" in values and "overdue by" in values
    assert "Demo workshop 1" in values and "Demo workshop 2" in values
    assert "version 2, written" in values  # the plan's history


# ------------------------------------------------------------------ the status chart


def test_action_status_counts_and_chart(store: Store) -> None:
    from hopelib import charts

    _north, south = two_actions(store)
    store.add_action(FIRST, "south", "BL", "Third", due="2030-01-01")
    store.set_action_status(SECOND, south, "done", "south", "BL2")
    frame = followup.since_last_workshop(store, SECOND, as_of=dt.date(2025, 6, 10))
    counts = followup.action_status_counts(frame)
    assert list(counts.columns) == list(followup.STATUS_COLUMNS)
    assert counts.loc["north"].to_dict() == {
        "done": 0, "doing": 0, "open": 0, "overdue": 1, "dropped": 0
    }  # fmt: skip
    assert counts.loc["south", "done"] == 1 and counts.loc["south", "open"] == 1
    assert int(counts.to_numpy().sum()) == len(frame) == 3
    fig = charts.action_status_chart(
        counts, partner="south", labels=followup.status_labels(), lang="en"
    )
    traces = {trace.name: list(trace.x) for trace in fig.data}
    assert traces == {"done": [0, 1], "open": [0, 1], "overdue": [1, 0]}  # empty statuses left out
    assert [t.marker.color for t in fig.data] == ["#1a7f37", "#8c959f", "#cf222e"]
    assert fig.layout.barmode == "stack"
    assert "<b>" in fig.layout.yaxis.ticktext[1] and "<b>" not in fig.layout.yaxis.ticktext[0]
    empty = charts.action_status_chart(followup.action_status_counts(frame.iloc[:0]))
    assert "No actions from earlier workshops." in empty.layout.annotations[0].text


@pytest.mark.browser
def test_demo_3_report_paints_offline(derry_demo_3: Path, offline_page: Any) -> None:
    """Every chart of the report (follow-up and impact indicators too) paints, offline."""
    from .conftest import PROJECT

    html_text = derry_demo_3.read_text(encoding="utf-8")
    expected = html_text.count('class="plotly-graph-div"')
    offline_page.goto(derry_demo_3.as_uri())
    offline_page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
    offline_page.wait_for_function(
        f"() => document.querySelectorAll('.js-plotly-plot .main-svg').length >= {expected}",
        timeout=30_000,
    )
    drawn = offline_page.evaluate(
        "() => [...document.querySelectorAll('.js-plotly-plot')].map(p => (p.data || []).length)"
    )
    assert len(drawn) == expected and expected >= 12 and all(n > 0 for n in drawn)
    text = offline_page.locator("body").inner_text()
    assert "Since the last workshop" in text and "What your practices achieve" in text
    assert "(illustrative)" in text or "illustrative" in text
    # A plan's labels read above their texts: JupyterLab's own dt/dd floats are overridden.
    boxes = offline_page.evaluate(
        "() => [...document.querySelectorAll('.hope-plan dt')].map(dt => {"
        " const box = (node) => { const r = document.createRange(); r.selectNodeContents(node);"
        " return r.getBoundingClientRect(); };"  # where the text itself is drawn
        " const t = box(dt), dd = box(dt.nextElementSibling);"
        " return [t.left, t.bottom, dd.left, dd.top]; })"
    )
    assert len(boxes) >= 7
    for label_left, label_bottom, text_left, text_top in boxes:
        assert text_top >= label_bottom - 1 and abs(text_left - label_left) < 40
    artifacts = PROJECT / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    offline_page.screenshot(path=str(artifacts / "report-demo-3-derry.png"), full_page=True)
    assert offline_page.requests == [] and offline_page.console_errors == []


def test_actions_with_and_without_a_practice_render(store: Store, chain_dir: Path) -> None:
    from hopelib.report import PartnerReport

    store.add_action(
        FIRST, "north", "AK", "About a practice", due="2025-04-01", practice="job-path"
    )
    store.add_action(FIRST, "north", "AK", "About the session")
    store.add_action(SECOND, "north", "AK", "Open here")
    report = PartnerReport(SECOND, "north", lang="en", data_dir=chain_dir, store=store)
    follow_up = report.since_last_workshop()
    assert "About the session" in follow_up and "Job path" in follow_up
    assert ">nan<" not in follow_up.lower()
    first = report.first_screen()
    assert "Open here" in first and ">nan<" not in first.lower()


def test_status_notes_stay_with_their_partner(store: Store, chain_dir: Path) -> None:
    from hopelib.report import PartnerReport

    north, _south = two_actions(store)
    store.set_action_status(SECOND, north, "dropped", "north", "AK", "NORTH-REASON")
    south = PartnerReport(SECOND, "south", lang="en", data_dir=chain_dir, store=store)
    north_report = PartnerReport(SECOND, "north", lang="en", data_dir=chain_dir, store=store)
    assert "NORTH-REASON" in north_report.since_last_workshop()
    shown = south.since_last_workshop()
    assert "NORTH-REASON" not in shown and "dropped" in shown
    assert (
        store.followed_actions(SECOND, partner="south").set_index("id").loc[north, "status_note"]
        == ""
    )
    # Without a date, the summary does not dangle.
    frame = followup.since_last_workshop(store, SECOND, as_of=dt.date(2025, 9, 1))
    page = followup.since_last_workshop_html(
        frame,
        store.action_history(SECOND),
        session_titles={},
        partner_names={},
        practice_titles={},
        locale="en_GB",
    )
    assert "1 overdue</p>" in page


@pytest.mark.parametrize(("partner", "lang"), [("seinajoki", "fi"), ("maribor", "sl")])
def test_follow_up_plans_and_indicators_speak_the_partners_language(
    demo_store: str, partner: str, lang: str
) -> None:
    """No English interface text in the new sections of a Finnish or Slovenian report."""
    import re

    from babel.messages.pofile import read_po

    from hopelib.i18n import LOCALES_DIR
    from hopelib.report import PartnerReport

    from .conftest import PROJECT

    with open(LOCALES_DIR / lang / "LC_MESSAGES" / "hopelib.po", "rb") as handle:
        english = [
            m.id
            for m in read_po(handle)
            if isinstance(m.id, str)
            and m.id
            and "{" not in m.id
            and m.string != m.id
            and " " in m.id
        ]
    report = PartnerReport("demo-3", partner, data_dir=PROJECT / "data", store=demo_store)
    assert report.lang == lang
    sections = [report.first_screen(), report.since_last_workshop(), report.transfer_plans()]
    sections.append(re.sub(r"<script.*?</script>", " ", report.indicators(), flags=re.S))
    text = html.unescape(re.sub(r"<[^>]+>", " ", "".join(sections)))
    text = " ".join(text.split())
    keep = report.data.plans.iloc[0]["keep"]
    assert keep in text
    interface = re.sub(r"Illustrative[^.;]*[.;]", " ", text)  # the demo records are data
    assert [m for m in english if m in interface] == []
