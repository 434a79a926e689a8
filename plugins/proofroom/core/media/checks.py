"""Every cache file is checked before it is reused: its size always, its content when
anything about the file changed since it was last checked.

When a file is written into the cache, its size and a content hash (BLAKE2b of the
bytes; for an original from git, the blob's own object id, which is its name) go into
the ``checks`` manifest with the file's ``mtime_ns`` and inode. Reusing a file costs one
``stat``: the same size, modification time and inode as at the last check mean the same
bytes (the cache never edits a file in place, it replaces it). Anything else (a file
truncated, emptied, copied over, swapped with another by renaming, replaced by a folder)
gets its content hashed again; a file whose hash differs is bad: it is removed, reported
once (:attr:`Checks.damaged`) and made again by its caller.

A file without a record (a cache made before the checks existed) is hashed once when it
is an original from git (its name is its hash), else trusted unless empty, then recorded.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import stat
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .cache import Manifest

_CHUNK = 1 << 20
_GIT_HASHES = {40: "sha1", 64: "sha256"}  # object id length -> the repository's hash


def blake(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=20).hexdigest()


def _hash_file(path: Path, h: Any) -> str:  # h: a hashlib object
    with open(path, "rb") as f:
        while chunk := f.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()


def git_object_id(path: Path, algorithm: str = "sha1") -> str:
    """The id git gives a blob of this file's bytes (``blob <size>\\0`` + bytes)."""
    h = hashlib.new(algorithm)
    h.update(b"blob %d\0" % path.stat().st_size)
    return _hash_file(path, h)


def _git_key(path: Path) -> str | None:
    """The object id a cached original is named by (``blobs/ab/<id>.<ext>``), if any."""
    if path.parent.parent.name != "blobs":
        return None
    key = path.name.split(".")[0]
    return key if len(key) in _GIT_HASHES else None


def _fingerprint(info: os.stat_result) -> list[int]:
    return [info.st_size, info.st_mtime_ns, info.st_ino]


class Checks:
    """The ``checks`` manifest of one cache: what each file was when last checked."""

    def __init__(self, root: Path, manifest: Manifest) -> None:
        self.root = root
        self._prefix = os.fspath(root).rstrip(os.sep) + os.sep
        self.manifest = manifest
        self.damaged: list[tuple[Path, str]] = []  # (file, what was wrong), once each
        self._lock = threading.Lock()

    def record(self, path: Path, digest: str | None = None) -> None:
        """Remember ``path`` as good (``digest``: the BLAKE2b of its bytes, if known)."""
        try:
            info = path.stat()
            if digest is None and _git_key(path) is None:
                digest = _hash_file(path, hashlib.blake2b(digest_size=20))
        except OSError:
            return
        entry: dict = {"at": _fingerprint(info)}
        if digest is not None:
            entry["blake2b"] = digest
        self.manifest.set(self._rel(path), entry)

    def ok(self, path: Path, size: int | None = None) -> bool:
        """True when ``path`` may be reused; a bad file is removed and reported."""
        try:
            info = os.lstat(path)
        except OSError:
            return False  # not there: a plain miss, made without a word
        problem = self._problem(path, info, size)
        if problem is None:
            return True
        self._discard(path, info, problem)
        return False

    def _problem(self, path: Path, info: os.stat_result, size: int | None) -> str | None:
        if not stat.S_ISREG(info.st_mode):
            return "not a file"
        if size is not None and info.st_size != size:
            return f"{info.st_size} bytes instead of {size}"
        entry = self.manifest.get(self._rel(path))
        at = _fingerprint(info)
        if entry is not None and entry.get("at") == at:
            return None  # unchanged since it was last checked: one stat is enough
        was = entry.get("at") if entry is not None else None
        if isinstance(was, list) and was and was[0] != info.st_size:
            return f"{info.st_size} bytes instead of {was[0]}"
        try:
            found = self._content_problem(path, entry)
        except OSError as exc:
            return f"unreadable ({exc.strerror or exc})"
        if found is None:
            self.manifest.set(self._rel(path), {**(entry or {}), "at": at})
        return found

    def _content_problem(self, path: Path, entry: dict | None) -> str | None:
        key = _git_key(path)
        if key is not None:
            if git_object_id(path, _GIT_HASHES[len(key)]) != key:
                return "other bytes than its name says"
            return None
        if entry is None or not isinstance(entry.get("blake2b"), str):
            return "empty" if path.stat().st_size == 0 else None
        if _hash_file(path, hashlib.blake2b(digest_size=20)) != entry["blake2b"]:
            return "other bytes than were written"
        return None

    def _discard(self, path: Path, info: os.stat_result, problem: str) -> None:
        with contextlib.suppress(OSError):
            if stat.S_ISDIR(info.st_mode):
                shutil.rmtree(path)
            else:
                path.unlink()
        self.manifest.delete(self._rel(path))
        with self._lock:
            self.damaged.append((path, problem))

    def _rel(self, path: Path) -> str:
        """The manifest key: the path under the root (strings, not pathlib: a warm build
        checks thousands of files and pathlib's parsing would cost more than the stats)."""
        text = os.fspath(path)
        if not text.startswith(self._prefix):
            raise ValueError(f"{text} is not in the cache {self.root}")
        rel = text[len(self._prefix) :]
        return rel if os.sep == "/" else rel.replace(os.sep, "/")

    def damaged_keys(self, kind: str) -> set[str]:
        """The keys of the bad entries of ``kind`` found so far (not taken)."""
        with self._lock:
            return {
                Path(p).name.split(".")[0]
                for p, _ in self.damaged
                if Path(p).parent.parent.name == kind
            }

    def take_damaged(self) -> list[tuple[Path, str]]:
        with self._lock:
            found, self.damaged = self.damaged, []
        return found
