#!/usr/bin/env python3
"""Issue 27's figures on the team's held-out Ukrainian and Russian articles
(data/eval/ukru_articles.src): places F1 and the share within 25 km, people F1 by English name,
events by sentence and type F1 (all events, and those at or above the briefing's confidence), and
killed and wounded right for matched events.

    python bench/score_ukru.py [--articles data/eval/ukru_articles.src] [--show-misses]

The team's sets: data/eval/ukru_articles.src (twenty articles), data/eval/ukru_dev.src (eight) and
data/eval/ukru_dev2.src (ten, dense in people the lexicons do not know) are tuned on;
data/eval/ukru_heldout.src (twelve), ukru_heldout2.src (eight), ukru_heldout3.src (ten),
ukru_dev3.src (eight, a check written after the changes it scores) and ukru_heldout4.src (twelve,
written by a helper who never read the reader's code; scored before and after a session) were scored before
their misses were read (their headers say what was seen since): a new held-out set is the honest
figure. data/eval/ukru_dev5.src (ten, events and harm) was written before the changes it was tuned for;
ukru_dev6.src (eight) after them, scored once as a check. data/eval/ukru_dev4.src (thirteen, names
and places) was written before the session on foreign surnames, titles' countries and villages in
named regions changed the reader, and is tuned on; ukru_check4.src (eight) after it, scored once.
data/eval/ukru_heldout5.src (twelve, by a helper who never read the code) was scored at the start and end
of the session of 2026-12-08 only, and is seen since.

Places match as the shared scorer matches them: countries by code, first-level units within
150 km, other places within 30 km, one to one (a read place of the gold's kind before a nearer one
of another); "within 25 km" is over the matched towns.
"""
from __future__ import annotations

import argparse
import math
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Article:
    id: str
    lang: str = ""
    published: str = ""
    title: str = ""
    text: str = ""
    places: list[tuple] = field(default_factory=list)
    people: list[list[str]] = field(default_factory=list)
    events: list[tuple[str, str, int, int]] = field(default_factory=list)


def _items(value: str) -> list[list[str]]:
    return [[x.strip() for x in item.split("|")] for item in value.split(";") if item.strip()]


def load(path: Path) -> list[Article]:
    """The articles of the annotated source file (its format is in the file's header)."""
    from livebrief.read.slavic_events import LABEL_TYPES

    out: list[Article] = []
    in_text = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        if line.startswith("=== "):
            out.append(Article(line[4:].strip()))
            in_text = False
            continue
        a = out[-1]
        key, _, value = line.partition(":")
        if in_text and key not in ("places", "people", "events"):
            a.text += line + "\n"
        elif key == "text":
            in_text = True
        elif key in ("lang", "published", "title"):
            setattr(a, key, value.strip())
        elif key == "places":
            in_text = False
            a.places = [(n, k, cc, *(map(float, rest) if rest else (None, None))) for n, k, cc, *rest in _items(value)]
        elif key == "people":
            a.people = _items(value)
        elif key == "events":
            a.events = [(w, LABEL_TYPES[t], int(k), int(wd)) for w, t, k, wd in _items(value)]
    for a in out:
        a.text = a.text.rstrip("\n")
    return out


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(h))


def f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def match_places(gold: list[tuple], pred: list[dict]) -> tuple[int, int, int, list[float], list[str]]:
    """(tp, fp, fn, distances of matched towns, misses) for one article."""
    seen, unique = set(), []
    for p in pred:
        # (first-level units come without a GeoNames id: two of them are two places, not one)
        key = p["geonameid"] or (p["name"], p["feature"], p["country"])
        if key not in seen:
            seen.add(key)
            unique.append(p)
    left = list(unique)
    tp, dists, misses = 0, [], []
    for name, kind, cc, la, lo in gold:
        best = None
        for p in left:
            if kind == "country":
                ok = p["feature"] == "country" and p["country"] == cc
                d = 0.0
            elif p["lat"] is None or la is None or p["feature"] == "country":
                continue
            else:
                d = km((la, lo), (p["lat"], p["lon"]))
                ok = d <= (150 if kind == "admin1" else 30)
            # (a unit of the same kind first, then the nearest: a first-level unit's gold takes the
            # region read, not the town in it that lies nearer its centre, whatever the gold's order)
            rank = (p["feature"] != "admin1") == (kind == "admin1"), d
            if ok and (best is None or rank < best[2]):
                best = (p, d, rank)
        if best:
            left.remove(best[0])
            tp += 1
            if kind not in ("country", "admin1"):
                dists.append(best[1])
        else:
            misses.append(f"missed place {name}")
    misses += [f"extra place {p['text']} -> {p['name']} ({p['feature']}, {p['country']})" for p in left]
    return tp, len(left), len(gold) - tp, dists, misses


