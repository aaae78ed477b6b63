"""Developments: online clustering, ranking, changes, and editors' decisions that stick."""
from __future__ import annotations

import json
from datetime import datetime, timedelta

import httpx
from sqlalchemy import func, select

from livebrief import auth
from livebrief.aggregate.clustering import (
    Clusterer,
    decision_maker,
    headline_of,
    quoted_speaker,
    stem,
    terms,
)
from livebrief.aggregate.developments import item_text, merge, split
from livebrief.flow import ingest
from livebrief.publish.app import create_app
from livebrief.publish.queries import changes, list_developments
from livebrief.store import Store
from livebrief.store import schema as t

from .conftest import run_cli, serving

T0 = datetime(2023, 3, 10, 8, 0)


def test_same_event_different_wording_joins():
    cl = Clusterer()
    a, *_ = cl.assign(1, "Russian missile strike on Dnipro apartment block kills 12", T0)
    b, *_ = cl.assign(2, "Dnipro apartment block hit by Russian missile, death toll at 12", T0 + timedelta(hours=1))
    c, *_ = cl.assign(3, "Zelenskyy visits troops near Bakhmut", T0 + timedelta(hours=2))
    assert a == b and c != a


def test_same_wording_a_week_apart_is_two_developments():
    cl = Clusterer()
    a, *_ = cl.assign(1, "Russian missiles strike energy facilities in Odesa region", T0)
    b, *_ = cl.assign(2, "Russian missiles strike energy facilities in Odesa region", T0 + timedelta(days=7))
    assert a != b


def test_cost_per_item_is_bounded_by_the_window():
    cl = Clusterer(window_h=36)
    for i in range(300):
        cl.assign(i, f"Story number {i} about topic{i} in place{i}", T0 + timedelta(hours=i))
    assert len(cl.clusters) < 60   # developments out of the window left the index


DAM = ["Nova Kakhovka dam destroyed, flooding villages downstream",
       "Kherson residents flee as Kakhovka dam breach floods streets",
       "Zelensky blames Russia for blowing up the Kakhovka dam", "Kremlin denies destroying the Nova Kakhovka dam",
       "Water levels rise in Kherson after the Kakhovka dam collapse",
       "UN warns of a humanitarian disaster after Kakhovka dam breach",
       "Thousands evacuated from flooded towns below the Kakhovka dam",
       "Kakhovka dam collapse threatens drinking water in southern Ukraine",
       "Satellite images show the breached Kakhovka dam and flooded Kherson",
       "EU sends boats and pumps to areas flooded by the Kakhovka dam",
       "Kakhovka dam flooding leaves Kherson zoo animals dead", "Farmers fear for crops as Kakhovka reservoir drains",
       "Kakhovka dam breach: Zaporizhzhia nuclear plant cooling pond is safe, IAEA says",
       "Death toll from Kakhovka dam flooding rises in Kherson region"]


def test_a_big_development_takes_items_by_its_own_words_not_by_one_members_words():
    cl = Clusterer()
    ids = {cl.assign(i, text, T0 + timedelta(minutes=10 * i))[0] for i, text in enumerate(DAM)}
    dam = max(ids, key=lambda cid: cl.clusters[cid].n if cid in cl.clusters else 0)
    assert cl.clusters[dam].n >= 12
    # only one of the dam's headlines spoke of the nuclear plant: a visit to it is another story
    visit, _score, is_new, _ = cl.assign("v", "IAEA inspectors to visit Zaporizhzhia nuclear plant next week",
                                         T0 + timedelta(hours=3))
    assert is_new and visit != dam
    update, *_ = cl.assign("u", "Kakhovka dam flooding: death toll in Kherson rises to 16", T0 + timedelta(hours=3))
    assert update == dam


def test_the_next_days_coverage_of_the_same_theme_is_a_new_development():
    cl = Clusterer()
    for i in range(30):   # a store that has seen other stories, so that shared words are evidence
        cl.assign(f"bg{i}", f"Item {i} about subject{i} near town{i}", T0 - timedelta(hours=2) + timedelta(minutes=i))
    ban = [cl.assign(i, text, T0 + timedelta(minutes=30 * i))[0] for i, text in enumerate(
        ["US bans imports of Russian oil", "Biden signs ban on Russian oil imports",
         "US oil ban on Russian imports takes effect, White House says"])]
    assert len(set(ban)) == 1
    uk, _score, is_new, _ = cl.assign("uk", "UK to phase out imports of Russian oil by the end of the year",
                                      T0 + timedelta(hours=26))
    assert is_new and uk != ban[0]


def test_words_every_war_report_uses_join_nothing_by_themselves():
    cl = Clusterer()
    # a month of war reports, two days apart (none joins another): a tenth of them speak of a
    # convoy, shelling, a brigade and a depot, each in a story of its own
    for i in range(60):
        common = " convoy shelling brigade depot" if i % 10 == 0 else ""
        cl.assign(f"bg{i}", f"Report {i} on matter{i} at site{i}{common}", T0 - timedelta(days=2 * (60 - i)))
    a, *_ = cl.assign("a", "Convoy shelling hits brigade depot near Varnik", T0)
    # four such words are as much evidence as two rare ones, and say nothing of which story it is
    b, _score, is_new, _ = cl.assign("b", "Brigade depot convoy shelling reported by Lomtar", T0 + timedelta(hours=1))
    assert is_new and b != a
    # the place the first report named does
    c, *_ = cl.assign("c", "Varnik depot burns after convoy shelling", T0 + timedelta(hours=2))
    assert c == a


def test_the_inflections_of_a_word_are_one_term():
    assert stem("evacuation") == stem("evacuated") == stem("evacuating") == stem("evacuate")
    assert stem("surrender") == stem("surrendered") == stem("surrenders")
    assert stem("fighters") == stem("fighter") == stem("fight")


def test_outlets_romanisations_of_one_name_are_one_term():
    assert stem("sievierodonetsk") == stem("severodonetsk")
    assert stem("zelenskyy") == stem("zelenskiy") == stem("zelensky")
    assert stem("kharkiv") == stem("harkiv")
    assert stem("slovyansk") == stem("sloviansk") and stem("izyum") == stem("izium")
    assert stem("mykolayiv") == stem("mykolaiv")
    # an accented name is one word, spelled as English copy spells it, its apostrophe no part of it
    assert terms("Slovak President Čaputová in Kyiv") == terms("Slovak President Chaputova in Kyiv")
    assert "aput" not in terms("Visit of Čaputová")
    assert terms("Shelling of Mariupol' goes on") == terms("Shelling of Mariupol goes on")


def test_the_fold_leaves_english_words_apart():
    assert stem("planned") == stem("plan")   # a doubled consonant is one
    assert len({stem(w) for w in ("good", "god", "loot", "lot", "meet", "met", "field", "fold")}) == 8


