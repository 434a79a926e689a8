"""The `proofroom` command line: in process (click's CliRunner) and as a real program."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers.cli import deliverables, invoke, no_traceback, one_error_line, run, status_json
from helpers.gitrepo import GitRepo
from helpers.workspaces import BRIEF, write_config

from proofroom.cli import main

COMMANDS = ["init", "new", "status", "build", "serve"]
DELIVERABLE_KEYS = {
    "id",
    "asset",
    "version",
    "sha",
    "status",
    "stage",
    "due",
    "overdue",
    "stale",
}
STATUSES = {"missing", "in_review", "changes_requested", "rejected", "approved"}


def versions_on_main(repo: GitRepo, path: str) -> list[str]:
    """Ground truth from git: the blob of each first-parent landing that changed ``path``."""
    out = repo.git("log", "--first-parent", "-m", "--raw", "--no-abbrev", "--format=", "--", path)
    return [line.split()[3] for line in reversed(out.splitlines()) if line.startswith(":")]


# -- help and version -------------------------------------------------------------------


def test_help_lists_every_command() -> None:
    result = invoke("--help")
    assert result.exit_code == 0
    for name in COMMANDS:
        assert re.search(rf"^\s+{name}\b", result.stdout, re.MULTILINE), name


@pytest.mark.parametrize("command", COMMANDS)
def test_help_of_each_command(command: str) -> None:
    result = invoke(command, "--help")
    assert result.exit_code == 0
    assert result.stdout.startswith(f"Usage: main {command} [OPTIONS]")
    assert "-h, --help" in result.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_help_as_a_program(command: str, tmp_path: Path) -> None:
    proc = run(command, "--help", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(f"Usage: proofroom {command}")


def test_python_dash_m_runs_the_same_command_line(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "proofroom.cli", "--version"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert re.match(r"proofroom, version \d+\.\d+", proc.stdout)


def test_unknown_command_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["frobnicate"])
    assert result.exit_code == 2
    assert "No such command" in result.stderr
    no_traceback(result.output)


# -- status -----------------------------------------------------------------------------


def test_status_json_shape_and_git_ground_truth(workspace: GitRepo) -> None:
    data = status_json(workspace.path)
    assert set(data) == {"campaigns"}
    (campaign,) = data["campaigns"]
    assert set(campaign) == {"id", "title", "deliverables"}
    assert campaign["id"] == "soldes"
    assert campaign["title"] == "Soldes de printemps 2027"
    for d in campaign["deliverables"]:
        assert set(d) == DELIVERABLE_KEYS
        assert isinstance(d["id"], str) and isinstance(d["asset"], str)
        assert isinstance(d["version"], int) and not isinstance(d["version"], bool)
        assert re.fullmatch(r"[0-9a-f]{40}", d["sha"])
        assert d["status"] in STATUSES
        assert d["stage"] is None or isinstance(d["stage"], str)
        assert d["due"] is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", d["due"])
        assert isinstance(d["overdue"], bool) and isinstance(d["stale"], bool)
        blobs = versions_on_main(workspace, d["asset"])
        assert d["version"] == len(blobs)
        assert d["sha"] == blobs[-1] == workspace.git("rev-parse", f"HEAD:{d['asset']}")
    by_id = deliverables(data, "soldes")
    assert list(by_id) == ["hero", "banner"]  # the brief's order
    assert by_id["hero"]["asset"] == "assets/soldes/hero.jpg"
    assert by_id["hero"]["version"] == 3  # v1, v2 (merge), v3 (revert to v1's content)
    assert by_id["banner"]["version"] == 1  # squash landing
    assert by_id["hero"]["due"] == "2027-02-10"


def test_status_in_review_opens_the_first_stage(workspace: GitRepo) -> None:
    hero = deliverables(status_json(workspace.path, "--now", "2027-01-21T00:00:00Z"), "soldes")
    assert hero["hero"]["status"] == "in_review"
    assert hero["hero"]["stage"] == "brand"  # the first of brand, legal
    assert hero["hero"]["overdue"] is False
    assert hero["hero"]["stale"] is False


def test_status_stage_subset_of_a_deliverable(workspace: GitRepo) -> None:
    brief = workspace.path / "content/campaigns/soldes/index.md"
    brief.write_text(
        BRIEF.replace("    due: 2027-02-12\n", "    due: 2027-02-12\n    stages: [legal]\n"),
        encoding="utf-8",
    )
    by_id = deliverables(status_json(workspace.path), "soldes")
    assert by_id["banner"]["stage"] == "legal"
    assert by_id["hero"]["stage"] == "brand"


def test_status_missing_for_a_listed_absent_asset(workspace: GitRepo) -> None:
    brief = workspace.path / "content/campaigns/soldes/index.md"
    brief.write_text(
        BRIEF.replace(
            "deliverables:\n", "deliverables:\n  - id: poster\n    asset: print/poster.pdf\n"
        ),
        encoding="utf-8",
    )
    by_id = deliverables(status_json(workspace.path), "soldes")
    poster = by_id["poster"]
    assert poster["status"] == "missing"
    assert poster["asset"] == "assets/soldes/print/poster.pdf"
    assert poster["version"] is None and poster["sha"] is None and poster["stage"] is None


@pytest.mark.parametrize(
    ("now", "overdue"),
    [
        ("2027-02-10T22:59:58Z", False),  # 23:59:58 in Paris on the due day
        ("2027-02-10T23:00:00Z", True),  # 00:00 the next day in Paris
        ("2027-02-11T00:30:00+01:00", True),
    ],
)
def test_status_overdue_with_now(workspace: GitRepo, now: str, overdue: bool) -> None:
    hero = deliverables(status_json(workspace.path, "--now", now), "soldes")["hero"]
    assert hero["overdue"] is overdue


def test_status_overdue_with_source_date_epoch(workspace: GitRepo) -> None:
    late = int(datetime(2027, 3, 1, tzinfo=UTC).timestamp())
    early = int(datetime(2027, 1, 25, tzinfo=UTC).timestamp())
    after = deliverables(
        status_json(workspace.path, env={"SOURCE_DATE_EPOCH": str(late)}), "soldes"
    )
    before = deliverables(
        status_json(workspace.path, env={"SOURCE_DATE_EPOCH": str(early)}), "soldes"
    )
    assert after["hero"]["overdue"] and after["banner"]["overdue"]
    assert not before["hero"]["overdue"] and not before["banner"]["overdue"]
    # --now wins over SOURCE_DATE_EPOCH
    both = status_json(
        workspace.path, "--now", "2027-01-25T00:00:00Z", env={"SOURCE_DATE_EPOCH": str(late)}
    )
    assert not deliverables(both, "soldes")["hero"]["overdue"]


def test_status_overdue_as_a_program_with_source_date_epoch(workspace: GitRepo) -> None:
    late = str(int(datetime(2027, 3, 1, tzinfo=UTC).timestamp()))
    proc = run("status", "--format", "json", cwd=workspace.path, env={"SOURCE_DATE_EPOCH": late})
    assert proc.returncode == 0, proc.stderr
    assert deliverables(json.loads(proc.stdout), "soldes")["hero"]["overdue"] is True


def test_status_table(workspace: GitRepo) -> None:
    result = invoke("-C", str(workspace.path), "status", "--now", "2027-03-01T00:00:00Z")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["DELIVERABLE", "VERSION", "STATUS", "STAGE", "DUE"]
    assert any(ln.startswith("soldes — Soldes de printemps 2027") for ln in lines)
    hero = next(ln for ln in lines if ln.strip().startswith("hero "))
    assert hero.split() == ["hero", "v3", "in_review", "brand", "2027-02-10", "overdue"]
    banner = next(ln for ln in lines if ln.strip().startswith("banner "))
    assert banner.split()[:5] == ["banner", "v1", "in_review", "brand", "2027-02-12"]
    # the columns line up
    assert hero.index("v3") == lines[0].index("VERSION")
    assert hero.index("in_review") == lines[0].index("STATUS")


def test_status_table_as_a_program(workspace: GitRepo) -> None:
    proc = run("status", cwd=workspace.path)
    assert proc.returncode == 0, proc.stderr
    assert "hero" in proc.stdout and "v3" in proc.stdout
    assert proc.stderr == ""


def test_status_filters_one_campaign(workspace: GitRepo) -> None:
    workspace.write("content/campaigns/noel/index.md", "---\ntitle: Noël\n---\nBrief.\n")
    workspace.image("assets/noel/sapin.jpg")
    workspace.commit("Noël", date="2027-01-22T09:00:00+01:00")
    everything = status_json(workspace.path)
    assert [c["id"] for c in everything["campaigns"]] == ["noel", "soldes"]
    only = status_json(workspace.path, "noel")
    assert [c["id"] for c in only["campaigns"]] == ["noel"]
    assert list(deliverables(only, "noel")) == ["sapin"]


def test_status_of_an_unknown_campaign(workspace: GitRepo) -> None:
    result = invoke("-C", str(workspace.path), "status", "soldse")
    assert result.exit_code == 2
    line = one_error_line(result.stderr)
    assert "soldse" in line and "soldes" in line
    assert result.stdout == ""
    proc = run("status", "soldse", "--format", "json", cwd=workspace.path)
    assert proc.returncode == 2
    one_error_line(proc.stderr)
    no_traceback(proc.stdout, proc.stderr)


def test_status_problems_only_of_the_chosen_campaign(workspace: GitRepo) -> None:
    workspace.write("content/campaigns/typo/index.md", "---\ntitle: T\ntimezon: UTC\n---\n")
    everything = invoke("-C", str(workspace.path), "status")
    assert everything.exit_code == 1
    assert "content/campaigns/typo/index.md:3: error:" in everything.stderr
    only = invoke("-C", str(workspace.path), "status", "soldes")
    assert only.exit_code == 0
    assert only.stderr == ""


def test_status_bad_now_is_a_usage_error(workspace: GitRepo) -> None:
    result = CliRunner().invoke(main, ["-C", str(workspace.path), "status", "--now", "soon"])
    assert result.exit_code == 2
    assert "--now" in result.stderr and "ISO 8601" in result.stderr
    no_traceback(result.output)


# -- new --------------------------------------------------------------------------------


def test_new_creates_brief_and_folders_that_build_strict(git_repo: GitRepo) -> None:
    write_config(git_repo)
    git_repo.commit("config", date="2027-01-01T09:00:00Z")
    result = invoke("-C", str(git_repo.path), "new", "summer-2027", "--title", 'Été "27": go')
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "created content/campaigns/summer-2027/index.md",
        "created assets/summer-2027/.gitkeep",
        "created reviews/summer-2027/.gitkeep",
    ]
    root = git_repo.path
    assert (root / "assets/summer-2027/.gitkeep").read_bytes() == b""
    assert (root / "reviews/summer-2027/.gitkeep").read_bytes() == b""
    data = status_json(root)
    (campaign,) = [c for c in data["campaigns"] if c["id"] == "summer-2027"]
    assert campaign["title"] == 'Été "27": go'
    proc = run("build", "--strict", cwd=root)
    assert proc.returncode == 0, proc.stderr
    page = (root / "site/campaigns/summer-2027/index.html").read_text(encoding="utf-8")
    assert "Été" in page


def test_new_title_defaults_to_the_id(git_repo: GitRepo) -> None:
    write_config(git_repo)
    assert invoke("-C", str(git_repo.path), "new", "spring-sale").exit_code == 0
    (campaign,) = status_json(git_repo.path)["campaigns"]
    assert campaign["title"] == "Spring sale"


def test_new_refuses_an_existing_brief(workspace: GitRepo) -> None:
    brief = workspace.path / "content/campaigns/soldes/index.md"
    before = brief.read_bytes()
    result = invoke("-C", str(workspace.path), "new", "soldes")
    assert result.exit_code == 2
    line = one_error_line(result.stderr)
    assert "content/campaigns/soldes/index.md already exists" in line
    assert brief.read_bytes() == before
    assert not (workspace.path / "assets/soldes/.gitkeep").exists()
    assert not (workspace.path / "reviews/soldes").exists()


@pytest.mark.parametrize("bad", ["Spring", "spring_sale", "../up", "a/b", "-lead", "é", "x" * 64])
def test_new_refuses_an_invalid_id(git_repo: GitRepo, bad: str) -> None:
    write_config(git_repo)
    result = invoke("-C", str(git_repo.path), "new", "--", bad)
    assert result.exit_code == 2
    line = one_error_line(result.stderr)
    assert "not a valid campaign id" in line and "spring-sale-2027" in line
    assert not (git_repo.path / "content/campaigns").exists()
    assert sorted(p.name for p in git_repo.path.iterdir()) == [
        ".git",
        ".gitignore",
        "content",
        "mkdocs.yml",
    ]


def test_new_as_a_program(git_repo: GitRepo) -> None:
    write_config(git_repo)
    proc = run("new", "launch", cwd=git_repo.path)
    assert proc.returncode == 0, proc.stderr
    assert "created content/campaigns/launch/index.md" in proc.stdout
    again = run("new", "launch", cwd=git_repo.path)
    assert again.returncode == 2
    one_error_line(again.stderr)
    no_traceback(again.stdout, again.stderr)


# -- build ------------------------------------------------------------------------------


def test_build_strict_clean_workspace_exits_0(workspace: GitRepo) -> None:
    proc = run("build", "--strict", cwd=workspace.path)
    assert proc.returncode == 0, proc.stderr
    assert (workspace.path / "site/campaigns/soldes/review/hero/index.html").is_file()
    no_traceback(proc.stdout, proc.stderr)


def test_build_strict_with_a_brief_error_fails(workspace: GitRepo) -> None:
    brief = workspace.path / "content/campaigns/soldes/index.md"
    brief.write_text(BRIEF.replace("timezone:", "timezon:"), encoding="utf-8")
    proc = run("build", "--strict", cwd=workspace.path)
    assert proc.returncode != 0
    assert "content/campaigns/soldes/index.md:4: error:" in proc.stderr
    assert 'did you mean "timezone"' in proc.stderr
    no_traceback(proc.stdout, proc.stderr)


def test_build_from_another_folder_with_dash_c(workspace: GitRepo, tmp_path: Path) -> None:
    proc = run("-C", str(workspace.path), "build", "-d", "out", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (workspace.path / "out/campaigns/index.html").is_file()
    assert not (tmp_path / "out").exists()


# -- environment errors: exit 2, one line, no traceback --------------------------------


def _plain_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "plain"
    folder.mkdir()
    (folder / "mkdocs.yml").write_text(
        "site_name: x\ndocs_dir: content\nplugins:\n  - proofroom\n", encoding="utf-8"
    )
    (folder / "content").mkdir()
    return folder


@pytest.mark.parametrize("args", [["status"], ["status", "--format", "json"], ["build"]])
def test_outside_a_git_repository(tmp_path: Path, args: list[str]) -> None:
    folder = _plain_folder(tmp_path)
    proc = run(*args, cwd=folder)
    assert proc.returncode == 2
    no_traceback(proc.stdout, proc.stderr)
    line = one_error_line(proc.stderr)
    assert "not inside a git repository" in line and "git init" in line
    assert not (folder / "site").exists()


def test_outside_a_git_repository_in_process(tmp_path: Path) -> None:
    folder = _plain_folder(tmp_path)
    result = invoke("-C", str(folder), "status")
    assert result.exit_code == 2
    assert "git init" in one_error_line(result.stderr)


@pytest.mark.parametrize("args", [["status"], ["build", "--strict"]])
def test_shallow_clone(workspace: GitRepo, tmp_path: Path, args: list[str]) -> None:
    clone = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{workspace.path}", str(clone)],
        check=True,
        capture_output=True,
    )
    proc = run(*args, cwd=clone)
    assert proc.returncode == 2
    no_traceback(proc.stdout, proc.stderr)
    line = one_error_line(proc.stderr)
    assert "shallow" in line and "fetch-depth: 0" in line
    assert not (clone / "site").exists()


@pytest.mark.parametrize("args", [["status"], ["build"], ["new", "x"], ["serve"]])
def test_no_mkdocs_yml(tmp_path: Path, args: list[str]) -> None:
    GitRepo(tmp_path / "empty")
    proc = run(*args, cwd=tmp_path / "empty")
    assert proc.returncode == 2
    no_traceback(proc.stdout, proc.stderr)
    line = one_error_line(proc.stderr)
    assert "no mkdocs.yml" in line and "proofroom init" in line


def test_explicit_config_file_that_does_not_exist(workspace: GitRepo) -> None:
    result = invoke("-C", str(workspace.path), "-f", "other.yml", "status")
    assert result.exit_code == 2
    assert "other.yml: no such configuration file" in one_error_line(result.stderr)


def test_explicit_config_file_is_relative_to_dash_c(workspace: GitRepo, tmp_path: Path) -> None:
    (workspace.path / "mkdocs.yml").rename(workspace.path / "site.yml")
    proc = run("-C", str(workspace.path), "-f", "site.yml", "status", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "hero" in proc.stdout


def test_broken_mkdocs_yml_names_file_and_line(workspace: GitRepo) -> None:
    (workspace.path / "mkdocs.yml").write_text("site_name: x\nplugins: [a\n", encoding="utf-8")
    proc = run("status", cwd=workspace.path)
    assert proc.returncode == 2
    no_traceback(proc.stdout, proc.stderr)
    assert re.match(r"mkdocs\.yml:\d+: error: .*fix the YAML", one_error_line(proc.stderr))


def test_plugin_settings_in_mapping_form_are_read(workspace: GitRepo) -> None:
    (workspace.path / "assets").rename(workspace.path / "creative")
    workspace.commit("move assets", date="2027-01-21T09:00:00+01:00")
    config = workspace.path / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "plugins:\n  - search\n  - proofroom\n",
            "plugins:\n  search: {}\n  proofroom:\n    assets_dir: creative\n",
        ),
        encoding="utf-8",
    )
    by_id = deliverables(status_json(workspace.path), "soldes")
    assert by_id["hero"]["asset"] == "creative/soldes/hero.jpg"
    assert by_id["hero"]["status"] == "in_review"


def test_plugin_settings_that_are_not_a_mapping(workspace: GitRepo) -> None:
    config = workspace.path / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("  - proofroom\n", "  - proofroom: 3\n"),
        encoding="utf-8",
    )
    result = invoke("-C", str(workspace.path), "status")
    assert result.exit_code == 2
    assert one_error_line(result.stderr).startswith("mkdocs.yml: error: the settings")
