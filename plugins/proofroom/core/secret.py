"""The site secret and the keys derived from it, for guests' review links.

``PROOFROOM_SECRET`` lives in the environment only (a shell, a CI secret): it is never
written to git, the site, the cache or a log, and no message prints it. Each share's key
is derived from it with HKDF-SHA256 (the ``cryptography`` library, not code of our own),
so a link can be printed again from the secret and the share id, and one leaked link
tells nothing of another.
"""

from __future__ import annotations

import base64
import binascii
import secrets
from collections.abc import Mapping

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from .problems import ProofroomError

ENV_NAME = "PROOFROOM_SECRET"
# Secrets of before a rotation, separated by spaces or commas: they still verify guests'
# signatures on decisions that landed under them, and do nothing else (no link, no key).
PREVIOUS_ENV_NAME = "PROOFROOM_PREVIOUS_SECRETS"
MIN_BYTES = 32
KEY_BYTES = 32
_LABEL = b"proofroom/v1/"  # a new version of the derivation gets a new label
_HOW = (
    f"run `proofroom secret`, then `export {ENV_NAME}=<the secret>` "
    "(or add it as a GitHub Actions secret)"
)


def new_secret() -> str:
    """A fresh secret: 32 random bytes, base64url (43 characters)."""
    return secrets.token_urlsafe(32)


def _decoded(text: str) -> bytes:
    """The secret's bytes: base64url when it reads as such, else its UTF-8 text."""
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        return text.encode("utf-8")


def site_secret(environ: Mapping[str, str]) -> bytes:
    """The site secret from ``environ``; exit 2 (without showing it) when absent or short."""
    text = environ.get(ENV_NAME, "").strip()
    if not text:
        raise ProofroomError(f"{ENV_NAME} is not set; {_HOW}")
    raw = _decoded(text) if _is_base64url(text) else text.encode("utf-8")
    if len(raw) < MIN_BYTES:
        raise ProofroomError(
            f"{ENV_NAME} is too short ({len(raw)} bytes, at least {MIN_BYTES} needed); {_HOW}"
        )
    return raw


def previous_secrets(environ: Mapping[str, str]) -> list[bytes]:
    """The secrets of before a rotation (``PROOFROOM_PREVIOUS_SECRETS``); each must be
    as long as a secret, else the whole variable is refused (exit 2, nothing shown)."""
    out = []
    for i, text in enumerate(environ.get(PREVIOUS_ENV_NAME, "").replace(",", " ").split()):
        raw = _decoded(text) if _is_base64url(text) else text.encode("utf-8")
        if len(raw) < MIN_BYTES:
            raise ProofroomError(
                f"{PREVIOUS_ENV_NAME}: secret {i + 1} is too short ({len(raw)} bytes); "
                "list the old secrets exactly as they were, separated by spaces"
            )
        out.append(raw)
    return out


def _is_base64url(text: str) -> bool:
    alphabet = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    return bool(text) and set(text.rstrip("=")) <= alphabet and len(text.rstrip("=")) % 4 != 1


def derive(secret: bytes, purpose: str, *parts: str) -> bytes:
    """32 bytes for ``purpose`` and ``parts``; each part is length-prefixed so that
    ("ab", "c") and ("a", "bc") never share a key."""
    info = _LABEL + purpose.encode("utf-8")
    for part in parts:
        data = part.encode("utf-8")
        info += b"\x00" + len(data).to_bytes(4, "big") + data
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=info).derive(secret)


def share_key(secret: bytes, share_id: str) -> bytes:
    """The key of one share: what its link carries after ``#``."""
    return derive(secret, "share", share_id)


def decision_key(secret: bytes, share_id: str) -> bytes:
    """The key that signs a guest's decisions through one share (sent in its bundle
    only when the share may comment or decide)."""
    return derive(secret, "decision", share_id)


def link_key(key: bytes) -> str:
    """A key as it goes in a link's fragment: base64url without padding."""
    return base64.urlsafe_b64encode(key).rstrip(b"=").decode("ascii")
