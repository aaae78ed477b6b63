"""Events: type, actor, place and date on sentences the team wrote (published 2023-03-15, a
Wednesday), plus what is not an event."""
from __future__ import annotations

import pytest

from livebrief.read.nlp import get_nlp
from livebrief.read.pipeline import read_one

PUB = "2023-03-15"


def events(text):
    return read_one(get_nlp(), text, PUB).events


CASES = [
    # (sentence, type, sub_type, actor contains, place, date)
    ("Ukrainian forces recaptured the town of Lyman on Monday, the defense ministry said.",
     "strategic_development", "territorial change", "Ukrainian forces", "Lyman", "2023-03-13"),
    ("Russian troops withdrew from Kherson on Friday after months of fighting.",
     "strategic_development", "territorial change", "Russian troops", "Kherson", "2023-03-10"),
    ("Wagner fighters took control of the salt mine near Soledar on Tuesday.",
     "strategic_development", "territorial change", "Wagner", "Soledar", "2023-03-14"),
    ("Russian missiles struck a power plant near Kharkiv on Tuesday, cutting electricity to thousands.",
     "infrastructure", "attack on energy infrastructure", "Russian missiles", "Kharkiv", "2023-03-14"),
    ("Drones hit substations in the Odesa region overnight, the grid operator said.",
     "infrastructure", "attack on energy infrastructure", "Drones", "Odesa", PUB),
    ("Shelling damaged the water supply in Mykolaiv on Sunday.",
     "infrastructure", "attack on energy infrastructure", None, "Mykolaiv", "2023-03-12"),
    ("A Russian air strike destroyed a school in Sumy on Monday, killing three people.",
     "explosions_remote_violence", "air/drone strike", None, "Sumy", "2023-03-13"),
    ("Russian forces shelled the center of Kherson on Saturday, killing two civilians.",
     "explosions_remote_violence", "shelling/artillery/missile attack", "Russian forces", "Kherson", "2023-03-11"),
    ("A missile struck an apartment block in Dnipro on Saturday, killing 12 people.",
     "explosions_remote_violence", "shelling/artillery/missile attack", None, "Dnipro", "2023-03-11"),
    ("Russia launched 81 missiles at cities across Ukraine on Thursday.",
     "explosions_remote_violence", "shelling/artillery/missile attack", "Russia", "Ukraine", "2023-03-09"),
    ("Ukrainian troops repelled several attacks near Bakhmut on Tuesday, the general staff said.",
     "battles", "armed clash", "Ukrainian troops", "Bakhmut", "2023-03-14"),
    ("Russian and Ukrainian units clashed near Vuhledar on Sunday.",
     "battles", "armed clash", "Russian and Ukrainian units", "Vuhledar", "2023-03-12"),
    ("Russian soldiers executed five men in Bucha on Monday, investigators said.",
     "violence_against_civilians", "attack on civilians", "Russian soldiers", "Bucha", "2023-03-13"),
    ("More than 2,000 residents fled Avdiivka on Monday as shelling intensified.",
     "displacement", "displacement", None, "Avdiyivka", "2023-03-13"),
    ("Officials evacuated 300 children from Kupiansk on Tuesday.",
     "displacement", "displacement", "Officials", "Kupyansk", "2023-03-14"),
    ("Finland applied to join NATO on Wednesday.", "diplomacy", "accession step", "Finland", None, PUB),
    ("Hungary's parliament ratified Finland's membership on Monday.",
     "diplomacy", "accession step", None, "Finland", "2023-03-13"),
    ("EU leaders agreed to open accession talks with Ukraine on Thursday.",
     "diplomacy", "accession step", "EU leaders", "Ukraine", "2023-03-09"),
    ("The European Union adopted a new package of sanctions against Russia on Friday.",
     "diplomacy", "sanctions package", "European Union", "Russia", "2023-03-10"),
    ("Britain imposed sanctions on six Russian banks on Monday.",
     "diplomacy", "sanctions package", "Britain", None, "2023-03-13"),
    ("Zelenskyy met Polish President Andrzej Duda in Warsaw on Tuesday.",
     "diplomacy", "meeting", "Zelenskyy", "Warsaw", "2023-03-14"),
    ("The Chinese foreign minister visited Moscow on Monday for talks with Sergei Lavrov.",
     "diplomacy", "meeting", "foreign minister", "Moscow", "2023-03-13"),
    ("Scholz held talks with Biden in Washington on Friday.",
     "diplomacy", "meeting", "Scholz", "Washington", "2023-03-10"),
    ("The first Leopard tanks from Poland were delivered to Ukraine on Friday.",
     "aid", "delivery", None, "Poland", "2023-03-10"),
    ("The United States announced $400 million in military aid for Ukraine on Friday.",
     "aid", "pledge", "United States", "Ukraine", "2023-03-10"),
    ("Canada pledged four more Leopard tanks to Ukraine on Tuesday.",
     "aid", "pledge", "Canada", "Ukraine", "2023-03-14"),
    ("Ukrainian forces liberated the city of Melitopol, the regional governor said.",
     "strategic_development", "territorial change", "Ukrainian forces", "Melitopol", PUB),
    ("Russian forces captured Bakhmut in February, Moscow said.",
     "strategic_development", "territorial change", "Russian forces", "Bakhmut", "2023-02"),
    ("A drone strike hit an oil depot in Sevastopol on Wednesday.",
     "explosions_remote_violence", "air/drone strike", None, "Sevastopol", "2023-03-15"),
    ("Rockets hit the port of Odesa on Sunday, damaging grain silos.",
     "explosions_remote_violence", "shelling/artillery/missile attack", "Rockets", "Odesa", "2023-03-12"),
    ("The regional governor said 4,000 people were evacuated from Kherson on Monday.",
     "displacement", "displacement", None, "Kherson", "2023-03-13"),
    ("Russia annexed four Ukrainian regions on Friday.",
     "strategic_development", "territorial change", "Russia", None, "2023-03-10"),
    ("Russian troops entered Kherson on Monday, local officials said.",
     "strategic_development", "territorial change", "Russian troops", "Kherson", "2023-03-13"),
    ("Russian forces attacked positions near Kupiansk on Tuesday using Shahed drones.",
     "explosions_remote_violence", "air/drone strike", "Russian forces", "Kupyansk", "2023-03-14"),
    # forms no rule's cue names, read by the sentence model
    ("Russian troops fired mortars at Vovchansk on Tuesday, wounding two residents.",
     "explosions_remote_violence", "shelling/artillery/missile attack", "Russian troops", "Vovchansk", "2023-03-14"),
    ("A drone hit a grain silo in Izmail overnight, officials said.",
     "explosions_remote_violence", "air/drone strike", None, "Izma", PUB),
    # a weapon stopped before it struck (ACLED's disrupted weapons use), not a strike
    ("Air defence units shot down eleven attack drones over the Poltava region on Monday.",
     "strategic_development", "disrupted weapons use", "Air defence units", "Poltava", "2023-03-13"),
    ("Ukrainian sappers defused a tripwire mine on a road outside Izium on Sunday.",
     "strategic_development", "disrupted weapons use", "Ukrainian sappers", "Izyum", "2023-03-12"),
    # ... but when only some were stopped, or the debris hit a home, it is the strike
    ("Russia sent 20 drones against Odesa on Monday; 15 of them were intercepted.",
     "explosions_remote_violence", None, None, "Odesa", "2023-03-13"),
    ("Falling debris from an intercepted missile damaged a school in Bila Tserkva on Sunday.",
     "explosions_remote_violence", None, None, None, "2023-03-12"),
    # a battle has its shelling: the ground fighting is the event
    ("Fighting raged on the edge of Vuhledar on Monday while Russian guns shelled the town.",
     "battles", "armed clash", None, "Vuhledar", "2023-03-13"),
    ("Russian infantry assaults on Ukrainian positions near Marinka failed on Sunday, the general staff said.",
     "battles", "armed clash", None, "Mar'", "2023-03-12"),
    # people taken or property plundered, not a strike
    ("Occupying forces abducted the deputy head of a village council in Kakhovka district on Monday.",
     "violence_against_civilians", "abduction/forced disappearance", "Occupying forces", None, "2023-03-13"),
    ("Retreating soldiers looted shops and homes in Snihurivka on Friday, residents said.",
     "strategic_development", "looting/property destruction", "Retreating soldiers", "Snihurivka", "2023-03-10"),
]


