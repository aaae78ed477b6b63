"""Aid as official and analyst prose reports it: giving verbs, donors named by their state bodies,
leaders and programmes, amounts in every written form, and the Kiel Tracker's categories. The
sentences are the team's own."""
from __future__ import annotations

import pytest

from livebrief.read.nlp import get_nlp
from livebrief.read.pipeline import read_one

PUB = "2023-06-01"


def aid(text):
    return [(a["donor_country"], a["amount"], a["currency"], a["category"]) for a in read_one(get_nlp(), text, PUB).aid]


@pytest.mark.parametrize("text,expected", [
    # giving verbs of official prose, an amount as what is given
    ("Norway contributed 12 million NOK to a fund that repairs Ukraine's power plants.",
     [("NO", 12e6, "NOK", "humanitarian")]),
    ("Portugal has disbursed EUR 3.5 million in budget support to Ukraine.", [("PT", 3.5e6, "EUR", "financial")]),
    ("The Latvian government earmarked 2.4 EUR million for body armour for Ukraine's soldiers.",
     [("LV", 2.4e6, "EUR", "military")]),
    # a state body names its country; a passive gives by its agent
    ("The Government of Ireland will extend 6 million euros in humanitarian assistance to Ukraine.",
     [("IE", 6e6, "EUR", "humanitarian")]),
    ("Forty ambulances worth 3 million EUR were donated to Ukraine by the Belgian government.",
     [("BE", 3e6, "EUR", "humanitarian")]),
    # a bare "$" is the donor's own dollar
    ("Australia will provide $45 million to Ukraine for drones and ammunition.", [("AU", 45e6, "AUD", "military")]),
    # lending through the banks is financial, whatever it pays for
    ("Sweden granted a loan of SEK 800 million to Ukraine through the World Bank to repair bridges.",
     [("SE", 800e6, "SEK", "financial")]),
    # contributions to NATO's fund for Ukraine are military
    ("Estonia contributed 1.5 million EUR to NATO's assistance fund for Ukraine.", [("EE", 1.5e6, "EUR", "military")]),
])
def test_aid_in_official_prose(text, expected):
    assert aid(text) == expected


def test_a_package_named_by_its_programme_has_its_donor():
    assert aid("Ninth presidential drawdown of USD 250 million in artillery rounds for Ukraine.") == [
        ("US", 250e6, "USD", "military")]


def test_the_value_in_the_next_sentence_is_the_packages():
    text = "Denmark announced a new winter package for Ukraine on Monday. The package is worth DKK 90 million."
    assert aid(text) == [("DK", 90e6, "DKK", "humanitarian")]


def test_a_country_named_as_the_country_in_a_reported_clause():
    text = "Greek Prime Minister Kyriakos Mitsotakis said the country would send 20 ambulances to Ukraine."
    assert [a[0] for a in aid(text)] == ["GR"]


@pytest.mark.parametrize("text", [
    "Russia sent more tanks and artillery to the border with Ukraine.",
    "Officials in Kyiv requested that Spain send more air defence systems.",
    "Critics say London should give Ukraine longer-range missiles.",
    "The EU agreed a new package of sanctions against Moscow over the war in Ukraine.",
    "Germany provided the framework for efforts to support Ukraine.",
    "Italy sent 30 generators to Tunisia after the floods.",
    "Washington has declined to send long-range missiles to Ukraine so far.",
    "Officials said Slovakia could send more howitzers to Ukraine if its own stocks allow.",
    "Rome wants to donate the frozen funds to Ukraine, but other members disagree.",
])
def test_what_is_no_aid_to_ukraine(text):
    assert aid(text) == []


def test_a_recipient_named_with_ukraine_is_no_donor():
    assert [a[0] for a in aid("Congress approved $40 billion in aid for Ukraine and Taiwan.")] == ["US"]


def test_no_other_recipient_means_ukraine_in_a_short_note():
    assert aid("Austria donated 8 million euros to the recovery fund.") == [("AT", 8e6, "EUR", "humanitarian")]


def test_an_amount_in_another_clause_is_not_the_gift():
    text = "Poland agreed to send 10 tanks to Ukraine, prompting a Russian businessman to offer 2 million roubles for one."
    assert aid(text) == [("PL", None, None, "military")]


def test_a_clause_of_value_gives_the_amount():
    text = "Canada will donate 40 armoured vehicles to Ukraine, valued at about 90 million CAD."
    assert aid(text) == [("CA", 90e6, "CAD", "military")]


