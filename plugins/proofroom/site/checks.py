"""The automated checks panel of a review page: does the file fit its channel?

:func:`checks_html` renders the checks of the current version against the deliverable's
channel. :func:`checks_section` is the page section: it finds the catalog and the facts
itself. The build tells it where the workspace is with :func:`configure` (then the
workspace's own ``channels.yml`` counts, and the work tree's file header gives the colour
mode, profile and dpi); unconfigured, the packaged catalog and the media sizes are used.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from proofroom.core.model import Version
from proofroom.core.problems import Problem
from proofroom.core.specs import (
    CATALOG_FILE,
    ChannelSpec,
    Check,
    Facts,
    check_fit,
    file_facts,
    load_catalog,
    unknown_channel_message,
)
from proofroom.site.html import attrs, block, esc
from proofroom.site.i18n import t
from proofroom.site.review_context import ReviewContext

# What a status looks like besides its colour: an icon and a word (see CHECKS_STRINGS).
ICONS = {"pass": "✓", "warn": "!", "fail": "✗", "unknown": "?"}

FactsLookup = Callable[[ReviewContext, Version], Facts | None]


@dataclass
class _Config:
    root: Path | None = None
    facts: FactsLookup | None = None


_CONFIG = _Config()


def configure(*, root: Path | str | None = None, facts: FactsLookup | None = None) -> None:
    """Where the workspace is (for its ``channels.yml`` and work-tree files), and an
    optional lookup of richer facts (e.g. a video probe); call once per build."""
    _CONFIG.root = Path(root) if root is not None else None
    _CONFIG.facts = facts


@lru_cache(maxsize=8)
def _cached_catalog(
    root: str | None, stamp: tuple[int, int] | None
) -> tuple[dict[str, ChannelSpec], list[Problem]]:
    return load_catalog(root)


def catalog_for(root: Path | str | None) -> tuple[dict[str, ChannelSpec], list[Problem]]:
    """The merged catalog of a workspace, read again only when its channels.yml changes."""
    if root is None:
        return _cached_catalog(None, None)
    try:
        st = os.stat(Path(root) / CATALOG_FILE)
        stamp: tuple[int, int] | None = (st.st_mtime_ns, st.st_size)
    except OSError:
        stamp = None
    return _cached_catalog(str(Path(root).resolve()), stamp)


def facts_of(ctx: ReviewContext, version: Version, root: Path | None = None) -> Facts:
    """What is known of ``version``: the media layer's size, git's byte count, the
    extension and the brief's alt text; with ``root``, the work tree's header too when the
    file there has the version's size (it then is the version in all likelihood)."""
    spec = ctx.deliverable.spec if ctx.deliverable else None
    alt = bool(spec and spec.extra.get("alt"))
    name = version.path or ctx.asset.rel
    ext = name.rsplit("/", 1)[-1].rsplit(".", 1)[-1].lower() if "." in name else ""
    size = version.lfs.size if version.lfs is not None else version.size
    ref = ctx.ref(version)
    facts = Facts(ext=ext, bytes=size, width=ref.width, height=ref.height, alt=alt)
    if root is not None and version.lfs is None:
        path = Path(root) / version.path
        try:
            same = path.is_file() and path.stat().st_size == version.size
        except OSError:
            same = False
        if same:
            head = file_facts(path, alt=alt)
            facts = Facts(
                ext=ext,
                bytes=size,
                width=facts.width or head.width,
                height=facts.height or head.height,
                mode=head.mode,
                duration=head.duration,
                dpi=head.dpi,
                icc=head.icc,
                alt=alt,
            )
    return facts


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
        f'<span class="proofroom-check__message">{esc(check.message)}</span></li>'
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
    catalog, _problems = catalog_for(_CONFIG.root)  # problems are `validate`'s to report
    facts = None
    if version is not None:
        if _CONFIG.facts is not None:
            facts = _CONFIG.facts(ctx, version)
        if facts is None:
            facts = facts_of(ctx, version, _CONFIG.root)
    return checks_html(ctx, catalog, facts)
