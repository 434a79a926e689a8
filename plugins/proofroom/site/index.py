"""The campaigns index: every campaign as a card, grouped by year, then by tag.

A filter bar (year, status, tag, channel) narrows the cards in the browser
(``static/archive.js``): each card lists its values as space-separated tokens in
``data-year``, ``data-statuses``, ``data-tags`` and ``data-channels``. The bar is rendered
``hidden`` and shown by the script, so without JavaScript every card stays visible.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from urllib.parse import quote

from markupsafe import Markup

from proofroom.core.model import Asset, Campaign, Deliverable, Workspace
from proofroom.site.html import (
    Html,
    attrs,
    block,
    campaign_uri,
    campaigns_index_uri,
    front_matter,
    page_url,
    safe_title,
    start,
    tag,
    void,
)
from proofroom.site.lang import STATUSES, STRINGS, language, status_label, t
from proofroom.site.lang.formats import local
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


UNDATED = "undated"  # the year token of a campaign without a date


def token(value: object) -> str:
    """One filter value as a token without spaces (percent-encoded, never decoded)."""
    return quote(str(value), safe="")


def tokens(values: Iterable[object]) -> str | None:
    """Space-separated distinct tokens; ``None`` (no attribute) when there are none."""
    out = list(dict.fromkeys(token(v) for v in values))
    return " ".join(out) if out else None


def _channels(campaign: Campaign) -> list[str]:
    return [d.spec.channel for d in campaign.deliverables if d.spec is not None and d.spec.channel]


def _statuses(campaign: Campaign) -> list[str]:
    return [d.status for d in campaign.deliverables if d.status]


def _tags(campaign: Campaign) -> tuple[str, ...]:
    return campaign.brief.tags if campaign.brief else ()


def _select(lang: str, name: str, label_key: str, options: list[tuple[str, str]]) -> Markup:
    """A labelled <select>; the first option (every value) is the empty string."""
    opts = [tag("option", t(lang, "archive_all"), value="")]
    opts += [tag("option", label, value=value) for value, label in options]
    ident = f"proofroom-filter-{name}"
    return tag(
        "span",
        tag("label", t(lang, label_key), for_=ident),
        tag("select", *opts, id=ident, data_filter=name),
        class_="proofroom-filters__field",
    )


def _by_text(values: Iterable[str]) -> list[str]:
    return sorted(set(values), key=lambda v: (v.casefold(), v))


def filter_bar(campaigns: list[Campaign], lang: str) -> list[Markup]:
    """The filter bar, ``hidden`` until archive.js runs; only values present are offered."""
    years = {campaign_year(c) for c in campaigns}
    year_values = [(token(y), str(y)) for y in sorted((y for y in years if y), reverse=True)]
    if None in years:
        year_values.append((UNDATED, t(lang, "undated")))
    radios = [("", t(lang, "archive_all")), *year_values]
    radio = {"type": "radio", "name": "proofroom-filter-year", "data_filter": "year"}
    year_inputs = Html("").join(
        Html('<label class="proofroom-filters__year">{} {}</label>').format(
            void("input", **radio, value=value, checked=not value), label
        )
        for value, label in radios
    )
    present = {s for c in campaigns for s in _statuses(c)}
    statuses = [(token(s), status_label(lang, s)) for s in STATUSES if s in present]
    tags = [(token(v), v) for v in _by_text(v for c in campaigns for v in _tags(c))]
    channels = [(token(v), v) for v in _by_text(v for c in campaigns for v in _channels(c))]
    code = language(lang)
    one, many = STRINGS[code]["archive_shown"]  # the script fills in {n}
    count = {"data_proofroom": "archive-count", "data_lang": code, "data_one": one}
    form = {"aria_label": t(lang, "archive_filters"), "data_proofroom": "archive-filters"}
    return [
        Html('<form class="proofroom proofroom-filters" role="search" hidden{}>').format(
            attrs(**form)
        ),
        tag(
            "fieldset",
            tag("legend", t(lang, "archive_year")),
            year_inputs,
            class_="proofroom-filters__years",
        ),
        _select(lang, "statuses", "archive_status", statuses),
        _select(lang, "tags", "archive_tag", tags),
        _select(lang, "channels", "archive_channel", channels),
        tag("button", t(lang, "archive_reset"), type="reset", class_="md-button"),
        Html('<p class="proofroom-filters__count" aria-live="polite"{}></p>').format(
            attrs(**count, data_many=many)
        ),
        Html('<p class="proofroom-filters__none" hidden{}>{}</p>').format(
            attrs(data_proofroom="archive-none"), t(lang, "archive_none")
        ),
        Html("</form>"),
    ]


def _thumb(campaign: Campaign, media: MediaLookup, page: str) -> Markup:
    """The first deliverable's latest version, else the first file with a version."""
    candidates: list[tuple[Asset, Deliverable | None]] = [
        (d.asset, d) for d in campaign.deliverables if d.asset is not None
    ]
    candidates += [(a, None) for a in sorted(campaign.assets, key=lambda a: a.rel)]
    for asset, deliverable in candidates:
        if asset.current is not None:
            ref = media(asset.current, asset)
            return thumb_html(ref, page, alt_text(asset.rel, deliverable), "proofroom-card__thumb")
    return Html('<span class="proofroom-card__nothumb" aria-hidden="true"></span>')


