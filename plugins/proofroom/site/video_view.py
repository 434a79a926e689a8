"""Video review: comments made at a time, as numbered markers on a bar under the player.

A decision comment with ``time: 12.4`` sits on the bar at time / duration, numbered as in
the comment list and sharing its ``data-version`` and ``data-comment`` (``proofroom.js``
lights both up together). A marker is a link to its comment and the comment's time is a
link to its marker, so without a script the two still lead to each other; ``video.js``
makes either seek the player. A time past the end of the video is drawn at the end and
flagged, never dropped: the reviewer may have watched an older cut.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from markupsafe import Markup

from proofroom.core.model import Version
from proofroom.site.annotations import NumberedComment, percent
from proofroom.site.html import Html, attrs, start, tag
from proofroom.site.lang import decimal, t
from proofroom.site.parts import flag_html

if TYPE_CHECKING:
    from proofroom.site.review_context import ReviewContext


def format_moment(lang: str | None, seconds: float) -> str:
    """A moment of a video as ``mm:ss.s`` (``01:02.5``; ``01:02,5`` in French).

    Minutes keep counting past the hour, like the player's own clock.
    """
    tenths = max(0, round(float(seconds) * 10))
    minutes, rest = divmod(tenths, 600)
    text = f"{minutes:02d}:{rest // 10:02d}.{rest % 10}"
    return decimal(lang, text)


def seconds_attr(seconds: float) -> str:
    """Seconds for a data attribute: a plain decimal number the script parses."""
    return f"{float(seconds):.3f}".rstrip("0").rstrip(".")


def past_end(time: float, duration: float | None) -> bool:
    """Whether a comment's time lies after the end of the video (when its length is known)."""
    return duration is not None and duration > 0 and time > duration


def marker_anchor(entry: NumberedComment) -> str:
    """The id of a comment's marker on the timeline (numbers only: safe in any page)."""
    return f"proofroom-time-{entry.version_key}-{entry.number}"


def timed(entries: Iterable[NumberedComment]) -> list[NumberedComment]:
    """The comments made at a time, in the order of their times (then their numbers)."""
    found = [e for e in entries if e.comment.time is not None]
    return sorted(found, key=lambda e: (e.comment.time, e.number))


def on_timeline(ctx: ReviewContext, entry: NumberedComment) -> bool:
    """Whether the comment has a marker under the player: a time on the current version
    of a video that the page plays."""
    version = ctx.asset.current
    if entry.comment.time is None or version is None or entry.version is not version:
        return False
    return ctx.asset.kind == "video" and bool(ctx.ref(version).original)


def _label(lang: str, entry: NumberedComment, duration: float | None) -> str:
    """``Comment 3 at 00:12.4`` (past the end: ``..., after the end (00:10.0)``)."""
    assert entry.comment.time is not None
    moment = format_moment(lang, entry.comment.time)
    label = t(lang, "comment_at", n=entry.number, time=moment)
    if past_end(entry.comment.time, duration):
        assert duration is not None
        label += f", {t(lang, 'after_end', duration=format_moment(lang, duration))}"
    return label


def marker_html(entry: NumberedComment, duration: float | None, lang: str) -> Markup:
    """One numbered marker at time / duration, a link to its comment in the list.

    Without a known duration it carries no position: the script places it once the
    player has read the video's length, and without a script markers line up in order.
    """
    time = entry.comment.time
    assert time is not None
    clamped = past_end(time, duration)
    left = f"left:{percent(time / duration)}" if duration and duration > 0 else None
    cls = "proofroom-timeline__marker"
    if clamped:
        cls += " proofroom-timeline__marker--clamped"
    label = _label(lang, entry, duration)
    return tag(
        "a",
        tag("span", entry.number, class_="proofroom-timeline__number"),
        class_=cls,
        id=marker_anchor(entry),
        href=f"#{entry.anchor}",
        data_proofroom="time-marker",
        data_version=entry.version_key,
        data_comment=entry.number,
        data_time=seconds_attr(time),
        data_clamped="true" if clamped else None,
        style=left,
        aria_label=label,
        title=label,
    )


