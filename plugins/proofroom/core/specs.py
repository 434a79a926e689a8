"""The channel spec catalog and the automated checks: does a file fit its channel?

A brief's deliverable names a channel (``channel: instagram-feed``). The package ships a
catalog of channels (``data/channels.yml``, each figure with its source); a workspace
adds or overrides channels in its own ``channels.yml``. :func:`check_fit` compares what
is known of a file (:class:`Facts`) with its channel and says, per check, what to fix.

Facts come from :func:`file_facts` (image headers, read lazily through Pillow, never a
full decode). Other kinds (video, PDF) give only the extension and the size until a
probe is registered in :data:`PROBES`: checks that need more say "unknown".
"""

from __future__ import annotations

import contextlib
import io
import math
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass, replace
from importlib.resources import files
from pathlib import Path

from .briefs import read_text_file, workspace_rel
from .lfs import parse_pointer
from .media import VIDEO
from .problems import Problem
from .schemacheck import describe, jsonable, validator
from .suggest import did_you_mean
from .yamlload import Loaded, load_yaml

CATALOG_FILE = "channels.yml"  # at the workspace root
PACKAGE_PATH = "proofroom/data/channels.yml"  # how problems name the packaged catalog
MAX_CATALOG_BYTES = 1_000_000
KINDS = ("image", "video", "print", "email")
WEB_KINDS = frozenset({"image", "video", "email"})
ALT_KINDS = frozenset({"image", "email"})  # still pictures a screen reader describes
STATUSES = ("pass", "warn", "fail", "unknown")
CHECK_IDS = (
    "format",
    "channel-size",
    "file-size",
    "duration",
    "dpi",
    "colour-profile",
    "alt-text",
)
_WHAT = "the channel catalog"
_UNITS = {"B": 1, "KB": 1000, "MB": 1000**2, "GB": 1000**3}
_SIZE = re.compile(r"^([0-9]+(?:\.[0-9]+)?) ?(B|KB|MB|GB)$")
_PILLOW_SKIP = frozenset({"mp4", "mov", "webm", "avi", "mpeg", "mpg", "3gp", "m4v", "pdf", "svg"})


# ------------------------------------------------------------------------------ model


@dataclass(frozen=True)
class Ratio:
    """An aspect ratio as written ("1.91:1") and its value (width / height)."""

    label: str
    value: float

    @classmethod
    def parse(cls, text: str) -> Ratio:
        w, h = text.split(":", 1)
        return cls(text, float(w) / float(h))


@dataclass(frozen=True)
class Source:
    url: str
    read: str  # ISO date the page was read
    via: str | None = None  # the page the figures were read on, when it quotes ``url``
    figures: tuple[str, ...] = ()  # the keys whose figures come from this page


@dataclass(frozen=True)
class ChannelSpec:
    """What a file must be to fit one channel; ``None`` or empty: not constrained."""

    id: str
    name: str
    kind: str  # image | video | print | email
    formats: tuple[str, ...] = ()
    sizes: tuple[tuple[int, int], ...] = ()  # exact sizes accepted
    ratios: tuple[Ratio, ...] = ()
    ratio_tolerance: float = 0.01
    min_width: int | None = None
    recommended: tuple[int, int] | None = None
    max_bytes: int | None = None
    max_size: str | None = None  # as written ("150 KB"), for messages
    duration: tuple[float, float] | None = None  # seconds
    dpi: int | None = None
    note: str = ""
    sources: tuple[Source, ...] = ()
    path: str = PACKAGE_PATH  # the file that defined it last (package or workspace)
    line: int = 0

    @property
    def web(self) -> bool:
        return self.kind in WEB_KINDS


@dataclass(frozen=True)
class Facts:
    """What is known of one file; ``None``: not known (checks needing it say so).

    Built by :func:`file_facts`, or by anything else that knows (a video probe, a
    media store): the checks only read these fields.
    """

    ext: str  # lower case, without the dot
    bytes: int | None = None
    width: int | None = None
    height: int | None = None
    mode: str | None = None  # Pillow's mode: RGB, RGBA, L, CMYK, P...
    duration: float | None = None  # seconds
    dpi: float | None = None
    icc: str | None = None  # description of the embedded ICC profile; None: none embedded
    alt: bool = False  # the deliverable gives alt text


