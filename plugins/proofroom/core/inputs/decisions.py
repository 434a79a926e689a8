"""Reading and checking decision files: ``reviews/<campaign>/.../*.yml``.

A decision binds a reviewer's verdict to the *content* of one asset version (its blob
SHA). Decision files are written by hand, by the site's form or by ``proofroom review``;
every mistake comes back as one :class:`Problem` at the line to fix, never as a
traceback, and a file with errors never counts in the workflow.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import TypeGuard

from ...schemas import load_schema
from ..logins import same_login
from ..model import DECISIONS, AssetHistory, Comment, Commit, Decision, Verdict
from ..problems import Problem
from ..settings import ASSETS_DIR, REVIEWS_DIR
from .briefs import read_text_file, workspace_rel
from .filememo import FileMemo
from .guest_signatures import canonical
from .schema_messages import (
    Said,
    Words,
    add_key_sentence,
    at_least,
    blank_pattern,
    describe,
    empty,
    label,
    login_pattern,
    missing_keys,
    nothing_written,
    schema_problems,
    type_sentence,
    unknown_keys,
    wrong_type,
)
from .schemacheck import jsonable
from .suggest import closest, did_you_mean
from .yamlload import Loaded, decode_text, load_yaml

MAX_DECISION_BYTES = 256_000  # a decision is a few lines; anything bigger is a mistake
TEAM_FILES = ("team.yml", "team.yaml")
SHARES_FILE = "shares.yml"  # reviews/[<campaign>/]shares.yml: guests' review links, not a decision
_EPS = 1e-9  # rounding slack for x + w <= 1
_WHAT = "the decision file"

EXAMPLES = {
    "asset": "asset: assets/soldes-printemps/hero.jpg",
    "version": "version: 3",
    "sha": "sha: 8f3a2c1",
    "reviewer": "reviewer: alice",
    "stage": "stage: brand",
    "decision": "decision: approved",
    "summary": "summary: Le logo est trop petit",
    "comments": "comments: [{text: Agrandir le logo}]",
    "comment": "- text: Agrandir le logo",
    "text": "text: Agrandir le logo",
    "pin": "pin: [0.42, 0.18]",
    "box": "box: [0.10, 0.10, 0.50, 0.30]",
    "time": "time: 12.4",
    "page": "page: 2",
    "share": "share: k3v9q2m7x4t8",
    "signature": "signature: <the 43 characters the guest's review page wrote>",
}
_SHA_RAW = re.compile(r"^\s*sha\s*:\s*([0-9A-Fa-f]+)\s*(?:#.*)?$")
_STAMPED = re.compile(r"^[0-9]{8}T[0-9]{4}Z-")
_STATUS_HINT = "run `proofroom status` to see the current sha"


# ------------------------------------------------------------------- schema messages


def _example_key(path: tuple) -> str:
    keys = [p for p in path if isinstance(p, str)]
    if not keys:
        return "asset"
    if path and isinstance(path[-1], int) and keys[-1] == "comments":
        return "comment"
    return keys[-1]


def _placement(path: tuple) -> tuple[tuple, str] | None:
    """For a pin or box (or one of its numbers): its key path and its kind."""
    for i, part in enumerate(path):
        if part in ("pin", "box") and i >= 2 and path[i - 2] == "comments":
            return path[: i + 1], part
    return None


_PLACEMENT_HELP = {
    "pin": "[x, y], two numbers between 0 and 1 (fractions of the width and height, "
    "0, 0 is the top left corner), e.g. 'pin: [0.42, 0.18]'",
    "box": "[x, y, w, h], four numbers between 0 and 1 (fractions of the width and "
    "height), e.g. 'box: [0.10, 0.10, 0.50, 0.30]'",
}


def _shown(value: object) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_shown(v) for v in value) + "]"
    if isinstance(value, str):
        return f'"{value[:60]}"'
    if isinstance(value, bool) or value is None:
        return {True: "true", False: "false", None: "nothing"}[value]
    return str(value)


def _placed(error, words: Words, root: object) -> Said | None:
    """Anything wrong in a pin or a box: the whole value and how to write it."""
    placed = _placement(tuple(error.absolute_path))
    if placed is None or error.validator == "additionalProperties":
        return None
    where, which = placed
    got = _shown(_value_at(root, where))
    return [(where, f"{words.name(where)} must be {_PLACEMENT_HELP[which]}; got {got}")]


def _missing(words: Words, path: tuple, key: str) -> str:
    hint = f"; {_STATUS_HINT}" if key == "sha" else ""
    return add_key_sentence(words, path, key) + hint


def _pin_and_box(error, words: Words, root: object) -> Said | None:
    path = tuple(error.absolute_path)
    if error.validator != "not" or not path or path[0] != "comments":
        return None
    return [
        (
            path + ("box",),
            f"{words.name(path)} has both a pin and a box; keep one (a pin marks a point, a "
            "box an area) or split it into two comments",
        )
    ]


def _decision_value(error, words: Words, root: object) -> Said | None:
    if error.validator == "enum" and tuple(error.absolute_path) == ("decision",):
        return [(("decision",), _unknown_decision(error.instance))]
    return None


def _version_as_text(error, words: Words, root: object) -> Said | None:
    """``version: v3``: the number without its letter."""
    path, instance = tuple(error.absolute_path), error.instance
    if error.validator != "type" or not path or path[-1] != "version":
        return None
    digits = instance.strip().lstrip("vV") if isinstance(instance, str) else ""
    if not digits.isdigit():
        return None
    return [(path, type_sentence(words, error, f"; write 'version: {int(digits)}'"))]


def _comment_as_text(error, words: Words, root: object) -> Said | None:
    """A comment written as plain text instead of ``- text: ...``."""
    path, instance = tuple(error.absolute_path), error.instance
    if error.validator != "type" or path[-2:-1] != ("comments",) or not isinstance(instance, str):
        return None
    return [
        (
            path,
            f"{words.name(path)} is plain text, but a comment is a mapping with a text; "
            f"write it as '- text: {instance[:40]}'",
        )
    ]


def _sha_pattern(error, words: Words, root: object) -> Said | None:
    if error.validator == "pattern" and tuple(error.absolute_path) == ("sha",):
        return [(("sha",), _bad_sha(error.instance))]
    return None


def _page_or_time(error, words: Words, root: object) -> Said | None:
    path, instance = tuple(error.absolute_path), error.instance
    if error.validator != "minimum" or not path or path[-1] not in ("page", "time"):
        return None
    name = words.name(path)
    if path[-1] == "page":
        return [(path, f"{name} must be 1 or more (pages count from 1); got {instance}")]
    return [(path, f"{name} must be 0 or more seconds from the start; got {instance}")]


def _guest_pattern(error, words: Words, root: object) -> Said | None:
    """A malformed ``share`` or ``signature`` of a guest's decision."""
    path = tuple(error.absolute_path)
    if error.validator != "pattern" or path not in (("share",), ("signature",)):
        return None
    got = str(error.instance)[:60]
    if path == ("share",):
        return [
            (
                path,
                "share must be the id of a review link, 8 to 32 lower-case letters and "
                f'digits, e.g. "k3v9q2m7x4t8"; got "{got}"',
            )
        ]
    return [
        (
            path,
            "signature must be 43 characters of base64url (A-Z, a-z, 0-9, - and _) as the "
            f'guest\'s review page writes it; got "{got}": send the file the page made, unchanged',
        )
    ]


