"""The workspace's settings, read once and passed down: the one place for their defaults.

The MkDocs plugin builds them from its validated options, the CLI from ``mkdocs.yml``
read as plain YAML; everything below (the model, the media store, the pages) takes this
object rather than a dozen loose arguments, so a default can never differ between the
build, the preview and a command.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

THUMBNAIL_FORMATS = ("webp", "jpeg", "png")
# public: the site as built, readable by whoever has its address; private: only
# ciphertext is published and guests open it with their review link.
PRIVACY = ("public", "private")
ASSETS_DIR = "assets"  # the defaults functions below the settings fall back to
REVIEWS_DIR = "reviews"

# Plugin option name -> settings field, where they differ.
_OPTION_FIELDS = {"branch": "ref"}


@dataclass(frozen=True)
class Settings:
    """Where things live (relative to ``root``, the folder of ``mkdocs.yml``) and how
    the site is made."""

    root: Path
    content_dir: str = "content"  # MkDocs' docs_dir
    assets_dir: str = ASSETS_DIR
    reviews_dir: str = REVIEWS_DIR
    # Outside every watched folder, so writing the cache never triggers a reload.
    cache_dir: str = ".cache/proofroom"
    thumbnail_size: int = 480  # longest side, in pixels
    thumbnail_format: str = "webp"  # one of THUMBNAIL_FORMATS
    # The git ref whose first-parent history gives the versions (plugin option `branch`).
    ref: str = "HEAD"
    working_copy: bool = False  # show uncommitted files as a "working copy" version
    workers: int | None = None  # thumbnail threads; None: one per core
    language: str = "en"  # the theme's language
    repo_url: str | None = None
    site_name: str = ""
    site_url: str | None = None  # where the site is served; review links start with it
    privacy: str = "public"  # one of PRIVACY; private: only ciphertext (never in a preview)

    @property
    def briefs_dir(self) -> str:
        return f"{self.content_dir}/campaigns"

    @property
    def cache_root(self) -> Path:
        """The cache folder as an absolute path."""
        folder = Path(self.cache_dir)
        return folder if folder.is_absolute() else self.root / folder

    @property
    def branch_name(self) -> str:
        """The branch named on pages ("main" when the ref is the checkout's HEAD)."""
        return "main" if self.ref in ("HEAD", "") else self.ref

    def with_options(self, options: Mapping[str, object]) -> Settings:
        """These settings with the plugin's options (as named in ``mkdocs.yml``) laid
        over them; unknown names are left to whoever validates the options."""
        known = {f.name for f in fields(self)} - {"root"}
        given: dict[str, Any] = {_OPTION_FIELDS.get(k, k): v for k, v in options.items()}
        return replace(self, **{k: v for k, v in given.items() if k in known and v is not None})


def option_default(option: str) -> object:
    """The default of the plugin option ``option``: the settings' own."""
    return getattr(Settings, _OPTION_FIELDS.get(option, option))


def folder_setting(path: Path, root: Path) -> str:
    """A folder as settings name it: relative to the workspace root when inside it."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
