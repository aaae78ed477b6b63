"""Reading Ukrainian and Russian texts into the same record as English ones (``Reading``), with
English names: places from the gazetteer, people and organisations with the names the English
coverage uses, dates, counts of people, events with their harm, quotations and topics.

There is no parser for these languages here: the reader works on tokens and their lemmas.

1. Tokens by a regular expression; sentences cut at a full stop before a capital, and at line ends.
2. Every candidate lemma of each word from pymorphy3 (all parses, not only the first: the first
   for "Києві" is "кий", the third "київ"), with the grammemes that mark names (Name, Surn, Patr).
3. Organisations from the lexicon, matched on lemmas (an acronym as it is written).
4. People: capitalised words that parse as first names or surnames, or follow a title; the English
   name from the lexicon's known people, else their lemmas romanised.
5. Places: region adjectives before "область", the lexicon's names, then the lemma romanised and
   looked up in the gazetteer (which holds Latin names only).
6. Dates, numbers of people with the harm word nearest them, events by trigger lemmas, quotations
   with a speech cue, topics by cue lemmas.

Every word list is data in ``lexicon/uk`` and ``lexicon/ru``; a third language is a folder with the
same files (and its pymorphy3 dictionary, or another lemmatiser behind ``_Language.analyse``).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache, lru_cache

from ..lexicon import lexicon
from ..places.gazetteer import Place, default_gazetteer, fold
from ..places.resolve import CONFLICT, PlaceMention
from ..records import AidCategory, AidStatus, QuoteKind, Topic
from ..text import detect_language
from .aid import ORG_DONORS, AidRecord
from .dates import DateRef
from .entities import Mention
from .events import Event
from .morph import analyser
from .pipeline import Reading
from .quantities import Quantity
from .quotes import Quote
from .slavic_events import Cue, event_scorer, year_of
from .slavic_events import features as event_features
from .spellings import english_name, known_people, romanise
from .spellings import key as spelling_key
from .topics import MIN_SENTENCES, MIN_SHARE

LANGUAGES = ("uk", "ru")

_TOKEN = re.compile(r"\d+(?:[.,]\d+)?|[^\W\d_]+(?:['’ʼ-][^\W\d_]+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[«\"„“(—–-]?\s*(?:[^\W\d_a-zа-яіїєґё]|\d))|\n+")
_QUOTE_MARKS = {"«": "»", "„": "“", "“": "”", '"': '"'}
_OPEN_QUOTE = re.compile(r"[«„“\"]")
_GUILLEMETS = re.compile(r"«[^«»]{1,80}»")
_NAME_TAGS = frozenset({"Name", "Surn", "Patr"})
# a grammeme of our own: a word that is a first name of the lexicon's tables
_GIVEN = "given"
_FUNCTION_TAGS = frozenset({"PREP", "CONJ", "PRCL", "NPRO"})
_STOP = re.compile(r"[.!?](?=\s|$)")


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int
    sent: int
    lemmas: frozenset[str]
    tags: frozenset[str]        # grammemes of any parse

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()

    @property
    def acronym(self) -> bool:
        return len(self.text) > 1 and self.text.isupper()


class _Language:
    """The lexicon and the lemmatiser of one language, built once per process."""

    def __init__(self, lang: str):
        lex = lexicon(lang)
        self.lang = lang
        self.morph = analyser(lang)
        self.cues = lex.set("speech", "cues")
        self.according_rx = re.compile(r"(?<!\w)(?:" + lex.alternation("speech", "according_to") + r")(?!\w)")
        self.that_rx = re.compile(r",?\s*(?:" + lex.alternation("speech", "that") + r")\s+", re.IGNORECASE)
        # (type, sub_type, triggers, words one of which the sentence must also have, words it must not)
        self.rules = [(r["type"], r["sub_type"], frozenset(r["lemmas"]), frozenset(r.get("with", ())),
                       frozenset(r.get("without", ()))) for r in lex.get("events", "rules")]
        # the rules of a strike's aftermath (debris that fell), by index: the sentence's event even
        # where it tells of damage to energy, and part of a strike told just before it
        self.aftermath = frozenset(n for n, r in enumerate(lex.get("events", "rules")) if r.get("aftermath"))
        self.harm = {k: frozenset(v) for k, v in lex.table("events", "harm").items()}
        self.person_nouns = lex.set("events", "person_nouns")
        initial = lex.table("script", "word_initial")
        self._initial_rx = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, initial)) + ")") if initial else None
        self._initial = initial
        self.toll_openers = tuple(self.alternate(o) + " " for o in lex.get("events", "toll_openers"))
        self.elsewhere = lex.set("events", "elsewhere")
        self.details = lex.set("events", "details")
        self.production = lex.set("events", "production")
        self.domestic = lex.set("events", "domestic")
        self.abroad = lex.set("events", "abroad")
        self.recent_periods = lex.set("events", "recent_periods")
        self.totals = lex.set("events", "totals")
        self.have = lex.set("events", "have")
        self.long_periods = lex.set("events", "long_periods")
        self.repairs = lex.set("events", "repairs")
        self.taken_to = lex.set("events", "taken_to")
        # the words of a strike, a battle or an attack on civilians: a sentence of repairs with none is no event
        self.strike_words = frozenset().union(*(words for ty, _, words, _, _ in self.rules if ty in (
            "explosions_remote_violence", "battles", "violence_against_civilians")))
        self.context = {k: frozenset(v) for k, v in lex.table("events", "context").items()}
        self.actors = lex.table("events", "actors")
        self.targets = lex.table("events", "targets")
        self.months = lex.table("dates", "months")
        self.relative = lex.table("dates", "relative")
        self.weekdays = lex.table("dates", "weekdays")
        self.numbers = lex.table("numbers", "words")
        self.vague = lex.table("numbers", "vague")
        self.qualifiers = lex.set("numbers", "qualifiers")
        self.subset_rx = re.compile(r"(?<!\w)(?:" + "|".join(
            sorted((re.escape(self.alternate(x)) for x in lex.get("numbers", "subsets")), key=len, reverse=True))
            + r")(?!\w)", re.IGNORECASE)
        self.currencies = lex.table("aid", "currencies")
        self.donor_adjectives = lex.table("aid", "donor_adjectives")
        self.aid_verbs = lex.table("aid", "verbs")
        self.aid_nouns = lex.set("aid", "nouns")
        self.aid_military = lex.set("aid", "military")
        self.aid_humanitarian = lex.set("aid", "humanitarian")
        self.aid_financial = lex.set("aid", "financial")
        self.not_people = lex.set("numbers", "not_people")
        self.part_of = lex.set("numbers", "part_of")
        self.count_nouns = lex.set("numbers", "count_nouns")
        self.scales = lex.table("numbers", "scales")
        self.known_people = known_people(lang)
        self.surname_endings = [tuple(pair) for pair in lex.get("people", "surname_endings")]
        self.titles = lex.set("people", "titles")
        self.weapons = lex.set("weapons", "named")
        self.first_names = lex.table("people", "first_names")
        self.foreign_first_names = lex.table("people", "foreign_first_names")
        self.given_names = frozenset(self.first_names) | frozenset(self.foreign_first_names)
        self.regions = lex.table("places", "regions")
        self.region_words = lex.set("places", "region_words")
        self.district_words = lex.set("places", "district_words")
        self.community_words = lex.set("places", "community_words")
        self.town_endings = [tuple(pair) for pair in lex.get("places", "town_endings")]
        self.administrations = lex.set("places", "administrations")
        self.region_nouns = lex.table("places", "region_nouns")
        self.conjunctions = lex.set("places", "conjunctions")
        self.place_prepositions = lex.set("places", "prepositions")
        self.place_names = lex.table("places", "names")
        self.topics = {t: lex.set("topics", t) for t in Topic.values()}
        # organisations: (words to match, English name), longest first; an acronym matches as
        # written, another word by any of its lemmas
        orgs = []
        for name, english in lex.table("organisations", "names").items():
            words = [w for w in _TOKEN.findall(name)]
            keys = tuple(w if len(w) > 1 and w.isupper() else self.lemmas_of(w) for w in words)
            orgs.append((keys, name[:1].isupper(), english))
        self.orgs = sorted(orgs, key=lambda o: -len(o[0]))
        # which of them (by index, longest first) a word may open: by the acronym as written, or
        # by a lemma of the first word
        self.org_openers: dict[str, list[int]] = {}
        for n, (keys, _, _) in enumerate(self.orgs):
            for key in ([keys[0]] if isinstance(keys[0], str) else keys[0]):
                self.org_openers.setdefault(key, []).append(n)
        alone = lex.table("dates", "alone")
        months_alone = lex.table("dates", "months_alone")
        self.months_alone = months_alone
        # "у березні", "в марте 2022 года", "у 2014 році": a month or a year named alone
        self.alone_rx = re.compile(r"(?<!\w)(?:" + "|".join(alone["prepositions"]) + r")\s+(?:(?P<mon>"
                                   + "|".join(months_alone) + r")(?:\s+(?P<myear>(?:19|20)\d\d))?|(?P<year>(?:19|20)\d\d)"
                                   r"(?=\s+(?:" + "|".join(alone["year_words"]) + r")\b))(?!\w)", re.IGNORECASE)
        self.month_rx = re.compile(r"\b(?P<day>[0-3]?\d)\s+(?P<mon>" + "|".join(self.months) + r")\b"
                                   r"(?:\s+(?P<year>(?:19|20)\d\d)\b)?", re.IGNORECASE)

    @lru_cache(maxsize=100_000)  # noqa: B019 - one instance per language, held for the process
    def analyse(self, word: str) -> tuple[frozenset[str], frozenset[str]]:
        """(every candidate lemma, every grammeme) of a word."""
        lemmas, tags = {word.lower()}, set()
        for p in self.morph.parse(word):
            lemmas.add(p.normal_form)
            tags.update(p.tag.grammemes)
        # a first name of the lexicon's tables is one, whatever the dictionary reads ("Хакан"; "Бен",
        # which it reads as a particle too): _GIVEN marks it so
        if word[:1].isupper() and not lemmas.isdisjoint(self.given_names):
            tags.update(("Name", _GIVEN))
        return frozenset(lemmas), frozenset(tags)

    @lru_cache(maxsize=100_000)  # noqa: B019
    def parse_lemmas(self, word: str) -> frozenset[str]:
        """The lemmas of a word's parses only (``analyse`` adds the word as written)."""
        return frozenset(p.normal_form for p in self.morph.parse(word))

    @lru_cache(maxsize=100_000)  # noqa: B019
    def first_tags(self, word: str) -> frozenset[str]:
        """The grammemes of a word's likeliest parse (its tense and aspect: ``analyse`` unites all)."""
        return frozenset(self.morph.parse(word)[0].tag.grammemes)

    def alternate(self, text: str) -> str:
        """``text`` in lower case with the letters a word may open with folded into one
        (Ukrainian "у" into "в"), letter for letter, so offsets into it are the text's."""
        low = text.lower()
        return self._initial_rx.sub(lambda m: self._initial[m.group()], low) if self._initial_rx else low

    def lemmas_of(self, word: str) -> frozenset[str]:
        return self.analyse(word)[0]

    @lru_cache(maxsize=20_000)  # noqa: B019
    def name_lemma(self, word: str) -> str:
        """The lemma of a word read as a name (the parse tagged Name/Surn/Patr), else its first."""
        every = self.morph.parse(word)
        # a surname the dictionary lacks is read as a noun, never as an adjective ("Лыков" is not
        # the short form of "лыковый"), and as it is written when it is neither
        parses = [p for p in every if _NAME_TAGS & p.tag.grammemes] or [p for p in every if "NOUN" in p.tag.grammemes]
        # a name already in its base form stays as it is ("Павло", not the genitive of "Павла")
        same = next((p for p in parses if _base(p, word) == word.lower()), None)
        if not parses:   # (a possessive surname read as an adjective: "Травниковым")
            return next((x for p in every if (x := _possessive(p))), word.lower())
        return _base(same or parses[0], word)

    @lru_cache(maxsize=20_000)  # noqa: B019
    def given_lemma(self, word: str) -> str | None:
        """The base form of a first name, when the word is one: a lemma in the lexicon's tables of
        first names, or of a parse the dictionary tags as one."""
        low = word.lower()
        lemmas = self.parse_lemmas(word) | {low}
        if low in self.given_names:
            return low
        named = [p.normal_form for p in self.morph.parse(word) if "Name" in p.tag.grammemes]
        # (a name already in its base form stays so: "Валентина", not the genitive of "Валентин")
        return next((x for x in sorted(lemmas) if x in self.given_names), None) or (
            low if low in named else named[0] if named else None)

    @lru_cache(maxsize=20_000)  # noqa: B019
    def name_cases(self, word: str) -> frozenset[str]:
        """The cases a first name may be in: those of its parses as a name, else as a person's
        noun; any, for a first name the dictionary reads as neither."""
        # (a person is one: a plural reading is another word's, "Шон" no genitive plural of "шона")
        parses = [p for p in self.morph.parse(word) if "plur" not in p.tag.grammemes]
        cases = frozenset(g for p in parses if "Name" in p.tag.grammemes for g in p.tag.grammemes) & _CASES
        # (one the dictionary only guesses at is read as a person's noun: "Хаканом")
        return cases or frozenset(g for p in parses if {"NOUN", "anim"} <= p.tag.grammemes
                                  for g in p.tag.grammemes) & _CASES or _CASES

    @lru_cache(maxsize=20_000)  # noqa: B019
    def name_gender(self, word: str) -> str | None:
        """The gender of a first name, when its readings as one agree on it ("Татьяна": femn)."""
        genders = {g for p in self.morph.parse(word) if "Name" in p.tag.grammemes
                   for g in p.tag.grammemes & {"masc", "femn"}}
        return genders.pop() if len(genders) == 1 else None

    @lru_cache(maxsize=20_000)  # noqa: B019
    def lemma_in_case(self, word: str, cases: frozenset[str], gender: str | None = None) -> str:
        """The base form of a surname read in one of ``cases`` (and of the first name's ``gender``,
        where a reading is: "Татьяна Москалькова" is a woman's, no genitive of Москальков): as
        written when it is in its base form, or when no parse as a noun is in those cases (an
        indeclinable foreign name)."""
        low = word.lower()
        every = [p for p in self.morph.parse(word) if p.tag.grammemes & cases and "plur" not in p.tag.grammemes]
        every = [p for p in every if gender in p.tag.grammemes or "ms-f" in p.tag.grammemes] or every
        parses = [p for p in every if "NOUN" in p.tag.grammemes]
        # (a name's reading before any other: "Фиданом" is Фидан's, not a noun "фиданом")
        parses = [p for p in parses if _NAME_TAGS & p.tag.grammemes] or parses
        if not parses:
            # a possessive surname the dictionary guesses is an adjective ("Травниковым": травниковый)
            return next((x for p in every if (x := _possessive(p))), low)
        if any(_base(p, word) == low for p in parses):
            return low
        return _base(parses[0], word)

    @lru_cache(maxsize=20_000)  # noqa: B019
    def plural_names(self, word: str) -> frozenset[str]:
        """The nominative plurals of a word's plural readings as a noun ("Лисках": лиски)."""
        out = set()
        for p in self.morph.parse(word):
            if {"NOUN", "plur"} <= p.tag.grammemes and "nomn" not in p.tag.grammemes:
                form = p.inflect({"plur", "nomn"})
                if form is not None:
                    out.add(form.word)
        return frozenset(out)

    @lru_cache(maxsize=20_000)  # noqa: B019
    def common_word(self, word: str) -> bool:
        """Whether a capitalised word read in lower case is an ordinary word the dictionary knows,
        as well as a name or not ("Мороз": frost, and a surname)."""
        # (read as a sentence's subject: in the nominative, not a vocative the dictionary guesses)
        return any(p.is_known and "nomn" in p.tag.grammemes and not _NAME_TAGS & p.tag.grammemes
                   for p in self.morph.parse(word.lower()))

    def romanise(self, word: str) -> str:
        return romanise(self.lang, word)


