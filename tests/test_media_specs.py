"""The channel spec catalog and the checks of a file against its channel, on real images."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from PIL import Image, ImageCms

from proofroom.core.git.lfs import pointer_bytes
from proofroom.core.media.specs import (
    CHECK_IDS,
    KINDS,
    PROBES,
    STATUSES,
    Facts,
    check_fit,
    file_facts,
    load_catalog,
    parse_size,
    unknown_channel_message,
)
from proofroom.core.model import LfsPointer

DEMO_IDS = (
    "instagram-feed",
    "instagram-story",
    "facebook-feed",
    "linkedin-feed",
    "display-300x250",
    "email-hero",
    "print-a4",
)


@pytest.fixture(scope="module")
def catalog():
    specs, problems = load_catalog(None)
    assert problems == []
    return specs


def by_id(checks) -> dict:
    return {c.id: c for c in checks}


def save(path: Path, size=(64, 48), mode="RGB", fmt="JPEG", color=(200, 30, 30), **kw) -> Path:
    Image.new(mode, size, color).save(path, format=fmt, **kw)
    return path


# ---------------------------------------------------------------- the packaged catalog


def test_catalog_has_the_issue_channels_each_with_sources(catalog) -> None:
    wanted = DEMO_IDS + (
        "instagram-reels",
        "x-image",
        "x-video",
        "youtube-video",
        "youtube-shorts",
        "youtube-thumbnail",
        "tiktok-video",
        "display-728x90",
        "display-160x600",
        "display-300x600",
        "display-970x250",
        "print-a5",
    )
    assert set(wanted) <= set(catalog)
    for spec in catalog.values():
        assert spec.kind in KINDS
        assert spec.name and spec.formats
        assert spec.sources, f"{spec.id} has no source"
        for source in spec.sources:
            assert source.url.startswith("https://")
            assert len(source.read) == 10 and source.read[4] == "-"
        assert spec.line > 0 and spec.path == "proofroom/data/channels.yml"


def test_catalog_figures(catalog) -> None:
    assert catalog["print-a4"].sizes[0] == (2480, 3508) and catalog["print-a4"].dpi == 300
    assert catalog["print-a5"].sizes[0] == (1748, 2480)
    assert catalog["display-300x250"].sizes[0] == (300, 250)
    assert catalog["display-300x250"].max_bytes == 150_000
    assert catalog["display-970x250"].max_bytes == 250_000
    assert [r.label for r in catalog["instagram-feed"].ratios] == ["1:1", "4:5", "1.91:1"]
    assert catalog["tiktok-video"].duration == (5.0, 60.0)
    assert catalog["email-hero"].min_width == 1200
    assert parse_size("2.3 GB") == 2_300_000_000


# ---------------------------------------------------------------- fit


def test_a_square_feed_image_fits(catalog, tmp_path: Path) -> None:
    path = save(tmp_path / "hero.jpg", size=(1080, 1080))
    checks = by_id(check_fit(catalog["instagram-feed"], file_facts(path, alt=True)))
    assert [c for c in checks.values() if c.status != "pass"] == []
    assert set(checks) == {"format", "channel-size", "file-size", "colour-profile", "alt-text"}
    assert all(c.id in CHECK_IDS and c.status in STATUSES for c in checks.values())


def test_a_4_3_image_does_not_fit_the_feed(catalog, tmp_path: Path) -> None:
    path = save(tmp_path / "hero.jpg", size=(1200, 900))
    check = by_id(check_fit(catalog["instagram-feed"], file_facts(path)))["channel-size"]
    assert check.status == "fail"
    assert check.message == (
        "1080x1080 expected for instagram-feed (1:1, 4:5 or 1.91:1), got 1200x900 (4:3): "
        "crop to 1:1 or 1.91:1"
    )


def test_too_narrow_and_wrong_format(catalog, tmp_path: Path) -> None:
    path = save(tmp_path / "hero.webp", size=(800, 1000), fmt="WEBP")
    checks = by_id(check_fit(catalog["instagram-feed"], file_facts(path)))
    assert checks["channel-size"].status == "fail"
    assert "under the 1080 px minimum width" in checks["channel-size"].message
    assert checks["format"].status == "fail"
    assert checks["format"].message == (
        ".webp is not accepted by instagram-feed: export as JPG or PNG"
    )


def test_banner_size_and_weight(catalog, tmp_path: Path) -> None:
    noise = Image.frombytes("RGB", (300, 250), os.urandom(300 * 250 * 3))
    heavy = tmp_path / "banner.png"
    noise.save(heavy, format="PNG")
    assert heavy.stat().st_size > 150_000
    checks = by_id(check_fit(catalog["display-300x250"], file_facts(heavy, alt=True)))
    assert checks["channel-size"].status == "pass"
    assert checks["file-size"].status == "fail"
    assert "over the 150 KB limit of display-300x250" in checks["file-size"].message
    wrong = save(tmp_path / "wrong.png", size=(320, 50), fmt="PNG")
    size = by_id(check_fit(catalog["display-300x250"], file_facts(wrong)))["channel-size"]
    assert size.status == "fail"
    assert size.message.startswith("300x250 expected for display-300x250 (also accepted: 600x500)")


# ---------------------------------------------------------------- colour, dpi, alt


def test_cmyk_jpeg_fails_on_the_web_and_passes_for_print(catalog, tmp_path: Path) -> None:
    path = save(tmp_path / "poster.jpg", size=(2480, 3508), mode="CMYK", color=(0, 80, 80, 0))
    facts = file_facts(path)
    assert facts.mode == "CMYK"
    web = by_id(check_fit(catalog["instagram-feed"], facts))["colour-profile"]
    assert web.status == "fail" and "export it as sRGB" in web.message
    facts300 = Facts(**{**facts.__dict__, "dpi": 300.0})
    printed = by_id(check_fit(catalog["print-a4"], facts300))
    assert printed["colour-profile"].status == "pass"
    assert printed["channel-size"].status == "pass" and printed["dpi"].status == "pass"


def test_srgb_png_with_profile_passes_and_other_profiles_warn(catalog, tmp_path: Path) -> None:
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    path = save(tmp_path / "story.png", size=(1080, 1920), fmt="PNG", icc_profile=srgb)
    facts = file_facts(path)
    assert facts.icc is not None and "sRGB" in facts.icc
    assert by_id(check_fit(catalog["instagram-story"], facts))["colour-profile"].status == "pass"
    lab = ImageCms.ImageCmsProfile(ImageCms.createProfile("LAB")).tobytes()
    other = save(tmp_path / "lab.png", size=(1080, 1920), fmt="PNG", icc_profile=lab)
    check = by_id(check_fit(catalog["instagram-story"], file_facts(other)))["colour-profile"]
    assert check.status == "warn"
    assert "is not sRGB" in check.message and "convert to sRGB" in check.message


def test_a_72_dpi_rgb_print_file(catalog, tmp_path: Path) -> None:
    path = save(tmp_path / "flyer.jpg", size=(595, 842), dpi=(72, 72))
    facts = file_facts(path)
    assert facts.dpi == 72
    checks = by_id(check_fit(catalog["print-a4"], facts))
    assert checks["dpi"].status == "fail"
    assert checks["dpi"].message == (
        "72 dpi, 300 dpi expected for print-a4: export at 300 dpi (2480x3508 px)"
    )
    assert checks["channel-size"].status == "fail"
    assert checks["colour-profile"].status == "warn" and "CMYK" in checks["colour-profile"].message
    assert "alt-text" not in checks  # print has no alt text
    no_dpi = save(tmp_path / "nodpi.jpg", size=(2480, 3508))
    assert by_id(check_fit(catalog["print-a4"], file_facts(no_dpi)))["dpi"].status == "unknown"


def test_alt_text_is_asked_for_web_images(catalog) -> None:
    facts = Facts(ext="jpg", bytes=1000, width=1200, height=600, mode="RGB")
    alt = by_id(check_fit(catalog["email-hero"], facts))["alt-text"]
    assert alt.status == "warn" and "alt:" in alt.message
    given = Facts(**{**facts.__dict__, "alt": True})
    assert by_id(check_fit(catalog["email-hero"], given))["alt-text"].status == "pass"


# ---------------------------------------------------------------- what is not known


def test_video_without_a_probe_is_unknown_and_a_probe_fills_in(
    catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clip = tmp_path / "clip.mp4"
    clip.write_bytes(b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 2000)
    facts = file_facts(clip)
    assert (facts.ext, facts.bytes, facts.width) == ("mp4", 2012, None)
    checks = by_id(check_fit(catalog["tiktok-video"], facts))
    assert checks["channel-size"].status == "unknown"
    assert checks["duration"].status == "unknown"
    assert checks["file-size"].status == "pass" and checks["format"].status == "pass"
    assert "colour-profile" not in checks

    def probe(path: Path, known: Facts) -> Facts:
        return Facts(**{**known.__dict__, "width": 1080, "height": 1920, "duration": 72.0})

    monkeypatch.setitem(PROBES, "mp4", probe)
    checks = by_id(check_fit(catalog["tiktok-video"], file_facts(clip)))
    assert checks["channel-size"].status == "pass"
    assert checks["duration"].status == "fail"
    assert checks["duration"].message == "72 s is outside 5 to 60 s for tiktok-video: trim it"


def test_unreadable_and_lfs_files(catalog, tmp_path: Path) -> None:
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"\xff\xd8 not really a jpeg" * 100)
    facts = file_facts(broken)
    assert facts.width is None and facts.bytes == broken.stat().st_size
    assert by_id(check_fit(catalog["instagram-feed"], facts))["channel-size"].status == "unknown"
    pointer = tmp_path / "big.jpg"
    pointer.write_bytes(pointer_bytes(LfsPointer(oid="a" * 64, size=40_000_000)))
    facts = file_facts(pointer)
    assert facts.bytes == 40_000_000 and facts.width is None
    assert by_id(check_fit(catalog["instagram-feed"], facts))["file-size"].status == "fail"
    assert file_facts(tmp_path / "absent.png").bytes is None


def test_unknown_channel_names_the_closest(catalog) -> None:
    message = unknown_channel_message("instagram-fed", catalog)
    assert message.startswith('unknown channel "instagram-fed" (did you mean "instagram-feed"?)')
    assert "known channels: display-160x600, " in message


# ---------------------------------------------------------------- the workspace's catalog

WORKSPACE_CATALOG = """\
channels:
  instagram-feed:
    min_width: 1200
    note: Our agency exports at 1200 px.
  poster-abribus:
    name: Bus shelter poster
    kind: print
    formats: [pdf, tif]
    sizes: [3543x5197]
    dpi: 150
    source:
      - url: https://example.com/specs
        read: 2027-01-05
  display-300x600:
    max_sise: 200 KB
  new-thing:
    formats: [jpg]
