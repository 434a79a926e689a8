"""The GitHub REST client against a local HTTP server that answers from recorded responses.

The server runs on 127.0.0.1 in a thread and records every request; nothing here touches
the real network, and ``sleep`` is a recorder, so rate-limit waits and back-offs are
asserted without waiting.
"""

from __future__ import annotations

import json
import socket
from datetime import UTC, datetime
from pathlib import Path

import pytest
from helpers.fake_github import FakeGitHub, Reply, fixture

from proofroom.core.git.github import (
    GitHubClient,
    GitHubUnavailable,
    PullRequest,
    next_link,
    repo_slug,
)

REPO = "acme/spring-launch"
PULLS = f"/repos/{REPO}/pulls"
NOW = 1_710_000_000.0  # 2024-03-09T16:00:00Z, the fixed clock of every client

# Landing commits of the recorded repository, as GitHub knows them.
MERGE_101 = "e73ccf92e38f9d01bdd2ed46b9251bd987e7537c"  # merge commit of #101
SQUASH_103 = "f69180c455c868b9b0c6516d09f55a8db8b05444"  # squash commit of #103
MERGE_104 = "80eb5c4349fa0018095c28bf35108edced4670e9"  # merge commit of #104
REBASE_105A = "89a578bae61a47c2d42d55a95ac5455552d64491"  # rebase merge of #105: 1st commit
REBASE_105B = "90510a2085d143612366adbf40f9d2d91a328d45"  # ... 2nd commit
REBASE_105C = "5aee1403df0db54cc4ae6a944a9fa45726093d8f"  # ... tip (its merge_commit_sha)
SQUASH_107 = "716ddc4046e6e639983ca321d819a380e569a5fc"  # squash commit of #107
SQUASH_109 = "1059f76af0b394b46530c0cc78527215e67b485b"  # squash commit of #109 (newer)
DIRECT = "24a1733ca8bb0ae45a3ffd1eeddc926b2fc5841f"  # pushed straight to main: no PR
UNPUSHED = "58412a090aea2dae9aab967b8e38ffbb1b70315c"  # GitHub answers 422
ALL = [MERGE_101, SQUASH_103, MERGE_104, REBASE_105A, REBASE_105B, REBASE_105C, SQUASH_107]


