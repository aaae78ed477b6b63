"""Read-side queries: every page and its JSON twin, the API, the exports, the digest and the
command line's listings are built from these, and nothing else reads the store for them.

Sections: articles and search; people; places; facts across articles (aid, events, figures);
developments (ranked, summarised extractively, what changed since a time); the briefing.
"""
from __future__ import annotations

import json
import math
import re
import threading
from collections import Counter, OrderedDict, defaultdict
from datetime import timedelta
from functools import lru_cache

from sqlalchemy import and_, func, select
from sqlalchemy.engine import Connection

from ..aggregate import harm
from ..aggregate.clustering import headline_of, item_terms, quoted_speaker, terms
from ..aggregate.coherence import Rarity, parts, title_form
from ..aggregate.control import latest_change, stored_unions
from ..aggregate.developments import _when, item_text, outlet_furniture, read_rarity
from ..aggregate.facts import announced_on, pledges
from ..aggregate.territory import claims
from ..editorial import apply as reviewed
from ..editorial import version as decisions_version
from ..read.forms import word_forms
from ..read.genre import LEAD_CHARS, NEWS_GENRES, classify, headline, is_furniture, lead
from ..records import HARM_TYPES, AidStatus, EventType, FactKind, QuoteKind, ReviewAction, ReviewState
from ..settings import Options
from ..store import row_id
from ..store import schema as t
from ..store.search import count as fts_count
from ..store.search import search as fts_search
from ..text import sentences
from . import front

FACT_KINDS = ("entities", "quotes", "places", "dates", "quantities", "aid", "events")


# ---------------------------------------------------------------- articles and search

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


# the facts of an article page an editor reviews, by the name the page gives them
_REVIEWED = {"aid": FactKind.AID, "events": FactKind.EVENT, "quotes": FactKind.QUOTE, "places": FactKind.PLACE}


def _facts(conn: Connection, table, article_id: int) -> list[dict]:
    skip = {"id", "speaker_id"}
    cols = [c for c in table.c if c.name not in skip]
    rows = conn.execute(select(*cols).where(table.c.article_id == article_id).order_by(table.c.start)).all()
    return [dict(r._mapping) for r in rows]


def get_article(conn: Connection, article_id: int, *, raw: bool = False) -> dict | None:
    """An article with what reading found in it; the facts an editor reviews as the desk has them
    (none it rejected, its corrections in, each marked with its review; ``raw``: as the machine
    read them)."""
    cols = [c for c in t.articles.c if c.name not in ("raw",)]
    r = conn.execute(select(*cols).where(t.articles.c.id == article_id)).first()
    if r is None:
        return None
    out = dict(r._mapping)
    out["topics"] = list(conn.execute(select(t.topics.c.topic).where(t.topics.c.article_id == article_id)).scalars())
    for name, table in (("aid", t.aid), ("events", t.events), ("entities", t.entities), ("quotes", t.quotes),
                        ("places", t.places), ("dates", t.dates), ("quantities", t.quantities)):
        rows = _facts(conn, table, article_id)
        if name == "aid":
            for a in rows:
                a["items"] = json.loads(a["items"] or "[]")
        if name in _REVIEWED and not raw:
            rows = reviewed(conn, _REVIEWED[name], rows)
        out[name] = [{k: v for k, v in row.items() if k != "article_id"} for row in rows]
    out["duplicates"] = [dict(d._mapping) for d in conn.execute(
        select(t.duplicates.c.item, t.duplicates.c.url, t.duplicates.c.method, t.duplicates.c.similarity,
               t.duplicates.c.at).where(t.duplicates.c.duplicate_of == article_id))]
    return out


def _published(since: str | None, until: str | None) -> list:
    """The conditions of a listing's ``since`` and ``until`` on its articles' publication (each a
    day or a time; ``until`` a day takes in the whole of it)."""
    published = t.articles.c.published
    return [*([published >= since] if since else []), *([published <= until + "T99"] if until else [])]


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
        hits = fts_search(conn, q, limit=limit, offset=offset, forms=word_forms)
        return {"q": q, "limit": limit, "offset": offset, "filters": filters, "total": fts_count(conn, q, word_forms),
                "results": [{"id": h.article_id, "title": h.title, "published": h.published, "outlet": h.outlet,
                             "snippet": h.snippet} for h in hits]}
    hits = fts_search(conn, q, limit=2000, snippets=False, forms=word_forms) if q.strip() else None
    ids = None if hits is None else [h.article_id for h in hits]
    cond = ([t.articles.c.id.in_(ids)] if ids is not None else []) + _published(since, until)
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
        snippets = {h.article_id: h.snippet for h in fts_search(conn, q, limit=len(page), only=[r.id for r in page],
                                                                forms=word_forms)}
    return {"q": q, "limit": limit, "offset": offset, "filters": filters, "total": len(rows),
            "results": [{"id": r.id, "title": r.title, "published": r.published, "outlet": r.outlet,
                         "snippet": snippets.get(r.id) or leads.get(r.id, "")} for r in page]}


# ---------------------------------------------------------------- people

def _decided(kind: str, action: str | None = None):
    """The articles with a decision of ``kind`` in the store (of ``action``, or any): a listing
    that groups in the database counts their facts apart, as the desk has them."""
    d = t.fact_decisions.c
    return select(d.article_id).where(d.kind == kind, *([d.action == action] if action else []))


def _facts_of(conn: Connection, kind: str, column, value, sel) -> list[dict]:
    """The rows of ``sel`` (a query of ``column``'s table) whose ``column`` is ``value`` as the desk
    has them, each marked with its review: a rejected one left out, one an editor gave that value
    in, one an editor took it from out."""
    article = column.table.c.article_id
    decided = _decided(kind)
    rows = [{**r, "review": ReviewState.UNREVIEWED.value}
            for r in _dicts(conn.execute(sel.where(column == value, article.not_in(decided))))]
    # (a correction may have given any fact of its article this value)
    return rows + [r for r in reviewed(conn, kind, _dicts(conn.execute(sel.where(
        article.in_(decided), (column == value) | article.in_(_decided(kind, ReviewAction.CORRECT))))))
        if r[column.name] == value]


def _as_decided(conn: Connection, kind: str, rows: list[dict], *, key: str, rank: str, counted, tally, blank,
                limit: int, order) -> list[dict]:
    """A listing's groups as the desk has them (the people's and the places' listings): counted in
    the database on its index (``counted(limit=, keys=)``: {key: group}, most first), less ``rows``
    (the facts of the articles with a decision on one, as the machine read them), plus them as
    reviewed (a rejected one not at all, a corrected one under the group the editor chose).
    ``tally(rows)``: {key: {measure: n}}; a group is ranked and kept by its ``rank`` measure; ``blank(row)``
    starts a group the database has none of from a reviewed row; ``order`` sorts the listing."""
    if not rows:   # no decision: the database counts them all
        return list(counted(limit=limit).values())
    delta: dict = defaultdict(Counter)
    shown: dict = {}
    for sign, found in ((-1, rows), (1, reviewed(conn, kind, rows))):
        for k, measures in tally(found).items():
            for m, n in measures.items():
                delta[k][m] += sign * n
        if sign > 0:
            for r in found:
                shown.setdefault(r[key], r)
    # as many more as the desk may lower (their places may go to the next), and those it raises
    groups = counted(limit=limit + sum(1 for d in delta.values() if d[rank] < 0))
    raised = sorted(k for k, d in delta.items() if d[rank] > 0 and k not in groups)
    if raised:
        groups.update(counted(keys=raised))
    for k, d in delta.items():
        if k not in groups and d[rank] > 0:   # one the database does not count at all
            groups[k] = {**blank(shown[k]), **dict.fromkeys(d, 0)}
        if k in groups:
            for m, n in d.items():
                groups[k][m] += n
    return sorted((g for g in groups.values() if g[rank] > 0), key=order)[:limit]


def _quoted(conn: Connection, limit: int) -> list[dict]:
    """{id, quotes} of the most quoted persons of the speakers registry, as the desk has them
    (``_as_decided``: a quotation whose speaker an editor corrected counts under that person)."""
    q = t.quotes.c

    def counted(*, limit: int | None = None, keys: list[int] | None = None) -> dict[int, dict]:
        sel = select(q.speaker_id, func.count()).where(q.speaker_id.is_not(None), *([q.speaker_id.in_(keys)] if keys else [])) \
            .group_by(q.speaker_id).order_by(func.count().desc(), q.speaker_id)
        return {sid: {"id": sid, "quotes": n} for sid, n in conn.execute(sel.limit(limit) if limit else sel).tuples()}

    def tally(found: list[dict]) -> dict[int, dict]:
        return {sid: {"quotes": n} for sid, n in Counter(r["speaker_id"] for r in found if r["speaker_id"] is not None).items()}

    rows = _dicts(conn.execute(select(q.article_id, q.start, q.end, q.kind, q.speaker, q.speaker_id)
                               .where(q.article_id.in_(_decided(FactKind.QUOTE)))))
    return _as_decided(conn, FactKind.QUOTE, rows, key="speaker_id", rank="quotes", counted=counted, tally=tally,
                       blank=lambda r: {"id": r["speaker_id"]}, limit=limit, order=lambda g: (-g["quotes"], g["id"]))


