"""A private site made by hand, for the guest runtime's browser tests.

What the private build writes, without the build: the guest runtime
(``private/runtime.py``), a loader page and a sealed bundle per share, sealed media under
``s/m/`` (``core.sealing``), and the neutral ``index.html`` and ``404.html``. Shares:

- ``spring``: campaign spring, pages 0 and 1; page 0 shows a picture of a few MB, a video
  of several 1 MiB chunks and a download link to the video; page 1 a thumbnail;
- ``autumn``: another campaign, one page with its own picture;
- ``locked``: spring's pages behind a passphrase;
- ``expired``: spring's pages, ``expires_at`` in the past;
- ``gone``: a loader page whose bundle is missing (a revoked share's leftover);
- ``flipped``, ``truncated``: spring's pages in a bundle with one byte changed, or cut;
- ``french``: ``gone`` with the loader page of a French site.
"""

from __future__ import annotations

import html
import json
import random
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from helpers.clips import noise_clip
from proofroom.core import sealing
from proofroom.core.secret import link_key, share_key
from proofroom.private.runtime import loader_page, neutral_page, write_runtime

SECRET = b"guest-runtime-tests-secret-0123456789"
PASSPHRASE = "café crème"  # typed decomposed in a test: NFC makes it the same
CHUNK_SEALED = sealing.CHUNK + sealing.TAG


@dataclass(frozen=True)
class Medium:
    id: str
    key: bytes
    original: Path
    type: str
    sealed: Path

    @property
    def size(self) -> int:
        return self.original.stat().st_size


@dataclass(frozen=True)
class Share:
    id: str
    key: str  # the link's fragment

    def link(self) -> str:
        return f"s/{self.id}/#{self.key}"


@dataclass(frozen=True)
class SealedSite:
    root: Path
    shares: dict[str, Share]
    media: dict[str, Medium]


def _noise_picture(path: Path, size: tuple[int, int], seed: int) -> Path:
    rng = random.Random(seed)
    Image.frombytes("RGB", size, rng.randbytes(size[0] * size[1] * 3)).save(path, "PNG")
    return path


def _originals(folder: Path) -> dict[str, tuple[Path, str]]:
    folder.mkdir(parents=True, exist_ok=True)
    small = Image.new("RGB", (120, 80), (30, 160, 90))
    small.save(folder / "thumb.png", "PNG")
    Image.new("RGB", (300, 200), (200, 120, 30)).save(folder / "autumn.jpg", "JPEG")
    return {
        "picture": (_noise_picture(folder / "picture.png", (1100, 900), 3), "image/png"),
        "film": (noise_clip(folder / "film.webm", seconds=5), "video/webm"),
        "thumb": (folder / "thumb.png", "image/png"),
        "autumn": (folder / "autumn.jpg", "image/jpeg"),
    }


def _seal_media(root: Path, originals: dict[str, tuple[Path, str]]) -> dict[str, Medium]:
    media = {}
    for name, (path, kind) in originals.items():
        seal = sealing.media_seal(SECRET, f"_proofroom/o/{name}{path.suffix}")
        dest = root / "s" / "m" / seal.id
        dest.parent.mkdir(parents=True, exist_ok=True)
        sealing.seal_file(seal.key, path, dest)
        media[name] = Medium(seal.id, seal.key, path, kind, dest)
    return media


def _page(title: str, n: int, body: str, guest: dict) -> dict:
    data = json.dumps(guest).replace("<", "\\u003c")
    document = (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<title>{html.escape(title)}</title><link rel="icon" href="data:,"></head><body>'
        f'<main id="content" data-page="{n}"><h1>{html.escape(title)}</h1>{body}</main>'
        f'<script type="application/json" id="proofroom-guest">{data}</script>'
        '<script src="../../guest.js"></script></body></html>\n'
    )
    return {"title": title, "html": document}


