"""Developments from many outlets at once (#29): each outlet's title furniture learned and taken
off, one story per development whatever the number of outlets and their rate."""
from __future__ import annotations

import json
import random
from collections import defaultdict
from datetime import datetime, timedelta

from livebrief.aggregate.clustering import Clusterer
from livebrief.aggregate.developments import item_text
from livebrief.flow import ingest
from livebrief.publish.queries import list_developments
from livebrief.read.genre import learn_furniture, learn_outlet_furniture

T0 = datetime(2023, 6, 3, 6, 0)

# four stories of one morning, three headlines each, in our own words
STORIES = {
    "bridge": ["Drone strike brings down road bridge near Zatoka in Odesa region",
               "Zatoka bridge collapse cuts the road to southern Bessarabia",
               "Engineers say the Zatoka bridge cannot be repaired before winter"],
    "grain": ["Grain corridor talks resume in Istanbul with UN mediators",
              "Turkish hosts see progress in Istanbul grain corridor talks",
              "Istanbul grain talks end without a deal on ship inspections"],
    "swap": ["Kyiv and Moscow exchange ninety prisoners of war",
             "Freed prisoners of war cross back into Sumy region after exchange",
             "Ombudsman names the ninety soldiers freed in the prisoner exchange"],
    "power": ["Kharkiv substation hit overnight, blackout across three districts",
              "Kharkiv blackout: trams stop and water pumps fail after substation strike",
              "Power returns to two Kharkiv districts after substation repairs"],
}


def _rng_word(rng: random.Random) -> str:
    return "".join(rng.choice("bcdfghklmnprstvz") + rng.choice("aeiou") for _ in range(3))


def _background(n: int, seed: int) -> list[str]:
    """Headlines of words no other headline uses: the other stories of a busy stream."""
    rng = random.Random(seed)
    return [f"{_rng_word(rng).title()} {_rng_word(rng)} {_rng_word(rng)} in {_rng_word(rng).title()}" for _ in range(n)]


def _story_stream() -> list[tuple[str, str]]:
    """(story, headline) in the order a desk sees them: the stories interleaved over the morning."""
    return [(story, heads[k]) for k in range(3) for story, heads in STORIES.items()]


def _grouping(placed: dict, keys) -> set[frozenset]:
    groups = defaultdict(set)
    for k in keys:
        groups[placed[k]].add(k)
    return {frozenset(g) for g in groups.values()}


# ---------------------------------------------------------------- furniture

def _dressed(headline: str, n: int) -> str:
    """A title as one outlet dresses every title: a timestamp, its section, its name."""
    section = "War in Ukraine" if n % 3 else "World"
    return f"{headline} ({(n % 28) + 1:02d}.06.23 {n % 24:02d}:{n * 7 % 60:02d}) « {section} | Bugle.NET"


def test_an_outlets_furniture_is_learned_from_its_own_titles_and_taken_off():
    heads = [h for _s, h in _story_stream()]
    learned = learn_furniture([_dressed(h, n) for n, h in enumerate(heads)])
    assert [learned.clean(_dressed(h, n + 40)) for n, h in enumerate(heads)] == heads
    # another outlet's titles have none of it, and keep their own words whole
    plain = learn_furniture(heads)
    assert [plain.clean(h) for h in heads] == heads
    assert learned.clean("Zelensky: talks go on - Kuleba") == "Zelensky: talks go on - Kuleba"


def test_an_attribution_of_some_titles_is_no_furniture():
    heads = [h for _s, h in _story_stream()]
    # a third of the titles name their source after a dash: the source is the headline's own
    said = [f"{h} - {name}" for h, name in zip(heads[:4], ["Kuleba", "Zelensky", "Kuleba", "Klymenko"], strict=True)]
    learned = learn_furniture(said + heads[4:])
    assert learned.clean(said[0]) == said[0]


