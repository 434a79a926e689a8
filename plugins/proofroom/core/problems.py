"""Problems found in user input, reported as ``path:line: severity: message``.

User mistakes never raise tracebacks: readers collect :class:`Problem` values, and
commands print them. :class:`ProofroomError` is for what stops a command outright
(not a git repository, shallow clone, bad usage): exit code 2.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]

# Control characters (ANSI escapes start with ESC) other than tab and newline: a file
# name or a commit message could recolour, hide or rewrite what a terminal shows.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\udc80-\udcff]")


def printable(text: str) -> str:
    """``text`` for a terminal: each control character shown as ``\\xNN``, never sent;
    bytes of a name that is not UTF-8 (kept by git as surrogate escapes) as ``\\xNN``."""
    return _CONTROL.sub(lambda m: _escaped(m.group()), text)


def _escaped(ch: str) -> str:
    code = ord(ch)
    return f"\\x{code - 0xDC00 if 0xDC80 <= code <= 0xDCFF else code:02x}"


@dataclass(frozen=True, order=True)
class Problem:
    path: str  # workspace-relative, forward slashes
    line: int  # 1-based; 0 when the whole file is concerned
    severity: Severity
    message: str  # what is wrong and how to fix it, one line

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return printable(f"{where}: {self.severity}: {self.message}")

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


class ProofroomError(Exception):
    """An environment or usage problem that stops the command (exit code 2)."""

    exit_code = 2

    def __init__(self, message: str, *, path: str | None = None, line: int = 0) -> None:
        super().__init__(message)
        self.path = path
        self.line = line

    def __str__(self) -> str:
        msg = self.args[0]
        if self.path:
            where = f"{self.path}:{self.line}" if self.line else self.path
            return printable(f"{where}: error: {msg}")
        return printable(f"error: {msg}")


MAX_NAME_BYTES = 200  # a file name longer than this leaves no room for what is made of it


def printable_name(name: str) -> str:
    """``name`` as one readable line: bytes that are not UTF-8 (kept by git as surrogate
    escapes) as ``\\xff``, control characters as ``\\n``, ``\\t``, ``\\x01``."""
    out = []
    for ch in name:
        code = ord(ch)
        if 0xDC80 <= code <= 0xDCFF:
            out.append(f"\\x{code - 0xDC00:02x}")
        elif code < 0x20 or code == 0x7F or 0x80 <= code < 0xA0:
            out.append(repr(ch)[1:-1])
        else:
            out.append(ch)
    return "".join(out)


def bad_name(path: str) -> str | None:
    """What makes a file name unusable on a site, or None: bytes that are not UTF-8,
    control characters (a newline among them), a part over :data:`MAX_NAME_BYTES`."""
    if any(0xDC80 <= ord(ch) <= 0xDCFF for ch in path):
        return "is not valid UTF-8"
    for ch in path:
        code = ord(ch)
        if code < 0x20 or code == 0x7F or 0x80 <= code < 0xA0:
            return f"holds a control character ({repr(ch)[1:-1]})"
    for part in path.split("/"):
        size = len(part.encode("utf-8"))
        if size > MAX_NAME_BYTES:
            return f"has a part of {size} bytes, over the {MAX_NAME_BYTES}-byte limit"
    return None


def name_problem(path: str) -> Problem | None:
    """The error of a file whose name cannot be shown or published (see :func:`bad_name`)."""
    why = bad_name(path)
    if why is None:
        return None
    return Problem(
        printable_name(path),
        0,
        "error",
        f"the file name {why}; it is left out, rename it (git mv) to a shorter UTF-8 name"
        " without control characters",
    )
