"""A real private build opened by a guest in a real headless Chromium.

The workspace of ``helpers/private_site.py`` (two campaigns, five links) is built
private, served by a host that serves byte ranges on 127.0.0.1, and opened with the links
``proofroom share`` printed: the gallery, a review page and its picture, the four compare
modes, the video, the refusals. No request leaves the host; nothing reaches the console.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from helpers.cli import run
from helpers.gitrepo import GitRepo, copy_repo
from helpers.guest_tab import REFUSED, WAIT, Tab, guest_tab
from helpers.private_site import AFTER_EXPIRY, BUILT_AT, ENV, private_workspace
from helpers.range_server import Host, range_host

from proofroom.core.secret import link_key, share_key, site_secret

pytestmark = pytest.mark.e2e
GONE = (
    "This site is private: it opens only with a review link. A link that led here "
    "has expired or was revoked; ask the person who sent it for a new one."
)


def build(repo: GitRepo, epoch: int = BUILT_AT) -> None:
    result = run("build", cwd=repo.path, env={**ENV, "SOURCE_DATE_EPOCH": str(epoch)})
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[GitRepo, dict, Host]]:
    repo = GitRepo(tmp_path_factory.mktemp("guest") / "repo")
    ids = private_workspace(repo)
    build(repo)
    with range_host(repo.path / "site") as host:
        yield repo, ids, host


@pytest.fixture
def tab(browser: object) -> Iterator[Tab]:
    with guest_tab(browser, viewport={"width": 1280, "height": 900}) as found:
        yield found


def link(host: Host, share_id: str, key_of: str | None = None) -> str:
    key = link_key(share_key(site_secret(ENV), key_of or share_id))
    return host.url(f"s/{share_id}/#{key}")


def on_page(tab: Tab, number: int) -> None:
    tab.page.wait_for_selector(f'main[data-proofroom-page="{number}"]', timeout=WAIT)


def visit(tab: Tab, host: Host, share_id: str, number: int) -> None:
    """Open the share's link (page 0), then its page ``number``."""
    tab.page.goto(link(host, share_id))
    on_page(tab, 0)
    tab.page.goto(host.url(f"s/{share_id}/{number}/"))
    on_page(tab, number)


def loaded(tab: Tab, selector: str) -> int:
    """The natural width of the picture ``selector`` once decoded."""
    tab.page.wait_for_function(
        "sel => { const i = document.querySelector(sel); return i && i.complete"
        " && i.naturalWidth > 0; }",
        arg=selector,
        timeout=WAIT,
    )
    return tab.page.eval_on_selector(selector, "i => i.naturalWidth")


def test_a_link_opens_the_gallery_then_a_review_page_with_its_picture(tab: Tab, served) -> None:
    _repo, ids, host = served
    tab.page.goto(link(host, ids["client"]))
    on_page(tab, 0)
    page = tab.page
    assert "#" not in page.url, "the key stays out of the address bar once used"
    assert page.locator(".md-header__topic").inner_text() == "Soldes de printemps 2027"
    assert page.locator("article h1").first.inner_text() == "Objectives"
    cards = page.locator('[data-proofroom="card"]')
    assert cards.count() == 3
    assert loaded(tab, '[data-proofroom="card"] img') > 0
    nav = page.locator('[data-proofroom="share-nav"] a')
    assert nav.all_inner_texts() == [
        "Soldes de printemps 2027",
        "banner.png",
        "hero.jpg",
        "teaser.mp4",
    ]
    policy = page.evaluate("fetch('../1/').then(r => r.headers.get('content-security-policy'))")
    assert "script-src 'self'" in policy and "connect-src 'self'" in policy
    page.locator('[data-asset="hero.jpg"] a').first.click()
    on_page(tab, 2)
    assert loaded(tab, '[data-proofroom="viewer"] img, img[data-proofroom="viewer"]') == 120
    assert page.locator('[data-proofroom="version"]').count() == 3
    tab.quiet()
    tab.stayed_on(host.base)


def test_the_four_compare_modes_show_decrypted_versions(tab: Tab, served) -> None:
    _repo, ids, host = served
    visit(tab, host, ids["client"], 2)
    root = tab.page.locator('[data-proofroom="compare"][data-proofroom-ready="true"]')
    root.wait_for(timeout=WAIT)
    for mode in ("swipe", "onion", "side"):
        root.locator(f'[data-proofroom-mode="{mode}"]').check()
        assert root.get_attribute("data-mode") == mode
        for side in ("left", "right"):
            selector = (
                f'[data-proofroom="compare"] .proofroom-compare__pane[data-side="{side}"] img'
            )
            assert loaded(tab, selector) == 120, (mode, side)
    root.locator('[data-proofroom-mode="diff"]').check()
    assert root.get_attribute("data-mode") == "diff"
    assert loaded(tab, "[data-proofroom-diff-image]") > 0
    tab.quiet()
    tab.stayed_on(host.base)


