"""Real `mkdocs build --strict` runs on real git workspaces, checked in the HTML."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from helpers.gitrepo import GitRepo
from helpers.sites import local_targets, run_build
from helpers.workspaces import HOSTILE, campaign_workspace, strange_names_workspace, write_config


@pytest.fixture
def site(git_repo: GitRepo) -> tuple[GitRepo, Path]:
    campaign_workspace(git_repo)
    run_build(git_repo.path)
    return git_repo, git_repo.path / "site"


def test_pages_at_contract_urls(site) -> None:
    _repo, out = site
    assert (out / "campaigns/index.html").is_file()
    assert (out / "campaigns/soldes/index.html").is_file()
    assert (out / "campaigns/soldes/review/hero/index.html").is_file()
    assert (out / "campaigns/soldes/review/banner/index.html").is_file()


def test_every_image_and_link_resolves(site) -> None:
    _repo, out = site
    pages = [
        out / "campaigns/index.html",
        out / "campaigns/soldes/index.html",
        out / "campaigns/soldes/review/hero/index.html",
        out / "campaigns/soldes/review/banner/index.html",
    ]
    checked = 0
    for page in pages:
        for target in local_targets(out, page, kinds=("img", "a")):
            assert target.exists(), f"{page.relative_to(out)} refers to missing {target}"
            checked += 1
    assert checked > 10


def test_versions_listed_with_author_message_and_landing(site) -> None:
    repo, out = site
    html = (out / "campaigns/soldes/review/hero/index.html").read_text(encoding="utf-8")
    versions = re.findall(r'data-proofroom="version"[^>]*', html)
    assert len(versions) == 3
    blobs = repo.git(
        "log",
        "--format=",
        "--raw",
        "--no-abbrev",
        "--first-parent",
        "-m",
        "--",
        "assets/soldes/hero.jpg",
    )
    for sha in {line.split()[3] for line in blobs.splitlines() if line.startswith(":")}:
        assert f'data-sha="{sha}"' in html
    assert "Léa Martin" in html  # the branch commit's author, not the merger
    assert "Hero: greener grade" in html
    assert "12\u00a0Jan\u00a02027, 15:30" in html  # landed (merge commit), Europe/Paris
    assert re.search(r"same as v1|v1", html)


def test_hostile_commit_message_escaped(site) -> None:
    _repo, out = site
    html = (out / "campaigns/soldes/review/banner/index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html
    assert "onerror=alert(1)>" not in html.replace("&gt;", "")  # never a live attribute
    assert "&lt;script&gt;alert" in html


def test_review_pages_out_of_nav_and_search(site) -> None:
    _repo, out = site
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "review/hero" not in home
    index = json.loads((out / "search/search_index.json").read_text(encoding="utf-8"))
    locations = [d["location"] for d in index["docs"]]
    assert any(loc.startswith("campaigns/soldes/") for loc in locations)
    assert not any("/review/" in loc for loc in locations)


def test_second_build_makes_no_thumbnail(git_repo: GitRepo) -> None:
    campaign_workspace(git_repo)
    first = run_build(git_repo.path)
    assert first.plugins["proofroom"].build.media.made > 0
    second = run_build(git_repo.path)
    assert second.plugins["proofroom"].build.media.made == 0
    assert second.plugins["proofroom"].build.media.reused > 0


def test_corrupted_manifest_is_ignored(git_repo: GitRepo) -> None:
    campaign_workspace(git_repo)
    run_build(git_repo.path)
    manifests = list((git_repo.path / ".cache/proofroom").glob("*.json"))
    assert manifests
    for m in manifests:
        m.write_bytes(b'{"truncated": ')
    config = run_build(git_repo.path)
    assert (git_repo.path / "site/campaigns/soldes/review/hero/index.html").is_file()
    assert config.plugins["proofroom"].build.media.made > 0  # rebuilt, not trusted


def test_french_interface(git_repo: GitRepo) -> None:
    campaign_workspace(git_repo, language="fr")
    run_build(git_repo.path)
    html = (git_repo.path / "site/campaigns/soldes/index.html").read_text(encoding="utf-8")
    assert "en revue" in html
    assert "janv.\u00a02027" in html


def test_strange_file_names(git_repo: GitRepo) -> None:
    names = ["affiche métro.jpg", "visuel 🎄 final.png", "a#b?c.jpg"]
    strange_names_workspace(git_repo, names)
    run_build(git_repo.path)
    out = git_repo.path / "site"
    gallery = out / "campaigns/noel/index.html"
    targets = local_targets(out, gallery, kinds=("img", "a"))
    assert len([t for t in targets if "review" in t.as_posix()]) >= 3
    for t in targets:
        assert t.exists(), t


def test_symlink_leaving_workspace_refused(git_repo: GitRepo, tmp_path: Path) -> None:
    campaign_workspace(git_repo)
    secret = tmp_path / "secret.jpg"
    secret.write_bytes(b"not for the site")
    git_repo.symlink("assets/soldes/leak.jpg", str(secret))
    git_repo.commit("a link", date="2027-01-21T09:00:00+01:00")
    run_build(git_repo.path, strict=False)  # the link is an error (see test_links.py)
    out = git_repo.path / "site"
    assert not (out / "campaigns/soldes/review/leak").exists()
    for f in out.rglob("*"):
        if f.is_file() and f.stat().st_size == secret.stat().st_size:
            assert f.read_bytes() != secret.read_bytes()


def test_missing_deliverable_and_non_image(git_repo: GitRepo) -> None:
    campaign_workspace(git_repo)
    git_repo.write("assets/soldes/notes.docx", b"PK\x03\x04 not really a document")
    git_repo.commit("notes", date="2027-01-21T09:00:00+01:00")
    (git_repo.path / "content/campaigns/soldes/index.md").write_text(
        (git_repo.path / "content/campaigns/soldes/index.md")
        .read_text()
        .replace("deliverables:\n", "deliverables:\n  - id: poster\n    asset: poster.pdf\n"),
        encoding="utf-8",
    )
    run_build(git_repo.path, strict=False)
    out = git_repo.path / "site"
    gallery = (out / "campaigns/soldes/index.html").read_text(encoding="utf-8")
    assert 'data-status="missing"' in gallery
    review = (out / "campaigns/soldes/review/notes/index.html").read_text(encoding="utf-8")
    assert "notes.docx" in review and "download" in review.lower()


def test_hostile_brief_title_escaped(git_repo: GitRepo) -> None:
    write_config(git_repo)
    git_repo.write(
        "content/campaigns/evil/index.md",
        f"---\ntitle: '{HOSTILE.replace(chr(39), '')}'\n---\nBody\n",
    )
    git_repo.image("assets/evil/a.jpg")
    git_repo.commit("evil", date="2027-01-21T09:00:00+01:00")
    run_build(git_repo.path)
    for page in (git_repo.path / "site").rglob("*.html"):
        assert "<script>alert" not in page.read_text(encoding="utf-8"), page


def test_timeliness_dashboard_is_built(site) -> None:
    _repo, out = site
    page = out / "timeliness/index.html"
    html = page.read_text(encoding="utf-8")
    sections = ["overdue", "on-time", "cycle", "waits", "deliverables"]
    positions = [html.index(f'data-proofroom="{s}"') for s in sections]
    assert positions == sorted(positions)
    for target in local_targets(out, page, kinds=("a",)):
        assert target.exists(), target


def test_repository_link_asks_nothing_of_the_github_api(site: tuple[GitRepo, Path]) -> None:
    """Material's header fetches stars and forks for a `source` component: not here."""
    _, out = site
    for page in (out / "index.html", out / "campaigns/soldes/review/hero/index.html"):
        html = page.read_text(encoding="utf-8")
        assert 'class="md-source"' in html and "https://github.com/example/creative" in html
        assert 'data-md-component="source"' not in html


def test_review_bodies_skip_markdown_and_land_in_place(site: tuple[GitRepo, Path]) -> None:
    """Review pages are ready HTML: put in after conversion, never left as a slot."""
    _, out = site
    pages = list(out.rglob("*.html"))
    assert pages
    for page in pages:
        assert "proofroom:body" not in page.read_text(encoding="utf-8"), page
    hero = (out / "campaigns/soldes/review/hero/index.html").read_text(encoding="utf-8")
    assert hero.count('data-proofroom="decision-form"') == 1
    assert hero.count('data-proofroom="compare"') == 1
