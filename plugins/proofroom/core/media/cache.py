"""A content-addressed cache of derived files (thumbnails, diffs) with JSON manifests.

Files are named by what they are made from (a blob SHA plus a settings key), so a cache
entry never goes stale: a new version of an asset is a new key. The cache lives outside
every watched folder (default ``<workspace>/.cache/proofroom/``) so that writing into it
never triggers a preview reload.

Crash safety: every file is written under a temporary name in its final folder and moved
into place with :func:`os.replace`, so a killed build leaves only complete files. Temporary
names start with ``.`` and end with ``.tmp``; :meth:`Cache.path` never produces such a name.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from ..atomic import atomic_write
from .checks import Checks, blake

try:  # POSIX only; elsewhere saves still merge, without the inter-process lock.
    import fcntl
except ImportError:  # pragma: no cover - not on Linux
    fcntl = None  # type: ignore[assignment]

DEFAULT_DIR = Path(".cache") / "proofroom"
SAVE_EVERY = 1.0  # seconds: a build killed midway loses at most this much manifest work

_KIND = re.compile(r"[a-z0-9][a-z0-9_-]*")
_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
_EXT = re.compile(r"[a-z0-9]+")
_TMP = re.compile(r"\.(?P<name>.+)\.(?P<pid>\d+)-[0-9a-f]+\.tmp")


class Cache:
    """Derived files stored by ``kind`` and ``key`` under one root folder."""

    def __init__(self, root: Path, *, keep_manifests: bool = False) -> None:
        self.root = Path(root)
        # A live preview keeps manifests in memory between builds instead of reading
        # thousands of entries again on each save; saves still merge with the file.
        self._manifests: dict[str, Manifest] | None = {} if keep_manifests else None
        self._checks: Checks | None = None
        self._checks_lock = threading.Lock()

    @classmethod
    def in_workspace(cls, workspace: Path) -> Cache:
        """The default cache of a workspace: ``<workspace>/.cache/proofroom/``."""
        return cls(Path(workspace) / DEFAULT_DIR)

    def path(self, kind: str, key: str, ext: str) -> Path:
        """``root/kind/ab/abcdef….ext``: sharded by the key's first two characters.

        Names are checked so that a key can never climb out of the cache folder.
        """
        ext = ext.removeprefix(".")
        if not _KIND.fullmatch(kind):
            raise ValueError(f"bad cache kind {kind!r}: use lowercase letters, digits, - and _")
        if not _KEY.fullmatch(key):
            raise ValueError(f"bad cache key {key!r}: use letters, digits, - and _")
        if not _EXT.fullmatch(ext):
            raise ValueError(f"bad cache extension {ext!r}: use lowercase letters and digits")
        return self.root / kind / key[:2] / f"{key}.{ext}"

    def has(self, kind: str, key: str, ext: str, *, size: int | None = None) -> bool:
        """True when the entry is here and checked (see :mod:`.checks`): a bad one is
        removed, to be made again, and listed by :meth:`take_damaged`."""
        return self.ok(self.path(kind, key, ext), size=size)

    def ok(self, path: Path, *, size: int | None = None) -> bool:
        """:meth:`has` for a path of this cache."""
        return self.checks.ok(path, size)

    def record(self, path: Path, digest: str | None = None) -> None:
        """Remember a file just written into the cache (by someone else) as good."""
        self.checks.record(Path(path), digest)

    def write_bytes(self, kind: str, key: str, ext: str, data: bytes) -> Path:
        """Store ``data`` atomically, record its size and hash; return its path."""
        path = self.path(kind, key, ext)
        if path.is_dir() and not path.is_symlink():  # a folder in the way: never a result
            shutil.rmtree(path, ignore_errors=True)
        atomic_write(path, data)
        self.checks.record(path, blake(data))
        return path

    @property
    def checks(self) -> Checks:
        with self._checks_lock:
            if self._checks is None:
                manifest = self.manifest("checks")
                self._checks = Checks(self.root, manifest)
            return self._checks

    def take_damaged(self) -> list[tuple[Path, str]]:
        """The bad entries found (and removed) since the last call: (file, what was wrong)."""
        return self.checks.take_damaged()

    def save(self) -> None:
        """Save what the checks learnt (each manifest's owner saves its own)."""
        if self._checks is not None:
            self._checks.manifest.save()

    def manifest(self, name: str, *, save_every: float | None = SAVE_EVERY) -> Manifest:
        """The manifest ``name``; it saves itself every ``save_every`` seconds of changes."""
        if not _KIND.fullmatch(name):
            raise ValueError(f"bad manifest name {name!r}: use lowercase letters, digits, - and _")
        if self._manifests is not None and name in self._manifests:
            return self._manifests[name]
        manifest = Manifest(
            self.root / f"{name}.manifest.json",
            root=self.root,
            save_every=save_every,
            check=None if name == "checks" else self.ok,
        )
        if self._manifests is not None:
            self._manifests[name] = manifest
        return manifest

    def relative(self, path: Path) -> str:
        """``path`` relative to the cache root, with forward slashes (for manifests)."""
        return Path(path).relative_to(self.root).as_posix()

    def sweep(self) -> int:
        """Delete temporary files left by killed processes; return how many.

        A temporary file belongs to a live writer when its process still runs: those stay.
        """
        removed = 0
        if not self.root.is_dir():
            return 0
        for tmp in self.root.rglob(".*.tmp"):
            m = _TMP.fullmatch(tmp.name)
            if not m or _alive(int(m["pid"])):
                continue
            with contextlib.suppress(OSError):
                tmp.unlink()
                removed += 1
        return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists but not ours
        return True
    return True


class Manifest:
    """A JSON object ``key -> small dict`` of facts about cached files.

    It spares reopening files (a thumbnail's size, a warning) on warm builds. A damaged
    manifest (truncated, not JSON, wrong type) is ignored and rebuilt. An entry that
    names a cache file with ``"file"`` (relative to the cache root) is trusted only while
    that file exists and passes ``check`` (the cache's :meth:`Cache.ok`). :meth:`save`
    re-reads the file under a lock and merges, so two
    processes saving at once both keep their entries. Thread-safe.

    With ``save_every``, changes are also saved while they come: the first at once, then
    at most that often (and never more than a tenth of the time). A build killed midway
    keeps the facts of the files it finished; the next build reuses them.
    """

    def __init__(
        self,
        path: Path,
        *,
        root: Path | None = None,
        save_every: float | None = None,
        check: Callable[[Path], bool] | None = None,
    ) -> None:
        self.path = Path(path)
        self.check = check  # verifies a named cache file before its entry is trusted
        self.root = Path(root) if root is not None else self.path.parent
        self._lock = threading.Lock()
        self._data: dict[str, dict] = self._read()
        self._dirty: dict[str, dict | None] = {}  # None: deleted
        self.save_every = save_every
        self._due = time.monotonic()  # the first change is saved at once, then every so often

    def _read(self) -> dict[str, dict]:
        try:
            raw = json.loads(self.path.read_bytes())
        except (OSError, ValueError):
            return {}
        if not isinstance(raw, dict):
            return {}
        return {k: v for k, v in raw.items() if isinstance(k, str) and isinstance(v, dict)}

    def _trusted(self, value: dict) -> bool:
        file = value.get("file")
        if file is None:
            return True
        if not isinstance(file, str) or not file or file.startswith("/") or ".." in file:
            return False
        if self.check is not None:
            return self.check(self.root / file)
        return (self.root / file).is_file()

    def get(self, key: str) -> dict | None:
        with self._lock:
            value = self._data.get(key)
        if value is None or not self._trusted(value):
            return None
        return dict(value)

    def set(self, key: str, value: dict) -> None:
        value = dict(value)
        with self._lock:
            self._data[key] = value
            self._dirty[key] = value
        self._save_if_due()

    def delete(self, key: str) -> None:
        with self._lock:
            self._data.pop(key, None)
            self._dirty[key] = None
        self._save_if_due()

    def _save_if_due(self) -> None:
        if self.save_every is not None and time.monotonic() >= self._due:
            self.save()

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def keys(self) -> Iterator[str]:
        with self._lock:
            return iter(list(self._data))

    @property
    def dirty(self) -> bool:
        return bool(self._dirty)

    def save(self) -> None:
        """Merge our changes into what is on disk now, then replace the file atomically."""
        with self._lock:
            if not self._dirty:
                return
            started = time.monotonic()
            changes = self._dirty
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with _file_lock(self.path.with_name(self.path.name + ".lock")):
                merged = self._read()
                for key, value in changes.items():
                    if value is None:
                        merged.pop(key, None)
                    else:
                        merged[key] = value
                data = json.dumps(merged, sort_keys=True, separators=(",", ":")).encode()
                atomic_write(self.path, data)
            self._dirty = {}
            self._data = merged
            now = time.monotonic()
            self._due = now + max(self.save_every or 0.0, 10 * (now - started))


@contextlib.contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    if fcntl is None:  # pragma: no cover - not on Linux
        yield
        return
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
