"""The layer rules of the architecture page, checked on the code as it stands: ``core/``
imports no MkDocs, click, ``site/`` or ``live/``; ``site/`` reaches no Pillow; no function
in ``plugins/`` runs over 80 lines without a comment saying why; no docstring points to a
document outside the repository."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "plugins" / "proofroom"
MAX_LINES = 80
LONG_REASON = re.compile(r"#\s*long:\s*\S")  # on the def line or the line above it

# What core/ must never import: the generators, the CLI, and the layers above it.
CORE_FORBIDDEN = (
    "mkdocs",
    "material",
    "properdocs",
    "click",
    "watchdog",
    "jinja2",
    "markupsafe",
    "proofroom.site",
    "proofroom.live",
    "proofroom.cli",
    "proofroom.build",
    "proofroom.export",
    "proofroom.export_config",
    "proofroom.mkdocs_plugin",
    "proofroom.mkdocs_config",
    "proofroom.project",
    "proofroom.progress",
)


def _module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> Iterator[tuple[int, str]]:
    """Every module ``path`` imports (relative imports resolved), with its line."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = _module_name(path)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            yield node.lineno, target
            for alias in node.names:  # `from . import x` may name a module
                yield node.lineno, f"{target}.{alias.name}"


def _sources(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.py") if "__pycache__" not in p.parts)


def test_core_imports_no_generator_cli_or_upper_layer() -> None:
    bad = [
        f"{path.relative_to(PACKAGE.parent)}:{line}: imports {name}"
        for path in _sources(PACKAGE / "core")
        for line, name in _imports(path)
        if any(name == f or name.startswith(f + ".") for f in CORE_FORBIDDEN)
    ]
    assert bad == []


def test_the_rule_catches_a_forbidden_import(tmp_path: Path) -> None:
    """The check above reads relative imports as the interpreter does."""
    fake = PACKAGE / "core" / "inputs" / "briefs.py"
    names = [n for _, n in _imports(fake)]
    assert "proofroom.core.inputs.yamlload" in names
    assert "proofroom.schemas" in names


def test_site_reaches_no_pillow() -> None:
    """Pages are text: importing ``site/`` (and everything it imports) must not load
    Pillow, which the media room alone needs."""
    code = (
        "import sys; sys.modules['PIL'] = None\n"
        "import proofroom.site, proofroom.site.dashboard, proofroom.site.checks\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr.strip().splitlines()[-8:]


def _long_functions() -> Iterator[str]:
    for path in _sources(PACKAGE):
        lines = path.read_text(encoding="utf-8").splitlines()
        for node in ast.walk(ast.parse("\n".join(lines))):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            first = node.decorator_list[0].lineno if node.decorator_list else node.lineno
            around = lines[max(first - 2, 0) : node.lineno]
            if length > MAX_LINES and not any(LONG_REASON.search(x) for x in around):
                yield f"{path.relative_to(PACKAGE.parent)}:{node.lineno}: {node.name} ({length})"


def test_no_function_over_80_lines_without_a_reason() -> None:
    assert list(_long_functions()) == []


_JS_TOKEN = re.compile(r"function\s*\w*\s*\(|[{}]")


def _long_scripts() -> Iterator[str]:
    """Functions of the site's scripts over the limit, the file's own wrapper aside
    (braces counted, which the scripts' plain style keeps exact)."""
    scripts = [
        *(PACKAGE / "site" / "static").glob("*.js"),
        *(PACKAGE / "site" / "guest").glob("*.js"),
    ]
    for path in sorted(scripts):
        stack: list[tuple[str, int]] = []
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
            for token in _JS_TOKEN.findall(line):
                if token.startswith("function"):
                    stack.append(("head", i))
                elif token == "{":
                    opens_body = bool(stack) and stack[-1][0] == "head"
                    stack[-1:] = [("body", stack[-1][1])] if opens_body else [*stack[-1:], ("{", i)]
                elif stack:
                    kind, start = stack.pop()
                    wrapper = not any(k == "body" for k, _ in stack)
                    if kind == "body" and not wrapper and i - start + 1 > MAX_LINES:
                        yield f"{path.name}:{start + 1}: {i - start + 1} lines"


def test_no_script_function_over_80_lines() -> None:
    found = list(_long_scripts())
    assert found == []


@pytest.mark.parametrize("folder", ["plugins", "tests", "benchmarks", "scripts", "content"])
def test_no_pointer_to_a_document_outside_the_repository(folder: str) -> None:
    root = PACKAGE.parents[1] / folder
    # "section 6" meant a section of a design document kept outside the repository
    outside = re.compile(r"ARCHITECTURE(\.md)?\b|ANCHORS\.md|\b[Ss]ections? [0-9]+\b")
    found = [
        f"{p.relative_to(root.parent)}:{i}"
        for p in sorted(root.rglob("*"))
        if p.suffix in {".py", ".md", ".js"} and p.name != Path(__file__).name
        for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if outside.search(line)
    ]
    assert found == []
