"""Pull requests that try to change the rules of the review, through the real CLI.

Each case is a real git repository: a base (``main``, with decisions landed by merge
commits and a squash) and a pull request branch ``pr`` that does one hostile (or
harmless) thing; ``proofroom validate --base main --author X`` must answer with its
exit code and exactly these lines. The base decides the rules: its folders, its
admins (``admins: [Marie]`` in reviews/team.yml), its briefs' approvers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers.cli import invoke, no_traceback, run
from helpers.gitrepo import GitRepo, copy_repo
from helpers.workspaces import BRIEF, campaign_workspace

NOW = "2027-02-01T00:00:00Z"
OK = "ok: briefs, decisions and team.yml are valid"
HERO = "assets/soldes/hero.jpg"
BANNER = "assets/soldes/banner.png"
ALICE = "reviews/soldes/hero/20270121T1000Z-alice.yml"  # landed by a merge commit
BOB = "reviews/soldes/banner/20270121T1100Z-bob.YML"  # landed by a squash commit
CAROL = "reviews/soldes/hero/20270121T1200Z-carol.yaml"  # landed by a merge commit
ALICE_BANNER = "reviews/soldes/banner/20270121T1300Z-alice.Yaml"
TEAM = "people:\n  marie: {name: Marie Curie}\n  alice: {name: Alice Martin}\nadmins: [Marie]\n"
BRIEF_PATH = "content/campaigns/soldes/index.md"
PR_DATE = "2027-01-25T10:00:00+01:00"


def decision(repo: GitRepo, asset: str, reviewer: str, verdict: str = "approved") -> str:
    sha = repo.git("rev-parse", f"main:{asset}")[:12]
    return f"asset: {asset}\nsha: {sha}\nreviewer: {reviewer}\ndecision: {verdict}\n"


def land(repo: GitRepo, name: str, files: dict[str, str], date: str, squash: bool) -> None:
    repo.branch(name)
    repo.checkout(name)
    for rel, text in files.items():
        repo.write(rel, text)
    repo.commit(f"{name}", date=date)
    repo.checkout("main")
    repo.merge(name, message=f"Merge {name}", date=date, squash=squash)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = campaign_workspace(GitRepo(tmp_path_factory.mktemp("rules") / "repo"))
    repo.write("requirements.txt", "proofroom==1.0\n")
    repo.write(".github/workflows/review.yml", "name: review\non: pull_request\n")
    repo.write("reviews/team.yml", TEAM)
    repo.commit("Rules: requirements, workflow, team", date="2027-01-20T12:00:00+01:00")
    land(repo, "a", {ALICE: decision(repo, HERO, "alice")}, "2027-01-21T12:00:00+01:00", False)
    land(repo, "b", {BOB: decision(repo, BANNER, "bob")}, "2027-01-21T13:00:00+01:00", True)
    land(repo, "c", {CAROL: decision(repo, HERO, "carol")}, "2027-01-21T14:00:00+01:00", False)
    ab = {ALICE_BANNER: decision(repo, BANNER, "alice")}
    land(repo, "d", ab, "2027-01-21T15:00:00+01:00", False)
    return repo.path


@pytest.fixture
def ws(template: Path, tmp_path: Path) -> GitRepo:
    repo = copy_repo(template, tmp_path / "ws")
    repo.branch("pr")
    repo.checkout("pr")
    return repo


# -- what a pull request does -----------------------------------------------------------


def edit(rel: str, old: str, new: str) -> Callable[[GitRepo], None]:
    def act(repo: GitRepo) -> None:
        path = repo.path / rel
        text = path.read_text("utf-8")
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new), "utf-8")

    return act


def retouch(rel: str) -> Callable[[GitRepo], None]:
    """A landed decision given a summary afterwards (same verdict, so no workflow noise)."""
    return edit(rel, "decision: approved", "decision: approved\nsummary: edited")


def delete(rel: str) -> Callable[[GitRepo], None]:
    return lambda repo: repo.remove(rel)


def add(rel: str, text: str) -> Callable[[GitRepo], None]:
    return lambda repo: repo.write(rel, text)


def add_decision(rel: str, asset: str, reviewer: str) -> Callable[[GitRepo], None]:
    return lambda repo: repo.write(rel, decision(repo, asset, reviewer))


def both(*acts: Callable[[GitRepo], None]) -> Callable[[GitRepo], None]:
    def act(repo: GitRepo) -> None:
        for one in acts:
            one(repo)

    return act


def moved_reviews(repo: GitRepo) -> None:
    """reviews_dir: decisions, with alice's landed decision moved there and edited: the
    base's folders still hold it, so it was deleted from them."""
    edit("mkdocs.yml", "  - proofroom\n", "  - proofroom:\n      reviews_dir: decisions\n")(repo)
    moved = ALICE.replace("reviews/", "decisions/")
    repo.move(ALICE, moved)
    retouch(moved)(repo)


