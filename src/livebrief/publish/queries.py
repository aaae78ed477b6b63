"""Query functions: each page and its JSON twin are built from one of these."""
from __future__ import annotations

import json

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from ..store import schema as t
from ..store.search import count as fts_count
from ..store.search import search as fts_search

FACT_KINDS = ("entities", "quotes", "places", "dates", "quantities", "aid", "events")


def _article_summary(r) -> dict:
    return {"id": r.id, "input_id": r.input_id, "title": r.title, "outlet": r.outlet,
            "published": r.published, "url": r.url, "language": r.language, "genre": r.genre}


def counts(conn: Connection) -> dict:
    return {
        "articles": conn.execute(select(func.count()).select_from(t.articles)).scalar_one(),
        "duplicates": conn.execute(select(func.count()).select_from(t.duplicates)).scalar_one(),
        "failures": conn.execute(select(func.count()).select_from(t.failures)).scalar_one(),
        "sources": conn.execute(select(func.count()).select_from(t.sources)).scalar_one(),
    }


def list_articles(conn: Connection, *, limit: int = 50, offset: int = 0) -> dict:
    cols = [t.articles.c[c] for c in ("id", "input_id", "title", "outlet", "published", "url", "language", "genre")]
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
    out["topics"] = list(conn.execute(select(t.topics.c.topic).where(t.topics.c.article_id == article_id)).scalars())
    for kind, table in (("aid", t.aid), ("events", t.events)):
        out[kind] = _facts(conn, table, article_id)
    for a in out["aid"]:
        a["items"] = json.loads(a["items"] or "[]")
    for kind, table in (("entities", t.entities), ("quotes", t.quotes), ("places", t.places), ("dates", t.dates),
                        ("quantities", t.quantities)):
        out[kind] = _facts(conn, table, article_id)
    out["duplicates"] = [dict(d._mapping) for d in conn.execute(
        select(t.duplicates.c.item, t.duplicates.c.url, t.duplicates.c.method, t.duplicates.c.similarity,
               t.duplicates.c.at).where(t.duplicates.c.duplicate_of == article_id))]
    return out


def search(conn: Connection, q: str, *, limit: int = 20, offset: int = 0, since: str | None = None,
           until: str | None = None, place: str | None = None, person: str | None = None,
           topic: str | None = None, type: str | None = None) -> dict:
    """Full text, then the filters on what reading found: date range, place (name or key), person
    (canonical name or speaker), topic, event type."""
    filters = {k: v for k, v in (("since", since), ("until", until), ("place", place), ("person", person),
                                 ("topic", topic), ("type", type)) if v}
    if not q.strip() and not filters:
        return {"q": q, "limit": limit, "offset": offset, "filters": filters, "results": []}
    if q.strip() and not filters:
        # words alone: the index ranks, pages and counts; snippets for the page only
        hits = fts_search(conn, q, limit=limit, offset=offset)
        return {"q": q, "limit": limit, "offset": offset, "filters": filters, "total": fts_count(conn, q),
                "results": [{"id": h.article_id, "title": h.title, "published": h.published, "outlet": h.outlet,
                             "snippet": h.snippet} for h in hits]}
    hits = fts_search(conn, q, limit=2000, snippets=False) if q.strip() else None
    ids = None if hits is None else [h.article_id for h in hits]
    cond = [t.articles.c.id.in_(ids)] if ids is not None else []
    if since:
        cond.append(t.articles.c.published >= since)
    if until:
        cond.append(t.articles.c.published <= until + "T99")
    if place:
        cond.append(t.articles.c.id.in_(select(t.places.c.article_id).where(
            (t.places.c.name == place) | (t.places.c.place_key == place) | (t.places.c.text == place))))
    if person:
        cond.append(t.articles.c.id.in_(select(t.entities.c.article_id).where(
            t.entities.c.label == "PERSON", t.entities.c.canonical.like(f"%{person}%"))))
    if topic:
        cond.append(t.articles.c.id.in_(select(t.topics.c.article_id).where(t.topics.c.topic == topic)))
    if type:
        cond.append(t.articles.c.id.in_(select(t.events.c.article_id).where(
            (t.events.c.type == type) | (t.events.c.sub_type == type))))
    rows = conn.execute(select(t.articles.c.id, t.articles.c.title, t.articles.c.published, t.articles.c.outlet)
                        .where(*cond)).all()
    if ids is not None:  # full-text rank first
        rank = {aid: i for i, aid in enumerate(ids)}
        rows.sort(key=lambda r: rank[r.id])
    else:                # filters alone: newest first
        rows.sort(key=lambda r: r.published or "", reverse=True)
    page = rows[offset: offset + limit]
    leads = dict(conn.execute(select(t.articles.c.id, func.substr(t.articles.c.text, 1, 200))
                              .where(t.articles.c.id.in_([r.id for r in page]))).all()) if page else {}
    snippets = {}
    if q.strip() and page:   # the snippets of the page's rows only
        snippets = {h.article_id: h.snippet for h in fts_search(conn, q, limit=len(page), only=[r.id for r in page])}
    return {"q": q, "limit": limit, "offset": offset, "filters": filters, "total": len(rows),
            "results": [{"id": r.id, "title": r.title, "published": r.published, "outlet": r.outlet,
                         "snippet": snippets.get(r.id) or leads.get(r.id, "")} for r in page]}


