"""Typed events, one per sentence that reports one, with a taxonomy compatible with ACLED's
where it overlaps, plus what ACLED lacks (diplomacy, aid, displacement, infrastructure).

type / sub_type:
- battles: armed clash
- explosions_remote_violence: air/drone strike; shelling/artillery/missile attack
- violence_against_civilians: attack on civilians; abduction/forced disappearance
- strategic_development: territorial change (recaptured, withdrew from, took control of...);
  disrupted weapons use (shot down, intercepted, a mine defused); looting/property destruction
- diplomacy: meeting; statement of support; sanctions package; accession step (application,
  invitation, ratification, membership)
- aid: pledge; delivery
- displacement: displacement
- infrastructure: attack on energy / water / heating infrastructure
- protests: protest

Whether a sentence reports a current event, and of which type, is read by a learned sentence
model (``sentence_model.py``, trained on sentences the team labelled) together with the rules
below: the model's type wins where it is confident, a rule's cue gives the sub-type and where the
actor and place are read; a rule's event that the model is sure is not a current report
(history, rhetoric, analysis) is dropped. The confidence is the event model's calibrated
probability that an editor would publish the event as read (``event_model.py``), once the text's
events are all known; it ranks them and removes none.

What is background, not the news, is read from the sentence's shape and the text's time as well:
the occasion a statement or a later piece of news is told on ("When the dam was blown up, he
blamed Kyiv", "The appeal came after the discovery of graves": an article's sentence whose verb
is one of saying, reacting or following is read without that clause), what ranks or reads its
subject ("the first leader to ...", "the visits underscore ..."), the writer's own story, a
vague time long past ("last summer"), and a story told of a date long before the publication (a
paragraph that opens with one; a chronicle of such dates, across its paragraphs).

Each event: actor (the clause's subject, canonical), target, place (the first place of the
sentence), date (a date in the sentence, else the publication date) with time_precision (1 day,
2 week or month, 3 only the publication date), geo_precision (1 town, 2 admin1 or region, 3
country or wider), quantities of harm, a claim status (reported, claimed by X, denied by X), the
sentence's offsets and a confidence.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..lexicon import lexicon
from ..places.distance import km
from ..text import text_of
from .aid import UKRAINE  # aid goes to Ukraine: one definition of naming it
from .entities import dateline_end
from .event_model import Telling, event_model
from .event_model import features as event_features
from .genre import classify
from .nlp import anchor
from .sentence_model import ARTICLE_EVENT_RATE, current_event, event_rate_of, read_sentence, sentence_model

# The triggers and the words around them are data (lexicon/en/events.toml); the shapes of the
# patterns (a cue, then within so many characters an object) are here.
_EN = lexicon("en")


def _any(name: str) -> str:
    """The events list ``name`` as an alternation, in the file's order (the first that matches wins)."""
    return "|".join(_EN.words("events", name))


def _then(first: str, within: int, second: str) -> str:
    """A cue of list ``first``, then within ``within`` characters one of list ``second``."""
    return rf"\b(?:{_any(first)})\b.{{0,{within}}}\b(?:{_any(second)})"


def _cue(name: str, flags: int = re.I) -> re.Pattern:
    """Any of the list ``name`` as a whole word."""
    return re.compile(rf"\b(?:{_any(name)})\b", flags)


RULES: list[tuple[str, str, re.Pattern]] = [
    ("strategic_development", "territorial change", re.compile(rf"\b(?:{_any('territorial')})", re.I)),
    ("infrastructure", "attack on energy infrastructure",
     re.compile(_then("infrastructure_attacks", 80, "infrastructure_targets") + r"\b", re.I)),
    ("strategic_development", "disrupted weapons use", _cue("disrupted")),
    ("battles", "armed clash", _cue("ground_combat")),
    ("explosions_remote_violence", "air/drone strike", _cue("air_strike")),
    ("explosions_remote_violence", "shelling/artillery/missile attack", _cue("shelling")),
    ("explosions_remote_violence", "shelling/artillery/missile attack",
     re.compile(_then("damage_before", 40, "damaged_buildings") + r"\b|" + _then("damaged_buildings", 40, "damage_after")
                + rf"\b|^\W*(?:{_any('caption_participles')})\s+(?:\S+\s+){{0,3}}(?:{_any('damaged_buildings')})\b", re.I)),
    ("battles", "armed clash", _cue("clash")),
    ("violence_against_civilians", "attack on civilians", _cue("against_civilians")),
    ("violence_against_civilians", "abduction/forced disappearance", _cue("abduction")),
    ("strategic_development", "looting/property destruction", _cue("looting")),
    ("displacement", "displacement", _cue("displacement")),
    ("diplomacy", "accession step", _cue("accession")),
    ("diplomacy", "sanctions package", re.compile(_then("sanctions_decisions", 40, "sanctions") + r"\b", re.I)),
    ("diplomacy", "meeting", re.compile(rf"\b(?:{_any('meeting')})\b|\b(?:{_any('journey')}) (?-i:[A-Z])", re.I)),
    ("aid", "delivery", re.compile(_then("deliveries", 80, "delivered") + r"\b|" +
                                   _then("delivered", 60, "passive_auxiliaries") + rf" (?:{_any('passive_deliveries')})\b",
                                   re.I)),
    ("aid", "pledge", re.compile(_then("pledges", 60, "pledged") + r"\b", re.I)),
    ("protests", "protest", _cue("protest")),
]
# the sub-type of an event whose type the sentence model gave and no rule's cue names
DEFAULT_SUB = {"strategic_development": "other", "infrastructure": "attack on energy infrastructure",
               "explosions_remote_violence": "shelling/artillery/missile attack", "battles": "armed clash",
               "violence_against_civilians": "attack on civilians", "displacement": "displacement",
               "diplomacy": "other", "aid": "pledge", "protests": "protest"}
# The sentence model (read/sentence_model.py) finds the events no rule's cue names (its
# EVENT_THRESHOLD); a rule's event survives only below RULE_VETO of "none" (the model is sure it
# is history, rhetoric or analysis). A calibrated probability, fixed before any measurement on
# the external sets.
RULE_VETO = 0.95
DENY = _cue("denials")
CLAIM = _cue("claims")
ACCORDING_TO: str = _EN.get("events", "according_to")
MEETING_NOT = re.compile(rf"\b(?:{_any('meeting_reporters')}) (?:met|visited)\b|"
                         rf"\b(?:with|met) (?:the )?(?:{_any('meeting_press')})\b|"
                         rf"\b(?:{_any('meeting_passive')}) met\b|"   # promises "were not met"
                         rf"\bmet with (?:\w+ )?(?:{_any('meeting_reactions')})\b")
DISPLACED_WHO = re.compile(rf"\b(?:{_any('displaced_people')}|\d[\d,.]*\s*(?:{_any('displaced_scales')})?)\b", re.I)
# (the month "May" is no modal: "on 10 May" reports a fact)
HYPOTHETICAL = re.compile(rf"\b(?:{_any('hypothetical')})\b(?<!(?-i:May))", re.I)
MODALS = _EN.set("events", "modals")
BACKGROUND = _EN.set("events", "background")
TERRITORY = _EN.set("events", "territory_nouns")
AMOUNTS = _EN.set("events", "amount_nouns")
DISRUPTED_UNLESS, DISRUPTED_ALL = _cue("disrupted_unless"), _cue("disrupted_all")
CARGO = _EN.set("events", "cargo_nouns")
TARGETS = re.compile(rf"\b({_any('targets')})\b", re.I)

