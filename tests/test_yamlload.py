"""The safe YAML loader: values, line numbers, and one problem per bad input."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from proofroom.core.inputs.yamlload import (
    Loaded,
    decode_text,
    has_unclosed_front_matter,
    load_yaml,
    split_front_matter,
)
from proofroom.core.problems import Problem

DECISION = """\
asset: assets/soldes-printemps/hero.jpg
version: 3
sha: 8f3a2c1
reviewer: alice
decision: changes_requested
summary: Le logo est trop petit
comments:
  - text: Agrandir le logo
    pin: [0.42, 0.18]
  - text: Couper après le logo
    time: 12.4
"""


def load(text, **kw) -> tuple[Loaded | None, list[Problem]]:
    kw.setdefault("path", "reviews/x.yml")
    return load_yaml(text, **kw)


def only_problem(text, **kw) -> Problem:
    loaded, problems = load(text, **kw)
    assert loaded is None
    assert len(problems) == 1, problems
    assert problems[0].severity == "error"
    return problems[0]


def test_values_and_lines_of_a_decision_file():
    loaded, problems = load(DECISION)
    assert problems == []
    assert loaded.data["sha"] == "8f3a2c1"
    assert loaded.data["version"] == 3
    assert loaded.data["comments"][0]["pin"] == [0.42, 0.18]
    assert loaded.data["comments"][1]["text"] == "Couper après le logo"
    assert loaded.lines[()] == 1
    assert loaded.lines[("reviewer",)] == 4
    assert loaded.lines[("comments", 0)] == 8
    assert loaded.lines[("comments", 1, "time")] == 11
    assert loaded.lines[("comments", 0, "pin", 1)] == 9


def test_line_of_falls_back_to_the_nearest_ancestor():
    loaded, _ = load(DECISION)
    assert loaded.line_of(("comments", 1, "nope", 4)) == 10
    assert loaded.line_of(("missing",)) == 1
    assert loaded.line_of(()) == 1


def test_first_line_offsets_every_line():
    loaded, _ = load("title: x\nstages:\n  - name: brand\n", first_line=2)
    assert loaded.lines[()] == 2
    assert loaded.lines[("stages", 0, "name")] == 4


def test_dates_and_datetimes():
    text = (
        "a: 2027-02-10\n"
        "b: 2027-02-10 18:00\n"
        "c: 2027-02-10T18:00+01:00\n"
        "d: 2027-02-10T18:00:30Z\n"
        'e: "2027-02-10"\n'
        "f: 2027-02-10 18:00:00.5 -05:30\n"
    )
    loaded, problems = load(text)
    assert problems == []
    data = loaded.data
    assert data["a"] == date(2027, 2, 10) and not isinstance(data["a"], datetime)
    assert data["b"] == datetime(2027, 2, 10, 18, 0)
    assert data["b"].tzinfo is None
    assert data["c"] == datetime(2027, 2, 10, 17, 0, tzinfo=UTC)
    assert data["d"] == datetime(2027, 2, 10, 18, 0, 30, tzinfo=UTC)
    assert data["e"] == "2027-02-10"
    tz = timezone(-timedelta(hours=5, minutes=30))
    assert data["f"] == datetime(2027, 2, 10, 18, 0, 0, 500000, tzinfo=tz)


def test_yaml_11_booleans_stay_booleans_and_keys_stay_as_written():
    loaded, problems = load("on: yes\nno: off\nnull: ~\n2027: x\n")
    assert problems == []
    assert loaded.data == {"on": True, "no": False, "null": None, "2027": "x"}


def test_empty_document_is_none_unless_a_mapping_is_expected():
    loaded, problems = load("# only a comment\n")
    assert problems == [] and loaded.data is None
    problem = only_problem("", expect_mapping=True, what="the decision")
    assert problem.line == 1
    assert "the decision is empty" in problem.message


def test_a_list_is_refused_when_a_mapping_is_expected():
    problem = only_problem("- a\n- b\n", expect_mapping=True, first_line=2)
    assert problem.line == 2
    assert "must be a mapping" in problem.message and "not a list" in problem.message


def test_broken_yaml_gives_the_parser_line():
    problem = only_problem("a: 1\nb: c: d\n")
    assert problem.line == 2
    assert "invalid YAML" in problem.message
    assert "mapping values are not allowed" in problem.message


def test_unclosed_flow_list():
    problem = only_problem("a: [1, 2\nb: 3\n")
    assert "invalid YAML" in problem.message
    assert problem.line in (2, 3)


def test_tab_indentation():
    problem = only_problem("a:\n\tb: 1\n")
    assert problem.line == 2
    assert "indent with spaces" in problem.message


def test_duplicate_keys_are_errors():
    problem = only_problem("a: 1\nb:\n  c: 1\n  c: 2\n")
    assert problem.line == 4
    assert 'duplicate key "c" (first at line 3)' in problem.message


def test_aliases_are_refused():
    problem = only_problem("a: &x [1, 2]\nb: *x\n")
    assert problem.line == 2
    assert "aliases (*x) are not allowed in Proofroom files" in problem.message


def test_billion_laughs_stops_at_the_first_alias():
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n in range(1, 10):
        prev, cur = chr(ord("a") + n - 1), chr(ord("a") + n)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    problem = only_problem("\n".join(lines) + "\n")
    assert problem.line == 2
    assert "aliases (*a)" in problem.message


def test_undefined_alias_is_an_alias_error():
    problem = only_problem("a: *nope\n")
    assert "aliases (*nope)" in problem.message


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ("a: 1\nb: !!python/object/apply:os.system [ls]\n", "!!python/object/apply:os.system"),
        ("a: 1\nb: !!set {x, y}\n", "!!set"),
        ("a: 1\nb: !!binary aGVsbG8=\n", "!!binary"),
        ("a: 1\nb: !custom x\n", "!custom"),
    ],
)
def test_non_standard_tags_are_refused(text, tag):
    problem = only_problem(text)
    assert problem.line == 2
    assert f"the tag {tag} is not allowed" in problem.message


def test_standard_tags_are_fine():
    loaded, problems = load("a: !!str 123\nb: !!int '7'\nc: !!float 1\n")
    assert problems == []
    assert loaded.data == {"a": "123", "b": 7, "c": 1.0}


def test_bad_value_for_an_explicit_tag():
    problem = only_problem("a: 1\nb: !!int seven\n")
    assert problem.line == 2
    assert '"seven" is not a valid whole number' in problem.message


def test_impossible_date():
    problem = only_problem("due: 2027-02-30\n")
    assert problem.line == 1
    assert '"2027-02-30" is not a valid date' in problem.message


def test_merge_keys_are_refused():
    problem = only_problem("a:\n  <<: {x: 1}\n")
    assert problem.line == 2
    assert "merge keys (<<)" in problem.message


def test_complex_keys_are_refused():
    problem = only_problem("a: 1\n? [x, y]\n: 2\n")
    assert problem.line == 2
    assert "a key must be plain text" in problem.message


def test_multiple_documents():
    problem = only_problem("a: 1\n---\nb: 2\n")
    assert problem.line == 2
    assert "a second YAML document" in problem.message


@pytest.mark.parametrize("shape", ["flow", "block"])
def test_deep_nesting_is_one_problem_not_a_crash(shape):
    depth = 200_000
    text = "a: " + "[" * depth + "]" * depth if shape == "flow" else "- " * depth + "x\n"
    problem = only_problem(text)
    assert problem.line == 1
    assert "nested more than 64 levels" in problem.message


def test_too_big():
    problem = only_problem("a: " + "x" * 2000 + "\n", max_bytes=1000, first_line=2)
    assert problem.line == 2
    assert "over the 1,000-byte limit" in problem.message


def test_too_big_counts_bytes_not_characters():
    text = "a: " + "é" * 600 + "\n"  # 604 characters, 1,204 bytes
    assert "over the 1,000-byte limit" in only_problem(text, max_bytes=1000).message
    loaded, problems = load(text, max_bytes=2000)
    assert problems == [] and loaded.data["a"] == "é" * 600


def test_non_utf8_bytes_give_the_line_of_the_first_bad_byte():
    problem = only_problem(b"a: 1\nb: 2\nc: caf\xe9\n")
    assert problem.line == 3
    assert "not UTF-8" in problem.message and "0xe9" in problem.message


def test_nul_bytes():
    problem = only_problem(b"a: 1\nb: \x00\x00\n", first_line=2)
    assert problem.line == 3
    assert "NUL bytes" in problem.message


def test_binary_garbage():
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256))
    problem = only_problem(png)
    assert problem.line == 1
    assert "not UTF-8" in problem.message and "binary file" in problem.message


def test_control_character():
    problem = only_problem("a: 1\nb: bell\x07\n")
    assert problem.line == 2
    assert "control character U+0007" in problem.message


def test_utf16_is_named():
    problem = only_problem("a: 1\n".encode("utf-16"))
    assert "UTF-16" in problem.message


def test_bom_and_crlf_are_fine():
    loaded, problems = load("\ufeffa: 1\r\nb: deux\r\n".encode())
    assert problems == []
    assert loaded.data == {"a": 1, "b": "deux"}
    assert loaded.lines[("b",)] == 2


def test_decode_text_normalises_newlines():
    text, problems = decode_text(b"a\r\nb\rc\n", path="x")
    assert problems == [] and text == "a\nb\nc\n"


def test_problem_string_has_path_and_line():
    problem = only_problem("a: 1\na: 2\n", path="reviews/soldes/hero/x.yml")
    assert str(problem).startswith("reviews/soldes/hero/x.yml:2: error: duplicate key")


def test_split_front_matter():
    text = "---\ntitle: Soldes\ntags: [a]\n---\n# Brief\n\nTexte.\n"
    assert split_front_matter(text) == ("title: Soldes\ntags: [a]\n", 2, "# Brief\n\nTexte.\n")


def test_split_front_matter_variants():
    assert split_front_matter("---\n---\n") == ("", 2, "")
    assert split_front_matter("---  \ntitle: x\n...\nbody") == ("title: x\n", 2, "body")
    assert split_front_matter("# no front matter\n") == (None, 0, "# no front matter\n")
    assert split_front_matter("") == (None, 0, "")
    assert split_front_matter("---\ntitle: x\n") == (None, 0, "---\ntitle: x\n")
    assert has_unclosed_front_matter("---\ntitle: x\n")
    assert not has_unclosed_front_matter("# title\n")
    assert not has_unclosed_front_matter("---\ntitle: x\n---\n")


def test_garbage_never_raises():
    import random

    rng = random.Random(20270210)
    seeds = [DECISION.encode(), b"a: [1, {b: &x c}, *x]\n", b"---\n- !!set\n? a\n"]
    for _ in range(400):
        data = bytearray(rng.choice(seeds))
        for _ in range(rng.randint(1, 6)):
            pos = rng.randrange(len(data))
            data[pos] = rng.choice(b"\x00\xff:-[]{}&*!#|>'\"\t\n %@`?,")
        loaded, problems = load(bytes(data), expect_mapping=rng.random() < 0.5)
        assert (loaded is None) == bool(problems)
        assert len(problems) <= 1
        assert all(p.line >= 1 for p in problems)
