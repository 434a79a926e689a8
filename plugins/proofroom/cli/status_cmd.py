"""``proofroom status``: where each deliverable stands."""

from __future__ import annotations

import json
import sys
import unicodedata
from datetime import date, datetime

import click

from ..core.problems import ProofroomError
from ..core.workspace import load_workspace, now_utc
from .common import now_option, parse_now, project_of, report


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


@click.command()
@click.argument("campaign", required=False)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@now_option
@click.pass_obj
def status(obj: dict, campaign: str | None, fmt: str, now: str | None) -> None:
    """Where each deliverable stands, for its current version."""
    project = project_of(obj)
    moment = now_utc(parse_now(now))
    ws, _ = load_workspace(project.workspace, now=moment)
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
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        _status_table(data)
    sys.exit(report(p for p in ws.problems if campaign is None or f"/{campaign}/" in p.path))


def _status_table(data: dict) -> None:
    rows = [("DELIVERABLE", "VERSION", "STATUS", "STAGE", "DUE", "")]
    for c in data["campaigns"]:
        rows.append((f"{c['id']} — {c['title']}", "", "", "", "", ""))
        for d in c["deliverables"]:
            flags = " ".join(f for f in ("overdue", "stale") if d[f])
            version = f"v{d['version']}" if d["version"] else "-"
            rows.append(
                (f"  {d['id']}", version, d["status"], d["stage"] or "-", d["due"] or "-", flags)
            )
    widths = [max(_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        cells = (cell + " " * (w - _width(cell)) for cell, w in zip(r, widths, strict=True))
        click.echo("  ".join(cells).rstrip())


def _width(text: str) -> int:
    """Terminal columns of ``text``: wide characters (emoji, CJK) take two, accents none."""
    return sum(
        0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
        for c in text
    )
