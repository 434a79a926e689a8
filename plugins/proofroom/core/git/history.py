"""Asset histories from git, read in one pass.

Version N of a path is the N-th first-parent commit of the built ref that changed the
path's content (blob SHA); merges, squashes and rebases all "land" at that first-parent
commit. The whole history comes from ONE ``git log`` process parsed as a stream, and
blob sizes / LFS pointers from ONE ``git cat-file --batch-command`` process: calling git
once per file is what makes git-based documentation plugins slow on large histories.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import os
import re
import stat
import subprocess
import tempfile
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, NamedTuple

from proofroom.core.atomic import temp_path
from proofroom.core.git.lfs import POINTER_MAX, POINTER_MIN, parse_pointer
from proofroom.core.model import AssetHistory, Commit, LfsPointer, Person, Version
from proofroom.core.problems import ProofroomError

DEFAULT_PREFIXES = ("assets/", "reviews/")
_CHUNK = 1 << 20
_HEX = re.compile(r"[0-9a-f]{4,64}")
_MARK = b"\x01proofroom-commit"
# One NUL-separated record per commit; the message comes last (it may hold any bytes).
_FORMAT = "%x00%x01proofroom-commit%x00%H%x00%P%x00%aN%x00%aE%x00%at%x00%cN%x00%cE%x00%ct%x00%B%x00"
_HEADER_FIELDS = 9
# git maps pack files into memory up to 8 GiB by default: reading every blob of a
# multi-GiB pack then shows as GiBs of resident memory. Small windows keep it bounded.
_BOUNDED_MAPS = ("-c", "core.packedGitLimit=256m", "-c", "core.packedGitWindowSize=32m")
# `git log` reads commits and trees spread over the pack: wider windows, still bounded
# (unbounded, a 10,000-asset history showed 615 MB resident; this: 111 MB, as fast).
_LOG_MAPS = ("-c", "core.packedGitLimit=1g", "-c", "core.packedGitWindowSize=256m")
_TEXT_EXT = (".yml", ".yaml", ".md", ".json", ".txt", ".csv")


@dataclass
class History:
    """Everything read from git for one build."""

    head: str | None  # sha of the ref tip; None in an empty repository
    files: dict[str, AssetHistory] = field(default_factory=dict)  # by current path
    commits: dict[str, Commit] = field(default_factory=dict)  # every commit parsed, by sha


# ---------------------------------------------------------------------------- running git


def _env() -> dict[str, str]:
    """Git's environment: literal pathspecs, no optional index locks, stable messages."""
    env = dict(os.environ)
    env.update(
        GIT_LITERAL_PATHSPECS="1",
        GIT_OPTIONAL_LOCKS="0",  # `git status` must not take index.lock while users work
        GIT_TERMINAL_PROMPT="0",
        LC_ALL="C",
    )
    return env


def _not_installed() -> ProofroomError:
    return ProofroomError(
        "git is not installed or not on PATH: install git (https://git-scm.com/downloads) "
        "and run the command again"
    )


def _missing(cwd: Path) -> ProofroomError:
    """FileNotFoundError from subprocess: either the folder or git itself is missing."""
    if not Path(cwd).is_dir():
        return ProofroomError(f"{cwd} is not a folder: give the folder of your workspace")
    return _not_installed()


def _popen(root: Path, args: list[str], **kw) -> subprocess.Popen:
    try:
        return subprocess.Popen(["git", *args], cwd=root, env=_env(), **kw)
    except FileNotFoundError:
        raise _missing(root) from None


def _out(proc: subprocess.Popen) -> IO[bytes]:
    """The output pipe of a process started with ``stdout=PIPE`` (never None then)."""
    assert proc.stdout is not None
    return proc.stdout


def _in(proc: subprocess.Popen) -> IO[bytes]:
    """The input pipe of a process started with ``stdin=PIPE``."""
    assert proc.stdin is not None
    return proc.stdin


def _git(
    root: Path, *args: str, input: bytes | None = None, check: bool = True
) -> subprocess.CompletedProcess[bytes]:
    """Run one git command to completion; raise ProofroomError on failure when ``check``."""
    try:
        proc = subprocess.run(
            ["git", *args], cwd=root, env=_env(), input=input, capture_output=True, check=False
        )
    except FileNotFoundError:
        raise _missing(root) from None
    if check and proc.returncode != 0:
        raise ProofroomError(f"`git {args[0]}` failed in {root}: {_first_line(proc.stderr)}")
    return proc