def _registry(conn: Connection, ids: list[int]) -> dict[int, tuple[str, str | None]]:
    """Names and kinds of persons of the speakers registry, by id; a person the articles spell
    several ways ("Zelensky", "Zelenskiy", "Zelenskyy") under the full name they spell most."""
    if not ids:
        return {}
    sp, q = t.speakers.c, t.quotes.c
    spelled: dict[int, tuple[int, str]] = {}
    for sid, name, n in conn.execute(select(q.speaker_id, q.speaker, func.count()).where(
            q.speaker_id.in_(ids), q.speaker.is_not(None)).group_by(q.speaker_id, q.speaker)).tuples():
        if " " in name and (sid not in spelled or (n, name) > spelled[sid]):
            spelled[sid] = (n, name)
    return {sid: (spelled[sid][1] if sid in spelled and kind == "PERSON" else name, kind)
            for sid, name, kind in conn.execute(select(sp.id, sp.name, sp.kind).where(sp.id.in_(ids))).tuples()}


def people(conn: Connection, limit: int = 500) -> dict:
    """The persons of the speakers registry with their quotations, as the desk has them (``_quoted``)."""
    counts = _quoted(conn, limit)
    names = _registry(conn, [g["id"] for g in counts])
    return {"people": [{"id": g["id"], "name": names[g["id"]][0], "kind": names[g["id"]][1], "quotes": g["quotes"]}
                       for g in counts if g["id"] in names]}


def person(conn: Connection, speaker_id: int) -> dict | None:
    """A person of the speakers registry: names, roles and quotations, as the desk has them (a
    rejected quotation left out, one an editor gave another speaker under that one), each marked
    with its review."""
    sp = conn.execute(select(t.speakers).where(t.speakers.c.id == speaker_id)).first()
    if sp is None:
        return None
    alias_rows = conn.execute(select(t.speaker_aliases.c.alias, t.speaker_aliases.c.role, t.speaker_aliases.c.article_id)
                              .where(t.speaker_aliases.c.speaker_id == speaker_id)).all()
    aliases = sorted({r.alias for r in alias_rows})
    roles = sorted({r.role for r in alias_rows if r.role})
    q, a = t.quotes.c, t.articles.c
    rows = _facts_of(conn, FactKind.QUOTE, q.speaker_id, speaker_id, select(
        q.text, q.kind, q.cue, q.start, q.end, q.article_id, a.title, a.published, q.speaker, q.speaker_id)
        .join(t.articles, a.id == q.article_id))
    rows.sort(key=lambda r: r["published"] or "")
    return {"id": sp.id, "name": sp.name, "kind": sp.kind, "aliases": aliases, "roles": roles,
            "quotes": [{k: v for k, v in r.items() if k not in ("speaker", "speaker_id")} for r in rows]}


def top_speakers(conn: Connection, limit: int = 10) -> list[dict]:
    """The most quoted speakers, one per person of the speakers registry (as the desk has them:
    ``people``), named by the fullest form seen."""
    return sorted(({"speaker": p["name"], "quotes": p["quotes"]} for p in people(conn, limit)["people"]),
                  key=lambda x: (-x["quotes"], x["speaker"]))


def latest_quotes(conn: Connection, limit: int = 8, *, approved_only: bool = False, raw: bool = False) -> list[dict]:
    """Quotations of some length by a speaker the article names (one of the speakers registry: no
    description, no document), from the most recently published articles: looked for among the
    latest articles first, further back only when those have too few; one from an article and one
    of a speaker, so that a long interview does not fill the section. As the desk has them: none
    it rejected, its speakers, each marked with its review (``raw``: as the machine read them, for
    the desk itself)."""
    a, q = t.articles, t.quotes
    for window in (200, 5000, None):
        recent = select(a.c.id, a.c.title, a.c.published).order_by(a.c.published.desc().nulls_last(), a.c.id.desc())
        recent = (recent.limit(window) if window else recent).subquery()
        found = conn.execute(
            select(q.c.text, q.c.kind, q.c.speaker, q.c.start, q.c.end, q.c.article_id, recent.c.title, recent.c.published,
                   q.c.speaker_id)
            .join(recent, recent.c.id == q.c.article_id)
            # (a quotation an editor gave a speaker of the registry counts as one the article names)
            .where(q.c.speaker_id.is_not(None) | q.c.article_id.in_(_decided(FactKind.QUOTE, ReviewAction.CORRECT)),
                   q.c.kind == QuoteKind.DIRECT, func.length(q.c.text) > 60)
            .order_by(recent.c.published.desc().nulls_last(), q.c.id).limit(limit * QUOTE_POOL + _rejected(conn, FactKind.QUOTE)))
        rows, articles, speakers = [], set(), set()
        for r in (_dicts(found) if raw else reviewed(conn, FactKind.QUOTE, _dicts(found), approved_only=approved_only)):
            if r["speaker_id"] is None or r["article_id"] in articles or r["speaker_id"] in speakers:
                continue
            articles.add(r["article_id"])
            speakers.add(r["speaker_id"])
            rows.append({k: v for k, v in r.items() if k != "speaker_id"})
        if len(rows) >= limit:
            break
    return rows[:limit]


# quotations read for each one "who said what" shows: enough that, one per article and speaker,
# an interview of many quotations does not leave the section short
QUOTE_POOL = 8


# ---------------------------------------------------------------- places

# what a place is, as the places table has it and a listing shows it
_PLACE_FIELDS = ("place_key", "name", "feature", "country", "geonameid", "lat", "lon")


def _place_groups(conn: Connection, *conds, limit: int | None = None) -> dict[str, dict]:
    """Places grouped by key (how many articles and mentions), most written about first."""
    p = t.places.c
    articles = func.count(func.distinct(p.article_id))
    q = select(p.place_key, func.min(p.name).label("name"), func.min(p.feature).label("feature"),
               func.min(p.country).label("country"), func.min(p.geonameid).label("geonameid"),
               func.avg(p.lat).label("lat"), func.avg(p.lon).label("lon"), articles.label("articles"),
               func.count().label("mentions")).where(*conds).group_by(p.place_key).order_by(articles.desc())
    return {g["place_key"]: g for g in _dicts(conn.execute(q.limit(limit) if limit else q))}


def list_places(conn: Connection, *, limit: int = 500) -> dict:
    """The places written about, as the desk has them (``_as_decided``: a corrected place counts
    under the gazetteer's place the editor chose)."""
    p = t.places.c

    def counted(*, limit: int | None = None, keys: list[str] | None = None) -> dict[str, dict]:
        return _place_groups(conn, *([p.place_key.in_(keys)] if keys else []), limit=limit)

    def tally(found: list[dict]) -> dict[str, dict]:
        articles = Counter(k for k, _article in {(r["place_key"], r["article_id"]) for r in found})
        mentions = Counter(r["place_key"] for r in found)
        return {k: {"articles": articles[k], "mentions": n} for k, n in mentions.items()}

    rows = _dicts(conn.execute(select(p.article_id, p.start, p.end, p.text, *(p[k] for k in _PLACE_FIELDS))
                               .where(p.article_id.in_(_decided(FactKind.PLACE)))))
    ranked = _as_decided(conn, FactKind.PLACE, rows, key="place_key", rank="articles", counted=counted, tally=tally,
                         blank=lambda r: {k: r[k] for k in _PLACE_FIELDS}, limit=limit, order=lambda g: -g["articles"])
    return {"places": [{**g, "events": 0} for g in ranked]}


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
    """A place and the articles that mention it, as the desk has them (a rejected mention left
    out; a corrected one under the place the editor chose, not the machine's)."""
    p, a = t.places.c, t.articles.c
    rows = _facts_of(conn, FactKind.PLACE, p.place_key, key, select(
        p.name, p.feature, p.country, p.geonameid, p.lat, p.lon, p.text, p.start, p.end, p.article_id, p.place_key,
        a.title, a.published).join(t.articles, a.id == p.article_id))
    if not rows:
        return None
    rows.sort(key=lambda r: r["published"] or "", reverse=True)
    first = rows[0]
    arts: dict[int, dict] = {}
    for r in rows:
        art = arts.setdefault(r["article_id"], {"id": r["article_id"], "title": r["title"], "published": r["published"],
                                                "mentions": []})
        art["mentions"].append({"text": r["text"], "start": r["start"], "end": r["end"],
                                "review": r["review"]})
    return {"key": key, **{k: first[k] for k in ("name", "feature", "country", "geonameid", "lat", "lon")},
            "articles": list(arts.values())}


