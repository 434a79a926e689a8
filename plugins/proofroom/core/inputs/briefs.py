"""Reading campaign briefs: ``content/campaigns/<campaign>/index.md``.

The brief is YAML front matter plus a Markdown body. Everything wrong in it becomes a
:class:`Problem` at the line to fix, and a :class:`Brief` is always returned (with
``ok=False`` and safe fallbacks) so that the site still renders while the brief is fixed.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from ...schemas import load_schema
from ..links import escape, refusal
from ..model import Brief, DeliverableSpec, Stage
from ..problems import Problem, Severity
from .schema_messages import (
    Said,
    Words,
    at_least,
    describe,
    empty,
    login_pattern,
    missing_keys,
    schema_problems,
    unknown_keys,
    wrong_type,
)
from .schema_messages import label as schema_label
from .schemacheck import jsonable
from .suggest import closest, did_you_mean
from .yamlload import Loaded, decode_text, has_unclosed_front_matter, load_yaml, split_front_matter

MAX_TEXT_BYTES = 1_000_000
DEFAULT_STAGE = "review"
EXTRA_KEYS = ("alt", "focus", "derived_from", "notes")  # kept in DeliverableSpec.extra
_DATE_KEYS = {"launch", "due"}
_WHEN = re.compile(load_schema("brief")["$defs"]["when"]["pattern"])
_DATE_HELP = "a date like 2027-02-10 or a date and time like 2027-02-10T18:00+01:00"

_EXAMPLES = {
    "title": "title: Soldes de printemps 2027",
    "owner": "owner: marie",
    "timezone": "timezone: Europe/Paris",
    "launch": "launch: 2027-03-01",
    "tags": "tags: [retail, printemps]",
    "stages": "stages: [{name: brand, approvers: [alice]}]",
    "name": "name: brand",
    "approvers": "approvers: [alice, bob]",
    "required": "required: 1",
    "deliverables": "deliverables: [{id: hero, asset: hero.jpg}]",
    "id": "id: hero",
    "asset": "asset: hero.jpg",
    "channel": "channel: instagram-feed",
    "due": "due: 2027-02-10",
    "deliverable stages": "stages: [brand, legal]",
    "alt": "alt: A woman in a yellow coat",
    "focus": "focus: [0.5, 0.3]",
    "derived_from": "derived_from: hero",
    "notes": "notes: Cut-down of the TV spot",
    "description": "description: Spring sale, all channels",
    "hide": "hide: [navigation]",
}


@dataclass
class FrontMatterFile:
    """A Markdown file split into its parsed front matter and its body."""

    loaded: Loaded | None  # None when the file or its front matter cannot be read
    body: str = ""
    yaml_line: int = 0  # line where the YAML starts (2), 0 without front matter


def workspace_rel(path: Path, workspace: Path) -> str:
    """``path`` relative to the workspace, with forward slashes (for problem reports)."""
    rel = os.path.relpath(Path(path).absolute(), Path(workspace).absolute())
    return rel.replace(os.sep, "/")


def read_text_file(
    path: Path, rel: str, *, max_bytes: int = MAX_TEXT_BYTES, what: str = "the file"
) -> tuple[str | None, list[Problem]]:
    """The UTF-8 text of a hand-written file, or ``None`` and one problem.

    Refuses files over ``max_bytes``, NUL bytes (binary files), non-UTF-8 text and
    files reached through a link that leaves the workspace or loops (:mod:`..links`);
    newlines come back as ``\\n``.
    """
    refused = _refused_link(path, rel)
    if refused is not None:
        return None, [refused]
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return None, [_too_big(rel, size, max_bytes, what)]
        with open(path, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except FileNotFoundError:
        return None, [Problem(rel, 0, "error", f"{what} does not exist; create it")]
    except IsADirectoryError:
        return None, [Problem(rel, 0, "error", f"{what} is a folder; it must be a text file")]
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        return None, [Problem(rel, 0, "error", f"{what} cannot be read ({reason}); check it")]
    if len(data) > max_bytes:
        return None, [_too_big(rel, len(data), max_bytes, what)]
    return decode_text(data, path=rel, what=what)


def _refused_link(path: Path, rel: str) -> Problem | None:
    """The error of a link on the way to ``path`` that leads outside the workspace (whose
    root is ``path`` without ``rel``) or loops."""
    depth = len(rel.split("/"))
    if rel.startswith("../") or depth > len(Path(path).parents):
        return None
    root = Path(path).parents[depth - 1]
    found = escape(Path(path), root)
    return refusal(*found) if found is not None else None


def _too_big(rel: str, size: int, max_bytes: int, what: str) -> Problem:
    return Problem(
        rel,
        0,
        "error",
        f"{what} is {size:,} bytes, over the {max_bytes:,}-byte limit; "
        "keep it short and link to long documents instead",
    )


def read_front_matter_file(
    path: Path, rel: str, *, what: str = "the file", example: str = "title: ..."
) -> tuple[FrontMatterFile, list[Problem]]:
    """Read a Markdown file whose YAML front matter must be a mapping.

    ``example`` is the first key line shown in the fix when front matter is missing.
    """
    text, problems = read_text_file(path, rel, what=what)
    if text is None:
        return FrontMatterFile(None), problems
    how = f"start the file with a '---' line, then '{example}', then a closing '---' line"
    if not text.strip():
        return FrontMatterFile(None), [Problem(rel, 1, "error", f"{what} is empty; {how}")]
    yaml_text, first_line, body = split_front_matter(text)
    if yaml_text is None:
        if has_unclosed_front_matter(text):
            message = (
                "the front matter opened at line 1 is never closed; add a '---' line after "
                "its last key"
            )
        else:
            message = f"{what} has no front matter; {how}"
        return FrontMatterFile(None, body=text), [Problem(rel, 1, "error", message)]
    loaded, problems = load_yaml(
        yaml_text, path=rel, first_line=first_line, expect_mapping=True, what="the front matter"
    )
    return FrontMatterFile(loaded, body=body, yaml_line=first_line), problems


def read_brief(path: Path, *, workspace: Path, campaign: str) -> tuple[Brief, list[Problem]]:
    """Read and check one brief; the Brief is usable even when problems are returned."""
    rel = workspace_rel(path, workspace)
    brief = Brief(campaign=campaign, path=rel, title=campaign, ok=False)
    try:
        inside = Path(path).resolve().is_relative_to(Path(workspace).resolve())
    except OSError:
        inside = False
    if not inside:
        message = "the brief points outside the workspace; replace the link with the file itself"
        return brief, [Problem(rel, 0, "error", message)]
    fm, problems = read_front_matter_file(
        Path(path), rel, what="the brief", example="title: <campaign name>"
    )
    brief.body = fm.body
    if fm.loaded is None:
        return brief, problems
    data: dict = fm.loaded.data  # type: ignore[assignment]
    brief.meta = data
    checker = _BriefChecker(rel, campaign, fm.loaded)
    checker.schema(data)
    checker.fill(brief, data)
    problems = sorted(problems + checker.problems, key=lambda p: p.line)
    brief.ok = not any(p.is_error for p in problems)
    return brief, problems


def label(path: tuple) -> str:
    """``("stages", 1, "approvers")`` -> ``stages[1].approvers``."""
    return schema_label(path, "the front matter")


def _example_key(path: tuple) -> str:
    keys = [p for p in path if isinstance(p, str)]
    if not keys:
        return "title"
    if keys[-1] == "stages" and keys[0] == "deliverables":
        return "deliverable stages"
    return keys[-1]


def _missing(words: Words, path: tuple, key: str) -> str:
    if not path and key == "title":
        return "the brief has no title; add 'title: <campaign name>' to the front matter"
    return f'{words.name(path)} has no "{key}"; add it, e.g. {words.example(path + (key,))}'


def _date(error, words: Words, root: object) -> Said | None:
    path = tuple(error.absolute_path)
    if not path or path[-1] not in _DATE_KEYS or error.validator not in ("type", "pattern"):
        return None
    return [(path, f"{words.name(path)} must be {_DATE_HELP}; {describe(error.instance, 'date')}")]


def _no_approvers(error, words: Words, root: object) -> Said | None:
    path = tuple(error.absolute_path)
    if error.validator != "minItems" or not path or path[-1] != "approvers":
        return None
    name = words.name(path)
    return [(path, f"{name} is empty; list at least one login, e.g. '{words.example(path)}'")]


def _no_stages(error, words: Words, root: object) -> Said | None:
    path = tuple(error.absolute_path)
    if error.validator != "minItems" or len(path) != 3 or path[-1] != "stages":
        return None
    name = words.name(path)
    return [(path, f"{name} is empty; list at least one stage, or remove it to use all")]


def _focus(error, words: Words, root: object) -> Said | None:
    path = tuple(error.absolute_path)
    if "focus" not in path or error.validator not in ("minItems", "maxItems", "minimum", "maximum"):
        return None
    return [
        (
            path,
            f"{words.name(path)} must be [x, y], two fractions between 0 and 1, "
            f"e.g. '{_EXAMPLES['focus']}'",
        )
    ]


BRIEF_WORDS = Words(
    schema="brief",
    what="the front matter",
    examples=_EXAMPLES,
    example_key=_example_key,
    missing=_missing,
    rules=(
        unknown_keys,
        missing_keys,
        _date,
        wrong_type,
        login_pattern,
        empty,
        _no_approvers,
        _no_stages,
        _focus,
        at_least,
    ),
)
"""How the schema errors of a brief's front matter are said."""


