"""Toponym recognition and resolution.

Recognition: spaCy GPE/LOC/FAC entities, entities the small model mislabels (Kyiv as PERSON,
Kharkiv as ORG) when the gazetteer knows them as a notable place and the article does not use
them as a person's name, and capitalised names the model missed that the gazetteer knows (a
sentence's first word only when it is a notable place); a name read as a place is that place again
wherever else it stands alone in the article.
Never places: demonyms and adjectives ("Romanian"), names inside organisation names, and a
city or region that only qualifies a title or a noun ("Florida Governor", "the Minsk agreements");
a country that does ("France's president", "US officials") is one: the story involves it. "The Romanian capital"
is Bucharest.

Resolution: candidates by name and alias, scored by population and feature, then by context:
"X region/oblast" asks for an admin1 unit, "X, Y" puts X inside Y, places already resolved in the
article pull towards their country and admin1 unit, and war coverage leans to the conflict
area. Candidates below a confidence floor are not guessed.
"""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from ..lexicon import lexicon
from ..text import text_of
from .datelines import DATELINE
from .distance import KM_PER_DEGREE
from .distance import km as distance_km
from .fronts import front_weight
from .gazetteer import Gazetteer, Place, default_gazetteer, fold
from .variants import DEMONYMS, REGION_ABBREVIATIONS, RENAMINGS

_EN = lexicon("en")

CONFLICT = {"UA": 2.5, "RU": 2.0, "BY": 1.0, "MD": 1.0, "PL": 0.8, "RO": 0.6, "GE": 0.5}
# the war's countries: their settlements of any size are places in a place context ("fighting in
# Popasna", "the Izium City Council"), and a bare name after a comma is one of their units
WAR = _EN.set("places", "war_countries")
# how a name was found when its context says it is a place: after a preposition of place, or as
# the town a facility is named for
IN_CONTEXT = ("context", "facility")
REGION_WORDS = _EN.set("places", "unit_nouns")
# nouns that a place name turns into the name of a thing, not a place of the article
NAMED_THINGS = _EN.set("places", "named_things")
# what a place before it qualifies: an office ("US Secretary of State"), a body ("US troops")
TITLE_WORDS = frozenset().union(*(_EN.words("titles", name) for name in ("offices", "office_words", "bodies")))
PLACE_PREPS = _EN.set("places", "prepositions") | _EN.set("places", "site_prepositions")
# the smallest town a name the model did not tag as a place can be, when the article's other
# places are in the same state or province
LOCAL_TOWN = 5_000
# the smallest first-level unit a name the model did not tag as a place can be ("Grad", "Unity")
NOTABLE_UNIT = 200_000
# the smallest city a sentence's untagged first word can be: many words are also the name of some
# town ("Man accused of...", "Police said...", "Drug abuse...")
SENTENCE_START_CITY = 300_000
# a dateline in capitals ("TEGA CAY —") names a place whatever its size
DATELINE_TOWN = 1_000
CAPITAL_PRIOR = 3.0
# a state whose reading beats every other country's by this much vouches for its country when the
# article's ambiguous names are read again ("Virginia" the state, not a town in South Africa); a
# country named does not: it is often an actor, not the setting ("the US" and Geneva)
SURE_MARGIN = 2.5
# two places of an article within this distance support each other's readings
NEAR_KM = 80.0
NEAR_BONUS = 3.0
# two ambiguous names with exactly one pair of namesakes this close together: "Paris" beside
# "Henry County" is Paris, Tennessee, the county's seat
PAIR_KM = 30.0
PAIR_BONUS = 10.0
# how much better the article-wide reading must be to replace a supported first reading
CLEARLY_BETTER = 1.0
# a settlement of the war's countries near a front, against its namesakes farther off
# (fronts.py): at full weight, the difference between a village the lists give no people and one
# of 2,000 (1.5 log10 of the population)
WAR_AREA_BONUS = 3.5
# a town this large is known by its name alone; the prior is for villages and small towns
WAR_AREA_TOWN = 100_000
FEATURE_PRIOR = {"country": 6.0, "continent": 8.0, "region": 8.0, "other": 3.0, "admin1": 0.0, "admin2": 0.0,
                 "city": 0.0}
_POINTS = _EN.words("places", "points")
# the sides of a place: "north", "south", "east", "west", "central", "northern" ...
_SIDES = (*_POINTS, "central", *(p + "ern" for p in _POINTS))


def _either_case(words) -> str:
    """An alternation of words whose first letter may be a capital: "[Nn]orth|[Ss]outh"."""
    return "|".join(f"[{w[0].upper()}{w[0]}]{w[1:]}" for w in words)


_HALF_POINTS = _EN.words("places", "half_points")
_COMPASS = re.compile(r"((?:" + _either_case(_SIDES) + "|" + "|".join(_EN.words("places", "parts"))
                      + r")(?:[- ]?(?:" + "|".join([*_HALF_POINTS, *(h.title() for h in _HALF_POINTS)])
                      + r"))?[- ])(.+)$")
# dotted initials after a word that puts a place after it ("snow is expected in B.C.", "from N.Y.")
_INITIALISM = re.compile("".join(["(?:", "|".join(f"(?<=\\b{w} )" for w in _EN.words("places", "before_initials")),
                                  ")(", "|".join(re.escape(a) for a in sorted(REGION_ABBREVIATIONS, key=len, reverse=True)
                                                 if a.count(".") >= 2), r")(?![A-Za-z])"]))
# after a comma ("Lexington, Ky.") or a party letter ("James Clyburn, D-S.C.")
_ABBR = re.compile(r"(?:(?<=,\s)|(?<=\b[DRI]-))(" + "|".join(re.escape(a) for a in sorted(REGION_ABBREVIATIONS, key=len, reverse=True))
                   + r")(?![A-Za-z])")


@dataclass
class PlaceMention:
    text: str
    start: int
    end: int
    place: Place
    score: float
    # "admin1": not in the gazetteer, placed at the point of its admin1 unit; "hromada": a village
    # placed at the middle of its hromada (Place.estimated)
    precision: str = "exact"

    def __post_init__(self):
        if self.precision == "exact" and self.place.estimated:
            self.precision = "hromada"

    def as_dict(self) -> dict:
        p = self.place
        return {"text": self.text, "start": self.start, "end": self.end, "name": p.name,
                "geonameid": p.geonameid, "feature": p.feature, "country": p.cc,
                "lat": round(p.lat, 5) if p.lat is not None else None,
                "lon": round(p.lon, 5) if p.lon is not None else None, "precision": self.precision}


def _candidates_spans(doc: Doc, text: str | None = None) -> list[tuple[int, int, str, str]]:
    """(start, end, text, how) of what may name a place."""
    text = text_of(doc) if text is None else text  # Doc.text joins every token: compute it once
    ents = doc._.lb_entities or []
    persons = _surnames(doc, ents)
    out = []
    covered: set[int] = set()
    org_spans = [(m.start, m.end) for m in ents if m.label in ("ORG", "WORK_OF_ART", "EVENT", "LAW")
                 and len(m.text.split()) > 1 and "," not in m.text and not re.search(r"\s[-–—]\s|\(", m.text)
                 and not (m.label == "WORK_OF_ART" and re.search(r"\s(?:and|or)\s", m.text))]
    for m in ents:
        covered.update(range(m.start, m.end))
        span = doc.char_span(m.start, m.end, alignment_mode="expand") if m.label == "PERSON" and " " in m.text else None
        verbs = [t.i for t in span if t.pos_ in ("VERB", "AUX")] if span is not None else []
        if verbs:
            # a headline the model took for a person's name ("Rethinking Egypt", "Bogdanov Joins
            # Sochi"): the proper nouns after its verb may still name a place
            rest = doc[max(verbs) + 1:span.end]
            if len(rest) and all(t.pos_ == "PROPN" for t in rest):
                out.append((rest.start_char, rest.end_char, rest.text, "gazetteer"))
            continue
        if m.label in ("GPE", "LOC", "FAC"):
            # "Georgia, Moldova and Bosnia-Herzegovina" as one entity: each name on its own
            pos = 0
            # (and "Donetsk - Petrovskyi", a city and its district, each on its own; and "Pavlivka
            # (Donetsk", a village and the oblast in brackets after it)
            for part in re.split(r",\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+|\s+[-–—]\s+|\s*[()]\s*", m.text):
                at = m.text.find(part, pos)
                if part.strip() and at >= 0:
                    out.append((m.start + at, m.start + at + len(part), part, "ner"))
                    pos = at + len(part)
        elif m.label in ("PERSON", "ORG", "NORP", "PRODUCT", "FAC", "WORK_OF_ART", "LANGUAGE") and fold(m.text) not in persons:
            # (the model reads a lone city as a language, "heard in Odesa", and two as a title,
            # "attacked Odesa and Kyiv": each name on its own)
            listed = m.label in ("WORK_OF_ART", "LANGUAGE")
            parts = re.split(r",\s*|\s+[-–—]\s+|\s*[()]\s*" + (r"|\s+(?:and|or)\s+" if listed else ""), m.text)
            pos = 0
            for part in parts:
                at = m.text.find(part, pos)
                pos = at + len(part)
                words = part.split()
                if not words:
                    continue   # (the empty piece after a name's closing bracket: "the Border Service (DPSU)")
                prev = text[max(0, m.start - 12):m.start].split()[-1:] if m.start else []
                after_prep = bool(prev) and prev[0].lower() in PLACE_PREPS
                if len(words) == 1 or (len(words) <= 3 and (words[-1].lower() in REGION_WORDS or after_prep
                                                             or m.label in ("PERSON", "ORG"))):
                    # ("Tamil Nadu" as a person, "the Holy See" as an organisation: kept only if
                    # the gazetteer knows the whole name as a notable place, below)
                    out.append((m.start + at, m.start + at + len(part), part,
                                "relabel-person" if m.label == "PERSON" else "relabel"))
    # names the model missed: capitalised tokens or pairs not inside any entity
    i = 0
    n = len(doc)
    propn = doc.vocab.strings["PROPN"]
    pos = doc.to_array("POS")
    while i < n:
        if pos[i] != propn:
            i += 1
            continue
        t = doc[i]
        if t.idx in covered or not t.text[:1].isupper():
            i += 1
            continue
        j = i + 1
        while j < n and j - i < 3 and doc[j].pos_ == "PROPN" and doc[j].text[:1].isupper() and doc[j].idx not in covered:
            j += 1
        span = doc[i:j]
        # (a sentence's first word is capitalised whatever it is: only a notable place, below)
        out.append((span.start_char, span.end_char, span.text, "sentence-start" if t.is_sent_start else "gazetteer"))
        i = j
    # a dateline in capitals ("COLUMBUS, Ohio (AP) —", "BEIRUT:"), which the model rarely tags
    datelines = list(DATELINE.finditer(text))
    # (a dateline the model tagged as an organisation, or left as a proper noun, is still one)
    at = {m.span(1) for m in datelines}
    out = [(s, e, t, "dateline" if (s, e) in at and how != "ner" else how) for s, e, t, how in out]
    for m in datelines:
        if not any(s < m.end(1) and m.start(1) < e for s, e, *_ in out):
            out.append((m.start(1), m.end(1), m.group(1), "dateline"))
    # inside a multi-word organisation name: not a place of the article
    out = [c for c in out if not any(s <= c[0] and c[1] <= e and (s, e) != (c[0], c[1]) for s, e in org_spans)]
    return sorted(set(out))


