#!/usr/bin/env python3
"""Clustering speed: stream live-updates headlines, in time order, through the online clusterer.

    python bench/developments.py [HEADLINES.jsonl]

Default: corpus/cnn_live_headlines.jsonl of the shared folder (bench/shared.py: LIVEBRIEF_SHARED, else
../shared from the repository root; 12,018 headlines). Prints items per second
over the whole stream and the time per item for the first and the last thousand items (issue 6:
at least 200 items/s, and the last thousand no more than twice as slow as the first: the cost
per item must not grow with the store). A baseline measured in the same run, term extraction
alone, shows what clustering adds to it.

It also prints how the stream clustered, as a live store would hold it: the largest development,
the headlines in developments that span more than three days, and, where the labelled days
exist (default ../shared/eval/stories_dev.jsonl, or LABELS=path), their B-cubed F1 inside the
stream. Scored alone, a labelled file starts from an empty store; inside the stream its days meet
the developments of the days before, as they would in a newsroom's store.

Beside them, a month of headlines from many outlets (default ../shared/corpus/ruwa_2022-05.jsonl,
or RUWA=path, with its coarse event labels beside it), placed as a store places it (each outlet's
furniture learned from its latest articles, items in developments.assign's order): B-cubed
precision against the labels, the share of headlines in developments of 50 or more, the largest
and the number of developments, over the whole month and over each half (the first half is the
one the rules were tuned on), and B-cubed F1 against the stories the team labelled on two of its
days (bench/labels/ruwa_2022-05_stories.jsonl: item ids and story names, by the guidelines of the
CNN labels; the coarse labels cannot tell a story split in ten developments). The labelled CNN days
(stories_dev.input.jsonl) go through the same path from an empty store, as one outlet brings them
and as two and four outlets would (each headline once per outlet): the same stories at a higher
rate should group the same way. Beside the CNN days (alone and inside the stream) and the two ruwa
days, what the pages show: each development cut into the stories its items tell
(aggregate.coherence), scored as parts.
"""
from __future__ import annotations

import json
import os
import sys
import time
from collections import defaultdict
from datetime import datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

from shared import shared_dir, shared_path

from livebrief.aggregate import coherence, developments
from livebrief.aggregate.clustering import Clusterer, headline_of, item_terms, quoted_speaker, terms
from livebrief.read.genre import learn_outlet_furniture

# (in the shared folder: bench/shared.py)
DEFAULT = ("corpus", "cnn_live_headlines.jsonl")
LABELS = ("eval", "stories_dev.jsonl")
RUWA = ("corpus", "ruwa_2022-05.jsonl")
# story labels the team wrote for two days of that month (ids only; by STORIES_GUIDELINES): the
# coarse event labels are a few per month and cannot say whether one story was split in many
# developments, these can (B-cubed recall)
RUWA_STORIES = Path(__file__).resolve().parent / "labels" / "ruwa_2022-05_stories.jsonl"


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
    path = sys.argv[1] if len(sys.argv) > 1 else str(shared_path(*DEFAULT))
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
    shared = shared_dir(required=False)   # (the labelled files are optional)
    labels = Path(os.environ.get("LABELS") or shared.joinpath(*LABELS))
    if labels.exists():
        with open(labels, encoding="utf-8") as f:
            gold = {x["id"]: x["story"] for x in map(json.loads, filter(str.strip, f))}
        gold = {k: v for k, v in gold.items() if k in where}
        if gold:
            p, r, f = bcubed(gold, where)
            print(f"labelled days inside the stream ({len(gold)} headlines of {labels.name}): "
                  f"B-cubed F1 {f:.3f} (P {p:.3f}, R {r:.3f})")
            print(f"  {_shown(where, cl, {k: t for k, t, _w in stream}, when, gold)}")
    multi_outlet(Path(os.environ.get("RUWA") or shared.joinpath(*RUWA)), labels)


def _read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def place_as_a_store(items: list[dict]) -> tuple[dict[str, int], float]:
    """item id -> development, for items ingested at once into an empty store (furniture learned
    per outlet from its latest articles, items placed in developments.assign's order), and the
    seconds the clusterer took."""
    where, took, _cl, _texts = _place(items)
    return where, took


def _place(items: list[dict]):
    """place_as_a_store's placement, with the clusterer at the end and each item's text as read."""
    rows = [SimpleNamespace(id=n, input_id=x["id"], title=x.get("title"), text=x.get("text") or x.get("title") or "",
                            published=x.get("published"), ingested_at=x.get("published"), outlet=x.get("outlet"))
            for n, x in enumerate(items)]
    by_outlet = defaultdict(list)
    for r in rows:
        by_outlet[r.outlet].append((r.title, r.text[:600]))
    furniture = {o: learn_outlet_furniture(v[-developments.FURNITURE_SAMPLE:]) for o, v in by_outlet.items()}
    cl = Clusterer(threshold=developments.THRESHOLD, window_h=developments.WINDOW_H)
    texts = {r.id: developments.item_text(r.title, r.text, furniture[r.outlet]) for r in rows}
    ordered = [(r, texts[r.id]) for r in sorted(rows, key=lambda r: developments._order(r, texts[r.id]))]
    placed = {}
    t0 = time.perf_counter()
    for r, text in ordered:
        placed[r.input_id] = cl.assign(r.input_id, text, developments._when(r.published, r.ingested_at))[0]
    took = time.perf_counter() - t0
    return {k: cl.current(cid) for k, cid in placed.items()}, took, cl, {r.input_id: text for r, text in ordered}


