"""The review page in a real Chromium: it loads, draws the comments, runs no hostile
string, asks nothing of the network, and fits a phone."""

from __future__ import annotations

import pytest
from helpers.browser import Site

pytestmark = pytest.mark.e2e


def test_review_page_shows_the_current_version_and_its_comments(page, site: Site) -> None:
    page.goto(site.hero)
    viewer = page.locator('[data-proofroom="viewer"]')
    assert viewer.get_attribute("data-version") == "3"
    assert viewer.locator("img").evaluate("img => img.complete && img.naturalWidth") == 640
    assert page.locator('[data-proofroom="version"]').count() == 3


def test_hostile_file_name_and_title_stay_text(page, site: Site) -> None:
    page.goto(site.url("campaigns/soldes/"))
    link = page.locator("a", has_text='a"><img src=x onerror=alert(3)>')
    assert link.count() >= 1
    link.first.click()  # instant navigation: wait for the new page's title, as text
    page.locator("h1", has_text='a"><img src=x onerror=alert(3)>').wait_for()


def test_fits_a_phone(phone, site: Site) -> None:
    phone.goto(site.hero)
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0


def test_instant_navigation_to_a_review_page_keeps_everything_working(page, site: Site) -> None:
    """Material swaps the page without a reload: the scripts must start on the new page."""
    page.goto(site.url("campaigns/soldes/"))
    page.evaluate("() => { window.__samePage = true; }")
    page.locator('a[href*="review/hero/"]').first.click()
    page.wait_for_url("**/review/hero/")
    page.locator('[data-proofroom="compare"][data-proofroom-ready="true"]').wait_for()
    assert page.evaluate("() => window.__samePage === true"), "the page was reloaded"
    page.locator('[data-proofroom-mode="onion"]').check()
    assert page.locator('[data-proofroom="compare"]').get_attribute("data-mode") == "onion"
    form = page.locator('[data-proofroom="decision-form"]')
    form.locator('input[name="decision"][value="approved"]').check()
    form.locator('input[name="reviewer"]').fill("bob")
    assert 'reviewer: "bob"' in page.locator('[data-proofroom="decision-yaml"]').text_content()
