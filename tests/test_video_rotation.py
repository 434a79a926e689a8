"""Phone videos: portrait clips stored as landscape frames plus a rotation.

The rotation is written by PyAV as the container's display matrix (what phones write;
FFmpeg's muxers no longer read the older ``rotate`` tag). Facts give the size as shown,
posters come out upright, and channel checks and pages see the upright size."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.clips import blue_corner, quadrant_clip
from helpers.gitrepo import GitRepo
from helpers.html import parse
from helpers.sites import run_build
from helpers.workspaces import write_config
from PIL import Image

from proofroom.core.media import video
from proofroom.core.media.cache import Cache
from proofroom.core.media.pixels import ThumbJob, ThumbSettings
from proofroom.core.media.specs import check_fit, file_facts, load_catalog
from proofroom.core.media.thumbs import Thumbnailer

av = pytest.importorskip("av")


def stored_rotation(path: Path) -> int:
    """What PyAV reads back from the file (counter-clockwise degrees): the write worked."""
    with av.open(str(path)) as container:
        for frame in container.decode(video=0):
            return frame.rotation
    raise AssertionError("no frame")


# (PyAV's degrees when writing, clockwise turn to show, where the blue quadrant lands)
TURNS = [
    pytest.param(None, 0, "top-left", id="none"),
    pytest.param(-90, 90, "top-right", id="phone-portrait"),
    pytest.param(180, 180, "bottom-right", id="upside-down"),
    pytest.param(90, 270, "bottom-left", id="portrait-other-way"),
]


@pytest.mark.parametrize(("written", "clockwise", "corner"), TURNS)
def test_rotation_gives_upright_facts_and_poster(
    tmp_path: Path, written: float | None, clockwise: int, corner: str
) -> None:
    clip = quadrant_clip(tmp_path / "clip.mp4", (96, 54), written)
    # PyAV wrote it: it reads back in [-180, 180), counter-clockwise.
    assert stored_rotation(clip) == (0 if written is None else (written + 180) % 360 - 180)
    facts = video.probe(clip)
    assert facts is not None and facts.rotation == clockwise
    upright = (54, 96) if clockwise in (90, 270) else (96, 54)
    assert (facts.width, facts.height) == upright
    poster = video.poster(clip)
    assert poster is not None and poster.size == upright
    assert blue_corner(poster) == corner


def test_a_mov_from_a_phone_is_turned_too(tmp_path: Path) -> None:
    clip = quadrant_clip(tmp_path / "IMG_0042.MOV", (96, 54), -90)
    facts = video.probe(clip)
    assert facts is not None and (facts.width, facts.height, facts.rotation) == (54, 96, 90)
    poster = video.poster(clip, at=0.2)  # after a seek the frame still carries the matrix
    assert poster is not None and blue_corner(poster) == "top-right"


def test_thumbnail_of_a_rotated_clip_is_upright(tmp_path: Path) -> None:
    clip = quadrant_clip(tmp_path / "story.mp4", (320, 180), -90)
    thumb = Thumbnailer(Cache(tmp_path / "cache"), ThumbSettings(size=160), workers=1).get(
        ThumbJob("c" * 40, "story.mp4", clip)
    )
    assert not thumb.placeholder and thumb.warning is None
    assert (thumb.src_width, thumb.src_height) == (180, 320)
    assert (thumb.width, thumb.height) == (90, 160)
    with Image.open(thumb.path) as im:
        assert im.size == (90, 160) and blue_corner(im) == "top-right"


def test_channel_checks_see_the_upright_size(tmp_path: Path) -> None:
    """A TikTok slot wants 9:16 at least 720 wide: a portrait phone clip stored as
    1280x720 with a quarter turn fits; the same frames without the turn do not."""
    catalog, problems = load_catalog(None)
    assert not problems
    spec = catalog["tiktok-video"]
    portrait = file_facts(quadrant_clip(tmp_path / "portrait.mp4", (1280, 720), -90, frames=2))
    assert (portrait.width, portrait.height) == (720, 1280)
    size = {c.id: c for c in check_fit(spec, portrait)}["channel-size"]
    assert size.status == "pass", size.message
    landscape = file_facts(quadrant_clip(tmp_path / "landscape.mp4", (1280, 720), None, frames=2))
    assert (landscape.width, landscape.height) == (1280, 720)
    assert {c.id: c for c in check_fit(spec, landscape)}["channel-size"].status == "fail"


def test_review_page_shows_the_rotated_clip_upright(git_repo: GitRepo) -> None:
    write_config(git_repo)
    git_repo.write(
        "content/campaigns/story/index.md",
        "---\ntitle: Story\ndeliverables:\n  - id: story\n    asset: story.mp4\n---\n# Story\n",
    )
    quadrant_clip(git_repo.path / "assets/story/story.mp4", (320, 180), -90)
    git_repo.commit("Story, shot on a phone", date="2027-01-05T09:00:00+01:00")
    run_build(git_repo.path)
    page = git_repo.path / "site/campaigns/story/review/story/index.html"
    tree = parse(page.read_text(encoding="utf-8"))
    viewer = next(n for n in tree.iter() if n.attrs.get("data-proofroom") == "viewer")
    player = viewer.find("video")
    assert (player.attrs["width"], player.attrs["height"]) == ("180", "320")
    assert "180 × 320 px" in viewer.find("figcaption").text
    with Image.open(page.parent / (player.attrs["poster"] or "")) as im:
        assert im.size == (180, 320) and blue_corner(im) == "top-right"