@cache
def language(lang: str) -> _Language:
    return _Language(lang)


# ------------------------------------------------------------------ tokens and sentences

def sentences(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for m in _SENTENCE_END.finditer(text):
        if text[pos:m.start()].strip():
            out.append((pos, m.start()))
        pos = m.end()
    if text[pos:].strip():
        out.append((pos, len(text)))
    return out


def tokenise(L: _Language, text: str, sents: list[tuple[int, int]]) -> list[Token]:
    out = []
    for i, (s, e) in enumerate(sents):
        for m in _TOKEN.finditer(text, s, e):
            w = m.group()
            lemmas, tags = (frozenset(), frozenset()) if w[0].isdigit() else L.analyse(w)
            out.append(Token(w, m.start(), m.end(), i, lemmas, tags))
    return out


def _first_in_sentence(tokens: list[Token], i: int) -> bool:
    return i == 0 or tokens[i - 1].sent != tokens[i].sent


# ------------------------------------------------------------------ organisations and people

@dataclass
class _Entity:
    text: str
    label: str
    start: int
    end: int
    canonical: str
    first: int = 0   # token indices [first, last)
    last: int = 0
    surname: str = ""   # a person's: the base form of the last word
    readings: frozenset[str] = frozenset()   # ... and every lemma of it


def _match_org(L: _Language, tokens: list[Token], i: int) -> tuple[int, str] | None:
    opens = {n for w in (tokens[i].text, *tokens[i].lemmas) for n in L.org_openers.get(w, ())}
    for keys, capital, english in (L.orgs[n] for n in sorted(opens)):
        n = len(keys)
        if i + n > len(tokens) or tokens[i + n - 1].sent != tokens[i].sent:
            continue
        ok = True
        for k, tok in zip(keys, tokens[i:i + n], strict=False):
            if isinstance(k, str):
                ok = tok.text == k
            else:
                ok = bool(k & tok.lemmas) and not tok.acronym
            if not ok:
                break
        if ok and (tokens[i].capitalised or not capital):
            return i + n, english
    return None


def find_organisations(L: _Language, text: str, tokens: list[Token]) -> list[_Entity]:
    out, i = [], 0
    while i < len(tokens):
        m = _match_org(L, tokens, i)
        if m:
            end, english = m
            out.append(_Entity(text[tokens[i].start:tokens[end - 1].end], "ORG", tokens[i].start,
                               tokens[end - 1].end, english, i, end))
            i = end
        else:
            i += 1
    return out


def _is_namelike(tok: Token) -> bool:
    """A capitalised word that parses as a name, and not as a function word ("По словам")."""
    return (tok.capitalised and not tok.acronym and not tok.text[0].isdigit() and bool(_NAME_TAGS & tok.tags)
            and (not _FUNCTION_TAGS & tok.tags or _GIVEN in tok.tags))


def find_people(L: _Language, text: str, tokens: list[Token], taken: set[int]) -> list[_Entity]:
    """Runs of one to three capitalised words of which one parses as a name (or that follow a
    title), with an English canonical name."""
    out, i = [], 0
    lower = _lower_lemmas(tokens)
    while i < len(tokens):
        tok = tokens[i]
        after_title = i > 0 and bool(tokens[i - 1].lemmas & L.titles) and tokens[i - 1].sent == tok.sent
        # after a title, a thing's name before a person's belongs to the title ("голова Укрзалізниці
        # Олександр Камишін", "президент России Владимир Путин"); the dictionary does not mark every
        # first name as one ("Володимир"), but a person's is animate
        if after_title and not _is_namelike(tok) and "anim" not in tok.tags and i + 1 < len(tokens) \
                and _is_namelike(tokens[i + 1]):
            after_title = False
        if i in taken or not _may_name(L, tok) or not (_is_namelike(tok) or after_title or (
                tok.lemmas & L.known_people.keys() or _known_surname(L, tok.text))):
            i += 1
            continue
        if _two_word_place(L, tokens, i):   # "прем'єр-міністр Великої Британії Кір Стармер"
            i += 2
            continue
        j = i + 1
        while j < len(tokens) and j - i < 3 and j not in taken and tokens[j].sent == tok.sent and \
                _may_name(L, tokens[j]) and tokens[j].start - tokens[j - 1].end <= 1 and \
                (_is_namelike(tokens[j]) or after_title or "Name" in tokens[j - 1].tags   # "Дмитрий Лыков"
                 or (j == i + 1 and "Surn" in tok.tags)):   # "Кіром Стармером": the first name read as a surname
            j += 1
        run = tokens[i:j]
        # a word whose likeliest reading is no name, before a first name, is the title's ("спикер
        # Совфеда Валентина Матвиенко"): the name begins after it
        if len(run) >= 2 and "Name" in run[1].tags and _GIVEN not in tok.tags and not _NAME_TAGS & L.first_tags(tok.text) \
                and not tok.lemmas & L.known_people.keys():
            i += 1
            continue
        # "у Кривому Розі": after a preposition of place, words that are no first name are a place's
        if i > 0 and tokens[i - 1].text.lower() in L.place_prepositions and _names_a_place(L, run):
            i = j
            continue
        # a lone word at the start of a sentence is a name only when it parses as a surname
        # ("Зеленський заявив"), not a first name alone nor an ordinary word
        known = bool(tok.lemmas & L.known_people.keys()) or (len(run) == 1 and _known_surname(L, tok.text) is not None)
        if len(run) == 1 and not after_title and not ("Surn" in tok.tags or known):
            i = j
            continue
        # a lone word whose likeliest reading is no name is a person's only when it is one we know:
        # "Станом" (a noun), "Генштаба", and a town's name that reads as a surname too ("мешканців
        # Покровська")
        # A sentence's first word is capitalised whatever it is: there, a word the dictionary reads
        # likeliest as a thing or that the text writes in lower case elsewhere is no one's name
        if len(run) == 1 and not after_title and not known \
                and not _NAME_TAGS & L.first_tags(tok.text) and (
                    {"NOUN", "inan"} <= L.first_tags(tok.text) and (
                        "nomn" not in L.first_tags(tok.text) or _first_in_sentence(tokens, i))
                    or _first_in_sentence(tokens, i) and tok.lemmas & lower
                    or any(_place_called(L, x, strict=True) for x in L.parse_lemmas(tok.text))):
            i = j
            continue
        # ... nor one it reads in lower case as an ordinary word ("Мороз скував річку"), unless a
        # person named before has it as surname ("Сергій Ткач ... Ткач зазначив")
        if len(run) == 1 and not after_title and not known and _first_in_sentence(tokens, i) \
                and L.common_word(tok.text) and not any(p.surname in tok.lemmas for p in out):
            i = j
            continue
        canonical = canonical_person(L, [t.text for t in run])
        if canonical.strip():   # a lone soft sign romanises to nothing
            out.append(_Entity(text[run[0].start:run[-1].end], "PERSON", run[0].start, run[-1].end, canonical, i, j,
                               person_lemmas(L, [t.text for t in run])[-1], run[-1].lemmas))
        i = j
    return out


def _lower_lemmas(tokens: list[Token]) -> frozenset[str]:
    """The lemmas of the words a text writes in lower case (its ordinary words)."""
    return frozenset(x for t in tokens if not t.capitalised for x in t.lemmas)


def _two_word_place(L: _Language, tokens: list[Token], i: int) -> bool:
    """Whether the words at ``i`` and after it are a two-word name of the lexicon's places."""
    if i + 1 >= len(tokens) or tokens[i + 1].sent != tokens[i].sent:
        return False
    return any(f"{a} {b}" in L.place_names for a in tokens[i].lemmas for b in tokens[i + 1].lemmas)


def _may_name(L: _Language, tok: Token) -> bool:
    """A word that may be part of a person's name: capitalised, no acronym, no region's adjective,
    no place the dictionary knows as one ("России"; one it guesses may be), no weapon's name."""
    # ("Володимир" is a name and a place's; "Лысак" a known surname and a place's)
    return (tok.capitalised and not tok.acronym and tok.text[0].isalpha()
            and ("Geox" not in tok.tags or bool(_NAME_TAGS & tok.tags) or bool(tok.lemmas & L.known_people.keys())
                 or _known_surname(L, tok.text) is not None
                 # (a place the dictionary only guesses at is none it knows: "Парнеллом")
                 or not L.morph.word_is_known(tok.text.lower()))
            and not tok.lemmas & L.regions.keys() and not tok.lemmas & L.place_names.keys()
            # a weapon's name ("Іскандер-М", "Калібрами", "Искандер") is nobody's
            and not ({x.split("-")[0] for x in tok.lemmas} | tok.lemmas) & L.weapons)


def _names_a_place(L: _Language, run: list[Token]) -> bool:
    """After a preposition of place: words that name a place in the gazetteer ("у Львові", whose
    lemmas include the first name Лев), or that are no first name."""
    if len(run) >= 2 and any(_place_called(L, f"{a} {b}", strict=False)
                             for a in run[0].lemmas for b in run[1].lemmas):
        return True
    if len(run) == 1 and any(_place_called(L, x, strict=False) for x in run[0].lemmas):
        return True
    return not any("Name" in t.tags for t in run)


def _surnames_to_full_names(people: list[_Entity]) -> None:
    """A person named by the surname alone after the full name ("Лисак" after "Сергій Лисак")
    takes the full name's canonical form."""
    full: dict[str, str] = {}
    for p in people:
        # by the surname's English spelling or its base form (a foreign surname's English spelling
        # needs the first name: "Бен Годжес" is "Ben Hodges", "Годжес" alone "Hodzhes")
        # (a lone one by any of its lemmas: "Юсову" reads as юсова's and юсов's)
        if " " in p.canonical:
            for k in (p.canonical.split()[-1], p.surname):
                full.setdefault(k, p.canonical)
        elif name := next((full[k] for k in (p.canonical.split()[-1], p.surname, *sorted(p.readings)) if k in full), None):
            p.canonical = name


@lru_cache(maxsize=50_000)
def _known_surname(L: _Language, word: str) -> str | None:
    """The English name of a known person named by this surname alone: in a case the dictionary
    does not know it in ("за словами Андрія Сибіги", "по словам Лысака"), by the lexicon's case
    endings; or, romanised, a surname of the people English copy knows ("Пісторіус", "Федоров"
    when one Fedorov is known), whichever language's copy names them."""
    low = word.lower()
    bases = [L.name_lemma(word), low]
    for end, base in L.surname_endings:
        if low.endswith(end):
            bases.append(low[:len(low) - len(end)] + base)
            if bases[-1] in L.known_people:
                return L.known_people[bases[-1]]
    # by the key, only a word that may be a name: one the dictionary reads as a surname or a first
    # name, or does not know ("Пісторіус"); never a common word ("Кошти" keys to "Costa")
    if not _NAME_TAGS & L.analyse(word)[1] and L.morph.word_is_known(low):
        return None
    # (a key of four letters or more: a short one would match words that are no one's name)
    for base in bases:
        roman = L.romanise(base).capitalize()
        if len(spelling_key(roman)) >= 4 and (name := english_name([roman])):
            return name
    return None


def canonical_person(L: _Language, words: list[str]) -> str:
    """The English name of a person named by these words: the lexicon's for a known surname, else
    the first name and surname romanised (a patronymic dropped). A common surname is known with its
    first name ("алексей смирнов")."""
    lemmas = person_lemmas(L, words)
    if len(words) >= 2:
        full = f"{lemmas[0]} {lemmas[-1]}"
        if full in L.known_people:
            return L.known_people[full]
    for w in reversed(words):
        for lemma in L.lemmas_of(w):
            if lemma in L.known_people:
                return L.known_people[lemma]
    known = _known_surname(L, words[-1])
    if known:
        return known
    kept = [(w, x) for w, x in zip(words, lemmas, strict=True) if "Patr" not in L.analyse(w)[1] or len(words) == 1]
    # a foreign first name makes the surname a foreign one, read back as English copy spells it
    # ("Бен Годжес": "Ben Hodges")
    foreign = len(kept) > 1 and kept[0][1] in L.foreign_first_names
    romanised = [L.foreign_first_names.get(x) or L.first_names.get(x)
                 or _capitalised(romanise(L.lang, x, foreign=foreign and n > 0)) for n, (_, x) in enumerate(kept)]
    # a person English copy knows, whatever the romanisation gave ("Borys Pistorius": "Boris
    # Pistorius"), by the lemmas or by the words as written (the dictionary guesses a lemma for a
    # foreign name it does not know: "Схоф" -> "схофа", "Развожаев" -> "развожай"); else the
    # romanisation
    return (english_name(romanised) or english_name([L.romanise(w).capitalize() for w, _ in kept])
            or " ".join(romanised))


# (no vocative: news copy does not address people, and a foreign name the dictionary guesses at
# reads as one: "Орпо" as "орпа")
def _base(p, word: str) -> str:
    """A parse's base form, a woman's surname in the feminine (the Russian dictionary gives
    "Захаровой" the lemma "захаров"), with no "ё" the text did not write (the dictionary gives
    "Ковалевой" "ковалёва"; copy spells the name as the text does)."""
    base = p.normal_form
    if {"femn", "Surn"} <= p.tag.grammemes and "ms-f" not in p.tag.grammemes:
        form = p.inflect({"nomn", "femn"})
        base = form.word if form is not None else base
    return base if "ё" in word.lower() else base.replace("ё", "е")


_POSSESSIVE = re.compile(r"(?:ов|ев|ёв|єв|ів|ин|ін|ын|їн)(?:ый|ий)$")


def _possessive(p) -> str | None:
    """The surname a parse as a possessive adjective stands for ("травниковый" in the masculine:
    Травников; "маркаровий" in the feminine: Маркарова), else None."""
    if "ADJF" not in p.tag.grammemes or not _POSSESSIVE.search(p.normal_form):
        return None
    return p.normal_form[:-2] + ("а" if "femn" in p.tag.grammemes else "")


def _capitalised(name: str) -> str:
    """A romanised name with a capital to each of its hyphened parts ("Lvova-Belova")."""
    return "-".join(part.capitalize() for part in name.split("-"))


_CASES = frozenset({"nomn", "gent", "datv", "accs", "ablt", "loct", "gen2", "acc2", "loc2"})


def person_lemmas(L: _Language, words: list[str]) -> list[str]:
    """The base forms of a person's words, read together: a surname in the case of the first name
    before it ("Сергея Рябкова" is Рябков's, "Сергей Рябков" stays as it is though the dictionary
    reads it as the genitive plural of "рябок"), and one that has no reading in that case is
    indeclinable and stays as it is written ("з Петтері Орпо", "Еліною Валтонен"). A name alone,
    or after a first name the dictionary does not read in any case, by ``name_lemma``."""
    first = L.given_lemma(words[0]) if len(words) > 1 else None
    cases = L.name_cases(words[0]) if first else frozenset()
    out = [first or L.name_lemma(words[0])]
    gender = L.name_gender(words[0]) if first else None
    for w in words[1:]:
        out.append(L.lemma_in_case(w, cases, gender) if cases else L.name_lemma(w))
    return out


# ------------------------------------------------------------------ places

def _score(p: Place) -> float:
    # a name alone means the country, or the city rather than the region named after it ("Москва")
    return (CONFLICT.get(p.cc or "", 0.0) + math.log10(p.population + 1)
            + {"country": 3.0, "admin1": -1.0}.get(p.feature, 0.0))


def _best(cands: list[Place], *, strict: bool, main: frozenset[int] = frozenset()) -> Place | None:
    """The likeliest of a name's places; ``strict`` (an uncertain name) keeps only the notable or
    those in the countries of the war; a place whose own name it is (``main``) before one that
    once bore it ("Покровськ" is Pokrovsk, not Engels)."""
    keep = [p for p in cands if p.feature in ("country", "admin1") or p.population >= 100_000
            or (p.cc in ("UA", "RU", "BY") and (p.population >= 1_000 or not strict))]
    return max(keep, key=lambda p: _score(p) + (1.0 if p.id in main else 0.0)) if keep else None


@lru_cache(maxsize=50_000)
def _main_ids(name: str) -> frozenset[int]:
    rows = default_gazetteer().con.execute("SELECT place_id FROM names WHERE name = ? AND main = 1", (fold(name),))
    return frozenset(r[0] for r in rows)


@lru_cache(maxsize=50_000)
def _lookup(name: str) -> tuple[Place, ...]:
    return tuple(default_gazetteer().lookup(name))


def find_places(L: _Language, text: str, tokens: list[Token], taken: set[int]) -> list[PlaceMention]:
    out, i = [], 0
    # a name in guillemets is a hotel's, a hospital's, a unit's («Прага», «Азов»), not a town's
    quoted = [(m.start(), m.end()) for m in _GUILLEMETS.finditer(text)]
    while i < len(tokens):
        tok = tokens[i]
        nxt = tokens[i + 1] if i + 1 < len(tokens) and tokens[i + 1].sent == tok.sent else None
        # 1. a region: "Харківській області", "Белгородской обл."
        region = next((L.regions[x] for x in tok.lemmas if x in L.regions), None)
        word = _region_word_after(L, tokens, i) if region and i not in taken else None
        if word is not None and tokens[word].lemmas & L.administrations:
            i = word + 1   # "голова Харківської ОВА": an office's name
            continue
        if word is not None and _admin1(region):
            # "Брянской, Курской и Белгородской областями": each adjective before the noun names one
            last = tokens[word] if word == i + 1 else tok
            out.append(PlaceMention(text[tok.start:last.end], tok.start, last.end, _admin1(region), 1.0))
            i = word + 1 if word == i + 1 else i + 1
            continue
        # (a pronoun that opens a sentence is no place: "Він" is not Vienna)
        if i in taken or not tok.capitalised or not tok.text[0].isalpha() or "NPRO" in tok.tags \
                or any(a < tok.start < b for a, b in quoted):
            i += 1
            continue
        # "у Печерському та Шевченківському районах": a city's districts, not the villages their
        # adjectives resolve to
        if "ADJF" in tok.tags and _noun_after(L, tokens, i, L.district_words):
            i += 1
            continue
        # "у Білопільській громаді": a community is its town's ("Білопілля")
        town = _town_of(L, tok) if "ADJF" in tok.tags and _noun_after(L, tokens, i, L.community_words) else None
        if town is not None:
            out.append(PlaceMention(tok.text, tok.start, tok.end, town, 1.0))
            i += 1
            continue
        # ... or by its own noun: "на Харківщині"
        region = next((L.region_nouns[x] for x in tok.lemmas if x in L.region_nouns), None)
        if region and _admin1(region):
            out.append(PlaceMention(tok.text, tok.start, tok.end, _admin1(region), 1.0))
            i += 1
            continue
        # 2. two capitalised words as one name ("Кривий Ріг"), then one
        found = None
        if nxt is not None and nxt.capitalised and i + 1 not in taken and nxt.start - tok.end <= 1:
            for a in _proper_lemmas(tok):
                for b in _proper_lemmas(nxt):
                    p = _place_called(L, f"{a} {b}", strict=False)
                    if p:
                        found = (p, nxt)
                        break
                if found:
                    break
        if found is None:
            # a word at the start of a sentence may be an ordinary one: only notable places
            # as is an adjective alone ("Южного военного округа")
            # ("біля Куп'янська" after a preposition, with no noun after it, is no adjective)
            lone = i > 0 and tokens[i - 1].text.lower() in L.place_prepositions and not (
                nxt is not None and not nxt.capitalised and {"ADJF", "NOUN"} & nxt.tags)
            strict = (_first_in_sentence(tokens, i) or (_adjective(tok) and not lone)) and "Geox" not in tok.tags
            # the likeliest place any lemma names ("Києві": кий, київ), the word as written only
            # when no lemma names one ("Курске" is Kursk, not the village Kurske)
            strict = strict or _is_namelike(tok)
            named = [p for x in L.parse_lemmas(tok.text) if (p := _place_called(L, x, strict=strict))]
            if not named and tok.text.lower() not in L.parse_lemmas(tok.text):
                named = [p for p in [_place_called(L, tok.text.lower(), strict=strict)] if p]
            if not named:
                # a town named in the plural, which the dictionary reads as the plural of a common
                # noun ("в Лисках": лиска's, not Liski): its plural's nominative
                named = [p for x in L.plural_names(tok.text) if (p := _place_called(L, x, strict=strict))]
            if named:
                found = (max(named, key=_score), tok)
        if found:
            p, last = found
            out.append(PlaceMention(text[tok.start:last.end], tok.start, last.end, p, 1.0))
            i = tokens.index(last, i) + 1
        else:
            i += 1
    return out


def _not_in_titles(L: _Language, tokens: list[Token], places: list[PlaceMention],
                   people: list[_Entity]) -> list[PlaceMention]:
    """The places but those that are part of a person's title: after a title word and right before
    the person's name ("госсекретарь США Марко Рубио", "прем'єр-міністр Великої Британії Кір Стармер")."""
    starts = {p.first for p in people}
    # (token indices by offset, once: a scan of the tokens per place is quadratic in a long text)
    by_start = {t.start: n for n, t in enumerate(tokens)}
    by_end = {t.end: n for n, t in enumerate(tokens)}
    out = []
    for pm in places:
        k, last = by_start.get(pm.start), by_end.get(pm.end)
        if k is not None and last is not None and last + 1 in starts and any(
                tokens[m].lemmas & L.titles for m in range(max(0, k - 4), k) if tokens[m].sent == tokens[k].sent):
            continue
        out.append(pm)
    return out


def _region_word_after(L: _Language, tokens: list[Token], i: int) -> int | None:
    """The index of the region noun that the region adjective at ``i`` goes with: the next word,
    or the end of a list of such adjectives joined by commas and "і", "та", "и"."""
    k = i + 1
    while k < len(tokens) and tokens[k].sent == tokens[i].sent and k - i <= 8:
        if tokens[k].lemmas & L.region_words:
            return k
        if not (tokens[k].lemmas & L.regions.keys() or tokens[k].text.lower() in L.conjunctions):
            return None
        k += 1
    return None


def _noun_after(L: _Language, tokens: list[Token], i: int, nouns: frozenset[str]) -> bool:
    """One of ``nouns`` follows the adjective at ``i``, past other adjectives and the words that
    join them ("у Печерському та Шевченківському районах")."""
    k = i + 1
    while k < len(tokens) and tokens[k].sent == tokens[i].sent and k - i <= 6:
        if tokens[k].lemmas & nouns:
            return True
        if not ("ADJF" in tokens[k].tags or tokens[k].text.lower() in L.conjunctions):
            return False
        k += 1
    return False


def _town_of(L: _Language, tok: Token) -> Place | None:
    """The town an adjective is made from ("білопільський": Білопілля, "шосткинський": Шостка,
    "куп'янський": Куп'янськ), by the lexicon's endings tried in order, if the gazetteer has it."""
    for lemma in sorted(tok.lemmas):
        for adj_end, town_end in L.town_endings:
            if lemma.endswith(adj_end) and len(lemma) > len(adj_end) + 2:
                p = _place_called(L, lemma[:-len(adj_end)] + town_end, strict=False)
                if p is not None and p.feature not in ("country", "admin1"):
                    return p
    return None


def _adjective(tok: Token) -> bool:
    return "ADJF" in tok.tags and "NOUN" not in tok.tags


def _admin1(name: str) -> Place | None:
    return next((c for c in sorted(_lookup(name), key=_score, reverse=True) if c.feature == "admin1"), None)


def _proper_lemmas(tok: Token) -> list[str]:
    return sorted(tok.lemmas)


@lru_cache(maxsize=50_000)
def _place_called_cached(lang: str, lemma: str, strict: bool) -> Place | None:
    L = language(lang)
    if lemma in L.place_names:
        return _best(list(_lookup(L.place_names[lemma])), strict=False)
    name = L.romanise(lemma)
    cands = list(_lookup(name))
    if strict:
        cands = [p for p in cands if p.feature in ("country", "admin1") or p.population >= 50_000]
    return _best(cands, strict=True, main=_main_ids(name))


def _place_called(L: _Language, lemma: str, *, strict: bool) -> Place | None:
    return _place_called_cached(L.lang, lemma, strict)


# ------------------------------------------------------------------ dates

def _published(published: str | None) -> date | None:
    try:
        return date.fromisoformat((published or "")[:10])
    except ValueError:
        return None


def find_dates(L: _Language, text: str, tokens: list[Token], published: str | None) -> list[DateRef]:
    pub = _published(published)
    out = []
    for m in L.month_rx.finditer(text):
        month, day = L.months[m.group("mon").lower()], int(m.group("day"))
        year = int(m.group("year")) if m.group("year") else (pub.year if pub else None)
        if year is None:
            continue
        if not m.group("year") and pub and month > pub.month + 1:
            year -= 1   # "24 грудня" in a January report is last December
        try:
            out.append(DateRef(m.group(), m.start(), m.end(), date(year, month, day).isoformat(), "day"))
        except ValueError:
            continue
    out += _months_and_years(L, text, pub, [(d.start, d.end) for d in out])
    if pub is None:
        return sorted(out, key=lambda d: d.start)
    taken = [(d.start, d.end) for d in out]
    for i, tok in enumerate(tokens):
        if any(s <= tok.start < e for s, e in taken):
            continue
        low = tok.text.lower()
        # ("напередодні візиту", "накануне выборов": the eve of what is named, not a day of the report)
        eve = L.relative.get(low) == -1 and i + 1 < len(tokens) and tokens[i + 1].sent == tok.sent \
            and {"NOUN", "gent"} <= L.first_tags(tokens[i + 1].text)
        if low in L.relative and not eve:
            out.append(DateRef(tok.text, tok.start, tok.end, (pub + timedelta(days=L.relative[low])).isoformat(), "day"))
            continue
        wd = next((L.weekdays[x] for x in tok.lemmas if x in L.weekdays), None)
        if wd is not None and i > 0 and tokens[i - 1].text.lower() in ("у", "в", "во", "на", "проти"):
            # a report tells of the last such day: "в ночь на среду" published on Wednesday is today
            first = i - 1
            if first >= 2 and tokens[first - 1].lemmas & {"ніч", "ночь"}:
                first -= 2
            back = (pub.weekday() - wd) % 7
            out.append(DateRef(text[tokens[first].start:tok.end], tokens[first].start, tok.end,
                             (pub - timedelta(days=back)).isoformat(), "day"))
    return sorted(out, key=lambda d: d.start)


def _months_and_years(L: _Language, text: str, pub: date | None, taken: list[tuple[int, int]]) -> list[DateRef]:
    """A month named alone ("у березні": of the publication's year, or the year before when it is
    more than a month ahead) or with its year, and a year alone ("у 2014 році")."""
    out = []
    for m in L.alone_rx.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        word = m.group("mon") or m.group("year")
        at = m.start("mon") if m.group("mon") else m.start("year")
        if m.group("year"):
            out.append(DateRef(word, at, m.end("year"), m.group("year"), "year"))
            continue
        month = L.months_alone[word.lower()]
        year = int(m.group("myear")) if m.group("myear") else (pub.year if pub else None)
        if year is None:
            continue
        if not m.group("myear") and month > pub.month + 1:
            year -= 1
        out.append(DateRef(text[at:m.end()], at, m.end(), f"{year:04d}-{month:02d}", "month"))
    return out


# ------------------------------------------------------------------ numbers of people

@dataclass
class _Quantity:
    text: str
    start: int
    end: int
    value: float
    category: str | None
    vague: bool = False
    sent: int = 0
    kind: str = "people"     # people | money
    unit: str = "people"     # for money, the ISO currency
    subset: bool = False     # of a figure before it: "загинули семеро, у тому числі двоє дітей"

    def record(self) -> Quantity:
        return Quantity(self.text, self.start, self.end, self.value, self.unit, self.kind, self.category, self.vague)


def _number(L: _Language, tok: Token) -> tuple[float, bool] | None:
    if tok.text[0].isdigit():
        try:
            return float(tok.text.replace(",", ".")), False
        except ValueError:
            return None
    for lemma in tok.lemmas:
        if lemma in L.numbers:
            return float(L.numbers[lemma]), False
        if lemma in L.vague:
            return float(L.vague[lemma]), True
    return None


def _harm_near(L: _Language, text: str, tokens: list[Token], i: int, j: int) -> str | None:
    """The harm word nearest the figure at tokens[i:j], a few words either side in its sentence,
    not across a comma unless none is nearer."""
    best = None
    for k in range(max(0, i - 5), min(len(tokens), j + 5)):
        if i <= k < j or tokens[k].sent != tokens[i].sent:
            continue
        for cat, words in L.harm.items():
            if tokens[k].lemmas & words:
                dist = (i - k) if k < i else (k - j + 1)
                lo, hi = (tokens[k].end, tokens[i].start) if k < i else (tokens[j - 1].end, tokens[k].start)
                dist += 10 * (text.count(",", lo, hi) + text.count(";", lo, hi))
                if best is None or dist < best[0]:
                    best = (dist, cat)
    return best[1] if best else None


def _scaled(L: _Language, tokens: list[Token], i: int, value: float) -> tuple[float, int]:
    """The figure at ``i`` times the scale word after it ("5 тис.", "2 млн"), and the index after both."""
    j = i + 1
    if j < len(tokens) and tokens[j].sent == tokens[i].sent:
        scale = next((L.scales[x] for x in (tokens[j].text.lower(), *tokens[j].lemmas) if x in L.scales), None)
        if scale:
            return value * scale, j + 1
    return value, j


_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "₴": "UAH", "₽": "RUB"}


