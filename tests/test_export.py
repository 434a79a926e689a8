"""`proofroom export DIR`: a plain MkDocs build of the exported tree, without the plugin,
gives the pages of the plugin's own build of the same workspace.

The one normalisation: runs of white space are collapsed to one space. A generated page
of the plugin has no edit URL (MkDocs makes none for a generated file) while the exported
file has one, and Material's actions partial then leaves a few blank template lines in
the article even with the edit button switched off. The dashboard's "figures at" moment
is the same in both builds because the tests fix SOURCE_DATE_EPOCH.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result
from helpers.gitrepo import GitRepo
from helpers.sites import local_targets, run_build
from helpers.workspaces import HOSTILE, MKDOCS_YML, campaign_workspace

from proofroom.cli import main
from proofroom.export import MARKER
from proofroom.export_config import not_in_nav_patterns

EPOCH = "1800867600"  # 2027-01-25T09:00:00Z, after the workspace's commits
# Tags MkDocs resolves itself, which the exported configuration must keep as written.
TAGGED = """\
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
      emoji_generator: !!python/name:material.extensions.emoji.to_svg
extra:
  label: !ENV [PROOFROOM_EXPORT_TEST_LABEL, "from the default"]
"""


def export(root: Path, directory: Path) -> Result:
    """``proofroom -C ROOT export DIRECTORY`` in this process."""
    return CliRunner().invoke(
        main, ["-C", str(root), "export", str(directory)], catch_exceptions=False
    )


def mkdocs_build(config: Path) -> subprocess.CompletedProcess:
    """Plain `mkdocs build --strict` in its own process: only the plugins the file names."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config)],
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


def normalised(page: Path) -> str:
    return re.sub(r"\s+", " ", page.read_text(encoding="utf-8"))


def html_pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


def workspace(repo: GitRepo) -> GitRepo:
    """The build tests' workspace, a campaign without a brief, and tags in mkdocs.yml."""
    campaign_workspace(repo)
    repo.write("mkdocs.yml", MKDOCS_YML.format(language="en") + TAGGED)
    repo.image("assets/nobrief/poster.jpg", color=(20, 20, 160))
    repo.commit("A campaign without a brief yet", date="2027-01-22T09:00:00+01:00")
    return repo


@pytest.fixture
def fixed_now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


@pytest.fixture
def both(git_repo: GitRepo, tmp_path: Path, fixed_now: None) -> tuple[GitRepo, Path, Path]:
    """(workspace, plugin's site, exported tree built without the plugin)."""
    workspace(git_repo)
    root = git_repo.path
    run_build(root, strict=False)  # the stub campaign is a warning
    result = export(root, tmp_path / "export")
    assert result.exit_code == 0, result.output
    out = tmp_path / "export"
    proc = mkdocs_build(out / "mkdocs.yml")
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    return git_repo, root / "site", out


def test_exported_tree_builds_the_same_pages_without_the_plugin(both) -> None:
    _repo, plugin_site, out = both
    config = yaml.safe_load(
        re.sub(r"!!python/name:\S+|!ENV", "", (out / "mkdocs.yml").read_text(encoding="utf-8"))
    )
    assert config["plugins"] == ["search"]  # the proofroom plugin is not loaded
    assert config["docs_dir"] == "docs"
    export_site = out / "site"
    pages = html_pages(plugin_site)
    assert html_pages(export_site) == pages
    named = [
        "campaigns/index.html",  # campaigns index
        "campaigns/soldes/index.html",  # a brief with its gallery
        "campaigns/nobrief/index.html",  # a campaign without a brief: stub and gallery
        "campaigns/soldes/review/hero/index.html",  # a review page
        "timeliness/index.html",  # the dashboard
    ]
    assert set(named) <= pages
    for rel in sorted(pages):
        assert normalised(export_site / rel) == normalised(plugin_site / rel), rel
    # The comparison saw the real content, once per page.
    brief = normalised(export_site / "campaigns/soldes/index.html")
    assert brief.count('data-proofroom="gallery"') == 1
    assert brief.index("Objectives") < brief.index('data-proofroom="gallery"')
    stub = normalised(export_site / "campaigns/nobrief/index.html")
    assert stub.count('data-proofroom="gallery"') == 1
    hero = normalised(export_site / "campaigns/soldes/review/hero/index.html")
    assert hero.count('data-proofroom="decision-form"') == 1
    assert len(re.findall(r'data-proofroom="version"', hero)) == 3
    assert "&lt;script&gt;alert" in normalised(
        export_site / "campaigns/soldes/review/banner/index.html"
    )
    assert 'data-proofroom="overdue"' in normalised(export_site / "timeliness/index.html")
    written = (out / "mkdocs.yml").read_text(encoding="utf-8")  # tags kept as written
    assert "emoji_index: !!python/name:material.extensions.emoji.twemoji" in written
    assert "label: !ENV\n  - PROOFROOM_EXPORT_TEST_LABEL\n  - from the default\n" in written