@cache
def _zones() -> frozenset[str]:
    return frozenset(available_timezones())


def _timezone_problem(name: str) -> str | None:
    """None when ``name`` is a known IANA timezone, else the message with a suggestion."""
    zones = _zones()
    if zones:
        if name in zones:
            return None
    else:  # no timezone list on this system: trust ZoneInfo
        try:
            ZoneInfo(name)
            return None
        except (ZoneInfoNotFoundError, ValueError, OSError):
            pass
    best = closest(name, zones)
    if best is None:
        cities = {z.rsplit("/", 1)[-1].lower(): z for z in sorted(zones) if "/" in z}
        city = name.replace(" ", "_").lower()
        known = city if city in cities else closest(city, cities)
        best = cities[known] if known else None
    hint = f' (did you mean "{best}"?)' if best else ""
    return (
        f'unknown timezone "{name}"{hint}; use an IANA name such as Europe/Paris '
        "or America/New_York"
    )


def _parse_when(value: object, zone: ZoneInfo) -> date | datetime | None:
    """A date stays a date (end of that day, campaign timezone); datetimes become UTC."""
    if isinstance(value, str):
        text = value.strip()
        if len(text) == 10:
            value = date.fromisoformat(text)
        else:
            value = datetime.fromisoformat(text.replace("z", "Z").replace("t", "T"))
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=zone)
        return value.astimezone(UTC)
    if isinstance(value, date):
        return value
    return None