def people(conn: Connection, limit: int = 500) -> dict:
    rows = conn.execute(select(t.speakers.c.id, t.speakers.c.name, t.speakers.c.kind, func.count(t.quotes.c.id).label("quotes"))
                        .join(t.quotes, t.quotes.c.speaker_id == t.speakers.c.id)
                        .group_by(t.speakers.c.id).order_by(func.count(t.quotes.c.id).desc()).limit(limit)).all()
    return {"people": [dict(r._mapping) for r in rows]}


def person(conn: Connection, speaker_id: int) -> dict | None:
    sp = conn.execute(select(t.speakers).where(t.speakers.c.id == speaker_id)).first()
    if sp is None:
        return None
    alias_rows = conn.execute(select(t.speaker_aliases.c.alias, t.speaker_aliases.c.role, t.speaker_aliases.c.article_id)
                              .where(t.speaker_aliases.c.speaker_id == speaker_id)).all()
    aliases = sorted({r.alias for r in alias_rows})
    roles = sorted({r.role for r in alias_rows if r.role})
    rows = conn.execute(select(t.quotes.c.text, t.quotes.c.kind, t.quotes.c.cue, t.quotes.c.start, t.quotes.c.end,
                               t.quotes.c.article_id, t.articles.c.title, t.articles.c.published)
                        .join(t.articles, t.articles.c.id == t.quotes.c.article_id)
                        .where(t.quotes.c.speaker_id == speaker_id).order_by(t.articles.c.published)).all()
    return {"id": sp.id, "name": sp.name, "kind": sp.kind, "aliases": aliases, "roles": roles,
            "quotes": [dict(r._mapping) for r in rows]}



def top_speakers(conn: Connection, limit: int = 10) -> list[dict]:
    """The most quoted speakers, one per person of the speakers registry (counted on the quotes'
    speaker index, named by the fullest form seen)."""
    q = t.quotes
    counted = select(q.c.speaker_id, func.count().label("n")).where(q.c.speaker_id.is_not(None)) \
        .group_by(q.c.speaker_id).order_by(func.count().desc(), q.c.speaker_id).limit(limit).subquery()
    rows = conn.execute(select(t.speakers.c.name, counted.c.n).join(counted, counted.c.speaker_id == t.speakers.c.id)
                        .order_by(counted.c.n.desc(), t.speakers.c.name)).all()
    return [{"speaker": r.name, "quotes": r.n} for r in rows]


def latest_quotes(conn: Connection, limit: int = 8) -> list[dict]:
    """Quotations of some length with a speaker, from the most recently published articles:
    looked for among the latest articles first, further back only when those have too few."""
    a, q = t.articles, t.quotes
    for window in (200, 5000, None):
        recent = select(a.c.id, a.c.title, a.c.published).order_by(a.c.published.desc().nulls_last(), a.c.id.desc())
        recent = (recent.limit(window) if window else recent).subquery()
        rows = conn.execute(
            select(q.c.text, q.c.speaker, q.c.start, q.c.end, q.c.article_id, recent.c.title, recent.c.published)
            .join(recent, recent.c.id == q.c.article_id)
            .where(q.c.speaker.is_not(None), q.c.kind == "direct", func.length(q.c.text) > 60)
            .order_by(recent.c.published.desc().nulls_last(), q.c.id).limit(limit)).all()
        if len(rows) >= limit:
            break
    return [dict(r._mapping) for r in rows]


