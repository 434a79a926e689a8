"""The GitHub Actions workflows: linted, schema-checked, safe by construction, and the
review workflow's own commands run against a real pull request branch."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers.cli import invoke
from helpers.fake_github import FakeGitHub, Reply
from helpers.gitrepo import GitRepo
from helpers.workspaces import campaign_workspace

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS_DIR = ROOT / ".github" / "workflows"
# The team versions that `proofroom init` writes into a new workspace.
TEAM_DIR = ROOT / "plugins" / "proofroom" / "scaffold" / "workspace" / "github" / "workflows"
TEAM = ("review.yml", "timeliness.yml", "pages.yml")
WORKFLOWS = sorted(
    [*WORKFLOWS_DIR.glob("*.yml"), *WORKFLOWS_DIR.glob("*.yaml"), *TEAM_DIR.glob("*.yml")]
)
BIN = Path(sys.executable).parent
HERO = "assets/soldes/hero.jpg"
# A release tag like v4.2.2, or a full commit SHA: never a moving major tag like v4.
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@(v\d+\.\d+\.\d+|[0-9a-f]{40})$")


def load(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def all_steps() -> list[tuple[str, str, dict[str, Any]]]:
    """(workflow file, job id, step) for every step of every workflow."""
    found = []
    for path in WORKFLOWS:
        for job_id, job in load(path)["jobs"].items():
            found.extend((path.name, job_id, step) for step in job.get("steps", []))
    return found


def tool(name: str) -> str | None:
    """A console script of this interpreter's environment, else one on PATH."""
    beside = BIN / name
    return str(beside) if beside.exists() else shutil.which(name)


def test_the_workflows_are_there() -> None:
    assert {"ci.yml", *TEAM} <= {p.name for p in WORKFLOWS_DIR.glob("*.yml")}
    assert set(TEAM) == {p.name for p in TEAM_DIR.glob("*.yml")}


@pytest.mark.parametrize("name", TEAM)
def test_this_repository_runs_the_team_workflows(name: str) -> None:
    """One source: the demo workspace runs exactly what `proofroom init` gives a team."""
    assert (WORKFLOWS_DIR / name).read_bytes() == (TEAM_DIR / name).read_bytes()


# -- static checks ----------------------------------------------------------------------


