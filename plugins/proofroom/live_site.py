"""What a live preview keeps between two rebuilds, and how it knows what changed.

- the model's inputs (:class:`~proofroom.core.live.LiveWorkspace`: history, parsed files);
- the media store of the last build (renditions and difference images of the same
  content are taken as they are);
- every campaign's pages with a fingerprint of what they show: a campaign whose
  fingerprint did not change keeps its pages; one save regenerates one campaign's pages;
- the media already placed in the site folder.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from .core.inputs.filememo import stamp_of
from .core.live import LiveWorkspace
from .core.media.cache import Cache
from .core.media.store import MediaStore
from .core.model import Campaign, Workspace
from .live_pages import fingerprint
from .site.parts import SitePage, campaign_tz


@dataclass
class LiveSite:
    workspace: LiveWorkspace = field(default_factory=LiveWorkspace)
    media: MediaStore | None = None
    cache: Cache | None = None  # keeps its manifests in memory
    pages: dict[str, tuple[str, SitePage]] = field(default_factory=dict)  # by src_uri
    placed: set[str] = field(default_factory=set)  # media URIs already in the site folder
    pages_made: int = 0  # by the last build
    pages_kept: int = 0

    def page(self, src_uri: str, mark: str, make: Callable[[], SitePage]) -> SitePage:
        """The page at ``src_uri``: kept when ``mark`` is the one it was made with."""
        kept = self.pages.get(src_uri)
        if kept is not None and kept[0] == mark:
            self.pages_kept += 1
            return kept[1]
        page = make()
        self.pages[src_uri] = (mark, page)
        self.pages_made += 1
        return page

    def start(self) -> None:
        self.pages_made = self.pages_kept = 0

    def finish(self, pages: list[SitePage]) -> None:
        """Forget the pages this build no longer has (a file or campaign removed)."""
        current = {p.src_uri for p in pages}
        for gone in set(self.pages) - current:
            del self.pages[gone]


@dataclass(frozen=True)
class Marks:
    """Fingerprints of what a campaign's pages show: its gallery (``campaign``) and each
    asset's review page (``assets``, by asset path)."""

    campaign: str
    assets: dict[str, str]


def decision_lines(ws: Workspace) -> dict[str, dict[str, list[str]]]:
    """Each decision file as one line of its fingerprint, by campaign and asset: file
    stamp (an uncommitted edit), resolved blob, landing, stage. One stat per file."""
    root = Path(ws.root)
    out: dict[str, dict[str, list[str]]] = {}
    for d in ws.decisions:
        out.setdefault(d.campaign, {}).setdefault(d.asset, []).append(
            f"{d.path}\0{stamp_of(root / d.path)}\0{d.blob}\0"
            f"{d.landed.sha if d.landed else ''}\0{d.stage}"
        )
    return out


def campaign_marks(
    ws: Workspace,
    campaign: Campaign,
    media: MediaStore,
    now: datetime | None,
    settings: tuple,
    decisions: dict[str, list[str]],
) -> Marks:
    """Files count by their stamp (size, modification time, inode), git content by its
    sha; statuses come from the model, so a decision that changes one is seen; the date
    in the campaign's zone stands for "now" (pages count days to due dates).
    ``decisions``: the campaign's :func:`decision_lines`, by asset."""
    base = [repr(settings), campaign.id]
    brief = campaign.brief
    # Review pages show the brief's front matter (stages, deliverables, zone), not its
    # text: editing the text renders the brief alone (MkDocs sees its file change).
    base.append(repr((brief.meta, brief.ok)) if brief is not None else "no brief")
    if now is not None:
        base.append(now.astimezone(campaign_tz(campaign)).date().isoformat())
    by_asset = {d.asset.path: d for d in campaign.deliverables if d.asset is not None}
    deliverables = [
        f"{d.id}\0{d.asset_rel}\0{d.status}\0{d.stage}\0{d.overdue}" for d in campaign.deliverables
    ]
    assets: dict[str, str] = {}
    for asset in campaign.assets:
        parts = [*base, f"{asset.path}\0{asset.kind}\0{asset.present}"]
        for v in asset.versions:
            r = media.get(asset, v)
            parts.append(
                f"{v.number}\0{v.blob}\0{v.landed.sha if v.landed else ''}\0"
                f"{v.made.sha if v.made else ''}\0{v.same_as}\0{v.working_copy}\0"
                + (f"{r.thumb_uri}\0{r.display_uri}\0{r.original_uri}" if r else "none")
            )
        d = by_asset.get(asset.path)
        if d is not None:
            parts.append(f"{d.id}\0{d.status}\0{d.stage}\0{d.overdue}")
        parts += decisions.get(asset.path, [])
        assets[asset.path] = fingerprint(*parts)
    whole = fingerprint(*base, *deliverables, *sorted(assets.values()))
    return Marks(whole, assets)


def dashboard_mark(ws: Workspace, now: datetime | None, settings: tuple, decisions: dict) -> str:
    """A fingerprint of what the timeliness dashboard shows: committed history, briefs,
    decisions (:func:`decision_lines`), every deliverable's status, and the minute it is
    "as of"."""
    parts = [repr(settings), str(ws.head), now.isoformat()[:16] if now else ""]
    for campaign in ws.campaigns:
        brief = campaign.brief
        parts.append(f"{campaign.id}\0{repr(brief.meta) if brief else None}")
        parts += [
            f"{d.id}\0{d.asset.path if d.asset else ''}\0{d.status}\0{d.stage}\0{d.overdue}"
            for d in campaign.deliverables
        ]
    for cid in sorted(decisions):
        for asset in sorted(decisions[cid]):
            parts += decisions[cid][asset]
    return fingerprint(*parts)


def workspace_settings(ws: Workspace, *extra: object) -> tuple:
    """What every page depends on besides its campaign: team, channel catalog, options."""
    team = tuple(sorted((login, repr(member)) for login, member in ws.team.items()))
    return (stamp_of(Path(ws.root) / "channels.yml"), team, *extra)
