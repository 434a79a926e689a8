"""Did-you-mean hints for misspelled keys, stage names and timezones.

A typo in a key is the most common brief mistake; naming the closest valid word turns
an error into a one-second fix.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

CUTOFF = 0.6


def closest(word: str, choices: Iterable[str], *, cutoff: float = CUTOFF) -> str | None:
    """The choice closest to ``word`` (case-insensitive first), or None when none is close."""
    options = [c for c in choices if isinstance(c, str)]
    if not isinstance(word, str) or not word or not options:
        return None
    lowered: dict[str, str] = {}
    for choice in options:
        lowered.setdefault(choice.lower(), choice)
    same_but_case = lowered.get(word.lower())
    if same_but_case is not None:
        return same_but_case if same_but_case != word else None
    match = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=cutoff)
    return lowered[match[0]] if match else None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """``' (did you mean "x"?)'`` for the closest choice, or ``""``."""
    best = closest(word, choices)
    return f' (did you mean "{best}"?)' if best else ""