DECISION_WORDS = Words(
    schema="decision",
    what=_WHAT,
    examples=EXAMPLES,
    example_key=_example_key,
    missing=_missing,
    rules=(
        _placed,
        unknown_keys,
        missing_keys,
        _pin_and_box,
        _decision_value,
        nothing_written,
        empty,
        _version_as_text,
        _comment_as_text,
        wrong_type,
        blank_pattern,
        _sha_pattern,
        _guest_pattern,
        login_pattern,
        _page_or_time,
        at_least,
    ),
)
"""How the schema errors of a decision file are said."""


def _value_at(root: object, path: tuple) -> object:
    for part in path:
        try:
            root = root[part]  # type: ignore[index]
        except (KeyError, IndexError, TypeError):
            return None
    return root


def _unknown_decision(value: object) -> str:
    if not isinstance(value, str):
        return f"decision must be one of {', '.join(DECISIONS)}; {describe(value, 'string')}" + (
            "; write the word, e.g. 'decision: approved'" if value is not None else ""
        )
    normal = value.strip().lower().replace(" ", "_").replace("-", "_")
    best = normal if normal in DECISIONS else closest(normal, DECISIONS)
    hint = f' (did you mean "{best}"?)' if best else ""
    return f'unknown decision "{value}"{hint}; use one of: {", ".join(DECISIONS)}'


