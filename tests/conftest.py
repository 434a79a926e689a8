"""Shared fixtures: isolated git, empty repositories, the spring workspace, a local GitHub
API, the browser."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

# The browser fixtures, registered once for every module: one Playwright per session.
from helpers.browser import browser, guard, page, phone, site  # noqa: F401
from helpers.fake_github import FakeGitHub, fake_github
from helpers.gitrepo import ISOLATED_ENV, LEAKY_VARS, GitRepo
from helpers.spring import Spring, build_spring, make_spring


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


@pytest.fixture(scope="module")
def spring_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built once: each test gets its own copy (git itself runs isolated in GitRepo)."""
    path = tmp_path_factory.mktemp("spring") / "repo"
    build_spring(GitRepo(path))
    return path


@pytest.fixture
def spring(spring_template: Path, tmp_path: Path) -> Spring:
    """A fresh copy of the spring workspace, its history read by the code under test."""
    shutil.copytree(spring_template, tmp_path / "repo", symlinks=True)
    return make_spring(GitRepo(tmp_path / "repo"), build=False)


@pytest.fixture
def github() -> Iterator[FakeGitHub]:
    """A local GitHub API answering from recorded responses, recording each request."""
    with fake_github() as fake:
        yield fake