def _factual(doc: Doc, start: int, end: int) -> bool:
    """The cue is a finite verb in the past or present, not under a modal, not a plan or a threat."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    verbs = [t for t in span if t.pos_ in ("VERB", "AUX") or t.tag_ in ("VBD", "VBN")]
    if not verbs:
        # ("there was an armed clash near ...": the noun of an existential "there was" is one too)
        # (and a caption's or a note's noun without a verb: "Damage to a school in Kharkiv")
        return any(t.pos_ == "NOUN" for t in span) and span.root.dep_ in ("nsubj", "nsubjpass", "dobj", "attr", "ROOT")
    finite = [t for t in verbs if t.tag_ in ("VBD", "VBN", "VBZ", "VBP")]
    if not finite:
        return False
    v = finite[0]
    if any(c.lower_ in MODALS for c in v.children if c.dep_ in ("aux", "auxpass")):
        return False
    # (a participle that describes the noun a caption or a note is, "Apartment block destroyed in
    # Kharkiv", "Destroyed homes.", reports it; one inside a sentence, "residents returned to
    # destroyed homes", does not)
    noun = v.head.head if v.head.dep_ == "conj" else v.head   # ("Shops and homes damaged in ...")
    caption = noun.dep_ == "ROOT" and noun.pos_ in ("NOUN", "PROPN")
    return v.dep_ not in ("amod", "acl") or v.tag_ == "VBD" or caption



@dataclass
class Event:
    type: str
    sub_type: str
    actor: str | None
    target: str | None
    place: int | None
    place_name: str | None
    country: str | None
    date: str | None
    time_precision: int
    geo_precision: int | None
    killed: float | None = None
    wounded: float | None = None
    displaced: float | None = None
    claim: str = "reported"
    source: str | None = None
    start: int = 0
    end: int = 0
    confidence: float = 0.5
    lat: float | None = None
    lon: float | None = None
    quantities: list[dict] = field(default_factory=list)
    # what the event model read of it (read/event_model.py), for scripts/train_event_model.py; not output
    features: dict[str, float] = field(default_factory=dict, repr=False, compare=False)
    # a later telling of an event the text told before (_retellings); not output: its confidence says it
    retold: bool = field(default=False, repr=False, compare=False)

    def as_dict(self) -> dict:
        return {"type": self.type, "sub_type": self.sub_type, "actor": self.actor, "target": self.target,
                "place": self.place, "place_name": self.place_name, "country": self.country, "lat": self.lat,
                "lon": self.lon, "date": self.date, "time_precision": self.time_precision,
                "geo_precision": self.geo_precision, "killed": self.killed, "wounded": self.wounded,
                "displaced": self.displaced, "claim": self.claim, "source": self.source,
                "start": self.start, "end": self.end, "confidence": self.confidence}


# an actor phrase that names nobody (see events.toml)
UNNAMED_OWNERS = _EN.set("events", "unnamed_owners")
OWNERLESS = _EN.set("events", "ownerless")
AGENTS = _EN.set("events", "agent_nouns")
FRAMES = _EN.set("events", "frames")
SPEECH = _EN.set("speech", "common_cues") | _EN.set("speech", "cues")
# the verbs of saying whose subject may act in an event they name ("Russia announced strikes")
SPEECH_ACTS = frozenset({"announce", "confirm", "claim", "report", "pledge", "promise", "agree"})
SUMMARY = _cue("summary")
EARLIER = _EN.set("events", "earlier")
EARLIER_PREPS = _EN.set("events", "earlier_prepositions")
ANTERIOR = _EN.set("events", "anterior")
REACTIONS = _EN.set("events", "reactions")
OCCASIONED = _EN.set("events", "occasioned")
STATE_SUBJECTS = _EN.set("events", "state_subjects")
CONCURRENT = _EN.set("events", "concurrent")
RANKS = _EN.set("events", "ranks")
READINGS = _EN.set("events", "readings")
FIRST_PERSON = _EN.set("events", "first_person")
FURNITURE = _EN.set("events", "furniture")
AGENCIES = frozenset(_EN.table("genre", "furniture")["agencies"])   # (one list: genre.toml's)
RESPONDERS = _EN.set("events", "responders")
DISCOVERIES = _EN.set("events", "discoveries")
# a weapon's noun ("rocket", "drones"): what is found after a strike may be what struck
WEAPON_NOUN = re.compile(rf"(?:{'|'.join(_EN.words('weapons', 'countable'))})", re.I)


# the dependencies that open a clause of its own: the subject of the clause above ("Kyiv says
# rockets were launched", "a video showed a mast falling after a missile hit it", "the town that
# the army took") is a source, a frame or another event's, not this event's actor
CLAUSES = frozenset({"ccomp", "advcl", "relcl", "parataxis", "csubj", "csubjpass"})


def _furniture(words, source: bool = False) -> bool:
    """Whether an actor phrase is a label of the page ("Continuation of the material", "Read
    more", a caption's "Photo") or the agency that filed the story ("AFP"), not a party (an
    agency may be the source of a claim)."""
    first = next((w for w in words if w.lower_ != "the"), None)
    if first is None:
        return False
    lemma = first.lemma_.lower()
    agency = words.text.lower() in AGENCIES or first.lower_ in AGENCIES
    return lemma in FURNITURE or first.lower_ in FURNITURE or (lemma in FRAMES and first.is_title) \
        or (agency and not source)


def _actor(doc: Doc, sent: Span, at: int, source: bool = False, harm: bool = False) -> str | None:
    """The subject of the verb nearest the cue, as the article names it: a name, or a phrase that
    says whose ("Russian forces", "the Defense Ministry"); not a pronoun's ("its forces", "some
    soldiers") nor the dateline the parser took for the subject ("KHARKIV, Ukraine --"). Of a
    passive verb the actor is its agent ("by Russian forces"), never what it befell ("Kharkiv has
    been targeted"); the subject of the clause above the cue's is not the event's actor; an event's
    actor that names no one is an armed force, a government or people (AGENTS), not "Footage" or
    "Fears" (a source may be anything that speaks), and never the page's furniture ("Continuation",
    "Read more", an agency's name). Of harm (``harm``: a strike, a battle, an attack) who found,
    treated or investigates the harmed did not do it ("Prosecutors are heading to the grave",
    "police found the bodies")."""
    tok = doc.char_span(at, at + 1, alignment_mode="expand")
    if tok is None:
        return None
    dateline = dateline_end(text_of(doc)) if sent.start == 0 else 0
    t = tok.root
    if not source and t.lemma_.lower() in SPEECH - SPEECH_ACTS:
        return None   # (the model's event read at a verb of saying, "Russia accused Ukraine of ...")
    for _ in range(6):
        # (the parser may give the verb two subjects, the dateline and the real one)
        subjects = [c for c in t.children if c.dep_ in ("nsubj", "nsubjpass", "agent")]
        if not source and any(c.dep_ == "nsubjpass" for c in subjects):
            subjects = [c for c in subjects if c.dep_ == "agent"]
            if not subjects:
                return None   # a passive without its agent: who did it is not said here
        subj = next((c for c in subjects if c.idx >= dateline), subjects[0] if subjects else None)
        if subj is not None and t.lemma_ == "be" and not source:
            return None   # ("the town lies on the axis of an advance": described, not acting)
        if subj is not None and harm and t.lemma_.lower() in DISCOVERIES and t.tag_ != "VBN" \
                and not WEAPON_NOUN.fullmatch(subj.lower_):
            return None   # ("investigators found the bodies": they found the harm, not did it)
        if subj is not None:
            if subj.dep_ == "agent":
                subj = next((c for c in subj.children if c.dep_ == "pobj"), subj)
            if harm and subj.lemma_.lower() in RESPONDERS:
                return None   # ("Prosecutors ... are heading to Izium", "rescuers search the rubble")
            if subj.idx < dateline:
                # the words after the dateline, in apposition to it, are the subject
                subj = next((c for c in subj.subtree if c.idx >= dateline and c.dep_ == "appos"), None)
                if subj is None:
                    return None
            ents = [e for e in doc.ents if e.start <= subj.i < e.end and e.label_ in ("GPE", "NORP", "ORG", "PERSON")]
            if ents:
                if not source and len(ents[0]) == 1 and ents[0][0].lower_ in FRAMES:
                    return None   # ("Footage", "Debris" the tagger took for a name)
                if _furniture(ents[0], source):
                    return None
                return re.sub(r"^the\s+", "", ents[0].text, flags=re.I)
            words = doc[subj.left_edge.i: subj.i + 1]
            if dateline and words.start_char < dateline:
                words = doc[next((w.i for w in words if w.idx >= dateline), subj.i): subj.i + 1]
            np = words.text
            if _furniture(words, source):
                return None
            bare = [w for w in words if w.lower_ != "the"]
            if subj.pos_ in ("NOUN", "PROPN") and len(np) < 60 and words[0].lower_ not in UNNAMED_OWNERS \
                    and not (len(bare) == 1 and subj.lemma_.lower() in OWNERLESS and not source) \
                    and (source or _agent(subj, sent)):
                return re.sub(r"^the\s+", "", np, flags=re.I)
            return None
        if t.head.i == t.i or (t.dep_ in CLAUSES and not source):
            break
        if not source and (t.head.lemma_.lower() in SPEECH - SPEECH_ACTS
                           or (t.pos_ in ("NOUN", "PROPN") and t.head.lemma_ == "be")):
            # "the Pope decried a missile strike", "Russia accused Ukraine of carrying out strikes":
            # who spoke of the event did not act in it; "the town lies
            # on the axis of an advance": what a copula describes did not act either
            return None
        t = t.head
    return None


def _agent(subj, sent: Span) -> bool:
    """Whether a subject that is no named entity may be an event's actor: an agent's noun
    ("Russian forces", "air defences"), or a name the tagger missed (a word capitalised inside
    the sentence, or its first word unless that is a frame's noun: "Footage", "Fears")."""
    lemma = subj.lemma_.lower()
    if lemma in AGENTS or subj.lower_ in AGENTS:
        return True
    if not subj.is_title or lemma in FRAMES or subj.lower_ in FRAMES:
        return False
    return True


def _according_to(doc: Doc, end: int) -> str | None:
    """Who "according to" names: the object of its "to" ("according to regional governor
    Oleksandr Starukh"), by name where the phrase has one."""
    tok = doc.char_span(end - 2, end, alignment_mode="expand")
    obj = next((c for c in tok.root.children if c.dep_ == "pobj"), None) if tok is not None else None
    if obj is None or obj.pos_ == "PRON":
        return None   # ("according to him": whom the article said before, which the quotes resolve)
    ents = [e for e in doc.ents if obj.left_edge.i <= e.start and e.end <= obj.i + 1 and e.label_ in ("PERSON", "ORG")]
    if ents:
        return ents[-1].text
    np = doc[obj.left_edge.i: obj.i + 1].text
    return re.sub(r"^the\s+", "", np, flags=re.I) if len(np) < 60 else None


def _target(sent_text: str, sub_type: str) -> str | None:
    m = TARGETS.search(sent_text)
    return m.group(1).lower() if m else None


def _plausible(doc: Doc, etype: str, sub: str, text: str, start: int, end: int) -> bool:
    """What each kind of event needs beyond its verb: aid goes to Ukraine; a meeting is between
    people who are not the reporter and the press; the displaced are people; and nothing that a
    "since ..." clause gives as background is this report's event."""
    if etype == "aid" and not UKRAINE.search(text):
        return False   # "the transfer of nuclear weapons to Belarus" is not aid to Ukraine
    if sub == "meeting" and MEETING_NOT.search(text):
        return False
    if sub == "disrupted weapons use" and (m := DISRUPTED_UNLESS.search(text)) \
            and not (m.group(0).lower() in ("of which", "of them", "out of") and DISRUPTED_ALL.search(text)):
        # "debris of a downed drone damaged a house", "22 of the 30 drones were shot down": the
        # strike's harm, or what was not stopped, is read as a strike
        return False
    if etype == "displacement" and not DISPLACED_WHO.search(text):
        return False   # "fakes that I allegedly fled", "the centre was evacuated"
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is not None:
        verb = span.root if span.root.pos_ in ("VERB", "AUX") else span.root.head
        if any(c.dep_ == "mark" and c.lower_ in BACKGROUND for c in verb.children):
            return False   # "since Russia captured Crimea": background
        if sub == "territorial change" and any(c.dep_ in ("dobj", "nsubjpass") and not _territory(c) for c in verb.children):
            return False   # "captured two tanks", "prisoners were freed", "drones have been captured"
        if sub == "meeting" and any(c.dep_ == "nsubj" and c.pos_ == "NOUN" and _cargo(c) for c in verb.children):
            return False   # "more helicopters had arrived in Belgorod", "a planeload of hardware arrived in Kyiv"
    return True


def _cargo(noun) -> bool:
    """Whether a noun names a thing that travels, not a party that meets: a weapon ("helicopters"),
    a load or what carries it ("a planeload of hardware", "the vessel")."""
    return bool(WEAPON_NOUN.fullmatch(noun.lower_)) or noun.lemma_.lower() in CARGO


def _territory(obj) -> bool:
    """Whether what a change of control takes may be territory: a name, or a noun of territory
    ("the village"), also after an amount ("dozens of villages")."""
    if obj.pos_ != "NOUN":
        return True
    if obj.lemma_.lower() in AMOUNTS or obj.lower_ in AMOUNTS:
        obj = next((g for c in obj.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children
                    if g.dep_ == "pobj"), obj)
    return obj.pos_ != "NOUN" or obj.lemma_.lower() in TERRITORY


def _days_before(value: str, pub) -> int:
    """Days from an ISO date (a month counts from its 28th, a year from December) to ``pub``."""
    y = int(value[:4])
    m = int(value[5:7]) if len(value) >= 7 else 12
    d = int(value[8:10]) if len(value) >= 10 else 28
    try:
        return (pub - date(y, m, d)).days
    except ValueError:
        return 0


# the fewest words a sentence needs for the model alone to read an event in it
FEWEST_WORDS = 4


def _statement(sent: Span) -> bool:
    """Whether a sentence says something the model may read as an event: at least FEWEST_WORDS
    words, one of them no name ("Explosion in central Kyiv" is a report; "Advertisement", "after
    newsletter promotion" and a photo's credit, "Jane Doe/Pool/Getty Images", are page furniture)."""
    words = [t for t in sent if t.is_alpha]
    return len(words) >= FEWEST_WORDS and any(not t.is_title and t.pos_ != "PROPN" for t in words)


def _described(doc: Doc, start: int, end: int) -> bool:
    """Whether the cue's verb stands in a relative clause: what the clause tells describes a place
    or a person the sentence is about ("the bridge where troops fired on a convoy of families",
    "the hamlet that saw a battle"), it is not the report's event."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    # (at any depth: "a road where families were bombed as they fled" describes the road)
    t = span.root
    while t.head.i != t.i:
        if t.dep_ == "relcl":
            return True
        t = t.head
    return False


def _tally(sent: Span, quantities) -> bool:
    """Whether the sentence's harm is a total to date and nothing new ("Since the war began, more
    than 10,000 civilians have been killed"): a tally, not an event."""
    harm = [q for q in quantities if sent.start_char <= q.start < sent.end_char and q.kind == "people"
            and q.category in ("killed", "wounded")]
    return bool(harm) and all(q.cumulative for q in harm)


def _earlier(doc: Doc, start: int, end: int) -> bool:
    """Whether the cue's verb stands in a clause of what came before (EARLIER: "after", "before",
    "when"); read only where the sentence reports no harm, for "two people died when a missile hit
    their house" is the event itself."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    # (a noun's clause is its nearest verb's: "when the dam was blown up in a suspected attack")
    verb = span.root
    for _ in range(4):
        if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i:
            break
        verb = verb.head
    # (a clause the parser joined to the sentence's verb as a second one keeps its "after": "made
    # a trip to Kyiv - a day after Xi met Putin")
    return (verb.dep_ == "advcl" and any(c.dep_ in ("mark", "advmod") and c.lower_ in EARLIER for c in verb.children)) \
        or any(c.dep_ == "mark" and c.lower_ in EARLIER for c in verb.children)


def _harmed(sent: Span, quantities) -> bool:
    """Whether the sentence reports people killed or wounded, in its news (not in the occasion it
    is told on: "The blasts come a week after one person was killed in similar blasts")."""
    occasion = _occasion(sent)
    return any(q.kind == "people" and q.category in TOLL and sent.start_char <= q.start < sent.end_char
               and not _within(q.start, occasion) for q in quantities)


def _within(at: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= at < e for s, e in spans)


def _first_person(doc: Doc, start: int, end: int) -> bool:
    """Whether the cue's verb has the writer or the speaker for its subject ("I", "we")."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    verb = span.root if span.root.pos_ in ("VERB", "AUX") else span.root.head
    return any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in FIRST_PERSON for c in verb.children)


def _ranked(noun) -> bool:
    """Whether a noun is ranked ("the first governor", "the only leader", "the largest attack")."""
    return any(c.dep_ == "amod" and (c.lower_ in RANKS or c.tag_ == "JJS") for c in noun.children)


def _occasion(sent: Span) -> list[tuple[int, int]]:
    """Where, in an article's sentence, the occasion its news is told on stands (character spans):
    what came before ("after", "before", "when", "since" — EARLIER and BACKGROUND — as a clause's
    conjunction or a preposition), where the sentence's verb is one of saying or reacting ("When
    the dam was blown up, he blamed Kyiv") or tells that its subject came after something ("The
    appeal came after the discovery of graves", OCCASIONED). None where its verb is of another
    kind ("Russia said its troops destroyed a depot after Ukraine shelled Donetsk" reports the
    depot), nor in a headline or a short note, which has no other news (EVENT_RATE of the text:
    "Residents report fires after a strike" is its report)."""
    cache = sent.doc.user_data.setdefault("lb_occasions", {})
    if sent.start in cache:
        return cache[sent.start]
    root, heads = sent.root, []
    if (root.lemma_.lower() in SPEECH | REACTIONS | OCCASIONED or _state(root)) \
            and event_rate_of(sent.doc) == ARTICLE_EVENT_RATE:
        for t in root.children:
            marks = EARLIER | BACKGROUND | (CONCURRENT if root.lemma_.lower() in OCCASIONED else frozenset())
            marked = t.dep_ == "advcl" and any(c.dep_ in ("mark", "advmod") and c.lower_ in marks for c in t.children)
            # (what a verb of following takes is what came before: "The visit follows Xi's trip to Moscow")
            if marked or (t.dep_ == "prep" and t.lower_ in EARLIER_PREPS) \
                    or (t.dep_ == "dobj" and root.lemma_.lower() in OCCASIONED):
                heads.append(t)
            elif t.dep_ == "npadvmod":   # ("came just hours after ...": the "after" hangs on "hours")
                heads += [c for c in t.children if c.dep_ in ("prep", "advcl") and c.lower_ in EARLIER_PREPS]
    cache[sent.start] = [(t.left_edge.idx, t.right_edge.idx + len(t.right_edge)) for t in heads]
    return cache[sent.start]


def _state(root) -> bool:
    """Whether a sentence's verb tells a state of things, not an event: a copula with an empty
    subject ("It was a quiet weekend in the capital after Friday's strikes"), whose after- or
    before-phrase is the occasion the state is told on."""
    return root.lemma_ == "be" and any(c.dep_ in ("nsubj", "expl") and c.lower_ in STATE_SUBJECTS for c in root.children)


def _main_clause(sent: Span) -> list:
    """The sentence's tokens without the occasion its news is told on (_occasion)."""
    occasion = _occasion(sent)
    return [t for t in sent if not _within(t.idx, occasion)]


def _summary(sent: Span, dates) -> bool:
    """Whether the sentence sums up many events ("in recent weeks", "every day", "so far") and
    names no day of its own: analysis, not the report of an event."""
    return bool(SUMMARY.search(sent.text)) and not any(
        sent.start_char <= d.start < sent.end_char and d.granularity == "day" for d in dates)


def _rule_event(doc: Doc, sent: Span, quantities) -> tuple[str, str, int] | None:
    """The first rule whose cue reports a fact here (not a threat, a plan or background):
    (type, sub-type, where its cue starts)."""
    text, s0 = sent.text, sent.start_char
    if HYPOTHETICAL.search(text) or text.rstrip().endswith("?"):
        return None   # a threat, a warning, a plan, an analysis: not (yet) an event
    harmed = _harmed(sent, quantities)
    for etype, sub, rx in RULES:
        # (each of the cue's places in turn: "after Ukraine shelled Donetsk, Russian guns shelled
        # Horlivka" is told by its second)
        for m in rx.finditer(text):
            if not (harmed or _factual(doc, s0 + m.start(), s0 + m.end())):
                continue
            if not harmed and _within(s0 + m.start(), _occasion(sent)):
                continue   # (the occasion of the news: "The appeal came after troops shelled ...")
            if _first_person(doc, s0 + m.start(), s0 + m.end()):
                continue   # ("I travelled to Irpin": the writer's own story; "I saw missiles hit" is a report)
            if not _plausible(doc, etype, sub, text, s0 + m.start(), s0 + m.end()):
                continue
            if not harmed and (_described(doc, s0 + m.start(), s0 + m.end())
                               or _earlier(doc, s0 + m.start(), s0 + m.end())):
                # "Kherson, the one oblast centre Russian troops had taken": a description; "Kishida
                # made a trip to Kyiv a day after Xi met Putin": what came before the news
                continue
            return etype, sub, s0 + m.start()
    return None


def _typed(doc: Doc, sent: Span, rule: tuple[str, str, int] | None, model) -> tuple[str, str, int, float, str] | None:
    """The sentence's event as the rules and the model read it together: (type, sub-type, where
    the cue starts, confidence), or None. A rule's cue is specific ("took control of" is a change
    of territory, a strike on a substation an attack on infrastructure) and keeps its type unless
    the model is sure the sentence reports no current event; where no rule fires, the model's type
    is taken when it thinks an event more likely than not, under the rules' tests of plausibility
    (not a question; aid goes to Ukraine; a meeting is not with the press; the displaced are
    people). The confidence is the model's probability that the sentence reports a current event
    (0.75 for a rule's event when no model is packaged); the route says who typed it ("rule" or
    "model")."""
    if _tally(sent, doc._.lb_quantities or []) or _summary(sent, doc._.lb_dates or []):
        return None
    if model is None:
        return (*rule, 0.75, "rule") if rule else None
    etype, p_event, p, feats = current_event(sent)
    if rule is not None:
        return (*rule, p_event, "rule") if p.get("none", 0.0) < RULE_VETO else None
    text = sent.text
    if etype is None or text.rstrip().endswith("?") or not _statement(sent):
        return None   # (threats, plans and forecasts the model has learned to call none)
    if not _harmed(sent, doc._.lb_quantities or []):
        root = sent.root
        if (root.lemma_ == "be" and any(c.dep_ == "attr" and _ranked(c) for c in root.children)) \
                or root.lemma_.lower() in READINGS \
                or any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in FIRST_PERSON for c in root.children):
            # what the sentence says is where someone or something ranks ("X is the first governor
            # to travel to Kyiv") or what it means ("The two visits underscore the divisions over
            # the war"): a description or a reading, not a report; nor is the writer's or a
            # speaker's own story ("I arrived in Kyiv as the sirens sounded", "today we thank the
            # brigade that downed a jet"), outside quotation marks
            return None
        main = _main_clause(sent)
        if len(main) < len(sent) and current_event(sent, main)[0] is None:
            # the event the model read is the occasion of the sentence's news, told before it
            # ("When the dam was blown up, he blamed Kyiv", "The appeal came after the discovery
            # of graves"): the news itself, its main clause, reports none
            return None
    if HYPOTHETICAL.search(text) and event_rate_of(doc) == ARTICLE_EVENT_RATE \
            and not any(q.kind == "people" and q.category in TOLL and sent.start_char <= q.start < sent.end_char
                        for q in doc._.lb_quantities or []):
        # an article's hedged sentence with no toll is analysis ("the collision was probably the
        # pilot's fault"), as the rules read it; a headline's or a short note's is a report
        return None
    # a rule's cue of this type names the sub-type (and is tested as the rule would be); else the
    # model's sub-type, else the type's
    cue = next(((sub, sent.start_char + m.start(), sent.start_char + m.end()) for t, sub, rx in RULES
                if t == etype and (m := rx.search(text))), None)
    if cue is not None and (_described(doc, *cue[1:]) or _earlier(doc, *cue[1:])):
        cue = None   # (the rule's cue tells of something else: "a day after Xi met Putin")
    if cue is None:
        # (where the sentence's verb is one of saying, "Kyiv says rockets were launched at the city", the
        # event is in what is said, and its actor is the subject there, not the speaker)
        verb = sent.root
        if verb.lemma_.lower() in SPEECH:
            verb = next((c for c in verb.children if c.dep_ in ("ccomp", "parataxis") and c.pos_ in ("VERB", "AUX")), verb)
        if any(c.lower_ in MODALS for c in verb.children if c.dep_ in ("aux", "auxpass")):
            return None   # "... is to be raised at next week's talks": not yet
        cue = (model.sub_type(etype, feats) or DEFAULT_SUB.get(etype, "other"), verb.idx, verb.idx + len(verb))
    sub, start, end = cue
    if not _plausible(doc, etype, sub, text, start, end):
        return None
    return etype, sub, start, p_event, "model"


