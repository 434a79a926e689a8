"""The guest runtime in headless Chromium, on a tiny private site made for it.

- First decrypted view: a share whose page shows a 10 MB photo; from navigating to the
  share link to the image's ``decode()`` resolving (loader, bundle, service worker,
  every chunk decrypted), against the same photo in clear from the same server.
- A 500 MB video read through the service worker to its last byte, sampling the JS heap
  of the page and of the worker; against the same file read in clear the same way.

Skipped (one row says so) until ``proofroom.private.runtime`` is in the tree, or without
Debian's chromium (``PROOFROOM_CHROMIUM`` or ``chromium`` on PATH).
"""

from __future__ import annotations

import io
import json
import os
import random
import re
import shutil
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path

from benchmarks import private
from benchmarks.range_server import serving

VIEW_BUDGET_S = 1.0
HEAP_BUDGET_MB = 64
PHOTO_BYTES = 10_000_000
VIDEO_BYTES = 500_000_000
SHARE_ID = "benchguest01"
TIMEOUT_MS = 60_000
MB = 1_000_000

_PAGE = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
    '</head><body><img id="photo" src="{src}" alt=""></body></html>'
)
_READ = """url => {
  window.__bench = {bytes: 0, done: false, error: null};
  fetch(url).then(async response => {
    const reader = response.body.getReader();
    for (;;) {
      const {done, value} = await reader.read();
      if (done) break;
      window.__bench.bytes += value.byteLength;
    }
    window.__bench.done = true;
  }).catch(error => { window.__bench.error = String(error); window.__bench.done = true; });
}"""


def chromium_path() -> str | None:
    explicit = os.environ.get("PROOFROOM_CHROMIUM")
    return explicit or shutil.which("chromium") or shutil.which("chromium-browser")


def photo(cache: Path) -> Path:
    """A photo-like JPEG of about 10 MB (gradients, blurred blobs, grain), made once."""
    from PIL import Image, ImageFilter

    from benchmarks.workspace import _base_image

    target = cache / "photo-10mb.jpg"
    if target.is_file():
        return target
    cache.mkdir(parents=True, exist_ok=True)
    im = _base_image(random.Random(2027), 6000, 4000)
    fine = Image.effect_noise(im.size, 24).filter(ImageFilter.GaussianBlur(0.6))
    im = Image.blend(im, Image.merge("RGB", [fine] * 3), 0.12)
    data = b""
    for quality in range(88, 100, 2):
        buf = io.BytesIO()
        im.save(buf, "JPEG", quality=quality)
        data = buf.getvalue()
        if len(data) >= PHOTO_BYTES:
            break
    target.write_bytes(data)
    return target


@dataclass
class GuestSite:
    root: Path
    link: str  # path and fragment of the share link
    ready: re.Pattern[str]  # the URL of the share's page 0
    video: str  # the sealed video's URL, relative to page 0
    width: int  # of the photo


def _big_file(path: Path, size: int) -> None:
    block = random.Random(7).randbytes(1 << 20)
    with path.open("wb") as out:
        for start in range(0, size, len(block)):
            out.write(block[: min(len(block), size - start)])


def make_site(folder: Path, cache: Path) -> GuestSite:
    """One share: page 0 shows the photo; its bundle also lists the 500 MB video."""
    import base64

    from PIL import Image

    from proofroom.core.sealing import bundle_key, media_seal, seal_bundle, seal_file
    from proofroom.core.secret import share_key
    from proofroom.private.runtime import loader_page, write_runtime

    secret = base64.urlsafe_b64decode(private.test_secret() + "=")
    site = folder / "site"
    if site.exists():
        shutil.rmtree(site)
    (site / "s" / "m").mkdir(parents=True)
    (site / "clear").mkdir()
    picture = photo(cache)
    shutil.copyfile(picture, site / "clear" / "photo.jpg")
    (site / "clear" / "index.html").write_text(_PAGE.format(title="Photo", src="photo.jpg"))
    _big_file(site / "clear" / "video.mp4", VIDEO_BYTES)
    media = {}
    for name, source, kind in (
        ("photo.jpg", picture, "image/jpeg"),
        ("video.mp4", site / "clear" / "video.mp4", "video/mp4"),
    ):
        seal = media_seal(secret, f"_proofroom/bench/{name}")
        seal_file(seal.key, source, site / "s" / "m" / seal.id)
        media[name] = (
            seal.id,
            {"key": _b64(seal.key), "size": source.stat().st_size, "type": kind},
        )
    page = _PAGE.format(title="Photo", src=f"../../m/{media['photo.jpg'][0]}")
    content = {
        "v": 1,
        "share": {"id": SHARE_ID, "to": "bench", "can": "view", "campaign": "bench",
                  "expires_at": None},
        "sign_key": None,
        "lang": "en",
        "title": "Benchmark",
        "pages": [{"title": "Photo", "html": page}],
        "media": dict(media.values()),
    }  # fmt: skip
    link_key = share_key(secret, SHARE_ID)
    sealed = seal_bundle(bundle_key(link_key, SHARE_ID), SHARE_ID, content, passphrase=False)
    (site / "s" / SHARE_ID).mkdir()
    (site / "s" / SHARE_ID / "bundle").write_bytes(sealed)
    (site / "s" / SHARE_ID / "index.html").write_text(loader_page("en"), encoding="utf-8")
    write_runtime(site, "en")
    with Image.open(picture) as im:
        width = im.width
    return GuestSite(
        root=site,
        link=f"/s/{SHARE_ID}/#{_b64(link_key)}",
        ready=re.compile(rf"/s/{SHARE_ID}/0/"),
        video=f"../../m/{media['video.mp4'][0]}",
        width=width,
    )


