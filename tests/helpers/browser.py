"""A real headless Chromium on a real built site, for the browser tests.

Debian's ``chromium`` package is driven by Playwright for Python (its own browser
downloads are never used). Every page a test opens is watched: a JavaScript error, a
dialog (``alert`` from a hostile string that ran) or a request leaving the site fails the
test. Without a chromium, the tests are skipped with the reason printed, except in CI
(``CI`` set), where a missing browser is a failure: `.ci/run` installs it.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from helpers.cli import invoke
from helpers.gitrepo import GitRepo
from helpers.sites import run_build
from helpers.workspaces import BRIEF, HOSTILE, write_config

REPO_URL = "https://github.com/example/creative"
HERO = "assets/soldes/hero.jpg"
# A file name that is markup: every place that prints it must keep it text.
HOSTILE_FILE = 'assets/soldes/a"><img src=x onerror=alert(3)>.png'
HOSTILE_COMMENT = "</textarea><svg onload=alert(2)> & \"quoted\" 'single'"
HOSTILE_TITLE = "Soldes <img src=x onerror=alert(4)>"
VIEWPORT = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}


def chromium_path() -> str | None:
    """PROOFROOM_CHROMIUM, else Debian's chromium on PATH."""
    explicit = os.environ.get("PROOFROOM_CHROMIUM")
    if explicit:
        return explicit
    return shutil.which("chromium") or shutil.which("chromium-browser")


def need_chromium() -> str:
    path = chromium_path()
    if path:
        return path
    reason = "no chromium on PATH: install Debian's package (`apt-get install chromium`)"
    if os.environ.get("CI"):
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)
    raise AssertionError  # unreachable: skip raises


# ---------------------------------------------------------------- the site


@dataclass
class Site:
    """A built workspace served on 127.0.0.1; ``url(path)`` for a page of it."""

    repo: GitRepo
    root: Path  # the built site folder
    base: str  # http://127.0.0.1:PORT

    def url(self, path: str = "") -> str:
        return f"{self.base}/{path.lstrip('/')}"

    @property
    def hero(self) -> str:
        return self.url("campaigns/soldes/review/hero/")


class _Host(SimpleHTTPRequestHandler):
    """Serves byte ranges, as every real host does: Chromium seeks a video only in what
    it can ask for by range (the plain handler would pin every video at 0 s)."""

    def log_message(self, *args: object) -> None:
        pass

    def send_head(self):  # -> file object or None
        spec = re.fullmatch(r"bytes=(\d*)-(\d*)", self.headers.get("Range", ""))
        path = Path(self.translate_path(self.path))
        if spec is None or not path.is_file():
            return super().send_head()
        size = path.stat().st_size
        first, last = spec.groups()
        start = int(first) if first else max(0, size - int(last or 0))
        end = min(int(last), size - 1) if first and last else size - 1
        if start >= size or start > end:
            self.send_error(416)
            return None
        with path.open("rb") as f:
            f.seek(start)
            body = f.read(end - start + 1)
        self.send_response(206)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Accept-Ranges", "bytes")
        self.end_headers()
        return io.BytesIO(body)


def serve(folder: Path) -> tuple[ThreadingHTTPServer, threading.Thread]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Host, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    return server, thread