def find_money(L: _Language, text: str, tokens: list[Token], skip: list[tuple[int, int]]) -> list[_Quantity]:
    """Sums with their currency: a figure, a scale word and a currency word ("500 млн доларів",
    "1,2 млрд євро"), or a currency symbol before the figure ("$400 млн")."""
    out = []
    for i, tok in enumerate(tokens):
        num = None if any(s <= tok.start < e for s, e in skip) else _number(L, tok)
        if num is None:
            continue
        value, vague = num
        start = tok.start
        value, j = _scaled(L, tokens, i, value)
        symbol = _SYMBOLS.get(text[tok.start - 1:tok.start]) if tok.start else None
        word = None
        if j < len(tokens) and tokens[j].sent == tok.sent:
            word = next((L.currencies[x] for x in (tokens[j].text.lower(), *tokens[j].lemmas) if x in L.currencies), None)
        if symbol:
            start, end = tok.start - 1, tokens[j - 1].end
        elif word:
            end = tokens[j].end
        else:
            continue
        out.append(_Quantity(text[start:end], start, end, value, None, vague, tok.sent, "money", symbol or word))
    return out


def find_quantities(L: _Language, text: str, tokens: list[Token], skip: list[tuple[int, int]]) -> list[_Quantity]:
    out = []
    for i, tok in enumerate(tokens):
        if any(s <= tok.start < e for s, e in skip):
            continue
        num = _number(L, tok)
        if num is None:
            continue
        value, vague = num
        first = i
        # "понад 50", "не менее 10": the qualifier is part of the figure's phrase
        if i > 1 and tokens[i - 2].sent == tok.sent and tokens[i - 1].text.lower() in ("ніж", "чем") \
                and tokens[i - 2].text.lower() in L.qualifiers:
            first = i - 2   # "більше ніж 7", "более чем 40"
        elif i > 0 and tokens[i - 1].sent == tok.sent and tokens[i - 1].text.lower() in L.qualifiers:
            first = i - 1
            if first > 0 and tokens[first - 1].sent == tok.sent and tokens[first - 1].text.lower() == "не":
                first -= 1
        value, j = _scaled(L, tokens, i, value)
        if j < len(tokens) and tokens[j].sent == tok.sent and tokens[j].lemmas & L.not_people:
            continue   # "58 років", "30 км": an age, a distance
        noun = j < len(tokens) and tokens[j].sent == tok.sent and bool(tokens[j].lemmas & L.person_nouns)
        if noun:
            j += 1
        category = _harm_near(L, text, tokens, first, j)
        if category is None and not noun:
            category = _count_of(L, tokens, i)
        if not noun and category is None:
            continue
        # "один з поранених", "один из раненых": one of those a figure elsewhere counts
        part = not noun and j < len(tokens) and tokens[j].sent == tok.sent and tokens[j].text.lower() in L.part_of
        out.append(_Quantity(text[tokens[first].start:tokens[j - 1].end], tokens[first].start, tokens[j - 1].end,
                             value, category, vague, tok.sent,
                             subset=part or _after_subset(L, text, tokens, first)))
    return out


