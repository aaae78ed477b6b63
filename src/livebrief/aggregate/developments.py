"""Developments: clusters of coverage, built online as articles arrive, ranked, summarised
extractively, and what changed since a given time. Editors' merges and splits are recorded and
stick: clustering never moves a pinned article and never re-clusters the store (only the articles
placed after a late arrival's date are placed again, with it).
"""
from __future__ import annotations

import json
import math
import re
import threading
from collections import Counter, OrderedDict
from functools import lru_cache
from datetime import datetime, timedelta, timezone

from sqlalchemy import case, delete, func, insert, select, update
from sqlalchemy.engine import Connection

from ..errors import ConfigError
from ..store import Store, now_iso
from ..store import schema as t
from .clustering import Clusterer, terms

WINDOW_H = 36.0
THRESHOLD = 6.0
TERM_MAX = 100   # the longest term the store keeps a count for (term_developments.term)
_SENT = re.compile(r"[^.!?\n]+[.!?]?")


def _when(published: str | None, fallback: str) -> datetime:
    for v in (published, fallback):
        if not v:
            continue
        try:
            d = datetime.fromisoformat(v.replace("Z", "+00:00"))
        except ValueError:
            continue
        return d if d.tzinfo else d.replace(tzinfo=timezone.utc)
    return datetime.now(timezone.utc)


def item_text(title: str | None, text: str) -> str:
    """What clustering reads: the headline and the lead (a headline-only item is just that)."""
    lead = text.strip().split("\n", 1)[0][:300]
    if title and lead.startswith(title[:40]):
        return lead
    return f"{title or ''}. {lead}"


def _load(conn: Connection, since: datetime, arriving: set[str] = frozenset()) -> Clusterer:
    """The developments still open to new arrivals (seen within the window), from the store, with
    the rarity of their terms and of the ``arriving`` items' terms across every development the
    store has made: the state one long run would have reached."""
    next_id = (conn.execute(select(func.max(t.developments.c.id))).scalar() or 0) + 1
    cl = Clusterer(threshold=THRESHOLD, window_h=WINDOW_H, next_id=next_id)
    cutoff = (since - timedelta(hours=WINDOW_H)).isoformat()
    rows = conn.execute(
        select(t.development_articles.c.development_id, t.development_articles.c.pinned, t.articles.c.id,
               t.articles.c.title, t.articles.c.text, t.articles.c.published, t.articles.c.ingested_at)
        .join(t.articles, t.articles.c.id == t.development_articles.c.article_id)
        .join(t.developments, t.developments.c.id == t.development_articles.c.development_id)
        .where(t.developments.c.last_seen >= cutoff).order_by(t.articles.c.published)).all()
    for r in rows:
        text = item_text(r.title, r.text)
        ts = terms(text)
        cl.n_docs += 1
        if r.development_id not in cl.clusters:
            cl.n_clusters += 1
        cl.add(r.development_id, r.id, ts, _when(r.published, r.ingested_at), text)
        if r.pinned:
            cl.clusters[r.development_id].pinned = True
    # (ids are never reused: the highest is the number of developments made, merged ones included,
    # as a long run counts them)
    cl.n_clusters = next_id - 1
    needed = sorted(set(cl.cf) | set(arriving))
    cl.cf = Counter()
    for k in range(0, len(needed), 500):
        cl.cf.update(dict(conn.execute(select(t.term_developments.c.term, t.term_developments.c.developments)
                                       .where(t.term_developments.c.term.in_(needed[k:k + 500]))).all()))
    cl.cf_changed.clear()
    return cl


