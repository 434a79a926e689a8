"""The comparison of any two versions on a review page (``data-proofroom="compare"``)."""

from __future__ import annotations

from proofroom.core.model import Version
from proofroom.site.html import attrs, block, esc, rel_url
from proofroom.site.i18n import t
from proofroom.site.parts import alt_text
from proofroom.site.review_context import WEB_KINDS, ReviewContext


def _compare_display(ctx: ReviewContext, version: Version) -> tuple[str, int | None, int | None]:
    """What a comparison pane shows: the large view, else the thumbnail or icon."""
    ref = ctx.ref(version)
    if ref.display and (ctx.asset.kind in WEB_KINDS or ref.display != ref.original):
        return rel_url(ctx.page, ref.display), ref.width, ref.height
    return rel_url(ctx.page, ref.thumb), ref.thumb_width, ref.thumb_height


def compare_section(ctx: ReviewContext) -> str:
    """Two selects and two figures; without JS it shows the previous and current versions."""
    versions = list(reversed(ctx.asset.versions))
    if len(versions) < 2 or not any(ctx.ref(v).display for v in versions):
        return ""  # nothing to look at side by side (icons only)
    lang = ctx.lang
    defaults = {"left": versions[1], "right": versions[0]}
    alt = alt_text(ctx.asset.rel, ctx.deliverable)
    lines = [
        f'<div class="proofroom proofroom-compare"{attrs(data_proofroom="compare", data_alt=alt)}>',
        f"<h2>{esc(t(lang, 'compare'))}</h2>",
        '<div class="proofroom-compare__controls">',
    ]
    for side, key in (("left", "compare_left"), ("right", "compare_right")):
        lines.append(
            f'<label class="proofroom-compare__label">{esc(t(lang, key))} '
            f"<select{attrs(data_proofroom_side=side, autocomplete='off')}>"
        )
        for v in versions:
            src, width, height = _compare_display(ctx, v)
            option = attrs(
                value=v.number,
                data_display=src,
                data_label=ctx.version_label(v),
                data_width=width,
                data_height=height,
                data_sha=v.blob,
                selected=v is defaults[side],
            )
            lines.append(f"<option{option}>{esc(ctx.version_label(v))}</option>")
        lines.append("</select></label>")
    lines.append("</div>")
    lines.append('<div class="proofroom-compare__panes">')
    for side, v in defaults.items():
        src, width, height = _compare_display(ctx, v)
        label = ctx.version_label(v)
        pane = attrs(class_="proofroom-compare__pane", data_side=side, data_version=v.number)
        lines.append(
            f"<figure{pane}>"
            f"<img{attrs(src=src, alt=f'{alt} ({label})', width=width, height=height)}"
            f"{attrs(loading='lazy', decoding='async')}>"
            f"<figcaption>{esc(ctx.version_label(v))}</figcaption></figure>"
        )
    lines += ["</div>", "</div>"]
    return block(lines)
