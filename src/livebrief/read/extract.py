"""`livebrief extract`: the CONTRACT.md record for each input article, text unchanged."""
from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

from ..ingest import readers
from ..records import Failure, Item
from ..settings import Options
from .pipeline import read_many


def record(item: Item, reading) -> dict:
    return {
        "id": item.input_id if item.input_id is not None else item.origin,
        "url": item.url, "title": item.title, "outlet": item.outlet, "published": item.published,
        "language": reading.language, "text": item.text,
        "entities": reading.entities, "quotes": reading.quotes, "places": reading.places, "dates": reading.dates,
        "quantities": reading.quantities, "aid": reading.aid, "events": reading.events, "topics": reading.topics,
        "read_status": reading.status,
    }


def _items(inputs: list[str], options: Options, stdin=None) -> Iterator[Item | Failure]:
    for arg in inputs:
        if arg == "-":
            yield from readers.read_stdin(stdin)
        else:
            yield from readers.read_path(Path(arg), options)


def extract_inputs(inputs: list[str], options: Options, *, workers: int = 1, stdin=None,
                   errors=None) -> Iterator[dict]:
    """Records in input order; unreadable items are reported on ``errors`` (stderr) and skipped."""
    errors = errors or sys.stderr
    items: dict[int, Item] = {}

    def tasks():
        for n, it in enumerate(_items(inputs, options, stdin)):
            if isinstance(it, Failure):
                errors.write(f"livebrief extract: [{it.stage}] {it.item}: {it.reason}\n")
                continue
            items[n] = it
            yield n, it.text, it.published

    for key, reading in read_many(tasks(), workers=workers):
        yield record(items.pop(key), reading)
