"""The comparison section: its hooks, what each option and difference entry carries for
the script, escaping, and a real build that publishes difference images."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from helpers.gitrepo import GitRepo
from helpers.html import HOSTILE_TEXT, Node, assert_inert, parse, render, resolve, split_page
from helpers.models import asset, campaign_with, hero_asset, hostile_campaign, media, version
from helpers.sites import local_targets, run_build
from helpers.workspaces import BRIEF, write_config
from PIL import Image

from proofroom.core.media.limits import DIFF_VERSIONS
from proofroom.core.model import Asset, Version
from proofroom.site.compare import MODES, format_share
from proofroom.site.media_refs import DiffRef
from proofroom.site.review import review_page

SHARES = {(1, 2): 0.5, (1, 3): 1.0, (2, 3): 0.124}


def having(node: Node, attr: str, tag: str | None = None) -> list[Node]:
    """Descendants that carry ``attr`` (with or without a value)."""
    return [n for n in node.iter() if attr in n.attrs and (tag is None or n.tag == tag)]


def one(node: Node, attr: str, tag: str | None = None) -> Node:
    found = having(node, attr, tag)
    assert len(found) == 1, f"{len(found)} elements with {attr}"
    return found[0]


def diffs(share: dict[tuple[int, int], float] = SHARES):
    """A difference lookup over made-up images: one file per (older, newer) pair."""

    def lookup(a: Asset, x: Version, y: Version) -> DiffRef | None:
        older, newer = sorted((x, y), key=lambda v: v.number)
        changed = share.get((older.number, newer.number))
        if changed is None:
            return None
        return DiffRef(f"_proofroom/d/{older.blob}-{newer.blob}.jpg", changed, 800, 500)

    return lookup


def compare_of(a: Asset | None = None, lang: str = "en", diff=None) -> tuple[str, str, Node]:
    """(page src, raw body, the compare root) of a review page."""
    a = a or hero_asset()
    c = campaign_with(a)
    page = review_page(
        c, a, c.deliverables[0], media, lang, repo_url=None, branch="main", diff=diff
    )
    _, body = split_page(page.markdown)
    rendered = render(body)
    assert rendered.strip() == body.strip()  # Markdown left every block alone
    return page.src_uri, body, parse(rendered).find(data_proofroom="compare")


def test_modes_and_their_hooks() -> None:
    _, _, root = compare_of(diff=diffs())
    assert root.attrs["data-mode"] == "side"
    radios = root.find_all("input", type="radio")
    assert [r.attrs["data-proofroom-mode"] for r in radios] == list(MODES)
    assert [r.attrs["value"] for r in radios] == list(MODES)
    assert {r.attrs["name"] for r in radios} == {"proofroom-compare-mode"}
    assert [r.attrs["data-proofroom-mode"] for r in radios if "checked" in r.attrs] == ["side"]
    # Each radio sits in its label, with visible text; the group has a legend.
    labels = root.find_all("label", class_="proofroom-compare__mode")
    assert [label.text for label in labels] == ["Side by side", "Swipe", "Onion skin", "Difference"]
    modes = one(root, "data-proofroom-modes", "fieldset")
    assert modes.find("legend").text == "View"
    assert "hidden" in modes.attrs  # only the script can act on them


def test_without_javascript_the_panes_show_previous_and_current() -> None:
    src, _, root = compare_of(diff=diffs())
    panes = root.find(data_proofroom_view="panes")
    assert "hidden" not in panes.attrs
    sides = {f.attrs["data-side"]: f for f in panes.find_all("figure")}
    assert (sides["left"].attrs["data-version"], sides["right"].attrs["data-version"]) == (
        "2",
        "3",
    )
    for figure in sides.values():
        img = figure.find("div", class_="proofroom-compare__viewport").find("img")
        assert resolve(src, img.attrs["src"]) == "assets/soldes/hero.jpg"
    # Everything else waits for the script.
    assert "hidden" in root.find(data_proofroom_view="diff").attrs
    tools = having(root, "data-proofroom-tools")
    assert [t.attrs["data-proofroom-tools"] for t in tools] == ["side", "swipe", "onion"]
    assert all("hidden" in t.attrs for t in tools)


def test_mode_tools() -> None:
    _, _, root = compare_of(diff=diffs())
    zoom = {b.attrs["data-proofroom-zoom"]: b for b in root.find_all("button")}
    assert set(zoom) == {"in", "out", "reset"}
    assert all(b.attrs["type"] == "button" and b.attrs["aria-label"] for b in zoom.values())
    for mode, label in (("swipe", "Split"), ("onion", "Opacity of the right version")):
        tools = root.find(data_proofroom_tools=mode)
        rng = tools.find("input", data_proofroom_range=mode)
        assert (rng.attrs["type"], rng.attrs["min"], rng.attrs["max"]) == ("range", "0", "100")
        assert rng.attrs["value"] == "50"
        assert tools.find("label").text.strip() == label  # the input is inside its label


def test_every_option_carries_what_the_script_needs() -> None:
    src, _, root = compare_of(diff=diffs())
    selects = root.find_all("select")
    assert [s.attrs["data-proofroom-side"] for s in selects] == ["left", "right"]
    for select in selects:
        options = select.find_all("option")
        assert [o.attrs["value"] for o in options] == ["3", "2", "1"]
        for option in options:
            assert resolve(src, option.attrs["data-display"]) == "assets/soldes/hero.jpg"
            assert option.attrs["data-label"] == option.text
            assert (option.attrs["data-width"], option.attrs["data-height"]) == ("2400", "1600")
            assert re.fullmatch(r"[0-9a-f]{40}", option.attrs["data-sha"] or "")


def test_every_pair_has_its_difference_entry() -> None:
    src, _, root = compare_of(diff=diffs())
    view = root.find(data_proofroom_view="diff")
    entries = having(view, "data-proofroom-diff", "span")
    pairs = [(int(e.attrs["data-older"]), int(e.attrs["data-newer"])) for e in entries]
    assert pairs == [(1, 2), (1, 3), (2, 3)]
    a = hero_asset()
    blobs = {v.number: v.blob for v in a.versions}
    for entry, (older, newer) in zip(entries, pairs, strict=True):
        target = resolve(src, entry.attrs["data-src"])
        assert target == f"_proofroom/d/{blobs[older]}-{blobs[newer]}.jpg"
        assert (entry.attrs["data-width"], entry.attrs["data-height"]) == ("800", "500")
        assert float(entry.attrs["data-changed"]) == SHARES[(older, newer)]
        assert entry.attrs["data-alt"] == f"hero.jpg (Difference between v{older} and v{newer})"
    texts = {p: e.attrs["data-text"] for p, e in zip(pairs, entries, strict=True)}
    assert texts[(2, 3)] == "12.4 % of pixels changed"
    assert texts[(1, 3)] == "100.0 % of pixels changed"
    # The default pair (previous, current) is already shown for a script that runs late.
    assert (view.attrs["data-older"], view.attrs["data-newer"]) == ("2", "3")
    img = one(view, "data-proofroom-diff-image", "img")
    assert resolve(src, img.attrs["src"]) == f"_proofroom/d/{blobs[2]}-{blobs[3]}.jpg"
    assert "hidden" not in img.attrs
    assert one(view, "data-proofroom-changed").text == "12.4 % of pixels changed"
    assert "hidden" in one(view, "data-proofroom-no-diff").attrs


def test_french_share() -> None:
    _, _, root = compare_of(lang="fr", diff=diffs())
    changed = one(root, "data-proofroom-changed")
    assert changed.text == "12,4\u00a0% des pixels ont changé"
    assert root.find(data_proofroom_mode="onion").attrs["value"] == "onion"
    assert "Pelure d’oignon" in root.text


def test_missing_difference_says_so() -> None:
    _, _, root = compare_of(diff=diffs({(1, 2): 0.3}))
    view = root.find(data_proofroom_view="diff")
    assert len(having(view, "data-proofroom-diff")) == 1
    img = one(view, "data-proofroom-diff-image", "img")
    assert "hidden" in img.attrs and "src" not in img.attrs
    none = one(view, "data-proofroom-no-diff")
    assert "hidden" not in none.attrs
    assert none.text == "No difference image for these versions."
    assert "hidden" in one(view, "data-proofroom-changed").attrs


def test_without_lookup_the_diff_mode_still_answers() -> None:
    _, _, root = compare_of()
    assert root.find(data_proofroom_mode="diff")
    assert not having(root, "data-proofroom-diff")


def test_svg_has_no_difference_mode() -> None:
    path = "assets/soldes/logo.svg"
    when = datetime(2027, 2, 10, 9, 0, tzinfo=UTC)
    a = asset("logo.svg", [version(1, path, when), version(2, path, when)], kind="svg")
    _, _, root = compare_of(a, diff=diffs())
    modes = [r.attrs["data-proofroom-mode"] for r in root.find_all("input", type="radio")]
    assert modes == ["side", "swipe", "onion"]
    assert not root.find_all(data_proofroom_view="diff")


def test_many_versions_note_the_limit() -> None:
    path = "assets/soldes/hero.jpg"
    when = datetime(2027, 2, 10, 9, 0, tzinfo=UTC)
    a = asset("hero.jpg", [version(n, path, when) for n in range(1, DIFF_VERSIONS + 3)])
    _, _, root = compare_of(a, diff=diffs())
    assert f"the {DIFF_VERSIONS} newest versions" in root.text


def test_hostile_alt_text_stays_text() -> None:
    c, a = hostile_campaign()
    page = review_page(
        c, a, c.deliverables[0], media, "en", repo_url=None, branch="main", diff=diffs()
    )
    _, body = split_page(page.markdown)
    tree = assert_inert(render(body))
    root = tree.find(data_proofroom="compare")
    assert root.attrs["data-alt"] == HOSTILE_TEXT
    entry = having(root, "data-proofroom-diff")[0]
    assert entry.attrs["data-alt"] == f"{HOSTILE_TEXT} (Difference between v1 and v2)"
    img = one(root, "data-proofroom-diff-image", "img")
    assert img.attrs["alt"] == f"{HOSTILE_TEXT} (Difference between v1 and v2)"
    for pane in root.find_all("figure"):
        assert pane.find("img").attrs["alt"].startswith(HOSTILE_TEXT + " (v")


@pytest.mark.parametrize(
    ("share", "en", "fr"),
    [
        (0.0, "0.0", "0,0"),
        (0.0004, "<0.1", "<0,1"),
        (0.1236, "12.4", "12,4"),
        (0.99991, ">99.9", ">99,9"),
        (1.0, "100.0", "100,0"),
    ],
)
def test_format_share(share: float, en: str, fr: str) -> None:
    assert format_share("en", share) == f"{en} % of pixels changed"
    assert format_share("fr_FR", share) == f"{fr}\u00a0% des pixels ont changé"


# ---------------------------------------------------------------- a real build

HERO = "assets/soldes/hero.jpg"


def hero_history(repo: GitRepo) -> None:
    """Three hero versions: the second changes the right half, the third is broken."""
    write_config(repo)
    repo.write("content/campaigns/soldes/index.md", BRIEF)
    repo.image(HERO, color=(200, 30, 30), size=(320, 200))
    repo.commit("Hero v1", date="2027-01-05T09:00:00+01:00")
    right = Image.new("RGB", (320, 200), (200, 30, 30))
    right.paste((30, 30, 200), (160, 0, 320, 200))
    right.save(repo.path / HERO, quality=95)
    repo.commit("Hero v2: blue right half", date="2027-01-07T09:00:00+01:00")


def test_build_publishes_and_references_difference_images(git_repo: GitRepo) -> None:
    hero_history(git_repo)
    config = run_build(git_repo.path)
    store = config.plugins["proofroom"].build.media
    assert store.diffs_made == 1
    out = git_repo.path / "site"
    page = out / "campaigns/soldes/review/hero/index.html"
    tree = parse(page.read_text(encoding="utf-8"))
    entry = one(tree, "data-proofroom-diff")
    assert (entry.attrs["data-older"], entry.attrs["data-newer"]) == ("1", "2")
    share = re.fullmatch(r"(\d+\.\d) % of pixels changed", entry.attrs["data-text"] or "")
    assert share and 49.5 <= float(share[1]) <= 51.5  # half, give or take JPEG's edge
    img = one(tree, "data-proofroom-diff-image", "img")
    assert img.attrs["src"] == entry.attrs["data-src"]
    published = [t for t in local_targets(out, page) if "/_proofroom/d/" in t.as_posix()]
    assert len(published) == 1 and published[0].is_file()
    blobs = [v.attrs["data-sha"] for v in tree.find_all(data_proofroom="version")]
    assert published[0].name == f"{blobs[1]}-{blobs[0]}.jpg"  # older first
    with Image.open(published[0]) as im:
        assert im.size == (320, 200)

    cached = [p for p in (git_repo.path / ".cache/proofroom/diffs").rglob("*") if p.is_file()]
    stamps = {p: p.stat().st_mtime_ns for p in cached}
    assert sorted(p.suffix for p in cached) == [".jpg", ".json"]  # the share beside it
    again = run_build(git_repo.path)
    store = again.plugins["proofroom"].build.media
    assert (store.diffs_made, store.diffs_reused) == (0, 1)
    assert {p: p.stat().st_mtime_ns for p in cached} == stamps
    assert published[0].is_file()


def test_broken_version_gets_no_difference_image(git_repo: GitRepo) -> None:
    hero_history(git_repo)
    (git_repo.path / HERO).write_bytes(b"\xff\xd8\xff\xe0 truncated jpeg")
    git_repo.commit("Hero v3: broken export", date="2027-01-09T09:00:00+01:00")
    config = run_build(git_repo.path, strict=False)  # the broken file is a warning
    assert config.plugins["proofroom"].build.media.diffs_made == 1  # v1-v2 only
    page = git_repo.path / "site/campaigns/soldes/review/hero/index.html"
    tree = parse(page.read_text(encoding="utf-8"))
    view = tree.find(data_proofroom_view="diff")
    entries = having(view, "data-proofroom-diff")
    assert [(e.attrs["data-older"], e.attrs["data-newer"]) for e in entries] == [("1", "2")]
    # The default pair is v2 against the broken v3: the page says there is no image.
    assert "hidden" not in one(view, "data-proofroom-no-diff").attrs
    assert len(list((git_repo.path / "site/_proofroom/d").glob("*.jpg"))) == 1