def test_two_outlets_spellings_of_one_town_join_one_development():
    cl = Clusterer()
    cl.assign(0, "Explosions heard in Lviv overnight", T0 - timedelta(hours=1))
    a, *_ = cl.assign(1, "Russian troops enter Sievierodonetsk", T0)
    b, *_ = cl.assign(2, "Fighting in Severodonetsk city streets, Russian troops advance", T0 + timedelta(minutes=40))
    c, *_ = cl.assign(3, "Zelenskyy thanks Slovak president", T0 + timedelta(hours=1))
    d, *_ = cl.assign(4, "Zelenskiy meets Slovak president", T0 + timedelta(hours=1, minutes=20))
    assert a == b and c == d and a != c


def test_two_outlets_spellings_of_one_town_are_one_development_in_the_store(store, options, tmp_path):
    arts = [{"id": "s1", "published": "2022-05-27T08:00:00+00:00", "outlet": "ukrinform.net",
             "title": "Russian troops enter Sievierodonetsk", "text": "Russian troops enter Sievierodonetsk"},
            {"id": "s2", "published": "2022-05-27T08:40:00+00:00", "outlet": "censor.net",
             "title": "Fighting in Severodonetsk city streets, Russian troops advance",
             "text": "Fighting in Severodonetsk city streets, Russian troops advance"}]
    assert not _load(store, options, tmp_path, _made_up_headlines(6, "2022-05-26") + arts).failed
    with store.read() as conn:
        assert any(sorted(d["articles"]) == ["s1", "s2"] for d in list_developments(conn, limit=100))


MUTINY = ["Wagner fighters seize military headquarters in Rostov, Prigozhin says",
          "Prigozhin says Wagner fighters are marching toward Moscow",
          "Moscow mayor declares counter-terrorism regime across the capital",
          "Wagner chief Prigozhin's fighters head for the capital as Moscow mayor declares counter-terrorism regime"]


def test_an_item_that_bridges_two_developments_merges_them():
    cl = Clusterer()
    ids = [cl.assign(i, text, T0 + timedelta(minutes=10 * i)) for i, text in enumerate(MUTINY)]
    assert ids[0][0] == ids[1][0] != ids[2][0]          # two vocabularies: two developments at first
    keep, _score, is_new, merged = ids[3]
    assert (keep, is_new, merged) == (ids[0][0], False, [ids[2][0]])
    assert sorted(cl.clusters[keep].members) == [0, 1, 2, 3]
    other, *_ = cl.assign(9, "Dnipro apartment block hit by missile", T0 + timedelta(hours=1))
    assert other != keep


def test_clustering_never_merges_an_editors_development():
    cl = Clusterer()
    ids = [cl.assign(i, text, T0 + timedelta(minutes=10 * i)) for i, text in enumerate(MUTINY[:3])]
    cl.clusters[ids[2][0]].pinned = True
    keep, _score, _new, merged = cl.assign(3, MUTINY[3], T0 + timedelta(minutes=30))
    assert merged == [] and ids[2][0] in cl.clusters
    without_bridges = Clusterer(merge_threshold=None)
    for i, text in enumerate(MUTINY):
        *_, merged = without_bridges.assign(i, text, T0 + timedelta(minutes=10 * i))
        assert merged == []


def test_a_bridge_between_events_in_different_countries_merges_nothing():
    # a barrage on Ukrainian cities and an explosion in a Polish village hours later are two
    # developments, even when a headline names both
    # (the two share a word of their own, "missile", so that without a gazetteer the bridge would
    # merge them: see the next assertion)
    texts = ["Russian missiles strike power plants in Kyiv and Lviv",
             "Kyiv and Lviv without power after Russian missile strikes on plants",
             "Explosion kills two farm workers in Przewodow village in eastern Poland",
             "Poland convenes security council after Przewodow village missile explosion kills two",
             "Russian missiles that struck power plants in Kyiv also hit Przewodow village in Poland, explosion kills two"]
    for places, merges in ((None, []), (lambda word: None, [2])):   # without a gazetteer it would merge
        cl = Clusterer(places=places)
        got = [cl.assign(i, text, T0 + timedelta(minutes=10 * i)) for i, text in enumerate(texts)]
        assert [g[0] for g in got[:4]] == [1, 1, 2, 2]
        assert got[4][3] == merges


BURST = ["Wagner mutiny: Prigozhin's fighters seize Russian army headquarters in Rostov",
         "Wagner mutiny: Prigozhin's fighters hold Rostov army headquarters, Russian officials say",
         "Wagner mutiny: Prigozhin's convoy leaves Rostov heading north",
         "Wagner mutiny: Prigozhin says his fighters will not surrender to the Russian army",
         "Wagner mutiny: Prigozhin's convoy passes Voronezh",
         "Wagner mutiny: Prigozhin turns his fighters back under a Kremlin deal",
         "Wagner mutiny: Prigozhin's fighters leave Rostov headquarters"]


def test_a_breaking_story_takes_in_the_small_developments_around_it():
    cl = Clusterer()
    first, *_ = cl.assign(0, BURST[0], T0)
    # reactions in other words, before the story dominates the hours: developments of their own
    side, *_ = cl.assign(1, "Britain urges all parties in Russia to show restraint", T0 + timedelta(minutes=5))
    poland, *_ = cl.assign(2, "Explosion kills two farm workers in Przewodow village in eastern Poland",
                           T0 + timedelta(minutes=6))
    assert side != first and poland != first and cl.swept == []
    for i, text in enumerate(BURST[1:], start=3):
        cl.assign(i, text, T0 + timedelta(minutes=10 * i))
    # the mutiny now holds most of the last hours: the reaction that names Russia joined it; the
    # explosion set in Poland did not, and nothing merged into an editor's development
    assert cl.current(side) == cl.current(first) and side not in cl.clusters
    assert cl.current(poland) == poland and poland in cl.clusters
    assert sorted(cl.clusters[cl.current(first)].members) == [0, 1, *range(3, 3 + len(BURST) - 1)]


def test_a_breaking_story_told_by_four_outlets_takes_in_the_reactions_around_it():
    # the same hours as above, each headline told by four outlets a few minutes apart: every
    # reaction is four items, and small is measured against the story's own items in the hours
    cl = Clusterer()
    n = 0

    def told(text, when):
        nonlocal n
        ids = []
        for outlet in range(4):
            ids.append(cl.assign(n, text, when + timedelta(minutes=outlet))[0])
            n += 1
        return ids

    first = told(BURST[0], T0)[0]
    side = told("Britain urges all parties in Russia to show restraint", T0 + timedelta(minutes=5))[0]
    poland = told("Explosion kills two farm workers in Przewodow village in eastern Poland", T0 + timedelta(minutes=6))[0]
    assert side != first and poland != first
    for i, text in enumerate(BURST[1:], start=3):
        told(text, T0 + timedelta(minutes=10 * i))
    assert cl.current(side) == cl.current(first)
    assert cl.current(poland) == poland and poland in cl.clusters


