"""Signatures of guests' decisions: the canonical form of a decision and its HMAC.

A guest's review page signs the decision it writes with the share's decision key
(``derive(secret, "decision", share id)``, see :mod:`..secret`), and ``proofroom import``
and ``validate`` check it. The browser (``site/static/decide-sign.js``) and this module
must produce the same bytes for the same decision; the architecture page ("The canonical
form of a decision") defines them:

- every key but the top-level ``signature``; empty values (None, "", [], {}) left out;
- JSON with keys sorted at every level (as JavaScript sorts strings: by UTF-16 code
  units), ``,`` and ``:`` separators, strings escaped as ``JSON.stringify`` escapes them;
- numbers as JavaScript's ``Number.prototype.toString`` prints them (``1`` not ``1.0``,
  ``1e-7``, ``1e+21``, ``0.000001``), true and false; UTF-8.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import math
import re
from collections.abc import Mapping
from decimal import Decimal

SIGNATURE_PATTERN = r"^[A-Za-z0-9_-]{43}$"
_SIGNATURE = re.compile(SIGNATURE_PATTERN)
_SURROGATE = re.compile("[\ud800-\udfff]")
_EXACT = 2**53  # integers beyond this are doubles to JavaScript


def _empty(value: object) -> bool:
    return value is None or (isinstance(value, str | list | tuple | dict) and len(value) == 0)


def _clean(value: object) -> object:
    """Mappings without their empty values, at every level (list items are kept)."""
    if isinstance(value, Mapping):
        out = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"keys must be text, not {key!r}")
            item = _clean(item)
            if not _empty(item):
                out[key] = item
        return out
    if isinstance(value, list | tuple):
        return [_clean(item) for item in value]
    return value


def js_number(value: int | float) -> str:
    """``value`` as JavaScript's ``String(number)`` prints it (finite numbers only)."""
    if isinstance(value, int) and abs(value) < _EXACT:
        return str(value)
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{value!r} has no canonical form: numbers must be finite")
    if value == 0:
        return "0"  # -0 too
    sign = "-" if value < 0 else ""
    digits_tuple, exponent = Decimal(repr(abs(value))).as_tuple()[1:]
    digits = "".join(map(str, digits_tuple))
    stripped = digits.rstrip("0")
    exponent = int(exponent) + len(digits) - len(stripped)
    digits = stripped
    k = len(digits)
    n = exponent + k  # value = 0.digits x 10^n
    if k <= n <= 21:
        return sign + digits + "0" * (n - k)
    if 0 < n <= 21:
        return sign + digits[:n] + "." + digits[n:]
    if -6 < n <= 0:
        return sign + "0." + "0" * -n + digits
    e = n - 1
    mantissa = digits if k == 1 else digits[0] + "." + digits[1:]
    return f"{sign}{mantissa}e{'+' if e >= 0 else '-'}{abs(e)}"


def _js_string(text: str) -> str:
    """As ``JSON.stringify`` escapes it: no ASCII escaping, lone surrogates as ``\\udxxx``."""
    quoted = json.dumps(text, ensure_ascii=False)
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


def _utf16(key: str) -> bytes:
    return key.encode("utf-16-be", "surrogatepass")


def _encode(value: object) -> str:
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, int | float):
        return js_number(value)
    if isinstance(value, str):
        return _js_string(value)
    if isinstance(value, list):
        return "[" + ",".join(_encode(item) for item in value) + "]"
    if isinstance(value, dict):
        keys = sorted(value, key=_utf16)
        return "{" + ",".join(f"{_js_string(k)}:{_encode(value[k])}" for k in keys) + "}"
    raise TypeError(f"{type(value).__name__} has no canonical form")


def canonical(decision: Mapping) -> bytes:
    """The bytes a guest's signature covers: ``decision`` without ``signature``."""
    data = {k: v for k, v in decision.items() if k != "signature"}
    return _encode(_clean(data)).encode("utf-8", "surrogatepass")


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def sign(key: bytes, decision: Mapping) -> str:
    """HMAC-SHA256 of the canonical form under ``key``, base64url without padding."""
    return _b64url(hmac.new(key, canonical(decision), hashlib.sha256).digest())


def well_formed(signature: object) -> bool:
    """Whether ``signature`` reads as one: 43 base64url characters (32 bytes)."""
    if not isinstance(signature, str) or not _SIGNATURE.match(signature):
        return False
    try:
        raw = base64.urlsafe_b64decode(signature + "=")
    except (binascii.Error, ValueError):
        return False
    return _b64url(raw) == signature  # the last character carries no stray bits


def verify_canonical(key: bytes, data: bytes, signature: object) -> bool:
    """Whether ``signature`` signs the canonical bytes ``data`` under ``key``."""
    if not well_formed(signature):
        return False
    digest = hmac.new(key, data, hashlib.sha256).digest()
    return hmac.compare_digest(_b64url(digest), str(signature))


def verify(key: bytes, decision: Mapping, signature: str | None = None) -> bool:
    """Whether ``signature`` (default: the decision's own) signs ``decision`` under ``key``."""
    given = decision.get("signature") if signature is None else signature
    return verify_canonical(key, canonical(decision), given)
