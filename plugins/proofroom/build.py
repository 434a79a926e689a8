"""One site build: the model, its media and its pages, independent of any generator.

The MkDocs plugin calls this; ``proofroom export`` can write the same pages to disk.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from . import site
from .core.git.history import open_repo
from .core.media.limits import DIFF_PAGES
from .core.media.pixels import ThumbSettings
from .core.media.publish import place_many
from .core.media.specs import ChannelSpec, load_catalog
from .core.media.store import MediaStore, diff_uri, page_uri
from .core.model import Asset, Campaign, Version, Workspace
from .core.problems import Problem
from .core.settings import Settings
from .core.timeliness import timeliness
from .core.workspace import now_utc
from .live.memory import Memory, Pages
from .progress import BuildProgress
from .site import MediaRef
from .site.dashboard import DASHBOARD_URI, dashboard_page
from .site.html import BRIEF_URI
from .site.media_refs import DiffRef, PageRef

log = logging.getLogger(__name__)


def problems_by_severity(problems: Iterable[Problem]) -> list[Problem]:
    """Errors first, then warnings, each in path and line order; duplicates dropped."""
    return sorted(set(problems), key=lambda p: (p.severity != "error", p.path, p.line, p.message))


@dataclass
class SiteBuild:
    settings: Settings
    workspace: Workspace
    media: MediaStore
    now: datetime
    pages: list = field(default_factory=list)  # list[site.SitePage]
    problems: list[Problem] = field(default_factory=list)
    channels: dict[str, ChannelSpec] = field(default_factory=dict)  # the merged catalog

    @classmethod
    def run(
        cls,
        settings: Settings,
        *,
        existing: set[str] | None = None,
        now: datetime | None = None,
        progress: Callable[[str], None] | None = None,
        memory: Memory | None = None,
    ) -> SiteBuild:
        """Model, media and pages of the workspace; ``existing``: the docs' own pages
        (a generated page never replaces one); ``memory``: what a live preview keeps."""
        memory = memory or Memory()
        moment = now_utc(now)
        ws = memory.workspace(settings, moment)
        thumbs = ThumbSettings(size=settings.thumbnail_size, format=settings.thumbnail_format)
        store = MediaStore(
            ws, memory.cache(settings), thumbs, workers=settings.workers, quick=memory.quick
        )
        memory.media(store)
        _prepare(store, settings.root, progress)
        build = cls(settings=settings, workspace=ws, media=store, now=moment)
        # The checks panel reads the workspace's channels.yml (an override of the catalog).
        build.channels, catalog_problems = load_catalog(settings.root)
        build.problems = [*ws.problems, *store.problems, *catalog_problems]
        build.pages = build._pages(existing or set(), memory.pages(build))
        return build

    # -- pages -----------------------------------------------------------------

    def media_ref(self, version: Version, asset: Asset) -> MediaRef:
        r = self.media.get(asset, version)
        if r is None:  # not prepared: cannot happen for versions of the model
            raise KeyError(f"no rendition for {asset.path} {version.blob}")
        t = r.thumb
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

    def _pages(self, existing: set[str], kept: Pages) -> list:
        ws = self.workspace
        lang = self.settings.language
        out = []
        if site.campaigns_index_uri() not in existing:
            out.append(site.campaigns_index(ws, self.media_ref, lang))
        if DASHBOARD_URI not in existing:

            def dashboard() -> site.SitePage:
                # Impossible durations show as blanks; `proofroom timeliness` reports them.
                report = timeliness(ws, self.now, assets_dir=self.settings.assets_dir)
                return dashboard_page(ws, report, lang)

            out.append(kept.dashboard(DASHBOARD_URI, dashboard))
        for campaign in ws.campaigns:
            out += self._campaign_pages(campaign, existing, kept.campaign(campaign))
        kept.finish(out)
        return out

    def _campaign_pages(self, campaign: Campaign, existing: set[str], kept: Pages) -> list:
        """The stub page (no brief) and the review pages of a campaign; a live preview
        keeps those whose fingerprint did not change."""
        s = self.settings
        out = []
        stub_uri = site.campaign_uri(campaign.id)
        if stub_uri not in existing:
            brief_path = f"{s.content_dir}/campaigns/{campaign.id}/index.md"
            out.append(
                kept.stub(
                    stub_uri,
                    lambda: site.campaign_stub_page(
                        campaign, self.media_ref, s.language, now=self.now, brief_path=brief_path
                    ),
                )
            )
        for asset in campaign.assets:
            uri = site.review_uri(asset, campaign)
            out.append(
                kept.review(uri, asset, functools.partial(self._review_page, campaign, asset))
            )
        return out

    def _review_page(self, campaign: Campaign, asset: Asset) -> site.SitePage:
        s = self.settings
        return site.review_page(
            campaign,
            asset,
            site.deliverable_of(campaign, asset),
            self.media_ref,
            s.language,
            repo_url=s.repo_url,
            branch=s.branch_name,
            team=self.workspace.team,
            diff=self.diff_ref,
            root=self.workspace.root,
            channels=self.channels,
            reviews_dir=s.reviews_dir,
        )

    def brief_extra(self, campaign_id: str, src_uri: str) -> str:
        campaign = self.workspace.campaign(campaign_id)
        if campaign is None:
            return ""
        return site.gallery_html(
            campaign, self.media_ref, self.settings.language, page_src_uri=src_uri, now=self.now
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


def _prepare(store: MediaStore, root: Path, progress: Callable[[str], None] | None) -> None:
    """Make what the pages show (originals, thumbnails, previews, differences), with a
    progress line per stage when ``progress`` is given."""
    reporter = BuildProgress(progress) if progress else None
    try:
        store.prepare(
            open_repo(root), progress=reporter, summary=reporter.summary if reporter else None
        )
    finally:
        if reporter:
            reporter.close()


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
