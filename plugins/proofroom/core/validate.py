"""``proofroom validate``: everything a pull request or a commit must get right.

The whole workspace as the work tree has it (briefs, decisions, team.yml), then, since
a base ref: decision files are append-only, and the ones added belong to the author.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from .changes import changes_since
from .gitlog import open_repo
from .model import Workspace
from .problems import Problem
from .workspace import WorkspaceConfig, load_workspace, relative_prefix


def validate(
    cfg: WorkspaceConfig,
    *,
    base: str | None = None,
    author: str | None = None,
    now: datetime | None = None,
) -> tuple[Workspace, list[Problem]]:
    """The workspace (work tree included) and every problem found in it."""
    ws, _ = load_workspace(replace(cfg, working_copy=True), now=now)
    problems = list(ws.problems)
    if base is not None or author is not None:
        problems += _since(ws, cfg, base or "HEAD", author)
    return ws, problems


def _is_decision_file(rel: str, cfg: WorkspaceConfig) -> bool:
    return (
        rel.startswith(f"{cfg.reviews_dir}/")
        and rel.endswith((".yml", ".yaml"))
        and rel != f"{cfg.reviews_dir}/team.yml"
    )


def _since(ws: Workspace, cfg: WorkspaceConfig, base: str, author: str | None) -> list[Problem]:
    top = open_repo(cfg.root)
    prefix = relative_prefix(cfg.root, top)
    changes = changes_since(top, base, (f"{prefix}{cfg.reviews_dir}/",))
    out: list[Problem] = []
    for repo_path in sorted(changes.modified + changes.deleted):
        rel = repo_path[len(prefix) :]
        if not _is_decision_file(rel, cfg):
            continue
        what = "deleted" if repo_path in changes.deleted else "modified"
        out.append(
            Problem(
                rel,
                0,
                "error",
                f"decision files are append-only, and this one was {what} since {base}: "
                f"restore it (`git checkout {changes.base[:12]} -- '{rel}'`) and add a new "
                "decision file instead",
            )
        )
    if author is not None:
        by_path = {d.path: d for d in ws.decisions}
        for repo_path in sorted(changes.added):
            rel = repo_path[len(prefix) :]
            decision = by_path.get(rel)
            if decision is None or decision.reviewer == author:
                continue
            campaign = ws.campaign(decision.campaign)
            owner = campaign.brief.owner if campaign and campaign.brief else None
            if owner == author:  # `proofroom import` of a reviewer without an account
                out.append(
                    Problem(
                        rel,
                        decision.lines.get(("reviewer",), decision.line),
                        "warning",
                        f"decision of {decision.reviewer!r} filed by the campaign owner "
                        f"{author!r} (imported): check with {decision.reviewer} that it is theirs",
                    )
                )
                continue
            out.append(
                Problem(
                    rel,
                    decision.lines.get(("reviewer",), decision.line),
                    "error",
                    f"this decision is signed by {decision.reviewer!r} but added by "
                    f"{author!r}: reviewers add their own decisions (ask {decision.reviewer} "
                    "to open the pull request, or import it with their consent)",
                )
            )
    return out
