"""Reading campaign briefs: good briefs in French and English, and every kind of mistake."""

from __future__ import annotations

import json
import random
from datetime import UTC, date, datetime
from importlib.resources import files
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from proofroom.core.inputs.briefs import check_asset, label, read_brief, read_text_file
from proofroom.core.inputs.suggest import did_you_mean
from proofroom.core.model import Brief, DeliverableSpec, Stage
from proofroom.core.problems import Problem
from proofroom.schemas import load_schema

FR_BRIEF = """\
---
title: Soldes de printemps 2027
owner: marie
timezone: Europe/Paris
launch: 2027-03-01
tags: [retail, printemps]
stages:
  - name: creative
    approvers: [lea]
  - name: brand
    approvers: [alice, bob]
    required: 1
  - name: legal
    approvers: [carol]
deliverables:
  - id: hero
    asset: hero.jpg
    channel: instagram-feed
    due: 2027-02-10
    stages: [brand, legal]
    alt: Une femme en imperméable jaune sous une averse de fleurs
    focus: [0.42, 0.3]
  - id: story
    asset: social/story.mp4
    channel: instagram-story
    due: 2027-02-12 18:00
  - id: affiche-abribus
    asset: print/abribus.pdf
    due: 2027-02-14T12:00:00+01:00
    derived_from: hero
    notes: Format 120 x 176 cm, fond perdu 5 mm
---
# Objectif

Faire venir en magasin la clientèle 25-45 ans pendant la première semaine des soldes.

## Mentions obligatoires

- « Offre valable du 1er au 15 mars 2027 dans la limite des stocks disponibles. »
"""

EN_BRIEF = """\
---
title: Back to School 2027
owner: sam
timezone: America/New_York
launch: 2027-08-02T09:00
tags:
  - retail
  - back-to-school
stages:
  - name: brand
    approvers: [dana, eli, fran]
    required: 2
  - name: legal
    approvers: [gus]
---
## Audience

Parents of children aged 6 to 12, shopping online.

## Key message

"Everything on the list, delivered before the first bell."
"""

BASE = """\
---
title: Soldes de printemps 2027
timezone: Europe/Paris
stages:
  - name: brand
    approvers: [alice, bob]
  - name: legal
    approvers: [carol]
deliverables:
  - id: hero
    asset: hero.jpg
    due: 2027-02-10
---
Brief.
"""


def write(tmp_path: Path, content: str | bytes, campaign: str = "soldes") -> Path:
    folder = tmp_path / "content" / "campaigns" / campaign
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "index.md"
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def read(tmp_path: Path, content: str | bytes, campaign: str = "soldes"):
    path = write(tmp_path, content, campaign)
    return read_brief(path, workspace=tmp_path, campaign=campaign)


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


def test_french_brief(tmp_path):
    brief, problems = read(tmp_path, FR_BRIEF, "soldes-printemps")
    assert problems == []
    assert brief.ok
    assert brief.path == "content/campaigns/soldes-printemps/index.md"
    assert brief.campaign == "soldes-printemps"
    assert brief.title == "Soldes de printemps 2027"
    assert brief.owner == "marie"
    assert brief.timezone == "Europe/Paris"
    assert brief.launch == date(2027, 3, 1)
    assert brief.tags == ("retail", "printemps")
    assert brief.stages == (
        Stage("creative", ("lea",), 1, line=8),
        Stage("brand", ("alice", "bob"), 1, line=10),
        Stage("legal", ("carol",), 1, line=13),
    )
    hero, story, poster = brief.deliverables
    assert hero == DeliverableSpec(
        id="hero",
        asset="hero.jpg",
        channel="instagram-feed",
        due=date(2027, 2, 10),
        stages=("brand", "legal"),
        line=16,
    )
    assert hero.extra == {
        "alt": "Une femme en imperméable jaune sous une averse de fleurs",
        "focus": [0.42, 0.3],
    }
    # A time without offset is read in the campaign timezone (Paris, UTC+1 in February).
    assert story.due == datetime(2027, 2, 12, 17, 0, tzinfo=UTC)
    assert story.stages is None and story.asset == "social/story.mp4"
    assert poster.due == datetime(2027, 2, 14, 11, 0, tzinfo=UTC)
    assert poster.extra["derived_from"] == "hero"
    assert brief.body.startswith("# Objectif\n")
    assert "« Offre valable" in brief.body
    assert brief.meta["deliverables"][2]["notes"] == "Format 120 x 176 cm, fond perdu 5 mm"


