"""Online clustering of coverage into developments.

Each arriving item (an article, or a headline-only feed entry) is compared with the developments
seen in the last ``window_h`` hours that share at least one informative term with it (an
inverted index: the cost per item does not grow with the store), and joins the best one if their
shared evidence is strong enough; otherwise it starts a new development.

Evidence is the sum of the inverse document frequencies of the terms the item's headline (see
HEADLINE_MIN_TERMS) shares with the development, capitalised names weighing more, each term damped
by how much of the development uses it; one of those words at least must say something by itself
(see ANCHOR_IDF). Document frequencies are kept online, so nothing is fitted offline. A big development's
evidence is its core vocabulary, not every word its members ever used, and evidence fades with
the hours since a development last took an item (and after six hours of silence, only an item
whose own words are largely the development's joins it, see COHERENT_SHARE): without both, a live store's busiest
development takes in every theme of the war for months (see FLOOR_MEMBERS).

An item whose evidence is strong for two developments at once bridges them: they were one story
told in two vocabularies (a mutiny's "Wagner" headlines and its "situation in Russia" ones), and
the smaller joins the larger, if the two have a telling word in common (see ANCHOR_IDF). The bar
for that is set above the bar for joining, since a merge
moves a whole development; developments an editor has merged or split are never merged by it, nor
two set in different countries (by the place names most of their members use).

An item that reports one government's decision never joins a development made of another
government's decisions, and no merge joins two such developments (see decision_maker): the same
theme decided twice is two developments.

Two gatherings follow each arrival, under the same rules: the headlines of one speech or news
conference (one named speaker quoted three times in three hours, in a tenth of those hours' items)
join the development made most
of them, and a breaking story (half of the last six hours' items) takes in the small
developments of those hours that name its core names, small being measured against the story's
own items in those hours (a share, which holds whatever the number of outlets).
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict, deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache

from ..lexicon import lexicon
from ..places.gazetteer import default_gazetteer
from ..places.variants import DEMONYMS, INSTITUTIONS
from . import rarity

_EN = lexicon("en")
STOP = _EN.set("stopwords", "stop")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d[\d,.]*")
_SUFFIXES = _EN.words("stemming", "suffixes")
# British and American spellings are one word ("mobilisation", "mobilization")
_SPELLING = list(_EN.table("stemming", "spellings").items())


# Outlets romanise one Ukrainian or Russian name several ways ("Sievierodonetsk", "Severodonetsk";
# "Zelenskyy", "Zelenskiy", "Zelensky"; "Slovyansk", "Sloviansk"; "Izyum", "Izium"), and each spelling
# was a term of its own: two outlets' headlines of one story shared no name and stayed apart. A
# stem is folded so that these spellings meet. The fold applies to every word, not only to
# capitalised ones: a capital does not mark a name at a headline's start or in a title-case
# headline, and a word must fold the same way wherever it stands. So it is narrower than
# read.spellings.key, which folds vowels and consonant classes together ("win" and "when" meet) and
# is safe there only because it is matched against a short list of known people. Each step here
# changes few English words, and few of those then meet another ("soldier" and "solder", "dinner"
# and "diner"; "planned" and "plan" meet, as they should). Vowels are never folded ("good", "god").
# Not folded: Ukrainian -iv against Russian -ov ("Kharkiv", "Kharkov"), which would fold surnames
# too. places.gazetteer.fold takes accents off as plain does, but lowercases, and a capital weighs.
_LETTERS = str.maketrans({"č": "ch", "Č": "Ch", "š": "sh", "Š": "Sh", "ž": "zh", "Ž": "Zh", "ł": "l", "Ł": "L"})
_FOLDS = (
    (re.compile(r"kh"), "h"),                                       # Kharkiv, Harkiv
    (re.compile(r"(?<=[b-df-hj-np-tv-z])ie(?=[b-df-hj-np-tv-z])"), "e"),  # Sievierodonetsk, Severodonetsk
    (re.compile(r"(?:iy|yy|yi|ij)$"), "y"),                          # Zelenskiy, Zelenskyy, Zelensky
    (re.compile(r"(?<=[aeiou])yi"), "i"),                            # Mykolayiv, Mykolaiv
    (re.compile(r"(?<=[b-df-hj-np-tv-z])y(?=[aeiou])"), "i"),        # Slovyansk, Sloviansk; Izyum, Izium
    (re.compile(r"([b-df-hj-np-tv-z])\1+"), r"\1"),                  # doubled consonants: "Sumy", "Summy"
)


def plain(text: str) -> str:
    """Text with its accents taken off, the Slavic hacek letters written as English copy writes them
    ("Čaputová": "Chaputova"): a word with an accent is one word, not cut at its accented letter."""
    if text.isascii():
        return text
    s = unicodedata.normalize("NFKD", text.translate(_LETTERS))
    return "".join(c for c in s if not unicodedata.combining(c))


def fold(s: str) -> str:
    """A stem with the letters romanisations spell differently folded together (see _FOLDS)."""
    for pattern, to in _FOLDS:
        s = pattern.sub(to, s)
    return s


@lru_cache(maxsize=1 << 16)   # headlines reuse their words: the fold's regular expressions run once a word
def stem(w: str) -> str:
    return fold(_stem(w))


def _stem(w: str) -> str:
    for a, b in _SPELLING:
        if w.endswith(a) and len(w) > len(a) + 3:
            w = w[: -len(a)] + b
            break
    for _cut in range(2):   # (see stemming.toml)
        suf = next((suf for suf in _SUFFIXES if len(w) > len(suf) + 3 and w.endswith(suf)), None)
        if suf is None:
            break
        w = w[: -len(suf)]
    return w


def terms(text: str) -> dict[str, float]:
    """Stemmed content words, with a weight: 1.5 for a capitalised word inside the text."""
    out: dict[str, float] = {}
    for m in _WORD.finditer(plain(text)):
        raw = m.group(0)
        w = raw.lower().strip("'’").replace("’s", "").replace("'s", "")
        if w in STOP or len(w) < 3:
            continue
        s = stem(w)
        weight = 1.5 if raw[0].isupper() and m.start() > 0 else 1.0
        out[s] = max(out.get(s, 0.0), weight)
    return out


# An item is compared by its headline's words: a lead of thirty words shares some of them with
# any development of the day, and the evidence (a sum over shared words) grew with the length of
# what an outlet prints under its titles. Streamed through a month of headlines and leads from
# many outlets (ruwa_2022-05), leads put 38% of the headlines in developments of 50 or more, B-cubed
# precision 0.30 against the coarse event labels; headlines alone, 10% and 0.71. A headline of
# fewer than HEADLINE_MIN_TERMS content words ("Watch: the day in pictures") is read with its lead.
HEADLINE_MIN_TERMS = 3


def item_terms(text: str) -> dict[str, float]:
    """The terms an item is compared by (see HEADLINE_MIN_TERMS): its headline's, or its whole
    text's when the headline says too little."""
    head = terms(headline_of(text))
    return head if len(head) >= HEADLINE_MIN_TERMS else terms(text)


