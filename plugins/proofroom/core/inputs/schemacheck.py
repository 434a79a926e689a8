"""Schema validation shared by briefs, decisions, team.yml and the channel catalog: the
compiled validators and the document as JSON would hold it. The sentences that explain a
validator's complaint are in :mod:`.schema_messages`."""

from __future__ import annotations

from datetime import date
from functools import cache

from jsonschema import Draft202012Validator

from ...schemas import load_schema


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
