"""Difference images between two versions of an image, made at build time.

A reviewer asked "what changed between v2 and v3?" gets a picture: a faded grey copy of
the newer version with every changed pixel painted over it in a bright colour (stronger
where the change is larger), plus the share of pixels that changed.

Both images are decoded at a bounded size (longest side at most :data:`MAX_SIDE`, JPEG
through draft mode), EXIF-oriented, colour-managed to sRGB and flattened on white, so a
50-megapixel TIFF costs about what a web JPEG does. When the sizes differ, the newer one is
resized to the older one's size: a re-export at another resolution still compares.

A pixel counts as changed when its largest channel difference exceeds :data:`THRESHOLD`
(16 of 255, about 6 %): lossy re-encoding and resampling noise stays below it, while a
moved logo, a new word or a colour grade is well above it.

Results are cached by content: the pair of content ids (older first: order matters, the
picture is drawn over the newer one), with the share in a JSON file beside the image.
Both are written atomically (image first, JSON last), so a killed build never leaves a
share without its image, and a warm build opens no image at all.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageChops, ImageOps

from ..atomic import atomic_write
from .cache import Cache
from .pixels import displayable, to_srgb
from .pool import run_distinct
from .thumbs import MAX_PIXELS, _fit

MAX_SIDE = 1600  # longest side of the decoded images and of the difference image
THRESHOLD = 16  # a pixel changed when its largest channel difference is above this (0..255)
DIFF_RENDERER = "1"  # bump when the output pixels change, to invalidate cached diffs
DIFF_EXT = "jpg"
_AMPLIFY = 4  # a difference of 64 already paints at full strength
_HIGHLIGHT = (255, 0, 144)  # a magenta that no photograph's grey background hides
_BIG_DECODE = 64 * 2**20  # decodes above this many bytes run one at a time


@dataclass(frozen=True)
class DiffResult:
    """What :func:`diff_images` made: the share of changed pixels and the picture's size."""

    changed: float  # 0..1
    width: int
    height: int


@dataclass(frozen=True)
class DiffJob:
    """One pair to compare: content ids (git blob SHA or LFS oid) and the cached files."""

    older: str
    newer: str
    older_path: Path
    newer_path: Path


@dataclass(frozen=True)
class Diff:
    """A difference image in the cache; ``path`` is None when the pair cannot be compared."""

    older: str
    newer: str
    path: Path | None
    changed: float | None
    width: int
    height: int
    made: bool  # computed by this call (False: reused from the cache)

    @property
    def ok(self) -> bool:
        return self.path is not None and self.changed is not None


def diff_key(older: str, newer: str) -> str:
    """The cache key of a pair: both ids, older first, and the renderer settings."""
    settings = f"diff/{DIFF_RENDERER}/{MAX_SIDE}/{THRESHOLD}/{_AMPLIFY}/{DIFF_EXT}"
    digest = hashlib.sha1(settings.encode(), usedforsecurity=False).hexdigest()[:10]
    return f"{older}-{newer}-{digest}"


# -- pixels ------------------------------------------------------------------------------


def _load(path: Path, max_side: int, big: threading.Semaphore | None = None) -> Image.Image:
    """Decode at a bounded size, oriented, in sRGB, flattened on white: always RGB.

    Raises on anything unreadable; callers turn that into "no difference image".
    """
    with Image.open(path) as im:
        width, height = im.size
        if width <= 0 or height <= 0 or width * height > MAX_PIXELS:
            raise ValueError(f"cannot compare an image of {width}x{height} pixels")
        target = _fit(width, height, max_side)
        if im.format == "JPEG" and target != (width, height):
            im.draft("RGB", target)  # the decoder scales by 1/2, 1/4 or 1/8
        decode = im.size[0] * im.size[1] * max(len(im.getbands()), 1)
        with big if big is not None and decode > _BIG_DECODE else contextlib.nullcontext():
            im.load()
            icc = im.info.get("icc_profile")
            oriented = ImageOps.exif_transpose(im)
            pixels = displayable(oriented)
            size = _fit(*pixels.size, max_side)
            if pixels.size != size:
                pixels = pixels.resize(size, Image.Resampling.BILINEAR, reducing_gap=2.0)
    pixels = to_srgb(pixels, icc)
    if pixels.mode in ("LA", "RGBA"):
        rgba = pixels.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    return pixels.convert("RGB")


