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
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """``text`` for a terminal: each control character shown as ``\\xNN``, never sent."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


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
