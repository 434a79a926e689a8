"""`proofroom review` and `proofroom import`, end to end in real git workspaces.

A decision file is the only thing these commands produce: each test checks where it
lands, what it holds (read back by the real reader), what it does to the status once it
lands, and that a mistake writes nothing and says one clear line.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers.cli import (
    PROOFROOM,
    deliverables,
    invoke,
    no_traceback,
    one_error_line,
    run,
    status_json,
)
from helpers.gitrepo import GitRepo, blob, copy_repo
from helpers.workspaces import BRIEF, HOSTILE, campaign_workspace

from proofroom.cli import main
from proofroom.core.inputs.decisions import read_decision

NOW = "2027-01-21T10:00:00Z"
STAMP = "20270121T1000Z"
HERO = "assets/soldes/hero.jpg"
BANNER = "assets/soldes/banner.png"


# -- workspaces: one history built per module, a fresh copy per test --------------------


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = campaign_workspace(GitRepo(tmp_path_factory.mktemp("template") / "repo"))
    return repo.path


@pytest.fixture
def ws(template: Path, tmp_path: Path) -> GitRepo:
    """The campaign workspace (hero v3 = v1's content, banner v1), clean work tree."""
    return copy_repo(template, tmp_path / "ws")


def review_files(repo: GitRepo) -> list[str]:
    """Every file under reviews/, workspace-relative (what a command may have written)."""
    folder = repo.path / "reviews"
    if not folder.exists():
        return []
    return sorted(p.relative_to(repo.path).as_posix() for p in folder.rglob("*") if p.is_file())


def read_back(repo: GitRepo, rel: str):
    decision, problems = read_decision(repo.path / rel, workspace=repo.path)
    assert decision is not None, problems
    assert not [p for p in problems if p.is_error], problems
    return decision


def review(repo: GitRepo, *args: str, now: str = NOW):
    return invoke("-C", str(repo.path), "review", *args, "--now", now)


def land(repo: GitRepo, message: str, date: str) -> str:
    """Commit what the command wrote (the decision lands on main)."""
    return repo.commit(message, date=date, author="Carol <carol@example.com>")


# -- review -----------------------------------------------------------------------------


def test_review_writes_the_canonical_file_and_prints_its_path(ws: GitRepo) -> None:
    result = review(ws, HERO, "-d", "approved", "-r", "alice", "-s", "Logo OK")
    assert result.exit_code == 0, result.output
    rel = f"reviews/soldes/hero/{STAMP}-alice.yml"
    assert result.stdout == f"{rel}\n"
    assert review_files(ws) == [rel]
    decision = read_back(ws, rel)
    assert decision.asset == HERO
    assert blob(ws, HERO).startswith(decision.sha) and len(decision.sha) >= 7
    assert decision.version == 3
    assert (decision.reviewer, decision.decision, decision.summary) == (
        "alice",
        "approved",
        "Logo OK",
    )
    assert decision.comments == ()


def test_review_file_name_is_the_utc_minute(ws: GitRepo) -> None:
    result = review(ws, HERO, "-d", "comment", "-r", "bob", now="2027-01-21T00:30:59+01:00")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "reviews/soldes/hero/20270120T2330Z-bob.yml"


def test_brand_then_legal_approval_moves_the_status(ws: GitRepo) -> None:
    before = deliverables(status_json(ws.path, "--now", NOW), "soldes")["hero"]
    assert (before["status"], before["stage"]) == ("in_review", "brand")

    assert review(ws, HERO, "-d", "approved", "-r", "alice").exit_code == 0
    land(ws, "Brand approves the hero", "2027-01-21T11:00:00+01:00")
    after_brand = deliverables(status_json(ws.path, "--now", NOW), "soldes")
    assert (after_brand["hero"]["status"], after_brand["hero"]["stage"]) == ("in_review", "legal")
    assert after_brand["banner"]["stage"] == "brand"  # another deliverable is untouched

    assert (
        review(ws, HERO, "-d", "approved", "-r", "carol", now="2027-01-22T09:00:00Z").exit_code == 0
    )
    land(ws, "Legal approves the hero", "2027-01-22T11:00:00+01:00")
    done = deliverables(status_json(ws.path, "--now", NOW), "soldes")["hero"]
    assert (done["status"], done["stage"]) == ("approved", None)


def test_changes_requested_stops_the_flow(ws: GitRepo) -> None:
    result = review(ws, HERO, "-d", "changes_requested", "-r", "bob", "--comment", "Plus grand")
    assert result.exit_code == 0, result.output
    land(ws, "Brand asks for changes", "2027-01-21T11:00:00+01:00")
    hero = deliverables(status_json(ws.path, "--now", NOW), "soldes")["hero"]
    assert (hero["status"], hero["stage"]) == ("changes_requested", "brand")


def test_a_second_review_in_the_same_minute_never_overwrites(ws: GitRepo) -> None:
    first = review(ws, HERO, "-d", "approved", "-r", "alice", "-s", "first")
    second = review(ws, HERO, "-d", "changes_requested", "-r", "alice", "-s", "second")
    assert first.exit_code == 0 and second.exit_code == 0, second.output
    assert first.stdout.strip() == f"reviews/soldes/hero/{STAMP}-alice.yml"
    assert second.stdout.strip() == f"reviews/soldes/hero/{STAMP}-alice-2.yml"
    assert read_back(ws, first.stdout.strip()).summary == "first"
    assert read_back(ws, second.stdout.strip()).summary == "second"
    assert not list(ws.path.joinpath("reviews").rglob("*.tmp"))  # no temp file left


def test_pins_boxes_and_comments_round_trip(ws: GitRepo) -> None:
    result = review(
        ws,
        HERO,
        "-d",
        "approved_with_changes",
        "-r",
        "bob",
        "--comment",
        "Général: 'ok' # presque",
        "--pin",
        "0.42,0.18",
        "Agrandir le logo",
        "--box",
        "0.1,0.2,0.5,0.3",
        "Recadrer",
        "--pin",
        "0,1",
        "Coin",
        "--summary",
        HOSTILE,
    )
    assert result.exit_code == 0, result.output
    decision = read_back(ws, result.stdout.strip())
    assert decision.summary == HOSTILE
    by_text = {c.text: c for c in decision.comments}
    assert set(by_text) == {"Général: 'ok' # presque", "Agrandir le logo", "Recadrer", "Coin"}
    assert by_text["Agrandir le logo"].pin == (0.42, 0.18)
    assert by_text["Coin"].pin == (0.0, 1.0)
    assert by_text["Recadrer"].box == (0.1, 0.2, 0.5, 0.3)
    assert by_text["Général: 'ok' # presque"].pin is None


@pytest.mark.parametrize(
    ("option", "where", "says"),
    [
        ("--pin", "1.2,0.3", "between 0 and 1"),
        ("--pin", "-0.1,0.3", "between 0 and 1"),
        ("--pin", "0.5", "2 fractions"),
        ("--pin", "0.5,0.5,0.5", "2 fractions"),
        ("--pin", "half,0.5", "2 fractions"),
        ("--pin", "nan,0.5", "between 0 and 1"),
        ("--box", "0.1,0.1,0.5", "4 fractions"),
        ("--box", "0.6,0.1,0.5,0.2", "overflows"),
        ("--box", "0.1,0.7,0.2,0.5", "overflows"),
        ("--box", "0.1,0.1,0,0.2", "no width or height"),
        ("--box", "0.1,0.1,1.5,0.2", "between 0 and 1"),
    ],
)
def test_bad_placements_are_usage_errors(ws: GitRepo, option: str, where: str, says: str) -> None:
    result = CliRunner().invoke(
        main,
        ["-C", str(ws.path), "review", HERO, "-d", "comment", "-r", "bob", option, where, "x"],
    )
    assert result.exit_code == 2
    assert option in result.stderr and says in result.stderr
    no_traceback(result.output)
    assert review_files(ws) == []


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["-d", "aproved", "-r", "alice"], "Invalid value for '--decision'"),
        (["-d", "APPROVED", "-r", "alice"], "Invalid value for '--decision'"),
        (["-r", "alice"], "Missing option '--decision'"),
        (["-d", "approved"], "Missing option '--reviewer'"),
        (["-d", "approved", "-r", " "], "the reviewer login is empty"),
        (["-d", "approved", "-r", "Alice Martin"], "without spaces"),
        (["-d", "approved", "-r", "alice", "--stage", ""], "the stage is empty"),
        (["-d", "approved", "-r", "alice", "--comment", " "], "the comment text is empty"),
        (["-d", "approved", "-r", "alice", "--pin", "0.1,0.1", ""], "the comment text is empty"),
        (["-d", "approved", "-r", "alice", "--now", "tomorrow"], "ISO 8601"),
    ],
)
def test_usage_errors_write_nothing(ws: GitRepo, args: list[str], says: str) -> None:
    result = CliRunner().invoke(main, ["-C", str(ws.path), "review", HERO, *args])
    assert result.exit_code == 2
    assert says in result.stderr
    no_traceback(result.output)
    assert review_files(ws) == []


