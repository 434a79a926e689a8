"""`proofroom validate`, end to end: the work tree as a commit would see it, and since
a base ref what a pull request may do to decision files (append-only, own decisions)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers.cli import invoke, no_traceback, one_error_line, run, validate
from helpers.gitrepo import ISOLATED_ENV, GitRepo, copy_repo
from helpers.workspaces import BRIEF, campaign_workspace

from proofroom.cli import main

NOW = "2027-01-21T10:00:00Z"
LATER = "2027-02-01T00:00:00Z"  # after every decision of these tests (their names hold 2027)
HERO = "assets/soldes/hero.jpg"
OK_LINE = "ok: briefs, decisions and team.yml are valid"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The campaign workspace with alice's approval of the hero landed on main."""
    repo = campaign_workspace(GitRepo(tmp_path_factory.mktemp("template") / "repo"))
    repo.branch("review/alice")
    repo.checkout("review/alice")
    result = CliRunner().invoke(
        main,
        ["-C", str(repo.path), "review", HERO, "-d", "approved", "-r", "alice", "--now", NOW],
        env=ISOLATED_ENV,
    )
    assert result.exit_code == 0, result.output
    repo.commit("Brand approves the hero", date="2027-01-21T11:00:00+01:00")
    repo.checkout("main")
    repo.merge("review/alice", message="Merge pull request #4", date="2027-01-21T12:00:00+01:00")
    return repo.path


LANDED = "reviews/soldes/hero/20270121T1000Z-alice.yml"


@pytest.fixture
def ws(template: Path, tmp_path: Path) -> GitRepo:
    return copy_repo(template, tmp_path / "ws")


def review(repo: GitRepo, reviewer: str, *args: str, now: str = "2027-01-22T09:00:00Z") -> str:
    result = invoke(
        "-C", str(repo.path), "review", HERO, "-d", "approved", "-r", reviewer, "--now", now, *args
    )
    assert result.exit_code == 0, result.output
    return result.stdout.strip()


def pull_request(repo: GitRepo, name: str = "pr") -> None:
    """Work happens on a branch; main is the base."""
    repo.branch(name)
    repo.checkout(name)


# -- the whole workspace ----------------------------------------------------------------


def test_clean_workspace_is_ok(ws: GitRepo) -> None:
    result = validate(ws)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{OK_LINE}\n"
    assert result.stderr == ""
    strict = validate(ws, "--strict")
    assert strict.exit_code == 0 and strict.stdout == f"{OK_LINE}\n"


