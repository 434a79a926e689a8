"""Assemble the review model of a workspace: briefs + git history -> campaigns.

One history pass and one brief read per campaign; everything else is derived.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import UTC, datetime, tzinfo
from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .git.history import History, open_repo, read_history
from .inputs import briefs as briefs_mod
from .inputs.decisions import SHARES_FILE, read_decisions
from .inputs.filememo import FileMemo
from .inputs.guest_decisions import Guests, SecretSource, needs_check, refuse_guests
from .inputs.shares import read_all_shares
from .inputs.team import read_team
from .links import judge, link_problems
from .media.kinds import kind_of
from .model import (
    Asset,
    AssetHistory,
    Brief,
    Campaign,
    Decision,
    Deliverable,
    Verdict,
    Workspace,
)
from .problems import Problem, bad_name, name_problem
from .settings import Settings
from .workflow import deliverable_stages, evaluate_current, is_approver, standing


def now_utc(explicit: datetime | None = None) -> datetime:
    """``--now``, else SOURCE_DATE_EPOCH, else the clock."""
    if explicit is not None:
        return explicit if explicit.tzinfo else explicit.replace(tzinfo=UTC)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return datetime.now(tz=UTC)


def relative_prefix(root: Path, top: Path) -> str:
    """The workspace's path inside the repository ("" when it is the top level)."""
    rel = root.resolve().relative_to(top.resolve()).as_posix()
    return "" if rel == "." else rel + "/"


def _brief_ids(root: Path, cfg: Settings) -> list[str]:
    folder = root / cfg.briefs_dir
    if not folder.is_dir():
        return []
    top = os.path.realpath(root)
    return sorted(
        p.name
        for p in folder.iterdir()
        if p.is_dir()
        and not p.name.startswith((".", "_"))
        and not (p.is_symlink() and judge(os.fspath(p), top))  # refused: named once
    )


def history_scope(cfg: Settings) -> tuple[Path, tuple[str, ...]]:
    """The repository's top folder and the paths (assets/, reviews/) the model reads."""
    root = cfg.root.resolve()
    top = open_repo(root)
    prefix = relative_prefix(root, top)
    return top, (f"{prefix}{cfg.assets_dir}/", f"{prefix}{cfg.reviews_dir}/")


def workspace_history(cfg: Settings) -> History:
    """The one git pass over assets/ and reviews/ that the model is built from."""
    top, prefixes = history_scope(cfg)
    return read_history(top, ref=cfg.ref, prefixes=prefixes, working_copy=cfg.working_copy)


def load_workspace(
    cfg: Settings,
    *,
    now: datetime | None = None,
    history: History | None = None,
    memo: FileMemo | None = None,
    secret: SecretSource | None = None,
) -> tuple[Workspace, History]:
    """Read briefs and history once and build the model (statuses included).

    ``memo`` keeps parsed briefs and decision files between calls (live preview).
    ``secret`` gives the site secret that checks guests' signatures (None: not checked;
    the rest of a guest decision is: its share, recipient, scope, dates and rights).
    """
    root = cfg.root.resolve()
    prefix = relative_prefix(root, open_repo(root))
    if history is None:
        history = workspace_history(cfg)
    ws = Workspace(root=root, branch=cfg.ref, head=history.head)
    by_campaign = _assets_by_campaign(history, cfg, prefix, ws.problems)
    histories = {a.path: a.history for assets in by_campaign.values() for a in assets}
    _read_reviews(ws, history, cfg, prefix, histories, memo)
    moment = now_utc(now)
    campaigns = []
    for cid in sorted(set(_brief_ids(root, cfg)) | set(by_campaign)):
        brief = _read_brief(ws, cfg, cid, memo)
        assets = sorted(
            (a for a in by_campaign.get(cid, []) if a.present), key=lambda a: a.rel.casefold()
        )
        campaign = Campaign(id=cid, brief=brief, assets=assets)
        campaign.deliverables = _deliverables(campaign, cfg)
        campaigns.append(campaign)
    _check_guests(ws, cfg, campaigns, moment, secret)
    for campaign in campaigns:
        _settle(ws, campaign, moment)
        ws.campaigns.append(campaign)
    folders = (cfg.content_dir, cfg.assets_dir, cfg.reviews_dir)
    known = set(ws.problems)  # a reader may have named the same link already
    found = [*link_problems(root, folders), *content_name_problems(root, cfg.content_dir)]
    ws.problems += [p for p in found if p not in known]
    return ws, history


