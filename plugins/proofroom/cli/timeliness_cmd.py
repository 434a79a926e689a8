"""``proofroom timeliness``: on time? how many rounds? where does review wait?"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

import click

from ..core.timeliness import Timeliness, timeliness, timeliness_warnings
from ..core.workspace import load_workspace, now_utc
from .common import now_option, parse_now, project_of, report


def _num(value: float | None, suffix: str = "") -> str:
    return "-" if value is None else f"{value:g}{suffix}"


def _rate(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.0f}%"


def _on_time(value: bool | None) -> str:
    return {True: "on time", False: "late", None: "-"}[value]


def markdown(t: Timeliness) -> str:
    """For $GITHUB_STEP_SUMMARY: overdue first, then campaigns, the bottleneck, details."""
    lines = ["# Review timeliness", "", f"As of {t.now:%Y-%m-%d %H:%M} UTC.", ""]
    overdue = [d for d in t.deliverables if d.overdue]
    lines += ["## Overdue", ""]
    if overdue:
        lines += ["| Campaign | Deliverable | Due (UTC) |", "|---|---|---|"]
        lines += [
            f"| {_cell(d.campaign)} | {_cell(d.id)} | {d.due:%Y-%m-%d %H:%M} |"
            for d in overdue
            if d.due
        ]
    else:
        lines.append("Nothing is overdue.")
    lines += ["", "## Campaigns", "", "| Campaign | On time | Median cycle | 90th pct cycle |"]
    lines.append("|---|---:|---:|---:|")
    for c in t.campaigns:
        lines.append(
            f"| {_cell(c.id)} | {_rate(c.on_time_rate)} | {_num(c.median_cycle_hours, ' h')} "
            f"| {_num(c.p90_cycle_hours, ' h')} |"
        )
    lines += ["", "## Where review waits", ""]
    if t.bottleneck:
        b = t.bottleneck
        wait = _num(b["median_wait_hours"], " h")
        lines.append(f"Bottleneck: **{_cell(b['stage'])}**, median wait {wait}.")
    else:
        lines.append("No stage has passed yet.")
    lines += ["", "## Deliverables", ""]
    lines += [
        "| Campaign | Deliverable | Rounds | Cycle | Lateness | Result |",
        "|---|---|---:|---:|---:|---|",
    ]
    for d in t.deliverables:
        cycle, late = _num(d.cycle_hours, " h"), _num(d.lateness_hours, " h")
        lines.append(
            f"| {_cell(d.campaign)} | {_cell(d.id)} | {_num(d.rounds)} | {cycle} | {late} "
            f"| {_on_time(d.on_time)} |"
        )
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    """Table cells from file names: no pipes or line breaks, no HTML."""
    return text.replace("|", "\\|").replace("\n", " ").replace("<", "&lt;").replace(">", "&gt;")


def table(t: Timeliness) -> str:
    rows = [("CAMPAIGN", "DELIVERABLE", "ROUNDS", "CYCLE", "LATENESS", "RESULT")]
    for d in t.deliverables:
        result = "overdue" if d.overdue else _on_time(d.on_time)
        rows.append(
            (
                d.campaign,
                d.id,
                _num(d.rounds),
                _num(d.cycle_hours, " h"),
                _num(d.lateness_hours, " h"),
                result,
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    out = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    out.append("")
    for c in t.campaigns:
        out.append(
            f"{c.id}: on time {_rate(c.on_time_rate)}, median cycle "
            f"{_num(c.median_cycle_hours, ' h')}, p90 {_num(c.p90_cycle_hours, ' h')}"
        )
    if t.bottleneck:
        out.append(
            f"bottleneck: {t.bottleneck['stage']} "
            f"(median wait {_num(t.bottleneck['median_wait_hours'], ' h')})"
        )
    return "\n".join(out) + "\n"


def _write(path: Path, text: str) -> None:
    """Atomic: a reader never sees half a report."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, path)


@click.command("timeliness")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "markdown"]), default="table")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the report to this file instead of the terminal.",
)
@now_option
@click.pass_obj
def timeliness_command(obj: dict, fmt: str, output: Path | None, now: str | None) -> None:
    """On time? How many rounds? Where does review wait? From commit and merge times."""
    project = project_of(obj)
    moment = now_utc(parse_now(now))
    ws, _ = load_workspace(project.workspace, now=moment)
    t = timeliness(ws, moment, assets_dir=project.workspace.assets_dir)
    if fmt == "json":
        text = json.dumps(t.to_json("git"), indent=2, ensure_ascii=False) + "\n"
    elif fmt == "markdown":
        text = markdown(t)
    else:
        text = table(t)
    if output is not None:
        _write(output, text)
    else:
        click.echo(text, nl=False)
    problems = [*ws.problems, *timeliness_warnings(t)]
    sys.exit(report(problems))
