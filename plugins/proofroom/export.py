"""``proofroom export DIR``: the site's pages and media as a plain MkDocs project.

Zensical reads ``mkdocs.yml`` but runs no Python plugin, so it cannot call the MkDocs
adapter. The export runs the same :class:`SiteBuild` and writes what the adapter hands
MkDocs: a docs folder (the workspace's own files, briefs with their gallery, every
generated page), the static and media files, the theme override, and an ``mkdocs.yml``
without the plugin. Building that folder with any generator that reads ``mkdocs.yml``
gives the pages of ``proofroom build``.

A review page's body is ready HTML: written after its front matter, it is one run of
raw HTML blocks, which Markdown passes through untouched.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath

from mkdocs.utils.meta import get_data

from . import site
from .build import SiteBuild
from .core.atomic import atomic_write
from .core.links import judge, refusal
from .core.media.publish import place, place_many
from .core.problems import Problem, ProofroomError, bad_name
from .core.settings import Settings, folder_setting
from .export_config import (
    DOCS,
    exported_config,
    is_page,
    load_site_config,
    navigation,
    not_in_nav_patterns,
    plain_value,
    plugin_settings,
    theme_custom_dir,
    theme_language,
    theme_name_of,
)
from .site.html import BRIEF_URI, front_matter

MARKER = ".proofroom-export"  # lists the files an export wrote; the next one may replace them
OVERRIDES = "overrides"  # the exported theme custom_dir
STATIC_PREFIX = "_proofroom"
THEME_OVERRIDES = Path(site.__file__).parent / "theme"


@dataclass
class ExportResult:
    """What an export wrote: counts for the summary line, and the workspace's problems."""

    directory: Path
    pages: int = 0  # generated pages
    briefs: int = 0  # briefs with their gallery put in
    docs: int = 0  # the workspace's own docs files
    media: int = 0  # media files (originals, thumbnails, previews, difference images)
    written: int = 0  # files written this time (the others were already up to date)
    removed: int = 0  # files of the previous export that are gone from this one
    problems: list[Problem] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"exported to {self.directory}: generated pages {self.pages}, briefs {self.briefs}, "
            f"other docs files {self.docs}, media files {self.media} "
            f"(files written {self.written}, removed {self.removed})"
        )


def export_site(
    config_file: Path,
    directory: Path,
    *,
    now: datetime | None = None,
    progress: Callable[[str], None] | None = None,
) -> ExportResult:
    """Build the site of the workspace of ``config_file`` into ``directory`` (see module)."""
    source = _Source.read(Path(config_file).resolve())
    dest = _destination(Path(directory), source.root, source.docs_dir.resolve(), source.settings)
    previous = _previous_files(dest)

    refused: list[Problem] = []  # links that leave the workspace or loop
    own = dict(_walk(source.docs_dir, source.root, refused))  # docs-relative uri -> file
    build = source.build(existing=set(own), now=now, progress=progress)
    shown = Path(os.path.normpath(directory))  # as given, without `x/../`
    result = ExportResult(directory=shown, problems=list(build.problems))
    result.problems += [p for p in refused if p not in result.problems]
    dest.mkdir(parents=True, exist_ok=True)  # once the build went well
    out = _Writer(dest)

    hidden = _write_docs(out, build, own, result)
    static = [f"{STATIC_PREFIX}/{name}" for name in site.STATIC_FILES]
    for uri, name in zip(static, site.STATIC_FILES, strict=True):
        out.copy(f"{DOCS}/{uri}", site.STATIC_DIR / name)
    material = _write_theme(out, source, result.problems)
    media = {f"{DOCS}/{uri}": src for uri, src in build.media.site_files().items()}
    out.link_many(media)
    result.media = len(media)
    _write_config(out, source, static, hidden, material)

    result.removed = out.remove_stale(previous)
    out.marker()
    result.written = out.written
    return result


@dataclass(frozen=True)
class _Source:
    """What an export reads of the workspace: folder, raw mkdocs.yml, settings, docs."""

    root: Path
    raw: dict
    settings: dict
    docs_dir: Path

    @classmethod
    def read(cls, config_file: Path) -> _Source:
        """Read ``mkdocs.yml``; a docs folder that is not there stops the export early."""
        root = config_file.parent
        raw = load_site_config(config_file)
        settings = plugin_settings(raw, config_file.name)
        docs_dir = root / str(plain_value(raw.get("docs_dir")) or "docs")
        if not docs_dir.is_dir():
            raise ProofroomError(
                f"the docs folder {docs_dir.name}/ does not exist: create it or fix docs_dir",
                path=config_file.name,
            )
        return cls(root, raw, settings, docs_dir)

    def build(
        self,
        *,
        existing: set[str],
        now: datetime | None,
        progress: Callable[[str], None] | None,
    ) -> SiteBuild:
        """The same build the MkDocs adapter runs, with the plugin's settings."""
        base = Settings(
            root=self.root,
            content_dir=folder_setting(self.docs_dir, self.root),
            language=theme_language(self.raw),
            repo_url=plain_value(self.raw.get("repo_url")),
        )
        return SiteBuild.run(
            base.with_options(self.settings), existing=existing, now=now, progress=progress
        )


