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
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from importlib.resources import files
from pathlib import Path

from ..git.lfs import parse_pointer
from ..inputs.briefs import read_text_file, workspace_rel
from ..inputs.schema_messages import (
    Said,
    Words,
    describe,
    schema_problems,
    unknown_key_sentence,
)
from ..inputs.schemacheck import jsonable
from ..inputs.suggest import did_you_mean
from ..inputs.yamlload import Loaded, load_yaml
from ..problems import Problem
from .kinds import VIDEO

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
    message: str  # one line, in English: what was found, and what to do about it
    key: str = ""  # the message's template in MESSAGES, so pages can say it in their language
    args: tuple[tuple[str, str | tuple[str, ...]], ...] = ()  # its fields; tuples are "or" lists


# English templates of the check messages. Pages translate them by key; a field holding a
# tuple is a list of alternatives, joined with "or" in the page's language.
MESSAGES = {
    "format_ok": ".{ext} is accepted by {channel}",
    "format_bad": ".{ext} is not accepted by {channel}: export as {formats}",
    "format_none": "a file without extension is not accepted by {channel}: export as {formats}",
    "size_unknown": "size unknown: check by hand that it is {expected} for {channel}",
    "size_unknown_ratio": "size unknown: check by hand that it is {ratios} for {channel}",
    "size_unknown_min": (
        "size unknown: check by hand that it is {ratios}, at least {min} px wide for {channel}"
    ),
    "size_unknown_width": (
        "size unknown: check by hand that it is at least {min} px wide for {channel}"
    ),
    "size_ok": "{got} fits {channel}",
    "size_exact": "{want} expected for {channel}, got {got}: export at {want}",
    "size_exact_also": (
        "{want} expected for {channel} (also accepted: {others}), got {got}: export at {want}"
    ),
    "ratio_want": "{want} expected for {channel} ({ratios}), got {got} ({ratio}): crop to {crop}",
    "ratio_bad": "expected for {channel} ({ratios}), got {got} ({ratio}): crop to {crop}",
    "min_width": "{got} is under the {min} px minimum width of {channel}: export at {min} px "
    "wide or more",
    "min_width_eg": "{got} is under the {min} px minimum width of {channel}: export at {min} px "
    "wide or more (e.g. {want})",
    "bytes_unknown": "file size unknown; the limit is {limit}",
    "bytes_over": "{size} is over the {limit} limit of {channel}: compress it or simplify the "
    "artwork",
    "bytes_ok": "{size}, within {limit}",
    "duration_unknown": "duration unknown: check it is {low} to {high} s",
    "duration_long": "{got} s is outside {low} to {high} s for {channel}: trim it",
    "duration_short": "{got} s is outside {low} to {high} s for {channel}: lengthen it",
    "duration_ok": "{got} s, within {low} to {high} s",
    "dpi_unknown": "the file records no resolution; set {dpi} dpi when exporting",
    "dpi_low": "{got} dpi, {dpi} dpi expected for {channel}: export at {dpi} dpi",
    "dpi_low_px": "{got} dpi, {dpi} dpi expected for {channel}: export at {dpi} dpi ({want} px)",
    "dpi_ok": "{got} dpi",
    "colour_unknown": "colour profile unknown: check it by hand",
    "cmyk_print": "CMYK, ready for print",
    "cmyk_print_icc": "CMYK ({icc}), ready for print",
    "rgb_print": "{mode} image for print: convert it to CMYK with the printer's profile (ask "
    "the printer which one)",
    "cmyk_screen": "CMYK image for {channel}: screens show CMYK wrongly or not at all; export "
    "it as sRGB",
    "no_profile": "no embedded profile: browsers show it as sRGB",
    "srgb": "sRGB profile ({icc})",
    "not_srgb": 'embedded profile "{icc}" is not sRGB: colours shift on most screens; convert '
    "to sRGB when exporting",
    "alt_ok": "alt text given in the brief",
    "alt_missing": "no alt text: add 'alt: <what the image shows>' to this deliverable in the "
    "brief",
}


