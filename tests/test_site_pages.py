"""The site layer: pages built from hand-made model objects, checked as parsed HTML.

Every page body also goes through Python-Markdown (as MkDocs does) to prove that the raw
HTML blocks come out untouched and that strings from files stay text.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from helpers.html import (
    HOSTILE,
    HOSTILE_TEXT,
    Node,
    assert_inert,
    parse,
    render,
    resolve,
    split_page,
)
from helpers.models import (
    NOW,
    REPO,
    asset,
    brief,
    campaign_with,
    hero_asset,
    hostile_campaign,
    media,
    version,
)

from proofroom.core.model import (
    Asset,
    Campaign,
    Deliverable,
    DeliverableSpec,
    LfsPointer,
    Workspace,
)
from proofroom.site import (
    STATIC_DIR,
    campaign_stub_page,
    campaigns_index,
    gallery_html,
    review_page,
    review_uri,
    t,
)
from proofroom.site.lang import status_label
from proofroom.site.lang.formats import format_date, format_size


def links(tree: Node) -> list[str]:
    urls = []
    for node in tree.iter():
        for name in ("href", "src", "data-display", "poster"):
            value = node.attrs.get(name)
            if value and not value.startswith("https://github.com/"):
                urls.append(value)
    return urls


# ---------------------------------------------------------------- URIs


def test_review_uri_is_the_path_without_extension() -> None:
    a = asset("social/story 1.png", [])
    assert review_uri(a) == "campaigns/soldes/review/social/story 1/index.md"


def test_same_stem_different_extension_get_distinct_pages() -> None:
    path = "assets/soldes/hero"
    jpg = asset("hero.jpg", [version(1, path + ".jpg", datetime(2027, 1, 5, tzinfo=UTC))])
    png = asset("hero.png", [version(1, path + ".png", datetime(2027, 1, 9, tzinfo=UTC))])
    other = asset("banner.jpg", [version(1, "x", datetime(2027, 1, 1, tzinfo=UTC))])
    # The png is listed first, but the jpg landed first: it keeps the plain address.
    c = campaign_with(png, other, jpg)
    assert review_uri(jpg, c) == "campaigns/soldes/review/hero/index.md"
    assert review_uri(png, c) == "campaigns/soldes/review/hero-png/index.md"
    assert review_uri(other, c) == "campaigns/soldes/review/banner/index.md"
    assert review_page(c, png, None, media, "en", repo_url=None, branch="main").src_uri == (
        "campaigns/soldes/review/hero-png/index.md"
    )
    # The gallery links each card to its own page.
    tree = parse(gallery_html(c, media, "en", page_src_uri="campaigns/soldes/index.md", now=NOW))
    targets = {
        card.attrs["data-asset"]: resolve("campaigns/soldes/index.md", card.find("a").attrs["href"])
        for card in tree.find_all("li", data_proofroom="card")
    }
    assert targets["hero.jpg"] == "campaigns/soldes/review/hero/"
    assert targets["hero.png"] == "campaigns/soldes/review/hero-png/"


def test_disambiguated_name_never_clashes_with_a_real_file() -> None:
    day = datetime(2027, 1, 1, tzinfo=UTC)
    files = [
        asset(rel, [version(1, rel, day.replace(day=i + 1))])
        for i, rel in enumerate(["hero.jpg", "hero.png", "hero-png.jpg"])
    ]
    c = campaign_with(*files)
    uris = [review_uri(a, c) for a in files]
    assert len(set(uris)) == 3
    assert uris[2] == "campaigns/soldes/review/hero-png/index.md"


# ---------------------------------------------------------------- review page


def review(
    a: Asset | None = None, lang: str = "en", repo_url: str | None = REPO, **ckw
) -> tuple[str, dict, Node]:
    a = a or hero_asset()
    c = campaign_with(a, **ckw)
    page = review_page(c, a, c.deliverables[0], media, lang, repo_url=repo_url, branch="main")
    meta, body = split_page(page.markdown)
    return page.src_uri, meta, parse(render(body))


def test_review_page_front_matter_keeps_it_out_of_nav_and_search() -> None:
    a = hero_asset()
    c = campaign_with(a, title=HOSTILE_TEXT)
    page = review_page(c, a, c.deliverables[0], media, "en", repo_url=None, branch="main")
    meta, _ = split_page(page.markdown)
    assert page.in_nav is False
    assert meta["search"] == {"exclude": True}
    assert "navigation" in meta["hide"]
    assert "hero.jpg" in meta["title"]
    # Material prints page.title unescaped and through striptags: no "<" may survive.
    assert "<" not in meta["title"] and ">" not in meta["title"]


def test_versions_are_listed_newest_first_with_their_hooks() -> None:
    _src, _, tree = review()
    items = tree.find_all("li", data_proofroom="version")
    assert [i.attrs["data-version"] for i in items] == ["3", "2", "1"]
    assert [i.attrs["data-sha"] for i in items] == [(f"{n}b" * 20)[:40] for n in (3, 2, 1)]
    newest = items[0]
    assert "same as v2" in newest.text
    # Who made it: the branch commit's author, not the merge commit's.
    assert "by Noé" in newest.text and "GitHub" not in newest.text
    assert "Logo bigger" in newest.text
    # Landed 23:30 UTC = 00:30 the next day in Paris.
    time_el = newest.find("time")
    assert time_el.attrs["datetime"] == "2027-02-12T23:30:00Z"
    assert time_el.text == "13\u00a0Feb\u00a02027, 00:30"
    link = newest.find("a")
    assert link.attrs["href"] == f"{REPO}/commit/{'m' * 40}"
    assert link.text == "mmmmmmm"


def test_commit_sha_is_plain_text_without_repo_url() -> None:
    _, _, tree = review(repo_url=None)
    newest = tree.find_all("li", data_proofroom="version")[0]
    assert not newest.find_all("a")
    assert "mmmmmmm" in newest.text


def test_viewer_shows_current_version_with_download() -> None:
    src, _, tree = review()
    viewer = tree.find(data_proofroom="viewer")
    img = viewer.find("img")
    assert resolve(src, img.attrs["src"]) == "assets/soldes/hero.jpg"
    assert (img.attrs["width"], img.attrs["height"]) == ("2400", "1600")
    download = viewer.find("a", class_="proofroom-download")
    assert resolve(src, download.attrs["href"]) == "assets/soldes/hero.jpg"
    assert viewer.attrs["data-sha"] == (("3b" * 20)[:40])


def test_compare_defaults_to_previous_against_current() -> None:
    src, _, tree = review()
    compare = tree.find(data_proofroom="compare")
    selects = {s.attrs["data-proofroom-side"]: s for s in compare.find_all("select")}
    chosen = {
        side: [o.attrs["value"] for o in s.find_all("option") if "selected" in o.attrs]
        for side, s in selects.items()
    }
    assert chosen == {"left": ["2"], "right": ["3"]}
    panes = {f.attrs["data-side"]: f for f in compare.find_all("figure")}
    assert panes["left"].attrs["data-version"] == "2"
    assert panes["right"].attrs["data-version"] == "3"
    assert panes["left"].find("figcaption").text.startswith("v2 · ")
    for option in selects["left"].find_all("option"):
        assert resolve(src, option.attrs["data-display"]) == "assets/soldes/hero.jpg"
        assert option.attrs["data-label"] == option.text


def test_single_version_has_no_comparison() -> None:
    a = asset("solo.png", [version(1, "assets/soldes/solo.png", NOW)])
    _, _, tree = review(a)
    assert not tree.find_all(data_proofroom="compare")
    assert len(tree.find_all(data_proofroom="version")) == 1


def test_working_copy_is_labelled() -> None:
    a = hero_asset()
    a.history.versions.append(version(4, a.path, None, working_copy=True))
    _, _, tree = review(a)
    items = tree.find_all("li", data_proofroom="version")
    assert items[0].attrs["data-version"] == "4"
    assert items[0].attrs["data-working-copy"] == "true"
    assert "working copy (not committed)" in items[0].text
    assert "working copy (not committed)" in tree.find(data_proofroom="viewer").text
    assert not items[0].find_all("time")
    _, _, tree_fr = review(a, lang="fr")
    assert "copie de travail (non commitée)" in tree_fr.find(data_proofroom="viewer").text


def test_lfs_pointer_without_file_shows_size_and_oid() -> None:
    oid = "4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393"
    path = "assets/soldes/film.psd"
    v = version(1, path, NOW, lfs=LfsPointer(oid, 12_345_678), size=132)
    _, _, tree = review(asset("film.psd", [v]))
    viewer = tree.find(data_proofroom="viewer")
    assert "Stored in Git LFS" in viewer.text
    assert "12.3 MB" in viewer.text
    assert oid in viewer.find("code").text
    assert not viewer.find_all("a")  # nothing to download
    _, _, tree_fr = review(asset("film.psd", [v]), lang="fr")
    assert "Stocké dans Git LFS" in tree_fr.text and "12,3\u00a0Mo" in tree_fr.text


def test_non_image_gets_icon_and_download() -> None:
    path = "assets/soldes/flyer.pdf"
    pdf = asset("flyer.pdf", [version(1, path, NOW), version(2, path, NOW)], kind="pdf")
    src, _, tree = review(pdf)
    assert not tree.find_all(data_proofroom="compare")  # two icons are nothing to compare
    viewer = tree.find(data_proofroom="viewer")
    assert resolve(src, viewer.find("img").attrs["src"]) == "proofroom/icons/pdf.svg"
    download = viewer.find("a", class_="proofroom-download")
    assert resolve(src, download.attrs["href"]) == "assets/soldes/flyer.pdf"


def test_svg_is_shown_by_its_raster_only() -> None:
    svg = asset("logo.svg", [version(1, "assets/soldes/logo.svg", NOW)], kind="svg")
    src, _, tree = review(svg)
    viewer = tree.find(data_proofroom="viewer")
    shown = resolve(src, viewer.find("img").attrs["src"])
    assert shown.startswith("proofroom/previews/") and shown.endswith(".webp")
    assert not tree.find_all("svg") and not tree.find_all(["object", "embed", "iframe"])
    assert not any(
        (node.get("src") or node.get("data-src") or "").endswith(".svg")
        for node in tree.find_all(True)
    )
    download = viewer.find("a", class_="proofroom-download")
    assert download.attrs["download"] == "logo.svg"
    assert resolve(src, download.attrs["href"]) == "assets/soldes/logo.svg.bin"


def test_status_and_placeholders_for_later_sections() -> None:
    a = hero_asset()
    d = Deliverable("hero", "soldes", "hero.jpg", a, DeliverableSpec("hero", "hero.jpg"))
    d.status, d.stage, d.stale = "in_review", "brand", True
    c = campaign_with(a, deliverables=[d])
    page = review_page(c, a, d, media, "fr", repo_url=None, branch="main")
    tree = parse(render(split_page(page.markdown)[1]))
    status = tree.find(data_proofroom="status")
    assert status.find("span", data_status="in_review").text == "en revue"
    assert "Étape\u00a0: brand" in status.text
    assert status.find(data_flag="stale")
    # A file that is not a deliverable says so.
    other = review_page(c, a, None, media, "en", repo_url=None, branch="main")
    assert 'data-status="other"' in other.markdown


# ---------------------------------------------------------------- escaping


def test_hostile_strings_stay_text_on_the_review_page() -> None:
    c, a = hostile_campaign()
    page = review_page(c, a, c.deliverables[0], media, "en", repo_url=REPO, branch="main")
    _, body = split_page(page.markdown)
    rendered = render(body)
    tree = assert_inert(rendered)
    assert HOSTILE_TEXT in tree.text  # author, subject, title: shown as written
    details = tree.find("details")
    assert details.find("pre").text == c.deliverables[0].asset.versions[1].made.message.strip()
    assert len(tree.find_all("details")) == 1
    assert not tree.find_all("ul")  # "- item" stayed inside the message
    viewer_img = tree.find(data_proofroom="viewer").find("img")
    assert viewer_img.attrs["alt"] == HOSTILE_TEXT
    assert resolve(page.src_uri, viewer_img.attrs["src"]) == a.path
    # Python-Markdown passed every generated block through unchanged.
    assert rendered.strip() == body.strip()


def test_hostile_strings_stay_text_in_gallery_index_and_stub() -> None:
    c, a = hostile_campaign()
    gallery = gallery_html(c, media, "en", page_src_uri="campaigns/soldes/index.md", now=NOW)
    body = "# Brief\n\nSome *brief* text.\n" + gallery
    rendered = render(body)
    assert gallery.strip() in rendered  # passed through unchanged after the brief
    tree = assert_inert(rendered.replace("<em>brief</em>", "brief"))
    assert HOSTILE_TEXT in tree.text
    card = tree.find("li", data_proofroom="card")
    assert card.attrs["data-deliverable"] == HOSTILE_TEXT
    assert card.find("img").attrs["alt"] == HOSTILE_TEXT
    assert resolve("campaigns/soldes/index.md", card.find("a").attrs["href"]) == (
        f"campaigns/soldes/review/{a.stem}/"
    )

    ws = Workspace(Path("."), [c])
    index = campaigns_index(ws, media, "en")
    _, index_body = split_page(index.markdown)
    index_tree = assert_inert(render(index_body))
    assert HOSTILE_TEXT in index_tree.find("li", data_campaign="soldes").text

    stub = campaign_stub_page(Campaign(HOSTILE[1], None, [a], []), media, "en", now=NOW)
    meta, stub_body = split_page(stub.markdown)
    assert "<" not in meta["title"]
    stub_tree = assert_inert(render(stub_body))
    assert HOSTILE[1] in stub_tree.find("h1").text


# ---------------------------------------------------------------- links and encoding


def test_every_relative_link_resolves_from_a_deep_page() -> None:
    rel = "social/Été 2027 🌞 #1?.png"
    a = hero_asset(rel)
    src, _, tree = review(a)
    assert src == "campaigns/soldes/review/social/Été 2027 🌞 #1?/index.md"
    urls = links(tree)
    assert urls and all(" " not in u and "#" not in u and "?" not in u for u in urls)
    resolved = {resolve(src, u) for u in urls}
    assert "campaigns/" in resolved
    assert "campaigns/soldes/" in resolved
    assert f"assets/soldes/{rel}" in resolved
    assert all(
        r.startswith(("campaigns/", "assets/soldes/", "proofroom/thumbs/")) for r in resolved
    )


def test_file_names_are_percent_encoded_per_segment() -> None:
    rel = "Été 2027 🌞.png"
    a = hero_asset(rel)
    c = campaign_with(a)
    html_text = gallery_html(c, media, "en", page_src_uri="campaigns/soldes/index.md", now=NOW)
    href = parse(html_text).find("a", class_="proofroom-card__link").attrs["href"]
    assert href == "review/%C3%89t%C3%A9%202027%20%F0%9F%8C%9E/"
    _, _, tree = review(a)
    src = tree.find(data_proofroom="viewer").find("img").attrs["src"]
    assert src == "../../../../assets/soldes/%C3%89t%C3%A9%202027%20%F0%9F%8C%9E.png"


# ---------------------------------------------------------------- gallery


def test_gallery_cards_in_english() -> None:
    a = hero_asset()
    spec = DeliverableSpec("hero", "hero.jpg", due=date(2027, 2, 10), extra={"alt": "Hero visual"})
    d = Deliverable("hero", "soldes", "hero.jpg", a, spec, status="in_review", stage="brand")
    d.overdue = True
    missing = Deliverable(
        "story", "soldes", "social/story.mp4", None, DeliverableSpec("story", "social/story.mp4")
    )
    missing.status = "missing"
    extra = asset("notes.pdf", [version(1, "assets/soldes/notes.pdf", NOW)], kind="pdf")
    c = campaign_with(a, extra, deliverables=[d, missing])
    page = "campaigns/soldes/index.md"
    tree = parse(render(gallery_html(c, media, "en", page_src_uri=page, now=NOW)))
    cards = tree.find_all("li", data_proofroom="card")
    assert [card.attrs["data-status"] for card in cards] == ["in_review", "missing", "other"]
    hero, story, notes = cards
    img = hero.find("img")
    assert img.attrs["alt"] == "Hero visual"
    assert (img.attrs["width"], img.attrs["height"]) == ("320", "213")
    assert (img.attrs["loading"], img.attrs["decoding"]) == ("lazy", "async")
    assert resolve(page, img.attrs["src"]) == f"proofroom/thumbs/3b/{('3b' * 20)[:40]}.webp"
    assert resolve(page, hero.find("a").attrs["href"]) == "campaigns/soldes/review/hero/"
    badge = hero.find("span", data_status="in_review")
    assert "proofroom-badge--in_review" in badge.attrs["class"]
    assert badge.text == "in review"
    text = hero.text
    assert "3 versions" in text
    assert "Stage: brand" in text
    assert "Last version: 13\u00a0Feb\u00a02027" in text  # 23:30 UTC is the 13th in Paris
    assert "Due: 10\u00a0Feb\u00a02027" in text and "(2 days late)" in text
    assert hero.find(data_flag="overdue").text == "overdue"
    # The missing deliverable: expected path, no link.
    assert story.find("code").text == "assets/soldes/social/story.mp4"
    assert "Expected file:" in story.text and not story.find_all("a")
    assert story.find("span", data_status="missing").text == "missing"
    assert "not a deliverable" in notes.text
    assert "Other files" in tree.text


def test_gallery_in_french() -> None:
    a = hero_asset()
    spec = DeliverableSpec("hero", "hero.jpg", due=date(2027, 2, 20))
    d = Deliverable("hero", "soldes", "hero.jpg", a, spec, status="changes_requested")
    c = campaign_with(a, deliverables=[d])
    tree = parse(gallery_html(c, media, "fr", page_src_uri="campaigns/soldes/index.md", now=NOW))
    text = tree.text
    assert "modifications demandées" in text
    assert "3 versions" in text
    assert "Dernière version\u00a0: 13\u00a0févr.\u00a02027" in text
    assert "Échéance\u00a0: 20\u00a0févr.\u00a02027" in text and "(dans 8 jours)" in text
    assert "Livrables" in text


def test_empty_gallery_says_where_files_go() -> None:
    c = campaign_with()
    tree = parse(gallery_html(c, media, "en", page_src_uri="campaigns/soldes/index.md", now=NOW))
    assert "assets/soldes/" in tree.find("code").text


# ---------------------------------------------------------------- index and stub


def test_campaigns_index_groups_by_year_then_tag() -> None:
    old = Campaign(
        "hiver",
        brief(campaign="hiver", title="Hiver", launch=None, tags=("retail", "winter")),
        [
            asset(
                "a.png",
                [version(1, "assets/hiver/a.png", datetime(2026, 12, 31, 23, 30, tzinfo=UTC))],
                campaign="hiver",
            )
        ],
    )
    new = campaign_with(hero_asset())
    new.deliverables[0].status = "approved"
    new.deliverables[0].overdue = False
    bare = Campaign("vrac", None, [])
    index = campaigns_index(Workspace(Path("."), [old, new, bare]), media, "en")
    assert index.src_uri == "campaigns/index.md" and index.in_nav
    meta, body = split_page(index.markdown)
    assert meta["title"] == "Campaigns"
    headings = [line for line in body.splitlines() if line.startswith("## ")]
    # Hiver's first version landed 31 Dec 23:30 UTC: 2027 in Paris.
    assert headings == ["## 2027", "## Undated"]
    tree = parse(render(body))
    year = tree.find("div", data_year="2027")
    assert [h.attrs["data-tag"] for h in year.find_all("h3")] == ["retail", "winter"]
    assert [li.attrs["data-campaign"] for li in year.find_all("li")] == [
        "hiver",
        "soldes",
        "hiver",
    ]
    card = year.find("li", data_campaign="soldes")
    assert resolve("campaigns/index.md", card.find("a").attrs["href"]) == "campaigns/soldes/"
    assert "Owner: marie" in card.text and "1 deliverable" in card.text
    counts = card.find("p", data_proofroom="status-counts")
    assert counts.find("span", data_status="approved").text == "1 approved"
    assert "Launch: 1\u00a0Mar\u00a02027" in card.text
    assert resolve("campaigns/index.md", card.find("img").attrs["src"]).startswith(
        "proofroom/thumbs/"
    )
    undated = tree.find_all("div", class_="proofroom proofroom-index")[1]
    assert "data-year" not in undated.attrs
    assert undated.find("h3").text == "No tag"


def test_campaigns_index_in_french_and_empty() -> None:
    index = campaigns_index(Workspace(Path("."), []), media, "fr")
    meta, body = split_page(index.markdown)
    assert meta["title"] == "Campagnes"
    assert "Aucune campagne" in render(body)


def test_stub_page_explains_how_to_add_the_brief() -> None:
    a = asset("hero.jpg", [version(1, "assets/été 2027/hero.jpg", NOW)], campaign="été 2027")
    c = Campaign("été 2027", None, [a], [])
    page = campaign_stub_page(c, media, "en", now=NOW)
    assert page.src_uri == "campaigns/été 2027/index.md" and page.in_nav
    tree = parse(render(split_page(page.markdown)[1]))
    codes = [n.text for n in tree.find_all("code")]
    assert "content/campaigns/été 2027/index.md" in codes
    assert "proofroom new 'été 2027'" in codes
    card = tree.find("li", data_proofroom="card")
    assert resolve(page.src_uri, card.find("a").attrs["href"]) == "campaigns/été 2027/review/hero/"


# ---------------------------------------------------------------- i18n and static files


@pytest.mark.parametrize(
    ("lang", "labels"),
    [
        ("en", ["missing", "in review", "changes requested", "rejected", "approved"]),
        ("fr", ["manquant", "en revue", "modifications demandées", "refusé", "approuvé"]),
        ("fr_CA", ["manquant", "en revue", "modifications demandées", "refusé", "approuvé"]),
        ("de", ["missing", "in review", "changes requested", "rejected", "approved"]),
    ],
)
def test_status_labels(lang: str, labels: list[str]) -> None:
    statuses = ["missing", "in_review", "changes_requested", "rejected", "approved"]
    assert [status_label(lang, s) for s in statuses] == labels


def test_plurals_dates_and_sizes() -> None:
    assert [t("en", "n_versions", n=n) for n in (0, 1, 3)] == [
        "0 versions",
        "1 version",
        "3 versions",
    ]
    assert [t("fr", "n_versions", n=n) for n in (0, 1, 3)] == [
        "0 version",
        "1 version",
        "3 versions",
    ]
    assert t("fr", "n_deliverables", n=2) == "2 livrables"
    assert format_date("en", date(2027, 2, 12)) == "12\u00a0Feb\u00a02027"
    assert format_date("fr", date(2027, 2, 12)) == "12\u00a0févr.\u00a02027"
    assert format_date("fr", date(2027, 8, 1)) == "1\u00a0août\u00a02027"
    assert format_size("en", 999) == "999 bytes" and format_size("fr", 1500) == "1,5\u00a0ko"


def test_every_interface_string_exists_in_french() -> None:
    from proofroom.site.lang import STRINGS

    assert set(STRINGS["fr"]) == set(STRINGS["en"])


def test_unknown_timezone_falls_back_to_utc() -> None:
    _, _, tree = review(timezone="Mars/Olympus")
    newest = tree.find_all("li", data_proofroom="version")[0]
    assert newest.find("time").text == "12\u00a0Feb\u00a02027, 23:30"


def test_static_files_use_material_variables_and_no_innerhtml() -> None:
    css = (STATIC_DIR / "proofroom.css").read_text(encoding="utf-8")
    js = (STATIC_DIR / "proofroom.js").read_text(encoding="utf-8")
    for variable in ("--md-default-fg-color", "--md-primary-fg-color", "--md-typeset-a-color"):
        assert variable in css
    assert "grid-template-columns" in css and '[data-md-color-scheme="slate"]' in css
    assert "innerHTML" not in js and "insertAdjacentHTML" not in js
    assert "document$" in js and "DOMContentLoaded" in js
    assert "textContent" in js and "setAttribute" in js