def _write_docs(
    out: _Writer, build: SiteBuild, own: dict[str, Path], result: ExportResult
) -> list[str]:
    """Docs first, so a generated page of the same path replaces one, as in MkDocs."""
    for uri, src in sorted(own.items()):
        text = _brief_text(build, uri, src)
        if text is None:
            out.copy(f"{DOCS}/{uri}", src)
        else:
            out.text(f"{DOCS}/{uri}", text)
            result.briefs += 1
    result.docs = len(own) - result.briefs
    hidden: list[str] = []  # returned: the pages kept out of the nav
    for page in build.pages:
        out.text(f"{DOCS}/{page.src_uri}", page.markdown)
        if not page.in_nav:
            hidden.append(page.src_uri)
    result.pages = len(build.pages)
    return hidden


def _write_theme(out: _Writer, source: _Source, refused: list[Problem]) -> bool:
    """Material's overrides, the workspace's own over them; False for any other theme."""
    if theme_name_of(source.raw) != "material":
        return False
    for rel, src in _walk(THEME_OVERRIDES):
        out.copy(f"{OVERRIDES}/{rel}", src)
    custom = theme_custom_dir(source.raw, source.root)
    if custom is not None:  # the workspace's own overrides win, as in the plugin
        for rel, src in _walk(custom, source.root, refused):
            out.copy(f"{OVERRIDES}/{rel}", src)
    return True


def _write_config(
    out: _Writer, source: _Source, static: list[str], hidden: list[str], material: bool
) -> None:
    """``mkdocs.yml`` without the plugin, its nav and not_in_nav matching what was written."""
    docs = sorted(uri[len(DOCS) + 1 :] for uri in out.files if uri.startswith(f"{DOCS}/"))
    hide = not_in_nav_patterns(hidden, [p for p in docs if is_page(p)])
    exported = exported_config(
        source.raw,
        root=source.root,
        dest=out.dest,
        static=static,
        not_in_nav=hide,
        nav=navigation(source.raw, docs, hide),
        custom_dir=OVERRIDES if material else None,
    )
    out.text("mkdocs.yml", exported)


# -- the destination -------------------------------------------------------------------


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or path.is_relative_to(folder)


def _destination(directory: Path, root: Path, docs_dir: Path, settings: dict) -> Path:
    """``directory`` resolved, once it is safe to write: never a folder of the workspace
    that the build reads, never a folder holding other files."""
    dest = directory.resolve()
    shown = str(directory)
    if dest.exists() and not dest.is_dir():
        raise ProofroomError("is a file: give a folder to export into", path=shown)
    if dest == root or _inside(root, dest):
        raise ProofroomError(
            "holds the workspace itself: export into a folder of its own, e.g. `export/`",
            path=shown,
        )
    read = {"docs folder": docs_dir}
    for key in ("assets_dir", "reviews_dir"):
        read[key.replace("_dir", " folder")] = (root / settings[key]).resolve()
    for what, folder in read.items():
        if _inside(dest, folder):
            raise ProofroomError(
                f"is inside the workspace's {what} ({folder.name}/), which the build reads: "
                "export outside it, e.g. into `export/`",
                path=shown,
            )
    if dest.is_dir() and not (dest / MARKER).is_file() and any(dest.iterdir()):
        raise ProofroomError(
            f"is not empty and not a previous export (no {MARKER} file in it): "
            "give a new or empty folder",
            path=shown,
        )
    return dest


