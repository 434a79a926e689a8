"""Media kinds by file extension: image, svg, video, audio, pdf or other; and which
originals are published for download only.

Pure names, no Pillow at import: the model and the site read kinds without loading an
image library. Which raster formats count as ``image`` still depends on the Pillow
build (AVIF and HEIC vary), so that one set is asked of Pillow on first use.
"""

from __future__ import annotations

from functools import cache

RASTER_CANDIDATES = (
    "jpg jpeg jpe png gif webp tif tiff bmp avif heic heif psd".split()  # noqa: SIM905
)
VIDEO = frozenset({"mp4", "mov", "webm", "m4v"})
AUDIO = frozenset({"mp3", "wav", "m4a", "aac", "ogg", "flac"})
WEB_IMAGE = frozenset({"jpg", "jpeg", "png", "gif", "webp", "avif", "bmp"})
"""Raster extensions a browser displays directly in ``<img>`` (SVG: a raster drawn from it)."""
INERT = frozenset(RASTER_CANDIDATES) | VIDEO | AUDIO | {"pdf"}
"""Originals published under their own extension: pictures, sounds and PDFs, which a
browser shows (or saves) without running anything on the site's origin. Anything else
(SVG, HTML, XHTML, XML, XSL, unknown types) may be a document with scripts."""
DOWNLOAD_SUFFIX = "bin"
"""Appended to the name of an original published for download only: every common static
host (and Python's, MkDocs' and ``proofroom serve``'s server) serves ``.bin`` as
``application/octet-stream``, which browsers save instead of rendering."""


@cache
def pillow_reads() -> frozenset[str]:
    """The candidate extensions this Pillow build can open, asked once when first needed."""
    from PIL import Image

    registered = Image.registered_extensions()
    return frozenset(e for e in RASTER_CANDIDATES if registered.get(f".{e}") in Image.OPEN)


def ext_of(name: str) -> str:
    """The lowercase extension of a file name or path, without the dot ('' when none)."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    return base.rsplit(".", 1)[1].lower() if "." in base.strip(".") else ""


def kind_of(name: str) -> str:
    """``image | svg | video | audio | pdf | other``, from the extension.

    ``image`` means a raster this Pillow can read, so it can have a real thumbnail.
    Pillow is only consulted for raster candidates, never for other files.
    """
    ext = ext_of(name)
    if ext in RASTER_CANDIDATES and ext in pillow_reads():
        return "image"
    if ext == "svg":
        return "svg"
    if ext in VIDEO:
        return "video"
    if ext in AUDIO:
        return "audio"
    if ext == "pdf":
        return "pdf"
    return "other"


def download_only(name: str) -> bool:
    """Whether the original of ``name`` is published only in a form browsers download
    (not in :data:`INERT`: SVG, HTML, XML, unknown types, files without extension)."""
    return ext_of(name) not in INERT


def published_name(stem: str, ext: str) -> str:
    """The site file name of an original: ``<stem>.<ext>``, or ``<stem>.<ext>.bin`` for
    one published for download only (``<stem>.bin`` when ``ext`` is already ``bin``)."""
    if ext in INERT:
        return f"{stem}.{ext}"
    return f"{stem}.{DOWNLOAD_SUFFIX}" if ext in ("", DOWNLOAD_SUFFIX) else f"{stem}.{ext}.bin"
