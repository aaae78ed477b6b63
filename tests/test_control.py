"""Territorial control: import formats, geodesic areas, consistent diffs, settlements with
evidence, bad layers refused without losing what is stored."""
from __future__ import annotations

import json

import httpx
import pytest
from pyproj import Geod
from shapely.geometry import Polygon

from livebrief.aggregate import control
from livebrief.errors import InputError
from livebrief.flow import ingest
from livebrief.publish.app import create_app

from .conftest import run_cli, serving

SQ = [[30.0, 48.0], [31.0, 48.0], [31.0, 49.0], [30.0, 49.0], [30.0, 48.0]]
HOLE = [[30.4, 48.4], [30.6, 48.4], [30.6, 48.6], [30.4, 48.6], [30.4, 48.4]]


def fc(*features, crs=None):
    doc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"status": st}, "geometry": g} for st, g in features]}
    if crs:
        doc["crs"] = {"type": "name", "properties": {"name": crs}}
    return json.dumps(doc)


def poly(ring, *holes):
    return {"type": "Polygon", "coordinates": [ring, *holes]}


def test_equal_area_matches_geodesic_on_a_large_region():
    big = Polygon([[22, 44], [40, 44], [40, 52.5], [22, 52.5], [22, 44]])
    assert abs(control.area_km2(big) - control.geodesic_area_km2(big)) / control.geodesic_area_km2(big) < 0.005


def test_area_matches_pyproj_geodesic_and_handles_holes(store):
    out = control.import_layer(store, fc(("occupied", poly(SQ, HOLE))), day="2023-01-01", source="t")
    from shapely import orient_polygons

    expected = abs(Geod(ellps="WGS84").geometry_area_perimeter(orient_polygons(Polygon(SQ, [HOLE])))[0]) / 1e6
    assert abs(out["areas_km2"]["occupied"] - expected) / expected < 0.005
    assert 7500 < expected < 8000  # a degree square at 48.5°N (about 8,200 km²) less its hole (about 330)


def test_diff_is_consistent_and_names_settlements_with_evidence(store, options, tmp_path):
    kyiv_box = [[30.3, 50.3], [30.8, 50.3], [30.8, 50.6], [30.3, 50.6], [30.3, 50.3]]
    control.import_layer(store, fc(("occupied", poly(SQ)), ("occupied", poly(kyiv_box))), day="2023-01-01", source="t")
    control.import_layer(store, fc(("occupied", poly(SQ)), ("liberated", poly(kyiv_box))), day="2023-02-01", source="t")
    f = tmp_path / "a.jsonl"
    f.write_text(json.dumps({"id": "k", "published": "2023-01-15", "title": "Kyiv",
                             "text": "Ukrainian forces returned to Kyiv on Sunday after the Russian withdrawal."}) + "\n")
    ingest(store, [str(f)], options.with_(read=True), progress=False)
    with store.read() as conn:
        d = control.diff(conn, "2023-01-10", "2023-02-10")
    for v in d["statuses"].values():
        assert abs(v["area_from_km2"] + v["gained_km2"] - v["lost_km2"] - v["area_to_km2"]) <= 0.001 * max(1, v["area_to_km2"])
    assert d["statuses"]["occupied"]["lost_km2"] > 0 and d["statuses"]["liberated"]["gained_km2"] > 0
    kyiv = next(s for s in d["settlements"] if s["name"] == "Kyiv")
    assert (kyiv["from_status"], kyiv["to_status"]) == ("occupied", "liberated")
    assert kyiv["evidence"][0]["sentence"].startswith("Ukrainian forces returned to Kyiv")
    with store.read() as conn:
        assert control.areas(conn, "2023-01-20")["layer_date"] == "2023-01-01"


def test_each_changed_settlement_gets_the_sentences_that_name_it_from_a_fixed_number_of_queries(store, options, tmp_path):
    from sqlalchemy import event

    kyiv_box = [[30.3, 50.3], [30.8, 50.3], [30.8, 50.6], [30.3, 50.6], [30.3, 50.3]]
    kharkiv_box = [[36.0, 49.8], [36.5, 49.8], [36.5, 50.2], [36.0, 50.2], [36.0, 49.8]]
    control.import_layer(store, fc(("occupied", poly(kyiv_box)), ("occupied", poly(kharkiv_box))), day="2023-01-01", source="t")
    control.import_layer(store, fc(("liberated", poly(kyiv_box)), ("liberated", poly(kharkiv_box))), day="2023-02-01", source="t")
    f = tmp_path / "a.jsonl"
    f.write_text("".join(json.dumps(a) + "\n" for a in [
        {"id": "k", "published": "2023-01-15", "title": "Kyiv", "text": "Ukrainian forces returned to Kyiv on Sunday."},
        {"id": "h", "published": "2023-01-16", "title": "Kharkiv", "text": "Shops reopened in Kharkiv on Monday."}]))
    ingest(store, [str(f)], options.with_(read=True), progress=False)
    statements = []
    with store.read() as conn:
        event.listen(conn, "before_cursor_execute", lambda *a: statements.append(a[2]))
        d = control.diff(conn, "2023-01-10", "2023-02-10")
    evidence = {s["name"]: [e["sentence"] for e in s["evidence"]] for s in d["settlements"] if s["evidence"]}
    assert evidence == {"Kyiv": ["Ukrainian forces returned to Kyiv on Sunday."],
                        "Kharkiv": ["Shops reopened in Kharkiv on Monday."]}
    assert len(d["settlements"]) > 2   # towns in the boxes with no reporting: no query of their own
    # the two layers, the mentions of every settlement, the changes read in their articles
    assert len([s for s in statements if s.startswith("SELECT")]) == 4


