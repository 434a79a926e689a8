"""The live preview's budget: one changed file visible in <= 1.5 s on the reference
workspace, >= 10x faster than a full rebuild measured in the same run.

`proofroom serve` runs as a child process, as a user starts it. After its first build,
the benchmark changes one file in the work tree at a time (an asset, a decision, a brief)
and waits for the server's log to say it tells browsers to reload (the build is done),
then asks for the page that must show the change: the figure is the time from the write
to the first answer that holds it (a browser's own reload takes tens of milliseconds
more). Every file is put back
as it was before the next change, and at the end whatever happens.
"""

from __future__ import annotations

import io
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

PREVIEW_BUDGET_S = 1.5
PREVIEW_SPEEDUP = 10.0
FIRST_BUILD_TIMEOUT_S = 3600
CHANGE_TIMEOUT_S = 120


@dataclass
class Change:
    """One edit of the work tree and how to see it on the site."""

    kind: str  # asset | decision | brief
    path: Path  # the file written (created when it did not exist)
    data: bytes  # what is written
    url: str  # the page that shows it
    marker: str  # text the page holds once the change is built


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.read().decode("utf-8", errors="replace")
    except OSError:
        return None


def _until(check: Callable[[], bool], timeout: float, what: str, serve: subprocess.Popen) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        if serve.poll() is not None:
            raise RuntimeError(f"proofroom serve stopped (exit {serve.returncode}) before {what}")
        time.sleep(0.01)  # polling the server for a condition, with a deadline
    raise RuntimeError(f"timed out after {timeout:.0f} s waiting for {what}")


def _edited_jpeg(path: Path, n: int) -> bytes:
    with Image.open(path) as im:
        im = im.convert("RGB")
        im.paste((255, 40 * n % 256, 0), (0, 0, im.width // 8, im.height // 8))
        out = io.BytesIO()
        im.save(out, format="JPEG", quality=85)
    return out.getvalue()


def _write(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.bench.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def changes(root: Path, base: str, assets: list[str], count: int) -> list[Change]:
    """``count`` changes of each kind, on assets of different campaigns."""
    out: list[Change] = []
    by_campaign: dict[str, str] = {}
    for a in assets:  # repository-relative "assets/<campaign>/<rel>"
        by_campaign.setdefault(a.split("/")[1], a)
    picked = list(by_campaign.values())[:count]
    for n, asset in enumerate(picked, 1):
        campaign, rel = asset.split("/", 2)[1:]
        stem = rel.rsplit(".", 1)[0]
        page = f"{base}campaigns/{campaign}/review/{stem}/"
        out.append(
            Change(
                "asset", root / asset, _edited_jpeg(root / asset, n), page,
                'data-working-copy="true"',
            )
        )  # fmt: skip
        sha = subprocess.run(
            ["git", "rev-parse", f"HEAD:{asset}"], cwd=root, capture_output=True, text=True
        ).stdout.strip()
        summary = f"Benchmark note {n}: logo to enlarge"
        decision = (
            f"asset: {asset}\nsha: {sha}\nreviewer: bench-reviewer\ndecision: comment\n"
            f"summary: '{summary}'\n"
        )
        out.append(
            Change(
                "decision",
                root / "reviews" / campaign / stem / f"20991231T000{n}Z-bench-reviewer.yml",
                decision.encode(),
                page,
                summary,
            )
        )
        brief = root / "content" / "campaigns" / campaign / "index.md"
        line = f"Benchmark mention {n}: offer valid in store."
        out.append(
            Change(
                "brief", brief, brief.read_bytes() + f"\n{line}\n".encode(),
                f"{base}campaigns/{campaign}/", line,
            )
        )  # fmt: skip
    return out


def measure(root: Path, assets: list[str], repeat: int, log: Path) -> dict[str, list[float]]:
    """Seconds from each write to the page showing it, by kind of change."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    todo = changes(root, base, assets, repeat)
    saved = {c.path: (c.path.read_bytes() if c.path.exists() else None) for c in todo}
    figures: dict[str, list[float]] = {}
    with log.open("wb") as out:
        serve = subprocess.Popen(
            [sys.executable, "-m", "proofroom.cli", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        first = todo[0].url
        _until(lambda: _get(first) is not None, FIRST_BUILD_TIMEOUT_S, "the first build", serve)
        for change in todo:
            before = saved[change.path]
            page = change.url
            if change.marker in (_get(page) or ""):
                raise RuntimeError(f"{page} shows {change.marker!r} before the change")
            change.path.parent.mkdir(parents=True, exist_ok=True)
            reloads = _reloads(log)
            started = time.perf_counter()
            _write(change.path, change.data)
            # The server logs the reload it sends browsers once the build is done; asking
            # for the page in a tight loop meanwhile would slow the build it waits for.
            _until(
                lambda n=reloads: _reloads(log) > n,
                CHANGE_TIMEOUT_S, f"a rebuild after the {change.kind} change", serve,
            )  # fmt: skip
            _until(
                lambda p=page, m=change.marker: m in (_get(p) or ""),
                CHANGE_TIMEOUT_S, f"{change.kind} change on {page}", serve,
            )  # fmt: skip
            figures.setdefault(change.kind, []).append(time.perf_counter() - started)
            _restore(change.path, before)
            _until(
                lambda p=page, m=change.marker: m not in (_get(p) or ""),
                CHANGE_TIMEOUT_S, f"{change.kind} change undone on {page}", serve,
            )  # fmt: skip
    finally:
        for path, data in saved.items():
            _restore(path, data)
        serve.terminate()
        try:
            serve.wait(timeout=60)
        except subprocess.TimeoutExpired:
            serve.kill()
    return figures


def _reloads(log: Path) -> int:
    """How many times the server told browsers to reload (one per finished build)."""
    return log.read_bytes().count(b"Reloading browsers")


def _restore(path: Path, data: bytes | None) -> None:
    if data is None:
        path.unlink(missing_ok=True)
        folder = path.parent  # the decision's folder, when the change made it
        while folder.name != "reviews" and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent
    elif not path.exists() or path.read_bytes() != data:
        _write(path, data)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")