def _precision(place) -> int:
    """ACLED's geo precision of a place: 1 a town, 2 a region, 3 a country or wider."""
    return 1 if place.feature == "city" else 2 if place.feature in ("admin1", "region", "other") else 3


CODED_TO = re.compile(rf"(?:{_any('coded_to')})\s+$", re.I)
# an operational axis named for a town: "the Bakhmut direction", "in the direction of Pobieda"
_AXIS_AFTER = re.compile(r"^(?:\s*[-–—]\s*[A-Z][\w'’-]+)?\s+(?:" + "|".join(_EN.words("places", "axis_nouns")) + r")\b")
_ALLEGIANCE = re.compile(r"^[-‑–](?:" + "|".join(_EN.words("places", "allegiance_suffixes")) + r")\b", re.I)
# (a source's words may quote the phrase: 'advancing "in the direction" of Pobieda')
_AXIS_BEFORE = re.compile(r"\b(?:" + "|".join(w.replace(" of", r"[\"'“”’]?\s+of") for w in _EN.words("places", "axis_before"))
                          + r")\s+$", re.I)


_PAIR_AFTER = re.compile(r"^[-‑–/](?-i:[A-Z])")
_PAIR_BEFORE = re.compile(r"(?-i:[A-Z])\w*[-‑–/]$")