def test_english_brief(tmp_path):
    brief, problems = read(tmp_path, EN_BRIEF, "back-to-school")
    assert problems == []
    assert brief.ok and brief.title == "Back to School 2027"
    assert brief.timezone == "America/New_York"
    # 09:00 in New York in August (EDT, UTC-4).
    assert brief.launch == datetime(2027, 8, 2, 13, 0, tzinfo=UTC)
    assert brief.tags == ("retail", "back-to-school")
    assert [(s.name, s.approvers, s.required) for s in brief.stages] == [
        ("brand", ("dana", "eli", "fran"), 2),
        ("legal", ("gus",), 1),
    ]
    assert brief.deliverables is None  # every file is a deliverable
    assert brief.body.startswith("## Audience")


def test_minimal_brief_has_no_stages_and_defaults(tmp_path):
    brief, problems = read(tmp_path, "---\ntitle: Minimal\n---\n")
    assert problems == []
    assert brief.stages == () and brief.deliverables is None
    assert brief.timezone == "UTC" and brief.body == ""


def test_required_defaults_to_all_approvers(tmp_path):
    brief, _ = read(tmp_path, BASE)
    assert brief.stages[0].required == 2


def test_deliverable_stages_are_kept_in_campaign_order(tmp_path):
    text = BASE.replace(
        "    due: 2027-02-10\n", "    due: 2027-02-10\n    stages: [legal, brand]\n"
    )
    brief, problems = read(tmp_path, text)
    assert brief.deliverables[0].stages == ("brand", "legal")
    assert [(p.line, p.severity) for p in problems] == [(13, "warning")]
    assert "campaign order (brand, legal)" in problems[0].message
    assert brief.ok  # a warning only


def test_review_stage_without_campaign_stages(tmp_path):
    text = "---\ntitle: T\ndeliverables:\n  - id: a\n    asset: a.png\n    stages: [review]\n---\n"
    brief, problems = read(tmp_path, text)
    assert problems == []
    assert brief.deliverables[0].stages == ("review",)


def test_due_with_offset_becomes_utc(tmp_path):
    brief, problems = read(tmp_path, BASE.replace("2027-02-10", "2027-02-10T18:00+05:30"))
    assert problems == []
    assert brief.deliverables[0].due == datetime(2027, 2, 10, 12, 30, tzinfo=UTC)


def test_naive_due_is_read_in_the_campaign_timezone(tmp_path):
    brief, problems = read(tmp_path, BASE.replace("2027-02-10", "2027-07-10 18:00"))
    assert problems == []
    assert brief.deliverables[0].due == datetime(2027, 7, 10, 16, 0, tzinfo=UTC)  # CEST


def test_quoted_dates_are_read_too(tmp_path):
    brief, problems = read(tmp_path, BASE.replace("2027-02-10", '"2027-02-10"'))
    assert problems == []
    assert brief.deliverables[0].due == date(2027, 2, 10)


def test_asset_written_with_its_folder_is_cleaned(tmp_path):
    brief, problems = read(
        tmp_path, BASE.replace("asset: hero.jpg", "asset: assets/soldes/hero.jpg")
    )
    assert brief.deliverables[0].asset == "hero.jpg"
    assert [p.line for p in problems] == [11]
    assert 'relative to assets/soldes/: write "hero.jpg"' in problems[0].message


DUE = "    due: 2027-02-10"
LEGAL = "    approvers: [carol]"


