#!/usr/bin/env python3
"""Clustering speed: stream live-updates headlines, in time order, through the online clusterer.

    python bench/developments.py [HEADLINES.jsonl]

Default: ../shared/corpus/cnn_live_headlines.jsonl (12,018 headlines). Prints items per second
over the whole stream and the time per item for the first and the last thousand items (issue 6:
at least 200 items/s, and the last thousand no more than twice as slow as the first: the cost
per item must not grow with the store). A baseline measured in the same run, term extraction
alone, shows what clustering adds to it.

It also prints how the stream clustered, as a live store would hold it: the largest development,
the headlines in developments that span more than three days, and, where the labelled days
exist (default ../shared/eval/stories_dev.jsonl, or LABELS=path), their B-cubed F1 inside the
stream. Scored alone, a labelled file starts from an empty store; inside the stream its days meet
the developments of the days before, as they would in a newsroom's store.
"""
from __future__ import annotations

import json
import os
import sys
import time
from collections import defaultdict
from datetime import datetime, timedelta
from pathlib import Path

from livebrief.aggregate.clustering import Clusterer, terms

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "cnn_live_headlines.jsonl"
LABELS = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "stories_dev.jsonl"


def bcubed(gold: dict, pred: dict) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of ``pred`` (item -> cluster) over the items of ``gold``."""
    cluster = {k: pred.get(k, ("alone", k)) for k in gold}   # (an item with no cluster is alone)
    by_gold, by_pred = defaultdict(set), defaultdict(set)
    for k, g in gold.items():
        by_gold[g].add(k)
        by_pred[cluster[k]].add(k)
    both = {k: len(by_pred[cluster[k]] & by_gold[g]) for k, g in gold.items()}
    p = sum(both[k] / len(by_pred[cluster[k]]) for k in gold) / len(gold)
    r = sum(both[k] / len(by_gold[g]) for k, g in gold.items()) / len(gold)
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


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
    joined = {}
    per_item = []
    t0 = time.perf_counter()
    for key, text, when in stream:
        s = time.perf_counter()
        joined[key] = cl.assign(key, text, when)[0]
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

    where = {k: cl.current(cid) for k, cid in joined.items()}   # (merged developments: where they went)
    when = {k: w for k, _t, w in stream}
    devs = defaultdict(list)
    for k, cid in where.items():
        devs[cid].append(k)
    long = sum(len(ks) for ks in devs.values() if max(when[k] for k in ks) - min(when[k] for k in ks) > timedelta(days=3))
    print(f"largest development: {max(len(ks) for ks in devs.values())} headlines; "
          f"headlines in developments spanning over 3 days: {long} of {n}")
    labels = Path(os.environ.get("LABELS", LABELS))
    if labels.exists():
        with open(labels, encoding="utf-8") as f:
            gold = {x["id"]: x["story"] for x in map(json.loads, filter(str.strip, f))}
        gold = {k: v for k, v in gold.items() if k in where}
        if gold:
            p, r, f = bcubed(gold, where)
            print(f"labelled days inside the stream ({len(gold)} headlines of {labels.name}): "
                  f"B-cubed F1 {f:.3f} (P {p:.3f}, R {r:.3f})")


if __name__ == "__main__":
    main()
