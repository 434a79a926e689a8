"""`proofroom init` for a new team: a requirements.txt that installs the Proofroom that
made it, folders it refuses, a .gitignore it completes, and the review workflow it
writes, run step by step on the new workspace."""

from __future__ import annotations

import json
import os
import subprocess
from importlib import metadata
from pathlib import Path

import pytest
import yaml
from helpers.cli import BIN, invoke, no_traceback, one_error_line, run
from helpers.gitrepo import GitRepo

from proofroom.scaffold import PLACEHOLDER, requirement

COMMIT = "0123456789abcdef0123456789abcdef01234567"


def _dist(tmp_path: Path, direct_url: dict | None) -> metadata.Distribution:
    """A real installed distribution's metadata folder, as pip leaves it."""
    info = tmp_path / "proofroom-1.4.2.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: proofroom\nVersion: 1.4.2\n", encoding="utf-8"
    )
    if direct_url is not None:
        (info / "direct_url.json").write_text(json.dumps(direct_url), encoding="utf-8")
    return metadata.PathDistribution(info)


def test_an_index_install_pins_its_version(tmp_path: Path) -> None:
    assert requirement(_dist(tmp_path, None)) == ("proofroom==1.4.2", None)


def test_a_git_install_pins_its_commit(tmp_path: Path) -> None:
    url = "https://github.com/acme/proofroom.git"
    direct = {
        "url": url,
        "vcs_info": {"vcs": "git", "commit_id": COMMIT, "requested_revision": "main"},
    }
    line, note = requirement(_dist(tmp_path, direct))
    assert line == f"proofroom @ git+{url}@{COMMIT}" and note is None


@pytest.mark.parametrize(
    "direct",
    [
        {"url": "file:///home/me/proofroom", "dir_info": {"editable": True}},
        {"url": "file:///home/me/proofroom", "dir_info": {}},
        {"url": "file:///tmp/proofroom-1.4.2-py3-none-any.whl", "archive_info": {}},
        {"url": "file:///tmp/x", "vcs_info": {"vcs": "git"}},  # no commit: nothing to pin
    ],
)
def test_a_local_install_leaves_a_commented_line_and_says_so(tmp_path: Path, direct) -> None:
    line, note = requirement(_dist(tmp_path, direct))
    assert line == PLACEHOLDER and line.startswith("#")
    assert note and note.startswith("requirements.txt: ") and "\n" not in note
    assert "/home/me" not in line


def test_a_non_empty_folder_outside_git_needs_force(tmp_path: Path) -> None:
    target = tmp_path / "downloads"
    target.mkdir()
    (target / "holiday.jpg").write_bytes(b"\xff\xd8")
    proc = run("init", str(target), cwd=tmp_path)
    assert proc.returncode == 2, proc.stdout
    assert "--force" in one_error_line(proc.stderr)
    no_traceback(proc.stdout, proc.stderr)
    assert sorted(p.name for p in target.iterdir()) == ["holiday.jpg"]  # nothing written
    forced = run("init", str(target), "--force", cwd=tmp_path)
    assert forced.returncode == 0, forced.stderr
    assert (target / "mkdocs.yml").is_file() and (target / ".git").is_dir()


def test_a_non_empty_git_repository_needs_no_force(git_repo: GitRepo) -> None:
    git_repo.write("README.md", "ours\n")
    git_repo.commit("ours", date="2027-01-01T09:00:00Z")
    proc = run("init", str(git_repo.path), cwd=git_repo.path)
    assert proc.returncode == 0, proc.stderr
    assert (git_repo.path / "mkdocs.yml").is_file()
    assert (git_repo.path / "README.md").read_text(encoding="utf-8") == "ours\n"