def test_the_sentence_after_a_package_tells_its_category():
    text = "Croatia will send a new package to Ukraine. It holds 15 generators and winter clothing."
    assert aid(text) == [("HR", None, None, "humanitarian")]


def test_a_sentence_that_does_not_name_ukraine_in_a_story_that_does():
    # weapons alone, or another country among what is given, are some other story the article
    # tells; aid and money are Ukraine's
    story = ("Kyiv welcomed the news on Monday. France also moved two frigates to the defence of Cyprus. "
             "Belgium will provide another 20 million EUR in humanitarian aid.")
    assert aid(story) == [("BE", 20e6, "EUR", "humanitarian")]


@pytest.mark.parametrize("text,expected", [
    ("Transfer of 12 M113 APCs from Lithuania to Ukraine.", [("LT", None, None, "military")]),
    ("Belgium made 25 million EUR in grants available to Ukraine's energy operator.",
     [("BE", 25e6, "EUR", "humanitarian")]),
    ("Japan has increased its humanitarian aid to Ukraine by $100 million.", [("JP", 100e6, "USD", "humanitarian")]),
])
def test_more_ways_of_giving(text, expected):
    assert aid(text) == expected


@pytest.mark.parametrize("text", [
    "As Moscow pressed its offensive, the US House of Representatives approved a $61bn package for Ukraine.",
    "The Senate voted on Tuesday to approve $40bn in aid for Ukraine.",
    "Kyiv welcomed the $40bn package for Ukraine passed by the House on Saturday.",
])
def test_one_chambers_vote_is_no_approval(text):
    # the bill goes on to the other chamber and the president; it is no law yet
    assert aid(text) == []


def test_a_legislature_or_a_signature_approves_for_the_country():
    assert aid("Congress approved a $40bn package for Ukraine on Thursday.") == [("US", 40e9, "USD", "unspecified")]
    # the signature is the president's, whatever a chamber did before it
    text = "The Senate passed the bill on Tuesday, and the president signed $40bn in aid for Ukraine into law on Wednesday."
    assert aid(text) == [("US", 40e9, "USD", "unspecified")]
    # (the White House is no chamber)
    assert aid("The White House announced $2 billion in weapons for Ukraine.") == [("US", 2e9, "USD", "military")]


def test_a_minister_named_with_the_title_after_the_name_gives_for_the_country():
    text = "Hanna Virtanen, Finnish defence minister, committed 30 armoured vehicles to Ukraine."
    assert [a[0] for a in aid(text)] == ["FI"]


def test_a_share_of_a_package_and_the_same_figure_twice_are_one_pledge():
    text = ("Norway has announced a new NOK 900 million package for Ukraine. The package will include NOK 300 million "
            "for air defence. Norway will transfer the package, worth NOK 900 million in total, this spring.")
    assert [(a[0], a[1], a[2]) for a in aid(text)] == [("NO", 900e6, "NOK")]


def aid_at(text, published):
    return [(a["donor_country"], a["amount"], a["currency"], a["category"], a["status"])
            for a in read_one(get_nlp(), text, published).aid]


def test_a_gift_whose_giver_the_sentence_leaves_unsaid_is_the_articles_donor():
    text = "The Estonian defence ministry announced new aid for Ukraine. Thirty vans and 400 sleeping bags were delivered on Monday."
    assert [a[0] for a in aid(text)] == ["EE"]
    # the only donor the article names, even after the gift
    assert [a[0] for a in aid("Twelve snowploughs were handed over to Ukraine on Friday. Latvia said more would follow.")] == ["LV"]


def test_the_articles_donor_does_not_stand_for_a_giver_the_sentence_names():
    text = ("Poland agreed to send 10 tanks to Ukraine. Rheinmetall will deliver 20 howitzers to Ukraine next year, "
            "the company said.")
    assert [a[0] for a in aid(text)] == ["PL"]


def test_goods_of_any_kind_handed_to_ukraine_but_not_a_message_or_people():
    assert aid("Spain donated 12 snowploughs to Ukraine.") == [("ES", None, None, "unspecified")]
    assert aid("Germany sent a delegation to Kyiv.") == []
    assert aid("Portugal will send its defence minister to Ukraine next week.") == []


def test_a_region_and_an_agency_give_for_their_country():
    assert [a[0] for a in aid("The Government of Bavaria donated 40 generators to Ukraine.")] == ["DE"]
    assert [a[0] for a in aid("Brussels will provide another EUR 5 billion to Ukraine.")] == ["EU"]


