"""Pixels made ready for the web: the thumbnail settings, any image mode brought to one a
browser shows, colours converted to sRGB, and encoding without metadata.

Shared by thumbnails, PDF pages, difference images and renditions; it draws and decodes
nothing itself, so each of those can use it without importing the others.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageCms

RENDERER_VERSION = "2"  # bump when output pixels change, to invalidate cached thumbnails
_OUTPUT_EXT = {"webp": "webp", "jpeg": "jpg", "png": "png"}


@dataclass(frozen=True)
class ThumbSettings:
    size: int = 480  # longest side in px
    format: str = "webp"  # webp | jpeg | png
    quality: int = 80

    def __post_init__(self) -> None:
        if self.format not in _OUTPUT_EXT:
            raise ValueError(f"thumbnail format {self.format!r}: use webp, jpeg or png")
        if not 16 <= self.size <= 4096:
            raise ValueError(f"thumbnail size {self.size}: use 16 to 4096 pixels")
        if not 1 <= self.quality <= 100:
            raise ValueError(f"thumbnail quality {self.quality}: use 1 to 100")

    @property
    def ext(self) -> str:
        return _OUTPUT_EXT[self.format]

    def key(self) -> str:
        """Short stable hash of the settings and the renderer version."""
        text = f"thumb/{RENDERER_VERSION}/{self.size}/{self.format}/{self.quality}"
        return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()[:10]


@dataclass(frozen=True)
class ThumbJob:
    blob: str  # git blob SHA: with the settings, the cache key
    name: str  # file name; its extension decides the kind
    source: Path | Callable[[], bytes]  # a file on disk, or a function returning the bytes


def displayable(im: Image.Image) -> Image.Image:
    """Bring any Pillow mode to L, LA, RGB, RGBA or CMYK (kept for its ICC profile)."""
    mode = im.mode
    if mode in ("L", "RGB") and "transparency" in im.info:
        return im.convert("RGBA")
    if mode in ("L", "LA", "RGB", "RGBA", "CMYK"):
        return im
    if mode in ("P", "PA"):
        has_alpha = mode == "PA" or "transparency" in im.info
        return im.convert("RGBA" if has_alpha else "RGB")
    if mode == "1":
        return im.convert("L")
    if mode.startswith("I;16"):
        return im.convert("I").point(lambda v: v / 256).convert("L")
    if mode in ("I", "F"):
        high = im.getextrema()[1]
        assert isinstance(high, int | float)  # one band (I or F): (min, max) are numbers
        if mode == "F" and high <= 1.0:
            scale = 255.0
        elif high <= 255:
            scale = 1.0
        elif high <= 65535:
            scale = 1 / 256
        else:
            scale = 255 / high
        return im.point(lambda v: v * scale).convert("L")
    if mode in ("La", "RGBa", "LA;16B"):
        return im.convert("RGBA")
    return im.convert("RGB")  # RGBX, YCbCr, LAB, HSV, ...


_SRGB = ImageCms.createProfile("sRGB")


def to_srgb(im: Image.Image, icc: bytes | None) -> Image.Image:
    """Apply the embedded colour profile so that pixels are sRGB (profiles are stripped)."""
    if im.mode == "CMYK" and not icc:
        return im.convert("RGB")
    if not icc or im.mode not in ("RGB", "RGBA", "CMYK"):
        return im
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        if im.mode != "CMYK" and "srgb" in ImageCms.getProfileDescription(profile).lower():
            return im
        alpha = im.getchannel("A") if im.mode == "RGBA" else None
        base = im.convert("RGB") if alpha is not None else im
        rgb = ImageCms.profileToProfile(base, profile, _SRGB, outputMode="RGB")
    except Exception:  # an unusable profile: keep the pixels as they are
        return im.convert("RGB") if im.mode == "CMYK" else im
    if rgb is None:  # pragma: no cover - only with inPlace=True
        return im
    if alpha is not None:
        rgb.putalpha(alpha)
    return rgb


def for_format(im: Image.Image, fmt: str) -> Image.Image:
    """Modes the output format supports (``fmt``: jpeg, webp, png, any case); alpha kept
    (webp, png) or flattened on white (jpeg)."""
    fmt = fmt.lower()
    if im.mode in ("LA", "RGBA") and im.getchannel("A").getextrema()[0] == 255:
        im = im.convert("L" if im.mode == "LA" else "RGB")  # fully opaque: drop the alpha
    if fmt == "jpeg" and im.mode in ("LA", "RGBA"):
        rgba = im.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    if fmt == "webp" and im.mode in ("L", "LA"):
        return im.convert("RGB" if im.mode == "L" else "RGBA")
    return im


def encode(im: Image.Image, settings: ThumbSettings) -> bytes:
    """Encode without any metadata (no EXIF, no ICC, no text): same pixels, same bytes."""
    clean = Image.new(im.mode, im.size)
    clean.paste(im)
    buf = io.BytesIO()
    if settings.format == "webp":
        clean.save(buf, "WEBP", quality=settings.quality, method=2)
    elif settings.format == "jpeg":
        clean.save(buf, "JPEG", quality=settings.quality, optimize=True)
    else:
        clean.save(buf, "PNG", compress_level=6)
    return buf.getvalue()
