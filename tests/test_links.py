"""Symbolic links in the workspace: none publishes or exports a file from outside the
repository, a loop is one error and never a hang; links inside the repository work.

Each case runs a real `mkdocs build`, `proofroom export` and `proofroom validate`.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers.cli import no_traceback, validate
from helpers.gitrepo import GitRepo
from helpers.sites import mkdocs_warnings, run_build
from helpers.workspaces import campaign_workspace
from mkdocs.exceptions import Abort

from proofroom.cli import main

SECRET = b"proofroom-secret-outside-the-repository\n"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A file and a folder outside the repository, standing in for /etc/passwd and /etc."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    (folder / "passwd").write_bytes(SECRET)
    (folder / "index.md").write_bytes(b"---\ntitle: Stolen\n---\n" + SECRET)
    return folder


def _files_holding(folder: Path, data: bytes) -> list[Path]:
    files = [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]
    return [p for p in files if data in p.read_bytes()]


def _build(repo: GitRepo) -> list[str]:
    with mkdocs_warnings() as lines:
        run_build(repo.path, strict=False)
    no_traceback(*lines)
    return lines


def _export(repo: GitRepo, dest: Path) -> str:
    result = CliRunner().invoke(
        main, ["-C", str(repo.path), "export", str(dest)], catch_exceptions=False
    )
    no_traceback(result.stdout, result.stderr)
    return result.stdout + result.stderr


def _one(text: str, link: str) -> None:
    found = [ln for ln in text.splitlines() if f"{link}: error: symbolic link" in ln]
    assert len(found) == 1, text


CASES = {
    "content file": ("content/passwd.txt", "passwd"),
    "campaign file": ("content/campaigns/soldes/passwd.md", "passwd"),
    "campaign folder": ("content/campaigns/etc", "."),
    "assets": ("assets/soldes/passwd.jpg", "passwd"),
    "reviews": ("reviews/soldes/hero/2027-01-22T10-00-00Z-eve.yml", "passwd"),
}


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("committed", [False, True])
def test_a_link_out_of_the_repository_is_refused(
    git_repo: GitRepo, outside: Path, tmp_path: Path, case: str, committed: bool
) -> None:
    repo = campaign_workspace(git_repo)
    link, target = CASES[case]
    (repo.path / link).parent.mkdir(parents=True, exist_ok=True)
    os.symlink(os.path.normpath(outside / target), repo.path / link)
    if committed:
        repo.git("add", "-A")
        repo.commit("A link", date="2027-01-22T09:00:00+01:00")

    lines = _build(repo)
    _one("\n".join(lines), link)
    assert _files_holding(repo.path / "site", SECRET) == []
    assert (repo.path / "site/campaigns/soldes/review/hero/index.html").is_file()

    out = _export(repo, tmp_path / "export")
    _one(out, link)
    assert _files_holding(tmp_path / "export", SECRET) == []

    result = validate(repo)
    no_traceback(result.stdout, result.stderr)
    assert result.exit_code == 1
    _one(result.stdout + result.stderr, link)
    assert "Stolen" not in result.stdout + result.stderr


@pytest.mark.parametrize(
    "links", [{"content/loop": "."}, {"content/a": "b", "content/b": "a"}], ids=["self", "pair"]
)
def test_a_link_loop_is_an_error_not_a_hang(
    git_repo: GitRepo, tmp_path: Path, links: dict[str, str]
) -> None:
    repo = campaign_workspace(git_repo)
    for link, target in links.items():
        os.symlink(target, repo.path / link)
    with mkdocs_warnings() as lines:
        if "content/loop" in links:  # a folder loop: MkDocs' own walk would go round
            with pytest.raises(Abort):
                run_build(repo.path, strict=False)
        else:
            run_build(repo.path, strict=False)
    no_traceback(*lines)
    out = _export(repo, tmp_path / "export")
    result = validate(repo)
    no_traceback(result.stdout, result.stderr)
    assert result.exit_code == 1
    for link in links:
        _one("\n".join(lines), link)
        _one(out, link)
        _one(result.stdout + result.stderr, link)
        assert "loops" in result.stdout + result.stderr


def test_a_link_inside_the_repository_works(git_repo: GitRepo, tmp_path: Path) -> None:
    repo = campaign_workspace(git_repo)
    repo.write("notes/terms.md", "# Terms\n\nInside the repository.\n")
    os.symlink("../notes/terms.md", repo.path / "content/terms.md")
    os.symlink("../notes", repo.path / "content/notes")
    lines = _build(repo)
    assert not [ln for ln in lines if "symbolic link" in ln], lines
    assert "Inside the repository." in (repo.path / "site/terms/index.html").read_text("utf-8")
    assert (repo.path / "site/notes/terms/index.html").is_file()
    out = _export(repo, tmp_path / "export")
    assert "symbolic link" not in out
    assert (tmp_path / "export/docs/terms.md").is_file()
    result = validate(repo)
    assert "symbolic link" not in result.stdout + result.stderr


def test_a_link_out_of_the_theme_overrides_is_refused(
    git_repo: GitRepo, outside: Path, tmp_path: Path
) -> None:
    repo = campaign_workspace(git_repo)
    config = repo.path / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace(
            "  name: material\n", "  name: material\n  custom_dir: overrides\n"
        ),
        "utf-8",
    )
    (repo.path / "overrides").mkdir()
    os.symlink(outside / "passwd", repo.path / "overrides/passwd.txt")
    lines = _build(repo)
    _one("\n".join(lines), "overrides/passwd.txt")
    assert _files_holding(repo.path / "site", SECRET) == []
    out = _export(repo, tmp_path / "export")
    _one(out, "overrides/passwd.txt")
    assert _files_holding(tmp_path / "export", SECRET) == []