def _bad_sha(value: str) -> str:
    text = value.strip()
    if re.fullmatch(r"[0-9a-fA-F]{7,40}", text):
        return f'sha "{value}" has capital letters; write it in lower case: "{text.lower()}"'
    if re.fullmatch(r"[0-9a-f]{1,6}", text):
        return (
            f'sha "{value}" is too short: give at least 7 characters of the version\'s sha; '
            + _STATUS_HINT
        )
    if re.fullmatch(r"[0-9a-f]{41,}", text):
        return f'sha "{value[:60]}" is longer than 40 characters; copy it again'
    return (
        f'sha "{value[:60]}" is not a sha: it must be 7 to 40 characters 0-9 and a-f, '
        f"e.g. 'sha: 8f3a2c1'; {_STATUS_HINT}"
    )


_SHA = re.compile(load_schema("decision")["properties"]["sha"]["pattern"])
_LOGIN = re.compile(load_schema("decision")["properties"]["reviewer"]["pattern"])
_COMMENT_KEYS = frozenset(load_schema("decision")["$defs"]["comment"]["properties"])
_DECISION_KEYS = frozenset(load_schema("decision")["properties"])


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _fractions(value: object, count: int) -> bool:
    return (
        isinstance(value, list)
        and len(value) == count
        and all(_is_number(v) and 0 <= v <= 1 for v in value)
    )


def _surely_valid_comment(item: object) -> bool:
    if not isinstance(item, dict) or not _COMMENT_KEYS.issuperset(item):
        return False
    text, time, page = item.get("text"), item.get("time", 0), item.get("page", 1)
    return (
        isinstance(text, str)
        and bool(text)
        and not ("pin" in item and "box" in item)
        and ("pin" not in item or _fractions(item["pin"], 2))
        and ("box" not in item or _fractions(item["box"], 4))
        and _is_number(time)
        and time >= 0
        and isinstance(page, int)
        and not isinstance(page, bool)
        and page >= 1
    )


def surely_valid(data: dict) -> bool:
    """A quick check of the usual, valid decision: True only when the schema would
    find nothing (then the slower schema check, which explains errors, is skipped)."""
    if not _DECISION_KEYS.issuperset(data) or "share" in data or "signature" in data:
        return False  # a guest's decision: the schema checks its share and signature
    version = data.get("version", 1)
    stage = data.get("stage", "x")
    comments = data.get("comments", [])
    return (
        isinstance(data.get("asset"), str)
        and bool(data["asset"])
        and isinstance(data.get("sha"), str)
        and _SHA.match(data["sha"]) is not None
        and isinstance(data.get("reviewer"), str)
        and _LOGIN.match(data["reviewer"]) is not None
        and data.get("decision") in DECISIONS
        and isinstance(data.get("summary", ""), str)
        and isinstance(version, int)
        and not isinstance(version, bool)
        and version >= 1
        and isinstance(stage, str)
        and bool(stage)
        and isinstance(comments, list)
        and all(_surely_valid_comment(c) for c in comments)
    )


# ------------------------------------------------------------------- asset paths


def asset_campaign(asset: str, assets_dir: str = ASSETS_DIR) -> str | None:
    """The campaign of ``assets/<campaign>/<file>``, or None for any other shape."""
    parts = asset.split("/")
    top = assets_dir.strip("/").split("/")
    n = len(top)
    if len(parts) < n + 2 or parts[:n] != top or not parts[n] or not parts[-1]:
        return None
    return parts[n]


