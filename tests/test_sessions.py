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
    assert main(["session", "new", "autumn", "--data", str(data_dir), "--title", "X",
                 "--host", "south", "--dates", "2026-10-01"]) == 1  # fmt: skip
    assert "exists" in capsys.readouterr().err
