"""Quantities: money with ISO currency, people, equipment, vague amounts, cumulative totals."""
from __future__ import annotations

import pytest

from livebrief.read.quantities import find_quantities


def q(text):
    return [(x.text, x.value, x.unit, x.kind, x.category, x.vague, x.cumulative) for x in find_quantities(text)]


@pytest.mark.parametrize("text,value,unit", [
    ("The U.S. pledged $400 million in aid.", 400e6, "USD"),
    ("Brussels approved €1.2bn for repairs.", 1.2e9, "EUR"),
    ("London added £2.3 billion on Friday.", 2.3e9, "GBP"),
    ("The package is worth 400 million dollars.", 400e6, "USD"),
    ("A further $1.1bn was announced.", 1.1e9, "USD"),
    ("The EU agreed €500m more.", 500e6, "EUR"),
])
def test_money_forms(text, value, unit):
    money = [x for x in q(text) if x[3] == "money"]
    assert [(m[1], m[2]) for m in money] == [(value, unit)]


def test_people_killed_and_wounded():
    got = q("At least 50 people were killed and more than 100 were wounded in the strike.")
    assert [(x[1], x[3], x[4]) for x in got] == [(50, "people", "killed"), (100, "people", "wounded")]


def test_vague_amounts_are_conservative_and_keep_the_phrase():
    got = q("Dozens of civilians were killed and hundreds of residents fled.")
    assert [(x[0], x[1], x[4], x[5]) for x in got] == [("Dozens of civilians", 12, "killed", True),
                                                        ("hundreds of residents", 100, "displaced", True)]


def test_equipment_counts():
    got = q("Washington will send 31 Abrams tanks and 2,000 Javelin missiles.")
    assert [(x[0], x[1], x[3]) for x in got] == [("31 Abrams tanks", 31, "equipment"),
                                                  ("2,000 Javelin missiles", 2000, "equipment")]


def test_cumulative_total_is_flagged():
    got = q("The package brings the total to $1 billion. A new $200 million tranche was approved.")
    assert [(x[1], x[6]) for x in got] == [(1e9, True), (200e6, False)]


def test_people_who_were_not_harmed_are_not_figures():
    assert q("About 20 people attended the briefing.") == []


@pytest.mark.parametrize("text,expected", [
    ("Russian strikes kill 11 people in Zaporizhzhia", [(11, "killed")]),
    ("Drone attack on river port injures 2, governor says", [(2, "wounded")]),
    ("Missile strike kills three and injures 26 in Odesa", [(3, "killed"), (26, "wounded")]),
    ("At least one person killed in overnight shelling of Kherson", [(1, "killed")]),
    ("The death toll in the strike on the apartment block in Dnipro has risen to 45.", [(45, "killed")]),
    ("Death toll rises to 9 after drone attack", [(9, "killed")]),
])
def test_harm_figures_in_headline_forms_and_rising_tolls(text, expected):
    got = [(q.value, q.category) for q in find_quantities(text) if q.kind == "people"]
    assert got == expected


@pytest.mark.parametrize("text,expected", [
    ("Shells fell on the market. A pensioner was killed.", [(1, "killed")]),
    ("The strike hit a bus stop, killing a teenager.", [(1, "killed")]),
    ("One woman died and another man was hurt.", [(1, "killed"), (1, "wounded")]),
    ("The farmer was killed when his tractor hit a mine.", [(1, "killed")]),
    ("An elderly man was wounded, 4 were injured later.", [(1, "wounded"), (4, "wounded")]),
    ("2 rescuers died in the second strike.", [(2, "killed")]),
])
def test_one_person_and_a_figure_that_died(text, expected):
    got = [(q.value, q.category) for q in find_quantities(text) if q.kind == "people"]
    assert got == expected


def test_a_person_as_an_adjective_is_no_figure():
    assert [q for q in find_quantities("A civilian bus was hit, the mayor said.") if q.kind == "people"] == []


def test_a_figure_takes_its_own_predicate_over_a_harm_word_before_it():
    got = [(q.value, q.category) for q in find_quantities("Two soldiers were killed and 5 civilians were injured.")]
    assert got == [(2, "killed"), (5, "wounded")]


def test_the_total_a_new_toll_brings_the_count_to_is_cumulative_not_the_new_toll():
    got = [(q.value, q.cumulative) for q in find_quantities(
        "Three people were killed on Friday, bringing the total to 61 people since the invasion.")]
    assert got == [(3, False), (61, True)]


@pytest.mark.parametrize("text,expected", [
    # the wounded counted as "more" or "others" of the harmed, their verb elided
    ("Officials said one man was killed and three more wounded near Huliaipole.", [(1, "killed"), (3, "wounded")]),
    ("A pensioner died and four others injured when the shell landed.", [(1, "killed"), (4, "wounded")]),
    # a word of harm in the clause before gives way to the figure's own clause
    ("By evening two people had died, and more than fifteen people were on the list of the injured.",
     [(2, "killed"), (15, "wounded")]),
    # a list of the dead keeps the verb before it
    ("The missile killed two soldiers, a policeman, and three civilians in Sumy.",
     [(2, "killed"), (1, "killed"), (3, "killed")]),
])
def test_the_wounded_of_a_second_clause_keep_their_own_category(text, expected):
    assert [(x[1], x[4]) for x in q(text) if x[3] == "people"] == expected
