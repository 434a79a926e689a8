"""The MkDocs adapter: hands MkDocs the pages and files that ``site`` makes.

Kept thin on purpose: the model lives in ``core``, the pages in ``site``; this module
only maps MkDocs events onto them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from . import site
from .build import SiteBuild, after_title, problems_by_severity
from .core.problems import ProofroomError
from .core.settings import Settings, folder_setting
from .live.memory import Memory
from .live.preview import Preview
from .mkdocs_config import ProofroomConfig
from .mkdocs_guards import drop_refused_links, refuse_folder_loops, safe_meta
from .private.mkdocs import build_secret, seal_site
from .site.html import BRIEF_URI, review_uri

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
        self.build: SiteBuild | None = None
        self.bodies: dict[str, str] = {}  # src_uri -> HTML body of a generated page
        self.memory: Memory = Memory()  # what a preview keeps between rebuilds
        self.secret: bytes | None = None  # only for a private build, never kept elsewhere

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # MkDocs keeps this instance for the life of the process: a preview starts afresh.
        self.memory.close()
        self.memory = Preview() if command == "serve" else Memory()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if not self.config.enabled:
            return config
        for name in STATIC:
            uri = f"_proofroom/{name}"
            target = config.extra_css if name.endswith(".css") else config.extra_javascript
            if uri not in [str(x) for x in target]:
                target.append(uri)
        _offline_source_link(config)
        self.memory.configure(config)
        private = self.config.privacy == "private"
        secret = build_secret(log, private=private, preview=self.memory.quick)
        self.secret = secret if private and not self.memory.quick else None
        self.memory.secret = (lambda: secret) if secret is not None else None
        return config

    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        self.memory.environment(env)
        return env

    def settings(self, config: MkDocsConfig) -> Settings:
        """The workspace's settings: MkDocs' own, then the plugin's options."""
        root = Path(config.config_file_path).parent.resolve()
        base = Settings(
            root=root,
            content_dir=folder_setting(Path(config.docs_dir), root),
            working_copy=self.memory.working_copy,
            language=_language(config),
            repo_url=config.repo_url,
            site_name=config.site_name or "",
            site_url=config.site_url or None,
        )
        return base.with_options(self.config.options())

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if self.config.enabled:
            refuse_folder_loops(config, log)

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        if not self.config.enabled:
            return files
        refused = drop_refused_links(files, config)
        try:
            self.build = SiteBuild.run(
                self.settings(config),
                existing={f.src_uri for f in files},
                progress=log.info,
                memory=self.memory,
            )
        except ProofroomError as exc:
            from mkdocs.exceptions import PluginError

            raise PluginError(str(exc)) from None
        for problem in problems_by_severity([*self.build.problems, *refused]):
            log.warning(str(problem))
        self.bodies = {}
        for page in self.build.pages:
            content = page.markdown
            if page.html:  # ready HTML skips Markdown: put in place by on_page_content
                content = f"{page.head}\n{BODY_SLOT}\n"
                self.bodies[page.src_uri] = page.html
            file = self.memory.page_file(config, page.src_uri, content, page)
            file.inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
            files.append(file)
        self.memory.files_ready(files, config, self.build)
        self.build.pages = []  # MkDocs and self.bodies hold them now
        for name in STATIC:
            static = site.STATIC_DIR / name
            files.append(File.generated(config, f"_proofroom/{name}", abs_src_path=str(static)))
        return files

    def on_shutdown(self) -> None:
        self.memory.close()

    def on_page_markdown(
        self, markdown: str, /, *, page: Any, config: MkDocsConfig, files: Files
    ) -> str:
        # A generated page (a campaign without a brief) already holds its gallery.
        if self.build is None or page.file.generated_by or not BRIEF_URI.match(page.file.src_uri):
            return markdown
        safe_meta(page.meta)
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
        if self.build is not None and self.secret is not None:
            seal_site(self.build, config, self.secret, review_uri, log)
        elif self.build is not None:
            placed = self.build.publish(Path(config.site_dir), skip=self.memory.placed())
            self.memory.published(placed)

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        if self.build is not None:
            self.memory.watch(server, self.build.settings)
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