def test_zoom_loads_the_decrypted_original_on_first_opening(tab: Tab, served) -> None:
    _repo, ids, host = served
    visit(tab, host, ids["client"], 2)
    page = tab.page
    page.locator('[data-proofroom="zoom"]').click()
    dialog = page.locator('[data-proofroom="lightbox"]')
    assert dialog.evaluate("d => d.open")
    assert loaded(tab, '[data-proofroom="lightbox"] img') == 120
    src = dialog.locator("img").get_attribute("src")
    assert "/s/m/" in src or src.startswith("../../m/"), src
    page.keyboard.press("Escape")
    assert not dialog.evaluate("d => d.open")
    tab.quiet()


def test_the_video_decrypts_plays_and_seeks(tab: Tab, served) -> None:
    _repo, ids, host = served
    visit(tab, host, ids["client"], 3)
    tab.page.wait_for_function(
        "() => { const v = document.querySelector('video'); return v && v.readyState >= 2; }",
        timeout=WAIT,
    )
    seeked = tab.page.evaluate(
        """() => new Promise(done => {
            const v = document.querySelector('video');
            v.addEventListener('seeked', () => done(v.currentTime), {once: true});
            v.currentTime = v.duration - 0.2;
        })"""
    )
    assert seeked > 1.0
    tab.quiet()


def test_both_pages_of_a_pdf_decrypt(tab: Tab, served) -> None:
    _repo, ids, host = served
    visit(tab, host, ids["pdf"], 1)
    for n in (1, 2):
        tab.page.locator(f"#proofroom-page-{n}").scroll_into_view_if_needed()
        assert loaded(tab, f"#proofroom-page-{n} img") > 0
    tab.quiet()
    tab.stayed_on(host.base)


def test_one_campaigns_key_opens_nothing_of_another(tab: Tab, served) -> None:
    _repo, ids, host = served
    tab.page.goto(link(host, ids["agency"], key_of=ids["client"]))
    tab.page.wait_for_function(
        "text => document.body && document.body.innerText.trim() === text",
        arg=REFUSED,
        timeout=WAIT,
    )
    assert tab.page.locator("main, img, video, a, form, iframe").count() == 0
    tab.quiet()


def test_the_scoped_link_shows_its_one_asset(tab: Tab, served) -> None:
    _repo, ids, host = served
    tab.page.goto(link(host, ids["agency"]))
    on_page(tab, 0)
    assert tab.page.locator('[data-proofroom="card"]').count() == 1
    assert tab.page.locator('[data-proofroom="share-nav"] a').all_inner_texts() == [
        "Coffret Noël confidentiel",
        "coffret-or.jpg",
    ]
    assert "etiquette" not in tab.page.content()
    tab.quiet()


def test_a_team_link_opens_every_campaign_then_a_review_page_and_the_dashboard(
    tab: Tab, served
) -> None:
    _repo, ids, host = served
    page = tab.page
    page.goto(link(host, ids["team"]))
    on_page(tab, 0)
    assert page.locator(".md-header__topic").inner_text() == "Test reviews"
    campaigns = page.locator("li.proofroom-campaign")
    assert set(campaigns.evaluate_all("cards => cards.map(c => c.dataset.campaign)")) == {
        "noel",
        "soldes",
    }
    assert loaded(tab, "li.proofroom-campaign img") > 0
    assert page.locator('[data-proofroom="share-nav"] a').all_inner_texts() == [
        "Campaigns",
        "Coffret Noël confidentiel",
        "Soldes de printemps 2027",
        "Timeliness",
    ]
    page.locator('li.proofroom-campaign[data-campaign="noel"] a').first.click()
    on_page(tab, 1)
    assert page.locator('[data-proofroom="card"]').count() == 3
    page.locator('[data-asset="coffret-or.jpg"] a').first.click()
    on_page(tab, 3)
    assert loaded(tab, '[data-proofroom="viewer"] img, img[data-proofroom="viewer"]') == 160
    page.locator('[data-proofroom="share-nav"] a', has_text="Timeliness").click()
    on_page(tab, 9)
    assert page.locator("article h1").first.inner_text() == "Timeliness"
    assert page.locator("article a[href='../3/']").count() >= 1
    tab.quiet()
    tab.stayed_on(host.base)


def test_an_expired_link_is_refused_after_a_later_build(browser, served, tmp_path) -> None:
    repo, ids, _host = served
    later = copy_repo(repo.path, tmp_path / "later")
    build(later, AFTER_EXPIRY)
    with range_host(later.path / "site") as host, guest_tab(browser) as tab:
        tab.page.goto(link(host, ids["short"]))
        tab.page.wait_for_function(
            "text => document.body && document.body.innerText.trim() === text",
            arg=GONE,
            timeout=WAIT,
        )
        tab.quiet(allowed_404=(f"/s/{ids['short']}/",))
        tab.page.goto(link(host, ids["client"]))
        on_page(tab, 0)


