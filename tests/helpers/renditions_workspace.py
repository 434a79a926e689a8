"""The renditions workspace: a brief whose deliverables derive from a hero master, a
channel catalog, and the master itself (a red square at its focus, near the top right)."""

from __future__ import annotations

from PIL import Image, ImageCms, ImageDraw

from helpers.gitrepo import GitRepo
from helpers.workspaces import write_config

BRIEF_PATH = "content/campaigns/soldes/index.md"
HERO = "assets/soldes/hero.jpg"
MASTER_SIZE = (1600, 1200)
SQUARE = (1490, 210, 1549, 269)  # the red square, 60 px, centred on (1520, 240)
ICC = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
BRIEF = """\
---
title: Soldes de printemps
deliverables:
  - id: hero
    asset: hero.jpg
    focus: [0.95, 0.2]
  - id: feed
    asset: social/feed.jpg
    channel: instagram-feed
    derived_from: hero
  - id: mrec
    asset: display/mrec.png
    channel: display-300x250
    derived_from: hero
  - id: email
    asset: email.jpg
    channel: email-hero
    derived_from: hero
    focus: [0.95, 0.3]
  - id: x
    asset: social/x.webp
    channel: x-image
    derived_from: hero
  - id: square
    asset: square.jpg
    channel: thumb-square
    derived_from: hero
  - id: small
    asset: display/small.jpg
    channel: display-728x90
    derived_from: email
---
Adapt the hero to every channel.
"""
CHANNELS = """\
channels:
  thumb-square:
    name: Square thumbnail
    kind: image
    formats: [jpg]
    sizes: [100x100]
"""


def master_image(
    size: tuple[int, int] = MASTER_SIZE,
    square: tuple[int, int, int, int] = SQUARE,
    mode: str = "RGB",
) -> Image.Image:
    """A light grey picture with the red square."""
    background = {"RGB": (235, 235, 235), "RGBA": (235, 235, 235, 255), "CMYK": (0, 0, 0, 20)}
    red = {"RGB": (255, 0, 0), "RGBA": (255, 0, 0, 255), "CMYK": (0, 255, 255, 0)}
    im = Image.new(mode, size, background[mode])
    ImageDraw.Draw(im).rectangle(square, fill=red[mode])
    return im


def write_master_workspace(repo: GitRepo, brief: str = BRIEF) -> GitRepo:
    """The configuration, ``brief``, the channel catalog and the hero master, uncommitted."""
    write_config(repo)
    repo.write(BRIEF_PATH, brief)
    repo.write("channels.yml", CHANNELS)
    (repo.path / "assets/soldes").mkdir(parents=True)
    master_image().save(repo.path / HERO, quality=95, icc_profile=ICC)
    return repo
