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

from ..text import sentence_bounds

SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6, "mln": 1e6, "billion": 1e9,
          "bn": 1e9, "b": 1e9, "bln": 1e9, "trillion": 1e12, "tn": 1e12}
SYMBOLS = {"$": "USD", "us$": "USD", "usd": "USD", "€": "EUR", "eur": "EUR", "£": "GBP", "gbp": "GBP",
           "₴": "UAH", "uah": "UAH", "₽": "RUB", "rub": "RUB", "¥": "JPY", "c$": "CAD", "a$": "AUD",
           "chf": "CHF", "sek": "SEK", "nok": "NOK", "pln": "PLN", "dkk": "DKK", "cad": "CAD", "aud": "AUD"}
CURRENCY_WORDS = {"dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR", "pound": "GBP",
                  "pounds": "GBP", "sterling": "GBP", "hryvnia": "UAH", "hryvnias": "UAH", "hryvnias'": "UAH",
                  "ruble": "RUB", "rubles": "RUB", "rouble": "RUB", "roubles": "RUB", "yen": "JPY", "yuan": "CNY",
                  "zloty": "PLN", "zlotys": "PLN", "francs": "CHF", "kronor": "SEK", "kroner": "NOK"}
WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
                "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
                "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "a hundred": 100,
                "a dozen": 12, "a thousand": 1000}
# Vague amounts, conservatively (the lower bound a careful coder would record), phrase kept.
VAGUE = {"tens of thousands": 10000, "hundreds of thousands": 100000, "millions": 1000000,
         "thousands": 1000, "hundreds": 100, "dozens": 12, "scores": 20, "several": 3, "a few": 3}
HARM = [  # (category, pattern of the word that gives it)
    ("killed", re.compile(r"\b(?:killed|killing|kills|dead|deaths?|died|dying|fatalities|lost their lives|death toll)\b", re.I)),
    ("wounded", re.compile(r"\b(?:wounded|wounding|injured|injuring|injuries|hurt)\b", re.I)),
    ("refugees", re.compile(r"\b(?:refugees?)\b", re.I)),
    ("displaced", re.compile(r"\b(?:displaced|fled|fleeing|evacuated|evacuees|homeless|uprooted)\b", re.I)),
    ("missing", re.compile(r"\bmissing\b", re.I)),
    ("detained", re.compile(r"\b(?:detained|captured|taken prisoner|prisoners of war|POWs)\b", re.I)),
    ("deported", re.compile(r"\b(?:deported|deportation)\b", re.I)),
]
PEOPLE_NOUNS = r"(?:people|persons|civilians|residents|children|women|men|soldiers|troops|servicemen|fighters|" \
               r"refugees|migrants|Ukrainians|Russians|citizens|inhabitants|villagers|workers|passengers|" \
               r"prisoners|officers|personnel|sailors|crew|police|employees|volunteers|journalists|patients|evacuees)"
EQUIPMENT = r"(?:tanks?|howitzers?|missiles?|drones?|launchers?|systems?|vehicles?|jets?|aircraft|helicopters?|" \
            r"shells?|rounds?|rockets?|guns?|batteries|battery|artillery pieces|carriers?|warships?|ships?|boats?|" \
            r"HIMARS|Javelins?|Stingers?|NLAWs?|Patriots?|Leopards?|Abrams|Bradleys?|Strykers?|F-16s?|MiG-29s?|" \
            r"Switchblades?|Bayraktars?|radars?|generators?|transformers?|mortars?)"

_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_WORDNUM = "|".join(sorted((re.escape(k) for k in WORD_NUMBERS), key=len, reverse=True))
_SCALE = r"(?:thousand|million|billion|trillion|mln|bln|mn|bn|tn|m|b|k)"
_QUAL = r"(?:(?:at\s+least|more\s+than|over|nearly|almost|about|around|some|up\s+to|roughly|approximately|an\s+estimated|fewer\s+than|less\s+than)\s+)?"

