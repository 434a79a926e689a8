"""A synthetic review workspace of any size, generated fast and cached by its parameters.

The reference workspace is 50 campaigns x 40 assets x 3 versions of
2400x1600 JPEGs with 4,000 decision files. Generating it one ``git commit`` at a time
would take longer than the benchmark itself, so:

- images are cheap variants of a few photo-like base images (gradients, blurred noise,
  grain) made once; each asset shifts the colours, each version draws other shapes;
  the JPEGs are encoded in parallel processes;
- the whole history goes through ONE ``git fast-import`` process, with fixed dates: every
  pull request is a branch commit followed, 90 minutes later, by a merge commit on main;
  campaigns run one after the other, about three at a time, so early campaigns' assets
  last changed long ago (what makes one ``git log`` per file slow in real workspaces);
- the result lives under ``.cache/bench/<params hash>/`` and a marker file written last
  makes reruns skip generation.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import itertools
import json
import multiprocessing
import os
import random
import shutil
import subprocess
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO

from PIL import Image, ImageChops, ImageDraw, ImageFilter

GENERATOR_VERSION = 3  # bump when the generated workspace changes shape
MARKER = "workspace.json"

# Folders of a campaign's assets and the channel each one is made for (8 files each).
FOLDERS = (
    ("instagram", "post", "instagram-feed"),
    ("facebook", "lien", "facebook-feed"),
    ("display", "banniere", "display-300x250"),
    ("email", "newsletter", "email-hero"),
    ("print", "affiche", "print-a4"),
)
THEMES = (
    "soldes",
    "rentree",
    "noel",
    "cafe",
    "printemps",
    "ete",
    "musee",
    "velo",
    "the",
    "ski",
)
SEASONS = ("spring", "summer", "autumn", "winter")
TIMEZONES = ("Europe/Paris", "America/New_York", "Asia/Tokyo", "UTC", "Europe/London")
DESIGNERS = (
    ("Léa Martin", "lea@example.com"),
    ("Tom Dubois", "tom@example.com"),
    ("Inès Girard", "ines@example.com"),
    ("Sam Carter", "sam@example.com"),
)
REVIEWER = ("Marie Roux", "marie@example.com", "marie")
START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
PR_STEP = timedelta(hours=2)  # one pull request every two hours, one after the other
MERGE_DELAY = timedelta(minutes=90)  # the branch commit is older than its merge
IN_FLIGHT = 3  # campaigns under review at the same time

MKDOCS_YML = """\
site_name: Proofroom benchmark workspace
docs_dir: content
repo_url: https://github.com/example/creative
theme:
  name: material
  language: en
  features:
    - navigation.instant
    - navigation.tracking
    - navigation.sections
    - search.highlight
plugins:
  - search
  - proofroom
markdown_extensions:
  - attr_list
  - md_in_html
  - tables
  - admonition