def main_moved_on_then_merged(repo: GitRepo) -> None:
    """main gets a decision after the branch started; the branch merges main, then edits."""
    repo.checkout("main")
    repo.write("reviews/soldes/hero/20270124T0900Z-bob.yml", decision(repo, HERO, "bob"))
    repo.commit("Bob on main", date="2027-01-24T10:00:00+01:00")
    repo.checkout("pr")
    repo.git("merge", "-q", "--no-ff", "--no-edit", "main", date=PR_DATE)
    retouch(BOB)(repo)


# -- what validate says -----------------------------------------------------------------


def append_only(rel: str, what: str, base: str = "main") -> str:
    return (
        f"{rel}: error: decision files are append-only, and this one was {what} since "
        f"{base}: restore it (`git checkout {{base12}} -- '{rel}'`) and add a new decision "
        "file instead"
    )


def needs_owner(rel: str, what: str, author: str | None) -> str:
    where = "admins: in reviews/team.yml of main"
    who = (
        f"'{author}' is not an admin ({where})"
        if author
        else f"pass --author, the pull request's author, who must be an admin ({where})"
    )
    return (
        f"{rel}: error: {what}, so changing it needs an owner's review: {who}; ask an admin "
        "to make this change, or take it out of the pull request"
    )


SETTINGS = "the site's settings (folders, plugin options) decide what is checked"
REQUIREMENTS = "requirements.txt decides which Proofroom runs the checks"
GITHUB = "the files under .github/ run and enforce the checks"
TEAM_FILE = "the team file names the admins"
WHO = "the brief decides who approves campaign {!r} (owner, stages, approvers)"


def signed_by(rel: str, reviewer: str, author: str) -> str:
    return (
        f"{rel}:3: error: this decision is signed by '{reviewer}' but added by '{author}': "
        f"reviewers add their own decisions (ask {reviewer} to open the pull request, or "
        "import it with their consent)"
    )


@dataclass(frozen=True)
class Case:
    id: str
    act: Callable[[GitRepo], None]
    author: str | None
    code: int
    lines: tuple[str, ...]  # exit 0: all of stdout; else: every error line
    commit: bool = True


