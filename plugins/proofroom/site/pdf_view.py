"""The pages of a PDF on its review page: every page as a picture, numbered, in order.

The pages are drawn at build time (``core/pdf.py``), so the view needs no script and no
PDF reader in the browser. Each page is an ``<li data-page="N">`` holding its picture,
the pins and boxes of comments with ``page: N`` drawn over it (numbered as in the comment
list, linked to it), and the comments that name the page without a place, listed under
it. A short list of links jumps to any page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from markupsafe import Markup

from proofroom.core.model import Version
from proofroom.site.annotations import NumberedComment, marks_html, stage_style
from proofroom.site.html import Html, attrs, multiline, start, tag, void
from proofroom.site.lang import t
from proofroom.site.media_refs import MediaRef, PageRef
from proofroom.site.parts import alt_text

if TYPE_CHECKING:
    from proofroom.site.review_context import ReviewContext

_MM_PER_POINT = 25.4 / 72


def page_anchor(number: int) -> str:
    """The id of a page in the view (numbers only: safe in any page)."""
    return f"proofroom-page-{number}"


def page_size_text(lang: str, points: tuple[float, float]) -> str:
    """``210 × 297 mm`` for an A4 page (whole millimetres: what print people say)."""
    width, height = (round(p * _MM_PER_POINT) for p in points)
    return t(lang, "pdf_page_size", w=width, h=height)


def pdf_caption(lang: str, ref: MediaRef) -> list[Markup]:
    """What the viewer's caption says of a PDF: its page count and first page's size."""
    if not ref.pages:
        return []
    count = ref.page_count or len(ref.pages)
    return [
        tag("span", t(lang, "pdf_pages", n=count)),
        tag("span", page_size_text(lang, ref.pages[0].points)),
    ]


def page_only(entries: list[NumberedComment], number: int) -> list[NumberedComment]:
    """Comments that name page ``number`` but no place on it (listed under the page)."""
    return [
        e for e in entries if e.comment.page == number and not e.drawable and e.comment.time is None
    ]


def _page_comments(ctx: ReviewContext, number: int, entries: list[NumberedComment]) -> list[Markup]:
    listed = page_only(entries, number)
    if not listed:
        return []
    label = t(ctx.lang, "pdf_page_comments", n=number)
    lines = [start("ul", class_="proofroom-pdf__comments", aria_label=label)]
    for e in listed:
        item = attrs(
            class_="proofroom-pdf__comment",
            data_version=e.version_key,
            data_comment=e.number,
        )
        link = attrs(
            class_="proofroom-pdf__number",
            href=f"#{e.anchor}",
            aria_label=t(ctx.lang, "comment_n", n=e.number),
        )
        lines.append(
            Html('<li{}><a{}>{}</a> <span class="proofroom-pdf__text">{}</span></li>').format(
                item, link, e.number, multiline(e.comment.text)
            )
        )
    lines.append(Html("</ul>"))
    return lines


def _page(
    ctx: ReviewContext, page: PageRef, total: int, entries: list[NumberedComment], alt: str
) -> list[Markup]:
    lang = ctx.lang
    stage = attrs(
        class_="proofroom-viewer__stage proofroom-annotated",
        style=stage_style(page.width, page.height),
    )
    img = void(
        "img",
        src=ctx.url(page.uri),
        alt=t(lang, "pdf_page_alt", name=alt, n=page.number),
        width=page.width,
        height=page.height,
        loading="lazy" if page.number > 1 else None,
        decoding="async",
    )
    caption = f"{t(lang, 'pdf_page_of', n=page.number, total=total)} · "
    caption += page_size_text(lang, page.points)
    return [
        start(
            "li",
            class_="proofroom-pdf__page",
            id=page_anchor(page.number),
            data_page=page.number,
        ),
        Html("<div{}>").format(stage),
        img,
        *marks_html(entries, lang, page=page.number),
        Html("</div>"),
        tag("p", caption, class_="proofroom-pdf__caption"),
        *_page_comments(ctx, page.number, entries),
        Html("</li>"),
    ]


def pdf_pages_html(ctx: ReviewContext, version: Version, ref: MediaRef) -> list[Markup]:
    """Every drawn page of ``version`` with its comments; a jump list when there are several."""
    lang = ctx.lang
    total = ref.page_count or len(ref.pages)
    entries = ctx.comment_groups().get(str(version.number), [])
    alt = alt_text(ctx.asset.rel, ctx.deliverable)
    lines = [start("div", class_="proofroom-pdf", data_proofroom="pdf-pages", data_pages=total)]
    if len(ref.pages) > 1:
        links = Html(" ").join(
            tag("a", p.number, href=f"#{page_anchor(p.number)}", data_page=p.number)
            for p in ref.pages
        )
        nav = {"class_": "proofroom-pdf__nav", "aria_label": t(lang, "pdf_pages_nav")}
        lines.append(tag("nav", links, **nav))
    lines.append(Html('<ol class="proofroom-pdf__pages">'))
    for page in ref.pages:
        lines += _page(ctx, page, total, entries, alt)
    lines.append(Html("</ol>"))
    if total > len(ref.pages):
        note = t(lang, "pdf_more_pages", shown=len(ref.pages), total=total)
        lines.append(tag("p", note, class_="proofroom-note"))
    lines.append(Html("</div>"))
    return lines


def page_label(lang: str, number: int) -> str:
    """``Page 2`` for the page selector of the comparison."""
    return f"{t(lang, 'compare_page')} {number}"


# ---------------------------------------------------------------- the comparison


def compare_page_select(ctx: ReviewContext, versions: list[Version]) -> list[Markup]:
    """The page selector of the comparison (shown by ``compare.js``: without a script the
    panes show the first pages)."""
    count = max((len(ctx.ref(v).pages) for v in versions), default=0)
    if count < 1:
        return []
    lang = ctx.lang
    select = attrs(data_proofroom_page=True, autocomplete="off")
    options = Html("").join(
        tag("option", page_label(lang, n), value=n, selected=n == 1) for n in range(1, count + 1)
    )
    label = attrs(
        class_="proofroom-compare__label",
        data_proofroom_pages=True,
        data_no_page=t(lang, "compare_no_page"),
    )
    text = t(lang, "compare_page")
    return [
        Html("<label{} hidden>{} <select{}>{}</select></label>").format(
            label, text, select, options
        )
    ]


def compare_page_images(ctx: ReviewContext, versions: list[Version]) -> list[Markup]:
    """Every page picture of every version, as data for the script (never shown as is)."""
    lines: list[Markup] = [Html('<div class="proofroom-compare__pages" hidden>')]
    for v in versions:
        for page in ctx.ref(v).pages:
            entry = attrs(
                data_proofroom_page_image=True,
                data_version=v.number,
                data_page=page.number,
                data_src=ctx.url(page.uri),
                data_width=page.width,
                data_height=page.height,
                data_text=page_label(ctx.lang, page.number),
            )
            lines.append(Html("<span{}></span>").format(entry))
    lines.append(Html("</div>"))
    return lines
