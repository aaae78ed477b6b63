#!/usr/bin/env python3
"""Backfill throughput on a Dask LocalCluster: 2 workers against 1, and PostgreSQL against SQLite.

    python bench/backfill.py [CORPUS.jsonl] [--copies 20] [--partition-size 100] [--no-read]
                             [--runs sqlite1,sqlite2,pg2] [--writer-only]

Default corpus: news447.jsonl of the shared folder (bench/shared.py), written COPIES times with varied ids (20 copies:
8,940 articles, as issue 10 asks). Every copy is read on the workers (duplicates are only
recognised when the client writes), so the work is COPIES x the corpus whatever the overlap.
Runs, in this order, into fresh stores: SQLite with 1 worker, SQLite with 2 workers, PostgreSQL
(a throwaway durable cluster on loopback, fsync on) with 2 workers. Prints items per second,
the speed-up of 2 workers over 1 (issue 10 asks for at least 1.6 on 2 cores), the PostgreSQL /
SQLite ratio, and each worker's peak memory.
"""
from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from shared import shared_path


def make_archive(corpus: str, copies: int, out: Path) -> int:
    arts = [json.loads(line) for line in open(corpus, encoding="utf-8") if line.strip()]
    n = 0
    with open(out, "w", encoding="utf-8") as fh:
        for c in range(copies):
            for a in arts:
                a = dict(a)
                a["id"] = f"{a.get('id', n)}-copy{c}"
                a.pop("url", None)   # a URL would make every copy a duplicate by URL before reading
                fh.write(json.dumps(a) + "\n")
                n += 1
    return n


def run(label: str, db: str, archive: Path, workers: int, args) -> dict:
    from livebrief.backfill import backfill
    from livebrief.settings import Options
    from livebrief.store import Store

    store = Store(db)
    store.migrate()
    opts = Options(db=db, read=not args.no_read)
    t0 = time.perf_counter()
    rep = backfill(store, [str(archive)], opts, local_workers=workers, partition_size=args.partition_size,
                   progress=False, dashboard=":0")
    wall = time.perf_counter() - t0
    store.close()
    d = rep.as_dict()
    d["wall_s"] = round(wall, 1)
    d["items_per_s"] = round(rep.items / wall, 2)
    print(f"{label:28s} {rep.items} items in {wall:7.1f} s = {d['items_per_s']:7.2f} items/s; stored {rep.stored}, "
          f"duplicates {rep.duplicates}, failed {rep.failed}; worker peak RSS MB {sorted(d['worker_peak_rss_mb'].values())}; "
          f"model loads per worker {sorted(d['model_loads'].values())}; the writer alone: "
          f"{d['writer_items_per_s']} items/s", flush=True)
    return d


def writer_only(archive: Path, args, tmp: Path) -> None:
    """The client's write path alone, no Dask and nothing else on the cores: partitions are
    read once in this process, then written into SQLite and into PostgreSQL."""
    from livebrief.backfill.archives import plan
    from livebrief.backfill.run import BackfillReport, _write
    from livebrief.backfill.worker import process_partition
    from livebrief.ingest.pipeline import Ingestor
    from livebrief.settings import Options
    from livebrief.store import Store
    from livebrief.store.pgtemp import TempPostgres

    opts = Options(read=not args.no_read)
    t0 = time.perf_counter()
    results = [process_partition(p, opts) for p in plan([str(archive)], args.partition_size).partitions]
    n = sum(len(r.entries) for r in results)
    print(f"read {n} items in one process: {n / (time.perf_counter() - t0):.2f} items/s")

    def size(store: Store) -> int:
        with store.read() as conn:
            if conn.dialect.name == "postgresql":
                return conn.exec_driver_sql("select pg_database_size(current_database())").scalar_one()
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            return conn.exec_driver_sql("select page_count * page_size from pragma_page_count(), pragma_page_size()").scalar_one()

    def write_all(db: str) -> float:
        store = Store(db)
        store.migrate()
        empty = size(store)
        rep = BackfillReport()
        ing = Ingestor(store, opts.with_(db=db))
        t1 = time.perf_counter()
        for r in results:
            _write(ing, r, rep)
        took = time.perf_counter() - t1
        per = (size(store) - empty) / max(1, rep.stored) / 1024
        store.close()
        print(f"  {db.split('://')[0]:12s} stored {rep.stored}, duplicates {rep.duplicates}: {n / took:.1f} items/s written; "
              f"{per:.1f} KB of store per stored article (raw documents included)")
        return n / took

    lite = write_all(str(tmp / "writer.db"))
    with TempPostgres(durable=True) as pg:
        pgr = write_all(pg.create_database("writer"))
    print(f"writer postgresql / sqlite: {pgr / lite:.2f}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?", help="default: corpus/news447.jsonl of the shared folder")
    ap.add_argument("--copies", type=int, default=20)
    ap.add_argument("--partition-size", type=int, default=100)
    ap.add_argument("--no-read", action="store_true", help="ingest only (no spaCy): measures the write path")
    ap.add_argument("--writer-only", action="store_true", help="measure the client's write path alone")
    ap.add_argument("--runs", default="sqlite1,sqlite2,pg2",
                    help="which runs, in order: sqlite1, sqlite2, pg2 (default all three)")
    args = ap.parse_args()
    args.corpus = args.corpus or str(shared_path("corpus", "news447.jsonl"))
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        archive = tmp / "archive.jsonl"
        n = make_archive(args.corpus, args.copies, archive)
        print(f"archive: {n} articles ({args.copies} copies of {args.corpus}); reading {'off' if args.no_read else 'on'}")
        if args.writer_only:
            writer_only(archive, args, tmp)
            return
        runs = args.runs.split(",")
        res = {}
        if "sqlite1" in runs:
            res["sqlite1"] = run("sqlite, 1 worker", str(tmp / "one.db"), archive, 1, args)
        if "sqlite2" in runs:
            res["sqlite2"] = run("sqlite, 2 workers", str(tmp / "two.db"), archive, 2, args)
        if "sqlite1" in res and "sqlite2" in res:
            print(f"speed-up 2 workers / 1 worker: {res['sqlite2']['items_per_s'] / res['sqlite1']['items_per_s']:.2f}")
        if "pg2" in runs:
            from livebrief.store.pgtemp import TempPostgres

            with TempPostgres(durable=True) as pg:
                res["pg2"] = run("postgresql, 2 workers", pg.create_database("bench"), archive, 2, args)
            if "sqlite2" in res:
                print(f"postgresql / sqlite (2 workers, items/s): "
                      f"{res['pg2']['items_per_s'] / res['sqlite2']['items_per_s']:.2f}")


if __name__ == "__main__":
    main()