def _pages(campaign: str, media: dict[str, Medium], guest: dict) -> list[dict]:
    def src(name: str) -> str:
        return f"../../m/{media[name].id}"

    if campaign == "autumn":
        return [_page("Autumn", 0, f'<img id="picture" src="{src("autumn")}" alt="">', guest)]
    first = (
        f'<img id="picture" src="{src("picture")}" alt="">'
        f'<video id="film" src="{src("film")}" preload="metadata" muted playsinline></video>'
        f'<a id="download" href="{src("film")}" download="film.webm">Download</a>'
        '<a id="next" href="../1/">Page 1</a>'
    )
    second = f'<img id="thumb" src="{src("thumb")}" alt=""><a id="back" href="../0/">Back</a>'
    return [_page("Spring", 0, first, guest), _page("Spring page 1", 1, second, guest)]


def bundle_of(share_id: str, campaign: str, media: dict[str, Medium], expires: str | None) -> dict:
    share = {"id": share_id, "to": "client", "can": "view", "campaign": campaign}
    share["expires_at"] = expires
    used = ("autumn",) if campaign == "autumn" else ("picture", "film", "thumb")
    keys = {
        media[name].id: {
            "key": link_key(media[name].key),
            "size": media[name].size,
            "type": media[name].type,
        }
        for name in used
    }
    guest = {"share": share_id, "to": "client", "can": "view", "campaign": campaign}
    guest |= {"sign_key": None, "expires_at": expires}
    return {
        "v": 1,
        "share": share,
        "sign_key": None,
        "lang": "en",
        "title": campaign.title(),
        "pages": _pages(campaign, media, guest),
        "media": keys,
    }


def _damage(data: bytes, how: str | None) -> bytes:
    if how == "flipped":
        at = len(data) // 2
        return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :]
    return data[: len(data) - 40] if how == "truncated" else data


def write_share(root: Path, share_id: str, content: dict | None, plan: Plan) -> Share:
    link = share_key(SECRET, share_id)
    folder = root / "s" / share_id
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.html").write_text(loader_page(plan.lang), encoding="utf-8")
    if content is not None:
        p = sealing.passphrase_key(plan.passphrase, share_id) if plan.passphrase else None
        key = sealing.bundle_key(link, share_id, p)
        sealed = sealing.seal_bundle(key, share_id, content, passphrase=p is not None)
        (folder / "bundle").write_bytes(_damage(sealed, plan.damage))
    return Share(share_id, link_key(link))


@dataclass(frozen=True)
class Plan:
    id: str
    campaign: str = "spring"
    expires_at: str | None = None
    passphrase: str | None = None
    bundle: bool = True
    damage: str | None = None
    lang: str = "en"


PLANS = {
    "spring": Plan("k3v9q2m7x4t8", expires_at="2099-12-31T22:59:59Z"),
    "autumn": Plan("a8f2c6e1r5n3", campaign="autumn"),
    "locked": Plan("p4s5w0r6d7q1", passphrase=PASSPHRASE),
    "expired": Plan("e9x1p2i3r4d5", expires_at="2020-01-01T00:00:00Z"),
    "gone": Plan("g0n3r3v0k3d9", bundle=False),
    "flipped": Plan("f1i2p3p4e5d6", damage="flipped"),
    "truncated": Plan("t7r8u9n0c1a2", damage="truncated"),
    "french": Plan("f8r9a0n1c2e3", bundle=False, lang="fr"),
}


def build_sealed_site(root: Path, work: Path) -> SealedSite:
    """Write the private site to ``root``; originals are made in ``work``."""
    root.mkdir(parents=True, exist_ok=True)
    media = _seal_media(root, _originals(work))
    shares = {}
    for name, plan in PLANS.items():
        content = bundle_of(plan.id, plan.campaign, media, plan.expires_at) if plan.bundle else None
        shares[name] = write_share(root, plan.id, content, plan)
    write_runtime(root, "en")
    for name in ("index.html", "404.html"):
        (root / name).write_text(neutral_page("en"), encoding="utf-8")
    return SealedSite(root, shares, media)