def _paired(doc: Doc, mention) -> bool:
    """Whether a place is named in a pair of names ("the Russia-Ukraine frontline", "the
    Poland-Belarus border", "Kyiv-Moscow talks"): the pair names a line or a relation between
    them, not where anything happened."""
    text = text_of(doc)
    return bool(_PAIR_AFTER.match(text[mention.end:mention.end + 2])
                or _PAIR_BEFORE.search(text[max(0, mention.start - 30):mention.start]))


ORIGIN = re.compile(rf"\b(?:{_any('launches')})\b[^.;]{{0,45}}\b(?:from|over)\s+(?:[\w'’-]+\s+){{0,2}}$", re.I)


_PAIR_LINE = re.compile(r"\s+(?:" + "|".join(re.escape(w) for w in _EN.words("places", "pair_lines")) + r")\b", re.I)


def _pair_text(doc: Doc, mention) -> str:
    """The pair of names a place is named in, as written, with the line it names where the
    sentence says which ("Russia-Ukraine frontline", "Poland-Belarus border"; else
    "Russia-Ukraine")."""
    text = text_of(doc)
    after = re.match(r"[-‑–/][A-Z][\w'’]*", text[mention.end:mention.end + 40])
    if after:
        start, end = mention.start, mention.end + after.end()
    else:
        before = re.search(r"[A-Z][\w'’]*[-‑–/]$", text[max(0, mention.start - 40):mention.start])
        start, end = (mention.start - len(before.group(0)) if before else mention.start), mention.end
    line = _PAIR_LINE.match(text, end)
    return text[start:line.end() if line else end]