def test_an_amount_shared_with_another_named_recipient_is_not_ukraines():
    assert aid("Congress voted on Tuesday to approve $40bn in aid for Ukraine and Israel.") == [("US", None, None, "unspecified")]
    # Ukraine's share of it is
    assert aid("Congress approved a $40bn bill, including $25bn for Ukraine.") == [("US", 25e9, "USD", "unspecified")]


@pytest.mark.parametrize("text", [
    "The Czech upper house supports giving more humanitarian and financial assistance to Ukraine.",
    "In a situation where the EU transferred the frozen assets to Ukraine, Hungary could object.",
    "The Pentagon has refrained from handing over long-range missiles to Ukraine.",
    "Poland bought 180 tanks from South Korea.",
])
def test_opinions_hypotheticals_refusals_and_purchases_for_oneself_give_nothing(text):
    assert aid(text) == []


def test_support_with_what_it_gives_is_a_gift():
    assert aid("Japan supports Ukraine with USD 30 million for reconstruction.") == [("JP", 30e6, "USD", "humanitarian")]


def test_a_gift_of_several_categories_is_of_none():
    text = "The EU pledged financial, humanitarian and military support to Ukraine on Monday."
    assert [a[3] for a in aid(text)] == ["unspecified"]


@pytest.mark.parametrize("text", [
    "The EU will continue to provide Ukraine with financial, humanitarian and military support.",
    "Speaking in Oslo, the minister said Norway pledged continued economic and military support for Ukraine.",
    "The Danish prime minister flew to Kyiv, promising unwavering support to the Ukrainian president.",
])
def test_support_going_on_as_before_is_no_new_pledge(text):
    assert aid(text) == []


def test_support_going_on_with_a_count_of_its_own_is_a_pledge():
    assert aid("Germany will continue to send 20 howitzers a month to Ukraine.") == [("DE", None, None, "military")]


def test_an_alliances_gift_is_its_members():
    got = read_one(get_nlp(), "NATO will send more air defence systems to Ukraine, the secretary general said.", PUB).aid
    assert [(a["donor"], a["donor_country"], a["category"]) for a in got] == [("NATO allies", None, "military")]


def test_support_that_is_only_another_givers_gift_is_that_givers():
    text = ("Besides the US package, the EU is providing help, including a Slovak-led scheme that will start shipping "
            "Ukraine 50,000 mortar rounds in May.")
    assert [a[0] for a in aid(text)] == ["SK"]


def test_a_past_gift_dated_long_before_the_article_is_background():
    assert aid_at("The US agreed to send 40 Bradleys to Ukraine in March 2023.", "2024-05-02") == []
    assert aid_at("The US agreed to send 40 Bradleys to Ukraine on Monday.", "2024-05-02") == [
        ("US", None, None, "military", "pledged")]


def test_a_superlative_to_date_is_a_new_package_not_a_total():
    text = "The Pentagon announced its largest $2 billion weapons package for Ukraine to date."
    assert read_one(get_nlp(), text, PUB).aid[0]["cumulative"] is False


def test_items_belong_to_the_giving_clause_that_names_them():
    text = ("Latvia handed over Stinger missiles to Ukraine on Monday while 30 tonnes of Spanish medical supplies "
            "had arrived in Lviv.")
    assert [(a["donor_country"], a["items"]) for a in read_one(get_nlp(), text, PUB).aid] == [
        ("LV", ["Stinger"]), ("ES", [])]


def test_a_headline_participle_reads_as_its_own_verb():
    # the root of a verbless headline is its own head: reading it as a participle of another
    # verb went round in circles
    assert aid_at("Britain sending more missiles to Ukraine.", PUB) == [("GB", None, None, "military", "delivered")]


def test_one_thing_given_is_support_as_many_are():
    assert aid("Slovakia donated a field hospital to Ukraine.") == [("SK", None, None, "humanitarian")]


def test_the_value_a_few_sentences_after_the_package_is_its_amount():
    text = ("Ireland announced new support for Ukraine on Tuesday. It will go to families in the east. "
            "Its total value is EUR 12 million.")
    assert aid(text) == [("IE", 12e6, "EUR", "unspecified")]


def test_the_value_after_a_total_to_date_is_the_new_packages():
    text = ("Denmark has given Ukraine DKK 20 billion in military aid so far. "
            "The new package announced on Friday is worth DKK 1.5 billion.")
    got = [(a["donor_country"], a["amount"], a["currency"], a["cumulative"]) for a in read_one(get_nlp(), text, PUB).aid]
    assert ("DK", 1.5e9, "DKK", False) in got


