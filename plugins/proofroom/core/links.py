"""Symbolic links in the workspace: followed while they stay inside the repository,
refused (one error naming the link, the link left out of the site and the export) when
they lead outside it or round in a loop.

A link to ``/etc/passwd`` under ``content/`` would otherwise be copied into the site by
MkDocs; a folder linked to itself (``a -> .``) or two links to each other would make a
walker go round until the system says "too many levels of symbolic links".
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from .problems import Problem

OUTSIDE = "outside"
LOOP = "loop"


def refusal(rel: str, reason: str) -> Problem:
    """The one error line of a refused link (``rel``: the link, workspace-relative)."""
    if reason == LOOP:
        text = (
            "symbolic link that loops (it leads back to itself or a folder above it); it is"
            " left out of the site, remove it"
        )
    else:
        text = (
            "symbolic link to a place outside the repository; it is left out of the site"
            " and the export, put the file itself in the repository instead"
        )
    return Problem(rel, 0, "error", text)


def _inside(real: str, top: str) -> bool:
    return real == top or real.startswith(top.rstrip(os.sep) + os.sep)


def judge(link: str, top: str) -> str | None:
    """Why the link at ``link`` is refused (:data:`OUTSIDE`, :data:`LOOP`), or None.

    ``top`` is the repository's real path.
    """
    try:
        real = os.path.realpath(link, strict=True)
    except OSError:  # a cycle of links (ELOOP), or a dangling link: never published
        return LOOP if _loops(link) else OUTSIDE
    if not _inside(real, top):
        return OUTSIDE
    parent = os.path.realpath(os.path.dirname(link))
    if os.path.isdir(real) and _inside(parent, real):
        return LOOP  # a folder linked to itself or to a folder above it
    return None


def _loops(link: str) -> bool:
    try:
        os.stat(link)
    except OSError as exc:
        return exc.errno == 40  # ELOOP
    return False


def escape(path: Path, root: Path) -> tuple[str, str] | None:
    """The first link on the way from ``root`` to ``path`` that is refused, as
    (link relative to ``root``, reason); None when every step stays inside."""
    top = os.path.realpath(root)
    try:
        parts = Path(path).relative_to(root).parts
    except ValueError:
        return None
    here = os.fspath(root)
    for i, part in enumerate(parts):
        here = os.path.join(here, part)
        if os.path.islink(here):
            reason = judge(here, top)
            if reason is not None:
                return "/".join(parts[: i + 1]), reason
    return None


def refused_links(root: Path, folders: Iterable[str]) -> dict[str, str]:
    """Every refused link under ``folders`` (workspace-relative): rel -> reason.

    Links that stay inside are walked through, each real folder once.
    """
    top = os.path.realpath(root)
    found: dict[str, str] = {}
    seen: set[str] = set()
    stack = [f.strip("/") for f in folders if os.path.isdir(os.path.join(root, f))]
    while stack:
        rel = stack.pop()
        here = os.path.join(root, rel)
        real = os.path.realpath(here)
        if real in seen:
            continue
        seen.add(real)
        try:
            entries = sorted(os.scandir(here), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            sub = f"{rel}/{entry.name}"
            if entry.is_symlink():
                reason = judge(entry.path, top)
                if reason is not None:
                    found[sub] = reason
                    continue
            if entry.is_dir():
                stack.append(sub)
    return found


def link_problems(root: Path, folders: Iterable[str]) -> list[Problem]:
    """One error per refused link under ``folders``."""
    return [refusal(rel, why) for rel, why in sorted(refused_links(root, folders).items())]


def is_refused(rel: str, refused: dict[str, str] | set[str]) -> bool:
    """True when ``rel`` is a refused link or lies below one."""
    parts = rel.split("/")
    return any("/".join(parts[:i]) in refused for i in range(1, len(parts) + 1))
