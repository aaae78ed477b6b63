"""A learned reader of reported speech: whether a verb and one of its complements report what
someone said, thought or found ("Republicans want policies that ...", "the court ruled against
...", "she declined to discuss ..."), with a calibrated probability.

The rules of ``quotes.py`` know the common speech verbs; news copy attributes with hundreds more.
Each candidate is a verb outside a quotation with one complement (a clause, an infinitive, an
object or a prepositional object) as its content; its features are the verb's lemma, the
complement's kind, the subject's kind (a person, an organisation, a pronoun, a common noun and
which) and the shape of the clause. The weights (``models/attribution.json``) are a logistic
regression trained by ``scripts/train_attribution_model.py`` on PolNeAR's train split (its
articles and annotations stay outside the repository), calibrated by a temperature. Scoring is a
sum over features: no library beyond the standard one.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Token

from ..text import text_of
from . import logistic, packaged_model

MODEL_FILE = "attribution.json"
# how often a quotation's speaker is right, by how the reader found it (scripts/calibrate_quote_speakers.py)
SPEAKER_FILE = "quote_speakers.json"

# complements that carry what was reported, in the order a verb's candidates are listed
_CONTENT_DEPS = ("ccomp", "parataxis", "xcomp", "dobj", "prep")
# prepositions whose object is a topic or a target of speech ("spoke of", "ruled against")
_CONTENT_PREPS = frozenset(("of", "about", "on", "against", "for", "with", "to", "over", "at"))
_PERSON_PRONOUNS = frozenset(("he", "she", "they", "i", "we", "you"))
_LEADING = re.compile(r"^(?:that|,|:|\s)+", re.IGNORECASE)


@dataclass(frozen=True)
class Candidate:
    verb: Token
    dep: str            # the complement's relation to the verb
    start: int          # the content's characters
    end: int
    features: tuple[str, ...]


def _length_bucket(n: int) -> str:
    for top, name in ((1, "1"), (2, "2"), (5, "3-5"), (10, "6-10"), (20, "11-20")):
        if n <= top:
            return name
    return "21+"


def _subject_kind(subj: Token | None) -> tuple[str, str]:
    """(kind, word) of a speech verb's subject: a named kind, a pronoun's group, or a noun's lemma."""
    if subj is None:
        return "none", ""
    low = subj.lower_
    if subj.pos_ == "PRON":
        return ("pron-person" if low in _PERSON_PRONOUNS else "pron-" + low), low
    ent = subj.ent_type_
    if ent:
        return "ent-" + ent, ""
    if subj.pos_ == "PROPN":
        return "propn", ""
    return subj.pos_.lower(), subj.lemma_.lower()


def _span_chars(doc: Doc, lo: int, hi: int, verb: Token, inside: Callable[[int], bool]) -> tuple[int, int] | None:
    """Characters of tokens ``lo..hi`` as content: within the verb's paragraph, without a leading
    "that" or trailing punctuation; None when nothing is left."""
    text = text_of(doc)
    s, e = doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1].text)
    brk = text.find("\n", max(s, verb.idx), e)
    if brk != -1:
        e = brk
    brk = text.rfind("\n", s, min(e, verb.idx))
    if brk != -1:
        s = brk + 1
    m = _LEADING.match(text[s:e])
    if m:
        s += m.end()
    while e > s and text[e - 1] in " ,.;:—–-\"“”'’":
        e -= 1
    if e <= s or not any(c.isalnum() for c in text[s:e]) or inside(s):
        return None
    return s, e


