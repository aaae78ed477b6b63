"""Developments: clusters of coverage, built online as articles arrive. Editors' merges and
splits are recorded and stick: clustering never moves a pinned article and never re-clusters the
store (only the articles placed after a late arrival's date are placed again, with it). Reading
developments (ranked, summarised extractively, what changed since a given time) is in
``publish.queries``.
"""
from __future__ import annotations

import hashlib
import json
from collections import Counter
from datetime import UTC, datetime, timedelta

from sqlalchemy import case, delete, func, insert, select, update
from sqlalchemy.engine import Connection

from ..errors import ConfigError
from ..read.genre import LEAD_CHARS, OutletFurniture, lead, learn_outlet_furniture
from ..store import Store, now_iso
from ..store import schema as t
from . import rarity
from .clustering import Clusterer, item_terms

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


def outlet_furniture(conn: Connection, outlets) -> dict[str | None, OutletFurniture]:
    """Each outlet's furniture, learned from its latest FURNITURE_SAMPLE stored articles (the
    articles with no outlet are read as one)."""
    a = t.articles
    out = {}
    for outlet in set(outlets):
        which = a.c.outlet.is_(None) if outlet is None else a.c.outlet == outlet
        rows = conn.execute(select(a.c.title, func.substr(a.c.text, 1, 600)).where(which)
                            .order_by(a.c.id.desc()).limit(FURNITURE_SAMPLE)).all()
        out[outlet] = learn_outlet_furniture([(title, text or "") for title, text in rows])
    return out


def _load(conn: Connection, since: datetime, arriving: set[str] = frozenset(),
          furniture: dict | None = None, until: datetime | None = None) -> Clusterer:
    """The developments still open to new arrivals (seen within the window), from the store, with
    the rarity of their terms and of the ``arriving`` items' terms in the weeks the items from
    ``since`` to ``until`` read them over (see aggregate.rarity): the state one long run would
    have reached."""
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
    made = read_made(conn)
    first = rarity.weeks_up_to(rarity.week_of(since), made).start
    last = rarity.week_of(max(since, until or since))
    needed = {x for c in cl.clusters.values() for x in c.terms} | set(arriving)
    cl.reset_counts(read_counts(conn, needed, range(first, last + 1)), made)
    return cl


def read_counts(conn: Connection, terms, weeks: range) -> dict[int, Counter]:
    """The store's per-week counts (see aggregate.rarity) of ``terms`` in ``weeks``: how many
    developments came to use each term in each week."""
    used: dict[int, Counter] = {}
    tw = t.term_weeks
    needed = sorted(set(terms))
    for k in range(0, len(needed), 500):
        for term, week, n in conn.execute(select(tw.c.term, tw.c.week, tw.c.developments).where(
                tw.c.term.in_(needed[k:k + 500]), tw.c.week.between(weeks.start, weeks.stop - 1))).tuples():
            used.setdefault(week, Counter())[term] = n
    return used


def read_made(conn: Connection) -> Counter:
    """How many developments the store made in each week (a row a week)."""
    dw = t.development_weeks
    return Counter(dict(conn.execute(select(dw.c.week, dw.c.developments)).tuples().all()))


def read_rarities(conn: Connection, terms, weeks: set[int]) -> dict[int, rarity.Rarity]:
    """The rarity of ``terms`` as of each of ``weeks`` (see aggregate.rarity), as the clusterer
    read them then: one read of the counts for all the weeks."""
    if not weeks:
        return {}
    made = read_made(conn)
    used = read_counts(conn, terms, range(rarity.weeks_up_to(min(weeks), made).start, max(weeks) + 1))
    return {week: rarity.summed(used, made, week) for week in weeks}


def _change_counts(conn: Connection, terms: Counter, made: Counter) -> None:
    """Add changes to the store's per-week counts: ``terms`` (term, week) -> change, ``made``
    week -> change (one writer at a time: read, then replace)."""
    tw, dw = t.term_weeks, t.development_weeks
    by_week: dict[int, dict[str, int]] = {}
    for (term, week), change in terms.items():
        # (a term longer than the column, a run of hyphenated words, is left uncounted: it is as
        # good as unique anyway)
        if change and len(term) <= TERM_MAX:
            by_week.setdefault(week, {})[term] = change
    for week, changes in by_week.items():
        names = sorted(changes)
        for k in range(0, len(names), 500):
            chunk = names[k:k + 500]
            which = (tw.c.week == week) & tw.c.term.in_(chunk)
            now = dict(conn.execute(select(tw.c.term, tw.c.developments).where(which)).tuples().all())
            conn.execute(delete(tw).where(which))
            rows = [{"term": x, "week": week, "developments": now.get(x, 0) + changes[x]} for x in chunk
                    if now.get(x, 0) + changes[x] > 0]
            if rows:
                conn.execute(insert(tw), rows)
    for week, change in made.items():
        if not change:
            continue
        n = conn.execute(select(dw.c.developments).where(dw.c.week == week)).scalar() or 0
        conn.execute(delete(dw).where(dw.c.week == week))
        if n + change > 0:
            conn.execute(insert(dw).values(week=week, developments=n + change))


def _keep_rarity(conn: Connection, cl: Clusterer) -> None:
    """Write back the term rarities a batch changed."""
    _change_counts(conn, cl.cf_changed, cl.made_changed)
    cl.cf_changed.clear()
    cl.made_changed.clear()


