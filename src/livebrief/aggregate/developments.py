"""Developments: clusters of coverage, built online as articles arrive. Editors' merges and
splits are recorded and stick: clustering never moves a pinned article and never re-clusters the
store (only the articles placed after a late arrival's date are placed again, with it). Reading
developments (ranked, summarised extractively, what changed since a given time) is in
``publish.queries``.
"""
from __future__ import annotations

import hashlib
import json
import threading
from collections import Counter, OrderedDict
from datetime import UTC, datetime, timedelta

from sqlalchemy import case, delete, func, insert, select, update
from sqlalchemy.engine import Connection

from ..errors import ConfigError
from ..read.genre import LEAD_CHARS, OutletFurniture, lead, learn_outlet_furniture
from ..store import Store, now_iso
from ..store import schema as t
from .clustering import Clusterer, item_terms
from .rarity import Rarity

WINDOW_H = 36.0
THRESHOLD = 6.0
TERM_MAX = 100   # the longest term the store keeps a count for (term_developments.term)
# an outlet's furniture is learned from its latest articles (see read.genre.learn_furniture)
FURNITURE_SAMPLE = 300


def _when(published: str | None, fallback: str) -> datetime:
    for v in (published, fallback):
        if not v:
            continue
        try:
            d = datetime.fromisoformat(v.replace("Z", "+00:00"))
        except ValueError:
            continue
        return d if d.tzinfo else d.replace(tzinfo=UTC)
    return datetime.now(UTC)


def item_text(title: str | None, text: str, furniture: OutletFurniture | None = None) -> str:
    """What clustering reads: the headline and the lead (a headline-only item is just that), the
    lead being the first paragraph of the story after the page's furniture ("CNN —", an audio
    prompt, an editor's note) and, given its outlet's ``furniture``, after what the outlet puts
    around every title and text (see read.genre.learn_furniture)."""
    if furniture is not None:
        text = furniture.clean_text(title, text)
        title = furniture.clean_title(title)
    span = lead(text, LEAD_CHARS)
    lead_par = text[span[0]:] if span else text.strip()
    lead_par = lead_par.split("\n", 1)[0][:300]
    if not lead_par:
        item = title or ""
    else:
        item = lead_par if title and lead_par.startswith(title[:40]) else f"{title or ''}. {lead_par}"
    # the clusterer compares Latin words: Ukrainian and Russian coverage is compared by the English
    # names and event kinds its reading gives (see read.slavic.english_gist)
    if any("\u0400" <= c <= "\u04ff" for c in item[:200]):
        # here, not at import: the Slavic reader brings spaCy's components along (a second)
        from ..read.slavic import english_gist_of

        return english_gist_of(item)
    return item


# each outlet's furniture as last learned, by (store, outlet, the outlet's newest article): an
# outlet with no new article has the same latest articles, so the same furniture, and a listing or a
# batch of other outlets' articles does not read them again (see outlet_furniture)
_FURNITURE: OrderedDict[tuple, OutletFurniture] = OrderedDict()
_FURNITURE_SIZE = 2000
_FURNITURE_LOCK = threading.Lock()


