"""Schema validation shared by briefs, decisions and team.yml: the compiled validators
and the words that turn a validator's complaint into a sentence a person can act on."""

from __future__ import annotations

from datetime import date
from functools import cache

from jsonschema import Draft202012Validator

from ...schemas import load_schema


def describe(value: object, expected: object) -> str:
    """``got ...``: what was written, with the usual YAML surprise explained."""
    wants_text = expected == "string" or (isinstance(expected, list) and "string" in expected)
    if isinstance(value, bool):
        got = f"got {str(value).lower()}"
        if wants_text:
            got += " (YAML reads yes, no, on, off as true or false: put the word in quotes)"
        return got
    if value is None:
        return "got nothing (the value is empty)"
    if isinstance(value, int | float):
        return f"got the number {value}" + ("; put it in quotes" if wants_text else "")
    if isinstance(value, str):
        return f'got "{value[:60]}"'
    if isinstance(value, list):
        return "got a list"
    if isinstance(value, dict):
        return "got a mapping"
    return f"got {value!r}"


def jsonable(value: object) -> object:
    """Dates become ISO text, so the schema sees what JSON would hold."""
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


@cache
def validator(name: str) -> Draft202012Validator:
    """The compiled validator of ``<name>.schema.json``."""
    return Draft202012Validator(load_schema(name))