def test_a_fragmented_day_sweeps_nothing():
    cl = Clusterer()
    texts = ["Russian missile strike on Dnipro apartment block kills 12", "Finland's parliament approves NATO law",
             "Zelenskyy visits troops near Bakhmut", "EU agrees new sanctions on Russian diamonds",
             "Poland to send more tanks to Ukraine", "Kharkiv mayor says power restored", "Moldova expels Russian diplomat"]
    for i, text in enumerate(texts):
        cl.assign(i, text, T0 + timedelta(minutes=20 * i))
        assert cl.swept == []


def test_the_headlines_of_one_news_conference_are_one_development():
    cl = Clusterer()
    other, *_ = cl.assign(0, "Blinken urges the UN not to accept Russian war crimes as normal", T0)
    presser = ["Zelensky says peace talks with Putin are off the table",
               "Zelensky: Kyiv is open to Beijing's help if borders are respected",
               "Moldova needs protecting from Russian pressure, Zelensky says",
               "Zelensky says his hardest day was visiting Bucha after its liberation",
               "Zelensky spoke to reporters in Kyiv. Here are the main points"]
    ids = [cl.assign(i, text, T0 + timedelta(minutes=15 * i))[0] for i, text in enumerate(presser, start=1)]
    # the subjects share no words; the speaker and the hour make them one development
    assert len({cl.current(i) for i in ids}) == 1, [cl.current(i) for i in ids]
    assert cl.current(other) == other and other not in {cl.current(i) for i in ids}
    # a day later the same speaker on other subjects is another development
    later = [cl.assign(10 + i, text, T0 + timedelta(days=1, minutes=15 * i))[0] for i, text in enumerate(
        ["Zelensky says air defence held overnight", "Zelensky: grain corridor must stay open",
         "Energy workers deserve medals, Zelensky says"])]
    assert not {cl.current(i) for i in later} & {cl.current(i) for i in ids}



def test_headline_forms_that_name_a_speaker():
    assert quoted_speaker("SOON: President Zelensky will deliver remarks at 10 a.m. ET") == "Zelensky"
    assert quoted_speaker("NOW: President Zelensky is delivering remarks on the anniversary") == "Zelensky"
    assert quoted_speaker("JUST IN: Macron to address the nation tonight") == "Macron"
    assert quoted_speaker('Biden on the oil ban: "Defending freedom is going to cost"') == "Biden"
    assert quoted_speaker("Biden on the oil ban: what the decision means for prices") is None
    # a call is no speech; a country delivering arms is no speaker
    assert quoted_speaker("Biden will speak with the Polish president shortly") is None
    assert quoted_speaker("Germany will deliver more tanks to Ukraine") is None


def test_a_long_news_conference_stays_one_development():
    """Announced in advance and quoted for five hours: the late headlines still find the development
    made of the speaker's headlines, though the hours before them hold only a few of them."""
    cl = Clusterer()
    heads = ["SOON: President Zelensky will deliver remarks on the first anniversary",
             "NOW: President Zelensky is delivering remarks on the first anniversary",
             '"Victory will come this year," Zelensky says on the first anniversary',
             "Reporters killed covering the fighting will be remembered, Zelensky says",
             "Zelensky: Kyiv is ready to work with Beijing if borders are respected",
             "Zelensky says he will not sit down with Putin",
             "The liberation of Bucha was the darkest moment, Zelensky says",
             "Zelensky says Moldova must be shielded from Moscow's pressure",
             "Zelensky says questions about his family are the hardest",
             "Zelensky says he hopes to meet China's leader"]
    minutes = [0, 40, 80, 85, 110, 140, 170, 200, 240, 300]
    # the day's other news, two headlines after each of the speaker's: no breaking story here
    others = iter(_made_up_headlines(2 * len(heads), "2023-03-10"))
    ids = []
    for i, (text, m) in enumerate(zip(heads, minutes, strict=True)):
        ids.append(cl.assign(i, text, T0 + timedelta(minutes=m))[0])
        for k in (1, 2):
            other = next(others)
            cl.assign(other["id"], other["title"], T0 + timedelta(minutes=m + 5 * k))
    assert len({cl.current(i) for i in ids}) == 1, [cl.current(i) for i in ids]



def test_the_decision_maker_of_a_headline():
    assert decision_maker("Sweden pledges Leopard 2 tanks to Ukraine") == "SE"
    assert decision_maker("First Polish Leopard 2 tanks delivered to Ukraine, defense ministry says") == "PL"
    assert decision_maker("NOW: White House announces new sanctions on Russian banks") == "US"
    assert decision_maker("UK to phase out Russian oil imports by the end of the year") == "GB"
    # a reaction, a request or a speech decides nothing; an object or a modifier decides nothing
    assert decision_maker("Ukrainian president thanks Biden for banning Russian oil imports") is None
    assert decision_maker("Kyiv asks the US to send more air defense systems") is None
    assert decision_maker("NOW: Biden delivers remarks with Swedish and Finnish leaders") is None
    assert decision_maker("UN General Assembly suspends Russia from the Human Rights Council") is None
    assert decision_maker("Leopard 2 tanks arrive in Ukraine") is None
    # the headline of "headline. lead" ends at a full stop that closes no initial
    text = item_text("U.S. to send 31 Abrams tanks to Ukraine", "The Pentagon confirmed the plan. Deliveries start in May.")
    assert headline_of(text) == "U.S. to send 31 Abrams tanks to Ukraine"
    assert decision_maker(headline_of(text)) == "US"


def test_two_governments_decisions_on_one_theme_are_two_developments():
    cl = Clusterer()
    sweden, *_ = cl.assign(0, "Sweden pledges Leopard 2 tanks and air defence to Ukraine", T0)
    germany, *_ = cl.assign(1, "Germany will send more Leopard 2 tanks and air defence to Ukraine",
                            T0 + timedelta(minutes=30))
    assert germany != sweden
    # the same government's next word on its decision, and a report that decides nothing, still join
    again, *_ = cl.assign(2, "Germany will send the Leopard 2 tanks and air defence to Ukraine by spring",
                          T0 + timedelta(minutes=60))
    assert cl.current(again) == cl.current(germany)
    report, *_ = cl.assign(3, "Leopard 2 tanks and air defence from Sweden arrive in Ukraine",
                           T0 + timedelta(minutes=90))
    assert cl.current(report) in {cl.current(sweden), cl.current(germany)}
    # a headline that speaks of both decisions bridges nothing: they stay two developments
    cl.assign(4, "Leopard 2 tanks and air defence for Ukraine: what Sweden and Germany are sending",
              T0 + timedelta(minutes=120))
    assert cl.current(sweden) != cl.current(germany)


