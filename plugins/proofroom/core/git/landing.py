"""Merge times from pull requests, laid over the history read from git.

Git knows when a first-parent commit was written, not when the pull request was merged
(a merge commit is written at the merge; a rebased commit keeps its rebase time). With
``timeliness --github`` the pull request's ``merged_at`` replaces the landing time and
its ``created_at`` says when a reviewer sent a decision. The history is rebuilt with new
:class:`~proofroom.core.model.Commit` values instead of patching shared frozen objects.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from typing import Protocol

from ..model import AssetHistory, Commit, Version
from .history import History


class PullTimesLike(Protocol):
    @property
    def created_at(self) -> datetime: ...

    @property
    def merged_at(self) -> datetime | None: ...


def landing_shas(history: History) -> list[str]:
    """The first-parent commits that brought in a version or a decision, oldest first."""
    seen: dict[str, datetime] = {}
    for hist in history.files.values():
        for v in hist.versions:
            if v.landed is not None:
                seen.setdefault(v.landed.sha, v.landed.committed_at)
    return sorted(seen, key=lambda sha: (seen[sha], sha))


def with_pull_times(history: History, pulls: Mapping[str, PullTimesLike]) -> History:
    """The same history, with each landing commit's pull request times where known."""
    if not pulls:
        return history
    commits: dict[str, Commit] = {}

    def swap(commit: Commit | None) -> Commit | None:
        if commit is None:
            return None
        pull = pulls.get(commit.sha)
        if pull is None or pull.merged_at is None:
            return commit
        if commit.sha not in commits:
            commits[commit.sha] = replace(
                commit, merged_at=pull.merged_at, pull_opened_at=pull.created_at
            )
        return commits[commit.sha]

    files = {}
    for path, hist in history.files.items():
        versions: list[Version] = [replace(v, landed=swap(v.landed)) for v in hist.versions]
        files[path] = AssetHistory(path=hist.path, versions=versions, deleted=hist.deleted)
    merged = {sha: commits.get(sha, c) for sha, c in history.commits.items()}
    return replace(history, files=files, commits=merged)