@pytest.mark.parametrize("text,etype,sub,actor,place,day", CASES, ids=[c[0][:40] for c in CASES])
def test_event_cases(text, etype, sub, actor, place, day):
    evs = events(text)
    assert evs, f"no event in {text!r}"
    e = evs[0]
    assert (e["type"], e["sub_type"] if sub else None) == (etype, sub)
    if actor:
        assert e["actor"] and actor.lower() in e["actor"].lower(), e["actor"]
    if place:
        assert e["place_name"] and (place.lower()[:5] in e["place_name"].lower()), e["place_name"]
    if day:
        assert e["date"] == day
    assert text[e["start"]:e["end"]].strip() == text.strip()


@pytest.mark.parametrize("text", [
    "Russia could launch a new offensive in the spring, analysts warned.",
    "If Kyiv receives more tanks, it may recapture territory in the south.",
    "Moscow plans to capture the whole Donetsk region.",
    "The war has been going on for more than a year.",
    "\"We will liberate every village,\" the commander said.",
    # a verb that only looks like an event
    "The standoff between East and West has entered a dangerous phase, the defence minister said.",
    "The invasion entered its 67th day as envoys gathered in Geneva.",
    "Some 190 states have ratified the convention on cluster munitions.",
    "But I met many leaders of European countries who talked to him.",
    "The general spoke with journalists on the sidelines of the council meeting in Luxembourg.",
    "Rumours that the mayor had fled the city were false, his office said on Monday.",
    "His speeches have echoed Kremlin rhetoric since Russia captured Crimea.",
    # a running total is a figure (the quantities keep it), not the report of an event
    "More than 10,000 civilians have been killed since the invasion began, the UN said.",
    # history
    "In 1943 Soviet troops liberated Kharkiv from German occupation.",
    # a relative clause describes what the sentence is about; it reports no event of its own
    "Crowds gathered on the main square of Izium, a town that Ukrainian troops liberated last autumn.",
    # a tally of the war, in whatever words
    "Altogether 480 children have died in the war since February 2022, prosecutors said.",
    # what came before, told to frame someone's words
    "When the bridge was damaged in an apparent drone attack last year, the governor blamed saboteurs.",
    # a summary of many events, with no day of its own
    "Russian drones have hit Sumy almost every night in recent weeks, the mayor said.",
    # page furniture
    "Advertisement",
    "after newsletter promotion",
    "Ivan Petrenko/Pool/Reuters Images",
])
def test_not_events(text):
    assert events(text) == []


