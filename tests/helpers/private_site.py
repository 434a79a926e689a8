"""A workspace of two campaigns with review links, built private: what a leak test scans
and what the guest tests open."""

from __future__ import annotations

import base64
import gzip
import io
from pathlib import Path

from PIL import Image

from helpers.cli import invoke
from helpers.clips import encode, encoder
from helpers.gitrepo import GitRepo, blob
from helpers.pdf_workspace import pdf_bytes, sheet
from helpers.workspaces import campaign_workspace

SECRET = base64.urlsafe_b64encode(bytes(range(7, 39))).rstrip(b"=").decode()
ENV = {"PROOFROOM_SECRET": SECRET}
SHARED_AT = "2027-02-01T10:00:00Z"
BUILT_AT = 1801990800  # 2027-02-07T00:00:00Z: the expiring share is still active
AFTER_EXPIRY = 1803200400  # 2027-02-21T00:00:00Z

NOEL_BRIEF = """\
---
title: Coffret Noël confidentiel
owner: sebastien
timezone: Europe/Paris
stages:
  - name: brand
    approvers: [carol]
deliverables:
  - id: coffret
    asset: coffret-or.jpg
    due: 2027-02-20
---
# Lancement du coffret doré

Un lancement tenu secret jusqu'au 1er décembre: personne hors de l'équipe.
"""

EXIF_TEXT = "Prototype du coffret, ne pas diffuser"
# What no byte of a private site may hold: titles, brief text, names, messages, EXIF.
SECRETS = (
    "Soldes de printemps",
    "store visits",
    "hero.jpg",
    "banner.png",
    "teaser.mp4",
    "greener grade",
    "Léa Martin",
    "lea@example.com",
    "Coffret Noël",
    "coffret-or",
    "notice.pdf",
    "imprimeur",
    "tenu secret",
    "sebastien",
    "client-acme",
    "agence-nord",
    "equipe-studio",
    "Le logo doit",
    EXIF_TEXT,
)


def _exif_jpeg(path: Path, color: tuple[int, int, int]) -> None:
    image = Image.new("RGB", (160, 100), color)
    exif = Image.Exif()
    exif[0x010E] = EXIF_TEXT  # ImageDescription
    exif[0x013B] = "Sebastien Morel"  # Artist
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "JPEG", exif=exif.tobytes(), quality=90)


def _private(repo: GitRepo) -> None:
    config = repo.path / "mkdocs.yml"
    text = config.read_text("utf-8").replace(
        "  - proofroom\n", "  - proofroom:\n      privacy: private\n"
    )
    config.write_text("site_url: http://127.0.0.1/\n" + text, "utf-8")


def private_workspace(repo: GitRepo) -> dict[str, str]:
    """Campaigns ``soldes`` and ``noel``, private, with five links; returns share ids
    by name: ``client`` (soldes, whole, decide), ``agency`` (noel, one file, comment),
    ``short`` (soldes, view, expires 2027-02-15), ``pdf`` (noel's two-page PDF, view),
    ``team`` (a team link: every campaign, decide)."""
    campaign_workspace(repo)
    repo.write("content/campaigns/noel/index.md", NOEL_BRIEF)
    _exif_jpeg(repo.path / "assets/noel/coffret-or.jpg", (180, 140, 40))
    repo.image("assets/noel/etiquette.png", color=(20, 90, 60), size=(80, 80), fmt="PNG")
    repo.write("assets/noel/notice.pdf", pdf_bytes(sheet((240, 240, 230)), sheet((30, 60, 90))))
    colours = [(200, 30, 30), (30, 200, 30), (30, 30, 200)] * 8
    encode(repo.path / "assets/soldes/teaser.mp4", colours, size=(96, 64), codec=encoder())
    repo.commit("Coffret: première maquette", date="2027-01-15T09:00:00+01:00")
    sha = blob(repo, "assets/noel/coffret-or.jpg")[:12]
    repo.write(
        "reviews/noel/coffret-or/20270116T1000Z-carol.yml",
        f"asset: assets/noel/coffret-or.jpg\nsha: {sha}\nreviewer: carol\n"
        "decision: changes_requested\nsummary: Le logo doit être plus grand.\n",
    )
    _private(repo)
    repo.commit("Carol's review; private site", date="2027-01-21T09:00:00+01:00")
    ids = {
        "client": _share(repo, "soldes", "--to", "client-acme", "--can", "decide"),
        "agency": _share(
            repo, "noel", "--to", "agence-nord", "--asset", "coffret-or.jpg", "--can", "comment"
        ),
        "short": _share(repo, "soldes", "--to", "stagiaire", "--expires", "2027-02-15"),
        "pdf": _share(repo, "noel", "--to", "imprimeur", "--asset", "notice.pdf"),
        "team": _share(repo, "--all", "--to", "equipe-studio", "--can", "decide"),
    }
    repo.commit("Review links", date="2027-02-01T11:00:00+01:00")
    return ids


def _share(repo: GitRepo, *args: str) -> str:
    """``proofroom share ARGS`` (a campaign, or --all); the new share's id."""
    result = invoke(
        "-C",
        str(repo.path),
        "share",
        *args,
        "--by",
        "marie",
        "--now",
        SHARED_AT,
        env=ENV,
    )
    assert result.exit_code == 0, result.output
    return result.stdout.strip().splitlines()[-1].split("/s/")[1].split("/")[0]


def every_byte(site: Path) -> dict[str, bytes]:
    """Each file of the site as it is and, for gzip files, as it unpacks."""
    out = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        data = path.read_bytes()
        rel = path.relative_to(site).as_posix()
        out[rel] = data
        if data[:2] == b"\x1f\x8b":
            out[rel + " (unpacked)"] = gzip.GzipFile(fileobj=io.BytesIO(data)).read()
    return out