ARTS = [
    {"id": "d1", "published": "2023-03-10T08:00:00+00:00", "title": "Missile strike on Dnipro apartment block",
     "outlet": "Wire A", "text": "A Russian missile struck an apartment block in Dnipro on Friday, killing 12 people, officials said."},
    {"id": "d2", "published": "2023-03-10T14:00:00+00:00", "title": "Dnipro apartment block toll rises after missile strike",
     "outlet": "Wire B", "text": "The toll from the missile strike on an apartment block in Dnipro rose to 19 people killed on Friday."},
    {"id": "d3", "published": "2023-03-10T15:00:00+00:00", "title": "Finland's parliament approves NATO membership law",
     "outlet": "Wire A", "text": "Finland's parliament approved the law needed for NATO membership on Friday, the speaker said."},
]


def _load(store, options, tmp_path, arts=ARTS):
    f = tmp_path / "d.jsonl"
    f.write_text("".join(json.dumps(a) + "\n" for a in arts))
    return ingest(store, [str(f)], options.with_(read=True), progress=False)


def _made_up_headlines(n: int, day: str) -> list[dict]:
    """Headlines of words no other headline uses: a store's other stories."""
    import random

    rng = random.Random(7)

    def word() -> str:
        return "".join(rng.choice("bcdfghklmnprstvz") + rng.choice("aeiou") for _ in range(3))

    return [{"id": f"bg{i}", "published": f"{day}T{8 + i // 4:02d}:{i % 4 * 15:02d}:00+00:00",
             "title": (h := f"{word().title()} {word()} {word()} in {word().title()}"), "text": h} for i in range(n)]


MUTINY_DAY = ["Prigozhin's Wagner fighters seize Rostov military headquarters",
              "Putin calls Wagner mutiny a betrayal and vows punishment",
              "Moscow declares counter-terrorism regime as Wagner column heads north",
              "Wagner convoy passes Voronezh on the road to Moscow",
              "Lipetsk governor says Wagner fighters are moving through the region",
              "Kremlin says Prigozhin will leave for Belarus under a deal"]


def test_a_store_fed_in_small_batches_clusters_as_one_batch_does(store, options, tmp_path):
    # two days after the store's other stories (out of the time window): how rare the mutiny's
    # words are is counted over every development the store made, whatever the batches
    arts = _made_up_headlines(40, "2023-06-21") + [
        {"id": f"m{i}", "published": f"2023-06-24T09:{i * 5:02d}:00+00:00", "title": h, "text": h}
        for i, h in enumerate(MUTINY_DAY)]
    for a in arts:   # as a poller would: one article at a time
        _load(store, options, tmp_path, [a])
    whole = Store(str(tmp_path / "whole.db"))
    _load(whole, options.with_(db=whole.db), tmp_path, arts)
    with store.read() as conn, whole.read() as conn2:
        one_by_one = sorted(sorted(d["articles"]) for d in list_developments(conn, limit=1000))
        at_once = sorted(sorted(d["articles"]) for d in list_developments(conn2, limit=1000))
    whole.close()
    assert one_by_one == at_once
    assert any(len(d) > 1 and d[0].startswith("m") for d in at_once)   # the mutiny's headlines did cluster


def test_a_headline_with_an_endless_word_is_clustered_like_any_other(store, options, tmp_path):
    word = "-".join(["never"] * 30)   # longer than the store keeps counts for
    arts = [{"id": f"w{i}", "published": f"2023-06-24T09:0{i}:00+00:00", "title": f"Kharkiv {word} shelling {i}",
             "text": f"Kharkiv {word} shelling {i}"} for i in range(2)]
    for a in arts:
        assert not _load(store, options, tmp_path, [a]).failed
    with store.read() as conn:
        assert sorted(a for d in list_developments(conn) for a in d["articles"]) == ["w0", "w1"]


def test_term_rarity_of_an_older_store_is_counted_from_its_developments(store, options, tmp_path):
    from livebrief.aggregate import developments

    _load(store, options, tmp_path, _made_up_headlines(6, "2023-06-21") + ARTS)
    with store.read() as conn:
        kept = dict(conn.execute(t.term_developments.select()).all())
        some_id = conn.execute(t.articles.select().limit(1)).first().id
    assert kept["dnipro"] == 1 and kept[stem("missile")] == 1 and len(kept) > 30
    # a store migrated to 012 before the counts were kept, or to 017 or 018 (the terms changed): the
    # table is there, empty; the clusterer of a new process counts it before it places anything
    from livebrief.store.db import _m017_term_stems, _m018_term_folds

    for migration in (_m017_term_stems, _m018_term_folds):
        with store.write() as conn:
            migration(conn)
            assert conn.execute(t.term_developments.select()).first() is None
        developments._COUNTED.clear()
        developments.assign(store, [some_id])
        with store.read() as conn:
            assert dict(conn.execute(t.term_developments.select()).all()) == kept


def test_ingest_assigns_developments_and_json_lists_input_ids(store, options, tmp_path):
    _load(store, options, tmp_path)
    with store.read() as conn:
        devs = list_developments(conn)
    groups = sorted(sorted(d["articles"]) for d in devs)
    assert groups == [["d1", "d2"], ["d3"]]
    dnipro = next(d for d in devs if "d1" in d["articles"])
    assert dnipro["sources"] == ["Wire A", "Wire B"] and dnipro["importance"] > 0
    assert dnipro["summary"] and all(s["article_id"] for s in dnipro["summary"])
    assert {c["killed"] for c in dnipro["facts"]["casualties"]} == {12, 19}


def test_duplicate_lands_in_its_originals_development(store, options, tmp_path):
    copy = {**ARTS[0], "id": "d1-copy"}
    _load(store, options, tmp_path, ARTS + [copy])
    with store.read() as conn:
        devs = list_developments(conn)
    assert any({"d1", "d1-copy"} <= set(d["articles"]) for d in devs)


def test_duplicate_ids_are_listed_whole_and_in_order(store, options, tmp_path):
    """Copies' ids are strung together by the database with a separator; an id that carries the
    separator itself still comes back whole."""
    copies = [{**ARTS[0], "id": i} for i in ("d1-copy-b", "d1\x1fodd", "d1-copy-a")]
    _load(store, options, tmp_path, ARTS + copies)
    with store.read() as conn:
        (dev,) = [d for d in list_developments(conn) if "d1" in d["articles"]]
    assert dev["articles"][:2] == ["d1", "d2"]
    assert sorted(dev["articles"][2:]) == sorted(["d1-copy-b", "d1\x1fodd", "d1-copy-a"])


