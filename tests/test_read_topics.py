"""Topics on short articles the team wrote: what makes an article about a topic, and what is only
a passing mention (published 2023-03-15)."""
from __future__ import annotations

import pytest

from livebrief.read.nlp import get_nlp
from livebrief.read.pipeline import read_one

PUB = "2023-03-15"


def topics(text: str) -> list[str]:
    return read_one(get_nlp(), text, PUB).topics


CASES = [
    # one sentence with a pledge and its amount is aid news, whatever else the article says
    ("The Pentagon on Tuesday announced $725 million in military aid for Ukraine. "
     "Officials met their counterparts in Brussels. The talks covered the next summit. "
     "The ministers said the meeting went well. A statement followed in the evening.",
     {"aid", "diplomacy"}, set()),
    # a price cap agreed by the G7 is a sanctions measure: diplomacy
    ("Finance chiefs of the G7 agreed on Friday to a price cap on seaborne crude from Russia. "
     "The cap takes effect in December. Moscow said it would not sell oil under an embargo.",
     {"diplomacy"}, {"aid"}),
    # nuclear weapons and arms control are not military aid
    ("The Kremlin repeated its warning about nuclear weapons on Monday. "
     "Analysts said the last nuclear arms control treaty was in danger. "
     "A revived arms race worried diplomats in Geneva, where talks had stalled.",
     {"diplomacy"}, {"aid"}),
    # mobilisation and annexation belong to the war on the ground
    ("Moscow announced a partial mobilisation of reservists on Wednesday. "
     "Thousands of conscripts were sent to the front line within days. "
     "The Kremlin also moved to annex four occupied regions after staged votes.",
     {"battlefield"}, set()),
    # a tribunal for war crimes is diplomacy (accountability between states) and civilians
    ("Kyiv called for a special tribunal to try the crime of aggression. "
     "Prosecutors at the International Criminal Court opened a case on deported children. "
     "Civilians who fled the shelling gave evidence to investigators.",
     {"diplomacy", "civilians"}, set()),
    # a total to date is background: it does not make the article about aid
    ("Residents of Kharkiv spent a third night without electricity after strikes on the grid. "
     "Children sheltered in metro stations while the shelling went on. "
     "Washington has given $30 billion in security assistance since February 2022.",
     {"civilians"}, {"aid"}),
]


@pytest.mark.parametrize("text,must,must_not", CASES)
def test_topics(text, must, must_not):
    found = set(topics(text))
    assert must <= found, found
    assert not (must_not & found), found


def test_no_topic_on_unrelated_text():
    assert topics("The museum reopened its east wing on Sunday after a year of repairs. "
                  "Visitors queued for the new gallery of medieval maps.") == []
