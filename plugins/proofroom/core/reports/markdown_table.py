"""GitHub-flavoured Markdown tables of text that comes from files (job summaries, reports).

A cell never breaks the table or carries markup: pipes and backslashes are escaped, line
breaks become spaces, and ``& < >`` become entities (GitHub renders HTML in Markdown).
No link or image either: brackets and backticks are escaped (so ``](`` and ``![`` open
nothing), and ``https://`` or ``www.`` lose what GitHub's autolinks look for.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ..problems import printable

_AUTOLINK = re.compile(r"(?i)\b(https?|ftp|mailto|javascript|data)(:)|\b(www)(\.)")


def cell(text: object) -> str:
    out = (
        printable(str(text).replace("\r", " ").replace("\n", " "))
        .replace("\\", "\\\\")
        .replace("|", "\\|")
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
    )
    for char in "[]`":
        out = out.replace(char, "\\" + char)
    out = out.replace("!\\[", "\\!\\[").replace("\\](", "\\]\\(")
    return _AUTOLINK.sub(lambda m: f"{m.group(1) or m.group(3)}\\{m.group(2) or m.group(4)}", out)


def row(cells: Iterable[str]) -> str:
    """One table row of cells that are ready (escape file text with :func:`cell` first)."""
    return "| " + " | ".join(cells) + " |"


def table(headers: Sequence[str], rows: Iterable[Sequence[str]], align: str = "") -> list[str]:
    """Header, alignment line (``r`` right-aligns a column) and rows of ready cells."""
    marks = [("---:" if align[i : i + 1] == "r" else "---") for i in range(len(headers))]
    return [row(headers), "|" + "|".join(marks) + "|", *(row(r) for r in rows)]
