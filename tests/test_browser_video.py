"""Video review in a real Chromium: a marker on the timeline (or a comment's time) moves
the player and lights the comment up; "play both" keeps the two cuts of the comparison
together through play, seek and pause; a phone clip plays upright like its poster.

Clips are VP9 (or VP8) in WebM, which Chromium decodes everywhere; the phone clip is
H.264 in MP4, as phones write it. Every wait polls a condition with a deadline."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from helpers.browser import Guard, Site, served_site, watched_page
from helpers.clips import blue_corner, quadrant_clip
from helpers.gitrepo import GitRepo
from helpers.video_workspace import video_workspace
from PIL import Image

pytestmark = pytest.mark.e2e
av = pytest.importorskip("av")

PAGE = "campaigns/spot/review/spot/"
PHONE = "assets/spot/phone.mp4"
SECONDS = 4  # each cut: long enough to watch two players run side by side
WAIT = 15_000  # ms: the deadline of every poll


def workspace(repo: GitRepo, site_url: str) -> GitRepo:
    video_workspace(repo, seconds=(SECONDS, SECONDS), fps=8)
    quadrant_clip(repo.path / PHONE, (320, 180), -90, frames=8)  # held upright: 90° clockwise
    repo.commit("A story shot on a phone", date="2027-01-09T09:00:00+01:00")
    return repo


@pytest.fixture(scope="module")
def spot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    with served_site(tmp_path_factory.mktemp("video") / "repo", workspace) as served:
        yield served


@pytest.fixture
def tab(browser: object, spot: Site) -> Iterator[object]:
    with watched_page(browser, spot, Guard(origin=spot.base)) as page:
        yield page


PLAYER = '[data-proofroom="viewer"] video'


def wait_time(tab, selector: str, expected: float, tolerance: float = 0.02) -> None:
    tab.wait_for_function(
        "([sel, t, tol]) => Math.abs(document.querySelector(sel).currentTime - t) <= tol",
        arg=[selector, expected, tolerance],
        timeout=WAIT,
    )


def lit(tab, version: str, number: str) -> bool:
    item = tab.locator(f'li.proofroom-comment[data-version="{version}"][data-comment="{number}"]')
    return "proofroom-is-active" in (item.get_attribute("class") or "")


def test_a_marker_seeks_the_player_and_lights_its_comment(tab, spot: Site) -> None:
    tab.goto(spot.url(PAGE))
    timeline = tab.locator('[data-proofroom="timeline"][data-proofroom-ready="true"]')
    timeline.wait_for()
    tab.wait_for_function(
        "sel => document.querySelector(sel).readyState >= 1", arg=PLAYER, timeout=WAIT
    )
    duration = tab.locator(PLAYER).evaluate("v => v.duration")
    assert duration == pytest.approx(SECONDS, abs=0.2)

    marker = timeline.locator('[data-proofroom="time-marker"][data-comment="2"]')
    marker.click()
    wait_time(tab, PLAYER, 0.6)
    assert lit(tab, "2", "2") and not lit(tab, "2", "1")
    assert tab.evaluate("location.hash") == ""  # the page stays at the player
    # The playhead follows: 0.6 s of the video's length.
    tab.wait_for_function(
        "([el, p]) => Math.abs(parseFloat(el.style.getPropertyValue('--proofroom-playhead'))"
        " - p) < 0.5",
        arg=[timeline.element_handle(), 100 * 0.6 / duration],
        timeout=WAIT,
    )
    # Past the end: the player stops at its end.
    timeline.locator('[data-proofroom="time-marker"][data-comment="3"]').click()
    wait_time(tab, PLAYER, duration, tolerance=0.05)
    assert lit(tab, "2", "3")

    # A comment's time in the list: the player comes into view at that time.
    tab.locator('a.proofroom-comment__time[href="#proofroom-time-2-1"]').click()
    wait_time(tab, PLAYER, 1.5)
    assert tab.evaluate("document.activeElement.id") == "proofroom-time-2-1"
    assert lit(tab, "2", "1") and not lit(tab, "2", "3")
    assert tab.locator(PLAYER).is_visible()
    box = tab.locator(PLAYER).bounding_box()
    assert (
        box is not None and box["y"] < tab.viewport_size["height"] and box["y"] + box["height"] > 0
    )


def test_without_a_script_markers_lead_to_their_comments(browser, spot: Site) -> None:
    with watched_page(browser, spot, Guard(origin=spot.base), java_script_enabled=False) as page:
        page.goto(spot.url(PAGE))
        page.locator('[data-proofroom="time-marker"][data-comment="1"]').click()
        page.wait_for_function("location.hash === '#proofroom-comment-2-1'", timeout=WAIT)
        assert page.locator("[data-proofroom-sync]").is_hidden()


# ---------------------------------------------------------------- play both


LEFT = '.proofroom-compare__pane[data-side="left"] video'
RIGHT = '.proofroom-compare__pane[data-side="right"] video'


def wait_both(tab, condition: str) -> None:
    """Poll ``condition`` over the two players ``a`` and ``b`` until it holds."""
    tab.wait_for_function(
        f"([l, r]) => {{ const a = document.querySelector(l), b = document.querySelector(r);"
        f" return {condition}; }}",
        arg=[LEFT, RIGHT],
        timeout=WAIT,
    )


def test_play_both_keeps_the_two_cuts_together(tab, spot: Site) -> None:
    tab.goto(spot.url(PAGE))
    button = tab.locator("[data-proofroom-play-both][data-proofroom-ready]")
    button.scroll_into_view_if_needed()
    assert button.is_visible() and button.text_content() == "Play both"
    assert tab.locator(LEFT).evaluate("v => v.src").endswith(".webm")

    button.click()
    wait_both(tab, "!a.paused && !b.paused && a.currentTime > 1 && b.currentTime > 1")
    assert button.text_content() == "Pause both"
    assert button.get_attribute("aria-pressed") == "true"
    times = [tab.locator(sel).evaluate("v => v.currentTime") for sel in (LEFT, RIGHT)]
    assert abs(times[0] - times[1]) < 0.3, times

    # Scrubbing one player back brings the other back with it.
    tab.locator(LEFT).evaluate("v => { v.currentTime = 0.2; }")
    wait_both(tab, "b.currentTime < 0.9 && Math.abs(a.currentTime - b.currentTime) < 0.3")

    # Pausing one pauses the other; the button says so.
    tab.locator(RIGHT).evaluate("v => v.pause()")
    wait_both(tab, "a.paused && b.paused")
    assert button.text_content() == "Play both"
    assert button.get_attribute("aria-pressed") == "false"

    # Seeking while paused: the other follows to the same frame.
    tab.locator(RIGHT).evaluate("v => { v.currentTime = 2.5; }")
    wait_both(tab, "Math.abs(a.currentTime - 2.5) < 0.05 && a.paused")

    # Playing one with its own controls starts the other, at the same time.
    tab.locator(LEFT).evaluate("v => v.play()")
    wait_both(tab, "!a.paused && !b.paused && Math.abs(a.currentTime - b.currentTime) < 0.3")
    button.click()
    wait_both(tab, "a.paused && b.paused")


def test_choosing_another_version_swaps_the_player(tab, spot: Site) -> None:
    tab.goto(spot.url(PAGE))
    tab.locator('[data-proofroom="compare"][data-proofroom-ready="true"]').wait_for()
    select = tab.locator('select[data-proofroom-side="left"]')
    option = select.locator('option[value="2"]')
    select.select_option("2")
    player = tab.locator(LEFT)
    assert player.get_attribute("src") == option.get_attribute("data-video")
    assert player.get_attribute("poster") == option.get_attribute("data-display")
    assert (
        tab.locator('.proofroom-compare__pane[data-side="left"]').get_attribute("data-version")
        == "2"
    )


# ---------------------------------------------------------------- a phone clip


def test_a_phone_clip_plays_upright_like_its_poster(tab, spot: Site) -> None:
    if not tab.evaluate(
        "document.createElement('video').canPlayType('video/mp4; codecs=\"avc1.42E01E\"')"
    ):
        pytest.skip("this Chromium plays no H.264")
    try:
        av.codec.Codec("libx264", "w")
    except Exception:
        pytest.skip("PyAV without libx264: the phone clip is MPEG-4 part 2, which no browser plays")
    tab.goto(spot.url("campaigns/spot/review/phone/"))
    player = tab.locator(PLAYER)
    assert (player.get_attribute("width"), player.get_attribute("height")) == ("180", "320")
    tab.wait_for_function("sel => document.querySelector(sel).readyState >= 2", arg=PLAYER)
    # Chromium turns the stored 320x180 frames by the display matrix, as the build did.
    assert player.evaluate("v => [v.videoWidth, v.videoHeight]") == [180, 320]
    player.evaluate("v => { v.currentTime = 0.1; }")  # past the poster: decoded frames
    tab.wait_for_function(
        "sel => { const v = document.querySelector(sel); return !v.seeking && v.readyState >= 2; }",
        arg=PLAYER,
        timeout=WAIT,
    )
    player.scroll_into_view_if_needed()
    # The picture inside the element (object-fit: contain letterboxes a tall clip).
    box = player.bounding_box()
    assert box is not None
    scale = min(box["width"] / 180, box["height"] / 320)
    width, height = 180 * scale, 320 * scale
    clip = {
        "x": box["x"] + (box["width"] - width) / 2 + 2,
        "y": box["y"] + (box["height"] - height) / 2 + 2,
        "width": width - 4,
        "height": height - 4,
    }
    shot = Image.open(io.BytesIO(tab.screenshot(clip=clip)))
    assert blue_corner(shot) == "top-right"
