"""The review model: campaigns, deliverables, assets and their versions.

Built once per build by :mod:`proofroom.core.workspace`; every page, status and
timeliness figure is computed from it. Times are timezone-aware UTC datetimes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, tzinfo
from enum import StrEnum
from pathlib import Path


@dataclass(frozen=True)
class Person:
    """A git identity as recorded in a commit."""

    name: str
    email: str


@dataclass(frozen=True)
class Commit:
    sha: str
    parents: tuple[str, ...]
    author: Person
    authored_at: datetime
    committer: Person
    committed_at: datetime
    message: str  # full message, as written
    # From the GitHub API (``timeliness --github``): when the pull request that landed
    # this commit was merged and opened. None: git times only.
    merged_at: datetime | None = None
    pull_opened_at: datetime | None = None

    @property
    def landed_at(self) -> datetime:
        """When this first-parent commit landed: the merge time when known, else git's."""
        return self.merged_at or self.committed_at

    @property
    def subject(self) -> str:
        return self.message.split("\n", 1)[0].strip()

    @property
    def is_merge(self) -> bool:
        return len(self.parents) > 1


@dataclass(frozen=True)
class LfsPointer:
    """A Git LFS pointer blob: the real file lives elsewhere."""

    oid: str  # sha256 hex
    size: int  # bytes of the real file


@dataclass(frozen=True)
class Version:
    """One landed content of an asset (or the uncommitted working copy).

    ``blob`` is the git blob SHA (40 hex): decisions bind to it. ``made`` is the commit
    that produced the content (the pull request's branch commit for a merge), ``landed``
    the first-parent commit of the built branch that brought it in.
    """

    number: int
    path: str  # repository-relative path at that version (renames keep history)
    blob: str
    size: int  # bytes of the blob (the pointer's size for LFS)
    landed: Commit | None  # None for the working copy
    made: Commit | None  # None for the working copy
    same_as: int | None = None  # number of an earlier version with identical content
    working_copy: bool = False
    lfs: LfsPointer | None = None

    @property
    def landed_at(self) -> datetime | None:
        return self.landed.landed_at if self.landed else None

    @property
    def short(self) -> str:
        return self.blob[:7]


@dataclass
class AssetHistory:
    """Every version of one file, oldest first, keyed by its current path."""

    path: str  # repository-relative current path ("assets/<campaign>/...")
    versions: list[Version] = field(default_factory=list)
    deleted: bool = False  # the path no longer exists at the tip of the branch

    @property
    def current(self) -> Version | None:
        return self.versions[-1] if self.versions else None


@dataclass(frozen=True)
class Stage:
    name: str
    approvers: tuple[str, ...]
    required: int  # how many approvers must approve; default: all of them
    line: int = 0


@dataclass(frozen=True)
class DeliverableSpec:
    """A deliverable as declared in the brief."""

    id: str
    asset: str  # relative to assets/<campaign>/
    channel: str | None = None
    due: date | datetime | None = None  # a date means 23:59:59 that day, campaign timezone
    stages: tuple[str, ...] | None = None  # subset of the campaign's stages, in campaign order
    line: int = 0
    extra: dict = field(default_factory=dict, hash=False, compare=False)


def due_end(due: date | datetime, zone: tzinfo) -> datetime:
    """When a due passes, in ``zone``: a date means 23:59:59 that day there.

    A datetime without a timezone is taken as already in ``zone``.
    """
    if isinstance(due, datetime):
        return due.replace(tzinfo=zone) if due.tzinfo is None else due.astimezone(zone)
    return datetime.combine(due, time(23, 59, 59), tzinfo=zone)


@dataclass
class Brief:
    campaign: str  # the folder name
    path: str  # workspace-relative path of the brief file
    title: str
    owner: str | None = None
    timezone: str = "UTC"
    launch: date | datetime | None = None
    tags: tuple[str, ...] = ()
    stages: tuple[Stage, ...] = ()
    deliverables: tuple[DeliverableSpec, ...] | None = None  # None: every file is one
    body: str = ""  # Markdown after the front matter
    meta: dict = field(default_factory=dict)  # the whole front matter as parsed
    ok: bool = True  # False when the brief has errors (then status falls back to defaults)


@dataclass
class Asset:
    campaign: str
    rel: str  # path relative to assets/<campaign>/, forward slashes
    path: str  # repository-relative path
    kind: str  # image | video | audio | pdf | svg | other
    history: AssetHistory
    present: bool = True  # the file exists in the tree being built

    @property
    def versions(self) -> list[Version]:
        return self.history.versions

    @property
    def current(self) -> Version | None:
        return self.history.current

    @property
    def stem(self) -> str:
        """The path without extension: the default deliverable id and review URL."""
        return self.rel.rsplit(".", 1)[0] if "." in self.rel.rsplit("/", 1)[-1] else self.rel


class Verdict(StrEnum):
    """What a decision file says of a version (its ``decision:`` value).

    A member equals its text, so JSON and pages hold the plain word.
    """

    APPROVED = "approved"
    APPROVED_WITH_CHANGES = "approved_with_changes"
    CHANGES_REQUESTED = "changes_requested"
    REJECTED = "rejected"
    COMMENT = "comment"


DECISIONS: tuple[str, ...] = tuple(v.value for v in Verdict)  # as written, in this order
APPROVING = frozenset({Verdict.APPROVED, Verdict.APPROVED_WITH_CHANGES})
BLOCKING = frozenset({Verdict.CHANGES_REQUESTED, Verdict.REJECTED})


