"""Facts across articles.

Aid: the same pledge reported by several articles is one pledge with several sources (same
donor, amounts within 2% in the same currency, announced within 30 days); totals never double
count, and totals to date (cumulative) are kept apart from new pledges. A delivery is linked to
the pledge it fulfils (same donor, an earlier pledge sharing an item or the amount).

Figures: casualty and displacement figures over time with their sources; figures for the same
event (same type, place and day) that disagree across articles are all kept and flagged.
"""
from __future__ import annotations

import json
import threading
from collections import OrderedDict, defaultdict
from datetime import date

from sqlalchemy import and_, func, select
from sqlalchemy.engine import Connection

from ..store import row_id
from ..store import schema as t
from ..read.aid import STATUS_ORDER
from ..read.genre import NEWS_GENRES
from .rates import convert

WINDOW_DAYS = 30


def _day(published: str | None) -> date | None:
    try:
        return date.fromisoformat((published or "")[:10])
    except ValueError:
        return None


def _dicts(result) -> list[dict]:
    """Rows as plain dicts (a store's worth of records: cheaper than a mapping per row)."""
    keys = list(result.keys())
    return [dict(zip(keys, row)) for row in result.tuples()]


def _sentence(table):
    """A fact's sentence, cut out by the database: the article's text never leaves it."""
    return func.substr(t.articles.c.text, table.c.start + 1, table.c.end - table.c.start)


def _news(genre):
    """Not from opinion, letters, editorials or analysis (an article not read yet counts as news)."""
    return genre.is_(None) | genre.in_(sorted(NEWS_GENRES))


def aid_records(conn: Connection, *, donor: str | None = None, since: str | None = None,
                until: str | None = None, category: str | None = None, status: str | None = None,
                news_only: bool = False) -> list[dict]:
    """Aid records with their article's time, title and sentence. ``news_only``: as ``events``."""
    q = (select(t.aid, t.articles.c.published, t.articles.c.title, t.articles.c.input_id,
                _sentence(t.aid).label("sentence"))
         .join(t.articles, t.articles.c.id == t.aid.c.article_id))
    conds = []
    if donor:
        conds.append((t.aid.c.donor_country == donor.upper()) | (t.aid.c.donor == donor))
    if since:
        conds.append(t.articles.c.published >= since)
    if until:
        conds.append(t.articles.c.published <= until + "T99")
    if category:
        conds.append(t.aid.c.category == category)
    if status:
        conds.append(t.aid.c.status == status)
    if news_only:
        conds.append(_news(t.articles.c.genre))
    if conds:
        q = q.where(and_(*conds))
    out = _dicts(conn.execute(q.order_by(t.articles.c.published, t.aid.c.id)))
    for d in out:
        d["items"] = json.loads(d["items"] or "[]")
    return out


def pledges(records: list[dict]) -> list[dict]:
    """Records grouped into pledges: one per donor/amount/currency within the window."""
    groups: list[dict] = []
    # candidates by donor, kind and currency: the groups another record could join (all the
    # store's records pass here, so no scan of every group per record)
    by_key: dict[tuple, list[dict]] = defaultdict(list)
    for r in records:
        day = _day(r["published"])
        key = r["donor_country"] or r["donor"]
        match = None
        for g in by_key[(key, bool(r["cumulative"]), r["currency"])]:
            if (g["amount"] is None) != (r["amount"] is None):
                continue
            if r["amount"] is not None and abs(g["amount"] - r["amount"]) > 0.02 * max(g["amount"], r["amount"]):
                continue
            if r["amount"] is None and not set(g["items"]) & set(r["items"]) and g["status"] != r["status"]:
                continue
            if day and g["last_day"] and abs((day - g["last_day"]).days) > WINDOW_DAYS:
                continue
            match = g
            break
        source = {"article_id": r["article_id"], "input_id": r["input_id"], "title": r["title"],
                  "published": r["published"], "sentence": r["sentence"], "start": r["start"], "end": r["end"]}
        if match is None:
            groups.append({"key": key, "donor": r["donor"], "donor_country": r["donor_country"],
                           "recipient": r["recipient"], "amount": r["amount"], "currency": r["currency"],
                           "category": r["category"], "status": r["status"], "items": list(r["items"]),
                           "cumulative": bool(r["cumulative"]), "announced": r["published"], "last_day": day,
                           "sources": [source]})
            by_key[(key, bool(r["cumulative"]), r["currency"])].append(groups[-1])
        else:
            match["sources"].append(source)
            match["items"] += [i for i in r["items"] if i not in match["items"]]
            if STATUS_ORDER[r["status"]] > STATUS_ORDER[match["status"]]:
                match["status"] = r["status"]
            if match["category"] == "unspecified":
                match["category"] = r["category"]
            match["last_day"] = max(filter(None, [match["last_day"], day]), default=None)
    for i, g in enumerate(groups, 1):
        g["id"] = i
        month = (g["announced"] or "")[:7] or None
        g["value_usd"], g["value_eur"] = convert(g["amount"], g["currency"], month)
        g["delivery_of"] = None
        del g["key"], g["last_day"]
    # a delivery fulfils the latest earlier pledge of its donor sharing an item or the amount
    earlier: dict[str, list[dict]] = defaultdict(list)   # each donor's pledges so far, in order
    for g in groups:
        donor = g["donor_country"] or g["donor"]
        if g["status"] != "delivered":
            earlier[donor].append(g)
            continue
        for p in reversed(earlier[donor]):
            if set(p["items"]) & set(g["items"]) or (p["amount"] and g["amount"] and abs(p["amount"] - g["amount"]) <= 0.02 * p["amount"]):
                g["delivery_of"] = p["id"]
                break
    return groups