def shown(items: list[dict], gold: dict[str, str]) -> str:
    """What the pages show of the developments holding ``gold``'s items, placed as a store places
    them: each development cut into the stories its items tell (aggregate.coherence), the largest
    titling it and the rest listed as related. B-cubed of those parts (precision: is what is shown
    as one story one story; recall: how much of a story is shown together), and the precision of
    the titling parts alone."""
    where, _took, cl, texts = _place(items)
    when = {x["id"]: developments._when(x.get("published"), x.get("published")) for x in items}
    return _shown(where, cl, texts, when, gold)


def _shown(where: dict, cl: Clusterer, texts: dict, when: dict, gold: dict[str, str]) -> str:
    """shown()'s figures for items placed by ``cl`` (``where``: item -> development), each
    development read with the rarity the store shows it with."""
    rarity = cl.rarity()
    devs = defaultdict(list)
    for k, cid in where.items():
        devs[cid].append(k)
    part, core = {}, {}
    for cid, ks in devs.items():
        if not any(k in gold for k in ks):
            continue
        split = coherence.parts([item_terms(texts[k]) for k in ks], rarity,
                                [quoted_speaker(headline_of(texts[k])) for k in ks])
        for j, members in enumerate((split.core, *split.others)):
            for i in members:
                part[ks[i]] = (cid, j)
                core[ks[i]] = j == 0
    p, r, f = bcubed(gold, part)
    titled = {k: v for k, v in gold.items() if core.get(k)}
    pc, _r, _f = bcubed(titled, part)
    return (f"shown as stories: B-cubed F1 {f:.3f} (P {p:.3f}, R {r:.3f}); the titling stories alone P {pc:.3f} "
            f"({len(titled)} of {len(gold)} headlines)")


def event_precision(where: dict[str, int], events: dict[str, str]) -> str:
    """B-cubed precision of ``where`` against coarse event labels, the share of the items in
    developments of 50 or more, the largest, the number of developments and of those of one item."""
    devs = defaultdict(list)
    for k in events:
        devs[where[k]].append(events[k])
    p = sum(sum(labels.count(e) for e in labels) / len(labels) for labels in devs.values()) / len(events)
    sizes = [len(v) for v in devs.values()]
    share = sum(s for s in sizes if s >= 50) / len(events)
    return (f"precision {p:.3f}, in 50+ {share:.3f}, largest {max(sizes)}, {len(devs)} developments, "
            f"{sum(1 for s in sizes if s == 1)} of one headline")


def told_by(gold: dict[str, str], items: list[dict], k: int) -> tuple[dict, dict]:
    """Gold and placement of the labelled days as ``k`` outlets would bring them, each headline
    once per outlet a few minutes apart: the same stories at k times the rate, which should group
    as they do from one outlet."""
    many = [{**x, "id": f"{x['id']}~{j}", "outlet": f"outlet{j}",
             "published": (datetime.fromisoformat(x["published"]) + timedelta(minutes=7 * j)).isoformat()}
            for x in items for j in range(k)]
    return {f"{i}~{j}": s for i, s in gold.items() for j in range(k)}, place_as_a_store(many)[0]


def multi_outlet(path: Path, cnn_labels: Path) -> None:
    """The figures of issue 29: a multi-outlet month beside CNN's labelled days, both placed as a
    store places them."""
    fresh = cnn_labels.with_name(cnn_labels.name.replace(".jsonl", ".input.jsonl"))
    if cnn_labels.exists() and fresh.exists():
        gold = {x["id"]: x["story"] for x in _read_jsonl(cnn_labels)}
        p, r, f = bcubed(gold, place_as_a_store(_read_jsonl(fresh))[0])
        print(f"labelled days alone, from an empty store ({len(gold)} headlines): B-cubed F1 {f:.3f} (P {p:.3f}, R {r:.3f})")
        print(f"  {shown(_read_jsonl(fresh), gold)}")
        for k in (2, 4):
            p, r, f = bcubed(*told_by(gold, _read_jsonl(fresh), k))
            print(f"  each headline told by {k} outlets, minutes apart: B-cubed F1 {f:.3f} (P {p:.3f}, R {r:.3f})")
    labels = path.with_name(path.name.replace(".jsonl", ".labels.jsonl"))
    if not (path.exists() and labels.exists()):
        return
    items = _read_jsonl(path)
    events = {x["id"]: x["event"] for x in _read_jsonl(labels)}
    where, took = place_as_a_store(items)
    days = sorted({(x.get("published") or "")[:10] for x in items})
    middle = days[len(days) // 2 - 1]
    first = {x["id"] for x in items if (x.get("published") or "")[:10] <= middle}
    print(f"{len(items)} headlines of {len({x.get('outlet') for x in items})} outlets from {path.name} "
          f"(clustering {took / len(items) * 1e6:.0f} us/item)")
    for name, keep in (("whole", set(events)), (f"to {middle}", first), (f"after {middle}", set(events) - first)):
        print(f"  {name}: {event_precision(where, {k: v for k, v in events.items() if k in keep and k in where})}")
    if RUWA_STORIES.exists() and path.name == RUWA[-1]:
        stories = {x["id"]: x["story"] for x in _read_jsonl(RUWA_STORIES)}
        for day in sorted({s[:4] for s in stories.values()}):
            p, r, f = bcubed({k: v for k, v in stories.items() if v.startswith(day)}, where)
            print(f"  stories of 2022-{day[:2]}-{day[2:]} (team labels): B-cubed F1 {f:.3f} (P {p:.3f}, R {r:.3f})")
        print(f"  both days' stories {shown(items, stories)}")


if __name__ == "__main__":
    main()