def content_name_problems(root: Path, content_dir: str) -> list[Problem]:
    """One error per file of the docs folder whose name cannot be published (MkDocs
    would stop on it; the adapter and the export leave it out)."""
    found = []
    for here, dirs, names in os.walk(root / content_dir):
        dirs.sort()
        rel = Path(here).relative_to(root).as_posix()
        for name in sorted([*names, *dirs]):
            problem = name_problem(f"{rel}/{name}")
            if problem is not None and bad_name(name) is not None:
                found.append(problem)
        dirs[:] = [d for d in dirs if bad_name(d) is None]
    return found


def campaign_zones(campaigns: Iterable[Campaign]) -> dict[str, tzinfo]:
    """Each campaign's timezone (UTC when its brief names none it knows)."""
    zones: dict[str, tzinfo] = {}
    for campaign in campaigns:
        name = campaign.brief.timezone if campaign.brief else "UTC"
        try:
            zones[campaign.id] = ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            zones[campaign.id] = UTC  # the brief's own problem says so
    return zones


def _check_guests(
    ws: Workspace,
    cfg: Settings,
    campaigns: list[Campaign],
    moment: datetime,
    secret: SecretSource | None,
) -> None:
    """Leave out the guest decisions their share does not allow (each with its problem).

    The shares files' own problems are validate's to report (``share_problems``).
    """
    folder = ws.root / cfg.reviews_dir
    has_shares = folder.is_dir() and (
        (folder / SHARES_FILE).is_file() or any(folder.glob(f"*/{SHARES_FILE}"))
    )
    if not has_shares and not needs_check(ws.decisions):
        return
    guests = workspace_guests(ws.root, cfg, campaigns, secret)
    ws.decisions, problems = refuse_guests(ws.decisions, guests, moment)
    ws.problems.extend(problems)


def workspace_guests(
    root: Path, cfg: Settings, campaigns: Iterable[Campaign], secret: SecretSource | None
) -> Guests:
    """The shares of every campaign and the team links (as the work tree has them), for
    guests' decisions."""
    files, _ = read_all_shares(
        root,
        reviews_dir=cfg.reviews_dir,
        assets_dir=cfg.assets_dir,
        zones=campaign_zones(campaigns),
    )
    return Guests.of(files, secret, reviews_dir=cfg.reviews_dir, assets_dir=cfg.assets_dir)


def _assets_by_campaign(
    history: History, cfg: Settings, prefix: str, problems: list[Problem]
) -> dict[str, list[Asset]]:
    """Every file under assets/<campaign>/ with its history (removed ones included)."""
    assets_prefix = f"{prefix}{cfg.assets_dir}/"
    by_campaign: dict[str, list[Asset]] = {}
    for repo_path, hist in history.files.items():
        if not repo_path.startswith(assets_prefix) or not hist.versions:
            continue
        rel_ws = repo_path[len(prefix) :]
        parts = rel_ws[len(cfg.assets_dir) + 1 :].split("/", 1)
        if len(parts) < 2:  # a file directly under assets/ belongs to no campaign
            if not hist.deleted and parts[0] not in {"CREDITS.md", "README.md", ".gitattributes"}:
                problems.append(
                    Problem(
                        rel_ws,
                        0,
                        "warning",
                        f"file is not in a campaign folder: move it to "
                        f"{cfg.assets_dir}/<campaign>/{parts[0]}",
                    )
                )
            continue
        cid, rel = parts
        if any(seg.startswith(".") for seg in rel.split("/")):
            continue  # .gitkeep, .DS_Store, editor files: never assets
        refused = name_problem(rel_ws)
        if refused is not None:  # not UTF-8, control characters, too long: one error
            if not hist.deleted:
                problems.append(refused)
            continue
        view = AssetHistory(path=rel_ws, versions=hist.versions, deleted=hist.deleted)
        asset = Asset(
            campaign=cid,
            rel=rel,
            path=rel_ws,
            kind=kind_of(rel),
            history=view,
            present=not hist.deleted,
        )
        by_campaign.setdefault(cid, []).append(asset)
    return by_campaign


