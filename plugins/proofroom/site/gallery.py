"""The gallery under each brief and the page of a campaign without a brief."""

from __future__ import annotations

import shlex
from collections import Counter
from datetime import datetime, tzinfo

from markupsafe import Markup

from proofroom.core.model import Asset, Campaign, Deliverable, Status, Version
from proofroom.core.variants import variant_parents
from proofroom.site.html import (
    Html,
    block,
    blocks,
    campaign_uri,
    front_matter,
    page_url,
    review_paths,
    safe_title,
    start,
    tag,
)
from proofroom.site.index import campaign_year
from proofroom.site.lang import t
from proofroom.site.media_refs import MediaLookup
from proofroom.site.parts import (
    SitePage,
    alt_text,
    badge_html,
    campaign_tz,
    due_html,
    file_name,
    fill,
    flag_html,
    last_landed,
    span,
    status_counts_html,
    thumb_html,
    time_html,
)


def _search_meta(
    campaign: Campaign,
    asset: Asset | None,
    deliverable: Deliverable | None,
    rel: str,
    media: MediaLookup,
    lang: str,
    year: int | None,
) -> Markup:
    """Visually hidden facts of a card, for Material's search (built from the page HTML).

    Review pages stay out of the search index, so the campaign page carries what people
    look for in the archive: file name, deliverable, channel, tags, alt text, size, year.
    """
    facts = [t(lang, "archive_file", value=file_name(rel))]
    if deliverable is not None:
        facts.append(t(lang, "archive_deliverable", value=deliverable.id))
        spec = deliverable.spec
        if spec is not None and spec.channel:
            facts.append(t(lang, "archive_channel_is", value=spec.channel))
        alt = spec.extra.get("alt") if spec is not None else None
        if isinstance(alt, str) and alt.strip():
            facts.append(t(lang, "archive_alt", value=alt.strip()))
    tags = campaign.brief.tags if campaign.brief else ()
    if tags:
        facts.append(t(lang, "archive_tags_are", value=", ".join(tags)))
    current = asset.current if asset is not None else None
    if asset is not None and current is not None:
        ref = media(current, asset)
        if ref.width and ref.height:
            facts.append(t(lang, "dimensions", w=ref.width, h=ref.height))
    if year is not None:
        facts.append(t(lang, "archive_year_is", value=year))
    spans = Html(" ").join(tag("span", fact) for fact in facts)
    cls = "proofroom-card__search proofroom-visually-hidden"
    return tag("p", spans, class_=cls, data_proofroom="search-meta")


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
    year: int | None = None,
    family: list[Markup] | None = None,
) -> list[Markup]:
    """One card; ``family`` holds ready HTML spans (variant of, channel, variant count)."""
    rel = asset.rel if asset else (deliverable.asset_rel if deliverable else "")
    status = deliverable.status if deliverable else None
    data = {
        "class_": f"proofroom-card proofroom-card--{status or 'other'}",
        "data_proofroom": "card",
        "data_status": status or "other",
        "data_deliverable": deliverable.id if deliverable else None,
        "data_asset": rel,
    }
    lines = [start("li", **data)]
    title = deliverable.id if deliverable else file_name(rel)
    name = span("proofroom-card__title", title) + span("proofroom-card__file", rel)
    current: Version | None = asset.current if asset else None
    if asset is not None and current is not None and review_path is not None:
        ref = media(current, asset)
        href = page_url(page_src_uri, f"campaigns/{campaign.id}/review/{review_path}/index.md")
        thumb = thumb_html(ref, page_src_uri, alt_text(rel, deliverable), "proofroom-card__thumb")
        lines.append(tag("a", thumb, name, class_="proofroom-card__link", href=href))
    else:
        lines.append(
            Html(
                '<div class="proofroom-card__link proofroom-card__link--none">'
                '<span class="proofroom-card__nothumb" aria-hidden="true"></span>{}</div>'
            ).format(name)
        )
    meta = [badge_html(lang, status)]
    if deliverable and deliverable.overdue:
        meta.append(flag_html("overdue", t(lang, "overdue")))
    if deliverable and deliverable.stale:
        meta.append(flag_html("stale", t(lang, "stale")))
    if deliverable and deliverable.stage and status not in (Status.APPROVED, Status.MISSING):
        meta.append(span("proofroom-card__stage", t(lang, "stage", stage=deliverable.stage)))
    if status == Status.MISSING:
        expected = f"assets/{campaign.id}/{rel}"
        path = tag("code", expected)
        meta.append(span("proofroom-card__expected", fill(lang, "expected_file", path=path)))
    if asset is not None:
        if asset.versions:
            meta.append(tag("span", t(lang, "n_versions", n=len(asset.versions))))
        else:
            meta.append(tag("span", t(lang, "no_version")))
        landed = last_landed(asset)
        if landed is not None:
            meta.append(tag("span", fill(lang, "last_landed", date=time_html(lang, landed, tz))))
        if not asset.present:
            meta.append(flag_html("removed", t(lang, "removed")))
    if deliverable:
        meta.append(due_html(lang, deliverable, tz, now))
    meta += family or []
    lines.append(tag("div", *(m for m in meta if m), class_="proofroom-card__meta"))
    lines.append(_search_meta(campaign, asset, deliverable, rel, media, lang, year))
    lines.append(Html("</li>"))
    return lines


