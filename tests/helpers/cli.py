"""The `proofroom` command line as the tests run it: in process (click's CliRunner) and as
a real program, with the checks every command-line test makes of what it printed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner, Result

from helpers.gitrepo import GitRepo
from proofroom.cli import main

BIN = Path(sys.executable).parent
PROOFROOM = BIN / "proofroom"


def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
    """``proofroom ARGS`` in this process; stdout and stderr kept apart."""
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def run(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """``proofroom ARGS`` as a real program (the console script of this interpreter)."""
    return subprocess.run(
        [str(PROOFROOM), *args],
        cwd=cwd,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


def no_traceback(*outputs: str) -> None:
    for text in outputs:
        assert "Traceback" not in text, text


def one_error_line(text: str) -> str:
    """The single line an environment error prints (exit 2)."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    assert len(lines) == 1, text
    assert lines[0].startswith("error: ") or ": error: " in lines[0], text
    return lines[0]


def status_json(root: Path, *args: str, env: dict[str, str] | None = None) -> dict:
    result = invoke("-C", str(root), "status", "--format", "json", *args, env=env)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def deliverables(data: dict, campaign: str) -> dict[str, dict]:
    (c,) = [c for c in data["campaigns"] if c["id"] == campaign]
    return {d["id"]: d for d in c["deliverables"]}


def validate(repo: GitRepo, *args: str) -> Result:
    return invoke("-C", str(repo.path), "validate", *args)
