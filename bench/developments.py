#!/usr/bin/env python3
"""Clustering speed: stream live-updates headlines, in time order, through the online clusterer.

    python bench/developments.py [HEADLINES.jsonl]

Default: ../shared/corpus/cnn_live_headlines.jsonl (12,018 headlines). Prints items per second
over the whole stream and the time per item for the first and the last thousand items (issue 6:
at least 200 items/s, and the last thousand no more than twice as slow as the first: the cost
per item must not grow with the store). A baseline measured in the same run, term extraction
alone, shows what clustering adds to it.
"""
from __future__ import annotations

import json
import sys
import time
from datetime import datetime
from pathlib import Path

from livebrief.aggregate.clustering import Clusterer, terms

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "cnn_live_headlines.jsonl"


def main() -> None:
    path = sys.argv[1] if len(sys.argv) > 1 else str(DEFAULT)
    items = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
    stream = [(x["id"], x.get("headline") or x.get("title") or x.get("text") or "",
               datetime.fromisoformat(x.get("first_seen_utc") or x.get("published"))) for x in items]
    t0 = time.perf_counter()
    for _k, text, _w in stream:
        terms(text)
    base_s = time.perf_counter() - t0

    cl = Clusterer()
    per_item = []
    t0 = time.perf_counter()
    for key, text, when in stream:
        s = time.perf_counter()
        cl.assign(key, text, when)
        per_item.append(time.perf_counter() - s)
    total = time.perf_counter() - t0
    n = len(stream)
    first = sum(per_item[:1000]) / min(1000, n)
    last = sum(per_item[-1000:]) / min(1000, n)
    print(f"{n} headlines from {path}")
    print(f"term extraction alone:  {n / base_s:,.0f} items/s (baseline)")
    print(f"online clustering:      {n / total:,.0f} items/s (floor 200); {cl.next_id - 1} developments")
    print(f"first 1000: {first * 1e6:.0f} us/item; last 1000: {last * 1e6:.0f} us/item; ratio last/first {last / first:.2f} (ceiling 2.0)")
    print(f"open developments at the end (in the time window): {len(cl.clusters)}")


if __name__ == "__main__":
    main()
