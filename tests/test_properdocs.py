"""The same workspace built with ProperDocs gives the same pages as with MkDocs.

ProperDocs redirects ``mkdocs`` imports to itself, so it runs from its own environment:
the bin folder named by $PROOFROOM_PROPERDOCS_BIN (noxfile.py's tests session makes it),
else one this module creates once under ``.cache/test-envs/properdocs`` in the checkout.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers.gitrepo import GitRepo
from helpers.sites import run_build
from helpers.workspaces import campaign_workspace

CHECKOUT = Path(__file__).resolve().parents[1]
CACHED_ENV = CHECKOUT / ".cache" / "test-envs" / "properdocs"
VERSION_ENTRY = re.compile(r'<li\b[^>]*data-proofroom="version".*?</li>', re.DOTALL)


def _install(venv: Path) -> Path:
    """A virtual environment with properdocs and this checkout (editable), made once."""
    ready = venv / ".ready"
    bin_dir = venv / "bin"
    if ready.is_file() and (bin_dir / "properdocs").is_file():
        return bin_dir
    shutil.rmtree(venv, ignore_errors=True)  # a half-made environment from an interrupted run
    venv.parent.mkdir(parents=True, exist_ok=True)
    steps = [
        [sys.executable, "-m", "venv", str(venv)],
        [str(bin_dir / "python"), "-m", "pip", "install", "-q", "properdocs", "-e", str(CHECKOUT)],
    ]
    for cmd in steps:
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=900)
        assert proc.returncode == 0, f"{' '.join(cmd)} failed:\n{proc.stderr[-3000:]}"
    ready.write_text("properdocs + proofroom (editable)\n", encoding="utf-8")
    return bin_dir


@pytest.fixture(scope="module")
def properdocs_bin() -> Path:
    given = os.environ.get("PROOFROOM_PROPERDOCS_BIN")
    bin_dir = Path(given) if given else _install(CACHED_ENV)
    assert (bin_dir / "properdocs").is_file(), f"no properdocs in {bin_dir}"
    return bin_dir


def _html_under(site: Path, folder: str) -> set[str]:
    return {p.relative_to(site).as_posix() for p in (site / folder).rglob("*.html")}


def _versions(page: Path) -> list[str]:
    return VERSION_ENTRY.findall(page.read_text(encoding="utf-8"))


def test_properdocs_builds_the_same_pages(properdocs_bin: Path, git_repo: GitRepo) -> None:
    campaign_workspace(git_repo)
    root = git_repo.path
    run_build(root)
    mk_site = root / "site-mkdocs"
    (root / "site").rename(mk_site)

    proc = subprocess.run(
        [
            str(properdocs_bin / "properdocs"),
            "build",
            "--strict",
            "-f",
            "mkdocs.yml",
            "-d",
            "site-properdocs",
        ],
        cwd=root,
        env={**os.environ, "PATH": f"{properdocs_bin}{os.pathsep}{os.environ.get('PATH', '')}"},
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    pd_site = root / "site-properdocs"

    pages = _html_under(pd_site, "campaigns")
    assert pages == _html_under(mk_site, "campaigns")
    reviews = {p for p in pages if "/review/" in p}
    assert reviews == {
        "campaigns/soldes/review/hero/index.html",
        "campaigns/soldes/review/banner/index.html",
    }
    for rel in sorted(reviews):
        entries = _versions(pd_site / rel)
        assert entries, rel
        assert entries == _versions(mk_site / rel), rel
    hero = _versions(pd_site / "campaigns/soldes/review/hero/index.html")
    assert len(hero) == 3
    blob = git_repo.git("rev-parse", "HEAD:assets/soldes/hero.jpg")
    assert f'data-sha="{blob}"' in hero[0]
    # the media the pages refer to were published by the plugin under ProperDocs too
    media = {p.relative_to(pd_site / "_proofroom") for p in (pd_site / "_proofroom").rglob("*")}
    assert media == {
        p.relative_to(mk_site / "_proofroom") for p in (mk_site / "_proofroom").rglob("*")
    }
