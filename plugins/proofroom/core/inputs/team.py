"""Reading ``reviews/team.yml``: who is behind each login.

The file is optional: without it logins are shown as written. Each person is checked
on its own, so one mistake never hides the rest of the team.
"""

from __future__ import annotations

from pathlib import Path

from ..model import TeamMember
from ..problems import Problem
from .briefs import read_text_file, workspace_rel
from .decisions import jsonable, schema_problems
from .suggest import closest
from .yamlload import load_yaml

MAX_TEAM_BYTES = 1_000_000
_WHAT = "the team file"


def read_team(path: Path, *, workspace: Path) -> tuple[dict[str, TeamMember], list[Problem]]:
    """People by login, and the problems of the file; an absent file is no problem."""
    path = Path(path)
    rel = workspace_rel(path, workspace)
    if not path.exists() and not path.is_symlink():
        return {}, []
    if path.is_symlink():
        message = f"{_WHAT} is a symbolic link; replace the link with the file itself"
        return {}, [Problem(rel, 0, "error", message)]
    text, problems = read_text_file(path, rel, max_bytes=MAX_TEAM_BYTES, what=_WHAT)
    if text is None:
        return {}, problems
    loaded, problems = load_yaml(text, path=rel, max_bytes=MAX_TEAM_BYTES, what=_WHAT)
    if loaded is None:
        return {}, problems
    if loaded.data is None:
        return {}, []  # only comments: nobody declared yet
    data = jsonable(loaded.data)
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else "a single value"
        message = (
            f"{_WHAT} must be a mapping that starts with 'people:', not {kind}; "
            "e.g. 'people: {alice: {name: Alice Martin}}'"
        )
        return {}, [Problem(rel, 1, "error", message)]
    if "people" not in data and not any(closest(str(k), ["people"]) for k in data):
        message = (
            f"{_WHAT} lists people under a 'people:' line; add it as the first line and "
            "indent the logins under it, e.g. 'people: {alice: {name: Alice Martin}}'"
        )
        return {}, [Problem(rel, 1, "error", message)]
    problems = schema_problems(data, loaded, rel, "team", what=_WHAT)
    bad_lines = {p.line for p in problems}
    people = data.get("people")
    team: dict[str, TeamMember] = {}
    if not isinstance(people, dict):
        return team, problems
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
    return team, sorted(problems, key=lambda p: p.line)
