"""`proofroom init`: a new workspace that builds straight away, and the scaffold in the wheel."""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
import sys
import zipfile
from importlib import resources
from pathlib import Path

import yaml
from helpers.cli import invoke, no_traceback, one_error_line, run
from helpers.gitrepo import GitRepo

from proofroom.core.sealing import bundle_key, open_bundle
from proofroom.scaffold import PLACEHOLDER

SECRET_ENV = {"PROOFROOM_SECRET": base64.urlsafe_b64encode(bytes(range(32))).decode().rstrip("=")}

SCAFFOLD = [
    ".github/workflows/pages.yml",
    ".github/workflows/review.yml",
    ".github/workflows/timeliness.yml",
    ".gitignore",
    "assets/README.md",
    "content/campaigns/.gitkeep",
    "content/index.md",
    "mkdocs.yml",
    "requirements.txt",
    "reviews/.gitkeep",
]
CHECKOUT = Path(__file__).resolve().parents[1]


def _files(root: Path) -> list[str]:
    return sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file() and ".git" not in p.relative_to(root).parts
    )


def test_init_creates_the_workspace_and_a_repository(tmp_path: Path) -> None:
    target = tmp_path / "team"
    result = invoke("init", str(target))
    assert result.exit_code == 0, result.output
    assert _files(target) == SCAFFOLD
    for rel in SCAFFOLD:
        assert f"created {rel}" in result.stdout.splitlines()
    assert "created .git/" in result.stdout
    branch = subprocess.run(
        ["git", "symbolic-ref", "--short", "HEAD"],
        cwd=target,
        capture_output=True,
        text=True,
        check=True,
    )
    assert branch.stdout.strip() == "main"
    config = yaml.safe_load((target / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["site_name"] == "Creative reviews"
    assert config["docs_dir"] == "content"
    assert config["theme"]["language"] == "en"
    assert config["plugins"] == ["search", {"proofroom": {"privacy": "private"}}]
    assert (target / ".gitignore").read_text(encoding="utf-8").splitlines()[1:] == [
        "/site/",
        "/.cache/",
    ]
    assert not list(target.rglob("*.tmp"))  # no temp file left behind
    # The last lines: the next steps, then where the site secret goes.
    assert result.stdout.splitlines()[-2:] == [
        "The site is private (privacy: private in mkdocs.yml): run `proofroom secret` and "
        "store the value",
        "as a repository secret named PROOFROOM_SECRET (Settings > Secrets and variables > "
        "Actions).",
    ]


def test_init_makes_a_private_site_and_gives_its_workflows_the_secret(tmp_path: Path) -> None:
    target = tmp_path / "team"
    assert invoke("init", str(target)).exit_code == 0
    text = (target / "mkdocs.yml").read_text(encoding="utf-8")
    assert yaml.safe_load(text)["plugins"][1] == {"proofroom": {"privacy": "private"}}
    (line,) = [ln for ln in text.splitlines() if "privacy:" in ln]
    assert "#" in line  # a one-line comment says what it means
    workflows = target / ".github/workflows"
    pages = yaml.safe_load((workflows / "pages.yml").read_text(encoding="utf-8"))
    assert pages[True]["schedule"] == [{"cron": "17 4 * * *"}]  # YAML 1.1: `on` is True
    assert {"push", "workflow_dispatch"} <= set(pages[True])
    secret = "${{ secrets.PROOFROOM_SECRET }}"
    (build,) = [s for s in pages["jobs"]["build"]["steps"] if "proofroom" in s.get("run", "")]
    assert build["run"] == "proofroom build --strict"
    assert build["env"]["PROOFROOM_SECRET"] == secret
    review = yaml.safe_load((workflows / "review.yml").read_text(encoding="utf-8"))
    runs = [s for s in review["jobs"]["validate"]["steps"] if "proofroom " in s.get("run", "")]
    assert [s["id"] for s in runs] == ["validate", "summary"]
    assert all(s["env"]["PROOFROOM_SECRET"] == secret for s in runs)


def test_init_then_build_then_new_campaign(tmp_path: Path) -> None:
    target = tmp_path / "team"
    proc = run("init", str(target), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr

    # a new workspace is private: without the site secret, the build stops and says so
    no_secret = run("build", "--strict", cwd=target, env={"PROOFROOM_SECRET": ""})
    assert no_secret.returncode == 2, no_secret.stderr
    assert "PROOFROOM_SECRET is not set" in no_secret.stderr
    # no commit yet, no campaign: the site builds straight away, strict
    first = run("build", "--strict", cwd=target, env=SECRET_ENV)
    assert first.returncode == 0, first.stderr
    assert (target / "site/index.html").is_file()
    assert not (target / "site/campaigns").exists()
    status = run("status", "--format", "json", cwd=target)
    assert status.returncode == 0, status.stderr
    assert json.loads(status.stdout) == {"campaigns": []}

    # a campaign with an image, committed, and a review link for it
    new = run("new", "spring-sale", "--title", "Spring sale 2027", cwd=target)
    assert new.returncode == 0, new.stderr
    repo = GitRepo(target)  # configures the identity and isolation of the test's commits
    repo.image("assets/spring-sale/hero.jpg", size=(160, 90))
    repo.commit("First campaign", date="2027-01-05T09:00:00Z")
    shared = run(
        "share", "spring-sale", "--to", "client", "--by", "marie", cwd=target, env=SECRET_ENV
    )
    assert shared.returncode == 0, shared.stderr
    share_id, key = shared.stdout.strip().splitlines()[-1].split("s/")[-1].split("/#")
    repo.commit("A link for the client", date="2027-01-05T10:00:00Z")
    second = run("build", "--strict", cwd=target, env=SECRET_ENV)
    assert second.returncode == 0, second.stderr
    assert not (target / "site/campaigns").exists()
    link = base64.urlsafe_b64decode(key + "=")
    sealed = (target / "site/s" / share_id / "bundle").read_bytes()
    pages = open_bundle(bundle_key(link, share_id), share_id, sealed)["pages"]
    blob = repo.git("rev-parse", "HEAD:assets/spring-sale/hero.jpg")
    assert f'data-sha="{blob}"' in pages[1]["html"]
    assert "Spring sale 2027" in pages[0]["html"] and 'href="../1/"' in pages[0]["html"]
    no_traceback(first.stderr, second.stderr)


def test_gitkeep_of_a_new_campaign_is_not_a_deliverable(tmp_path: Path) -> None:
    target = tmp_path / "team"
    assert invoke("init", str(target)).exit_code == 0
    assert invoke("-C", str(target), "new", "launch").exit_code == 0
    repo = GitRepo(target)
    repo.image("assets/launch/hero.jpg")
    repo.commit("launch", date="2027-01-05T09:00:00Z")
    data = json.loads(invoke("-C", str(target), "status", "--format", "json").stdout)
    assert [d["id"] for d in data["campaigns"][0]["deliverables"]] == ["hero"]


def test_init_keeps_an_existing_mkdocs_yml(tmp_path: Path) -> None:
    target = tmp_path / "existing"
    target.mkdir()
    mine = b"# my own config\r\nsite_name: Mine\r\ndocs_dir: docs\r\n"
    (target / "mkdocs.yml").write_bytes(mine)
    (target / "content").mkdir()
    (target / "content/index.md").write_text("# My home\n", encoding="utf-8")
    result = invoke("init", str(target), "--force")  # not a git repository yet
    assert result.exit_code == 0, result.output
    assert (target / "mkdocs.yml").read_bytes() == mine
    assert (target / "content/index.md").read_text(encoding="utf-8") == "# My home\n"
    assert "kept    mkdocs.yml (already there, left untouched)" in result.stdout
    assert "kept    content/index.md (already there, left untouched)" in result.stdout
    assert "created assets/README.md" in result.stdout
    assert "privacy: private" not in result.stdout  # the team's own mkdocs.yml decides


def test_init_twice_keeps_everything(tmp_path: Path) -> None:
    target = tmp_path / "team"
    assert invoke("init", str(target)).exit_code == 0
    (target / "mkdocs.yml").write_text("site_name: Edited\n", encoding="utf-8")
    again = invoke("init", str(target))
    assert again.exit_code == 0
    assert "created" not in again.stdout
    assert again.stdout.count("kept    ") == len(SCAFFOLD)
    assert (target / "mkdocs.yml").read_text(encoding="utf-8") == "site_name: Edited\n"


def test_init_into_a_folder_of_an_existing_repository(git_repo: GitRepo) -> None:
    git_repo.write("README.md", "code\n")
    git_repo.commit("code", date="2027-01-01T09:00:00Z")
    target = git_repo.path / "reviews-site"
    result = invoke("init", str(target))
    assert result.exit_code == 0, result.output
    assert not (target / ".git").exists()  # no repository nested in the team's own
    assert "created .git/" not in result.stdout
    git_repo.image("reviews-site/assets/launch/hero.jpg")
    git_repo.write("reviews-site/content/campaigns/launch/index.md", "---\ntitle: L\n---\n")
    git_repo.commit("campaign", date="2027-01-02T09:00:00Z")
    data = json.loads(invoke("-C", str(target), "status", "--format", "json").stdout)
    (hero,) = data["campaigns"][0]["deliverables"]
    assert hero["asset"] == "assets/launch/hero.jpg" and hero["version"] == 1


def test_init_site_name_and_language_are_safe_in_yaml(tmp_path: Path) -> None:
    target = tmp_path / "team"
    name = 'Acme: "Reviews" & co #1'
    result = invoke("init", str(target), "--name", name, "--language", "fr")
    assert result.exit_code == 0, result.output
    config = yaml.safe_load((target / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["site_name"] == name
    assert config["theme"]["language"] == "fr"
    home = (target / "content/index.md").read_text(encoding="utf-8")
    assert home.startswith('# Acme: "Reviews" &amp; co #1\n')
    proc = run("build", "--strict", cwd=target, env=SECRET_ENV)
    assert proc.returncode == 0, proc.stderr


def test_init_into_a_file_is_a_usage_error(tmp_path: Path) -> None:
    target = tmp_path / "a-file"
    target.write_text("x", encoding="utf-8")
    proc = run("init", str(target), cwd=tmp_path)
    assert proc.returncode == 2
    assert "is a file" in proc.stderr
    no_traceback(proc.stdout, proc.stderr)


def test_init_below_a_file_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    proc = run("init", str(tmp_path / "a-file/team"), cwd=tmp_path)
    assert proc.returncode == 2
    no_traceback(proc.stdout, proc.stderr)
    assert "cannot create" in one_error_line(proc.stderr)


def test_init_where_a_folder_is_a_file_is_one_line(tmp_path: Path) -> None:
    target = tmp_path / "team"
    target.mkdir()
    (target / "content").write_text("not a folder", encoding="utf-8")
    proc = run("init", str(target), "--force", cwd=tmp_path)
    assert proc.returncode == 2
    no_traceback(proc.stdout, proc.stderr)
    assert "cannot write content/" in one_error_line(proc.stderr)
    assert (target / "content").read_text(encoding="utf-8") == "not a folder"


# -- the scaffold ships with the package ------------------------------------------------


def test_scaffold_is_a_resource_of_the_installed_package() -> None:
    base = resources.files("proofroom")
    for rel in [
        "scaffold/brief.md",
        "scaffold/workspace/mkdocs.yml",
        "scaffold/workspace/gitignore",
    ]:
        assert (base / rel).is_file(), rel
    assert (base / "schemas/brief.schema.json").is_file()
    assert (base / "site/static/proofroom.css").is_file()
    assert (base / "site/static/proofroom.js").is_file()


def test_wheel_holds_scaffold_static_files_and_schemas(tmp_path: Path) -> None:
    """A real wheel, built from a copy of the sources (the checkout stays untouched)."""
    src = tmp_path / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(CHECKOUT / name, src / name)
    shutil.copytree(
        CHECKOUT / "plugins",
        src / "plugins",
        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"),
    )
    out = tmp_path / "dist"
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out), str(src)],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    (wheel,) = out.glob("proofroom-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        f"proofroom/{p.relative_to(CHECKOUT / 'plugins/proofroom').as_posix()}"
        for folder in ("scaffold", "site/static", "schemas")
        for p in (CHECKOUT / "plugins/proofroom" / folder).rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    assert "proofroom/scaffold/workspace/reviews/.gitkeep" in expected
    assert "proofroom/scaffold/workspace/mkdocs.yml" in expected
    assert "proofroom/schemas/brief.schema.json" in expected
    assert "proofroom/site/static/proofroom.js" in expected
    assert expected - names == set()
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "proofroom = proofroom.cli:main" in text
    assert "[properdocs.plugins]" in text and "[mkdocs.plugins]" in text


def test_init_gives_the_team_its_workflows_and_a_pinned_requirement(tmp_path: Path) -> None:
    from proofroom import __version__

    target = tmp_path / "team"
    result = invoke("init", str(target))
    assert result.exit_code == 0, result.output
    for name in ("review.yml", "timeliness.yml", "pages.yml"):
        written = (target / ".github/workflows" / name).read_bytes()
        assert written == (CHECKOUT / ".github/workflows" / name).read_bytes()
    # These tests run from a checkout installed in place: nobody else can install from
    # it, so the line is left for the team to fill and init says so.
    lines = (target / "requirements.txt").read_text(encoding="utf-8").splitlines()
    assert lines[-1] == PLACEHOLDER and lines[-1].startswith("#")
    (note,) = [ln for ln in result.stdout.splitlines() if "requirements.txt:" in ln]
    assert "proofroom==<version>" in note and "git+<URL>@<commit>" in note
    assert __version__ not in lines[-1]