def render_message(
    template: str, args: tuple[tuple[str, str | tuple[str, ...]], ...], or_word: str = "or"
) -> str:
    """Fill a message template; tuple fields become "a, b or c" with ``or_word``."""
    values = {k: (_or(list(v), or_word) if isinstance(v, tuple) else v) for k, v in args}
    return template.format(**values)


def _check(id: str, status: str, key: str, **fields: str | tuple[str, ...]) -> Check:
    args = tuple(fields.items())
    return Check(id, status, render_message(MESSAGES[key], args), key, args)


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


def _channel_id(error, words: Words, root: object) -> Said | None:
    """A channel id (a key under ``channels:``) that is not lower-case with dashes."""
    if error.validator != "pattern" or not error.instance:
        return None
    if "propertyNames" not in error.absolute_schema_path:
        return None
    return [
        (
            tuple(error.absolute_path) + (error.instance,),
            f'"{error.instance}" is not a channel id: use lower-case letters, digits and '
            'dashes, e.g. "instagram-feed"',
        )
    ]


def _first_unknown_key(error, words: Words, root: object) -> Said | None:
    """The first key the schema does not know, with the closest known one."""
    if error.validator != "additionalProperties":
        return None
    path = tuple(error.absolute_path)
    allowed = list(error.schema.get("properties", {}))
    extra = [k for k in error.instance if k not in allowed]
    word = extra[0] if extra else "?"
    where = "at the top of the file" if not path else f"in {words.name(path)}"
    return [(path + (word,), unknown_key_sentence(word, allowed, where, remove=False))]


def _first_missing_key(error, words: Words, root: object) -> Said | None:
    if error.validator != "required":
        return None
    path, value = tuple(error.absolute_path), error.validator_value
    missing = [k for k in value if k not in error.instance]
    word = missing[0] if missing else value[0]
    if not path:
        return [(path, f'{_WHAT} has no "{word}"; start it with {_HELP["channels"]}')]
    return [
        (path, f'{words.name(path)} has no "{word}"; add it: {_HELP.get(word, word + ": ...")}')
    ]


def _how_to_write(error, words: Words, root: object) -> Said:
    """Any other error: how to write the key, from the catalog's help."""
    path = tuple(error.absolute_path)
    keys = [p for p in path if isinstance(p, str)]
    key = keys[-1] if keys else "channels"
    if len(path) >= 2 and isinstance(path[-1], int):
        key = keys[-1]  # an item of a list: explain the list
    fix = _HELP.get(key, "see the catalog shipped with Proofroom for examples")
    expected = "string" if error.validator == "enum" else error.validator_value
    return [(path, f"{words.name(path)} must be {fix}; {describe(error.instance, expected)}")]


CATALOG_WORDS = Words(
    schema="channels",
    what=_WHAT,
    rules=(_channel_id, _first_unknown_key, _first_missing_key, _how_to_write),
)
"""How the schema errors of a channel catalog are said."""


def _read(text: str, rel: str) -> tuple[dict, Loaded | None, list[Problem]]:
    """The channels of one catalog file that passed the schema, by id."""
    loaded, problems = load_yaml(
        text, path=rel, max_bytes=MAX_CATALOG_BYTES, expect_mapping=True, what=_WHAT
    )
    if loaded is None:
        return {}, None, problems
    data = jsonable(loaded.data)
    problems = schema_problems(data, loaded, rel, CATALOG_WORDS)
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

PDF_DPI = 300  # print resolution: a PDF's page is measured at it (its vector parts scale)


def _pdf_facts(path: Path, facts: Facts) -> Facts:
    """A PDF's first page as pixels at :data:`PDF_DPI` (A4 is 2480x3508), from pypdfium2."""
    from .pdf import PdfError, available
    from .pdf import facts as pdf_facts

    if not available():
        return facts
    try:
        found = pdf_facts(path, limit=1)
    except PdfError:
        return facts
    if not found.sizes:
        return facts
    w, h = found.sizes[0]
    return replace(
        facts, width=round(w / 72 * PDF_DPI), height=round(h / 72 * PDF_DPI), dpi=PDF_DPI
    )