def _keep_rarity(conn: Connection, cl: Clusterer) -> None:
    """Write back the term rarities a batch changed (one writer at a time: plain replace)."""
    changed = sorted(cl.cf_changed)
    for k in range(0, len(changed), 500):
        chunk = changed[k:k + 500]
        conn.execute(delete(t.term_developments).where(t.term_developments.c.term.in_(chunk)))
        # (a term longer than the column, a run of hyphenated words, is left uncounted: it is as
        # good as unique anyway)
        rows = [{"term": term, "developments": cl.cf[term]} for term in chunk
                if cl.cf[term] > 0 and len(term) <= TERM_MAX]
        if rows:
            conn.execute(insert(t.term_developments), rows)
    cl.cf_changed.clear()


# the stores (by URL) whose term counts this process has seen to be in place
_COUNTED: set[str] = set()


def _count_terms_once(store: Store, conn: Connection) -> None:
    """A store made before the counts were kept (migration 012 creates their table empty) has
    them counted here, by the stage that owns them, before it clusters anything new."""
    if store.url in _COUNTED:
        return
    if (conn.execute(select(t.term_developments.c.term).limit(1)).first() is None
            and conn.execute(select(t.developments.c.id).limit(1)).first() is not None):
        count_term_developments(conn)
    _COUNTED.add(store.url)


def count_term_developments(conn: Connection) -> None:
    """Count, from the articles of each development, how many developments use each term."""
    per_dev: dict[int, set[str]] = {}
    rows = conn.execute(select(t.development_articles.c.development_id, t.articles.c.title, t.articles.c.text)
                        .join(t.articles, t.articles.c.id == t.development_articles.c.article_id))
    for r in rows:
        per_dev.setdefault(r.development_id, set()).update(terms(item_text(r.title, r.text or "")))
    counts: Counter = Counter()
    for used in per_dev.values():
        counts.update(used)
    conn.execute(delete(t.term_developments))
    items = [{"term": term, "developments": n} for term, n in counts.items() if len(term) <= TERM_MAX]
    for k in range(0, len(items), 1000):
        conn.execute(insert(t.term_developments), items[k:k + 1000])


def _absorb(conn: Connection, keep: int, gone: list[int], at: str) -> None:
    """Clustering found one story in several developments: their articles move to ``keep``, and
    the decision is recorded so that links to the absorbed ids lead on to ``keep``."""
    conn.execute(update(t.development_articles).where(t.development_articles.c.development_id.in_(gone))
                 .values(development_id=keep))
    span = conn.execute(select(func.min(t.developments.c.first_seen), func.max(t.developments.c.last_seen))
                        .where(t.developments.c.id.in_([keep, *gone]))).one()
    conn.execute(update(t.developments).where(t.developments.c.id == keep).values(
        first_seen=span[0], last_seen=span[1], updated_at=at))
    conn.execute(delete(t.developments).where(t.developments.c.id.in_(gone)))
    conn.execute(insert(t.decisions).values(kind="auto-merge", payload=json.dumps({"keep": keep, "others": gone}),
                                            at=at, by="clustering"))


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


# the most articles a late arrival's batch re-places (see assign): beyond it, late items are
# placed among the developments as they stand (a backfill whose partitions finish out of order)
REPLACE_MAX = 2000


def _order(r) -> tuple:
    """Publication order; ties broken by content, so that the order items arrived in is no input."""
    return _when(r.published, r.ingested_at), item_text(r.title, r.text), r.input_id or "", r.id