def _count_of(L: _Language, tokens: list[Token], i: int) -> str | None:
    """The harm a figure after "до" counts when its sentence names the count of the harmed
    ("кількість загиблих ... зросла до 33", "число погибших возросло до 12"), else None."""
    if i == 0 or tokens[i - 1].text.lower() != "до":
        return None
    sent = [k for k in range(max(0, i - 15), i) if tokens[k].sent == tokens[i].sent]
    for k in sent:
        if tokens[k].lemmas & L.count_nouns and k + 1 < i:
            return next((c for c, w in L.harm.items() if tokens[k + 1].lemmas & w), None)
    return None


def _after_subset(L: _Language, text: str, tokens: list[Token], i: int) -> bool:
    """The figure at ``i`` counts part of one before it ("серед них", "в том числе")."""
    s = max(text.rfind(",", 0, tokens[i].start), text.rfind("(", 0, tokens[i].start), 0)
    return bool(L.subset_rx.search(L.alternate(text[s:tokens[i].start])))


def _clause(text: str, start: int, end: int, lo: int, hi: int) -> tuple[int, int]:
    """The clause around text[start:end] within text[lo:hi]: between the commas or semicolons either side."""
    a = max(text.rfind(",", lo, start), text.rfind(";", lo, start))
    b = min((x for x in (text.find(",", end, hi), text.find(";", end, hi)) if x >= 0), default=hi)
    return (a + 1 if a >= 0 else lo), b


