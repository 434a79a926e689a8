"""A print workspace: a three-page A4 flyer in two versions, made with Pillow, and a
decision with comments on each page."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

from helpers.gitrepo import GitRepo
from helpers.workspaces import set_site_url, write_config

RED, GREEN, BLUE, YELLOW = (200, 30, 30), (30, 200, 30), (30, 30, 200), (230, 200, 20)
A4 = (595, 842)
FLYER = "assets/print/flyer.pdf"
BRIEF = "---\ntitle: Print\ntimezone: Europe/Paris\n---\n# Print\n"
DECISION = """\
asset: assets/print/flyer.pdf
sha: {sha}
reviewer: alice
decision: changes_requested
summary: Deux corrections
comments:
  - text: Recadrer le visuel
    box: [0.10, 0.10, 0.30, 0.20]
  - text: Logo trop petit
    pin: [0.25, 0.5]
    page: 2
  - text: Coquille dans la mention légale
    page: 2
  - text: Titre trop bas
    pin: [0.5, 0.75]
    page: 3
"""


def pdf_bytes(*pages: Image.Image) -> bytes:
    out = io.BytesIO()
    pages[0].save(out, "PDF", save_all=True, append_images=list(pages[1:]), resolution=72)
    return out.getvalue()


def sheet(colour: tuple[int, int, int], block: tuple[int, int, int] | None = None) -> Image.Image:
    """An A4 page of one colour; ``block`` paints its lower right quarter."""
    im = Image.new("RGB", A4, colour)
    if block is not None:
        ImageDraw.Draw(im).rectangle((A4[0] // 2, A4[1] // 2, A4[0], A4[1]), fill=block)
    return im


def pdf_workspace(repo: GitRepo, site_url: str | None = None) -> GitRepo:
    """A 3-page flyer in two versions (v2 changes page 2 only) and a decision on v2 with
    comments on pages 1, 2 and 3."""
    write_config(repo)
    if site_url:
        set_site_url(repo, site_url)
    repo.write("content/campaigns/print/index.md", BRIEF)
    repo.write(FLYER, pdf_bytes(sheet(RED), sheet(GREEN), sheet(BLUE)))
    repo.commit("Flyer v1", date="2027-01-05T09:00:00+01:00")
    repo.write(FLYER, pdf_bytes(sheet(RED), sheet(GREEN, YELLOW), sheet(BLUE)))
    repo.commit("Flyer v2: new offer on page 2", date="2027-01-06T09:00:00+01:00")
    sha = repo.git("rev-parse", f"HEAD:{FLYER}")
    repo.write("reviews/print/flyer/20270107T0800Z-alice.yml", DECISION.format(sha=sha))
    repo.commit("Decision of alice", date="2027-01-07T09:00:00+01:00")
    return repo
