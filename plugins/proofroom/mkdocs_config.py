"""Typed configuration of the ``proofroom`` MkDocs plugin; defaults are the settings' own."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

from .core.settings import PRIVACY, THUMBNAIL_FORMATS, option_default


def _str(option: str) -> c.Type:
    return c.Type(str, default=option_default(option))


class ProofroomConfig(base.Config):
    enabled = c.Type(bool, default=True)
    # Folders relative to the folder of mkdocs.yml (the workspace root).
    assets_dir = _str("assets_dir")
    reviews_dir = _str("reviews_dir")
    cache_dir = _str("cache_dir")
    thumbnail_size = c.Type(int, default=option_default("thumbnail_size"))
    thumbnail_format = c.Choice(THUMBNAIL_FORMATS, default=option_default("thumbnail_format"))
    branch = _str("branch")
    # Show uncommitted files as a "working copy" version; default: only under `serve`.
    working_copy = c.Optional(c.Type(bool))
    # Parallel workers for thumbnails; default: one per core.
    workers = c.Optional(c.Type(int))
    # public: the site in clear; private: only ciphertext, opened with review links.
    privacy = c.Choice(PRIVACY, default=option_default("privacy"))

    def options(self) -> dict[str, object]:
        """The options that shape the settings (``enabled`` is the plugin's own)."""
        return {k: v for k, v in self.items() if k != "enabled"}
