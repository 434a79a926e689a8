"""Timeliness as text: the terminal table and the Markdown of a workflow job summary.

Same figures as the JSON and the dashboard; only the layout differs. The Markdown is
made for ``$GITHUB_STEP_SUMMARY``: overdue first, tables, under GitHub's 1 MiB limit.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Status
from ..timeliness import CampaignTimes, DeliverableTimes, Timeliness, stage_waits
from . import markdown_table as md
from .markdown_table import cell

SUMMARY_LIMIT = 1024 * 1024  # GitHub refuses a larger job summary
_MARGIN = 16 * 1024  # room for the lines after the deliverables table


def _num(value: float | None, suffix: str = "") -> str:
    return "-" if value is None else f"{value:g}{suffix}"


def _hours(value: float | None) -> str:
    """Like the dashboard: hours below two days (``26.3 h``), days above (``37.2 d``)."""
    if value is None:
        return "-"
    if abs(value) < 48:
        return f"{round(value, 1):g} h"
    return f"{round(value / 24, 1):g} d"


def _rate(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.0f}%"


def result(d: DeliverableTimes) -> str:
    if d.overdue:
        return "overdue"
    return {True: "on time", False: "late", None: "-"}[d.on_time]


def _waiting(d: DeliverableTimes) -> str:
    if d.status == Status.MISSING:
        return "file not delivered"
    if d.stage is None:
        return "-"
    return d.stage if d.status == Status.IN_REVIEW else f"{d.stage} ({d.status.replace('_', ' ')})"


def _wip(c: CampaignTimes) -> str:
    parts = [f"{name} {n}" for name, n in c.wip.items()]
    if c.missing:
        parts.append(f"not delivered {c.missing}")
    return ", ".join(parts) or "-"


def markdown(t: Timeliness, *, source: str = "git", notes: Sequence[str] = ()) -> str:
    """For $GITHUB_STEP_SUMMARY: overdue first, campaigns, waits, reviewers, details."""
    origin = "GitHub pull request merge times" if source == "github" else "git commit times"
    lines = ["# Review timeliness", "", f"As of {t.now:%Y-%m-%d %H:%M} UTC, from {origin}."]
    lines += [f"> {cell(n)}" for n in notes]
    lines += _overdue_section(t)
    lines += _campaigns_section(t)
    lines += _waits_section(t)
    lines += _reviewers_section(t)
    lines += _deliverables_section(t, lines)
    return "\n".join(lines) + "\n"


def _overdue_section(t: Timeliness) -> list[str]:
    """What is late now comes first: the reason a summary gets read."""
    lines = ["", "## Overdue", ""]
    overdue = sorted((d for d in t.deliverables if d.overdue), key=lambda d: (d.due, d.id))
    if overdue:
        rows = [
            [
                cell(d.campaign),
                cell(d.id),
                f"{d.due:%Y-%m-%d %H:%M}" if d.due else "-",
                cell(_waiting(d)),
            ]
            for d in overdue
        ]
        lines += md.table(["Campaign", "Deliverable", "Due (UTC)", "Waiting on"], rows)
    else:
        lines.append("Nothing is overdue.")
    return lines


def _campaigns_section(t: Timeliness) -> list[str]:
    """One row per campaign: the same figures as its dashboard card."""
    rows = [
        [
            cell(c.id),
            _rate(c.on_time_rate),
            _hours(c.median_cycle_hours),
            _hours(c.p90_cycle_hours),
            str(len(c.overdue)),
            cell(_wip(c)),
            _hours(c.median_production_hours),
        ]
        for c in t.campaigns
    ]
    headers = [
        "Campaign",
        "On time",
        "Median cycle",
        "90th pct cycle",
        "Overdue",
        "In progress (stage: deliverables)",
        "Median production",
    ]
    return ["", "## Campaigns", ""] + (
        md.table(headers, rows, "lrrrrlr") if rows else ["No campaign yet."]
    )


def _waits_section(t: Timeliness) -> list[str]:
    """The slowest stage named first, then every stage's median wait."""
    lines = ["", "## Where review waits", ""]
    waits = stage_waits(t.deliverables)
    if t.bottleneck:
        b = t.bottleneck
        lines += [
            f"Bottleneck: **{cell(b['stage'])}**, median wait {_hours(b['median_wait_hours'])}.",
            "",
        ]
        rows = [[cell(name), _hours(median), str(n)] for name, median, n in waits]
        lines += md.table(["Stage", "Median wait", "Passed"], rows, "lrr")
    else:
        lines.append("No stage has passed yet.")
    return lines


def _reviewers_section(t: Timeliness) -> list[str]:
    """How fast each reviewer answers."""
    lines = ["", "## Reviewers", ""]
    if t.reviewers:
        rows = [
            [
                cell(r.reviewer),
                str(r.answers),
                _hours(r.median_response_hours),
                _hours(r.p90_response_hours),
            ]
            for r in t.reviewers
        ]
        lines += md.table(["Reviewer", "Answers", "Median response", "90th pct"], rows, "lrrr")
    else:
        lines.append("No decision has landed yet.")
    return lines


def _deliverables_section(t: Timeliness, before: Sequence[str]) -> list[str]:
    """Rows while the summary (``before`` counts) fits GitHub's limit; the rest is counted."""
    lines = ["", "## Deliverables", ""]
    headers = ["Campaign", "Deliverable", "Rounds", "Cycle", "Lateness", "Production", "Result"]
    body = md.table(headers, [], "llrrrrl")
    used = len("\n".join([*before, *lines]).encode()) + _MARGIN
    shown = 0
    for d in t.deliverables:
        row = (
            f"| {cell(d.campaign)} | {cell(d.id)} | {_num(d.rounds)} | {_hours(d.cycle_hours)} "
            f"| {_hours(d.lateness_hours)} | {_hours(d.production_hours)} | {result(d)} |"
        )
        used += len(row.encode()) + 1
        if used > SUMMARY_LIMIT:
            break
        body.append(row)
        shown += 1
    lines += body if t.deliverables else ["No deliverable yet."]
    if shown < len(t.deliverables):
        lines += ["", f"{len(t.deliverables) - shown} more deliverables are in the JSON report."]
    return lines


def table(t: Timeliness, *, notes: Sequence[str] = ()) -> str:
    """A readable terminal report: one line per deliverable, then campaigns and people."""
    rows = [("CAMPAIGN", "DELIVERABLE", "ROUNDS", "CYCLE", "LATENESS", "RESULT", "WAITING ON")]
    for d in t.deliverables:
        rows.append(
            (
                d.campaign,
                d.id,
                _num(d.rounds),
                _hours(d.cycle_hours),
                _hours(d.lateness_hours),
                result(d),
                _waiting(d),
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    out = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    out.append("")
    for c in t.campaigns:
        out.append(
            f"{c.id}: on time {_rate(c.on_time_rate)}, median cycle "
            f"{_hours(c.median_cycle_hours)}, p90 {_hours(c.p90_cycle_hours)}, "
            f"in progress: {_wip(c)}"
        )
    if t.bottleneck:
        out.append(
            f"bottleneck: {t.bottleneck['stage']} "
            f"(median wait {_hours(t.bottleneck['median_wait_hours'])})"
        )
    if t.reviewers:
        people = ", ".join(f"{r.reviewer} {_hours(r.median_response_hours)}" for r in t.reviewers)
        out.append(f"median response: {people}")
    out += [f"note: {n}" for n in notes]
    return "\n".join(out) + "\n"
