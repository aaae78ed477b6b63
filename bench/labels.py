"""The readers on the team's own labelled sentences (data/labels/sentences.jsonl, pointing into
../shared/corpus): aid as the Kiel Tracker counts it (found, donor, category, amount) and harm
figures, each sentence read alone with the full pipeline.

    python bench/labels.py [--labels data/labels/sentences.jsonl] [--corpus ../shared/corpus]

The event types are not scored here: the sentence model was trained on these labels (its
cross-validated figures are printed by scripts/train_sentence_model.py). The aid and harm readers
were not, so these are fair development figures for them.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

from shared import shared_path  # noqa: E402
from train_sentence_model import load_labels  # noqa: E402

SCALE = {None: 1, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}


def _close(a, b) -> bool:
    return a is not None and b is not None and abs(a - b) <= 0.02 * abs(b)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--labels", type=Path, default=ROOT / "data" / "labels" / "sentences.jsonl")
    ap.add_argument("--corpus", type=Path, help="default: corpus/ of the shared folder (bench/shared.py)")
    ap.add_argument("--show", type=int, default=0, help="print this many misses of each kind")
    args = ap.parse_args()
    args.corpus = args.corpus or shared_path("corpus")

    from livebrief.read.nlp import get_nlp
    from livebrief.read.pipeline import read_one

    sentences, labels = load_labels(args.labels, args.corpus)
    published = {}
    nlp = get_nlp()
    aid = {"n": 0, "found": 0, "donor_named": 0, "donor": 0, "category": 0, "amount_stated": 0, "amount": 0}
    harm = {"killed_n": 0, "killed": 0, "wounded_n": 0, "wounded": 0}
    misses: dict[str, list] = {}
    for text, lab in zip(sentences, labels, strict=True):
        is_aid = lab["type"] == "aid" and lab.get("current") and lab.get("aid")
        wants_harm = lab.get("killed") is not None or lab.get("wounded") is not None
        if not (is_aid or wants_harm):
            continue
        reading = read_one(nlp, text, published.get(lab["id"]))
        if is_aid:
            gold, got = lab["aid"], reading.aid
            aid["n"] += 1
            aid["found"] += bool(got)
            if gold.get("donor"):
                aid["donor_named"] += 1
                ok = any(a.get("donor_country") == gold["donor"] for a in got)
                aid["donor"] += ok
                if not ok:
                    misses.setdefault("donor", []).append((text, gold["donor"], [a.get("donor_country") for a in got]))
            ok = bool(got) and got[0].get("category") == gold.get("category")
            aid["category"] += ok
            if not ok:
                misses.setdefault("category", []).append((text, gold.get("category"),
                                                            got[0].get("category") if got else None))
            if gold.get("amount") is not None and gold.get("currency"):
                value = gold["amount"] * SCALE.get(gold.get("scale"), 1)
                aid["amount_stated"] += 1
                ok = any(a.get("currency") == gold["currency"] and _close(a.get("amount"), value) for a in got)
                aid["amount"] += ok
                if not ok:
                    misses.setdefault("amount", []).append((text, (value, gold["currency"]),
                                                            [(a.get("amount"), a.get("currency")) for a in got]))
        if wants_harm:
            evs = reading.events
            for key in ("killed", "wounded"):
                if lab.get(key):
                    harm[f"{key}_n"] += 1
                    ok = any(e.get(key) == lab[key] for e in evs)
                    harm[key] += ok
                    if not ok:
                        misses.setdefault(key, []).append((text, lab[key], [e.get(key) for e in evs]))

    def r(a, b):
        return f"{aid[a] / aid[b]:.3f} ({aid[a]}/{aid[b]})" if aid[b] else "-"

    print(f"aid sentences {aid['n']}: found {r('found', 'n')}, donor where named {r('donor', 'donor_named')}, "
          f"category {r('category', 'n')}, amount where stated {r('amount', 'amount_stated')}")
    for key in ("killed", "wounded"):
        n = harm[f"{key}_n"]
        print(f"{key}: right in an event of the sentence {harm[key] / n:.3f} ({harm[key]}/{n})" if n else f"{key}: -")
    for kind, rows in misses.items():
        for row in rows[:args.show]:
            print(f"  [{kind}] gold {row[1]!r} ours {row[2]!r}: {row[0][:160]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