_NAME = re.compile(r"\b[A-Z][a-z]+(?:[- ][A-Z][a-z]+)?\b")
# a development's own places: the place names at least this share of its members use
CORE_SHARE = 0.4
# a breaking story: a development that holds at least this share (and this many) of the items of
# the last DOMINANT_HOURS. While it does, the small developments of that window that name one of
# its core names (used by CORE_NAME_SHARE of its members, and at least twice) are reactions to it
# and updates of it told in other words ("UK urges all parties in Russia to be responsible" on the
# day of the Wagner mutiny) and are swept into it, unless they are set in another country
DOMINANT_SHARE = 0.5
DOMINANT_MIN = 6
DOMINANT_HOURS = 6.0
# A development is small beside the breaking story while it holds at most SWEPT_SHARE as many items
# as the story has in those hours (or SWEPT_MIN). Shares of the hours' items hold whatever the
# rate; a fixed size did not: told by several outlets, each reaction is as many items as outlets
# tell it, and with a limit of three items CNN's labelled days, each headline told by two, four and
# six outlets, fell from B-cubed F1 0.865 to 0.803, 0.752 and 0.741 (now 0.865, 0.860, 0.860, 0.857).
SWEPT_MIN = 3
SWEPT_SHARE = 1 / 3
CORE_NAME_SHARE = 0.15

