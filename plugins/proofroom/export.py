"""``proofroom export DIR``: the site's pages and media as a plain MkDocs project.

Zensical reads ``mkdocs.yml`` but runs no Python plugin, so it cannot call the MkDocs
adapter. The export runs the same :class:`SiteBuild` and writes what the adapter hands
MkDocs: a docs folder (the workspace's own files, briefs with their gallery, every
generated page), the static and media files, the theme override, and an ``mkdocs.yml``
without the plugin. Building that folder with any generator that reads ``mkdocs.yml``
gives the pages of ``proofroom build``.

A review page's body is ready HTML: written after its front matter, it is one run of
raw HTML blocks, which Markdown passes through untouched.
"""

from __future__ import annotations

import contextlib
import json
import os
import posixpath
import shutil
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any

import pathspec
import yaml
from mkdocs.structure.files import File, file_sort_key, set_exclusions
from mkdocs.utils import markdown_extensions, nest_paths
from mkdocs.utils.meta import get_data
from yaml_env_tag import construct_env_tag

from . import site
from .build import BRIEF_URI, SiteBuild
from .core.cache import atomic_write, temp_path
from .core.problems import Problem, ProofroomError
from .core.publish import place_many
from .mkdocs_config import ProofroomConfig
from .site.html import front_matter

MARKER = ".proofroom-export"  # lists the files an export wrote; the next one may replace them
DOCS = "docs"  # the exported docs folder, next to the exported mkdocs.yml
OVERRIDES = "overrides"  # the exported theme custom_dir
STATIC_PREFIX = "_proofroom"
THEME_OVERRIDES = Path(site.__file__).parent / "theme"


@dataclass
class ExportResult:
    """What an export wrote: counts for the summary line, and the workspace's problems."""

    directory: Path
    pages: int = 0  # generated pages
    briefs: int = 0  # briefs with their gallery put in
    docs: int = 0  # the workspace's own docs files
    media: int = 0  # media files (originals, thumbnails, previews, difference images)
    written: int = 0  # files written this time (the others were already up to date)
    removed: int = 0  # files of the previous export that are gone from this one
    problems: list[Problem] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"exported to {self.directory}: generated pages {self.pages}, briefs {self.briefs}, "
            f"other docs files {self.docs}, media files {self.media} "
            f"(files written {self.written}, removed {self.removed})"
        )


def export_site(
    config_file: Path,
    directory: Path,
    *,
    now: datetime | None = None,
    progress: Callable[[str], None] | None = None,
) -> ExportResult:
    """Build the site of the workspace of ``config_file`` into ``directory`` (see module)."""
    config_file = Path(config_file).resolve()
    root = config_file.parent
    raw = load_site_config(config_file)
    settings = plugin_settings(raw, config_file.name)
    docs_dir = root / str(_plain(raw.get("docs_dir")) or "docs")
    if not docs_dir.is_dir():
        raise ProofroomError(
            f"the docs folder {docs_dir.name}/ does not exist: create it or fix docs_dir",
            path=config_file.name,
        )
    dest = _destination(Path(directory), root, docs_dir.resolve(), settings)
    previous = _previous_files(dest)

    own = dict(_walk(docs_dir))  # docs-relative uri -> file
    build = SiteBuild.run(
        root=root,
        docs_dir=docs_dir,
        assets_dir=settings["assets_dir"],
        reviews_dir=settings["reviews_dir"],
        cache_dir=settings["cache_dir"],
        thumbnail_size=settings["thumbnail_size"],
        thumbnail_format=settings["thumbnail_format"],
        ref=settings["branch"],
        working_copy=bool(settings["working_copy"]),
        workers=settings["workers"],
        lang=_language(raw),
        repo_url=_plain(raw.get("repo_url")),
        existing=set(own),
        now=now,
        progress=progress,
    )
    shown = Path(os.path.normpath(directory))  # as given, without `x/../`
    result = ExportResult(directory=shown, problems=list(build.problems))
    dest.mkdir(parents=True, exist_ok=True)  # once the build went well
    out = _Writer(dest)

    # The workspace's docs first: a generated page of the same path replaces it, as in MkDocs.
    for uri, src in sorted(own.items()):
        text = _brief_text(build, uri, src)
        if text is None:
            out.copy(f"{DOCS}/{uri}", src)
        else:
            out.text(f"{DOCS}/{uri}", text)
            result.briefs += 1
    result.docs = len(own) - result.briefs
    hidden: list[str] = []
    for page in build.pages:
        out.text(f"{DOCS}/{page.src_uri}", page.markdown)
        if not page.in_nav:
            hidden.append(page.src_uri)
    result.pages = len(build.pages)
    static = [f"{STATIC_PREFIX}/{name}" for name in site.STATIC_FILES]
    for uri, name in zip(static, site.STATIC_FILES, strict=True):
        out.copy(f"{DOCS}/{uri}", site.STATIC_DIR / name)
    material = _theme_name(raw) == "material"
    if material:
        for rel, src in _walk(THEME_OVERRIDES):
            out.copy(f"{OVERRIDES}/{rel}", src)
        custom = _custom_dir(raw, root)
        if custom is not None:  # the workspace's own overrides win, as in the plugin
            for rel, src in _walk(custom):
                out.copy(f"{OVERRIDES}/{rel}", src)
    media = {f"{DOCS}/{uri}": src for uri, src in build.media.site_files().items()}
    out.link_many(media)
    result.media = len(media)

    docs = sorted(uri[len(DOCS) + 1 :] for uri in out.files if uri.startswith(f"{DOCS}/"))
    hide = not_in_nav_patterns(hidden, [p for p in docs if _is_page(p)])
    exported = exported_config(
        raw,
        root=root,
        dest=dest,
        static=static,
        not_in_nav=hide,
        nav=navigation(raw, docs, hide),
        custom_dir=OVERRIDES if material else None,
    )
    out.text("mkdocs.yml", exported)

    result.removed = out.remove_stale(previous)
    out.marker()
    result.written = out.written
    return result