def _unplace_since(conn: Connection, since: datetime) -> tuple[list, dict[int, int], set[int], int] | None:
    """Take the articles placed at or after ``since`` (not an editor's) out of their
    developments, so that they are placed again, in order, with a late arrival; the term rarities
    lose what only they gave. Returns their rows, their former developments and the developments
    they touched, and how many they emptied; None when there are more than REPLACE_MAX."""
    da, a, dev = t.development_articles, t.articles, t.developments
    rows = conn.execute(
        select(da.c.development_id, da.c.pinned, a.c.id, a.c.title, a.c.text, a.c.published, a.c.ingested_at,
               a.c.outlet, a.c.input_id, a.c.read_at)
        .join(a, a.c.id == da.c.article_id).join(dev, dev.c.id == da.c.development_id)
        .where(dev.c.last_seen >= since.isoformat())).all()
    moved = [r for r in rows if not r.pinned and _when(r.published, r.ingested_at) >= since]
    if not moved or len(moved) > REPLACE_MAX:
        return None
    gone = {r.id for r in moved}
    before: dict[int, set[str]] = {}
    after: dict[int, set[str]] = {}
    for r in rows:
        ts = set(terms(item_text(r.title, r.text)))
        before.setdefault(r.development_id, set()).update(ts)
        if r.id not in gone:
            after.setdefault(r.development_id, set()).update(ts)
    lost = Counter()
    for dev_id, ts in before.items():
        lost.update(ts - after.get(dev_id, set()))
    needed = sorted(lost)
    for k in range(0, len(needed), 500):
        chunk = needed[k:k + 500]
        counts = dict(conn.execute(select(t.term_developments.c.term, t.term_developments.c.developments)
                                   .where(t.term_developments.c.term.in_(chunk))).all())
        conn.execute(delete(t.term_developments).where(t.term_developments.c.term.in_(chunk)))
        kept = [{"term": term, "developments": counts[term] - lost[term]} for term in chunk
                if counts.get(term, 0) - lost[term] > 0]
        if kept:
            conn.execute(insert(t.term_developments), kept)
    for ids in _chunks(sorted(gone)):
        conn.execute(delete(da).where(da.c.article_id.in_(ids)))
    return moved, {r.id: r.development_id for r in moved}, set(before), len(set(before) - set(after))


def _settle(conn: Connection, former: dict[int, int], touched: set[int], created: set[int], at: str) -> None:
    """After a window was placed again: a development made anew takes the id of the emptied one
    most of its articles were in (readers keep their links); an emptied development no new one
    took leads on (as a merge) to where most of its articles went; every touched development's
    span is measured again from its articles."""
    da, a, dev = t.development_articles, t.articles, t.developments
    now_in = dict(conn.execute(select(da.c.article_id, da.c.development_id)
                               .where(da.c.article_id.in_(list(former)))).all()) if former else {}
    live = set(conn.execute(select(dev.c.id).where(dev.c.id.in_(sorted(touched | created)))).scalars())
    held = set(conn.execute(select(da.c.development_id).where(da.c.development_id.in_(sorted(touched)))
                            .distinct()).scalars())
    emptied = {d for d in touched if d not in held and d in live}   # (an absorbed one is gone)
    for new in sorted(created & live):
        votes = Counter(former[aid] for aid, d in now_in.items() if d == new and former.get(aid) in emptied)
        if not votes:
            continue
        old = min(votes, key=lambda d: (-votes[d], d))
        emptied.discard(old)
        conn.execute(update(da).where(da.c.development_id == new).values(development_id=old))
        conn.execute(delete(dev).where(dev.c.id == new))
        now_in = {aid: (old if d == new else d) for aid, d in now_in.items()}
        touched.add(old)
    # the ids a long run would have given: those made anew and not renamed follow the highest kept
    fresh = sorted(d for d in created & live if conn.execute(select(dev.c.id).where(dev.c.id == d)).first())
    base = conn.execute(select(func.max(dev.c.id)).where(dev.c.id.not_in(fresh or [0]))).scalar() or 0
    for target, d in enumerate(fresh, base + 1):
        if target < d:
            row = conn.execute(select(dev).where(dev.c.id == d)).one()._asdict()
            conn.execute(insert(dev).values(**{**row, "id": target}))
            conn.execute(update(da).where(da.c.development_id == d).values(development_id=target))
            conn.execute(delete(dev).where(dev.c.id == d))
            now_in = {aid: (target if x == d else x) for aid, x in now_in.items()}
            touched.add(target)
    for old in sorted(emptied):
        went = Counter(now_in[aid] for aid, d in former.items() if d == old and aid in now_in)
        conn.execute(delete(dev).where(dev.c.id == old))
        if went:
            keep = min(went, key=lambda d: (-went[d], d))
            conn.execute(insert(t.decisions).values(kind="auto-merge", payload=json.dumps({"keep": keep, "others": [old]}),
                                                    at=at, by="clustering"))
    spans: dict[int, list[datetime]] = {}
    for ids in _chunks(sorted(touched - emptied)):
        for r in conn.execute(select(da.c.development_id, a.c.published, a.c.ingested_at)
                              .join(a, a.c.id == da.c.article_id).where(da.c.development_id.in_(ids))):
            spans.setdefault(r.development_id, []).append(_when(r.published, r.ingested_at))
    for dev_id, whens in spans.items():
        conn.execute(update(dev).where(dev.c.id == dev_id).values(
            first_seen=min(whens).isoformat(), last_seen=max(whens).isoformat(), updated_at=at))


