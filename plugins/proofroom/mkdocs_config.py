"""Typed configuration of the ``proofroom`` MkDocs plugin."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class ProofroomConfig(base.Config):
    enabled = c.Type(bool, default=True)
    # Folders relative to the folder of mkdocs.yml (the workspace root).
    assets_dir = c.Type(str, default="assets")
    reviews_dir = c.Type(str, default="reviews")
    # Outside every watched folder, so writing the cache never triggers a reload.
    cache_dir = c.Type(str, default=".cache/proofroom")
    thumbnail_size = c.Type(int, default=480)
    thumbnail_format = c.Choice(("webp", "jpeg", "png"), default="webp")
    # The git ref whose first-parent history gives the versions (the published site: main).
    branch = c.Type(str, default="HEAD")
    # Show uncommitted files as a "working copy" version; default: only under `serve`.
    working_copy = c.Optional(c.Type(bool))
    # Parallel workers for thumbnails; default: one per core.
    workers = c.Optional(c.Type(int))
