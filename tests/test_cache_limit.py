"""The cache folder stays under HOPE_CACHE_MAX_MB: least recently used data folders go first,
the newest entry and any entry being read stay."""

from __future__ import annotations

import fcntl
import os
import pickle
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hopelib import cache as cache_module
from hopelib import config, load_catalogue
from hopelib.catalogue.cache import STALE_TEMPORARY_S
from hopelib.catalogue.reader import Reader

from .conftest import PROJECT


@pytest.fixture(autouse=True)
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("HOPE_CACHE", str(folder))
    return folder


def folders(data_dir: Path, count: int) -> list[Path]:
    """Copies of the fixture data folder, each a data folder of its own in the cache."""
    past = time.time() - 10  # out of the cache's racy window, as files normally are
    copies = []
    start = len(list(data_dir.parent.glob("data-*")))
    for index in range(start, start + count):
        copy = data_dir.parent / f"data-{index}"
        shutil.copytree(data_dir, copy)
        for path in copy.rglob("*.yaml"):
            os.utime(path, (past, past))
        copies.append(copy)
    return copies


def entry(folder: Path) -> Path:
    return cache_module.cache_path("catalogue", folder, "en")


def size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.iterdir())


def limit_for(entries: float, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    """Set HOPE_CACHE_MAX_MB to hold about *entries* catalogue entries; return the bytes."""
    (probe,) = folders(data_dir, 1)
    load_catalogue(probe)
    one = entry(probe).stat().st_size
    entry(probe).unlink()
    monkeypatch.setenv("HOPE_CACHE_MAX_MB", str(one * entries / 1e6))
    return config.cache_max_bytes()


def test_the_folder_stays_under_the_limit_and_the_newest_entries_stay(
    data_dir: Path, own_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    limit = limit_for(2.5, data_dir, monkeypatch)
    copies = folders(data_dir, 6)
    for copy in copies:
        assert len(load_catalogue(copy)) == 3
        assert size(own_cache) <= limit
        assert entry(copy).exists()
        time.sleep(0.02)  # distinct modification times, whatever the clock's granularity
    assert [entry(c).exists() for c in copies] == [False] * 4 + [True] * 2


def test_a_folder_used_again_is_kept_over_one_used_earlier(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    limit_for(2.5, data_dir, monkeypatch)
    first, second, third = folders(data_dir, 3)
    for copy in (first, second, first, third):  # the first is loaded again from the cache
        load_catalogue(copy)
        time.sleep(0.02)
    assert [entry(c).exists() for c in (first, second, third)] == [True, False, True]


def test_every_kind_of_entry_counts_and_the_older_folder_gives_way(
    data_dir: Path, own_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hopelib.catalogue import load_practices

    old, new = folders(data_dir, 2)
    load_catalogue(old, lang="fi")
    time.sleep(0.02)
    load_practices(old)  # its practices' entry
    old_entries = sorted(own_cache.iterdir())
    assert len(old_entries) == 2
    limit = size(own_cache)
    monkeypatch.setenv("HOPE_CACHE_MAX_MB", str(limit / 1e6))
    time.sleep(0.02)
    load_catalogue(new)
    assert size(own_cache) <= limit
    assert entry(new).exists()
    left = sorted(own_cache.iterdir())
    assert left != [*old_entries, entry(new)] and len(left) >= 1


def test_an_entry_larger_than_the_limit_is_not_saved(
    data_dir: Path, own_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (copy,) = folders(data_dir, 1)
    monkeypatch.setenv("HOPE_CACHE_MAX_MB", "0")
    expected = load_catalogue(copy)
    assert not own_cache.exists() or list(own_cache.iterdir()) == []
    assert load_catalogue(copy).equals(expected)


def test_an_entry_being_read_is_not_removed(data_dir: Path, own_cache: Path) -> None:
    copies = folders(data_dir, 3)
    frames = [load_catalogue(copy) for copy in copies]
    read = entry(copies[0])
    with read.open("rb") as stream:
        fcntl.flock(stream.fileno(), fcntl.LOCK_SH)  # as a reader holds it while reading
        left = cache_module.prune(own_cache, limit=0)
        assert [entry(c).exists() for c in copies] == [True, False, False]
        assert left == read.stat().st_size
        _, parts = pickle.load(stream)
        assert [len(cache_module.unpack(part)[1]) for part in parts] == [3]
    assert load_catalogue(copies[0]).equals(frames[0])
    assert cache_module.prune(own_cache, limit=0) == 0


def test_a_reader_that_opened_an_entry_reads_it_whole_after_it_is_removed(
    tmp_path: Path,
) -> None:
    where = tmp_path / "catalogue-0123456789abcdef-en.pickle"
    value = {"text": "x" * 1_000_000}
    cache_module.save(where, "key", value)
    with where.open("rb") as stream:  # opened, not yet locked: prune may remove the name
        assert cache_module.prune(tmp_path, limit=0) == 0
        assert not where.exists()
        assert pickle.load(stream) == ("key", value)


def test_a_stale_temporary_file_goes_and_a_fresh_one_stays(tmp_path: Path) -> None:
    stale = tmp_path / "catalogue-0123456789abcdef-en.pickle123.tmp"
    fresh = tmp_path / "catalogue-fedcba9876543210-en.pickle456.tmp"
    for path in (stale, fresh):
        path.write_bytes(b"x" * 100)
    past = time.time() - STALE_TEMPORARY_S - 10
    os.utime(stale, (past, past))
    other = tmp_path / "notes.txt"  # not the cache's: never touched
    other.write_text("keep me")
    assert cache_module.prune(tmp_path, limit=0) == 100
    assert sorted(p.name for p in tmp_path.iterdir()) == [fresh.name, "notes.txt"]


READER = """
import sys
from hopelib import load_catalogue
folder, rounds = sys.argv[1], int(sys.argv[2])
expected = load_catalogue(folder)
for _ in range(rounds):
    frame = load_catalogue(folder)
    assert frame.equals(expected), "a load differs"
print("ok")
"""


def test_a_concurrent_reader_is_unharmed(
    data_dir: Path, own_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    limit_for(1.5, data_dir, monkeypatch)  # every save removes the other folders' entries
    reader_folder, *others = folders(data_dir, 4)
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(reader_folder), "150"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    saves = 0
    try:
        while reader.poll() is None:
            for copy in others:
                entry(copy).unlink(missing_ok=True)
                load_catalogue(copy)  # saves, and prunes the reader's entry when not in use
                saves += 1
        out, err = reader.communicate(timeout=60)
    finally:
        if reader.poll() is None:
            reader.kill()
    assert reader.returncode == 0, err
    assert out.strip() == "ok"
    assert saves > 0


def test_reading_a_changed_folder_reads_only_the_changed_files(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (copy,) = folders(data_dir, 1)
    first = load_catalogue(copy)
    read: list[str] = []
    original = Reader.read_practice

    def counting(self: Reader, path: Path) -> object:
        read.append(path.name)
        return original(self, path)

    monkeypatch.setattr(Reader, "read_practice", counting)
    assert load_catalogue(copy).equals(first)
    assert read == []
    path = copy / "practices" / "job-path.yaml"
    path.write_text(path.read_text("utf-8").replace("Job path", "Job road"), "utf-8")
    past = time.time() - 5
    os.utime(path, (past, past))
    changed = load_catalogue(copy)
    assert read == ["job-path.yaml"]
    assert changed.loc["job-path", "title"] == "Job road"
    assert changed.drop(index="job-path").equals(first.drop(index="job-path"))
    assert list(changed.index) == list(first.index)