def test_changes_report_the_moved_toll_and_its_source(store, options, tmp_path):
    _load(store, options, tmp_path, ARTS[:1])
    with store.read() as conn:
        # the last write of the first load (reading and clustering come after ingested_at)
        cut = max(conn.execute(t.developments.select()).first().updated_at,
                  conn.execute(t.articles.select()).first().read_at or "")
    import time

    time.sleep(1.1)  # ingested_at has one-second resolution
    # ingested_at has whole seconds (read_at microseconds): the next whole second after the cut
    since = datetime.fromisoformat(cut).replace(microsecond=0) + timedelta(seconds=1)
    _load(store, options, tmp_path, ARTS[1:])
    with store.read() as conn:
        ch = changes(conn, since.isoformat())
    assert [(f["old"], f["new"]) for f in ch["figures_changed"]] == [(12, 19)]
    assert [d["articles"] for d in ch["new_developments"]] == [["d3"]]


def test_merge_and_split_stick_when_new_articles_arrive(store, options, tmp_path):
    _load(store, options, tmp_path)
    with store.read() as conn:
        devs = {tuple(sorted(d["articles"])): d["id"] for d in list_developments(conn)}
    dnipro, finland = devs[("d1", "d2")], devs[("d3",)]
    merge(store, dnipro, [finland], by="test")
    with store.read() as conn:
        assert sorted(list_developments(conn)[0]["articles"]) == ["d1", "d2", "d3"]
        d2_id = conn.execute(t.articles.select().where(t.articles.c.input_id == "d2")).first().id
    out = split(store, dnipro, [d2_id], by="test")
    later = [{"id": "d4", "published": "2023-03-10T18:00:00+00:00", "title": "Dnipro mourns victims of apartment strike",
              "text": "Dnipro held a day of mourning on Saturday for the victims of the missile strike on the apartment block."}]
    _load(store, options, tmp_path, later)
    with store.read() as conn:
        members = {d["id"]: sorted(d["articles"]) for d in list_developments(conn)}
        decisions = conn.execute(t.decisions.select()).all()
    assert members[out["new_development"]][:1] == ["d2"]       # the split holds
    assert "d3" in members[dnipro]                             # the merge holds
    assert [d.kind for d in decisions] == ["merge", "split"]


def test_api_writes_need_an_editor_token(store, options, tmp_path):
    _load(store, options, tmp_path)
    _tid, token = auth.create_token(store, "editor", "desk")
    with store.read() as conn:
        ids = [d["id"] for d in list_developments(conn)]
    with serving(create_app(store)) as base:
        url = f"{base}/api/developments/{ids[0]}/merge"
        assert httpx.post(url, json={"others": ids[1:]}).status_code == 401
        assert httpx.post(url, json={"others": ids[1:]}, headers={"Authorization": "Bearer nope"}).status_code == 401
        ok = httpx.post(url, json={"others": ids[1:]}, headers={"Authorization": f"Bearer {token}"})
        assert ok.status_code == 200 and ok.json()["merged"] == ids[1:]
        assert httpx.get(f"{base}/api/developments").json()["developments"][0]["id"] == ids[0]
        assert httpx.get(f"{base}/developments/{ids[0]}").status_code == 200
        assert httpx.get(f"{base}/api/changes").status_code == 400
    assert auth.revoke_token(store, _tid) and auth.role_of(store, token) is None


def test_cli_developments_and_tokens(tmp_path):
    f = tmp_path / "d.jsonl"
    f.write_text("".join(json.dumps(a) + "\n" for a in ARTS))
    db = str(tmp_path / "c.db")
    assert run_cli("ingest", str(f), "--no-read", db=db).returncode == 0
    devs = json.loads(run_cli("developments", "--format", "json", db=db).stdout)
    assert sorted(sorted(d["articles"]) for d in devs) == [["d1", "d2"], ["d3"]]
    table = run_cli("developments", db=db).stdout.splitlines()
    assert table[0].split()[:2] == ["id", "importance"] and len(table) == 3
    created = run_cli("tokens", "create", "--role", "editor", db=db)
    assert created.stdout.startswith("token 1 (editor): lb_")
    assert json.loads(run_cli("tokens", "list", db=db).stdout)[0]["role"] == "editor"


def test_listing_columns_are_filled_when_an_older_store_is_migrated(store, options, tmp_path):
    """Migration 011 copies each member's publication time, outlet and input id next to its
    membership; a store from before it lists the same developments once migrated."""
    _load(store, options, tmp_path)
    with store.read() as conn:
        before = list_developments(conn)
    with store.write() as conn:
        conn.exec_driver_sql("DROP INDEX ix_devart_listing")
        for column in ("published", "outlet", "input_id"):
            conn.exec_driver_sql(f"ALTER TABLE development_articles DROP COLUMN {column}")
        conn.execute(t.migrations.delete().where(t.migrations.c.name == "011_development_listing"))
    assert store.migrate() == ["011_development_listing"]
    with store.read() as conn:
        rows = conn.execute(t.development_articles.select().order_by(t.development_articles.c.article_id)).all()
        assert [(r.input_id, r.outlet) for r in rows] == [("d1", "Wire A"), ("d2", "Wire B"), ("d3", "Wire A")]
        assert all(r.published.startswith("2023-03-10") for r in rows)
        after = list_developments(conn)
    assert [(d["id"], d["articles"], d["sources"], d["title"]) for d in after] == \
        [(d["id"], d["articles"], d["sources"], d["title"]) for d in before]
    assert any(len(d["articles"]) == 2 and d["sources"] == ["Wire A", "Wire B"] for d in after)


def test_a_listing_follows_new_readings_and_new_arrivals(store, options, tmp_path):
    """What a development shows is kept between requests per version of the development: a new
    reading of one of its articles (even within the same second) and a new article both show at
    once."""
    from livebrief.read.pipeline import Reading
    from livebrief.read.store import write_reading

    _load(store, options, tmp_path, ARTS[:1])

    def dnipro():
        with store.read() as conn:
            return next(d for d in list_developments(conn) if "d1" in d["articles"])

    first = dnipro()
    assert first["facts"]["casualties"] and first["places"]
    with store.write() as conn:
        art = conn.execute(t.articles.select().where(t.articles.c.input_id == "d1")).one()
        write_reading(conn, art.id, Reading(language="en", status="ok"), art.text, {})
    blank = dnipro()
    assert blank["facts"]["casualties"] == [] and blank["places"] == [] and blank["topics"] == []
    # a listing's copy is its own: changing it leaves the next listing as it was
    blank["summary"].clear()
    blank["facts"]["aid"].append({"donor": "nobody"})
    again = dnipro()
    assert again["summary"] and again["facts"]["aid"] == []
    _load(store, options, tmp_path, ARTS[1:2])
    grown = dnipro()
    assert grown["articles"] == ["d1", "d2"] and grown["facts"]["casualties"]


