"""How much of a development is one story: its coherent core.

Clustering joins an item to a development on the evidence it shares with the development as a
whole, so a development can grow by a chain (a war-crimes inquiry, then a visiting president
"discussing" like the prosecutor did, then the president's visit) or on the words every war report
uses ("armed forces", "enemy", "region"). What a reader is shown of a development (its title, its
summary, its outlets, its rank) should be the story most of its items tell, not the whole chain.

Two items tell one story when they share a word that few developments use (see SPECIFIC_SHARE): a
name, a figure, a thing that is that story's own ("nitric acid", "OSCE", "243 children"), or a word
that many of the development's own items use far more often than the store's developments do (see
OWN_ITEMS): over a year, a recurring story's name ("Prigozhin", "Wagner") is no longer rare in the
store, but it is still what a day's development is about. The
items linked that way, directly or through each other, are parts of one story; the largest part is
the development's core, the others are related to it. The rarity is the clustering's own (how many
developments have used a word, see aggregate.rarity), read as a share of the developments made,
so that it holds from a young store to a year of fifty feeds.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..lexicon import lexicon
from .clustering import HEADLINE_MIN_TERMS, stem, terms
from .rarity import Rarity

# A word says which story an item tells when at most this share of the developments made have used
# it (or at most SPECIFIC_FLOOR of them: in a young store every word is as rare as the few
# developments made). On ruwa_2022-05's last days, 1% of a month's developments keeps "Slovak",
# "investigation", "nitric", "OSCE", "supermarket" and leaves out "armed forces", "enemy", "army",
# "region", "president", which every outlet's war reports of the day share.
SPECIFIC_SHARE = 0.01
SPECIFIC_FLOOR = 2
# Nor does a word that only says people talked ("X and Y discuss ...", "phone call"), however rare:
# two meetings on two subjects share it (on ruwa_2022-05's last day it joined the Slovak president's
# visit to a war-crimes inquiry, each "discussed" with someone). (Clustering still weighs these words:
# as anchors they changed no figure but CNN's labelled days inside their stream, 0.852 -> 0.849.)
TALK_TERMS = frozenset(stem(w) for w in lexicon("en").words("headlines", "talks"))
# A word links two items by itself when at most this share of the developments made have used it
# (or SPECIFIC_FLOOR); a word between this and SPECIFIC_SHARE links two items that share a second
# one. One word of a few dozen developments in a thousand ("nuclear", "investigation") is shared by
# two stories of a day as often as by one: on ruwa_2022-05's last day "nuclear" joined Japan's
# vote on its reactors to Kyiv's warning of Russia's tactical weapons.
ALONE_SHARE = 0.005
# A word is the development's own, and links the items using it by itself however common it is in
# the store, when at least OWN_ITEMS of the development's items and OWN_SHARE of them use it, and
# that share is at least OWN_LIFT times the share of the store's developments that used it. Over a
# year a recurring story's name stops being rare ("Prigozhin" 0.55% of CNN's developments, "Wagner"
# 1.8%), yet it is what a day's development about the story keeps saying (each in 16 of the
# mutiny's 53 items). The count keeps out a few items of a small development sharing the words of
# every war report (on one day of ruwa_2022-05, four items citing the General Staff of the Armed
# Forces on three subjects; at three or four items ruwa's labelled days were shown at precision
# 0.87-0.92 instead of 0.98); the lift keeps out what the whole store says ("Russian" in 30% of the
# mutiny's items and 25% of the year's developments). CNN's labelled days inside their year's
# stream are shown at recall 0.529 -> 0.660, precision 0.943 both; ruwa's two labelled days and
# CNN's days alone lose no precision. (A lift of 2.5 loses "Putin" in a fifth of the mutiny's
# items, 7.7% of the developments: recall 0.628; one of 1.8 lets a generic word join CNN's days
# alone, precision 0.944 -> 0.934.)
OWN_ITEMS = 5
OWN_SHARE = 0.1
OWN_LIFT = 2.0


def alone_specific(rarity: Rarity, term: str) -> bool:
    """Whether a word links two items by itself (see ALONE_SHARE)."""
    return rarity.count(term) <= max(SPECIFIC_FLOOR, ALONE_SHARE * rarity.made)


def specific(rarity: Rarity, term: str) -> bool:
    """Whether a word tells which story an item tells (see SPECIFIC_SHARE; a word that only says
    people talked never does, see TALK_TERMS)."""
    return term not in TALK_TERMS and rarity.count(term) <= max(SPECIFIC_FLOOR, SPECIFIC_SHARE * rarity.made)


def own_terms(bags: Sequence[Mapping[str, float]], rarity: Rarity) -> frozenset[str]:
    """The words that are a development's own (see OWN_ITEMS): ``bags`` are its items' terms."""
    n = len(bags)
    if n < OWN_ITEMS:
        return frozenset()
    made = max(rarity.made, 1)
    used = Counter(t for b in bags for t in set(b))
    return frozenset(t for t, k in used.items()
                     if k >= OWN_ITEMS and k >= OWN_SHARE * n and t not in TALK_TERMS
                     and k / n >= OWN_LIFT * max(rarity.count(t), 1) / made)


@dataclass(frozen=True)
class Parts:
    """A development's items grouped into stories: ``core`` the largest (indices into the items
    given), ``others`` the rest, each a list of indices, largest first."""

    core: tuple[int, ...]
    others: tuple[tuple[int, ...], ...]

    @property
    def share(self) -> float:
        """The share of the items the core holds: 1.0 for a development that is one story."""
        n = len(self.core) + sum(len(p) for p in self.others)
        return len(self.core) / n if n else 1.0


# the most items a weak word pairs (see parts): a development's page reads all its items
WEAK_USERS = 200


def parts(bags: Sequence[Mapping[str, float]], rarity: Rarity, speakers: Sequence[str | None] | None = None,
          order: Sequence[float] | None = None) -> Parts:
    """The stories a development's items tell (see the module's docstring): ``bags`` are the
    items' terms as clustering reads them, ``speakers`` the named person each headline quotes (one
    appearance is one story, whatever its subjects: see clustering.quoted_speaker); of parts of
    one size, the one with the higher ``order`` (an item's centrality, say) of its best item is the
    core."""
    n = len(bags)
    own = own_terms(bags, rarity)
    keys = [frozenset(t for t in b if t in own or specific(rarity, t)) for b in bags]
    if speakers is not None:
        keys = [ks | {("speaker", who.lower())} if who else ks for ks, who in zip(keys, speakers, strict=True)]
    # union-find over the items, linked by a shared specific word (an index from word to the
    # first item that used it: linear in the items' words)
    root = list(range(n))

    def find(i: int) -> int:
        while root[i] != i:
            root[i] = root[root[i]]
            i = root[i]
        return i

    first: dict = {}
    weak: dict = {}
    for i, ks in enumerate(keys):
        for k in ks:
            if isinstance(k, str) and k not in own and not alone_specific(rarity, k):
                weak.setdefault(k, []).append(i)
                continue
            j = first.setdefault(k, i)
            if j != i:
                root[find(i)] = find(j)
    # (a word only as rare as SPECIFIC_SHARE links two items that share another besides: pairs of
    # the items sharing one, counted)
    # (a weak word of more than WEAK_USERS items is left out of the pairs: counting them grows with
    # the square of its items, and a word that many share is the development's own or says nothing)
    pairs: Counter = Counter()
    for users in weak.values():
        if len(users) > WEAK_USERS:
            continue
        for a, i in enumerate(users):
            for j in users[a + 1:]:
                pairs[(i, j)] += 1
    for (i, j), k in pairs.items():
        if k >= 2 or keys[i] & keys[j] - weak.keys():
            root[find(i)] = find(j)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(find(i), []).append(i)
    rank = order if order is not None else [0.0] * n
    ordered = sorted(groups.values(), key=lambda g: (-len(g), -max(rank[i] for i in g), g[0]))
    return Parts(tuple(ordered[0]) if ordered else (), tuple(tuple(g) for g in ordered[1:]))


# ---------------------------------------------------------------- which headline titles a story
#
# A story's title is one of its headlines. Some headlines tell what happened or who said what
# ("a Russian missile struck an acid tank at the Sievierodonetsk chemical works"); others file the
# item under a rubric ("Assault on Severodonetsk: Battle of Donbas", "French weapons in Ukraine"):
# a kicker before a colon, or a few words that name the story and say nothing of it. A headline's
# form is read from the headline alone, so the choice holds whatever the number of outlets.

# a kicker: a few words (no quotation) before a colon that opens the rest of the headline
_KICKER = re.compile(r"^[^:\"“”«»]{1,60}?:\s+(?=\S)")
KICKER_WORDS = 6


def title_form(title: str) -> int:
    """How well a headline tells its story: 0 plainly ("Four bodies recovered from rubble in
    Kharkiv"), 1 under a kicker ("Explosion in Melitopol: Mayor says ..."), 2 a label that tells
    nothing ("Assault on Severodonetsk: Battle of Donbas")."""
    body = title
    m = _KICKER.match(title)
    kicker = m is not None and len(m.group(0).split()) <= KICKER_WORDS
    if kicker:
        body = title[m.end():]
    if len(terms(body)) < HEADLINE_MIN_TERMS:   # (it says too little: as clustering reads it)
        return 2
    return 1 if kicker else 0
