"""Shared fixtures: real git repositories with fixed dates, isolated from user config."""

from __future__ import annotations

from pathlib import Path

import pytest

# The browser fixtures, registered once for every module: one Playwright per session.
from helpers.browser import browser, guard, page, phone, site  # noqa: F401
from helpers.gitrepo import ISOLATED_ENV, LEAKY_VARS, GitRepo


@pytest.fixture(autouse=True)
def isolated_git(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Every git run by the code under test ignores the machine's git configuration,
    and never finds a repository above pytest's temporary folders."""
    for name in LEAKY_VARS:
        monkeypatch.delenv(name, raising=False)
    for name, value in ISOLATED_ENV.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path_factory.getbasetemp()))


@pytest.fixture
def git_repo(tmp_path: Path) -> GitRepo:
    """An empty repository on branch main in ``tmp_path / "repo"``."""
    return GitRepo(tmp_path / "repo")
