"""SVG drawn as a picture at build time, so that pages never show the SVG itself.

An SVG is a document: opened on the site's origin it runs its scripts and fetches other
hosts. The pages show a raster drawn here instead (thumbnail and display preview), and
the original is published for download only (:func:`.kinds.download_only`).

resvg (``resvg-py``) draws it: it runs no script and has no network access, but it reads
an ``<image>``'s file from the local disk, from a relative or absolute path. So every
``href`` that is not a fragment (``#id``) or an embedded raster (``data:image/png``...) is
removed before drawing: what the build machine holds never ends up in a picture.
"""

from __future__ import annotations

import importlib.util
import io
import re
import xml.etree.ElementTree as ET

from PIL import Image

XLINK = "{http://www.w3.org/1999/xlink}href"
_KEPT_HREF = re.compile(r"^\s*(#|data:image/(png|jpeg|jpg|gif|webp)[;,])", re.IGNORECASE)
MAX_SVG_BYTES = 32 * 2**20  # larger files get the placeholder and a warning


class SvgError(Exception):
    """An SVG that cannot be drawn; the message says why, in one line."""


def available() -> bool:
    """Whether resvg-py is installed (checked without importing it; else the SVG icon)."""
    return importlib.util.find_spec("resvg_py") is not None


def inert(data: bytes) -> str:
    """The SVG's markup with every reference to another file removed (see the module).

    The standard XML parser expands internal entities and never loads external ones.
    """
    if len(data) > MAX_SVG_BYTES:
        raise SvgError(f"SVG too large (over {MAX_SVG_BYTES // 2**20} MB): export a smaller one")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise SvgError(f"cannot read SVG ({exc}): replace it with a valid SVG") from exc
    for element in root.iter():
        for name in ("href", XLINK):
            value = element.get(name)
            if value is not None and not _KEPT_HREF.match(value):
                del element.attrib[name]
    return ET.tostring(root, encoding="unicode")


def render(data: bytes, size: int) -> Image.Image:
    """The SVG drawn to fit a ``size`` × ``size`` box (aspect kept), as an RGBA image."""
    import resvg_py

    markup = inert(data)
    try:
        png = resvg_py.svg_to_bytes(svg_string=markup, width=size, height=size)
    except ValueError as exc:
        raise SvgError(f"cannot draw SVG ({exc}): replace it with a valid SVG") from exc
    image = Image.open(io.BytesIO(bytes(png)))
    image.load()
    return image
