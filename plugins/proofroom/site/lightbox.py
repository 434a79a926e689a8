"""The zoom of the current version: a button under the viewer and a ``<dialog>``.

``decide.js`` opens the dialog, zooms and pans; the large picture is only fetched on
the first opening (``data-src``), so a page view never downloads a big original.
"""

from __future__ import annotations

import posixpath

from proofroom.core.model import Version
from proofroom.site.html import attrs, esc
from proofroom.site.i18n import t
from proofroom.site.parts import alt_text, file_name
from proofroom.site.review_context import ReviewContext

# Originals every browser shows in <img>; anything else zooms into the web rendition.
WEB_EXTENSIONS = frozenset({".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg"})


def zoom_source(ctx: ReviewContext, version: Version) -> str | None:
    """The site path of the picture to zoom: the original when browsers show it."""
    display = ctx.display_of(version)
    if display is None:
        return None
    ref = ctx.ref(version)
    ext = posixpath.splitext(ctx.asset.path)[1].lower()
    if ref.original and ctx.asset.kind in ("image", "svg") and ext in WEB_EXTENSIONS:
        return ref.original
    return display


def zoom_button_html(ctx: ReviewContext, version: Version) -> str:
    """The button that opens the zoom (``""`` when the version has no picture)."""
    if zoom_source(ctx, version) is None:
        return ""
    button = attrs(
        type="button",
        class_="proofroom-zoom",
        data_proofroom="zoom",
        aria_haspopup="dialog",
        aria_controls="proofroom-lightbox",
    )
    return f"<button{button}>{esc(t(ctx.lang, 'zoom_open'))}</button>"


def _tool(lang: str, action: str, key: str, symbol: str) -> str:
    label = t(lang, key)
    button = attrs(
        type="button",
        class_=f"proofroom-lightbox__tool proofroom-lightbox__tool--{action}",
        data_zoom=action,
        aria_label=label,
        title=label,
    )
    return f'<button{button}><span aria-hidden="true">{symbol}</span></button>'


def lightbox_html(ctx: ReviewContext, version: Version) -> str:
    """The closed dialog holding the zoomable picture: one line, its own raw HTML block."""
    source = zoom_source(ctx, version)
    if source is None:
        return ""
    lang = ctx.lang
    title = t(lang, "zoom_title", name=file_name(ctx.asset.rel))
    ref = ctx.ref(version)
    image = attrs(
        data_src=ctx.url(source),
        alt=alt_text(ctx.asset.rel, ctx.deliverable),
        width=ref.width,
        height=ref.height,
        draggable="false",
    )
    view = attrs(
        class_="proofroom-lightbox__view",
        data_proofroom="lightbox-view",
        tabindex=0,
        aria_label=t(lang, "zoom_help"),
    )
    return (
        '<div class="proofroom proofroom-lightbox-host">'
        f"<dialog{attrs(class_='proofroom-lightbox', id='proofroom-lightbox')}"
        f"{attrs(data_proofroom='lightbox', aria_label=title)}>"
        '<div class="proofroom-lightbox__bar">'
        f'<span class="proofroom-lightbox__title">{esc(title)}</span>'
        f"{_tool(lang, 'out', 'zoom_out', '−')}"
        '<output class="proofroom-lightbox__level" data-proofroom="zoom-level">100%</output>'
        f"{_tool(lang, 'in', 'zoom_in', '+')}"
        f"{_tool(lang, 'reset', 'zoom_reset', '⤢')}"
        f"{_tool(lang, 'close', 'zoom_close', '×')}"
        "</div>"
        f"<div{view}><img{image}></div>"
        f'<p class="proofroom-lightbox__help">{esc(t(lang, "zoom_help"))}</p>'
        "</dialog></div>"
    )
