"""Placing files into the built site without copying their bytes when possible.

Media files are large and many; a build that copies every one of them again is slow and
doubles disk use. A hard link costs nothing. Sources are cache files (never modified in
place) or the workspace's own files, and the site is only ever replaced, never edited in
place, so sharing an inode is safe. A file already in place (same inode, or same size and
modification time) is left alone, so a rebuild touches only what changed.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..atomic import temp_path


def _same(src: os.stat_result, dest: os.stat_result) -> bool:
    if (src.st_dev, src.st_ino) == (dest.st_dev, dest.st_ino):
        return True
    return src.st_size == dest.st_size and src.st_mtime_ns == dest.st_mtime_ns


def place(src: Path, dest: Path, *, link: bool = True) -> bool:
    """Put ``src`` at ``dest``: hard link (unless ``link`` is false), else copy; atomic.
    True when something was written.

    A copy takes the source's modification time, so the next call sees it as in place.
    Raises ``OSError`` (``FileNotFoundError``) when ``src`` cannot be read.
    """
    src, dest = Path(src), Path(dest)
    info = src.stat()
    with contextlib.suppress(FileNotFoundError, NotADirectoryError):
        if _same(info, dest.stat()):
            return False
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_path(dest)
    try:
        linked = False
        if link:
            with contextlib.suppress(OSError):  # another filesystem, no links, too many
                os.link(src, tmp)
                linked = True
        if not linked:
            shutil.copyfile(src, tmp)
            os.utime(tmp, ns=(info.st_atime_ns, info.st_mtime_ns))
        os.replace(tmp, dest)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return True


def place_many(pairs: Iterable[tuple[Path, Path]], *, workers: int | None = 8) -> int:
    """:func:`place` every ``(src, dest)`` pair using a few threads; count those written."""
    items = list(pairs)
    if not items:
        return 0
    if workers == 1 or len(items) == 1:
        return sum(place(src, dest) for src, dest in items)
    with ThreadPoolExecutor(workers, "proofroom-place") as pool:
        return sum(pool.map(lambda pair: place(*pair), items))
