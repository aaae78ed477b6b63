"""Distances between points of the gazetteer, on a flat earth: near a point, a degree of latitude
is KM_PER_DEGREE km and a degree of longitude that times the cosine of the latitude. Over the
tens of kilometres the readers compare (namesakes, neighbours, fronts) it is within a fraction of
a per cent of the great-circle distance, and costs a cosine."""
from __future__ import annotations

import math

# a degree of latitude on the mean earth (radius 6,371 km)
KM_PER_DEGREE = 111.2


def plane(lat: float, lon: float, lat0: float) -> tuple[float, float]:
    """(x, y) in km on the plane that touches the earth at latitude ``lat0``."""
    return lon * KM_PER_DEGREE * math.cos(math.radians(lat0)), lat * KM_PER_DEGREE


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """The distance between two (lat, lon) points, on the plane at their mean latitude."""
    k = math.cos(math.radians((a[0] + b[0]) / 2))
    return math.hypot(a[0] - b[0], (a[1] - b[1]) * k) * KM_PER_DEGREE
