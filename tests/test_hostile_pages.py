"""Markup in any file lands as text in every kind of generated page.

One build of a workspace whose brief (title, owner, tags, stages, deliverable ids,
channel, alt text), file names, commit messages, team names and decisions (logins,
summaries, comments) all hold ``<script>``, ``</script>`` and ``"onmouseover=``. Every
kind of page is parsed: no script, attribute or element comes from that text, and the
text itself is shown, whole, as text.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from helpers.cli import invoke
from helpers.gitrepo import ISOLATED_ENV, LEAKY_VARS, GitRepo
from helpers.sites import run_build
from helpers.workspaces import write_config

TITLE = '</script><script>alert("title")</script> "onmouseover=alert(1) x={{ title }}'
OWNER = '<script>alert("owner")</script>'
TAG = '"onmouseover=alert(2) </script>'
STAGE = '<b>brand</b> "onmouseover=alert(3)'
DELIVERABLE = '<script>alert("id")</script>'
CHANNEL = '"><script>alert("channel")</script>'
ALT = '"onmouseover=alert(4) <script>'
FILE = '<script>"onmouseover=alert(5).jpg'  # no "/" in a file name
OTHER = "<i>\"onfocus=alert(6) 'x'.txt"
STUB_FILE = '"onmouseover=alert(7)<script>.png'
COMMIT = 'Hero </script><script>alert("commit")</script> "onmouseover=alert(8)'
LOGIN = '"onmouseover=alert(9)</script><script>'  # a login holds no space
NAME = "</script><img src=x onerror=alert(10)>"
SUMMARY = '</textarea></script><script>alert("summary")</script> "onmouseover='
COMMENT = '<svg onload=alert(11)> "onmouseover=alert(12) </script>'


def _brief() -> str:
    meta = {
        "title": TITLE,
        "owner": OWNER,
        "timezone": "Europe/Paris",
        "launch": "2027-03-01",
        "tags": [TAG, "retail"],
        "stages": [{"name": STAGE, "approvers": ["alice", LOGIN], "required": 1}],
        "deliverables": [
            {
                "id": DELIVERABLE,
                "asset": FILE,
                "due": "2027-01-10",
                "channel": CHANNEL,
                "alt": ALT,
            },
            {"id": "notes", "asset": OTHER, "due": "2027-01-20"},
        ],
    }
    return f"---\n{yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)}---\nBody.\n"


def _review(repo: GitRepo, asset: str, when: str, *args: str, login: str = "alice") -> None:
    result = invoke("-C", str(repo.path), "review", asset, "-r", login, *args, "--now", when)
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    with pytest.MonkeyPatch.context() as mp:  # the isolation of conftest's isolated_git
        for name in LEAKY_VARS:
            mp.delenv(name, raising=False)
        for name, value in ISOLATED_ENV.items():
            mp.setenv(name, value)
        mp.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path_factory.getbasetemp()))
        repo = GitRepo(tmp_path_factory.mktemp("hostile") / "repo")
        write_config(repo)
        repo.write("content/campaigns/evil/index.md", _brief())
        repo.write("reviews/team.yml", yaml.safe_dump({"people": {"alice": {"name": NAME}}}))
        repo.image(f"assets/evil/{FILE}", color=(200, 30, 30), size=(120, 80))
        repo.write(f"assets/evil/{OTHER}", "notes\n")
        repo.image(f"assets/nobrief/{STUB_FILE}", color=(10, 20, 200), size=(40, 30), fmt="PNG")
        repo.commit(COMMIT, date="2027-01-05T09:00:00+01:00")
        asset = f"assets/evil/{FILE}"
        pin = ["--pin", "0.4,0.2", COMMENT, "--comment", COMMENT]
        _review(repo, asset, "2027-01-06T09:00:00Z", "-d", "changes_requested", "-s", SUMMARY, *pin)
        _review(repo, asset, "2027-01-07T09:00:00Z", "-d", "approved", "-s", SUMMARY, login=LOGIN)
        repo.commit(f"Decisions {COMMIT}", date="2027-01-07T10:00:00+01:00")
        run_build(repo.path, strict=False)
    return repo.path / "site"


class _Page(HTMLParser):
    """Every element and attribute of a page, its script bodies and its text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self.text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data
        else:
            self.text.append(data)


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


def _review_page(site: Path, campaign: str, name: str) -> Path:
    stem = name.rsplit(".", 1)[0]
    return site / "campaigns" / campaign / "review" / stem / "index.html"


# Each kind of page, and the hostile texts it shows (as text or in an attribute).
PAGES = {
    "campaigns index": (lambda s: s / "campaigns/index.html", [TITLE, OWNER, TAG]),
    "brief with its gallery": (
        lambda s: s / "campaigns/evil/index.html",
        [DELIVERABLE, FILE, OTHER, ALT, STAGE],
    ),
    "campaign without a brief": (lambda s: s / "campaigns/nobrief/index.html", [STUB_FILE]),
    "review of an image": (
        lambda s: _review_page(s, "evil", FILE),
        [TITLE, FILE, COMMIT, NAME, LOGIN, SUMMARY, COMMENT, STAGE, CHANNEL, OWNER],
    ),
    "review of another file": (lambda s: _review_page(s, "evil", OTHER), [OTHER, COMMIT]),
    "review without a brief": (lambda s: _review_page(s, "nobrief", STUB_FILE), [STUB_FILE]),
    "timeliness dashboard": (lambda s: s / "timeliness/index.html", [DELIVERABLE, STAGE, LOGIN]),
}


@pytest.mark.parametrize("kind", PAGES)
def test_hostile_text_is_text_on_every_kind_of_page(site: Path, kind: str) -> None:
    where, shown = PAGES[kind]
    path = where(site)
    assert path.is_file(), path
    page = _parse(path)
    for tag, attrs in page.tags:
        live = [name for name in attrs if name.startswith("on")]
        assert not live, (tag, attrs)  # no handler attribute at all, ours or made
        assert not (tag == "img" and attrs.get("src") == "x"), attrs
    assert not [s for s in page.scripts if "alert(" in s]
    text = "".join(page.text)
    values = "".join(str(v) for _, attrs in page.tags for v in attrs.values())
    for value in shown:  # whole, as written: nothing eaten, nothing doubled
        assert value in text or value in values, (kind, value)
    raw = path.read_text(encoding="utf-8")
    assert "&amp;lt;" not in raw and "&amp;quot;" not in raw  # escaped once, not twice