def test_a_merged_development_links_on_to_the_one_that_absorbed_it(store, options, tmp_path):
    arts = [{"id": f"m{i}", "published": f"2023-06-24T0{i}:00:00+00:00", "title": text, "text": text, "outlet": "Wire"}
            for i, text in enumerate(MUTINY)]
    _load(store, options, tmp_path, arts[:3])
    with store.read() as conn:
        before = {tuple(sorted(d["articles"])): d["id"] for d in list_developments(conn)}
    gone = before[("m2",)]
    keep = before[("m0", "m1")]
    _load(store, options, tmp_path, arts[3:])
    with store.read() as conn:
        after = [sorted(d["articles"]) for d in list_developments(conn)]
        decisions = [(d.kind, json.loads(d.payload), d.by) for d in conn.execute(t.decisions.select()).all()]
    assert after == [["m0", "m1", "m2", "m3"]]
    assert decisions == [("auto-merge", {"keep": keep, "others": [gone]}, "clustering")]
    with serving(create_app(store)) as base:
        for path in (f"/developments/{gone}", f"/developments/{gone}.json", f"/api/developments/{gone}"):
            r = httpx.get(base + path)
            assert r.status_code == 308 and r.headers["location"] == path.replace(str(gone), str(keep))
            assert httpx.get(base + path, follow_redirects=True).status_code == 200
        assert httpx.get(f"{base}/api/developments/{keep + gone + 100}").status_code == 404


def test_developments_read_back_from_the_store_keep_their_countries(store, options, tmp_path):
    # each arrival is clustered against developments loaded from the store: the country veto
    # must see their place names as the in-memory clusterer does
    # (the two share a word of their own, "missile", so that without a gazetteer the bridge would
    # merge them: see the next assertion)
    texts = ["Russian missiles strike power plants in Kyiv and Lviv",
             "Kyiv and Lviv without power after Russian missile strikes on plants",
             "Explosion kills two farm workers in Przewodow village in eastern Poland",
             "Poland convenes security council after Przewodow village missile explosion kills two",
             "Russian missiles that struck power plants in Kyiv also hit Przewodow village in Poland, explosion kills two"]
    for i, text in enumerate(texts):
        _load(store, options, tmp_path, [{"id": f"p{i}", "published": f"2022-11-15T1{i}:00:00+00:00", "title": text,
                                          "text": text, "outlet": "Wire"}])
    with store.read() as conn:
        groups = sorted(sorted(d["articles"]) for d in list_developments(conn))
        kinds = [d.kind for d in conn.execute(t.decisions.select()).all()]
    assert groups[:2] == [["p0", "p1"], ["p2", "p3", "p4"]] or groups[:2] == [["p0", "p1", "p4"], ["p2", "p3"]]
    assert "auto-merge" not in kinds


# one morning's coverage of a strike on a port: a news story behind a dateline, a signed opinion
# piece behind an audio prompt and an editor's note cut at an initial, and a letters page
FURNISHED = [
    {"id": "op1", "published": "2024-05-08T09:00:00+00:00", "url": "https://paper.example/opinion/2024/05/08/port",
     "text": "NEW You can now listen to Example News articles!\n\nEditor’s Note: Jane Roe is the Jonathan Q.\n\n"
             "Russian missiles struck the Odesa grain port again on Tuesday, killing three dock workers, and "
             "Europe looked away. The silence is a choice. Germany pledged 500 million euros in military aid to "
             "Ukraine last month, and it is not enough."},
    {"id": "nw1", "published": "2024-05-08T10:00:00+00:00", "url": "https://wire.example/world/2024/05/08/port",
     "text": "Odesa CNN —\n\nRussian missiles struck the Odesa grain port on Tuesday, destroying a terminal and killing "
             "two workers, port officials said. Ukraine seized nearly $5.5 million in assets of the port's Russian "
             "co-owner later that day."},
    {"id": "lt1", "published": "2024-05-08T11:00:00+00:00",
     "title": "Letters: Parliament owes the fishing towns a straight answer",
     "text": "Letters: Parliament owes the fishing towns a straight answer"},
    {"id": "nw2", "published": "2024-05-08T12:00:00+00:00",
     "text": "Ukraine seized nearly $5.5 million in assets of a Russian shipping firm, prosecutors said on Wednesday. "
             "The firm denied any wrongdoing."},
]


def _ids(store) -> dict[str, int]:
    with store.read() as conn:
        return dict(conn.execute(select(t.articles.c.input_id, t.articles.c.id)).tuples().all())


def test_developments_are_titled_from_news_never_from_furniture_or_opinion(store, options, tmp_path):
    _load(store, options, tmp_path, FURNISHED)
    ids = _ids(store)
    with store.read() as conn:
        genres = dict(conn.execute(select(t.articles.c.input_id, t.articles.c.genre)).tuples().all())
        devs = list_developments(conn)
    assert genres == {"op1": "opinion", "nw1": "news", "lt1": "letters", "nw2": "news"}
    titles = {d["title"] for d in devs}
    assert not any("listen" in x or "Editor" in x or x.startswith("Letters:") or x.endswith("Q.") or "CNN" in x
                   for x in titles), titles
    port = next(d for d in devs if "nw1" in d["articles"])
    assert port["title_article_id"] == ids["nw1"] and port["genre"] == "news"
    assert port["title"] == ("Russian missiles struck the Odesa grain port on Tuesday, destroying a terminal and "
                             "killing two workers, port officials said.")
    letters = next(d for d in devs if "lt1" in d["articles"])
    assert letters["title"] == "Parliament owes the fishing towns a straight answer" and letters["genre"] == "letters"


def test_summaries_keep_the_number_a_sentence_holds(store, options, tmp_path):
    _load(store, options, tmp_path, FURNISHED)
    with store.read() as conn:
        sentences = [s["sentence"] for d in list_developments(conn) for s in d["summary"]]
    assert "Ukraine seized nearly $5.5 million in assets of a Russian shipping firm, prosecutors said on Wednesday." \
        in sentences
    assert not any(s.endswith("$5.") for s in sentences)


