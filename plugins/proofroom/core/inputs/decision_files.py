"""Naming, writing and importing decision files.

Decision files are append-only: a new decision is always a new file, written
atomically and never over an existing one (two reviewers in the same minute get
``-2``). The YAML written is the canonical form that the reader and the schema accept,
whatever the text holds (quotes, colons, ``#``, newlines, emoji).
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path

from ..atomic import link_new, temp_path
from ..model import AssetHistory, Decision
from ..problems import Problem, ProofroomError
from ..settings import ASSETS_DIR, REVIEWS_DIR
from .decisions import (
    asset_campaign,
    check_asset_path,
    fingerprint,
    name_login,
    parse_decision,
    read_decision,
    resolve_sha,
)
from .yamlload import load_yaml

KEY_ORDER = (
    "asset",
    "version",
    "sha",
    "reviewer",
    "stage",
    "decision",
    "summary",
    "comments",
    "share",  # a guest's decision: the share and the signature go last
    "signature",
)
COMMENT_ORDER = ("text", "pin", "box", "time", "page")
MAX_SUFFIX = 1000
# Values a YAML 1.2 reader (editors, yq) would not read as text even where PyYAML does.
_YAML12_SPECIAL = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-fA-F]+"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|~|null|Null|NULL|true|True|TRUE|false|False"
    r"|FALSE|y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$"
)
_SURROGATE = re.compile("[\ud800-\udfff]")
_ESCAPE = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}


# ------------------------------------------------------------------- naming


def _stem(name: str) -> str:
    """``hero.jpg`` -> ``hero``; a name without extension (or hidden) stays as is."""
    return name.rsplit(".", 1)[0] if "." in name[1:] else name


def decision_path(
    asset: str,
    reviewer: str,
    when: datetime,
    *,
    reviews_dir: str = REVIEWS_DIR,
    assets_dir: str = ASSETS_DIR,
) -> str:
    """``reviews/<campaign>/<asset path without extension>/<yyyymmddThhmmZ>-<reviewer>.yml``.

    ``when`` is converted to UTC (a naive time is taken as UTC). Raises ValueError for
    an asset outside ``assets/<campaign>/``: check it with ``check_asset_path`` first.
    """
    message = check_asset_path(asset, None, assets_dir=assets_dir)
    if message or asset_campaign(asset, assets_dir) is None:
        raise ValueError(message or f"not an asset path: {asset!r}")
    inner = asset[len(assets_dir.strip("/")) + 1 :]
    folder, _, name = inner.rpartition("/")
    when = when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)
    login = name_login(reviewer)
    return f"{reviews_dir.strip('/')}/{folder}/{_stem(name)}/{when:%Y%m%dT%H%MZ}-{login}.yml"


# ------------------------------------------------------------------- rendering


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar holding exactly ``text`` (lone surrogates become U+FFFD)."""
    text = _SURROGATE.sub("\ufffd", text)
    out = ['"']
    for ch in text:
        code = ord(ch)
        if ch in _ESCAPE:
            out.append(_ESCAPE[ch])
        elif code < 0x20 or 0x7F <= code <= 0x9F or code in (0x2028, 0x2029, 0xFEFF):
            out.append(f"\\u{code:04x}")
        elif code in (0xFFFE, 0xFFFF):
            out.append("\ufffd")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _has_surrogate(text: str) -> bool:
    return _SURROGATE.search(text) is not None


def _plain_ok(text: str) -> bool:
    """True when ``text`` reads back as the same text without quotes, in any YAML."""
    if (
        not text
        or text != text.strip()
        or _YAML12_SPECIAL.match(text)
        or any(ch in _ESCAPE or ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F for ch in text)
        or any(ch in text for ch in "\u2028\u2029\ufeff\ufffe\uffff")
        or _has_surrogate(text)
    ):
        return False
    loaded, problems = load_yaml(f"k: {text}\n", path="-")
    return not problems and loaded is not None and loaded.data == {"k": text}


def _text(text: object) -> str:
    if not isinstance(text, str):
        raise ValueError(f"expected text, got {text!r}")
    return text if _plain_ok(text) else _quoted(text)