def compare(
    older: Image.Image, newer: Image.Image, *, threshold: int = THRESHOLD
) -> tuple[Image.Image, float]:
    """The difference picture (at the older image's size) and the share of changed pixels."""
    older = older.convert("RGB")
    newer = newer.convert("RGB")
    if newer.size != older.size:
        newer = newer.resize(older.size, Image.Resampling.BILINEAR)
    delta = ImageChops.difference(older, newer)
    red, green, blue = delta.split()
    largest = ImageChops.lighter(ImageChops.lighter(red, green), blue)  # per pixel, 0..255
    histogram = largest.histogram()
    total = older.size[0] * older.size[1]
    changed = sum(histogram[threshold + 1 :]) / total if total else 0.0
    # Unchanged pixels show the newer version faded; changed ones the highlight, at least
    # half strong so that a change just above the threshold is still seen.
    strength = largest.point(
        [0 if v <= threshold else min(255, 128 + v * _AMPLIFY) for v in range(256)]
    )
    faded = newer.convert("L").point([96 + v // 4 for v in range(256)]).convert("RGB")
    picture = Image.composite(Image.new("RGB", older.size, _HIGHLIGHT), faded, strength)
    return picture, changed


def _encode(picture: Image.Image) -> bytes:
    buf = io.BytesIO()
    picture.save(buf, "JPEG", quality=85, subsampling=0, optimize=True)
    return buf.getvalue()


def diff_images(
    older: Path,
    newer: Path,
    dest: Path,
    *,
    max_side: int = MAX_SIDE,
    threshold: int = THRESHOLD,
) -> DiffResult | None:
    """Compare two image files and write the difference picture (JPEG) to ``dest``.

    Returns None, writing nothing, when either file is not a readable image.
    """
    made = _make(older, newer, max_side, threshold, None)
    if made is None:
        return None
    data, result = made
    atomic_write(dest, data)
    return result


def _make(
    older: Path,
    newer: Path,
    max_side: int,
    threshold: int,
    big: threading.Semaphore | None,
) -> tuple[bytes, DiffResult] | None:
    try:
        a = _load(older, max_side, big)
        b = _load(newer, max_side, big)
        picture, changed = compare(a, b, threshold=threshold)
    except Exception:  # any decoder failure means "no difference image", never a crash
        return None
    return _encode(picture), DiffResult(changed, picture.size[0], picture.size[1])


# -- the cache ---------------------------------------------------------------------------


class DiffMaker:
    """Makes and reuses difference images in ``cache`` (kind ``diffs``: image + JSON)."""

    def __init__(self, cache: Cache, *, workers: int | None = None) -> None:
        self.cache = cache
        self.workers = max(1, workers or os.cpu_count() or 1)
        self._big = threading.BoundedSemaphore(1)
        self._lock = threading.Lock()
        self._busy: dict[str, threading.Lock] = {}

    def get(self, job: DiffJob) -> Diff:
        """One pair, made or reused."""
        key = diff_key(job.older, job.newer)
        with self._key_lock(key):
            reused = self._reuse(job, key)
            if reused is not None:
                return reused
            if not (job.older_path.is_file() and job.newer_path.is_file()):
                # The cause is outside the content (a file not here): remember nothing.
                return Diff(job.older, job.newer, None, None, 0, 0, False)
            made = _make(job.older_path, job.newer_path, MAX_SIDE, THRESHOLD, self._big)
            meta = self.cache.path("diffs", key, "json")
            if made is None:
                atomic_write(meta, json.dumps({"changed": None}).encode())
                return Diff(job.older, job.newer, None, None, 0, 0, True)
            data, result = made
            path = self.cache.write_bytes("diffs", key, DIFF_EXT, data)
            facts = {"changed": result.changed, "width": result.width, "height": result.height}
            atomic_write(meta, json.dumps(facts).encode())
            return Diff(job.older, job.newer, path, result.changed, *_size(result), True)

    def make_all(
        self,
        jobs: Iterable[DiffJob],
        *,
        progress: Callable[[int, int], None] | None = None,
    ) -> dict[tuple[str, str], Diff]:
        """Every pair (one per distinct (older, newer)), in a thread pool."""
        return run_distinct(
            jobs,
            lambda job: (job.older, job.newer),
            self.get,
            workers=self.workers,
            name="proofroom-diff",
            progress=progress,
        )

    def _reuse(self, job: DiffJob, key: str) -> Diff | None:
        try:
            facts = json.loads(self.cache.path("diffs", key, "json").read_bytes())
        except (OSError, ValueError):
            return None
        if not isinstance(facts, dict):
            return None
        if facts.get("changed") is None:
            return Diff(job.older, job.newer, None, None, 0, 0, False)
        path = self.cache.path("diffs", key, DIFF_EXT)
        try:
            changed = float(facts["changed"])
            width, height = int(facts["width"]), int(facts["height"])
        except (KeyError, TypeError, ValueError):
            return None  # a sidecar of the wrong shape: make it again
        if not self.cache.ok(path) or not 0.0 <= changed <= 1.0:
            return None
        return Diff(job.older, job.newer, path, changed, width, height, False)

    @contextlib.contextmanager
    def _key_lock(self, key: str):
        with self._lock:
            lock = self._busy.setdefault(key, threading.Lock())
        with lock:
            yield


def _size(result: DiffResult) -> tuple[int, int]:
    return result.width, result.height