# the stores (by URL) whose term counts this process has seen to be in place
_COUNTED: set[str] = set()


def _count_terms_once(store: Store, conn: Connection) -> None:
    """A store made before the counts were kept (migrations 012 and 018 create their tables
    empty) has them counted here, by the stage that owns them, before it clusters anything new."""
    if store.url in _COUNTED:
        return
    if (conn.execute(select(t.development_weeks.c.week).limit(1)).first() is None
            and conn.execute(select(t.developments.c.id).limit(1)).first() is not None):
        count_term_weeks(conn)
    _COUNTED.add(store.url)


def count_term_weeks(conn: Connection) -> None:
    """Count, from the articles of each development, how many developments came to use each term
    in each week, and how many were made in each week (see aggregate.rarity). (The developments
    merged away before are not counted as made: the store no longer holds them.)"""
    firsts: dict[int, dict[str, int]] = {}
    made: Counter = Counter()
    rows = conn.execute(select(t.development_articles.c.development_id, t.articles.c.title, t.articles.c.text,
                               t.articles.c.outlet, t.articles.c.published, t.articles.c.ingested_at)
                        .join(t.articles, t.articles.c.id == t.development_articles.c.article_id)).all()
    furniture = outlet_furniture(conn, {r.outlet for r in rows})
    begun: dict[int, int] = {}
    for r in rows:
        week = rarity.week_of(_when(r.published, r.ingested_at))
        begun[r.development_id] = min(week, begun.get(r.development_id, week))
        used = firsts.setdefault(r.development_id, {})
        for term in item_terms(item_text(r.title, r.text or "", furniture[r.outlet])):
            used[term] = min(week, used.get(term, week))
    counts: Counter = Counter()
    for used in firsts.values():
        counts.update(used.items())
    made.update(begun.values())
    conn.execute(delete(t.term_weeks))
    conn.execute(delete(t.development_weeks))
    _change_counts(conn, counts, made)


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


def _order(r, furniture: dict) -> tuple:
    """Publication order; ties broken by content, so that the order items arrived in is no input.
    (By a digest of the content, not the content itself: a feed that dates its items to the day
    would otherwise be read in alphabetical order, its rubrics' items ("Evacuation from X: ...")
    one after another, as no newsroom ever saw them.)"""
    text = item_text(r.title, r.text, furniture[r.outlet])
    return _when(r.published, r.ingested_at), hashlib.sha1(text.encode("utf-8")).hexdigest(), text, r.input_id or "", r.id


def _unplace_since(conn: Connection, since: datetime, furniture: dict) -> tuple[list, dict[int, int], set[int]] | None:
    """Take the articles placed at or after ``since`` (not an editor's) out of their
    developments, so that they are placed again, in order, with a late arrival; the term rarities
    lose what only they gave. Returns their rows, their former developments and the developments
    they touched; None when there are more than REPLACE_MAX."""
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
    # each development's terms, by the week it came to use them, with and without the moved items
    # (and the week it was made): the per-week counts lose what only the moved items gave
    before: dict[int, dict[str, int]] = {}
    after: dict[int, dict[str, int]] = {}
    furniture.update(outlet_furniture(conn, {r.outlet for r in rows} - set(furniture)))
    for r in rows:
        week = rarity.week_of(_when(r.published, r.ingested_at))
        for which in (before, after) if r.id not in gone else (before,):
            used = which.setdefault(r.development_id, {})
            used[""] = min(week, used.get("", week))    # ("": the development itself)
            for term in item_terms(item_text(r.title, r.text, furniture[r.outlet])):
                used[term] = min(week, used.get(term, week))
    terms: Counter = Counter()
    made: Counter = Counter()
    for dev_id, was in before.items():
        now = after.get(dev_id, {})
        for term, week in was.items():
            if now.get(term) == week:
                continue
            for at, change in ((week, -1), (now.get(term), 1)):
                if at is None:
                    continue
                if term:
                    terms[(term, at)] += change
                else:
                    made[at] += change
    _change_counts(conn, terms, made)
    ids = sorted(gone)
    for k in range(0, len(ids), 5000):
        conn.execute(delete(da).where(da.c.article_id.in_(ids[k:k + 5000])))
    return moved, {r.id: r.development_id for r in moved}, set(before)


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
        rows = sorted(rows, key=lambda r: _order(r, furniture))
        former: dict[int, int] = {}
        touched: set[int] = set()
        created: set[int] = set()
        latest = conn.execute(select(func.max(t.developments.c.last_seen))).scalar()
        start = _when(rows[0].published, rows[0].ingested_at)
        # (a tie is late too: ties are placed by content, so it may go before what has its time)
        if latest is not None and start <= _when(latest, latest):
            replaced = _unplace_since(conn, start, furniture)
            if replaced is not None:
                moved, former, touched = replaced
                rows = sorted([*rows, *moved], key=lambda r: _order(r, furniture))
        texts = {r.id: item_text(r.title, r.text, furniture[r.outlet]) for r in rows}
        arriving = set().union(*(item_terms(x) for x in texts.values()))
        # (the emptied developments are made again by the replay: _unplace_since uncounted them)
        cl = _load(conn, start, arriving, furniture, _when(rows[-1].published, rows[-1].ingested_at))
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
