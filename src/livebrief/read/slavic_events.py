"""How likely an event read from a Ukrainian or Russian sentence is a current report of its type:
a calibrated probability from the cues the Slavic reader already has, in place of a fixed one.

The features are the cue word's part of speech, tense and aspect (pymorphy3's grammemes), a verb in
the future anywhere in the sentence (but for aid, which is pledged in the future), words
of time ("вчора", "ночью" against years and "тому", "назад"), negation, modality and the future,
conditions, denials, analysis, rhetoric and running totals (``[context]`` of the lexicons'
events.toml), a quotation around the cue, a speech verb, tolls, places and dates. Their weights
(``models/slavic_events.json``, scored as the attribution model's are) are a logistic regression trained by
``scripts/train_slavic_event_model.py`` on sentences the team wrote and labelled
(data/labels/ukru_sentences.tsv); scoring is a sum of weights, with no library beyond the standard one.
"""
from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from . import packaged_model
from .attribution import AttributionModel

MODEL_FILE = "slavic_events.json"
_YEAR = re.compile(r"^(?:19|20)\d\d$")
# the contexts of a cue, named as in the lexicons' [context] table
CONTEXTS = ("now", "ago", "history", "cumulative", "modal", "conditional", "denial", "analysis", "rhetoric")


@dataclass(frozen=True)
class Cue:
    """What the reader knows of a candidate event's sentence, for its features."""
    kind: tuple[str, str]           # (type, sub_type)
    pos: str                        # of the cue word: verb, participle, impersonal, noun, other, harm
    grammemes: frozenset[str]       # of the cue word's first parse
    words: frozenset[str]           # every lemma of the sentence
    negated: bool                   # "не" just before the cue
    quoted: bool                    # the cue inside quotation marks
    said: bool                      # a speech verb or "за словами" in the sentence
    harm: frozenset[str]            # categories of the sentence's counts of people
    place: bool
    day: int | None                 # days from a date in the sentence to publication, if any
    years: tuple[int, ...]          # years written in the sentence
    published_year: int | None
    first: bool                     # the text's first sentence
    question: bool                  # a question
    continues: int = 0              # a toll that continues the events of the last n candidates
    sentence: int = 0               # the sentence's index in its text
    follows: int = 0                # follows the events of the last n candidates, as current as they
    future: bool = False            # a verb of the sentence in the future ("переговори відбудуться")


def features(cue: Cue, context: dict[str, frozenset[str]]) -> list[str]:
    """The names of a candidate's features (binary)."""
    out = [f"type={cue.kind[0]}", f"pos={cue.pos}"]
    for g in ("past", "pres", "futr", "perf", "impf", "infn", "Impe", "pssv", "impr"):
        if g in cue.grammemes:
            out.append(f"cue:{g}")
    for name in CONTEXTS:
        if cue.words & context[name]:
            out.append(f"ctx:{name}")
    flags = {"neg:cue": cue.negated, "neg:any": bool(cue.words & context["negation"]), "quoted": cue.quoted,
             "said": cue.said, "killed": "killed" in cue.harm, "wounded": "wounded" in cue.harm,
             "place": cue.place, "first": cue.first, "question": cue.question}
    out += [k for k, v in flags.items() if v]
    if cue.day is not None:
        out.append("date:recent" if 0 <= cue.day <= 7 else "date:old")
    # (a pledge of aid is told in the future: only other events are forecasts by it)
    if cue.future and cue.kind[0] != "aid":
        out.append("futr:sent")
    if cue.years:
        out.append("year:this" if cue.published_year in cue.years and len(cue.years) == 1 else "year:other")
    return out


# The team's labels (data/labels/ukru_sentences.tsv, data/eval/ukru_articles.src) name event types
# by these codes; "none" is no current event.
LABEL_TYPES = {"ex": "explosions_remote_violence", "civ": "violence_against_civilians", "bat": "battles",
               "ter": "strategic_development", "inf": "infrastructure", "dip": "diplomacy", "aid": "aid",
               "dis": "displacement", "none": None}
# a toll alone says people were harmed, not how: right for any of these types
_VIOLENT = ("explosions_remote_violence", "violence_against_civilians", "battles")


def labelled_sentences(path: Path) -> list[dict]:
    """The rows of the labelled sentences' file (tab-separated, after its comment lines)."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def is_right(event_type: str, cue: Cue, gold: str | None) -> bool:
    """Whether a candidate reports the labelled current event: of its type (a toll alone, which
    the reader calls an attack on civilians, of any violent type)."""
    return event_type == gold or (cue.pos == "harm" and gold in _VIOLENT)


def year_of(word: str) -> int | None:
    return int(word) if _YEAR.match(word) else None


@dataclass(frozen=True)
class EventScorer:
    model: AttributionModel     # a binary logistic regression: weights, bias, probability()
    veto: float = 0.0           # events below this probability are not kept

    def probability(self, feats: Iterable[str]) -> float:
        return self.model.probability(feats)


@cache
def event_scorer() -> EventScorer | None:
    """The packaged scorer (read once per process), or None when it has not been built."""
    data = packaged_model(MODEL_FILE)
    if data is None:
        return None
    return EventScorer(AttributionModel(data["weights"], data["bias"], trained_on=data.get("trained_on", 0)),
                       data.get("veto", 0.0))
