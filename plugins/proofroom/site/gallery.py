"""The gallery under each brief, the page of a campaign without a brief, shared card parts."""

from __future__ import annotations

import posixpath
import shlex
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, tzinfo

from proofroom.core.model import Asset, Campaign, Deliverable, Version
from proofroom.site.html import (
    attrs,
    block,
    campaign_uri,
    esc,
    front_matter,
    page_url,
    rel_url,
    review_paths,
    safe_title,
)
from proofroom.site.i18n import format_date, format_when, local, status_label, t, zone
from proofroom.site.media_refs import MediaLookup, MediaRef


@dataclass(frozen=True)
class SitePage:
    """A generated page: the adapter registers it (``File.generated``) or export writes it."""

    src_uri: str  # docs-relative, always an ``index.md`` so the page dir is its URL
    markdown: str  # full content with front matter
    in_nav: bool


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


def due_end(due: date | datetime, tz: tzinfo) -> datetime:
    """A due date means the end of that day in the campaign timezone."""
    if isinstance(due, datetime):
        return local(due, tz)
    return datetime.combine(due, time(23, 59, 59), tz)


def due_html(lang: str, d: Deliverable, tz: tzinfo, now: datetime | None) -> str:
    """``Due: 10 Feb 2027 (in 3 days)``; the hint is left out once approved."""
    if d.due is None:
        return ""
    text = fill(lang, "due", date=time_html(lang, d.due, tz, with_time=True))
    if now is not None and d.status != "approved":
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


def _card(
    campaign: Campaign,
    asset: Asset | None,
    deliverable: Deliverable | None,
    media: MediaLookup,
    lang: str,
    page_src_uri: str,
    review_path: str | None,
    tz: tzinfo,
    now: datetime | None,
) -> list[str]:
    rel = asset.rel if asset else (deliverable.asset_rel if deliverable else "")
    status = deliverable.status if deliverable else None
    data = {
        "class_": f"proofroom-card proofroom-card--{status or 'other'}",
        "data_proofroom": "card",
        "data_status": status or "other",
        "data_deliverable": deliverable.id if deliverable else None,
        "data_asset": rel,
    }
    lines = [f"<li{attrs(**data)}>"]
    title = deliverable.id if deliverable else file_name(rel)
    name = (
        f'<span class="proofroom-card__title">{esc(title)}</span>'
        f'<span class="proofroom-card__file">{esc(rel)}</span>'
    )
    current: Version | None = asset.current if asset else None
    if asset is not None and current is not None and review_path is not None:
        ref = media(current, asset)
        href = page_url(page_src_uri, f"campaigns/{campaign.id}/review/{review_path}/index.md")
        lines.append(
            f'<a class="proofroom-card__link"{attrs(href=href)}>'
            f"{thumb_html(ref, page_src_uri, alt_text(rel, deliverable), 'proofroom-card__thumb')}"
            f"{name}</a>"
        )
    else:
        lines.append(
            f'<div class="proofroom-card__link proofroom-card__link--none">'
            f'<span class="proofroom-card__nothumb" aria-hidden="true"></span>{name}</div>'
        )
    meta = [badge_html(lang, status)]
    if deliverable and deliverable.overdue:
        meta.append(flag_html("overdue", t(lang, "overdue")))
    if deliverable and deliverable.stale:
        meta.append(flag_html("stale", t(lang, "stale")))
    if deliverable and deliverable.stage and status not in ("approved", "missing"):
        meta.append(span("proofroom-card__stage", esc(t(lang, "stage", stage=deliverable.stage))))
    if status == "missing":
        expected = f"assets/{campaign.id}/{rel}"
        meta.append(
            f'<span class="proofroom-card__expected">'
            f"{fill(lang, 'expected_file', path=f'<code>{esc(expected)}</code>')}</span>"
        )
    if asset is not None:
        if asset.versions:
            meta.append(f"<span>{esc(t(lang, 'n_versions', n=len(asset.versions)))}</span>")
        else:
            meta.append(f"<span>{esc(t(lang, 'no_version'))}</span>")
        landed = last_landed(asset)
        if landed is not None:
            meta.append(
                f"<span>{fill(lang, 'last_landed', date=time_html(lang, landed, tz))}</span>"
            )
        if not asset.present:
            meta.append(flag_html("removed", t(lang, "removed")))
    if deliverable:
        meta.append(due_html(lang, deliverable, tz, now))
    lines.append(f'<div class="proofroom-card__meta">{"".join(m for m in meta if m)}</div>')
    lines.append("</li>")
    return lines


