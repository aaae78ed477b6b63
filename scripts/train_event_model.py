"""Rebuild the packaged event model (src/livebrief/read/models/event_publishable.json) from the
team's event labels: would an editor publish this event as the reader found it.

    python scripts/train_event_model.py [--labels data/labels/events.jsonl] [--corpus ../shared/corpus]

Each label (data/labels/events.jsonl) points at one event the reader emitted, by corpus, article
id and the offsets of the event's sentence, and says whether an editor would publish it as shown
(and if not, why: background, analysis, a duplicate, a wrong type or place...); no text of the
corpus is in the repository, so this script reads the corpora beside the checkout. It reads the
labelled articles again with the current code, takes the features the events reader computed for
each event (read/event_model.py), and fits a logistic regression. A label whose event now reads
differently (another type or place than the one labelled) is left out, except a wrong type now put
right, which counts as publishable where its place and date were right.

The regularisation strength is chosen by cross-validation grouped by article (no article's events
on both sides), and the out-of-fold probabilities give the figures printed: precision and recall at
the briefing's threshold and at others, and the calibration (the share publishable in each bin of
probability). The weights are plain numbers in JSON; scoring needs nothing beyond the standard
library.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from livebrief.read.event_model import MODEL_FILE  # noqa: E402

OUT = ROOT / "src" / "livebrief" / "read" / "models" / MODEL_FILE
FOLDS = 5
CS = (0.03, 0.1, 0.3, 1.0, 3.0)


def load_labels(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def read_events(labels: list[dict], corpus_dir: Path) -> tuple[dict[tuple, object], dict[tuple, str]]:
    """(corpus, id, start, end) -> the Event the current reader makes of each labelled article's
    sentences, offsets in the whole text; and (corpus, id) -> the article's text."""
    from livebrief.read.nlp import get_nlp
    from livebrief.text import chunks

    wanted = defaultdict(set)
    for lab in labels:
        wanted[lab["corpus"]].add(lab["id"])
    nlp = get_nlp()
    out, texts = {}, {}
    for name, ids in sorted(wanted.items()):
        with open(corpus_dir / f"{name}.jsonl", encoding="utf-8") as f:
            rows = [r for r in map(json.loads, f) if r["id"] in ids]
        for k, row in enumerate(rows):
            print(f"\rreading {name} {k + 1}/{len(rows)}", end="", file=sys.stderr)
            texts[(name, row["id"])] = row["text"]
            for offset, piece in chunks(row["text"]):
                doc = nlp.make_doc(piece)
                doc._.lb_published = row.get("published")
                for _name, proc in nlp.pipeline:
                    doc = proc(doc)
                for ev in doc._.lb_events or []:
                    out[(name, row["id"], ev.start + offset, ev.end + offset)] = ev
        print(file=sys.stderr)
    return out, texts


# why an event is not to be published whatever type or place the reader gives it
NOT_NEWS = frozenset({"background", "analysis", "duplicate", "future_or_hypothetical", "rhetoric_or_claim",
                      "not_an_event"})


def target(lab: dict, ev) -> int | None:
    """1 publishable, 0 not, None where the event now reads otherwise than it was labelled and the
    label no longer says whether it is publishable."""
    place = ev.place
    if ev.type == lab["type"] and place == lab["place"]:
        return int(bool(lab["publishable"]))
    if not lab["publishable"] and lab["reason"] in NOT_NEWS:
        return 0   # (history told with another type or place is still history)
    if lab["reason"] == "wrong_type" and ev.type == lab.get("gold_type") and place == lab["place"] \
            and lab.get("place_ok") is not False and lab.get("date_ok") is not False:
        return 1
    return None


def _fold(text: str) -> int:
    """The fold of an article, by its opening (the same story filed twice under two ids is one)."""
    return int(hashlib.sha1(" ".join(text[:300].split()).encode()).hexdigest(), 16) % FOLDS


def fit(X, y, C: float):
    """L2-regularised logistic regression (the bias unpenalised): (weights, bias)."""
    import numpy as np
    from scipy.optimize import minimize

    n, d = X.shape

    def loss(wb):
        w, b = wb[:d], wb[d]
        z = X @ w + b
        # log(1 + e^z) - y z, stably
        nll = np.logaddexp(0.0, z) - y * z
        p = 1.0 / (1.0 + np.exp(-z))
        g = p - y
        return nll.sum() + 0.5 / C * (w @ w), np.concatenate([X.T @ g + w / C, [g.sum()]])

    res = minimize(loss, np.zeros(d + 1), jac=True, method="L-BFGS-B")
    return res.x[:d], float(res.x[d])


