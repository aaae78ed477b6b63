"""The public pages beyond the front page follow the editors' decisions (in-process ASGI on a real
SQLite store): an article's page, its JSON twin and the API; the places, their pages and the map's
places; the people and their pages. A rejected fact is never shown as fact; a corrected one shows
the editor's values and counts where they put it."""
from __future__ import annotations

import json

import httpx
import pytest
from sqlalchemy import insert, select

from livebrief import editorial
from livebrief.editorial.facts import TABLES
from livebrief.publish import queries
from livebrief.publish.app import create_app
from livebrief.store import Store, now_iso
from livebrief.store import schema as t

from .test_editorial import TEXT, _facts

ODESA, KYIV = 698740, 703448
SECOND = "Shelling hit Odesa again overnight, the regional governor said."


def _place(conn, article_id: int, start: int, end: int) -> None:
    conn.execute(insert(t.places).values(article_id=article_id, text="Odesa", start=start, end=end, name="Odesa",
                                         place_key=f"g:{ODESA}", geonameid=ODESA, feature="city", country="UA",
                                         lat=46.48572, lon=30.74383))


@pytest.fixture
def store(tmp_path):
    """Two articles: the desk's first (aid, a strike on Odesa, a quotation), and a second that
    names Odesa too."""
    s = Store(str(tmp_path / "pages.db"))
    with s.write() as conn:
        first = conn.execute(insert(t.articles).values(content_hash="h1", text=TEXT, title="Aid and a strike",
                                                       published="2024-03-04", ingested_at=now_iso())).inserted_primary_key[0]
        _facts(conn, first)
        _place(conn, first, 72, 77)
        second = conn.execute(insert(t.articles).values(content_hash="h2", text=SECOND, title="Odesa again",
                                                        published="2024-03-05", ingested_at=now_iso())).inserted_primary_key[0]
        _place(conn, second, 13, 18)
    yield s
    s.close()


def _client(store) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=create_app(store)), base_url="http://testserver")


def _decide(store, kind, action, changes=None, article_id=1):
    table = TABLES[kind]
    with store.read() as conn:
        row = dict(conn.execute(select(table).where(table.c.article_id == article_id)).first()._mapping)
    return editorial.decide(store, kind=kind, article_id=article_id, start=row["start"], end=row["end"],
                            key=editorial.key_of(kind, row), action=action, changes=changes, by="token:1")


@pytest.mark.anyio
async def test_an_articles_page_shows_its_facts_as_the_desk_has_them(store):
    async with _client(store) as c:
        before = (await c.get("/articles/1.json")).json()
        assert [q["review"] for q in before["quotes"]] == ["unreviewed"]
        _decide(store, "quote", "reject")
        _decide(store, "aid", "correct", {"donor": "Norway", "amount": 2.5e8})
        _decide(store, "event", "approve")
        _decide(store, "place", "correct", {"geonameid": KYIV})
        for path in ("/articles/1.json", "/api/articles/1"):
            art = (await c.get(path)).json()
            assert art["quotes"] == [], path                                   # rejected: not shown as fact
            assert [(a["donor"], a["amount"], a["review"]) for a in art["aid"]] == [("Norway", 2.5e8, "corrected")]
            assert [(e["killed"], e["review"]) for e in art["events"]] == [(4.0, "approved")]
            assert [(p["text"], p["name"], p["place_key"], p["review"]) for p in art["places"]] == \
                [("Odesa", "Kyiv", f"g:{KYIV}", "corrected")]
        page = (await c.get("/articles/1")).text
        assert 'class="f-quotes ' not in page and "<h2>Quotes</h2>" not in page
        assert "aid: Norway pledged military (250,000,000 EUR) (corrected by an editor)" in page
        assert "(checked by an editor)" in page and "place: Kyiv (city, UA) (corrected by an editor)" in page
        other = (await c.get("/articles/2.json")).json()
        assert [p["review"] for p in other["places"]] == ["unreviewed"]


def _places(listing: dict) -> dict:
    return {p["place_key"]: (p["name"], p["articles"], p["mentions"]) for p in listing["places"]}