def test_in_an_article_a_running_total_is_no_event():
    # (an article's sentences report events far less often than a headline or a two-line note
    # does, and the sentence model's probabilities are read with that prior)
    text = ("The border crossing at Medyka was crowded on Tuesday. About 90,000 people have crossed into "
            "Poland from Ukraine since Saturday. Volunteers handed out soup and blankets. Trains to Krakow "
            "were full, the railway said.")
    sentence = "About 90,000 people have crossed into Poland from Ukraine since Saturday."
    start = text.index(sentence)
    assert [e for e in events(text) if e["start"] == start] == []


def test_in_an_article_a_hedged_sentence_is_analysis_and_a_count_since_a_moment_a_tally():
    text = ("Officials in Odesa counted the damage on Wednesday. The strike on the port was likely meant to "
            "disrupt grain exports, analysts at a think tank said. More than 3,000 residents have left the city "
            "since the first attack on the port. Cranes at the grain terminal were burned.")
    for sentence in ("The strike on the port was likely meant to disrupt grain exports, analysts at a think tank said.",
                     "More than 3,000 residents have left the city since the first attack on the port."):
        start = text.index(sentence)
        assert [e for e in events(text) if e["start"] == start] == [], sentence


def test_weapons_for_another_country_are_not_aid():
    # (whether it is a strategic development is the sentence model's call)
    assert [e for e in events("Putin announced the transfer of tactical nuclear weapons to Belarus last week.")
            if e["type"] == "aid"] == []


def test_background_is_not_an_event_of_the_report():
    assert events("Russia annexed Crimea in March 2014 after a disputed referendum.") == []


def test_claim_and_denial():
    claimed = events("Russia's defense ministry said its forces captured Krasnohorivka on Monday.")[0]
    assert claimed["claim"] == "claimed" and "ministry" in (claimed["source"] or "").lower()
    denied = events("Kyiv denied that Russian forces had captured Krasnohorivka on Monday.")[0]
    assert denied["claim"] == "denied" and denied["source"] == "Kyiv"


def test_casualties_attach_to_the_event():
    e = events("A missile struck a railway station in Kramatorsk on Friday, killing at least 50 people "
               "and wounding 100.")[0]
    assert (e["killed"], e["wounded"], e["target"]) == (50, 100, "railway station")
    assert (e["time_precision"], e["geo_precision"]) == (1, 1)


@pytest.mark.parametrize("text", [
    "There are no mountains separating this eastern metropolis from the border on Tuesday.",
    "The metadata on the videos showed they had been recorded two days earlier.",
    "He complained that promises made to Moscow had not been met.",
    "The proposal met with decisive criticism from Brussels on Friday.",
    "Hundreds of western firms withdrew from cooperation with Russian partners last year.",
])
def test_words_that_only_contain_an_event_verb(text):
    assert events(text) == []


