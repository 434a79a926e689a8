"""Workflow status of a deliverable for its current version.

Pure functions over the model. Until decision files are read, a deliverable with a
version is ``in_review`` with its first stage open; one without a file is ``missing``.
"""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from .model import Campaign, Deliverable, Stage


def deliverable_stages(campaign: Campaign, deliverable: Deliverable) -> tuple[Stage, ...]:
    """The campaign stages that apply to a deliverable, in campaign order."""
    stages = campaign.stages
    spec = deliverable.spec
    if spec and spec.stages is not None:
        wanted = set(spec.stages)
        return tuple(s for s in stages if s.name in wanted)
    return stages


def due_instant(due: date | datetime | None, tz: str) -> datetime | None:
    """A due date means 23:59:59 that day in the campaign timezone."""
    if due is None:
        return None
    zone = ZoneInfo(tz)
    if isinstance(due, datetime):
        return due if due.tzinfo else due.replace(tzinfo=zone)
    return datetime.combine(due, time(23, 59, 59), tzinfo=zone)


def compute_status(campaign: Campaign, deliverable: Deliverable, now: datetime) -> None:
    """Fill ``status``, ``stage`` and ``overdue`` of a deliverable in place."""
    stages = deliverable_stages(campaign, deliverable)
    asset = deliverable.asset
    if asset is None or asset.current is None or not asset.present:
        deliverable.status = "missing"
        deliverable.stage = None
    else:
        deliverable.status = "in_review"
        deliverable.stage = stages[0].name if stages else None
    tz = campaign.brief.timezone if campaign.brief else "UTC"
    due = due_instant(deliverable.due, tz)
    deliverable.overdue = bool(due and deliverable.status != "approved" and now > due)