def test_navigation_is_the_plugins(both) -> None:
    """A campaign folder holding only its brief is the brief itself, as with the plugin;
    review pages stay out of the navigation without a warning."""
    _, plugin_site, out = both
    home = normalised(out / "site/index.html")
    assert home == normalised(plugin_site / "index.html")
    assert "review/hero" not in home
    assert "Soldes de printemps 2027" in home
    assert ">Soldes<" not in home.replace(" ", "")  # no section named after the folder
    config = (out / "mkdocs.yml").read_text(encoding="utf-8")
    assert "not_in_nav: |\n  /campaigns/nobrief/review/\n  /campaigns/soldes/review/\n" in config


def test_media_of_the_exported_pages_are_in_the_exported_build(both) -> None:
    _, plugin_site, out = both
    site = out / "site"
    checked = 0
    for rel in sorted(html_pages(site) - {"404.html"}):  # 404 links from the server root
        for target in local_targets(site, site / rel, kinds=("img", "a")):
            assert target.exists(), f"{rel} refers to missing {target}"
            checked += 1
    assert checked > 20
    media = {p.relative_to(site).as_posix() for p in (site / "_proofroom").rglob("*")}
    assert media == {
        p.relative_to(plugin_site).as_posix() for p in (plugin_site / "_proofroom").rglob("*")
    }
    assert any(m.startswith("_proofroom/t/") for m in media)
    assert any(m.startswith("_proofroom/d/") for m in media)  # difference images
    for rel in media:
        if (site / rel).is_file():
            assert (site / rel).read_bytes() == (plugin_site / rel).read_bytes(), rel


def test_export_again_replaces_only_its_own_files(
    git_repo: GitRepo, tmp_path: Path, fixed_now: None
) -> None:
    workspace(git_repo)
    out = tmp_path / "export"
    first = export(git_repo.path, out)
    assert first.exit_code == 0, first.output
    assert "generated pages 6, briefs 1, other docs files 1" in first.stdout
    listed = json.loads((out / MARKER).read_text(encoding="utf-8"))["files"]
    assert "docs/campaigns/soldes/review/banner/index.md" in listed
    assert "mkdocs.yml" in listed
    (out / "notes.txt").write_text("mine", encoding="utf-8")

    again = export(git_repo.path, out)
    assert again.exit_code == 0, again.output
    assert "(files written 0, removed 0)" in again.stdout  # nothing changed, nothing rewritten

    git_repo.remove("assets/soldes/banner.png")
    git_repo.commit("No banner after all", date="2027-01-23T09:00:00+01:00")
    third = export(git_repo.path, out)
    assert third.exit_code == 0, third.output
    now_listed = json.loads((out / MARKER).read_text(encoding="utf-8"))["files"]
    gone = set(listed) - set(now_listed)  # the banner's page, its thumbnail and original
    page = "docs/campaigns/soldes/review/banner/index.md"
    assert page in gone
    assert all(g.startswith("docs/_proofroom/") for g in gone - {page}), gone
    assert f"removed {len(gone)})" in third.stdout and len(gone) == 3
    for rel in gone:
        assert not (out / rel).exists(), rel
    assert not (out / "docs/campaigns/soldes/review/banner").exists()  # empty folder too
    assert (out / "docs/campaigns/soldes/review/hero/index.md").is_file()
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"  # never listed: kept
    assert mkdocs_build(out / "mkdocs.yml").returncode == 0


