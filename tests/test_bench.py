"""The benchmarks' own plumbing: where they find the shared material."""
from __future__ import annotations

import importlib.util

import pytest

from .conftest import ROOT


def _shared():
    spec = importlib.util.spec_from_file_location("bench_shared", ROOT / "bench" / "shared.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_shared_folder_is_the_one_livebrief_shared_names(tmp_path, monkeypatch):
    shared = _shared()
    monkeypatch.setenv("LIVEBRIEF_SHARED", str(tmp_path))
    assert shared.shared_path("corpus", "a.jsonl") == tmp_path / "corpus" / "a.jsonl"


def test_without_a_shared_folder_a_benchmark_says_what_to_set(tmp_path, monkeypatch):
    shared = _shared()
    monkeypatch.setenv("LIVEBRIEF_SHARED", str(tmp_path / "missing"))
    with pytest.raises(SystemExit, match="LIVEBRIEF_SHARED=.*missing is not a folder: set LIVEBRIEF_SHARED"):
        shared.shared_path("corpus", "a.jsonl")
    assert shared.shared_dir(required=False) == tmp_path / "missing"
    monkeypatch.delenv("LIVEBRIEF_SHARED")
    monkeypatch.setattr(shared, "ROOT", tmp_path / "checkout")
    with pytest.raises(SystemExit, match="no shared folder at .*shared and LIVEBRIEF_SHARED is not set"):
        shared.shared_dir()