def _grid(items: list[list[str]]) -> list[str]:
    return ['<ul class="proofroom-grid">', *(line for item in items for line in item), "</ul>"]


def gallery_html(
    campaign: Campaign,
    media: MediaLookup,
    lang: str,
    *,
    page_src_uri: str,
    now: datetime | None,
) -> str:
    """The gallery appended under the brief body: a card per deliverable, then other files.

    Starts with a blank line so it can be appended to any Markdown body.
    """
    tz = campaign_tz(campaign)
    paths = review_paths(campaign.assets)
    by_rel = {a.rel: a for a in campaign.assets}
    listed = {d.asset_rel for d in campaign.deliverables}
    deliverable_cards = []
    for d in campaign.deliverables:
        asset = d.asset if d.asset is not None else by_rel.get(d.asset_rel)
        rp = paths.get(asset.rel) if asset else None
        deliverable_cards.append(_card(campaign, asset, d, media, lang, page_src_uri, rp, tz, now))
    other_cards = [
        _card(campaign, a, None, media, lang, page_src_uri, paths.get(a.rel), tz, now)
        for a in sorted(campaign.assets, key=lambda a: a.rel)
        if a.rel not in listed
    ]
    parts = []
    if deliverable_cards:
        section = [f'<div class="proofroom proofroom-gallery"{attrs(data_proofroom="gallery")}>']
        section.append(f"<h2>{esc(t(lang, 'deliverables'))}</h2>")
        section.append(status_counts_html(lang, campaign.deliverables))
        section += _grid(deliverable_cards)
        section.append("</div>")
        parts.append(block(section))
    if other_cards:
        section = [
            f'<div class="proofroom proofroom-gallery proofroom-gallery--other"'
            f"{attrs(data_proofroom='gallery-other')}>"
        ]
        section.append(f"<h2>{esc(t(lang, 'other_files'))}</h2>")
        section += _grid(other_cards)
        section.append("</div>")
        parts.append(block(section))
    if not parts:
        empty = fill(lang, "gallery_empty", path=f"<code>{esc(f'assets/{campaign.id}/')}</code>")
        parts.append(
            block(
                [
                    f'<div class="proofroom proofroom-gallery"{attrs(data_proofroom="gallery")}>',
                    f'<p class="proofroom-empty">{empty}</p>',
                    "</div>",
                ]
            )
        )
    return "\n\n" + "\n\n".join(parts) + "\n"


def campaign_stub_page(
    campaign: Campaign,
    media: MediaLookup,
    lang: str,
    *,
    now: datetime | None,
    brief_path: str | None = None,
) -> SitePage:
    """``campaigns/<c>/index.md`` for an assets folder without a brief.

    ``brief_path`` is where the brief belongs (``content/campaigns/<c>/index.md`` by default;
    the adapter passes its docs_dir).
    """
    src = campaign_uri(campaign.id)
    path = brief_path or f"content/campaigns/{campaign.id}/index.md"
    command = "proofroom new " + shlex.quote(campaign.id)
    how = fill(
        lang, "stub_how", path=f"<code>{esc(path)}</code>", command=f"<code>{esc(command)}</code>"
    )
    head = block(
        [
            f'<div class="proofroom proofroom-stub"{attrs(data_proofroom="stub")}>',
            f"<h1>{esc(campaign.id)}</h1>",
            f'<p class="proofroom-note">{esc(t(lang, "stub_no_brief"))}</p>',
            f"<p>{how}</p>",
            "</div>",
        ]
    )
    body = head + gallery_html(campaign, media, lang, page_src_uri=src, now=now)
    markdown = front_matter({"title": safe_title(campaign.id)}) + "\n" + body
    return SitePage(src_uri=src, markdown=markdown, in_nav=True)
