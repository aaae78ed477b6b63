"""Items -> store: normalise, detect language, dedupe, insert; record every outcome.

Each input item ends as exactly one of: stored (a new row in ``articles``), duplicate (a row in
``duplicates`` pointing at the first copy, with how it was detected), or failed (a row in
``failures`` with the stage and reason). Writes are committed in batches by the single writer.
"""
from __future__ import annotations

import logging
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import insert, or_, select
from sqlalchemy.engine import Connection

from ..errors import FetchError, InputError, LivebriefError
from ..records import Failure, IngestReport, Item
from ..settings import Options
from ..store import Store, now_iso
from ..store import schema as t
from ..text import detect_language
from . import readers
from .canonical import canonical_url
from .dedupe import NearDuplicates, content_hash, normalise_text

log = logging.getLogger(__name__)


@dataclass
class Prepared:
    """An item made ready for the store: everything that needs no database (and so can run on
    another process or machine, as backfills do) is computed."""

    item: Item
    text: str
    title: str | None
    canonical_url: str | None
    content_hash: str
    signature: bytes      # MinHash, as stored in ``minhashes``
    language: str
    minhash: object = None   # the same signature as an object, when prepared in this process


def prepare(item: Item, options: Options, near: NearDuplicates) -> Prepared | Failure:
    try:
        text = normalise_text(item.text)
        if not text:
            raise InputError("empty text after removing control characters")
        if len(text.encode("utf-8")) > options.max_body_bytes:
            raise InputError(f"text over the {options.max_body_bytes}-byte limit", stage="limits")
    except InputError as exc:
        return Failure(item.origin, exc.stage, exc.reason)
    mh = near.signature(text)
    return Prepared(item=item, text=text, title=normalise_text(item.title) if item.title else None,
                    canonical_url=canonical_url(item.url),
                    content_hash=content_hash((item.title or "") + "\n" + text),
                    signature=near.dumps(mh), language=detect_language(text), minhash=mh)


@dataclass
class Batch:
    """What ``Ingestor.batch()`` yields: store items in its transaction."""

    ingestor: Ingestor
    conn: Connection
    near: NearDuplicates
    added: list[int] = field(default_factory=list)

    def store(self, obj: Item | Prepared | Failure, report: IngestReport) -> int | None:
        if isinstance(obj, Item):
            obj = prepare(obj, self.ingestor.options, self.near)
        new_id = self.ingestor.store_prepared(self.conn, obj, report, self.near)
        if new_id is not None:
            self.added.append(new_id)
        return new_id


def _container(item: Item) -> str:
    """Where an item's id is unique: its file (``path:line`` -> ``path``), its feed
    (``feed#entry`` -> ``feed``), or for a single document the document itself."""
    if item.raw_type == "jsonl" and ":" in item.origin:
        return item.origin.rsplit(":", 1)[0] + ":"
    if "#" in item.origin:
        return item.origin.split("#", 1)[0] + "#"
    return item.origin


def is_url(arg: str) -> bool:
    return "://" in arg and not Path(arg).exists()


