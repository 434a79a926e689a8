"""The review page in a real Chromium: it loads, draws the comments, runs no hostile
string, asks nothing of the network, and fits a phone."""

from __future__ import annotations

import pytest
from browser import Site

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
    link.first.click()
    page.wait_for_load_state("load")
    assert "onerror=alert(3)>" in page.locator("h1").first.inner_text()


def test_fits_a_phone(phone, site: Site) -> None:
    phone.goto(site.hero)
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