def _in_description(doc: Doc, mention, cue: int) -> bool:
    """Whether a place is named in a relative clause ("Donetsk province, which together with
    Luhansk makes up the Donbas"), where it describes another place, or in a clause of what came
    before that the event's cue is not in ("made a trip to Ukraine a day after Xi met Putin in
    Moscow"): it is not where the event happened."""
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None:
        return False
    for t in span.root.ancestors:
        if t.dep_ == "relcl":
            return True
        if any(c.dep_ in ("mark", "advmod") and c.lower_ in ANTERIOR for c in t.children) \
                and not (t.left_edge.idx <= cue < t.right_edge.idx + len(t.right_edge)):
            return True
    return False


def _axis(text: str, mention) -> bool:
    """Whether a place is named as an operational axis ("the Bakhmut direction", "in the direction
    of Pobieda"): the fighting is in the area the town names, not in the town itself."""
    return bool(_AXIS_AFTER.match(text[mention.end:mention.end + 40])
                or _AXIS_BEFORE.search(text[max(0, mention.start - 30):mention.start]))


def _attacking_country(doc: Doc, mention) -> bool:
    """Whether a country's name is the subject of an active verb ("Russia hits ...", "Russia
    launched drones"): the side that acts, not the place where it acted."""
    if mention.place.feature != "country":
        return False
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    return span is not None and span.root.dep_ == "nsubj" and span.root.head.pos_ in ("VERB", "AUX")


VENUE_PREPOSITIONS = _EN.set("events", "venue_prepositions")
VENUE_VERBS = _EN.set("events", "venue_verbs")
MEETING_NOUNS = _EN.set("events", "meeting_nouns")
MEETING_VERBS = _EN.set("events", "meeting_verbs")
ADDRESSING = _EN.set("events", "addressing") | REACTIONS
SOURCE_PREPOSITIONS = _EN.set("events", "source_prepositions")
# the kinds of diplomacy whose place is the party they concern (the country a sanctions package
# targets, the one an accession step admits), not a venue
PLACED_BY_PARTY = frozenset({"sanctions package", "accession step"})


def _name_head(doc: Doc, mention):
    """The token a place's name hangs on in the sentence, past the words of the name itself
    ("the city of Kyiv", "Kyiv, the capital": the phrase's head)."""
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None:
        return None
    t = span.root
    for _ in range(4):
        if t.dep_ in ("appos", "conj") and t.head.i != t.i:
            t = t.head
        elif t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.pos_ == "NOUN" \
                and t.head.head.lemma_.lower() in TERRITORY:
            t = t.head.head   # ("in the city of Kyiv")
        else:
            break
    return t


def _meeting_noun(t) -> bool:
    return t.lemma_.lower() in MEETING_NOUNS or t.lower_ in MEETING_NOUNS


