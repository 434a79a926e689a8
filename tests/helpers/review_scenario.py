"""One review page's worth of decisions, built by hand as the workflow would fill them:
three versions of the hero, a stale approval, changes asked, an uncommitted approval and
a decision on a sha that matches no version."""

from __future__ import annotations

from datetime import UTC, datetime

from helpers.html import Node, parse, render, split_page
from helpers.models import REPO, asset, campaign_with, commit, media, version
from proofroom.core.model import (
    Asset,
    Comment,
    Decision,
    Deliverable,
    DeliverableSpec,
    StageState,
    TeamMember,
)
from proofroom.site import review_page

PATH = "assets/soldes/hero.jpg"
TEAM = {"alice": TeamMember("alice", "Alice Martin"), "bob": TeamMember("bob")}


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2027, 2, day, hour, minute, tzinfo=UTC)


def blob(n: int) -> str:
    return (f"{n}b" * 20)[:40]


def decision(
    reviewer: str,
    verdict: str,
    sha: str,
    landed: datetime | None,
    *,
    tag: str,
    stage: str | None = "brand",
    summary: str = "",
    comments: tuple[Comment, ...] = (),
    resolved: bool = True,
) -> Decision:
    c = commit(tag, landed, f"Review by {reviewer}") if landed else None
    stamp = (landed or at(28, 0)).strftime("%Y%m%dT%H%MZ")
    return Decision(
        path=f"reviews/soldes/hero/{stamp}-{reviewer}.yml",
        campaign="soldes",
        asset=PATH,
        sha=sha[:7],
        reviewer=reviewer,
        decision=verdict,
        summary=summary,
        comments=comments,
        stage=stage,
        blob=sha if resolved else None,
        landed=c,
        made=c,
    )


def hero() -> Asset:
    return asset(
        "hero.jpg",
        [
            version(1, PATH, at(9, 9)),
            version(2, PATH, at(10, 9)),
            version(3, PATH, at(11, 9)),
        ],
    )


def scenario(**dkw) -> tuple[Asset, Deliverable, dict[str, Decision]]:
    """Alice approved v2 (now stale), Bob asks for changes on v3, Carol's approval of v3 is
    not committed yet, and someone reviewed a sha that matches no version."""
    a = hero()
    ds = {
        "alice": decision(
            "alice",
            "approved",
            blob(2),
            at(10, 15),
            tag="a",
            summary="Parfait",
            comments=(
                Comment("Agrandir le logo", pin=(0.42, 0.18)),
                Comment("Recadrer", box=(0.10, 0.10, 0.50, 0.30)),
            ),
        ),
        "bob": decision(
            "bob",
            "changes_requested",
            blob(3),
            at(12, 8),
            tag="b",
            summary="Le logo est trop petit",
            comments=(
                Comment("Logo", pin=(0.25, 0.75)),
                Comment("Couper après le logo", time=754.9),
                Comment("Coquille dans la mention légale", page=2),
            ),
        ),
        "carol": decision("carol", "approved", blob(3), None, tag="c", stage="legal"),
        "dave": decision(
            "dave",
            "comment",
            "deadbeef" * 5,
            at(12, 9),
            tag="d",
            stage=None,
            comments=(Comment("Which file?"),),
            resolved=False,
        ),
    }
    brand = StageState(
        "brand",
        ("alice", "bob"),
        2,
        state="blocked",
        opened_at=at(11, 9),
        votes={"bob": ds["bob"]},
        stale=[ds["alice"]],
    )
    legal = StageState("legal", ("carol", "erin"), 1, state="waiting", votes={"carol": ds["carol"]})
    spec = DeliverableSpec("hero", "hero.jpg")
    d = Deliverable("hero", "soldes", "hero.jpg", a, spec, status="changes_requested")
    d.stage, d.stale, d.decisions, d.stages = "brand", True, list(ds.values()), [brand, legal]
    for key, value in dkw.items():
        setattr(d, key, value)
    return a, d, ds


def page_of(
    a: Asset, d: Deliverable | None, lang: str = "en", repo_url: str | None = REPO
) -> tuple[str, str, Node]:
    c = campaign_with(a, deliverables=[d] if d else [])
    page = review_page(c, a, d, media, lang, repo_url=repo_url, branch="main", team=TEAM)
    _, body = split_page(page.markdown)
    rendered = render(body)
    # Every block is raw HTML that Python-Markdown leaves untouched.
    assert rendered.strip() == body.strip()
    return page.src_uri, body, parse(rendered)
