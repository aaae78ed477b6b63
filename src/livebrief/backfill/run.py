"""Planning, scheduling on Dask, bulk writes and resumption.

The client (the machine running ``livebrief backfill``) is the only writer: workers return
prepared items and their readings, and each partition is written in one transaction together
with its row in ``backfill_partitions``. A partition is therefore either wholly in the store or
not at all, and a re-run (or a run resumed after a crash, a lost worker or a lost database)
skips what is recorded and does the rest: nothing is written twice.
"""
from __future__ import annotations

import logging
import sys
import time
from dataclasses import dataclass, field

from sqlalchemy import insert, select

from ..errors import ClusterError
from ..flow import cluster, store_read
from ..ingest.pipeline import Ingestor
from ..records import IngestReport
from ..settings import Options
from ..store import Store, now_iso
from ..store import schema as t
from . import archives

log = logging.getLogger(__name__)


@dataclass
class BackfillReport:
    archives: int = 0
    partitions: int = 0
    skipped: int = 0                # recorded as done by an earlier run
    written: int = 0
    lost: list[dict] = field(default_factory=list)   # partitions whose task failed: re-run to retry
    items: int = 0
    stored: int = 0
    duplicates: int = 0
    failed: int = 0
    seconds: float = 0.0
    write_seconds: float = 0.0      # the client's time in write transactions: the writer's load
    workers: int = 0
    dashboard: str | None = None
    worker_peak_rss_mb: dict = field(default_factory=dict)
    model_loads: dict = field(default_factory=dict)   # per worker process: 1 when the model stays loaded

    def as_dict(self) -> dict:
        d = dict(self.__dict__)
        d["articles_per_s"] = round(self.items / self.seconds, 2) if self.seconds else None
        # what one writer could take if the workers were infinitely fast
        d["writer_items_per_s"] = round(self.items / self.write_seconds, 1) if self.write_seconds else None
        d["worker_peak_rss_mb"] = {str(k): round(v, 1) for k, v in self.worker_peak_rss_mb.items()}
        d["model_loads"] = {str(k): v for k, v in self.model_loads.items()}
        return d


def _connect(scheduler: str | None, local_workers: int | None, dashboard: str, timeout_s: float):
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:
        raise ClusterError("backfill needs Dask: pip install 'livebrief[scale]'") from exc
    if not log.isEnabledFor(logging.INFO):
        # the scheduler of a local cluster logs every worker's arrival and departure at INFO
        logging.getLogger("distributed").setLevel(logging.ERROR)
    if scheduler:
        try:
            client = Client(scheduler, timeout=f"{timeout_s}s")
        except (OSError, TimeoutError) as exc:
            raise ClusterError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc
        return client, None
    # processes, one thread each: the reading is CPU-bound Python, and a spaCy pipeline is
    # not shared between threads
    cluster = LocalCluster(n_workers=max(1, local_workers or 1), threads_per_worker=1, processes=True,
                           host="127.0.0.1", dashboard_address=dashboard, silence_logs=logging.ERROR)
    return Client(cluster), cluster


def _done(store: Store) -> set[tuple[str, str, int]]:
    with store.read() as conn:
        return {(r.archive, r.fingerprint, r.part) for r in conn.execute(
            select(t.backfill_partitions.c.archive, t.backfill_partitions.c.fingerprint, t.backfill_partitions.c.part))}


def _unclustered(store: Store) -> list[int]:
    """Articles written by a run that died between a partition's write and its clustering."""
    with store.read() as conn:
        placed = select(t.development_articles.c.article_id)
        return list(conn.execute(select(t.articles.c.id).where(t.articles.c.id.not_in(placed))).scalars())


