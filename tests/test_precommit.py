"""The pre-commit hook offered to team repositories, run by the real `pre-commit`.

`pre-commit try-repo` installs this package (from the package index: it needs network
access to it, hence the ``network`` mark) into pre-commit's own environment, then runs
`proofroom validate` in a team workspace. try-repo only sees this checkout's committed
HEAD plus changes to tracked files, so the test gives it a snapshot of the checkout as it
is (tracked and untracked files, ignored ones left out) committed in a temporary
repository: the hook definition and the code tried are exactly the ones on disk.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from helpers.gitrepo import GitRepo
from helpers.workspaces import campaign_workspace

ROOT = Path(__file__).resolve().parent.parent
PRE_COMMIT_HOME = ROOT / ".cache" / "pre-commit-tests"
HOOK = "proofroom-validate"
FILES = r"^(content/|assets/|reviews/|mkdocs\.ya?ml$)"


def pre_commit(*args: str, cwd: Path, check: bool = False) -> subprocess.CompletedProcess:
    pytest.importorskip("pre_commit")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRE_COMMIT")}
    env["PRE_COMMIT_HOME"] = str(PRE_COMMIT_HOME)
    env["PRE_COMMIT_COLOR"] = "never"
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=check,
        timeout=1800,
    )


def checkout_files() -> list[str]:
    """This checkout's files as a commit of the work tree would hold them."""
    proc = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=False,
    )
    if proc.returncode != 0:
        pytest.skip("this checkout is not a git repository")
    names = [n.decode() for n in proc.stdout.split(b"\0") if n]
    return [n for n in names if (ROOT / n).is_file() and not (ROOT / n).is_symlink()]


@pytest.fixture
def snapshot(tmp_path: Path) -> Path:
    repo = GitRepo(tmp_path / "proofroom")
    for name in checkout_files():
        target = repo.path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    repo.commit("Snapshot of the checkout", date="2027-01-01T00:00:00Z")
    return repo.path


# -- the hook definitions (no network) --------------------------------------------------


def test_the_offered_hook() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = [h for h in hooks if h["id"] == HOOK]
    assert hook["language"] == "python"
    assert hook["entry"] == "proofroom validate"
    assert hook["pass_filenames"] is False
    assert hook["files"] == FILES
    proc = pre_commit("validate-manifest", ".pre-commit-hooks.yaml", cwd=ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize(
    ("path", "runs"),
    [
        ("content/campaigns/soldes/index.md", True),
        ("assets/soldes/hero.jpg", True),
        ("reviews/soldes/hero/20270121T1000Z-alice.yml", True),
        ("reviews/team.yml", True),
        ("mkdocs.yml", True),
        ("README.md", False),
        ("plugins/proofroom/cli/review_cmds.py", False),
        ("docs/assets/logo.png", False),
        ("mkdocs.yml.bak", False),
    ],
)
def test_the_hook_runs_for_workspace_files_only(path: str, runs: bool) -> None:
    assert bool(re.search(FILES, path)) is runs


def test_this_repositorys_config() -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {h["id"]: h for repo in config["repos"] for h in repo["hooks"]}
    assert all(repo["repo"] == "local" for repo in config["repos"])
    for hook_id, entry in (("ruff-check", "ruff check"), ("ruff-format", "ruff format --check")):
        hook = hooks[hook_id]
        assert hook["entry"] == entry and hook["language"] == "python"
        (dep,) = hook["additional_dependencies"]
        assert dep.startswith("ruff==") and dep.split("==")[1][0].isdigit()
    validate = hooks[HOOK]
    assert validate["language"] == "system"
    assert validate["entry"] == "proofroom validate"
    assert validate["pass_filenames"] is False
    assert validate["files"] == FILES
    proc = pre_commit("validate-config", ".pre-commit-config.yaml", cwd=ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr


# -- the real thing: pre-commit installs the package and runs the hook ---------------------


@pytest.mark.network
def test_try_repo_passes_on_a_clean_workspace_and_fails_on_a_bad_decision(
    snapshot: Path, git_repo: GitRepo
) -> None:
    team = campaign_workspace(git_repo)
    ok = pre_commit("try-repo", str(snapshot), HOOK, "--all-files", cwd=team.path)
    if ok.returncode == 3 or "Could not find a version" in ok.stdout + ok.stderr:
        pytest.fail(f"pre-commit could not install the hook (no package index?):\n{ok.stdout}")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "proofroom validate" in ok.stdout and "Passed" in ok.stdout

    bad = "reviews/soldes/hero/20270121T1000Z-bob.yml"
    team.write(bad, "asset: assets/soldes/hero.jpg\nsha: 0000000\nreviewer: bob\ndecision: ok\n")
    team.git("add", bad)
    failed = pre_commit("try-repo", str(snapshot), HOOK, "--all-files", cwd=team.path)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "Failed" in failed.stdout
    assert f'{bad}:4: error: unknown decision "ok"' in failed.stdout
    assert "Traceback" not in failed.stdout + failed.stderr