# ---------------------------------------------------------------- facts across articles

def _dicts(result) -> list[dict]:
    """Rows as plain dicts (a store's worth of records: cheaper than a mapping per row)."""
    keys = list(result.keys())
    return [dict(zip(keys, row, strict=True)) for row in result.tuples()]


def _rejected(conn: Connection, kind: str) -> int:
    """How many rows of a kind the desk may leave out of a listing (rejections, ever): a listing
    reads that many more, so that it still fills its page."""
    d = t.fact_decisions.c
    return conn.execute(select(func.count()).where(d.kind == kind, d.action == ReviewAction.REJECT)).scalar_one()


def _sentence(table):
    """A fact's sentence, cut out by the database: the article's text never leaves it."""
    return func.substr(t.articles.c.text, table.c.start + 1, table.c.end - table.c.start)


# the longest line an item of a page shows of its sentence
LINE_CHARS = 240


def line(sentence: str | None) -> str:
    """The reported sentence as a page's item shows it: on one line, without the page's furniture
    or a kicker the sentence splitter left before it ("Advertisement", "– Russia fights for Donbas –"),
    cut at a word near LINE_CHARS characters."""
    pieces = [p for p in re.split(r"\s{2,}", (sentence or "").strip()) if p]
    while len(pieces) > 1 and is_furniture(pieces[0]):
        pieces.pop(0)
    text = " ".join(" ".join(pieces).split())
    if len(text) <= LINE_CHARS:
        return text
    return text[:LINE_CHARS].rsplit(" ", 1)[0].rstrip(",;:") + " …"


def _news(genre):
    """Not from opinion, letters, editorials or analysis (an article not read yet counts as news)."""
    return genre.is_(None) | genre.in_(sorted(NEWS_GENRES))


def aid_records(conn: Connection, *, donor: str | None = None, since: str | None = None,
                until: str | None = None, category: str | None = None, status: str | None = None,
                news_only: bool = False, approved_only: bool = False, raw: bool = False) -> list[dict]:
    """Aid records with their article's time, title and sentence, as the desk has them (none it
    rejected, its corrections in, each marked with its review; ``approved_only``: only what it
    approved or corrected; ``raw``: as the machine read them). ``news_only``: as ``events``. The
    filters read the machine's values."""
    q = (select(t.aid, t.articles.c.published, t.articles.c.title, t.articles.c.input_id,
                _sentence(t.aid).label("sentence"))
         .join(t.articles, t.articles.c.id == t.aid.c.article_id))
    conds = []
    if donor:
        conds.append((t.aid.c.donor_country == donor.upper()) | (t.aid.c.donor == donor))
    conds += _published(since, until)
    if category:
        conds.append(t.aid.c.category == category)
    if status:
        conds.append(t.aid.c.status == status)
    if news_only:
        conds.append(_news(t.articles.c.genre))
    if conds:
        q = q.where(and_(*conds))
    out = _dicts(conn.execute(q.order_by(t.articles.c.published, t.aid.c.id)))
    # the dates read in each record's sentence, which may tell when it was announced
    said = defaultdict(list)
    dt = t.dates.c
    for ids in _chunks([d["id"] for d in out], 500):   # (only the records read, not the store's)
        for row in conn.execute(select(t.aid.c.id, dt.start, dt.value).where(t.aid.c.id.in_(ids)).join(t.dates, and_(
                dt.article_id == t.aid.c.article_id, dt.start >= t.aid.c.start, dt.start < t.aid.c.end))):
            said[row.id].append({"start": row.start, "value": row.value})
    for d in out:
        d["items"] = json.loads(d["items"] or "[]")
        d["announced"] = announced_on(d, said.get(d["id"], []))
    return out if raw else reviewed(conn, FactKind.AID, out, approved_only=approved_only)


# an aid summary groups all the store's records into pledges: kept per store, filters and aid
# version (records are only ever added or replaced, each time with new ids), so a page after a
# write that brought no aid costs one small query
_AID_SUMMARIES: OrderedDict[tuple, dict] = OrderedDict()
_AID_LOCK = threading.Lock()


def aid_summary(conn: Connection, **filters) -> dict:
    """Records, pledges (with their sources) and totals; read-only for callers (it may be kept)."""
    version = (*conn.execute(select(func.count(), func.max(t.aid.c.id)).select_from(t.aid)).one(), decisions_version(conn))
    key = (str(conn.engine.url), tuple(sorted(filters.items())), version)
    with _AID_LOCK:
        hit = _AID_SUMMARIES.get(key)
        if hit is not None:
            _AID_SUMMARIES.move_to_end(key)
            return hit
    made = _aid_summary(conn, **filters)
    with _AID_LOCK:
        _AID_SUMMARIES[key] = made
        while len(_AID_SUMMARIES) > 64:
            _AID_SUMMARIES.popitem(last=False)
    return made


def _aid_summary(conn: Connection, **filters) -> dict:
    recs = aid_records(conn, **filters)
    ps = pledges(recs)
    review = {(r["article_id"], r["start"], r["end"]): r["review"] for r in recs}
    for p in ps:   # a pledge is as reviewed as its best-checked source
        states = {review[(s["article_id"], s["start"], s["end"])] for s in p["sources"]}
        p["review"] = next((x for x in (ReviewState.CORRECTED, ReviewState.APPROVED) if x in states), ReviewState.UNREVIEWED).value
    totals: dict[str, dict] = {"by_donor": defaultdict(_zero), "by_category": defaultdict(_zero),
                               "by_status": defaultdict(_zero), "by_month": defaultdict(_zero)}
    original: dict[str, float] = defaultdict(float)
    cumulative = []
    for p in ps:
        if p["cumulative"]:
            cumulative.append(p)   # a total to date is not a new pledge: shown apart, never summed
            continue
        if p["amount"] is None or p["delivery_of"] is not None:
            continue   # (a delivery of a pledge listed is that pledge's money, not more)
        original[p["currency"]] += p["amount"]
        for dim, key in (("by_donor", p["donor"]), ("by_category", p["category"]), ("by_status", p["status"]),
                         ("by_month", (p["announced"] or "")[:7] or "undated")):
            bucket = totals[dim][key]
            bucket["pledges"] += 1
            bucket["usd"] += p["value_usd"] or 0.0
            bucket["eur"] += p["value_eur"] or 0.0
            bucket["original"][p["currency"]] = bucket["original"].get(p["currency"], 0.0) + p["amount"]
    return {"records": len(recs), "pledges": ps, "cumulative": cumulative,
            "totals": {k: {kk: _round(vv) for kk, vv in sorted(v.items())} for k, v in totals.items()},
            "tracker": tracker(ps),
            "total_original": dict(original),
            "rates_note": "USD/EUR from the packaged monthly rate table (rounded monthly averages)"}


def tracker(ps: list[dict]) -> list[dict]:
    """Commitments and deliveries per donor and category, as the Kiel Tracker keeps them: a row per
    donor and category with the money committed (every new pledge, approval or delivery that is not
    a delivery of a listed pledge) and the money delivered (every delivery, a listed pledge's
    tranche included), in euros and dollars at the month's rate; totals to date and pledges with no
    amount are counted in no column. The donors with most committed first."""
    rows: dict[tuple, dict] = {}
    for p in ps:
        if p["cumulative"] or p["amount"] is None:
            continue
        row = rows.setdefault((p["donor"], p["category"]), {
            "donor": p["donor"], "donor_country": p.get("donor_country"), "category": p["category"],
            "committed_eur": 0.0, "delivered_eur": 0.0, "committed_usd": 0.0, "delivered_usd": 0.0,
            "commitments": 0, "deliveries": 0})
        if p["delivery_of"] is None:
            row["commitments"] += 1
            row["committed_eur"] += p["value_eur"] or 0.0
            row["committed_usd"] += p["value_usd"] or 0.0
        if p["status"] == AidStatus.DELIVERED:
            row["deliveries"] += 1
            row["delivered_eur"] += p["value_eur"] or 0.0
            row["delivered_usd"] += p["value_usd"] or 0.0
    committed: dict[str, float] = defaultdict(float)
    for r in rows.values():
        committed[r["donor"]] += r["committed_eur"]
        for k in ("committed_eur", "delivered_eur", "committed_usd", "delivered_usd"):
            r[k] = round(r[k], 2)
    return sorted(rows.values(), key=lambda r: (-committed[r["donor"]], r["donor"], -r["committed_eur"], r["category"]))


def _zero() -> dict:
    return {"pledges": 0, "usd": 0.0, "eur": 0.0, "original": {}}


def _round(b: dict) -> dict:
    return {**b, "usd": round(b["usd"], 2), "eur": round(b["eur"], 2)}


