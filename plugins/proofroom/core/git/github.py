"""Pull request merge times from the GitHub REST API, for ``proofroom timeliness --github``.

Git committer times are client clocks; a pull request's ``merged_at`` is GitHub's own.
:class:`GitHubClient` maps landing commits to the merged pull request that landed them in
two steps that keep the request count low:

1. page through closed pull requests, newest update first, and map each merged one by its
   ``merge_commit_sha`` (merge commit, squash commit, or the tip of a rebase merge);
2. ask ``commits/{sha}/pulls`` only for the landing commits still unknown (the earlier
   commits of a rebase merge, commits pushed straight to the branch).

Answers are cached per repository so that a later run only asks about what is new. The API
is optional: every failure becomes a one-line note and the commits concerned keep their git
times. Standard library only (``urllib.request``), so ``--github`` adds no dependency.
"""

from __future__ import annotations

import http.client
import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import Message
from pathlib import Path

from proofroom.core.atomic import atomic_write

API_URL = "https://api.github.com"
API_VERSION = "2022-11-28"
CACHE_FORMAT = "proofroom-github-cache/1"
BACKOFF = (1.0, 2.0, 4.0)  # seconds before each retry of a 5xx answer or a failed connection
SECONDARY_WAIT = 60.0  # GitHub: without retry-after or reset, wait at least a minute
MAX_RATE_RETRIES = 5  # rate-limit answers tolerated for one request before giving up

_SHA = re.compile(r"[0-9a-f]{40}")
_NAME = re.compile(r"[A-Za-z0-9_.-]+")
_OWNER_NAME = r"(?P<owner>[^/]+)/(?P<name>[^/]+?)(?:\.git)?/?"
_REMOTES = tuple(
    re.compile(prefix + _OWNER_NAME, re.IGNORECASE)
    for prefix in (
        r"https?://(?:[^@/]+@)?github\.com/",
        r"git@github\.com:",
        r"ssh://git@github\.com(?::22)?/",
    )
)
_LINK = re.compile(r"<([^>]*)>([^<]*)")
_REL = re.compile(r';\s*rel\s*=\s*"?([^";]*)"?')


class GitHubUnavailable(Exception):
    """The API cannot be used now; str() is a one-line reason a user can act on."""


class _Refused(GitHubUnavailable):
    """A 4xx answer that is not a rate limit; ``status`` lets callers tell 422 apart."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class _Shape(ValueError):
    """A JSON value that does not have the documented shape."""


@dataclass(frozen=True)
class PullRequest:
    number: int
    created_at: datetime  # tz-aware UTC
    merged_at: datetime | None  # tz-aware UTC
    merge_commit_sha: str | None
    html_url: str


@dataclass
class PullTimes:
    pulls: dict[str, PullRequest] = field(default_factory=dict)  # landing sha -> merged PR
    notes: list[str] = field(default_factory=list)  # one sentence per reason git times stay
    requests: int = 0  # HTTP requests made in this run (cache hits do not count)


def repo_slug(url: str | None) -> str | None:
    """'owner/name' from https://github.com/o/n(.git)(/), git@github.com:o/n.git,
    ssh://git@github.com/o/n.git; None otherwise."""
    if not url:
        return None
    for pattern in _REMOTES:
        m = pattern.fullmatch(url.strip())
        if m and _valid_name(m["owner"]) and _valid_name(m["name"]):
            return f"{m['owner']}/{m['name']}"
    return None


def _valid_name(name: str) -> bool:
    return bool(_NAME.fullmatch(name)) and name not in (".", "..")


def parse_time(value: object) -> datetime:
    """A GitHub timestamp (ISO 8601, ``Z`` suffix) as an aware UTC datetime."""
    if not isinstance(value, str):
        raise _Shape(f"expected a timestamp, got {type(value).__name__}")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise _Shape(f"not a timestamp: {value[:40]!r}") from None
    if moment.tzinfo is None:
        raise _Shape(f"timestamp without a time zone: {value[:40]!r}")
    return moment.astimezone(UTC)