def test_a_kicker_most_of_an_outlets_titles_carry_is_its_section():
    heads = [h for _s, h in _story_stream()]
    kicked = [f"War latest: {h}" if n % 2 else f"Russia-Ukraine war: {h}" for n, h in enumerate(heads)]
    learned = learn_furniture(kicked)
    assert [learned.clean(k) for k in kicked] == heads
    # a kicker one title uses is the headline's own ("Zatoka: ...")
    assert learned.clean("Zatoka: the bridge will be rebuilt") == "Zatoka: the bridge will be rebuilt"


def test_a_texts_opening_furniture_and_repeated_title_are_not_read_as_its_lead():
    heads = [h for _s, h in _story_stream()]
    items = [(_dressed(h, n), f"{_dressed(h, n)}. 0{n % 9 + 1}.06.23 10:15 - {h}. Lead sentence number {n} of the story. "
              "— Bugle.") for n, h in enumerate(heads)]
    furniture = learn_outlet_furniture(items)
    assert item_text(*items[0], furniture) == f"{heads[0]}. Lead sentence number 0 of the story."


def test_a_cited_span_leaves_the_furniture_out_and_keeps_its_offsets():
    heads = [h for _s, h in _story_stream()]
    items = [(_dressed(h, n), f"{_dressed(h, n)}.") for n, h in enumerate(heads)]
    furniture = learn_outlet_furniture(items)
    text = f"{_dressed(heads[0], 50)}."
    start, end = furniture.trim(text)
    assert text[start:end] == heads[0]
    # a sentence with no furniture is cited whole, its full stop with it
    plain = "Engineers say the Zatoka bridge cannot be repaired before winter."
    assert furniture.trim(plain) == (0, len(plain))


# ---------------------------------------------------------------- one story per development

def _place(stream: list[tuple[object, str, str | None, datetime]]) -> dict:
    """Place (key, title, outlet, time) items as a store does: each outlet's furniture learned
    from its titles, items in time order."""
    by_outlet = defaultdict(list)
    for _k, title, outlet, _w in stream:
        by_outlet[outlet].append((title, title))
    furniture = {o: learn_outlet_furniture(v) for o, v in by_outlet.items()}
    cl = Clusterer()
    placed = {}
    for key, title, outlet, when in sorted(stream, key=lambda x: x[3]):
        placed[key] = cl.assign(key, item_text(title, title, furniture[outlet]), when)[0]
    return {k: cl.current(c) for k, c in placed.items()}


def test_one_outlets_stories_stay_apart():
    stream = [((story, k), h, None, T0 + timedelta(minutes=20 * k))
              for k, (story, h) in enumerate(_story_stream())]
    placed = _place(stream)
    assert all(len({k[0] for k in g}) == 1 for g in _grouping(placed, [x[0] for x in stream]))
    assert placed[("grain", 1)] == placed[("grain", 5)] == placed[("grain", 9)]


def test_many_outlets_stories_stay_apart_whatever_their_furniture():
    outlets = {"bugle": lambda h, n: _dressed(h, n), "wire": lambda h, n: f"Russia-Ukraine war: {h}",
               "herald": lambda h, n: f"{h} - Herald live"}
    stream = []
    for n, (story, h) in enumerate(_story_stream()):
        for m, (outlet, dress) in enumerate(outlets.items()):
            stream.append(((story, outlet, n), dress(h, n + m), outlet, T0 + timedelta(minutes=20 * n + m)))
    placed = _place(stream)
    groups = _grouping(placed, [x[0] for x in stream])
    assert all(len({k[0] for k in g}) == 1 for g in groups)   # no development mixes two stories
    # and each headline's three outlets' copies are one development
    assert all(placed[(story, "bugle", n)] == placed[(story, "wire", n)] == placed[(story, "herald", n)]
               for n, (story, _h) in enumerate(_story_stream()))


