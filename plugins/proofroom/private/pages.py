"""A share's pages: the public build's pages for its scope, made into whole documents
that name nothing outside the share.

Works on the built HTML with a few regular expressions, not a parser: the pages come
from our own templates and Material's, whose shape the tests pin; a parser costs ten
times more per page, and a private build must stay close to a public one in time.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field

ARTICLE_START = re.compile(r'<article class="md-content__inner[^"]*"[^>]*>')
_ANCHOR = re.compile(r"<a\b[^>]*>.*?</a>", re.DOTALL)
_HREF = re.compile(r'\shref="([^"]*)"')
# URL attributes whose value holds a "/" or a ".": a status, a number or a word never
# names a file of the site, and most attributes are such.
_ATTR = re.compile(r'(\s(?:href|src|poster|data-[\w-]+))="([^"#{\[][^"/.]*[/.][^"]*)"')
_CARD = re.compile(
    r'<li class="proofroom-card[^"]*"[^>]*\sdata-asset="([^"]*)"[^>]*>.*?</li>', re.DOTALL
)
_STYLESHEET = re.compile(r'<link rel="stylesheet" href="([^"]+)"')
_ICON = re.compile(r'<link rel="icon" href="([^"]+)"')
_SCRIPT_SRC = re.compile(r'<script src="([^"]+)"></script>')
_CONFIG = re.compile(r'<script id="__config" type="application/json">(.*?)</script>', re.DOTALL)
_BODY = re.compile(r"<body([^>]*)>")
_NOT_LOCAL = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//|#|$)")
_DROP_FEATURES = ("navigation.instant", "navigation.tracking", "navigation.prune")


@dataclass
class Targets:
    """What a URL in a share page may point to, by site path."""

    pages: dict[str, int]  # "campaigns/c/review/x/" -> page number in the share
    all_pages: set[str]  # every page directory of the site: one outside the share is cut
    media: Callable[[str], str | None]  # site path -> media id, None when not media
    kept: set[str]  # theme and Proofroom static files, left in clear
    used: dict[str, str] = field(default_factory=dict)  # media id -> site path
    memo: dict[tuple[str, str], str | None] = field(default_factory=dict)


def page_dir(path: str) -> str:
    """``campaigns/c/index.html`` -> ``campaigns/c/``: the URL a page is reached at."""
    return path.removesuffix("index.html")


def _resolve(base_dir: str, value: str, climb: str = "") -> tuple[str, str] | None:
    """The site path a relative URL in a page of ``base_dir`` names, and its #fragment;
    ``climb``: the "../" that lead from ``base_dir`` to the root."""
    raw = html.unescape(value) if "&" in value else value
    if _NOT_LOCAL.match(raw) or raw.startswith("/"):
        return None
    rest = raw[len(climb) :] if climb and raw.startswith(climb) else None
    if rest is not None and "./" not in rest and "?" not in rest and not rest.startswith("."):
        path, _, frag = rest.partition("#")  # the common case, without normpath
        return path, frag
    path, _, frag = raw.partition("#")
    path = path.partition("?")[0]
    joined = posixpath.normpath(posixpath.join(base_dir, path)) if path else base_dir
    if joined.startswith(".."):
        return None
    if path.endswith("/") or not path:
        joined = joined.rstrip("/") + "/" if joined != "." else ""
    return joined, frag


class PageRewriter:
    """Rewrites the URLs of one built page as seen from ``s/<share>/<n>/``."""

    def __init__(self, source: str, targets: Targets) -> None:
        self.base = posixpath.dirname(source) + "/" if "/" in source else ""
        self.climb = "../" * self.base.count("/") or "\x00"  # never a URL's start at the root
        self.targets = targets

    def _page(self, path: str) -> int | bool | None:
        """Page number in the share, False for a page outside it, None for no page."""
        t = self.targets
        key = path if path.endswith("/") or path == "" else None
        if key is None and path.endswith("index.html"):
            key = page_dir(path)
        if key is None and path + "/" in t.all_pages:
            key = path + "/"
        if key is None:
            return None
        if key in t.pages:
            return t.pages[key]
        return False if key in t.all_pages else None

    def url(self, value: str) -> str | None:
        """The new value of a URL attribute; None when it must go (a page outside)."""
        if "/" not in value and "." not in value:
            return value  # a word (a status, a number): no file or page of the site
        # A URL that climbs to the site's root names the same file from every page of the
        # same depth: one resolution serves them all (media and theme URLs are such).
        key = (self.climb, value) if value.startswith(self.climb) else (self.base, value)
        memo = self.targets.memo
        if key not in memo:
            memo[key] = self._url(value)
        new = memo[key]
        if new is not None and new.startswith("../../m/"):
            mid = new[len("../../m/") :].partition("#")[0]
            self.targets.used.setdefault(mid, "")
        return new

    def _url(self, value: str) -> str | None:
        found = _resolve(self.base, value, self.climb)
        if found is None:
            return value
        path, frag = found
        tail = f"#{html.escape(frag)}" if frag else ""
        number = self._page(path)
        if number is False:
            return None
        if number is not None:
            return f"../{number}/{tail}"
        mid = self.targets.media(path)
        if mid is not None:
            self.targets.used[mid] = path
            return f"../../m/{mid}{tail}"
        if path in self.targets.kept:
            return f"../../../{html.escape(path)}{tail}"
        return value

    def _anchor(self, m: re.Match) -> str:
        href = _HREF.search(m.group(0).split(">", 1)[0] + ">")
        if href is not None and self.url(href.group(1)) is None:
            return ""
        return m.group(0)

    def _attr(self, m: re.Match) -> str:
        new = self.url(m.group(2))
        return f'{m.group(1)}="{new if new is not None else ""}"'

    def rewrite(self, fragment: str) -> str:
        """Links to pages outside the share removed (with their text), then every URL."""
        fragment = _ANCHOR.sub(self._anchor, fragment)
        return _ATTR.sub(self._attr, fragment)


def article(page: str) -> str:
    """The page's article: the brief with its gallery, or the review page."""
    start = ARTICLE_START.search(page)
    end = page.rfind("</article>")
    if start is None or end < start.end():
        return ""
    return page[start.start() : end + len("</article>")]


