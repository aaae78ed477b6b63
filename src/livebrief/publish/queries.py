"""Query functions: each page and its JSON twin are built from one of these."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from ..store import schema as t
from ..store.search import search as fts_search

FACT_KINDS = ("entities", "quotes", "dates", "quantities")


def _article_summary(r) -> dict:
    return {"id": r.id, "input_id": r.input_id, "title": r.title, "outlet": r.outlet,
            "published": r.published, "url": r.url, "language": r.language}


def counts(conn: Connection) -> dict:
    return {
        "articles": conn.execute(select(func.count()).select_from(t.articles)).scalar_one(),
        "duplicates": conn.execute(select(func.count()).select_from(t.duplicates)).scalar_one(),
        "failures": conn.execute(select(func.count()).select_from(t.failures)).scalar_one(),
        "sources": conn.execute(select(func.count()).select_from(t.sources)).scalar_one(),
    }


def list_articles(conn: Connection, *, limit: int = 50, offset: int = 0) -> dict:
    cols = [t.articles.c[c] for c in ("id", "input_id", "title", "outlet", "published", "url", "language")]
    rows = conn.execute(select(*cols).order_by(t.articles.c.published.desc().nulls_last(), t.articles.c.id.desc())
                        .limit(limit).offset(offset)).all()
    total = conn.execute(select(func.count()).select_from(t.articles)).scalar_one()
    return {"total": total, "limit": limit, "offset": offset, "articles": [_article_summary(r) for r in rows]}


def _facts(conn: Connection, table, article_id: int) -> list[dict]:
    skip = {"id", "article_id", "speaker_id"}
    cols = [c for c in table.c if c.name not in skip]
    rows = conn.execute(select(*cols).where(table.c.article_id == article_id).order_by(table.c.start)).all()
    return [dict(r._mapping) for r in rows]


def get_article(conn: Connection, article_id: int) -> dict | None:
    cols = [c for c in t.articles.c if c.name not in ("raw",)]
    r = conn.execute(select(*cols).where(t.articles.c.id == article_id)).first()
    if r is None:
        return None
    out = dict(r._mapping)
    for kind, table in (("entities", t.entities), ("quotes", t.quotes), ("dates", t.dates),
                        ("quantities", t.quantities)):
        out[kind] = _facts(conn, table, article_id)
    out["duplicates"] = [dict(d._mapping) for d in conn.execute(
        select(t.duplicates.c.item, t.duplicates.c.url, t.duplicates.c.method, t.duplicates.c.similarity,
               t.duplicates.c.at).where(t.duplicates.c.duplicate_of == article_id))]
    return out


def search(conn: Connection, q: str, *, limit: int = 20, offset: int = 0) -> dict:
    hits = fts_search(conn, q, limit=limit, offset=offset) if q.strip() else []
    return {"q": q, "limit": limit, "offset": offset,
            "results": [{"id": h.article_id, "title": h.title, "published": h.published,
                         "outlet": h.outlet, "snippet": h.snippet} for h in hits]}


def top_speakers(conn: Connection, limit: int = 10) -> list[dict]:
    rows = conn.execute(select(t.quotes.c.speaker, func.count().label("n"))
                        .where(t.quotes.c.speaker.is_not(None)).group_by(t.quotes.c.speaker)
                        .order_by(func.count().desc()).limit(limit)).all()
    return [{"speaker": r.speaker, "quotes": r.n} for r in rows]


def latest_quotes(conn: Connection, limit: int = 8) -> list[dict]:
    rows = conn.execute(
        select(t.quotes.c.text, t.quotes.c.speaker, t.quotes.c.start, t.quotes.c.end, t.quotes.c.article_id,
               t.articles.c.title, t.articles.c.published)
        .join(t.articles, t.articles.c.id == t.quotes.c.article_id)
        .where(t.quotes.c.speaker.is_not(None), t.quotes.c.kind == "direct",
               func.length(t.quotes.c.text) > 60)
        .order_by(t.articles.c.published.desc().nulls_last(), t.quotes.c.id).limit(limit)).all()
    return [dict(r._mapping) for r in rows]


def briefing(conn: Connection, *, demo: bool = False) -> dict:
    return {"demo": demo, "counts": counts(conn),
            "latest": list_articles(conn, limit=15)["articles"],
            "speakers": top_speakers(conn), "quotes": latest_quotes(conn)}
