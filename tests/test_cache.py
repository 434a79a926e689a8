"""The content-addressed cache, its manifests, and placing files into the built site."""

from __future__ import annotations

import json
import multiprocessing
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from proofroom.core.media.cache import DEFAULT_DIR, Cache, Manifest
from proofroom.core.media.publish import place, place_many

KEY = "0123456789abcdef0123456789abcdef01234567"


# -- files ---------------------------------------------------------------------------------


def test_paths_are_sharded_and_checked(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    assert cache.path("thumbs", KEY, "webp") == tmp_path / "thumbs" / "01" / f"{KEY}.webp"
    assert cache.path("thumbs", KEY, ".webp") == cache.path("thumbs", KEY, "webp")
    assert Cache.in_workspace(tmp_path).root == tmp_path / DEFAULT_DIR
    for kind, key, ext in [
        ("thumbs", "../../etc/passwd", "webp"),
        ("thumbs", ".hidden", "webp"),
        ("../x", KEY, "webp"),
        ("thumbs", KEY, "we/bp"),
        ("thumbs", "", "webp"),
    ]:
        with pytest.raises(ValueError):
            cache.path(kind, key, ext)


def test_write_bytes_is_complete_and_leaves_no_temp(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "c")
    assert not cache.has("diffs", KEY, "png")
    path = cache.write_bytes("diffs", KEY, "png", b"first")
    path = cache.write_bytes("diffs", KEY, "png", b"second version")
    assert cache.has("diffs", KEY, "png") and path.read_bytes() == b"second version"
    assert [p.name for p in path.parent.iterdir()] == [path.name]


def test_leftovers_of_a_killed_writer_are_never_results(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    final = cache.path("thumbs", KEY, "webp")
    final.parent.mkdir(parents=True)
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    dead_tmp = final.with_name(f".{final.name}.{int(dead.stdout)}-0a0b0c0d.tmp")
    dead_tmp.write_bytes(b"half a thumbn")
    live_tmp = final.with_name(f".{final.name}.{os.getpid()}-01020304.tmp")
    live_tmp.write_bytes(b"being written")
    assert not cache.has("thumbs", KEY, "webp")
    assert cache.sweep() == 1
    assert not dead_tmp.exists() and live_tmp.exists()


# -- manifests -----------------------------------------------------------------------------


def test_manifest_round_trip(tmp_path: Path) -> None:
    m = Cache(tmp_path).manifest("thumbs")
    assert m.get("a") is None
    m.set("a", {"width": 480, "warning": None})
    m.set("b", {"width": 240})
    m.delete("b")
    m.save()
    again = Cache(tmp_path).manifest("thumbs")
    assert again.get("a") == {"width": 480, "warning": None}
    assert again.get("b") is None and len(again) == 1
    copy = again.get("a")
    assert copy is not None
    copy["width"] = 1  # a copy: the manifest does not change behind its back
    assert again.get("a") == {"width": 480, "warning": None}


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b'{"a": {"width": 4',
        b"\x89PNG\r\n\x1a\n\x00\xff",
        b"[1, 2]",
        b'"text"',
        b"null",
        b'{"a": 3, "b": [1], "c": {"width": 1}}',
    ],
)
def test_damaged_manifest_is_ignored_then_rebuilt(tmp_path: Path, damage: bytes) -> None:
    cache = Cache(tmp_path)
    path = cache.manifest("thumbs").path
    path.write_bytes(damage)
    m = cache.manifest("thumbs")
    assert m.get("a") is None and m.get("b") is None
    m.set("new", {"width": 2})
    m.save()
    data = json.loads(path.read_bytes())
    assert data["new"] == {"width": 2}
    assert all(isinstance(v, dict) for v in data.values())


