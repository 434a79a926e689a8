"""Relative URLs between pages: the fast path agrees with posixpath.relpath."""

from __future__ import annotations

import posixpath
import random

from proofroom.site.html import _relpath, rel_url


def test_relpath_agrees_with_posixpath_on_site_paths() -> None:
    segments = ["campaigns", "x", "review", "hero", "a b", "é", "index.md"]
    rng = random.Random(2027)
    for _ in range(5000):
        target = "/".join(rng.choice(segments) for _ in range(rng.randint(0, 5)))
        base = "/".join(rng.choice(segments) for _ in range(rng.randint(0, 5)))
        assert _relpath(target, base) == posixpath.relpath(target or ".", base or ".")


def test_paths_with_parent_segments_fall_back_to_posixpath() -> None:
    assert _relpath("a/../b", "c") == posixpath.relpath("a/../b", "c") == "../b"


def test_rel_url_from_the_dashboard_to_a_review_page() -> None:
    url = rel_url("timeliness/index.md", "campaigns/soldes/review/hero été/")
    assert url == "../campaigns/soldes/review/hero%20%C3%A9t%C3%A9/"
    assert rel_url("campaigns/soldes/index.md", "campaigns/soldes/") == "./"
