#!/usr/bin/env python3
"""Why quotes miss on PolNeAR: every false positive, false negative and wrong speaker of one
extraction, counted by cause.

    python bench/quote_misses.py GOLD.jsonl PRED.jsonl [--input INPUT.jsonl] [--show CAUSE] [--n 5]

GOLD is a split's ``polnear_*.gold.jsonl`` (shared/peers/quotes), PRED the output of
``livebrief extract`` on its input; INPUT (the articles, by default GOLD's sibling) lets the
causes read the text around a span. Pairs are matched as ``peers.py quotes`` matches them (token
F1 >= 0.5 against a content's joined parts, best first, one to one), so the counts add up to its
precision, recall and speaker accuracy. ``--show`` prints examples of one cause, to read misses
on the train split (never on test). Nothing here enters a model: it tells where to look.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

sys.path.insert(0, str(ROOT / "scripts"))

from train_attribution_model import token_f1  # noqa: E402 - the scorer's overlap, defined once

from livebrief.read.quotes import CUES  # noqa: E402 - after the path to src/

_WORD = re.compile(r"\w+")


def tokens(s: str) -> list[str]:
    return _WORD.findall((s or "").lower())


def _scorer():
    """``peers.py``'s own source key and speaker test, so speaker counts agree with it."""
    import importlib.util

    from shared import shared_path  # bench/shared.py

    spec = importlib.util.spec_from_file_location("peers", shared_path("peers", "peers.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.source_name_key, mod.speaker_correct


def gold_text(a: dict) -> str:
    return a.get("content_joined") or a.get("content") or ""


def match(golds: list[dict], preds: list[dict]) -> dict[int, int]:
    """gold index -> pred index, as the scorer pairs them."""
    cands = sorted((-token_f1(p.get("text") or "", gold_text(g)), pi, gi)
                   for pi, p in enumerate(preds) for gi, g in enumerate(golds)
                   if token_f1(p.get("text") or "", gold_text(g)) >= 0.5)
    used_p, pairs = set(), {}
    for _, pi, gi in cands:
        if pi in used_p or gi in pairs:
            continue
        used_p.add(pi)
        pairs[gi] = pi
    return pairs


def _overlaps(s1, e1, s2, e2) -> bool:
    return s1 < e2 and s2 < e1


@cache
def _tagger():
    """The small model without its parser and entities: enough for a cue's lemmas."""
    import spacy

    from livebrief.read import MODEL

    return spacy.load(MODEL, disable=["ner", "parser"])


@cache
def _lemmas(phrase: str) -> tuple[str, ...]:
    return tuple(t.lemma_.lower() for t in _tagger()(phrase))


def _cue_kind(cue: str) -> str:
    low = (cue or "").lower().strip()
    if not low:
        return "no-cue"
    if low.startswith("according"):
        return "according-to"
    if any(w in CUES for w in _lemmas(low)):
        return "known-cue"
    if low in (":", "—", "-"):
        return "punctuation"
    return "other-cue"


def fp_cause(p: dict, golds: list[dict], pairs: dict[int, int], text: str) -> str:
    s, e = p["start"], p["end"]
    matched_g = set(pairs)
    over = [gi for gi, g in enumerate(golds) if _overlaps(s, e, g["content_start"], g["content_end"])]
    kind = p.get("kind")
    if any(gi in matched_g for gi in over):
        g = golds[next(gi for gi in over if gi in matched_g)]
        if g.get("content_fragments"):
            return f"{kind}: part of an interrupted quotation matched already"
        if g.get("direct") and kind == "direct":
            return "direct: fragment inside a matched direct content"
        return f"{kind}: overlaps a matched content (fragment or second record)"
    if over:
        g = golds[over[0]]
        f = token_f1(p.get("text") or "", gold_text(g))
        longer = len(tokens(p.get("text") or "")) > len(tokens(gold_text(g)))
        return f"{kind}: span mismatch with an unmatched gold (F1 {f:.1f}, pred {'longer' if longer else 'shorter'})"
    if kind == "direct":
        words = len(tokens(p.get("text") or ""))
        return f"direct: marks with no attribution ({'1-3 words' if words <= 3 else '4+ words'})"
    return f"indirect: no attribution there (cue {p.get('cue')!r} kind {_cue_kind(p.get('cue'))})"


def fn_cause(g: dict, preds: list[dict], pairs: dict[int, int], text: str) -> str:
    s, e = g["content_start"], g["content_end"]
    used = set(pairs.values())
    over = [pi for pi, p in enumerate(preds) if _overlaps(s, e, p["start"], p["end"])]
    d = "direct" if g.get("direct") else "indirect"
    if over:
        free = [pi for pi in over if pi not in used]
        if not free:
            return f"{d}: its text taken by a pred matched to another gold"
        p = preds[free[0]]
        longer = len(tokens(p.get("text") or "")) > len(tokens(gold_text(g)))
        frag = " (gold interrupted)" if g.get("content_fragments") else ""
        return f"{d}: span mismatch, pred {'longer' if longer else 'shorter'}{frag}"
    ck = _cue_kind(g.get("cue"))
    if ck == "other-cue":
        pos = g.get("cue_start")
        noun = pos is not None and re.match(r"[a-z]+(?:tion|ment|s|ence|ance|al|ity|y)$", (g.get("cue") or "").lower())
        return f"{d}: not found, cue not a known verb{' (noun-like)' if noun else ''}"
    return f"{d}: not found, cue {ck}"


_PRON = {"he", "she", "they", "i", "we", "it", "who", "you"}


def speaker_cause(p: dict, g: dict) -> str:
    src = g.get("source") or ""
    spk = p.get("speaker")
    if not spk:
        return "speaker missing"
    low = src.lower()
    if re.search(r"\band\b|&", src):
        return "gold source coordinated"
    if tokens(src) and tokens(src)[-1] in tokens(spk):
        return "same surname, key elsewhere (scorer's key)"
    if any(w in tokens(spk) for w in tokens(src)):
        return "partial name overlap"
    if low.split()[0] in _PRON if low else False:
        return "gold pronoun"
    return "other person or organisation"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold", type=Path)
    ap.add_argument("pred", type=Path)
    ap.add_argument("--input", type=Path, default=None)
    ap.add_argument("--show", default=None, help="print examples whose cause starts with this")
    ap.add_argument("--n", type=int, default=5)
    args = ap.parse_args(argv)
    inp = args.input or args.gold.with_name(args.gold.name.replace(".gold.", ".input."))
    texts = {str(r["id"]): r["text"] for r in map(json.loads, inp.open(encoding="utf-8"))}
    preds = {str(r["id"]): r for r in map(json.loads, args.pred.open(encoding="utf-8"))}
    source_key, speaker_ok = _scorer()
    causes: dict[str, Counter] = {"false positive": Counter(), "false negative": Counter(), "wrong speaker": Counter()}
    examples: dict[str, list[str]] = defaultdict(list)
    for g in map(json.loads, args.gold.open(encoding="utf-8")):
        gid = str(g["id"])
        text = texts.get(gid, "")
        golds = g.get("attributions") or []
        ps = [q for q in (preds.get(gid) or {}).get("quotes") or [] if q.get("text")]
        pairs = match(golds, ps)
        used = set(pairs.values())
        for pi, p in enumerate(ps):
            if pi not in used:
                c = fp_cause(p, golds, pairs, text)
                causes["false positive"][c] += 1
                examples[c].append(f"{gid}: {p.get('kind')} [{p.get('speaker')} / {p.get('cue')}] {p['text'][:160]!r}")
        for gi, a in enumerate(golds):
            if gi not in pairs:
                c = fn_cause(a, ps, pairs, text)
                causes["false negative"][c] += 1
                near = next((q for q in ps if _overlaps(a["content_start"], a["content_end"], q["start"], q["end"])), None)
                near_text = f"\n     pred {near['text'][:200]!r}" if near else ""
                ctx = text[max(0, min(a["content_start"], a.get("cue_start") or 10**9) - 60): a["content_end"] + 40]
                examples[c].append(f"{gid}: [{a.get('source')} / {a.get('cue')}] {gold_text(a)[:160]!r}\n     ctx {ctx!r}{near_text}")
                continue
            key = source_key(a.get("source"))
            p = ps[pairs[gi]]
            if key and not speaker_ok(p.get("speaker"), a.get("source"), key):
                c = speaker_cause(p, a)
                causes["wrong speaker"][c] += 1
                examples[c].append(f"{gid}: said {p.get('speaker')!r} gold {a.get('source')!r} (key {key}) "
                                   f"[{p.get('cue')}] {gold_text(a)[:100]!r}")
    for name, counter in causes.items():
        print(f"== {name}: {sum(counter.values())}")
        for c, n in counter.most_common():
            print(f"  {n:5d}  {c}")
    if args.show:
        for c, rows in examples.items():
            if c.startswith(args.show):
                print(f"\n-- {c}")
                for r in rows[: args.n]:
                    print("  " + r)
    return 0


if __name__ == "__main__":
    sys.exit(main())
