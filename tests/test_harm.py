"""Civilian harm by month and oblast (aggregate/harm.py), on events written by hand."""
from __future__ import annotations

from livebrief.aggregate.harm import incidents, monthly
from livebrief.places.gazetteer import default_gazetteer


def _ev(day, place_name, killed=None, wounded=None, outlet="Wire", **kw):
    gaz = default_gazetteer()
    p = next((c for c in gaz.lookup(place_name) if c.cc == "UA"), None)
    base = {"date": day, "type": "explosions_remote_violence", "place": p.id if p else None, "place_name": place_name,
            "country": "UA", "lat": p.lat if p else None, "lon": p.lon if p else None, "killed": killed,
            "wounded": wounded, "outlet": outlet, "article_id": 1}
    return {**base, **kw}


def test_the_reports_of_one_strike_are_one_incident_with_the_later_higher_toll():
    evs = [_ev("2024-02-10", "Kharkiv", killed=4, outlet="A"), _ev("2024-02-10", "Kharkiv", killed=7, wounded=20, outlet="B")]
    (inc,) = incidents(evs)
    assert (inc["killed"], inc["wounded"], len(inc["reports"])) == (7, 20, 2)


def test_incidents_are_summed_by_month_and_oblast_newest_month_first():
    evs = [_ev("2024-02-10", "Kharkiv", killed=7), _ev("2024-02-21", "Chuhuiv", killed=2, outlet="C"),
           _ev("2024-02-11", "Odesa", wounded=5), _ev("2024-01-30", "Kharkiv", killed=1),
           _ev("2024-02-12", "Sumy")]   # (no figure: not counted)
    rows = [(r["month"], r["admin1"], r["killed"], r["wounded"], r["incidents"]) for r in monthly(evs)]
    assert rows == [("2024-02", "Kharkiv", 9, 0, 2), ("2024-02", "Odesa", 0, 5, 1), ("2024-01", "Kharkiv", 1, 0, 1)]


def test_a_village_placed_at_its_oblasts_point_counts_under_that_oblast():
    unit = next(c for c in default_gazetteer().lookup("Sumy") if c.feature == "admin1")
    ev = {**_ev("2024-03-02", "Zhovtoiarky", killed=1), "place": None, "lat": unit.lat, "lon": unit.lon}
    assert [(r["admin1"], r["killed"]) for r in monthly([ev])] == [("Sumy", 1)]


def test_a_toll_of_combatants_alone_is_no_civilian_harm():
    evs = [{**_ev("2024-02-10", "Kharkiv", killed=40), "sentence": "Ukraine said its forces killed 40 Russian soldiers."},
           {**_ev("2024-02-11", "Kharkiv", killed=2), "sentence": "A soldier and two civilians were killed in the strike."}]
    assert [(r["admin1"], r["killed"]) for r in monthly(evs)] == [("Kharkiv", 2)]


def test_civilian_harm_is_briefed_only_where_the_reader_placed_it(store):
    from sqlalchemy import insert

    from livebrief.publish.queries import events
    from livebrief.store import schema as t

    text = "A shell killed two people in Kherson. Later a body was found."
    with store.write() as conn:
        conn.execute(insert(t.articles).values(id=1, content_hash="h1", title="Kherson", text=text, ingested_at="x",
                                               published="2023-05-02T10:00:00+00:00"))
        common = {"article_id": 1, "type": "explosions_remote_violence", "sub_type": "shelling/artillery/missile attack",
                  "date": "2023-05-02", "confidence": 0.9}
        conn.execute(insert(t.events).values(**common, place_name="Kherson", country="UA", killed=2, start=0, end=37))
        conn.execute(insert(t.events).values(**common, place_name=None, country=None, killed=1, start=38, end=text.index(".", 38) + 1))
    with store.read() as conn:
        assert [e["place_name"] for e in events(conn, harmed=True)] == ["Kherson"]
        assert len(events(conn)) == 2    # the unplaced one stays an event: only the briefing leaves it out


