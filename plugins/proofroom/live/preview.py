"""What a live preview keeps between two rebuilds, and how it knows what changed.

- the model's inputs (:class:`~proofroom.live.workspace.LiveWorkspace`: history, parsed
  files);
- the media store of the last build (renditions and difference images of the same
  content are taken as they are) and a cache that keeps its manifests in memory;
- every generated page with a fingerprint of what it shows (:mod:`.marks`): a page whose
  fingerprint did not change is kept; one save regenerates one campaign's pages;
- the page files MkDocs reads (:mod:`.pages`), rewritten only when a page changed, so a
  dirty rebuild renders only those;
- the media already placed in the site folder, Material's compiled templates, and the
  theme pages that never change (:mod:`.templates`).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from mkdocs.plugins import get_plugin_logger

from ..core.media.cache import Cache
from ..core.model import Asset, Campaign, Workspace
from ..core.settings import Settings
from ..site.html import BRIEF_URI
from ..site.parts import SitePage
from .marks import Marks, campaign_marks, dashboard_mark, decision_lines, workspace_settings
from .memory import Built, Memory, Pages
from .pages import LivePages, forget_built_pages
from .templates import MemoryBytecodeCache, skip_static_templates
from .watch import use_native_watcher
from .workspace import LiveWorkspace

if TYPE_CHECKING:
    from ..core.media.store import MediaStore

log = get_plugin_logger(__name__)
T = TypeVar("T")


@dataclass
class KeptPages(Pages):
    """Pages made again only when their fingerprint changed since the last build."""

    preview: Preview
    build: Built
    shared: tuple  # what every page depends on besides its campaign
    decisions: dict[str, dict[str, list[str]]]  # decision_lines of the workspace
    marks: Marks | None = None  # of the campaign at hand

    def dashboard(self, src_uri: str, make: Callable[[], T]) -> T:
        b = self.build
        mark = dashboard_mark(b.workspace, b.now, self.shared, self.decisions)
        return self.preview.page(src_uri, mark, make)

    def campaign(self, campaign: Campaign) -> KeptPages:
        b = self.build
        mine = self.decisions.get(campaign.id, {})
        marks = campaign_marks(b.workspace, campaign, b.media, b.now, self.shared, mine)
        self.preview.campaign_marks[campaign.id] = marks.campaign
        return KeptPages(self.preview, b, self.shared, self.decisions, marks)

    def stub(self, src_uri: str, make: Callable[[], T]) -> T:
        assert self.marks is not None
        return self.preview.page(src_uri, self.marks.campaign, make)

    def review(self, src_uri: str, asset: Asset, make: Callable[[], T]) -> T:
        assert self.marks is not None
        mark = self.marks.assets.get(asset.path)
        return make() if mark is None else self.preview.page(src_uri, mark, make)

    def finish(self, pages: Iterable[Any]) -> None:
        self.preview.forget_pages_except({p.src_uri for p in pages})


@dataclass
class Preview(Memory):
    """The memory of ``mkdocs serve`` (and ``proofroom serve``) for the life of the
    process: every rebuild reuses what did not change."""

    working_copy = True  # a preview shows what is being edited
    quick = True

    live: LiveWorkspace = field(default_factory=LiveWorkspace)
    store: MediaStore | None = None
    kept_cache: Cache | None = None  # keeps its manifests in memory
    kept: dict[str, tuple[str, SitePage]] = field(default_factory=dict)  # by src_uri
    on_site: set[str] = field(default_factory=set)  # media URIs already in the site folder
    campaign_marks: dict[str, str] = field(default_factory=dict)  # by campaign: its gallery
    files: LivePages | None = None  # page sources, in a folder of this preview's own
    templates: MemoryBytecodeCache = field(default_factory=MemoryBytecodeCache)
    builds: int = 0
    pages_made: int = 0  # by the last build
    pages_kept: int = 0

    # -- the build -----------------------------------------------------------------

    def workspace(self, settings: Settings, now: datetime) -> Workspace:
        return self.live.load(settings, now=now)[0]

    def cache(self, settings: Settings) -> Cache:
        if self.kept_cache is None or self.kept_cache.root != settings.cache_root:
            self.kept_cache = Cache(settings.cache_root, keep_manifests=True)
        return self.kept_cache

    def media(self, store: MediaStore) -> None:
        last = self.store
        same = last is not None and last.settings == store.settings
        same = same and last is not None and last.cache.root == store.cache.root
        store.previous = last if same else None
        self.store = store

    def pages(self, build: Built) -> Pages:
        self.pages_made = self.pages_kept = 0
        s = build.settings
        options = (s.language, s.repo_url, s.branch_name, build.media.settings, s.reviews_dir)
        shared = workspace_settings(build.workspace, *options)
        return KeptPages(self, build, shared, decision_lines(build.workspace))

    def page(self, src_uri: str, mark: str, make: Callable[[], T]) -> T:
        """The page at ``src_uri``: kept when ``mark`` is the one it was made with."""
        kept = self.kept.get(src_uri)
        if kept is not None and kept[0] == mark:
            self.pages_kept += 1
            return kept[1]  # type: ignore[return-value]
        page = make()
        self.kept[src_uri] = (mark, page)  # type: ignore[assignment]
        self.pages_made += 1
        return page

    def forget_pages_except(self, current: set[str]) -> None:
        """Forget the pages this build no longer has (a file or campaign removed)."""
        for gone in set(self.kept) - current:
            del self.kept[gone]

    def placed(self) -> set[str]:
        return self.on_site

    def published(self, uris: set[str]) -> None:
        self.on_site |= uris
        self.builds += 1

    # -- the MkDocs adapter --------------------------------------------------------

    def configure(self, config: Any) -> None:
        if self.builds:
            skip_static_templates(config.theme.static_templates)

    def environment(self, env: Any) -> None:
        env.bytecode_cache = self.templates  # compiled once for the life of the preview

    def page_file(self, config: Any, src_uri: str, content: str, page: Any) -> Any:
        """A file that changes only with the page, so a dirty rebuild renders only what
        changed."""
        from mkdocs.structure.files import File

        if self.files is None:  # this preview's own folder, removed when it stops
            self.files = LivePages(Path(tempfile.mkdtemp(prefix="proofroom-pages-")))
            self.files.start()
        path = self.files.source(src_uri, content, page.html, page=page)
        return File.generated(config, src_uri, abs_src_path=str(path))

    def files_ready(self, files: Any, config: Any, build: Built) -> None:
        self._forget_stale(files, config, build)
        written = self.files.written if self.files else 0
        log.info(
            f"live preview: {self.pages_made} pages made, {self.pages_kept} kept; "
            f"{written} of {len(build.pages)} to render again"
        )
        if self.files is not None:
            self.files.start()  # counts the next build's writes

    def _forget_stale(self, files: Any, config: Any, build: Built) -> None:
        """Make the next dirty build render what changed outside page files: a brief's
        gallery, or the navigation (every page shows it)."""
        if self.files is None:
            self.files = LivePages(Path(tempfile.mkdtemp(prefix="proofroom-pages-")))
        site_dir = Path(config.site_dir)
        docs = list(files.documentation_pages())
        nav = [f.src_uri for f in docs if not f.inclusion.is_not_in_nav()]
        nav += [f"{c.id}\0{c.title}" for c in build.workspace.campaigns]
        if self.files.nav_changed(nav):
            self.files.changed_extras({})
            forget_built_pages(site_dir)
            return
        extras = {
            f.src_uri: self.campaign_marks.get(m.group(1), "")
            for f in docs
            if (m := BRIEF_URI.match(f.src_uri)) and not f.generated_by
        }
        forget_built_pages(site_dir, self.files.changed_extras(extras))

    def watch(self, server: Any, settings: Settings) -> None:
        for folder in (settings.assets_dir, settings.reviews_dir):
            path = settings.root / folder
            if path.is_dir():
                server.watch(str(path))
        git = settings.root / ".git"
        for ref in ("HEAD", "refs/heads"):
            if (git / ref).exists():
                server.watch(str(git / ref))
        if use_native_watcher(server):
            log.debug("watching for changes with the system's notifications")

    def close(self) -> None:
        if self.files is not None:
            shutil.rmtree(self.files.folder, ignore_errors=True)
            self.files = None