def test_an_actor_is_named_not_the_dateline_nor_a_pronouns_and_according_to_names_the_source():
    nlp = get_nlp()
    for text, actor, source in (
            ("KHARKIV, Ukraine -- Ukrainian forces recaptured the town of Balakliia on Saturday, officials said.",
             "Ukrainian forces", "officials"),
            ("BUCHA, Ukraine -- Russian forces withdrew from Bucha on Saturday, Ukrainian officials said.",
             "Russian forces", "Ukrainian officials"),
            ("The Defense Ministry said its forces had captured the village of Krasnohorivka on Sunday.",
             None, "Defense Ministry"),
            ("Russian forces shelled Kherson on Sunday, killing two civilians, according to regional governor "
             "Oleksandr Prokudin.", "Russian forces", "Oleksandr Prokudin")):
        ev = read_one(nlp, text, "2022-09-11").events
        assert [(e["actor"], e["source"]) for e in ev] == [(actor, source)], text



def test_an_actor_is_who_acted_not_who_said_so_nor_what_it_befell():
    nlp = get_nlp()
    for text, actor in (
            # the speaker of the sentence is the source, not the actor of what is said
            ("Kyiv says nine rockets were fired at Kramatorsk on Monday night.", None),
            # a passive without its agent names what was hit, not who hit it
            ("Zaporizhzhia was shelled again on Monday night, the governor said.", None),
            ("Zaporizhzhia was shelled by Russian artillery on Monday night.", "Russian artillery"),
            # a sentence's frame is no actor
            ("Video showed a Russian rocket slamming into a school in Kherson on Monday.", None),
            ("Debris damaged three houses in Bucha overnight, officials said.", None),
            # who spoke of a strike did not strike
            ("The archbishop condemned the missile strike on a Lviv church on Sunday.", None),
            ("Moscow has accused Kyiv of carrying out drone strikes on oil depots in Bryansk.", None),
            # the news is the main clause, not what came a day before it
            ("The Austrian chancellor arrived in Kyiv on Monday, two days after the Pope met Zelenskyy in Rome.",
             "Austrian chancellor")):
        ev = read_one(nlp, text, PUB).events
        assert ev and ev[0]["actor"] == actor, (text, ev and ev[0]["actor"])


def test_aid_no_trigger_reads_is_read_with_the_sentence_model():
    # no rule's trigger of giving ("confirms donation of"): the model reads a report of aid, the
    # donor is the country the sentence names, the category its weapons'
    aid = read_one(get_nlp(), "Sweden confirms donation of Archer howitzers to Ukraine", PUB).aid
    assert [(a["donor_country"], a["category"], a["status"]) for a in aid] == [("SE", "military", "pledged")]


def test_aid_is_not_read_where_the_story_is_not_about_ukraine():
    assert read_one(get_nlp(), "Sweden confirms donation of Archer howitzers to Finland", PUB).aid == []


@pytest.mark.parametrize("text,donor", [
    ("Biden approved a $1 billion military aid package for Ukraine on Friday.", "US"),
    ("Chancellor Olaf Scholz announced 14 Leopard tanks for Ukraine on Wednesday.", "DE"),
])
def test_a_leader_who_gives_gives_for_the_country(text, donor):
    # one package, one donor, however the articles name the giver
    assert [a["donor_country"] for a in read_one(get_nlp(), text, PUB).aid] == [donor]


def test_another_recipient_of_a_package_is_no_donor():
    # "for Israel" receives, as Ukraine does: a bill's other recipients never give
    text = "The $95 billion package includes $61 billion for Ukraine and $26 billion for Israel."
    assert [a["donor_country"] for a in read_one(get_nlp(), text, PUB).aid] == []


@pytest.mark.parametrize("text,killed,wounded", [
    ("Russian rockets hit Kramatorsk on Tuesday. Two civilians were killed.", 2, None),
    ("Artillery shelled Nikopol overnight. A woman died and 3 people were injured, the governor wrote.", 1, 3),
    ("Russian troops shelled Kupiansk on Tuesday, killing 2 people. Another man was killed in Izium.", 2, None),
    # the killed and the wounded of one report, the wounded in a clause of their own
    ("Russian drones hit Nikopol on Sunday. One man was killed and two more injured in the town.", 1, 2),
    ("Russian rockets struck a market in Kostiantynivka on Monday. Two people are known to have died, and "
     "more than 20 people are on the list of the injured.", 2, 20),
])
def test_the_toll_of_the_next_sentence_is_the_events(text, killed, wounded):
    evs = events(text)
    assert [(e["killed"], e["wounded"]) for e in evs][:1] == [(killed, wounded)]
    assert sum(e["killed"] or 0 for e in evs[1:]) in (0, 1)


def test_a_toll_elsewhere_or_to_date_is_not_the_events():
    evs = events("Russian forces shelled Kherson on Monday. In Odesa, two people were killed by a drone.")
    assert [(e["place_name"], e["killed"]) for e in evs] == [("Kherson", None), ("Odesa", 2)]
    evs = events("Russian drones struck Sumy on Monday. 300 civilians have been killed in the region since "
                 "the invasion began.")
    assert [e["killed"] for e in evs] == [None]


