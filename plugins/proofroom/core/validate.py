"""``proofroom validate``: everything a pull request or a commit must get right.

The whole workspace as the work tree has it (briefs, decisions, team.yml), then, since
a base ref: decision files are append-only, and the ones added belong to the author.
Deliverables that name a channel are checked against the channel spec catalog: a file
that does not fit its channel is a warning (it may still be approved on purpose).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, tzinfo
from pathlib import Path

from .base_rules import BaseRules, base_owner, guarded_paths, owner_review, read_base_rules
from .git.changes import changes_since, merge_base
from .git.history import _git, open_repo
from .inputs.decisions import classify_review_file, is_decision_file, name_time_problem
from .inputs.guest_decisions import SecretSource
from .inputs.shares import Share, SharesFile, file_campaign, parse_shares, read_all_shares
from .logins import same_login
from .media.specs import check_fit, file_facts, load_catalog, unknown_channel_message
from .model import Workspace
from .problems import Problem
from .settings import Settings
from .workspace import campaign_zones as zones_of
from .workspace import load_workspace, now_utc, relative_prefix


def validate(
    cfg: Settings,
    *,
    base: str | None = None,
    author: str | None = None,
    now: datetime | None = None,
    secret: SecretSource | None = None,
) -> tuple[Workspace, list[Problem]]:
    """The workspace (work tree included) and every problem found in it.

    Since ``base`` (or HEAD with ``author`` alone), the base decides the rules: its
    folders, admins and briefs' approvers (``core/base_rules.py``); the pull request's
    files are checked against them. ``secret`` gives the site secret that checks
    guests' signed decisions; it is asked for only when there is one (ProofroomError,
    exit 2, when it is not set).
    """
    rules = None
    if base is not None or author is not None:
        top = open_repo(cfg.root)
        prefix = relative_prefix(cfg.root, top)
        ref = base or "HEAD"
        rules = read_base_rules(cfg, top, prefix, merge_base(top, ref), ref)
        cfg = rules.settings
    ws, _ = load_workspace(replace(cfg, working_copy=True), now=now, secret=secret)
    problems = list(ws.problems)
    problems += channel_problems(ws, cfg)
    problems += share_problems(ws, cfg)
    problems += approval_problems(ws)
    if rules is not None:
        problems += _since(ws, rules, author, now_utc(now))
    return ws, problems


def approval_problems(ws: Workspace) -> list[Problem]:
    """A warning for each brief that names nobody who approves: any decision counts then.

    Only here, not in the build: a new campaign builds with ``--strict`` straight away.
    """
    return [
        Problem(
            campaign.brief.path,
            1,
            "warning",
            "the brief declares no stages with approvers, so anyone can approve its "
            "deliverables; add `stages: [{name: brand, approvers: [<login>]}]` to its "
            "front matter",
        )
        for campaign in ws.campaigns
        if campaign.brief is not None and campaign.brief.ok and not campaign.brief.stages
    ]


def channel_problems(ws: Workspace, cfg: Settings) -> list[Problem]:
    """Warnings for deliverables that name an unknown channel or do not fit theirs.

    The work tree's file is checked from its header only (no decoding), so this stays
    fast on large workspaces; checks that cannot tell ("unknown") say nothing here.
    """
    catalog, problems = load_catalog(cfg.root)
    for campaign in ws.campaigns:
        brief_path = campaign.brief.path if campaign.brief else None
        for deliverable in campaign.deliverables:
            spec = deliverable.spec
            if spec is None or not spec.channel:
                continue
            channel = catalog.get(spec.channel)
            if channel is None:
                problems.append(
                    Problem(
                        brief_path or f"{cfg.briefs_dir}/{campaign.id}/index.md",
                        spec.line,
                        "warning",
                        unknown_channel_message(spec.channel, catalog),
                    )
                )
                continue
            rel = f"{cfg.assets_dir}/{campaign.id}/{deliverable.asset_rel}"
            path = cfg.root / rel
            if not path.is_file():
                continue  # a missing file is the workflow's concern, not the channel's
            facts = file_facts(path, alt=bool(spec.extra.get("alt")))
            for check in check_fit(channel, facts):
                if check.status == "fail":
                    problems.append(Problem(rel, 0, "warning", check.message))
    return problems


def share_problems(ws: Workspace, cfg: Settings) -> list[Problem]:
    """The problems of every shares.yml, the team links' and each campaign's (review
    links for guests)."""
    _files, problems = read_all_shares(
        cfg.root,
        reviews_dir=cfg.reviews_dir,
        assets_dir=cfg.assets_dir,
        zones=campaign_zones(ws),
    )
    return problems


def campaign_zones(ws: Workspace) -> dict[str, tzinfo]:
    """Each campaign's timezone (UTC when its brief names none it knows)."""
    return zones_of(ws.campaigns)


