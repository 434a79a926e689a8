"""Decisions written by the CLI, landed through merge commits, in a real strict build.

The history: a brief with three deliverables; bob approves hero v1, then hero v2 lands
(bob's approval goes stale); alice approves v2 with a pin, a box and a hostile summary
(brand passes, legal opens); alice and carol approve the banner; bob asks for changes
on the poster. Every decision lands on main through its own merge commit.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.cli import invoke
from helpers.gitrepo import GitRepo
from helpers.html import section, style_of
from helpers.sites import run_build
from helpers.workspaces import BRIEF, HOSTILE, write_config

from proofroom.core.inputs.decisions import read_decision

REPO_URL = "https://github.com/example/creative"
HERO = "assets/soldes/hero.jpg"
BANNER = "assets/soldes/banner.png"
POSTER = "assets/soldes/poster.png"
BRIEF3 = BRIEF.replace(
    "    due: 2027-02-12\n", "    due: 2027-02-12\n  - id: poster\n    asset: poster.png\n"
)
HOSTILE_COMMENT = "</textarea><svg onload=alert(2)> & \"quoted\" 'single'"


def land_review(
    repo: GitRepo, branch: str, when: str, merged: str, *reviews: list[str]
) -> tuple[list[str], str]:
    """Each review on its own branch, committed, then merged into main (--no-ff)."""
    repo.branch(branch)
    repo.checkout(branch)
    written = []
    for args in reviews:
        result = invoke("-C", str(repo.path), "review", *args, "--now", when)
        assert result.exit_code == 0, result.output
        written.append(result.stdout.strip())
    repo.commit(f"Decisions on {branch}", date=when, author="Reviewer <r@example.com>")
    repo.checkout("main")
    landing = repo.merge(branch, message=f"Merge pull request from org/{branch}", date=merged)
    return written, landing


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict:
    repo = GitRepo(tmp_path_factory.mktemp("decision-site") / "repo")
    write_config(repo)
    repo.write("content/campaigns/soldes/index.md", BRIEF3)
    repo.image(HERO, color=(200, 30, 30), size=(120, 80))
    repo.image(BANNER, color=(10, 20, 200), size=(90, 30), fmt="PNG")
    repo.image(POSTER, color=(240, 240, 0), size=(40, 60), fmt="PNG")
    repo.commit("Brief and first creative", date="2027-01-05T09:00:00+01:00")

    (bob_v1,), bob_landing = land_review(
        repo,
        "review/bob-hero",
        "2027-01-06T09:00:00Z",
        "2027-01-06T10:00:00+01:00",
        [HERO, "-d", "approved", "-r", "bob", "-s", "Bien"],
    )
    repo.branch("creative/hero-v2")
    repo.checkout("creative/hero-v2")
    repo.image(HERO, color=(30, 200, 30), size=(120, 80))
    repo.commit("Hero: greener", date="2027-01-07T09:00:00+01:00")
    repo.checkout("main")
    repo.merge("creative/hero-v2", message="Merge hero v2", date="2027-01-07T12:00:00+01:00")

    (alice_v2,), alice_landing = land_review(
        repo,
        "review/alice-hero",
        "2027-01-08T09:00:00Z",
        "2027-01-08T15:00:00+01:00",
        [
            HERO,
            "-d",
            "approved_with_changes",
            "-r",
            "alice",
            "-s",
            HOSTILE,
            "--pin",
            "0.42,0.18",
            "Agrandir le logo",
            "--box",
            "0.1,0.2,0.5,0.3",
            HOSTILE_COMMENT,
        ],
    )
    _, banner_landing = land_review(
        repo,
        "review/banner",
        "2027-01-09T09:00:00Z",
        "2027-01-09T15:00:00+01:00",
        [BANNER, "-d", "approved", "-r", "alice"],
        [BANNER, "-d", "approved", "-r", "carol"],
    )
    _, poster_landing = land_review(
        repo,
        "review/poster",
        "2027-01-10T09:00:00Z",
        "2027-01-10T15:00:00+01:00",
        [POSTER, "-d", "changes_requested", "-r", "bob", "--comment", "Trop jaune"],
    )
    run_build(repo.path)
    site = repo.path / "site"
    return {
        "repo": repo,
        "site": site,
        "bob_v1": bob_v1,
        "bob_landing": bob_landing,
        "alice_v2": alice_v2,
        "alice_landing": alice_landing,
        "banner_landing": banner_landing,
        "poster_landing": poster_landing,
    }


def page(built: dict, rel: str) -> str:
    return (built["site"] / rel).read_text(encoding="utf-8")


def test_the_history_is_what_the_scenario_says(built: dict) -> None:
    repo: GitRepo = built["repo"]
    merges = repo.git("rev-list", "--first-parent", "--merges", "main").split()
    for key in ("bob_landing", "alice_landing", "banner_landing", "poster_landing"):
        assert built[key] in merges
    decision, _ = read_decision(repo.path / built["alice_v2"], workspace=repo.path)
    assert decision is not None and decision.version == 2


def test_review_page_shows_the_open_stage_and_the_approvers_decision(built: dict) -> None:
    workflow = section(page(built, "campaigns/soldes/review/hero/index.html"), "workflow")
    brand = workflow.find("li", data_stage="brand")
    legal = workflow.find("li", data_stage="legal")
    assert brand.attrs["data-state"] == "passed"
    assert legal.attrs["data-state"] == "open"
    assert legal.attrs["aria-current"] == "step"
    alice = brand.find("li", data_reviewer="alice")
    assert alice.attrs["data-decision"] == "approved_with_changes"
    assert "proofroom-vote--stale" not in alice.attrs["class"]
    carol = legal.find("li", data_reviewer="carol")
    assert "proofroom-vote--none" in carol.attrs["class"]


def test_a_stale_approval_is_greyed_with_its_version(built: dict) -> None:
    workflow = section(page(built, "campaigns/soldes/review/hero/index.html"), "workflow")
    stale = workflow.find("li", data_stale="true")
    assert stale.attrs["data-reviewer"] == "bob"
    assert stale.attrs["data-version"] == "1"
    assert "proofroom-vote--stale" in stale.attrs["class"]
    assert stale.find("span", class_="proofroom-vote__stale").text == "approved v1"
    # bob's vote is not counted as a current one
    assert not [
        n for n in workflow.find_all("li", data_reviewer="bob") if "data-decision" in n.attrs
    ]


def test_pins_and_boxes_are_drawn_where_the_yaml_says(built: dict) -> None:
    repo: GitRepo = built["repo"]
    decision, _ = read_decision(repo.path / built["alice_v2"], workspace=repo.path)
    assert decision is not None
    html_text = page(built, "campaigns/soldes/review/hero/index.html")
    viewer = section(html_text, "viewer")
    assert viewer.tag == "figure" and viewer.attrs["data-version"] == "2"
    marks = viewer.find_all(data_proofroom="annotation")
    assert all(m.attrs["data-version"] == "2" for m in marks)
    styles = sorted((style_of(m) for m in marks), key=lambda s: len(s))
    pin, box = decision.comments
    assert pin.pin is not None and box.box is not None
    assert styles == [
        {"left": f"{pin.pin[0] * 100:g}%", "top": f"{pin.pin[1] * 100:g}%"},
        {
            "left": f"{box.box[0] * 100:g}%",
            "top": f"{box.box[1] * 100:g}%",
            "width": f"{box.box[2] * 100:g}%",
            "height": f"{box.box[3] * 100:g}%",
        },
    ]
    assert styles[0] == {"left": "42%", "top": "18%"}
    assert styles[1] == {"left": "10%", "top": "20%", "width": "50%", "height": "30%"}


def test_audit_trail_links_the_landing_merge_commits(built: dict) -> None:
    audit = section(page(built, "campaigns/soldes/review/hero/index.html"), "audit")
    entries = audit.find_all("li", data_proofroom="audit-entry")
    assert [e.attrs["data-reviewer"] for e in entries] == ["alice", "bob"]  # newest first
    alice, bob = entries
    assert (alice.attrs["data-version"], bob.attrs["data-version"]) == ("2", "1")
    assert alice.attrs["data-path"] == built["alice_v2"]
    for entry, landing in ((alice, built["alice_landing"]), (bob, built["bob_landing"])):
        assert entry.attrs["data-committed"] == "true"
        link = entry.find("a")
        assert link.attrs["href"] == f"{REPO_URL}/commit/{landing}"
        assert link.text == landing[:7]


def test_gallery_badges(built: dict) -> None:
    gallery = section(page(built, "campaigns/soldes/index.html"), "gallery")
    cards = {c.attrs["data-deliverable"]: c for c in gallery.find_all("li", data_proofroom="card")}
    assert set(cards) == {"hero", "banner", "poster"}
    assert cards["banner"].attrs["data-status"] == "approved"
    assert cards["poster"].attrs["data-status"] == "changes_requested"
    assert cards["hero"].attrs["data-status"] == "in_review"
    for key, status in (("banner", "approved"), ("poster", "changes_requested")):
        badge = cards[key].find("span", data_status=status)
        assert f"proofroom-badge--{status}" in badge.attrs["class"]


def test_hostile_summary_and_comment_are_escaped(built: dict) -> None:
    html_text = page(built, "campaigns/soldes/review/hero/index.html")
    assert '<script>alert("x")</script>' not in html_text
    assert "<img src=x onerror" not in html_text
    assert "<svg onload" not in html_text
    assert "&lt;script&gt;alert(" in html_text
    assert "&lt;svg onload=alert(2)&gt;" in html_text
    audit = section(html_text, "audit")
    summary = audit.find("li", data_reviewer="alice").find("p", class_="proofroom-audit__summary")
    assert summary.text == HOSTILE  # the parser gives back exactly the text
    comments = section(html_text, "comments")
    assert HOSTILE_COMMENT in comments.text


def test_every_review_page_exists(built: dict) -> None:
    site: Path = built["site"]
    for stem in ("hero", "banner", "poster"):
        assert (site / f"campaigns/soldes/review/{stem}/index.html").is_file()
