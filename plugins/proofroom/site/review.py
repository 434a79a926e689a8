"""The review page of one asset: current version, every version, comparison, status.

The page is a sequence of independent sections (:data:`SECTIONS`), each a function of a
:class:`ReviewContext` returning one raw HTML block or ``""``. Decisions, automated checks
and the decision panel plug in by filling their section function.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from proofroom.core.media.specs import ChannelSpec
from proofroom.core.model import Asset, Campaign, Deliverable, TeamMember, Version
from proofroom.site.annotations import (
    marks_html,
    stage_style,
)
from proofroom.site.checks import checks_section
from proofroom.site.compare import compare_section
from proofroom.site.decision_panel import decision_panel_section
from proofroom.site.decisions import audit_html, comments_html, workflow_html
from proofroom.site.html import (
    attrs,
    block,
    campaign_uri,
    campaigns_index_uri,
    esc,
    esc_multiline,
    front_matter,
    page_url,
    review_uri,
    safe_title,
    tag,
)
from proofroom.site.i18n import format_offset, format_size, t
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


def _header(ctx: ReviewContext) -> str:
    campaigns = page_url(ctx.page, campaigns_index_uri())
    brief = page_url(ctx.page, campaign_uri(ctx.campaign.id))
    lang = ctx.lang
    return block(
        [
            f"<div{attrs(class_='proofroom proofroom-review', data_proofroom='review')}"
            f"{attrs(data_campaign=ctx.campaign.id, data_asset=ctx.asset.path)}>",
            f'<nav class="proofroom-breadcrumb"{attrs(aria_label=t(lang, "breadcrumb"))}>'
            f"<a{attrs(href=campaigns)}>{esc(t(lang, 'campaigns'))}</a>"
            f'<span aria-hidden="true"> › </span>'
            f"<a{attrs(href=brief)}>{esc(ctx.campaign.title)}</a>"
            f'<span aria-hidden="true"> › </span>'
            f'<span aria-current="page">{esc(ctx.asset.rel)}</span></nav>',
            f"<h1>{esc(file_name(ctx.asset.rel))}</h1>",
            "</div>",
        ]
    )


def status_section(ctx: ReviewContext) -> str:
    d = ctx.deliverable
    lang = ctx.lang
    items = [badge_html(lang, d.status if d else None)]
    if d and d.stage and d.status not in ("approved", "missing"):
        items.append(f'<span class="proofroom-stage">{esc(t(lang, "stage", stage=d.stage))}</span>')
    if d and d.overdue:
        items.append(flag_html("overdue", t(lang, "overdue")))
    if d and d.stale:
        items.append(flag_html("stale", t(lang, "stale")))
    if not ctx.asset.present:
        items.append(flag_html("removed", t(lang, "removed")))
    if d:
        items.append(due_html(lang, d, ctx.tz, None))
    heading = f"<h2>{esc(t(lang, 'status'))}</h2>"
    return block(
        [
            f'<div class="proofroom proofroom-status"{attrs(data_proofroom="status")}>',
            heading,
            f'<p class="proofroom-status__items">{"".join(i for i in items if i)}</p>',
            "</div>",
        ]
    )


def _download(ctx: ReviewContext, ref: MediaRef) -> str:
    if not ref.original:
        return ""
    return (
        f'<a class="proofroom-download"{attrs(href=ctx.url(ref.original), download=True)}>'
        f"{esc(t(ctx.lang, 'download_original'))}</a>"
    )


def _media_html(ctx: ReviewContext, version: Version, ref: MediaRef) -> list[str]:
    """The large view of one version, by kind; never inlines SVG."""
    kind = ctx.asset.kind
    alt = alt_text(ctx.asset.rel, ctx.deliverable)
    if version.lfs is not None and not ref.original:
        return [
            '<div class="proofroom-viewer__lfs">',
            thumb_html(ref, ctx.page, alt, "proofroom-viewer__icon"),
            f"<p><strong>{esc(t(ctx.lang, 'lfs_stored'))}</strong></p>",
            tag(
                "p",
                fill(
                    ctx.lang,
                    "lfs_detail",
                    size=format_size(ctx.lang, version.lfs.size),
                    oid=tag("code", version.lfs.oid),
                ),
            ),
            f'<p class="proofroom-note">{esc(t(ctx.lang, "lfs_hint"))}</p>',
            "</div>",
        ]
    size = {"width": ref.width, "height": ref.height}
    if kind == "video" and ref.original:
        return [
            f"<video{attrs(src=ctx.url(ref.original), poster=ctx.url(ref.display), **size)}"
            f"{attrs(controls=True, preload='metadata')}></video>",
            *timeline_html(ctx),  # the comments made at a time, under the player
        ]
    if kind == "audio" and ref.original:
        return [
            f"<audio{attrs(src=ctx.url(ref.original), controls=True, preload='metadata')}></audio>"
        ]
    if kind == "pdf" and ref.pages:  # every page, with the comments made on it
        return pdf_pages_html(ctx, version, ref)
    display = ref.display if kind in WEB_KINDS or ref.display != ref.original else None
    if display:
        # The current version's comments are drawn over it, numbered as in the comments.
        marks = marks_html(ctx.comment_groups().get(str(version.number), []), ctx.lang)
        stage = attrs(
            class_="proofroom-viewer__stage proofroom-annotated",
            style=stage_style(ref.width, ref.height),
        )
        return [
            f"<div{stage}>",
            f"<img{attrs(src=ctx.url(display), alt=alt, decoding='async', **size)}>",
            *marks,
            "</div>",
        ]
    note = "no_preview" if ref.original else "not_available"
    return [
        '<div class="proofroom-viewer__file">',
        thumb_html(ref, ctx.page, alt, "proofroom-viewer__icon"),
        f'<p class="proofroom-note">{esc(t(ctx.lang, note))}</p>',
        "</div>",
    ]


def viewer_section(ctx: ReviewContext) -> str:
    version = ctx.asset.current
    if version is None:
        return block(
            [
                f'<div class="proofroom proofroom-viewer"{attrs(data_proofroom="viewer")}>',
                f'<p class="proofroom-note">{esc(t(ctx.lang, "no_version"))}</p>',
                "</div>",
            ]
        )
    ref = ctx.ref(version)
    caption = [f"<strong>{esc(t(ctx.lang, 'current_version', n=version.number))}</strong>"]
    if version.working_copy:
        caption.append(flag_html("working-copy", t(ctx.lang, "working_copy")))
    if ref.width and ref.height:
        caption.append(f"<span>{esc(t(ctx.lang, 'dimensions', w=ref.width, h=ref.height))}</span>")
    caption += pdf_caption(ctx.lang, ref)  # "3 pages", "210 × 297 mm"
    facts = [format_offset(ref.duration) if ref.duration is not None else "", ref.codec or ""]
    if any(facts):  # "00:12 · h264": a video's length and codec, language-neutral
        caption.append(f"<span>{esc(' · '.join(f for f in facts if f))}</span>")
    size = version.lfs.size if version.lfs else version.size
    caption.append(f"<span>{esc(format_size(ctx.lang, size))}</span>")
    caption.append(_download(ctx, ref))
    caption.append(zoom_button_html(ctx, version))
    lines = [
        f"<figure{attrs(class_='proofroom proofroom-viewer', data_proofroom='viewer')}"
        f"{attrs(data_kind=ctx.asset.kind, data_version=version.number, data_sha=version.blob)}>",
        *_media_html(ctx, version, ref),
        f"<figcaption>{' '.join(c for c in caption if c)}</figcaption>",
    ]
    if ref.warning:
        lines.append(f'<p class="proofroom-warning">{esc(ref.warning)}</p>')
    lines.append("</figure>")
    # The zoom's dialog is its own block, outside the figure: one picture in the viewer.
    return "\n\n".join(b for b in (block(lines), lightbox_html(ctx, version)) if b)


def decisions_section(ctx: ReviewContext) -> str:
    """The workflow, the comments drawn on each version, and the audit trail.

    Three raw HTML blocks separated by blank lines, each left alone by Markdown.
    """
    blocks = (workflow_html(ctx), comments_html(ctx), audit_html(ctx))
    return "\n\n".join(b for b in blocks if b)


def _version_item(ctx: ReviewContext, version: Version, current: bool) -> list[str]:
    lang = ctx.lang
    ref = ctx.ref(version)
    number = esc(t(lang, "version", n=version.number))
    head = [f'<strong class="proofroom-version__number">{number}</strong>']
    if version.working_copy:
        head.append(flag_html("working-copy", t(lang, "working_copy")))
    if version.same_as is not None:
        head.append(
            f'<span class="proofroom-version__same"{attrs(data_same_as=version.same_as)}>'
            f"{esc(t(lang, 'same_as', n=version.same_as))}</span>"
        )
    if version.landed_at is not None:
        head.append(time_html(lang, version.landed_at, ctx.tz, with_time=True))
    if version.made is not None:
        head.append(
            f'<span class="proofroom-version__author">'
            f"{esc(t(lang, 'made_by', name=version.made.author.name))}</span>"
        )
    if version.landed is not None:
        sha = version.landed.sha
        code = tag("code", sha[:7])
        href = ctx.commit_url(sha)
        link = tag("a", code, href=href, title=sha) if href else code
        head.append(span("proofroom-version__commit", fill(lang, "landing_commit", sha=link)))
    alt = f"{alt_text(ctx.asset.rel, ctx.deliverable)} ({t(lang, 'version', n=version.number)})"
    item = attrs(
        class_="proofroom-version",
        data_proofroom="version",
        data_sha=version.blob,
        data_version=version.number,
        data_working_copy="true" if version.working_copy else None,
        aria_current="true" if current else None,
    )
    lines = [
        f"<li{item}>",
        thumb_html(ref, ctx.page, alt, "proofroom-version__thumb"),
        '<div class="proofroom-version__body">',
        f'<p class="proofroom-version__head">{" ".join(head)}</p>',
    ]
    commit = version.made or version.landed
    if commit is not None:
        lines.append(f'<p class="proofroom-version__subject">{esc(commit.subject)}</p>')
        message = commit.message.strip()
        if message and message != commit.subject:
            lines.append(
                f"<details><summary>{esc(t(lang, 'full_message'))}</summary>"
                f"<pre>{esc_multiline(message)}</pre></details>"
            )
    if ref.warning:
        lines.append(f'<p class="proofroom-warning">{esc(ref.warning)}</p>')
    lines += ["</div>", "</li>"]
    return lines


def versions_section(ctx: ReviewContext) -> str:
    """Every version, newest first."""
    versions = list(reversed(ctx.asset.versions))
    if not versions:
        return ""
    lines = [
        f'<div class="proofroom proofroom-versions"{attrs(data_proofroom="versions")}>',
        f"<h2>{esc(t(ctx.lang, 'versions'))}</h2>",
        '<ol class="proofroom-versions__list">',
    ]
    for i, version in enumerate(versions):
        lines += _version_item(ctx, version, current=i == 0)
    lines += ["</ol>", "</div>"]
    return block(lines)


def deliverable_of(campaign: Campaign, asset: Asset) -> Deliverable | None:
    """The deliverable an asset fulfils, if any."""
    for d in campaign.deliverables:
        if d.asset is asset or (d.asset is None and d.asset_rel == asset.rel):
            return d
    return next((d for d in campaign.deliverables if d.asset_rel == asset.rel), None)


Section = Callable[[ReviewContext], str]

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
    reviews_dir: str = "reviews",
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
    blocks = [_header(ctx), *(section(ctx) for section in SECTIONS)]
    body = "\n\n".join(b for b in blocks if b)
    return SitePage(src_uri=src, head=front_matter(meta), html=body, in_nav=False)
