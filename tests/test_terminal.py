"""The commands that show progress, run as a user runs them: stderr (and stdout) a real
pseudo-terminal, so tqdm draws its bar. Piped runs (the rest of the suite) never draw one, which is
how a crash in the bar (``bool()`` of a bar without a total) once reached users unseen."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from .conftest import FIXTURES

pytestmark = pytest.mark.model


def _exe() -> list[str]:
    exe = Path(sys.executable).with_name("livebrief")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "livebrief"]


def run_in_terminal(*args: str, stdin_text: str | None = None, timeout: float = 300) -> tuple[int, str]:
    """Run ``livebrief ARGS`` with stdout and stderr on a pseudo-terminal (stdin too, unless
    ``stdin_text`` is piped in); returns the exit code and everything the terminal showed."""
    master, slave = os.openpty()
    stdin = subprocess.PIPE if stdin_text is not None else slave
    proc = subprocess.Popen([*_exe(), *args], stdin=stdin, stdout=slave, stderr=slave, close_fds=True)
    os.close(slave)
    shown = bytearray()

    def drain():
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the last writer closed the terminal
                return
            if not chunk:
                return
            shown.extend(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    if stdin_text is not None:
        proc.stdin.write(stdin_text.encode("utf-8"))
        proc.stdin.close()
    try:
        code = proc.wait(timeout=timeout)
    finally:
        if proc.poll() is None:
            proc.kill()
    reader.join(timeout=10)
    os.close(master)
    return code, shown.decode("utf-8", "replace")


def _articles(n: int, prefix: str) -> str:
    towns = ["Kharkiv", "Odesa", "Dnipro", "Lviv", "Poltava"]
    return "".join(json.dumps({
        "id": f"{prefix}-{i}", "url": f"https://example.org/{prefix}/{i}",
        "title": f"Repair crews restore power in {towns[i % len(towns)]} after night strike {i}",
        "published": f"2024-03-0{1 + i % 9}T08:00:00Z",
        "text": f"Repair crews restored power to {1000 + 37 * i} homes in {towns[i % len(towns)]} on "
                f"Tuesday, the regional governor said. Engineers worked through the night {i}.",
    }) + "\n" for i in range(n))


def _assert_clean(code: int, shown: str):
    assert "Traceback" not in shown, shown
    assert code == 0, shown


def test_ingest_files_reread_and_extract_in_a_terminal(tmp_path):
    db = str(tmp_path / "t.db")
    src = tmp_path / "in.jsonl"
    src.write_text(_articles(3, "f"), encoding="utf-8")
    # files: the ingest bar has no total (a folder's items are counted as they are read)
    code, shown = run_in_terminal("ingest", str(src), str(FIXTURES / "mixed"), "--db", db)
    _assert_clean(code, shown)
    assert "stored" in shown
    # the bar of the reading after ingest (a known total) and of reread (no total) both draw
    code, shown = run_in_terminal("reread", "--db", db)
    _assert_clean(code, shown)
    assert "read" in shown
    # extract with workers: records on stdout, never a crash from the terminal
    code, shown = run_in_terminal("extract", "--workers", "2", str(src))
    _assert_clean(code, shown)
    records = [json.loads(line) for line in shown.splitlines() if line.startswith("{")]
    assert [r["id"] for r in records] == ["f-0", "f-1", "f-2"]


def test_ingest_stdin_in_a_terminal(tmp_path):
    db = str(tmp_path / "t.db")
    code, shown = run_in_terminal("ingest", "-", "--db", db, stdin_text=_articles(2, "s"))
    _assert_clean(code, shown)
    code, shown = run_in_terminal("ingest", "-", "--json", "--db", db, stdin_text=_articles(3, "s"))
    _assert_clean(code, shown)
    report = json.loads(shown[shown.index("{"):shown.rindex("}") + 1])
    assert report["stored"] == 1 and report["duplicates"] == 2


def test_backfill_in_a_terminal(tmp_path):
    pytest.importorskip("distributed")
    db = str(tmp_path / "t.db")
    src = tmp_path / "archive.jsonl"
    src.write_text(_articles(4, "b"), encoding="utf-8")
    code, shown = run_in_terminal("backfill", str(src), "--local-workers", "1", "--partition-size", "2",
                                  "--no-read", "--db", db, timeout=400)
    _assert_clean(code, shown)
    assert "stored 4" in shown
    # nothing left to do: the bar has a total of zero
    code, shown = run_in_terminal("backfill", str(src), "--local-workers", "1", "--partition-size", "2",
                                  "--no-read", "--db", db, timeout=400)
    _assert_clean(code, shown)