def backfill(store: Store, paths: list[str], options: Options, *, scheduler: str | None = None,
             local_workers: int | None = None, partition_size: int = 200, progress: bool | None = None,
             dashboard: str = "127.0.0.1:8787", connect_timeout_s: float = 10.0) -> BackfillReport:
    t0 = time.perf_counter()
    report = BackfillReport()
    store.engine  # noqa: B018 - open and migrate before any work is scheduled
    plan = archives.plan(paths, max(1, partition_size))
    report.archives = plan.archives
    report.partitions = len(plan.partitions)
    done = _done(store)

    # what planning found wrong is recorded once, as part -1 of its archive
    with store.write() as conn:
        for archive, fp, failure in plan.failures:
            if (archive, fp, -1) in done:
                continue
            conn.execute(insert(t.failures).values(item=failure.item[:2000], stage=failure.stage,
                                                   reason=failure.reason[:2000], at=now_iso()))
            conn.execute(insert(t.backfill_partitions).values(archive=archive, fingerprint=fp, part=-1, items=0,
                                                              stored=0, duplicates=0, failed=1, done_at=now_iso()))
            report.failed += 1
    todo = [p for p in plan.partitions if (p.archive, p.fingerprint, p.index) not in done]
    report.skipped = len(plan.partitions) - len(todo)
    if done:
        cluster(store, _unclustered(store))
    if not todo:
        report.seconds = time.perf_counter() - t0
        return report

    client, local_cluster = _connect(scheduler, local_workers, dashboard, connect_timeout_s)
    bar = None
    try:
        from dask.distributed import as_completed

        from .worker import process_partition

        report.workers = len(client.scheduler_info().get("workers", {})) or (local_workers or 1)
        report.dashboard = client.dashboard_link
        if progress is None:
            progress = sys.stderr.isatty()
        if progress:
            from tqdm import tqdm

            print(f"backfill: {len(todo)} partitions on {report.workers} workers; dashboard {report.dashboard}",
                  file=sys.stderr)
            bar = tqdm(total=sum(p.count for p in todo), unit=" items", desc="backfill", file=sys.stderr)
        ing = Ingestor(store, options)
        pending = iter(todo)
        in_flight = 2 * report.workers   # bounded: results wait in the client's memory

        def submit(part):
            # pure=False: the same partition of a re-run is new work, never a cached result
            return client.submit(process_partition, part, options, pure=False, key=f"partition-{part.key}")

        futures = as_completed([submit(p) for p in _take(pending, in_flight)], with_results=False)
        for fut in futures:
            part = None
            try:
                result = fut.result()
                part = result.partition
            except Exception as exc:  # noqa: BLE001 - a lost task loses its partition only
                report.lost.append({"task": str(fut.key), "reason": f"{exc.__class__.__name__}: {exc}"[:300]})
                log.warning("partition task %s failed: %s", fut.key, exc)
            finally:
                fut.release()
                for nxt in _take(pending, 1):
                    futures.add(submit(nxt))
            if part is None:
                continue
            new_ids = _write(ing, result, report)
            cluster(store, new_ids)
            if bar is not None:
                bar.update(part.count)
    finally:
        if bar is not None:
            bar.close()
        client.close()
        if local_cluster is not None:
            local_cluster.close()
    report.seconds = time.perf_counter() - t0
    return report


def _take(it, n):
    out = []
    for _ in range(n):
        try:
            out.append(next(it))
        except StopIteration:
            break
    return out


def _write(ing: Ingestor, result, report: BackfillReport) -> list[int]:
    """One partition, one transaction: its articles, facts, duplicates, failures and its row."""
    part = result.partition
    rep = IngestReport()
    t0 = time.perf_counter()
    with ing.batch() as b:
        store_read(b, result.entries, rep)
        b.conn.execute(insert(t.backfill_partitions).values(
            archive=part.archive, fingerprint=part.fingerprint, part=part.index, items=len(result.entries),
            stored=rep.stored, duplicates=rep.duplicates, failed=len(rep.failed),
            seconds=round(result.seconds, 3), done_at=now_iso()))
    report.write_seconds += time.perf_counter() - t0
    report.written += 1
    report.items += len(result.entries)
    report.stored += rep.stored
    report.duplicates += rep.duplicates
    report.failed += len(rep.failed)
    pid = result.worker_pid
    report.worker_peak_rss_mb[pid] = max(report.worker_peak_rss_mb.get(pid, 0.0), result.worker_peak_rss_mb)
    report.model_loads[pid] = result.model_loads
    return b.added

