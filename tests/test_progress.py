"""Progress of long build stages: log lines and exact summaries without a terminal, a live
bar rewritten in place under a real pseudo-terminal."""

from __future__ import annotations

import errno
import fcntl
import io
import logging
import os
import pty
import re
import struct
import subprocess
import termios
import time
from pathlib import Path

import pytest
from helpers.cli import PROOFROOM
from helpers.gitrepo import GitRepo
from helpers.sites import run_build
from helpers.workspaces import write_config
from PIL import Image

from proofroom.progress import BuildProgress, summary_line

BRIEF = "---\ntitle: Soldes\ntimezone: Europe/Paris\n---\n# Soldes\n"
PHOTOS = 50  # one stage of 50 items or more logs its progress without a terminal
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def progress_workspace(repo: GitRepo) -> GitRepo:
    """50 photos, a hero with 3 versions (3 difference images), a TIFF (a large preview)
    and a broken JPEG: 55 distinct files, 55 thumbnails, one of them failing."""
    write_config(repo)
    repo.write("content/campaigns/soldes/index.md", BRIEF)
    for i in range(PHOTOS):
        repo.image(f"assets/soldes/photo-{i:02}.jpg", color=(i * 5, 100, 200), size=(96, 64))
    repo.image("assets/soldes/poster.tif", color=(10, 120, 60), size=(90, 60), fmt="TIFF")
    repo.write("assets/soldes/broken.jpg", b"\xff\xd8\xff\xe0 not a whole jpeg")
    repo.image("assets/soldes/hero.jpg", color=(200, 30, 30), size=(120, 80))
    repo.commit("Photos and hero v1", date="2027-01-05T09:00:00+01:00")
    for n, colour in enumerate([(30, 200, 30), (30, 30, 200)], 2):
        repo.image("assets/soldes/hero.jpg", color=colour, size=(120, 80))
        repo.commit(f"Hero v{n}", date=f"2027-01-0{5 + n}T09:00:00+01:00")
    return repo


def progress_messages(caplog: pytest.LogCaptureFixture) -> list[str]:
    """What the build said about its media stages, prefix and timings taken off."""
    out = []
    for record in caplog.records:
        text = record.getMessage().removeprefix("proofroom: ")
        if re.match(r"(originals|thumbnails|large previews|difference images): \d", text):
            out.append(re.sub(r" \(\d+\.\d s\)$", " (s)", text))
    return out


def test_logged_progress_and_exact_summaries_then_all_reused(
    git_repo: GitRepo, caplog: pytest.LogCaptureFixture
) -> None:
    progress_workspace(git_repo)
    caplog.set_level(logging.INFO)
    config = run_build(git_repo.path, strict=False)  # the broken file is a warning
    store = config.plugins["proofroom"].build.media
    assert (store.made, store.reused, store.failed) == (54, 0, 1)
    assert (store.diffs_made, store.diffs_reused, store.diffs_failed) == (3, 0, 0)
    steps = [f"{n}/55" for n in range(5, 56, 5)]  # about ten lines for 55 items
    assert progress_messages(caplog) == [
        *(f"originals: {s}" for s in steps),
        "originals: 55 extracted, 0 reused (s)",
        *(f"thumbnails: {s}" for s in steps),
        "thumbnails: 54 made, 0 reused, 1 failed (s)",
        "large previews: 1 made, 0 reused, 0 failed (s)",
        "difference images: 3 made, 0 reused, 0 failed (s)",
    ]
    assert "broken.jpg: warning: cannot read image" in caplog.text

    caplog.clear()
    run_build(git_repo.path, strict=False)
    assert progress_messages(caplog) == [
        "originals: 0 extracted, 55 reused (s)",
        *(f"thumbnails: {s}" for s in steps),
        "thumbnails: 0 made, 55 reused, 0 failed (s)",
        "large previews: 0 made, 1 reused, 0 failed (s)",
        "difference images: 0 made, 3 reused, 0 failed (s)",
    ]
    assert "broken.jpg: warning: cannot read image" in caplog.text  # still said every build


def test_summary_line_format() -> None:
    assert (
        summary_line("thumbnails", 12, 1988, 0, 3.24)
        == "thumbnails: 12 made, 1,988 reused, 0 failed (3.2 s)"
    )
    assert summary_line("originals", 3, 0, None, None) == "originals: 3 extracted, 0 reused"
    assert (
        summary_line("pdf-pages", 1, 2, 0, 0.0) == "pdf-pages: 1 made, 2 reused, 0 failed (0.0 s)"
    )


