"""``proofroom status``: where each deliverable stands."""

from __future__ import annotations

import json
import sys
import unicodedata
from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import click

from ..core.git.changes import changes_since
from ..core.git.history import open_repo
from ..core.model import Campaign
from ..core.problems import ProofroomError
from ..core.reports import pull_summary
from ..core.reports.markdown_table import cell, row
from ..core.workspace import load_workspace, now_utc, relative_prefix
from .common import echo, now_option, parse_now, project_of, report


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


@click.command()
@click.argument("campaign", required=False)
@click.option("--format", "fmt", type=click.Choice(["table", "json", "markdown"]), default="table")
@click.option(
    "--base",
    default=None,
    metavar="REF",
    help="Report what changed since REF (e.g. origin/main): new versions, decisions, "
    "statuses that move. For a pull request's job summary.",
)
@now_option
@click.pass_obj
def status(obj: dict, campaign: str | None, fmt: str, base: str | None, now: str | None) -> None:
    """Where each deliverable stands, for its current version."""
    project = project_of(obj)
    moment = now_utc(parse_now(now))
    ws, _ = load_workspace(project.workspace, now=moment)
    if base is not None:
        _since(project.workspace, ws, base, fmt, moment)
        sys.exit(report(ws.problems))
    campaigns = ws.campaigns
    if campaign is not None:
        campaigns = [c for c in campaigns if c.id == campaign]
        if not campaigns:
            known = ", ".join(c.id for c in ws.campaigns) or "none"
            raise ProofroomError(f"no campaign {campaign!r} (known: {known})")
    data = {
        "campaigns": [
            {
                "id": c.id,
                "title": c.title,
                "deliverables": [
                    {
                        "id": d.id,
                        "asset": f"{project.workspace.assets_dir}/{c.id}/{d.asset_rel}",
                        "version": d.asset.current.number if d.asset and d.asset.current else None,
                        "sha": d.asset.current.blob if d.asset and d.asset.current else None,
                        "status": d.status,
                        "stage": d.stage,
                        "due": _iso(d.due),
                        "overdue": d.overdue,
                        "stale": d.stale,
                    }
                    for d in c.deliverables
                ],
            }
            for c in campaigns
        ]
    }
    if fmt == "json":
        echo(json.dumps(data, indent=2, ensure_ascii=False))
    elif fmt == "markdown":
        echo(_status_markdown(campaigns), nl=False)
    else:
        _status_table(campaigns)
    sys.exit(report(p for p in ws.problems if campaign is None or f"/{campaign}/" in p.path))


def _since(cfg, ws, base: str, fmt: str, moment: datetime) -> None:
    """``--base``: compare the model at the merge base with the one at HEAD."""
    root = cfg.root.resolve()
    top = open_repo(root)
    prefix = relative_prefix(root, top)
    found = changes_since(top, base, (f"{prefix}{cfg.assets_dir}/", f"{prefix}{cfg.reviews_dir}/"))
    before, _ = load_workspace(replace(cfg, ref=found.base, working_copy=False), now=moment)
    summary = pull_summary.summarize(found.base, before, ws)
    if fmt == "json":
        echo(json.dumps(summary.to_json(), indent=2, ensure_ascii=False))
    elif fmt == "markdown":
        echo(pull_summary.markdown(summary), nl=False)
    else:
        echo(pull_summary.text(summary), nl=False)


def _local_due(value: date | datetime | None, tz: str) -> str:
    """Due dates as the team reads them: a date as is, a time in the campaign's zone."""
    if value is None:
        return "-"
    if not isinstance(value, datetime):
        return value.isoformat()
    try:
        local = value.astimezone(ZoneInfo(tz))
    except (ZoneInfoNotFoundError, ValueError):
        local = value
    return f"{local:%Y-%m-%d %H:%M} {local.tzname() or ''}".rstrip()


def _status_markdown(campaigns: list[Campaign]) -> str:
    """One table per campaign, for a job summary or a pull request comment."""
    lines = ["### Review status", ""]
    for c in campaigns:
        tz = c.brief.timezone if c.brief else "UTC"
        lines += [f"**{cell(c.title)}** ({cell(c.id)})", ""]
        if not c.deliverables:
            lines += ["No deliverable.", ""]
            continue
        lines.append(row(["Deliverable", "Version", "Status", "Stage", "Due", ""]))
        lines.append("|---|---|---|---|---|---|")
        for d in c.deliverables:
            current = d.asset.current if d.asset else None
            flags = ", ".join(f for f in ("overdue", "stale") if getattr(d, f))
            cells = [
                d.id,
                f"v{current.number}" if current else "-",
                d.status.replace("_", " "),
                d.stage or "-",
                _local_due(d.due, tz),
                flags,
            ]
            lines.append(row(cell(x) for x in cells))
        lines.append("")
    if not campaigns:
        lines += ["No campaign yet.", ""]
    return "\n".join(lines)


def _status_table(campaigns: list[Campaign]) -> None:
    header = ("DELIVERABLE", "VERSION", "STATUS", "STAGE", "DUE", "")
    blocks: list[tuple[str, list[tuple[str, ...]]]] = []
    for c in campaigns:
        tz = c.brief.timezone if c.brief else "UTC"
        rows: list[tuple[str, ...]] = []
        for d in c.deliverables:
            flags = " ".join(f for f in ("overdue", "stale") if getattr(d, f))
            current = d.asset.current if d.asset else None
            version = f"v{current.number}" if current else "-"
            stage = d.stage or "-"
            rows.append((f"  {d.id}", version, d.status, stage, _local_due(d.due, tz), flags))
        blocks.append((f"{c.id} — {c.title}", rows))
    table: list[tuple[str, ...]] = [header, *(r for _, rows in blocks for r in rows)]
    widths = [max(_width(r[i]) for r in table) for i in range(len(header))]

    def line(cells: tuple[str, ...]) -> str:
        padded = (c + " " * (w - _width(c)) for c, w in zip(cells, widths, strict=True))
        return "  ".join(padded).rstrip()

    echo(line(header))
    for title, rows in blocks:
        echo(title)  # campaign titles run across the columns
        for r in rows:
            echo(line(r))


def _width(text: str) -> int:
    """Terminal columns of ``text``: wide characters (emoji, CJK) take two, accents none."""
    return sum(
        0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
        for c in text
    )
