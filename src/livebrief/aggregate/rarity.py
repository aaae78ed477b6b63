"""How rare a word is among the developments of its time: the one definition the clusterer weighs
shared words by and the pages cut a development into stories by (aggregate.coherence).

A word's rarity is the share of the developments made in the RARITY_WEEKS weeks up to an item's
week that used it, not of every development the store ever made: over a year of a stream a
story's own word ("Azovstal", "Wagner") is used by developments of many months and becomes as
common, counted over the year, as "region"; counted over its weeks it is that story's word.
Counts are kept per week (a development uses a word in the week its first item with it was
published, and is made in the week of its first item), so that any window can be read again.
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime

# The weeks a rarity is counted over: the item's own and those before it, at least RARITY_WEEKS of
# them and as many more as it takes to hold RARITY_MADE developments (or all there are). Four weeks
# hold a month of a multi-outlet stream's developments and forget what a story's word was used for
# a season ago; a sparse store (a live blog's few days a month, or days far apart) reads further
# back, since a rarity counted over a few dozen developments is a young store's, where every
# shared word is as common as the few developments made.
RARITY_WEEKS = 4
RARITY_MADE = 500
# ``PRIOR`` developments stand for the unseen background, so that in a young store a shared word
# is evidence too (two headlines should cluster on the first day)
PRIOR = 10.0
# The most a term's rarity weighs. Uncapped, a word no development used weighs log(developments
# made): a store that has seen ten times the items (fifty feeds, or a year) joins on one rare word
# what a young store or a live blog joins on two, and ten times the rate changed the grouping of the
# same stories. Capped, rarity is a scale that holds from the first day to the thousandth
# development (ruwa_2022-05 precision 0.770 -> 0.776, CNN's labelled days inside their stream
# 0.835 -> 0.846, alone unchanged).
IDF_MAX = 4.0
# (weeks are counted from a Monday)
_MONDAY = date(1970, 1, 5)


def week_of(when: datetime) -> int:
    """The week an instant falls in (UTC), as a number of weeks since a Monday of 1970."""
    day = (when.astimezone(UTC) if when.tzinfo else when).date()
    return (day - _MONDAY).days // 7


def weeks_up_to(week: int, made: Mapping[int, int]) -> range:
    """The weeks a rarity at ``week`` is counted over (see RARITY_WEEKS), given the developments
    ``made`` in each week. (A later week's start is never earlier.)"""
    start = week - RARITY_WEEKS + 1
    total = sum(made.get(w, 0) for w in range(start, week + 1))
    first = min(made, default=start)
    while total < RARITY_MADE and start > first:
        start -= 1
        total += made.get(start, 0)
    return range(start, week + 1)


def idf(used: int, made: int, prior: float = PRIOR) -> float:
    """The weight of a word that ``used`` of ``made`` developments used (see IDF_MAX): rarity
    across developments, not documents, so that a story's own word stays informative however many
    items the story gathers."""
    return min(IDF_MAX, math.log((made + prior) / (used + 0.5)))


@dataclass(frozen=True)
class Rarity:
    """How many of the developments of some weeks have used each word (``used``), out of the
    ``made`` developments made in those weeks."""

    used: Mapping[str, int]
    made: int

    def count(self, term: str) -> int:
        return self.used.get(term, 0)

    def idf(self, term: str) -> float:
        return idf(self.count(term), self.made)


def summed(weeks: Mapping[int, Mapping[str, int]], made: Mapping[int, int], week: int) -> Rarity:
    """The rarity at ``week`` from per-week counts (see weeks_up_to)."""
    used: dict[str, int] = {}
    span = weeks_up_to(week, made)
    for w in span:
        for term, n in weeks.get(w, {}).items():
            used[term] = used.get(term, 0) + n
    return Rarity(used, sum(made.get(w, 0) for w in span))
