"""The exported ``mkdocs.yml``: the workspace's configuration read as MkDocs reads it
(``INHERIT``, ``!ENV`` and ``!!python/name:`` tags kept as written), the plugin's own
settings, and the configuration written without the plugin, with the navigation MkDocs
would make and ``not_in_nav`` patterns for the review pages."""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterable
from pathlib import Path
from typing import Any, cast

import pathspec
import yaml
from mkdocs.structure.files import File, file_sort_key, set_exclusions
from mkdocs.utils import markdown_extensions, nest_paths
from yaml_env_tag import construct_env_tag

from . import site
from .core.problems import ProofroomError
from .mkdocs_config import ProofroomConfig
from .project import proofroom_entry, read_site_yaml

DOCS = "docs"  # the exported docs folder, next to the exported mkdocs.yml


def is_page(uri: str) -> bool:
    return uri.lower().endswith(markdown_extensions)


def not_in_nav_patterns(hidden: Iterable[str], pages: Iterable[str]) -> str:
    """``not_in_nav`` lines (gitignore style) for the pages left out of the navigation.

    Each hidden page is covered by its highest folder that holds hidden pages only
    (``/campaigns/x/review/``), so thousands of review pages make a few patterns.
    """
    hidden = set(hidden)
    mixed: set[str] = set()  # folders holding a page that stays in the navigation
    for page in pages:
        if page not in hidden:
            mixed.update(_folders(page))
    patterns: set[str] = set()
    for page in hidden:
        top = next((f for f in reversed(_folders(page)) if f not in mixed), None)
        patterns.add("/" + _escape(top) + "/" if top else "/" + _escape(page))
    return "".join(p + "\n" for p in sorted(patterns))


def navigation(raw: dict, docs: Iterable[str], not_in_nav: str) -> list | None:
    """The ``nav`` the plugin makes MkDocs show, written out (no plugin flattens it later).

    MkDocs' own rules pick the pages (``exclude_docs``, ``draft_docs``, ``not_in_nav``,
    README beside index) and nest them by folder when the workspace gives no ``nav``;
    then, as the plugin does, a section holding one page becomes that page and section
    titles are made safe (Material prints them unescaped: a folder name is user text).
    """
    pages = [u for u in docs if is_page(u)]
    given = plain_value(raw.get("nav"))
    if given is None:
        given = nest_paths(_pages_in_nav(raw, pages, not_in_nav))
    return _flatten_nav(given, set(pages)) if given else None


def _pages_in_nav(raw: dict, docs: Iterable[str], not_in_nav: str) -> list[str]:
    use_urls = plain_value(raw.get("use_directory_urls"))
    # Only source URIs and URLs are read: no folder is needed (MkDocs types them as str).
    files = [File(uri, None, None, use_urls is not False) for uri in docs]  # type: ignore[arg-type]
    own = plain_value(raw.get("not_in_nav"))
    config = {
        "exclude_docs": _spec(plain_value(raw.get("exclude_docs"))),
        "draft_docs": _spec(plain_value(raw.get("draft_docs"))),
        "not_in_nav": _spec((own if isinstance(own, str) else "") + "\n" + not_in_nav),
    }
    set_exclusions(files, config)  # type: ignore[arg-type]  # reads these three keys only
    by_dest: dict[tuple[str, str], File] = {}
    for f in sorted(files, key=lambda f: (posixpath.dirname(f.src_uri), _name_key(f.name))):
        folder = posixpath.dirname(f.src_uri)
        first = by_dest.setdefault((folder, f.dest_uri), f)  # README.md beside index.md
        if first is not f:
            files.remove(first if f.inclusion.is_included() else f)
    pages = [f for f in files if f.is_documentation_page() and f.inclusion.is_in_nav()]
    return [f.src_uri for f in sorted(pages, key=file_sort_key)]


def _name_key(name: str) -> tuple[bool, str]:
    """MkDocs' order of the files of one folder: index and README first."""
    return (posixpath.splitext(name)[0] not in ("index", "README"), name)