def _venue(doc: Doc, mention) -> bool:
    """Whether a place is named as where a meeting, a visit or a statement happened: the object of
    a preposition of place that hangs on a verb, a name or a meeting's noun ("met Duda in Warsaw",
    "a trip to Kyiv", "talks in Geneva"), the object or subject of a verb of visiting or hosting
    ("visited Moscow", "Turkey is hosting talks"), or a name before a meeting's noun ("the Vilnius
    summit"); not a place a noun is about ("the war in Ukraine", "Russia's aggression")."""
    t = _name_head(doc, mention)
    if t is None:
        return False
    if t.dep_ in ("compound", "amod", "nmod") and _meeting_noun(t.head):
        return True
    if t.dep_ == "pobj" and t.head.lower_ in VENUE_PREPOSITIONS:
        owner = t.head.head
        # (or on a party to the meeting, where the parser hangs the place: "talks with the president
        # in Gdansk", "met the minister in Riga")
        party = (owner.dep_ == "pobj" and owner.head.lower_ == "with") \
            or (owner.dep_ == "dobj" and owner.head.lemma_.lower() in MEETING_VERBS)
        # (a preposition may hang on another: "On Tuesday in Vilnius, meetings were held")
        return owner.pos_ in ("VERB", "AUX", "PROPN", "ADP") or _meeting_noun(owner) or party
    return t.dep_ in ("dobj", "nsubj", "nsubjpass") and t.head.lemma_.lower() in VENUE_VERBS


def _sources_place(doc: Doc, mention) -> bool:
    """Whether a place says where the source of the sentence is, not the event: a phrase of place
    on the subject of a verb of saying ("officials in Kyiv said ...", "X in Kyiv and Y report"; not
    "the mayor of Melitopol said", whose town is the story's). Another place of the sentence comes
    first; the only one stays (local officials report local harm)."""
    t = _name_head(doc, mention)
    if t is None or t.dep_ != "pobj" or t.head.lower_ not in SOURCE_PREPOSITIONS:
        return False
    who = t.head.head
    while who.dep_ == "conj" and who.head.i != who.i:
        who = who.head   # ("Jane Roe in Kyiv and John Doe report")
    return who.pos_ in ("NOUN", "PROPN") and who.dep_ in ("nsubj", "nsubjpass") and who.head.lemma_.lower() in SPEECH


def _addressed(doc: Doc, mention) -> bool:
    """Whether a place is named as whom a verb of addressing or reacting is aimed at ("accused
    Washington", "thanked Germany", "blamed Kyiv"; not what a verb of saying reports, "reported
    the city of Kreminna has fallen")."""
    t = _name_head(doc, mention)
    return t is not None and t.dep_ == "dobj" and t.head.lemma_.lower() in ADDRESSING


def _sentence_event(doc: Doc, sent: Span, etype: str, sub: str, cue: int, conf: float, pub,
                    places, dates, quantities) -> Event | None:
    """The event a sentence reports, given its type and where its cue is: actor, target, place,
    date, harm figures and claim status."""
    text, s0, s1 = sent.text, sent.start_char, sent.end_char

    def in_sent(xs):
        return [x for x in xs if s0 <= x.start < s1]

    # (not where a weapon was launched from: "missiles fired from bombers over the Caspian Sea")
    pls = [p for p in in_sent(places) if not _ALLEGIANCE.match(text_of(doc)[p.end:p.end + 16]) and not _paired(doc, p)
           and not ORIGIN.search(text_of(doc)[max(s0, p.start - 60):p.start])]
    if etype in TAKES_TOLL:
        # (a country that does the harm is its side, not where it fell: "Five killed as Russia hits
        # rail infrastructure")
        pls = [p for p in pls if not _attacking_country(doc, p)]
    # (whom words are aimed at is not where anything happened: "Putin accused Washington of ..., as
    # explosions rocked a base in Crimea")
    pls = [p for p in pls if not _addressed(doc, p)]
    if etype == "diplomacy" and sub not in PLACED_BY_PARTY:
        # a meeting, a visit, a statement happen where the sentence puts them ("met ... in Warsaw",
        # "visited Moscow", "a trip to Kyiv", "the Vilnius summit"); a country the talks were about,
        # whose policy was blasted or whose war was discussed is no venue ("met Wong, outlining
        # concerns about Russia's aggression")
        pls = [p for p in pls if _venue(doc, p)]
    ds = [d for d in in_sent(dates) if d.granularity == "day"] or in_sent(dates)
    # where it happened: the place a coder's note puts it at ("(coded to Odesa)"), else the most
    # specific place the sentence names (a town before its region, a region before its country:
    # "in the Kharkiv region of Ukraine", "U.K. officials said ... near Vuhledar"), a town itself
    # before the town an axis is named for ("near Bilohorivka on the Bakhmut direction"), among
    # equals one after the cue ("struck ... in Kharkiv")
    # (and where the sentence names it, not in a clause that describes another place: "in Donetsk
    # province, which together with Luhansk makes up the Donbas"; nor in the dateline, where the
    # story was filed: "HONG KONG -- Japan's prime minister made a trip to Ukraine")
    filed = dateline_end(text_of(doc)) if s0 == 0 else 0
    mention = min(pls, key=lambda p: (not CODED_TO.search(text_of(doc)[max(0, p.start - 20):p.start]),
                                      _in_description(doc, p, cue), p.start < filed, _sources_place(doc, p),
                                      _precision(p.place), _axis(text_of(doc), p),
                                      p.start < cue, p.start)) if pls else None
    place = mention.place if mention is not None else None
    geo_precision = _precision(place) if place is not None else None
    place_name = place.name if place is not None else None
    pairs = [p for p in in_sent(places) if _paired(doc, p)]
    if mention is None and pairs:
        # a line between two countries is where it happened, as the sentence names it ("either
        # side of the Russia-Ukraine frontline"), with no point of its own
        place_name, geo_precision = _pair_text(doc, pairs[0]), 3
    if mention is not None and (mention.precision != "exact" or _axis(text_of(doc), mention)):
        # a village the gazetteer lacks, placed at its oblast's point, or one placed at its
        # hromada's middle, or the area of an axis: near the place, ACLED's precision 2; an axis
        # is named as one ("Bakhmut direction"), not as the town
        geo_precision = 2
        if _axis(text_of(doc), mention):
            place_name = f"{place.name} direction"
    if ds:
        date, tp = ds[0].value, (1 if ds[0].granularity == "day" else 2)
        ahead = -_days_before(date, pub) if pub is not None and date[:4].isdigit() else 0
        if pub is not None and date[:4].isdigit() and (_days_before(date, pub) > LONG_BEFORE
                                                       or (ahead > LONG_BEFORE and ds[0].granularity != "year")):
            # background ("Russia annexed Crimea in 2014"), not an event of this report; nor is what
            # a date months after the publication tells (a plan, or a chronicle's past told in the
            # present tense, "On November 9, the army retakes the city", which reads as the next one;
            # a year ahead is a budget's or a plan's span, "€5bn through 2027", and says nothing)
            return None
    else:
        date, tp = (pub.isoformat() if pub else None), 3
    ev = Event(type=etype, sub_type=sub, actor=_actor(doc, sent, cue, harm=etype in TAKES_TOLL),
               target=_target(text, sub),
               place=place.geonameid if place else None, place_name=place_name,
               country=place.cc if place else None, lat=place.lat if place else None,
               lon=place.lon if place else None, date=date, time_precision=tp, geo_precision=geo_precision,
               start=s0, end=s1, confidence=round(conf, 3))
    for q in in_sent(quantities):
        if _of_the_occasion(doc, sent, q):
            continue   # (the toll of what the news came after is not the news's)
        # (a total to date is not this event's toll: "45 civilians have been killed since February")
        # (and the dead and wounded are the toll of violence, not of a meeting or a sanctions
        # package that names them: "the new sanctions name two guards of the prison where ...")
        if q.category in TOLL and etype not in TAKES_TOLL | {"strategic_development"}:
            continue
        if q.kind == "people" and q.category in ("killed", "wounded", "displaced", "refugees") and not q.cumulative:
            key = "displaced" if q.category == "refugees" else q.category
            if getattr(ev, key) is None:
                setattr(ev, key, q.value)
    deny = DENY.search(text)
    if deny:
        ev.claim, ev.source = "denied", _actor(doc, sent, s0 + deny.start(), source=True)
    elif CLAIM.search(text):
        c = CLAIM.search(text)
        ev.claim = "claimed"
        ev.source = _according_to(doc, s0 + c.end()) if c.group(0).lower() == ACCORDING_TO \
            else _actor(doc, sent, s0 + c.start(), source=True)
    return ev