_BAD_ID = re.compile(r"\s|\\")


def check_asset(asset: str, campaign: str) -> tuple[str | None, str | None]:
    """``(clean path or None when unsafe, message or None)`` for a brief's ``asset``.

    The path must stay inside assets/<campaign>/: absolute paths and ".." are refused
    (no clean path); fixable spellings get the clean path and a message saying it.
    """
    where = f"assets/{campaign}/"
    if asset.startswith(("/", "~", "\\")) or re.match(r"^[A-Za-z]:", asset):
        return None, (
            f'asset "{asset}" is an absolute path; write the path relative to {where}, '
            'e.g. "hero.jpg"'
        )
    parts = asset.replace("\\", "/").split("/")
    if ".." in parts:
        return None, (
            f'asset "{asset}" goes outside {where} with ".."; put the file under {where} '
            "and write its path from there"
        )
    clean = "/".join(p for p in parts if p not in ("", "."))
    if not clean:
        return None, f'asset "{asset}" names no file; write a file path such as "hero.jpg"'
    if "\\" in asset:
        return clean, f'asset "{asset}" uses backslashes; write it with forward slashes: "{clean}"'
    if clean.startswith(where):
        clean = clean[len(where) :]
        return clean, f'asset paths are relative to {where}: write "{clean}"'
    if clean != asset:
        return clean, f'asset "{asset}" is not a clean path; write "{clean}"'
    return clean, None