def _lone_victims(L: _Language, text: str, tokens: list[Token], quantities: list[_Quantity]) -> list[_Quantity]:
    """One person harmed, named by a singular noun by the harm word ("загинула жінка", "загинув
    52-річний чоловік": an age or another adjective may stand between), or two joined by "та", "і"
    ("травмовано фельдшера та водія", "погибли водитель и фельдшер"), in a clause with no figure of
    that harm (each place's toll in one sentence: "у Марганці поранено двох, у Нікополі — жінку").
    One joined to a figure after it ("поранено водія та двох пасажирок", "водитель и ещё двое
    пассажиров ранены") adds to that figure."""
    out = []
    spans = [(q.start, q.end) for q in quantities]
    starts = {q.start: q for q in quantities}
    for i, tok in enumerate(tokens):
        # (its likeliest parse: the Ukrainian "чоловік" is also a genitive plural)
        if not tok.lemmas & L.person_nouns or "plur" in L.first_tags(tok.text) or any(s <= tok.start < e for s, e in spans):
            continue
        nxt = i + 2
        if nxt < len(tokens) and tokens[nxt].text.lower() in ("ще", "ещё", "еще"):
            nxt += 1
        joined = starts.get(tokens[nxt].start) if nxt < len(tokens) and tokens[i + 1].text.lower() in L.conjunctions else None
        if joined is not None and joined.sent == tok.sent and joined.category in ("killed", "wounded") and not joined.subset:
            joined.value += 1
            joined.text, joined.start = text[tok.start:joined.end], tok.start
            continue
        before = i - 1
        # (up to three words of age and kind: "ранен 34-летний местный житель")
        while before >= 0 and i - before < 5 and tokens[before].sent == tok.sent and (
                "ADJF" in tokens[before].tags or tokens[before].text[0].isdigit()) \
                and not any(tokens[before].lemmas & w for w in L.harm.values()):
            before -= 1
        last = i
        if i + 2 < len(tokens) and tokens[i + 2].sent == tok.sent and tokens[i + 1].text.lower() in L.conjunctions \
                and tokens[i + 2].lemmas & L.person_nouns and "plur" not in L.first_tags(tokens[i + 2].text):
            last = i + 2
        lo = tokens[next(k for k in range(i, -1, -1) if k == 0 or tokens[k - 1].sent != tok.sent)].start
        hi = tokens[next(k for k in range(i, len(tokens)) if k == len(tokens) - 1 or tokens[k + 1].sent != tok.sent)].end
        a, b = _clause(text, tok.start, tokens[last].end, lo, hi)
        # (the harm word after a verb of getting and its adjectives: "тракторист получил осколочные ранения")
        after = last + 1
        while after < min(len(tokens) - 1, last + 3) and tokens[after].sent == tok.sent \
                and L.first_tags(tokens[after].text) & {"VERB", "ADJF"} \
                and not any(tokens[after].lemmas & w for w in L.harm.values()):
            after += 1
        for k in (before, last + 1, after):
            if 0 <= k < len(tokens) and tokens[k].sent == tok.sent:
                cat = next((c for c, w in L.harm.items() if tokens[k].lemmas & w), None)
                if cat in ("killed", "wounded") and not _after_subset(L, text, tokens, i) and not any(
                        q.category == cat and q.sent == tok.sent and a <= q.start < b for q in quantities + out):
                    out.append(_Quantity(text[tok.start:tokens[last].end], tok.start, tokens[last].end,
                                         1.0 + (last > i), cat, False, tok.sent))
                    break
    return out