def test_a_month_named_may_is_no_modal():
    evs = events("On 4 May 2023, there was an armed clash between Russian and Ukrainian units near Marinka.")
    assert [e["type"] for e in evs] == ["battles"]


def test_a_coders_note_puts_the_event_at_its_place():
    evs = events("Air defence shot down 4 drones over the Kherson region (coded to Kherson) on Monday.")
    assert [(e["place_name"], e["geo_precision"]) for e in evs] == [("Kherson", 1)]


def test_an_axis_is_the_area_it_names_not_the_town():
    evs = events("Russian troops attacked Ukrainian positions on the Lyman direction on Tuesday, the general staff said.")
    assert [(e["place_name"], e["geo_precision"]) for e in evs] == [("Lyman direction", 2)]
    evs = events("Russian troops attacked Ukrainian positions near Bilohorivka on the Lyman direction on Tuesday.")
    assert [e["place_name"] for e in evs] == ["Bilohorivka"]


def test_a_village_placed_at_its_oblasts_point_has_a_regions_precision():
    evs = events("On Monday, Russian forces shelled Zhovtoiarky, Sumy region, the regional governor said.")
    assert [(e["place_name"], e["geo_precision"], e["place"]) for e in evs] == [("Zhovtoiarky", 2, None)]


@pytest.mark.parametrize("text", [
    "Damage to a kindergarten in Sumy.",
    "Burned-out shops after the night's shelling.",
    "Apartment buildings damaged in Zaporizhzhia overnight.",
    "Crater next to a playground in Chernihiv.",
])
def test_damage_reported_without_its_weapon_is_an_explosion(text):
    assert [e["type"] for e in events(text)] == ["explosions_remote_violence"]


@pytest.mark.parametrize("text", [
    "Families returned on Sunday to destroyed houses in Irpin.",
    "The sanctions did lasting damage to the Russian economy.",
])
def test_damage_that_is_no_report_of_a_strike(text):
    assert [e for e in events(text) if e["type"] == "explosions_remote_violence"] == []


@pytest.mark.parametrize("text", [
    "Ukrainian troops captured two Russian tanks near Kupiansk on Monday.",
    "The soldiers said all the drones had been captured intact.",
])
def test_what_was_captured_is_no_territory(text):
    assert [e for e in events(text) if e["sub_type"] == "territorial change"] == []


def test_clashes_between_police_and_protesters_are_a_protest():
    evs = events("Clashes between police and protesters in Tbilisi left dozens hurt on Tuesday.")
    assert [e["type"] for e in evs][:1] == ["protests"]


def test_a_toll_after_a_paragraph_break_is_not_the_events():
    evs = events("Russian drones struck Odesa on Monday.\n\nFour soldiers were killed in Kursk last month.")
    assert [(e["place_name"], e["killed"]) for e in evs][:1] == [("Odesa", None)]


def test_a_capital_whose_side_someone_is_on_is_not_where_it_happened():
    got = events("Russian shelling killed four people in occupied parts of Ukraine, according to Moscow-installed officials.")
    assert [(e["place_name"], e["killed"]) for e in got] == [("Ukraine", 4.0)]
    got = events("Shelling of Kyiv-controlled Kostiantynivka killed two, Kremlin-backed officials said.")
    assert [e["place_name"] for e in got] == ["Kostyantynivka"]


def _at(text, sentence):
    start = text.index(sentence)
    return [e for e in events(text) if e["start"] == start]


@pytest.mark.parametrize("sentence", [
    # the occasion of somebody's words, or of another piece of news, told before it
    "When the Nova Kakhovka dam was blown up in occupied Kherson region, the minister blamed Kyiv.",
    "The appeal came after the discovery of dozens of graves in Balakliia, a town recently retaken by Ukrainian forces.",
    "The announcement came only hours after Russian rockets flew through Romanian airspace.",
    "The chancellor's trip to Kyiv follows the Indian prime minister's state visit to Moscow last week.",
    # what was to happen, and what someone ranks as
    "A reporter was supposed to graduate only a week after her colleague was savagely beaten in Dagestan.",
    "Mike Smith is the first governor to travel to Ukraine to meet with Zelenskyy this year.",
    ("The visits by Japan's prime minister to Kyiv and China's leader to Moscow underscore deep divisions in Asia "
     "over the war, with Tokyo pledging aid for Ukraine."),
    # the writer's own story
    "I travelled to Irpin on Tuesday with the mayor and toured streets of burned homes.",
    # a relative clause, however deep, describes its noun
    "She was led to a square where a grave was found and a road where families were bombed as they fled.",
    # a time long past that the dates reader leaves vague
    "Last summer, Chinese warships held large drills near the island.",
])
def test_background_told_around_the_news_is_no_event(sentence):
    # (in an article: a headline or a short note has no other news for its occasion to be background of)
    text = ("Officials in Kyiv met on Wednesday to discuss the budget. The session ran late. Several deputies "
            "left early. " + sentence + " The talks resume next week.")
    assert _at(text, sentence) == []


