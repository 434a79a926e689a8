"""The live preview renders again only what a change affects (MkDocs dirty rebuilds with
the plugin kept between them, as `proofroom serve` runs them), and shows it."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from helpers.gitrepo import GitRepo
from helpers.workspaces import campaign_workspace
from mkdocs.commands.build import build
from mkdocs.config import load_config

SERVE_URL = "http://127.0.0.1:8000/"
EPOCH = "1800000000"  # a fixed "now" (2027-01-15): the dashboard's figures stay put


class Preview:
    """The rebuild loop of `mkdocs serve --dirty`, without the HTTP server."""

    def __init__(self, root: Path, site: Path) -> None:
        self.root, self.site = root, site
        self.builds = 0
        config = self._config()
        config.plugins.on_startup(command="serve", dirty=True)
        self.plugin = config.plugins["proofroom"]
        self._build(config)

    def _config(self):
        config = load_config(str(self.root / "mkdocs.yml"), site_dir=str(self.site))
        config.site_url = SERVE_URL
        return config

    def _build(self, config) -> None:
        build(config, serve_url=SERVE_URL, dirty=True)
        self.builds += 1

    def rebuild(self) -> dict[str, int]:
        """Rebuild; return the pages written (site-relative path -> modification time)."""
        before = self.stamps()
        self._build(self._config())
        after = self.stamps()
        return {p: t for p, t in after.items() if before.get(p) != t}

    def stamps(self) -> dict[str, int]:
        return {
            p.relative_to(self.site).as_posix(): p.stat().st_mtime_ns
            for p in self.site.rglob("*.html")
        }

    def page(self, rel: str) -> str:
        return (self.site / rel).read_text(encoding="utf-8")

    def close(self) -> None:
        self.plugin.on_shutdown()


HERO = "campaigns/soldes/review/hero/index.html"
BANNER = "campaigns/soldes/review/banner/index.html"
BRIEF = "campaigns/soldes/index.html"


@pytest.fixture
def preview(git_repo: GitRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    campaign_workspace(git_repo)
    monkeypatch.chdir(git_repo.path)
    p = Preview(git_repo.path, tmp_path / "site")
    yield git_repo, p
    p.close()


def _versions(html: str) -> list[str]:
    return re.findall(r'data-proofroom="version"[^>]*data-sha="([0-9a-f]+)"', html)


def test_nothing_changed_renders_no_page(preview) -> None:
    _repo, p = preview
    assert len(p.stamps()) > 5
    assert p.rebuild() == {}
    assert p.plugin.memory.live.history_reads == 1


def test_an_edited_asset_renders_its_page_and_its_gallery_only(preview) -> None:
    repo, p = preview
    versions = len(_versions(p.page(HERO)))
    banner_before = p.page(BANNER)
    repo.image("assets/soldes/hero.jpg", color=(250, 250, 10), size=(120, 80))  # not committed
    written = p.rebuild()
    assert HERO in written and BRIEF in written
    assert BANNER not in written and p.page(BANNER) == banner_before
    assert len(_versions(p.page(HERO))) == versions + 1
    assert 'data-working-copy="true"' in p.page(HERO)
    # No commit: the history read by the first build is kept.
    assert p.plugin.memory.live.history_reads == 1


def test_a_new_decision_shows_on_its_asset_only(preview) -> None:
    repo, p = preview
    current = _versions(p.page(HERO))[-1]
    repo.write(
        "reviews/soldes/hero/20270115T0900Z-alice.yml",
        f"asset: assets/soldes/hero.jpg\nsha: {current}\nreviewer: alice\n"
        "decision: changes_requested\nsummary: Logo trop petit, à agrandir\n",
    )
    written = p.rebuild()
    assert HERO in written and BANNER not in written
    assert "Logo trop petit, à agrandir" in p.page(HERO)


def test_an_edited_brief_body_renders_the_brief(preview) -> None:
    repo, p = preview
    brief = repo.path / "content/campaigns/soldes/index.md"
    brief.write_text(
        brief.read_text(encoding="utf-8") + "\nMandatory mention: offer valid in store.\n",
        encoding="utf-8",
    )
    written = p.rebuild()
    assert BRIEF in written and HERO not in written
    assert "Mandatory mention: offer valid in store." in p.page(BRIEF)


def test_a_new_title_renders_every_page_for_the_navigation(preview) -> None:
    repo, p = preview
    brief = repo.path / "content/campaigns/soldes/index.md"
    text = brief.read_text(encoding="utf-8")
    brief.write_text(text.replace("title: Soldes de printemps 2027", "title: Soldes 2027"), "utf-8")
    written = p.rebuild()
    assert set(written) >= {HERO, BANNER, BRIEF, "index.html"}
    assert "Soldes 2027" in p.page("index.html")


def test_a_commit_reads_history_again(preview) -> None:
    repo, p = preview
    repo.image("assets/soldes/banner.png", color=(0, 0, 0, 255), size=(90, 30), fmt="PNG")
    repo.commit("Banner: black", date="2027-01-21T09:00:00+01:00")
    written = p.rebuild()
    assert BANNER in written and HERO not in written
    assert p.plugin.memory.live.history_reads == 2
    assert 'data-working-copy="true"' not in p.page(BANNER)


# ---------------------------------------------------------------------------- the real server


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _until(check, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.05)  # polling a condition with a deadline, not synchronising on time
    raise AssertionError(f"timed out waiting for {what}")


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.read().decode("utf-8")
    except OSError:
        return None


def test_proofroom_serve_shows_a_change_once(git_repo: GitRepo, tmp_path: Path) -> None:
    campaign_workspace(git_repo)
    port = _free_port()
    log = tmp_path / "serve.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "proofroom.cli", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=git_repo.path,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        url = f"http://127.0.0.1:{port}/{HERO[: -len('index.html')]}"
        first = _until(lambda: _get(url), 120, "the first build")
        assert 'data-working-copy="true"' not in first

        def builds() -> int:
            return log.read_text(encoding="utf-8").count("Building documentation")

        git_repo.image("assets/soldes/hero.jpg", color=(250, 250, 10), size=(120, 80))
        page = _until(
            lambda: (p := _get(url)) and 'data-working-copy="true"' in p and p, 60, "the change"
        )
        assert len(_versions(page)) == len(_versions(first)) + 1
        _until(lambda: "Reloading browsers" in log.read_text(encoding="utf-8"), 30, "reload")
        # A second change makes exactly one more build: the preview's own writes (cache,
        # page files) never set off another one.
        git_repo.image("assets/soldes/banner.png", color=(0, 0, 0, 255), size=(90, 30), fmt="PNG")
        banner = f"http://127.0.0.1:{port}/{BANNER[: -len('index.html')]}"
        _until(lambda: 'data-working-copy="true"' in (_get(banner) or ""), 60, "banner")
        text = log.read_text(encoding="utf-8")
        assert builds() == 3, text
        assert "'dirty' build" not in text and "Traceback" not in text
    finally:
        proc.terminate()
        proc.wait(timeout=30)