def briefing(conn: Connection, *, demo: bool = False) -> dict:
    """The four sections of the live briefing, each item with its time, source and sentence."""
    from ..aggregate.developments import list_developments
    from ..aggregate.facts import aid_summary, events

    aid = aid_summary(conn, news_only=True)
    pledges = sorted((p for p in aid["pledges"] if not p["cumulative"]), key=lambda p: p["announced"] or "", reverse=True)
    # events from opinion, letters and analysis are kept (their pages show them) but not briefed
    harm = events(conn, harmed=True, limit=10, news_only=True)
    territory = events(conn, type="strategic_development", limit=12, news_only=True)
    return {"demo": demo, "counts": counts(conn),
            # (a development of pages with no story, such as newsletter sign-ups, is not news)
            "latest": sorted((d for d in list_developments(conn, limit=20) if d["genre"] != "furniture"),
                             key=lambda d: d["last_seen"] or "", reverse=True)[:12],
            "aid": {"pledges": pledges[:10], "by_donor": aid["totals"]["by_donor"]},
            "civilians": harm[:10],
            "territory": territory,
            "speakers": top_speakers(conn), "quotes": latest_quotes(conn)}


def warm(conn: Connection) -> None:
    """Build what the first requests would otherwise build: the front page (developments'
    digests, the aid summary) and the developments listing."""
    from ..aggregate.developments import list_developments

    briefing(conn)
    list_developments(conn)


def list_places(conn: Connection, *, limit: int = 500) -> dict:
    rows = conn.execute(
        select(t.places.c.place_key, func.min(t.places.c.name).label("name"), func.min(t.places.c.feature).label("feature"),
               func.min(t.places.c.country).label("country"), func.min(t.places.c.geonameid).label("geonameid"),
               func.avg(t.places.c.lat).label("lat"), func.avg(t.places.c.lon).label("lon"),
               func.count(func.distinct(t.places.c.article_id)).label("articles"), func.count().label("mentions"))
        .group_by(t.places.c.place_key).order_by(func.count(func.distinct(t.places.c.article_id)).desc()).limit(limit)).all()
    return {"places": [{**dict(r._mapping), "events": 0} for r in rows]}


def places_geojson(conn: Connection) -> dict:
    feats = []
    for p in list_places(conn, limit=5000)["places"]:
        if p["lat"] is None or p["lon"] is None:
            continue
        props = {k: v for k, v in p.items() if k not in ("lat", "lon")}
        feats.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [round(p["lon"], 5), round(p["lat"], 5)]},
                      "properties": props})
    return {"type": "FeatureCollection", "features": feats}


def get_place(conn: Connection, key: str) -> dict | None:
    rows = conn.execute(
        select(t.places.c.name, t.places.c.feature, t.places.c.country, t.places.c.geonameid, t.places.c.lat,
               t.places.c.lon, t.places.c.text, t.places.c.start, t.places.c.end, t.places.c.article_id,
               t.articles.c.title, t.articles.c.published)
        .join(t.articles, t.articles.c.id == t.places.c.article_id)
        .where(t.places.c.place_key == key).order_by(t.articles.c.published.desc().nulls_last())).all()
    if not rows:
        return None
    first = rows[0]
    arts: dict[int, dict] = {}
    for r in rows:
        a = arts.setdefault(r.article_id, {"id": r.article_id, "title": r.title, "published": r.published, "mentions": []})
        a["mentions"].append({"text": r.text, "start": r.start, "end": r.end})
    return {"key": key, "name": first.name, "feature": first.feature, "country": first.country,
            "geonameid": first.geonameid, "lat": first.lat, "lon": first.lon, "articles": list(arts.values())}
