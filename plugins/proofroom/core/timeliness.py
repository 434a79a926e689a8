"""Timeliness: on time or late, cycle times, rounds and where review waits.

Pure functions over the model (definitions and the JSON shape are on the architecture
page). Every instant is UTC; durations are hours rounded to 2 decimals. A duration that cannot be
true (approved before first submitted, a time after "now") is reported as ``None`` with
a warning that says the commit dates are wrong: it is never clamped, so a bad clock
shows up instead of quietly skewing the medians.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from .model import Campaign, Decision, Deliverable, Status, Version, Workspace
from .problems import Problem
from .settings import ASSETS_DIR
from .workflow import Evaluation, deliverable_stages, due_instant, evaluate

SOURCES = ("git", "github")


@dataclass(frozen=True)
class StageWait:
    """How long one stage waited, from its opening to the decision that passed it."""

    name: str
    wait_hours: float | None  # None: not passed yet, or no time (working copy)


@dataclass(frozen=True)
class Response:
    """How long one reviewer took to answer one version."""

    reviewer: str
    decision: str  # path of the decision file
    hours: float


@dataclass
class DeliverableTimes:
    """The timeliness figures of one deliverable, for its current version."""

    campaign: str
    id: str
    asset: str  # workspace-relative path
    due: datetime | None  # UTC instant (a date means end of that day, campaign timezone)
    first_submitted_at: datetime | None  # landed_at of version 1
    approved_at: datetime | None  # when the last stage passed for the approved version
    on_time: bool | None  # None when not approved, no due, or times are wrong
    lateness_hours: float | None  # approved_at - due; negative when early
    cycle_hours: float | None  # approved_at - first_submitted_at
    rounds: int | None  # number of the approved version
    stages: list[StageWait] = field(default_factory=list)
    overdue: bool = False  # due passed at "now", not approved
    warnings: list[str] = field(default_factory=list)
    # Beyond the JSON contract (table, markdown, dashboard):
    status: Status = Status.MISSING  # the workflow status of the current version
    stage: str | None = None  # the stage it waits on (in review or blocked)
    production_hours: float | None = None  # current version: authored -> landed
    responses: list[Response] = field(default_factory=list)

    def to_json(self) -> dict:
        """The deliverable entry of ``timeliness --format json``."""
        return {
            "campaign": self.campaign,
            "id": self.id,
            "asset": self.asset,
            "due": iso(self.due),
            "first_submitted_at": iso(self.first_submitted_at),
            "approved_at": iso(self.approved_at),
            "on_time": self.on_time,
            "lateness_hours": self.lateness_hours,
            "cycle_hours": self.cycle_hours,
            "rounds": self.rounds,
            "stages": [{"name": s.name, "wait_hours": s.wait_hours} for s in self.stages],
        }


@dataclass
class CampaignTimes:
    id: str
    on_time_rate: float | None  # approved on time / (approved with a due, or overdue)
    median_cycle_hours: float | None
    p90_cycle_hours: float | None
    overdue: list[str] = field(default_factory=list)  # deliverable ids
    # Beyond the JSON contract:
    wip: dict[str, int] = field(default_factory=dict)  # open stage -> deliverables waiting
    missing: int = 0  # deliverables whose file has not landed
    median_production_hours: float | None = None

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "on_time_rate": self.on_time_rate,
            "median_cycle_hours": self.median_cycle_hours,
            "p90_cycle_hours": self.p90_cycle_hours,
            "overdue": list(self.overdue),
        }


@dataclass(frozen=True)
class ReviewerTimes:
    """One reviewer's answers, across campaigns."""

    reviewer: str
    answers: int
    median_response_hours: float | None
    p90_response_hours: float | None


