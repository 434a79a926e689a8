"""Channel variants of a master image: what ``proofroom renditions CAMPAIGN`` makes.

A brief's deliverable that says ``derived_from: hero`` and ``channel: display-300x250``
is a rendition of the deliverable ``hero`` for that channel. Its file is cut from the
master's current working-tree file: the largest window of the channel's aspect ratio,
centred on the master's ``focus: [x, y]`` (fractions of its width and height, default
the centre) and moved back inside the picture when it would overflow, then resized with
Lanczos to the channel's size. The colour profile (ICC) is kept; other metadata (EXIF,
GPS, XMP) is not copied.

The size comes from the channel catalog: an exact ``sizes`` entry (the ``recommended``
one when listed, turned to the master's orientation when the catalog has both), else the
largest crop at the ``ratios`` entry that matches ``recommended`` (the first one
otherwise), at least ``min_width`` wide, else ``recommended``.

Nothing the team made is ever overwritten: a variant whose file exists is kept as is,
and new files are created under a temporary name, then linked into place only if the
name is still free. A master smaller than the target is refused unless upscaling is
allowed (the result would look soft); it is then made with a warning.
"""

from __future__ import annotations

import io
import math
import os
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from ..atomic import create_new
from ..git.lfs import parse_pointer
from ..inputs.briefs import read_brief
from ..model import DeliverableSpec
from ..problems import Problem, ProofroomError, Severity
from ..settings import Settings
from ..variants import depth_of, variant_parents
from .kinds import ext_of, kind_of
from .pixels import displayable, for_format
from .specs import ChannelSpec, human_bytes, load_catalog, unknown_channel_message

CENTRE = (0.5, 0.5)
JPEG_QUALITY = 90
WEBP_QUALITY = 90
# File extension -> Pillow format: the formats a rendition can be written in.
FORMATS = {
    "jpg": "JPEG",
    "jpeg": "JPEG",
    "png": "PNG",
    "webp": "WEBP",
    "tif": "TIFF",
    "tiff": "TIFF",
}
_NO_CMYK = frozenset({"PNG", "WEBP"})
_HALF_PIXEL = 0.5

Size = tuple[int, int]
Box = tuple[float, float, float, float]


# ------------------------------------------------------------------------------ geometry


def target_size(channel: ChannelSpec, master: Size) -> Size | None:
    """The pixel size of ``channel``'s rendition of a ``master``-sized picture.

    ``None`` when the channel gives no size, ratio or recommended size.
    """
    width, height = master
    if channel.sizes:
        main = channel.recommended if channel.recommended in channel.sizes else channel.sizes[0]
        turned = (main[1], main[0])
        master_way = _orient(width, height)
        if turned in channel.sizes and master_way == _orient(*turned) != _orient(*main):
            main = turned  # print-a4 from a landscape master: the landscape A4
        return main
    if channel.ratios:
        ratio = channel.ratios[0]
        if channel.recommended:
            rw, rh = channel.recommended
            ratio = min(channel.ratios, key=lambda r: abs(math.log(r.value * rh / rw)))
        if width / height > ratio.value:
            size = (round(height * ratio.value), height)
        else:
            size = (width, round(width / ratio.value))
        if channel.min_width and size[0] < channel.min_width:
            size = (channel.min_width, round(channel.min_width / ratio.value))
        return max(1, size[0]), max(1, size[1])
    return channel.recommended


def _orient(width: int, height: int) -> int:
    """1 landscape, -1 portrait, 0 square."""
    return (width > height) - (width < height)


def crop_box(master: Size, size: Size, focus: tuple[float, float] = CENTRE) -> Box:
    """The window of ``master`` (left, top, right, bottom) that becomes ``size``.

    The largest window with the aspect ratio of ``size``, centred on ``focus`` and moved
    back inside the picture where it would overflow. Whole pixels when no resize is needed.
    """
    width, height = master
    ratio = size[0] / size[1]
    if width / height > ratio:
        cw, ch = height * ratio, float(height)
    else:
        cw, ch = float(width), width / ratio
    if abs(cw - size[0]) < _HALF_PIXEL and abs(ch - size[1]) < _HALF_PIXEL:
        cw, ch = float(size[0]), float(size[1])
        x = min(max(round(focus[0] * width - cw / 2), 0), width - size[0])
        y = min(max(round(focus[1] * height - ch / 2), 0), height - size[1])
        return float(x), float(y), float(x + size[0]), float(y + size[1])
    left = min(max(focus[0] * width - cw / 2, 0.0), width - cw)
    top = min(max(focus[1] * height - ch / 2, 0.0), height - ch)
    return left, top, left + cw, top + ch