def check_asset_path(
    asset: str, campaign: str | None, *, assets_dir: str = ASSETS_DIR
) -> str | None:
    """Why ``asset`` is not ``assets/<campaign>/...`` (None when it is).

    ``campaign`` None accepts any campaign (an imported decision has no folder yet).
    """
    top = assets_dir.strip("/")
    where = f"{top}/{campaign or '<campaign>'}/"
    example = f"{where}hero.jpg"
    if asset.startswith(("/", "~")) or re.match(r"^[A-Za-z]:", asset):
        return (
            f'asset "{asset}" is an absolute path; write the path from the workspace root, '
            f'e.g. "{example}"'
        )
    parts = asset.replace("\\", "/").split("/")
    if ".." in parts:
        return (
            f'asset "{asset}" goes outside {top}/ with ".."; write the path of a file under {where}'
        )
    if "\\" in asset:
        clean = asset.replace("\\", "/")
        return f'asset "{asset}" uses backslashes; write it with forward slashes: "{clean}"'
    if any(p in ("", ".") for p in parts) or asset != asset.strip():
        clean = "/".join(p for p in parts if p not in ("", ".")).strip()
        return f'asset "{asset}" is not a clean path; write "{clean}"'
    found = asset_campaign(asset, assets_dir)
    if found is None:
        if asset.startswith(f"{top}/"):
            return f'asset "{asset}" names no file of a campaign; write a path like "{example}"'
        if campaign:
            return (
                f'asset "{asset}" must be the path from the workspace root, under {where}; '
                f'write "{where}{asset}"'
            )
        return f'asset "{asset}" must be a path under {top}/<campaign>/, e.g. "{example}"'
    if campaign and found != campaign:
        return (
            f'asset "{asset}" belongs to campaign "{found}" but this decision is in the folder '
            f'of campaign "{campaign}"; move the file to the reviews folder of "{found}", or '
            f"fix the asset path to a file under {where}"
        )
    return None


# ------------------------------------------------------------------- review files


def campaign_of(rel: str, reviews_dir: str = REVIEWS_DIR) -> str | None:
    """The campaign folder of ``reviews/<campaign>/.../file``; None for any other place."""
    prefix = reviews_dir.strip("/") + "/"
    if not rel.startswith(prefix):
        return None
    parts = rel[len(prefix) :].split("/")
    return parts[0] if len(parts) >= 2 and parts[0] else None


def classify_review_file(rel: str, reviews_dir: str = REVIEWS_DIR) -> tuple[str, Problem | None]:
    """What a file under ``reviews/`` is: ``decision``, ``team``, ``shares`` or ``ignore``.

    README files and hidden files are ignored silently; names that look like a decision
    saved with the wrong extension (``.yml.txt``, ``.ymal``) are ignored with a warning.
    """
    prefix = reviews_dir.strip("/") + "/"
    if not rel.startswith(prefix):
        return "ignore", None
    name = rel.rsplit("/", 1)[-1]
    if rel[len(prefix) :] in TEAM_FILES:
        return "team", None
    inside = rel[len(prefix) :].split("/")
    if inside == [SHARES_FILE] or (len(inside) == 2 and inside[0] and inside[1] == SHARES_FILE):
        return "shares", None  # team links, or one campaign's
    lower = name.lower()
    if not name or name.startswith("."):
        return "ignore", None
    if lower.endswith((".yml", ".yaml")):
        return "decision", None
    rename = None
    inner = re.search(r"\.ya?ml(?=\.)", lower)
    if inner:
        rename = name[: inner.end()]
    elif "." in name:
        stem, ext = name.rsplit(".", 1)
        if ext.lower() == "json" or closest(ext.lower().strip(), ["yml", "yaml"]):
            rename = f"{stem}.yml"
    elif _STAMPED.match(name):
        rename = f"{name}.yml"
    if rename is None:
        return "ignore", None
    return "ignore", Problem(
        rel,
        0,
        "warning",
        f'"{name}" is not read as a decision: decision files end in .yml; '
        f'rename it to "{rename}" (or remove it)',
    )


_FILE_NAME = re.compile(
    r"^(?P<stamp>[0-9]{8}T[0-9]{4}Z)-(?P<login>.+?)(?:-(?P<n>[0-9]{1,4}))?\.ya?ml$", re.IGNORECASE
)
_UNSAFE_LOGIN = re.compile(r"[^A-Za-z0-9_-]+")
FUTURE_SLACK = timedelta(minutes=10)  # clocks differ a little; a decision is never made later


def name_login(reviewer: str) -> str:
    """The login as a decision file's name writes it (``guest:acme`` -> ``guest-acme``)."""
    return _UNSAFE_LOGIN.sub("-", reviewer).strip("-.") or "reviewer"


def name_time(rel: str) -> datetime | None:
    """The UTC minute in a decision file's name (``20270121T1000Z-alice.yml``), if any."""
    m = _FILE_NAME.match(rel.rsplit("/", 1)[-1])
    if m is None:
        return None
    try:
        return datetime.strptime(m["stamp"].upper(), "%Y%m%dT%H%MZ").replace(tzinfo=UTC)
    except ValueError:
        return None


