"""The private build: what sealing adds to the public build of the same workspace.

Every campaign of the generated workspace gets one whole-campaign share, and a few
single assets a share of their own, so each review page is in at least one bundle. The
``shares.yml`` files and a ``mkdocs.private.yml`` (the workspace's config with
``privacy: private``) are written next to the generated files, untracked, and removed
afterwards. The site secret is a fixed test value, set in the build's environment only.
"""

from __future__ import annotations

import base64
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.workspace import Generated

PRIVATE_BUDGET = 1.15  # private warm build / public warm build
SINGLE_SHARES = 5  # shares of one asset, spread over the campaigns
SHARED_AT = datetime(2026, 2, 23, 9, 0, tzinfo=UTC)  # before the generated history
PRIVATE_CONFIG = "mkdocs.private.yml"
_SUMMARY = re.compile(
    r"private site: (\d+) share\(s\), (\d+) page\(s\), (\d+) media file\(s\), "
    r"(\d+) sealed now, (\d+) reused"
)


def test_secret() -> str:
    """32 bytes from a seeded generator, base64url: the same on every run, never real."""
    raw = random.Random("proofroom benchmark site secret").randbytes(32)
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


@dataclass(frozen=True)
class SealLine:
    """The private build's own summary line."""

    shares: int
    pages: int
    media: int
    sealed: int
    reused: int

    @classmethod
    def read(cls, log: Path) -> SealLine | None:
        found = _SUMMARY.findall(log.read_text(encoding="utf-8", errors="replace"))
        return cls(*(int(x) for x in found[-1])) if found else None


@dataclass
class PrivateSetup:
    """The files written into the workspace for the private builds."""

    config: Path
    written: list[Path]
    folders: list[Path]  # folders made for them
    shares: int
    single: int

    def remove(self) -> None:
        for path in self.written:
            path.unlink(missing_ok=True)
        for folder in self.folders:
            if folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()


def _share_id(rng: random.Random) -> str:
    from proofroom.core.inputs.share_files import ID_ALPHABET, ID_LENGTH

    return "".join(rng.choice(ID_ALPHABET) for _ in range(ID_LENGTH))


def write_shares(gen: Generated) -> PrivateSetup:
    """One whole-campaign share per campaign, plus SINGLE_SHARES single-asset shares."""
    from proofroom.core.inputs.share_files import share_entry

    root = gen.root
    by_campaign: dict[str, list[str]] = {}
    for path in gen.assets:  # assets/<campaign>/<rel>
        _, campaign, rel = path.split("/", 2)
        by_campaign.setdefault(campaign, []).append(rel)
    campaigns = sorted(by_campaign)
    rng = random.Random(gen.params.seed)
    entries: dict[str, list[list[str]]] = {c: [] for c in campaigns}
    for n, campaign in enumerate(campaigns):
        whole = share_entry(
            _share_id(rng), to=f"client-{n + 1:02d}", assets=(), expires=None,
            can="decide", passphrase=None, by="marie", at=SHARED_AT,
        )  # fmt: skip
        entries[campaign].append(whole)
    step = max(1, len(campaigns) // SINGLE_SHARES)
    single = 0
    for k in range(SINGLE_SHARES):
        campaign = campaigns[(k * step) % len(campaigns)]
        rels = by_campaign[campaign]
        rel = rels[(k * 7) % len(rels)]
        one = share_entry(
            _share_id(rng), to=f"agency-{k + 1:02d}", assets=(rel,), expires=None,
            can="comment", passphrase=None, by="marie", at=SHARED_AT,
        )  # fmt: skip
        entries[campaign].append(one)
        single += 1
    written, folders = [], []
    for campaign, shares in entries.items():
        lines = ["shares:"] + [f"  {line}" for entry in shares for line in entry]
        target = root / "reviews" / campaign / "shares.yml"
        if not target.parent.is_dir():
            folders.append(target.parent)
            target.parent.mkdir(parents=True)
        target.write_text("\n".join(lines) + "\n", encoding="utf-8")
        written.append(target)
    config = root / PRIVATE_CONFIG
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    private = text.replace("  - proofroom\n", "  - proofroom:\n      privacy: private\n")
    if private == text:
        raise RuntimeError("the workspace's mkdocs.yml has no `- proofroom` line to extend")
    config.write_text(private, encoding="utf-8")
    written.append(config)
    return PrivateSetup(config, written, folders, len(campaigns) + single, single)


def summary_of(log: Path, say: Callable[[str], None]) -> SealLine:
    line = SealLine.read(log)
    if line is None:
        raise RuntimeError(f"no 'private site:' line in the private build's log ({log.name})")
    say(
        f"private: {line.shares} shares, {line.pages} pages, {line.media} media,"
        f" {line.sealed} sealed now, {line.reused} reused"
    )
    return line
