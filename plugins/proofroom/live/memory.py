"""What one build may keep for the next: a plain build keeps nothing.

The build and the MkDocs adapter ask a :class:`Memory` at every point where a live
preview could reuse the last build's work (the model, the media store, the pages, the
page files MkDocs reads, what is already in the site folder). This class does the plain
thing everywhere; :class:`~proofroom.live.preview.Preview` keeps. So neither the build
nor the adapter asks whether it runs under a preview.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from ..core.inputs.guest_decisions import SecretSource
from ..core.media.cache import Cache
from ..core.model import Asset, Campaign, Workspace
from ..core.settings import Settings
from ..core.workspace import load_workspace

if TYPE_CHECKING:
    from ..core.media.store import MediaStore


class Built(Protocol):
    """What a memory reads of the build it serves (``build.Built`` has it)."""

    settings: Settings
    workspace: Workspace
    media: MediaStore
    now: datetime
    pages: list


T = TypeVar("T")


class Pages:
    """Which generated pages are made again: on a plain build, every one."""

    def dashboard(self, src_uri: str, make: Callable[[], T]) -> T:
        return make()

    def campaign(self, campaign: Campaign) -> Pages:
        """The pages of one campaign (a preview compares them with its last build)."""
        return self

    def stub(self, src_uri: str, make: Callable[[], T]) -> T:
        return make()

    def review(self, src_uri: str, asset: Asset, make: Callable[[], T]) -> T:
        return make()

    def finish(self, pages: Iterable[Any]) -> None:
        """Every page of this build is known."""


class Memory:
    """A plain build: reads everything, makes every page, keeps nothing."""

    working_copy = False  # uncommitted files shown when the plugin's option is not set
    quick = False  # media: check the cache once per build rather than trust the last one
    # Checks guests' signatures while the model is read; the adapter sets it (None: only
    # the rest of a guest decision is checked: share, recipient, scope, dates, rights).
    secret: SecretSource | None = None

    # -- the build -----------------------------------------------------------------

    def workspace(self, settings: Settings, now: datetime) -> Workspace:
        return load_workspace(settings, now=now, secret=self.secret)[0]

    def cache(self, settings: Settings) -> Cache:
        return Cache(settings.cache_root)

    def media(self, store: MediaStore) -> None:
        """``store`` is this build's media store (a preview hands it last build's)."""

    def pages(self, build: Built) -> Pages:
        return Pages()

    def placed(self) -> set[str]:
        """Media URIs already in the site folder (content-named: the same file)."""
        return set()

    def published(self, uris: set[str]) -> None:
        """``uris`` are in the site folder now."""

    # -- the MkDocs adapter --------------------------------------------------------

    def configure(self, config: Any) -> None:
        """Adjust MkDocs' configuration before a build."""

    def environment(self, env: Any) -> None:
        """Adjust the Jinja environment MkDocs renders with."""

    def page_file(self, config: Any, src_uri: str, content: str, page: Any) -> Any:
        """The MkDocs file of a generated page: its content, in memory."""
        from mkdocs.structure.files import File

        return File.generated(config, src_uri, content=content)

    def files_ready(self, files: Any, config: Any, build: Built) -> None:
        """MkDocs has every file of this build."""

    def watch(self, server: Any, settings: Settings) -> None:
        """What the preview server watches besides the docs folder."""

    def close(self) -> None:
        """The build (or the preview) is over: drop what was kept."""
