"""The fast YAML loader gives exactly what PyYAML's C safe loader gives, errors included.

The one difference: a key written twice in a mapping is an error (PyYAML keeps the last).
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from hopelib.catalogue import yaml_loader

from .conftest import GOOD, PROJECT


class Reference(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """PyYAML's own construction, with timestamps as strings as the project reads them."""


Reference.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)


def outcome(text: str, loader: Any) -> tuple[str, str]:
    """Return the data's repr (types show, recursion too) or the error's type and text."""
    try:
        return "data", repr(yaml.load(text, Loader=loader))
    except Exception as error:
        return type(error).__name__, str(error)


DOCUMENTS = [
    "",
    "# only a comment\n",
    "plain",
    "a: 1\nb: -2.5e3\nc: 0x1F\nd: 0o17\ne: 1_000\nf: .inf\ng: -.Inf\nh: .NaN\n",
    "yes: Yes\nno: NO\n~: null\n'': ''\nempty:\nN: n\n",
    "on: off\n",
    "date: 2021-05-10\nwhen: 2021-05-10 10:30:00\nquoted: '2021-05-10'\n",
    "q1: '12'\nq2: \"true\"\nq3: '~'\nlit: |\n  12\nfold: >\n  true\n",
    "explicit: !!str 12\nnum: !!int '7'\nflt: !!float '1'\nnothing: !!null ''\n",
    "bin: !!binary aGVsbG8=\n",
    "nested: {a: [1, {b: [x, 'y', 3.0]}], c: []}\nlist:\n- - 1\n  - 2\n- {}\n",
    "shared: &s {a: 1}\nagain: *s\nlist: &l [1, 2]\nrepeat: *l\nscalar: &x 5\nsame: *x\n",
    "base: &b {x: 1, y: 2}\nmerged:\n  <<: *b\n  y: 3\n",
    "multi:\n  <<: [{a: 1}, {b: 2}]\n  c: 3\n",
    "'<<': not a merge\n",
    "=: value key\n",
    "v: =\n",
    "1: int key\n2.5: float key\nnull: none key\n2021-05-10: date key\nfalse: bool key\n",
    "? [a, b]\n: unhashable\n",
    "? {a: 1}\n: unhashable\n",
    "set: !!set {a, b}\n",
    "omap: !!omap [{a: 1}, {b: 2}]\n",
    "pairs: !!pairs [{a: 1}, {a: 2}]\n",
    "bad-omap: !!omap {a: 1}\n",
    "scalar-omap: !!omap x\n",
    "scalar-map: !!map x\n",
    "seq-tag: !!seq {a: 1}\n",
    "custom: !thing x\n",
    "custom-map: !thing {a: 1}\n",
    "a: {b: !first x}\nc: !second y\n",
    "bad-int: !!int abc\n",
    "rec: &r [1, *r]\n",
    "recmap: &m {self: *m}\n",
    "! nonspecific: ! 12\n",
    "a: b: c\n",
    "key: [unclosed\n",
    "- one\n---\n- two\n",
    "text: 'it''s'\nu: \"\\u00e9\\t\"\n",
    "Derry & Strabane: & is text\n",
    "- &a x\n- *a\n- *b\n",
]


@pytest.mark.parametrize("text", DOCUMENTS)
def test_same_result_as_pyyaml(text: str) -> None:
    assert outcome(text, yaml_loader.Loader) == outcome(text, Reference)


#: Documents naming a key twice in one mapping: (text, key, where, its line, the first's line).
DUPLICATES = [
    ("dup: 1\ndup: 2\nother: 3\n", "dup", (), 2, 1),
    ("status: draft\nid: x\nstatus: ready\n", "status", (), 3, 1),
    ("title: {en: A, fi: B, en: C}\n", "en", ("title",), 1, 1),
    ("title:\n  en: A\n  fi: B\n  en: C\n", "en", ("title",), 4, 2),
    ("a:\n  - x: 1\n    y: 2\n    x: 3\n", "x", ("a", 0), 4, 2),
    ("a: [{b: {c: 1, c: 2}}]\n", "c", ("a", 0, "b"), 1, 1),
    ("yes: Yes\ntrue: False\n", "true", (), 2, 1),  # both keys are True
    ("1: int\n1.0: float\n", "1.0", (), 2, 1),
    ("1: int\ntrue: bool\n", "true", (), 2, 1),  # a Python dict keeps one of them
    ("'k': 1\n\"k\": 2\n", "k", (), 2, 1),
    ("base: &b {x: 1}\nm:\n  <<: *b\n  y: 2\n  y: 3\n", "y", ("m",), 5, 4),  # PyYAML path
    ("t: !!str x\nt: y\n", "t", (), 2, 1),
    ("a: &x {k: 1, k: 2}\nb: *x\n", "k", ("a",), 1, 1),
]


@pytest.mark.parametrize(("text", "key", "loc", "line", "first"), DUPLICATES)
def test_a_key_written_twice_is_refused(
    text: str, key: str, loc: tuple[str | int, ...], line: int, first: int
) -> None:
    assert outcome(text, Reference)[0] == "data"  # PyYAML keeps the last value silently
    with pytest.raises(yaml_loader.DuplicateKeyError) as caught:
        yaml_loader.load(text)
    error = caught.value
    assert (error.key, error.loc, error.line, error.first_line) == (key, loc, line, first)
    assert isinstance(error, yaml.YAMLError)


def test_equal_keys_in_different_mappings_are_fine() -> None:
    text = "a: {k: 1}\nb: {k: 2}\nc: [{k: 1}, {k: 2}]\nm: &m {k: 1}\nn: {<<: *m, k: 2}\n"
    assert yaml_loader.load(text) == yaml.load(text, Loader=Reference)


def test_aliases_share_objects_as_in_pyyaml() -> None:
    data = yaml_loader.load("a: &x [1]\nb: *x\n")
    assert data["a"] is data["b"]
    recursive = yaml_loader.load("r: &r [1, *r]\n")
    assert recursive["r"][1] is recursive["r"]


def test_timestamps_stay_strings() -> None:
    assert yaml_loader.load("d: 2021-05-10") == {"d": "2021-05-10"}


def test_every_project_and_fixture_file() -> None:
    paths = sorted((PROJECT / "data").rglob("*.yaml")) + sorted(GOOD.rglob("*.yaml"))
    assert paths
    for path in paths:
        text = path.read_text(encoding="utf-8")
        assert outcome(text, yaml_loader.Loader) == outcome(text, Reference), path


def test_synthetic_practices(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import sys

    sys.path.insert(0, str(PROJECT / "benchmarks"))
    try:
        from synthetic import generate
    finally:
        sys.path.pop(0)
    folder = generate(40, tmp_path / "syn")
    for path in sorted(folder.rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert yaml_loader.load(text) == yaml.load(text, Loader=Reference), path


def test_compose_gives_lines() -> None:
    node = yaml_loader.compose("a: 1\nb:\n  c: 2\n")
    assert isinstance(node, yaml.MappingNode)
    assert node.value[1][1].value[0][0].start_mark.line == 2


def test_no_path_resolvers() -> None:
    assert not yaml_loader.Loader.yaml_path_resolvers  # Loader.resolve relies on it
