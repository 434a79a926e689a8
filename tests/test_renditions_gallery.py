"""Variants in the gallery: a real `mkdocs build --strict` of a workspace whose variants
were made by `proofroom renditions` and committed; each master and its variants read
together (no JavaScript needed), in English and in French, with brief text escaped."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers.cli import invoke
from helpers.gitrepo import GitRepo
from helpers.html import Node, section
from helpers.renditions_workspace import BRIEF, BRIEF_PATH, HERO, write_master_workspace
from helpers.sites import local_targets, run_build
from helpers.workspaces import write_config

GALLERY_BRIEF = BRIEF.replace(
    "deliverables:\n", "deliverables:\n  - id: poster\n    asset: poster.jpg\n", 1
).replace("---\nAdapt", "  - id: banner\n    asset: banner.png\n---\nAdapt")
FAMILY = ["hero", "feed", "mrec", "email", "x", "square", "small"]
NBSP = "\u00a0"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    repo = GitRepo(tmp_path_factory.mktemp("gallery") / "repo")
    write_master_workspace(repo, GALLERY_BRIEF)
    repo.image("assets/soldes/poster.jpg", color=(20, 120, 200), size=(90, 120))
    repo.image("assets/soldes/banner.png", color=(200, 120, 20), size=(160, 40), fmt="PNG")
    repo.commit("Brief, hero, poster and banner", date="2027-01-05T09:00:00+01:00")
    result = invoke("-C", str(repo.path), "renditions", "soldes")
    assert result.exit_code == 0, result.output
    repo.commit("The hero's variants", date="2027-01-06T09:00:00+01:00")
    run_build(repo.path)
    english = repo.path.parent / "site-en"
    shutil.move(repo.path / "site", english)
    write_config(repo, "fr")
    run_build(repo.path)
    return {"en": english, "fr": repo.path / "site"}


def gallery(site: Path) -> tuple[Node, Path]:
    page = site / "campaigns/soldes/index.html"
    return section(page.read_text(encoding="utf-8"), "gallery"), page


def cards_of(node: Node) -> list[str]:
    return [c.attrs["data-deliverable"] for c in node.find_all("li", data_proofroom="card")]


def card(node: Node, did: str) -> Node:
    return node.find("li", data_proofroom="card", data_deliverable=did)


def test_the_master_and_its_variants_share_one_block(built: dict[str, Path]) -> None:
    node, _ = gallery(built["en"])
    assert cards_of(node) == ["poster", *FAMILY, "banner"]  # brief order, family together
    (family,) = node.find_all("div", data_proofroom="family")
    assert family.attrs["data-master"] == "hero"
    assert family.find("h3").text == "hero and its 6 variants"
    assert cards_of(family) == FAMILY
    assert "hidden" not in family.attrs
    grids = [n for n in node.children if isinstance(n, Node) and n.tag == "ul"]
    assert [cards_of(g) for g in grids] == [["poster"], ["banner"]]  # around the family


def test_cards_say_what_each_variant_is_cut_from_and_for(built: dict[str, Path]) -> None:
    node, page = gallery(built["en"])
    hero = card(node, "hero").find("span", data_proofroom="variant-count")
    assert (hero.attrs["data-count"], hero.text) == ("5", "5 variants")
    email = card(node, "email")
    assert email.find("span", data_proofroom="variant-count").text == "1 variant"
    assert email.find("span", data_proofroom="variant-of").text == "Variant of hero"
    small = card(node, "small").find("span", data_proofroom="variant-of")
    assert (small.attrs["data-master"], small.text) == ("email", "Variant of email")
    feed = card(node, "feed")
    assert feed.find("span", class_="proofroom-card__channel").text == "Channel: instagram-feed"
    assert feed.find_all("span", data_proofroom="variant-count") == []
    assert card(node, "poster").find_all("span", data_proofroom="variant-of") == []
    for did in FAMILY:
        assert card(node, did).attrs["data-status"] == "in_review", did
        assert card(node, did).find("img", class_="proofroom-card__thumb"), did
    thumbs = local_targets(page.parent, page)
    assert len(thumbs) >= len(FAMILY) + 2
    assert all(t.is_file() for t in thumbs)


def test_french_interface(built: dict[str, Path]) -> None:
    node, _ = gallery(built["fr"])
    family = node.find("div", data_proofroom="family")
    assert family.find("h3").text == "hero et ses 6 déclinaisons"
    assert card(node, "hero").find("span", data_proofroom="variant-count").text == (
        "5 déclinaisons"
    )
    assert card(node, "email").find("span", data_proofroom="variant-count").text == (
        "1 déclinaison"
    )
    feed = card(node, "feed")
    assert feed.find("span", data_proofroom="variant-of").text == "Déclinaison de hero"
    assert feed.find("span", class_="proofroom-card__channel").text == (
        f"Canal{NBSP}: instagram-feed"
    )


HOSTILE_ID = "<img/src=x/onerror=alert(1)>"
HOSTILE_CHANNEL = '<script>alert("c")</script>'


def test_ids_and_channels_from_the_brief_are_escaped(git_repo: GitRepo) -> None:
    write_config(git_repo)
    git_repo.write(
        BRIEF_PATH,
        "---\ntitle: Soldes\ndeliverables:\n"
        f"  - id: '{HOSTILE_ID}'\n    asset: hero.jpg\n"
        f"  - id: feed\n    asset: feed.jpg\n    channel: '{HOSTILE_CHANNEL}'\n"
        f"    derived_from: '{HOSTILE_ID}'\n---\nBody\n",
    )
    git_repo.image(HERO, size=(120, 80))
    git_repo.image("assets/soldes/feed.jpg", size=(80, 80))
    git_repo.commit("Hostile brief", date="2027-01-05T09:00:00+01:00")
    run_build(git_repo.path, strict=False)  # the unknown channel is a warning
    html_text = (git_repo.path / "site/campaigns/soldes/index.html").read_text(encoding="utf-8")
    assert "<img/src=x" not in html_text
    assert "<script>alert(" not in html_text
    node = section(html_text, "gallery")
    family = node.find("div", data_proofroom="family")
    assert family.attrs["data-master"] == HOSTILE_ID
    assert family.find("h3").text == f"{HOSTILE_ID} and its variant"
    feed = card(node, "feed")
    assert feed.find("span", data_proofroom="variant-of").text == f"Variant of {HOSTILE_ID}"
    channel = feed.find("span", class_="proofroom-card__channel").text
    assert channel == f"Channel: {HOSTILE_CHANNEL}"