def candidates(doc: Doc, cues: frozenset[str], subject_of: Callable[[Token], Token | None],
               inside: Callable[[int], bool], only: Callable[[Token], bool] | None = None) -> list[Candidate]:
    """Every verb outside a quotation with each of its content-bearing complements. ``cues`` are
    the lemmas the rules know as speech verbs (a feature), ``subject_of`` finds a verb's speaker
    token, ``inside`` tells whether a character lies in a direct quotation; ``only``, when given,
    chooses the verbs to look at."""
    out = []
    for v in doc:
        if v.pos_ not in ("VERB", "AUX") or inside(v.idx) or (v.is_upper and len(v) > 1) or (only and not only(v)):
            continue
        comps = [c for c in v.children if c.dep_ in _CONTENT_DEPS and c.i > v.i - 60]
        if not comps:
            continue
        lemma = v.lemma_.lower()
        subj = subject_of(v)
        kind, word = _subject_kind(subj)
        neg = any(c.dep_ == "neg" for c in v.children)
        modal = any(c.dep_ == "aux" and c.tag_ == "MD" for c in v.children)
        base = [f"l={lemma}", f"s={kind}", f"l|s={lemma}|{kind}", f"tag={v.tag_}", f"vd={v.dep_}",
                f"hd={v.head.lemma_.lower() if v.head.i != v.i else '-'}"]
        if word:
            base.append(f"sw={word}")
        if neg:
            base.append("neg")
        if modal:
            base.append("modal")
        if lemma in cues:
            base += ["cue", f"cue|s={kind}"]
        if v.dep_ in ("xcomp", "ccomp") and v.head.lemma_.lower() in cues:
            base.append("under-cue")
        if any(c.dep_ == "auxpass" for c in v.children):
            base += ["passive", f"l|passive={lemma}"]
        sent = v.sent
        if any(inside(t.idx) for t in sent if t.is_alpha):
            base.append("sent-quoted")   # the sentence holds a quotation, which its cue attributes
        words = [t for t in sent if t.is_alpha and len(t) > 3]
        if len(words) >= 3 and sum(t.text[0].isupper() for t in words) >= 0.7 * len(words):
            base.append("headline")
        if len(comps) > 1:
            base.append("comps>1")
        for c in comps:
            dep = c.dep_
            if dep == "prep":
                if c.lower_ not in _CONTENT_PREPS:
                    continue
                obj = next((g for g in c.children if g.dep_ in ("pobj", "pcomp")), None)
                if obj is None:
                    continue
                lo, hi = obj.left_edge.i, obj.right_edge.i + 1
                dep = f"prep-{c.lower_}"
            elif dep in ("ccomp", "parataxis") and c.pos_ not in ("VERB", "AUX", "NOUN", "ADJ"):
                continue
            else:
                lo, hi = c.left_edge.i, c.right_edge.i + 1
            if subj is not None and lo <= subj.i < hi and subj.i > lo:
                hi = subj.left_edge.i   # "..., he said": the clause stops before its speaker
            if lo <= v.i < hi:
                continue
            chars = _span_chars(doc, lo, hi, v, inside)
            if chars is None:
                continue
            n = hi - lo
            mark = next((g.lower_ for g in c.children if g.dep_ == "mark"), "")
            f = base + [f"d={dep}", f"l|d={lemma}|{dep}", f"s|d={kind}|{dep}", f"len={_length_bucket(n)}",
                        f"d|len={dep}|{_length_bucket(n)}", f"cpos={c.pos_}", f"before={c.i < v.i}"]
            first = text_of(doc)[chars[0]:chars[1]].split(None, 1)[0].lower().strip(",.;:\"“”'’") if chars else ""
            f += [f"first={first}", f"l|first={lemma}|{first}", f"chead={c.lemma_.lower()}", f"ctag={c.tag_}",
                  f"l|cpos={lemma}|{c.pos_}"]
            if mark:
                f += [f"mark={mark}", f"l|mark={lemma}|{mark}"]
            if c.ent_type_:
                f.append(f"cent={c.ent_type_}")
            out.append(Candidate(v, dep, chars[0], chars[1], tuple(f)))
    return out


@dataclass(frozen=True)
class AttributionModel:
    weights: dict[str, float]
    bias: float
    temperature: float = 1.0
    trained_on: int = 0

    def probability(self, feats: Iterable[str]) -> float:
        z = self.bias + sum(self.weights.get(f, 0.0) for f in set(feats))
        return logistic(z / self.temperature)


@cache
def attribution_model() -> AttributionModel | None:
    """The packaged model (loaded once per process), or None when it has not been built."""
    data = packaged_model(MODEL_FILE)
    if data is None:
        return None
    return AttributionModel(weights=data["weights"], bias=data["bias"], temperature=data.get("temperature", 1.0),
                            trained_on=data.get("trained_on", 0))


@dataclass(frozen=True)
class SpeakerCalibration:
    routes: dict[str, float]
    default: dict[str, float]

    def confidence(self, route: str | None, named: bool) -> float:
        """How often a speaker found by ``route`` (somebody, or nobody when not ``named``) was right."""
        kind = "named" if named else "nobody"
        return self.routes.get(f"{route or 'none'}|{kind}", self.default[kind])


@cache
def speaker_calibration() -> SpeakerCalibration | None:
    """The packaged calibration (loaded once per process), or None when it has not been built."""
    data = packaged_model(SPEAKER_FILE)
    return None if data is None else SpeakerCalibration(routes=data["routes"], default=data["default"])