def _b64(data: bytes) -> str:
    import base64

    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


# ----------------------------------------------------------------------------- browser


def first_view(browser, url: str, ready: re.Pattern[str] | None) -> tuple[float, int]:
    """Seconds from navigating to ``url`` to ``#photo``'s ``decode()``, in a new context
    (no service worker yet, empty HTTP cache); and the decoded image's width."""
    context = browser.new_context()
    try:
        page = context.new_page()
        started = time.perf_counter()
        page.goto(url, wait_until="commit", timeout=TIMEOUT_MS)
        if ready is not None:
            page.wait_for_url(ready, wait_until="commit", timeout=TIMEOUT_MS)
        page.wait_for_selector("#photo", state="attached", timeout=TIMEOUT_MS)
        width = page.evaluate(
            "() => { const im = document.getElementById('photo');"
            " return im.decode().then(() => im.naturalWidth); }"
        )
        return time.perf_counter() - started, int(width)
    finally:
        context.close()


class HeapProbe:
    """JS heap in use (with ArrayBuffer backing stores) of a page and of a service
    worker, through CDP; the worker's session is reached through the browser's."""

    def __init__(self, browser, context, page, worker_url: str | None) -> None:
        self.page = page
        self.page_cdp = context.new_cdp_session(page)
        self.browser_cdp = browser.new_browser_cdp_session()
        self.replies: dict[int, dict] = {}
        self.worker: str | None = None
        self.next_id = 0
        self.browser_cdp.on("Target.receivedMessageFromTarget", self._reply)
        if worker_url is not None:
            targets = self.browser_cdp.send("Target.getTargets")["targetInfos"]
            found = [t for t in targets if t["type"] == "service_worker" and worker_url in t["url"]]
            if not found:
                raise RuntimeError(f"no service worker {worker_url} running")
            attached = self.browser_cdp.send(
                "Target.attachToTarget", {"targetId": found[0]["targetId"], "flatten": False}
            )
            self.worker = attached["sessionId"]

    def _reply(self, event: dict) -> None:
        message = json.loads(event["message"])
        if "id" in message:
            self.replies[message["id"]] = message

    @staticmethod
    def _used(heap: dict) -> float:
        return (heap.get("usedSize", 0) + heap.get("backingStorageSize", 0)) / MB

    def _worker(self, method: str) -> dict:
        """The result of ``method`` sent to the worker (through the browser session)."""
        self.next_id += 1
        ask = {"id": self.next_id, "method": method}
        self.browser_cdp.send(
            "Target.sendMessageToTarget", {"sessionId": self.worker, "message": json.dumps(ask)}
        )
        deadline = time.perf_counter() + 10
        while self.next_id not in self.replies and time.perf_counter() < deadline:
            self.page.wait_for_timeout(5)
        reply = self.replies.pop(self.next_id, None)
        if reply is None or "result" not in reply:
            raise RuntimeError(f"the service worker did not answer {method}: {reply}")
        return reply["result"]

    def sample(self) -> tuple[float, float]:
        """MB held: (page, worker), each measured right after a garbage collection, so
        that what is counted is what the code keeps, not garbage not yet collected."""
        self.page_cdp.send("HeapProfiler.collectGarbage")
        page = self._used(self.page_cdp.send("Runtime.getHeapUsage"))
        if self.worker is None:
            return page, 0.0
        self._worker("HeapProfiler.collectGarbage")
        return page, self._used(self._worker("Runtime.getHeapUsage"))


