"""Cache files are checked before reuse: a damaged one is made again with one warning,
and the build publishes the right bytes (real git repositories, real builds)."""

from __future__ import annotations

import io
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers.gitrepo import GitRepo, blob
from helpers.sites import mkdocs_warnings, run_build
from helpers.workspaces import campaign_workspace
from PIL import Image

from proofroom.core.media.cache import Cache

HERO = "assets/soldes/hero.jpg"


def _cache(repo: GitRepo) -> Path:
    return repo.path / ".cache/proofroom"


def _hero_blobs(repo: GitRepo) -> tuple[Path, Path]:
    """The cached originals of the current hero (red) and of version 2 (green)."""
    red = blob(repo, HERO)
    green = blob(repo, HERO, "HEAD~1")  # the green hero, before the revert
    cache = Cache(_cache(repo))
    return cache.path("blobs", red, "jpg"), cache.path("blobs", green, "jpg")


def _thumbs(repo: GitRepo) -> list[Path]:
    return sorted((_cache(repo) / "thumbs").rglob("*.webp"))


def _truncate(paths: list[Path]) -> None:
    with open(paths[0], "r+b") as f:  # in place: the site's hard link shares the bytes
        f.truncate(10)


def _empty(paths: list[Path]) -> None:
    with open(paths[0], "r+b") as f:
        f.truncate(0)


def _swap(paths: list[Path]) -> None:
    a, b = paths[0], paths[1]
    tmp = a.with_name("swap")
    os.rename(a, tmp)
    os.rename(b, a)
    os.rename(tmp, b)


def _delete(paths: list[Path]) -> None:
    paths[0].unlink()


def _folder(paths: list[Path]) -> None:
    paths[0].unlink()
    (paths[0] / "inside").mkdir(parents=True)


DAMAGE: dict[str, Callable[[list[Path]], None]] = {
    "truncate": _truncate,
    "empty": _empty,
    "swap": _swap,
    "delete": _delete,
    "folder": _folder,
}


def _build(repo: GitRepo) -> list[str]:
    with mkdocs_warnings() as lines:
        run_build(repo.path, strict=False)
    return lines


def _cat(repo: GitRepo, sha: str) -> bytes:
    import subprocess

    return subprocess.run(
        ["git", "cat-file", "blob", sha], cwd=repo.path, capture_output=True, check=True
    ).stdout


@pytest.mark.parametrize("damage", list(DAMAGE))
@pytest.mark.parametrize("what", ["original", "thumbnail"])
def test_a_damaged_cache_file_is_made_again(git_repo: GitRepo, damage: str, what: str) -> None:
    repo = campaign_workspace(git_repo)
    assert not [ln for ln in _build(repo) if "damaged" in ln]
    paths = list(_hero_blobs(repo)) if what == "original" else _thumbs(repo)[:2]
    DAMAGE[damage](paths)
    lines = _build(repo)
    damaged = [ln for ln in lines if "cached file was damaged" in ln]
    if damage == "delete":
        assert damaged == []  # a missing file is a plain miss
    else:
        expected = 2 if damage == "swap" else 1
        assert len(damaged) == expected, lines
        assert all(": warning: " in ln and ".cache/proofroom/" in ln for ln in damaged)
    assert not [ln for ln in lines if "cannot read" in ln or "unreadable" in ln], lines
    site = repo.path / "site/_proofroom"
    for path in sorted((site / "o").iterdir()):
        assert path.read_bytes() == _cat(repo, path.name.split(".")[0]), path.name
    for path in sorted((site / "t").iterdir()):
        with Image.open(io.BytesIO(path.read_bytes())) as im:
            im.load()
    # the next build finds everything good again: no warning
    assert not [ln for ln in _build(repo) if "damaged" in ln]


def test_a_cache_made_before_the_checks_is_checked_once(git_repo: GitRepo) -> None:
    repo = campaign_workspace(git_repo)
    _build(repo)
    (_cache(repo) / "checks.manifest.json").unlink()
    red, green = _hero_blobs(repo)
    shutil.copyfile(green, red)  # a wrong original, unrecorded: its name is its hash
    lines = _build(repo)
    assert len([ln for ln in lines if "damaged" in ln]) == 1, lines
    for path in sorted((repo.path / "site/_proofroom/o").iterdir()):
        assert path.read_bytes() == _cat(repo, path.name.split(".")[0])


def test_checks_cost_one_stat_when_nothing_changed(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    path = cache.write_bytes("thumbs", "ab" * 20, "webp", b"thumbnail bytes")
    assert cache.ok(path)
    cache.save()
    again = Cache(tmp_path)
    assert again.ok(path) and again.take_damaged() == []
    with open(path, "r+b") as f:  # same size, other bytes, same mtime
        st = path.stat()
        f.write(b"T")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    # the inode and mtime match the record: a stat cannot see an edit made in place
    # while keeping the time; what the checks catch is any change of size, time or file
    assert again.ok(path)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1))
    assert not again.ok(path) and not path.exists()
    assert [what for _, what in again.take_damaged()] == ["other bytes than were written"]


def test_what_was_made_from_a_truncated_original_is_made_again(git_repo: GitRepo) -> None:
    """A cache of an earlier version, whose truncated original gave an "unreadable"
    placeholder: the original is made again, and so is its thumbnail."""
    repo = campaign_workspace(git_repo)
    _build(repo)
    red, _green = _hero_blobs(repo)
    manifest = _cache(repo) / "thumbs.manifest.json"
    entries = json.loads(manifest.read_bytes())
    (key,) = [k for k in entries if k.startswith(red.stem)]
    other = next(t for t in _thumbs(repo) if not t.name.startswith(red.stem))
    entries[key] = {  # what the earlier bug remembered: a placeholder and a warning
        "file": other.relative_to(_cache(repo)).as_posix(),  # a good file: trusted
        "width": 240,
        "height": 180,
        "placeholder": True,
        "warning": "cannot read image (truncated); re-export it",
    }
    manifest.write_text(json.dumps(entries), "utf-8")
    with open(red, "r+b") as f:
        f.truncate(10)
    lines = _build(repo)
    assert len([ln for ln in lines if "cached file was damaged" in ln]) == 1, lines
    assert not [ln for ln in lines if "cannot read" in ln], lines
    assert not json.loads(manifest.read_bytes())[key].get("placeholder")
    assert not [ln for ln in _build(repo) if "warning" in ln]