def assign(store: Store, article_ids: list[int]) -> dict[int, int]:
    """Place newly stored articles into developments, in publication order, as if they had
    arrived in that order: when some are older than articles already placed, those later
    articles are placed again with them. Returns article -> development."""
    if not article_ids:
        return {}
    out: dict[int, int] = {}
    with store.write() as conn:
        _count_terms_once(store, conn)
        rows = conn.execute(select(t.articles.c.id, t.articles.c.title, t.articles.c.text, t.articles.c.published,
                                   t.articles.c.ingested_at, t.articles.c.outlet, t.articles.c.input_id,
                                   t.articles.c.read_at)
                            .where(t.articles.c.id.in_(article_ids))).all()
        done = set(conn.execute(select(t.development_articles.c.article_id)
                                .where(t.development_articles.c.article_id.in_(article_ids))).scalars())
        rows = sorted((r for r in rows if r.id not in done), key=_order)
        if not rows:
            return {}
        former: dict[int, int] = {}
        touched: set[int] = set()
        created: set[int] = set()
        latest = conn.execute(select(func.max(t.developments.c.last_seen))).scalar()
        start = _when(rows[0].published, rows[0].ingested_at)
        # (a tie is late too: ties are placed by content, so it may go before what has its time)
        if latest is not None and start <= _when(latest, latest):
            replaced = _unplace_since(conn, start)
            if replaced is not None:
                moved, former, touched, emptied = replaced
                rows = sorted([*rows, *moved], key=_order)
        arriving = set().union(*(terms(item_text(r.title, r.text)) for r in rows))
        cl = _load(conn, start, arriving)
        if former:
            # the emptied developments are made again by the replay: counted once, as a long run does
            cl.n_clusters -= emptied
        at = now_iso()
        for r in rows:
            when = _when(r.published, r.ingested_at)
            cid, score, is_new, absorbed = cl.assign(r.id, item_text(r.title, r.text), when)
            if absorbed:
                _absorb(conn, cid, absorbed, at)
            if is_new:
                created.add(cid)
                conn.execute(insert(t.developments).values(id=cid, first_seen=when.isoformat(), last_seen=when.isoformat(),
                                                           created_at=at, updated_at=at))
            else:
                # a portable greatest(): SQLite spells it max(a, b), PostgreSQL greatest(a, b)
                last = t.developments.c.last_seen
                conn.execute(update(t.developments).where(t.developments.c.id == cid).values(
                    last_seen=case((last < when.isoformat(), when.isoformat()), else_=last), updated_at=at))
            conn.execute(insert(t.development_articles).values(article_id=r.id, development_id=cid, score=score,
                                                               joined_at=at, pinned=False, published=r.published,
                                                               outlet=r.outlet, input_id=r.input_id,
                                                               read_at=r.read_at))
            # a speech's headlines gathered, or a breaking story took in the small developments
            # around it (the new one may be among them)
            for keep, gone in cl.swept:
                _absorb(conn, keep, gone, at)
            out[r.id] = cid
        _keep_rarity(conn, cl)
        if former:
            _settle(conn, former, touched, created, at)
            return dict(conn.execute(select(t.development_articles.c.article_id, t.development_articles.c.development_id)
                                     .where(t.development_articles.c.article_id.in_(
                                         [r.id for r in rows if r.id not in former]))).all())
    return {aid: cl.current(cid) for aid, cid in out.items()}


