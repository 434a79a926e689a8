"""Reading reviews/team.yml: people by login, each mistake at its line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from proofroom.core.inputs.team import parse_team, read_team
from proofroom.core.model import TeamMember
from proofroom.core.problems import Problem
from proofroom.schemas import load_schema

REL = "reviews/team.yml"
TEAM = """\
# yaml-language-server: $schema=../schemas/team.schema.json
people:
  alice:
    name: Alice Martin
    email: alice@example.com
    roles: [brand]
  bob:
    name: Bob Durand
  léa.p: {roles: [creative, legal]}
"""


def read(tmp_path: Path, content: str | bytes) -> tuple[dict, list[Problem]]:
    path = tmp_path / REL
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return read_team(path, workspace=tmp_path)


def test_absent_file_is_no_problem(tmp_path: Path) -> None:
    assert read_team(tmp_path / REL, workspace=tmp_path) == ({}, [])


def test_a_good_team(tmp_path: Path) -> None:
    team, problems = read(tmp_path, TEAM)
    assert problems == []
    assert team == {
        "alice": TeamMember("alice", "Alice Martin", "alice@example.com", ("brand",)),
        "bob": TeamMember("bob", "Bob Durand"),
        "léa.p": TeamMember("léa.p", roles=("creative", "legal")),
    }


def test_comments_only_is_an_empty_team(tmp_path: Path) -> None:
    assert read(tmp_path, "# nobody yet\n") == ({}, [])


BAD = [
    (
        "unknown-key",
        TEAM.replace("email:", "emial:"),
        5,
        'unknown key "emial" in people.alice (did you mean "email"?)',
    ),
    (
        "bad-email",
        TEAM.replace("alice@example.com", "alice at example"),
        5,
        "must be an email address",
    ),
    ("login-with-space", TEAM.replace("  bob:", "  bob durand:"), 7, '"bob durand" is not a login'),
    (
        "person-text",
        TEAM.replace("  bob:\n    name: Bob Durand\n", "  bob: Bob Durand\n"),
        7,
        "people.bob must be a mapping",
    ),
    ("roles-text", TEAM.replace("roles: [brand]", "roles: brand"), 6, "roles must be a list"),
    ("empty-name", TEAM.replace("Bob Durand", '""'), 8, "people.bob.name is empty"),
    ("no-people", "alice: {name: Alice}\n", 1, "lists people under a 'people:' line"),
    ("people-misspelled", TEAM.replace("people:", "peple:"), 2, 'did you mean "people"?'),
    ("a-list", "- alice\n- bob\n", 1, "not a list"),
    ("broken-yaml", TEAM.replace("Bob Durand", "Bob: Durand"), 8, "invalid YAML"),
    ("duplicate-login", TEAM + "  alice: {name: Other}\n", 10, 'duplicate key "alice"'),
    ("non-utf8", TEAM.encode().replace(b"Bob", b"B\xf6b"), 8, "not UTF-8"),
    ("alias", TEAM + "  carol: *x\n", 10, "aliases"),
]


@pytest.mark.parametrize(
    ("content", "line", "words"), [c[1:] for c in BAD], ids=[c[0] for c in BAD]
)
def test_one_problem_per_mistake(tmp_path: Path, content, line: int, words: str) -> None:
    _team, problems = read(tmp_path, content)
    assert len(problems) == 1, [str(p) for p in problems]
    (p,) = problems
    assert (p.path, p.line, p.severity) == (REL, line, "error"), str(p)
    assert words in p.message, str(p)


def test_one_bad_person_does_not_hide_the_others(tmp_path: Path) -> None:
    team, problems = read(tmp_path, TEAM.replace("alice@example.com", "nope"))
    assert len(problems) == 1 and problems[0].line == 5
    assert sorted(team) == ["bob", "léa.p"]


def test_logins_differing_only_by_case_warn(tmp_path: Path) -> None:
    team, problems = read(tmp_path, TEAM + "  Alice: {name: Alice M.}\n")
    assert [(p.line, p.severity) for p in problems] == [(10, "warning")]
    assert 'also listed as "alice"' in problems[0].message
    assert "Alice" not in team and "alice" in team


def test_huge_file(tmp_path: Path) -> None:
    team, problems = read(tmp_path, TEAM + "# " + "x" * 1_100_000 + "\n")
    assert (
        team == {} and len(problems) == 1 and "over the 1,000,000-byte limit" in problems[0].message
    )


def test_symlink_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.yml"
    outside.write_text(TEAM)
    (tmp_path / "reviews").mkdir()
    os.symlink(outside, tmp_path / REL)
    team, problems = read_team(tmp_path / REL, workspace=tmp_path)
    assert team == {} and len(problems) == 1 and "symbolic link" in problems[0].message


def test_schema_is_valid_and_describes_every_field() -> None:
    schema = load_schema("team")
    Draft202012Validator.check_schema(schema)
    person = schema["$defs"]["person"]["properties"]
    assert set(person) == {"name", "email", "roles"}
    assert all(p.get("description") for p in person.values())
    assert schema["additionalProperties"] is False


def test_admins_are_read_as_written(tmp_path: Path) -> None:
    team = parse_team("people:\n  marie: {name: Marie}\nadmins: [Marie, ops-bot]\n", "t.yml")
    assert team.admins == ("Marie", "ops-bot") and team.problems == []


def test_an_admin_that_is_not_a_login_keeps_nobody_admin(tmp_path: Path) -> None:
    team = parse_team("people: {}\nadmins: [marie, 'not a login']\n", "t.yml")
    assert team.admins == ()
    assert [p.severity for p in team.problems] == ["error"]