def after_due(extra: str) -> tuple[str, str]:
    """A change that adds lines after the first deliverable's due date."""
    return (DUE, DUE + extra)


# Each case: what replaces what in BASE (or a whole text), the line, a phrase.
CASES = [
    (
        "broken yaml",
        ("title: Soldes de printemps 2027", "title: Soldes: printemps"),
        2,
        "mapping values are not allowed",
    ),
    (
        "unknown top-level key",
        ("timezone:", "timezon:"),
        3,
        'unknown key "timezon" in the front matter (did you mean "timezone"?)',
    ),
    (
        "unknown stage key",
        ("    approvers: [carol]", "    aprovers: [carol]"),
        8,
        'unknown key "aprovers" in stages[1] (did you mean "approvers"?)',
    ),
    (
        "unknown deliverable key",
        ("    due: 2027-02-10", "    dues: 2027-02-10"),
        12,
        'unknown key "dues" in deliverables[0] (did you mean "due"?)',
    ),
    (
        "unknown key without suggestion",
        ("timezone:", "colour: red\ntimezone:"),
        3,
        'unknown key "colour" in the front matter; remove it, or use one of: title',
    ),
    (
        "title not text",
        ("title: Soldes de printemps 2027", "title: 2027"),
        2,
        "title must be text, for example 'title: Soldes de printemps 2027'; got the number 2027",
    ),
    (
        "required not a number",
        (LEGAL, LEGAL + "\n    required: one"),
        9,
        "stages[1].required must be a whole number, for example 'required: 1'",
    ),
    (
        "approvers not a list",
        ("approvers: [carol]", "approvers: carol"),
        8,
        "stages[1].approvers must be a list, for example 'approvers: [alice, bob]'; got \"carol\"",
    ),
    (
        "approver is a yes",
        ("approvers: [carol]", "approvers: [yes]"),
        8,
        "YAML reads yes, no, on, off as true or false",
    ),
    (
        "approvers empty",
        ("approvers: [carol]", "approvers: []"),
        8,
        "stages[1].approvers is empty; list at least one login",
    ),
    (
        "approver with a space",
        ("approvers: [carol]", "approvers: [carol smith]"),
        8,
        'must be a login without spaces, e.g. "alice"; got "carol smith"',
    ),
    (
        "required zero",
        (LEGAL, LEGAL + "\n    required: 0"),
        9,
        "stages[1].required must be 1 or more",
    ),
    (
        "bad timezone",
        ("Europe/Paris", "Europe/Pars"),
        3,
        'unknown timezone "Europe/Pars" (did you mean "Europe/Paris"?)',
    ),
    (
        "timezone as a city",
        ("Europe/Paris", "Paris"),
        3,
        'unknown timezone "Paris" (did you mean "Europe/Paris"?)',
    ),
    (
        "duplicate stage",
        ("  - name: legal", "  - name: brand"),
        7,
        'stage "brand" is declared twice (first at line 5)',
    ),
    (
        "duplicate approver",
        ("[alice, bob]", "[alice, alice]"),
        6,
        'approver "alice" is listed twice in stage "brand"',
    ),
    (
        "duplicate deliverable",
        after_due("\n  - id: hero\n    asset: b.jpg"),
        13,
        'deliverable id "hero" is used twice (first at line 10)',
    ),
    (
        "unknown stage in deliverable",
        after_due("\n    stages: [brand, legl]"),
        13,
        'stage "legl" is not a stage of this campaign (did you mean "legal"?); '
        "the stages are: brand, legal",
    ),
    (
        "deliverable stage listed twice",
        after_due("\n    stages: [brand, brand]"),
        13,
        'stage "brand" is listed twice',
    ),
    (
        "deliverable stages empty",
        after_due("\n    stages: []"),
        13,
        "deliverables[0].stages is empty; list at least one stage",
    ),
    (
        "required over approvers",
        (LEGAL, LEGAL + "\n    required: 2"),
        9,
        'stage "legal" requires 2 approvals but has only 1 approver; lower required to 1',
    ),
    (
        "asset with ..",
        ("asset: hero.jpg", "asset: ../hiver/hero.jpg"),
        11,
        'asset "../hiver/hero.jpg" goes outside assets/soldes/ with ".."',
    ),
    (
        "absolute asset",
        ("asset: hero.jpg", "asset: /home/marie/hero.jpg"),
        11,
        'asset "/home/marie/hero.jpg" is an absolute path',
    ),
    ("windows asset", ("asset: hero.jpg", "asset: 'C:\\hero.jpg'"), 11, "is an absolute path"),
    (
        "backslash asset",
        ("asset: hero.jpg", "asset: 'social\\story.mp4'"),
        11,
        'write it with forward slashes: "social/story.mp4"',
    ),
    (
        "due not a date",
        ("due: 2027-02-10", "due: tomorrow"),
        12,
        "deliverables[0].due must be a date like 2027-02-10 or a date and time like "
        '2027-02-10T18:00+01:00; got "tomorrow"',
    ),
    (
        "due impossible",
        ("due: 2027-02-10", "due: 2027-02-30"),
        12,
        '"2027-02-30" is not a valid date (day is out of range for month)',
    ),
    (
        "due quoted impossible",
        ("due: 2027-02-10", 'due: "2027-02-30"'),
        12,
        'deliverables[0].due "2027-02-30" is not a real date',
    ),
    (
        "launch a number",
        ("timezone: Europe/Paris", "timezone: Europe/Paris\nlaunch: 20270301"),
        4,
        "launch must be a date like 2027-02-10",
    ),
    (
        "tags not a list",
        ("timezone: Europe/Paris", "timezone: Europe/Paris\ntags: retail"),
        4,
        "tags must be a list, for example 'tags: [retail, printemps]'",
    ),
    (
        "tag not text",
        ("timezone: Europe/Paris", "timezone: Europe/Paris\ntags: [retail, 2027]"),
        4,
        "tags[1] must be text",
    ),
    (
        "stage without name",
        ("  - name: legal\n", "  - approvers: [dora]\n  - name: legal\n"),
        7,
        'stages[1] has no "name"; add it, e.g. name: brand',
    ),
    (
        "deliverable without asset",
        ("    asset: hero.jpg\n", ""),
        10,
        'deliverables[0] has no "asset"; add it, e.g. asset: hero.jpg',
    ),
    (
        "missing title",
        ("title: Soldes de printemps 2027\n", ""),
        2,
        "the brief has no title; add 'title: <campaign name>'",
    ),
    (
        "derived_from unknown",
        after_due("\n    derived_from: heros"),
        13,
        'derived_from "heros" is not a deliverable id',
    ),
    (
        "derived_from loop",
        (
            "    due: 2027-02-10",
            "    derived_from: b\n  - id: b\n    asset: b.jpg\n    derived_from: hero",
        ),
        12,
        "derived_from makes a loop (hero -> b -> hero)",
    ),
    (
        "focus out of range",
        after_due("\n    focus: [0.5, 1.5]"),
        13,
        "must be [x, y], two fractions between 0 and 1",
    ),
    (
        "duplicate key",
        ("timezone: Europe/Paris", "timezone: Europe/Paris\ntimezone: UTC"),
        4,
        'duplicate key "timezone" (first at line 3)',
    ),
    (
        "alias",
        (LEGAL, "    approvers: *brand"),
        8,
        "aliases (*brand) are not allowed",
    ),
    (
        "tab indentation",
        ("  - name: legal\n    approvers", "  - name: legal\n\tapprovers"),
        8,
        "a tab is used here; indent with spaces",
    ),
    (
        "python tag",
        ("title: Soldes de printemps 2027", "title: !!python/name:os.system x"),
        2,
        "the tag !!python/name:os.system is not allowed",
    ),
    ("empty file", "", 1, "the brief is empty; start the file with a '---' line"),
    ("blank file", "\n\n  \n", 1, "the brief is empty"),
    ("missing front matter", "# Soldes\n\ntitle: x\n", 1, "the brief has no front matter"),
    ("unclosed front matter", "---\ntitle: x\n\n# Brief\n", 1, "never closed; add a '---' line"),
    ("empty front matter", "---\n---\nBody\n", 2, "the front matter is empty"),
    (
        "front matter is a list",
        "---\n- title\n- owner\n---\n",
        2,
        "the front matter must be a mapping of 'key: value' lines, not a list",
    ),
    ("front matter is text", "---\nSoldes de printemps\n---\n", 2, "not a single value"),
    (
        "non-utf8",
        "---\ntitle: Soldes\nowner: h\xe9l\xe8ne\n---\n".encode("latin-1"),
        3,
        "the brief is not UTF-8 text (byte 0xe9 cannot be read); save it as UTF-8",
    ),
    (
        "nul bytes",
        b"---\ntitle: Soldes\n---\nBody\n\x00\x00\x00",
        5,
        "the brief contains NUL bytes",
    ),
    ("multiple documents are a closing line", "---\ntitle: A\n---\ntitle: B\n---\n", None, None),
]