_KINDS = "|".join(_EN.words("places", "settlement_kinds"))
OBJECT_VERBS = _EN.set("places", "place_object_verbs")
HEADLINE_NOUNS = _EN.set("places", "headline_nouns")
_CONTEXT_BEFORE = re.compile(r"(?:\b(?:" + "|".join(_EN.words("places", "context_prepositions")
                                          + _EN.words("places", "place_object_verbs")) + r")\s+(?:the\s+)?"
                             r"(?:(?:" + _KINDS + r")\s+of\s+)?|\b(?:" + _KINDS + r")\s+of\s+)$", re.IGNORECASE)
# (not an institution named for a discipline: "the Kyiv School of Economics")
_FACILITY = re.compile(r"\b([A-Z][\w'’-]+(?:[ -][A-Z][\w'’-]+)?)(?:\s+[A-Z][\w.'’-]*){0,3}\s+(?i:"
                       + "|".join(_EN.words("places", "facilities")) + r")\b(?!\s+of\b)")
_WORKS = re.compile(r"\b([A-Z][\w'’-]+(?:[ -][A-Z][\w'’-]+)?)\s+(?i:" + "|".join(_EN.words("places", "named_works"))
                    + r")\b(?=\s+(?:in|at|of|near)\s+[A-Z])")
_ELSEWHERE = re.compile(r"\s+(?:in|at|near)\s+(?:the\s+)?(?:city\s+of\s+|town\s+of\s+)?[A-Z]")
_SIDE_WORDS = frozenset(_EN.words("places", "sides_of_a_region"))
_SIDE_BEFORE = re.compile(r"\b(?:" + "|".join(_SIDE_WORDS) + r")\s+$")


def _in_context(doc: Doc, text: str, spans: list[tuple[int, int, str, str]], gaz: Gazetteer
                ) -> list[tuple[int, int, str, str]]:
    """Names whose context says they are places, which the model did not tag as places:

    1. the town a facility is named for ("the Kharkiv Regional State Administration", "Vinnytsia
       Airport"), a settlement of the war's countries, even inside an organisation's name;
    2. a name after a preposition of place ("fighting in Popasna", "near the village of Zarichne")
       that the model tagged as an organisation or a person, or left untagged;
    3. a capitalised word after one, or after a comma, that the model did not take for a proper
       noun ("Destruction in Kharkiv", "in central Kyiv", "..., Kharkiv"): a notable place only, as
       for any untagged name;
    4. a large city of the war's countries written in lower case after a preposition of place, as
       quick captions write it ("smoke over the port in mykolaiv");
    5. a capitalised word the tagger took for a common word that names, as written, a town of
       Ukraine of 20,000 people or a city of the war's countries of 100,000 ("Izium mass grave",
       "Chechens claim they hold Sievierodonetsk"): the small model knows few of their names."""
    out = list(spans)
    # 0. a site the lists know by its whole name ("the Zaporizhzhia nuclear power plant", some 50 km
    #    from the city): the site, not the town its name begins with
    sites = gaz.sites_pattern(frozenset(WAR))
    known = [m.span() for m in sites.finditer(text)] if sites is not None else []
    for start, end in known:
        out = [sp for sp in out if not (sp[0] < end and start < sp[1])] + [(start, end, text[start:end], "facility")]
    for m in _FACILITY.finditer(text):
        if any(s < m.end() and m.start() < e for s, e in known):
            continue
        if _ELSEWHERE.match(text, m.end()):
            # "the Sumy market in Kharkiv": the market's name is no place of the text
            out = [sp for sp in out if not (sp[0] < m.end(1) and m.start(1) < sp[1])]
            continue
        words = m.group(1).split()
        # (the town's own name or a spelling of it, not a name it once had or has in another
        # language: "the Human Rights Council" is not Uman's, which Polish calls Humań)
        name = next((" ".join(words[:k]) for k in (2, 1) if k <= len(words)
                     and any(c.feature == "city" and c.cc in WAR and _own_spelling(" ".join(words[:k]), c)
                             for c in gaz.lookup(" ".join(words[:k])))), None)
        if name is None:
            continue
        start, end = m.start(1), m.start(1) + len(name)
        out = [sp for sp in out if not (sp[0] < end and start < sp[1])] + [(start, end, name, "facility")]
    # (not a word of a longer name: "on Marine One")
    # (and after a side in lower case: "patrolling northern Siversk" is a part of the town)
    out = [(st, e, t, "context" if how in ("relabel", "relabel-person", "gazetteer")
            and (_CONTEXT_BEFORE.search(text[max(0, st - 40):st]) or _SIDE_BEFORE.search(text[max(0, st - 12):st]))
            and not _NEXT_CAPITAL.match(text, e) and not _PART_AFTER.match(text, e) else how)
           for st, e, t, how in out]
    for m in _WORKS.finditer(text):
        if any(c.feature == "other" for c in gaz.lookup(m.group(1))):
            continue   # the works itself, which the gazetteer knows ("the Azovstal steelworks in Mariupol")
        out = [sp for sp in out if not (sp[0] < m.end(1) and m.start(1) < sp[1])]
    taken = {i for st, e, *_ in out for i in range(st, e)}
    covered = {i for m in doc._.lb_entities or [] for i in range(m.start, m.end)}
    for t in doc:
        if not t.text[:1].isupper() or t.is_sent_start or t.pos_ == "PROPN" or t.idx in taken or t.idx in covered:
            continue
        before = t.i - 1 if t.i and doc[t.i - 1].lower_ not in _SIDE_WORDS else t.i - 2
        if before >= 0 and (doc[before].lower_ in PLACE_PREPS or doc[before].text == ",") \
                and not _NEXT_CAPITAL.match(text, t.idx + len(t.text)):
            out.append((t.idx, t.idx + len(t.text), t.text, "gazetteer"))
    # 5. (the docstring's) a town the tagger took for a common word
    for t in doc:
        if t.text[:1].isupper() and t.pos_ != "PROPN" and t.is_alpha and len(t.text) >= 4 and t.idx not in taken \
                and t.idx not in covered and t.lower_ not in STOP and not _NEXT_CAPITAL.match(text, t.idx + len(t.text)) \
                and any(c.feature == "city" and (c.population >= UNTAGGED_TOWN if c.cc == "UA" else c.population >= 100_000)
                        and c.cc in WAR and (_own_spelling(t.text, c) or t.text in RENAMINGS) for c in gaz.lookup(t.text)):
            out.append((t.idx, t.idx + len(t.text), t.text, "sentence-start" if t.is_sent_start else "gazetteer"))
    # 4. (the docstring's) a large city of the war's countries in lower case after a preposition
    for t in doc:
        if t.is_lower and t.is_alpha and len(t.text) >= 4 and t.i and doc[t.i - 1].lower_ in PLACE_PREPS \
                and t.idx not in taken and t.idx not in covered and t.lower_ not in STOP \
                and any(c.feature == "city" and c.cc in WAR and c.population >= LOWER_CASE_CITY
                        for c in gaz.lookup(t.text)):
            out.append((t.idx, t.idx + len(t.text), t.text, "lower-case"))
    return sorted(set(out))


def _own_spelling(name: str, place: Place) -> bool:
    """Whether a name is the place's own or a spelling of it ("Vinnytsia" for Vinnytsya), not a
    former or a foreign name: the same first letters and most of the rest."""
    a, b = _base(fold(name)), _base(fold(place.name))
    return a[:2] == b[:2] and _spelling_of(a, b)