def _previous_files(dest: Path) -> set[str]:
    """The files the previous export wrote (empty when its list cannot be read)."""
    try:
        data = json.loads((dest / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    files = data.get("files") if isinstance(data, dict) else None
    return {f for f in files if isinstance(f, str)} if isinstance(files, list) else set()


class _Writer:
    """Writes files below one folder, each atomically, skipping those already in place."""

    def __init__(self, dest: Path) -> None:
        self.dest = dest
        self.files: set[str] = set()  # dest-relative posix paths written or kept
        self.written = 0
        self._checked: set[Path] = set()

    def _target(self, rel: str) -> Path:
        parts = PurePosixPath(rel).parts
        if not parts or PurePosixPath(rel).is_absolute() or ".." in parts or rel == MARKER:
            raise ProofroomError(f"refusing to write {rel!r} outside the export folder")
        folder = self.dest
        for name in parts[:-1]:  # checked before anything is made in it
            folder = folder / name
            if folder in self._checked:
                continue
            if folder.is_symlink() and not _inside(folder.resolve(), self.dest):
                raise ProofroomError(
                    f"{rel}: a folder of the export leads outside it (a symbolic link): "
                    "remove it and export again",
                    path=str(self.dest),
                )
            try:
                folder.mkdir(exist_ok=True)
            except OSError as exc:
                raise ProofroomError(
                    f"cannot make the folder {folder.relative_to(self.dest)}/ ({exc.strerror}): "
                    "remove what is in the way and export again",
                    path=str(self.dest),
                ) from None
            self._checked.add(folder)
        self.files.add(rel)
        return self.dest.joinpath(*parts)

    def text(self, rel: str, text: str) -> None:
        target = self._target(rel)
        data = text.encode("utf-8")
        with contextlib.suppress(OSError):
            if target.stat().st_size == len(data) and target.read_bytes() == data:
                return
        atomic_write(target, data)
        self.written += 1

    def copy(self, rel: str, src: Path) -> None:
        """A copy, never a link: someone may edit the exported file in place."""
        if place(src, self._target(rel), link=False):
            self.written += 1

    def link_many(self, files: dict[str, Path]) -> None:
        """Media: hard links where possible (large, many, never edited), else copies."""
        pairs = [(src, self._target(rel)) for rel, src in files.items()]
        self.written += place_many(pairs)

    def remove_stale(self, previous: Iterable[str]) -> int:
        """Delete what the previous export wrote and this one did not (nothing else)."""
        removed = 0
        for rel in sorted(set(previous) - self.files):
            parts = PurePosixPath(rel).parts
            if not parts or PurePosixPath(rel).is_absolute() or ".." in parts or rel == MARKER:
                continue
            target = self.dest.joinpath(*parts)
            if not _inside(target.parent.resolve(), self.dest):
                continue
            try:
                target.unlink()
            except (FileNotFoundError, IsADirectoryError, PermissionError):
                continue
            removed += 1
            folder = target.parent
            while folder != self.dest:
                try:
                    folder.rmdir()  # only when empty
                except OSError:
                    break
                folder = folder.parent
        return removed

    def marker(self) -> None:
        data = {"made_by": "proofroom export", "files": sorted(self.files)}
        atomic_write(self.dest / MARKER, (json.dumps(data, indent=1) + "\n").encode("utf-8"))


def _walk(
    folder: Path, root: Path | None = None, refused: list[Problem] | None = None
) -> Iterator[tuple[str, Path]]:
    """Every file below ``folder`` as (relative posix path, path), following links as
    MkDocs does when it reads the docs folder; with ``root``, links that leave it or
    loop are skipped, each named once in ``refused``."""
    top = os.path.realpath(root) if root is not None else None
    seen: set[str] = set()

    def skip(path: Path) -> bool:
        why = judge(os.fspath(path), top) if top is not None and path.is_symlink() else None
        if why is not None and refused is not None and root is not None:
            refused.append(refusal(Path(os.path.relpath(path, root)).as_posix(), why))
        return why is not None

    for here, dirs, names in os.walk(folder, followlinks=True):
        real = os.path.realpath(here)
        if real in seen:  # a folder reached twice through links: once is enough
            dirs.clear()
            continue
        seen.add(real)
        dirs[:] = sorted(d for d in dirs if bad_name(d) is None and not skip(Path(here, d)))
        for name in sorted(names):
            path = Path(here, name)
            if not skip(path) and path.is_file() and bad_name(name) is None:
                yield path.relative_to(folder).as_posix(), path


# -- pages -----------------------------------------------------------------------------


def _brief_text(build: SiteBuild, uri: str, src: Path) -> str | None:
    """A brief as the plugin shows it: gallery under its title, title made safe for
    Material's templates; ``None`` for any other file (copied as it is)."""
    if not BRIEF_URI.match(uri):
        return None
    try:  # read like MkDocs: BOM dropped, newlines made \n
        text = src.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    body, meta = get_data(text)
    new_body = build.brief_markdown(uri, body)
    title = meta.get("title")
    if isinstance(title, str) and site.safe_title(title) != title:
        return front_matter({**meta, "title": site.safe_title(title)}) + new_body
    if new_body == body:
        return None
    head = text[: len(text) - len(body)] if text.endswith(body) else ""
    return head + new_body