def test_an_event_in_the_words_reported_stays_though_a_clause_tells_what_came_before():
    got = events("Russia said its troops destroyed a fuel depot near Kramatorsk after Ukraine shelled Donetsk on Monday.")
    assert [(e["type"], e["place_name"]) for e in got] == [("explosions_remote_violence", "Kramatorsk")]


def test_a_cue_in_a_clause_of_what_came_before_gives_way_to_the_next_one():
    got = events("After Ukrainian drones struck a refinery in Tuapse, Russian artillery shelled Nikopol on Tuesday.")
    assert [e["place_name"] for e in got] == ["Nikopol"]


def test_a_pair_of_names_is_a_line_not_a_place():
    got = events("Shelling on both sides of the Russia-Ukraine border killed 7 people and wounded 9, officials said.")
    # (named as the sentence names it, with no point and no country of its own)
    assert [(e["place_name"], e["country"], e["lat"], e["killed"]) for e in got] == [("Russia-Ukraine border", None, None, 7.0)]


def test_a_place_in_a_clause_that_describes_another_is_not_where_it_happened():
    got = events("The presidency said a woman was killed and two more injured in Zaporizhzhia province, "
                 "which together with Kherson makes up the south.")
    assert [e["place_name"] for e in got] == ["Zaporizhia"]


def test_a_chronicle_of_dates_long_past_is_background_in_the_present_tense_too():
    text = ("Here is how the year unfolded.\n\n"
            "On March 3, 2022, Russian troops entered the port of Berdiansk.\n\n"
            "Russian forces shell Mykolaiv and Ukrainian troops repel an assault near the city.\n\n"
            "On April 8, 2022, a missile struck the station in Kramatorsk.\n\n"
            "On May 2, 2022, evacuees leave the steel plant in Mariupol.\n\n"
            "On Monday, drones hit Kharkiv, killing two people.")
    got = events(text)
    assert [e["place_name"] for e in got] == ["Kharkiv"]


def test_a_paragraph_that_opens_with_a_date_long_past_tells_it_throughout():
    text = ("On April 2, 2022, soldiers found bodies in a suburb of Kyiv. Russian forces shell Kharkiv in "
            "the weeks after.\n\nRussian forces shelled Kherson overnight, killing two people.")
    got = events(text)
    assert [e["place_name"] for e in got] == ["Kherson"]
    # (a span counted to the news is no time of a story: "Since ...")
    got = events("Since February 2022, Russia has fired thousands of missiles. Russian forces shelled Kharkiv overnight, killing two.")
    assert [e["place_name"] for e in got] == ["Kharkiv"]


def test_a_day_months_after_the_publication_is_no_current_event_but_a_years_span_says_nothing():
    # (a chronicle's past in the present tense reads as the next such day)
    assert events("On November 20, Ukrainian troops retake the town of Snihurivka.") == []
    got = events("Denmark pledged weapons worth $2bn to Ukraine, spread over the years up to 2027.")
    assert [e["type"] for e in got] == ["aid"]


def test_a_heading_run_into_the_next_paragraph_does_not_hide_its_date():
    text = ("A look back at the first months.\n\n- Part one: the retreat -\n\nOn April 1, 2022, Russian troops "
            "leave the towns north of Kyiv.\n\nUkrainian soldiers enter Bucha and find bodies in the streets.\n\n"
            "- Part two: the east -\n\nOn May 20, 2022, the last defenders leave the steel plant.\n\n"
            "On June 24, 2022, Ukraine withdraws its troops from Sievierodonetsk.\n\n"
            "Russian guns shell Lysychansk across the river.")
    assert events(text) == []


def test_an_axis_quoted_from_a_source_is_still_an_axis():
    got = events('The staff said Russian units were trying to advance "in the direction" of Huliaipole on Monday.')
    assert [e["place_name"] for e in got] == ["Hulyaypole direction"]


def test_a_short_notes_occasion_is_its_report():
    # (a headline or a two-line note has no other news for the occasion to be the background of)
    got = events("Residents of Okhtyrka report fires and broken windows after an overnight strike.")
    assert [e["type"] for e in got] == ["explosions_remote_violence"]


