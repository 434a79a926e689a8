"""Every version's bytes and thumbnail, made once and kept by content.

Originals come from git blobs through one ``cat-file`` process (or the work tree for
the working copy and Git LFS files) into the cache; thumbnails are made in parallel
from there. The site hard-links cache files into the built site.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..atomic import temp_path
from ..git.history import BlobReader
from ..model import Asset, Version, Workspace
from ..problems import Problem
from .cache import Cache
from .diff import DIFF_EXT, Diff, DiffJob, DiffMaker, diff_key
from .kinds import WEB_IMAGE, ext_of, kind_of, published_name
from .limits import DIFF_PAGES, DIFF_VERSIONS
from .pdf import PageImage, PageRenderer, PdfPages, page_id
from .pixels import ThumbJob, ThumbSettings
from .thumbs import Thumb, Thumbnailer

MEDIA_ROOT = "_proofroom"
Progress = Callable[[str, int, int], None]  # (stage, done, total)
Summary = Callable[[str, int, int, int | None], None]  # (stage, made, reused, failed)
_SAFE_EXT = re.compile(r"^[a-z0-9]{1,10}$")
DISPLAY_SIZE = 1600
Todo = tuple[Asset, Version, str]  # a version to prepare: (asset, version, ext)


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
    # (for a video: its poster frame; for a PDF: its first page)
    pages: PdfPages | None = None  # a PDF's rendered pages


@dataclass
class _Run:
    """One :meth:`MediaStore.prepare`: what each of its stages hands the next."""

    todo: list[Todo]
    progress: Progress | None
    summary: Summary | None
    originals: dict[tuple[str, str], Path | None] = field(default_factory=dict)
    jobs: list[ThumbJob] = field(default_factory=list)
    thumbs: dict[str, Thumb] = field(default_factory=dict)
    displays: dict[str, Thumb] = field(default_factory=dict)
    pdfs: dict[str, PdfPages] = field(default_factory=dict)

    def tick(self, stage: str) -> Callable[[int, int], None] | None:
        """The progress callback of one stage, or None when nobody listens."""
        progress = self.progress
        return (lambda d, n: progress(stage, d, n)) if progress else None

    def readable_pdfs(self) -> list[ThumbJob]:
        """The PDFs whose thumbnail could be made: only their pages are worth drawing."""
        return [
            j for j in self.jobs if kind_of(j.name) == "pdf" and not self.thumbs[j.blob].placeholder
        ]


@dataclass
class MediaStore:
    workspace: Workspace
    cache: Cache
    settings: ThumbSettings = field(default_factory=ThumbSettings)
    workers: int | None = None
    renditions: dict[tuple[str, str], Rendition] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # Per distinct thumbnail: made, reused from the cache, or failed (placeholder + warning).
    made: int = 0
    reused: int = 0
    failed: int = 0
    diffs: dict[tuple[str, str], Diff] = field(default_factory=dict)  # (older, newer) ids
    diffs_made: int = 0
    diffs_reused: int = 0
    diffs_failed: int = 0
    # PDF pages drawn by this build, reused from the cache; PDFs whose pages failed.
    pages_made: int = 0
    pages_reused: int = 0
    pages_failed: int = 0
    # The store of the live preview's last build: what it prepared is taken as is.
    previous: MediaStore | None = field(default=None, repr=False)
    kept: int = 0  # renditions taken from ``previous``
    # A live preview: an uncommitted version gets one difference image (against the
    # version before it) instead of one per older version, to show up sooner.
    quick: bool = False
    # Originals found damaged and made again by this build: what was made from their bad
    # bytes (a placeholder thumbnail, "cannot read" pages, "not comparable") is made again.
    remade: set[str] = field(default_factory=set, repr=False)

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
            for page in r.pages.pages if r.pages is not None else ():
                out[page_uri(page)] = page.path
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

    def page_diff(self, asset: Asset, a: Version, b: Version, page: int) -> Diff | None:
        """The difference image of page ``page`` of two versions of a PDF, older first."""
        older, newer = (a, b) if a.number <= b.number else (b, a)
        ro, rn = self.get(asset, older), self.get(asset, newer)
        if ro is None or rn is None:
            return None
        d = self.diffs.get((page_id(ro.thumb.blob, page), page_id(rn.thumb.blob, page)))
        return d if d is not None and d.ok else None

    def prepare(
        self,
        repo_top: Path,
        *,
        progress: Progress | None = None,
        summary: Summary | None = None,
    ) -> None:
        """Extract missing originals, then make every thumbnail (parallel).

        ``progress`` gets each stage's ticks, ``summary`` its counts when it ends.
        """
        if self.previous is None:  # a preview sweeps once, at its first build
            self.cache.sweep()  # temporary files of killed builds
        todo = self._carry_over(self._every_version())
        if not todo:  # a preview's rebuild where no content changed: nothing to open
            self._prepare_diffs(progress, summary)
            self._report_damaged()
            return
        run = _Run(todo, progress, summary)
        self._extract_originals(run, repo_top)
        self._make_thumbs(run)
        self._make_displays(run)
        run.pdfs = self._prepare_pages(run.readable_pdfs(), progress, summary)
        for a, v, ext in todo:
            self._add_rendition(run, a, v, ext)
        self._prepare_diffs(progress, summary)
        self._report_damaged()

    def _report_damaged(self) -> None:
        """One warning per bad cache file found (it was removed and made again)."""
        root = self.workspace.root
        for path, what in self.cache.take_damaged():
            try:
                name = path.relative_to(root).as_posix()
            except ValueError:
                name = str(path)
            message = (
                f"cached file was damaged ({what}); made it again from the source, nothing"
                " to do (if it recurs, check the disk holding the cache)"
            )
            self.problems.append(Problem(name, 0, "warning", message))
        self.cache.save()

    def _every_version(self) -> list[Todo]:
        """Every version of every asset, with the extension its cached files get."""
        return [
            (asset, v, _ext(v.path))
            for campaign in self.workspace.campaigns
            for asset in campaign.assets
            for v in asset.versions
        ]

    def _extract_originals(self, run: _Run, repo_top: Path) -> None:
        """Git blobs not yet cached come out through one reader; then every original's path."""
        todo = run.todo
        in_git = {(v.blob, ext) for _a, v, ext in todo if not v.lfs and not v.working_copy}
        missing = [
            (a, v, ext)
            for a, v, ext in {(v.blob, ext): (a, v, ext) for a, v, ext in todo}.values()
            if (v.blob, ext) in in_git and not self.cache.has("blobs", v.blob, ext, size=v.size)
        ]
        if run.progress:
            run.progress("originals", 0, len(missing))
        if missing:
            with BlobReader(repo_top) as reader:
                for i, (_a, v, ext) in enumerate(missing, 1):
                    path = self.cache.path("blobs", v.blob, ext)
                    reader.write_to(v.blob, path)
                    self.cache.record(path)  # its name is its hash: nothing to read back
                    if run.progress:
                        run.progress("originals", i, len(missing))
        if run.summary:
            run.summary("originals", len(missing), len(in_git) - len(missing), None)
        self.remade = self.cache.checks.damaged_keys("blobs")
        root = self.workspace.root
        for a, v, ext in todo:
            run.originals[self.key(a, v)] = self._original(root, a, v, ext)

    def _make_thumbs(self, run: _Run) -> None:
        """One thumbnail job per distinct content (an LFS file by its object id), counted."""
        seen: set[str] = set()
        for a, v, _ in run.todo:
            src = run.originals[self.key(a, v)]
            job_id = _job_id(v, src)
            if job_id in seen:
                continue
            seen.add(job_id)
            name = a.rel if src is not None else "lfs-pointer.lfs"
            run.jobs.append(ThumbJob(blob=job_id, name=name, source=src or (lambda: b"")))
        thumbnailer = Thumbnailer(self.cache, self.settings, workers=self.workers)
        thumbnailer.forget(self.remade)
        run.thumbs = thumbnailer.make_all(run.jobs, progress=run.tick("thumbnails"))
        for thumb in run.thumbs.values():
            if not thumb.made:
                self.reused += 1
            elif thumb.warning:
                self.failed += 1
            else:
                self.made += 1
        if run.summary:
            run.summary("thumbnails", self.made, self.reused, self.failed)

    def _make_displays(self, run: _Run) -> None:
        """Large previews of what a browser cannot show as is (or must not: SVG), and
        videos' poster frames."""
        display_jobs = [
            j
            for j in run.jobs
            if isinstance(j.source, Path)
            and (
                (kind_of(j.name) == "image" and _ext(j.name) not in WEB_IMAGE)
                or kind_of(j.name) in ("video", "svg")  # a poster frame; a drawn SVG
            )
        ]
        tick = run.tick("previews")
        displays = Thumbnailer(self.cache, self._display_settings(), workers=self.workers)
        displays.forget(self.remade)
        run.displays = displays.make_all(display_jobs, progress=tick) if display_jobs else {}
        if run.summary and run.displays:
            made = [d for d in run.displays.values() if d.made]
            failed = sum(bool(d.warning) for d in made)
            run.summary("previews", len(made) - failed, len(run.displays) - len(made), failed)

    def _add_rendition(self, run: _Run, a: Asset, v: Version, ext: str) -> None:
        """Where one version's files go on the site, and its thumbnail's warning."""
        src = run.originals[self.key(a, v)]
        job_id = _job_id(v, src)
        thumb = run.thumbs[job_id]
        if thumb.warning:
            self.problems.append(Problem(v.path, 0, "warning", thumb.warning))
        thumb_uri = f"{MEDIA_ROOT}/t/{job_id}-{self.settings.key()}.{thumb.path.suffix[1:]}"
        original_uri = f"{MEDIA_ROOT}/o/{published_name(job_id, ext)}" if src is not None else None
        display = run.displays.get(job_id)
        display_uri = None
        if display is not None and not display.placeholder:
            skey = self._display_settings().key()
            display_uri = f"{MEDIA_ROOT}/d/{job_id}-{skey}.{display.path.suffix[1:]}"
        elif src is not None and a.kind == "image" and not thumb.placeholder:
            display_uri = original_uri
        self.renditions[self.key(a, v)] = Rendition(
            blob=v.blob,
            original=src,
            original_uri=original_uri,
            thumb=thumb,
            thumb_uri=thumb_uri,
            display_uri=display_uri,
            display=display.path if display is not None and display_uri else None,
        )
        doc = run.pdfs.get(job_id)
        if doc is not None:  # a PDF is shown large by its pages, the first one first
            key = self.key(a, v)
            self.renditions[key] = self._with_pages(self.renditions[key], doc, v)

    def _display_settings(self) -> ThumbSettings:
        """Large previews and PDF pages: the thumbnails' format and quality, at display size."""
        return ThumbSettings(
            size=DISPLAY_SIZE, format=self.settings.format, quality=self.settings.quality
        )

    def _carry_over(self, todo: list[Todo]) -> list[Todo]:
        """Take the previous build's renditions of the same content (same path, same blob)
        with their warnings, and the difference images it made; return what is left.

        Git LFS files are prepared again: whether the real file is present can change
        while the pointer stays the same.
        """
        if self.previous is None:
            return todo
        self.diffs.update(self.previous.diffs)
        left = []
        for a, v, ext in todo:
            r = self.previous.renditions.get(self.key(a, v))
            if r is None or v.lfs is not None:
                left.append((a, v, ext))
                continue
            self.renditions[self.key(a, v)] = r
            self.kept += 1
            for warning in (r.thumb.warning, r.pages.warning if r.pages else None):
                if warning:
                    self.problems.append(Problem(v.path, 0, "warning", warning))
        self.previous = None  # one build back is all a preview needs
        return left

    def _prepare_pages(
        self, jobs: list[ThumbJob], progress: Progress | None, summary: Summary | None
    ) -> dict[str, PdfPages]:
        """Every page of every readable PDF at display size (documents in parallel)."""
        if not jobs:
            return {}
        tick = (lambda d, n: progress("pdf pages", d, n)) if progress else None
        renderer = PageRenderer(self.cache, self._display_settings(), workers=self.workers)
        renderer.forget(self.remade)
        docs = renderer.make_all(jobs, progress=tick)
        for doc in docs.values():
            if doc.reused:
                self.pages_reused += len(doc.pages)
            else:
                self.pages_made += doc.made
                self.pages_failed += bool(doc.warning)
        if summary:
            summary("pdf pages", self.pages_made, self.pages_reused, self.pages_failed)
        return docs

    def _with_pages(self, r: Rendition, doc: PdfPages, v: Version) -> Rendition:
        if doc.warning:
            self.problems.append(Problem(v.path, 0, "warning", doc.warning))
        first = doc.page(1)
        if first is None:
            return replace(r, pages=doc)
        return replace(r, pages=doc, display=first.path, display_uri=page_uri(first))

    def _prepare_diffs(self, progress: Progress | None, summary: Summary | None = None) -> None:
        """Every pair among the newest :data:`DIFF_VERSIONS` readable versions of each image.

        The page lets reviewers pick any two versions, so all pairs are made up front
        (3 for 3 versions, at most 28 per asset); warm builds reuse them all.
        """
        jobs: list[DiffJob] = []
        for campaign in self.workspace.campaigns:
            for asset in campaign.assets:
                if asset.kind == "pdf":
                    jobs += self._page_diff_jobs(asset)
                    continue
                if asset.kind != "image":
                    continue
                usable = []
                for v in sorted(asset.versions, key=lambda v: v.number)[-DIFF_VERSIONS:]:
                    r = self.get(asset, v)
                    if r is not None and r.original is not None and not r.thumb.placeholder:
                        usable.append((v, r))
                for i, (_, older) in enumerate(usable):
                    for j, (version, newer) in enumerate(usable[i + 1 :], i + 1):
                        a, b = older.original, newer.original
                        if (older.thumb.blob, newer.thumb.blob) in self.diffs:
                            continue  # carried over from the preview's last build
                        if self.quick and version.working_copy and j != i + 1:
                            continue  # preview: an unsaved version against the one before only
                        if a is not None and b is not None:
                            jobs.append(DiffJob(older.thumb.blob, newer.thumb.blob, a, b))
        if not jobs:
            return
        for job in jobs:
            if {job.older.split("-p")[0], job.newer.split("-p")[0]} & self.remade:
                self.cache.path("diffs", diff_key(job.older, job.newer), "json").unlink(
                    missing_ok=True
                )
        tick = (lambda d, n: progress("diffs", d, n)) if progress else None
        made = DiffMaker(self.cache, workers=self.workers).make_all(jobs, progress=tick)
        for pair, d in made.items():
            self.diffs[pair] = d
            if not d.made:
                self.diffs_reused += 1
            elif d.ok:
                self.diffs_made += 1
            else:
                self.diffs_failed += 1  # both files here, but not comparable
        if summary:
            summary("diffs", self.diffs_made, self.diffs_reused, self.diffs_failed)

    def _page_diff_jobs(self, asset: Asset) -> list[DiffJob]:
        """Page i of one version against page i of another, for the first
        :data:`DIFF_PAGES` pages of every pair among the newest :data:`DIFF_VERSIONS`."""
        docs = []
        for v in sorted(asset.versions, key=lambda v: v.number)[-DIFF_VERSIONS:]:
            r = self.get(asset, v)
            if r is not None and r.pages is not None and r.pages.pages:
                docs.append((r.thumb.blob, r.pages))
        jobs = []
        for i, (older, a) in enumerate(docs):
            for newer, b in docs[i + 1 :]:
                for pa, pb in zip(a.pages[:DIFF_PAGES], b.pages[:DIFF_PAGES], strict=False):
                    n = pa.number
                    jobs.append(DiffJob(page_id(older, n), page_id(newer, n), pa.path, pb.path))
        return jobs

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
        if not self.cache.ok(dest):
            dest.parent.mkdir(parents=True, exist_ok=True)
            tmp = temp_path(dest)  # unique per process and call: builds may run at once
            try:
                shutil.copyfile(src, tmp)
                tmp.replace(dest)
            except BaseException:
                tmp.unlink(missing_ok=True)
                raise
            self.cache.record(dest)
        return dest


def diff_uri(d: Diff) -> str:
    """Where a difference image is published: ``_proofroom/d/<older>-<newer>.<ext>``."""
    return f"{MEDIA_ROOT}/d/{d.older}-{d.newer}.{DIFF_EXT}"


def page_uri(page: PageImage) -> str:
    """Where a PDF page's picture is published: ``_proofroom/p/<blob>-p<n>-<settings>.<ext>``."""
    return f"{MEDIA_ROOT}/p/{page.path.name}"


def _job_id(v: Version, src: Path | None) -> str:
    """A Git LFS file that is here is made by its object id, anything else by its blob."""
    return v.lfs.oid if (v.lfs and src) else v.blob


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