def outlet_furniture(conn: Connection, outlets) -> dict[str | None, OutletFurniture]:
    """Each outlet's furniture, learned from its latest FURNITURE_SAMPLE stored articles (the
    articles with no outlet are read as one); kept until the outlet has a newer article."""
    a = t.articles
    store = str(conn.engine.url)
    outlets = set(outlets)
    # each outlet's newest article, all in one grouped read (by index), with its hash, should a
    # store made again at the same place reuse an id
    named = [o for o in outlets if o is not None]
    top = select(a.c.outlet, func.max(a.c.id).label("id")).group_by(a.c.outlet)
    top = top.where(a.c.outlet.in_(named) | a.c.outlet.is_(None)) if None in outlets else top.where(a.c.outlet.in_(named))
    top = top.subquery()
    newest = {outlet: (aid, digest) for outlet, aid, digest in conn.execute(
        select(top.c.outlet, a.c.id, a.c.content_hash).join(top, a.c.id == top.c.id)).tuples()}
    out = {}
    for outlet in outlets:
        which = a.c.outlet.is_(None) if outlet is None else a.c.outlet == outlet
        key = (store, outlet, newest.get(outlet))
        with _FURNITURE_LOCK:   # (the server lists from several threads)
            hit = _FURNITURE.get(key)
            if hit is not None:
                _FURNITURE.move_to_end(key)
        if hit is None:
            rows = conn.execute(select(a.c.title, func.substr(a.c.text, 1, 600)).where(which)
                                .order_by(a.c.id.desc()).limit(FURNITURE_SAMPLE)).all()
            hit = learn_outlet_furniture([(title, text or "") for title, text in rows])
            with _FURNITURE_LOCK:
                _FURNITURE[key] = hit
                while len(_FURNITURE) > _FURNITURE_SIZE:
                    _FURNITURE.popitem(last=False)
        out[outlet] = hit
    return out


def _load(conn: Connection, since: datetime, arriving: set[str] = frozenset(),
          furniture: dict | None = None) -> Clusterer:
    """The developments still open to new arrivals (seen within the window), from the store, with
    the rarity of their terms and of the ``arriving`` items' terms across every development the
    store has made: the state one long run would have reached."""
    next_id = (conn.execute(select(func.max(t.developments.c.id))).scalar() or 0) + 1
    cl = Clusterer(threshold=THRESHOLD, window_h=WINDOW_H, next_id=next_id)
    cutoff = (since - timedelta(hours=WINDOW_H)).isoformat()
    rows = conn.execute(
        select(t.development_articles.c.development_id, t.development_articles.c.pinned, t.articles.c.id,
               t.articles.c.title, t.articles.c.text, t.articles.c.published, t.articles.c.ingested_at,
               t.articles.c.outlet)
        .join(t.articles, t.articles.c.id == t.development_articles.c.article_id)
        .join(t.developments, t.developments.c.id == t.development_articles.c.development_id)
        .where(t.developments.c.last_seen >= cutoff).order_by(t.articles.c.published)).all()
    furniture = {**outlet_furniture(conn, {r.outlet for r in rows} - set(furniture or {})), **(furniture or {})}
    for r in rows:
        text = item_text(r.title, r.text, furniture[r.outlet])
        ts = item_terms(text)
        cl.n_docs += 1
        if r.development_id not in cl.clusters:
            cl.n_clusters += 1
        cl.add(r.development_id, r.id, ts, _when(r.published, r.ingested_at), text)
        if r.pinned:
            cl.clusters[r.development_id].pinned = True
    # (ids are never reused: the highest is the number of developments made, merged ones included,
    # as a long run counts them)
    cl.n_clusters = next_id - 1
    cl.cf = Counter(read_rarity(conn, set(cl.cf) | set(arriving)).used)
    cl.cf_changed.clear()
    return cl


def read_rarity(conn: Connection, terms) -> Rarity:
    """How many developments have used each of ``terms``, out of those made (see
    aggregate.rarity): the store's counts."""
    needed = sorted(set(terms))
    used: dict[str, int] = {}
    for k in range(0, len(needed), 500):
        used.update(conn.execute(select(t.term_developments.c.term, t.term_developments.c.developments)
                                 .where(t.term_developments.c.term.in_(needed[k:k + 500]))).tuples().all())
    # (ids are never reused: the highest is the number made, merged ones included, as the
    # clusterer counts them)
    return Rarity(used, conn.execute(select(func.max(t.developments.c.id))).scalar() or 0)


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


def ensure_term_counts(store: Store) -> None:
    """The term rarities counted now where a migration emptied them (017, 018): the pages read
    them too, and a store that is only served would otherwise never cluster anything to count them."""
    with store.write() as conn:
        _count_terms_once(store, conn)


