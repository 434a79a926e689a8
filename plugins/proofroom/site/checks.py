"""The automated checks panel of a review page: does the file fit its channel?

:func:`checks_html` renders the checks of the current version against the deliverable's
channel. :func:`checks_section` is the page section: the catalog comes with the page
(``ReviewContext.channels``, the workspace's merged ``channels.yml``; the packaged one
otherwise) and so does the workspace (``ReviewContext.root``, whose work-tree file header
gives an image's colour mode, profile and dpi).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from markupsafe import Markup

from proofroom.core.media.specs import (
    ChannelSpec,
    Check,
    Facts,
    check_fit,
    file_facts,
    load_catalog,
    unknown_channel_message,
)
from proofroom.core.model import Version
from proofroom.site.html import Html, block, start, tag
from proofroom.site.lang import check_message, t
from proofroom.site.review_context import ReviewContext

# What a status looks like besides its colour: an icon and a word (checks_status_*).
ICONS = {"pass": "✓", "warn": "!", "fail": "✗", "unknown": "?"}


@lru_cache(maxsize=1)
def packaged_catalog() -> dict[str, ChannelSpec]:
    """The catalog shipped with Proofroom (pages built without a workspace's own)."""
    return load_catalog(None)[0]


def facts_of(ctx: ReviewContext, version: Version) -> Facts:
    """What is known of ``version``: the media layer's size and length, git's byte count,
    the extension and the brief's alt text; for a raster image in the workspace
    (``ctx.root``), the work tree's header too (colour mode, profile, dpi) when the file
    there has the version's size (it then is the version in all likelihood)."""
    spec = ctx.deliverable.spec if ctx.deliverable else None
    alt = bool(spec and spec.extra.get("alt"))
    name = version.path or ctx.asset.rel
    ext = name.rsplit("/", 1)[-1].rsplit(".", 1)[-1].lower() if "." in name else ""
    size = version.lfs.size if version.lfs is not None else version.size
    ref = ctx.ref(version)
    facts = Facts(
        ext=ext, bytes=size, width=ref.width, height=ref.height, duration=ref.duration, alt=alt
    )
    if ctx.root is None or version.lfs is not None or ctx.asset.kind not in ("image", "pdf"):
        return facts  # videos: the media layer already probed them once, and cached it
    path = Path(ctx.root) / version.path
    try:
        same = path.is_file() and path.stat().st_size == version.size
    except OSError:
        same = False
    if not same:
        return facts
    head = file_facts(path, alt=alt)
    if ctx.asset.kind == "pdf":  # the page measured at print resolution, not as displayed
        return replace(facts, width=head.width, height=head.height, dpi=head.dpi)
    return replace(
        facts,
        width=facts.width or head.width,
        height=facts.height or head.height,
        mode=head.mode,
        dpi=head.dpi,
        icc=head.icc,
    )


def _item(lang: str, check: Check) -> Markup:
    status = check.status
    label = t(lang, f"checks_status_{status}")
    body = Html(
        '<span class="proofroom-check__badge">'
        '<span class="proofroom-check__icon" aria-hidden="true">{icon}</span> {label}</span> '
        '<span class="proofroom-check__name">{name}</span> '
        '<span class="proofroom-check__message">{message}</span>'
    ).format(
        icon=ICONS[status],
        label=label,
        name=t(lang, f"check_{check.id}"),
        message=check_message(lang, check),
    )
    cls = f"proofroom-check proofroom-check--{status}"
    return tag("li", body, class_=cls, data_check=check.id, data_status=status)


def _sources(lang: str, spec: ChannelSpec) -> list[Markup]:
    if not spec.sources and not spec.note:
        return []
    lines = [
        Html('<details class="proofroom-checks__sources">'),
        tag("summary", t(lang, "checks_sources")),
    ]
    if spec.note:
        lines.append(tag("p", spec.note, class_="proofroom-checks__note"))
    if spec.sources:
        lines.append(Html("<ul>"))
        for source in spec.sources:
            host = urlsplit(source.url).netloc or source.url
            extra = [t(lang, "checks_read", date=source.read)]
            if source.via:
                extra.append(t(lang, "checks_via", host=urlsplit(source.via).netloc or source.via))
            figures = f" — {', '.join(source.figures)}" if source.figures else ""
            link = tag("a", host, href=source.url, rel="noopener noreferrer")
            lines.append(Html("<li>{} ({}){}</li>").format(link, ", ".join(extra), figures))
        lines.append(Html("</ul>"))
    lines.append(Html("</details>"))
    return lines


def checks_html(
    ctx: ReviewContext, catalog: Mapping[str, ChannelSpec], facts: Facts | None
) -> Markup:
    """The panel for the deliverable's channel; empty when it names no channel."""
    d = ctx.deliverable
    channel = d.spec.channel if d is not None and d.spec is not None else None
    if not channel:
        return Html()
    lang = ctx.lang
    spec = catalog.get(channel)
    if spec is None:
        checks = [Check("channel", "warn", unknown_channel_message(channel, catalog))]
        title = t(lang, "checks_unknown_channel", id=channel)
    elif facts is None:
        return Html()
    else:
        checks = check_fit(spec, facts)
        title = t(lang, "checks_channel", name=spec.name, id=spec.id)
    if not checks:
        return Html()
    passed = sum(c.status == "pass" for c in checks)
    worst = next(
        (s for s in ("fail", "warn", "unknown") if any(c.status == s for c in checks)), "pass"
    )
    summary = t(lang, "checks_summary", passed=passed, total=len(checks))
    lines = [
        start(
            "section",
            class_="proofroom proofroom-checks",
            data_proofroom="checks",
            data_channel=channel,
            data_status=worst,
        ),
        tag("h2", t(lang, "checks")),
        tag("p", f"{title} · {summary}", class_="proofroom-checks__channel"),
        Html('<ul class="proofroom-checks__list">'),
        *(_item(lang, c) for c in checks),
        Html("</ul>"),
    ]
    if spec is not None:
        lines += _sources(lang, spec)
    lines.append(Html("</section>"))
    return block(lines)


def checks_section(ctx: ReviewContext) -> Markup:
    """Automated checks of the current version against the deliverable's channel."""
    d = ctx.deliverable
    if d is None or d.spec is None or not d.spec.channel:
        return Html()
    version = ctx.asset.current
    catalog = ctx.channels if ctx.channels is not None else packaged_catalog()
    facts = facts_of(ctx, version) if version is not None else None
    return checks_html(ctx, catalog, facts)