def drop_cards(fragment: str, keep: Callable[[str], bool]) -> str:
    """The gallery without the cards of assets outside the share."""
    return _CARD.sub(lambda m: m.group(0) if keep(html.unescape(m.group(1))) else "", fragment)


@dataclass(frozen=True)
class Chrome:
    """What every page of a share carries around its article, taken once from a built
    page: the theme's stylesheets and scripts, the body's palette, Material's config."""

    styles: tuple[str, ...]
    scripts: tuple[str, ...]
    icon: str
    body: str
    config: str

    @classmethod
    def of(cls, page: str, source: str, kept: set[str]) -> Chrome:
        base = posixpath.dirname(source) + "/"
        rel = PageRewriter(source, Targets({}, set(), lambda _: None, kept))

        def keep(urls: list[str]) -> tuple[str, ...]:
            out = []
            for url in urls:
                found = _resolve(base, url)
                if found is not None and found[0] in kept:
                    out.append(rel.url(url) or "")
            return tuple(out)

        body = _BODY.search(page)
        return cls(
            icon=(keep(_ICON.findall(page)) or ("data:,",))[0],
            styles=keep(_STYLESHEET.findall(page)),
            scripts=keep(_SCRIPT_SRC.findall(page)),
            body=body.group(1) if body else "",
            config=_config(page),
        )


def _config(page: str) -> str:
    """Material's page config, pointing at the share and without what needs the site's
    other pages (instant navigation, search)."""
    m = _CONFIG.search(page)
    try:
        data = json.loads(m.group(1)) if m else {}
    except ValueError:
        data = {}
    data["base"] = ".."
    data["features"] = [f for f in data.get("features") or [] if f not in _DROP_FEATURES]
    data["search"] = None
    return _script_json(data)


def _script_json(data: object) -> str:
    """JSON safe inside <script>: no "</" or "<!--" can close or open anything."""
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")


_MENU = (  # Material's own menu icon, as its header draws it
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">'
    '<path d="M3 6h18v2H3zm0 5h18v2H3zm0 5h18v2H3z"/></svg>'
)


@dataclass(frozen=True)
class NavItem:
    number: int
    title: str


def document(
    *,
    lang: str,
    title: str,
    campaign_title: str,
    body: str,
    nav: list[NavItem],
    current: int,
    chrome: Chrome,
    guest: dict,
) -> str:
    """A whole page of the share: header, the share's pages, the article, the scripts."""
    e = html.escape
    items = "".join(
        f'<li class="md-nav__item{" md-nav__item--active" if item.number == current else ""}">'
        f'<a class="md-nav__link{" md-nav__link--active" if item.number == current else ""}" '
        f'href="../{item.number}/">{e(item.title)}</a></li>'
        for item in nav
    )
    styles = "".join(f'<link rel="stylesheet" href="{s}">' for s in chrome.styles)
    scripts = "".join(f'<script src="{s}"></script>' for s in chrome.scripts)
    return (
        f'<!doctype html>\n<html lang="{e(lang)}" class="no-js"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        '<meta name="robots" content="noindex,nofollow">'
        '<meta name="referrer" content="no-referrer">'
        f'<title>{e(title)}</title><link rel="icon" href="{chrome.icon}">{styles}</head>'
        f"<body{chrome.body}>"
        '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" '
        'autocomplete="off"><input class="md-toggle" data-md-toggle="search" type="checkbox" '
        'id="__search" autocomplete="off"><label class="md-overlay" for="__drawer"></label>'
        '<header class="md-header md-header--shadow" data-md-component="header">'
        '<nav class="md-header__inner md-grid">'
        f'<label class="md-header__button md-icon" for="__drawer">{_MENU}</label>'
        '<div class="md-header__title">'
        '<div class="md-header__ellipsis"><div class="md-header__topic">'
        f'<span class="md-ellipsis">{e(campaign_title)}</span></div></div></div></nav></header>'
        '<div class="md-container" data-md-component="container">'
        f'<main class="md-main" data-md-component="main" data-proofroom-page="{current}">'
        '<div class="md-main__inner md-grid">'
        '<div class="md-sidebar md-sidebar--primary" data-md-component="sidebar" '
        'data-md-type="navigation"><div class="md-sidebar__scrollwrap">'
        '<div class="md-sidebar__inner">'
        '<nav class="md-nav md-nav--primary" data-proofroom="share-nav">'
        f'<ul class="md-nav__list">{items}</ul></nav></div></div></div>'
        f'<div class="md-content" data-md-component="content">{body}</div>'
        "</div></main></div>"
        f'<script id="proofroom-guest" type="application/json">{_script_json(guest)}</script>'
        f'<script id="__config" type="application/json">{chrome.config}</script>'
        f'{scripts}<script src="../../guest.js"></script></body></html>\n'
    )
