"""Territorial control over time: dated layers, areas, diffs, and the reporting behind each change.

Layers are imported from GeoJSON (a status property, mapping configurable), DeepStateMap
history JSON ({"id", "datetime", "map": FeatureCollection}, statuses read from properties.name
such as "Окуповано /// Occupied //") or ISW-style layers (assessed control, claimed advances).
Every version is kept with its source and date. Areas are geodesic (pyproj.Geod on WGS84) on
the layer as imported: simplification is for display only. Invalid geometries are repaired
with make_valid and the repair is reported.
"""
from __future__ import annotations

import json
from datetime import date
from functools import lru_cache

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection

from ..errors import InputError
from ..store import Store, now_iso
from ..store import schema as t

STATUSES = ("occupied", "contested", "liberated", "claimed")
# words in a status value (any language the sources use) -> status
KEYWORDS = [("окуп", "occupied"), ("occupied", "occupied"), ("assessed russian control", "occupied"),
            ("russian control", "occupied"), ("control", "occupied"), ("звільн", "liberated"), ("liberat", "liberated"),
            ("counteroffensive", "liberated"), ("recaptured", "liberated"), ("контест", "contested"),
            ("сірa", "contested"), ("сіра", "contested"), ("contested", "contested"), ("grey", "contested"),
            ("gray", "contested"), ("claim", "claimed"), ("advance", "claimed")]


@lru_cache(maxsize=1)
def _geod():
    from pyproj import Geod

    return Geod(ellps="WGS84")


def area_km2(geom) -> float:
    """Geodesic area in km² (holes and multipolygons handled by pyproj)."""
    if geom is None or geom.is_empty:
        return 0.0
    a, _p = _geod().geometry_area_perimeter(geom)
    return abs(a) / 1e6


def status_of(value, mapping: dict[str, str] | None = None) -> str | None:
    if value is None:
        return None
    v = str(value).strip().lower()
    if mapping:
        for k, s in mapping.items():
            if k.lower() == v or k.lower() in v:
                return s
    if v in STATUSES:
        return v
    for word, s in KEYWORDS:
        if word in v:
            return s
    return None


def _reproject(fc: dict) -> dict:
    """Declared CRS -> WGS84; coordinates out of lon/lat range with no CRS -> refused."""
    crs = ((fc.get("crs") or {}).get("properties") or {}).get("name")
    from shapely.geometry import shape

    bounds = None
    for f in fc["features"]:
        g = f.get("geometry")
        if g:
            b = shape(g).bounds
            bounds = b if bounds is None else (min(bounds[0], b[0]), min(bounds[1], b[1]), max(bounds[2], b[2]), max(bounds[3], b[3]))
    if crs and not any(x in crs.upper() for x in ("4326", "CRS84", "WGS84")):
        from pyproj import CRS, Transformer
        from shapely.geometry import mapping
        from shapely.ops import transform

        try:
            tr = Transformer.from_crs(CRS.from_user_input(crs), CRS.from_epsg(4326), always_xy=True)
        except Exception as exc:  # noqa: BLE001 - pyproj raises its own errors for unknown CRSs
            raise InputError(f"unknown coordinate reference system {crs!r}: {exc}") from exc
        for f in fc["features"]:
            if f.get("geometry"):
                f["geometry"] = mapping(transform(tr.transform, shape(f["geometry"])))
        return fc
    if bounds and (abs(bounds[0]) > 180 or abs(bounds[2]) > 180 or abs(bounds[1]) > 90 or abs(bounds[3]) > 90):
        raise InputError("coordinates are not longitude/latitude and the layer declares no CRS: refusing to guess")
    return fc


