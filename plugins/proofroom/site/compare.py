"""The comparison of any two versions on a review page (``data-proofroom="compare"``).

Two selects choose the versions; four modes show them (``data-proofroom-mode`` on each
radio, the current one in the root's ``data-mode``): side by side with one zoom and pan
for both, a swipe slider, an onion skin, and the difference image made at build time.
Without JavaScript the page shows the previous and current versions side by side; the
mode controls stay hidden because only the script can act on them (``compare.js``).

Every difference image of the asset is listed once (``data-proofroom-diff`` with
``data-older``/``data-newer`` version numbers), with its share of changed pixels already
worded in the page's language: the script only copies attributes and text.
"""

from __future__ import annotations

from markupsafe import Markup

from proofroom.core.media.limits import DIFF_VERSIONS
from proofroom.core.model import Version
from proofroom.site.html import Html, attrs, block, rel_url, start, tag, void
from proofroom.site.lang import decimal, t
from proofroom.site.media_refs import DiffRef
from proofroom.site.parts import alt_text
from proofroom.site.pdf_view import compare_page_images, compare_page_select
from proofroom.site.review_context import WEB_KINDS, ReviewContext
from proofroom.site.video_view import compare_video_html, compare_video_src, play_both_html

MODES = ("side", "swipe", "onion", "diff")
_MODE_KEYS = {
    "side": "compare_side",
    "swipe": "compare_swipe",
    "onion": "compare_onion",
    "diff": "compare_diff",
}


def _compare_display(ctx: ReviewContext, version: Version) -> tuple[str, int | None, int | None]:
    """What a comparison pane shows: the large view, else the thumbnail or icon."""
    ref = ctx.ref(version)
    if ref.pages:  # a PDF: its first page (the script shows the chosen one)
        first = ref.pages[0]
        return rel_url(ctx.page, first.uri), first.width, first.height
    if ref.display and (ctx.asset.kind in WEB_KINDS or ref.display != ref.original):
        return rel_url(ctx.page, ref.display), ref.width, ref.height
    return rel_url(ctx.page, ref.thumb), ref.thumb_width, ref.thumb_height


def format_share(lang: str, share: float) -> str:
    """``12.4 % of pixels changed`` / ``12,4 % des pixels ont changé``.

    A change too small to show at one decimal reads ``<0.1``, never ``0.0``; an almost
    total one ``>99.9``, never ``100.0``.
    """
    percent = share * 100
    if 0 < percent < 0.05:
        number = "<0.1"
    elif 99.95 <= percent < 100:
        number = ">99.9"
    else:
        number = f"{percent:.1f}"
    return t(lang, "compare_changed", share=decimal(lang, number))


def _diffs(ctx: ReviewContext, versions: list[Version]) -> dict[tuple[int, int], DiffRef]:
    """Every difference image made for this asset, by (older, newer) version number."""
    out: dict[tuple[int, int], DiffRef] = {}
    if ctx.diff is None or ctx.asset.kind not in ("image", "pdf"):  # of PDFs: per page
        return out
    ordered = sorted(versions, key=lambda v: v.number)
    for i, older in enumerate(ordered):
        for newer in ordered[i + 1 :]:
            ref = ctx.diff_of(older, newer)
            if ref is not None:
                out[(older.number, newer.number)] = ref
    return out


def _mode_controls(lang: str, offered: tuple[str, ...]) -> list[Markup]:
    modes = {"class_": "proofroom-compare__modes", "data_proofroom_modes": True}
    lines = [
        start("fieldset", **modes, hidden=True),
        tag("legend", t(lang, "compare_mode")),
    ]
    for mode in offered:
        radio = void(
            "input",
            type="radio",
            name="proofroom-compare-mode",
            value=mode,
            data_proofroom_mode=mode,
            checked=mode == "side",
            autocomplete="off",
        )
        name = tag("span", t(lang, _MODE_KEYS[mode]))
        lines.append(tag("label", radio, name, class_="proofroom-compare__mode"))
    lines.append(Html("</fieldset>"))
    return lines


def _tools(lang: str) -> list[Markup]:
    """The controls of each mode, shown by the script with their mode."""

    def button(action: str, key: str, text: str) -> Markup:
        label = t(lang, key)
        return tag(
            "button",
            text,
            class_="proofroom-compare__button",
            type="button",
            data_proofroom_zoom=action,
            aria_label=label,
            title=label,
        )

    def slider(mode: str, key: str) -> Markup:
        rng = void(
            "input",
            type="range",
            min=0,
            max=100,
            step=1,
            value=50,
            data_proofroom_range=mode,
            autocomplete="off",
        )
        label = Html('<label class="proofroom-compare__range">{} {}</label>')
        tools = {"class_": "proofroom-compare__tools", "data_proofroom_tools": mode}
        return tag("div", label.format(t(lang, key), rng), **tools, hidden=True)

    tools = {"class_": "proofroom-compare__tools", "data_proofroom_tools": "side"}
    return [
        start("div", **tools, hidden=True),
        button("out", "compare_zoom_out", "\u2212"),
        button("reset", "compare_zoom_reset", "1:1"),
        button("in", "compare_zoom_in", "+"),
        tag("span", t(lang, "compare_zoom_hint"), class_="proofroom-compare__hint"),
        Html("</div>"),
        slider("swipe", "compare_split"),
        slider("onion", "compare_opacity"),
    ]


