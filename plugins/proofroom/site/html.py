"""HTML that is safe by type, relative URLs and page addresses for the generated pages.

Every function of ``proofroom.site`` that returns HTML returns :class:`~markupsafe.Markup`
(made as :class:`Html`): text from files goes in as ``str`` and is escaped where it meets
the HTML, by ``Html(...).format(...)``, :func:`tag` or :func:`attrs`, never by hand.

Generated pages are served from any sub-path (a GitHub Pages project site, a preview
server), so every link is relative to the page that holds it, and every path segment is
percent-encoded: file names may hold spaces, accents, emoji, ``#``, ``?`` or quotes.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Iterable
from urllib.parse import quote

import yaml
from markupsafe import Markup

from proofroom.core.model import Asset, Campaign


def _text(value: object) -> str:
    """``value`` as HTML in a plain str: kept when it is HTML already, else escaped the
    pages' way (see :func:`escape`)."""
    if hasattr(value, "__html__"):
        return value.__html__()
    text = html.escape(str(value), quote=True)
    if "{" in text or "}" in text:
        text = text.replace("{", "&#123;").replace("}", "&#125;")
    return text


def _safe(text: str) -> Html:
    """Mark ``text``, made here from escaped parts, as HTML (without Markup's checks:
    pages hold tens of thousands of elements)."""
    return str.__new__(Html, text)


class Html(Markup):
    """HTML safe to print as is: text put into it is escaped, HTML is kept.

    A :class:`~markupsafe.Markup` whose escaping is the pages' own (see :func:`escape`),
    which ``format``, ``+``, ``join`` and ``replace`` all use.
    """

    __slots__ = ()

    @classmethod
    def escape(cls, s: object, /) -> Html:
        return _safe(_text(s))


def escape(value: object) -> Markup:
    """Text (from a file, from the interface strings) as HTML; HTML is kept as it is.

    ``html.escape`` with quotes (``&quot;``, ``&#x27;``) rather than MarkupSafe's
    ``&#34;``/``&#39;``, so the pages keep their bytes, and braces as ``&#123;``/``&#125;``
    so a Jinja-based Markdown plugin (macros) never evaluates ``{{ ... }}`` from a file.
    """
    return _safe(_text(value))


NEWLINE = Html("&#10;")  # a line break inside text, which never ends a raw HTML block


def _attrs(values: dict[str, object]) -> str:
    out = []
    for key, value in values.items():
        if value is None or value is False:
            continue
        name = key.rstrip("_").replace("_", "-")
        out.append(f" {name}" if value is True else f' {name}="{_text(value)}"')
    return "".join(out)


def attrs(**values: object) -> Markup:
    """Render HTML attributes (leading space included); ``None`` and ``False`` are skipped.

    A trailing underscore is dropped (``class_``) and other underscores become dashes
    (``data_sha`` -> ``data-sha``), so callers can pass any attribute as a keyword.
    """
    return _safe(_attrs(values))


def tag(name: str, /, *content: object, **values: object) -> Markup:
    """``<name attrs>content</name>``: text content is escaped, HTML content kept.

    Attributes come in the order given (see :func:`attrs`); ``name`` is positional only,
    so ``name="decision"`` is an attribute.
    """
    inner = "".join([_text(part) for part in content])
    return _safe(f"<{name}{_attrs(values)}>{inner}</{name}>")


def start(name: str, /, **values: object) -> Markup:
    """A start tag alone, for an element whose content follows on the next lines."""
    return _safe(f"<{name}{_attrs(values)}>")


def void(name: str, /, **values: object) -> Markup:
    """An element without content or end tag (``<img>``, ``<input>``)."""
    return _safe(f"<{name}{_attrs(values)}>")


def block(lines: Iterable[Markup]) -> Markup:
    """Join HTML lines into one raw HTML block that Python-Markdown leaves alone.

    A blank line would end the block and hand the rest to Markdown, so empty lines are
    dropped (line breaks in text are written as ``&#10;`` by :func:`multiline`). A line
    given as ``str`` is text, and escaped.
    """
    return Html("\n").join(line for line in lines if line.strip())


def blocks(*parts: Markup) -> Markup:
    """Raw HTML blocks separated by blank lines, each left alone by Markdown; empty
    parts are left out."""
    return Html("\n\n").join(part for part in parts if part)


def multiline(value: str) -> Markup:
    """Escape text that keeps its line breaks (inside ``<pre>``) without blank lines."""
    return escape(value.replace("\r\n", "\n")).replace("\n", NEWLINE)


def safe_title(value: str) -> str:
    """A page title for front matter, safe in Material's templates.

    Material prints ``page.title`` unescaped in the header and, through ``striptags``
    (which unescapes entities), inside ``<title>``. Angle brackets are therefore replaced by
    look-alike quotation marks before escaping, so no tag can ever come back. A plain
    ``str``: it goes into YAML front matter and MkDocs' page meta, where a Markup value
    would slip past Jinja's ``|e`` in Material's footer.
    """
    return str(escape(value.replace("<", "\u2039").replace(">", "\u203a")))


def front_matter(meta: dict) -> str:
    """YAML front matter that round-trips any string (quotes, colons, emoji)."""
    text = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000)
    return f"---\n{text}---\n"


