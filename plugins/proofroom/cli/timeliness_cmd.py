"""``proofroom timeliness``: on time? how many rounds? where does review wait?"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from ..core.atomic import atomic_write
from ..core.git.github import GitHubClient, GitHubUnavailable, repo_slug
from ..core.git.history import History, open_repo, remote_url
from ..core.git.landing import landing_shas, with_pull_times
from ..core.reports.timeliness_text import markdown, table
from ..core.timeliness import timeliness, timeliness_warnings
from ..core.workspace import load_workspace, now_utc, workspace_history
from ..project import Project
from .common import echo, now_option, parse_now, project_of, report


def _repository(project: Project) -> str | None:
    """owner/name: as Actions gives it, else from repo_url, else from the origin remote."""
    named = os.environ.get("GITHUB_REPOSITORY", "").strip()
    if named.count("/") == 1:
        return named
    slug = repo_slug(project.settings.repo_url)
    if slug:
        return slug
    return repo_slug(remote_url(open_repo(project.workspace.root)))


def _github_history(project: Project) -> tuple[History, str, list[str]]:
    """The history with pull request merge times laid over it; the source; notes."""
    history = workspace_history(project.workspace)
    repo = _repository(project)
    if repo is None:
        note = (
            "no GitHub repository known (set GITHUB_REPOSITORY=owner/name or repo_url in "
            "mkdocs.yml); these times come from git"
        )
        return history, "git", [note]
    token = os.environ.get("GITHUB_TOKEN") or None
    api = os.environ.get("GITHUB_API_URL") or "https://api.github.com"
    cache = project.settings.cache_root
    try:
        client = GitHubClient(repo, token, api, cache_dir=cache)
    except GitHubUnavailable as exc:
        return history, "git", [f"{exc}; these times come from git"]
    shas = landing_shas(history)
    found = client.pull_times(shas)
    notes = list(found.notes)
    missing = sum(1 for sha in shas if sha not in found.pulls)
    if found.pulls and missing:
        notes.append(
            f"{missing} of {len(shas)} landing commits have no merged pull request "
            "(pushed straight to the branch): their git times are used"
        )
    if not found.pulls:
        return history, "git", notes
    return with_pull_times(history, found.pulls), "github", notes


@click.command("timeliness")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "markdown"]), default="table")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the report to this file instead of the terminal.",
)
@now_option
@click.option(
    "--github",
    is_flag=True,
    help="Take merge and pull request times from the GitHub API (GITHUB_TOKEN, "
    "GITHUB_REPOSITORY, GITHUB_API_URL); git times where it cannot tell.",
)
@click.pass_obj
def timeliness_command(
    obj: dict, fmt: str, output: Path | None, now: str | None, github: bool
) -> None:
    """On time? How many rounds? Where does review wait? From commit and merge times."""
    project = project_of(obj)
    moment = now_utc(parse_now(now))
    history, source, notes = None, "git", list[str]()
    if github:
        history, source, notes = _github_history(project)
    ws, _ = load_workspace(project.workspace, now=moment, history=history)
    t = timeliness(ws, moment, assets_dir=project.workspace.assets_dir)
    if fmt == "json":
        text = json.dumps(t.to_json(source), indent=2, ensure_ascii=False) + "\n"
    elif fmt == "markdown":
        text = markdown(t, source=source, notes=notes)
    else:
        text = table(t, notes=notes)
    if output is not None:
        atomic_write(output, text.encode("utf-8"))  # a reader never sees half a report
    else:
        echo(text, nl=False)
    if fmt == "json":
        for note in notes:
            echo(f"note: {note}", err=True)
    problems = [*ws.problems, *timeliness_warnings(t)]
    sys.exit(report(problems))
