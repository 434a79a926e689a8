"""Difference images on real Pillow images: shares, sizes, odd modes, damage, the cache."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from PIL import Image

from proofroom.core.media.cache import Cache
from proofroom.core.media.diff import (
    MAX_SIDE,
    THRESHOLD,
    DiffJob,
    DiffMaker,
    compare,
    diff_images,
    diff_key,
)

A = "a" * 40
B = "b" * 40


def save(path: Path, image: Image.Image, fmt: str | None = None, **kw) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, format=fmt, **kw)
    return path


def halves(size: tuple[int, int], left: tuple, right: tuple) -> Image.Image:
    """An image whose left half is ``left`` and right half ``right``."""
    im = Image.new("RGB", size, left)
    im.paste(right, (size[0] // 2, 0, size[0], size[1]))
    return im


def test_identical_images_change_nothing(tmp_path: Path) -> None:
    im = halves((200, 120), (200, 30, 30), (30, 30, 200))
    older = save(tmp_path / "a.png", im)
    newer = save(tmp_path / "b.png", im.copy())
    result = diff_images(older, newer, tmp_path / "out.jpg")
    assert result is not None
    assert result.changed == 0.0
    assert (result.width, result.height) == (200, 120)
    with Image.open(tmp_path / "out.jpg") as out:
        assert out.format == "JPEG" and out.size == (200, 120)


def test_half_changed_is_half(tmp_path: Path) -> None:
    older = save(tmp_path / "a.png", Image.new("RGB", (200, 100), (200, 30, 30)))
    newer = save(tmp_path / "b.png", halves((200, 100), (200, 30, 30), (30, 30, 200)))
    result = diff_images(older, newer, tmp_path / "out.jpg")
    assert result is not None
    assert result.changed == pytest.approx(0.5, abs=0.01)
    with Image.open(tmp_path / "out.jpg") as out:
        rgb = out.convert("RGB")
        unchanged, changed = rgb.getpixel((20, 50)), rgb.getpixel((180, 50))
    # Unchanged pixels are a faded grey; changed ones the saturated highlight.
    assert max(unchanged) - min(unchanged) < 20
    assert changed[0] > 200 and changed[1] < 60


def test_small_differences_stay_below_the_threshold() -> None:
    base = Image.new("RGB", (100, 100), (120, 120, 120))
    noisy = Image.new("RGB", (100, 100), (120 + THRESHOLD, 120, 120 - THRESHOLD))
    _, changed = compare(base, noisy)
    assert changed == 0.0
    _, changed = compare(base, Image.new("RGB", (100, 100), (121 + THRESHOLD, 120, 120)))
    assert changed == 1.0


def test_different_sizes_compare_at_the_older_size(tmp_path: Path) -> None:
    older = save(tmp_path / "a.png", halves((300, 200), (10, 10, 10), (250, 250, 250)))
    newer = save(tmp_path / "b.png", halves((600, 400), (10, 10, 10), (250, 250, 250)))
    result = diff_images(older, newer, tmp_path / "out.jpg")
    assert result is not None
    assert (result.width, result.height) == (300, 200)
    assert result.changed < 0.02  # only the resampled edge can differ


def test_large_jpeg_is_decoded_within_the_bound(tmp_path: Path) -> None:
    older = save(tmp_path / "a.jpg", Image.new("RGB", (4000, 2000), (30, 200, 30)), quality=90)
    newer = save(
        tmp_path / "b.jpg", halves((4000, 2000), (30, 200, 30), (200, 30, 200)), quality=90
    )
    result = diff_images(older, newer, tmp_path / "out.jpg")
    assert result is not None
    assert (result.width, result.height) == (MAX_SIDE, MAX_SIDE // 2)
    assert result.changed == pytest.approx(0.5, abs=0.02)


def test_cmyk_and_alpha_inputs(tmp_path: Path) -> None:
    # A transparent image is compared as if on white: against white, nothing changed.
    clear = save(tmp_path / "clear.png", Image.new("RGBA", (80, 60), (255, 0, 0, 0)))
    white = save(tmp_path / "white.png", Image.new("RGB", (80, 60), (255, 255, 255)))
    result = diff_images(clear, white, tmp_path / "alpha.jpg")
    assert result is not None and result.changed == 0.0
    # CMYK: pure cyan against RGB red is a full change, and it still compares.
    cyan = save(tmp_path / "cyan.jpg", Image.new("CMYK", (80, 60), (255, 0, 0, 0)), quality=95)
    red = save(tmp_path / "red.jpg", Image.new("RGB", (80, 60), (255, 0, 0)), quality=95)
    result = diff_images(cyan, red, tmp_path / "cmyk.jpg")
    assert result is not None and result.changed > 0.99
    # Palette with transparency, and 16-bit grey, are brought to RGB too.
    palette = Image.new("P", (80, 60), 0)
    palette.putpalette([255, 255, 255] * 256)
    pal = save(tmp_path / "pal.png", palette, transparency=0)
    grey = save(tmp_path / "grey.png", Image.new("I;16", (80, 60), 65535))
    result = diff_images(pal, grey, tmp_path / "modes.jpg")
    assert result is not None and result.changed == 0.0


def test_exif_orientation_is_applied(tmp_path: Path) -> None:
    upright = halves((100, 200), (250, 250, 250), (10, 10, 10))  # portrait as displayed
    stored = upright.transpose(Image.Transpose.ROTATE_90)  # landscape pixels on disk
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90 clockwise to display"
    older = save(tmp_path / "a.jpg", stored, exif=exif.tobytes(), quality=95)
    newer = save(tmp_path / "b.jpg", upright, quality=95)
    result = diff_images(older, newer, tmp_path / "out.jpg")
    assert result is not None
    assert (result.width, result.height) == (100, 200)
    assert result.changed < 0.05


@pytest.mark.parametrize(
    "content",
    [b"not an image at all", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, b""],
    ids=["text", "truncated-png", "empty"],
)
def test_unreadable_file_gives_none(tmp_path: Path, content: bytes) -> None:
    good = save(tmp_path / "good.png", Image.new("RGB", (40, 30), (1, 2, 3)))
    bad = tmp_path / "bad.png"
    bad.write_bytes(content)
    assert diff_images(good, bad, tmp_path / "out.jpg") is None
    assert diff_images(bad, good, tmp_path / "out.jpg") is None
    assert not (tmp_path / "out.jpg").exists()


def test_truncated_jpeg_gives_none(tmp_path: Path) -> None:
    buf = io.BytesIO()
    Image.new("RGB", (400, 300), (9, 9, 9)).save(buf, "JPEG")
    cut = tmp_path / "cut.jpg"
    cut.write_bytes(buf.getvalue()[: len(buf.getvalue()) // 3])
    good = save(tmp_path / "good.jpg", Image.new("RGB", (400, 300), (9, 9, 9)))
    assert diff_images(good, cut, tmp_path / "out.jpg") is None


def job(tmp_path: Path, older: str = A, newer: str = B) -> DiffJob:
    a = save(tmp_path / "src/a.png", Image.new("RGB", (120, 80), (200, 30, 30)))
    b = save(tmp_path / "src/b.png", halves((120, 80), (200, 30, 30), (30, 30, 200)))
    return DiffJob(older, newer, a, b)


def test_cache_reuses_without_making_anything(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache")
    first = DiffMaker(cache).get(job(tmp_path))
    assert first.made and first.ok
    assert first.changed == pytest.approx(0.5, abs=0.01)
    sidecar = cache.path("diffs", diff_key(A, B), "json")
    assert json.loads(sidecar.read_text())["changed"] == first.changed
    stamp = first.path.stat().st_mtime_ns
    second = DiffMaker(cache).get(job(tmp_path))  # a new maker: a later build
    assert not second.made
    assert (second.path, second.changed, second.width, second.height) == (
        first.path,
        first.changed,
        first.width,
        first.height,
    )
    assert first.path.stat().st_mtime_ns == stamp
    assert not list(cache.root.rglob("*.tmp"))  # atomic writes leave no temporary file


def test_order_matters(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache")
    small = save(tmp_path / "small.png", Image.new("RGB", (120, 80), (200, 30, 30)))
    large = save(tmp_path / "large.png", Image.new("RGB", (240, 160), (30, 30, 200)))
    forward = DiffJob(A, B, small, large)
    backward = DiffJob(B, A, large, small)
    made = DiffMaker(cache, workers=2).make_all([forward, backward, forward])
    assert list(made) == [(A, B), (B, A)]
    assert made[(A, B)].path != made[(B, A)].path
    assert diff_key(A, B) != diff_key(B, A)
    # The older one sets the size of the comparison.
    assert (made[(A, B)].width, made[(B, A)].width) == (120, 240)


def test_unreadable_pair_is_remembered(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache")
    good = save(tmp_path / "good.png", Image.new("RGB", (40, 30), (1, 2, 3)))
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"garbage")
    pair = DiffJob(A, B, good, bad)
    first = DiffMaker(cache).get(pair)
    assert not first.ok and first.path is None and first.made
    again = DiffMaker(cache).get(pair)
    assert not again.ok and not again.made  # not tried twice


def test_missing_source_is_not_remembered(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache")
    pair = job(tmp_path)
    gone = DiffJob(A, B, pair.older_path, tmp_path / "nowhere.png")
    assert not DiffMaker(cache).get(gone).ok
    assert DiffMaker(cache).get(pair).ok  # the file came back: it is made


def test_damaged_sidecar_is_made_again(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache")
    DiffMaker(cache).get(job(tmp_path))
    cache.path("diffs", diff_key(A, B), "json").write_text('{"changed": ')
    again = DiffMaker(cache).get(job(tmp_path))
    assert again.made and again.ok
