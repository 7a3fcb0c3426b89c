"""Paths and defaults, and their environment overrides."""

from __future__ import annotations

from pathlib import Path

import pytest

from hopelib import config


def test_defaults_are_under_the_project(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HOPE_DATA", "HOPE_EXPORTS", "HOPE_STORE", "HOPE_CACHE"):
        monkeypatch.delenv(name, raising=False)
    assert config.data_dir() == config.PROJECT_ROOT / "data"
    assert config.exports_dir() == config.PROJECT_ROOT / "exports"
    assert config.store_url() == f"sqlite:///{config.PROJECT_ROOT / 'var' / 'hope.sqlite'}"


def test_environment_overrides(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOPE_DATA", str(tmp_path / "d"))
    monkeypatch.setenv("HOPE_EXPORTS", str(tmp_path / "e"))
    monkeypatch.setenv("HOPE_CACHE", str(tmp_path / "c"))
    assert config.data_dir() == tmp_path / "d"
    assert config.exports_dir() == tmp_path / "e"
    assert config.cache_dir() == tmp_path / "c"
    assert config.data_dir("explicit") == Path("explicit")


def test_store_url(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOPE_STORE", str(tmp_path / "s.sqlite"))
    assert config.store_url() == f"sqlite:///{tmp_path / 's.sqlite'}"
    url = "postgresql+psycopg://hope@localhost:5432/hope"
    monkeypatch.setenv("HOPE_STORE", url)
    assert config.store_url() == url
    assert config.store_url("sqlite:///x.db") == "sqlite:///x.db"


def test_cache_size_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HOPE_CACHE_MAX_MB", raising=False)
    assert config.cache_max_bytes() == 500_000_000
    monkeypatch.setenv("HOPE_CACHE_MAX_MB", "2.5")
    assert config.cache_max_bytes() == 2_500_000
    monkeypatch.setenv("HOPE_CACHE_MAX_MB", "0")
    assert config.cache_max_bytes() == 0
    assert config.cache_max_bytes(1) == 1_000_000


@pytest.mark.parametrize("value", ["lots", "-1", "nan", "inf"])
def test_a_bad_cache_size_limit_warns_and_keeps_the_default(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("HOPE_CACHE_MAX_MB", value)
    with pytest.warns(UserWarning, match=r"HOPE_CACHE_MAX_MB=.* is not a size in megabytes"):
        assert config.cache_max_bytes() == 500_000_000
