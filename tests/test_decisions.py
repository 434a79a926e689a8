"""Reading decision files against real git histories: good files, and every kind of mistake
coming back as one problem at the right line."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from importlib.resources import files
from pathlib import Path

import pytest
from helpers.bad_decisions import BAD, BASE
from helpers.gitrepo import GitRepo
from helpers.spring import Spring, day, fill
from jsonschema import Draft202012Validator

from proofroom.core.git.history import read_history
from proofroom.core.inputs.decisions import (
    check_asset_path,
    classify_review_file,
    parse_decision,
    read_decision,
    read_decisions,
    resolve_sha,
    surely_valid,
)
from proofroom.core.inputs.yamlload import load_yaml
from proofroom.core.model import AssetHistory, Decision, Version
from proofroom.core.problems import Problem
from proofroom.schemas import load_schema

REL = "reviews/spring/hero/20240304T1000Z-alice.yml"


def read_one(ws: Spring, content: str | bytes, rel: str = REL):
    if isinstance(content, str):
        content = fill(content, ws)
    ws.repo.write(rel, content)
    return read_decisions(ws.repo.path, [rel], ws.histories)


GOOD = """\
asset: assets/spring/hero.jpg
version: 2
sha: <V2>
reviewer: alice
stage: brand
decision: changes_requested
summary: "Le logo est trop petit : à revoir # vite"
comments:
  - text: Agrandir le logo
    pin: [0.42, 0.18]
  - text: Recadrer
    box: [0.10, 0.10, 0.50, 0.30]
  - text: Couper après le logo
    time: 12.4
  - text: Coquille dans la mention légale
    page: 2
  - text: Ce coin, page 3
    pin: [1, 0]
    page: 3
