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
import re
from collections import defaultdict
from datetime import date
from functools import lru_cache

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection

from ..errors import InputError
from ..lexicon import lexicon
from ..places.gazetteer import default_gazetteer
from ..records import ControlStatus, EventType
from ..store import Store, now_iso
from ..store import schema as t
from ..text import sentence_bounds

STATUSES = ControlStatus.values()
# the words of a change of territory in a sentence: the events reader's cues
# (lexicon/en/events.toml: territorial) and those it does not read as one
CHANGE_WORDS = re.compile(r"\b(?:entered|entering|withdrawal|withdrew|retreat\w*|"
                          + "|".join(lexicon("en").words("events", "territorial")) + ")", re.I)
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
    """Area in km² on a Lambert azimuthal equal-area projection centred on the geometry: equal to
    the geodesic (pyproj.Geod) area to within 0.5% even for a region 18 degrees wide (the two differ
    only in how a long edge runs between its vertices), and vectorised, so a 5 MB layer takes
    milliseconds rather than seconds. Holes and multipolygons are handled by shapely."""
    if geom is None or geom.is_empty:
        return 0.0
    import shapely
    from pyproj import Transformer

    c = geom.centroid
    tr = Transformer.from_crs("EPSG:4326", f"+proj=laea +lat_0={c.y:.4f} +lon_0={c.x:.4f} +datum=WGS84 +units=m",
                              always_xy=True)
    projected = shapely.transform(geom, lambda xy: __import__("numpy").column_stack(tr.transform(xy[:, 0], xy[:, 1])))
    return projected.area / 1e6


def geodesic_area_km2(geom) -> float:
    """The reference: pyproj's geodesic area (slow on large layers; used to check area_km2)."""
    if geom is None or geom.is_empty:
        return 0.0
    import shapely

    # pyproj sums signed ring areas: holes must run against their shell, or they are added
    a, _p = _geod().geometry_area_perimeter(shapely.orient_polygons(geom))
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
    from shapely.geometry import mapping as to_geojson
    from shapely.geometry import shape
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
    import shapely
    from shapely.ops import unary_union

    by: dict[str, list] = {}
    geoms = shapely.from_geojson([json.dumps(f["geometry"]) for f in fc["features"]])
    for f, g in zip(fc["features"], geoms, strict=True):
        by.setdefault(f["properties"]["status"], []).append(g)
    return {s: unary_union(gs) for s, gs in by.items()}


def stored_unions(row) -> dict[str, object]:
    """The union per status computed at import (WKB), so a diff does not rebuild it."""
    import shapely

    if row.unions:
        return {s: shapely.from_wkb(bytes.fromhex(h)) for s, h in json.loads(row.unions).items()}
    return unions(json.loads(row.geojson))


def import_layer(store: Store, raw: bytes | str, *, day: str, source: str, status_property: str = "status",
                 mapping: dict[str, str] | None = None) -> dict:
    try:
        d = date.fromisoformat(day)
    except ValueError as exc:
        raise InputError(f"--date must be YYYY-MM-DD, not {day!r}") from exc
    if d > date.today():
        raise InputError(f"the layer's date {day} is in the future")
    fc, repairs, fmt = parse_layer(raw, status_property=status_property, mapping=mapping)
    u = unions(fc)
    areas = {s: round(area_km2(g), 3) for s, g in u.items()}
    with store.write() as conn:
        lid = conn.execute(insert(t.control_layers).values(
            date=day, source=source, format=fmt, imported_at=now_iso(), geojson=json.dumps(fc),
            unions=json.dumps({s: g.wkb_hex for s, g in u.items()}),
            areas=json.dumps(areas), repairs=json.dumps(repairs))).inserted_primary_key[0]
    return {"id": lid, "date": day, "source": source, "format": fmt, "areas_km2": areas, "repairs": repairs}


def layer_at(conn: Connection, day: str, source: str | None = None):
    q = select(t.control_layers).where(t.control_layers.c.date <= day)
    if source:
        q = q.where(t.control_layers.c.source == source)
    return conn.execute(q.order_by(t.control_layers.c.date.desc(), t.control_layers.c.id.desc()).limit(1)).first()


