"""Whether an editor would publish an event as the reader found it: a calibrated probability, the
event's confidence.

The sentence model (``sentence_model.py``) reads one sentence's words; many of the events an editor
strikes are sentences shaped like a report whose news is elsewhere: history told in the past tense,
a total to date, a plan, a speaker's charge, a reading of the war, or the second telling of an event
the article has already reported, and some are read wrongly (a type or place an editor would not
print). What tells them apart lies in how the sentence tells its event and where it stands: the
event verb's tense and mood, the dates and years it names against the publication, cues of a tally
or a hedge, whether it is a speaker's word, its position in the article, the article's genre,
whether a place and an actor were found, the rule or the model that typed it, and the sentence
model's own probability. A logistic regression over these few features (``models/event_publishable.json``,
rebuilt by ``scripts/train_event_model.py`` from the team's event labels, ``data/labels/events.jsonl``)
gives P(publishable); it ranks events, it never removes one from the reading.

Every feature is read from what the parser and the other components have already given the
sentence: no model beyond the packaged weights, a few lookups per event.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache

from ..lexicon import lexicon
from . import logistic, packaged_model

MODEL_FILE = "event_publishable.json"

_EN = lexicon("en")
SPEECH = _EN.set("speech", "common_cues") | _EN.set("speech", "cues")
FIRST_PERSON = _EN.set("events", "first_person")
MODALS = _EN.set("events", "modals")
PERFECT = frozenset({"has", "have", "'ve", "'s"})
PAST_PERFECT = frozenset({"had", "'d"})


def _rx(name: str) -> re.Pattern:
    return re.compile(rf"\b(?:{'|'.join(_EN.words('events', name))})\b", re.I)


TALLY = _rx("tally_cues")
HEDGES = _rx("hedges")
SUMMARY = _rx("summary")
HYPOTHETICAL = _rx("hypothetical")
SINCE = _rx("background")
EARLIER = _rx("told_before")
YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
PERCENT = re.compile(r"%|\bper ?cent\b", re.I)


def verb_form(doc, at: int) -> str:
    """How the event's verb (the token at character ``at``, or the verb it hangs on) tells it:
    past, perfect ("has struck"), pluperfect ("had struck"), present, modal ("will strike", "could
    hit"), infinitive ("to strike"), gerund or participle, or noun (a report with no verb)."""
    span = doc.char_span(at, at + 1, alignment_mode="expand")
    if span is None:
        return "none"
    t = span.root
    for _ in range(3):
        if t.pos_ in ("VERB", "AUX") or t.head.i == t.i:
            break
        t = t.head
    if t.pos_ not in ("VERB", "AUX"):
        return "noun"
    aux = [c for c in t.children if c.dep_ in ("aux", "auxpass")]
    low = {c.lower_ for c in aux}
    if any(c.tag_ == "MD" or c.lower_ in MODALS for c in aux):
        return "modal"
    if low & PAST_PERFECT:
        return "pluperfect"
    if low & PERFECT:
        return "perfect"
    if "to" in low or t.tag_ == "VB":
        return "infinitive"
    if t.tag_ == "VBD" or low & {"was", "were"}:
        return "past"
    if t.tag_ in ("VBZ", "VBP") or low & {"is", "are", "am"}:
        return "present"
    return "gerund" if t.tag_ == "VBG" else "participle" if t.tag_ == "VBN" else "other"


def _days(value: str | None, pub) -> int | None:
    from datetime import date

    if not value or pub is None or not value[:4].isdigit():
        return None
    try:
        d = date(int(value[:4]), int(value[5:7]) if len(value) >= 7 else 6, int(value[8:10]) if len(value) >= 10 else 15)
    except ValueError:
        return None
    return (pub - d).days


@dataclass(frozen=True)
class Telling:
    """How an event was found and told, beyond the event itself: what the events reader knows when
    it makes the event (the route, the sentence model's reading, where the sentence stands)."""
    route: str                  # "rule" (a rule's cue typed it) or "model" (the sentence model did)
    p_event: float              # the sentence model's P(current event), with the text's prior
    model_type: str | None      # the sentence model's most probable type of event
    p_type: float               # its probability of the event's type, among the types of event
    cue: int                    # where the event's cue (its verb) starts
    index: int                  # the sentence's place in the text (0 = the first)
    context: tuple[str, ...]    # the dates (ISO values) the two sentences before it name
    paragraph: int              # its paragraph's place in the text (lines before it; 0 = the first)
    opens_paragraph: bool       # it is its paragraph's first sentence
    sentences: int              # how many sentences the text has
    short: bool                 # a headline or a short note (not an article)
    genre: str                  # the text's genre (read.genre), from its opening
    quoted: float               # the share of the sentence inside quotation marks
    earlier_same: bool          # the text already reported an event of this type (and place)
    near_same: bool             # ... or one of this type a sentence or two before (see events.NEAR)
    same_type: bool             # ... or one of this type anywhere before, whatever its place
    before: int                 # how many events the text told before this one
    same_actor: bool            # an event a sentence or two before had this event's actor
    cumulative: bool            # a figure in the sentence is a total to date


def features(doc, sent, ev, how: Telling, pub) -> dict[str, float]:
    """The event's features (name -> value), every one cheap to read."""
    text = sent.text
    f: dict[str, float] = {}
    p = min(max(how.p_event, 1e-4), 1 - 1e-4)
    f["p_event_logit"] = max(-6.0, min(6.0, math.log(p / (1 - p))))
    f["model_agrees"] = float(how.model_type == ev.type)
    f["p_type"] = how.p_type
    f[f"route={how.route}"] = 1.0
    f[f"type={ev.type}"] = 1.0
    f[f"verb={verb_form(doc, how.cue)}"] = 1.0
    # the date it is told of, against the publication
    days = _days(ev.date, pub) if ev.time_precision < 3 else None
    f["date=" + ("publication" if days is None else "ahead" if days < 0 else "days" if days <= 3
                 else "weeks" if days <= 31 else "older")] = 1.0
    ago = [x for x in (_days(v, pub) for v in how.context) if x is not None]
    f["context_recent"] = float(any(0 <= x <= 7 for x in ago))
    f["context_old"] = float(any(x > 31 for x in ago))
    f["year_before"] = float(pub is not None and any(int(y) < pub.year for y in YEAR.findall(text)))
    f["tally_cue"] = float(bool(TALLY.search(text)) or how.cumulative)
    f["summary_cue"] = float(bool(SUMMARY.search(text)))
    f["since"] = float(bool(SINCE.search(text)))
    f["hedge"] = float(bool(HEDGES.search(text) or HYPOTHETICAL.search(text)))
    f["told_before"] = float(bool(EARLIER.search(text)))
    f["percent"] = float(bool(PERCENT.search(text)))
    # whose word it is
    root = sent.root
    f["said"] = float(root.lemma_.lower() in SPEECH)
    f["claimed"] = float(ev.claim != "reported")
    f["quoted"] = min(1.0, how.quoted)
    f["first_person"] = float(any(t.lower_ in FIRST_PERSON or t.lower_ in ("our", "my", "us") for t in sent))
    f["negated"] = float(any(c.dep_ == "neg" for c in root.children))
    # where it stands
    f["first_sentence"] = float(how.index == 0)
    f["lead"] = float(how.index < 4)
    f["body"] = float(how.index >= 10)
    f["first_paragraph"] = float(how.paragraph == 0)
    f["opens_paragraph"] = float(how.opens_paragraph)
    f["position"] = how.index / max(1, how.sentences - 1)
    f["short_text"] = float(how.short)
    f[f"genre={how.genre}"] = 1.0
    f["earlier_same"] = float(how.earlier_same)
    f["near_same"] = float(how.near_same)
    f["same_type"] = float(how.same_type)
    f["events_before"] = min(how.before, 4) / 4.0
    f["same_actor"] = float(how.same_actor)
    # what was found
    f["place"] = float(ev.place is not None or ev.place_name is not None)
    f["town"] = float(ev.geo_precision == 1)
    f["actor"] = float(ev.actor is not None)
    f["harm"] = float(ev.killed is not None or ev.wounded is not None)
    f["words"] = min(sum(1 for t in sent if t.is_alpha), 60) / 30.0
    return f


@dataclass(frozen=True)
class EventModel:
    weights: dict[str, float]
    bias: float
    trained_on: int = 0

    def probability(self, feats: dict[str, float]) -> float:
        z = self.bias + sum(v * self.weights.get(k, 0.0) for k, v in feats.items())
        return logistic(z)


@cache
def event_model() -> EventModel | None:
    """The packaged model (loaded once per process), or None when it has not been built."""
    data = packaged_model(MODEL_FILE)
    if data is None:
        return None
    return EventModel(weights=data["weights"], bias=data["bias"], trained_on=data.get("trained_on", 0))
