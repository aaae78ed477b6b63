"""The shape of the code, checked like behaviour: the layers (import-linter's contracts in
pyproject.toml), and the limits the layout keeps (function length, imports deferred into
functions)."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "livebrief"


def _tool(name: str) -> str:
    return str(Path(sys.executable).with_name(name))


def test_stage_order_is_import_order():
    proc = subprocess.run([_tool("lint-imports"), "--no-cache"], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert "0 broken" in proc.stdout


def _functions():
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                yield path.relative_to(PACKAGE), node


def test_no_function_is_longer_than_150_lines():
    long = [f"{p}:{n.name} ({n.end_lineno - n.lineno + 1} lines)" for p, n in _functions()
            if n.end_lineno - n.lineno + 1 > 150]
    assert long == []


def _deferred_imports() -> list[str]:
    """The imports of livebrief made inside functions (each deferred for start-up, with its
    reason where it stands)."""
    out = []
    for path, fn in _functions():
        for node in ast.walk(fn):
            if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith("livebrief")):
                out.append(f"{path}:{node.lineno}")
            elif isinstance(node, ast.Import) and any(a.name.startswith("livebrief") for a in node.names):
                out.append(f"{path}:{node.lineno}")
    return sorted(set(out))


def test_at_most_40_imports_of_livebrief_are_deferred_into_functions():
    deferred = _deferred_imports()
    assert len(deferred) <= 40, deferred



def test_ruff_finds_nothing():
    proc = subprocess.run([_tool("ruff"), "check", "src", "tests", "bench", "scripts"], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