def test_never_the_root_or_the_home_folder(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    for target, cwd in (("/", tmp_path), (str(home), tmp_path), (".", home)):
        proc = run("init", target, "--force", cwd=cwd, env={"HOME": str(home)})
        assert proc.returncode == 2, (target, proc.stdout)
        assert "refusing" in one_error_line(proc.stderr)
        no_traceback(proc.stdout, proc.stderr)
    assert list(home.iterdir()) == []


def test_an_existing_gitignore_gets_the_missing_lines_once(git_repo: GitRepo) -> None:
    mine = "node_modules/\nsite\n*.log"  # the team's own, no newline at the end
    git_repo.write(".gitignore", mine)
    first = run("init", str(git_repo.path), cwd=git_repo.path)
    assert first.returncode == 0, first.stderr
    assert "added   to .gitignore (/.cache/)" in first.stdout
    text = (git_repo.path / ".gitignore").read_text(encoding="utf-8")
    assert text.startswith(mine + "\n")  # appended, never rewritten
    assert text.splitlines()[-1] == "/.cache/"
    again = run("init", str(git_repo.path), cwd=git_repo.path)
    assert again.returncode == 0, again.stderr
    assert (git_repo.path / ".gitignore").read_text(encoding="utf-8") == text
    assert "kept    .gitignore" in again.stdout
    ignored = subprocess.run(
        ["git", "check-ignore", "site/index.html", ".cache/proofroom/x"],
        cwd=git_repo.path,
        env=git_repo.env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert ignored.stdout.split() == ["site/index.html", ".cache/proofroom/x"]


# What GitHub puts in the steps' env for a pull request by alice against main.
EVENT = {
    "${{ secrets.PROOFROOM_SECRET }}": "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8",
    "${{ secrets.PROOFROOM_PREVIOUS_SECRETS }}": "",
    "${{ github.base_ref }}": "main",
    "${{ github.event.pull_request.user.login }}": "alice",
    "${{ github.event.pull_request.number }}": "7",
}


def _new_team_pull_request(tmp_path: Path) -> GitRepo:
    """A fresh `proofroom init` workspace with a first commit on main, cloned (so
    origin/main exists, as after actions/checkout) onto a branch with a new version."""
    origin = GitRepo(tmp_path / "origin")
    assert invoke("init", str(origin.path)).exit_code == 0
    assert invoke("-C", str(origin.path), "new", "launch").exit_code == 0
    origin.image("assets/launch/hero.jpg", color=(200, 10, 10), size=(120, 80))
    origin.commit("Launch: first hero", date="2027-01-05T09:00:00Z")
    clone = tmp_path / "checkout"
    subprocess.run(
        ["git", "clone", "-q", str(origin.path), str(clone)], env=origin.env(), check=True
    )
    repo = GitRepo(clone)
    repo.branch("creative/hero-v2")
    repo.checkout("creative/hero-v2")
    repo.image("assets/launch/hero.jpg", color=(10, 10, 200), size=(120, 80))
    repo.commit("Hero: night blue", date="2027-01-06T09:00:00Z")
    return repo


def test_the_review_workflow_init_writes_passes_on_a_new_workspace(tmp_path: Path) -> None:
    repo = _new_team_pull_request(tmp_path)
    workflow = yaml.safe_load((repo.path / ".github/workflows/review.yml").read_text("utf-8"))
    summary = tmp_path / "summary.md"
    summary.touch()
    ran = []
    for step in workflow["jobs"]["validate"]["steps"]:
        if "uses" in step:  # the runner's own actions: the clone above and this Python
            assert step["uses"].split("@")[0] in {"actions/checkout", "actions/setup-python"}
            continue
        if "pip install" in step["run"]:  # this checkout is installed already
            assert step["run"] == "python -m pip install -r requirements.txt"
            continue
        env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
        env |= {k: EVENT[v] for k, v in step.get("env", {}).items()}
        env["GITHUB_STEP_SUMMARY"] = str(summary)
        proc = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
            cwd=repo.path,
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=600,
        )
        assert proc.returncode == 0, (step.get("id"), proc.stdout, proc.stderr)
        no_traceback(proc.stdout, proc.stderr)
        ran.append(step["id"])
    assert ran == ["validate", "summary"]
    text = summary.read_text(encoding="utf-8")
    assert "**New versions** (1)" in text and "| Hero: night blue |" in text


def test_validate_warns_that_anyone_can_approve_until_stages_are_declared(tmp_path: Path) -> None:
    target = tmp_path / "team"
    assert invoke("init", str(target)).exit_code == 0
    assert invoke("-C", str(target), "new", "launch").exit_code == 0
    first = invoke("-C", str(target), "validate")
    assert first.exit_code == 0, first.output  # a warning: the team may mean it
    (line,) = first.stdout.splitlines()
    assert line.startswith("content/campaigns/launch/index.md:1: warning: ")
    assert "anyone can approve" in line and "stages:" in line and "approvers:" in line
    brief = target / "content/campaigns/launch/index.md"
    text = brief.read_text(encoding="utf-8")
    brief.write_text(text.replace("tags: []", "tags: []\nstages: [{name: brand}]"), "utf-8")
    no_approvers = invoke("-C", str(target), "validate")  # a stage without approvers
    assert no_approvers.exit_code == 1 and 'no "approvers"' in no_approvers.stdout
    brief.write_text(
        text.replace("tags: []", "tags: []\nstages: [{name: brand, approvers: [alice]}]"), "utf-8"
    )
    ok = invoke("-C", str(target), "validate")
    assert ok.exit_code == 0 and ok.stdout == "ok: briefs, decisions and team.yml are valid\n"
