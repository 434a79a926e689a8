"""Workflow status of a deliverable: which stage is open, blocked or passed, and when.

Pure functions over the model (the rules are described on the architecture page). One
version (blob) is evaluated at a time by replaying its decisions in landing order, so
that the time each stage opened and passed is known for timeliness, not only the final
state. A deliverable's :class:`Standing` is computed from its current version's
evaluation and "now"; the loader settles it on the deliverable once.

Rules worth knowing when reading the code:

- A stage without approvers is open to *anyone*: every reviewer is one of its approvers.
  A campaign without stages has one such stage, ``review``, that one approval passes.
- Only decisions on the version's blob count; approvals of other blobs are *stale*.
- Per stage, only an approver's latest decision on the blob counts. A blocking vote on the
  open stage stops the flow; a stage passes when ``required`` approvers approve and none
  blocks. A stage that passed stays passed: a later objection is a comment and a warning.
- A guest's signed decision speaks for the approver ``guest:<reviewer>``
  (``Decision.approver``); the loader has already refused guests' decisions that their
  share does not allow.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .logins import among, as_written
from .model import (
    APPROVING,
    BLOCKING,
    Campaign,
    Decision,
    Deliverable,
    Stage,
    StageState,
    Standing,
    Status,
    Verdict,
    Version,
    due_end,
)
from .problems import Problem

DEFAULT_STAGE = Stage(name="review", approvers=(), required=1)
"""The stage of a campaign without stages: any one reviewer's approval passes it."""


@dataclass
class Evaluation:
    """Where one version of a deliverable stands, and how it got there."""

    status: Status  # never MISSING: a version is evaluated
    open_stage: str | None  # the open (or blocked) stage; None once approved
    stages: list[StageState]
    approved_at: datetime | None = None  # when the last stage passed (None: not, or no time)
    stale: bool = False  # no approval of this blob, but approvals of other blobs
    comments: list[Decision] = field(default_factory=list)  # decisions that count for no stage
    warnings: list[Problem] = field(default_factory=list)
    stage_of: dict[str, str] = field(default_factory=dict)  # decision path -> stage it counted for


# ---------------------------------------------------------------- stages and people


def deliverable_stages(campaign: Campaign, deliverable: Deliverable) -> tuple[Stage, ...]:
    """The campaign stages that apply to a deliverable, in campaign order."""
    stages = campaign.stages
    spec = deliverable.spec
    if spec and spec.stages is not None:
        wanted = set(spec.stages)
        return tuple(s for s in stages if s.name in wanted)
    return stages


def open_to_anyone(stage: Stage) -> bool:
    """A stage without approvers takes any reviewer's decision (the default ``review``)."""
    return not stage.approvers


def is_approver(stage: Stage, reviewer: str) -> bool:
    return open_to_anyone(stage) or among(reviewer, stage.approvers)


def needed(stage: Stage) -> int:
    """Approvals that pass a stage: ``required``, at least 1, at most the approvers."""
    if open_to_anyone(stage):
        return max(stage.required, 1)
    count = len(stage.approvers)
    return min(stage.required, count) if stage.required > 0 else count


# ---------------------------------------------------------------- time


def due_instant(due: date | datetime | None, tz: str) -> datetime | None:
    """A due date means 23:59:59 that day in the campaign timezone; returned in UTC."""
    if due is None:
        return None
    try:
        zone = ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):  # the brief check already reported it
        zone = ZoneInfo("UTC")
    return due_end(due, zone).astimezone(UTC)


def _later(a: datetime | None, b: datetime | None) -> datetime | None:
    """The later of two instants, where None is "now, time unknown" (after any time)."""
    return None if a is None or b is None else max(a, b)


def _before(when: datetime | None, opening: datetime | None) -> bool:
    """Whether ``when`` is strictly before ``opening`` (None is now: after any time)."""
    return when is not None and (opening is None or when < opening)


def chronological(decisions: Sequence[Decision]) -> list[Decision]:
    """Landing order; uncommitted decisions last; ties (one merge, many files) by path."""
    return sorted(decisions, key=lambda d: (d.landed_at is None, d.landed_at or _EPOCH, d.path))


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


# ---------------------------------------------------------------- the replay


