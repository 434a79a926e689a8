"""Reading ``reviews/team.yml``: who is behind each login.

The file is optional: without it logins are shown as written. Each person is checked
on its own, so one mistake never hides the rest of the team.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..model import TeamMember
from ..problems import Problem
from .briefs import read_text_file, workspace_rel
from .schema_messages import (
    Said,
    Words,
    blank_pattern,
    empty,
    login_pattern,
    missing_keys,
    nothing_written,
    schema_problems,
    unknown_keys,
    wrong_type,
)
from .schemacheck import jsonable
from .suggest import closest
from .yamlload import Loaded, load_yaml

MAX_TEAM_BYTES = 1_000_000
_WHAT = "the team file"
EXAMPLES = {
    "people": "people: {alice: {name: Alice Martin}}",
    "person": "alice: {name: Alice Martin, email: alice@example.com}",
    "name": "name: Alice Martin",
    "email": "email: alice@example.com",
    "roles": "roles: [brand]",
    "admins": "admins: [marie]",
}


def _example_key(path: tuple) -> str:
    keys = [p for p in path if isinstance(p, str)]
    if len(path) == 2 and path[0] == "people":
        return "person"
    return keys[-1] if keys else "people"


def _login_key(error, words: Words, root: object) -> Said | None:
    """A login (a key under ``people:``) with a space in it."""
    if error.validator == "pattern" and tuple(error.absolute_path) == ("people",):
        key = error.instance
        return [
            (("people", key), f'"{key}" is not a login: write a login without spaces, e.g. "alice"')
        ]
    return None


def _email(error, words: Words, root: object) -> Said | None:
    path = tuple(error.absolute_path)
    if error.validator != "pattern" or not path or path[-1] != "email":
        return None
    name = words.name(path)
    return [
        (path, f'{name} must be an email address like alice@example.com; got "{error.instance}"')
    ]


TEAM_WORDS = Words(
    schema="team",
    what=_WHAT,
    examples=EXAMPLES,
    example_key=_example_key,
    rules=(
        unknown_keys,
        missing_keys,
        nothing_written,
        empty,
        wrong_type,
        blank_pattern,
        _login_key,
        _email,
        login_pattern,
    ),
)
"""How the schema errors of team.yml are said."""


def read_team(path: Path, *, workspace: Path) -> tuple[dict[str, TeamMember], list[Problem]]:
    """People by login, and the problems of the file; an absent file is no problem."""
    team = read_team_file(path, workspace=workspace)
    return team.people, team.problems


@dataclass(frozen=True)
class TeamFile:
    """What ``reviews/team.yml`` says: people by login, admins as written, problems."""

    people: dict[str, TeamMember] = field(default_factory=dict)
    admins: tuple[str, ...] = ()
    problems: list[Problem] = field(default_factory=list)


def read_team_file(path: Path, *, workspace: Path) -> TeamFile:
    """The team file at ``path`` (absent: nobody, no problem)."""
    path = Path(path)
    rel = workspace_rel(path, workspace)
    if not path.exists() and not path.is_symlink():
        return TeamFile()
    if path.is_symlink():
        message = f"{_WHAT} is a symbolic link; replace the link with the file itself"
        return TeamFile(problems=[Problem(rel, 0, "error", message)])
    text, problems = read_text_file(path, rel, max_bytes=MAX_TEAM_BYTES, what=_WHAT)
    if text is None:
        return TeamFile(problems=problems)
    return parse_team(text, rel)


def parse_team(text: str, rel: str) -> TeamFile:
    """Check the text of a team file (the work tree's, or a base's from git)."""
    loaded, problems = load_yaml(text, path=rel, max_bytes=MAX_TEAM_BYTES, what=_WHAT)
    if loaded is None:
        return TeamFile(problems=problems)
    if loaded.data is None:
        return TeamFile()  # only comments: nobody declared yet
    data = jsonable(loaded.data)
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else "a single value"
        message = (
            f"{_WHAT} must be a mapping that starts with 'people:', not {kind}; "
            "e.g. 'people: {alice: {name: Alice Martin}}'"
        )
        return TeamFile(problems=[Problem(rel, 1, "error", message)])
    if "people" not in data and not any(closest(str(k), ["people"]) for k in data):
        message = (
            f"{_WHAT} lists people under a 'people:' line; add it as the first line and "
            "indent the logins under it, e.g. 'people: {alice: {name: Alice Martin}}'"
        )
        return TeamFile(problems=[Problem(rel, 1, "error", message)])
    problems = schema_problems(data, loaded, rel, TEAM_WORDS)
    people = _people(data.get("people"), loaded, rel, problems)
    admins = data.get("admins")
    where = {ln for key, ln in loaded.lines.items() if key[:1] == ("admins",)}
    broken = any(p.line in where for p in problems if p.is_error)
    ok = isinstance(admins, list) and all(isinstance(a, str) for a in admins)
    kept = tuple(admins) if ok and not broken else ()  # type: ignore[arg-type]
    return TeamFile(people, kept, sorted(problems, key=lambda p: p.line))


def _people(
    people: object, loaded: Loaded, rel: str, problems: list[Problem]
) -> dict[str, TeamMember]:
    """Each person without an error, by login (a login twice, case ignored: a warning)."""
    bad_lines = {p.line for p in problems}
    team: dict[str, TeamMember] = {}
    if not isinstance(people, dict):
        return team
    seen: dict[str, str] = {}
    for login, person in people.items():
        start = loaded.line_of(("people", login))
        if not isinstance(person, dict) or not login or any(ch.isspace() for ch in login):
            continue
        end = max((ln for key, ln in loaded.lines.items() if key[:2] == ("people", login)))
        if any(start <= ln <= end for ln in bad_lines):
            continue  # this person has an error: reported above, not kept
        folded = login.lower()
        if folded in seen:
            problems.append(
                Problem(
                    rel,
                    start,
                    "warning",
                    f'login "{login}" is also listed as "{seen[folded]}"; logins ignore case, '
                    "so keep one entry",
                )
            )
            continue
        seen[folded] = login
        team[login] = TeamMember(
            login=login,
            name=person.get("name"),
            email=person.get("email"),
            roles=tuple(person.get("roles") or ()),
        )
    return team
