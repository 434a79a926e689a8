"""The "spring" workspace: a real git history that decision files are read against."""

from __future__ import annotations

from dataclasses import dataclass

from helpers.gitrepo import GitRepo
from proofroom.core.git.history import History, read_history
from proofroom.core.model import AssetHistory

RED, BLUE = (200, 30, 30), (30, 30, 200)


def day(n: int, hour: int = 10) -> str:
    return f"2024-03-{n:02d}T{hour:02d}:00:00+00:00"


@dataclass
class Spring:
    """A workspace: hero.jpg v1 red, v2 blue, v3 red again (a revert), logo.png, a
    poster in another campaign and old.txt, deleted in the third commit."""

    repo: GitRepo
    history: History
    v1: str
    v2: str
    logo: str
    poster: str
    old: str

    @property
    def histories(self) -> dict[str, AssetHistory]:
        return self.history.files

    def refresh(self) -> None:
        self.history = read_history(self.repo.path)


def build_spring(r: GitRepo) -> None:
    r.image("assets/spring/hero.jpg", color=RED)
    r.image("assets/spring/logo.png", color=(0, 0, 0), fmt="PNG")
    r.image("assets/autumn/poster.jpg", color=(10, 200, 10))
    r.write("assets/spring/old.txt", "soon gone")
    r.commit("First cut", date=day(1))
    r.image("assets/spring/hero.jpg", color=BLUE)
    r.commit("Blue hero", date=day(2))
    r.image("assets/spring/hero.jpg", color=RED)
    r.remove("assets/spring/old.txt")
    r.commit("Back to red", date=day(3))


def make_spring(r: GitRepo, *, build: bool = True) -> Spring:
    if build:
        build_spring(r)
    h = read_history(r.path)
    hero = h.files["assets/spring/hero.jpg"].versions
    assert [v.number for v in hero] == [1, 2, 3] and hero[0].blob == hero[2].blob != hero[1].blob
    return Spring(
        repo=r,
        history=h,
        v1=hero[0].blob,
        v2=hero[1].blob,
        logo=h.files["assets/spring/logo.png"].versions[0].blob,
        poster=h.files["assets/autumn/poster.jpg"].versions[0].blob,
        old=h.files["assets/spring/old.txt"].versions[0].blob,
    )


def fill(text: str, ws: Spring) -> str:
    for name in ("v1", "v2", "logo", "poster", "old"):
        text = text.replace(f"<{name.upper()}>", getattr(ws, name)[:7])
    return text