# ------------------------------------------------------------------ quotes

def _quote(text: str, s: int, e: int, kind: str, speaker: _Entity | None, cue: str) -> Quote:
    """The quotation text[s:e], without the spaces, dashes and final stop around it."""
    while s < e and text[s] in " ,—–-\n":
        s += 1
    while e > s and text[e - 1] in " ,.—–-\n":
        e -= 1
    if speaker is None:
        return Quote(text[s:e], kind, s, e, cue=cue)
    return Quote(text[s:e], kind, s, e, speaker.canonical, speaker.start, speaker.end, cue)


def _line_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end == -1 else end


def _nearest(ents: list[_Entity], pos: int, lo: int, hi: int) -> _Entity | None:
    inside = [e for e in ents if e.start >= lo and e.end <= hi and e.label in ("PERSON", "ORG")]
    return min(inside, key=lambda e: min(abs(e.start - pos), abs(e.end - pos)), default=None)


def find_quotes(L: _Language, text: str, tokens: list[Token], sents: list[tuple[int, int]],
                ents: list[_Entity]) -> list[Quote]:
    out: list[Quote] = []
    cue_tokens = [t for t in tokens if t.lemmas & L.cues]
    # direct: a quotation in marks, with a speech cue in the rest of its paragraph line
    pos = 0
    while True:
        m = _OPEN_QUOTE.search(text, pos)
        if not m:
            break
        close = text.find(_QUOTE_MARKS[m.group()], m.end())
        if close == -1 or close - m.end() < 8:
            pos = m.end()
            continue
        # the attribution is the rest of the sentence after the closing mark ("», — написав X."),
        # else the sentence before the opening one ("X заявив: «...»")
        after = _STOP.search(text, close + 1)
        hi = min(after.start() if after else len(text), _line_end(text, close))
        lo = max(max(text.rfind(c, 0, m.start()) for c in ".!?\n") + 1, 0)
        cue = next((t for t in cue_tokens if close < t.start < hi), None) or \
            next((t for t in reversed(cue_tokens) if lo <= t.start < m.start()), None)
        if cue is not None:
            sp = _nearest(ents, cue.start, close, hi) if cue.start > close else _nearest(ents, cue.start, lo, m.start())
            out.append(_quote(text, m.end(), close, QuoteKind.DIRECT, sp, cue.text))
        pos = close + 1
    direct = [(q.start, q.end) for q in out]
    # indirect: "X заявив, що ..." and "За словами X, ..."
    for s, e in sents:
        if any(a < e and s < b for a, b in direct):
            continue
        low = text[s:e].lower()
        hit = L.according_rx.search(low)
        if hit:
            phrase, at = hit.group(), s + hit.start()
            comma = text.find(",", at + len(phrase), e)
            if comma != -1:
                sp = _nearest(ents, at + len(phrase), at + len(phrase), comma)
                if sp:
                    out.append(_quote(text, comma + 1, e, QuoteKind.INDIRECT, sp, phrase))
                    continue
        for cue in (t for t in cue_tokens if s <= t.start < e):
            that = L.that_rx.match(text, cue.end)
            if not that:
                # "..., заявив Зеленський." after the reported words
                sp = _nearest(ents, cue.start, cue.end, e)
                before = text.rfind(",", s, cue.start)
                if sp and before > s and sp.start - cue.end <= 3:
                    out.append(_quote(text, s, before, QuoteKind.INDIRECT, sp, cue.text))
                    break
                continue
            sp = _nearest(ents, cue.start, s, cue.start) or _nearest(ents, cue.end, cue.end, that.start() + 1)
            out.append(_quote(text, that.end(), e, QuoteKind.INDIRECT, sp, cue.text))
            break
    return sorted(out, key=lambda q: q.start)


# ------------------------------------------------------------------ events and topics

def _int(v: float | None) -> float | int | None:
    return int(v) if v is not None and float(v).is_integer() else v


def _event(kind: tuple[str, str], place: PlaceMention | None, when: str | None, date_ref: DateRef | None,
           harm: dict[str, float], source: str | None, start: int, end: int) -> Event:
    p = place.place if place else None
    return Event(kind[0], kind[1], None, None, p.geonameid if p else None, p.name if p else None,
                 p.cc if p else None, when, {"day": 1, "week": 2, "month": 2}.get(date_ref.granularity, 3) if date_ref else 3,
                 None if p is None else {"country": 3, "admin1": 2, "region": 2}.get(p.feature, 1),
                 _int(harm.get("killed")), _int(harm.get("wounded")), _int(harm.get("displaced")),
                 f"claimed by {source}" if source else "reported", source, start, end, 0.5,
                 round(p.lat, 5) if p and p.lat is not None else None,
                 round(p.lon, 5) if p and p.lon is not None else None)


def _event_kind(L: _Language, sent_tokens: list[Token]) -> tuple[tuple[str, str], Token, bool] | None:
    """The type of an event the sentence's words name, and the word that names it. Damage to
    energy, heat or water is that, however it was done ("атакувала енергетичну інфраструктуру"),
    unless a rule of an aftermath tells how (debris that fell on it: the third item says so);
    else the first rule with a trigger, a verb's (or a passive participle's) before a noun's: "через обстріли евакуювали
    мешканців" reports an evacuation, not shelling."""
    lemmas = frozenset().union(*(t.lemmas for t in sent_tokens)) if sent_tokens else frozenset()
    made = _made(L, sent_tokens)
    found = [((ty, sub), t, n) for n, (ty, sub, words, need, bar) in enumerate(L.rules)
             if (not need or lemmas & need) and not lemmas & bar for t in sent_tokens if t.lemmas & words and t not in made]
    after = [f for f in found if f[2] in L.aftermath]
    others = [f for f in found if f[2] not in L.aftermath]
    infra = next((f for f in others if f[0][0] == "infrastructure"), None)
    if after and (infra or not others):
        return after[0][0], after[0][1], True
    if infra:
        return infra[0], infra[1], False
    # (a passive participle is the verb of a summary's sentence: "поражены пункты", "збито 40 дронів")
    verbs = [f for f in others if "VERB" in f[1].tags or "PRTS" in f[1].tags]
    pick = verbs[0] if verbs else (others[0] if others else None)
    return (pick[0], pick[1], False) if pick else None


def _made(L: _Language, sent_tokens: list[Token]) -> set[Token]:
    """The weapons a sentence names as things made, bought or given, not used: the nouns and
    adjectives just after a word of production or supply, up to a verb or a preposition
    ("обговорили виробництво дронів і снарядів на заводах", "совещание о выпуске снарядов")."""
    out: set[Token] = set()
    for k, t in enumerate(sent_tokens):
        if not t.lemmas & L.production:
            continue
        for u in sent_tokens[k + 1:k + 7]:
            tags = L.first_tags(u.text)
            if tags & {"VERB", "INFN", "PRTS", "PREP", "ADVB"}:
                break
            out.add(u)
    return out


_SUBTYPE_OF_AID = {"pledged": "pledge", "approved": "pledge", "delivered": "delivery"}


def _cue_pos(tags: frozenset[str]) -> str:
    if "VERB" in tags or "INFN" in tags:
        return "impersonal" if "Impe" in tags else "verb"
    if "PRTF" in tags or "PRTS" in tags:
        return "participle"
    return "noun" if "NOUN" in tags else "other"


def event_candidates(L: _Language, text: str, tokens: list[Token], sents: list[tuple[int, int]],
                     places: list[PlaceMention], dates: list[DateRef], quantities: list[_Quantity],
                     quotes: list[Quote], aid: list[AidRecord], published: str | None,
                     orgs: list[_Entity] = (), named: list[PlaceMention] | None = None) -> list[tuple[Event, Cue]]:
    """Every sentence's event, if its words name one, with what the scorer reads of it.

    1. A sentence with aid to Ukraine reports aid (a pledge or a delivery).
    2. Else the type of the rules' trigger in it (``_event_kind``).
    3. Else a toll: an attack on civilians of its own ("В селе погиб мужчина"), unless it tells the
       toll of a strike a sentence or two before (``_toll_of``), whose type it takes.
    A toll gives its figures to the strike it tells of, where that has none; a sentence's tolls of
    several places add up ("у Нікопольському районі загинула жінка, у Марганці поранено двох").
    No event of its own: a sentence that tells where a strike just told hit (``_detail``), more of a
    meeting just told (``_more_of_meeting``), or a meeting at home (``_at_home``; ``named`` are the
    places with those in titles, which make a meeting foreign).
    """
    named = places if named is None else named
    pub = _published(published)
    by_sent: dict[int, list[Token]] = {}
    for t in tokens:
        by_sent.setdefault(t.sent, []).append(t)
    direct = [(q.start, q.end) for q in quotes if q.kind == QuoteKind.DIRECT]
    out: list[tuple[Event, Cue]] = []
    for i, (s, e) in enumerate(sents):
        sent_tokens = by_sent.get(i, [])
        harm = _tolls(L, text, [q for q in quantities if q.sent == i and q.category and not q.subset], places,
                      sent_tokens, s, e)
        gift = next((a for a in aid if a.start == s), None)
        found = _event_kind(L, sent_tokens)
        place = next((p for p in places if s <= p.start < e and not _taken_to(L, sent_tokens, p)), None)
        # debris that fell, just after a strike at the same place, is that strike's, not an event
        # of its own ("Ворог вдарив ракетою по Черкасах. Уламки впали на подвір'я школи.")
        if found is not None and found[2] and out and out[-1][1].sentence == i - 1 \
                and out[-1][0].type == "explosions_remote_violence" \
                and (place is None or place.place.geonameid == out[-1][0].place):
            found = None
        lemmas = frozenset().union(*(t.lemmas for t in sent_tokens)) if sent_tokens else frozenset()
        if found is not None and gift is None and (
                _detail(L, out, i, found[1], place, harm) or _more_of_meeting(out, i, found, sent_tokens)
                or found[0][0] == "infrastructure" and lemmas & L.repairs and not lemmas & L.strike_words
                or _at_home(L, found, sent_tokens, [p for p in named if s <= p.start < e])):
            found = None
        cue_tok = found[1] if found else None
        continues = 0
        if gift is not None:
            kind = ("aid", _SUBTYPE_OF_AID[gift.status])
            cue_tok = next((t for t in sent_tokens if t.lemmas & L.aid_verbs.keys()), cue_tok)
        elif found is not None:
            kind = found[0]
        elif "killed" in harm or "wounded" in harm:
            kind = ("violence_against_civilians", "attack on civilians")
            cue_tok = next((t for t in sent_tokens if any(t.lemmas & L.harm[c] for c in ("killed", "wounded"))), None)
        else:
            continue
        elsewhere = any(t.lemmas & L.elsewhere for t in sent_tokens)
        words = _words(L, sent_tokens)
        # (a running total tells of no strike before it: "Всього за тиждень постраждали 37 людей")
        told = [] if lemmas & L.totals else _toll_of(
            out, i, kind, found is None and gift is None, place, harm,
            L.alternate(text[s:e]).startswith(L.toll_openers), elsewhere, L.context["now"])
        # the toll of the strike told a sentence or two before (and of the sentence about it
        # between): those events' figures, and, for a toll with no event word of its own, their type
        for before in told:
            for k in ("killed", "wounded"):
                if getattr(before, k) is None and k in harm:
                    setattr(before, k, _int(harm[k]))
        if told and found is None and gift is None:
            kind, continues = (told[0].type, told[0].sub_type), len(told)
        elif found is None and gift is None:
            # a toll of a place of its own, in a report of strikes, is of a strike too ("Вночі
            # ворог атакував область. У Марганці поранено двох")
            kind = next(((ev.type, ev.sub_type) for ev, c in reversed(out) if i - c.sentence <= 2
                         and ev.type in ("explosions_remote_violence", "battles")), kind)
        when = next((d for d in dates if s <= d.start < e), None)
        source = next((q.speaker for q in quotes if q.speaker and q.start < e and s < q.end), None)
        ev = _event(kind, place, when.value if when else (published or "")[:10] or None, when, harm,
                    source, s, e)
        at = cue_tok.start if cue_tok else s
        ev.actor = _actor(L, sent_tokens, at, [p for p in places if s <= p.start < at], [o for o in orgs if s <= o.start < at])
        ev.target = next((L.targets[x] for t in sent_tokens for x in t.lemmas if x in L.targets), None)
        k = sent_tokens.index(cue_tok) if cue_tok in sent_tokens else -1
        day = None
        if when is not None and pub is not None and len(when.value) == 10:
            day = (pub - date.fromisoformat(when.value)).days
        years = tuple(y for t in sent_tokens if (y := year_of(t.text)) is not None)
        cue = Cue(kind, "harm" if found is None and gift is None else _cue_pos(L.first_tags(cue_tok.text) if cue_tok else frozenset()),
                  L.first_tags(cue_tok.text) if cue_tok else frozenset(), words,
                  k > 0 and sent_tokens[k - 1].text.lower() in ("не", "ні", "ни"),
                  any(a <= at < b for a, b in direct),
                  any(t.lemmas & L.cues for t in sent_tokens) or bool(L.according_rx.search(text[s:e].lower())),
                  frozenset(harm), place is not None, day, years, pub.year if pub else None, i == 0,
                  "?" in text[s:e], continues, i,
                  future=any("futr" in L.first_tags(t.text) and not t.lemmas & L.cues for t in sent_tokens))
        if not continues and gift is None and kind[0] in _TOLLED and when is None:
            cue = replace(cue, follows=_follows(L, out, i, place, sent_tokens, cue.words))
        out.append((ev, cue))
    return out


