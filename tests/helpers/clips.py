"""Short video clips encoded with PyAV for the tests: one frame per colour."""

from __future__ import annotations

from pathlib import Path

import av
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