def _spec(text: Any) -> pathspec.gitignore.GitIgnoreSpec | None:
    if not isinstance(text, str) or not text.strip():
        return None
    return pathspec.gitignore.GitIgnoreSpec.from_lines(text.splitlines())


def _flatten_nav(items: list, pages: set[str]) -> list:
    out = []
    for item in items:
        if isinstance(item, dict) and len(item) == 1:
            ((title, value),) = item.items()
            if isinstance(value, list):
                children = _flatten_nav(value, pages)
                if len(children) == 1 and _is_nav_page(children[0], pages):
                    out.append(children[0])
                else:
                    title = site.safe_title(title) if isinstance(title, str) else title
                    out.append({title: children})
                continue
        out.append(item)
    return out


def _is_nav_page(item: Any, pages: set[str]) -> bool:
    """A navigation entry that MkDocs makes a page (not a section, not a link)."""
    if isinstance(item, dict) and len(item) == 1:
        item = next(iter(item.values()))
    return isinstance(item, str) and posixpath.normpath(item.lstrip("/")) in pages


def _folders(uri: str) -> list[str]:
    """The folders of ``uri``, innermost first (``a/b/c.md`` -> ``a/b``, ``a``)."""
    out = []
    head = posixpath.dirname(uri)
    while head:
        out.append(head)
        head = posixpath.dirname(head)
    return out


def _escape(path: str) -> str:
    """A literal path in a gitignore pattern."""
    out = "".join("\\" + c if c in "\\*?[]!#" else c for c in path)
    return out[:-1] + "\\ " if out.endswith(" ") else out


# -- the site configuration ------------------------------------------------------------


class _Tagged:
    """A YAML value with a tag (``!ENV``, ``!relative``, ``!!python/name:...``), kept as
    written so that the exported configuration means the same; ``resolved`` is what
    MkDocs reads for ``!ENV`` (None for the others)."""

    def __init__(self, tag: str, value: Any, resolved: Any = None) -> None:
        self.tag, self.value, self.resolved = tag, value, resolved


class _Loader(yaml.SafeLoader):
    pass


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True

    def represent_str(self, data: str) -> yaml.ScalarNode:
        """Lines of patterns (``not_in_nav``) read best as a literal block."""
        style = "|" if "\n" in data and not data.startswith(" ") else None
        return self.represent_scalar("tag:yaml.org,2002:str", data, style=style)


def _construct_tagged(loader: _Loader, suffix: str, node: yaml.Node) -> _Tagged:
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(cast(yaml.MappingNode, node), deep=True)
    resolved = None
    if node.tag == "!ENV" and not isinstance(node, yaml.MappingNode):
        resolved = construct_env_tag(loader, node)
    return _Tagged(node.tag, value, resolved)


def _represent_tagged(dumper: _Dumper, data: _Tagged) -> yaml.Node:
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    return dumper.represent_scalar(data.tag, data.value)


_Loader.add_multi_constructor("!", _construct_tagged)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_tagged)
_Dumper.add_representer(_Tagged, _represent_tagged)
_Dumper.add_representer(str, _Dumper.represent_str)


def plain_value(value: Any) -> Any:
    return value.resolved if isinstance(value, _Tagged) else value


def load_site_config(path: Path) -> dict:
    """``mkdocs.yml`` as written, tags kept, ``INHERIT`` merged in as MkDocs does."""
    data = read_site_yaml(path, _Loader)
    parent = data.pop("INHERIT", None)
    if isinstance(parent, str):
        base = (path.parent / parent).resolve()
        if not base.is_file():
            raise ProofroomError(f"INHERIT: {parent} does not exist", path=path.name)
        data = _merge(load_site_config(base), data)
    return data


def _merge(base: dict, over: dict) -> dict:
    """``over`` merged into ``base``: mappings key by key, anything else replaced."""
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            _merge(base[key], value)
        else:
            base[key] = value
    return base


def _is_proofroom(entry: Any) -> bool:
    return entry == "proofroom" or (isinstance(entry, dict) and "proofroom" in entry)


