"""What a change does to the workspace since a base ref (pull request, pre-commit).

Compares the merge base of REF and HEAD with the work tree (committed, staged,
unstaged and untracked files alike), with one ``git diff`` and one ``git ls-files``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..problems import ProofroomError
from .history import _git


@dataclass
class Changes:
    base: str  # the merge-base commit compared against
    added: list[str] = field(default_factory=list)  # repository-relative paths
    modified: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)


def merge_base(top: Path, ref: str) -> str:
    """The commit a change since ``ref`` is measured from: the merge base of REF and HEAD."""
    if ref.startswith("-"):
        raise ProofroomError(f"{ref!r} is not a git ref: name a branch, tag or commit")
    proc = _git(top, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", check=False)
    if proc.returncode != 0:
        raise ProofroomError(
            f"--base {ref}: no such commit in this repository; fetch it first "
            f"(`git fetch origin`), and in GitHub Actions check out with `fetch-depth: 0`"
        )
    head = _git(top, "rev-parse", "--verify", "--quiet", "HEAD^{commit}", check=False)
    base = proc.stdout.decode().strip()
    if head.returncode == 0:
        mb = _git(top, "merge-base", base, "HEAD", check=False)
        if mb.returncode != 0:
            raise ProofroomError(
                f"--base {ref} shares no history with HEAD: fetch the full history "
                "(`git fetch --unshallow`; `fetch-depth: 0` in GitHub Actions)"
            )
        base = mb.stdout.decode().strip()
    return base


def changes_since(top: Path, ref: str, prefixes: tuple[str, ...]) -> Changes:
    """Paths under ``prefixes`` added, modified or deleted since ``ref``."""
    base = merge_base(top, ref)
    out = Changes(base=base)
    diff = _git(
        top, "diff", "--name-status", "--no-renames", "-z", base, "--", *prefixes
    ).stdout.split(b"\0")
    for status, raw in zip(diff[0::2], diff[1::2], strict=False):
        path = raw.decode("utf-8", errors="surrogateescape")
        kind = status[:1]
        if kind == b"A":
            out.added.append(path)
        elif kind == b"D":
            out.deleted.append(path)
        elif kind:
            out.modified.append(path)
    untracked = _git(top, "ls-files", "--others", "--exclude-standard", "-z", "--", *prefixes)
    for raw in untracked.stdout.split(b"\0"):
        if raw:
            out.added.append(raw.decode("utf-8", errors="surrogateescape"))
    return out
