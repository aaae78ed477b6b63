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


# A later telling of an event the article already told (read/events.py, _retellings): the first
# telling keeps its confidence, the retelling drops under the briefing's floor, and nothing else
# of either event changes. Sentences the team wrote.
RETOLD = {
    # a strike, then the damage it did (the same family of types, the same city)
    "damage": "Russian drones struck Odesa overnight, the regional governor said. The attack damaged a power "
              "substation in Odesa, cutting electricity to thousands of homes.",
    # a heading, then its paragraph
    "heading": "Russian forces shell Kharkiv\n\nRussian forces shelled Kharkiv overnight, damaging houses, the mayor said.",
    # a region, then a town inside it
    "inside": "Russian missiles struck the Kharkiv region overnight, the governor said. Missiles hit a warehouse "
              "in Chuhuiv, he said.",
    # a visit told day by day in one city
    "visit": "The Spanish prime minister arrived in Warsaw on Monday for talks on air defence, his office said. "
             "On Tuesday the prime minister met Poland's president in Warsaw, officials said.",
    # a city, then a district of it
    "district": "Russian missiles struck Kyiv overnight, the mayor said. A missile hit a school in the "
                "Shevchenkivskyi district, he said.",
    # the lead's toll of a town summed up again paragraphs later
    "same toll": "Russian missiles struck Poltava on Monday, killing four people, the governor said.\n\n"
                 "Rescuers searched the ruins through the night. Schools in the city were closed. Buses were "
                 "sent to the district. Volunteers brought water and blankets. The regional council met at noon.\n\n"
                 "The strike on Poltava killed four people, officials said.",
}
NOT_RETOLD = {
    # each strike has a day of its own
    "two days": "Russian missiles struck Zaporizhzhia on Monday, the governor said. Russian missiles struck "
                "Zaporizhzhia again on Tuesday, he said.",
    # the second says it is another event, and names no place
    "separately": "Russian missiles struck Kharkiv on Monday, the governor said. Separately, Russian drones damaged "
                  "a power station in the east on Monday, officials said.",
    # the second names no place and is of another type of the family
    "no place, another type": "Russian missiles struck Kyiv on Monday, the mayor said. Russian drones hit an energy "
                              "facility on Monday, officials said.",
    # the second names a toll of its own
    "new toll": "Russian shelling killed two people in Kherson, officials said. Further shelling of Kherson killed "
                "three more people in the evening, the governor said.",
}


@pytest.mark.parametrize("case", sorted(RETOLD))
def test_a_retelling_drops_under_the_floor_and_the_first_telling_stays(case):
    first, *again = read(RETOLD[case])
    assert again and first["confidence"] >= 0.5
    assert all(e["confidence"] < 0.5 for e in again)


@pytest.mark.parametrize("case", sorted(NOT_RETOLD))
def test_another_day_or_another_toll_is_no_retelling(case):
    got = read(NOT_RETOLD[case])
    assert len(got) == 2 and all(e["confidence"] >= 0.5 for e in got)


def test_a_retelling_changes_only_the_confidence(monkeypatch):
    import livebrief.read.events as events

    demoted = [read(t) for t in RETOLD.values()]
    monkeypatch.setattr(events, "RETOLD_FACTOR", 1.0)
    kept = [read(t) for t in RETOLD.values()]
    assert [[{k: v for k, v in e.items() if k != "confidence"} for e in evs] for evs in demoted] == \
        [[{k: v for k, v in e.items() if k != "confidence"} for e in evs] for evs in kept]
    assert all("retold" not in e for evs in demoted for e in evs)
