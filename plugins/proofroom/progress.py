"""Progress of the long build stages: a live bar on a terminal, a few log lines elsewhere.

The media stages (originals, thumbnails, large previews, difference images, PDF pages)
tick ``(stage, done, total)`` and end with :meth:`BuildProgress.summary`, one line
through the build's logger such as ``thumbnails: 12 made, 1,988 reused, 0 failed (3.2 s)``.

On a terminal (stderr is a TTY, ``TERM`` is not ``dumb``, not under CI) each stage draws
one line that is rewritten in place with ``\\r`` and ends with a newline, so the log lines
that follow start on a line of their own. Elsewhere (CI logs, pipes, pytest) a stage of 50
items or more logs about ten ``stage: done/total`` lines, never thousands.

Videos are probed (size, length, codec) while their poster frame is decoded, by the same
job that makes the thumbnail: that work is counted in the thumbnails stage.
"""

from __future__ import annotations

import os
import shutil
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TextIO

import click

LABELS = {
    "originals": "originals",
    "thumbnails": "thumbnails",
    "previews": "large previews",
    "diffs": "difference images",
    "pdf pages": "PDF pages",
}
"""What each stage is called in the output; an unknown stage is shown by its name."""

VERBS = {"originals": "extracted"}
"""What the first count of a summary says, when not "made"."""

LOGGED_FROM = 50  # without a terminal, stages with fewer items log only their summary
LOG_STEPS = 10  # and longer ones about this many progress lines
REDRAW = 0.1  # seconds between two drawings of a live bar
BAR = 24  # characters of the bar itself, at most


def label(stage: str) -> str:
    return LABELS.get(stage, stage)


def number(n: int) -> str:
    """``1,988``: thousands separated, whatever the locale (log lines are read by people)."""
    return f"{n:,}"


def summary_line(
    stage: str, made: int, reused: int, failed: int | None, seconds: float | None
) -> str:
    """``thumbnails: 12 made, 1,988 reused, 0 failed (3.2 s)``."""
    parts = [f"{number(made)} {VERBS.get(stage, 'made')}", f"{number(reused)} reused"]
    if failed is not None:
        parts.append(f"{number(failed)} failed")
    took = f" ({seconds:.1f} s)" if seconds is not None else ""
    return f"{label(stage)}: {', '.join(parts)}{took}"


def live_terminal(stream: TextIO) -> bool:
    """Whether a bar rewritten in place will be seen as one: a real, capable terminal."""
    if os.environ.get("TERM") == "dumb":
        return False
    if os.environ.get("CI", "").lower() not in ("", "0", "false", "no"):
        return False  # CI runners may fake a TTY; their logs keep every \r as a line
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # no isatty, or a closed stream
        return False


@dataclass
class _Stage:
    total: int
    started: float
    done: int = 0
    ended: float | None = None
    drawn: float | None = None  # when the live line was last drawn
    logged: int = 0  # the last count logged (without a terminal)
    open: bool = False  # a live line is on screen, not yet ended by a newline
    shown: int = 0  # characters of the last drawing


class BuildProgress:
    """Receives ``(stage, done, total)`` ticks and stage summaries of one build.

    ``emit`` takes whole log lines (the build's logger); the live bar goes straight to
    ``stream`` (default: the current ``sys.stderr``). ``live`` overrides the detection;
    a live bar is drawn again at most every ``redraw`` seconds, and at the stage's end.
    """

    def __init__(
        self,
        emit: Callable[[str], None],
        *,
        stream: TextIO | None = None,
        live: bool | None = None,
        redraw: float = REDRAW,
    ) -> None:
        self.emit = emit
        self.redraw = redraw
        self._stream = stream
        self.live = live_terminal(self.stream) if live is None else live
        self.colour = self.live and not os.environ.get("NO_COLOR")
        self.stages: dict[str, _Stage] = {}
        self._lock = threading.Lock()

    @property
    def stream(self) -> TextIO:
        return self._stream if self._stream is not None else sys.stderr

    # -- ticks ---------------------------------------------------------------------------

    def __call__(self, stage: str, done: int, total: int) -> None:
        with self._lock:
            now = time.monotonic()
            state = self.stages.get(stage)
            if state is None or state.total != total or done < state.done:
                state = self.stages[stage] = _Stage(total=total, started=now)
            state.done = done
            if total <= 0:
                return
            if done >= total and state.ended is None:
                state.ended = now
            if self.live:
                self._draw(stage, state, now)
            else:
                self._log(stage, state)

    def summary(self, stage: str, made: int, reused: int, failed: int | None = None) -> None:
        """The stage's last line; nothing when it had nothing to do."""
        with self._lock:
            state = self.stages.get(stage)
            if state is not None and state.open:
                self._end_line(state)
            if made + reused + (failed or 0) == 0:
                return
            seconds = None
            if state is not None:
                seconds = (state.ended or time.monotonic()) - state.started
        self.emit(summary_line(stage, made, reused, failed, seconds))

    def close(self) -> None:
        """End any live line left open (a stage that stopped before its total)."""
        with self._lock:
            for state in self.stages.values():
                if state.open:
                    self._end_line(state)

    # -- without a terminal --------------------------------------------------------------

    def _log(self, stage: str, state: _Stage) -> None:
        if state.total < LOGGED_FROM:
            return
        step = max(1, state.total // LOG_STEPS)
        if state.done == state.total or state.done - state.logged >= step:
            if state.done == state.logged:
                return
            state.logged = state.done
            self.emit(f"{label(stage)}: {number(state.done)}/{number(state.total)}")

    # -- on a terminal -------------------------------------------------------------------

    def _draw(self, stage: str, state: _Stage, now: float) -> None:
        finished = state.done >= state.total
        if not finished and state.drawn is not None and now - state.drawn < self.redraw:
            return
        for other in self.stages.values():  # a new stage starts on a line of its own
            if other is not state and other.open:
                self._end_line(other)
        state.drawn = now
        state.open = True
        self.stream.write("\r" + self._line(stage, state, now))
        if finished:
            self._end_line(state)
        else:
            self.stream.flush()

    def _end_line(self, state: _Stage) -> None:
        self.stream.write("\n")
        self.stream.flush()
        state.open = False

    def _line(self, stage: str, state: _Stage, now: float) -> str:
        width = shutil.get_terminal_size((80, 24)).columns
        share = state.done / state.total
        total = number(state.total)
        count = f"{number(state.done):>{len(total)}}/{total}"
        tail = f" {count} {share:4.0%} {(state.ended or now) - state.started:5.1f} s"
        name = f"{label(stage):<18}"
        room = max(0, min(BAR, width - 1 - len(name) - len(tail) - 3))
        filled = round(room * share)
        bar, rest = "#" * filled, "-" * (room - filled)
        plain = len(name) + len(tail) + (room + 3 if room else 0)
        pad = " " * max(0, state.shown - plain)  # covers a longer drawing before this one
        state.shown = plain
        if self.colour:
            name = click.style(name, bold=True)
            bar = click.style(bar, fg="green") if bar else bar
        return (f"{name} [{bar}{rest}]{tail}" if room else f"{name}{tail}") + pad
