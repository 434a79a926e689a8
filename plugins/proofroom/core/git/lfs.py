"""Git LFS pointer files: small blobs that stand in for a large file stored elsewhere.

A pointer's blob SHA is the version identity (decisions bind to it); the pointer tells
the real file's sha256 and size, which the site shows. The real bytes are only used when
they are present in the working tree (GitHub Pages would serve the pointer).
"""

from __future__ import annotations

import re
from pathlib import Path

from proofroom.core.model import LfsPointer

POINTER_MAX = 1024  # pointer files are always smaller than this (git-lfs spec)
SPEC_LINE = b"version https://git-lfs.github.com/spec/v1"
# The shortest valid pointer: spec line, 64-hex oid line and "size 0", each with "\n".
POINTER_MIN = len(SPEC_LINE) + 1 + len(b"oid sha256:") + 64 + 1 + len(b"size 0\n")

_OID = re.compile(rb"sha256:([0-9a-f]{64})")
_SIZE = re.compile(rb"(0|[1-9][0-9]*)")


def parse_pointer(data: bytes) -> LfsPointer | None:
    """The pointer held in ``data``, or None when ``data`` is not an LFS pointer.

    Follows the spec strictly enough to never mistake a real file for a pointer: the
    first line is the spec version, ``oid sha256:<64 hex>`` and ``size <n>`` are present.
    """
    if len(data) >= POINTER_MAX or not data.startswith(SPEC_LINE + b"\n"):
        return None
    oid: str | None = None
    size: int | None = None
    for line in data.split(b"\n")[1:]:
        if not line:
            continue
        key, sep, value = line.partition(b" ")
        if not sep:
            return None
        if key == b"oid":
            match = _OID.fullmatch(value)
            if not match:
                return None
            oid = match.group(1).decode("ascii")
        elif key == b"size":
            if not _SIZE.fullmatch(value):
                return None
            size = int(value)
    if oid is None or size is None:
        return None
    return LfsPointer(oid=oid, size=size)


def pointer_bytes(pointer: LfsPointer) -> bytes:
    """The canonical pointer file text for ``pointer`` (what `git lfs` writes)."""
    return b"%s\noid sha256:%s\nsize %d\n" % (SPEC_LINE, pointer.oid.encode("ascii"), pointer.size)


def real_file_present(path: Path, pointer: LfsPointer) -> bool:
    """True when ``path`` holds the real file rather than the pointer (cheap: size only).

    After `git lfs pull` the working tree holds the real bytes; without it, the pointer.
    """
    try:
        if path.is_symlink() or not path.is_file() or path.stat().st_size != pointer.size:
            return False
        return pointer.size >= POINTER_MAX or parse_pointer(path.read_bytes()) is None
    except OSError:
        return False