def events(conn: Connection, *, type: str | None = None, place: str | None = None, since: str | None = None,
           until: str | None = None, actor: str | None = None, harmed: bool = False,
           news_only: bool = False, min_confidence: float | None = None, approved_only: bool = False,
           raw: bool = False, limit: int = 1000, with_news: bool = False) -> list[dict]:
    """Events with their article's time, title and sentence, newest first, as the desk has them
    (none it rejected, its corrections in, each marked with its review). ``news_only``: not from
    opinion, letters, editorials or analysis (an article not read yet counts as news);
    ``min_confidence``: unreviewed events only where read with at least that confidence (an
    editor's approval outranks the reader's doubt); ``approved_only``: reviewed events only;
    ``raw``: as the machine read them, every one (the desk's queue); ``with_news``: each with
    ``news``, whether its article is news as ``news_only`` has it (for a caller that reads all the
    events once and tells news from opinion itself)."""
    q = (select(t.events, t.articles.c.published, t.articles.c.title, t.articles.c.url, t.articles.c.outlet,
                _sentence(t.events).label("sentence"),
                *([_news(t.articles.c.genre).label("news")] if with_news else []))
         .join(t.articles, t.articles.c.id == t.events.c.article_id))
    conds = []
    if type:
        conds.append((t.events.c.type == type) | (t.events.c.sub_type == type))
    if place:
        pid = row_id(place)   # a GeoNames id, else a place's name
        conds.append((t.events.c.place == pid) if pid is not None else (t.events.c.place_name == place))
    if since:
        conds.append(t.events.c.date >= since)
    if until:
        conds.append(t.events.c.date <= until)
    if actor:
        conds.append(t.events.c.actor.like(f"%{actor}%"))
    if min_confidence is not None and not raw:
        conds.append((t.events.c.confidence >= min_confidence) | t.events.c.article_id.in_(
            select(t.fact_decisions.c.article_id).where(t.fact_decisions.c.kind == FactKind.EVENT)))
    if harmed:
        # (the dead of a battle are soldiers: civilian harm is the toll of strikes, attacks on
        # civilians and on infrastructure, and displacement)
        e = t.events.c
        # and only where the reader found a place (a country at least): "his body was found" with
        # no place says nothing a reader of the briefing can place or check
        conds.append(((e.killed > 0) | (e.wounded > 0) | (e.displaced > 0) | e.type.in_(HARM_TYPES))
                     & (e.type != EventType.BATTLES) & (e.place_name.is_not(None) | e.country.is_not(None)))
    if news_only:
        conds.append(_news(t.articles.c.genre))
    if conds:
        q = q.where(and_(*conds))
    # (rejected events are left out after the query: a few more rows make up for them)
    rows = _dicts(conn.execute(q.order_by(t.events.c.date.desc().nulls_last(), t.events.c.id)
                               .limit(limit + _rejected(conn, FactKind.EVENT))))
    if raw:
        return rows[:limit]
    rows = reviewed(conn, FactKind.EVENT, rows, approved_only=approved_only)
    if min_confidence is not None:
        rows = [e for e in rows if e["review"] != ReviewState.UNREVIEWED or (e["confidence"] or 0) >= min_confidence]
    if harmed:   # as corrected
        rows = [e for e in rows if _harms(e)]
    return rows[:limit]


def _harms(e: dict) -> bool:
    """Whether an event (as read or as corrected) is one the civilians section shows: ``events``'
    ``harmed``."""
    return (((e["killed"] or 0) > 0 or (e["wounded"] or 0) > 0 or (e["displaced"] or 0) > 0 or e["type"] in HARM_TYPES)
            and e["type"] != EventType.BATTLES and bool(e["place_name"] or e["country"]))


def figures(conn: Connection, *, since: str | None = None) -> dict:
    """Casualty and displacement figures over time, with their sources: figures for the same
    incident (harm.incident_keys) that disagree across articles are all kept and flagged."""
    return {"series": _series(events(conn, since=since, limit=100_000))}


def _series(evs: list[dict]) -> list[dict]:
    """``figures``' series of these events."""
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for e, key in zip(evs, harm.incident_keys(evs), strict=True):
        if any(e[k] is not None for k in ("killed", "wounded", "displaced")):
            groups[key].append(e)
    series = []
    for (day, _place, etype), items in sorted(groups.items(), key=lambda kv: kv[0][0] or ""):
        entry = {"date": day, "type": etype, "place": items[0]["place_name"], "geonameid": items[0]["place"],
                 "line": line(items[0]["sentence"]), "figures": {}, "conflicting": []}
        for k in ("killed", "wounded", "displaced"):
            vals = [(e[k], e) for e in items if e[k] is not None]
            if not vals:
                continue
            entry["figures"][k] = [{"value": v, "claim": e["claim"], "source": e["source"], "article_id": e["article_id"],
                                    "title": e["title"], "sentence": e["sentence"]} for v, e in vals]
            if len({v for v, _ in vals}) > 1:
                entry["conflicting"].append(k)   # kept side by side, never overwritten
        series.append(entry)
    return series


def quotes(conn: Connection, *, since: str | None = None, raw: bool = False) -> list[dict]:
    """Every quotation with its article's date, title and outlet, in publication order, as the
    desk has them (none it rejected, its speakers, each marked with its review; ``raw``: as the
    machine read them)."""
    q = (select(t.quotes, t.articles.c.published, t.articles.c.title, t.articles.c.outlet)
         .join(t.articles, t.articles.c.id == t.quotes.c.article_id))
    if since:
        q = q.where(t.articles.c.published >= since)
    rows = _dicts(conn.execute(q.order_by(t.articles.c.published, t.quotes.c.start)))
    return rows if raw else reviewed(conn, FactKind.QUOTE, rows)


def map_overview(conn: Connection) -> dict:
    """What the map draws: how many events have a place, their types and dates, and the dates of
    the control layers."""
    evs = [e for e in events(conn, limit=100_000) if e["lat"] is not None]
    layer_dates = sorted(set(conn.execute(select(t.control_layers.c.date)).scalars()))
    return {"events": len(evs), "types": sorted({e["type"] for e in evs}), "control_dates": layer_dates,
            "dates": sorted({e["date"] for e in evs if e["date"]}),
            "bounds": map_bounds(conn, [(e["lat"], e["lon"]) for e in evs])}


# what the map shows first where it has nothing to fit: Ukraine ([[south, west], [north, east]])
THEATRE = [[44.3, 22.1], [52.4, 40.3]]


def map_bounds(conn: Connection, points: list[tuple[float, float]]) -> list[list[float]]:
    """The map's first view: the newest control layer's extent (the front), else the middle 90% of
    the events in the theatre, else the theatre; padded by a tenth each way."""
    row = conn.execute(select(t.control_layers).order_by(t.control_layers.c.date.desc(), t.control_layers.c.id.desc())
                       .limit(1)).first()
    box = None
    if row is not None:
        bs = [g.bounds for g in stored_unions(row).values() if not g.is_empty]
        if bs:
            box = [[min(b[1] for b in bs), min(b[0] for b in bs)], [max(b[3] for b in bs), max(b[2] for b in bs)]]
    if box is None:
        inside = sorted(p for p in points if THEATRE[0][0] <= p[0] <= THEATRE[1][0] and THEATRE[0][1] <= p[1] <= THEATRE[1][1])
        if len(inside) >= 3:
            lats, lons = sorted(p[0] for p in inside), sorted(p[1] for p in inside)
            lo, hi = len(inside) // 20, len(inside) - 1 - len(inside) // 20
            box = [[lats[lo], lons[lo]], [lats[hi], lons[hi]]]
    if box is None:
        return THEATRE
    dlat, dlon = max(0.5, box[1][0] - box[0][0]) * 0.1, max(0.5, box[1][1] - box[0][1]) * 0.1
    return [[round(box[0][0] - dlat, 3), round(box[0][1] - dlon, 3)], [round(box[1][0] + dlat, 3), round(box[1][1] + dlon, 3)]]


# what the civilians page shows of each attack on infrastructure
INFRASTRUCTURE_FIELDS = ("id", "date", "sub_type", "place_name", "lat", "lon", "article_id", "start", "end",
                         "sentence", "claim", "source")


def harm_summary(conn: Connection, *, since: str | None = None) -> list[dict]:
    """Reported killed and wounded by month and oblast from news reports (aggregate/harm.py: the
    reports of one incident are one incident, totals to date are never added)."""
    return harm.monthly(events(conn, since=since, harmed=True, news_only=True, limit=100_000))


