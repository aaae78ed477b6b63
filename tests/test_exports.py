"""Exports, the Atom feed and the digest."""
from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import httpx
import pytest

from livebrief.flow import ingest
from livebrief.publish.app import create_app
from livebrief.publish.exports import AID_COLUMNS, EVENT_COLUMNS, parse_since

from .conftest import run_cli, serving
from .test_facts import ARTICLES


@pytest.fixture
def site(store, options, tmp_path):
    f = tmp_path / "a.jsonl"
    f.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES))
    ingest(store, [str(f)], options.with_(read=True, near_dup_threshold=0.99), progress=False)
    with serving(create_app(store)) as base:
        yield base


def test_events_csv_has_acled_columns_and_geojson_points(site):
    r = httpx.get(site + "/export/events.csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert r.headers["content-type"].startswith("text/csv") and list(rows[0]) == EVENT_COLUMNS
    dnipro = [x for x in rows if x["location"] == "Dnipro"]
    assert {x["fatalities"] for x in dnipro} == {"12", "19"} and all(x["notes"] for x in dnipro)
    gj = httpx.get(site + "/export/events.geojson").json()
    assert gj["type"] == "FeatureCollection" and all(f["geometry"]["type"] == "Point" for f in gj["features"])


def test_aid_csv_has_kiel_columns(site):
    rows = list(csv.DictReader(io.StringIO(httpx.get(site + "/export/aid.csv").text)))
    assert list(rows[0]) == AID_COLUMNS
    assert any(x["donor"] == "United States" and x["value"] == "400000000.0" for x in rows)
    assert any(x["measure"] == "total to date" for x in rows)


def test_atom_feed_is_valid_and_entries_update(site):
    r = httpx.get(site + "/feed.atom")
    assert r.headers["content-type"].startswith("application/atom+xml")
    ns = {"a": "http://www.w3.org/2005/Atom"}
    root = ET.fromstring(r.text)
    entries = root.findall("a:entry", ns)
    assert entries and all(e.find("a:id", ns).text and e.find("a:updated", ns).text for e in entries)
    assert root.find("a:updated", ns).text.endswith("Z")


def test_digest_html_is_email_safe_and_cites(site):
    r = httpx.get(site + "/digest", params={"since": "3650d"})
    html = r.text
    assert "<script" not in html.lower() and "<link" not in html.lower()
    for h in ("Latest developments", "Western military aid", "The plight of civilians", "Territorial control"):
        assert h in html
    assert "/articles/" in html and 'style="' in html
    assert "script-src" not in r.headers["content-security-policy"]


def test_cli_export_and_digest(store, options, tmp_path):
    f = tmp_path / "a.jsonl"
    f.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES))
    ingest(store, [str(f)], options.with_(read=True, near_dup_threshold=0.99), progress=False)
    db = store.db
    lines = run_cli("export", "quotes", "--format", "jsonl", db=db).stdout.splitlines()
    assert all("speaker" in json.loads(x) for x in lines)
    out = tmp_path / "digest.md"
    assert run_cli("digest", "--since", "3650d", "--format", "md", "--out", str(out), db=db).returncode == 0
    assert out.read_text().startswith("# livebrief digest since")
    assert run_cli("export", "aid", "--format", "geojson", db=db).returncode == 2


def test_parse_since():
    assert parse_since(None) is None and parse_since("2024-01-01") == "2024-01-01"
    assert parse_since("7d") < parse_since("1d")
    # further back than the calendar goes is since the beginning, not an overflow
    assert parse_since("99999999999d") is None and parse_since("999999999999999h") is None
    assert parse_since("²d") == "²d"   # not a number of days: compared as a time, matching nothing


def test_numbers_too_long_for_a_row_id_are_misses_not_errors(site):
    for place in ("9223372036854775808", "²"):   # ("²" is a digit to str.isdigit, no number to int)
        r = httpx.get(site + "/api/events", params={"place": place})
        assert r.status_code == 200 and r.json()["events"] == []
    assert httpx.get(site + "/api/events", params={"place": "Dnipro"}).json()["events"]
    r = httpx.get(site + "/export/events.csv", params={"since": "99999999999d"})
    assert r.status_code == 200 and "Dnipro" in r.text


def test_harm_csv_counts_one_strike_reported_twice_once_with_its_highest_toll(site):
    from livebrief.aggregate.harm import COLUMNS

    rows = list(csv.DictReader(io.StringIO(httpx.get(site + "/export/harm.csv").text)))
    assert list(rows[0]) == COLUMNS
    dnipro = [r for r in rows if r["admin1"] == "Dnipropetrovsk"]
    assert [(r["month"], r["killed"], r["incidents"], r["reports"]) for r in dnipro] == [("2023-03", "19", "1", "2")]
    twin = [json.loads(x) for x in httpx.get(site + "/export/harm.jsonl").text.splitlines()]
    assert [(r["admin1"], r["killed"]) for r in twin if r["admin1"] == "Dnipropetrovsk"] == [("Dnipropetrovsk", 19)]


