"""JSON Schema errors as sentences a person can act on, for every file kind.

Briefs, decision files, team.yml and the channel catalog are each checked against
their schema; a validator error says what the schema wanted, not what to write. One
engine turns each error into ``(key path, sentence)`` pairs, placed at the line of that
key. What differs per file kind is given by :class:`Words`: the file's name in
sentences, its example lines and its ordered rules (shared ones from here, its own).
The first rule that answers an error gives its sentences.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from jsonschema.exceptions import ValidationError

from ..problems import Problem
from .schemacheck import validator
from .suggest import closest, did_you_mean
from .yamlload import Loaded

Said = list[tuple[tuple, str]]
"""Sentences for one error, each with the key path whose line it points at."""

Rule = Callable[[ValidationError, "Words", object], Said | None]
"""A rule: sentences for an error it knows (``[]``: say nothing), else None."""

TYPE_TEXT = {
    "string": "text",
    "array": "a list",
    "object": "a mapping of 'key: value' lines",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
}


def _last_key(path: tuple) -> str | None:
    keys = [p for p in path if isinstance(p, str)]
    return keys[-1] if keys else None


def add_key_sentence(words: Words, path: tuple, key: str) -> str:
    """``x has no "key"; add it, e.g. 'key: ...'``: what a file kind says by default."""
    example = words.example(path + (key,))
    return f"{label(path, words.what)} has no \"{key}\"; add it, e.g. '{example}'"


@dataclass(frozen=True)
class Words:
    """What differs per file kind."""

    schema: str  # the schema's name: ``<schema>.schema.json``
    what: str  # the whole file in sentences, e.g. "the decision file"
    rules: tuple[Rule, ...]  # tried in order; the last resort repeats the validator
    examples: Mapping[str, str] = field(default_factory=dict)  # key -> an example line
    example_key: Callable[[tuple], str | None] = _last_key  # which example a path shows
    missing: Callable[[Words, tuple, str], str] = add_key_sentence  # a required key is absent

    def example(self, path: tuple) -> str:
        """An example line for the key at ``path`` (``key: ...`` when none is known)."""
        key = self.example_key(path) or ""
        return self.examples.get(key, f"{key}: ...")

    def name(self, path: tuple) -> str:
        return label(path, self.what)


def label(path: tuple, what: str) -> str:
    """``("stages", 1, "approvers")`` -> ``stages[1].approvers``; ``()`` -> ``what``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or what


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


def unknown_key_sentence(key: str, allowed: list[str], where: str, *, remove: bool = True) -> str:
    """``unknown key "x" in ...``, with the closest allowed key or the list of them."""
    choices = ", ".join(allowed)
    listed = f"; remove it, or use one of: {choices}" if remove else f"; use one of: {choices}"
    return f'unknown key "{key}" {where}{did_you_mean(key, allowed) or listed}'


def type_sentence(words: Words, error: ValidationError, hint: str = "") -> str:
    """``x must be text, for example 'x: ...'; got ...`` (``hint`` ends the sentence)."""
    value, path = error.validator_value, tuple(error.absolute_path)
    assert isinstance(value, str | list)  # the "type" keyword: one type name or a list of them
    expected = value if isinstance(value, str) else " or ".join(value)
    want = TYPE_TEXT.get(expected, expected)
    return (
        f"{words.name(path)} must be {want}, for example '{words.example(path)}'; "
        f"{describe(error.instance, value)}{hint}"
    )


# ------------------------------------------------------------------- shared rules


def unknown_keys(error: ValidationError, words: Words, root: object) -> Said | None:
    """Every key the schema does not know, each with the closest known one."""
    if error.validator != "additionalProperties":
        return None
    path, schema, instance = tuple(error.absolute_path), error.schema, error.instance
    # The keyword sits in a mapping subschema and is only checked on mappings.
    assert isinstance(schema, Mapping) and isinstance(instance, Mapping)
    allowed = list(schema.get("properties", {}))
    where = f"in {words.name(path)}"
    return [
        (path + (key,), unknown_key_sentence(key, allowed, where))
        for key in instance
        if key not in allowed
    ]


def missing_keys(error: ValidationError, words: Words, root: object) -> Said | None:
    """Required keys that are absent; a misspelled one is left to the unknown-key rule."""
    if error.validator != "required":
        return None
    path, schema, instance = tuple(error.absolute_path), error.schema, error.instance
    required = error.validator_value
    # The keyword sits in a mapping subschema, holds a list of keys and is only checked
    # on mappings.
    assert isinstance(schema, Mapping) and isinstance(instance, Mapping)
    assert isinstance(required, list)
    unknown = [k for k in instance if k not in schema.get("properties", {})]
    return [
        (path, words.missing(words, path, key))
        for key in required
        if key not in instance and not closest(key, unknown)
    ]


def _empty(words: Words, path: tuple) -> Said:
    return [(path, f"{words.name(path)} is empty; write a value, e.g. '{words.example(path)}'")]


def nothing_written(error: ValidationError, words: Words, root: object) -> Said | None:
    """A key with no value (YAML reads it as null) is empty, not of the wrong type."""
    if error.validator == "type" and error.instance is None:
        return _empty(words, tuple(error.absolute_path))
    return None


def empty(error: ValidationError, words: Words, root: object) -> Said | None:
    if error.validator == "minLength":
        return _empty(words, tuple(error.absolute_path))
    return None


def wrong_type(error: ValidationError, words: Words, root: object) -> Said | None:
    if error.validator == "type":
        return [(tuple(error.absolute_path), type_sentence(words, error))]
    return None


def blank_pattern(error: ValidationError, words: Words, root: object) -> Said | None:
    """An empty text also fails its pattern: the empty-value rule already says it."""
    return [] if error.validator == "pattern" and error.instance == "" else None


def login_pattern(error: ValidationError, words: Words, root: object) -> Said | None:
    """Patterns not otherwise explained are the login pattern (no spaces)."""
    if error.validator != "pattern":
        return None
    path = tuple(error.absolute_path)
    name = words.name(path)
    return [(path, f'{name} must be a login without spaces, e.g. "alice"; got "{error.instance}"')]


def at_least(error: ValidationError, words: Words, root: object) -> Said | None:
    if error.validator != "minimum":
        return None
    path = tuple(error.absolute_path)
    name = words.name(path)
    return [(path, f"{name} must be {error.validator_value} or more; got {error.instance}")]


# ------------------------------------------------------------------- the engine


def explain(error: ValidationError, words: Words, root: object = None) -> Said:
    """Sentences for one error: the first rule that answers, else the validator's own.

    ``root`` is the validated document (a rule may show more than the failing value).
    """
    for rule in words.rules:
        said = rule(error, words, root)
        if said is not None:
            return said
    path = tuple(error.absolute_path)
    return [(path, f"{words.name(path)}: {error.message}")]


def schema_problems(data: object, loaded: Loaded, rel: str, words: Words) -> list[Problem]:
    """Every schema error of ``data`` as an error at its line, each sentence said once."""
    seen: set[tuple] = set()
    problems: list[Problem] = []
    for error in validator(words.schema).iter_errors(data):
        for key_path, message in explain(error, words, data):
            if (key_path, message) in seen:
                continue
            seen.add((key_path, message))
            problems.append(Problem(rel, loaded.line_of(key_path), "error", message))
    return problems