def apply(case) -> str | bytes:
    if isinstance(case, tuple):
        old, new = case
        assert old in BASE, old
        return BASE.replace(old, new, 1)
    return case


@pytest.mark.parametrize(("name", "change", "line", "phrase"), CASES, ids=[c[0] for c in CASES])
def test_bad_brief(tmp_path, name, change, line, phrase):
    brief, problems = read(tmp_path, apply(change))
    assert isinstance(brief, Brief)
    if line is None:  # not a mistake after all
        assert problems == [] and brief.ok
        return
    errs = errors(problems)
    assert errs, problems
    assert not brief.ok
    found = [p for p in errs if phrase in p.message]
    assert found, [str(p) for p in problems]
    assert found[0].line == line, str(found[0])
    assert found[0].path == "content/campaigns/soldes/index.md"
    # One mistake, one error: no cascade of follow-up errors.
    assert len(errs) == 1, [str(p) for p in problems]
    assert brief.title  # pages still render


def test_title_falls_back_to_the_campaign_id(tmp_path):
    brief, _problems = read(tmp_path, BASE.replace("title: Soldes de printemps 2027", "title: 12"))
    assert brief.title == "soldes" and not brief.ok
    brief, _problems = read(tmp_path, "# no front matter\n")
    assert brief.title == "soldes" and brief.body == "# no front matter\n"