def _grid(items: list[list[Markup]]) -> list[Markup]:
    lines = (line for item in items for line in item)
    return [Html('<ul class="proofroom-grid">'), *lines, Html("</ul>")]


def _master_of(did: str, parents: dict[str, str]) -> str:
    """The top of ``did``'s ``derived_from`` chain (itself when it is no variant)."""
    while did in parents:
        did = parents[did]
    return did


def _family_meta(
    d: Deliverable, parents: dict[str, str], counts: Counter[str], lang: str
) -> list[Markup]:
    """What a card says of its family: the master it is cut from and its channel, and
    how many variants are cut from it (``counts``: master id -> direct variants)."""
    out = []
    master = parents.get(d.id)
    if master is not None:
        out.append(
            tag(
                "span",
                t(lang, "variant_of", master=master),
                class_="proofroom-card__variant",
                data_proofroom="variant-of",
                data_master=master,
            )
        )
        channel = d.spec.channel if d.spec else None
        if channel:
            out.append(span("proofroom-card__channel", t(lang, "card_channel", channel=channel)))
    count = counts[d.id]
    if count:
        out.append(
            tag(
                "span",
                t(lang, "n_variants", n=count),
                class_="proofroom-card__variants",
                data_proofroom="variant-count",
                data_count=count,
            )
        )
    return out


_Card = tuple[Deliverable, list[Markup]]  # a deliverable and the HTML lines of its card


def _grouped(cards: list[_Card], parents: dict[str, str], lang: str) -> list[Markup]:
    """The deliverable cards in brief order, each master followed by its variants.

    A master and every variant cut from it (variants of variants included) share one
    grid under a heading, so the family reads together without JavaScript; the other
    deliverables keep one grid between families.
    """
    masters = set(parents.values())
    runs: list[tuple[str | None, list[_Card]]] = []  # (master id or None, cards)
    family: dict[str, list[_Card]] = {}
    for d, card in cards:
        top = _master_of(d.id, parents)
        if top == d.id and d.id not in masters:
            if runs and runs[-1][0] is None:
                runs[-1][1].append((d, card))
            else:
                runs.append((None, [(d, card)]))
            continue
        if top not in family:
            family[top] = []
            runs.append((top, family[top]))
        family[top].append((d, card))
    lines: list[Markup] = []
    for master, members in runs:
        if master is None:
            lines += _grid([card for _, card in members])
            continue
        members.sort(key=lambda m: m[0].id != master)  # the master first, then brief order
        heading = t(lang, "family_title", master=master, n=len(members) - 1)
        lines.append(
            start("div", class_="proofroom-family", data_proofroom="family", data_master=master)
        )
        lines.append(tag("h3", heading, class_="proofroom-family__title"))
        lines += _grid([card for _, card in members])
        lines.append(Html("</div>"))
    return lines


