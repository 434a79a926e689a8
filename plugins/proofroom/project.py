"""Find a workspace and read the settings the CLI shares with the MkDocs plugin.

The CLI reads ``mkdocs.yml`` itself (YAML only, no MkDocs) so that ``status`` and
friends stay fast and work even when the site config has tags MkDocs resolves.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from .core.problems import ProofroomError
from .core.settings import Settings

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
    settings: Settings

    @property
    def workspace(self) -> Settings:
        """What the model reads (the settings themselves; the name says what for)."""
        return self.settings


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
    repo_url = data.get("repo_url")
    site_url = data.get("site_url")
    settings = Settings(
        root=path.parent,
        content_dir=str(data.get("docs_dir") or "docs"),  # MkDocs' own default
        language=str(theme.get("language", "en")) if isinstance(theme, dict) else "en",
        repo_url=repo_url if isinstance(repo_url, str) else None,
        site_name=str(data.get("site_name", "")),
        site_url=site_url if isinstance(site_url, str) and site_url.strip() else None,
    )
    return Project(config_file=path, settings=settings.with_options(_plain(plugin_cfg)))


def _plain(options: dict) -> dict[str, object]:
    """Options as the CLI reads them, without MkDocs' validation: folders and refs as
    text; anything else as written (the build validates it)."""
    text = ("assets_dir", "reviews_dir", "cache_dir", "branch")
    return {
        k: str(v) if k in text and v is not None else v
        for k, v in options.items()
        if k != "working_copy"  # commands read the committed branch; only a preview shows more
    }


def read_site_yaml(path: Path, loader: type[yaml.SafeLoader]) -> dict:
    """``mkdocs.yml`` parsed with ``loader``; a one-line problem when it cannot be."""
    try:
        text = path.read_text(encoding="utf-8")
        data = yaml.load(text, Loader=loader) or {}  # noqa: S506 - a SafeLoader, by its type
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
