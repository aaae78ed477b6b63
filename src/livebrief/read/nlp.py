"""Loading the pipeline once per process, and the Doc extensions the components fill."""
from __future__ import annotations

import threading
from datetime import date

_lock = threading.Lock()
_nlp = None
LOADS = 0   # times this process loaded the pipeline: backfill workers report it (it must stay 1)

COMPONENTS = ("livebrief_entities", "livebrief_places", "livebrief_dates", "livebrief_quantities", "livebrief_quotes",
              "livebrief_aid", "livebrief_topics", "livebrief_events")


def _register_extensions() -> None:
    from spacy.tokens import Doc

    for name in ("lb_published", "lb_entities", "lb_titles", "lb_dates", "lb_quantities", "lb_quotes", "lb_places",
                 "lb_topics", "lb_aid", "lb_events"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


def get_nlp():
    """The spaCy model with livebrief's components added after it (loaded once per process)."""
    global _nlp, LOADS
    with _lock:
        if _nlp is None:
            import spacy

            from ..places import resolve  # noqa: F401 - registers the factory
            from . import MODEL, aid, dates, entities, events, paragraphs, quantities, quotes, topics  # noqa: F401 - registers the factories

            _register_extensions()
            nlp = spacy.load(MODEL)
            nlp.add_pipe("livebrief_paragraphs", before="parser")
            for name in COMPONENTS:
                nlp.add_pipe(name, last=True)
            _nlp = nlp
            LOADS += 1
    return _nlp


def anchor(published: str | None) -> date | None:
    """The publication date that relative dates are resolved against."""
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None
