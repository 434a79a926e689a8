"""Workflow rules (the status rules of the formats guide), one case per rule, built by hand.

Times are hours after a fixed instant; ``None`` means "not committed" (working copy or
an uncommitted decision file).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime

import pytest
from helpers.hour_models import (
    BRAND,
    CREATIVE,
    LEGAL,
    THREE,
    A,
    B,
    at,
    campaign_with,
    dec,
    utc,
    version,
)

from proofroom.core.model import (
    DECISIONS,
    STATUSES,
    Decision,
    Stage,
    Status,
    Verdict,
    Version,
)
from proofroom.core.workflow import (
    DEFAULT_STAGE,
    chronological,
    compute_status,
    deliverable_stages,
    due_instant,
    evaluate,
    evaluate_history,
    needed,
)

# "max" approves two stages: his decisions without `stage:` are ambiguous.
SHARED = (CREATIVE, Stage("brand", ("max",), 1), Stage("legal", ("max",), 1))


@dataclass
class Case:
    name: str
    stages: tuple[Stage, ...]
    decisions: list[Decision]
    status: str
    open_stage: str | None
    states: list[str]
    approved_at: float | None = None  # hours
    passed_at: list[float | None] | None = None  # per stage, when checked
    stale: bool = False
    comments: list[tuple[str, str]] = field(default_factory=list)  # (reviewer, decision)
    warnings: list[str] = field(default_factory=list)  # a fragment of each warning, in order
    version: Version = field(default_factory=version)


CASES = [
    Case(
        "nothing decided: first stage open",
        THREE,
        [],
        "in_review",
        "creative",
        ["open", "waiting", "waiting"],
    ),
    Case(
        "stages pass in order",
        THREE,
        [dec("lea", "approved", 1), dec("alice", "approved", 2), dec("carol", "approved", 3)],
        "approved",
        None,
        ["passed", "passed", "passed"],
        approved_at=3,
        passed_at=[1, 2, 3],
    ),
    Case(
        "flow waits at the second stage",
        THREE,
        [dec("lea", "approved", 1)],
        "in_review",
        "brand",
        ["passed", "open", "waiting"],
    ),
    Case(
        "approved_with_changes counts as an approval",
        (CREATIVE,),
        [dec("lea", "approved_with_changes", 2)],
        "approved",
        None,
        ["passed"],
        approved_at=2,
    ),
    Case(
        "required 1 of 2: one approval passes",
        (BRAND,),
        [dec("bob", "approved", 4)],
        "approved",
        None,
        ["passed"],
        approved_at=4,
    ),
    Case(
        "required 2 of 3: one approval is not enough",
        (Stage("brand", ("alice", "bob", "dan"), 2),),
        [dec("alice", "approved", 1)],
        "in_review",
        "brand",
        ["open"],
    ),
    Case(
        "required 2 of 3: the second approval passes",
        (Stage("brand", ("alice", "bob", "dan"), 2),),
        [dec("alice", "approved", 1), dec("dan", "approved", 3)],
        "approved",
        None,
        ["passed"],
        approved_at=3,
    ),
    Case(
        "default all: every approver must approve",
        (Stage("brand", ("alice", "bob"), 2),),
        [dec("alice", "approved", 1)],
        "in_review",
        "brand",
        ["open"],
    ),
    Case(
        "required 0 (not given) means all of them",
        (Stage("brand", ("alice", "bob"), 0),),
        [dec("alice", "approved", 1), dec("bob", "approved", 5)],
        "approved",
        None,
        ["passed"],
        approved_at=5,
    ),
    Case(
        "deliverable subset: only its stages run",
        (BRAND, LEGAL),
        [dec("alice", "approved", 1), dec("carol", "approved", 2)],
        "approved",
        None,
        ["passed", "passed"],
        approved_at=2,
    ),
    Case(
        "deliverable subset: an approver of a skipped stage comments",
        (BRAND, LEGAL),
        [dec("lea", "approved", 1)],
        "in_review",
        "brand",
        ["open", "waiting"],
        comments=[("lea", "approved")],
    ),
    Case(
        "early approval counts when its stage opens",
        THREE,
        [dec("carol", "approved", 1), dec("lea", "approved", 2), dec("alice", "approved", 5)],
        "approved",
        None,
        ["passed"] * 3,
        approved_at=5,
        passed_at=[2, 5, 5],
    ),
    Case(
        "approval that landed before the version passes at the landing",
        THREE,
        [dec("lea", "approved", 1)],
        "in_review",
        "brand",
        ["passed", "open", "waiting"],
        passed_at=[10, None, None],
        version=version(10),
    ),
    Case(
        "before the version lands only the latest decision counts",
        THREE,
        [dec("lea", "approved", 1), dec("lea", "changes_requested", 2)],
        "changes_requested",
        "creative",
        ["blocked", "waiting", "waiting"],
        version=version(10),
    ),
    Case(
        "changes requested on the open stage blocks",
        THREE,
        [dec("lea", "changes_requested", 1)],
        "changes_requested",
        "creative",
        ["blocked", "waiting", "waiting"],
    ),
    Case(
        "rejected on the open stage blocks",
        THREE,
        [dec("lea", "rejected", 1)],
        "rejected",
        "creative",
        ["blocked", "waiting", "waiting"],
    ),
    Case(
        "rejected outranks changes requested",
        (Stage("brand", ("alice", "bob"), 2),),
        [dec("alice", "changes_requested", 1), dec("bob", "rejected", 2)],
        "rejected",
        "brand",
        ["blocked"],
    ),
    Case(
        "a block from a later stage waits for that stage",
        THREE,
        [dec("carol", "changes_requested", 1), dec("lea", "approved", 2)],
        "in_review",
        "brand",
        ["passed", "open", "waiting"],
    ),
    Case(
        "a block from a later stage takes effect when it opens",
        THREE,
        [
            dec("carol", "changes_requested", 1),
            dec("lea", "approved", 2),
            dec("alice", "approved", 3),
        ],
        "changes_requested",
        "legal",
        ["passed", "passed", "blocked"],
    ),
    Case(
        "the blocker's later approval lifts the block",
        THREE,
        [dec("lea", "changes_requested", 1), dec("lea", "approved", 4)],
        "in_review",
        "brand",
        ["passed", "open", "waiting"],
        passed_at=[4, None, None],
    ),
    Case(
        "another approver's approval does not lift a block",
        THREE,
        [
            dec("lea", "approved", 1),
            dec("bob", "changes_requested", 2),
            dec("alice", "approved", 3),
        ],
        "changes_requested",
        "brand",
        ["passed", "blocked", "waiting"],
    ),
    Case(
        "a lifted block passes at the lifting, not at the earlier approval",
        (Stage("brand", ("alice", "bob"), 1),),
        [
            dec("bob", "changes_requested", 1),
            dec("alice", "approved", 2),
            dec("bob", "approved", 6),
        ],
        "approved",
        None,
        ["passed"],
        approved_at=6,
    ),
    Case(
        "a block after the stage passed does not reopen it",
        THREE,
        [dec("lea", "approved", 1), dec("lea", "changes_requested", 2)],
        "in_review",
        "brand",
        ["passed", "open", "waiting"],
        comments=[("lea", "changes_requested")],
        warnings=["does not reopen"],
    ),
    Case(
        "a block from the second approver after a 1-of-2 pass is a comment",
        THREE,
        [dec("lea", "approved", 1), dec("alice", "approved", 2), dec("bob", "rejected", 3)],
        "in_review",
        "legal",
        ["passed", "passed", "open"],
        comments=[("bob", "rejected")],
        warnings=["does not reopen"],
    ),
    Case(
        "a new version makes earlier approvals stale",
        THREE,
        [dec("lea", "approved", 1, blob=B), dec("alice", "approved", 2, blob=B)],
        "in_review",
        "creative",
        ["open", "waiting", "waiting"],
        stale=True,
        version=version(5, number=2),
    ),
    Case(
        "not stale once the current version has an approval",
        THREE,
        [dec("lea", "approved", 1, blob=B), dec("lea", "approved", 6)],
        "in_review",
        "brand",
        ["passed", "open", "waiting"],
        version=version(5, number=2),
    ),
    Case(
        "only blocks on older versions: not stale, not blocked",
        THREE,
        [dec("lea", "changes_requested", 1, blob=B)],
        "in_review",
        "creative",
        ["open", "waiting", "waiting"],
        version=version(5, number=2),
    ),
    Case(
        "a revert to earlier content keeps its approvals",
        THREE,
        [
            dec("lea", "approved", 1),
            dec("alice", "approved", 2),
            dec("carol", "approved", 3),
            dec("lea", "changes_requested", 12, blob=B),
        ],
        "approved",
        None,
        ["passed"] * 3,
        approved_at=20,
        version=version(20, number=3),
    ),
    Case(
        "a non-approver's decision is a comment",
        THREE,
        [dec("zoe", "approved", 1), dec("zoe", "rejected", 2)],
        "in_review",
        "creative",
        ["open", "waiting", "waiting"],
        comments=[("zoe", "approved"), ("zoe", "rejected")],
    ),
    Case(
        "a comment decision from an approver is a comment",
        THREE,
        [dec("lea", "comment", 1)],
        "in_review",
        "creative",
        ["open", "waiting", "waiting"],
        comments=[("lea", "comment")],
    ),
    Case(
        "a comment does not lift a block",
        THREE,
        [dec("lea", "changes_requested", 1), dec("lea", "comment", 2)],
        "changes_requested",
        "creative",
        ["blocked", "waiting", "waiting"],
        comments=[("lea", "comment")],
    ),
    Case(
        "stage named by its approver counts",
        THREE,
        [dec("lea", "approved", 1, stage="creative")],
        "in_review",
        "brand",
        ["passed", "open", "waiting"],
    ),
    Case(
        "stage named by a non-approver is a comment",
        THREE,
        [dec("alice", "approved", 1, stage="legal")],
        "in_review",
        "creative",
        ["open", "waiting", "waiting"],
        comments=[("alice", "approved")],
        warnings=['not an approver of stage "legal"'],
    ),
    Case(
        "stage named that the deliverable skips is a comment",
        (BRAND, LEGAL),
        [dec("lea", "approved", 1, stage="creative")],
        "in_review",
        "brand",
        ["open", "waiting"],
        comments=[("lea", "approved")],
        warnings=['"creative" is not a stage'],
    ),
    Case(
        "ambiguous approver: each decision counts for the first stage not passed",
        SHARED,
        [dec("lea", "approved", 1), dec("max", "approved", 2), dec("max", "approved", 3)],
        "approved",
        None,
        ["passed"] * 3,
        approved_at=3,
        passed_at=[1, 2, 3],
        warnings=['counts for "brand"', 'counts for "legal"'],
    ),
    Case(
        "ambiguous approver before the flow reaches him: first of his stages",
        SHARED,
        [dec("max", "approved", 1), dec("lea", "approved", 2)],
        "in_review",
        "legal",
        ["passed", "passed", "open"],
        passed_at=[2, 2, None],
        warnings=["add `stage: brand`"],
    ),
    Case(
        "ambiguous approver naming his stage: no warning",
        SHARED,
        [dec("max", "approved", 1, stage="legal"), dec("lea", "approved", 2)],
        "in_review",
        "brand",
        ["passed", "open", "waiting"],
    ),
    Case(
        "no stages: one `review` stage that anyone passes",
        (),
        [dec("zoe", "approved", 3)],
        "approved",
        None,
        ["passed"],
        approved_at=3,
    ),
    Case("no stages: nothing decided", (), [], "in_review", "review", ["open"]),
    Case(
        "no stages: anyone's changes requested blocks",
        (),
        [dec("zoe", "changes_requested", 1), dec("yann", "approved", 2)],
        "changes_requested",
        "review",
        ["blocked"],
    ),
    Case(
        "working copy: open now, no times",
        THREE,
        [
            dec("lea", "approved", None),
            dec("alice", "approved", None),
            dec("carol", "approved", None),
        ],
        "approved",
        None,
        ["passed"] * 3,
        approved_at=None,
        passed_at=[None] * 3,
        version=version(None, number=4),
    ),
    Case(
        "working copy reverted to committed content keeps committed approvals",
        THREE,
        [dec("lea", "approved", 1), dec("alice", "approved", None)],
        "in_review",
        "legal",
        ["passed", "passed", "open"],
        passed_at=[None, None, None],
        version=version(None, number=3),
    ),
    Case(
        "working copy: approvals of the last commit are stale",
        THREE,
        [dec("lea", "approved", 1, blob=B)],
        "in_review",
        "creative",
        ["open", "waiting", "waiting"],
        stale=True,
        version=version(None, number=2),
    ),
    Case(
        "uncommitted decisions come after committed ones, without time",
        THREE,
        [dec("alice", "approved", None), dec("lea", "approved", 3)],
        "in_review",
        "legal",
        ["passed", "passed", "open"],
        passed_at=[3, None, None],
    ),
    Case(
        "uncommitted decisions in path order: the later path wins",
        THREE,
        [
            dec("lea", "approved", None, path="reviews/c/hero/2-lea.yml"),
            dec("lea", "changes_requested", None, path="reviews/c/hero/1-lea.yml"),
        ],
        "in_review",
        "brand",
        ["passed", "open", "waiting"],
    ),
    Case(
        "same landing: ties broken by path (approval last)",
        THREE,
        [
            dec("lea", "approved", 2, path="reviews/c/hero/b.yml"),
            dec("lea", "changes_requested", 2, path="reviews/c/hero/a.yml"),
        ],
        "in_review",
        "brand",
        ["passed", "open", "waiting"],
        passed_at=[2, None, None],
    ),
    Case(
        "same landing: ties broken by path (block last, after the pass)",
        THREE,
        [
            dec("lea", "approved", 2, path="reviews/c/hero/a.yml"),
            dec("lea", "changes_requested", 2, path="reviews/c/hero/b.yml"),
        ],
        "in_review",
        "brand",
        ["passed", "open", "waiting"],
        comments=[("lea", "changes_requested")],
        warnings=["does not reopen"],
    ),
    Case(
        "one merge lands every stage's approval",
        THREE,
        [dec("carol", "approved", 2), dec("alice", "approved", 2), dec("lea", "approved", 2)],
        "approved",
        None,
        ["passed"] * 3,
        approved_at=2,
        passed_at=[2, 2, 2],
    ),
    Case(
        "a decision whose sha resolved to nothing is ignored",
        THREE,
        [dec("lea", "approved", 1, blob=None)],
        "in_review",
        "creative",
        ["open", "waiting", "waiting"],
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_evaluate(case: Case) -> None:
    ev = evaluate(case.stages, case.decisions, case.version)
    assert ev.status == case.status
    assert ev.open_stage == case.open_stage
    assert [s.state for s in ev.stages] == case.states
    assert ev.approved_at == at(case.approved_at)
    if case.passed_at is not None:
        assert [s.passed_at for s in ev.stages] == [at(h) for h in case.passed_at]
    assert ev.stale is case.stale
    assert [(d.reviewer, d.decision) for d in ev.comments] == case.comments
    assert len(ev.warnings) == len(case.warnings), ev.warnings
    for fragment, problem in zip(case.warnings, ev.warnings, strict=True):
        assert fragment in problem.message


def test_case_names_are_unique_and_enough() -> None:
    names = [c.name for c in CASES]
    assert len(set(names)) == len(names) >= 30


def test_stage_times_and_votes_are_recorded() -> None:
    lea, alice = dec("lea", "approved", 3), dec("alice", "approved", 7)
    ev = evaluate(THREE, [alice, lea, dec("bob", "comment", 4)], version(1))
    creative, brand, legal = ev.stages
    assert (creative.opened_at, creative.passed_at, creative.passed_by) == (at(1), at(3), lea)
    assert (brand.opened_at, brand.passed_at, brand.passed_by) == (at(3), at(7), alice)
    assert (legal.opened_at, legal.passed_at, legal.state) == (at(7), None, "open")
    assert brand.votes == {"alice": alice}
    assert ev.stage_of == {lea.path: "creative", alice.path: "brand"}


def test_latest_decision_of_an_approver_is_the_vote() -> None:
    first, second = dec("lea", "changes_requested", 1), dec("lea", "rejected", 2)
    ev = evaluate(THREE, [second, first], version(0))
    assert ev.stages[0].votes == {"lea": second}
    assert ev.status == "rejected"


def test_stale_approvals_are_listed_under_their_stage() -> None:
    old_lea = dec("lea", "approved", 1, blob=B)
    old_alice = dec("alice", "approved", 2, blob=B)
    old_zoe = dec("zoe", "approved", 2, blob=B)  # not an approver: not listed
    ev = evaluate(THREE, [old_alice, old_zoe, old_lea], version(5, number=2))
    assert [s.stale for s in ev.stages] == [[old_lea], [old_alice], []]
    assert all(not s.votes for s in ev.stages)


def test_opened_at_overrides_the_landing() -> None:
    ev = evaluate(THREE, [dec("lea", "approved", 1)], version(0), opened_at=at(6))
    assert ev.stages[0].opened_at == at(6)
    assert ev.stages[0].passed_at == at(6)


def test_history_evaluates_each_version_with_its_own_decisions() -> None:
    v1, v2, v3 = version(0, B, 1), version(10, A, 2), version(30, B, 3)
    decisions = [
        dec("lea", "changes_requested", 2, blob=B),
        dec("lea", "approved", 12),
        dec("alice", "approved", 14),
        dec("carol", "approved", 20),
    ]
    history = evaluate_history(THREE, decisions, [v1, v2, v3])
    assert [e.status for e in history] == ["changes_requested", "approved", "changes_requested"]
    assert history[1].approved_at == at(20)
    assert [s.passed_at for s in history[1].stages] == [at(12), at(14), at(20)]
    assert history[2].stages[0].opened_at == at(30)


def test_chronological_order() -> None:
    late, early = dec("b", "comment", 5), dec("a", "comment", 1)
    loose_z = dec("z", "comment", None, path="reviews/c/z.yml")
    loose_a = dec("a", "comment", None, path="reviews/c/a.yml")
    tie = dec("a", "approved", 5, path="reviews/c/hero/000.yml")
    assert chronological([loose_z, late, loose_a, early, tie]) == [
        early,
        tie,
        late,
        loose_a,
        loose_z,
    ]


@pytest.mark.parametrize(
    ("stage", "expected"),
    [
        (Stage("s", ("a", "b", "c"), 2), 2),
        (Stage("s", ("a", "b", "c"), 0), 3),
        (Stage("s", ("a", "b"), 5), 2),
        (DEFAULT_STAGE, 1),
    ],
)
def test_needed(stage: Stage, expected: int) -> None:
    assert needed(stage) == expected


# ---------------------------------------------------------------- the deliverable


@dataclass
class StatusCase:
    name: str
    now: str  # UTC
    due: date | datetime | None
    status: str
    overdue: bool
    approved: bool = False
    present: bool = True


STATUS_CASES = [
    # 2027-02-10 in Paris ends at 23:59:59 CET, 22:59:59 UTC.
    StatusCase(
        "date due: just before the end of the day in Paris",
        "2027-02-10T22:59:59",
        date(2027, 2, 10),
        "in_review",
        False,
    ),
    StatusCase(
        "date due: passed one second after the end of the day in Paris",
        "2027-02-10T23:00:00",
        date(2027, 2, 10),
        "in_review",
        True,
    ),
    StatusCase(
        "datetime due: passed", "2027-02-05T12:00:01", utc("2027-02-05T12:00:00"), "in_review", True
    ),
    StatusCase(
        "datetime due: not passed",
        "2027-02-05T11:00:00",
        utc("2027-02-05T12:00:00"),
        "in_review",
        False,
    ),
    StatusCase(
        "approved late is not overdue",
        "2027-03-01T00:00:00",
        date(2027, 2, 10),
        "approved",
        False,
        approved=True,
    ),
    StatusCase("no due date: never overdue", "2030-01-01T00:00:00", None, "in_review", False),
    StatusCase(
        "missing file past due is overdue",
        "2027-02-11T00:00:00",
        date(2027, 2, 10),
        "missing",
        True,
        present=False,
    ),
    StatusCase(
        "missing file before due",
        "2027-02-01T00:00:00",
        date(2027, 2, 10),
        "missing",
        False,
        present=False,
    ),
]


@pytest.mark.parametrize("case", STATUS_CASES, ids=[c.name for c in STATUS_CASES])
def test_compute_status_overdue_and_missing(case: StatusCase) -> None:
    decisions = [dec("lea", "approved", 1), dec("alice", "approved", 2)]
    if case.approved:
        decisions.append(dec("carol", "approved", 3))
    campaign, deliverable = campaign_with(decisions, due=case.due, present=case.present)
    compute_status(campaign, deliverable, utc(case.now))
    assert deliverable.status == case.status
    assert deliverable.overdue is case.overdue


def test_compute_status_fills_the_deliverable() -> None:
    stale = dec("lea", "approved", 1, blob=B)
    campaign, deliverable = campaign_with(
        [stale, dec("alice", "approved", 12)],
        spec_stages=("brand", "legal"),
        versions=[version(0, B, 1), version(10, A, 2)],
    )
    evaluation = compute_status(campaign, deliverable, utc("2027-02-02T00:00:00"))
    assert evaluation is not None
    assert (deliverable.status, deliverable.stage) == ("in_review", "legal")
    assert [s.name for s in deliverable.stages] == ["brand", "legal"]
    assert deliverable.stages[0].passed_at == at(12)
    assert deliverable.approved_at is None
    assert deliverable.stale is False
    assert evaluation.comments == []


def test_compute_status_approved_and_stale_flags() -> None:
    campaign, deliverable = campaign_with(
        [dec("zoe", "approved", 4)], stages=(), versions=[version(2)]
    )
    compute_status(campaign, deliverable, utc("2027-02-02T00:00:00"))
    assert (deliverable.status, deliverable.approved_at) == ("approved", at(4))
    assert [s.name for s in deliverable.stages] == ["review"]

    campaign, deliverable = campaign_with(
        [dec("lea", "approved", 1, blob=B)], versions=[version(0, B, 1), version(5, A, 2)]
    )
    compute_status(campaign, deliverable, utc("2027-02-02T00:00:00"))
    assert (deliverable.status, deliverable.stage, deliverable.stale) == (
        "in_review",
        "creative",
        True,
    )


def test_compute_status_missing_clears_the_workflow() -> None:
    campaign, deliverable = campaign_with([], versions=[])
    assert compute_status(campaign, deliverable, utc("2027-02-02T00:00:00")) is None
    assert (deliverable.status, deliverable.stage, deliverable.stages) == ("missing", None, [])


def test_deliverable_stages_keep_campaign_order() -> None:
    campaign, deliverable = campaign_with([], spec_stages=("legal", "creative"))
    assert deliverable_stages(campaign, deliverable) == (CREATIVE, LEGAL)
    campaign, deliverable = campaign_with([], stages=())
    assert deliverable_stages(campaign, deliverable) == (DEFAULT_STAGE,)


@pytest.mark.parametrize(
    ("due", "tz", "expected"),
    [
        (date(2027, 2, 10), "Europe/Paris", "2027-02-10T22:59:59"),  # CET, UTC+1
        (date(2027, 7, 10), "Europe/Paris", "2027-07-10T21:59:59"),  # CEST, UTC+2
        (date(2027, 2, 10), "UTC", "2027-02-10T23:59:59"),
        (datetime(2027, 2, 10, 9, 30), "Europe/Paris", "2027-02-10T08:30:00"),  # naive: local
        (utc("2027-02-10T09:30:00"), "Europe/Paris", "2027-02-10T09:30:00"),
        (date(2027, 2, 10), "Not/AZone", "2027-02-10T23:59:59"),  # reported by the brief check
    ],
)
def test_due_instant(due: date | datetime, tz: str, expected: str) -> None:
    assert due_instant(due, tz) == utc(expected)
    assert due_instant(None, tz) is None


def test_statuses_and_verdicts_are_their_words() -> None:
    """The vocabularies equal their text, so JSON, YAML and pages hold the plain word."""
    data = {"status": Status.CHANGES_REQUESTED, "decision": Verdict.APPROVED_WITH_CHANGES}
    assert (
        json.dumps(data) == '{"status": "changes_requested", "decision": "approved_with_changes"}'
    )
    assert f"{Status.IN_REVIEW}" == str(Status.IN_REVIEW) == "in_review"
    assert STATUSES == ("missing", "in_review", "changes_requested", "rejected", "approved")
    assert DECISIONS == (
        "approved",
        "approved_with_changes",
        "changes_requested",
        "rejected",
        "comment",
    )
    assert all(type(s) is str for s in STATUSES + DECISIONS)
