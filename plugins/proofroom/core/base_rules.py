"""What the base of a pull request decides: the folders, the admins, who approves.

``validate --base REF`` reads these from the base (``git show``), never from the pull
request, and checks the pull request's files against them. A pull request that
changes them (``mkdocs.yml``, ``requirements.txt``, ``.github/``, the team file, a
brief's owner, stages or approvers) needs an owner's review: it is an error unless
``--author`` is an admin of the base's team file.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from .git.changes import Changes
from .git.history import _git
from .inputs.team import parse_team
from .inputs.yamlload import load_yaml, split_front_matter
from .logins import among, login_key
from .problems import Problem
from .settings import Settings
from .site_config import CONFIG_NAMES, parse_site_yaml, settings_from_site

REQUIREMENTS = "requirements.txt"
GITHUB_DIR = ".github/"
TEAM_FILE = "team.yml"


@dataclass(frozen=True)
class BaseRules:
    """The rules as the base commit has them."""

    commit: str  # the merge base the pull request is compared with
    ref: str  # as the user named it (for messages)
    settings: Settings  # the work tree's settings with the base's folders
    admins: tuple[str, ...]  # admins: of the base's team file, as written
    top: Path  # the repository's top folder
    prefix: str  # the workspace's path in it ("" at the top)

    @property
    def team_rel(self) -> str:
        return f"{self.settings.reviews_dir}/{TEAM_FILE}"


def show(top: Path, commit: str, path: str) -> str | None:
    """The text of ``path`` at ``commit`` (None when it is not there)."""
    proc = _git(top, "show", f"{commit}:{path}", check=False)
    return proc.stdout.decode("utf-8", "replace") if proc.returncode == 0 else None


def read_base_rules(cfg: Settings, top: Path, prefix: str, commit: str, ref: str) -> BaseRules:
    """The base's folders (mkdocs.yml) and admins (its team file)."""
    settings = cfg
    for name in CONFIG_NAMES:
        text = show(top, commit, f"{prefix}{name}")
        if text is not None:
            base = settings_from_site(parse_site_yaml(text, name), cfg.root, name)
            settings = replace(
                cfg,
                content_dir=base.content_dir,
                assets_dir=base.assets_dir,
                reviews_dir=base.reviews_dir,
            )
            break
    team_text = show(top, commit, f"{prefix}{settings.reviews_dir}/{TEAM_FILE}")
    admins = parse_team(team_text, TEAM_FILE).admins if team_text else ()
    return BaseRules(commit, ref, settings, admins, top, prefix)


def guarded_paths(rules: BaseRules, prefix: str) -> tuple[str, ...]:
    """Repository paths whose change needs an owner's review (briefs aside)."""
    reviews = rules.settings.reviews_dir
    return (
        *(f"{prefix}{name}" for name in CONFIG_NAMES),
        f"{prefix}{REQUIREMENTS}",
        GITHUB_DIR,
        f"{prefix}{reviews}/team.yml",
        f"{prefix}{reviews}/team.yaml",
    )


def _what(rel: str, rules: BaseRules) -> str:
    if rel in CONFIG_NAMES:
        return "the site's settings (folders, plugin options) decide what is checked"
    if rel == REQUIREMENTS:
        return "requirements.txt decides which Proofroom runs the checks"
    if rel.startswith(GITHUB_DIR):
        return "the files under .github/ run and enforce the checks"
    return "the team file names the admins"


def brief_rules(text: str | None) -> object:
    """What a brief decides about who approves: owner, stages, each deliverable's stages.

    Logins are compared without regard to case; anything unreadable is kept as written,
    so any change to it counts.
    """
    if text is None:
        return None
    yaml_text, first, _body = split_front_matter(text)
    loaded, _ = load_yaml(yaml_text or "", path="-", first_line=first or 1)
    data = loaded.data if loaded is not None else None
    if not isinstance(data, dict):
        return ("unreadable", text)
    stages = data.get("stages")
    if isinstance(stages, list) and all(isinstance(s, dict) for s in stages):
        stages = [_stage(s) for s in stages]
    deliverables = data.get("deliverables")
    if isinstance(deliverables, list):
        deliverables = [
            (d.get("id"), d.get("stages"), d.get("derived_from")) if isinstance(d, dict) else d
            for d in deliverables
        ]
    owner = data.get("owner")
    return (
        login_key(owner) if isinstance(owner, str) else owner,
        repr(stages),
        repr(deliverables),
    )


def _stage(stage: dict) -> tuple:
    approvers = stage.get("approvers")
    if isinstance(approvers, list):
        approvers = sorted(login_key(a) if isinstance(a, str) else repr(a) for a in approvers)
    rest = {k: v for k, v in stage.items() if k != "approvers"}
    return (repr(sorted(rest.items(), key=lambda kv: str(kv[0]))), approvers)


def changed_briefs(
    changes: Changes, rules: BaseRules, top: Path, prefix: str
) -> list[tuple[str, str]]:
    """Briefs whose owner, stages or approvers differ from the base's: (path, what)."""
    folder = f"{prefix}{rules.settings.briefs_dir}/"
    out = []
    for repo_path in sorted(changes.added + changes.modified + changes.deleted):
        inside = repo_path[len(folder) :].split("/") if repo_path.startswith(folder) else []
        if len(inside) != 2 or inside[1] != "index.md":
            continue
        rel = repo_path[len(prefix) :]
        path = rules.settings.root / rel
        now = path.read_text("utf-8", "replace") if path.is_file() else None
        if brief_rules(show(top, rules.commit, repo_path)) != brief_rules(now):
            who = "(owner, stages, approvers)"
            out.append((rel, f"the brief decides who approves campaign {inside[0]!r} {who}"))
    return out


def owner_review(
    changes: Changes, rules: BaseRules, top: Path, prefix: str, author: str | None
) -> list[Problem]:
    """An error for each change to the rules, unless ``author`` is an admin of the base."""
    guarded = guarded_paths(rules, prefix)
    changed: list[tuple[str, str]] = []
    for repo_path in sorted(set(changes.added + changes.modified + changes.deleted)):
        if any(repo_path == g or (g.endswith("/") and repo_path.startswith(g)) for g in guarded):
            rel = repo_path.removeprefix(prefix)
            changed.append((rel, _what(rel, rules)))
    changed += changed_briefs(changes, rules, top, prefix)
    if among(author, rules.admins):
        return []
    where = f"admins: in {rules.team_rel} of {rules.ref}"
    who = (
        f"{author!r} is not an admin ({where})"
        if author
        else f"pass --author, the pull request's author, who must be an admin ({where})"
    )
    return [
        Problem(
            rel,
            0,
            "error",
            f"{what}, so changing it needs an owner's review: {who}; ask an admin to make "
            "this change, or take it out of the pull request",
        )
        for rel, what in changed
    ]


def base_owner(rules: BaseRules, campaign: str) -> str | None:
    """The campaign's owner as the base's brief names it (None without one), folded."""
    path = f"{rules.prefix}{rules.settings.briefs_dir}/{campaign}/index.md"
    found = brief_rules(show(rules.top, rules.commit, path))
    owner = found[0] if isinstance(found, tuple) else None
    return owner if isinstance(owner, str) else None
