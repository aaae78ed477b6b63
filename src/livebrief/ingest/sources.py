"""Feeds and pages to poll: add, list, remove, and one poll cycle over the due ones."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import delete, insert, or_, select, update

from ..errors import ConfigError, LivebriefError
from ..records import Failure, IngestReport
from ..settings import Options
from ..store import Store, now_iso, row_id
from ..store import schema as t
from .canonical import canonical_url
from .pipeline import Ingestor

_EVERY = re.compile(r"^\s*(\d+)\s*([smhd]?)\s*$")


def parse_every(value: str | int) -> int:
    """'15m', '1h', '30s', '2d' or a number of seconds -> seconds (at least 60)."""
    if isinstance(value, int):
        seconds = value
    else:
        m = _EVERY.match(value)
        if not m:
            raise ConfigError(f"cannot read interval {value!r}: use e.g. 30s, 15m, 1h, 1d")
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

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def add_source(store: Store, url: str, *, name: str | None = None, every: str | int = "15m") -> Source:
    if canonical_url(url) is None:
        raise ConfigError(f"not an http(s) URL: {url!r}")
    seconds = parse_every(every)
    with store.write() as conn:
        row = conn.execute(select(t.sources).where(t.sources.c.url == url)).first()
        if row:
            conn.execute(update(t.sources).where(t.sources.c.id == row.id).values(
                name=name or row.name, every_s=seconds))
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
    return Source(r.id, r.url, r.name, r.every_s, r.last_polled_at, r.next_due_at)


def list_sources(store: Store) -> list[Source]:
    with store.read() as conn:
        rows = conn.execute(select(t.sources).order_by(t.sources.c.id)).all()
    return [Source(r.id, r.url, r.name, r.every_s, r.last_polled_at, r.next_due_at) for r in rows]


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
    now = now or datetime.now(timezone.utc)
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
    return [Source(r.id, r.url, r.name, r.every_s, r.last_polled_at, r.next_due_at) for r in rows]


# sources claimed at a time: small, so that pollers running at once share a cycle's work
CLAIM_BATCH = 4


def poll_sources(store: Store, options: Options, *, force: bool = False, fetcher=None) -> tuple[list[dict], IngestReport]:
    """Fetch the due sources (all of them with ``force``) and store their new items: the
    per-source results and what was stored. Reading and clustering it is the caller's
    (``livebrief.flow.poll``)."""
    ing = Ingestor(store, options, fetcher=fetcher)
    results = []
    total = IngestReport()
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


def _poll_one(store: Store, ing: Ingestor, src: Source, total: IngestReport) -> dict:
    with store.read() as conn:
        row = conn.execute(select(t.sources.c.etag, t.sources.c.last_modified).where(t.sources.c.id == src.id)).first()
    etag, last_mod = (row.etag, row.last_modified) if row else (None, None)
    at = now_iso()
    due = (datetime.now(timezone.utc) + timedelta(seconds=src.every_s)).replace(microsecond=0).isoformat()
    attempt = {"source_id": src.id, "url": src.url, "at": at}
    result = {"source": src.url, "status": None, "stored": 0, "duplicates": 0, "failed": 0}
    try:
        resp = ing.fetcher.get(src.url, etag=etag, last_modified=last_mod)
    except LivebriefError as exc:
        status = "refused" if exc.stage == "policy" else "error"
        with store.write() as conn:
            conn.execute(insert(t.fetch_attempts).values(**attempt, status=status,
                                                         http_status=getattr(exc, "status", None), reason=exc.reason))
            conn.execute(insert(t.failures).values(item=src.url, stage=exc.stage, reason=exc.reason, at=at))
            conn.execute(update(t.sources).where(t.sources.c.id == src.id).values(last_polled_at=at, next_due_at=due))
        total.failed.append(Failure(src.url, exc.stage, exc.reason))
        result.update(status=status, reason=exc.reason, failed=1)
        return result
    new_etag = resp.headers.get("etag") or etag
    new_lm = resp.headers.get("last-modified") or last_mod

    def record(status: str) -> None:
        with store.write() as conn:
            conn.execute(insert(t.fetch_attempts).values(
                **attempt, status=status, http_status=resp.status, etag=resp.headers.get("etag"),
                last_modified=resp.headers.get("last-modified"), bytes=len(resp.body)))
            conn.execute(update(t.sources).where(t.sources.c.id == src.id).values(
                etag=new_etag, last_modified=new_lm, last_polled_at=at, next_due_at=due))

    if resp.not_modified:
        record("not_modified")
        result["status"] = "not_modified"
        return result

    rep = ing.ingest(ing.items_from_response(resp, src.url, source_id=src.id))
    # the validators and the next due time are stored only once every entry is stored: a poll
    # killed half-way is repeated in full (duplicates are recognised) instead of answered 304
    record("ok")
    total.merge(rep)
    result.update(status="ok", stored=rep.stored, duplicates=rep.duplicates, failed=len(rep.failed))
    return result