@dataclass
class Timeliness:
    """Everything ``proofroom timeliness`` shows; warnings are for the problem report."""

    now: datetime
    deliverables: list[DeliverableTimes]
    campaigns: list[CampaignTimes]
    bottleneck: dict | None
    reviewers: list[ReviewerTimes] = field(default_factory=list)

    @property
    def warnings(self) -> list[str]:
        return [w for d in self.deliverables for w in d.warnings]

    def to_json(self, source: str = "git") -> dict:
        if source not in SOURCES:
            raise ValueError(f"source must be one of {', '.join(SOURCES)}, not {source!r}")
        return {
            "now": iso(self.now),
            "source": source,
            "deliverables": [d.to_json() for d in self.deliverables],
            "campaigns": [c.to_json() for c in self.campaigns],
            "bottleneck": dict(self.bottleneck) if self.bottleneck else None,
        }


# ---------------------------------------------------------------- small helpers


def iso(when: datetime | None) -> str | None:
    """A UTC instant as ``2027-02-10T22:59:59Z`` (the form of every time in the JSON)."""
    if when is None:
        return None
    return when.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="seconds") + "Z"


def hours(later: datetime, earlier: datetime) -> float:
    return round((later - earlier).total_seconds() / 3600, 2)


def percentile(values: Iterable[float], q: float) -> float | None:
    """The q-th percentile (0-100), linear between closest ranks (numpy's default).

    None for no values: a campaign without approved deliverables has no cycle time.
    """
    if not 0 <= q <= 100:
        raise ValueError(f"percentile must be between 0 and 100, not {q}")
    ordered = sorted(values)
    if not ordered:
        return None
    position = (len(ordered) - 1) * q / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


# ---------------------------------------------------------------- one deliverable


def deliverable_timeliness(
    campaign: Campaign, deliverable: Deliverable, now: datetime, *, assets_dir: str = ASSETS_DIR
) -> DeliverableTimes:
    """The figures of one deliverable at ``now``.

    Reads the standing the loader settled on the deliverable (status, approval time,
    stage opening and passing times): it does not depend on ``now``, so it is never
    replayed here.
    """
    asset = deliverable.asset
    path = asset.path if asset else f"{assets_dir}/{campaign.id}/{deliverable.asset_rel}"
    tz = campaign.brief.timezone if campaign.brief else "UTC"
    due = due_instant(deliverable.due, tz)
    times = DeliverableTimes(
        campaign=campaign.id,
        id=deliverable.id,
        asset=path,
        due=due,
        first_submitted_at=None,
        approved_at=None,
        on_time=None,
        lateness_hours=None,
        cycle_hours=None,
        rounds=None,
    )
    current = asset.current if asset is not None and asset.present else None
    approved = False
    if asset is not None and current is not None:
        times.first_submitted_at = asset.versions[0].landed_at
        approved = deliverable.status == Status.APPROVED
        if approved:
            times.rounds = current.number
            times.approved_at = deliverable.approved_at
        if times.first_submitted_at is not None and times.first_submitted_at > now:
            _warn(
                times, f"version 1 landed {iso(times.first_submitted_at)}, after now ({iso(now)})"
            )
        times.stages = [
            StageWait(s.name, _wait(times, s.name, s.opened_at, s.passed_at, now))
            for s in deliverable.stages
        ]
        _durations(times, now)
        _future_stage(times, deliverable, now)
        times.production_hours = _production(times, current)
        times.responses = _responses(times, campaign, deliverable)
    times.status, times.stage = deliverable.status, deliverable.stage
    times.overdue = bool(due and not approved and now > due)
    return times


def _future_stage(times: DeliverableTimes, deliverable: Deliverable, now: datetime) -> None:
    """One warning for stage times after now, unless the approval's warning says it."""
    if times.approved_at is not None and times.approved_at > now:
        return
    late = next((st for st in deliverable.stages if st.passed_at and st.passed_at > now), None)
    if late is not None:
        _warn(times, f'stage "{late.name}" passed {iso(late.passed_at)}, after now ({iso(now)})')


def _production(times: DeliverableTimes, version: Version) -> float | None:
    """From the commit that made the content (its author time) to its landing."""
    if version.made is None or version.landed_at is None:
        return None
    made, landed = version.made.authored_at, version.landed_at
    if landed < made:
        n = version.number
        _warn(times, f"version {n} landed {iso(landed)} before it was made {iso(made)}")
        return None
    return hours(landed, made)