def assign_unclustered(store: Store) -> int:
    with store.read() as conn:
        ids = list(conn.execute(select(t.articles.c.id).where(t.articles.c.id.not_in(
            select(t.development_articles.c.article_id)))).scalars())
    return len(assign(store, ids))


# ---------------------------------------------------------------- editors' decisions

def merge(store: Store, keep: int, others: list[int], *, by: str | None = None) -> dict:
    with store.write() as conn:
        ids = set(conn.execute(select(t.developments.c.id).where(t.developments.c.id.in_([keep, *others]))).scalars())
        missing = {keep, *others} - ids
        if missing:
            raise ConfigError(f"no development {sorted(missing)}")
        conn.execute(update(t.development_articles).where(t.development_articles.c.development_id.in_(others))
                     .values(development_id=keep, pinned=True))
        conn.execute(update(t.development_articles).where(t.development_articles.c.development_id == keep)
                     .values(pinned=True))
        firsts = conn.execute(select(func.min(t.developments.c.first_seen), func.max(t.developments.c.last_seen))
                              .where(t.developments.c.id.in_([keep, *others]))).one()
        conn.execute(update(t.developments).where(t.developments.c.id == keep).values(
            first_seen=firsts[0], last_seen=firsts[1], updated_at=now_iso()))
        conn.execute(delete(t.developments).where(t.developments.c.id.in_(others)))
        conn.execute(insert(t.decisions).values(kind="merge", payload=json.dumps({"keep": keep, "others": others}),
                                                at=now_iso(), by=by))
    return {"development": keep, "merged": others}


def split(store: Store, development: int, article_ids: list[int], *, by: str | None = None) -> dict:
    with store.write() as conn:
        members = set(conn.execute(select(t.development_articles.c.article_id)
                                   .where(t.development_articles.c.development_id == development)).scalars())
        move = [a for a in article_ids if a in members]
        if not move or len(move) == len(members):
            raise ConfigError("split needs some, not all, of the development's articles")
        new_id = (conn.execute(select(func.max(t.developments.c.id))).scalar() or 0) + 1
        times = conn.execute(select(func.min(t.articles.c.published), func.max(t.articles.c.published))
                             .where(t.articles.c.id.in_(move))).one()
        conn.execute(insert(t.developments).values(id=new_id, first_seen=times[0], last_seen=times[1],
                                                   created_at=now_iso(), updated_at=now_iso()))
        conn.execute(update(t.development_articles).where(t.development_articles.c.article_id.in_(move))
                     .values(development_id=new_id, pinned=True))
        conn.execute(update(t.development_articles).where(t.development_articles.c.development_id == development)
                     .values(pinned=True))
        conn.execute(insert(t.decisions).values(kind="split", payload=json.dumps(
            {"from": development, "to": new_id, "articles": move}), at=now_iso(), by=by))
    return {"development": development, "new_development": new_id, "moved": move}


# ---------------------------------------------------------------- reading developments

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


# a summary sentence is an article's first; its lead is all that needs to leave the database
_LEAD_CHARS = 1000

# What a development shows of its pool of articles (title, summary, key quotes, places, facts,
# topics) depends only on which articles it has and how they were read: articles never change,
# and reading one again stamps it anew. After a write almost every development listed is the
# same, so its digest is kept (per store and version, see ``_counts``) instead of recomputed.
_DIGESTS: OrderedDict[tuple, dict] = OrderedDict()
_DIGESTS_SIZE = 5000
_DIGESTS_LOCK = threading.Lock()