def format_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def next_link(header: str | None) -> str | None:
    """The ``rel="next"`` address of a ``Link`` header, if any."""
    for target, params in _LINK.findall(header or ""):
        rel = _REL.search(params)
        if rel and "next" in rel.group(1).lower().split():
            return target.strip()
    return None


def _pull(item: object) -> tuple[PullRequest, datetime | None]:
    """A pull request object (GitHub's shape, or the cache's subset of it) and its
    ``updated_at`` when present."""
    if not isinstance(item, dict):
        raise _Shape("a pull request is not an object")
    number = item.get("number")
    if not isinstance(number, int) or isinstance(number, bool) or number <= 0:
        raise _Shape("a pull request has no number")
    url = item.get("html_url")
    if not isinstance(url, str):
        raise _Shape(f"pull request {number} has no html_url")
    merged = item.get("merged_at")
    sha = item.get("merge_commit_sha")
    if sha is not None and (not isinstance(sha, str) or not _SHA.fullmatch(sha.lower())):
        raise _Shape(f"pull request {number} has a malformed merge_commit_sha")
    if "merged_at" not in item:
        raise _Shape(f"pull request {number} has no merged_at")
    updated = item.get("updated_at")
    pull = PullRequest(
        number=number,
        created_at=parse_time(item.get("created_at")),
        merged_at=None if merged is None else parse_time(merged),
        merge_commit_sha=sha.lower() if sha else None,
        html_url=url,
    )
    return pull, None if updated is None else parse_time(updated)


def _pull_json(pull: PullRequest) -> dict:
    """The cached subset of a pull request, in GitHub's own field names."""
    return {
        "number": pull.number,
        "html_url": pull.html_url,
        "created_at": format_time(pull.created_at),
        "merged_at": format_time(pull.merged_at) if pull.merged_at else None,
        "merge_commit_sha": pull.merge_commit_sha,
    }


@dataclass
class _State:
    """What is known about one repository: cached between runs."""

    pulls: dict[int, PullRequest] = field(default_factory=dict)  # merged PRs by number
    by_sha: dict[str, int] = field(default_factory=dict)  # merge_commit_sha -> number
    commits: dict[str, int | None] = field(default_factory=dict)  # commits/{sha}/pulls answers
    watermark: datetime | None = None  # every PR updated up to here has been seen
    dirty: bool = False

    def add(self, pull: PullRequest) -> None:
        if pull.merged_at is None:
            return
        if self.pulls.get(pull.number) != pull:
            self.pulls[pull.number] = pull
            self.dirty = True
        if pull.merge_commit_sha and self.by_sha.get(pull.merge_commit_sha) != pull.number:
            self.by_sha[pull.merge_commit_sha] = pull.number
            self.dirty = True

    def answer(self, sha: str, pull: PullRequest | None) -> None:
        if pull is not None:
            self.add(pull)
        self.commits[sha] = pull.number if pull else None
        self.dirty = True

    def find(self, sha: str) -> PullRequest | None:
        number = self.by_sha.get(sha)
        if number is None:
            number = self.commits.get(sha)
        return self.pulls.get(number) if number is not None else None

    def unknown(self, shas: Iterable[str]) -> list[str]:
        return [s for s in shas if s not in self.by_sha and s not in self.commits]


