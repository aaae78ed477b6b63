"""Developments as a store keeps and lists them: one rarity for clustering and the pages, each
outlet's furniture learned once per new article, each item read once when placed, and a front
page ranked over days rather than over the newest few developments."""
from __future__ import annotations

import json
import random
from collections import Counter
from datetime import datetime, timedelta

from sqlalchemy import select

from livebrief import flow
from livebrief.aggregate import developments, rarity
from livebrief.aggregate.clustering import Clusterer, item_terms, stem
from livebrief.flow import ingest
from livebrief.publish.queries import list_developments
from livebrief.store import schema as t


def _ingest(store, options, tmp_path, arts, name="a.jsonl"):
    f = tmp_path / name
    f.write_text("".join(json.dumps(a) + "\n" for a in arts))
    return ingest(store, [str(f)], options.with_(read=False), progress=False)


def _nonsense(n: int, start: datetime, prefix: str, outlet: str = "Feed") -> list[dict]:
    """Headlines of invented words, one story each (no two share a word)."""
    rng = random.Random(prefix)
    seen: set[str] = set()

    def word() -> str:
        while True:
            w = "".join(rng.choice("bcdfghklmnprstvz") + rng.choice("aeiou") for _ in range(4))
            if w not in seen:
                seen.add(w)
                return w

    out = []
    for i in range(n):
        title = f"{word().title()} {word()} {word()} near {word().title()}"
        out.append({"id": f"{prefix}{i}", "outlet": outlet, "title": title, "text": title,
                    "published": (start + timedelta(seconds=20 * i)).isoformat() + "+00:00"})
    return out


def test_the_clusterer_and_the_pages_weigh_a_word_alike():
    cl = Clusterer()
    when = datetime(2023, 5, 1, 9, 0)
    for i, title in enumerate(["Dam breach floods Kherson villages", "Kherson dam breach forces evacuations",
                               "Grain deal talks stall in Istanbul", "Drone strikes Odesa port overnight"]):
        cl.assign(i, title, when + timedelta(minutes=10 * i))
    shown = cl.rarity()
    kherson = stem("kherson")   # the clusterer's term ("herson": its fold writes kh as h)
    for word in (kherson, "dam", "grain", "odesa", "unseen"):
        assert cl.idf(word) == shown.idf(word)
    # a word used by no development weighs the cap, however many developments were made
    assert rarity.Rarity({}, 100_000).idf("anything") == rarity.IDF_MAX
    # and one that many used weighs less than one few used
    assert shown.idf(kherson) <= shown.idf("grain")


def test_the_store_keeps_the_rarity_the_clusterer_counted(store, options, tmp_path):
    arts = [{"id": "k1", "outlet": "A", "published": "2023-05-01T09:00:00+00:00",
             "title": "Dam breach floods Kherson villages", "text": "Dam breach floods Kherson villages"},
            {"id": "k2", "outlet": "B", "published": "2023-05-01T09:20:00+00:00",
             "title": "Kherson dam breach forces evacuations", "text": "Kherson dam breach forces evacuations"},
            {"id": "g1", "outlet": "A", "published": "2023-05-01T10:00:00+00:00",
             "title": "Grain deal talks stall in Istanbul", "text": "Grain deal talks stall in Istanbul"}]
    _ingest(store, options, tmp_path, arts)
    with store.read() as conn:
        made = conn.execute(select(t.developments.c.id)).scalars().all()
        kept = developments.read_rarity(conn, [kherson := stem("kherson"), "grain", "never"])
        rows = conn.execute(select(t.development_articles.c.development_id, t.articles.c.title)
                            .join(t.articles, t.articles.c.id == t.development_articles.c.article_id)).all()
    uses = {word: len({d for d, title in rows if word in item_terms(title)}) for word in (kherson, "grain")}
    assert kept.made == max(made)
    assert kept.count(kherson) == uses[kherson] >= 1 and kept.count("grain") == 1 and kept.count("never") == 0


