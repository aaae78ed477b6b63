"""Rebuild the packaged sentence model (src/livebrief/read/models/sentence_types.json) from the
team's labels.

    pip install -e '.[train]'
    python scripts/train_sentence_model.py [--labels data/labels/sentences.jsonl] [--corpus ../shared/corpus]

The labels (data/labels/sentences.jsonl) point into the shared corpora by corpus, id, field and
character offsets; the texts themselves never enter the repository, so this script needs the
corpora beside the checkout. Each label says which event the sentence reports (or "none") and
whether it is a current report; the model learns the type of current reports, "none" for the
rest. The regularisation strength is chosen by 5-fold cross-validation on the labels, and a
temperature fitted on the out-of-fold predictions calibrates the probabilities (the figures are
printed, and kept in the model file).
"""
from __future__ import annotations

import argparse
import json
import math
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from livebrief.read import MODEL  # noqa: E402
from livebrief.read.sentence_model import MODEL_FILE, features  # noqa: E402

OUT = ROOT / "src" / "livebrief" / "read" / "models" / MODEL_FILE


def load_labels(path: Path, corpus_dir: Path) -> tuple[list[str], list[dict]]:
    labels = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts: dict[tuple[str, str], dict] = {}
    for name in sorted({lab["corpus"] for lab in labels}):
        with open(corpus_dir / f"{name}.jsonl", encoding="utf-8") as f:
            for line in f:
                row = json.loads(line)
                texts[(name, row["id"])] = row
    sentences = [texts[(lab["corpus"], lab["id"])][lab["field"]][lab["start"]:lab["end"]] for lab in labels]
    return sentences, labels


def target(lab: dict) -> str:
    return lab["type"] if lab.get("current") and lab["type"] != "none" else "none"


SUBTYPES = {"explosions_remote_violence": ("air/drone strike", "shelling/artillery/missile attack"),
            "aid": ("pledge", "delivery")}


def _weights(model_or_coef, names) -> dict[str, list[float]]:
    """Feature -> its weight per label, leaving out the features no label uses."""
    import numpy as np

    coef = getattr(model_or_coef, "coef_", model_or_coef)
    out = {}
    for j, f in enumerate(names):
        col = coef[:, j]
        if np.abs(col).max() >= 1e-3:
            out[f] = [round(float(v), 4) for v in col]
    return out


def _nll(logits, y, temperature: float) -> float:
    import numpy as np

    z = logits / temperature
    z = z - z.max(axis=1, keepdims=True)
    logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    return float(-logp[np.arange(len(y)), y].mean())


