"""Measure the performance budgets, each against a peer timed in the same run.

Absolute times depend on the machine; a ratio against a peer measured seconds before on
the same files does not (much). Every figure is the median of ``--repeat`` runs.

    python -m benchmarks.run [--scale F] [--sample N] [--repeat R] [--keep] [--only NAME]

The report goes to stdout and to ``.cache/bench/last.json`` / ``.cache/bench/last.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import yaml
from PIL import Image

from benchmarks import guest, preview, private
from benchmarks.workspace import Generated, Params, ensure

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / ".cache" / "bench"
NAMES = ("history", "thumbnails", "build", "preview", "private")
MEMORY_LIMIT_MB = 400


@dataclass
class Row:
    """One line of the report."""

    name: str
    budget: str
    figure: str
    peer: str
    ratio: float | None
    result: str  # PASS | FAIL | info | error
    note: str = ""

    def cells(self) -> list[str]:
        ratio = "" if self.ratio is None else f"{self.ratio:.2f}x"
        return [self.name, self.budget, self.figure, self.peer, ratio, self.result]


def say(message: str) -> None:
    """Progress goes to stderr: stdout holds only the report."""
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def timed(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def secs(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def _fresh(path: Path) -> Path:
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    return path


# ----------------------------------------------------------------------------- history


def bench_history(gen: Generated, repeat: int, sample: int | None) -> Row:
    """``read_history`` of the whole workspace vs one ``git log -1`` per asset path."""
    from proofroom.core.git.history import read_history

    root = gen.root
    found = read_history(root)  # warm-up (and a check that it sees every asset)
    seen = sum(1 for p in found.files if p.startswith("assets/"))
    paths = gen.assets
    chosen = paths
    if sample and sample < len(paths):
        step = len(paths) / sample
        chosen = [paths[int(i * step)] for i in range(sample)]
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env["LC_ALL"] = "C"

    def naive() -> None:
        for path in chosen:
            subprocess.run(
                ["git", "log", "-1", "--format=%H", "--", path],
                cwd=root,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                check=True,
            )

    ours, peers = [], []
    for i in range(repeat):
        order = [("ours", lambda: read_history(root)), ("peer", naive)]
        for label, fn in order if i % 2 == 0 else reversed(order):
            elapsed = timed(fn)
            (ours if label == "ours" else peers).append(elapsed)
        say(f"history {i + 1}/{repeat}: read_history {secs(ours[-1])}, git log {secs(peers[-1])}")
    fig = statistics.median(ours)
    per_call = statistics.median(peers) / len(chosen)
    peer = per_call * len(paths)
    how = (
        f"all {len(paths)} assets"
        if chosen is paths
        else f"{len(chosen)} of {len(paths)} sampled, extrapolated"
    )
    # Each repetition times both back to back: the median of those paired ratios is
    # steadier than a ratio of medians when other jobs share the machine.
    scale = len(paths) / len(chosen)
    ratio = statistics.median(p * scale / o for o, p in zip(ours, peers, strict=True))
    return Row(
        name="history read",
        budget=">= 50x faster than git log per asset",
        figure=f"read_history {secs(fig)}",
        peer=f"git log -1 per asset {secs(peer)} ({how}; {per_call * 1000:.1f} ms/call)",
        ratio=ratio,
        result=_verdict(ratio >= 50 and seen == len(paths)),
        note=f"read_history found {seen} of {len(paths)} asset paths",
    )


# ----------------------------------------------------------------------------- thumbnails


def _originals(gen: Generated, count: int, folder: Path) -> list[Path]:
    """``count`` versions spread over the whole history, extracted to files once."""
    from proofroom.core.git.history import BlobReader, read_history

    versions = [
        v.blob
        for path, hist in sorted(read_history(gen.root).files.items())
        if path.startswith("assets/")
        for v in hist.versions
    ]
    step = max(1, len(versions) // count)
    blobs = versions[::step][:count]
    out = []
    with BlobReader(gen.root) as reader:
        for blob in blobs:
            dest = folder / f"{blob}.jpg"
            if not dest.exists():
                reader.write_to(blob, dest)
            out.append(dest)
    return out


def bench_thumbnails(gen: Generated, repeat: int, count: int, work: Path) -> Row:
    """``Thumbnailer.make_all`` on an empty cache vs naive Pillow, on the same files."""
    from proofroom.core.media.cache import Cache
    from proofroom.core.media.pixels import ThumbJob, ThumbSettings
    from proofroom.core.media.thumbs import Thumbnailer

    files = _originals(gen, count, work / "originals")
    n = len(files)
    jobs = [ThumbJob(blob=f.stem, name=f.name, source=f) for f in files]
    problems: list[str] = []

    def ours(i: int) -> Callable[[], None]:
        def run() -> None:
            cache = Cache(_fresh(work / f"cache-{i}"))
            thumbs = Thumbnailer(cache, ThumbSettings()).make_all(jobs)
            bad = [t for t in thumbs.values() if t.placeholder or not t.made]
            if bad:
                problems.append(f"{len(bad)} thumbnails were placeholders or reused")

        return run

    def naive(i: int) -> Callable[[], None]:
        def run() -> None:
            out = _fresh(work / f"naive-{i}")
            for f in files:
                with Image.open(f) as im:
                    im.thumbnail((480, 480))
                    im.save(out / f"{f.stem}.webp", "WEBP", quality=80)

        return run

    mine, peers = [], []
    for i in range(repeat):
        order = [("ours", ours(i)), ("peer", naive(i))]
        for label, fn in order if i % 2 == 0 else reversed(order):
            (mine if label == "ours" else peers).append(timed(fn))
        shutil.rmtree(work / f"cache-{i}")
        shutil.rmtree(work / f"naive-{i}")
        say(f"thumbnails {i + 1}/{repeat}: Thumbnailer {secs(mine[-1])}, Pillow {secs(peers[-1])}")
    fig, peer = n / statistics.median(mine), n / statistics.median(peers)
    ratio = statistics.median(p / o for o, p in zip(mine, peers, strict=True))
    return Row(
        name="cold thumbnails",
        budget=">= 2x naive Pillow throughput",
        figure=f"Thumbnailer {fig:.1f} img/s",
        peer=f"Pillow open/thumbnail/save {peer:.1f} img/s",
        ratio=ratio,
        result="error" if problems else _verdict(ratio >= 2),
        note=f"{n} originals, 480 px WebP q80, {os.cpu_count()} workers"
        + (f"; {problems[0]}" if problems else ""),
    )


# ----------------------------------------------------------------------------- builds


# The launcher: runs a command, reports its wall time and the peak RSS of its process
# tree. A child's peak RSS counts the memory of the process it was forked from (the
# high-water mark survives exec), so builds start from this small interpreter, never
# from the large benchmark process.
_LAUNCH = """
import json, resource, subprocess, sys, time
started = time.perf_counter()
code = subprocess.run(sys.argv[2:]).returncode
elapsed = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
with open(sys.argv[1], "w") as out:
    json.dump({"seconds": elapsed, "tree_kib": peak, "code": code}, out)