def test_an_outlets_furniture_is_learned_again_only_after_it_publishes(store, options, tmp_path, monkeypatch):
    start = datetime(2023, 5, 1, 9, 0)
    _ingest(store, options, tmp_path, _nonsense(4, start, "a", "Outlet A") + _nonsense(4, start, "b", "Outlet B"))
    learned = Counter()
    real = developments.learn_outlet_furniture

    def counting(items):
        learned[len(items)] += 1
        return real(items)

    monkeypatch.setattr(developments, "learn_outlet_furniture", counting)
    developments._FURNITURE.clear()
    with store.read() as conn:
        first = developments.outlet_furniture(conn, ["Outlet A", "Outlet B"])
        again = developments.outlet_furniture(conn, ["Outlet A", "Outlet B"])
    assert sum(learned.values()) == 2
    assert again["Outlet A"] is first["Outlet A"]
    # a new article of outlet A: A's furniture is learned again, once (placing the article learns
    # it, and what is read after that finds it), B's kept
    learned.clear()
    _ingest(store, options, tmp_path, _nonsense(1, start + timedelta(hours=2), "a-late", "Outlet A"), "late.jsonl")
    with store.read() as conn:
        after = developments.outlet_furniture(conn, ["Outlet A", "Outlet B"])
    assert sum(learned.values()) == 1
    assert after["Outlet B"] is first["Outlet B"]


def test_each_item_is_read_once_when_placed(store, options, tmp_path, monkeypatch):
    arts = _nonsense(12, datetime(2023, 5, 1, 9, 0), "n")
    monkeypatch.setattr(flow, "assign", lambda *_a, **_k: {})   # store them, unplaced
    _ingest(store, options, tmp_path, arts)
    with store.read() as conn:
        ids = conn.execute(select(t.articles.c.id)).scalars().all()
    read = Counter()
    real = developments.item_text

    def counting(title, text, furniture=None):
        read[title] += 1
        return real(title, text, furniture)

    monkeypatch.setattr(developments, "item_text", counting)
    placed = developments.assign(store, ids)
    assert len(placed) == 12
    assert set(read.values()) == {1}


def test_a_fast_stores_front_page_ranks_the_stories_of_the_last_days(store, options, tmp_path):
    # yesterday, one story told by four outlets; in the last hour, 200 headlines of one outlet,
    # each its own story: the told story still leads (it would not be among the newest 60)
    day = datetime(2023, 5, 1, 9, 0)
    told = [{"id": f"dam{i}", "outlet": f"Outlet {i}", "published": (day + timedelta(minutes=5 * i)).isoformat() + "+00:00",
             "title": (h := f"Kakhovka dam breach floods Kherson villages, {n} say"), "text": h}
            for i, n in enumerate(["officials", "rescuers", "residents", "police", "governors", "volunteers"])]
    later = _nonsense(200, day + timedelta(hours=20), "s")
    _ingest(store, options, tmp_path, told + later)
    with store.read() as conn:
        top = list_developments(conn, limit=5)
        everything = list_developments(conn, limit=1000)
    dam = next(d for d in everything if any(a.startswith("dam") for a in d["articles"]))
    assert len(dam["articles"]) == 6
    assert top[0]["id"] == dam["id"]
    # the first five of a short listing are the first five of the whole ranking
    assert [d["id"] for d in top] == [d["id"] for d in everything[:5]]



def test_an_item_bridges_only_developments_that_have_a_telling_word_in_common():
    start = datetime(2023, 5, 1, 9, 0)
    cl = Clusterer()
    dam = [cl.assign(i, text, start + timedelta(minutes=5 * i))[0] for i, text in
           enumerate(["Kakhovka dam breach floods Kherson villages", "Kherson villages flooded after Kakhovka dam breach"])]
    inquiry = [cl.assign(i, text, start + timedelta(minutes=10 + 5 * i))[0] for i, text in
               enumerate(["Eurojust prosecutors widen Bucha inquiry", "Bucha inquiry widened by Eurojust prosecutors"], 2)]
    assert dam[0] == dam[1] != inquiry[0] == inquiry[1]
    # one headline telling both: strong evidence for each, but the two share no word of their own
    cid, _score, _new, merged = cl.assign(9, "Kakhovka dam breach floods Kherson villages as Eurojust prosecutors "
                                             "widen Bucha inquiry", start + timedelta(minutes=30))
    assert merged == [] and cid in (dam[0], inquiry[0])
    assert dam[0] in cl.clusters and inquiry[0] in cl.clusters


