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
from proofroom.site.check_messages import check_message
from proofroom.site.html import attrs, block, esc
from proofroom.site.i18n import t
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


def _item(lang: str, check: Check) -> str:
    status = check.status
    label = t(lang, f"checks_status_{status}")
    name_key = f"check_{check.id}"
    return (
        f"<li{attrs(class_=f'proofroom-check proofroom-check--{status}')}"
        f"{attrs(data_check=check.id, data_status=status)}>"
        f'<span class="proofroom-check__badge">'
        f'<span class="proofroom-check__icon" aria-hidden="true">{ICONS[status]}</span> '
        f"{esc(label)}</span> "
        f'<span class="proofroom-check__name">{esc(t(lang, name_key))}</span> '
        f'<span class="proofroom-check__message">{esc(check_message(lang, check))}</span></li>'
    )


def _sources(lang: str, spec: ChannelSpec) -> list[str]:
    if not spec.sources and not spec.note:
        return []
    lines = [
        '<details class="proofroom-checks__sources">',
        f"<summary>{esc(t(lang, 'checks_sources'))}</summary>",
    ]
    if spec.note:
        lines.append(f'<p class="proofroom-checks__note">{esc(spec.note)}</p>')
    if spec.sources:
        lines.append("<ul>")
        for source in spec.sources:
            host = urlsplit(source.url).netloc or source.url
            extra = [t(lang, "checks_read", date=source.read)]
            if source.via:
                extra.append(t(lang, "checks_via", host=urlsplit(source.via).netloc or source.via))
            figures = f" — {', '.join(source.figures)}" if source.figures else ""
            lines.append(
                f"<li><a{attrs(href=source.url, rel='noopener noreferrer')}>{esc(host)}</a> "
                f"({esc(', '.join(extra))}){esc(figures)}</li>"
            )
        lines.append("</ul>")
    lines.append("</details>")
    return lines


def checks_html(ctx: ReviewContext, catalog: Mapping[str, ChannelSpec], facts: Facts | None) -> str:
    """The panel for the deliverable's channel; ``""`` when it names no channel."""
    d = ctx.deliverable
    channel = d.spec.channel if d is not None and d.spec is not None else None
    if not channel:
        return ""
    lang = ctx.lang
    spec = catalog.get(channel)
    if spec is None:
        checks = [Check("channel", "warn", unknown_channel_message(channel, catalog))]
        title = t(lang, "checks_unknown_channel", id=channel)
    elif facts is None:
        return ""
    else:
        checks = check_fit(spec, facts)
        title = t(lang, "checks_channel", name=spec.name, id=spec.id)
    if not checks:
        return ""
    passed = sum(c.status == "pass" for c in checks)
    worst = next(
        (s for s in ("fail", "warn", "unknown") if any(c.status == s for c in checks)), "pass"
    )
    lines = [
        f"<section{attrs(class_='proofroom proofroom-checks', data_proofroom='checks')}"
        f"{attrs(data_channel=channel, data_status=worst)}>",
        f"<h2>{esc(t(lang, 'checks'))}</h2>",
        f'<p class="proofroom-checks__channel">{esc(title)} · '
        f"{esc(t(lang, 'checks_summary', passed=passed, total=len(checks)))}</p>",
        '<ul class="proofroom-checks__list">',
        *(_item(lang, c) for c in checks),
        "</ul>",
    ]
    if spec is not None:
        lines += _sources(lang, spec)
    lines.append("</section>")
    return block(lines)


def checks_section(ctx: ReviewContext) -> str:
    """Automated checks of the current version against the deliverable's channel."""
    d = ctx.deliverable
    if d is None or d.spec is None or not d.spec.channel:
        return ""
    version = ctx.asset.current
    catalog = ctx.channels if ctx.channels is not None else packaged_catalog()
    facts = facts_of(ctx, version) if version is not None else None
    return checks_html(ctx, catalog, facts)