def civilians(conn: Connection, *, since: str | None = None) -> dict:
    """The figures (with how many conflict) and the summary by month and oblast since ``since``, and
    the newest attacks on infrastructure since then that have a place: all from one read of the
    newest events (the newest first, so those since a date are the first of them)."""
    evs = events(conn, limit=100_000, with_news=True)
    recent = [e for e in evs if since is None or (e["date"] is not None and e["date"] >= since)]
    # (the civilians page: soldiers' losses in battle are /figures', not civilian harm)
    series = _series([e for e in recent if e["type"] != EventType.BATTLES])
    infra = [e for e in recent if EventType.INFRASTRUCTURE in (e["type"], e["sub_type"])][:5000]
    return {"series": series, "conflicting": sum(1 for s in series if s["conflicting"]),
            # (harm_summary's events: harmed, from the news)
            "summary": harm.monthly([e for e in recent if _harms(e) and e["news"]]),
            "infrastructure": [{**{k: e[k] for k in INFRASTRUCTURE_FIELDS}, "line": line(e["sentence"])}
                               for e in infra if e["lat"] is not None]}


# ---------------------------------------------------------------- developments

def merged_into(conn: Connection, dev_id: int) -> int | None:
    """The development that a merged (by an editor or by clustering) development's articles are in now."""
    seen = {dev_id}
    current = dev_id
    while True:
        nxt = None
        rows = conn.execute(select(t.decisions.c.payload).where(t.decisions.c.kind.in_(["merge", "auto-merge"]))
                            .where(t.decisions.c.payload.like(f"%{current}%")).order_by(t.decisions.c.id)).scalars()
        for payload in rows:
            d = json.loads(payload)
            if current in d.get("others", []):
                nxt = d["keep"]
        if nxt is None or nxt in seen:
            return None if current == dev_id else current
        seen.add(nxt)
        current = nxt



# the title and summary are chosen among a development's most recent articles: enough to find
# its centre, and a bounded cost however long a story runs
SUMMARY_POOL = 40
# key quotes come from the development's most central articles
KEY_QUOTE_ARTICLES = 5


def _chunks(ids: list[int], size: int = 5000):
    """Id lists cut to a size every backend accepts in one IN (...)."""
    return (ids[i:i + size] for i in range(0, len(ids), size))


_DA = t.development_articles


def _counts(conn: Connection, dev_ids: list[int]) -> dict[int, tuple]:
    """(articles, outlets, newest article id, latest reading) of each development, from the
    covering index of its memberships: the counts rank it, and the whole is the version of what
    it shows (an article joining, leaving or read again changes it)."""
    outlet = func.nullif(_DA.c.outlet, "")
    return {did: (n, outlets, newest, read) for did, n, outlets, newest, read in conn.execute(
        select(_DA.c.development_id, func.count(), func.count(func.distinct(outlet)), func.max(_DA.c.article_id),
               func.max(_DA.c.read_at))
        .where(_DA.c.development_id.in_(dev_ids)).group_by(_DA.c.development_id)).tuples()}


def _pools(conn: Connection, dev_ids: list[int], size: int | None) -> dict[int, list[int]]:
    """Each development's ``size`` most recent articles (all with ``None``), in publication order."""
    recent = func.row_number().over(partition_by=_DA.c.development_id,
                                    order_by=(_DA.c.published.desc(), _DA.c.article_id.desc())).label("recent")
    ranked = select(_DA.c.development_id, _DA.c.article_id, _DA.c.published, recent) \
        .where(_DA.c.development_id.in_(dev_ids)).subquery()
    q = select(ranked.c.development_id, ranked.c.article_id) \
        .order_by(ranked.c.development_id, ranked.c.published, ranked.c.article_id)
    if size is not None:
        q = q.where(ranked.c.recent <= size)
    pools: dict[int, list[int]] = {}
    for did, aid in conn.execute(q).tuples():
        pools.setdefault(did, []).append(aid)
    return pools


def _members(conn: Connection, dev_ids: list[int]) -> dict[int, dict]:
    """Each development's articles (ids, input ids, outlets), without texts."""
    rows = conn.execute(
        select(_DA.c.development_id, _DA.c.article_id, _DA.c.input_id, _DA.c.outlet)
        .where(_DA.c.development_id.in_(dev_ids)).order_by(_DA.c.development_id, _DA.c.published, _DA.c.article_id))
    out: dict[int, dict] = {}
    for did, aid, iid, outlet in rows.tuples():
        m = out.get(did)
        if m is None:
            m = out[did] = {"articles": [], "article_ids": [], "sources": set()}
        m["articles"].append(iid or aid)
        m["article_ids"].append(aid)
        if outlet:
            m["sources"].add(outlet)
    for m in out.values():
        m["sources"] = sorted(m["sources"])
    return out


# joins a development's duplicate ids in one string per development: a control character that ids
# and source names do not carry in practice; where one does, the count tells and that development's
# ids are read row by row
_SEP = "\x1f"


def _add_duplicates(conn: Connection, members: dict[int, dict]) -> None:
    """Copies recorded as duplicates belong to their original's development, under their own ids
    (strung together by the database: a story re-published thousands of times is one row)."""
    dup = t.duplicates
    own_id = func.coalesce(dup.c.input_id, dup.c.item)
    rows = conn.execute(select(_DA.c.development_id, func.count(), func.aggregate_strings(own_id, _SEP))
                        .join(_DA, _DA.c.article_id == dup.c.duplicate_of)
                        .where(_DA.c.development_id.in_(list(members))).group_by(_DA.c.development_id))
    for did, n, joined in rows.tuples():
        ids = joined.split(_SEP)
        if len(ids) != n:
            ids = list(conn.execute(select(own_id).join(_DA, _DA.c.article_id == dup.c.duplicate_of)
                                    .where(_DA.c.development_id == did).order_by(dup.c.id)).scalars())
        members[did]["articles"] = list(dict.fromkeys(members[did]["articles"] + ids))


@lru_cache(maxsize=10_000)
def _bag(text: str) -> dict:
    """Terms of an article's headline and lead, kept across requests (articles do not change, and
    after a write most of a page's articles are the same): read-only for callers."""
    return terms(text)


@lru_cache(maxsize=10_000)
def _item_bag(text: str) -> tuple[dict, str | None]:
    """The terms clustering compares an article by (its headline's) and the person its headline
    quotes: read-only for callers."""
    return item_terms(text), quoted_speaker(headline_of(text))


# a summary sentence is an article's first after the page's furniture (an editor's note, a
# newsletter block); its lead is all that needs to leave the database
_LEAD_CHARS = LEAD_CHARS

# What a development shows of its pool of articles (title, summary, key quotes, places, facts,
# topics) depends only on which articles it has and how they were read: articles never change,
# and reading one again stamps it anew. After a write almost every development listed is the
# same, so its digest is kept (per store and version, see ``_counts``) instead of recomputed.
_DIGESTS: OrderedDict[tuple, dict] = OrderedDict()
_DIGESTS_SIZE = 5000
_DIGESTS_LOCK = threading.Lock()


def _digests(conn: Connection, versions: dict[int, tuple], size: int | None, approved_only: bool = False) -> dict[int, dict]:
    """Digests of the given developments (each from its ``size`` most recent articles, or all),
    kept ones where the development's version (and the desk's decisions) are unchanged:
    read-only for callers."""
    store = str(conn.engine.url)
    out, todo = {}, {}
    desk = (decisions_version(conn), approved_only)
    with _DIGESTS_LOCK:   # the server lists from several threads
        for did, version in versions.items():
            key = (store, did, size, version, desk)
            hit = _DIGESTS.get(key) if size is not None else None
            if hit is not None:
                _DIGESTS.move_to_end(key)
                out[did] = hit
            else:
                todo[did] = key
    if todo:
        made = _digest_many(conn, _pools(conn, list(todo), size), approved_only)
        with _DIGESTS_LOCK:
            for did, key in todo.items():
                if did in made:
                    out[did] = made[did]
                    if size is not None:
                        _DIGESTS[key] = made[did]
            while len(_DIGESTS) > _DIGESTS_SIZE:
                _DIGESTS.popitem(last=False)
    return out


def _copy(digest: dict) -> dict:
    """A listing's own copy of a kept digest (its lists and their items), cheaper than deepcopy."""
    return {**digest, "summary": [dict(x) for x in digest["summary"]], "quotes": [dict(x) for x in digest["quotes"]],
            "lede": dict(digest["lede"]), "line": dict(digest["line"]) if digest.get("line") else None,
            "places": [dict(x) for x in digest["places"]], "topic_counts": dict(digest["topic_counts"]),
            "facts": {k: [dict(x) for x in v] for k, v in digest["facts"].items()},
            "core": list(digest["core"]), "core_sources": list(digest["core_sources"]),
            "related": [dict(x) for x in digest["related"]]}


