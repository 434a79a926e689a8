"""The campaigns index: every campaign as a card, grouped by year, then by tag."""

from __future__ import annotations

from datetime import date, datetime

from proofroom.core.model import Campaign, Workspace
from proofroom.site.html import (
    attrs,
    block,
    campaign_uri,
    campaigns_index_uri,
    esc,
    front_matter,
    page_url,
    safe_title,
)
from proofroom.site.i18n import local, t
from proofroom.site.media_refs import MediaLookup
from proofroom.site.parts import (
    SitePage,
    alt_text,
    campaign_tz,
    fill,
    status_counts_html,
    thumb_html,
    time_html,
)


def campaign_year(campaign: Campaign) -> int | None:
    """The launch year, else the year the first version landed (campaign timezone)."""
    tz = campaign_tz(campaign)
    launch = campaign.brief.launch if campaign.brief else None
    if isinstance(launch, datetime):
        return local(launch, tz).year
    if isinstance(launch, date):
        return launch.year
    landed = [v.landed_at for a in campaign.assets for v in a.versions if v.landed_at is not None]
    return local(min(landed), tz).year if landed else None


def _thumb(campaign: Campaign, media: MediaLookup, page: str) -> str:
    """The first deliverable's latest version, else the first file with a version."""
    candidates = [(d.asset, d) for d in campaign.deliverables if d.asset is not None]
    candidates += [(a, None) for a in sorted(campaign.assets, key=lambda a: a.rel)]
    for asset, deliverable in candidates:
        if asset.current is not None:
            ref = media(asset.current, asset)
            return thumb_html(ref, page, alt_text(asset.rel, deliverable), "proofroom-card__thumb")
    return '<span class="proofroom-card__nothumb" aria-hidden="true"></span>'


def _campaign_card(campaign: Campaign, media: MediaLookup, lang: str, page: str) -> list[str]:
    brief = campaign.brief
    tz = campaign_tz(campaign)
    href = page_url(page, campaign_uri(campaign.id))
    lines = [f"<li{attrs(class_='proofroom-card proofroom-campaign', data_campaign=campaign.id)}>"]
    lines.append(
        f'<a class="proofroom-card__link"{attrs(href=href)}>{_thumb(campaign, media, page)}'
        f'<span class="proofroom-card__title">{esc(campaign.title)}</span></a>'
    )
    meta = []
    if brief and brief.owner:
        meta.append(f"<span>{esc(t(lang, 'owner', owner=brief.owner))}</span>")
    if brief and brief.launch is not None:
        meta.append(f"<span>{fill(lang, 'launch', date=time_html(lang, brief.launch, tz))}</span>")
    deliverables = campaign.deliverables
    meta.append(f"<span>{esc(t(lang, 'n_deliverables', n=len(deliverables)))}</span>")
    lines.append(f'<div class="proofroom-card__meta">{"".join(meta)}</div>')
    counts = status_counts_html(lang, deliverables)
    if counts:
        lines.append(counts)
    if brief and brief.tags:
        tags = "".join(f'<span class="proofroom-tag">{esc(tag)}</span>' for tag in brief.tags)
        lines.append(f'<div class="proofroom-tags">{tags}</div>')
    lines.append("</li>")
    return lines


def campaigns_index(ws: Workspace, media: MediaLookup, lang: str) -> SitePage:
    """``campaigns/index.md``: years newest first, then tags (a campaign under each of its
    tags, untagged ones last), each campaign a card linking to its brief."""
    page = campaigns_index_uri()
    title = t(lang, "campaigns")
    parts = [front_matter({"title": safe_title(title)}), f"# {esc(title)}"]
    if not ws.campaigns:
        parts.append(f'<p class="proofroom-empty">{esc(t(lang, "no_campaigns"))}</p>')
    years: dict[int | None, list[Campaign]] = {}
    for campaign in ws.campaigns:
        years.setdefault(campaign_year(campaign), []).append(campaign)
    for year in sorted(years, key=lambda y: (y is None, -(y or 0))):
        parts.append(f"## {year if year is not None else esc(t(lang, 'undated'))}")
        groups: dict[str | None, list[Campaign]] = {}
        for campaign in years[year]:
            tags = campaign.brief.tags if campaign.brief and campaign.brief.tags else (None,)
            for tag in dict.fromkeys(tags):
                groups.setdefault(tag, []).append(campaign)
        lines = [f'<div class="proofroom proofroom-index"{attrs(data_year=year)}>']
        for tag in sorted(groups, key=lambda g: (g is None, (g or "").casefold(), g or "")):
            label = tag if tag is not None else t(lang, "untagged")
            lines.append(f'<h3 class="proofroom-index__tag"{attrs(data_tag=tag)}>{esc(label)}</h3>')
            lines.append('<ul class="proofroom-grid">')
            for campaign in sorted(groups[tag], key=lambda c: (c.title.casefold(), c.id)):
                lines += _campaign_card(campaign, media, lang, page)
            lines.append("</ul>")
        lines.append("</div>")
        parts.append(block(lines))
    return SitePage(src_uri=page, head="\n\n".join(parts) + "\n", in_nav=True)
