"""The front page's Latest developments: which developments a live desk would lead with, and the
line that titles each when its articles have no headline.

A development leads when what it reports is news of the day. That is read from the opening of its
articles (the story's first LEDE_SENTENCES sentences) and the facts reading found there, so that a
feed with no titles and no URLs (whose genre cannot be told from them) is read as well as one with:

1. an event read in the opening with the confidence the briefing asks for (``min_confidence``), or
   a statement of a named or titled speaker in its first two sentences: a report;
2. a lede shaped like a feature, a column or background (``read.genre.lede_shape``), or one dated
   more than STALE_DAYS before its article (a Monday column about last Tuesday): no news of the day;
3. an opening that dates what it tells to the days of its article ("met on Saturday"): dated news;
4. anything else: news that neither reports an event or a statement the reader found nor says
   when (a profile's "a volunteer is helping ..." reads so, and so does a report the reader
   missed: it weighs less, it is not struck).

Each development weighs its importance (``queries.list_developments``) times the share its kind is
given (``WEIGHT``), the first ``limit`` by weight are listed, newest first. A development titled from
a lead sentence is titled from its opening's most newsworthy sentence where its lede reads as no
news (``title_line``), headed by its speaker's name where a wire lede states what the next sentence
says someone said (``attribution``), and cut like a headline where it runs long (``cut``): never a
teaser of several hundred characters.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from ..lexicon import lexicon
from ..places.datelines import dateline_end
from ..read.genre import lede_shape
from ..text import sentence_spans

LEDE_SENTENCES = 3     # the lede and the two sentences after it: where a report states what happened
STATEMENT_SENTENCES = 2   # a statement leads when it is in the lede or the sentence that names its speaker
STALE_DAYS = 3         # a lede dated further back than this before its article reports old news
TITLE_CHARS = 140      # a title sentence longer than this is cut at a clause boundary ...
TITLE_MIN_CHARS = 60   # ... that leaves at least this much of it (and at most TITLE_CHARS + 40) ...
TITLE_MAX_CHARS = 200  # ... or, with none, kept whole up to this length, beyond it cut at a word
# the share of its importance each kind of development keeps on the front page (see the docstring):
# no news of the day keeps a hundredth, so it is listed where few others are
WEIGHT = {"report": 1.0, "dated": 0.5, "news": 0.25, "no news": 0.01}


@dataclass(frozen=True)
class Mark:
    """A fact reading found in an article's opening: an event (with its confidence), a statement
    (a quote whose speaker is named or titled), or a date (its value)."""

    kind: str            # "event" | "statement" | "date"
    start: int
    end: int
    confidence: float = 1.0
    value: str | None = None


@dataclass(frozen=True)
class Opening:
    """What the opening of one article reports: its sentences, how its lede is shaped (None: like
    news; "dated": it tells of days before the article), the highest confidence of an event read
    in it, whether a named or titled speaker is quoted in its first sentences, whether it dates
    what it tells to the days of the article, and its most newsworthy sentence (None: the lede)."""

    sentences: tuple[tuple[int, int], ...]
    shape: str | None
    event: float
    statement: bool
    current: bool
    line: tuple[int, int] | None
    speaker: str | None = None   # who the next sentence says made the lede's statement (see ``attribution``)


@cache
def titled_words() -> frozenset[str]:
    """The heads of titles that make an unnamed speaker an official ("the military commander")."""
    en = lexicon("en")
    return frozenset(en.words("titles", "offices") + en.words("titles", "sole_offices") + en.words("titles", "more_heads")
                     + en.words("titles", "office_words"))


@cache
def _agencies() -> frozenset[str]:
    return frozenset(x.lower() for x in lexicon("en").get("genre", "furniture")["agencies"])


def official(speaker: str | None, kind: str | None) -> bool:
    """Whether a quote's speaker speaks for someone: a person the speaker registry names, a body
    it names (a government, a ministry, "the White House"; not a news agency reporting), or a
    speaker titled as an office ("the military commander", "State Department officials")."""
    if not speaker:
        return False
    words = re.findall(r"[a-z-]+", speaker.lower())
    if kind == "PERSON":
        return True
    if kind == "ORG":
        return "agency" not in words and " ".join(words) not in _agencies()
    return bool({w.removesuffix("s") for w in words} & titled_words() or set(words) & titled_words())


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value and len(value) == 10 else None
    except ValueError:
        return None


def read_opening(text: str, lede: tuple[int, int] | None, published: str | None, marks: list[Mark]) -> Opening:
    """The opening of an article whose story's first sentence is ``lede`` (see read.genre.lead),
    with the facts reading found in it (``marks``)."""
    if lede is None:
        return Opening((), None, 0.0, False, False, None)
    spans = []
    for s, e in sentence_spans(text, lede[0]):
        spans.append((s, e))
        if len(spans) == LEDE_SENTENCES:
            break
    year = int(published[:4]) if published and published[:4].isdigit() else None
    shape = lede_shape(text[slice(*lede)], year=year)
    pub = _day((published or "")[:10])

    def within(m: Mark, n: int) -> bool:
        return any(s <= m.start < e for s, e in spans[:n])

    days = [(pub - d).days for m in marks if m.kind == "date" and pub and (d := _day(m.value))
            and within(m, STATEMENT_SENTENCES)]
    in_lede = [(pub - d).days for m in marks if m.kind == "date" and pub and lede[0] <= m.start < lede[1]
               and (d := _day(m.value))]
    if shape is None and in_lede and all(n > STALE_DAYS for n in in_lede):
        shape = "dated"

    events = [m for m in marks if m.kind == "event" and within(m, LEDE_SENTENCES)]
    statements = [m for m in marks if m.kind == "statement" and within(m, STATEMENT_SENTENCES)]
    # (a later sentence may title a feature with a statement the desk would not lead with)
    line = _line(text, spans, shape, events, [m for m in marks if m.kind == "statement" and within(m, LEDE_SENTENCES)])
    speaker = None
    if shape is None and len(spans) > 1 and not any(m.kind == "statement" and lede[0] <= m.start < lede[1] for m in marks):
        speaker = attribution(text[slice(*lede)], text[slice(*spans[1])])
    return Opening(tuple(spans), shape, max((m.confidence for m in events), default=0.0), bool(statements) or bool(speaker),
                   any(0 <= n <= STALE_DAYS for n in days), line, speaker)


@cache
def _wire() -> tuple[re.Pattern, re.Pattern]:
    h = lexicon("en")
    back = "|".join(re.escape(w) for w in sorted(h.words("headlines", "refers_back"), key=len, reverse=True))
    says = "|".join(re.escape(w) for w in h.words("headlines", "says"))
    return re.compile(rf"^(?P<who>.{{2,120}}?)\s+(?:{back})\b", re.I), re.compile(rf"\b(?:{says})\b", re.I)


_ACRONYM = re.compile(r"\(([A-Z]{2,8})\)")
_NAME = re.compile(r"(?:^|\s)((?:[A-Z][\w'’.-]+\s+){1,3}[A-Z][\w'’-]+)$")


def attribution(lede: str, after: str) -> str | None:
    """Who made the statement a lede is, where the lede names no one and the sentence after it
    does, pointing back ("... said this at a briefing", ``headlines.toml``'s ``refers_back``):
    the speaker's surname ("Belarus President Aleksandr Lukashenko made the statement" ->
    "Lukashenko") or a body's initials ("The Institute for the Study of War (ISW) said this" ->
    "ISW"); None where the lede has its own verb of saying or the speaker has no name ("He said
    this", "The head of the government said this")."""
    back, says = _wire()
    m = back.match(after.strip())
    if m is None or says.search(lede):
        return None
    who = m.group("who").split(", ")[0].strip()
    if (acronym := _ACRONYM.search(who)) is not None:
        return acronym.group(1)
    name = _NAME.search(who)
    if name is None or len(who.split()) > 8:
        return None
    return name.group(1).split()[-1]


# a sentence that opens on a pronoun leans on the one before: no title
_LEANS = re.compile(r"^(?:he|she|they|it|this|that|these|those|his|her|their|its|but|and|so|yet)\b", re.I)


def _line(text: str, spans: list, shape: str | None, events: list[Mark], statements: list[Mark]) -> tuple[int, int] | None:
    """The sentence that titles an article with no headline when its lede will not (None: the
    lede): where the lede is shaped like no news, the first later sentence of the opening that
    reports an event or a statement, stands on its own and is itself shaped like news. (A lede
    shaped like news stays: it is the story's own first line, though the reader found nothing in it.)"""
    if shape is None or shape == "dated":
        return None   # (a lede dated days before is news of its day: what follows it is no newer)
    for s, e in spans[1:]:
        sentence = text[s:e]
        if not any(s <= m.start < e for m in [*events, *statements]):
            continue
        if not _LEANS.match(sentence) and lede_shape(sentence) is None and sentence[:1] not in "\"“«'‘-–—":
            return s, e
    return None


def title_line(lede: tuple[int, int], opening: Opening) -> tuple[int, int]:
    """The sentence that titles a development from an article with no headline (see ``_line``)."""
    return opening.line or lede


def title(sentence: str, opening: Opening, lede: bool) -> str:
    """A sentence made a title (see ``cut``), a ``lede`` that states what its speaker said headed
    by the speaker's name, as headlines are ("Lukashenko: Belarus will respond ...")."""
    out = cut(sentence)
    return f"{opening.speaker}: {out}" if lede and opening.speaker else out


@cache
def _breaks() -> re.Pattern:
    words = lexicon("en").words("headlines", "clause_breaks")
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


def cut(sentence: str) -> str:
    """A sentence as a title: its opening dateline off, and, where it runs past TITLE_CHARS, cut
    like a headline at the first clause boundary (``headlines.toml``'s ``clause_breaks``: "as he",
    "amid", ", after", "- said" ...) that keeps TITLE_MIN_CHARS of it and leaves no quotation open;
    with none, kept whole up to TITLE_MAX_CHARS, and beyond it cut at its first comma past
    TITLE_MIN_CHARS, or at a word with an ellipsis."""
    s = " ".join(sentence.split())
    s = s[dateline_end(s):]
    if len(s) <= TITLE_CHARS:
        return s
    for m in _breaks().finditer(s, TITLE_MIN_CHARS):
        head = s[:m.start()].rstrip(" ,;:-–—")
        if len(head) > TITLE_CHARS + 40:
            break
        if _balanced(head):
            return head
    if len(s) <= TITLE_MAX_CHARS:
        return s
    # too long to keep whole: at its first comma that leaves a title, else at a word
    for m in re.finditer(r",\s", s[:TITLE_CHARS + 40]):
        if m.start() >= TITLE_MIN_CHARS and _balanced(s[:m.start()]):
            return s[:m.start()]
    return s[:TITLE_MAX_CHARS].rsplit(" ", 1)[0].rstrip(" ,;:-–—") + "…"


def _balanced(s: str) -> bool:
    return s.count("“") == s.count("”") and s.count('"') % 2 == 0 and s.count("«") == s.count("»") \
        and s.count("(") == s.count(")")


def kind(lede: dict, min_confidence: float) -> str:
    """"report", "dated", "news" or "no news" (see the module's docstring), from a development's
    digest of its openings (``lede``: shape, event, statement, current)."""
    if lede.get("shape"):
        return "no news"
    if (lede.get("event") or 0.0) >= min_confidence or lede.get("statement"):
        return "report"
    return "dated" if lede.get("current") else "news"


def weight(dev: dict, min_confidence: float) -> float:
    """A development's weight on the front page: its importance times its kind's share."""
    return dev["importance"] * WEIGHT[kind(dev.get("lede") or {}, min_confidence)]


def latest(devs: list[dict], min_confidence: float, limit: int = 12) -> list[dict]:
    """The ``limit`` developments of ``devs`` (ranked by importance) a live desk would lead with,
    by their weight (see ``weight``), newest first."""
    chosen = sorted(devs, key=lambda d: -weight(d, min_confidence))[:limit]
    return sorted(chosen, key=lambda d: d["last_seen"] or "", reverse=True)
