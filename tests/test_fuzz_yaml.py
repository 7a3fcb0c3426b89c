"""Generated malformed YAML as practice, session and taxonomy files: never a crash.

Random bytes, truncated documents, duplicate keys, wrong types, deep nesting, control
characters and other encodings go through :func:`hopelib.validate` and ``hope validate``:
only the project's errors, one ``path:line`` problem per line (the line may be absent only
where the file has no lines), and nothing written into the data folder (issue #21).
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hopelib import validate
from hopelib.cli import main
from hopelib.errors import Problem

from .conftest import GOOD

TARGETS = ["practices/job-path.yaml", "sessions/demo-x/session.yaml", "taxonomy.yaml"]
ORIGINALS = {target: (GOOD / target).read_bytes() for target in TARGETS}

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20))
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


@st.composite
def malformed(draw: st.DrawFn) -> tuple[str, bytes]:
    """A target file and malformed bytes for it."""
    target = draw(st.sampled_from(TARGETS))
    original = ORIGINALS[target]
    kind = draw(
        st.sampled_from(
            ["bytes", "truncated", "duplicate", "types", "deep", "control", "encoding", "splice"]
        )
    )
    if kind == "bytes":
        return target, draw(st.binary(max_size=300))
    if kind == "truncated":
        return target, original[: draw(st.integers(0, len(original)))]
    lines = original.decode("utf-8").splitlines(keepends=True)
    if kind == "duplicate":
        index = draw(st.integers(0, len(lines) - 1))
        return target, "".join([*lines, lines[index]]).encode("utf-8")
    if kind == "types":
        data = yaml.safe_load(original)
        key = draw(st.sampled_from(sorted(data)))
        data[key] = draw(values)
        return target, yaml.safe_dump(data, allow_unicode=True).encode("utf-8")
    if kind == "deep":
        depth = draw(st.integers(1, 400))
        flow = draw(st.booleans())
        text = (
            "a: " + "[" * depth + "]" * depth
            if flow
            else "".join(" " * i + "k:\n" for i in range(depth))
        )
        return target, original + text.encode("utf-8")
    if kind == "control":
        char = draw(st.characters(max_codepoint=0x9F, categories=["Cc"]))
        at = draw(st.integers(0, len(original)))
        return target, original[:at] + char.encode("utf-8") + original[at:]
    if kind == "encoding":
        codec = draw(st.sampled_from(["utf-16", "utf-16-le", "utf-32", "latin-1", "cp1252"]))
        text = original.decode("utf-8") + draw(st.text(max_size=10))
        return target, text.encode(codec, errors="replace")
    splice = draw(st.text(alphabet=":-[]{}&*!|>'\"#%@`,? \n\t", max_size=20))
    at = draw(st.integers(0, len(original)))
    return target, original[:at] + splice.encode("utf-8") + original[at:]


def snapshot(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def check_problems(problems: list[Problem], target: str, content: bytes) -> None:
    for problem in problems:
        text = str(problem)
        assert "\n" not in text and "\r" not in text
        assert problem.field
        if problem.path.endswith(target.split("/")[-1]) and content.strip():
            lines = content.count(b"\n") + 1
            if problem.line is not None:
                assert 1 <= problem.line <= lines + 1, text


@settings(
    max_examples=200,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(malformed())
def test_malformed_yaml_is_reported_never_a_crash(
    capsys: pytest.CaptureFixture[str], case: tuple[str, bytes]
) -> None:
    target, content = case
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(GOOD, data)
        (data / target).write_bytes(content)
        before = snapshot(data)
        report = validate(data)  # raises nothing: problems are listed
        check_problems(report.problems, target, content)
        status = main(["validate", "--data", str(data)])
        _out, err = capsys.readouterr()
        assert status in (0, 1)
        assert (status == 0) == report.ok
        assert "Traceback" not in err
        if not report.ok:
            assert len(err.strip().splitlines()) == len(report.problems) + 1
        assert snapshot(data) == before