def _words(L: _Language, sent_tokens: list[Token]) -> frozenset[str]:
    """Every lemma of a sentence, less a word of long ago that names the report's own past day or
    night ("минулої доби", "прошлой ночью"), and less the words of a total where the total is the
    day's or the night's ("загалом цієї ночі збили 37 дронів", "с начала суток")."""
    out: set[str] = set()
    for k, t in enumerate(sent_tokens):
        lemmas = t.lemmas
        if k + 1 < len(sent_tokens) and lemmas & L.context["ago"] and sent_tokens[k + 1].lemmas & L.recent_periods:
            lemmas = lemmas - L.context["ago"]
        out |= lemmas
    if out & L.recent_periods and not out & L.long_periods:
        out -= L.context["cumulative"]
    # ("мав телефонну розмову": to have, not to have to, where no infinitive follows)
    # (the Ukrainian dictionary marks an infinitive "infn", the Russian "INFN")
    if not any(L.first_tags(t.text) & {"INFN", "infn"} for t in sent_tokens):
        out -= L.have
    return frozenset(out)


def _taken_to(L: _Language, sent_tokens: list[Token], place: PlaceMention) -> bool:
    """Whether a place is where the harmed were taken ("госпитализированы в Курск"), a word or two after that."""
    k = next((n for n, t in enumerate(sent_tokens) if t.start == place.start), None)
    return k is not None and any(t.lemmas & L.taken_to for t in sent_tokens[max(0, k - 3):k])


def _tolls(L: _Language, text: str, found: list[_Quantity], places: list[PlaceMention], sent_tokens: list[Token],
           s: int, e: int) -> dict[str, float]:
    """A sentence's killed and wounded (its first figure of each harm), each place's added where
    the sentence tells them clause by clause, a place in each ("В Шебекинском округе погиб мужчина,
    в Грайвороне ранены двое")."""
    harm: dict[str, float] = {}
    last: dict[str, int] = {}
    for q in found:
        a, b = _clause(text, q.start, q.end, s, e)
        if q.category not in harm:
            harm[q.category] = q.value
        elif a > last[q.category] and (any(a <= p.start < b for p in places) or any(
                a <= t.start < b and t.lemmas & (L.elsewhere | L.district_words | L.community_words) for t in sent_tokens)):
            harm[q.category] += q.value
        last[q.category] = q.end
    return harm


def _detail(L: _Language, out: list[tuple[Event, Cue]], i: int, cue: Token, place: PlaceMention | None,
            harm: dict[str, float]) -> bool:
    """Whether a sentence with no toll tells where the strike of the sentence just before hit
    ("Влучання зафіксували в Дніпровському районі", "Один из них попал в жилой дом"): its event
    word is a hit's, at that strike's place or none."""
    if not cue.lemmas & L.details or "killed" in harm or "wounded" in harm or not out:
        return False
    before, c = out[-1]
    return c.sentence == i - 1 and before.type in _TOLLED and before.place is not None and not c.continues \
        and (place is None or place.place.geonameid == before.place)


def _more_of_meeting(out: list[tuple[Event, Cue]], i: int, found: tuple, sent_tokens: list[Token]) -> bool:
    """Whether a sentence tells more of the meeting of a sentence or two before: its word of a
    meeting is a noun after a preposition ("У переговорах також взяли участь", "после встречи",
    "о подготовке встречи")."""
    if found[0][0] != "diplomacy" or not out or not 0 < i - out[-1][1].sentence <= 2 or out[-1][0].type != "diplomacy":
        return False
    k = sent_tokens.index(found[1])
    return "NOUN" in found[1].tags and any("PREP" in t.tags for t in sent_tokens[max(0, k - 3):k])


def _at_home(L: _Language, found: tuple, sent_tokens: list[Token], named: list[PlaceMention]) -> bool:
    """Whether a meeting is with the country's own officials, deputies or people ("зустрівся з
    депутатами", "встретился с главами районов"): a word of them just after "з"/"с", and no
    country, place abroad, foreign body, visit or nation's adjective in the sentence."""
    if found[0] != ("diplomacy", "meeting") or any(p.place.feature == "country" or p.place.cc not in ("UA", "RU")
                                                   for p in named):
        return False
    lemmas = frozenset().union(*(t.lemmas for t in sent_tokens))
    if lemmas & (L.abroad | L.donor_adjectives.keys()):
        return False
    for k, t in enumerate(sent_tokens):
        if t.text.lower() in ("з", "із", "зі", "с", "со") and any(u.lemmas & L.domestic for u in sent_tokens[k + 1:k + 3]):
            return True
    return False


def _actor(L: _Language, sent_tokens: list[Token], at: int, places: list[PlaceMention],
           orgs: list[_Entity]) -> str | None:
    """Who acts: the nearest before the cue (at ``at``) of an organisation or a country named in the
    nominative ("Росія вдарила", "Повітряні сили збили") and the lexicon's actor words ("окупанти",
    "російські війська"), in English."""
    found: list[tuple[int, str]] = []
    by_start = {t.start: t for t in sent_tokens}
    for o in orgs:
        if o.start in by_start and ("nomn" in by_start[o.start].tags or by_start[o.start].acronym) and o.start < at:
            found.append((o.start, o.canonical))
    for p in places:
        if p.place.feature == "country" and p.start in by_start and "nomn" in by_start[p.start].tags and p.start < at:
            found.append((p.start, p.place.name))
    for t in sent_tokens:
        if t.start < at and "nomn" in t.tags:
            name = next((L.actors[x] for x in t.lemmas if x in L.actors), None)
            if name:
                found.append((t.start, name))
    return max(found)[1] if found else None


def _toll_of(candidates: list[tuple[Event, Cue]], i: int, kind: tuple[str, str], alone: bool,
             place: PlaceMention | None, harm: dict[str, float], opener: bool, elsewhere: bool,
             now: frozenset[str] = frozenset()) -> list[Event]:
    """The events whose toll sentence ``i`` gives (the last candidates, in order), or none. A sentence with people killed or wounded
    gives the toll of the event of one of the two sentences before it ("Росія атакувала Київ. ...
    Пошкоджено будинки. ... Поранено дев'ятеро людей.", "В результате обстрела погиб мирный
    житель") when that event is a strike, a battle or damage to infrastructure, and the sentence
    names no place but that event's, nor a settlement by its kind ("В селе погиб мужчина":
    ``elsewhere``); and either the sentence has no event word of its own, or it opens by
    pointing back ("Внаслідок атаки", "В результате обстрела": ``opener``) at an event of its type
    with no toll yet (any other strike with a toll is its own event)."""
    if not ("killed" in harm or "wounded" in harm) or elsewhere:
        return []
    n = _recent(candidates, i, place, lambda before: alone or (
        opener and kind[0] == before.type and before.killed is None and before.wounded is None))
    # (past the nearest, only an event the nearer one tells more of, with no time of its own: "Ще 340
    # дронів атакували Запоріжжя. Увечері ворог ударив по Запоріжжю. Унаслідок атаки загинули двоє"
    # is the second's)
    m = min(n, 1)
    while m < n and (candidates[-m][1].continues or candidates[-m][1].follows and not candidates[-m][1].words & now):
        m += 1
    return [ev for ev, _ in candidates[len(candidates) - m:]]


def _recent(candidates: list[tuple[Event, Cue]], i: int, place: PlaceMention | None, also=None) -> int:
    """How many of the last candidates sentence ``i`` may tell more of, walking back: each a strike,
    a battle or damage to infrastructure told a sentence or two before it, at the sentence's place
    if it names one (and, given ``also``, for which that holds)."""
    n = 0
    for before, cue in reversed(candidates):
        if not 0 < i - cue.sentence <= 2 or before.type not in _TOLLED \
                or (place is not None and place.place.geonameid != before.place) or (also is not None and not also(before)):
            break
        n += 1
    return n


