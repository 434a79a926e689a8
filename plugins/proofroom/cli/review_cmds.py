"""Decision commands: review, import, validate, codeowners."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import replace
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import click

from ..core.inputs.decision_files import decision_path, import_decision, render_decision, write_new
from ..core.inputs.decisions import check_asset_path, parse_decision
from ..core.inputs.guest_decisions import guest_problems
from ..core.inputs.team import read_team_file
from ..core.model import DECISIONS
from ..core.problems import Problem, ProofroomError
from ..core.secret import site_secret
from ..core.settings import Settings
from ..core.validate import validate as validate_workspace
from ..core.workspace import load_workspace, now_utc, workspace_guests
from ..project import Project
from .common import echo, now_option, parse_now, project_of, report


def _fractions(text: str, count: int, option: str) -> list[float]:
    try:
        values = [float(part) for part in text.split(",")]
    except ValueError:
        values = []
    if len(values) != count or not all(0.0 <= v <= 1.0 for v in values):
        example = "0.42,0.18" if count == 2 else "0.10,0.10,0.50,0.30"
        raise click.BadParameter(
            f"{text!r}: give {count} fractions between 0 and 1 separated by commas, e.g. {example}",
            param_hint=option,
        )
    return values


def _comment_text(text: str, option: str) -> str:
    if not text.strip():
        raise click.BadParameter(
            "the comment text is empty; write what to change", param_hint=option
        )
    return text


def _problem_lines(problems: list[Problem], written: str, brief: str) -> list[Problem]:
    """What to say after filing ``written``: its own warnings, and a broken brief.

    The decision is valid on its own (it binds to the asset's content), so it is kept;
    but while the campaign's brief has errors, stages and approvers may not be what the
    team meant, so the person filing it hears about it.
    """
    own = [p for p in problems if p.path == written]
    brief_errors = sum(1 for p in problems if p.path == brief and p.is_error)
    if brief_errors:
        own.append(
            Problem(
                brief,
                0,
                "warning",
                f"this brief has {brief_errors} error(s), so the decision may not count as "
                "intended; run `proofroom validate` and fix them",
            )
        )
    return own


def _asset_key(project: Project, asset: str) -> str:
    """The workspace-relative path of ASSET, given from the workspace or the current folder."""
    root = project.workspace.root
    given = Path(asset)
    candidates = [given] if given.is_absolute() else [Path.cwd() / given, root / given]
    for candidate in candidates:
        try:
            rel = candidate.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            continue
        if candidate.exists() or rel.startswith(f"{project.workspace.assets_dir}/"):
            return rel
    return given.as_posix()


@click.command()
@click.argument("asset")
@click.option("--decision", "-d", required=True, type=click.Choice(DECISIONS), help="The decision.")
@click.option("--reviewer", "-r", required=True, help="Your login (e.g. your GitHub login).")
@click.option("--stage", default=None, help="The stage you decide for (when you approve several).")
@click.option("--summary", "-s", default=None, help="One sentence: why.")
@click.option("--comment", "comments", multiple=True, help="A comment (repeatable).")
@click.option(
    "--pin", "pins", multiple=True, type=(str, str), metavar="X,Y TEXT", help="A pinned comment."
)
@click.option(
    "--box",
    "boxes",
    multiple=True,
    type=(str, str),
    metavar="X,Y,W,H TEXT",
    help="A boxed comment.",
)
@now_option
@click.pass_obj
def review(
    obj: dict,
    asset: str,
    decision: str,
    reviewer: str,
    stage: str | None,
    summary: str | None,
    comments: tuple[str, ...],
    pins: tuple[tuple[str, str], ...],
    boxes: tuple[tuple[str, str], ...],
    now: str | None,
) -> None:
    """Write a decision file for the current version of ASSET; print its path."""
    project = project_of(obj)
    cfg = project.workspace
    reviewer = reviewer.strip()
    if not reviewer:
        raise click.BadParameter("the reviewer login is empty", param_hint="--reviewer")
    if any(ch.isspace() for ch in reviewer):
        raise click.BadParameter(
            f"{reviewer!r} is not a login: write it without spaces, e.g. alice",
            param_hint="--reviewer",
        )
    if stage is not None and not stage.strip():
        raise click.BadParameter(
            "the stage is empty; name a stage of the brief", param_hint="--stage"
        )
    items: list[dict] = [{"text": _comment_text(text, "--comment")} for text in comments]
    for where, text in pins:
        items.append({"text": _comment_text(text, "--pin"), "pin": _fractions(where, 2, "--pin")})
    for where, text in boxes:
        x, y, w, h = _fractions(where, 4, "--box")
        if w <= 0 or h <= 0:
            raise click.BadParameter(
                f"{where!r}: the box has no width or height", param_hint="--box"
            )
        if x + w > 1.0 + 1e-9 or y + h > 1.0 + 1e-9:
            raise click.BadParameter(f"{where!r}: the box overflows the image", param_hint="--box")
        items.append({"text": _comment_text(text, "--box"), "box": [x, y, w, h]})
    key = _asset_key(project, asset)
    campaign = key.split("/")[1] if key.count("/") >= 2 else None
    message = check_asset_path(key, campaign, assets_dir=cfg.assets_dir)
    if message:
        raise ProofroomError(f"{asset}: {message}")
    ws, _history = load_workspace(cfg, now=now_utc(parse_now(now)))
    target = next((a for c in ws.campaigns for a in c.assets if a.path == key), None)
    if target is None or target.current is None:
        raise ProofroomError(
            f"{key}: no committed version of this asset; commit it first, or check the path"
        )
    current = target.current
    data = {
        "asset": key,
        "version": current.number,
        "sha": current.blob[:12],
        "reviewer": reviewer,
        "stage": stage.strip() if stage else None,
        "decision": decision,
        "summary": summary if summary and summary.strip() else None,
        "comments": items,
    }
    when = now_utc(parse_now(now)) if now else datetime.now(UTC)
    rel = decision_path(key, reviewer, when, reviews_dir=cfg.reviews_dir, assets_dir=cfg.assets_dir)
    text = render_decision(data)
    # The reader has the last word: never write a file that `validate` would refuse.
    _checked, found = parse_decision(
        text, rel=rel, campaign=target.campaign, assets_dir=cfg.assets_dir
    )
    errors = [p for p in found if p.is_error]
    if errors:
        raise ProofroomError(f"{asset}: {errors[0].message}")
    written = write_new(cfg.root, rel, text)
    echo(written)
    _after_filing(cfg, written, target.campaign, now)


def _after_filing(cfg: Settings, written: str, campaign: str, now: str | None) -> None:
    """Warnings about a decision just filed (not an approver, unknown stage, broken brief)."""
    ws, _ = load_workspace(replace(cfg, working_copy=True), now=now_utc(parse_now(now)))
    report(_problem_lines(ws.problems, written, f"{cfg.briefs_dir}/{campaign}/index.md"))


@click.command("import")
@click.argument("source", type=click.File("rb"))
@now_option
@click.pass_obj
def import_(obj: dict, source, now: str | None) -> None:
    """File a decision YAML received from a reviewer without an account (FILE or -)."""
    project = project_of(obj)
    cfg = project.workspace
    moment = now_utc(parse_now(now))
    ws, _history = load_workspace(cfg, now=moment)
    histories = {a.path: a.history for c in ws.campaigns for a in c.assets}
    name = getattr(source, "name", "-")
    data = source.read(1_000_001)
    guests = workspace_guests(ws.root, cfg, ws.campaigns, partial(site_secret, os.environ))
    written, problems = import_decision(
        cfg.root,
        data,
        source_name="-" if name in ("-", "<stdin>") else name,
        histories=histories,
        reviews_dir=cfg.reviews_dir,
        assets_dir=cfg.assets_dir,
        now=moment,
        check=lambda decision: guest_problems(decision, guests, moment),
    )
    code = report(problems)
    if written:
        echo(written)
        campaign = written[len(cfg.reviews_dir) + 1 :].split("/", 1)[0]
        _after_filing(cfg, written, campaign, now)
    sys.exit(code if written is None or code else 0)


@click.command()
@click.option("--base", default=None, help="Check what changed since this ref (append-only).")
@click.option("--author", default=None, help="Decisions added since --base must be this login's.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("--strict", is_flag=True, help="Warnings fail too.")
@now_option
@click.pass_obj
def validate(
    obj: dict, base: str | None, author: str | None, fmt: str, strict: bool, now: str | None
) -> None:
    """Check briefs, decisions and team.yml (the work tree, as a commit would see it)."""
    project = project_of(obj)
    _ws, problems = validate_workspace(
        project.workspace,
        base=base,
        author=author,
        now=now_utc(parse_now(now)),
        secret=partial(site_secret, os.environ),
    )
    problems = sorted(set(problems), key=lambda p: (p.path, p.line, p.severity, p.message))
    errors = sum(p.is_error for p in problems)
    if fmt == "json":
        echo(
            json.dumps(
                {
                    "problems": [_problem_json(p) for p in problems],
                    "errors": errors,
                    "warnings": len(problems) - errors,
                },
                indent=2,
                ensure_ascii=False,
            )
        )
        sys.exit(1 if errors or (strict and problems) else 0)
    for p in problems:
        echo(str(p))
    if not problems:
        echo("ok: briefs, decisions and team.yml are valid")
    sys.exit(1 if errors or (strict and problems) else 0)


def _problem_json(p: Problem) -> dict:
    return {"path": p.path, "line": p.line, "severity": p.severity, "message": p.message}


@click.command()
@click.pass_obj
def codeowners(obj: dict) -> None:
    """Print a CODEOWNERS block: the admins review the rules, each campaign's owner its brief."""
    project = project_of(obj)
    cfg = project.workspace
    ws, _ = load_workspace(cfg)
    team = read_team_file(cfg.root / cfg.reviews_dir / "team.yml", workspace=cfg.root)
    lines = _rules_lines(cfg, project.config_file.name, team.admins)
    lines += [
        "# Proofroom: a brief decides who approves what, so its campaign owner reviews",
        '# every change to it (with branch protection\'s "Require review from Code Owners").',
    ]
    for campaign in ws.campaigns:
        brief = campaign.brief
        folder = f"/{cfg.briefs_dir}/{campaign.id}/"
        if brief is None:
            continue
        if brief.owner:
            lines.append(f"{_escape(folder)} @{brief.owner}")
        else:
            lines.append(f"# {folder}: no `owner:` in the brief; add one to protect it")
    echo("\n".join(lines))


def _rules_lines(cfg: Settings, config_name: str, admins: tuple[str, ...]) -> list[str]:
    """The paths that decide the rules (validate --base asks an admin for them)."""
    paths = [
        f"/{config_name}",
        "/requirements.txt",
        "/.github/",
        f"/{cfg.reviews_dir}/team.yml",
        f"/{cfg.briefs_dir}/",  # a new campaign's brief, before it has an owner
    ]
    lines = [
        "# Proofroom: the settings, what the checks install, the workflows, the team file",
        "# and new briefs decide the rules of the review: its admins review every change",
        f"# (admins: in {cfg.reviews_dir}/team.yml).",
    ]
    owners = " ".join(f"@{login}" for login in admins)
    for path in paths:
        if owners:
            lines.append(f"{_escape(path)} {owners}")
        else:
            lines.append(
                f"# {path}: no admins: in {cfg.reviews_dir}/team.yml; add them to protect it"
            )
    return lines


def _escape(path: str) -> str:
    """CODEOWNERS patterns split on spaces: escape them."""
    return path.replace(" ", "\\ ")