def _campaign_card(campaign: Campaign, media: MediaLookup, lang: str, page: str) -> list[Markup]:
    brief = campaign.brief
    tz = campaign_tz(campaign)
    href = page_url(page, campaign_uri(campaign.id))
    year = campaign_year(campaign)
    data = {
        "class_": "proofroom-card proofroom-campaign",
        "data_campaign": campaign.id,
        "data_year": token(year) if year is not None else UNDATED,
        "data_statuses": tokens(_statuses(campaign)),
        "data_tags": tokens(_tags(campaign)),
        "data_channels": tokens(_channels(campaign)),
    }
    lines = [start("li", **data)]
    title = tag("span", campaign.title, class_="proofroom-card__title")
    lines.append(
        tag("a", _thumb(campaign, media, page), title, class_="proofroom-card__link", href=href)
    )
    meta = []
    if brief and brief.owner:
        meta.append(tag("span", t(lang, "owner", owner=brief.owner)))
    if brief and brief.launch is not None:
        meta.append(tag("span", fill(lang, "launch", date=time_html(lang, brief.launch, tz))))
    deliverables = campaign.deliverables
    meta.append(tag("span", t(lang, "n_deliverables", n=len(deliverables))))
    lines.append(tag("div", *meta, class_="proofroom-card__meta"))
    counts = status_counts_html(lang, deliverables)
    if counts:
        lines.append(counts)
    if brief and brief.tags:
        tags = (tag("span", name, class_="proofroom-tag") for name in brief.tags)
        lines.append(tag("div", *tags, class_="proofroom-tags"))
    lines.append(Html("</li>"))
    return lines


def campaigns_index(ws: Workspace, media: MediaLookup, lang: str) -> SitePage:
    """``campaigns/index.md``: years newest first, then tags (a campaign under each of its
    tags, untagged ones last), each campaign a card linking to its brief."""
    page = campaigns_index_uri()
    title = t(lang, "campaigns")
    parts: list[Markup] = [Html("# {}").format(title)]  # Markdown holding raw HTML blocks
    if not ws.campaigns:
        parts.append(tag("p", t(lang, "no_campaigns"), class_="proofroom-empty"))
    else:
        parts.append(block(filter_bar(ws.campaigns, lang)))
    years: dict[int | None, list[Campaign]] = {}
    for campaign in ws.campaigns:
        years.setdefault(campaign_year(campaign), []).append(campaign)
    for year in sorted(years, key=lambda y: (y is None, -(y or 0))):
        parts.append(Html("## {}").format(year if year is not None else t(lang, "undated")))
        groups: dict[str | None, list[Campaign]] = {}
        for campaign in years[year]:
            tags = campaign.brief.tags if campaign.brief and campaign.brief.tags else (None,)
            for name in dict.fromkeys(tags):
                groups.setdefault(name, []).append(campaign)
        lines: list[Markup] = [start("div", class_="proofroom proofroom-index", data_year=year)]
        for name in sorted(groups, key=lambda g: (g is None, (g or "").casefold(), g or "")):
            label = name if name is not None else t(lang, "untagged")
            lines.append(tag("h3", label, class_="proofroom-index__tag", data_tag=name))
            lines.append(Html('<ul class="proofroom-grid">'))
            for campaign in sorted(groups[name], key=lambda c: (c.title.casefold(), c.id)):
                lines += _campaign_card(campaign, media, lang, page)
            lines.append(Html("</ul>"))
        lines.append(Html("</div>"))
        parts.append(block(lines))
    markdown = Html("\n\n").join(parts)
    head = f"{front_matter({'title': safe_title(title)})}\n\n{markdown}\n"
    return SitePage(src_uri=page, head=head, in_nav=True)
