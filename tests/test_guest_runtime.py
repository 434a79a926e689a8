"""The guest runtime of a private site, in a real headless Chromium.

A private site made by hand (``helpers/sealed_site.py``: the runtime's files, sealed
bundles and media from ``core.sealing``) is served by a host that logs every request and
serves byte ranges (``helpers/range_server.py``) on 127.0.0.1, a secure context. A link
opens page 0, its picture and page 1; a video of several 1 MiB chunks plays and seeks while
the worker asks the host for just the chunks it needs; a download gives the original
bytes; a passphrase is asked for; every bad link shows one sentence and nothing else; a
worker the browser stopped (its memory gone) gets the share back from the page.

Every page's console and errors are collected: nothing may appear there, except the
browser's own note of a 404 a refusal is made of. Every wait is on a condition.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from helpers.guest_tab import REFUSED, WAIT, Tab, guest_tab
from helpers.range_server import Host, range_host
from helpers.sealed_site import (
    CHUNK_SEALED,
    Plan,
    SealedSite,
    build_sealed_site,
    bundle_of,
    write_share,
)

from proofroom.private import runtime

pytestmark = pytest.mark.e2e

REFUSED_FR = (
    "Ce lien de revue ne peut pas être ouvert : il est incomplet, expiré ou révoqué. "
    "Demandez-en un nouveau à la personne qui vous l’a envoyé."
)
INSECURE = "This review link only opens over https: open it from its https:// address."
WRONG = "This passphrase does not open the review; try again."
PRIVATE = (
    "This site is private: it opens only with a review link. A link that led here "
    "has expired or was revoked; ask the person who sent it for a new one."
)


@pytest.fixture(scope="module")
def sealed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[SealedSite, Host]]:
    folder = tmp_path_factory.mktemp("sealed")
    site = build_sealed_site(folder / "site", folder / "work")
    with range_host(site.root) as host:
        yield site, host


@pytest.fixture
def tab(browser: object) -> Iterator[Tab]:
    with guest_tab(browser) as found:
        yield found


def sha256(path: Path, start: int = 0, end: int | None = None) -> str:
    return hashlib.sha256(path.read_bytes()[start:end]).hexdigest()


def open_share(tab: Tab, host: Host, link: str, page: int = 0) -> None:
    tab.page.goto(host.url(link))
    tab.page.wait_for_selector(f'main[data-page="{page}"]', timeout=WAIT)


def wait_picture(page, selector: str) -> int:
    page.wait_for_function(
        "sel => { const i = document.querySelector(sel); return i && i.complete"
        " && i.naturalWidth > 0; }",
        arg=selector,
        timeout=WAIT,
    )
    return page.eval_on_selector(selector, "i => i.naturalWidth")


# ---------------------------------------------------------------- the pages


def test_a_link_opens_page_zero_with_its_picture_then_page_one(tab: Tab, sealed) -> None:
    site, host = sealed
    share = site.shares["spring"]
    open_share(tab, host, share.link())
    page = tab.page
    assert page.url == host.url(f"s/{share.id}/0/")  # the key left the address bar
    assert wait_picture(page, "#picture") == 1100
    kept = page.evaluate(f"sessionStorage.getItem('proofroom:bundle-key:{share.id}')")
    assert isinstance(kept, str) and len(kept) == 43
    headers = page.evaluate("fetch('.').then(r => Object.fromEntries(r.headers))")
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert headers["cache-control"] == "no-store"
    assert headers["referrer-policy"] == "no-referrer"

    page.click("#next")
    page.wait_for_selector('main[data-page="1"]', timeout=WAIT)
    assert page.url == host.url(f"s/{share.id}/1/")
    assert wait_picture(page, "#thumb") == 120
    page.goto(host.url(f"s/{share.id}/0"))  # without the slash: sent to the page
    page.wait_for_selector('main[data-page="0"]', timeout=WAIT)
    assert page.url == host.url(f"s/{share.id}/0/")
    tab.quiet()


def test_two_shares_of_two_campaigns_open_in_one_browser(tab: Tab, sealed) -> None:
    site, host = sealed
    open_share(tab, host, site.shares["spring"].link())
    open_share(tab, host, site.shares["autumn"].link())
    assert tab.page.inner_text("h1") == "Autumn"
    assert wait_picture(tab.page, "#picture") == 300
    tab.page.goto(host.url(f"s/{site.shares['spring'].id}/1/"))  # still held: no loader
    tab.page.wait_for_selector('main[data-page="1"]', timeout=WAIT)
    tab.quiet()


def test_media_headers_and_a_page_the_share_lacks(tab: Tab, sealed) -> None:
    site, host = sealed
    picture = site.media["picture"]
    open_share(tab, host, site.shares["spring"].link())
    answer = tab.page.evaluate(
        """async url => {
            const r = await fetch(url, {headers: {Range: "bytes=10-19"}});
            const body = new Uint8Array(await r.arrayBuffer());
            return {status: r.status, headers: Object.fromEntries(r.headers), size: body.length};
        }""",
        f"../../m/{picture.id}",
    )
    assert answer["status"] == 206 and answer["size"] == 10
    assert answer["headers"] == {
        "accept-ranges": "bytes",
        "cache-control": "no-store",
        "content-length": "10",
        "content-range": f"bytes 10-19/{picture.size}",
        "content-security-policy": "sandbox; default-src 'none'",
        "content-type": "image/png",
        "x-content-type-options": "nosniff",
    }
    missing = tab.page.evaluate("fetch('../7/').then(async r => [r.status, await r.text()])")
    assert missing == [404, ""]
    tab.quiet(allowed_404=("/7/",))


# ---------------------------------------------------------------- video and ranges


def ranges(host: Host, path: str) -> list[tuple[int, int]]:
    spans = []
    for seen in host.seen(path):
        assert seen.range and seen.range.startswith("bytes="), seen
        first, last = seen.range[6:].split("-")
        spans.append((int(first), int(last)))
    return spans


def aligned(span: tuple[int, int], sealed_size: int) -> bool:
    first, last = span
    return first % CHUNK_SEALED == 0 and (last + 1 == sealed_size or (last + 1) % CHUNK_SEALED == 0)


def test_the_video_seeks_near_its_end_and_plays_from_the_chunks_it_needs(tab: Tab, sealed) -> None:
    site, host = sealed
    film = site.media["film"]
    path = f"s/m/{film.id}"
    sealed_size = film.sealed.stat().st_size
    assert sealed_size > 4 * CHUNK_SEALED  # five chunks
    open_share(tab, host, site.shares["spring"].link())
    page = tab.page
    page.wait_for_function("document.getElementById('film').readyState >= 1", timeout=WAIT)
    before = len(host.seen(path))
    target = page.evaluate(
        """() => new Promise(resolve => {
            const v = document.getElementById("film");
            v.addEventListener("seeked", () => resolve(v.currentTime), {once: true});
            v.currentTime = v.duration - 0.5;
        })"""
    )
    duration = page.evaluate("document.getElementById('film').duration")
    assert duration == pytest.approx(5, abs=0.2)
    assert target == pytest.approx(duration - 0.5, abs=0.1)
    page.wait_for_function("document.getElementById('film').readyState >= 2", timeout=WAIT)
    page.evaluate("document.getElementById('film').play()")
    page.wait_for_function(
        "t => document.getElementById('film').currentTime > t + 0.1", arg=target, timeout=WAIT
    )

    spans = ranges(host, path)
    assert all(aligned(span, sealed_size) for span in spans), spans
    after = spans[before:]
    assert after, "the seek asked the host for nothing"
    # For the seek, the worker started at the chunk it needed, never at the file's start.
    assert all(first >= CHUNK_SEALED for first, _ in after), after
    tab.quiet()


def fetch_range(page, url: str, first: int, last: int) -> dict:
    return page.evaluate(
        """async ([url, range]) => {
            const r = await fetch(url, {headers: {Range: range}});
            const body = await r.arrayBuffer();
            const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", body));
            const hex = Array.from(digest, b => b.toString(16).padStart(2, "0")).join("");
            return {status: r.status, range: r.headers.get("Content-Range"),
                    length: r.headers.get("Content-Length"), size: body.byteLength, sha: hex};
        }""",
        [url, f"bytes={first}-{last}"],
    )


def test_a_range_costs_the_host_only_its_chunks_even_when_the_host_ignores_ranges(
    tab: Tab, sealed
) -> None:
    site, host = sealed
    film = site.media["film"]
    path = f"s/m/{film.id}"
    open_share(tab, host, site.shares["spring"].link())
    first, last = 1_500_000, 2_200_000  # in chunks 1 and 2
    for honoured in (True, False):
        host.ranges = honoured
        try:
            before = len(host.seen(path))
            got = fetch_range(tab.page, f"../../m/{film.id}", first, last)
        finally:
            host.ranges = True
        assert got["status"] == 206
        assert got["range"] == f"bytes {first}-{last}/{film.size}"
        assert got["length"] == str(last - first + 1) and got["size"] == last - first + 1
        assert got["sha"] == sha256(film.original, first, last + 1)
        asked = host.seen(path)[before:]
        assert [x.range for x in asked] == [f"bytes={CHUNK_SEALED}-{3 * CHUNK_SEALED - 1}"]
        assert asked[0].status == (206 if honoured else 200)
    tab.quiet()


def test_the_download_link_gives_the_original_bytes(tab: Tab, sealed) -> None:
    site, host = sealed
    open_share(tab, host, site.shares["spring"].link())
    with tab.page.expect_download(timeout=WAIT) as info:
        tab.page.click("#download")
    download = info.value
    assert download.suggested_filename == "film.webm"
    assert sha256(Path(download.path())) == sha256(site.media["film"].original)
    tab.quiet()


# ---------------------------------------------------------------- passphrase


def test_a_passphrase_is_asked_refused_when_wrong_and_opens_when_right(tab: Tab, sealed) -> None:
    site, host = sealed
    share = site.shares["locked"]
    page = tab.page
    page.goto(host.url(share.link()))
    field_ = page.locator("input[type=password]")
    field_.wait_for(timeout=WAIT)
    assert page.locator("label").inner_text().strip() == "Passphrase"
    field_.fill("cafe creme")
    page.click("button")
    page.wait_for_function(
        "text => document.querySelector('[role=alert]')?.textContent === text",
        arg=WRONG,
        timeout=WAIT,
    )
    assert page.locator("main").count() == 0
    started = time.monotonic()
    page.fill("input[type=password]", "cafe\u0301 cre\u0300me")  # decomposed: NFC in the loader
    page.click("button")
    page.wait_for_selector('main[data-page="0"]', timeout=WAIT)
    # 600,000 PBKDF2-SHA256 iterations, as the build writes, in well under the deadline
    assert time.monotonic() - started < 10
    assert wait_picture(page, "#picture") == 1100
    tab.quiet()


# ---------------------------------------------------------------- refusals


def only(page, sentence: str) -> None:
    page.wait_for_function(
        "text => document.body && document.body.innerText.trim() === text",
        arg=sentence,
        timeout=WAIT,
    )
    assert page.locator("main, img, video, a, form, input, iframe").count() == 0


REFUSALS = {  # name: (share whose id is in the address, the fragment, the 404 expected)
    "no fragment": ("spring", "", ()),
    "truncated key": ("spring", "spring[:-1]", ()),
    "key with padding": ("spring", "spring=", ()),
    "key of another share": ("spring", "autumn", ()),
    "bundle with a flipped byte": ("flipped", "flipped", ()),
    "truncated bundle": ("truncated", "truncated", ()),
    "expired share": ("expired", "expired", ()),
    "bundle missing": ("gone", "gone", ("/bundle",)),
}


@pytest.mark.parametrize("case", list(REFUSALS))
def test_a_bad_link_shows_one_sentence_and_nothing_else(tab: Tab, sealed, case: str) -> None:
    site, host = sealed
    owner, fragment, expected_404 = REFUSALS[case]
    share = site.shares[owner]
    keys = {name: s.key for name, s in site.shares.items()}
    key = (
        keys["spring"][:-1]
        if fragment == "spring[:-1]"
        else keys["spring"] + "="
        if fragment == "spring="
        else keys.get(fragment, "")
    )
    tab.page.goto(host.url(f"s/{share.id}/") + (f"#{key}" if key else ""))
    only(tab.page, REFUSED)
    assert tab.page.evaluate("navigator.serviceWorker.getRegistrations()") == []
    tab.quiet(allowed_404=expected_404)


def test_an_unknown_share_is_the_sites_404(tab: Tab, sealed) -> None:
    site, host = sealed
    response = tab.page.goto(host.url(f"s/zz00zz00zz00/#{site.shares['spring'].key}"))
    assert response.status == 404
    only(tab.page, PRIVATE)
    tab.quiet(allowed_404=("/s/zz00zz00zz00/",))


def test_a_french_site_refuses_in_french(tab: Tab, sealed) -> None:
    site, host = sealed
    share = site.shares["french"]
    tab.page.goto(host.url(share.link()))
    only(tab.page, REFUSED_FR)
    tab.quiet(allowed_404=("/bundle",))


def test_a_browser_without_service_workers_is_told_to_use_https(tab: Tab, sealed) -> None:
    site, host = sealed
    tab.context.add_init_script("delete Navigator.prototype.serviceWorker;")
    tab.page.goto(host.url(site.shares["spring"].link()))
    only(tab.page, INSECURE)
    tab.quiet()


# ---------------------------------------------------------------- a restarted worker


def stop_workers(tab: Tab) -> None:
    cdp = tab.context.new_cdp_session(tab.page)
    cdp.send("ServiceWorker.enable")
    cdp.send("ServiceWorker.stopAllWorkers")
    cdp.detach()


def test_a_worker_stopped_by_the_browser_gets_the_share_back(tab: Tab, sealed) -> None:
    site, host = sealed
    share = site.shares["spring"]
    bundle = f"s/{share.id}/bundle"
    open_share(tab, host, share.link())
    page = tab.page
    wait_picture(page, "#picture")

    stop_workers(tab)
    fetched = len(host.seen(bundle))
    page.evaluate(
        """src => { const i = document.createElement("img"); i.id = "late"; i.src = src;
                    document.body.appendChild(i); }""",
        f"../../m/{site.media['thumb'].id}",
    )
    assert wait_picture(page, "#late") == 120
    assert len(host.seen(bundle)) == fetched + 1  # guest.js opened the bundle again

    stop_workers(tab)
    page.goto(host.url(f"s/{share.id}/1/"))  # a navigation: the loader opens it again
    page.wait_for_selector('main[data-page="1"]', timeout=WAIT)
    assert page.url == host.url(f"s/{share.id}/1/")
    assert wait_picture(page, "#thumb") == 120
    assert len(host.seen(bundle)) == fetched + 2
    tab.quiet()


def test_a_page_opened_without_the_link_in_a_new_tab_is_refused(tab: Tab, sealed) -> None:
    site, host = sealed
    share = site.shares["spring"]
    tab.page.goto(host.url(f"s/{share.id}/1/"))  # no worker yet: the network's 404 page
    only(tab.page, PRIVATE)
    tab.quiet(allowed_404=(f"/s/{share.id}/1/",))


# ---------------------------------------------------------------- the files in clear


def test_the_runtime_files_and_pages_hold_nothing_of_a_share(tmp_path: Path) -> None:
    runtime.write_runtime(tmp_path, "fr")
    for name in ("sw.js", "loader.js", "guest.js"):
        assert (tmp_path / "s" / name).read_bytes() == (runtime.GUEST_DIR / name).read_bytes()
    assert sorted(p.name for p in (tmp_path / "s").iterdir()) == ["guest.js", "loader.js", "sw.js"]
    page = runtime.loader_page("en")
    for needed in (
        '<html lang="en">',
        '<meta charset="utf-8">',
        '<meta name="viewport"',
        '<meta name="robots" content="noindex,nofollow">',
        '<meta name="referrer" content="no-referrer">',
        "<title>Review</title>",
        "Opening…",
        "<noscript>",
        '<script src="../loader.js"></script>',
    ):
        assert needed in page
    assert runtime.loader_page("fr_CA").startswith('<!doctype html>\n<html lang="fr">')
    assert "<title>Revue</title>" in runtime.loader_page("fr")
    assert runtime.loader_page("de") == page
    assert PRIVATE in runtime.neutral_page("en")
    assert "Ce site est privé :" in runtime.neutral_page("fr")
    assert "<script" not in runtime.neutral_page("en")


def test_a_tab_left_open_past_the_expiry_stops_there(tab: Tab, sealed) -> None:
    """The worker forgets a share once it expires: the next page goes to the loader,
    which refuses the link, and its media no longer open."""
    site, host = sealed
    ends = datetime.now(UTC) + timedelta(seconds=4)
    stamp = ends.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
    plan = Plan("s0o0n0e0x1p2", expires_at=stamp)
    share = write_share(site.root, plan.id, bundle_of(plan.id, "spring", site.media, stamp), plan)
    open_share(tab, host, share.link())
    picture = tab.page.eval_on_selector("img", "i => i.src")
    # What the test waits for is the expiry itself, on the page's clock.
    tab.page.wait_for_function(
        "end => Date.now() > end", arg=int(ends.timestamp() * 1000) + 50, timeout=WAIT
    )
    status = tab.page.evaluate("url => fetch(url).then(r => r.status)", picture)
    assert status == 404
    tab.page.goto(host.url(f"s/{plan.id}/1/"))
    only(tab.page, REFUSED)
    tab.quiet(allowed_404=(picture,))
