"""Running the reading pipeline over texts: one process or a pool, long texts in chunks,
Ukrainian and Russian texts read by read/slavic.py, other languages skipped with the reason
kept. The unit of work is ``Reading``."""
from __future__ import annotations

import logging
import multiprocessing as mp
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from ..text import chunks, detect_language
from .nlp import get_nlp

log = logging.getLogger(__name__)

FACT_KINDS = ("entities", "quotes", "places", "dates", "quantities")
# languages read by read/slavic.py instead of the English components
SLAVIC = ("uk", "ru")


@dataclass
class Reading:
    language: str | None
    status: str                     # "ok", or why the text was not read
    entities: list[dict] = field(default_factory=list)
    quotes: list[dict] = field(default_factory=list)
    places: list[dict] = field(default_factory=list)
    dates: list[dict] = field(default_factory=list)
    quantities: list[dict] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    aid: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)

    def facts(self) -> dict[str, list[dict]]:
        return {k: getattr(self, k) for k in FACT_KINDS}


def _shift(items: list[dict], by: int) -> list[dict]:
    if not by:
        return items
    for d in items:
        for k in ("start", "end", "speaker_start", "speaker_end"):
            if d.get(k) is not None:
                d[k] += by
    return items


def read_one(nlp, text: str, published: str | None) -> Reading:
    if not text or not text.strip():
        return Reading(None, "empty text")
    lang = detect_language(text)
    if lang in SLAVIC:
        # imported here: pymorphy3 loads on the first such text, not before
        from .slavic import read_slavic

        return read_slavic(text, lang, published)
    if lang != "en":
        return Reading(lang, f"not English ({lang}): the English components were skipped")
    reading = Reading(lang, "ok")
    for offset, piece in chunks(text):
        doc = nlp.make_doc(piece)
        doc._.lb_published = published
        for _name, proc in nlp.pipeline:
            doc = proc(doc)
        # a component switched off (nlp.select_pipes) leaves its extension unset
        reading.entities += _shift([m.as_dict() for m in doc._.lb_entities or []], offset)
        reading.quotes += _shift([q.as_dict() for q in doc._.lb_quotes or []], offset)
        reading.places += _shift([p.as_dict() for p in doc._.lb_places or []], offset)
        # (a week, "last week", dates events only: the contract's dates are days, months and years)
        reading.dates += _shift([d.as_dict() for d in doc._.lb_dates or [] if d.granularity != "week"], offset)
        reading.quantities += _shift([q.as_dict() for q in doc._.lb_quantities or []], offset)
        reading.aid += _shift([a.as_dict() for a in doc._.lb_aid or []], offset)
        reading.events += _shift([e.as_dict() for e in doc._.lb_events or []], offset)
        for topic in doc._.lb_topics or []:
            if topic not in reading.topics:
                reading.topics.append(topic)
    return reading


def read_safely(nlp, key, text, published) -> tuple[object, Reading]:
    try:
        return key, read_one(nlp, text, published)
    except Exception as exc:  # noqa: BLE001 - one bad article never stops a batch; the reason is kept
        log.warning("reading %s failed: %s", key, exc)
        return key, Reading(None, f"reading failed: {exc.__class__.__name__}: {exc}"[:500])


def _worker_init() -> None:
    get_nlp()


def _worker(task):
    return read_safely(get_nlp(), *task)


def read_many(tasks: Iterable[tuple[object, str, str | None]], *, workers: int = 1) -> Iterator[tuple[object, Reading]]:
    """(key, text, published) in, (key, Reading) out, in input order."""
    if workers <= 1:
        nlp = get_nlp()
        for task in tasks:
            yield read_safely(nlp, *task)
        return
    # load the model here first: a pool whose initializer fails starts new workers forever, so a
    # broken install must fail in this process, with its error (forked workers then share it)
    get_nlp()
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    with ctx.Pool(workers, initializer=_worker_init) as pool:
        yield from pool.imap(_worker, tasks, chunksize=4)
