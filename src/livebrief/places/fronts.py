"""Where the war has been fought since February 2022, as a prior for choosing among namesakes.

Ukraine has dozens of villages called Novoselivka or Pavlivka, often several in one oblast; a
report that names one without a neighbour to place it by most likely means the one nearest the
fighting. The fronts are drawn as lines through the towns they ran through (the team's own
summary of the war's map, not read from any report); a settlement close to a line weighs more,
and less with distance. Only settlements of the war's countries are weighed, and only against
each other: a namesake the text places elsewhere ("X, Lviv region") still wins.
"""
from __future__ import annotations

import math
from functools import lru_cache

from .distance import plane

# (what it is, the line's points as (lat, lon), west or north first)
FRONTS: tuple[tuple[str, tuple[tuple[float, float], ...]], ...] = (
    ("the line of contact in the east and south, 2022-2024: Kupiansk, Kreminna, Siversk, Bakhmut, Toretsk, "
     "Avdiivka, Marinka, Vuhledar, Velyka Novosilka, Huliaipole, Orikhiv, then the Dnipro to its mouth",
     ((50.05, 37.85), (49.71, 37.62), (49.45, 37.95), (49.25, 38.15), (49.05, 38.22), (48.93, 38.25),
      (48.87, 38.10), (48.68, 38.07), (48.59, 38.00), (48.53, 37.96), (48.39, 37.85), (48.14, 37.75),
      (48.06, 37.65), (47.94, 37.50), (47.83, 37.42), (47.78, 37.25), (47.84, 36.83), (47.77, 36.73),
      (47.66, 36.26), (47.55, 35.98), (47.45, 35.84), (47.57, 35.78), (47.58, 35.30), (47.50, 34.66),
      (47.57, 34.39), (47.35, 33.95), (46.75, 33.37), (46.64, 32.61), (46.48, 32.20))),
    ("the fronts of 2022 north of Kharkiv and from Balakliia through Izium to Lyman",
     ((50.10, 36.30), (50.17, 36.30), (50.29, 36.94))),
    ("", ((49.46, 36.86), (49.21, 37.26), (49.05, 37.24), (49.03, 37.57), (48.99, 37.81))),
    ("the front between Mykolaiv and Kherson, 2022",
     ((46.98, 32.15), (46.97, 32.55), (47.07, 32.80), (47.26, 33.35), (47.49, 33.52), (47.60, 33.90))),
    ("the advance on Kyiv, 2022, west and east of the Dnipro",
     ((50.93, 29.89), (50.65, 29.92), (50.46, 29.81), (50.54, 30.24), (50.57, 30.27))),
    ("", ((50.55, 30.95), (50.70, 31.30))),
    ("the advance through Chernihiv and Sumy oblasts, 2022",
     ((51.49, 31.29), (51.05, 31.89), (51.24, 33.20), (50.91, 34.80), (50.48, 34.96), (50.31, 34.90))),
    ("the border with Russia from Chernihiv to Kharkiv oblast, shelled from both sides since",
     ((52.30, 31.80), (52.10, 33.30), (51.85, 34.10), (51.25, 34.60), (50.85, 35.50), (50.45, 36.30),
      (50.35, 37.00), (50.05, 37.85))),
)
# full weight this close to a line; none beyond FADE_KM
NEAR_KM = 15.0
FADE_KM = 50.0


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
    return min(_to_segment((lat, lon), a, b) for _what, line in FRONTS for a, b in zip(line, line[1:], strict=False))


@lru_cache(maxsize=100_000)
def front_weight(lat: float | None, lon: float | None) -> float:
    """1 near a front, fading to 0 at FADE_KM."""
    d = km_to_front(lat, lon)
    return 1.0 if d <= NEAR_KM else max(0.0, (FADE_KM - d) / (FADE_KM - NEAR_KM))
