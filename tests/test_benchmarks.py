"""A seconds-long smoke run of every benchmark script (figures are not asserted)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .conftest import PROJECT

SCRIPTS = sorted((PROJECT / "benchmarks").glob("bench_*.py"))


@pytest.mark.parametrize("script", SCRIPTS, ids=[s.name for s in SCRIPTS])
def test_benchmark_smoke_run(script) -> None:  # type: ignore[no-untyped-def]
    run = subprocess.run(
        [sys.executable, str(script), "--smoke"],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    lines = run.stdout.strip().splitlines()
    assert len(lines) >= 2 and lines[1].split()[0].isdigit(), run.stdout


def test_synthetic_catalogue_is_valid(tmp_path) -> None:  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(PROJECT / "benchmarks"))
    try:
        from synthetic import generate
    finally:
        sys.path.pop(0)
    from hopelib import load_catalogue, validate

    folder = generate(60, tmp_path / "syn")
    assert validate(folder).problems == []
    catalogue = load_catalogue(folder)
    assert len(catalogue) == 60
    assert catalogue["reference"].any() and not catalogue["reference"].all()
    assert catalogue["category"].nunique() == 3
    assert catalogue["partner"].dropna().nunique() == 4


def test_plain_synthetic_catalogue_is_valid_and_varied(tmp_path) -> None:  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(PROJECT / "benchmarks"))
    try:
        from synthetic_plain import generate
    finally:
        sys.path.pop(0)
    from hopelib import load_catalogue, validate
    from hopelib.models import Practice

    folder = generate(120, tmp_path / "plain")
    assert validate(folder).problems == []
    catalogue = load_catalogue(folder)
    assert len(catalogue) == 120
    sizes = [p.stat().st_size for p in (folder / "practices").iterdir()]
    assert min(sizes) >= 1000 and max(sizes) <= 5000
    optional = set(Practice.model_fields) - {"id", "title", "country", "sources"}
    for field in optional:  # every optional field is present in some files, not in all
        column = {"perspectives": "client_need", "contacts": "n_contacts"}.get(field, field)
        if column in catalogue:
            values = catalogue[column]
            filled = values.notna() & (values != 0) & values.map(lambda v: v != ())
        else:
            prefixed = catalogue.filter(regex=f"^{field}_").drop(
                columns=[c for c in catalogue if c.endswith("_lang")], errors="ignore"
            )
            filled = prefixed.notna().any(axis=1)
        assert 0 < filled.sum() < len(catalogue), field
    assert {"en", "fi", "sl"} <= set(catalogue["summary_lang"].dropna())
