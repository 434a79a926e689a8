"""Generated pages kept as files for the live preview's dirty rebuilds.

MkDocs renders a page again in a dirty build only when its source file is newer than the
page it wrote before. Pages held in memory always count as new, so every save would render
all of them (half a minute on 2,000 review pages). Here each generated page is a file
under the cache that is rewritten only when the page changed, and the adapter removes the
built page of a brief whose gallery changed (the brief itself, the user's file, is never
touched). When the navigation changes, every built page is removed: all of them show it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..core.atomic import atomic_write
from .marks import fingerprint


@dataclass
class LivePages:
    folder: Path  # where page sources are written (outside every watched folder)
    prints: dict[str, str] = field(default_factory=dict)  # src_uri -> fingerprint written
    extras: dict[str, str] = field(default_factory=dict)  # brief src_uri -> its gallery's print
    nav: str | None = None  # fingerprint of what the navigation shows
    written: int = 0  # page files written by the last build
    objects: dict[str, object] = field(default_factory=dict)  # src_uri -> page last written

    def source(self, src_uri: str, content: str, body: str = "", *, page: object = None) -> Path:
        """The file MkDocs reads for a generated page, rewritten only when it changed.

        ``body`` is HTML put in after conversion: it changes the page, not the file's
        text, so it counts in the fingerprint. ``page``: the page object; the very object
        of the last build (kept by the preview) is the same page, without hashing it.
        """
        path = self.folder / src_uri
        if page is not None and self.objects.get(src_uri) is page:
            return path
        self.objects[src_uri] = page
        mark = fingerprint(content, body)
        if self.prints.get(src_uri) != mark or not path.is_file():
            atomic_write(path, content.encode("utf-8"))
            self.prints[src_uri] = mark
            self.written += 1
        return path

    def start(self) -> None:
        self.written = 0

    def changed_extras(self, extras: dict[str, str]) -> list[str]:
        """Briefs whose added HTML (the gallery) differs from the last build's."""
        changed = [uri for uri, mark in extras.items() if self.extras.get(uri) != mark]
        self.extras = dict(extras)
        return changed

    def nav_changed(self, entries: Iterable[str]) -> bool:
        """Whether what the navigation shows (pages and titles) differs from last time."""
        mark = fingerprint(*sorted(entries))
        changed = self.nav is not None and self.nav != mark
        self.nav = mark
        return changed


def built_page(site_dir: Path, src_uri: str) -> Path:
    """Where MkDocs writes the page of ``src_uri`` with directory URLs."""
    stem = src_uri.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return site_dir / stem[: -len("index")] / "index.html"
    return site_dir / stem / "index.html"


def forget_built_pages(site_dir: Path, uris: Iterable[str] | None = None) -> int:
    """Remove built pages so the next dirty build renders them again (all when ``uris`` is
    None). Only ``.html`` files inside ``site_dir`` are ever removed."""
    removed = 0
    if uris is None:
        targets: Iterable[Path] = site_dir.rglob("*.html") if site_dir.is_dir() else []
    else:
        targets = [built_page(site_dir, uri) for uri in uris]
    root = site_dir.resolve()
    for path in targets:
        try:
            if path.resolve().is_relative_to(root) and path.suffix == ".html":
                path.unlink()
                removed += 1
        except FileNotFoundError:
            continue
    return removed
