"""The MkDocs adapter: hands MkDocs the pages and files that ``site`` makes.

Kept thin on purpose: the model lives in ``core``, the pages in ``site``; this module
only maps MkDocs events onto them.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from . import site
from .build import SiteBuild, problems_by_severity
from .core.problems import ProofroomError
from .mkdocs_config import ProofroomConfig

log = get_plugin_logger(__name__)

STATIC = site.STATIC_FILES
BRIEF_URI = re.compile(r"^campaigns/([^/]+)/index\.md$")
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

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if not self.config.enabled:
            return config
        for name in STATIC:
            uri = f"_proofroom/{name}"
            target = config.extra_css if name.endswith(".css") else config.extra_javascript
            if uri not in [str(x) for x in target]:
                target.append(uri)
        _offline_source_link(config)
        return config

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
            )
        except ProofroomError as exc:
            from mkdocs.exceptions import PluginError

            raise PluginError(str(exc)) from None
        for problem in problems_by_severity(self.build.problems):
            log.warning(str(problem))
        self.bodies = {}
        for page in self.build.pages:
            inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
            content = page.markdown
            if page.html:  # ready HTML skips Markdown: put in place by on_page_content
                content = f"{page.head}\n{BODY_SLOT}\n"
                self.bodies[page.src_uri] = page.html
            files.append(File.generated(config, page.src_uri, content=content, inclusion=inclusion))
        self.build.pages = []  # MkDocs and self.bodies hold them now
        for name in STATIC:
            static = site.STATIC_DIR / name
            files.append(File.generated(config, f"_proofroom/{name}", abs_src_path=str(static)))
        return files

    def on_page_markdown(
        self, markdown: str, /, *, page: Any, config: MkDocsConfig, files: Files
    ) -> str:
        if self.build is None:
            return markdown
        m = BRIEF_URI.match(page.file.src_uri)
        if not m:
            return markdown
        title = page.meta.get("title")
        if isinstance(title, str):  # Material prints titles unescaped: a brief is user text
            page.meta["title"] = site.safe_title(title)
        extra = self.build.brief_extra(m.group(1), page.file.src_uri)
        return _after_title(markdown, extra) if extra else markdown

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
            self.build.publish(Path(config.site_dir))

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
        return server


def _after_title(markdown: str, block: str) -> str:
    """The gallery goes first, under the brief's own H1 when it has one."""
    lines = markdown.split("\n")
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        if line.startswith("# "):
            return "\n".join([*lines[: i + 1], "", block.strip("\n"), "", *lines[i + 1 :]])
        break
    return block.strip("\n") + "\n\n" + markdown


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
