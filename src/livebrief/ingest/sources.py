"""Feeds and pages to poll: add, list, remove, and one poll cycle over the due ones.

A poll recognises the entries a source has offered before (``source_entries``: by entry id, else
canonical URL, with a fingerprint of the title and text the feed gave) before it fetches a page
or records anything, so an unchanged entry costs nothing. Each entry offered ends exactly one of
new, updated, duplicate, known or failed (``PollReport``). A poll whose entries are all new and
all newer than the newest entry seen before has lost some to the feed's rolling window: a gap,
recorded on the attempt and the source, and the source's interval halves; a quiet source's
interval grows (``poll_min_s``, ``poll_max_s``).
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func, insert, or_, select, update
from sqlalchemy.engine import Connection

from ..errors import ConfigError, LivebriefError
from ..records import Failure, IngestReport, Item, PollReport
from ..settings import Options
from ..store import Store, now_iso, row_id
from ..store import schema as t
from .canonical import canonical_url
from .dedupe import content_hash
from .pipeline import Ingestor

_EVERY = re.compile(r"^\s*(\d+)\s*([smhd]?)\s*$")


def parse_every(value: str | int) -> int:
    """'15m', '1h', '90s', '2d' or a number of seconds -> seconds (at least 60)."""
    if isinstance(value, int):
        seconds = value
    else:
        m = _EVERY.match(value)
        if not m:
            raise ConfigError(f"cannot read interval {value!r}: use e.g. 15m, 1h, 1d or 90s (at least 1m)")
        seconds = int(m.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[m.group(2)]
    if seconds < 60:
        raise ConfigError("a source is polled at most once a minute (--every 1m or more)")
    return seconds


@dataclass(frozen=True)
class Source:
    id: int
    url: str
    name: str | None
    every_s: int
    last_polled_at: str | None
    next_due_at: str | None
    interval_s: int          # the interval polling keeps now: every_s, adapted to gaps and quiet
    gaps: int                # polls that found a gap (entries lost to the feed's rolling window)
    last_gap_at: str | None

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def _source(r) -> Source:
    return Source(r.id, r.url, r.name, r.every_s, r.last_polled_at, r.next_due_at,
                  r.interval_s or r.every_s, r.gaps or 0, r.last_gap_at)


def add_source(store: Store, url: str, *, name: str | None = None, every: str | int = "15m") -> Source:
    if canonical_url(url) is None:
        raise ConfigError(f"not an http(s) URL: {url!r}")
    seconds = parse_every(every)
    with store.write() as conn:
        row = conn.execute(select(t.sources).where(t.sources.c.url == url)).first()
        if row:
            conn.execute(update(t.sources).where(t.sources.c.id == row.id).values(
                name=name or row.name, every_s=seconds, interval_s=seconds))
            sid = row.id
        else:
            sid = conn.execute(insert(t.sources).values(url=url, name=name, every_s=seconds,
                                                        added_at=now_iso())).inserted_primary_key[0]
    return get_source(store, sid)


def get_source(store: Store, sid: int) -> Source:
    with store.read() as conn:
        r = conn.execute(select(t.sources).where(t.sources.c.id == sid)).first()
    if r is None:
        raise ConfigError(f"no source {sid}")
    return _source(r)


def list_sources(store: Store) -> list[Source]:
    with store.read() as conn:
        rows = conn.execute(select(t.sources).order_by(t.sources.c.id)).all()
    return [_source(r) for r in rows]


def remove_source(store: Store, key: str) -> bool:
    with store.write() as conn:
        cond = t.sources.c.url == key
        sid = row_id(key)
        if sid is not None:
            cond = or_(cond, t.sources.c.id == sid)
        return conn.execute(delete(t.sources).where(cond)).rowcount > 0


def claim_sources(store: Store, *, force: bool = False, lease_s: int = 600, limit: int | None = None,
                  now: datetime | None = None) -> list[Source]:
    """Take due sources (all of them with ``force``; at most ``limit``) for this poller.

    The claim moves each source's due time ``lease_s`` ahead, so that pollers running at once
    never fetch one source twice; a poller that dies leaves its claims to lapse, so no source is
    starved. On PostgreSQL the rows are taken ``FOR UPDATE SKIP LOCKED``: a poller skips what
    another is claiming instead of waiting for it; SQLite's single writer serialises claims.
    """
    now = now or datetime.now(UTC)
    now_s = now.replace(microsecond=0).isoformat()
    lease = (now + timedelta(seconds=lease_s)).replace(microsecond=0).isoformat()
    with store.transaction() as conn:
        q = select(t.sources).order_by(t.sources.c.next_due_at.is_not(None), t.sources.c.next_due_at, t.sources.c.id)
        if not force:
            q = q.where(or_(t.sources.c.next_due_at.is_(None), t.sources.c.next_due_at <= now_s))
        if limit:
            q = q.limit(limit)
        if conn.dialect.name == "postgresql":
            q = q.with_for_update(skip_locked=True)
        rows = conn.execute(q).all()
        if rows:
            conn.execute(update(t.sources).where(t.sources.c.id.in_([r.id for r in rows])).values(next_due_at=lease))
    return [_source(r) for r in rows]


# sources claimed at a time: small, so that pollers running at once share a cycle's work
CLAIM_BATCH = 4


def poll_sources(store: Store, options: Options, *, force: bool = False, fetcher=None) -> tuple[list[dict], PollReport]:
    """Fetch the due sources (all of them with ``force``) and store their new items: the
    per-source results and what was stored. Reading and clustering it is the caller's
    (``livebrief.flow.poll``)."""
    ing = Ingestor(store, options, fetcher=fetcher)
    results = []
    total = PollReport()
    try:
        while True:
            batch = claim_sources(store, force=force, lease_s=options.poll_lease_s,
                                  limit=None if force else CLAIM_BATCH)
            for src in batch:
                results.append(_poll_one(store, ing, src, total))
            if force or not batch:
                break
    finally:
        if fetcher is None:
            ing.close()
    return results, total


# polls that try again an entry that failed (its page unreachable, say) before leaving it
MAX_TRIES = 3


def adapt_interval(current: int, every_s: int, options: Options, *, gap: bool, quiet: bool) -> int:
    """The next interval of a source: halved after a gap, 1.5 times after a poll with nothing new,
    back to ``every_s`` (when above it) once entries come; within ``poll_min_s`` (or ``every_s``
    when lower) and ``poll_max_s`` (or ``every_s`` when higher)."""
    low, high = min(options.poll_min_s, every_s), max(options.poll_max_s, every_s)
    if gap:
        nxt = current / 2
    elif quiet:
        nxt = current * 1.5
    else:
        nxt = min(current, every_s)
    return int(max(low, min(high, round(nxt))))


@dataclass
class _Seen:
    """What the store knows of one entry of a source."""

    fingerprint: str | None    # None: known from ``articles`` only (a store polled before 013)
    status: str
    tries: int
    article_id: int | None
    row: bool                  # a ``source_entries`` row exists (update it, do not insert)


@dataclass
class _Entry:
    key: str
    url: str | None
    fingerprint: str
    prior: _Seen | None = None
    remember_only: bool = False   # known, but not yet under this key: write its row, fetch nothing


def _fingerprint(item: Item) -> str:
    return content_hash((item.title or "") + "\n" + item.text)


def _entry_key(item: Item, url: str | None, fingerprint: str) -> str:
    return item.input_id or url or "sha1:" + fingerprint


def _when(iso: str) -> datetime:
    dt = datetime.fromisoformat(iso)
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def _chunks(seq: list, size: int) -> Iterator[list]:
    for i in range(0, len(seq), size):
        yield seq[i:i + size]


def _known(conn: Connection, source_id: int, keys: set[str], urls: set[str]) -> tuple[dict, dict]:
    """This source's entries among ``keys`` (by key) and ``urls`` (by canonical URL); articles
    it stored before entries were remembered count as seen too."""
    se = t.source_entries.c
    by_key: dict[str, _Seen] = {}
    by_url: dict[str, _Seen] = {}
    for part in _chunks(sorted(keys | urls), 500):
        rows = conn.execute(select(se.entry_key, se.canonical_url, se.fingerprint, se.status, se.tries,
                                   se.article_id).where(se.source_id == source_id, or_(
                                       se.entry_key.in_([k for k in part if k in keys]),
                                       se.canonical_url.in_([u for u in part if u in urls])))).all()
        for r in rows:
            seen = _Seen(r.fingerprint, r.status, r.tries, r.article_id, row=True)
            if r.entry_key in keys:
                by_key[r.entry_key] = seen
            if r.canonical_url in urls:
                by_url.setdefault(r.canonical_url, seen)
    a = t.articles.c
    keys, urls = keys - set(by_key), urls - set(by_url)
    for part in _chunks(sorted(keys | urls), 500):
        rows = conn.execute(select(a.id, a.input_id, a.canonical_url).where(a.source_id == source_id, or_(
            a.input_id.in_([k for k in part if k in keys]), a.canonical_url.in_([u for u in part if u in urls])))).all()
        for r in rows:
            seen = _Seen(None, "stored", 1, r.id, row=False)
            if r.input_id in keys:
                by_key.setdefault(r.input_id, seen)
            if r.canonical_url in urls:
                by_url.setdefault(r.canonical_url, seen)
    return by_key, by_url


def _remember(conn: Connection, source_id: int, e: _Entry, item: Item | None, status: str,
              article_id: int | None, at: str) -> None:
    values = {"canonical_url": e.url, "fingerprint": e.fingerprint, "status": status, "updated_at": at,
              "published": item.published if item is not None else None,
              "tries": e.prior.tries + 1 if status == "failed" and e.prior and e.prior.status == "failed" else 1}
    if article_id is not None:
        values["article_id"] = article_id
    se = t.source_entries
    if e.prior is not None and e.prior.row:
        conn.execute(update(se).where(se.c.source_id == source_id, se.c.entry_key == e.key).values(**values))
    else:
        conn.execute(insert(se).values(source_id=source_id, entry_key=e.key, first_seen=at, **values))


def _classify(store: Store, source_id: int, entries: list[Item | Failure]
              ) -> tuple[list[tuple[_Entry | None, Item | Failure]], int, int, bool]:
    """What a poll has to do: the entries to fetch and store (and feed-level failures, with no
    entry), how many entries are known (skipped), how many were seen before, and whether the
    source had offered anything before this poll."""
    planned = []
    for obj in entries:
        if isinstance(obj, Failure):
            planned.append((None, obj))
            continue
        fp = _fingerprint(obj)
        url = canonical_url(obj.url) if obj.url else None
        planned.append((_Entry(_entry_key(obj, url, fp), url, fp), obj))
    keys = {e.key for e, _ in planned if e is not None}
    urls = {e.url for e, _ in planned if e is not None and e.url}
    with store.read() as conn:
        by_key, by_url = _known(conn, source_id, keys, urls)
        had_entries = bool(by_key or by_url) or conn.execute(select(t.source_entries.c.source_id).where(
            t.source_entries.c.source_id == source_id).limit(1)).first() is not None
    todo, known, seen_before = [], 0, 0
    for e, obj in planned:
        if e is None:
            todo.append((e, obj))
            continue
        prior = by_key.get(e.key)
        if prior is None and e.url in by_url:
            # known by its URL under another id: its row under this id is new
            via = by_url[e.url]
            prior = _Seen(via.fingerprint, via.status, via.tries, via.article_id, row=False)
        if prior is not None:
            seen_before += 1
        e.prior = prior
        # an entry offered twice in one feed: the second is compared with the first
        by_key[e.key] = _Seen(e.fingerprint, "stored", 1, None, row=True)
        unchanged = prior is not None and prior.fingerprint in (None, e.fingerprint)
        if unchanged and (prior.status != "failed" or prior.tries >= MAX_TRIES):
            known += 1
            if not prior.row:
                e.remember_only = True
                todo.append((e, obj))
            continue
        todo.append((e, obj))
    return todo, known, seen_before, had_entries


def _store_entries(ing: Ingestor, source_id: int, todo: list, counts: PollReport) -> None:
    """Fetch the pages the entries need (outside any transaction), then store and remember them,
    a batch at a time."""
    rep = IngestReport()
    for chunk in _chunks(todo, max(1, ing.options.batch_size)):
        completed = [obj if e is not None and e.remember_only or not (isinstance(obj, Item) and obj.raw_type == "feed")
                     else ing.complete_entry(obj) for e, obj in chunk]
        at = now_iso()
        with ing.batch() as b:
            for (e, item), obj in zip(chunk, completed, strict=True):
                if e is not None and e.remember_only:
                    _remember(b.conn, source_id, e, item, e.prior.status, e.prior.article_id, at)
                    continue
                n_dup, n_failed = rep.duplicates, len(rep.failed)
                new_id = b.store(obj, rep)
                if len(rep.failed) > n_failed:
                    counts.failed.append(rep.failed[-1])
                if e is None:
                    continue
                if new_id is not None:
                    status, article_id = "stored", new_id
                elif rep.duplicates > n_dup:
                    status, article_id = "duplicate", rep.duplicate_of[-1][1]
                else:
                    status, article_id = "failed", None
                if status != "failed":
                    if e.prior is not None and e.prior.status != "failed":
                        counts.updated += 1
                    elif status == "stored":
                        counts.new += 1
                    else:
                        counts.duplicates += 1
                _remember(b.conn, source_id, e, item, status, article_id, at)
    counts.stored += rep.stored
    counts.stored_ids.extend(rep.stored_ids)
    counts.duplicate_of.extend(rep.duplicate_of)


def _gap(entries: list[Item | Failure], seen_before: int, had_entries: bool, newest: str | None) -> bool:
    """Every entry new and the oldest newer than the newest seen before (or no dates to tell)."""
    dated = [_when(e.published) for e in entries if isinstance(e, Item) and e.published]
    offered = sum(isinstance(e, Item) for e in entries)
    if not had_entries or seen_before or not offered:
        return False
    return not dated or newest is None or min(dated) > _when(newest)


def _poll_one(store: Store, ing: Ingestor, src: Source, total: PollReport) -> dict:
    with store.read() as conn:
        row = conn.execute(select(t.sources).where(t.sources.c.id == src.id)).first()
    etag, last_mod = (row.etag, row.last_modified) if row else (None, None)
    newest = row.newest_entry_at if row else None
    at = now_iso()
    attempt = {"source_id": src.id, "url": src.url, "at": at}
    result = {"source": src.url, "status": None, "entries": 0, "new": 0, "updated": 0, "duplicates": 0,
              "known": 0, "failed": 0, "stored": 0, "gap": False, "interval_s": src.interval_s}

    def due(seconds: int) -> str:
        return (datetime.now(UTC) + timedelta(seconds=seconds)).replace(microsecond=0).isoformat()

    try:
        resp = ing.fetcher.get(src.url, etag=etag, last_modified=last_mod)
    except LivebriefError as exc:
        status = "refused" if exc.stage == "policy" else "error"
        with store.write() as conn:
            conn.execute(insert(t.fetch_attempts).values(**attempt, status=status,
                                                         http_status=getattr(exc, "status", None), reason=exc.reason))
            conn.execute(insert(t.failures).values(item=src.url, stage=exc.stage, reason=exc.reason, at=at))
            conn.execute(update(t.sources).where(t.sources.c.id == src.id).values(
                last_polled_at=at, next_due_at=due(src.interval_s)))
        total.failed.append(Failure(src.url, exc.stage, exc.reason))
        result.update(status=status, reason=exc.reason, failed=1)
        return result

    counts = PollReport()
    gap = False
    entries: list[Item | Failure] = []
    if not resp.not_modified:
        entries = list(ing.entries_from_response(resp, src.url, source_id=src.id))
        todo, counts.known, seen_before, had_entries = _classify(store, src.id, entries)
        _store_entries(ing, src.id, todo, counts)
        gap = _gap(entries, seen_before, had_entries, newest)
    quiet = resp.not_modified or not (counts.new or counts.updated or counts.duplicates)
    interval = adapt_interval(src.interval_s, src.every_s, ing.options, gap=gap, quiet=quiet)
    dates = [e.published for e in entries if isinstance(e, Item) and e.published]
    if dates:
        latest = max(dates, key=_when)
        newest = latest if newest is None or _when(latest) > _when(newest) else newest
    status = "not_modified" if resp.not_modified else "ok"
    # the validators and the next due time are stored only once every entry is stored: a poll
    # killed half-way is repeated in full (what it stored is known by then) instead of answered 304
    with store.write() as conn:
        conn.execute(insert(t.fetch_attempts).values(
            **attempt, status=status, http_status=resp.status, etag=resp.headers.get("etag"),
            last_modified=resp.headers.get("last-modified"), bytes=len(resp.body),
            entries_new=counts.new, entries_updated=counts.updated, entries_duplicate=counts.duplicates,
            entries_known=counts.known, entries_failed=len(counts.failed), gap=gap))
        values = {"etag": resp.headers.get("etag") or etag, "last_modified": resp.headers.get("last-modified") or last_mod,
                  "last_polled_at": at, "next_due_at": due(interval), "interval_s": interval, "newest_entry_at": newest}
        if gap:
            values.update(gaps=func.coalesce(t.sources.c.gaps, 0) + 1, last_gap_at=at)
        conn.execute(update(t.sources).where(t.sources.c.id == src.id).values(**values))
    counts.gaps = int(gap)
    total.merge(counts)
    result.update(status=status, entries=sum(isinstance(e, Item) for e in entries), new=counts.new,
                  updated=counts.updated, duplicates=counts.duplicates, known=counts.known,
                  failed=len(counts.failed), stored=counts.stored, gap=gap, interval_s=interval)
    return result
