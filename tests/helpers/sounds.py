"""Short WAV files made with the standard library's wave module."""

from __future__ import annotations

import io
import wave


def wav_bytes(seconds: int = 1) -> bytes:
    """Silence: mono 16-bit PCM at 8 kHz, ``seconds`` long."""
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(b"\x00\x00" * 8000 * seconds)
    return out.getvalue()
