"""Rebuild the calibrated scorer of Ukrainian and Russian events
(src/livebrief/read/models/slavic_events.json) from the team's labelled sentences.

    pip install -e '.[train]'
    python scripts/train_slavic_event_model.py [--labels data/labels/ukru_sentences.tsv]

Each labelled sentence is read by the Slavic reader; every event it would report is a candidate,
right when the label names a current event of the candidate's type (for a toll alone, which the
reader calls an attack on civilians, any violent type). A logistic regression over
the candidate's features (read/slavic_events.py) is fitted on the "train" rows, its strength
chosen by 5-fold cross-validated log-loss; the least probability an event needs to be kept (the
veto) is the one that gives the best F1 on the out-of-fold predictions. The "heldout" rows, which
were written with the others before any scorer existed, are scored once at the end: precision and
recall (against every current event of the held-out rows, found or not), Brier score, log-loss and
reliability by bins, beside the fixed 0.5 the reader gave before.
"""
from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from livebrief.read.slavic import language, read_parts  # noqa: E402
from livebrief.read.slavic_events import LABEL_TYPES, MODEL_FILE, is_right, labelled_sentences  # noqa: E402
from livebrief.read.slavic_events import features as event_features  # noqa: E402

OUT = ROOT / "src" / "livebrief" / "read" / "models" / MODEL_FILE
# the day the sentences are read as published on (they name days relative to it, or none)
PUBLISHED = "2025-03-15"


def candidates(rows: list[dict]) -> tuple[list[list[str]], list[int], list[int]]:
    """Features and rightness of every candidate, and which row each came from."""
    feats, ys, where = [], [], []
    for n, row in enumerate(rows):
        gold = LABEL_TYPES[row["event"]]
        for ev, cue in read_parts(row["text"], row["lang"], PUBLISHED).candidates:
            feats.append(event_features(cue, language(row["lang"]).context))
            ys.append(int(is_right(ev.type, cue, gold)))
            where.append(n)
    return feats, ys, where


def brier(p, y) -> float:
    return sum((a - b) ** 2 for a, b in zip(p, y, strict=True)) / len(y)


def log_loss(p, y) -> float:
    eps = 1e-6
    return -sum(b * math.log(max(a, eps)) + (1 - b) * math.log(max(1 - a, eps)) for a, b in zip(p, y, strict=True)) / len(y)


def reliability(p, y, bins: int = 5) -> list[tuple[str, int, float, float]]:
    """(bin, count, mean probability, share right) per probability bin."""
    out = []
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        sel = [(a, c) for a, c in zip(p, y, strict=True) if lo <= a < hi or (b == bins - 1 and a == 1.0)]
        if sel:
            out.append((f"{lo:.1f}-{hi:.1f}", len(sel), sum(a for a, _ in sel) / len(sel), sum(c for _, c in sel) / len(sel)))
    return out


def ece(p, y, bins: int = 5) -> float:
    return sum(n / len(y) * abs(m - r) for _, n, m, r in reliability(p, y, bins))


def prf(p, y, n_gold: int, floor: float) -> tuple[float, float, float]:
    kept = [c for a, c in zip(p, y, strict=True) if a >= floor]
    tp = sum(kept)
    prec = tp / len(kept) if kept else 0.0
    rec = tp / n_gold if n_gold else 0.0
    return prec, rec, (2 * prec * rec / (prec + rec) if prec + rec else 0.0)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--labels", type=Path, default=ROOT / "data" / "labels" / "ukru_sentences.tsv")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()

    import numpy as np
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold

    rows = labelled_sentences(args.labels)
    train = [r for r in rows if r["split"] == "train"]
    held = [r for r in rows if r["split"] == "heldout"]
    f_tr, y_tr, _ = candidates(train)
    vec = DictVectorizer()
    X = vec.fit_transform([{f: 1.0 for f in fs} for fs in f_tr])
    y = np.array(y_tr)
    gold_tr = sum(1 for r in train if r["event"] != "none")
    print(f"{len(train)} training sentences ({gold_tr} current events): {len(y)} candidates, {int(y.sum())} right; "
          f"{X.shape[1]} features")

    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    best = None
    for C in (0.1, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0):
        oof = np.zeros(len(y))
        for tr, te in folds.split(X, y):
            oof[te] = LogisticRegression(C=C, max_iter=5000).fit(X[tr], y[tr]).predict_proba(X[te])[:, 1]
        ll = log_loss(oof, y)
        print(f"C={C}: cross-validated log-loss {ll:.3f}, Brier {brier(oof, y):.3f}")
        if best is None or ll < best[1]:
            best = (C, ll, oof)
    C, _, oof = best
    veto = max((v / 20 for v in range(11)), key=lambda v: (round(prf(oof, y, gold_tr, v)[2], 3), -v))
    print(f"chosen C={C}; veto {veto:.2f} (out-of-fold F1 {prf(oof, y, gold_tr, veto)[2]:.3f}, "
          f"at 0: {prf(oof, y, gold_tr, 0.0)[2]:.3f})")

    model = LogisticRegression(C=C, max_iter=5000).fit(X, y)
    weights = {f: round(float(w), 4) for f, w in zip(vec.feature_names_, model.coef_[0], strict=True) if abs(w) >= 1e-3}
    data = {"weights": dict(sorted(weights.items())), "bias": round(float(model.intercept_[0]), 4), "veto": veto,
            "C": C, "trained_on": len(y)}

    # the held-out sentences, scored once
    f_h, y_h, _ = candidates(held)
    Xh = vec.transform([{f: 1.0 for f in fs} for fs in f_h])
    p = model.predict_proba(Xh)[:, 1]
    gold_h = sum(1 for r in held if r["event"] != "none")
    print(f"\nheld out: {len(held)} sentences ({gold_h} current events), {len(y_h)} candidates, {sum(y_h)} right")
    fixed = [0.5] * len(y_h)
    print(f"  Brier {brier(p, y_h):.3f} (fixed 0.5: {brier(fixed, y_h):.3f}); log-loss {log_loss(p, y_h):.3f} "
          f"(fixed: {log_loss(fixed, y_h):.3f}); ECE (5 bins) {ece(p, y_h):.3f}")
    for floor, name in ((0.0, "every candidate (the fixed 0.5)"), (veto, f"kept (veto {veto:.2f})"), (0.5, "briefed (>= 0.5)")):
        pr, rc, f = prf(p, y_h, gold_h, floor)
        print(f"  {name}: precision {pr:.3f}, recall {rc:.3f}, F1 {f:.3f}")
    print("  reliability: " + "; ".join(f"{b}: n {n}, mean p {m:.2f}, right {r:.2f}" for b, n, m, r in reliability(p, y_h)))
    data["heldout"] = {"sentences": len(held), "candidates": len(y_h), "brier": round(brier(p, y_h), 4),
                       "ece": round(ece(p, y_h), 4)}
    args.out.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"\nwrote {args.out} ({len(weights)} weights)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