PROBES["pdf"] = _pdf_facts


def icc_description(icc: bytes) -> str:
    """The description of an ICC profile, or ``"embedded profile"`` when unreadable."""
    try:
        from PIL import ImageCms
    except ImportError:  # Pillow built without littlecms
        return "embedded profile"
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        text = (profile.profile.profile_description or "").strip()
    except Exception:
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
    except Exception:
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


def _or(labels: list[str], word: str = "or") -> str:
    if len(labels) == 1:
        return labels[0]
    return ", ".join(labels[:-1]) + f" {word} " + labels[-1]


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
        return _unknown_size(spec)
    w, h = facts.width, facts.height
    got = f"{w}x{h}"
    if spec.sizes:
        if (w, h) in spec.sizes:
            return _check("channel-size", "pass", "size_ok", got=got, channel=spec.id)
        main = spec.recommended if spec.recommended in spec.sizes else spec.sizes[0]
        others = ", ".join(_fmt(s) for s in spec.sizes if s != main)
        if others:
            return _check(
                "channel-size", "fail", "size_exact_also",
                want=_fmt(main), channel=spec.id, others=others, got=got,
            )  # fmt: skip
        return _check(
            "channel-size", "fail", "size_exact", want=_fmt(main), channel=spec.id, got=got
        )
    if spec.ratios:
        fit = _fits_ratio(spec, w, h)
        if fit is None:
            fields: dict[str, str | tuple[str, ...]] = {
                "channel": spec.id,
                "ratios": tuple(r.label for r in spec.ratios),
                "got": got,
                "ratio": _ratio_text(w, h),
                "crop": tuple(_closest_ratios(spec, w / h)),
            }
            if spec.recommended:
                return _check(
                    "channel-size", "fail", "ratio_want", want=_fmt(spec.recommended), **fields
                )
            return _check("channel-size", "fail", "ratio_bad", **fields)
    if spec.min_width and w < spec.min_width:
        fields = {"got": got, "min": str(spec.min_width), "channel": spec.id}
        if spec.recommended:
            return _check(
                "channel-size", "fail", "min_width_eg", want=_fmt(spec.recommended), **fields
            )
        return _check("channel-size", "fail", "min_width", **fields)
    return _check("channel-size", "pass", "size_ok", got=got, channel=spec.id)


def _unknown_size(spec: ChannelSpec) -> Check:
    if spec.sizes:
        expected = tuple(_fmt(s) for s in spec.sizes)
        return _check("channel-size", "unknown", "size_unknown", expected=expected, channel=spec.id)
    ratios = tuple(r.label for r in spec.ratios)
    if ratios and spec.min_width:
        return _check(
            "channel-size", "unknown", "size_unknown_min",
            ratios=ratios, min=str(spec.min_width), channel=spec.id,
        )  # fmt: skip
    if ratios:
        return _check(
            "channel-size", "unknown", "size_unknown_ratio", ratios=ratios, channel=spec.id
        )
    return _check(
        "channel-size", "unknown", "size_unknown_width", min=str(spec.min_width), channel=spec.id
    )


def _fmt(size: tuple[int, int] | None) -> str:
    return f"{size[0]}x{size[1]}" if size else ""


def _is_srgb(description: str) -> bool:
    return "srgb" in re.sub(r"[^a-z]", "", description.lower())


def _colour_check(spec: ChannelSpec, facts: Facts) -> Check | None:
    if spec.kind == "video":
        return None  # video files carry no ICC profile Pillow could read
    if facts.mode is None and facts.icc is None:
        return _check("colour-profile", "unknown", "colour_unknown")
    cmyk = facts.mode == "CMYK"
    if spec.kind == "print":
        if cmyk:
            if facts.icc:
                return _check("colour-profile", "pass", "cmyk_print_icc", icc=facts.icc)
            return _check("colour-profile", "pass", "cmyk_print")
        return _check("colour-profile", "warn", "rgb_print", mode=facts.mode or "RGB")
    if cmyk:
        return _check("colour-profile", "fail", "cmyk_screen", channel=spec.id)
    if facts.icc is None:
        return _check("colour-profile", "pass", "no_profile")
    if _is_srgb(facts.icc):
        return _check("colour-profile", "pass", "srgb", icc=facts.icc)
    return _check("colour-profile", "warn", "not_srgb", icc=facts.icc)