def _digests(conn: Connection, versions: dict[int, tuple], size: int | None) -> dict[int, dict]:
    """Digests of the given developments (each from its ``size`` most recent articles, or all),
    kept ones where the development's version is unchanged: read-only for callers."""
    store = str(conn.engine.url)
    out, todo = {}, {}
    with _DIGESTS_LOCK:   # the server lists from several threads
        for did, version in versions.items():
            key = (store, did, size, version)
            hit = _DIGESTS.get(key) if size is not None else None
            if hit is not None:
                _DIGESTS.move_to_end(key)
                out[did] = hit
            else:
                todo[did] = key
    if todo:
        made = _digest_many(conn, _pools(conn, list(todo), size))
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
            "places": [dict(x) for x in digest["places"]], "topic_counts": dict(digest["topic_counts"]),
            "facts": {k: [dict(x) for x in v] for k, v in digest["facts"].items()}}


def _digest_many(conn: Connection, pools: dict[int, list[int]]) -> dict[int, dict]:
    """Title, summary, key quotes (from the most central articles), the five most mentioned
    places, casualty, territorial and aid facts, and topic counts of each pool of articles:
    six queries whatever the number of developments."""
    dev_of = {aid: did for did, ids in pools.items() for aid in ids}
    out = {did: {"quotes": [], "places": Counter(), "names": {}, "casualties": [], "territorial": [], "aid": [],
                 "topics": Counter(), "texts": {}} for did in pools}
    a, e = t.articles, t.events
    for chunk in _chunks(list(dev_of)):
        for r in conn.execute(select(a.c.id, a.c.title, func.substr(a.c.text, 1, _LEAD_CHARS).label("text"))
                              .where(a.c.id.in_(chunk))):
            out[dev_of[r.id]]["texts"][r.id] = r
        for aid, topic in conn.execute(select(t.topics.c.article_id, t.topics.c.topic)
                                       .where(t.topics.c.article_id.in_(chunk))).tuples():
            out[dev_of[aid]]["topics"][topic] += 1
        for aid, key, name in conn.execute(select(t.places.c.article_id, t.places.c.place_key, t.places.c.name)
                                           .where(t.places.c.article_id.in_(chunk), t.places.c.feature != "country")
                                           .order_by(t.places.c.id)).tuples():
            d = out[dev_of[aid]]
            d["places"][key] += 1
            d["names"].setdefault(key, name)
        for r in conn.execute(select(e.c.article_id, e.c.type, e.c.actor, e.c.place_name, e.c.date, e.c.killed,
                                     e.c.wounded, e.c.start, e.c.end)
                              .where(e.c.article_id.in_(chunk),
                                     (e.c.killed > 0) | (e.c.wounded > 0) | (e.c.type == "strategic_development"))
                              .order_by(e.c.id)):
            d = out[dev_of[r.article_id]]
            if r.killed or r.wounded:
                d["casualties"].append({"killed": r.killed, "wounded": r.wounded, "place": r.place_name, "date": r.date,
                                        "article_id": r.article_id, "start": r.start, "end": r.end})
            if r.type == "strategic_development":
                d["territorial"].append({"actor": r.actor, "place": r.place_name, "date": r.date,
                                         "article_id": r.article_id, "start": r.start, "end": r.end})
        for r in conn.execute(select(t.aid.c.article_id, t.aid.c.donor, t.aid.c.amount, t.aid.c.currency,
                                     t.aid.c.status, t.aid.c.start, t.aid.c.end)
                              .where(t.aid.c.article_id.in_(chunk)).order_by(t.aid.c.id)):
            out[dev_of[r.article_id]]["aid"].append({"donor": r.donor, "amount": r.amount, "currency": r.currency,
                                                     "status": r.status, "article_id": r.article_id,
                                                     "start": r.start, "end": r.end})
    result, rank = {}, {}
    for did, ids in pools.items():
        d = out[did]
        arts = [d["texts"][aid] for aid in ids if aid in d["texts"]]
        summary = _summarise(arts) if arts else {"title": "", "title_article_id": None, "summary": [], "central": []}
        for k, aid in enumerate(summary.pop("central")):
            rank[aid] = (did, k)
        top = sorted(d["places"].items(), key=lambda kv: (-kv[1], d["names"][kv[0]]))[:5]
        result[did] = {**summary, "quotes": [],
                       "places": [{"name": d["names"][k], "key": k, "mentions": n} for k, n in top],
                       "facts": {"casualties": d["casualties"], "territorial": d["territorial"], "aid": d["aid"]},
                       "topic_counts": dict(d["topics"])}
    # key quotes: the first quoted words with a speaker in the most central articles
    q = t.quotes
    found: dict[int, list] = {}
    for chunk in _chunks(list(rank)):
        for r in conn.execute(select(q.c.text, q.c.speaker, q.c.article_id, q.c.start, q.c.end)
                              .where(q.c.article_id.in_(chunk), q.c.speaker.is_not(None), q.c.kind == "direct")):
            did, k = rank[r.article_id]
            found.setdefault(did, []).append((k, r.start, r))
    for did, rows in found.items():
        result[did]["quotes"] = [{"text": r.text, "speaker": r.speaker, "article_id": r.article_id, "start": r.start,
                                  "end": r.end} for _k, _s, r in sorted(rows, key=lambda x: x[:2])[:3]]
    return result