# Each term an item shares with a development counts for the share of the development's members
# that use it, plus a floor: 0.5 while the development has at most FLOOR_MEMBERS items, then
# shrinking as it grows. A word one member of a big development used once is weak evidence, and
# counting it in full let the busiest development absorb everything: streamed through the 12,018
# CNN headlines, one development held 2,081 of them over three months, and the labelled days
# scored 0.53 B-cubed inside the stream against 0.82 alone.
FLOOR_MEMBERS = 8
# Evidence for a development fades with the time since it last took an item: a day of silence
# divides it by 1 + STALE_PER_DAY. The next day's coverage of the same theme (Russian oil on
# Monday, Russian oil on Tuesday) then starts a development of its own unless it shares the
# story's own words; a story still being updated keeps its items.
STALE_PER_DAY = 1.5
# A development silent for COHERENT_AFTER_H hours takes an item only if the words they share hold
# at least COHERENT_SHARE of the item's own evidence (the sum of its terms' rarities): tomorrow's
# headline of the same story repeats the story's words, while a daily series ("General Staff:
# operational information", "Russian troops kill N children") shares its source's words and little
# else, and grew through a month of a multi-outlet stream as one development. Within the hours,
# live coverage joins on what it shares (a live blog's posts on one event name it once each). On
# ruwa_2022-05's first half, 0.3 and 12 hours: precision 0.780; 0.4 and 6 hours: 0.784 (CNN's
# labelled days alone 0.861 both, in the stream 0.849 and 0.851).
COHERENT_AFTER_H = 6.0
COHERENT_SHARE = 0.4
# A development set in places within a country (a region, a city: those that at least PLACE_SHARE
# of its members name) takes no item set in others, whatever words they share: two strikes on two
# towns are two stories ("missile strike on Zaporizhzhia", "missile strike on Pokrovsk"), and a
# multi-outlet stream reports a dozen such a day in the same words (ruwa_2022-05 precision 0.774 ->
# 0.79; CNN's labelled days lose two headlines of a convoy that crossed two regions). An item that
# names the development's protagonists ("Wagner's convoy passes Voronezh" after the seizure of
# Rostov) follows them.
PLACE_SHARE = CORE_SHARE
# An item joins a development only through at least one shared word that says something by
# itself: one that few developments use (a rarity of at least ANCHOR_IDF: about one development in
# twenty, a share that holds from one live blog to fifty feeds), or that at most ANCHOR_FLOOR use (a
# young store, where every word is as common as the few developments made). Without it, a
# multi-outlet stream's war reports join on what every one of them says ("enemy", "region",
# "Russia", "killed": "Hungary condemns Russia's aggression" with "Russians fired at 14
# settlements in Donetsk region" and "227 children killed by Russia's aggression"). ruwa_2022-05
# B-cubed precision 0.807 -> 0.834 (first half 0.798 -> 0.824, and over five orders of the
# day's items 0.785 -> 0.805 on average), CNN's labelled days alone 0.861 -> 0.865, inside their
# stream 0.851 -> 0.852.
ANCHOR_IDF = 3.0
ANCHOR_FLOOR = 2
# An item bridges two developments (see the module's docstring) only when the two have such a
# word in common themselves: one item with a long lead is strong evidence for two of the day's
# developments that share nothing else ("Ukraine's prosecutor general and Eurojust discuss ..."
# joined two stories of the day), and which it bridges depends on the order of a day's items. On
# ruwa_2022-05: precision 0.834 -> 0.844, first half 0.824 -> 0.834, and over five other orders of
# the day's items 0.818 -> 0.830 on average (first half 0.805 -> 0.820, lowest 0.789 -> 0.813);
# CNN's labelled days alone unchanged (0.865, and told by four outlets 0.860), inside their
# stream 0.852 -> 0.852.


