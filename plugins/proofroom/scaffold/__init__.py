"""``proofroom init`` and ``proofroom new``: files that never overwrite the user's own.

The code lives in the package's ``__init__`` so that the templates next to it
(``brief.md``, ``workspace/``) are this package's resources: a module ``scaffold.py``
beside a ``scaffold/`` package would never be imported.
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import tempfile
from dataclasses import dataclass, field
from datetime import date, timedelta
from importlib import metadata, resources
from pathlib import Path

from .. import __version__
from ..core.problems import ProofroomError

CAMPAIGN_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
RENAMES = {"gitignore": ".gitignore"}
# Dot-folders are awkward as package data: stored without the dot, written with it.
PREFIX_RENAMES = {"github/": ".github/"}


def _target_name(rel: str) -> str:
    for old, new in PREFIX_RENAMES.items():
        if rel.startswith(old):
            return new + rel[len(old) :]
    return RENAMES.get(rel, rel)


@dataclass
class Written:
    created: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # already there: left untouched
    extended: list[str] = field(default_factory=list)  # already there: lines appended


def _write_new(path: Path, text: str, root: Path, out: Written) -> None:
    """Write ``path`` atomically unless it exists: a complete file or none, never the
    user's own file replaced (the temp file is hard-linked to its name, which fails when
    the name is taken)."""
    rel = path.relative_to(root).as_posix()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists() or path.is_symlink():
            out.kept.append(rel)
            return
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
            os.chmod(tmp, 0o644)
            try:
                os.link(tmp, path)
            except FileExistsError:
                out.kept.append(rel)
                return
            except OSError:  # no hard links on this file system: exclusive rename instead
                if path.exists():
                    out.kept.append(rel)
                    return
                os.replace(tmp, path)
        finally:
            if os.path.lexists(tmp):
                os.unlink(tmp)
    except OSError as exc:
        raise ProofroomError(f"cannot write {rel}: {exc.strerror or exc}") from None
    out.created.append(rel)


def _fill(rel: str, text: str, *, site_name: str, language: str) -> str:
    """Template values, each escaped for the file it lands in."""
    if rel.endswith(".yml"):
        return text.replace("{site_name}", _yaml_scalar(site_name)).replace("{language}", language)
    if rel.endswith(".md"):
        return text.replace("{site_name}", html.escape(site_name, quote=False))
    if rel == "requirements.txt":
        return text.replace("{requirement}", requirement()[0])
    return text


# What a team writes when this Proofroom came from a folder (see `requirement`).
PLACEHOLDER = "# proofroom==<version on your package index>  or  proofroom @ git+<URL>@<commit>"


def requirement(dist: metadata.Distribution | None = None) -> tuple[str, str | None]:
    """The ``requirements.txt`` line that installs this very Proofroom, and a note when
    there is none to write (a local folder: nobody else can install from it).

    PEP 610's ``direct_url.json`` says where the installed distribution came from: none
    for a package index, ``vcs_info`` for a git URL at a commit, ``dir_info`` or a
    ``file:`` archive for this machine only.
    """
    try:
        dist = dist or metadata.distribution("proofroom")
        raw = dist.read_text("direct_url.json")
        version = dist.version
    except metadata.PackageNotFoundError:
        raw, version = "{}", __version__
    if raw is None:
        return f"proofroom=={version}", None
    try:
        direct = json.loads(raw)
    except ValueError:
        direct = {}
    url = direct.get("url") if isinstance(direct, dict) else None
    vcs = direct.get("vcs_info") if isinstance(direct, dict) else None
    if isinstance(url, str) and isinstance(vcs, dict) and vcs.get("commit_id"):
        return f"proofroom @ {vcs.get('vcs', 'git')}+{url}@{vcs['commit_id']}", None
    if isinstance(url, str) and "archive_info" in direct and url.startswith("https://"):
        return f"proofroom @ {url}", None
    return PLACEHOLDER, (
        "requirements.txt: this Proofroom was installed from a folder on this machine; "
        "replace its commented line with proofroom==<version> or "
        "proofroom @ git+<URL>@<commit>, or the workflows cannot install it"
    )


def _refuse(target: Path, force: bool) -> None:
    """Never the root or the home folder; a non-empty folder outside git only with force."""
    where = target.resolve()
    if where == Path(where.anchor) or where == Path.home().resolve():
        raise ProofroomError(f"refusing to make a workspace of {where}: name a new folder")
    if force or not where.is_dir() or not any(where.iterdir()):
        return
    if not _inside_work_tree(where):
        raise ProofroomError(
            f"{target} is not empty and not a git repository: name a new folder, "
            "or run again with --force to add the workspace files beside what is there"
        )


IGNORED = {
    "/site/": {"site", "site/", "/site", "/site/"},
    "/.cache/": {".cache", ".cache/", "/.cache", "/.cache/"},
}


def _complete_gitignore(path: Path, out: Written) -> None:
    """Add the built site and the cache to a .gitignore the team already has: appended,
    the team's lines untouched, no line twice."""
    rel = path.name
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return
    have = {ln.strip() for ln in text.splitlines()}
    missing = [line for line, same in IGNORED.items() if not have & same]
    if not missing:
        return
    lead = "" if not text or text.endswith("\n") else "\n"
    try:
        with path.open("a", encoding="utf-8", newline="\n") as fh:
            fh.write(
                lead + "# Built site and Proofroom's thumbnail cache\n" + "\n".join(missing) + "\n"
            )
    except OSError as exc:
        raise ProofroomError(f"cannot write {rel}: {exc.strerror or exc}") from None
    out.kept.remove(rel)
    out.extended.append(f"{rel} ({', '.join(missing)})")