def _format_check(spec: ChannelSpec, facts: Facts) -> Check:
    if facts.ext in spec.formats:
        return _check("format", "pass", "format_ok", ext=facts.ext, channel=spec.id)
    formats = tuple(f.upper() for f in _distinct(spec.formats))
    if not facts.ext:
        return _check("format", "fail", "format_none", channel=spec.id, formats=formats)
    return _check("format", "fail", "format_bad", ext=facts.ext, channel=spec.id, formats=formats)


def _bytes_check(spec: ChannelSpec, facts: Facts, max_bytes: int) -> Check:
    limit = spec.max_size or human_bytes(max_bytes)
    if facts.bytes is None:
        return _check("file-size", "unknown", "bytes_unknown", limit=limit)
    size = human_bytes(facts.bytes)
    if facts.bytes > max_bytes:
        return _check("file-size", "fail", "bytes_over", size=size, limit=limit, channel=spec.id)
    return _check("file-size", "pass", "bytes_ok", size=size, limit=limit)


def _duration_check(spec: ChannelSpec, facts: Facts, low: float, high: float) -> Check:
    span = {"low": f"{low:g}", "high": f"{high:g}"}
    if facts.duration is None:
        return _check("duration", "unknown", "duration_unknown", **span)
    got = f"{facts.duration:g}"
    if facts.duration > high:
        return _check("duration", "fail", "duration_long", got=got, channel=spec.id, **span)
    if facts.duration < low:
        return _check("duration", "fail", "duration_short", got=got, channel=spec.id, **span)
    return _check("duration", "pass", "duration_ok", got=got, **span)


def _dpi_check(spec: ChannelSpec, facts: Facts, dpi: int) -> Check:
    if facts.dpi is None:
        return _check("dpi", "unknown", "dpi_unknown", dpi=str(dpi))
    got = f"{facts.dpi:g}"
    if facts.dpi + 0.5 < dpi:
        if spec.recommended:
            return _check(
                "dpi", "fail", "dpi_low_px",
                got=got, dpi=str(dpi), channel=spec.id, want=_fmt(spec.recommended),
            )  # fmt: skip
        return _check("dpi", "fail", "dpi_low", got=got, dpi=str(dpi), channel=spec.id)
    return _check("dpi", "pass", "dpi_ok", got=got)


def check_fit(spec: ChannelSpec, facts: Facts) -> list[Check]:
    """Every check that applies to this channel, in a fixed order (see CHECK_IDS)."""
    checks: list[Check | None] = [
        _format_check(spec, facts) if spec.formats else None,
        _size_check(spec, facts),
        _bytes_check(spec, facts, spec.max_bytes) if spec.max_bytes is not None else None,
        _duration_check(spec, facts, *spec.duration) if spec.duration is not None else None,
        _dpi_check(spec, facts, spec.dpi) if spec.dpi is not None else None,
        _colour_check(spec, facts),
    ]
    if spec.kind in ALT_KINDS:
        checks.append(
            _check("alt-text", "pass", "alt_ok")
            if facts.alt
            else _check("alt-text", "warn", "alt_missing")
        )
    return [c for c in checks if c is not None]


def _distinct(formats: tuple[str, ...]) -> list[str]:
    """``jpg, jpeg, png`` -> ``jpg, png`` for messages."""
    same = {"jpeg": "jpg", "tiff": "tif", "mpg": "mpeg"}
    return list(dict.fromkeys(same.get(f, f) for f in formats))


def unknown_channel_message(channel: str, catalog: Mapping[str, ChannelSpec]) -> str:
    """``unknown channel "x" (did you mean "y"?): known channels: ...``."""
    known = ", ".join(sorted(catalog))
    return (
        f'unknown channel "{channel}"{did_you_mean(channel, catalog)}: known channels: '
        f"{known}; or add it to {CATALOG_FILE} at the workspace root"
    )
