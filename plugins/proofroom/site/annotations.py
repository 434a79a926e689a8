"""Comments of decisions, numbered per version, and the marks drawn over a version's image.

A comment is numbered within the version its decision reviewed, oldest decision first and
in file order: decision files are append-only, so a number never changes once shown. The
same number sits on the mark over the image and on the comment in the list, with
``data-version`` and ``data-comment``, so both light up together.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from markupsafe import Markup

from proofroom.core.model import Asset, Comment, Decision, Version
from proofroom.site.html import tag
from proofroom.site.lang import t

UNKNOWN = "unknown"  # data-version of comments whose sha matches no version


@dataclass(frozen=True)
class NumberedComment:
    number: int
    version: Version | None  # None: the decision's sha matches no version of the asset
    decision: Decision
    comment: Comment

    @property
    def version_key(self) -> str:
        return str(self.version.number) if self.version else UNKNOWN

    @property
    def anchor(self) -> str:
        """The id of the comment in the list (made of numbers only: safe in any page)."""
        return f"proofroom-comment-{self.version_key}-{self.number}"

    @property
    def drawable(self) -> bool:
        """Pins and boxes on a still picture: an image, or a page of a PDF (:attr:`page`);
        not at a time of a video."""
        c = self.comment
        return (c.pin is not None or c.box is not None) and c.time is None

    @property
    def page(self) -> int:
        """The PDF page the comment is on: 1 when it names none (an image is one page)."""
        return self.comment.page or 1


def _far_future(value: datetime | None) -> float:
    return value.timestamp() if value is not None else float("inf")


def decision_version(asset: Asset, decision: Decision) -> Version | None:
    """The version whose content a decision reviewed.

    Content can come back (a revert makes v3 "same as v2"): the decision then belongs to the
    newest such version that had landed when the decision landed, else to the oldest.
    """
    if not decision.blob:
        return None
    matches = [v for v in asset.versions if v.blob == decision.blob]
    if not matches:
        return None
    landed = _far_future(decision.landed_at)
    before = [v for v in matches if _far_future(v.landed_at) <= landed]
    return before[-1] if before else matches[0]


def chronological(decisions: Iterable[Decision]) -> list[Decision]:
    """Oldest first; uncommitted decisions last; same instant: by file path."""
    return sorted(decisions, key=lambda d: (_far_future(d.landed_at), d.path))


def numbered_comments(asset: Asset, decisions: Iterable[Decision]) -> dict[str, list]:
    """``{version_key: [NumberedComment, ...]}`` for every decision comment on the asset."""
    groups: dict[str, list[NumberedComment]] = {}
    for decision in chronological(decisions):
        version = decision_version(asset, decision)
        key = str(version.number) if version else UNKNOWN
        for comment in decision.comments:
            entries = groups.setdefault(key, [])
            entries.append(NumberedComment(len(entries) + 1, version, decision, comment))
    return groups


def percent(fraction: float) -> str:
    """``0.42`` -> ``42%``; fractions are clamped to the image (0..1)."""
    value = min(max(float(fraction), 0.0), 1.0) * 100
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return f"{text}%"


def placement(comment: Comment) -> str:
    """The inline style that places a mark: position for a pin, position and size for a box."""
    if comment.box is not None:
        x, y, w, h = comment.box
        x, y = min(max(x, 0.0), 1.0), min(max(y, 0.0), 1.0)
        w, h = min(max(w, 0.0), 1.0 - x), min(max(h, 0.0), 1.0 - y)
        return f"left:{percent(x)};top:{percent(y)};width:{percent(w)};height:{percent(h)}"
    assert comment.pin is not None
    x, y = comment.pin
    return f"left:{percent(x)};top:{percent(y)}"


def mark_html(entry: NumberedComment, lang: str) -> Markup:
    """One numbered mark, a link to its comment in the list."""
    kind = "box" if entry.comment.box is not None else "pin"
    return tag(
        "a",
        tag("span", entry.number, class_="proofroom-annotation__number"),
        class_=f"proofroom-annotation proofroom-annotation--{kind}",
        data_proofroom="annotation",
        data_version=entry.version_key,
        data_comment=entry.number,
        href=f"#{entry.anchor}",
        style=placement(entry.comment),
        aria_label=t(lang, "comment_n", n=entry.number),
    )


def marks_html(entries: Iterable[NumberedComment], lang: str, page: int = 1) -> list[Markup]:
    """The marks drawn over one picture: an image, or page ``page`` of a PDF."""
    return [mark_html(e, lang) for e in entries if e.drawable and e.page == page]


def stage_style(width: int | None, height: int | None) -> str | None:
    """Size the frame around an image to the picture itself, so percentages land on it.

    Without this an image narrowed by ``max-height`` is letterboxed and marks drift.
    """
    if not width or not height:
        return None
    return f"--proofroom-w:{width}px;--proofroom-ratio:{width / height:.4f}"