def count_term_developments(conn: Connection) -> None:
    """Count, from the articles of each development, how many developments use each term."""
    per_dev: dict[int, set[str]] = {}
    rows = conn.execute(select(t.development_articles.c.development_id, t.articles.c.title, t.articles.c.text,
                               t.articles.c.outlet)
                        .join(t.articles, t.articles.c.id == t.development_articles.c.article_id)).all()
    furniture = outlet_furniture(conn, {r.outlet for r in rows})
    for r in rows:
        text = item_text(r.title, r.text or "", furniture[r.outlet])
        per_dev.setdefault(r.development_id, set()).update(item_terms(text))
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


# the most articles a late arrival's batch re-places (see assign): beyond it, late items are
# placed among the developments as they stand (a backfill whose partitions finish out of order)
REPLACE_MAX = 2000


def _order(r, text: str) -> tuple:
    """Publication order; ties broken by content (``text``, the item as clustering reads it), so
    that the order items arrived in is no input. (By a digest of the content, not the content
    itself: a feed that dates its items to the day would otherwise be read in alphabetical order,
    its rubrics' items ("Evacuation from X: ...") one after another, as no newsroom ever saw them.)"""
    return _when(r.published, r.ingested_at), hashlib.sha1(text.encode("utf-8")).hexdigest(), text, r.input_id or "", r.id


def _unplace_since(conn: Connection, since: datetime, furniture: dict
                   ) -> tuple[list, dict[int, int], set[int], int, dict[int, str]] | None:
    """Take the articles placed at or after ``since`` (not an editor's) out of their
    developments, so that they are placed again, in order, with a late arrival; the term rarities
    lose what only they gave. Returns their rows, their former developments and the developments
    they touched, how many they emptied, and their texts as clustering reads them; None when there
    are more than REPLACE_MAX."""
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
    furniture.update(outlet_furniture(conn, {r.outlet for r in rows} - set(furniture)))
    texts = {}
    for r in rows:
        texts[r.id] = item_text(r.title, r.text, furniture[r.outlet])
        ts = set(item_terms(texts[r.id]))
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
    ids = sorted(gone)
    for k in range(0, len(ids), 5000):
        conn.execute(delete(da).where(da.c.article_id.in_(ids[k:k + 5000])))
    return (moved, {r.id: r.development_id for r in moved}, set(before), len(set(before) - set(after)),
            {r.id: texts[r.id] for r in moved})


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
    kept = sorted(touched - emptied)
    for k in range(0, len(kept), 5000):
        for r in conn.execute(select(da.c.development_id, a.c.published, a.c.ingested_at)
                              .join(a, a.c.id == da.c.article_id).where(da.c.development_id.in_(kept[k:k + 5000]))):
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
        rows = [r for r in rows if r.id not in done]
        if not rows:
            return {}
        furniture = outlet_furniture(conn, {r.outlet for r in rows})
        # (each item's text as clustering reads it, made once: its order and its placing read it)
        texts = {r.id: item_text(r.title, r.text, furniture[r.outlet]) for r in rows}
        rows = sorted(rows, key=lambda r: _order(r, texts[r.id]))
        former: dict[int, int] = {}
        touched: set[int] = set()
        created: set[int] = set()
        latest = conn.execute(select(func.max(t.developments.c.last_seen))).scalar()
        start = _when(rows[0].published, rows[0].ingested_at)
        # (a tie is late too: ties are placed by content, so it may go before what has its time)
        if latest is not None and start <= _when(latest, latest):
            replaced = _unplace_since(conn, start, furniture)
            if replaced is not None:
                moved, former, touched, emptied, moved_texts = replaced
                texts.update(moved_texts)
                rows = sorted([*rows, *moved], key=lambda r: _order(r, texts[r.id]))
        arriving = set().union(*(item_terms(x) for x in texts.values()))
        cl = _load(conn, start, arriving, furniture)
        if former:
            # the emptied developments are made again by the replay: counted once, as a long run does
            cl.n_clusters -= emptied
        at = now_iso()
        for r in rows:
            when = _when(r.published, r.ingested_at)
            cid, score, is_new, absorbed = cl.assign(r.id, texts[r.id], when)
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