def test_a_gift_with_no_category_of_its_own_takes_the_articles_one_category():
    text = ("Estonia handed over 30 vans to Ukraine on Monday. Tallinn has made such gifts before. "
            "Doctors in Kharkiv will use the vans to carry medicines between hospitals.")
    assert aid(text) == [("EE", None, None, "humanitarian")]


def test_a_share_named_with_its_money_is_not_the_category_of_the_whole():
    text = "Portugal has given EUR 90 million in support to Ukraine so far, including EUR 40 million in military aid."
    assert [a[3] for a in aid(text)] == ["unspecified"]
    # what the package holds, named without money, is its category
    assert [a[3] for a in aid("Portugal will send a EUR 9 million package to Ukraine, which includes ammunition.")] == ["military"]


def test_a_change_in_the_level_of_aid_without_its_figure_is_no_pledge():
    assert aid("On Thursday the president announced a doubling of American economic and military aid to Ukraine.") == []
    assert aid("Sweden will double its humanitarian aid to Ukraine.") == []
    assert aid("Japan has increased its humanitarian aid to Ukraine by $100 million.") == [("JP", 100e6, "USD", "humanitarian")]


def test_a_timelines_present_tense_gift_is_of_the_day_it_falls_under():
    text = ("The offensive began on March 3, 2022.\n\nThe West answers with sanctions.\n\n"
            "Finland decides to ship arms to Ukraine, breaking with its past.")
    assert aid_at(text, "2023-03-01") == []
    # a present-tense gift under no old date is news
    assert aid_at("Finland decides to ship arms to Ukraine, breaking with its past.", "2023-03-01") == [
        ("FI", None, None, "military", "pledged")]


def test_what_a_giver_in_a_relative_clause_gives_is_its_own():
    text = ("Brussels now backs Kyiv in many ways, among them a Czech-led scheme that will start shipping "
            "300,000 rounds of artillery ammunition to Ukraine.")
    got = [(a["donor_country"], a["items"]) for a in read_one(get_nlp(), text, PUB).aid]
    assert ("CZ", ["300,000 rounds"]) in got
    assert ("EU", ["300,000 rounds"]) not in got


def test_a_country_the_model_leaves_untagged_still_gives():
    # the small model tags no entity on "Cyprus" here
    assert aid("Cyprus has transferred armoured vehicles to Ukraine.") == [("CY", None, None, "military")]


def test_an_amount_in_a_countrys_own_currency_is_its_gift_where_no_giver_is_named():
    assert aid("NOK 250 million will be provided to Ukraine's grid operator this winter.") == [
        ("NO", 250e6, "NOK", "humanitarian")]
    # not where the article names a giver, nor for the dollar or the euro
    assert aid("Poland said NOK 250 million will be provided to Ukraine's grid operator.") == []
    assert aid("EUR 250 million will be provided to Ukraine's grid operator this winter.") == []


def test_a_package_told_with_a_copula_is_announced():
    assert aid("The Dutch contribution to Ukraine is EUR 5 million for mine clearance.") == [("NL", 5e6, "EUR", "military")]


def test_the_leaders_of_the_eus_institutions_give_for_the_union():
    assert aid("Ursula von der Leyen announced EUR 50 million in humanitarian aid for Ukraine.") == [
        ("EU", 50e6, "EUR", "humanitarian")]
    assert [a[0] for a in aid("Keir Starmer pledged 3 billion pounds a year in military aid to Ukraine.")] == ["GB"]


def test_support_to_russia_by_its_allies_has_russia_as_recipient():
    def read(text):
        return [(a["donor_country"], a["recipient"], a["category"]) for a in read_one(get_nlp(), text, PUB).aid]
    assert read("Belarus provided fuel to the Russian forces near Kyiv.") == [("BY", "Russia", "unspecified")]
    assert read("Lukashenko, a firm ally of the Kremlin, has been providing military support for the invasion.") == [
        ("BY", "Russia", "military")]
    assert read("North Korea sent millions of artillery shells to Russia last year.") == [("KP", "Russia", "military")]
    # Russia itself gives nobody aid, and an ally's gift to a third country is not the war's
    assert read("Russia sent more tanks and artillery to the border with Ukraine.") == []
    assert read("Iran sent drones to Venezuela.") == []


def test_what_a_qualifying_clause_gives_is_the_noun_it_qualifies():
    assert aid("Kharkiv's hospitals now use the equipment donated by Norway.") == [("NO", None, None, "humanitarian")]