# -- the destination -------------------------------------------------------------------


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or path.is_relative_to(folder)


def _destination(directory: Path, root: Path, docs_dir: Path, settings: dict) -> Path:
    """``directory`` resolved, once it is safe to write: never a folder of the workspace
    that the build reads, never a folder holding other files."""
    dest = directory.resolve()
    shown = str(directory)
    if dest.exists() and not dest.is_dir():
        raise ProofroomError("is a file: give a folder to export into", path=shown)
    if dest == root or _inside(root, dest):
        raise ProofroomError(
            "holds the workspace itself: export into a folder of its own, e.g. `export/`",
            path=shown,
        )
    read = {"docs folder": docs_dir}
    for key in ("assets_dir", "reviews_dir"):
        read[key.replace("_dir", " folder")] = (root / settings[key]).resolve()
    for what, folder in read.items():
        if _inside(dest, folder):
            raise ProofroomError(
                f"is inside the workspace's {what} ({folder.name}/), which the build reads: "
                "export outside it, e.g. into `export/`",
                path=shown,
            )
    if dest.is_dir() and not (dest / MARKER).is_file() and any(dest.iterdir()):
        raise ProofroomError(
            f"is not empty and not a previous export (no {MARKER} file in it): "
            "give a new or empty folder",
            path=shown,
        )
    return dest


