"""Who answers slowly, what waits where, how long production takes: figures beyond the
JSON contract, computed from a real history and checked by hand."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers.gitrepo import ISOLATED_ENV, GitRepo
from helpers.workspaces import campaign_workspace

from proofroom.cli import main
from proofroom.core.reports.timeliness_text import markdown
from proofroom.core.settings import Settings
from proofroom.core.timeliness import timeliness
from proofroom.core.workspace import load_workspace

HERO = "assets/soldes/hero.jpg"
NOW = "2027-02-01T12:00:00Z"


def approve(repo: GitRepo, reviewer: str, *, at: str, merged: str) -> None:
    """A reviewer's pull request: the decision written by the CLI, then merged."""
    repo.branch(f"review/{reviewer}")
    repo.checkout(f"review/{reviewer}")
    result = CliRunner().invoke(
        main,
        ["-C", str(repo.path), "review", HERO, "-d", "approved", "-r", reviewer, "--now", at],
        env=ISOLATED_ENV,
    )
    assert result.exit_code == 0, result.output
    repo.commit(f"{reviewer} approves the hero", date=at)
    repo.checkout("main")
    repo.merge(f"review/{reviewer}", message=f"Merge review of {reviewer}", date=merged)


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = campaign_workspace(GitRepo(tmp_path_factory.mktemp("people") / "repo"))
    # hero v3 (same content as v1) landed 2027-01-20T08:00Z; brand opens then.
    approve(repo, "alice", at="2027-01-21T10:00:00Z", merged="2027-01-21T11:00:00Z")
    # brand passed 01-21T11:00Z: legal opens; carol's merge lands 01-22T12:00Z.
    approve(repo, "carol", at="2027-01-22T09:00:00Z", merged="2027-01-22T12:00:00Z")
    # bob approves a hero seen on a pull request branch, before that version lands.
    repo.branch("creative/hero-v4")
    repo.checkout("creative/hero-v4")
    repo.image(HERO, color=(250, 200, 20), size=(120, 80))
    repo.commit("Hero: warmer", date="2027-01-23T08:00:00Z")
    blob = repo.git("rev-parse", f"HEAD:{HERO}")
    repo.checkout("main")
    repo.write(
        "reviews/soldes/hero/20270123T0900Z-bob.yml",
        f"asset: {HERO}\nsha: {blob[:12]}\nreviewer: bob\nstage: brand\ndecision: approved\n",
    )
    repo.commit("Bob approves the warmer hero", date="2027-01-23T09:00:00Z")
    repo.merge("creative/hero-v4", message="Merge pull request #9", date="2027-01-24T09:00:00Z")
    return repo.path


def figures(path: Path):
    moment = datetime.fromisoformat(NOW)
    ws, _ = load_workspace(Settings(root=path, content_dir="content"), now=moment)
    return timeliness(ws, moment)


def test_reviewer_response_counts_from_their_stage_opening(history: Path) -> None:
    t = figures(history)
    hero = next(d for d in t.deliverables if d.id == "hero")
    got = {(r.reviewer, r.hours) for r in hero.responses}
    # alice: hero v3 landed 01-20T08:00Z, her decision landed 01-21T11:00Z -> 27 h.
    # carol: legal opened when brand passed (01-21T11:00Z), landed 01-22T12:00Z -> 25 h.
    assert got == {("alice", 27.0), ("carol", 25.0)}
    by = {r.reviewer: r for r in t.reviewers}
    assert by["alice"].median_response_hours == 27.0 and by["alice"].answers == 1
    assert [r.reviewer for r in t.reviewers] == ["alice", "carol"]  # slowest first


def test_decision_landing_before_its_version_warns_and_is_not_counted(history: Path) -> None:
    t = figures(history)
    (warning,) = [w for w in t.warnings if "bob" in w]
    assert warning.startswith("reviews/soldes/hero/20270123T0900Z-bob.yml: the decision landed")
    assert "before the version it names (version 4" in warning
    # bob's approval still counts for the stage: brand passes when v4 lands.
    hero = next(d for d in t.deliverables if d.id == "hero")
    assert hero.status == "in_review" and hero.stage == "legal"
    assert hero.stages[0].wait_hours == 0.0


def test_production_time_from_the_branch_commit_to_the_landing(history: Path) -> None:
    t = figures(history)
    hero = next(d for d in t.deliverables if d.id == "hero")
    banner = next(d for d in t.deliverables if d.id == "banner")
    # hero v4: written 01-23T08:00Z, merged 01-24T09:00Z -> 25 h.
    assert hero.production_hours == 25.0
    # banner: squash commit authored and landed 01-14T10:00Z (11:00+01:00) -> 0 h.
    assert banner.production_hours == 0.0
    (campaign,) = t.campaigns
    assert campaign.median_production_hours == 12.5
    # hero waits on legal; banner (no decision) on brand.
    assert campaign.wip == {"brand": 1, "legal": 1}


def test_cli_table_and_markdown_show_people_and_work_in_progress(history: Path) -> None:
    result = CliRunner().invoke(main, ["-C", str(history), "timeliness", "--now", NOW])
    assert result.exit_code == 0, result.output
    assert "median response: alice 27 h, carol 25 h" in result.stdout
    assert "in progress: brand 1, legal 1" in result.stdout
    assert "20270123T0900Z-bob.yml: warning: the decision landed" in result.stderr
    text = markdown(figures(history))
    assert "| alice | 1 | 27 h | 27 h |" in text
    assert text.index("## Overdue") < text.index("## Reviewers") < text.index("## Deliverables")


def test_markdown_stays_under_the_job_summary_limit() -> None:
    from proofroom.core.reports.timeliness_text import SUMMARY_LIMIT
    from proofroom.core.timeliness import DeliverableTimes, Timeliness

    moment = datetime(2027, 2, 1, tzinfo=UTC)
    items = [
        DeliverableTimes("c" * 40, f"deliverable-{i:05d}-" + "x" * 60, "a", None, None, None,
                         None, None, None, None)
        for i in range(20000)
    ]  # fmt: skip
    text = markdown(Timeliness(moment, items, [], None))
    assert len(text.encode()) <= SUMMARY_LIMIT
    shown = text.count("| deliverable-")
    assert 0 < shown < 20000
    assert text.rstrip().endswith(f"{20000 - shown} more deliverables are in the JSON report.")
