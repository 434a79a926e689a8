"""How a built page's URLs are rewritten for a share: pages in the share by number, pages
outside it cut with their text, media by sealed id, theme files kept, the rest as is."""

from __future__ import annotations

from proofroom.private import pages as p

SOURCE = "campaigns/soldes/review/hero/index.html"
TARGETS = {
    "pages": {"campaigns/soldes/": 0, "campaigns/soldes/review/hero/": 1},
    "all_pages": {
        "",
        "campaigns/",
        "campaigns/soldes/",
        "campaigns/soldes/review/hero/",
        "campaigns/soldes/review/banner/",
    },
    "media": lambda path: "a" * 32 if path.startswith("_proofroom/o/") else None,
    "kept": {"assets/stylesheets/main.css", "_proofroom/compare.js"},
}


def rewrite(fragment: str) -> tuple[str, p.Targets]:
    targets = p.Targets(**TARGETS)
    return p.PageRewriter(SOURCE, targets).rewrite(fragment), targets


def test_each_kind_of_url() -> None:
    cases = {
        '<img src="../../../../_proofroom/o/abc.jpg">': '<img src="../../m/' + "a" * 32 + '">',
        '<a href="../../">brief</a>': '<a href="../0/">brief</a>',
        '<a href="../../review/hero/#v2">v2</a>': '<a href="../1/#v2">v2</a>',
        '<a href="../banner/">banner.png</a>': "",
        '<a href="../../../">Campaigns</a> / x': " / x",
        '<link href="../../../../assets/stylesheets/main.css">': (
            '<link href="../../../assets/stylesheets/main.css">'
        ),
        '<a href="https://example.com/a/b">out</a>': '<a href="https://example.com/a/b">out</a>',
        '<a href="#proofroom-comment-1">1</a>': '<a href="#proofroom-comment-1">1</a>',
        '<span data-status="approved" data-x="0.5">': '<span data-status="approved" data-x="0.5">',
        '<img data-src="../../../../_proofroom/o/abc.jpg#x">': (
            '<img data-src="../../m/' + "a" * 32 + '#x">'
        ),
        '<a href="../../../../../etc/passwd">up</a>': '<a href="../../../../../etc/passwd">up</a>',
    }
    for before, after in cases.items():
        assert rewrite(before)[0] == after, before


def test_the_media_a_page_uses_are_counted() -> None:
    _out, targets = rewrite('<img src="../../../../_proofroom/o/abc.jpg"><img src="x.png">')
    assert set(targets.used) == {"a" * 32}


def test_cards_outside_the_share_leave_the_gallery() -> None:
    gallery = (
        '<ul><li class="proofroom-card proofroom-card--approved" data-proofroom="card" '
        'data-asset="hero.jpg"><a href="review/hero/">hero</a></li>'
        '<li class="proofroom-card proofroom-card--other" data-proofroom="card" '
        'data-asset="a&amp;b.png"><a href="review/ab/">a&amp;b</a></li></ul>'
    )
    kept = p.drop_cards(gallery, lambda rel: rel == "a&b.png")
    assert "hero" not in kept and 'data-asset="a&amp;b.png"' in kept