def test_the_toll_of_what_the_news_came_after_is_not_the_news():
    text = ("Fires broke out at an ammunition depot in Crimea on Tuesday. Smoke rose over the peninsula for "
            "hours. Trains were halted. The blasts come a week after two people were killed in similar blasts "
            "at an air base in Crimea. Officials gave no cause.")
    assert [e["killed"] for e in events(text)] == [None] * len(events(text))


@pytest.mark.parametrize("text,sub", [
    ("Russian soldiers arrested two local men in Kakhovka on Monday.", "abduction/forced disappearance"),
    ("Occupying troops took away a teacher in Melitopol on Sunday; her whereabouts remain unknown.",
     "abduction/forced disappearance"),
    ("Soldiers opened fire on a civilian car near Hostomel on Friday, killing a woman.", "attack on civilians"),
    ("Residents said soldiers beat a man to death in Yahidne on Tuesday.", "attack on civilians"),
])
def test_harm_done_by_hand_to_civilians_is_violence_against_civilians(text, sub):
    got = events(text)
    assert [(e["type"], e["sub_type"]) for e in got] == [("violence_against_civilians", sub)]


def test_where_a_weapon_came_from_is_not_where_it_struck():
    got = events("On Saturday, Russian cruise missiles were fired from bombers flying over neighbouring Belarus.")
    assert [e["place_name"] for e in got] == [None]
    got = events("Missiles launched from ships in the Black Sea struck Odesa on Sunday.")
    assert [e["place_name"] for e in got] == ["Odesa"]


def test_a_place_in_a_clause_of_what_came_before_and_the_dateline_are_not_the_events():
    got = events("Seoul CNN —  South Korea's president has made an unannounced trip to Ukraine to see its leader, "
                 "one day after the Brazilian president met his Russian counterpart in Moscow.")
    assert [(e["type"], e["place_name"]) for e in got] == [("diplomacy", "Ukraine")]


def test_a_place_in_a_clause_of_the_same_moment_is_the_events():
    got = events("Three rail depots in western Ukraine were targeted on Monday, with four people killed and "
                 "nine injured when missiles fell in the Khmelnytskyi region.")
    assert [e["place_name"] for e in got] == ["Khmelnytskyi"]


@pytest.mark.parametrize("text,day,precision", [
    # a week in the past: its Monday, to a week's precision (PUB is a Wednesday)
    ("Russian drones struck Odesa's port last week, the navy said.", "2023-03-06", 2),
    ("Earlier this week, Russian artillery shelled Nikopol.", "2023-03-13", 2),
    ("Russian missiles hit a school in Sumy last month.", "2023-02", 2),
    ("Russian shelling hit a hospital in Kherson on Monday last week.", "2023-03-06", 1),
])
def test_an_event_of_last_week_or_month_is_dated_to_it(text, day, precision):
    assert [(e["date"], e["time_precision"]) for e in events(text)][:1] == [(day, precision)]


@pytest.mark.parametrize("text", [
    # who comes after the harm did not do it
    "Prosecutors and police officers are heading to Izium after a mass grave with more than 400 bodies was found there.",
    "Ukrainian rescuers search the rubble of an apartment block that a Russian missile destroyed in Dnipro on Sunday.",
    # a label of the page or the agency that filed the story is no party
    "Read more Russian drones struck Odesa overnight.",
])
def test_no_responder_nor_page_furniture_is_the_actor(text):
    evs = events(text)
    assert evs and evs[0]["actor"] is None


def test_a_label_of_the_page_leaves_the_actor_that_follows_it():
    evs = events("Continuation of the article: Russian missiles hit Kharkiv on Sunday.")
    assert [e["actor"] for e in evs][:1] == ["Russian missiles"]


def test_an_agency_reports_it_does_not_act():
    from livebrief.read.events import _furniture
    nlp = get_nlp()
    assert _furniture(nlp("AFP")[0:1]) and not _furniture(nlp("AFP")[0:1], source=True)
    assert _furniture(nlp("Continuation of the material")[0:4]) and not _furniture(nlp("Russian forces")[0:2])


def test_what_happened_as_the_strikes_came_is_not_where_they_fell():
    text = ("Russian missiles struck Kyiv overnight, the mayor said on Sunday. Air defence units shot down most "
            "of them, the air force said. Officials said several homes were damaged but gave no figure for the "
            "injured. The strikes came as leaders of the G7 began a summit in Bavaria, southern Germany. The "
            "leaders were expected to agree on new measures against Moscow. Ministers have argued for weeks over "
            "the next package, which Hungary has held up.")
    assert "Bavaria" not in [e["place_name"] for e in events(text)]