@pytest.mark.parametrize(
    ("asset", "says"),
    [
        ("content/index.md", "must be a path under assets/<campaign>/"),
        ("mkdocs.yml", "must be a path under assets/<campaign>/"),
        ("assets/soldes/nope.jpg", "no committed version"),
        ("assets/soldes/../../mkdocs.yml", "must be a path under assets/<campaign>/"),
        ("/etc/hostname", "absolute path"),
        ("assets/hero.jpg", "names no file of a campaign"),
    ],
)
def test_an_asset_outside_assets_or_missing(ws: GitRepo, asset: str, says: str) -> None:
    result = invoke("-C", str(ws.path), "review", asset, "-d", "approved", "-r", "alice")
    assert result.exit_code == 2
    line = one_error_line(result.stderr)
    assert says in line, line
    assert result.stdout == ""
    assert review_files(ws) == []


def test_an_uncommitted_new_asset_has_no_version_to_review(ws: GitRepo) -> None:
    ws.image("assets/soldes/draft.jpg")
    result = invoke(
        "-C", str(ws.path), "review", "assets/soldes/draft.jpg", "-d", "comment", "-r", "a"
    )
    assert result.exit_code == 2
    assert "commit it first" in one_error_line(result.stderr)
    assert review_files(ws) == []


def test_a_path_relative_to_the_current_folder(ws: GitRepo) -> None:
    folder = ws.path / "assets/soldes"
    proc = run(
        "-C",
        "../..",
        "review",
        "hero.jpg",
        "-d",
        "approved",
        "-r",
        "alice",
        "--now",
        NOW,
        cwd=folder,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == f"reviews/soldes/hero/{STAMP}-alice.yml\n"
    proc = run(
        "-C",
        "../..",
        "review",
        "./banner.png",
        "-d",
        "comment",
        "-r",
        "bob",
        "--now",
        NOW,
        cwd=folder,
    )
    assert proc.returncode == 0, proc.stderr
    assert read_back(ws, proc.stdout.strip()).asset == BANNER
    # written under the workspace, never next to the asset
    assert sorted(p.name for p in folder.iterdir()) == ["banner.png", "hero.jpg"]


def test_review_of_an_older_content_binds_the_current_sha(ws: GitRepo) -> None:
    """hero v3 reverted to v1's content: the decision names v3 and the shared blob."""
    result = review(ws, HERO, "-d", "approved", "-r", "alice")
    decision = read_back(ws, result.stdout.strip())
    assert decision.version == 3
    assert blob(ws, HERO, "HEAD~3") == blob(ws, HERO)  # v1's content
    assert blob(ws, HERO).startswith(decision.sha)


def test_review_warns_about_a_reviewer_who_approves_nothing(ws: GitRepo) -> None:
    result = review(ws, HERO, "-d", "approved", "-r", "zed", "--stage", "brnd")
    assert result.exit_code == 0, result.output
    rel = result.stdout.strip()
    assert rel == f"reviews/soldes/hero/{STAMP}-zed.yml"
    lines = result.stderr.splitlines()
    assert any(ln.startswith(f"{rel}:") and "zed is not an approver" in ln for ln in lines)
    assert any('stage "brnd" is not a stage' in ln for ln in lines)
    assert all(": warning: " in ln for ln in lines)


def test_review_as_a_program(ws: GitRepo) -> None:
    proc = run("review", HERO, "-d", "rejected", "-r", "carol", "--now", NOW, cwd=ws.path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == f"reviews/soldes/hero/{STAMP}-carol.yml\n"
    assert proc.stderr == ""
    bad = run("review", "content/index.md", "-d", "rejected", "-r", "carol", cwd=ws.path)
    assert bad.returncode == 2
    one_error_line(bad.stderr)
    no_traceback(bad.stdout, bad.stderr)
    assert review_files(ws) == [f"reviews/soldes/hero/{STAMP}-carol.yml"]


# -- import -----------------------------------------------------------------------------


def decision_yaml(sha: str, *, reviewer: str = "carol", extra: str = "", asset: str = HERO) -> str:
    """What the site's form produces (the same format as `review`)."""
    return (
        f"asset: {asset}\nversion: 3\nsha: {sha}\nreviewer: {reviewer}\n"
        f"decision: approved\nsummary: Mentions légales OK\n{extra}"
    )


def import_file(repo: GitRepo, tmp_path: Path, data: bytes | str, name: str = "sent.yml"):
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    result = invoke("-C", str(repo.path), "import", str(path), "--now", NOW)
    return result, str(path)


def test_import_files_the_decision_at_its_canonical_path(ws: GitRepo, tmp_path: Path) -> None:
    sha = blob(ws, HERO)[:7]
    extra = "comments:\n  - text: Coquille\n    pin: [0.25, 0.75]\n"
    result, _ = import_file(ws, tmp_path, decision_yaml(sha, extra=extra))
    assert result.exit_code == 0, result.output
    rel = f"reviews/soldes/hero/{STAMP}-carol.yml"
    assert result.stdout == f"{rel}\n"
    assert review_files(ws) == [rel]
    decision = read_back(ws, rel)
    assert (decision.reviewer, decision.decision, decision.summary) == (
        "carol",
        "approved",
        "Mentions légales OK",
    )
    assert blob(ws, HERO).startswith(decision.sha)
    assert decision.comments[0].pin == (0.25, 0.75)
    # what `review` writes, `import` accepts: the two produce the same file
    again = review(ws, HERO, "-d", "approved", "-r", "alice", now="2027-01-21T10:05:00Z")
    made = (ws.path / again.stdout.strip()).read_text(encoding="utf-8")
    ws.remove(again.stdout.strip())
    relayed, _ = import_file(ws, tmp_path, made, name="relayed.yml")
    assert relayed.exit_code == 0, relayed.output
    assert (ws.path / relayed.stdout.strip()).read_text(encoding="utf-8") == made


def test_import_then_landing_moves_the_status(ws: GitRepo, tmp_path: Path) -> None:
    assert review(ws, HERO, "-d", "approved", "-r", "bob").exit_code == 0
    result, _ = import_file(ws, tmp_path, decision_yaml(blob(ws, HERO)[:12]))
    assert result.exit_code == 0, result.output
    land(ws, "Brand and legal decisions", "2027-01-21T12:00:00+01:00")
    hero = deliverables(status_json(ws.path, "--now", NOW), "soldes")["hero"]
    assert hero["status"] == "approved"


def test_import_from_stdin(ws: GitRepo) -> None:
    text = decision_yaml(blob(ws, HERO)[:10])
    result = CliRunner().invoke(
        main, ["-C", str(ws.path), "import", "-", "--now", NOW], input=text.encode("utf-8")
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"reviews/soldes/hero/{STAMP}-carol.yml"
    bad = CliRunner().invoke(main, ["-C", str(ws.path), "import", "-"], input=b"asset: [\n")
    assert bad.exit_code == 1
    assert re.fullmatch(r"<stdin>:\d+: error: invalid YAML.*\n", bad.stderr)


def test_import_from_stdin_as_a_program(ws: GitRepo) -> None:
    text = decision_yaml(blob(ws, HERO)[:8], reviewer="bob")
    proc = subprocess.run(
        [str(PROOFROOM), "import", "-", "--now", NOW],
        cwd=ws.path,
        input=text,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == f"reviews/soldes/hero/{STAMP}-bob.yml\n"
    proc = subprocess.run(
        [str(PROOFROOM), "import", "-"],
        cwd=ws.path,
        input=text.replace("decision: approved", "decision: aproved"),
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1
    no_traceback(proc.stdout, proc.stderr)
    assert proc.stderr.startswith("<stdin>:5: error: unknown decision")
    assert 'did you mean "approved"' in proc.stderr


def _prefix_twins() -> tuple[bytes, bytes, str]:
    """Two small text contents whose git blob SHAs share their first 7 hex digits.

    A birthday search over 28 bits: a few tens of thousands of SHA-1s, milliseconds.
    """
    seen: dict[str, bytes] = {}
    n = 0
    while True:
        content = f"Slogan, variante {n}\n".encode()
        sha = hashlib.sha1(b"blob %d\0" % len(content) + content, usedforsecurity=False).hexdigest()
        if sha[:7] in seen:
            return seen[sha[:7]], content, sha[:7]
        seen[sha[:7]] = content
        n += 1


def _ambiguous_workspace(ws: GitRepo) -> str:
    first, second, prefix = _prefix_twins()
    ws.write("assets/soldes/slogan.txt", first)
    ws.commit("Slogan", date="2027-01-20T10:00:00+01:00")
    ws.write("assets/soldes/slogan.txt", second)
    ws.commit("Slogan, take two", date="2027-01-20T11:00:00+01:00")
    assert blob(ws, "assets/soldes/slogan.txt", "HEAD~1").startswith(prefix)
    assert blob(ws, "assets/soldes/slogan.txt").startswith(prefix)
    return prefix


# (name, decision YAML (a function of the hero's sha and the banner's), what the line says)
# The error line must name the file and the line of the mistake.
BAD_IMPORTS: list[tuple[str, object, int, str]] = [
    ("broken yaml", lambda h, b: "asset: [\nsha: x\n", 3, "invalid YAML"),
    ("tab indent", lambda h, b: f"asset: {HERO}\n\tsha: {h}\n", 2, "tab"),
    ("wrong type", lambda h, b: decision_yaml(h, reviewer="[carol]"), 4, "reviewer must be text"),
    (
        "version text",
        lambda h, b: decision_yaml(h).replace("version: 3", "version: v3"),
        2,
        "'version: 3'",
    ),
    (
        "unknown decision",
        lambda h, b: decision_yaml(h).replace("approved", "aproved"),
        5,
        'unknown decision "aproved"',
    ),
    (
        "decision yes",
        lambda h, b: decision_yaml(h).replace("approved", "yes"),
        5,
        "put the word in quotes",
    ),
    (
        "unknown sha",
        lambda h, b: decision_yaml("0123456789"),
        3,
        "no version of assets/soldes/hero.jpg has sha 0123456789",
    ),
    ("short sha", lambda h, b: decision_yaml(h[:5]), 3, "too short"),
    ("capital sha", lambda h, b: decision_yaml(h.upper()), 3, "lower case"),
    (
        "sha of another asset",
        lambda h, b: decision_yaml(b),
        3,
        "it is v1 of assets/soldes/banner.png",
    ),
    (
        "asset outside assets/",
        lambda h, b: decision_yaml(h, asset="content/index.md"),
        1,
        "must be a path under assets/<campaign>/",
    ),
    (
        "asset with ..",
        lambda h, b: decision_yaml(h, asset="assets/soldes/../../mkdocs.yml"),
        1,
        'goes outside assets/ with ".."',
    ),
    ("absolute asset", lambda h, b: decision_yaml(h, asset="/etc/passwd"), 1, "absolute path"),
    (
        "missing asset",
        lambda h, b: decision_yaml(h, asset="assets/soldes/nope.jpg"),
        1,
        'asset "assets/soldes/nope.jpg" does not exist',
    ),
    (
        "pin out of range",
        lambda h, b: decision_yaml(h, extra="comments:\n  - text: a\n    pin: [1.5, 0.2]\n"),
        9,
        "comments[0].pin must be [x, y]",
    ),
    (
        "pin of three",
        lambda h, b: decision_yaml(h, extra="comments:\n  - text: a\n    pin: [0.1, 0.2, 0.3]\n"),
        9,
        "comments[0].pin must be [x, y]",
    ),
    (
        "box overflow",
        lambda h, b: decision_yaml(
            h, extra="comments:\n  - text: a\n    box: [0.6, 0.1, 0.5, 0.2]\n"
        ),
        9,
        "goes past the right edge",
    ),
    (
        "box without area",
        lambda h, b: decision_yaml(
            h, extra="comments:\n  - text: a\n    box: [0.1, 0.1, 0, 0.2]\n"
        ),
        9,
        "has no area",
    ),
    (
        "negative time",
        lambda h, b: decision_yaml(h, extra="comments:\n  - text: a\n    time: -1\n"),
        9,
        "0 or more seconds",
    ),
    (
        "page 0",
        lambda h, b: decision_yaml(h, extra="comments:\n  - text: a\n    page: 0\n"),
        9,
        "pages count from 1",
    ),
    ("empty reviewer", lambda h, b: decision_yaml(h, reviewer="''"), 4, "reviewer is empty"),
    ("no reviewer", lambda h, b: decision_yaml(h, reviewer=""), 4, "reviewer is empty"),
    (
        "reviewer with a space",
        lambda h, b: decision_yaml(h, reviewer="Carol Dupont"),
        4,
        "login without spaces",
    ),
    (
        "unknown key",
        lambda h, b: decision_yaml(h, extra="verdict: fine\n"),
        7,
        'unknown key "verdict"',
    ),
    (
        "misspelled key",
        lambda h, b: decision_yaml(h).replace("summary:", "sumary:"),
        6,
        'did you mean "summary"',
    ),
    (
        "no sha",
        lambda h, b: (
            "\n".join(ln for ln in decision_yaml(h).splitlines() if not ln.startswith("sha")) + "\n"
        ),
        1,
        'has no "sha"',
    ),
    (
        "version disagrees with sha",
        lambda h, b: decision_yaml(h).replace("version: 3", "version: 2"),
        2,
        "version 2 does not agree with sha",
    ),
    ("non-mapping", lambda h, b: "- approved\n- carol\n", 1, "must be a mapping"),
    ("plain text", lambda h, b: "I approve the hero.\n", 1, "must be a mapping"),
    ("empty file", lambda h, b: "", 1, "is empty"),
    (
        "two documents",
        lambda h, b: decision_yaml(h) + "---\n" + decision_yaml(h),
        7,
        "a second YAML document",
    ),
    (
        "comments not a list",
        lambda h, b: decision_yaml(h, extra="comments: fix it\n"),
        7,
        "comments must be a list",
    ),
    (
        "comment as text",
        lambda h, b: decision_yaml(h, extra="comments:\n  - fix it\n"),
        8,
        "'- text: fix it'",
    ),
    (
        "pin and box",
        lambda h, b: decision_yaml(
            h, extra="comments:\n  - text: a\n    pin: [0.5, 0.2]\n    box: [0.1, 0.1, 0.2, 0.2]\n"
        ),
        10,
        "both a pin and a box",
    ),
    (
        "alias bomb",
        lambda h, b: (
            "a: &a [x, x, x, x, x, x, x, x, x]\n"
            + "".join(
                f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n"
                for i in range(9)
            )
        ),
        2,
        "aliases (*a) are not allowed",
    ),
    (
        "python tag",
        lambda h, b: decision_yaml(h) + "x: !!python/object/apply:os.system ['true']\n",
        7,
        "the tag !!python/object/apply:os.system is not allowed",
    ),
]
BAD_BYTES: list[tuple[str, object, int, str]] = [
    (
        "non-UTF-8",
        lambda h, b: decision_yaml(h).encode() + "summary2: caf\xe9\n".encode("latin-1"),
        7,
        "not UTF-8",
    ),
    ("UTF-16", lambda h, b: decision_yaml(h).encode("utf-16"), 1, "UTF-16"),
    ("binary garbage", lambda h, b: bytes(range(256)) * 4, 1, "NUL bytes"),
    (
        "a JPEG",
        lambda h, b: b"\xff\xd8\xff\xe0\x00\x10JFIF" + bytes(range(1, 255)) * 8,
        1,
        "is it a binary file?",
    ),
    (
        "huge file",
        lambda h, b: (decision_yaml(h) + "# " + "x" * 300_000 + "\n").encode(),
        0,
        "over the 256,000-byte limit",
    ),
    (
        "more than a megabyte",
        lambda h, b: b"# " + b"y" * 3_000_000 + b"\n",
        0,
        "over the 256,000-byte limit",
    ),
]


@pytest.mark.parametrize(
    ("name", "make", "line", "says"),
    BAD_IMPORTS + BAD_BYTES,
    ids=[case[0] for case in BAD_IMPORTS + BAD_BYTES],
)
def test_bad_import_says_one_line_and_writes_nothing(
    ws: GitRepo, tmp_path: Path, name: str, make, line: int, says: str
) -> None:
    data = make(blob(ws, HERO)[:12], blob(ws, BANNER)[:12])
    result, path = import_file(ws, tmp_path, data)
    assert result.exit_code == 1, result.output
    no_traceback(result.output)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    where = f"{path}:{line}" if line else path
    assert lines[0].startswith(f"{where}: error: "), lines[0]
    assert says in lines[0], lines[0]
    assert review_files(ws) == []


def test_bad_import_counts() -> None:
    assert len(BAD_IMPORTS + BAD_BYTES) >= 25
    assert len({case[0] for case in BAD_IMPORTS + BAD_BYTES}) == len(BAD_IMPORTS + BAD_BYTES)


def test_ambiguous_sha_prefix(ws: GitRepo, tmp_path: Path) -> None:
    prefix = _ambiguous_workspace(ws)
    text = decision_yaml(prefix, asset="assets/soldes/slogan.txt").replace("version: 3\n", "")
    result, path = import_file(ws, tmp_path, text)
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"{path}:2: error: sha {prefix} matches v1 and v2"), line
    assert "give more characters" in line
    assert review_files(ws) == []
    # one more character settles it
    full = blob(ws, "assets/soldes/slogan.txt")
    fixed, _ = import_file(ws, tmp_path, text.replace(prefix, full[:12]), name="fixed.yml")
    assert fixed.exit_code == 0, fixed.output
    assert read_back(ws, fixed.stdout.strip()).version is None


def test_duplicate_import_is_refused(ws: GitRepo, tmp_path: Path) -> None:
    text = decision_yaml(blob(ws, HERO)[:12])
    first, _ = import_file(ws, tmp_path, text)
    assert first.exit_code == 0, first.output
    land(ws, "Legal decision", "2027-01-21T12:00:00+01:00")
    # the same file sent twice, even with a shorter sha and later on
    again = CliRunner().invoke(
        main,
        ["-C", str(ws.path), "import", "-", "--now", "2027-01-22T08:00:00Z"],
        input=text.replace(blob(ws, HERO)[:12], blob(ws, HERO)[:7]).encode(),
    )
    assert again.exit_code == 1
    (line,) = again.stderr.splitlines()
    assert line == (
        f"<stdin>: error: this decision is already filed as {first.stdout.strip()}; "
        "nothing to import"
    )
    assert review_files(ws) == [first.stdout.strip()]


def test_import_of_a_missing_file_is_a_usage_error(ws: GitRepo, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["-C", str(ws.path), "import", str(tmp_path / "nope.yml")])
    assert result.exit_code == 2
    assert "No such file or directory" in result.stderr
    no_traceback(result.output)


def test_import_for_a_campaign_whose_brief_is_broken(ws: GitRepo, tmp_path: Path) -> None:
    """The decision is the reviewer's word about one version: it is filed (losing it
    helps nobody), and whoever imports it hears that the brief needs fixing first;
    `validate` then fails on the brief, not on the decision."""
    brief = ws.path / "content/campaigns/soldes/index.md"
    brief.write_text(BRIEF.replace("timezone:", "timezon:"), encoding="utf-8")
    result, _ = import_file(ws, tmp_path, decision_yaml(blob(ws, HERO)[:12]))
    assert result.exit_code == 0, result.output
    rel = f"reviews/soldes/hero/{STAMP}-carol.yml"
    assert result.stdout == f"{rel}\n"
    assert result.stderr.splitlines() == [
        "content/campaigns/soldes/index.md: warning: this brief has 1 error(s), so the "
        "decision may not count as intended; run `proofroom validate` and fix them"
    ]
    check = invoke("-C", str(ws.path), "validate")
    assert check.exit_code == 1
    assert check.stdout.startswith("content/campaigns/soldes/index.md:4: error: ")
    assert rel not in check.stdout


def test_import_warns_about_someone_who_is_not_an_approver(ws: GitRepo, tmp_path: Path) -> None:
    result, _ = import_file(ws, tmp_path, decision_yaml(blob(ws, HERO)[:12], reviewer="zoe"))
    assert result.exit_code == 0, result.output
    (line,) = result.stderr.splitlines()
    assert line.startswith(
        f"reviews/soldes/hero/{STAMP}-zoe.yml:4: warning: zoe is not an approver"
    )