def parse_layer(raw: bytes | str, *, status_property: str = "status", mapping: dict[str, str] | None = None) -> tuple[dict, list[str], str]:
    """(FeatureCollection with a 'status' on every feature, repairs made, format)."""
    from shapely.geometry import mapping as to_geojson, shape
    from shapely.validation import explain_validity, make_valid

    try:
        doc = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise InputError(f"not JSON: {exc}"[:200]) from exc
    fmt = "geojson"
    if isinstance(doc, dict) and "map" in doc and isinstance(doc["map"], dict):
        doc, fmt, status_property = doc["map"], "deepstatemap", "name"
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection" or not isinstance(doc.get("features"), list):
        raise InputError("not a GeoJSON FeatureCollection")
    doc = _reproject(doc)
    feats, repairs = [], []
    for i, f in enumerate(doc["features"]):
        g = (f or {}).get("geometry")
        if not g or g.get("type") not in ("Polygon", "MultiPolygon", "GeometryCollection"):
            continue  # points and lines (arrows, labels) carry no area
        props = f.get("properties") or {}
        st = status_of(props.get(status_property), mapping)
        if st is None:
            continue
        geom = shape(g)
        if not geom.is_valid:
            repairs.append(f"feature {i}: {explain_validity(geom)}; repaired with make_valid")
            geom = make_valid(geom)
        geom = geom.buffer(0) if geom.geom_type == "GeometryCollection" else geom
        if geom.is_empty:
            continue
        feats.append({"type": "Feature", "properties": {"status": st, "source_value": props.get(status_property)},
                      "geometry": to_geojson(geom)})
    if not feats:
        raise InputError("the layer has no polygon with a known status (check --status-property and the mapping)")
    return {"type": "FeatureCollection", "features": feats}, repairs, fmt


def unions(fc: dict) -> dict[str, object]:
    from shapely.geometry import shape
    from shapely.ops import unary_union

    by: dict[str, list] = {}
    for f in fc["features"]:
        by.setdefault(f["properties"]["status"], []).append(shape(f["geometry"]))
    return {s: unary_union(gs) for s, gs in by.items()}


def import_layer(store: Store, raw: bytes | str, *, day: str, source: str, status_property: str = "status",
                 mapping: dict[str, str] | None = None) -> dict:
    try:
        d = date.fromisoformat(day)
    except ValueError as exc:
        raise InputError(f"--date must be YYYY-MM-DD, not {day!r}") from exc
    if d > date.today():
        raise InputError(f"the layer's date {day} is in the future")
    fc, repairs, fmt = parse_layer(raw, status_property=status_property, mapping=mapping)
    areas = {s: round(area_km2(g), 3) for s, g in unions(fc).items()}
    with store.write() as conn:
        lid = conn.execute(insert(t.control_layers).values(
            date=day, source=source, format=fmt, imported_at=now_iso(), geojson=json.dumps(fc),
            areas=json.dumps(areas), repairs=json.dumps(repairs))).inserted_primary_key[0]
    return {"id": lid, "date": day, "source": source, "format": fmt, "areas_km2": areas, "repairs": repairs}


def layer_at(conn: Connection, day: str, source: str | None = None):
    q = select(t.control_layers).where(t.control_layers.c.date <= day)
    if source:
        q = q.where(t.control_layers.c.source == source)
    return conn.execute(q.order_by(t.control_layers.c.date.desc(), t.control_layers.c.id.desc()).limit(1)).first()


def areas(conn: Connection, day: str, source: str | None = None) -> dict:
    row = layer_at(conn, day, source)
    if row is None:
        raise InputError(f"no control layer on or before {day}")
    a = json.loads(row.areas)
    return {"date": day, "layer_date": row.date, "source": row.source,
            "areas_km2": {s: a.get(s, 0.0) for s in STATUSES}}


