"""Genre and page furniture: what kind of piece an article is (news, live blog, letters,
editorial, opinion, analysis), and which of its lines are the page's (audio prompts, newsletter
and subscription lines, editors' notes, bylines, datelines standing alone, photo credits) rather
than the story's.

Opinion, letters, editorials and analysis are coverage and are kept, but a development is titled
from news, and the front page shows events and figures from news only. The cue words are data
(``lexicon/en/genre.toml``); the genre is computed from the title, the URL's path, the byline and
the text's opening, in the order of the file's ``order`` list, "news" being what is left; a text
that is the page's furniture alone, under no headline, is "furniture".
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlsplit

from ..lexicon import lexicon
from ..places.datelines import dateline_end
from ..text import ends_cut, sentence_spans

NEWS = "news"
# "furniture": a page with no story at all (a newsletter sign-up saved as an article)
GENRES = ("news", "live", "letters", "editorial", "opinion", "analysis", "furniture")
# the genres a development may be titled from and the front page may take events and figures from
NEWS_GENRES = frozenset({"news", "live"})
OPENING_CHARS = 400
LEAD_CHARS = 2000   # how far into a text its story's first sentence is looked for


def _norm(s: str) -> str:
    return s.replace("’", "'").replace("‘", "'").lower()


@cache
def _cues() -> dict:
    en = lexicon("en")
    genres = {}
    for g in en.words("genre", "order"):
        table = en.get("genre", g)
        genres[g] = {k: tuple(_norm(w) for w in v) for k, v in table.items()}
    furniture = {k: tuple(_norm(w) for w in v) for k, v in en.get("genre", "furniture").items()}
    agencies = "|".join(re.escape(a) for a in sorted(set(furniture["agencies"]), key=len, reverse=True))
    return {"genres": genres, "furniture": furniture,
            # a dateline alone on its line: "CNN —", "Hong Kong CNN Business —", "(CNN)-"
            "dateline": re.compile(rf"^[\w .,'()-]{{0,40}}\(?\b(?:{agencies})\b\)?\s*[—–-]+\s*$", re.I),
            "answers": re.compile(r"^(?:the|your|in your)\s+(?:[a-z]+\s+\d{1,2}(?:,\s*\d{4})?\s+|recent\s+|"
                                  r"[a-z]+day's\s+)(?:" + "|".join(map(re.escape, genres["letters"]["answers"]))
                                  + r")\b")}


_BYLINE = re.compile(r"^by\s+[A-Z][\w'.-]*(?:\s+(?:[A-Z][\w'.-]*|and|de|van|von|al))*(?:\s*[,|].{0,60})?$", re.I)
# (a photographer's credit: "(Alexander Zemlianichenko/AP)", "(Getty Images)", or a name taking
# pictures for a paper, "(Jane Roe for The Example Post)")
_CREDIT = re.compile(r"\((?:[^()]*/[^()]*|[^()]*\b(?:Getty|AP|Reuters|AFP|EPA|Shutterstock|Photo)\b[^()]*"
                     r"|[A-Z][\w.'’-]+(?:\s[A-Z][\w.'’-]+)+\s+for\s+(?:The\s+[A-Z]|[A-Z]{2,}\b)[^()]*)\)\s*$")
_AUTHOR_NOTE = re.compile(r"^editor'?s'? note:\s*[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*)*\s+(?:is|was|has been|writes)\b",
                          re.I)


def is_furniture(line: str, *, labels: bool = True) -> bool:
    """Whether a line (a paragraph or a sentence) is the page's rather than the story's.
    ``labels``: a few words with no sentence in them count as a section label (not in a title)."""
    s = line.strip()
    if not s:
        return True
    low = _norm(s)
    f = _cues()["furniture"]
    if low.startswith(f["paragraph_prefix"]):
        return True
    if len(s) < 300 and any(w in low for w in f["contains"]):
        return True
    if len(s) <= 60 and (_cues()["dateline"].match(s) or re.search(r"\s[—–]\s*$", s)):
        return True
    if len(s) <= 80 and _BYLINE.match(s) and not s.rstrip().endswith((".", "!", "?")):
        return True
    if _CREDIT.search(s):
        return True
    # a section label or kicker: a few words and no sentence ("Newsletter Thursdays", "Commentary")
    return labels and len(s.split()) <= 4 and not re.search(r"[.!?\"”]$", s)


def strip_label(title: str) -> str:
    """A headline without its section label ("Letters: X" -> "X")."""
    low = _norm(title)
    for label in _cues()["furniture"]["labels"]:
        if low.startswith(label):
            return title[len(label):].strip(" |:-—–")
    return title


def headline(title: str | None) -> str | None:
    """A title fit to show as a development's: labels taken off; None for furniture or a title
    cut at an initial or abbreviation."""
    if not title or not title.strip():
        return None
    t = strip_label(" ".join(title.split()))
    if not t or is_furniture(t, labels=False) or ends_cut(t):
        return None
    return t


def lead(text: str, limit: int | None = None) -> tuple[int, int] | None:
    """(start, end) of the first sentence of the story in ``text``: furniture paragraphs and
    sentences skipped, and a sentence cut at an initial never taken."""
    end = len(text) if limit is None else min(limit, len(text))
    # (after an opening dateline, "MINSK, 7 May (BelTA) – ": a title does not begin with it)
    pos = dateline_end(text)
    while pos < end:
        nl = text.find("\n", pos, end)
        line_end = end if nl < 0 else nl
        if not _furniture_paragraph(text[pos:line_end]):
            for s, e in sentence_spans(text, pos, line_end):
                sent = text[s:e]
                if not is_furniture(sent) and not ends_cut(sent):
                    return s, e
        pos = line_end + 1
    return None


@cache
def _lede_cues() -> tuple[tuple[str, ...], tuple[str, ...], re.Pattern]:
    table = lexicon("en").get("genre", "lede")
    words = sorted({w for x in table["first_person"] for w in (x, x[:1].upper() + x[1:])}, key=len, reverse=True)
    # whole words only, matched as written: "us" is the writer, "US" a country
    first = re.compile(r"(?<![\w'’])(?:" + "|".join(re.escape(w) for w in words) + r")(?![\w'’])")
    return tuple(_norm(x) for x in table["scene"]), tuple(_norm(x) for x in table["background"]), first


# where someone else's words may begin (a quotation mark, or a dash opening reported speech as
# some outlets print it: "... election.- I appeal to ..."): the writer's own words come before it
_OTHERS = re.compile(r"[\"“”«»‘]|(?:^|(?<=[\s.!?]))[-–—]\s")
# a lede that opens in a year before the one it was published in ("In 2014, ...", "By late 2022 ...")
_OLD_YEAR = re.compile(r"^(?:in|by|during|until|back in)\s+(?:(?:early|late|mid-?)\s*)?(?:[a-z]+\s+)?((?:19|20)\d\d)\b")


def lede_shape(sentence: str, *, year: int | None = None) -> str | None:
    """How a story's first sentence (after any dateline) reads when it is no report of the day's
    news: "question" (it asks the reader), "first person" (the writer speaks, outside quotation
    marks), "scene" (a feature's or profile's scene-setting), "background" (it looks back over months
    or years; with ``year``, the one it was published in, also a lede opening in an earlier year);
    None for a lede shaped like news. The cue words are data (``genre.toml``'s ``lede``)."""
    s = sentence.strip()
    s = s[dateline_end(s):].lstrip()
    low = _norm(s)
    scene, background, first = _lede_cues()
    if low.startswith(background):
        return "background"
    m = _OLD_YEAR.match(low)
    if m and year is not None and int(m.group(1)) < year:
        return "background"
    if low.startswith(scene):
        return "scene"
    if s[:1] in "\"“«'‘-–—":
        return None   # a statement quoted first: whose it is comes next
    own = s[:m.start()] if (m := _OTHERS.search(s)) else s
    if own == s and s.endswith("?"):
        return "question"
    if first.search(own.replace("’", "'")):
        return "first person"
    return None


def _furniture_paragraph(para: str) -> bool:
    """Furniture that takes its whole paragraph with it: an editor's note, a newsletter block, a
    photo caption ending in its credit."""
    s = para.strip()
    return _norm(s).startswith(_cues()["furniture"]["paragraph_prefix"]) or bool(_CREDIT.search(s))


def _path_segments(url: str | None) -> set[str]:
    if not url:
        return set()
    try:
        path = urlsplit(url).path
    except ValueError:
        return set()
    return {seg for seg in _norm(path).split("/") if seg}


def classify(*, title: str | None = None, url: str | None = None, author: str | None = None,
             text: str = "") -> str:
    """The genre of an article (one of ``GENRES``), from its title, URL path, byline and opening."""
    cues = _cues()
    segments = _path_segments(url)
    t = _norm(title or "").strip()
    opening = _norm(text[:OPENING_CHARS]).lstrip()
    by = _norm(author or "")
    for genre, c in cues["genres"].items():
        if segments & set(c.get("path", ())):
            return genre
        if t.startswith(c.get("prefix", ())) or opening.startswith(c.get("prefix", ())):
            return genre
        if any(w in opening for w in c.get("opening", ())):
            return genre
        if by and any(w in by for w in c.get("byline", ())):
            return genre
        if genre == "letters" and cues["answers"].match(opening):
            return genre
        if genre == "opinion" and _AUTHOR_NOTE.match(opening):
            return genre   # an editor's note introducing the writer heads a signed opinion piece
    if not headline(title) and lead(text, LEAD_CHARS) is None:
        return "furniture"
    return NEWS


# ---------------------------------------------------------------- an outlet's own furniture, learned
#
# Each outlet dresses its titles its own way: "Headline (21.04.22 11:09) « War in Ukraine |
# Censor.NET", "Russia-Ukraine war: Headline", a text that opens with the title and a timestamp and
# closes "— Ukrinform.". None of it is the story, and every item of the outlet shares it: read as
# words, it joins the outlet's unrelated headlines. It is learned from the outlet's own titles (and
# leads), not listed: a trailing unit (after a separator, or in parentheses) whose separator ends
# at least TAIL_SHARE of the outlet's titles at that depth, with a body (digits read as 0) that
# recurs; a leading kicker ("X: ") whose words head at least HEAD_SHARE of them, or that recurs
# where most of the outlet's titles carry one (see RUBRIC_MIN).
FURNITURE_MIN_TITLES = 8
TAIL_SHARE = 0.5
HEAD_SHARE = 0.1
RUBRIC_MIN = 3
TAIL_DEPTH = 4
_TAIL = re.compile(r"(?:\s+(?P<sep>[«»|—–-]|::)\s*(?P<body>[^«»|—–()]{1,40}?)|\s*(?P<paren>\()(?P<pbody>[^()]{1,30})\))"
                   r"\s*\.?\s*$")
_HEAD = re.compile(r"^(?P<body>\d[\d.:/ ]{0,20}\d|[^:«»|—–]{1,40}?)\s*(?P<sep>:|\s[—–-])\s+")


def _shape(s: str) -> str:
    return re.sub(r"\d", "0", " ".join(_norm(s).split()))


def _tail(s: str) -> tuple[str, str, int] | None:
    """(separator, body's shape, where the unit starts) of the last unit of ``s``, if any."""
    m = _TAIL.search(s)
    if m is None or m.start() == 0:
        return None
    if m.group("paren"):
        return "(", _shape(m.group("pbody")), m.start()
    return m.group("sep"), _shape(m.group("body")), m.start()


@dataclass(frozen=True)
class Furniture:
    """What one outlet puts around its titles (or leads): the trailing units, slot by slot from
    the end (a separator and the body shapes seen there), and the leading kickers."""

    tails: tuple[tuple[str, frozenset[str]], ...] = ()
    heads: frozenset[str] = frozenset()

    def clean(self, s: str) -> str:
        """``s`` without the furniture learned (a title that is furniture alone is kept whole)."""
        out = s.strip()
        for sep, bodies in self.tails:
            unit = _tail(out)
            if unit is None or unit[0] != sep or unit[1] not in bodies:
                break
            out = out[:unit[2]].rstrip()
        m = _HEAD.match(out)
        if m and _shape(m.group("body")) in self.heads and len(out[m.end():].split()) >= 3:
            out = out[m.end():]
        return out or s.strip()


def learn_furniture(texts: list[str]) -> Furniture:
    """The furniture one outlet's titles (or leads) share (see TAIL_SHARE); none from fewer than
    FURNITURE_MIN_TITLES."""
    texts = [" ".join(x.split()) for x in texts if x and x.strip()]
    if len(texts) < FURNITURE_MIN_TITLES:
        return Furniture()
    tails = []
    rest = texts
    for _depth in range(TAIL_DEPTH):
        units = [(x, _tail(x)) for x in rest]
        seps = Counter(u[0] for _x, u in units if u is not None)
        if not seps:
            break
        sep, k = seps.most_common(1)[0]
        if k < TAIL_SHARE * len(texts):
            break
        # a body once is a headline's own words (" - Kuleba"); a section or a timestamp recurs
        bodies = Counter(u[1] for _x, u in units if u is not None and u[0] == sep)
        known = frozenset(b for b, n in bodies.items() if n >= 2)
        tails.append((sep, known))
        rest = [x[:u[2]].rstrip() for x, u in units if u is not None and u[0] == sep and u[1] in known]
    heads = Counter()
    tailed = Furniture(tuple(tails))
    for x in texts:
        m = _HEAD.match(tailed.clean(x))
        if m:
            heads[_shape(m.group("body"))] += 1
    # (a kicker of one word is a place or a person as often as a section: "Mariupol: ...")
    kickers = frozenset(b for b, n in heads.items() if n >= RUBRIC_MIN and n >= HEAD_SHARE * len(texts)
                        and (len(b.split()) >= 2 or "-" in b or b.isdigit() or not re.search(r"[a-z]", b)))
    if sum(heads.values()) >= TAIL_SHARE * len(texts):
        # an outlet that heads most titles with a kicker files them under rubrics ("Shelling of
        # Donetsk region: ...", day after day): a rubric it uses again is its section, not the story
        kickers |= frozenset(b for b, n in heads.items() if n >= RUBRIC_MIN)
    return Furniture(tuple(tails), kickers)


@dataclass(frozen=True)
class OutletFurniture:
    """One outlet's furniture, of its titles and of its texts' openings."""

    title: Furniture = Furniture()
    text: Furniture = Furniture()

    def clean_title(self, title: str | None) -> str | None:
        return self.title.clean(title) if title else title

    def clean_text(self, title: str | None, text: str) -> str:
        """The text's first paragraph without its furniture and without the title it repeats."""
        par = opening(title, text)
        out = self.text.clean(par)
        clean = self.clean_title(title)
        if clean and out.startswith(clean[:40]):
            out = out[len(clean):].lstrip(" .")
        return out + text[len(text.split("\n", 1)[0]):] if out else text[len(text.split("\n", 1)[0]):].lstrip()

    def trim(self, s: str) -> tuple[int, int]:
        """Where the words of ``s`` lie once its furniture is off, as (start, end) within ``s``: a
        summary cites a span of the stored text, so the timestamp and site name a feed repeats after
        the title are left out of the span rather than rewritten."""
        start, end = 0, len(s)
        for furn in (self.text, self.title):
            part = s[start:end].strip()
            core = furn.clean(part)
            if core == part:
                continue
            core = core.rstrip(" .")
            at = s.find(core, start, end) if core else -1
            if at >= 0:
                start, end = at, at + len(core)
        return start, end


def opening(title: str | None, text: str) -> str:
    """The first paragraph of a text, without the title it opens with (a feed's summary that
    repeats its entry's title)."""
    par = text.strip().split("\n", 1)[0]
    if title and par.startswith(title.strip()):
        par = par[len(title.strip()):].lstrip(" .")
    return par


def learn_outlet_furniture(items: list[tuple[str | None, str]]) -> OutletFurniture:
    """Learn an outlet's furniture from its (title, text) pairs."""
    return OutletFurniture(learn_furniture([ti for ti, _x in items if ti]),
                           learn_furniture([opening(ti, x) for ti, x in items]))