def test_the_civilians_page_is_its_sections_from_one_read_of_the_events(store):
    from sqlalchemy import event, insert

    from livebrief.publish import queries
    from livebrief.store import schema as t

    text = "Shelling killed three people in Kharkiv. A drone hit a power plant. Troops fought near Bakhmut. Two died."
    with store.write() as conn:
        for aid, genre, day in ((1, None, "2024-02-10"), (2, "opinion", "2024-02-11"), (3, "news", "2024-01-05")):
            conn.execute(insert(t.articles).values(id=aid, content_hash=f"h{aid}", title=f"a{aid}", text=text, ingested_at="x",
                                                   published=day + "T10:00:00+00:00", genre=genre))
            common = {"article_id": aid, "date": day, "confidence": 0.9, "country": "UA"}
            conn.execute(insert(t.events).values(**common, type="explosions_remote_violence", sub_type="shelling",
                                                 place_name="Kharkiv",
                                                 place=706483, lat=49.98, lon=36.25, killed=3 + aid, start=0, end=40))
            conn.execute(insert(t.events).values(**common, type="infrastructure", sub_type="energy", place_name="Sumy",
                                                 lat=50.9, lon=34.8, start=41, end=67))
            conn.execute(insert(t.events).values(**common, type="battles", sub_type="armed clash", place_name="Bakhmut", killed=10, start=68, end=94))
            conn.execute(insert(t.events).values(**{**common, "country": None}, type="violence_against_civilians",
                                                 sub_type="attack", killed=2, start=95, end=104))
    for since in (None, "2024-02-01"):
        with store.read() as conn:
            fig = queries.figures(conn, since=since)
            # (the page's series are the figures but soldiers' losses in battle: no civilian harm)
            assert any(s["type"] == "battles" for s in fig["series"])
            fig = {**fig, "series": [s for s in fig["series"] if s["type"] != "battles"]}
            apart = {**fig, "conflicting": sum(1 for s in fig["series"] if s["conflicting"]),
                     "summary": queries.harm_summary(conn, since=since),
                     "infrastructure": [{**{k: e[k] for k in queries.INFRASTRUCTURE_FIELDS}, "line": queries.line(e["sentence"])}
                                        for e in queries.events(conn, type="infrastructure", since=since, limit=5000)
                                        if e["lat"] is not None]}
            statements: list[str] = []
            event.listen(conn, "before_cursor_execute", lambda *a, seen=statements: seen.append(a[2]))
            together = queries.civilians(conn, since=since)
        assert together == apart and together["summary"] and together["infrastructure"]
        assert sum(1 for s in statements if "FROM events JOIN articles" in s) == 1
        # every section keeps to `since`, the attacks on infrastructure too; the opinion piece's
        # strike is an event of the page's figures but not of its summary, which is from the news
        assert {e["date"] for e in together["infrastructure"]} == (
            {"2024-02-10", "2024-02-11"} if since else {"2024-02-10", "2024-02-11", "2024-01-05"})
        assert {(r["month"], r["killed"]) for r in together["summary"]} == (
            {("2024-02", 4)} if since else {("2024-02", 4), ("2024-01", 6)})



def test_one_sentence_read_twice_with_two_dates_is_one_incident():
    # the same report, once dated to its weekday and once to its article's day
    a = {**_ev("2024-04-15", "Vinnytsya", killed=10, wounded=36), "article_id": 7, "start": 120}
    b = {**_ev("2024-04-17", "Vinnytsya", killed=10, wounded=36), "article_id": 7, "start": 120}
    other = {**_ev("2024-04-17", "Vinnytsya", killed=1), "article_id": 8, "start": 5}
    got = incidents([a, b, other])
    assert len(got) == 2 and sorted(i["killed"] for i in got) == [1, 10]


def test_one_article_telling_one_toll_twice_is_one_incident_but_two_tolls_are_two():
    # a headline dated to the article's day and a lead dated to "Monday", with the same toll
    head = {**_ev("2024-04-17", "Vinnytsya", killed=10, wounded=36), "article_id": 9, "start": 0, "time_precision": 3}
    lead = {**_ev("2024-04-15", "Vinnytsya", killed=10, wounded=36), "article_id": 9, "start": 80, "time_precision": 1}
    # a second strike on the same town two days later, told in the same article
    later = {**_ev("2024-04-19", "Vinnytsya", killed=2), "article_id": 9, "start": 300}
    got = incidents([head, lead, later])
    assert sorted((i["killed"], len(i["reports"])) for i in got) == [(2, 1), (10, 2)]
    rows = monthly([head, lead, later])
    assert [(r["admin1"], r["killed"], r["wounded"], r["incidents"]) for r in rows] == [("Vinnytsya", 12, 36, 2)]


def test_two_strikes_each_told_with_its_own_day_stay_two_however_alike_their_tolls():
    # a live blog: one killed in Kherson on Monday, another on Wednesday
    monday = {**_ev("2024-04-15", "Kherson", killed=1), "article_id": 4, "start": 10, "time_precision": 1}
    wednesday = {**_ev("2024-04-17", "Kherson", killed=1), "article_id": 4, "start": 400, "time_precision": 1}
    assert len(incidents([monday, wednesday])) == 2
    # the same day told twice is one, as any two reports of a day, place and type are
    again = {**monday, "start": 700}
    assert len(incidents([monday, wednesday, again])) == 2


def test_an_event_placed_at_its_oblasts_point_is_in_that_oblast():
    from livebrief.aggregate.harm import unit_of_event, unit_points

    gaz = default_gazetteer()
    oblast = next(u for u in gaz.units("UA") if u.name == "Vinnytsya")
    points = unit_points(gaz, {"UA"})
    # a village the gazetteer lacks, named only with its region, stands at the region's point
    e = {"place": None, "country": "UA", "lat": oblast.lat, "lon": oblast.lon}
    assert unit_of_event(e, gaz, points) == "Vinnytsya"
    assert unit_of_event({**e, "lat": oblast.lat + 0.3}, gaz, points) is None


def test_an_undated_toll_first_joins_one_dated_report_not_two_days():
    head = {**_ev("2024-04-17", "Kherson", killed=1), "article_id": 5, "start": 0, "time_precision": 3}
    monday = {**_ev("2024-04-15", "Kherson", killed=1), "article_id": 5, "start": 90, "time_precision": 1}
    wednesday = {**_ev("2024-04-19", "Kherson", killed=1), "article_id": 5, "start": 400, "time_precision": 1}
    for order in ([head, monday, wednesday], [monday, wednesday, head]):
        assert len(incidents(order)) == 2