def page_dir(src_uri: str) -> str:
    """The site-root-relative directory a page is served from (directory URLs).

    ``campaigns/x/index.md`` is served at ``campaigns/x/``; ``about.md`` at ``about/``.
    Returns the directory without a trailing slash ("" for the site root).
    """
    head, name = posixpath.split(src_uri)
    if name in ("index.md", "README.md"):
        return head
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return posixpath.join(head, stem) if head else stem


def quote_path(path: str) -> str:
    """Percent-encode each segment of a ``/``-separated path, keeping the slashes."""
    return "/".join(
        quote(seg, safe="") if seg not in (".", "..") else seg for seg in path.split("/")
    )


def rel_url(page_src_uri: str, target: str) -> str:
    """The URL of ``target`` relative to the page built from ``page_src_uri``.

    ``target`` is a site-root-relative, unencoded path: a file (``assets/c/hero.jpg``) or a
    directory ending with ``/`` (``campaigns/c/``). The result is percent-encoded.
    """
    is_dir = target.endswith("/") or target == ""
    target = target.strip("/")
    base = page_dir(page_src_uri)
    rel = _relpath(target, base)
    if rel == ".":
        return "./"
    url = quote_path(rel)
    return url + "/" if is_dir else url


def _relpath(target: str, base: str) -> str:
    """``posixpath.relpath`` for site paths, without its two ``os.getcwd()`` calls (pages
    hold tens of thousands of links)."""
    if ".." in target.split("/") or ".." in base.split("/"):
        return posixpath.relpath(target or ".", base or ".")
    t = [seg for seg in target.split("/") if seg and seg != "."]
    b = [seg for seg in base.split("/") if seg and seg != "."]
    common = 0
    while common < len(t) and common < len(b) and t[common] == b[common]:
        common += 1
    return "/".join([".."] * (len(b) - common) + t[common:]) or "."


def page_url(page_src_uri: str, target_src_uri: str) -> str:
    """Relative URL from one page to another page, both given by their docs-relative source."""
    target_dir = page_dir(target_src_uri)
    return rel_url(page_src_uri, f"{target_dir}/" if target_dir else "")


def campaigns_index_uri() -> str:
    return "campaigns/index.md"


BRIEF_URI = re.compile(r"^campaigns/([^/]+)/index\.md$")  # a brief, docs-relative


def campaign_uri(campaign_id: str) -> str:
    """The brief (or the stub page when there is no brief) of a campaign."""
    return f"campaigns/{campaign_id}/index.md"


def _review_stem(rel: str) -> str:
    """The path without extension; a dot-file (``.keep``) keeps its whole name."""
    head, name = posixpath.split(rel)
    stem = name.rsplit(".", 1)[0] if "." in name else name
    if not stem:
        stem = name
    return posixpath.join(head, stem) if head else stem


def _ext(rel: str) -> str:
    name = rel.rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[1] if "." in name.lstrip(".") else ""


def _arrival_key(asset: Asset) -> tuple:
    """Order siblings by first landing so that adding ``hero.png`` never moves ``hero.jpg``."""
    first = asset.versions[0] if asset.versions else None
    landed = first.landed_at if first is not None else None
    return (landed is None, landed.timestamp() if landed else 0.0, asset.rel)


def review_paths(assets: Iterable[Asset]) -> dict[str, str]:
    """Review page path (relative to ``review/``) of each asset, keyed by ``asset.rel``.

    Assets that share a path without extension (``hero.jpg`` and ``hero.png``): the one
    that landed first keeps ``hero``, the others get ``hero-png``; a further clash with an
    existing name adds ``-2``, ``-3``...
    """
    ordered = sorted(assets, key=_arrival_key)
    taken: set[str] = set()
    result: dict[str, str] = {}
    later: list[Asset] = []
    for asset in ordered:
        stem = _review_stem(asset.rel)
        if stem in taken:
            later.append(asset)
        else:
            taken.add(stem)
            result[asset.rel] = stem
    for asset in later:
        ext = _ext(asset.rel)
        base = f"{_review_stem(asset.rel)}-{ext}" if ext else _review_stem(asset.rel)
        candidate, n = base, 2
        while candidate in taken:
            candidate, n = f"{base}-{n}", n + 1
        taken.add(candidate)
        result[asset.rel] = candidate
    return result


def review_uri(asset: Asset, campaign: Campaign | None = None) -> str:
    """``campaigns/<c>/review/<path without ext>/index.md`` for an asset.

    Pass the asset's campaign so that same-named files with different extensions get
    distinct pages; without it, the plain path without extension is used.
    """
    path = None
    if campaign is not None:
        # A disambiguated name may clash with a real file ("hero-png.jpg"): all the
        # campaign's files decide, once per campaign (a dashboard links thousands).
        path = _campaign_paths(campaign).get(asset.rel)
    if path is None:
        path = review_paths([asset])[asset.rel]
    return f"campaigns/{asset.campaign}/review/{path}/index.md"


_PATHS: dict[int, tuple[list[Asset], tuple[str, ...], dict[str, str]]] = {}


def _campaign_paths(campaign: Campaign) -> dict[str, str]:
    """:func:`review_paths` of a campaign's assets, kept while its asset list is the same."""
    assets = campaign.assets
    rels = tuple(a.rel for a in assets)
    kept = _PATHS.get(id(campaign))
    if kept is not None and kept[0] is assets and kept[1] == rels:
        return kept[2]
    if len(_PATHS) > 4096:  # campaigns of earlier builds
        _PATHS.clear()
    paths = review_paths(assets)
    _PATHS[id(campaign)] = (assets, rels, paths)
    return paths
