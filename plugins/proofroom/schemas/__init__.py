"""JSON Schemas of the files people write by hand (brief, decision, team.yml).

Shipped as package data so editors can autocomplete them and so the readers validate
against the very same rules; load them with :func:`load_schema`.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files


@cache
def load_schema(name: str) -> dict:
    """The parsed schema ``<name>.schema.json`` shipped with the package."""
    return json.loads(files(__name__).joinpath(f"{name}.schema.json").read_text("utf-8"))
