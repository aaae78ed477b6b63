"""The sequences of stages, in one place: what the CLI, the demo, the server's poll endpoint and
backfill call. Each stage below knows nothing of the ones after it; only this module says that
an article is stored, then read, then clustered.

1. ``ingest``: store inputs (files, folders, URLs, stdin), read what was new, cluster it.
2. ``poll``: one cycle over the due sources, then the same reading and clustering.
3. ``reread``: read every stored article again (after the readers change); the editors'
   decisions stay in force, each found again on its re-read fact by its pin.
4. ``extract``: read inputs without a store, one CONTRACT.md record each.
5. A backfill partition: ``prepare_and_read`` on a worker (no store), ``store_read`` in the
   client's write transaction, then ``cluster``.
"""
from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator

from .aggregate.developments import assign
from .editorial import check_pins
from .ingest import readers
from .ingest.dedupe import NearDuplicates
from .ingest.pipeline import Batch, Prepared, prepare, store_inputs
from .ingest.sources import poll_sources
from .read.extract import record
from .read.genre import classify
from .read.pipeline import Reading, read_many, read_safely
from .read.store import read_articles, write_reading
from .records import Failure, IngestReport, Item
from .settings import Options
from .store import Store


def cluster(store: Store, ids: list[int]) -> None:
    """Each new article joins a development or starts one (online: only the articles placed after a
    late one are placed again)."""
    if ids:
        assign(store, ids)


def read_and_cluster(store: Store, ids: list[int], options: Options, *, workers: int = 1,
                     progress: bool = False) -> None:
    """What follows storing: read the new articles (unless reading is deferred), then cluster."""
    if options.read and ids:
        read_articles(store, ids, workers=workers, progress=progress)
    cluster(store, ids)


def ingest(store: Store, args: list[str], options: Options, *, stdin=None, progress: bool | None = None,
           workers: int = 1) -> IngestReport:
    """The library call behind ``livebrief ingest``."""
    if progress is None:
        progress = sys.stderr.isatty()
    report = store_inputs(store, args, options, stdin=stdin, progress=progress)
    read_and_cluster(store, report.stored_ids, options, workers=workers, progress=progress)
    return report


def poll(store: Store, options: Options, *, force: bool = False, fetcher=None) -> dict:
    """One poll cycle over the due sources (all with ``force``): per-source results and totals."""
    results, total = poll_sources(store, options, force=force, fetcher=fetcher)
    read_and_cluster(store, total.stored_ids, options)
    return {"sources": results, **total.as_dict()}


def reread(store: Store, *, workers: int = 1, progress: bool = False) -> int:
    """Read every stored article again; returns how many were read."""
    return read_articles(store, None, workers=workers, progress=progress)


def reread_checked(store: Store, *, workers: int = 1, progress: bool = False) -> dict:
    """``livebrief reread``: read every stored article again, then check that every editor's
    decision in force finds its fact in the new reading (those that do not are listed)."""
    n = reread(store, workers=workers, progress=progress)
    return {"read": n, "decisions": check_pins(store)}


def extract(inputs: list[str], options: Options, *, workers: int = 1, stdin=None,
            errors=None) -> Iterator[dict]:
    """``livebrief extract``: records in input order; unreadable items are reported on ``errors``
    (stderr) and skipped."""
    errors = errors or sys.stderr
    items: dict[int, Item] = {}

    def tasks():
        items_in = (it for arg in inputs for it in readers.read_input(arg, options, stdin))
        for n, it in enumerate(items_in):
            if isinstance(it, Failure):
                errors.write(f"livebrief extract: [{it.stage}] {it.item}: {it.reason}\n")
                continue
            items[n] = it
            yield n, it.text, it.published

    for key, reading in read_many(tasks(), workers=workers):
        yield record(items.pop(key), reading)


def prepare_and_read(items: Iterable[Item | Failure], options: Options, near: NearDuplicates,
                     nlp=None) -> list[tuple[Prepared | Failure, Reading | None]]:
    """A backfill worker's share of a partition, with no store: normalise and fingerprint each
    item and, given a spaCy pipeline, read it."""
    out: list[tuple[Prepared | Failure, Reading | None]] = []
    for obj in items:
        if isinstance(obj, Failure):
            out.append((obj, None))
            continue
        prepared = prepare(obj, options, near)
        if isinstance(prepared, Prepared):
            prepared.minhash = None   # the bytes travel; the object would carry its permutations too
        reading = None
        if nlp is not None and isinstance(prepared, Prepared):
            _key, reading = read_safely(nlp, obj.origin, prepared.text, obj.published)
        out.append((prepared, reading))
    return out


def store_read(batch: Batch, entries: Iterable[tuple[Prepared | Failure, Reading | None]],
               report: IngestReport) -> None:
    """The client's share: store prepared items and the readings made for them elsewhere, in the
    batch's transaction (cluster the batch's ``added`` ids once it has committed)."""
    cache: dict[str, int] = {}
    for prepared, reading in entries:
        new_id = batch.store(prepared, report)
        if new_id is not None and reading is not None:
            item = prepared.item
            write_reading(batch.conn, new_id, reading, prepared.text, cache, fresh=True,
                          genre=classify(title=prepared.title, url=item.url, author=item.author, text=prepared.text))
