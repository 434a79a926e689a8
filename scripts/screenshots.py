"""The screenshots of the docs, taken from the demo workspace's built site.

Run with `nox -s screenshots` (builds the site, then drives Debian's chromium through
Playwright). Writes content/guide/screenshots/*.png; the images are committed.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "content" / "guide" / "screenshots"
REVIEW = "campaigns/museum-space-2027/review/display/rocket-300x250/"
GALLERY = "campaigns/cafe-hiver-2027/"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def main() -> int:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        print("error: no chromium on PATH: install Debian's package (apt-get install chromium)")
        return 2
    site = ROOT / "site"
    build = [sys.executable, "-m", "proofroom.cli", "build", "--strict"]
    subprocess.run(build, cwd=ROOT, check=True)
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=site))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 900}, device_scale_factor=1)
        page.goto(base + GALLERY)
        page.screenshot(path=OUT / "gallery.png")
        page.goto(base + REVIEW)
        page.screenshot(path=OUT / "review.png")
        # Element shots scroll under Material's sticky header: hide it for them.
        page.add_style_tag(content=".md-header { visibility: hidden; }")
        compare = page.locator('[data-proofroom="compare"]')
        for mode in ("side", "swipe", "onion", "diff"):
            page.locator(f'[data-proofroom-mode="{mode}"]').check()
            compare.scroll_into_view_if_needed()
            compare.screenshot(path=OUT / f"compare-{mode}.png")
        form = page.locator('[data-proofroom="decision-form"]')
        form.locator('input[name="decision"][value="changes_requested"]').check()
        form.locator('input[name="reviewer"]').fill("alice")
        form.locator('input[name="summary"]').fill("Logo plus grand, fusée centrée")
        form.locator('[data-proofroom="add-pin"]').click()
        image = page.locator('[data-proofroom="viewer"] img').first
        box = image.bounding_box()
        assert box is not None
        page.mouse.click(box["x"] + box["width"] * 0.3, box["y"] + box["height"] * 0.4)
        form.locator("textarea, input[type=text]").last.fill("Agrandir le logo")
        form.scroll_into_view_if_needed()
        form.screenshot(path=OUT / "decision-panel.png")
        browser.close()
    server.shutdown()
    for path in sorted(OUT.glob("*.png")):
        print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
