"""`proofroom status --base REF`: what a pull request changes (new versions, decisions,
statuses that move), and `status --format markdown`, on real branches."""

from __future__ import annotations

import json

from helpers.cli import invoke
from helpers.gitrepo import GitRepo
from helpers.workspaces import HOSTILE, campaign_workspace

HERO = "assets/soldes/hero.jpg"


def status(repo: GitRepo, *args: str):
    return invoke("-C", str(repo.path), "status", "--now", "2027-01-25T12:00:00Z", *args)


def test_a_new_version_and_a_decision(git_repo: GitRepo) -> None:
    campaign_workspace(git_repo)
    git_repo.branch("creative/hero-v4")
    git_repo.checkout("creative/hero-v4")
    git_repo.image(HERO, color=(20, 20, 220), size=(120, 80))
    git_repo.commit("Hero: night blue", date="2027-01-24T09:00:00Z", author="Léa <lea@x.org>")
    result = invoke(
        "-C", str(git_repo.path), "review", "assets/soldes/banner.png", "-d", "approved",
        "-r", "alice", "--now", "2027-01-24T10:00:00Z",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    git_repo.commit("Brand approves the banner", date="2027-01-24T10:00:00Z")

    data = json.loads(status(git_repo, "--base", "main", "--format", "json").stdout)
    assert data["base"] == git_repo.head("main")
    (version,) = data["versions"]
    assert version == {
        "asset": HERO,
        "version": 4,
        "sha": git_repo.git("rev-parse", f"HEAD:{HERO}"),
        "author": "Léa",
        "subject": "Hero: night blue",
        "same_as": None,
    }
    (decision,) = data["decisions"]
    assert (decision["reviewer"], decision["decision"]) == ("alice", "approved")
    moves = {m["deliverable"]: (m["before"], m["after"]) for m in data["moves"]}
    assert moves == {"banner": ("in_review (brand)", "in_review (legal)")}

    text = status(git_repo, "--base", "main").stdout
    assert "new version: assets/soldes/hero.jpg v4" in text
    assert "status: soldes/banner: in_review (brand) -> in_review (legal)" in text

    md = status(git_repo, "--base", "main", "--format", "markdown").stdout
    assert md.startswith("### What this pull request changes\n")
    assert "**New versions** (1)" in md and "| Hero: night blue |" in md
    assert "| soldes | banner | in review (brand) | in review (legal) |" in md


def test_nothing_changed(git_repo: GitRepo) -> None:
    campaign_workspace(git_repo)
    result = status(git_repo, "--base", "main", "--format", "markdown")
    assert result.exit_code == 0, result.output
    assert "No new version, decision or status change." in result.stdout


def test_unknown_base_is_exit_2(git_repo: GitRepo) -> None:
    campaign_workspace(git_repo)
    result = status(git_repo, "--base", "origin/nowhere")
    assert result.exit_code == 2
    assert "fetch-depth: 0" in result.output and "Traceback" not in result.output


def test_markdown_status_escapes_file_text(git_repo: GitRepo) -> None:
    campaign_workspace(git_repo)
    git_repo.branch("creative/x")
    git_repo.checkout("creative/x")
    git_repo.commit(HOSTILE, date="2027-01-24T09:00:00Z")  # an empty commit: no change
    git_repo.image(HERO, color=(1, 2, 3), size=(120, 80))
    git_repo.commit(f"{HOSTILE} | pipe", date="2027-01-24T10:00:00Z")
    md = status(git_repo, "--base", "main", "--format", "markdown").stdout
    assert "<script>" not in md and "&lt;script&gt;" in md and "\\| pipe" in md
    plain = status(git_repo, "--format", "markdown").stdout
    assert plain.startswith("### Review status\n")
    assert "| hero | v4 | in review | brand | 2027-02-10 |  |" in plain
