"""The web app on a real uvicorn server on 127.0.0.1: pages, JSON twins, errors, headers."""
from __future__ import annotations

import os
import re

import httpx
import pytest

from livebrief.flow import ingest
from livebrief.publish.app import create_app

from .conftest import FIXTURES, serving


@pytest.fixture
def server(store, options):
    ingest(store, [str(FIXTURES / "mixed")], options, progress=False)
    with serving(create_app(store, demo=True)) as base:
        yield base


def test_every_page_has_a_json_twin(server):
    for path, twin in (("/", "/index.json"), ("/articles", "/articles.json"), ("/articles/1", "/articles/1.json"),
                       ("/search?q=trains", "/search.json?q=trains")):
        page = httpx.get(server + path)
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        assert f'href="{twin.replace("&", "&amp;")}"' in page.text
        data = httpx.get(server + twin)
        assert data.status_code == 200 and data.headers["content-type"].startswith("application/json")
    assert httpx.get(server + "/index.json").json()["counts"]["articles"] == 8


def test_search_finds_by_word(server):
    res = httpx.get(server + "/search.json", params={"q": "trains"}).json()
    assert [r["title"] for r in res["results"]] == ["Trains resume on the eastern line"]


def test_article_api_and_highlight(server):
    art = httpx.get(server + "/api/articles/1").json()
    assert set(art) >= {"id", "title", "text", "entities", "quotes", "dates", "quantities"}
    assert "raw" not in art
    page = httpx.get(server + "/articles/1", params={"hl": "0-10"})
    assert 'id="hl"' in page.text


def test_one_error_shape(server):
    r = httpx.get(server + "/articles/999.json")
    assert (r.status_code, r.json()) == (404, {"ok": False, "error": "no article 999", "status": 404})
    r = httpx.get(server + "/articles.json", params={"limit": "many"})
    assert r.status_code == 400 and r.json()["ok"] is False
    r = httpx.get(server + "/nowhere", headers={"Accept": "application/json"})
    assert r.json()["status"] == 404


def test_security_headers_and_demo_banner(server):
    r = httpx.get(server + "/")
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "Demo data" in r.text


def test_healthz(server):
    assert httpx.get(server + "/healthz").json() == {"ok": True, "version": "0.1.0", "articles": 8}


@pytest.fixture
def read_server(store, options, tmp_path):
    import json as _json

    f = tmp_path / "r.jsonl"
    f.write_text(_json.dumps({"id": "r1", "published": "2022-11-11", "title": "Kherson",
                              "text": "Ukrainian troops entered Kherson on Friday. \"Today is a historic day,\" "
                                      "President Volodymyr Zelenskyy said in Kyiv."}) + "\n")
    ingest(store, [str(f)], options.with_(read=True), progress=False)
    with serving(create_app(store)) as base:
        yield base


def test_places_pages_and_geojson(read_server):
    places = httpx.get(read_server + "/api/places").json()["places"]
    names = {p["name"] for p in places}
    assert {"Kherson", "Kyiv"} <= names
    kyiv = next(p for p in places if p["name"] == "Kyiv")
    page = httpx.get(read_server + f"/places/{kyiv['place_key']}")
    assert page.status_code == 200 and "Kherson" in page.text
    twin = httpx.get(read_server + f"/places/{kyiv['place_key']}.json").json()
    assert twin["articles"][0]["mentions"][0]["text"] == "Kyiv"
    gj = httpx.get(read_server + "/api/places.geojson")
    assert gj.headers["content-type"].startswith("application/geo+json")
    feats = gj.json()["features"]
    assert all(f["geometry"]["type"] == "Point" for f in feats) and len(feats) == len(places)
    assert httpx.get(read_server + "/places/g:1.json").status_code == 404


def test_article_page_shows_quotes_with_speakers_and_highlights(read_server):
    page = httpx.get(read_server + "/articles/1").text
    assert "Volodymyr Zelenskyy" in page and 'class="f-quotes' in page and 'class="f-places' in page
    art = httpx.get(read_server + "/api/articles/1").json()
    assert art["quotes"][0]["speaker"] == "Volodymyr Zelenskyy"
    assert {p["name"] for p in art["places"]} >= {"Kherson", "Kyiv"}


