"""A PDF's review page in a real Chromium: page 2 shows with its comments, the comparison
shows the chosen page of both versions and that page's difference image, and the pages
stay readable without JavaScript.

The flyer has three A4 pages: red, green, blue; v2 paints the lower right quarter of
page 2 yellow. Rendering is checked on screenshots (the colour under a point).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

import pytest
from helpers.browser import Guard, Site, served_site, watched_page
from helpers.pdf_workspace import pdf_workspace
from PIL import Image

pytestmark = pytest.mark.e2e

REVIEW = "campaigns/print/review/flyer/"
COMPARE = '[data-proofroom="compare"]'


@pytest.fixture(scope="module")
def flyer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    folder = tmp_path_factory.mktemp("pdf-browser") / "repo"
    with served_site(folder, lambda repo, url: pdf_workspace(repo, site_url=url)) as served:
        yield served


@pytest.fixture
def tab(browser: object, flyer: Site) -> Iterator[object]:
    with watched_page(browser, flyer, Guard(origin=flyer.base)) as page:
        yield page


def loaded(img) -> int:
    """Wait for an image to load; its natural width."""
    img.scroll_into_view_if_needed()
    img.page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=img.element_handle()
    )
    return img.evaluate("img => img.naturalWidth")


def colour_at(img, fx: float, fy: float) -> tuple[int, int, int]:
    """The rendered colour at (fx, fy), as fractions of the picture, from the element's own
    screenshot; a picture letterboxed by ``object-fit: contain`` is centred in its box."""
    ratio = img.evaluate("i => i.naturalWidth / i.naturalHeight")
    with Image.open(io.BytesIO(img.screenshot())) as shot:
        rgb = shot.convert("RGB")
    width, height = min(rgb.width, rgb.height * ratio), min(rgb.height, rgb.width / ratio)
    left, top = (rgb.width - width) / 2, (rgb.height - height) / 2
    return rgb.getpixel((int(left + width * fx), int(top + height * fy)))


def near(a: tuple, b: tuple, tol: int = 40) -> bool:
    return all(abs(x - y) <= tol for x, y in zip(a, b, strict=True))


def point(img, fx: float, fy: float) -> tuple[float, float]:
    box = img.bounding_box()
    assert box is not None
    return box["x"] + box["width"] * fx, box["y"] + box["height"] * fy


def test_page_two_shows_with_its_comments(tab, flyer: Site) -> None:
    tab.goto(flyer.url(REVIEW))
    page2 = tab.locator('[data-proofroom="viewer"] [data-page="2"]')
    img = page2.locator("img")
    assert loaded(img) == 1131
    assert img.is_visible()
    assert near(colour_at(img, 0.3, 0.3), (30, 200, 30))  # green
    assert near(colour_at(img, 0.8, 0.8), (230, 200, 20))  # the new block
    # The pin of comment 2 sits at 25 % across, 50 % down page 2's picture.
    pin = page2.locator('[data-proofroom="annotation"][data-comment="2"]')
    assert pin.is_visible()
    mark, (x, y) = pin.bounding_box(), point(img, 0.25, 0.5)
    assert mark is not None
    assert (
        abs(mark["x"] + mark["width"] / 2 - x) < 3 and abs(mark["y"] + mark["height"] / 2 - y) < 3
    )
    assert page2.locator('[data-proofroom="annotation"]').count() == 1
    listed = page2.locator("li[data-comment='3']")
    assert listed.is_visible() and "Coquille dans la mention légale" in listed.inner_text()
    # The jump list leads to a page.
    tab.locator('[data-proofroom="viewer"] nav a[data-page="3"]').click()
    assert tab.url.endswith("#proofroom-page-3")
    assert tab.locator("#proofroom-page-3 img").is_visible()


def test_compare_shows_the_chosen_page_and_its_difference(tab, flyer: Site) -> None:
    tab.goto(flyer.url(REVIEW))
    tab.wait_for_selector(f'{COMPARE}[data-proofroom-ready="true"]', state="attached")
    root = tab.locator(COMPARE)
    root.scroll_into_view_if_needed()
    pages = root.locator("select[data-proofroom-page]")
    assert pages.is_visible()
    pages.select_option("2")
    for side in ("left", "right"):
        img = root.locator(f'.proofroom-compare__pane[data-side="{side}"] img')
        assert re.search(r"/_proofroom/p/[0-9a-f]{40}-p2-", img.get_attribute("src"))
        assert loaded(img) == 1131
        caption = root.locator(f'.proofroom-compare__pane[data-side="{side}"] figcaption')
        assert caption.inner_text().endswith("· Page 2")
    right = root.locator('.proofroom-compare__pane[data-side="right"] img')
    assert near(colour_at(right, 0.8, 0.8), (230, 200, 20))  # v2's page 2

    root.locator('[data-proofroom-mode="diff"]').check()
    diff = root.locator("[data-proofroom-diff-image]")
    assert diff.is_visible()
    assert re.search(r"-p2-[0-9a-f]{40}-p2\.jpg$", diff.get_attribute("src"))
    assert loaded(diff) == 1131
    changed = root.locator("[data-proofroom-changed]").inner_text()
    assert re.fullmatch(r"2\d\.\d % of pixels changed", changed), changed
    assert near(colour_at(diff, 0.8, 0.8), (255, 0, 144), 60)  # highlighted
    assert "page 2" in diff.get_attribute("alt")

    pages.select_option("1")  # nothing changed on page 1
    assert re.search(r"-p1-[0-9a-f]{40}-p1\.jpg$", diff.get_attribute("src"))
    assert root.locator("[data-proofroom-changed]").inner_text() == "0.0 % of pixels changed"


def test_pages_without_javascript(browser: object, flyer: Site) -> None:
    with watched_page(browser, flyer, Guard(origin=flyer.base), java_script_enabled=False) as tab:
        tab.goto(flyer.url(REVIEW))
        for n in (1, 2, 3):
            assert loaded(tab.locator(f'[data-proofroom="viewer"] [data-page="{n}"] img')) == 1131
        assert tab.locator(
            '[data-proofroom="viewer"] [data-page="2"] [data-comment="2"]'
        ).is_visible()
        root = tab.locator(COMPARE)
        assert root.locator("select[data-proofroom-page]").is_hidden()  # needs the script
        assert "-p1-" in root.locator(
            '.proofroom-compare__pane[data-side="left"] img'
        ).get_attribute("src")
