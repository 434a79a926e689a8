"""``proofroom renditions``: make the channel variants of a campaign's master images."""

from __future__ import annotations

import sys

import click

from ..core.media.renditions import make_renditions
from ..core.problems import Problem
from .common import echo, project_of


@click.command()
@click.argument("campaign")
@click.option("--dry-run", is_flag=True, help="Say what would be made; write nothing.")
@click.option(
    "--allow-upscale",
    is_flag=True,
    help="Make variants larger than their master's pixels (they look soft): a warning, "
    "not an error.",
)
@click.pass_obj
def renditions(obj: dict, campaign: str, dry_run: bool, allow_upscale: bool) -> None:
    """Make the missing variants of CAMPAIGN's master images, one per channel.

    A deliverable with `derived_from: MASTER` and a `channel:` is cut from MASTER's
    file around its `focus: [x, y]` and sized for the channel. Existing files are never
    replaced. Commit the new files like any other asset.
    """
    project = project_of(obj)
    errors = warnings = 0
    counts: dict[str, int] = {}
    for item in make_renditions(
        project.workspace, campaign, dry_run=dry_run, allow_upscale=allow_upscale
    ):
        if isinstance(item, Problem):
            echo(str(item), err=True)
            errors += item.is_error
            warnings += not item.is_error
            continue
        echo(str(item))
        counts[item.action] = counts.get(item.action, 0) + 1
    echo(_summary(counts, errors, warnings, dry_run, f"{project.workspace.assets_dir}/{campaign}/"))
    sys.exit(1 if errors else 0)


def _summary(counts: dict[str, int], errors: int, warnings: int, dry_run: bool, folder: str) -> str:
    """The last line: what was done, and what to do next."""
    if not counts and not errors and not warnings:
        return "nothing to make: no deliverable of this campaign has derived_from"
    order = ("created", "would create", "kept")
    parts = [f"{counts[a]} {a}" for a in order if counts.get(a)]
    if errors:
        parts.append(f"{errors} error{'s' if errors > 1 else ''} (see above)")
    line = ", ".join(parts) or "nothing made (see the warnings above)"
    if counts.get("created"):
        line += f"; review and commit them like any asset (git add {folder})"
    elif dry_run and counts.get("would create"):
        line += "; run again without --dry-run to make them"
    return line
