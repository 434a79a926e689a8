"""Short video clips encoded with PyAV for the tests: one frame per colour."""

from __future__ import annotations

import random
from pathlib import Path

import av
import pytest
from PIL import Image


def encodes(codec: str) -> bool:
    """Whether this PyAV build can encode with ``codec``."""
    try:
        av.codec.Codec(codec, "w")
    except Exception:
        return False
    return True


def encode(
    path: Path,
    colours: list[tuple[int, int, int]],
    *,
    size: tuple[int, int] = (64, 48),
    fps: int = 12,
    codec: str,
    rotation: float | None = None,
) -> Path:
    """One frame per colour; ``rotation`` (counter-clockwise degrees, PyAV's sense) is
    written as the container's display matrix, as phones do."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with av.open(str(path), "w") as container:
        stream = container.add_stream(codec, rate=fps)
        stream.width, stream.height = size
        stream.pix_fmt = "yuv420p"
        if rotation is not None:
            stream.set_display_rotation(rotation)
        for colour in colours:
            frame = av.VideoFrame.from_image(Image.new("RGB", size, colour))
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return path


# The quadrant clip: red frames with a blue top-left quadrant (as stored).
RED, BLUE = (200, 30, 30), (30, 30, 200)


def encoder() -> str:
    """An MP4 video encoder of this PyAV build (skips the test without one)."""
    for name in ("libx264", "mpeg4"):
        if encodes(name):
            return name
    pytest.skip("PyAV without an MP4 encoder")
    raise AssertionError  # unreachable


def quadrant_clip(
    path: Path, size: tuple[int, int], rotation: float | None, frames: int = 6
) -> Path:
    """Red frames with a blue top-left quadrant (as stored); ``rotation`` is PyAV's
    counter-clockwise degrees (a phone held upright writes -90: turn 90° clockwise)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    picture = Image.new("RGB", size, RED)
    picture.paste(BLUE, (0, 0, size[0] // 2, size[1] // 2))
    with av.open(str(path), "w") as container:
        stream = container.add_stream(encoder(), rate=12)
        stream.width, stream.height = size
        stream.pix_fmt = "yuv420p"
        if rotation is not None:
            stream.set_display_rotation(rotation)
        for _ in range(frames):
            for packet in stream.encode(av.VideoFrame.from_image(picture)):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return path


def blue_corner(im: Image.Image) -> str:
    """Which corner of a picture is blue."""
    w, h = im.size
    corners = {"top-left": (2, 2), "top-right": (w - 3, 2), "bottom-left": (2, h - 3)}
    corners["bottom-right"] = (w - 3, h - 3)
    rgb = im.convert("RGB")
    blue = [name for name, xy in corners.items() if rgb.getpixel(xy)[2] > rgb.getpixel(xy)[0]]
    assert len(blue) == 1, blue
    return blue[0]


def noise_clip(
    path: Path, *, seconds: int, size: tuple[int, int] = (320, 240), fps: int = 12
) -> Path:
    """VP8 in WebM of random frames at a high bit rate, so a few seconds weigh megabytes
    (what a test of large media needs); a key frame every second, so a player can seek."""
    rng = random.Random(7)
    path.parent.mkdir(parents=True, exist_ok=True)
    with av.open(str(path), "w") as container:
        stream = container.add_stream("libvpx", rate=fps)
        stream.width, stream.height = size
        stream.pix_fmt = "yuv420p"
        stream.bit_rate = 8_000_000
        stream.codec_context.gop_size = fps
        stream.options = {"deadline": "realtime", "cpu-used": "8"}
        for _ in range(seconds * fps):
            picture = Image.frombytes("RGB", size, rng.randbytes(size[0] * size[1] * 3))
            for packet in stream.encode(av.VideoFrame.from_image(picture)):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return path
