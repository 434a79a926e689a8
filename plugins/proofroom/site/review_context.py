"""What every section of a review page reads: the asset, its deliverable, media lookups."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import tzinfo
from pathlib import Path

from proofroom.core.media.specs import ChannelSpec
from proofroom.core.model import Asset, Campaign, Decision, Deliverable, TeamMember, Version
from proofroom.core.settings import REVIEWS_DIR
from proofroom.site.annotations import NumberedComment, decision_version, numbered_comments
from proofroom.site.html import rel_url
from proofroom.site.lang import t
from proofroom.site.lang.formats import format_datetime
from proofroom.site.media_refs import DiffLookup, DiffRef, MediaLookup, MediaRef

WEB_KINDS = ("image",)  # shown large from the original (an SVG only by its drawn raster)


@dataclass
class ReviewContext:
    """Everything a section of the review page needs; media lookups are done once."""

    campaign: Campaign
    asset: Asset
    deliverable: Deliverable | None
    media: MediaLookup
    lang: str
    page: str  # src_uri of the review page
    repo_url: str | None
    branch: str
    tz: tzinfo
    team: Mapping[str, TeamMember] = field(default_factory=dict)  # login -> person
    diff: DiffLookup | None = None  # difference images between two versions, when made
    root: Path | None = None  # the workspace, for work-tree file headers; None: none read
    channels: Mapping[str, ChannelSpec] | None = None  # the catalog; None: the packaged one
    reviews_dir: str = REVIEWS_DIR  # where decision files go (the plugin's reviews_dir)
    _refs: dict[str, MediaRef] = field(default_factory=dict)
    _comments: dict[str, list[NumberedComment]] | None = None

    @property
    def decisions(self) -> list[Decision]:
        """Every decision on this asset (decisions bind to deliverables)."""
        return self.deliverable.decisions if self.deliverable is not None else []

    def version_of(self, decision: Decision) -> Version | None:
        """The version whose content the decision reviewed (``None``: unresolved sha)."""
        return decision_version(self.asset, decision)

    def comment_groups(self) -> dict[str, list[NumberedComment]]:
        """Numbered comments by version number (``"unknown"`` for unresolved shas)."""
        if self._comments is None:
            self._comments = numbered_comments(self.asset, self.decisions)
        return self._comments

    def display_of(self, version: Version) -> str | None:
        """The large image of a version the browser can show, if there is one."""
        ref = self.ref(version)
        if version.lfs is not None and not ref.original:
            return None
        if self.asset.kind in ("video", "audio"):
            return None
        if ref.display and (self.asset.kind in WEB_KINDS or ref.display != ref.original):
            return ref.display
        return None

    def ref(self, version: Version) -> MediaRef:
        key = f"{version.number}:{version.blob}:{version.working_copy}"
        if key not in self._refs:
            self._refs[key] = self.media(version, self.asset)
        return self._refs[key]

    def diff_of(self, a: Version, b: Version) -> DiffRef | None:
        """The difference image of two versions (None: not made, e.g. not images)."""
        return self.diff(self.asset, a, b) if self.diff is not None else None

    def url(self, target: str | None) -> str | None:
        """A site-root-relative path made relative to this page (``None`` stays ``None``)."""
        return rel_url(self.page, target) if target else None

    def commit_url(self, sha: str) -> str | None:
        return f"{self.repo_url.rstrip('/')}/commit/{sha}" if self.repo_url else None

    def version_label(self, version: Version) -> str:
        """``v3 · 12 Feb 2027, 14:05`` (or the working-copy label) for captions and options."""
        label = t(self.lang, "version", n=version.number)
        if version.working_copy:
            return f"{label} · {t(self.lang, 'working_copy')}"
        if version.landed_at is not None:
            return f"{label} · {format_datetime(self.lang, version.landed_at, self.tz)}"
        return label