def name_login_problem(decision: Decision) -> Problem | None:
    """An error when the login in the file's name is not its ``reviewer:`` (case ignored).

    Names without the ``<time>-<login>`` shape are left alone; ``-2`` after the login is
    the counter of two decisions in one minute.
    """
    name = decision.path.rsplit("/", 1)[-1]
    m = _FILE_NAME.match(name)
    if m is None:
        return None
    written, expected = m["login"], name_login(decision.reviewer)
    whole = f"{written}-{m['n']}" if m["n"] else written
    if same_login(written, expected) or same_login(whole, expected):
        return None
    ext = name.rsplit(".", 1)[-1]
    return Problem(
        decision.path,
        decision.lines.get(("reviewer",), decision.line),
        "error",
        f'the file name says "{whole}" but reviewer: is "{decision.reviewer}"; a decision '
        f'file is named after its reviewer: rename it to "{m["stamp"]}-{expected}.{ext}" '
        "or fix reviewer:",
    )


def name_time_problem(rel: str, moment: datetime) -> Problem | None:
    """An error when the time in a decision file's name is after ``moment`` (+10 min)."""
    when = name_time(rel)
    if when is None or when <= moment + FUTURE_SLACK:
        return None
    return Problem(
        rel,
        0,
        "error",
        f"the time in the file name, {when:%Y-%m-%d %H:%M} UTC, is after now "
        f"({moment.astimezone(UTC):%Y-%m-%d %H:%M} UTC); name the file after the minute "
        f"the decision was made (`proofroom review` does), e.g. "
        f'"{moment.astimezone(UTC):%Y%m%dT%H%MZ}-<login>.yml"',
    )


def is_decision_file(rel: str, reviews_dir: str = REVIEWS_DIR) -> bool:
    """The one definition of a decision file, for every reader and checker: a file under
    ``reviews/`` ending in ``.yml`` or ``.yaml`` in any case (``-bob.YML`` included), other
    than the team file and the shares files. The loader counts exactly these, and
    ``validate --base`` keeps exactly these append-only."""
    return classify_review_file(rel, reviews_dir)[0] == "decision"


def read_decision(
    path: Path, *, workspace: Path, reviews_dir: str = REVIEWS_DIR, assets_dir: str = ASSETS_DIR
) -> tuple[Decision | None, list[Problem]]:
    """Read and check one decision file; None when it has an error (it then never counts)."""
    return _read_decision_at(Path(path), workspace_rel(path, workspace), reviews_dir, assets_dir)


def _read_decision_at(
    path: Path, rel: str, reviews_dir: str, assets_dir: str
) -> tuple[Decision | None, list[Problem]]:
    campaign = campaign_of(rel, reviews_dir)
    if campaign is None:
        return None, [_misplaced(Path(path), rel, reviews_dir, assets_dir)]
    path = Path(path)
    if path.is_symlink():
        message = "the decision file is a symbolic link; replace the link with the file itself"
        return None, [Problem(rel, 0, "error", message)]
    text, problems = read_text_file(path, rel, max_bytes=MAX_DECISION_BYTES, what=_WHAT)
    if text is None:
        return None, problems
    return parse_decision(text, rel=rel, campaign=campaign, assets_dir=assets_dir)


def _misplaced(path: Path, rel: str, reviews_dir: str, assets_dir: str) -> Problem:
    top = reviews_dir.strip("/")
    target = f"{top}/<campaign>/"
    try:
        small = not path.is_symlink() and path.stat().st_size <= MAX_DECISION_BYTES
        data = path.read_bytes() if small else b""
        loaded, _ = load_yaml(data, path=rel, expect_mapping=True)
        mapping = loaded.data if loaded else None  # a dict: expect_mapping=True
        asset = mapping.get("asset") if isinstance(mapping, dict) else None
        found = asset_campaign(asset, assets_dir) if isinstance(asset, str) else None
        if found:
            target = f"{top}/{found}/"
    except OSError:
        pass
    return Problem(
        rel,
        0,
        "error",
        f"decision files go in the folder of their campaign, {top}/<campaign>/; "
        f"move this file under {target}",
    )


