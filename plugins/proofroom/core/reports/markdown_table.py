"""GitHub-flavoured Markdown tables of text that comes from files (job summaries, reports).

A cell never breaks the table or carries markup: pipes and backslashes are escaped, line
breaks become spaces, and ``& < >`` become entities (GitHub renders HTML in Markdown).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def cell(text: object) -> str:
    return (
        str(text)
        .replace("\\", "\\\\")
        .replace("|", "\\|")
        .replace("\r", " ")
        .replace("\n", " ")
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
    )


def row(cells: Iterable[str]) -> str:
    """One table row of cells that are ready (escape file text with :func:`cell` first)."""
    return "| " + " | ".join(cells) + " |"


def table(headers: Sequence[str], rows: Iterable[Sequence[str]], align: str = "") -> list[str]:
    """Header, alignment line (``r`` right-aligns a column) and rows of ready cells."""
    marks = [("---:" if align[i : i + 1] == "r" else "---") for i in range(len(headers))]
    return [row(headers), "|" + "|".join(marks) + "|", *(row(r) for r in rows)]
