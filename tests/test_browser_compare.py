"""The comparison of two versions in a real Chromium: every mode, the sliders, the shared
zoom, the selects, the keyboard, a phone, no script, and Material's instant navigation.

The hero has three versions of one 640x400 picture: v1 red, v2 green, v3 blue. Rendering
is checked on screenshots (the colour under a point), not only on attributes.
"""

from __future__ import annotations

import io
import re

import pytest
from helpers.browser import Guard, Site, watched_page
from PIL import Image

pytestmark = pytest.mark.e2e

ROOT = '[data-proofroom="compare"]'
READY = '[data-proofroom="compare"][data-proofroom-ready="true"]'
OVER = '.proofroom-compare__pane[data-side="right"] .proofroom-compare__viewport'


def open_compare(tab, site: Site):
    tab.goto(site.hero)
    tab.wait_for_selector(READY, state="attached")
    root = tab.locator(ROOT)
    root.scroll_into_view_if_needed()
    return root


def blobs(root) -> dict[str, str]:
    """Version number -> blob sha, from the left select's options."""
    options = root.locator('select[data-proofroom-side="left"] option')
    return {
        options.nth(i).get_attribute("value"): options.nth(i).get_attribute("data-sha")
        for i in range(options.count())
    }


def pane_img(root, side: str):
    return root.locator(f'.proofroom-compare__pane[data-side="{side}"] img')


def loaded(img) -> int:
    """Wait for an image to load; its natural width."""
    img.scroll_into_view_if_needed()
    img.page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=img.element_handle()
    )
    return img.evaluate("img => img.naturalWidth")


def choose(root, mode: str) -> None:
    root.locator(f'[data-proofroom-mode="{mode}"]').check()
    assert root.get_attribute("data-mode") == mode


def colour_at(tab, x: float, y: float) -> str:
    """The dominant colour of the rendered pixel at (x, y) of the viewport."""
    shot = tab.screenshot(clip={"x": x, "y": y, "width": 1, "height": 1})
    r, g, b = Image.open(io.BytesIO(shot)).convert("RGB").getpixel((0, 0))
    for name, (main, a, c) in {"red": (r, g, b), "green": (g, r, b), "blue": (b, r, g)}.items():
        if main > a + 60 and main > c + 60:
            return name
    return f"mixed({r},{g},{b})"


def sample(root, fraction: float) -> str:
    """The colour shown at ``fraction`` of the width of the right viewport, mid-height."""
    viewport = root.locator(
        '.proofroom-compare__pane[data-side="right"] .proofroom-compare__viewport'
    )
    box = viewport.bounding_box()
    assert box is not None
    return colour_at(root.page, box["x"] + box["width"] * fraction, box["y"] + box["height"] / 2)


def matrix(img) -> list[float]:
    """The computed transform of an element as [a, b, c, d, e, f] (identity when none)."""
    value = img.evaluate("el => getComputedStyle(el).transform")
    if value == "none":
        return [1, 0, 0, 1, 0, 0]
    return [float(n) for n in re.findall(r"-?[\d.]+(?:e-?\d+)?", value)]


# ---------------------------------------------------------------- modes


def test_every_mode_switches_and_shows_both_versions(page, site: Site) -> None:
    root = open_compare(page, site)
    sha = blobs(root)
    modes = root.locator("[data-proofroom-modes]")
    assert modes.is_visible()
    for mode in ("swipe", "onion", "side"):
        choose(root, mode)
        for side, n in (("left", "2"), ("right", "3")):
            img = pane_img(root, side)
            assert img.is_visible()
            assert img.get_attribute("src").endswith(f"_proofroom/o/{sha[n]}.jpg")
            assert loaded(img) == 640
        tools = root.locator(f'[data-proofroom-tools="{mode}"]')
        assert tools.is_visible()
        assert root.locator("[data-proofroom-tools]:visible").count() == 1
        assert not root.locator('[data-proofroom-view="diff"]').is_visible()
    # Swipe and onion lay the two pictures on the same spot.
    choose(root, "onion")
    left, right = pane_img(root, "left").bounding_box(), pane_img(root, "right").bounding_box()
    assert left == right
    choose(root, "side")
    left, right = pane_img(root, "left").bounding_box(), pane_img(root, "right").bounding_box()
    assert right["x"] >= left["x"] + left["width"]  # side by side on a desktop

    choose(root, "diff")
    assert not root.locator('[data-proofroom-view="panes"]').is_visible()
    assert root.locator("[data-proofroom-tools]:visible").count() == 0
    diff = root.locator("[data-proofroom-diff-image]")
    assert diff.is_visible()
    assert diff.get_attribute("src").endswith(f"_proofroom/d/{sha['2']}-{sha['3']}.jpg")
    assert loaded(diff) == 640
    assert root.locator("[data-proofroom-changed]").inner_text() == "100.0 % of pixels changed"
    assert not root.locator("[data-proofroom-no-diff]").is_visible()
    assert "v2" in diff.get_attribute("alt") and "v3" in diff.get_attribute("alt")


