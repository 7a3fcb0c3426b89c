"""Creating a session folder, from Python and from `hope session new`."""

from __future__ import annotations

from pathlib import Path

import pytest

from hopelib import CatalogueError, load_session
from hopelib.cli import main
from hopelib.sessions import new_session


def test_new_session_is_valid_and_fills_defaults(data_dir: Path) -> None:
    path = new_session(
        "spring", title="Spring", host="north", dates=["2026-03-10", "2026-03-11"],
        practices=["job-path"], data_dir=data_dir,
    )  # fmt: skip
    assert path == data_dir / "sessions" / "spring" / "session.yaml"
    session = load_session("spring", data_dir)
    assert session.partners == ["north", "south"]
    assert session.criteria == ["relevance", "cost_effectiveness"]
    assert session.practices == ["job-path"] and not session.demo


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"session_id": "Bad Id"}, "id"),
        ({"session_id": "demo-x"}, "id"),
        ({"host": "west"}, "host"),
        ({"practices": ["nope"]}, "practices[0]"),
        ({"dates": ["2026-03-11", "2026-03-10"]}, "dates"),
        ({"dates": ["2026-02-30"]}, "dates[0]"),
        ({"follows": ["no-such-session"]}, "follows[0]"),
        ({"follows": ["demo-x", "demo-x"], "dates": ["2025-03-11"]}, "follows[0]"),
    ],
)
def test_bad_sessions_leave_nothing_behind(data_dir: Path, changes: dict, field: str) -> None:  # type: ignore[type-arg]
    arguments = {"session_id": "spring", "title": "Spring", "host": "north",
                 "dates": ["2026-03-10"], "practices": ["job-path"]} | changes  # fmt: skip
    before = sorted(p.name for p in (data_dir / "sessions").iterdir())
    with pytest.raises(CatalogueError) as caught:
        new_session(arguments.pop("session_id"), data_dir=data_dir, **arguments)
    assert any(p.field == field for p in caught.value.problems), caught.value
    assert sorted(p.name for p in (data_dir / "sessions").iterdir()) == before


def test_hope_session_new(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["session", "new", "autumn", "--data", str(data_dir), "--title", "Autumn",
                 "--host", "south", "--dates", "2026-10-01", "--practices", "coop-kitchen",
                 "--mode", "virtual", "--follows", "demo-x"])  # fmt: skip
    assert code == 0 and "created" in capsys.readouterr().out
    assert load_session("autumn", data_dir).mode == "virtual"
    assert load_session("autumn", data_dir).follows == ["demo-x"]
    assert main(["session", "new", "autumn", "--data", str(data_dir), "--title", " ",
                 "--host", "south", "--dates", "2026-10-01", "--practices", "x"]) == 1  # fmt: skip
    err = capsys.readouterr().err.splitlines()
    assert [line.split(":")[1].strip() for line in err] == ["ID", "--title"]  # every problem
    assert "exists" in err[0] and "validate" not in " ".join(err)
    with pytest.raises(SystemExit):  # --practices is required: a session needs an agenda
        main(["session", "new", "winter", "--data", str(data_dir), "--title", "W",
              "--host", "south", "--dates", "2026-10-01"])  # fmt: skip


def test_check_new_session_lists_every_problem(data_dir: Path) -> None:
    from hopelib.sessions import check_new_session

    problems = check_new_session(
        "Spring 2026", title="", host="", dates=[None], practices=[], data_dir=data_dir
    )
    assert [name for name, _text in problems] == ["id", "title", "host", "dates", "practices"]
    assert "no spaces" in problems[0][1]
    ok = check_new_session(
        "spring",
        title="Spring",
        host="north",
        dates=["2026-03-10"],
        practices=["job-path"],
        data_dir=data_dir,
    )
    assert ok == []
    with pytest.raises(CatalogueError) as caught:
        new_session("spring", title="Spring", host="north", dates=["2026-03-10"],
                    data_dir=data_dir)  # fmt: skip
    assert [p.field for p in caught.value.problems] == ["practices"]
    assert not (data_dir / "sessions" / "spring").exists()


def _add_criterion(data_dir: Path, criterion: str) -> None:
    """Add a criterion to the fixture taxonomy, as a partner editing taxonomy.yaml would."""
    path = data_dir / "taxonomy.yaml"
    text = path.read_text(encoding="utf-8")
    entry = (
        f"  - id: {criterion}\n    label: {{en: Reach}}\n"
        '    question: {en: "How many does it reach?"}\n    scale: {min: 0, max: 10}\n'
    )
    path.write_text(text.replace("criteria:\n", "criteria:\n" + entry, 1), encoding="utf-8")


def test_sessions_keep_the_criteria_they_were_made_with(data_dir: Path) -> None:
    new_session("spring", title="Spring", host="north", dates=["2026-03-10"],
                practices=["job-path"], data_dir=data_dir)  # fmt: skip
    written = (data_dir / "sessions" / "spring" / "session.yaml").read_text(encoding="utf-8")
    assert "criteria:" in written  # in the file, not filled in when read
    _add_criterion(data_dir, "reach")
    from hopelib import load_taxonomy

    assert "reach" in load_taxonomy(data_dir).ids("criteria")
    assert load_session("spring", data_dir).criteria == ["relevance", "cost_effectiveness"]
    assert load_session("demo-x", data_dir).criteria == ["relevance", "cost_effectiveness"]
    new_session("summer", title="Summer", host="north", dates=["2026-06-10"],
                practices=["job-path"], data_dir=data_dir)  # fmt: skip
    assert load_session("summer", data_dir).criteria == ["reach", "relevance", "cost_effectiveness"]


def test_a_session_without_criteria_refuses_ratings_and_says_why(
    data_dir: Path, tmp_path: Path
) -> None:
    from hopelib.errors import StoreError
    from hopelib.store import open_store

    path = data_dir / "sessions" / "demo-x" / "session.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("criteria: [relevance, cost_effectiveness]", "criteria: []"), encoding="utf-8"
    )
    assert load_session("demo-x", data_dir).criteria == []
    with open_store(str(tmp_path / "store.sqlite"), data_dir) as store:
        with pytest.raises(StoreError) as caught:
            store.add_rating("demo-x", "north", "AK", "job-path", "relevance", 4)
        assert caught.value.field == "criterion"
        assert "session demo-x has no criteria" in str(caught.value)
        assert "list the criteria ids of taxonomy.yaml under criteria:" in str(caught.value)
        assert store.ratings("demo-x").empty  # nothing written
