"""Writes that never leave half a file, and never replace what someone wrote.

Every file Proofroom writes goes through a temporary sibling (named ``.<name>.<pid>-<hex>.tmp``,
which no cache path can equal, so a cache sweep can recognise leftovers of a killed write)
and is moved into place in one step: :func:`atomic_write` replaces, :func:`create_new`
refuses to replace.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path


def temp_path(final: Path) -> Path:
    """A temporary sibling of ``final`` that no cache path can ever equal."""
    return final.with_name(f".{final.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")


def atomic_write(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary sibling and :func:`os.replace`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_path(path)
    try:
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return path


def _write_synced(fh, data: bytes) -> None:
    fh.write(data)
    fh.flush()
    os.fsync(fh.fileno())


def link_new(tmp: Path, dest: Path, data: bytes) -> bool:
    """Give ``tmp``'s content (``data``) the name ``dest`` unless a file has it; False
    when taken. A hard link is atomic and fails rather than replace; where links are
    not possible, an exclusive create (removed again if the write fails)."""
    try:
        os.link(tmp, dest)
        return True
    except FileExistsError:
        return False
    except OSError:
        pass  # no hard links on this file system: exclusive create instead
    try:
        fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except FileExistsError:
        return False
    try:
        with os.fdopen(fd, "wb") as fh:
            _write_synced(fh, data)
    except BaseException:
        dest.unlink(missing_ok=True)  # ours: never leave half a file behind
        raise
    return True


def create_new(path: Path, data: bytes) -> bool:
    """Write ``data`` at ``path`` only if no file has that name; False when it has one.
    Nothing the user wrote is ever replaced, even a file that appears meanwhile."""
    tmp = temp_path(path)
    try:
        with open(tmp, "xb") as fh:
            _write_synced(fh, data)
        return link_new(tmp, path, data)
    finally:
        tmp.unlink(missing_ok=True)