@dataclass(frozen=True)
class Check:
    id: str  # one of CHECK_IDS
    status: str  # pass | warn | fail | unknown
    message: str  # one line: what was found, and what to do about it


# ------------------------------------------------------------------------------ catalog


def parse_size(text: str) -> int:
    """``"150 KB"`` -> 150000 (decimal units, the smaller reading of a limit)."""
    m = _SIZE.match(text.strip())
    if m is None:
        raise ValueError(f"not a file size: {text!r}")
    return int(float(m[1]) * _UNITS[m[2]])


def _dims(text: str) -> tuple[int, int]:
    w, h = text.split("x", 1)
    return int(w), int(h)


def _spec(cid: str, raw: dict, path: str, line: int) -> ChannelSpec:
    duration = raw.get("duration")
    return ChannelSpec(
        id=cid,
        name=raw.get("name") or cid,
        kind=raw["kind"],
        formats=tuple(raw.get("formats") or ()),
        sizes=tuple(_dims(s) for s in raw.get("sizes") or ()),
        ratios=tuple(Ratio.parse(r) for r in raw.get("ratios") or ()),
        ratio_tolerance=float(raw.get("ratio_tolerance", 0.01)),
        min_width=raw.get("min_width"),
        recommended=_dims(raw["recommended"]) if raw.get("recommended") else None,
        max_bytes=parse_size(raw["max_size"]) if raw.get("max_size") else None,
        max_size=raw.get("max_size"),
        duration=(float(duration[0]), float(duration[1])) if duration else None,
        dpi=raw.get("dpi"),
        note=" ".join(str(raw.get("note") or "").split()),
        sources=tuple(
            Source(s["url"], s["read"], s.get("via"), tuple(s.get("for") or ()))
            for s in raw.get("source") or ()
        ),
        path=path,
        line=line,
    )


_HELP = {
    "formats": "a list of extensions in lower case without the dot, e.g. 'formats: [jpg, png]'",
    "sizes": "a list of sizes in pixels, e.g. 'sizes: [300x250, 600x500]'",
    "ratios": 'a list of width:height ratios in quotes, e.g. \'ratios: ["1:1", "4:5"]\'',
    "recommended": "a size in pixels, e.g. 'recommended: 1080x1080'",
    "max_size": "a size with its unit, e.g. 'max_size: 150 KB' or 'max_size: 30 MB'",
    "duration": "[shortest, longest] in seconds, e.g. 'duration: [5, 60]'",
    "kind": "one of image, video, print, email, e.g. 'kind: image'",
    "min_width": "a whole number of pixels, e.g. 'min_width: 1080'",
    "dpi": "a whole number, e.g. 'dpi: 300'",
    "ratio_tolerance": "a fraction between 0 and 0.5, e.g. 'ratio_tolerance: 0.01' for 1%",
    "name": "text, e.g. 'name: Instagram feed'",
    "note": "text, e.g. 'note: 4:5 is not shown on desktop'",
    "source": "a list of pages, e.g. 'source: [{url: https://..., read: 2027-01-05}]'",
    "url": "a web address starting with https://",
    "via": "a web address starting with https://",
    "read": "the date the page was read, e.g. 'read: 2027-01-05'",
    "for": "a list of keys, e.g. 'for: [max_size]'",
    "channels": "a mapping of channel ids, e.g. 'channels: {instagram-feed: {min_width: 1200}}'",
}


