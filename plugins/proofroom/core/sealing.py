"""Sealed files of a private site: media in 1 MiB chunks, and a share's bundle.

AES-256-GCM from the ``cryptography`` library; the browser opens the same formats with
WebCrypto. The formats are described on the architecture page ("Private sites and guest
links"); a change here is a change of the page's runtime too, and of that page.
"""

from __future__ import annotations

import gzip
import hashlib
import hmac
import json
import os
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

from .atomic import temp_path
from .problems import ProofroomError
from .secret import derive

CHUNK = 1 << 20  # plaintext bytes per sealed chunk
TAG = 16  # bytes GCM adds to each chunk
ITERATIONS = 600_000  # PBKDF2-SHA256 for a passphrase
MAGIC = b"PRS1"
_MEDIA_AAD = b"proofroom/v1/media"
_PASSPHRASE_SALT = b"proofroom/v1/passphrase/"
_BUNDLE_INFO = b"proofroom/v1/bundle/"


class SealError(ProofroomError):
    """A sealed file that does not open: wrong key, truncated, changed."""


# -- keys --------------------------------------------------------------------------


@dataclass(frozen=True)
class MediaSeal:
    """Where one content goes on a private site, and its key."""

    id: str  # 32 hex characters: the file name under s/m/
    key: bytes


def media_seal(secret: bytes, uri: str) -> MediaSeal:
    """The id and key of the content published at ``uri`` (a content-named site path)."""
    return MediaSeal(derive(secret, "media-id", uri)[:16].hex(), derive(secret, "media", uri))


def passphrase_key(passphrase: str, share_id: str, iterations: int = ITERATIONS) -> bytes:
    """``P``: what a passphrase adds to a link's key (PBKDF2-HMAC-SHA256)."""
    kdf = PBKDF2HMAC(
        algorithm=hashes.SHA256(),
        length=32,
        salt=_PASSPHRASE_SALT + share_id.encode("utf-8"),
        iterations=iterations,
    )
    return kdf.derive(unicodedata.normalize("NFC", passphrase).encode("utf-8"))


def bundle_key(link: bytes, share_id: str, passphrase: bytes | None = None) -> bytes:
    """``B``: the key of a share's bundle, from its link key and, if any, ``P``."""
    ikm = link + (passphrase or b"")
    info = _BUNDLE_INFO + share_id.encode("utf-8")
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(ikm)


def store_passphrase(secret: bytes, share_id: str, p: bytes) -> bytes:
    """``P`` sealed for shares.yml: only a holder of the secret reads it back."""
    key = derive(secret, "passphrase", share_id)
    nonce = os.urandom(12)
    return nonce + AESGCM(key).encrypt(nonce, p, share_id.encode("utf-8"))


def read_passphrase(secret: bytes, share_id: str, sealed: bytes) -> bytes:
    """``P`` from shares.yml; :class:`SealError` with another secret or a changed value."""
    key = derive(secret, "passphrase", share_id)
    try:
        return AESGCM(key).decrypt(sealed[:12], sealed[12:], share_id.encode("utf-8"))
    except (InvalidTag, ValueError):
        raise SealError("the passphrase key does not open with this secret") from None


# -- media -------------------------------------------------------------------------


def _chunk_aad(index: int, last: bool) -> bytes:
    return _MEDIA_AAD + index.to_bytes(4, "big") + (b"\x01" if last else b"\x00")


def _nonce(index: int) -> bytes:
    return index.to_bytes(12, "big")


def sealed_size(size: int) -> int:
    """Bytes of the sealed form of ``size`` plaintext bytes."""
    chunks = max(1, -(-size // CHUNK))
    return size + chunks * TAG


def seal_chunks(key: bytes, source: BinaryIO, size: int) -> Iterator[bytes]:
    """The sealed chunks of ``size`` bytes read from ``source``, one at a time."""
    aead = AESGCM(key)
    count = max(1, -(-size // CHUNK))
    for index in range(count):
        chunk = source.read(CHUNK) if size else b""
        last = index == count - 1
        yield aead.encrypt(_nonce(index), chunk, _chunk_aad(index, last))


def seal_file(key: bytes, src: Path, dest: Path) -> None:
    """Seal ``src`` into ``dest`` atomically, holding one chunk at a time."""
    size = src.stat().st_size
    tmp = temp_path(dest)
    try:
        with src.open("rb") as fin, tmp.open("wb") as fout:
            for sealed in seal_chunks(key, fin, size):
                fout.write(sealed)
        os.replace(tmp, dest)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def open_chunks(key: bytes, data: BinaryIO, size: int) -> Iterator[bytes]:
    """The plaintext chunks of a sealed file of ``size`` plaintext bytes."""
    aead = AESGCM(key)
    count = max(1, -(-size // CHUNK))
    for index in range(count):
        want = min(CHUNK, size - index * CHUNK) + TAG if size else TAG
        sealed = data.read(want)
        try:
            yield aead.decrypt(_nonce(index), sealed, _chunk_aad(index, index == count - 1))
        except (InvalidTag, ValueError):
            raise SealError(f"media chunk {index} does not open") from None
    if data.read(1):
        raise SealError("sealed media is longer than its size")


# -- bundles -----------------------------------------------------------------------


def _header(passphrase: bool, iterations: int) -> bytes:
    return MAGIC + bytes([1 if passphrase else 0]) + iterations.to_bytes(4, "big")


def seal_bundle(key: bytes, share_id: str, content: dict, *, passphrase: bool) -> bytes:
    """A share's bundle: header, then the gzipped JSON sealed with ``B``.

    The nonce is a keyed hash of the plaintext, so an unchanged bundle is the same bytes
    on every build and two different bundles never share a nonce under one key.
    """
    plain = gzip.compress(
        json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8"),
        compresslevel=3,  # three times as fast as 6, a sixth bigger
        mtime=0,
    )
    header = _header(passphrase, ITERATIONS if passphrase else 0)
    nonce = hmac.new(key, header + plain, hashlib.sha256).digest()[:12]
    return header + nonce + AESGCM(key).encrypt(nonce, plain, header + share_id.encode())


@dataclass(frozen=True)
class BundleHeader:
    passphrase: bool
    iterations: int


def bundle_header(data: bytes) -> BundleHeader:
    """What a bundle's clear header says; :class:`SealError` when it is not a bundle."""
    if len(data) < 9 + 12 + TAG or data[:4] != MAGIC:
        raise SealError("not a Proofroom bundle")
    return BundleHeader(bool(data[4] & 1), int.from_bytes(data[5:9], "big"))


def open_bundle(key: bytes, share_id: str, data: bytes) -> dict:
    """The JSON of a bundle; :class:`SealError` with a wrong key or changed bytes."""
    bundle_header(data)
    try:
        plain = AESGCM(key).decrypt(data[9:21], data[21:], data[:9] + share_id.encode())
    except (InvalidTag, ValueError):
        raise SealError("the bundle does not open with this key") from None
    return json.loads(gzip.decompress(plain))