def test_live_bar_rewrites_one_line_per_stage() -> None:
    lines: list[str] = []
    screen = io.StringIO()
    progress = BuildProgress(lines.append, stream=screen, live=True, redraw=0)
    for done in range(4):
        progress("thumbnails", done, 3)
    progress.summary("thumbnails", 2, 1, 0)
    progress.redraw = 3600
    progress("diffs", 0, 2)
    progress("diffs", 1, 2)  # within the redraw interval: not drawn
    progress.summary("diffs", 1, 0, 0)  # the stage stopped short: its line still ends
    progress.summary("previews", 0, 0, 0)  # nothing to do: nothing said
    text = ANSI.sub("", screen.getvalue())
    drawings = text.split("\r")[1:]
    assert [d.split("]")[0].split("[")[1] for d in drawings] == [
        "-" * 24,
        "########" + "-" * 16,
        "################--------",
        "#" * 24,
        "-" * 24,
    ]
    assert drawings[3].startswith("thumbnails ") and " 3/3 100% " in drawings[3]
    assert drawings[3].endswith(" s\n") and drawings[4].endswith(" s\n")
    assert " 0/2   0% " in drawings[4]
    assert len({len(d.rstrip("\n")) for d in drawings}) == 1  # each covers the one before
    assert [re.sub(r"\(\d+\.\d s\)", "(s)", line) for line in lines] == [
        "thumbnails: 2 made, 1 reused, 0 failed (s)",
        "difference images: 1 made, 0 reused, 0 failed (s)",
    ]


def test_no_live_bar_in_ci_or_on_a_dumb_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    leader, follower = pty.openpty()
    with os.fdopen(follower, "w") as tty:
        monkeypatch.delenv("CI", raising=False)
        monkeypatch.setenv("TERM", "xterm")
        assert BuildProgress(print, stream=tty).live
        assert not BuildProgress(print, stream=io.StringIO()).live
        monkeypatch.setenv("CI", "true")
        assert not BuildProgress(print, stream=tty).live
        monkeypatch.setenv("CI", "false")
        monkeypatch.setenv("TERM", "dumb")
        assert not BuildProgress(print, stream=tty).live
    os.close(leader)


# -- under a real terminal -----------------------------------------------------------------


def run_in_terminal(args: list[str], cwd: Path, *, columns: int = 100) -> str:
    """Run a program with a pseudo-terminal as stdin, stdout and stderr; all it wrote."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "NO_COLOR", "COLUMNS")}
    env["TERM"] = "xterm-256color"
    proc = subprocess.Popen(
        args, cwd=cwd, env=env, stdin=follower, stdout=follower, stderr=follower
    )
    os.close(follower)
    chunks = []
    deadline = time.monotonic() + 600
    try:
        while time.monotonic() < deadline:
            try:
                data = os.read(leader, 65536)
            except OSError as exc:  # EIO: every writer closed the terminal
                if exc.errno != errno.EIO:
                    raise
                break
            if not data:
                break
            chunks.append(data)
        assert proc.wait(timeout=60) == 0, b"".join(chunks).decode(errors="replace")
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(leader)
    return b"".join(chunks).decode("utf-8", errors="replace")


def test_build_in_a_terminal_draws_live_bars_then_summaries(git_repo: GitRepo) -> None:
    write_config(git_repo)
    git_repo.write("content/campaigns/big/index.md", BRIEF.replace("Soldes", "Big"))
    base = Image.linear_gradient("L").resize((2400, 1600)).convert("RGB")
    (git_repo.path / "assets/big").mkdir(parents=True)
    for i in range(12):  # 24 thumbnails, a few seconds of work with one worker
        photo = base.copy()
        photo.paste((i * 20, 60, 200), (100 * i, 100, 100 * i + 600, 700))
        photo.save(git_repo.path / f"assets/big/photo-{i:02}.png")
        git_repo.image(f"assets/big/tone-{i:02}.jpg", color=(i * 20, 90, 90), size=(300, 200))
    git_repo.commit("Big photos", date="2027-01-05T09:00:00+01:00")

    raw = run_in_terminal([str(PROOFROOM), "build"], git_repo.path)
    text = ANSI.sub("", raw).replace("\r\n", "\n")  # the terminal turns \n into \r\n
    thumbs = re.findall(r"\rthumbnails +\[([#-]+)\] +(\d+)/24 +(\d+)% +\d+\.\d s", text)
    assert len(thumbs) >= 2, text  # drawn at 0, then rewritten in place up to 24
    assert thumbs[0] == ("-" * 24, "0", "0")
    assert thumbs[-1] == ("#" * 24, "24", "100")
    counts = [int(done) for _, done, _ in thumbs]
    assert counts == sorted(counts)
    # The last drawing ends its line; the summary follows on a line of its own.
    final = re.search(r"\rthumbnails +\[#{24}\] +24/24 +100% +\d+\.\d s *\n(.*)\n", text)
    assert final, text
    assert re.search(r"thumbnails: 24 made, 0 reused, 0 failed \(\d+\.\d s\)$", final[1])
    assert re.search(r"\roriginals +\[#{24}\] +24/24 100% .*\n.*originals: 24 extracted", text)
    # On a terminal the per-tenth log lines are not printed: the bar says it.
    assert not re.search(r"thumbnails: \d+/24", text)
    assert (git_repo.path / "site/campaigns/big/review/photo-00/index.html").is_file()