_NEXT_CAPITAL = re.compile(r"[ \t]+[A-Z]")
# a city written in lower case is read only when it is this large: a village's name in lower case
# is as likely a common word of some language
LOWER_CASE_CITY = 50_000
# a Ukrainian town the tagger did not take for a name is read from this size
UNTAGGED_TOWN = 20_000
# a name before a word for a part of a city names that part ("the Novyi neighbourhood"), not a town
_PART_AFTER = re.compile(r"\s+(?:" + "|".join(w for w in _EN.words("places", "city_parts") if w != "district") + r")\b", re.I)


def _abbreviation_goes_on(doc: Doc, text: str, start: int, end: int) -> bool:
    """Whether the dot after ``text[start:end]`` abbreviates (the sentence goes on after it) and
    no number comes before it."""
    if re.search(r"\d\s*$", text[max(0, start - 6):start]):
        return False
    nxt = doc.char_span(end + 1, min(len(text), end + 40), alignment_mode="contract")
    words = [t for t in nxt or [] if not t.is_space] if nxt is not None else []
    return bool(words) and not (words[0].is_sent_start and words[0].text[:1].isupper())


def _surnames(doc: Doc, ents: list) -> set[str]:
    """Surnames of the people the article names ("Jordan" of "Michael Jordan"), but not an
    abbreviation the model swept into a name ("Henry Lazenby US"), nor the end of a headline it
    took for a name ("Rethinking Egypt", "Bogdanov Joins Sochi": a name has no verb in it)."""
    def has_verb(m) -> bool:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        return span is not None and any(t.pos_ in ("VERB", "AUX") for t in span)

    return {fold(m.text.split()[-1]) for m in ents if m.label == "PERSON" and " " in m.text
            and not m.text.split()[-1].isupper() and not has_verb(m)}


# words that are never a place alone
STOP = _EN.set("places", "not_places")
TERRITORIES = {"HK", "MO"}  # not sovereign: the city, not a country
# a landform's common noun with "the" is a region the reader knows from the story ("here in the
# Valley", "tankers in the Gulf", "the Strip"), not the town or the province that bears the bare
# word (The Valley in Anguilla, Gulf Province in Papua New Guinea)
LANDFORMS = _EN.set("places", "landforms")
# waters named with the article and without their noun: "across the Atlantic"
THE_WATERS: dict[str, str] = _EN.table("places", "the_waters")


def _words(name: str) -> str:
    """A list of the places lexicon as a regular-expression alternation, in the file's order."""
    return "|".join(_EN.words("places", name))


_ADMIN1_STEM = re.compile(r"^(.+?)\s+(" + _words("admin1_nouns") + ")$", re.IGNORECASE)


def _admin1_by_stem(gaz: Gazetteer, name: str, state: bool = True) -> list[Place]:
    """"Oaxaca State", "Zaporizhzhya Oblast" when the gazetteer does not list the whole name: the
    admin1 unit of that name, else the admin1 unit of the largest place called "Zaporizhzhya"."""
    m = _ADMIN1_STEM.match(name)
    if not m or (m.group(2).lower() == "state" and not state):
        return []
    # "Oaxaca State", "Rakhine State": the unit itself
    units = [u for u in gaz.lookup(m.group(1)) if u.feature == "admin1"]
    if units:
        return [max(units, key=lambda u: (CONFLICT.get(u.cc or "", 0.0), u.population))]
    cities = [c for c in gaz.lookup(m.group(1)) if c.feature == "city" and c.admin1]
    if not cities:
        return []
    top = max(cities, key=lambda c: (CONFLICT.get(c.cc or "", 0.0), c.population))
    unit = gaz.admin1_of(top.cc, top.admin1)
    if unit is None:
        # a capital that is a unit of its own, and the province around it listed under another
        # spelling of its name ("Kyiv Oblast" is Kiev oblast, around the city of Kyiv)
        unit = next((u for n in gaz.names(top.id) for u in gaz.lookup(n)
                     if u.feature == "admin1" and u.cc == top.cc), None)
    return [unit] if unit else []


def _names_an_organisation(doc: Doc, text: str, start: int, end: int, name: str) -> bool:
    """"the Post", "the Washington Post": a word the article uses for an organisation. (The model
    tagging a town as one, "Danbury police", "Red Deer" twice, says nothing: it often does.)"""
    span = doc.char_span(start, end, alignment_mode="expand")
    if re.search(r"\b(?:the|The)\s+$", text[max(0, start - 5):start]) and \
            (span is None or span.root.dep_ not in ("compound", "amod", "nmod")):
        return True   # "the Post" names a thing; "the Gainesville sewer system" a town's
    return any(m.text.endswith(" " + name) for m in (doc._.lb_entities or []) if m.label == "ORG")


def _acts(doc: Doc, start: int, end: int) -> bool:
    """Whether a name is the subject of a verb ("Sherman said"): a person's, not a town's."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is None or span.root.dep_ in ("nsubj", "nsubjpass", "appos")


def _qualifies_title(doc: Doc, start: int, end: int) -> bool:
    """A title's qualifier ("U.S. Secretary of State") or an adjectival use ("US mercenaries")."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    if root.dep_ in ("compound", "amod") and root.head.pos_ == "NOUN" and root.head.i > root.i \
            and root.head.lower_ not in REGION_WORDS and not root.head.ent_type_ \
            and (root.head.lower_ in NAMED_THINGS or root.head.lower_ in TITLE_WORDS or span.text.isupper()):
        # "the Minsk agreements", "US mercenaries": the name of a thing or a people's label; "the
        # Hong Kong market", "an Ohio church" say where (and count)
        return True
    nxt = doc[span.end] if span.end < len(doc) else None
    if nxt is not None and nxt.lower_ in ("'s", "’s"):
        # "Rome's new mayor", "Kharkiv's governor": the place the office governs is named
        return False
    if nxt is not None and nxt.lower_ in TITLE_WORDS:
        return True
    return root.dep_ in ("compound", "nmod", "amod") and root.head.lower_ in TITLE_WORDS and root.head.i > root.i


def _in_proper_title(doc: Doc, end: int) -> bool:
    """The words after a name are a capitalised title ("U.S. Secretary of State", "US President
    Joe Biden"), or a title in lower case right before a person's name ("Ukraine president
    Volodymyr Zelensky"): the name is part of it. ("France's president Emmanuel Macron" names the
    country whose office it is: a place.)"""
    after = doc.char_span(end, min(len(text_of(doc)), end + 40), alignment_mode="contract")
    if after is None:
        return False
    words = [t for t in after if not t.is_punct and t.lower_ not in ("'s", "’s")][:2]
    if not words or words[0].lower_ not in TITLE_WORDS | {"secretary-general"}:
        return False
    if words[0].text[:1].isupper():
        return True
    return words[0].i == after.start and words[0].i + 1 < len(doc) and doc[words[0].i + 1].ent_type_ == "PERSON" \
        and doc[words[0].i + 1].ent_iob_ == "B"


_UNIT_WORD = re.compile(r"^(?:" + "|".join(w + " " for w in _EN.words("places", "kind_prefixes")) + r")|\s(?:"
                        + _words("kind_nouns") + ")$")


def _base(folded: str) -> str:
    """A name without the word for its kind of unit: "New York City" bears "New York" as its own."""
    return _UNIT_WORD.sub("", folded)


def _close(a: Place, b: Place, km: float) -> bool:
    if a.lat is None or b.lat is None:
        return False
    return distance_km((a.lat, a.lon), (b.lat, b.lon)) <= km


def _spelling_of(a: str, b: str) -> bool:
    """Two spellings of one name ("Odessa", "Odesa"), not two names ("Salisbury", "Harare")."""
    from rapidfuzz.fuzz import ratio

    return ratio(a, b) >= 75


# how far from a city's point its districts lie ("X, Y" with Y the city)
CITY_PART_KM = 15.0
# a city that is a first-level unit of its own is this large (Kyiv, Sevastopol); a village that
# shares its oblast's name is not one
CITY_UNIT_PEOPLE = 100_000

_RENAMED = {fold(old): (fold(new), cc) for old, (new, cc) in RENAMINGS.items()}

# a candidate that has the name only as an alternate (a former name, a variant, a neighbourhood's
# name in its city's list: Salisbury for Harare, Litchfield for Avondale) when another candidate
# bears it as its own name
ALIAS_ONLY = -5.0