# the events that take the toll of the sentences after them ("... shelled Slovyansk. One civilian
# was killed."), and how many sentences on the toll may stand in the same paragraph
# the shortest sentence that may report an event
SHORTEST = 12
TAKES_TOLL = frozenset({"explosions_remote_violence", "battles", "violence_against_civilians", "infrastructure"})
TOLL_WITHIN = 2
TOLL = ("killed", "wounded")
DISRUPTED = "disrupted weapons use"


# what joins a figure to the harm told before it ("one person was killed and five more injured")
_AND = re.compile(r"\s*,?\s*and\s*$")


def _of_the_occasion(doc: Doc, sent: Span, q) -> bool:
    """Whether a figure is the toll of what the news came after: inside its occasion, or joined to
    it by "and" ("The blasts come a week after one person was killed and five more injured", where
    the parser joins "five" to the main verb)."""
    text = text_of(doc)
    return any(a <= q.start < b or (b <= q.start and _AND.match(text[b:q.start])) for a, b in _occasion(sent))


def _toll(sent: Span, quantities) -> dict[str, float]:
    """The new harm a sentence reports, by category (its first figure of each): not a total to date,
    nor the toll of what the news came after."""
    out: dict[str, float] = {}
    for q in quantities:
        if sent.start_char <= q.start < sent.end_char and q.kind == "people" and q.category in TOLL \
                and not q.cumulative and q.value is not None and not _of_the_occasion(sent.doc, sent, q):
            out.setdefault(q.category, q.value)
    return out


def _same_report(doc: Doc, last: tuple[Event, int] | None, i: int, sent: Span, places) -> Event | None:
    """The event a sentence that reports harm goes on reporting: the last event of the text when
    it is of a kind that has a toll, stands at most TOLL_WITHIN sentences before in the same
    paragraph, and the sentence names no other place ("Russian forces shelled Kherson. Two
    people were killed." is one report; "... In Odesa, two people were killed." another)."""
    if last is None:
        return None
    ev, at = last
    # (a paragraph's break may stand at the end of the event's own sentence)
    if (ev.type not in TAKES_TOLL and ev.sub_type != DISRUPTED) or i - at > TOLL_WITHIN or "\n" in text_of(doc)[ev.start:sent.start_char].strip(" "):
        return None
    own = {p.place.id for p in places if sent.start_char <= p.start < sent.end_char and p.place.feature != "country"}
    return ev if not own or own == {ev.place} else None


# a date this many days or more before the publication is the past, not the news
LONG_BEFORE = 60
# a text that opens so many sentences with a date long past is a chronicle (a timeline, an
# anniversary piece): its time carries across paragraphs until a later date
CHRONICLE = 3
SINCE = re.compile(rf"\b(?:{'|'.join(BACKGROUND)})\s+$", re.I)
PAST_TIMES = re.compile(rf"\b(?:{_any('past_times')})\b", re.I)


def _fronted(sent: Span, d) -> bool:
    """Whether a date opens its sentence, before any verb ("On April 2, ...", "At dawn on February
    24, 2022, ..."): it sets the time of the story that follows ("Russia annexed Crimea in 2014"
    dates only its own clause)."""
    # (from the line's start where one sentence runs over a single line break: a heading with no
    # full stop, "- Chapter 1: the invasion -", on the line before its paragraph; a blank line
    # already ends the sentence, see read.paragraphs)
    opens = text_of(sent.doc).rfind("\n", sent.start_char, d.start) + 1 or sent.start_char
    return not any(t.pos_ in ("VERB", "AUX") for t in sent if opens <= t.idx < d.start)


def _told_in_the_past(doc: Doc, pub, dates) -> set[int]:
    """The sentences (by index) that tell a story set long before the publication and name no
    time of their own: those after a sentence that opens with a date LONG_BEFORE the publication,
    in its paragraph (in a chronicle, until a sentence names a later time). "On April 2, soldiers
    found bodies in a suburb. Hundreds more are found in the weeks after." tells of April, in the
    present tense."""
    if pub is None:
        return set()
    sents = list(doc.sents)
    text = text_of(doc)
    own = [[d for d in dates if s.start_char <= d.start < s.end_char and d.value[:4].isdigit()] for s in sents]
    # (not a span to now: "Since February 2022, ..." counts to the news)
    fronted = [next((d for d in ds if _fronted(s, d) and not SINCE.search(text[max(s.start_char, d.start - 12):d.start])), None)
               for s, ds in zip(sents, own, strict=True)]
    # (of days or months: a profile's years, "In 2014 ...", "Following the 2022 invasion ...", make no chronicle)
    chronicle = sum(1 for d in fronted if d is not None and d.granularity in ("day", "month")
                    and abs(_days_before(d.value, pub)) >= LONG_BEFORE) >= CHRONICLE
    out: set[int] = set()
    then = None   # the date the story is at, and where its sentence ends
    for i, s in enumerate(sents):
        if own[i]:
            then = (fronted[i].value, s.end_char) if fronted[i] is not None else None
            continue
        if then is None:
            continue
        if not chronicle and "\n" in text[then[1]:s.start_char]:
            then = None   # (a new paragraph of a news story starts from the news)
            continue
        if abs(_days_before(then[0], pub)) >= LONG_BEFORE:
            out.add(i)
    return out


def find_events(doc: Doc) -> list[Event]:
    """The events of a text, one per sentence that reports one; the harm a sentence reports after
    an event's own sentence, in the same short report, is that event's toll (where the event has no
    figure of that kind), and the sentence is no second event."""
    pub = anchor(doc._.lb_published)
    places = doc._.lb_places or []
    dates = doc._.lb_dates or []
    quantities = doc._.lb_quantities or []
    quoted = [(q.start, q.end) for q in (doc._.lb_quotes or []) if q.kind == "direct"]
    model = sentence_model()
    out: list[Event] = []
    told: list = []   # per event: its sentence, the sentence's index, how it was typed, its share quoted
    last: tuple[Event, int] | None = None
    told_then = _told_in_the_past(doc, pub, dates)
    for i, sent in enumerate(doc.sents):
        text = sent.text
        toll = _toll(sent, quantities)
        earlier = _same_report(doc, last, i, sent, places) if toll else None
        typed = None
        inside = sum(max(0, min(sent.end_char, e) - max(sent.start_char, s)) for s, e in quoted)
        # (a quotation is somebody's words, not the report of an event; a short note, "Destroyed
        # homes.", is read by the rules alone; a sentence of a story told of a time long before the
        # publication, or that names such a time, is background)
        if len(text.strip()) >= SHORTEST and inside <= 0.5 * len(text) and i not in told_then \
                and not PAST_TIMES.search(text):
            rule = _rule_event(doc, sent, quantities)
            typed = _typed(doc, sent, rule, model) if rule or len(text) >= 25 else None
        ev = _sentence_event(doc, sent, *typed[:4], pub, places, dates, quantities) if typed else None
        if earlier is not None and (ev is None or ev.place is None or ev.place == earlier.place) \
                and any(getattr(earlier, k) is None for k in toll):
            for k, v in toll.items():
                if getattr(earlier, k) is None:
                    setattr(earlier, k, v)
            if earlier.sub_type == DISRUPTED:
                # (people were hurt: not every weapon was stopped, "... two drones were shot down.
                # A man was wounded in Sumy." reports a strike, whose actor the air defence is not)
                earlier.actor = None
                said = text_of(doc)[earlier.start:earlier.end]
                earlier.type, earlier.sub_type = "explosions_remote_violence", (
                    "air/drone strike" if re.search(r"\bdrones?\b", said, re.I) else DEFAULT_SUB["explosions_remote_violence"])
            continue
        if ev is not None:
            out.append(ev)
            last = (ev, i)
            told.append((sent, i, typed, inside / max(1, len(text))))
    _publishable(doc, out, told, pub, quantities)
    return out