def test_swipe_slider_moves_the_split(page, site: Site) -> None:
    root = open_compare(page, site)
    choose(root, "swipe")
    loaded(pane_img(root, "left"))
    loaded(pane_img(root, "right"))
    over = root.locator(OVER)
    assert over.evaluate("el => getComputedStyle(el).clipPath") == "inset(0px 0px 0px 50%)"
    split = root.locator('[data-proofroom-range="swipe"]')
    split.fill("20")
    assert over.evaluate("el => getComputedStyle(el).clipPath") == "inset(0px 0px 0px 20%)"
    assert (sample(root, 0.1), sample(root, 0.3), sample(root, 0.9)) == ("green", "blue", "blue")
    split.fill("80")
    assert (sample(root, 0.1), sample(root, 0.7), sample(root, 0.9)) == ("green", "green", "blue")
    # It is a real range input: the keyboard moves it.
    split.focus()
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    assert split.input_value() == "78"
    assert over.evaluate("el => getComputedStyle(el).clipPath") == "inset(0px 0px 0px 78%)"


def test_onion_slider_sets_the_opacity(page, site: Site) -> None:
    root = open_compare(page, site)
    choose(root, "onion")
    loaded(pane_img(root, "left"))
    loaded(pane_img(root, "right"))
    over = root.locator(OVER)
    assert over.evaluate("el => getComputedStyle(el).opacity") == "0.5"
    assert sample(root, 0.5).startswith("mixed")  # half green, half blue
    opacity = root.locator('[data-proofroom-range="onion"]')
    opacity.fill("0")
    assert over.evaluate("el => getComputedStyle(el).opacity") == "0"
    assert sample(root, 0.5) == "green"
    opacity.fill("100")
    assert sample(root, 0.5) == "blue"
    opacity.focus()
    page.keyboard.press("Home")
    assert over.evaluate("el => getComputedStyle(el).opacity") == "0"


# ---------------------------------------------------------------- zoom


def test_side_by_side_zoom_keeps_both_panes_at_the_same_scale(page, site: Site) -> None:
    root = open_compare(page, site)
    left, right = pane_img(root, "left"), pane_img(root, "right")
    loaded(left)
    loaded(right)
    assert matrix(left) == matrix(right) == [1, 0, 0, 1, 0, 0]
    root.locator('[data-proofroom-zoom="in"]').click()
    assert matrix(left) == matrix(right)
    assert matrix(left)[0] == pytest.approx(1.5)
    assert root.get_attribute("data-zoomed") == "true"

    # Ctrl + wheel over one pane zooms both, around the pointer.
    box = right.bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.7, box["y"] + box["height"] * 0.6)
    page.keyboard.down("Control")
    page.mouse.wheel(0, -300)
    page.keyboard.up("Control")
    page.wait_for_function(
        "el => new DOMMatrix(getComputedStyle(el).transform).a > 1.6", arg=left.element_handle()
    )
    zoomed = matrix(left)
    assert zoomed == matrix(right)
    assert zoomed[0] > 1.6

    # Dragging one pane pans both the same way.
    page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.5)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.6, box["y"] + box["height"] * 0.55, steps=4)
    page.mouse.up()
    panned = matrix(left)
    assert panned == matrix(right)
    assert panned[0] == pytest.approx(zoomed[0])
    assert panned[4] > zoomed[4] and panned[5] > zoomed[5]
    assert panned[4] <= 0 and panned[5] <= 0  # never past the picture's edge

    root.locator('[data-proofroom-zoom="out"]').click()
    assert matrix(left)[0] == pytest.approx(zoomed[0] / 1.5)
    root.locator('[data-proofroom-zoom="reset"]').click()
    assert matrix(left) == matrix(right) == [1, 0, 0, 1, 0, 0]
    assert root.get_attribute("data-zoomed") == "false"


# ---------------------------------------------------------------- versions


def test_choosing_versions_updates_every_mode(page, site: Site) -> None:
    root = open_compare(page, site)
    sha = blobs(root)
    left_select = root.locator('select[data-proofroom-side="left"]')
    right_select = root.locator('select[data-proofroom-side="right"]')
    left_select.select_option("1")
    for mode in ("side", "swipe", "onion"):
        choose(root, mode)
        assert pane_img(root, "left").get_attribute("src").endswith(f"{sha['1']}.jpg")
        assert (
            root.locator('.proofroom-compare__pane[data-side="left"]').get_attribute("data-version")
            == "1"
        )
        assert (
            root.locator('.proofroom-compare__pane[data-side="left"] figcaption')
            .inner_text()
            .startswith("v1 · ")
        )
    choose(root, "swipe")
    root.locator('[data-proofroom-range="swipe"]').fill("50")
    loaded(pane_img(root, "left"))
    assert (sample(root, 0.25), sample(root, 0.75)) == ("red", "blue")

    choose(root, "diff")
    diff = root.locator("[data-proofroom-diff-image]")
    assert diff.get_attribute("src").endswith(f"_proofroom/d/{sha['1']}-{sha['3']}.jpg")
    # The other way round shows the same pair, older first.
    left_select.select_option("3")
    right_select.select_option("1")
    assert diff.get_attribute("src").endswith(f"_proofroom/d/{sha['1']}-{sha['3']}.jpg")
    assert loaded(diff) == 640
    # The same version on both sides has no difference image: the page says so.
    left_select.select_option("1")
    assert not diff.is_visible()
    assert root.locator("[data-proofroom-no-diff]").is_visible()
    assert not root.locator("[data-proofroom-changed]").is_visible()
    right_select.select_option("2")
    assert diff.is_visible()
    assert diff.get_attribute("src").endswith(f"_proofroom/d/{sha['1']}-{sha['2']}.jpg")