def test_media_are_linked_and_user_files_copied(git_repo: GitRepo, tmp_path: Path) -> None:
    """Media share the cache's bytes; the workspace's own pages are copies, so an edit
    in the export never reaches them."""
    workspace(git_repo)
    out = tmp_path / "export"
    assert export(git_repo.path, out).exit_code == 0
    thumbs = list((out / "docs/_proofroom/t").iterdir())
    assert thumbs and all(t.stat().st_nlink >= 2 for t in thumbs)
    home = out / "docs/index.md"
    assert home.stat().st_nlink == 1
    assert home.read_bytes() == (git_repo.path / "content/index.md").read_bytes()


REFUSALS = [  # (folder, below the workspace?, what the error says)
    (".", True, "holds the workspace itself"),
    ("content/exported", True, "inside the workspace's docs folder"),
    ("assets/soldes/x", True, "inside the workspace's assets folder"),
    ("full", False, "is not empty and not a previous export"),
    ("a-file", False, "is a file"),
]


@pytest.mark.parametrize(("where", "inside", "message"), REFUSALS, ids=[r[0] for r in REFUSALS])
def test_refused_folders(
    git_repo: GitRepo, tmp_path: Path, where: str, inside: bool, message: str
) -> None:
    workspace(git_repo)
    root = git_repo.path
    (tmp_path / "full").mkdir()
    (tmp_path / "full/keep.txt").write_text("not an export", encoding="utf-8")
    (tmp_path / "a-file").write_text("a file", encoding="utf-8")
    target = (root if inside else tmp_path) / where
    before = sorted(p.as_posix() for p in tmp_path.rglob("*"))
    result = export(root, target)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and "error:" in lines[0], result.stderr
    assert "Traceback" not in result.output
    assert sorted(p.as_posix() for p in tmp_path.rglob("*")) == before  # nothing written


def test_a_link_out_of_the_export_is_refused(git_repo: GitRepo, tmp_path: Path) -> None:
    workspace(git_repo)
    out, elsewhere = tmp_path / "export", tmp_path / "elsewhere"
    assert export(git_repo.path, out).exit_code == 0
    elsewhere.mkdir()
    for child in (out / "docs").iterdir():  # docs/ replaced by a link to another folder
        if child.is_dir():
            shutil.rmtree(child)
        else:
            child.unlink()
    (out / "docs").rmdir()
    (out / "docs").symlink_to(elsewhere, target_is_directory=True)
    result = export(git_repo.path, out)
    assert result.exit_code == 2
    assert "leads outside it" in result.stderr
    assert list(elsewhere.iterdir()) == []


def test_hostile_names_stay_text(git_repo: GitRepo, tmp_path: Path, fixed_now: None) -> None:
    """A brief title and a campaign folder name are user text in the exported site too:
    the title is rewritten safe in the exported brief, the folder's section title in nav."""
    campaign_workspace(git_repo)
    cid = "x<img src=y onerror=alert(1)>"
    title = HOSTILE.replace("'", "")
    git_repo.write(f"content/campaigns/{cid}/index.md", f"---\ntitle: '{title}'\n---\nBody\n")
    git_repo.write(f"content/campaigns/{cid}/notes.md", "# Notes\n")
    git_repo.image(f"assets/{cid}/a.jpg")
    git_repo.commit("hostile", date="2027-01-21T09:00:00+01:00")
    run_build(git_repo.path, strict=False)
    out = tmp_path / "export"
    assert export(git_repo.path, out).exit_code == 0
    proc = mkdocs_build(out / "mkdocs.yml")
    assert proc.returncode == 0, proc.stderr
    pages = html_pages(out / "site")
    assert f"campaigns/{cid}/notes/index.html" in pages
    for rel in sorted(pages):
        html = (out / "site" / rel).read_text(encoding="utf-8")
        assert "<script>alert" not in html, rel
        assert "<img src=y" not in html, rel
        assert normalised(out / "site" / rel) == normalised(git_repo.path / "site" / rel), rel


