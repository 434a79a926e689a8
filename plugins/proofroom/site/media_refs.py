"""How a version is published: the contract between the media layer and the pages.

The media layer (thumbnails, previews, copies of originals) answers one question per
version, :data:`MediaLookup`; the pages only place what it returns. Every URI here is a
site-root-relative, *unencoded* path (``assets/soldes/héro final.jpg``): the pages make
it relative to themselves and percent-encode each segment.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from proofroom.core.model import Asset, Version


@dataclass(frozen=True)
class PageRef:
    """One page of a PDF, drawn at build time."""

    number: int  # 1-based
    uri: str  # the page's picture, site-root-relative like MediaRef's
    width: int  # of the picture, in pixels
    height: int
    points: tuple[float, float]  # the page's own size, in points (1/72 inch)


@dataclass(frozen=True)
class MediaRef:
    original: str | None  # the original file; None when not available (LFS pointer only)
    display: str | None  # what the browser shows large: the original for web images, else a preview
    thumb: str  # thumbnail, or a placeholder icon
    thumb_width: int
    thumb_height: int
    width: int | None = None  # of the original, when known
    height: int | None = None
    placeholder: bool = False  # ``thumb`` is an icon, not a picture of the content
    warning: str | None = None  # shown next to the version (e.g. "could not read the image")
    duration: float | None = None  # seconds, of a video or audio, when known
    codec: str | None = None  # of a video (h264, vp9, ...), when known
    pages: tuple[PageRef, ...] = ()  # a PDF's pages as pictures (``display`` is the first)
    page_count: int | None = None  # pages in the PDF (more than ``pages`` past the limit)


MediaLookup = Callable[[Version, Asset], MediaRef]


@dataclass(frozen=True)
class DiffRef:
    """A difference image between two versions, made at build time."""

    uri: str  # site-root-relative, like MediaRef's
    changed: float  # share of pixels that differ, 0..1
    width: int
    height: int
    page: int | None = None  # the PDF page compared
    pages: tuple[DiffRef, ...] = ()  # of two PDFs: one per page (this one is the first)


DiffLookup = Callable[[Asset, Version, Version], DiffRef | None]