# a speech, a news conference, an interview: headlines quoting one named speaker ("Zelensky says
# talks with Putin are off the table", "Zelensky: Kyiv is open to Beijing's help") in a few hours are one
# development, however many subjects the speaker touched. Once SPEECH_MIN of them fall within
# SPEECH_HOURS, the small developments made mostly of that speaker's headlines join the one made
# most of them (at least SPEECH_HOME of its items quote the speaker: counted over the whole
# development, so that a conference of five hours keeps its home after the first hours' headlines
# have left the window). A live blog's announcement ("SOON: President Zelensky will deliver
# remarks") counts as the speaker's headline.
SPEECH_HOURS = 3.0
SPEECH_MIN = 3
SPEECH_HOME = 0.66
SPEECH_PART = 0.5   # (and no bigger than the home's part of the speech in those hours: see SWEPT_SHARE)
# ... and only while those headlines are at least SPEECH_SHARE of the hours' items: a live blog
# quoting one leader three times in three hours is at his news conference; fifty feeds quote a
# leader three times in any three hours, on as many subjects
SPEECH_SHARE = 0.1


def _headline_words(name: str) -> str:
    """The headlines list ``name`` as a group of alternatives, in the file's order."""
    return "(?:" + "|".join(_EN.words("headlines", name)) + ")"


# (headlines.toml)
_SAYS = _headline_words("says")
# a live blog's announcement of the speech itself: "SOON: President Zelensky will deliver remarks"
_AUX = _headline_words("speech_auxiliaries")
_TO_SPEAK = (f"(?:{_AUX} )?{_headline_words('deliver')} {_headline_words('remarks')}"
             f"|{_AUX} {_headline_words('speak')}\\b(?! with)")
_TAG = r"(?:[A-Z]+(?: [A-Z]+)?: )?"      # "SOON: ", "JUST IN: "
_SPEAKER = [re.compile(r"^" + _TAG + r"(?:[A-Z][\w.'’-]+ ){0,3}?([A-Z][a-z][\w'’-]+)(?:'s|’s)? "   # "Zelensky says"
                       r"(?:" + _SAYS + "|" + _TO_SPEAK + r")\b"),
            re.compile(r"^([A-Z][a-z][\w'’-]+):"),                                                   # "Zelensky: ..."
            re.compile(r"^([A-Z][a-z][\w'’-]+) on [^:\"“]{3,80}:\s*[\"“]"),                            # 'Biden on the ban: "..."'
            re.compile(r"\b([A-Z][a-z][\w'’-]+) " + _SAYS + r"\W*$"),                             # "..., Zelensky says"
            re.compile(r",\W* (?:[A-Z][\w.'’-]+ )?([A-Z][a-z][\w'’-]+) " + _SAYS + r"\b")]          # "..., Zelensky tells UN"


# the end of a headline within "headline. lead": a full stop not closing an initial or a short
# title ("U.S. to send ...", "Mr. Biden", "St. Petersburg")
_HEADLINE_END = re.compile(r"\.(?<!\b[A-Z]\.)" + "".join(rf"(?<!\b{a}\.)" for a in _EN.words("headlines", "abbreviations"))
                           + " ")


def headline_of(text: str) -> str:
    """The headline of an item's text (see developments.item_text)."""
    return _HEADLINE_END.split(text, maxsplit=1)[0]


def quoted_speaker(headline: str) -> str | None:
    """The named person a headline quotes, when its form says so ("X says ...", "...," X says",
    "X: ..."); titles without a name ("Kyiv mayor says") name none."""
    for pattern in _SPEAKER:
        m = pattern.search(headline)
        if m and m.group(1).lower() not in STOP:
            return m.group(1)
    return None


@lru_cache(maxsize=20_000)
def country_of_name(word: str) -> str | None:
    """The country a capitalised word names as a place: a country, a first-level unit or a city
    of 100,000 people, by the gazetteer (demonyms and other words name none)."""
    if word in DEMONYMS or len(word) < 3:
        return None
    cands = [p for p in default_gazetteer().notable(word) if p.cc]
    if not cands:
        return None
    return max(cands, key=lambda p: (p.feature == "country", p.population)).cc


@lru_cache(maxsize=20_000)
def local_place(word: str) -> bool:
    """Whether a capitalised word names a place within a country: a first-level unit or a city of
    100,000 people, not a country and not a capital (which stands for its government: "Kyiv says")."""
    if word in DEMONYMS or len(word) < 4:
        return False
    cands = default_gazetteer().notable(word)
    if not cands or any(p.feature == "country" for p in cands):
        return False
    capital = default_gazetteer().capital(max(cands, key=lambda p: p.population).cc)
    return capital is None or capital.name.lower() != word