def test_deepstatemap_history_format():
    doc = {"id": 1, "datetime": "2023-05-01T00:00:00", "map": json.loads(fc(
        ("Окуповано /// Occupied //", poly(SQ)), ("Звільнено /// Liberated //", poly(HOLE))).replace('"status"', '"name"'))}
    layer, repairs, fmt = control.parse_layer(json.dumps(doc))
    assert fmt == "deepstatemap" and {f["properties"]["status"] for f in layer["features"]} == {"occupied", "liberated"}


def test_invalid_geometry_is_repaired_and_reported(store):
    bowtie = [[30.0, 48.0], [31.0, 49.0], [31.0, 48.0], [30.0, 49.0], [30.0, 48.0]]
    out = control.import_layer(store, fc(("contested", poly(bowtie))), day="2023-01-01", source="t")
    assert out["repairs"] and "make_valid" in out["repairs"][0] and out["areas_km2"]["contested"] > 0


def test_declared_crs_is_reprojected_and_ambiguous_is_refused(store):
    from pyproj import Transformer

    tr = Transformer.from_crs(4326, 3857, always_xy=True)
    merc = [list(tr.transform(x, y)) for x, y in SQ]
    out = control.import_layer(store, fc(("occupied", poly(merc)), crs="urn:ogc:def:crs:EPSG::3857"),
                               day="2023-01-01", source="t")
    plain = control.import_layer(store, fc(("occupied", poly(SQ))), day="2023-01-02", source="t")
    assert abs(out["areas_km2"]["occupied"] - plain["areas_km2"]["occupied"]) / plain["areas_km2"]["occupied"] < 0.005
    with pytest.raises(InputError, match="declares no CRS"):
        control.import_layer(store, fc(("occupied", poly(merc))), day="2023-01-03", source="t")


@pytest.mark.parametrize("raw,msg", [
    ("not json", "not JSON"), ('{"type": "Feature"}', "FeatureCollection"),
    (json.dumps({"type": "FeatureCollection", "features": []}), "no polygon"),
])
def test_bad_layers_are_refused_and_nothing_is_lost(store, raw, msg):
    control.import_layer(store, fc(("occupied", poly(SQ))), day="2023-01-01", source="t")
    with pytest.raises(InputError, match=msg):
        control.import_layer(store, raw, day="2023-01-02", source="t")
    with store.read() as conn:
        assert control.areas(conn, "2023-12-31")["layer_date"] == "2023-01-01"


def test_future_date_is_refused(store):
    with pytest.raises(InputError, match="future"):
        control.import_layer(store, fc(("occupied", poly(SQ))), day="2999-01-01", source="t")


def test_cli_and_api(store, tmp_path):
    f = tmp_path / "layer.geojson"
    f.write_text(fc(("occupied", poly(SQ))))
    db = store.db
    assert run_cli("control", "import", str(f), "--date", "2023-01-01", "--source", "desk", db=db).returncode == 0
    areas = json.loads(run_cli("control", "areas", "--date", "2023-06-01", "--json", db=db).stdout)
    assert areas["source"] == "desk" and areas["areas_km2"]["occupied"] > 0
    assert set(areas["areas_km2"]) == {"occupied", "contested", "liberated", "claimed"}
    assert run_cli("control", "import", str(tmp_path / "missing.geojson"), "--date", "2023-01-01", "--source", "x",
                   db=db).returncode == 2
    with serving(create_app(store)) as base:
        gj = httpx.get(f"{base}/api/control/2023-03-01.geojson").json()
        assert gj["features"][0]["properties"]["status"] == "occupied"
        d = httpx.get(f"{base}/api/control/diff", params={"from": "2023-01-01", "to": "2023-02-01"}).json()
        assert d["statuses"]["occupied"]["gained_km2"] == 0
        assert httpx.get(f"{base}/api/control/1999-01-01.geojson").status_code == 404


def test_api_import_needs_an_editor_and_refuses_bad_layers(store):
    from livebrief import auth

    _tid, token = auth.create_token(store, "editor", "maps desk")
    h = {"Authorization": f"Bearer {token}", "Content-Type": "application/geo+json"}
    layer = fc(("occupied", poly(SQ)), ("contested", poly(HOLE)))
    with serving(create_app(store)) as base:
        url = f"{base}/api/control/import"
        q = {"date": "2023-04-01", "source": "maps desk"}
        assert httpx.post(url, params=q, content=layer).status_code == 401
        assert httpx.post(url, params=q, content=layer, headers={**h, "Origin": "http://evil.example"}).status_code == 403
        bad = httpx.post(url, params=q, content=b"{not json", headers=h)
        assert bad.status_code == 400 and bad.json()["ok"] is False
        assert httpx.post(url, params={"source": "x"}, content=layer, headers=h).status_code == 400
        ok = httpx.post(url, params=q, content=layer, headers=h)
        assert ok.status_code == 201 and ok.json()["areas_km2"]["occupied"] > 7000
        got = httpx.get(f"{base}/api/control/2023-04-02.geojson").json()
        assert {f["properties"]["status"] for f in got["features"]} == {"occupied", "contested"}