def report(p, y, name: str, thresholds=(0.3, 0.4, 0.5, 0.6, 0.7, 0.8)) -> dict:
    """Precision and recall of 'publishable' at each threshold, log-loss, and the reliability bins."""
    import numpy as np

    out = {"n": int(len(y)), "publishable": int(y.sum())}
    eps = 1e-6
    out["log_loss"] = round(float(-(y * np.log(p + eps) + (1 - y) * np.log(1 - p + eps)).mean()), 4)
    order = np.argsort(-p)
    ranks = np.empty(len(p))
    ranks[order] = np.arange(len(p))
    pos, neg = y == 1, y == 0
    # the probability that a publishable event ranks above one that is not
    auc = float(((p[pos][:, None] > p[neg][None, :]).sum() + 0.5 * (p[pos][:, None] == p[neg][None, :]).sum())
                / max(1, pos.sum() * neg.sum()))
    out["auc"] = round(auc, 4)
    print(f"{name}: {len(y)} events, {int(y.sum())} publishable ({y.mean():.3f}); log-loss {out['log_loss']:.3f}; AUC {auc:.3f}")
    out["at"] = {}
    for t in thresholds:
        shown = p >= t
        tp = int((shown & pos).sum())
        prec, rec = tp / max(1, shown.sum()), tp / max(1, pos.sum())
        out["at"][str(t)] = {"shown": int(shown.sum()), "precision": round(prec, 3), "recall": round(rec, 3)}
        print(f"  at {t:.2f}: shows {int(shown.sum()):4d}, precision {prec:.3f}, recall {rec:.3f}")
    bins = []
    ece = 0.0
    for b in range(5):
        lo, hi = b / 5, (b + 1) / 5
        sel = (p >= lo) & ((p < hi) if b < 4 else (p <= hi))
        if sel.any():
            bins.append({"bin": f"{lo:.1f}-{hi:.1f}", "n": int(sel.sum()), "mean_p": round(float(p[sel].mean()), 3),
                         "publishable": round(float(y[sel].mean()), 3)})
            ece += sel.mean() * abs(p[sel].mean() - y[sel].mean())
            print(f"  bin {lo:.1f}-{hi:.1f}: {int(sel.sum()):4d} events, mean p {p[sel].mean():.3f}, publishable {y[sel].mean():.3f}")
    out["reliability"] = bins
    out["ece"] = round(float(ece), 4)
    print(f"  expected calibration error {ece:.3f}")
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--labels", type=Path, default=ROOT / "data" / "labels" / "events.jsonl")
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--dry-run", action="store_true", help="print the figures, write no model")
    ap.add_argument("--oof", type=Path, help="write each label's out-of-fold probability here (JSON lines)")
    args = ap.parse_args()

    import numpy as np

    labels = load_labels(args.labels)
    events, texts = read_events(labels, args.corpus)
    rows, ys, groups, base, kept, used = [], [], [], [], Counter(), []
    for lab in labels:
        ev = events.get((lab["corpus"], lab["id"], lab["start"], lab["end"]))
        y = None if ev is None else target(lab, ev)
        kept["gone" if ev is None else "changed" if y is None else "used"] += 1
        if y is None:
            continue
        rows.append(ev.features)
        used.append(lab)
        ys.append(y)
        groups.append(_fold(texts[(lab["corpus"], lab["id"])]))
        base.append(math.exp(ev.features["p_event_logit"]) / (1 + math.exp(ev.features["p_event_logit"])))
    print(f"{len(labels)} labels: {kept['used']} used, {kept['gone']} events no longer read, "
          f"{kept['changed']} read otherwise than labelled")
    names = sorted({k for r in rows for k in r})
    X = np.array([[r.get(k, 0.0) for k in names] for r in rows])
    y = np.array(ys, dtype=float)
    g = np.array(groups)

    report(np.array(base), y, "the sentence model's P(current event) as the confidence (before)")
    best = None
    for C in CS:
        oof = np.zeros(len(y))
        for k in range(FOLDS):
            tr, te = g != k, g == k
            if te.any():
                w, b = fit(X[tr], y[tr], C)
                oof[te] = 1.0 / (1.0 + np.exp(-(X[te] @ w + b)))
        nll = float(-(y * np.log(oof + 1e-9) + (1 - y) * np.log(1 - oof + 1e-9)).mean())
        print(f"C={C}: grouped out-of-fold log-loss {nll:.4f}")
        if best is None or nll < best[1]:
            best = (C, nll, oof)
    C, _, oof = best
    figures = report(oof, y, f"the event model, out of fold by article (C={C})")
    if args.oof:
        with open(args.oof, "w", encoding="utf-8") as f:
            for lab, p, yy in zip(used, oof, y, strict=True):
                f.write(json.dumps({"corpus": lab["corpus"], "id": lab["id"], "start": lab["start"], "end": lab["end"],
                                    "p": round(float(p), 3), "publishable": int(yy), "reason": lab["reason"]}) + "\n")
    w, b = fit(X, y, C)
    weights = {k: round(float(v), 4) for k, v in zip(names, w, strict=True) if abs(v) >= 1e-4}
    for k, v in sorted(weights.items(), key=lambda kv: -abs(kv[1]))[:25]:
        print(f"  {v:+.3f} {k}")
    if args.dry_run:
        return 0
    args.out.write_text(json.dumps({"bias": round(b, 4), "weights": weights, "C": C, "trained_on": len(y),
                                    "cross_validated": figures}, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