"""


@pytest.mark.parametrize(
    ("content", "line", "words"), [c[1:] for c in BAD], ids=[c[0] for c in BAD]
)
def test_one_clear_problem_per_mistake(spring: Spring, content, line: int, words: str) -> None:
    words = fill(words, spring)
    decisions, problems = read_one(spring, content)
    assert len(problems) == 1, [str(p) for p in problems]
    (problem,) = problems
    assert problem.path == REL
    assert problem.severity == "error"
    assert problem.line == line, str(problem)
    assert words in problem.message, str(problem)
    assert all(d.blob is None for d in decisions)  # never counted


def test_decision_on_a_deleted_asset_is_kept_with_a_warning(spring: Spring) -> None:
    """Decision files are append-only: deleting an asset must not fail validation forever."""
    content = BASE.replace("hero.jpg", "old.txt").replace("<V2>", "<OLD>")
    decisions, problems = read_one(spring, content)
    assert [p.severity for p in problems] == ["warning"]
    assert "was deleted" in problems[0].message and problems[0].line == 1
    assert all(d.blob is None for d in decisions)  # never counted


def test_there_are_many_bad_cases() -> None:
    assert len(BAD) >= 25


# ------------------------------------------------------------------------- good files


def test_valid_decision_with_every_comment_kind(spring: Spring) -> None:
    r = spring.repo
    r.branch("review")
    r.checkout("review")
    r.write(REL, fill(GOOD, spring))
    made = r.commit("Alice reviews", date=day(4), author="Alice <alice@example.com>")
    r.checkout("main")
    landed = r.merge("review", message="Merge review", date=day(5))
    spring.refresh()
    decisions, problems = read_decisions(r.path, [REL], spring.histories)
    assert problems == []
    (d,) = decisions
    assert d.path == REL and d.campaign == "spring"
    assert d.asset == "assets/spring/hero.jpg"
    assert d.sha == spring.v2[:7] and d.blob == spring.v2
    assert (d.reviewer, d.stage, d.decision, d.version) == (
        "alice",
        "brand",
        "changes_requested",
        2,
    )
    assert d.summary == "Le logo est trop petit : à revoir # vite"
    assert d.blocks and not d.approves
    pin, box, time, page, corner = d.comments
    assert (pin.text, pin.pin, pin.line) == ("Agrandir le logo", (0.42, 0.18), 9)
    assert box.box == (0.10, 0.10, 0.50, 0.30) and box.pin is None and box.line == 11
    assert time.time == 12.4 and time.page is None
    assert page.page == 2 and isinstance(page.page, int)
    assert corner.pin == (1.0, 0.0) and corner.page == 3
    assert d.landed.sha == landed and d.made.sha == made
    assert d.landed_at == datetime(2024, 3, 5, 10, tzinfo=UTC)
    assert d.lines[("reviewer",)] == 4


def test_landed_mapping_wins_over_histories(spring: Spring) -> None:
    r = spring.repo
    r.write(REL, fill(GOOD, spring))
    commit = spring.history.commits[spring.history.head]
    decisions, problems = read_decisions(
        r.path, [REL], spring.histories, landed={REL: (commit, None)}
    )
    assert problems == []
    assert decisions[0].landed is commit and decisions[0].made is None


@pytest.mark.parametrize("version", [1, 3, None])
def test_revert_shares_the_blob_so_both_versions_agree(spring: Spring, version) -> None:
    text = BASE.replace("<V2>", "<V1>") + (f"version: {version}\n" if version else "")
    decisions, problems = read_one(spring, text)
    assert problems == []
    assert decisions[0].blob == spring.v1
    assert decisions[0].version == version


def test_revert_version_two_disagrees_and_names_both(spring: Spring) -> None:
    _, problems = read_one(spring, BASE.replace("<V2>", "<V1>") + "version: 2\n")
    (p,) = problems
    assert "which is v1 and v3 of assets/spring/hero.jpg" in p.message and p.line == 6


def test_full_sha_and_longer_prefixes_resolve(spring: Spring) -> None:
    for n in (7, 12, 40):
        decisions, problems = read_one(spring, BASE.replace("<V2>", spring.v2[:n]))
        assert problems == [] and decisions[0].blob == spring.v2


def test_numeric_sha_is_read_as_written(spring: Spring) -> None:
    fake = {"assets/spring/hero.jpg": history_of("assets/spring/hero.jpg", "0123456" + "a" * 33)}
    text = BASE.replace("<V2>", "0123456")  # YAML 1.1 reads it as an octal number
    d, problems = parse_decision(text, rel=REL, campaign="spring")
    assert problems == [] and d.sha == "0123456"
    assert resolve_sha(d, fake) == [] and d.blob == "0123456" + "a" * 33
    d, problems = parse_decision(
        text.replace("0123456", "1234567 # v2"), rel=REL, campaign="spring"
    )
    assert problems == [] and d.sha == "1234567"


def test_renamed_asset_is_found_by_its_old_path(spring: Spring) -> None:
    r = spring.repo
    r.move("assets/spring/logo.png", "assets/spring/brand/logo.png")
    r.commit("Move the logo", date=day(4))
    spring.refresh()
    text = BASE.replace("hero.jpg", "logo.png").replace("<V2>", "<LOGO>")
    decisions, problems = read_one(spring, text)
    assert problems == []
    assert decisions[0].asset == "assets/spring/brand/logo.png"
    assert decisions[0].blob == spring.logo


def test_ambiguous_prefix_in_a_real_repository(git_repo: GitRepo) -> None:
    a, b = colliding_contents(7)
    r = git_repo
    r.write("assets/spring/notes.txt", a)
    r.commit("one", date=day(1))
    r.write("assets/spring/notes.txt", b)
    r.commit("two", date=day(2))
    h = read_history(r.path)
    blobs = [v.blob for v in h.files["assets/spring/notes.txt"].versions]
    assert blobs[0][:7] == blobs[1][:7] and blobs[0] != blobs[1]
    rel = "reviews/spring/notes/20240304T1000Z-alice.yml"
    text = BASE.replace("hero.jpg", "notes.txt").replace("<V2>", blobs[1][:7])
    r.write(rel, text)
    decisions, problems = read_decisions(r.path, [rel], h.files)
    (p,) = problems
    assert p.line == 2 and p.severity == "error"
    assert "matches v1 and v2 of assets/spring/notes.txt; give more characters" in p.message
    assert decisions[0].blob is None
    longer = next(n for n in range(8, 41) if blobs[0][:n] != blobs[1][:n])
    r.write(rel, text.replace(blobs[1][:7], blobs[1][:longer]))
    decisions, problems = read_decisions(r.path, [rel], h.files)
    assert problems == [] and decisions[0].blob == blobs[1]


def colliding_contents(n: int) -> tuple[bytes, bytes]:
    """Two texts whose git blob SHAs share their first ``n`` hex characters."""
    seen: dict[str, bytes] = {}
    i = 0
    while True:
        data = f"note {i}\n".encode()
        sha = hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()[:n]
        if sha in seen:
            return seen[sha], data
        seen[sha] = data
        i += 1


def history_of(path: str, *blobs: str) -> AssetHistory:
    """A history built from model objects (for cases git cannot produce cheaply)."""
    h = AssetHistory(path=path)
    for i, blob in enumerate(blobs, 1):
        h.versions.append(Version(i, path, blob, 10, None, None, working_copy=False))
    return h


def test_ambiguity_with_model_objects_lists_every_version() -> None:
    path = "assets/spring/hero.jpg"
    fake = {
        path: history_of(path, "abcdef1" + "0" * 33, "abcdef1" + "1" * 33, "abcdef2" + "0" * 33)
    }
    d = Decision(REL, "spring", path, "abcdef", "alice", "approved", lines={("sha",): 3})
    d.sha = "abcdef"  # shorter than the schema allows: resolve_sha still answers
    (p,) = resolve_sha(d, fake)
    assert "matches v1, v2 and v3" in p.message and p.line == 3
    d.sha = "abcdef1"
    (p,) = resolve_sha(d, fake)
    assert "matches v1 and v2" in p.message and d.blob is None


# ------------------------------------------------------------------------- files and places


def test_file_directly_under_reviews_is_an_error(spring: Spring) -> None:
    rel = "reviews/hero-alice.yml"
    decisions, problems = read_one(spring, BASE, rel=rel)
    assert decisions == []
    assert problems == [
        Problem(
            rel,
            0,
            "error",
            "decision files go in the folder of their campaign, reviews/<campaign>/; move "
            "this file under reviews/spring/",
        )
    ]


def test_read_decision_outside_reviews_is_an_error(spring: Spring) -> None:
    path = spring.repo.write("content/decision.yml", fill(BASE, spring))
    decision, problems = read_decision(path, workspace=spring.repo.path)
    assert decision is None
    (p,) = problems
    assert p.path == "content/decision.yml" and p.line == 0 and "reviews/<campaign>/" in p.message


def test_symlinked_decision_is_refused(spring: Spring) -> None:
    outside = spring.repo.path.parent / "outside.yml"
    outside.write_text(fill(BASE, spring))
    spring.repo.symlink(REL, str(outside))
    decisions, problems = read_decisions(spring.repo.path, [REL], spring.histories)
    assert decisions == [] and len(problems) == 1 and "symbolic link" in problems[0].message


def test_other_files_under_reviews(spring: Spring) -> None:
    r = spring.repo
    r.write("reviews/README.md", "# Reviews\n")
    r.write("reviews/team.yml", "people: {}\n")
    r.write("reviews/spring/.gitkeep", "")
    r.write("reviews/spring/hero/20240304T1000Z-alice.yml.txt", fill(BASE, spring))
    r.write("reviews/spring/hero/20240304T1001Z-bob.ymal", fill(BASE, spring))
    r.write("reviews/spring/hero/20240304T1002Z-carol", fill(BASE, spring))
    r.write("reviews/spring/hero/20240304T1003Z-ALICE.YAML", fill(BASE, spring))
    names = [str(p.relative_to(r.path)) for p in (r.path / "reviews").rglob("*") if p.is_file()]
    decisions, problems = read_decisions(r.path, names + ["content/index.md"], spring.histories)
    assert [d.reviewer for d in decisions] == ["alice"]  # the .YAML file, read
    assert [(p.path.rsplit("/", 1)[-1], p.line, p.severity) for p in problems] == [
        ("20240304T1000Z-alice.yml.txt", 0, "warning"),
        ("20240304T1001Z-bob.ymal", 0, "warning"),
        ("20240304T1002Z-carol", 0, "warning"),
    ]
    assert 'rename it to "20240304T1000Z-alice.yml"' in problems[0].message
    assert 'rename it to "20240304T1001Z-bob.yml"' in problems[1].message
    assert classify_review_file("reviews/team.yml") == ("team", None)
    assert classify_review_file("reviews/spring/notes.md") == ("ignore", None)


def test_duplicate_decision_files_warn_on_the_later_one(spring: Spring) -> None:
    r = spring.repo
    first = REL
    copy = REL.replace("1000Z", "0900Z")  # sorts first by name, but lands later
    other = REL.replace("1000Z", "1200Z")
    r.write(first, fill(BASE, spring))
    r.write(other, fill(BASE, spring).replace("trop petit", "trop grand"))
    r.commit("first", date=day(4))
    r.write(copy, fill(BASE, spring).replace(spring.v2[:7], spring.v2))  # same blob, full sha
    r.commit("copy", date=day(5))
    spring.refresh()
    decisions, problems = read_decisions(r.path, [copy, other, first], spring.histories)
    assert len(decisions) == 3
    (p,) = problems
    assert (p.path, p.line, p.severity) == (copy, 1, "warning")
    assert f"repeats {first}" in p.message


def test_never_an_exception_on_random_bytes(spring: Spring) -> None:
    import random

    rng = random.Random(7)
    for i in range(150):
        size = rng.randrange(0, 200)
        data = bytes(rng.randrange(256) for _ in range(size))
        if i % 3 == 0:
            data = fill(BASE, spring).encode()[: rng.randrange(1, 140)] + data[:10]
        decisions, problems = read_one(spring, data)
        assert all(isinstance(p, Problem) for p in problems)
        assert decisions or any(p.is_error for p in problems)


# ------------------------------------------------------------------------- asset paths


@pytest.mark.parametrize(
    ("asset", "campaign", "words"),
    [
        ("assets/spring/hero.jpg", "spring", None),
        ("assets/spring/social/story.mp4", "spring", None),
        ("assets/spring/hero.jpg", None, None),
        ("assets/spring", "spring", "names no file of a campaign"),
        (
            "hero.jpg",
            "spring",
            'the workspace root, under assets/spring/; write "assets/spring/hero.jpg"',
        ),
        ("assets/spring/", "spring", "not a clean path"),
        ("./assets/spring/hero.jpg", "spring", 'write "assets/spring/hero.jpg"'),
        ("~/hero.jpg", "spring", "absolute"),
        ("assets\\..\\..\\etc\\passwd", "spring", "outside"),
        ("other/hero.jpg", None, "under assets/<campaign>/"),
    ],
)
def test_check_asset_path(asset: str, campaign: str | None, words: str | None) -> None:
    message = check_asset_path(asset, campaign)
    if words is None:
        assert message is None
    else:
        assert message is not None and words in message


def test_other_assets_dir(spring: Spring) -> None:
    message = check_asset_path("media/spring/hero.jpg", "spring", assets_dir="media")
    assert message is None
    assert "media/spring/" in check_asset_path(
        "assets/spring/hero.jpg", "spring", assets_dir="media"
    )


# ------------------------------------------------------------------------- the schema


def test_schema_is_valid_and_accepts_the_architecture_example() -> None:
    schema = load_schema("decision")
    Draft202012Validator.check_schema(schema)
    text = files("proofroom.schemas").joinpath("decision.schema.json").read_text("utf-8")
    assert json.loads(text) == schema
    example = {
        "asset": "assets/soldes-printemps/hero.jpg",
        "version": 3,
        "sha": "8f3a2c1",
        "reviewer": "alice",
        "stage": "brand",
        "decision": "changes_requested",
        "summary": "Le logo est trop petit",
        "comments": [
            {"text": "Agrandir le logo", "pin": [0.42, 0.18]},
            {"text": "Recadrer", "box": [0.1, 0.1, 0.5, 0.3]},
            {"text": "Couper après le logo", "time": 12.4},
            {"text": "Coquille", "page": 2},
        ],
    }
    validator = Draft202012Validator(schema)
    assert list(validator.iter_errors(example)) == []
    both = dict(example, comments=[{"text": "x", "pin": [0, 0], "box": [0, 0, 1, 1]}])
    assert list(validator.iter_errors(both))
    assert list(validator.iter_errors(dict(example, decision="aproved")))
    assert schema["properties"]["decision"]["enum"] == [
        "approved",
        "approved_with_changes",
        "changes_requested",
        "rejected",
        "comment",
    ]
    for name, prop in schema["properties"].items():
        assert prop.get("description"), name


def test_read_decisions_never_reads_outside_the_listed_files(spring: Spring) -> None:
    rel = "reviews/spring/hero/20240304T1000Z-alice.yml"
    spring.repo.write(rel, fill(BASE, spring))
    decisions, problems = read_decisions(spring.repo.path, [], spring.histories)
    assert decisions == [] and problems == []
    assert Path(spring.repo.path / rel).exists()


def test_quick_check_never_passes_what_the_schema_refuses(spring: Spring) -> None:
    validator = Draft202012Validator(load_schema("decision"))
    samples = [fill(GOOD, spring), fill(BASE, spring)] + [
        fill(c[1], spring) for c in BAD if isinstance(c[1], str)
    ]
    extra = [
        {"asset": "a", "sha": "abcdef1", "reviewer": "x", "decision": "comment", "version": True},
        {"asset": "a", "sha": "abcdef1", "reviewer": "x", "decision": "comment", "stage": ""},
        {"asset": "a", "sha": "abcdef1", "reviewer": "x", "decision": "comment", "summary": 1},
        {"asset": "a", "sha": "abcdef1", "reviewer": "x", "decision": "comment", "comments": [{}]},
        {"asset": "a", "sha": "abcdef1", "reviewer": "x", "decision": ["comment"]},
        {"asset": "", "sha": "abcdef1", "reviewer": "x", "decision": "comment"},
    ]
    checked = 0
    for data in [load_yaml(s, path="x")[0] for s in samples] + extra:
        if data is None:
            continue
        value = data if isinstance(data, dict) else data.data
        if not isinstance(value, dict):
            continue
        checked += 1
        if surely_valid(value):
            assert list(validator.iter_errors(value)) == [], value
    assert checked > 40
    assert surely_valid(load_yaml(fill(GOOD, spring), path="x")[0].data)


def test_a_file_named_after_someone_else_never_counts(spring: Spring) -> None:
    """The login in the name and reviewer: agree, case ignored; else an error at reviewer:."""
    r = spring.repo
    ok = "reviews/spring/hero/20240304T1003Z-ALICE-2.yml"
    bad = "reviews/spring/hero/20240304T1004Z-bob.yml"
    r.write(ok, fill(BASE, spring))
    r.write(bad, fill(BASE, spring))
    decisions, problems = read_decisions(r.path, [ok, bad], spring.histories)
    assert [d.path for d in decisions] == [ok]
    assert [str(p) for p in problems if p.is_error] == [
        f'{bad}:3: error: the file name says "bob" but reviewer: is "alice"; a decision file '
        'is named after its reviewer: rename it to "20240304T1004Z-alice.yml" or fix reviewer:'
    ]