@dataclass(frozen=True)
class Comment:
    """One comment of a decision, optionally placed on the asset."""

    text: str
    pin: tuple[float, float] | None = None  # x, y as fractions of width/height
    box: tuple[float, float, float, float] | None = None  # x, y, w, h fractions
    time: float | None = None  # seconds (video, audio)
    page: int | None = None  # PDF page, 1-based
    line: int = 0


@dataclass
class Decision:
    """One decision file under reviews/<campaign>/ (append-only once landed)."""

    path: str  # workspace-relative path of the decision file
    campaign: str
    asset: str  # workspace-relative asset path as written ("assets/<c>/...")
    sha: str  # as written: >= 7 hex chars of the reviewed version's blob
    reviewer: str
    decision: Verdict
    summary: str = ""
    comments: tuple[Comment, ...] = ()
    version: int | None = None  # as written, for humans
    stage: str | None = None  # as written, or inferred by the workflow
    blob: str | None = None  # the full blob SHA the prefix resolved to (None: unresolved)
    landed: Commit | None = None  # first-parent commit that brought the file in
    made: Commit | None = None  # the commit that wrote it (the pull request's)
    line: int = 1
    lines: dict = field(default_factory=dict, repr=False)  # key path -> line, for errors
    # A guest's decision (made through a review link): the share's id, the signature
    # and the canonical bytes it covers (core/inputs/guest_signatures.py).
    share: str | None = None
    signature: str | None = None
    signed: bytes | None = field(default=None, repr=False)

    @property
    def landed_at(self) -> datetime | None:
        return self.landed.landed_at if self.landed else None

    @property
    def approver(self) -> str:
        """Who the decision speaks for in a stage's approvers: ``guest:<reviewer>`` for a
        guest's signed decision, else the reviewer's login."""
        return f"guest:{self.reviewer}" if self.share else self.reviewer

    @property
    def sent_at(self) -> datetime | None:
        """When the reviewer sent it: the pull request's opening when known, else landing."""
        if self.landed is None:
            return None
        return self.landed.pull_opened_at or self.landed.landed_at

    @property
    def approves(self) -> bool:
        return self.decision in APPROVING

    @property
    def blocks(self) -> bool:
        return self.decision in BLOCKING


@dataclass(frozen=True)
class TeamMember:
    login: str
    name: str | None = None
    email: str | None = None
    roles: tuple[str, ...] = ()


class Status(StrEnum):
    """Where a deliverable stands for its current version.

    A member equals its text, so the JSON of ``proofroom status`` and the pages' CSS
    classes and ``data-status`` values hold the plain word.
    """

    MISSING = "missing"  # no current file on the branch (not delivered, or removed)
    IN_REVIEW = "in_review"
    CHANGES_REQUESTED = "changes_requested"
    REJECTED = "rejected"
    APPROVED = "approved"  # every stage passed


STATUSES: tuple[str, ...] = tuple(s.value for s in Status)  # from not started to done


@dataclass
class StageState:
    """Where one stage stands for one version of a deliverable."""

    name: str
    approvers: tuple[str, ...]
    required: int
    state: str = "waiting"  # waiting | open | passed | blocked
    opened_at: datetime | None = None
    passed_at: datetime | None = None
    passed_by: Decision | None = None  # the decision that completed the stage
    votes: dict[str, Decision] = field(default_factory=dict)  # approver -> latest on this sha
    stale: list[Decision] = field(default_factory=list)  # approvals of other versions


@dataclass(frozen=True)
class Standing:
    """Where a deliverable stands at one moment, as the workflow computes it."""

    status: Status
    stage: str | None = None  # the open (or blocked) stage; None once approved or missing
    overdue: bool = False
    stale: bool = False  # no approval of the current version, but approvals of others
    stages: tuple[StageState, ...] = ()  # for the current version
    approved_at: datetime | None = None  # when the last stage passed (current version)


@dataclass
class Deliverable:
    id: str
    campaign: str
    asset_rel: str
    asset: Asset | None  # None when listed but absent
    spec: DeliverableSpec | None = None
    status: Status = Status.IN_REVIEW
    stage: str | None = None  # the open stage
    overdue: bool = False
    stale: bool = False
    decisions: list[Decision] = field(default_factory=list)  # every decision on this asset
    stages: list[StageState] = field(default_factory=list)  # for the current version
    approved_at: datetime | None = None  # when the last stage passed (current version)

    @property
    def due(self) -> date | datetime | None:
        return self.spec.due if self.spec else None

    def settle(self, standing: Standing) -> None:
        """Take the workflow's standing (the loader does it once per deliverable)."""
        self.status, self.stage = standing.status, standing.stage
        self.overdue, self.stale = standing.overdue, standing.stale
        self.stages, self.approved_at = list(standing.stages), standing.approved_at


@dataclass
class Campaign:
    id: str
    brief: Brief | None
    assets: list[Asset] = field(default_factory=list)
    deliverables: list[Deliverable] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.brief.title if self.brief and self.brief.title else self.id

    @property
    def stages(self) -> tuple[Stage, ...]:
        if self.brief and self.brief.stages:
            return self.brief.stages
        return (Stage(name="review", approvers=(), required=1),)


@dataclass
class Workspace:
    root: Path
    campaigns: list[Campaign] = field(default_factory=list)
    problems: list = field(default_factory=list)  # list[Problem]
    branch: str = "HEAD"
    head: str | None = None  # sha of the built branch tip; None in an empty repository
    decisions: list[Decision] = field(default_factory=list)  # every decision file read
    team: dict[str, TeamMember] = field(default_factory=dict)

    def campaign(self, cid: str) -> Campaign | None:
        return next((c for c in self.campaigns if c.id == cid), None)