def _digest_many(conn: Connection, pools: dict[int, list[int]], approved_only: bool = False) -> dict[int, dict]:
    """Title, summary, key quotes (from the most central articles), the five most mentioned
    places, casualty, territorial and aid facts, and topic counts of each pool of articles:
    a fixed number of queries for each chunk of articles (a fact's with the desk's decisions on
    it), whatever the number of developments. Facts as the desk has them (``reviewed``)."""
    dev_of = {aid: did for did, ids in pools.items() for aid in ids}
    marks: dict[int, list[front.Mark]] = defaultdict(list)   # what reading found in each article's opening
    out = {did: {"quotes": [], "places": Counter(), "names": {}, "casualties": [], "territorial": [], "aid": [],
                 "topics": Counter(), "texts": {}} for did in pools}
    a, e = t.articles, t.events
    opinion: set[int] = set()   # opinion, letters, analysis: coverage, but never the source of a fact shown
    for chunk in _chunks(list(dev_of)):
        for r in conn.execute(select(a.c.id, a.c.title, a.c.url, a.c.genre, a.c.outlet, a.c.language, a.c.published,
                                     func.substr(a.c.text, 1, _LEAD_CHARS).label("text"))
                              .where(a.c.id.in_(chunk))):
            out[dev_of[r.id]]["texts"][r.id] = r
            if _genre(r) not in NEWS_GENRES:
                opinion.add(r.id)
        for aid, topic in conn.execute(select(t.topics.c.article_id, t.topics.c.topic)
                                       .where(t.topics.c.article_id.in_(chunk))).tuples():
            out[dev_of[aid]]["topics"][topic] += 1
        _opening_marks(conn, chunk, marks, approved_only)
        pl = t.places.c
        for r in reviewed(conn, FactKind.PLACE, _dicts(conn.execute(
                select(pl.article_id, pl.place_key, pl.name, pl.text, pl.geonameid, pl.start, pl.end)
                .where(pl.article_id.in_(chunk), pl.feature != "country").order_by(pl.id))), approved_only=approved_only):
            d = out[dev_of[r["article_id"]]]
            key = r["place_key"]   # a corrected place's, as corrected
            d["places"][key] += 1
            d["names"].setdefault(key, r["name"])
        for r in reviewed(conn, FactKind.EVENT, _dicts(conn.execute(
                select(e.c.article_id, e.c.type, e.c.actor, e.c.place_name, e.c.date, e.c.killed, e.c.wounded, e.c.start, e.c.end)
                .where(e.c.article_id.in_(chunk), (e.c.killed > 0) | (e.c.wounded > 0) | (e.c.type == EventType.STRATEGIC_DEVELOPMENT))
                .order_by(e.c.id))), approved_only=approved_only):
            if r["article_id"] in opinion:
                continue
            d = out[dev_of[r["article_id"]]]
            cited = {k: r[k] for k in ("date", "article_id", "start", "end", "review")}
            if r["killed"] or r["wounded"]:
                d["casualties"].append({"killed": r["killed"], "wounded": r["wounded"], "place": r["place_name"], **cited})
            if r["type"] == EventType.STRATEGIC_DEVELOPMENT:
                d["territorial"].append({"actor": r["actor"], "place": r["place_name"], **cited})
        a_ = t.aid.c
        for r in reviewed(conn, FactKind.AID, _dicts(conn.execute(
                select(a_.article_id, a_.donor, a_.donor_country, a_.amount, a_.currency, a_.status, a_.start, a_.end)
                .where(a_.article_id.in_(chunk)).order_by(a_.id))), approved_only=approved_only):
            if r["article_id"] not in opinion:
                out[dev_of[r["article_id"]]]["aid"].append({k: r[k] for k in ("donor", "amount", "currency", "status", "article_id",
                                                                              "start", "end", "review")})
    result, rank = {}, {}
    furniture = outlet_furniture(conn, {r.outlet for d in out.values() for r in d["texts"].values()})
    texts = {aid: item_text(r.title, r.text, furniture[r.outlet]) for d in out.values() for aid, r in d["texts"].items()}
    read = {aid: _item_bag(text) for aid, text in texts.items()}
    rarity = read_rarity(conn, {x for b, _who in read.values() for x in b})
    for did, ids in pools.items():
        d = out[did]
        arts = [d["texts"][aid] for aid in ids if aid in d["texts"]]
        summary = _summarise(arts, furniture, [texts[a.id] for a in arts], [read[a.id] for a in arts],
                             rarity, marks) if arts else {
            "title": "", "title_article_id": None, "genre": None, "summary": [], "central": [], "core": [],
            "core_sources": [], "related": [], "coherence": 1.0, "line": None, "lede": dict(_NO_LEDE)}
        for k, aid in enumerate(summary.pop("central")):
            rank[aid] = (did, k)
        top = sorted(d["places"].items(), key=lambda kv: (-kv[1], d["names"][kv[0]]))[:5]
        result[did] = {**summary, "quotes": [],
                       "places": [{"name": d["names"][k], "key": k, "mentions": n} for k, n in top],
                       "facts": {"casualties": d["casualties"], "territorial": d["territorial"], "aid": d["aid"]},
                       "topic_counts": dict(d["topics"])}
    _english_names(conn, [s for d in result.values() for s in d["summary"] if s["language"] != "en"])
    # key quotes: the first quoted words with a speaker in the most central articles
    q = t.quotes
    found: dict[int, list] = {}
    for chunk in _chunks(list(rank)):
        for r in reviewed(conn, FactKind.QUOTE, _dicts(conn.execute(
                select(q.c.text, q.c.kind, q.c.speaker, q.c.article_id, q.c.start, q.c.end)
                .where(q.c.article_id.in_(chunk), q.c.speaker.is_not(None), q.c.kind == QuoteKind.DIRECT))),
                approved_only=approved_only):
            did, k = rank[r["article_id"]]
            found.setdefault(did, []).append((k, r["start"], r))
    for did, rows in found.items():
        result[did]["quotes"] = [{f: r[f] for f in ("text", "speaker", "article_id", "start", "end", "review")}
                                 for _k, _s, r in sorted(rows, key=lambda x: x[:2])[:3]]
    return result


def _english_names(conn: Connection, items: list[dict]) -> None:
    """Give each summary sentence of another language than English the English names reading
    found in it (people, organisations, places: "Serhii Lysak", "Dnipro"), in their order, so that
    the briefing shows the original sentence with them."""
    for item in items:
        item["english_names"] = []
    by_article: dict[int, list[dict]] = {}
    for item in items:
        by_article.setdefault(item["article_id"], []).append(item)
    en, pl = t.entities.c, t.places.c
    for chunk in _chunks(list(by_article)):
        rows = conn.execute(select(en.article_id, en.start, en.canonical).where(
            en.article_id.in_(chunk), en.label.in_(("PERSON", "ORG")), en.canonical.is_not(None))).all()
        rows += conn.execute(select(pl.article_id, pl.start, pl.name).where(pl.article_id.in_(chunk))).all()
        for aid, start, name in sorted(rows, key=lambda r: (r[0], r[1])):
            for item in by_article[aid]:
                if item["start"] <= start < item["end"] and name not in item["english_names"]:
                    item["english_names"].append(name)


def _genre(article) -> str:
    """An article's genre as reading stored it, or worked out here for one not read yet."""
    return article.genre or classify(title=article.title, url=article.url, text=article.text)


_NO_LEDE = {"shape": None, "event": 0.0, "statement": False, "current": False}


def _opening_marks(conn: Connection, ids: list[int], marks: dict[int, list], approved_only: bool = False) -> None:
    """Add to ``marks`` what reading found in the openings (the first _LEAD_CHARS) of articles
    ``ids``: events with their confidence, quotes of a named or titled speaker (at the first of
    the quote and its speaker: "X will respond. The president made the statement ..."), and dates.
    Events and quotes as the desk has them (``reviewed``): one an editor rejected (or, with
    ``approved_only``, one not approved) makes no development a report."""
    e, q, d, sp = t.events.c, t.quotes.c, t.dates.c, t.speakers.c
    for r in reviewed(conn, FactKind.EVENT, _dicts(conn.execute(
            select(e.article_id, e.type, e.start, e.end, e.confidence)
            .where(e.article_id.in_(ids), e.start < _LEAD_CHARS))), approved_only=approved_only):
        marks[r["article_id"]].append(front.Mark("event", r["start"], r["end"], r["confidence"] or 0.0))
    for r in reviewed(conn, FactKind.QUOTE, _dicts(conn.execute(
            select(q.article_id, q.kind, q.start, q.end, q.speaker, q.speaker_start, sp.kind.label("speaker_kind"))
            .outerjoin(t.speakers, sp.id == q.speaker_id).where(q.article_id.in_(ids), q.start < _LEAD_CHARS))),
            approved_only=approved_only):
        if front.official(r["speaker"], r["speaker_kind"]):
            at = r["speaker_start"]
            first = r["start"] if at is None else min(r["start"], at)
            marks[r["article_id"]].append(front.Mark("statement", first, r["end"]))
    for aid, start, end, value in conn.execute(select(d.article_id, d.start, d.end, d.value).where(
            d.article_id.in_(ids), d.start < _LEAD_CHARS)).tuples():
        marks[aid].append(front.Mark("date", start, end, value=value))