def _is_shares_file(rel: str, cfg: Settings) -> bool:
    return classify_review_file(rel, cfg.reviews_dir)[0] == "shares"


def _share_fields(share: Share) -> tuple:
    """What a share grants, as written (where it was written does not count)."""
    return (
        share.to,
        share.assets,
        share.expires,
        share.can,
        share.passphrase,
        share.created_by,
        share.created_at,
    )


def _shares_only_grow(
    top: Path, base: str, repo_path: str, rel: str, cfg: Settings
) -> list[Problem]:
    """A shares.yml (a campaign's, or the team links') may gain shares and revocations,
    never lose or change one: else a pull request could widen a guest's access or lift a
    revocation."""
    campaign = file_campaign(rel, cfg.reviews_dir)
    root = cfg.root

    def read(text: str) -> SharesFile:
        return parse_shares(text, rel=rel, campaign=campaign)[0]

    before = read(_git(top, "show", f"{base}:{repo_path}").stdout.decode("utf-8", "replace"))
    path = root / rel
    after = read(path.read_text("utf-8", "replace")) if path.is_file() else SharesFile("", rel)
    now = {s.id: s for s in after.shares}
    lifted = {r.id for r in after.revoked}
    out: list[Problem] = []
    how = (
        f"shares and revocations are never edited or removed: restore them "
        f"(`git checkout {base[:12]} -- '{rel}'`), then add a share or a revocation"
    )
    for old in before.shares:
        new = now.get(old.id)
        if new is None or _share_fields(new) != _share_fields(old):
            what = "removed" if new is None else "changed"
            line = new.line if new is not None else 0
            out.append(Problem(rel, line, "error", f"share {old.id} was {what}; {how}"))
    for r in before.revoked:
        if r.id not in lifted:
            out.append(Problem(rel, 0, "error", f"the revocation of {r.id} was removed; {how}"))
    return out


def _since(ws: Workspace, rules: BaseRules, author: str | None, moment: datetime) -> list[Problem]:
    cfg, base = rules.settings, rules.ref
    top = open_repo(cfg.root)
    prefix = relative_prefix(cfg.root, top)
    scope = (
        f"{prefix}{cfg.reviews_dir}/",
        f"{prefix}{cfg.briefs_dir}/",
        *guarded_paths(rules, prefix),
    )
    changes = changes_since(top, rules.commit, scope)
    out = owner_review(changes, rules, top, prefix, author)
    for repo_path in sorted(changes.modified + changes.deleted):
        rel = repo_path.removeprefix(prefix)
        if _is_shares_file(rel, cfg):
            out += _shares_only_grow(top, changes.base, repo_path, rel, cfg)
            continue
        if not is_decision_file(rel, cfg.reviews_dir):  # the loader's own definition
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
    added = [p.removeprefix(prefix) for p in sorted(changes.added)]
    for rel in added:
        late = name_time_problem(rel, moment) if is_decision_file(rel, cfg.reviews_dir) else None
        if late is not None:
            out.append(late)
    if author is not None:
        out += _authors(ws, rules, added, author)
    return out


def _authors(ws: Workspace, rules: BaseRules, added: list[str], author: str) -> list[Problem]:
    """Decisions added by the pull request belong to its author (or are the campaign
    owner's import, as the base's brief names the owner: a warning)."""
    out: list[Problem] = []
    by_path = {d.path: d for d in ws.decisions}
    for rel in added:
        decision = by_path.get(rel)
        if decision is None or same_login(decision.reviewer, author):
            continue
        owner = base_owner(rules, decision.campaign)
        line = decision.lines.get(("reviewer",), decision.line)
        if same_login(owner, author):  # `proofroom import` of a reviewer without an account
            out.append(
                Problem(
                    rel,
                    line,
                    "warning",
                    f"decision of {decision.reviewer!r} filed by the campaign owner "
                    f"{author!r} (imported): check with {decision.reviewer} that it is theirs",
                )
            )
            continue
        out.append(
            Problem(
                rel,
                line,
                "error",
                f"this decision is signed by {decision.reviewer!r} but added by "
                f"{author!r}: reviewers add their own decisions (ask {decision.reviewer} "
                "to open the pull request, or import it with their consent)",
            )
        )
    return out
