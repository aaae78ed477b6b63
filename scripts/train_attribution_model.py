"""Rebuild the packaged attribution model (src/livebrief/read/models/attribution.json) from
PolNeAR's train split, choosing its regularisation and calibration on the dev split.

    pip install -e '.[train]'
    python scripts/train_attribution_model.py [--peers ../shared/peers/quotes] [--cache DIR]

The split files (polnear_{train,dev}.input.jsonl: id and text; polnear_*.gold.jsonl: the
annotated attributions, each with its cue, source and content by character offsets) stay beside
the checkout; nothing of them enters the repository. Every candidate the reader proposes (a verb
and one complement, ``read/attribution.py``) is labelled true when an annotated attribution's cue
covers the verb and its content matches the candidate's by token F1 >= 0.5 (the measure of
``peers.py quotes``). The figures of the chosen model are printed and kept in the model file.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from livebrief.read import MODEL  # noqa: E402 - after the path to src/
from livebrief.read.attribution import MODEL_FILE, candidates  # noqa: E402
from livebrief.read.quotes import CUES, _inside, find_direct, subject_of  # noqa: E402

OUT = ROOT / "src" / "livebrief" / "read" / "models" / MODEL_FILE
_WORD = re.compile(r"\w+")


def token_f1(a: str, b: str) -> float:
    ta, tb = _WORD.findall(a.lower()), _WORD.findall(b.lower())
    if not ta or not tb:
        return 0.0
    left = {}
    for t in tb:
        left[t] = left.get(t, 0) + 1
    common = 0
    for t in ta:
        if left.get(t, 0) > 0:
            common += 1
            left[t] -= 1
    if not common:
        return 0.0
    p, r = common / len(ta), common / len(tb)
    return 2 * p * r / (p + r)


def load(peers: Path, split: str, nlp, cache: Path | None):
    """(docs, golds) of a split, the parses kept in ``cache`` when one is given."""
    from spacy.tokens import DocBin

    rows = [json.loads(line) for line in (peers / f"polnear_{split}.input.jsonl").open(encoding="utf-8")]
    gold = {str(g["id"]): g.get("attributions") or []
            for g in map(json.loads, (peers / f"polnear_{split}.gold.jsonl").open(encoding="utf-8"))}
    path = cache / f"{split}.spacy" if cache else None
    if path is not None and path.exists():
        docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
    else:
        docs = list(nlp.pipe((r["text"] for r in rows), batch_size=16))
        if path is not None:
            db = DocBin(store_user_data=False)
            for d in docs:
                db.add(d)
            path.parent.mkdir(parents=True, exist_ok=True)
            db.to_disk(path)
    return docs, [gold.get(str(r["id"]), []) for r in rows]


def examples(docs, golds):
    """Features and labels of every candidate of a split."""
    X, y = [], []
    for doc, attributions in zip(docs, golds, strict=True):
        quoted = find_direct(doc.text)
        for c in candidates(doc, CUES, lambda v, q=quoted: subject_of(v, q), lambda i, q=quoted: _inside(q, i)):
            text = doc.text[c.start:c.end]
            hit = any(a.get("cue_start") is not None and a["cue_start"] <= c.verb.idx < a["cue_end"]
                      and token_f1(text, a.get("content_joined") or a.get("content") or "") >= 0.5
                      for a in attributions)
            X.append({f: 1.0 for f in c.features})
            y.append(int(hit))
    return X, y


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--peers", type=Path, default=ROOT.parent / "shared" / "peers" / "quotes")
    ap.add_argument("--cache", type=Path, default=None, help="keep the parses here between runs")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--threshold", type=float, default=0.4,
                    help="the probability at which the dev figures are printed (the reader's is a setting)")
    ap.add_argument("--min-count", type=int, default=3, help="keep features seen in at least this many candidates")
    args = ap.parse_args()

    from collections import Counter

    import numpy as np
    import spacy
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import log_loss

    from livebrief.read import paragraphs  # noqa: F401 - registers the component

    nlp = spacy.load(MODEL)
    # (split into sentences as reading splits them: a blank line ends one)
    nlp.add_pipe("livebrief_paragraphs", before="parser")
    train_docs, train_gold = load(args.peers, "train", nlp, args.cache)
    dev_docs, dev_gold = load(args.peers, "dev", nlp, args.cache)
    Xtr, ytr = examples(train_docs, train_gold)
    Xdv, ydv = examples(dev_docs, dev_gold)
    df = Counter(f for x in Xtr for f in x)
    keep = {f for f, n in df.items() if n >= args.min_count}
    vec = DictVectorizer()
    A = vec.fit_transform([{f: v for f, v in x.items() if f in keep} for x in Xtr])
    B = vec.transform(Xdv)
    ytr, ydv = np.array(ytr), np.array(ydv)
    print(f"train: {len(ytr)} candidates ({ytr.sum()} true) from {len(train_docs)} articles, {A.shape[1]} features; "
          f"dev: {len(ydv)} candidates ({ydv.sum()} true)")

    best = None
    for C in (0.1, 0.3, 1.0, 3.0):
        m = LogisticRegression(C=C, max_iter=5000).fit(A, ytr)
        loss = log_loss(ydv, m.predict_proba(B)[:, 1])
        print(f"C={C}: dev log-loss {loss:.4f}")
        if best is None or loss < best[1]:
            best = (C, loss, m)
    C, _, model = best
    z = model.decision_function(B)

    def nll(t: float) -> float:
        p = np.clip(1 / (1 + np.exp(-z / t)), 1e-9, 1 - 1e-9)
        return float(-(ydv * np.log(p) + (1 - ydv) * np.log(1 - p)).mean())

    temperature = min((t / 20 for t in range(10, 61)), key=nll)
    p = 1 / (1 + np.exp(-z / temperature))
    bins = np.minimum((p * 10).astype(int), 9)
    ece = sum((bins == b).mean() * abs(p[bins == b].mean() - ydv[bins == b].mean()) for b in range(10) if (bins == b).any())
    pred = p >= args.threshold
    tp = int((pred & (ydv == 1)).sum())
    print(f"chosen C={C}, temperature {temperature:.2f}, dev ECE {ece:.3f}; at {args.threshold}: "
          f"precision {tp / max(1, pred.sum()):.3f} recall {tp / max(1, ydv.sum()):.3f}")

    weights = {f: round(float(w), 4) for f, w in zip(vec.feature_names_, model.coef_[0], strict=True) if abs(w) >= 1e-3}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({
        "bias": round(float(model.intercept_[0]), 4), "temperature": temperature,
        "trained_on": len(train_docs), "C": C,
        "dev": {"candidates": len(ydv), "ece": round(float(ece), 4), "at": args.threshold,
                "precision": round(tp / max(1, pred.sum()), 4), "recall": round(tp / max(1, ydv.sum()), 4)},
        "weights": weights,
    }, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({len(weights)} features, {args.out.stat().st_size / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