def test_several_mistakes_are_all_reported_in_line_order(tmp_path):
    text = (
        BASE.replace("Europe/Paris", "Europe/Pars")
        .replace("    approvers: [carol]", "    aprovers: [carol]")
        .replace("asset: hero.jpg", "asset: ../hero.jpg")
    )
    brief, problems = read(tmp_path, text)
    assert [p.line for p in problems] == [3, 8, 11]
    assert not brief.ok
    assert brief.timezone == "UTC"
    assert brief.deliverables == ()  # an asset outside the campaign folder is never kept


def test_billion_laughs_is_one_error(tmp_path):
    lol = [
        "---",
        "title: Soldes",
        'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    ]
    for n in range(1, 12):
        lol.append(f"a{n}: &a{n} [" + ",".join([f"*a{n - 1}"] * 9) + "]")
    brief, problems = read(tmp_path, "\n".join(lol + ["---", ""]))
    assert len(problems) == 1
    assert problems[0].line == 4
    assert "aliases (*a0) are not allowed in Proofroom files" in problems[0].message
    assert not brief.ok


def test_huge_file(tmp_path):
    text = "---\ntitle: Soldes\n---\n" + ("Lorem ipsum dolor sit amet.\n" * 40_000)
    brief, problems = read(tmp_path, text)
    assert [p.line for p in problems] == [0]
    assert "over the 1,000,000-byte limit" in problems[0].message
    assert str(problems[0]).startswith("content/campaigns/soldes/index.md: error: the brief is")
    assert not brief.ok and brief.title == "soldes"


def test_missing_file(tmp_path):
    brief, problems = read_brief(
        tmp_path / "content/campaigns/nope/index.md", workspace=tmp_path, campaign="nope"
    )
    assert [(p.path, p.line) for p in problems] == [("content/campaigns/nope/index.md", 0)]
    assert "does not exist" in problems[0].message and not brief.ok


def test_brief_linked_outside_the_workspace(tmp_path):
    outside = tmp_path / "outside.md"
    outside.write_text(BASE, encoding="utf-8")
    workspace = tmp_path / "ws"
    folder = workspace / "content" / "campaigns" / "soldes"
    folder.mkdir(parents=True)
    (folder / "index.md").symlink_to(outside)
    brief, problems = read_brief(folder / "index.md", workspace=workspace, campaign="soldes")
    assert len(problems) == 1 and "outside the workspace" in problems[0].message
    assert not brief.ok


def test_read_text_file(tmp_path):
    good = tmp_path / "a.md"
    good.write_bytes("\ufeffligne 1\r\nligne 2\r\n".encode())
    assert read_text_file(good, "a.md") == ("ligne 1\nligne 2\n", [])
    big = tmp_path / "b.md"
    big.write_bytes(b"x" * 101)
    text, problems = read_text_file(big, "b.md", max_bytes=100, what="the page")
    assert text is None and "the page is 101 bytes, over the 100-byte limit" in problems[0].message
    text, problems = read_text_file(tmp_path, ".", what="the page")
    assert text is None and "is a folder" in problems[0].message


def test_check_asset():
    assert check_asset("hero.jpg", "c") == ("hero.jpg", None)
    assert check_asset("social/story.mp4", "c") == ("social/story.mp4", None)
    assert check_asset("./hero.jpg", "c")[0] == "hero.jpg"
    assert check_asset("a//b.png", "c") == (
        "a/b.png",
        'asset "a//b.png" is not a clean path; write "a/b.png"',
    )
    assert check_asset("a/../../b.png", "c")[0] is None
    assert check_asset("~/b.png", "c")[0] is None
    assert check_asset("\\\\server\\b.png", "c")[0] is None
    assert check_asset(".", "c")[0] is None


def test_label():
    assert label(()) == "the front matter"
    assert label(("stages", 1, "approvers", 0)) == "stages[1].approvers[0]"


def test_did_you_mean():
    assert (
        did_you_mean("aprovers", ["name", "approvers", "required"])
        == ' (did you mean "approvers"?)'
    )
    assert did_you_mean("TITLE", ["title", "owner"]) == ' (did you mean "title"?)'
    assert did_you_mean("colour", ["title", "owner"]) == ""
    assert did_you_mean("title", ["title"]) == ""
    assert did_you_mean("", ["title"]) == ""


def test_schema_ships_and_is_valid():
    text = files("proofroom.schemas").joinpath("brief.schema.json").read_text("utf-8")
    schema = json.loads(text)
    Draft202012Validator.check_schema(schema)
    assert load_schema("brief") == schema
    assert schema["additionalProperties"] is False
    for name in ("stage", "deliverable"):
        assert schema["$defs"][name]["additionalProperties"] is False
    deliverable = schema["$defs"]["deliverable"]["properties"]
    assert {"alt", "focus", "derived_from", "notes"} <= set(deliverable)
    assert all("description" in p for p in schema["properties"].values())


def test_mutated_briefs_never_raise(tmp_path):
    rng = random.Random(1234)
    source = FR_BRIEF.encode()
    for n in range(300):
        data = bytearray(source)
        for _ in range(rng.randint(1, 5)):
            pos = rng.randrange(len(data))
            data[pos] = rng.choice(b"\x00\xe9:-[]{}&*!#|>'\"\t\n %@`?,.0123456789")
        brief, problems = read(tmp_path, bytes(data), campaign=f"c{n}")
        assert isinstance(brief, Brief)
        assert brief.ok == (not errors(problems))
        assert all(isinstance(p, Problem) and p.line >= 0 for p in problems)