def test_entry_naming_a_missing_file_is_not_trusted(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    file = cache.write_bytes("thumbs", KEY, "webp", b"pixels")
    m = cache.manifest("thumbs")
    m.set("here", {"file": cache.relative(file), "width": 1})
    m.set("escape", {"file": "../outside.webp", "width": 1})
    (tmp_path.parent / "outside.webp").write_bytes(b"x")
    assert m.get("here") == {"file": f"thumbs/01/{KEY}.webp", "width": 1}
    assert m.get("escape") is None
    file.unlink()
    assert m.get("here") is None


def test_two_manifests_saving_keep_both_sides(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    first, second = cache.manifest("thumbs"), cache.manifest("thumbs")
    first.set("a", {"n": 1})
    second.set("b", {"n": 2})
    first.save()
    second.save()
    assert set(json.loads(first.path.read_bytes())) == {"a", "b"}
    assert second.get("a") == {"n": 1}  # what the other saved is seen after our save
    first.delete("a")
    first.save()
    assert set(json.loads(first.path.read_bytes())) == {"b"}


def save_many(root: str, side: str, count: int, barrier) -> None:
    """One process: set keys and save after each, racing the other process."""
    m = Manifest(Path(root) / "race.manifest.json", root=Path(root))
    barrier.wait()
    for i in range(count):
        m.set(f"{side}{i}", {"i": i, "side": side})
        m.save()


def test_concurrent_saves_from_two_processes(tmp_path: Path) -> None:
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(2)
    procs = [
        ctx.Process(target=save_many, args=(str(tmp_path), side, 60, barrier)) for side in "xy"
    ]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    assert [p.exitcode for p in procs] == [0, 0]
    data = json.loads((tmp_path / "race.manifest.json").read_bytes())
    assert set(data) == {f"{s}{i}" for s in "xy" for i in range(60)}
    assert data["y59"] == {"i": 59, "side": "y"}
    assert not list(tmp_path.glob(".*.tmp"))


# -- placing files into the site -----------------------------------------------------------


def test_place_hard_links_and_skips_what_is_in_place(tmp_path: Path) -> None:
    src = tmp_path / "cache" / "a.webp"
    src.parent.mkdir()
    src.write_bytes(b"thumbnail bytes")
    dest = tmp_path / "site" / "deep" / "er" / "a.webp"
    assert place(src, dest) is True
    assert dest.stat().st_ino == src.stat().st_ino
    assert place(src, dest) is False
    assert [p.name for p in dest.parent.iterdir()] == ["a.webp"]


def test_place_replaces_a_different_file(tmp_path: Path) -> None:
    src = tmp_path / "new.png"
    src.write_bytes(b"new content")
    dest = tmp_path / "site" / "new.png"
    dest.parent.mkdir()
    dest.write_bytes(b"old content, other size")
    assert place(src, dest) is True
    assert dest.read_bytes() == b"new content" and dest.stat().st_ino == src.stat().st_ino


def other_filesystem(tmp_path: Path) -> Path | None:
    for candidate in ("/dev/shm", "/run/user", "/var/tmp"):
        base = Path(candidate)
        try:
            if base.is_dir() and base.stat().st_dev != tmp_path.stat().st_dev:
                return Path(tempfile.mkdtemp(dir=base))
        except OSError:
            continue
    return None


def test_place_copies_across_filesystems(tmp_path: Path) -> None:
    other = other_filesystem(tmp_path)
    if other is None:
        pytest.skip("no writable folder on another filesystem: cross-device copy not tested")
    try:
        src = tmp_path / "video.mp4"
        src.write_bytes(os.urandom(100_000))
        dest = other / "site" / "video.mp4"
        assert place(src, dest) is True
        assert dest.read_bytes() == src.read_bytes()
        assert dest.stat().st_dev != src.stat().st_dev
        assert dest.stat().st_mtime_ns == src.stat().st_mtime_ns
        stamp = dest.stat().st_ctime_ns
        assert place(src, dest) is False  # same size and time: left alone
        assert dest.stat().st_ctime_ns == stamp
    finally:
        for path in sorted(other.rglob("*"), reverse=True):
            path.rmdir() if path.is_dir() else path.unlink()
        other.rmdir()


def test_place_many_counts_what_it_placed(tmp_path: Path) -> None:
    pairs = []
    for i in range(12):
        src = tmp_path / "src" / f"{i}.bin"
        src.parent.mkdir(exist_ok=True)
        src.write_bytes(bytes([i]) * (i + 1))
        pairs.append((src, tmp_path / "site" / f"d{i % 3}" / f"{i}.bin"))
    assert place_many(pairs) == 12
    assert place_many(pairs) == 0
    assert place_many([]) == 0
    assert all(d.read_bytes() == s.read_bytes() for s, d in pairs)
