"""Where the benchmarks find the shared material (corpora, evaluation sets, scorers): the folder
LIVEBRIEF_SHARED names, else ``shared`` beside the checkout (../shared from the repository root).
A worktree elsewhere (/work/wt/NAME) has no ../shared of its own: it sets LIVEBRIEF_SHARED."""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENV = "LIVEBRIEF_SHARED"


def shared_dir(*, required: bool = True) -> Path:
    """The shared folder; where there is none, an exit that says what to set (where not
    ``required``, where it would be: its files then do not exist)."""
    named = os.environ.get(ENV)
    where = Path(named) if named else ROOT.parent / "shared"
    if where.is_dir() or not required:
        return where
    said = f"{ENV}={named} is not a folder" if named else f"no shared folder at {where} and {ENV} is not set"
    raise SystemExit(f"bench: {said}: set {ENV} to the folder that holds corpus/ and eval/, or give the file")


def shared_path(*parts: str) -> Path:
    """A file of the shared folder (``shared_path("corpus", "news447.jsonl")``)."""
    return shared_dir().joinpath(*parts)
