"""Logins: compared without regard to case everywhere, shown as written.

GitHub logins ignore case (``Alice`` and ``alice`` are one account), so every
comparison of two logins (reviewer and approvers, ``--author`` and reviewer, the
team file, a decision file's name and its ``reviewer:``) goes through here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TypeVar

T = TypeVar("T")


def login_key(login: str) -> str:
    """What two spellings of one login have in common."""
    return login.casefold()


def same_login(a: str | None, b: str | None) -> bool:
    """True when ``a`` and ``b`` are the same login (case ignored); None is nobody."""
    return a is not None and b is not None and login_key(a) == login_key(b)


def as_written(login: str, known: Iterable[str]) -> str:
    """``login`` as ``known`` spells it (a stage's approvers), else as given."""
    return next((k for k in known if same_login(k, login)), login)


def lookup(by_login: Mapping[str, T], login: str) -> T | None:
    """The entry of ``login`` in a mapping keyed by logins, whatever their case."""
    if login in by_login:
        return by_login[login]
    return next((v for k, v in by_login.items() if same_login(k, login)), None)


def among(login: str | None, logins: Iterable[str]) -> bool:
    """True when ``login`` is one of ``logins`` (case ignored)."""
    return any(same_login(login, other) for other in logins)
