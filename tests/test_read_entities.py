"""Entities: canonical names inside an article, acronyms, label repairs, language, bad input."""
from __future__ import annotations

import pytest

from livebrief.read.entities import named_speaker
from livebrief.read.nlp import get_nlp
from livebrief.read.pipeline import read_one
from livebrief.text import chunks


def ents(text):
    return read_one(get_nlp(), text, "2023-01-01").entities


def test_surname_gets_the_full_name():
    e = ents("Finnish President Sauli Niinisto met reporters in Helsinki. Niinisto said talks went well.")
    persons = {(x["text"], x["canonical"]) for x in e if x["label"] == "PERSON"}
    assert ("Niinisto", "Sauli Niinisto") in persons
    assert ("Sauli Niinisto", "Sauli Niinisto") in persons  # the title is not part of the name


def test_acronym_long_form_maps_to_acronym():
    e = ents("The International Atomic Energy Agency (IAEA) sent inspectors. The IAEA said the plant was stable.")
    orgs = {x["canonical"] for x in e if x["label"] == "ORG"}
    assert "IAEA" in orgs


def test_offsets_point_at_the_text():
    text = "Kremlin spokesman Dmitry Peskov spoke to reporters in Moscow on Monday."
    for x in ents(text):
        assert text[x["start"]:x["end"]] == x["text"]


def test_a_language_without_a_reader_is_skipped_with_the_reason():
    # (Ukrainian and Russian have a reader of their own: tests/test_read_ukru.py)
    r = read_one(get_nlp(), "Die Regierung in Kiew teilte am Montag mit, dass das Stromnetz nach den massiven "
                            "Angriffen wiederhergestellt sei, und bat die Bürger, am Abend Strom zu sparen.", None)
    assert r.language == "de" and r.status.startswith("not English"), r.status
    assert r.quotes == [] and r.entities == []


def test_empty_text_is_a_clear_result():
    r = read_one(get_nlp(), "   ", None)
    assert (r.status, r.entities) == ("empty text", [])


def test_one_megabyte_paragraph_is_read_in_pieces():
    sentence = "Officials said the convoy reached the city on Monday. "
    text = sentence * (1_000_000 // len(sentence))
    pieces = chunks(text)
    assert len(pieces) > 1 and "".join(p for _o, p in pieces) == text
    assert all(len(p) <= 50_000 for _o, p in pieces)


@pytest.mark.parametrize("name,named", [
    ("Volodymyr Zelensky", True), ("The White House", True), ("Russia's defence ministry", True),
    ("the U.K. Ministry of Defence", True), ("Institute for the Study of War", True),
    ("senior official", False), ("Russian strongman", False), ("Ukrainian Deputy Prime Minister", False),
    ("2024 Annual Threat assessment", False), ("same report", False), ("Ukrainian media community", False),
    ("the Minister of Finance", False), ("the National Security Concept of Belarus", False),
])
def test_a_speaker_is_named_or_described(name, named):
    assert named_speaker(name, set()) is named


@pytest.mark.parametrize("name", ["the Minister of Finance", "Pope", "-he", "von der",
                                  "the National Security Concept of Belarus"])
def test_an_entity_of_the_article_may_still_be_no_name(name):
    assert not named_speaker(name, {name})


def test_two_people_with_one_surname_keep_their_own_names():
    e = ents("Maria Ortega opened the clinic in March. Maria Ortega thanked the nurses twice.\n\n"
             "Health Minister Tomas Ortega visited the ward on Friday. Ortega promised more beds.")
    named = [(x["text"], x["canonical"]) for x in e if x["label"] == "PERSON"]
    assert ("Tomas Ortega", "Tomas Ortega") in named      # never the other Ortega's name
    assert ("Ortega", "Tomas Ortega") in named            # the Ortega named just before


@pytest.mark.parametrize("name", ["Experts", "Analysts", "Russians", "Republicans", "Many",
                                  "Operation Bluebird", "the Siege of Eastport"])
def test_groups_and_named_events_are_no_speakers(name):
    assert not named_speaker(name, {name})


def test_one_person_spelt_two_ways_in_one_article_is_one_canonical_name():
    # machine-translated copy mixes transliterations of one surname
    text = ("Defence Minister Oleksii Reznikov visited Odesa on Monday. Later Oleksiy Reznykov said the port "
            "would reopen, and Reznikov thanked the crews.")
    persons = {x["canonical"] for x in ents(text) if x["label"] == "PERSON"}
    assert len(persons) == 1


def test_short_surnames_spelt_alike_stay_two_people():
    text = "Kim Lee met Wei Li in Seoul on Monday. Lee said the talks went well, and Li agreed."
    persons = {x["text"]: x["canonical"] for x in ents(text) if x["label"] == "PERSON"}
    assert "Lee" in persons and "Li" in persons and persons["Lee"] != persons["Li"]