def _summarise(arts: list) -> dict:
    """The most central headline of a pool of articles, and the first sentences of the most
    central ones (repeats and the title's own lead skipped)."""
    bags = [_bag(item_text(a.title, a.text)) for a in arts]
    counts: Counter = Counter()
    for b in bags:
        counts.update(b.keys())
    centrality = [sum(counts[x] for x in b) / (1 + len(b)) ** 0.5 for b in bags]
    order = sorted(range(len(arts)), key=lambda i: -centrality[i])
    best = arts[order[0]]
    summary = []
    seen_text = set()
    for i in order:
        a = arts[i]
        m = _SENT.search(a.text)
        if not m:
            continue
        sent = m.group(0).strip()
        if sent in seen_text or (best.title and sent.startswith(best.title[:40]) and summary):
            continue
        seen_text.add(sent)
        start = a.text.find(sent)
        summary.append({"sentence": sent, "article_id": a.id, "start": start, "end": start + len(sent)})
        if len(summary) == 3:
            break
    return {"title": best.title or (summary[0]["sentence"] if summary else ""), "title_article_id": best.id,
            "summary": summary, "central": [arts[i].id for i in order[:KEY_QUOTE_ARTICLES]]}


def list_developments(conn: Connection, *, since: str | None = None, topic: str | None = None,
                      limit: int = 100, ids: list[int] | None = None, complete: bool = False) -> list[dict]:
    """Developments ranked by importance. In a listing, what each one shows (title, summary, key
    quotes, places, facts, topics, and the fact flags of its ranking) comes from its most recent
    articles (``SUMMARY_POOL``); ``complete`` takes it from all its articles (the page of one
    development)."""
    q = select(t.developments)
    limit = min(limit, 5000)
    if since:
        q = q.where(t.developments.c.last_seen >= since)
    if ids is not None:
        q = q.where(t.developments.c.id.in_(ids))
    # importance decays with age (a 3-day time constant), so only the most recent developments can
    # rank: read a bounded window of them, not the whole store
    window = 5000 if ids is not None or topic else max(3 * limit, 60)
    devs = conn.execute(q.order_by(t.developments.c.last_seen.desc()).limit(window)).all()
    if not devs:
        return []
    newest = max(_when(d.last_seen, d.updated_at) for d in devs)
    dev_ids = [d.id for d in devs]
    counts = _counts(conn, dev_ids)
    digests = _digests(conn, counts, None if complete else SUMMARY_POOL)
    ranked = []
    for d in devs:
        n, outlets, _newest, _read = counts.get(d.id, (0, 0, None, None))
        dig = digests.get(d.id)
        if not n or dig is None or (topic and topic not in dig["topic_counts"]):
            continue
        facts = dig["facts"]
        age_days = (newest - _when(d.last_seen, d.updated_at)).total_seconds() / 86400
        # (the weight of its facts fades with it: a toll from last year does not outrank today's news)
        importance = ((1 + math.log(n)) * (1 + 0.5 * max(0, outlets - 1)) + 0.5 * bool(facts["casualties"])
                      + 0.5 * bool(facts["aid"]) + 0.5 * bool(facts["territorial"])) * math.exp(-age_days / 3)
        ranked.append((round(importance, 3), d))
    ranked.sort(key=lambda x: -x[0])
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
        out.append({"id": d.id, **members[d.id], "first_seen": d.first_seen, "last_seen": d.last_seen,
                    "importance": importance, **dig,
                    "topics": [x for x, _n in sorted(topics.items(), key=lambda kv: (-kv[1], kv[0]))]})
    return out


