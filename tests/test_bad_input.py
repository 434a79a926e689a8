"""Bad input through a whole build and through `status`: problems, never tracebacks."""

from __future__ import annotations

import json
import re
import struct
import zlib
from pathlib import Path

from helpers.cli import deliverables, invoke, no_traceback, run, status_json
from helpers.gitrepo import GitRepo
from helpers.sites import build_both_ways, mkdocs_warnings, one_problem, run_build
from helpers.workspaces import BRIEF, strange_names_workspace, write_config

SOLDES = "content/campaigns/soldes/index.md"
LATER = "2027-01-21T09:00:00+01:00"


def png_header_bomb(width: int, height: int) -> bytes:
    """A valid-looking PNG that claims ``width`` x ``height`` pixels in a few bytes."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\0" * 1024)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def _status(root: Path) -> tuple[int, dict, str]:
    result = invoke("-C", str(root), "status", "--format", "json")
    no_traceback(result.stdout, result.stderr)
    return result.exit_code, json.loads(result.stdout), result.stderr


# -- briefs -----------------------------------------------------------------------------


def test_broken_yaml_in_a_brief(workspace: GitRepo) -> None:
    brief = workspace.path / SOLDES
    brief.write_text(
        BRIEF.replace("tags: [retail, printemps]", "tags: [retail, printemps"), encoding="utf-8"
    )
    lines = build_both_ways(workspace.path)
    line = one_problem(lines, re.escape(SOLDES))
    m = re.search(rf"{re.escape(SOLDES)}:(\d+): error: invalid YAML", line)
    assert m, line
    assert 6 <= int(m.group(1)) <= 8  # the open bracket is on line 6; YAML notices it soon after
    # the brief's page and the review pages still build (defaults stand in for the brief)
    site = workspace.path / "site"
    assert (site / "campaigns/soldes/index.html").is_file()
    assert (site / "campaigns/soldes/review/hero/index.html").is_file()

    code, data, stderr = _status(workspace.path)
    assert code == 1
    assert f"{SOLDES}:{m.group(1)}: error: invalid YAML" in stderr
    assert [c["id"] for c in data["campaigns"]] == ["soldes"]


def test_unknown_key_with_did_you_mean(workspace: GitRepo) -> None:
    brief = workspace.path / SOLDES
    brief.write_text(
        BRIEF.replace("    approvers: [carol]", "    aprovers: [carol]"), encoding="utf-8"
    )
    lines = build_both_ways(workspace.path)
    line = one_problem(lines, "aprovers")
    at = BRIEF.splitlines().index("    approvers: [carol]") + 1
    assert f"{SOLDES}:{at}: error:" in line
    assert 'did you mean "approvers"?' in line
    code, _, stderr = _status(workspace.path)
    assert code == 1
    assert f"{SOLDES}:{at}: error:" in stderr and 'did you mean "approvers"?' in stderr


def test_assets_folder_without_a_brief(workspace: GitRepo) -> None:
    workspace.image("assets/orphan/visual.jpg")
    workspace.commit("orphan visual", date=LATER)
    lines = build_both_ways(workspace.path)
    line = one_problem(lines, "orphan")
    assert "content/campaigns/orphan/index.md: warning:" in line
    assert "proofroom new orphan" in line
    site = workspace.path / "site"
    stub = (site / "campaigns/orphan/index.html").read_text(encoding="utf-8")
    assert "review/visual/" in stub
    assert (site / "campaigns/orphan/review/visual/index.html").is_file()

    code, data, stderr = _status(workspace.path)
    assert code == 0  # a warning alone
    assert "content/campaigns/orphan/index.md: warning:" in stderr
    (orphan,) = [c for c in data["campaigns"] if c["id"] == "orphan"]
    assert orphan["title"] == "orphan"
    assert [d["id"] for d in orphan["deliverables"]] == ["visual"]


def test_listed_asset_that_is_absent(workspace: GitRepo) -> None:
    brief = workspace.path / SOLDES
    brief.write_text(
        BRIEF.replace("deliverables:\n", "deliverables:\n  - id: poster\n    asset: poster.pdf\n"),
        encoding="utf-8",
    )
    with mkdocs_warnings() as lines:
        run_build(workspace.path, strict=True)  # not a mistake in the input: no warning
    assert lines == []
    gallery = (workspace.path / "site/campaigns/soldes/index.html").read_text(encoding="utf-8")
    assert 'data-status="missing"' in gallery
    code, data, _ = _status(workspace.path)
    assert code == 0
    poster = deliverables(data, "soldes")["poster"]
    assert (poster["status"], poster["version"], poster["sha"]) == ("missing", None, None)


def test_asset_deleted_after_landing_is_missing(workspace: GitRepo) -> None:
    workspace.remove("assets/soldes/banner.png")
    workspace.commit("drop banner", date=LATER)
    code, data, _ = _status(workspace.path)
    assert code == 0
    banner = deliverables(data, "soldes")["banner"]
    assert banner["status"] == "missing" and banner["stage"] is None


# -- media ------------------------------------------------------------------------------


def test_truncated_jpeg(workspace: GitRepo) -> None:
    whole = workspace.image("assets/soldes/cut.jpg", size=(300, 200)).read_bytes()
    workspace.write("assets/soldes/cut.jpg", whole[: len(whole) // 2])
    workspace.write(
        SOLDES, BRIEF.replace("deliverables:\n", "deliverables:\n  - id: cut\n    asset: cut.jpg\n")
    )
    workspace.commit("half a picture", date=LATER)
    lines = build_both_ways(workspace.path)
    line = one_problem(lines, "cut.jpg")
    assert "assets/soldes/cut.jpg: warning: cannot read image" in line
    review = workspace.path / "site/campaigns/soldes/review/cut/index.html"
    html = review.read_text(encoding="utf-8")
    assert 'data-placeholder="true"' in html
    assert re.search(r'data-proofroom="viewer"[^>]*data-kind="image"', html)
    code, data, _ = _status(workspace.path)
    assert code == 0
    cut = deliverables(data, "soldes")["cut"]
    assert cut["version"] == 1 and cut["status"] == "in_review"
    assert cut["sha"] == workspace.git("rev-parse", "HEAD:assets/soldes/cut.jpg")


def test_png_header_bomb_is_refused_from_its_header(workspace: GitRepo) -> None:
    bomb = png_header_bomb(20000, 20000)
    assert len(bomb) < 2000
    workspace.write("assets/soldes/bomb.png", bomb)
    workspace.commit("a huge picture, says its header", date=LATER)
    lines = build_both_ways(workspace.path)
    line = one_problem(lines, "bomb.png")
    assert "assets/soldes/bomb.png: warning: image too large" in line
    assert "export a smaller version" in line
    html = (workspace.path / "site/campaigns/soldes/review/bomb/index.html").read_text(
        encoding="utf-8"
    )
    assert 'data-placeholder="true"' in html
    # refused before decoding: nothing the size of 400 million pixels was ever written
    for f in (workspace.path / ".cache").rglob("*"):
        assert not f.is_file() or f.stat().st_size < 5_000_000, f


def test_non_image_file_gets_a_download_link(git_repo: GitRepo) -> None:
    write_config(git_repo)
    git_repo.write("content/campaigns/docs/index.md", "---\ntitle: Docs\n---\nBrief.\n")
    git_repo.write("assets/docs/script radio.txt", "Voix off : « Les soldes ! »\n")
    git_repo.write("assets/docs/data.bin", bytes(range(256)) * 4)
    git_repo.commit("copy", date=LATER)
    with mkdocs_warnings() as lines:
        run_build(git_repo.path, strict=True)
    assert lines == []
    review = git_repo.path / "site/campaigns/docs/review/script radio/index.html"
    html = review.read_text(encoding="utf-8")
    link = re.search(
        r'<a class="proofroom-download" href="([^"]+)" download="script radio.txt">', html
    )
    assert link, html
    target = (review.parent / link.group(1)).resolve()
    assert target.read_bytes() == (git_repo.path / "assets/docs/script radio.txt").read_bytes()
    _, data, _ = _status(git_repo.path)
    assert sorted(deliverables(data, "docs")) == ["data", "script radio"]


def test_strange_file_names_in_status_json(git_repo: GitRepo) -> None:
    names = ["affiche métro.jpg", "visuel 🎄 final.png", "a#b?c.jpg", "Ünïcödé/sous dossier.jpg"]
    strange_names_workspace(git_repo, names)
    for data in (
        status_json(git_repo.path),
        json.loads(run("status", "--format", "json", cwd=git_repo.path).stdout),
    ):
        by_id = deliverables(data, "noel")
        assert sorted(by_id) == sorted(n.rsplit(".", 1)[0] for n in names)
        for name in names:
            d = by_id[name.rsplit(".", 1)[0]]
            assert d["asset"] == f"assets/noel/{name}"
            assert d["sha"] == git_repo.git("rev-parse", f"HEAD:assets/noel/{name}")
            assert d["version"] == 1
    proc = run("status", "noel", cwd=git_repo.path)
    assert proc.returncode == 0, proc.stderr
    row = next(ln for ln in proc.stdout.splitlines() if "🎄" in ln)
    header = proc.stdout.splitlines()[0]
    # the emoji takes two columns: v1 sits under VERSION on a terminal
    assert len(row[: row.index("v1")]) + 1 == header.index("VERSION")


def test_symlink_leaving_the_workspace_is_not_an_asset(workspace: GitRepo, tmp_path: Path) -> None:
    secret = tmp_path / "secret.jpg"
    secret.write_bytes(b"private bytes, not for the site")
    workspace.symlink("assets/soldes/leak.jpg", str(secret))
    workspace.symlink("assets/elsewhere", str(tmp_path))
    workspace.commit("links", date=LATER)
    lines = build_both_ways(workspace.path)  # each link is one error (see test_links.py)
    for link in ("assets/soldes/leak.jpg", "assets/elsewhere"):
        assert "symbolic link to a place outside" in one_problem(lines, f"{link}: error:")
    site = workspace.path / "site"
    assert not (site / "campaigns/soldes/review/leak").exists()
    assert not (site / "campaigns/elsewhere").exists()
    for f in site.rglob("*"):
        assert f.is_symlink() is False, f
        if f.is_file():
            assert b"private bytes" not in f.read_bytes(), f
    code, data, _ = _status(workspace.path)
    assert code == 1
    assert [c["id"] for c in data["campaigns"]] == ["soldes"]
    assert "leak" not in json.dumps(data["campaigns"])


def test_file_directly_under_assets(workspace: GitRepo) -> None:
    workspace.image("assets/stray.jpg")
    workspace.commit("stray", date=LATER)
    lines = build_both_ways(workspace.path)
    line = one_problem(lines, "stray.jpg")
    assert "assets/stray.jpg: warning: file is not in a campaign folder" in line
    code, _, stderr = _status(workspace.path)
    assert code == 0 and "assets/stray.jpg: warning:" in stderr


def test_brief_that_is_not_utf8_in_status(workspace: GitRepo) -> None:
    latin = BRIEF.replace("Soldes de printemps", "Soldes d'été").encode("latin-1")
    (workspace.path / SOLDES).write_bytes(latin)
    code, data, stderr = _status(workspace.path)
    assert code == 1
    assert re.search(rf"^{re.escape(SOLDES)}(:\d+)?: error: .*UTF-8", stderr, re.MULTILINE), stderr
    assert [c["id"] for c in data["campaigns"]] == ["soldes"]
