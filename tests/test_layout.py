"""The shape of the code, checked like behaviour: the layers (import-linter's contracts in
pyproject.toml), and the limits the layout keeps (function length, imports deferred into
functions)."""
from __future__ import annotations

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