def _recover_sha(data: dict, loaded: Loaded, text: str) -> None:
    """``sha: 1234567`` is a number to YAML; take the digits as written instead."""
    sha = data.get("sha")
    if not isinstance(sha, int | float) or isinstance(sha, bool):
        return
    line = loaded.lines.get(("sha",))
    rows = text.split("\n")
    if line is not None and 0 < line <= len(rows):
        m = _SHA_RAW.match(rows[line - 1])
        if m:
            data["sha"] = m.group(1)


def parse_decision(
    source: str | bytes, *, rel: str, campaign: str | None, assets_dir: str = ASSETS_DIR
) -> tuple[Decision | None, list[Problem]]:
    """Check the text of a decision; ``campaign`` None takes it from the asset (imports)."""
    size = len(source) if isinstance(source, bytes) else len(source.encode("utf-8", "replace"))
    if size > MAX_DECISION_BYTES:
        return None, [
            Problem(
                rel,
                0,
                "error",
                f"{_WHAT} is {size:,} bytes, over the {MAX_DECISION_BYTES:,}-byte limit; "
                "keep it short and link to long documents instead",
            )
        ]
    if isinstance(source, bytes):
        text, problems = decode_text(source, path=rel, what=_WHAT)
        if text is None:
            return None, problems
    else:
        text = source
    loaded, problems = load_yaml(
        text, path=rel, max_bytes=MAX_DECISION_BYTES, expect_mapping=True, what=_WHAT
    )
    if loaded is None:
        return None, problems
    data = jsonable(loaded.data)
    assert isinstance(data, dict)
    _recover_sha(data, loaded, text)
    problems = [] if surely_valid(data) else schema_problems(data, loaded, rel, DECISION_WORDS)
    asset = data.get("asset")
    if isinstance(asset, str) and asset:  # else the schema said what is wrong
        message = check_asset_path(asset, campaign, assets_dir=assets_dir)
        if message:
            problems.append(Problem(rel, loaded.line_of(("asset",)), "error", message))
        elif campaign is None:
            campaign = asset_campaign(asset, assets_dir)
    comments = data.get("comments")
    if isinstance(comments, list):
        for i, item in enumerate(comments):
            if isinstance(item, dict):
                problems += _placement_problems(item, ("comments", i), loaded, rel)
    problems += _unpaired(data, loaded, rel)
    if any(p.is_error for p in problems):
        return None, sorted(problems, key=lambda p: p.line)
    decision = Decision(
        path=rel,
        campaign=campaign or "",
        asset=data["asset"],
        sha=data["sha"],
        reviewer=data["reviewer"],
        decision=Verdict(data["decision"]),
        summary=data.get("summary") or "",
        comments=tuple(
            _comment(item, ("comments", i), loaded) for i, item in enumerate(comments or [])
        ),
        version=int(data["version"]) if data.get("version") is not None else None,
        stage=data.get("stage"),
        line=1,
        lines=dict(loaded.lines),
        share=data.get("share"),
        signature=data.get("signature"),
        signed=canonical(data) if "share" in data else None,
    )
    return decision, problems


def _unpaired(data: dict, loaded: Loaded, rel: str) -> list[Problem]:
    """A share without a signature, or a signature without a share."""
    share, signature = data.get("share"), data.get("signature")
    if share is not None and signature is None:
        return [
            Problem(
                rel,
                loaded.line_of(("share",)),
                "error",
                f'this decision names share "{share}" but has no signature; a guest\'s '
                "decision is signed by their review page: send the file the page made, "
                "unchanged (or remove share: from a decision of your own)",
            )
        ]
    if signature is not None and share is None:
        return [
            Problem(
                rel,
                loaded.line_of(("signature",)),
                "error",
                "this decision has a signature but no share; keep the share: line the "
                "guest's review page wrote (or remove signature: from a decision of your own)",
            )
        ]
    return []