"""


@dataclass(frozen=True)
class Params:
    """What the generated workspace holds; its hash names the cache folder."""

    campaigns: int = 50
    assets: int = 40  # per campaign
    versions: int = 3  # per asset
    width: int = 2400
    height: int = 1600
    quality: int = 85
    seed: int = 2027

    @classmethod
    def at_scale(cls, scale: float) -> Params:
        """The reference scaled by its number of campaigns (at least one)."""
        return cls(campaigns=max(1, round(50 * scale)))

    @property
    def pages(self) -> int:
        return self.campaigns * self.assets

    @property
    def decisions(self) -> int:
        """One decision per asset for every version but the last (4,000 in the reference)."""
        return self.campaigns * self.assets * (self.versions - 1)

    def digest(self) -> str:
        text = json.dumps({"v": GENERATOR_VERSION, **asdict(self)}, sort_keys=True)
        return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()[:12]


@dataclass
class Generated:
    """A ready workspace and what it holds."""

    root: Path
    params: Params
    commits: int = 0
    versions: int = 0
    decisions: int = 0
    jpeg_bytes: int = 0
    seconds: float = 0.0  # generation time (0 when reused from the cache)
    reused: bool = False
    assets: list[str] = field(default_factory=list)  # current asset paths, repository-relative

    def summary(self) -> dict:
        return {
            "campaigns": self.params.campaigns,
            "assets_per_campaign": self.params.assets,
            "versions_per_asset": self.params.versions,
            "review_pages": len(self.assets),
            "versions": self.versions,
            "decisions": self.decisions,
            "commits": self.commits,
            "image_size": f"{self.params.width}x{self.params.height} JPEG q{self.params.quality}",
            "jpeg_megabytes": round(self.jpeg_bytes / 1e6, 1),
            "generation_seconds": round(self.seconds, 1),
            "reused": self.reused,
        }


# ----------------------------------------------------------------------------- the plan


@dataclass(frozen=True)
class _Campaign:
    id: str
    title: str
    timezone: str
    assets: tuple[str, ...]  # relative to assets/<id>/
    channels: tuple[str, ...]


@dataclass(frozen=True)
class _AssetPR:
    campaign: int
    version: int
    assets: tuple[int, ...]


@dataclass(frozen=True)
class _ReviewPR:
    campaign: int
    version: int
    assets: tuple[int, ...]


def _campaigns(p: Params) -> list[_Campaign]:
    out = []
    for c in range(p.campaigns):
        theme = THEMES[c % len(THEMES)]
        names, channels = [], []
        for a in range(p.assets):
            folder, stem, channel = FOLDERS[a % len(FOLDERS)]
            names.append(f"{folder}/{stem}-{a // len(FOLDERS) + 1:02d}.jpg")
            channels.append(channel)
        out.append(
            _Campaign(
                id=f"{theme}-{c + 1:02d}",
                title=f"Campagne {c + 1:02d} — {theme.capitalize()} 2027",
                timezone=TIMEZONES[c % len(TIMEZONES)],
                assets=tuple(names),
                channels=tuple(channels),
            )
        )
    return out


def _events(p: Params) -> list[_AssetPR | _ReviewPR]:
    """Pull requests in landing order.

    A campaign goes round by round: a version of every asset (4 assets per pull request),
    then a reviewer files one decision per asset (10 per pull request). Campaigns run
    one after the other with about three in flight at once, as in a team's year: the
    assets of early campaigns last changed long ago, those of recent ones lately.
    """
    per_campaign: list[list[_AssetPR | _ReviewPR]] = []
    for c in range(p.campaigns):
        mine: list[_AssetPR | _ReviewPR] = []
        for version in range(1, p.versions + 1):
            for start in range(0, p.assets, 4):
                mine.append(_AssetPR(c, version, tuple(range(start, min(start + 4, p.assets)))))
            if version < p.versions:
                for start in range(0, p.assets, 10):
                    group = tuple(range(start, min(start + 10, p.assets)))
                    mine.append(_ReviewPR(c, version, group))
        per_campaign.append(mine)
    stagger = len(per_campaign[0]) / IN_FLIGHT if per_campaign else 1
    keyed = [
        (c * stagger + k, c, event)
        for c, mine in enumerate(per_campaign)
        for k, event in enumerate(mine)
    ]
    return [event for _, _, event in sorted(keyed, key=lambda x: (x[0], x[1]))]


# ----------------------------------------------------------------------------- images

_BASES: list[Image.Image] = []


def _base_image(rng: random.Random, width: int, height: int) -> Image.Image:
    """Photo-like: a two-colour gradient, large blurred blobs and a fine grain."""

    def colour() -> tuple[int, int, int]:
        return (rng.randrange(256), rng.randrange(256), rng.randrange(256))

    size = (width, height)
    ramp = Image.linear_gradient("L").resize(size).rotate(rng.choice((0, 90, 180, 270)))
    ramp = ramp.resize(size)
    im = Image.composite(Image.new("RGB", size, colour()), Image.new("RGB", size, colour()), ramp)
    blobs = Image.effect_noise((max(1, width // 40), max(1, height // 40)), 60)
    blobs = blobs.filter(ImageFilter.GaussianBlur(2)).resize(size, Image.Resampling.BICUBIC)
    mask = ImageChops.multiply(blobs, Image.radial_gradient("L").resize(size))
    im = Image.composite(im, Image.new("RGB", size, colour()), mask)
    grain = Image.effect_noise(size, 7)
    return Image.merge("RGB", [ImageChops.add(band, grain, 1, -128) for band in im.split()])


def _make_bases(p: Params, count: int = 6) -> None:
    rng = random.Random(p.seed)
    _BASES[:] = [_base_image(rng, p.width, p.height) for _ in range(count)]


@dataclass(frozen=True)
class _Look:
    """How one version differs from its base: a colour shift (per asset) and shapes."""

    base: int
    shift: tuple[int, int, int]
    shapes: tuple[tuple[tuple[int, int, int, int], tuple[int, int, int]], ...]
    quality: int


def _look(p: Params, c: int, a: int, version: int) -> _Look:
    rng = random.Random(f"{p.seed}/{c}/{a}")
    shift = (rng.randint(-40, 40), rng.randint(-40, 40), rng.randint(-40, 40))
    base = rng.randrange(len(_BASES) or 6)
    rng = random.Random(f"{p.seed}/{c}/{a}/{version}")
    shapes = []
    for _ in range(2 + version):
        w = rng.randint(p.width // 10, p.width // 3)
        h = rng.randint(p.height // 10, p.height // 3)
        x, y = rng.randint(0, p.width - w), rng.randint(0, p.height - h)
        shapes.append(((x, y, x + w, y + h), (rng.randrange(256), rng.randrange(256), 90)))
    return _Look(base, shift, tuple(shapes), p.quality)


def _render(look: _Look) -> tuple[bytes, str]:
    """JPEG bytes and their git blob SHA (runs in a worker process)."""
    lut = [min(255, max(0, i + d)) for d in look.shift for i in range(256)]
    im = _BASES[look.base].point(lut)
    draw = ImageDraw.Draw(im)
    for i, (box, fill) in enumerate(look.shapes):
        if i % 2:
            draw.ellipse(box, fill=fill)
        else:
            draw.rectangle(box, fill=fill)
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=look.quality)
    data = buf.getvalue()
    return data, _blob_sha(data)


def _bounded(pool, looks: list[_Look], window: int) -> Iterator[tuple[bytes, str]]:
    """Rendered images in order, never more than ``window`` of them waiting in memory."""
    pending: deque = deque()
    todo = iter(looks)
    for look in itertools.islice(todo, window):
        pending.append(pool.apply_async(_render, (look,)))
    while pending:
        result = pending.popleft().get()
        look = next(todo, None)
        if look is not None:
            pending.append(pool.apply_async(_render, (look,)))
        yield result


def _blob_sha(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


# ----------------------------------------------------------------------------- text files


def _brief(p: Params, camp: _Campaign, index: int) -> str:
    launch = (START + timedelta(days=200 + index)).date()
    lines = [
        "---",
        f'title: "{camp.title}"',
        "owner: marie",
        f"timezone: {camp.timezone}",
        f"launch: {launch.isoformat()}",
        f"tags: [{THEMES[index % len(THEMES)]}, benchmark, {SEASONS[index % len(SEASONS)]}]",
        "stages:",
        "  - name: creative",
        "    approvers: [marie]",
        "  - name: brand",
        "    approvers: [alice, bob]",
        "    required: 1",
        "  - name: legal",
        "    approvers: [carol]",
        "deliverables:",
    ]
    for a, (rel, channel) in enumerate(zip(camp.assets, camp.channels, strict=True)):
        due = (START + timedelta(days=60 + index + a % 10)).date()
        lines += [
            f"  - id: {rel.rsplit('.', 1)[0].replace('/', '-')}",
            f"    asset: {rel}",
            f"    channel: {channel}",
            f"    due: {due.isoformat()}",
        ]
    lines += [
        "---",
        f"# {camp.title}",
        "",
        "## Objectives",
        "",
        "Bring people to the shops during the launch week and grow the newsletter list.",
        "",
        "## Key message",
        "",
        "A season, a product, one promise: *made here, made well*.",
        "",
        "## Mandatory mentions",
        "",
        "- Offer valid while stocks last.",
        "- Prices include VAT.",
        "",
    ]
    return "\n".join(lines)


def _decision(camp: _Campaign, a: int, version: int, sha: str) -> str:
    return (
        f"asset: assets/{camp.id}/{camp.assets[a]}\n"
        f"version: {version}\n"
        f"sha: {sha[:12]}\n"
        f"reviewer: {REVIEWER[2]}\n"
        "stage: creative\n"
        "decision: changes_requested\n"
        f"summary: Version {version} needs another pass\n"
        "comments:\n"
        "  - text: Bigger logo\n"
        f"    pin: [0.{20 + a % 60}, 0.18]\n"
        "  - text: Crop tighter\n"
        "    box: [0.10, 0.10, 0.50, 0.30]\n"
    )


# ----------------------------------------------------------------------------- fast-import


class _Stream:
    """Writes a ``git fast-import`` stream; marks number blobs and commits."""

    def __init__(self, out: IO[bytes]) -> None:
        self.out = out
        self.mark = 0
        self.commits = 0

    def _data(self, data: bytes) -> None:
        self.out.write(b"data %d\n" % len(data))
        self.out.write(data)
        self.out.write(b"\n")

    def blob(self, data: bytes) -> int:
        self.mark += 1
        self.out.write(b"blob\nmark :%d\n" % self.mark)
        self._data(data)
        return self.mark

    def commit(
        self,
        ref: str,
        when: datetime,
        who: tuple[str, str],
        message: str,
        changes: list[tuple[str, int | bytes]],
        *,
        parent: int | None = None,
        merge: int | None = None,
    ) -> int:
        self.mark += 1
        self.commits += 1
        stamp = f"{int(when.timestamp())} +0000"
        ident = f"{who[0]} <{who[1]}> {stamp}".encode()
        self.out.write(f"commit {ref}\nmark :{self.mark}\n".encode())
        self.out.write(b"author " + ident + b"\ncommitter " + ident + b"\n")
        self._data(message.encode())
        if parent is not None:
            self.out.write(b"from :%d\n" % parent)
        if merge is not None:
            self.out.write(b"merge :%d\n" % merge)
        for path, content in changes:
            if isinstance(content, int):
                self.out.write(f"M 100644 :{content} {path}\n".encode())
            else:
                self.out.write(f"M 100644 inline {path}\n".encode())
                self._data(content)
        self.out.write(b"\n")
        return self.mark


def _git_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1", LC_ALL="C")
    return env


def _git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=root, env=_git_env(), capture_output=True, check=False
    )
    if done.returncode:
        raise RuntimeError(f"git {' '.join(args)}: {done.stderr.decode(errors='replace')}")
    return done.stdout.decode()


def _write_history(
    root: Path, p: Params, images: Iterator[tuple[bytes, str]], gen: Generated, log
) -> None:
    camps = _campaigns(p)
    events = _events(p)
    proc = subprocess.Popen(
        # JPEGs do not deflate: storing them as is (level 0, no delta search) is what makes
        # the import fast; a real repository's zlib streams of JPEGs read back as fast.
        ["git", "-c", "core.compression=0", "fast-import", "--quiet", "--big-file-threshold=128k"],
        cwd=root,
        env=_git_env(),
        stdin=subprocess.PIPE,
    )
    assert proc.stdin is not None
    out = io.BufferedWriter(proc.stdin, buffer_size=1 << 20)  # type: ignore[arg-type]
    s = _Stream(out)
    shas: dict[tuple[int, int, int], str] = {}  # (campaign, asset, version) -> blob sha
    when = START - timedelta(days=7)
    lead = (REVIEWER[0], REVIEWER[1])
    tip = s.commit(
        "refs/heads/main",
        when,
        lead,
        "Set up the review workspace",
        [
            ("mkdocs.yml", MKDOCS_YML.encode()),
            (".gitignore", b"/site/\n/.cache/\n"),
            ("content/index.md", b"# Creative reviews\n\n- [Campaigns](campaigns/index.md)\n"),
        ],
    )
    for i, camp in enumerate(camps):
        when += timedelta(minutes=10)
        brief = _brief(p, camp, i).encode()
        path = f"content/campaigns/{camp.id}/index.md"
        tip = s.commit("refs/heads/main", when, lead, f"Brief: {camp.title}", [(path, brief)])
    when = START
    for n, event in enumerate(events, 1):
        camp = camps[event.campaign]
        changes: list[tuple[str, int | bytes]] = []
        if isinstance(event, _AssetPR):
            author = DESIGNERS[(event.campaign + event.assets[0]) % len(DESIGNERS)]
            for a in event.assets:
                data, sha = next(images)
                shas[(event.campaign, a, event.version)] = sha
                gen.jpeg_bytes += len(data)
                changes.append((f"assets/{camp.id}/{camp.assets[a]}", s.blob(data)))
            gen.versions += len(event.assets)
            names = ", ".join(Path(camp.assets[a]).stem for a in event.assets)
            title = f"{camp.id}: version {event.version} of {names}"
            branch = f"creative/{camp.id}-v{event.version}-{event.assets[0] + 1:02d}"
        else:
            author = lead
            stamp = when.strftime("%Y%m%dT%H%MZ")
            for a in event.assets:
                sha = shas[(event.campaign, a, event.version)]
                stem = camp.assets[a].rsplit(".", 1)[0]
                path = f"reviews/{camp.id}/{stem}/{stamp}-{REVIEWER[2]}.yml"
                changes.append((path, _decision(camp, a, event.version, sha).encode()))
            gen.decisions += len(event.assets)
            title = f"Review {camp.id} version {event.version}: {len(event.assets)} decisions"
            branch = f"review/{camp.id}-v{event.version}-{event.assets[0] + 1:02d}"
        head = s.commit("refs/heads/pr", when, author, title, changes, parent=tip)
        message = f"Merge pull request #{n} from example/{branch}\n\n{title}"
        tip = s.commit(
            "refs/heads/main", when + MERGE_DELAY, lead, message, changes, parent=tip, merge=head
        )
        when += PR_STEP
        if log and n % max(1, len(events) // 10) == 0:
            log(f"history: {n}/{len(events)} pull requests")
    out.flush()
    proc.stdin.close()
    if proc.wait():
        raise RuntimeError("git fast-import failed")
    gen.commits = s.commits
    gen.assets = [f"assets/{c.id}/{rel}" for c in camps for rel in c.assets]


def generate(dest: Path, p: Params, *, workers: int | None = None, log=print) -> Generated:
    """Write the workspace into ``dest`` (which must not exist) and check it out."""
    started = time.perf_counter()
    dest.mkdir(parents=True)
    _git(dest, "init", "-q", "-b", "main")
    gen = Generated(root=dest, params=p)
    _make_bases(p)
    looks = [
        _look(p, e.campaign, a, e.version)
        for e in _events(p)
        if isinstance(e, _AssetPR)
        for a in e.assets
    ]
    workers = workers or os.cpu_count() or 1
    log(f"generating {len(looks)} JPEGs with {workers} processes, history with git fast-import")
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        _write_history(dest, p, _bounded(pool, looks, window=8 * workers), gen, log)
    _git(dest, "update-ref", "-d", "refs/heads/pr")
    _git(dest, "reset", "-q", "--hard", "main")
    gen.seconds = time.perf_counter() - started
    return gen


def ensure(cache_root: Path, p: Params, *, log=print) -> Generated:
    """The cached workspace for ``p``, generated first when missing or incomplete."""
    folder = cache_root / p.digest()
    marker = folder / MARKER
    root = folder / "ws"
    with contextlib.suppress(FileNotFoundError, ValueError, KeyError, TypeError):
        data = json.loads(marker.read_text(encoding="utf-8"))
        if data["params"] == asdict(p) and root.is_dir():
            return Generated(
                root=root,
                params=p,
                commits=data["commits"],
                versions=data["versions"],
                decisions=data["decisions"],
                jpeg_bytes=data["jpeg_bytes"],
                seconds=float(data.get("generation_seconds", 0.0)),
                reused=True,
                assets=data["assets"],
            )
    if folder.exists():
        shutil.rmtree(folder)
    gen = generate(root, p, log=log)
    record = {
        "params": asdict(p),
        "generator": GENERATOR_VERSION,
        "commits": gen.commits,
        "versions": gen.versions,
        "decisions": gen.decisions,
        "jpeg_bytes": gen.jpeg_bytes,
        "generation_seconds": gen.seconds,
        "assets": gen.assets,
    }
    tmp = marker.with_name(f".{MARKER}.tmp")
    tmp.write_text(json.dumps(record, indent=1), encoding="utf-8")
    os.replace(tmp, marker)
    return gen
