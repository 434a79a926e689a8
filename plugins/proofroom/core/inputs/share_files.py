"""Adding to ``shares.yml`` without rewriting it: a new share or a revocation.

The file is read by people in pull requests, so what is there stays byte for byte (its
comments, order and spelling); an entry goes in after the last line of its list (or a
new list at the end), the result is read back with the same reader as ``validate``,
and it replaces the file in one step (:mod:`..atomic`).
"""

from __future__ import annotations

import re
import secrets
import string
from datetime import UTC, date, datetime

from .yamlload import Loaded

ID_ALPHABET = string.ascii_lowercase + string.digits
ID_LENGTH = 12
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_TOP_KEY = re.compile(r"""^(?:[^\s#\-"'][^:#]*|"[^"]*"|'[^']*')\s*:(?:\s|$)""")


def new_share_id() -> str:
    """Random and opaque: 12 lower-case letters and digits (about 62 bits)."""
    return "".join(secrets.choice(ID_ALPHABET) for _ in range(ID_LENGTH))


def utc_text(moment: datetime) -> str:
    """``2027-02-01T10:00:00Z``: how times are written in shares.yml."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def when_text(value: date | datetime) -> str:
    """An ``expires`` as written: a date, or a date and time with its offset."""
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds").replace("+00:00", "Z")
    return value.isoformat()


def share_entry(
    share_id: str,
    *,
    to: str,
    assets: tuple[str, ...],
    expires: date | datetime | None,
    can: str,
    passphrase: str | None,
    by: str,
    at: datetime,
) -> list[str]:
    """The lines of one share, without indentation (``- id: ...`` first)."""
    lines = [f"- id: {share_id}", f"  to: {_scalar(to)}"]
    if assets:
        lines.append(f"  assets: [{', '.join(_scalar(a) for a in assets)}]")
    if expires is not None:
        lines.append(f"  expires: {when_text(expires)}")
    lines.append(f"  can: {can}")
    if passphrase:  # P sealed with the secret, base64url
        lines += ["  passphrase: true", f'  passphrase_key: "{passphrase}"']
    lines += [f"  created_by: {_scalar(by)}", f"  created_at: {utc_text(at)}"]
    return lines


def revocation_entry(share_id: str, *, by: str, at: datetime) -> list[str]:
    """The lines of one revocation, without indentation."""
    return [f"- id: {share_id}", f"  by: {_scalar(by)}", f"  at: {utc_text(at)}"]


_PLAIN = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.\-/@]*$")
_WORDS_YAML_READS = {"true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"}


def _scalar(text: str) -> str:
    """Text as YAML reads it back unchanged: plain when safe, else double-quoted."""
    if _PLAIN.match(text) and text.lower() not in _WORDS_YAML_READS and not text[0].isdigit():
        return text
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def _split(text: str) -> list[str]:
    """Lines with their own line ends, so joining them gives the text back."""
    out: list[str] = []
    start = 0
    for m in _LINE_BREAK.finditer(text):
        out.append(text[start : m.end()])
        start = m.end()
    if start < len(text):
        out.append(text[start:])
    return out


def _newline(lines: list[str]) -> str:
    """The file's own line end (``\\n`` for a new file)."""
    for line in lines:
        m = _LINE_BREAK.search(line)
        if m:
            return m.group()
    return "\n"


def _block_end(lines: list[str], key_index: int) -> int:
    """Index after the last line of the block that starts at ``key_index``: up to the
    next top-level key, leaving blank lines and top-level comments before it in place."""
    end = len(lines)
    for i in range(key_index + 1, len(lines)):
        if _TOP_KEY.match(lines[i]):
            end = i
            break
    while end > key_index + 1 and (not lines[end - 1].strip() or lines[end - 1].startswith("#")):
        end -= 1
    return end


def append_entry(text: str, loaded: Loaded | None, section: str, entry: list[str]) -> str | None:
    """``text`` with ``entry`` added at the end of its ``section`` list (``shares`` or
    ``revoked``); every existing line is kept as it is. None when the list is written
    in a form this cannot add to without rewriting it (flow style ``[...]``)."""
    lines = _split(text)
    eol = _newline(lines)
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += eol
    data = loaded.data if loaded is not None else None
    if not isinstance(data, dict) or section not in data:
        block = [f"{section}:{eol}"] + [f"  {line}{eol}" for line in entry]
        return "".join(lines + block)
    if data[section] not in (None, []) and not isinstance(data[section], list):
        return None
    assert loaded is not None
    key_index = loaded.line_of((section,)) - 1
    key_line = lines[key_index].split("#", 1)[0].strip()
    if not key_line.endswith(":"):
        return None  # `shares: [...]` on one line: only a block list can grow in place
    items = data[section] or []
    indent = "  "
    if items:
        first = lines[loaded.line_of((section, 0)) - 1]
        indent = first[: len(first) - len(first.lstrip())]
    end = _block_end(lines, key_index)
    block = [f"{indent}{line}{eol}" for line in entry]
    return "".join(lines[:end] + block + lines[end:])