def _layer(conn: Connection, day: str, source: str | None = None):
    """``layer_at``, or InputError where there is none."""
    row = layer_at(conn, day, source)
    if row is None:
        raise InputError(f"no control layer on or before {day}")
    return row


def areas(conn: Connection, day: str, source: str | None = None) -> dict:
    row = _layer(conn, day, source)
    a = json.loads(row.areas)
    return {"date": day, "layer_date": row.date, "source": row.source,
            "areas_km2": {s: a.get(s, 0.0) for s in STATUSES}}


def diff(conn: Connection, d1: str, d2: str, source: str | None = None) -> dict:
    from shapely.geometry import mapping

    r1, r2 = _layer(conn, d1, source), _layer(conn, d2, source)
    u1, u2 = stored_unions(r1), stored_unions(r2)
    a1, a2 = json.loads(r1.areas), json.loads(r2.areas)
    from shapely.geometry import GeometryCollection

    empty = GeometryCollection()
    statuses, changes, change_geoms = {}, [], []
    for s in STATUSES:
        a, b = u1.get(s, empty), u2.get(s, empty)
        gained, lost = b.difference(a), a.difference(b)
        statuses[s] = {"area_from_km2": a1.get(s, 0.0), "area_to_km2": a2.get(s, 0.0),
                       "gained_km2": round(area_km2(gained), 3), "lost_km2": round(area_km2(lost), 3)}
        for kind, g in (("gained", gained), ("lost", lost)):
            if not g.is_empty:
                change_geoms.append(g)
                changes.append({"type": "Feature", "properties": {"status": s, "change": kind,
                                                                  "area_km2": round(area_km2(g), 3)},
                                "geometry": mapping(g)})
    # settlements whose status changed, with the reporting in the window that names them: one
    # gazetteer query over the changed area's bounds, then vectorised point-in-polygon tests
    import numpy as np
    import shapely
    from shapely.ops import unary_union

    changed = unary_union(change_geoms) if change_geoms else empty
    settlements = []
    if not changed.is_empty:
        minx, miny, maxx, maxy = changed.bounds
        rows = default_gazetteer().con.execute(
            "SELECT id, name, lat, lon, population FROM places WHERE feature='city' AND cc='UA' "
            "AND lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?", (miny, maxy, minx, maxx)).fetchall()
        if rows:
            xs = np.array([r[3] for r in rows])
            ys = np.array([r[2] for r in rows])
            shapely.prepare(changed)
            inside = shapely.contains_xy(changed, xs, ys)

            def statuses_at(u):
                out = np.full(len(rows), None, dtype=object)
                for st in reversed(STATUSES):  # the first status in STATUSES wins where layers overlap
                    if st in u and not u[st].is_empty:
                        shapely.prepare(u[st])
                        out[shapely.contains_xy(u[st], xs, ys)] = st
                return out

            before, after = statuses_at(u1), statuses_at(u2)
            for i in np.nonzero(inside & (before != after))[0]:
                pid, name, lat, lon, pop = rows[i]
                settlements.append({"name": name, "geonameid": pid, "population": pop, "lat": lat, "lon": lon,
                                    "from_status": before[i] or "ukrainian control",
                                    "to_status": after[i] or "ukrainian control"})
        settlements.sort(key=lambda s: -s["population"])
        settlements = settlements[:200]
        evidence = _evidence(conn, [s_["geonameid"] for s_ in settlements], d1, d2)
        for s_ in settlements:
            s_["evidence"] = evidence.get(s_["geonameid"], [])
    settlements.sort(key=lambda s: (-len(s["evidence"]), -s["population"]))
    return {"from": d1, "to": d2, "layers": {"from": r1.date, "to": r2.date, "source": r2.source},
            "statuses": statuses, "changes": {"type": "FeatureCollection", "features": changes},
            "settlements": settlements[:200]}


