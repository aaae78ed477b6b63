"""The CONTRACT.md record of an article and its reading (what `livebrief extract` prints), text
unchanged."""
from __future__ import annotations

from ..records import Item


def record(item: Item, reading) -> dict:
    return {
        "id": item.input_id if item.input_id is not None else item.origin,
        "url": item.url, "title": item.title, "outlet": item.outlet, "published": item.published,
        "language": reading.language, "text": item.text,
        "entities": reading.entities, "quotes": reading.quotes, "places": reading.places, "dates": reading.dates,
        "quantities": reading.quantities, "aid": reading.aid, "events": reading.events, "topics": reading.topics,
        "read_status": reading.status,
    }