"""


def test_workspace_extends_and_overrides_key_by_key(tmp_path: Path) -> None:
    (tmp_path / "channels.yml").write_text(WORKSPACE_CATALOG, encoding="utf-8")
    specs, problems = load_catalog(tmp_path)
    feed = specs["instagram-feed"]
    assert feed.min_width == 1200 and feed.note == "Our agency exports at 1200 px."
    assert [r.label for r in feed.ratios] == ["1:1", "4:5", "1.91:1"]  # kept
    assert feed.sources and feed.path == "channels.yml" and feed.line == 2
    poster = specs["poster-abribus"]
    assert (poster.kind, poster.sizes, poster.dpi) == ("print", ((3543, 5197),), 150)
    # The entry with a misspelt key is reported at its line and not applied.
    assert specs["display-300x600"].max_bytes == 150_000
    assert "new-thing" not in specs
    assert [str(p) for p in problems] == [
        'channels.yml:15: error: unknown key "max_sise" in channels.display-300x600 '
        '(did you mean "max_size"?)',
        'channels.yml:16: error: new channel "new-thing" has no name and no kind; add them '
        "(e.g. 'name: Spring poster' and 'kind: print'), or use the id of a known channel "
        "to override it",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "channels:\n  x-image:\n    max_size: 5 megabytes\n",
            "channels.yml:3: error: channels.x-image.max_size must be a size with its unit, "
            "e.g. 'max_size: 150 KB' or 'max_size: 30 MB'; got \"5 megabytes\"",
        ),
        (
            "channels:\n  x-image:\n    kind: vidoe\n",
            "channels.yml:3: error: channels.x-image.kind must be one of image, video, print, "
            "email, e.g. 'kind: image'; got \"vidoe\"",
        ),
        (
            "channels:\n  Big Poster:\n    name: Big\n    kind: print\n",
            'channels.yml:2: error: "Big Poster" is not a channel id: use lower-case letters, '
            'digits and dashes, e.g. "instagram-feed"',
        ),
        (
            "chanels:\n  x-image: {}\n",
            'channels.yml:1: error: unknown key "chanels" at the top of the file '
            '(did you mean "channels"?)',
        ),
        (
            "channels:\n  x-image:\n    ratios: [1:1\n",
            "channels.yml:4: error: invalid YAML",
        ),
    ],
)
def test_workspace_catalog_mistakes_are_problems_at_their_line(
    tmp_path: Path, text: str, expected: str
) -> None:
    (tmp_path / "channels.yml").write_text(text, encoding="utf-8")
    specs, problems = load_catalog(tmp_path)
    assert problems and str(problems[0]).startswith(expected)
    assert "x-image" in specs  # the packaged entry stays


def test_a_workspace_without_catalog_uses_the_package(tmp_path: Path) -> None:
    specs, problems = load_catalog(tmp_path)
    assert problems == [] and "instagram-feed" in specs


def test_icc_profile_that_cannot_be_parsed(tmp_path: Path) -> None:
    path = tmp_path / "odd.png"
    buf = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buf, format="PNG", icc_profile=b"not a profile")
    path.write_bytes(buf.getvalue())
    assert file_facts(path).icc == "embedded profile"