def test_actionlint() -> None:
    """actionlint on every workflow, this repository's and the team copies."""
    actionlint = tool("actionlint")
    assert actionlint, "actionlint is missing: pip install -e '.[test]'"
    proc = subprocess.run(
        [actionlint, "-no-color", *map(str, WORKFLOWS)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_github_workflow_schema() -> None:
    """check-jsonschema ships the schema: no network needed."""
    checker = tool("check-jsonschema")
    assert checker, "check-jsonschema is missing: pip install -e '.[test]'"
    proc = subprocess.run(
        [checker, "--builtin-schema", "vendor.github-workflows", *map(str, WORKFLOWS)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_no_expression_inside_a_run_script() -> None:
    """Event data (branch names, titles, logins) reach scripts through env only:
    a `${{ }}` inside `run:` is pasted into the script before bash reads it."""
    runs = [(wf, job, step) for wf, job, step in all_steps() if "run" in step]
    assert runs
    for wf, job, step in runs:
        assert "${{" not in step["run"], f"{wf} job {job}: pass it through env: {step['run']}"


def test_every_job_has_a_timeout() -> None:
    for path in WORKFLOWS:
        for job_id, job in load(path)["jobs"].items():
            minutes = job.get("timeout-minutes")
            assert isinstance(minutes, int) and 0 < minutes <= 60, f"{path.name} job {job_id}"


# The only write permissions any job holds: extend this list, with a reason, when needed.
JOB_WRITES = {("pages.yml", "deploy"): {"pages": "write", "id-token": "write"}}
# Read permissions beyond `contents: read`, with their reason.
READS = {
    # merge times of the pull requests that landed each version (timeliness --github)
    "timeliness.yml": {"contents": "read", "pull-requests": "read"},
}


def test_permissions_are_read_only_unless_deploying() -> None:
    for path in WORKFLOWS:
        data = load(path)
        allowed = READS.get(path.name, {"contents": "read"})
        assert data["permissions"] in (allowed, {}), path.name
        for job_id, job in data["jobs"].items():
            writes = {k: v for k, v in job.get("permissions", {}).items() if v == "write"}
            assert writes == JOB_WRITES.get((path.name, job_id), {}), f"{path.name} {job_id}"
    assert load(WORKFLOWS_DIR / "pages.yml")["jobs"]["build"].get("permissions") is None


def test_actions_are_pinned_and_checkouts_complete() -> None:
    uses = [(wf, step) for wf, _, step in all_steps() if "uses" in step]
    assert uses
    for wf, step in uses:
        assert PINNED.match(step["uses"]), f"{wf}: pin {step['uses']} to a release or a SHA"
        if step["uses"].startswith("actions/checkout@"):
            # Dates come from history: a shallow clone is refused by proofroom.
            assert step["with"]["fetch-depth"] == 0, wf
            assert step["with"]["persist-credentials"] is False, wf


# The site secret, given as step env only to the steps that run proofroom on the site or
# the decisions: it seals a private site and checks the signatures of guests' decisions.
SECRET_FILES = {"pages.yml", "review.yml"}
SECRET_ENV = {"PROOFROOM_SECRET": "${{ secrets.PROOFROOM_SECRET }}"}


def test_only_the_github_token_and_the_site_secret() -> None:
    for path in WORKFLOWS:
        secrets = set(re.findall(r"secrets\.(\w+)", path.read_text(encoding="utf-8")))
        site = {"PROOFROOM_SECRET", "PROOFROOM_PREVIOUS_SECRETS"}
        site = site if path.name in SECRET_FILES else set()
        assert secrets <= {"GITHUB_TOKEN", *site}, path.name


def test_the_site_secret_reaches_each_proofroom_step_and_nothing_else() -> None:
    """Step env, never the workflow's or a job's (the checkout and pip steps and the
    deployment never see it); a script never names it, so nothing echoes it."""
    for path in WORKFLOWS:
        data = load(path)
        assert "PROOFROOM_SECRET" not in data.get("env", {}), path.name
        for job_id, job in data["jobs"].items():
            assert "PROOFROOM_SECRET" not in job.get("env", {}), f"{path.name} {job_id}"
            for step in job.get("steps", []):
                env = step.get("env", {})
                runs_proofroom = "proofroom " in step.get("run", "")
                expected = runs_proofroom and path.name in SECRET_FILES
                assert ("PROOFROOM_SECRET" in env) == expected, f"{path.name}: {step}"
                if expected:
                    assert env["PROOFROOM_SECRET"] == SECRET_ENV["PROOFROOM_SECRET"]
                    # old secrets verify the signatures that landed before a rotation
                    previous = "${{ secrets.PROOFROOM_PREVIOUS_SECRETS }}"
                    assert env["PROOFROOM_PREVIOUS_SECRETS"] == previous
                assert "PROOFROOM_SECRET" not in step.get("run", ""), f"{path.name}: {step}"
    pages = [s for s in load(TEAM_DIR / "pages.yml")["jobs"]["build"]["steps"] if "env" in s]
    assert [s["run"] for s in pages] == ["proofroom build --strict"]
    review = load(TEAM_DIR / "review.yml")["jobs"]["validate"]["steps"]
    assert [s["id"] for s in review if "PROOFROOM_SECRET" in s.get("env", {})] == [
        "validate",
        "summary",
    ]


def test_pages_also_runs_every_day() -> None:
    """An expired review link leaves the published site within a day."""
    triggers = load(TEAM_DIR / "pages.yml")[True]  # YAML 1.1 reads the key `on` as True
    assert triggers["schedule"] == [{"cron": "17 4 * * *"}]
    assert triggers["push"] == {"branches": ["main"]}
    assert "workflow_dispatch" in triggers


# -- the review workflow, run for real --------------------------------------------------

# What GitHub would put in the step's env for a pull request by alice against main.
EVENT = {
    "${{ secrets.GITHUB_TOKEN }}": "ghs_test",
    "${{ secrets.PROOFROOM_SECRET }}": "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8",
    "${{ secrets.PROOFROOM_PREVIOUS_SECRETS }}": "",  # an unset secret is empty
    "${{ github.base_ref }}": "main",
    "${{ github.event.pull_request.user.login }}": "alice",
}


def review_step(step_id: str) -> dict[str, Any]:
    steps = load(WORKFLOWS_DIR / "review.yml")["jobs"]["validate"]["steps"]
    (step,) = [s for s in steps if s.get("id") == step_id]
    return step


def run_step(step: dict[str, Any], cwd: Path, **extra: str) -> subprocess.CompletedProcess:
    """The step's script as GitHub's `bash` shell runs it, with the env it declares."""
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    for name, value in step.get("env", {}).items():
        assert value in EVENT, f"unknown expression in the step's env: {name}: {value}"
        env[name] = EVENT[value]
    # The run happens after the fixtures' fixed 2027 history, as a real run would: a
    # decision file named after a later minute than "now" is refused.
    env.setdefault("SOURCE_DATE_EPOCH", "1801440000")  # 2027-02-01T00:00:00Z
    env.update(extra)
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


@pytest.fixture(scope="module")
def pull_request(tmp_path_factory: pytest.TempPathFactory) -> GitRepo:
    """A clone of a workspace (so origin/main exists, as after actions/checkout) on a
    branch where alice approves the hero."""
    origin = campaign_workspace(GitRepo(tmp_path_factory.mktemp("origin") / "repo"))
    clone = tmp_path_factory.mktemp("checkout") / "repo"
    subprocess.run(
        ["git", "clone", "-q", str(origin.path), str(clone)], env=origin.env(), check=True
    )
    repo = GitRepo(clone)
    repo.branch("review/alice")
    repo.checkout("review/alice")
    result = invoke(
        "-C", str(clone), "review", HERO, "-d", "approved", "-r", "alice",
        "--now", "2027-01-21T10:00:00Z",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    repo.commit("Brand approves the hero", date="2027-01-21T11:00:00+01:00")
    return repo


def test_review_validate_step_passes_for_the_author(pull_request: GitRepo) -> None:
    step = review_step("validate")
    assert "--base" in step["run"] and "--author" in step["run"]
    proc = run_step(step, pull_request.path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout == "ok: briefs, decisions and team.yml are valid\n"


def test_review_validate_step_uses_the_pull_request_author(pull_request: GitRepo) -> None:
    """The same branch opened by bob: the step's env reaches --author."""
    proc = run_step(review_step("validate"), pull_request.path, PR_AUTHOR="bob")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "signed by 'alice' but added by 'bob'" in proc.stdout


def test_review_validate_step_compares_with_the_base(pull_request: GitRepo) -> None:
    """A base that does not exist is an environment error, not a silent pass."""
    proc = run_step(review_step("validate"), pull_request.path, BASE_REF="no-such-branch")
    assert proc.returncode == 2, proc.stdout + proc.stderr


def test_review_summary_step_says_what_the_pull_request_changes(
    pull_request: GitRepo, tmp_path: Path
) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("from an earlier step\n", encoding="utf-8")
    step = review_step("summary")
    assert step["if"] == "${{ !cancelled() }}"  # shown even when validation fails
    proc = run_step(step, pull_request.path, GITHUB_STEP_SUMMARY=str(summary))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("from an earlier step\n")  # appended, never overwritten
    changes, _, status = text.partition("### Review status")
    assert "### What this pull request changes" in changes
    assert "**Decisions** (1)" in changes
    assert "| assets/soldes/hero.jpg | v3 | alice | approved | - |" in changes
    # alice passes brand: the hero moves on to legal.
    assert "| soldes | hero | in review (brand) | in review (legal) |" in changes
    assert "New versions" not in changes  # the pull request adds no version
    assert "| hero | v3 | in review | legal |" in status
    assert len(text.encode("utf-8")) < 1024 * 1024


# -- every proofroom command of every workflow, run for real ------------------------------


def proofroom_steps() -> list[tuple[str, str, dict[str, Any]]]:
    """Steps that run proofroom, in this repository's workflows (the team's are equal)."""
    found = []
    for path in sorted(WORKFLOWS_DIR.glob("*.yml")):
        for job_id, job in load(path)["jobs"].items():
            found += [
                (path.name, job_id, step)
                for step in job.get("steps", [])
                if "proofroom " in step.get("run", "")
            ]
    return found


@pytest.mark.parametrize(
    "wf,job,step",
    [
        pytest.param(*s, id=f"{s[0]}:{s[2].get('name') or s[2].get('id')}")
        for s in proofroom_steps()
    ],
)
def test_proofroom_steps_run_against_a_real_repository(
    wf: str,
    job: str,
    step: dict[str, Any],
    pull_request: GitRepo,
    github: FakeGitHub,
    tmp_path: Path,
) -> None:
    """Each step's script as the runner runs it; the GitHub API is a local server."""
    github.route("/repos/example/creative/pulls", Reply(body=b"[]"))
    summary = tmp_path / "summary.md"
    summary.touch()
    proc = run_step(
        step,
        pull_request.path,
        GITHUB_STEP_SUMMARY=str(summary),
        GITHUB_API_URL=github.base,
        GITHUB_REPOSITORY="example/creative",
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    secret = EVENT["${{ secrets.PROOFROOM_SECRET }}"]
    assert secret not in proc.stdout + proc.stderr + summary.read_text(encoding="utf-8")
    if wf == "timeliness.yml":
        report = json.loads((pull_request.path / "timeliness.json").read_text(encoding="utf-8"))
        assert set(report) == {"now", "source", "deliverables", "campaigns", "bottleneck"}
        text = summary.read_text(encoding="utf-8")
        assert text.startswith("# Review timeliness") and "## Overdue" in text
        assert github.seen, "the step asked GitHub for merge times"
        assert github.seen[0].headers["authorization"] == "Bearer ghs_test"
    if wf == "pages.yml":
        assert (pull_request.path / "site" / "timeliness" / "index.html").is_file()