def test_pages_are_cached_and_honour_etags(server, store, options, tmp_path):
    import json as _json

    first = httpx.get(server + "/")
    etag = first.headers["etag"]
    assert httpx.get(server + "/", headers={"If-None-Match": etag}).status_code == 304
    assert httpx.get(server + "/index.json").headers["etag"] == etag
    f = tmp_path / "more.jsonl"
    f.write_text(_json.dumps({"id": "new", "title": "A new report", "text": "A new report arrived about repairs "
                              "to the grid in the north on Friday evening."}) + "\n")
    ingest(store, [str(f)], options, progress=False)
    changed = httpx.get(server + "/", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["etag"] != etag
    assert httpx.get(server + "/index.json").json()["counts"]["articles"] == 9


def test_search_filters_and_people(read_server):
    res = httpx.get(read_server + "/search.json", params={"q": "troops", "place": "Kherson"}).json()
    assert [r["id"] for r in res["results"]] == [1] and res["filters"] == {"place": "Kherson"}
    assert httpx.get(read_server + "/search.json", params={"q": "troops", "place": "Paris"}).json()["results"] == []
    assert httpx.get(read_server + "/search.json", params={"person": "Zelenskyy"}).json()["total"] == 1
    assert httpx.get(read_server + "/search.json", params={"since": "2023-01-01"}).json()["total"] == 0
    people = httpx.get(read_server + "/people.json").json()["people"]
    assert people[0]["name"] == "Volodymyr Zelenskyy"
    person = httpx.get(read_server + f"/people/{people[0]['id']}.json").json()
    assert person["quotes"][0]["text"] == "Today is a historic day,"


def test_rate_limit_per_client_on_search_and_api(store):
    # 6 a minute: a burst of 10, then one every 10 s, so the bucket cannot refill during the test
    with serving(create_app(store, rate_limit_per_min=6)) as base:
        codes = [httpx.get(base + "/search.json", params={"q": "x"}).status_code for _ in range(25)]
        assert codes[:10] == [200] * 10 and codes.count(429) >= 13
        r = httpx.get(base + "/api/places")
        assert r.status_code == 429 and r.json() == {"ok": False, "error": "too many requests: slow down", "status": 429}
        assert httpx.get(base + "/").status_code == 200   # pages are not limited


def test_editor_api_for_sources_and_polls_and_no_cross_site_writes(store, options, site):
    from livebrief import auth

    site.add("/wire.xml", '<?xml version="1.0"?><rss version="2.0"><channel><title>w</title><item><title>Wire one</title>'
             '<guid>w1</guid><description>Crews restored water to the eastern district after a strike, officials said.'
             '</description></item></channel></rss>', headers={"Content-Type": "application/rss+xml"})
    _tid, token = auth.create_token(store, "editor", "desk")
    auth_h = {"Authorization": f"Bearer {token}"}
    env = {"LIVEBRIEF_ALLOW_PRIVATE": "true", "LIVEBRIEF_READ": "false", "LIVEBRIEF_HOST_INTERVAL_S": "0"}
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        with serving(create_app(store)) as base:
            feed = {"url": site.base + "/wire.xml", "name": "wire", "every": "30m"}
            assert httpx.post(f"{base}/api/sources", json=feed).status_code == 401
            # a browser's cross-site form or fetch is refused before the token is even looked at
            evil = {**auth_h, "Origin": "http://evil.example"}
            r = httpx.post(f"{base}/api/sources", json=feed, headers=evil)
            assert r.status_code == 403 and r.json() == {"ok": False, "error": "cross-site request refused", "status": 403}
            assert httpx.post(f"{base}/api/poll", headers={**auth_h, "Sec-Fetch-Site": "cross-site"}).status_code == 403
            assert httpx.get(f"{base}/api/sources").json() == {"sources": []}
            same = {**auth_h, "Origin": base}
            r = httpx.post(f"{base}/api/sources", json=feed, headers=same)
            assert r.status_code == 201 and r.json()["source"]["every_s"] == 1800
            assert httpx.post(f"{base}/api/sources", json={"url": "file:///etc/passwd"}, headers=auth_h).status_code == 400
            polled = httpx.post(f"{base}/api/poll", headers=auth_h, timeout=60).json()
            assert polled["stored"] == 1 and polled["sources"][0]["status"] == "ok"
            sid = r.json()["source"]["id"]
            assert httpx.delete(f"{base}/api/sources/{sid}", headers=evil).status_code == 403
            assert httpx.delete(f"{base}/api/sources/{sid}", headers=auth_h).json() == {"removed": sid}
            assert httpx.delete(f"{base}/api/sources/{sid}", headers=auth_h).status_code == 404
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def test_the_pages_name_ukraines_oblasts_as_they_are_called_now(store, options, tmp_path):
    import json as _json

    stories = [("Strike on Odesa", "A Russian drone struck an apartment block in Odesa on Saturday, killing five people, "
                                   "the regional governor said."),
               ("Vinnytsia", "A missile strike on Vinnytsia killed three civilians on Tuesday, officials said."),
               ("Sevastopol", "Ukrainian missiles hit the port of Sevastopol on the Black Sea on Wednesday, the Russian-installed "
                              "governor said."),
               ("Kyiv", "Two people were killed in a missile attack on Kyiv on Thursday, the city's mayor said."),
               ("Overnight", "Across Ukraine, at least 12 people were killed in the overnight strikes, the emergency service said.")]
    f = tmp_path / "oblasts.jsonl"
    f.write_text("".join(_json.dumps({"id": f"o{i}", "published": f"2024-03-0{i + 1}", "title": title, "text": text}) + "\n"
                         for i, (title, text) in enumerate(stories)))
    ingest(store, [str(f)], options.with_(read=True), progress=False)
    old = ("Kiev", "Odessa", "Vinnyts'ka", "Misto Sevastopol'", "Kyyiv")
    with serving(create_app(store)) as base:
        shown = {}
        for path in ("/civilians", "/civilians.json", "/places", "/places.json", "/map", "/map.json"):
            r = httpx.get(base + path)
            assert r.status_code == 200, path
            if path.endswith(".json"):
                r.json()
            shown[path] = r.text
        summary = httpx.get(base + "/civilians.json").json()["summary"]
        # each place listed opens, and so does its JSON twin, a key with a space in it too ("n::Black Sea")
        links = re.findall(r'href="(/places/[^"]+)"', shown["/places"])
        assert "/places/n::Black%20Sea" in links
        for link in links:
            page = httpx.get(base + link)
            twin = re.search(r'<link rel="alternate" type="application/json" href="([^"]+)"', page.text).group(1)
            assert " " not in twin and (page.status_code, httpx.get(base + twin).status_code) == (200, 200), link
    assert {r["admin1"] for r in summary} >= {"Odesa", "Vinnytsya", "Kyiv"}
    assert {p["name"] for p in _json.loads(shown["/places.json"])["places"]} >= {"Odesa", "Kyiv", "Sevastopol"}
    for path, text in shown.items():
        assert not [name for name in old if name in text], path
    # a toll the reader placed in the country alone is no oblast's, and the table says so
    assert "<td>Odesa (UA)</td>" in shown["/civilians"]
    assert None in {r["admin1"] for r in summary} and "no oblast given" in shown["/civilians"]


def test_amounts_and_event_types_read_as_a_reader_says_them():
    from livebrief.publish.site import _env

    env = _env()
    money = env.filters["money"]
    assert money(100_000_000, "AUD") == "AUD 100 million"
    assert money(1_250_000_000, "USD") == "USD 1.25 billion"
    assert money(300_000, "EUR") == "EUR 300,000"
    assert env.filters["event_type"]("explosions_remote_violence") == "Explosions/Remote violence"
