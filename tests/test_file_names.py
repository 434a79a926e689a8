"""Any file name under assets/: `validate`, `build` and `export` agree on it. A name that
cannot be published (bytes that are not UTF-8, control characters, a newline, a part over
200 bytes) is one error line naming it escaped; any other name works. Real git
repositories, names made from bytes."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers.cli import no_traceback, validate
from helpers.gitrepo import GitRepo
from helpers.sites import mkdocs_warnings, run_build
from helpers.workspaces import campaign_workspace
from PIL import Image

from proofroom.cli import main

REFUSED = {
    "not utf-8": (b"bad\xff\xfe.jpg", "assets/soldes/bad\\xff\\xfe.jpg", "is not valid UTF-8"),
    "newline": (b"two\nlines.jpg", "assets/soldes/two\\nlines.jpg", "control character (\\n)"),
    "control": (b"bell\x07.jpg", "assets/soldes/bell\\x07.jpg", "control character (\\x07)"),
    "tab": (b"tab\there.jpg", "assets/soldes/tab\\there.jpg", "control character (\\t)"),
    "250 bytes": (b"n" * 246 + b".jpg", "assets/soldes/" + "n" * 246 + ".jpg", "250 bytes"),
}


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 120, 200)).save(out, "JPEG")
    return out.getvalue()


def _add(repo: GitRepo, name: bytes) -> None:
    folder = os.fsencode(repo.path / "assets/soldes")
    try:
        with open(os.path.join(folder, name), "wb") as f:
            f.write(_jpeg())
    except OSError as exc:  # pragma: no cover - depends on the file system
        print(f"the file system refuses the name {name!r}: {exc}")
        pytest.skip(f"the file system refuses the name {name!r}")
    repo.git("add", "-A")
    repo.commit("A strangely named visual", date="2027-01-22T09:00:00+01:00")


def _outputs(repo: GitRepo, tmp_path: Path) -> dict[str, str]:
    with mkdocs_warnings() as lines:
        run_build(repo.path, strict=False)
    exported = CliRunner().invoke(
        main, ["-C", str(repo.path), "export", str(tmp_path / "export")], catch_exceptions=False
    )
    checked = validate(repo)
    out = {
        "build": "\n".join(lines),
        "export": exported.stdout + exported.stderr,
        "validate": checked.stdout + checked.stderr,
    }
    no_traceback(*out.values())
    return out


@pytest.mark.parametrize("case", list(REFUSED))
def test_a_name_that_cannot_be_published_is_one_error(
    git_repo: GitRepo, tmp_path: Path, case: str
) -> None:
    repo = campaign_workspace(git_repo)
    raw, shown, why = REFUSED[case]
    _add(repo, raw)
    for command, text in _outputs(repo, tmp_path).items():
        found = [ln for ln in text.splitlines() if ": error: the file name" in ln]
        assert len(found) == 1, (command, text)
        assert f"{shown}: error: the file name" in found[0] and why in found[0], found
    assert validate(repo).exit_code == 1
    site = repo.path / "site/campaigns/soldes/review"
    assert (site / "hero/index.html").is_file()  # the rest of the campaign is built


@pytest.mark.parametrize(
    "name", ["é—☃ 👍 quote'\"<>&%23?.jpg", "n" * 196 + ".jpg", "back\\slash.jpg"]
)
def test_any_other_name_works(git_repo: GitRepo, tmp_path: Path, name: str) -> None:
    repo = campaign_workspace(git_repo)
    _add(repo, name.encode("utf-8"))
    out = _outputs(repo, tmp_path)
    for command, text in out.items():
        assert "error" not in text, (command, text)
    result = validate(repo)
    assert result.exit_code == 0, result.stdout + result.stderr
    gallery = (repo.path / "site/campaigns/soldes/index.html").read_text("utf-8")
    shown = re.split(r"['\"<>&]", name)[0][:40]  # the part HTML shows without escaping
    assert shown in gallery


@pytest.mark.parametrize(
    ("raw", "shown"),
    [(b"bad\xff.md", "content/bad\\xff.md"), (b"two\nlines.md", "content/two\\nlines.md")],
    ids=["not utf-8", "newline"],
)
def test_a_docs_file_that_cannot_be_published_is_one_error(
    git_repo: GitRepo, tmp_path: Path, raw: bytes, shown: str
) -> None:
    repo = campaign_workspace(git_repo)
    try:
        with open(os.path.join(os.fsencode(repo.path / "content"), raw), "wb") as f:
            f.write(b"# A page\n")
    except OSError as exc:  # pragma: no cover - depends on the file system
        print(f"the file system refuses the name {raw!r}: {exc}")
        pytest.skip(f"the file system refuses the name {raw!r}")
    for command, text in _outputs(repo, tmp_path).items():
        found = [ln for ln in text.splitlines() if ": error: the file name" in ln]
        assert len(found) == 1 and f"{shown}: error:" in found[0], (command, text)
    assert (repo.path / "site/campaigns/soldes/index.html").is_file()


def test_serve_starts_with_strange_names_and_links(git_repo: GitRepo, tmp_path: Path) -> None:
    """`proofroom serve`'s first build (the preview's plugin, the work tree laid over the
    history): the same one error per name and per link, and a site."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    repo = campaign_workspace(git_repo)
    _add(repo, b"two\nlines.jpg")
    secret = tmp_path / "secret.txt"
    secret.write_text("outside\n", "utf-8")
    os.symlink(secret, repo.path / "content/secret.txt")
    with open(os.path.join(os.fsencode(repo.path / "content"), b"bad\xff.md"), "wb") as f:
        f.write(b"# A page\n")
    config = load_config(str(repo.path / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    with mkdocs_warnings() as lines:
        config.plugins.on_startup(command="serve", dirty=True)
        try:
            build(config, serve_url="http://127.0.0.1:8000/", dirty=True)
        finally:
            config.plugins.on_shutdown()
    no_traceback(*lines)
    for name in ("assets/soldes/two\\nlines.jpg", "content/secret.txt", "content/bad\\xff.md"):
        assert len([ln for ln in lines if f"{name}: error:" in ln]) == 1, lines
    assert (tmp_path / "site/campaigns/soldes/review/hero/index.html").is_file()
    assert not (tmp_path / "site/secret.txt").exists()
