"""Quantities: money with ISO currency, people (killed, wounded, displaced, refugees...),
equipment counts, and vague amounts mapped conservatively (ACLED-style) with the phrase kept.

Cumulative totals ("brings the total to", "since February 2022", "so far") are flagged apart
from new amounts.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from ..lexicon import lexicon
from ..text import sentence_bounds, text_of
from .weapons import named_weapons

_EN = lexicon("en")
# the words that count one person ("a", "another", "the")
ONE = frozenset(w.lower() for w in (*_EN.words("quantities", "one_person"), *_EN.words("quantities", "the_person")))
SCALES: dict[str, float] = _EN.table("quantities", "scales")
SYMBOLS: dict[str, str] = _EN.table("quantities", "symbols")
CURRENCY_WORDS: dict[str, str] = _EN.table("quantities", "currency_words")
WORD_NUMBERS: dict[str, int] = _EN.table("quantities", "word_numbers")
VAGUE: dict[str, int] = _EN.table("quantities", "vague")
HARM = [(category, re.compile(rf"\b(?:{'|'.join(words)})\b", re.I))  # (category, pattern of the word that gives it)
        for category, words in _EN.table("quantities", "harm").items()]
_REFUGEES = dict(HARM)["refugees"]
HARM_WORD_CATEGORY: dict[str, str] = _EN.table("quantities", "harm_word_category")
# (alternations in the file's order: the lists say which form is tried first)
_words = _EN.words
PEOPLE_NOUNS = "(?:" + "|".join(_words("quantities", "people")) + ")"
EQUIPMENT = "(?:" + "|".join(_words("weapons", "countable") + named_weapons()) + ")"

_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_WORDNUM = "|".join(sorted((re.escape(k) for k in WORD_NUMBERS), key=len, reverse=True))
_VAGUE = "|".join(VAGUE)
_SCALE = "(?:" + "|".join(SCALES) + ")"
_SPELLED_SCALE = "|".join(_words("quantities", "spelled_scales"))
_PEOPLE_SCALE = "|".join(_words("quantities", "people_scales"))
_QUAL = r"(?:(?:" + "|".join(_words("quantities", "qualifiers")) + r")\s+)?"
_SYMBOL = "|".join(sorted((re.escape(k.upper()) for k in SYMBOLS if not k.isalpha()), key=len, reverse=True))
_CODE = "|".join(k.upper() for k in SYMBOLS if k.isalpha())
_COUNTRY = "|".join(w + r"\s+" for w in _words("quantities", "currency_countries"))
# currency words, the longest first ("canadian dollars" before "dollars"), spaces as any space
_CURWORD = "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in sorted(CURRENCY_WORDS, key=len, reverse=True))
_CODE_AFTER = "|".join(_words("quantities", "codes_after"))
_CODE_SCALE = "|".join(_words("quantities", "code_scales"))
_MODIFIER = "|".join(_words("quantities", "people_modifiers"))
_HARM_BEFORE = "|".join(_words("quantities", "harm_before"))
_HARM_AFTER = "|".join(_words("quantities", "harm_after"))
_AUX = "|".join(w + r"\s+" for w in _words("quantities", "harm_auxiliaries"))
_OTHERS = "|".join(_words("quantities", "harm_others"))
CLAUSE_END = re.compile("|".join(_words("quantities", "clause_joiners")), re.I)
_DESCRIBING = "|".join([r"[A-Z][\w-]*", *(w + r"-[\w-]+" for w in _words("weapons", "describing_prefixes")),
                        r"[\w-]+-(?:" + "|".join(_words("weapons", "describing_ends")) + ")",
                        *_words("weapons", "describing"), r"\d+mm"])

MONEY_SYMBOL = re.compile(rf"(?P<cur>{_SYMBOL}|\b(?:{_CODE})\s?)"
                          rf"\s?(?P<num>{_NUM})(?:\s?(?P<scale>{_SCALE})\b)?", re.I)
MONEY_WORDS = re.compile(rf"\b(?P<num>{_NUM}|{_WORDNUM})(?:\s?(?P<scale>{_SPELLED_SCALE}))?"
                         rf"\s+(?:{_COUNTRY})?(?P<curword>{_CURWORD})\b", re.I)
# an ISO code after the amount, before or after its scale: "50 million CAD", "4.96 EUR million",
# "990 mil. NOK" (the code in capitals, the scale in any case)
MONEY_CODE_AFTER = re.compile(rf"\b(?P<num>{_NUM})(?:\s?(?P<scale>(?i:{_CODE_SCALE}))\.?)?\s?(?P<code>{_CODE_AFTER})\b"
                              rf"(?:\s(?P<scale2>(?i:{_SPELLED_SCALE}))\b)?")
PEOPLE = re.compile(rf"\b{_QUAL}(?P<num>{_NUM}|{_WORDNUM}|{_VAGUE})(?:\s(?P<scale>{_PEOPLE_SCALE})\b)?"
                    rf"(?:\s+of)?(?:\s+(?:{_MODIFIER}))*"
                    rf"\s+(?P<noun>{PEOPLE_NOUNS})\b", re.I)
EQUIP = re.compile(rf"\b(?P<num>{_NUM}|{_WORDNUM}|{_VAGUE})(?P<mid>(?:\s+(?:{_DESCRIBING})))*"
                   rf"\s+(?P<noun>{EQUIPMENT})\b")
BARE_HARM = re.compile(rf"\b(?P<verb>{_HARM_BEFORE})\s+{_QUAL}(?P<num>{_NUM}|{_WORDNUM})\b(?!\s+(?:{PEOPLE_NOUNS}))", re.I)
HARM_NUM_AFTER = re.compile(rf"\b{_QUAL}(?P<num>{_NUM}|{_WORDNUM}|{_VAGUE})(?:\s(?P<scale>{_PEOPLE_SCALE})\b)?\s+"
                            rf"(?:(?:{_OTHERS})\s+)?(?:{_AUX})?(?P<verb>{_HARM_AFTER})\b", re.I)
# "the death toll ... rose to 12": the figure after the verb (within the sentence) is the killed
DEATH_TOLL = re.compile(rf"\b(?:{'|'.join(_words('quantities', 'toll_nouns'))})\b[^.;]{{0,80}}?\b"
                        rf"(?P<verb>{'|'.join(_words('quantities', 'toll_verbs'))})\s+(?:to\s+)?{_QUAL}"
                        rf"(?P<num>{_NUM}|{_WORDNUM})\b", re.I)
# one person counted by an article: "a civilian was killed", "killing a child"; "the driver was
# killed" only with the verb of harm right after the noun
_PERSON = "(?:" + "|".join(_words("quantities", "person")) + ")"
ONE_PERSON = re.compile(rf"\b(?P<num>{'|'.join(_words('quantities', 'one_person'))})\s+(?:(?:{_MODIFIER})\s+)*"
                        rf"(?P<noun>{_PERSON})\b(?=\s*[,.;:)]|\s*$|\s+(?:{'|'.join(_words('quantities', 'person_followers'))})\b)",
                        re.I)
THE_PERSON = re.compile(rf"\b(?P<num>{'|'.join(_words('quantities', 'the_person'))})\s+(?:(?:{_MODIFIER})\s+)*"
                        rf"(?P<noun>{_PERSON})\s+(?:{_AUX})?(?P<verb>{_HARM_AFTER})\b", re.I)
# a figure's own predicate: "3 civilians were injured" is a count of the injured, whatever harm
# word stands before it ("1 was killed and 3 civilians were injured")
_PREDICATE = re.compile(rf"\s+(?:{_AUX})?$", re.I)
CUMULATIVE = re.compile(r"\b(?:" + "|".join(_words("quantities", "cumulative")) + r")\b", re.I)
# a cue of a total that a new figure brings the count to: the total is after it
BRINGING = re.compile(r"(?:" + "|".join(_words("quantities", "bringing_total")) + r")", re.I)


@dataclass
class Quantity:
    text: str
    start: int
    end: int
    value: float | None
    unit: str | None
    kind: str            # money | people | equipment
    category: str | None = None
    vague: bool = False
    cumulative: bool = False

    def as_dict(self) -> dict:
        v = self.value
        if v is not None and float(v).is_integer():
            v = int(v)
        return {"text": self.text, "start": self.start, "end": self.end, "value": v, "unit": self.unit,
                "kind": self.kind, "category": self.category, "vague": self.vague, "cumulative": self.cumulative}


def parse_number(num: str, scale: str | None = None) -> tuple[float, bool]:
    """(value, vague) for '1,200', '1.2', 'three', 'dozens', with an optional scale word."""
    low = num.lower()
    vague = False
    if low in ONE:
        value = 1.0
    elif low in VAGUE:
        value, vague = float(VAGUE[low]), True
    elif low in WORD_NUMBERS:
        value = float(WORD_NUMBERS[low])
    else:
        value = float(num.replace(",", ""))
    if scale:
        value *= SCALES[scale.lower()]
    return value, vague


def _harm_category(text: str, start: int, end: int) -> str | None:
    """The harm word closest to the figure in the same clause, looking a few words either side."""
    s, e = sentence_bounds(text, start)
    window_after = text[end: min(e, end + 60)]
    window_before = text[max(s, start - 40): start]
    best = None
    for cat, rx in HARM:
        m = rx.search(window_after)
        if m and _PREDICATE.fullmatch(" " + window_after[:m.start()]):
            return cat
    # a word of harm in the figure's own clause outweighs one in the clause before it
    end_own = CLAUSE_END.search(window_after)
    own_after = window_after[:end_own.start() if end_own else len(window_after)]
    ends_before = list(CLAUSE_END.finditer(window_before))
    if ends_before and any(rx.search(own_after) for _cat, rx in HARM):
        window_before = window_before[ends_before[-1].end():]
    for cat, rx in HARM:
        for m in rx.finditer(window_after):
            d = m.start()
            if best is None or d < best[0]:
                best = (d, cat)
        for m in rx.finditer(window_before):
            d = len(window_before) - m.end()
            if best is None or d < best[0]:
                best = (d, cat)
    return best[1] if best else None


@Language.factory("livebrief_quantities", assigns=["doc._.lb_quantities"])
def make_quantities(nlp, name):
    return QuantitiesComponent()


class QuantitiesComponent:
    def __call__(self, doc: Doc) -> Doc:
        doc._.lb_quantities = find_quantities(text_of(doc))
        return doc


def find_quantities(text: str) -> list[Quantity]:
    out: list[Quantity] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return not any(s < te and ts < e for ts, te in taken)

    def cumulative(s: int) -> bool:
        a, b = sentence_bounds(text, s)
        # ("five were killed, bringing the total to 45 since the war began": the total, and what
        # qualifies it, is after the cue; a figure before it is new)
        bring = BRINGING.search(text, a, b)
        if bring is not None and s < bring.start():
            b = bring.start()
        return bool(CUMULATIVE.search(text[a:b]))

    for m in MONEY_SYMBOL.finditer(text):
        cur = m.group("cur").strip().lower()
        try:
            value, _ = parse_number(m.group("num"), m.group("scale"))
        except (ValueError, KeyError):
            continue
        if not free(m.start(), m.end()):
            continue
        # "$1.1bn", "€500m": a trailing 'm'/'b' is a scale only when glued or followed by a boundary
        taken.append((m.start(), m.end()))
        out.append(Quantity(m.group(0).strip(), m.start(), m.start() + len(m.group(0).strip()), value,
                            SYMBOLS.get(cur, cur.upper()), "money", cumulative=cumulative(m.start())))
    for m in MONEY_CODE_AFTER.finditer(text):
        if m.group("scale") and m.group("scale2") or not free(m.start(), m.end()):
            continue
        if not (m.group("scale") or m.group("scale2")) and re.fullmatch(r"(?:19|20)\d\d", m.group("num")):
            continue  # "in 2022 EUR": a year before a code is no amount
        try:
            value, _ = parse_number(m.group("num"), m.group("scale") or m.group("scale2"))
        except (ValueError, KeyError):
            continue
        taken.append((m.start(), m.end()))
        out.append(Quantity(m.group(0), m.start(), m.end(), value, m.group("code"), "money", cumulative=cumulative(m.start())))
    for m in MONEY_WORDS.finditer(text):
        if not free(m.start(), m.end()):
            continue
        try:
            value, _ = parse_number(m.group("num"), m.group("scale"))
        except (ValueError, KeyError):
            continue
        taken.append((m.start(), m.end()))
        out.append(Quantity(m.group(0), m.start(), m.end(), value, CURRENCY_WORDS[" ".join(m.group("curword").lower().split())],
                            "money", cumulative=cumulative(m.start())))
    for m in DEATH_TOLL.finditer(text):
        s, e = m.start("num"), m.end("num")
        if not free(s, e):
            continue
        try:
            value, vague = parse_number(m.group("num"))
        except (ValueError, KeyError):
            continue
        taken.append((s, e))
        out.append(Quantity(m.group("num"), s, e, value, "people", "people", category="killed", vague=vague,
                            cumulative=cumulative(s)))
    for rx, kind in ((PEOPLE, "people"), (HARM_NUM_AFTER, "people"), (BARE_HARM, "people"), (THE_PERSON, "people"),
                     (ONE_PERSON, "people"), (EQUIP, "equipment")):
        for m in rx.finditer(text):
            s, e = m.start(), m.end()
            if not free(s, e):
                continue
            num = m.group("num")
            if re.fullmatch(r"(?:1[89]|20)\d\d", num) and kind == "equipment":
                continue  # "2022 Patriot" is a year
            if kind == "equipment" and re.search(r"\b[A-Z][\w-]*\s$", text[max(0, s - 20):s]):
                continue  # "Leopard 2 battle tanks": the number is part of the model's name
            try:
                value, vague = parse_number(num, m.groupdict().get("scale"))
            except (ValueError, KeyError):
                continue
            if kind == "people":
                cat = _harm_category(text, s, e)
                verb = (m.groupdict().get("verb") or "").lower()
                if verb:
                    cat = HARM_WORD_CATEGORY.get(verb, verb)
                noun = (m.groupdict().get("noun") or "").lower()
                if cat is None and _REFUGEES.fullmatch(noun):
                    cat = "refugees"   # a count of refugees is one
                if cat is None:
                    continue  # a count of people that nobody harmed ("20 people attended") is not a figure
                unit = "people"
            else:
                cat = None
                unit = m.group("noun")
                mid = (m.group("mid") or "").strip()
                if mid:
                    unit = f"{mid} {unit}"
            taken.append((s, e))
            out.append(Quantity(m.group(0), s, e, value, unit, kind, category=cat, vague=vague,
                                cumulative=cumulative(s)))
    out.sort(key=lambda q: q.start)
    return out
