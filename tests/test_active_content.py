"""No active content on the site's origin: which originals are published for download
only and under which name, and SVG drawn without reading or fetching what it refers to."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PIL import Image

from proofroom.core.media import svg
from proofroom.core.media.cache import Cache
from proofroom.core.media.kinds import download_only, published_name
from proofroom.core.media.pixels import ThumbJob
from proofroom.core.media.thumbs import Thumbnailer

SHA = "ab" * 20
XLINK_NS = 'xmlns:xlink="http://www.w3.org/1999/xlink"'


def hostile_svg(secret: Path) -> bytes:
    """A red square under four pictures it must never show: on this machine by absolute
    path, by ``file://`` URL and by relative path, and on another host."""
    images = "".join(
        f'<image {attr}="{href}" x="0" y="0" width="100" height="100"/>'
        for attr, href in (
            ("href", str(secret)),
            ("xlink:href", secret.as_uri()),
            ("href", secret.name),
            ("href", "http://example.com/x.png"),
            ("xlink:href", "file:///etc/passwd"),
        )
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" {XLINK_NS} width="100" height="100">'
        '<script>alert("svg")</script>'
        f'<rect width="100" height="100" fill="#ff0000"/>{images}</svg>'
    ).encode()


@pytest.mark.parametrize(
    ("name", "only"),
    [
        ("hero.jpg", False),
        ("banner.PNG", False),
        ("teaser.gif", False),
        ("spot.mp4", False),
        ("jingle.wav", False),
        ("flyer.pdf", False),
        ("retouch.psd", False),
        ("logo.svg", True),
        ("landing.html", True),
        ("landing.HTM", True),
        ("page.xhtml", True),
        ("feed.xml", True),
        ("style.xsl", True),
        ("key-visual.ai", True),
        ("notes.txt", True),
        ("README", True),
    ],
)
def test_which_originals_are_download_only(name: str, only: bool) -> None:
    assert download_only(name) is only


def test_published_names() -> None:
    assert published_name(SHA, "jpg") == f"{SHA}.jpg"
    assert published_name(SHA, "pdf") == f"{SHA}.pdf"
    assert published_name(SHA, "svg") == f"{SHA}.svg.bin"
    assert published_name(SHA, "html") == f"{SHA}.html.bin"
    assert published_name(SHA, "bin") == f"{SHA}.bin"  # unknown or unsafe extensions
    assert published_name(SHA, "") == f"{SHA}.bin"


def test_every_outside_reference_is_removed_before_drawing(tmp_path: Path) -> None:
    secret = tmp_path / "secret.png"
    markup = svg.inert(hostile_svg(secret))
    for gone in (str(secret), "file:", "example.com", "secret.png"):
        assert gone not in markup
    kept = (
        f'<svg xmlns="http://www.w3.org/2000/svg" {XLINK_NS}><defs><rect id="r"/></defs>'
        '<use href="#r"/><use xlink:href="#r"/><image href="data:image/png;base64,AAAA"/></svg>'
    )
    markup = svg.inert(kept.encode())
    assert markup.count('="#r"') == 2 and "data:image/png;base64,AAAA" in markup
    nested = '<svg xmlns="http://www.w3.org/2000/svg"><image href="data:image/svg+xml,x"/></svg>'
    assert "data:" not in svg.inert(nested.encode())  # an SVG in an SVG could refer to files


def test_no_file_of_this_machine_ends_up_in_the_picture(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = tmp_path / "secret.png"
    Image.new("RGB", (100, 100), (0, 0, 255)).save(secret)  # blue: must never show
    monkeypatch.chdir(tmp_path)  # where a relative path would be looked for
    with svg.render(hostile_svg(secret), 50) as drawn:
        assert drawn.size == (50, 50)
        assert drawn.convert("RGB").getcolors() == [(2500, (255, 0, 0))]  # red only


def test_an_svg_gets_a_raster_thumbnail(tmp_path: Path) -> None:
    src = tmp_path / "logo.svg"
    src.write_bytes(hostile_svg(tmp_path / "secret.png"))
    thumb = Thumbnailer(Cache(tmp_path / "cache")).get(ThumbJob(SHA, "logo.svg", src))
    assert not thumb.placeholder and thumb.warning is None
    assert (thumb.width, thumb.height) == (480, 480)  # a vector is drawn to the box
    assert (thumb.src_width, thumb.src_height) == (None, None)
    with Image.open(thumb.path) as im:
        assert im.format == "WEBP"


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"<svg", "cannot read SVG"),
        (b"<svg xmlns='http://www.w3.org/2000/svg' width='0' height='0'/>", "cannot draw SVG"),
        (
            b'<?xml version="1.0"?><!DOCTYPE s [<!ENTITY a "aaaaaaaaaa">'
            + b"".join(
                f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">'.encode()
                for i in range(9)
            )
            + b']><svg xmlns="http://www.w3.org/2000/svg">&j;</svg>',
            "cannot read SVG",  # a billion laughs: refused by the XML parser
        ),
    ],
)
def test_a_bad_svg_gets_a_placeholder_and_a_warning(tmp_path: Path, data: bytes, says: str) -> None:
    started = time.monotonic()
    job = ThumbJob(SHA, "logo.svg", lambda: data)
    thumb = Thumbnailer(Cache(tmp_path / "cache")).get(job)
    assert thumb.placeholder and thumb.warning and says in thumb.warning
    assert time.monotonic() - started < 10


def test_an_lfs_pointer_svg_says_to_pull(tmp_path: Path) -> None:
    pointer = b"version https://git-lfs.github.com/spec/v1\noid sha256:00\nsize 1\n"
    thumb = Thumbnailer(Cache(tmp_path / "cache")).get(ThumbJob(SHA, "a.svg", lambda: pointer))
    assert thumb.placeholder and "git lfs pull" in (thumb.warning or "")
