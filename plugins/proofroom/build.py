"""One site build: the model, its media and its pages, independent of any generator.

The MkDocs plugin calls this; ``proofroom export`` can write the same pages to disk.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from . import site
from .core.cache import Cache
from .core.gitlog import open_repo
from .core.media import ThumbSettings
from .core.mediastore import MediaStore, diff_uri
from .core.model import Asset, Version, Workspace
from .core.problems import Problem
from .core.publish import place_many
from .core.specs import ChannelSpec, load_catalog
from .core.timeliness import timeliness
from .core.workspace import WorkspaceConfig, load_workspace, now_utc
from .site import MediaRef
from .site.dashboard import DASHBOARD_URI, dashboard_page
from .site.media_refs import DiffRef

log = logging.getLogger(__name__)


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
        ws, _history = load_workspace(cfg, now=moment)
        cache_root = Path(cache_dir)
        cache = Cache(cache_root if cache_root.is_absolute() else root / cache_root)
        store = MediaStore(
            ws, cache, ThumbSettings(size=thumbnail_size, format=thumbnail_format), workers=workers
        )
        reporter = _Progress(progress) if progress else None
        store.prepare(open_repo(root), progress=reporter)
        if progress and (store.made or store.reused):
            progress(f"thumbnails: {store.made} made, {store.reused} reused, {store.failed} failed")
        if progress and (store.diffs_made or store.diffs_reused):
            progress(f"difference images: {store.diffs_made} made, {store.diffs_reused} reused")
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
        build.pages = build._pages(repo_url, ref, existing or set())
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
            warning=t.warning,
            duration=t.duration,
            codec=t.codec,
        )

    def diff_ref(self, asset: Asset, a: Version, b: Version) -> DiffRef | None:
        """The difference image of two versions (older first), when it could be made."""
        d = self.media.diff(asset, a, b)
        if d is None or d.changed is None:
            return None
        return DiffRef(uri=diff_uri(d), changed=d.changed, width=d.width, height=d.height)

    def _pages(self, repo_url: str | None, ref: str, existing: set[str]) -> list:
        ws = self.workspace
        out = []
        if site.campaigns_index_uri() not in existing:
            out.append(site.campaigns_index(ws, self.media_ref, self.lang))
        if DASHBOARD_URI not in existing:
            # Impossible durations show as blanks here; `proofroom timeliness` reports them.
            report = timeliness(ws, self.now, assets_dir=self.assets_dir)
            out.append(dashboard_page(ws, report, self.lang))
        branch = "main" if ref in ("HEAD", "") else ref
        for campaign in ws.campaigns:
            if site.campaign_uri(campaign.id) not in existing:
                out.append(
                    site.campaign_stub_page(
                        campaign,
                        self.media_ref,
                        self.lang,
                        now=self.now,
                        brief_path=f"{self.workspace_content}/campaigns/{campaign.id}/index.md",
                    )
                )
            for asset in campaign.assets:
                out.append(
                    site.review_page(
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

    # -- files -----------------------------------------------------------------

    def publish(self, site_dir: Path) -> int:
        """Hard-link (or copy) every referenced media file into the built site."""
        pairs = [(src, site_dir / uri) for uri, src in self.media.site_files().items()]
        return place_many(pairs)


class _Progress:
    """Turns (stage, done, total) ticks into a few log lines, not thousands."""

    def __init__(self, emit: Callable[[str], None]) -> None:
        self.emit = emit
        self.last: dict[str, int] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        step = max(1, total // 10)
        if total >= 50 and (done == total or done - self.last.get(stage, 0) >= step):
            self.last[stage] = done
            self.emit(f"{stage}: {done}/{total}")


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
