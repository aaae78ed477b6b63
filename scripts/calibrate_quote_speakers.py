"""Rebuild the packaged calibration of quotations' speakers
(src/livebrief/read/models/quote_speakers.json) from PolNeAR's train split.

    python scripts/calibrate_quote_speakers.py [--peers ../shared/peers/quotes] [--limit N]

A quotation in marks is certainly quoted; what may be wrong is who it is given to. The reader
finds a quotation's speaker by one of a few routes (a cue after it in its sentence, a colon
before it, the quotation before it going on, a paragraph's closing attribution, nobody ...,
``Quote.route`` in ``read/quotes.py``). For each route, and for whether it named somebody or
nobody, this counts how often the reader's answer agrees with the annotators' on the train
split: each predicted quotation is paired with the annotated attribution whose content it
matches best (token F1 >= 0.5, one to one, as ``peers.py quotes`` pairs them); a named answer is
right when ``peers.py`` would count the speaker right, "nobody" is right when the annotation has
no source. Annotations whose source is a pronoun or a description say nothing either way and are
left out. The rate, smoothed towards the rate over all routes, is the quotation's
``confidence``. The split's texts stay beside the checkout; only counts enter the file.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from livebrief.read.attribution import SPEAKER_FILE  # noqa: E402 - after the path to src/
from livebrief.read.nlp import get_nlp  # noqa: E402

OUT = ROOT / "src" / "livebrief" / "read" / "models" / SPEAKER_FILE
# pseudo-counts pulling a route's rate towards the overall rate: a rare route says little
PRIOR = 10
# stages the quotes do not read
SKIP = ("livebrief_places", "livebrief_dates", "livebrief_quantities")


def scorer(peers_dir: Path):
    """The peers scorer module (its token F1 and its rule for a named source)."""
    spec = importlib.util.spec_from_file_location("peers", peers_dir.parent / "peers.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--peers", type=Path, default=ROOT.parent / "shared" / "peers" / "quotes")
    ap.add_argument("--limit", type=int, default=0, help="read only the first N articles (0: all)")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    peers = scorer(args.peers)
    rows = [json.loads(line) for line in (args.peers / "polnear_train.input.jsonl").open(encoding="utf-8")]
    gold = {str(g["id"]): g.get("attributions") or []
            for g in map(json.loads, (args.peers / "polnear_train.gold.jsonl").open(encoding="utf-8"))}
    if args.limit:
        rows = rows[:args.limit]
    nlp = get_nlp()
    right: Counter = Counter()
    seen: Counter = Counter()
    for n, row in enumerate(rows, 1):
        doc = nlp.make_doc(row["text"])
        for name, proc in nlp.pipeline:   # (the stages the quotes read, and the quotes)
            if name in SKIP:
                continue
            doc = proc(doc)
            if name == "livebrief_quotes":
                break
        quotes = [q for q in doc._.lb_quotes or [] if q.kind == "direct"]
        golds = gold.get(str(row["id"]), [])
        pairs = sorted((-peers.token_f1(q.text, peers.gold_quote_text(a)), qi, gi)
                       for qi, q in enumerate(quotes) for gi, a in enumerate(golds))
        used_q, used_g = set(), set()
        for nf, qi, gi in pairs:
            if -nf < 0.5 or qi in used_q or gi in used_g:
                continue
            used_q.add(qi)
            used_g.add(gi)
            q, a = quotes[qi], golds[gi]
            key = peers.source_name_key(a.get("source"))
            if q.speaker:
                if not key:
                    continue
                ok = peers.speaker_correct(q.speaker, a.get("source"), key)
            elif a.get("source") is None:
                ok = True
            elif key:
                ok = False
            else:
                continue
            route = f"{q.route or 'none'}|{'named' if q.speaker else 'nobody'}"
            seen[route] += 1
            right[route] += ok
        if n % 100 == 0:
            print(f"{n} articles read", file=sys.stderr)
    overall = {kind: (sum(right[r] for r in seen if r.endswith(kind)) + 1) / (sum(seen[r] for r in seen if r.endswith(kind)) + 2)
               for kind in ("|named", "|nobody")}
    table = {r: round((right[r] + PRIOR * overall["|" + r.split("|")[1]]) / (seen[r] + PRIOR), 3) for r in sorted(seen)}
    for r in sorted(seen, key=lambda r: -seen[r]):
        print(f"{r:36s} {right[r]:5d}/{seen[r]:<5d} -> {table[r]:.3f}")
    args.out.write_text(json.dumps({
        "trained_on": len(rows), "prior": PRIOR,
        "default": {k.strip("|"): round(v, 3) for k, v in overall.items()},
        "routes": table, "counts": {r: [right[r], seen[r]] for r in sorted(seen)},
    }, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