@dataclass
class _Replay:
    """The mutable state of one evaluation while decisions are replayed in order."""

    stages: tuple[Stage, ...]
    states: list[StageState]
    opened: bool = False  # stage 1 has opened (the version has landed)
    current: int = 0  # index of the open stage; len(stages) once all passed
    comments: list[Decision] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    stage_of: dict[str, str] = field(default_factory=dict)

    def warn(self, d: Decision, message: str) -> None:
        """Stage mistakes point at the `stage:` line (or `reviewer:` when there is none)."""
        line = d.lines.get(("stage",)) or d.lines.get(("reviewer",)) or d.line
        self.warnings.append(Problem(d.path, line, "warning", message))


def _named_stage(r: _Replay, d: Decision) -> int | None:
    """The index of the stage a decision names, or None (then it is a comment)."""
    names = [s.name for s in r.stages]
    if d.stage not in names:
        r.warn(
            d,
            f'stage "{d.stage}" is not a stage of this deliverable (its stages: '
            f"{', '.join(names)}); the decision is shown as a comment",
        )
        return None
    i = names.index(d.stage)
    if not is_approver(r.stages[i], d.approver):
        r.warn(
            d,
            f'{d.reviewer} is not an approver of stage "{d.stage}" (approvers: '
            f"{', '.join(r.stages[i].approvers)}); the decision is shown as a comment",
        )
        return None
    return i


def _inferred_stage(r: _Replay, d: Decision) -> int | None:
    """The stage a decision without ``stage:`` counts for, or None for a non-approver."""
    mine = [i for i, s in enumerate(r.stages) if is_approver(s, d.approver)]
    if len(mine) <= 1:
        return mine[0] if mine else None
    i = next((i for i in mine if r.states[i].state != "passed"), mine[-1])
    names = ", ".join(r.stages[j].name for j in mine)
    r.warn(
        d,
        f"{d.reviewer} approves several stages ({names}) and the decision names none; "
        f'it counts for "{r.stages[i].name}": add `stage: {r.stages[i].name}` to say which',
    )
    return i


def _stage_index(r: _Replay, d: Decision) -> int | None:
    if d.decision not in APPROVING | BLOCKING:
        return None
    return _named_stage(r, d) if d.stage else _inferred_stage(r, d)


def _record(r: _Replay, d: Decision) -> bool:
    """Count a decision as a vote; False when it is only a comment."""
    i = _stage_index(r, d)
    if i is None:
        r.comments.append(d)
        return False
    state = r.states[i]
    if state.state == "passed" and d.blocks:
        r.comments.append(d)
        r.warn(
            d,
            f'{d.decision} on stage "{state.name}" came after the stage passed; it does not '
            "reopen it: commit a new version of the asset to restart the review",
        )
        return False
    state.votes[as_written(d.approver, state.approvers)] = d  # keyed as the brief spells it
    r.stage_of[d.path] = state.name
    return True


def _approvals(state: StageState, order: dict[str, int]) -> list[Decision]:
    return sorted((v for v in state.votes.values() if v.approves), key=lambda v: order[v.path])


def _advance(r: _Replay, trigger: Decision | None, order: dict[str, int]) -> None:
    """Open, pass or block stages from the open one on, at the trigger's moment."""
    while r.current < len(r.stages):
        stage, state = r.stages[r.current], r.states[r.current]
        if any(v.blocks for v in state.votes.values()):
            state.state = "blocked"
            return
        approvals = _approvals(state, order)
        if len(approvals) < needed(stage):
            state.state = "open"
            return
        by = next((a for a in approvals if a is trigger), approvals[needed(stage) - 1])
        state.state, state.passed_by = "passed", by
        state.passed_at = _later(state.opened_at, by.landed_at)
        r.current += 1
        if r.current < len(r.stages):
            r.states[r.current].opened_at = state.passed_at


def _mark_stale(r: _Replay, others: Sequence[Decision]) -> None:
    """List approvals of other blobs under the stage they were for (not counted)."""
    for d in others:
        if not d.approves:
            continue
        mine = [i for i, s in enumerate(r.stages) if is_approver(s, d.approver)]
        names = [r.stages[i].name for i in mine]
        if d.stage in names:
            r.states[mine[names.index(d.stage)]].stale.append(d)
        elif mine and not d.stage:
            r.states[mine[0]].stale.append(d)


