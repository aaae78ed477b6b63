"""Calendar expressions resolved against the publication date.

Found by patterns over the text (month-day, day-month, month-year, bare months in context, years,
weekdays, last/next/this week, month and year, a weekday of such a week, day ranges), resolved with
the tense of the clause that governs them: "on Tuesday" in a past-tense sentence is the Tuesday
before publication, "will meet on Tuesday" the one after. Durations ("for two weeks"), seasons and
vague times ("this winter", "today") are not dates. Each result: text, start, end, value (ISO),
granularity: day, week, month or year. A week ("last week", "earlier this week") is dated by its
Monday and serves the events' time precision only: the contract's dates (read_one's) are days,
months and years.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from spacy.language import Language
from spacy.tokens import Doc

from ..lexicon import lexicon
from ..text import text_of
from .nlp import anchor

_EN = lexicon("en")
_MONTHS = _EN.words("dates", "months")
_ABBREVIATIONS: dict[str, int] = _EN.table("dates", "month_abbreviations")
MONTHS = {m.lower(): n for n, m in enumerate(_MONTHS, 1)} | {a.lower(): n for a, n in _ABBREVIATIONS.items()}
WEEKDAYS = {w.lower(): n for n, w in enumerate(_EN.words("dates", "weekdays"))}
RELATIVE: dict[str, int] = _EN.table("dates", "relative")
RELATIVE_UNITS: dict[str, str] = _EN.table("dates", "relative_units")

_MON = rf"(?P<mon>(?:{'|'.join(_MONTHS)})|(?:{'|'.join(_ABBREVIATIONS)})\.?)"
_ORD = rf"(?:{'|'.join(_EN.words('dates', 'ordinals'))})?"
_DAY = rf"(?P<day>[0-3]?\d){_ORD}"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)"
_WD = rf"(?P<wd>{'|'.join(_EN.words('dates', 'weekdays'))})"
_TO = "|".join(_EN.words("dates", "range_joiners"))
_REL = "|".join(RELATIVE)

# Order matters: longer forms first; a span claimed by one pattern is not matched again.
PATTERNS: list[tuple[str, re.Pattern]] = [
    ("mdy_range", re.compile(rf"\b{_MON}\s+(?P<d1>[0-3]?\d)\s*(?:{_TO})\s*(?P<d2>[0-3]?\d){_ORD}(?:,?\s+{_YEAR})?\b")),
    ("dmy_range", re.compile(rf"\b(?P<d1>[0-3]?\d)\s*(?:{_TO})\s*(?P<d2>[0-3]?\d)\s+{_MON}(?:,?\s+{_YEAR})?\b")),
    ("mdy", re.compile(rf"\b{_MON}\s+{_DAY}\b(?:,?\s+{_YEAR}\b)?")),
    ("dmy", re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MON}(?:,?\s+{_YEAR}\b)?")),
    ("my", re.compile(rf"\b{_MON}(?:,|\s+of)?\s+{_YEAR}\b")),
    # a weekday of a relative week ("on Monday last week", "Tuesday of next week", "last week on Monday")
    ("wd_week", re.compile(rf"\b{_WD}\s+(?:of\s+)?(?P<rel>{_REL})\s+week\b", re.I)),
    ("week_wd", re.compile(rf"\b(?P<rel>{_REL})\s+week\s+on\s+{_WD}\b", re.I)),
    ("rel", re.compile(rf"\b(?P<rel>{_REL})\s+(?P<unit>{'|'.join(RELATIVE_UNITS)})\b", re.I)),
    ("wd", re.compile(rf"\b(?:(?P<mod>{_REL})\s+)?{_WD}\b", re.I)),
    ("mon", re.compile(rf"\b{_MON}(?![\w'’])")),
    ("year", re.compile(rf"(?<![\w$€£.,-]){_YEAR}(?![\w-]|\.\d|,\d|s\b|’s|'s)")),
]

# (see dates.toml)
_MONTH_CONTEXT = _EN.set("dates", "month_context")
_AMBIGUOUS_MONTHS = _EN.set("dates", "ambiguous_months")
_FUTURE_BEFORE = _EN.set("dates", "future_before")
_PAST_BEFORE = _EN.set("dates", "past_before")
_FUTURE_CUES = _EN.set("dates", "future_cues")
_FUTURE_MODALS = _EN.set("dates", "future_modals")
_SCHEDULED = _EN.set("dates", "scheduled")
_PROGRESSIVE = _EN.set("dates", "progressive")
_YEAR_NOT_AFTER = _EN.set("dates", "year_not_after")
_UNIT_AFTER = re.compile(rf"^\s*(?:{'|'.join(_EN.words('dates', 'year_units'))})\b", re.I)


@dataclass
class DateRef:
    text: str
    start: int
    end: int
    value: str
    granularity: str

    def as_dict(self) -> dict:
        return {"text": self.text, "start": self.start, "end": self.end, "value": self.value,
                "granularity": self.granularity}


def _month_num(s: str) -> int:
    return MONTHS[s.lower().rstrip(".")]


def _valid(y: int, m: int, d: int) -> bool:
    try:
        date(y, m, d)
        return True
    except ValueError:
        return False


def tense_at(doc: Doc, char: int) -> str:
    """'past', 'future' or 'present' for the clause governing the token at ``char``."""
    tok = doc.char_span(char, char + 1, alignment_mode="expand")
    if tok is None:
        return "present"
    t = tok[0]
    # words right before the expression weigh most ("as soon as Wednesday", "until Friday")
    for prev in doc[max(0, t.i - 4): t.i]:
        if prev.lower_ in _FUTURE_BEFORE:
            return "future"
        if prev.lower_ in _PAST_BEFORE:
            return "past"
    head = t
    for _ in range(8):
        if head.pos_ in ("VERB", "AUX") or head.head.i == head.i:
            break
        head = head.head
    verbs = [head] + [c for c in head.children if c.dep_ in ("aux", "auxpass")]
    for v in verbs:
        if v.lower_ in _FUTURE_CUES or (v.tag_ == "MD" and v.lower_ in _FUTURE_MODALS):
            return "future"
    if head.tag_ in ("VBD", "VBN") or any(v.tag_ == "VBD" for v in verbs):
        return "past"
    if any(c.lower_ in _SCHEDULED for c in head.subtree if c.i < t.i):
        return "future"
    if head.tag_ == "VBG" and any(c.lower_ in _PROGRESSIVE for c in verbs):
        return "future"  # "is meeting on Tuesday"
    return "present"


def resolve(kind: str, m: re.Match, pub: date, doc: Doc) -> list[tuple[str, str]]:
    """[(value, granularity)] for one match, or [] when it is not a resolvable date."""
    g = m.groupdict()
    year = int(g["year"]) if g.get("year") else None
    if kind in ("mdy_range", "dmy_range"):
        mon = _month_num(g["mon"])
        y = year or _year_for_month(mon, pub, tense_at(doc, m.start()))
        d1, d2 = int(g["d1"]), int(g["d2"])
        if not (1 <= d1 < d2 <= 31) or d2 - d1 > 10 or not _valid(y, mon, d2):
            return []
        return [(date(y, mon, d).isoformat(), "day") for d in range(d1, d2 + 1)]
    if kind in ("mdy", "dmy"):
        mon, day = _month_num(g["mon"]), int(g["day"])
        y = year or _year_for_month(mon, pub, tense_at(doc, m.start()))
        return [(date(y, mon, day).isoformat(), "day")] if _valid(y, mon, day) else []
    if kind == "my":
        return [(f"{year:04d}-{_month_num(g['mon']):02d}", "month")]
    if kind in ("wd_week", "week_wd"):
        monday = pub - timedelta(days=pub.weekday()) + timedelta(weeks=RELATIVE[g["rel"].lower()])
        return [((monday + timedelta(days=WEEKDAYS[g["wd"].lower()])).isoformat(), "day")]
    if kind == "rel":
        rel, unit = g["rel"].lower(), g["unit"].lower()
        step = RELATIVE[rel]
        if RELATIVE_UNITS[unit] == "week":
            # a week is dated by its Monday ("last week" in a Friday's article: the Monday eleven days before)
            return [((pub - timedelta(days=pub.weekday()) + timedelta(weeks=step)).isoformat(), "week")]
        if RELATIVE_UNITS[unit] == "year":
            return [(f"{pub.year + step:04d}", "year")]
        mi = pub.year * 12 + pub.month - 1 + step
        return [(f"{mi // 12:04d}-{mi % 12 + 1:02d}", "month")]
    if kind == "wd":
        wd = WEEKDAYS[g["wd"].lower()]
        mod = (g.get("mod") or "").lower()
        delta = (wd - pub.weekday()) % 7
        if RELATIVE.get(mod, 0) > 0:
            d = pub + timedelta(days=delta or 7)
        elif RELATIVE.get(mod, 0) < 0:
            d = pub - timedelta(days=((pub.weekday() - wd) % 7) or 7)
        elif delta == 0:
            d = pub  # the day of publication
        elif tense_at(doc, m.start()) == "future":
            d = pub + timedelta(days=delta)
        else:
            d = pub - timedelta(days=(pub.weekday() - wd) % 7)
        return [(d.isoformat(), "day")]
    if kind == "mon":
        mon = _month_num(g["mon"])
        return [(f"{_year_for_month(mon, pub, tense_at(doc, m.start())):04d}-{mon:02d}", "month")]
    if kind == "year":
        return [(f"{year:04d}", "year")]
    return []


def _year_for_month(mon: int, pub: date, tense: str) -> int:
    if tense == "past" and mon > pub.month:
        return pub.year - 1
    if tense == "future" and mon < pub.month:
        return pub.year + 1
    return pub.year


def _accept(kind: str, m: re.Match, text: str, doc: Doc) -> bool:
    g = m.groupdict()
    before = text[max(0, m.start() - 25): m.start()].lower().split()
    prev = before[-1].strip("(,") if before else ""
    mon = (g.get("mon") or "").lower().rstrip(".")
    if mon and m.group(0)[0].islower():
        return False  # "may", "march" as verbs; months are capitalised in news copy
    if kind == "mon":
        if mon in _AMBIGUOUS_MONTHS and prev not in _MONTH_CONTEXT:
            return False
        if prev not in _MONTH_CONTEXT and not (m.start() == 0 or text[m.start() - 1] in "\n(\"“"):
            return False
    if kind == "year":
        y = int(g["year"])
        if not 1900 <= y <= 2100:
            return False
        if _UNIT_AFTER.match(text[m.end(): m.end() + 20]):
            return False
        if prev in _YEAR_NOT_AFTER:
            return False
    if kind == "wd" and not g.get("mod") and m.group(0)[0].islower():
        return False
    return True


@Language.factory("livebrief_dates", assigns=["doc._.lb_dates"])
def make_dates(nlp, name):
    return DatesComponent()


class DatesComponent:
    def __call__(self, doc: Doc) -> Doc:
        pub = anchor(doc._.lb_published)
        out: list[DateRef] = []
        if pub is None:
            pub_known = False
            pub = date.today()
        else:
            pub_known = True
        text = text_of(doc)
        taken: list[tuple[int, int]] = []
        for kind, rx in PATTERNS:
            for m in rx.finditer(text):
                s, e = m.start(), m.end()
                if any(s < te and ts < e for ts, te in taken):
                    continue
                if not _accept(kind, m, text, doc):
                    continue
                if not pub_known and kind in ("rel", "wd", "wd_week", "week_wd", "mon", "mdy", "dmy", "mdy_range", "dmy_range") \
                        and not m.groupdict().get("year"):
                    continue  # relative to nothing: not resolvable
                vals = resolve(kind, m, pub, doc)
                if not vals:
                    continue
                taken.append((s, e))
                for v, gran in vals:
                    out.append(DateRef(m.group(0), s, e, v, gran))
        out.sort(key=lambda d: (d.start, d.value))
        doc._.lb_dates = out
        return doc