def utc(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


class Sleeps(list):
    """A ``sleep`` that records instead of sleeping."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def client(github: FakeGitHub, token: str | None = "ghs_test", **kw: object) -> GitHubClient:
    kw.setdefault("sleep", Sleeps())
    kw.setdefault("clock", lambda: NOW)
    kw.setdefault("timeout", 5.0)
    return GitHubClient(REPO, token, kw.pop("api_url", github.base), **kw)  # type: ignore[arg-type]


def link(page: int, prefix: str = "") -> dict[str, str]:
    """GitHub's pagination header, pointing at this server."""
    url = f"{{base}}{prefix}{PULLS}?state=closed&sort=updated&direction=desc&per_page=100"
    return {"Link": f'<{url}&page={page}>; rel="next", <{url}&page=3>; rel="last"'}


def serve_repository(github: FakeGitHub, prefix: str = "") -> None:
    """Three pages of closed pull requests and the per-commit answers."""
    pulls = prefix + PULLS
    github.route(pulls, Reply(body=fixture("pulls-page1.json"), headers=link(2, prefix)))
    github.route(pulls, Reply(body=fixture("pulls-page2.json"), headers=link(3, prefix)), page="2")
    github.route(pulls, Reply(body=fixture("pulls-page3.json")), page="3")
    rebase = Reply(body=fixture("commit-pulls-rebase.json"))
    for sha in (REBASE_105A, REBASE_105B):
        github.route(f"{prefix}/repos/{REPO}/commits/{sha}/pulls", rebase)
    github.route(f"{prefix}/repos/{REPO}/commits/{DIRECT}/pulls", Reply(body=b"[]\n"))


def test_three_pages_and_every_kind_of_landing(github: FakeGitHub) -> None:
    serve_repository(github)
    result = client(github).pull_times([*ALL, DIRECT])

    assert result.notes == []
    assert github.paths() == [
        PULLS,
        f"{PULLS}?page=2",
        f"{PULLS}?page=3",
        f"/repos/{REPO}/commits/{REBASE_105A}/pulls",
        f"/repos/{REPO}/commits/{REBASE_105B}/pulls",
        f"/repos/{REPO}/commits/{DIRECT}/pulls",
    ]
    assert github.seen[0].query == {
        "state": "closed",
        "sort": "updated",
        "direction": "desc",
        "per_page": "100",
    }
    assert result.requests == 6
    numbers = {sha: pull.number for sha, pull in result.pulls.items()}
    assert numbers == {
        MERGE_101: 101,  # merge commit, on page 3
        SQUASH_103: 103,  # squash commit, on page 2
        MERGE_104: 104,
        REBASE_105A: 105,  # earlier rebased commits: found through commits/{sha}/pulls
        REBASE_105B: 105,
        REBASE_105C: 105,  # tip of the rebase merge: its merge_commit_sha
        SQUASH_107: 107,
    }
    assert DIRECT not in result.pulls  # pushed straight to main
    assert result.pulls[REBASE_105A] == PullRequest(
        number=105,
        created_at=utc("2024-03-07T08:45:00Z"),
        merged_at=utc("2024-03-08T12:10:30Z"),
        merge_commit_sha=REBASE_105C,
        html_url=f"https://github.com/{REPO}/pull/105",
    )
    assert result.pulls[MERGE_101].merged_at == utc("2024-03-02T16:40:03Z")
    assert result.pulls[MERGE_101].merged_at.tzinfo is UTC


def test_headers_with_and_without_token(github: FakeGitHub) -> None:
    github.route(PULLS, Reply(body=b"[]"))
    client(github, token="ghs_secret").pull_times([])  # nothing wanted: no request at all
    assert github.seen == []
    client(github, token="ghs_secret").pull_times([DIRECT])
    sent = github.seen[0].headers
    assert sent["authorization"] == "Bearer ghs_secret"
    assert sent["x-github-api-version"] == "2022-11-28"
    assert sent["accept"] == "application/vnd.github+json"
    assert sent["user-agent"] == "proofroom"

    client(github, token=None).pull_times([DIRECT])
    assert "authorization" not in github.seen[-1].headers
    assert github.seen[-1].headers["x-github-api-version"] == "2022-11-28"


def test_enterprise_api_url_with_a_path_prefix(github: FakeGitHub) -> None:
    serve_repository(github, prefix="/api/v3")
    result = client(github, api_url=github.base + "/api/v3/").pull_times(ALL)

    assert result.notes == []
    assert all(s.path.startswith(f"/api/v3/repos/{REPO}/") for s in github.seen)
    assert len(github.seen) == 5
    assert result.pulls[REBASE_105A].number == 105


def test_lookup_prefers_the_pull_request_that_merged_the_commit(github: FakeGitHub) -> None:
    # A merge commit that a later pull request also carried: #107 comes first in the
    # answer, but #104 is the one whose merge_commit_sha is this commit.
    github.route(PULLS, Reply(body=b"[]"))
    later = json.loads(fixture("pulls-page1.json"))[0]
    own = json.loads(fixture("pulls-page2.json"))[0]
    answer = json.dumps([later, own]).encode()
    github.route(f"/repos/{REPO}/commits/{MERGE_104}/pulls", Reply(body=answer))
    result = client(github).pull_times([MERGE_104])
    assert result.pulls[MERGE_104].number == 104
    assert result.notes == []


def test_no_pull_request_is_cached_as_none(github: FakeGitHub, tmp_path: Path) -> None:
    serve_repository(github)
    first = client(github, cache_dir=tmp_path).pull_times([DIRECT])
    assert first.pulls == {}
    assert first.notes == []
    assert first.requests == 4  # three pages, then commits/{sha}/pulls

    again = client(github, cache_dir=tmp_path).pull_times([DIRECT])
    assert again.pulls == {}
    assert again.requests == 0
    assert len(github.seen) == 4
    cached = json.loads((tmp_path / "github-acme-spring-launch.json").read_text())
    assert cached["commits"] == {DIRECT: None}


def test_second_run_uses_the_cache(github: FakeGitHub, tmp_path: Path) -> None:
    serve_repository(github)
    wanted = [*ALL, DIRECT]
    first = client(github, cache_dir=tmp_path).pull_times(wanted)
    assert first.requests == 6

    second = client(github, cache_dir=tmp_path).pull_times(wanted)
    assert second.requests == 0
    assert second.pulls == first.pulls
    assert second.notes == []
    assert len(github.seen) == 6

    # A new pull request merged since: one page is enough, the rest is older than what
    # the first run saw.
    github.route(PULLS, Reply(body=fixture("pulls-new-page1.json"), headers=link(2)))
    third = client(github, cache_dir=tmp_path).pull_times([*wanted, SQUASH_109])
    assert third.requests == 1
    assert github.paths()[6:] == [PULLS]
    assert third.pulls[SQUASH_109].number == 109
    assert third.pulls[SQUASH_109].merged_at == utc("2024-03-13T17:45:20Z")
    assert {s: p for s, p in third.pulls.items() if s != SQUASH_109} == first.pulls


def test_retry_after_is_waited(github: FakeGitHub) -> None:
    secondary = Reply(429, fixture("error-429-secondary.json"), {"Retry-After": "7"})
    github.route(PULLS, secondary, Reply(body=fixture("pulls-page3.json")))
    sleeps = Sleeps()
    result = client(github, sleep=sleeps).pull_times([MERGE_101])
    assert sleeps == [7.0]
    assert result.notes == []
    assert result.pulls[MERGE_101].number == 101
    assert result.requests == 2


def test_rate_limit_far_away_gives_up_at_once(github: FakeGitHub) -> None:
    reset = int(NOW) + 3600  # 17:00 UTC
    limited = Reply(
        403,
        fixture("error-403-rate-limit.json"),
        {
            "X-RateLimit-Limit": "5000",
            "X-RateLimit-Remaining": "0",
            "X-RateLimit-Reset": str(reset),
        },
    )
    github.route(PULLS, limited)
    sleeps = Sleeps()
    result = client(github, sleep=sleeps, max_wait=60.0).pull_times(ALL)
    assert sleeps == []
    assert result.pulls == {}
    assert result.requests == 1
    assert result.notes == [
        "GitHub API rate limit reached until 17:00 UTC; these times come from git"
    ]

    unauthenticated = client(github, token=None).pull_times(ALL)
    assert "GITHUB_TOKEN" in unauthenticated.notes[0]


def test_spent_quota_waits_for_the_reset_before_the_next_request(github: FakeGitHub) -> None:
    spent = {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(int(NOW) + 20)}
    github.route(PULLS, Reply(body=fixture("pulls-page1.json"), headers={**link(2), **spent}))
    github.route(PULLS, Reply(body=fixture("pulls-page2.json")), page="2")
    sleeps = Sleeps()
    result = client(github, sleep=sleeps).pull_times([SQUASH_107, MERGE_104])
    assert sleeps == [20.0]
    assert result.notes == []
    assert sorted(p.number for p in result.pulls.values()) == [104, 107]

    # The same spent quota with a reset beyond max_wait: no waiting, a note instead.
    sleeps = Sleeps()
    late = client(github, sleep=sleeps, max_wait=10.0).pull_times([SQUASH_107, MERGE_104])
    assert sleeps == []
    assert late.requests == 1
    assert late.notes == [
        "GitHub API rate limit reached until 16:00 UTC; these times come from git"
    ]
    assert [p.number for p in late.pulls.values()] == [107]  # what page 1 gave is kept


def test_server_errors_back_off(github: FakeGitHub) -> None:
    error = Reply(500, fixture("error-500.json"))
    github.route(PULLS, error, error, Reply(body=fixture("pulls-page3.json")))
    sleeps = Sleeps()
    result = client(github, sleep=sleeps).pull_times([MERGE_101])
    assert sleeps == [1.0, 2.0]
    assert result.notes == []
    assert result.pulls[MERGE_101].number == 101
    assert result.requests == 3


def test_server_errors_give_up_after_the_back_off(github: FakeGitHub) -> None:
    github.route(PULLS, Reply(502, b"<html>Bad gateway</html>"))
    sleeps = Sleeps()
    result = client(github, sleep=sleeps).pull_times([MERGE_101])
    assert sleeps == [1.0, 2.0, 4.0]
    assert result.requests == 4
    assert result.pulls == {}
    assert result.notes == [
        "GitHub API kept failing (HTTP 502); try again later, these times come from git"
    ]


def test_unreachable_server_is_a_note() -> None:
    with socket.socket() as probe:  # a local port that nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    sleeps = Sleeps()
    api = f"http://127.0.0.1:{port}"
    result = GitHubClient(REPO, None, api, sleep=sleeps, clock=lambda: NOW).pull_times(ALL)
    assert sleeps == [1.0, 2.0, 4.0]
    assert result.pulls == {}
    assert result.requests == 4
    assert len(result.notes) == 1
    assert result.notes[0].startswith(f"GitHub API at 127.0.0.1:{port} could not be reached (")


def test_refused_token(github: FakeGitHub) -> None:
    github.route(PULLS, Reply(401, fixture("error-401.json")))
    result = client(github).pull_times(ALL)
    assert result.pulls == {}
    assert result.notes == [
        "GitHub refused the token (HTTP 401: Bad credentials); set GITHUB_TOKEN, "
        "or give the workflow `pull-requests: read`"
    ]


def test_forbidden_without_rate_limit(github: FakeGitHub) -> None:
    github.route(PULLS, Reply(403, fixture("error-403-forbidden.json")))
    sleeps = Sleeps()
    result = client(github, sleep=sleeps).pull_times(ALL)
    assert sleeps == []
    assert result.requests == 1
    assert result.notes[0].startswith(
        f"GitHub refused access to {REPO} (HTTP 403: Resource not accessible by integration)"
    )
    assert "pull-requests: read" in result.notes[0]


def test_repository_not_found(github: FakeGitHub) -> None:
    # No route at all: the fake answers 404 like GitHub for a private or missing repository.
    result = client(github).pull_times(ALL)
    assert result.notes == [
        f"GitHub repository {REPO} was not found, or the token cannot read it; "
        "check the repository name and the token"
    ]
    anonymous = client(github, token=None).pull_times(ALL)
    assert anonymous.notes[0].endswith("(no token was given: set GITHUB_TOKEN)")
    assert anonymous.pulls == {}


def test_garbage_answer_is_a_note(github: FakeGitHub) -> None:
    github.route(PULLS, Reply(body=fixture("unicorn.html")))
    result = client(github).pull_times(ALL)
    assert result.pulls == {}
    assert result.notes == [
        "GitHub API answered in an unexpected shape (the answer is not JSON); "
        "these times come from git"
    ]


def test_wrong_shapes_are_notes(github: FakeGitHub) -> None:
    github.route(PULLS, Reply(body=b'{"message": "not a list"}'))
    assert "unexpected shape" in client(github).pull_times(ALL).notes[0]

    page = json.loads(fixture("pulls-page3.json"))
    page[0]["merged_at"] = "yesterday"  # one broken pull request among good ones
    page.append(["not", "an", "object"])
    github.route(PULLS, Reply(body=json.dumps(page).encode()))
    result = client(github).pull_times([MERGE_101])
    assert result.pulls[MERGE_101].number == 101
    assert result.notes == [
        "2 pull requests in GitHub's answers had an unexpected shape and were skipped"
    ]


def test_commit_unknown_to_github_is_not_cached(github: FakeGitHub, tmp_path: Path) -> None:
    github.route(PULLS, Reply(body=b"[]"))
    github.route(
        f"/repos/{REPO}/commits/{UNPUSHED}/pulls", Reply(422, fixture("error-422-no-commit.json"))
    )
    github.route(f"/repos/{REPO}/commits/{DIRECT}/pulls", Reply(body=b"[]"))
    result = client(github, cache_dir=tmp_path).pull_times([UNPUSHED, DIRECT])
    assert result.pulls == {}
    assert result.notes == [
        "1 commit not found on GitHub (not pushed yet?); they keep their git times"
    ]
    again = client(github, cache_dir=tmp_path).pull_times([UNPUSHED, DIRECT])
    assert github.paths()[-1] == f"/repos/{REPO}/commits/{UNPUSHED}/pulls"
    assert again.requests == 2  # the pull list (still something unknown) and UNPUSHED only


def test_corrupt_cache_is_ignored_and_rewritten(github: FakeGitHub, tmp_path: Path) -> None:
    serve_repository(github)
    cache = tmp_path / "github-acme-spring-launch.json"
    cache.write_text('{"format": "proofroom-github-cache/1", "pulls": [tru')
    result = client(github, cache_dir=tmp_path).pull_times(ALL)
    assert result.notes == []
    assert result.requests == 5
    assert result.pulls[REBASE_105B].number == 105
    assert json.loads(cache.read_text())["repo"] == REPO
    assert client(github, cache_dir=tmp_path).pull_times(ALL).requests == 0


def test_foreign_cache_is_ignored(github: FakeGitHub, tmp_path: Path) -> None:
    serve_repository(github)
    client(github, cache_dir=tmp_path).pull_times(ALL)
    cache = tmp_path / "github-acme-spring-launch.json"
    data = json.loads(cache.read_text())
    data["repo"] = "someone/else"
    cache.write_text(json.dumps(data))
    result = client(github, cache_dir=tmp_path).pull_times(ALL)
    assert result.requests == 5  # asked again: nothing trusted from another repository
    assert json.loads(cache.read_text())["repo"] == REPO


def test_max_commit_lookups(github: FakeGitHub, tmp_path: Path) -> None:
    serve_repository(github)
    wanted = [REBASE_105A, REBASE_105B, DIRECT]
    first = client(github, cache_dir=tmp_path, max_commit_lookups=1).pull_times(wanted)
    assert first.notes == ["2 commits not looked up this run; run again to continue"]
    assert [p for p in github.paths() if "/commits/" in p] == [
        f"/repos/{REPO}/commits/{REBASE_105A}/pulls"
    ]
    assert list(first.pulls) == [REBASE_105A]

    second = client(github, cache_dir=tmp_path, max_commit_lookups=1).pull_times(wanted)
    assert second.notes == ["1 commit not looked up this run; run again to continue"]
    assert github.paths()[-1] == f"/repos/{REPO}/commits/{REBASE_105B}/pulls"
    assert second.requests == 2  # page 1 up to the watermark, one lookup
    assert list(second.pulls) == [REBASE_105A, REBASE_105B]


def test_bad_arguments() -> None:
    with pytest.raises(GitHubUnavailable, match="owner/name"):
        GitHubClient("not-a-slug", None)
    with pytest.raises(GitHubUnavailable, match="GITHUB_API_URL"):
        GitHubClient(REPO, None, "ftp://example.test")
    with pytest.raises(ValueError, match="40 hex"):
        GitHubClient(REPO, None).pull_times(["abc1234"])


@pytest.mark.parametrize(
    ("url", "slug"),
    [
        ("https://github.com/acme/spring-launch", "acme/spring-launch"),
        ("https://github.com/acme/spring-launch.git", "acme/spring-launch"),
        ("https://github.com/acme/spring-launch/", "acme/spring-launch"),
        ("https://x-access-token:abc@github.com/acme/site.v2.git", "acme/site.v2"),
        ("git@github.com:acme/spring-launch.git", "acme/spring-launch"),
        ("git@github.com:acme/spring-launch", "acme/spring-launch"),
        ("ssh://git@github.com/acme/spring-launch.git", "acme/spring-launch"),
        ("https://gitlab.com/acme/spring-launch.git", None),
        ("https://github.com/acme", None),
        ("https://github.com/acme/spring-launch/pulls", None),
        ("https://github.com/acme/..", None),
        ("/srv/git/spring-launch.git", None),
        ("", None),
        (None, None),
    ],
)
def test_repo_slug(url: str | None, slug: str | None) -> None:
    assert repo_slug(url) == slug


def test_next_link() -> None:
    header = (
        '<https://api.github.com/x?page=2>; rel="next", '
        '<https://api.github.com/x?page=9>; rel="last"'
    )
    assert next_link(header) == "https://api.github.com/x?page=2"
    assert next_link('<https://api.github.com/x?page=1>; rel="prev"') is None
    assert next_link(None) is None