# what makes a sentence other than a plain report of what happened: it does not follow the event
# before it (the lexicons' [context] names)
_NOT_FOLLOWING = ("ago", "history", "cumulative", "modal", "conditional", "denial", "analysis", "rhetoric", "negation")


def _follows(L: _Language, candidates: list[tuple[Event, Cue]], i: int, place: PlaceMention | None,
             sent_tokens: list[Token], words: frozenset[str]) -> int:
    """How many of the last candidates the event of sentence ``i`` follows: a strike, a battle or
    damage told a sentence or two before ("Росія атакувала енергетику заходу. ... Укренерго
    запровадило графіки відключень", "В Минобороны заявили, что над регионом уничтожены 14
    беспилотников"), when the sentence tells what happened (a verb in the past, or an impersonal
    "пошкоджено"), with no time nor other place of its own and none of the words of history,
    totals, forecasts, denials, analysis or rhetoric. Such an event is as current as those it
    follows."""
    if any(words & L.context[name] for name in _NOT_FOLLOWING):
        return 0
    # (a speech verb's past is the report's, not the event's: "заявили", "наголосив")
    if not any({"past", "Impe", "PRTS"} & L.first_tags(t.text) and not t.lemmas & L.cues for t in sent_tokens):
        return 0
    return _recent(candidates, i, place)


# the events whose toll a next sentence may give
_TOLLED = ("explosions_remote_violence", "violence_against_civilians", "infrastructure", "battles")


def find_events(L: _Language, candidates: list[tuple[Event, Cue]]) -> list[Event]:
    """The candidates the scorer keeps, each with its calibrated probability as its confidence; a
    toll that continues the events before it has the likeliest of theirs (it is as current as they)."""
    scorer = event_scorer()
    out = []
    probs: list[float] = []
    for ev, cue in candidates:
        if scorer is not None:
            p = max(probs[-cue.continues:]) if cue.continues else scorer.probability(event_features(cue, L.context))
            if cue.follows and p < scorer.veto:
                p = max(p, *probs[-cue.follows:])
            probs.append(p)
            if p < scorer.veto:
                continue
            ev.confidence = round(p, 3)
        out.append(ev)
    return out


def find_aid(L: _Language, text: str, tokens: list[Token], sents: list[tuple[int, int]],
             places: list[PlaceMention], orgs: list[_Entity], money: list[_Quantity]) -> list[AidRecord]:
    """Aid to Ukraine, one record a sentence: a giving verb, a thing given, and a donor (a country
    other than Ukraine, or an organisation that gives: the European Union); the sum of the
    sentence, if any, and the category by its words."""
    out = []
    for i, (s, e) in enumerate(sents):
        sent_tokens = [t for t in tokens if t.sent == i]
        lemmas = set().union(*(t.lemmas for t in sent_tokens)) if sent_tokens else set()
        given = next(((L.aid_verbs[x], t) for t in sent_tokens for x in t.lemmas if x in L.aid_verbs and "VERB" in t.tags),
                     None)
        verb = given[0] if given else None
        # "передасть", "передаст": a delivery yet to come is a pledge
        if verb == "delivered" and "futr" in L.first_tags(given[1].text):
            verb = "pledged"
        sums = [m for m in money if m.sent == i]
        if verb is None or not (lemmas & L.aid_nouns or sums):   # "виділили 400 млн євро"
            continue
        donors = [(p.place.name, p.place.cc) for p in places if s <= p.start < e
                  and p.place.feature == "country" and p.place.cc != "UA"]
        donors += [(o.canonical, ORG_DONORS[o.canonical]) for o in orgs if s <= o.start < e and o.canonical in ORG_DONORS]
        donors = donors or [_donor_called(name) for t in sent_tokens for x in t.lemmas
                            if (name := L.donor_adjectives.get(x)) and "ADJF" in t.tags]
        if not donors:
            continue
        category = ("military" if lemmas & L.aid_military else "humanitarian" if lemmas & L.aid_humanitarian
                    else "financial" if sums or lemmas & L.aid_financial else "unspecified")
        out.append(AidRecord(donors[0][0], donors[0][1], "Ukraine", sums[0].value if sums else None,
                             sums[0].unit if sums else None, AidCategory(category), AidStatus(verb),
                             start=s, end=e, sentence=text[s:e]))
    return out


def _donor_called(name: str) -> tuple[str, str | None]:
    """A donor the lexicon names by its adjective, with its country's code (an organisation's own)."""
    if name in ORG_DONORS:
        return name, ORG_DONORS[name]
    country = next((p for p in _lookup(name) if p.feature == "country"), None)
    return (country.name, country.cc) if country else (name, None)


def find_topics(L: _Language, tokens: list[Token], n_sents: int) -> list[str]:
    by_sent: dict[int, set[str]] = {}
    for t in tokens:
        by_sent.setdefault(t.sent, set()).update(t.lemmas)
    n = max(1, n_sents)
    out = []
    for topic, cues in L.topics.items():
        hits = sum(1 for lemmas in by_sent.values() if lemmas & cues)
        if hits >= MIN_SENTENCES and hits / n >= MIN_SHARE[topic]:
            out.append(topic)
    return out


# ------------------------------------------------------------------ the reader

@dataclass
class _Parts:
    """What reading a text finds, before it becomes a ``Reading``."""
    lang: str
    tokens: list[Token]
    n_sents: int
    ents: list[_Entity]
    places: list[PlaceMention]
    dates: list[DateRef]
    quantities: list[_Quantity]
    quotes: list[Quote]
    aid: list[AidRecord]
    candidates: list[tuple[Event, Cue]]


def read_parts(text: str, lang: str, published: str | None) -> _Parts:
    """Every component of the reader over a Ukrainian or Russian text, in order; the event
    candidates not yet scored (what the scorer's training reads)."""
    L = language(lang)
    sents = sentences(text)
    tokens = tokenise(L, text, sents)
    orgs = find_organisations(L, text, tokens)
    taken = {k for o in orgs for k in range(o.first, o.last)}
    people = find_people(L, text, tokens, taken)
    taken |= {k for p in people for k in range(p.first, p.last)}
    _surnames_to_full_names(people)
    # (a country in a title is no place of the story, but the donor of aid its official announces:
    # "Прем'єр-міністр Нідерландів ... оголосив про пакет допомоги")
    named = find_places(L, text, tokens, taken)
    places = _not_in_titles(L, tokens, named, people)
    dates = find_dates(L, text, tokens, published)
    money = find_money(L, text, tokens, [(d.start, d.end) for d in dates])
    quantities = find_quantities(L, text, tokens, [(d.start, d.end) for d in dates] + [(m.start, m.end) for m in money])
    quantities = sorted(quantities + _lone_victims(L, text, tokens, quantities) + money, key=lambda q: q.start)
    ents = sorted(orgs + people, key=lambda x: x.start)
    quotes = find_quotes(L, text, tokens, sents, ents)
    aid = find_aid(L, text, tokens, sents, named, orgs, money)
    candidates = event_candidates(L, text, tokens, sents, places, dates, quantities, quotes, aid, published, orgs, named)
    return _Parts(lang, tokens, len(sents), ents, places, dates, quantities, quotes, aid, candidates)


def read_slavic(text: str, lang: str, published: str | None) -> Reading:
    """A Ukrainian or Russian text read into the record English texts are read into."""
    L = language(lang)
    parts = read_parts(text, lang, published)
    gpe = [_Entity(p.text, "GPE", p.start, p.end, p.place.name) for p in parts.places]
    reading = Reading(lang, "ok")
    reading.entities = [Mention(x.text, x.label, x.start, x.end, x.canonical).as_dict()
                        for x in sorted(parts.ents + gpe, key=lambda x: x.start)]
    reading.places = [p.as_dict() for p in parts.places]
    reading.dates = [d.as_dict() for d in parts.dates]
    reading.quantities = [q.record().as_dict() for q in parts.quantities]
    reading.quotes = [q.as_dict() for q in parts.quotes]
    reading.events = [ev.as_dict() for ev in find_events(L, parts.candidates)]
    reading.topics = find_topics(L, parts.tokens, parts.n_sents)
    reading.aid = [a.as_dict() for a in parts.aid]
    return reading


def english_gist(reading: Reading, other_names: list[str] = ()) -> str:
    """The English words a reading of a Ukrainian or Russian text gives: its people, organisations
    and places by their English names (and ``other_names``), the countries of its places (English
    copy writes "Russia's Kursk region" where Russian writes "Курская область"), its events' kinds
    and their tolls. What the clusterer (which reads Latin words) can compare with English coverage."""
    names = []
    countries = [c.name for c in map(default_gazetteer().country, {p["country"] for p in reading.places if p["country"]})
                 if c is not None]
    for name in (*(e["canonical"] for e in reading.entities), *other_names, *sorted(countries)):
        if name not in names:
            names.append(name)
    words: list[str] = []
    for ev in reading.events:
        # who did it and to what, in English ("Russian forces", "residential building"): what an
        # English headline of the same event names beside its kind and toll
        for w in (ev["actor"], ev["target"], ev["sub_type"], *(f"{ev[k]} {k}" for k in ("killed", "wounded") if ev[k])):
            if not w:
                continue
            if w not in words:
                words.append(w)
    # one line, as a headline: the clusterer compares an item by its headline (the words before a
    # first full stop), and a gist is its names and its events together, with no lead under them
    return ", ".join(x for x in (", ".join(names), " ".join(words)) if x)


@lru_cache(maxsize=4096)
def english_gist_of(text: str) -> str:
    """``english_gist`` of a Ukrainian or Russian text; any other text as it is."""
    lang = detect_language(text)
    if lang not in LANGUAGES:
        return text
    reading = read_slavic(text, lang, None)
    return english_gist(reading, _other_names(language(lang), text, reading)) or text


def _other_names(L: _Language, text: str, reading: Reading) -> list[str]:
    """Capitalised words inside sentences that the reading did not name (a hospital, a unit, a
    ship: "«Охматдит»"), romanised: English copy mostly spells them so ("Okhmatdyt")."""
    sents = sentences(text)
    tokens = tokenise(L, text, sents)
    named = [(e["start"], e["end"]) for e in reading.entities]
    out = []
    for i, tok in enumerate(tokens):
        if (_first_in_sentence(tokens, i) or not tok.capitalised or tok.acronym or len(tok.text) < 4
                or not tok.text[0].isalpha() or any(s <= tok.start < e for s, e in named)):
            continue
        out.append(L.romanise(L.name_lemma(tok.text)).capitalize())
    return out

