"""The zoom of the current version: a button under the viewer and a ``<dialog>``.

``decide.js`` opens the dialog, zooms and pans; the large picture is only fetched on
the first opening (``data-src``), so a page view never downloads a big original.
"""

from __future__ import annotations

import posixpath

from markupsafe import Markup

from proofroom.core.model import Version
from proofroom.site.html import Html, tag, void
from proofroom.site.lang import t
from proofroom.site.parts import alt_text, file_name
from proofroom.site.review_context import ReviewContext

# Originals every browser shows in <img>; anything else zooms into the web rendition
# (an SVG into the raster drawn from it: the SVG itself is never shown).
WEB_EXTENSIONS = frozenset({".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif"})


def zoom_source(ctx: ReviewContext, version: Version) -> str | None:
    """The site path of the picture to zoom: the original when browsers show it."""
    display = ctx.display_of(version)
    if display is None:
        return None
    ref = ctx.ref(version)
    ext = posixpath.splitext(ctx.asset.path)[1].lower()
    if ref.original and ctx.asset.kind == "image" and ext in WEB_EXTENSIONS:
        return ref.original
    return display


def zoom_button_html(ctx: ReviewContext, version: Version) -> Markup:
    """The button that opens the zoom (empty when the version has no picture)."""
    if zoom_source(ctx, version) is None:
        return Html()
    return tag(
        "button",
        t(ctx.lang, "zoom_open"),
        type="button",
        class_="proofroom-zoom",
        data_proofroom="zoom",
        aria_haspopup="dialog",
        aria_controls="proofroom-lightbox",
    )


def _tool(lang: str, action: str, key: str, symbol: str) -> Markup:
    label = t(lang, key)
    return tag(
        "button",
        Html('<span aria-hidden="true">{}</span>').format(symbol),
        type="button",
        class_=f"proofroom-lightbox__tool proofroom-lightbox__tool--{action}",
        data_zoom=action,
        aria_label=label,
        title=label,
    )


def lightbox_html(ctx: ReviewContext, version: Version) -> Markup:
    """The closed dialog holding the zoomable picture: one line, its own raw HTML block."""
    source = zoom_source(ctx, version)
    if source is None:
        return Html()
    lang = ctx.lang
    title = t(lang, "zoom_title", name=file_name(ctx.asset.rel))
    ref = ctx.ref(version)
    image = void(
        "img",
        data_src=ctx.url(source),
        alt=alt_text(ctx.asset.rel, ctx.deliverable),
        width=ref.width,
        height=ref.height,
        draggable="false",
    )
    view = tag(
        "div",
        image,
        class_="proofroom-lightbox__view",
        data_proofroom="lightbox-view",
        tabindex=0,
        aria_label=t(lang, "zoom_help"),
    )
    bar = tag(
        "div",
        tag("span", title, class_="proofroom-lightbox__title"),
        _tool(lang, "out", "zoom_out", "−"),
        Html('<output class="proofroom-lightbox__level" data-proofroom="zoom-level">100%</output>'),
        _tool(lang, "in", "zoom_in", "+"),
        _tool(lang, "reset", "zoom_reset", "⤢"),
        _tool(lang, "close", "zoom_close", "×"),
        class_="proofroom-lightbox__bar",
    )
    dialog = tag(
        "dialog",
        bar,
        view,
        tag("p", t(lang, "zoom_help"), class_="proofroom-lightbox__help"),
        class_="proofroom-lightbox",
        id="proofroom-lightbox",
        data_proofroom="lightbox",
        aria_label=title,
    )
    return tag("div", dialog, class_="proofroom proofroom-lightbox-host")