def names_of(headline: str) -> tuple[frozenset[str], frozenset[str]]:
    """The places within a country a headline names (see local_place) and its other names that
    are no country's (people, groups, things: "Wagner", "Azovstal"), lower-cased."""
    names = {n.lower() for n in _NAME.findall(headline)}
    places = frozenset(w for w in names if local_place(w))
    return places, frozenset(w for w in names - places if country_word(w) == w and w not in STOP)


@lru_cache(maxsize=20_000)
def country_word(word: str) -> str:
    """A capitalised word with the country it names folded in ("russian", "russia" -> "RU"), so
    that a story's people and its country's adjective count as one name; other words as they are."""
    if word in DEMONYMS:
        return DEMONYMS[word]
    cc = next((p.cc for p in default_gazetteer().lookup(word) if p.feature == "country" and p.cc), None)
    return cc or word


# One government's decision is not another's: "Sweden pledges Leopard 2 tanks" and "Germany will
# send more Leopard 2 tanks" share every word that matters and are two developments (as are two
# countries expelling diplomats, or the US banning Russian oil while the UK phases it out). A
# headline whose main verb is a decision (pledge, send, ban, impose, expel ...) names its maker
# before that verb; a reaction ("Ukraine thanks Biden for banning ...", "Kyiv asks the US to
# send ...") makes no decision.
_DECISION = re.compile(rf"\b{_headline_words('decisions')}\b"
                       rf"(?! (?:{'|'.join(_EN.words('headlines', 'remarks') + _EN.words('headlines', 'more_remarks'))}))")
_REACTION = re.compile(rf"\b{_headline_words('reactions')}\b")
# governments named by an institution or seat ("the White House announces ...")
_SEATS = {name.lower(): cc for name, cc in {**INSTITUTIONS, **_EN.table("headlines", "seats")}.items()}
_BEFORE_OBJECT = _EN.set("headlines", "before_object")


@lru_cache(maxsize=4096)   # (an arriving item's headline is read when scored and again when added)
def decision_maker(headline: str) -> str | None:
    """The country (ISO code, or "EU") whose decision a headline reports, or None when its main
    verb is no decision or no country stands before it."""
    h = re.sub("^" + _TAG, "", headline)
    verb = _DECISION.search(h)
    if verb is None:
        return None
    reaction = _REACTION.search(h)
    if reaction is not None and reaction.start() < verb.start():
        return None
    subject = h[:verb.start()]
    low = subject.lower().removeprefix("the ")
    for seat, cc in _SEATS.items():
        if low.startswith((seat + " ", seat + "'", seat + "’")):
            return cc
    before = ""
    for tok in subject.split()[:4]:
        word = tok.strip("\"“”'’:,.").replace("’s", "").replace("'s", "")
        # (a country after a preposition or "the" is an object or a modifier: "sanctions on Russia")
        if word[:1].isupper() and before not in _BEFORE_OBJECT:
            low_word = word.lower()
            if low_word in _SEATS:
                return _SEATS[low_word]
            cc = country_word(low_word)
            if cc != low_word and cc.isupper():
                return cc
        before = tok.lower()
    return None


@dataclass
class Cluster:
    id: int
    terms: Counter = field(default_factory=Counter)
    n: int = 0
    first: datetime | None = None
    last: datetime | None = None
    members: list = field(default_factory=list)
    pinned: bool = False     # an editor decided its membership: clustering never merges it away
    names: Counter = field(default_factory=Counter)   # capitalised words, by how many members use them
    speakers: Counter = field(default_factory=Counter)  # named speakers its headlines quote, by how many
    deciders: Counter = field(default_factory=Counter)  # countries whose decisions its headlines report
    places: tuple[int, frozenset[str]] = (0, frozenset())   # (at n members, its places: see Clusterer._places)