def review_workspace(repo: GitRepo, site_url: str = "https://reviews.example.com/") -> GitRepo:
    """Three hero versions (distinct pictures), decisions with a pin and a box, and
    hostile text in a commit message, a file name, the brief title and a comment."""
    write_config(repo)
    config = repo.path / "mkdocs.yml"  # as teams run Material: instant navigation
    # (which needs site_url) on
    text = f"site_url: {site_url}\n" + config.read_text(encoding="utf-8")
    config.write_text(
        text.replace(
            "  name: material\n", "  name: material\n  features:\n    - navigation.instant\n"
        ),
        encoding="utf-8",
    )
    brief = BRIEF.replace("title: Soldes de printemps 2027", f'title: "{HOSTILE_TITLE}"')
    repo.write("content/campaigns/soldes/index.md", brief)
    repo.image(HERO, color=(200, 30, 30), size=(640, 400))
    repo.image("assets/soldes/banner.png", color=(10, 20, 200), size=(300, 100), fmt="PNG")
    repo.image(HOSTILE_FILE, color=(240, 240, 0), size=(200, 300), fmt="PNG")
    repo.commit("Brief and first creative", date="2027-01-05T09:00:00+01:00")
    for n, (color, when) in enumerate(
        [
            ((30, 200, 30), "2027-01-07T09:00:00+01:00"),
            ((30, 30, 200), "2027-01-09T09:00:00+01:00"),
        ],
        start=2,
    ):
        branch = f"creative/hero-v{n}"
        repo.branch(branch)
        repo.checkout(branch)
        repo.image(HERO, color=color, size=(640, 400))
        repo.commit(f"Hero v{n}: {HOSTILE}", date=when, author="Léa <lea@example.com>")
        repo.checkout("main")
        repo.merge(branch, message=f"Merge pull request #{n} from org/{branch}", date=when)
    repo.branch("review/alice")
    repo.checkout("review/alice")
    result = invoke(
        "-C", str(repo.path), "review", HERO, "-d", "changes_requested", "-r", "alice",
        "-s", HOSTILE, "--pin", "0.25,0.5", "Agrandir le logo",
        "--box", "0.5,0.1,0.3,0.4", HOSTILE_COMMENT, "--now", "2027-01-10T09:00:00Z",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    repo.commit("Decision of alice", date="2027-01-10T09:00:00Z")
    repo.checkout("main")
    repo.merge("review/alice", message="Merge pull request #5", date="2027-01-10T10:00:00Z")
    return repo


@contextmanager
def served_site(folder: Path, make: Callable[[GitRepo, str], GitRepo]) -> Iterator[Site]:
    """Serve ``folder/site``, then build there the workspace ``make(repo, site_url)`` writes.

    The server starts first: Material's instant navigation only follows links whose host
    and port match site_url's, so the site is built for the port it is served on.
    """
    server, thread = serve(folder / "site")
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        repo = make(GitRepo(folder), f"{base}/")
        run_build(repo.path)
        yield Site(repo, repo.path / "site", base)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


# ---------------------------------------------------------------- the browser


@dataclass
class Guard:
    """What a page did that it must not: errors, dialogs, requests leaving the site."""

    origin: str
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)

    def check(self) -> None:
        assert not self.dialogs, f"a dialog opened (a hostile string ran): {self.dialogs}"
        assert not self.errors, f"JavaScript errors: {self.errors}"
        assert not self.outside, f"requests left the site: {self.outside}"


def open_context(browser: object, site: Site, guard: Guard, **options: object):
    """A fresh context (no shared storage) where every request off the site is blocked."""
    context = browser.new_context(  # type: ignore[attr-defined]
        viewport=options.pop("viewport", VIEWPORT), accept_downloads=True, **options
    )

    def route(r) -> None:
        url = r.request.url
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob") or f"{parts.scheme}://{parts.netloc}" == guard.origin:
            r.continue_()
        else:
            guard.outside.append(url)
            r.abort()

    context.route("**/*", route)
    return context


def watch(page, guard: Guard) -> None:
    page.on("pageerror", lambda exc: guard.errors.append(str(exc)))
    page.on(
        "console",
        lambda msg: guard.errors.append(msg.text) if msg.type == "error" else None,
    )

    def dialog(d) -> None:
        guard.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", dialog)


@contextmanager
def watched_page(browser: object, site: Site, guard: Guard, **options: object) -> Iterator[object]:
    """A page in a fresh context, watched by ``guard``, whose checks run once it closes."""
    context = open_context(browser, site, guard, **options)
    tab = context.new_page()
    watch(tab, guard)
    try:
        yield tab
    finally:
        context.close()
    guard.check()
