"""Fingerprints of what each generated page shows, so a preview knows which to make again.

A page's fingerprint covers everything it shows: files by their stamp (size, modification
time, inode), git content by its sha, statuses from the model (a decision that changes one
is seen), and the date in the campaign's zone (pages count days to due dates). Pages whose
fingerprint did not change are kept as they were.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..core.inputs.filememo import stamp_of
from ..core.media.store import MediaStore
from ..core.model import Campaign, Workspace
from ..site.parts import campaign_tz


def fingerprint(*parts: str) -> str:
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


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
