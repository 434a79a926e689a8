"""The review page of one asset: current version, every version, comparison, status.

The page is a sequence of independent sections (:data:`SECTIONS`), each a function of a
:class:`ReviewContext` returning one raw HTML block or ``""``. Decisions, automated checks
and the decision panel plug in by filling their section function.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from markupsafe import Markup

from proofroom.core.media.specs import ChannelSpec
from proofroom.core.model import Asset, Campaign, Deliverable, Status, TeamMember, Version
from proofroom.core.settings import REVIEWS_DIR
from proofroom.site.annotations import (
    marks_html,
    stage_style,
)
from proofroom.site.checks import checks_section
from proofroom.site.compare import compare_section
from proofroom.site.decision_panel import decision_panel_section
from proofroom.site.decisions import audit_html, comments_html, workflow_html
from proofroom.site.html import (
    Html,
    block,
    blocks,
    campaign_uri,
    campaigns_index_uri,
    front_matter,
    multiline,
    page_url,
    review_uri,
    safe_title,
    start,
    tag,
    void,
)
from proofroom.site.lang import t
from proofroom.site.lang.formats import format_offset, format_size
from proofroom.site.lightbox import lightbox_html, zoom_button_html
from proofroom.site.media_refs import DiffLookup, MediaLookup, MediaRef
from proofroom.site.parts import (
    SitePage,
    alt_text,
    badge_html,
    campaign_tz,
    due_html,
    file_name,
    fill,
    flag_html,
    span,
    thumb_html,
    time_html,
)
from proofroom.site.pdf_view import pdf_caption, pdf_pages_html
from proofroom.site.review_context import WEB_KINDS, ReviewContext
from proofroom.site.video_view import timeline_html


def _header(ctx: ReviewContext) -> Markup:
    campaigns = page_url(ctx.page, campaigns_index_uri())
    brief = page_url(ctx.page, campaign_uri(ctx.campaign.id))
    lang = ctx.lang
    sep = Html('<span aria-hidden="true"> › </span>')
    trail = (
        tag("a", t(lang, "campaigns"), href=campaigns),
        tag("a", ctx.campaign.title, href=brief),
        tag("span", ctx.asset.rel, aria_current="page"),
    )
    return block(
        [
            start(
                "div",
                class_="proofroom proofroom-review",
                data_proofroom="review",
                data_campaign=ctx.campaign.id,
                data_asset=ctx.asset.path,
            ),
            tag(
                "nav",
                sep.join(trail),
                class_="proofroom-breadcrumb",
                aria_label=t(lang, "breadcrumb"),
            ),
            tag("h1", file_name(ctx.asset.rel)),
            Html("</div>"),
        ]
    )


def status_section(ctx: ReviewContext) -> Markup:
    d = ctx.deliverable
    lang = ctx.lang
    items = [badge_html(lang, d.status if d else None)]
    if d and d.stage and d.status not in (Status.APPROVED, Status.MISSING):
        items.append(span("proofroom-stage", t(lang, "stage", stage=d.stage)))
    if d and d.overdue:
        items.append(flag_html("overdue", t(lang, "overdue")))
    if d and d.stale:
        items.append(flag_html("stale", t(lang, "stale")))
    if not ctx.asset.present:
        items.append(flag_html("removed", t(lang, "removed")))
    if d:
        items.append(due_html(lang, d, ctx.tz, None))
    return block(
        [
            start("div", class_="proofroom proofroom-status", data_proofroom="status"),
            tag("h2", t(lang, "status")),
            tag("p", *(i for i in items if i), class_="proofroom-status__items"),
            Html("</div>"),
        ]
    )


def _download(ctx: ReviewContext, version: Version, ref: MediaRef) -> Markup:
    """The link to the original, saved under its own file name (the site's copy is named
    by content, and a document type's ends in ``.bin`` so that browsers never render it)."""
    if not ref.original:
        return Html()
    return tag(
        "a",
        t(ctx.lang, "download_original"),
        class_="proofroom-download",
        href=ctx.url(ref.original),
        download=file_name(version.path),
    )


def _media_html(ctx: ReviewContext, version: Version, ref: MediaRef) -> list[Markup]:
    """The large view of one version, by kind; never inlines SVG."""
    kind = ctx.asset.kind
    alt = alt_text(ctx.asset.rel, ctx.deliverable)
    if version.lfs is not None and not ref.original:
        return [
            Html('<div class="proofroom-viewer__lfs">'),
            thumb_html(ref, ctx.page, alt, "proofroom-viewer__icon"),
            tag("p", tag("strong", t(ctx.lang, "lfs_stored"))),
            tag(
                "p",
                fill(
                    ctx.lang,
                    "lfs_detail",
                    size=format_size(ctx.lang, version.lfs.size),
                    oid=tag("code", version.lfs.oid),
                ),
            ),
            tag("p", t(ctx.lang, "lfs_hint"), class_="proofroom-note"),
            Html("</div>"),
        ]
    size = {"width": ref.width, "height": ref.height}
    play = {"controls": True, "preload": "metadata"}
    if kind == "video" and ref.original:
        return [
            tag("video", src=ctx.url(ref.original), poster=ctx.url(ref.display), **size, **play),
            *timeline_html(ctx),  # the comments made at a time, under the player
        ]
    if kind == "audio" and ref.original:
        return [tag("audio", src=ctx.url(ref.original), **play)]
    if kind == "pdf" and ref.pages:  # every page, with the comments made on it
        return pdf_pages_html(ctx, version, ref)
    display = ref.display if kind in WEB_KINDS or ref.display != ref.original else None
    if display:
        # The current version's comments are drawn over it, numbered as in the comments.
        marks = marks_html(ctx.comment_groups().get(str(version.number), []), ctx.lang)
        stage = start(
            "div",
            class_="proofroom-viewer__stage proofroom-annotated",
            style=stage_style(ref.width, ref.height),
        )
        img = void("img", src=ctx.url(display), alt=alt, decoding="async", **size)
        return [stage, img, *marks, Html("</div>")]
    note = "no_preview" if ref.original else "not_available"
    return [
        Html('<div class="proofroom-viewer__file">'),
        thumb_html(ref, ctx.page, alt, "proofroom-viewer__icon"),
        tag("p", t(ctx.lang, note), class_="proofroom-note"),
        Html("</div>"),
    ]


def viewer_section(ctx: ReviewContext) -> Markup:
    version = ctx.asset.current
    root = {"class_": "proofroom proofroom-viewer", "data_proofroom": "viewer"}
    if version is None:
        return block(
            [
                start("div", **root),
                tag("p", t(ctx.lang, "no_version"), class_="proofroom-note"),
                Html("</div>"),
            ]
        )
    ref = ctx.ref(version)
    caption = [tag("strong", t(ctx.lang, "current_version", n=version.number))]
    if version.working_copy:
        caption.append(flag_html("working-copy", t(ctx.lang, "working_copy")))
    if ref.width and ref.height:
        caption.append(tag("span", t(ctx.lang, "dimensions", w=ref.width, h=ref.height)))
    caption += pdf_caption(ctx.lang, ref)  # "3 pages", "210 × 297 mm"
    facts = [format_offset(ref.duration) if ref.duration is not None else "", ref.codec or ""]
    if any(facts):  # "00:12 · h264": a video's length and codec, language-neutral
        caption.append(tag("span", " · ".join(f for f in facts if f)))
    size = version.lfs.size if version.lfs else version.size
    caption.append(tag("span", format_size(ctx.lang, size)))
    caption.append(_download(ctx, version, ref))
    caption.append(zoom_button_html(ctx, version))
    lines = [
        start(
            "figure",
            **root,
            data_kind=ctx.asset.kind,
            data_version=version.number,
            data_sha=version.blob,
        ),
        *_media_html(ctx, version, ref),
        tag("figcaption", Html(" ").join(c for c in caption if c)),
    ]
    if ref.warning:
        lines.append(tag("p", ref.warning, class_="proofroom-warning"))
    lines.append(Html("</figure>"))
    # The zoom's dialog is its own block, outside the figure: one picture in the viewer.
    return blocks(block(lines), lightbox_html(ctx, version))


def decisions_section(ctx: ReviewContext) -> Markup:
    """The workflow, the comments drawn on each version, and the audit trail.

    Three raw HTML blocks separated by blank lines, each left alone by Markdown.
    """
    return blocks(workflow_html(ctx), comments_html(ctx), audit_html(ctx))


def _version_item(ctx: ReviewContext, version: Version, current: bool) -> list[Markup]:
    lang = ctx.lang
    ref = ctx.ref(version)
    number = t(lang, "version", n=version.number)
    head = [tag("strong", number, class_="proofroom-version__number")]
    if version.working_copy:
        head.append(flag_html("working-copy", t(lang, "working_copy")))
    if version.same_as is not None:
        same = t(lang, "same_as", n=version.same_as)
        head.append(
            tag("span", same, class_="proofroom-version__same", data_same_as=version.same_as)
        )
    if version.landed_at is not None:
        head.append(time_html(lang, version.landed_at, ctx.tz, with_time=True))
    if version.made is not None:
        author = t(lang, "made_by", name=version.made.author.name)
        head.append(span("proofroom-version__author", author))
    if version.landed is not None:
        sha = version.landed.sha
        code = tag("code", sha[:7])
        href = ctx.commit_url(sha)
        link = tag("a", code, href=href, title=sha) if href else code
        head.append(span("proofroom-version__commit", fill(lang, "landing_commit", sha=link)))
    alt = f"{alt_text(ctx.asset.rel, ctx.deliverable)} ({t(lang, 'version', n=version.number)})"
    item = start(
        "li",
        class_="proofroom-version",
        data_proofroom="version",
        data_sha=version.blob,
        data_version=version.number,
        data_working_copy="true" if version.working_copy else None,
        aria_current="true" if current else None,
    )
    lines = [
        item,
        thumb_html(ref, ctx.page, alt, "proofroom-version__thumb"),
        Html('<div class="proofroom-version__body">'),
        tag("p", Html(" ").join(head), class_="proofroom-version__head"),
    ]
    commit = version.made or version.landed
    if commit is not None:
        lines.append(tag("p", commit.subject, class_="proofroom-version__subject"))
        message = commit.message.strip()
        if message and message != commit.subject:
            summary = tag("summary", t(lang, "full_message"))
            lines.append(tag("details", summary, tag("pre", multiline(message))))
    if ref.warning:
        lines.append(tag("p", ref.warning, class_="proofroom-warning"))
    lines += [Html("</div>"), Html("</li>")]
    return lines


def versions_section(ctx: ReviewContext) -> Markup:
    """Every version, newest first."""
    versions = list(reversed(ctx.asset.versions))
    if not versions:
        return Html()
    lines = [
        start("div", class_="proofroom proofroom-versions", data_proofroom="versions"),
        tag("h2", t(ctx.lang, "versions")),
        Html('<ol class="proofroom-versions__list">'),
    ]
    for i, version in enumerate(versions):
        lines += _version_item(ctx, version, current=i == 0)
    lines += [Html("</ol>"), Html("</div>")]
    return block(lines)


def deliverable_of(campaign: Campaign, asset: Asset) -> Deliverable | None:
    """The deliverable an asset fulfils, if any."""
    for d in campaign.deliverables:
        if d.asset is asset or (d.asset is None and d.asset_rel == asset.rel):
            return d
    return next((d for d in campaign.deliverables if d.asset_rel == asset.rel), None)


Section = Callable[[ReviewContext], Markup]

# The page order. Later parts replace the empty sections in place.
SECTIONS: tuple[Section, ...] = (
    status_section,
    viewer_section,
    decision_panel_section,
    decisions_section,
    checks_section,
    compare_section,
    versions_section,
)


def review_page(
    campaign: Campaign,
    asset: Asset,
    deliverable: Deliverable | None,
    media: MediaLookup,
    lang: str,
    *,
    repo_url: str | None,
    branch: str,
    team: Mapping[str, TeamMember] | None = None,
    diff: DiffLookup | None = None,
    root: Path | None = None,
    channels: Mapping[str, ChannelSpec] | None = None,
    reviews_dir: str = REVIEWS_DIR,
) -> SitePage:
    """The review page of ``asset``, outside the navigation and the search index.

    ``team`` (``Workspace.team``) turns reviewer logins into names; ``diff`` gives the
    difference images of the comparison; ``root`` and ``channels`` (the workspace's
    channel catalog) feed the automated checks; ``reviews_dir`` places decision files.
    """
    src = review_uri(asset, campaign)
    ctx = ReviewContext(
        campaign=campaign,
        asset=asset,
        deliverable=deliverable,
        media=media,
        lang=lang,
        page=src,
        repo_url=repo_url,
        branch=branch,
        tz=campaign_tz(campaign),
        team=team or {},
        diff=diff,
        root=root,
        channels=channels,
        reviews_dir=reviews_dir,
    )
    title = f"{asset.rel} · {campaign.title}"
    meta = {
        "title": safe_title(title),
        "search": {"exclude": True},
        "hide": ["navigation", "toc"],
    }
    body = blocks(_header(ctx), *(section(ctx) for section in SECTIONS))
    return SitePage(src_uri=src, head=front_matter(meta), html=str(body), in_nav=False)