def _previous_files(dest: Path) -> set[str]:
    """The files the previous export wrote (empty when its list cannot be read)."""
    try:
        data = json.loads((dest / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    files = data.get("files") if isinstance(data, dict) else None
    return {f for f in files if isinstance(f, str)} if isinstance(files, list) else set()


class _Writer:
    """Writes files below one folder, each atomically, skipping those already in place."""

    def __init__(self, dest: Path) -> None:
        self.dest = dest
        self.files: set[str] = set()  # dest-relative posix paths written or kept
        self.written = 0
        self._checked: set[Path] = set()

    def _target(self, rel: str) -> Path:
        parts = PurePosixPath(rel).parts
        if not parts or PurePosixPath(rel).is_absolute() or ".." in parts or rel == MARKER:
            raise ProofroomError(f"refusing to write {rel!r} outside the export folder")
        folder = self.dest
        for name in parts[:-1]:  # checked before anything is made in it
            folder = folder / name
            if folder in self._checked:
                continue
            if folder.is_symlink() and not _inside(folder.resolve(), self.dest):
                raise ProofroomError(
                    f"{rel}: a folder of the export leads outside it (a symbolic link): "
                    "remove it and export again",
                    path=str(self.dest),
                )
            try:
                folder.mkdir(exist_ok=True)
            except OSError as exc:
                raise ProofroomError(
                    f"cannot make the folder {folder.relative_to(self.dest)}/ ({exc.strerror}): "
                    "remove what is in the way and export again",
                    path=str(self.dest),
                ) from None
            self._checked.add(folder)
        self.files.add(rel)
        return self.dest.joinpath(*parts)

    def text(self, rel: str, text: str) -> None:
        target = self._target(rel)
        data = text.encode("utf-8")
        with contextlib.suppress(OSError):
            if target.stat().st_size == len(data) and target.read_bytes() == data:
                return
        atomic_write(target, data)
        self.written += 1

    def copy(self, rel: str, src: Path) -> None:
        """A copy, never a link: someone may edit the exported file in place."""
        target = self._target(rel)
        info = src.stat()
        with contextlib.suppress(OSError):
            now = target.stat()
            if (now.st_size, now.st_mtime_ns) == (info.st_size, info.st_mtime_ns):
                return
        tmp = temp_path(target)
        try:
            shutil.copyfile(src, tmp)
            os.utime(tmp, ns=(info.st_atime_ns, info.st_mtime_ns))
            os.replace(tmp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise
        self.written += 1

    def link_many(self, files: dict[str, Path]) -> None:
        """Media: hard links where possible (large, many, never edited), else copies."""
        pairs = [(src, self._target(rel)) for rel, src in files.items()]
        self.written += place_many(pairs)

    def remove_stale(self, previous: Iterable[str]) -> int:
        """Delete what the previous export wrote and this one did not (nothing else)."""
        removed = 0
        for rel in sorted(set(previous) - self.files):
            parts = PurePosixPath(rel).parts
            if not parts or PurePosixPath(rel).is_absolute() or ".." in parts or rel == MARKER:
                continue
            target = self.dest.joinpath(*parts)
            if not _inside(target.parent.resolve(), self.dest):
                continue
            try:
                target.unlink()
            except (FileNotFoundError, IsADirectoryError, PermissionError):
                continue
            removed += 1
            folder = target.parent
            while folder != self.dest:
                try:
                    folder.rmdir()  # only when empty
                except OSError:
                    break
                folder = folder.parent
        return removed

    def marker(self) -> None:
        data = {"made_by": "proofroom export", "files": sorted(self.files)}
        atomic_write(self.dest / MARKER, (json.dumps(data, indent=1) + "\n").encode("utf-8"))


def _walk(folder: Path) -> Iterator[tuple[str, Path]]:
    """Every file below ``folder`` as (relative posix path, path), following links as
    MkDocs does when it reads the docs folder."""
    for here, dirs, names in os.walk(folder, followlinks=True):
        dirs.sort()
        for name in sorted(names):
            path = Path(here, name)
            if path.is_file():
                yield path.relative_to(folder).as_posix(), path


# -- pages -----------------------------------------------------------------------------


def _is_page(uri: str) -> bool:
    return uri.lower().endswith(markdown_extensions)


def _brief_text(build: SiteBuild, uri: str, src: Path) -> str | None:
    """A brief as the plugin shows it: gallery under its title, title made safe for
    Material's templates; ``None`` for any other file (copied as it is)."""
    if not BRIEF_URI.match(uri):
        return None
    try:  # read like MkDocs: BOM dropped, newlines made \n
        text = src.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    body, meta = get_data(text)
    new_body = build.brief_markdown(uri, body)
    title = meta.get("title")
    if isinstance(title, str) and site.safe_title(title) != title:
        return front_matter({**meta, "title": site.safe_title(title)}) + new_body
    if new_body == body:
        return None
    head = text[: len(text) - len(body)] if text.endswith(body) else ""
    return head + new_body


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
    pages = [u for u in docs if _is_page(u)]
    given = _plain(raw.get("nav"))
    if given is None:
        given = nest_paths(_pages_in_nav(raw, pages, not_in_nav))
    return _flatten_nav(given, set(pages)) if given else None


def _pages_in_nav(raw: dict, docs: Iterable[str], not_in_nav: str) -> list[str]:
    use_urls = _plain(raw.get("use_directory_urls"))
    files = [File(uri, None, None, use_urls is not False) for uri in docs]
    own = _plain(raw.get("not_in_nav"))
    config = {
        "exclude_docs": _spec(_plain(raw.get("exclude_docs"))),
        "draft_docs": _spec(_plain(raw.get("draft_docs"))),
        "not_in_nav": _spec((own if isinstance(own, str) else "") + "\n" + not_in_nav),
    }
    set_exclusions(files, config)
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

    def represent_str(self, data: str) -> yaml.Node:
        """Lines of patterns (``not_in_nav``) read best as a literal block."""
        style = "|" if "\n" in data and not data.startswith(" ") else None
        return self.represent_scalar("tag:yaml.org,2002:str", data, style=style)


def _construct_tagged(loader: _Loader, suffix: str, node: yaml.Node) -> _Tagged:
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
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


def _plain(value: Any) -> Any:
    return value.resolved if isinstance(value, _Tagged) else value


def load_site_config(path: Path) -> dict:
    """``mkdocs.yml`` as written, tags kept, ``INHERIT`` merged in as MkDocs does."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or {}
    except (OSError, yaml.YAMLError, UnicodeDecodeError) as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", -1) + 1
        what = getattr(exc, "problem", None) or exc.__class__.__name__
        raise ProofroomError(
            f"cannot read the site configuration ({what}): fix the YAML",
            path=path.name,
            line=max(line, 0),
        ) from None
    if not isinstance(data, dict):
        raise ProofroomError("the site configuration must be a mapping", path=path.name, line=1)
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


def _plugin_entries(plugins: Any) -> list:
    if isinstance(plugins, dict):
        return [{k: v} for k, v in plugins.items()]
    return list(plugins) if isinstance(plugins, list) else []


def _is_proofroom(entry: Any) -> bool:
    return entry == "proofroom" or (isinstance(entry, dict) and "proofroom" in entry)


def plugin_settings(raw: dict, config_name: str) -> dict:
    """The proofroom plugin's options with the plugin's own defaults and checks."""
    given: Any = {}
    for entry in _plugin_entries(raw.get("plugins")):
        if isinstance(entry, dict) and "proofroom" in entry:
            given = entry["proofroom"] or {}
    if not isinstance(given, dict):
        raise ProofroomError(
            "the settings of the proofroom plugin must be a mapping "
            "(e.g. `- proofroom:` then `assets_dir: assets` indented below it)",
            path=config_name,
        )
    cfg = ProofroomConfig(config_file_path=config_name)
    cfg.load_dict({k: _plain(v) for k, v in given.items()})
    errors, _warnings = cfg.validate()
    if errors:
        key, error = errors[0]
        raise ProofroomError(f"plugins: proofroom: {key}: {error}", path=config_name)
    return dict(cfg)


def _theme(raw: dict) -> Any:
    theme = _plain(raw.get("theme"))
    return {"name": theme} if isinstance(theme, str) else theme


def _theme_name(raw: dict) -> str | None:
    theme = _theme(raw)
    return _plain(theme.get("name")) if isinstance(theme, dict) else None


def _language(raw: dict) -> str:
    theme = _theme(raw)
    lang = _plain(theme.get("language")) if isinstance(theme, dict) else None
    return str(lang or "en")


def _custom_dir(raw: dict, root: Path) -> Path | None:
    theme = _theme(raw)
    custom = _plain(theme.get("custom_dir")) if isinstance(theme, dict) else None
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
        listed = _plain(raw.get(key))
        entries = list(listed) if isinstance(listed, list) else []
        present = {_plain(e.get("path")) if isinstance(e, dict) else _plain(e) for e in entries}
        entries += [uri for uri in static if uri.endswith(suffix) and uri not in present]
        config[key] = entries
    if custom_dir is not None:
        theme = _theme(raw)
        config["theme"] = {**(theme if isinstance(theme, dict) else {}), "custom_dir": custom_dir}
    if not_in_nav:
        own = _plain(raw.get("not_in_nav"))
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
