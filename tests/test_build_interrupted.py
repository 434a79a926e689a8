"""Robustness of the media cache: a build killed while it makes thumbnails, and two
builds at once on the same cache, each run as real `proofroom build` processes."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
from helpers.cli import PROOFROOM
from helpers.gitrepo import GitRepo
from helpers.workspaces import MKDOCS_YML
from PIL import Image

BRIEF = "---\ntitle: Rentrée\ntimezone: Europe/Paris\n---\n# Rentrée\n"
CACHE = Path(".cache/proofroom")
TEMP = re.compile(r"\..+\.tmp")
NOW = "1800000000"  # 15 January 2027
SUMMARY = re.compile(r"thumbnails: (\d+) made, (\d+) reused, (\d+) failed \(\d+\.\d s\)")


def large_workspace(repo: GitRepo, photos: int, versions: int = 1, *, workers: int = 0) -> None:
    """``photos`` PNG files of 2400x1600, each with ``versions`` versions."""
    config = MKDOCS_YML.format(language="en")
    if workers:
        config = config.replace("  - proofroom\n", f"  - proofroom:\n      workers: {workers}\n")
    repo.write("mkdocs.yml", config)
    repo.write("content/index.md", "# Home\n")
    repo.write(".gitignore", "/site*/\n/.cache/\n")
    repo.write("content/campaigns/rentree/index.md", BRIEF)
    (repo.path / "assets/rentree").mkdir(parents=True)
    base = Image.linear_gradient("L").resize((2400, 1600)).convert("RGB")
    for version in range(1, versions + 1):
        for i in range(photos):
            photo = base.copy()
            x = (37 * i + 300 * version) % 1600
            photo.paste((i * 4 % 256, 40 * version % 256, 200), (x, 200, x + 700, 900))
            photo.save(repo.path / f"assets/rentree/photo-{i:02}.png")
        repo.commit(f"Photos v{version}", date=f"2027-01-{4 + version:02}T09:00:00+01:00")


def build(root: Path, site: str = "site", *, new_session: bool = False) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [str(PROOFROOM), "build", "-d", site],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": NOW},  # same pages whenever they are built
        start_new_session=new_session,  # its own process group: killed with its children
    )


def finished(proc: subprocess.Popen[str]) -> str:
    """Wait for a build; its log (stderr), after checking it succeeded."""
    _out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err
    assert "Traceback" not in err
    return err


def thumbnail_counts(log: str) -> tuple[int, int, int]:
    found = SUMMARY.findall(log)
    assert len(found) == 1, log
    made, reused, failed = map(int, found[0])
    return made, reused, failed


def manifest(root: Path) -> dict[str, dict]:
    """The thumbnails manifest as it is on disk: valid JSON, an object of objects."""
    data = json.loads((root / CACHE / "thumbs.manifest.json").read_bytes())
    assert isinstance(data, dict) and all(isinstance(v, dict) for v in data.values())
    return data


def check_cache(root: Path) -> list[Path]:
    """Every finished cache file is whole (images decode, JSON parses, manifest entries
    name files that are there); returns the temporary files, which no reader trusts."""
    cache = root / CACHE
    temps = []
    for path in sorted(p for p in cache.rglob("*") if p.is_file()):
        if TEMP.fullmatch(path.name):
            temps.append(path)
        elif path.suffix in (".png", ".webp", ".jpg"):
            with Image.open(path) as im:
                im.load()  # raises on a truncated file
        elif path.suffix == ".json":
            json.loads(path.read_bytes())
        else:
            assert path.suffix == ".lock", path
    for entry in manifest(root).values():
        assert (cache / entry["file"]).is_file(), entry
    return temps


def site_media(site: Path) -> dict[str, bytes]:
    """The published thumbnails, originals and difference images, each decoded once."""
    out = {}
    for path in sorted((site / "_proofroom").glob("[otd]/*")):
        with Image.open(path) as im:
            im.load()
        out[path.relative_to(site).as_posix()] = path.read_bytes()
    return out


def poll(proc: subprocess.Popen[str], condition, what: str, timeout: float = 300) -> None:
    """Wait until ``condition()`` holds while ``proc`` runs (its exit ends the wait)."""
    deadline = time.monotonic() + timeout
    while not condition():
        try:
            proc.wait(timeout=0.01)  # the polling interval; also notices an early exit
        except subprocess.TimeoutExpired:
            pass
        else:
            pytest.fail(
                f"the build ended before {what}: {proc.stderr.read() if proc.stderr else ''}"
            )
        assert time.monotonic() < deadline, f"no {what} after {timeout} s"


def test_build_killed_while_making_thumbnails(git_repo: GitRepo, tmp_path: Path) -> None:
    photos = 40
    large_workspace(git_repo, photos, workers=1)
    root = git_repo.path
    thumbs_dir = root / CACHE / "thumbs"

    def some_not_all() -> bool:
        """Some thumbnails are in the manifest (reusable), not all are made yet."""
        try:
            saved = manifest(root)
        except (OSError, ValueError):
            return False
        made = list(thumbs_dir.rglob("*.webp")) if thumbs_dir.is_dir() else []
        return len(saved) > 0 and len(made) < photos

    proc = build(root, new_session=True)
    try:
        poll(proc, some_not_all, "some thumbnails were saved")
    finally:
        with contextlib.suppress(ProcessLookupError):  # the build and git, all at once
            os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL

    check_cache(root)  # nothing partial; temporary files, if any, are never read
    kept = manifest(root)
    assert 0 < len(kept) < photos
    stamps = {e["file"]: (root / CACHE / e["file"]).stat().st_mtime_ns for e in kept.values()}

    log = finished(build(root))
    assert thumbnail_counts(log) == (photos - len(kept), len(kept), 0)
    assert {f: (root / CACHE / f).stat().st_mtime_ns for f in stamps} == stamps  # not redone
    assert check_cache(root) == []  # the killed build's temporary files are swept
    assert len(manifest(root)) == photos

    clean = tmp_path / "clean"
    shutil.copytree(root, clean, ignore=shutil.ignore_patterns(".cache", "site"))
    assert thumbnail_counts(finished(build(clean))) == (photos, 0, 0)
    resumed, fresh = site_media(root / "site"), site_media(clean / "site")
    assert sum(uri.startswith("_proofroom/t/") for uri in resumed) == photos
    assert resumed == fresh  # same names, same bytes as a build never interrupted


def test_two_builds_at_once_on_one_cache(git_repo: GitRepo) -> None:
    photos = 10
    large_workspace(git_repo, photos, versions=2)  # 20 thumbnails, 10 difference images
    root = git_repo.path
    first, second = build(root, "site-a"), build(root, "site-b")
    logs = [finished(first), finished(second)]

    counts = [thumbnail_counts(log) for log in logs]
    for made, reused, failed in counts:
        assert made + reused == 2 * photos and failed == 0
    assert counts[0][0] + counts[1][0] >= 2 * photos  # each one made by one build or both
    assert check_cache(root) == []
    assert len(manifest(root)) == 2 * photos
    diffs = sorted((root / CACHE / "diffs").rglob("*.json"))
    assert len(diffs) == photos
    for sidecar in diffs:
        assert json.loads(sidecar.read_bytes())["changed"] > 0
        assert sidecar.with_suffix(".jpg").is_file()

    a, b = root / "site-a", root / "site-b"
    files_a = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    assert files_a == files_b
    differ = [p for p in files_a if (a / p).read_bytes() != (b / p).read_bytes()]
    assert differ == []
    assert len(site_media(a)) == 2 * photos * 2 + photos  # thumbnails, originals, diffs