class Ingestor:
    """Stores items, deduplicating against the store and against the run itself."""

    def __init__(self, store: Store, options: Options, *, fetcher=None,
                 on_item: Callable[[str], None] | None = None):
        self.store = store
        self.options = options
        self._fetcher = fetcher
        self._near: NearDuplicates | None = None
        self._near_upto = 0   # the highest article id whose signature the index holds
        self.on_item = on_item

    # -- lazily built helpers
    @property
    def fetcher(self):
        if self._fetcher is None:
            from .fetch import Fetcher

            self._fetcher = Fetcher(self.options)
        return self._fetcher

    def near(self, conn: Connection) -> NearDuplicates:
        """The near-duplicate index, brought up to date inside the write transaction: another
        process (a poller, a second ingest) may have stored articles since the last batch."""
        if self._near is None:
            self._near = NearDuplicates(self.options.near_dup_threshold)
        nd = self._near
        rows = conn.execute(select(t.minhashes.c.article_id, t.minhashes.c.signature)
                            .where(t.minhashes.c.article_id > self._near_upto).order_by(t.minhashes.c.article_id))
        for aid, blob in rows:
            nd.add(aid, nd.loads(blob))
            self._near_upto = aid
        return nd

    # -- inputs
    def items_from(self, args: Iterable[str], stdin=None) -> Iterator[Item | Failure]:
        for arg in args:
            if is_url(arg):
                yield from self.items_from_url(arg)
            else:
                yield from readers.read_input(arg, self.options, stdin)

    def items_from_url(self, url: str, *, source_id: int | None = None) -> Iterator[Item | Failure]:
        try:
            resp = self.fetcher.get(url, check_robots=False)
        except LivebriefError as exc:
            yield Failure(url, exc.stage, exc.reason)
            return
        yield from self.items_from_response(resp, url, source_id=source_id)

    def items_from_response(self, resp, origin: str, *, source_id: int | None = None) -> Iterator[Item | Failure]:
        """A fetched feed (its entries, followed to their pages when configured) or page."""
        for it in self.entries_from_response(resp, origin, source_id=source_id):
            yield self.complete_entry(it) if isinstance(it, Item) and it.raw_type == "feed" else it

    def entries_from_response(self, resp, origin: str, *, source_id: int | None = None) -> Iterator[Item | Failure]:
        """A fetched feed's entries as the feed gives them (no page fetched yet), or a page."""
        if readers.is_feed(resp.body, resp.content_type):
            try:
                _meta, entries = readers.read_feed(resp.body, resp.url, self.options)
            except InputError as exc:
                yield Failure(origin, exc.stage, exc.reason)
                return
            for entry in entries:
                if isinstance(entry, Item):
                    entry.source_id = source_id
                yield entry
        else:
            for it in readers.read_bytes(resp.body, resp.url, self.options, url=resp.url,
                                         content_type=resp.content_type):
                if isinstance(it, Item):
                    it.source_id = source_id
                yield it

    def complete_entry(self, entry: Item) -> Item | Failure:
        """Follow a feed entry to its page when the feed carries only a summary (configurable)."""
        mode = self.options.follow_links
        wants = mode == "always" or (mode == "auto" and getattr(entry, "needs_page", False))
        if not wants or not entry.url:
            if not entry.text.strip():
                return Failure(entry.origin, "parse", "feed entry has no text and its page was not fetched")
            return entry
        try:
            resp = self.fetcher.get(entry.url, check_robots=True)
            page = readers.read_html(resp.body, entry.url, url=resp.url, options=self.options)
        except (FetchError, InputError) as exc:
            if entry.text.strip():
                log.info("keeping the feed summary of %s: %s", entry.url, exc)
                return entry
            return Failure(entry.origin, exc.stage, exc.reason)
        page.input_id = entry.input_id
        page.title = entry.title or page.title
        page.outlet = entry.outlet or page.outlet
        page.published = entry.published or page.published
        page.source_id = entry.source_id
        page.origin = entry.origin
        return page

    # -- the store side
    @contextmanager
    def batch(self) -> Iterator[Batch]:
        """One write transaction: items stored through the yielded batch are deduplicated against
        the store and each other; if the transaction does not commit, the near-duplicate index
        forgets them again."""
        b = None
        try:
            with self.store.write() as conn:
                b = Batch(self, conn, self.near(conn))
                yield b
        except BaseException:
            if b is not None:
                self.forget(b.added)
            raise

    def ingest(self, items: Iterable[Item | Failure]) -> IngestReport:
        report = IngestReport()
        size = max(1, self.options.batch_size)
        it = iter(items)
        done = False
        while not done:
            with self.batch() as b:
                for _ in range(size):
                    try:
                        obj = next(it)
                    except StopIteration:
                        done = True
                        break
                    b.store(obj, report)
                    if self.on_item:
                        self.on_item(obj.origin if isinstance(obj, Item) else obj.item)
        return report

    def forget(self, article_ids: list[int]) -> None:
        """The transaction that stored these rolled back: drop their signatures from the index."""
        if self._near is not None:
            for aid in article_ids:
                self._near.remove(aid)
        if article_ids:
            self._near_upto = min(self._near_upto, min(article_ids) - 1)

    def store_prepared(self, conn: Connection, obj: Prepared | Failure, report: IngestReport,
                       near: NearDuplicates) -> int | None:
        """Deduplicate a prepared item against the store and insert it, or record why not.
        Runs inside the writer's transaction; returns the new article id."""
        at = now_iso()
        if isinstance(obj, Failure):
            self._fail(conn, obj, report, at)
            return None
        item = obj.item
        a = t.articles.c
        # one indexed query for the three exact tests (SQLite answers an OR of indexed columns
        # with a union of index lookups); the order of precedence is decided here
        cond = [a.content_hash == obj.content_hash]
        if obj.canonical_url:
            cond.append(a.canonical_url == obj.canonical_url)
        if item.input_id:
            cond.append(a.input_id == item.input_id)
        rows = conn.execute(select(a.id, a.canonical_url, a.content_hash, a.input_id, a.source_id, a.origin)
                            .where(or_(*cond)).order_by(a.id).limit(50)).all()
        dup = None
        kept_text = None      # a differing text is kept with the duplicate record
        by_url = [r for r in rows if obj.canonical_url and r.canonical_url == obj.canonical_url]
        by_hash = [r for r in rows if r.content_hash == obj.content_hash]
        if by_url:
            dup = (by_url[0].id, "url", None)
            kept_text = obj.text if by_url[0].content_hash != obj.content_hash else None
        elif by_hash:
            dup = (by_hash[0].id, "hash", None)
        elif item.input_id:
            # the same id from the same source (or the same file or feed) with another text: an
            # id conflict. The first text wins, as with a revised page at one URL
            box = _container(item)
            same = [r for r in rows if r.input_id == item.input_id and (
                r.source_id == item.source_id if item.source_id is not None else (r.origin or "").startswith(box))]
            if same:
                dup = (same[0].id, "id", None)
                kept_text = obj.text
        mh = obj.minhash if obj.minhash is not None else near.loads(obj.signature)
        if dup is None:
            hit = near.find(mh)
            if hit:
                dup = (hit[0], "near", round(hit[1], 4))
        if dup is not None:
            conn.execute(insert(t.duplicates).values(item=item.origin, input_id=item.input_id, url=item.url,
                                                     duplicate_of=dup[0], method=dup[1], similarity=dup[2],
                                                     text=kept_text, at=at))
            report.duplicates += 1
            report.duplicate_of.append((item.origin, dup[0], dup[1]))
            return None
        new_id = conn.execute(insert(t.articles).values(
            input_id=item.input_id, canonical_url=obj.canonical_url, url=item.url, content_hash=obj.content_hash,
            title=obj.title, outlet=item.outlet, author=item.author,
            published=item.published, language=obj.language, text=obj.text,
            raw=zlib.compress(item.raw, 6) if item.raw else None, raw_type=item.raw_type,
            source_id=item.source_id, origin=item.origin, ingested_at=at,
        )).inserted_primary_key[0]
        conn.execute(insert(t.minhashes).values(article_id=new_id, signature=obj.signature))
        near.add(new_id, mh)
        # under the writer lock nobody else inserts, so every id below ours is already indexed
        self._near_upto = max(self._near_upto, new_id)
        report.stored += 1
        report.stored_ids.append(new_id)
        return new_id

    @staticmethod
    def _fail(conn: Connection, f: Failure, report: IngestReport, at: str) -> None:
        conn.execute(insert(t.failures).values(item=f.item[:2000], stage=f.stage, reason=f.reason[:2000], at=at))
        report.failed.append(f)

    def close(self) -> None:
        if self._fetcher is not None:
            self._fetcher.close()


def store_inputs(store: Store, args: list[str], options: Options, *, stdin=None,
                 progress: bool | None = None) -> IngestReport:
    """Store files, folders, URLs or stdin (``-``); every item ends stored, duplicate or failed.
    Reading and clustering what was stored is the caller's (``livebrief.flow.ingest``)."""
    bar = None
    if progress is None:
        progress = sys.stderr.isatty()
    if progress:
        from tqdm import tqdm  # only when a terminal shows it

        bar = tqdm(unit=" items", desc="ingest", leave=False)
    ing = Ingestor(store, options, on_item=(lambda _o: bar.update(1)) if bar is not None else None)
    try:
        return ing.ingest(ing.items_from(args, stdin=stdin))
    finally:
        ing.close()
        if bar is not None:
            bar.close()