def upscale_factor(box: Box, size: Size) -> float:
    """How much the window is enlarged to become ``size`` (1.0 or less: no upscaling)."""
    return max(size[0] / (box[2] - box[0]), size[1] / (box[3] - box[1]))


# ------------------------------------------------------------------------------ pixels


def render(
    picture: Image.Image,
    box: Box,
    size: Size,
    fmt: str,
    *,
    icc: bytes | None = None,
    dpi: int | None = None,
) -> bytes:
    """Cut ``box`` out of ``picture``, resize it to ``size`` and encode it as ``fmt``.

    ``picture`` is upright (EXIF orientation applied) and in a workable mode.
    """
    whole = all(float(v).is_integer() for v in box)
    if whole and (box[2] - box[0], box[3] - box[1]) == size:
        left, top, right, bottom = (int(v) for v in box)
        out = picture.crop((left, top, right, bottom))
    else:
        out = picture.resize(size, Image.Resampling.LANCZOS, box=box, reducing_gap=3.0)
    out = for_format(out, fmt)
    options: dict = {}
    if icc:
        options["icc_profile"] = icc
    if dpi:
        options["dpi"] = (dpi, dpi)
    if fmt == "JPEG":
        options.update(quality=JPEG_QUALITY, optimize=True)
    elif fmt == "WEBP":
        options.update(quality=WEBP_QUALITY, method=4)
    elif fmt == "TIFF":
        options.update(compression="tiff_lzw")
    buf = io.BytesIO()
    out.save(buf, fmt, **options)
    return buf.getvalue()


# ------------------------------------------------------------------------------ the brief


def focus_of(spec: DeliverableSpec) -> tuple[float, float]:
    """The deliverable's ``focus`` when it is two fractions, else the centre."""
    value = spec.extra.get("focus")
    if isinstance(value, list | tuple) and len(value) == 2:
        x, y = value
        if all(isinstance(v, int | float) and not isinstance(v, bool) for v in (x, y)) and (
            0 <= x <= 1 and 0 <= y <= 1
        ):
            return float(x), float(y)
    return CENTRE


# ------------------------------------------------------------------------------ making


@dataclass(frozen=True)
class Outcome:
    """What happened to one variant: one line for the person who ran the command."""

    action: str  # created | kept | would create | not made
    path: str  # workspace-relative path of the variant's file
    deliverable: str
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.action} {self.path}" + (f" ({self.detail})" if self.detail else "")


@dataclass
class _Master:
    """A master's facts, and its decoded picture once a variant needed the pixels."""

    path: Path
    rel: str
    size: Size
    mode: str
    picture: Image.Image | None = None
    icc: bytes | None = None


@dataclass(frozen=True)
class _Plan:
    """One variant about to be made: from which master, cut where, at which size."""

    spec: DeliverableSpec
    channel: ChannelSpec
    fmt: str  # Pillow format
    master: _Master
    size: Size
    box: Box
    factor: float  # the upscale factor (1.0 or less: none)

    @property
    def grown(self) -> bool:
        """Upscaled beyond rounding noise: the result will look soft."""
        return self.factor > 1 + 1e-9

    @property
    def wanted(self) -> str:
        """The target size as people write it (``300x250``)."""
        return f"{self.size[0]}x{self.size[1]}"

    @property
    def detail(self) -> str:
        """What the outcome line says of a variant made or to be made."""
        return f"{self.wanted}, {self.channel.id}, from {self.master.rel}"


class _Refused(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def campaign_ids(cfg: Settings) -> list[str]:
    folder = cfg.root / cfg.briefs_dir
    if not folder.is_dir():
        return []
    return sorted(
        p.name for p in folder.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))
    )


