"""Pieces every page is made of: the page value, dates, badges, thumbnails, due dates."""

from __future__ import annotations

import posixpath
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo

from proofroom.core.model import Asset, Campaign, Deliverable, Status, due_end
from proofroom.site.html import (
    attrs,
    esc,
    rel_url,
)
from proofroom.site.i18n import format_date, format_when, local, status_label, t, zone
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


def time_html(lang: str, value: date | datetime, tz: tzinfo, *, with_time: bool = False) -> str:
    """A ``<time>`` element: machine value in UTC (or the plain date), text in ``tz``."""
    if isinstance(value, datetime):
        moment = value.replace(tzinfo=tz) if value.tzinfo is None else value
        machine = moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        text = format_when(lang, moment, tz) if with_time else format_date(lang, moment, tz)
    else:
        machine, text = value.isoformat(), format_date(lang, value)
    return f"<time{attrs(datetime=machine)}>{esc(text)}</time>"


def badge_html(lang: str, status: str | None) -> str:
    """Status badge; ``None`` is a file that is not a deliverable (``data-status="other"``)."""
    key = status or "other"
    return (
        f'<span class="proofroom-badge proofroom-badge--{esc(key)}"{attrs(data_status=key)}>'
        f"{esc(status_label(lang, status))}</span>"
    )


# The count line reads from done to not started: "3 approved · 2 in review · 1 missing".
COUNT_ORDER = ("approved", "in_review", "changes_requested", "rejected", "missing")


def status_counts_html(lang: str, deliverables: Iterable[Deliverable]) -> str:
    """One badge per status present, with its count; ``""`` when there is no deliverable."""
    items = list(deliverables)
    counts = Counter(d.status for d in items)
    badges = []
    for status in COUNT_ORDER:
        if counts[status]:
            cls = f"proofroom-badge proofroom-badge--{status} proofroom-count"
            badges.append(
                f"<span{attrs(class_=cls, data_status=status, data_count=counts[status])}>"
                f"{esc(t(lang, f'count_{status}', n=counts[status]))}</span>"
            )
    overdue = sum(1 for d in items if d.overdue)
    if overdue:
        badges.append(flag_html("overdue", t(lang, "n_overdue", n=overdue)))
    if not badges:
        return ""
    sep = '<span class="proofroom-counts__sep" aria-hidden="true"> · </span>'
    label = t(lang, "status_counts")
    return (
        f'<p class="proofroom-counts"{attrs(data_proofroom="status-counts", aria_label=label)}>'
        f"{sep.join(badges)}</p>"
    )


def span(cls: str, inner_html: str) -> str:
    return f"<span{attrs(class_=cls)}>{inner_html}</span>"


def flag_html(name: str, text: str) -> str:
    cls = f"proofroom-flag proofroom-flag--{name}"
    return f"<span{attrs(class_=cls, data_flag=name)}>{esc(text)}</span>"


def thumb_html(ref: MediaRef, page_src_uri: str, alt: str, cls: str) -> str:
    return (
        f"<img{attrs(class_=cls, src=rel_url(page_src_uri, ref.thumb), width=ref.thumb_width)}"
        f"{attrs(height=ref.thumb_height, loading='lazy', decoding='async', alt=alt)}"
        f"{attrs(data_placeholder='true' if ref.placeholder else None)}>"
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


def due_html(lang: str, d: Deliverable, tz: tzinfo, now: datetime | None) -> str:
    """``Due: 10 Feb 2027 (in 3 days)``; the hint is left out once approved."""
    if d.due is None:
        return ""
    text = fill(lang, "due", date=time_html(lang, d.due, tz, with_time=True))
    if now is not None and d.status != Status.APPROVED:
        days = (due_end(d.due, tz).date() - local(now, tz).date()).days
        if days > 0:
            hint = t(lang, "due_in", n=days)
        elif days == 0:
            hint = t(lang, "due_today")
        else:
            hint = t(lang, "late_by", n=-days)
        text += f' <span class="proofroom-due__hint">({esc(hint)})</span>'
    return f'<span class="proofroom-due">{text}</span>'


def fill(lang: str, key: str, **parts: str) -> str:
    """The escaped interface string ``key`` with each placeholder replaced by ready HTML."""
    markers = {name: f"\x00{i}\x00" for i, name in enumerate(parts)}
    text = esc(t(lang, key, **markers))
    for name, marker in markers.items():
        text = text.replace(marker, parts[name])
    return text
