"""A video workspace: two cuts of a spot encoded with PyAV, and decisions with comments
at times on each."""

from __future__ import annotations

from helpers.clips import encode, encodes
from helpers.gitrepo import GitRepo
from helpers.workspaces import write_config

SPOT = "assets/spot/spot.webm"
BRIEF = """\
---
title: Spring spot
owner: marie
timezone: Europe/Paris
deliverables:
  - id: spot
    asset: spot.webm
---
# Spot
"""


# VP8/VP9 in WebM: what every Chromium plays (an h264 build is not a given).
CODEC = "libvpx-vp9" if encodes("libvpx-vp9") else "libvpx"


def decision_yaml(blob: str, reviewer: str, comments: list[tuple[str, str]]) -> str:
    """A decision file; each comment is (text, the YAML of where it is)."""
    lines = [
        f"asset: {SPOT}",
        f"sha: {blob}",
        f"reviewer: {reviewer}",
        "decision: changes_requested",
        "summary: Montage à revoir",
        "comments:",
    ]
    for text, where in comments:
        lines += [f"  - text: {text}", f"    {where}"]
    return "\n".join(lines) + "\n"


def video_workspace(repo: GitRepo, *, seconds: tuple[int, int] = (2, 3), fps: int = 12) -> GitRepo:
    """Two cuts of a spot (v1 red, v2 green then blue), a decision with times on each."""
    write_config(repo)
    repo.write("content/campaigns/spot/index.md", BRIEF)
    encode(repo.path / SPOT, [(200, 30, 30)] * (seconds[0] * fps), fps=fps, codec=CODEC)
    repo.commit("Spring spot, first cut", date="2027-01-05T09:00:00+01:00")
    v1 = repo.git("rev-parse", f"HEAD:{SPOT}")
    repo.write(
        "reviews/spot/spot/20270106T0900Z-bob.yml",
        decision_yaml(v1, "bob", [("Le plan rouge dure trop", "time: 1.0")]),
    )
    repo.commit("Decision of bob", date="2027-01-06T10:00:00+01:00")
    half = seconds[1] * fps // 2
    encode(repo.path / SPOT, [(30, 200, 30)] * half + [(30, 30, 200)] * half, fps=fps, codec=CODEC)
    repo.commit("Spring spot, second cut", date="2027-01-07T09:00:00+01:00")
    v2 = repo.git("rev-parse", f"HEAD:{SPOT}")
    comments = [
        ("Le bleu arrive trop tôt", "time: 1.5"),
        ("Couper après le logo", "time: 0.6"),
        ("Mention légale à la fin", "time: 9"),
        ("Logo trop petit", "pin: [0.5, 0.5]"),
    ]
    repo.write("reviews/spot/spot/20270108T0900Z-alice.yml", decision_yaml(v2, "alice", comments))
    repo.commit("Decision of alice", date="2027-01-08T10:00:00+01:00")
    return repo