NEW = "reviews/soldes/hero/20270125T0900Z"
CASES = [
    # decision files: any case of .yml / .yaml is one, and append-only
    Case("upper YML edited", retouch(BOB), "bob", 1,
         (append_only(BOB, "modified"),)),
    Case("upper YML deleted", delete(BOB), "bob", 1, (append_only(BOB, "deleted"),)),
    Case("mixed Yaml edited", retouch(ALICE_BANNER), "alice", 1,
         (append_only(ALICE_BANNER, "modified"),)),
    Case("mixed Yaml deleted", delete(ALICE_BANNER), "alice", 1,
         (append_only(ALICE_BANNER, "deleted"),)),
    Case(".yaml edited", retouch(CAROL), "carol", 1,
         (append_only(CAROL, "modified"),)),
    Case(".yml deleted, uncommitted", delete(ALICE), "alice", 1,
         (append_only(ALICE, "deleted"),), commit=False),
    Case("upper YML added by its reviewer", add_decision(f"{NEW}-bob.YML", HERO, "bob"), "bob",
         0, (OK,)),
    Case(".yaml added by its reviewer", add_decision(f"{NEW}-bob.yaml", HERO, "bob"), "bob", 0,
         (OK,)),
    Case("upper YML added by someone else", add_decision(f"{NEW}-bob.YML", HERO, "bob"),
         "carol", 1, (signed_by(f"{NEW}-bob.YML", "bob", "carol"),)),
    Case("edited after main moved on and was merged in", main_moved_on_then_merged, "bob", 1,
         (append_only(BOB, "modified"),)),
    # the base's folders and settings
    Case("reviews_dir changed", moved_reviews, "alice", 1,
         (needs_owner("mkdocs.yml", SETTINGS, "alice"), append_only(ALICE, "deleted"))),
    Case("reviews_dir changed by an admin", moved_reviews, "marie", 1,
         (append_only(ALICE, "deleted"),)),
    Case("assets_dir changed",
         edit("mkdocs.yml", "  - proofroom\n", "  - proofroom:\n      assets_dir: media\n"),
         "bob", 1, (needs_owner("mkdocs.yml", SETTINGS, "bob"),)),
    Case("docs_dir changed", edit("mkdocs.yml", "docs_dir: content", "docs_dir: docs"),
         "bob", 1, (needs_owner("mkdocs.yml", SETTINGS, "bob"),)),
    Case("plugin option changed",
         edit("mkdocs.yml", "  - proofroom\n", "  - proofroom:\n      thumbnail_size: 200\n"),
         "bob", 1, (needs_owner("mkdocs.yml", SETTINGS, "bob"),)),
    Case("plugin option changed by an admin",
         edit("mkdocs.yml", "  - proofroom\n", "  - proofroom:\n      thumbnail_size: 200\n"),
         "MARIE", 0, (OK,)),
    Case("requirements.txt changed", edit("requirements.txt", "1.0", "1.0\nevil==6.6.6"),
         "bob", 1, (needs_owner("requirements.txt", REQUIREMENTS, "bob"),)),
    Case("requirements.txt changed by an admin", edit("requirements.txt", "1.0", "1.1"),
         "marie", 0, (OK,)),
    Case("workflow added", add(".github/workflows/evil.yml", "name: evil\n"), "bob", 1,
         (needs_owner(".github/workflows/evil.yml", GITHUB, "bob"),)),
    Case("workflow changed", edit(".github/workflows/review.yml", "review", "skip"), "bob", 1,
         (needs_owner(".github/workflows/review.yml", GITHUB, "bob"),)),
    Case("workflow deleted", delete(".github/workflows/review.yml"), "bob", 1,
         (needs_owner(".github/workflows/review.yml", GITHUB, "bob"),)),
    Case("CODEOWNERS added", add(".github/CODEOWNERS", "* @bob\n"), "bob", 1,
         (needs_owner(".github/CODEOWNERS", GITHUB, "bob"),)),
    # the team file
    Case("team.yml changed by an admin", edit("reviews/team.yml", "Alice Martin", "Alice M."),
         "marie", 0, (OK,)),
    Case("team.yml changed by a non-admin", edit("reviews/team.yml", "[Marie]", "[Marie, bob]"),
         "bob", 1, (needs_owner("reviews/team.yml", TEAM_FILE, "bob"),)),
    Case("team.yml changed without --author", edit("reviews/team.yml", "Alice Martin", "A."),
         None, 1, (needs_owner("reviews/team.yml", TEAM_FILE, None),)),
    # the briefs' owner, stages and approvers
    Case("approver added", edit(BRIEF_PATH, "approvers: [carol]", "approvers: [carol, bob]"),
         "bob", 1, (needs_owner(BRIEF_PATH, WHO.format("soldes"), "bob"),)),
    Case("approver removed", edit(BRIEF_PATH, "approvers: [alice, bob]", "approvers: [bob]"),
         "bob", 1, (needs_owner(BRIEF_PATH, WHO.format("soldes"), "bob"),)),
    Case("required changed", edit(BRIEF_PATH, "required: 1", "required: 2"), "bob", 1,
         (needs_owner(BRIEF_PATH, WHO.format("soldes"), "bob"),)),
    Case("stage renamed", edit(BRIEF_PATH, "name: legal", "name: Legal"), "bob", 1,
         (needs_owner(BRIEF_PATH, WHO.format("soldes"), "bob"),)),
    Case("owner changed", edit(BRIEF_PATH, "owner: marie", "owner: bob"), "bob", 1,
         (needs_owner(BRIEF_PATH, WHO.format("soldes"), "bob"),)),
    Case("deliverable stages changed",
         edit(BRIEF_PATH, "    due: 2027-02-10\n", "    due: 2027-02-10\n    stages: [brand]\n"),
         "bob", 1, (needs_owner(BRIEF_PATH, WHO.format("soldes"), "bob"),)),
    Case("brief deleted", delete(BRIEF_PATH), "bob", 1,
         (needs_owner(BRIEF_PATH, WHO.format("soldes"), "bob"),)),
    Case("new campaign's brief", add("content/campaigns/ete/index.md", BRIEF), "bob", 1,
         (needs_owner("content/campaigns/ete/index.md", WHO.format("ete"), "bob"),)),
    Case("approvers changed by an admin",
         edit(BRIEF_PATH, "approvers: [carol]", "approvers: [carol, dan]"), "Marie", 0, (OK,)),
    Case("approver's case changed", edit(BRIEF_PATH, "[alice, bob]", "[Alice, BOB]"), "bob", 0,
         (OK,)),
    Case("brief text changed", edit(BRIEF_PATH, "first week", "first two weeks"), "bob", 0,
         (OK,)),
    # logins ignore case; a file names its reviewer; no decision from the future
    Case("reviewer Carol, approver carol, author CAROL",
         add_decision(f"{NEW}-carol.yml", HERO, "Carol"), "CAROL", 0, (OK,)),
    Case("file -BOB with reviewer bob", add_decision(f"{NEW}-BOB.yml", HERO, "bob"), "bob", 0,
         (OK,)),
    Case("file bob with reviewer carol", add_decision(f"{NEW}-bob.yml", HERO, "carol"), "carol",
         1, (f'{NEW}-bob.yml:3: error: the file name says "bob" but reviewer: is "carol"; a '
             "decision file is named after its reviewer: rename it to "
             f'"20270125T0900Z-carol.yml" or fix reviewer:',)),
    Case("file name an hour ahead",
         add_decision("reviews/soldes/hero/20270201T0100Z-bob.yml", HERO, "bob"), "bob", 1,
         ("reviews/soldes/hero/20270201T0100Z-bob.yml: error: the time in the file name, "
          "2027-02-01 01:00 UTC, is after now (2027-02-01 00:00 UTC); name the file after the "
          "minute the decision was made (`proofroom review` does), e.g. "
          '"20270201T0000Z-<login>.yml"',)),
    Case("file name five minutes ahead",
         add_decision("reviews/soldes/hero/20270201T0005Z-bob.yml", HERO, "bob"), "bob", 0,
         (OK,)),
    Case("unsigned GUEST: in capitals",
         add_decision(f"{NEW}-GUEST-acme.yml", HERO, "GUEST:acme"), "bob", 1,
         (f'{NEW}-GUEST-acme.yml:3: error: unsigned decision in the name of guest "acme"; a '
          "guest decides through their review link, whose page signs the decision: send them "
          "a link (`proofroom share`), or write your own login in reviewer:",)),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_a_pull_request_against_the_rules(ws: GitRepo, case: Case) -> None:
    case.act(ws)
    if case.commit:
        ws.commit(case.id, date=PR_DATE)
    base12 = ws.git("merge-base", "main", "HEAD")[:12]
    args = ["--now", NOW, "--base", "main"]
    args += ["--author", case.author] if case.author else []
    result = invoke("-C", str(ws.path), "validate", *args)
    no_traceback(result.output)
    expected = [line.replace("{base12}", base12) for line in case.lines]
    lines = result.stdout.splitlines()
    if case.code == 0:
        assert lines == expected
    else:  # the errors, exactly (the workflow may add its own warnings)
        assert [line for line in lines if ": error: " in line] == expected
    assert result.exit_code == case.code, result.output


def test_the_real_program_refuses_a_workflow_change(ws: GitRepo) -> None:
    add(".github/workflows/evil.yml", "name: evil\n")(ws)
    ws.commit("Evil", date=PR_DATE)
    proc = run("validate", "--now", NOW, "--base", "main", "--author", "bob", cwd=ws.path)
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == [needs_owner(".github/workflows/evil.yml", GITHUB, "bob")]
    no_traceback(proc.stdout, proc.stderr)


def test_codeowners_covers_the_rules(ws: GitRepo) -> None:
    result = invoke("-C", str(ws.path), "codeowners")
    assert result.exit_code == 0, result.output
    owned = [ln for ln in result.stdout.splitlines() if not ln.startswith("#")]
    assert owned == [
        "/mkdocs.yml @Marie",
        "/requirements.txt @Marie",
        "/.github/ @Marie",
        "/reviews/team.yml @Marie",
        "/content/campaigns/ @Marie",
        "/content/campaigns/soldes/ @marie",
    ]


def test_codeowners_without_admins_says_how_to_protect(ws: GitRepo) -> None:
    ws.write("reviews/team.yml", "people:\n  marie: {name: Marie}\n")
    result = invoke("-C", str(ws.path), "codeowners")
    assert "# /.github/: no admins: in reviews/team.yml; add them to protect it" in (
        result.stdout.splitlines()
    )
    assert "/content/campaigns/soldes/ @marie" in result.stdout.splitlines()