def _placement_problems(item: dict, path: tuple, loaded: Loaded, rel: str) -> list[Problem]:
    """What the schema cannot say: not-a-number values, boxes spilling out of the image."""
    out: list[Problem] = []

    def add(key: str, message: str) -> None:
        out.append(Problem(rel, loaded.line_of(path + (key,)), "error", message))

    name = label(path, _WHAT)
    for key in ("pin", "box"):
        value = item.get(key)
        if not _numbers(value, 2 if key == "pin" else 4):
            continue  # the schema reported it
        if not all(math.isfinite(v) for v in value):
            add(key, f"{name}.{key} must be {_PLACEMENT_HELP[key]}; got {_shown(value)}")
            continue
        if key == "box":
            x, y, w, h = value
            if w <= 0 or h <= 0:
                add(
                    key,
                    f"{name}.box has no area (width and height must be above 0); "
                    "give it a size, or use a pin for a point",
                )
            elif x + w > 1 + _EPS or y + h > 1 + _EPS:
                side = "right" if x + w > 1 + _EPS else "bottom"
                add(
                    key,
                    f"{name}.box {_shown(value)} goes past the {side} edge of the image "
                    "(x + w and y + h must be 1 or less); shrink it or move it",
                )
    time = item.get("time")
    if isinstance(time, float) and (math.isnan(time) or time == math.inf):
        add("time", f"{name}.time must be a number of seconds, e.g. 'time: 12.4'; got {time}")
    return out


def _numbers(value: object, count: int) -> TypeGuard[list[float]]:
    return (
        isinstance(value, list)
        and len(value) == count
        and all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
        and all(math.isnan(v) or 0 <= v <= 1 for v in value)  # NaN passes the schema
    )


def _comment(item: dict, path: tuple, loaded: Loaded) -> Comment:
    pin, box = item.get("pin"), item.get("box")
    time, page = item.get("time"), item.get("page")
    return Comment(
        text=item["text"],
        pin=(float(pin[0]), float(pin[1])) if pin else None,
        box=tuple(float(v) for v in box) if box else None,  # type: ignore[arg-type]
        time=float(time) if time is not None else None,
        page=int(page) if page is not None else None,
        line=loaded.line_of(path),
    )


# ------------------------------------------------------------------- shas


def _version_list(numbers: list[int]) -> str:
    shown = [f"v{n}" for n in numbers]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


def _owners(prefix: str, histories: Mapping[str, AssetHistory], skip: str | None) -> list[str]:
    """``"v2 of assets/c/x.jpg"`` for every other asset with a version of that sha."""
    out = []
    for key, history in histories.items():
        if key == skip:
            continue
        numbers = [v.number for v in history.versions if v.blob.startswith(prefix)]
        if numbers:
            out.append(f"{_version_list(numbers)} of {key}")
    return out


def _old_paths(histories: Mapping[str, AssetHistory]) -> dict[str, str]:
    """Earlier paths of renamed assets -> their current key."""
    out: dict[str, str] = {}
    for key, history in histories.items():
        for v in history.versions:
            if v.path != key:
                out.setdefault(v.path, key)
    return out


def resolve_sha(decision: Decision, histories: Mapping[str, AssetHistory]) -> list[Problem]:
    """Bind the decision to one blob of its asset: fills ``decision.blob``.

    ``histories`` are keyed by workspace-relative asset path. A renamed asset is found
    by its earlier path; ``decision.asset`` then becomes the current path.
    """
    return _resolve(decision, histories, None)


def _resolve(
    decision: Decision, histories: Mapping[str, AssetHistory], old: dict[str, str] | None
) -> list[Problem]:
    lines = decision.lines
    sha = decision.sha.lower()

    def problem(key: str, message: str) -> list[Problem]:
        line = lines.get((key,), decision.line)
        return [Problem(decision.path, line, "error", message)]

    key = decision.asset
    history = histories.get(key)
    if history is None:
        old = _old_paths(histories) if old is None else old
        if key in old:
            key = old[key]
            history = histories[key]
    if history is None or not history.versions:
        owners = _owners(sha, histories, None)
        if owners:
            hint = f"; sha {sha} is {owners[0]}: fix the asset path"
        else:
            same_campaign = [k for k in histories if k.rsplit("/", 1)[0] == key.rsplit("/", 1)[0]]
            hint = did_you_mean(key, same_campaign) or did_you_mean(key, histories)
            hint += "; check the path (it is case-sensitive) and that the file is committed"
        return problem("asset", f'asset "{decision.asset}" does not exist{hint}')
    if history.deleted:  # decision files are append-only: keep the record, say so once
        line = lines.get(("asset",), decision.line)
        message = (
            f'asset "{decision.asset}" was deleted from the branch: this decision is kept '
            "for the record and counts for nothing"
        )
        return [Problem(decision.path, line, "warning", message)]
    numbers_by_blob: dict[str, list[int]] = {}
    for v in history.versions:
        if v.blob.startswith(sha):
            numbers_by_blob.setdefault(v.blob, []).append(v.number)
    if not numbers_by_blob:
        owners = _owners(sha, histories, key)
        if owners:
            return problem(
                "sha",
                f"sha {sha} is not a version of {key}: it is {owners[0]}; fix the asset or the sha",
            )
        current = history.current
        now = f" (the current version v{current.number} is {current.short})" if current else ""
        return problem("sha", f"no version of {key} has sha {sha}{now}; {_STATUS_HINT}")
    if len(numbers_by_blob) > 1:
        firsts = sorted(numbers[0] for numbers in numbers_by_blob.values())
        return problem(
            "sha",
            f"sha {sha} matches {_version_list(firsts)} of {key}; give more characters of the sha",
        )
    ((blob, numbers),) = numbers_by_blob.items()
    if decision.version is not None and decision.version not in numbers:
        return problem(
            "version",
            f"version {decision.version} does not agree with sha {sha}, which is "
            f"{_version_list(numbers)} of {key}; fix the version or remove it (the sha decides)",
        )
    decision.blob = blob
    decision.asset = key
    return []


