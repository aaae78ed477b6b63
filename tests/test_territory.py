"""The briefing's territorial section: the latest change between control layers leads (km² per
status, the settlements that changed hands with the reporting that names them), then the changes
of control the coverage reports, only those of named settlements."""
from __future__ import annotations

import json
from types import SimpleNamespace

import httpx
import pytest

from livebrief.aggregate import control
from livebrief.aggregate.territory import settlements_taken
from livebrief.flow import ingest
from livebrief.publish.app import create_app
from livebrief.publish.queries import briefing

from .conftest import serving


def _place(sentence: str, name: str, feature: str = "city", country: str = "UA", admin1: str = "14"):
    s = sentence.index(name)
    return SimpleNamespace(start=s, end=s + len(name), feature=feature, country=country, admin1=admin1,
                           geonameid=1, lat=48.0, lon=37.0)


@pytest.mark.parametrize("sentence, places, taken", [
    ("Ukrainian troops retook the frontline village of Klishchiivka, the army said on Sunday.",
     [], ["Klishchiivka"]),
    ("Russian units captured the eastern towns of Marinka, Krasnohorivka and Pobieda after weeks of fighting.",
     ["Marinka", "Krasnohorivka"], ["Marinka", "Krasnohorivka", "Pobieda"]),
    ("Kupiansk fell to the advancing brigades on Thursday morning.", ["Kupiansk"], ["Kupiansk"]),
    ("The village of Staromaiorske was liberated by marines, officials said.", [], ["Staromaiorske"]),
    ("Ukraine's army said it had entered Vovchansk again.", ["Vovchansk"], ["Vovchansk"]),
    ("Governor says northern town of Sviatohirsk \u201cfully liberated\u201d", ["Sviatohirsk"], ["Sviatohirsk"]),
    ("Russian forces took control of the settlements of Ocheretyne in Donetsk region and Berdychi to its north.",
     [], ["Ocheretyne", "Berdychi"]),
])
def test_a_claim_is_a_change_of_control_of_a_named_settlement(sentence, places, taken):
    found = settlements_taken(sentence, [_place(sentence, p) for p in places])
    assert [f["name"] for f in found] == taken


@pytest.mark.parametrize("sentence, places", [
    ("Border guards liberated 90 prisoners of war held near Sumy.", [("Sumy", "city")]),
    ("Ukrainian troops captured four tanks and 300 Russian soldiers.", []),
    ("Russian forces captured the Enerhodar nuclear plant early in the war.", [("Enerhodar", "city")]),
    ("Every January the camp in Poland, liberated in 1945, holds a ceremony.", [("Poland", "country")]),
    ("Troops have recaptured dozens of villages in the Kherson region.", [("Kherson", "admin1")]),
    ("The fair opened after Russia seized Avdiivka in February.", [("Avdiivka", "city")]),
    ("Mutineers took control of Rostov-on-Don and its airfield.", [("Rostov-on-Don", "city", "RU", "61")]),
    ("Hundreds of captured Ukrainians have come home from Russian captivity.", []),
    ("Kupiansk captured soldiers on the move, a video shows.", [("Kupiansk", "city")]),
])
def test_things_regions_background_and_faraway_places_are_no_claim(sentence, places):
    stubs = [_place(sentence, n, *rest) for n, *rest in places]
    assert settlements_taken(sentence, stubs) == []


def test_a_russian_border_region_is_in_the_theatre():
    s = "Ukrainian forces captured the town of Sudzha in a surprise incursion."
    assert [f["name"] for f in settlements_taken(s, [_place(s, "Sudzha", "city", "RU", "41")])] == ["Sudzha"]


KYIV_BOX = {"type": "Polygon", "coordinates": [[[30.3, 50.3], [30.8, 50.3], [30.8, 50.6], [30.3, 50.6], [30.3, 50.3]]]}
FAR = {"type": "Polygon", "coordinates": [[[37.0, 47.0], [38.0, 47.0], [38.0, 48.0], [37.0, 48.0], [37.0, 47.0]]]}


def _layer(*features) -> str:
    return json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"status": st}, "geometry": g} for st, g in features]})


ARTICLES = [
    {"id": "k1", "published": "2023-01-20T08:00:00Z", "title": "Troops back in Kyiv",
     "text": "Ukrainian forces returned to Kyiv on Friday after the Russian withdrawal from the capital's suburbs."},
    {"id": "p1", "published": "2023-01-22T08:00:00Z", "title": "Prisoners freed",
     "text": "Ukrainian soldiers liberated 90 prisoners of war on Sunday in a raid near Kharkiv, the army said."},
]


def _fill(store, options, tmp_path, layers: bool):
    if layers:
        control.import_layer(store, _layer(("occupied", KYIV_BOX), ("occupied", FAR)), day="2023-01-01", source="desk")
        control.import_layer(store, _layer(("liberated", KYIV_BOX), ("occupied", FAR)), day="2023-02-01", source="desk")
    f = tmp_path / "a.jsonl"
    f.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES))
    ingest(store, [str(f)], options.with_(read=True), progress=False)


def test_the_section_leads_with_the_layers_change_and_its_settlements(store, options, tmp_path):
    _fill(store, options, tmp_path, layers=True)
    with store.read() as conn:
        front = briefing(conn, min_confidence=0.0)
    c = front["control"]
    assert (c["source"], c["from"], c["to"]) == ("desk", "2023-01-01", "2023-02-01")
    assert set(c["statuses"]) == {"occupied", "liberated"}
    assert c["statuses"]["occupied"]["lost_km2"] == c["statuses"]["liberated"]["gained_km2"] > 1000
    kyiv = next(s for s in c["settlements"] if s["name"] == "Kyiv")
    assert (kyiv["from_status"], kyiv["to_status"]) == ("occupied", "liberated")
    assert kyiv["evidence"][0]["sentence"].startswith("Ukrainian forces returned to Kyiv")
    assert kyiv["evidence"][0]["reports_change"] is True
    # freed prisoners are no change of control, whatever the reader's confidence
    assert all("prisoners" not in e["sentence"] for e in front["territory"])
    with serving(create_app(store)) as base:
        page = httpx.get(base + "/").text
        twin = httpx.get(base + "/index.json").json()
    assert page.index("Latest change between control layers") < page.index("Reported claims from the coverage")
    assert "Kyiv" in page[page.index('id="terr-layers"'):page.index('id="terr-claims"')]
    assert twin["control"]["settlements"][0]["name"] == "Kyiv" and isinstance(twin["territory"], list)


def test_without_layers_the_section_shows_claims_labelled_as_such(store, options, tmp_path):
    _fill(store, options, tmp_path, layers=False)
    with serving(create_app(store)) as base:
        page = httpx.get(base + "/").text
        twin = httpx.get(base + "/index.json").json()
    assert twin["control"] is None
    assert "Reported claims from the coverage" in page and "No control layers imported" in page
    assert "Latest change between control layers" not in page


def test_a_source_with_one_layer_shows_its_areas_and_no_change(store):
    control.import_layer(store, _layer(("occupied", KYIV_BOX)), day="2023-01-01", source="desk")
    with store.read() as conn:
        c = control.latest_change(conn)
    assert (c["source"], c["from"], c["to"], c["statuses"], c["settlements"]) == ("desk", None, "2023-01-01", {}, [])
    assert c["areas_km2"]["occupied"] > 1000 and c["areas_km2"]["liberated"] == 0.0
