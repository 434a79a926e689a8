"""``mkdocs.yml`` as plain YAML: the settings it gives, without MkDocs.

The CLI reads the work tree's file (``project.py``) and ``validate --base`` the base's
(``git show``): both go through :func:`settings_from_site`, so the folders a pull
request is checked against are read the way every command reads them.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from .problems import ProofroomError
from .settings import Settings

CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")


class TolerantLoader(yaml.SafeLoader):
    """Safe loading that turns unknown tags (``!ENV``, ``!!python/name:``) into None."""


def _unknown(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


TolerantLoader.add_multi_constructor("!", _unknown)
TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _unknown)


def parse_site_yaml(text: str, name: str, loader: type[yaml.SafeLoader] = TolerantLoader) -> dict:
    """The text of ``mkdocs.yml`` parsed with ``loader``; one-line problem when it cannot be."""
    try:
        data = yaml.load(text, Loader=loader) or {}  # noqa: S506 - a SafeLoader, by its type
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", -1) + 1
        what = getattr(exc, "problem", None) or exc.__class__.__name__
        raise ProofroomError(
            f"cannot read the site configuration ({what}): fix the YAML",
            path=name,
            line=max(line, 0),
        ) from None
    if not isinstance(data, dict):
        raise ProofroomError("the site configuration must be a mapping", path=name, line=1)
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


def _plain(options: dict) -> dict[str, object]:
    """Options as the CLI reads them, without MkDocs' validation: folders and refs as
    text; anything else as written (the build validates it)."""
    text = ("assets_dir", "reviews_dir", "cache_dir", "branch")
    return {
        k: str(v) if k in text and v is not None else v
        for k, v in options.items()
        if k != "working_copy"  # commands read the committed branch; only a preview shows more
    }


def settings_from_site(data: dict, root: Path, config_name: str) -> Settings:
    """The settings a parsed ``mkdocs.yml`` gives for the workspace at ``root``."""
    plugin_cfg = proofroom_entry(data.get("plugins"), config_name)
    theme = data.get("theme") or {}
    repo_url = data.get("repo_url")
    site_url = data.get("site_url")
    settings = Settings(
        root=root,
        content_dir=str(data.get("docs_dir") or "docs"),  # MkDocs' own default
        language=str(theme.get("language", "en")) if isinstance(theme, dict) else "en",
        repo_url=repo_url if isinstance(repo_url, str) else None,
        site_name=str(data.get("site_name", "")),
        site_url=site_url if isinstance(site_url, str) and site_url.strip() else None,
    )
    return settings.with_options(_plain(plugin_cfg))