def _number(value: object, *, integer: bool = False) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"expected a number, got {value!r}")
    if integer:
        if int(value) != value:
            raise ValueError(f"expected a whole number, got {value!r}")
        return str(int(value))
    if isinstance(value, int):
        return str(value)
    if not math.isfinite(value):
        raise ValueError(f"expected a finite number, got {value!r}")
    text = repr(value)
    if "e" in text and "." not in text:  # YAML 1.1 reads 1e-05 as text: write 1.0e-05
        mantissa, exponent = text.split("e")
        text = f"{mantissa}.0e{exponent}"
    return text


def render_decision(data: Mapping) -> str:
    """The YAML of a decision, keys in a stable order; ``None`` values are left out.

    Raises ValueError for keys or values no decision file can hold (a programming
    error: check user input before).
    """
    unknown = [k for k in data if k not in KEY_ORDER]
    if unknown:
        raise ValueError(f"unknown decision keys: {', '.join(map(str, unknown))}")
    lines: list[str] = []
    for key in KEY_ORDER:
        value = data.get(key)
        if value is None:
            continue
        if key == "version":
            lines.append(f"version: {_number(value, integer=True)}")
        elif key == "comments":
            if not value:
                continue
            lines.append("comments:")
            for comment in value:
                lines.extend(_comment_lines(comment))
        else:
            lines.append(f"{key}: {_text(value)}")
    return "\n".join(lines) + "\n"


def _comment_lines(comment: Mapping) -> list[str]:
    unknown = [k for k in comment if k not in COMMENT_ORDER]
    if unknown:
        raise ValueError(f"unknown comment keys: {', '.join(map(str, unknown))}")
    out: list[str] = []
    for key in COMMENT_ORDER:
        value = comment.get(key)
        if value is None:
            continue
        if key == "text":
            rendered = _text(value)
        elif key in ("pin", "box"):
            rendered = "[" + ", ".join(_number(v) for v in value) + "]"
        else:
            rendered = _number(value, integer=key == "page")
        out.append(f"{'  - ' if not out else '    '}{key}: {rendered}")
    if not out or not out[0].startswith("  - text:"):
        raise ValueError("a comment needs its text")
    return out


def decision_data(decision: Decision) -> dict:
    """The mapping written for ``decision`` (the inverse of reading it)."""
    comments = []
    for c in decision.comments:
        item: dict = {"text": c.text}
        if c.pin is not None:
            item["pin"] = list(c.pin)
        if c.box is not None:
            item["box"] = list(c.box)
        if c.time is not None:
            item["time"] = c.time
        if c.page is not None:
            item["page"] = c.page
        comments.append(item)
    data = {
        "asset": decision.asset,
        "version": decision.version,
        "sha": decision.sha,
        "reviewer": decision.reviewer,
        "stage": decision.stage,
        "decision": decision.decision,
        "summary": decision.summary or None,
        "comments": comments or None,
    }
    if decision.share is not None:  # a guest's decision
        data.update(share=decision.share, signature=decision.signature)
    return data


# ------------------------------------------------------------------- writing


def _check_rel(rel: str) -> list[str]:
    parts = rel.split("/")
    if (
        not rel
        or rel.startswith(("/", "~"))
        or re.match(r"^[A-Za-z]:", rel)
        or "\\" in rel
        or "\0" in rel
        or any(p in ("", ".", "..") for p in parts)
        or any(p.lower() == ".git" for p in parts)
    ):
        raise ProofroomError(
            f"cannot write {rel!r}: the path must be relative, inside the workspace, "
            "with forward slashes and no '..'"
        )
    return parts


def _inside(path: Path, root: Path) -> bool:
    try:
        return path.resolve().is_relative_to(root)
    except OSError:
        return False