def gallery_html(
    campaign: Campaign,
    media: MediaLookup,
    lang: str,
    *,
    page_src_uri: str,
    now: datetime | None,
) -> str:
    """The gallery appended under the brief body: a card per deliverable, then other files.

    Starts with a blank line so it can be appended to any Markdown body. Markdown text,
    hence a ``str``: the plugin splices it into a brief, where a Markup would escape the
    brief's own text (see :func:`gallery_blocks` for the HTML).
    """
    body = gallery_blocks(campaign, media, lang, page_src_uri=page_src_uri, now=now)
    return f"\n\n{body}\n"


def gallery_blocks(
    campaign: Campaign,
    media: MediaLookup,
    lang: str,
    *,
    page_src_uri: str,
    now: datetime | None,
) -> Markup:
    """The gallery's raw HTML blocks: deliverables, other files, or that there is none."""
    tz = campaign_tz(campaign)
    year = campaign_year(campaign)
    paths = review_paths(campaign.assets)
    by_rel = {a.rel: a for a in campaign.assets}
    listed = {d.asset_rel for d in campaign.deliverables}
    parents = variant_parents(d.spec for d in campaign.deliverables if d.spec is not None)
    counts = Counter(parents.values())
    deliverable_cards: list[_Card] = []
    for d in campaign.deliverables:
        asset = d.asset if d.asset is not None else by_rel.get(d.asset_rel)
        rp = paths.get(asset.rel) if asset else None
        family = _family_meta(d, parents, counts, lang)
        card = _card(campaign, asset, d, media, lang, page_src_uri, rp, tz, now, year, family)
        deliverable_cards.append((d, card))
    other_cards = [
        _card(campaign, a, None, media, lang, page_src_uri, paths.get(a.rel), tz, now, year)
        for a in sorted(campaign.assets, key=lambda a: a.rel)
        if a.rel not in listed
    ]
    gallery = {"class_": "proofroom proofroom-gallery", "data_proofroom": "gallery"}
    parts = []
    if deliverable_cards:
        section = [start("div", **gallery), tag("h2", t(lang, "deliverables"))]
        section.append(status_counts_html(lang, campaign.deliverables))
        section += _grouped(deliverable_cards, parents, lang)
        section.append(Html("</div>"))
        parts.append(block(section))
    if other_cards:
        other = "proofroom proofroom-gallery proofroom-gallery--other"
        section = [start("div", class_=other, data_proofroom="gallery-other")]
        section.append(tag("h2", t(lang, "other_files")))
        section += _grid(other_cards)
        section.append(Html("</div>"))
        parts.append(block(section))
    if not parts:
        empty = fill(lang, "gallery_empty", path=tag("code", f"assets/{campaign.id}/"))
        parts.append(
            block(
                [
                    start("div", **gallery),
                    tag("p", empty, class_="proofroom-empty"),
                    Html("</div>"),
                ]
            )
        )
    return blocks(*parts)


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
    how = fill(lang, "stub_how", path=tag("code", path), command=tag("code", command))
    head = block(
        [
            start("div", class_="proofroom proofroom-stub", data_proofroom="stub"),
            tag("h1", campaign.id),
            tag("p", t(lang, "stub_no_brief"), class_="proofroom-note"),
            tag("p", how),
            Html("</div>"),
        ]
    )
    gallery = gallery_html(campaign, media, lang, page_src_uri=src, now=now)
    markdown = front_matter({"title": safe_title(campaign.id)}) + "\n" + str(head) + gallery
    return SitePage(src_uri=src, head=markdown, in_nav=True)
