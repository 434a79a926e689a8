"""Pieces every page is made of: the page value, dates, badges, thumbnails, due dates."""

from __future__ import annotations

import posixpath
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo

from markupsafe import Markup

from proofroom.core.model import Asset, Campaign, Deliverable, Status, due_end
from proofroom.site.html import Html, escape, rel_url, tag, void
from proofroom.site.lang import status_label, t
from proofroom.site.lang.formats import format_date, format_when, local, zone
from proofroom.site.media_refs import MediaRef


@dataclass(frozen=True)
class SitePage:
    """A generated page: the adapter registers it (``File.generated``) or export writes it.

    A review page is all HTML: Markdown conversion of thousands of large raw-HTML
    blocks costs seconds and hundreds of MB for nothing, so such a page keeps its body
    apart (``html``) for the adapter to put in place after conversion.
    """

    src_uri: str  # docs-relative, always an ``index.md`` so the page dir is its URL
    head: str  # front matter (and any Markdown) before the HTML body
    in_nav: bool
    html: str = ""  # a body of ready HTML that needs no Markdown conversion

    @property
    def markdown(self) -> str:
        """The whole page as one Markdown document (raw HTML is valid Markdown)."""
        return f"{self.head}\n{self.html}\n" if self.html else self.head


def campaign_tz(campaign: Campaign) -> tzinfo:
    return zone(campaign.brief.timezone if campaign.brief else None)


def time_html(lang: str, value: date | datetime, tz: tzinfo, *, with_time: bool = False) -> Markup:
    """A ``<time>`` element: machine value in UTC (or the plain date), text in ``tz``."""
    if isinstance(value, datetime):
        moment = value.replace(tzinfo=tz) if value.tzinfo is None else value
        machine = moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        text = format_when(lang, moment, tz) if with_time else format_date(lang, moment, tz)
    else:
        machine, text = value.isoformat(), format_date(lang, value)
    return tag("time", text, datetime=machine)


def badge_html(lang: str, status: str | None) -> Markup:
    """Status badge; ``None`` is a file that is not a deliverable (``data-status="other"``)."""
    key = status or "other"
    cls = f"proofroom-badge proofroom-badge--{key}"
    return tag("span", status_label(lang, status), class_=cls, data_status=key)


# The count line reads from done to not started: "3 approved · 2 in review · 1 missing".
COUNT_ORDER = (
    Status.APPROVED,
    Status.IN_REVIEW,
    Status.CHANGES_REQUESTED,
    Status.REJECTED,
    Status.MISSING,
)


def status_counts_html(lang: str, deliverables: Iterable[Deliverable]) -> Markup:
    """One badge per status present, with its count; empty when there is no deliverable."""
    items = list(deliverables)
    counts = Counter(d.status for d in items)
    badges = []
    for status in COUNT_ORDER:
        if counts[status]:
            cls = f"proofroom-badge proofroom-badge--{status} proofroom-count"
            text = t(lang, f"count_{status}", n=counts[status])
            badges.append(
                tag("span", text, class_=cls, data_status=status, data_count=counts[status])
            )
    overdue = sum(1 for d in items if d.overdue)
    if overdue:
        badges.append(flag_html("overdue", t(lang, "n_overdue", n=overdue)))
    if not badges:
        return Html()
    sep = Html('<span class="proofroom-counts__sep" aria-hidden="true"> · </span>')
    label = t(lang, "status_counts")
    return tag(
        "p",
        sep.join(badges),
        class_="proofroom-counts",
        data_proofroom="status-counts",
        aria_label=label,
    )


def span(cls: str, content: str | Markup) -> Markup:
    """``<span class="cls">``: text content is escaped, HTML content kept."""
    return tag("span", content, class_=cls)


def flag_html(name: str, text: str) -> Markup:
    cls = f"proofroom-flag proofroom-flag--{name}"
    return tag("span", text, class_=cls, data_flag=name)


def thumb_html(ref: MediaRef, page_src_uri: str, alt: str, cls: str) -> Markup:
    return void(
        "img",
        class_=cls,
        src=rel_url(page_src_uri, ref.thumb),
        width=ref.thumb_width,
        height=ref.thumb_height,
        loading="lazy",
        decoding="async",
        alt=alt,
        data_placeholder="true" if ref.placeholder else None,
    )


def file_name(rel: str) -> str:
    return posixpath.basename(rel)


def alt_text(asset_rel: str, deliverable: Deliverable | None) -> str:
    """The brief's ``alt`` for the deliverable when it gives one, else the file name."""
    if deliverable and deliverable.spec:
        alt = deliverable.spec.extra.get("alt")
        if isinstance(alt, str) and alt.strip():
            return alt.strip()
    return file_name(asset_rel)


def last_landed(asset: Asset) -> datetime | None:
    for version in reversed(asset.versions):
        if version.landed_at is not None:
            return version.landed_at
    return None


def due_html(lang: str, d: Deliverable, tz: tzinfo, now: datetime | None) -> Markup:
    """``Due: 10 Feb 2027 (in 3 days)``; the hint is left out once approved."""
    if d.due is None:
        return Html()
    text = fill(lang, "due", date=time_html(lang, d.due, tz, with_time=True))
    if now is not None and d.status != Status.APPROVED:
        days = (due_end(d.due, tz).date() - local(now, tz).date()).days
        if days > 0:
            hint = t(lang, "due_in", n=days)
        elif days == 0:
            hint = t(lang, "due_today")
        else:
            hint = t(lang, "late_by", n=-days)
        text += Html(" ") + span("proofroom-due__hint", f"({hint})")
    return span("proofroom-due", text)


def fill(lang: str, key: str, **parts: str | Markup) -> Markup:
    """The interface string ``key`` with each placeholder replaced by a part: HTML parts
    are kept, text parts escaped like the string itself.

    The string is escaped first, with markers in its placeholders (its braces would not
    survive escaping), and the markers are then replaced.
    """
    markers = {name: f"\x00{i}\x00" for i, name in enumerate(parts)}
    text = escape(t(lang, key, **markers))
    for name, marker in markers.items():
        text = text.replace(marker, parts[name])
    return text
