"""Every field is data: front matter that Material prints (description, tags), commit
messages and file names hold markup, Markdown links and ANSI escapes; the built site,
its search index, the job summary and the command line show them as text only."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import markdown
import pytest
import yaml
from helpers.cli import invoke
from helpers.gitrepo import GitRepo
from helpers.sites import run_build
from helpers.workspaces import write_config

IMG = "<img src=x onerror=alert(1)>"
BREAK = '"><script>alert(2)</script>'
JS_LINK = "[x](javascript:alert(3))"
COMMIT_IMG = "![img](https://evil.example/x.png)"
COMMIT_LINK = "[click](https://evil.example)"
ANSI = "\x1b[31mred\x1b[0m"
HERO = "assets/evil/hero.jpg"
ANSI_FILE = f"assets/evil/teaser {ANSI}.jpg"  # refused (control characters), named escaped


def _brief() -> str:
    meta = {
        "title": f"Evil {JS_LINK}",
        "description": f"{IMG} {BREAK} {JS_LINK}",
        "tags": [IMG, BREAK, JS_LINK],
        "stages": [{"name": "brand", "approvers": ["alice"]}],
    }
    return f"---\n{yaml.safe_dump(meta, sort_keys=False)}---\nBody <b>kept</b>.\n"


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> GitRepo:
    repo = GitRepo(tmp_path_factory.mktemp("fields") / "repo")
    write_config(repo)
    repo.write("content/campaigns/evil/index.md", _brief())
    repo.image(HERO, size=(60, 40))
    repo.image(ANSI_FILE, size=(60, 40))
    repo.commit("first", date="2027-01-05T09:00:00Z")
    repo.branch("creative/x")
    repo.checkout("creative/x")
    repo.image(HERO, color=(1, 2, 3), size=(60, 40))
    repo.commit(f"Hero {COMMIT_IMG} {COMMIT_LINK} {ANSI} <b>x</b>", date="2027-01-06T09:00:00Z")
    run_build(repo.path, strict=False)
    return repo


class _Live(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.bad: list[tuple[str, dict]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        handlers = [k for k in a if k.startswith("on")]
        urls = [a.get(k) or "" for k in ("href", "src", "action", "formaction", "poster")]
        evil = any("javascript:" in v or "evil.example" in v for v in urls)
        if handlers or evil or (tag == "img" and a.get("src") == "x"):
            self.bad.append((tag, a))


def _live(html: str) -> list:
    parser = _Live()
    parser.feed(html)
    parser.close()
    return parser.bad


def test_pages_head_nav_and_tags_hold_no_live_markup(repo: GitRepo) -> None:
    site = repo.path / "site"
    pages = list(site.rglob("*.html"))
    assert pages
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert not _live(text), (page, _live(text))
        assert "<script>alert" not in text and "<img src=x" not in text
    brief = (site / "campaigns/evil/index.html").read_text(encoding="utf-8")
    (desc,) = [ln for ln in brief.splitlines() if 'name="description"' in ln]
    assert "&lt;" in desc or "\u2039" in desc  # shown, as text
    assert "<b>kept</b>" in brief  # raw HTML in the brief's body is the team's own


def test_search_index_carries_no_markup_from_front_matter(repo: GitRepo) -> None:
    index = json.loads((repo.path / "site/search/search_index.json").read_text("utf-8"))
    (doc,) = [d for d in index["docs"] if d["location"] == "campaigns/evil/"]
    assert doc["tags"] and all("<" not in t and ">" not in t for t in doc["tags"])
    assert "<" not in doc["title"]
    for d in index["docs"]:
        assert not _live(d["text"]) and not _live(d["title"])


def test_job_summary_has_no_live_link_or_image(repo: GitRepo) -> None:
    md = invoke("-C", str(repo.path), "status", "--base", "main", "--format", "markdown").stdout
    assert "Hero" in md and "evil.example" in md  # shown, as text
    assert "](" not in md and "![" not in md and "https://" not in md and "\x1b" not in md
    html = markdown.markdown(md, extensions=["tables"])
    assert not _live(html) and "<a " not in html and "<img" not in html


def test_command_line_output_carries_no_escape_byte(repo: GitRepo) -> None:
    for args in (
        ["status", "--base", "main"],
        ["status"],
        ["validate"],
        ["review", HERO, "-d", "approved", "-r", "alice", "--now", "2027-01-07T09:00:00Z"],
    ):
        result = invoke("-C", str(repo.path), *args)
        assert "\x1b" not in result.stdout + result.stderr, args
    checked = invoke("-C", str(repo.path), "validate")
    assert "\\x1b[31mred" in checked.stdout + checked.stderr  # the escape shown, not sent