def test_civilians_page_reads_like_news_not_type_names(site):
    html = httpx.get(site + "/civilians").text
    assert "explosions_remote_violence" not in html and "By month and oblast" in html
    assert "A missile struck an apartment block in Dnipro" in html
    front = httpx.get(site + "/").text
    assert "explosions_remote_violence" not in front and "shelling/artillery/missile attack" not in front


def test_an_items_line_is_its_sentence_without_the_pages_furniture_and_cut_at_a_word():
    from livebrief.publish.queries import LINE_CHARS, line

    assert line("Advertisement  Shelling hit Nikopol on Sunday,\n the mayor said.") == "Shelling hit Nikopol on Sunday, the mayor said."
    long = line("Drones struck " + "the port and " * 40 + "the grain terminal.")
    assert len(long) <= LINE_CHARS + 2 and long.endswith(" …") and "  " not in long


def test_each_export_declares_its_formats_and_every_door_keeps_to_them(store):
    from livebrief.publish.exports import EXPORTS, export_of

    assert {k: e.formats for k, e in EXPORTS.items()} == {
        "events": ("csv", "geojson", "jsonl"), "aid": ("csv", "jsonl"), "aid_totals": ("csv", "jsonl"),
        "quotes": ("csv", "jsonl"),
        "corrections": ("jsonl",), "harm": ("csv", "jsonl")}
    with pytest.raises(ValueError, match="the aid export comes as csv or jsonl, not geojson"):
        export_of("aid", "geojson")
    with serving(create_app(store)) as base:
        assert [httpx.get(f"{base}/export/{name}").status_code for name in
                ("harm.csv", "harm.geojson", "corrections.jsonl", "events.geojson")] == [200, 404, 404, 200]
    refused = run_cli("export", "harm", "--format", "geojson", db=store.db)
    assert (refused.returncode, refused.stderr.strip()) == (2, "livebrief: the harm export comes as csv or jsonl, not geojson")


def test_events_export_marks_what_the_briefing_leaves_out_and_names_the_oblast(site, store):
    from livebrief.publish.exports import export
    rows = list(csv.DictReader(io.StringIO(httpx.get(site + "/export/events.csv").text)))
    dnipro = [x for x in rows if x["location"] == "Dnipro"]
    assert dnipro and {x["admin1"] for x in dnipro} == {"Dnipropetrovsk"}
    # at the default least confidence the export says, event by event, what the front page shows
    assert all(x["briefed"] == ("yes" if float(x["confidence"]) >= 0.5 else "no") for x in rows)
    with store.read() as conn:
        strict = list(csv.DictReader(io.StringIO(export(conn, "events", "csv", min_confidence=1.01))))
        loose = list(csv.DictReader(io.StringIO(export(conn, "events", "csv", min_confidence=0.0))))
    # nothing is left out of the archive either way: only the mark changes
    assert len(strict) == len(loose) == len(rows)
    assert {x["briefed"] for x in strict} == {"no"} and {x["briefed"] for x in loose} == {"yes"}


def test_aid_totals_give_commitments_and_deliveries_per_donor_and_category(site):
    rows = list(csv.DictReader(io.StringIO(httpx.get(site + "/export/aid_totals.csv").text)))
    from livebrief.publish.exports import AID_TOTAL_COLUMNS
    assert rows and list(rows[0]) == AID_TOTAL_COLUMNS
    got = {(r["donor"], r["category"]): (float(r["committed_usd"]), float(r["delivered_usd"]), r["commitments"]) for r in rows}
    # three articles on one $400m package are one commitment; the total to date ($27bn) is in no column
    assert got[("United States", "military")] == (400e6, 0.0, "1")
    assert ("European Union", "financial") in got and "27000000000" not in httpx.get(site + "/export/aid_totals.csv").text


def test_a_delivered_tranche_of_a_listed_pledge_is_delivered_money_not_new_commitment():
    from livebrief.publish.queries import tracker

    def p(status, amount, delivery_of=None, cumulative=False, category="military"):
        return {"donor": "Canada", "donor_country": "CA", "category": category, "status": status, "amount": amount,
                "value_eur": amount, "value_usd": amount, "delivery_of": delivery_of, "cumulative": cumulative}
    rows = tracker([p("pledged", 500.0), p("delivered", 100.0, delivery_of=1), p("delivered", 20.0),
                    p("delivered", 900.0, cumulative=True), p("pledged", None), p("pledged", 7.0, category="humanitarian")])
    assert [(r["category"], r["committed_eur"], r["delivered_eur"], r["commitments"], r["deliveries"]) for r in rows] == [
        ("military", 520.0, 120.0, 2, 2), ("humanitarian", 7.0, 0.0, 1, 0)]
