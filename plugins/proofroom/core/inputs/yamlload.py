"""A safe YAML loader that remembers the line of every key and item.

Briefs, decision files and team.yml are written by hand; every mistake must come back
as one :class:`Problem` at the right line, never as a traceback. The loader builds plain
Python values from the parser's *events* (libyaml when available): no recursion, so
deep nesting cannot crash it; aliases are refused at the first one, so alias bombs
cost nothing; duplicate keys are errors because YAML would silently drop one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from typing import TypeVar, cast

import yaml
from yaml.constructor import SafeConstructor
from yaml.error import Mark
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)
from yaml.nodes import ScalarNode
from yaml.resolver import BaseResolver

from ..problems import Problem

MAX_BYTES = 1_000_000
MAX_DEPTH = 64  # far beyond any real file; stops pathological nesting early

_STD = "tag:yaml.org,2002:"
_STR, _NULL, _BOOL, _INT, _FLOAT, _TIMESTAMP = (
    _STD + t for t in ("str", "null", "bool", "int", "float", "timestamp")
)
_SEQ, _MAP, _MERGE, _VALUE = (_STD + t for t in ("seq", "map", "merge", "value"))

# YAML 1.1 only reads "2027-02-10 18:00:00" as a timestamp; people also write the time
# without seconds, and expect a datetime, not a string.
_SHORT_TIME = re.compile(
    r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}"
    r"(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::?[0-9]{2})?))?$"
)
_TIMESTAMP_RE = re.compile(
    r"""^(?P<year>[0-9]{4})-(?P<month>[0-9]{1,2})-(?P<day>[0-9]{1,2})
    (?:(?:[Tt]|[ \t]+)(?P<hour>[0-9]{1,2}):(?P<minute>[0-9]{2})
       (?::(?P<second>[0-9]{2})(?:\.(?P<fraction>[0-9]*))?)?
       (?:[ \t]*(?P<tz>Z|(?P<sign>[-+])(?P<tzh>[0-9]{1,2})(?::?(?P<tzm>[0-9]{2}))?))?)?$""",
    re.VERBOSE,
)
# Characters YAML forbids: control characters (tab, LF and CR aside), DEL, C1 controls
# (NEL aside), lone surrogates and the two non-characters.
_NOT_PRINTABLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]"
)

_CONSTRUCTOR = SafeConstructor()
_R = TypeVar("_R", bound=BaseResolver)


def _with_short_times(base: type[_R]) -> type[_R]:
    # type() with three arguments makes a subclass of ``base``; mypy only sees ``type``.
    loader = cast("type[_R]", type(f"Proofroom{base.__name__}", (base,), {}))
    loader.add_implicit_resolver(_TIMESTAMP, _SHORT_TIME, list("0123456789"))
    return loader


_Loader = _with_short_times(getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@dataclass
class Loaded:
    """Parsed YAML plus the line of each key path (``("stages", 1, "approvers")``)."""

    data: object
    lines: dict[tuple, int] = field(default_factory=dict)

    def line_of(self, path: tuple) -> int:
        """The line of ``path``, or of its nearest known ancestor."""
        path = tuple(path)
        for end in range(len(path), -1, -1):
            line = self.lines.get(path[:end])
            if line is not None:
                return line
        return 0


class _Stop(Exception):
    """Carries the one problem that ends loading."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def _line_at(text: str, index: int, first_line: int) -> int:
    return first_line + text.count("\n", 0, index)


def _event_line(event: Event) -> int:
    """The 0-based line where ``event`` starts."""
    mark = event.start_mark
    assert mark is not None  # the parser marks every event it emits
    return mark.line