def test_rounds_and_mortars_are_military_goods():
    assert aid("Norway sent 10,000 rounds and four mortars to Ukraine.") == [("NO", None, None, "military")]


def test_making_a_gift_easier_is_no_gift():
    assert aid("The new law is meant to make it easier for Canada to send armoured vehicles to Ukraine.") == []


def test_aid_that_now_totals_an_amount_is_a_total_to_date():
    text = "The support Spain has announced for Ukraine now totals EUR 900 million, the minister said."
    assert [a["cumulative"] for a in read_one(get_nlp(), text, PUB).aid] == [True]


def test_support_qualified_by_a_giving_clause_is_told_of_not_given():
    assert aid("Washington's steady support provided to Ukraine has angered Moscow.") == []


def test_a_participles_giver_is_its_clauses_subject():
    assert aid("Germany stepped up its help on Monday, sending 20 tanks to Ukraine.") == [("DE", None, None, "military")]
    assert aid("Norway helped Kyiv through the winter by sending 40 generators.") == [("NO", None, None, "humanitarian")]


def test_a_gift_to_another_named_recipient_is_not_ukraines():
    assert aid("Washington is getting ready by sending equipment to NATO members near Ukraine.") == []
    # a fund that serves Ukraine is no other recipient
    assert aid("Estonia contributed 1.5 million EUR to NATO's assistance fund for Ukraine.") == [("EE", 1.5e6, "EUR", "military")]


def test_a_participle_after_a_perfect_tells_of_a_delivery():
    text = "Chile has been a steady friend of Kyiv, even providing $7m-worth of defensive equipment."
    assert [(a["donor_country"], a["category"], a["status"]) for a in read_one(get_nlp(), text, PUB).aid] == [
        ("CL", "military", "delivered")]


def test_an_agency_known_by_its_acronym_gives_for_its_country():
    # the parser hangs an acronym it does not know on the verb as a modifier, or leaves it untagged
    assert aid("USAID gave $20 million in food aid to Ukraine.") == [("US", 20e6, "USD", "humanitarian")]
    assert aid("DoD delivered 30 armoured vehicles to Ukraine.") == [("US", None, None, "military")]
    # the Union's humanitarian office gives for the Union
    assert aid("ECHO allocated EUR 85 million in humanitarian aid for Ukraine.") == [("EU", 85e6, "EUR", "humanitarian")]


def test_training_is_support_in_kind():
    assert aid("Norway has announced it would provide training to Ukrainian soldiers.") == [("NO", None, None, "military")]


def test_a_tranche_sent_later_is_a_delivery_of_the_packages_giver():
    # the currency code before the figure is nobody else in the sentence, so the package's giver
    # delivers the tranche
    text = "Canada has pledged CAD 500 million in military aid to Ukraine. A first tranche of CAD 100 million was delivered in March."
    assert [(a["donor_country"], a["amount"], a["status"]) for a in read_one(get_nlp(), text, PUB).aid] == [
        ("CA", 500e6, "pledged"), ("CA", 100e6, "delivered")]


def test_an_amount_in_a_countrys_own_currency_is_not_another_countrys_gift():
    # the country named before is where the aid goes, the kroner are Norway's
    text = ("Refugees from Ukraine have arrived in Moldova by the thousand. "
            "NOK 40 million was provided for their shelter and food.")
    assert [(a["donor_country"], a["amount"]) for a in read_one(get_nlp(), text, PUB).aid] == [("NO", 40e6)]


def test_a_package_named_with_its_giver_inside_another_clause():
    # the giver is in the package's own phrase, after "from" or as its owner; the one who reports it is not
    assert aid("The ministry listed a donation of 20 generators from Finland.") == [("FI", None, None, "humanitarian")]
    assert aid("Officials in Kyiv welcomed the French contribution of EUR 20 million for demining.") == [
        ("FR", 20e6, "EUR", "military")]
    # a package whose contents are unsaid, or one of sanctions, is a mention
    assert aid("The officials discussed a possible package from Germany.") == []
    assert aid("Ministers debated the Dutch package of sanctions against Moscow.") == []


def test_weapons_named_in_general_are_given_in_a_sentence_that_does_not_name_ukraine():
    text = "Ukraine has asked for more help. France will provide weapons, the minister said."
    assert aid(text) == [("FR", None, None, "military")]
    # arms to another country are not Ukraine's
    assert aid("Ukraine has asked for more help. Germany has sent arms to Israel.") == []