def test_the_front_page_briefs_no_event_or_figure_from_opinion(store, options, tmp_path):
    from livebrief.publish.queries import briefing

    _load(store, options, tmp_path, FURNISHED)
    ids = _ids(store)
    with store.read() as conn:
        harmed_in = set(conn.execute(select(t.events.c.article_id).where(t.events.c.killed > 0)).scalars())
        aid_in = set(conn.execute(select(t.aid.c.article_id)).scalars())
        front = briefing(conn)
    assert {ids["op1"], ids["nw1"]} <= harmed_in    # both were read for their toll; only news is briefed
    assert ids["op1"] in aid_in
    assert ids["op1"] not in {s["article_id"] for p in front["aid"]["pledges"] for s in p["sources"]}
    assert ids["op1"] not in {e["article_id"] for e in front["civilians"] + front["territory"]}
    assert ids["nw1"] in {e["article_id"] for e in front["civilians"]}
    for d in front["latest"]:
        assert ids["op1"] not in {f["article_id"] for kind in d["facts"].values() for f in kind}
    # the latest developments are news: a letters page is no development of the war
    assert front["latest"] and all(d["genre"] == "news" for d in front["latest"])
    assert not any("lt1" in d["articles"] for d in front["latest"])


def test_genre_shows_on_article_pages_and_their_json(store, options, tmp_path):
    _load(store, options, tmp_path, FURNISHED)
    ids = _ids(store)
    with serving(create_app(store)) as base:
        assert httpx.get(f"{base}/articles/{ids['op1']}.json").json()["genre"] == "opinion"
        assert httpx.get(f"{base}/articles/{ids['nw1']}.json").json()["genre"] == "news"
        assert '<span class="genre">opinion</span>' in httpx.get(f"{base}/articles/{ids['op1']}").text
        listed = httpx.get(f"{base}/articles.json").json()["articles"]
        assert {a["input_id"]: a["genre"] for a in listed}["lt1"] == "letters"


def test_the_server_warms_its_caches_as_it_starts(store, options, tmp_path):
    from livebrief.publish import queries

    _load(store, options, tmp_path, FURNISHED)
    queries._DIGESTS.clear()
    app = create_app(store)
    with serving(app):
        assert app.state.warmed.wait(30)
        assert any(key[0] == str(store.engine.url) for key in queries._DIGESTS)


def test_an_older_store_gets_the_genre_column_empty_until_read(store, options, tmp_path):
    _load(store, options, tmp_path, FURNISHED[:1])
    with store.write() as conn:
        conn.exec_driver_sql("ALTER TABLE articles DROP COLUMN genre")
        conn.execute(t.migrations.delete().where(t.migrations.c.name == "013_article_genre"))
    assert store.migrate() == ["013_article_genre"]
    with store.read() as conn:
        assert conn.execute(select(t.articles.c.genre)).scalars().all() == [None]
        assert list_developments(conn)[0]["genre"] == "opinion"   # worked out for an article not read again


def _store_batches(store, options, tmp_path, batches: list[list[dict]]) -> list[list[str]]:
    """Ingest the batches one after another (as polls would); the developments' input ids."""
    for n, batch in enumerate(batches):
        f = tmp_path / f"batch{n}.jsonl"
        f.write_text("".join(json.dumps(a) + "\n" for a in batch))
        assert not ingest(store, [str(f)], options, progress=False).failed
    with store.read() as conn:
        rows = conn.execute(select(t.development_articles.c.development_id, t.articles.c.input_id)
                            .join(t.articles, t.articles.c.id == t.development_articles.c.article_id)).all()
    groups: dict[int, list[str]] = {}
    for dev, input_id in rows:
        groups.setdefault(dev, []).append(input_id)
    return sorted(sorted(g) for g in groups.values())


def _bcubed_f(a: list[list[str]], b: list[list[str]]) -> float:
    """B-cubed F1 of partition ``a`` against ``b`` (over the same items)."""
    ca = {x: set(g) for g in a for x in g}
    cb = {x: set(g) for g in b for x in g}
    p = sum(len(ca[x] & cb[x]) / len(ca[x]) for x in ca) / len(ca)
    r = sum(len(ca[x] & cb[x]) / len(cb[x]) for x in ca) / len(ca)
    return 2 * p * r / (p + r)


GRAIN = ["Grain ship leaves Odesa port through the Black Sea corridor",
         "Second grain ship sails from Odesa port as the corridor holds",
         "Odesa port loads a grain ship bound for Egypt",
         "Insurers agree to cover grain ships leaving Odesa port",
         "Black Sea corridor: a third grain ship leaves Odesa port",
         "Turkish navy escorts the Odesa grain ship across the Black Sea"]


GRAIN_AGAIN = ["Grain ship leaves Odesa port as the Black Sea corridor reopens",
               "Odesa port: grain ships queue again for the Black Sea corridor",
               "Black Sea corridor reopens and a grain ship sails from Odesa port",
               "Insurers return as grain ships leave Odesa port again"]


def _stories() -> list[dict]:
    """Four stories and their background, interleaved over one day, each item at its own minute,
    and three days later the same theme again (another development)."""
    items = [dict(a, published=f"2023-06-06T{8 + i // 4:02d}:{i % 4 * 15:02d}:00+00:00")
             for i, a in enumerate(_made_up_headlines(24, "2023-06-06"))]
    items += [{"id": f"dam{i}", "published": f"2023-06-06T{8 + (5 + 25 * i) // 60:02d}:{(5 + 25 * i) % 60:02d}:00+00:00",
               "title": h, "text": h} for i, h in enumerate(DAM)]
    items += [{"id": f"mut{i}", "published": f"2023-06-06T{9 + (10 + 20 * i) // 60:02d}:{(10 + 20 * i) % 60:02d}:00+00:00",
               "title": h, "text": h} for i, h in enumerate(MUTINY_DAY)]
    items += [{"id": f"odesa{i}", "published": f"2023-06-06T{10 + i // 2:02d}:{7 + i % 2 * 30:02d}:00+00:00",
               "title": h, "text": h} for i, h in enumerate(GRAIN)]
    items += [{"id": f"again{i}", "published": f"2023-06-09T{9 + i:02d}:20:00+00:00", "title": h, "text": h}
              for i, h in enumerate(GRAIN_AGAIN)]
    return sorted(items, key=lambda a: a["published"])


def test_developments_do_not_depend_on_arrival_order(store, options, tmp_path):
    import random

    items = _stories()

    def run(name: str, batches: list[list[dict]]) -> list[list[str]]:
        other = Store(str(tmp_path / f"{name}.db"))
        try:
            return _store_batches(other, options.with_(db=other.db), tmp_path / name, batches)
        finally:
            other.close()

    for name in ("in_order", "at_once", "shuffled"):
        (tmp_path / name).mkdir()
    in_order = run("in_order", [[a] for a in items])                    # a long run's result
    assert any(len(g) >= 10 for g in in_order) and any(g[0].startswith("odesa") and len(g) >= 4 for g in in_order)
    assert any(g[0].startswith("again") and len(g) >= 3 for g in in_order)
    shuffled = items[:]
    random.Random(3).shuffle(shuffled)
    assert run("at_once", [shuffled]) == in_order                         # one batch, any order
    reverse = _store_batches(store, options, tmp_path, [[a] for a in reversed(items)])
    in_batches = run("shuffled", [shuffled[k:k + 5] for k in range(0, len(shuffled), 5)])
    # late arrivals re-place what came after them; the term rarities of a long run are
    # approximated (a development's terms counted while it was open are not replayed)
    assert _bcubed_f(reverse, in_order) >= 0.95
    assert _bcubed_f(in_batches, in_order) >= 0.95


