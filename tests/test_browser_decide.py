"""The decision panel, drawing comments and the zoom, in a real Chromium on a built site.

What a reviewer does: choose a decision, write a login, click and drag on the picture,
then propose on GitHub or download the file. The YAML the page makes must be the file
`proofroom validate` accepts, whatever was typed; the zoom must work from the keyboard.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import jsonschema
import pytest
import yaml
from helpers.browser import HERO, Site
from helpers.cli import invoke

from proofroom.schemas import load_schema

pytestmark = pytest.mark.e2e

FILENAME = re.compile(r"^reviews/soldes/hero/\d{8}T\d{4}Z-(?P<login>[A-Za-z0-9-]+)\.yml$")
HOSTILE_TEXT = "- \"quoted\": 'single' # <script>alert(7)</script> \\ 🎨 é\u2028end"


def preview(tab) -> str:
    return tab.locator('[data-proofroom="decision-yaml"]').text_content()


def decision_of(tab) -> dict:
    data = yaml.safe_load(preview(tab))
    jsonschema.validate(data, load_schema("decision"))
    return data


def choose(tab, decision: str = "approved", reviewer: str = "bob") -> None:
    tab.locator(f'input[name="decision"][value="{decision}"]').check()
    tab.locator('input[name="reviewer"]').fill(reviewer)


def picture_box(tab) -> dict:
    img = tab.locator('[data-proofroom="viewer"] .proofroom-viewer__stage img')
    img.evaluate("i => i.scrollIntoView({block: 'center'})")  # clear of the sticky header
    box = img.bounding_box()
    assert box and box["width"] > 100
    return box


def at(box: dict, fx: float, fy: float) -> tuple[float, float]:
    return box["x"] + fx * box["width"], box["y"] + fy * box["height"]


def current_sha(tab) -> str:
    sha = tab.locator('[data-proofroom="viewer"]').get_attribute("data-sha")
    assert sha and len(sha) == 40
    return sha


def test_preview_follows_the_form_and_links_wait_for_what_is_missing(page, site: Site) -> None:
    page.goto(site.hero)
    propose = page.locator('[data-proofroom="propose-on-github"]')
    download = page.locator('[data-proofroom="download-yaml"]')
    missing = page.locator('[data-proofroom="decision-missing"]')
    assert propose.get_attribute("href") is None
    assert propose.get_attribute("aria-disabled") == "true"
    assert download.get_attribute("href") is None
    assert "Choose a decision" in missing.text_content()
    assert "Write your login" in missing.text_content()

    page.locator('input[name="decision"][value="changes_requested"]').check()
    assert "decision: changes_requested" in preview(page)
    assert "Choose a decision" not in missing.text_content()
    assert propose.get_attribute("href") is None

    page.locator('input[name="reviewer"]').fill("bob smith")
    assert "is not a login" in missing.text_content()
    assert propose.get_attribute("href") is None

    page.locator('input[name="reviewer"]').fill("bob")
    page.locator('input[name="summary"]').fill("Le logo est trop petit")
    page.locator('select[name="stage"]').select_option("brand")
    assert decision_of(page) == {
        "asset": HERO,
        "version": 3,
        "sha": current_sha(page),
        "reviewer": "bob",
        "stage": "brand",
        "decision": "changes_requested",
        "summary": "Le logo est trop petit",
    }
    assert propose.get_attribute("href", timeout=1000).startswith(
        "https://github.com/example/creative/new/main?filename="
    )
    assert download.get_attribute("aria-disabled") is None
    assert download.get_attribute("href").startswith("blob:")
    assert "Ready" in missing.text_content()


def test_a_click_drops_a_pin_where_it_lands(page, site: Site) -> None:
    page.goto(site.hero)
    choose(page)
    drawn = page.locator('[data-proofroom="annotation"]').count()
    page.locator('[data-proofroom="add-pin"]').click()
    assert page.locator('[data-proofroom="add-pin"]').get_attribute("aria-pressed") == "true"
    # Right on alice's existing pin: the click still lands on the picture.
    page.mouse.click(*at(picture_box(page), 0.25, 0.5))
    marks = page.locator('[data-proofroom="draft-mark"]')
    assert marks.count() == 1
    assert marks.first.inner_text() == "1"
    assert page.locator('[data-proofroom="annotation"]').count() == drawn
    # The new comment's text field has the focus: type straight away.
    page.keyboard.type("Logo plus grand")
    (comment,) = decision_of(page)["comments"]
    assert comment["text"] == "Logo plus grand"
    assert comment["pin"] == pytest.approx([0.25, 0.5], abs=0.01)
    assert set(comment) == {"text", "pin"}

    # A second pin at a corner, then removing the first renumbers the second.
    page.mouse.click(*at(picture_box(page), 0.9, 0.1))
    page.keyboard.type("Coin")
    assert len(decision_of(page)["comments"]) == 2
    page.locator('[data-proofroom="decision-comments"] li').first.get_by_role(
        "button", name="Remove comment 1"
    ).click()
    assert marks.count() == 1
    assert marks.first.inner_text() == "1"
    (left,) = decision_of(page)["comments"]
    assert left["text"] == "Coin"
    assert left["pin"] == pytest.approx([0.9, 0.1], abs=0.01)

    # Escape ends the drawing mode: a click on the picture adds nothing.
    page.keyboard.press("Escape")
    assert page.locator('[data-proofroom="add-pin"]').get_attribute("aria-pressed") == "false"
    page.mouse.click(*at(picture_box(page), 0.5, 0.5))
    assert marks.count() == 1


def test_a_drag_draws_a_box_clamped_to_the_picture(page, site: Site) -> None:
    page.goto(site.hero)
    choose(page)
    page.locator('[data-proofroom="add-box"]').click()
    box = picture_box(page)
    page.mouse.move(*at(box, 0.6, 0.7))
    page.mouse.down()
    page.mouse.move(*at(box, 0.3, 0.4), steps=4)
    page.mouse.move(*at(box, 0.1, 0.2), steps=4)
    page.mouse.up()
    page.keyboard.type("Recadrer")
    # Past the bottom right corner of the picture: clamped to its edges.
    box = picture_box(page)  # typing may have scrolled the page
    page.mouse.move(*at(box, 0.8, 0.5))
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] + 40, box["y"] + box["height"] + 40, steps=6)
    page.mouse.up()
    page.keyboard.type("Bord")
    first, second = decision_of(page)["comments"]
    assert first["box"] == pytest.approx([0.1, 0.2, 0.5, 0.5], abs=0.01)
    assert second["box"] == pytest.approx([0.8, 0.5, 0.2, 0.5], abs=0.01)
    for c in (first, second):
        x, y, w, h = c["box"]
        assert x + w <= 1 + 1e-9 and y + h <= 1 + 1e-9 and w > 0 and h > 0
        assert all(v == round(v, 3) for v in c["box"])
    assert page.locator('[data-proofroom="draft-mark"]').count() == 2


def test_keyboard_places_a_pin_at_the_centre_and_moves_it(page, site: Site) -> None:
    page.goto(site.hero)
    choose(page)
    page.locator('[data-proofroom="add-pin"]').focus()
    page.keyboard.press("Enter")
    mark = page.locator('[data-proofroom="draft-mark"]')
    assert mark.count() == 1
    assert mark.evaluate("m => m === document.activeElement")
    for key in ("ArrowRight", "ArrowRight", "ArrowUp", "Shift+ArrowDown"):
        page.keyboard.press(key)
    page.keyboard.press("Enter")  # to its text
    page.keyboard.type("Ici")
    (comment,) = decision_of(page)["comments"]
    assert comment == {"text": "Ici", "pin": pytest.approx([0.52, 0.59], abs=1e-9)}
    # A box: placed at the centre, Shift + arrows resize it, arrows move it.
    page.locator('[data-proofroom="add-box"]').focus()
    page.keyboard.press("Enter")
    for key in ("Shift+ArrowRight", "Shift+ArrowRight", "Shift+ArrowUp", "ArrowLeft"):
        page.keyboard.press(key)
    page.keyboard.press("Enter")
    page.keyboard.type("Zone")
    assert decision_of(page)["comments"][1] == {
        "text": "Zone",
        "box": pytest.approx([0.39, 0.4, 0.22, 0.19], abs=1e-9),
    }
    assert page.locator('[data-proofroom="add-box"]').get_attribute("aria-pressed") == "false"


def test_github_link_and_download_hold_a_file_validate_accepts(
    page,
    site: Site,
    tmp_path: Path,
) -> None:
    page.goto(site.hero)
    choose(page, "approved_with_changes", "carol")
    page.locator('input[name="summary"]').fill("OK: après correction")
    page.locator('[data-proofroom="add-pin"]').click()
    page.mouse.click(*at(picture_box(page), 0.4, 0.3))
    page.keyboard.type("Légende: plus lisible")
    page.locator('[data-proofroom="add-comment"]').click()
    page.keyboard.type("Vérifier la mention légale")
    text = preview(page)

    href = page.locator('[data-proofroom="propose-on-github"]').get_attribute("href")
    parts = urlsplit(href)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == (
        "https://github.com/example/creative/new/main"
    )
    query = parse_qs(parts.query, keep_blank_values=True, strict_parsing=True)
    assert query["value"] == [text]
    (filename,) = query["filename"]
    match = FILENAME.match(filename)
    assert match and match["login"] == "carol", filename
    assert page.locator('[data-proofroom="decision-filename"]').text_content() == filename

    with page.expect_download() as info:
        page.locator('[data-proofroom="download-yaml"]').click()
    download = info.value
    assert download.suggested_filename == filename.rsplit("/", 1)[1]
    workspace = tmp_path / "repo"
    shutil.copytree(site.repo.path, workspace, symlinks=True, ignore=shutil.ignore_patterns("site"))
    target = workspace / filename
    target.parent.mkdir(parents=True, exist_ok=True)
    download.save_as(target)
    saved = target.read_text(encoding="utf-8")
    assert saved == text
    data = yaml.safe_load(saved)
    assert data["comments"][1] == {"text": "Vérifier la mention légale"}
    result = invoke("-C", str(workspace), "validate")
    assert result.exit_code == 0, result.output
    assert filename not in result.output, result.output


def test_hostile_text_is_quoted_in_the_yaml_and_never_runs(page, site: Site) -> None:
    page.goto(site.hero)
    choose(page, "comment", "dave")
    page.locator('input[name="summary"]').fill(HOSTILE_TEXT.replace("\u2028", " "))
    page.locator('[data-proofroom="add-comment"]').click()
    page.keyboard.insert_text(HOSTILE_TEXT + "\nnew line\t tab: x")
    data = decision_of(page)
    assert data["summary"] == HOSTILE_TEXT.replace("\u2028", " ")
    assert data["comments"] == [{"text": HOSTILE_TEXT + "\nnew line\t tab: x"}]
    text = preview(page)
    assert "\n- " not in text.replace("\n  - text:", "")  # no stray list item
    assert page.locator("script", has_text="alert(7)").count() == 0
    assert page.locator('[data-proofroom="decision-comments"] li').count() == 1
    # What no keyboard types but a paste can bring: control characters, a lone surrogate.
    page.locator('input[name="summary"]').evaluate(
        "i => { i.value = 'a\\u0007b\\ud800c\\u0085d\\ufeffe'; "
        "i.dispatchEvent(new Event('input', {bubbles: true})); }"
    )
    assert decision_of(page)["summary"] == "a\u0007b\ufffdc\u0085d\ufeffe"


def test_the_login_is_remembered_after_a_reload(page, site: Site) -> None:
    page.goto(site.hero)
    page.locator('input[name="reviewer"]').fill("erin-2")
    page.reload()
    assert page.locator('input[name="reviewer"]').input_value() == "erin-2"
    page.locator('input[name="decision"][value="approved"]').check()
    assert decision_of(page)["reviewer"] == "erin-2"


def test_zoom_opens_zooms_pans_and_closes_from_the_keyboard(page, site: Site) -> None:
    page.goto(site.hero)
    button = page.locator('[data-proofroom="zoom"]')
    dialog = page.locator('[data-proofroom="lightbox"]')
    button.focus()
    page.keyboard.press("Enter")
    assert dialog.evaluate("d => d.open")
    assert dialog.evaluate("d => d.contains(document.activeElement)")
    img = dialog.locator("img")
    assert img.evaluate("i => i.complete && i.naturalWidth") == 640
    fit = float(dialog.get_attribute("data-zoom"))
    for _ in range(4):  # past the size of the window, so there is room to pan
        page.keyboard.press("+")
    zoomed = float(dialog.get_attribute("data-zoom"))
    assert zoomed == pytest.approx(fit * 1.25**4, rel=0.01)
    before = img.evaluate("i => i.style.transform")
    page.keyboard.press("ArrowRight")
    assert img.evaluate("i => i.style.transform") != before
    page.keyboard.press("-")
    assert float(dialog.get_attribute("data-zoom")) == pytest.approx(fit * 1.25**3, rel=0.01)
    page.keyboard.press("0")
    assert float(dialog.get_attribute("data-zoom")) == pytest.approx(fit, rel=0.01)
    page.keyboard.press("Escape")
    assert not dialog.evaluate("d => d.open")
    assert button.evaluate("b => b === document.activeElement")
    # Zooming never drew anything on the page's picture.
    assert page.locator('[data-proofroom="draft-mark"]').count() == 0


def test_wheel_zooms_in_the_dialog_only(page, site: Site) -> None:
    page.goto(site.hero)
    page.locator('[data-proofroom="zoom"]').click()
    dialog = page.locator('[data-proofroom="lightbox"]')
    fit = float(dialog.get_attribute("data-zoom"))
    view = dialog.locator('[data-proofroom="lightbox-view"]').bounding_box()
    page.mouse.move(view["x"] + view["width"] / 2, view["y"] + view["height"] / 2)
    page.mouse.wheel(0, -200)
    page.wait_for_function(
        "fit => Number(document.querySelector('[data-proofroom=\"lightbox\"]')"
        ".getAttribute('data-zoom')) > fit",
        arg=fit,
    )
    dialog.locator('[data-zoom="close"]').click()
    assert not dialog.evaluate("d => d.open")


def test_a_phone_draws_with_a_finger_and_nothing_overflows(phone, site: Site) -> None:
    phone.goto(site.hero)
    choose(phone, "approved", "alice")
    phone.locator('[data-proofroom="add-pin"]').tap()
    img = phone.locator('[data-proofroom="viewer"] .proofroom-viewer__stage img')
    img.scroll_into_view_if_needed()
    box = picture_box(phone)
    img.tap(position={"x": box["width"] * 0.25, "y": box["height"] * 0.5})
    assert phone.locator('[data-proofroom="draft-mark"]').count() == 1
    phone.locator('[data-proofroom="decision-comments"] textarea').fill("Plus grand")
    (comment,) = decision_of(phone)["comments"]
    assert comment["pin"] == pytest.approx([0.25, 0.5], abs=0.01)
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    phone.locator('[data-proofroom="zoom"]').tap()
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0


def test_copy_waits_for_a_complete_decision_then_copies(page, site: Site) -> None:
    page.goto(site.hero)
    copy = page.locator('[data-proofroom="copy-yaml"]')
    assert copy.is_disabled()
    choose(page, "rejected", "bob")
    assert copy.is_enabled()
    copy.click()
    status = page.locator('[data-proofroom="copy-status"]')
    status.filter(has_text=re.compile(r"Cop")).wait_for()
    if status.text_content() == "Copied.":
        return
    # No clipboard access: the YAML is selected for Ctrl+C instead.
    assert page.evaluate("String(window.getSelection())") == preview(page)
