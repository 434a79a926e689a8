"""Reading ``reviews/<campaign>/shares.yml``: the review links given to guests.

A share says who a link is for, what it opens, until when and what the guest may do;
a revocation ends one. ``reviews/shares.yml`` holds team links: shares of every
campaign (:data:`TEAM`), which name no assets. The files are kept in git so that an
owner reads every link given out in a pull request; they hold no key (keys come from the
site secret, see :mod:`..secret`). Every mistake is a :class:`Problem` at its line, like
the other files.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path

from ..model import due_end
from ..problems import Problem
from .briefs import check_asset, read_text_file, workspace_rel
from .decisions import SHARES_FILE
from .schema_messages import (
    Said,
    Words,
    blank_pattern,
    describe,
    empty,
    login_pattern,
    missing_keys,
    nothing_written,
    schema_problems,
    unknown_keys,
    wrong_type,
)
from .schemacheck import jsonable
from .yamlload import Loaded, load_yaml

MAX_SHARES_BYTES = 1_000_000
TEAM = ""  # the campaign of a team link: every campaign (``reviews/shares.yml``)
TEAM_SCOPE = "every campaign"
TEAM_ZONE = UTC  # a team link's date-only ``expires`` ends at 23:59:59 UTC
CAN = ("view", "comment", "decide")
STATES = ("active", "expired", "revoked")
_WHAT = "the shares file"
_MOMENT_KEYS = {"created_at", "at"}
EXAMPLES = {
    "shares": "shares: [{id: k3v9q2m7x4t8, to: client-acme, created_by: marie, ...}]",
    "revoked": "revoked: [{id: k3v9q2m7x4t8, by: marie, at: 2027-02-05T09:00:00Z}]",
    "id": "id: k3v9q2m7x4t8",
    "to": "to: client-acme",
    "assets": "assets: [hero.jpg]",
    "expires": "expires: 2027-03-01",
    "can": "can: decide",
    "passphrase": "passphrase: false",
    "passphrase_key": 'passphrase_key: "<written by proofroom share --passphrase>"',
    "created_by": "created_by: marie",
    "created_at": "created_at: 2027-02-01T10:00:00Z",
    "by": "by: marie",
    "at": "at: 2027-02-05T09:00:00Z",
}


@dataclass(frozen=True)
class Revocation:
    id: str
    by: str
    at: datetime  # UTC
    path: str
    line: int


@dataclass(frozen=True)
class Share:
    """One review link as the file declares it (no key: that comes from the secret)."""

    id: str
    campaign: str  # TEAM ("") for a team link, which opens every campaign
    to: str
    created_by: str
    created_at: datetime  # UTC
    path: str  # workspace-relative shares.yml
    line: int
    assets: tuple[str, ...] = ()  # relative to assets/<campaign>/; empty: the whole campaign
    expires: date | datetime | None = None  # as written
    expires_at: datetime | None = None  # when it ends, UTC
    can: str = "view"
    passphrase: bool = False
    passphrase_key: bytes | None = None  # P sealed with the secret (see core/sealing.py)
    revoked: Revocation | None = None

    @property
    def team(self) -> bool:
        """Whether this is a team link (``reviews/shares.yml``): every campaign."""
        return self.campaign == TEAM

    @property
    def scope(self) -> str:
        """What the link opens, in words."""
        if self.team:
            return TEAM_SCOPE
        return ", ".join(self.assets) if self.assets else "whole campaign"


@dataclass
class SharesFile:
    """One campaign's shares.yml as read (``campaign`` TEAM: ``reviews/shares.yml``);
    ``loaded`` is None when absent or unreadable."""

    campaign: str
    path: str
    shares: list[Share] = field(default_factory=list)
    revoked: list[Revocation] = field(default_factory=list)
    loaded: Loaded | None = None


def state(share: Share, now: datetime) -> str:
    """``revoked``, ``expired`` or ``active`` at ``now`` (an aware datetime)."""
    if share.revoked is not None and share.revoked.at <= now:
        return "revoked"
    if share.expires_at is not None and now > share.expires_at:
        return "expired"
    return "active"


def expiry_end(value: date | datetime, zone: tzinfo) -> datetime:
    """When an ``expires`` passes, in UTC: a date ends at 23:59:59 in ``zone``."""
    return due_end(value, zone).astimezone(UTC)


def _example_key(path: tuple) -> str:
    keys = [p for p in path if isinstance(p, str)]
    return keys[-1] if keys else "shares"


def _when(error, words: Words, root: object) -> Said | None:
    """A bad date: say which form is wanted."""
    path = tuple(error.absolute_path)
    if not path or error.validator not in ("type", "pattern") or error.instance is None:
        return None
    if path[-1] == "expires":
        want = "a date like 2027-03-01 or a date and time with offset like 2027-03-01T18:00+01:00"
    elif path[-1] in _MOMENT_KEYS:
        want = "a date and time with offset, like 2027-02-01T10:00:00Z"
    else:
        return None
    return [(path, f"{words.name(path)} must be {want}; {describe(error.instance, 'date')}")]


def _can(error, words: Words, root: object) -> Said | None:
    path = tuple(error.absolute_path)
    if error.validator != "enum" or not path or path[-1] != "can":
        return None
    return [
        (
            path,
            f"{words.name(path)} must be one of view, comment, decide; "
            f"{describe(error.instance, 'string')}",
        )
    ]


def _id(error, words: Words, root: object) -> Said | None:
    path = tuple(error.absolute_path)
    if error.validator != "pattern" or not path or path[-1] != "id":
        return None
    return [
        (
            path,
            f"{words.name(path)} must be 8 to 32 lower-case letters and digits, e.g. "
            f'"k3v9q2m7x4t8" (`proofroom share` makes one); got "{error.instance}"',
        )
    ]


def _no_assets(error, words: Words, root: object) -> Said | None:
    path = tuple(error.absolute_path)
    if error.validator != "minItems" or not path or path[-1] != "assets":
        return None
    return [(path, f"{words.name(path)} is empty; list files, or remove it to share all")]


def _wrong_item(error, words: Words, root: object) -> Said | None:
    """A list item that is not a mapping: say what an entry looks like."""
    path = tuple(error.absolute_path)
    if error.validator != "type" or len(path) != 2 or error.instance is None:
        return None
    example = EXAMPLES[path[0]].split(": ", 1)[1]
    return [
        (
            path,
            f"{words.name(path)} must be a mapping like {example}; "
            f"{describe(error.instance, 'object')}",
        )
    ]


SHARES_WORDS = Words(
    schema="shares",
    what=_WHAT,
    examples=EXAMPLES,
    example_key=_example_key,
    rules=(
        unknown_keys,
        missing_keys,
        nothing_written,
        _when,
        _can,
        _id,
        _wrong_item,
        _no_assets,
        empty,
        wrong_type,
        blank_pattern,
        login_pattern,
    ),
)
"""How the schema errors of shares.yml are said."""


def shares_path(reviews_dir: str, campaign: str) -> str:
    """The workspace-relative shares.yml of ``campaign`` (TEAM: ``reviews/shares.yml``)."""
    if campaign == TEAM:
        return f"{reviews_dir.strip('/')}/{SHARES_FILE}"
    return f"{reviews_dir.strip('/')}/{campaign}/{SHARES_FILE}"


def file_campaign(rel: str, reviews_dir: str) -> str:
    """The campaign whose shares ``rel`` (a shares.yml path) holds: TEAM for the file
    directly under ``reviews/``."""
    return TEAM if rel == shares_path(reviews_dir, TEAM) else rel.split("/")[-2]


def _as_when(value: object) -> date | datetime | None:
    """A date or an aware datetime, also from quoted text (the schema checked its form)."""
    if isinstance(value, str):
        text = value.strip().replace("z", "Z").replace("t", "T").replace(" ", "T")
        try:
            value = date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text)
        except ValueError:
            return None
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else None
    return value if isinstance(value, date) else None


def _b64(value: object) -> bytes | None:
    """A base64url value (the schema checked its alphabet)."""
    if not isinstance(value, str):
        return None
    return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))


def _moment(value: object) -> datetime | None:
    when = _as_when(value)
    return when.astimezone(UTC) if isinstance(when, datetime) else None


class _Checker:
    """Collects the problems of one shares.yml and builds its shares."""

    def __init__(self, rel: str, campaign: str, loaded: Loaded, zone: tzinfo, folder: Path | None):
        self.rel, self.campaign, self.loaded = rel, campaign, loaded
        self.zone, self.folder = zone, folder
        self.problems: list[Problem] = []

    def add(self, path: tuple, message: str) -> None:
        self.problems.append(Problem(self.rel, self.loaded.line_of(path), "error", message))

    def bad_lines(self, prefix: tuple) -> bool:
        """Whether a schema problem sits within the entry at ``prefix``."""
        lines = [ln for key, ln in self.loaded.lines.items() if key[: len(prefix)] == prefix]
        return any(p.line in lines for p in self.problems)

    def assets(self, raw: list, index: int) -> tuple[str, ...] | None:
        """The clean asset paths of a share; None when one is refused."""
        if raw and self.campaign == TEAM:
            self.add(
                ("shares", index, "assets"),
                "a team link opens every campaign; share assets from a campaign's own shares.yml",
            )
            return None
        out: list[str] = []
        for j, asset in enumerate(raw):
            where = ("shares", index, "assets", j)
            clean, message = check_asset(asset, self.campaign)
            if message:
                self.add(where, message)
                return None
            assert clean is not None
            if self.folder is not None and not (self.folder / clean).exists():
                self.add(
                    where,
                    f'asset "{asset}" is not in assets/{self.campaign}/; write the path of a '
                    "file or folder there, or remove it to share the whole campaign",
                )
                return None
            out.append(clean)
        return tuple(out)

    def share(self, raw: dict, index: int) -> Share | None:
        path = ("shares", index)
        if self.bad_lines(path):
            return None
        assets = self.assets(raw.get("assets") or [], index)
        created_at = _moment(raw["created_at"])
        if assets is None or created_at is None:
            return None
        expires = _as_when(raw.get("expires"))
        if raw.get("expires") is not None and expires is None:
            self.add(
                path + ("expires",), f"{path[0]}[{index}].expires is not a real date; correct it"
            )
            return None
        sealed = _b64(raw.get("passphrase_key"))
        if raw.get("passphrase", False) and sealed is None:
            self.add(
                path + ("passphrase",),
                f"share {raw['id']} asks for a passphrase but has no passphrase_key; "
                "make the share again with `proofroom share --passphrase`",
            )
            return None
        return Share(
            id=raw["id"],
            campaign=self.campaign,
            to=raw["to"],
            created_by=raw["created_by"],
            created_at=created_at,
            path=self.rel,
            line=self.loaded.line_of(path),
            assets=assets,
            expires=expires,
            expires_at=expiry_end(expires, self.zone) if expires is not None else None,
            can=raw.get("can", "view"),
            passphrase=bool(raw.get("passphrase", False)),
            passphrase_key=sealed,
        )

    def revocation(self, raw: dict, index: int) -> Revocation | None:
        path = ("revoked", index)
        at = _moment(raw["at"]) if not self.bad_lines(path) else None
        if at is None:
            return None
        return Revocation(raw["id"], raw["by"], at, self.rel, self.loaded.line_of(path))


def read_shares(
    path: Path, *, workspace: Path, campaign: str, zone: tzinfo = UTC, assets: Path | None = None
) -> tuple[SharesFile, list[Problem]]:
    """One campaign's shares (revocations attached) and the file's problems.

    ``zone`` is the campaign's timezone (where a date-only ``expires`` ends); ``assets``
    is the campaign's asset folder, whose files a share may name (None: not checked).
    """
    path = Path(path)
    rel = workspace_rel(path, workspace)
    found = SharesFile(campaign=campaign, path=rel)
    if not path.exists() and not path.is_symlink():
        return found, []
    if path.is_symlink():
        message = f"{_WHAT} is a symbolic link; replace the link with the file itself"
        return found, [Problem(rel, 0, "error", message)]
    text, problems = read_text_file(path, rel, max_bytes=MAX_SHARES_BYTES, what=_WHAT)
    if text is None:
        return found, problems
    return parse_shares(text, rel=rel, campaign=campaign, zone=zone, assets=assets)


def parse_shares(
    text: str, *, rel: str, campaign: str, zone: tzinfo = UTC, assets: Path | None = None
) -> tuple[SharesFile, list[Problem]]:
    """The text of a shares.yml, read as :func:`read_shares` reads the file (a command
    reads what it is about to write with this, so it never writes what validate refuses)."""
    found = SharesFile(campaign=campaign, path=rel)
    loaded, problems = load_yaml(text, path=rel, max_bytes=MAX_SHARES_BYTES, what=_WHAT)
    if loaded is None:
        return found, problems
    found.loaded = loaded
    if loaded.data is None:
        return found, []  # only comments: no share yet
    if not isinstance(loaded.data, dict):
        kind = "a list" if isinstance(loaded.data, list) else "a single value"
        message = f"{_WHAT} must be a mapping that starts with 'shares:', not {kind}"
        return found, [Problem(rel, 1, "error", message)]
    checker = _Checker(rel, campaign, loaded, zone, assets)
    checker.problems = schema_problems(jsonable(loaded.data), loaded, rel, SHARES_WORDS)
    _fill(found, checker, loaded.data)
    return found, sorted(checker.problems, key=lambda p: p.line)


def _fill(found: SharesFile, checker: _Checker, data: dict) -> None:
    """Shares and revocations of a schema-checked file: duplicates and unknown ids."""
    raw_shares = data.get("shares") if isinstance(data.get("shares"), list) else []
    raw_revoked = data.get("revoked") if isinstance(data.get("revoked"), list) else []
    by_id: dict[str, Share] = {}
    for i, raw in enumerate(raw_shares or []):
        share = checker.share(raw, i) if isinstance(raw, dict) else None
        if share is None:
            continue
        if share.id in by_id:
            first = by_id[share.id].line
            checker.add(
                ("shares", i, "id"),
                f'share id "{share.id}" is already used at line {first}; '
                "give each share its own id",
            )
            continue
        by_id[share.id] = share
    revoked: dict[str, Revocation] = {}
    for i, raw in enumerate(raw_revoked or []):
        item = checker.revocation(raw, i) if isinstance(raw, dict) else None
        if item is None:
            continue
        if item.id not in by_id:
            checker.add(
                ("revoked", i, "id"),
                f'no share "{item.id}" in this file to revoke; '
                "check the id (`proofroom shares` lists them)",
            )
        elif item.id in revoked:
            checker.add(
                ("revoked", i, "id"),
                f'share "{item.id}" is already revoked at line '
                f"{revoked[item.id].line}; remove this entry",
            )
        else:
            revoked[item.id] = item
            found.revoked.append(item)
    found.shares = [replace(s, revoked=revoked.get(s.id)) for s in by_id.values()]


_SHARES_NAME = re.compile(r"^[^./][^/]*$")


def read_all_shares(
    root: Path,
    *,
    reviews_dir: str,
    assets_dir: str,
    zones: Mapping[str, tzinfo],
) -> tuple[list[SharesFile], list[Problem]]:
    """The team links of ``reviews/shares.yml`` (first, when the file is there), then
    every campaign's shares.yml under ``reviews/``; ids are unique across all of them.

    ``zones`` maps each known campaign to its timezone (a team link's date ends in
    :data:`TEAM_ZONE`); a shares.yml of another folder is a problem.
    """
    root = Path(root)
    files: list[SharesFile] = []
    problems: list[Problem] = []
    folder = root / reviews_dir
    candidates = sorted(folder.glob(f"*/{SHARES_FILE}")) if folder.is_dir() else []
    team = folder / SHARES_FILE
    if team.exists() or team.is_symlink():
        candidates.insert(0, team)
    seen: dict[str, Share] = {}
    for path in candidates:
        campaign = TEAM if path == team else path.parent.name
        if campaign != TEAM and not _SHARES_NAME.match(campaign):
            continue
        if campaign != TEAM and campaign not in zones:
            rel = workspace_rel(path, root)
            problems.append(
                Problem(
                    rel,
                    0,
                    "error",
                    f'no campaign "{campaign}" for these shares; move the file to the '
                    "folder of an existing campaign",
                )
            )
            continue
        found, own = read_shares(
            path,
            workspace=root,
            campaign=campaign,
            zone=share_zone(zones, campaign),
            assets=None if campaign == TEAM else root / assets_dir / campaign,
        )
        problems += own
        found.shares = _unique(found.shares, seen, problems)
        files.append(found)
    return files, problems


def share_zone(zones: Mapping[str, tzinfo], campaign: str) -> tzinfo:
    """Where a date-only ``expires`` of ``campaign``'s shares ends: the campaign's
    timezone, :data:`TEAM_ZONE` for a team link (it belongs to no campaign)."""
    return TEAM_ZONE if campaign == TEAM else zones[campaign]


def _unique(shares: list[Share], seen: dict[str, Share], problems: list[Problem]) -> list[Share]:
    """The shares whose id no file read before used (``seen`` gains them)."""
    kept = []
    for share in shares:
        other = seen.get(share.id)
        if other is not None:
            problems.append(
                Problem(
                    share.path,
                    share.line,
                    "error",
                    f'share id "{share.id}" is also used in {other.path}:{other.line}; '
                    "give each share its own id",
                )
            )
            continue
        seen[share.id] = share
        kept.append(share)
    return kept