def _first_line(stderr: bytes) -> str:
    text = stderr.decode("utf-8", errors="replace").strip()
    lines = [ln.removeprefix("fatal: ").removeprefix("error: ") for ln in text.splitlines()]
    return lines[0] if lines else "no message from git"


_SHALLOW = (
    "the repository at {root} is a shallow clone, so every file would look as if it "
    "changed in the oldest fetched commit: fetch the full history with "
    "`git fetch --unshallow` (in GitHub Actions, set `fetch-depth: 0` on actions/checkout)"
)


def remote_url(top: Path, name: str = "origin") -> str | None:
    """The fetch URL of a remote, or None (no such remote, or not a repository)."""
    proc = _git(top, "config", "--get", f"remote.{name}.url", check=False)
    url = proc.stdout.decode("utf-8", errors="replace").strip()
    return url if proc.returncode == 0 and url else None


def open_repo(path: Path) -> Path:
    """The top level of the git work tree holding ``path``.

    Raises ProofroomError (exit 2) when git is missing, ``path`` is not inside a work
    tree, or the clone is shallow (versions and dates would be wrong, not just slow).
    """
    path = Path(path)
    if not path.exists():
        raise ProofroomError(f"{path} does not exist: give the folder of your workspace")
    cwd = path if path.is_dir() else path.parent
    proc = _git(cwd, "rev-parse", "--show-toplevel", "--is-shallow-repository", check=False)
    if proc.returncode != 0:
        message = _first_line(proc.stderr)
        if "not a git repository" in message:
            raise ProofroomError(
                f"{path} is not inside a git repository: run `git init` there and commit "
                "your files (or `proofroom init` for a new workspace)"
            )
        if "dubious ownership" in message:
            raise ProofroomError(
                f"git refuses to read {path} because the folder belongs to another user: "
                "if you trust it, run `git config --global --add safe.directory <folder>`"
            )
        if "work tree" in message:
            raise ProofroomError(
                f"{path} is inside a bare git repository or a .git folder: run the command "
                "from a checkout (a folder with your files), e.g. after `git clone`"
            )
        raise ProofroomError(f"git cannot read the repository at {path}: {message}")
    lines = proc.stdout.decode("utf-8", errors="surrogateescape").splitlines()
    top = Path(lines[0])
    if len(lines) > 1 and lines[1].strip() == "true":
        raise ProofroomError(_SHALLOW.format(root=top))
    return top


# ---------------------------------------------------------------------------- blobs


def _check_sha(sha: str) -> bytes:
    """Object names go to cat-file's command stream: hex only, so no command injection."""
    if not isinstance(sha, str) or not _HEX.fullmatch(sha.lower()):
        raise ValueError(f"not a git object id: {sha!r}")
    return sha.lower().encode("ascii")


def _parse_header(line: bytes, sha: str) -> int:
    """The size from a cat-file header line; ProofroomError when the object is absent."""
    if not line:
        raise ProofroomError("`git cat-file` stopped unexpectedly: is the repository readable?")
    parts = line.split()
    if len(parts) == 3 and parts[2].isdigit():
        return int(parts[2])
    what = parts[-1].decode("ascii", errors="replace") if parts else "unreadable"
    if what == "ambiguous":
        raise ProofroomError(f"git object name {sha} is ambiguous: give the full SHA")
    raise ProofroomError(
        f"git object {sha} is {what} in the repository: fetch the full history "
        "(`git fetch --unshallow`, or `git lfs pull` for LFS files)"
    )