def timeline_html(ctx: ReviewContext) -> list[Markup]:
    """The bar under the current version's player, or nothing without timed comments."""
    version = ctx.asset.current
    if version is None:
        return []
    entries = [
        e for e in timed(ctx.comment_groups().get(str(version.number), [])) if on_timeline(ctx, e)
    ]
    if not entries:
        return []
    lang = ctx.lang
    duration = ctx.ref(version).duration
    known = duration is not None and duration > 0
    root = start(
        "div",
        class_="proofroom-timeline" + ("" if known else " proofroom-timeline--unplaced"),
        data_proofroom="timeline",
        data_version=version.number,
        data_duration=seconds_attr(duration) if known and duration is not None else None,
        role="group",
        aria_label=t(lang, "timeline"),
    )
    lines = [
        root,
        Html('<div class="proofroom-timeline__bar">'),
        Html('<span class="proofroom-timeline__playhead" aria-hidden="true"></span>'),
        *(marker_html(e, duration if known else None, lang) for e in entries),
        Html("</div>"),
    ]
    if known and duration is not None:
        lines.append(
            Html('<p class="proofroom-timeline__ends" aria-hidden="true">{}</p>').format(
                tag("span", format_moment(lang, 0)) + tag("span", format_moment(lang, duration))
            )
        )
    lines.append(Html("</div>"))
    return lines


def comment_time_html(ctx: ReviewContext, entry: NumberedComment) -> Markup:
    """The time of a comment in the list: a link to its marker (the script also seeks the
    player there) when it has one, else the time as text; flagged when past the end."""
    time = entry.comment.time
    assert time is not None
    lang = ctx.lang
    duration = ctx.ref(entry.version).duration if entry.version is not None else None
    moment = format_moment(lang, time)
    flag = Html()
    if past_end(time, duration):
        assert duration is not None
        flag = Html(" ") + flag_html(
            "after-end", t(lang, "after_end", duration=format_moment(lang, duration))
        )
    if not on_timeline(ctx, entry):
        return tag("span", moment, class_="proofroom-comment__time") + flag
    link = {
        "class_": "proofroom-comment__time",
        "href": f"#{marker_anchor(entry)}",
        "data_proofroom_seek": seconds_attr(time),
        "data_version": entry.version_key,
        "title": t(lang, "play_from", time=format_moment(lang, time)),
    }
    return tag("a", moment, **link) + flag


# ---------------------------------------------------------------- the comparison


def compare_video_src(ctx: ReviewContext, version: Version) -> str | None:
    """The video a comparison pane plays for a version (page-relative), if the site has it."""
    if ctx.asset.kind != "video":
        return None
    return ctx.url(ctx.ref(version).original)


def compare_video_html(
    poster: str, src: str | None, width: int | None, height: int | None, label: str
) -> Markup:
    """A pane's player: its poster frame until played; muted, so that two soundtracks
    never play over each other (its own controls turn the sound on)."""
    return tag(
        "video",
        poster=poster,
        src=src,
        width=width,
        height=height,
        aria_label=label,
        controls=True,
        muted=True,
        playsinline=True,
        preload="metadata",
    )


def play_both_html(lang: str) -> list[Markup]:
    """The "play both" button, shown by ``video.js`` (only a script can keep two in step)."""
    play, pause = t(lang, "play_both"), t(lang, "pause_both")
    button = attrs(
        type="button",
        class_="proofroom-compare__button",
        data_proofroom_play_both=True,
        data_play_label=play,
        data_pause_label=pause,
        aria_pressed="false",
    )
    return [
        start("div", class_="proofroom-compare__sync", data_proofroom_sync=True, hidden=True),
        Html("<button{}>{}</button>").format(button, play),
        Html("</div>"),
    ]
