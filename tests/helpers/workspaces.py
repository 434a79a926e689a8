"""Workspaces for build tests: a real git history of briefs and images."""

from __future__ import annotations

from helpers.gitrepo import GitRepo

MKDOCS_YML = """\
site_name: Test reviews
docs_dir: content
repo_url: https://github.com/example/creative
theme:
  name: material
  font: false  # no request to a font CDN: the site works offline
  language: {language}
plugins:
  - search
  - proofroom
markdown_extensions:
  - attr_list
  - md_in_html
"""

BRIEF = """\
---
title: Soldes de printemps 2027
owner: marie
timezone: Europe/Paris
launch: 2027-03-01
tags: [retail, printemps]
stages:
  - name: brand
    approvers: [alice, bob]
    required: 1
  - name: legal
    approvers: [carol]
deliverables:
  - id: hero
    asset: hero.jpg
    due: 2027-02-10
  - id: banner
    asset: banner.png
    due: 2027-02-12
---
# Objectives

Drive store visits during the first week of the spring sale.
"""

HOSTILE = '<script>alert("x")</script> "><img src=x onerror=alert(1)>'


def write_config(repo: GitRepo, language: str = "en") -> None:
    repo.write("mkdocs.yml", MKDOCS_YML.format(language=language))
    repo.write("content/index.md", "# Home\n\n- [Campaigns](campaigns/index.md)\n")
    repo.write(".gitignore", "/site/\n/.cache/\n")


def set_site_url(repo: GitRepo, site_url: str) -> None:
    """``site_url`` first in mkdocs.yml: the site is served there (a browser test's port)."""
    config = repo.path / "mkdocs.yml"
    config.write_text(f"site_url: {site_url}\n" + config.read_text("utf-8"), "utf-8")


def campaign_workspace(repo: GitRepo, language: str = "en") -> GitRepo:
    """Two pull requests landing versions of a hero image, a squash landing, a revert."""
    write_config(repo, language)
    repo.write("content/campaigns/soldes/index.md", BRIEF)
    repo.image("assets/soldes/hero.jpg", color=(200, 30, 30), size=(120, 80))
    repo.commit("Brief and first hero", date="2027-01-05T09:00:00+01:00")

    repo.branch("creative/hero-v2")
    repo.checkout("creative/hero-v2")
    repo.image("assets/soldes/hero.jpg", color=(30, 200, 30), size=(120, 80))
    repo.commit(
        "Hero: greener grade\n\nAs asked by brand.",
        date="2027-01-10T10:00:00+01:00",
        author="Léa Martin <lea@example.com>",
    )
    repo.checkout("main")
    repo.merge(
        "creative/hero-v2",
        message="Merge pull request #2 from org/creative/hero-v2",
        date="2027-01-12T15:30:00+01:00",
    )

    repo.branch("creative/banner")
    repo.checkout("creative/banner")
    repo.image("assets/soldes/banner.png", color=(10, 20, 200, 128), size=(90, 30), fmt="PNG")
    repo.commit(HOSTILE, date="2027-01-13T10:00:00+01:00", author="Tom <tom@example.com>")
    repo.checkout("main")
    repo.merge(
        "creative/banner",
        message=f"Banner {HOSTILE} (#3)",
        date="2027-01-14T11:00:00+01:00",
        squash=True,
    )

    repo.image("assets/soldes/hero.jpg", color=(200, 30, 30), size=(120, 80))
    repo.commit("Back to the red hero", date="2027-01-20T09:00:00+01:00")
    return repo


SUMMER_POSTER = "assets/ete/poster.jpg"


def summer_campaign(repo: GitRepo) -> GitRepo:
    """A second campaign, ``ete`` (a brief without deliverables, one poster), uncommitted."""
    summer = BRIEF.replace("Soldes de printemps 2027", "Été 2027").split("deliverables:")[0]
    repo.write("content/campaigns/ete/index.md", summer + "---\nSummer.\n")
    repo.image(SUMMER_POSTER, color=(250, 200, 0), size=(60, 80))
    return repo


def strange_names_workspace(repo: GitRepo, names: list[str]) -> GitRepo:
    """Campaign "noel" with one committed picture per name: spaces, emoji, URL characters."""
    write_config(repo)
    repo.write("content/campaigns/noel/index.md", "---\ntitle: Noël\n---\nBrief.\n")
    for i, name in enumerate(names):
        repo.image(
            f"assets/noel/{name}",
            color=(i * 60, 100, 100),
            fmt="PNG" if name.endswith("png") else "JPEG",
        )
    repo.commit("Noël visuals", date="2026-11-02T10:00:00Z")
    return repo


ARCHIVE_OLD_BRIEF = """\
---
title: Hiver 2025
owner: marie
timezone: Europe/Paris
launch: 2025-01-15
tags: [winter, outdoor]
deliverables:
  - id: poster
    asset: poster.jpg
    channel: instagram-feed
    alt: A skier in a red coat above a frozen lake
---
# Winter sale 2025
"""

ARCHIVE_NEW_BRIEF = """\
---
title: Soldes 2027
owner: marie
timezone: Europe/Paris
launch: 2027-03-01
tags: [retail]
deliverables:
  - id: hero
    asset: hero.jpg
---
# Spring sale 2027
"""


def archive_workspace(repo: GitRepo, site_url: str | None = None) -> GitRepo:
    """A campaign launched in 2025 (an Instagram poster with alt text) and one in 2027."""
    write_config(repo)
    if site_url is not None:
        set_site_url(repo, site_url)
    repo.write("content/campaigns/hiver/index.md", ARCHIVE_OLD_BRIEF)
    repo.image("assets/hiver/poster.jpg", color=(180, 20, 20), size=(1080, 1080))
    repo.commit("Winter poster", date="2025-01-05T09:00:00+01:00")
    repo.write("content/campaigns/soldes/index.md", ARCHIVE_NEW_BRIEF)
    repo.image("assets/soldes/hero.jpg", color=(20, 180, 20), size=(120, 80))
    repo.commit("Spring hero", date="2027-01-05T09:00:00+01:00")
    return repo
