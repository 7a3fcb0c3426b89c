"""environment.yml (conda) and pyproject.toml list the same dependencies."""

from __future__ import annotations

import re
import tomllib

import yaml
from packaging.requirements import Requirement

from .conftest import PROJECT


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pyproject() -> dict[str, str]:
    project = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = [*project["dependencies"], *project["optional-dependencies"]["test"]]
    parsed = [Requirement(r) for r in requirements]
    deps = {_normalise(r.name): str(r.specifier) for r in parsed}
    deps["python"] = project["requires-python"]
    return deps


def _conda() -> tuple[dict[str, str], list[str]]:
    env = yaml.safe_load((PROJECT / "environment.yml").read_text(encoding="utf-8"))
    assert env["channels"] == ["conda-forge"]
    deps: dict[str, str] = {}
    pip: list[str] = []
    for item in env["dependencies"]:
        if isinstance(item, dict):
            pip += item["pip"]
            continue
        match = re.match(r"^([A-Za-z0-9_.-]+)\s*(.*)$", item)
        assert match, item
        deps[_normalise(match[1])] = match[2].replace(" ", "")
    return deps, pip


def _specifiers(spec: str) -> set[str]:
    return {part for part in spec.split(",") if part}


def test_same_dependencies_and_versions() -> None:
    conda, _ = _conda()
    conda.pop("pip")
    pyproject = _pyproject()
    assert sorted(conda) == sorted(pyproject), "environment.yml and pyproject.toml differ"
    for name, spec in pyproject.items():
        assert _specifiers(conda[name]) == _specifiers(spec), f"{name}: {conda[name]} != {spec}"


def test_conda_installs_the_project_itself() -> None:
    _, pip = _conda()
    assert pip == ["-e ."]


def test_required_versions() -> None:
    deps = _pyproject()
    assert _specifiers(deps["nbconvert"]) == {">=7.17.1"}
    assert _specifiers(deps["pytest-notebook"]) == {">=0.11"}
    assert deps["python"] == ">=3.11"
    assert "<3" in deps["pydantic"]
