"""The lock (requirements/*.txt), pyproject.toml, environment.yml and the Makefile agree."""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from .conftest import PROJECT

RUNTIME = PROJECT / "requirements" / "runtime.txt"
TEST = PROJECT / "requirements" / "test.txt"


@cache
def _pyproject() -> dict[str, object]:
    return tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))


def _requirements(group: str) -> list[Requirement]:
    project = _pyproject()["project"]
    assert isinstance(project, dict)
    listed = (
        project["dependencies"] if group == "runtime" else project["optional-dependencies"][group]
    )
    return [Requirement(r) for r in listed]


@cache
def _lock(path: Path) -> dict[str, list[tuple[Version, Requirement]]]:
    """Each locked package: its pins (one per marker branch), read as pip reads them."""
    text = path.read_text(encoding="utf-8").replace("\\\n", " ")
    pins: dict[str, list[tuple[Version, Requirement]]] = {}
    for line in text.splitlines():
        line = line.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        spec, *options = re.split(r"\s+--", line)
        assert options and all(o.startswith("hash=sha256:") for o in options), line
        req = Requirement(spec)
        (pin,) = req.specifier
        assert pin.operator == "==", f"{path.name}: {line} is not an exact version"
        pins.setdefault(canonicalize_name(req.name), []).append((Version(pin.version), req))
    return pins


@pytest.mark.parametrize("lock", [RUNTIME, TEST], ids=["runtime", "test"])
def test_lock_pins_every_dependency_within_its_range(lock: Path) -> None:
    groups = ["runtime"] if lock == RUNTIME else ["runtime", "test"]
    pins = _lock(lock)
    for requirement in [r for g in groups for r in _requirements(g)]:
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{name} is missing from {lock.name}: run `make lock`"
        for version, _ in pins[name]:
            assert requirement.specifier.contains(version, prereleases=True), (
                f"{lock.name} pins {name}=={version} outside {requirement}: run `make lock`"
            )
    for extra in {e for g in groups for r in _requirements(g) for e in r.extras}:
        assert extra == "binary" and "psycopg-binary" in pins


def test_lock_has_what_builds_hopelib() -> None:
    build = _pyproject()["build-system"]
    assert isinstance(build, dict)
    for lock in (RUNTIME, TEST):
        pins = _lock(lock)
        assert "pip" in pins
        for requirement in map(Requirement, build["requires"]):
            ((version, _),) = pins[canonicalize_name(requirement.name)]
            assert requirement.specifier.contains(version), f"{lock.name}: {requirement}"


def test_runtime_and_test_locks_agree() -> None:
    runtime, test = _lock(RUNTIME), _lock(TEST)
    assert set(runtime) <= set(test)
    for name, pins in runtime.items():
        assert sorted(str(v) for v, _ in pins) == sorted(str(v) for v, _ in test[name]), name


def test_lock_serves_every_supported_python_on_linux() -> None:
    for lock in (RUNTIME, TEST):
        for name, pins in _lock(lock).items():
            for python in ("3.11", "3.12", "3.13"):
                env = {"python_version": python, "python_full_version": f"{python}.0"}
                env |= {"sys_platform": "linux", "platform_system": "Linux"}
                chosen = [v for v, r in pins if r.marker is None or r.marker.evaluate(env)]
                assert len(chosen) <= 1, f"{lock.name}: {name} twice for Python {python}"


def test_conda_installs_the_lock_and_repeats_no_version() -> None:
    env = yaml.safe_load((PROJECT / "environment.yml").read_text(encoding="utf-8"))
    assert env["channels"] == ["conda-forge"]
    conda = [item for item in env["dependencies"] if isinstance(item, str)]
    (pip,) = [item["pip"] for item in env["dependencies"] if isinstance(item, dict)]
    project = _pyproject()["project"]
    assert isinstance(project, dict)
    assert conda == [f"python{project['requires-python']}", "pip"]
    assert pip == ["-r requirements/test.txt"]


def test_make_installs_from_the_lock() -> None:
    makefile = (PROJECT / "Makefile").read_text(encoding="utf-8")
    assert "LOCK_RUNTIME := requirements/runtime.txt" in makefile
    assert "LOCK_TEST    := requirements/test.txt" in makefile
    assert "--require-hashes --no-deps" in makefile
    install_lines = [
        line for line in makefile.splitlines() if "pip install" in line and "LATEST" not in line
    ]
    for line in install_lines:
        assert "--upgrade" not in line and "-U " not in line, line


def test_required_versions() -> None:
    deps = {
        canonicalize_name(r.name): r.specifier
        for g in ("runtime", "test")
        for r in _requirements(g)
    }
    assert str(deps["nbconvert"]) == ">=7.17.1"
    assert str(deps["pytest-notebook"]) == ">=0.11"
    assert "<3" in str(deps["pydantic"])
    project = _pyproject()["project"]
    assert isinstance(project, dict)
    assert project["requires-python"] == ">=3.11"
    assert project["license"] == "EUPL-1.2", "the SPDX string form (the table form is deprecated)"