def _responses(
    times: DeliverableTimes, campaign: Campaign, deliverable: Deliverable
) -> list[Response]:
    """Each reviewer's answer time on each version of the deliverable's asset.

    The clock starts when the version was waiting for that reviewer: the opening of the
    stage the decision counted for, or the version's landing for an answer given before
    (or outside) its stage. It stops when the reviewer sent the decision (the pull
    request's opening with ``--github``, else its landing).
    """
    asset = deliverable.asset
    assert asset is not None
    stages = deliverable_stages(campaign, deliverable)
    evaluations: dict[int, Evaluation] = {}
    out: list[Response] = []
    for d in deliverable.decisions:
        landed, sent = d.landed_at, d.sent_at
        if d.blob is None or landed is None or sent is None:
            continue  # unresolved sha, or not committed yet
        named = [v for v in asset.versions if v.blob == d.blob and v.landed_at is not None]
        if not named:
            continue
        before = [v for v in named if v.landed_at <= landed]  # type: ignore[operator]
        if not before:
            first = named[0]
            times.warnings.append(
                f"{d.path}: the decision landed {iso(landed)}, before the version it names "
                f"(version {first.number}, {first.short}) landed {iso(first.landed_at)}: "
                "its response time is not counted; check that the pull request with the "
                "version landed first"
            )
            continue
        version = before[-1]
        if version.number not in evaluations:
            evaluations[version.number] = evaluate(stages, deliverable.decisions, version)
        start = _waiting_since(evaluations[version.number], d, version, sent)
        end = sent if sent >= start else landed
        out.append(Response(d.reviewer, d.path, hours(end, start)))
    return out


def _waiting_since(ev: Evaluation, d: Decision, version: Version, sent: datetime) -> datetime:
    landed = version.landed_at
    assert landed is not None
    name = ev.stage_of.get(d.path)
    state = next((s for s in ev.stages if s.name == name), None)
    opened = state.opened_at if state is not None else None
    return opened if opened is not None and landed <= opened <= sent else landed


def _warn(times: DeliverableTimes, message: str) -> None:
    times.warnings.append(f"{times.asset}: {message}: commit dates are wrong")


def _wait(
    times: DeliverableTimes,
    name: str,
    opened: datetime | None,
    passed: datetime | None,
    now: datetime,
) -> float | None:
    if opened is None or passed is None:
        return None
    if passed > now:  # reported once per deliverable, by _future_stage
        return None
    if passed < opened:  # the workflow never does this; a hand-made model could
        _warn(times, f'stage "{name}" passed {iso(passed)} before it opened {iso(opened)}')
        return None
    return hours(passed, opened)


def _durations(times: DeliverableTimes, now: datetime) -> None:
    """Lateness, on time and cycle time, or None with a warning when impossible."""
    approved, first, due = times.approved_at, times.first_submitted_at, times.due
    if approved is None:
        return
    if approved > now:
        _warn(times, f"approved {iso(approved)} is after now ({iso(now)})")
        return
    if due is not None:
        times.lateness_hours = hours(approved, due)
        times.on_time = approved <= due
    if first is None:
        return
    if approved < first:
        _warn(
            times,
            f"cycle time is negative (approved {iso(approved)} before first submitted "
            f"{iso(first)})",
        )
        return
    times.cycle_hours = hours(approved, first)


# ---------------------------------------------------------------- aggregates