# ------------------------------------------------------------------- all decisions


def read_decisions(
    workspace: Path,
    files: Iterable[str],
    histories: Mapping[str, AssetHistory],
    *,
    reviews_dir: str = REVIEWS_DIR,
    assets_dir: str = ASSETS_DIR,
    landed: Mapping[str, tuple[Commit | None, Commit | None]] | None = None,
    memo: FileMemo | None = None,
) -> tuple[list[Decision], list[Problem]]:
    """Every decision file among ``files`` (workspace-relative), checked and resolved.

    ``landed`` maps a decision file to (landed, made) of its version 1; without it the
    decision file's own history in ``histories`` is used. Decisions whose sha does not
    resolve are returned with ``blob`` None (shown, never counted); files with errors
    are not returned. ``memo`` reuses the parse of files unchanged since the last call.
    """
    workspace = Path(workspace)
    decisions: list[Decision] = []
    problems: list[Problem] = []
    old: dict[str, str] | None = None
    for rel in sorted(set(files)):
        kind, problem = classify_review_file(rel, reviews_dir)
        if problem:
            problems.append(problem)
        if kind != "decision":
            continue
        path = workspace / rel
        if memo is None:
            decision, found = _read_decision_at(path, rel, reviews_dir, assets_dir)
        else:
            decision, found = memo.get(
                "decision",
                path,
                partial(_read_decision_at, path, rel, reviews_dir, assets_dir),
            )
        problems += found
        if decision is None:
            continue
        misnamed = name_login_problem(decision)
        if misnamed is not None:  # fail closed: a file that names someone else never counts
            problems.append(misnamed)
            continue
        if decision.asset not in histories and old is None:
            old = _old_paths(histories)
        problems += _resolve(decision, histories, old)
        decision.landed, decision.made = _landing(rel, histories, landed)
        decisions.append(decision)
    problems += _duplicates(decisions)
    return decisions, problems


def _landing(
    rel: str,
    histories: Mapping[str, AssetHistory],
    landed: Mapping[str, tuple[Commit | None, Commit | None]] | None,
) -> tuple[Commit | None, Commit | None]:
    if landed is not None:
        return landed.get(rel, (None, None))
    history = histories.get(rel)
    first = history.versions[0] if history and history.versions else None
    return (first.landed, first.made) if first else (None, None)


def fingerprint(decision: Decision) -> tuple:
    """What makes two decision files the same decision (a copy-paste)."""
    return (
        decision.asset,
        decision.reviewer,
        decision.blob or decision.sha,
        decision.decision,
        decision.stage,
        decision.summary,
        tuple((c.text, c.pin, c.box, c.time, c.page) for c in decision.comments),
    )


def _duplicates(decisions: list[Decision]) -> list[Problem]:
    first: dict[tuple, Decision] = {}
    out = []
    order = sorted(
        decisions,
        key=lambda d: (d.landed_at is None, d.landed_at.timestamp() if d.landed_at else 0, d.path),
    )
    for d in order:
        key = fingerprint(d)
        if key in first:
            out.append(
                Problem(
                    d.path,
                    d.line,
                    "warning",
                    f"this decision repeats {first[key].path} (same reviewer, sha, decision, "
                    "summary and comments); remove the copy",
                )
            )
        else:
            first[key] = d
    return out