def make_renditions(
    cfg: Settings,
    campaign: str,
    *,
    dry_run: bool = False,
    allow_upscale: bool = False,
) -> Iterator[Outcome | Problem]:
    """Make the missing variants of ``campaign``, yielding each outcome as it happens.

    Problems are yielded where they are found: errors for what blocks a variant (or, in
    the brief, every variant), warnings for variants left to be made by hand. Raises
    ProofroomError when the campaign has no brief.
    """
    root = Path(cfg.root)
    brief_rel = f"{cfg.briefs_dir}/{campaign}/index.md"
    brief_path = root / brief_rel
    known_ids = campaign_ids(cfg)
    if campaign not in known_ids or not brief_path.is_file():
        known = ", ".join(known_ids) or "none"
        raise ProofroomError(
            f"no campaign {campaign!r}: {brief_rel} does not exist (known campaigns: {known})"
        )
    brief, problems = read_brief(brief_path, workspace=root, campaign=campaign)
    yield from problems
    if any(p.is_error for p in problems):
        yield Problem(brief_rel, 0, "error", "nothing was made: fix the brief, then run again")
        return
    specs = {s.id: s for s in brief.deliverables or ()}
    parents = variant_parents(specs.values())
    if not parents:
        return
    catalog, catalog_problems = load_catalog(root)
    yield from catalog_problems
    order = list(specs)
    variants = sorted(
        parents,
        key=lambda d: (depth_of(d, parents), order.index(parents[d]), order.index(d)),
    )
    run = _Run(cfg, campaign, brief_rel, catalog, dry_run, allow_upscale)
    try:
        for did in variants:
            yield from run.variant(specs[did], specs[parents[did]])
    finally:
        run.close()


