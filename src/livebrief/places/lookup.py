"""`livebrief places lookup`: the candidates for a name and why one wins, without an article."""
from __future__ import annotations

from collections import Counter

from .gazetteer import Gazetteer, default_gazetteer
from .resolve import CAPITAL_PRIOR, CONFLICT, FEATURE_PRIOR, _score, front_bonus, name_adjustments


def explain(name: str, *, country: str | None = None, gaz: Gazetteer | None = None, limit: int = 10) -> list[dict]:
    """Candidates best first, each with its score and the parts that make it up. ``country``
    (ISO alpha-2) acts like an article set in that country: its candidates get the full country
    context and come first (a national capital elsewhere would otherwise still outrank them)."""
    gaz = gaz or default_gazetteer()
    want = country.upper() if country else None
    ctx: Counter = Counter({want: 4.5} if want else {})
    rows = []
    capitals = gaz.capital_ids
    cands = gaz.lookup(name)
    adjust = name_adjustments(cands, name)
    for c in cands:
        score = _score(c, ctx, Counter(), False, None, capitals, adjust)
        rows.append({"name": c.name, "geonameid": c.geonameid, "feature": c.feature, "country": c.cc,
                     "admin1": c.admin1, "lat": c.lat, "lon": c.lon, "population": c.population,
                     "score": round(score, 2),
                     "why": {"population": c.population, "feature_prior": FEATURE_PRIOR.get(c.feature, 0.0),
                             "conflict_prior": CONFLICT.get(c.cc or "", 0.0),
                             # a village of the war's countries near a front (places/fronts.py)
                             "front": round(front_bonus(c), 2),
                             "country_context": min(4.5, ctx[c.cc]) if c.cc else 0.0,
                             "national_capital": CAPITAL_PRIOR if c.id in capitals else 0.0,
                             # a unit named for its own city (the bare name means the city), or a
                             # place that bears the name only as an alternate
                             "name": adjust.get(c.id, 0.0)}})
    rows.sort(key=lambda r: (want is not None and r["country"] != want, -r["score"]))
    return rows[:limit]