def diff(conn: Connection, d1: str, d2: str, source: str | None = None) -> dict:
    from shapely.geometry import mapping
    from shapely.geometry import Point

    r1, r2 = layer_at(conn, d1, source), layer_at(conn, d2, source)
    if r1 is None or r2 is None:
        raise InputError(f"no control layer on or before {d1 if r1 is None else d2}")
    u1, u2 = unions(json.loads(r1.geojson)), unions(json.loads(r2.geojson))
    from shapely.geometry import GeometryCollection

    empty = GeometryCollection()
    statuses, changes = {}, []
    for s in STATUSES:
        a, b = u1.get(s, empty), u2.get(s, empty)
        gained, lost = b.difference(a), a.difference(b)
        statuses[s] = {"area_from_km2": round(area_km2(a), 3), "area_to_km2": round(area_km2(b), 3),
                       "gained_km2": round(area_km2(gained), 3), "lost_km2": round(area_km2(lost), 3)}
        for kind, g in (("gained", gained), ("lost", lost)):
            if not g.is_empty:
                changes.append({"type": "Feature", "properties": {"status": s, "change": kind,
                                                                  "area_km2": round(area_km2(g), 3)},
                                "geometry": mapping(g)})
    # settlements whose status changed, with the reporting in the window that names them
    from ..places.gazetteer import default_gazetteer

    def status_at(u, pt):
        return next((s for s in STATUSES if s in u and u[s].contains(pt)), None)

    touched = [f for f in changes]
    settlements = []
    gaz = default_gazetteer()
    seen = set()
    for f in touched:
        from shapely.geometry import shape

        g = shape(f["geometry"])
        minx, miny, maxx, maxy = g.bounds
        rows = gaz.con.execute("SELECT id, name, lat, lon, population FROM places WHERE feature='city' AND cc='UA' "
                               "AND lat BETWEEN ? AND ? AND lon BETWEEN ? AND ? ORDER BY population DESC",
                               (miny, maxy, minx, maxx)).fetchall()
        for pid, name, lat, lon, pop in rows:
            if pid in seen:
                continue
            pt = Point(lon, lat)
            if not g.contains(pt):
                continue
            before, after = status_at(u1, pt), status_at(u2, pt)
            if before == after:
                continue
            seen.add(pid)
            settlements.append({"name": name, "geonameid": pid, "population": pop, "from_status": before or "ukrainian control",
                                "to_status": after or "ukrainian control", "evidence": _evidence(conn, pid, d1, d2)})
    settlements.sort(key=lambda s: (-len(s["evidence"]), -s["population"]))
    return {"from": d1, "to": d2, "layers": {"from": r1.date, "to": r2.date, "source": r2.source},
            "statuses": statuses, "changes": {"type": "FeatureCollection", "features": changes},
            "settlements": settlements[:200]}


def _evidence(conn: Connection, geonameid: int, d1: str, d2: str) -> list[dict]:
    rows = conn.execute(
        select(t.places.c.article_id, t.places.c.start, t.articles.c.text, t.articles.c.published, t.articles.c.title)
        .join(t.articles, t.articles.c.id == t.places.c.article_id)
        .where(t.places.c.geonameid == geonameid, t.articles.c.published >= d1, t.articles.c.published <= d2 + "T99")
        .order_by(t.articles.c.published)).all()
    out, seen = [], set()
    for r in rows:
        s = max(r.text.rfind(". ", 0, r.start), r.text.rfind("\n", 0, r.start)) + 1
        e = min([x for x in (r.text.find(". ", r.start), r.text.find("\n", r.start)) if x != -1] or [len(r.text)])
        sentence = r.text[s:e + 1].strip()
        if (r.article_id, sentence) in seen:
            continue
        seen.add((r.article_id, sentence))
        out.append({"article_id": r.article_id, "published": r.published, "title": r.title, "sentence": sentence,
                    "start": s, "end": e + 1})
    return out


def layer_geojson(conn: Connection, day: str, source: str | None = None) -> dict:
    row = layer_at(conn, day, source)
    if row is None:
        raise InputError(f"no control layer on or before {day}")
    fc = json.loads(row.geojson)
    fc["properties"] = {"date": row.date, "source": row.source, "illustrative": row.source.startswith("livebrief demo")}
    return fc