# an event of the type of one told at most this many sentences before is likely the same one told
# again ("Troops encircled the port. The siege of the steel plant ..."): a feature of the event model
NEAR = 2


def _publishable(doc: Doc, events: list[Event], told: list, pub, quantities) -> None:
    """Each event's confidence: the packaged event model's probability that an editor would publish
    it as read (read/event_model.py), once the text's events and their tolls are all known; the
    sentence model's probability where no event model is packaged. It ranks, it removes nothing."""
    if not events:
        return
    emodel = event_model()
    sents = list(doc.sents)
    n = len(sents)
    short = event_rate_of(doc) != ARTICLE_EVENT_RATE
    dated = [d for d in doc._.lb_dates or [] if d.value[:4].isdigit()]
    kind = classify(text=text_of(doc))
    for k, (ev, (sent, i, typed, quoted)) in enumerate(zip(events, told, strict=True)):
        read = read_sentence(sent)
        model_type = max((t for t in read[0] if t != "none"), key=read[0].get) if read else None
        # (the article has told an event of this kind already, here or with no place to tell them apart)
        again = any(e.type == ev.type and (e.place == ev.place or e.place is None or ev.place is None) for e in events[:k])
        near = any(e.type == ev.type and i - told[j][1] <= NEAR for j, e in enumerate(events[:k]))
        cumulative = any(q.cumulative and sent.start_char <= q.start < sent.end_char for q in quantities)
        p_type = read[0].get(ev.type, 0.0) / max(1e-9, 1.0 - read[0].get("none", 0.0)) if read else 0.0
        # the dates of the two sentences before: the time the passage is at
        context = [d.value for d in dated if sents[max(0, i - 2)].start_char <= d.start < sent.start_char]
        before = text_of(doc)[:sent.start_char]
        how = Telling(route=typed[4], p_event=typed[3], model_type=model_type, p_type=p_type, cue=typed[2], index=i,
                      sentences=n, context=tuple(context), paragraph=before.strip().count("\n"),
                      opens_paragraph=not before.strip() or before.rstrip(" ").endswith("\n"),
                      short=short, genre=kind, quoted=quoted, earlier_same=again, near_same=near,
                      same_type=any(e.type == ev.type for e in events[:k]), before=k,
                      same_actor=ev.actor is not None and any(e.actor == ev.actor and i - told[j][1] <= NEAR
                                                              for j, e in enumerate(events[:k])),
                      cumulative=cumulative)
        ev.features = event_features(doc, sent, ev, how, pub)
        if emodel is not None:
            ev.confidence = round(emodel.probability(ev.features), 3)
    _retellings(doc, events, [t[1] for t in told])


# a later telling of an event already told in the same article (events.toml, [retelling]): the
# briefing shows the first telling; the retelling stays in the output, with its confidence times
# this factor, which puts any probability under the briefing's floor of one half
RETOLD_FACTOR = 0.45
_RETELLING = _EN.table("events", "retelling")
RETOLD_WITHIN = int(_RETELLING["within"])
# each type's family: the types one event may be told as (a strike, then the grid it damaged)
FAMILY = {t: frozenset(f) for f in _RETELLING["families"] for t in f}
# the types whose sub-types are different events (a change of control, a downed drone)
BY_SUB_TYPE = frozenset(_RETELLING["by_sub_type"])
CITY_KM = float(_RETELLING["city_km"])
TOLD_BY_DAY = frozenset(_RETELLING["told_by_day"])
VISIT_DAYS = int(_RETELLING["visit_days"])
_ANOTHER = re.compile(r"\W*(?:" + "|".join(re.escape(w) for w in _RETELLING["another_event"]) + r")\b", re.I)


def _inside(place, outer) -> bool:
    """Whether a place lies inside a region (a town in its oblast) or a city's district inside the
    city (Shevchenkivskyi in Kyiv: the same unit, smaller, within CITY_KM of its point). Not inside a country: the whole
    war is "in Ukraine", and a strike there and then one in Chernihiv may be two."""
    if place is None or outer is None or place.cc != outer.cc or place.admin1 != outer.admin1 \
            or place.feature in ("country", "admin1"):
        return False
    if outer.feature == "admin1":
        return True
    # (a district the gazetteer lists as a populated place of its own, smaller than its city)
    return outer.feature == "city" and place.population < outer.population and None not in (place.lat, outer.lat) \
        and km((place.lat, place.lon), (outer.lat, outer.lon)) <= CITY_KM


def _retells(doc: Doc, ev: Event, i: int, first: Event, at: int, where: dict) -> bool:
    """Whether an event, told in sentence i, tells again the event `first` told in sentence `at`."""
    if ev.type != first.type and ev.type not in FAMILY.get(first.type, ()):
        return False
    # (a change of control and a downed drone are two developments, whatever their type says)
    if ev.type == first.type and ev.type in BY_SUB_TYPE and ev.sub_type != first.sub_type:
        return False
    # (a day of its own that differs is another event: "On Monday ... On Tuesday ..."; but a visit
    # told day by day in one place is one visit: "began a three-day visit to Beijing on Wednesday")
    if ev.time_precision < 3 and ev.date != first.date and not (
            ev.type == first.type and ev.type in TOLD_BY_DAY and ev.place is not None and ev.place == first.place
            and len(first.date or "") == 10 and ev.date
            and abs(_days_before(ev.date, date.fromisoformat(first.date))) <= VISIT_DAYS):
        return False
    # (a toll the first telling lacks is news of its own: "Missiles struck Kyiv. An apartment block was
    # destroyed, killing one"; the same toll again is a restatement)
    if any(getattr(ev, k) is not None and getattr(ev, k) != getattr(first, k) for k in ("killed", "wounded", "displaced")):
        return False
    # (a sentence that says it tells another event: "Separately, drones hit ...")
    if _ANOTHER.match(text_of(doc), ev.start):
        return False
    # (no place: neither a point nor a named line, "either side of the frontline"; then only the same
    # type tells it again: a strike on Kharkiv, then drones that hit a power station "in the east")
    if ev.place_name is None and ev.type != first.type:
        return False
    if not (ev.place_name is None or (ev.place, ev.place_name) == (first.place, first.place_name)
            or _inside(where.get(ev.place), where.get(first.place))):
        return False
    # (a break of paragraph may stand at the end of the first's own sentence)
    same_paragraph = "\n" not in text_of(doc)[first.start:ev.start].strip(" ")
    # (one place, or a place inside it, on one day, however far apart in the article: a lead's "five
    # killed in Vinnytsia" summed up again paragraphs later, a strike on Kyiv and then the district
    # it hit; as ACLED counts one event per day, place and type, the briefing tells it once)
    placed = ev.place_name is not None
    return same_paragraph or i - at <= RETOLD_WITHIN or placed


def _retellings(doc: Doc, events: list[Event], index: list[int]) -> None:
    """Lower the confidence of each event that tells again one told before it in the same text (a
    heading and then its paragraph, a visit told stop by stop, a strike and then its crater, a
    toll restated), so that the briefing shows it once. Types, places and tolls stay as read."""
    where = {p.place.geonameid: p.place for p in doc._.lb_places or [] if p.place is not None}
    for k, ev in enumerate(events):
        if any(_retells(doc, ev, index[k], first, index[j], where) for j, first in enumerate(events[:k])):
            ev.retold = True
            ev.confidence = round(ev.confidence * RETOLD_FACTOR, 3)


@Language.factory("livebrief_events", requires=["doc._.lb_places", "doc._.lb_dates", "doc._.lb_quantities"],
                  assigns=["doc._.lb_events"])
def make_events(nlp, name):
    return EventsComponent()


class EventsComponent:
    def __call__(self, doc: Doc) -> Doc:
        doc._.lb_events = find_events(doc)
        return doc