def _summarise(arts: list, furniture: dict, texts: list[str], read: list[tuple[dict, str | None]],
               rarity: Rarity, marks: dict[int, list] | None = None) -> dict:
    """The story a pool of articles tells, and its title and summary: the pool's coherent core
    (see aggregate.coherence: a development that grew by a chain shows the story most of its
    items tell, the rest as related), the most central of the core's headlines that tells what
    happened (see title_form: a rubric titles it only when nothing else does), and the first
    sentences of the core's most central articles (repeats and the title's own lead skipped).
    News comes first: opinion, letters and analysis title a development only when it has no news,
    and the page's furniture (audio prompts, newsletter lines, editors' notes, a sentence cut at an
    initial) never does, nor what an outlet puts around all its titles (its name, section,
    timestamps: see ``furniture``). ``texts`` are the articles as clustering reads them
    (developments.item_text), ``read`` each one's terms and quoted speaker; ``rarity`` how many
    developments used each term. ``marks``: what reading found in each article's opening, from
    which an untitled development is titled by its most newsworthy sentence and the front page
    reads what it reports (see publish.front)."""
    marks = marks or {}
    bags = [_bag(text) for text in texts]
    titles = [furniture[a.outlet].clean_title(a.title) for a in arts]
    split = parts([b for b, _who in read], rarity, [who for _b, who in read])
    core = sorted(split.core)
    # centrality within the core: the rarer the words a headline shares with the core's other
    # items, the more of the story it tells (a share of them, so the core's size does not matter)
    counts: Counter = Counter()
    for i in core:
        counts.update(bags[i].keys())
    centrality = {i: sum(rarity.idf(x) * (counts[x] - 1) for x in bags[i]) / (1 + len(bags[i])) ** 0.5 for i in core}
    genres = [_genre(a) for a in arts]
    forms = {i: title_form(titles[i] or "") for i in core}
    order = sorted(core, key=lambda i: (genres[i] not in NEWS_GENRES, -centrality[i]))
    leads = {i: lead(arts[i].text) for i in order}
    openings = {i: front.read_opening(arts[i].text, leads[i], arts[i].published, marks.get(arts[i].id, [])) for i in order}
    # (an article whose lede reads as news titles it before a feature's or a column's)
    best = next((i for i in sorted(order, key=lambda i: (genres[i] not in NEWS_GENRES, forms[i],
                                                         openings[i].shape is not None, -centrality[i]))
                 if headline(titles[i]) or leads[i]), order[0])
    title = headline(titles[best])
    summary = []
    seen_text = set()
    for i in order:
        a = arts[i]
        if leads[i] is None:
            continue
        start, end = leads[i]
        cut = furniture[a.outlet].trim(a.text[start:end])
        if cut[1] - cut[0] >= 20:
            start, end = start + cut[0], start + cut[1]
        sent = a.text[start:end]
        if sent in seen_text or (title and sent.startswith(title[:40]) and summary):
            continue
        seen_text.add(sent)
        summary.append({"sentence": sent, "article_id": a.id, "start": start, "end": end,
                        "language": getattr(a, "language", None) or "en"})
        if len(summary) == 3:
            break
    line = None
    if title is None:
        # an untitled development is titled from its most newsworthy sentence (see publish.front),
        # cut like a headline where it runs long; one of furniture alone (or of texts cut short)
        # from its first words
        b = arts[best]
        if leads[best]:
            span = front.title_line(leads[best], openings[best])
            line = {"article_id": b.id, "start": span[0], "end": span[1]}
            first = b.text[slice(*span)]
            title = front.title(headline(first) or first, openings[best], span == leads[best])
        else:
            first = next(iter(sentences(b.text)), "")
            title = headline(first) or first
    related = [{"article_id": arts[i].id, "title": headline(titles[i]) or titles[i] or "", "outlet": arts[i].outlet}
               for part in split.others for i in sorted(part)]
    # what the core's openings report (see publish.front): an event or a statement in any of them; a
    # lede shaped like no news only when none of them reads as news
    news = [openings[i] for i in order if leads[i]]
    lede = {"shape": openings[best].shape if news and all(o.shape for o in news) else None,
            "event": round(max((o.event for o in news), default=0.0), 3),
            "statement": any(o.statement for o in news), "current": any(o.current for o in news)}
    return {"title": title or "", "title_article_id": arts[best].id, "line": line, "lede": lede, "genre": genres[best],
            "summary": summary, "central": [arts[i].id for i in order[:KEY_QUOTE_ARTICLES]],
            "core": [arts[i].id for i in core], "core_sources": sorted({arts[i].outlet for i in core if arts[i].outlet}),
            "related": related, "coherence": round(split.share, 3)}


# A development's importance decays with its age (a 3-day time constant, see list_developments):
# one last seen RANK_DAYS before the newest weighs a hundredth of what it did, less than a new
# headline of one outlet weighs however many items and outlets it had, so a listing ranks the
# developments of those days (at most RANK_MAX of them), not the newest few hundred: the front page
# of fifty feeds reaches back as far as a live blog's. (A listing longer than those days holds, as
# many as three times its length, goes on to older ones.)
RANK_DAYS = 14.0
RANK_MAX = 50_000


def list_developments(conn: Connection, *, since: str | None = None, topic: str | None = None,
                      limit: int = 100, ids: list[int] | None = None, complete: bool = False,
                      approved_only: bool = False) -> list[dict]:
    """Developments ranked by importance. In a listing, what each one shows (title, summary, key
    quotes, places, facts, topics, and the fact flags of its ranking) comes from its most recent
    articles (``SUMMARY_POOL``); ``complete`` takes it from all its articles (the page of one
    development)."""
    q = select(t.developments)
    limit = min(limit, 5000)
    if since:
        q = q.where(t.developments.c.last_seen >= since)
    window = RANK_MAX
    if ids is not None:
        q = q.where(t.developments.c.id.in_(ids))
    elif topic is None:
        # (a topic is filtered after the digests: its listing keeps the whole window, else a topic
        # quiet in the last days would list nothing though older developments have it)
        # importance decays with age (see RANK_DAYS): the developments of the last days are ranked,
        # whatever the store's rate (and at least as many as three times the listing, the newest)
        latest = conn.execute(select(func.max(t.developments.c.last_seen))).scalar()
        if latest is None:
            return []
        cutoff = (_when(latest, latest) - timedelta(days=RANK_DAYS)).isoformat()
        recent = conn.execute(select(func.count()).select_from(q.where(t.developments.c.last_seen >= cutoff)
                                                                .subquery())).scalar()
        window = min(RANK_MAX, max(3 * limit, 60, recent))
    devs = conn.execute(q.order_by(t.developments.c.last_seen.desc()).limit(window)).all()
    if not devs:
        return []
    newest = max(_when(d.last_seen, d.updated_at) for d in devs)
    counts: dict[int, tuple] = {}
    for chunk in _chunks([d.id for d in devs]):
        counts.update(_counts(conn, chunk))
    age = {d.id: (newest - _when(d.last_seen, d.updated_at)).total_seconds() / 86400 for d in devs}
    place = {d.id: k for k, d in enumerate(devs)}   # (ties rank the latest seen first)

    def weigh(n: float, outlets: int, facts: dict | None, did: int) -> float:
        # (the weight of its facts fades with it: a toll from last year does not outrank today's news)
        flags = 1.5 if facts is None else 0.5 * (bool(facts["casualties"]) + bool(facts["aid"]) + bool(facts["territorial"]))
        return ((1 + math.log(n)) * (1 + 0.5 * max(0, outlets - 1)) + flags) * math.exp(-age[did] / 3)

    # what a development can rank at most, from its counts alone (a digest only lowers its items
    # and outlets to its core's, and adds at most every fact flag): digests are made in that
    # order, a batch at a time, until no development left could enter the first ``limit``
    bound = {d.id: weigh(max(1.0, counts[d.id][0]), counts[d.id][1], None, d.id) for d in devs if counts.get(d.id)}
    order = sorted(bound, key=lambda did: (-bound[did], place[did]))
    by_id = {d.id: d for d in devs}
    ranked, digests = [], {}
    step = max(3 * limit, 60)
    for k in range(0, len(order), step):
        batch = order[k:k + step]
        digests.update(_digests(conn, {did: counts[did] for did in batch}, None if complete else SUMMARY_POOL,
                                approved_only))
        for did in batch:
            n, outlets, _newest, _read = counts[did]
            dig = digests.get(did)
            if dig is None or (topic and topic not in dig["topic_counts"]):
                continue
            # a development ranks by the story it shows (see _summarise): as many items as its
            # core's share of them, told by the core's outlets, so that a chain of stories does not
            # outrank the stories it is made of
            n = max(1.0, n * dig["coherence"])
            outlets = len(dig["core_sources"]) if dig["related"] else outlets
            ranked.append((round(weigh(n, outlets, dig["facts"], did), 3), by_id[did]))
        ranked.sort(key=lambda x: (-x[0], place[x[1].id]))
        if len(ranked) >= limit and k + step < len(order) and ranked[limit - 1][0] >= bound[order[k + step]]:
            break
    ranked = ranked[:limit]
    # members and duplicates' ids only for what is listed
    listed = [d.id for _imp, d in ranked]
    members = _members(conn, listed)
    _add_duplicates(conn, members)
    out = []
    for importance, d in ranked:
        # a copy: the kept digest must not change under a later request
        dig = _copy(digests[d.id])
        topics = dig.pop("topic_counts")
        if not dig["related"]:
            # (one story: its outlets are all the development's, not only its recent articles')
            dig["core_sources"] = members[d.id]["sources"]
        out.append({"id": d.id, **members[d.id], "first_seen": d.first_seen, "last_seen": d.last_seen,
                    "importance": importance, **dig,
                    "topics": [x for x, _n in sorted(topics.items(), key=lambda kv: (-kv[1], kv[0]))]})
    return out


