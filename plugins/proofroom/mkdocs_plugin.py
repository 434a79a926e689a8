"""The MkDocs adapter: hands MkDocs the pages and files that ``site`` makes.

Kept thin on purpose: the model lives in ``core``, the pages in ``site``; this module
only maps MkDocs events onto them.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from . import site
from .build import BRIEF_URI, SiteBuild, after_title, problems_by_severity
from .core.problems import ProofroomError
from .live_pages import LivePages, forget_built_pages
from .live_render import MemoryBytecodeCache, skip_static_templates
from .live_site import LiveSite
from .live_watch import use_native_watcher
from .mkdocs_config import ProofroomConfig

log = get_plugin_logger(__name__)

STATIC = site.STATIC_FILES
BODY_SLOT = "<!-- proofroom:body -->"  # Markdown passes an HTML comment through as is


THEME_OVERRIDES = Path(site.__file__).parent / "theme"


def _offline_source_link(config: MkDocsConfig) -> None:
    """Material's header asks the GitHub API for the repository's stars on every page:
    our copy of its source partial drops that, ahead of the theme but after the user's
    own ``custom_dir`` (which still wins)."""
    dirs = config.theme.dirs
    material = next((i for i, d in enumerate(dirs) if Path(d).parent.name == "material"), None)
    if material is not None and str(THEME_OVERRIDES) not in dirs:
        dirs.insert(material, str(THEME_OVERRIDES))


class ProofroomPlugin(BasePlugin[ProofroomConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.command = "build"
        self.build: SiteBuild | None = None
        self.bodies: dict[str, str] = {}  # src_uri -> HTML body of a generated page
        self.live: LiveSite | None = None  # kept between the rebuilds of `serve`
        self.live_pages: LivePages | None = None
        self.live_templates = MemoryBytecodeCache()
        self.live_builds = 0

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command
        # MkDocs keeps this instance for the life of the process: a preview starts afresh.
        self.on_shutdown()
        self.live = LiveSite() if command == "serve" else None
        self.live_pages = None
        self.live_templates = MemoryBytecodeCache()
        self.live_builds = 0

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if not self.config.enabled:
            return config
        for name in STATIC:
            uri = f"_proofroom/{name}"
            target = config.extra_css if name.endswith(".css") else config.extra_javascript
            if uri not in [str(x) for x in target]:
                target.append(uri)
        _offline_source_link(config)
        if self.live is not None and self.live_builds:
            skip_static_templates(config.theme.static_templates)
        return config

    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        if self.live is not None:  # compiled templates kept for the life of the preview
            env.bytecode_cache = self.live_templates
        return env

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        if not self.config.enabled:
            return files
        root = Path(config.config_file_path).parent
        working_copy = self.config.working_copy
        if working_copy is None:
            working_copy = self.command == "serve"
        try:
            self.build = SiteBuild.run(
                root=root,
                docs_dir=Path(config.docs_dir),
                assets_dir=self.config.assets_dir,
                reviews_dir=self.config.reviews_dir,
                cache_dir=self.config.cache_dir,
                thumbnail_size=self.config.thumbnail_size,
                thumbnail_format=self.config.thumbnail_format,
                ref=self.config.branch,
                working_copy=working_copy,
                workers=self.config.workers,
                lang=_language(config),
                repo_url=config.repo_url,
                existing={f.src_uri for f in files},
                progress=log.info,
                live=self.live,
            )
        except ProofroomError as exc:
            from mkdocs.exceptions import PluginError

            raise PluginError(str(exc)) from None
        for problem in problems_by_severity(self.build.problems):
            log.warning(str(problem))
        self.bodies = {}
        pages = self._live_pages() if self.live else None
        for page in self.build.pages:
            inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
            content = page.markdown
            if page.html:  # ready HTML skips Markdown: put in place by on_page_content
                content = f"{page.head}\n{BODY_SLOT}\n"
                self.bodies[page.src_uri] = page.html
            if pages is not None:  # a file that changes only with the page: dirty rebuilds
                path = pages.source(page.src_uri, content, page.html, page=page)
                file = File.generated(config, page.src_uri, abs_src_path=str(path))
                file.inclusion = inclusion
            else:
                file = File.generated(config, page.src_uri, content=content, inclusion=inclusion)
            files.append(file)
        if pages is not None:
            self._forget_stale(pages, files, config)
            live = self.live
            assert live is not None
            log.info(
                f"live preview: {live.pages_made} pages made, {live.pages_kept} kept; "
                f"{pages.written} of {len(self.build.pages)} to render again"
            )
        self.build.pages = []  # MkDocs and self.bodies hold them now
        for name in STATIC:
            static = site.STATIC_DIR / name
            files.append(File.generated(config, f"_proofroom/{name}", abs_src_path=str(static)))
        return files

    def _live_pages(self) -> LivePages:
        if self.live_pages is None:  # this preview's own folder, removed when it stops
            self.live_pages = LivePages(Path(tempfile.mkdtemp(prefix="proofroom-pages-")))
        self.live_pages.start()
        return self.live_pages

    def on_shutdown(self) -> None:
        if self.live_pages is not None:
            shutil.rmtree(self.live_pages.folder, ignore_errors=True)
            self.live_pages = None

    def _forget_stale(self, pages: LivePages, files: Files, config: MkDocsConfig) -> None:
        """Make the next dirty build render what changed outside page files: a brief's
        gallery, or the navigation (every page shows it)."""
        assert self.build is not None
        site_dir = Path(config.site_dir)
        nav = [f.src_uri for f in files.documentation_pages() if not f.inclusion.is_not_in_nav()]
        nav += [f"{c.id}\0{c.title}" for c in self.build.workspace.campaigns]
        if pages.nav_changed(nav):
            pages.changed_extras({})
            forget_built_pages(site_dir)
            return
        marks = self.build.campaign_marks  # a brief shows its campaign's gallery
        extras = {
            f.src_uri: marks.get(m.group(1), "")
            for f in files.documentation_pages()
            if (m := BRIEF_URI.match(f.src_uri)) and not f.generated_by
        }
        forget_built_pages(site_dir, pages.changed_extras(extras))

    def on_page_markdown(
        self, markdown: str, /, *, page: Any, config: MkDocsConfig, files: Files
    ) -> str:
        # A generated page (a campaign without a brief) already holds its gallery.
        if self.build is None or page.file.generated_by or not BRIEF_URI.match(page.file.src_uri):
            return markdown
        title = page.meta.get("title")
        if isinstance(title, str):  # Material prints titles unescaped: a brief is user text
            page.meta["title"] = site.safe_title(title)
        # The gallery is ready HTML: it goes in after conversion, as review pages do.
        gallery = self.build.brief_markdown(page.file.src_uri, "")
        if not gallery.strip():
            return markdown
        self.bodies[page.file.src_uri] = gallery
        return after_title(markdown, BODY_SLOT)

    def on_page_content(
        self, html: str, /, *, page: Any, config: MkDocsConfig, files: Files
    ) -> str:
        body = self.bodies.pop(page.file.src_uri, None)
        return html if body is None else html.replace(BODY_SLOT, body, 1)

    def on_nav(self, nav: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        """A campaign folder holding only its brief becomes the brief itself; section
        titles come from folder names, which Material prints unescaped."""
        _flatten(nav.items, parent=None)
        for item in _walk_nav(nav.items):
            if getattr(item, "is_section", False) and isinstance(item.title, str):
                item.title = site.safe_title(item.title)
        return nav

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.build is not None:
            skip = self.live.placed if self.live is not None else None
            placed = self.build.publish(Path(config.site_dir), skip=skip)
            if self.live is not None:
                self.live.placed |= placed
        self.live_builds += 1

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        root = Path(config.config_file_path).parent
        for folder in (self.config.assets_dir, self.config.reviews_dir):
            path = root / folder
            if path.is_dir():
                server.watch(str(path))
        git = root / ".git"
        for ref in ("HEAD", "refs/heads"):
            if (git / ref).exists():
                server.watch(str(git / ref))
        if self.live is not None and use_native_watcher(server):
            log.debug("watching for changes with the system's notifications")
        return server


def _language(config: MkDocsConfig) -> str:
    theme = config.theme
    lang = theme.get("language") if hasattr(theme, "get") else None
    return str(lang or "en")


def _walk_nav(items: list) -> Any:
    for item in items:
        yield item
        yield from _walk_nav(getattr(item, "children", None) or [])


def _flatten(items: list, parent: Any) -> None:
    for i, item in enumerate(items):
        children = getattr(item, "children", None)
        if not getattr(item, "is_section", False) or children is None:
            continue
        if len(children) == 1 and getattr(children[0], "is_page", False):
            page = children[0]
            page.parent = parent
            items[i] = page
        else:
            _flatten(children, item)
