"""The event model: each event's confidence is the probability that an editor would publish it as
read (read/event_model.py); it ranks the events of a text and never removes one. Sentences the
team wrote, published 2023-03-15."""
from __future__ import annotations

import json
from importlib import resources

import pytest

from livebrief.read import event_model as em
from livebrief.read.nlp import get_nlp
from livebrief.read.pipeline import read_one

PUB = "2023-03-15"

REPORT = ("Russian missiles struck an apartment block in Dnipro on Monday, killing 12 people, the regional "
          "governor said. Rescuers searched the rubble through the night. A missile hit the same block again "
          "hours later, officials said.\n\nThe city lies on the Dnipro river and was home to almost a million "
          "people before the war. Residents queued for water on Tuesday. Last month, Russian drones had struck "
          "a power station in the region, officials said previously.")


def read(text):
    return read_one(get_nlp(), text, PUB).events


def test_the_packaged_model_is_small_and_weighs_only_what_the_reader_computes():
    f = resources.files("livebrief.read") / "models" / em.MODEL_FILE
    assert f.is_file() and len(f.read_bytes()) < 20_000
    data = json.loads(f.read_text(encoding="utf-8"))
    assert data["trained_on"] >= 100 and data["cross_validated"]["reliability"]
    # every weight is a feature the reader makes (a family "name=value" where it is one-hot)
    known = {"p_event_logit", "model_agrees", "year_before", "tally_cue", "summary_cue", "since", "hedge",
             "told_before", "percent", "said", "claimed", "quoted", "first_person", "negated", "first_sentence",
             "lead", "body", "position", "short_text", "earlier_same", "near_same", "same_type", "events_before",
             "same_actor", "place", "town", "actor", "harm", "words", "p_type", "context_recent", "context_old",
             "first_paragraph", "opens_paragraph"}
    assert all(k in known or k.split("=")[0] in ("route", "type", "verb", "date", "genre") for k in data["weights"])


def test_every_confidence_is_a_probability_and_the_lead_outranks_what_is_told_after_it():
    got = read(REPORT)
    assert got and all(0.0 < e["confidence"] < 1.0 for e in got)
    lead, *rest = got
    assert lead["place_name"] == "Dnipro" and lead["killed"] == 12
    # the second telling of the strike and last month's strike on the grid rank below the report
    assert rest and all(e["confidence"] < lead["confidence"] for e in rest)
    assert lead["confidence"] >= 0.5


def test_the_confidence_ranks_events_and_removes_none(monkeypatch):
    with_model = [(e["type"], e["start"]) for e in read(REPORT)]
    monkeypatch.setattr(em, "event_model", lambda: None)
    import livebrief.read.events as events

    monkeypatch.setattr(events, "event_model", lambda: None)
    without = read(REPORT)
    assert [(e["type"], e["start"]) for e in without] == with_model
    # (without the event model, the confidence is the sentence model's)
    assert all(0.0 <= e["confidence"] <= 1.0 for e in without)


def test_a_total_to_date_ranks_below_the_news_it_follows():
    text = ("Ukrainian forces recaptured the village of Klishchiivka on Sunday, the general staff said. "
            "Moscow's troops shelled the nearby town of Toretsk on Monday, wounding two men. "
            "Since the start of the war, Russian forces have shelled Toretsk hundreds of times, killing at least "
            "40 civilians in total, local officials say.")
    got = read(text)
    assert got[0]["place_name"] == "Klishchiivka"
    tally = [e for e in got if "in total" in text[e["start"]:e["end"]]]
    assert all(e["confidence"] < got[0]["confidence"] for e in tally)


@pytest.mark.parametrize("sentence,form", [
    ("Russian troops shelled the town on Monday.", "past"),
    ("Russian troops have shelled the town.", "perfect"),
    ("Russian troops had shelled the town before the truce.", "pluperfect"),
    ("Russian troops will shell the town.", "modal"),
    ("Russian troops shell the town every night.", "present"),
    ("The shelling of the town at dawn.", "noun"),
])
def test_the_event_verbs_tense_and_mood(sentence, form):
    doc = get_nlp()(sentence)
    at = next(t.idx for t in doc if t.lower_.startswith("shell"))
    assert em.verb_form(doc, at) == form
