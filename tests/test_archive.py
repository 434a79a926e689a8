"""The archive: filter data on the campaigns index and search facts on the campaign pages.

The index cards carry their years, statuses, tags and channels as tokens for archive.js;
the gallery cards carry file name, deliverable, channel, tags, alt text, size and year as
visually hidden text, which a real build puts in Material's search index.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from urllib.parse import quote

from helpers.gitrepo import GitRepo
from helpers.html import HOSTILE_TEXT, assert_inert, parse, render, split_page
from helpers.models import NOW, asset, brief, campaign_with, hero_asset, media, version
from helpers.sites import run_build
from helpers.workspaces import archive_workspace

from proofroom.core.model import Campaign, Deliverable, DeliverableSpec, Workspace
from proofroom.site import campaigns_index, gallery_html

# ---------------------------------------------------------------- index filter data


def _index_tree(*campaigns: Campaign, lang: str = "en"):
    page = campaigns_index(Workspace(Path("."), list(campaigns)), media, lang)
    _, body = split_page(page.markdown)
    return assert_inert(render(body))


def test_campaign_cards_carry_filter_tokens() -> None:
    new = campaign_with(hero_asset(), tags=("retail", "Été 2027"))
    new.deliverables[0].status = "approved"
    new.deliverables[0].spec = DeliverableSpec("hero", "hero.jpg", channel="instagram-feed")
    old = Campaign(
        "hiver",
        brief(campaign="hiver", title="Hiver", launch=date(2025, 1, 15), tags=("winter",)),
        [],
    )
    bare = Campaign("vrac", None, [])
    tree = _index_tree(new, old, bare)
    card = tree.find("li", data_campaign="soldes")
    assert card.attrs["data-year"] == "2027"
    assert card.attrs["data-statuses"] == "approved"
    assert card.attrs["data-channels"] == "instagram-feed"
    # A tag with a space is one token.
    assert card.attrs["data-tags"].split(" ") == ["retail", quote("Été 2027", safe="")]
    hiver = tree.find("li", data_campaign="hiver")
    assert hiver.attrs["data-year"] == "2025" and hiver.attrs["data-tags"] == "winter"
    assert "data-channels" not in hiver.attrs and "data-statuses" not in hiver.attrs
    assert tree.find("li", data_campaign="vrac").attrs["data-year"] == "undated"

    bar = tree.find("form", data_proofroom="archive-filters")
    assert "hidden" in bar.attrs  # shown by the script: without it, every card is visible
    assert bar.attrs["role"] == "search" and bar.attrs["aria-label"] == "Filter campaigns"
    years = bar.find_all("input", data_filter="year")
    assert [i.attrs["value"] for i in years] == ["", "2027", "2025", "undated"]
    assert "checked" in years[0].attrs
    assert all(i.attrs["name"] == "proofroom-filter-year" for i in years)
    tags = bar.find("select", data_filter="tags")
    assert [(o.attrs["value"], o.text) for o in tags.find_all("option")] == [
        ("", "All"),
        ("retail", "retail"),
        ("winter", "winter"),
        (quote("Été 2027", safe=""), "Été 2027"),
    ]
    statuses = bar.find("select", data_filter="statuses")
    assert [o.text for o in statuses.find_all("option")] == ["All", "approved"]
    channels = bar.find("select", data_filter="channels")
    assert [o.attrs["value"] for o in channels.find_all("option")] == ["", "instagram-feed"]
    for select in (tags, statuses, channels):  # every control has a label
        assert bar.find("label", for_=select.attrs["id"]).text
    count = bar.find("p", data_proofroom="archive-count")
    assert count.attrs["data-one"] == "{n} campaign shown"
    assert count.attrs["data-many"] == "{n} campaigns shown"


def test_filter_bar_in_french_and_absent_without_campaigns() -> None:
    tree = _index_tree(campaign_with(hero_asset()), lang="fr")
    bar = tree.find("form", data_proofroom="archive-filters")
    assert bar.attrs["aria-label"] == "Filtrer les campagnes"
    assert bar.find("legend").text == "Année"
    assert bar.find("p", data_proofroom="archive-count").attrs["data-lang"] == "fr"
    assert not _index_tree().find_all("form")


def test_hostile_tags_and_channels_stay_text_in_the_filters() -> None:
    c = campaign_with(hero_asset(), tags=(HOSTILE_TEXT,))
    c.deliverables[0].spec = DeliverableSpec("hero", "hero.jpg", channel=HOSTILE_TEXT)
    tree = _index_tree(c)  # assert_inert: no script, no handler, no javascript: link
    card = tree.find("li", data_campaign="soldes")
    token = quote(HOSTILE_TEXT, safe="")
    assert card.attrs["data-tags"] == token and card.attrs["data-channels"] == token
    bar = tree.find("form", data_proofroom="archive-filters")
    option = bar.find("select", data_filter="tags").find_all("option")[1]
    assert option.attrs["value"] == token and option.text == HOSTILE_TEXT


# ---------------------------------------------------------------- gallery search facts


def _search_meta(c: Campaign, lang: str = "en") -> list[str]:
    html = gallery_html(c, media, lang, page_src_uri="campaigns/soldes/index.md", now=NOW)
    tree = assert_inert(render("# Brief\n" + html))
    return [
        [s.text for s in p.find_all("span")]
        for p in tree.find_all("p", data_proofroom="search-meta")
    ]


def test_gallery_cards_carry_search_facts() -> None:
    a = hero_asset("social/hero.jpg")
    spec = DeliverableSpec(
        "hero", "social/hero.jpg", channel="instagram-feed", extra={"alt": " A red coat "}
    )
    other = asset("extra.png", [version(1, "assets/soldes/extra.png", NOW)])
    c = campaign_with(a, other, deliverables=[Deliverable("hero", "soldes", a.rel, a, spec)])
    hero, extra = _search_meta(c)
    assert hero == [
        "File: hero.jpg",
        "Deliverable: hero",
        "Channel: instagram-feed",
        "Alt text: A red coat",
        "Tags: retail",
        "2400 × 1600 px",
        "Year: 2027",
    ]
    assert extra == ["File: extra.png", "Tags: retail", "2400 × 1600 px", "Year: 2027"]
    (french,) = _search_meta(campaign_with(hero_asset()), "fr")
    assert "Livrable\u00a0: hero" in french and "Année\u00a0: 2027" in french


def test_gallery_search_facts_keep_hostile_text_as_text() -> None:
    a = hero_asset()
    spec = DeliverableSpec("hero", "hero.jpg", channel=HOSTILE_TEXT, extra={"alt": HOSTILE_TEXT})
    c = campaign_with(a, deliverables=[Deliverable("hero", "soldes", a.rel, a, spec)])
    c.brief.tags = (HOSTILE_TEXT,)
    html = gallery_html(c, media, "en", page_src_uri="campaigns/soldes/index.md", now=NOW)
    assert "<script>" not in html and "{{" not in html
    (facts,) = _search_meta(c)
    assert f"Alt text: {HOSTILE_TEXT}" in facts
    assert f"Channel: {HOSTILE_TEXT}" in facts
    assert f"Tags: {HOSTILE_TEXT}" in facts


# ---------------------------------------------------------------- a real build


def test_search_index_finds_asset_facts_on_the_campaign_page(git_repo: GitRepo) -> None:
    archive_workspace(git_repo)
    run_build(git_repo.path)
    out = git_repo.path / "site"
    index = json.loads((out / "search/search_index.json").read_text(encoding="utf-8"))
    text = " ".join(
        d["text"] for d in index["docs"] if d["location"].startswith("campaigns/hiver/")
    )
    for fact in (
        "poster.jpg",
        "instagram-feed",
        "A skier in a red coat above a frozen lake",
        "winter",
        "outdoor",
        "1080",
        "2025",
    ):
        assert fact in text, fact
    assert not any("/review/" in d["location"] for d in index["docs"])

    tree = parse((out / "campaigns/index.html").read_text(encoding="utf-8"))
    hiver = tree.find("li", data_campaign="hiver")
    assert hiver.attrs["data-year"] == "2025"
    assert hiver.attrs["data-channels"] == "instagram-feed"
    assert hiver.attrs["data-tags"] == "winter outdoor"
    assert tree.find("form", data_proofroom="archive-filters")
    assert any(
        n.attrs.get("src", "").endswith("proofroom/archive.js") for n in tree.find_all("script")
    )
