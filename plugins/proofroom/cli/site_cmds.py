"""Workspace and site commands: init, new, build, serve."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import click

from ..project import Project
from .common import echo, project_of


@click.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option("--name", "site_name", default="Creative reviews", help="The site's name.")
@click.option(
    "--language", default="en", type=click.Choice(["en", "fr"]), help="Interface language."
)
@click.option(
    "--force",
    is_flag=True,
    help="Add the workspace to a folder that holds files but is not a git repository.",
)
def init(directory: Path, site_name: str, language: str, force: bool) -> None:
    """Scaffold a workspace repository in DIRECTORY (never overwrites a file)."""
    from ..scaffold import init_workspace, requirement

    written = init_workspace(directory, site_name=site_name, language=language, force=force)
    for rel in written.created:
        echo(f"created {rel}")
    for rel in written.kept:
        echo(f"kept    {rel} (already there, left untouched)")
    for rel in written.extended:
        echo(f"added   to {rel}")
    note = requirement()[1]
    if note and "requirements.txt" in written.created:
        echo(f"note: {note}")
    echo(
        "\nNext: `proofroom new <campaign-id>`, add files under assets/<campaign-id>/, "
        "commit, then `proofroom serve`."
    )
    if "mkdocs.yml" in written.created:  # the user's own mkdocs.yml says what it says
        echo(
            "The site is private (privacy: private in mkdocs.yml): run `proofroom secret` and "
            "store the value\nas a repository secret named PROOFROOM_SECRET (Settings > "
            "Secrets and variables > Actions)."
        )


@click.command()
@click.argument("campaign")
@click.option("--title", default=None, help="The campaign's title (default: from its id).")
@click.pass_obj
def new(obj: dict, campaign: str, title: str | None) -> None:
    """Create the brief, assets/ and reviews/ folders of CAMPAIGN."""
    from ..scaffold import new_campaign

    project = project_of(obj)
    ws = project.workspace
    written = new_campaign(
        ws.root,
        campaign,
        title=title,
        content_dir=ws.content_dir,
        assets_dir=ws.assets_dir,
        reviews_dir=ws.reviews_dir,
    )
    for rel in written.created:
        echo(f"created {rel}")


def _check_repository(project: Project) -> None:
    """Stop on environment errors (no repository, shallow clone) with one line and exit 2,
    before MkDocs would wrap them in its own two-line abort and exit 1."""
    from ..core.git.history import open_repo

    open_repo(project.workspace.root)


def _mkdocs(args: list[str]) -> None:
    """Run MkDocs' own command line in this process (same logging and options)."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # this release pins mkdocs<2
    from mkdocs.__main__ import cli as mkdocs_cli

    mkdocs_cli.main(args=args, prog_name="proofroom", standalone_mode=True)


@click.command()
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option("-d", "--site-dir", default=None, help="Where to write the site.")
@click.pass_obj
def build(obj: dict, strict: bool, site_dir: str | None) -> None:
    """Build the static site (the same as `mkdocs build`)."""
    project = project_of(obj)
    _check_repository(project)
    args = ["build", "-f", str(project.config_file)]
    if strict:
        args.append("--strict")
    if site_dir:  # like every path given with -C, relative to that folder
        args += ["-d", str(obj["workdir"] / site_dir)]
    _mkdocs(args)


@click.command()
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", help="HOST:PORT to serve on.")
@click.option("--open", "open_browser", is_flag=True, help="Open the site in a browser.")
@click.pass_obj
def serve(obj: dict, dev_addr: str, open_browser: bool) -> None:
    """Live preview of the workspace, uncommitted files included."""
    project = project_of(obj)
    _check_repository(project)
    # Dirty rebuilds: only pages whose sources changed are rendered again; the plugin keeps
    # its model between rebuilds and marks the pages a change affects.
    args = ["serve", "-f", str(project.config_file), "--dev-addr", dev_addr, "--dirty"]
    if open_browser:
        args.append("--open")
    logging.getLogger("mkdocs.commands.build").addFilter(_DirtyNotice())
    _mkdocs(args)


class _DirtyNotice(logging.Filter):
    """MkDocs warns on every dirty build that navigation may be stale; the plugin renders
    every page again when the navigation changes, so the warning says nothing here."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build" not in record.getMessage()