def name_adjustments(cands: list[Place], name: str, want_admin: bool = False) -> dict[int, float]:
    """What each candidate's relation to the name adds to its score:

    - a unit named for a city inside it or at its heart (Kharkiv oblast, New York state, Kyiv
      oblast around the city of Kyiv, itself a unit of its own), a city of at least a tenth of
      its people: the bare name means the city (the text asks for the unit with "X region"); a
      unit whose namesakes lie elsewhere (Delaware, Wyoming) or are small beside it (Quebec) is
      what its bare name means;
    - a candidate that bears the name only as an alternate, when another of its kind bears it as
      its own; in the war's countries a spelling of the place's own name is not an alternate
      ("Odessa" for Odesa, which the lists keep on purpose), elsewhere it is ("Grantville" for
      Grantsville, when Grantville is a town of its own)."""
    out: dict[int, float] = {}
    for u in cands:
        if u.feature == "admin1" and not want_admin and any(
                c.feature == "city" and c.cc == u.cc and c.population * 10 >= u.population
                and (c.admin1 == u.admin1 or _close(c, u, 100.0)) for c in cands):
            out[u.id] = -2.0
    # (among places of one kind: the city of Kyiv is not an alias-bearer because Kyiv oblast is
    # still called "Kiev" in the lists)
    want = _base(fold(name))
    base = {c.id: _base(fold(c.name)) for c in cands}
    own = {c.feature for c in cands if base[c.id] == want}
    # a town's former name in the war's countries ("Zaporozhye") is its own, not an alternate, even
    # where a village abroad still bears it
    renamed = _RENAMED.get(fold(name))
    for c in cands:
        if c.feature in own and base[c.id] != want and not (c.cc in CONFLICT and (
                _spelling_of(want, base[c.id]) or (renamed == (fold(c.name), c.cc) and c.feature == "city"))):
            out[c.id] = out.get(c.id, 0.0) + ALIAS_ONLY
    return out


def _score(place: Place, ctx: Counter, admin_ctx: Counter, want_admin: bool, inside: Place | None,
           capitals: frozenset = frozenset(), adjust: dict[int, float] | None = None) -> float:
    s = 1.5 * math.log10(place.population + 10) + FEATURE_PRIOR.get(place.feature, 0.0)
    if place.id in capitals:
        # "Washington", "Berlin", "Warsaw" in an article about England or Ukraine are still the capitals
        s += CAPITAL_PRIOR
    if adjust:
        s += adjust.get(place.id, 0.0)
    if place.feature == "admin1":
        s += 4.0 if want_admin else 0.0
    elif want_admin:
        s -= 3.0
    if place.cc:
        s += min(4.5, ctx[place.cc])
        s += CONFLICT.get(place.cc, 0.0)
        s += front_bonus(place)
        if place.feature in ("city", "admin2", "admin1") and place.admin1 and admin_ctx[(place.cc, place.admin1)]:
            # a town in the state or oblast the article is set in; each further mention of that
            # unit is more evidence ("Manhattan" in a story that names Kansas three times). The
            # unit itself has the same support: "Quebec" beside Montreal is not the city for it
            s += min(3.5, 2.5 + 0.5 * (admin_ctx[(place.cc, place.admin1)] - 1))
    if inside is not None:
        if inside.feature == "country" and place.cc != inside.cc:
            s -= 20.0
        elif inside.feature == "admin1" and (place.cc != inside.cc or place.admin1 != inside.admin1):
            s -= 20.0
        elif inside.feature == "city" and not _close(place, inside, CITY_PART_KM):
            s -= 20.0
        else:
            s += 5.0
    return s


def front_bonus(place: Place) -> float:
    """What nearness to a front adds to a settlement of the war's countries (fronts.py)."""
    if place.feature == "city" and place.cc in WAR and place.population < WAR_AREA_TOWN:
        return WAR_AREA_BONUS * front_weight(place.lat, place.lon)
    return 0.0


def _count(ctx: Counter, admin_ctx: Counter, place: Place, sign: int) -> None:
    """What a resolved place adds to the article's context: its country, and its admin1 unit."""
    if place.cc:
        ctx[place.cc] += sign * (0.75 if place.feature == "country" else 1.5)
        if place.admin1 and place.feature != "country":
            admin_ctx[(place.cc, place.admin1)] += sign


# a side of a region written before its name, to read with it: "eastern Ukraine", "West Africa"
_REGION_SIDE = re.compile(r"(?:^|\s)((?:" + _either_case(_EN.words("places", "sides_of_a_region")) + r")\s+)$")
# "FOLLOW US ON X": a promotion's "us", in capitals
_PROMOTION = re.compile(r"\b(?:" + _words("promotion_verbs") + r")\s+$")
# ", Donetsk Oblast" after a name the gazetteer lacks: placed in that unit
_UNIT_AFTER_COMMA = re.compile(r"\s*,\s*[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+)?\s+(?:" + "|".join(
    [*(w.title() for w in _EN.words("places", "unit_after_comma")), *_EN.words("places", "unit_after_comma")]) + r")\b")
# "X region" asks for the unit
_UNIT_ASKED = re.compile(r"\s+(" + _words("unit_asked") + r")\b")
_OBLAST = re.compile(r"\b(?:" + _words("oblast_nouns") + r")\b", re.IGNORECASE)

# the word for a unit after a name: "Kharkiv oblast"
_UNIT_SUFFIX = re.compile(r"\s+(?:" + _words("unit_nouns") + r")$")

# a name as the first pass reads it: (start, end, name, how, candidates, whether "X region" asks for the unit)
Found = tuple[int, int, str, str, list[Place], bool]


def resolve_places(doc: Doc, gaz: Gazetteer | None = None) -> list[PlaceMention]:
    """The places an article names, in text order:

    1. what may name a place (entities, untagged capitalised names, datelines), hyphenated pairs split;
    2. each read on its own: its clean name and its candidates, or left out (a demonym, a title's
       qualifier, a promotion's "US" ...);
    3. the agencies' abbreviations of states and provinces, and "the Romanian capital";
    4. the first reading in text order, with the places already read as context;
    5. the reading again with the whole article as context, lists of one kind, one mention per span,
       and later mentions of the names read."""
    gaz = gaz or default_gazetteer()
    text = text_of(doc)
    # 1. what may name a place
    spans = _split_pairs(_joined(_in_context(doc, text, _candidates_spans(doc, text), gaz), text, gaz), gaz)
    # 2. each on its own
    found = [f for f in (_read_span(doc, text, gaz, start, surface, how) for start, _end, surface, how in spans) if f]
    # 3. abbreviations and capitals
    found = _with_abbreviations(text, gaz, found)
    extra = _capitals_of_peoples(text, gaz)
    # 4. the first reading
    out, wants, second, deferred = _first_reading(doc, text, gaz, found, extra)
    # 5. the article-level reading
    if out:
        _read_again(out, second, deferred, wants, gaz.capital_ids, gaz, text)
        _lists_agree(text, out, {i: cands for i, cands, *_rest in second})
    out.sort(key=lambda p: p.start)
    # one mention per span
    dedup, last_end = [], -1
    for p in out:
        if p.start >= last_end:
            dedup.append(p)
            last_end = p.end
    return _repeated(doc, text, dedup)


def _split_pairs(spans: list[tuple[int, int, str, str]], gaz: Gazetteer) -> list[tuple[int, int, str, str]]:
    """"Egypt-US relations", "the Russia-Ukraine talks": two notable places joined by a hyphen,
    when the whole is not a place ("Bosnia-Herzegovina", "Ivano-Frankivsk", "the Asia-Pacific
    region" are; "Auschwitz-Birkenau" is a camp, not two towns)."""
    out = []
    for start, end, surface, how in spans:
        parts = list(re.finditer(r"[A-Z][\w.'’]*(?: [A-Z][\w.'’]*)*", surface))
        whole = _UNIT_SUFFIX.sub("", surface.strip())
        if "-" in surface and len(parts) > 1 and re.fullmatch(r"[\w.'’ ]+(?:-[\w.'’ ]+)+", surface.strip()) \
                and not gaz.lookup(whole) and all(gaz.notable(p.group(0)) for p in parts):
            out += [(start + p.start(), start + p.end(), p.group(0), how) for p in parts]
        else:
            out.append((start, end, surface, how))
    return out