def test_not_in_nav_patterns_cover_folders_of_hidden_pages_only() -> None:
    hidden = ["a/review/x/index.md", "a/review/y/z/index.md", "lone.md", "b/[c]*/index.md"]
    pages = [*hidden, "index.md", "a/index.md", "b/index.md"]
    assert not_in_nav_patterns(hidden, pages) == ("/a/review/\n/b/\\[c\\]\\*/\n/lone.md\n")


BASE_YML = """\
site_name: Inherited reviews
repo_url: https://github.com/example/creative
theme:
  name: material
  font: false
plugins:
  search: {}
  proofroom:
    thumbnail_size: 200
    thumbnail_format: png
markdown_extensions:
  - attr_list
  - md_in_html
"""
CHILD_YML = """\
INHERIT: config/base.yml
docs_dir: content
hooks:
  - hooks/mark.py
theme:
  language: fr
  custom_dir: theme-overrides
"""
HOOK = """\
def on_page_content(html, **kwargs):
    return html + "<p>hooked</p>"
"""


def test_inherited_config_hooks_and_custom_dir(
    git_repo: GitRepo, tmp_path: Path, fixed_now: None
) -> None:
    """Plugin options from an INHERIT-ed file, plugins as a mapping, a hook and the
    workspace's own theme overrides: the exported configuration keeps them working."""
    campaign_workspace(git_repo, language="fr")
    git_repo.write("config/base.yml", BASE_YML)
    git_repo.write("mkdocs.yml", CHILD_YML)
    git_repo.write("hooks/mark.py", HOOK)
    git_repo.write("theme-overrides/partials/copyright.html", "<div>team footer</div>\n")
    git_repo.commit("Inherited configuration", date="2027-01-22T09:00:00+01:00")
    run_build(git_repo.path)
    out = tmp_path / "export"
    assert export(git_repo.path, out).exit_code == 0
    written = (out / "mkdocs.yml").read_text(encoding="utf-8")
    assert "INHERIT" not in written and "proofroom:" not in written
    assert "plugins:\n  search: {}\n" in written
    assert "../repo/hooks/mark.py" in written  # still the workspace's hook
    assert (out / "overrides/partials/copyright.html").is_file()
    assert (out / "overrides/partials/source.html").is_file()  # the plugin's own override
    proc = mkdocs_build(out / "mkdocs.yml")
    assert proc.returncode == 0, proc.stderr
    site, plugin_site = out / "site", git_repo.path / "site"
    assert html_pages(site) == html_pages(plugin_site)
    for rel in sorted(html_pages(site)):
        assert normalised(site / rel) == normalised(plugin_site / rel), rel
    gallery = normalised(site / "campaigns/soldes/index.html")
    assert "en revue" in gallery and "<p>hooked</p>" in gallery and "team footer" in gallery
    thumbs = list((site / "_proofroom/t").iterdir())
    assert thumbs and all(t.suffix == ".png" for t in thumbs)


def test_bad_plugin_option_is_one_line(git_repo: GitRepo, tmp_path: Path) -> None:
    workspace(git_repo)
    config = git_repo.path / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("  - proofroom\n", "  - proofroom:\n      thumbnail_format: gif\n"),
        encoding="utf-8",
    )
    result = export(git_repo.path, tmp_path / "export")
    assert result.exit_code == 2
    assert result.stderr.startswith("mkdocs.yml: error: plugins: proofroom: thumbnail_format:")
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "export").exists()


def test_exporting_a_private_workspace_says_the_export_is_in_clear(
    git_repo: GitRepo, tmp_path: Path, fixed_now: None
) -> None:
    campaign_workspace(git_repo)
    config = git_repo.path / "mkdocs.yml"
    text = config.read_text("utf-8").replace(
        "  - proofroom\n", "  - proofroom:\n      privacy: private\n"
    )
    config.write_text(text, "utf-8")
    result = export(git_repo.path, tmp_path / "export")
    assert result.exit_code == 0, result.output
    assert "note: this workspace is private (privacy: private), and an export is in clear" in (
        result.stderr
    )
