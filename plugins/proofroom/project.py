"""Find a workspace and read the settings the CLI shares with the MkDocs plugin.

The CLI reads ``mkdocs.yml`` itself (YAML only, no MkDocs) so that ``status`` and
friends stay fast and work even when the site config has tags MkDocs resolves.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from .core.problems import ProofroomError
from .core.workspace import WorkspaceConfig

CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")


class _TolerantLoader(yaml.SafeLoader):
    """Safe loading that turns unknown tags (``!ENV``, ``!!python/name:``) into None."""


def _unknown(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


_TolerantLoader.add_multi_constructor("!", _unknown)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _unknown)


@dataclass(frozen=True)
class Project:
    config_file: Path
    workspace: WorkspaceConfig
    language: str
    repo_url: str | None
    site_name: str
    cache_dir: str


def find_config(start: Path, explicit: Path | None = None) -> Path:
    if explicit is not None:
        explicit = start / explicit  # relative to -C, like every other path
        if not explicit.is_file():
            raise ProofroomError(f"{explicit}: no such configuration file")
        return explicit.resolve()
    for name in CONFIG_NAMES:
        candidate = start / name
        if candidate.is_file():
            return candidate.resolve()
    raise ProofroomError(
        f"no mkdocs.yml in {start.resolve()}: run this inside a workspace, "
        "or create one with `proofroom init`"
    )


def load_project(start: Path = Path("."), explicit: Path | None = None) -> Project:
    path = find_config(start, explicit)
    data = read_site_yaml(path, _TolerantLoader)
    plugin_cfg = proofroom_entry(data.get("plugins"), path.name)
    theme = data.get("theme") or {}
    root = path.parent
    ws = WorkspaceConfig(
        root=root,
        content_dir=str(data.get("docs_dir") or "docs"),
        assets_dir=str(plugin_cfg.get("assets_dir", "assets")),
        reviews_dir=str(plugin_cfg.get("reviews_dir", "reviews")),
        ref=str(plugin_cfg.get("branch", "HEAD")),
    )
    return Project(
        config_file=path,
        workspace=ws,
        language=str(theme.get("language", "en")) if isinstance(theme, dict) else "en",
        repo_url=data.get("repo_url"),
        site_name=str(data.get("site_name", "")),
        cache_dir=str(plugin_cfg.get("cache_dir", ".cache/proofroom")),
    )


def read_site_yaml(path: Path, loader: type) -> dict:
    """``mkdocs.yml`` parsed with ``loader``; a one-line problem when it cannot be."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or {}
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
    return data


def plugin_entries(plugins: object) -> list:
    """MkDocs' ``plugins``, in its list form or its mapping form, as a list."""
    if isinstance(plugins, dict):
        return [{k: v} for k, v in plugins.items()]
    return list(plugins) if isinstance(plugins, list) else []


def proofroom_entry(plugins: object, config_name: str) -> dict:
    """The settings of the ``proofroom`` entry of ``plugins`` (``{}`` without one)."""
    settings: object = {}
    for entry in plugin_entries(plugins):
        if isinstance(entry, dict) and "proofroom" in entry:
            settings = entry["proofroom"] or {}
    if not isinstance(settings, dict):
        raise ProofroomError(
            "the settings of the proofroom plugin must be a mapping "
            "(e.g. `- proofroom:` then `assets_dir: assets` indented below it)",
            path=config_name,
        )
    return settings
