"""Parsed files kept while they stay the same on disk.

A live preview rebuilds the model on every save; parsing 4,000 decision files and 50
briefs each time is most of that work. The memo keeps each parse with the file's stamp
(size, modification time in nanoseconds, inode) and parses again only what changed.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
Stamp = tuple[int, int, int]


def stamp_of(path: Path) -> Stamp | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ino)


@dataclass
class FileMemo:
    entries: dict[tuple[str, Path], tuple[Stamp, Any]] = field(default_factory=dict)
    hits: int = 0
    parsed: int = 0

    def get(self, kind: str, path: Path, parse: Callable[[], T]) -> T:
        """``parse()``'s result for ``path``, reused while the file is unchanged.

        Callers get a shallow copy, so setting attributes on it (a decision's landing,
        say) never reaches the kept original.
        """
        stamp = stamp_of(path)
        key = (kind, path)
        kept = self.entries.get(key)
        if stamp is not None and kept is not None and kept[0] == stamp:
            self.hits += 1
            return _copied(kept[1])
        value = parse()
        self.parsed += 1
        if stamp is not None:
            self.entries[key] = (stamp, value)
        else:
            self.entries.pop(key, None)
        return _copied(value)


def _copied(value: Any) -> Any:
    """A tuple of results copies its first item (the parsed object); lists are new lists."""
    if isinstance(value, tuple):
        return tuple(_copied(v) for v in value)
    if isinstance(value, list):
        return list(value)
    return copy.copy(value)