def plugin_settings(raw: dict, config_name: str) -> dict:
    """The proofroom plugin's options with the plugin's own defaults and checks."""
    given = proofroom_entry(raw.get("plugins"), config_name)
    cfg = ProofroomConfig(config_file_path=config_name)
    cfg.load_dict({k: plain_value(v) for k, v in given.items()})
    errors, _warnings = cfg.validate()
    if errors:
        key, error = errors[0]
        raise ProofroomError(f"plugins: proofroom: {key}: {error}", path=config_name)
    return dict(cfg)


def _theme(raw: dict) -> Any:
    theme = plain_value(raw.get("theme"))
    return {"name": theme} if isinstance(theme, str) else theme


def theme_name_of(raw: dict) -> str | None:
    theme = _theme(raw)
    return plain_value(theme.get("name")) if isinstance(theme, dict) else None


def theme_language(raw: dict) -> str:
    theme = _theme(raw)
    lang = plain_value(theme.get("language")) if isinstance(theme, dict) else None
    return str(lang or "en")


def theme_custom_dir(raw: dict, root: Path) -> Path | None:
    theme = _theme(raw)
    custom = plain_value(theme.get("custom_dir")) if isinstance(theme, dict) else None
    if not isinstance(custom, str) or not custom:
        return None
    folder = root / custom
    return folder if folder.is_dir() else None


def exported_config(
    raw: dict,
    *,
    root: Path,
    dest: Path,
    static: list[str],
    not_in_nav: str,
    nav: list | None,
    custom_dir: str | None,
) -> str:
    """The workspace's configuration for the exported tree: without the plugin, with its
    stylesheets and scripts, theme override and hidden pages written out."""
    config = dict(raw)
    config["docs_dir"] = DOCS
    plugins = raw.get("plugins")
    if isinstance(plugins, dict):
        config["plugins"] = {k: v for k, v in plugins.items() if k != "proofroom"}
    elif isinstance(plugins, list):
        config["plugins"] = [p for p in plugins if not _is_proofroom(p)]
    for key, suffix in (("extra_css", ".css"), ("extra_javascript", ".js")):
        listed = plain_value(raw.get(key))
        entries = list(listed) if isinstance(listed, list) else []
        present = {
            plain_value(e.get("path")) if isinstance(e, dict) else plain_value(e) for e in entries
        }
        entries += [uri for uri in static if uri.endswith(suffix) and uri not in present]
        config[key] = entries
    if custom_dir is not None:
        theme = _theme(raw)
        config["theme"] = {**(theme if isinstance(theme, dict) else {}), "custom_dir": custom_dir}
    if not_in_nav:
        own = plain_value(raw.get("not_in_nav"))
        config["not_in_nav"] = (own.rstrip("\n") + "\n" if isinstance(own, str) else "") + (
            not_in_nav
        )
    if nav is not None:
        config["nav"] = nav
    # Paths relative to the configuration file now start from the export folder.
    up = Path(os.path.relpath(root, dest)).as_posix()
    for key in ("hooks", "watch"):
        value = raw.get(key)
        if isinstance(value, list):
            config[key] = [posixpath.join(up, v) if isinstance(v, str) else v for v in value]
    config = _rebase_relative(config, up)
    header = (
        "# Made by `proofroom export` from the workspace's site configuration, without the\n"
        "# proofroom plugin: edit that one and export again rather than this file.\n"
    )
    body = yaml.dump(config, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000)
    return header + body


def _rebase_relative(value: Any, up: str) -> Any:
    """``!relative $config_dir/x`` keeps naming the workspace's ``x``."""
    if isinstance(value, _Tagged):
        if value.tag == "!relative" and isinstance(value.value, str):
            text = value.value
            if text == "$config_dir" or text.startswith("$config_dir/"):
                rest = text[len("$config_dir") :].lstrip("/")
                joined = posixpath.join("$config_dir", up, rest) if rest else f"$config_dir/{up}"
                return _Tagged(value.tag, joined, value.resolved)
        return _Tagged(value.tag, _rebase_relative(value.value, up), value.resolved)
    if isinstance(value, dict):
        return {k: _rebase_relative(v, up) for k, v in value.items()}
    if isinstance(value, list):
        return [_rebase_relative(v, up) for v in value]
    return value