class Clusterer:
    def __init__(self, *, threshold: float = 6.0, window_h: float = 36.0, next_id: int = 1, prior: float = 10.0,
                 merge_threshold: float | None = 7.5, places=None):
        self.threshold = threshold
        # name -> ISO country of the place it names, or None (default: the packaged gazetteer)
        self.places = places if places is not None else country_of_name
        self.merge_threshold = merge_threshold
        self.prior = prior
        self.window = timedelta(hours=window_h)
        self.df: Counter = Counter()
        self.n_docs = 0
        self.cf: Counter = Counter()       # developments that use each term
        self.cf_changed: set[str] = set()  # terms whose count moved (for a store to write back)
        self.n_clusters = 0
        self.clusters: dict[int, Cluster] = {}
        self.index: dict[str, set[int]] = defaultdict(set)
        self.next_id = next_id
        self.recent: deque = deque()           # (time, development) of the items of the last hours
        self.spoken: deque = deque()           # (time, speaker, development) of the quoting headlines of the last hours
        self.absorbed_by: dict[int, int] = {}  # merged development -> the one that took it
        # merges made by the speech gathering and the breaking-story sweep of the last assign():
        # [(kept, [absorbed, ...])]
        self.swept: list[tuple[int, list[int]]] = []

    def idf(self, term: str) -> float:
        return rarity.idf(self.cf[term], self.n_clusters, self.prior)

    def rarity(self) -> rarity.Rarity:
        """The rarity of every term the developments made so far have used."""
        return rarity.Rarity(dict(self.cf), self.n_clusters)

    def distinct(self, term: str) -> bool:
        """Whether a word says something by itself (see ANCHOR_IDF)."""
        return self.cf[term] <= ANCHOR_FLOOR or self.idf(term) >= ANCHOR_IDF

    def score(self, ts: dict[str, float], c: Cluster, when: datetime | None = None,
              maker: str | None = None, own: float | None = None,
              names: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset())) -> float:
        """The evidence that an item (arriving at ``when``, reporting a decision of ``maker``, naming
        ``names``: see names_of) belongs to a development (see FLOOR_MEMBERS); none when the
        development reports another country's decision (see decision_maker) or is set in other
        places, unless the item names its protagonists (see PLACE_SHARE)."""
        if maker is not None and self._decider(c) not in (None, maker):
            return 0.0
        where, who = names
        if where:
            home = self._places(c)
            if home and not where & home and not any(c.names[w] >= PLACE_SHARE * c.n for w in who):
                return 0.0
        floor = 0.5 * min(1.0, FLOOR_MEMBERS / c.n)
        shared = [t for t in ts if t in c.terms]
        if not any(self.distinct(t) for t in shared):
            return 0.0
        s = sum(self.idf(t) * ts[t] * min(1.0, c.terms[t] / c.n + floor) for t in shared)
        if when is not None and c.last is not None and when > c.last:
            silent_h = (when - c.last).total_seconds() / 3600
            s /= 1.0 + STALE_PER_DAY * silent_h / 24
            if silent_h >= COHERENT_AFTER_H and s < COHERENT_SHARE * (self.own(ts) if own is None else own):
                return 0.0
        return s

    def own(self, ts: dict[str, float]) -> float:
        """An item's own evidence: what it would share with a development of its own words."""
        return sum(self.idf(t) * w for t, w in ts.items())

    def assign(self, key, text: str, when: datetime) -> tuple[int, float, bool, list[int]]:
        """(cluster id, score, is_new, developments merged into it) for an arriving item."""
        ts = item_terms(text)
        maker = decision_maker(headline_of(text))
        self.n_docs += 1
        for t in ts:
            self.df[t] += 1
        cands: set[int] = set()
        for t in ts:
            cands |= self.index.get(t, set())
        scored: list[tuple[float, int]] = []
        stale = []
        own = self.own(ts)
        names = names_of(headline_of(text))
        for cid in cands:
            c = self.clusters[cid]
            if c.last is not None and when - c.last > self.window:
                stale.append(cid)
                continue
            scored.append((self.score(ts, c, when, maker, own, names), cid))
        for cid in stale:
            self._retire(cid)
        scored.sort(key=lambda sc: (-sc[0], sc[1]))
        if scored and scored[0][0] >= self.threshold:
            best_score, best = scored[0]
            bridged = [cid for s, cid in scored[1:]
                       if self.merge_threshold is not None and s >= self.merge_threshold]
            merged: list[int] = []
            if bridged and not self.clusters[best].pinned:
                group = [best] + [cid for cid in bridged if not self.clusters[cid].pinned
                                  and not self._apart(self.clusters[best], self.clusters[cid])
                                  and self._akin(self.clusters[best], self.clusters[cid])]
                # the development that stays is the largest (then the oldest): its id is the one
                # readers have seen most
                keep = min(group, key=lambda cid: (-self.clusters[cid].n, cid))
                for cid in group:
                    if cid != keep:
                        self.merge(keep, cid)
                        merged.append(cid)
                best = keep
            who = self.add(best, key, ts, when, text)
            self.swept = self._speech(when, who) + self._sweep(when)
            return best, best_score, False, merged
        cid = self.next_id
        self.next_id += 1
        self.clusters[cid] = Cluster(cid)
        self.n_clusters += 1
        who = self.add(cid, key, ts, when, text)
        self.swept = self._speech(when, who) + self._sweep(when)
        return cid, 0.0, True, []

    def current(self, cid: int) -> int:
        """The development a (possibly merged) development's items are in now."""
        while cid in self.absorbed_by:
            cid = self.absorbed_by[cid]
        return cid

    def _sweep(self, when: datetime) -> list[tuple[int, list[int]]]:
        """Merge the small developments of the last hours that a breaking story explains into it
        (see DOMINANT_SHARE). The cost is bounded by the items of those hours."""
        horizon = when - timedelta(hours=DOMINANT_HOURS)
        while self.recent and self.recent[0][0] < horizon:
            self.recent.popleft()
        counts = Counter(self.current(cid) for _, cid in self.recent)
        live = {cid: k for cid, k in counts.items() if cid in self.clusters}
        if not live:
            return []
        dom, k = max(live.items(), key=lambda kv: (kv[1], -kv[0]))
        big = self.clusters[dom]
        if k < DOMINANT_MIN or k < DOMINANT_SHARE * len(self.recent) or big.pinned:
            return []
        core = self._core_names(big)
        gone = [cid for cid in live if cid != dom and self._small(self.clusters[cid].n, k) and not self.clusters[cid].pinned
                and {country_word(w) for w in self.clusters[cid].names} & core
                and not self._apart(big, self.clusters[cid])]
        for cid in gone:
            self.merge(dom, cid)
        return [(dom, gone)] if gone else []

    def _speech(self, when: datetime, who: str | None) -> list[tuple[int, list[int]]]:
        """Gather the headlines of one speech or news conference (see SPEECH_HOURS), after an
        item quoting ``who`` arrived. The cost is bounded by the quoting headlines of those hours."""
        horizon = when - timedelta(hours=SPEECH_HOURS)
        while self.spoken and self.spoken[0][0] < horizon:
            self.spoken.popleft()
        if who is None:
            return []
        where = Counter(self.current(cid) for _, s, cid in self.spoken if s == who)
        where = Counter({cid: k for cid, k in where.items() if cid in self.clusters})
        if sum(where.values()) < SPEECH_MIN or len(where) < 2:
            return []
        if sum(where.values()) < SPEECH_SHARE * sum(1 for w, _c in self.recent if w >= horizon):
            return []
        share = {cid: self.clusters[cid].speakers[who] / self.clusters[cid].n for cid in where}
        homes = [cid for cid in where if share[cid] >= SPEECH_HOME and not self.clusters[cid].pinned]
        if not homes:
            return []
        keep = max(homes, key=lambda cid: (where[cid], self.clusters[cid].n, -cid))
        gone = [cid for cid in where if cid != keep and share[cid] >= SPEECH_PART and self.clusters[cid].n <= max(SWEPT_MIN, where[keep])
                and not self.clusters[cid].pinned and not self._apart(self.clusters[keep], self.clusters[cid])]
        for cid in gone:
            self.merge(keep, cid)
        return [(keep, gone)] if gone else []

    def _akin(self, a: Cluster, b: Cluster) -> bool:
        """Whether two developments have a word that says something by itself in common (an item
        bridges them only then: see ANCHOR_IDF)."""
        small, big = sorted((a.terms, b.terms), key=len)
        return any(t in big and self.distinct(t) for t in small)

    @staticmethod
    def _small(n: int, k: int) -> bool:
        """Whether a development of ``n`` items is small beside a story with ``k`` items in the
        hours (see SWEPT_SHARE)."""
        return n <= max(SWEPT_MIN, SWEPT_SHARE * k)

    @staticmethod
    def _core_names(c: Cluster) -> set[str]:
        names: Counter = Counter()
        for w, k in c.names.items():
            names[country_word(w)] += k
        return {w for w, k in names.items() if k >= 2 and k / c.n >= CORE_NAME_SHARE}

    def _elsewhere(self, a: Cluster, b: Cluster) -> bool:
        """Two developments each set in its own countries (a barrage across Ukraine, an explosion
        in a Polish village hours later): distinct events, whatever a headline that names both
        says. A development's countries are read from the place names most of its members use;
        one that names no place is set nowhere and can be merged."""
        ca, cb = self._countries(a), self._countries(b)
        if ca and cb and not ca & cb:
            return True
        # (and within one country, each in its own regions or cities: see PLACE_SHARE)
        pa, pb = self._places(a), self._places(b)
        return bool(pa) and bool(pb) and not pa & pb

    @staticmethod
    def _decider(c: Cluster) -> str | None:
        """The country at least half of whose decisions a development reports, if any."""
        if not c.deciders:
            return None
        (maker, k), = c.deciders.most_common(1)
        return maker if k >= 0.5 * sum(c.deciders.values()) else None

    def _apart(self, a: Cluster, b: Cluster) -> bool:
        """Two developments no merge may join: each set in its own countries, or each made of
        another government's decisions (see decision_maker)."""
        da, db = self._decider(a), self._decider(b)
        return self._elsewhere(a, b) or (da is not None and db is not None and da != db)

    def _places(self, c: Cluster) -> frozenset[str]:
        """The places within a country at least PLACE_SHARE of a development's members name; none
        for one that names none (it can take an item from anywhere)."""
        if c.places[0] != c.n:   # (read again only when it has grown: scored for every arrival)
            c.places = (c.n, frozenset(w for w, k in c.names.items() if k >= PLACE_SHARE * c.n and local_place(w)))
        return c.places[1]

    def _countries(self, c: Cluster) -> set[str]:
        out = set()
        for word, k in c.names.items():
            if k / c.n >= CORE_SHARE:
                cc = self.places(word)
                if cc:
                    out.add(cc)
        return out

    def add(self, cid: int, key, ts: dict[str, float], when: datetime, text: str = "") -> str | None:
        """Put an item in a development; the speaker its headline quotes, if any."""
        c = self.clusters.setdefault(cid, Cluster(cid))
        if text:
            c.names.update({w.lower() for w in _NAME.findall(text)})
        for t in ts:
            if t not in c.terms:
                self.cf[t] += 1
                self.cf_changed.add(t)
        c.terms.update(ts.keys())
        c.n += 1
        c.members.append(key)
        c.first = min(filter(None, [c.first, when]))
        c.last = max(filter(None, [c.last, when]))
        for t in ts:
            self.index[t].add(cid)
        self.recent.append((when, cid))
        headline = headline_of(text)
        maker = decision_maker(headline)
        if maker is not None:
            c.deciders[maker] += 1
        who = quoted_speaker(headline)
        if who is not None:
            self.spoken.append((when, who, cid))
            c.speakers[who] += 1
        return who

    def merge(self, keep: int, gone: int) -> None:
        a, b = self.clusters[keep], self.clusters.pop(gone)
        self.absorbed_by[gone] = keep
        for t in b.terms:
            if t in a.terms:
                self.cf[t] -= 1
                self.cf_changed.add(t)
        a.terms.update(b.terms)
        a.names.update(b.names)
        a.speakers.update(b.speakers)
        a.deciders.update(b.deciders)
        a.n += b.n
        a.members += b.members
        a.first = min(filter(None, [a.first, b.first]))
        a.last = max(filter(None, [a.last, b.last]))
        for t in b.terms:
            self.index[t].discard(gone)
            self.index[t].add(keep)

    def _retire(self, cid: int) -> None:
        """Out of the time window: no new item will join it, so it leaves the index (bounded cost)."""
        c = self.clusters.pop(cid, None)
        if c is None:
            return
        for t in c.terms:
            s = self.index.get(t)
            if s is not None:
                s.discard(cid)
                if not s:
                    del self.index[t]