def _diff_view(
    ctx: ReviewContext,
    versions: list[Version],
    diffs: dict[tuple[int, int], DiffRef],
    pair: tuple[Version, Version],
) -> list[Markup]:
    """The difference image of the chosen pair, and every other pair for the script."""
    lang = ctx.lang
    alt = alt_text(ctx.asset.rel, ctx.deliverable)

    def alt_of(older: int, newer: int) -> str:
        words = t(
            lang,
            "compare_diff_alt",
            older=t(lang, "version", n=older),
            newer=t(lang, "version", n=newer),
        )
        return f"{alt} ({words})"

    older, newer = sorted((pair[0].number, pair[1].number))
    shown = diffs.get((older, newer))
    image = void(
        "img",
        src=rel_url(ctx.page, shown.uri) if shown else None,
        alt=alt_of(older, newer),
        width=shown.width if shown else None,
        height=shown.height if shown else None,
        hidden=shown is None,
        data_proofroom_diff_image=True,
        loading="lazy",
        decoding="async",
    )
    changed = format_share(lang, shown.changed) if shown else ""
    view = {"class_": "proofroom-compare__diff", "data_proofroom_view": "diff"}
    note = "proofroom-note"
    lines = [
        start("div", **view, data_older=older, data_newer=newer, hidden=True),
        tag("div", image, class_="proofroom-compare__frame"),
        tag(
            "p",
            changed,
            class_="proofroom-compare__changed",
            data_proofroom_changed=True,
            hidden=shown is None,
        ),
        tag(
            "p",
            t(lang, "compare_no_diff"),
            class_=note,
            data_proofroom_no_diff=True,
            hidden=shown is not None,
        ),
        tag("p", t(lang, "compare_diff_legend"), class_=note),
    ]
    if len(versions) > DIFF_VERSIONS:
        lines.append(tag("p", t(lang, "compare_diff_limit", n=DIFF_VERSIONS), class_=note))
    lines.append(Html('<div class="proofroom-compare__diffs" hidden>'))
    for (a, b), pair_ref in sorted(diffs.items()):
        for ref in pair_ref.pages or (pair_ref,):  # two PDFs: one per page
            entry = tag(
                "span",
                data_proofroom_diff=True,
                data_older=a,
                data_newer=b,
                data_page=ref.page,
                data_src=rel_url(ctx.page, ref.uri),
                data_width=ref.width,
                data_height=ref.height,
                data_changed=f"{ref.changed:.6f}",
                data_text=format_share(lang, ref.changed),
                data_alt=alt_of(a, b)
                if ref.page is None
                else t(lang, "pdf_page_alt", name=alt_of(a, b), n=ref.page),
            )
            lines.append(entry)
    lines += [Html("</div>"), Html("</div>")]
    return lines


def compare_section(ctx: ReviewContext) -> Markup:
    """Two selects, the mode controls, two panes and the difference view.

    Without JS it shows the previous and current versions side by side.
    """
    versions = list(reversed(ctx.asset.versions))
    if len(versions) < 2 or not any(ctx.ref(v).display for v in versions):
        return Html()  # nothing to look at side by side (icons only)
    lang = ctx.lang
    defaults = {"left": versions[1], "right": versions[0]}
    alt = alt_text(ctx.asset.rel, ctx.deliverable)
    offered = MODES if ctx.asset.kind in ("image", "pdf") else MODES[:3]
    diffs = _diffs(ctx, versions)
    root = attrs(
        class_="proofroom proofroom-compare",
        data_proofroom="compare",
        data_alt=alt,
        data_mode="side",
    )
    lines = [
        Html("<div{}>").format(root),
        tag("h2", t(lang, "compare")),
        Html('<div class="proofroom-compare__controls">'),
    ]
    for side, key in (("left", "compare_left"), ("right", "compare_right")):
        lines.append(
            Html('<label class="proofroom-compare__label">{} <select{}>').format(
                t(lang, key), attrs(data_proofroom_side=side, autocomplete="off")
            )
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
                data_video=compare_video_src(ctx, v),
                selected=v is defaults[side],
            )
            lines.append(Html("<option{}>{}</option>").format(option, ctx.version_label(v)))
        lines.append(Html("</select></label>"))
    if ctx.asset.kind == "pdf":  # which page of both versions, and every page's picture
        lines += compare_page_select(ctx, versions)
    lines.append(Html("</div>"))
    if ctx.asset.kind == "pdf":
        lines += compare_page_images(ctx, versions)
    lines += _mode_controls(lang, offered)
    lines += _tools(lang)
    videos = any(compare_video_src(ctx, v) for v in versions)  # players, with "play both"
    if videos:
        lines += play_both_html(lang)
    lines.append(start("div", class_="proofroom-compare__panes", data_proofroom_view="panes"))
    still = {"loading": "lazy", "decoding": "async", "draggable": "false"}
    for side, v in defaults.items():
        src, width, height = _compare_display(ctx, v)
        label = ctx.version_label(v)
        pane = attrs(class_="proofroom-compare__pane", data_side=side, data_version=v.number)
        media = (
            compare_video_html(src, compare_video_src(ctx, v), width, height, f"{alt} ({label})")
            if videos
            else void("img", src=src, alt=f"{alt} ({label})", width=width, height=height, **still)
        )
        lines.append(
            Html(
                '<figure{}><div class="proofroom-compare__viewport">{}</div>'
                "<figcaption>{}</figcaption></figure>"
            ).format(pane, media, label)
        )
    lines.append(Html("</div>"))
    if "diff" in offered:
        lines += _diff_view(ctx, versions, diffs, (defaults["left"], defaults["right"]))
    lines.append(Html("</div>"))
    return block(lines)