def test_a_word_that_only_says_people_talked_links_no_story():
    from livebrief.aggregate.clustering import item_terms as read
    from livebrief.aggregate.coherence import TALK_TERMS, parts

    young = rarity.Rarity({}, 0)   # (every word as rare as can be)
    bags = [read("Prime minister and Slovak president discuss arms deliveries"),
            read("Prosecutor general and Eurojust discuss war crimes inquiry"),
            read("Slovak president tours Irpin and Borodianka")]
    assert "discu" in TALK_TERMS and all("discu" in b for b in bags[:2])
    split = parts(bags, young)
    assert sorted(split.core) == [0, 2] and split.others == ((1,),)


def test_a_word_of_some_dozen_developments_links_two_items_only_with_another():
    from livebrief.aggregate.coherence import parts

    # of 1,000 developments: "nuclear" used by 8 (specific, not enough alone), "plant" by 9,
    # "kishida" by 1
    seen = rarity.Rarity({"nuclear": 8, "plant": 9, "kishida": 1, "tactic": 3, "weapon": 40}, 1000)
    one_word = parts([{"nuclear": 1, "tactic": 1, "weapon": 1}, {"nuclear": 1, "vote": 1, "japan": 1}], seen)
    assert len(one_word.core) == 1
    two_words = parts([{"nuclear": 1, "plant": 1, "restart": 1}, {"nuclear": 1, "plant": 1, "vote": 1}], seen)
    assert sorted(two_words.core) == [0, 1]
    rare_word = parts([{"kishida": 1, "reactor": 1}, {"kishida": 1, "vote": 1}], seen)
    assert sorted(rare_word.core) == [0, 1]


def _bag(*words: str) -> dict[str, float]:
    return dict.fromkeys(words, 1.0)


def test_a_story_name_common_in_the_store_links_the_development_that_is_about_it():
    from livebrief.aggregate.coherence import OWN_ITEMS, own_terms, parts

    # a year of 8,000 developments: "wagner" recurs (160 of them, 2%: no longer specific, nor
    # is "rostov" at 1.5%); one development has it in six of its twelve items, and no other word
    # of those six is rare or shared
    year = rarity.Rarity({"wagner": 160, "rostov": 120, "moscow": 900}, 8000)
    mutiny = [_bag("wagner", f"only{i}", "moscow" if i % 2 else "rostov") for i in range(6)]
    rest = [_bag(f"other{i}", f"thing{i}") for i in range(6)]
    assert OWN_ITEMS <= 6 and own_terms(mutiny + rest, year) == {"wagner"}
    split = parts(mutiny + rest, year)
    assert sorted(split.core) == list(range(6)) and all(len(p) == 1 for p in split.others)


def test_a_few_items_sharing_a_common_word_stay_apart():
    from livebrief.aggregate.coherence import OWN_ITEMS, own_terms, parts

    # four daily reports of one small development, each of its own day's figures, all naming the
    # General Staff (3% of a month's developments): below OWN_ITEMS, the word links none
    month = rarity.Rarity({"general": 36, "staff": 30}, 1100)
    reports = [_bag("general", "staff", f"figure{i}") for i in range(OWN_ITEMS - 1)]
    assert own_terms(reports, month) == frozenset()
    assert len(parts(reports, month).others) == OWN_ITEMS - 2


def test_a_word_the_whole_store_uses_is_no_developments_own():
    from livebrief.aggregate.coherence import OWN_LIFT, own_terms, parts

    # "russian" in half of a development's items, but in 30% of the store's developments: less
    # than OWN_LIFT times as common here, so it links nothing
    store = rarity.Rarity({"russian": 300}, 1000)
    bags = [_bag("russian", f"word{i}") if i % 2 else _bag(f"word{i}") for i in range(12)]
    assert 0.5 < OWN_LIFT * 0.3
    assert own_terms(bags, store) == frozenset()
    assert len(parts(bags, store).core) == 1
    # the same half of the items, where the store's developments use the word a little less than
    # 1 / OWN_LIFT as often as these items do: the development's own
    rarer = rarity.Rarity({"russian": int(1000 * 0.5 / OWN_LIFT) - 10}, 1000)
    assert own_terms(bags, rarer) == frozenset({"russian"})


def test_a_talk_word_is_no_developments_own_however_many_items_use_it():
    from livebrief.aggregate.coherence import TALK_TERMS, own_terms, parts

    store = rarity.Rarity({"discu": 200}, 8000)
    assert "discu" in TALK_TERMS
    calls = [_bag("discu", f"leader{i}", f"subject{i}") for i in range(8)]
    assert own_terms(calls, store) == frozenset()
    assert len(parts(calls, store).core) == 1