def _read_span(doc: Doc, text: str, gaz: Gazetteer, start: int, surface: str, how: str) -> Found | None:
    """A name that may be a place, read on its own: its clean name, where it stands and its
    candidates; None when it is no place of the article."""
    surface = surface.strip()
    clean = re.sub(r"^(?:the|The)\s+", "", surface)
    clean = re.sub(r"(?:'s|’s|'|’)$", "", clean).strip(" .,")
    # place names are capitalised: a lower-case word the model tagged ("the stolen van", "the
    # gulf") is a common noun
    if how != "lower-case" and not any(ch.isupper() for ch in clean) or sum(ch.isalpha() for ch in clean) < 2:
        return None
    # (an adjective that names a region with its plural noun is one: "the Baltic republics")
    # (and one that shares the noun with another: "Nordic and Baltic countries")
    plural = _PLURAL.match(text, start + len(surface))
    if not clean or fold(clean) in STOP or (fold(clean) in DEMONYMS or clean.lower() in DEMONYMS) and not (
            plural and surface.endswith(clean) and gaz.lookup(f"{clean} {plural.group(2)}")):
        return None
    before = _REGION_SIDE.search(text[max(0, start - 12):start])
    joined = gaz.lookup(before.group(1) + clean) if before else []
    # (a side in lower case describes the place that follows: "east London" is London's east,
    # not East London in South Africa; "west Africa" names the region either way)
    if joined and before.group(1)[0].islower() and gaz.notable(clean) \
            and not any(c.feature in ("region", "continent") for c in joined):
        joined = []
    if joined:
        start -= len(before.group(1))
        clean = before.group(1) + clean
    start = start + surface.find(clean) if clean in surface else start
    end = start + len(clean)
    # "the Baltic states", "the Nordic countries": a region named with its plural noun
    after = _PLURAL.match(text, end)
    cands = []
    if after and gaz.lookup(f"{clean} {after.group(2)}"):
        if after.group(1):   # the noun is the next name's: this mention is the name alone
            cands = gaz.lookup(f"{clean} {after.group(2)}")
        else:
            clean = f"{clean} {after.group(2)}"
            end = start + len(clean)
    if fold(clean) in LANDFORMS and _after_the(doc, start):
        return None
    if clean == "US" and _PROMOTION.search(text[max(0, start - 10):start]):
        return None   # "FOLLOW US ON X": a promotion's "us", in capitals
    cands = cands or gaz.lookup(clean)
    kind = _SETTLEMENT_KIND.search(clean)
    named, named_end = clean, end
    if not cands and kind:
        # "Klymentove village", "Lozova district" as one entity: the settlement (never a country or
        # an oblast: "Kyiv District, Kharkiv" is a part of Kharkiv)
        clean = clean[:kind.start()]
        end = start + len(clean)
        cands = [c for c in gaz.lookup(clean) if c.feature not in ("country", "admin1")]
    if not cands and how in ("ner", "relabel", "gazetteer", "context") and " " in clean and (
            _title_cased(text, start) or clean.split(" ", 1)[0].lower() in HEADLINE_NOUNS
            or clean.split(" ", 1)[0].lower() in DEMONYMS):
        # a title in capitals runs words into the name ("Damaged Residences Kramatorsk"), and
        # the model a headline's noun or people ("Bridge Irpin", "Russian Tanks Hlyboke"): the last words that name a settlement of
        # the war's countries are the place (only so: in prose "Taras Shevchenko" is a man, or a
        # monument, not a village Shevchenko)
        words = clean.split(" ")
        for k in range(1, len(words)):
            tail = " ".join(words[k:])
            if any(c.feature == "city" and c.cc in WAR for c in gaz.lookup(tail)):
                start, clean = start + len(clean) - len(tail), tail
                end, cands = start + len(tail), gaz.lookup(tail)
                break
    lead = clean.split(" ", 1)
    if not cands and len(lead) == 2 and lead[0].lower() in OBJECT_VERBS and lead[1][:1].isupper():
        # a headline's verb the model ran into the name after it ("Shelled Siversk" as a person)
        start, clean = start + len(lead[0]) + 1, lead[1]
        end, cands = start + len(clean), gaz.lookup(lead[1])
        how = "context" if how in ("relabel", "relabel-person", "gazetteer") else how
    if fold(clean) in THE_WATERS and _after_the(doc, start):
        cands = gaz.lookup(THE_WATERS[fold(clean)])
    if how == "ner" and text[end:end + 1] == "." and _abbreviation_goes_on(doc, text, start, end):
        # the model tags "Mass" of "Mass. legislators" and "L.A" without the last dot: the
        # agencies' state, or a city's abbreviation. (Not "attended Mass." at a sentence's end,
        # nor "500 B.C.")
        unit = gaz.admin1_of(*REGION_ABBREVIATIONS[clean + "."]) if clean + "." in REGION_ABBREVIATIONS else None
        if unit is not None:
            clean, end, cands = clean + ".", end + 1, [unit]
        elif re.search(r"(?:^|\s)(?:[A-Za-z]{1,3}\.)+[A-Za-z]{1,3}$", clean):
            clean, end = clean + ".", end + 1
    part = _COMPASS.match(clean)
    if not cands and part:
        # "North Texas", "northeast Missouri", "East Oxford": a part of a place the gazetteer
        # knows by its name. A named part of a country or a continent ("Western Canada",
        # "Southern Europe") is a region of its own, far from the whole's point; so is one of a
        # hamlet's name ("West Wing")
        rest = gaz.lookup(part.group(2))
        whole = [] if any(c.feature in ("continent", "region") for c in rest) else [
            c for c in rest if (c.feature == "admin1" or (c.feature == "city" and c.population >= 10_000))
            or (part.group(1)[0].islower() and c.feature == "country")]
        if whole:
            start += part.start(2)
            clean = part.group(2)
            end = start + len(clean)
            cands = whole
    if not cands and how in ("ner", "context") and " " not in clean and len(clean) >= MISSPELT_MIN:
        # a quick caption's slip of one letter in a town's name ("Kramatrosk", "Slovyansck")
        cands = _misspelt(gaz, clean)
    if not cands:
        # ("Ohio State" the model tags as an organisation is the university)
        cands = _admin1_by_stem(gaz, clean, state=how == "ner")
    if not cands and re.search(r"\s(?:region|regions)$", clean):
        # "the Asia-Pacific region": a named region the span also calls a region
        cands = [c for c in gaz.lookup(re.sub(r"\s\w+$", "", clean)) if c.feature in ("region", "continent")]
    if not cands and not (how not in ("gazetteer", "sentence-start") and (
            _UNIT_AFTER_COMMA.match(text[named_end:named_end + 50]) or _war_unit_after(text, end, gaz, named))):
        return None
    if how != "dateline" and clean.isupper() and len(clean) > 3 and _in_capitals_line(text, start, end):
        # a line in capitals ("AG GARLAND VISITS UKRAINE") hides which words are
        # names: as at a sentence's start, only notable places (and the war's towns)
        cands = [c for c in cands if _notable(c, 20_000 if c.cc in CONFLICT else SENTENCE_START_CITY)]
    if any(c.cc in TERRITORIES and c.feature == "city" for c in cands):
        cands = [c for c in cands if not (c.cc in TERRITORIES and c.feature == "country")]
    want_admin = bool(_UNIT_ASKED.match(text[end:end + 12].lower()))
    if want_admin:
        # a unit known by its town's name only with its noun ("Odesa region": the bare name is the town's)
        have = {c.id for c in cands}
        cands = cands + [u for u in gaz.lookup(f"{clean} region") if u.feature == "admin1" and u.id not in have]
    # a country that qualifies a title or a noun ("France's president", "US officials", "the
    # Belarus government") is a place of the article: the story involves that country; one
    # inside a proper title ("U.S. Secretary of State Antony Blinken") is part of the title,
    # and a city or a region qualifying one ("Florida Governor", "the Vienna document",
    # "Minsk agreements") part of a name
    # (a town a facility is named for stays the facility's place: "the Kupiansk Police Department")
    if how != "facility" and _qualifies_title(doc, start, end) and not (any(c.feature == "country" for c in cands)
                                                  and not _in_proper_title(doc, end)):
        return None
    return start, end, clean, how, cands, want_admin


# a misspelt name is read only as a town of Ukraine this large, and only a name this long: a short
# name one letter from another is as likely another place or a word
MISSPELT_TOWN = 20_000
MISSPELT_MIN = 6


def _misspelt(gaz: Gazetteer, name: str) -> list[Place]:
    """The Ukrainian towns of 20,000 people or more whose name, in one of its spellings, is one
    slip (a letter left out, added, changed, or two swapped) from ``name``; none where two towns are."""
    want = fold(name)
    hits = {p for key, places in gaz.towns_by_name("UA", MISSPELT_TOWN).items()
            if " " not in key and len(key) >= MISSPELT_MIN and abs(len(key) - len(want)) <= 1
            and _one_slip(want, key) for p in places}
    return list(hits) if len(hits) == 1 else []