def test_the_same_stories_group_alike_at_one_outlet_and_at_ten_times_the_rate():
    # (a store that has seen the day before: how rare a word is, is known)
    before = [(f"old{n}", h, None, T0 - timedelta(hours=20) + timedelta(minutes=10 * n))
              for n, h in enumerate(_background(60, seed=11))]
    stories = [((story, k), h, None, T0 + timedelta(minutes=30 * k)) for k, (story, h) in enumerate(_story_stream())]
    keys = [x[0] for x in stories]
    alone = _grouping(_place(before + stories), keys)
    # nine other items for each of the stories' own, from ten outlets, over the same hours
    busy = before + stories
    for n, h in enumerate(_background(9 * len(stories), seed=3)):
        busy.append((f"bg{n}", h, f"outlet{n % 10}", T0 + timedelta(minutes=30 * (n // 9) + 3 * (n % 9) + 1)))
    assert _grouping(_place(busy), keys) == alone
    assert all(len({k[0] for k in g}) == 1 for g in alone)


def test_a_day_of_date_only_items_from_many_outlets_keeps_its_stories_apart():
    """Feeds that date items to the day only: every item of the day arrives at once."""
    stream = []
    for n, (story, h) in enumerate(_story_stream()):
        for outlet in ("bugle", "wire"):
            title = _dressed(h, n) if outlet == "bugle" else h
            stream.append(((story, outlet, n), title, outlet, T0.replace(hour=0)))
    for n, h in enumerate(_background(40, seed=5)):
        stream.append((f"bg{n}", _dressed(h, n), "bugle", T0.replace(hour=0)))
    placed = _place(stream)
    groups = _grouping(placed, [x[0] for x in stream if isinstance(x[0], tuple)])
    assert all(len({k[0] for k in g}) == 1 for g in groups)


# ---------------------------------------------------------------- the front page of a multi-outlet store

def test_a_multi_outlet_store_lists_developments_titled_without_furniture_with_their_outlets(store, options, tmp_path):
    items = []
    for n, (_story, h) in enumerate(_story_stream()):
        when = (T0 + timedelta(minutes=20 * n)).isoformat() + "+00:00"
        items.append({"id": f"b{n}", "title": _dressed(h, n), "text": f"{_dressed(h, n)}. Lead of item {n}.",
                      "published": when, "outlet": "bugle.net"})
        items.append({"id": f"w{n}", "title": f"Russia-Ukraine war: {h}", "text": f"Story {n} as the wire tells it.",
                      "published": when, "outlet": "wire.example"})
    f = tmp_path / "multi.jsonl"
    f.write_text("".join(json.dumps(x) + "\n" for x in items))
    ingest(store, [str(f)], options.with_(read=False), progress=False)
    with store.read() as conn:
        devs = list_developments(conn, limit=50)
    story_of = {f"{o}{n}": story for n, (story, _h) in enumerate(_story_stream()) for o in "bw"}
    heads = {h for _s, h in _story_stream()}
    assert {d["title"] for d in devs} <= heads
    assert all(len({story_of[a] for a in d["articles"]}) == 1 for d in devs)
    assert all(d["sources"] == ["bugle.net", "wire.example"] for d in devs)


QUOTED = ["Zelensky says the grain deal must go on", "Zelensky says winter fuel stocks are sufficient",
          "Zelensky says new air defence systems have arrived"]


def test_a_leader_quoted_on_three_subjects_by_a_busy_stream_is_no_news_conference():
    # at one outlet, three of a few headlines in an hour: his news conference, gathered
    cl = Clusterer()
    alone = [cl.assign(k, h, T0 + timedelta(minutes=20 * k))[0] for k, h in enumerate(QUOTED)]
    assert len({cl.current(c) for c in alone}) == 1
    # among fifty other items of those hours (many feeds), three quotes are three stories
    cl = Clusterer()
    busy = []
    for n, h in enumerate(_background(60, seed=13)):
        cl.assign(f"bg{n}", h, T0 + timedelta(minutes=n))
        if n % 20 == 10:
            busy.append(cl.assign(n, QUOTED[n // 20], T0 + timedelta(minutes=n))[0])
    assert len({cl.current(c) for c in busy}) == 3
