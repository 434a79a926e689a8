"""What every command shares: one-line errors, problem reports, options."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from datetime import datetime

import click

from ..core.problems import Problem, ProofroomError, printable
from ..project import Project, load_project


def echo(message: object = "", **kwargs: object) -> None:
    """``click.echo`` of text that may hold file names, commit messages or logins: no
    control character (an ANSI escape) reaches the terminal."""
    click.echo(printable(str(message)), **kwargs)  # type: ignore[arg-type]


def fail(exc: ProofroomError) -> None:
    echo(str(exc), err=True)
    sys.exit(exc.exit_code)


def report(problems: Iterable[Problem], strict: bool = False) -> int:
    """Print problems on stderr; the exit code they call for."""
    problems = sorted(set(problems), key=lambda p: (p.path, p.line, p.severity, p.message))
    for p in problems:
        echo(str(p), err=True)
    errors = any(p.is_error for p in problems)
    return 1 if errors or (strict and problems) else 0


class Group(click.Group):
    """Turns ProofroomError into one line and exit 2, anywhere below."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ProofroomError as exc:
            fail(exc)


def project_of(obj: dict) -> Project:
    """The workspace named by the group's -C and -f options."""
    return load_project(obj["workdir"], obj["config_file"])


def parse_now(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise click.BadParameter(
            f"{text!r} is not an ISO 8601 date-time, e.g. 2027-02-10T18:00:00Z", param_hint="--now"
        ) from None


now_option = click.option(
    "--now", "now", default=None, help="The moment for overdue checks (ISO 8601)."
)