def campaign_timeliness(campaign: Campaign, items: Sequence[DeliverableTimes]) -> CampaignTimes:
    """On-time rate, cycle time median and 90th percentile, overdue ids of one campaign.

    The on-time rate counts deliverables that can be judged: approved with a due and
    sound times (``on_time`` is not None), or overdue. An approval without a due is
    neither on time nor late.
    """
    mine = [t for t in items if t.campaign == campaign.id]
    judged = [t for t in mine if t.on_time is not None or t.overdue]
    on_time = sum(1 for t in judged if t.on_time)
    cycles = [t.cycle_hours for t in mine if t.cycle_hours is not None]
    production = [t.production_hours for t in mine if t.production_hours is not None]
    waiting = [t.stage for t in mine if t.status != Status.APPROVED and t.stage is not None]
    rank = {s.name: i for i, s in enumerate(campaign.stages)}
    names = sorted(set(waiting), key=lambda n: (rank.get(n, len(rank)), n))
    wip = {name: waiting.count(name) for name in names}
    return CampaignTimes(
        id=campaign.id,
        on_time_rate=round(on_time / len(judged), 4) if judged else None,
        median_cycle_hours=_rounded(percentile(cycles, 50)),
        p90_cycle_hours=_rounded(percentile(cycles, 90)),
        overdue=[t.id for t in mine if t.overdue],
        wip=wip,
        missing=sum(1 for t in mine if t.status == Status.MISSING),
        median_production_hours=_rounded(percentile(production, 50)),
    )


def reviewer_times(items: Iterable[DeliverableTimes]) -> list[ReviewerTimes]:
    """Median and 90th percentile answer time per reviewer, slowest median first."""
    by: dict[str, list[float]] = {}
    for t in items:
        for r in t.responses:
            by.setdefault(r.reviewer, []).append(r.hours)
    out = [
        ReviewerTimes(
            reviewer=name,
            answers=len(values),
            median_response_hours=_rounded(percentile(values, 50)),
            p90_response_hours=_rounded(percentile(values, 90)),
        )
        for name, values in by.items()
    ]
    return sorted(out, key=lambda r: (-(r.median_response_hours or 0), r.reviewer))


def stage_waits(items: Iterable[DeliverableTimes]) -> list[tuple[str, float, int]]:
    """(stage, median wait in hours, how many waits) in the order stages are first met."""
    waits: dict[str, list[float]] = {}
    for t in items:
        for s in t.stages:
            if s.wait_hours is not None:
                waits.setdefault(s.name, []).append(s.wait_hours)
    return [
        (name, round(percentile(values, 50) or 0.0, 2), len(values))
        for name, values in waits.items()
    ]


def bottleneck(items: Iterable[DeliverableTimes]) -> dict | None:
    """The stage (by name, across campaigns) with the largest median wait.

    Ties go to the stage met first (campaign order). None when no stage has a wait.
    """
    waits: dict[str, list[float]] = {}
    for t in items:
        for s in t.stages:
            if s.wait_hours is not None:
                waits.setdefault(s.name, []).append(s.wait_hours)
    best: tuple[str, float] | None = None
    for name, values in waits.items():
        median = _rounded(percentile(values, 50))
        assert median is not None  # only stages with values are listed
        if best is None or median > best[1]:
            best = (name, median)
    return {"stage": best[0], "median_wait_hours": best[1]} if best else None


def timeliness(ws: Workspace, now: datetime, *, assets_dir: str = ASSETS_DIR) -> Timeliness:
    """Every figure for the workspace at ``now`` (UTC)."""
    items = [
        deliverable_timeliness(c, d, now, assets_dir=assets_dir)
        for c in ws.campaigns
        for d in c.deliverables
    ]
    campaigns = [campaign_timeliness(c, items) for c in ws.campaigns]
    return Timeliness(
        now=now,
        deliverables=items,
        campaigns=campaigns,
        bottleneck=bottleneck(items),
        reviewers=reviewer_times(items),
    )


def timeliness_report(
    ws: Workspace, now: datetime, source: str = "git", *, assets_dir: str = ASSETS_DIR
) -> dict:
    """``proofroom timeliness --format json``, key for key (see the architecture page)."""
    return timeliness(ws, now, assets_dir=assets_dir).to_json(source)


def timeliness_warnings(t: Timeliness) -> list[Problem]:
    """The report's warnings (``<asset>: <what is wrong>``) as problems to print."""
    out = []
    for text in t.warnings:
        path, _, message = text.partition(": ")
        out.append(Problem(path, 0, "warning", message or text))
    return out
