"""The sealed formats of a private site, opened back with the same library."""

from __future__ import annotations

import io
import os

import pytest

from proofroom.core import sealing
from proofroom.core.sealing import CHUNK, TAG, SealError


@pytest.mark.parametrize("size", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 5])
def test_media_round_trip_at_chunk_edges(tmp_path, size):
    data = os.urandom(size)
    src, dest = tmp_path / "in", tmp_path / "out"
    src.write_bytes(data)
    key = sealing.media_seal(b"s" * 32, "_proofroom/o/abc.jpg").key
    sealing.seal_file(key, src, dest)
    sealed = dest.read_bytes()
    assert len(sealed) == sealing.sealed_size(size)
    assert size < 16 or data[:64] not in sealed  # a byte or two may turn up by chance
    assert b"".join(sealing.open_chunks(key, io.BytesIO(sealed), size)) == data


def test_a_truncated_reordered_or_foreign_media_file_does_not_open(tmp_path):
    data = os.urandom(2 * CHUNK + 10)
    src, dest = tmp_path / "in", tmp_path / "out"
    src.write_bytes(data)
    key = sealing.media_seal(b"s" * 32, "a").key
    sealing.seal_file(key, src, dest)
    sealed = dest.read_bytes()
    one = CHUNK + TAG
    cases = {
        "truncated": sealed[: 2 * one],
        "swapped": sealed[one : 2 * one] + sealed[:one] + sealed[2 * one :],
        "flipped": sealed[:5] + bytes([sealed[5] ^ 1]) + sealed[6:],
        "longer": sealed + b"x",
    }
    for name, bad in cases.items():
        with pytest.raises(SealError):
            b"".join(sealing.open_chunks(key, io.BytesIO(bad), len(data)))
        assert name
    other = sealing.media_seal(b"t" * 32, "a").key
    with pytest.raises(SealError):
        b"".join(sealing.open_chunks(other, io.BytesIO(sealed), len(data)))


def test_media_ids_depend_on_secret_and_content_and_name_nothing():
    a = sealing.media_seal(b"s" * 32, "_proofroom/o/abc.jpg")
    assert a == sealing.media_seal(b"s" * 32, "_proofroom/o/abc.jpg")
    assert a.id != sealing.media_seal(b"t" * 32, "_proofroom/o/abc.jpg").id
    assert a.id != sealing.media_seal(b"s" * 32, "_proofroom/o/abd.jpg").id
    assert len(a.id) == 32 and set(a.id) <= set("0123456789abcdef")


def test_bundle_round_trip_is_deterministic_and_bound_to_its_share():
    key = sealing.bundle_key(b"L" * 32, "k3v9q2m7x4t8")
    content = {"v": 1, "title": "Soldes d'été — «héros»"}
    sealed = sealing.seal_bundle(key, "k3v9q2m7x4t8", content, passphrase=False)
    assert sealed == sealing.seal_bundle(key, "k3v9q2m7x4t8", content, passphrase=False)
    assert sealed.startswith(b"PRS1\x00")
    assert b"Soldes" not in sealed
    assert sealing.open_bundle(key, "k3v9q2m7x4t8", sealed) == content
    with pytest.raises(SealError):
        sealing.open_bundle(key, "other0000000", sealed)
    with pytest.raises(SealError):
        sealing.open_bundle(sealing.bundle_key(b"M" * 32, "k3v9q2m7x4t8"), "k3v9q2m7x4t8", sealed)
    with pytest.raises(SealError):
        sealing.open_bundle(key, "k3v9q2m7x4t8", sealed[:-1])
    with pytest.raises(SealError):
        sealing.bundle_header(b"%PDF-1.7" + sealed)


def test_a_passphrase_changes_the_bundle_key_and_is_stored_sealed():
    p = sealing.passphrase_key("café crème", "k3v9q2m7x4t8", iterations=1000)
    # NFC: the same words typed with a combining accent give the same key
    assert p == sealing.passphrase_key("cafe\u0301 cre\u0300me", "k3v9q2m7x4t8", iterations=1000)
    plain = sealing.bundle_key(b"L" * 32, "k3v9q2m7x4t8")
    assert sealing.bundle_key(b"L" * 32, "k3v9q2m7x4t8", p) != plain
    stored = sealing.store_passphrase(b"s" * 32, "k3v9q2m7x4t8", p)
    assert p not in stored
    assert sealing.read_passphrase(b"s" * 32, "k3v9q2m7x4t8", stored) == p
    with pytest.raises(SealError):
        sealing.read_passphrase(b"t" * 32, "k3v9q2m7x4t8", stored)
    header = sealing.bundle_header(
        sealing.seal_bundle(plain, "k3v9q2m7x4t8", {"v": 1}, passphrase=True)
    )
    assert header == sealing.BundleHeader(True, sealing.ITERATIONS)