class _Run:
    """One command run: what it made (for chains) and the master it has decoded."""

    def __init__(
        self,
        cfg: Settings,
        campaign: str,
        brief_rel: str,
        catalog: dict[str, ChannelSpec],
        dry_run: bool,
        allow_upscale: bool,
    ) -> None:
        self.root = Path(cfg.root)
        self.folder = f"{cfg.assets_dir}/{campaign}"
        self.brief_rel = brief_rel
        self.catalog = catalog
        self.dry_run = dry_run
        self.allow_upscale = allow_upscale
        self.planned: dict[str, str] = {}  # variant file -> deliverable id, this run
        self.sizes: dict[str, Size] = {}  # deliverable id -> size of what this run makes
        self.master: _Master | None = None

    def close(self) -> None:
        if self.master is not None and self.master.picture is not None:
            self.master.picture.close()
        self.master = None

    def problem(self, spec: DeliverableSpec, severity: Severity, message: str) -> Problem:
        return Problem(self.brief_rel, spec.line, severity, message)

    def variant(
        self, spec: DeliverableSpec, source: DeliverableSpec
    ) -> Iterator[Outcome | Problem]:
        rel = f"{self.folder}/{spec.asset}"
        try:
            yield from self._variant(spec, source, rel)
        except _Refused as refused:
            yield refused.problem

    def _variant(
        self, spec: DeliverableSpec, source: DeliverableSpec, rel: str
    ) -> Iterator[Outcome | Problem]:
        if rel in self.planned:
            raise _Refused(
                self.problem(
                    spec,
                    "error",
                    f'deliverables "{self.planned[rel]}" and "{spec.id}" both name {rel}: '
                    "give each variant its own file",
                )
            )
        path = self.root / rel
        if os.path.lexists(path):
            yield Outcome("kept", rel, spec.id, "already there")
            return
        channel = self._channel(spec)
        fmt = self._format(spec, channel)
        plan = self._plan(spec, source, channel, fmt)
        self.planned[rel] = spec.id
        if self.dry_run:
            self.sizes[spec.id] = plan.size
            yield Outcome("would create", rel, spec.id, plan.detail)
            return
        data = self._encode(plan)
        self._folder_of(spec, path)
        try:
            made = create_new(path, data)
        except OSError as exc:
            raise _Refused(
                Problem(rel, 0, "error", f"cannot write this file ({exc.strerror or exc})")
            ) from exc
        if not made:
            yield Outcome("kept", rel, spec.id, "already there")
            return
        self.sizes[spec.id] = plan.size
        yield Outcome("created", rel, spec.id, plan.detail)
        yield from _made_warnings(plan, rel, data)

    def _format(self, spec: DeliverableSpec, channel: ChannelSpec) -> str:
        """The Pillow format of the variant's extension, if renditions and the channel take it."""
        ext = ext_of(spec.asset)
        fmt = FORMATS.get(ext)
        if fmt is None:
            kinds = ", ".join(dict.fromkeys(k for k in FORMATS if k not in ("jpeg", "tiff")))
            raise _Refused(
                self.problem(
                    spec,
                    "error",
                    f'cannot write "{spec.asset}": renditions are made as {kinds}; '
                    "change the asset's extension",
                )
            )
        if channel.formats and ext not in channel.formats:
            raise _Refused(
                self.problem(
                    spec,
                    "error",
                    f'"{spec.asset}" is not a format {channel.id} takes '
                    f"({', '.join(channel.formats)}); change the asset's extension",
                )
            )
        return fmt

    def _plan(
        self, spec: DeliverableSpec, source: DeliverableSpec, channel: ChannelSpec, fmt: str
    ) -> _Plan:
        """The master, size and window of a variant, refused before any pixel is decoded."""
        master = self._master(spec, source)
        if master.mode == "CMYK" and fmt in _NO_CMYK:
            raise _Refused(
                self.problem(
                    spec,
                    "error",
                    f"{master.rel} is CMYK and {ext_of(spec.asset).upper()} holds no CMYK: "
                    "name the variant .jpg or .tif, or make the master RGB",
                )
            )
        size = target_size(channel, master.size)
        if size is None:
            raise _Refused(
                self.problem(
                    spec,
                    "warning",
                    f"not made: {channel.id} gives no size or ratio to cut {spec.asset} to; "
                    f"export it by hand, or add sizes or ratios to {channel.id} in channels.yml",
                )
            )
        box = crop_box(master.size, size, focus_of(source))
        plan = _Plan(spec, channel, fmt, master, size, box, upscale_factor(box, size))
        if plan.grown and not self.allow_upscale:
            raise _Refused(
                self.problem(
                    spec,
                    "error",
                    f"not made: {master.rel} is {master.size[0]}x{master.size[1]}, too small "
                    f"for {plan.wanted} ({channel.id}) without upscaling it "
                    f"{plan.factor:.2f} times; "
                    "export a larger master, or allow upscaling (--allow-upscale)",
                )
            )
        return plan

    def _encode(self, plan: _Plan) -> bytes:
        """The variant's file: the window cut, resized and encoded, with the master's ICC."""
        picture = self._pixels(plan.master)
        channel = plan.channel
        try:
            return render(
                picture,
                plan.box,
                plan.size,
                plan.fmt,
                icc=plan.master.icc,
                dpi=channel.dpi if channel.kind == "print" else None,
            )
        except (OSError, ValueError) as exc:  # the encoder's limits (WebP: 16383 px)
            raise _Refused(
                self.problem(
                    plan.spec, "error", f"cannot encode {plan.wanted} as {plan.fmt} ({exc})"
                )
            ) from exc

    def _channel(self, spec: DeliverableSpec) -> ChannelSpec:
        if not spec.channel:
            raise _Refused(
                self.problem(
                    spec,
                    "warning",
                    f'not made: "{spec.id}" has no channel, so its size is unknown; add e.g. '
                    "'channel: instagram-feed', or make it by hand",
                )
            )
        channel = self.catalog.get(spec.channel)
        if channel is None:
            raise _Refused(
                self.problem(spec, "error", unknown_channel_message(spec.channel, self.catalog))
            )
        if channel.kind == "video":
            raise _Refused(
                self.problem(
                    spec,
                    "warning",
                    f"not made: {channel.id} is a video channel and renditions are cut from "
                    "still images only; make this one by hand",
                )
            )
        return channel

    def _master(self, spec: DeliverableSpec, source: DeliverableSpec) -> _Master:
        """The master's size and mode, from this run's plan or the file's header."""
        rel = f"{self.folder}/{source.asset}"
        if self.master is not None and self.master.rel == rel:
            return self.master
        if self.dry_run and source.id in self.sizes:  # made by this run, in a real one
            return _Master(self.root / rel, rel, self.sizes[source.id], "RGB")
        path = self.root / rel
        if not os.path.lexists(path):
            raise _Refused(
                self.problem(
                    spec,
                    "error",
                    f'not made: its master "{source.id}" has no file yet ({rel}); add it, '
                    "then run again",
                )
            )
        kind = kind_of(source.asset)
        if kind != "image":
            raise _Refused(
                self.problem(
                    spec,
                    "warning",
                    f"not made: {rel} is not a still image Proofroom can read ({kind}); "
                    "make this variant by hand",
                )
            )
        try:
            inside = path.resolve().is_relative_to((self.root / self.folder).resolve())
        except OSError:
            inside = False
        if not inside:
            raise _Refused(
                Problem(
                    rel,
                    0,
                    "error",
                    "this link leads outside the campaign's folder; "
                    "replace it with the file itself",
                )
            )
        self.close()
        try:
            with open(path, "rb") as fh:
                head = fh.read(1024)
            if parse_pointer(head) is not None:
                raise _Refused(
                    Problem(rel, 0, "error", "Git LFS file not downloaded: run `git lfs pull`")
                )
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                with Image.open(path) as im:
                    size = im.size
                    mode = im.mode
                    orientation = _orientation(im)
        except _Refused:
            raise
        except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError) as exc:
            raise _Refused(Problem(rel, 0, "error", _unreadable(exc))) from exc
        if orientation in (5, 6, 7, 8):
            size = (size[1], size[0])
        self.master = _Master(path, rel, size, mode)
        return self.master

    def _pixels(self, master: _Master) -> Image.Image:
        """The master decoded once, upright and in a workable mode."""
        if master.picture is None:
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    with Image.open(master.path) as im:
                        master.icc = im.info.get("icc_profile") or None
                        upright = ImageOps.exif_transpose(im)
                        upright.load()
                master.picture = displayable(upright)
            except (Image.DecompressionBombError, OSError, ValueError) as exc:
                raise _Refused(Problem(master.rel, 0, "error", _unreadable(exc))) from exc
        return master.picture

    def _folder_of(self, spec: DeliverableSpec, path: Path) -> None:
        """Create the variant's folder, never through a link that leads out of the campaign."""
        top = (self.root / self.folder).resolve()
        existing = path.parent
        while not existing.exists() and existing != self.root:
            existing = existing.parent
        try:
            inside = existing.resolve().is_relative_to(top)
            if inside:
                path.parent.mkdir(parents=True, exist_ok=True)
                inside = path.parent.resolve().is_relative_to(top)
        except OSError as exc:
            raise _Refused(
                self.problem(spec, "error", f"cannot create the folder of {spec.asset}: {exc}")
            ) from exc
        if not inside:
            raise _Refused(
                self.problem(
                    spec,
                    "error",
                    f'the folder of "{spec.asset}" leads outside {self.folder}/ through a '
                    "link; replace the link with a real folder",
                )
            )


def _made_warnings(plan: _Plan, rel: str, data: bytes) -> Iterator[Problem]:
    """What the team should know of a file just made: upscaled, or over the channel's limit."""
    if plan.grown:
        yield Problem(
            rel,
            0,
            "warning",
            f"upscaled {plan.factor:.2f} times from {plan.master.rel}: it will look soft; "
            "export a larger master if you can",
        )
    channel = plan.channel
    if channel.max_bytes and len(data) > channel.max_bytes:
        yield Problem(
            rel,
            0,
            "warning",
            f"{human_bytes(len(data))} is over the {channel.max_size} limit of "
            f"{channel.id}: compress it further before publishing",
        )


def _orientation(im: Image.Image) -> int:
    try:
        value = im.getexif().get(0x0112, 1)
    except Exception:
        return 1
    return value if isinstance(value, int) else 1


def _unreadable(exc: Exception) -> str:
    if isinstance(exc, Image.DecompressionBombError):
        return "image too large to decode safely: export a smaller master"
    if isinstance(exc, UnidentifiedImageError):
        return "cannot read this image (not a picture Pillow knows): replace it"
    text = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    reason = "truncated file" if "truncat" in text.lower() else text[:120]
    return f"cannot read this image ({reason}): replace it"