def _inside_work_tree(target: Path) -> bool:
    """True when ``target`` already belongs to a git work tree (a workspace may be a
    folder of a bigger repository: no nested repository then)."""
    try:
        proc = subprocess.run(
            ["git", "rev-parse", "--is-inside-work-tree"],
            cwd=target,
            capture_output=True,
            check=False,
        )
    except FileNotFoundError:
        raise ProofroomError("git is not installed: install git, then run again") from None
    return proc.returncode == 0 and proc.stdout.strip() == b"true"


def init_workspace(
    target: Path, *, site_name: str, language: str = "en", force: bool = False
) -> Written:
    """Scaffold a team workspace into ``target`` (created if needed; git init if needed)."""
    _refuse(target, force)
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ProofroomError(f"cannot create {target}: {exc.strerror or exc}") from None
    out = Written()
    base = resources.files("proofroom.scaffold") / "workspace"
    for src, rel in _walk(base):
        name = _target_name(rel)
        text = _fill(rel, src.read_text(encoding="utf-8"), site_name=site_name, language=language)
        _write_new(target / name, text, target, out)
        if name == ".gitignore" and name in out.kept:
            _complete_gitignore(target / name, out)
    if not _inside_work_tree(target):
        try:
            subprocess.run(
                ["git", "init", "-q", "-b", "main", str(target)], check=True, capture_output=True
            )
        except subprocess.CalledProcessError as exc:
            msg = exc.stderr.decode(errors="replace").strip()
            raise ProofroomError(f"git init failed: {msg}") from None
        out.created.append(".git/")
    return out


def _walk(base, prefix: str = ""):
    for entry in sorted(base.iterdir(), key=lambda e: e.name):
        rel = f"{prefix}{entry.name}"
        if entry.is_dir():
            yield from _walk(entry, rel + "/")
        elif not entry.name.endswith((".pyc", ".pyo")):
            yield entry, rel


def new_campaign(
    root: Path,
    campaign: str,
    *,
    title: str | None,
    content_dir: str,
    assets_dir: str,
    reviews_dir: str,
    today: date | None = None,
) -> Written:
    """Create the brief and the campaign's asset and review folders."""
    if not CAMPAIGN_ID.match(campaign):
        raise ProofroomError(
            f"{campaign!r} is not a valid campaign id: use lowercase letters, digits and "
            "hyphens, e.g. spring-sale-2027"
        )
    brief = root / content_dir / "campaigns" / campaign / "index.md"
    if brief.exists():
        raise ProofroomError(
            f"{brief.relative_to(root).as_posix()} already exists: edit it, or choose another id"
        )
    launch = (today or date.today()) + timedelta(days=30)
    title = title or campaign.replace("-", " ").capitalize()
    template = (resources.files("proofroom.scaffold") / "brief.md").read_text(encoding="utf-8")
    text = template.replace("{title}", _yaml_scalar(title)).replace("{launch}", launch.isoformat())
    out = Written()
    _write_new(brief, text, root, out)
    for folder in (assets_dir, reviews_dir):
        _write_new(root / folder / campaign / ".gitkeep", "", root, out)
    return out


def _yaml_scalar(text: str) -> str:
    """A title as a double-quoted YAML scalar: any character is safe in it."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    escaped = "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in escaped)
    return f'"{escaped}"'
