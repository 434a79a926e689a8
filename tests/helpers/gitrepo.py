"""A small builder of real git repositories for tests, with fixed dates.

Every git call gets explicit author/committer dates, and the user's own git config is
ignored, so histories (and their SHAs) are the same on every machine.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

from PIL import Image

from proofroom.core.git.lfs import pointer_bytes
from proofroom.core.model import LfsPointer

DEFAULT_DATE = "2024-01-01T09:00:00+00:00"
DEFAULT_AUTHOR = "Alice <alice@example.com>"

# Environment that isolates git from the machine's global and system configuration.
ISOLATED_ENV = {
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_EDITOR": "true",
    "GIT_MERGE_AUTOEDIT": "no",
}
# Variables that would point git at another repository (e.g. when run from a hook).
LEAKY_VARS = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_PREFIX")


def split_ident(ident: str) -> tuple[str, str]:
    """``"Name <email>"`` -> ``("Name", "email")``."""
    name, _, rest = ident.partition("<")
    return name.strip(), rest.rstrip(">").strip()


class GitRepo:
    """A git repository in ``path`` (created if needed), on branch ``main``."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")
        for key, value in {
            "user.name": "Alice",
            "user.email": "alice@example.com",
            "commit.gpgsign": "false",
            "core.autocrlf": "false",
            "merge.ff": "true",
        }.items():
            self.git("config", key, value)

    # -- running git --------------------------------------------------------------------

    def env(
        self,
        date: str = DEFAULT_DATE,
        author: str = DEFAULT_AUTHOR,
        committer: str | None = None,
        committer_date: str | None = None,
    ) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in LEAKY_VARS}
        env.update(ISOLATED_ENV)
        a_name, a_email = split_ident(author)
        c_name, c_email = split_ident(committer or author)
        env.update(
            GIT_AUTHOR_NAME=a_name,
            GIT_AUTHOR_EMAIL=a_email,
            GIT_AUTHOR_DATE=date,
            GIT_COMMITTER_NAME=c_name,
            GIT_COMMITTER_EMAIL=c_email,
            GIT_COMMITTER_DATE=committer_date or date,
        )
        return env

    def git(self, *args: str, input: bytes | None = None, **env_kw: str) -> str:
        """Run git in the repository and return its stdout (stripped of the last newline)."""
        proc = subprocess.run(
            ["git", *args],
            cwd=self.path,
            env=self.env(**env_kw),
            input=input,
            capture_output=True,
            check=False,
        )
        if proc.returncode != 0:
            raise RuntimeError(
                f"git {' '.join(args)} failed: {proc.stderr.decode(errors='replace')}"
            )
        return proc.stdout.decode("utf-8", errors="surrogateescape").removesuffix("\n")

    # -- files --------------------------------------------------------------------------

    def write(self, rel: str, data: bytes | str) -> Path:
        target = self.path / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return target

    def image(
        self,
        rel: str,
        *,
        color: tuple[int, ...] = (200, 30, 30),
        size: tuple[int, int] = (64, 48),
        fmt: str = "JPEG",
        **kw,
    ) -> Path:
        """A real image made with Pillow, uniform ``color`` (4 values: with alpha);
        ``kw`` goes to ``Image.save`` (quality, ...)."""
        target = self.path / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        Image.new("RGBA" if len(color) == 4 else "RGB", size, color).save(target, format=fmt, **kw)
        return target

    def lfs(self, rel: str, content: bytes) -> Path:
        """Commit-ready Git LFS pointer for ``content`` (what `git lfs` stores in git)."""
        pointer = LfsPointer(oid=hashlib.sha256(content).hexdigest(), size=len(content))
        return self.write(rel, pointer_bytes(pointer))

    def remove(self, rel: str) -> None:
        (self.path / rel).unlink()

    def move(self, src: str, dst: str) -> None:
        (self.path / dst).parent.mkdir(parents=True, exist_ok=True)
        self.git("mv", src, dst)

    def symlink(self, rel: str, target: str) -> Path:
        link = self.path / rel
        link.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, link)
        return link

    # -- history ------------------------------------------------------------------------

    def commit(
        self,
        message: str | bytes,
        *,
        date: str,
        author: str = DEFAULT_AUTHOR,
        committer: str | None = None,
        committer_date: str | None = None,
    ) -> str:
        """Stage everything and commit (message bytes kept as given); return the SHA."""
        kw = {"date": date, "author": author, "committer": committer}
        if committer_date:
            kw["committer_date"] = committer_date
        self.git("add", "-A", **kw)
        data = message.encode("utf-8") if isinstance(message, str) else message
        self.git(
            "commit",
            "-q",
            "--allow-empty",
            "--allow-empty-message",
            "--no-verify",
            "-F",
            "-",
            input=data,
            **kw,
        )
        return self.head()

    def head(self, ref: str = "HEAD") -> str:
        return self.git("rev-parse", "--verify", f"{ref}^{{commit}}")

    def branch(self, name: str, start: str = "main") -> None:
        self.git("branch", name, start)

    def checkout(self, name: str) -> None:
        self.git("checkout", "-q", name)

    def merge(
        self,
        branch: str,
        *,
        message: str,
        date: str,
        squash: bool = False,
        author: str = "Mia Maintainer <mia@example.com>",
    ) -> str:
        """Land ``branch`` on the current branch: a --no-ff merge commit, or a squash commit."""
        kw = {"date": date, "author": author}
        if squash:
            self.git("merge", "-q", "--squash", branch, **kw)
            return self.commit(message, **kw)
        self.git("merge", "-q", "--no-ff", "--no-edit", "-m", message, branch, **kw)
        return self.head()

    def rebase_onto_main(self, branch: str, *, date: str) -> str:
        """Land ``branch`` like GitHub's "rebase and merge": replayed commits (new
        committer dates, author dates kept) then a fast-forward of main."""
        self.git("rebase", "-q", "main", branch, date=date)
        self.checkout("main")
        self.git("merge", "-q", "--ff-only", branch, date=date)
        return self.head()

    def first_parents(self, ref: str = "main") -> list[str]:
        """The first-parent chain of ``ref``, oldest first (ground truth for tests)."""
        return self.git("rev-list", "--first-parent", "--reverse", ref).split()


def copy_repo(template: Path, dest: Path) -> GitRepo:
    """A fresh copy of a repository built once per module, for one test to change."""
    shutil.copytree(template, dest, symlinks=True)
    return GitRepo(dest)


def blob(repo: GitRepo, path: str, ref: str = "HEAD") -> str:
    """The blob sha of ``path`` at ``ref``, as git itself says."""
    return repo.git("rev-parse", f"{ref}:{path}")