MONEY_SYMBOL = re.compile(rf"(?P<cur>US\$|C\$|A\$|\$|€|£|₴|₽|¥|\b(?:USD|EUR|GBP|UAH|RUB|CHF|SEK|NOK|PLN|DKK|CAD|AUD)\s?)"
                          rf"\s?(?P<num>{_NUM})(?:\s?(?P<scale>{_SCALE})\b)?", re.I)
MONEY_WORDS = re.compile(rf"\b(?P<num>{_NUM}|{_WORDNUM})(?:\s?(?P<scale>thousand|million|billion|trillion|mln|bln|bn|mn))?"
                         rf"\s+(?:U\.S\.\s+|US\s+|American\s+|Canadian\s+|Australian\s+)?(?P<curword>{'|'.join(CURRENCY_WORDS)})\b", re.I)
PEOPLE = re.compile(rf"\b{_QUAL}(?P<num>{_NUM}|{_WORDNUM}|{'|'.join(VAGUE)})(?:\s(?P<scale>thousand|million)\b)?"
                    rf"(?:\s+of)?(?:\s+(?:more|other|Ukrainian|Russian|local|civilian|foreign|young|elderly|internally))*"
                    rf"\s+(?P<noun>{PEOPLE_NOUNS})\b", re.I)
EQUIP = re.compile(rf"\b(?P<num>{_NUM}|{_WORDNUM}|{'|'.join(VAGUE)})(?P<mid>(?:\s+(?:[A-Z][\w-]*|anti-[\w-]+|[\w-]+-(?:range|made|guided|propelled)|"
                   rf"air-defen[cs]e|air\s+defen[cs]e|armou?red|armored|main|battle|self-propelled|combat|attack|infantry|fighting|"
                   rf"modern|new|additional|more|heavy|multiple|rocket|missile|artillery|unmanned|surface-to-air|anti-aircraft|anti-tank|\d+mm)))*"
                   rf"\s+(?P<noun>{EQUIPMENT})\b")
BARE_HARM = re.compile(rf"\b(?P<verb>killing|killed|wounding|injuring|injured|wounded|displacing|displaced)\s+{_QUAL}(?P<num>{_NUM}|{_WORDNUM})\b(?!\s+(?:{PEOPLE_NOUNS}))", re.I)
HARM_NUM_AFTER = re.compile(rf"\b{_QUAL}(?P<num>{_NUM}|{_WORDNUM}|{'|'.join(VAGUE)})(?:\s(?P<scale>thousand|million)\b)?\s+(?:were\s+|have\s+been\s+|had\s+been\s+)?(?P<verb>killed|dead|wounded|injured|displaced|missing)\b", re.I)
CUMULATIVE = re.compile(r"\b(?:in total|total(?:ling|ing)?|in all|so far|to date|overall|cumulative|altogether|since (?:the (?:start|beginning)|"
                        r"February(?: 24)?,? 2022|the invasion|20\d\d|the war began|Russia's invasion)|brings? the total|bringing the total|"
                        r"all told|since the war)\b", re.I)


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
    if low in VAGUE:
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
        doc._.lb_quantities = find_quantities(doc.text)
        return doc


def find_quantities(text: str) -> list[Quantity]:
    out: list[Quantity] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return not any(s < te and ts < e for ts, te in taken)

    def cumulative(s: int) -> bool:
        a, b = sentence_bounds(text, s)
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
    for m in MONEY_WORDS.finditer(text):
        if not free(m.start(), m.end()):
            continue
        try:
            value, _ = parse_number(m.group("num"), m.group("scale"))
        except (ValueError, KeyError):
            continue
        taken.append((m.start(), m.end()))
        out.append(Quantity(m.group(0), m.start(), m.end(), value, CURRENCY_WORDS[m.group("curword").lower()],
                            "money", cumulative=cumulative(m.start())))
    for rx, kind in ((PEOPLE, "people"), (HARM_NUM_AFTER, "people"), (BARE_HARM, "people"), (EQUIP, "equipment")):
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
                    cat = {"killing": "killed", "dead": "killed", "wounding": "wounded", "injuring": "wounded",
                           "injured": "wounded", "displacing": "displaced"}.get(verb, verb)
                noun = (m.groupdict().get("noun") or "").lower()
                if noun == "refugees" and cat is None:
                    cat = "refugees"
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