def stream_memory(browser, page_url: str, ready, media: str, worker: str | None) -> dict:
    """Read ``media`` (relative to the page) to its end from the page, sampling heaps."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(page_url, timeout=TIMEOUT_MS)
        if ready is not None:
            page.wait_for_url(ready, timeout=TIMEOUT_MS)
        page.wait_for_selector("#photo", state="attached", timeout=TIMEOUT_MS)
        probe = HeapProbe(browser, context, page, worker)
        base_page, base_worker = probe.sample()
        started = time.perf_counter()
        page.evaluate(_READ, media)
        growth = page_peak = worker_peak = 0.0
        while True:
            now_page, now_worker = probe.sample()
            page_peak = max(page_peak, now_page - base_page)
            worker_peak = max(worker_peak, now_worker - base_worker)
            growth = max(growth, now_page - base_page + now_worker - base_worker)
            state = page.evaluate("window.__bench")
            if state["done"]:
                break
            page.wait_for_timeout(50)
        if state["error"]:
            raise RuntimeError(f"reading {media} failed in the page: {state['error']}")
        return {
            "growth": growth,
            "page": page_peak,
            "worker": worker_peak,
            "bytes": state["bytes"],
            "seconds": time.perf_counter() - started,
        }
    finally:
        context.close()


# ----------------------------------------------------------------------------- rows


def _row(name: str, budget: str, figure: str, peer: str, ratio, result: str, note="") -> dict:
    return {"name": name, "budget": budget, "figure": figure, "peer": peer,
            "ratio": ratio, "result": result, "note": note}  # fmt: skip


def _view_row(browser, base: str, site: GuestSite, repeat: int, say) -> dict:
    sealed_url, clear_url = base + site.link, base + "/clear/"
    first_view(browser, sealed_url, site.ready)  # untimed: Chromium and the files warm
    first_view(browser, clear_url, None)
    ours, peers, widths = [], [], set()
    for i in range(repeat):
        order = [("ours", sealed_url, site.ready), ("peer", clear_url, None)]
        for label, url, ready in order if i % 2 == 0 else reversed(order):
            seconds, width = first_view(browser, url, ready)
            (ours if label == "ours" else peers).append(seconds)
            widths.add(width)
        say(f"guest {i + 1}/{repeat}: sealed photo {secs(ours[-1])}, clear {secs(peers[-1])}")
    fig, peer = statistics.median(ours), statistics.median(peers)
    ratio = statistics.median(o / p for o, p in zip(ours, peers, strict=True))
    size = (site.root / "clear" / "photo.jpg").stat().st_size / MB
    ok = widths == {site.width}
    return _row(
        "guest, first view of a 10 MB photo",
        f"< {VIEW_BUDGET_S:.0f} s from the link to decode() (ratio: information)",
        f"sealed {secs(fig)}",
        f"same photo in clear {secs(peer)}",
        ratio,
        ("PASS" if fig < VIEW_BUDGET_S else "FAIL") if ok else "error",
        f"{size:.1f} MB JPEG, {site.width} px wide; new browser context each time (no worker"
        " yet); loader, bundle, worker, every chunk decrypted"
        + ("" if ok else f"; decoded widths {sorted(widths)} (expected {site.width})"),
    )


def _memory_row(browser, base: str, site: GuestSite, say) -> dict:
    say("guest: reading the 500 MB video through the worker, then in clear ...")
    ours = stream_memory(browser, base + site.link, site.ready, site.video, "/s/sw.js")
    peer = stream_memory(browser, base + "/clear/", None, "video.mp4", None)
    for label, got in (("sealed", ours), ("clear", peer)):
        say(
            f"guest: {label} {got['bytes'] / MB:.0f} MB in {secs(got['seconds'])},"
            f" heap growth {got['growth']:.1f} MB"
        )
    whole = ours["bytes"] == VIDEO_BYTES and peer["bytes"] == VIDEO_BYTES
    return _row(
        "guest, 500 MB video decrypted",
        f"<= {HEAP_BUDGET_MB} MB heap growth (page + worker; ratio: information)",
        f"{ours['growth']:.1f} MB",
        f"same file in clear {peer['growth']:.1f} MB",
        ours["growth"] / peer["growth"] if peer["growth"] >= 1 else None,
        ("PASS" if ours["growth"] <= HEAP_BUDGET_MB else "FAIL") if whole else "error",
        f"peaks: page {ours['page']:.1f} MB, worker {ours['worker']:.1f} MB (CDP"
        f" Runtime.getHeapUsage after HeapProfiler.collectGarbage, ArrayBuffers included); read"
        f" {ours['bytes'] / MB:.0f} MB in {secs(ours['seconds'])} (clear"
        f" {peer['bytes'] / MB:.0f} MB in {secs(peer['seconds'])})",
    )


def bench_guest(repeat: int, work: Path, cache: Path, say: Callable[[str], None]) -> list[dict]:
    """The two browser rows, or one row saying why they were skipped."""
    skipped = None
    exe = chromium_path()
    if exe is None:
        skipped = "skipped: no chromium (PROOFROOM_CHROMIUM, or Debian's chromium on PATH)"
    elif find_spec("playwright") is None:
        skipped = "skipped: Playwright for Python is not installed"
    if skipped:
        say(f"guest: {skipped}")
        return [_row("guest runtime in Chromium", "", skipped, "", None, "info")]
    from playwright.sync_api import sync_playwright

    say("guest: making a private site of one share (10 MB photo, 500 MB video) ...")
    site = make_site(work, cache)
    try:
        with serving(site.root) as base, sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=exe, headless=True, args=["--no-sandbox", "--disable-gpu"]
            )
            try:
                return [_view_row(browser, base, site, repeat, say),
                        _memory_row(browser, base, site, say)]  # fmt: skip
            finally:
                browser.close()
    finally:
        shutil.rmtree(site.root, ignore_errors=True)


def secs(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"
