"""The ``proofroom`` command line. Exit codes: 0 ok, 1 problems found, 2 usage or environment.

Each module holds a family of commands; this one only assembles the group.
"""

from __future__ import annotations

from pathlib import Path

import click

from .. import __version__
from . import (
    export_cmd,
    renditions_cmd,
    review_cmds,
    share_cmds,
    site_cmds,
    status_cmd,
    timeliness_cmd,
)
from .common import Group


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="proofroom")
@click.option(
    "-C",
    "workdir",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    help="Run as if started in this folder.",
)
@click.option(
    "-f",
    "--config-file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The site configuration (default: mkdocs.yml of the workspace).",
)
@click.pass_context
def main(ctx: click.Context, workdir: Path, config_file: Path | None) -> None:
    """Review marketing creative work kept in a git repository."""
    ctx.obj = {"workdir": workdir, "config_file": config_file}


for command in (
    site_cmds.init,
    site_cmds.new,
    status_cmd.status,
    review_cmds.review,
    review_cmds.import_,
    review_cmds.validate,
    review_cmds.codeowners,
    share_cmds.secret_command,
    share_cmds.share,
    share_cmds.shares_command,
    renditions_cmd.renditions,
    timeliness_cmd.timeliness_command,
    site_cmds.build,
    site_cmds.serve,
    export_cmd.export,
):
    main.add_command(command)