class GitHubClient:
    """Merged pull requests of one repository, with a per-repository answers cache."""

    def __init__(
        self,
        repo: str,
        token: str | None,
        api_url: str = API_URL,
        *,
        cache_dir: Path | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
        max_wait: float = 60.0,
        timeout: float = 10.0,
        max_commit_lookups: int = 300,
    ) -> None:
        owner, _, name = repo.partition("/") if isinstance(repo, str) else ("", "", "")
        if not (_valid_name(owner) and _valid_name(name)):
            raise GitHubUnavailable(f"{repo!r} is not a GitHub repository name: use owner/name")
        api = (api_url or API_URL).strip().rstrip("/")
        parts = urllib.parse.urlsplit(api)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise GitHubUnavailable(
                f"{api_url!r} is not a GitHub API address: use https://api.github.com "
                "or the value of GITHUB_API_URL"
            )
        self.repo = f"{owner}/{name}"
        self.token = token or None
        self.api_url = api
        self.cache_path = Path(cache_dir) / f"github-{owner}-{name}.json" if cache_dir else None
        self.max_wait = max_wait
        self.timeout = timeout
        self.max_commit_lookups = max(0, max_commit_lookups)
        self._origin = (parts.scheme.lower(), parts.netloc.lower())
        self._sleep = sleep
        self._clock = clock
        self._requests = 0
        self._waited = 0.0
        self._resume_at: float | None = None
        self._skipped = 0

    # -- the one public operation -------------------------------------------------------

    def pull_times(self, shas: Iterable[str]) -> PullTimes:
        """Merged pull requests for these landing commits. Never raises for API trouble:
        failures become notes and the commits concerned are simply absent from `pulls`."""
        wanted = list(dict.fromkeys(_checked_sha(s) for s in shas))
        self._requests, self._waited, self._skipped = 0, 0.0, 0
        state = self._load()
        notes: list[str] = []
        not_on_github = 0
        try:
            if state.unknown(wanted):
                self._scan_pulls(state)
            pending = state.unknown(wanted)
            todo, later = pending[: self.max_commit_lookups], pending[self.max_commit_lookups :]
            for sha in todo:
                try:
                    state.answer(sha, self._lookup(sha))
                except _Refused as err:
                    if err.status != 422:  # 422: GitHub does not know this commit (yet)
                        raise
                    not_on_github += 1
            if later:
                notes.append(self._later_note(len(later)))
        except GitHubUnavailable as err:
            notes.append(str(err))
        if not_on_github:
            notes.append(
                f"{_count(not_on_github, 'commit')} not found on GitHub (not pushed yet?); "
                "they keep their git times"
            )
        if self._skipped:
            notes.append(
                f"{_count(self._skipped, 'pull request')} in GitHub's answers had an "
                "unexpected shape and were skipped"
            )
        if state.dirty:
            saved = self._save(state)
            if saved:
                notes.append(saved)
        pulls = {sha: pull for sha in wanted if (pull := state.find(sha)) is not None}
        return PullTimes(pulls=pulls, notes=notes, requests=self._requests)

    # -- the two steps ------------------------------------------------------------------

    def _scan_pulls(self, state: _State) -> None:
        """Step 1: closed pull requests, newest update first, until the watermark."""
        url: str | None = (
            f"{self.api_url}/repos/{self.repo}/pulls"
            "?state=closed&sort=updated&direction=desc&per_page=100"
        )
        mark = state.watermark
        newest = mark
        visited: set[str] = set()
        while url and url not in visited:
            visited.add(url)
            data, headers = self._get(url)
            if not isinstance(data, list):
                raise self._shape_error("the pull request list is not a list")
            reached = False
            for pull, updated in self._pulls(data):
                if updated is not None:
                    newest = updated if newest is None else max(newest, updated)
                    # Sorted by update, newest first: the rest was seen by an earlier run.
                    reached = reached or (mark is not None and updated <= mark)
                state.add(pull)
            if reached:
                break
            url = self._follow(next_link(headers.get("link")))
        if newest != state.watermark:
            state.watermark = newest
            state.dirty = True

    def _pulls(self, items: list) -> Iterator[tuple[PullRequest, datetime | None]]:
        """The well-formed pull requests of an answer; the others are counted, skipped."""
        for item in items:
            try:
                yield _pull(item)
            except _Shape:
                self._skipped += 1

    def _lookup(self, sha: str) -> PullRequest | None:
        """Step 2: the merged pull request GitHub associates with one commit, if any."""
        data, _ = self._get(f"{self.api_url}/repos/{self.repo}/commits/{sha}/pulls?per_page=100")
        if not isinstance(data, list):
            raise self._shape_error(f"the pull requests of commit {sha[:7]} are not a list")
        merged = [pull for pull, _updated in self._pulls(data) if pull.merged_at is not None]
        exact = next((p for p in merged if p.merge_commit_sha == sha), None)
        return exact or (merged[0] if merged else None)

    def _follow(self, url: str | None) -> str | None:
        """A pagination link, only on the API's own server (the token goes with it)."""
        if url is None:
            return None
        parts = urllib.parse.urlsplit(url)
        if (parts.scheme.lower(), parts.netloc.lower()) != self._origin:
            raise GitHubUnavailable(
                f"GitHub API sent a next-page link to another server ({parts.netloc}); "
                "check GITHUB_API_URL"
            )
        return url

    # -- HTTP ---------------------------------------------------------------------------

    def _headers(self) -> dict[str, str]:
        headers = {
            "Accept": "application/vnd.github+json",
            "X-GitHub-Api-Version": API_VERSION,
            "User-Agent": "proofroom",
        }
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        return headers

    def _get(self, url: str) -> tuple[object, Message]:
        """One JSON answer, after rate-limit waits and 5xx/connection retries."""
        failures = 0
        limited = 0
        while True:
            self._await_resume()
            self._requests += 1
            request = urllib.request.Request(url, headers=self._headers())
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    status, headers, body = response.status, response.headers, response.read()
            except urllib.error.HTTPError as err:
                status, headers = err.code, err.headers
                try:
                    body = err.read()
                except (OSError, http.client.HTTPException):
                    body = b""
                finally:
                    err.close()
            except (OSError, http.client.HTTPException) as err:  # URLError is an OSError
                if failures < len(BACKOFF):
                    self._sleep(BACKOFF[failures])
                    failures += 1
                    continue
                raise GitHubUnavailable(
                    f"GitHub API at {self._origin[1]} could not be reached ({_reason(err)}); "
                    "these times come from git"
                ) from None
            self._track_limit(headers)
            if 200 <= status < 300:
                try:
                    return json.loads(body), headers
                except ValueError:
                    raise self._shape_error("the answer is not JSON") from None
            if status in (403, 429) and self._rate_limited(status, headers, body):
                limited += 1
                if limited > MAX_RATE_RETRIES:
                    raise self._limit_error(self._resume_at or self._clock())
                continue
            if status >= 500:
                if failures < len(BACKOFF):
                    self._sleep(BACKOFF[failures])
                    failures += 1
                    continue
                raise GitHubUnavailable(
                    f"GitHub API kept failing (HTTP {status}); try again later, "
                    "these times come from git"
                )
            raise self._refusal(status, body)

    def _track_limit(self, headers: Message) -> None:
        """A spent quota means the next request must wait for the reset."""
        if headers.get("x-ratelimit-remaining", "").strip() == "0":
            reset = _number(headers.get("x-ratelimit-reset"))
            if reset is not None:
                self._resume_at = reset

    def _rate_limited(self, status: int, headers: Message, body: bytes) -> bool:
        """Whether a 403/429 is a rate limit; if so, set when to try again."""
        retry_after = _number(headers.get("retry-after"))
        if retry_after is not None:
            self._resume_at = self._clock() + max(0.0, retry_after)
            return True
        if headers.get("x-ratelimit-remaining", "").strip() == "0":
            if self._resume_at is None:  # no usable reset: wait like a secondary limit
                self._resume_at = self._clock() + SECONDARY_WAIT
            return True
        if status == 429 or "rate limit" in _message(body).lower():
            self._resume_at = self._clock() + SECONDARY_WAIT
            return True
        return False

    def _await_resume(self) -> None:
        """Sleep until a known rate-limit reset, within ``max_wait`` for the whole run."""
        if self._resume_at is None:
            return
        until, self._resume_at = self._resume_at, None
        wait = until - self._clock()
        if wait <= 0:
            return
        if self._waited + wait > self.max_wait:
            raise self._limit_error(until)
        self._waited += wait
        self._sleep(wait)

    # -- notes --------------------------------------------------------------------------

    def _no_token(self) -> str:
        return "" if self.token else " (no token was given: set GITHUB_TOKEN)"

    def _limit_error(self, until: float) -> GitHubUnavailable:
        when = datetime.fromtimestamp(until, UTC).strftime("%H:%M")
        return GitHubUnavailable(
            f"GitHub API rate limit reached until {when} UTC; these times come from git"
            + self._no_token()
        )

    def _refusal(self, status: int, body: bytes) -> _Refused:
        said = _message(body)
        said = f": {said}" if said else ""
        if status == 401:
            text = (
                f"GitHub refused the token (HTTP 401{said}); set GITHUB_TOKEN, "
                "or give the workflow `pull-requests: read`"
            )
        elif status == 403:
            text = (
                f"GitHub refused access to {self.repo} (HTTP 403{said}); give the token "
                "read access to pull requests (workflow permission `pull-requests: read`)"
                + self._no_token()
            )
        elif status == 404:
            text = (
                f"GitHub repository {self.repo} was not found, or the token cannot read it; "
                "check the repository name and the token" + self._no_token()
            )
        else:
            text = f"GitHub API answered HTTP {status}{said}; these times come from git"
        return _Refused(text, status)

    def _shape_error(self, what: str) -> GitHubUnavailable:
        return GitHubUnavailable(
            f"GitHub API answered in an unexpected shape ({what}); these times come from git"
        )

    def _later_note(self, count: int) -> str:
        if self.cache_path is None:
            return (
                f"{_count(count, 'commit')} not looked up this run "
                f"(at most {self.max_commit_lookups} per run)"
            )
        return f"{_count(count, 'commit')} not looked up this run; run again to continue"

    # -- cache --------------------------------------------------------------------------

    def _load(self) -> _State:
        """The cached answers; a missing, corrupt or foreign file starts afresh."""
        if self.cache_path is None:
            return _State()
        try:
            raw = json.loads(self.cache_path.read_bytes())
        except FileNotFoundError:
            return _State()
        except (OSError, ValueError):
            return _State(dirty=True)
        try:
            return self._decode(raw)
        except (_Shape, KeyError, TypeError, AttributeError):
            return _State(dirty=True)

    def _decode(self, raw: object) -> _State:
        if not isinstance(raw, dict) or raw.get("format") != CACHE_FORMAT:
            raise _Shape("not a proofroom GitHub cache")
        repo = raw.get("repo")
        if raw.get("api") != self.api_url or not isinstance(repo, str):
            raise _Shape("another API server")
        if repo.lower() != self.repo.lower():
            raise _Shape("another repository")
        state = _State()
        for item in raw["pulls"]:
            pull, _updated = _pull(item)
            if pull.merged_at is None:
                raise _Shape("an unmerged pull request")
            state.add(pull)
        for sha, number in raw["commits"].items():
            if not _SHA.fullmatch(sha) or not (number is None or number in state.pulls):
                raise _Shape("a malformed commit answer")
            state.commits[sha] = number
        mark = raw.get("watermark")
        state.watermark = None if mark is None else parse_time(mark)
        state.dirty = False
        return state

    def _save(self, state: _State) -> str | None:
        """Write the cache atomically; a failure is a note, never fatal."""
        if self.cache_path is None:
            return None
        data = {
            "format": CACHE_FORMAT,
            "api": self.api_url,
            "repo": self.repo,
            "watermark": format_time(state.watermark) if state.watermark else None,
            "pulls": [_pull_json(state.pulls[n]) for n in sorted(state.pulls)],
            "commits": dict(sorted(state.commits.items())),
        }
        try:
            atomic_write(self.cache_path, (json.dumps(data, indent=1) + "\n").encode())
        except OSError as err:
            return (
                f"could not save the GitHub answers cache ({_reason(err)}); the next run asks again"
            )
        state.dirty = False
        return None


def _checked_sha(sha: str) -> str:
    value = sha.strip().lower() if isinstance(sha, str) else ""
    if not _SHA.fullmatch(value):
        raise ValueError(f"not a full commit SHA (40 hex digits): {sha!r}")
    return value


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _number(value: str | None) -> float | None:
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _message(body: bytes) -> str:
    """GitHub's ``message`` from an error body, on one short line."""
    try:
        data = json.loads(body)
    except ValueError:
        return ""
    text = data.get("message") if isinstance(data, dict) else None
    if not isinstance(text, str):
        return ""
    text = " ".join(text.split())
    return text if len(text) <= 120 else text[:117] + "..."


def _reason(err: BaseException) -> str:
    reason = getattr(err, "reason", None) or err
    if isinstance(reason, TimeoutError):
        return "timed out"
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror
    return str(reason) or type(reason).__name__