def _one_slip(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ by one edit (a letter inserted, deleted or changed, or two
    neighbours swapped), keeping their first letter."""
    if a == b or a[:1] != b[:1]:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long_[i]:
        i += 1
    return short[i:] == long_[i + 1:]


def _title_cased(text: str, at: int) -> bool:
    """Whether the line around a position is a title with its words in capitals ("Residential
    Building Damaged In Kharkiv"): four in five of its words of four letters or more."""
    line = text[text.rfind("\n", 0, at) + 1:(text.find("\n", at) + 1 or len(text) + 1) - 1]
    words = [w for w in re.findall(r"[^\W\d_]{4,}", line)]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


# ", Kharkiv" after a name, with the settlement's kind between ("Lozova district, Kharkiv"), or
# the unit in brackets ("Pavlivka (Donetsk oblast)")
_AFTER_COMMA = re.compile(r"\s*(?:(?i:" + _words("settlement_nouns") + r")\s*)?(?:,|\()\s*([A-Z][\w.'’ -]{1,30}?)"
                          r"(?=[,.;:)\n]|\s+[-—–(]|\s+[a-z]|$)")


_CITY_PART = re.compile(r"(?:\d|\b(?:" + "|".join(_EN.words("places", "city_parts")) + r")\.?$)", re.IGNORECASE)


_SETTLEMENT_KIND = re.compile(r"\s+(?:" + "|".join(_EN.words("places", "settlement_nouns")) + r")$", re.IGNORECASE)


def _war_unit_after(text: str, end: int, gaz: Gazetteer, name: str = "") -> bool:
    """Whether ", Y" after a name names a first-level unit of the war's countries ("Chepil,
    Kharkiv", "Hlyboke, Kharkiv region"): the name is a settlement of that unit. Not a part of a
    city ("Gorky Park, Kharkiv", "School No. 5, Kharkiv"): that is in the city."""
    m = _AFTER_COMMA.match(text[end:end + 60])
    return bool(m) and not _CITY_PART.search(name) and any(
        c.feature == "admin1" and c.cc in WAR for c in gaz.lookup(_UNIT_SUFFIX.sub("", m.group(1))))


def _with_abbreviations(text: str, gaz: Gazetteer, found: list[Found]) -> list[Found]:
    """"Lexington, Ky.", "Melville, Sask.": a US state or a Canadian province as news agencies
    abbreviate it, after a comma (in the place of what else was read there), in text order."""
    for m in [*_ABBR.finditer(text), *_INITIALISM.finditer(text)]:
        unit = gaz.admin1_of(*REGION_ABBREVIATIONS[m.group(1)])
        if unit is not None:
            found = [f for f in found if f[1] <= m.start() or f[0] >= m.end()]
            found.append((m.start(), m.end(), m.group(1), "abbreviation", [unit], False))
    found.sort(key=lambda f: f[0])
    return found


def _capitals_of_peoples(text: str, gaz: Gazetteer) -> list[PlaceMention]:
    """"the Romanian capital" -> the capital of that country."""
    extra = []
    for m in re.finditer(r"\b(?:the\s+)?([A-Z][a-z]+)\s+capital\b", text):
        cc = DEMONYMS.get(m.group(1).lower())
        cap = gaz.capital(cc) if cc and cc != "EU" else None
        if cap is not None:
            extra.append(PlaceMention(m.group(0), m.start(), m.end(), cap, 10.0))
    return extra


def _first_reading(doc: Doc, text: str, gaz: Gazetteer, found: list[Found], extra: list[PlaceMention]
                   ) -> tuple[list[PlaceMention], dict[int, bool], list[tuple], list[tuple]]:
    """The reading in text order, each name with the places already read as context: the
    mentions read, whether each asked for a unit, the ambiguous ones to read again, and the towns
    too small to take on their name alone (kept later if the article is around them)."""
    # context: countries and admin1 units named unambiguously, in text order; and which names
    # settle each country, to check names that say where they are only relative to the story's
    # country ("the West Coast", "the North Shore")
    ctx: Counter = Counter()
    admin_ctx: Counter = Counter()
    settled: dict[str, set[str]] = defaultdict(set)
    for _s, _e, name, _h, cands, _w in found:
        if len({c.cc for c in cands}) == 1 and cands[0].cc:
            ctx[cands[0].cc] += 0.75 if cands[0].feature == "country" else 1.5
            settled[cands[0].cc].add(fold(name))
            for c in cands:
                if c.feature == "admin1":
                    admin_ctx[(c.cc, c.admin1)] += 1
    capitals = gaz.capital_ids
    out: list[PlaceMention] = list(extra)
    deferred: list[tuple] = []   # towns too small to take on their name alone: kept if the article is around them
    wants: dict[int, bool] = {}   # mention -> whether the text asked for an admin unit ("X region")
    second: list[tuple] = []   # ambiguous names, to read again with the whole article as context
    by_start = {f[0]: f for f in found}
    forced: dict[int, Place] = {}
    for start, end, surface, how, cands, want_admin in found:
        inside, placed = _where_inside(text, start, end, surface, how, cands, by_start, forced)
        if placed is not None:
            out.append(placed)
            continue
        if _RELATIVE.fullmatch(surface) and inside is None:
            # a coast or a shore named by its side is the story's own country's: New Zealand's West
            # Coast region only where the article names other places of New Zealand
            cands = [c for c in cands if settled.get(c.cc, set()) - {fold(surface)}]
        if not cands and inside is None and start not in forced:
            continue
        if start in forced:
            best = forced[start]
            out.append(PlaceMention(surface, start, end, best, 99.0))
            wants[len(out) - 1] = want_admin
            _count(ctx, admin_ctx, best, 1)
            continue
        towns = []
        if how != "ner":
            # no entity label to go on: only notable places, or ones the text puts in a unit
            # ("Opytne, Donetsk Oblast"); never a person's name or a title's qualifier
            towns = [c for c in cands if c.feature == "city" and c.population >= LOCAL_TOWN and how != "sentence-start"]
            cands = _untagged(cands, surface, how, inside)
            if not cands:
                if towns and not (how == "relabel-person" and _acts(doc, start, end)) \
                        and not (how == "gazetteer" and _in_capital_run(text, start, end)) \
                        and not _names_an_organisation(doc, text, start, end, surface):
                    deferred.append((start, end, surface, towns))
                continue
        if not any(_letters_fit(surface, c) for c in cands):
            continue
        adjust = name_adjustments(cands, surface, want_admin)
        scored = sorted(((_score(c, ctx, admin_ctx, want_admin, inside, capitals, adjust), c) for c in cands
                         if _letters_fit(surface, c)), key=lambda x: (-x[0], x[1].id))
        best_score, best = scored[0]
        floor = 3.5 if how in ("ner", *IN_CONTEXT) else 5.0
        if best_score < floor:
            continue  # no guess below the confidence floor
        out.append(PlaceMention(surface, start, end, best, best_score))
        wants[len(out) - 1] = want_admin
        # the second reading may also take a local town the first left out for want of a
        # label ("Florence" tagged as an organisation, beside Cincinnati)
        towns = [c for c in towns if c not in cands]
        if len(cands) + len(towns) > 1:
            rivals = [sc for sc, c in scored if c.cc != best.cc]
            margin = best_score - rivals[0] if rivals else math.inf
            second.append((len(out) - 1, cands + towns, want_admin, inside, floor,
                           best.feature == "admin1" and margin >= SURE_MARGIN and not towns,
                           frozenset(c.id for c in towns)))
        _count(ctx, admin_ctx, best, 1)
    return out, wants, second, deferred


def _where_inside(text: str, start: int, end: int, surface: str, how: str, cands: list[Place],
                  by_start: dict[int, Found], forced: dict[int, Place]) -> tuple[Place | None, PlaceMention | None]:
    """"X, Y": the country or the unit Y that X lies in (Y's own reading is then forced), and the
    mention of X placed at Y's point when the gazetteer lacks X ("Pisky, Donetsk Oblast")."""
    # (Y ends at punctuation, a dash, or a lower-case word: "a fair in Tacoma, Washington draws crowds")
    # (and "Lozova district, Kharkiv", "Dvorichna village, Kharkiv")
    m = _AFTER_COMMA.match(text[end:end + 60])
    nxt = by_start.get(end + m.start(1)) if m else None
    if nxt is None:
        return None, None
    # "Podil, Kyiv": Y names a city that is a unit of its own and the oblast around it, and X is a
    # part of the city: X lies in the city (Kyiv's districts are not in Kyiv oblast). Where the
    # city lies in its namesake oblast ("Yakovlivka, Donetsk") Y is the oblast, as agencies write it
    units = {y.admin1 for y in nxt[4] if y.feature == "admin1"}
    if units:
        for y in (y for y in nxt[4] if y.feature == "city" and y.admin1 not in units and y.population >= CITY_UNIT_PEOPLE):
            if any(c.feature == "city" and c.cc == y.cc and c.id != y.id and _close(c, y, CITY_PART_KM) for c in cands):
                forced[nxt[0]] = y
                return y, None
    # "Lima, Ohio" puts Lima in Ohio (and says which Ohio); "Libya, Syria" is a list
    options = []
    for y in nxt[4]:
        if y.feature not in ("country", "admin1"):
            continue
        # ("US, France and others" is a list: Us, a village of France, is no reading of "US")
        fits = [c for c in cands if c.feature not in ("country", "continent", "region") and c.cc == y.cc
                and (y.feature == "country" or c.admin1 == y.admin1) and _letters_fit(surface, c)]
        if fits:
            options.append((max(f.population for f in fits), y))
    if options:
        inside = max(options, key=lambda o: o[0])[1]
        forced[nxt[0]] = inside
        return inside, None
    units = [y for y in nxt[4] if y.feature == "admin1" and (_OBLAST.search(nxt[2]) or y.cc in WAR)]
    # (a settlement's name, not a region's, "Donbass, Donetsk and Lugansk", nor a note, "Zaporizhzhia (sic)")
    # (nor a city in a list of cities, "Lviv, Dnipro, Zaporizhzhia, Kharkiv and Ternopil": a city that
    # large is no village the gazetteer lacks)
    if units and not any(c.feature in ("country", "admin1", "region", "continent", "other") for c in cands) \
            and (_SETTLEMENT_KIND.search(text[start:end + m.start(1)].rstrip(", "))
                 or not any(c.feature == "city" and c.cc in WAR and c.population >= CITY_UNIT_PEOPLE for c in cands)) \
            and re.fullmatch(r"[\w'’ .-]+", surface) and (how not in ("gazetteer", "sentence-start") or cands):
        # "Pisky, Donetsk Oblast", "Peremoha, Kharkiv region", "Chepil, Kharkiv" with no such
        # village of that oblast in the gazetteer (its namesakes elsewhere are other villages):
        # the place is placed at its oblast's point, and says so
        unit = max(units, key=lambda y: y.population)
        forced[nxt[0]] = unit
        return None, PlaceMention(surface, start, end, Place(0, surface, "city", unit.cc, unit.admin1,
                                                             unit.lat, unit.lon, 0), 1.0, "admin1")
    return None, None


def _untagged(cands: list[Place], surface: str, how: str, inside: Place | None) -> list[Place]:
    """The candidates a name with no entity label to go on may be: notable places, or ones the
    text puts in a unit. (A first-level unit of a few thousand people is a word before it is a
    place: "Grad rockets", "the Unity March", a photo credit's "Pool"; nor is a city's former or
    foreign name, "Julia" for Plovdiv, outside the war's countries, whose renamings the variant
    lists keep on purpose.)"""
    want = _base(fold(surface))
    cands = [c for c in cands if c.feature != "city" or c.cc in CONFLICT or how == "dateline"
             or _spelling_of(want, _base(fold(c.name)))]
    return [c for c in cands if c.feature == "admin2"
            or (how in IN_CONTEXT and c.feature == "city" and c.cc in WAR and _own_spelling(surface, c))
            # (a headline's first word that is a town of Ukraine's: "Izium mass grave")
            or _notable(c, (20_000 if c.cc == "UA" else SENTENCE_START_CITY) if how == "sentence-start"
                        else 20_000 if c.cc in CONFLICT
                        else DATELINE_TOWN if how == "dateline" else 150_000)
            or (inside is not None and c.cc == inside.cc and (inside.feature == "country" or c.admin1 == inside.admin1))]


def _joined(spans: list[tuple[int, int, str, str]], text: str, gaz: Gazetteer) -> list[tuple[int, int, str, str]]:
    """Two names side by side that are one notable place's name together: the model splits "Baja
    California" into two places and "U.S. Virgin Islands" into the US and a name it missed; and
    so a village's of the war's countries ("Ruska Lozova", not Ruska and the town of Lozova)."""
    out: list[tuple[int, int, str, str]] = []
    for span in spans:
        if out and text[out[-1][1]:span[0]] in (" ", ". "):
            prev = out[-1]
            whole = text[prev[0]:span[1]]
            # (not when the second name alone is already that place)
            if (gaz.notable(whole) or any(c.feature == "city" and c.cc in WAR for c in gaz.lookup(whole))) \
                    and gaz.lookup(span[2]) != gaz.lookup(whole):
                out[-1] = (prev[0], span[1], whole, "ner" if "ner" in (prev[3], span[3]) else prev[3])
                continue
        out.append(span)
    return out


_WATER_ADJECTIVE = re.compile(r"(?:" + "|".join(_POINTS) + r")(?:ern)?|" + _words("before_a_water"))


def _after_the(doc: Doc, start: int) -> bool:
    """Whether the name at `start` follows "the", with at most two adjectives of the article's
    own between them: "the Atlantic", "the tropical Atlantic", "the western tropical Pacific".
    A town's name takes neither ("the town of Atlantic" is not the ocean's)."""
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    if span is None:
        return False
    i = span.start - 1
    while i >= 0 and span.start - i <= 2 and doc[i].text.islower() and (
            doc[i].pos_ == "ADJ" or _WATER_ADJECTIVE.fullmatch(doc[i].text)):
        i -= 1
    return i >= 0 and doc[i].lower_ == "the"


def _notable(c: Place, city_floor: int) -> bool:
    """A place a name with no entity label to go on may be: a country, a region or a water, a
    large first-level unit, or a city of ``city_floor`` people."""
    return c.feature in ("country", "region", "continent", "other") \
        or (c.feature == "admin1" and c.population >= NOTABLE_UNIT) or c.population >= city_floor


def _in_capitals_line(text: str, start: int, end: int) -> bool:
    """Whether the name stands in a line written in capitals (four words or more, nearly all)."""
    a = text.rfind("\n", 0, start) + 1
    b = text.find("\n", end)
    words = re.findall(r"[A-Za-z][A-Za-z'’.-]*", text[a:len(text) if b < 0 else b])
    caps = sum(1 for w in words if w.isupper())
    return caps >= 4 and caps >= 0.8 * len(words)


def _in_capital_run(text: str, start: int, end: int) -> bool:
    """A name inside a run of capitalised words is part of a longer name ("Fargo City Commissioner",
    "Rodeo Fargo", "Wichita Street"); a sentence's first word does not start a run, and "of" ends
    one ("Tom Smith of Lafayette")."""
    before = text[max(0, start - 30):start]
    # (a line break ends a run: a letter's signature, "Theo Smith\nHarlow, Essex")
    return bool(re.match(r"[ \t]+(?:of[ \t]+|de[ \t]+)?[A-Z]", text[end:end + 30])
                or re.search(r"[A-Z][\w'’-]*[ \t]+$", before)
                and not re.search(r"(?:^|[.!?:\n]\s*|[\"“‘'(]\s*)[A-Z][\w'’-]*\s+$", before))


def _repeated(doc: Doc, text: str, out: list[PlaceMention]) -> list[PlaceMention]:
    """Later mentions of a name the article has read as a place, which nothing tagged: a name
    that opens a sentence ("Fargo raised its goal"), which the recognizer never takes on its own.
    Only a mention that stands alone: not inside an entity, not in a run of capitalised words
    ("Fargo Police Chief"), not a person's surname, not a title's qualifier."""
    names = {p.text: p for p in out if len(p.text) >= 3 and p.text[:1].isupper() and p.precision == "exact"
             and p.place.feature != "continent"}
    # (a dateline's "TEGA CAY" is the headline's "Tega Cay")
    names.update({p.text.title(): p for p in list(names.values()) if p.text.isupper() and len(p.text) > 3})
    if not names:
        return out
    ents = doc._.lb_entities or []
    persons = _surnames(doc, ents)
    # (an entity that is just the name, mislabelled, "a Chiefland bar brawl" as an organisation, is
    # the name again; a longer one, "Tega Cay Fire Department", is not, nor one word the model
    # calls a person: "Welch" read once as a town is still Welch the victim elsewhere)
    taken = [(p.start, p.end) for p in out] + [(m.start, m.end) for m in ents if m.text not in names
                                               or (m.label == "PERSON" and " " not in m.text)]
    added = []
    pattern = re.compile(r"(?<![\w.'’-])(" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
                         + r")(?![\w-]|[.'’]\w)")
    for m in pattern.finditer(text):
        s, e = m.span(1)
        if fold(m.group(1)) in persons or any(s0 < e and s < e0 for s0, e0 in taken):
            continue
        if _in_capital_run(text, s, e) or _qualifies_title(doc, s, e):
            continue
        p = names[m.group(1)]
        added.append(PlaceMention(m.group(1), s, e, p.place, p.score, p.precision))
    return sorted(out + added, key=lambda p: p.start) if added else out


def _letters_fit(name: str, c: Place) -> bool:
    """An abbreviation ("EU", "WA", "PAP") names a country or a state, or a city that goes by it
    ("D.C.", "NYC"), never a village whose name is those letters (Eu, Wa, Pop). (The candidates are
    only left out of the reading: what the letters could name still decides whether the name is
    ambiguous, so "US" does not vouch for its country more than it did)."""
    letters = name.replace(".", "")
    return not (letters.isupper() and len(letters) <= 3) or c.feature in ("country", "admin1", "region") \
        or c.population >= 500_000


def _local(p: Place) -> bool:
    return p.feature in ("city", "admin2") and p.lat is not None and p.population >= 1000


def _neighbours(out: list[PlaceMention], second: list[tuple]) -> dict[int, set[int]]:
    """For each ambiguous mention, its candidates that lie within NEAR_KM of the place another
    name of the article was read as, in the same country: local news names places near each
    other ("Florence" beside Cincinnati is Florence, Kentucky). Readings only, not every candidate
    of the other names (the candidates of a few common American names cover the country); and
    not across a border (a Russian village near Luhansk does not make "Donetsk" Russian)."""
    points = [(fold(p.text), p.place.cc, p.place.lat, p.place.lon) for p in out if _local(p.place)]
    if len(points) < 2:
        return {}
    deg = NEAR_KM / KM_PER_DEGREE
    near: dict[int, set[int]] = {}
    for i, cands, *_ in second:
        name = fold(out[i].text)
        for c in cands:
            if not _local(c):
                continue
            # (no farther apart in latitude than NEAR_KM first: it leaves few to measure)
            if any(n != name and cc == c.cc and abs(la - c.lat) < deg and distance_km((la, lo), (c.lat, c.lon)) < NEAR_KM
                   for n, cc, la, lo in points):
                near.setdefault(i, set()).add(c.id)
    return near


# a region named with its plural noun ("the Baltic states"), or sharing it ("Nordic and Baltic countries")
_PLURAL = re.compile(r"((?:\s+(?:and|or)\s+[A-Z][\w-]+)?)\s+(" + _words("plural_nouns") + r")\b")
_RELATIVE = re.compile(r"(?:" + "|".join(s.title() for s in _SIDES) + r")\s+(?:" + _words("sided_places") + ")")
_COUNTY = re.compile(r"\b((?:[A-Z][\w.'’]+\s)?)([A-Z][\w.'’]+\s(?:" + _words("county_nouns") + r"))\b")


def _pairs(out: list[PlaceMention], second: list[tuple], text: str, gaz: Gazetteer) -> dict[int, set[Place]]:
    """For ambiguous names, the candidates that pair with a candidate of another ambiguous name
    of the article, or of a county its text names anywhere (same country and unit, within
    PAIR_KM, one of the two a county), where the two names have exactly one such pair: a local
    paper's town and its county read together. Two common names with many namesakes each pair in
    many places and settle nothing; two cities ("Houston" and "Washington", both small towns of
    Pennsylvania too) are not a town and its county. The cost is bounded by pairing only
    candidates of one state."""
    by_name: dict[str, list[int]] = {}
    local: dict[str, list[Place]] = {}
    for i, *_ in second:
        name = fold(out[i].text)
        by_name.setdefault(name, []).append(i)
        # (every town of the name, also those too small to be read on the name alone: a county
        # beside it is the context they wait for, "Edmonton" beside Metcalfe County, Kentucky)
        local.setdefault(name, [c for c in gaz.lookup(out[i].text) if _local(c)])
    # the counties the text names anywhere, inside an office's name too ("the Madison County
    # Sheriff's Office"): not places of the article, but they say where it is set
    for m in _COUNTY.finditer(text):
        for county in (m.group(1) + m.group(2), m.group(2)):
            units = [c for c in gaz.lookup(county) if c.feature == "admin2" and _local(c)]
            if units:
                local.setdefault(fold(county), units)
                by_name.setdefault(fold(county), [])
                break
    names = [n for n in by_name if local[n]]
    if len(names) < 2:
        return {}
    chosen: dict[str, set[int]] = {}
    for x in range(len(names)):
        groups: dict[tuple, list[Place]] = {}
        for c in local[names[x]]:
            groups.setdefault((c.cc, c.admin1), []).append(c)
        for y in range(x + 1, len(names)):
            if _base(names[x]) == _base(names[y]):
                continue   # "DeKalb" and "DeKalb County" pair wherever the one is the other's seat
            found = set()
            for d in local[names[y]]:
                for c in groups.get((d.cc, d.admin1), ()):
                    if "admin2" in (c.feature, d.feature) and _close(c, d, PAIR_KM):
                        found.add((c.id, d.id))
            if len({a for a, _ in found}) == 1 and len({b for _, b in found}) == 1:
                (a, b), = found
                chosen.setdefault(names[x], set()).add(a)
                chosen.setdefault(names[y], set()).add(b)
    places = {c.id: c for n in chosen for c in local[n]}
    return {i: {places[c] for c in chosen[n]} for n, idx in by_name.items() if n in chosen for i in idx}


def _read_again(out: list[PlaceMention], second: list[tuple], deferred: list[tuple], wants: dict[int, bool],
                capitals: frozenset, gaz: Gazetteer, text: str) -> None:
    """The article-level reading, after the first pass in text order (``out`` is changed in place).

    An ambiguous name met before the places that settle it ("Paris police ... across Lamar County,
    Texas ... in Dallas") is read again with the places the rest of the article names; towns too
    small to be taken on their name alone are kept when the article is around them; and one name
    keeps one place through the article."""
    # the context is what the article settles on its own: names with one country among their
    # candidates, and "X, Y" readings; two ambiguous names do not vouch for each other
    # ("Manchester" and "Washington" are not both American because each could be)
    ctx2: Counter = Counter()
    admin2: Counter = Counter()
    unsure = {i for i, cands, *_rest, sure, _towns in second if len({c.cc for c in cands}) > 1 and not sure}
    for i, p in enumerate(out):
        if i not in unsure:
            _count(ctx2, admin2, p.place, 1)
    near = _neighbours(out, second)
    paired = _pairs(out, second, text, gaz)
    units = {(p.place.cc, p.place.admin1) for p in out if p.place.feature == "admin1"}
    for i, cands, want_admin, inside, floor, _sure, towns in second:
        mine = out[i]
        if i not in unsure:
            _count(ctx2, admin2, mine.place, -1)
        # a town the first reading left out for want of a label needs its own state in the
        # article, or a place near it: the country alone does not make "Geneva" Illinois's
        pair = {c.id for c in paired.get(i, ())}
        cands = [c for c in cands if c.id not in towns or admin2[(c.cc, c.admin1)] > 0 or c.id in near.get(i, ())
                 or c.id in pair] + [c for c in paired.get(i, ()) if c not in cands]
        adjust = name_adjustments(cands, out[i].text, want_admin)
        # (a name that also names a region, "Middle East", is not a town because a
        # hamlet of that name lies near Washington)
        if not any(c.feature in ("region", "continent") for c in cands):
            for c in near.get(i, ()):
                adjust[c] = adjust.get(c, 0.0) + NEAR_BONUS
        # (not against the states the article names: "Pike County" in a story that names Kentucky
        # is Kentucky's, whatever county of Indiana lies near another of its names)
        named = {(c.cc, c.admin1) for c in cands if (c.cc, c.admin1) in units}
        for c in cands:
            # (a reading already in the pair's unit stays: Youngstown, Ohio is not the hamlet
            # of that name by another county of Ohio)
            if c.id in pair and (not named or (c.cc, c.admin1) in named) \
                    and (mine.place.cc, mine.place.admin1) != (c.cc, c.admin1):
                adjust[c.id] = adjust.get(c.id, 0.0) + PAIR_BONUS
        scores = {c.id: _score(c, ctx2, admin2, want_admin, inside, capitals, adjust) for c in cands
                  if _letters_fit(mine.text, c)}
        cands = [c for c in cands if c.id in scores]
        score, best = max(((scores[c.id], c) for c in cands), key=lambda x: (x[0], -x[1].id))
        # a reading the rest of the article supports (its country is named elsewhere) stays,
        # unless the whole article clearly prefers another; one it does not support is replaced
        # by the best reading in the article's own context
        if best.id != mine.place.id and score >= floor and (
                best.cc == mine.place.cc or ctx2[mine.place.cc] <= 0
                or score - scores.get(mine.place.id, -math.inf) >= CLEARLY_BETTER):
            out[i] = PlaceMention(mine.text, mine.start, mine.end, best, score)
        if i not in unsure:
            _count(ctx2, admin2, out[i].place, 1)
    # a town too small to be taken on its name alone ("Gainesville" tagged as an organisation)
    # is one when the article's other places are in its state or province
    taken = [(p.start, p.end) for p in out]
    ctx_all: Counter = Counter()
    admin_all: Counter = Counter()
    for p in out:
        _count(ctx_all, admin_all, p.place, 1)
    # (or when the article has read the same name as that town elsewhere: "TEGA CAY —" in its dateline)
    read_as = {(fold(p.text), p.place.id) for p in out}
    for start, end, surface, towns in deferred:
        near = [c for c in towns if admin_all[(c.cc, c.admin1)] > 0 or (fold(surface), c.id) in read_as]
        if not near or any(s0 < end and start < e0 for s0, e0 in taken):
            continue
        best = max(near, key=lambda c: (admin_all[(c.cc, c.admin1)], c.population))
        out.append(PlaceMention(surface, start, end, best, _score(best, ctx_all, admin_all, False, None)))
        taken.append((start, end))
    # one place per name in an article: a later "London" is the "LONDON, Ky." of the dateline
    best_of: dict[tuple, PlaceMention] = {}
    for i in range(len(out)):
        key = (fold(out[i].text), wants.get(i, False))
        if key not in best_of or out[i].score > best_of[key].score:
            best_of[key] = out[i]
    # (every mention of the name, including those whose candidates were cut to notable places
    # because the model did not tag them: "London Police" after "LONDON, Ky.")
    # (not a reading the words around the name gave, which the name alone does not: "the tropical
    # Atlantic" is the ocean beside "Atlantic, Iowa")
    for i in range(len(out)):
        top = best_of.get((fold(out[i].text), wants.get(i, False)), out[i])
        # (a town placed at its unit's point, id 0, takes the name's reading too)
        own = {c.id for c in gaz.lookup(out[i].text)} if top.place.id != out[i].place.id else set()
        if top.place.id in own and (out[i].place.id in own or not out[i].place.id):
            out[i] = PlaceMention(out[i].text, out[i].start, out[i].end, top.place, out[i].score)


_LIST_SEP = re.compile(r",\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+")


def _lists_agree(text: str, out: list[PlaceMention], cands_of: dict[int, list[Place]]) -> None:
    """Names in one list are places of one kind: "Missouri, New York, North Carolina and Virginia"
    are four states, so New York is the state there, not the city. A listed name with a reading of
    the kind and country that at least two of the others share takes it (``out`` is changed in place)."""
    def within(a: Place, b: Place) -> bool:   # "Lima, Ohio", "Washington, D.C.": a place and where it is
        return a.id == b.id or (b.feature in ("admin1", "country") and a.cc == b.cc
                                and (b.feature == "country" or a.admin1 == b.admin1) and a.feature != b.feature)

    order = sorted(range(len(out)), key=lambda i: out[i].start)
    runs, run, paired = [], order[:1], set()
    for a, b in zip(order, order[1:], strict=False):
        sep = text[out[a].end:out[b].start]
        if sep.strip() == "," and within(out[a].place, out[b].place):
            paired.add(a)   # (the pair settles its own reading)
        if _LIST_SEP.fullmatch(sep) and a not in paired:
            run.append(b)
        else:
            runs.append(run)
            run = [b]
    runs.append(run)
    for run in runs:
        if len(run) < 3:
            continue
        kinds = Counter((out[i].place.feature, out[i].place.cc) for i in run)
        (feature, cc), k = kinds.most_common(1)[0]
        if feature not in ("admin1", "country") or k < 2:
            continue
        for i in run:
            p = out[i].place
            if (p.feature, p.cc) == (feature, cc) or i not in cands_of or i in paired:
                continue
            same = [c for c in cands_of[i] if c.feature == feature and (c.cc == cc or feature == "country")]
            if same:
                out[i] = PlaceMention(out[i].text, out[i].start, out[i].end, max(same, key=lambda c: c.population),
                                      out[i].score)


@Language.factory("livebrief_places", requires=["doc._.lb_entities"], assigns=["doc._.lb_places"])
def make_places(nlp, name):
    return PlacesComponent()


class PlacesComponent:
    def __call__(self, doc: Doc) -> Doc:
        doc._.lb_places = resolve_places(doc)
        return doc
