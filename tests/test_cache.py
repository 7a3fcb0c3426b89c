"""The catalogue cache: reused when nothing changed, never trusted when anything did."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from hopelib import CatalogueError, load_catalogue
from hopelib import cache as cache_module
from hopelib.catalogue import load_practices, practices
from hopelib.catalogue.reader import Reader


@pytest.fixture(autouse=True)
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("HOPE_CACHE", str(folder))
    return folder


def age(folder: Path, seconds: float = 10) -> None:
    """Make every file look older than the racy window, as files normally are."""
    past = time.time() - seconds
    for path in folder.rglob("*.yaml"):
        os.utime(path, (past, past))


def test_second_load_comes_from_the_cache(data_dir: Path, own_cache: Path) -> None:
    age(data_dir)
    first = load_catalogue(data_dir)
    assert [p.name.split("-")[0] for p in own_cache.iterdir()] == ["catalogue"]
    second = load_catalogue(data_dir)
    assert second.equals(first)
    assert second is not first


def test_a_changed_file_is_read_again(data_dir: Path) -> None:
    age(data_dir)
    assert load_catalogue(data_dir).loc["job-path", "title"] == "Job path"
    path = data_dir / "practices" / "job-path.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Job path", "Job road"), "utf-8")
    age(data_dir, seconds=5)  # same size, new modification time
    assert load_catalogue(data_dir).loc["job-path", "title"] == "Job road"
    assert load_practices(data_dir)["job-path"].title == {"en": "Job road", "fi": "Työpolku"}


def test_a_same_size_change_within_the_clock_granularity_is_seen(data_dir: Path) -> None:
    path = data_dir / "practices" / "job-path.yaml"
    os.utime(path)  # just written
    load_catalogue(data_dir)  # a brand-new file is racy: not trusted from the cache
    text = path.read_text(encoding="utf-8")
    stat = path.stat()
    path.write_text(text.replace("Job path", "Job pat!"), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # even the same mtime
    assert load_catalogue(data_dir).loc["job-path", "title"] == "Job pat!"


def test_added_and_removed_files(data_dir: Path) -> None:
    age(data_dir)
    assert len(load_catalogue(data_dir)) == 3
    source = data_dir / "practices" / "reference-cafe.yaml"
    added = data_dir / "practices" / "second-cafe.yaml"
    added.write_text(source.read_text("utf-8").replace("reference-cafe", "second-cafe"), "utf-8")
    age(data_dir)
    assert list(load_catalogue(data_dir).index) == [
        "coop-kitchen",
        "job-path",
        "reference-cafe",
        "second-cafe",
    ]
    (data_dir / "practices" / "coop-kitchen.yaml").unlink()
    assert list(load_catalogue(data_dir).index) == ["job-path", "reference-cafe", "second-cafe"]
    assert sorted(load_practices(data_dir)) == ["job-path", "reference-cafe", "second-cafe"]


def test_a_taxonomy_change_invalidates_cached_practices(data_dir: Path) -> None:
    age(data_dir)
    load_catalogue(data_dir)
    taxonomy = data_dir / "taxonomy.yaml"
    taxonomy.write_text(
        taxonomy.read_text("utf-8").replace("{id: wellbeing", "{id: health"), "utf-8"
    )
    with pytest.raises(CatalogueError, match="unknown theme 'wellbeing'"):
        load_catalogue(data_dir)


def test_a_broken_file_is_never_cached_as_good(data_dir: Path) -> None:
    age(data_dir)
    path = data_dir / "practices" / "job-path.yaml"
    path.write_text(path.read_text("utf-8").replace("country: FI", "country: Finland"), "utf-8")
    age(data_dir)
    for _ in range(2):
        with pytest.raises(CatalogueError, match="not a country code"):
            load_catalogue(data_dir)


@pytest.mark.parametrize("garbage", [b"", b"not a pickle", b"\x80\x05K\x01."])
def test_corrupt_cache_is_rebuilt_silently(data_dir: Path, own_cache: Path, garbage: bytes) -> None:
    age(data_dir)
    expected = load_catalogue(data_dir)
    for path in own_cache.iterdir():
        path.write_bytes(garbage)
    assert load_catalogue(data_dir).equals(expected)
    assert load_catalogue(data_dir).equals(expected)


def test_unreadable_cache_folder_is_skipped(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setenv("HOPE_CACHE", str(blocker / "cache"))  # cannot be created
    age(data_dir)
    assert len(load_catalogue(data_dir)) == 3


def test_load_and_save_round_trip(tmp_path: Path) -> None:
    where = tmp_path / "entry.pickle"
    cache_module.save(where, ("key", 1), {"a": 1})
    assert cache_module.load(where, ("key", 1)) == {"a": 1}
    assert cache_module.load(where, ("key", 2)) is None
    assert list(tmp_path.iterdir()) == [where]  # no temporary files left behind


def test_parts_round_trip_and_a_broken_part_is_not_trusted(tmp_path: Path) -> None:
    where = tmp_path / "parts.pickle"
    cache_module.save(where, "key", [cache_module.pack({"a": 1}), cache_module.pack([2])])
    assert cache_module.load_parts(where, "key") == [{"a": 1}, [2]]
    assert cache_module.load_parts(where, "other") is None
    cache_module.save(where, "key", [cache_module.pack(1), b"not a pickle"])
    assert cache_module.load_parts(where, "key") is None
    cache_module.save(where, "key", {"not": "parts"})
    assert cache_module.load_parts(where, "key") is None


@pytest.fixture
def parallel(monkeypatch: pytest.MonkeyPatch) -> None:
    """Parse even the three fixture practices over several processes."""
    if len(os.sched_getaffinity(0)) < 2:
        pytest.skip("parallel parsing needs two cores")
    monkeypatch.setattr(practices, "PARALLEL_MIN", 1)


@pytest.mark.usefixtures("parallel")
def test_parallel_parsing_gives_what_serial_parsing_gives(
    data_dir: Path, own_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    age(data_dir)
    in_parallel = load_catalogue(data_dir)
    with monkeypatch.context() as serial:
        serial.setattr(practices, "PARALLEL_MIN", 10**9)
        serial.setenv("HOPE_CACHE", str(own_cache.parent / "serial-cache"))
        assert load_catalogue(data_dir).equals(in_parallel)


@pytest.mark.usefixtures("parallel")
def test_parallel_parsing_reports_what_serial_parsing_reports(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("job-path", "coop-kitchen", "reference-cafe"):
        path = data_dir / "practices" / f"{name}.yaml"
        path.write_text(path.read_text("utf-8").replace("country:", "x: 1\ncountry:"), "utf-8")
    age(data_dir)
    with pytest.raises(CatalogueError) as in_parallel:
        load_catalogue(data_dir)
    monkeypatch.setattr(practices, "PARALLEL_MIN", 10**9)
    with pytest.raises(CatalogueError) as serial:
        load_catalogue(data_dir)
    assert len(in_parallel.value.problems) == 3
    assert sorted(in_parallel.value.problems) == sorted(serial.value.problems)


@pytest.mark.usefixtures("parallel")
def test_parts_saved_by_parallel_parsing_are_reused(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    age(data_dir)
    first = load_practices(data_dir)

    def fail(*args: object) -> None:
        raise AssertionError("read again instead of taken from the cache")

    with monkeypatch.context() as patch:
        patch.setattr(Reader, "read_practice", fail)
        assert load_practices(data_dir) == first
    path = data_dir / "practices" / "job-path.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Job path", "Job road"), "utf-8")
    age(data_dir, seconds=5)
    assert load_practices(data_dir)["job-path"].title == {"en": "Job road", "fi": "Työpolku"}
    assert load_practices(data_dir)["coop-kitchen"] == first["coop-kitchen"]


@pytest.mark.usefixtures("parallel")
def test_rows_read_in_parallel_are_cached_and_reused(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    age(data_dir)
    first = load_catalogue(data_dir)
    read: list[str] = []
    original = Reader.read_practice

    def counting(self: Reader, path: Path) -> object:
        read.append(path.name)
        return original(self, path)

    monkeypatch.setattr(Reader, "read_practice", counting)
    assert load_catalogue(data_dir).equals(first)
    path = data_dir / "practices" / "coop-kitchen.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n", "utf-8")
    past = time.time() - 5
    os.utime(path, (past, past))  # only this file changed
    assert load_catalogue(data_dir).equals(first)
    assert read == ["coop-kitchen.yaml"]  # one file changed: one file read, in this process
