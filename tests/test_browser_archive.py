"""The campaigns archive in a real Chromium: filters narrow the cards without a server, and
an asset two years old is three clicks away."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from helpers.browser import Guard, Site, served_site, watched_page
from helpers.workspaces import archive_workspace

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    folder = tmp_path_factory.mktemp("archive") / "repo"
    with served_site(folder, lambda repo, url: archive_workspace(repo, site_url=url)) as served:
        yield served


@pytest.fixture
def tab(browser: object, archive: Site) -> Iterator[object]:
    with watched_page(browser, archive, Guard(origin=archive.base)) as page:
        yield page


def visible_campaigns(page) -> list[str]:
    """The campaigns with a visible card (a campaign has a card under each of its tags)."""
    cards = page.locator("li.proofroom-campaign:visible")
    return sorted({cards.nth(i).get_attribute("data-campaign") for i in range(cards.count())})


def test_a_two_year_old_asset_in_three_clicks(tab, archive: Site) -> None:
    tab.goto(archive.url("campaigns/"))
    bar = tab.locator('[data-proofroom="archive-filters"]')
    bar.wait_for(state="visible")
    assert (visible_campaigns(tab)) == ["hiver", "soldes"]

    tab.get_by_label("2025", exact=True).click()  # 1
    assert visible_campaigns(tab) == ["hiver"]
    assert tab.locator("h2", has_text="2027").is_hidden()
    assert bar.locator('[data-proofroom="archive-count"]').text_content() == "1 campaign shown"
    assert tab.url.endswith("#year=2025")  # a filtered view can be shared

    tab.locator('li.proofroom-campaign[data-campaign="hiver"] a').first.click()  # 2
    tab.wait_for_url("**/campaigns/hiver/")
    tab.locator('li[data-deliverable="poster"] a').click()  # 3
    tab.wait_for_url("**/campaigns/hiver/review/poster/")
    assert tab.locator("h1").first.text_content().strip() != ""
    assert tab.locator('[data-proofroom="viewer"]').count() == 1


def test_selects_combine_reset_and_the_hash_restores_a_view(tab, archive: Site) -> None:
    tab.goto(archive.url("campaigns/#channels=instagram-feed"))
    tab.locator('[data-proofroom="archive-filters"]').wait_for(state="visible")
    assert visible_campaigns(tab) == ["hiver"]
    assert tab.locator("#proofroom-filter-channels").input_value() == "instagram-feed"

    tab.locator("#proofroom-filter-channels").select_option("")
    tab.locator("#proofroom-filter-tags").select_option("retail")
    assert visible_campaigns(tab) == ["soldes"]
    tab.get_by_label("2025", exact=True).check()  # no campaign is both
    assert visible_campaigns(tab) == []
    assert tab.locator('[data-proofroom="archive-none"]').is_visible()

    tab.get_by_role("button", name="Show all").click()
    tab.locator("li.proofroom-campaign:visible").nth(1).wait_for()
    assert (visible_campaigns(tab)) == ["hiver", "soldes"]
    assert "#" not in tab.url


def test_keyboard_moves_through_the_years(tab, archive: Site) -> None:
    tab.goto(archive.url("campaigns/"))
    tab.locator('[data-proofroom="archive-filters"]').wait_for(state="visible")
    tab.get_by_label("All", exact=True).first.focus()
    tab.keyboard.press("ArrowRight")  # radios: the arrow keys choose the next year
    assert visible_campaigns(tab) == ["soldes"]


def test_without_javascript_every_card_stays_visible(browser: object, archive: Site) -> None:
    guard = Guard(origin=archive.base)
    with watched_page(browser, archive, guard, java_script_enabled=False) as page:
        page.goto(archive.url("campaigns/"))
        assert (visible_campaigns(page)) == ["hiver", "soldes"]
        assert page.locator('[data-proofroom="archive-filters"]').is_hidden()


def test_filters_start_after_instant_navigation(page, site: Site) -> None:
    """Material's instant navigation swaps the page in: the filter bar still starts."""
    page.goto(site.url(""))
    page.evaluate("() => { window.__samePage = true; }")
    page.locator('article a[href*="campaigns/"]').first.click()
    page.wait_for_url("**/campaigns/")
    page.locator('[data-proofroom="archive-filters"]').wait_for(state="visible")
    assert page.evaluate("() => window.__samePage === true"), "the page was reloaded"
    page.locator("#proofroom-filter-tags").select_option("retail")
    assert visible_campaigns(page) == ["soldes"]
