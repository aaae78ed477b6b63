"""The bundled demo data: about 45 short articles the livebrief team wrote about real, public,
dated events of the war (2022-2024), and an RSS feed of them. Built by scripts/build_demo.py."""
from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from sqlalchemy import select

from ..aggregate.control import import_layer
from ..flow import ingest
from ..records import IngestReport
from ..settings import Options
from ..store import Store
from ..store import schema as t


def demo_path(name: str = "articles.jsonl") -> Path:
    return Path(str(files("livebrief.demo") / name))


DEMO_CONTROL_SOURCE = "livebrief demo (illustrative, not an assessment)"


def load_demo(store: Store, options: Options) -> IngestReport:
    """Ingest the demo articles and the hand-drawn control layers; a second call stores nothing new."""
    report = ingest(store, [str(demo_path())], options, progress=False)
    with store.read() as conn:
        have = set(conn.execute(select(t.control_layers.c.date).where(
            t.control_layers.c.source == DEMO_CONTROL_SOURCE)).scalars())
    for f in sorted(Path(str(files("livebrief.demo") / "control")).glob("*.geojson")):
        if f.stem not in have:
            import_layer(store, f.read_bytes(), day=f.stem, source=DEMO_CONTROL_SOURCE)
    return report