def test_keyboard_alone_switches_modes(page, site: Site) -> None:
    root = open_compare(page, site)
    root.locator('select[data-proofroom-side="right"]').focus()
    page.keyboard.press("Tab")
    focused = "() => document.activeElement.getAttribute('data-proofroom-mode')"
    assert page.evaluate(focused) == "side"
    label = root.locator('[data-proofroom-mode="side"] + span')
    assert label.evaluate("el => getComputedStyle(el).outlineStyle") == "solid"  # focus shows
    for mode in ("swipe", "onion", "diff"):
        page.keyboard.press("ArrowRight")
        assert page.evaluate(focused) == mode
        assert root.get_attribute("data-mode") == mode
    page.keyboard.press("ArrowLeft")
    assert root.get_attribute("data-mode") == "onion"
    # Tab reaches the mode's own control next.
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.getAttribute('data-proofroom-range')") == (
        "onion"
    )


# ---------------------------------------------------------------- layouts and conditions


def test_phone_fits_in_every_mode(phone, site: Site) -> None:
    root = open_compare(phone, site)
    overflow = "document.documentElement.scrollWidth - window.innerWidth"
    left, right = pane_img(root, "left"), pane_img(root, "right")
    loaded(left)
    a, b = left.bounding_box(), right.bounding_box()
    assert b["y"] >= a["y"] + a["height"]  # side by side stacks on a phone
    assert phone.evaluate(overflow) <= 0
    for mode in ("swipe", "onion", "diff", "side"):
        choose(root, mode)
        assert phone.evaluate(overflow) <= 0, mode
    root.locator('[data-proofroom-zoom="in"]').click()
    assert phone.evaluate(overflow) <= 0  # a zoomed picture stays inside its pane


def test_without_javascript_side_by_side_remains(browser, site: Site, guard: Guard) -> None:
    with watched_page(browser, site, guard, java_script_enabled=False) as tab:
        tab.goto(site.hero)
        root = tab.locator(ROOT)
        root.scroll_into_view_if_needed()
        assert root.get_attribute("data-mode") == "side"
        assert not root.locator("[data-proofroom-modes]").is_visible()
        assert not root.locator('[data-proofroom-view="diff"]').is_visible()
        left, right = pane_img(root, "left"), pane_img(root, "right")
        assert left.is_visible() and right.is_visible()
        assert (
            root.locator('.proofroom-compare__pane[data-side="left"]').get_attribute(
                "data-version"
            ),
            root.locator('.proofroom-compare__pane[data-side="right"]').get_attribute(
                "data-version"
            ),
        ) == ("2", "3")


# Material's document$ stand-in: it replays the current page to each new subscriber,
# and the test emits a new page the way instant navigation does.
DOCUMENT_SUBJECT = """
window.document$ = {
  subscribers: [],
  subscribe(fn) { this.subscribers.push(fn); fn(document); return { unsubscribe() {} }; },
  next() { this.subscribers.forEach((fn) => fn(document)); },
};
"""

SWAP_PAGE = """async () => {
  const html = await (await fetch(location.href)).text();
  const fresh = new DOMParser().parseFromString(html, "text/html");
  const old = document.querySelector('[data-proofroom="compare"]');
  old.replaceWith(document.importNode(fresh.querySelector('[data-proofroom="compare"]'), true));
  window.document$.next();
}"""


def test_instant_navigation_initialises_once_per_page(page, site: Site) -> None:
    page.add_init_script(DOCUMENT_SUBJECT)
    root = open_compare(page, site)
    zoom_in = root.locator('[data-proofroom-zoom="in"]')
    zoom_in.click()
    page.evaluate("() => { window.document$.next(); window.document$.next(); }")
    # Initialising again changes nothing on the page and binds nothing twice.
    assert matrix(pane_img(root, "left"))[0] == pytest.approx(1.5)
    zoom_in.click()
    assert matrix(pane_img(root, "left"))[0] == pytest.approx(2.25)

    page.evaluate(SWAP_PAGE)  # a new page arrives without a reload
    root = page.locator(READY)
    assert root.count() == 1
    assert root.get_attribute("data-zoomed") == "false"
    choose(root, "swipe")
    assert root.locator('[data-proofroom-tools="swipe"]').is_visible()
    root.locator('[data-proofroom-range="swipe"]').fill("30")
    over = root.locator(OVER)
    assert over.evaluate("el => getComputedStyle(el).clipPath") == "inset(0px 0px 0px 30%)"
    choose(root, "side")
    root.locator('[data-proofroom-zoom="in"]').click()
    assert matrix(pane_img(root, "left"))[0] == pytest.approx(1.5)
