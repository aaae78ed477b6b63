"""Where the war has been fought since February 2022, as a prior for choosing among namesakes.

Ukraine has dozens of villages called Novoselivka or Pavlivka, often several in one oblast; a
report that names one without a neighbour to place it by most likely means the one nearest the
fighting. The fronts are lines through the towns they ran through, kept as data in fronts.toml
beside this module (the team's own summary of the war's map, not read from any report; read once,
when a namesake is first weighed). They need updating as the front moves: where it runs through
towns no line passes near, add or extend a line there. A settlement close to a line weighs more, and less with distance. Only settlements of the war's
countries are weighed, and only against each other: a namesake the text places elsewhere ("X, Lviv
region") still wins.
"""
from __future__ import annotations

import math
import tomllib
from functools import lru_cache
from pathlib import Path

from .distance import plane

FRONTS_FILE = Path(__file__).with_name("fronts.toml")

# full weight this close to a line; none beyond FADE_KM
NEAR_KM = 15.0
FADE_KM = 50.0


@lru_cache(maxsize=1)
def fronts() -> tuple[tuple[str, tuple[tuple[float, float], ...]], ...]:
    """The fronts of fronts.toml: (what it is, its points as (lat, lon), west or north first)."""
    with FRONTS_FILE.open("rb") as f:
        doc = tomllib.load(f)
    return tuple((front["what"], tuple((lat, lon) for lat, lon in front["points"])) for front in doc["front"])


@lru_cache(maxsize=1)
def _segments() -> tuple[tuple[tuple[float, float], tuple[float, float]], ...]:
    return tuple(seg for _what, line in fronts() for seg in zip(line, line[1:], strict=False))


def _to_segment(p: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
    lat0 = p[0]
    (px, py), (ax, ay), (bx, by) = plane(*p, lat0), plane(*a, lat0), plane(*b, lat0)
    dx, dy = bx - ax, by - ay
    t = 0.0 if dx == dy == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def km_to_front(lat: float | None, lon: float | None) -> float:
    """The distance from a point to the nearest front (inf without a point)."""
    if lat is None or lon is None:
        return math.inf
    return min(_to_segment((lat, lon), a, b) for a, b in _segments())


@lru_cache(maxsize=100_000)
def front_weight(lat: float | None, lon: float | None) -> float:
    """1 near a front, fading to 0 at FADE_KM."""
    d = km_to_front(lat, lon)
    return 1.0 if d <= NEAR_KM else max(0.0, (FADE_KM - d) / (FADE_KM - NEAR_KM))