def _status(r: _Replay) -> tuple[Status, str | None]:
    if r.current >= len(r.stages):
        return Status.APPROVED, None
    state = r.states[r.current]
    if state.state != "blocked":
        return Status.IN_REVIEW, state.name
    blocking = {v.decision for v in state.votes.values() if v.blocks}
    if Verdict.REJECTED in blocking:
        return Status.REJECTED, state.name
    return Status.CHANGES_REQUESTED, state.name


def _open(r: _Replay, opening: datetime | None, order: dict[str, int]) -> None:
    """The version lands: stage 1 opens with whatever was decided before."""
    r.opened = True
    r.states[0].opened_at = opening
    _advance(r, None, order)


def evaluate(
    stages: Sequence[Stage],
    decisions: Sequence[Decision],
    version: Version,
    *,
    opened_at: datetime | None = None,
) -> Evaluation:
    """Replay the decisions on ``version``'s blob and say where the version stands.

    Stage 1 opens at ``opened_at`` (default: the version's landing; None for the
    working copy: open now, without times). Decisions that landed before that are
    recorded first, so their approvals pass the stage the moment it opens.
    """
    stages = tuple(stages) or (DEFAULT_STAGE,)
    opening = opened_at if opened_at is not None else version.landed_at
    mine = chronological([d for d in decisions if d.blob == version.blob])
    others = chronological([d for d in decisions if d.blob and d.blob != version.blob])
    states = [StageState(s.name, s.approvers, needed(s)) for s in stages]
    r = _Replay(stages=stages, states=states)
    order = {d.path: n for n, d in enumerate(mine)}
    for d in mine:
        if not r.opened and not _before(d.landed_at, opening):
            _open(r, opening, order)
        counted = _record(r, d)
        if r.opened and counted:
            _advance(r, d, order)
    if not r.opened:
        _open(r, opening, order)
    _mark_stale(r, others)
    status, open_stage = _status(r)
    approved = any(v.approves for s in states for v in s.votes.values())
    return Evaluation(
        status=status,
        open_stage=open_stage,
        stages=states,
        approved_at=states[-1].passed_at if status == Status.APPROVED else None,
        stale=not approved and any(s.stale for s in states),
        comments=r.comments,
        warnings=r.warnings,
        stage_of=r.stage_of,
    )


def evaluate_history(
    stages: Sequence[Stage], decisions: Sequence[Decision], versions: Sequence[Version]
) -> list[Evaluation]:
    """One evaluation per version, oldest first (rounds and stage waits for timeliness)."""
    return [evaluate(stages, decisions, v) for v in versions]


# ---------------------------------------------------------------- the deliverable


def evaluate_current(campaign: Campaign, deliverable: Deliverable) -> Evaluation | None:
    """The evaluation of the deliverable's current version; None when its file is missing.

    Uses ``deliverable.decisions`` (every decision on its asset).
    """
    asset = deliverable.asset
    if asset is None or asset.current is None or not asset.present:
        return None
    return evaluate(deliverable_stages(campaign, deliverable), deliverable.decisions, asset.current)


def standing(
    campaign: Campaign, deliverable: Deliverable, evaluation: Evaluation | None, now: datetime
) -> Standing:
    """Status, open stage, flags, stages and approval time at ``now`` (the due passes)."""
    tz = campaign.brief.timezone if campaign.brief else "UTC"
    due = due_instant(deliverable.due, tz)
    if evaluation is None:
        return Standing(status=Status.MISSING, overdue=bool(due and now > due))
    return Standing(
        status=evaluation.status,
        stage=evaluation.open_stage,
        overdue=bool(due and evaluation.status != Status.APPROVED and now > due),
        stale=evaluation.stale,
        stages=tuple(evaluation.stages),
        approved_at=evaluation.approved_at,
    )


def compute_status(
    campaign: Campaign, deliverable: Deliverable, now: datetime
) -> Evaluation | None:
    """Evaluate a deliverable and settle its standing, as the loader does.

    Returns the evaluation (comments, warnings), None when the file is missing.
    """
    evaluation = evaluate_current(campaign, deliverable)
    deliverable.settle(standing(campaign, deliverable, evaluation, now))
    return evaluation