def _evidence(conn: Connection, geonameids: list[int], d1: str, d2: str) -> dict[int, list[dict]]:
    """Per settlement, the sentences of the window that name it, those that report a change of
    control first (``reports_change``: the events reader read a territorial change there, or the
    sentence has one of its cues, or speaks of entering, a withdrawal or a retreat), then by date.
    One query for the mentions of all the settlements and one for the changes read in their
    articles, however many settlements changed hands."""
    if not geonameids:
        return {}
    mentions = (select(t.places.c.geonameid, t.places.c.article_id, t.places.c.start)
                .join(t.articles, t.articles.c.id == t.places.c.article_id)
                .where(t.places.c.geonameid.in_(geonameids), t.articles.c.published >= d1,
                       t.articles.c.published <= d2 + "T99"))
    rows = conn.execute(
        mentions.add_columns(t.articles.c.text, t.articles.c.published, t.articles.c.title, t.articles.c.outlet)
        .order_by(t.articles.c.published, t.places.c.article_id, t.places.c.start)).all()
    changes = defaultdict(list)
    if rows:
        # the articles as a subquery, not a list of ids: a busy window names thousands of them
        articles = mentions.with_only_columns(t.places.c.article_id).scalar_subquery()
        for ev in conn.execute(select(t.events.c.article_id, t.events.c.start, t.events.c.end).where(
                t.events.c.article_id.in_(articles), t.events.c.type == EventType.STRATEGIC_DEVELOPMENT)):
            changes[ev.article_id].append((ev.start, ev.end))
    out: dict[int, list[dict]] = defaultdict(list)
    seen = set()
    for r in rows:
        s, e = sentence_bounds(r.text, r.start)
        e = min(len(r.text), e + 1)  # keep the full stop
        sentence = r.text[s:e].strip()
        if (r.geonameid, r.article_id, sentence) in seen:
            continue
        seen.add((r.geonameid, r.article_id, sentence))
        read = any(a < e and s < b for a, b in changes[r.article_id])
        rank = 2 if read else 1 if CHANGE_WORDS.search(sentence) else 0
        out[r.geonameid].append({"article_id": r.article_id, "published": r.published, "title": r.title, "outlet": r.outlet,
                                 "sentence": sentence, "start": s, "end": e, "reports_change": rank > 0, "rank": rank})
    for found in out.values():
        found.sort(key=lambda x: -x["rank"])   # stable: by date within a rank
        for x in found:
            del x["rank"]
    return out


def latest_change(conn: Connection, *, settlements: int = 12) -> dict | None:
    """What the briefing leads its territorial section with: the change between the two most
    recent layers of the source of the newest layer (a diff, its settlements cut to the
    ``settlements`` with the most reporting), or that layer's areas where it is the source's only
    one; None without layers."""
    newest = conn.execute(select(t.control_layers.c.source, t.control_layers.c.date)
                          .order_by(t.control_layers.c.date.desc(), t.control_layers.c.id.desc()).limit(1)).first()
    if newest is None:
        return None
    source = newest.source
    dates = conn.execute(select(t.control_layers.c.date).where(t.control_layers.c.source == source).distinct()
                         .order_by(t.control_layers.c.date.desc()).limit(2)).scalars().all()
    out = {"source": source, "illustrative": source.startswith("livebrief demo"), "to": dates[0],
           "from": dates[1] if len(dates) > 1 else None,
           "areas_km2": areas(conn, dates[0], source)["areas_km2"], "statuses": {}, "settlements": [],
           "unreported": []}
    if out["from"] is None:
        return out
    d = diff(conn, out["from"], out["to"], source)
    # (slivers under half a km², where two layers' edges do not quite meet, are no change to brief)
    out["statuses"] = {s: v for s, v in d["statuses"].items() if max(v["gained_km2"], v["lost_km2"]) >= 0.5}
    with_evidence = [s for s in d["settlements"] if s["evidence"]]
    out["settlements"] = [{**s, "evidence": s["evidence"][:2]} for s in with_evidence[:settlements]]
    out["unreported"] = [s["name"] for s in d["settlements"] if not s["evidence"]]
    return out


def layer_geojson(conn: Connection, day: str, source: str | None = None) -> dict:
    row = _layer(conn, day, source)
    fc = json.loads(row.geojson)
    fc["properties"] = {"date": row.date, "source": row.source, "illustrative": row.source.startswith("livebrief demo")}
    return fc