def write_new(root: Path, rel: str, text: str) -> str:
    """Write ``text`` at ``rel`` under ``root`` atomically, never over an existing file.

    On a name already taken, ``-2``, ``-3``... goes before the extension. Returns the
    workspace-relative path used. Raises ProofroomError for a path leaving the
    workspace or a folder that cannot be written.
    """
    root = Path(root).resolve()
    parts = _check_rel(rel)
    folder = root.joinpath(*parts[:-1])
    existing = folder
    while not existing.exists() and existing != root:
        existing = existing.parent
    if not _inside(existing, root):
        raise ProofroomError(f"cannot write {rel}: its folder leads outside the workspace")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ProofroomError(f"cannot create the folder of {rel}: {exc.strerror or exc}") from exc
    if not _inside(folder, root):
        raise ProofroomError(f"cannot write {rel}: its folder leads outside the workspace")
    name = parts[-1]
    stem, dot, ext = name.rpartition(".")
    if not stem:
        stem, dot, ext = name, "", ""
    data = text.encode("utf-8")
    tmp = temp_path(folder / name)
    try:
        with open(tmp, "xb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        for n in range(1, MAX_SUFFIX + 1):
            candidate = name if n == 1 else f"{stem}-{n}{dot}{ext}"
            if link_new(tmp, folder / candidate, data):
                return "/".join([*parts[:-1], candidate])
    except OSError as exc:
        raise ProofroomError(f"cannot write {rel}: {exc.strerror or exc}") from exc
    finally:
        tmp.unlink(missing_ok=True)
    raise ProofroomError(f"cannot write {rel}: {MAX_SUFFIX} files with that name already exist")


# ------------------------------------------------------------------- importing


def import_decision(
    root: Path,
    source: str | bytes,
    *,
    source_name: str,
    histories: Mapping[str, AssetHistory],
    reviews_dir: str = REVIEWS_DIR,
    assets_dir: str = ASSETS_DIR,
    now: datetime | None = None,
    check: Callable[[Decision], list[Problem]] | None = None,
) -> tuple[str | None, list[Problem]]:
    """File a decision received from a reviewer: check it like a committed one, then
    write it at its canonical path. Nothing is written when there is any error.

    ``check`` adds the problems of a resolved decision (a guest's: its share and
    signature); a guest's decision is written with its share and signature, and reads
    back with the same canonical bytes.

    ``histories`` are keyed by workspace-relative asset path; problems name
    ``source_name`` (``-`` reads as ``<stdin>``) and the line in the source.
    """
    name = "<stdin>" if source_name == "-" else source_name
    decision, problems = parse_decision(source, rel=name, campaign=None, assets_dir=assets_dir)
    if decision is None:
        return None, problems
    asset = decision.asset  # as written: a guest signed this path, even of a renamed file
    problems += resolve_sha(decision, histories)
    if not any(p.is_error for p in problems) and check is not None:
        problems += check(decision)
    if any(p.is_error for p in problems):
        return None, problems
    root = Path(root)
    when = now or datetime.now(UTC)
    rel = decision_path(
        decision.asset, decision.reviewer, when, reviews_dir=reviews_dir, assets_dir=assets_dir
    )
    same = _already_filed(root, rel, decision, histories, reviews_dir, assets_dir)
    if same:
        message = f"this decision is already filed as {same}; nothing to import"
        return None, [*problems, Problem(name, 0, "error", message)]
    text, changed = _rendered(decision, asset, name, assets_dir)
    if changed:
        return None, [*problems, changed]
    written = write_new(root, rel, text)
    return written, problems


def _rendered(
    decision: Decision, asset: str, name: str, assets_dir: str
) -> tuple[str, Problem | None]:
    """The text to file; a guest's decision must read back with the bytes it signed."""
    data = decision_data(decision)
    if decision.share is None:
        return render_decision(data), None
    text = render_decision({**data, "asset": asset})
    again, _ = parse_decision(text, rel=name, campaign=None, assets_dir=assets_dir)
    if again is not None and again.signed == decision.signed:
        return text, None
    message = (
        "this guest decision cannot be filed without changing what its signature covers; "
        "commit the file as received instead"
    )
    return text, Problem(name, decision.lines.get(("signature",), 0), "error", message)


def _already_filed(
    root: Path,
    rel: str,
    decision: Decision,
    histories: Mapping[str, AssetHistory],
    reviews_dir: str,
    assets_dir: str,
) -> str | None:
    """The path of an identical decision in the asset's reviews folder, if any."""
    folder = root / rel.rsplit("/", 1)[0]
    if not folder.is_dir():
        return None
    wanted = fingerprint(decision)
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() not in (".yml", ".yaml") or not path.is_file():
            continue
        other, _ = read_decision(
            path, workspace=root, reviews_dir=reviews_dir, assets_dir=assets_dir
        )
        if other is not None and not resolve_sha(other, histories) and fingerprint(other) == wanted:
            return other.path
    return None
