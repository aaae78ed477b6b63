"""Reported speech: which clause a speech verb reports and where it ends, and speakers the
parser leaves without a subject. Short texts the team wrote."""
from __future__ import annotations

from livebrief.read.nlp import get_nlp
from livebrief.read.pipeline import read_one


def quotes(text, published="2024-05-02"):
    return read_one(get_nlp(), text, published).quotes


def reported(qs, cue):
    return [q for q in qs if q["kind"] == "indirect" and q["cue"] == cue]


def test_a_clause_before_a_colon_is_the_writers_not_the_speakers():
    qs = quotes("The vote came late on Tuesday: councillors said they were confident the budget would pass.")
    texts = [q["text"] for q in reported(qs, "said")]
    assert any(t.startswith("they were confident the budget would pass") for t in texts), texts
    assert not any("vote came late" in t for t in texts)


def test_a_clause_before_a_semicolon_is_the_writers_not_the_speakers():
    qs = quotes("The deal is fragile; the union says its members will strike again next month.")
    texts = [q["text"] for q in reported(qs, "says")]
    assert any(t.startswith("its members will strike again") for t in texts), texts
    assert not any("fragile" in t for t in texts)


def test_a_clause_after_a_prepositional_phrase_is_reported():
    qs = quotes("Mayor Lena Ortiz said after the hearing she would not sign the zoning bill.")
    [q] = reported(qs, "said")
    assert q["text"] == "she would not sign the zoning bill"
    assert q["speaker"] == "Lena Ortiz"


def test_a_concession_after_a_comma_ends_what_was_reported():
    qs = quotes("The mayor accused the contractor of padding the bill, though an audit found no overcharges.")
    [q] = reported(qs, "accused")
    assert q["text"] == "the contractor of padding the bill"
    qs = quotes("Most farmers said the subsidy came too late, while a few said it saved their harvest.")
    assert reported(qs, "said")[0]["text"] == "the subsidy came too late"


def test_the_speakers_next_verb_is_another_statement():
    qs = quotes("Dana Reyes accused the board of hiding the losses, and promised that she would sue.")
    [q] = reported(qs, "accused")
    assert q["text"] == "the board of hiding the losses"


def test_naming_something_in_quoted_words_reports_the_object_and_its_name():
    qs = quotes("Paul Amsel, the governor, called the toll “a plain robbery.”")
    [q] = reported(qs, "called")
    assert q["text"] == "the toll “a plain robbery.”"
    assert q["speaker"] == "Paul Amsel"
    # the quoted words stay a quotation of their own, as the desk counts them
    assert any(d["kind"] == "direct" and d["text"].startswith("a plain robbery") for d in qs)


def test_a_naming_verb_without_quoted_words_is_no_quotation():
    qs = quotes("Governor Paul Amsel called the new toll a mistake.")
    assert reported(qs, "called") == []


def test_a_participle_after_the_cue_keeps_its_speaker():
    qs = quotes("Ivo Brandt opposed the plan.\n\n"
                "“The numbers do not add up,” said Brandt, explaining that the road would cost twice as much.")
    said = next(q for q in qs if q["kind"] == "direct")
    assert said["speaker"] and said["speaker"].endswith("Brandt")
    assert [q["speaker"] for q in reported(qs, "explaining")] == [said["speaker"]]


def test_a_document_or_a_clip_is_never_the_speaker():
    qs = quotes("The leaked emails show that the mayor knew about the cracks in March.")
    assert [q["speaker"] for q in reported(qs, "show")] == [None]
    qs = quotes("A short clip shows the minister leaving the hall before the vote.")
    assert all(q["speaker"] != "clip" for q in qs)


def test_data_speak_for_the_source_they_come_from():
    qs = quotes("Data from the Harlow Housing Survey show that rents rose by a fifth last year.")
    [q] = reported(qs, "show")
    assert q["speaker"] and q["speaker"].endswith("Harlow Housing Survey")


def test_a_description_of_a_thing_names_no_speaker():
    from livebrief.read.quotes import _no_one

    for thing in ("that comment", "the leaked emails", "the invasion", "an internal report", "a course description"):
        assert _no_one(thing), thing
    for someone in ("senior official", "analysts", "authors of the letter", "the Central Bank", "his lawyer"):
        assert not _no_one(someone), someone


def test_a_noun_of_speech_reports_its_that_clause():
    qs = quotes("Inspectors questioned Mayor Lena Ortiz's claim that the bridge had been repaired in May.")
    [q] = [q for q in qs if q["cue"] == "claim"]
    assert q["text"] == "the bridge had been repaired in May"
    assert q["speaker"] == "Lena Ortiz"
    qs = quotes("The agency repeated its warning that the river would flood the lower town.")
    [q] = [q for q in qs if q["cue"] == "warning"]
    assert q["text"] == "the river would flood the lower town"


def test_a_noun_of_speech_with_a_relative_clause_reports_nothing():
    qs = quotes("The claim that she made on Monday was withdrawn.")
    assert [q for q in qs if q["cue"] == "claim"] == []


def test_his_or_her_claim_is_the_person_named_before():
    qs = quotes("Senator Ana Wolfe spoke on Monday. Her claim that the tax was unfair drew applause.")
    [q] = [q for q in qs if q["cue"] == "claim"]
    assert q["speaker"] == "Ana Wolfe"