def _label(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or _WHAT


def _explain(error) -> tuple[tuple, str]:
    """One schema error as ``(key path, sentence with the fix)``."""
    kind, value, instance = error.validator, error.validator_value, error.instance
    path = tuple(error.absolute_path)
    keys = [p for p in path if isinstance(p, str)]
    key = keys[-1] if keys else "channels"
    if len(path) >= 2 and isinstance(path[-1], int):
        key = keys[-1]  # an item of a list: explain the list
    fix = _HELP.get(key, "see the catalog shipped with Proofroom for examples")
    name = _label(path)
    if kind == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        extra = [k for k in instance if k not in allowed]
        word = extra[0] if extra else "?"
        hint = did_you_mean(word, allowed) or f"; use one of: {', '.join(allowed)}"
        where = "at the top of the file" if not path else f"in {name}"
        return path + (word,), f'unknown key "{word}" {where}{hint}'
    if kind == "required":
        missing = [k for k in value if k not in instance]
        word = missing[0] if missing else value[0]
        if not path:
            return path, f'{_WHAT} has no "{word}"; start it with {_HELP["channels"]}'
        return path, f'{name} has no "{word}"; add it: {_HELP.get(word, word + ": ...")}'
    if kind == "enum":
        return path, f"{name} must be {fix}; {describe(instance, 'string')}"
    return path, f"{name} must be {fix}; {describe(instance, error.validator_value)}"


def _schema_problems(data: dict, loaded: Loaded, rel: str) -> list[Problem]:
    seen: set[tuple] = set()
    out: list[Problem] = []
    for error in validator("channels").iter_errors(data):
        if error.validator == "pattern" and error.instance and _in_property_names(error):
            path = tuple(error.absolute_path) + (error.instance,)
            message = (
                f'"{error.instance}" is not a channel id: use lower-case letters, digits and '
                'dashes, e.g. "instagram-feed"'
            )
        else:
            path, message = _explain(error)
        if (path, message) in seen:
            continue
        seen.add((path, message))
        out.append(Problem(rel, loaded.line_of(path), "error", message))
    return out


def _in_property_names(error) -> bool:
    return "propertyNames" in error.absolute_schema_path


def _read(text: str, rel: str) -> tuple[dict, Loaded | None, list[Problem]]:
    """The channels of one catalog file that passed the schema, by id."""
    loaded, problems = load_yaml(
        text, path=rel, max_bytes=MAX_CATALOG_BYTES, expect_mapping=True, what=_WHAT
    )
    if loaded is None:
        return {}, None, problems
    data = jsonable(loaded.data)
    problems = _schema_problems(data, loaded, rel)
    channels = data.get("channels") if isinstance(data, dict) else None
    if not isinstance(channels, dict):
        return {}, loaded, problems
    bad = {p.line for p in problems}
    good: dict[str, dict] = {}
    for cid, raw in channels.items():
        if not isinstance(raw, dict):
            continue
        keys = [k for k in loaded.lines if k[:2] == ("channels", cid)]
        lines = {loaded.lines[k] for k in keys}
        if lines & bad:
            continue  # reported above; an entry with an error is not used
        good[cid] = raw
    return good, loaded, problems


def _packaged_text() -> str:
    return files("proofroom").joinpath("data", CATALOG_FILE).read_text("utf-8")


def load_catalog(
    workspace_root: Path | str | None,
) -> tuple[dict[str, ChannelSpec], list[Problem]]:
    """The packaged catalog merged with the workspace's ``channels.yml`` (if any).

    A workspace id that is new extends the catalog (it needs ``name`` and ``kind``); an
    existing id overrides key by key. Entries with errors are left out (the packaged
    entry stays) and reported as problems at their line.
    """
    base, loaded, problems = _read(_packaged_text(), PACKAGE_PATH)
    specs = {
        cid: _spec(cid, raw, PACKAGE_PATH, loaded.line_of(("channels", cid)) if loaded else 0)
        for cid, raw in base.items()
    }
    if workspace_root is None:
        return specs, problems
    path = Path(workspace_root) / CATALOG_FILE
    if not path.exists() and not path.is_symlink():
        return specs, problems
    rel = workspace_rel(path, Path(workspace_root))
    if path.is_symlink():
        message = f"{_WHAT} is a symbolic link; replace the link with the file itself"
        return specs, problems + [Problem(rel, 0, "error", message)]
    text, read_problems = read_text_file(path, rel, max_bytes=MAX_CATALOG_BYTES, what=_WHAT)
    if text is None:
        return specs, problems + read_problems
    own, loaded, own_problems = _read(text, rel)
    problems += own_problems
    for cid, raw in own.items():
        line = loaded.line_of(("channels", cid)) if loaded else 0
        merged = {**base.get(cid, {}), **raw}
        if cid not in base:
            missing = [k for k in ("name", "kind") if k not in merged]
            if missing:
                hint = did_you_mean(cid, base)
                problems.append(
                    Problem(
                        rel,
                        line,
                        "error",
                        f'new channel "{cid}"{hint} has no {" and no ".join(missing)}; add '
                        "them (e.g. 'name: Spring poster' and 'kind: print'), or use the id "
                        "of a known channel to override it",
                    )
                )
                continue
        specs[cid] = _spec(cid, merged, rel, line)
    return specs, problems


# ------------------------------------------------------------------------------ facts

# Extension -> function giving more facts for a file Pillow does not read (video
# duration and size, PDF page size...): ``probe(path, facts) -> facts``. Empty here; a
# video prober registers itself, so the checks can tell more than "unknown".
PROBES: dict[str, Callable[[Path, Facts], Facts]] = {}


def _video_facts(path: Path, facts: Facts) -> Facts:
    """Size and duration of a video from PyAV; unchanged (checks say unknown) without."""
    from .video import probe

    found = probe(path)
    if found is None:
        return facts
    return replace(facts, width=found.width, height=found.height, duration=found.duration)


for _ext in VIDEO:
    PROBES[_ext] = _video_facts


def icc_description(icc: bytes) -> str:
    """The description of an ICC profile, or ``"embedded profile"`` when unreadable."""
    try:
        from PIL import ImageCms
    except ImportError:  # Pillow built without littlecms
        return "embedded profile"
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        text = (profile.profile.profile_description or "").strip()
    except Exception:  # noqa: BLE001 - any broken profile is just "an embedded profile"
        return "embedded profile"
    return text or "embedded profile"


def file_facts(path: Path | str, *, alt: bool = False) -> Facts:
    """What the file's header says: size, mode, dpi, ICC profile; bytes from stat.

    Only the header is read (Pillow opens lazily). A file that cannot be read gives
    facts without a size; a Git LFS pointer gives the real file's size in bytes.
    """
    path = Path(path)
    ext = path.suffix.lower().lstrip(".")
    try:
        size = path.stat().st_size
    except OSError:
        return Facts(ext=ext, alt=alt)
    facts = Facts(ext=ext, bytes=size, alt=alt)
    if size < 1024:
        try:
            pointer = parse_pointer(path.read_bytes())
        except OSError:
            pointer = None
        if pointer is not None:
            return replace(facts, bytes=pointer.size)
    if ext not in _PILLOW_SKIP:
        facts = _image_facts(path, facts)
    probe = PROBES.get(ext)
    if probe is not None:
        with contextlib.suppress(Exception):  # a failing probe leaves the facts as they were
            facts = probe(path, facts)
    return facts


def _image_facts(path: Path, facts: Facts) -> Facts:
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(path) as im:
                width, height = im.size
                mode = im.mode
                info = dict(im.info)
    except Exception:  # noqa: BLE001 - not an image Pillow reads: size stays unknown
        return facts
    dpi = None
    raw_dpi = info.get("dpi")
    if isinstance(raw_dpi, tuple) and raw_dpi:
        try:
            values = [float(v) for v in raw_dpi[:2]]
        except (TypeError, ValueError):
            values = []
        if values and min(values) > 0:
            dpi = round(min(values), 2)
    icc = info.get("icc_profile")
    return replace(
        facts,
        width=width,
        height=height,
        mode=mode,
        dpi=dpi,
        icc=icc_description(icc) if isinstance(icc, bytes) and icc else None,
    )


# ------------------------------------------------------------------------------ checks


def human_bytes(n: int) -> str:
    """``153600`` -> ``154 KB`` (decimal units, like the catalog's limits)."""
    for unit, size in (("GB", 1000**3), ("MB", 1000**2), ("KB", 1000)):
        if n >= size:
            value = n / size
            return f"{value:.1f} {unit}" if value < 10 else f"{value:.0f} {unit}"
    return f"{n} B"


def _ratio_text(w: int, h: int) -> str:
    g = math.gcd(w, h) or 1
    a, b = w // g, h // g
    if a <= 50 and b <= 50:
        return f"{a}:{b}"
    return f"{w / h:.2f}:1"


def _or(labels: list[str]) -> str:
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " or " + labels[-1]


def _closest_ratios(spec: ChannelSpec, value: float) -> list[str]:
    ranked = sorted(spec.ratios, key=lambda r: abs(math.log(r.value / value)))
    return [r.label for r in ranked[:2]]


def _fits_ratio(spec: ChannelSpec, w: int, h: int) -> Ratio | None:
    value = w / h
    for ratio in spec.ratios:
        if abs(value - ratio.value) / ratio.value <= spec.ratio_tolerance + 1e-9:
            return ratio
    return None


def _size_check(spec: ChannelSpec, facts: Facts) -> Check | None:
    if not (spec.sizes or spec.ratios or spec.min_width):
        return None
    if not facts.width or not facts.height:
        expected = _expected(spec)
        return Check(
            "channel-size",
            "unknown",
            f"size unknown: check by hand that it is {expected} for {spec.id}",
        )
    w, h = facts.width, facts.height
    got = f"{w}x{h}"
    if spec.sizes:
        if (w, h) in spec.sizes:
            return Check("channel-size", "pass", f"{got} fits {spec.id}")
        main = spec.recommended if spec.recommended in spec.sizes else spec.sizes[0]
        others = [_fmt(s) for s in spec.sizes if s != main]
        also = f" (also accepted: {', '.join(others)})" if others else ""
        return Check(
            "channel-size",
            "fail",
            f"{_fmt(main)} expected for {spec.id}{also}, got {got}: export at {_fmt(main)}",
        )
    if spec.ratios:
        fit = _fits_ratio(spec, w, h)
        if fit is None:
            labels = _or([r.label for r in spec.ratios])
            want = f"{_fmt(spec.recommended)} expected" if spec.recommended else "expected"
            crop = _or(_closest_ratios(spec, w / h))
            return Check(
                "channel-size",
                "fail",
                f"{want} for {spec.id} ({labels}), got {got} ({_ratio_text(w, h)}): crop to {crop}",
            )
    if spec.min_width and w < spec.min_width:
        target = f"{spec.min_width} px wide or more"
        if spec.recommended:
            target += f" (e.g. {_fmt(spec.recommended)})"
        return Check(
            "channel-size",
            "fail",
            f"{got} is under the {spec.min_width} px minimum width of {spec.id}: "
            f"export at {target}",
        )
    return Check("channel-size", "pass", f"{got} fits {spec.id}")


def _fmt(size: tuple[int, int] | None) -> str:
    return f"{size[0]}x{size[1]}" if size else ""


def _expected(spec: ChannelSpec) -> str:
    if spec.sizes:
        return _or([_fmt(s) for s in spec.sizes])
    parts = []
    if spec.ratios:
        parts.append(_or([r.label for r in spec.ratios]))
    if spec.min_width:
        parts.append(f"at least {spec.min_width} px wide")
    return ", ".join(parts)


def _is_srgb(description: str) -> bool:
    return "srgb" in re.sub(r"[^a-z]", "", description.lower())


def _colour_check(spec: ChannelSpec, facts: Facts) -> Check | None:
    if spec.kind == "video":
        return None  # video files carry no ICC profile Pillow could read
    if facts.mode is None and facts.icc is None:
        return Check("colour-profile", "unknown", "colour profile unknown: check it by hand")
    cmyk = facts.mode == "CMYK"
    if spec.kind == "print":
        if cmyk:
            where = f" ({facts.icc})" if facts.icc else ""
            return Check("colour-profile", "pass", f"CMYK{where}, ready for print")
        return Check(
            "colour-profile",
            "warn",
            f"{facts.mode or 'RGB'} image for print: convert it to CMYK with the printer's "
            "profile (ask the printer which one)",
        )
    if cmyk:
        return Check(
            "colour-profile",
            "fail",
            f"CMYK image for {spec.id}: screens show CMYK wrongly or not at all; export it as sRGB",
        )
    if facts.icc is None:
        return Check("colour-profile", "pass", "no embedded profile: browsers show it as sRGB")
    if _is_srgb(facts.icc):
        return Check("colour-profile", "pass", f"sRGB profile ({facts.icc})")
    return Check(
        "colour-profile",
        "warn",
        f'embedded profile "{facts.icc}" is not sRGB: colours shift on most screens; '
        "convert to sRGB when exporting",
    )


def check_fit(spec: ChannelSpec, facts: Facts) -> list[Check]:
    """Every check that applies to this channel, in a fixed order (see CHECK_IDS)."""
    checks: list[Check] = []
    if spec.formats:
        if facts.ext in spec.formats:
            checks.append(Check("format", "pass", f".{facts.ext} is accepted by {spec.id}"))
        else:
            got = f".{facts.ext}" if facts.ext else "a file without extension"
            checks.append(
                Check(
                    "format",
                    "fail",
                    f"{got} is not accepted by {spec.id}: export as "
                    f"{_or([f.upper() for f in _distinct(spec.formats)])}",
                )
            )
    size = _size_check(spec, facts)
    if size:
        checks.append(size)
    if spec.max_bytes is not None:
        limit = spec.max_size or human_bytes(spec.max_bytes)
        if facts.bytes is None:
            checks.append(Check("file-size", "unknown", f"file size unknown; the limit is {limit}"))
        elif facts.bytes > spec.max_bytes:
            checks.append(
                Check(
                    "file-size",
                    "fail",
                    f"{human_bytes(facts.bytes)} is over the {limit} limit of {spec.id}: "
                    "compress it or simplify the artwork",
                )
            )
        else:
            checks.append(Check("file-size", "pass", f"{human_bytes(facts.bytes)}, within {limit}"))
    if spec.duration is not None:
        low, high = spec.duration
        span = f"{low:g} to {high:g} s"
        if facts.duration is None:
            checks.append(Check("duration", "unknown", f"duration unknown: check it is {span}"))
        elif not low <= facts.duration <= high:
            checks.append(
                Check(
                    "duration",
                    "fail",
                    f"{facts.duration:g} s is outside {span} for {spec.id}: "
                    f"{'trim it' if facts.duration > high else 'lengthen it'}",
                )
            )
        else:
            checks.append(Check("duration", "pass", f"{facts.duration:g} s, within {span}"))
    if spec.dpi is not None:
        if facts.dpi is None:
            checks.append(
                Check(
                    "dpi",
                    "unknown",
                    f"the file records no resolution; set {spec.dpi} dpi when exporting",
                )
            )
        elif facts.dpi + 0.5 < spec.dpi:
            target = f" ({_fmt(spec.recommended)} px)" if spec.recommended else ""
            checks.append(
                Check(
                    "dpi",
                    "fail",
                    f"{facts.dpi:g} dpi, {spec.dpi} dpi expected for {spec.id}: "
                    f"export at {spec.dpi} dpi{target}",
                )
            )
        else:
            checks.append(Check("dpi", "pass", f"{facts.dpi:g} dpi"))
    colour = _colour_check(spec, facts)
    if colour:
        checks.append(colour)
    if spec.kind in ALT_KINDS:
        if facts.alt:
            checks.append(Check("alt-text", "pass", "alt text given in the brief"))
        else:
            checks.append(
                Check(
                    "alt-text",
                    "warn",
                    "no alt text: add 'alt: <what the image shows>' to this deliverable "
                    "in the brief",
                )
            )
    return checks


def _distinct(formats: tuple[str, ...]) -> list[str]:
    """``jpg, jpeg, png`` -> ``jpg, png`` for messages."""
    same = {"jpeg": "jpg", "tiff": "tif", "mpg": "mpeg"}
    return list(dict.fromkeys(same.get(f, f) for f in formats))


def unknown_channel_message(channel: str, catalog: dict[str, ChannelSpec]) -> str:
    """``unknown channel "x" (did you mean "y"?): known channels: ...``."""
    known = ", ".join(sorted(catalog))
    return (
        f'unknown channel "{channel}"{did_you_mean(channel, catalog)}: known channels: '
        f"{known}; or add it to {CATALOG_FILE} at the workspace root"
    )
