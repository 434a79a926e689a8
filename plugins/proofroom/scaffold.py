"""``proofroom init`` and ``proofroom new``: files that never overwrite the user's own."""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass, field
from datetime import date, timedelta
from importlib import resources
from pathlib import Path

from .core.problems import ProofroomError

CAMPAIGN_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
RENAMES = {"gitignore": ".gitignore"}


@dataclass
class Written:
    created: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # already there: left untouched


def _write_new(path: Path, text: str, root: Path, out: Written) -> None:
    rel = path.relative_to(root).as_posix()
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        out.kept.append(rel)
        return
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    out.created.append(rel)


def init_workspace(target: Path, *, site_name: str, language: str = "en") -> Written:
    """Scaffold a team workspace into ``target`` (created if needed; git init if needed)."""
    target.mkdir(parents=True, exist_ok=True)
    out = Written()
    base = resources.files("proofroom.scaffold") / "workspace"
    for src, rel in _walk(base):
        name = RENAMES.get(rel, rel)
        text = src.read_text(encoding="utf-8")
        if rel.endswith((".yml", ".md")):
            text = text.replace("{site_name}", site_name).replace("{language}", language)
        _write_new(target / name, text, target, out)
    if not (target / ".git").exists():
        try:
            subprocess.run(
                ["git", "init", "-q", "-b", "main", str(target)], check=True, capture_output=True
            )
        except FileNotFoundError:
            raise ProofroomError("git is not installed: install git, then run again") from None
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
        elif not entry.name.endswith(".pyc"):
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
