"""The desk's read side: the review queue of each kind of fact, as the machine read it, with the
decision in force on each, ordered by what the front page would show next.

Order within a tab: 1. unreviewed facts the front page shows now or next (for events, read
above the confidence floor), in the front page's order; 2. the other unreviewed ones, in the same
order; 3. the facts already decided, most recent first reading, each with its decision.
"""
from __future__ import annotations

import zlib

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from ..editorial import EDITABLE, key_of, review_of
from ..places.gazetteer import default_gazetteer
from ..records import AidCategory, AidStatus, EventType, FactKind, QuoteKind
from ..settings import Options
from ..store import schema as t
from ..text import sentence_bounds
from . import queries

QUEUE_SIZE = 100
CONTEXT_CHARS = 240   # of the article around a fact's sentence


def _events(conn: Connection) -> list[dict]:
    return queries.events(conn, harmed=True, news_only=True, raw=True, limit=QUEUE_SIZE)


def _aid(conn: Connection) -> list[dict]:
    return sorted(queries.aid_records(conn, news_only=True, raw=True), key=lambda r: r["published"] or "",
                  reverse=True)[:QUEUE_SIZE]


def _quotes(conn: Connection) -> list[dict]:
    """Quotations with a speaker, newest first; those the front page may show (direct, of some
    length) first."""
    q, a = t.quotes, t.articles
    rows = [dict(r._mapping) for r in conn.execute(
        select(q, a.c.published, a.c.title).join(a, a.c.id == q.c.article_id).where(q.c.speaker.is_not(None))
        .order_by(a.c.published.desc().nulls_last(), q.c.id).limit(QUEUE_SIZE))]
    return sorted(rows, key=lambda r: not (r["kind"] == QuoteKind.DIRECT and len(r["text"]) > 60))


def _places(conn: Connection) -> list[dict]:
    p, a = t.places, t.articles
    rows = conn.execute(select(p, a.c.published, a.c.title).join(a, a.c.id == p.c.article_id)
                        .where(p.c.feature != "country")
                        .order_by(a.c.published.desc().nulls_last(), p.c.article_id.desc(), p.c.start).limit(QUEUE_SIZE // 2))
    return [dict(r._mapping) for r in rows]


READERS = {FactKind.EVENT: _events, FactKind.AID: _aid, FactKind.QUOTE: _quotes, FactKind.PLACE: _places}
TABS = {FactKind.EVENT: "Events and harm", FactKind.AID: "Aid", FactKind.QUOTE: "Quotations", FactKind.PLACE: "Places"}


def _rank(kind: str, item: dict, floor: float) -> int:
    if item["decision"] is not None:
        return 2
    if kind == FactKind.EVENT and (item.get("confidence") or 0) < floor:
        return 1
    return 0


def _in_context(conn: Connection, items: list[dict]) -> None:
    """Each item's sentence cut out of its article with some text either side (the highlight)."""
    ids = sorted({it["article_id"] for it in items})
    texts = dict(conn.execute(select(t.articles.c.id, t.articles.c.text).where(t.articles.c.id.in_(ids))).tuples().all()) \
        if ids else {}
    for it in items:
        text = texts.get(it["article_id"], "")
        s, e = sentence_bounds(text, it["start"])
        s, e = min(s, it["start"]), max(e, it["end"])
        lo, hi = max(0, s - CONTEXT_CHARS), min(len(text), e + CONTEXT_CHARS)
        it["context"] = {"before": ("…" if lo else "") + text[lo:s], "sentence_before": text[s:it["start"]],
                         "fact": text[it["start"]:it["end"]], "sentence_after": text[it["end"]:e],
                         "after": text[e:hi] + ("…" if hi < len(text) else "")}
        it["key"] = key_of(it["kind_of_fact"], it)
        # the item's anchor in the page: its pin, stable across decisions (the queue reorders)
        it["anchor"] = f"i-{it['article_id']}-{it['start']}-{it['end']}-{zlib.crc32(it['key'].encode())}"
    for it, nxt in zip(items, items[1:] + [None], strict=True):
        it["next_anchor"] = nxt["anchor"] if nxt else ""


def queue(conn: Connection, kind: str, *, min_confidence: float = Options.briefing_min_confidence) -> dict:
    """One tab of the desk: its items in order, each with its pin, its context and its decision."""
    rows = READERS[kind](conn)
    for r in rows:
        r["kind_of_fact"] = kind
    items = review_of(conn, kind, rows)
    items.sort(key=lambda it: _rank(kind, it, min_confidence))   # stable: each group keeps the front page's order
    _in_context(conn, items)
    counts = {k: conn.execute(select(func.count()).select_from(t.fact_decisions).where(t.fact_decisions.c.kind == k))
              .scalar_one() for k in FactKind.values()}
    return {"kind": kind, "tabs": TABS, "decided": counts, "editable": list(EDITABLE[kind]),
            "choices": {"type": EventType.values(), "category": AidCategory.values(), "status": AidStatus.values()},
            "pending": sum(1 for it in items if it["decision"] is None), "items": items}


def speakers(conn: Connection, limit: int = 2000) -> list[str]:
    """The people registry's names, most quoted first (the speakers a correction may choose)."""
    return [r["speaker"] for r in queries.top_speakers(conn, limit)]


def gazetteer_search(q: str, limit: int = 12) -> list[dict]:
    """Places of the gazetteer that a name may mean, most populous first (a correction's choice)."""
    found = default_gazetteer().lookup(q.strip()[:100]) if q.strip() else []
    found = sorted(found, key=lambda p: -p.population)[:limit]
    return [{"geonameid": p.geonameid, "name": p.name, "feature": p.feature, "country": p.cc, "lat": p.lat, "lon": p.lon,
             "population": p.population} for p in found if p.geonameid]