def _signed_yaml(page, expected: str) -> str:
    page.wait_for_function(
        """(want) => {
            const text = document.querySelector('[data-proofroom="decision-yaml"]').textContent;
            return text.includes(want) && /signature: /.test(text);
        }""",
        arg=expected,
        timeout=WAIT,
    )
    return page.locator('[data-proofroom="decision-yaml"]').text_content()


def _guest_decides(tab: Tab, host: Host, share_id: str) -> str:
    visit(tab, host, share_id, 2)
    page = tab.page
    reviewer = page.locator('input[name="reviewer"]')
    assert reviewer.input_value() == "client-acme"
    assert reviewer.get_attribute("readonly") is not None
    page.locator('input[name="decision"][value="changes_requested"]').check()
    page.locator('input[name="summary"]').fill("Le rouge est trop vif")
    page.locator('[data-proofroom="add-pin"]').click()
    img = page.locator('[data-proofroom="viewer"] .proofroom-viewer__stage img')
    img.evaluate("i => i.scrollIntoView({block: 'center'})")
    box = img.bounding_box()
    assert box and box["width"] > 100
    page.mouse.click(box["x"] + 0.3 * box["width"], box["y"] + 0.4 * box["height"])
    page.keyboard.type("Moins saturé ici")
    return _signed_yaml(page, "Moins saturé ici")


IMPORTED_AT = "2027-02-06T10:00:00Z"


def test_a_guest_decision_with_a_pin_imports_and_shows_after_a_rebuild(
    browser, served, tmp_path
) -> None:
    repo, ids, host = served
    with guest_tab(browser, viewport={"width": 1280, "height": 900}) as tab:
        text = _guest_decides(tab, host, ids["client"])
        tab.quiet()
        tab.stayed_on(host.base)
    assert f'share: "{ids["client"]}"' in text and "signature: " in text
    ws = copy_repo(repo.path, tmp_path / "ws")
    reviews = sorted(p.as_posix() for p in (ws.path / "reviews").rglob("*"))
    tampered = tmp_path / "tampered.yml"
    tampered.write_text(text.replace("trop vif", "parfait"), "utf-8")
    refused = run("import", str(tampered), "--now", IMPORTED_AT, cwd=ws.path, env=ENV)
    assert refused.returncode == 1, refused.stderr
    assert "signature" in refused.stderr and "Traceback" not in refused.stderr
    assert sorted(p.as_posix() for p in (ws.path / "reviews").rglob("*")) == reviews

    genuine = tmp_path / "decision.yml"
    genuine.write_text(text, "utf-8")
    imported = run("import", str(genuine), "--now", IMPORTED_AT, cwd=ws.path, env=ENV)
    assert imported.returncode == 0, imported.stderr
    ws.commit("Decision of client-acme (imported)", date="2027-02-06T10:05:00Z")
    checked = run("validate", "--now", IMPORTED_AT, cwd=ws.path, env=ENV)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    build(ws)
    with range_host(ws.path / "site") as later, guest_tab(browser) as tab:
        visit(tab, later, ids["client"], 2)
        assert tab.page.get_by_text("Le rouge est trop vif").count() >= 1
        assert tab.page.locator('[data-proofroom="annotation"]').count() >= 1
        tab.quiet()


def test_the_pages_policy_holds_in_the_browser(browser, served) -> None:
    """A decrypted page as an attacker's string would find it: no string evaluated as
    code, no inline script, no request to another host (the browser reports each
    refusal). Playwright's own evaluation is exempt; the page's timers are not."""
    _repo, ids, host = served
    with guest_tab(browser, bypass_csp=False) as tab:
        tab.page.goto(link(host, ids["client"]))
        on_page(tab, 0)
        tried = tab.page.evaluate(
            """async () => {
                const out = {};
                // Timers of the same delay run in order: the string one first, if allowed.
                await new Promise((done) => {
                    setTimeout('window.__proofroomTimer = "ran"', 0);
                    setTimeout(done, 0);
                });
                out.eval = window.__proofroomTimer || "blocked";
                const s = document.createElement('script');
                s.textContent = 'window.__proofroomInline = "ran"';
                document.body.append(s);
                out.inline = window.__proofroomInline || "blocked";
                try { await fetch('https://example.com/x'); out.away = "ran"; }
                catch (e) { out.away = "blocked"; }
                return out;
            }"""
        )
    assert tried == {"eval": "blocked", "inline": "blocked", "away": "blocked"}
    assert not any(u.startswith("https://example.com") for u in tab.requests)