def _ece(prob, y, bins: int = 10) -> float:
    """Expected calibration error of the top label's probability."""

    conf = prob.max(axis=1)
    right = prob.argmax(axis=1) == y
    total = 0.0
    for b in range(bins):
        sel = (conf > b / bins) & (conf <= (b + 1) / bins)
        if sel.any():
            total += sel.mean() * abs(conf[sel].mean() - right[sel].mean())
    return total


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--labels", type=Path, default=ROOT / "data" / "labels" / "sentences.jsonl")
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--min-count", type=int, default=2, help="keep features seen in at least this many sentences")
    args = ap.parse_args()

    import numpy as np
    import spacy
    from scipy.special import softmax
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import classification_report
    from sklearn.model_selection import StratifiedKFold

    sentences, labels = load_labels(args.labels, args.corpus)
    nlp = spacy.load(MODEL)
    feats = [features(doc) for doc in nlp.pipe(sentences, batch_size=64)]
    df = Counter(f for fs in feats for f in set(fs))
    keep = {f for f, n in df.items() if n >= args.min_count}
    X_dicts = [{f: 1.0 for f in fs if f in keep} for fs in feats]
    names = sorted({target(lab) for lab in labels})
    y = np.array([names.index(target(lab)) for lab in labels])
    vec = DictVectorizer()
    X = vec.fit_transform(X_dicts)
    print(f"{len(labels)} labelled sentences, {X.shape[1]} features; classes: "
          + ", ".join(f"{n} {int((y == i).sum())}" for i, n in enumerate(names)))

    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    best = None
    for C in (0.5, 1.0, 2.0, 4.0, 8.0):
        logits = np.zeros((len(y), len(names)))
        for tr, te in folds.split(X, y):
            m = LogisticRegression(C=C, max_iter=3000).fit(X[tr], y[tr])
            logits[te] = m.decision_function(X[te])
        nll = _nll(logits, y, 1.0)
        acc = float((logits.argmax(axis=1) == y).mean())
        print(f"C={C}: cross-validated accuracy {acc:.3f}, log-loss {nll:.3f}")
        if best is None or nll < best[1]:
            best = (C, nll, logits)
    C, _nll_c, oof = best
    temperature = min((t / 20 for t in range(10, 61)), key=lambda t: _nll(oof, y, t))
    p_raw, p_cal = softmax(oof, axis=1), softmax(oof / temperature, axis=1)
    print(f"chosen C={C}; temperature {temperature:.2f}: ECE {_ece(p_raw, y):.3f} -> {_ece(p_cal, y):.3f}")
    print(classification_report(y, oof.argmax(axis=1), target_names=names, digits=3, zero_division=0))
    none = names.index("none")
    pred_event, gold_event = oof.argmax(axis=1) != none, y != none
    tp = int((pred_event & gold_event).sum())
    print(f"event vs none (out of fold): precision {tp / max(1, pred_event.sum()):.3f}, "
          f"recall {tp / max(1, gold_event.sum()):.3f}")

    model = LogisticRegression(C=C, max_iter=3000).fit(X, y)
    weights = _weights(model, vec.feature_names_)

    # the sub-type of a strike from afar, where its words say it (air or drone / shelling,
    # artillery or missile); labelled "other" (no weapon named) teaches nothing here
    subs = {}
    for etype, allowed in SUBTYPES.items():
        rows = [i for i, lab in enumerate(labels) if lab["type"] == etype and lab.get("sub") in allowed]
        sub_names = sorted({labels[i]["sub"] for i in rows})
        ys = np.array([sub_names.index(labels[i]["sub"]) for i in rows])
        sub_cv = np.zeros(len(rows), dtype=int)
        for tr, te in StratifiedKFold(n_splits=5, shuffle=True, random_state=0).split(X[rows], ys):
            sub_cv[te] = LogisticRegression(C=C, max_iter=3000).fit(X[rows][tr], ys[tr]).predict(X[rows][te])
        print(f"{etype} sub-types {sub_names}: {len(rows)} sentences, cross-validated accuracy "
              f"{(sub_cv == ys).mean():.3f}")
        sm = LogisticRegression(C=C, max_iter=3000).fit(X[rows], ys)
        coef = sm.coef_ if len(sub_names) > 2 else np.vstack([-sm.coef_[0] / 2, sm.coef_[0] / 2])
        icpt = sm.intercept_ if len(sub_names) > 2 else np.array([-sm.intercept_[0] / 2, sm.intercept_[0] / 2])
        subs[etype] = {"labels": sub_names, "bias": [round(float(v), 4) for v in icpt],
                       "weights": _weights(coef, vec.feature_names_)}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({
        "labels": names, "bias": [round(float(v), 4) for v in model.intercept_], "temperature": temperature,
        "trained_on": len(labels), "C": C,
        # the share of current events among the labels: the prior the probabilities carry, which
        # the readers correct for the kind of text they read (read/events.py)
        "event_rate": round(float((y != names.index("none")).mean()), 4),
        "cv": {"accuracy": round(float((oof.argmax(axis=1) == y).mean()), 4),
               "ece_calibrated": round(_ece(p_cal, y), 4)},
        "weights": weights, "sub_types": subs,
    }, separators=(",", ":"), sort_keys=False) + "\n", encoding="utf-8")
    size = args.out.stat().st_size
    shown = args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out   # (--out may be elsewhere)
    print(f"wrote {shown} ({len(weights)} features, {size / 1e6:.2f} MB)")
    return 0 if math.isfinite(temperature) else 1


if __name__ == "__main__":
    sys.exit(main())
