"""Timeliness (its definitions and its JSON), one named case per rule, built by hand.

Times are hours after a fixed instant; ``None`` means "not committed" (working copy or an
uncommitted decision file). Expected figures are computed by hand in the comments.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from helpers.hour_models import T0, A, B, at, campaign_with, dec, utc, version
from helpers.timeliness_json import DELIVERABLE_KEYS

from proofroom.core.model import Campaign, Decision, Deliverable, Version, Workspace
from proofroom.core.timeliness import (
    DeliverableTimes,
    StageWait,
    bottleneck,
    campaign_timeliness,
    deliverable_timeliness,
    iso,
    percentile,
    timeliness,
    timeliness_report,
)
from proofroom.core.workflow import compute_status

C = "c" * 40


def h(text: str) -> float:
    """Hours from T0 to a UTC instant, to place a commit at a calendar time."""
    return (utc(text) - T0).total_seconds() / 3600


def all_three(lea: float | None, alice: float | None, carol: float | None) -> list[Decision]:
    return [
        dec("lea", "approved", lea),
        dec("alice", "approved", alice),
        dec("carol", "approved", carol),
    ]


def campaign_as_loaded(decisions: list[Decision], **kw) -> tuple[Campaign, Deliverable]:
    """The campaign with the status the loader computes (the workflow has run)."""
    campaign, deliverable = campaign_with(decisions, **kw)
    compute_status(campaign, deliverable, utc("2027-01-01T00:00:00"))
    return campaign, deliverable


# ---------------------------------------------------------------- one deliverable


@dataclass
class Case:
    name: str
    decisions: list[Decision]
    now: str  # UTC
    expected: dict  # DeliverableTimes field -> value; times as "...Z" strings
    due: date | datetime | None = None
    versions: list[Version] = field(default_factory=lambda: [version(0)])
    present: bool = True
    warning: str | None = None  # the whole warning, when one is expected


CASES = [
    Case(
        # Due 2027-02-10 in Paris (CET, UTC+1) ends 22:59:59 UTC. Approved Feb 1 12:00 UTC:
        # 9 days 10:59:59 early = -226.9997 h.
        "date due in winter, approved early",
        all_three(1, 2, 3),
        "2027-03-01T00:00:00",
        {
            "due": "2027-02-10T22:59:59Z",
            "first_submitted_at": "2027-02-01T09:00:00Z",
            "approved_at": "2027-02-01T12:00:00Z",
            "on_time": True,
            "lateness_hours": -227.0,
            "cycle_hours": 3.0,
            "rounds": 1,
            "overdue": False,
        },
        due=date(2027, 2, 10),
    ),
    Case(
        # Paris moves to CEST on 2027-03-28: 2027-03-29 ends 21:59:59 UTC, so an approval at
        # 22:30 UTC is 30 min 1 s late (it would be on time with the winter offset).
        "date due in the daylight-saving week, approved late",
        all_three(1, 2, h("2027-03-29T22:30:00")),
        "2027-04-01T00:00:00",
        {
            "due": "2027-03-29T21:59:59Z",
            "approved_at": "2027-03-29T22:30:00Z",
            "on_time": False,
            "lateness_hours": 0.5,
            "rounds": 1,
            "overdue": False,
        },
        due=date(2027, 3, 29),
    ),
    Case(
        # The day before the change is still CET: 2027-03-27 ends 22:59:59 UTC.
        "date due the day before the daylight-saving change, approved just in time",
        all_three(1, 2, h("2027-03-27T22:30:00")),
        "2027-04-01T00:00:00",
        {
            "due": "2027-03-27T22:59:59Z",
            "on_time": True,
            "lateness_hours": -0.5,
        },
        due=date(2027, 3, 27),
    ),
    Case(
        # 12:00 at UTC-5 is 17:00 UTC; approved 19:00 UTC: 2 h late.
        "datetime due with an offset, approved late",
        all_three(1, 2, h("2027-02-05T19:00:00")),
        "2027-03-01T00:00:00",
        {
            "due": "2027-02-05T17:00:00Z",
            "on_time": False,
            "lateness_hours": 2.0,
            "cycle_hours": 106.0,
            "overdue": False,
        },
        due=datetime(2027, 2, 5, 12, 0, tzinfo=timezone(timedelta(hours=-5))),
    ),
    Case(
        "no due: neither on time nor late, cycle still known",
        all_three(1, 2, 3),
        "2030-01-01T00:00:00",
        {
            "due": None,
            "on_time": None,
            "lateness_hours": None,
            "cycle_hours": 3.0,
            "rounds": 1,
            "overdue": False,
        },
    ),
    Case(
        "not approved and overdue",
        [dec("lea", "approved", 1)],
        "2027-02-11T00:00:00",
        {
            "approved_at": None,
            "on_time": None,
            "lateness_hours": None,
            "cycle_hours": None,
            "rounds": None,
            "overdue": True,
            "stages": [
                StageWait("creative", 1.0),
                StageWait("brand", None),
                StageWait("legal", None),
            ],
        },
        due=date(2027, 2, 10),
    ),
    Case(
        "not approved, due not passed yet",
        [dec("lea", "approved", 1)],
        "2027-02-10T22:59:59",
        {"overdue": False, "on_time": None},
        due=date(2027, 2, 10),
    ),
    Case(
        # v1 at 0, v2 at 10, v3 at 20; only v3 (the current content) is approved, at 21-23.
        "rounds: the third version is the approved one",
        [dec("lea", "approved", 2, blob=B), *all_three(21, 22, 23)],
        "2027-03-01T00:00:00",
        {
            "first_submitted_at": "2027-02-01T09:00:00Z",
            "approved_at": iso(at(23)),
            "cycle_hours": 23.0,
            "rounds": 3,
            "stages": [
                StageWait("creative", 1.0),
                StageWait("brand", 1.0),
                StageWait("legal", 1.0),
            ],
        },
        versions=[version(0, B, 1), version(10, C, 2), version(20, A, 3)],
    ),
    Case(
        # alice approves at 1, before brand opens at 5 (when lea passes creative): wait 0.
        "approval before its stage opened waits 0",
        [dec("alice", "approved", 1), dec("lea", "approved", 5), dec("carol", "approved", 6.5)],
        "2027-03-01T00:00:00",
        {
            "approved_at": iso(at(6.5)),
            "stages": [
                StageWait("creative", 5.0),
                StageWait("brand", 0.0),
                StageWait("legal", 1.5),
            ],
        },
    ),
    Case(
        # v1's commit says 10:00 after T0, v2's says T0 (a wrong clock): approved at 3 h,
        # 7 h before the first submission. Lateness against the due is still a true figure.
        "negative cycle time is null with a warning",
        all_three(1, 2, 3),
        "2027-03-01T00:00:00",
        {
            "first_submitted_at": "2027-02-01T19:00:00Z",
            "approved_at": "2027-02-01T12:00:00Z",
            "cycle_hours": None,
            "on_time": True,
            "lateness_hours": -3.0,
            "rounds": 2,
        },
        due=utc("2027-02-01T15:00:00"),
        versions=[version(10, B, 1), version(0, A, 2)],
        warning="assets/c/hero.jpg: cycle time is negative (approved 2027-02-01T12:00:00Z before "
        "first submitted 2027-02-01T19:00:00Z): commit dates are wrong",
    ),
    Case(
        # The approval's commit is dated after "now": no duration is computed from it.
        "approval dated in the future is null with a warning",
        all_three(1, 2, 30),
        "2027-02-02T00:00:00",
        {
            "approved_at": iso(at(30)),
            "on_time": None,
            "lateness_hours": None,
            "cycle_hours": None,
            "overdue": False,
        },
        due=date(2027, 2, 1),
        warning="assets/c/hero.jpg: approved 2027-02-02T15:00:00Z is after now "
        "(2027-02-02T00:00:00Z): commit dates are wrong",
    ),
    Case(
        "working copy approved by uncommitted decisions has no times",
        [dec("lea", "approved", 1, blob=B), *all_three(None, None, None)],
        "2027-03-01T00:00:00",
        {
            "first_submitted_at": "2027-02-01T09:00:00Z",
            "approved_at": None,
            "on_time": None,
            "lateness_hours": None,
            "cycle_hours": None,
            "rounds": 2,
            "overdue": False,
            "stages": [
                StageWait("creative", None),
                StageWait("brand", None),
                StageWait("legal", None),
            ],
        },
        due=date(2027, 2, 10),
        versions=[version(0, B, 1), version(None, A, 2)],
    ),
    Case(
        "missing file past due: overdue, no times",
        [],
        "2027-02-11T00:00:00",
        {
            "asset": "assets/c/hero.jpg",
            "first_submitted_at": None,
            "approved_at": None,
            "rounds": None,
            "stages": [],
            "overdue": True,
        },
        due=date(2027, 2, 10),
        present=False,
    ),
]


def _shown(value: object) -> object:
    return iso(value) if isinstance(value, datetime) else value


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_deliverable_timeliness(case: Case) -> None:
    campaign, deliverable = campaign_as_loaded(
        case.decisions, due=case.due, versions=case.versions, present=case.present
    )
    times = deliverable_timeliness(campaign, deliverable, utc(case.now))
    assert (times.campaign, times.id) == ("c", "hero")
    got = {key: _shown(getattr(times, key)) for key in case.expected}
    assert got == case.expected
    assert times.warnings == ([case.warning] if case.warning else [])


def test_times_are_utc_and_hours_are_rounded() -> None:
    campaign, deliverable = campaign_as_loaded(all_three(1, 2, 3 + 1 / 7), due=date(2027, 2, 10))
    times = deliverable_timeliness(campaign, deliverable, utc("2027-03-01T00:00:00"))
    assert times.due is not None and times.due.utcoffset() == timedelta(0)
    assert times.cycle_hours == 3.14  # 3.142857... h
    assert [s.wait_hours for s in times.stages] == [1.0, 1.0, 1.14]


def test_missing_file_without_asset_names_the_listed_path() -> None:
    campaign, deliverable = campaign_as_loaded([], due=date(2027, 2, 10))
    deliverable.asset = None
    times = deliverable_timeliness(campaign, deliverable, utc("2027-02-01T00:00:00"))
    assert (times.asset, times.overdue, times.stages) == ("assets/c/hero.jpg", False, [])


# ---------------------------------------------------------------- percentiles


@pytest.mark.parametrize(
    ("values", "q", "expected"),
    [
        ([], 50, None),
        ([7.0], 90, 7.0),
        ([1.0, 2.0, 3.0, 4.0], 50, 2.5),  # rank 1.5: halfway between 2 and 3
        ([4.0, 1.0, 3.0, 2.0], 90, 3.7),  # unsorted; rank 2.7: 3 + 0.7 * (4 - 3)
        ([10.0, 20.0, 30.0, 40.0, 50.0], 90, 46.0),  # rank 3.6: 40 + 0.6 * 10
        ([10.0, 20.0, 30.0, 40.0, 50.0], 50, 30.0),
        ([10.0, 20.0, 30.0], 0, 10.0),
        ([10.0, 20.0, 30.0], 100, 30.0),
    ],
)
def test_percentile(values: list[float], q: float, expected: float | None) -> None:
    result = percentile(values, q)
    assert result == (None if expected is None else pytest.approx(expected))


@pytest.mark.parametrize("q", [-1, 101])
def test_percentile_out_of_range(q: float) -> None:
    with pytest.raises(ValueError, match="between 0 and 100"):
        percentile([1.0], q)


# ---------------------------------------------------------------- campaigns


def item(
    did: str,
    *,
    cid: str = "c",
    on_time: bool | None = None,
    overdue: bool = False,
    cycle: float | None = None,
    waits: dict[str, float | None] | None = None,
) -> DeliverableTimes:
    return DeliverableTimes(
        campaign=cid,
        id=did,
        asset=f"assets/{cid}/{did}.jpg",
        due=None,
        first_submitted_at=None,
        approved_at=None,
        on_time=on_time,
        lateness_hours=None,
        cycle_hours=cycle,
        rounds=None,
        stages=[StageWait(n, w) for n, w in (waits or {}).items()],
        overdue=overdue,
    )


def test_campaign_timeliness() -> None:
    campaign, _ = campaign_as_loaded([])
    items = [
        item("a", on_time=True, cycle=10),
        item("b", on_time=True, cycle=40),
        item("c", on_time=False, cycle=20),
        item("d", overdue=True),
        item("e", cycle=30),  # approved without a due: not judged, its cycle counts
        item("f"),  # in review, not overdue: not judged
        item("g", cid="other", on_time=False, overdue=True, cycle=1000),  # another campaign
    ]
    result = campaign_timeliness(campaign, items)
    assert result.id == "c"
    assert result.on_time_rate == 0.5  # 2 on time / (3 approved with a due + 1 overdue)
    assert result.median_cycle_hours == 25.0  # [10, 20, 30, 40]: rank 1.5
    assert result.p90_cycle_hours == 37.0  # rank 2.7: 30 + 0.7 * 10
    assert result.overdue == ["d"]


def test_campaign_timeliness_with_nothing_to_judge() -> None:
    campaign, _ = campaign_as_loaded([])
    result = campaign_timeliness(campaign, [item("a"), item("b", cycle=None)])
    assert (result.on_time_rate, result.median_cycle_hours, result.p90_cycle_hours) == (
        None,
        None,
        None,
    )
    assert result.overdue == []


def test_on_time_rate_is_rounded() -> None:
    campaign, _ = campaign_as_loaded([])
    items = [item("a", on_time=True), item("b", on_time=False), item("c", overdue=True)]
    assert campaign_timeliness(campaign, items).on_time_rate == 0.3333


# ---------------------------------------------------------------- bottleneck


def test_bottleneck_is_the_largest_median_not_the_largest_mean() -> None:
    items = [
        item("a", waits={"creative": 1, "brand": 5, "legal": None}),
        item("b", waits={"creative": 2, "brand": 6}),
        item("c", cid="other", waits={"creative": 30}),  # creative mean 11, median 2
    ]
    assert bottleneck(items) == {"stage": "brand", "median_wait_hours": 5.5}


def test_bottleneck_tie_goes_to_the_first_stage_and_none_without_waits() -> None:
    assert bottleneck([item("a", waits={"creative": 3, "brand": 3})]) == {
        "stage": "creative",
        "median_wait_hours": 3.0,
    }
    assert bottleneck([item("a", waits={"creative": None})]) is None
    assert bottleneck([]) is None


# ---------------------------------------------------------------- the JSON report


def workspace() -> Workspace:
    late, _ = campaign_as_loaded(all_three(1, 2, h("2027-02-05T19:00:00")), due=date(2027, 2, 4))
    waiting, _ = campaign_as_loaded(
        [dec("lea", "approved", 1)], due=date(2027, 2, 10), cid="d", did="banner"
    )
    return Workspace(root=Path("."), campaigns=[late, waiting])


def test_timeliness_report_shape_key_by_key() -> None:
    report = timeliness_report(workspace(), utc("2027-02-11T00:00:00"), "github")
    assert list(report) == ["now", "source", "deliverables", "campaigns", "bottleneck"]
    assert report["now"] == "2027-02-11T00:00:00Z"
    assert report["source"] == "github"
    first, second = report["deliverables"]
    assert list(first) == DELIVERABLE_KEYS
    # Due 2027-02-04 in Paris ends 22:59:59 UTC; approved 2027-02-05 19:00 UTC: 20.0003 h late.
    assert first == {
        "campaign": "c",
        "id": "hero",
        "asset": "assets/c/hero.jpg",
        "due": "2027-02-04T22:59:59Z",
        "first_submitted_at": "2027-02-01T09:00:00Z",
        "approved_at": "2027-02-05T19:00:00Z",
        "on_time": False,
        "lateness_hours": 20.0,
        "cycle_hours": 106.0,
        "rounds": 1,
        "stages": [
            {"name": "creative", "wait_hours": 1.0},
            {"name": "brand", "wait_hours": 1.0},
            {"name": "legal", "wait_hours": 104.0},
        ],
    }
    assert (second["campaign"], second["id"], second["approved_at"], second["rounds"]) == (
        "d",
        "banner",
        None,
        None,
    )
    assert report["campaigns"] == [
        {
            "id": "c",
            "on_time_rate": 0.0,
            "median_cycle_hours": 106.0,
            "p90_cycle_hours": 106.0,
            "overdue": [],
        },
        {
            "id": "d",
            "on_time_rate": 0.0,
            "median_cycle_hours": None,
            "p90_cycle_hours": None,
            "overdue": ["banner"],
        },
    ]
    assert report["bottleneck"] == {"stage": "legal", "median_wait_hours": 104.0}
    assert json.loads(json.dumps(report)) == report


def test_timeliness_report_defaults_and_source_check() -> None:
    report = timeliness_report(Workspace(root=Path(".")), utc("2027-02-11T00:00:00"))
    assert report == {
        "now": "2027-02-11T00:00:00Z",
        "source": "git",
        "deliverables": [],
        "campaigns": [],
        "bottleneck": None,
    }
    with pytest.raises(ValueError, match="source must be one of git, github"):
        timeliness_report(Workspace(root=Path(".")), utc("2027-02-11T00:00:00"), "svn")


def test_timeliness_collects_warnings_for_the_problem_report() -> None:
    campaign, _ = campaign_as_loaded(
        all_three(1, 2, 3), versions=[version(10, B, 1), version(0, A, 2)]
    )
    result = timeliness(Workspace(root=Path("."), campaigns=[campaign]), utc("2027-03-01T00:00:00"))
    assert len(result.warnings) == 1
    assert result.warnings[0].startswith("assets/c/hero.jpg: cycle time is negative")
    assert result.to_json()["deliverables"][0]["cycle_hours"] is None
