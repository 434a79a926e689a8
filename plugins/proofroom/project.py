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
from .core.site_config import CONFIG_NAMES, parse_site_yaml, settings_from_site
from .core.site_config import TolerantLoader as _TolerantLoader
from .core.site_config import plugin_entries as plugin_entries
from .core.site_config import proofroom_entry as proofroom_entry


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
    return Project(config_file=path, settings=settings_from_site(data, path.parent, path.name))


def read_site_yaml(path: Path, loader: type[yaml.SafeLoader]) -> dict:
    """``mkdocs.yml`` parsed with ``loader``; a one-line problem when it cannot be."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ProofroomError(
            f"cannot read the site configuration ({exc.__class__.__name__}): fix the file",
            path=path.name,
        ) from None
    return parse_site_yaml(text, path.name, loader)
