"""Every version's bytes and thumbnail, made once and kept by content.

Originals come from git blobs through one ``cat-file`` process (or the work tree for
the working copy and Git LFS files) into the cache; thumbnails are made in parallel
from there. The site hard-links cache files into the built site.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .cache import Cache
from .diffimage import DIFF_EXT, Diff, DiffJob, DiffMaker
from .gitlog import BlobReader
from .media import WEB_IMAGE, Thumb, ThumbJob, Thumbnailer, ThumbSettings, ext_of, kind_of
from .model import Asset, Version, Workspace
from .problems import Problem

MEDIA_ROOT = "_proofroom"
_SAFE_EXT = re.compile(r"^[a-z0-9]{1,10}$")
DISPLAY_SIZE = 1600
DIFF_VERSIONS = 8  # difference images are made between the 8 newest versions of an image


@dataclass(frozen=True)
class Rendition:
    """Where one version's files are in the cache and under which site URI they go."""

    blob: str
    original: Path | None  # the cached bytes (None: an LFS file that is not here)
    original_uri: str | None
    thumb: Thumb
    thumb_uri: str
    display_uri: str | None  # what a browser can show large
    display: Path | None = None  # cached preview when the original is not web-displayable
    # (for a video: its poster frame)


@dataclass
class MediaStore:
    workspace: Workspace
    cache: Cache
    settings: ThumbSettings = field(default_factory=ThumbSettings)
    workers: int | None = None
    renditions: dict[tuple[str, str], Rendition] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    made: int = 0
    reused: int = 0
    failed: int = 0
    diffs: dict[tuple[str, str], Diff] = field(default_factory=dict)  # (older, newer) ids
    diffs_made: int = 0
    diffs_reused: int = 0

    def key(self, asset: Asset, version: Version) -> tuple[str, str]:
        return (asset.path, version.blob)

    def get(self, asset: Asset, version: Version) -> Rendition | None:
        return self.renditions.get(self.key(asset, version))

    def site_files(self) -> dict[str, Path]:
        """Site URI -> cached file, for everything the pages refer to."""
        out: dict[str, Path] = {}
        for r in self.renditions.values():
            if r.original is not None and r.original_uri:
                out[r.original_uri] = r.original
            out[r.thumb_uri] = r.thumb.path
            if r.display is not None and r.display_uri:
                out[r.display_uri] = r.display
        for d in self.diffs.values():
            if d.ok and d.path is not None:
                out[diff_uri(d)] = d.path
        return out

    def diff(self, asset: Asset, a: Version, b: Version) -> Diff | None:
        """The difference image of two versions, older first whatever the order asked."""
        older, newer = (a, b) if a.number <= b.number else (b, a)
        ro, rn = self.get(asset, older), self.get(asset, newer)
        if ro is None or rn is None:
            return None
        d = self.diffs.get((ro.thumb.blob, rn.thumb.blob))
        return d if d is not None and d.ok else None

    def prepare(
        self, repo_top: Path, *, progress: Callable[[str, int, int], None] | None = None
    ) -> None:
        """Extract missing originals, then make every thumbnail (parallel)."""
        root = self.workspace.root
        todo: list[tuple[Asset, Version, str]] = []  # (asset, version, ext)
        for campaign in self.workspace.campaigns:
            for asset in campaign.assets:
                for v in asset.versions:
                    ext = _ext(v.path)
                    todo.append((asset, v, ext))

        originals: dict[tuple[str, str], Path | None] = {}
        missing = [
            (a, v, ext)
            for a, v, ext in todo
            if not v.lfs and not v.working_copy and not self.cache.has("blobs", v.blob, ext)
        ]
        if missing:
            with BlobReader(repo_top) as reader:
                for i, (_a, v, ext) in enumerate(missing, 1):
                    reader.write_to(v.blob, self.cache.path("blobs", v.blob, ext))
                    if progress:
                        progress("originals", i, len(missing))
        for a, v, ext in todo:
            originals[self.key(a, v)] = self._original(root, a, v, ext)

        jobs: list[ThumbJob] = []
        seen: set[str] = set()
        for a, v, _ in todo:
            src = originals[self.key(a, v)]
            job_id = v.lfs.oid if (v.lfs and src) else v.blob
            if job_id in seen:
                continue
            seen.add(job_id)
            name = a.rel if src is not None else "lfs-pointer.lfs"
            jobs.append(ThumbJob(blob=job_id, name=name, source=src or (lambda: b"")))
        tick = (lambda d, n: progress("thumbnails", d, n)) if progress else None
        thumbs = Thumbnailer(self.cache, self.settings, workers=self.workers).make_all(
            jobs, progress=tick
        )
        display_settings = ThumbSettings(
            size=DISPLAY_SIZE, format=self.settings.format, quality=self.settings.quality
        )
        display_jobs = [
            j
            for j in jobs
            if isinstance(j.source, Path)
            and (
                (kind_of(j.name) == "image" and _ext(j.name) not in WEB_IMAGE)
                or kind_of(j.name) == "video"  # the poster frame, at display size
            )
        ]
        displays = (
            Thumbnailer(self.cache, display_settings, workers=self.workers).make_all(display_jobs)
            if display_jobs
            else {}
        )

        for a, v, ext in todo:
            src = originals[self.key(a, v)]
            job_id = v.lfs.oid if (v.lfs and src) else v.blob
            thumb = thumbs[job_id]
            if thumb.made:
                self.made += 1
            else:
                self.reused += 1
            if thumb.warning:
                self.failed += int(thumb.made)
                self.problems.append(Problem(v.path, 0, "warning", thumb.warning))
            thumb_uri = f"{MEDIA_ROOT}/t/{job_id}-{self.settings.key()}.{thumb.path.suffix[1:]}"
            original_uri = f"{MEDIA_ROOT}/o/{job_id}.{ext}" if src is not None else None
            display = displays.get(job_id)
            display_uri = None
            if display is not None and not display.placeholder:
                display_uri = (
                    f"{MEDIA_ROOT}/d/{job_id}-{display_settings.key()}.{display.path.suffix[1:]}"
                )
            elif src is not None and (
                a.kind == "svg" or (a.kind == "image" and not thumb.placeholder)
            ):
                display_uri = original_uri  # SVG is only ever shown through <img>
            self.renditions[self.key(a, v)] = Rendition(
                blob=v.blob,
                original=src,
                original_uri=original_uri,
                thumb=thumb,
                thumb_uri=thumb_uri,
                display_uri=display_uri,
                display=display.path if display is not None and display_uri else None,
            )
        self._prepare_diffs(progress)

    def _prepare_diffs(self, progress: Callable[[str, int, int], None] | None) -> None:
        """Every pair among the newest :data:`DIFF_VERSIONS` readable versions of each image.

        The page lets reviewers pick any two versions, so all pairs are made up front
        (3 for 3 versions, at most 28 per asset); warm builds reuse them all.
        """
        jobs: list[DiffJob] = []
        for campaign in self.workspace.campaigns:
            for asset in campaign.assets:
                if asset.kind != "image":
                    continue
                usable = []
                for v in sorted(asset.versions, key=lambda v: v.number)[-DIFF_VERSIONS:]:
                    r = self.get(asset, v)
                    if r is not None and r.original is not None and not r.thumb.placeholder:
                        usable.append(r)
                for i, older in enumerate(usable):
                    for newer in usable[i + 1 :]:
                        a, b = older.original, newer.original
                        if a is not None and b is not None:
                            jobs.append(DiffJob(older.thumb.blob, newer.thumb.blob, a, b))
        if not jobs:
            return
        tick = (lambda d, n: progress("diffs", d, n)) if progress else None
        made = DiffMaker(self.cache, workers=self.workers).make_all(jobs, progress=tick)
        for pair, d in made.items():
            self.diffs[pair] = d
            if d.made:
                self.diffs_made += 1
            else:
                self.diffs_reused += 1

    def _original(self, root: Path, asset: Asset, v: Version, ext: str) -> Path | None:
        """The cached bytes of a version; work-tree files are copied in once."""
        if v.lfs is not None:
            if v is not asset.current:
                return None
            real = root / asset.path
            if not _inside(real, root) or not real.is_file() or real.stat().st_size != v.lfs.size:
                return None
            return self._copy_in(real, "lfs", v.lfs.oid, ext)
        if v.working_copy:
            real = root / asset.path
            if not _inside(real, root) or not real.is_file():
                return None
            return self._copy_in(real, "blobs", v.blob, ext)
        return self.cache.path("blobs", v.blob, ext)

    def _copy_in(self, src: Path, kind: str, key: str, ext: str) -> Path:
        dest = self.cache.path(kind, key, ext)
        if not dest.exists():
            dest.parent.mkdir(parents=True, exist_ok=True)
            tmp = dest.with_name(f".{dest.name}.{id(self)}.tmp")
            shutil.copyfile(src, tmp)
            tmp.replace(dest)
        return dest


def diff_uri(d: Diff) -> str:
    """Where a difference image is published: ``_proofroom/d/<older>-<newer>.<ext>``."""
    return f"{MEDIA_ROOT}/d/{d.older}-{d.newer}.{DIFF_EXT}"


def _ext(path: str) -> str:
    """A safe extension for cache and site names (file names are the user's, anything goes)."""
    ext = ext_of(path)
    return ext if _SAFE_EXT.match(ext) else "bin"


def _inside(path: Path, root: Path) -> bool:
    """A path (after following links) that stays inside the workspace."""
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True