@pytest.mark.anyio
async def test_places_count_a_corrected_place_where_the_editor_put_it(store):
    async with _client(store) as c:
        assert _places((await c.get("/places.json")).json()) == {f"g:{ODESA}": ("Odesa", 2, 2)}
        _decide(store, "place", "correct", {"geonameid": KYIV})
        assert _places((await c.get("/places.json")).json()) == {f"g:{ODESA}": ("Odesa", 1, 1), f"g:{KYIV}": ("Kyiv", 1, 1)}
        assert _places((await c.get("/api/places")).json()) == _places((await c.get("/places.json")).json())
        kyiv = (await c.get(f"/places/g:{KYIV}.json")).json()
        assert (kyiv["name"], [(a["id"], [(m["text"], m["review"]) for m in a["mentions"]]) for a in kyiv["articles"]]) == \
            ("Kyiv", [(1, [("Odesa", "corrected")])])
        odesa = (await c.get(f"/places/g:{ODESA}.json")).json()
        assert [a["id"] for a in odesa["articles"]] == [2]
        assert "Odesa again" in (await c.get(f"/places/g:{ODESA}")).text
        geo = (await c.get("/api/places.geojson")).json()
        assert {f["properties"]["place_key"]: f["geometry"]["coordinates"] for f in geo["features"]} == \
            {f"g:{ODESA}": [30.74383, 46.48572], f"g:{KYIV}": [30.5238, 50.45466]}


@pytest.mark.anyio
async def test_a_rejected_place_is_not_counted(store):
    _decide(store, "place", "reject", article_id=2)
    async with _client(store) as c:
        assert _places((await c.get("/places.json")).json()) == {f"g:{ODESA}": ("Odesa", 1, 1)}
        assert [a["id"] for a in (await c.get(f"/places/g:{ODESA}.json")).json()["articles"]] == [1]
        _decide(store, "place", "reject")
        assert _places((await c.get("/places.json")).json()) == {}
        assert (await c.get(f"/places/g:{ODESA}.json")).status_code == 404
        assert (await c.get("/api/places.geojson")).json()["features"] == []


def _people(listing: dict) -> dict:
    return {p["name"]: p["quotes"] for p in listing["people"]}


@pytest.mark.anyio
async def test_a_corrected_speaker_is_the_registrys_person_everywhere(store):
    with store.read() as conn:
        ids = dict(conn.execute(select(t.speakers.c.name, t.speakers.c.id)).tuples().all())
    olena, ivan = ids["Olena Marchuk"], ids["Ivan Petrenko"]
    async with _client(store) as c:
        assert _people((await c.get("/people.json")).json()) == {"Olena Marchuk": 1}
        _decide(store, "quote", "correct", {"speaker": "Ivan Petrenko"})
        assert _people((await c.get("/people.json")).json()) == {"Ivan Petrenko": 1}
        assert (await c.get(f"/people/{olena}.json")).json()["quotes"] == []
        (quote,) = (await c.get(f"/people/{ivan}.json")).json()["quotes"]
        assert (quote["text"], quote["article_id"], quote["review"]) == ("We will hold the line,", 1, "corrected")
        assert "corrected by an editor" in (await c.get(f"/people/{ivan}")).text
        front = (await c.get("/index.json")).json()
        assert front["speakers"] == [{"speaker": "Ivan Petrenko", "quotes": 1}]
        art = (await c.get("/articles/1.json")).json()
        assert [(q["speaker"], q["review"]) for q in art["quotes"]] == [("Ivan Petrenko", "corrected")]


@pytest.mark.anyio
async def test_a_rejected_quotation_is_nobodys(store):
    with store.read() as conn:
        olena = conn.execute(select(t.speakers.c.id).where(t.speakers.c.name == "Olena Marchuk")).scalar_one()
    _decide(store, "quote", "reject")
    async with _client(store) as c:
        assert (await c.get("/people.json")).json()["people"] == []
        assert (await c.get(f"/people/{olena}.json")).json()["quotes"] == []
        assert (await c.get("/index.json")).json()["speakers"] == []


