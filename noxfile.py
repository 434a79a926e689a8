"""Project sessions: tests, lint, e2e, bench, serve, screenshots."""

from __future__ import annotations

import os
from pathlib import Path

import nox

nox.options.sessions = ["tests", "lint"]
nox.options.reuse_existing_virtualenvs = True
ROOT = Path(__file__).parent
PYTHON = os.environ.get("PROOFROOM_PYTHON") or None  # the interpreter nox runs on by default


def _properdocs_env(session: nox.Session) -> str:
    """A separate environment for ProperDocs: it redirects `mkdocs` imports to itself."""
    venv = ROOT / ".nox" / "properdocs-env"
    py = venv / "bin" / "python"
    if not py.exists():
        session.run("python", "-m", "venv", str(venv))
    session.run(str(py), "-m", "pip", "install", "-q", "properdocs", "-e", ".", external=True)
    return str(venv / "bin")


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """The whole test suite (unit, builds, CLI, ProperDocs)."""
    session.install("-q", "-e", ".[test]")
    env = {"PROOFROOM_PROPERDOCS_BIN": _properdocs_env(session)}
    session.run("pytest", *(session.posargs or ["-q"]), env=env)


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """ruff (lint and format), mypy on the package, and the layer rules of the
    architecture page (tests/test_layers.py, which needs no fixture)."""
    session.install("-q", "-e", ".", "ruff", "mypy", "types-PyYAML", "types-jsonschema", "pytest")
    paths = ("plugins", "tests", "benchmarks", "scripts", "noxfile.py")
    session.run("ruff", "check", *paths)
    session.run("ruff", "format", "--check", *paths)
    session.run("mypy")
    session.run("pytest", "-q", "--noconftest", "-p", "no:cacheprovider", "tests/test_layers.py")


@nox.session(python=PYTHON)
def e2e(session: nox.Session) -> None:
    """Browser tests only (needs Debian's chromium)."""
    session.install("-q", "-e", ".[test]")
    # Exit code 5 is pytest's "no test collected" (no test marked e2e yet): not a failure.
    session.run("pytest", "-q", "-m", "e2e", *session.posargs, success_codes=[0, 5])


@nox.session(python=PYTHON)
def bench(session: nox.Session) -> None:
    """The performance budgets, each as a ratio against a peer measured in the same run.

    Options after ``--``: ``--scale 0.05`` (quick look), ``--sample N``, ``--repeat R``,
    ``--keep``, ``--only history|thumbnails|build|preview|private``; see benchmarks/README.md.
    """
    session.install("-q", "-e", ".", "playwright>=1.45")  # the guest rows drive chromium
    session.run("python", "-m", "benchmarks.run", *session.posargs)


@nox.session(python=PYTHON)
def serve(session: nox.Session) -> None:
    """Live preview of the demo workspace."""
    session.install("-q", "-e", ".")
    session.run("proofroom", "serve", *session.posargs)


@nox.session(python=PYTHON)
def screenshots(session: nox.Session) -> None:
    """The docs' screenshots, from the demo site in Debian's chromium."""
    session.install("-q", "-e", ".[test]")
    session.run("python", "scripts/screenshots.py")
