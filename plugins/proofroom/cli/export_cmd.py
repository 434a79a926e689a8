"""``proofroom export DIR``: the site as a plain MkDocs project, for another generator."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .common import echo, now_option, parse_now, project_of


@click.command("export")
@click.argument("directory", type=click.Path(path_type=Path))  # checked by export_site
@click.option("--strict", is_flag=True, help="Exit 1 when the workspace has problems.")
@now_option
@click.pass_obj
def export(obj: dict, directory: Path, strict: bool, now: str | None) -> None:
    """Write the generated pages and media to DIRECTORY, with an mkdocs.yml that needs
    no plugin (for Zensical or plain MkDocs). A new or empty folder, or a previous export."""
    from ..build import problems_by_severity
    from ..export import export_site

    project = project_of(obj)
    moment = parse_now(now)
    if project.workspace.privacy == "private":
        echo(
            "note: this workspace is private (privacy: private), and an export is in clear: "
            "publish it only where every campaign in it may be seen",
            err=True,
        )
    result = export_site(
        project.config_file,
        obj["workdir"] / directory,  # like every path given with -C, relative to that folder
        now=moment,
        progress=lambda line: echo(line, err=True),
    )
    for problem in problems_by_severity(result.problems):
        echo(str(problem), err=True)
    echo(result.summary())
    if strict and result.problems:
        sys.exit(1)
