"""Facts and a poster frame of a video, read with PyAV (FFmpeg bundled in its wheels).

``av`` is imported inside the functions: without it this module still imports and every
function answers ``None``, so videos keep their placeholder instead of breaking a build.
Nothing here raises on a damaged file; the caller turns ``None`` into a warning.

Phones store a portrait clip as landscape frames plus a rotation (a display matrix, or
the older ``rotate`` tag): facts give the size as shown and posters come out upright, so
channel checks and pages see what a viewer sees.
"""

from __future__ import annotations

import contextlib
import importlib.util
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

if TYPE_CHECKING:
    from PIL import Image

MAX_FRAMES = 240  # decoded frames at most per poster: a damaged stream cannot run away
POSTER_AT = 1.0  # seconds; or 10% of the duration when that is earlier

Source = Path | str | BinaryIO


@dataclass(frozen=True)
class VideoFacts:
    width: int
    height: int
    duration: float | None  # seconds; None when the container does not say
    codec: str  # FFmpeg's short name: h264, hevc, vp9, av1, mpeg4, prores, ...
    fps: float | None
    rotation: int = 0  # degrees clockwise the stored frames turn to show: 0, 90, 180, 270


@lru_cache(maxsize=1)
def available() -> bool:
    """Whether PyAV is installed (checked without importing it)."""
    return importlib.util.find_spec("av") is not None


def probe(source: Source) -> VideoFacts | None:
    """Size, duration, codec and frame rate of the first video stream; None if unreadable."""
    if not available():
        return None
    try:
        with _open(source) as container:
            stream = _video_stream(container)
            if stream is None:
                return None
            ctx = stream.codec_context
            if not ctx.width or not ctx.height:
                return None
            rate = stream.average_rate or stream.guessed_rate
            duration = _duration(container, stream)
            rotation = _stream_rotation(container, stream)
            width, height = int(ctx.width), int(ctx.height)
            return VideoFacts(
                width=height if rotation in (90, 270) else width,
                height=width if rotation in (90, 270) else height,
                duration=duration,
                codec=str(ctx.name or stream.codec.name),
                fps=float(rate) if rate else None,
                rotation=rotation,
            )
    except Exception:  # any FFmpeg or container error: not a readable video
        return None
    finally:
        _rewind(source)


def audio_facts(source: Source) -> tuple[float | None, str] | None:
    """Duration (seconds) and codec of the first audio stream; None if unreadable."""
    if not available():
        return None
    try:
        with _open(source) as container:
            if not container.streams.audio:
                return None
            stream = container.streams.audio[0]
            codec = str(stream.codec_context.name or stream.codec.name)
            return _duration(container, stream), codec
    except Exception:  # any FFmpeg or container error: the icon, without facts
        return None
    finally:
        _rewind(source)


def poster(
    source: Source, at: float | None = None, *, max_frames: int = MAX_FRAMES
) -> Image.Image | None:
    """One RGB frame, upright: at ``at`` seconds, else at 10% of the duration or 1 s,
    whichever is earlier. Seeks to the keyframe before, decodes forward (at most
    ``max_frames``); falls back to the first frame. None when no frame can be decoded."""
    if not available():
        return None
    try:
        with _open(source) as container:
            stream = _video_stream(container)
            if stream is None:
                return None
            if at is None:
                duration = _duration(container, stream)
                at = min(duration * 0.1, POSTER_AT) if duration else 0.0
            frame = _frame_at(container, stream, at, max_frames) if at > 0 else None
            turn = _frame_rotation(stream, frame) if frame is not None else 0
        if frame is None:
            _rewind(source)
            with _open(source) as container:
                stream = _video_stream(container)
                if stream is None:
                    return None
                frame = _frame_at(container, stream, 0.0, max_frames)
                turn = _frame_rotation(stream, frame) if frame is not None else 0
        return upright(frame.to_image(), turn) if frame is not None else None
    except Exception:  # any FFmpeg or container error: no poster, the placeholder stays
        return None
    finally:
        _rewind(source)


def upright(image: Image.Image, rotation: int) -> Image.Image:
    """A stored frame turned ``rotation`` degrees clockwise, as players show it."""
    from PIL import Image

    turns = {
        90: Image.Transpose.ROTATE_270,  # Pillow's ROTATE_* turn counter-clockwise
        180: Image.Transpose.ROTATE_180,
        270: Image.Transpose.ROTATE_90,
    }
    return image.transpose(turns[rotation]) if rotation in turns else image


# -- helpers -------------------------------------------------------------------------------


def _open(source: Source):  # -> av.container.InputContainer
    import av

    target = str(source) if isinstance(source, Path | str) else source
    return av.open(target, mode="r", metadata_errors="ignore")


def _video_stream(container):  # -> av.VideoStream | None
    return container.streams.video[0] if container.streams.video else None


def _duration(container, stream) -> float | None:
    """Seconds, from the container, else from the stream; None when neither says."""
    import av

    if container.duration and container.duration > 0:
        return container.duration / av.time_base
    if stream.duration and stream.time_base:
        return float(stream.duration * stream.time_base)
    return None


def _frame_at(container, stream, at: float, max_frames: int):  # -> av.VideoFrame | None
    """The first decoded frame at or after ``at`` (or the last one decoded within the
    bound); a seek lands on the keyframe before ``at``."""
    start = float((stream.start_time or 0) * stream.time_base) if stream.time_base else 0.0
    if at > 0 and stream.time_base:
        offset = int(at / stream.time_base) + (stream.start_time or 0)
        container.seek(offset, stream=stream, backward=True, any_frame=False)
    found = None
    for count, frame in enumerate(container.decode(stream), 1):
        found = frame
        if frame.time is None or frame.time >= start + at or count >= max_frames:
            break
    return found


def _quarter(clockwise: float) -> int:
    """0, 90, 180 or 270 for a rotation that is a quarter turn (within a degree), else 0."""
    turns = clockwise / 90
    nearest = round(turns)
    return (nearest % 4) * 90 if abs(turns - nearest) * 90 <= 1 else 0


def _tag_rotation(stream) -> int | None:
    """The older ``rotate`` tag (clockwise degrees) that FFmpeg before 6 exported."""
    tag = (stream.metadata or {}).get("rotate")
    try:
        return _quarter(float(tag)) if tag is not None else None
    except ValueError:
        return None


def _frame_rotation(stream, frame) -> int:
    """Clockwise degrees for a decoded frame: the tag, else the frame's display matrix
    (``VideoFrame.rotation`` is counter-clockwise; absent in old PyAV: no rotation)."""
    tag = _tag_rotation(stream)
    if tag is not None:
        return tag
    return _quarter(-float(getattr(frame, "rotation", 0) or 0))


def _stream_rotation(container, stream) -> int:
    """The rotation of a stream, read from its first decodable frame (FFmpeg copies the
    container's display matrix onto frames); 0 when no frame decodes within the bound."""
    tag = _tag_rotation(stream)
    if tag is not None:
        return tag
    with contextlib.suppress(Exception):  # facts without a rotation beat no facts
        for count, packet in enumerate(container.demux(stream), 1):
            for frame in packet.decode():
                return _frame_rotation(stream, frame)
            if count >= MAX_FRAMES:
                break
    return 0


def _rewind(source: Source) -> None:
    """Leave a file object at its start for the next reader."""
    if not isinstance(source, Path | str):
        with contextlib.suppress(AttributeError, OSError, ValueError):
            source.seek(0)