@pytest.mark.anyio
async def test_the_quotations_export_follows_the_decisions(store):
    async with _client(store) as c:
        _decide(store, "quote", "correct", {"speaker": "Ivan Petrenko"})
        assert [r["speaker"] for r in map(json.loads, (await c.get("/export/quotes.jsonl")).text.splitlines())] == \
            ["Ivan Petrenko"]
        _decide(store, "quote", "reject")
        assert (await c.get("/export/quotes.jsonl")).text.strip() == ""


@pytest.mark.anyio
async def test_what_changed_follows_the_decisions(store):
    with store.write() as conn:   # a territorial change read in the first article
        conn.execute(insert(t.events).values(article_id=1, type="strategic_development", sub_type="territorial change",
                                             actor="Russian forces", place_name="Odesa", date="2024-03-04", start=60, end=70,
                                             confidence=0.9))
    async with _client(store) as c:
        before = (await c.get("/api/changes?since=2000-01-01")).json()
        assert [x["speaker"] for x in before["new_quotes"]] == ["Olena Marchuk"]
        assert [x["actor"] for x in before["territorial_changes"]] == ["Russian forces"]
        _decide(store, "quote", "reject")
        with store.read() as conn:
            row = dict(conn.execute(select(t.events).where(t.events.c.type == "strategic_development")).first()._mapping)
        editorial.decide(store, kind="event", article_id=1, start=row["start"], end=row["end"], key=row["type"],
                         action="reject", by="token:1")
        after = (await c.get("/api/changes?since=2000-01-01")).json()
        assert (after["new_quotes"], after["territorial_changes"]) == ([], [])


@pytest.mark.anyio
async def test_a_quotation_an_editor_attributes_reaches_the_front_page(store):
    words = "Shelling hit Odesa again overnight and the port's grain terminal burned until dawn"
    with store.write() as conn:   # a quotation the machine gave to a description, not to a person it could register
        conn.execute(insert(t.quotes).values(article_id=2, text=words, kind="direct", start=0, end=62,
                                             speaker="the regional governor", speaker_id=None, cue="said"))
    async with _client(store) as c:
        assert (await c.get("/index.json")).json()["quotes"] == []
        _decide(store, "quote", "correct", {"speaker": "Ivan Petrenko"}, article_id=2)
        front = (await c.get("/index.json")).json()
        assert [(q["text"], q["speaker"], q["review"]) for q in front["quotes"]] == [(words, "Ivan Petrenko", "corrected")]
        assert _people((await c.get("/people.json")).json()) == {"Olena Marchuk": 1, "Ivan Petrenko": 1}


def test_the_first_places_and_people_are_the_first_as_the_desk_has_them(store):
    with store.write() as conn:   # Kyiv, named once; a second quotation of Ivan Petrenko's
        conn.execute(insert(t.places).values(article_id=2, text="Kyiv", start=40, end=44, name="Kyiv", place_key=f"g:{KYIV}",
                                             geonameid=KYIV, feature="city", country="UA", lat=50.45466, lon=30.5238))
        ivan = conn.execute(select(t.speakers.c.id).where(t.speakers.c.name == "Ivan Petrenko")).scalar_one()
        conn.execute(insert(t.quotes).values(article_id=2, text="Shelling hit Odesa again", kind="direct", start=0, end=24,
                                             speaker="Ivan Petrenko", speaker_id=ivan))
    with store.read() as conn:
        assert [p["name"] for p in queries.list_places(conn, limit=1)["places"]] == ["Odesa"]
    _decide(store, "place", "correct", {"geonameid": KYIV})                  # Odesa 1, Kyiv 2
    _decide(store, "quote", "reject")                                         # Olena Marchuk 0, Ivan Petrenko 1
    with store.read() as conn:
        assert [(p["name"], p["articles"], p["mentions"]) for p in queries.list_places(conn, limit=1)["places"]] == \
            [("Kyiv", 2, 2)]
        assert [p["name"] for p in queries.people(conn, limit=1)["people"]] == ["Ivan Petrenko"]
        assert queries.top_speakers(conn, limit=5) == [{"speaker": "Ivan Petrenko", "quotes": 1}]
