"""Videos made with PyAV: facts, poster frames, thumbnails and review pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers.clips import encode, encodes
from helpers.gitrepo import GitRepo
from helpers.sites import local_targets, run_build
from helpers.workspaces import write_config
from PIL import Image

from proofroom.core.media import video
from proofroom.core.media.cache import Cache
from proofroom.core.media.pixels import ThumbJob, ThumbSettings
from proofroom.core.media.thumbs import Thumbnailer

av = pytest.importorskip("av")

RED, BLUE = (200, 30, 30), (30, 30, 200)

BRIEF = """\
---
title: Spring spot
owner: marie
deliverables:
  - id: spot
    asset: spot.mp4
---
# Spot
"""


H264 = "libx264" if encodes("libx264") else "mpeg4"


def make_video(
    path: Path,
    codec: str = H264,
    *,
    size: tuple[int, int] = (64, 48),
    frames: int = 12,
    fps: int = 12,
) -> Path:
    """Red for the first half of the frames, blue for the second half."""
    colours = [RED if i < frames // 2 else BLUE for i in range(frames)]
    return encode(path, colours, size=size, fps=fps, codec=codec)


def close(a: tuple, b: tuple, tol: int = 30) -> bool:
    return all(abs(x - y) <= tol for x, y in zip(a, b, strict=True))


def centre(im: Image.Image) -> tuple:
    return im.convert("RGB").getpixel((im.width // 2, im.height // 2))


CODECS = [
    pytest.param("mp4", H264, "h264" if H264 == "libx264" else "mpeg4", id="mp4"),
    pytest.param(
        "webm",
        "libvpx-vp9",
        "vp9",
        id="webm",
        marks=pytest.mark.skipif(not encodes("libvpx-vp9"), reason="no vp9 encoder"),
    ),
    pytest.param("mov", "mpeg4", "mpeg4", id="mov"),
]


@pytest.mark.parametrize(("ext", "encoder", "codec"), CODECS)
def test_probe_gives_exact_facts(tmp_path: Path, ext: str, encoder: str, codec: str) -> None:
    clip = make_video(tmp_path / f"clip.{ext}", encoder, size=(96, 54), frames=24, fps=12)
    facts = video.probe(clip)
    assert facts is not None
    assert (facts.width, facts.height, facts.codec) == (96, 54, codec)
    assert facts.duration == pytest.approx(2.0, abs=0.1)
    assert facts.fps == pytest.approx(12.0)


@pytest.mark.parametrize(("ext", "encoder", "codec"), CODECS)
def test_poster_is_the_frame_near_one_second(
    tmp_path: Path, ext: str, encoder: str, codec: str
) -> None:
    # 10% of 2 s = 0.2 s: still a red frame; asked for 1.5 s, a blue one.
    clip = make_video(tmp_path / f"clip.{ext}", encoder, size=(96, 54), frames=24, fps=12)
    im = video.poster(clip)
    assert im is not None and im.size == (96, 54)
    assert close(centre(im), RED)
    later = video.poster(clip, at=1.5)
    assert later is not None and close(centre(later), BLUE)


def test_poster_past_the_end_falls_back_to_a_frame(tmp_path: Path) -> None:
    clip = make_video(tmp_path / "clip.mp4")
    im = video.poster(clip, at=60.0)
    assert im is not None and im.size == (64, 48)


def test_poster_decode_is_bounded(tmp_path: Path) -> None:
    # Frame i is grey 10 * i: the grey level tells which frame was returned.
    clip = tmp_path / "ramp.mp4"
    with av.open(str(clip), "w") as container:
        stream = container.add_stream(H264, rate=12)
        stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
        for i in range(24):
            grey = (10 * i,) * 3
            frame = av.VideoFrame.from_image(Image.new("RGB", (64, 48), grey))
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    full = video.poster(clip, at=1.9)
    assert full is not None and centre(full)[0] > 215  # frame 23 (1.92 s)
    bounded = video.poster(clip, at=1.9, max_frames=2)  # stops 2 frames after the keyframe
    assert bounded is not None and centre(bounded)[0] < 200


@pytest.mark.parametrize(
    "data", [b"", b"\x00\x00\x00\x18ftypmp42" + b"garbage" * 50, b"not a video at all"]
)
def test_unreadable_file_gives_none(tmp_path: Path, data: bytes) -> None:
    bad = tmp_path / "bad.mp4"
    bad.write_bytes(data)
    assert video.probe(bad) is None
    assert video.poster(bad) is None
    assert video.probe(tmp_path / "missing.mp4") is None


def test_thumbnailer_makes_a_real_video_thumbnail(tmp_path: Path) -> None:
    clip = make_video(tmp_path / "clip.mp4", size=(640, 360), frames=12)
    cache = Cache(tmp_path / "cache")
    thumbs = Thumbnailer(cache, ThumbSettings(size=160), workers=1)
    thumb = thumbs.get(ThumbJob("a" * 40, "clip.mp4", clip))
    assert not thumb.placeholder and thumb.warning is None and thumb.made
    assert (thumb.width, thumb.height) == (160, 90)
    assert (thumb.src_width, thumb.src_height) == (640, 360)
    assert thumb.codec in ("h264", "mpeg4") and thumb.duration == pytest.approx(1.0, abs=0.1)
    with Image.open(thumb.path) as im:
        assert im.size == (160, 90) and close(centre(im), RED)
    again = Thumbnailer(cache, ThumbSettings(size=160), workers=1).get(
        ThumbJob("a" * 40, "clip.mp4", clip)
    )
    assert not again.made and again.path == thumb.path
    assert (again.duration, again.codec) == (thumb.duration, thumb.codec)


def test_corrupt_video_gets_placeholder_and_warning(tmp_path: Path) -> None:
    bad = tmp_path / "bad.mp4"
    bad.write_bytes(b"\x00\x00\x00\x18ftypmp42" + b"garbage" * 50)
    thumb = Thumbnailer(Cache(tmp_path / "cache"), workers=1).get(ThumbJob("b" * 40, bad.name, bad))
    assert thumb.placeholder and thumb.made
    assert thumb.warning == "cannot read video (no decodable frame): replace it with a valid MP4"


def video_workspace(repo: GitRepo) -> Path:
    write_config(repo)
    repo.write("content/campaigns/spot/index.md", BRIEF)
    clip = make_video(repo.path / "assets/spot/spot.mp4", size=(320, 180), frames=24, fps=12)
    repo.commit("Spring spot, first cut", date="2027-01-05T09:00:00+01:00")
    return clip


def test_build_gives_video_thumbnail_poster_and_facts(git_repo: GitRepo) -> None:
    video_workspace(git_repo)
    config = run_build(git_repo.path)  # strict: a readable video raises no warning
    out = git_repo.path / "site"
    gallery = out / "campaigns/spot/index.html"
    thumbs = [t for t in local_targets(out, gallery) if "_proofroom/t/" in t.as_posix()]
    assert len(thumbs) == 1 and thumbs[0].is_file()
    assert 'data-placeholder="true"' not in gallery.read_text(encoding="utf-8")
    with Image.open(thumbs[0]) as im:
        assert im.size == (320, 180) and close(centre(im), RED)

    review = out / "campaigns/spot/review/spot/index.html"
    html = review.read_text(encoding="utf-8")
    tag = re.search(r"<video[^>]*>", html)
    assert tag is not None
    poster = re.search(r'poster="([^"]+)"', tag.group(0))
    src = re.search(r'src="([^"]+)"', tag.group(0))
    assert poster and src and 'preload="metadata"' in tag.group(0)
    assert (review.parent / poster.group(1)).resolve().is_file()
    assert (review.parent / src.group(1)).resolve().is_file()
    with Image.open(review.parent / poster.group(1)) as im:
        assert im.size == (320, 180) and close(centre(im), RED)
    assert 'width="320"' in tag.group(0) and 'height="180"' in tag.group(0)
    assert re.search(r"00:02 · (h264|mpeg4)", html)

    store = config.plugins["proofroom"].build.media
    assert store.made == 1 and store.failed == 0


def test_second_build_decodes_nothing(git_repo: GitRepo) -> None:
    video_workspace(git_repo)
    run_build(git_repo.path)
    cache = git_repo.path / ".cache/proofroom"
    files = sorted(p.relative_to(cache) for p in cache.rglob("*") if p.is_file())
    second = run_build(git_repo.path)
    store = second.plugins["proofroom"].build.media
    assert store.made == 0 and store.reused == 1
    assert sorted(p.relative_to(cache) for p in cache.rglob("*") if p.is_file()) == files
    html = (git_repo.path / "site/campaigns/spot/review/spot/index.html").read_text("utf-8")
    assert re.search(r"<video[^>]*poster=", html)
    assert re.search(r"00:02 · (h264|mpeg4)", html)  # facts come from the manifest


def test_corrupt_video_build_shows_placeholder_with_warning(
    git_repo: GitRepo, caplog: pytest.LogCaptureFixture
) -> None:
    write_config(git_repo)
    git_repo.write("content/campaigns/spot/index.md", BRIEF)
    git_repo.write("assets/spot/spot.mp4", b"\x00\x00\x00\x18ftypmp42" + b"garbage" * 50)
    git_repo.commit("A damaged spot", date="2027-01-05T09:00:00+01:00")
    config = run_build(git_repo.path, strict=False)
    assert "Traceback" not in caplog.text
    assert "assets/spot/spot.mp4: warning: cannot read video" in caplog.text
    store = config.plugins["proofroom"].build.media
    assert store.failed == 1
    out = git_repo.path / "site"
    html = (out / "campaigns/spot/review/spot/index.html").read_text(encoding="utf-8")
    assert "cannot read video" in html
    tag = re.search(r"<video[^>]*>", html)
    assert tag is not None and "poster=" not in tag.group(0)
    gallery = (out / "campaigns/spot/index.html").read_text(encoding="utf-8")
    assert re.search(r'<img[^>]*data-placeholder="true"', gallery)


def test_channel_checks_read_the_video_size_and_length(tmp_path: Path) -> None:
    """A 1 s, 320x180 clip for a TikTok slot (9:16, 5-60 s): both checks fail, by name."""
    from proofroom.core.media.specs import check_fit, file_facts, load_catalog

    clip = make_video(tmp_path / "teaser.mp4", size=(320, 180), frames=12, fps=12)
    facts = file_facts(clip)
    assert (facts.width, facts.height) == (320, 180)
    assert facts.duration == pytest.approx(1.0, abs=0.2)
    catalog, problems = load_catalog(None)
    assert not problems
    checks = {c.id: c for c in check_fit(catalog["tiktok-video"], facts)}
    assert checks["channel-size"].status == "fail"
    assert checks["duration"].status == "fail" and "5" in checks["duration"].message