# ---------------------------------------------------------------- what a development shows: its coherent core

def test_items_are_one_story_by_a_word_few_developments_use_or_one_speaker():
    from livebrief.aggregate.coherence import Rarity, parts

    # a month's store: "president", "enemy" and "region" are in every tenth development; the rest
    # are one story's own words (each rare enough to link two items by itself: see ALONE_SHARE)
    rarity = Rarity({"president": 120, "enemy": 300, "region": 400, "inquiry": 4, "crimes": 5, "slovak": 2,
                     "borodianka": 1, "danilov": 3}, made=1000)
    bags = [{"inquiry": 1, "crimes": 1}, {"crimes": 1, "president": 1},        # the inquiry
            {"slovak": 1, "president": 1}, {"slovak": 1, "borodianka": 1},     # the visit
            {"enemy": 1, "region": 1}]                                          # a war report
    split = parts(bags, rarity)
    assert split.core == (0, 1) or split.core == (2, 3)
    assert sorted(map(sorted, (split.core, *split.others))) == [[0, 1], [2, 3], [4]]
    assert split.share == 0.4
    # one speaker's headlines are one appearance, whatever the subjects
    assert parts([{"enemy": 1}, {"region": 1}], rarity, ["Danilov", "Danilov"]).core == (0, 1)
    # in a young store every word that few developments used is a story's own
    assert parts([{"kherson": 1}, {"kherson": 1}], Rarity({"kherson": 2}, made=5)).core == (0, 1)


def test_the_form_of_a_headline():
    from livebrief.aggregate.coherence import title_form

    assert title_form("Rescuers pull four bodies from the rubble of a Kharkiv apartment block") == 0
    assert title_form("Debris in Kharkiv: Rescuers pull four bodies from the rubble of a house") == 1
    assert title_form("Assault on Sievierodonetsk: Battle of Donbas") == 2   # a rubric tells nothing
    assert title_form("Storm over Kyiv") == 2


RUBBLE = [("Debris in Kharkiv: Battle of Kharkiv", "Outlet A"),
          ("Rescuers pull four bodies from the rubble of a Kharkiv apartment block", "Outlet B"),
          ("Four bodies recovered from Kharkiv rubble after Russian strike", "Outlet C")]
VISIT = [("Slovak president tours Borodianka", "Outlet A"), ("Slovak head of state sees ruins of Borodianka", "Outlet B")]


def test_a_development_of_two_stories_shows_the_larger_and_ranks_as_it(store, options, tmp_path):
    arts = [{"id": f"r{i}", "published": f"2022-05-31T1{i}:00:00+00:00", "title": h, "text": h, "outlet": o}
            for i, (h, o) in enumerate(RUBBLE)]
    arts += [{"id": f"v{i}", "published": f"2022-05-31T1{i}:30:00+00:00", "title": h, "text": h, "outlet": o}
             for i, (h, o) in enumerate(VISIT)]
    ingest(store, [str(_jsonl(tmp_path, arts))], options.with_(read=False), progress=False)
    rubble, visit = (_gathered(store, prefix) for prefix in ("r", "v"))
    # one story: all its items, all its outlets; titled by a headline that tells what happened
    assert rubble["core_sources"] == ["Outlet A", "Outlet B", "Outlet C"] and rubble["related"] == []
    assert rubble["title"] != "Debris in Kharkiv: Battle of Kharkiv" and "bodies" in rubble["title"]
    # an editor's merge makes a development of two stories (as a chain of joins would): it shows
    # and ranks as the larger, the other listed as related with its outlets
    merge(store, rubble["id"], [visit["id"]], by="test")
    with store.read() as conn:
        both = next(d for d in list_developments(conn) if d["id"] == rubble["id"])
    assert sorted(both["articles"]) == ["r0", "r1", "r2", "v0", "v1"]
    assert both["title"] == rubble["title"] and both["coherence"] == 0.6
    assert sorted(r["title"] for r in both["related"]) == sorted(h for h, _o in VISIT)
    assert {r["outlet"] for r in both["related"]} == {"Outlet A", "Outlet B"}
    assert both["core_sources"] == rubble["core_sources"]
    assert both["importance"] == rubble["importance"]


def _gathered(store, prefix: str) -> dict:
    """The development holding every article whose input id starts with ``prefix`` (merged by an
    editor where clustering left them apart)."""
    with store.read() as conn:
        devs = [d for d in list_developments(conn) if any(a.startswith(prefix) for a in d["articles"])]
    if len(devs) > 1:
        merge(store, devs[0]["id"], [d["id"] for d in devs[1:]], by="test")
    with store.read() as conn:
        return next(d for d in list_developments(conn) if d["id"] == devs[0]["id"])


def _jsonl(tmp_path, arts):
    f = tmp_path / "two.jsonl"
    f.write_text("".join(json.dumps(a) + "\n" for a in arts))
    return f


def test_a_store_that_is_only_served_gets_its_emptied_term_counts_back(store, options, tmp_path):
    # migrations 017 and 018 empty the counts; serving a store (its warm-up) counts them again,
    # as clustering would, so the pages do not read every word as rare
    from livebrief.aggregate import developments as dv

    _load(store, options, tmp_path, FURNISHED)
    with store.write() as conn:
        conn.execute(t.term_developments.delete())
    dv._COUNTED.discard(store.url)   # a new process, which has not looked yet
    dv.ensure_term_counts(store)
    with store.read() as conn:
        assert conn.execute(select(func.count()).select_from(t.term_developments)).scalar() > 0


def test_the_front_page_briefs_harm_of_the_last_days_not_a_toll_from_years_before(store, options, tmp_path):
    from livebrief.publish.queries import briefing

    old = [{"id": "old1", "published": "2022-07-10T09:00:00+00:00",
            "text": "Russian shelling killed four civilians in Kramatorsk on Saturday, the governor said."},
           {"id": "new1", "published": "2024-05-08T09:00:00+00:00",
            "text": "A Russian missile strike killed three civilians in Kharkiv on Wednesday, the mayor said."}]
    _load(store, options, tmp_path, old)
    with store.read() as conn:
        recent = briefing(conn)
        every = briefing(conn, days=0)
    assert {e["place_name"] for e in recent["civilians"]} == {"Kharkiv"}
    assert {"Kharkiv", "Kramatorsk"} <= {e["place_name"] for e in every["civilians"]}