class _BriefChecker:
    """Collects the problems of one brief and builds its typed parts."""

    def __init__(self, rel: str, campaign: str, loaded: Loaded) -> None:
        self.rel = rel
        self.campaign = campaign
        self.loaded = loaded
        self.problems: list[Problem] = []
        self.zone = ZoneInfo("UTC")

    def add(self, path: tuple, message: str, severity: Severity = "error") -> None:
        self.problems.append(Problem(self.rel, self.loaded.line_of(path), severity, message))

    # -- schema ---------------------------------------------------------------------------

    def schema(self, data: dict) -> None:
        self.problems += schema_problems(jsonable(data), self.loaded, self.rel, BRIEF_WORDS)

    # -- typed parts ------------------------------------------------------------------------

    def fill(self, brief: Brief, data: dict) -> None:
        title = data.get("title")
        if isinstance(title, str) and title.strip():
            brief.title = title.strip()
        owner = data.get("owner")
        brief.owner = owner if isinstance(owner, str) and owner else None
        tz = data.get("timezone")
        if isinstance(tz, str) and tz:
            message = _timezone_problem(tz)
            if message:
                self.add(("timezone",), message)
            else:
                brief.timezone = tz
                self.zone = ZoneInfo(tz)
        tags = data.get("tags")
        if isinstance(tags, list):
            brief.tags = tuple(t for t in tags if isinstance(t, str) and t)
        brief.launch = self.when(data, ("launch",))
        brief.stages = self.stages(data.get("stages"))
        raw_names = self.raw_stage_names(data.get("stages"))
        if "deliverables" in data:
            brief.deliverables = self.deliverables(data.get("deliverables"), raw_names)

    def when(self, mapping: dict, path: tuple) -> date | datetime | None:
        value = mapping.get(path[-1])
        if isinstance(value, str) and not _WHEN.match(value):
            return None  # the schema check reported it
        if not isinstance(value, str | date):
            return None
        try:
            return _parse_when(value, self.zone)
        except ValueError as exc:
            self.add(
                path, f'{label(path)} "{value}" is not a real date ({exc}); write {_DATE_HELP}'
            )
            return None

    @staticmethod
    def raw_stage_names(raw: object) -> list[str]:
        """Every stage name written, valid or not: deliverables are checked against them."""
        if not isinstance(raw, list):
            return []
        names = [s.get("name") for s in raw if isinstance(s, dict)]
        return list(dict.fromkeys(n for n in names if isinstance(n, str) and n))

    def stages(self, raw: object) -> tuple[Stage, ...]:
        if not isinstance(raw, list):
            return ()
        out: list[Stage] = []
        first_line: dict[str, int] = {}
        for i, item in enumerate(raw):
            if not isinstance(item, dict):
                continue
            name, approvers = item.get("name"), item.get("approvers")
            if not isinstance(name, str) or not name:
                continue
            if name in first_line:
                self.add(
                    ("stages", i, "name"),
                    f'stage "{name}" is declared twice (first at line {first_line[name]}); '
                    "give each stage its own name",
                )
                continue
            first_line[name] = self.loaded.line_of(("stages", i, "name"))
            if not isinstance(approvers, list):
                continue
            logins: list[str] = []
            for j, login in enumerate(approvers):
                if not isinstance(login, str) or not login or _BAD_ID.search(login):
                    continue
                if login in logins:
                    self.add(
                        ("stages", i, "approvers", j),
                        f'approver "{login}" is listed twice in stage "{name}"; remove one',
                    )
                    continue
                logins.append(login)
            if not logins:
                continue
            required = item.get("required")
            count = len(logins)
            if isinstance(required, bool) or not isinstance(required, int | float):
                required = count
            elif int(required) != required or required < 1:
                required = count  # the schema reported it
            elif required > count:
                self.add(
                    ("stages", i, "required"),
                    f'stage "{name}" requires {int(required)} approvals but has only {count} '
                    f"approver{'s' if count > 1 else ''}; lower required to {count} or add "
                    "approvers",
                )
                required = count
            out.append(
                Stage(name, tuple(logins), int(required), self.loaded.line_of(("stages", i)))
            )
        return tuple(out)

    def deliverables(self, raw: object, stage_names: list[str]) -> tuple[DeliverableSpec, ...]:
        if not isinstance(raw, list):
            return ()
        out: list[DeliverableSpec] = []
        id_line: dict[str, int] = {}
        for i, item in enumerate(raw):
            if not isinstance(item, dict):
                continue
            # Check every key even when the item cannot be kept: one pass shows all errors.
            path = ("deliverables", i)
            raw_id, asset = item.get("id"), item.get("asset")
            did = raw_id if isinstance(raw_id, str) else ""
            keep = bool(did)
            if keep and did in id_line:
                self.add(
                    path + ("id",),
                    f'deliverable id "{did}" is used twice (first at line {id_line[did]}); '
                    "give each deliverable its own id",
                )
                keep = False
            elif keep:
                id_line[did] = self.loaded.line_of(path + ("id",))
                if _BAD_ID.search(did) or did.startswith("/") or ".." in did.split("/"):
                    self.add(
                        path + ("id",),
                        f'deliverable id "{did}" must have no spaces, backslashes, leading "/" '
                        'or ".." part; e.g. "hero" or "social/story"',
                    )
            clean = None
            if isinstance(asset, str) and asset:
                clean, message = check_asset(asset, self.campaign)
                if message:
                    self.add(path + ("asset",), message)
            due = self.when(item, path + ("due",))
            stages = self.deliverable_stages(item.get("stages"), path, stage_names)
            if not keep or clean is None:
                continue  # unusable id, or an asset path outside assets/<campaign>/
            channel = item.get("channel")
            out.append(
                DeliverableSpec(
                    id=did,
                    asset=clean,
                    channel=channel if isinstance(channel, str) and channel else None,
                    due=due,
                    stages=stages,
                    line=self.loaded.line_of(path),
                    extra={k: item[k] for k in EXTRA_KEYS if k in item},
                )
            )
        self.check_derived(raw)
        return tuple(out)

    def deliverable_stages(
        self, raw: object, path: tuple, stage_names: list[str]
    ) -> tuple[str, ...] | None:
        if not isinstance(raw, list) or not raw:
            return None
        campaign_stages = stage_names or [DEFAULT_STAGE]
        chosen: list[str] = []
        for j, name in enumerate(raw):
            if not isinstance(name, str) or not name:
                continue
            where = path + ("stages", j)
            if name in chosen:
                self.add(where, f'stage "{name}" is listed twice; remove one')
            elif name in campaign_stages:
                chosen.append(name)
            elif not stage_names:
                self.add(
                    where,
                    f'stage "{name}" is not a stage of this campaign: the brief declares no '
                    f'stages, so the only stage is "{DEFAULT_STAGE}"; declare the stages at the '
                    "top of the brief or remove this list",
                )
            else:
                self.add(
                    where,
                    f'stage "{name}" is not a stage of this campaign'
                    f"{did_you_mean(name, campaign_stages)}; the stages are: "
                    f"{', '.join(campaign_stages)}",
                )
        ordered = [s for s in campaign_stages if s in chosen]
        if chosen != ordered:
            self.add(
                path + ("stages",),
                f"stages run in the campaign order ({', '.join(ordered)}), not in the order "
                "written; write them in that order",
                "warning",
            )
        return tuple(ordered) if ordered else None

    def check_derived(self, raw: list) -> None:
        """``derived_from`` names another deliverable, and never makes a loop."""
        items = [
            (i, item)
            for i, item in enumerate(raw)
            if isinstance(item, dict) and isinstance(item.get("id"), str)
        ]
        ids = list(dict.fromkeys(item["id"] for _, item in items))
        parent: dict[str, str] = {}
        where: dict[str, tuple] = {}
        for i, item in items:
            did, source = item["id"], item.get("derived_from")
            if not isinstance(source, str) or not source or did in parent:
                continue
            path = ("deliverables", i, "derived_from")
            if source == did:
                self.add(path, f'deliverable "{did}" cannot be derived from itself; remove it')
            elif source not in ids:
                others = [x for x in ids if x != did]
                self.add(
                    path,
                    f'derived_from "{source}" is not a deliverable id{did_you_mean(source, others)}'
                    "; use the id of the deliverable this one is adapted from",
                )
            else:
                parent[did] = source
                where[did] = path
        reported: set[str] = set()
        for did in parent:
            chain, node = [did], parent[did]
            while node in parent and node not in chain:
                chain.append(node)
                node = parent[node]
            if node == did and did not in reported:
                reported.update(chain)
                loop = " -> ".join([*chain, did])
                self.add(where[did], f"derived_from makes a loop ({loop}); remove one of them")