def _read_brief(ws: Workspace, cfg: Settings, cid: str, memo: FileMemo | None) -> Brief | None:
    """The campaign's brief (None without one: a warning says how to add it)."""
    root = ws.root
    brief_path = root / cfg.briefs_dir / cid / "index.md"
    if not brief_path.is_file():
        ws.problems.append(
            Problem(
                f"{cfg.briefs_dir}/{cid}/index.md",
                0,
                "warning",
                f"campaign {cid!r} has assets but no brief: run `proofroom new {cid}` "
                "or write this file",
            )
        )
        return None
    if memo is None:
        brief, problems = briefs_mod.read_brief(brief_path, workspace=root, campaign=cid)
    else:
        brief, problems = memo.get(
            "brief",
            brief_path,
            partial(briefs_mod.read_brief, brief_path, workspace=root, campaign=cid),
        )
    ws.problems.extend(problems)
    return brief


def _settle(ws: Workspace, campaign: Campaign, moment: datetime) -> None:
    """Give each deliverable its decisions and its standing; collect workflow warnings."""
    by_asset: dict[str, list[Decision]] = {}
    for decision in ws.decisions:
        if decision.campaign == campaign.id:
            by_asset.setdefault(decision.asset, []).append(decision)
    for d in campaign.deliverables:
        if d.asset is not None:
            d.decisions = by_asset.get(d.asset.path, [])
        evaluation = evaluate_current(campaign, d)
        d.settle(standing(campaign, d, evaluation, moment))
        if evaluation is not None:
            ws.problems.extend(evaluation.warnings)
        ws.problems.extend(_outsiders(campaign, d))


def _read_reviews(
    ws: Workspace,
    history: History,
    cfg: Settings,
    prefix: str,
    histories: dict,
    memo: FileMemo | None = None,
) -> None:
    """Decision files (with the commits that landed them) and team.yml."""
    reviews_prefix = f"{prefix}{cfg.reviews_dir}/"
    files: list[str] = []
    landed: dict = {}
    for repo_path, hist in history.files.items():
        if not repo_path.startswith(reviews_prefix) or hist.deleted or not hist.versions:
            continue
        rel = repo_path[len(prefix) :]
        files.append(rel)
        first = hist.versions[0]
        landed[rel] = (first.landed, first.made)
    files = [f for f in files if f != f"{cfg.reviews_dir}/team.yml"]
    decisions, problems = read_decisions(
        ws.root,
        files,
        histories,
        reviews_dir=cfg.reviews_dir,
        assets_dir=cfg.assets_dir,
        landed=landed,
        memo=memo,
    )
    ws.decisions = decisions
    ws.problems.extend(problems)
    team, team_problems = read_team(ws.root / cfg.reviews_dir / "team.yml", workspace=ws.root)
    ws.team = team
    ws.problems.extend(team_problems)


def _outsiders(campaign: Campaign, d: Deliverable) -> list[Problem]:
    """A decision (other than a comment) from someone who approves no stage of it."""
    stages = deliverable_stages(campaign, d)
    out = []
    for decision in d.decisions:
        if decision.decision == Verdict.COMMENT:
            continue
        if not any(is_approver(s, decision.approver) for s in stages):
            names = ", ".join(f"{s.name} ({', '.join(s.approvers)})" for s in stages)
            out.append(
                Problem(
                    decision.path,
                    decision.lines.get(("reviewer",), decision.line),
                    "warning",
                    f"{decision.reviewer} is not an approver of {d.id} (stages: {names}): "
                    "the decision counts as a comment; add them to a stage in the brief "
                    "if they should approve",
                )
            )
    return out


def _deliverables(campaign: Campaign, cfg: Settings) -> list[Deliverable]:
    brief = campaign.brief
    by_rel = {a.rel: a for a in campaign.assets}
    if brief is None or brief.deliverables is None:
        return [
            Deliverable(id=a.stem, campaign=campaign.id, asset_rel=a.rel, asset=a)
            for a in campaign.assets
        ]
    out = []
    for spec in brief.deliverables:
        out.append(
            Deliverable(
                id=spec.id,
                campaign=campaign.id,
                asset_rel=spec.asset,
                asset=by_rel.get(spec.asset),
                spec=spec,
            )
        )
    return out
