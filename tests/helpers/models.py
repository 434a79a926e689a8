"""Model objects made by hand for the site layer: a campaign "soldes" whose versions land
on given dates, as the core would have read them from git."""

from __future__ import annotations

from datetime import UTC, date, datetime

from helpers.html import HOSTILE, HOSTILE_TEXT
from proofroom.core.model import (
    Asset,
    AssetHistory,
    Brief,
    Campaign,
    Commit,
    Deliverable,
    DeliverableSpec,
    Person,
    Version,
)
from proofroom.site import MediaRef

NOW = datetime(2027, 2, 12, 12, 0, tzinfo=UTC)
REPO = "https://github.com/acme/brand"


def person(name: str = "Léa Martin") -> Person:
    return Person(name, "lea@example.org")


def commit(tag: str, when: datetime, message: str = "Update", author: str = "Léa Martin") -> Commit:
    sha = (tag * 40)[:40]
    return Commit(sha, (), person(author), when, person(author), when, message)


def version(n: int, rel_path: str, when: datetime | None, **kw) -> Version:
    c = kw.pop("commit", None) or (commit(str(n), when) if when else None)
    made = kw.pop("made", c)
    return Version(
        number=n,
        path=rel_path,
        blob=(f"{n}b" * 20)[:40],
        size=kw.pop("size", 2048),
        landed=c,
        made=made,
        **kw,
    )


def asset(
    rel: str, versions: list[Version], kind: str = "image", campaign: str = "soldes"
) -> Asset:
    path = f"assets/{campaign}/{rel}"
    return Asset(campaign, rel, path, kind, AssetHistory(path, versions))


def brief(**kw) -> Brief:
    values = {
        "campaign": "soldes",
        "path": "content/campaigns/soldes/index.md",
        "title": "Soldes de printemps",
        "owner": "marie",
        "timezone": "Europe/Paris",
        "launch": date(2027, 3, 1),
        "tags": ("retail",),
    }
    values.update(kw)
    return Brief(**values)


def media(v: Version, a: Asset) -> MediaRef:
    """A media layer stand-in: originals under assets/, thumbnails by blob."""
    if v.lfs is not None:
        return MediaRef(None, None, "proofroom/icons/lfs.svg", 64, 64, None, None, True, None)
    if a.kind not in ("image", "svg"):
        return MediaRef(a.path, None, f"proofroom/icons/{a.kind}.svg", 64, 64, None, None, True)
    thumb = f"proofroom/thumbs/{v.blob[:2]}/{v.blob}.webp"
    if a.kind == "svg":  # shown by a raster drawn from it; the original for download only
        preview = f"proofroom/previews/{v.blob}.webp"
        return MediaRef(f"{a.path}.bin", preview, thumb, 320, 213, None, None, False, None)
    return MediaRef(a.path, a.path, thumb, 320, 213, 2400, 1600, False, None)


def hero_asset(rel: str = "hero.jpg") -> Asset:
    path = f"assets/soldes/{rel}"
    merge = Commit(
        "m" * 40,
        ("p" * 40, "q" * 40),
        person("GitHub"),
        datetime(2027, 2, 12, 23, 30, tzinfo=UTC),
        person("GitHub"),
        datetime(2027, 2, 12, 23, 30, tzinfo=UTC),
        "Merge pull request #12",
    )
    made = commit("f", datetime(2027, 2, 12, 10, 0, tzinfo=UTC), "Logo bigger", author="Noé")
    return asset(
        rel,
        [
            version(1, path, datetime(2027, 2, 10, 9, 0, tzinfo=UTC)),
            version(2, path, datetime(2027, 2, 11, 9, 0, tzinfo=UTC)),
            version(3, path, None, commit=merge, made=made, same_as=2),
        ],
    )


def campaign_with(*assets: Asset, deliverables: list[Deliverable] | None = None, **bkw) -> Campaign:
    c = Campaign("soldes", brief(**bkw), list(assets))
    if deliverables is None:
        deliverables = [
            Deliverable(a.stem, "soldes", a.rel, a, DeliverableSpec(a.stem, a.rel)) for a in assets
        ]
    c.deliverables = deliverables
    return c


def hostile_campaign() -> tuple[Campaign, Asset]:
    rel = 'x"><img src=x onerror=alert(1)> {{ jinja }} *_[]()#.png'
    path = f"assets/soldes/{rel}"
    message = f"{HOSTILE_TEXT}\n\nSecond paragraph {HOSTILE_TEXT}\n\n</details>\n\n- item"
    v1 = version(1, path, datetime(2027, 2, 10, tzinfo=UTC))
    c2 = commit("c", datetime(2027, 2, 11, tzinfo=UTC), message, author=HOSTILE_TEXT)
    v2 = version(2, path, None, commit=c2)
    a = asset(rel, [v1, v2])
    spec = DeliverableSpec(HOSTILE_TEXT, rel, extra={"alt": HOSTILE_TEXT})
    d = Deliverable(HOSTILE_TEXT, "soldes", rel, a, spec, stage=HOSTILE_TEXT)
    missing = Deliverable("m", "soldes", f"{HOSTILE[1]}.mp4", None, status="missing")
    c = campaign_with(
        a, deliverables=[d, missing], title=HOSTILE_TEXT, owner=HOSTILE_TEXT, tags=(HOSTILE_TEXT,)
    )
    return c, a
