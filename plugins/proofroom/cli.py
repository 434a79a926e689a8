"""The ``proofroom`` command line. Exit codes: 0 ok, 1 problems found, 2 usage or environment."""

from __future__ import annotations

import json
import os
import sys
import unicodedata
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path

import click

from . import __version__
from .core.problems import Problem, ProofroomError
from .core.workspace import load_workspace, now_utc
from .project import Project, load_project


def _fail(exc: ProofroomError) -> None:
    click.echo(str(exc), err=True)
    sys.exit(exc.exit_code)


def _report(problems: Iterable[Problem], strict: bool = False) -> int:
    """Print problems on stderr; the exit code they call for."""
    problems = sorted(set(problems), key=lambda p: (p.path, p.line, p.severity, p.message))
    for p in problems:
        click.echo(str(p), err=True)
    errors = any(p.is_error for p in problems)
    return 1 if errors or (strict and problems) else 0


class _Group(click.Group):
    """Turns ProofroomError into one line and exit 2, anywhere below."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ProofroomError as exc:
            _fail(exc)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
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


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option("--name", "site_name", default="Creative reviews", help="The site's name.")
@click.option(
    "--language", default="en", type=click.Choice(["en", "fr"]), help="Interface language."
)
def init(directory: Path, site_name: str, language: str) -> None:
    """Scaffold a workspace repository in DIRECTORY (never overwrites a file)."""
    from .scaffold import init_workspace

    written = init_workspace(directory, site_name=site_name, language=language)
    for rel in written.created:
        click.echo(f"created {rel}")
    for rel in written.kept:
        click.echo(f"kept    {rel} (already there, left untouched)")
    click.echo(
        "\nNext: `proofroom new <campaign-id>`, add files under assets/<campaign-id>/, "
        "commit, then `proofroom serve`."
    )


@main.command()
@click.argument("campaign")
@click.option("--title", default=None, help="The campaign's title (default: from its id).")
@click.pass_obj
def new(obj: dict, campaign: str, title: str | None) -> None:
    """Create the brief, assets/ and reviews/ folders of CAMPAIGN."""
    from .scaffold import new_campaign

    project = load_project(obj["workdir"], obj["config_file"])
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
        click.echo(f"created {rel}")


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


@main.command()
@click.argument("campaign", required=False)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@click.option("--now", "now", default=None, help="The moment for overdue checks (ISO 8601).")
@click.pass_obj
def status(obj: dict, campaign: str | None, fmt: str, now: str | None) -> None:
    """Where each deliverable stands, for its current version."""
    project = load_project(obj["workdir"], obj["config_file"])
    moment = now_utc(_parse_now(now))
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
    sys.exit(_report(p for p in ws.problems if campaign is None or f"/{campaign}/" in p.path))


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


def _parse_now(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise click.BadParameter(
            f"{text!r} is not an ISO 8601 date-time, e.g. 2027-02-10T18:00:00Z", param_hint="--now"
        ) from None


def _check_repository(project: Project) -> None:
    """Stop on environment errors (no repository, shallow clone) with one line and exit 2,
    before MkDocs would wrap them in its own two-line abort and exit 1."""
    from .core.gitlog import open_repo

    open_repo(project.workspace.root)


def _mkdocs(args: list[str]) -> None:
    """Run MkDocs' own command line in this process (same logging and options)."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # this release pins mkdocs<2
    from mkdocs.__main__ import cli as mkdocs_cli

    mkdocs_cli.main(args=args, prog_name="proofroom", standalone_mode=True)


@main.command()
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option("-d", "--site-dir", default=None, help="Where to write the site.")
@click.pass_obj
def build(obj: dict, strict: bool, site_dir: str | None) -> None:
    """Build the static site (the same as `mkdocs build`)."""
    project = load_project(obj["workdir"], obj["config_file"])
    _check_repository(project)
    args = ["build", "-f", str(project.config_file)]
    if strict:
        args.append("--strict")
    if site_dir:  # like every path given with -C, relative to that folder
        args += ["-d", str(obj["workdir"] / site_dir)]
    _mkdocs(args)


@main.command()
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", help="HOST:PORT to serve on.")
@click.option("--open", "open_browser", is_flag=True, help="Open the site in a browser.")
@click.pass_obj
def serve(obj: dict, dev_addr: str, open_browser: bool) -> None:
    """Live preview of the workspace, uncommitted files included."""
    project = load_project(obj["workdir"], obj["config_file"])
    _check_repository(project)
    args = ["serve", "-f", str(project.config_file), "--dev-addr", dev_addr]
    if open_browser:
        args.append("--open")
    _mkdocs(args)


if __name__ == "__main__":  # pragma: no cover
    main()
