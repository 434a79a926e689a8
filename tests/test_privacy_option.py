"""The plugin option `privacy`: public (the default) or private, checked by MkDocs like
every other option and carried into the settings by the plugin and by the commands."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from helpers.cli import invoke, no_traceback
from mkdocs.config import load_config

from proofroom.core.settings import PRIVACY, Settings, option_default
from proofroom.project import load_project

# A site secret for the builds (32 bytes, base64url): a private build may ask for one.
SECRET = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"


def new_workspace(tmp_path: Path, privacy: str | None) -> Path:
    """A workspace as `proofroom init` writes it, with `privacy` set to ``privacy`` (or
    the option left out when None)."""
    root = tmp_path / "team"
    result = invoke("init", str(root))
    assert result.exit_code == 0, result.output
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    entry = re.compile(r"^  - proofroom:\n      privacy: private  #.*$", re.MULTILINE)
    assert entry.search(text), text
    line = "  - proofroom" if privacy is None else f"  - proofroom:\n      privacy: {privacy}"
    config.write_text(entry.sub(line, text), encoding="utf-8")
    return root


def mkdocs_build(root: Path) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` in its own process, as a team's CI runs it."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=root,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PROOFROOM_SECRET": SECRET},
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


def test_public_is_the_default() -> None:
    assert PRIVACY == ("public", "private")
    assert option_default("privacy") == "public"
    assert Settings(root=Path(".")).privacy == "public"


@pytest.mark.parametrize("privacy", [None, "public", "private"])
def test_the_plugin_and_the_commands_read_the_option(tmp_path: Path, privacy: str | None) -> None:
    root = new_workspace(tmp_path, privacy)
    expected = privacy or "public"
    config = load_config(str(root / "mkdocs.yml"))
    assert config.plugins["proofroom"].settings(config).privacy == expected
    assert load_project(root).settings.privacy == expected


@pytest.mark.parametrize("privacy", ["public", "private"])
def test_a_build_accepts_public_and_private(tmp_path: Path, privacy: str) -> None:
    root = new_workspace(tmp_path, privacy)
    proc = mkdocs_build(root)
    assert proc.returncode == 0, proc.stderr
    no_traceback(proc.stdout, proc.stderr)


@pytest.mark.parametrize("value", ["secret", "Private", "true"])
def test_a_build_refuses_any_other_value_naming_the_option(tmp_path: Path, value: str) -> None:
    root = new_workspace(tmp_path, value)
    proc = mkdocs_build(root)
    assert proc.returncode == 1
    no_traceback(proc.stdout, proc.stderr)
    assert "configuration error" in proc.stdout
    errors = [ln for ln in proc.stderr.splitlines() if ln.startswith("ERROR")]
    assert len(errors) == 1, proc.stderr
    assert "Plugin 'proofroom' option 'privacy'" in errors[0]
    assert "Expected one of: ('public', 'private')" in errors[0]
    assert not (root / "site").exists()
