"""What the adapter checks in MkDocs' own objects before they are used: files reached
through symbolic links that leave the workspace or loop, names that cannot be published,
front matter that Material would print as HTML."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from . import site
from .core.links import LOOP, escape, refusal, refused_links
from .core.problems import Problem, name_problem
from .core.settings import folder_setting


def safe_meta(meta: dict) -> None:
    """Material prints a page's title, description, author and tags unescaped (in the
    header, ``<head>``, the tags and the search index, whose results render tags as
    HTML): a brief's front matter is user text, so each is made safe text."""
    for key in ("title", "description", "author"):
        if isinstance(meta.get(key), str):
            meta[key] = site.safe_title(meta[key])
    tags = meta.get("tags")
    if isinstance(tags, list):
        meta["tags"] = [site.safe_title(str(t)) for t in tags if t is not None]


def _root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).parent.resolve()


def refuse_folder_loops(config: MkDocsConfig, log: Any) -> None:
    """A folder linked to itself or above makes MkDocs' walk of the docs folder go round
    (twice per level with two such links): stop before it starts, naming each link."""
    root = _root(config)
    docs = folder_setting(Path(config.docs_dir), root)
    loops = [
        rel
        for rel, why in refused_links(root, [docs]).items()
        if why == LOOP and os.path.isdir(root / rel)
    ]
    if loops:
        from mkdocs.exceptions import PluginError

        for rel in sorted(loops):
            log.error(str(refusal(rel, LOOP)))
        raise PluginError(f"{len(loops)} folder link loop(s) in {docs}/; remove them")


def drop_refused_links(files: Files, config: MkDocsConfig) -> list[Problem]:
    """Take out every file reached through a link that leaves the workspace or loops
    (docs, theme overrides); one error per link."""
    root = _root(config)
    found: dict[str, Problem] = {}
    for file in list(files):
        src = file.abs_src_path
        if not src or not Path(src).is_relative_to(root):
            continue  # the theme's own files, generated files
        bad = escape(Path(src), root)
        named = name_problem(Path(src).relative_to(root).as_posix())
        if bad is not None:
            files.remove(file)
            found.setdefault(bad[0], refusal(*bad))
        elif named is not None:  # not UTF-8, control characters: MkDocs would stop on it
            files.remove(file)
            found.setdefault(named.path, named)
    return list(found.values())
