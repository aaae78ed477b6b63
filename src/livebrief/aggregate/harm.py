"""Civilian harm as analysts keep it: reported killed and wounded by month and first-level unit
(oblast), with the sources of every figure.

1. Each report of an event is one row of the events table: the reader gives an event only the
   new harm its report states, never a total to date ("45 killed since February").
2. The reports of one incident (the same day, place and type) are one incident: its toll is the
   highest any of its reports gives (a later toll for the same strike supersedes the earlier one;
   both stay among its sources), so two articles on one strike are not added up.
3. A report that counts combatants and no civilians ("killing 1,000 Russian troops a day") is no
   civilian harm and is left out.
4. The incidents are summed by month and oblast; an incident whose place has no oblast (a country,
   a region, no place) is counted under its country alone.
"""
from __future__ import annotations

import re
from collections import defaultdict

from ..lexicon import lexicon
from ..places.gazetteer import Gazetteer, default_gazetteer

HARM = ("killed", "wounded")
# an event's time_precision when the report names no day of its own (dated to its article)
UNDATED = 3
_EN = lexicon("en")
# a report whose sentence counts combatants and no civilians ("killing nearly 1,000 Russian troops
# a day") is no civilian harm
_COMBATANTS = re.compile(r"\b(?:" + "|".join(_EN.words("quantities", "combatants")) + r")\b", re.I)
_CIVILIANS = re.compile(r"\b(?:" + "|".join(_EN.words("quantities", "non_combatants")) + r")\b", re.I)


def civilian(e: dict) -> bool:
    """Whether a report's harm may be civilians': its sentence does not count only combatants."""
    text = e.get("sentence") or ""
    return not _COMBATANTS.search(text) or bool(_CIVILIANS.search(text))
# the columns of the summary, as the CSV export writes them
COLUMNS = ["month", "country", "admin1", "killed", "wounded", "incidents", "reports", "sources"]


def unit_of_event(e: dict, gaz: Gazetteer, points: dict) -> str | None:
    """The name of the event's first-level unit: its place's, or the unit whose point it was placed
    at (a village the gazetteer lacks stands at its oblast's point)."""
    place = gaz.get(e["place"]) if e.get("place") else None
    if place is not None:
        return gaz.unit_of(place)
    if e.get("lat") is None or e.get("lon") is None:
        return None
    return points.get((e.get("country"), round(e["lat"], 4), round(e["lon"], 4)))


def unit_points(gaz: Gazetteer, countries: set[str]) -> dict:
    """The points of the first-level units of these countries, by (country, lat, lon)."""
    out = {}
    for cc in countries:
        for unit in gaz.units(cc):
            if unit.lat is not None:
                out[(cc, round(unit.lat, 4), round(unit.lon, 4))] = unit.name
    return out


def incident_key(e: dict) -> tuple:
    """What makes reports one incident: the same day, place (the gazetteer's, else as the article
    names it, else the country) and type."""
    return e.get("date"), e.get("place") or e.get("place_name") or e.get("country"), e.get("type")


def incident_keys(events: list[dict]) -> list[tuple]:
    """Each report's incident (``incident_key``), where the reports one sentence gives of one place,
    and those one article gives of one place and type with the same toll where at most one of them
    names its own day, are one incident whatever day each was dated to (a report read twice, once
    dated to its weekday and once to its article's day, is not two strikes)."""
    by_sentence: dict[tuple, tuple] = {}
    by_toll: dict[tuple, tuple[tuple, bool]] = {}
    out = []
    for e in events:
        place = e.get("place") or e.get("place_name")
        said = (e.get("article_id"), e.get("start"), place)
        key = incident_key(e)
        if None not in said[:2]:
            key = by_sentence.setdefault(said, key)
        # One article telling one toll of one place twice, once with a day of its own ("on Monday")
        # and once with none (dated to the article: a headline, a summary), tells one incident. Two
        # reports that each name their own day are two incidents, however alike their tolls (a live
        # blog's one killed in Kherson on Monday and another on Wednesday).
        told = (e.get("article_id"), place, e.get("type"), e.get("killed"), e.get("wounded"))
        if told[0] is not None and place and (told[3] or told[4]):
            dated = e.get("time_precision") != UNDATED
            first = by_toll.get(told)
            if first is None:
                by_toll[told] = (key, dated)
            elif not (dated and first[1]):
                key = first[0]
                # (a group an undated report opened takes one dated report: a second day of its own
                # is another incident, whichever order the article told them in)
                by_toll[told] = (key, first[1] or dated)
        out.append(key)
    return out


def incidents(events: list[dict]) -> list[dict]:
    """The reports of one incident (``incident_keys``) as one: the highest toll of each kind its
    reports give, and all of them as its sources."""
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for e, key in zip(events, incident_keys(events), strict=True):
        if any(e.get(k) for k in HARM):
            groups[key].append(e)
    out = []
    for items in groups.values():
        first = items[0]
        toll = {k: max((e[k] for e in items if e.get(k) is not None), default=None) for k in HARM}
        out.append({**{k: first.get(k) for k in ("date", "type", "place", "place_name", "country", "lat", "lon")},
                    **toll, "reports": items})
    return out


def monthly(events: list[dict], gaz: Gazetteer | None = None) -> list[dict]:
    """Killed and wounded by month and first-level unit, newest month first, each row with how many
    incidents and reports it sums and the outlets (or article ids) of its sources."""
    gaz = gaz or default_gazetteer()
    incs = incidents([e for e in events if civilian(e)])
    points = unit_points(gaz, {i["country"] for i in incs if i["country"]})
    rows: dict[tuple, dict] = {}
    for inc in incs:
        key = ((inc["date"] or "")[:7] or None, inc["country"], unit_of_event(inc, gaz, points))
        row = rows.setdefault(key, {"month": key[0], "country": key[1], "admin1": key[2], "killed": 0, "wounded": 0,
                                    "incidents": 0, "reports": 0, "sources": []})
        row["incidents"] += 1
        row["reports"] += len(inc["reports"])
        for k in HARM:
            row[k] += int(inc[k] or 0)
        for e in inc["reports"]:
            source = e.get("outlet") or f"article {e.get('article_id')}"
            if source not in row["sources"]:
                row["sources"].append(source)
    out = sorted(rows.values(), key=lambda r: (-r["killed"], -r["wounded"]))
    out.sort(key=lambda r: r["month"] or "", reverse=True)   # (stable: the worst first within a month)
    return out