def test_clean_workspace_as_a_program(ws: GitRepo) -> None:
    proc = run("validate", cwd=ws.path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == f"{OK_LINE}\n"


def test_json_shape_when_clean(ws: GitRepo) -> None:
    result = validate(ws, "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"problems": [], "errors": 0, "warnings": 0}


def test_json_shape_with_an_error_and_a_warning(ws: GitRepo) -> None:
    review(ws, "zed")  # not an approver: a warning
    brief = ws.path / "content/campaigns/soldes/index.md"
    brief.write_text(BRIEF.replace("timezone:", "timezon:"), encoding="utf-8")  # an error
    result = validate(ws, "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert set(data) == {"problems", "errors", "warnings"}
    assert (data["errors"], data["warnings"]) == (1, 1)
    for p in data["problems"]:
        assert set(p) == {"path", "line", "severity", "message"}
        assert isinstance(p["line"], int) and p["severity"] in ("error", "warning")
    by_severity = {p["severity"]: p for p in data["problems"]}
    assert by_severity["error"]["path"] == "content/campaigns/soldes/index.md"
    assert by_severity["error"]["line"] == 4
    assert 'did you mean "timezone"' in by_severity["error"]["message"]
    assert by_severity["warning"]["path"] == "reviews/soldes/hero/20270122T0900Z-zed.yml"
    assert by_severity["warning"]["line"] == 4  # the reviewer line
    assert "zed is not an approver of hero" in by_severity["warning"]["message"]


def test_a_reviewer_who_is_not_an_approver_is_a_warning(ws: GitRepo) -> None:
    rel = review(ws, "zed")
    result = validate(ws)
    assert result.exit_code == 0, result.output
    (line,) = result.stdout.splitlines()
    assert line.startswith(f"{rel}:4: warning: zed is not an approver of hero")
    assert "brand (alice, bob), legal (carol)" in line
    strict = validate(ws, "--strict")
    assert strict.exit_code == 1
    assert strict.stdout == result.stdout
    strict_json = validate(ws, "--strict", "--format", "json")
    assert strict_json.exit_code == 1
    assert json.loads(strict_json.stdout)["warnings"] == 1


def test_a_comment_from_anyone_is_fine(ws: GitRepo) -> None:
    invoke("-C", str(ws.path), "review", HERO, "-d", "comment", "-r", "zed", "--now", NOW)
    assert validate(ws, "--strict").exit_code == 0


def test_uncommitted_files_count(ws: GitRepo) -> None:
    """What pre-commit sees: the work tree, before any commit."""
    bad = ws.write(
        "reviews/soldes/hero/20270122T0900Z-bob.yml",
        f"asset: {HERO}\nsha: 0000000\nreviewer: bob\ndecision: approved\n",
    )
    result = validate(ws)
    assert result.exit_code == 1
    (line,) = result.stdout.splitlines()
    assert line.startswith("reviews/soldes/hero/20270122T0900Z-bob.yml:2: error: no version of")
    bad.unlink()
    assert validate(ws).exit_code == 0


def test_duplicate_decision_files_are_a_warning(ws: GitRepo) -> None:
    shutil.copy(ws.path / LANDED, ws.path / "reviews/soldes/hero/20270122T0900Z-alice.yml")
    result = validate(ws)
    assert result.exit_code == 0, result.output
    (line,) = result.stdout.splitlines()
    assert line.startswith("reviews/soldes/hero/20270122T0900Z-alice.yml:1: warning: ")
    assert f"repeats {LANDED}" in line
    assert validate(ws, "--strict").exit_code == 1


def test_a_broken_decision_is_an_error_at_its_line(ws: GitRepo) -> None:
    ws.write(
        "reviews/soldes/hero/20270122T0900Z-bob.yml",
        f"asset: {HERO}\nsha: {ws.git('rev-parse', 'HEAD:' + HERO)[:8]}\nreviewer: bob\n"
        "decision: aproved\n",
    )
    result = validate(ws)
    assert result.exit_code == 1
    assert result.stdout.startswith(
        'reviews/soldes/hero/20270122T0900Z-bob.yml:4: error: unknown decision "aproved"'
    )


# -- since a base ref: append-only ------------------------------------------------------


def test_added_decisions_since_base_are_fine(ws: GitRepo) -> None:
    pull_request(ws)
    review(ws, "carol")
    ws.commit("Legal approves", date="2027-01-22T10:00:00+01:00")
    review(ws, "bob", now="2027-01-22T09:30:00Z")  # and one not committed yet
    result = validate(ws, "--now", LATER, "--base", "main")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{OK_LINE}\n"


@pytest.mark.parametrize("committed", [True, False], ids=["committed", "work tree"])
def test_a_landed_decision_modified(ws: GitRepo, committed: bool) -> None:
    pull_request(ws)
    path = ws.path / LANDED
    path.write_text(
        path.read_text(encoding="utf-8").replace("approved", "rejected"), encoding="utf-8"
    )
    if committed:
        ws.commit("Change my mind", date="2027-01-22T10:00:00+01:00")
    result = validate(ws, "--now", LATER, "--base", "main")
    assert result.exit_code == 1
    (line,) = [ln for ln in result.stdout.splitlines() if ": error: " in ln]
    assert line.startswith(f"{LANDED}: error: decision files are append-only")
    assert "was modified since main" in line
    assert f"git checkout {ws.head('main')[:12]} -- '{LANDED}'" in line


def test_a_landed_decision_deleted(ws: GitRepo) -> None:
    pull_request(ws)
    ws.remove(LANDED)
    ws.commit("Remove a decision", date="2027-01-22T10:00:00+01:00")
    result = validate(ws, "--now", LATER, "--base", "main")
    assert result.exit_code == 1
    (line,) = result.stdout.splitlines()
    assert line.startswith(f"{LANDED}: error: decision files are append-only")
    assert "was deleted since main" in line


def test_a_landed_decision_renamed(ws: GitRepo) -> None:
    pull_request(ws)
    ws.move(LANDED, "reviews/soldes/hero/20270121T1001Z-alice.yml")
    result = validate(ws, "--now", LATER, "--base", "main")
    assert result.exit_code == 1
    errors = [ln for ln in result.stdout.splitlines() if ": error: " in ln]
    assert len(errors) == 1
    assert errors[0].startswith(f"{LANDED}: error: decision files are append-only")


def test_base_is_the_merge_base_when_main_moved_on(ws: GitRepo) -> None:
    """A decision landed on main after the branch started is not "deleted" by the branch."""
    pull_request(ws)
    review(ws, "bob")
    ws.commit("Bob approves", date="2027-01-22T10:00:00+01:00")
    ws.checkout("main")
    review(ws, "carol", now="2027-01-23T09:00:00Z")
    ws.commit("Carol approves on main", date="2027-01-23T10:00:00+01:00")
    ws.checkout("pr")
    result = validate(ws, "--now", LATER, "--base", "main", "--author", "bob")
    assert result.exit_code == 0, result.output


def test_the_team_file_is_not_a_decision(ws: GitRepo) -> None:
    """Not append-only, but the rules: an admin of the base's team file may change it."""
    ws.write("reviews/team.yml", "people:\n  alice: {name: Alice Martin}\nadmins: [marie]\n")
    ws.commit("Team", date="2027-01-21T13:00:00+01:00")
    pull_request(ws)
    ws.write("reviews/team.yml", "people:\n  alice: {name: Alice Martin-Dupont}\nadmins: [marie]\n")
    result = validate(ws, "--now", LATER, "--base", "main", "--author", "Marie")
    assert result.exit_code == 0, result.output
    refused = validate(ws, "--now", LATER, "--base", "main", "--author", "alice")
    assert refused.exit_code == 1
    assert refused.stdout.startswith("reviews/team.yml: error: the team file names the admins")


# -- since a base ref: who added what ---------------------------------------------------


def test_a_decision_signed_by_someone_else_is_an_error(ws: GitRepo) -> None:
    pull_request(ws)
    rel = review(ws, "carol")
    result = validate(ws, "--now", LATER, "--base", "main", "--author", "bob")
    assert result.exit_code == 1
    (line,) = result.stdout.splitlines()
    assert line.startswith(f"{rel}:4: error: this decision is signed by 'carol' but added by 'bob'")
    assert validate(ws, "--now", LATER, "--base", "main", "--author", "carol").exit_code == 0


def test_a_decision_imported_by_the_campaign_owner_is_a_warning(ws: GitRepo) -> None:
    pull_request(ws)
    rel = review(ws, "carol")  # brief: owner: marie
    result = validate(ws, "--now", LATER, "--base", "main", "--author", "marie")
    assert result.exit_code == 0, result.output
    (line,) = result.stdout.splitlines()
    assert line.startswith(f"{rel}:4: warning: decision of 'carol' filed by the campaign owner")
    assert (
        validate(ws, "--now", LATER, "--base", "main", "--author", "marie", "--strict").exit_code
        == 1
    )


def test_author_without_base_checks_uncommitted_decisions(ws: GitRepo) -> None:
    rel = review(ws, "carol")
    result = validate(ws, "--now", LATER, "--author", "bob")
    assert result.exit_code == 1
    assert result.stdout.startswith(f"{rel}:4: error: this decision is signed by 'carol'")
    assert validate(ws, "--now", LATER, "--author", "carol").exit_code == 0


def test_landed_decisions_of_others_are_not_the_authors(ws: GitRepo) -> None:
    pull_request(ws)
    rel = review(ws, "bob")
    result = validate(ws, "--now", LATER, "--base", "main", "--author", "bob")
    assert result.exit_code == 0, result.output  # alice's landed file is not bob's doing
    assert result.stdout == f"{OK_LINE}\n"
    assert (ws.path / rel).is_file() and (ws.path / LANDED).is_file()


# -- environment errors: exit 2, one line ----------------------------------------------


@pytest.mark.parametrize("ref", ["origin/main", "nope", "deadbeefdeadbeef"])
def test_unknown_base_ref(ws: GitRepo, ref: str) -> None:
    result = CliRunner().invoke(main, ["-C", str(ws.path), "validate", "--base", ref])
    assert result.exit_code == 2
    line = one_error_line(result.stderr)
    assert ref in line and "fetch-depth: 0" in line
    no_traceback(result.output)


def test_a_base_that_looks_like_an_option(ws: GitRepo) -> None:
    result = CliRunner().invoke(main, ["-C", str(ws.path), "validate", "--base=--output=x"])
    assert result.exit_code == 2
    assert "not a git ref" in one_error_line(result.stderr)
    assert not (ws.path / "x").exists()


def test_shallow_clone(ws: GitRepo, tmp_path: Path) -> None:
    clone = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{ws.path}", str(clone)],
        check=True,
        capture_output=True,
    )
    for args in (["validate"], ["validate", "--base", "HEAD"]):
        proc = run(*args, cwd=clone)
        assert proc.returncode == 2
        no_traceback(proc.stdout, proc.stderr)
        line = one_error_line(proc.stderr)
        assert "shallow" in line and "fetch-depth: 0" in line


def test_base_with_unrelated_history(ws: GitRepo) -> None:
    ws.git("checkout", "-q", "--orphan", "other")
    ws.commit("Unrelated", date="2027-01-22T09:00:00+01:00")
    ws.checkout("main")
    result = CliRunner().invoke(main, ["-C", str(ws.path), "validate", "--base", "other"])
    assert result.exit_code == 2
    line = one_error_line(result.stderr)
    assert "shares no history" in line and "fetch-depth: 0" in line


@pytest.mark.parametrize("ext", [".YML", ".Yaml", ".yaml"])
@pytest.mark.parametrize("change", ["modified", "deleted"])
def test_a_landed_decision_with_any_extension_is_append_only(
    ws: GitRepo, ext: str, change: str
) -> None:
    """What counts for the status is what stays append-only: one definition of both."""
    upper = LANDED.removesuffix(".yml") + ext
    pull_request(ws, "upper")
    ws.move(LANDED, upper)
    ws.commit("An upper-case decision", date="2027-01-21T13:00:00+01:00")
    ws.checkout("main")
    ws.merge("upper", message="Merge pull request #5", date="2027-01-21T14:00:00+01:00")
    pull_request(ws)
    if change == "deleted":
        ws.remove(upper)
    else:
        path = ws.path / upper
        path.write_text(path.read_text("utf-8").replace("approved", "rejected"), "utf-8")
    result = validate(ws, "--now", LATER, "--base", "main", "--now", NOW)
    assert result.exit_code == 1
    (line,) = [ln for ln in result.stdout.splitlines() if ": error: " in ln]
    assert line.startswith(f"{upper}: error: decision files are append-only")
    assert f"was {change} since main" in line
