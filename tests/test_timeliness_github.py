"""`proofroom timeliness --github` end to end: a real repository, and a local server
answering the GitHub REST API's recorded shapes for its real landing commits."""

from __future__ import annotations

import json

from click.testing import CliRunner
from helpers.fake_github import FakeGitHub, Reply
from helpers.gitrepo import GitRepo
from helpers.workspaces import campaign_workspace

from proofroom.cli import main

REPO = "example/creative"  # the repo_url of the test workspaces' mkdocs.yml
PULLS = f"/repos/{REPO}/pulls"
NOW = "2027-02-20T12:00:00Z"


def pull(number: int, sha: str, created: str, merged: str) -> dict:
    """A closed pull request as GitHub lists it (the fields the client reads, and some)."""
    return {
        "url": f"https://api.github.com/repos/{REPO}/pulls/{number}",
        "html_url": f"https://github.com/{REPO}/pull/{number}",
        "number": number,
        "state": "closed",
        "title": f"Pull request {number}",
        "user": {"login": "lea", "type": "User"},
        "created_at": created,
        "updated_at": merged,
        "closed_at": merged,
        "merged_at": merged,
        "merge_commit_sha": sha,
        "base": {"ref": "main"},
        "head": {"ref": f"creative/{number}", "sha": "0" * 40},
    }


def landings(repo: GitRepo) -> list[str]:
    """First-parent commits of main, oldest first: brief+hero, merge #2, squash #3, revert."""
    return list(reversed(repo.git("rev-list", "--first-parent", "main").split()))


def run(repo: GitRepo, api: str, *args: str):
    env = {"GITHUB_API_URL": api, "GITHUB_TOKEN": "ghs_test", "GITHUB_REPOSITORY": None}
    return CliRunner().invoke(
        main, ["-C", str(repo.path), "timeliness", "--github", "--now", NOW, *args], env=env
    )


def test_merge_times_replace_git_times(git_repo: GitRepo, github: FakeGitHub) -> None:
    campaign_workspace(git_repo)
    first, merge, squash, revert = landings(git_repo)
    pulls = [
        # git says the squash landed 01-14T10:00Z; GitHub merged it at 10:30Z.
        pull(3, squash, "2027-01-13T09:30:00Z", "2027-01-14T10:30:00Z"),
        pull(2, merge, "2027-01-10T09:30:00Z", "2027-01-12T16:00:00Z"),
    ]
    github.route(PULLS, Reply(body=json.dumps(pulls).encode()))
    for sha in (first, revert):  # pushed straight to main
        github.route(f"/repos/{REPO}/commits/{sha}/pulls", Reply(body=b"[]"))
    result = run(git_repo, github.base, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["source"] == "github"
    by = {d["id"]: d for d in data["deliverables"]}
    assert by["banner"]["first_submitted_at"] == "2027-01-14T10:30:00Z"
    assert by["hero"]["first_submitted_at"] == "2027-01-05T08:00:00Z"  # git time kept
    assert "2 of 4 landing commits have no merged pull request" in result.stderr
    assert github.seen[0].headers["authorization"] == "Bearer ghs_test"
    # The cache answers the second run without a request.
    before = len(github.seen)
    again = run(git_repo, github.base, "--format", "json")
    assert json.loads(again.stdout) == data and len(github.seen) == before
    cache = git_repo.path / ".cache/proofroom" / "github-example-creative.json"
    assert cache.is_file()


def test_markdown_says_where_the_times_come_from(git_repo: GitRepo, github: FakeGitHub) -> None:
    campaign_workspace(git_repo)
    _, merge, _, _ = landings(git_repo)
    github.route(
        PULLS,
        Reply(
            body=json.dumps(
                [pull(2, merge, "2027-01-10T09:30:00Z", "2027-01-12T16:00:00Z")]
            ).encode()
        ),
    )
    for sha in landings(git_repo):
        github.route(f"/repos/{REPO}/commits/{sha}/pulls", Reply(body=b"[]"))
    result = run(git_repo, github.base, "--format", "markdown")
    assert result.exit_code == 0, result.output
    assert "from GitHub pull request merge times." in result.stdout
    assert "> 3 of 4 landing commits have no merged pull request" in result.stdout


def test_refused_token_falls_back_to_git_with_a_note(
    git_repo: GitRepo,
    github: FakeGitHub,
) -> None:
    campaign_workspace(git_repo)
    plain = CliRunner().invoke(
        main, ["-C", str(git_repo.path), "timeliness", "--format", "json", "--now", NOW]
    )
    body = b'{"message": "Bad credentials", "documentation_url": "https://docs.github.com/rest"}'
    github.route(PULLS, Reply(401, body))
    result = run(git_repo, github.base, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["source"] == "git"
    assert data == json.loads(plain.stdout)
    assert result.stderr.startswith("note: ") and "Traceback" not in result.output
    assert "GITHUB_TOKEN" in result.stderr


def test_no_repository_known_is_a_note(git_repo: GitRepo) -> None:
    campaign_workspace(git_repo)
    config = git_repo.path / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "repo_url: https://github.com/example/creative\n", ""
        ),
        encoding="utf-8",
    )
    result = run(git_repo, "http://127.0.0.1:9", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["source"] == "git"
    assert "no GitHub repository known" in result.stderr