def test_a_named_package_is_read_in_its_own_words_only():
    # a package joined to it by "and" or "as well as" is another's, and a package whose contents are
    # unsaid ("aid shipments ran out") is a mention
    text = ("The minister praised recent financial pledges from Norway and Sweden as well as Poland's "
            "delivery of two more Patriot launchers to Ukraine.")
    assert [(a["donor_country"], a["status"]) for a in read_one(get_nlp(), text, PUB).aid] == [("PL", "delivered")]
    assert aid("Months after all Dutch aid shipments ran out, lawmakers argued about the budget.") == []


def test_a_named_packages_value_is_its_own_or_the_sentences_where_no_verb_gives_it():
    assert aid("The report counts a donation of generators from Finland worth EUR 2 million.") == [
        ("FI", 2e6, "EUR", "humanitarian")]


def test_support_to_russia_lends_no_giver_to_a_gift_to_ukraine():
    got = {(r["donor"], r["recipient"]) for r in read_one(get_nlp(), (
        "Latvia sent field kitchens to Ukraine last week. Iran has supplied drones worth $50 million to Russia. "
        "Generators worth €1 million were donated to Ukraine on Monday, the ministry said."), PUB).aid}
    assert ("Iran", "Ukraine") not in got and ("Iran", "Russia") in got


@pytest.mark.parametrize("text,expected", [
    # the source of the news is not what is given
    ("Finland has sent an undisclosed number of assault rifles to Ukraine, according to a statement of its defence ministry.",
     [("FI", None, None, "military")]),
    # what a clause says of the goods does not make them no support
    ("Portugal will hand over to Ukraine six helicopters, which were grounded because of Western sanctions.",
     [("PT", None, None, "military")]),
    # Ukraine's people are the recipient, not another one
    ("Norway will provide flight training for Ukrainians this summer.", [("NO", None, None, "unspecified")]),
])
def test_what_is_given_read_past_what_surrounds_it(text, expected):
    assert aid(text) == expected


def test_the_named_reporter_of_a_gift_with_no_giver_gives_it():
    assert aid("Croatia said on Tuesday that 15 ambulances had been delivered to Ukraine.") == [("HR", None, None, "humanitarian")]
    # only a name as the reporter itself: officials in a country may speak of another's gift
    assert aid("Officials in Poland said that 40 tanks had been delivered to Ukraine.") == []


def test_a_right_to_stay_or_a_message_is_not_support():
    assert aid("Ireland also plans to offer Ukrainians fleeing the war a two-year humanitarian visa.") == []
    assert aid("Belgium sent a message of support to Kyiv.") == []
    # but goods sent with a message are, and goods named by a figure of speech
    assert aid("Austria sent a message of support and 12 generators to Ukraine.") == [("AT", None, None, "humanitarian")]
    text = "On Friday the Pentagon chief announced a whole platform of tanks, armoured vehicles and artillery for Ukraine."
    assert aid(text) == [("US", None, None, "military")]


def test_an_undertaking_to_give_is_its_owners_gift():
    text = "Estonia signed an agreement to provide funding of EUR 15 million to help Ukraine buy fuel."
    assert aid(text) == [("EE", 15e6, "EUR", "unspecified")]
    # another's decision that the subject welcomes is the other's
    assert [a[0] for a in aid("Poland welcomed Germany's decision to send 14 tanks to Ukraine.")] == ["DE"]


def test_an_amount_named_as_a_value_is_the_gifts_in_any_clause():
    text = "Sweden announced it would donate more rifles to Ukraine, bought from a Swedish maker, valued at about 40 SEK million."
    assert aid(text) == [("SE", 40e6, "SEK", "military")]


def test_a_level_raised_to_is_a_total_and_a_change_by_is_new():
    got = read_one(get_nlp(), "Finland increased its aid to Ukraine to EUR 3 billion on Monday.", PUB).aid
    assert [(a["amount"], a["cumulative"]) for a in got] == [(3e9, True)]
    got = read_one(get_nlp(), "Finland will increase its aid to Ukraine by EUR 300 million.", PUB).aid
    assert [(a["amount"], a["cumulative"]) for a in got] == [(3e8, False)]
    # the level may be in another clause; the gift before it stays new
    got = read_one(get_nlp(), "Denmark pledged DKK 400 million to Ukraine, lifting its total to DKK 8 billion.", PUB).aid
    assert [(a["amount"], a["cumulative"]) for a in got] == [(4e8, False)]