def get_development(conn: Connection, dev_id: int) -> dict | None:
    found = list_developments(conn, ids=[dev_id], limit=1, complete=True)
    return found[0] if found else None


def changes(conn: Connection, since: str) -> dict:
    """What changed since ``since``: new developments, figures that moved (old -> new value and
    the source that moved them), new quotes by leading speakers, new territorial changes."""
    new_devs = conn.execute(select(t.developments.c.id).where(t.developments.c.created_at >= since)).scalars().all()
    recent = select(t.articles.c.id).where(t.articles.c.ingested_at >= since)
    figures = []
    dev_of = dict(conn.execute(select(t.development_articles.c.article_id, t.development_articles.c.development_id)).all())
    evs = conn.execute(select(t.events, t.articles.c.ingested_at, t.articles.c.title)
                       .join(t.articles, t.articles.c.id == t.events.c.article_id)
                       .where(t.events.c.killed.is_not(None)).order_by(t.articles.c.ingested_at)).all()
    by_dev: dict[int, list] = {}
    for e in evs:
        d = dev_of.get(e.article_id)
        if d is not None:
            by_dev.setdefault(d, []).append(e)
    for d, items in by_dev.items():
        old = [e for e in items if e.ingested_at < since]
        new = [e for e in items if e.ingested_at >= since]
        if old and new and max(e.killed for e in new) != max(e.killed for e in old):
            mover = max(new, key=lambda e: e.killed)
            figures.append({"development": d, "figure": "killed", "old": max(e.killed for e in old),
                            "new": mover.killed, "source": {"article_id": mover.article_id, "title": mover.title,
                                                            "start": mover.start, "end": mover.end}})
    leaders = [r[0] for r in conn.execute(select(t.quotes.c.speaker, func.count()).where(t.quotes.c.speaker.is_not(None))
                                          .group_by(t.quotes.c.speaker).order_by(func.count().desc()).limit(10)).all()]
    quotes = conn.execute(select(t.quotes.c.text, t.quotes.c.speaker, t.quotes.c.article_id, t.quotes.c.start, t.quotes.c.end)
                          .where(t.quotes.c.article_id.in_(recent), t.quotes.c.speaker.in_(leaders),
                                 t.quotes.c.kind == "direct")).all()
    terr = conn.execute(select(t.events.c.actor, t.events.c.place_name, t.events.c.date, t.events.c.article_id,
                               t.events.c.start, t.events.c.end)
                        .where(t.events.c.article_id.in_(recent), t.events.c.type == "strategic_development")).all()
    return {"since": since,
            "new_developments": list_developments(conn, ids=list(new_devs), limit=100) if new_devs else [],
            "figures_changed": figures,
            "new_quotes": [dict(q._mapping) for q in quotes],
            "territorial_changes": [dict(x._mapping) for x in terr]}