def decode_text(
    data: bytes | str, *, path: str, first_line: int = 1, what: str = "the file"
) -> tuple[str | None, list[Problem]]:
    """UTF-8 text with newlines normalised, or one problem: NUL bytes, not UTF-8."""
    if isinstance(data, str):
        text = data
        nul = text.find("\x00")
        if nul >= 0:
            return None, [_binary(path, _line_at(text, nul, first_line), what)]
    else:
        nul = data.find(b"\x00")
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return None, [
                Problem(
                    path,
                    first_line,
                    "error",
                    f"{what} is UTF-16 text; save it as UTF-8 (most editors offer it "
                    "under 'Save with encoding')",
                )
            ]
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            if 0 <= nul < exc.start:
                return None, [_binary(path, first_line + data.count(b"\n", 0, nul), what)]
            line = first_line + data.count(b"\n", 0, exc.start)
            byte = data[exc.start]
            hint = "; is it a binary file?" if nul >= 0 else ""
            return None, [
                Problem(
                    path,
                    line,
                    "error",
                    f"{what} is not UTF-8 text (byte 0x{byte:02x} cannot be read); "
                    f"save it as UTF-8{hint}",
                )
            ]
        if nul >= 0:
            return None, [_binary(path, first_line + data.count(b"\n", 0, nul), what)]
    text = text.removeprefix("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, []


def _binary(path: str, line: int, what: str) -> Problem:
    return Problem(
        path,
        line,
        "error",
        f"{what} contains NUL bytes, so it looks like a binary file, not text; "
        "replace it with a UTF-8 text file",
    )


def _tag_name(tag: str) -> str:
    return "!!" + tag[len(_STD) :] if tag.startswith(_STD) else tag


def _timestamp(value: str) -> date | datetime:
    m = _TIMESTAMP_RE.match(value)
    if m is None:
        raise ValueError("not a date like 2027-02-10 or 2027-02-10T18:00+01:00")
    year, month, day = int(m["year"]), int(m["month"]), int(m["day"])
    if m["hour"] is None:
        return date(year, month, day)
    micro = int((m["fraction"] or "0")[:6].ljust(6, "0"))
    tz = None
    if m["tz"] == "Z":
        tz = UTC
    elif m["tz"]:
        offset = timedelta(hours=int(m["tzh"]), minutes=int(m["tzm"] or 0))
        tz = timezone(-offset if m["sign"] == "-" else offset)
    return datetime(
        year, month, day, int(m["hour"]), int(m["minute"]), int(m["second"] or 0), micro, tz
    )


def _scalar(tag: str, event: ScalarEvent) -> object:
    """Build a plain value; raises ValueError/KeyError for a bad explicit tag value."""
    value = event.value
    if tag in (_STR, _VALUE, _MERGE):
        return value
    if tag == _TIMESTAMP:
        return _timestamp(value)
    # libyaml's marks (yaml._yaml.Mark) carry the same fields as yaml.error.Mark, the only
    # kind the ScalarNode stub accepts.
    start, end = cast("Mark | None", event.start_mark), cast("Mark | None", event.end_mark)
    node = ScalarNode(tag, value, start, end)
    if tag == _NULL:
        return None
    if tag == _BOOL:
        return _CONSTRUCTOR.construct_yaml_bool(node)
    if tag == _INT:
        return _CONSTRUCTOR.construct_yaml_int(node)
    return _CONSTRUCTOR.construct_yaml_float(node)


_KIND = {_TIMESTAMP: "date", _INT: "whole number", _FLOAT: "number", _BOOL: "true/false value"}
_SCALAR_TAGS = {_STR, _NULL, _BOOL, _INT, _FLOAT, _TIMESTAMP, _VALUE, _MERGE}
_NO_KEY = object()


class _Frame:
    __slots__ = ("container", "key", "key_lines", "path")

    def __init__(self, container: dict | list, path: tuple) -> None:
        self.container = container
        self.path = path
        self.key: object = _NO_KEY
        self.key_lines: dict[str, int] = {}


def _build(text: str, path: str, first_line: int) -> Loaded:
    """Walk the parser's events into plain values and line numbers; raise _Stop."""
    return _Builder(text, path, first_line).run()


class _Builder:
    """One walk of the parser's events: the open containers, the lines seen, the root."""

    def __init__(self, text: str, path: str, first_line: int) -> None:
        self.loader = _Loader(text)
        self.path = path
        self.first_line = first_line
        self.lines: dict[tuple, int] = {(): first_line}
        self.stack: list[_Frame] = []
        self.root: object = None
        self.documents = 0

    def run(self) -> Loaded:
        """Dispatch each event until the stream ends; the loader is always disposed of."""
        try:
            while True:
                event = self.loader.get_event()
                if isinstance(event, StreamStartEvent | DocumentEndEvent):
                    continue
                if isinstance(event, StreamEndEvent):
                    break
                if isinstance(event, DocumentStartEvent):
                    self.document(event)
                elif isinstance(event, AliasEvent):
                    raise self.stop(
                        event,
                        f"aliases (*{event.anchor}) are not allowed in Proofroom files; "
                        "write the value out in full",
                    )
                elif isinstance(event, MappingEndEvent | SequenceEndEvent):
                    self.place(self.stack.pop().container)
                elif isinstance(event, MappingStartEvent | SequenceStartEvent):
                    self.open(event)
                else:
                    self.scalar(event)
        finally:
            self.loader.dispose()
        return Loaded(self.root, self.lines)

    def stop(self, event: Event, message: str) -> _Stop:
        """The problem that ends loading, at the line where ``event`` starts."""
        return _Stop(Problem(self.path, self.first_line + _event_line(event), "error", message))

    def place(self, value: object) -> None:
        """Put a finished value in its container, or make it the root."""
        if not self.stack:
            self.root = value
            return
        top = self.stack[-1]
        if isinstance(top.container, dict):
            top.container[top.key] = value
            top.key = _NO_KEY
        else:
            top.container.append(value)

    def child_path(self, event: Event) -> tuple:
        """Path of the node starting at ``event``; records its line."""
        if not self.stack:
            return ()
        top = self.stack[-1]
        if isinstance(top.container, dict):
            return top.path + (top.key,)
        child = top.path + (len(top.container),)
        self.lines[child] = self.first_line + _event_line(event)
        return child

    def expecting_key(self) -> bool:
        """A mapping is open and waits for its next key."""
        stack = self.stack
        return bool(stack) and isinstance(stack[-1].container, dict) and stack[-1].key is _NO_KEY

    def document(self, event: DocumentStartEvent) -> None:
        """A file holds one document: a second one is a mistake, not more data."""
        self.documents += 1
        if self.documents > 1:
            raise self.stop(
                event,
                "a second YAML document starts here: a Proofroom file holds one "
                "document; remove this '---' line or move what follows to its own file",
            )

    def open(self, event: MappingStartEvent | SequenceStartEvent) -> None:
        """Start a list or mapping, refused as a key, with a foreign tag or nested too deep."""
        if self.expecting_key():
            raise self.stop(
                event,
                "a key must be plain text, not a list or a mapping; write it as 'name: value'",
            )
        is_map = isinstance(event, MappingStartEvent)
        expected = _MAP if is_map else _SEQ
        if event.tag not in (None, "!", expected):
            raise self.stop(
                event,
                f"the tag {_tag_name(event.tag)} is not allowed in Proofroom files; remove it",
            )
        if len(self.stack) >= MAX_DEPTH:
            raise self.stop(
                event,
                f"lists and mappings are nested more than {MAX_DEPTH} levels deep; "
                "flatten the structure",
            )
        self.stack.append(_Frame({} if is_map else [], self.child_path(event)))

    def scalar(self, event: ScalarEvent) -> None:
        """A key of the open mapping, or a value: only the plain YAML tags are let in."""
        tag = event.tag
        if tag in (None, "!"):
            tag = self.loader.resolve(ScalarNode, event.value, event.implicit)
        if tag not in _SCALAR_TAGS:
            raise self.stop(
                event,
                f"the tag {_tag_name(tag)} is not allowed in Proofroom files; remove it",
            )
        if self.expecting_key():
            self.key(event, tag)
            return
        self.child_path(event)
        try:
            value = _scalar(tag, event)
        except (ValueError, KeyError, OverflowError, yaml.YAMLError) as exc:
            what = _KIND.get(tag, _tag_name(tag))
            detail = str(exc).split("\n")[0]
            raise self.stop(
                event,
                f'"{event.value}" is not a valid {what} ({detail}); correct it, or put '
                "it in quotes to keep it as text",
            ) from None
        self.place(value)

    def key(self, event: ScalarEvent, tag: str) -> None:
        """Record a key and its line; merge keys and duplicates would lose data silently."""
        top = self.stack[-1]
        if tag == _MERGE:
            raise self.stop(
                event,
                "merge keys (<<) are not allowed in Proofroom files; write the keys out in full",
            )
        key = event.value  # keys stay as written: "yes" stays "yes"
        line = self.first_line + _event_line(event)
        if key in top.key_lines:
            raise self.stop(
                event,
                f'duplicate key "{key}" (first at line {top.key_lines[key]}): YAML '
                "keeps only the last one and the other is lost; merge them or "
                "remove one",
            )
        top.key_lines[key] = line
        top.key = key
        self.lines[top.path + (key,)] = line


def _yaml_error(exc: yaml.YAMLError, text: str, path: str, first_line: int) -> Problem:
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        line = first_line + mark.line if mark else first_line
        parts = [p for p in (exc.context, exc.problem) if p]
        what = ": ".join(parts) or "cannot be read"
        if "nesting depth" in (exc.problem or ""):  # PyYAML >= 6.0.3 stops deep flow nesting
            message = f"lists and mappings are nested more than {MAX_DEPTH} levels deep; "
            return Problem(path, line, "error", message + "flatten the structure")
        lines = text.split("\n")
        if mark and 0 <= mark.line < len(lines) and "\t" in lines[mark.line]:
            return Problem(
                path, line, "error", "invalid YAML, a tab is used here; indent with spaces"
            )
        hint = "check the indentation (spaces, not tabs) and put text with ': ', '#' or "
        hint += "a leading special character in quotes"
        return Problem(path, line, "error", f"invalid YAML, {what}; {hint}")
    return Problem(path, first_line, "error", f"invalid YAML ({exc}); fix it and try again")


def load_yaml(
    text_or_bytes: str | bytes,
    *,
    path: str,
    first_line: int = 1,
    max_bytes: int = MAX_BYTES,
    expect_mapping: bool = False,
    what: str = "the file",
) -> tuple[Loaded | None, list[Problem]]:
    """Parse one YAML document safely: ``(Loaded, [])`` or ``(None, [one problem])``.

    ``first_line`` is the line of the file where the YAML starts (2 for front matter).
    Mapping keys are kept as written (always strings). With ``expect_mapping`` an empty
    document or a top-level list or scalar is a problem too.
    """
    size = len(text_or_bytes)
    # Text: a cheap upper bound first (a UTF-8 character is at most 4 bytes).
    if isinstance(text_or_bytes, str) and size * 4 > max_bytes:
        size = len(text_or_bytes.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        return None, [
            Problem(
                path,
                first_line,
                "error",
                f"{what} is {size:,} bytes, over the {max_bytes:,}-byte limit; "
                "keep YAML files small and move long text elsewhere",
            )
        ]
    text, problems = decode_text(text_or_bytes, path=path, first_line=first_line, what=what)
    if text is None:
        return None, problems
    bad = _NOT_PRINTABLE.search(text)
    if bad:
        return None, [
            Problem(
                path,
                _line_at(text, bad.start(), first_line),
                "error",
                f"{what} contains the control character U+{ord(bad.group()):04X}, which YAML "
                "does not allow; remove it (is this a binary file?)",
            )
        ]
    try:
        loaded = _build(text, path, first_line)
    except _Stop as stop:
        return None, [stop.problem]
    except yaml.YAMLError as exc:
        return None, [_yaml_error(exc, text, path, first_line)]
    except (RecursionError, MemoryError):
        return None, [
            Problem(path, first_line, "error", f"{what} is too complex to read; simplify it")
        ]
    if expect_mapping and not isinstance(loaded.data, dict):
        if loaded.data is None:
            message = f"{what} is empty; it needs 'key: value' lines"
        else:
            kind = "a list" if isinstance(loaded.data, list) else "a single value"
            message = (
                f"{what} must be a mapping of 'key: value' lines, not {kind}; "
                "write one 'key: value' per line"
            )
        return None, [Problem(path, first_line, "error", message)]
    return loaded, []


_FENCE = re.compile(r"^---[ \t]*$")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)


def split_front_matter(text: str) -> tuple[str | None, int, str]:
    """``(yaml, first yaml line, body)``; ``(None, 0, text)`` when there is no closed
    front matter (a first line ``---`` and a later line ``---`` or ``...``)."""
    first_end = text.find("\n")
    first = text if first_end < 0 else text[:first_end]
    if first_end < 0 or not _FENCE.match(first.rstrip("\r")):
        return None, 0, text
    start = first_end + 1
    close = _CLOSE.search(text, start)
    if close is None:
        return None, 0, text
    body_start = text.find("\n", close.end())
    body = "" if body_start < 0 else text[body_start + 1 :]
    return text[start : close.start()], 2, body


def has_unclosed_front_matter(text: str) -> bool:
    """True when the text opens front matter with ``---`` but never closes it."""
    return split_front_matter(text)[0] is None and bool(
        _FENCE.match(text.split("\n", 1)[0].rstrip("\r"))
    )