def get_development(conn: Connection, dev_id: int) -> dict | None:
    found = list_developments(conn, ids=[dev_id], limit=1, complete=True)
    return found[0] if found else None


def changes(conn: Connection, since: str) -> dict:
    """What changed since ``since``: new developments, figures that moved (old -> new value and
    the source that moved them), new quotes by leading speakers, new territorial changes; facts
    as the desk has them (none it rejected, its corrections in, each marked with its review)."""
    new_devs = conn.execute(select(t.developments.c.id).where(t.developments.c.created_at >= since)).scalars().all()
    recent = select(t.articles.c.id).where(t.articles.c.ingested_at >= since)
    figures = []
    dev_of = dict(conn.execute(select(t.development_articles.c.article_id, t.development_articles.c.development_id)).all())
    evs = reviewed(conn, FactKind.EVENT, _dicts(conn.execute(
        select(t.events, t.articles.c.ingested_at, t.articles.c.title).join(t.articles, t.articles.c.id == t.events.c.article_id)
        .where(t.events.c.killed.is_not(None)).order_by(t.articles.c.ingested_at))))
    by_dev: dict[int, list] = {}
    for e in evs:
        d = dev_of.get(e["article_id"])
        if d is not None and e["killed"] is not None:
            by_dev.setdefault(d, []).append(e)
    for d, items in by_dev.items():
        old = [e for e in items if e["ingested_at"] < since]
        new = [e for e in items if e["ingested_at"] >= since]
        if old and new and max(e["killed"] for e in new) != max(e["killed"] for e in old):
            mover = max(new, key=lambda e: e["killed"])
            figures.append({"development": d, "figure": "killed", "old": max(e["killed"] for e in old),
                            "new": mover["killed"], "source": {k: mover[k] for k in ("article_id", "title", "start", "end", "review")}})
    leaders = [r[0] for r in conn.execute(select(t.quotes.c.speaker, func.count()).where(t.quotes.c.speaker.is_not(None))
                                          .group_by(t.quotes.c.speaker).order_by(func.count().desc()).limit(10)).all()]
    q = t.quotes.c
    quotes = reviewed(conn, FactKind.QUOTE, _dicts(conn.execute(
        select(q.text, q.speaker, q.article_id, q.start, q.end, q.kind)
        .where(q.article_id.in_(recent), q.speaker.in_(leaders), q.kind == QuoteKind.DIRECT))))
    e = t.events.c
    terr = reviewed(conn, FactKind.EVENT, _dicts(conn.execute(
        select(e.actor, e.place_name, e.date, e.article_id, e.start, e.end, e.type)
        .where(e.article_id.in_(recent), e.type == EventType.STRATEGIC_DEVELOPMENT))))
    return {"since": since,
            "new_developments": list_developments(conn, ids=list(new_devs), limit=100) if new_devs else [],
            "figures_changed": figures,
            "new_quotes": [{k: v for k, v in x.items() if k != "kind"} for x in quotes if x["speaker"] in leaders],
            "territorial_changes": [{k: v for k, v in x.items() if k != "type"} for x in terr
                                    if x["type"] == EventType.STRATEGIC_DEVELOPMENT]}


# ---------------------------------------------------------------- the briefing

# the sub-type of strategic developments the territory section shows
TERRITORIAL_CHANGE = "territorial change"


def territorial_claims(conn: Connection, *, since: str | None = None,
                       min_confidence: float = Options.briefing_min_confidence,
                       approved_only: bool = Options.publish_approved_only, limit: int = 12) -> list[dict]:
    """Changes of control of named settlements the news reports (aggregate.territory.claims),
    read with at least ``min_confidence`` and as the desk has them, newest first."""
    found = events(conn, type=TERRITORIAL_CHANGE, since=since, limit=1000, news_only=True,
                   min_confidence=min_confidence, approved_only=approved_only)
    return claims(found, conn, limit=limit)


def newest_pledges(summary: dict) -> list[dict]:
    """An aid summary's new pledges (no cumulative totals), newest first: the briefing's and the
    digest's order."""
    return sorted((p for p in summary["pledges"] if not p["cumulative"]), key=lambda p: p["announced"] or "", reverse=True)


# the front page lists LATEST developments, chosen among the LATEST_POOL ranked first
LATEST = 12
LATEST_POOL = 40


def latest_developments(conn: Connection, *, since: str | None = None, limit: int | None = None,
                        min_confidence: float = Options.briefing_min_confidence,
                        approved_only: bool = Options.publish_approved_only) -> list[dict]:
    """What a live desk leads with (see publish.front), the briefing's and the newsletter's: of the
    developments ranked first, those that report an event or a statement before other news,
    features and background last, newest first. A development of pages with no story (newsletter
    sign-ups) is not news, nor one told only in opinion, letters or analysis (its page lists it)."""
    pool = [d for d in list_developments(conn, since=since, limit=LATEST_POOL, approved_only=approved_only)
            if d["genre"] is None or d["genre"] in NEWS_GENRES]
    return front.latest(pool, min_confidence, LATEST if limit is None else limit)


def _briefing_since(conn: Connection, days: int) -> str | None:
    """The first day the front page briefs: ``days`` before the newest article (None: any)."""
    newest = conn.execute(select(func.max(t.articles.c.published))).scalar() if days else None
    return (_when(newest, newest) - timedelta(days=days)).date().isoformat() if newest else None


def briefing(conn: Connection, *, demo: bool = False, min_confidence: float = Options.briefing_min_confidence,
             approved_only: bool = Options.publish_approved_only, days: int = Options.briefing_days) -> dict:
    """The four sections of the live briefing, each item with its time, source, sentence and
    review (the publishing policy: what an editor approved or corrected, and unreviewed facts
    above the confidence floor marked as such unless ``approved_only``; never a rejected one)."""
    # events and figures from opinion, letters and analysis are kept (their pages show them) but
    # not briefed, nor events read with less than ``min_confidence`` (the briefing_min_confidence
    # setting); the territory section is made of changes of control of named places only
    aid = aid_summary(conn, news_only=True, approved_only=approved_only)
    pledges = newest_pledges(aid)
    policy = {"news_only": True, "min_confidence": min_confidence, "approved_only": approved_only}
    # harm and changes of control of the last ``days`` before the newest article (a briefing is of
    # now: a 2022 toll in a 2024 feature's background is no news of the week)
    since = _briefing_since(conn, days)
    harmed = events(conn, harmed=True, limit=10, since=since, **policy)
    for e in harmed:
        e["line"] = line(e["sentence"])
    territory = territorial_claims(conn, since=since, min_confidence=min_confidence, approved_only=approved_only)
    return {"demo": demo, "counts": counts(conn), "approved_only": approved_only,
            # (a development of pages with no story, such as newsletter sign-ups, is not news; nor
            # one told only in opinion, letters or analysis, which its own page still lists)
            "latest": latest_developments(conn, min_confidence=min_confidence, approved_only=approved_only),
            "aid": {"pledges": pledges[:10], "by_donor": aid["totals"]["by_donor"]},
            "civilians": harmed[:10],
            # the latest change between control layers leads; the coverage's claims follow
            "control": latest_change(conn), "territory": territory, "min_confidence": min_confidence,
            "speakers": top_speakers(conn), "quotes": latest_quotes(conn, approved_only=approved_only)}


def warm(conn: Connection) -> None:
    """Build what the first requests would otherwise build: the front page (developments'
    digests, the aid summary) and the developments listing."""
    briefing(conn)
    list_developments(conn)