@pytest.mark.parametrize("text,place", [
    # the country that strikes is a side, not the place
    ("Five killed as Russia hits crucial rail infrastructure", None),
    ("Russia shelled border villages in Ukraine on Sunday.", "Ukraine"),
    ("Ukraine was hit by 30 missiles on Sunday.", "Ukraine"),
])
def test_the_country_that_strikes_is_not_where_it_struck(text, place):
    assert [e["place_name"] for e in events(text)][:1] == [place]


def test_who_found_the_dead_did_not_kill_them_but_what_was_found_may_have():
    assert [e["actor"] for e in events("Police found the bodies of five civilians who had been shot in a "
                                       "forest near Bucha on Monday.")][:1] in ([], [None])
    # (a participle of finding names what was found, which may be what struck; so may a weapon
    # that a verb of finding has as its subject)
    assert [e["actor"] for e in events("A Tochka-U rocket found in Kherson hit a residential street on "
                                       "Monday.")][:1] == ["A Tochka-U rocket"]
    from livebrief.read.events import WEAPON_NOUN
    assert WEAPON_NOUN.fullmatch("rocket") and WEAPON_NOUN.fullmatch("drones") and not WEAPON_NOUN.fullmatch("police")


def test_the_wounded_joined_to_the_toll_of_the_occasion_are_the_occasions():
    text = ("Explosions shook an airfield used by Russian jets in Crimea on Tuesday, officials there said. "
            "Black smoke hung over the runway until the evening. The blasts on Tuesday follow by a week an "
            "attack in which at least one man was killed and three more were injured at another airfield. "
            "Moscow spoke of sabotage.")
    assert [(e["killed"], e["wounded"]) for e in events(text)] in ([(None, None)], [(None, None), (None, None)])


def test_a_seized_airport_is_no_abduction_and_drones_flying_over_a_city_are_shot_down_there():
    got = events("Russian troops seized the local airport on Sunday, the governor said.")
    assert got and all(e["sub_type"] != "abduction/forced disappearance" for e in got)
    shot = events("Air defences shot down six drones flying over Kyiv overnight, the city's military administration said.")
    assert shot and shot[0]["place_name"] == "Kyiv"


@pytest.mark.parametrize("text,place", [
    # the venue, not a country the talks were about
    ("The Estonian prime minister met the Canadian defence minister on Monday, voicing alarm about Russia's "
     "build-up.", None),
    ("The Dutch king held talks with the Polish president in Gdansk on Tuesday about Belarus.", "Gdańsk"),
    ("Foreign ministers held the Bucharest meeting on Tuesday, talking about Moldova.", "Bucharest"),
    ("On Monday in Tallinn, talks of the defence ministers were held behind closed doors.", "Tallinn"),
    ("The Turkish foreign minister visited Kyiv on Monday.", "Kyiv"),
])
def test_a_meetings_place_is_its_venue_not_a_country_it_concerns(text, place):
    got = events(text)
    assert [(e["type"], e["place_name"]) for e in got][:1] == [("diplomacy", place)]


def test_what_words_report_keeps_its_place_and_a_strike_is_no_word_aimed_at_a_city():
    got = events("Britain's defence ministry said on Monday it had assessed that Ukrainian troops retook the "
                 "village of Robotyne.")
    assert [e["place_name"] for e in got][:1] == ["Robotyne"]
    assert [e["place_name"] for e in events("Russia attacked Kyiv with drones on Monday.")][:1] == ["Kyiv"]


def test_whom_words_are_aimed_at_is_not_where_anything_happened():
    got = events("The Kremlin accused Warsaw on Monday of escalating the war, as blasts hit a fuel depot in "
                 "Sevastopol.")
    assert got and all(e["place_name"] != "Warsaw" for e in got)


def test_cargo_that_arrives_is_no_meeting():
    got = events("A fourth shipload of Danish artillery shells arrived in Odesa on Thursday.")
    assert all(e["sub_type"] != "meeting" for e in got)
    assert [e["sub_type"] for e in events("The Danish prime minister arrived in Odesa on Thursday.")] == ["meeting"]


def test_where_the_source_speaks_from_gives_way_to_the_events_place():
    got = events("Officials in Odesa said Russian drones hit a grain terminal in Izmail on Sunday.")
    assert [e["place_name"] for e in got][:1] == ["Izmayil"]
    # (the source's town is the event's where the sentence names no other: local officials, local harm)
    got = events("Officials in Kharkiv said shelling wounded three people on Monday.")
    assert [e["place_name"] for e in got][:1] == ["Kharkiv"]
    # (a town's own official speaks of the town: "of" is no phrase of where the source is)
    got = events("On Sunday, the mayor of Nikopol, a town across the river from Enerhodar, said shelling had "
                 "wounded three people.")
    assert [e["place_name"] for e in got][:1] == ["Nikopol"]