# an aid summary groups all the store's records into pledges: kept per store, filters and aid
# version (records are only ever added or replaced, each time with new ids), so a page after a
# write that brought no aid costs one small query
_AID_SUMMARIES: OrderedDict[tuple, dict] = OrderedDict()
_AID_LOCK = threading.Lock()


def aid_summary(conn: Connection, **filters) -> dict:
    """Records, pledges (with their sources) and totals; read-only for callers (it may be kept)."""
    version = tuple(conn.execute(select(func.count(), func.max(t.aid.c.id)).select_from(t.aid)).one())
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
    totals: dict[str, dict] = {"by_donor": defaultdict(_zero), "by_category": defaultdict(_zero),
                               "by_status": defaultdict(_zero), "by_month": defaultdict(_zero)}
    original: dict[str, float] = defaultdict(float)
    cumulative = []
    for p in ps:
        if p["cumulative"]:
            cumulative.append(p)   # a total to date is not a new pledge: shown apart, never summed
            continue
        if p["amount"] is None:
            continue
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
            "total_original": dict(original),
            "rates_note": "USD/EUR from the packaged monthly rate table (rounded monthly averages)"}


def _zero() -> dict:
    return {"pledges": 0, "usd": 0.0, "eur": 0.0, "original": {}}


def _round(b: dict) -> dict:
    return {**b, "usd": round(b["usd"], 2), "eur": round(b["eur"], 2)}


# what the civilians section shows: events that hurt or displaced people, or hit what they live on
HARM_TYPES = ("infrastructure", "violence_against_civilians", "displacement")


def events(conn: Connection, *, type: str | None = None, place: str | None = None, since: str | None = None,
           until: str | None = None, actor: str | None = None, harmed: bool = False,
           news_only: bool = False, limit: int = 1000) -> list[dict]:
    """Events with their article's time, title and sentence, newest first. ``news_only``: not
    from opinion, letters, editorials or analysis (an article not read yet counts as news)."""
    q = (select(t.events, t.articles.c.published, t.articles.c.title, t.articles.c.url, t.articles.c.outlet,
                _sentence(t.events).label("sentence"))
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
    if harmed:
        e = t.events.c
        conds.append((e.killed > 0) | (e.wounded > 0) | (e.displaced > 0) | e.type.in_(HARM_TYPES))
    if news_only:
        conds.append(_news(t.articles.c.genre))
    if conds:
        q = q.where(and_(*conds))
    return _dicts(conn.execute(q.order_by(t.events.c.date.desc().nulls_last(), t.events.c.id).limit(limit)))


def figures(conn: Connection, *, since: str | None = None) -> dict:
    """Casualty and displacement figures over time, with sources; disagreements flagged."""
    evs = [e for e in events(conn, since=since, limit=100_000)
           if any(e[k] is not None for k in ("killed", "wounded", "displaced"))]
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for e in evs:
        groups[(e["type"], e["place"] or e["place_name"], e["date"])].append(e)
    series = []
    for (etype, place, day), items in sorted(groups.items(), key=lambda kv: kv[0][2] or ""):
        entry = {"date": day, "type": etype, "place": items[0]["place_name"], "geonameid": items[0]["place"],
                 "figures": {}, "conflicting": []}
        for k in ("killed", "wounded", "displaced"):
            vals = [(e[k], e) for e in items if e[k] is not None]
            if not vals:
                continue
            entry["figures"][k] = [{"value": v, "claim": e["claim"], "source": e["source"], "article_id": e["article_id"],
                                    "title": e["title"], "sentence": e["sentence"]} for v, e in vals]
            if len({v for v, _ in vals}) > 1:
                entry["conflicting"].append(k)   # kept side by side, never overwritten
        series.append(entry)
    return {"series": series}
