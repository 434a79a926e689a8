"""Files marketing teams ship besides photos, each through a real strict build: SVG shown
by a raster drawn from it (its script never runs), animated GIF shown as is, audio with
<audio>, an Illustrator file with its size and a download link."""

from __future__ import annotations

import io
import re

import pytest
from helpers.browser import Guard, Site, serve, watched_page
from helpers.gitrepo import GitRepo
from helpers.sites import run_build
from helpers.sounds import wav_bytes
from helpers.workspaces import write_config
from PIL import Image

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="80">'
    '<script>alert("svg")</script><rect width="120" height="80" fill="#c03"/></svg>'
)
BRIEF = "---\ntitle: Formats\ntimezone: Europe/Paris\n---\n# Formats\n"


def gif_bytes() -> bytes:
    frames = [Image.new("RGB", (60, 40), c) for c in ((255, 0, 0), (0, 0, 255))]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=200, loop=0)
    return out.getvalue()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> GitRepo:
    repo = GitRepo(tmp_path_factory.mktemp("kinds") / "repo")
    write_config(repo)
    repo.write("content/campaigns/formats/index.md", BRIEF)
    repo.write("assets/formats/logo.svg", SVG)
    repo.write("assets/formats/teaser.gif", gif_bytes())
    repo.write("assets/formats/jingle.wav", wav_bytes())
    repo.write("assets/formats/key-visual.ai", b"%!PS-Adobe-3.0\n" + b"%" * 2048)
    repo.commit("Every format", date="2027-01-05T09:00:00+01:00")
    run_build(repo.path)
    return repo


def page(repo: GitRepo, stem: str) -> str:
    path = repo.path / f"site/campaigns/formats/review/{stem}/index.html"
    return path.read_text(encoding="utf-8")


def test_svg_is_shown_by_a_raster_and_downloaded_as_a_file(built: GitRepo) -> None:
    html = page(built, "logo")
    figure = html[html.index('data-proofroom="viewer"') :].split("</figure>")[0]
    assert "<svg" not in figure  # never inlined
    src = figure.split('<img src="', 1)[1].split('"', 1)[0]
    assert "/_proofroom/d/" in src and src.endswith(".webp")  # the display preview
    target = (built.path / "site/campaigns/formats/review/logo" / src).resolve()
    with Image.open(target) as im:
        assert im.size == (1600, 1067)  # drawn at display size, the SVG's shape kept
        pixel = im.convert("RGB").getpixel((800, 500))
        assert max(abs(a - b) for a, b in zip(pixel, (204, 0, 51), strict=True)) <= 8  # WebP
    link = figure.split('class="proofroom-download"', 1)[1].split(">", 1)[0]
    assert '.svg.bin"' in link and 'download="logo.svg"' in link
    # No page of the site refers to the SVG under a name a browser would render.
    for built_page in (built.path / "site").rglob("*.html"):
        text = built_page.read_text(encoding="utf-8")
        assert not re.search(r'(src|href|data|data-src)="[^"]*\.svg"', text), built_page


def test_animated_gif_is_shown_as_is(built: GitRepo) -> None:
    html = page(built, "teaser")
    figure = html[html.index('data-proofroom="viewer"') :].split("</figure>")[0]
    src = figure.split('<img src="', 1)[1].split('"', 1)[0]
    assert src.endswith(".gif")  # the original, so the animation plays
    target = (built.path / "site/campaigns/formats/review/teaser" / src).resolve()
    with Image.open(target) as im:
        assert getattr(im, "n_frames", 1) == 2


def test_audio_gets_a_player(built: GitRepo) -> None:
    figure = page(built, "jingle").split('data-proofroom="viewer"', 1)[1].split("</figure>")[0]
    assert "<audio" in figure and "controls" in figure and ".wav" in figure
    # PyAV reads its length and codec: one second of 16-bit PCM, as on a video's caption.
    assert "00:01 · pcm_s16le" in page(built, "jingle")


def test_illustrator_file_gets_its_size_and_a_download(built: GitRepo) -> None:
    figure = page(built, "key-visual").split('data-proofroom="viewer"', 1)[1]
    figure = figure.split("</figure>")[0]
    assert "proofroom-download" in figure and ".ai" in figure
    assert "2.1 kB" in figure


@pytest.mark.e2e
def test_the_svg_script_never_runs_in_a_browser(built: GitRepo, browser) -> None:
    server, thread = serve(built.path / "site")
    base = f"http://127.0.0.1:{server.server_address[1]}"
    site = Site(built, built.path / "site", base)
    try:
        # The page's guard fails the test on a dialog: the alert inside the SVG must not run.
        with watched_page(browser, site, Guard(origin=base)) as tab:
            tab.goto(f"{base}/campaigns/formats/review/logo/")
            img = tab.locator('[data-proofroom="viewer"] img').first
            assert img.evaluate("i => i.complete && i.naturalWidth") == 1600
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