def score(articles: list[Article], min_confidence: float, show: bool) -> dict[str, float]:
    from livebrief.read.slavic import read_slavic

    c = {k: [0, 0, 0] for k in ("places", "people", "events", "events_briefed")}
    dists: list[float] = []
    harm_right = harm_all = 0
    for a in articles:
        r = read_slavic(a.text, a.lang, a.published)
        tp, fp, fn, d, misses = match_places(a.places, r.places)
        dists += d
        for i, v in enumerate((tp, fp, fn)):
            c["places"][i] += v
        got = {e["canonical"] for e in r.entities if e["label"] == "PERSON"}
        names = {n.lower(): names[0] for names in a.people for n in names}
        right = {names[x.lower()] for x in got if x.lower() in names}
        c["people"][0] += len(right)
        c["people"][1] += sum(1 for x in got if x.lower() not in names)
        c["people"][2] += len(a.people) - len(right)
        misses += [f"extra person {x}" for x in got if x.lower() not in names]
        misses += [f"missed person {n[0]}" for n in a.people if n[0] not in right]
        for key, floor in (("events", 0.0), ("events_briefed", min_confidence)):
            pred = [e for e in r.events if e["confidence"] >= floor]
            used = set()
            for words, etype, killed, wounded in a.events:
                at = a.text.find(words)
                assert at >= 0, (a.id, words)
                hit = next((i for i, e in enumerate(pred) if i not in used and e["start"] <= at < e["end"]
                            and e["type"] == etype), None)
                if hit is None:
                    c[key][2] += 1
                    if key == "events":
                        misses.append(f"missed event {etype} at '{words}'")
                    continue
                used.add(hit)
                c[key][0] += 1
                if key == "events":
                    harm_all += 1
                    e = pred[hit]
                    ok = (e["killed"] or 0, e["wounded"] or 0) == (killed, wounded)
                    harm_right += ok
                    if not ok:
                        misses.append(f"harm {e['killed']}/{e['wounded']} for {killed}/{wounded} at '{words}'")
            c[key][1] += len(pred) - len(used)
            if key == "events":
                misses += [f"extra event {e['type']} ({e['confidence']}) '{a.text[e['start']:e['end']][:60]}'"
                           for i, e in enumerate(pred) if i not in used]
        if show and misses:
            print(f"--- {a.id}")
            for m in misses:
                print("   ", m)
    out = {}
    for k, v in c.items():
        p, rc, f = f1(*v)
        out[f"{k}.P"], out[f"{k}.R"], out[f"{k}.F1"] = p, rc, f
    out["places.within25km"] = sum(d <= 25 for d in dists) / len(dists) if dists else 0.0
    out["harm.right"] = harm_right / harm_all if harm_all else 0.0
    out["harm.matched"] = harm_all
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=Path, default=ROOT / "data" / "eval" / "ukru_articles.src")
    ap.add_argument("--min-confidence", type=float, default=None, help="the briefing's floor (default: the setting's)")
    ap.add_argument("--show-misses", action="store_true")
    args = ap.parse_args()
    from livebrief.settings import Options

    floor = Options.briefing_min_confidence if args.min_confidence is None else args.min_confidence
    articles = load(args.articles)
    for lang in ("uk", "ru", None):
        part = [a for a in articles if lang is None or a.lang == lang]
        res = score(part, floor, args.show_misses and lang is None)
        print(f"{lang or 'all'} ({len(part)} articles): " + ", ".join(
            f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}" for k, v in res.items()
            if not k.endswith((".P", ".R")) or k.startswith("events")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
