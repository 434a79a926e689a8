"""Real `mkdocs build`s of test workspaces, and what the built site holds: the warnings
MkDocs logged and the local files a page points to."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from helpers.cli import no_traceback


def run_build(root: Path, *, strict: bool = True):
    config = load_config(str(root / "mkdocs.yml"), strict=strict)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    return config


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if tag == "img" and a.get("src"):
            self.refs.append(("img", a["src"]))
        if tag == "a" and a.get("href"):
            self.refs.append(("a", a["href"]))
        if tag == "option" and a.get("data-display"):
            self.refs.append(("img", a["data-display"]))


def local_targets(site: Path, page: Path, kinds=("img",)) -> list[Path]:
    """Every local URL of ``kinds`` in ``page``, resolved to a path in ``site``."""
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    base = "file://" + page.parent.as_posix() + "/"
    out = []
    for kind, url in parser.refs:
        if kind not in kinds or re.match(r"^[a-z]+:|^#|^//", url):
            continue
        target = Path(unquote(urljoin(base, url.split("#")[0].split("?")[0])[len("file://") :]))
        if target.is_dir() or url.endswith("/"):
            target = target / "index.html"
        out.append(target)
    return out


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.WARNING:
            self.lines.append(record.getMessage())


@contextmanager
def mkdocs_warnings() -> Iterator[list[str]]:
    """Every warning MkDocs logs during the block (the plugin's problems among them)."""
    handler = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        yield handler.lines
    finally:
        logger.removeHandler(handler)


def build_both_ways(root: Path) -> list[str]:
    """A non-strict build that succeeds, then a strict one that aborts; the warnings."""
    with mkdocs_warnings() as lines:
        run_build(root, strict=False)
    assert (root / "site/campaigns/index.html").is_file()
    with pytest.raises(Abort, match="strict mode"):
        run_build(root, strict=True)
    no_traceback(*lines)
    return lines


def one_problem(lines: list[str], pattern: str) -> str:
    found = [ln for ln in lines if re.search(pattern, ln)]
    assert len(found) == 1, (pattern, lines)
    return found[0]
