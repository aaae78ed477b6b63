#!/usr/bin/env python3
"""Ingest throughput and memory: N generated JSONL articles, reading switched off.

    python bench/ingest.py [N] [--postgres]     (default 10,000)

Runs `livebrief ingest --no-read` in a child process and prints articles per second and the
child's peak RSS, next to a baseline measured in the same run: bare json.loads + one sqlite3
INSERT per article into a plain table (no dedupe, no FTS), so the ratio shows what ingest costs
over the floor. Targets (issue 2): >= 300 articles/s, peak RSS < 300 MB at any N.
With --postgres, the same ingest also runs into a throwaway PostgreSQL on loopback (fsync on)
and the PostgreSQL / SQLite throughput ratio is printed.
"""
from __future__ import annotations

import json
import os
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORDS = ("army city region strike drone missile power grid talks minister aid package tanks shells "
         "border village front river bridge port grain ship refugees shelter school hospital winter "
         "energy plant repairs council summit alliance sanctions pledge delivery artillery defense "
         "officials said Monday Tuesday morning night civilians wounded killed evacuated governor "
         "mayor troops advance withdraw recapture occupied liberated claimed denied reported").split()


def make_corpus(path: Path, n: int, seed: int = 7) -> None:
    rnd = random.Random(seed)
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            sents = []
            for _ in range(rnd.randint(12, 30)):
                sents.append(" ".join(rnd.choice(WORDS) for _ in range(rnd.randint(8, 20))).capitalize() + ".")
            rec = {"id": f"gen-{i}", "url": f"https://bench.example.org/a/{i}?utm_source=rss",
                   "title": f"Generated report {i}", "outlet": "Bench", "published": f"2023-{1 + i % 12:02d}-{1 + i % 28:02d}",
                   "text": "\n".join(" ".join(sents[j:j + 3]) for j in range(0, len(sents), 3))}
            fh.write(json.dumps(rec) + "\n")


def baseline(path: Path, db: Path) -> float:
    t0 = time.perf_counter()
    con = sqlite3.connect(db)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("CREATE TABLE a (id INTEGER PRIMARY KEY, input_id TEXT, url TEXT, title TEXT, published TEXT, text TEXT)")
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            con.execute("INSERT INTO a (input_id, url, title, published, text) VALUES (?,?,?,?,?)",
                        (r["id"], r["url"], r["title"], r["published"], r["text"]))
    con.commit()
    con.close()
    return time.perf_counter() - t0


def _ingest(corpus: Path, db: str) -> tuple[float, dict]:
    exe = Path(sys.executable).with_name("livebrief")
    cmd = [str(exe) if exe.exists() else "livebrief", "ingest", str(corpus), "--no-read", "--json", "--db", db]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ})
    took = time.perf_counter() - t0
    if proc.returncode != 0:
        sys.exit(f"ingest failed: {proc.stderr}")
    return took, json.loads(proc.stdout)


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    n = int(args[0]) if args else 10_000
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        corpus = tmp / "corpus.jsonl"
        make_corpus(corpus, n)
        size_mb = corpus.stat().st_size / 1e6
        base_s = baseline(corpus, tmp / "base.db")
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        ours_s, out = _ingest(corpus, str(tmp / "lb.db"))
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        pg_s = None
        if "--postgres" in sys.argv:
            from livebrief.store.pgtemp import TempPostgres

            with TempPostgres(durable=True) as pg:
                pg_s, pg_out = _ingest(corpus, pg.create_database("bench"))
            assert pg_out["stored"] == out["stored"], (pg_out["stored"], out["stored"])
    print(f"corpus: {n} generated articles, {size_mb:.1f} MB")
    print(f"stored {out['stored']}, duplicates {out['duplicates']}, failed {len(out['failed'])}")
    print(f"baseline (json + sqlite3 insert): {n / base_s:,.0f} articles/s")
    print(f"livebrief ingest --no-read:       {n / ours_s:,.0f} articles/s (whole process, start-up included)")
    print(f"ratio ours/baseline throughput:    {base_s / ours_s:.3f}")
    print(f"peak RSS of the ingest process:    {peak_mb:.0f} MB (before: {before / 1024:.0f} MB)")
    if pg_s is not None:
        print(f"into PostgreSQL (fsync on):       {n / pg_s:,.0f} articles/s; PostgreSQL / SQLite {ours_s / pg_s:.2f}")


if __name__ == "__main__":
    main()