class BlobReader:
    """Reads blobs through one long-running ``git cat-file --batch-command`` process.

    Thread-safe: one request at a time under a lock (page builders share one reader).
    The process starts lazily and restarts if a request was interrupted midway.
    """

    def __init__(self, root: Path) -> None:
        self._root = Path(root)
        self._lock = threading.Lock()
        self._proc: subprocess.Popen | None = None
        self._closed = False

    def __enter__(self) -> BlobReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _start(self) -> subprocess.Popen:
        if self._closed:
            raise ValueError("BlobReader is closed")
        if self._proc is None:
            self._proc = _popen(
                self._root,
                [*_BOUNDED_MAPS, "cat-file", "--batch-command"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
        return self._proc

    def _ask(self, command: bytes, sha: str) -> tuple[subprocess.Popen, int]:
        name = _check_sha(sha)
        proc = self._start()
        try:
            _in(proc).write(command + b" " + name + b"\n")
            _in(proc).flush()
        except BrokenPipeError:
            self._stop()
            raise ProofroomError("`git cat-file` stopped unexpectedly") from None
        return proc, _parse_header(_out(proc).readline(), sha)

    def size(self, sha: str) -> int:
        """Size in bytes of the object (for an LFS file: the pointer's size)."""
        with self._lock:
            return self._ask(b"info", sha)[1]

    def read(self, sha: str) -> bytes:
        """The whole content of the object."""
        with self._lock:
            proc, size = self._ask(b"contents", sha)
            try:
                data = _out(proc).read(size)
                if len(data) != size or _out(proc).read(1) != b"\n":
                    raise ProofroomError("`git cat-file` stopped in the middle of an object")
                return data
            except BaseException:
                self._stop()
                raise

    def write_to(self, sha: str, dest: Path) -> None:
        """Stream the object into ``dest`` by chunks; atomic (temp file + os.replace)."""
        dest = Path(dest)
        with self._lock:
            proc, size = self._ask(b"contents", sha)
            tmp = temp_path(dest)  # names the writer: a killed build's leftovers are swept
            failure: BaseException | None = None
            out: IO[bytes] | None = None
            try:
                try:
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
                    out = os.fdopen(fd, "wb")
                except OSError as exc:
                    failure = exc
                remaining = size
                while remaining:
                    chunk = _out(proc).read(min(_CHUNK, remaining))
                    if not chunk:
                        raise ProofroomError("`git cat-file` stopped in the middle of an object")
                    remaining -= len(chunk)
                    if out is not None and failure is None:
                        try:
                            out.write(chunk)
                        except OSError as exc:  # keep draining: the stream must stay in step
                            failure = exc
                if _out(proc).read(1) != b"\n":
                    raise ProofroomError("`git cat-file` stopped in the middle of an object")
            except BaseException:
                self._stop()
                failure = failure or ProofroomError("interrupted")
                raise
            finally:
                if out is not None:
                    try:
                        out.close()
                    except OSError as exc:
                        failure = failure or exc
                if failure is not None:
                    tmp.unlink(missing_ok=True)
            if failure is not None:
                raise failure
            try:
                os.replace(tmp, dest)
            except OSError:
                tmp.unlink(missing_ok=True)
                raise

    def _stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        with contextlib.suppress(OSError):
            _in(proc).close()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        _out(proc).close()

    def close(self) -> None:
        with self._lock:
            self._stop()
            self._closed = True


def _write_all(stream: IO[bytes], lines: list[bytes]) -> None:
    try:
        stream.write(b"".join(lines))
        stream.flush()
    except (BrokenPipeError, ValueError):
        pass  # the reader reports the failure


def _blob_infos(
    root: Path, blobs: Iterable[str], lfs_candidates: set[str] | None = None
) -> dict[str, tuple[int, LfsPointer | None]]:
    """Size and LFS pointer of every blob, through one buffered cat-file process.

    Phase one asks ``info`` for all blobs, phase two reads the content of blobs small
    enough to be LFS pointers. A writer thread feeds commands so neither pipe can fill
    up and deadlock.
    """
    # In history order, not sorted: a pack stores objects in about that order, so the
    # bounded map windows slide along it instead of being remapped for nearly every
    # object (3 to 7 times faster on a 4 GB pack, memory as small).
    wanted = list(dict.fromkeys(blobs))  # from git itself: no need to check them
    result: dict[str, tuple[int, LfsPointer | None]] = {}
    if not wanted:
        return result
    proc = _popen(
        root,
        [*_BOUNDED_MAPS, "cat-file", "--batch-command", "--buffer"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    try:
        sizes: dict[str, int] = {}
        writer = threading.Thread(
            target=_write_all,
            args=(_in(proc), [b"info %s\n" % s.encode() for s in wanted] + [b"flush\n"]),
            daemon=True,
        )
        writer.start()
        readline = _out(proc).readline
        for sha in wanted:
            sizes[sha] = _parse_header(readline(), sha)
        writer.join()
        small = [
            s
            for s in wanted
            if POINTER_MIN <= sizes[s] < POINTER_MAX
            and (lfs_candidates is None or s in lfs_candidates)
        ]
        writer = threading.Thread(
            target=_write_all,
            args=(_in(proc), [b"contents %s\n" % s.encode() for s in small] + [b"flush\n"]),
            daemon=True,
        )
        writer.start()
        pointers: dict[str, LfsPointer | None] = {}
        for sha in small:
            size = _parse_header(_out(proc).readline(), sha)
            data = _out(proc).read(size + 1)[:size]
            pointers[sha] = parse_pointer(data)
        writer.join()
        for sha in wanted:
            result[sha] = (sizes[sha], pointers.get(sha))
    finally:
        with contextlib.suppress(OSError):
            _in(proc).close()
        _out(proc).close()
        proc.wait()
    return result


# ---------------------------------------------------------------------------- git log


class _Entry(NamedTuple):
    """One changed path of one commit (against its first parent); symlinks count as absent."""

    src: str | None  # old path when the old side is a regular file
    dst: str | None  # new path when the new side is a regular file
    old_blob: str
    new_blob: str
    rename: bool


_new_entry = functools.partial(tuple.__new__, _Entry)  # skips NamedTuple's slower __new__


def _is_file(mode: bytes) -> bool:
    return mode[:3] == b"100"  # 100644, 100755 (120000 symlink, 160000 submodule)


def _path(raw: bytes) -> str:
    return raw.decode("utf-8", "surrogateescape")  # any file name round-trips to disk


def _text(raw: bytes) -> str:
    return raw.decode("utf-8", errors="replace")


def _when(raw: bytes) -> datetime:
    try:
        return datetime.fromtimestamp(int(raw), tz=UTC)
    except (ValueError, OverflowError, OSError):
        return datetime.fromtimestamp(0, tz=UTC)


def _commit(fields: list[bytes]) -> Commit:
    h, p, an, ae, at, cn, ce, ct, msg = fields
    return Commit(
        sha=h.decode("ascii"),
        parents=tuple(p.decode("ascii").split()),
        author=Person(_text(an), _text(ae)),
        authored_at=_when(at),
        committer=Person(_text(cn), _text(ce)),
        committed_at=_when(ct),
        message=_text(msg).rstrip("\n"),
    )


_BETWEEN, _HEADER, _SRC, _DST = range(4)


def _parse_log(
    stream: IO[bytes],
) -> tuple[dict[str, Commit], dict[str, list[_Entry]], dict[str, int]]:
    """Commits, their changed paths and their position (0 = newest) from the log stream.

    A flat state machine over NUL-separated tokens, chunk by chunk: paths and messages
    are taken by position, so no file name or message byte can be mistaken for syntax.
    """
    commits: dict[str, Commit] = {}
    entries: dict[str, list[_Entry]] = {}
    order: dict[str, int] = {}
    current: list[_Entry] = []
    header: list[bytes] = []
    state = _BETWEEN
    meta: list[bytes] = []
    src = b""
    rest = b""
    while True:
        chunk = stream.read(_CHUNK)
        if not chunk:
            break
        tokens = (rest + chunk).split(b"\0")
        rest = tokens.pop()
        for tok in tokens:
            if state == _BETWEEN:
                if tok == _MARK:
                    header = []
                    state = _HEADER
                elif tok[:1] == b":" or tok[:2] == b"\n:":
                    meta = tok.lstrip(b"\n")[1:].split(b" ")
                    if len(meta) < 5:
                        raise ProofroomError(f"unexpected `git log` output: {_text(tok)!r}")
                    state = _DST if meta[4][:1] in (b"R", b"C") else _SRC
                    src = b""
                elif tok.strip(b"\n"):
                    raise ProofroomError(f"unexpected `git log` output: {_text(tok[:80])!r}")
            elif state == _HEADER:
                header.append(tok)
                if len(header) == _HEADER_FIELDS:
                    commit = _commit(header)
                    commits[commit.sha] = commit
                    order[commit.sha] = len(order)
                    current = entries[commit.sha] = []
                    state = _BETWEEN
            elif state == _DST and not src:
                src = tok  # a rename's source; the destination comes next
            else:
                old_mode, new_mode, old_blob, new_blob, status = meta[:5]
                new = _path(tok)
                old = _path(src) if src else new
                entry = (
                    old if _is_file(old_mode) else None,
                    new if _is_file(new_mode) else None,
                    old_blob.decode("ascii"),
                    new_blob.decode("ascii"),
                    status[:1] == b"R",
                )
                current.append(_new_entry(entry))
                state = _BETWEEN
    if state != _BETWEEN or rest.strip(b"\n"):
        raise ProofroomError("`git log` output ended unexpectedly")
    return commits, entries, order


def _run_log(
    root: Path, head: str, prefixes: tuple[str, ...]
) -> tuple[dict[str, Commit], dict[str, list[_Entry]], dict[str, int]]:
    """The one `git log` over the whole history reachable from ``head``.

    --full-history --sparse keep every commit (default simplification would hide merges
    and side commits when a pathspec is given); --diff-merges=first-parent diffs merges
    against the branch they landed on; --date-order lists children before parents.
    """
    args = [
        *_LOG_MAPS,
        "log",
        "--full-history",
        "--sparse",
        "--date-order",
        "--diff-merges=first-parent",
        "--root",
        "--raw",
        "--no-abbrev",
        "-z",
        "-M",
        "--no-color",
        "--no-show-signature",
        "--no-ext-diff",
        f"--format={_FORMAT}",
        head,
        "--",
        *prefixes,
    ]
    with tempfile.TemporaryFile() as err:
        proc = _popen(root, args, stdout=subprocess.PIPE, stderr=err)
        try:
            parsed = _parse_log(_out(proc))
        except BaseException:
            proc.kill()
            raise
        finally:
            _out(proc).close()
            code = proc.wait()
        if code != 0:
            err.seek(0)
            raise ProofroomError(f"`git log` failed in {root}: {_first_line(err.read())}")
    return parsed


def _made_index(
    introduced: list[str], commits: dict[str, Commit], entries: dict[str, list[_Entry]], order
) -> tuple[dict[tuple[str, str], str], dict[str, str]]:
    """Who produced which content on a merged side: newest non-merge commit first."""
    ranked = sorted(introduced, key=lambda s: (len(commits[s].parents) > 1, order[s]))
    by_path: dict[tuple[str, str], str] = {}
    by_blob: dict[str, str] = {}
    for sha in ranked:
        for e in entries[sha]:
            if e.dst is None or e.new_blob == e.old_blob:
                continue  # deletions, pure renames and mode changes produce no content
            by_path.setdefault((e.dst, e.new_blob), sha)
            by_blob.setdefault(e.new_blob, sha)
    return by_path, by_blob


def _add_version(
    history: AssetHistory,
    path: str,
    blob: str,
    *,
    landed: Commit | None,
    made: Commit | None,
    size: int,
    lfs: LfsPointer | None = None,
) -> bool:
    """Append a version unless the content is unchanged; return whether one was added."""
    versions = history.versions
    if versions and not history.deleted and versions[-1].blob == blob:
        return False
    same_as = next((v.number for v in versions if v.blob == blob), None)
    versions.append(
        Version(
            number=len(versions) + 1,
            path=path,
            blob=blob,
            size=size,
            landed=landed,
            made=made,
            same_as=same_as,
            working_copy=landed is None,
            lfs=lfs,
        )
    )
    history.deleted = False
    return True


def _first_parent_chain(head: str, commits: dict[str, Commit]) -> list[str]:
    """The first-parent history of ``head``, oldest first."""
    chain: list[str] = []
    sha: str | None = head
    while sha is not None and sha in commits:
        chain.append(sha)
        parents = commits[sha].parents
        sha = parents[0] if parents else None
    chain.reverse()
    return chain


def _build_files(
    chain: list[str],
    commits: dict[str, Commit],
    entries: dict[str, list[_Entry]],
    order: dict[str, int],
    infos: dict[str, tuple[int, LfsPointer | None]],
) -> dict[str, AssetHistory]:
    """Walk the first-parent chain oldest first and replay each landing's changes."""
    files: dict[str, AssetHistory] = {}
    seen: set[str] = set()
    for sha in chain:
        commit = commits[sha]
        seen.add(sha)
        # Commits this landing brings in: reachable from the other parents, not seen yet
        # (everything reachable from the first parent was brought in by earlier landings).
        introduced: list[str] = []
        stack = [p for p in commit.parents[1:] if p not in seen]
        while stack:
            s = stack.pop()
            if s in seen or s not in commits:
                continue
            seen.add(s)
            introduced.append(s)
            stack.extend(p for p in commits[s].parents if p not in seen)
        changes = entries.get(sha, [])
        if not changes:
            continue
        by_path, by_blob = (
            _made_index(introduced, commits, entries, order) if introduced else ({}, {})
        )

        moved: dict[str, AssetHistory | None] = {}
        for e in changes:
            if e.rename and e.src is not None and e.dst is not None:
                moved[e.dst] = files.pop(e.src, None)
        for e in changes:
            if e.dst is None and e.src is not None and e.src in files:
                files[e.src].deleted = True
        for e in changes:
            if e.dst is None:
                continue
            history = moved.get(e.dst) or files.get(e.dst) or AssetHistory(path=e.dst)
            history.path = e.dst
            files[e.dst] = history
            made_sha = by_path.get((e.dst, e.new_blob)) or by_blob.get(e.new_blob) or sha
            size, lfs = infos[e.new_blob]
            _add_version(
                history,
                e.dst,
                e.new_blob,
                landed=commit,
                made=commits[made_sha],
                size=size,
                lfs=lfs,
            )
    return files


# ---------------------------------------------------------------------------- working copy


def _c_quote(path: str) -> bytes:
    """C-style quoting understood by `git hash-object --stdin-paths` (names with newlines)."""
    out = bytearray(b'"')
    for byte in os.fsencode(path):
        if byte in (0x22, 0x5C):
            out += b"\\" + bytes([byte])
        elif byte < 0x20 or byte >= 0x7F:
            out += b"\\%03o" % byte
        else:
            out.append(byte)
    return bytes(out + b'"')


def _status(root: Path, prefixes: tuple[str, ...]) -> tuple[list[str], list[str], dict[str, str]]:
    """Present changed files, deleted files and staged renames (new -> old) in the work tree."""
    out = _git(
        root, "status", "--porcelain=v2", "-z", "--untracked-files=all", "--", *prefixes
    ).stdout
    present: list[str] = []
    deleted: list[str] = []
    renamed: dict[str, str] = {}
    tokens = iter(out.split(b"\0"))
    for tok in tokens:
        kind = tok[:2]
        if kind == b"? ":
            present.append(_path(tok[2:]))
            continue
        if kind not in (b"1 ", b"2 ", b"u "):
            continue  # "! ignored" and empty tokens
        fields = tok.split(b" ", {b"1 ": 8, b"2 ": 9, b"u ": 10}[kind])
        xy, sub, mode = fields[1], fields[2], fields[{b"1 ": 5, b"2 ": 5, b"u ": 6}[kind]]
        path = _path(fields[-1])
        if kind == b"2 ":
            renamed[path] = _path(next(tokens, b""))
        if not sub.startswith(b"N"):
            continue  # submodules are not assets
        if xy[1:2] == b"D" or xy == b"D." or not _is_file(mode):
            deleted.append(path)  # gone from the work tree, or now a symlink
        else:
            present.append(path)
    return present, deleted, renamed


def _add_working_copy(root: Path, files: dict[str, AssetHistory], prefixes) -> None:
    present, deleted, renamed = _status(root, prefixes)
    for new, old in renamed.items():
        if old in files and new not in files:
            files[new] = files.pop(old)
            files[new].path = new
    for path in deleted:
        if path in files:
            files[path].deleted = True
    stats: dict[str, os.stat_result] = {}
    for path in present:
        try:
            st = os.lstat(root / path)
        except OSError:
            continue
        if stat.S_ISREG(st.st_mode):
            stats[path] = st  # symlinks (possibly pointing outside) are never assets
    if not stats:
        return
    names = list(stats)
    proc = _git(root, "hash-object", "--stdin-paths", input=_quoted(names), check=False)
    if proc.returncode != 0:  # a file vanished between status and hashing: once more
        names = [n for n in names if (root / n).is_file()]
        proc = _git(root, "hash-object", "--stdin-paths", input=_quoted(names))
    blobs = proc.stdout.decode("ascii").split()
    for path, blob in zip(names, blobs, strict=True):
        size = stats[path].st_size
        lfs = None
        if POINTER_MIN <= size < POINTER_MAX:
            try:
                lfs = parse_pointer((root / path).read_bytes())
            except OSError:
                continue
        history = files.get(path) or files.setdefault(path, AssetHistory(path=path))
        _add_version(history, path, blob, landed=None, made=None, size=size, lfs=lfs)


def _quoted(names: list[str]) -> bytes:
    return b"".join(_c_quote(n) + b"\n" for n in names)


def add_working_copy(root: Path, history: History, prefixes: tuple[str, ...]) -> None:
    """Lay the work tree's uncommitted changes over ``history`` (in place)."""
    _add_working_copy(Path(root), history.files, prefixes)
    history.files = {k: v for k, v in history.files.items() if _under(k, prefixes)}


def fork_history(history: History) -> History:
    """A copy whose file histories can change (a working copy laid over it) while the
    original stays as read from git; versions and commits are shared, never changed."""
    files = {
        path: AssetHistory(path=h.path, versions=list(h.versions), deleted=h.deleted)
        for path, h in history.files.items()
    }
    return History(head=history.head, files=files, commits=history.commits)


def head_of(root: Path, ref: str = "HEAD") -> str | None:
    """The commit ``ref`` names now (None: none yet), in one quick git call."""
    proc = _git(
        Path(root),
        "rev-parse",
        "-q",
        "--verify",
        "--end-of-options",
        f"{ref}^{{commit}}",
        check=False,
    )
    out = proc.stdout.decode("ascii", errors="replace").strip()
    return out if proc.returncode == 0 and out else None


# ---------------------------------------------------------------------------- entry point


def _under(path: str, prefixes: tuple[str, ...]) -> bool:
    return not prefixes or path.startswith(prefixes)


def read_history(
    root: Path,
    *,
    ref: str = "HEAD",
    prefixes: tuple[str, ...] = DEFAULT_PREFIXES,
    working_copy: bool = False,
) -> History:
    """Every file's versions under ``prefixes`` along the first-parent history of ``ref``.

    ``working_copy`` adds uncommitted changes of the work tree as a last version (live
    preview). Git runs a constant number of times, whatever the size of the history.
    """
    # The parse allocates many small acyclic objects: cyclic GC passes only cost time.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _read_history(root, ref, tuple(prefixes), working_copy)
    finally:
        if collecting:
            gc.enable()


def _read_history(root: Path, ref: str, prefixes: tuple[str, ...], working_copy: bool) -> History:
    root = Path(root)
    proc = _git(
        root,
        "rev-parse",
        "--is-shallow-repository",
        "--verify",
        "-q",
        "--end-of-options",
        f"{ref}^{{commit}}",
        check=False,
    )
    lines = proc.stdout.decode("ascii", errors="replace").split()
    if lines and lines[0] == "true":
        raise ProofroomError(_SHALLOW.format(root=root))
    if proc.returncode != 0 or len(lines) < 2:
        if not lines:
            open_repo(root)  # explains a missing git or a folder outside any repository
            raise ProofroomError(f"git cannot read the repository at {root}")
        if (
            ref != "HEAD"
            and _git(root, "rev-parse", "-q", "--verify", "HEAD^{commit}", check=False).returncode
            == 0
        ):
            raise ProofroomError(
                f"`{ref}` does not name a commit in {root}: give a branch, tag or commit "
                "(e.g. `main`), and fetch it first if it only exists on the remote"
            )
        history = History(head=None)
    else:
        head = lines[1]
        commits, entries, order = _run_log(root, head, prefixes)
        chain = _first_parent_chain(head, commits)
        landed = [e for sha in chain for e in entries[sha] if e.dst is not None]
        # Text files (decisions, briefs) are never LFS: reading thousands of small
        # YAML blobs to rule it out was most of the size pass.
        candidates = {e.new_blob for e in landed if e.dst and not e.dst.lower().endswith(_TEXT_EXT)}
        infos = _blob_infos(root, [e.new_blob for e in landed], candidates)
        files = _build_files(chain, commits, entries, order, infos)
        history = History(head=head, files=files, commits=commits)
    if working_copy:
        _add_working_copy(root, history.files, prefixes)
    history.files = {k: v for k, v in history.files.items() if _under(k, prefixes)}
    return history
