"""Model objects on an hour clock, for the workflow and timeliness rules.

Times are hours after ``T0``; ``None`` means "not committed" (a working copy, or a
decision file not committed yet). One deliverable, "hero" in campaign "c", unless told.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from proofroom.core.model import (
    Asset,
    AssetHistory,
    Brief,
    Campaign,
    Commit,
    Decision,
    Deliverable,
    DeliverableSpec,
    Person,
    Stage,
    Version,
)

T0 = datetime(2027, 2, 1, 9, 0, tzinfo=UTC)
A = "a" * 40  # the current content
B = "b" * 40  # an older content
ME = Person("Marie", "marie@example.org")
PARIS = "Europe/Paris"

CREATIVE = Stage("creative", ("lea",), 1)
BRAND = Stage("brand", ("alice", "bob"), 1)
LEGAL = Stage("legal", ("carol",), 1)
THREE = (CREATIVE, BRAND, LEGAL)


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def at(hours: float | None) -> datetime | None:
    return None if hours is None else T0 + timedelta(hours=hours)


def commit(hours: float) -> Commit:
    when = at(hours)
    assert when is not None
    sha = f"{int(hours * 100):040x}"
    return Commit(sha, (), ME, when, ME, when, "Land")


def version(hours: float | None = 0, blob: str = A, number: int = 1) -> Version:
    landed = None if hours is None else commit(hours)
    return Version(
        number=number,
        path="assets/c/hero.jpg",
        blob=blob,
        size=1,
        landed=landed,
        made=landed,
        working_copy=hours is None,
    )


def dec(
    reviewer: str,
    decision: str,
    hours: float | None,
    *,
    blob: str | None = A,
    stage: str | None = None,
    path: str | None = None,
) -> Decision:
    stamp = "wc" if hours is None else f"{hours:05.1f}"
    landed = None if hours is None else commit(hours)
    return Decision(
        path=path or f"reviews/c/hero/{stamp}-{reviewer}-{decision}.yml",
        campaign="c",
        asset="assets/c/hero.jpg",
        sha=(blob or "f" * 40)[:7],
        reviewer=reviewer,
        decision=decision,
        stage=stage,
        blob=blob,
        landed=landed,
        made=landed,
    )


def campaign_with(
    decisions: list[Decision],
    *,
    due: date | datetime | None = None,
    present: bool = True,
    spec_stages: tuple[str, ...] | None = None,
    stages: tuple[Stage, ...] = THREE,
    versions: list[Version] | None = None,
    cid: str = "c",
    did: str = "hero",
) -> tuple[Campaign, Deliverable]:
    """Campaign ``cid`` with one deliverable ``did`` on hero.jpg, as the loader reads it
    (the workflow has not run)."""
    history = AssetHistory("assets/c/hero.jpg", versions if versions is not None else [version()])
    asset = Asset(cid, "hero.jpg", f"assets/{cid}/hero.jpg", "image", history, present=present)
    spec = DeliverableSpec(did, "hero.jpg", due=due, stages=spec_stages)
    brief = Brief(cid, f"content/campaigns/{cid}/index.md", "C", timezone=PARIS, stages=stages)
    deliverable = Deliverable(did, cid, "hero.jpg", asset, spec=spec, decisions=decisions)
    campaign = Campaign(cid, brief, assets=[asset], deliverables=[deliverable])
    return campaign, deliverable
