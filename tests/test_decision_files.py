"""Naming, rendering, writing and importing decision files."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from helpers.bad_decisions import BAD, BASE
from helpers.spring import Spring, fill

from proofroom.core.inputs.decision_files import (
    decision_data,
    decision_path,
    import_decision,
    render_decision,
    write_new,
)
from proofroom.core.inputs.decisions import parse_decision, read_decision, read_decisions
from proofroom.core.inputs.yamlload import load_yaml
from proofroom.core.problems import ProofroomError

NOW = datetime(2024, 3, 4, 10, 5, 59, tzinfo=UTC)
HOSTILE = [
    'Le logo "trop" petit',
    "clé: valeur # pas un commentaire",
    "ligne 1\nligne 2\n\n  indentée",
    "- pas une liste",
    "? pas une clé",
    "🎉 emoji et accents éàü",
    "yes",
    "no",
    "null",
    "~",
    "1234567",
    "8e12345",
    "0x1F",
    "0o17",
    "2027-02-10",
    "12:30",
    ".inf",
    "@mention",
    "`code`",
    "!important",
    "&ancre",
    "*étoile",
    "%directive",
    "| pipe",
    "> plus grand",
    "[crochets]",
    "{accolades}",
    "'apostrophe",
    "l'apostrophe au milieu",
    "trailing space ",
    " leading space",
    "tab\tinside",
    "back\\slash",
    "---",
    "...",
    "a #b",
    "a: b",
    "controls \x07 \x7f \x85 \u2028 \ufeff",
    "",
]


def all_files(root: Path) -> set[str]:
    return {
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file() and ".git" not in p.relative_to(root).parts
    }


# ------------------------------------------------------------------------- naming


def test_decision_path_follows_the_architecture() -> None:
    assert (
        decision_path("assets/soldes-printemps/hero.jpg", "alice", NOW)
        == "reviews/soldes-printemps/hero/20240304T1005Z-alice.yml"
    )
    paris = datetime(2024, 3, 4, 11, 5, tzinfo=timezone(timedelta(hours=1)))
    assert (
        decision_path("assets/c/social/story.v2.mp4", "bob", paris)
        == "reviews/c/social/story.v2/20240304T1005Z-bob.yml"
    )
    naive = datetime(2024, 3, 4, 23, 59)
    assert decision_path("assets/c/README", "x", naive) == "reviews/c/README/20240304T2359Z-x.yml"
    assert (
        decision_path(
            "media/c/a.png", "Jean Dupont/../x", NOW, reviews_dir="decisions/", assets_dir="media"
        )
        == "decisions/c/a/20240304T1005Z-Jean-Dupont-x.yml"
    )


@pytest.mark.parametrize(
    "asset", ["hero.jpg", "assets/c", "../assets/c/x.jpg", "/assets/c/x.jpg", "assets\\c\\x.jpg"]
)
def test_decision_path_refuses_paths_outside_assets(asset: str) -> None:
    with pytest.raises(ValueError):
        decision_path(asset, "alice", NOW)


# ------------------------------------------------------------------------- rendering


def data_with(text: str) -> dict:
    return {
        "asset": "assets/spring/hero.jpg",
        "version": 2,
        "sha": "8f3a2c1",
        "reviewer": "alice",
        "stage": "brand",
        "decision": "approved_with_changes",
        "summary": text,
        "comments": [
            {"text": text or "x", "pin": [0.42, 0.18]},
            {"text": "Recadrer", "box": [0.0, 0.1, 1.0, 0.9]},
            {"text": "Couper", "time": 12.4, "pin": [1e-05, 1.0]},
            {"text": "Page", "page": 2, "box": [0.1, 0.2, 0.3, 0.4]},
        ],
    }


@pytest.mark.parametrize("text", HOSTILE)
def test_render_then_read_back_equals_the_input(text: str) -> None:
    data = data_with(text)
    rendered = render_decision(data)
    decision, problems = parse_decision(rendered, rel="reviews/spring/x.yml", campaign="spring")
    assert problems == [], rendered
    assert decision.summary == text
    assert decision.comments[0].text == (text or "x")
    back = decision_data(decision)
    assert back == dict(data, summary=text or None)
    if text:  # an empty summary reads back as no summary
        assert render_decision(back) == rendered  # stable


def test_render_is_readable_and_in_a_stable_order() -> None:
    data = data_with("Le logo est trop petit")
    shuffled = dict(reversed(list(data.items())))
    text = render_decision(shuffled)
    assert text == render_decision(data)
    assert text.splitlines() == [
        "asset: assets/spring/hero.jpg",
        "version: 2",
        "sha: 8f3a2c1",
        "reviewer: alice",
        "stage: brand",
        "decision: approved_with_changes",
        "summary: Le logo est trop petit",
        "comments:",
        "  - text: Le logo est trop petit",
        "    pin: [0.42, 0.18]",
        "  - text: Recadrer",
        "    box: [0.0, 0.1, 1.0, 0.9]",
        "  - text: Couper",
        "    pin: [1.0e-05, 1.0]",
        "    time: 12.4",
        "  - text: Page",
        "    box: [0.1, 0.2, 0.3, 0.4]",
        "    page: 2",
    ]


def test_render_quotes_shas_that_other_yaml_readers_take_for_numbers() -> None:
    for sha in ("1234567", "8e12345", "0123456"):
        text = render_decision({"sha": sha})
        assert text == f'sha: "{sha}"\n'
        loaded, _ = load_yaml(text, path="x")
        assert loaded.data == {"sha": sha}


def test_render_leaves_out_empty_values_and_refuses_nonsense() -> None:
    assert render_decision({"asset": "assets/c/x.jpg", "summary": None, "comments": []}) == (
        "asset: assets/c/x.jpg\n"
    )
    assert render_decision({"comments": [{"text": "x", "box": [0, 0, 1, 1], "page": 3.0}]}) == (
        "comments:\n  - text: x\n    box: [0, 0, 1, 1]\n    page: 3\n"
    )
    lone = render_decision({"summary": "a\udcff b"})
    assert load_yaml(lone, path="x")[0].data == {"summary": "a\ufffd b"}
    for bad in (
        {"unknown": 1},
        {"version": 1.5},
        {"version": True},
        {"summary": 3},
        {"comments": [{"pin": [0.1, 0.1]}]},
        {"comments": [{"text": "x", "where": 1}]},
        {"comments": [{"text": "x", "time": float("nan")}]},
    ):
        with pytest.raises(ValueError):
            render_decision(bad)


# ------------------------------------------------------------------------- writing


def test_write_new_never_overwrites(tmp_path: Path) -> None:
    rel = "reviews/c/hero/20240304T1005Z-alice.yml"
    assert write_new(tmp_path, rel, "first\n") == rel
    assert write_new(tmp_path, rel, "second\n") == "reviews/c/hero/20240304T1005Z-alice-2.yml"
    assert write_new(tmp_path, rel, "third\n") == "reviews/c/hero/20240304T1005Z-alice-3.yml"
    folder = tmp_path / "reviews/c/hero"
    assert (folder / "20240304T1005Z-alice.yml").read_text() == "first\n"
    assert (folder / "20240304T1005Z-alice-2.yml").read_text() == "second\n"
    assert sorted(os.listdir(folder)) == [
        "20240304T1005Z-alice-2.yml",
        "20240304T1005Z-alice-3.yml",
        "20240304T1005Z-alice.yml",
    ]  # atomic: no temporary file left behind


def test_write_new_does_not_write_through_a_symlink(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    root = tmp_path / "ws"
    (root / "reviews/c").mkdir(parents=True)
    os.symlink(outside, root / "reviews/c/a.yml")  # dangling: points at a file to be
    assert write_new(root, "reviews/c/a.yml", "x\n") == "reviews/c/a-2.yml"
    assert not outside.exists()


def test_write_new_utf8_and_exact_bytes(tmp_path: Path) -> None:
    rel = write_new(tmp_path, "reviews/c/x.yml", "summary: café 🎉\n")
    assert (tmp_path / rel).read_bytes() == "summary: café 🎉\n".encode()


@pytest.mark.parametrize(
    "rel",
    [
        "../outside.yml",
        "reviews/../../outside.yml",
        "/abs/x.yml",
        "reviews\\c\\x.yml",
        "reviews//x.yml",
        "reviews/./x.yml",
        ".git/hooks/post-checkout",
        "C:/x.yml",
        "",
    ],
)
def test_write_new_refuses_paths_leaving_the_workspace(tmp_path: Path, rel: str) -> None:
    root = tmp_path / "ws"
    root.mkdir()
    with pytest.raises(ProofroomError):
        write_new(root, rel, "x\n")
    assert list(tmp_path.rglob("*")) == [root]


def test_write_new_refuses_a_folder_symlinked_outside(tmp_path: Path) -> None:
    root, outside = tmp_path / "ws", tmp_path / "elsewhere"
    root.mkdir()
    outside.mkdir()
    os.symlink(outside, root / "reviews")
    with pytest.raises(ProofroomError, match="outside the workspace"):
        write_new(root, "reviews/c/x.yml", "x\n")
    assert list(outside.iterdir()) == []


# ------------------------------------------------------------------------- importing


def test_import_writes_the_canonical_file(spring: Spring) -> None:
    source = fill(BASE, spring) + "comments:\n  - text: 'Agrandir: le logo'\n    pin: [0.5, 0.5]\n"
    rel, problems = import_decision(
        spring.repo.path,
        source.encode(),
        source_name="mail/decision.yml",
        histories=spring.histories,
        now=NOW,
    )
    assert problems == []
    assert rel == "reviews/spring/hero/20240304T1005Z-alice.yml"
    decision, problems = read_decision(spring.repo.path / rel, workspace=spring.repo.path)
    assert problems == []
    assert decision.summary == "Le logo est trop petit"
    assert decision.comments[0].text == "Agrandir: le logo" and decision.comments[0].pin == (
        0.5,
        0.5,
    )
    decisions, problems = read_decisions(spring.repo.path, [rel], spring.histories)
    assert problems == [] and decisions[0].blob == spring.v2


def test_import_twice_is_refused_and_writes_nothing(spring: Spring) -> None:
    source = fill(BASE, spring)
    first, _ = import_decision(
        spring.repo.path, source, source_name="-", histories=spring.histories, now=NOW
    )
    before = all_files(spring.repo.path)
    later = NOW + timedelta(hours=1)
    again, problems = import_decision(
        spring.repo.path, source, source_name="-", histories=spring.histories, now=later
    )
    assert again is None
    (p,) = problems
    assert p.path == "<stdin>" and p.is_error and f"already filed as {first}" in p.message
    assert all_files(spring.repo.path) == before
    other, problems = import_decision(
        spring.repo.path,
        source.replace("trop petit", "trop grand"),
        source_name="-",
        histories=spring.histories,
        now=NOW,
    )
    assert problems == [] and other == first.replace(".yml", "-2.yml")


CAMPAIGN_FREE = {"asset-other-campaign", "asset-relative"}  # need a decision folder


@pytest.mark.parametrize(
    ("content", "line", "words"),
    [c[1:] for c in BAD if c[0] not in CAMPAIGN_FREE],
    ids=[c[0] for c in BAD if c[0] not in CAMPAIGN_FREE],
)
def test_import_of_a_bad_decision_writes_nothing(spring: Spring, content, line, words) -> None:
    if isinstance(content, str):
        content = fill(content, spring)
    before = all_files(spring.repo.path)
    rel, problems = import_decision(
        spring.repo.path, content, source_name="decision.yml", histories=spring.histories, now=NOW
    )
    assert rel is None
    assert len(problems) == 1, [str(p) for p in problems]
    (p,) = problems
    assert p.path == "decision.yml" and p.is_error and p.line == line, str(p)
    assert fill(words, spring) in p.message
    assert all_files(spring.repo.path) == before


def test_import_names_the_campaign_from_the_asset(spring: Spring) -> None:
    source = fill(BASE, spring).replace("spring/hero.jpg", "autumn/poster.jpg")
    source = source.replace(spring.v2[:7], spring.poster[:9])
    rel, problems = import_decision(
        spring.repo.path, source, source_name="d.yml", histories=spring.histories, now=NOW
    )
    assert problems == []
    assert rel == "reviews/autumn/poster/20240304T1005Z-alice.yml"
    decision, _ = read_decision(spring.repo.path / rel, workspace=spring.repo.path)
    assert decision.sha == spring.poster[:9] and decision.campaign == "autumn"
