"""Fixtures shared by several test modules: isolated git, repositories and workspaces, a
local GitHub API, and the browser; the helpers they use live in ``helpers``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers.browser import (
    PHONE,
    Guard,
    Site,
    need_chromium,
    review_workspace,
    served_site,
    watched_page,
)
from helpers.fake_github import FakeGitHub, fake_github
from helpers.gitrepo import ISOLATED_ENV, LEAKY_VARS, GitRepo, copy_repo
from helpers.spring import Spring, build_spring, make_spring
from helpers.workspaces import campaign_workspace


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


@pytest.fixture
def workspace(git_repo: GitRepo) -> GitRepo:
    """The campaign workspace of the build tests (landings, a squash, a revert)."""
    return campaign_workspace(git_repo)


@pytest.fixture(scope="module")
def spring_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built once: each test gets its own copy (git itself runs isolated in GitRepo)."""
    path = tmp_path_factory.mktemp("spring") / "repo"
    build_spring(GitRepo(path))
    return path


@pytest.fixture
def spring(spring_template: Path, tmp_path: Path) -> Spring:
    """A fresh copy of the spring workspace, its history read by the code under test."""
    return make_spring(copy_repo(spring_template, tmp_path / "repo"), build=False)


@pytest.fixture
def github() -> Iterator[FakeGitHub]:
    """A local GitHub API answering from recorded responses, recording each request."""
    with fake_github() as fake:
        yield fake


# ---------------------------------------------------------------- the browser
# One Playwright and one served review site per session, for every browser test.


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    folder = tmp_path_factory.mktemp("browser") / "repo"
    with served_site(folder, lambda repo, url: review_workspace(repo, site_url=url)) as served:
        yield served


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    executable = need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=executable, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def guard(site: Site) -> Guard:
    return Guard(origin=site.base)


@pytest.fixture
def page(browser: object, site: Site, guard: Guard) -> Iterator[object]:
    """A desktop-sized page, watched; the guard's checks run after the test."""
    with watched_page(browser, site, guard) as tab:
        yield tab


@pytest.fixture
def phone(browser: object, site: Site, guard: Guard) -> Iterator[object]:
    """A 375 px wide touch page, watched like ``page``."""
    with watched_page(browser, site, guard, viewport=PHONE, has_touch=True, is_mobile=True) as tab:
        yield tab
