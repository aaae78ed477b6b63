"""The bundled demo data: about 40 short articles the livebrief team wrote about real, public,
dated events of the war (2022-2024), and an RSS feed of them. Built by scripts/build_demo.py."""
from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from ..records import IngestReport
from ..settings import Options
from ..store import Store


def demo_path(name: str = "articles.jsonl") -> Path:
    return Path(str(files("livebrief.demo") / name))


def load_demo(store: Store, options: Options) -> IngestReport:
    """Ingest the demo articles; a second call stores nothing new (all duplicates)."""
    from ..ingest.pipeline import ingest

    return ingest(store, [str(demo_path())], options, progress=False)
