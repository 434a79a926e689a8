"""One site build: the model, its media and its pages, independent of any generator.

The MkDocs plugin calls this; ``proofroom export`` can write the same pages to disk.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from . import site
from .core.git.history import open_repo
from .core.media.cache import Cache
from .core.media.publish import place_many
from .core.media.specs import ChannelSpec, load_catalog
from .core.media.store import DIFF_PAGES, MediaStore, diff_uri, page_uri
from .core.media.thumbs import ThumbSettings
from .core.model import Asset, Campaign, Version, Workspace
from .core.problems import Problem
from .core.timeliness import timeliness
from .core.workspace import WorkspaceConfig, load_workspace, now_utc
from .live_site import (
    LiveSite,
    Marks,
    campaign_marks,
    dashboard_mark,
    decision_lines,
    workspace_settings,
)
from .progress import BuildProgress
from .site import MediaRef
from .site.dashboard import DASHBOARD_URI, dashboard_page
from .site.media_refs import DiffRef, PageRef

log = logging.getLogger(__name__)
BRIEF_URI = re.compile(r"^campaigns/([^/]+)/index\.md$")  # a brief, docs-relative


def problems_by_severity(problems: Iterable[Problem]) -> list[Problem]:
    """Errors first, then warnings, each in path and line order; duplicates dropped."""
    unique = sorted(set(problems), key=lambda p: (p.severity != "error", p.path, p.line, p.message))
    return unique


@dataclass
class SiteBuild:
    workspace: Workspace
    media: MediaStore
    pages: list = field(default_factory=list)  # list[site.SitePage]
    lang: str = "en"
    now: datetime | None = None
    problems: list[Problem] = field(default_factory=list)
    workspace_content: str = "content"
    assets_dir: str = "assets"
    reviews_dir: str = "reviews"
    channels: dict[str, ChannelSpec] = field(default_factory=dict)  # the merged catalog
    campaign_marks: dict[str, str] = field(default_factory=dict)  # live preview: what changed

    @classmethod
    def run(
        cls,
        *,
        root: Path,
        docs_dir: Path,
        assets_dir: str = "assets",
        reviews_dir: str = "reviews",
        cache_dir: str = ".cache/proofroom",
        thumbnail_size: int = 480,
        thumbnail_format: str = "webp",
        ref: str = "HEAD",
        working_copy: bool = False,
        workers: int | None = None,
        lang: str = "en",
        repo_url: str | None = None,
        existing: set[str] | None = None,
        now: datetime | None = None,
        progress: Callable[[str], None] | None = None,
        live: LiveSite | None = None,
    ) -> SiteBuild:
        root = root.resolve()
        content_dir = _relative(docs_dir, root)
        cfg = WorkspaceConfig(
            root=root,
            content_dir=content_dir,
            assets_dir=assets_dir,
            reviews_dir=reviews_dir,
            ref=ref,
            working_copy=working_copy,
        )
        moment = now_utc(now)
        # A live preview keeps history and parsed files between rebuilds.
        if live is not None:
            ws, _history = live.workspace.load(cfg, now=moment)
        else:
            ws, _history = load_workspace(cfg, now=moment)
        cache_root = Path(cache_dir)
        cache_root = cache_root if cache_root.is_absolute() else root / cache_root
        if live is not None and live.cache is not None and live.cache.root == cache_root:
            cache = live.cache
        else:
            cache = Cache(cache_root, keep_manifests=live is not None)
        if live is not None:
            live.cache = cache
        settings = ThumbSettings(size=thumbnail_size, format=thumbnail_format)
        store = MediaStore(ws, cache, settings, workers=workers, quick=live is not None)
        if live is not None and live.media is not None:
            same = live.media.settings == settings and live.media.cache.root == cache.root
            store.previous = live.media if same else None
        reporter = BuildProgress(progress) if progress else None
        try:
            store.prepare(
                open_repo(root),
                progress=reporter,
                summary=reporter.summary if reporter else None,
            )
        finally:
            if reporter:
                reporter.close()
        if live is not None:
            live.media = store
        build = cls(
            workspace=ws,
            media=store,
            lang=lang,
            now=moment,
            workspace_content=content_dir,
            assets_dir=assets_dir,
            reviews_dir=reviews_dir,
        )
        # The checks panel reads the workspace's channels.yml (an override of the catalog).
        build.channels, catalog_problems = load_catalog(root)
        build.problems = [*ws.problems, *store.problems, *catalog_problems]
        build.pages = build._pages(repo_url, ref, existing or set(), live)
        return build

    # -- pages -----------------------------------------------------------------

    def media_ref(self, version: Version, asset: Asset) -> MediaRef:
        r = self.media.get(asset, version)
        if r is None:  # not prepared: cannot happen for versions of the model
            raise KeyError(f"no rendition for {asset.path} {version.blob}")
        t = r.thumb
        if asset.kind == "svg" and r.original_uri:  # the browser scales SVG itself, in <img>
            return MediaRef(
                original=r.original_uri,
                display=r.original_uri,
                thumb=r.original_uri,
                thumb_width=t.width,
                thumb_height=t.height,
                width=None,
                height=None,
                placeholder=False,
                warning=None,
            )
        return MediaRef(
            original=r.original_uri,
            display=r.display_uri,
            thumb=r.thumb_uri,
            thumb_width=t.width,
            thumb_height=t.height,
            width=t.src_width,
            height=t.src_height,
            placeholder=t.placeholder,
            warning=t.warning or (r.pages.warning if r.pages else None),
            duration=t.duration,
            codec=t.codec,
            pages=tuple(
                PageRef(p.number, page_uri(p), p.width, p.height, p.points)
                for p in (r.pages.pages if r.pages else ())
            ),
            page_count=r.pages.count if r.pages else None,
        )

    def diff_ref(self, asset: Asset, a: Version, b: Version) -> DiffRef | None:
        """The difference image of two versions (older first), when it could be made;
        of two PDFs, the first page's, with every page's in ``pages``."""
        if asset.kind == "pdf":
            found = [(n, self.media.page_diff(asset, a, b, n)) for n in range(1, DIFF_PAGES + 1)]
            pages = tuple(
                DiffRef(diff_uri(d), d.changed, d.width, d.height, page=n)
                for n, d in found
                if d is not None and d.changed is not None
            )
            return replace(pages[0], pages=pages) if pages else None
        d = self.media.diff(asset, a, b)
        if d is None or d.changed is None:
            return None
        return DiffRef(uri=diff_uri(d), changed=d.changed, width=d.width, height=d.height)

    def _pages(
        self, repo_url: str | None, ref: str, existing: set[str], live: LiveSite | None = None
    ) -> list:
        ws = self.workspace
        out = []
        if site.campaigns_index_uri() not in existing:
            out.append(site.campaigns_index(ws, self.media_ref, self.lang))
        branch = "main" if ref in ("HEAD", "") else ref
        if live is not None:
            live.start()
            options = (self.lang, repo_url, branch, self.media.settings, self.reviews_dir)
            shared = workspace_settings(ws, *options)
            decisions = decision_lines(ws)  # one stat per decision file
        if DASHBOARD_URI not in existing:

            def dashboard() -> site.SitePage:
                # Impossible durations show as blanks; `proofroom timeliness` reports them.
                report = timeliness(ws, self.now, assets_dir=self.assets_dir)
                return dashboard_page(ws, report, self.lang)

            if live is None:
                out.append(dashboard())
            else:
                mark = dashboard_mark(ws, self.now, shared, decisions)
                out.append(live.page(DASHBOARD_URI, mark, dashboard))
        for campaign in ws.campaigns:
            marks = None
            if live is not None:
                mine = decisions.get(campaign.id, {})
                marks = campaign_marks(ws, campaign, self.media, self.now, shared, mine)
                self.campaign_marks[campaign.id] = marks.campaign
            out += self._campaign_pages(campaign, repo_url, branch, existing, live, marks)
        if live is not None:
            live.finish(out)
        return out

    def _campaign_pages(
        self,
        campaign: Campaign,
        repo_url: str | None,
        branch: str,
        existing: set[str],
        live: LiveSite | None = None,
        marks: Marks | None = None,
    ) -> list:
        """The stub page (no brief) and the review pages of a campaign; a live preview
        keeps those whose fingerprint did not change."""
        ws = self.workspace

        def kept(src_uri: str, mark: str | None, make):
            if live is None or mark is None:
                return make()
            return live.page(src_uri, mark, make)

        out = []
        stub_uri = site.campaign_uri(campaign.id)
        if stub_uri not in existing:
            out.append(
                kept(
                    stub_uri,
                    marks.campaign if marks else None,
                    lambda: site.campaign_stub_page(
                        campaign,
                        self.media_ref,
                        self.lang,
                        now=self.now,
                        brief_path=f"{self.workspace_content}/campaigns/{campaign.id}/index.md",
                    ),
                )
            )
        for asset in campaign.assets:
            out.append(
                kept(
                    site.review_uri(asset, campaign),
                    marks.assets.get(asset.path) if marks else None,
                    lambda asset=asset: site.review_page(
                        campaign,
                        asset,
                        site.deliverable_of(campaign, asset),
                        self.media_ref,
                        self.lang,
                        repo_url=repo_url,
                        branch=branch,
                        team=ws.team,
                        diff=self.diff_ref,
                        root=ws.root,
                        channels=self.channels,
                        reviews_dir=self.reviews_dir,
                    ),
                )
            )
        return out

    def brief_extra(self, campaign_id: str, src_uri: str) -> str:
        campaign = self.workspace.campaign(campaign_id)
        if campaign is None:
            return ""
        return site.gallery_html(
            campaign, self.media_ref, self.lang, page_src_uri=src_uri, now=self.now
        )

    def brief_markdown(self, src_uri: str, markdown: str) -> str:
        """A brief's Markdown (front matter removed) with its campaign's gallery under its
        title; any other page as it is. The plugin and ``proofroom export`` both use it."""
        m = BRIEF_URI.match(src_uri)
        extra = self.brief_extra(m.group(1), src_uri) if m else ""
        return after_title(markdown, extra) if extra else markdown

    # -- files -----------------------------------------------------------------

    def publish(self, site_dir: Path, *, skip: set[str] | None = None) -> set[str]:
        """Hard-link (or copy) every referenced media file into the built site; return
        their URIs. ``skip``: URIs a live preview placed before (content-named: the same)."""
        files = self.media.site_files()
        skip = skip or set()
        place_many([(src, site_dir / uri) for uri, src in files.items() if uri not in skip])
        return set(files)


def after_title(markdown: str, block: str) -> str:
    """The gallery goes first, under the brief's own H1 when it has one."""
    lines = markdown.split("\n")
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        if line.startswith("# "):
            return "\n".join([*lines[: i + 1], "", block.strip("\n"), "", *lines[i + 1 :]])
        break
    return block.strip("\n") + "\n\n" + markdown


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