sys.exit(code)
"""
# ``python -m mkdocs`` that also says how much of the peak was its own and how much a
# child's (git).
_MKDOCS = """
import atexit, json, resource, runpy, sys
figures = sys.argv.pop(1)
def report():
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    with open(figures, "w") as out:
        json.dump({"self_kib": own, "children_kib": kids}, out)
atexit.register(report)
sys.argv[0] = "mkdocs"
runpy.run_module("mkdocs", run_name="__main__", alter_sys=True)
"""


@dataclass
class BuildRun:
    seconds: float
    max_rss_mb: float  # the whole process tree
    self_mb: float  # the build process alone
    children_mb: float  # its largest child (git)


def mkdocs_build(
    config: Path,
    site: Path,
    log: Path,
    *,
    env: dict[str, str] | None = None,
    quiet: bool = True,
) -> BuildRun:
    """``python -m mkdocs build`` as a child process: wall time and peak RSS.

    ``env`` is added to this process's environment for the build only; ``quiet=False``
    keeps MkDocs' INFO lines in ``log``.
    """
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    if site.exists():
        shutil.rmtree(site)
    tree, own = log.with_suffix(".tree.json"), log.with_suffix(".self.json")
    for stale in (tree, own):
        stale.unlink(missing_ok=True)
    args = ["build", *(["-q"] if quiet else []), "-f", str(config), "-d", str(site)]
    cmd = [sys.executable, "-c", _LAUNCH, str(tree), sys.executable, "-c", _MKDOCS, str(own)]
    with log.open("wb") as err:
        done = subprocess.run(
            cmd + args, cwd=config.parent, env=env, stdout=err, stderr=err, check=False
        )
    if done.returncode:
        tail = log.read_text(errors="replace").strip().splitlines()[-15:]
        shown = "python -m mkdocs " + " ".join(args)
        raise RuntimeError(f"{shown} exited {done.returncode}:\n" + "\n".join(tail))
    t = json.loads(tree.read_text(encoding="utf-8"))
    o = json.loads(own.read_text(encoding="utf-8"))
    mb = 1 / 1024  # ru_maxrss is in KiB on Linux
    return BuildRun(t["seconds"], t["tree_kib"] * mb, o["self_kib"] * mb, o["children_kib"] * mb)


def plain_workspace(gen: Generated, dest: Path) -> tuple[Path, int, list[str]]:
    """The same Markdown as the proofroom build, for Material alone (no proofroom plugin).

    Pages are those ``SiteBuild.run`` generates (review pages not in the navigation, as
    the plugin registers them), plus the workspace's own pages, the briefs with the
    gallery the plugin appends to them.
    """
    from proofroom.build import SiteBuild
    from proofroom.project import load_project

    root = gen.root
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    content = root / config.get("docs_dir", "docs")
    existing = {p.relative_to(content).as_posix() for p in content.rglob("*") if p.is_file()}
    build = SiteBuild.run(load_project(root).settings, existing=existing)
    docs = _fresh(dest / "docs")
    not_in_nav: set[str] = set()  # one pattern per review folder, not one per page
    for page in build.pages:
        target = docs / page.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.markdown, encoding="utf-8")
        if not page.in_nav:
            parts = page.src_uri.split("/")
            folder = parts[:3] if len(parts) > 3 and parts[2] == "review" else parts
            not_in_nav.add("/" + "/".join(folder) + ("/" if folder != parts else ""))
    for uri in sorted(existing):
        text = (content / uri).read_text(encoding="utf-8")
        parts = uri.split("/")
        if len(parts) == 3 and parts[0] == "campaigns" and parts[2] == "index.md":
            extra = build.brief_extra(parts[1], uri)
            text += f"\n\n{extra}" if extra else ""
        target = docs / uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    config["plugins"] = [p for p in config.get("plugins", []) if p != "proofroom"]
    config["docs_dir"] = "docs"
    config["not_in_nav"] = "\n".join(sorted(not_in_nav)) + "\n"
    (dest / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    problems = [str(p) for p in build.problems]  # what the plugin logs (hidden by -q)
    return dest / "mkdocs.yml", len(build.pages) + len(existing), problems


def _count_files(folder: Path) -> int:
    return sum(len(files) for _, _, files in os.walk(folder)) if folder.exists() else 0


def bench_builds(gen: Generated, repeat: int, work: Path, keep: bool) -> list[Row]:
    """Cold build, then warm builds vs a plain Material build of the same Markdown."""
    config = gen.root / "mkdocs.yml"
    cache = gen.root / ".cache" / "proofroom"
    logs = work / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    rows: list[Row] = []
    cold: BuildRun | None = None
    if keep and cache.exists():
        say("build: --keep, cache reused, no cold build; bringing it up to date (untimed) ...")
        # A newer Proofroom may cache more (difference images): one untimed build first,
        # so that the warm builds below measure a warm cache.
        catch_up = mkdocs_build(config, work / "site-catch-up", logs / "catch-up.log")
        say(f"build: cache up to date in {secs(catch_up.seconds)}")
        shutil.rmtree(work / "site-catch-up")
    else:
        if cache.exists():
            shutil.rmtree(cache)
        say("build: cold (empty cache) ...")
        cold = mkdocs_build(config, work / "site-cold", logs / "cold.log")
        say(
            f"build: cold {secs(cold.seconds)}, peak {cold.max_rss_mb:.0f} MB"
            f" (build process {cold.self_mb:.0f} MB, git {cold.children_mb:.0f} MB)"
        )
        if not keep:
            shutil.rmtree(work / "site-cold")
    plain_config, plain_pages, problems = plain_workspace(gen, work / "plain")
    errors = sum(": error: " in p for p in problems)
    warnings = sum(": warning: " in p for p in problems)
    if problems:
        say(f"build: the workspace has {len(problems)} problems, first: {problems[0]}")
    thumbs_before = _count_files(cache / "thumbs")
    diffs_before = _count_files(cache / "diffs")
    warm: list[BuildRun] = []
    plain: list[BuildRun] = []
    for i in range(repeat):
        order = [
            ("warm", lambda i=i: mkdocs_build(config, work / f"site-warm-{i}", logs / "warm.log")),
            (
                "plain",
                lambda i=i: mkdocs_build(
                    plain_config, work / f"site-plain-{i}", logs / "plain.log"
                ),
            ),
        ]
        for label, fn in order if i % 2 == 0 else reversed(order):
            (warm if label == "warm" else plain).append(fn())
        if not keep or i < repeat - 1:
            shutil.rmtree(work / f"site-warm-{i}")
            shutil.rmtree(work / f"site-plain-{i}")
        last = f"warm {secs(warm[-1].seconds)}, plain {secs(plain[-1].seconds)}"
        say(f"build {i + 1}/{repeat}: {last}")
    made = _count_files(cache / "thumbs") - thumbs_before
    diffs_made = _count_files(cache / "diffs") - diffs_before

    warm_s = statistics.median(r.seconds for r in warm)
    plain_s = statistics.median(r.seconds for r in plain)
    plain_mb = max(r.max_rss_mb for r in plain)
    ratio = statistics.median(w.seconds / p.seconds for w, p in zip(warm, plain, strict=True))
    rows.append(
        Row(
            name="warm build",
            budget="<= 1.25x plain Material build",
            figure=f"proofroom {secs(warm_s)}",
            peer=f"Material, same {plain_pages} pages, no plugin {secs(plain_s)}",
            ratio=ratio,
            result="error" if made or diffs_made or errors else _verdict(ratio <= 1.25),
            note=f"{made} thumbnails and {diffs_made} difference images made by the warm"
            f" builds (expected 0); the workspace"
            f" has {errors} errors, {warnings} warnings (expected 0 errors)",
        )
    )
    runs = [("warm", max(warm, key=lambda r: r.max_rss_mb))]
    if cold is not None:
        runs.append(("cold", cold))
    for label, run in runs:
        mb = run.max_rss_mb
        rows.append(
            Row(
                name=f"peak memory, {label} build",
                budget=f"<= {MEMORY_LIMIT_MB} MB max RSS (ratio: information)",
                figure=f"{mb:.0f} MB",
                peer=f"plain Material {plain_mb:.0f} MB",
                ratio=mb / plain_mb,
                result=_verdict(mb <= MEMORY_LIMIT_MB),
                note=f"build process {run.self_mb:.0f} MB, largest child (git)"
                f" {run.children_mb:.0f} MB",
            )
        )
    if cold is not None:
        rows.append(
            Row(
                name="cold build",
                budget="information (empty cache: originals + thumbnails)",
                figure=f"proofroom {secs(cold.seconds)}",
                peer=f"plain Material {secs(plain_s)}",
                ratio=cold.seconds / plain_s,
                result="info",
            )
        )
    return rows


# ----------------------------------------------------------------------------- preview


def bench_preview(gen: Generated, repeat: int, work: Path) -> list[Row]:
    """Edit-to-visible under `proofroom serve`, against a full rebuild in the same run."""
    logs = work / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    say("preview: a full warm build, the peer ...")
    full = mkdocs_build(gen.root / "mkdocs.yml", work / "site-full", logs / "full.log")
    shutil.rmtree(work / "site-full")
    say(f"preview: full build {secs(full.seconds)}; starting proofroom serve ...")
    figures = preview.measure(gen.root, gen.assets, repeat, logs / "serve.log")
    rows = []
    for kind in ("asset", "decision", "brief"):
        values = figures.get(kind, [])
        edit = preview.median(values)
        speedup = full.seconds / edit
        ok = edit <= preview.PREVIEW_BUDGET_S and speedup >= preview.PREVIEW_SPEEDUP
        rows.append(
            Row(
                name=f"preview, {kind} changed",
                budget=f"<= {preview.PREVIEW_BUDGET_S} s and >= {preview.PREVIEW_SPEEDUP:.0f}x"
                " faster than a full build (ratio: full / preview)",
                figure=f"visible in {secs(edit)}",
                peer=f"full warm build {secs(full.seconds)}",
                ratio=speedup,
                result=_verdict(ok),
                note=f"{len(values)} changes, each on another campaign: "
                + ", ".join(secs(v) for v in values),
            )
        )
        say(f"preview: {kind} changes visible in " + ", ".join(secs(v) for v in values))
    return rows


# ----------------------------------------------------------------------------- private


def _private_runs(
    gen: Generated, setup: private.PrivateSetup, repeat: int, work: Path
) -> tuple[list[BuildRun], list[BuildRun], BuildRun, list[private.SealLine]]:
    """An untimed public build (thumbnails warm), a cold private build (sealed cache
    empty), then paired warm public and warm private builds."""
    env = {"PROOFROOM_SECRET": private.test_secret()}
    logs = work / "logs"
    logs.mkdir(parents=True, exist_ok=True)

    def public(name: str) -> BuildRun:
        site, log = work / f"site-{name}", logs / f"{name}.log"
        run = mkdocs_build(gen.root / "mkdocs.yml", site, log, quiet=False)
        shutil.rmtree(site)
        return run

    def sealed(name: str) -> BuildRun:
        site, log = work / f"site-{name}", logs / f"{name}.log"
        run = mkdocs_build(setup.config, site, log, env=env, quiet=False)
        shutil.rmtree(site)
        lines.append(private.summary_of(log, say))
        return run

    lines: list[private.SealLine] = []
    say("private: a public build first (thumbnail cache up to date, untimed) ...")
    public("public-catch-up")
    shutil.rmtree(gen.root / ".cache" / "proofroom" / "sealed", ignore_errors=True)
    say("private: cold private build (empty sealed cache) ...")
    cold = sealed("private-cold")
    say(f"private: cold {secs(cold.seconds)}")
    publics: list[BuildRun] = []
    privates: list[BuildRun] = []
    for i in range(repeat):
        order = [
            ("public", lambda: public("public-warm")),
            ("private", lambda: sealed("private-warm")),
        ]
        for label, fn in order if i % 2 == 0 else reversed(order):
            (publics if label == "public" else privates).append(fn())
        last = f"public {secs(publics[-1].seconds)}, private {secs(privates[-1].seconds)}"
        say(f"private {i + 1}/{repeat}: {last}")
    return publics, privates, cold, lines


def bench_private(gen: Generated, repeat: int, work: Path, keep: bool) -> list[Row]:
    """Warm private build vs warm public build of the same workspace; sealing reused;
    memory; then the guest runtime in Chromium."""
    setup = private.write_shares(gen)
    say(f"private: {setup.shares} shares written ({setup.single} of a single asset)")
    try:
        publics, privates, cold, lines = _private_runs(gen, setup, repeat, work / "private")
    finally:
        setup.remove()
        if not keep:
            shutil.rmtree(gen.root / ".cache" / "proofroom" / "sealed", ignore_errors=True)
    cold_line, warm_lines = lines[0], lines[1:]
    last = warm_lines[-1]
    pub_s = statistics.median(r.seconds for r in publics)
    priv_s = statistics.median(r.seconds for r in privates)
    ratio = statistics.median(v.seconds / u.seconds for u, v in zip(publics, privates, strict=True))
    complete = last.pages >= len(gen.assets) + last.shares
    rows = [
        Row(
            name="private warm build",
            budget=f"<= {private.PRIVATE_BUDGET}x public warm build",
            figure=f"private {secs(priv_s)}",
            peer=f"public, same workspace {secs(pub_s)}",
            ratio=ratio,
            result=_verdict(ratio <= private.PRIVATE_BUDGET) if complete else "error",
            note=f"{last.shares} shares ({setup.single} of one asset), {last.pages} bundle pages"
            f" for {len(gen.assets)} review pages, {last.media} sealed media files",
        )
    ]
    resealed = max(line.sealed for line in warm_lines)
    rows.append(
        Row(
            name="private, warm build seals",
            budget="0 media sealed again",
            figure=f"{resealed} sealed now, {last.reused} reused",
            peer=f"cold private build: {cold_line.sealed} sealed",
            ratio=None,
            result=_verdict(resealed == 0 and cold_line.sealed > 0),
            note=f"largest 'sealed now' of {len(warm_lines)} warm private builds",
        )
    )
    sealing = cold.seconds - pub_s
    rows.append(
        Row(
            name="private cold build",
            budget="information (sealed cache empty, thumbnails warm)",
            figure=f"private {secs(cold.seconds)} (sealing ~{secs(max(0.0, sealing))})",
            peer=f"public warm {secs(pub_s)}",
            ratio=cold.seconds / pub_s,
            result="info",
            note=f"{cold_line.sealed} media sealed; sealing time = cold private build"
            " - median public warm build",
        )
    )
    peak = max(privates, key=lambda r: r.max_rss_mb)
    pub_mb = max(r.max_rss_mb for r in publics)
    rows.append(
        Row(
            name="peak memory, private warm build",
            budget=f"<= {MEMORY_LIMIT_MB} MB max RSS (ratio: information)",
            figure=f"{peak.max_rss_mb:.0f} MB",
            peer=f"public warm {pub_mb:.0f} MB",
            ratio=peak.max_rss_mb / pub_mb,
            result=_verdict(peak.max_rss_mb <= MEMORY_LIMIT_MB),
            note=f"build process {peak.self_mb:.0f} MB, largest child (git)"
            f" {peak.children_mb:.0f} MB",
        )
    )
    found = guest.bench_guest(repeat, work / "guest", BENCH_DIR / "guest", say)
    return rows + [Row(**row) for row in found]


# ----------------------------------------------------------------------------- report


def machine() -> dict:
    from importlib.metadata import version

    git = subprocess.run(["git", "--version"], capture_output=True, text=True).stdout.strip()
    return {
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "git": git.removeprefix("git version "),
        "mkdocs": version("mkdocs"),
        "mkdocs-material": version("mkdocs-material"),
        "pillow": version("pillow"),
    }


def table(rows: list[Row]) -> str:
    head = ["measure", "budget", "figure", "peer", "ratio", "result"]
    cells = [head] + [r.cells() for r in rows]
    widths = [max(len(c[i]) for c in cells) for i in range(len(head))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)) for line in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(line.rstrip() for line in lines)


def markdown(report: dict, rows: list[Row]) -> str:
    def esc(text: str) -> str:
        return text.replace("|", "\\|")

    out = [
        f"Benchmark of {report['date']} — scale {report['args']['scale']}, "
        f"{report['workspace']['review_pages']} review pages, "
        f"{report['workspace']['versions']} versions, "
        f"{report['workspace']['decisions']} decisions, "
        f"{report['workspace']['commits']} commits; "
        f"{report['machine']['cpu_count']} CPUs, Python {report['machine']['python']}, "
        f"{report['machine']['platform']}.",
        "",
        "| Measure | Budget | Figure | Peer | Ratio | Result |",
        "|---|---|---|---|---:|---|",
    ]
    out += ["| " + " | ".join(esc(c) for c in r.cells()) + " |" for r in rows]
    notes = [f"- {r.name}: {r.note}" for r in rows if r.note]
    return "\n".join(out + ([""] + notes if notes else [])) + "\n"


def write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(
        prog="python -m benchmarks.run", description=__doc__.split("\n")[0]
    )
    ap.add_argument(
        "--scale", type=float, default=1.0, help="fraction of the reference (campaigns)"
    )
    ap.add_argument(
        "--sample", type=int, default=None, help="time git log on N assets, extrapolate"
    )
    ap.add_argument("--repeat", type=int, default=3, help="repetitions; figures are medians")
    ap.add_argument("--assets", type=int, default=None, help="assets per campaign (reference: 40)")
    ap.add_argument("--versions", type=int, default=None, help="versions per asset (reference: 3)")
    ap.add_argument(
        "--image", default=None, metavar="WxH", help="image size (reference: 2400x1600)"
    )
    ap.add_argument("--thumbs", type=int, default=300, help="originals for the thumbnail race")
    ap.add_argument(
        "--keep",
        action="store_true",
        help="reuse the workspace as the last run left it (thumbnail cache included: "
        "no cold build) and keep the last built sites",
    )
    ap.add_argument(
        "--only", action="append", choices=NAMES, help="run only this measure (repeatable)"
    )
    args = ap.parse_args(argv)
    if args.scale <= 0 or args.repeat < 1 or args.thumbs < 1 or (args.sample or 1) < 1:
        ap.error("--scale, --repeat, --thumbs and --sample must be positive")
    if (args.assets or 1) < 1 or (args.versions or 1) < 1:
        ap.error("--assets and --versions must be positive")
    if args.image is not None:
        w, _, h = args.image.partition("x")
        if not (w.isdigit() and h.isdigit() and int(w) >= 64 and int(h) >= 64):
            ap.error("--image takes WIDTHxHEIGHT, at least 64x64, e.g. 1200x800")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    only = tuple(args.only or NAMES)
    params = Params.at_scale(args.scale)
    if args.assets or args.versions or args.image:  # a workspace of another shape
        w, _, h = (args.image or f"{params.width}x{params.height}").partition("x")
        params = replace(
            params,
            assets=args.assets or params.assets,
            versions=args.versions or params.versions,
            width=int(w),
            height=int(h),
        )
    started = time.perf_counter()
    gen = ensure(BENCH_DIR, params, log=say)
    say(
        f"workspace {gen.root.relative_to(ROOT)} "
        + ("reused" if gen.reused else f"generated in {gen.seconds:.0f} s")
    )
    work = gen.root.parent / "run"
    if not args.keep and work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True, exist_ok=True)
    rows: list[Row] = []
    failures: list[str] = []
    steps: list[tuple[str, Callable[[], list[Row]]]] = [
        ("history", lambda: [bench_history(gen, args.repeat, args.sample)]),
        ("thumbnails", lambda: [bench_thumbnails(gen, args.repeat, args.thumbs, work / "thumbs")]),
        ("build", lambda: bench_builds(gen, args.repeat, work, args.keep)),
        ("preview", lambda: bench_preview(gen, args.repeat, work)),
        ("private", lambda: bench_private(gen, args.repeat, work, args.keep)),
    ]
    for name, step in steps:
        if name not in only:
            continue
        try:
            rows.extend(step())
        except Exception as exc:  # report the broken measure, run the others
            failures.append(f"{name}: {exc}")
            rows.append(Row(name, "", "", "", None, "error", str(exc).splitlines()[0][:200]))
    report = {
        "date": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "args": {
            "scale": args.scale,
            "sample": args.sample,
            "repeat": args.repeat,
            "thumbs": args.thumbs,
            "keep": args.keep,
            "only": list(only),
        },
        "params": asdict(params),
        "workspace": gen.summary(),
        "machine": machine(),
        "seconds": round(time.perf_counter() - started, 1),
        "rows": [asdict(r) for r in rows],
    }
    write_atomic(BENCH_DIR / "last.json", json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    write_atomic(BENCH_DIR / "last.md", markdown(report, rows))
    m, w = report["machine"], report["workspace"]
    print(
        f"machine: {m['cpu_count']} CPUs, Python {m['python']}, {m['platform']}, git {m['git']}, "
        f"MkDocs {m['mkdocs']}, Material {m['mkdocs-material']}, Pillow {m['pillow']}"
    )
    print(
        f"workspace: scale {args.scale}, {w['campaigns']} campaigns x {w['assets_per_campaign']}"
        f" assets x {w['versions_per_asset']} versions = {w['review_pages']} review pages,"
        f" {w['versions']} versions, {w['decisions']} decisions, {w['commits']} commits,"
        f" {w['image_size']}, {w['jpeg_megabytes']} MB of JPEG"
        + (", reused" if w["reused"] else "")
        + f" (generation: {w['generation_seconds']} s)"
    )
    print(
        f"run: --repeat {args.repeat} (medians), --sample {args.sample or 'all'},"
        f" --thumbs {args.thumbs}, {report['seconds']} s in all"
    )
    print()
    print(table(rows))
    notes = [f"- {r.name}: {r.note}" for r in rows if r.note]
    if notes:
        print()
        print("\n".join(notes))
    for failure in failures:
        print(f"\nerror in {failure}", file=sys.stderr)
    return 1 if any(r.result in ("FAIL", "error") for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
